// Confluence storage format ⇄ Markdown, losslessly. Pure functions, no `vscode`.
//
//   storageToMarkdown(storage, facts?)  → { markdown, stats }
//       Every top-level block is shown as plain Markdown when that Markdown gives back its exact bytes,
//       otherwise as its storage in a ```confluence fence. `facts` (title, space, id, version, link)
//       become the front matter.
//   markdownToStorage(markdown, base?)  → { ok: true, storage, frontMatter, changedReadOnlyFacts, titleChange? }
//                                       | { ok: false, line, reason }
//       With `base` (the page the Markdown was made from): unchanged blocks give back their original
//       bytes and edited blocks keep their original form; without it, Cloud's editor form throughout.
//       Refuses (with the 1-based line) Markdown that would give malformed storage.
//   removedOnSave(baseStorage, newStorage) → { items, sentence }   (lossReport.ts)
//   checkStorage(storage)                  → { ok: true } | { ok: false, offset, line, column, reason }
//
// docs/MARKDOWN.md describes the mapping and the forms.
import { randomUUID } from 'node:crypto';
import { viewPage, type PageView } from './blockViews';
import { assembleStorage, type MarkdownBlock } from './assemble';
import {
  FrontMatterError, changedReadOnlyFacts, readFrontMatter, splitFrontMatter, titleChange, writeFrontMatter, type FrontMatter, type PageFacts,
} from './frontMatter';
import { parseMarkdown } from './markdownSyntax';
import { MarkdownRefusal, type WriteContext } from './toStorageInline';

export type { PageFacts } from './frontMatter';
export { removedOnSave, type LossReport, type LossItem } from './lossReport';
export { checkStorage, type StorageCheck } from './storageCheck';

export interface ConversionStats {
  /** Top-level blocks of the body. */
  readonly blocks: number;
  /** Blocks shown as Markdown. */
  readonly markdownBlocks: number;
  /** Blocks shown as their storage in a ```confluence fence. */
  readonly keptBlocks: number;
}

export type MarkdownToStorageResult =
  | {
    ok: true;
    storage: string;
    /** The front matter as written (key → value); empty when there is none. */
    frontMatter: Record<string, string>;
    /** Read-only front matter keys (space, page-id, version, link) that differ from `base.facts`. */
    changedReadOnlyFacts: string[];
    /** The new title when the front matter's title differs from `base.facts.title`. */
    titleChange?: string;
  }
  | { ok: false; line: number; reason: string };

export interface ConversionBase {
  /** The storage the Markdown was made from. */
  readonly storage: string;
  /** The facts it was shown with, to tell which read-only facts were changed. */
  readonly facts?: PageFacts;
}

export interface ConversionOptions {
  /** Ids for macros typed in Markdown (default: random UUIDs, as Confluence assigns). */
  readonly newMacroId?: () => string;
  /**
   * False regenerates every block from its Markdown (with its original as template) instead of reusing
   * the bytes of unchanged blocks; used to check that the Markdown alone says everything. Default true.
   */
  readonly reuseUnchangedBlocks?: boolean;
}

const recentViews = new Map<string, PageView>();

/** The block view of a body, remembered for the few most recent bodies (a save follows an open). */
function viewOf(storage: string): PageView {
  const known = recentViews.get(storage);
  if (known) { return known; }
  const view = viewPage(storage);
  recentViews.set(storage, view);
  if (recentViews.size > 4) { recentViews.delete(recentViews.keys().next().value as string); }
  return view;
}

function markdownOf(view: PageView, facts: PageFacts | undefined): string {
  let front = writeFrontMatter(facts);
  const body = view.blocks.map((b) => b.markdown).join('\n\n');
  // A body that opens with `---` (a rule) must not be mistaken for front matter.
  if (front === '' && body.startsWith('---')) { front = '---\n---\n'; }
  return body === '' ? front : `${front}${front === '' ? '' : '\n'}${body}\n`;
}

export function storageToMarkdown(storage: string, facts?: PageFacts): { markdown: string; stats: ConversionStats } {
  const view = viewOf(storage);
  const kept = view.blocks.filter((b) => b.kept).length;
  return { markdown: markdownOf(view, facts), stats: { blocks: view.blocks.length, markdownBlocks: view.blocks.length - kept, keptBlocks: kept } };
}

function nextTaskIds(base: string | undefined): () => string {
  let next = 1;
  for (const m of (base ?? '').matchAll(/<ac:task-id>(\d{1,15})<\/ac:task-id>/g)) { next = Math.max(next, Number(m[1]) + 1); }
  return () => String(next++);
}

/**
 * The Markdown with CRLF line endings read as LF. A carriage return is content (storage may hold one,
 * and the view shows it as it is), so this is done only when the page's own Markdown has none.
 */
function lineEndings(markdown: string, view: PageView | undefined): string {
  if (!markdown.includes('\r\n') || view?.blocks.some((b) => b.markdown.includes('\r'))) { return markdown; }
  return markdown.replace(/\r\n/g, '\n');
}

export function markdownToStorage(typed: string, base?: ConversionBase, options: ConversionOptions = {}): MarkdownToStorageResult {
  const view = base ? viewOf(base.storage) : undefined;
  const markdown = lineEndings(typed, view);
  const { yaml, body, bodyLine } = splitFrontMatter(markdown);
  let front: FrontMatter | undefined;
  try {
    front = yaml === undefined ? undefined : readFrontMatter(yaml, 2);
  } catch (e) {
    if (e instanceof FrontMatterError) { return { ok: false, line: e.line, reason: e.reason }; }
    throw e;
  }
  const facts = {
    frontMatter: Object.fromEntries(front?.values ?? []),
    changedReadOnlyFacts: changedReadOnlyFacts(front, base?.facts),
    ...(titleChange(front, base?.facts) !== undefined ? { titleChange: titleChange(front, base?.facts) } : {}),
  };
  if (base && view && options.reuseUnchangedBlocks !== false && markdownOf(view, undefined) === body.replace(/^\n/, '')) { return { ok: true, storage: base.storage, ...facts }; }
  const ctx: WriteContext = { newMacroId: options.newMacroId ?? randomUUID, newTaskId: nextTaskIds(base?.storage), lineOffset: bodyLine - 1 };
  const blocks = (view && options.reuseUnchangedBlocks !== false ? readChangedRegion(body, view) : undefined) ?? readBlocks(body, 1);
  try {
    return { ok: true, storage: assembleStorage(ctx, blocks, view, options.reuseUnchangedBlocks !== false), ...facts };
  } catch (e) {
    if (e instanceof MarkdownRefusal) { return { ok: false, line: e.line, reason: e.reason }; }
    throw e;
  }
}

/** Every top-level block of `text` (which starts on line `firstLine` of the body) with its source text. */
function readBlocks(text: string, firstLine: number): MarkdownBlock[] {
  return parseMarkdown(text, firstLine).children.map((node) => ({ node, text: text.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0) }));
}

/**
 * The blocks of an edited body, reading only the part that differs from the base's Markdown (plus one
 * block on each side, so an edit that changes how its neighbours read is noticed). Markdown parsing is
 * the slow part of a save; a one-paragraph edit of a long page reads one paragraph. Undefined when the
 * edit reaches beyond its neighbours (an unclosed fence, a new link definition): then everything is read.
 */
function readChangedRegion(body: string, view: PageView): MarkdownBlock[] | undefined {
  const edited = body.replace(/^\n/, '');
  const leadingLines = body.length - edited.length;
  const texts = view.blocks.map((b) => b.markdown);
  const starts: number[] = [];
  let at = 0;
  for (const t of texts) { starts.push(at); at += t.length + 2; }
  const original = `${texts.join('\n\n')}\n`;
  let prefix = 0;
  while (prefix < original.length && prefix < edited.length && original[prefix] === edited[prefix]) { prefix++; }
  let suffix = 0;
  while (suffix < original.length - prefix && suffix < edited.length - prefix && original[original.length - 1 - suffix] === edited[edited.length - 1 - suffix]) { suffix++; }
  // Blocks wholly inside the common prefix or suffix (with the blank line that separates them) are unchanged.
  let firstChanged = 0;
  while (firstChanged < texts.length && (starts[firstChanged] ?? 0) + (texts[firstChanged]?.length ?? 0) + 2 <= prefix) { firstChanged++; }
  let endChanged = texts.length;
  while (endChanged > firstChanged && original.length - (starts[endChanged - 1] ?? 0) + 2 <= suffix) { endChanged--; }
  const first = Math.max(0, firstChanged - 1);
  const end = Math.min(texts.length, endChanged + 1);
  const regionStart = starts[first] ?? 0;
  const baseEnd = end < texts.length ? (starts[end] ?? original.length) : original.length;
  const regionEnd = edited.length - (original.length - baseEnd);
  if (regionEnd < regionStart) { return undefined; }
  const region = edited.slice(regionStart, regionEnd);
  if (/^ {0,3}\[[^\]\n]+\]:/m.test(region)) { return undefined; }
  const read = readBlocks(region, edited.slice(0, regionStart).split('\n').length + leadingLines);
  // The neighbour on each side must read back as it was; otherwise the edit changed how it reads.
  if (firstChanged > 0 && read[0]?.text !== texts[first]) { return undefined; }
  if (endChanged < texts.length && read[read.length - 1]?.text !== texts[end - 1]) { return undefined; }
  const unchanged = (i: number): MarkdownBlock => ({ node: { type: 'paragraph', children: [] }, text: texts[i] ?? '' });
  return [...Array.from({ length: first }, (_, i) => unchanged(i)), ...read, ...Array.from({ length: texts.length - end }, (_, i) => unchanged(end + i))];
}
