// Pure codec between `confluence:` URIs and the page they name.
//
//   confluence://acme.atlassian.net/ENG/65540/Release%20Notes.confluence.html
//   confluence://127.0.0.1:41234/ENG/65540/Release%20Notes.confluence.html?version=7   (read-only view of v7)
//   confluence://acme.atlassian.net/ENG/65540/Release%20Notes.md                       (the page as Markdown)
//
// - authority: the site's host, with the port when it is not the scheme default (loopback emulator);
// - first segment: the space key (decoration, or `_` when unknown);
// - second segment: the page id — the only segment that decides which page a URI names, so a URI keeps
//   working after the page is renamed;
// - last segment: a file name made from the title (decoration; it gives the editor tab its label) with
//   the suffix `.confluence.html` (storage format) or `.md` (the Markdown view). The storage suffix maps
//   the document to our own language id (package.json) so a language-scoped `files.autoSave: off`
//   default can apply to Confluence pages only, while the grammar still highlights it as HTML; `.md`
//   gives VS Code's own Markdown support (outline, folding, preview).
//
// This module never imports 'vscode': it works on the decoded components that vscode.Uri exposes
// (`authority`, `path`, `query`) and on plain strings.

import { l10n } from '../util/l10n';

export const CONFLUENCE_SCHEME = 'confluence';
export const PAGE_FILE_SUFFIX = '.confluence.html';
export const MARKDOWN_FILE_SUFFIX = '.md';
export type PageFormat = 'storage' | 'markdown';
/** Segment used when a page's space key is not known (it is decoration; the page id decides). */
export const UNKNOWN_SPACE_SEGMENT = '_';
/** Bound for the title part of a file name, in UTF-16 code units and in UTF-8 bytes. */
export const MAX_TITLE_CHARS = 100;
export const MAX_TITLE_BYTES = 200;
/** Whole file names never exceed this (title part + ellipsis + suffix). */
export const MAX_FILE_NAME_CHARS = 120;

export interface PageLocation {
  /** Site host as in the URI authority: lower case, with `:port` when not the default port. */
  host: string;
  pageId: string;
  spaceKey?: string;
  /** Only for building; parsing does not return the title (the file name is decoration). */
  title?: string;
  /** A specific (read-only) version; absent for the live page. */
  version?: number;
  /** How the page is shown: storage (default) or Markdown. */
  format?: PageFormat;
}

/** The decoded components of a URI, as vscode.Uri exposes them. */
export interface UriParts {
  scheme?: string;
  authority: string;
  path: string;
  query: string;
}

export class PageUriError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PageUriError';
  }
}

const PAGE_ID = /^[1-9][0-9]{0,18}$/;
const SPACE_KEY = /^[~A-Za-z0-9_.:-]{1,255}$/;
const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const IPV6_HOST = /^\[[0-9a-f:.]+\]$/;

/** True when `id` looks like a Confluence content id (positive int64 in decimal, no leading zero). */
export function isPageId(id: string): boolean {
  if (!PAGE_ID.test(id)) { return false; }
  return id.length < 19 || BigInt(id) <= 9223372036854775807n;
}

/** The URI authority for a site origin, e.g. 'https://Acme.atlassian.net' -> 'acme.atlassian.net'. */
export function authorityForOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new PageUriError(l10n.t('Not a site address: {0}', JSON.stringify(origin)));
  }
  // URL.host already drops the scheme's default port and lower-cases the name.
  return normaliseAuthority(url.host);
}

/** Validates and lower-cases `host[:port]`; throws PageUriError when it is not one. */
export function normaliseAuthority(authority: string): string {
  const lower = authority.toLowerCase();
  let host = lower;
  let port: string | undefined;
  const m = /^(.*?)(?::([0-9]{1,5}))?$/.exec(lower);
  if (m && m[2] !== undefined && !(m[1] ?? '').endsWith(':')) {
    host = m[1] ?? '';
    port = m[2];
  }
  if (host.length === 0 || host.length > 253 || !(HOST_NAME.test(host) || IPV6_HOST.test(host))) {
    throw new PageUriError(l10n.t('Not a site host: {0}', JSON.stringify(authority)));
  }
  if (port !== undefined) {
    const n = Number(port);
    if (n < 1 || n > 65535) { throw new PageUriError(l10n.t('Not a valid port in {0}', JSON.stringify(authority))); }
    return `${host}:${n}`;
  }
  return host;
}

/** A stable key for caches: one per page per site, whatever the title segment says. */
export function pageKey(host: string, pageId: string): string {
  return `${host}/${pageId}`;
}

// --- file names ------------------------------------------------------------------------------

// Bidi controls are removed so a title cannot make the tab or a dialog display a different name than
// the real one (the U+202E "txt.exe" trick). They are all in \p{Cf}, removed below; ZWJ/ZWNJ are kept
// because emoji sequences and several scripts need them, and so are the tag characters used by
// subdivision flags.
const FORMAT_CHARS = /[\p{Cf}]/gu;
const KEEP_FORMAT = new Set([0x200c, 0x200d]);
const CONTROL_OR_SPACE = /[\p{Cc}\p{Zl}\p{Zp}\s]+/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SLASHES = /[/\\]/g;
// Characters Windows refuses in file names, replaced so "Save As…" to a local disk still works.
const WINDOWS_RESERVED_CHARS = /[<>:"|?*]/g;
const WINDOWS_RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

function isKeptFormatChar(cp: number): boolean {
  return KEEP_FORMAT.has(cp) || (cp >= 0xe0020 && cp <= 0xe007f);
}

/**
 * The title part of a page's file name: safe on every OS, free of controls and bidi overrides,
 * at most MAX_TITLE_CHARS code units and MAX_TITLE_BYTES UTF-8 bytes, cut between graphemes
 * (an emoji or a letter with its accents is never split), and never empty, `.` or `..`.
 */
export function safeTitle(title: string): string {
  let s = title.replace(LONE_SURROGATE, '\uFFFD').normalize('NFC');
  s = s.replace(FORMAT_CHARS, ch => (isKeptFormatChar(ch.codePointAt(0) ?? 0) ? ch : ''));
  s = s.replace(CONTROL_OR_SPACE, ' ');
  s = s.replace(SLASHES, '-').replace(WINDOWS_RESERVED_CHARS, '_');
  s = trimEnds(s);
  s = truncateGraphemes(s, MAX_TITLE_CHARS, MAX_TITLE_BYTES);
  if (s.length === 0) { return 'Untitled'; }
  // Windows treats "CON.anything" as the device, so the part before the first dot matters.
  const dot = s.indexOf('.');
  const stem = dot < 0 ? s : s.slice(0, dot);
  if (WINDOWS_RESERVED_NAMES.test(stem.trimEnd())) {
    s = `${stem.trimEnd()}_${dot < 0 ? '' : s.slice(dot)}`;
  }
  return s;
}

/** Leading dots (hidden files, `..`) and trailing dots/spaces (Windows strips them) are removed. */
function trimEnds(s: string): string {
  return s.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
}

function truncateGraphemes(s: string, maxChars: number, maxBytes: number): string {
  if (s.length <= maxChars && utf8Length(s) <= maxBytes) { return s; }
  const ellipsis = '…';
  const budgetChars = maxChars - ellipsis.length;
  const budgetBytes = maxBytes - utf8Length(ellipsis);
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let out = '';
  let bytes = 0;
  for (const { segment } of segmenter.segment(s)) {
    const b = utf8Length(segment);
    if (out.length + segment.length > budgetChars || bytes + b > budgetBytes) { break; }
    out += segment;
    bytes += b;
  }
  out = trimEnds(out);
  return out.length === 0 ? '' : `${out}${ellipsis}`;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) { n += 1; } else if (c < 0x800) { n += 2; } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n += 4; i++; } else { n += 3; }
    } else { n += 3; }
  }
  return n;
}

/** The file name shown in the editor tab: `<safe title>.confluence.html`. */
export function pageFileName(title: string | undefined, format: PageFormat = 'storage'): string {
  return `${safeTitle(title ?? '')}${format === 'markdown' ? MARKDOWN_FILE_SUFFIX : PAGE_FILE_SUFFIX}`;
}

// --- build -----------------------------------------------------------------------------------

/** Decoded URI components for a page (feed them to vscode.Uri.from). Throws PageUriError on bad input. */
export function pageUriParts(loc: PageLocation): Required<UriParts> {
  if (!isPageId(loc.pageId)) { throw new PageUriError(l10n.t('Not a page id: {0}', JSON.stringify(loc.pageId))); }
  const authority = normaliseAuthority(loc.host);
  const space = loc.spaceKey !== undefined && SPACE_KEY.test(loc.spaceKey) ? loc.spaceKey : UNKNOWN_SPACE_SEGMENT;
  let query = '';
  if (loc.version !== undefined) {
    if (!Number.isSafeInteger(loc.version) || loc.version < 1) { throw new PageUriError(l10n.t('Not a version number: {0}', loc.version)); }
    query = `version=${loc.version}`;
  }
  return { scheme: CONFLUENCE_SCHEME, authority, path: `/${space}/${loc.pageId}/${pageFileName(loc.title, loc.format)}`, query };
}

/** The URI as a string, percent-encoded like vscode.Uri#toString(). */
export function pageUriString(loc: PageLocation): string {
  const p = pageUriParts(loc);
  const path = p.path.split('/').map(seg => encodeURIComponent(seg)).join('/');
  return `${CONFLUENCE_SCHEME}://${p.authority}${path}${p.query ? `?${p.query}` : ''}`;
}

// --- parse -----------------------------------------------------------------------------------

/** Parses decoded URI components. Throws PageUriError with a message a person can act on. */
export function parsePageUri(parts: UriParts): PageLocation {
  if (parts.scheme !== undefined && parts.scheme !== CONFLUENCE_SCHEME) {
    throw new PageUriError(l10n.t('Not a {0}: URI (scheme {1}).', CONFLUENCE_SCHEME, JSON.stringify(parts.scheme)));
  }
  if (!parts.authority) { throw new PageUriError(l10n.t('A confluence: URI needs the site host as its authority.')); }
  const host = normaliseAuthority(parts.authority);
  const segments = parts.path.split('/');
  if (segments.length !== 4 || segments[0] !== '') {
    throw new PageUriError(l10n.t('Not a Confluence page path: {0} (expected /<space>/<page id>/<title>{1}).', JSON.stringify(parts.path), PAGE_FILE_SUFFIX));
  }
  const [, space = '', pageId = '', name = ''] = segments;
  if (!SPACE_KEY.test(space)) { throw new PageUriError(l10n.t('Not a space key: {0}.', JSON.stringify(space))); }
  if (!isPageId(pageId)) { throw new PageUriError(l10n.t('Not a page id: {0}.', JSON.stringify(pageId))); }
  const markdown = name.endsWith(MARKDOWN_FILE_SUFFIX);
  if (!(name.endsWith(PAGE_FILE_SUFFIX) || markdown) || name.length > 255) {
    throw new PageUriError(l10n.t('Not a Confluence page file name: {0}.', JSON.stringify(name)));
  }
  const loc: PageLocation = { host, pageId };
  if (markdown) { loc.format = 'markdown'; }
  if (space !== UNKNOWN_SPACE_SEGMENT) { loc.spaceKey = space; }
  const version = parseQuery(parts.query);
  if (version !== undefined) { loc.version = version; }
  return loc;
}

function parseQuery(query: string): number | undefined {
  if (query === '') { return undefined; }
  const m = /^version=([1-9][0-9]{0,9})$/.exec(query);
  if (!m || m[1] === undefined) { throw new PageUriError(l10n.t('Unsupported query in a confluence: URI: {0} (only version=N).', JSON.stringify(query))); }
  return Number(m[1]);
}

/** Parses a URI string (percent-encoded). Throws PageUriError. */
export function parsePageUriString(uri: string): PageLocation {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/.exec(uri);
  if (!m) { throw new PageUriError(l10n.t('Not a URI: {0}', JSON.stringify(uri))); }
  let path: string;
  let query: string;
  try {
    path = (m[3] ?? '').split('/').map(seg => decodeURIComponent(seg)).join('/');
    query = decodeURIComponent(m[4] ?? '');
  } catch {
    throw new PageUriError(l10n.t('Malformed percent-encoding in {0}', JSON.stringify(uri)));
  }
  return parsePageUri({ scheme: (m[1] ?? '').toLowerCase(), authority: m[2] ?? '', path, query });
}
