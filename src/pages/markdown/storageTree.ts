// A storage-format body as a tree of nodes that remember where they are in the original string.
// Nothing is decoded or re-serialised: every node is a pair of offsets, so kept bytes are always
// sliced from the original. The tokenizer is htmlparser2's (XML mode, entities left alone, CDATA
// recognised); the tree and the well-formedness rules on top of it are ours, because htmlparser2's
// own Parser silently repairs what Confluence would reject.
import { Tokenizer } from 'htmlparser2';
import { decodeHTMLStrict } from 'entities';

export interface StorageAttribute {
  readonly name: string;
  /** The value exactly as written between the quotes (entities not decoded). */
  readonly raw: string;
}

export interface StorageElement {
  readonly kind: 'element';
  readonly name: string;
  readonly attributes: readonly StorageAttribute[];
  readonly children: StorageNode[];
  /** Offset of `<`. */
  readonly start: number;
  /** Offset just after the `>` of the opening (or self-closing) tag. */
  openEnd: number;
  /** Offset of the `</` of the closing tag; equals `end` for a self-closed element. */
  closeStart: number;
  /** Offset just after the element's last byte. */
  end: number;
  selfClosing: boolean;
}

export interface StorageLeaf {
  readonly kind: 'text' | 'cdata' | 'comment' | 'other';
  readonly start: number;
  end: number;
}

export type StorageNode = StorageElement | StorageLeaf;

export interface StorageProblem {
  readonly offset: number;
  readonly reason: string;
}

export interface StorageDocument {
  readonly source: string;
  readonly children: StorageNode[];
  readonly problems: StorageProblem[];
}

/** HTML elements that are sometimes written without a closing tag; tolerated when building the tree. */
const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'col', 'area', 'base', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const NAME = /^[A-Za-z_][\w.:-]*$/;
const REFERENCE = /&(#[0-9]{1,7};|#x[0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)?/g;
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Parses a body into a tree. Never throws: what Confluence would reject is listed in `problems`. */
export function parseStorage(source: string): StorageDocument {
  const root: StorageElement = {
    kind: 'element', name: '#root', attributes: [], children: [], start: 0, openEnd: 0, closeStart: source.length, end: source.length, selfClosing: false,
  };
  const problems: StorageProblem[] = [];
  const stack: StorageElement[] = [root];
  let open: { name: string; start: number; attributes: StorageAttribute[] } | undefined;
  let attrName = '';
  let attrNameStart = 0;
  let attrValueStart = -1;
  let attrValueEnd = -1;
  const top = (): StorageElement => stack[stack.length - 1] ?? root;

  const append = (node: StorageNode): void => {
    const siblings = top().children;
    const last = siblings[siblings.length - 1];
    if (node.kind === 'text' && last?.kind === 'text' && last.end === node.start) { last.end = node.end; return; }
    siblings.push(node);
  };
  const problem = (offset: number, reason: string): void => { problems.push({ offset, reason }); };

  // The first '&' at or after a position, remembered between calls: searching afresh from every text
  // node would rescan the rest of the page each time when no '&' is near (quadratic: 0.9 s on 5 MB).
  let ampSearchedFrom = Number.POSITIVE_INFINITY;
  let ampFound = -1;
  const nextAmpersand = (from: number): number => {
    if (from < ampSearchedFrom || (ampFound >= 0 && ampFound < from)) {
      ampFound = source.indexOf('&', from);
      ampSearchedFrom = from;
    }
    return ampFound;
  };

  const checkReferences = (from: number, to: number, where: string): void => {
    const amp = nextAmpersand(from);
    if (amp < 0 || amp >= to) { return; }
    const text = source.slice(from, to);
    for (const m of text.matchAll(REFERENCE)) {
      const ref = m[1];
      const at = from + (m.index ?? 0);
      if (ref === undefined) { problem(at, `a bare '&' in ${where} must be written &amp;`); continue; }
      if (ref.startsWith('#')) {
        const cp = ref[1] === 'x' ? parseInt(ref.slice(2, -1), 16) : parseInt(ref.slice(1, -1), 10);
        if (!(cp > 0 && cp <= 0x10ffff)) { problem(at, `&${ref} is not a character`); }
        continue;
      }
      const name = ref.slice(0, -1);
      if (!XML_ENTITIES.has(name) && decodeHTMLStrict(`&${ref}`) === `&${ref}`) { problem(at, `unknown entity &${ref}`); }
    }
  };

  const closeElement = (element: StorageElement, closeStart: number, end: number): void => {
    element.closeStart = closeStart;
    element.end = end;
  };

  const tokenizer = new Tokenizer({ xmlMode: true, decodeEntities: false }, {
    onattribdata(start, endIndex) {
      if (attrValueStart < 0) { attrValueStart = start; }
      attrValueEnd = endIndex;
    },
    onattribentity() { /* entities are not decoded */ },
    onattribend(quote, endIndex) {
      if (!open) { return; }
      const raw = attrValueStart < 0 ? '' : source.slice(attrValueStart, attrValueEnd);
      if (quote === 0) { problem(attrNameStart, `attribute ${attrName} has no value`); }
      if (quote === 1) { problem(attrNameStart, `the value of attribute ${attrName} must be quoted`); }
      // A tag has a handful of attributes: looking through them beats allocating a set per tag.
      if (open.attributes.some((a) => a.name === attrName)) { problem(attrNameStart, `attribute ${attrName} is repeated`); }
      if (!NAME.test(attrName)) { problem(attrNameStart, `'${attrName}' is not an attribute name`); }
      if (raw.includes('<')) { problem(attrValueStart, `'<' in the value of attribute ${attrName} must be written &lt;`); }
      if (attrValueStart >= 0) { checkReferences(attrValueStart, attrValueEnd, `attribute ${attrName}`); }
      open.attributes.push({ name: attrName, raw });
      attrValueStart = -1;
      attrValueEnd = -1;
      void endIndex;
    },
    onattribname(start, endIndex) {
      attrName = source.slice(start, endIndex);
      attrNameStart = start;
      attrValueStart = -1;
    },
    oncdata(start, endIndex, endOffset) {
      // endIndex is the offset of the final '>', endOffset the length of ']]' before it.
      const node: StorageLeaf = { kind: 'cdata', start: start - 9, end: Math.min(endIndex + 1, source.length) };
      if (endOffset !== 2 || !source.startsWith(']]>', endIndex - 2)) { problem(node.start, 'a CDATA section is not closed with ]]>'); }
      append(node);
    },
    onclosetag(start, endIndex) {
      const name = source.slice(start, endIndex).trim();
      const closeStart = source.lastIndexOf('</', start);
      const gt = source.indexOf('>', endIndex);
      const end = gt < 0 ? source.length : gt + 1;
      let depth = stack.length - 1;
      while (depth > 0 && stack[depth]?.name !== name) { depth--; }
      if (depth === 0) { problem(closeStart, `closing tag </${name}> has no matching opening tag`); return; }
      while (stack.length - 1 > depth) {
        const inner = stack.pop();
        if (!inner) { break; }
        if (!VOID_ELEMENTS.has(inner.name)) { problem(inner.start, `<${inner.name}> is not closed before </${name}>`); } else { problem(inner.start, `<${inner.name}> must be self-closed (<${inner.name} />)`); }
        closeElement(inner, inner.openEnd, inner.openEnd);
        inner.selfClosing = false;
      }
      const element = stack.pop();
      if (element) { closeElement(element, closeStart, end); }
    },
    oncomment(start, endIndex, endOffset) {
      const node: StorageLeaf = { kind: 'comment', start: start - 4, end: Math.min(endIndex + 1, source.length) };
      const closed = endOffset === 2 && source.startsWith('-->', endIndex - 2);
      if (!closed) { problem(node.start, 'a comment is not closed with -->'); }
      if (source.slice(start, closed ? endIndex - 2 : endIndex).includes('--')) { problem(node.start, "a comment must not contain '--'"); }
      append(node);
    },
    ondeclaration(start, endIndex) {
      problem(start - 2, 'declarations (<!…>) are not allowed in storage format');
      append({ kind: 'other', start: start - 2, end: endIndex + 1 });
    },
    onend() { /* handled after the loop */ },
    onopentagend(endIndex) {
      if (!open) { return; }
      const element: StorageElement = {
        kind: 'element', name: open.name, attributes: open.attributes, children: [], start: open.start, openEnd: endIndex + 1,
        closeStart: endIndex + 1, end: endIndex + 1, selfClosing: false,
      };
      append(element);
      stack.push(element);
      open = undefined;
    },
    onopentagname(start, endIndex) {
      const name = source.slice(start, endIndex);
      if (!NAME.test(name)) { problem(start - 1, `'<${name}' is not a tag`); }
      open = { name, start: start - 1, attributes: [] };
    },
    onprocessinginstruction(start, endIndex) {
      problem(start - 1, 'processing instructions (<?…?>) are not allowed in storage format');
      append({ kind: 'other', start: start - 1, end: endIndex + 1 });
    },
    onselfclosingtag(endIndex) {
      if (!open) { return; }
      append({
        kind: 'element', name: open.name, attributes: open.attributes, children: [], start: open.start, openEnd: endIndex + 1,
        closeStart: endIndex + 1, end: endIndex + 1, selfClosing: true,
      });
      open = undefined;
    },
    ontext(start, endIndex) {
      const text = source.slice(start, endIndex);
      const lt = text.indexOf('<');
      if (lt >= 0) { problem(start + lt, "'<' in text must be written &lt;"); }
      const cdataEnd = text.indexOf(']]>');
      if (cdataEnd >= 0) { problem(start + cdataEnd, "']]>' in text must be written ]]&gt;"); }
      checkReferences(start, endIndex, 'text');
      append({ kind: 'text', start, end: endIndex });
    },
    ontextentity() { /* entities are not decoded */ },
  });
  tokenizer.write(source);
  tokenizer.end();
  if (open) {
    problem(open.start, `the tag <${open.name} is not finished`);
    append({ kind: 'text', start: open.start, end: source.length });
  }
  while (stack.length > 1) {
    const element = stack.pop();
    if (!element) { break; }
    problem(element.start, VOID_ELEMENTS.has(element.name) ? `<${element.name}> must be self-closed (<${element.name} />)` : `<${element.name}> is never closed`);
    if (VOID_ELEMENTS.has(element.name)) { closeElement(element, element.openEnd, element.openEnd); } else { closeElement(element, source.length, source.length); }
  }
  problems.sort((a, b) => a.offset - b.offset);
  return { source, children: root.children, problems };
}

/** The value of an attribute as written (entities not decoded), or undefined. */
export function rawAttribute(element: StorageElement, name: string): string | undefined {
  for (const a of element.attributes) { if (a.name === name) { return a.raw; } }
  return undefined;
}

/** The value of an attribute with entities decoded, or undefined. */
export function attribute(element: StorageElement, name: string): string | undefined {
  const raw = rawAttribute(element, name);
  return raw === undefined ? undefined : decodeText(raw);
}

/** Decodes XML and HTML character references; unknown ones stay as written. */
export function decodeText(raw: string): string {
  return raw.includes('&') ? decodeHTMLStrict(raw) : raw;
}

/** The bytes of a node. */
export function sliceOf(doc: { source: string }, node: StorageNode): string {
  return doc.source.slice(node.start, node.end);
}

/** The bytes between an element's tags. */
export function innerOf(doc: { source: string }, element: StorageElement): string {
  return doc.source.slice(element.openEnd, element.closeStart);
}

/** The text of a CDATA section (without `<![CDATA[` and `]]>`). */
export function cdataContent(doc: { source: string }, node: StorageLeaf): string {
  return doc.source.slice(node.start + 9, node.end - 3);
}

/** 1-based line and column of an offset. */
export function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i >= 0 && i < offset; i = source.indexOf('\n', i + 1)) { line++; lineStart = i + 1; }
  return { line, column: offset - lineStart + 1 };
}
