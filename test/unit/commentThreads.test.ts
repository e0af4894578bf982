// Threads as a document shows them (place, state, order, who wrote what) and comment bodies as the
// editor renders them: safe Markdown from storage, storage from what a person types.

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PageComment } from '../../src/confluence/commentsApi';
import { findAnchors } from '../../src/comments/model/anchors';
import { displayMarkdown, editableText, storageFromInput, type CommentConverter } from '../../src/comments/model/commentText';
import { commentCounts, countsSentence, threadViews } from '../../src/comments/model/threadModel';
import { markdownToStorage, storageToMarkdown } from '../../src/pages/markdown/converter';
import { designReviewBody } from '../emulator/bodies';

const converter: CommentConverter = {
  toMarkdown: (s) => storageToMarkdown(s).markdown,
  toStorage: (md) => { const r = markdownToStorage(md); return r.ok ? r.storage : undefined; },
};

function comment(id: string, over: Partial<PageComment> = {}): PageComment {
  return { id, kind: 'inline', pageId: '9', createdAt: '2026-01-01T10:00:00.000Z', version: 1, body: `<p>comment ${id}</p>`, replies: [], ...over };
}

describe('threads of a document', () => {
  const body = designReviewBody();
  const open = comment('1', { authorId: 'oscar', markerRef: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', originalSelection: 'moving indexing', resolutionStatus: 'open',
    replies: [comment('2', { authorId: 'me', parentId: '1', replies: [comment('3', { authorId: 'ghost', parentId: '2' })] })] });
  const resolved = comment('4', { markerRef: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e', originalSelection: 'How do we backfill?', resolutionStatus: 'resolved' });
  const dangling = comment('5', { markerRef: 'gone', originalSelection: 'Who owns it?', resolutionStatus: 'dangling' });
  const notHere = comment('6', { markerRef: 'not-in-this-text', resolutionStatus: 'reopened' });
  const footer = comment('7', { kind: 'footer', authorId: 'me' });
  const ctx = { anchors: findAnchors(body), names: new Map([['oscar', 'Oscar Other'], ['me', 'Alex Admin']]), me: 'me' };

  test('inline threads sit on their markers in page order; page comments, dangling and detached ones at the top', () => {
    const views = threadViews({ inline: [resolved, dangling, open, notHere], footer: [footer] }, ctx);
    assert.deepEqual(views.map((v) => [v.id, v.status, v.anchor ? body.slice(v.anchor.start, v.anchor.end) : undefined]), [
      ['1', 'open', 'moving indexing to a queue-based pipeline'],
      ['4', 'resolved', 'How do we backfill?'],
      ['7', 'page', undefined],
      ['5', 'dangling', undefined],
      ['6', 'detached', undefined],
    ]);
    assert.match(views[3]!.label, /^Dangling: .*“Who owns it\?”/);
  });

  test('a thread lists its comment and every reply, with names, and marks the signed-in person\'s own', () => {
    const [thread] = threadViews({ inline: [open], footer: [] }, ctx);
    assert.deepEqual(thread!.comments.map((c) => [c.id, c.authorName, c.mine, c.parentId]), [
      ['1', 'Oscar Other', false, undefined], ['2', 'Alex Admin', true, '1'], ['3', 'Unknown user', false, '2'],
    ]);
  });

  test('counts for a tooltip', () => {
    const counts = commentCounts({ inline: [open, resolved, dangling, notHere], footer: [footer] });
    assert.deepEqual(counts, { open: 2, resolved: 1, footer: 1, dangling: 1 });
    assert.equal(countsSentence(counts), '3 open comments (2 inline, 1 on the page) · 1 resolved · 1 dangling');
    assert.equal(countsSentence(commentCounts({ inline: [], footer: [] })), 'No comments');
  });
});

describe('comment bodies', () => {
  test('prose becomes Markdown through the converter', () => {
    assert.equal(displayMarkdown('<p>Use <strong>SQS</strong>, see <a href="https://example.com/a">this</a>.</p>', converter),
      'Use **SQS**, see [this](https://example.com/a).');
  });

  test('anything else is plain text with every Markdown character escaped: no HTML, images, command links or directives', () => {
    const hostile = '<p>Click <a href="command:workbench.action.terminal.new">here</a> <ac:image><ri:url ri:value="https://tracker.example/x.png" /></ac:image>'
      + ' &lt;img src=x onerror=alert(1)&gt; <ac:link><ri:user ri:account-id="oscar" /></ac:link></p><p>- not a list</p>';
    const md = displayMarkdown(hostile, converter, new Map([['oscar', 'Oscar Other']]));
    assert.doesNotMatch(md, /\]\(command:|!\[|(^|[^\\])<img/);
    assert.match(md, /Click here/);
    assert.match(md, /\\<img src=x onerror=alert\\\(1\\\)\\>/);
    assert.match(md, /@Oscar Other/);
    assert.match(md, /\n\n\\- not a list$/);
    assert.equal(displayMarkdown('<p>**not bold** [x](y)</p>'), '\\*\\*not bold\\*\\* \\[x\\]\\(y\\)', 'escaped without the converter');
  });

  test('typed text becomes storage: Markdown through the converter, escaped paragraphs without it', () => {
    assert.equal(storageFromInput('Use **SQS** now', converter), '<p>Use <strong>SQS</strong> now</p>');
    assert.equal(storageFromInput('Use <now>', converter), '<p>Use &lt;now&gt;</p>', 'what the converter refuses is taken as text');
    assert.equal(storageFromInput('a < b & c\n\nsecond\nline'), '<p>a &lt; b &amp; c</p><p>second<br />line</p>');
    assert.equal(editableText('<p>Use <strong>SQS</strong></p>', converter), 'Use **SQS**');
    assert.equal(editableText('<p>Ask <ac:link><ri:user ri:account-id="oscar" /></ac:link></p>', converter), undefined, 'a mention would not survive an edit as text');
  });
});
