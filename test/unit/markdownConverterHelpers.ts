// Shared by the converter's tests: the hand-written corpus and a few assertions about round trips.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { markdownToStorage, storageToMarkdown } from '../../src/pages/markdown/converter';

export const corpusDir = path.resolve(__dirname, '..', '..', '..', 'test', 'corpus', 'storage');

export function corpus(): { name: string; storage: string }[] {
  return fs.readdirSync(corpusDir).filter((f) => f.endsWith('.xhtml')).sort().map((name) => ({ name, storage: fs.readFileSync(path.join(corpusDir, name), 'utf8') }));
}

/** Markdown → storage that must succeed. */
export function toStorage(markdown: string, base?: string, ids = counter('m')): string {
  const r = markdownToStorage(markdown, base === undefined ? undefined : { storage: base }, { newMacroId: ids });
  assert.ok(r.ok, r.ok ? '' : `refused at line ${r.line}: ${r.reason}`);
  return r.storage;
}

export function toMarkdown(storage: string): string {
  return storageToMarkdown(storage).markdown;
}

/** Deterministic ids: prefix-1, prefix-2, … */
export function counter(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

/** Replaces the first occurrence of `from` in `text`, failing if it is absent. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `${JSON.stringify(from)} not found`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}
