// Reading generic directives with markdown-it, following the grammar of micromark's directive
// extension (the syntax docs/MARKDOWN.md documents):
//   text       :name[label]{attributes}        in running text, not right after another `:`
//   leaf       ::name[label]{attributes}       alone on its line
//   container  :::name[label]{attributes}      then blocks, closed by a line of at least as many colons
// A name starts with a character that is neither whitespace nor punctuation, goes on with those and
// `-` / `_`, and does not end with `-` or `_`. A label balances its brackets; `\[`, `\]` and `\\` are
// escapes. Attributes: `key`, `key=value`, `key="value"`, `key='value'`, `#id`, `.class`; values may
// hold character references. The closing fence of a container is the first line of colons that is
// long enough, as for fenced code: content is not searched for nested fences, so the writer gives an
// outer container a longer fence than any line of colons inside it.
import type MarkdownIt from 'markdown-it';
import { decodeHTMLAttribute } from 'entities/decode';

type RuleInline = Parameters<MarkdownIt['inline']['ruler']['before']>[2];
type RuleBlock = Parameters<MarkdownIt['block']['ruler']['before']>[2];
type StateInline = Parameters<RuleInline>[0];
type StateBlock = Parameters<RuleBlock>[0];

/** What a directive token carries in `meta`. */
export interface DirectiveMeta {
  readonly name: string;
  readonly attributes: Record<string, string>;
  /** Neither a label nor attributes followed the name. */
  readonly bare: boolean;
}

const PUNCTUATION = /[\p{P}\p{S}]/u;
const WHITESPACE = /\s/u;
const COLON = 0x3a;

function isNameStart(ch: string): boolean {
  return !WHITESPACE.test(ch) && !PUNCTUATION.test(ch);
}

function isNameChar(ch: string): boolean {
  return ch === '-' || ch === '_' || isNameStart(ch);
}

/** The end of a directive name starting at `pos`, or -1 when there is none. */
export function directiveNameEnd(src: string, pos: number, max: number): number {
  let at = pos;
  while (at < max) {
    const cp = src.codePointAt(at) ?? 0;
    const ch = String.fromCodePoint(cp);
    if (at === pos ? !isNameStart(ch) : !isNameChar(ch)) { break; }
    at += ch.length;
  }
  if (at === pos) { return -1; }
  const last = src.charCodeAt(at - 1);
  return last === 0x2d || last === 0x5f ? -1 : at;
}

/** How far a label is looked for: an unclosed `[` after every colon must not make reading quadratic. */
const MAX_LABEL = 32_768;

/** The offset of the `]` closing the label whose `[` is at `pos`, or -1. */
export function labelEnd(src: string, pos: number, max: number, allowEol: boolean): number {
  let balance = 0;
  const limit = Math.min(max, pos + MAX_LABEL);
  for (let i = pos + 1; i < limit; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x5c) {
      const n = src.charCodeAt(i + 1);
      if (n === 0x5b || n === 0x5c || n === 0x5d) { i++; }
    } else if (c === 0x5b) {
      if (++balance > 32) { return -1; }
    } else if (c === 0x5d) {
      if (balance === 0) { return i; }
      balance--;
    } else if (c === 0x0a && !allowEol) {
      return -1;
    }
  }
  return -1;
}

const isSpaceOrTab = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';

/** Reads `{…}` at `pos`: the attributes (later ones win, classes add up) and the offset after `}`. */
export function readDirectiveAttributes(src: string, pos: number, max: number, allowEol: boolean): { attributes: Record<string, string>; end: number } | undefined {
  const attributes: Record<string, string> = {};
  const add = (key: string, value: string): void => {
    attributes[key] = key === 'class' && attributes.class !== undefined ? `${attributes.class} ${value}` : value;
  };
  const blank = (ch: string | undefined): boolean => isSpaceOrTab(ch) || (allowEol && ch === '\n');
  let i = pos + 1;
  for (;;) {
    while (i < max && blank(src[i])) { i++; }
    if (i >= max) { return undefined; }
    const c = src[i] as string;
    if (c === '}') { return { attributes, end: i + 1 }; }
    if (c === '#' || c === '.') {
      let j = i + 1;
      if (j >= max || /["#'.<=>`}\s]/.test(src[j] as string)) { return undefined; }
      while (j < max && !/[#.}\s]/.test(src[j] as string)) {
        if (/["'<=>`]/.test(src[j] as string)) { return undefined; }
        j++;
      }
      if (j >= max) { return undefined; }
      add(c === '#' ? 'id' : 'class', decodeHTMLAttribute(src.slice(i + 1, j)));
      i = j;
      continue;
    }
    if (WHITESPACE.test(c) || (PUNCTUATION.test(c) && c !== '-' && c !== '_')) { return undefined; }
    let j = i + 1;
    while (j < max && !WHITESPACE.test(src[j] as string) && !(PUNCTUATION.test(src[j] as string) && !'-.:_'.includes(src[j] as string))) { j++; }
    const key = src.slice(i, j);
    let k = j;
    while (k < max && blank(src[k])) { k++; }
    if (src[k] !== '=') { add(key, ''); i = k; continue; }
    k++;
    while (k < max && blank(src[k])) { k++; }
    if (k >= max) { return undefined; }
    const v = src[k] as string;
    if ('<=>`}'.includes(v) || v === '\n') { return undefined; }
    if (v === '"' || v === "'") {
      const close = src.indexOf(v, k + 1);
      if (close < 0 || close >= max) { return undefined; }
      const raw = src.slice(k + 1, close);
      if (!allowEol && raw.includes('\n')) { return undefined; }
      add(key, decodeHTMLAttribute(raw));
      i = close + 1;
      const after = src[i];
      if (after !== '}' && !isSpaceOrTab(after) && after !== '\n') { return undefined; }
      continue;
    }
    let e = k;
    while (e < max && src[e] !== '}' && !isSpaceOrTab(src[e]) && src[e] !== '\n') {
      if (/["'<=>`]/.test(src[e] as string)) { return undefined; }
      e++;
    }
    add(key, decodeHTMLAttribute(src.slice(k, e)));
    i = e;
  }
}

/** Name, label and attributes after the colons at `pos`; undefined when they do not form a directive. */
function readHead(src: string, pos: number, max: number, allowEol: boolean): { meta: DirectiveMeta; label?: [number, number]; end: number } | undefined {
  const nameEnd = directiveNameEnd(src, pos, max);
  if (nameEnd < 0 || src.charCodeAt(nameEnd) === COLON) { return undefined; }
  let at = nameEnd;
  let label: [number, number] | undefined;
  if (src[at] === '[') {
    const end = labelEnd(src, at, max, allowEol);
    if (end >= 0) { label = [at + 1, end]; at = end + 1; }
  }
  let attributes: Record<string, string> | undefined;
  if (src[at] === '{') {
    const read = readDirectiveAttributes(src, at, max, allowEol);
    if (read) { attributes = read.attributes; at = read.end; }
  }
  return { meta: { name: src.slice(pos, nameEnd), attributes: attributes ?? {}, bare: !label && !attributes }, ...(label ? { label } : {}), end: at };
}

function escapedAt(src: string, pos: number): boolean {
  let n = 0;
  while (pos - 1 - n >= 0 && src.charCodeAt(pos - 1 - n) === 0x5c) { n++; }
  return n % 2 === 1;
}

const textDirective: RuleInline = (state: StateInline, silent: boolean): boolean => {
  const { src, pos: start, posMax: max } = state;
  if (src.charCodeAt(start) !== COLON) { return false; }
  if (start > 0 && src.charCodeAt(start - 1) === COLON && !escapedAt(src, start - 1)) { return false; }
  const head = readHead(src, start + 1, max, true);
  if (!head) { return false; }
  if (!silent) {
    const open = state.push('text_directive_open', '', 1);
    open.meta = head.meta;
    if (head.label) {
      state.pos = head.label[0];
      state.posMax = head.label[1];
      state.md.inline.tokenize(state);
      state.posMax = max;
    }
    state.push('text_directive_close', '', -1);
  }
  state.pos = head.end;
  return true;
};

/** The head of a leaf or container directive on `line`, with at least `minColons` colons. */
function blockHead(state: StateBlock, line: number, leaf: boolean): { colons: number; meta: DirectiveMeta; label?: [number, number] } | undefined {
  if ((state.sCount[line] ?? 0) - state.blkIndent >= 4) { return undefined; }
  const pos = (state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0);
  const max = state.eMarks[line] ?? 0;
  let at = pos;
  while (at < max && state.src.charCodeAt(at) === COLON) { at++; }
  const colons = at - pos;
  if (leaf ? colons !== 2 : colons < 3) { return undefined; }
  const head = readHead(state.src, at, max, false);
  if (!head || state.skipSpaces(head.end) < max) { return undefined; }
  return { colons, meta: head.meta, ...(head.label ? { label: head.label } : {}) };
}

function pushLabel(state: StateBlock, label: [number, number], line: number): void {
  const inline = state.push('inline', '', 0);
  inline.content = state.src.slice(label[0], label[1]);
  inline.map = [line, line + 1];
  inline.children = [];
}

const leafDirective: RuleBlock = (state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean => {
  const head = blockHead(state, startLine, true);
  if (!head) { return false; }
  if (silent) { return true; }
  const open = state.push('leaf_directive_open', '', 1);
  open.meta = head.meta;
  open.map = [startLine, startLine + 1];
  if (head.label) { pushLabel(state, head.label, startLine); }
  state.push('leaf_directive_close', '', -1);
  state.line = startLine + 1;
  return true;
};

const containerDirective: RuleBlock = (state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean => {
  const head = blockHead(state, startLine, false);
  if (!head) { return false; }
  if (silent) { return true; }
  let next = startLine;
  let closed = false;
  for (;;) {
    next++;
    if (next >= endLine) { break; }
    const pos = (state.bMarks[next] ?? 0) + (state.tShift[next] ?? 0);
    const max = state.eMarks[next] ?? 0;
    if (pos < max && (state.sCount[next] ?? 0) < state.blkIndent) { break; }
    if (state.src.charCodeAt(pos) !== COLON || (state.sCount[next] ?? 0) - state.blkIndent >= 4) { continue; }
    let at = pos;
    while (at < max && state.src.charCodeAt(at) === COLON) { at++; }
    if (at - pos >= head.colons && state.skipSpaces(at) >= max) { closed = true; break; }
  }
  const oldParent = state.parentType;
  const oldLineMax = state.lineMax;
  state.parentType = 'container' as typeof state.parentType;
  state.lineMax = next;
  const open = state.push('container_directive_open', '', 1);
  open.meta = head.meta;
  open.markup = ':'.repeat(head.colons);
  if (head.label) {
    const labelOpen = state.push('paragraph_open', 'p', 1);
    labelOpen.meta = { directiveLabel: true };
    labelOpen.map = [startLine, startLine + 1];
    pushLabel(state, head.label, startLine);
    state.push('paragraph_close', 'p', -1);
  }
  state.md.block.tokenize(state, startLine + 1, next);
  state.push('container_directive_close', '', -1);
  state.parentType = oldParent;
  state.lineMax = oldLineMax;
  state.line = next + (closed ? 1 : 0);
  open.map = [startLine, state.line];
  return true;
};

/** Registers the three directive forms. */
export function directivePlugin(md: MarkdownIt): void {
  const interrupts = { alt: ['paragraph', 'reference', 'blockquote', 'list'] };
  md.block.ruler.before('fence', 'directive_container', containerDirective, interrupts);
  md.block.ruler.before('fence', 'directive_leaf', leafDirective, interrupts);
  md.inline.ruler.before('backticks', 'directive_text', textDirective);
}
