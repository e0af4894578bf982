// Cursor pagination. Confluence hands out the next page as a relative URL beginning with /wiki (v2) or
// /rest (v1 search), in `_links.next` and in the `Link` header. Two published client bugs shape this
// code: joining the link onto a base that already ends in /wiki (→ /wiki/wiki, 404), and forgetting to
// re-prefix the gateway path for scoped tokens. So links are resolved against the API base, with URL.

import { ConfluenceError } from './errors';
import { l10n } from '../util/l10n';

export const PAGE_LIMIT = 250;

/** The rel="next" target of a `Link` header, if any. */
export function nextFromLinkHeader(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value.join(', ') : value;
  if (!text) { return undefined; }
  for (const match of text.matchAll(/<([^>]*)>([^,<]*)/g)) {
    const rels = (match[2] ?? '').split(';')
      .map((param) => /^\s*rel\s*=\s*"?([^"]*)"?\s*$/i.exec(param)?.[1])
      .filter((rel): rel is string => rel !== undefined)
      .flatMap((rel) => rel.toLowerCase().split(/\s+/));
    if (rels.includes('next')) { return match[1]; }
  }
  return undefined;
}

/**
 * Resolves a next link into an absolute URL on the API base. `apiBase` is the site origin (classic) or
 * `https://api.atlassian.com/ex/confluence/{cloudId}` (scoped); neither ends in /wiki.
 */
export function resolveNextUrl(next: string, apiBase: string, siteOrigin: string, current: URL): URL {
  const base = new URL(apiBase);
  const prefix = base.pathname.replace(/\/$/, '');
  let target: URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(next) || next.startsWith('//')) {
    // A protocol-relative link ("//host/…") takes the API's scheme; anything unparsable is the server's fault.
    const parsed = URL.canParse(next, base.href) ? new URL(next, base) : undefined;
    if (!parsed) {
      throw new ConfluenceError('invalidResponse', l10n.t('Confluence sent a "next page" link that is not a URL ({0}); the listing stops here.', next.slice(0, 80)));
    }
    target = parsed;
    if (target.origin === siteOrigin && target.origin !== base.origin) {
      // An absolute link on the site while we talk to the gateway: keep the path, change the origin.
      target = new URL(`${apiBase}${target.pathname}${target.search}`);
    } else if (target.origin !== base.origin) {
      throw new ConfluenceError('invalidResponse', l10n.t('Confluence sent a "next page" link to another site ({0}); the listing stops here.', target.host));
    }
  } else if (next.startsWith('/')) {
    target = new URL(`${base.origin}${absolutePath(next, prefix)}`);
  } else {
    target = new URL(next, current);
  }
  if (prefix !== '' && !target.pathname.startsWith(`${prefix}/`)) {
    target = new URL(`${base.origin}${prefix}${target.pathname}${target.search}`);
  }
  if (!target.searchParams.has('limit')) { target.searchParams.set('limit', String(PAGE_LIMIT)); }
  return target;
}

function absolutePath(next: string, prefix: string): string {
  if (prefix !== '' && next.startsWith(`${prefix}/`)) { return next; }
  // v1 links are relative to the /wiki context ("/rest/api/search?..."); v2 links already include it.
  const wikiPath = next.startsWith('/wiki/') || next === '/wiki' || next.startsWith('/_edge/') ? next : `/wiki${next}`;
  return `${prefix}${wikiPath}`;
}
