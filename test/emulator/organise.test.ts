// Behaviour of the organise operations as Confluence Cloud has them: positional moves that reorder
// siblings and carry subtrees across spaces, folders whose contents move up when they are trashed,
// label rules, and attachments streamed in, versioned and downloaded through the media origin.

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { DEMO, RunningEmulator, startEmulator } from './index';
import { basic, call, j, results } from './testHelpers';

const V2 = '/wiki/api/v2';
const V1 = '/wiki/rest/api';
const admin = basic(DEMO.accounts.admin.email, DEMO.accounts.admin.token);
const writer = basic(DEMO.accounts.writer.email, DEMO.accounts.writer.token);
const other = basic(DEMO.accounts.other.email, DEMO.accounts.other.token);
const KEY = { 'Atl-Confluence-With-Admin-Key': 'true' };
const att = DEMO.organise.attachments;

let emu: RunningEmulator;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });
beforeEach(() => { emu.control.reset(); });

const get = (url: string, auth = writer, headers?: Record<string, string>) => call(emu.url, 'GET', url, { auth, headers });
const move = (id: string, position: string, target: string, auth = writer, headers?: Record<string, string>) =>
  call(emu.url, 'PUT', `${V1}/content/${id}/move/${position}/${target}`, { auth, headers });
const childIds = async (parent: string, kind = 'pages'): Promise<string[]> =>
  results((await get(`${V2}/${kind}/${parent}/direct-children?limit=250`)).body).map(c => String(c.id));

function multipart(filename: string, content: Buffer | string, fields: Record<string, string> = { minorEdit: 'false' }): { body: Buffer; type: string } {
  const boundary = 'organise-test-boundary';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const head = Buffer.from(`${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { body: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]), type: `multipart/form-data; boundary=${boundary}` };
}

function upload(pageId: string, filename: string, content: Buffer | string, opts: { method?: string; path?: string; token?: string | null; auth?: string } = {}) {
  const m = multipart(filename, content);
  const headers: Record<string, string> = { 'Content-Type': m.type };
  if (opts.token !== null) { headers['X-Atlassian-Token'] = opts.token ?? 'no-check'; }
  return call(emu.url, opts.method ?? 'POST', opts.path ?? `${V1}/content/${pageId}/child/attachment`, { auth: opts.auth ?? writer, rawBody: m.body, headers });
}

/** Polls a condition the emulator reaches asynchronously (a server-side step with no response to wait for). */
async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) { throw new Error('condition not reached in time'); }
    await new Promise(r => setTimeout(r, 5));
  }
}

/** Follows the download redirect the way a client must: credentials to the site, none to the media origin. */
async function download(link: string, auth = writer, headers?: Record<string, string>): Promise<{ status: number; bytes: Buffer; type: string | null; location: string }> {
  const first = await fetch(`${emu.url}/wiki${link}`, { headers: { Authorization: auth, ...headers }, redirect: 'manual' });
  const location = first.headers.get('location') ?? '';
  if (first.status !== 302) { return { status: first.status, bytes: Buffer.from(await first.arrayBuffer()), type: first.headers.get('content-type'), location }; }
  const media = await fetch(location);
  return { status: media.status, bytes: Buffer.from(await media.arrayBuffer()), type: media.headers.get('content-type'), location };
}

describe('moving pages', () => {
  test('append makes the page the last child; before/after place it among the target\'s siblings, in listing order', async () => {
    const arch = DEMO.deepPath[1]!.id;
    assert.equal((await move(DEMO.extraRootPage.id, 'append', arch)).status, 200);
    const kids = await childIds(arch);
    assert.equal(kids.at(-1), DEMO.extraRootPage.id);
    const first = kids[0]!;
    assert.equal((await move(DEMO.extraRootPage.id, 'before', first)).status, 200);
    assert.deepEqual(await childIds(arch), [DEMO.extraRootPage.id, ...kids.filter(k => k !== DEMO.extraRootPage.id)]);
    assert.equal((await move(DEMO.extraRootPage.id, 'after', first)).status, 200);
    const now = await childIds(arch);
    assert.deepEqual(now.slice(0, 2), [first, DEMO.extraRootPage.id]);
    const positions = results((await get(`${V2}/pages/${arch}/direct-children?limit=250`)).body).map(c => Number(c.childPosition));
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'childPosition follows the new order');
    assert.equal(new Set(positions).size, positions.length);
    const page = await get(`${V2}/pages/${DEMO.extraRootPage.id}`);
    assert.equal(j(page.body, 'parentId'), arch);
    assert.equal(j(page.body, 'version', 'number'), 1, 'a move is not a new version');
  });

  test('before/after a root page moves to the space root; a page can go into a folder', async () => {
    const leaf = DEMO.deepPath[5]!.id;
    assert.equal((await move(leaf, 'after', DEMO.spaces.eng.homepageId)).status, 200);
    const roots = results((await get(`${V2}/spaces/${DEMO.spaces.eng.id}/pages?depth=root&limit=250`)).body).map(p => p.id);
    assert.ok(roots.includes(leaf));
    assert.equal(j((await get(`${V2}/pages/${leaf}`)).body, 'parentId'), undefined);
    assert.equal((await move(leaf, 'append', DEMO.folder.id)).status, 200);
    assert.equal((await childIds(DEMO.folder.id, 'folders')).at(-1), leaf);
    assert.equal(j((await get(`${V2}/pages/${leaf}`)).body, 'parentType'), 'folder');
  });

  test('across spaces the page and everything below it change space; titles clash per space', async () => {
    const payments = DEMO.deepPath[3]!.id;
    const below = [DEMO.deepPath[4]!.id, DEMO.deepPath[5]!.id];
    assert.equal((await move(payments, 'append', DEMO.prodPages.requirements.id)).status, 200);
    for (const id of [payments, ...below]) {
      assert.equal(j((await get(`${V2}/pages/${id}`)).body, 'spaceId'), DEMO.spaces.prod.id, `page ${id} is in the new space`);
    }
    const prodPages = results((await get(`${V2}/spaces/${DEMO.spaces.prod.id}/pages?limit=250`)).body).map(p => p.id);
    assert.ok(below.every(id => prodPages.includes(id)));
    const engPages = results((await get(`${V2}/spaces/${DEMO.spaces.eng.id}/pages?limit=250`)).body).map(p => p.id);
    assert.ok(!engPages.includes(payments));
    // A page in Engineering titled like a page below Payments Service blocks moving the subtree back.
    await call(emu.url, 'POST', `${V2}/pages`, { auth: writer, body: { spaceId: DEMO.spaces.eng.id, title: DEMO.deepPath[5]!.title, body: { representation: 'storage', value: '<p>x</p>' } } });
    const clash = await move(payments, 'append', DEMO.deepPath[2]!.id);
    assert.equal(clash.status, 400);
    assert.match(String(j(clash.body, 'message')), new RegExp(`'${DEMO.deepPath[5]!.title}' already exists in the space with key ENG`));
    assert.equal(j((await get(`${V2}/pages/${payments}`)).body, 'spaceId'), DEMO.spaces.prod.id, 'a refused move changes nothing');
  });

  test('refusals: below itself, a page one may not edit, archived target space, restricted page (404) unless the admin key reveals it (audited)', async () => {
    assert.equal((await move(DEMO.deepPath[2]!.id, 'append', DEMO.deepPath[4]!.id)).status, 400);
    assert.equal((await move(DEMO.updateRestricted.id, 'after', DEMO.deepPath[1]!.id)).status, 403);
    assert.equal((await move(DEMO.updateRestricted.id, 'after', DEMO.deepPath[1]!.id, other)).status, 200, 'the one account allowed to edit it may');
    const oldHome = DEMO.spaces.archived.homepageId;
    assert.equal((await move(DEMO.extraRootPage.id, 'append', oldHome)).status, 403);
    assert.equal((await move(DEMO.restricted.id, 'append', DEMO.deepPath[1]!.id, admin)).status, 404);
    const key = await call(emu.url, 'POST', `${V2}/admin-key`, { auth: admin, body: { durationInMinutes: 5 } });
    assert.equal(key.status, 200);
    assert.equal((await move(DEMO.restricted.id, 'append', DEMO.deepPath[1]!.id, admin, KEY)).status, 200);
    assert.ok(emu.control.auditLog().some(a => a.action === 'admin-key.use' && a.contentId === DEMO.restricted.id && a.method === 'PUT'));
    assert.equal(emu.control.pageState(DEMO.restricted.childId)?.parentId, DEMO.restricted.id, 'its child moved with it');
  });

  test('a move is positional: after someone else moved the target, the page goes next to where the target is now', async () => {
    const target = DEMO.deepPath[2]!.id; // Services, under Architecture
    assert.equal((await move(target, 'append', DEMO.folder.id, other)).status, 200);
    assert.equal((await move(DEMO.extraRootPage.id, 'after', target)).status, 200);
    assert.equal(emu.control.pageState(DEMO.extraRootPage.id)?.parentId, DEMO.folder.id);
    assert.equal((await move(DEMO.extraRootPage.id, 'after', '123456789')).status, 404, 'a target that is gone is 404');
  });
});

describe('folders', () => {
  test('created at the space root without a parent; trashed with its contents moving up to its parent; renamed through v1 as a new version', async () => {
    const created = await call(emu.url, 'POST', `${V2}/folders`, { auth: writer, body: { spaceId: DEMO.spaces.eng.id, title: 'Handbooks' } });
    assert.equal(created.status, 200);
    const id = String(j(created.body, 'id'));
    assert.equal(j(created.body, 'parentId'), undefined);
    assert.equal(j(created.body, 'spaceId'), DEMO.spaces.eng.id);
    assert.equal((await move(DEMO.extraRootPage.id, 'append', id)).status, 200);
    assert.deepEqual(await childIds(id, 'folders'), [DEMO.extraRootPage.id]);
    const renamed = await call(emu.url, 'PUT', `${V1}/content/${id}`, { auth: writer, body: { type: 'folder', title: 'Team handbooks', version: { number: 2 } } });
    assert.equal(renamed.status, 200);
    const folder = await get(`${V2}/folders/${id}`);
    assert.equal(j(folder.body, 'title'), 'Team handbooks');
    assert.equal(j(folder.body, 'version', 'number'), 2);

    const runbookKids = await childIds(DEMO.folder.id, 'folders');
    assert.equal((await call(emu.url, 'DELETE', `${V2}/folders/${DEMO.folder.id}`, { auth: writer })).status, 204);
    assert.equal((await get(`${V2}/folders/${DEMO.folder.id}`)).status, 404);
    const homeKids = await childIds(DEMO.spaces.eng.homepageId);
    assert.ok(runbookKids.every(k => homeKids.includes(k)), 'what was in the folder is now under the folder\'s parent');
  });
});

describe('labels', () => {
  const page = DEMO.deepPath[2]!.id;
  const add = (names: unknown, auth = writer) => call(emu.url, 'POST', `${V1}/content/${page}/label`, { auth, body: names });
  test('names are stored lower-case, once; the rules refuse spaces, reserved characters and more than 255 characters', async () => {
    assert.equal((await add([{ prefix: 'global', name: 'Runbook' }, { prefix: 'global', name: 'runbook' }, { prefix: 'global', name: 'how-to/setup' }])).status, 200);
    assert.deepEqual(results((await get(`${V2}/pages/${page}/labels`)).body).map(l => l.name), ['runbook', 'how-to/setup']);
    for (const bad of ['two words', 'a:b', 'semi;colon', 'com,ma', 'dot.ted', 'why?', 'a&b', '[x]', '(x)', '#x', 'a^b', 'a*b', '@x', 'x!', "it's", 'back`tick', 'tab\there']) {
      assert.equal((await add([{ prefix: 'global', name: bad }])).status, 400, `'${bad}' is refused`);
    }
    assert.equal((await add([{ prefix: 'global', name: 'x'.repeat(255) }])).status, 200);
    assert.equal((await add([{ prefix: 'global', name: 'y'.repeat(256) }])).status, 400);
    assert.equal((await add([{ prefix: 'system', name: 'x' }])).status, 400);
    assert.equal((await add([])).status, 400);
  });
  test('removal by path or by ?name= (needed for a "/"); removing one the page does not have is harmless', async () => {
    await add([{ prefix: 'global', name: 'how-to/setup' }, { prefix: 'global', name: 'keep' }]);
    assert.equal((await call(emu.url, 'DELETE', `${V1}/content/${page}/label?name=${encodeURIComponent('how-to/setup')}`, { auth: writer })).status, 204);
    assert.equal((await call(emu.url, 'DELETE', `${V1}/content/${page}/label/never-there`, { auth: writer })).status, 204);
    assert.deepEqual(results((await get(`${V2}/pages/${page}/labels`)).body).map(l => l.name), ['keep']);
  });
  test('CQL label = "x" finds labelled pages; labels on a restricted page stay hidden unless the admin key is used', async () => {
    const cql = encodeURIComponent(`label = "${DEMO.organise.sharedLabel}" ORDER BY title`);
    const found = results((await get(`${V1}/search?cql=${cql}`)).body).map(r => j(r, 'content', 'id'));
    assert.deepEqual(found.sort(), [DEMO.organise.labelledPages.paymentsService.id, DEMO.organise.labelledPages.webhooks.id].sort());
    const used = async (auth: string, headers?: Record<string, string>) => results((await get(`${V2}/spaces/${DEMO.spaces.eng.id}/content/labels?limit=250`, auth, headers)).body).map(l => l.name);
    assert.ok(!(await used(admin)).includes('security'));
    await call(emu.url, 'POST', `${V2}/admin-key`, { auth: admin, body: { durationInMinutes: 5 } });
    assert.ok((await used(admin, KEY)).includes('security'));
    assert.equal(results((await get(`${V1}/search?cql=${encodeURIComponent('label = "security"')}`, admin)).body).length, 0);
  });
});

describe('attachments', () => {
  test('the image the Onboarding page shows is a real PNG, served by the media origin after the redirect', async () => {
    const list = results((await get(`${V2}/pages/${DEMO.pageWithImage.id}/attachments`)).body);
    const image = list.find(a => a.title === DEMO.pageWithImage.attachment);
    assert.ok(image, 'the attachment the body references exists');
    const got = await download(String(j(image, '_links', 'download')));
    assert.equal(got.status, 200);
    assert.equal(got.type, 'image/png');
    assert.deepEqual([...got.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(got.bytes.length, att.image.size);
    assert.ok(got.location.startsWith(emu.mediaUrl) && new URL(got.location).origin !== emu.url, 'another origin');
    const pdf = await download(String(j(list.find(a => a.title === att.pdf.title), 'downloadLink')));
    assert.match(pdf.bytes.subarray(0, 8).toString('latin1'), /^%PDF-1\./);
  });

  test('an upload above the 5 MB JSON limit streams in; the same name again is refused; PUT adds versions, each downloadable', async () => {
    const big = Buffer.alloc(7 * 1024 * 1024, 7);
    const first = await upload(att.image.pageId, 'big.bin', big);
    assert.equal(first.status, 200, first.text.slice(0, 200));
    const created = results(first.body)[0];
    assert.equal(j(created, 'extensions', 'fileSize'), big.length);
    assert.equal((await upload(att.image.pageId, 'big.bin', 'again')).status, 400);
    const second = await upload(att.image.pageId, 'big.bin', 'version two', { method: 'PUT' });
    assert.equal(j(results(second.body)[0], 'version', 'number'), 2);
    const id = String(j(created, 'id'));
    const third = await upload(att.image.pageId, 'ignored-name.bin', 'version three', { path: `${V1}/content/${att.image.pageId}/child/attachment/${id}/data` });
    assert.equal(j(third.body, 'version', 'number'), 3);
    const v2 = await get(`${V2}/attachments/${id}`);
    assert.equal(j(v2.body, 'version', 'number'), 3);
    assert.equal(j(v2.body, 'title'), 'big.bin');
    assert.equal((await download(String(j(v2.body, 'downloadLink')))).bytes.toString(), 'version three');
    const v1link = String(j(v2.body, 'downloadLink')).replace(/version=\d+/, 'version=1');
    assert.equal((await download(v1link)).bytes.length, big.length, 'older versions stay downloadable');
  });

  test('X-Atlassian-Token is required (no-check or nocheck); the size limit refuses with 404 and keeps nothing', async () => {
    assert.equal((await upload(att.image.pageId, 'a.txt', 'x', { token: null })).status, 403);
    assert.equal((await upload(att.image.pageId, 'a.txt', 'x', { token: 'nocheck' })).status, 200);
    emu.control.setMaxAttachmentSize(1024);
    const refused = await upload(att.image.pageId, 'large.txt', 'z'.repeat(1025));
    assert.equal(refused.status, 404);
    assert.match(String(j(refused.body, 'message')), /maximum configured attachment size of 1024 bytes/);
    assert.equal(emu.control.uploadFiles(), 1, 'only the accepted upload is kept');
    assert.ok(!results((await get(`${V2}/pages/${att.image.pageId}/attachments`)).body).some(a => a.title === 'large.txt'));
  });

  test('a body that arrives a few bytes at a time is read correctly; an upload cut off mid-way leaves nothing behind', async () => {
    const content = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    const m = multipart('trickle.bin', content, { minorEdit: 'true', comment: 'sent in pieces' });
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${emu.url}${V1}/content/${att.image.pageId}/child/attachment`, {
        method: 'POST', headers: { Authorization: writer, 'Content-Type': m.type, 'Content-Length': String(m.body.length), 'X-Atlassian-Token': 'no-check' },
      }, res => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', reject);
      const write = (i: number): void => {
        if (i >= m.body.length) { req.end(); return; }
        req.write(m.body.subarray(i, i + 7), () => write(i + 7));
      };
      write(0);
    });
    assert.equal(status, 200);
    const listed = results((await get(`${V2}/pages/${att.image.pageId}/attachments?filename=trickle.bin`)).body)[0];
    assert.equal(j(listed, 'comment'), 'sent in pieces');
    assert.deepEqual((await download(String(j(listed, 'downloadLink')))).bytes, content);

    const kept = emu.control.uploadFiles();
    const req = http.request(`${emu.url}${V1}/content/${att.image.pageId}/child/attachment`, {
      method: 'PUT', headers: { Authorization: writer, 'Content-Type': m.type, 'Content-Length': String(m.body.length * 2), 'X-Atlassian-Token': 'no-check' },
    });
    req.on('error', () => undefined);
    req.write(m.body.subarray(0, 3000));
    await until(() => emu.control.uploadFiles() === kept + 1); // the server is writing the file part
    req.destroy();
    await until(() => emu.control.uploadFiles() === kept); // and has thrown it away
    const cut = emu.control.requestLog().find(e => e.method === 'PUT');
    assert.equal(cut?.status, 0, 'no answer went out for the cut-off upload');
    const after = results((await get(`${V2}/pages/${att.image.pageId}/attachments?filename=trickle.bin`)).body);
    assert.equal(j(after[0], 'version', 'number'), 1, 'the interrupted new version was not added');
  });

  test('the media origin: the token expires, a wrong token is refused, site credentials are not accepted, and its log shows what arrived', async () => {
    const link = String(j(results((await get(`${V2}/pages/${att.text.pageId}/attachments?filename=${att.text.title}`)).body)[0], 'downloadLink'));
    const first = await fetch(`${emu.url}/wiki${link}`, { headers: { Authorization: writer }, redirect: 'manual' });
    const location = first.headers.get('location') ?? '';
    assert.equal((await fetch(location, { headers: { Authorization: writer } })).status, 401, 'Basic credentials are refused there');
    const tampered = new URL(location);
    tampered.searchParams.set('token', 'eyJhbGciOiJIUzI1NiJ9.e30.forged');
    assert.equal((await fetch(tampered)).status, 401);
    assert.equal((await fetch(location)).status, 200);
    emu.control.advance(11 * 60_000);
    assert.equal((await fetch(location)).status, 401, 'expired');
    const log = emu.control.mediaRequests();
    assert.equal(log.length, 4);
    assert.ok(log[0]?.headers.authorization !== undefined && log.slice(1).every(e => e.headers.authorization === undefined));
    assert.ok(log.every(e => e.path.includes('token=redacted')));
    assert.equal((await fetch(`${emu.url}/wiki${link}`, { redirect: 'manual' })).status, 401, 'the site still wants credentials');
  });

  test('the page\'s restrictions apply: hidden without access, revealed (and audited) by the admin key; trash and purge', async () => {
    assert.equal((await get(`${V2}/pages/${att.restricted.pageId}/attachments`, admin)).status, 404);
    assert.equal((await download(`/download/attachments/${att.restricted.pageId}/${att.restricted.title}?api=v2`, admin)).status, 404);
    await call(emu.url, 'POST', `${V2}/admin-key`, { auth: admin, body: { durationInMinutes: 5 } });
    const listed = await get(`${V2}/pages/${att.restricted.pageId}/attachments`, admin, KEY);
    assert.deepEqual(results(listed.body).map(a => a.id), [att.restricted.id]);
    const got = await download(`/download/attachments/${att.restricted.pageId}/${att.restricted.title}?api=v2`, admin, KEY);
    assert.match(got.bytes.toString(), /SEC-117 timeline/);
    assert.ok(emu.control.auditLog().filter(a => a.action === 'admin-key.use' && a.contentId === att.restricted.pageId).length >= 2);

    assert.equal((await call(emu.url, 'DELETE', `${V2}/attachments/${att.pdf.id}`, { auth: writer })).status, 204);
    const current = results((await get(`${V2}/pages/${att.pdf.pageId}/attachments`)).body).map(a => a.id);
    assert.ok(!current.includes(att.pdf.id));
    const trashed = results((await get(`${V2}/pages/${att.pdf.pageId}/attachments?status=trashed`)).body).map(a => a.id);
    assert.deepEqual(trashed, [att.pdf.id]);
    assert.equal((await call(emu.url, 'DELETE', `${V2}/attachments/${att.pdf.id}?purge=true`, { auth: writer })).status, 404, 'purging needs a space admin');
    assert.equal((await call(emu.url, 'DELETE', `${V2}/attachments/${att.pdf.id}?purge=true`, { auth: admin })).status, 204);
    assert.equal(results((await get(`${V2}/pages/${att.pdf.pageId}/attachments?status=trashed`)).body).length, 0);
  });
});
