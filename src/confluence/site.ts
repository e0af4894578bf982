// Sites and credentials: what people paste becomes an origin, and email + token become a connection
// that knows whether it talks to the site directly (classic token) or through the gateway (scoped).

import { ConfluenceClient } from './client';
import { ConfluenceError } from './errors';
import { decodeJson, HttpTransport, type HttpOptions } from './http';
import * as z from 'zod/mini';
import { parseBody } from './schemas';

export type TokenKind = 'classic' | 'scoped';
export interface Account { accountId: string; displayName: string; email?: string }
export interface SiteConnection {
  /** Where people browse (webui links), e.g. https://acme.atlassian.net. */
  siteOrigin: string;
  /** classic: siteOrigin; scoped: `${gatewayOrigin}/ex/confluence/${cloudId}`. */
  apiBase: string;
  tokenKind: TokenKind;
  cloudId?: string;
}
export interface Credentials { email: string; token: string }

export const DEFAULT_GATEWAY_ORIGIN = 'https://api.atlassian.com';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Turns what people paste (a page URL, a URL ending in /wiki, a bare host name) into a site origin.
 * A missing scheme means https, except for loopback hosts, where it means http because the only thing
 * served there is the local emulator. http:// is refused for anything but loopback.
 */
export function normaliseSiteUrl(input: string): string {
  const trimmed = input.trim();
  if (trimmed === '') {
    throw invalidSite(input, 'Enter the address of your Confluence site, for example https://acme.atlassian.net.');
  }
  const url = parseUrlWithDefaultScheme(trimmed);
  if (!url) {
    throw invalidSite(input, 'It is not a valid web address. Use the form https://acme.atlassian.net.');
  }
  if (url.username !== '' || url.password !== '') {
    throw invalidSite(input, 'Remove the user name or password from the address; sign-in details are asked for separately.');
  }
  const host = url.hostname;
  if (url.protocol === 'http:' && !isLoopbackHost(host)) {
    throw invalidSite(input, 'Confluence Cloud sites use https://. Plain http:// is only allowed for a local emulator on localhost.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidSite(input, `The scheme ${url.protocol.replace(/:$/, '')} is not supported. Use https://.`);
  }
  if (!isLoopbackHost(host) && !isPlausibleHostName(host)) {
    throw invalidSite(input, 'The host name looks incomplete. Use the full name, for example acme.atlassian.net.');
  }
  return url.origin;
}

function parseUrlWithDefaultScheme(text: string): URL | undefined {
  if (/\s/.test(text)) { return undefined; }
  const withScheme = SCHEME.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (!SCHEME.test(text) && isLoopbackHost(url.hostname)) {
    url = new URL(`http://${text}`);
  }
  return url.hostname === '' ? undefined : url;
}

function isPlausibleHostName(host: string): boolean {
  // Needs at least one dot and only host-name characters; URL() already lower-cased and punycoded it.
  return /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(host.replace(/\.$/, ''));
}

function invalidSite(input: string, advice: string): ConfluenceError {
  const shown = input.length > 80 ? `${input.slice(0, 79)}…` : input;
  return new ConfluenceError('invalidInput', `"${shown}" is not a Confluence site address. ${advice}`);
}

/** True for localhost, 127.0.0.0/8 and ::1 (with or without brackets). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') { return true; }
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((octet) => Number(octet) <= 255);
}

/** The gateway to use for a site: api.atlassian.com, or the site itself for a loopback emulator. */
export function gatewayOriginFor(siteOrigin: string, explicit?: string): string {
  if (explicit !== undefined) { return normaliseSiteUrl(explicit); }
  return isLoopbackHost(new URL(siteOrigin).hostname) ? siteOrigin : DEFAULT_GATEWAY_ORIGIN;
}

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
    if (ConfluenceError.is(e, 'unauthorized')) {
      throw new ConfluenceError('unauthorized', `Confluence rejected the email or API token for ${new URL(siteOrigin).host} (401), `
        + 'both as a classic token on the site and as a scoped token through the Atlassian API gateway. '
        + 'Check the email and token or create a new one at id.atlassian.com, then sign in again.',
      { status: 401, method: 'GET', path: '/wiki/rest/api/user/current' });
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
    throw new ConfluenceError('unauthorized', `Confluence rejected the email or API token for ${siteHost} (401). `
      + 'Check the token or create a new one at id.atlassian.com, then sign in again.',
    { status: 401, method: 'GET', path: '/wiki/rest/api/user/current' });
  } finally {
    await transport.dispose();
  }
  return parseBody(TenantInfoSchema, raw, { method: 'GET', path: '/_edge/tenant_info' }).cloudId;
}
