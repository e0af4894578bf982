// GFM's extended autolinks for markdown-it: `www.example.com`, `https://example.com/path` and
// `name@example.com` typed as bare text become links, as GitHub (and micromark's GFM extension) read
// them. A core rule over text tokens, run before escapes are joined into the text around them, so an
// escaped character (`www\.example.com`, `http\://…`, `a\@b.org`) is never part of a link: that is how
// the writer keeps such text text.
import type MarkdownIt from 'markdown-it';

type RuleCore = Parameters<MarkdownIt['core']['ruler']['before']>[2];
type StateCore = Parameters<RuleCore>[0];
type Token = StateCore['tokens'][number];

const URL_START = /https?:\/\/|www\./gi;
const EMAIL_LOCAL = /[A-Za-z0-9.+_-]/;
const EMAIL_DOMAIN = /[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+/y;
const DOMAIN = /^[\w-]+(?:\.[\w-]+)*/;
const TRAILING = /[?!.,:*_~]$/;

/** Characters after which an extended autolink may start. */
function boundaryBefore(ch: string): boolean {
  return ch === '' || /[\s*_~(]/.test(ch);
}

function validDomain(domain: string): boolean {
  const segments = domain.split('.');
  return segments.length >= 2 && segments.slice(-2).every((s) => s !== '' && !s.includes('_'));
}

/** The length of the link at the start of `rest` (a scheme or `www.` first), trailing punctuation left out. */
function urlLength(rest: string): number {
  const scheme = /^https?:\/\//i.exec(rest)?.[0] ?? '';
  const domain = DOMAIN.exec(rest.slice(scheme.length))?.[0] ?? '';
  if (!validDomain(domain)) { return 0; }
  let link = /^[^\s<]*/.exec(rest)?.[0] ?? '';
  for (;;) {
    const before = link;
    if (TRAILING.test(link)) { link = link.slice(0, -1); }
    if (link.endsWith(')') && (link.match(/\)/g)?.length ?? 0) > (link.match(/\(/g)?.length ?? 0)) { link = link.slice(0, -1); }
    const entity = /&[A-Za-z0-9]+;$/.exec(link);
    if (entity) { link = link.slice(0, entity.index); }
    if (link === before) { break; }
  }
  return link.length > scheme.length ? link.length : 0;
}

interface Found { start: number; end: number; url: string }

function findLinks(text: string, previous: string): Found[] {
  const found: Found[] = [];
  URL_START.lastIndex = 0;
  for (let m = URL_START.exec(text); m; m = URL_START.exec(text)) {
    const before = m.index > 0 ? (text[m.index - 1] as string) : previous;
    if (!boundaryBefore(before)) { continue; }
    const length = urlLength(text.slice(m.index));
    if (length === 0) { continue; }
    const value = text.slice(m.index, m.index + length);
    found.push({ start: m.index, end: m.index + length, url: /^www\./i.test(value) ? `http://${value}` : value });
    URL_START.lastIndex = m.index + length;
  }
  // An address is read outwards from its `@`, so a long word without one costs one pass.
  for (let at = text.indexOf('@'); at > 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && EMAIL_LOCAL.test(text[start - 1] as string)) { start--; }
    EMAIL_DOMAIN.lastIndex = at + 1;
    const domain = EMAIL_DOMAIN.exec(text)?.[0];
    const end = at + 1 + (domain?.length ?? 0);
    if (start === at || !domain || (start === 0 && EMAIL_LOCAL.test(previous)) || /[-_]$/.test(domain) || found.some((f) => f.start < end && start < f.end)) { continue; }
    found.push({ start, end, url: `mailto:${text.slice(start, end)}` });
  }
  return found.sort((a, b) => a.start - b.start);
}

function lastChar(token: Token | undefined): string {
  const text = token?.content ?? '';
  return text.slice(-1);
}

/** Splits `token` around the links found in it. */
function linked(state: StateCore, token: Token, links: readonly Found[]): Token[] {
  const out: Token[] = [];
  const text = (content: string): void => {
    if (content === '') { return; }
    const t = new state.Token('text', '', 0);
    t.content = content;
    t.level = token.level;
    out.push(t);
  };
  let at = 0;
  for (const link of links) {
    text(token.content.slice(at, link.start));
    const open = new state.Token('link_open', 'a', 1);
    open.attrs = [['href', link.url]];
    open.markup = 'linkify';
    open.info = 'auto';
    open.level = token.level;
    out.push(open);
    const label = new state.Token('text', '', 0);
    label.content = token.content.slice(link.start, link.end);
    label.level = token.level + 1;
    out.push(label);
    const close = new state.Token('link_close', 'a', -1);
    close.markup = 'linkify';
    close.info = 'auto';
    close.level = token.level;
    out.push(close);
    at = link.end;
  }
  text(token.content.slice(at));
  return out;
}

const autolinkLiterals: RuleCore = (state: StateCore): void => {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children || !/:\/\/|www\.|@/i.test(block.content)) { continue; }
    const children: Token[] = [];
    let linkDepth = 0;
    for (const [i, token] of block.children.entries()) {
      if (token.type === 'link_open') { linkDepth++; } else if (token.type === 'link_close') { linkDepth--; }
      const links = token.type === 'text' && linkDepth === 0 ? findLinks(token.content, lastChar(block.children[i - 1])) : [];
      if (links.length === 0) { children.push(token); } else { children.push(...linked(state, token, links)); }
    }
    block.children = children;
  }
};

export function autolinkLiteralPlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'gfm_autolink_literal', autolinkLiterals);
}
