// The Markdown dialect of the page view: CommonMark + GFM (tables, task lists, strike-through,
// extended autolinks) + generic directives (the inline and macro forms), read with markdown-it
// (markdownParser.ts, tokensToMdast.ts) and written by hand (writeMarkdown.ts), both over mdast.
// Two additions of our own: the `[!NOTE]` line that opens a GitHub alert is written verbatim (an
// `alertMarker` node), and U+00A0 in text is written `&nbsp;`, so the no-break spaces Confluence
// scatters through pages stay visible and editable.
import type { Root } from 'mdast';
import { markdownTokens } from './markdownParser';
import { tokensToMdast } from './tokensToMdast';

export { writeMarkdown, type WriteOptions } from './writeMarkdown';
export type { AlertMarker } from './markdownNodes';

/**
 * Parses Markdown (without front matter) into mdast with positions; `firstLine` is the line of the
 * document the text starts on, so lines in refusals count from the top of the whole document.
 */
export function parseMarkdown(markdown: string, firstLine = 1): Root {
  return tokensToMdast(markdownTokens(markdown), markdown, firstLine);
}
