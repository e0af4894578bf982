// mdast phrasing → storage, written the way Confluence Cloud's editor writes new content. Directive
// forms map back to the elements toMdastInline.ts wrote them for; `:confluence[…]` gives back its
// text verbatim (checked for well-formedness by the caller).
import type { Nodes, PhrasingContent } from 'mdast';
import type { TextDirective } from './markdownNodes';
import {
  AC_INLINE_DIRECTIVES, DEFAULT_PARAMETER, HTML_INLINE_ELEMENTS, MACRO_DIRECTIVE, RAW_DIRECTIVE, fullAttributeName,
} from './forms';
import { urlToLinkTarget } from './linkTargets';
import { cdata, element, encodeAttribute, encodeText } from './storageText';

/** A Markdown construct that cannot be saved, with the 1-based line it starts on. */
export class MarkdownRefusal extends Error {
  constructor(readonly line: number, readonly reason: string) {
    super(`line ${line}: ${reason}`);
  }
}

export interface WriteContext {
  /** A fresh `ac:macro-id` for a macro typed in Markdown. */
  newMacroId(): string;
  /** A fresh `ac:task-id` for a task typed in Markdown. */
  newTaskId(): string;
  /** Added to mdast line numbers so refusals point into the whole document (front matter included). */
  readonly lineOffset: number;
}

export function lineOf(ctx: WriteContext, node: Nodes): number {
  return (node.position?.start.line ?? 1) + ctx.lineOffset;
}

export function refuse(ctx: WriteContext, node: Nodes, reason: string): never {
  throw new MarkdownRefusal(lineOf(ctx, node), reason);
}

export function phrasingToStorage(ctx: WriteContext, nodes: readonly PhrasingContent[]): string {
  return nodes.map((n) => inlineToStorage(ctx, n)).join('');
}

/** The plain text of a directive label that must be text only (a bare `:name` in it is text too). */
export function labelText(ctx: WriteContext, node: TextDirective, what: string): string {
  return node.children.map((c) => {
    if (c.type === 'text' || c.type === 'inlineCode') { return c.value; }
    if (c.type === 'textDirective' && c.data?.bare) { return `:${c.name}`; }
    return refuse(ctx, node, `${what} must be written as inline code: :confluence[\`…\`]`);
  }).join('');
}

function inlineToStorage(ctx: WriteContext, node: PhrasingContent): string {
  switch (node.type) {
    case 'text': return encodeText(node.value);
    case 'strong': return `<strong>${phrasingToStorage(ctx, node.children)}</strong>`;
    case 'emphasis': return `<em>${phrasingToStorage(ctx, node.children)}</em>`;
    case 'delete': return `<s>${phrasingToStorage(ctx, node.children)}</s>`;
    case 'inlineCode': return `<code>${encodeText(node.value)}</code>`;
    case 'break': return '<br />';
    case 'html': return node.value;
    case 'link': return link(ctx, node.url, node.title ?? undefined, node.children);
    case 'image': return image(node.url, node.alt ?? '', node.title ?? undefined);
    case 'textDirective': return textDirective(ctx, node);
    case 'linkReference': case 'imageReference':
      return refuse(ctx, node, 'reference-style links need a definition this page does not keep; write [text](url)');
    case 'footnoteReference': return refuse(ctx, node, 'footnotes have no Confluence form');
    default: return refuse(ctx, node, `${node.type} has no Confluence form here`);
  }
}

function link(ctx: WriteContext, url: string, title: string | undefined, children: PhrasingContent[]): string {
  const target = urlToLinkTarget(url);
  if (!target) {
    const attrs: [string, string][] = [['href', url]];
    if (title !== undefined) { attrs.push(['title', title]); }
    return element('a', attrs, phrasingToStorage(ctx, children));
  }
  let resource = '';
  if (target.kind === 'page') {
    const attrs: [string, string][] = [['ri:content-title', target.title]];
    if (target.spaceKey !== undefined) { attrs.push(['ri:space-key', target.spaceKey]); }
    resource = element('ri:page', attrs, undefined);
  } else if (target.kind === 'attachment') {
    resource = element('ri:attachment', [['ri:filename', target.filename]], undefined);
  } else if (target.kind === 'space') {
    resource = element('ri:space', [['ri:space-key', target.spaceKey]], undefined);
  }
  const only = children[0];
  let body = '';
  if (children.length === 1 && only?.type === 'text') {
    body = `<ac:plain-text-link-body>${cdata(only.value)}</ac:plain-text-link-body>`;
  } else if (children.length > 0) {
    body = `<ac:link-body>${phrasingToStorage(ctx, children)}</ac:link-body>`;
  }
  const anchor = target.anchor !== undefined ? ` ac:anchor="${encodeAttribute(target.anchor)}"` : '';
  return `<ac:link${anchor}>${resource}${body}</ac:link>`;
}

export function image(url: string, alt: string, title: string | undefined): string {
  const target = urlToLinkTarget(url);
  const attrs: [string, string][] = [];
  if (alt !== '') { attrs.push(['ac:alt', alt]); }
  if (title !== undefined) { attrs.push(['ac:title', title]); }
  const resource = target?.kind === 'attachment' && target.anchor === undefined
    ? element('ri:attachment', [['ri:filename', target.filename]], undefined)
    : element('ri:url', [['ri:value', url]], undefined);
  return element('ac:image', attrs, resource);
}

function directiveAttributes(node: { attributes?: Record<string, string | null | undefined> | null }): [string, string][] {
  return Object.entries(node.attributes ?? {}).map(([k, v]) => [k, v ?? '']);
}

function textDirective(ctx: WriteContext, node: TextDirective): string {
  const attrs = directiveAttributes(node);
  // `ratio:high` in typed text reads as a directive; with neither label nor attributes it stays text.
  if (node.data?.bare && node.name !== 'br') { return encodeText(`:${node.name}`); }
  if (node.name === RAW_DIRECTIVE) {
    if (attrs.length > 0) { refuse(ctx, node, ':confluence[…] takes no attributes'); }
    return labelText(ctx, node, 'the storage inside :confluence[…]');
  }
  if (node.name === 'mention') {
    if (attrs.length !== 1 || node.children.length > 0) { refuse(ctx, node, ':mention needs exactly one of account-id, userkey, username, and no label'); }
    return `<ac:link>${element('ri:user', attrs.map(([k, v]) => [`ri:${k}`, v]), undefined)}</ac:link>`;
  }
  const acName = AC_INLINE_DIRECTIVES.get(node.name);
  if (acName !== undefined) {
    const inner = node.children.length > 0 ? phrasingToStorage(ctx, node.children) : undefined;
    return element(acName, attrs.map(([k, v]) => [fullAttributeName(k), v]), inner);
  }
  if (HTML_INLINE_ELEMENTS.has(node.name)) {
    return element(node.name, attrs, node.children.length > 0 ? phrasingToStorage(ctx, node.children) : undefined);
  }
  return macro(ctx, node, node.name === MACRO_DIRECTIVE ? undefined : node.name, attrs, node.children.length > 0 ? phrasingToStorage(ctx, node.children) : undefined);
}

/** A structured macro from a directive's name and attributes; `body` is the rich-text body, if any. */
export function macro(ctx: WriteContext, node: Nodes, ownName: string | undefined, attrs: [string, string][], body: string | undefined): string {
  let name = ownName;
  const params = attrs.filter(([k, v]) => {
    if (ownName === undefined && k === 'name') { name = v; return false; }
    return true;
  });
  if (name === undefined || name === '') { return refuse(ctx, node, ':macro needs a name attribute'); }
  const parameters = params.map(([k, v]) => element('ac:parameter', [['ac:name', k === DEFAULT_PARAMETER ? '' : k]], encodeText(v))).join('');
  const rich = body === undefined ? '' : `<ac:rich-text-body>${body}</ac:rich-text-body>`;
  return `<ac:structured-macro ac:name="${encodeAttribute(name)}" ac:schema-version="1" ac:macro-id="${ctx.newMacroId()}">${parameters}${rich}</ac:structured-macro>`;
}
