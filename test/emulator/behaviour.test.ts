// Behaviour of the emulator as documented for Confluence Cloud: auth, pagination, restrictions and
// the admin key (with audit), versions and conflicts, faults, control surface, seeds.

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, RunningEmulator, startEmulator } from './index';
import { basic, call, j, results } from './testHelpers';

const V2 = '/wiki/api/v2';
const admin = basic(DEMO.accounts.admin.email, DEMO.accounts.admin.token);
const writer = basic(DEMO.accounts.writer.email, DEMO.accounts.writer.token);
const other = basic(DEMO.accounts.other.email, DEMO.accounts.other.token);
const scoped = basic(DEMO.accounts.admin.email, DEMO.scopedToken);
const KEY = { 'Atl-Confluence-With-Admin-Key': 'true' };

let emu: RunningEmulator;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });
beforeEach(() => { emu.control.reset(); });

const get = (url: string, auth?: string, headers?: Record<string, string>) => call(emu.url, 'GET', url, { auth, headers });
const put = (url: string, auth: string, body: unknown, headers?: Record<string, string>) => call(emu.url, 'PUT', url, { auth, body, headers });
const post = (url: string, auth: string, body?: unknown) => call(emu.url, 'POST', url, { auth, body });

function pageUpdate(id: string, title: string, value: string, number: number, extra: Record<string, unknown> = {}) {
  return { id, status: 'current', title, body: { representation: 'storage', value }, version: { number, message: 'test edit' }, ...extra };
}

describe('authentication', () => {
  test('classic token on the site, scoped token only through the gateway, bad credentials 401', async () => {
    assert.equal((await get(`${V2}/spaces`, writer)).status, 200);
    const noAuth = await get(`${V2}/spaces`);
    assert.equal(noAuth.status, 401);
    assert.deepEqual(noAuth.body, { errors: [{ status: 401, code: 'UNAUTHORIZED', title: 'Client must be authenticated to access this resource.', detail: null }] });
    assert.equal((await get(`${V2}/spaces`, basic(DEMO.accounts.writer.email, 'not-the-token'))).status, 401);
    assert.equal((await get(`${V2}/spaces`, basic('nobody@example.com', DEMO.accounts.writer.token))).status, 401);
    assert.equal((await get(`${V2}/spaces`, 'Bearer abc')).status, 401);
    assert.equal((await get(`${V2}/spaces`, scoped)).status, 401, 'scoped token on the site URL');
    const gw = `/ex/confluence/${emu.cloudId}`;
    assert.equal((await get(`${gw}${V2}/spaces`, scoped)).status, 200);
    assert.equal((await get(`${gw}${V2}/spaces`, admin)).status, 200, 'classic tokens also work through the gateway');
    assert.equal((await get(`/ex/confluence/00000000-0000-0000-0000-000000000000${V2}/spaces`, scoped)).status, 404);
    const v1 = await get('/wiki/rest/api/user/current', basic(DEMO.accounts.writer.email, 'nope'));
    assert.equal(v1.status, 401);
    assert.equal(j(v1.body, 'statusCode'), 401);
    assert.equal(typeof j(v1.body, 'message'), 'string');
    const me = await get('/wiki/rest/api/user/current', writer);
    assert.equal(j(me.body, 'accountId'), DEMO.accounts.writer.accountId);
    assert.equal(j(me.body, 'displayName'), DEMO.accounts.writer.displayName);
  });
  test('tenant_info is unauthenticated and returns the cloudId', async () => {
    const r = await get('/_edge/tenant_info');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { cloudId: emu.cloudId });
    assert.equal(emu.cloudId, DEMO.cloudId);
  });
});

describe('pagination', () => {
  test('a 320-child parent takes exactly 2 requests at limit=250; Link header equals _links.next', async () => {
    emu.control.clearRequestLog();
    let url: string | undefined = `${V2}/pages/${DEMO.bigParent.id}/direct-children?limit=250`;
    const ids: string[] = [];
    let requests = 0;
    while (url) {
      const r = await get(url, writer);
      requests++;
      assert.equal(r.status, 200);
      for (const item of results(r.body)) { ids.push(String(item.id)); }
      const next = j(r.body, '_links', 'next') as string | undefined;
      if (next) {
        assert.ok(next.startsWith('/wiki/api/v2/pages/'), next);
        assert.ok(next.includes('?cursor='), 'cursor comes first');
        assert.ok(!/[?&]cursor=[^&]*$/.test(next), 'cursor is not the last parameter');
        assert.equal(r.headers.link, `<${next}>; rel="next", <${emu.url}/wiki>; rel="base"`);
      } else {
        assert.equal(r.headers.link, undefined);
      }
      assert.equal(j(r.body, '_links', 'base'), `${emu.url}/wiki`);
      url = next;
    }
    assert.equal(requests, 2);
    assert.equal(ids.length, DEMO.bigParent.childCount);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids[0], DEMO.bigParent.firstChildId);
    assert.equal(emu.control.requestLog().length, 2);
  });
  test('default limit is 25; other query parameters are kept; gateway next links stay /wiki-relative', async () => {
    const r = await get(`${V2}/spaces/${DEMO.spaces.eng.id}/pages?depth=all&sort=title`, writer);
    assert.equal(results(r.body).length, 25);
    const next = String(j(r.body, '_links', 'next'));
    const u = new URL(next, 'http://x');
    assert.equal(u.searchParams.get('depth'), 'all');
    assert.equal(u.searchParams.get('sort'), 'title');
    assert.equal(u.searchParams.get('limit'), '25');
    const g = await get(`/ex/confluence/${emu.cloudId}${V2}/pages/${DEMO.bigParent.id}/children?limit=100`, scoped);
    assert.ok(String(j(g.body, '_links', 'next')).startsWith('/wiki/api/v2/pages/'));
  });
  test('space root pages: homepage plus extra root pages; whole-space listing carries parentId and position', async () => {
    const roots = results((await get(`${V2}/spaces/${DEMO.spaces.eng.id}/pages?depth=root`, writer)).body);
    assert.deepEqual(roots.map(p => p.id), [DEMO.spaces.eng.homepageId, DEMO.extraRootPage.id]);
    const all = results((await get(`${V2}/spaces/${DEMO.spaces.eng.id}/pages?depth=all&limit=250&title=Webhooks`, writer)).body);
    assert.equal(all.length, 1);
    assert.equal(all[0]?.parentId, DEMO.deepPath[4]?.id);
    assert.equal(all[0]?.parentType, 'page');
    assert.equal(typeof all[0]?.position, 'number');
  });
});

describe('tree', () => {
  test('direct-children mixes pages, folders, whiteboards and databases ordered by childPosition', async () => {
    const r = results((await get(`${V2}/pages/${DEMO.spaces.eng.homepageId}/direct-children?limit=250`, writer)).body);
    const types = new Set(r.map(x => x.type));
    for (const t of ['page', 'folder', 'whiteboard', 'database']) { assert.ok(types.has(t), t); }
    const positions = r.map(x => Number(x.childPosition));
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
    const folderKids = results((await get(`${V2}/folders/${DEMO.folder.id}/direct-children`, writer)).body);
    assert.deepEqual(folderKids.map(x => x.id), DEMO.folder.childIds);
  });
  test('ancestors run root to parent and deepPath is at least 5 levels', async () => {
    assert.ok(DEMO.deepPath.length >= 5);
    const leaf = DEMO.deepPath[DEMO.deepPath.length - 1];
    const r = results((await get(`${V2}/pages/${leaf?.id ?? ''}/ancestors`, writer)).body);
    assert.deepEqual(r.map(a => a.id), DEMO.deepPath.slice(0, -1).map(p => p.id));
    const two = results((await get(`${V2}/pages/${leaf?.id ?? ''}/ancestors?limit=2`, writer)).body);
    assert.deepEqual(two.map(a => a.id), DEMO.deepPath.slice(-3, -1).map(p => p.id));
  });
  test('page links: webui, editui, tinyui, base; tiny URL redirects to a real page', async () => {
    const p = await get(`${V2}/pages/${DEMO.commentedPage.id}`, writer);
    const links = j(p.body, '_links') as Record<string, string>;
    assert.equal(links.webui, `/spaces/ENG/pages/${DEMO.commentedPage.id}/Design+review%3A+search+indexing`);
    assert.equal(links.base, `${emu.url}/wiki`);
    assert.ok(links.editui?.includes(DEMO.commentedPage.id));
    assert.match(links.tinyui ?? '', /^\/x\/[A-Za-z0-9_-]+$/);
    const redirect = await get(`/wiki${links.tinyui ?? ''}`);
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.location, `${emu.url}/wiki${links.webui ?? ''}`);
    const html = await get(`/wiki${links.webui ?? ''}`);
    assert.equal(html.status, 200);
    assert.ok(html.text.includes('Design review: search indexing'));
    assert.equal((await get(`/wiki/spaces/ENG/pages/${DEMO.restricted.id}/x`)).status, 404);
  });
});

describe('restrictions and the admin key', () => {
  const r = DEMO.restricted;
  test('read-restricted page and its child are hidden from writer and admin without the key', async () => {
    for (const who of [writer, admin]) {
      assert.equal((await get(`${V2}/pages/${r.id}`, who)).status, 404);
      assert.equal((await get(`${V2}/pages/${r.childId}`, who)).status, 404);
      assert.equal((await get(`${V2}/pages/${r.id}`, who, KEY)).status, 404, 'header without an active key changes nothing');
      const kids = results((await get(`${V2}/pages/${DEMO.spaces.eng.homepageId}/direct-children?limit=250`, who)).body);
      assert.ok(!kids.some(k => k.id === r.id));
      const all = results((await get(`${V2}/spaces/${DEMO.spaces.eng.id}/pages?limit=250&title=${encodeURIComponent(r.childTitle)}`, who)).body);
      assert.equal(all.length, 0, 'descendants of restricted pages are left out of listings');
    }
    const found = await get(`/wiki/rest/api/search?cql=${encodeURIComponent('title ~ "SEC-117"')}`, admin);
    assert.equal(results(found.body).length, 0);
  });
  test('an admin with an active key and the header sees them; audit records the use', async () => {
    const en = await post(`${V2}/admin-key`, admin, { durationInMinutes: 15 });
    assert.equal(en.status, 200);
    assert.equal(j(en.body, 'accountId'), DEMO.accounts.admin.accountId);
    assert.equal(j(en.body, 'expirationTime'), new Date(Date.parse(String(j(en.body, 'expirationTime')))).toISOString());
    assert.equal((await get(`${V2}/pages/${r.id}`, admin)).status, 404, 'no header, no bypass');
    const page = await get(`${V2}/pages/${r.id}?body-format=storage`, admin, KEY);
    assert.equal(page.status, 200);
    assert.equal(j(page.body, 'title'), r.title);
    assert.equal((await get(`${V2}/pages/${r.childId}`, admin, KEY)).status, 200);
    const kids = results((await get(`${V2}/pages/${DEMO.spaces.eng.homepageId}/direct-children?limit=250`, admin, KEY)).body);
    assert.ok(kids.some(k => k.id === r.id));
    // not for writer, not through the gateway
    assert.equal((await get(`${V2}/pages/${r.id}`, writer, KEY)).status, 404);
    assert.equal((await get(`/ex/confluence/${emu.cloudId}${V2}/pages/${r.id}`, admin, KEY)).status, 404);
    assert.equal((await get(`/ex/confluence/${emu.cloudId}${V2}/pages/${r.id}`, scoped, KEY)).status, 404);
    const audit = emu.control.auditLog();
    assert.equal(audit[0]?.action, 'admin-key.enable');
    const uses = audit.filter(a => a.action === 'admin-key.use');
    assert.ok(uses.some(u => u.contentId === r.id && u.method === 'GET'));
    assert.ok(uses.some(u => u.contentId === r.childId));
    assert.ok(uses.every(u => u.accountId === DEMO.accounts.admin.accountId));
    // normal pages read with the header are not "uses"
    const before = emu.control.auditLog().length;
    await get(`${V2}/pages/${DEMO.deepPath[1]?.id ?? ''}`, admin, KEY);
    assert.equal(emu.control.auditLog().length, before);
    assert.equal((await call(emu.url, 'DELETE', `${V2}/admin-key`, { auth: admin })).status, 204);
    assert.equal(emu.control.auditLog().at(-1)?.action, 'admin-key.disable');
    assert.equal((await get(`${V2}/pages/${r.id}`, admin, KEY)).status, 404);
    const log = emu.control.requestLog().find(e => e.adminKeyHeader && e.viaGateway);
    assert.ok(log, 'request log records the header and the gateway');
  });
  test('update-restricted page: writer reads but cannot update; the allowed user and the admin key can', async () => {
    const u = DEMO.updateRestricted;
    const page = await get(`${V2}/pages/${u.id}?body-format=storage`, writer);
    assert.equal(page.status, 200);
    const ops = (j((await get(`${V2}/pages/${u.id}/operations`, writer)).body, 'operations') as { operation: string }[]).map(o => o.operation);
    assert.deepEqual(ops, ['read']);
    const otherOps = (j((await get(`${V2}/pages/${u.id}/operations`, other)).body, 'operations') as { operation: string }[]).map(o => o.operation);
    assert.deepEqual(otherOps, ['read', 'update', 'delete']);
    assert.equal((await put(`${V2}/pages/${u.id}`, writer, pageUpdate(u.id, u.title, '<p>w</p>', 2))).status, 404);
    assert.equal((await put(`${V2}/pages/${u.id}`, admin, pageUpdate(u.id, u.title, '<p>a</p>', 2))).status, 404);
    assert.equal((await post(`${V2}/admin-key`, admin)).status, 200);
    const ok = await put(`${V2}/pages/${u.id}`, admin, pageUpdate(u.id, u.title, '<p>a</p>', 2), KEY);
    assert.equal(ok.status, 200);
    assert.equal(emu.control.pageState(u.id)?.versions.at(-1)?.adminKeyUsed, true);
    assert.ok(emu.control.auditLog().some(a => a.action === 'admin-key.use' && a.method === 'PUT' && a.contentId === u.id));
    assert.equal((await put(`${V2}/pages/${u.id}`, other, pageUpdate(u.id, u.title, '<p>o</p>', 3))).status, 200);
  });
  test('durations: empty/0 -> 10 minutes, 1..60 as asked, anything else 400; expiry by the emulator clock', async () => {
    const now = emu.control.now();
    const exp = async (body?: unknown): Promise<number> => Date.parse(String(j((await post(`${V2}/admin-key`, admin, body)).body, 'expirationTime')));
    const near = (actual: number, minutes: number): void => { const d = actual - now - minutes * 60_000; assert.ok(d >= 0 && d < 5_000, `${minutes} min: off by ${d}`); };
    near(await exp(), 10);
    near(await exp({}), 10);
    near(await exp({ durationInMinutes: 0 }), 10);
    near(await exp({ durationInMinutes: 1 }), 1);
    near(await exp({ durationInMinutes: 60 }), 60);
    for (const bad of [61, -1, 1.5, '5', null, true]) {
      const res = await post(`${V2}/admin-key`, admin, { durationInMinutes: bad });
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.equal(j(res.body, 'errors', 0, 'status'), 400);
    }
    assert.equal((await get(`${V2}/admin-key`, admin)).status, 200);
    assert.equal((await get(`${V2}/pages/${DEMO.restricted.id}`, admin, KEY)).status, 200);
    emu.control.advance(61 * 60_000);
    assert.equal((await get(`${V2}/admin-key`, admin)).status, 404);
    assert.equal((await get(`${V2}/pages/${DEMO.restricted.id}`, admin, KEY)).status, 404);
  });
  test('non-admins and Standard sites get 404 for all three methods', async () => {
    for (const m of ['GET', 'POST', 'DELETE']) {
      assert.equal((await call(emu.url, m, `${V2}/admin-key`, { auth: writer })).status, 404, `writer ${m}`);
    }
    emu.control.setEdition('standard');
    for (const m of ['GET', 'POST', 'DELETE']) {
      assert.equal((await call(emu.url, m, `${V2}/admin-key`, { auth: admin })).status, 404, `standard ${m}`);
    }
    emu.control.setEdition('premium');
    assert.equal((await post(`${V2}/admin-key`, admin)).status, 200);
    emu.control.setEdition('standard');
    assert.equal((await get(`${V2}/pages/${DEMO.restricted.id}`, admin, KEY)).status, 404, 'key stops working on Standard');
  });
  test('v1 restrictions list users per operation', async () => {
    const res = await get(`/wiki/rest/api/content/${DEMO.updateRestricted.id}/restriction`, writer);
    const update = results(res.body).find(x => x.operation === 'update');
    assert.equal(j(update, 'restrictions', 'user', 'results', 0, 'accountId'), DEMO.updateRestricted.allowedAccountId);
  });
});

describe('versions and writes', () => {
  test('stale version -> 409 naming the current version', async () => {
    const v = DEMO.versionedPage;
    const res = await put(`${V2}/pages/${v.id}`, writer, pageUpdate(v.id, v.title, '<p>x</p>', 5));
    assert.equal(res.status, 409);
    assert.deepEqual(res.body, { errors: [{ status: 409, code: 'CONFLICT', title: 'Version must be incremented when updating a page. Current Version: [6]. Provided version: [5]', detail: null }] });
    assert.equal((await put(`${V2}/pages/${v.id}`, writer, pageUpdate(v.id, v.title, '<p>x</p>', 8))).status, 409);
  });
  test('editPageAsOtherUser makes a concurrent edit the next PUT collides with', async () => {
    const id = DEMO.commentedPage.id;
    const page = await get(`${V2}/pages/${id}?body-format=storage`, writer);
    const base = Number(j(page.body, 'version', 'number'));
    const { version } = emu.control.editPageAsOtherUser(id, { body: '<p>theirs</p>' });
    assert.equal(version, base + 1);
    const state = emu.control.pageState(id);
    assert.equal(state?.versions.at(-1)?.authorId, DEMO.accounts.other.accountId);
    const res = await put(`${V2}/pages/${id}`, writer, pageUpdate(id, DEMO.commentedPage.title, '<p>mine</p>', base + 1));
    assert.equal(res.status, 409);
    assert.ok(String(j(res.body, 'errors', 0, 'title')).includes(`Current Version: [${base + 1}]`));
  });
  test('bodies are stored and returned byte for byte; versions newest first with increasing createdAt', async () => {
    const id = DEMO.deepPath[2]?.id ?? '';
    const title = DEMO.deepPath[2]?.title ?? '';
    const weird = '<p  class="x"   data-a=\'1\'>caf\u00e9 \u{1F600}\r\n\ttabs &amp; &nbsp; <br/><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[a < b && c]]></ac:plain-text-body></ac:structured-macro></p>   \n';
    const res = await put(`${V2}/pages/${id}`, writer, pageUpdate(id, title, weird, 2));
    assert.equal(res.status, 200);
    assert.equal(j(res.body, 'body', 'storage', 'value'), weird);
    assert.equal(j(res.body, 'version', 'number'), 2);
    assert.equal(j(res.body, 'version', 'authorId'), DEMO.accounts.writer.accountId);
    const again = await get(`${V2}/pages/${id}?body-format=storage`, writer);
    assert.equal(j(again.body, 'body', 'storage', 'value'), weird);
    assert.equal(emu.control.pageState(id)?.body, weird);
    assert.equal((await put(`${V2}/pages/${id}`, writer, pageUpdate(id, title, weird + 'x', 3))).status, 200);
    const vs = results((await get(`${V2}/pages/${id}/versions`, writer)).body);
    assert.deepEqual(vs.map(v => v.number), [3, 2, 1]);
    const t3 = Date.parse(String(vs[0]?.createdAt)); const t2 = Date.parse(String(vs[1]?.createdAt));
    assert.ok(t3 > t2, 'createdAt strictly increases');
    assert.ok(t2 >= Date.parse('2026-11-26T09:00:00.000Z'), 'versions use the emulator clock');
    const old = await get(`${V2}/pages/${id}?version=2&body-format=storage`, writer);
    assert.equal(j(old.body, 'body', 'storage', 'value'), weird);
  });
  test('create (default parent = homepage), rename, move, trash', async () => {
    const created = await post(`${V2}/pages`, writer, { spaceId: DEMO.spaces.prod.id, status: 'current', title: 'New idea', body: { representation: 'storage', value: '<p>idea</p>' } });
    assert.equal(created.status, 200);
    const id = String(j(created.body, 'id'));
    assert.equal(j(created.body, 'parentId'), DEMO.spaces.prod.homepageId);
    assert.equal(j(created.body, 'version', 'number'), 1);
    assert.equal(j(created.body, 'status'), 'current');
    assert.equal((await post(`${V2}/pages`, writer, { spaceId: DEMO.spaces.prod.id, title: 'new IDEA' })).status, 400, 'duplicate title in space');
    const renamed = await put(`${V2}/pages/${id}/title`, writer, { status: 'current', title: 'Better idea' });
    assert.equal(j(renamed.body, 'title'), 'Better idea');
    assert.equal(j(renamed.body, 'version', 'number'), 2);
    const moved = await put(`${V2}/pages/${id}`, writer, pageUpdate(id, 'Better idea', '<p>idea</p>', 3, { parentId: DEMO.prodPages.requirements.id }));
    assert.equal(moved.status, 200);
    assert.equal(j(moved.body, 'parentId'), DEMO.prodPages.requirements.id);
    const kids = results((await get(`${V2}/pages/${DEMO.prodPages.requirements.id}/direct-children`, writer)).body);
    assert.equal(kids.at(-1)?.id, id);
    assert.equal((await put(`${V2}/pages/${id}`, writer, pageUpdate(id, 'Better idea', '<p>idea</p>', 4, { parentId: DEMO.deepPath[1]?.id }))).status, 400, 'other space');
    assert.equal((await put(`${V2}/pages/${id}`, writer, pageUpdate(id, 'Better idea', '<p>idea</p>', 4, { parentId: '999999' }))).status, 404);
    assert.equal((await put(`${V2}/pages/${DEMO.prodPages.requirements.id}`, writer, pageUpdate(DEMO.prodPages.requirements.id, DEMO.prodPages.requirements.title, '<p/>', 2, { parentId: id }))).status, 400, 'cycle');
    assert.equal((await call(emu.url, 'DELETE', `${V2}/pages/${id}`, { auth: writer })).status, 204);
    assert.equal((await get(`${V2}/pages/${id}`, writer)).status, 404);
    assert.equal(j((await get(`${V2}/pages/${id}?status=trashed`, writer)).body, 'status'), 'trashed');
    assert.equal((await call(emu.url, 'DELETE', `${V2}/pages/${DEMO.updateRestricted.id}`, { auth: writer })).status, 404);
  });
});

describe('search (CQL subset)', () => {
  const search = async (cql: string) => get(`/wiki/rest/api/search?cql=${encodeURIComponent(cql)}&limit=50`, writer);
  test('text, title, space, type, AND, ORDER BY', async () => {
    const t = results((await search('title ~ "payments" AND type = page ORDER BY title')).body).map(x => x.title);
    assert.deepEqual(t, ['Payments API', 'Payments Service']);
    const byText = results((await search('text ~ "exponential back-off"')).body);
    assert.deepEqual(byText.map(x => j(x, 'content', 'id')), [DEMO.versionedPage.id]);
    const inProd = results((await search('space = "PROD" AND type = page')).body);
    assert.ok(inProd.length >= 3 && inProd.every(x => j(x, 'resultGlobalContainer', 'displayUrl') === '/spaces/PROD'));
    assert.equal(results((await search('space = PROD')).body).length, inProd.length);
    const desc = results((await search('space = ENG ORDER BY lastmodified DESC')).body);
    assert.ok(desc.length > 0);
    const lm = desc.map(x => Date.parse(String(x.lastModified)));
    assert.deepEqual(lm, [...lm].sort((a, b) => b - a));
  });
  test('bad CQL -> 400 with the v1 error body', async () => {
    for (const cql of ['title ~', 'foo = bar', 'title ~ "x" AND', 'space = ENG ORDER BY', '"unterminated']) {
      const r = await search(cql);
      assert.equal(r.status, 400, cql);
      assert.equal(j(r.body, 'statusCode'), 400);
      assert.match(String(j(r.body, 'message')), /Could not parse cql/);
    }
  });
});

describe('faults, latency and control', () => {
  test('status faults with Retry-After, rate limits, and the request log', async () => {
    emu.control.failNext(1, { status: 503, retryAfter: '2', pathIncludes: '/spaces' });
    emu.control.rateLimitNext(1, '7', { extraHeaders: { 'X-RateLimit-Reset': '2026-11-26T09:05Z' } });
    const pages = await get(`${V2}/pages/${DEMO.deepPath[0]?.id ?? ''}`, writer); // not /spaces: rate limit applies
    assert.equal(pages.status, 429);
    assert.equal(pages.headers['retry-after'], '7');
    assert.equal(pages.headers['x-ratelimit-reset'], '2026-11-26T09:05Z');
    assert.equal(j(pages.body, 'errors', 0, 'code'), 'TOO_MANY_REQUESTS');
    const spaces = await get(`${V2}/spaces`, writer);
    assert.equal(spaces.status, 503);
    assert.equal(spaces.headers['retry-after'], '2');
    assert.equal(j(spaces.body, 'errors', 0, 'status'), 503);
    assert.equal((await get(`${V2}/spaces`, writer)).status, 200, 'faults are consumed');
    assert.deepEqual(emu.control.requestLog().map(e => e.status), [429, 503, 200]);
    assert.equal(emu.control.requestLog()[0]?.user, DEMO.accounts.writer.email, 'faulted requests are logged with their user');
  });
  test('drop, dropMidBody and hang (released by close())', async () => {
    const e2 = await startEmulator();
    try {
      e2.control.failNext(1, { drop: true });
      await assert.rejects(call(e2.url, 'GET', `${V2}/spaces`, { auth: writer }));
      e2.control.failNext(1, { dropMidBody: true });
      await assert.rejects(call(e2.url, 'GET', `${V2}/spaces`, { auth: writer }));
      e2.control.failNext(1, { hang: true, method: 'GET' });
      const hung = call(e2.url, 'GET', `${V2}/spaces`, { auth: writer });
      const settled = hung.then(() => 'resolved', () => 'rejected');
      await new Promise(r => setTimeout(r, 100));
      assert.equal(e2.control.requestLog().length, 3);
      assert.equal(e2.control.requestLog()[2]?.status, 0);
      const t = Date.now();
      await e2.close();
      assert.equal(await settled, 'rejected');
      assert.ok(Date.now() - t < 2000, 'close() is prompt');
    } finally {
      await e2.close();
    }
  });
  test('latency is added before responses', async () => {
    emu.control.setLatency(150);
    const t = Date.now();
    assert.equal((await get(`${V2}/spaces`, writer)).status, 200);
    assert.ok(Date.now() - t >= 140);
    emu.control.setLatency(0);
  });
  test('clock: setNow/advance', () => {
    emu.control.setNow(Date.parse('2027-01-01T00:00:00.000Z'));
    const n = emu.control.now();
    assert.ok(n >= Date.parse('2027-01-01T00:00:00.000Z') && n < Date.parse('2027-01-01T00:00:05.000Z'));
    emu.control.advance(60_000);
    assert.ok(emu.control.now() >= n + 60_000);
    emu.control.reset();
    assert.ok(Math.abs(emu.control.now() - Date.parse('2026-11-26T09:00:00.000Z')) < 5_000);
  });
  test('HTTP control surface is off by default and works with controlHttp', async () => {
    assert.equal((await call(emu.url, 'GET', '/__emulator/requests')).status, 404);
    assert.equal((await call(emu.url, 'POST', '/__emulator/reset')).status, 404);
    const e2 = await startEmulator({ controlHttp: true });
    try {
      await call(e2.url, 'GET', `${V2}/spaces`, { auth: writer });
      const log = await call(e2.url, 'GET', '/__emulator/requests');
      assert.equal(log.status, 200);
      assert.equal((log.body as unknown[]).length, 1);
      const edit = await call(e2.url, 'POST', '/__emulator/edit-page', { body: { pageId: DEMO.versionedPage.id, body: '<p>remote</p>' } });
      assert.deepEqual(edit.body, { version: 7 });
      const state = await call(e2.url, 'GET', `/__emulator/page/${DEMO.versionedPage.id}`);
      assert.equal(j(state.body, 'body'), '<p>remote</p>');
      assert.equal((await call(e2.url, 'POST', '/__emulator/fail', { body: { count: 1, status: 502 } })).status, 204);
      assert.equal((await call(e2.url, 'GET', `${V2}/spaces`, { auth: writer })).status, 502);
      const clock = await call(e2.url, 'POST', '/__emulator/clock', { body: { advanceMs: 3_600_000 } });
      assert.ok(Number(j(clock.body, 'now')) >= Date.parse('2026-11-26T10:00:00.000Z'));
      assert.equal((await call(e2.url, 'GET', '/__emulator/audit')).status, 200);
      assert.equal((await call(e2.url, 'POST', '/__emulator/reset')).status, 204);
      assert.equal(j((await call(e2.url, 'GET', `/__emulator/page/${DEMO.versionedPage.id}`)).body, 'version'), 6);
      assert.equal((await call(e2.url, 'GET', '/__emulator/nope')).status, 404);
    } finally {
      await e2.close();
    }
  });
});

describe('seeds', () => {
  test('demo: spaces of every kind, storage bodies with macros, comments and images', async () => {
    const spaces = results((await get(`${V2}/spaces?limit=250`, writer)).body);
    assert.ok(spaces.length >= 4);
    const byKey = new Map(spaces.map(s => [s.key, s]));
    assert.equal(byKey.get(DEMO.spaces.personal.key)?.type, 'personal');
    assert.equal(byKey.get(DEMO.spaces.archived.key)?.status, 'archived');
    assert.equal(byKey.get(DEMO.spaces.eng.key)?.name, DEMO.spaces.eng.name);
    const body = async (id: string) => String(j((await get(`${V2}/pages/${id}?body-format=storage`, writer)).body, 'body', 'storage', 'value'));
    assert.match(await body(DEMO.commentedPage.id), /<ac:inline-comment-marker ac:ref=/);
    assert.match(await body(DEMO.pageWithImage.id), /<ri:attachment ri:filename="team-map.png"/);
    const arch = await body(DEMO.deepPath[1]?.id ?? '');
    assert.match(arch, /<table/);
    assert.match(arch, /<ri:page ri:content-title=/);
    assert.match(await body(DEMO.versionedPage.id), /ac:name="code"/);
    const view = String(j((await get(`${V2}/pages/${DEMO.versionedPage.id}?body-format=view`, writer)).body, 'body', 'view', 'value'));
    assert.doesNotMatch(view, /<ac:|<ri:/);
    assert.match(view, /<pre/);
  });
  test('bench: 10,000 pages, 10 levels, a 600-child level; starts fast', async () => {
    const t = Date.now();
    const b = await startEmulator({ seed: 'bench' });
    try {
      assert.ok(Date.now() - t < 1000, `bench start took ${Date.now() - t} ms`);
      const space = results((await call(b.url, 'GET', `${V2}/spaces`, { auth: writer })).body)[0];
      let url: string | undefined = `${V2}/spaces/${String(space?.id)}/pages?limit=250`;
      let count = 0; let requests = 0;
      const parents = new Map<string, number>();
      const parentOf = new Map<string, string>();
      while (url) {
        const r = await call(b.url, 'GET', url, { auth: writer });
        requests++;
        for (const p of results(r.body)) {
          count++;
          if (p.parentId) { parents.set(String(p.parentId), (parents.get(String(p.parentId)) ?? 0) + 1); parentOf.set(String(p.id), String(p.parentId)); }
        }
        url = j(r.body, '_links', 'next') as string | undefined;
      }
      assert.equal(count, 10_000);
      assert.equal(requests, 40);
      assert.ok([...parents.values()].some(n => n === 600));
      let maxDepth = 0;
      for (const id of parentOf.keys()) { let d = 1; let cur: string | undefined = id; while (cur && parentOf.has(cur)) { cur = parentOf.get(cur); d++; } maxDepth = Math.max(maxDepth, d); }
      assert.ok(maxDepth >= 9 && maxDepth <= 11, `depth ${maxDepth}`);
    } finally { await b.close(); }
  });
  test('empty: accounts and one empty space', async () => {
    const e = await startEmulator({ seed: 'empty' });
    try {
      const spaces = results((await call(e.url, 'GET', `${V2}/spaces`, { auth: writer })).body);
      assert.equal(spaces.length, 1);
      const pages = results((await call(e.url, 'GET', `${V2}/spaces/${String(spaces[0]?.id)}/pages`, { auth: writer })).body);
      assert.equal(pages.length, 0);
      const created = await call(e.url, 'POST', `${V2}/pages`, { auth: writer, body: { spaceId: spaces[0]?.id, title: 'First page' } });
      assert.equal(created.status, 200);
      assert.equal(j(created.body, 'parentId'), undefined, 'no homepage: created at the root');
    } finally { await e.close(); }
  });
});
