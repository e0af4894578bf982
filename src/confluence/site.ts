// Site addresses: what people paste becomes an origin; loopback is the only place plain http:// is
// allowed (the local emulator).

import { ConfluenceError } from './errors';
import { l10n } from '../util/l10n';

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
    throw invalidSite(input, (shown) => l10n.t('"{0}" is not a Confluence site address. Enter the address of your Confluence site, for example https://acme.atlassian.net.', shown));
  }
  const url = parseUrlWithDefaultScheme(trimmed);
  if (!url) {
    throw invalidSite(input, (shown) => l10n.t('"{0}" is not a Confluence site address. It is not a valid web address. Use the form https://acme.atlassian.net.', shown));
  }
  if (url.username !== '' || url.password !== '') {
    throw invalidSite(input, (shown) => l10n.t('"{0}" is not a Confluence site address. Remove the user name or password from the address; sign-in details are asked for separately.', shown));
  }
  const host = url.hostname;
  if (url.protocol === 'http:' && !isLoopbackHost(host)) {
    throw invalidSite(input, (shown) => l10n.t('"{0}" is not a Confluence site address. Confluence Cloud sites use https://. Plain http:// is only allowed for a local emulator on localhost.', shown));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidSite(input, (shown) => l10n.t('"{0}" is not a Confluence site address. The scheme {1} is not supported. Use https://.', shown, url.protocol.replace(/:$/, '')));
  }
  if (!isLoopbackHost(host) && !isPlausibleHostName(host)) {
    throw invalidSite(input, (shown) => l10n.t('"{0}" is not a Confluence site address. The host name looks incomplete. Use the full name, for example acme.atlassian.net.', shown));
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

/** `message` gets the input as shown (long ones cut). */
function invalidSite(input: string, message: (shown: string) => string): ConfluenceError {
  const shown = input.length > 80 ? `${input.slice(0, 79)}…` : input;
  return new ConfluenceError('invalidInput', message(shown));
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
