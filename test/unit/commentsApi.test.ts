// The client's comment operations against the emulator over real HTTP, with request counts from the
// emulator's request log: reading every thread of a page (and what it costs), creating footer and
// inline comments and replies, editing on top of a version, resolving, deleting, and a restricted
// page with and without the admin key.

import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { PageComment } from '../../src/confluence/commentsApi';
import type { SiteConnection } from '../../src/confluence/types';
import { DEMO, startEmulator, type RunningEmulator } from '../emulator/index';
import { classicConnection, makeClient, SCOPED, WRITER } from './helpers/clients';
import { FakeClock } from './helpers/fakeClock';
import { expectError, registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();
let emu: RunningEmulator;
const C = DEMO.comments;

before(async () => { emu = await startEmulator({ seed: 'demo' }); });
after(async () => { await emu.close(); });
beforeEach(() => { emu.control.reset(); });

function site(): SiteConnection { return classicConnection(emu.url); }
function requests(fragment = '/wiki/api/v2/'): { method: string; path: string; adminKeyHeader: boolean; status: number }[] {
  return emu.control.requestLog().filter((r) => r.path.includes(fragment));
}
const ids = (list: PageComment[]): string[] => list.map((c) => c.id);

describe('reading a page\'s comments', () => {
  test('every thread with its replies, in 2 listings plus one /children request per comment', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const { inline, footer } = await client.pageComments(C.pageId);
    assert.deepEqual(ids(inline), [C.openInline.id, C.resolvedInline.id, C.danglingInline.id]);
    const [open, resolved, dangling] = inline;
    assert.ok(open);
    assert.deepEqual({ ...open, replies: ids(open.replies) }, {
      id: C.openInline.id, kind: 'inline', pageId: C.pageId, authorId: DEMO.accounts.other.accountId, createdAt: open.createdAt, version: 2,
      body: '<p>Which queue? We already run Kafka for payments; SQS would be a second system to operate.</p>',
      resolutionStatus: 'open', markerRef: C.openInline.markerRef, originalSelection: C.openInline.selection,
      webUrl: `${emu.url}/wiki/spaces/ENG/pages/${C.pageId}/Design+review%3A+search+indexing?focusedCommentId=${C.openInline.id}`,
      replies: C.openInline.replyIds,
    });
    assert.ok(!Number.isNaN(Date.parse(open.createdAt)));
    assert.deepEqual(open.replies.map((r) => [r.kind, r.parentId, r.pageId, r.markerRef, r.authorId]), [
      ['inline', C.openInline.id, C.pageId, C.openInline.markerRef, DEMO.accounts.writer.accountId],
      ['inline', C.openInline.id, C.pageId, C.openInline.markerRef, DEMO.accounts.other.accountId],
    ]);
    assert.deepEqual([resolved?.resolutionStatus, resolved?.originalSelection], ['resolved', C.resolvedInline.selection]);
    assert.deepEqual([dangling?.resolutionStatus, dangling?.markerRef], ['dangling', C.danglingInline.markerRef]);
    assert.deepEqual(ids(footer), [C.footerWithReply.id, C.footer.id]);
    assert.deepEqual(footer.map((f) => ids(f.replies)), [[C.footerWithReply.replyId], []]);
    assert.ok(footer.every((f) => f.kind === 'footer' && f.resolutionStatus === undefined && f.markerRef === undefined));

    // 3 inline + 2 inline replies + 2 footer + 1 footer reply = 8 comments: 2 listings + 8 /children.
    const log = requests();
    assert.equal(log.length, 2 + 8);
    assert.equal(log.filter((r) => r.path.includes('/children')).length, 8);
    assert.ok(log.every((r) => r.path.includes('body-format=storage') && r.path.includes('limit=250')));
  });

  test('request count for N inline and M footer comments: ceil(N/250) + ceil(M/250) + N + M + replies', async () => {
    const page = DEMO.prodPages.roadmap.id;
    const N = 260;
    for (let i = 0; i < N; i++) { emu.control.addCommentAsOtherUser(page, { kind: 'inline', body: `<p>${i}</p>`, textSelection: 'Themes', textSelectionMatchCount: 1 }); }
    const f1 = emu.control.addCommentAsOtherUser(page, { kind: 'footer', body: '<p>f1</p>' });
    emu.control.addCommentAsOtherUser(page, { kind: 'footer', body: '<p>f2</p>' });
    const r1 = emu.control.addCommentAsOtherUser(page, { kind: 'reply', parentId: f1.id, body: '<p>r1</p>' });
    emu.control.addCommentAsOtherUser(page, { kind: 'reply', parentId: r1.id, body: '<p>nested</p>' });
    emu.control.clearRequestLog();
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const { inline, footer } = await client.pageComments(page, { concurrency: 8 });
    assert.equal(inline.length, N);
    assert.equal(inline[N - 1]?.body, `<p>${N - 1}</p>`);
    assert.deepEqual(footer[0]?.replies[0]?.replies.map((r) => r.body), ['<p>nested</p>'], 'replies of replies are read too');
    const M = 2;
    const replies = 2;
    assert.equal(requests().length, Math.ceil(N / 250) + Math.ceil(M / 250) + N + M + replies);
  });

  test('top-level comments alone stream in batches; replies on demand', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const batches: PageComment[][] = [];
    for await (const b of client.pageCommentRoots(C.pageId, 'footer')) { batches.push(b); }
    assert.deepEqual(batches.map(ids), [[C.footerWithReply.id, C.footer.id]]);
    const first = batches[0]?.[0];
    assert.ok(first);
    assert.deepEqual(ids(await client.commentReplies(first)), [C.footerWithReply.replyId]);
    assert.equal(requests().length, 2);
    const one = await client.getComment({ id: C.resolvedInline.id, kind: 'inline' });
    assert.deepEqual([one.pageId, one.resolutionStatus, one.version], [C.pageId, 'resolved', 1]);
  });
});

describe('through the gateway (scoped token)', () => {
  test('threads read and replies post on the gateway path, next links included', async () => {
    const gateway: SiteConnection = { siteOrigin: emu.url, apiBase: `${emu.url}/ex/confluence/${emu.cloudId}`, tokenKind: 'scoped', cloudId: emu.cloudId };
    const page = DEMO.prodPages.requirements.id;
    for (let i = 0; i < 251; i++) { emu.control.addCommentAsOtherUser(page, { kind: 'footer', body: `<p>${i}</p>` }); }
    emu.control.clearRequestLog();
    const { client } = makeClient(scan, gateway, { credentials: SCOPED });
    const { footer } = await client.pageComments(page);
    assert.equal(footer.length, 251);
    assert.ok(footer[0]?.webUrl?.startsWith(`${emu.url}/wiki/spaces/PROD/pages/${page}/`), 'browser links point at the site, not the gateway');
    const reply = await client.replyToComment(footer[0] ?? { id: '', kind: 'footer', pageId: '' }, '<p>via the gateway</p>');
    assert.equal(reply.parentId, footer[0]?.id);
    const log = emu.control.requestLog();
    assert.equal(log.length, 2 + 1 + 251 + 1);
    assert.ok(log.every((r) => r.viaGateway && r.status < 300));
  });
});

describe('writing comments', () => {
  test('a footer comment and a reply; the reply is filed under its parent', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const made = await client.createFooterComment(C.pageId, '<p>Ship it.</p>');
    assert.deepEqual([made.kind, made.pageId, made.version, made.body, made.authorId], ['footer', C.pageId, 1, '<p>Ship it.</p>', DEMO.accounts.writer.accountId]);
    const reply = await client.replyToComment(made, '<p>Shipped.</p>');
    assert.deepEqual([reply.parentId, reply.pageId, reply.kind], [made.id, C.pageId, 'footer']);
    const inlineReply = await client.replyToComment({ id: C.openInline.id, kind: 'inline', pageId: C.pageId }, '<p>Noted.</p>');
    assert.deepEqual([inlineReply.kind, inlineReply.markerRef, inlineReply.resolutionStatus], ['inline', C.openInline.markerRef, 'open']);
    const state = emu.control.comments(C.pageId) ?? [];
    assert.deepEqual(state.find((s) => s.id === reply.id)?.parentId, made.id);
    assert.deepEqual(requests().map((r) => [r.method, r.status]), [['POST', 201], ['POST', 201], ['POST', 201]]);
  });

  test('an inline comment anchors on the chosen occurrence, in place: the page keeps its version number', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const before = emu.control.pageState(C.pageId);
    const made = await client.createInlineComment(C.pageId, '<p>Which one?</p>', { text: 'queue', matchCount: 2, matchIndex: 1 });
    assert.deepEqual([made.kind, made.resolutionStatus, made.originalSelection], ['inline', 'open', 'queue']);
    assert.match(made.markerRef ?? '', /^[0-9a-f-]{36}$/);
    const after = emu.control.pageState(C.pageId);
    assert.equal(after?.version, before?.version);
    assert.ok(after?.body.includes(`dead-letter <ac:inline-comment-marker ac:ref="${made.markerRef ?? ''}">queue</ac:inline-comment-marker>`));
    assert.equal(requests().length, 1);
  });

  test('a selection Confluence cannot match is invalidInput carrying its reason; nonsense never leaves the client', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const e = await expectError(scan, client.createInlineComment(C.pageId, '<p>x</p>', { text: 'queue', matchCount: 1, matchIndex: 0 }), 'invalidInput');
    assert.match(e.message, /occurs 2 time\(s\) on the page/);
    assert.equal(e.status, 400);
    await expectError(scan, client.createInlineComment(C.pageId, '<p>x</p>', { text: 'queue', matchCount: 2, matchIndex: 2 }), 'invalidInput');
    await expectError(scan, client.createInlineComment(C.pageId, '<p>x</p>', { text: '  ', matchCount: 1, matchIndex: 0 }), 'invalidInput');
    await expectError(scan, client.createFooterComment(C.pageId, '   '), 'invalidInput');
    await expectError(scan, client.createFooterComment('../admin-key', '<p>x</p>'), 'invalidInput');
    assert.equal(requests().length, 1, 'only the first reached Confluence');
  });

  test('edit on top of the version read; a stale version is a conflict naming the current one', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const mine = (await client.pageComments(C.pageId)).footer[0]?.replies[0];
    assert.ok(mine && mine.id === C.footerWithReply.replyId);
    const edited = await client.editComment(mine, '<p>Set up on Monday.</p>');
    assert.deepEqual([edited.version, edited.body], [2, '<p>Set up on Monday.</p>']);
    const e = await expectError(scan, client.editComment(mine, '<p>Stale</p>'), 'conflict');
    assert.equal(e.currentVersion, 2);
    assert.equal(emu.control.comments(C.pageId)?.find((s) => s.id === mine.id)?.body, '<p>Set up on Monday.</p>');
    await expectError(scan, client.editComment({ id: C.footer.id, kind: 'footer', version: 1, pageId: C.pageId }, '<p>Not mine</p>'), 'notFound');
  });

  test('resolve and reopen an inline thread; a dangling one cannot be updated; footers cannot be resolved', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const { inline } = await client.pageComments(C.pageId);
    const [open, , dangling] = inline;
    assert.ok(open && dangling);
    const resolved = await client.setCommentResolved(open, true);
    assert.deepEqual([resolved.resolutionStatus, resolved.version, resolved.body], ['resolved', 3, open.body]);
    const reopened = await client.setCommentResolved(resolved, false);
    assert.equal(reopened.resolutionStatus, 'reopened');
    const e = await expectError(scan, client.setCommentResolved(dangling, true), 'invalidInput');
    assert.match(e.message, /dangling/);
    await expectError(scan, client.setCommentResolved({ id: C.footer.id, kind: 'footer', version: 1, pageId: C.pageId, body: '' }, true), 'invalidInput');
  });

  test('delete takes the replies with it', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    await client.deleteComment({ id: C.resolvedInline.id, kind: 'inline' });
    const { inline } = await client.pageComments(C.pageId);
    assert.deepEqual(ids(inline), [C.openInline.id, C.danglingInline.id]);
    await expectError(scan, client.deleteComment({ id: C.footer.id, kind: 'footer' }), 'notFound');
  });
});

describe('a read-restricted page', () => {
  test('notFound without the admin key; with it the threads read, every request carries the header and is audited', async () => {
    const clock = new FakeClock(emu.control.now());
    const { client, key, audit } = makeClient(scan, site(), { clock });
    await expectError(scan, client.pageComments(C.restricted.pageId), 'notFound');
    await expectError(scan, client.createFooterComment(C.restricted.pageId, '<p>x</p>'), 'notFound');
    key.set((await client.enableAdminKey(10)).expiresAt);
    emu.control.clearRequestLog();
    const { footer, inline } = await client.pageComments(C.restricted.pageId);
    assert.deepEqual(inline, []);
    assert.deepEqual(footer.map((f) => [f.id, ids(f.replies)]), [[C.restricted.footerId, [C.restricted.replyId]]]);
    const reply = await client.replyToComment(footer[0] ?? { id: '', kind: 'footer', pageId: '' }, '<p>Seen.</p>');
    assert.equal(reply.parentId, C.restricted.footerId);
    const log = requests();
    assert.equal(log.length, 5);
    assert.ok(log.every((r) => r.adminKeyHeader && r.status < 300));
    assert.deepEqual(audit.map((a) => a.method), ['GET', 'GET', 'GET', 'GET', 'POST']);
    const uses = emu.control.auditLog().filter((a) => a.action === 'admin-key.use');
    assert.equal(uses.length, 5);
    assert.ok(uses.every((a) => a.contentId === C.restricted.pageId));
  });
});

scan.declareFinalCheck();
