// Conformance of the comments and history operations: every status, header and body the emulator
// answers, validated against Atlassian's published v2 document (see conformance.test.ts for how).

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, RunningEmulator, startEmulator } from './index';
import { SpecValidator } from './openapi';
import { basic, call, j, Res, results } from './testHelpers';

let emu: RunningEmulator;
let spec: SpecValidator;
const admin = basic(DEMO.accounts.admin.email, DEMO.accounts.admin.token);
const writer = basic(DEMO.accounts.writer.email, DEMO.accounts.writer.token);
const other = basic(DEMO.accounts.other.email, DEMO.accounts.other.token);
const KEY = { 'Atl-Confluence-With-Admin-Key': 'true' };
const V2 = '/wiki/api/v2';
const C = DEMO.comments;
const storage = (value: string) => ({ representation: 'storage', value });

async function conform(method: string, url: string, expected: number, opts: Parameters<typeof call>[3] = { auth: writer }): Promise<Res> {
  const r = await call(emu.url, method, url, opts);
  assert.equal(r.status, expected, `${method} ${url} -> ${r.status} ${r.text.slice(0, 300)}`);
  const problems = spec.check({ method, url, status: r.status, headers: r.headers, body: r.body });
  assert.deepEqual(problems, [], `${method} ${url} does not conform`);
  return r;
}

before(async () => {
  [emu, spec] = await Promise.all([startEmulator(), SpecValidator.load()]);
});
after(async () => { await emu.close(); });
beforeEach(() => { emu.control.reset(); });

describe('the validator knows the comment operations', () => {
  test('a comment body of the wrong shape is rejected (so these tests can fail)', () => {
    const bad = { results: [{ id: 5, resolutionStatus: 'maybe', version: { number: 'one' } }] };
    const problems = spec.check({ method: 'GET', url: `${V2}/pages/1/inline-comments`, status: 200, headers: {}, body: bad });
    assert.ok(problems.some(p => p.includes('/id')), problems.join('\n'));
    assert.ok(problems.some(p => p.includes('/resolutionStatus')), problems.join('\n'));
    assert.ok(problems.some(p => p.includes('/version/number')), problems.join('\n'));
    assert.notDeepEqual(spec.check({ method: 'POST', url: `${V2}/footer-comments`, status: 200, headers: {}, body: {} }), [], 'create answers 201, not 200');
    assert.notDeepEqual(spec.check({ method: 'GET', url: `${V2}/pages/1/versions/2`, status: 200, headers: {}, body: { number: 'two' } }), []);
  });
});

describe('listing a page\'s comments', () => {
  test('GET /pages/{id}/inline-comments', async () => {
    const r = await conform('GET', `${V2}/pages/${C.pageId}/inline-comments?body-format=storage`, 200);
    assert.deepEqual(results(r.body).map(c => c.resolutionStatus), ['open', 'resolved', 'dangling']);
    const first = await conform('GET', `${V2}/pages/${C.pageId}/inline-comments?limit=1`, 200);
    assert.ok(first.headers.link, 'Link header on a paginated listing');
    await conform('GET', String(j(first.body, '_links', 'next')), 200);
    await conform('GET', `${V2}/pages/${C.pageId}/inline-comments?body-format=atlas_doc_format&sort=-modified-date&status=current`, 200);
    await conform('GET', `${V2}/pages/${C.pageId}/inline-comments?resolution-status=open,reopened&sort=-created-date`, 200);
    await conform('GET', `${V2}/pages/${C.pageId}/inline-comments?body-format=view`, 400);
    await conform('GET', `${V2}/pages/${C.pageId}/inline-comments?resolution-status=closed`, 400);
    await conform('GET', `${V2}/pages/${C.pageId}/inline-comments?cursor=garbage!!`, 400);
    await conform('GET', `${V2}/pages/${C.pageId}/inline-comments?limit=251`, 400);
    await conform('GET', `${V2}/pages/1/inline-comments`, 404);
    await conform('GET', `${V2}/pages/${C.pageId}/inline-comments`, 401, {});
  });
  test('GET /pages/{id}/footer-comments', async () => {
    await conform('GET', `${V2}/pages/${C.pageId}/footer-comments`, 200);
    const r = await conform('GET', `${V2}/pages/${C.pageId}/footer-comments?body-format=storage&limit=1&sort=created-date`, 200);
    assert.ok(r.headers.link);
    await conform('GET', `${V2}/pages/${C.pageId}/footer-comments?status=trashed`, 200);
    await conform('GET', `${V2}/pages/${C.pageId}/footer-comments?sort=title`, 400);
    await conform('GET', `${V2}/pages/abc/footer-comments`, 400);
  });
  test('a restricted page\'s comments: 404 without the admin key, 200 with it', async () => {
    const page = C.restricted.pageId;
    await conform('GET', `${V2}/pages/${page}/footer-comments`, 404);
    await conform('GET', `${V2}/footer-comments/${C.restricted.footerId}`, 404, { auth: admin });
    await conform('POST', `${V2}/admin-key`, 200, { auth: admin, body: { durationInMinutes: 5 } });
    await conform('GET', `${V2}/pages/${page}/footer-comments?body-format=storage`, 200, { auth: admin, headers: KEY });
    await conform('GET', `${V2}/pages/${page}/inline-comments`, 200, { auth: admin, headers: KEY });
    await conform('GET', `${V2}/footer-comments/${C.restricted.footerId}/children`, 200, { auth: admin, headers: KEY });
  });
});

describe('all comments of a kind', () => {
  test('GET /footer-comments, /inline-comments', async () => {
    const all = await conform('GET', `${V2}/footer-comments?body-format=storage&limit=2`, 200);
    assert.ok(all.headers.link);
    await conform('GET', String(j(all.body, '_links', 'next')), 200);
    const inline = await conform('GET', `${V2}/inline-comments?sort=-created-date&body-format=atlas_doc_format`, 200);
    assert.equal(results(inline.body).length, 5, 'three threads and two replies');
    await conform('GET', `${V2}/inline-comments?body-format=view`, 400);
    await conform('GET', `${V2}/footer-comments`, 401, {});
  });
});

describe('single comments and their replies', () => {
  test('GET /footer-comments/{id} and /inline-comments/{id}', async () => {
    for (const f of ['storage', 'view', 'atlas_doc_format', 'export_view', 'editor']) {
      await conform('GET', `${V2}/inline-comments/${C.openInline.id}?body-format=${f}`, 200);
      await conform('GET', `${V2}/footer-comments/${C.footer.id}?body-format=${f}`, 200);
    }
    const old = await conform('GET', `${V2}/inline-comments/${C.openInline.id}?version=1&body-format=storage`, 200);
    assert.equal(j(old.body, 'status'), 'historical');
    await conform('GET', `${V2}/inline-comments/${C.openInline.id}?include-properties=true&include-operations=true&include-likes=true&include-versions=true&include-version=false`, 200);
    await conform('GET', `${V2}/footer-comments/${C.footerWithReply.replyId}?include-properties=true&include-operations=true`, 200);
    await conform('GET', `${V2}/inline-comments/${C.danglingInline.id}`, 200);
    await conform('GET', `${V2}/inline-comments/${C.openInline.id}?version=9`, 404);
    await conform('GET', `${V2}/inline-comments/${C.footer.id}`, 404, { auth: writer });
    await conform('GET', `${V2}/footer-comments/x1`, 400);
    await conform('GET', `${V2}/footer-comments/${C.footer.id}?body-format=pdf`, 400);
    await conform('GET', `${V2}/footer-comments/${C.footer.id}?include-likes=maybe`, 400);
  });
  test('GET /{kind}-comments/{id}/children', async () => {
    const r = await conform('GET', `${V2}/inline-comments/${C.openInline.id}/children?body-format=storage`, 200);
    assert.deepEqual(results(r.body).map(c => c.id), C.openInline.replyIds);
    const one = await conform('GET', `${V2}/inline-comments/${C.openInline.id}/children?limit=1&sort=-created-date`, 200);
    assert.ok(one.headers.link);
    await conform('GET', `${V2}/footer-comments/${C.footerWithReply.id}/children?body-format=atlas_doc_format`, 200);
    await conform('GET', `${V2}/footer-comments/${C.footer.id}/children`, 200);
    await conform('GET', `${V2}/footer-comments/${C.openInline.id}/children`, 404);
    await conform('GET', `${V2}/inline-comments/${C.openInline.id}/children?limit=0`, 400);
  });
});

describe('writing comments', () => {
  test('POST /footer-comments: top level, reply, errors', async () => {
    const created = await conform('POST', `${V2}/footer-comments`, 201, { auth: writer, body: { pageId: C.pageId, body: storage('<p>New</p>') } });
    assert.ok(created.headers.location?.endsWith(`/api/v2/footer-comments/${String(j(created.body, 'id'))}`));
    await conform('POST', `${V2}/footer-comments`, 201, { auth: writer, body: { parentCommentId: C.footer.id, body: { storage: storage('<p>Reply</p>') } } });
    await conform('POST', `${V2}/footer-comments`, 400, { auth: writer, body: { pageId: C.pageId, parentCommentId: C.footer.id, body: storage('<p>x</p>') } });
    await conform('POST', `${V2}/footer-comments`, 400, { auth: writer, body: { pageId: C.pageId } });
    await conform('POST', `${V2}/footer-comments`, 400, { auth: writer, body: { pageId: C.pageId, body: { representation: 'wiki', value: 'h1. x' } } });
    await conform('POST', `${V2}/footer-comments`, 400, { auth: writer, rawBody: '{"pageId":' });
    await conform('POST', `${V2}/footer-comments`, 404, { auth: writer, body: { pageId: C.restricted.pageId, body: storage('<p>x</p>') } });
    await conform('POST', `${V2}/footer-comments`, 404, { auth: writer, body: { parentCommentId: C.openInline.id, body: storage('<p>x</p>') } });
    await conform('POST', `${V2}/footer-comments`, 401, { body: { pageId: C.pageId, body: storage('<p>x</p>') } });
  });
  test('POST /inline-comments: anchored on a selection, reply, mismatching selections', async () => {
    const created = await conform('POST', `${V2}/inline-comments`, 201, { auth: writer, body: {
      pageId: C.pageId, body: storage('<p>Why?</p>'), inlineCommentProperties: { textSelection: 'SQS', textSelectionMatchCount: 1, textSelectionMatchIndex: 0 },
    } });
    assert.ok(created.headers.location?.endsWith(`/api/v2/inline-comments/${String(j(created.body, 'id'))}`));
    await conform('POST', `${V2}/inline-comments`, 201, { auth: writer, body: { parentCommentId: C.openInline.id, body: storage('<p>+1</p>') } });
    const sel = (textSelection: string, textSelectionMatchCount: number, textSelectionMatchIndex: number) =>
      ({ pageId: C.pageId, body: storage('<p>x</p>'), inlineCommentProperties: { textSelection, textSelectionMatchCount, textSelectionMatchIndex } });
    await conform('POST', `${V2}/inline-comments`, 400, { auth: writer, body: sel('not on the page at all', 1, 0) });
    await conform('POST', `${V2}/inline-comments`, 400, { auth: writer, body: sel('queue', 1, 0) });
    await conform('POST', `${V2}/inline-comments`, 400, { auth: writer, body: sel('Cost', 1, 1) });
    await conform('POST', `${V2}/inline-comments`, 400, { auth: writer, body: { pageId: C.pageId, body: storage('<p>x</p>') } });
    await conform('POST', `${V2}/inline-comments`, 400, { auth: writer, body: { parentCommentId: C.openInline.id, body: storage('<p>x</p>'), inlineCommentProperties: { textSelection: 'SQS' } } });
    await conform('POST', `${V2}/inline-comments`, 404, { auth: writer, body: { ...sel('SEC-117', 1, 0), pageId: C.restricted.pageId } });
  });
  test('PUT /footer-comments/{id}: new version, stale version, someone else\'s comment', async () => {
    await conform('PUT', `${V2}/footer-comments/${C.footerWithReply.replyId}`, 200, { auth: writer, body: { version: { number: 2, message: 'typo' }, body: storage('<p>Agreed.</p>') } });
    await conform('PUT', `${V2}/footer-comments/${C.footerWithReply.replyId}`, 409, { auth: writer, body: { version: { number: 2 }, body: storage('<p>Again</p>') } });
    await conform('PUT', `${V2}/footer-comments/${C.footer.id}`, 404, { auth: writer, body: { version: { number: 2 }, body: storage('<p>Not mine</p>') } });
    await conform('PUT', `${V2}/footer-comments/${C.footer.id}`, 400, { auth: admin, body: { body: storage('<p>No version</p>') } });
    await conform('PUT', `${V2}/footer-comments/${C.footer.id}`, 400, { auth: admin, body: { version: { number: 2 }, resolved: true } });
  });
  test('PUT /inline-comments/{id}: resolve, reopen, edit, dangling', async () => {
    const resolved = await conform('PUT', `${V2}/inline-comments/${C.openInline.id}`, 200, { auth: writer, body: { version: { number: 3 }, resolved: true } });
    assert.equal(j(resolved.body, 'resolutionStatus'), 'resolved');
    const reopened = await conform('PUT', `${V2}/inline-comments/${C.resolvedInline.id}`, 200, { auth: other, body: { version: { number: 2 }, resolved: false } });
    assert.equal(j(reopened.body, 'resolutionStatus'), 'reopened');
    await conform('PUT', `${V2}/inline-comments/${C.resolvedInline.id}`, 200, { auth: writer, body: { version: { number: 3 }, body: storage('<p>Backfill first.</p>') } });
    await conform('PUT', `${V2}/inline-comments/${C.resolvedInline.id}`, 409, { auth: writer, body: { version: { number: 3 }, body: storage('<p>x</p>') } });
    await conform('PUT', `${V2}/inline-comments/${C.danglingInline.id}`, 400, { auth: other, body: { version: { number: 2 }, resolved: true } });
    await conform('PUT', `${V2}/inline-comments/${C.openInline.id}`, 400, { auth: writer, body: { version: { number: 4 }, resolved: 'yes' } });
    await conform('PUT', `${V2}/inline-comments/1`, 404, { auth: writer, body: { version: { number: 2 }, resolved: true } });
  });
  test('DELETE /footer-comments/{id}, /inline-comments/{id}', async () => {
    await conform('DELETE', `${V2}/footer-comments/${C.footer.id}`, 404, { auth: writer });
    await conform('DELETE', `${V2}/footer-comments/${C.footer.id}`, 204, { auth: admin });
    await conform('DELETE', `${V2}/footer-comments/${C.footer.id}`, 404, { auth: admin });
    await conform('DELETE', `${V2}/inline-comments/${C.resolvedInline.id}`, 204, { auth: writer });
    await conform('DELETE', `${V2}/inline-comments/abc`, 400, { auth: writer });
  });
});

describe('history', () => {
  test('GET /pages/{id}/versions pages through a long history, 250 at a time, newest first', async () => {
    const h = DEMO.longHistory;
    const first = await conform('GET', `${V2}/pages/${h.id}/versions?limit=250`, 200);
    assert.equal(results(first.body).length, 250);
    assert.equal(results(first.body)[0]?.number, h.versions);
    assert.ok(first.headers.link);
    const second = await conform('GET', String(j(first.body, '_links', 'next')), 200);
    assert.equal(results(second.body).length, h.versions - 250);
    assert.equal(j(second.body, '_links', 'next'), undefined);
    await conform('GET', `${V2}/pages/${h.id}/versions?sort=modified-date&limit=3&body-format=storage`, 200);
    await conform('GET', `${V2}/pages/${h.id}/versions?body-format=atlas_doc_format&limit=2`, 200);
    await conform('GET', `${V2}/pages/${h.id}/versions?limit=251`, 400);
    await conform('GET', `${V2}/pages/${h.id}/versions?sort=title`, 400);
    await conform('GET', `${V2}/pages/${DEMO.restricted.id}/versions`, 404);
  });
  test('GET /pages/{page-id}/versions/{version-number}', async () => {
    const h = DEMO.longHistory;
    const mid = await conform('GET', `${V2}/pages/${h.id}/versions/100`, 200);
    assert.deepEqual([j(mid.body, 'prevVersion'), j(mid.body, 'nextVersion')], [99, 101]);
    await conform('GET', `${V2}/pages/${h.id}/versions/1`, 200);
    await conform('GET', `${V2}/pages/${h.id}/versions/${h.versions}`, 200);
    await conform('GET', `${V2}/pages/${h.id}/versions/${h.versions + 1}`, 404);
    await conform('GET', `${V2}/pages/${h.id}/versions/last`, 400);
    await conform('GET', `${V2}/pages/${DEMO.restricted.id}/versions/1`, 404);
  });
  test('GET /pages/{id}?version=N is the old version, status historical', async () => {
    const h = DEMO.longHistory;
    const old = await conform('GET', `${V2}/pages/${h.id}?version=7&body-format=storage`, 200);
    assert.equal(j(old.body, 'status'), 'historical');
    assert.equal(j(old.body, 'version', 'number'), 7);
    const cur = await conform('GET', `${V2}/pages/${h.id}?version=${h.versions}&body-format=storage`, 200);
    assert.equal(j(cur.body, 'status'), 'current');
    await conform('GET', `${V2}/pages/${h.id}?version=0`, 404);
    await conform('GET', `${V2}/pages/${h.id}?version=x`, 400);
  });
});
