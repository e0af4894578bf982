// Which proxy, if any, a request to an origin goes through. VS Code's own proxy support does not reach
// undici, so the extension passes `http.proxy` in; otherwise the usual environment variables apply.

import { ConfluenceError } from './errors';
import { l10n } from '../util/l10n';

export type Env = Record<string, string | undefined>;

/** The lower-case variable wins (curl's convention), but an empty one does not hide a set upper-case one. */
function envValue(env: Env, name: string): string | undefined {
  for (const v of [env[name.toLowerCase()], env[name.toUpperCase()]]) {
    if (v !== undefined && v.trim() !== '') { return v.trim(); }
  }
  return undefined;
}

/**
 * The proxy URL for `target`, or undefined for a direct connection. An explicit proxy wins over
 * HTTPS_PROXY/HTTP_PROXY; NO_PROXY applies to both (host names, `.suffix`, `*.suffix`, `host:port`
 * and `*`; CIDR ranges are not supported).
 */
export function resolveProxy(target: URL, explicit: string | undefined, env: Env): URL | undefined {
  const fromEnv = target.protocol === 'https:'
    ? envValue(env, 'https_proxy') ?? envValue(env, 'http_proxy')
    : envValue(env, 'http_proxy');
  const chosen = explicit !== undefined && explicit.trim() !== '' ? explicit.trim() : fromEnv;
  if (chosen === undefined || bypassesProxy(target, envValue(env, 'no_proxy'))) { return undefined; }
  return parseProxyUrl(chosen);
}

export function parseProxyUrl(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    // Never echo the value: a proxy URL may carry a user name and password.
    throw new ConfluenceError('invalidInput', l10n.t('The proxy setting is not a valid http:// or https:// URL. Check "http.proxy" or HTTPS_PROXY.'));
  }
  return url;
}

export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (noProxy === undefined) { return false; }
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy.split(/[\s,]+/).filter((e) => e !== '').some((entry) => matchesNoProxyEntry(host, port, entry.toLowerCase()));
}

function matchesNoProxyEntry(host: string, port: string, entry: string): boolean {
  if (entry === '*') { return true; }
  let name = entry;
  let entryPort: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  const hostPort = /^([^:]+):(\d+)$/.exec(entry);
  if (bracketed) {
    name = bracketed[1] ?? '';
    entryPort = bracketed[2];
  } else if (hostPort) {
    name = hostPort[1] ?? '';
    entryPort = hostPort[2];
  }
  if (entryPort !== undefined && entryPort !== port) { return false; }
  name = name.replace(/^\*?\./, '');
  return host === name || host.endsWith(`.${name}`);
}
