// The client's operations against the Confluence emulator (in-process), with request counts taken from
// the emulator's request log: the request budgets in docs/ARCHITECTURE.md are asserted here, not assumed.

import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ConfluenceClient } from '../../src/confluence/client';
import { ConfluenceError } from '../../src/confluence/errors';
import { detectConnection } from '../../src/confluence/connectionDetection';
import type { SiteConnection } from '../../src/confluence/types';
import { DEMO, startEmulator, type RunningEmulator } from '../emulator/index';
import { ADMIN, classicConnection, collect, makeClient, SCOPED, USER_AGENT, WRITER } from './helpers/clients';
import { FakeClock } from './helpers/fakeClock';
import { expectError, registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();
let emu: RunningEmulator;
const http = { userAgent: USER_AGENT, env: {}, random: () => 0.5, logger: scan.logger };

before(async () => { emu = await startEmulator({ seed: 'demo' }); });
after(async () => { await emu.close(); });
beforeEach(() => { emu.control.reset(); });

/** Requests the emulator saw whose path includes `fragment`. */
function requests(fragment: string): { method: string; path: string; adminKeyHeader: boolean; viaGateway: boolean; status: number }[] {
  return emu.control.requestLog().filter((r) => r.path.includes(fragment));
}

function site(): SiteConnection { return classicConnection(emu.url); }
function gateway(): SiteConnection {
  return { siteOrigin: emu.url, apiBase: `${emu.url}/ex/confluence/${emu.cloudId}`, tokenKind: 'scoped', cloudId: emu.cloudId };
}
/** A fake clock in step with the emulator's, so admin-key expiry is judged on the same time line. */
function syncedClock(): FakeClock { return new FakeClock(emu.control.now()); }

describe('detectConnection', () => {
  test('a classic token works on the site URL', async () => {
    const { connection, account } = await detectConnection(`${emu.url}/wiki/spaces/ENG/overview`, ADMIN, http);
    assert.deepEqual(connection, { siteOrigin: emu.url, apiBase: emu.url, tokenKind: 'classic' });
    assert.equal(account.accountId, DEMO.accounts.admin.accountId);
    assert.equal(account.displayName, DEMO.accounts.admin.displayName);
    assert.equal(account.email, DEMO.accounts.admin.email);
    assert.deepEqual(emu.control.requestLog().map((r) => [r.method, r.path, r.status]), [['GET', '/wiki/rest/api/user/current', 200]]);
  });

  test('a scoped token is refused on the site and works through the gateway with the cloudId', async () => {
    const { connection, account } = await detectConnection(emu.url, SCOPED, http);
    assert.deepEqual(connection, { siteOrigin: emu.url, apiBase: `${emu.url}/ex/confluence/${emu.cloudId}`, tokenKind: 'scoped', cloudId: emu.cloudId });
    assert.equal(account.accountId, DEMO.accounts.admin.accountId);
    const log = emu.control.requestLog();
    assert.deepEqual(log.map((r) => [r.path, r.status, r.viaGateway]), [
      ['/wiki/rest/api/user/current', 401, false],
      ['/_edge/tenant_info', 200, false],
      [`/ex/confluence/${emu.cloudId}/wiki/rest/api/user/current`, 200, true],
    ]);
  });

  test('a wrong token is unauthorized, with a message that says what to do', async () => {
    const e = await expectError(scan, detectConnection(emu.url, { email: 'admin@example.com', token: 'wrong-token' }, http), 'unauthorized');
    assert.match(e.message, /127\.0\.0\.1:\d+ \(401\).*id\.atlassian\.com/);
  });

  test('an invalid site is invalidInput before any request', async () => {
    await expectError(scan, detectConnection('http://acme.atlassian.net', ADMIN, http), 'invalidInput');
    assert.equal(emu.control.requestLog().length, 0);
  });
});

describe('spaces', () => {
  test('listAllSpaces: current spaces sorted by name, with browser links on the site', async () => {
    const { client } = makeClient(scan, site());
    const spaces = await client.listAllSpaces({ status: 'current' });
    const names = spaces.map((s) => s.name);
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })));
    assert.ok(names.includes('Engineering') && !names.includes('Old Intranet'));
    const eng = spaces.find((s) => s.key === 'ENG');
    assert.equal(eng?.id, DEMO.spaces.eng.id);
    assert.equal(eng?.homepageId, DEMO.spaces.eng.homepageId);
    assert.equal(eng?.webUrl, `${emu.url}/wiki/spaces/ENG`);
    assert.ok(requests('/wiki/api/v2/spaces').every((r) => r.path.includes('limit=250')));
  });

  test('filters: archived, personal', async () => {
    const { client } = makeClient(scan, site());
    assert.deepEqual((await client.listAllSpaces({ status: 'archived' })).map((s) => s.key), [DEMO.spaces.archived.key]);
    assert.deepEqual((await client.listAllSpaces({ type: 'personal' })).map((s) => s.key), [DEMO.spaces.personal.key]);
  });

  test('getSpace', async () => {
    const { client } = makeClient(scan, site());
    const s = await client.getSpace(DEMO.spaces.prod.id);
    assert.equal(s.key, DEMO.spaces.prod.key);
    await expectError(scan, client.getSpace('999999'), 'notFound');
  });
});

describe('page tree', () => {
  test('root pages of a space (depth=root)', async () => {
    const { client } = makeClient(scan, site());
    const { all } = await collect(client.spaceRootPages(DEMO.spaces.eng.id));
    const ids = all.map((n) => n.id);
    assert.ok(ids.includes(DEMO.spaces.eng.homepageId));
    assert.ok(ids.includes(DEMO.extraRootPage.id));
    assert.ok(all.every((n) => n.type === 'page' && n.parentId === undefined));
    assert.match(requests('/pages')[0]?.path ?? '', /depth=root/);
  });

  test('all pages of a space with parentId and position, in ceil(n/250) requests', async () => {
    const { client } = makeClient(scan, site());
    const { all, batches } = await collect(client.spacePages(DEMO.spaces.eng.id));
    assert.equal(batches.length, Math.ceil(all.length / 250));
    assert.equal(requests(`/spaces/${DEMO.spaces.eng.id}/pages`).length, batches.length);
    const webhooks = all.find((n) => n.id === DEMO.versionedPage.id);
    assert.equal(webhooks?.parentId, DEMO.deepPath[4]?.id);
    assert.ok(all.filter((n) => n.parentId === DEMO.bigParent.id).every((n) => typeof n.childPosition === 'number'));
  });

  test('DEMO.bigParent: 320 children in exactly 2 requests, first batch of 250 first', async () => {
    const { client } = makeClient(scan, site());
    const { batches, all } = await collect(client.directChildren({ type: 'page', id: DEMO.bigParent.id }));
    assert.deepEqual(batches.map((b) => b.length), [250, 70]);
    assert.equal(all.length, DEMO.bigParent.childCount);
    assert.equal(all[0]?.id, DEMO.bigParent.firstChildId);
    assert.equal(all[all.length - 1]?.id, DEMO.bigParent.lastChildId);
    const log = requests('/direct-children');
    assert.equal(log.length, 2);
    assert.ok(log.every((r) => r.path.includes('limit=250') && r.status === 200));
  });

  test('the first batch is available before the second is requested', async () => {
    const { client } = makeClient(scan, site());
    const it = client.directChildren({ type: 'page', id: DEMO.bigParent.id })[Symbol.asyncIterator]();
    const first = await it.next();
    assert.equal(first.value?.length, 250);
    assert.equal(requests('/direct-children').length, 1);
    await it.return?.();
  });

  test('children of a page include folders, whiteboards and databases; folder children work too', async () => {
    const { client } = makeClient(scan, site());
    const { all } = await collect(client.directChildren({ type: 'page', id: DEMO.spaces.eng.homepageId }));
    const types = new Set(all.map((n) => n.type));
    for (const t of ['page', 'folder', 'whiteboard', 'database']) { assert.ok(types.has(t as never), t); }
    assert.ok(all.every((n) => typeof n.childPosition === 'number' && n.parentId === DEMO.spaces.eng.homepageId));
    const folder = await collect(client.directChildren({ type: 'folder', id: DEMO.folder.id }));
    assert.deepEqual(folder.all.map((n) => n.id), DEMO.folder.childIds);
    assert.equal(folder.all.find((n) => n.id === DEMO.nestedFolder.id)?.type, 'folder');
  });

  test('descendants: a whole subtree of every content type, top to bottom, in ceil(n/250) requests', async () => {
    const { client } = makeClient(scan, site());
    const { all, batches } = await collect(client.descendants({ type: 'page', id: DEMO.spaces.eng.homepageId }));
    assert.equal(batches.length, Math.ceil(all.length / 250));
    assert.equal(requests('/descendants').length, batches.length);
    assert.ok(requests('/descendants').every((r) => r.path.includes('limit=250') && r.path.includes('depth=10')));
    const depths = all.map((n) => n.depth);
    assert.deepEqual(depths, [...depths].sort((a, b) => a - b));
    assert.equal(all.filter((n) => n.parentId === DEMO.bigParent.id).length, DEMO.bigParent.childCount);
    const leaf = all.find((n) => n.id === DEMO.versionedPage.id);
    assert.equal(leaf?.parentId, DEMO.deepPath[4]?.id);
    for (const t of ['page', 'folder', 'whiteboard', 'database']) { assert.ok(all.some((n) => n.type === t), t); }
    assert.throws(() => client.descendants({ type: 'page', id: DEMO.spaces.eng.homepageId }, 11), /1 to 10 levels/);
  });

  test('ancestors, top down', async () => {
    const { client } = makeClient(scan, site());
    const chain = await client.ancestors(DEMO.versionedPage.id);
    assert.deepEqual(chain.map((a) => a.id), DEMO.deepPath.slice(0, -1).map((p) => p.id));
    assert.ok(chain.every((a) => a.type === 'page'));
  });
});

describe('pages', () => {
  test('getPage: storage body, version and absolute browser links', async () => {
    const { client } = makeClient(scan, site());
    const p = await client.getPage(DEMO.versionedPage.id);
    assert.equal(p.title, DEMO.versionedPage.title);
    assert.equal(p.version.number, DEMO.versionedPage.version);
    assert.equal(p.body?.representation, 'storage');
    assert.equal(p.body?.value, emu.control.pageState(DEMO.versionedPage.id)?.body);
    assert.equal(p.spaceId, DEMO.spaces.eng.id);
    assert.ok(p.webUrl?.startsWith(`${emu.url}/wiki/spaces/ENG/pages/${p.id}`), p.webUrl);
    assert.ok(p.tinyUrl?.startsWith(`${emu.url}/wiki/x/`), p.tinyUrl);
  });

  test('getPage view format, and getPageVersion without a body', async () => {
    const { client } = makeClient(scan, site());
    const view = await client.getPage(DEMO.versionedPage.id, { bodyFormat: 'view' });
    assert.equal(view.body?.representation, 'view');
    const v = await client.getPageVersion(DEMO.versionedPage.id);
    assert.equal(v.version.number, DEMO.versionedPage.version);
    assert.equal(v.body, undefined);
    assert.equal(requests(`/pages/${DEMO.versionedPage.id}`).at(-1)?.path, `/wiki/api/v2/pages/${DEMO.versionedPage.id}`);
  });

  test('permitted operations reflect update restrictions', async () => {
    const writer = makeClient(scan, site(), { credentials: WRITER }).client;
    const ops = await writer.permittedOperations(DEMO.updateRestricted.id);
    assert.ok(ops.some((o) => o.operation === 'read'));
    assert.ok(!ops.some((o) => o.operation === 'update'));
    const own = await writer.permittedOperations(DEMO.versionedPage.id);
    assert.ok(own.some((o) => o.operation === 'update'));
  });

  test('versions list', async () => {
    const { client } = makeClient(scan, site());
    const versions = await client.pageVersions(DEMO.versionedPage.id);
    assert.deepEqual(versions.map((v) => v.number).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6]);
    assert.ok(versions.every((v) => v.createdAt !== ''));
  });

  test('a restricted page is notFound (neutral) without the admin key', async () => {
    const { client } = makeClient(scan, site());
    const e = await expectError(scan, client.getPage(DEMO.restricted.id), 'notFound');
    assert.match(e.message, /don't have permission/);
  });
});

describe('writes', () => {
  test('updatePage writes baseVersion + 1 in the page\'s representation', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const p = await client.getPage(DEMO.versionedPage.id);
    const body = { representation: 'storage', value: `${p.body?.value ?? ''}<p>Added.</p>` };
    const updated = await client.updatePage({ id: p.id, title: p.title, body, baseVersion: p.version.number, message: 'Add a line' });
    assert.equal(updated.version.number, 7);
    const state = emu.control.pageState(p.id);
    assert.equal(state?.version, 7);
    assert.equal(state?.body, body.value);
    assert.equal(state?.versions.at(-1)?.message, 'Add a line');
  });

  test('a stale base version is a conflict carrying the server\'s current version', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const p = await client.getPage(DEMO.versionedPage.id);
    const { version } = emu.control.editPageAsOtherUser(p.id, { body: '<p>Someone else</p>' });
    const e = await expectError(scan, client.updatePage({ id: p.id, title: p.title, body: { representation: 'storage', value: '<p>Mine</p>' },
      baseVersion: p.version.number }), 'conflict');
    assert.equal(e.currentVersion, version);
    assert.equal(e.status, 409);
    assert.equal(emu.control.pageState(p.id)?.body, '<p>Someone else</p>');
    assert.equal(requests(`/pages/${p.id}`).filter((r) => r.method === 'PUT').length, 1);
  });

  test('create, rename, move and delete', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const created = await client.createPage({ spaceId: DEMO.spaces.eng.id, parentId: DEMO.spaces.eng.homepageId, title: 'Client test page',
      body: { representation: 'storage', value: '<p>new</p>' } });
    assert.equal(created.version.number, 1);
    assert.equal(created.parentId, DEMO.spaces.eng.homepageId);
    await client.renamePage(created.id, 'Client test page (renamed)');
    assert.equal(emu.control.pageState(created.id)?.title, 'Client test page (renamed)');
    const current = await client.getPage(created.id);
    const moved = await client.movePage(current, DEMO.deepPath[1]?.id ?? '');
    assert.equal(moved.parentId, DEMO.deepPath[1]?.id);
    assert.equal(emu.control.pageState(created.id)?.body, '<p>new</p>');
    await client.deletePage(created.id);
    assert.equal(emu.control.pageState(created.id)?.status, 'trashed');
    await expectError(scan, client.getPage(created.id), 'notFound');
  });
});

describe('search and restrictions', () => {
  test('CQL search maps content id, space key/name, excerpt and link', async () => {
    const { client } = makeClient(scan, site());
    const results = await client.search(`title = "${DEMO.versionedPage.title}" and type = page`);
    const hit = results.find((r) => r.id === DEMO.versionedPage.id);
    assert.ok(hit, JSON.stringify(results));
    assert.equal(hit.type, 'page');
    assert.equal(hit.title, DEMO.versionedPage.title);
    assert.equal(hit.spaceKey, 'ENG');
    assert.equal(hit.spaceName, 'Engineering');
    assert.ok(hit.webUrl?.startsWith(`${emu.url}/wiki/spaces/ENG/pages/`));
    assert.ok(!hit.excerpt?.includes('@@@'));
    assert.match(requests('/rest/api/search')[0]?.path ?? '', /excerpt=highlight/);
  });

  test('search follows v1 next links up to the limit', async () => {
    const { client } = makeClient(scan, site());
    const results = await client.search('type = page and space = ENG', { limit: 300 });
    assert.equal(results.length, 300);
    assert.equal(new Set(results.map((r) => r.id)).size, 300);
    assert.equal(requests('/rest/api/search').length, 2);
  });

  test('search with bad CQL is invalidInput', async () => {
    const { client } = makeClient(scan, site());
    await expectError(scan, client.search('title = = ('), 'invalidInput');
  });

  test('restrictions of an update-restricted page (read)', async () => {
    const { client } = makeClient(scan, site());
    const r = await client.restrictions(DEMO.updateRestricted.id);
    const update = r.find((x) => x.operation === 'update');
    assert.deepEqual(update?.users.map((u) => u.accountId), [DEMO.updateRestricted.allowedAccountId]);
  });
});

describe('admin key', () => {
  test('get → undefined (404) without ever POSTing; enable → header on every request while the owner says the key is on', async () => {
    const clock = syncedClock();
    const { client, audit, key } = makeClient(scan, site(), { clock });
    assert.equal(await client.getAdminKey(), undefined);
    assert.equal(emu.control.requestLog().filter((r) => r.method === 'POST').length, 0);
    assert.ok(!client.adminKeyActive());

    await expectError(scan, client.getPage(DEMO.restricted.id), 'notFound');
    const status = await client.enableAdminKey(10);
    assert.ok(Math.abs(status.expiresAt - (emu.control.now() + 10 * 60_000)) < 5000);
    assert.equal(status.accountId, DEMO.accounts.admin.accountId);
    assert.ok(!client.adminKeyActive(), 'the client keeps no key state of its own');
    key.set(status.expiresAt);
    assert.ok(client.adminKeyActive());

    const p = await client.getPage(DEMO.restricted.id);
    assert.equal(p.title, DEMO.restricted.title);
    const withKey = requests(`/pages/${DEMO.restricted.id}`).at(-1);
    assert.equal(withKey?.adminKeyHeader, true);
    // Admin-key management calls themselves do not carry the header.
    await client.getAdminKey();
    assert.ok(requests('/admin-key').every((r) => !r.adminKeyHeader));

    assert.deepEqual(audit.map((a) => [a.method, a.path, a.status]), [['GET', `/wiki/api/v2/pages/${DEMO.restricted.id}?body-format=storage`, 200]]);
    assert.equal(audit[0]?.time, clock.now());
    assert.ok(scan.lines.some((l) => l.includes('[admin-key] GET /wiki/api/v2/pages/')));
    assert.ok(emu.control.auditLog().some((a) => a.action === 'admin-key.use' && a.contentId === DEMO.restricted.id));
  });

  test('withoutAdminKey opts a single call out (the "with vs without" comparison)', async () => {
    const { client, key } = makeClient(scan, site(), { clock: syncedClock() });
    key.set((await client.enableAdminKey(5)).expiresAt);
    const withKey = await collect(client.directChildren({ type: 'page', id: DEMO.spaces.eng.homepageId }));
    const without = await collect(client.directChildren({ type: 'page', id: DEMO.spaces.eng.homepageId }, { withoutAdminKey: true }));
    assert.ok(withKey.all.some((n) => n.id === DEMO.restricted.id));
    assert.ok(!without.all.some((n) => n.id === DEMO.restricted.id));
    assert.deepEqual(requests('/direct-children').map((r) => r.adminKeyHeader), [true, false]);
  });

  test('the header stops at expiry by the injected clock, with no request needed', async () => {
    const clock = syncedClock();
    const { client, audit, key } = makeClient(scan, site(), { clock });
    const { expiresAt } = await client.enableAdminKey(10);
    key.set(expiresAt);
    await client.getPageVersion(DEMO.versionedPage.id);
    clock.set(expiresAt - 1);
    assert.ok(client.adminKeyActive());
    clock.set(expiresAt);
    assert.ok(!client.adminKeyActive());
    await client.getPageVersion(DEMO.versionedPage.id);
    assert.deepEqual(requests(`/pages/${DEMO.versionedPage.id}`).map((r) => r.adminKeyHeader), [true, false]);
    assert.equal(audit.length, 1);
  });

  test('getAdminKey reports an existing key; disable is idempotent', async () => {
    const clock = syncedClock();
    const first = makeClient(scan, site(), { clock }).client;
    await first.enableAdminKey(30);
    const second = makeClient(scan, site(), { clock }).client;
    const got = await second.getAdminKey();
    assert.ok(got && got.expiresAt > clock.now());
    await second.disableAdminKey();
    await second.disableAdminKey();
    assert.equal(await first.getAdminKey(), undefined);
    assert.deepEqual(requests('/admin-key').map((r) => [r.method, r.status]),
      [['POST', 200], ['GET', 200], ['DELETE', 204], ['DELETE', 204], ['GET', 404]]);
  });

  test('the owner drives the header directly; audit entries are recorded for failures too', async () => {
    const clock = syncedClock();
    const { client, audit, key } = makeClient(scan, site(), { clock, credentials: WRITER });
    key.set(clock.now() + 60_000);
    emu.control.failNext(1, { drop: true, pathIncludes: '/operations' });
    await client.permittedOperations(DEMO.versionedPage.id);
    assert.deepEqual(audit.map((a) => a.status), [0, 200]);
    key.set(undefined);
    await client.permittedOperations(DEMO.versionedPage.id);
    assert.equal(audit.length, 2);
  });

  test('a non-admin gets undefined from get and notFound from enable', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER, clock: syncedClock() });
    assert.equal(await client.getAdminKey(), undefined);
    await expectError(scan, client.enableAdminKey(10), 'notFound');
    assert.ok(!client.adminKeyActive());
  });

  test('scoped connections never send the header and explain that the key needs a classic token', async () => {
    const clock = syncedClock();
    const { client, audit, key } = makeClient(scan, gateway(), { credentials: SCOPED, clock });
    const e = await expectError(scan, client.getAdminKey(), 'invalidInput');
    assert.match(e.message, /classic/);
    await expectError(scan, client.enableAdminKey(10), 'invalidInput');
    key.set(clock.now() + 60_000);
    assert.ok(!client.adminKeyActive());
    await client.getPageVersion(DEMO.versionedPage.id);
    await client.disableAdminKey();
    assert.ok(emu.control.requestLog().every((r) => !r.adminKeyHeader && !r.path.includes('admin-key')));
    assert.equal(audit.length, 0);
  });
});

describe('gateway (scoped token)', () => {
  test('lists more than 250 children by following relative /wiki next links through /ex/confluence/{cloudId}', async () => {
    const { client } = makeClient(scan, gateway(), { credentials: SCOPED });
    const { batches } = await collect(client.directChildren({ type: 'page', id: DEMO.bigParent.id }));
    assert.deepEqual(batches.map((b) => b.length), [250, 70]);
    const log = requests('/direct-children');
    assert.equal(log.length, 2);
    assert.ok(log.every((r) => r.viaGateway && r.status === 200 && r.path.startsWith(`/ex/confluence/${emu.cloudId}/wiki/api/v2/`)), JSON.stringify(log));
  });

  test('web links point at the site, not the gateway', async () => {
    const { client } = makeClient(scan, gateway(), { credentials: SCOPED });
    const p = await client.getPage(DEMO.versionedPage.id);
    assert.ok(p.webUrl?.startsWith(`${emu.url}/wiki/spaces/ENG/pages/`), p.webUrl);
    const spaces = await client.listAllSpaces();
    assert.ok(spaces.every((s) => s.webUrl?.startsWith(`${emu.url}/wiki/spaces/`)));
  });
});

describe('faults from the emulator', () => {
  test('429 with an absurd Retry-After fails with rateLimited at the maximum; a short one is waited out', async () => {
    const clock = new FakeClock();
    const { client } = makeClient(scan, site(), { clock });
    emu.control.rateLimitNext(1, '9223372036854775807');
    const e = await expectError(scan, client.getPageVersion(DEMO.versionedPage.id), 'rateLimited');
    assert.equal(e.retryAfterMs, 60_000);
    emu.control.rateLimitNext(1, '3');
    await client.getPageVersion(DEMO.versionedPage.id);
    assert.deepEqual(clock.waits, [3000]);
  });

  test('a connection dropped mid-body is retried for GET', async () => {
    const { client } = makeClient(scan, site());
    emu.control.failNext(1, { dropMidBody: true, pathIncludes: `/pages/${DEMO.versionedPage.id}` });
    const p = await client.getPage(DEMO.versionedPage.id);
    assert.equal(p.id, DEMO.versionedPage.id);
    assert.equal(requests(`/pages/${DEMO.versionedPage.id}`).length, 2);
  });

  test('503 then success on GET', async () => {
    const { client } = makeClient(scan, site());
    emu.control.failNext(1, { status: 503 });
    await client.getSpace(DEMO.spaces.eng.id);
    assert.deepEqual(requests(`/spaces/${DEMO.spaces.eng.id}`).map((r) => r.status), [503, 200]);
  });

  test('a hang hits the timeout', async () => {
    const { client } = makeClient(scan, site(), { http: { timeoutMs: 200 } });
    emu.control.failNext(1, { hang: true });
    const e = await expectError(scan, client.getSpace(DEMO.spaces.eng.id), 'timeout');
    assert.ok(!e.message.includes('demo-'));
  });
});

describe('bench seed: a 600-child level', () => {
  let bench: RunningEmulator;
  before(async () => { bench = await startEmulator({ seed: 'bench' }); });
  after(async () => { await bench.close(); });

  test('600 children in exactly ceil(600/250) = 3 requests', async () => {
    const { client } = makeClient(scan, classicConnection(bench.url));
    const [space] = await client.listAllSpaces();
    assert.ok(space?.homepageId);
    const top = await collect(client.directChildren({ type: 'page', id: space.homepageId }));
    let wide: string | undefined;
    for (const n of top.all.filter((c) => c.type === 'page')) {
      bench.control.clearRequestLog();
      const { batches, all } = await collect(client.directChildren({ type: 'page', id: n.id }));
      if (all.length === 600) {
        wide = n.id;
        assert.deepEqual(batches.map((b) => b.length), [250, 250, 100]);
        assert.equal(bench.control.requestLog().length, 3);
        break;
      }
    }
    assert.ok(wide, 'the bench seed has a page with 600 children');
  });
});

describe('isConfluenceAdmin', () => {
  test('admin vs writer from user/current?expand=operations', async () => {
    const admin = makeClient(scan, site()).client;
    const writer = makeClient(scan, site(), { credentials: WRITER }).client;
    assert.equal(await admin.isConfluenceAdmin(), true);
    assert.equal(await writer.isConfluenceAdmin(), false);
  });
});

describe('dispose', () => {
  test('a disposed client closes its connections and refuses further requests', async () => {
    const c = new ConfluenceClient({ connection: site(), credentials: ADMIN, http });
    await c.getPageVersion(DEMO.versionedPage.id);
    await c.dispose();
    const e = await c.getPageVersion(DEMO.versionedPage.id).then(() => undefined, (err: unknown) => err);
    scan.record(e);
    assert.ok(ConfluenceError.is(e, 'cancelled'));
  });
});

scan.declareFinalCheck();
