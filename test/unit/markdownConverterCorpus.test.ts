// Identity and idempotence on every page of the hand-written corpus, and on pages never seen before:
// the corpus pages concatenated into one body.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkStorage, markdownToStorage, storageToMarkdown } from '../../src/pages/markdown/converter';
import { corpus, toStorage } from './markdownConverterHelpers';

const pages = corpus();

describe('corpus', () => {
  test('the corpus has 20–40 pages, all of which Confluence accepts', () => {
    assert.ok(pages.length >= 20 && pages.length <= 40, `${pages.length} pages`);
    for (const p of pages) { assert.deepEqual(checkStorage(p.storage), { ok: true }, p.name); }
  });

  for (const page of pages) {
    test(`${page.name}: storage → Markdown → storage is byte-identical, by reuse and by regeneration`, () => {
      const { markdown } = storageToMarkdown(page.storage);
      assert.equal(toStorage(markdown, page.storage), page.storage);
      const regenerated = markdownToStorage(markdown, { storage: page.storage }, { reuseUnchangedBlocks: false });
      assert.ok(regenerated.ok);
      assert.equal(regenerated.storage, page.storage);
    });
    test(`${page.name}: Markdown → storage → Markdown is stable`, () => {
      const first = storageToMarkdown(page.storage).markdown;
      const fresh = toStorage(first);
      const second = storageToMarkdown(fresh).markdown;
      assert.equal(storageToMarkdown(toStorage(second)).markdown, second);
      assert.equal(toStorage(second, fresh), fresh);
    });
  }

  test('at least 70% of the corpus blocks are plain Markdown', () => {
    let blocks = 0;
    let markdown = 0;
    for (const p of pages) {
      const { stats } = storageToMarkdown(p.storage);
      assert.equal(stats.blocks, stats.markdownBlocks + stats.keptBlocks);
      blocks += stats.blocks;
      markdown += stats.markdownBlocks;
    }
    assert.ok(markdown / blocks >= 0.7, `${markdown}/${blocks}`);
  });

  test('several pages concatenated into one body convert like any page', () => {
    for (const joint of ['', '\n', '\n\n  ']) {
      const body = pages.map((p) => p.storage).join(joint);
      const { markdown, stats } = storageToMarkdown(body);
      assert.ok(stats.blocks >= pages.length);
      assert.equal(toStorage(markdown, body), body);
      const regenerated = markdownToStorage(markdown, { storage: body }, { reuseUnchangedBlocks: false });
      assert.ok(regenerated.ok && regenerated.storage === body);
    }
    const reversed = [...pages].reverse().map((p) => p.storage).join('');
    assert.equal(toStorage(storageToMarkdown(reversed).markdown, reversed), reversed);
  });

  test('every kept block is a ```confluence fence holding the exact bytes', () => {
    for (const p of pages) {
      const { markdown } = storageToMarkdown(p.storage);
      for (const m of markdown.matchAll(/^(`{3,})confluence\n([\s\S]*?)\n\1$/gm)) {
        assert.ok(p.storage.includes(m[2] ?? '\u0000'), `${p.name}: kept block not in the page`);
      }
    }
  });
});
