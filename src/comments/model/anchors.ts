// Where inline comments sit in a page document's text. Confluence marks the commented text in the
// storage body with `<ac:inline-comment-marker ac:ref="R">text</ac:inline-comment-marker>`; the
// Markdown view shows the same as `:comment[text]{ref="R"}` (docs/MARKDOWN.md) and keeps raw storage,
// markers included, in ```confluence fences. Both forms are looked for in any document, so one reader
// serves the storage and the Markdown form. Offsets are UTF-16 indexes into the document's text.

export interface Anchor {
  /** Start of the marked text (after the opening tag or the directive's `[`). */
  start: number;
  /** End of the marked text (before the closing tag or the label's `]`). */
  end: number;
}

const OPEN_OR_CLOSE = /<(\/?)ac:inline-comment-marker(?=[\s/>])([^>]*?)(\/?)>/g;
const REF_ATTRIBUTE = /(?:^|\s)ac:ref\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const DIRECTIVE = /:comment\[/g;
const DIRECTIVE_REF = /(?:^|\s)ref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'}]+))/;

/**
 * Every anchored ref in the text. A ref whose text is marked in pieces (Confluence splits a marker at
 * formatting boundaries) spans from its first piece's start to its last piece's end.
 */
export function findAnchors(text: string): Map<string, Anchor> {
  const found = new Map<string, Anchor>();
  const add = (ref: string, start: number, end: number): void => {
    const known = found.get(ref);
    found.set(ref, known ? { start: Math.min(known.start, start), end: Math.max(known.end, end) } : { start, end });
  };
  for (const m of storageMarkers(text)) { add(m.ref, m.start, m.end); }
  for (const m of directiveMarkers(text)) { add(m.ref, m.start, m.end); }
  return found;
}

interface Found { ref: string; start: number; end: number }

/** Storage markers, nested ones included (overlapping comments nest their markers). */
function storageMarkers(text: string): Found[] {
  const out: Found[] = [];
  const open: { ref: string | undefined; start: number }[] = [];
  for (const m of text.matchAll(OPEN_OR_CLOSE)) {
    const at = m.index;
    const closing = m[1] === '/';
    const selfClosing = m[3] === '/';
    if (closing) {
      const top = open.pop();
      if (top?.ref) { out.push({ ref: top.ref, start: top.start, end: at }); }
      continue;
    }
    const refMatch = REF_ATTRIBUTE.exec(m[2] ?? '');
    const ref = refMatch ? decodeEntities(refMatch[1] ?? refMatch[2] ?? '') : undefined;
    const after = at + m[0].length;
    if (selfClosing) {
      if (ref) { out.push({ ref, start: after, end: after }); }
    } else {
      open.push({ ref: ref || undefined, start: after });
    }
  }
  return out;
}

/** `:comment[label]{ref="R"}` directives; the label may hold brackets, escapes and other directives. */
function directiveMarkers(text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(DIRECTIVE)) {
    const start = m.index + m[0].length;
    if (m.index > 0 && text[m.index - 1] === '\\') { continue; }
    const close = labelEnd(text, start);
    if (close < 0 || text[close + 1] !== '{') { continue; }
    const attrsEnd = text.indexOf('}', close + 2);
    if (attrsEnd < 0) { continue; }
    const ref = DIRECTIVE_REF.exec(text.slice(close + 2, attrsEnd));
    const value = ref ? (ref[1] ?? ref[2] ?? ref[3] ?? '') : '';
    if (value !== '') { out.push({ ref: decodeEntities(value), start, end: close }); }
  }
  return out;
}

/** The index of the `]` that closes a label opened just before `from`, or -1. */
function labelEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') { i++; continue; }
    if (c === '[') { depth++; } else if (c === ']') {
      if (depth === 0) { return i; }
      depth--;
    } else if (c === '\n' && text[i + 1] === '\n') {
      return -1;
    }
  }
  return -1;
}

function decodeEntities(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (whole, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    const lower = e.toLowerCase();
    if (named[lower] !== undefined) { return named[lower]; }
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : Number(lower.slice(1));
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * The offset where a Markdown document's front matter ends (0 when it has none): text before it is
 * facts about the page, not page text, so nobody can comment on it.
 */
export function frontMatterEnd(markdown: string): number {
  if (!markdown.startsWith('---\n') && !markdown.startsWith('---\r\n')) { return 0; }
  const close = /\r?\n---[ \t]*(\r?\n|$)/g;
  close.lastIndex = 3;
  const m = close.exec(markdown);
  return m ? m.index + m[0].length : 0;
}
