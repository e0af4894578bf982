// mdast phrasing → Markdown: marks, code, links, images, line breaks and text directives, with text
// escaped for where it stands (escapeText.ts). Emphasis next to letters or spaces that would stop it
// from forming gets the neighbouring character written as a reference, as mdast-util-to-markdown does.
import type { Link, PhrasingContent } from 'mdast';
import { characterReference, escapeText, type TextPlace } from './escapeText';
import type { DirectiveAttributes } from './markdownNodes';

/** Where phrasing is written: a paragraph (nothing set), a label, a table cell, a heading. */
export type InlineContext = TextPlace;

const labels = new WeakMap<InlineContext, InlineContext>();

/** The same place inside a label (a link text, an image description, a directive label). */
function inLabel(ctx: InlineContext): InlineContext {
  if (ctx.label) { return ctx; }
  let label = labels.get(ctx);
  if (!label) { label = { ...ctx, label: true }; labels.set(ctx, label); }
  return label;
}

const NAME_CHAR = /[^\s\p{P}\p{S}]|[-_]/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;

/** 1 for whitespace (and nothing), 2 for punctuation, 0 for anything else, as CommonMark classifies flanking. */
function classify(ch: string): 0 | 1 | 2 {
  if (ch === '' || /\s/.test(ch)) { return 1; }
  return PUNCTUATION.test(ch) ? 2 : 0;
}

function firstChar(s: string): string {
  const cp = s.codePointAt(0);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

function lastChar(s: string): string {
  if (s === '') { return ''; }
  const low = s.charCodeAt(s.length - 1);
  const high = s.charCodeAt(s.length - 2);
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? s.slice(-2) : s.slice(-1);
}

/** A lone surrogate cannot be written as a reference (it is not a character). */
const isLoneSurrogate = (ch: string): boolean => ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff;

/** Whether the characters on both sides of an emphasis marker need a reference for the emphasis to form. */
function encodeInfo(outside: string, inside: string, marker: string): { inside: boolean; outside: boolean } {
  const o = classify(outside);
  const i = classify(inside);
  if (o === 0) { return i === 0 ? { inside: marker === '_', outside: marker === '_' } : i === 1 ? { inside: true, outside: true } : { inside: false, outside: true }; }
  if (o === 1) { return i === 1 ? { inside: true, outside: true } : { inside: false, outside: false }; }
  return { inside: i === 1, outside: false };
}

function encodeFirst(s: string): string {
  const ch = firstChar(s);
  return ch === '' || classify(ch) === 2 || isLoneSurrogate(ch) ? s : characterReference(ch) + s.slice(ch.length);
}

function encodeLast(s: string): string {
  const ch = lastChar(s);
  if (ch === '' || classify(ch) === 2 || isLoneSurrogate(ch)) { return s; }
  let rest = s.slice(0, s.length - ch.length);
  let backslashes = 0;
  while (rest.charCodeAt(rest.length - 1 - backslashes) === 0x5c) { backslashes++; }
  if (backslashes % 2 === 1) { rest += '\\'; }
  return rest + characterReference(ch);
}

/** `<https://…>` instead of `[https://…](https://…)`. */
function isAutolink(node: Link): boolean {
  const only = node.children[0];
  if (node.children.length !== 1 || only?.type !== 'text' || node.title || node.url === '') { return false; }
  return (only.value === node.url || `mailto:${only.value}` === node.url) && /^[a-z][+\-.a-z]+:/i.test(node.url) && !/[\0- <>\u007F]/.test(node.url);
}

/** The first character a node is written with. */
function peek(node: PhrasingContent | undefined, after: string): string {
  if (!node) { return after; }
  switch (node.type) {
    case 'text': return firstChar(node.value);
    case 'emphasis': case 'strong': return '*';
    case 'delete': return '~';
    case 'inlineCode': return '`';
    case 'break': return '\\';
    case 'link': return isAutolink(node) ? '<' : '[';
    case 'image': return '!';
    case 'textDirective': return ':';
    case 'html': case 'alertMarker': return firstChar(node.value);
    default: return '';
  }
}

const escapeDestinationChar = (s: string, i: number, special: RegExp): string => {
  const c = s[i] as string;
  const next = s[i + 1] ?? '';
  if (special.test(c) || (c === '&' && /[#A-Za-z]/.test(next)) || (c === '\\' && /[!-/:-@[-`{-~]/.test(next))) { return `\\${c}`; }
  return c === '\n' ? '&#xA;' : c;
};

/** A link destination: `<…>` when it holds spaces or control characters, raw otherwise. */
export function destination(url: string, hasTitle: boolean): string {
  let out = '';
  if (/[\0- \u007F]/.test(url) || (url === '' && hasTitle)) {
    for (let i = 0; i < url.length; i++) { out += escapeDestinationChar(url, i, /[<>]/); }
    return `<${out}>`;
  }
  for (let i = 0; i < url.length; i++) { out += escapeDestinationChar(url, i, i === 0 ? /[()<]/ : /[()]/); }
  return out;
}

function title(value: string | null | undefined): string {
  if (value === null || value === undefined) { return ''; }
  let out = '';
  for (let i = 0; i < value.length; i++) { out += escapeDestinationChar(value, i, /"/); }
  return ` "${out}"`;
}

/** `{key="value" flag}`; `&…`, quotes and line breaks in values as references (a line break could start a block). */
export function writeAttributes(attributes: DirectiveAttributes | null | undefined): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined) { continue; }
    if (value === '') { parts.push(key); continue; }
    const encoded = value.replace(/&(?=[#A-Za-z])|"|[\n\r]/g, (c) => (c === '&' ? '&#x26;' : c === '"' ? '&#x22;' : characterReference(c)));
    parts.push(`${key}="${encoded}"`);
  }
  return parts.length > 0 ? `{${parts.join(' ')}}` : '';
}

function inlineCode(value: string, cell: boolean): string {
  let sequence = '`';
  while (new RegExp(`(^|[^\`])${sequence}([^\`]|$)`).test(value)) { sequence += '`'; }
  let body = /[^\n\r ]/.test(value) && ((/^[\n\r ]/.test(value) && /[\n\r ]$/.test(value)) || /^`|`$/.test(value)) ? ` ${value} ` : value;
  // In a table cell a pipe is escaped even in code: the table is split on pipes before code is read.
  if (cell) { body = body.replace(/\|/g, '\\|'); }
  return sequence + body + sequence;
}

/** Phrasing content as Markdown; `before`/`after` are the characters written around it. */
export function writePhrasing(nodes: readonly PhrasingContent[], ctx: InlineContext, before: string, after: string): string {
  const pieces: string[] = [];
  const isText: boolean[] = [];
  let last = before;
  let encodeNext = false;
  nodes.forEach((node, i) => {
    const following = peek(nodes[i + 1], after);
    let written: string;
    let text = false;
    switch (node.type) {
      case 'text':
        written = escapeText(node.value, last, following, ctx, nodes[i - 1]?.type === 'textDirective');
        if (encodeNext) { written = encodeFirst(written); }
        text = true;
        break;
      case 'emphasis': case 'strong': case 'delete': {
        const strike = node.type === 'delete';
        const single = strike ? '~' : last === '*' || following === '*' ? '_' : '*';
        const marker = node.type === 'emphasis' ? single : single + single;
        let inner = writePhrasing(node.children, ctx, marker, marker);
        if (inner === '') { written = ''; break; }
        const open = encodeInfo(last, firstChar(inner), single);
        const close = encodeInfo(following, lastChar(inner), single);
        if (open.inside) { inner = encodeFirst(inner); }
        if (close.inside) { inner = encodeLast(inner); }
        const previous = pieces.length - 1;
        if (open.outside && isText[previous] && last !== '\n') { pieces[previous] = encodeLast(pieces[previous] ?? ''); }
        written = marker + inner + marker;
        encodeNext = close.outside;
        break;
      }
      case 'inlineCode': written = inlineCode(node.value, ctx.cell === true); break;
      case 'break': written = '\\\n'; break;
      case 'link':
        written = isAutolink(node)
          ? `<${node.url.startsWith('mailto:') && !(node.children[0] as { value: string }).value.startsWith('mailto:') ? node.url.slice(7) : node.url}>`
          : `[${writePhrasing(node.children, inLabel(ctx), '[', ']')}](${destination(node.url, typeof node.title === 'string')}${title(node.title)})`;
        break;
      case 'image':
        written = `![${escapeText(node.alt ?? '', '[', ']', inLabel(ctx))}](${destination(node.url, typeof node.title === 'string')}${title(node.title)})`;
        break;
      case 'textDirective': {
        const label = node.children.length > 0 ? `[${writePhrasing(node.children, inLabel(ctx), '[', ']')}]` : '';
        const attributes = writeAttributes(node.attributes);
        // Without a label or attributes a name reads as text (`ratio:high`); `[]` makes it a directive.
        // Only the line break form `:br` stands alone, unless what follows would lengthen its name.
        const open = label === '' && attributes === '' && (node.name !== 'br' || NAME_CHAR.test(following) || following === '[' || following === ':') ? '[]' : '';
        written = `:${node.name}${label}${open}${attributes}`;
        break;
      }
      case 'html': case 'alertMarker': written = node.value; break;
      default: written = ''; break;
    }
    if (node.type !== 'text' && node.type !== 'emphasis' && node.type !== 'strong' && node.type !== 'delete') { encodeNext = false; } else if (text) { encodeNext = false; }
    pieces.push(written);
    isText.push(text);
    if (written !== '') { last = lastChar(written); }
  });
  return pieces.join('');
}
