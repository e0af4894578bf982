// The text a page shows, read from its storage body, with where each character came from. A new inline
// comment is anchored by Confluence on "the selected text, how often it occurs on the page and which
// occurrence" (POST /wiki/api/v2/inline-comments, inlineCommentProperties), counted in the page's
// readable text: character data only — never tags, attributes, macro parameters or CDATA (a code
// block's body cannot carry a marker) — with a break between blocks, so a match never runs from one
// paragraph, cell or list item into the next.

/** Elements whose boundaries separate text. */
const BLOCK = new Set([
  'p', 'div', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'td', 'th',
  'blockquote', 'pre', 'ac:structured-macro', 'ac:rich-text-body', 'ac:layout', 'ac:layout-section', 'ac:layout-cell',
  'ac:task-list', 'ac:task', 'ac:task-body', 'ac:image', 'ac:link',
]);
/** Elements whose content is not page text. */
const SKIPPED = new Set(['ac:parameter', 'ac:task-id', 'ac:task-status', 'ac:plain-text-body', 'ac:plain-text-link-body']);

/** Named entities Confluence's editor writes (plus XML's own); others stay as written. */
const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', rsquo: '\u2019', lsquo: '\u2018', rdquo: '\u201d', ldquo: '\u201c',
  ndash: '\u2013', mdash: '\u2014', hellip: '\u2026', middot: '\u00b7', bull: '\u2022', copy: '\u00a9', reg: '\u00ae', trade: '\u2122',
  times: '\u00d7', euro: '\u20ac', laquo: '\u00ab', raquo: '\u00bb', deg: '\u00b0', shy: '\u00ad', zwj: '\u200d', zwnj: '\u200c',
};

/** Where one character of the page text is in the storage, and which text run it belongs to. */
export interface TextChar { start: number; end: number }

/** The page's text; `chars[i]` locates text character i in the storage (undefined: a block break). */
export interface PageText { text: string; chars: (TextChar | undefined)[] }

export function pageText(storage: string): PageText {
  let text = '';
  const chars: (TextChar | undefined)[] = [];
  const blockBreak = (): void => {
    if (text.length > 0 && chars[chars.length - 1] !== undefined) { text += '\n'; chars.push(undefined); }
  };
  let i = 0;
  while (i < storage.length) {
    if (storage.startsWith('<![CDATA[', i)) {
      const end = storage.indexOf(']]>', i);
      i = end < 0 ? storage.length : end + 3;
      blockBreak();
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
      const name = m?.[1] ?? '';
      i = end;
      if (SKIPPED.has(name.toLowerCase()) && !tag.startsWith('</') && !tag.endsWith('/>')) {
        const closing = `</${name}>`;
        const close = storage.indexOf(closing, i);
        i = close < 0 ? storage.length : close + closing.length;
        blockBreak();
        continue;
      }
      if (BLOCK.has(name.toLowerCase())) { blockBreak(); }
      continue;
    }
    let ch = storage[i] ?? '';
    let len = 1;
    if (ch === '&') {
      const m = /^&(#x[0-9a-fA-F]+|#\d+|[A-Za-z][A-Za-z0-9]*);/.exec(storage.slice(i, i + 12));
      const decoded = m?.[1] !== undefined ? decodeEntity(m[1]) : undefined;
      if (m && decoded !== undefined) { ch = decoded; len = m[0].length; }
    } else {
      const code = storage.codePointAt(i) ?? 0;
      if (code > 0xffff) { ch = String.fromCodePoint(code); len = 2; }
    }
    for (let k = 0; k < ch.length; k++) {
      text += ch[k];
      chars.push({ start: i, end: i + len });
    }
    i += len;
  }
  return { text, chars };
}

function decodeEntity(e: string): string | undefined {
  if (e.startsWith('#')) {
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  return ENTITIES[e];
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

/** Start offsets of the non-overlapping occurrences of `needle` in the page text, first to last. */
export function occurrences(text: string, needle: string): number[] {
  const hay = normalise(text);
  const n = normalise(needle);
  const out: number[] = [];
  if (n.length === 0) { return out; }
  for (let at = hay.indexOf(n); at >= 0; at = hay.indexOf(n, at + n.length)) { out.push(at); }
  return out;
}
