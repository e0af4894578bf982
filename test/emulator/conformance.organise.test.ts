// Conformance of the organise operations (move, folders, labels, attachments): every status each one
// answers, success and refusal, validated against Atlassian's OpenAPI documents like
// conformance.test.ts does. The v1 content update used to rename folders is no longer listed in the
// v1 document, so its answer is checked against the document's `Content` schema instead.

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, RunningEmulator, startEmulator } from './index';
import { SpecValidator } from './openapi';
import { basic, call, j, Res, results } from './testHelpers';

let emu: RunningEmulator;
let spec: SpecValidator;
const admin = basic(DEMO.accounts.admin.email, DEMO.accounts.admin.token);
const writer = basic(DEMO.accounts.writer.email, DEMO.accounts.writer.token);
const V2 = '/wiki/api/v2';
const V1 = '/wiki/rest/api';
const NO_CHECK = { 'X-Atlassian-Token': 'no-check' };
const att = DEMO.organise.attachments;

async function conform(method: string, url: string, expected: number, opts: Parameters<typeof call>[3] = { auth: writer }): Promise<Res> {
  const r = await call(emu.url, method, url, opts);
  assert.equal(r.status, expected, `${method} ${url} -> ${r.status} ${r.text.slice(0, 300)}`);
  const problems = spec.check({ method, url, status: r.status, headers: r.headers, body: r.body });
  assert.deepEqual(problems, [], `${method} ${url} does not conform`);
  return r;
}

/** A multipart/form-data body as curl -F would send it. */
function multipart(parts: { name: string; filename?: string; type?: string; value: string | Buffer }[]): { rawBody: Buffer; headers: Record<string, string> } {
  const boundary = '------------------------conformance42';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { rawBody: Buffer.concat(chunks), headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } };
}

function upload(file: string, content: string, extra: Record<string, string> = NO_CHECK): { rawBody: Buffer; headers: Record<string, string>; auth: string } {
  const m = multipart([{ name: 'file', filename: file, type: 'text/plain', value: content }, { name: 'minorEdit', value: 'true' }, { name: 'comment', value: 'from the conformance test' }]);
  return { auth: writer, rawBody: m.rawBody, headers: { ...m.headers, ...extra } };
}

before(async () => {
  [emu, spec] = await Promise.all([startEmulator(), SpecValidator.load()]);
});
after(async () => { await emu.close(); });
beforeEach(() => { emu.control.reset(); });

describe('the component check itself', () => {
  test('rejects a v1 Content without its required fields (so the folder-rename check can fail)', () => {
    assert.notDeepEqual(spec.checkComponent('v1', 'Content', { id: 1, title: 'x' }), []);
    assert.deepEqual(spec.checkComponent('v1', 'Content', { id: '1', type: 'folder', status: 'current' }), []);
  });
});

describe('v1 move', () => {
  const move = (id: string, position: string, target: string): string => `${V1}/content/${id}/move/${position}/${target}`;
  test('PUT /content/{pageId}/move/{position}/{targetId}: append, before, after, across spaces', async () => {
    const r = await conform('PUT', move(DEMO.extraRootPage.id, 'append', DEMO.deepPath[1]!.id), 200);
    assert.deepEqual(r.body, { pageId: DEMO.extraRootPage.id });
    await conform('PUT', move(DEMO.extraRootPage.id, 'before', DEMO.deepPath[2]!.id), 200);
    await conform('PUT', move(DEMO.extraRootPage.id, 'after', DEMO.folder.id), 200);
    await conform('PUT', move(DEMO.extraRootPage.id, 'append', DEMO.prodPages.requirements.id), 200);
  });
  test('refusals: 400 position, loop and title clash; 403 may not update; 404 unseen or missing; 401', async () => {
    await conform('PUT', move(DEMO.extraRootPage.id, 'inside', DEMO.deepPath[1]!.id), 400);
    await conform('PUT', move(DEMO.deepPath[1]!.id, 'append', DEMO.deepPath[3]!.id), 400);
    await conform('PUT', move(DEMO.deepPath[1]!.id, 'append', DEMO.deepPath[1]!.id), 400);
    await conform('POST', `${V2}/pages`, 200, { auth: writer, body: { spaceId: DEMO.spaces.prod.id, title: DEMO.extraRootPage.title, body: { representation: 'storage', value: '<p>same title</p>' } } });
    await conform('PUT', move(DEMO.extraRootPage.id, 'append', DEMO.prodPages.roadmap.id), 400);
    await conform('PUT', move(DEMO.updateRestricted.id, 'append', DEMO.deepPath[1]!.id), 403);
    await conform('PUT', move(DEMO.restricted.id, 'append', DEMO.deepPath[1]!.id), 404);
    await conform('PUT', move(DEMO.extraRootPage.id, 'append', DEMO.restricted.id), 404);
    await conform('PUT', move(DEMO.extraRootPage.id, 'append', '999999'), 404);
    await conform('PUT', move(DEMO.extraRootPage.id, 'append', DEMO.deepPath[1]!.id), 401, {});
  });
});

describe('v2 folders and the v1 folder rename', () => {
  test('POST /folders (space root, under a page, under a folder), GET /folders/{id}', async () => {
    const root = await conform('POST', `${V2}/folders`, 200, { auth: writer, body: { spaceId: DEMO.spaces.eng.id, title: 'Conformance folder' } });
    const id = String(j(root.body, 'id'));
    await conform('POST', `${V2}/folders`, 200, { auth: writer, body: { spaceId: DEMO.spaces.eng.id, title: 'Below a page', parentId: DEMO.deepPath[1]!.id } });
    await conform('POST', `${V2}/folders`, 200, { auth: writer, body: { spaceId: DEMO.spaces.eng.id, title: 'Below a folder', parentId: id } });
    await conform('GET', `${V2}/folders/${id}`, 200);
  });
  test('POST /folders refusals: 400 body, 404 space or parent, 401', async () => {
    await conform('POST', `${V2}/folders`, 400, { auth: writer, body: { title: 'no space' } });
    await conform('POST', `${V2}/folders`, 400, { auth: writer, rawBody: '{"spaceId":' });
    await conform('POST', `${V2}/folders`, 400, { auth: writer, body: { spaceId: DEMO.spaces.eng.id, title: '' } });
    await conform('POST', `${V2}/folders`, 404, { auth: writer, body: { spaceId: '4242', title: 'x' } });
    await conform('POST', `${V2}/folders`, 404, { auth: writer, body: { spaceId: DEMO.spaces.eng.id, title: 'x', parentId: DEMO.restricted.id } });
    await conform('POST', `${V2}/folders`, 401, { body: { spaceId: DEMO.spaces.eng.id, title: 'x' } });
  });
  test('DELETE /folders/{id}: 204, then 404; 400 for a malformed id', async () => {
    await conform('DELETE', `${V2}/folders/${DEMO.nestedFolder.id}`, 204);
    await conform('DELETE', `${V2}/folders/${DEMO.nestedFolder.id}`, 404);
    await conform('DELETE', `${V2}/folders/${DEMO.deepPath[0]!.id}`, 404);
    await conform('DELETE', `${V2}/folders/abc`, 400);
  });
  test('PUT /wiki/rest/api/content/{id} (type folder): 200 with a v1 Content; 409 stale; 400; 404', async () => {
    const url = `${V1}/content/${DEMO.folder.id}`;
    const r = await call(emu.url, 'PUT', url, { auth: writer, body: { type: 'folder', title: 'Runbooks (renamed)', version: { number: 2 } } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(spec.checkComponent('v1', 'Content', r.body), []);
    assert.equal(j(r.body, 'title'), 'Runbooks (renamed)');
    const stale = await call(emu.url, 'PUT', url, { auth: writer, body: { type: 'folder', title: 'Again', version: { number: 2 } } });
    assert.equal(stale.status, 409);
    assert.deepEqual(spec.check({ method: 'GET', url: `${V1}/content/${DEMO.folder.id}/restriction`, status: 409, headers: stale.headers, body: stale.body }), [],
      'the 409 carries the v1 error body');
    assert.match(String(j(stale.body, 'message')), /Current Version: \[2\]/);
    assert.equal((await call(emu.url, 'PUT', url, { auth: writer, body: { type: 'folder', title: '', version: { number: 3 } } })).status, 400);
    assert.equal((await call(emu.url, 'PUT', `${V1}/content/${DEMO.restricted.id}`, { auth: writer, body: { type: 'page', title: 'x', version: { number: 2 } } })).status, 404);
  });
});

describe('labels', () => {
  const labelled = DEMO.organise.labelledPages;
  test('GET /pages/{id}/labels with prefix, sort and pagination; 400; 404', async () => {
    const r = await conform('GET', `${V2}/pages/${labelled.webhooks.id}/labels`, 200);
    assert.deepEqual(results(r.body).map(l => l.name), labelled.webhooks.labels);
    const first = await conform('GET', `${V2}/pages/${labelled.webhooks.id}/labels?limit=1&sort=-name&prefix=global`, 200);
    assert.ok(first.headers.link, 'Link header when there is a next page');
    await conform('GET', `${V2}/pages/${labelled.webhooks.id}/labels?prefix=nonsense`, 400);
    await conform('GET', `${V2}/pages/${labelled.restricted.id}/labels`, 404);
  });
  test('GET /spaces/{id}/labels and /spaces/{id}/content/labels; 404', async () => {
    const own = await conform('GET', `${V2}/spaces/${DEMO.spaces.eng.id}/labels`, 200);
    assert.deepEqual(results(own.body).map(l => l.name), DEMO.organise.spaceLabels.eng);
    await conform('GET', `${V2}/spaces/${DEMO.spaces.eng.id}/labels?prefix=team&sort=name`, 200);
    const used = await conform('GET', `${V2}/spaces/${DEMO.spaces.eng.id}/content/labels?limit=250`, 200);
    assert.ok(results(used.body).some(l => l.name === DEMO.organise.sharedLabel));
    await conform('GET', `${V2}/spaces/${DEMO.spaces.eng.id}/content/labels?limit=2&sort=-id`, 200);
    await conform('GET', `${V2}/spaces/4242/labels`, 404);
    await conform('GET', `${V2}/spaces/4242/content/labels`, 404);
    await conform('GET', `${V2}/spaces/${DEMO.spaces.eng.id}/content/labels?limit=0`, 400);
  });
  test('POST /content/{id}/label (array and single object); 400 invalid; 403; 404', async () => {
    const page = DEMO.deepPath[2]!.id;
    const r = await conform('POST', `${V1}/content/${page}/label`, 200, { auth: writer, body: [{ prefix: 'global', name: 'Conformance' }, { prefix: 'global', name: 'second' }] });
    assert.deepEqual(results(r.body).map(l => l.name), ['conformance', 'second']);
    await conform('POST', `${V1}/content/${page}/label`, 200, { auth: writer, body: { prefix: 'global', name: 'third' } });
    await conform('POST', `${V1}/content/${page}/label`, 400, { auth: writer, body: [{ prefix: 'global', name: 'two words' }] });
    await conform('POST', `${V1}/content/${page}/label`, 400, { auth: writer, body: [{ prefix: 'global', name: 'x'.repeat(256) }] });
    await conform('POST', `${V1}/content/${DEMO.updateRestricted.id}/label`, 403, { auth: writer, body: [{ prefix: 'global', name: 'nope' }] });
    await conform('POST', `${V1}/content/${DEMO.restricted.id}/label`, 404, { auth: writer, body: [{ prefix: 'global', name: 'nope' }] });
  });
  test('DELETE /content/{id}/label/{label} and /content/{id}/label?name=; 403; 404', async () => {
    await conform('DELETE', `${V1}/content/${labelled.webhooks.id}/label/api`, 204);
    await conform('DELETE', `${V1}/content/${labelled.webhooks.id}/label?name=payments`, 204);
    await conform('DELETE', `${V1}/content/${DEMO.updateRestricted.id}/label?name=payments`, 403);
    await conform('DELETE', `${V1}/content/${labelled.restricted.id}/label/security`, 404);
  });
});

describe('attachments', () => {
  test('GET /pages/{id}/attachments with filters and pagination; 400; 404', async () => {
    const r = await conform('GET', `${V2}/pages/${att.image.pageId}/attachments`, 200);
    assert.deepEqual(results(r.body).map(a => a.title).sort(), [att.image.title, att.pdf.title, att.text.title].sort());
    const first = await conform('GET', `${V2}/pages/${att.image.pageId}/attachments?limit=1&sort=-created-date`, 200);
    assert.ok(first.headers.link);
    await conform('GET', `${V2}/pages/${att.image.pageId}/attachments?mediaType=image/png&filename=team-map.png&status=current`, 200);
    await conform('GET', `${V2}/pages/${att.image.pageId}/attachments?sort=size`, 400);
    await conform('GET', `${V2}/pages/${att.restricted.pageId}/attachments`, 404);
  });
  test('GET /attachments/{id}: 200 (att-prefixed or numeric, a version, without version); 404; 400', async () => {
    await conform('GET', `${V2}/attachments/${att.image.id}`, 200);
    await conform('GET', `${V2}/attachments/${att.image.id.slice(3)}?version=1&include-version=false&include-labels=true`, 200);
    await conform('GET', `${V2}/attachments/${att.image.id}?version=7`, 404);
    await conform('GET', `${V2}/attachments/${att.restricted.id}`, 404);
    await conform('GET', `${V2}/attachments/picture`, 400);
  });
  test('DELETE /attachments/{id}: to the trash, purge a trashed one; 404', async () => {
    await conform('DELETE', `${V2}/attachments/${att.text.id.slice(3)}`, 204);
    await conform('DELETE', `${V2}/attachments/${att.text.id.slice(3)}`, 404);
    await conform('DELETE', `${V2}/attachments/${att.text.id.slice(3)}?purge=true`, 204, { auth: admin });
    await conform('DELETE', `${V2}/attachments/${att.restricted.id.slice(3)}`, 404);
  });
  test('POST /content/{id}/child/attachment: 200; 400 same name; 403 without X-Atlassian-Token or update permission; 404', async () => {
    const url = `${V1}/content/${att.image.pageId}/child/attachment`;
    const r = await conform('POST', url, 200, upload('conformance.txt', 'hello'));
    assert.equal(j(results(r.body)[0], 'title'), 'conformance.txt');
    await conform('POST', url, 400, upload('conformance.txt', 'again'));
    await conform('POST', url, 403, upload('other.txt', 'x', {}));
    await conform('POST', `${V1}/content/${DEMO.updateRestricted.id}/child/attachment`, 403, upload('x.txt', 'x'));
    await conform('POST', `${V1}/content/${att.restricted.pageId}/child/attachment`, 404, upload('x.txt', 'x'));
    emu.control.setMaxAttachmentSize(4);
    await conform('POST', url, 404, upload('big.txt', 'more than four bytes'));
  });
  test('PUT /content/{id}/child/attachment (create or new version) and POST …/{attachmentId}/data', async () => {
    const url = `${V1}/content/${att.image.pageId}/child/attachment`;
    const v2 = await conform('PUT', url, 200, upload(att.text.title, 'second version'));
    assert.equal(j(results(v2.body)[0], 'version', 'number'), 2);
    await conform('PUT', url, 200, upload('brand-new.txt', 'first'));
    await conform('PUT', url, 403, upload('x.txt', 'x', {}));
    const data = await conform('POST', `${url}/${att.text.id}/data`, 200, upload(att.text.title, 'third version'));
    assert.equal(j(data.body, 'version', 'number'), 3);
    await conform('POST', `${url}/att999999/data`, 404, upload('x.txt', 'x'));
    await conform('POST', `${url}/picture/data`, 400, upload('x.txt', 'x'));
  });
  test('GET /content/{id}/child/attachment/{attachmentId}/download: 302 to the media origin; 400; 404', async () => {
    const r = await conform('GET', `${V1}/content/${att.pdf.pageId}/child/attachment/${att.pdf.id}/download`, 302);
    assert.ok((r.headers.location ?? '').startsWith(`${emu.mediaUrl}/file/`));
    await conform('GET', `${V1}/content/${att.pdf.pageId}/child/attachment/${att.pdf.id}/download?version=1`, 302);
    await conform('GET', `${V1}/content/${att.pdf.pageId}/child/attachment/${att.pdf.id}/download?version=9`, 400);
    await conform('GET', `${V1}/content/${att.restricted.pageId}/child/attachment/${att.restricted.id}/download`, 404);
    await conform('GET', `${V1}/content/${att.pdf.pageId}/child/attachment/att999999/download`, 404);
  });
});
