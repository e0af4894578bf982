// From a selection in a page document to what Confluence anchors a new inline comment on: the selected
// text as the page shows it, how often that text occurs on the page, and which occurrence this is
// (zero-based). In the storage form the selection's offsets are storage offsets; in the Markdown form
// they are mapped through the converter: two private-use characters are put at the selection's ends,
// the Markdown becomes storage again, and where they land in the page text is the selection. The rest
// of the page text must come out exactly as the page's own, or the mapping is refused.

import { frontMatterEnd } from './anchors';
import { occurrences, pageText, type PageText } from './pageText';
import { l10n } from '../../util/l10n';

export interface InlineAnchorText {
  text: string;
  matchCount: number;
  matchIndex: number;
}

export type SelectionResult = { ok: true; selection: InlineAnchorText } | { ok: false; reason: string };

const START = '\uE000';
const END = '\uE001';

const NOTHING = (): string => l10n.t('Select the words on the page to comment on (text, not markup or code).');
const ACROSS_BLOCKS = (): string => l10n.t('A comment\'s text must lie within one paragraph, heading, list item or table cell. Select less.');
const UNMATCHED = (): string => l10n.t('The selection could not be matched to the page\'s text. Select words of a paragraph, not Markdown markup.');

/** A selection [start, end) of the storage body itself (the storage form of a page). */
export function selectionInStorage(storage: string, start: number, end: number): SelectionResult {
  const page = pageText(storage);
  let first = -1;
  let last = -1;
  for (let k = 0; k < page.chars.length; k++) {
    const c = page.chars[k];
    if (c && c.start >= start && c.end <= end) {
      if (first < 0) { first = k; }
      last = k;
    }
  }
  if (first < 0) { return { ok: false, reason: NOTHING() }; }
  return anchorOn(page, first, last + 1);
}

/**
 * A selection [start, end) of a Markdown view made from `storage`. `toStorage` turns Markdown into
 * storage against that same body (the page's converter); it may throw when the Markdown cannot be
 * converted.
 */
export function selectionInMarkdown(storage: string, markdown: string, start: number, end: number,
  toStorage: (markdown: string) => string): SelectionResult {
  const from = Math.max(skipBlockSyntax(markdown, start), frontMatterEnd(markdown));
  const to = trimEnd(markdown, end);
  if (to <= from) { return { ok: false, reason: NOTHING() }; }
  let marked: string;
  try {
    marked = toStorage(`${markdown.slice(0, from)}${START}${markdown.slice(from, to)}${END}${markdown.slice(to)}`);
  } catch {
    return { ok: false, reason: UNMATCHED() };
  }
  const page = pageText(storage);
  const withMarks = pageText(marked).text;
  const a = withMarks.indexOf(START);
  const b = withMarks.indexOf(END);
  if (a < 0 || b < a || withMarks.replace(START, '').replace(END, '') !== page.text) {
    return { ok: false, reason: UNMATCHED() };
  }
  return a === b - 1 ? { ok: false, reason: NOTHING() } : anchorOn(page, a, b - 1);
}

/** The anchor for page text [first, end): trimmed, within one block, and an occurrence Confluence can count. */
function anchorOn(page: PageText, first: number, end: number): SelectionResult {
  // Whitespace and block breaks at the edges are not part of the selection; a break inside it is.
  let a = first;
  let b = end;
  while (a < b && /\s/.test(page.text[a] ?? '')) { a++; }
  while (b > a && /\s/.test(page.text[b - 1] ?? '')) { b--; }
  if (a >= b) { return { ok: false, reason: NOTHING() }; }
  for (let k = a; k < b; k++) {
    if (page.chars[k] === undefined) { return { ok: false, reason: ACROSS_BLOCKS() }; }
  }
  const text = page.text.slice(a, b);
  const found = occurrences(page.text, text);
  const index = found.indexOf(a);
  if (index < 0) {
    return { ok: false, reason: l10n.t('"{0}" overlaps an earlier occurrence of the same text, which Confluence cannot tell apart. Select a little more.', text) };
  }
  return { ok: true, selection: { text, matchCount: found.length, matchIndex: index } };
}

/** Block syntax at the start of a line (heading marks, list bullets, quote marks, task boxes) is not text. */
function skipBlockSyntax(markdown: string, at: number): number {
  const lineStart = markdown.lastIndexOf('\n', at - 1) + 1;
  if (markdown.slice(lineStart, at).trim() !== '' && !/^[ \t]*(#{1,6}|>|[-*+]|\d+[.)])?[ \t]*$/.test(markdown.slice(lineStart, at))) {
    return at;
  }
  const m = /^[ \t]*(?:(?:#{1,6}|>|[-*+](?:[ \t]+\[[ xX]\])?|\d+[.)])[ \t]+)*/.exec(markdown.slice(lineStart));
  return Math.max(at, lineStart + (m?.[0].length ?? 0));
}

function trimEnd(markdown: string, at: number): number {
  let end = at;
  while (end > 0 && /\s/.test(markdown[end - 1] ?? '')) { end--; }
  return end;
}
