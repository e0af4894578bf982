// Behaviour of comments and history in the emulator: anchoring inline comments on a selection (and
// what that does to the page), dangling and resolution, comment versions and conflicts, replies,
// pagination, restrictions with and without the admin key (and its audit), and the control surface.

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, RunningEmulator, startEmulator } from './index';
import { anchorSelection, textMap } from './inlineAnchor';
import { basic, call, j, results } from './testHelpers';

const V2 = '/wiki/api/v2';
const admin = basic(DEMO.accounts.admin.email, DEMO.accounts.admin.token);
const writer = basic(DEMO.accounts.writer.email, DEMO.accounts.writer.token);
const security = basic(DEMO.accounts.security.email, DEMO.accounts.security.token);
const KEY = { 'Atl-Confluence-With-Admin-Key': 'true' };
const C = DEMO.comments;
const storage = (value: string) => ({ representation: 'storage', value });

let emu: RunningEmulator;
before(async () => { emu = await startEmulator({ controlHttp: true }); });
after(async () => { await emu.close(); });
beforeEach(() => { emu.control.reset(); });

const get = (url: string, auth = writer, headers?: Record<string, string>) => call(emu.url, 'GET', url, { auth, headers });
const send = (method: string, url: string, body: unknown, auth = writer, headers?: Record<string, string>) => call(emu.url, method, url, { auth, body, headers });
const inline = (pageId: string, textSelection: string, textSelectionMatchCount: number, textSelectionMatchIndex: number, text = '<p>?</p>') =>
  ({ pageId, body: storage(text), inlineCommentProperties: { textSelection, textSelectionMatchCount, textSelectionMatchIndex } });

async function createPage(title: string, body: string): Promise<string> {
  const r = await send('POST', `${V2}/pages`, { spaceId: DEMO.spaces.eng.id, status: 'current', title, body: storage(body) });
  assert.equal(r.status, 200, r.text);
  return String(j(r.body, 'id'));
}

describe('anchoring inline comments', () => {
  test('the match-index-th occurrence is wrapped in a new marker, in place: same page version, no new history entry', async () => {
    const id = await createPage('Anchoring', '<p>alpha beta alpha</p><p>gamma alpha</p>');
    const before = emu.control.pageState(id);
    const r = await send('POST', `${V2}/inline-comments`, inline(id, 'alpha', 3, 1, '<p>the second one</p>'));
    assert.equal(r.status, 201, r.text);
    const ref = String(j(r.body, 'properties', 'inlineMarkerRef'));
    assert.match(ref, /^[0-9a-f-]{36}$/);
    assert.equal(j(r.body, 'properties', 'inlineOriginalSelection'), 'alpha');
    assert.equal(j(r.body, 'resolutionStatus'), 'open');
    const after = emu.control.pageState(id);
    assert.equal(after?.body, `<p>alpha beta <ac:inline-comment-marker ac:ref="${ref}">alpha</ac:inline-comment-marker></p><p>gamma alpha</p>`);
    assert.equal(after?.version, before?.version, 'no new page version');
    assert.equal(after?.versions.length, before?.versions.length);
    const versions = results((await get(`${V2}/pages/${id}/versions`)).body);
    assert.equal(versions.length, 1);
    // An editor still holding the old body can save on top of the same version number: the marker goes, unnoticed by the version check.
    const put = await send('PUT', `${V2}/pages/${id}`, { id, status: 'current', title: 'Anchoring', body: storage('<p>alpha beta alpha</p><p>gamma alpha</p>'), version: { number: 2 } });
    assert.equal(put.status, 200);
    assert.equal(j((await get(`${V2}/inline-comments/${String(j(r.body, 'id'))}`)).body, 'resolutionStatus'), 'dangling');
  });

  test('a selection across formatting is wrapped piecewise with one ref; entities and non-breaking spaces read as text', () => {
    const body = '<p>one <strong>two</strong> three &amp; four&nbsp;five</p>';
    const a = anchorSelection(body, 'one two three', 1, 0, 'r');
    assert.ok(a.ok);
    assert.equal(a.ok && a.body, '<p><ac:inline-comment-marker ac:ref="r">one </ac:inline-comment-marker><strong><ac:inline-comment-marker ac:ref="r">two</ac:inline-comment-marker></strong><ac:inline-comment-marker ac:ref="r"> three</ac:inline-comment-marker> &amp; four&nbsp;five</p>');
    const b = anchorSelection(body, '& four five', 1, 0, 'r');
    assert.ok(b.ok);
    assert.equal(b.ok && b.body, '<p>one <strong>two</strong> three <ac:inline-comment-marker ac:ref="r">&amp; four&nbsp;five</ac:inline-comment-marker></p>');
  });

  test('macro parameters and CDATA are not page text; block boundaries separate text', () => {
    const body = '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">sql</ac:parameter><ac:plain-text-body><![CDATA[select sql]]></ac:plain-text-body></ac:structured-macro><p>sql</p><p>end</p>';
    assert.equal(textMap(body).text, 'sql\nend\n');
    const a = anchorSelection(body, 'sql', 1, 0, 'r');
    assert.ok(a.ok && a.body.endsWith('<p><ac:inline-comment-marker ac:ref="r">sql</ac:inline-comment-marker></p><p>end</p>'));
    assert.equal(anchorSelection(body, 'select', 1, 0, 'r').ok, false);
  });

  test('a selection that is missing, counted wrongly or indexed past its count is a 400 that says so', async () => {
    const miss = await send('POST', `${V2}/inline-comments`, inline(C.pageId, 'nowhere to be found', 1, 0));
    assert.equal(miss.status, 400);
    assert.match(String(j(miss.body, 'errors', 0, 'title')), /was not found on the page/);
    const count = await send('POST', `${V2}/inline-comments`, inline(C.pageId, 'queue', 1, 0));
    assert.equal(count.status, 400);
    assert.match(String(j(count.body, 'errors', 0, 'title')), /occurs 2 time\(s\) on the page, but textSelectionMatchCount is 1/);
    const index = await send('POST', `${V2}/inline-comments`, inline(C.pageId, 'queue', 2, 2));
    assert.equal(index.status, 400);
    assert.match(String(j(index.body, 'errors', 0, 'title')), /textSelectionMatchIndex must be less than textSelectionMatchCount/);
    assert.equal(emu.control.pageState(C.pageId)?.body.includes('queue</ac:inline-comment-marker>'), false, 'nothing was anchored');
    const ok = await send('POST', `${V2}/inline-comments`, inline(C.pageId, 'queue', 2, 1));
    assert.equal(ok.status, 201);
    assert.ok(emu.control.pageState(C.pageId)?.body.includes('dead-letter <ac:inline-comment-marker'));
  });
});

describe('resolution, dangling and versions', () => {
  test('the seeded threads: open with two replies, resolved, dangling (marker not in the body)', async () => {
    const list = results((await get(`${V2}/pages/${C.pageId}/inline-comments?body-format=storage`)).body);
    assert.deepEqual(list.map(c => [c.id, c.resolutionStatus]), [[C.openInline.id, 'open'], [C.resolvedInline.id, 'resolved'], [C.danglingInline.id, 'dangling']]);
    assert.deepEqual(list.map(c => j(c, 'properties', 'inlineMarkerRef')), [C.openInline.markerRef, C.resolvedInline.markerRef, C.danglingInline.markerRef]);
    const body = emu.control.pageState(C.pageId)?.body ?? '';
    assert.ok(body.includes(C.openInline.markerRef) && body.includes(C.resolvedInline.markerRef) && !body.includes(C.danglingInline.markerRef));
    const only = results((await get(`${V2}/pages/${C.pageId}/inline-comments?resolution-status=dangling`)).body);
    assert.deepEqual(only.map(c => c.id), [C.danglingInline.id]);
    const kids = results((await get(`${V2}/inline-comments/${C.openInline.id}/children`)).body);
    assert.deepEqual(kids.map(c => [c.id, c.parentCommentId, c.resolutionStatus]), C.openInline.replyIds.map(id => [id, C.openInline.id, 'open']));
  });

  test('an edit that removes a marker makes the comment dangling; one that restores it brings it back', async () => {
    const cur = emu.control.pageState(C.pageId)?.body ?? '';
    const stripped = cur.replace(/<ac:inline-comment-marker ac:ref="a1b2[^"]*">([^<]*)<\/ac:inline-comment-marker>/, '$1');
    emu.control.editPageAsOtherUser(C.pageId, { body: stripped });
    assert.equal(j((await get(`${V2}/inline-comments/${C.openInline.id}`)).body, 'resolutionStatus'), 'dangling');
    const put = await send('PUT', `${V2}/inline-comments/${C.openInline.id}`, { version: { number: 3 }, resolved: true });
    assert.equal(put.status, 400);
    assert.match(String(j(put.body, 'errors', 0, 'title')), /dangling comment cannot be updated/);
    emu.control.editPageAsOtherUser(C.pageId, { body: cur });
    assert.equal(j((await get(`${V2}/inline-comments/${C.openInline.id}`)).body, 'resolutionStatus'), 'open');
  });

  test('resolve and reopen: a new comment version each, resolver recorded; a stale version is a 409 naming the current one', async () => {
    const r = await send('PUT', `${V2}/inline-comments/${C.openInline.id}`, { version: { number: 3 }, resolved: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(j(r.body, 'resolutionStatus'), 'resolved');
    assert.equal(j(r.body, 'resolutionLastModifierId'), DEMO.accounts.writer.accountId);
    assert.equal(j(r.body, 'version', 'number'), 3);
    const stale = await send('PUT', `${V2}/inline-comments/${C.openInline.id}`, { version: { number: 3 }, resolved: false });
    assert.equal(stale.status, 409);
    assert.deepEqual(stale.body, { errors: [{ status: 409, code: 'CONFLICT', title: 'Version must be incremented when updating a comment. Current Version: [3]. Provided version: [3]', detail: null }] });
    const reopened = await send('PUT', `${V2}/inline-comments/${C.openInline.id}`, { version: { number: 4 }, resolved: false });
    assert.equal(j(reopened.body, 'resolutionStatus'), 'reopened');
    const kid = await get(`${V2}/inline-comments/${C.openInline.replyIds[0] ?? ''}`);
    assert.equal(j(kid.body, 'resolutionStatus'), 'reopened', 'replies report their thread');
  });

  test('editing keeps old versions readable; only the author (or an admin) may edit or delete', async () => {
    const id = C.footerWithReply.replyId;
    const edit = await send('PUT', `${V2}/footer-comments/${id}`, { version: { number: 2, message: 'wording' }, body: storage('<p>Set up.</p>') });
    assert.equal(edit.status, 200);
    assert.equal(j(edit.body, 'body', 'storage', 'value'), '<p>Set up.</p>');
    const old = await get(`${V2}/footer-comments/${id}?version=1&body-format=storage`);
    assert.equal(j(old.body, 'body', 'storage', 'value'), '<p>Agreed, I will set it up this sprint.</p>');
    assert.equal(j(old.body, 'status'), 'historical');
    assert.equal((await send('PUT', `${V2}/footer-comments/${C.footer.id}`, { version: { number: 2 }, body: storage('<p>mine now</p>') })).status, 404);
    assert.equal((await send('DELETE', `${V2}/footer-comments/${C.footer.id}`, undefined)).status, 404);
    assert.equal((await send('DELETE', `${V2}/footer-comments/${C.footerWithReply.id}`, undefined, admin)).status, 204);
    assert.equal((await get(`${V2}/footer-comments/${C.footerWithReply.replyId}`)).status, 404, 'replies go with their parent');
    assert.deepEqual(results((await get(`${V2}/pages/${C.pageId}/footer-comments`)).body).map(c => c.id), [C.footer.id]);
  });
});

describe('pagination', () => {
  test('300 footer comments come in pages of 250 with the same next link in Link and _links.next', async () => {
    const id = await createPage('Busy page', '<p>Busy</p>');
    for (let i = 0; i < 300; i++) { emu.control.addCommentAsOtherUser(id, { kind: 'footer', body: `<p>${i}</p>` }); }
    const first = await get(`${V2}/pages/${id}/footer-comments?limit=250&body-format=storage`);
    assert.equal(results(first.body).length, 250);
    const next = String(j(first.body, '_links', 'next'));
    assert.equal(first.headers.link, `<${next}>; rel="next", <${emu.url}/wiki>; rel="base"`);
    const second = await get(next);
    assert.equal(results(second.body).length, 50);
    assert.equal(j(second.body, '_links', 'next'), undefined);
    const all = [...results(first.body), ...results(second.body)].map(c => j(c, 'body', 'storage', 'value'));
    assert.deepEqual(all, Array.from({ length: 300 }, (_, i) => `<p>${i}</p>`));
    const newest = results((await get(`${V2}/pages/${id}/footer-comments?limit=1&sort=-created-date&body-format=storage`)).body);
    assert.equal(j(newest[0], 'body', 'storage', 'value'), '<p>299</p>');
  });
});

describe('restrictions and the admin key', () => {
  test('comments and versions of a read-restricted page are 404 to others, visible to the allowed reader', async () => {
    const page = C.restricted.pageId;
    for (const url of [`${V2}/pages/${page}/footer-comments`, `${V2}/pages/${page}/inline-comments`, `${V2}/footer-comments/${C.restricted.footerId}`,
      `${V2}/footer-comments/${C.restricted.footerId}/children`, `${V2}/pages/${page}/versions`, `${V2}/pages/${page}/versions/1`]) {
      assert.equal((await get(url, admin)).status, 404, url);
      assert.equal((await get(url, security)).status, 200, url);
    }
    assert.equal((await send('POST', `${V2}/footer-comments`, { parentCommentId: C.restricted.footerId, body: storage('<p>x</p>') })).status, 404);
    assert.equal((await send('POST', `${V2}/footer-comments`, { pageId: DEMO.restricted.childId, body: storage('<p>x</p>') })).status, 404, 'the restriction is inherited');
  });

  test('the site-wide listings leave out comments on pages the caller may not read', async () => {
    const ids = async (auth: string, headers?: Record<string, string>) => results((await get(`${V2}/footer-comments?limit=250`, auth, headers)).body).map(c => c.id);
    assert.deepEqual(await ids(writer), [C.footerWithReply.id, C.footerWithReply.replyId, C.footer.id]);
    assert.deepEqual(await ids(security), [C.footerWithReply.id, C.footerWithReply.replyId, C.footer.id, C.restricted.footerId, C.restricted.replyId]);
    assert.equal((await send('POST', `${V2}/admin-key`, { durationInMinutes: 10 }, admin)).status, 200);
    assert.equal((await ids(admin, KEY)).length, 5);
  });

  test('the admin key reveals them to an admin, and every use is audited under the page', async () => {
    const page = C.restricted.pageId;
    assert.equal((await send('POST', `${V2}/admin-key`, { durationInMinutes: 10 }, admin)).status, 200);
    const list = await get(`${V2}/pages/${page}/footer-comments?body-format=storage`, admin, KEY);
    assert.deepEqual(results(list.body).map(c => c.id), [C.restricted.footerId]);
    const reply = await send('POST', `${V2}/footer-comments`, { parentCommentId: C.restricted.footerId, body: storage('<p>Seen by the admin.</p>') }, admin, KEY);
    assert.equal(reply.status, 201);
    const anchored = await send('POST', `${V2}/inline-comments`, inline(page, 'SEC-117', 1, 0), admin, KEY);
    assert.equal(anchored.status, 201, anchored.text);
    assert.equal((await get(`${V2}/pages/${page}/versions/1`, admin, KEY)).status, 200);
    const uses = emu.control.auditLog().filter(a => a.action === 'admin-key.use');
    assert.deepEqual(uses.map(a => [a.method, a.contentId]), [['GET', page], ['POST', page], ['POST', page], ['GET', page]]);
    assert.equal((await get(`${V2}/pages/${page}/footer-comments`, admin)).status, 404, 'not without the header');
  });

  test('commenting needs read access only: an edit-restricted page takes comments from its readers', async () => {
    const r = await send('POST', `${V2}/footer-comments`, { pageId: DEMO.updateRestricted.id, body: storage('<p>Can we add Rust?</p>') });
    assert.equal(r.status, 201);
  });
});

describe('control surface', () => {
  test('addCommentAsOtherUser: footer, reply and inline (anchored, no new page version); comments() reports the state', () => {
    const before = emu.control.pageState(C.pageId)?.version;
    const footer = emu.control.addCommentAsOtherUser(C.pageId, { kind: 'footer', body: '<p>Late thought.</p>' });
    const reply = emu.control.addCommentAsOtherUser(C.pageId, { kind: 'reply', parentId: C.openInline.id, body: '<p>Me too.</p>', authorEmail: 'admin@example.com' });
    const anchored = emu.control.addCommentAsOtherUser(C.pageId, { kind: 'inline', body: '<p>Low?</p>', textSelection: 'Low' });
    assert.equal(anchored.pageVersion, before);
    assert.ok(anchored.markerRef && emu.control.pageState(C.pageId)?.body.includes(anchored.markerRef));
    const state = emu.control.comments(C.pageId) ?? [];
    assert.deepEqual(state.find(s => s.id === footer.id), { id: footer.id, kind: 'footer', parentId: null, authorId: DEMO.accounts.other.accountId, version: 1, body: '<p>Late thought.</p>' });
    const r = state.find(s => s.id === reply.id);
    assert.deepEqual([r?.kind, r?.parentId, r?.authorId, r?.markerRef], ['inline', C.openInline.id, DEMO.accounts.admin.accountId, C.openInline.markerRef]);
    assert.equal(state.find(s => s.id === anchored.id)?.resolutionStatus, 'open');
    assert.equal(state.find(s => s.id === C.danglingInline.id)?.resolutionStatus, 'dangling');
    assert.throws(() => emu.control.addCommentAsOtherUser(C.pageId, { kind: 'inline', body: '<p>x</p>', textSelection: 'queue' }), /occurs 2 time/);
    assert.equal(emu.control.comments('1'), undefined);
  });

  test('the same over HTTP', async () => {
    const r = await call(emu.url, 'POST', '/__emulator/comment', { body: { pageId: C.pageId, kind: 'inline', body: '<p>High?</p>', textSelection: 'High' } });
    assert.equal(r.status, 200, r.text);
    const state = await call(emu.url, 'GET', `/__emulator/comments/${C.pageId}`);
    assert.ok((state.body as { id: string }[]).some(c => c.id === j(r.body, 'id')));
    assert.equal((await call(emu.url, 'POST', '/__emulator/comment', { body: { pageId: C.pageId, kind: 'inline', body: '<p>x</p>', textSelection: 'absent text' } })).status, 400);
    assert.equal((await call(emu.url, 'GET', '/__emulator/comments/1')).status, 404);
  });
});
