// markdown-it's token stream → the mdast tree both directions of the converter work on. Block nodes
// get their lines (and top-level blocks their offsets) from the tokens' line maps; inline nodes the
// line of their block plus the line breaks before them, which is all a refusal needs to point at.
// Soft line breaks stay inside the text (`"a\nb"`), as mdast has them.
import type {
  BlockContent, Code, Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Table, TableCell, TableRow, Text,
} from 'mdast';
import type { DirectiveMeta } from './directiveSyntax';
import { unescapeMarkdown, type ReferenceMeta, type Token } from './markdownParser';

type Position = NonNullable<Root['position']>;

interface Lines {
  /** Offset of the start of each line of the source. */
  readonly starts: readonly number[];
  readonly source: string;
  /** 1-based line number of the source's first line in the whole document. */
  readonly first: number;
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) { starts.push(i + 1); }
  return starts;
}

/**
 * The position of a block that spans `map` (trailing blank lines left out). Only top-level blocks need
 * offsets (to slice their source); a nested block gets its first line, which is all a refusal uses.
 */
function blockPosition(lines: Lines, map: [number, number] | null, topLevel: boolean): Position | undefined {
  if (!map) { return undefined; }
  if (!topLevel) { return at(lines.first + map[0]); }
  const { starts, source } = lines;
  let last = Math.max(map[0], map[1] - 1);
  const lineText = (i: number): string => source.slice(starts[i] ?? source.length, (starts[i + 1] ?? source.length + 1) - 1);
  while (last > map[0] && lineText(last).trim() === '') { last--; }
  let start = starts[map[0]] ?? source.length;
  while (source[start] === ' ' || source[start] === '\t') { start++; }
  const lastStart = starts[last] ?? source.length;
  const end = lastStart + lineText(last).length;
  return {
    start: { line: lines.first + map[0], column: 1 + start - (starts[map[0]] ?? 0), offset: start },
    end: { line: lines.first + last, column: 1 + end - lastStart, offset: end },
  };
}

/** Positions of inline nodes, one per line, shared: nothing changes a position once it is read. */
const linePositions: Position[] = [];

function at(line: number): Position {
  let position = linePositions[line];
  if (!position) {
    position = { start: { line, column: 1 }, end: { line, column: 1 } };
    if (line < 100_000) { linePositions[line] = position; }
  }
  return position;
}

class TokenReader {
  index = 0;
  constructor(readonly tokens: readonly Token[], readonly lines: Lines) {}

  next(): Token | undefined { return this.tokens[this.index++]; }

  /** Blocks until the closing token of type `close` (consumed) or the end. */
  blocks(close?: string): RootContent[] {
    const out: RootContent[] = [];
    for (let t = this.next(); t; t = this.next()) {
      if (t.type === close) { break; }
      const node = this.block(t);
      if (node) {
        const position = blockPosition(this.lines, t.map, close === undefined);
        if (position) { node.position = position; }
        out.push(node);
      }
    }
    return out;
  }

  /** The inline content of the next token (an `inline` token), and skips the closing token. */
  inline(): PhrasingContent[] {
    const inline = this.next();
    this.index++;
    const line = this.lines.first + (inline?.map?.[0] ?? 0);
    return phrasing(inline?.children ?? [], line);
  }

  block(t: Token): RootContent | undefined {
    switch (t.type) {
      case 'paragraph_open': {
        const paragraph: Paragraph = { type: 'paragraph', children: this.inline() };
        if ((t.meta as { directiveLabel?: boolean } | null)?.directiveLabel) { paragraph.data = { directiveLabel: true }; }
        return paragraph;
      }
      case 'heading_open': return { type: 'heading', depth: Number(t.tag.slice(1)) as Heading['depth'], children: this.inline() };
      case 'blockquote_open': return { type: 'blockquote', children: this.blocks('blockquote_close') as BlockContent[] };
      case 'bullet_list_open': case 'ordered_list_open': return this.list(t);
      case 'fence': return code(t);
      case 'code_block': return { type: 'code', lang: null, meta: null, value: t.content.replace(/\n$/, '') };
      case 'hr': return { type: 'thematicBreak' };
      case 'html_block': return { type: 'html', value: t.content.replace(/\n$/, '') };
      case 'table_open': return this.table();
      case 'leaf_directive_open': {
        const meta = t.meta as DirectiveMeta;
        const children = this.tokens[this.index]?.type === 'inline' ? this.inline() : (this.index++, []);
        return { type: 'leafDirective', name: meta.name, attributes: { ...meta.attributes }, children };
      }
      case 'container_directive_open': {
        const meta = t.meta as DirectiveMeta;
        return { type: 'containerDirective', name: meta.name, attributes: { ...meta.attributes }, children: this.blocks('container_directive_close') as BlockContent[] };
      }
      case 'definition': {
        const label = /^\[([^\]]*)\]/.exec(t.content)?.[1] ?? '';
        return label.startsWith('^')
          ? { type: 'footnoteDefinition', identifier: label.slice(1), children: [] }
          : { type: 'definition', identifier: label, url: '' };
      }
      default: return undefined;
    }
  }

  list(open: Token): List {
    const ordered = open.type === 'ordered_list_open';
    const start = ordered ? Number(open.attrGet('start') ?? 1) : null;
    const items: ListItem[] = [];
    for (let t = this.next(); t && t.type !== open.type.replace('_open', '_close'); t = this.next()) {
      if (t.type !== 'list_item_open') { continue; }
      const item: ListItem = { type: 'listItem', spread: false, children: this.blocks('list_item_close') as ListItem['children'] };
      const position = blockPosition(this.lines, t.map, false);
      if (position) { item.position = position; }
      taskItem(item);
      items.push(item);
    }
    return { type: 'list', ordered, start, spread: false, children: items };
  }

  table(): Table {
    const rows: TableRow[] = [];
    const align: Table['align'] = [];
    let row: TableCell[] | undefined;
    for (let t = this.next(); t && t.type !== 'table_close'; t = this.next()) {
      if (t.type === 'tr_open') { row = []; } else if (t.type === 'tr_close' && row) { rows.push({ type: 'tableRow', children: row }); row = undefined; } else if ((t.type === 'th_open' || t.type === 'td_open') && row) {
        if (t.type === 'th_open') { align.push(alignment(t.attrGet('style'))); }
        row.push({ type: 'tableCell', children: this.inline() });
      }
    }
    return { type: 'table', align, children: rows };
  }
}

function alignment(style: string | null): 'left' | 'right' | 'center' | null {
  const value = /text-align:(left|right|center)/.exec(style ?? '')?.[1];
  return value === 'left' || value === 'right' || value === 'center' ? value : null;
}

function code(t: Token): Code {
  const info = unescapeMarkdown(t.info).trim();
  const space = info.search(/[ \t]/);
  const lang = space < 0 ? info : info.slice(0, space);
  const meta = space < 0 ? '' : info.slice(space).trim();
  return { type: 'code', lang: lang === '' ? null : lang, meta: meta === '' ? null : meta, value: t.content.replace(/\n$/, '') };
}

/** `[ ] ` or `[x] ` opening an item's first paragraph makes it a task (GFM); the marker is removed. */
function taskItem(item: ListItem): void {
  const first = item.children[0];
  const head = first?.type === 'paragraph' ? first.children[0] : undefined;
  if (head?.type !== 'text' || !(head.data as { task?: boolean } | undefined)?.task) { return; }
  delete head.data;
  if (head.value.slice(3).trim() === '' && first?.type === 'paragraph' && first.children.length === 1) { return; }
  item.checked = head.value[1] !== ' ';
  head.value = head.value.slice(4);
  if (head.value === '' && first?.type === 'paragraph') { first.children.shift(); }
}

type Parent = { children: PhrasingContent[] };

/** Inline tokens → phrasing content; `line` is the line the inline content starts on. */
function phrasing(tokens: readonly Token[], line: number): PhrasingContent[] {
  const root: Parent = { children: [] };
  const stack: Parent[] = [root];
  let current = line;
  const top = (): Parent => stack[stack.length - 1] ?? root;
  const add = (node: PhrasingContent): void => { node.position = at(current); top().children.push(node); };
  const text = (value: string, plain: boolean, first: boolean): void => {
    const siblings = top().children;
    const last = siblings[siblings.length - 1];
    if (last?.type === 'text') { last.value += value; return; }
    const node: Text = { type: 'text', value };
    // A task marker must be plain text at the very start (an escaped `\[` is not one).
    if (plain && first && /^\[[ xX]\][ \t]/.test(value)) { node.data = { task: true } as Text['data']; }
    add(node);
  };
  const open = (node: PhrasingContent & Parent): void => { add(node); stack.push(node); };
  tokens.forEach((t, i) => {
    switch (t.type) {
      case 'text': text(t.content, true, i === 0); break;
      case 'text_special': text(t.content, false, i === 0); break;
      case 'softbreak': text('\n', false, false); current++; break;
      case 'hardbreak': add({ type: 'break' }); current++; break;
      case 'code_inline': add({ type: 'inlineCode', value: t.content }); break;
      case 'html_inline': add({ type: 'html', value: t.content }); current += t.content.split('\n').length - 1; break;
      case 'em_open': open({ type: 'emphasis', children: [] }); break;
      case 'strong_open': open({ type: 'strong', children: [] }); break;
      case 's_open': open({ type: 'delete', children: [] }); break;
      case 'link_open': {
        const reference = (t.meta as ReferenceMeta | null)?.reference;
        if (reference?.startsWith('^')) {
          // A footnote reference has no content of its own; what markdown-it read as its text is dropped.
          add({ type: 'footnoteReference', identifier: reference.slice(1) });
          stack.push({ children: [] });
        } else if (reference !== undefined) {
          open({ type: 'linkReference', identifier: reference, referenceType: 'full', children: [] });
        } else {
          open({ type: 'link', url: t.attrGet('href') ?? '', title: t.attrGet('title'), children: [] });
        }
        break;
      }
      case 'image': {
        const reference = (t.meta as ReferenceMeta | null)?.reference;
        const alt = plainText(t.children ?? []);
        add(reference !== undefined ? { type: 'imageReference', identifier: reference, referenceType: 'full', alt } : { type: 'image', url: t.attrGet('src') ?? '', title: t.attrGet('title'), alt });
        break;
      }
      case 'text_directive_open': {
        const meta = t.meta as DirectiveMeta;
        open({ type: 'textDirective', name: meta.name, attributes: { ...meta.attributes }, children: [], ...(meta.bare ? { data: { bare: true } } : {}) });
        break;
      }
      case 'em_close': case 'strong_close': case 's_close': case 'link_close': case 'text_directive_close':
        if (stack.length > 1) { stack.pop(); }
        break;
      default: break;
    }
  });
  return root.children;
}

/** The text of an image description: what is left of its inline content without the markup. */
function plainText(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.type === 'softbreak' || t.type === 'hardbreak' ? '\n' : t.type === 'image' ? plainText(t.children ?? []) : t.type.endsWith('_open') || t.type.endsWith('_close') || t.type === 'html_inline' ? '' : t.content)).join('');
}

/** The mdast tree of `tokens`, read from `source` whose first line is line `firstLine` of the document. */
export function tokensToMdast(tokens: readonly Token[], source: string, firstLine = 1): Root {
  const reader = new TokenReader(tokens, { starts: lineStarts(source), source, first: firstLine });
  return { type: 'root', children: reader.blocks() };
}
