// Folders through the client against the emulator: create (space root, under a page, under a
// folder), rename on top of a known version (409 when someone renamed it first), trash (what was
// inside moves up), and restricted parents.

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

describe('folders', () => {
  test('created at the space root, under a page and under a folder; read back', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const root = await client.createFolder({ spaceId: DEMO.spaces.eng.id, title: 'Handbooks' });
    assert.equal(root.parentId, undefined);
    assert.equal(root.spaceId, DEMO.spaces.eng.id);
    assert.equal(root.version, 1);
    assert.equal(root.webUrl, `${emu.url}/wiki/spaces/ENG/folder/${root.id}`);
    const underPage = await client.createFolder({ spaceId: DEMO.spaces.eng.id, title: 'Diagrams', parentId: DEMO.deepPath[1]!.id });
    assert.equal(underPage.parentType, 'page');
    const nested = await client.createFolder({ spaceId: DEMO.spaces.eng.id, title: 'Old diagrams', parentId: underPage.id });
    assert.deepEqual(await client.getFolder(nested.id), nested);
    const { all } = await collect(client.directChildren({ type: 'folder', id: underPage.id }));
    assert.deepEqual(all.map((n) => [n.id, n.type]), [[nested.id, 'folder']]);
  });

  test('renamed on top of the version the caller saw; a rename by someone else first is a conflict naming the current version', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const seen = await client.getFolder(DEMO.folder.id);
    const other = makeClient(scan, site(), { credentials: { email: DEMO.accounts.other.email, token: DEMO.accounts.other.token } }).client;
    assert.deepEqual(await other.renameFolder(DEMO.folder.id, 'Runbooks (ops)'), { id: DEMO.folder.id, title: 'Runbooks (ops)', version: 2 });
    const e = await expectError(scan, client.renameFolder(DEMO.folder.id, 'Operations runbooks', { baseVersion: seen.version }), 'conflict');
    assert.equal(e.currentVersion, 2);
    assert.equal((await client.getFolder(DEMO.folder.id)).title, 'Runbooks (ops)', 'nothing was overwritten');
    const renamed = await client.renameFolder(DEMO.folder.id, 'Operations runbooks', { baseVersion: 2 });
    assert.equal(renamed.version, 3);
    const puts = emu.control.requestLog().filter((r) => r.method === 'PUT').map((r) => r.path);
    assert.deepEqual(new Set(puts), new Set([`/wiki/rest/api/content/${DEMO.folder.id}`]));
    await expectError(scan, client.renameFolder(DEMO.folder.id, '   '), 'invalidInput');
    await expectError(scan, client.createFolder({ spaceId: DEMO.spaces.eng.id, title: 'x'.repeat(256) }), 'invalidInput');
  });

  test('trashed: gone from reads, and what was inside is now under the folder\'s parent', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    await client.deleteFolder(DEMO.folder.id);
    await expectError(scan, client.getFolder(DEMO.folder.id), 'notFound');
    await expectError(scan, client.deleteFolder(DEMO.folder.id), 'notFound');
    const { all } = await collect(client.directChildren({ type: 'page', id: DEMO.spaces.eng.homepageId }));
    const ids = all.map((n) => n.id);
    assert.ok(DEMO.folder.childIds.every((id) => ids.includes(id)));
  });

  test('a restricted parent is notFound without the admin key and accepted with it', async () => {
    const clock = new FakeClock(emu.control.now());
    const { client, key, audit } = makeClient(scan, site(), { credentials: ADMIN, clock });
    await expectError(scan, client.createFolder({ spaceId: DEMO.spaces.eng.id, title: 'Evidence', parentId: DEMO.restricted.id }), 'notFound');
    await expectError(scan, client.createFolder({ spaceId: '424242', title: 'Nowhere' }), 'notFound');
    key.set((await client.enableAdminKey(5)).expiresAt);
    const f = await client.createFolder({ spaceId: DEMO.spaces.eng.id, title: 'Evidence', parentId: DEMO.restricted.id });
    assert.equal(f.parentId, DEMO.restricted.id);
    assert.deepEqual(audit.map((a) => [a.method, a.status]), [['POST', 200]]);
  });
});

scan.declareFinalCheck();
