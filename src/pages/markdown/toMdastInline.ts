// Storage inline content → mdast phrasing. What plain Markdown can say becomes plain Markdown; what it
// cannot becomes a text directive that still reads as text (`:comment[marked text]{ref=…}`,
// `:status{title=Done colour=Green}`, `:mention{account-id=…}`); anything else is written as its
// exact storage in `:confluence[…]`. Form attributes (ids, schema versions) are left out here: they
// come back from the original element when the block is regenerated (see dress.ts).
import type { Link, Image, PhrasingContent, Text } from 'mdast';
import type { TextDirective } from './markdownNodes';
import {
  AC_INLINE_ELEMENTS, DEFAULT_PARAMETER, HTML_INLINE_ELEMENTS, MACRO_DIRECTIVE, RAW_DIRECTIVE, isFormAttribute, macroHasOwnDirective, shortAttributeName,
} from './forms';
import { linkTargetToUrl, type LinkTarget } from './linkTargets';
import { attribute, cdataContent, decodeText, sliceOf, type StorageElement, type StorageNode } from './storageTree';

export interface Source { readonly source: string }

/**
 * Thrown when a block cannot be written as Markdown; the block is then kept as storage. Expected and
 * caught at once, often hundreds of times per page, so it records no stack trace.
 */
export class Inexpressible extends Error {
  constructor(why: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(why);
    Error.stackTraceLimit = limit;
  }
}

const ATTRIBUTE_KEY = /^[A-Za-z_:][\w.:-]*$/;

export function isWhitespaceText(doc: Source, node: StorageNode): boolean {
  return node.kind === 'text' && doc.source.slice(node.start, node.end).trim() === '';
}

/** The non-whitespace children of an element whose whitespace is layout, not content. */
export function significantChildren(doc: Source, element: StorageElement): StorageNode[] {
  return element.children.filter((c) => !isWhitespaceText(doc, c));
}

/**
 * `:confluence[…]` around the exact storage. On one line it is written as inline code, which Markdown
 * leaves alone (`:confluence[`<ac:emoticon ac:name="smile"/>`]`); across lines, as escaped text.
 */
export function rawInline(doc: Source, node: StorageNode): TextDirective {
  const value = sliceOf(doc, node);
  const label: PhrasingContent = /[\r\n]/.test(value) || value.trim() !== value ? { type: 'text', value } : { type: 'inlineCode', value };
  return { type: 'textDirective', name: RAW_DIRECTIVE, attributes: {}, children: [label] };
}

/** Attributes other than form attributes, as [name, decoded value]. */
export function contentAttributes(element: StorageElement): [string, string][] {
  return element.attributes.filter((a) => !isFormAttribute(a.name)).map((a) => [a.name, decodeText(a.raw)]);
}

export function phrasing(doc: Source, nodes: readonly StorageNode[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  // Nodes after the last one that is not whitespace text are trailing.
  let lastContent = nodes.length - 1;
  while (lastContent >= 0 && isWhitespaceText(doc, nodes[lastContent] as StorageNode)) { lastContent--; }
  for (const [index, node] of nodes.entries()) {
    if (node.kind === 'text') {
      const value = decodeText(doc.source.slice(node.start, node.end));
      const last = out[out.length - 1];
      if (last?.type === 'text') { last.value += value; } else { out.push({ type: 'text', value }); }
    } else if (node.kind === 'element') {
      const converted = inlineElement(doc, node) ?? rawInline(doc, node);
      // A Markdown line break needs text after it on the next line; at the end it is written :br.
      out.push(converted.type === 'break' && index >= lastContent ? directive('br', {}, []) : converted);
    } else {
      out.push(rawInline(doc, node));
    }
  }
  return out;
}

function inlineElement(doc: Source, el: StorageElement): PhrasingContent | undefined {
  const attrs = contentAttributes(el);
  const plain = attrs.length === 0 && el.attributes.length === 0;
  switch (el.name) {
    case 'strong': case 'em': case 's':
      if (plain && el.children.length > 0) {
        const type = el.name === 'strong' ? 'strong' : el.name === 'em' ? 'emphasis' : 'delete';
        return { type, children: phrasing(doc, el.children) };
      }
      return htmlElement(doc, el, attrs);
    case 'code': {
      const only = el.children[0];
      if (plain && el.children.length === 1 && only?.kind === 'text') { return { type: 'inlineCode', value: decodeText(sliceOf(doc, only)) }; }
      return htmlElement(doc, el, attrs);
    }
    case 'a': return link(doc, el, attrs) ?? htmlElement(doc, el, attrs);
    case 'br': return plain && el.children.length === 0 ? { type: 'break' } : undefined;
    case 'ac:link': return acLink(doc, el);
    case 'ac:image': return acImage(doc, el);
    case 'ac:structured-macro': return inlineMacro(doc, el);
    default:
      if (AC_INLINE_ELEMENTS.has(el.name)) { return acElement(doc, el); }
      if (HTML_INLINE_ELEMENTS.has(el.name)) { return htmlElement(doc, el, attrs); }
      return undefined;
  }
}

function link(doc: Source, el: StorageElement, attrs: [string, string][]): Link | undefined {
  if (el.attributes.length !== attrs.length) { return undefined; }
  const href = attrs.find(([k]) => k === 'href')?.[1];
  const title = attrs.find(([k]) => k === 'title')?.[1];
  if (href === undefined || href.startsWith('#') || attrs.length !== (title === undefined ? 1 : 2)) { return undefined; }
  return { type: 'link', url: href, title: title ?? null, children: phrasing(doc, el.children) };
}

function directive(name: string, attributes: Record<string, string>, children: PhrasingContent[]): TextDirective {
  return { type: 'textDirective', name, attributes, children };
}

function htmlElement(doc: Source, el: StorageElement, attrs: [string, string][]): TextDirective | undefined {
  if (!HTML_INLINE_ELEMENTS.has(el.name)) { return undefined; }
  const attributes: Record<string, string> = {};
  for (const [k, v] of attrs) { if (!ATTRIBUTE_KEY.test(k)) { return undefined; } attributes[k] = v; }
  return directive(el.name, attributes, phrasing(doc, el.children));
}

function acElement(doc: Source, el: StorageElement): TextDirective | undefined {
  const name = AC_INLINE_ELEMENTS.get(el.name);
  if (name === undefined) { return undefined; }
  const attributes: Record<string, string> = {};
  for (const [k, v] of contentAttributes(el)) {
    const short = shortAttributeName(k);
    if (short === undefined || !ATTRIBUTE_KEY.test(short) || short in attributes) { return undefined; }
    attributes[short] = v;
  }
  return directive(name, attributes, phrasing(doc, el.children));
}

/** `ri:` attributes (form ones left out) with the prefix dropped, or undefined if any is unexpected. */
function resourceAttributes(el: StorageElement, allowed: readonly string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of contentAttributes(el)) {
    if (!allowed.includes(k)) { return undefined; }
    out[k.slice(3)] = v;
  }
  return out;
}

function acLink(doc: Source, el: StorageElement): PhrasingContent | undefined {
  const attrs = contentAttributes(el);
  if (attrs.some(([k]) => k !== 'ac:anchor') || el.attributes.length !== attrs.length) { return undefined; }
  const anchor = attribute(el, 'ac:anchor');
  let resource: StorageElement | undefined;
  let body: StorageElement | undefined;
  for (const child of significantChildren(doc, el)) {
    if (child.kind !== 'element') { return undefined; }
    if (child.name.startsWith('ri:') && !resource && !body) { resource = child; } else if (!body && (child.name === 'ac:plain-text-link-body' || child.name === 'ac:link-body')) { body = child; } else { return undefined; }
  }
  let children: PhrasingContent[] = [];
  if (body) {
    const inner = body.name === 'ac:link-body' ? phrasing(doc, body.children) : plainLinkBody(doc, body);
    if (inner === undefined || inner.length === 0) { return undefined; }
    children = inner;
  }
  let target: LinkTarget;
  if (!resource) {
    if (anchor === undefined || anchor === '') { return undefined; }
    target = { kind: 'anchor', anchor };
  } else {
    if (resource.children.length > 0) { return undefined; }
    if (resource.name === 'ri:user') {
      const user = resourceAttributes(resource, ['ri:account-id', 'ri:userkey', 'ri:username']);
      if (!user || body || anchor !== undefined || Object.keys(user).length !== 1) { return undefined; }
      return directive('mention', user, []);
    }
    const r = resource.name === 'ri:page' ? resourceAttributes(resource, ['ri:content-title', 'ri:space-key'])
      : resource.name === 'ri:attachment' ? resourceAttributes(resource, ['ri:filename'])
        : resource.name === 'ri:space' ? resourceAttributes(resource, ['ri:space-key']) : undefined;
    if (!r) { return undefined; }
    const withAnchor = anchor === undefined ? {} : { anchor };
    if (resource.name === 'ri:page' && r['content-title'] !== undefined && r['content-title'] !== '') {
      target = { kind: 'page', title: r['content-title'], ...(r['space-key'] !== undefined && r['space-key'] !== '' ? { spaceKey: r['space-key'] } : {}), ...withAnchor };
      if (r['space-key'] === '') { return undefined; }
    } else if (resource.name === 'ri:attachment' && r.filename) {
      target = { kind: 'attachment', filename: r.filename, ...withAnchor };
    } else if (resource.name === 'ri:space' && r['space-key']) {
      target = { kind: 'space', spaceKey: r['space-key'], ...withAnchor };
    } else {
      return undefined;
    }
  }
  return { type: 'link', url: linkTargetToUrl(target), title: null, children };
}

function plainLinkBody(doc: Source, body: StorageElement): Text[] | undefined {
  let value = '';
  for (const c of body.children) {
    if (c.kind === 'cdata') { value += cdataContent(doc, c); } else if (c.kind === 'text') { value += decodeText(sliceOf(doc, c)); } else { return undefined; }
  }
  return value === '' ? [] : [{ type: 'text', value }];
}

function acImage(doc: Source, el: StorageElement): Image | undefined {
  const attrs = contentAttributes(el);
  if (attrs.some(([k]) => k !== 'ac:alt' && k !== 'ac:title')) { return undefined; }
  const children = significantChildren(doc, el);
  const only = children[0];
  if (children.length !== 1 || only?.kind !== 'element' || only.children.length > 0) { return undefined; }
  let url: string;
  if (only.name === 'ri:attachment') {
    const r = resourceAttributes(only, ['ri:filename']);
    if (!r?.filename) { return undefined; }
    url = linkTargetToUrl({ kind: 'attachment', filename: r.filename });
  } else if (only.name === 'ri:url') {
    const r = resourceAttributes(only, ['ri:value']);
    if (!r?.value) { return undefined; }
    url = r.value;
  } else {
    return undefined;
  }
  const alt = attribute(el, 'ac:alt');
  if (alt === '') { return undefined; }
  return { type: 'image', url, alt: alt ?? '', title: attribute(el, 'ac:title') ?? null };
}

/** A macro's parameters and body, if every parameter is plain text. */
export interface MacroParts {
  name: string;
  parameters: Record<string, string>;
  richBody?: StorageElement;
  plainBody?: StorageElement;
}

export function macroParts(doc: Source, el: StorageElement): MacroParts | undefined {
  const name = attribute(el, 'ac:name');
  if (name === undefined || contentAttributes(el).some(([k]) => k !== 'ac:name')) { return undefined; }
  const parts: MacroParts = { name, parameters: {} };
  for (const child of significantChildren(doc, el)) {
    if (child.kind !== 'element' || child.attributes.some((a) => a.name !== 'ac:name' && !isFormAttribute(a.name))) { return undefined; }
    if (child.name === 'ac:parameter') {
      const raw = attribute(child, 'ac:name');
      const key = raw === '' ? DEFAULT_PARAMETER : raw;
      if (key === undefined || !ATTRIBUTE_KEY.test(key) || key in parts.parameters || (raw !== '' && key === DEFAULT_PARAMETER)) { return undefined; }
      if (child.children.some((c) => c.kind !== 'text')) { return undefined; }
      parts.parameters[key] = child.children.map((c) => decodeText(sliceOf(doc, c))).join('');
    } else if (child.name === 'ac:rich-text-body' && !parts.richBody && !parts.plainBody) {
      parts.richBody = child;
    } else if (child.name === 'ac:plain-text-body' && !parts.richBody && !parts.plainBody) {
      parts.plainBody = child;
    } else {
      return undefined;
    }
  }
  return parts;
}

/** The directive name and attributes for a macro: `status{…}` or `macro{name=…}`. */
export function macroDirectiveHead(parts: MacroParts): { name: string; attributes: Record<string, string> } | undefined {
  if (macroHasOwnDirective(parts.name)) { return { name: parts.name, attributes: { ...parts.parameters } }; }
  if ('name' in parts.parameters) { return undefined; }
  return { name: MACRO_DIRECTIVE, attributes: { name: parts.name, ...parts.parameters } };
}

function inlineMacro(doc: Source, el: StorageElement): TextDirective | undefined {
  const parts = macroParts(doc, el);
  if (!parts || parts.plainBody) { return undefined; }
  const head = macroDirectiveHead(parts);
  if (!head) { return undefined; }
  if (parts.richBody && parts.richBody.children.length === 0) { return undefined; }
  return directive(head.name, head.attributes, parts.richBody ? phrasing(doc, parts.richBody.children) : []);
}
