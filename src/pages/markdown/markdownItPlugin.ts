// A markdown-it plugin for VS Code's Markdown preview of page Markdown: kept ```confluence blocks
// render as labelled boxes (a macro's name and parameters, a layout's columns), directive forms as
// boxes and small chips (a mention as "@user", a status as its title, an inline comment as highlighted
// text). Raw storage is never shown as markup, and everything written out is escaped: it is server text.
// Images of the page's own attachments (`![…](attachment:team-map.png)`, and kept `<ac:image>` storage,
// which is how most images with a size or alignment read) point at `attachments/<file>` next to the
// document, which the preview loads through the `confluence:` file system (attachmentUri.ts).
// Plain function, no `vscode`: `extendMarkdownIt(md) { return markdownItConfluence(md); }`.
import type MarkdownIt from 'markdown-it';
import { relativeAttachmentPath } from '../attachmentUri';
import { urlToLinkTarget } from './linkTargets';
import { attribute, decodeText, parseStorage, type StorageElement, type StorageNode } from './storageTree';

type RuleInline = Parameters<MarkdownIt['inline']['ruler']['before']>[2];
type RuleBlock = Parameters<MarkdownIt['block']['ruler']['before']>[2];
type StateInline = Parameters<RuleInline>[0];
type StateBlock = Parameters<RuleBlock>[0];
type RuleCore = Parameters<MarkdownIt['core']['ruler']['push']>[1];
type Token = StateInline['tokens'][number];

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const LAYOUTS: Record<string, string> = {
  single: 'one column', fixed_width: 'one column', 'fixed-width': 'one column', two_equal: 'two columns', two_left_sidebar: 'two columns, sidebar left',
  two_right_sidebar: 'two columns, sidebar right', three_equal: 'three columns', three_with_sidebars: 'three columns with sidebars', four_equal: 'four columns', five_equal: 'five columns',
};
const MACRO_TITLES: Record<string, string> = { toc: 'Table of contents', jira: 'Jira', children: 'Child pages', 'excerpt-include': 'Excerpt include', include: 'Include page', expand: 'Expand' };

function macroTitle(name: string): string {
  return MACRO_TITLES[name] ?? `${name.charAt(0).toUpperCase()}${name.slice(1)} macro`;
}

function describeParameters(entries: readonly (readonly [string, string])[]): string {
  return entries.filter(([, v]) => v !== '').map(([k, v]) => (k === '' || k === 'default' ? v : `${k}=${v}`)).join(', ');
}

/** Elements whose text stands apart from its neighbours' (a layout's cells, paragraphs, list items). */
const BLOCK_TEXT = new Set(['p', 'li', 'td', 'th', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div', 'pre', 'blockquote',
  'ac:layout-cell', 'ac:layout-section', 'ac:task', 'ac:rich-text-body', 'ac:plain-text-body']);

function textOf(source: string, nodes: readonly StorageNode[]): string {
  return nodes.map((n) => {
    if (n.kind === 'text') { return decodeText(source.slice(n.start, n.end)); }
    if (n.kind === 'cdata') { return source.slice(n.start + 9, n.end - 3); }
    if (n.kind !== 'element') { return ''; }
    const inner = textOf(source, n.children);
    return BLOCK_TEXT.has(n.name) ? ` ${inner} ` : inner;
  }).join('');
}

/** A one-line label for a kept storage block: what it is, not how it is written. */
export function describeStorage(storage: string): { label: string; text: string } {
  const doc = parseStorage(storage);
  const top = doc.children.find((n): n is StorageElement => n.kind === 'element');
  const text = textOf(storage, doc.children).replace(/\s+/g, ' ').trim().slice(0, 200);
  if (!top) { return { label: 'Storage', text }; }
  if (top.name === 'ac:structured-macro' || top.name === 'ac:macro') {
    const name = attribute(top, 'ac:name') ?? '';
    const params = top.children.filter((c): c is StorageElement => c.kind === 'element' && c.name === 'ac:parameter')
      .map((p) => [attribute(p, 'ac:name') ?? '', textOf(storage, p.children)] as const);
    const described = describeParameters(params);
    return { label: `${macroTitle(name)}${described ? ` · ${described}` : ''}`, text };
  }
  if (top.name === 'ac:layout') {
    const sections = top.children.filter((c): c is StorageElement => c.kind === 'element' && c.name === 'ac:layout-section');
    return { label: `Layout: ${sections.map((s) => LAYOUTS[attribute(s, 'ac:type') ?? ''] ?? attribute(s, 'ac:type') ?? 'section').join(' · ')}`, text };
  }
  if (top.name === 'ac:adf-extension') {
    const node = top.children.find((c): c is StorageElement => c.kind === 'element' && c.name === 'ac:adf-node');
    return { label: `Extension: ${node ? attribute(node, 'type') ?? 'node' : 'node'}`, text };
  }
  const names: Record<string, string> = { table: 'Table', dl: 'Definition list', 'ac:task-list': 'Task list', 'ac:image': 'Image', p: 'Paragraph', div: 'Section' };
  return { label: names[top.name] ?? `Storage: ${top.name}`, text };
}

/** A kept `<ac:image>` of one of the page's attachments: where the preview loads it from. */
function keptImage(storage: string): { src: string; alt: string } | undefined {
  const top = parseStorage(storage).children.find((n): n is StorageElement => n.kind === 'element');
  if (top?.name !== 'ac:image') { return undefined; }
  const resource = top.children.find((c): c is StorageElement => c.kind === 'element' && c.name === 'ri:attachment');
  const file = resource ? attribute(resource, 'ri:filename') : undefined;
  return file ? { src: relativeAttachmentPath(file), alt: attribute(top, 'ac:alt') ?? file } : undefined;
}

/** Reads `{key="value" key2=value}` at `pos`; returns the attributes and the end offset. */
function readAttributes(src: string, pos: number): { attrs: Map<string, string>; end: number } | undefined {
  if (src[pos] !== '{') { return undefined; }
  const attrs = new Map<string, string>();
  const re = /\s*([A-Za-z_:][\w.:-]*)(?:=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`}]+)))?|\s*\}/y;
  re.lastIndex = pos + 1;
  for (;;) {
    const m = re.exec(src);
    if (!m) { return undefined; }
    if (m[0].trim() === '}') { return { attrs, end: re.lastIndex }; }
    attrs.set(m[1] ?? '', decodeText(m[2] ?? m[3] ?? m[4] ?? ''));
  }
}

/** The end of a `[label]` starting at `pos` (brackets balanced, backslash escapes skipped). */
function labelEnd(src: string, pos: number, max: number): number {
  let depth = 0;
  for (let i = pos; i < max; i++) {
    const c = src[i];
    if (c === '\\') { i++; continue; }
    if (c === '`') { const close = src.indexOf('`', i + 1); if (close < 0 || close >= max) { return -1; } i = close; continue; }
    if (c === '[') { depth++; } else if (c === ']') { depth--; if (depth === 0) { return i; } }
  }
  return -1;
}

function chip(name: string, attrs: Map<string, string>, label: string): { cls: string; text?: string; title?: string } {
  switch (name) {
    case 'mention': return { cls: 'mention', text: '@user', title: [...attrs.values()].join(' ') };
    case 'comment': return { cls: 'comment', title: 'inline comment' };
    case 'status': return { cls: `status status-${(attrs.get('colour') ?? 'grey').toLowerCase()}`, text: attrs.get('title') ?? 'status' };
    case 'emoticon': return { cls: 'emoticon', text: attrs.get('emoji-fallback') ?? `:${attrs.get('name') ?? 'emoticon'}:` };
    case 'anchor': return { cls: 'anchor', text: `⚓ ${attrs.get('default') ?? label}` };
    case 'time': return { cls: 'time', text: attrs.get('datetime') ?? 'date' };
    case 'placeholder': return { cls: 'placeholder' };
    case 'br': return { cls: 'br' };
    case 'confluence': {
      const top = parseStorage(label).children.find((n): n is StorageElement => n.kind === 'element');
      return { cls: 'raw', text: top ? describeStorage(label).label : 'storage', title: 'kept as Confluence storage' };
    }
    default: {
      const params = describeParameters([...attrs]);
      return { cls: 'macro', text: params ? `${macroTitle(name)} · ${params}` : macroTitle(name), title: name };
    }
  }
}

const LABEL_SHOWN = new Set(['comment', 'placeholder', 'span', 'u', 'sub', 'sup', 'small', 'big', 'del', 'ins', 'strike', 's', 'em', 'i', 'b', 'strong', 'code', 'a', 'mark', 'kbd', 'cite', 'q', 'abbr', 'font', 'tt', 'var', 'samp', 'dfn']);

function inlineDirective(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x3a || (start > 0 && src[start - 1] === ':')) { return false; }
  const name = /^[A-Za-z][\w-]*/.exec(src.slice(start + 1, Math.min(state.posMax, start + 80)))?.[0];
  if (!name) { return false; }
  let pos = start + 1 + name.length;
  let label: [number, number] | undefined;
  if (src[pos] === '[') {
    const end = labelEnd(src, pos, state.posMax);
    if (end < 0) { return false; }
    label = [pos + 1, end];
    pos = end + 1;
  }
  const read = readAttributes(src, pos);
  if (read) { pos = read.end; }
  if (!label && !read) { return false; }
  if (!silent) {
    let labelText = label ? src.slice(label[0], label[1]) : '';
    if (name === 'confluence') { labelText = labelText.replace(/^`+|`+$/g, '').replace(/\\(.)/g, '$1'); }
    const image = name === 'confluence' ? keptImage(labelText) : undefined;
    if (image) {
      const img = state.push('image', 'img', 0);
      img.attrs = [['src', image.src], ['alt', '']];
      const alt = new state.Token('text', '', 0);
      alt.content = image.alt;
      img.children = [alt];
      state.pos = pos;
      return true;
    }
    const c = chip(name, read?.attrs ?? new Map(), labelText);
    const open = state.push('confluence_chip_open', 'span', 1);
    open.attrSet('class', `confluence-chip confluence-${c.cls}`);
    if (c.title) { open.attrSet('title', c.title); }
    if (c.text !== undefined) {
      const text = state.push('text', '', 0);
      text.content = c.text;
    } else if (label && LABEL_SHOWN.has(name)) {
      const oldMax = state.posMax;
      state.pos = label[0];
      state.posMax = label[1];
      state.md.inline.tokenize(state);
      state.posMax = oldMax;
    }
    state.push('confluence_chip_close', 'span', -1);
  }
  state.pos = pos;
  return true;
}

function blockDirective(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineStart = (state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0);
  const line = state.src.slice(lineStart, state.eMarks[startLine]);
  const m = /^(:{2,})([A-Za-z][\w-]*)(.*)$/.exec(line);
  if (!m || !m[1] || !m[2]) { return false; }
  const attrs = readAttributes(m[3] ?? '', 0)?.attrs ?? new Map<string, string>();
  if (silent) { return true; }
  const container = m[1].length >= 3;
  let next = startLine + 1;
  if (container) {
    while (next < endLine) {
      const text = state.src.slice((state.bMarks[next] ?? 0) + (state.tShift[next] ?? 0), state.eMarks[next]);
      if (new RegExp(`^:{${m[1].length},}\\s*$`).test(text)) { break; }
      next++;
    }
  }
  const name = attrs.get('name') !== undefined && m[2] === 'macro' ? attrs.get('name') ?? m[2] : m[2];
  const open: Token = state.push('confluence_box_open', 'div', 1);
  open.attrSet('class', `confluence-box confluence-macro-${name.replace(/[^\w-]/g, '')}`);
  open.meta = { label: `${macroTitle(name)}${describeParameters([...attrs].filter(([k]) => k !== 'name')) ? ` · ${describeParameters([...attrs].filter(([k]) => k !== 'name'))}` : ''}` };
  if (container) { state.md.block.tokenize(state, startLine + 1, next); }
  state.push('confluence_box_close', 'div', -1);
  state.line = container ? Math.min(next + 1, endLine) : startLine + 1;
  return true;
}

/** `attachment:` image sources become the attachment's file next to the document (see attachmentUri.ts). */
const attachmentImages: RuleCore = (state) => {
  for (const block of state.tokens) {
    for (const t of block.children ?? []) {
      if (t.type !== 'image') { continue; }
      const target = urlToLinkTarget(t.attrGet('src') ?? '');
      if (target?.kind === 'attachment') { t.attrSet('src', relativeAttachmentPath(target.filename)); }
    }
  }
};

const ALERTS: Record<string, string> = { NOTE: 'Note', TIP: 'Tip', IMPORTANT: 'Important', WARNING: 'Warning', CAUTION: 'Caution' };

/**
 * GitHub-style alerts (`> [!NOTE]`, how the info, note, tip and warning macros read as Markdown) are
 * labelled boxes: VS Code's own preview shows the marker as text. Runs before inline parsing, on the
 * first paragraph of each block quote.
 */
const alerts: RuleCore = (state) => {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i];
    const para = tokens[i + 1];
    const inline = tokens[i + 2];
    if (open?.type !== 'blockquote_open' || para?.type !== 'paragraph_open' || inline?.type !== 'inline') { continue; }
    const m = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)/.exec(inline.content);
    if (!m || !m[1]) { continue; }
    const kind = m[1];
    inline.content = inline.content.slice(m[0].length);
    if (inline.content.trim() === '') { tokens.splice(i + 1, 3); }
    open.type = 'confluence_box_open';
    open.tag = 'div';
    open.attrSet('class', `confluence-box confluence-alert confluence-alert-${kind.toLowerCase()}`);
    open.meta = { label: ALERTS[kind] ?? kind };
    let depth = 0;
    for (let j = i + 1; j < tokens.length; j++) {
      const t = tokens[j];
      if (!t) { break; }
      if (t.type === 'blockquote_open') { depth++; }
      if (t.type === 'blockquote_close') {
        if (depth === 0) { t.type = 'confluence_box_close'; t.tag = 'div'; break; }
        depth--;
      }
    }
  }
};

export function markdownItConfluence(md: MarkdownIt): MarkdownIt {
  md.core.ruler.before('inline', 'confluence_alerts', alerts);
  md.core.ruler.push('confluence_attachment_images', attachmentImages);
  md.inline.ruler.before('emphasis', 'confluence_directive', inlineDirective);
  md.block.ruler.before('fence', 'confluence_block_directive', blockDirective, { alt: ['paragraph'] });
  md.renderer.rules.confluence_box_open = (tokens, idx) => {
    const t = tokens[idx] as Token;
    const label = (t.meta as { label?: string } | null)?.label ?? '';
    return `<div class="${escapeHtml(t.attrGet('class') ?? '')}"><div class="confluence-box-label">${escapeHtml(label)}</div>`;
  };
  md.renderer.rules.confluence_box_close = () => '</div>\n';
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const t = tokens[idx] as Token;
    if (t.info.trim() !== 'confluence') { return fence ? fence(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options); }
    const image = keptImage(t.content);
    if (image) { return `<p class="confluence-kept-image"><img src="${escapeHtml(image.src)}" alt="${escapeHtml(image.alt)}"></p>\n`; }
    const { label, text } = describeStorage(t.content);
    return `<div class="confluence-box confluence-kept"><div class="confluence-box-label">${escapeHtml(label)}</div>${text ? `<div class="confluence-box-text">${escapeHtml(text)}</div>` : ''}</div>\n`;
  };
  return md;
}
