// Sign-in: email + token become a connection that knows whether it talks to the site directly
// (classic token) or through the Atlassian API gateway (scoped token).

import * as z from 'zod/mini';
import { ConfluenceClient } from './client';
import { API_TOKENS_URL, ConfluenceError, credentialsRejectedError } from './errors';
import { decodeJson, HttpTransport, type HttpOptions } from './http';
import { parseBody } from './schemas';
import { gatewayOriginFor, normaliseSiteUrl } from './site';
import type { Account, Credentials, SiteConnection } from './types';
import { l10n } from '../util/l10n';

const TenantInfoSchema = z.object({ cloudId: z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/)) });

/**
 * Finds out which kind of token the person has. A classic token works on the site URL; a scoped token
 * is refused there (401) and must go through the gateway with the site's cloudId. Credentials are
 * passed in by the caller and never read from anywhere else.
 */
export async function detectConnection(siteInput: string, credentials: Credentials, http: HttpOptions,
  opts: { gatewayOrigin?: string; signal?: AbortSignal } = {}): Promise<{ connection: SiteConnection; account: Account }> {
  const siteOrigin = normaliseSiteUrl(siteInput);
  const gatewayOrigin = gatewayOriginFor(siteOrigin, opts.gatewayOrigin);
  const ro = opts.signal ? { signal: opts.signal } : {};
  const classic: SiteConnection = { siteOrigin, apiBase: siteOrigin, tokenKind: 'classic' };
  const siteClient = new ConfluenceClient({ connection: classic, credentials, http });
  let cloudId: string;
  try {
    try {
      return { connection: classic, account: await siteClient.currentUser(ro) };
    } catch (e) {
      if (!ConfluenceError.is(e, 'unauthorized')) { throw e; }
    }
    // A 401 on the site may be a scoped token; only the gateway can tell.
    cloudId = await lookUpCloudId(siteOrigin, http, ro);
  } finally {
    await siteClient.dispose();
  }
  const scoped: SiteConnection = { siteOrigin, apiBase: `${gatewayOrigin}/ex/confluence/${cloudId}`, tokenKind: 'scoped', cloudId };
  const gatewayClient = new ConfluenceClient({ connection: scoped, credentials, http });
  try {
    return { connection: scoped, account: await gatewayClient.currentUser(ro) };
  } catch (e) {
    // A scoped token the gateway recognised but that lacks a scope is not a bad token: say which scope.
    if (ConfluenceError.is(e, 'unauthorized') && e.reason !== 'scope') {
      throw new ConfluenceError('unauthorized', l10n.t('Confluence rejected the email or API token for {0} (401), both as a classic token on the site and as a scoped token through the Atlassian API gateway. Check the email; API tokens expire after at most a year and can be revoked, so create a new one at {1}, then sign in again.',
        new URL(siteOrigin).host, API_TOKENS_URL),
      { status: 401, method: 'GET', path: '/wiki/rest/api/user/current', reason: 'rejected' });
    }
    throw e;
  } finally {
    await gatewayClient.dispose();
  }
}

/** GET /_edge/tenant_info, unauthenticated: nothing secret goes to this request. */
async function lookUpCloudId(siteOrigin: string, http: HttpOptions, ro: { signal?: AbortSignal }): Promise<string> {
  const siteHost = new URL(siteOrigin).host;
  const transport = new HttpTransport({ http, apiOrigin: siteOrigin, siteHost });
  const url = new URL(`${siteOrigin}/_edge/tenant_info`);
  let raw: unknown;
  try {
    const res = await transport.send({ method: 'GET', url, auth: false, ...ro });
    raw = decodeJson(res, 'GET', transport, siteHost);
  } catch (e) {
    if (ConfluenceError.is(e, 'cancelled') || ConfluenceError.is(e, 'network') || ConfluenceError.is(e, 'timeout')) { throw e; }
    // No tenant info means this is not a Cloud site we can reach through the gateway, so the first
    // answer stands: the token was rejected.
    throw credentialsRejectedError(siteHost, { status: 401, method: 'GET', path: '/wiki/rest/api/user/current' });
  } finally {
    await transport.dispose();
  }
  return parseBody(TenantInfoSchema, raw, { method: 'GET', path: '/_edge/tenant_info' }).cloudId;
}
