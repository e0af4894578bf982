// Who the credentials belong to, and whether that account administers Confluence.

import * as z from 'zod/mini';
import { V1, V2, type ConfluenceApi } from './api';
import { ConfluenceError } from './errors';
import { CurrentUserSchema } from './schemas';
import type { Account, RequestOptions } from './types';
import { l10n } from '../util/l10n';

const CURRENT_USER = `${V1}/user/current`;

export async function currentUser(api: ConfluenceApi, o?: RequestOptions): Promise<Account> {
  const user = await api.getJson(CURRENT_USER, CurrentUserSchema, o);
  return {
    accountId: user.accountId,
    displayName: user.displayName ?? user.publicName ?? user.accountId,
    ...(user.email ? { email: user.email } : {}),
  };
}

/**
 * Whether the account administers Confluence ("administer" on the application), from
 * user/current?expand=operations. Only such accounts can hold an admin key (on Premium/Enterprise),
 * so the status bar can say "not available" without probing the admin-key API. Throws
 * invalidResponse when the server does not list operations, so callers can fall back to "unknown".
 */
export async function isConfluenceAdmin(api: ConfluenceApi, o?: RequestOptions): Promise<boolean> {
  const user = await api.getJson(CURRENT_USER, CurrentUserSchema, { ...o, query: { expand: 'operations' }, useAdminKey: false });
  if (!user.operations) {
    throw new ConfluenceError('invalidResponse', l10n.t('Confluence on {0} did not list the account\'s permitted operations, so admin status is unknown.', api.siteHost),
      { method: 'GET', path: CURRENT_USER });
  }
  return user.operations.some((op) => op.operation === 'administer' && op.targetType === 'application');
}

const UsersBulkSchema = z.object({ results: z.array(z.object({ accountId: z.string(), displayName: z.nullish(z.string()), publicName: z.nullish(z.string()) })) });

/** Display names for account ids (one request for up to 250); ids Confluence does not know are left out. */
export async function displayNames(api: ConfluenceApi, accountIds: readonly string[], o?: RequestOptions): Promise<Map<string, string>> {
  const ids = [...new Set(accountIds)].slice(0, 250);
  const names = new Map<string, string>();
  if (ids.length === 0) { return names; }
  const body = await api.sendJson('POST', `${V2}/users-bulk`, UsersBulkSchema, { ...o, body: { accountIds: ids }, idempotent: true });
  for (const u of body.results) {
    const name = u.displayName ?? u.publicName;
    if (name) { names.set(u.accountId, name); }
  }
  return names;
}
