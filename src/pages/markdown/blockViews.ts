// A page as a list of blocks, each with its exact storage bytes and the Markdown it is shown as.
//
// A block is a top-level node of the body: an element (paragraph, heading, list, table, macro,
// layout…) or a run of other top-level content (stray text, CDATA, comments). Whitespace between
// blocks is not a block; it is kept as the separator before the next block. A block is shown as plain
// Markdown only if that Markdown, converted back with the block as its template, gives exactly the
// block's bytes; otherwise it is shown as its storage in a ```confluence fence.
import type { RootContent } from 'mdast';
import { dress } from './dress';
import { parseMarkdown, writeMarkdown } from './markdownSyntax';
import { blockToMdast } from './toMdastBlocks';
import { Inexpressible } from './toMdastInline';
import { KEPT_LANGUAGE, blockToStorage } from './toStorageBlocks';
import { MarkdownRefusal, type WriteContext } from './toStorageInline';
import { parseStorage, type StorageDocument, type StorageNode } from './storageTree';

export interface BlockView {
  /** The block's exact bytes. */
  readonly storage: string;
  /** Offsets of the block in the page. */
  readonly start: number;
  readonly end: number;
  /** The block as Markdown (no trailing newline). */
  readonly markdown: string;
  /** True when the block is shown as its storage in a ```confluence fence. */
  readonly kept: boolean;
  /** The top-level node, for regenerating an edited block with its original form. */
  readonly node: StorageNode;
}

export interface PageView {
  readonly doc: StorageDocument;
  readonly blocks: readonly BlockView[];
  /** separators[i] is the whitespace before blocks[i]; the last one follows the last block. */
  readonly separators: readonly string[];
}

/** Placeholder ids for checking a block: dressing replaces them with the block's own ids. */
export const CHECK_CONTEXT: WriteContext = { newMacroId: () => '00000000-0000-0000-0000-000000000000', newTaskId: () => '0', lineOffset: 0 };

interface RawBlock { start: number; end: number; node: StorageNode }

/** Splits a body into blocks and the whitespace around them. */
function splitBlocks(doc: StorageDocument): { blocks: RawBlock[]; separators: string[] } {
  const { source } = doc;
  const blocks: RawBlock[] = [];
  const separators: string[] = [];
  let cursor = 0;
  let loose: RawBlock | undefined;
  const closeLoose = (): void => {
    if (!loose) { return; }
    const text = source.slice(loose.start, loose.end);
    const lead = text.length - text.trimStart().length;
    const trail = text.length - text.trimEnd().length;
    blocks.push({ start: loose.start + lead, end: loose.end - trail, node: loose.node });
    loose = undefined;
  };
  for (const node of doc.children) {
    const text = node.kind === 'text' ? source.slice(node.start, node.end) : undefined;
    if (text !== undefined && text.trim() === '') { closeLoose(); continue; }
    if (node.kind === 'element') {
      closeLoose();
      blocks.push({ start: node.start, end: node.end, node });
    } else if (loose) {
      loose.end = node.end;
    } else {
      loose = { start: node.start, end: node.end, node };
    }
  }
  closeLoose();
  for (const b of blocks) { separators.push(source.slice(cursor, b.start)); cursor = b.end; }
  separators.push(source.slice(cursor));
  return { blocks, separators };
}

/** A fence that the content cannot close. */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const m of content.matchAll(/`+/g)) { longest = Math.max(longest, m[0].length); }
  return '`'.repeat(Math.max(3, longest + 1));
}

export function keptMarkdown(storage: string): string {
  const fence = fenceFor(storage);
  return `${fence}${KEPT_LANGUAGE}\n${storage}\n${fence}`;
}

function hasProblem(doc: StorageDocument, start: number, end: number): boolean {
  return doc.problems.some((p) => p.offset >= start && p.offset < end);
}

/** Separates the blocks when all of them are read back in one go (an HTML comment ends every Markdown block). */
const DELIMITER = '<!--confluence-block-->';
const JOINT = `\n\n${DELIMITER}\n\n`;

interface Candidate {
  readonly raw: RawBlock;
  readonly storage: string;
  readonly mdast: RootContent;
  markdown: string;
}

/**
 * What a candidate's Markdown is checked with. A fenced code block's body cannot be changed by reading
 * (its fence is longer than any backtick run inside), so only its fence line is read back; the body is
 * put back afterwards. Everything else is read back whole.
 */
function probeOf(c: Candidate): string {
  if (c.mdast.type === 'code' && !/[\r\0]/.test(c.mdast.value)) {
    const firstLine = c.markdown.slice(0, c.markdown.indexOf('\n'));
    const fence = /^`+/.exec(firstLine)?.[0] ?? '```';
    return `${firstLine}\n${fence}`;
  }
  return c.markdown;
}

/**
 * For each candidate, whether its Markdown gives back its bytes when regenerated and dressed. All of
 * them are read in one parse; if a candidate's Markdown reaches past its delimiter (and so would have
 * changed how its neighbours read), each is read on its own instead.
 */
function checkAll(doc: StorageDocument, candidates: readonly Candidate[]): boolean[] {
  const verdicts: boolean[] = new Array<boolean>(candidates.length).fill(false);
  const toRead: number[] = [];
  candidates.forEach((c, i) => {
    if (readsAsItself(c)) { verdicts[i] = checkOne(doc, c, [c.mdast]); } else { toRead.push(i); }
  });
  if (toRead.length === 0) { return verdicts; }
  const read = parseMarkdown(toRead.map((i) => probeOf(candidates[i] as Candidate)).join(JOINT)).children;
  const groups: RootContent[][] = [[]];
  for (const node of read) {
    if (node.type === 'html' && node.value === DELIMITER) { groups.push([]); } else { (groups[groups.length - 1] as RootContent[]).push(node); }
  }
  toRead.forEach((i, k) => {
    const c = candidates[i] as Candidate;
    verdicts[i] = checkOne(doc, c, groups.length === toRead.length ? groups[k] ?? [] : parseMarkdown(probeOf(c)).children);
  });
  return verdicts;
}

/**
 * Whether a paragraph or heading of plain text provably reads back as itself, so reading it is not
 * needed: no character that starts or ends any construct (marks, code, links, references, HTML,
 * directives, autolinks, escapes, tables), nothing at the start that starts a block (a list's marker
 * or number, a quote, a rule), no whitespace that Markdown would strip or read as a line break.
 */
function readsAsItself(c: Candidate): boolean {
  const node = c.mdast;
  if ((node.type !== 'paragraph' && node.type !== 'heading') || node.children.length !== 1) { return false; }
  const only = node.children[0];
  if (only?.type !== 'text') { return false; }
  const text = only.value;
  return c.markdown === (node.type === 'heading' ? `${'#'.repeat(node.depth)} ${text}` : text) && isInertText(text);
}

/** Text in which no character can start or end a Markdown construct, on a line or at its start. */
export function isInertText(text: string): boolean {
  return text !== '' && !/[^\S ]|[`*_[\]<>&!~#=+|:{}@\\]/.test(text) && !/^[ \d.)-]/.test(text) && !text.endsWith(' ') && !/www\./i.test(text);
}

function checkOne(doc: StorageDocument, c: Candidate, read: readonly RootContent[]): boolean {
  const only = read[0];
  if (read.length !== 1 || !only) { return false; }
  if (only.type === 'code' && c.mdast.type === 'code') { only.value = c.mdast.value; }
  try {
    const canonical = blockToStorage(CHECK_CONTEXT, only);
    // Storage already in Cloud's form needs no dressing.
    return canonical === c.storage || dress(canonical, doc, c.raw.node) === c.storage;
  } catch (e) {
    if (e instanceof MarkdownRefusal) { return false; }
    throw e;
  }
}

/** Every block of a body with its Markdown. */
export function viewPage(storage: string): PageView {
  const doc = parseStorage(storage);
  const { blocks: raws, separators } = splitBlocks(doc);
  const proposals: (Candidate | undefined)[] = raws.map((raw) => {
    if (raw.node.kind !== 'element' || hasProblem(doc, raw.start, raw.end)) { return undefined; }
    try {
      return { raw, storage: storage.slice(raw.start, raw.end), mdast: blockToMdast(doc, raw.node), markdown: '' };
    } catch (e) {
      if (e instanceof Inexpressible) { return undefined; }
      throw e;
    }
  });
  const candidates = proposals.filter((c): c is Candidate => c !== undefined);
  for (const c of candidates) { c.markdown = writeMarkdown(c.mdast); }
  // Two lists in a row written with the same marker would read back as one list.
  let previous: Candidate | undefined;
  let alternated = false;
  for (const c of proposals) {
    const clash: boolean = c !== undefined && previous !== undefined && !alternated && c.mdast.type === 'list' && previous.mdast.type === 'list' && c.mdast.ordered === previous.mdast.ordered;
    if (c && clash) { c.markdown = writeMarkdown(c.mdast, { bullet: '*', bulletOrdered: ')' }); }
    alternated = clash;
    previous = c;
  }
  const verdicts = checkAll(doc, candidates);
  const shown = new Map(candidates.map((c, i) => [c.raw, verdicts[i] ? c.markdown : undefined]));
  const blocks: BlockView[] = raws.map((raw) => {
    const blockStorage = storage.slice(raw.start, raw.end);
    const markdown = shown.get(raw);
    return { storage: blockStorage, start: raw.start, end: raw.end, markdown: markdown ?? keptMarkdown(blockStorage), kept: markdown === undefined, node: raw.node };
  });
  return { doc, blocks, separators };
}
