// Anchoring an inline comment in a page's storage body, as POST /inline-comments does: find the
// match-index-th occurrence of the selected text in the page's readable text and wrap it in an
// <ac:inline-comment-marker ac:ref="…">. Only character data counts as page text — never a tag, an
// attribute, a macro parameter or CDATA (a code macro's body cannot hold a marker) — and a match
// that crosses formatting is wrapped piecewise, one marker per text node with the same ref, so the
// result stays well-formed.

/** Elements whose boundaries separate text (a selection is not expected to run across them). */
const BLOCK = new Set([
  'p', 'div', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'td', 'th',
  'blockquote', 'pre', 'ac:structured-macro', 'ac:rich-text-body', 'ac:layout', 'ac:layout-section', 'ac:layout-cell',
  'ac:task-list', 'ac:task', 'ac:task-body', 'ac:image', 'ac:link',
]);
/** Elements whose content is not page text at all. */
const SKIPPED = new Set(['ac:parameter', 'ac:task-id', 'ac:task-status', 'ac:plain-text-body', 'ac:plain-text-link-body']);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

interface TextChar { start: number; end: number; node: number }

/** The page's readable text; `chars[i]` says where text character i lives in the storage. */
export interface TextMap { text: string; chars: (TextChar | undefined)[] }

export function textMap(storage: string): TextMap {
  let text = '';
  const chars: (TextChar | undefined)[] = [];
  let node = 0;
  let inText = false;
  const separate = (): void => {
    if (text.length > 0 && text[text.length - 1] !== '\n') { text += '\n'; chars.push(undefined); }
    if (inText) { node++; inText = false; }
  };
  let i = 0;
  while (i < storage.length) {
    if (storage.startsWith('<![CDATA[', i)) {
      const end = storage.indexOf(']]>', i);
      i = end < 0 ? storage.length : end + 3;
      separate();
      continue;
    }
    if (storage.startsWith('<!--', i)) {
      const end = storage.indexOf('-->', i);
      i = end < 0 ? storage.length : end + 3;
      continue;
    }
    if (storage[i] === '<') {
      const end = tagEnd(storage, i);
      const tag = storage.slice(i, end);
      const m = /^<\/?([A-Za-z][\w:.-]*)/.exec(tag);
      const name = m?.[1]?.toLowerCase() ?? '';
      if (inText) { node++; inText = false; }
      i = end;
      if (SKIPPED.has(name) && !tag.startsWith('</') && !tag.endsWith('/>')) {
        const close = storage.indexOf(`</${m?.[1] ?? name}>`, i);
        i = close < 0 ? storage.length : close + `</${m?.[1] ?? name}>`.length;
        separate();
        continue;
      }
      if (BLOCK.has(name)) { separate(); }
      continue;
    }
    let ch = storage[i] ?? '';
    let len = 1;
    if (ch === '&') {
      const m = /^&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/.exec(storage.slice(i, i + 12));
      if (m?.[1]) {
        const e = m[1];
        const decoded = e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16))
          : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e];
        if (decoded !== undefined && decoded.length === 1) { ch = decoded; len = m[0].length; }
      }
    }
    text += ch;
    chars.push({ start: i, end: i + len, node });
    inText = true;
    i += len;
  }
  return { text, chars };
}

function tagEnd(s: string, from: number): number {
  let quote: string | undefined;
  for (let i = from + 1; i < s.length; i++) {
    const c = s[i];
    if (quote) { if (c === quote) { quote = undefined; } continue; }
    if (c === '"' || c === "'") { quote = c; continue; }
    if (c === '>') { return i + 1; }
  }
  return s.length;
}

/** Non-breaking spaces read as spaces, as they do to a person selecting text. */
function normalise(s: string): string { return s.replace(/\u00a0/g, ' '); }

/** Start offsets (in the text) of the non-overlapping occurrences of `selection`. */
export function occurrences(map: TextMap, selection: string): number[] {
  const hay = normalise(map.text);
  const needle = normalise(selection);
  const out: number[] = [];
  if (needle.length === 0) { return out; }
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) { out.push(at); }
  return out;
}

export type AnchorResult = { ok: true; body: string } | { ok: false; title: string };

/** Wraps occurrence `matchIndex` of `selection` in a marker with `ref`; the caller checks the count. */
export function anchorSelection(storage: string, selection: string, matchCount: number, matchIndex: number, ref: string): AnchorResult {
  const map = textMap(storage);
  const found = occurrences(map, selection);
  const shown = selection.length > 80 ? `${selection.slice(0, 77)}...` : selection;
  if (found.length === 0) { return { ok: false, title: `The selected text "${shown}" was not found on the page.` }; }
  if (found.length !== matchCount) {
    return { ok: false, title: `The selected text "${shown}" occurs ${found.length} time(s) on the page, but textSelectionMatchCount is ${matchCount}.` };
  }
  const at = found[matchIndex];
  if (at === undefined) {
    return { ok: false, title: `textSelectionMatchIndex ${matchIndex} is out of range: it must be less than textSelectionMatchCount (${matchCount}).` };
  }
  // One storage range per text node the match touches.
  const ranges: { start: number; end: number }[] = [];
  let current: { start: number; end: number; node: number } | undefined;
  for (let k = at; k < at + selection.length; k++) {
    const c = map.chars[k];
    if (!c) { current = undefined; continue; }
    if (current && current.node === c.node) { current.end = c.end; continue; }
    current = { start: c.start, end: c.end, node: c.node };
    ranges.push(current);
  }
  let body = storage;
  for (const r of [...ranges].reverse()) {
    body = `${body.slice(0, r.start)}<ac:inline-comment-marker ac:ref="${ref}">${body.slice(r.start, r.end)}</ac:inline-comment-marker>${body.slice(r.end)}`;
  }
  return { ok: true, body };
}

/** Whether the body still carries the marker of `ref` (an inline comment without one is dangling). */
export function hasMarker(storage: string, ref: string): boolean {
  const escaped = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<ac:inline-comment-marker\\s[^>]*ac:ref="${escaped}"`).test(storage);
}
