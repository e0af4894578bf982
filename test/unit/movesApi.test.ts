// Moving pages through the client against the emulator: before/after/append, across spaces, the
// refusals as Confluence gives them, the "someone moved it meanwhile" check, and restricted pages
// with and without the admin key.

import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { SiteConnection } from '../../src/confluence/types';
import { DEMO, startEmulator, type RunningEmulator } from '../emulator/index';
import { ADMIN, classicConnection, collect, makeClient, WRITER } from './helpers/clients';
import { FakeClock } from './helpers/fakeClock';
import { expectError, registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();
let emu: RunningEmulator;

before(async () => { emu = await startEmulator({ seed: 'demo' }); });
after(async () => { await emu.close(); });
beforeEach(() => { emu.control.reset(); });

function site(): SiteConnection { return classicConnection(emu.url); }
const moves = (): { method: string; path: string; adminKeyHeader: boolean }[] => emu.control.requestLog().filter((r) => r.path.includes('/move/'));
const arch = (): string => DEMO.deepPath[1]!.id;

async function children(parent: { type: 'page' | 'folder'; id: string }): Promise<string[]> {
  const { client } = makeClient(scan, site(), { credentials: WRITER });
  return (await collect(client.directChildren(parent))).all.map((n) => n.id);
}

describe('move', () => {
  test('append, before and after each cost one request and come back in that order in the listing', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    await client.move(DEMO.extraRootPage.id, 'append', arch());
    const kids = await children({ type: 'page', id: arch() });
    assert.equal(kids.at(-1), DEMO.extraRootPage.id);
    await client.move(DEMO.extraRootPage.id, 'before', kids[0]!);
    assert.equal((await children({ type: 'page', id: arch() }))[0], DEMO.extraRootPage.id);
    await client.move(DEMO.extraRootPage.id, 'after', kids[0]!);
    assert.deepEqual((await children({ type: 'page', id: arch() })).slice(0, 2), [kids[0], DEMO.extraRootPage.id]);
    assert.deepEqual(moves().map((r) => [r.method, r.path]), [
      ['PUT', `/wiki/rest/api/content/${DEMO.extraRootPage.id}/move/append/${arch()}`],
      ['PUT', `/wiki/rest/api/content/${DEMO.extraRootPage.id}/move/before/${kids[0]!}`],
      ['PUT', `/wiki/rest/api/content/${DEMO.extraRootPage.id}/move/after/${kids[0]!}`],
    ]);
  });

  test('into a folder, and to another space with everything below the page', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    await client.move(DEMO.extraRootPage.id, 'append', DEMO.folder.id);
    assert.equal((await children({ type: 'folder', id: DEMO.folder.id })).at(-1), DEMO.extraRootPage.id);
    const payments = DEMO.deepPath[3]!.id;
    await client.move(payments, 'append', DEMO.prodPages.roadmap.id);
    for (const id of [payments, DEMO.deepPath[4]!.id, DEMO.deepPath[5]!.id]) {
      assert.equal((await client.getPageVersion(id)).spaceId, DEMO.spaces.prod.id);
    }
  });

  test('refusals: loop and title clash (invalidInput with Confluence\'s reason), no edit permission (forbidden), unseen (notFound)', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    await expectError(scan, client.move(arch(), 'append', DEMO.deepPath[4]!.id), 'invalidInput');
    await client.createPage({ spaceId: DEMO.spaces.prod.id, title: DEMO.extraRootPage.title, body: { representation: 'storage', value: '<p>x</p>' } });
    const clash = await expectError(scan, client.move(DEMO.extraRootPage.id, 'append', DEMO.prodPages.roadmap.id), 'invalidInput');
    assert.match(clash.message, /already exists/);
    const forbidden = await expectError(scan, client.move(DEMO.updateRestricted.id, 'append', arch()), 'forbidden');
    assert.equal(forbidden.status, 403);
    await expectError(scan, client.move(DEMO.restricted.id, 'append', arch()), 'notFound');
    await expectError(scan, client.move(DEMO.extraRootPage.id, 'append', DEMO.restricted.id), 'notFound');
  });

  test('bad input is refused before any request', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    await expectError(scan, client.move('../admin-key', 'append', arch()), 'invalidInput');
    await expectError(scan, client.move(DEMO.extraRootPage.id, 'inside' as 'append', arch()), 'invalidInput');
    await expectError(scan, client.move(arch(), 'after', arch()), 'invalidInput');
    assert.equal(emu.control.requestLog().length, 0);
  });

  test('someone else moved it meanwhile: with the parent the caller saw, the move is refused as a conflict and nothing moves', async () => {
    const mine = makeClient(scan, site(), { credentials: WRITER }).client;
    const theirs = makeClient(scan, site(), { credentials: { email: DEMO.accounts.other.email, token: DEMO.accounts.other.token } }).client;
    const seenParent = DEMO.deepPath[1]!.id; // Services is under Architecture
    const services = DEMO.deepPath[2]!.id;
    await theirs.move(services, 'append', DEMO.folder.id);
    const e = await expectError(scan, mine.move(services, 'append', DEMO.prodPages.roadmap.id, { expectedParentId: seenParent }), 'conflict');
    assert.match(e.message, /moved this page .* since you last saw it/);
    assert.equal(emu.control.pageState(services)?.parentId, DEMO.folder.id, 'the page stayed where the other person put it');
    assert.equal(moves().length, 1, 'only their move reached Confluence');
    await mine.move(services, 'after', DEMO.folder.childIds[0]!, { expectedParentId: DEMO.folder.id });
    assert.equal(emu.control.pageState(services)?.parentId, DEMO.folder.id);
  });

  test('a restricted page moves only through the admin key: notFound without it, moved and audited with it', async () => {
    const clock = new FakeClock(emu.control.now());
    const { client, audit, key } = makeClient(scan, site(), { credentials: ADMIN, clock });
    await expectError(scan, client.move(DEMO.restricted.id, 'append', arch()), 'notFound');
    key.set((await client.enableAdminKey(5)).expiresAt);
    await client.move(DEMO.restricted.id, 'append', arch());
    assert.equal(emu.control.pageState(DEMO.restricted.id)?.parentId, arch());
    assert.deepEqual(moves().map((r) => r.adminKeyHeader), [false, true]);
    assert.deepEqual(audit.map((a) => [a.method, a.status]), [['PUT', 200]]);
    assert.ok(emu.control.auditLog().some((a) => a.action === 'admin-key.use' && a.contentId === DEMO.restricted.id));
  });
});

scan.declareFinalCheck();
