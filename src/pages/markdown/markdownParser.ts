// The markdown-it set-up that reads page Markdown: CommonMark with raw HTML, GFM tables,
// strike-through, task items and extended autolinks, generic directives, no typographic replacements.
// Destinations are kept as written (markdown-it would percent-encode `page:Team handbook` and refuse
// some schemes); a carriage return is content, not a line ending (Markdown text keeps what storage
// held). Link reference definitions and reference-style links are marked, not resolved silently: they
// have no Confluence form and are refused when saved.
import MarkdownIt from 'markdown-it';
import { autolinkLiteralPlugin } from './autolinkLiterals';
import { directivePlugin } from './directiveSyntax';

type RuleBlock = Parameters<MarkdownIt['block']['ruler']['before']>[2];
type RuleInline = Parameters<MarkdownIt['inline']['ruler']['before']>[2];
export type Token = ReturnType<MarkdownIt['parse']>[number];

/** `meta` of a link or image token written as a reference (`[text][label]`, `[label]`). */
export interface ReferenceMeta { readonly reference: string }

/** A link or image rule that marks the reference forms it reads. */
function markingReferences(rule: RuleInline): RuleInline {
  return (state, silent) => {
    const start = state.pos;
    const before = state.tokens.length;
    if (!rule(state, silent)) { return false; }
    if (!silent && state.src.charCodeAt(state.pos - 1) !== 0x29 /* ) */) {
      const token = state.tokens.slice(before).find((t) => t.type === 'link_open' || t.type === 'image');
      const labels = /^!?\[([\s\S]*?)\](?:\[([\s\S]*)\])?$/.exec(state.src.slice(start, state.pos));
      if (token) { token.meta = { reference: labels?.[2] || labels?.[1] || '' } satisfies ReferenceMeta; }
    }
    return true;
  };
}

/** The definition rule, leaving a `definition` token where it read one. */
function markingDefinitions(rule: RuleBlock): RuleBlock {
  return (state, startLine, endLine, silent) => {
    if (!rule(state, startLine, endLine, silent)) { return false; }
    if (!silent) {
      const token = state.push('definition', '', 0);
      token.map = [startLine, state.line];
      token.content = state.getLines(startLine, state.line, state.blkIndent, false).trim();
    }
    return true;
  };
}

/** markdown-it keeps a ruler's rules in `__rules__`; `at` replaces one by name. */
interface RulerInternals<F> { __rules__: { name: string; fn: F }[]; at(name: string, fn: F): void }

function wrapRule<F>(ruler: unknown, name: string, wrap: (fn: F) => F): void {
  const internals = ruler as RulerInternals<F>;
  const rule = internals.__rules__.find((r) => r.name === name);
  if (!rule) { throw new Error(`markdown-it has no rule ${name}`); }
  internals.at(name, wrap(rule.fn));
}

function createParser(): MarkdownIt {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  md.normalizeLink = (url: string): string => url;
  md.normalizeLinkText = (text: string): string => text;
  md.validateLink = (): boolean => true;
  md.core.ruler.disable(['normalize', 'linkify', 'replacements', 'smartquotes', 'text_join']);
  md.inline.ruler.disable(['linkify']);
  wrapRule(md.inline.ruler, 'link', markingReferences);
  wrapRule(md.inline.ruler, 'image', markingReferences);
  wrapRule(md.block.ruler, 'reference', markingDefinitions);
  directivePlugin(md);
  autolinkLiteralPlugin(md);
  return md;
}

let parser: MarkdownIt | undefined;

/** markdown-it's token stream for page Markdown (front matter already split off). */
export function markdownTokens(markdown: string): Token[] {
  parser ??= createParser();
  return parser.parse(markdown, {});
}

/** Backslash escapes and character references decoded, as in a fenced code block's info string. */
export function unescapeMarkdown(text: string): string {
  parser ??= createParser();
  return parser.utils.unescapeAll(text);
}
