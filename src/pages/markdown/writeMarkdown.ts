// mdast blocks → Markdown, in the form mdast-util-to-markdown writes with the page view's options:
// `-` bullets (`*` for a list right after another one), `1.` numbers counting up, one space after
// the marker, fenced code with backticks, `---` rules, `*`/`**`/`~~` marks, GFM tables with padded
// cells and plain delimiter rows, directives with `"`-quoted attributes. Blocks are separated by a
// blank line; inside a list item only two paragraphs in a row are.
import type { Code, List, ListItem, Nodes, Paragraph, RootContent, Table } from 'mdast';
import { characterReference } from './escapeText';
import type { ContainerDirective, LeafDirective } from './markdownNodes';
import { writeAttributes, writePhrasing, type InlineContext } from './writeInline';

export interface WriteOptions {
  /** Marker of unordered lists (default `-`). */
  readonly bullet?: '-' | '*' | '+';
  /** Delimiter of ordered lists (default `.`). */
  readonly bulletOrdered?: '.' | ')';
}

interface Settings { readonly bullet: string; readonly bulletOrdered: string }

const PARAGRAPH: InlineContext = {};
const CELL: InlineContext = { cell: true, line: true };
const HEADING: InlineContext = { heading: true, line: true };
const LABEL_LINE: InlineContext = { label: true, line: true };

const otherBullet = (s: Settings, ordered: boolean, marker: string): string => (ordered ? (marker === '.' ? ')' : '.') : marker === '*' ? '-' : '*');

function flow(children: readonly RootContent[], s: Settings, inItem: boolean): string {
  let out = '';
  let previousMarker: string | undefined;
  children.forEach((child, i) => {
    const previous = children[i - 1];
    if (previous) { out += inItem && !(previous.type === 'paragraph' && child.type === 'paragraph') ? '\n' : '\n\n'; }
    if (child.type === 'list') {
      const marker = listMarker(child, s, previousMarker);
      out += list(child, s, marker);
      previousMarker = marker;
    } else {
      out += block(child, s);
      previousMarker = undefined;
    }
  });
  return out;
}

/** The marker of a list: the preferred one, or the other when the list follows one that used it. */
function listMarker(node: List, s: Settings, previousMarker: string | undefined): string {
  const preferred = node.ordered ? s.bulletOrdered : s.bullet;
  // `- ---` would read as a rule: a list whose item starts with a rule takes the other bullet.
  const rule = !node.ordered && preferred === '-' && node.children.some((item) => item.children[0]?.type === 'thematicBreak');
  return preferred === previousMarker || rule ? otherBullet(s, node.ordered === true, preferred) : preferred;
}

function indentLines(value: string, map: (line: string, index: number, blank: boolean) => string): string {
  return value.split('\n').map((line, i) => map(line, i, line === '')).join('\n');
}

function list(node: List, s: Settings, marker: string): string {
  const start = typeof node.start === 'number' && node.start > -1 ? node.start : 1;
  return node.children.map((item, i) => listItem(item, s, node.ordered ? `${start + i}${marker}` : marker)).join('\n');
}

function listItem(item: ListItem, s: Settings, bullet: string): string {
  const size = bullet.length + 1;
  let value = indentLines(flow(item.children, s, true), (line, i, blank) => {
    if (i > 0) { return blank ? '' : ' '.repeat(size) + line; }
    return blank ? bullet : `${bullet} ${line}`;
  });
  if (typeof item.checked === 'boolean' && item.children[0]?.type === 'paragraph') {
    value = value.replace(/^(?:[*+-]|\d+[).])[\t ]+/, (m) => `${m}[${item.checked ? 'x' : ' '}] `);
  }
  return value;
}

function paragraph(node: Paragraph): string {
  return writePhrasing(node.children, PARAGRAPH, '', '');
}

function code(node: Code): string {
  const value = node.value;
  let longest = 0;
  for (const m of value.matchAll(/`+/g)) { longest = Math.max(longest, m[0].length); }
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const info = [node.lang, node.meta].filter((x): x is string => typeof x === 'string' && x !== '').join(' ')
    .replace(/`|[\r\n]|&(?=[#A-Za-z])|\\(?=[!-/:-@[-`{-~])/g, (c) => (c === '&' || c === '\\' ? `\\${c}` : characterReference(c)));
  return `${fence}${info}\n${value === '' ? '' : `${value}\n`}${fence}`;
}

function table(node: Table): string {
  const rows = node.children.map((row) => row.children.map((cell) => writePhrasing(cell.children, CELL, '', '')));
  const columns = node.align && node.align.length > 0 ? node.align.length : Math.max(0, ...rows.map((r) => r.length));
  const head = rows[0];
  if (head) { while (head.length < columns) { head.push(''); } }
  const delimiter = Array.from({ length: columns }, (_, i) => {
    const a = node.align?.[i];
    return a === 'center' ? ':-:' : a === 'left' ? ':-' : a === 'right' ? '-:' : '-';
  });
  const line = (cells: readonly string[]): string => cells.map((c, i) => `${i === 0 ? '|' : ''}${c === '' ? '' : ' '}${c} |`).join('');
  return [head ?? [], delimiter, ...rows.slice(1)].map(line).join('\n');
}

/** The longest run of colons alone on a line of `value` (the fence of a container around it must be longer). */
function longestColonLine(value: string): number {
  let longest = 0;
  for (const m of value.matchAll(/^[\t ]*(:+)[\t ]*$/gm)) { longest = Math.max(longest, (m[1] ?? '').length); }
  return longest;
}

function containerDirective(node: ContainerDirective, s: Settings): string {
  const first = node.children[0];
  const labelled = first?.type === 'paragraph' && first.data?.directiveLabel === true;
  const children = labelled ? node.children.slice(1) : node.children;
  const content = flow(children, s, false);
  const fence = ':'.repeat(Math.max(3, longestColonLine(content) + 1));
  const label = labelled ? `[${writePhrasing(first.children, LABEL_LINE, '[', ']')}]` : '';
  return `${fence}${node.name}${label}${writeAttributes(node.attributes)}${content === '' ? '' : `\n${content}`}\n${fence}`;
}

function leafDirective(node: LeafDirective): string {
  const label = node.children.length > 0 ? `[${writePhrasing(node.children, LABEL_LINE, '[', ']')}]` : '';
  return `::${node.name}${label}${writeAttributes(node.attributes)}`;
}

function block(node: RootContent, s: Settings): string {
  switch (node.type) {
    case 'paragraph': return paragraph(node);
    case 'heading': {
      const content = writePhrasing(node.children, HEADING, '', '');
      return content === '' ? '#'.repeat(node.depth) : `${'#'.repeat(node.depth)} ${content}`;
    }
    case 'thematicBreak': return '---';
    case 'blockquote': return indentLines(flow(node.children, s, false), (line, _i, blank) => (blank ? '>' : `> ${line}`));
    case 'list': return list(node, s, listMarker(node, s, undefined));
    case 'code': return code(node);
    case 'table': return table(node);
    case 'html': return node.value;
    case 'containerDirective': return containerDirective(node, s);
    case 'leafDirective': return leafDirective(node);
    default: return 'children' in node && node.type !== 'listItem' ? writePhrasing(node.children as never, PARAGRAPH, '', '') : 'value' in node ? String(node.value) : '';
  }
}

/** One block (or a root) as Markdown, without a trailing newline. */
export function writeMarkdown(node: Nodes, options: WriteOptions = {}): string {
  const settings: Settings = { bullet: options.bullet ?? '-', bulletOrdered: options.bulletOrdered ?? '.' };
  if (node.type === 'root') { return flow(node.children, settings, false); }
  return block(node as RootContent, settings);
}
