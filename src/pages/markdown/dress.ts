// Regenerating a block from Markdown gives Cloud's canonical storage. When the block was already on the
// page, the original element says how Confluence wrote it: attribute order and quoting, entity spelling
// (`&rsquo;` or `’`), `<br/>` or `<br />`, CDATA or text, newlines and indentation between elements,
// and the form attributes Markdown does not show (local ids, macro ids, schema versions, width modes).
// `dress` walks the canonical and the original trees side by side and, wherever an element says the
// same thing in both, takes the original's bytes for it. Content always comes from the canonical tree:
// a changed word, link or parameter is never overridden by the original.
import { isFormAttribute } from './forms';
import { decodeText, parseStorage, type StorageElement, type StorageNode } from './storageTree';

interface Side { readonly source: string }

/** Containers whose whitespace-only text is layout (indentation, newlines), never content. */
const LAYOUT_CONTAINERS = new Set([
  '#root', 'ul', 'ol', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'colgroup', 'ac:task-list', 'ac:task', 'ac:structured-macro', 'ac:macro', 'ac:link',
  'ac:image', 'ac:layout', 'ac:layout-section', 'dl', 'ac:adf-extension', 'ac:adf-node', 'ac:adf-fallback',
]);
/** Containers that hold either inline content or blocks; their whitespace is layout only between blocks. */
const MIXED_CONTAINERS = new Set(['li', 'td', 'th', 'blockquote', 'ac:rich-text-body', 'ac:layout-cell', 'div', 'ac:adf-content', 'dd', 'dt']);
const BLOCKISH = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'ac:task-list', 'blockquote', 'hr', 'pre', 'div', 'dl', 'ac:structured-macro',
  'ac:layout', 'ac:image', 'ac:adf-extension',
]);
/** Canonical wraps the text of cells, items, quotes and macro bodies in <p>; older pages write it bare. */
const UNWRAPPABLE = new Set(['li', 'td', 'th', 'blockquote', 'ac:rich-text-body']);
/** Element pairs that say the same thing when their text is equal. */
const EQUIVALENT = new Map([['ac:plain-text-link-body', 'ac:link-body'], ['ac:link-body', 'ac:plain-text-link-body']]);
/** Elements whose content is an identifier Confluence assigned, kept from the original whenever paired. */
const IDENTIFIERS = new Set(['ac:task-id']);

/** `canonical` with the original's form wherever the two agree; `original` is one element of `originalSide`. */
export function dress(canonical: string, originalSide: Side, original: StorageNode): string {
  const parsed = parseStorage(canonical);
  const only = parsed.children[0];
  if (parsed.problems.length > 0 || parsed.children.length !== 1 || !only) { return canonical; }
  return dressNode(parsed, only, originalSide, original);
}

function textOf(side: Side, node: StorageNode): string | undefined {
  if (node.kind === 'text') { return decodeText(side.source.slice(node.start, node.end)); }
  if (node.kind === 'cdata') { return side.source.slice(node.start + 9, node.end - 3); }
  return undefined;
}

function contentKey(side: Side, element: StorageElement): string {
  void side;
  if (element.attributes.length === 0 && element.name !== 'ol') { return ''; }
  const pairs: string[] = [];
  let start = false;
  for (const a of element.attributes) {
    if (isFormAttribute(a.name)) { continue; }
    pairs.push(`${a.name}=${decodeText(a.raw)}`);
    if (a.name === 'start') { start = true; }
  }
  if (element.name === 'ol' && !start) { pairs.push('start=1'); }
  return pairs.length < 2 ? (pairs[0] ?? '') : pairs.sort().join('\u0000');
}

function allText(side: Side, node: StorageNode): string {
  if (node.kind !== 'element') { return textOf(side, node) ?? ''; }
  return node.children.map((c) => allText(side, c)).join('');
}

function raw(side: Side, node: StorageNode): string {
  return side.source.slice(node.start, node.end);
}

function isWhitespace(side: Side, node: StorageNode): boolean {
  return node.kind === 'text' && side.source.slice(node.start, node.end).trim() === '';
}

function dressNode(c: Side, cn: StorageNode, t: Side, tn: StorageNode): string {
  if (cn.kind !== 'element' || tn.kind !== 'element') {
    const ct = textOf(c, cn);
    if (ct !== undefined && ct === textOf(t, tn)) { return raw(t, tn); }
    return cn.kind === 'text' && tn.kind === 'text' ? mergeText(raw(c, cn), raw(t, tn)) : raw(c, cn);
  }
  if (cn.name !== tn.name) {
    return EQUIVALENT.get(cn.name) === tn.name && contentKey(c, cn) === contentKey(t, tn) && allText(c, cn) === allText(t, tn)
      && cn.children.every((x) => x.kind !== 'element') && tn.children.every((x) => x.kind !== 'element') ? raw(t, tn) : raw(c, cn);
  }
  if (contentKey(c, cn) !== contentKey(t, tn)) { return raw(c, cn); }
  if (IDENTIFIERS.has(cn.name)) { return raw(t, tn); }
  const layout = isLayout(t, tn);
  if (cn.children.length === 0) {
    const emptyOriginal = tn.children.every((x) => layout && isWhitespace(t, x));
    return emptyOriginal ? raw(t, tn) : raw(c, cn);
  }
  if (tn.selfClosing) { return raw(c, cn); }
  let children: readonly StorageNode[] = cn.name === 'ac:structured-macro' ? inOriginalOrder(c, cn.children, t, tn.children) : cn.children;
  if (UNWRAPPABLE.has(cn.name) && !tn.children.some((x) => x.kind === 'element' && x.name === 'p') && tn.children.some((x) => !isWhitespace(t, x))) {
    children = children.flatMap((x) => (x.kind === 'element' && x.name === 'p' ? x.children : [x]));
  }
  const open = t.source.slice(tn.start, tn.openEnd);
  const close = t.source.slice(tn.closeStart, tn.end);
  return open + dressChildren(c, children, t, tn.children, layout && children.every((x) => x.kind === 'element')) + close;
}

const UNIT = /&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|[\s\S]/gu;

/**
 * An edited text: the characters before and after the edit keep the original's spelling (`&rsquo;`
 * stays `&rsquo;`), only the changed middle is written the canonical way.
 */
function mergeText(canonical: string, original: string): string {
  const cu = canonical.match(UNIT) ?? [];
  const tu = original.match(UNIT) ?? [];
  const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && decodeText(a) === decodeText(b);
  let head = 0;
  while (head < cu.length && head < tu.length && same(cu[head], tu[head])) { head++; }
  let tail = 0;
  while (tail < cu.length - head && tail < tu.length - head && same(cu[cu.length - 1 - tail], tu[tu.length - 1 - tail])) { tail++; }
  return tu.slice(0, head).join('') + cu.slice(head, cu.length - tail).join('') + tu.slice(tu.length - tail).join('');
}

function isLayout(t: Side, tn: StorageElement): boolean {
  if (LAYOUT_CONTAINERS.has(tn.name)) { return true; }
  if (!MIXED_CONTAINERS.has(tn.name)) { return false; }
  return tn.children.every((x) => isWhitespace(t, x) || (x.kind === 'element' && BLOCKISH.has(x.name)));
}

function dressChildren(c: Side, cNodes: readonly StorageNode[], t: Side, tNodes: readonly StorageNode[], layout: boolean): string {
  const cSig = layout ? cNodes.filter((x) => !isWhitespace(c, x)) : [...cNodes];
  const tSig: StorageNode[] = [];
  const gapBefore: string[] = [];
  let gap = '';
  for (const x of tNodes) {
    if (layout && isWhitespace(t, x)) { gap += raw(t, x); continue; }
    tSig.push(x);
    gapBefore.push(gap);
    gap = '';
  }
  const trailing = gap;
  const partner = pairNodes(c, cSig, t, tSig);
  const typicalGap = gapBefore[1] ?? gapBefore[0] ?? '';
  let out = '';
  cSig.forEach((x, i) => {
    const j = partner[i];
    if (layout) { out += j !== undefined ? (gapBefore[j] ?? '') : (i === 0 ? (gapBefore[0] ?? '') : typicalGap); }
    out += j !== undefined ? dressNode(c, x, t, tSig[j] as StorageNode) : raw(c, x);
  });
  return layout ? out + trailing : out;
}

/** What a node is, for pairing: element name (equivalent names alike), a parameter's name, or the node kind. */
function keyOf(side: Side, node: StorageNode): string {
  if (node.kind !== 'element') { return node.kind === 'cdata' ? '#text' : `#${node.kind}`; }
  if (node.name === 'ac:parameter') { return `ac:parameter=${node.attributes.find((a) => a.name === 'ac:name')?.raw ?? ''}`; }
  return node.name === 'ac:plain-text-link-body' ? 'ac:link-body' : node.name;
}

/** Macro parameters are a map; put the canonical ones in the original's order. */
function inOriginalOrder(c: Side, nodes: readonly StorageNode[], t: Side, original: readonly StorageNode[]): readonly StorageNode[] {
  const order = new Map<string, number>();
  original.forEach((x, i) => { if (x.kind === 'element' && x.name === 'ac:parameter') { order.set(keyOf(t, x), i); } });
  const params = nodes.filter((x) => x.kind === 'element' && x.name === 'ac:parameter');
  if (params.length < 2 || params.some((x) => !order.has(keyOf(c, x)))) { return nodes; }
  const sorted = [...params].sort((a, b) => (order.get(keyOf(c, a)) ?? 0) - (order.get(keyOf(c, b)) ?? 0));
  let k = 0;
  return nodes.map((x) => (x.kind === 'element' && x.name === 'ac:parameter' ? sorted[k++] as StorageNode : x));
}

/** For each canonical node, the index of the original node it stands for (or undefined). */
function pairNodes(c: Side, cs: readonly StorageNode[], t: Side, ts: readonly StorageNode[]): (number | undefined)[] {
  const partner: (number | undefined)[] = new Array<number | undefined>(cs.length).fill(undefined);
  if (cs.length === ts.length && cs.every((x, i) => keyOf(c, x) === keyOf(t, ts[i] as StorageNode))) {
    return cs.map((_, i) => i);
  }
  // Exact matches first (same element and same text), then same-named elements in order between them.
  const full = (side: Side, n: StorageNode): string => `${keyOf(side, n)}\u0001${allText(side, n)}`;
  const anchors = lcs(cs.map((x) => full(c, x)), ts.map((x) => full(t, x)));
  let ci = 0;
  let ti = 0;
  for (const [a, b] of [...anchors, [cs.length, ts.length] as [number, number]]) {
    const free = new Map<string, number[]>();
    for (let j = ti; j < b; j++) {
      const k = keyOf(t, ts[j] as StorageNode);
      const queue = free.get(k);
      if (queue) { queue.push(j); } else { free.set(k, [j]); }
    }
    for (let i = ci; i < a; i++) {
      const queue = free.get(keyOf(c, cs[i] as StorageNode));
      const j = queue?.shift();
      if (j !== undefined) { partner[i] = j; }
    }
    if (a < cs.length) { partner[a] = b; }
    ci = a + 1;
    ti = b + 1;
  }
  return partner;
}

/** Index pairs of a longest common subsequence of two key lists. */
export function lcs(a: readonly string[], b: readonly string[]): [number, number][] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) { start++; }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const n = endA - start;
  const m = endB - start;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] = a[start + i] === b[start + j]
        ? (table[(i + 1) * (m + 1) + j + 1] ?? 0) + 1
        : Math.max(table[(i + 1) * (m + 1) + j] ?? 0, table[i * (m + 1) + j + 1] ?? 0);
    }
  }
  const pairs: [number, number][] = [];
  for (let k = 0; k < start; k++) { pairs.push([k, k]); }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[start + i] === b[start + j]) { pairs.push([start + i, start + j]); i++; j++; } else if ((table[(i + 1) * (m + 1) + j] ?? 0) >= (table[i * (m + 1) + j + 1] ?? 0)) { i++; } else { j++; }
  }
  for (let k = 0; k < a.length - endA; k++) { pairs.push([endA + k, endB + k]); }
  return pairs;
}
