// mdast blocks → storage as Confluence Cloud's editor writes it: <p>, <h1>…<h6>, <ul>/<ol> with
// <li><p>…</p></li>, <ac:task-list>, the code macro for fenced code, info/tip/note/warning macros for
// GitHub alerts, <table data-layout="default"><tbody>… for GFM tables, directives for other macros.
import type { BlockContent, Code, List, Nodes, PhrasingContent, RootContent, Table } from 'mdast';
import type { ContainerDirective, LeafDirective } from './markdownNodes';
import { macro, phrasingToStorage, refuse, type WriteContext } from './toStorageInline';
import { cdata } from './storageText';

/** GitHub alert → macro. IMPORTANT has no admonition of its own in Confluence; it becomes `note`. */
const MACRO_OF_ALERT: ReadonlyMap<string, string> = new Map([['NOTE', 'info'], ['TIP', 'tip'], ['WARNING', 'note'], ['CAUTION', 'warning'], ['IMPORTANT', 'note']]);
const ALERT_LINE = /^\[!(NOTE|TIP|WARNING|CAUTION|IMPORTANT)\](?:[ \t]+([^\n]*))?(?:\n|$)/i;

/** The fenced-code language that marks a block kept as storage. */
export const KEPT_LANGUAGE = 'confluence';

export function blocksToStorage(ctx: WriteContext, nodes: readonly RootContent[]): string {
  return nodes.map((n) => blockToStorage(ctx, n)).join('');
}

export function blockToStorage(ctx: WriteContext, node: RootContent): string {
  switch (node.type) {
    case 'paragraph': return `<p>${phrasingToStorage(ctx, node.children)}</p>`;
    case 'heading': return `<h${node.depth}>${phrasingToStorage(ctx, node.children)}</h${node.depth}>`;
    case 'thematicBreak': return '<hr />';
    case 'blockquote': return alert(ctx, node.children) ?? `<blockquote>${blocksToStorage(ctx, node.children)}</blockquote>`;
    case 'list': return list(ctx, node);
    case 'code': return code(ctx, node);
    case 'table': return table(ctx, node);
    case 'html': return node.value;
    case 'leafDirective': case 'containerDirective': return directiveBlock(ctx, node);
    case 'definition': return refuse(ctx, node, 'link reference definitions have no Confluence form; write [text](url)');
    case 'footnoteDefinition': return refuse(ctx, node, 'footnotes have no Confluence form');
    case 'yaml': return refuse(ctx, node, 'front matter is only allowed at the very top');
    default: return refuse(ctx, node, `${node.type} cannot stand on its own here`);
  }
}

/** `> [!NOTE] title` followed by the body, or undefined if the quote is not an alert. */
function alert(ctx: WriteContext, children: readonly (BlockContent | RootContent)[]): string | undefined {
  const first = children[0];
  const lead = first?.type === 'paragraph' ? first.children[0] : undefined;
  const leadText = lead?.type === 'text' ? lead.value : lead?.type === 'alertMarker' ? lead.value : undefined;
  if (!first || first.type !== 'paragraph' || leadText === undefined) { return undefined; }
  const m = ALERT_LINE.exec(leadText);
  if (!m) { return undefined; }
  const macroName = MACRO_OF_ALERT.get((m[1] ?? '').toUpperCase()) ?? 'info';
  // The title is the rest of the marker line; what follows the line break is the body's first paragraph.
  const lineEnd = leadText.indexOf('\n');
  if (lineEnd < 0 && first.children.length > 1) { return refuse(ctx, first, 'an alert title must be plain text'); }
  const title = m[2];
  const rest = lineEnd < 0 ? '' : leadText.slice(lineEnd + 1);
  const firstRest: PhrasingContent[] = lineEnd < 0 ? [] : [...(rest === '' ? [] : [{ type: 'text', value: rest } as PhrasingContent]), ...first.children.slice(1)];
  const body: (BlockContent | RootContent)[] = firstRest.length > 0 ? [{ type: 'paragraph', children: firstRest }, ...children.slice(1)] : children.slice(1);
  const params = title !== undefined && title !== '' ? `<ac:parameter ac:name="title">${phrasingToStorage(ctx, [{ type: 'text', value: title }])}</ac:parameter>` : '';
  return `<ac:structured-macro ac:name="${macroName}" ac:schema-version="1" ac:macro-id="${ctx.newMacroId()}">${params}<ac:rich-text-body>${blocksToStorage(ctx, body as RootContent[])}</ac:rich-text-body></ac:structured-macro>`;
}

function list(ctx: WriteContext, node: List): string {
  const tasks = node.children.length > 0 && node.children.every((item) => typeof item.checked === 'boolean');
  if (tasks && !node.ordered) {
    return `<ac:task-list>${node.children.map((item) => {
      const [only, ...more] = item.children;
      if (!only || only.type !== 'paragraph' || more.length > 0) { return refuse(ctx, item, 'a task holds one paragraph (no nested blocks)'); }
      return `<ac:task><ac:task-id>${ctx.newTaskId()}</ac:task-id><ac:task-status>${item.checked ? 'complete' : 'incomplete'}</ac:task-status><ac:task-body>${phrasingToStorage(ctx, only.children)}</ac:task-body></ac:task>`;
    }).join('')}</ac:task-list>`;
  }
  const tag = node.ordered ? 'ol' : 'ul';
  const start = node.ordered && typeof node.start === 'number' && node.start !== 1 ? ` start="${node.start}"` : '';
  const items = node.children.map((item) => {
    const prefix = typeof item.checked === 'boolean' ? [{ type: 'text', value: item.checked ? '[x] ' : '[ ] ' } as PhrasingContent] : [];
    const children = item.children.map((c, i) => (i === 0 && c.type === 'paragraph' ? { ...c, children: [...prefix, ...c.children] } : c));
    return `<li>${blocksToStorage(ctx, children)}</li>`;
  }).join('');
  return `<${tag}${start}>${items}</${tag}>`;
}

/** The info string as written: `python {title="x"}` (read back as one string, see toMdastBlocks.ts). */
export function infoString(node: Code): string {
  return [node.lang, node.meta].filter((s): s is string => typeof s === 'string' && s !== '').join(' ');
}

const INFO_ATTRIBUTE = /\s*([A-Za-z_:][\w.:-]*)=(?:"([^"]*)"|([^\s"{}`=]+))/y;

/** Parses `{key=value key2="two words"}`; undefined if the text is not in that notation. */
export function readInfoAttributes(text: string): [string, string][] | undefined {
  const inner = text.trim();
  if (!inner.startsWith('{') || !inner.endsWith('}')) { return undefined; }
  const body = inner.slice(1, -1);
  const out: [string, string][] = [];
  INFO_ATTRIBUTE.lastIndex = 0;
  while (INFO_ATTRIBUTE.lastIndex < body.length && body.slice(INFO_ATTRIBUTE.lastIndex).trim() !== '') {
    const m = INFO_ATTRIBUTE.exec(body);
    if (!m || !m[1]) { return undefined; }
    out.push([m[1], m[2] !== undefined ? m[2].replace(/&quot;/g, '"').replace(/&amp;/g, '&') : (m[3] ?? '')]);
  }
  return out;
}

function code(ctx: WriteContext, node: Code): string {
  const info = infoString(node);
  if (node.lang === KEPT_LANGUAGE && (node.meta ?? '') === '') { return node.value; }
  let params: [string, string][] = [];
  if (info !== '') {
    const braceAt = info.indexOf('{');
    const language = braceAt < 0 ? info.trim() : info.slice(0, braceAt).trim();
    const attrs = braceAt < 0 ? [] : readInfoAttributes(info.slice(braceAt));
    if (attrs === undefined || /\s/.test(language)) { return refuse(ctx, node, 'a code block\'s info string is a language, then optionally {key=value …}'); }
    params = language === '' ? attrs : [['language', language], ...attrs];
  }
  const parameters = params.map(([k, v]) => `<ac:parameter ac:name="${k}">${v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</ac:parameter>`).join('');
  return `<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="${ctx.newMacroId()}">${parameters}<ac:plain-text-body>${cdata(node.value)}</ac:plain-text-body></ac:structured-macro>`;
}

function table(ctx: WriteContext, node: Table): string {
  const rows = node.children.map((row, r) => `<tr>${row.children.map((cell) => {
    const tag = r === 0 ? 'th' : 'td';
    const inner = cell.children.length > 0 ? `<p>${phrasingToStorage(ctx, cell.children)}</p>` : '<p />';
    return `<${tag}>${inner}</${tag}>`;
  }).join('')}</tr>`).join('');
  return `<table data-layout="default"><tbody>${rows}</tbody></table>`;
}

function directiveBlock(ctx: WriteContext, node: LeafDirective | ContainerDirective): string {
  const attrs = Object.entries(node.attributes ?? {}).map(([k, v]): [string, string] => [k, v ?? '']);
  const ownName = node.name === 'macro' ? undefined : node.name;
  if (node.type === 'leafDirective') {
    if (node.children.length > 0) { refuse(ctx, node as Nodes, 'a block macro (::name{…}) takes no [label]; put text in a container (:::name)'); }
    return macro(ctx, node, ownName, attrs, undefined);
  }
  return macro(ctx, node, ownName, attrs, blocksToStorage(ctx, node.children as RootContent[]));
}
