// Refusal over damage: Markdown that would give malformed storage is refused with its line and reason;
// checkStorage applies Confluence's rules (tolerant of its quirks, not of broken markup).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkStorage, markdownToStorage, storageToMarkdown } from '../../src/pages/markdown/converter';
import { replaceOnce } from './markdownConverterHelpers';

describe('refusals', () => {
  const page = '<h1>T</h1><p style="color: red;">kept</p><p>text</p>';
  const md = storageToMarkdown(page).markdown;

  test('a kept block made malformed is refused at the line of the problem', () => {
    const broken = replaceOnce(md, 'kept</p>', 'kept');
    const r = markdownToStorage(broken, { storage: page });
    assert.equal(r.ok, false);
    if (r.ok) { return; }
    assert.equal(r.line, broken.split('\n').findIndex((l) => l.startsWith('<p style')) + 1);
    assert.match(r.reason, /never closed/);
  });

  test('a broken inline storage form is refused at its line', () => {
    const r = markdownToStorage('# T\n\nfine\n\nsee :confluence[`<ac:link><ri:page ri:content-title="x"/>`] here\n');
    assert.deepEqual(r.ok ? undefined : [r.line, /not well-formed/.test(r.reason)], [5, true]);
    const notCode = markdownToStorage('# T\n\nsee :confluence[<ac:link>] here\n');
    assert.deepEqual(notCode.ok ? undefined : [notCode.line, /inline code/.test(notCode.reason)], [3, true]);
  });

  test('raw HTML that does not close is refused', () => {
    const r = markdownToStorage('para\n\n<div>\nopen\n');
    assert.equal(r.ok, false);
    assert.equal(r.ok ? 0 : r.line, 3);
  });

  test('constructs without a Confluence form are refused with a reason', () => {
    const footnote = markdownToStorage('text[^1]\n\n[^1]: note\n');
    assert.ok(!footnote.ok && /footnote/.test(footnote.reason));
    const reference = markdownToStorage('[a][b]\n\n[b]: https://example.com\n');
    assert.ok(!reference.ok && reference.line === 1);
  });

  test('an edit deep in a page is refused at its own line, also inside a paragraph', () => {
    const base = '<h1>T</h1><p>one</p><p>two</p><p>three</p><p>four</p><p>five</p>';
    const edited = replaceOnce(storageToMarkdown(base).markdown, 'four', 'four\nand :confluence[<x>] here');
    const r = markdownToStorage(edited, { storage: base });
    assert.deepEqual(r.ok ? undefined : r.line, edited.split('\n').findIndex((l) => l.startsWith('and :confluence')) + 1);
  });

  test('the refusal counts front matter lines', () => {
    const r = markdownToStorage('---\ntitle: T\n---\n\n:confluence[<x>]\n');
    assert.equal(r.ok ? 0 : r.line, 5);
  });
});

describe('checkStorage', () => {
  test('accepts Confluence quirks', () => {
    for (const ok of [
      '<p>&nbsp;&mdash;&rsquo;&eacute;&#169;&#x1F600;</p>', '<ac:structured-macro ac:name="x"/><ri:page ri:content-title="y" />', '<p>a<br/>b<br />c</p><p />',
      '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[a]]]]><![CDATA[>b]]></ac:plain-text-body></ac:structured-macro>',
      "<p a='1' b=\"2\">x</p>", '<p>\u0002 control \u2028</p>', 'text at the top <![CDATA[raw]]>', '<!-- comment --><p>x</p>', '',
    ]) { assert.deepEqual(checkStorage(ok), { ok: true }, ok); }
  });
  test('refuses broken markup with the offset, line and reason', () => {
    const cases: [string, number, RegExp][] = [
      ['<p>a</p>\n<p>b', 2, /never closed/], ['<p><em>a</p>', 1, /not closed before/], ['</p>', 1, /no matching opening/],
      ['<p>\n&bogus;</p>', 2, /unknown entity/], ['<p>a & b</p>', 1, /bare '&'/], ['<p>a < b</p>', 1, /'<' in text/],
      ['<p a=1>x</p>', 1, /must be quoted/], ['<p a="1" a="2">x</p>', 1, /repeated/], ['<br>', 1, /self-closed/],
      ['<![CDATA[x', 1, /CDATA/], ['<!-- x', 1, /comment/], ['<p a="<">x</p>', 1, /'<' in the value/], ['<!DOCTYPE html><p/>', 1, /declarations/],
    ];
    for (const [storage, line, reason] of cases) {
      const r = checkStorage(storage);
      assert.equal(r.ok, false, storage);
      if (r.ok) { continue; }
      assert.equal(r.line, line, storage);
      assert.match(r.reason, reason, storage);
    }
  });
  test('finds a bad reference after many text nodes without one, in text and in attributes, in any order', () => {
    const clean = '<p>plain</p>\n'.repeat(50);
    for (const [storage, line, reason] of [
      [`${clean}<p>a &amp; b</p>\n<p>c &bogus; d</p>`, 52, /unknown entity/],
      [`<p title="&amp;">x</p>\n${clean}<p>e & f</p>`, 52, /bare '&'/],
      [`${clean}<p title="x &#0; y">z</p>`, 51, /not a character/],
      [`<p>&amp;</p>\n<p title="&zz;">y</p>\n${clean}`, 2, /unknown entity/],
    ] as [string, number, RegExp][]) {
      const r = checkStorage(storage);
      assert.equal(r.ok, false, storage);
      if (r.ok) { continue; }
      assert.equal(r.line, line, storage);
      assert.match(r.reason, reason, storage);
    }
    assert.deepEqual(checkStorage(`<p>&amp;</p>\n${clean}<p title="&lt;">&gt; &#x1F600;</p>`), { ok: true });
  });
});
