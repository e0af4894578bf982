// Pure parsing of what people paste into `Confluence: Open Page…`, and the reverse (web links for a
// page). Never imports 'vscode'.
//
// Accepted:
//   https://acme.atlassian.net/wiki/spaces/ENG/pages/65540/Release+notes    (and without the title)
//   /wiki/spaces/ENG/pages/edit-v2/65540                                      (editor links)
//   https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=65540        (classic links)
//   https://acme.atlassian.net/wiki/x/BAAB                                    (tiny links, decoded locally)
//   https://acme.atlassian.net/wiki/display/ENG/Release+notes                 (title links: caller searches)
//   confluence://acme.atlassian.net/ENG/65540/Release%20notes.confluence.html (our own URIs)
//   65540                                                                     (a bare page id)

import { authorityForOrigin, isPageId, parsePageUriString, PageUriError } from './pageUri';
import { l10n } from '../util/l10n';

export type PageLink =
  /** The page id is known. */
  | { kind: 'page'; pageId: string; siteOrigin?: string; host?: string; spaceKey?: string }
  /** A legacy `/display/KEY/Title` link: the caller must look the title up (CQL) in that space. */
  | { kind: 'title'; spaceKey: string; title: string; siteOrigin?: string; host?: string };

export type PageLinkResult = { ok: true; link: PageLink } | { ok: false; error: string };

const TINY_CODE = /^[A-Za-z0-9_-]{1,11}$/;

/**
 * Decodes a Confluence tiny-link code (`/wiki/x/<code>`) to the page id. The code is the page id as
 * 8 little-endian bytes, base64-encoded with `/`→`-` and `+`→`_`, with `=` padding and trailing `A`s
 * (zero bits) removed. Returns undefined when the code is not one.
 */
export function decodeTinyCode(code: string): string | undefined {
  if (!TINY_CODE.test(code)) { return undefined; }
  const b64 = code.replace(/-/g, '/').replace(/_/g, '+').padEnd(11, 'A');
  const bits = [...b64].map(c => BASE64.indexOf(c));
  // 11 characters carry 66 bits; the id is the first 64 of them, least significant byte first.
  let bitString = '';
  for (const v of bits) {
    if (v < 0) { return undefined; }
    bitString += v.toString(2).padStart(6, '0');
  }
  let id = 0n;
  for (let byte = 7; byte >= 0; byte--) {
    id = (id << 8n) | BigInt(parseInt(bitString.slice(byte * 8, byte * 8 + 8), 2));
  }
  const text = id.toString();
  return isPageId(text) ? text : undefined;
}

/** The tiny-link code for a page id (the inverse of decodeTinyCode). */
export function encodeTinyCode(pageId: string): string {
  if (!isPageId(pageId)) { throw new RangeError(`Not a page id: ${pageId}`); }
  let id = BigInt(pageId);
  let bitString = '';
  for (let i = 0; i < 8; i++) {
    bitString += Number(id & 0xffn).toString(2).padStart(8, '0');
    id >>= 8n;
  }
  bitString = bitString.padEnd(66, '0');
  let out = '';
  for (let i = 0; i < 66; i += 6) {
    out += BASE64[parseInt(bitString.slice(i, i + 6), 2)] ?? '';
  }
  return out.replace(/A+$/, '').replace(/\//g, '-').replace(/\+/g, '_');
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Parses a pasted link or id. Never throws; errors are sentences to show as they are. */
export function parsePageLink(input: string): PageLinkResult {
  let text = input.trim();
  // People paste from chat and Markdown: <url>, "url", 'url', (url).
  const wrapped = /^[<"'(](.*)[>"')]$/s.exec(text);
  if (wrapped && wrapped[1] !== undefined) { text = wrapped[1].trim(); }
  if (text === '') { return fail(l10n.t('Paste a Confluence page link or a page id.')); }
  if (/^[0-9]+$/.test(text)) {
    return isPageId(text) ? ok({ kind: 'page', pageId: text }) : fail(l10n.t('{0} is not a valid page id.', text));
  }
  if (/^confluence:/i.test(text)) {
    try {
      const loc = parsePageUriString(text);
      return ok({ kind: 'page', pageId: loc.pageId, host: loc.host, ...(loc.spaceKey ? { spaceKey: loc.spaceKey } : {}) });
    } catch (e) {
      return fail(e instanceof PageUriError ? e.message : l10n.t('Not a valid confluence: URI.'));
    }
  }
  let url: URL;
  let site: { siteOrigin: string; host: string } | undefined;
  try {
    if (/^https?:\/\//i.test(text)) {
      url = new URL(text);
      site = { siteOrigin: url.origin, host: authorityForOrigin(url.origin) };
    } else if (text.startsWith('/')) {
      url = new URL(text, 'https://site.invalid');
    } else if (/^[a-z0-9.-]+\.[a-z]{2,}(:[0-9]+)?\//i.test(text)) {
      // "acme.atlassian.net/wiki/..." without a scheme.
      url = new URL(`https://${text}`);
      site = { siteOrigin: url.origin, host: authorityForOrigin(url.origin) };
    } else {
      return fail(l10n.t('"{0}" is neither a Confluence link nor a page id.', shorten(text)));
    }
  } catch {
    return fail(l10n.t('"{0}" is not a valid link.', shorten(text)));
  }
  const link = linkFromUrl(url);
  if (typeof link === 'string') { return fail(link); }
  return ok(site ? { ...link, ...site } : link);
}

function linkFromUrl(url: URL): PageLink | string {
  let segments: string[];
  try {
    segments = url.pathname.split('/').filter(s => s !== '').map(s => decodeURIComponent(s.replace(/\+/g, ' ')));
  } catch {
    return l10n.t('The link has malformed percent-encoding.');
  }
  // Confluence Cloud serves everything under /wiki; accept links without it too.
  if (segments[0] === 'wiki') { segments = segments.slice(1); }
  const [first, second, third, fourth, fifth] = segments;

  const pageIdParam = url.searchParams.get('pageId');
  if (pageIdParam !== null) {
    return isPageId(pageIdParam) ? { kind: 'page', pageId: pageIdParam } : l10n.t('pageId={0} is not a valid page id.', shorten(pageIdParam));
  }
  if (first === 'x' && second !== undefined) {
    const id = decodeTinyCode(second);
    return id !== undefined ? { kind: 'page', pageId: id } : l10n.t('"{0}" is not a valid tiny-link code.', shorten(second));
  }
  if (first === 'spaces' && second !== undefined) {
    if (third === 'pages') {
      // /spaces/KEY/pages/123[/Title] and /spaces/KEY/pages/edit-v2/123 (also edit, edit-embed).
      const id = fourth !== undefined && /^edit/.test(fourth) ? fifth : fourth;
      if (id !== undefined && isPageId(id)) { return { kind: 'page', pageId: id, spaceKey: second }; }
      return l10n.t('The link names a space but no page id. Open the page in the browser and copy its address.');
    }
    if (third === 'blog') {
      return l10n.t('That is a blog post; only pages can be opened.');
    }
    return l10n.t('That link points to space {0}, not to a page. Open a page in the browser and copy its address.', second);
  }
  if (first === 'display' && second !== undefined && third !== undefined) {
    return { kind: 'title', spaceKey: second, title: third };
  }
  return l10n.t('That link is not a Confluence page link. Copy the address of the page from the browser, or paste its page id.');
}

/** The browser address of a page. Confluence redirects to the current title, so the title is optional. */
export function pageWebUrl(siteOrigin: string, page: { pageId: string; spaceKey?: string }): string {
  const origin = siteOrigin.replace(/\/+$/, '');
  return page.spaceKey
    ? `${origin}/wiki/spaces/${encodeURIComponent(page.spaceKey)}/pages/${page.pageId}`
    : `${origin}/wiki/pages/viewpage.action?pageId=${page.pageId}`;
}

/** The tiny link of a page (what Confluence's "Copy link" gives). */
export function pageTinyUrl(siteOrigin: string, pageId: string): string {
  return `${siteOrigin.replace(/\/+$/, '')}/wiki/x/${encodeTinyCode(pageId)}`;
}

function ok(link: PageLink): PageLinkResult {
  return { ok: true, link };
}

function fail(error: string): PageLinkResult {
  return { ok: false, error };
}

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

/** The space key in a page's web link (`…/wiki/spaces/KEY/pages/123/…`), if it has one. */
export function spaceKeyFromWebUrl(webUrl: string | undefined): string | undefined {
  const m = webUrl ? /\/spaces\/([^/?#]+)\/pages\//.exec(webUrl) : null;
  if (!m?.[1]) { return undefined; }
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
}
