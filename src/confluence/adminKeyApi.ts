// The admin-key REST API (GET|POST|DELETE /wiki/api/v2/admin-key). These calls report what Confluence
// says; they keep no state — the extension's admin-key owner records it, and the client asks that
// owner (adminKeyGate.ts) whether a request carries the header.

import { V2, type ConfluenceApi } from './api';
import { ConfluenceError } from './errors';
import { AdminKeySchema } from './schemas';
import { compact, type AdminKeyStatus, type RequestOptions } from './types';
import { l10n } from '../util/l10n';

const ADMIN_KEY_PATH = `${V2}/admin-key`;

/** The current key, or undefined on 404 ("no key", "not an admin" and "not Premium" look the same). Never POSTs. */
export async function getAdminKey(api: ConfluenceApi, o?: RequestOptions): Promise<AdminKeyStatus | undefined> {
  requireClassic(api);
  try {
    return toStatus(await api.getJson(ADMIN_KEY_PATH, AdminKeySchema, { ...o, useAdminKey: false, notFoundIsNormal: true }));
  } catch (e) {
    if (ConfluenceError.is(e, 'notFound')) { return undefined; }
    throw e;
  }
}

/** Issues (or extends) the key; Confluence audits it and emails content owners, so only on request. */
export async function enableAdminKey(api: ConfluenceApi, durationMinutes: number, o?: RequestOptions): Promise<AdminKeyStatus> {
  if (!Number.isInteger(durationMinutes) || durationMinutes < 1 || durationMinutes > 60) {
    throw new ConfluenceError('invalidInput', l10n.t('The admin key can be enabled for 1 to 60 whole minutes (got {0}).', String(durationMinutes)));
  }
  requireClassic(api);
  return toStatus(await api.sendJson('POST', ADMIN_KEY_PATH, AdminKeySchema, { ...o, body: { durationInMinutes: durationMinutes }, useAdminKey: false, notFoundIsNormal: true }));
}

/** Idempotent on the server (204 even without a key), so it is retried like a GET. */
export async function disableAdminKey(api: ConfluenceApi, o?: RequestOptions): Promise<void> {
  if (!api.classic) { return; }
  await api.call('DELETE', ADMIN_KEY_PATH, { ...o, idempotent: true, useAdminKey: false, notFoundIsNormal: true });
}

function requireClassic(api: ConfluenceApi): void {
  if (!api.classic) {
    throw new ConfluenceError('invalidInput', l10n.t('The admin key needs a classic (unscoped) API token used directly on {0}. This site is connected with a scoped token through api.atlassian.com, where the admin key is not available. Sign in again with a classic API token to use the admin key.',
      api.siteHost));
  }
}

function toStatus(key: { accountId?: string | null; expirationTime: string }): AdminKeyStatus {
  return compact({ accountId: key.accountId ?? undefined, expiresAt: Date.parse(key.expirationTime) });
}
