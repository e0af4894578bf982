// The Markdown dialect of the page view, parsed and written with the mdast/micromark family:
// CommonMark + GFM (tables, task lists, strike-through, autolinks) + generic directives (the inline
// and macro forms) + YAML front matter. Two additions of our own, both written by custom handlers:
//  - `alertMarker`: the `[!NOTE]` line that opens a GitHub alert, written verbatim (the default text
//    handler would escape its `[`);
//  - U+00A0 in text is written `&nbsp;`, so the no-break spaces Confluence scatters through pages stay
//    visible and editable (Markdown decodes the reference back to U+00A0).
import type { Literal, Nodes, Root, Text } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toMarkdown, defaultHandlers, type ConstructName, type Handle, type Options as ToMarkdownOptions } from 'mdast-util-to-markdown';
import { gfmFromMarkdown, gfmToMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { directiveFromMarkdown, directiveToMarkdown } from 'mdast-util-directive';
import { directive } from 'micromark-extension-directive';

/** The first line of a GitHub alert (`[!NOTE] optional title`), kept out of text escaping. */
export interface AlertMarker extends Literal {
  type: 'alertMarker';
}

declare module 'mdast' {
  interface PhrasingContentMap { alertMarker: AlertMarker }
  interface RootContentMap { alertMarker: AlertMarker }
}

const micromarkExtensions = [gfm(), directive()];
const mdastExtensions = [gfmFromMarkdown(), directiveFromMarkdown()];

/** Parses Markdown (without front matter) into mdast with positions. */
export function parseMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: micromarkExtensions, mdastExtensions });
}

const writeText: Handle = (node: Text, parent, state, info) => {
  const written = defaultHandlers.text(node, parent, state, info);
  return written.includes('\u00a0') ? written.replace(/\u00a0/g, '&nbsp;') : written;
};

const writeAlertMarker: Handle = (node: AlertMarker) => node.value;

/**
 * Directives need `:` escaped where a name could follow, but a link destination is never read for
 * directives, so `page:Title` stays as written instead of `page\:Title`.
 */
function directiveWriting(): ToMarkdownOptions {
  const extension = directiveToMarkdown({ collapseEmptyAttributes: true, preferShortcut: false, quote: '"' });
  const unsafe = (extension.unsafe ?? []).map((pattern) => (pattern.character === ':' && !pattern.atBreak
    ? { ...pattern, notInConstruct: ['destinationLiteral', 'destinationRaw', 'titleQuote', 'titleApostrophe'] as ConstructName[] }
    : pattern));
  return { ...extension, unsafe };
}

const toMarkdownOptions: ToMarkdownOptions = {
  bullet: '-',
  bulletOther: '*',
  emphasis: '*',
  strong: '*',
  fence: '`',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
  incrementListMarker: true,
  resourceLink: false,
  extensions: [gfmToMarkdown({ tablePipeAlign: false, tableCellPadding: true }), directiveWriting()],
  handlers: { text: writeText, alertMarker: writeAlertMarker },
};

/** Writes one block (or a root) as Markdown, without a trailing newline. */
export function writeMarkdown(node: Nodes, options: { bullet?: '-' | '*' | '+'; bulletOrdered?: '.' | ')' } = {}): string {
  const written = toMarkdown(node, { ...toMarkdownOptions, ...options, ...(options.bullet === '*' ? { bulletOther: '-' as const } : {}) });
  return written.endsWith('\n') ? written.slice(0, -1) : written;
}
