// The history list's pager against the emulator over real HTTP: one request per 250 versions, the next
// batch only when asked for, concurrent asks sharing one request, no request after the last batch; and
// how a version reads in the list.

import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VersionPager, versionText } from '../../src/history/model/versionPager';
import { DEMO, startEmulator, type RunningEmulator } from '../emulator/index';
import { classicConnection, makeClient, WRITER } from './helpers/clients';
import { registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();
let emu: RunningEmulator;
const H = DEMO.longHistory;

before(async () => { emu = await startEmulator({ seed: 'demo' }); });
after(async () => { await emu.close(); });

describe('the history pager', () => {
  test(`${H.versions} versions: 250, then the rest on the next ask, then nothing more to ask for`, async () => {
    const { client } = makeClient(scan, classicConnection(emu.url), { credentials: WRITER });
    emu.control.clearRequestLog();
    const pager = new VersionPager(client.pageHistory(H.id));
    assert.equal(emu.control.requestLog().length, 0, 'nothing is read before the list asks');
    const [first, same] = await Promise.all([pager.loadMore(), pager.loadMore()]);
    assert.equal(first, same, 'concurrent asks share one batch');
    assert.equal(first.length, 250);
    assert.equal(pager.versions[0]?.number, H.versions, 'newest first');
    assert.ok(pager.hasMore);
    assert.equal((await pager.loadMore()).length, H.versions - 250);
    assert.equal(pager.versions.length, H.versions);
    assert.equal(pager.hasMore, false, 'the last batch said so: no request to find out');
    assert.deepEqual(await pager.loadMore(), []);
    assert.equal(emu.control.requestLog().length, 2);
  });

  test('a version in the list: number, author (or you), time, current, minor edit and message', () => {
    const v = { number: 30, createdAt: '2026-01-02T03:04:05.000Z', authorId: 'oscar', minorEdit: true, message: 'Weekly review 3' };
    assert.deepEqual(versionText(v, new Map([['oscar', 'Oscar Other']]), { current: 30, me: 'alex' }),
      { label: 'v30', description: 'Oscar Other · 2026-01-02 03:04 UTC', detail: 'current, minor edit · “Weekly review 3”' });
    assert.deepEqual(versionText({ number: 2, createdAt: '2026-01-01T00:00:00.000Z', authorId: 'alex' }, new Map(), { me: 'alex' }),
      { label: 'v2', description: 'you · 2026-01-01 00:00 UTC' });
  });
});
