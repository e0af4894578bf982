// An edit inside one block changes only that block's bytes; untouched blocks and the whitespace between
// blocks go back exactly as they came, and an edited block keeps its original form (ids, attributes).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { storageToMarkdown } from '../../src/pages/markdown/converter';
import { corpus, replaceOnce, toStorage } from './markdownConverterHelpers';

/** The base with bytes [start, end) replaced: what a one-block edit may produce at most. */
function onlyChanged(base: string, result: string): { start: number; baseEnd: number; resultEnd: number } {
  let start = 0;
  while (start < base.length && base[start] === result[start]) { start++; }
  let a = base.length;
  let b = result.length;
  while (a > start && b > start && base[a - 1] === result[b - 1]) { a--; b--; }
  return { start, baseEnd: a, resultEnd: b };
}

describe('locality', () => {
  const pretty = '<h1>Plan</h1>\n    <p local-id="p1">First paragraph.</p>\n    <p>Second paragraph.</p>\n    <ul>\n      <li>item</li>\n    </ul>\n';

  test('a changed word changes only its paragraph, whose local-id is kept', () => {
    const md = storageToMarkdown(pretty).markdown;
    const out = toStorage(replaceOnce(md, 'First paragraph.', 'First edited paragraph.'), pretty);
    assert.equal(out, pretty.replace('First paragraph.', 'First edited paragraph.'));
  });

  test('a new block between two others takes the page\'s separator; nothing else moves', () => {
    const md = storageToMarkdown(pretty).markdown;
    const out = toStorage(replaceOnce(md, 'Second paragraph.', 'Inserted.\n\nSecond paragraph.'), pretty);
    assert.equal(out, pretty.replace('<p>Second paragraph.</p>', '<p>Inserted.</p>\n    <p>Second paragraph.</p>'));
  });

  test('deleting a block removes exactly its bytes and its separator', () => {
    const md = storageToMarkdown(pretty).markdown;
    const out = toStorage(replaceOnce(md, 'Second paragraph.\n\n', ''), pretty);
    assert.equal(out, pretty.replace('\n    <p>Second paragraph.</p>', ''));
  });

  test('editing a code macro keeps its macro id, parameters and layout', () => {
    const code = '<p>x</p>\n<ac:structured-macro ac:name="code" ac:macro-id="keep-me">\n<ac:parameter ac:name="language">python</ac:parameter>\n<ac:parameter ac:name="linenumbers">false</ac:parameter>\n<ac:plain-text-body><![CDATA[print(1)]]></ac:plain-text-body>\n</ac:structured-macro>';
    const md = storageToMarkdown(code).markdown;
    assert.match(md, /```python \{linenumbers=false\}\nprint\(1\)\n```/);
    assert.equal(toStorage(replaceOnce(md, 'print(1)', 'print(2)'), code), code.replace('print(1)', 'print(2)'));
  });

  test('editing a task keeps its task id and the table cell ids stay with their cells', () => {
    const page = corpus().find((p) => p.name.startsWith('20-'));
    assert.ok(page);
    const md = storageToMarkdown(page.storage).markdown;
    const out = toStorage(replaceOnce(md, 'Velocity', 'Throughput'), page.storage);
    assert.equal(out, page.storage.replace('Velocity', 'Throughput'));
  });

  test('blocks after repeated identical blocks: an edit changes only its own block (property counterexample)', () => {
    // fast-check found this page (seed 1081498453): the Markdown of its blocks joined without the empty
    // front matter storageToMarkdown puts before a leading rule, so it starts `---`, a blank line, `---`.
    const storage = '<hr /><hr /><p><ac:link><ri:user ri:account-id="acc-alpha" /></ac:link></p>';
    const markdown = '---\n\n---\n\n:mention{account-id="acc-alphaZ"}';
    assert.equal(toStorage(markdown, storage), storage.replace('acc-alpha', 'acc-alphaZ'));
  });

  test('identical blocks are matched in order: editing or deleting one of them touches only that one', () => {
    const storage = '<p>same</p>\n<p local-id="b">same</p>\n<p local-id="c">same</p>\n<hr /><hr /><hr />';
    const md = storageToMarkdown(storage).markdown;
    const blocks = md.trimEnd().split('\n\n');
    const withSecondEdited = blocks.map((b, i) => (i === 1 ? 'same, edited' : b)).join('\n\n');
    assert.equal(toStorage(withSecondEdited, storage), storage.replace('<p local-id="b">same</p>', '<p local-id="b">same, edited</p>'));
    const withoutThird = blocks.filter((_, i) => i !== 2).join('\n\n');
    assert.equal(toStorage(withoutThird, storage), storage.replace('\n<p local-id="c">same</p>', ''));
    const withoutARule = blocks.filter((_, i) => i !== 4).join('\n\n');
    assert.equal(toStorage(withoutARule, storage), storage.replace('<hr /><hr /><hr />', '<hr /><hr />'));
  });

  for (const page of corpus()) {
    test(`${page.name}: editing any one Markdown paragraph touches only that block`, () => {
      const { markdown } = storageToMarkdown(page.storage);
      const paragraph = /\n\n([A-Z][a-z]+) /.exec(markdown);
      if (!paragraph || paragraph[1] === undefined) { return; }
      const edited = replaceOnce(markdown, paragraph[0], `\n\n${paragraph[1]}X `);
      const out = toStorage(edited, page.storage);
      const changed = onlyChanged(page.storage, out);
      const blockStart = page.storage.lastIndexOf('<', page.storage.indexOf(`${paragraph[1]} `, Math.max(0, changed.start - 200)));
      assert.ok(changed.start >= 0 && changed.baseEnd - changed.start <= 200, `${changed.baseEnd - changed.start} bytes changed`);
      assert.ok(out.slice(changed.start, changed.resultEnd).includes('X'), 'the edit is in the result');
      void blockStart;
    });
  }
});
