// Markdown blocks → a storage body. With the page as it was (the base), the edited Markdown's blocks
// are aligned with the base's Markdown blocks (longest common subsequence of their texts): a block
// whose text is unchanged gives back its original bytes, separators included; an edited block is
// regenerated and dressed with the original block it replaces; a new block gets Cloud's form.
import type { RootContent } from 'mdast';
import { lcs, dress } from './dress';
import type { PageView } from './blockViews';
import { KEPT_LANGUAGE, blockToStorage } from './toStorageBlocks';
import { MarkdownRefusal, lineOf, type WriteContext } from './toStorageInline';
import { lineAndColumn, parseStorage, type StorageNode } from './storageTree';

export interface MarkdownBlock {
  readonly node: RootContent;
  /** The block's Markdown source text. */
  readonly text: string;
}

/** Where each edited block's bytes come from. */
type Origin = { kind: 'base'; index: number } | { kind: 'new'; template?: number };

function alignBlocks(blocks: readonly MarkdownBlock[], base: PageView): Origin[] {
  const pairs = lcs(blocks.map((b) => b.text), base.blocks.map((b) => b.markdown));
  const origins: Origin[] = [];
  let bi = 0;
  let ni = 0;
  for (const [n, b] of [...pairs, [blocks.length, base.blocks.length] as [number, number]]) {
    // Between two unchanged blocks: the k-th new block replaces the k-th removed one.
    for (let k = 0; ni < n; k++, ni++) {
      origins.push({ kind: 'new', ...(bi + k < b ? { template: bi + k } : {}) });
    }
    if (n < blocks.length) { origins.push({ kind: 'base', index: b }); }
    ni = n + 1;
    bi = b + 1;
  }
  return origins;
}

function isKept(node: RootContent): boolean {
  return node.type === 'code' && node.lang === KEPT_LANGUAGE && (node.meta ?? '') === '';
}

/** Storage for a block typed or edited in Markdown; refused if it is not well-formed. */
function regenerate(ctx: WriteContext, block: MarkdownBlock, template: { view: PageView; node: StorageNode } | undefined): string {
  const canonical = blockToStorage(ctx, block.node);
  const problems = parseStorage(canonical).problems;
  const first = problems[0];
  if (first) {
    // A kept block's lines start one line after its fence; anything else is reported at its first line.
    const within = isKept(block.node) ? lineAndColumn(canonical, first.offset).line : 0;
    throw new MarkdownRefusal(lineOf(ctx, block.node) + within, `${isKept(block.node) ? 'storage in this block' : 'this block'} is not well-formed: ${first.reason}`);
  }
  if (!template || isKept(block.node)) { return canonical; }
  return dress(canonical, template.view.doc, template.node);
}

/** The body for the given blocks; `base` is the page the Markdown was made from, if any. */
export function assembleStorage(ctx: WriteContext, blocks: readonly MarkdownBlock[], base: PageView | undefined, reuseUnchanged = true): string {
  if (!base) { return blocks.map((b) => regenerate(ctx, b, undefined)).join(''); }
  // Without reuse every block is regenerated from its Markdown, dressed with the block at its position:
  // the converter's own proof that the Markdown (plus the original's form) is the page.
  const origins: Origin[] = reuseUnchanged ? alignBlocks(blocks, base) : blocks.map((_, i) => ({ kind: 'new', ...(i < base.blocks.length ? { template: i } : {}) }));
  const typical = mostCommon(base.separators.slice(1, -1));
  let out = '';
  origins.forEach((origin, i) => {
    const block = blocks[i] as MarkdownBlock;
    const baseIndex = origin.kind === 'base' ? origin.index : origin.template;
    const separator = i === 0 ? (base.separators[0] ?? '') : baseIndex !== undefined && baseIndex > 0 ? (base.separators[baseIndex] ?? '') : typical;
    if (origin.kind === 'base') {
      out += separator + (base.blocks[origin.index]?.storage ?? '');
    } else {
      const t = origin.template !== undefined ? base.blocks[origin.template] : undefined;
      out += separator + regenerate(ctx, block, t ? { view: base, node: t.node } : undefined);
    }
  });
  return out + (base.separators[base.separators.length - 1] ?? '');
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  let best = '';
  let bestCount = 0;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > bestCount) { best = v; bestCount = n; }
  }
  return best;
}
