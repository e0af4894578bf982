// The pure side of comments in the editor: where markers are in storage and Markdown documents, what
// a selection means to Confluence's inline-comment endpoint (text, match count, match index) in both
// forms, and that the emulator anchors exactly what was computed.

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findAnchors, frontMatterEnd } from '../../src/comments/model/anchors';
import { selectionInMarkdown, selectionInStorage } from '../../src/comments/model/inlineSelection';
import { pageText } from '../../src/comments/model/pageText';
import { markdownToStorage, storageToMarkdown } from '../../src/pages/markdown/converter';
import { designReviewBody } from '../emulator/bodies';
import { anchorSelection } from '../emulator/inlineAnchor';

const OPEN_REF = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const RESOLVED_REF = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e';

function toStorageAgainst(storage: string): (md: string) => string {
  return (md) => {
    const r = markdownToStorage(md, { storage });
    if (!r.ok) { throw new Error(r.reason); }
    return r.storage;
  };
}

/** Offsets of `needle` (the occurrence-th) in `text`. */
function span(text: string, needle: string, occurrence = 0): [number, number] {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) { at = text.indexOf(needle, at + 1); }
  assert.ok(at >= 0, `"${needle}" is in the text`);
  return [at, at + needle.length];
}

describe('inline comment anchors in documents', () => {
  test('storage markers: the marked text of each ref, nested and split markers included', () => {
    const body = designReviewBody();
    const anchors = findAnchors(body);
    const open = anchors.get(OPEN_REF)!;
    assert.equal(body.slice(open.start, open.end), 'moving indexing to a queue-based pipeline');
    assert.equal(body.slice(anchors.get(RESOLVED_REF)!.start, anchors.get(RESOLVED_REF)!.end), 'How do we backfill?');
    const split = '<p><ac:inline-comment-marker ac:ref="x">one </ac:inline-comment-marker><strong><ac:inline-comment-marker ac:ref="x">two</ac:inline-comment-marker></strong>'
      + ' <ac:inline-comment-marker ac:ref="outer">a <ac:inline-comment-marker ac:ref="inner">b</ac:inline-comment-marker> c</ac:inline-comment-marker></p>';
    const found = findAnchors(split);
    assert.equal(split.slice(found.get('x')!.start, found.get('x')!.end), 'one </ac:inline-comment-marker><strong><ac:inline-comment-marker ac:ref="x">two');
    assert.equal(split.slice(found.get('inner')!.start, found.get('inner')!.end), 'b');
    assert.match(split.slice(found.get('outer')!.start, found.get('outer')!.end), /^a <ac:.*b<\/ac:inline-comment-marker> c$/);
  });

  test('Markdown: :comment directives (with brackets and escapes in the label) and markers kept in storage fences', () => {
    const md = storageToMarkdown(designReviewBody()).markdown;
    const anchors = findAnchors(md);
    const open = anchors.get(OPEN_REF)!;
    assert.equal(md.slice(open.start, open.end), 'moving indexing to a queue-based pipeline');
    assert.equal(md.slice(anchors.get(RESOLVED_REF)!.start, anchors.get(RESOLVED_REF)!.end), 'How do we backfill?');
    const tricky = 'See :comment[a [b] \\] c]{ref="r1"} and \\:comment[not]{ref="r2"} and :comment[x]{ref=r3}.';
    const t = findAnchors(tricky);
    assert.equal(tricky.slice(t.get('r1')!.start, t.get('r1')!.end), 'a [b] \\] c');
    assert.equal(t.has('r2'), false, 'an escaped directive is text');
    assert.equal(tricky.slice(t.get('r3')!.start, t.get('r3')!.end), 'x');
  });

  test('front matter is not page text', () => {
    assert.equal(frontMatterEnd('---\ntitle: T\n---\n# Body'), '---\ntitle: T\n---\n'.length);
    assert.equal(frontMatterEnd('# No front matter'), 0);
    assert.equal(frontMatterEnd('---\n---\ntext'), 8);
  });

  test('page text: character data only, blocks apart, entities decoded, CDATA and parameters left out', () => {
    const t = pageText('<h1>A&amp;B</h1><p>x&nbsp;y <code>z</code></p><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">js</ac:parameter>'
      + '<ac:plain-text-body><![CDATA[const q = 1;]]></ac:plain-text-body></ac:structured-macro><p>caf&#233; &rsquo;</p>');
    assert.equal(t.text, 'A&B\nx\u00a0y z\ncafé ’\n');
  });
});

describe('a selection as Confluence anchors it', () => {
  const body = '<h1>Queues</h1><p>We use a queue. The <strong>queue</strong> is SQS.</p><ul><li><p>queue owners</p></li></ul>'
    + '<table><tbody><tr><th><p>Owner</p></th></tr><tr><td><p>queue</p></td></tr></tbody></table>';

  test('storage: the text, how often it occurs, and which occurrence — and the emulator anchors exactly there', () => {
    const [s, e] = span(body, 'queue', 1);
    const r = selectionInStorage(body, s, e);
    assert.deepEqual(r, { ok: true, selection: { text: 'queue', matchCount: 4, matchIndex: 1 } });
    const anchored = anchorSelection(body, 'queue', 4, 1, 'R');
    assert.ok(anchored.ok);
    assert.match(anchored.body, /<strong><ac:inline-comment-marker ac:ref="R">queue<\/ac:inline-comment-marker><\/strong>/);
  });

  test('storage: a selection over markup counts only its text; across blocks, or on no text, it is refused with a reason', () => {
    const [s] = span(body, 'The <strong>');
    const [, e] = span(body, '</strong>');
    assert.deepEqual(selectionInStorage(body, s, e), { ok: true, selection: { text: 'The queue', matchCount: 1, matchIndex: 0 } });
    const across = selectionInStorage(body, span(body, 'SQS')[0], span(body, 'owners')[1]);
    assert.ok(!across.ok && /one paragraph/.test(across.reason));
    const markup = selectionInStorage(body, 0, 4);
    assert.ok(!markup.ok && /Select the words/.test(markup.reason));
  });

  test('storage: an occurrence that overlaps an earlier one is refused (Confluence counts them apart)', () => {
    const r = selectionInStorage('<p>aaa</p>', 4, 6);
    assert.ok(!r.ok && /overlaps/.test(r.reason));
  });

  test('Markdown: the same selection made in the Markdown view gives the same anchor as in storage', () => {
    const md = storageToMarkdown(body).markdown;
    const toStorage = toStorageAgainst(body);
    const [s, e] = span(md, 'queue', 1);
    assert.equal(md.slice(s - 2, e + 2), '**queue**');
    assert.deepEqual(selectionInMarkdown(body, md, s, e, toStorage), { ok: true, selection: { text: 'queue', matchCount: 4, matchIndex: 1 } });
    // The emphasis marks selected along with the word are markup, not text.
    assert.deepEqual(selectionInMarkdown(body, md, s - 2, e + 2, toStorage), { ok: true, selection: { text: 'queue', matchCount: 4, matchIndex: 1 } });
    // A whole list line: its bullet is not text.
    const [ls, le] = span(md, '- queue owners');
    assert.deepEqual(selectionInMarkdown(body, md, ls, le, toStorage), { ok: true, selection: { text: 'queue owners', matchCount: 1, matchIndex: 0 } });
    const [ts, te] = span(md, 'queue |');
    assert.deepEqual(selectionInMarkdown(body, md, ts, te - 2, toStorage), { ok: true, selection: { text: 'queue', matchCount: 4, matchIndex: 3 } });
  });

  test('Markdown: text inside storage the view keeps as a ```confluence fence maps too', () => {
    const kept = '<p>One queue.</p><table><tbody><tr><td>the queue</td></tr></tbody></table>';
    const md = storageToMarkdown(kept).markdown;
    assert.match(md, /```confluence/);
    const [s, e] = span(md, 'queue', 1);
    assert.deepEqual(selectionInMarkdown(kept, md, s, e, toStorageAgainst(kept)), { ok: true, selection: { text: 'queue', matchCount: 2, matchIndex: 1 } });
  });

  test('Markdown: the seeded commented page, text next to an existing :comment directive, and the front matter', () => {
    const storage = designReviewBody();
    const md = storageToMarkdown(storage, { title: 'Design review: search indexing', pageId: '1', version: 2 }).markdown;
    const toStorage = (text: string): string => {
      const r = markdownToStorage(text, { storage, facts: { title: 'Design review: search indexing', pageId: '1', version: 2 } });
      if (!r.ok) { throw new Error(r.reason); }
      return r.storage;
    };
    const [s, e] = span(md, 'so writes no longer block');
    assert.deepEqual(selectionInMarkdown(storage, md, s, e, toStorage), { ok: true, selection: { text: 'so writes no longer block', matchCount: 1, matchIndex: 0 } });
    const [qs, qe] = span(md, 'queue-based pipeline');
    assert.deepEqual(selectionInMarkdown(storage, md, qs, qe, toStorage), { ok: true, selection: { text: 'queue-based pipeline', matchCount: 1, matchIndex: 0 } });
    const front = selectionInMarkdown(storage, md, 0, md.indexOf('\n---\n') + 4, toStorage);
    assert.ok(!front.ok, 'the front matter is not page text');
  });
});
