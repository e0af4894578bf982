// The client's history operations against the emulator over real HTTP: the version list newest first
// in batches of 250 (request counts from the emulator's log), one version's details, one version's
// body, and a restricted page with and without the admin key.

import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { SiteConnection } from '../../src/confluence/types';
import { DEMO, startEmulator, type RunningEmulator } from '../emulator/index';
import { classicConnection, collect, makeClient, WRITER } from './helpers/clients';
import { FakeClock } from './helpers/fakeClock';
import { expectError, registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();
let emu: RunningEmulator;
const H = DEMO.longHistory;

before(async () => { emu = await startEmulator({ seed: 'demo' }); });
after(async () => { await emu.close(); });
beforeEach(() => { emu.control.reset(); });

function site(): SiteConnection { return classicConnection(emu.url); }
function requests(fragment = '/wiki/api/v2/'): { method: string; path: string; adminKeyHeader: boolean; status: number }[] {
  return emu.control.requestLog().filter((r) => r.path.includes(fragment));
}

describe('page history', () => {
  test(`${H.versions} versions newest first in two requests: a first batch of 250 that says more is coming`, async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const seen: { size: number; hasMore: boolean | undefined; requestsSoFar: number }[] = [];
    const all: number[] = [];
    for await (const batch of client.pageHistory(H.id)) {
      seen.push({ size: batch.length, hasMore: (batch as { hasMore?: boolean }).hasMore, requestsSoFar: requests().length });
      all.push(...batch.map((v) => v.number));
    }
    assert.deepEqual(seen, [{ size: 250, hasMore: true, requestsSoFar: 1 }, { size: H.versions - 250, hasMore: false, requestsSoFar: 2 }]);
    assert.deepEqual(all, Array.from({ length: H.versions }, (_, i) => H.versions - i));
    assert.ok(requests().every((r) => r.path.includes('limit=250') && r.path.includes('sort=-modified-date')));
  });

  test('versions carry author, time, message and minor-edit flag as stored', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const { all } = await collect(client.pageHistory(DEMO.versionedPage.id));
    const stored = emu.control.pageState(DEMO.versionedPage.id)?.versions ?? [];
    assert.deepEqual(all.map((v) => [v.number, v.authorId, v.message ?? '']), [...stored].reverse().map((v) => [v.number, v.authorId, v.message]));
    assert.equal(all.find((v) => v.number === 3)?.minorEdit, true);
    assert.ok(all.every((v) => !Number.isNaN(Date.parse(v.createdAt))));
  });

  test('version details name the neighbouring versions', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const d = await client.versionDetails(H.id, 100);
    assert.deepEqual([d.number, d.prevVersion, d.nextVersion, d.message, d.minorEdit], [100, 99, 101, 'Weekly review 10', false]);
    assert.deepEqual(d.collaborators, [d.authorId]);
    const first = await client.versionDetails(H.id, 1);
    assert.deepEqual([first.prevVersion, first.nextVersion], [undefined, 2]);
    const last = await client.versionDetails(H.id, H.versions);
    assert.equal(last.nextVersion, undefined);
    await expectError(scan, client.versionDetails(H.id, H.versions + 1), 'notFound');
    await expectError(scan, client.versionDetails(H.id, 0), 'invalidInput');
    assert.equal(requests().length, 4);
  });

  test('a version\'s body is byte for byte what that version stored, in one request; old ones are historical', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const stored = emu.control.pageState(DEMO.versionedPage.id)?.versions ?? [];
    const old = await client.versionBody(DEMO.versionedPage.id, 2);
    assert.deepEqual([old.status, old.version.number, old.title, old.body.value], ['historical', 2, DEMO.versionedPage.title, stored[1]?.body]);
    const current = await client.versionBody(DEMO.versionedPage.id, DEMO.versionedPage.version);
    assert.deepEqual([current.status, current.body.value], ['current', stored.at(-1)?.body]);
    assert.deepEqual(requests().map((r) => r.path), [
      `/wiki/api/v2/pages/${DEMO.versionedPage.id}?version=2&body-format=storage`,
      `/wiki/api/v2/pages/${DEMO.versionedPage.id}?version=${DEMO.versionedPage.version}&body-format=storage`,
    ]);
    await expectError(scan, client.versionBody(DEMO.versionedPage.id, 99), 'notFound');
  });
});

describe('a read-restricted page', () => {
  test('notFound without the admin key; with it history, details and bodies read with the header, audited', async () => {
    const clock = new FakeClock(emu.control.now());
    const { client, key, audit } = makeClient(scan, site(), { clock });
    const page = DEMO.restricted.id;
    await expectError(scan, collect(client.pageHistory(page)), 'notFound');
    await expectError(scan, client.versionDetails(page, 1), 'notFound');
    await expectError(scan, client.versionBody(page, 1), 'notFound');
    key.set((await client.enableAdminKey(10)).expiresAt);
    emu.control.clearRequestLog();
    const { all } = await collect(client.pageHistory(page));
    assert.deepEqual(all.map((v) => v.number), [1]);
    assert.equal((await client.versionDetails(page, 1)).number, 1);
    assert.equal((await client.versionBody(page, 1)).body.value, emu.control.pageState(page)?.body);
    assert.ok(requests().every((r) => r.adminKeyHeader && r.status === 200));
    assert.equal(audit.length, 3);
    assert.deepEqual(emu.control.auditLog().filter((a) => a.action === 'admin-key.use').map((a) => a.contentId), [page, page, page]);
  });
});

scan.declareFinalCheck();
