// Storage block elements → mdast blocks. Throws Inexpressible when a block has no Markdown form; the
// caller then keeps the block as storage. Whether the Markdown really gives the block back is checked
// afterwards by converting it back (see blockViews.ts); this file only proposes.
import type { BlockContent, Code, List, ListItem, Paragraph, PhrasingContent, RootContent, Table, TableRow } from 'mdast';
import type { AlertMarker, ContainerDirective, LeafDirective } from './markdownNodes';
import {
  Inexpressible, contentAttributes, isWhitespaceText, macroDirectiveHead, macroParts, phrasing, significantChildren, type MacroParts, type Source,
} from './toMdastInline';
import { cdataContent, sliceOf, type StorageElement, type StorageNode } from './storageTree';

/** Confluence's admonition macros and the GitHub alert each one is shown as. */
export const ALERT_OF_MACRO: ReadonlyMap<string, string> = new Map([['info', 'NOTE'], ['tip', 'TIP'], ['note', 'WARNING'], ['warning', 'CAUTION']]);

const BLOCK_ELEMENTS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'ac:task-list', 'blockquote', 'hr', 'table', 'pre', 'div', 'dl', 'ac:layout',
  'ac:layout-section', 'ac:layout-cell', 'ac:adf-extension', 'section', 'center', 'ac:image',
]);

function fail(why: string): never {
  throw new Inexpressible(why);
}

function requireNoContentAttributes(el: StorageElement): void {
  if (contentAttributes(el).length > 0) { fail(`<${el.name}> has attributes Markdown cannot show`); }
}

export function blockToMdast(doc: Source, el: StorageElement): RootContent {
  switch (el.name) {
    case 'p': return paragraph(doc, el);
    case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': {
      requireNoContentAttributes(el);
      const children = phrasing(doc, el.children).map(function lineBreaksAsForms(node): PhrasingContent {
        // An ATX heading is one line: a line break inside it can only be written as the :br form.
        if (node.type === 'break') { return { type: 'textDirective', name: 'br', attributes: {}, children: [] }; }
        return 'children' in node ? { ...node, children: (node.children as PhrasingContent[]).map(lineBreaksAsForms) } as PhrasingContent : node;
      });
      if (children.length === 0) { fail('empty heading'); }
      return { type: 'heading', depth: Number(el.name[1]) as 1 | 2 | 3 | 4 | 5 | 6, children };
    }
    case 'ul': case 'ol': return list(doc, el);
    case 'ac:task-list': return taskList(doc, el);
    case 'blockquote': requireNoContentAttributes(el); return { type: 'blockquote', children: containerBlocks(doc, el.children) as BlockContent[] };
    case 'hr':
      requireNoContentAttributes(el);
      if (el.children.length > 0) { fail('<hr> with content'); }
      return { type: 'thematicBreak' };
    case 'table': return table(doc, el);
    case 'ac:structured-macro': return blockMacro(doc, el);
    default: return fail(`<${el.name}> has no Markdown form`);
  }
}

function paragraph(doc: Source, el: StorageElement): Paragraph {
  requireNoContentAttributes(el);
  if (el.children.every((c) => isWhitespaceText(doc, c))) { fail('empty paragraph'); }
  return { type: 'paragraph', children: phrasing(doc, el.children) };
}

function isBlockNode(node: StorageNode): boolean {
  return node.kind === 'element' && (BLOCK_ELEMENTS.has(node.name) || node.name === 'ac:structured-macro');
}

/**
 * The content of a list item, quote or macro body: block elements become blocks, and a run of inline
 * content between them becomes a paragraph (older pages write `<li>text<ul>…</ul></li>`).
 */
export function containerBlocks(doc: Source, nodes: readonly StorageNode[]): RootContent[] {
  // Macros are blocks unless they sit in running text.
  const hasBlocks = nodes.some((n) => n.kind === 'element' && BLOCK_ELEMENTS.has(n.name))
    || nodes.every((n) => isWhitespaceText(doc, n) || (n.kind === 'element' && n.name === 'ac:structured-macro'));
  const out: RootContent[] = [];
  let run: StorageNode[] = [];
  const flush = (): void => {
    if (run.some((n) => !isWhitespaceText(doc, n))) {
      const trimmed = run.slice(run.findIndex((n) => !isWhitespaceText(doc, n)));
      while (trimmed.length > 0 && isWhitespaceText(doc, trimmed[trimmed.length - 1] as StorageNode)) { trimmed.pop(); }
      out.push({ type: 'paragraph', children: phrasing(doc, trimmed) });
    }
    run = [];
  };
  for (const node of nodes) {
    if (hasBlocks && isBlockNode(node) && node.kind === 'element') {
      flush();
      out.push(blockToMdast(doc, node));
    } else {
      run.push(node);
    }
  }
  flush();
  return out;
}

function list(doc: Source, el: StorageElement): List {
  const attrs = contentAttributes(el);
  const start = el.name === 'ol' && attrs.length === 1 && attrs[0]?.[0] === 'start' ? Number(attrs[0][1]) : undefined;
  if (attrs.length > (start === undefined ? 0 : 1) || (start !== undefined && !(Number.isInteger(start) && start >= 0 && start < 1e9))) { fail('list attributes'); }
  const items: ListItem[] = [];
  for (const child of significantChildren(doc, el)) {
    if (child.kind !== 'element' || child.name !== 'li') { fail('list child that is not <li>'); }
    requireNoContentAttributes(child);
    const blocks = containerBlocks(doc, child.children);
    items.push({ type: 'listItem', spread: false, children: blocks as ListItem['children'] });
  }
  if (items.length === 0) { fail('empty list'); }
  return { type: 'list', ordered: el.name === 'ol', start: start ?? (el.name === 'ol' ? 1 : null), spread: false, children: items };
}

function taskList(doc: Source, el: StorageElement): List {
  requireNoContentAttributes(el);
  const items: ListItem[] = [];
  for (const task of significantChildren(doc, el)) {
    if (task.kind !== 'element' || task.name !== 'ac:task') { fail('task list child that is not a task'); }
    requireNoContentAttributes(task);
    const parts = significantChildren(doc, task);
    const names = parts.map((p) => (p.kind === 'element' ? p.name : '#'));
    if (names.join() !== 'ac:task-id,ac:task-status,ac:task-body') { fail('task with unusual parts'); }
    const [, status, body] = parts as StorageElement[];
    const statusText = status ? sliceOf(doc, status).replace(/<[^>]*>/g, '') : '';
    if (statusText !== 'complete' && statusText !== 'incomplete') { fail('task status'); }
    const children: PhrasingContent[] = body ? phrasing(doc, body.children) : [];
    if (children.length === 0) { fail('empty task'); }
    items.push({ type: 'listItem', spread: false, checked: statusText === 'complete', children: [{ type: 'paragraph', children }] });
  }
  if (items.length === 0) { fail('empty task list'); }
  return { type: 'list', ordered: false, start: null, spread: false, children: items };
}

function table(doc: Source, el: StorageElement): Table {
  requireNoContentAttributes(el);
  const sections = significantChildren(doc, el);
  const tbody = sections[0];
  if (sections.length !== 1 || tbody?.kind !== 'element' || tbody.name !== 'tbody') { fail('table without a single <tbody>'); }
  requireNoContentAttributes(tbody);
  const rows: TableRow[] = [];
  let width = -1;
  for (const [index, tr] of significantChildren(doc, tbody).entries()) {
    if (tr.kind !== 'element' || tr.name !== 'tr') { fail('table row'); }
    requireNoContentAttributes(tr);
    const cells = significantChildren(doc, tr);
    if (width >= 0 && cells.length !== width) { fail('rows of different widths'); }
    width = cells.length;
    rows.push({
      type: 'tableRow',
      children: cells.map((cell) => {
        if (cell.kind !== 'element' || cell.name !== (index === 0 ? 'th' : 'td')) { fail('header row of <th>, then rows of <td>'); }
        requireNoContentAttributes(cell);
        // Cloud writes an empty cell as <p />.
        const only = significantChildren(doc, cell);
        const first = only[0];
        if (only.length === 1 && first?.kind === 'element' && first.name === 'p' && first.children.length === 0 && contentAttributes(first).length === 0) { return { type: 'tableCell', children: [] }; }
        const blocks = containerBlocks(doc, cell.children);
        const block = blocks[0];
        if (blocks.length > 1 || (block && block.type !== 'paragraph')) { fail('table cell with blocks'); }
        return { type: 'tableCell', children: block?.type === 'paragraph' ? block.children : [] };
      }),
    });
  }
  if (rows.length === 0 || width === 0) { fail('empty table'); }
  return { type: 'table', align: Array.from({ length: width }, () => null), children: rows };
}

function blockMacro(doc: Source, el: StorageElement): RootContent {
  const parts = macroParts(doc, el);
  if (!parts) { fail('macro with structured parameters'); }
  if (parts.name === 'code') { return codeMacro(doc, parts); }
  const alert = ALERT_OF_MACRO.get(parts.name);
  const parameterNames = Object.keys(parts.parameters);
  if (alert && parts.richBody && parameterNames.every((k) => k === 'title')) {
    const title = parts.parameters.title;
    const marker: AlertMarker = { type: 'alertMarker', value: `[!${alert}]${title !== undefined ? ` ${escapeTitle(title)}` : ''}` };
    if (title === '') { fail('empty alert title'); }
    const body = containerBlocks(doc, parts.richBody.children) as BlockContent[];
    return { type: 'blockquote', children: [{ type: 'paragraph', children: [marker] }, ...body] };
  }
  if (parts.plainBody) { fail('macro with a plain-text body'); }
  const head = macroDirectiveHead(parts);
  if (!head) { fail('macro parameters'); }
  if (parts.richBody) {
    const container: ContainerDirective = { type: 'containerDirective', name: head.name, attributes: head.attributes, children: containerBlocks(doc, parts.richBody.children) as BlockContent[] };
    return container;
  }
  const leaf: LeafDirective = { type: 'leafDirective', name: head.name, attributes: head.attributes, children: [] };
  return leaf;
}

/** A title after `[!NOTE]`, with Markdown's special characters escaped so it reads back as written. */
function escapeTitle(title: string): string {
  return title.replace(/[\\`*_[\]<>&!~|#{}]/g, '\\$&');
}

const INFO_VALUE = /^[^\s"{}`=]+$/;

/** `key=value key2="two words"`, the notation of fence info strings. */
export function writeInfoAttributes(entries: readonly (readonly [string, string])[]): string {
  return entries.map(([k, v]) => `${k}=${INFO_VALUE.test(v) ? v : `"${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`}`).join(' ');
}

function codeMacro(doc: Source, parts: MacroParts): Code {
  if (parts.richBody) { fail('code macro with a rich body'); }
  let value = '';
  if (parts.plainBody) {
    for (const c of parts.plainBody.children) {
      if (c.kind !== 'cdata') { fail('code body that is not CDATA'); }
      value += cdataContent(doc, c);
    }
    if (parts.plainBody.children.length === 0) { fail('empty code body element'); }
  } else {
    fail('code macro without a body');
  }
  const entries = Object.entries(parts.parameters);
  const first = entries[0];
  let lang: string | null = null;
  if (first && first[0] === 'language' && /^[\w+#.-]+$/.test(first[1])) { lang = first[1]; entries.shift(); }
  const meta = entries.length > 0 ? `{${writeInfoAttributes(entries)}}` : null;
  // mdast-util-to-markdown writes the meta only after a language; without one the attributes stand
  // in the language's place (the info string is read back as a whole).
  return lang === null ? { type: 'code', lang: meta, meta: null, value } : { type: 'code', lang, meta, value };
}
