// Escaping text so that Markdown reads it back as the same text. Only what could start or end a
// construct here is escaped, so ordinary prose stays as it is: `*`, `` ` ``, `[` always; `_` unless
// inside a word; `<` and `&` before what would read as a tag or a character reference; `:` before
// what would read as a directive with a label or attributes; what would read as an autolink
// (`www\.`, `https\://`, `a\@b.org`); at the start of a line what would start a block (`#`, `>`,
// `-`/`+` and `1.` before a space, `=`, a fence, a table row); whitespace at either end of a line as
// a character reference (Markdown strips it); U+00A0 as `&nbsp;` (visible and editable).

/** Where the text is written. */
export interface TextPlace {
  /** Inside a link text, image description or directive label: `]` must be escaped too. */
  readonly label?: boolean;
  /** On one line (a heading, a table cell, a leaf directive's label): no line starts, a newline as a reference. */
  readonly line?: boolean;
  /** In a table cell: `|` must be escaped. */
  readonly cell?: boolean;
  /** In an ATX heading: a trailing `#` would close the heading. */
  readonly heading?: boolean;
}

/** The place and the characters around the text. */
interface TextContext extends TextPlace {
  /** The character written just before the text: '' at the start of a block, a cell or a heading's text, '\n' at a line start. */
  readonly before: string;
  /** The first character written after it: '' at the end of a block, a cell or a heading. */
  readonly after: string;
  /** Right after a text directive: a `{` here would read as its attributes. */
  readonly afterDirective: boolean;
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;
const NAME_CHAR = /[^\s\p{P}\p{S}]|[-_]/u;
const WHITESPACE = /\s/;

/** `&#x…;` for a character, as Markdown writes one it cannot escape. */
export function characterReference(ch: string): string {
  return `&#x${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()};`;
}

function isLineEnd(ch: string): boolean {
  return ch === '' || ch === '\n';
}

/**
 * Whether an autolink could start right after `ch`. GFM allows the start of text, whitespace and
 * `*_~(`; the start of a label or the end of a mark or link counts too, so anything but a letter or
 * digit is taken as a possible start.
 */
function autolinkBoundary(ch: string): boolean {
  return !/[A-Za-z0-9]/.test(ch);
}

/** Characters that may need an escape or a reference somewhere; text without them is written as it is. */
const SPECIAL = /[\s*`[\]\\_|<&!~#>=+\-.):{@]/;

/**
 * `value` written so that Markdown reads it back as `value` where `place` says it stands, between
 * `before` (the character written just before it) and `after` (the first one written after it).
 */
export function escapeText(value: string, before: string, after: string, place: TextPlace = {}, afterDirective = false): string {
  if (value.length === 0 || !SPECIAL.test(value)) { return value; }
  return escapeSpecial(value, { label: place.label, line: place.line, cell: place.cell, heading: place.heading, before, after, afterDirective });
}

function escapeSpecial(value: string, ctx: TextContext): string {
  const n = value.length;
  const lineStarts = ctx.line !== true;
  let out = '';
  let from = 0;
  for (let i = 0; i < n; i++) {
    const code = value.charCodeAt(i);
    // Letters, digits and most punctuation never need anything.
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2c || code === 0x27 || code === 0x22 || code === 0x2f || code === 0x3f || code === 0x3b) { continue; }
    const c = value[i] as string;
    if (code > 0x7f && !WHITESPACE.test(c)) { continue; }
    const prev = i > 0 ? (value[i - 1] as string) : ctx.before;
    const next = i + 1 < n ? (value[i + 1] as string) : ctx.after;
    const atLineStart = lineStarts && (prev === '\n' || (i === 0 && ctx.before === ''));
    let replacement: string | undefined;
    if (c === '\n') {
      // A line break at either end of a block, or two in a row, would end the paragraph.
      if (!lineStarts || isLineEnd(prev) || isLineEnd(next)) { replacement = characterReference(c); }
    } else if (c === '\u00a0') {
      replacement = '&nbsp;';
    } else if (WHITESPACE.test(c)) {
      const atLineEnd = i + 1 < n ? lineStarts && value[i + 1] === '\n' : isLineEnd(ctx.after);
      if (atLineStart || atLineEnd || (i === 0 && ctx.before === '')) { replacement = characterReference(c); }
    } else if (escapes(value, i, c, prev, next, atLineStart, ctx)) {
      replacement = `\\${c}`;
    }
    if (replacement !== undefined) {
      out += value.slice(from, i) + replacement;
      from = i + 1;
    }
  }
  return from === 0 ? value : out + value.slice(from);
}

function escapes(value: string, i: number, c: string, prev: string, next: string, atLineStart: boolean, ctx: TextContext): boolean {
  switch (c) {
    case '*': case '`': case '[': return true;
    // Before punctuation, a line end, or whitespace (which may be written as a `&#x…;` reference).
    case '\\': return ASCII_PUNCTUATION.test(next) || WHITESPACE.test(next) || isLineEnd(next);
    case '_': return !intraword(value, i, ctx);
    case ']': return ctx.label === true;
    case '|': return ctx.cell === true || (atLineStart && /[ \t:-]/.test(next));
    case '<': return /[A-Za-z!/?]/.test(next);
    case '&': return /[#A-Za-z]/.test(next);
    case '!': return next === '[';
    case '~': return next === '~' || prev === '~' || atLineStart;
    case '#': return atLineStart || (ctx.heading === true && i === value.length - 1 && isLineEnd(ctx.after));
    case '>': case '=': return atLineStart;
    case '+': return atLineStart && /[ \t\n]/.test(next || '\n');
    case '-': return atLineStart && /[ \t\n:|-]/.test(next || '\n');
    case '.': case ')': return (atLineStartBeforeDigits(value, i, ctx) && /[ \t\n]/.test(next || '\n')) || (c === '.' && wwwDot(value, i, ctx));
    case '{': return i === 0 && ctx.afterDirective === true;
    case '@': return /[A-Za-z0-9.+_-]/.test(prev) && /[A-Za-z0-9_-]/.test(next);
    case ':': return colon(value, i, prev, next, atLineStart, ctx);
    default: return false;
  }
}

/** `snake_case` needs no escape: an underscore run between two word characters cannot emphasise. */
function intraword(value: string, i: number, ctx: TextContext): boolean {
  let start = i;
  while (start > 0 && value[start - 1] === '_') { start--; }
  let end = i + 1;
  while (end < value.length && value[end] === '_') { end++; }
  const before = start > 0 ? (value[start - 1] as string) : ctx.before;
  const after = end < value.length ? (value[end] as string) : ctx.after;
  return WORD.test(before) && WORD.test(after);
}

/** `1.` or `12)` at the start of a line, which with a space after would start an ordered list. */
function atLineStartBeforeDigits(value: string, i: number, ctx: TextContext): boolean {
  let start = i;
  while (start > 0 && /\d/.test(value[start - 1] as string)) { start--; }
  if (start === i || i - start > 9 || ctx.line) { return false; }
  return start === 0 ? ctx.before === '' || ctx.before === '\n' : value[start - 1] === '\n';
}

/** The dot of `www.` that would start an autolink. */
function wwwDot(value: string, i: number, ctx: TextContext): boolean {
  if (i < 3 || !/^www$/i.test(value.slice(i - 3, i)) || !/[\w-]/.test(value[i + 1] ?? ctx.after)) { return false; }
  return autolinkBoundary(i > 3 ? (value[i - 4] as string) : ctx.before);
}

function colon(value: string, i: number, prev: string, next: string, atLineStart: boolean, ctx: TextContext): boolean {
  // `::name` at the start of a line would be a leaf or container directive.
  if (atLineStart && next === ':') { return true; }
  // `:` right before a text directive would stop it from being one (a directive never follows a colon).
  if (i === value.length - 1 && next === ':') { return true; }
  // `http://`: an autolink.
  if (/[pPsS]/.test(prev) && value.startsWith('//', i + 1)) { return true; }
  // `:name[` or `:name{`: a text directive with a label or attributes (a bare `:name` reads back as text,
  // except `:br`, the line break form).
  let j = i + 1;
  while (j < value.length && NAME_CHAR.test(value[j] as string)) { j++; }
  if (j === i + 1) { return false; }
  const following = j < value.length ? value[j] : ctx.after;
  // `:br` ends where a letter or digit does not follow (an escaped `_` or `-` after it ends the name too).
  const br = value.startsWith('br', i + 1) && !WORD.test(value[i + 3] ?? ctx.after);
  return following === '{' || (j === value.length && following === '[') || br;
}
