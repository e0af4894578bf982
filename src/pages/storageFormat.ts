// Pure helpers over Confluence storage format (XHTML with ac:/ri: elements) and its bytes. Never
// imports 'vscode'. The page body is edited as text and written back verbatim, so these helpers only
// look; they never rewrite a body.

import { l10n } from '../util/l10n';

/**
 * The `ac:ref` values of the `<ac:inline-comment-marker ac:ref="…">` anchors in a body. Markers inside
 * CDATA sections (code macro bodies) and XML comments are text, not anchors, and are ignored.
 */
export function inlineCommentRefs(storage: string): Set<string> {
  return new Set(inlineCommentRefList(storage));
}

/**
 * The inline comments whose anchors are in `before` and not in `after`, in the order they appear in
 * `before`. A save that removes an anchor detaches the comment thread from the text.
 */
export function removedInlineComments(before: string, after: string): string[] {
  const kept = inlineCommentRefs(after);
  const removed: string[] = [];
  for (const ref of inlineCommentRefList(before)) {
    if (!kept.has(ref) && !removed.includes(ref)) { removed.push(ref); }
  }
  return removed;
}

const MARKER_TAG = /<ac:inline-comment-marker(?=[\s/>])([^>]*)>/gi;
const REF_ATTR = /(?:^|\s)ac:ref\s*=\s*(?:"([^"]*)"|'([^']*)')/i;

function inlineCommentRefList(storage: string): string[] {
  const text = stripOpaqueSections(storage);
  const refs: string[] = [];
  for (const m of text.matchAll(MARKER_TAG)) {
    const attrs = m[1] ?? '';
    const ref = REF_ATTR.exec(attrs);
    const value = ref ? (ref[1] ?? ref[2]) : undefined;
    if (value !== undefined && value !== '') { refs.push(decodeXmlEntities(value)); }
  }
  return refs;
}

/** Blanks CDATA sections and comments so look-alike markup inside them is not matched. */
function stripOpaqueSections(storage: string): string {
  return storage.replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g, '').replace(/<!--[\s\S]*?(?:-->|$)/g, '');
}

function decodeXmlEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower === 'amp') { return '&'; }
    if (lower === 'lt') { return '<'; }
    if (lower === 'gt') { return '>'; }
    if (lower === 'quot') { return '"'; }
    if (lower === 'apos') { return "'"; }
    const cp = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}

// --- bytes -----------------------------------------------------------------------------------

/** Exact UTF-8 byte length of a string (lone surrogates count as U+FFFD, 3 bytes, as TextEncoder does). */
export function utf8ByteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      n += 1;
    } else if (c < 0x800) {
      n += 2;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n += 4; i++; } else { n += 3; }
    } else {
      n += 3;
    }
  }
  return n;
}

/** UTF-8 bytes of a string. */
export function encodeUtf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export class InvalidUtf8Error extends Error {
  constructor() {
    super(l10n.t('The text is not valid UTF-8. Confluence pages are UTF-8: reopen the editor with UTF-8 encoding and save again.'));
    this.name = 'InvalidUtf8Error';
  }
}

/**
 * Decodes what the editor wrote. Strict: bytes that are not UTF-8 (a person switched the editor's
 * encoding) are refused rather than silently turned into U+FFFD in the page. A leading BOM is dropped:
 * Confluence bodies never carry one.
 */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InvalidUtf8Error();
  }
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) { return false; }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) { return false; }
  }
  return true;
}
