// The client against the emulator in quirks mode: what real sites do where Atlassian promises nothing.
// Each case failed on the client as it was before it learnt to cope. The tree's read-ahead in both
// modes: spaceHierarchy.test.ts.

import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { detectConnection } from '../../src/confluence/connectionDetection';
import type { SiteConnection } from '../../src/confluence/types';
import { DEMO, EXPIRED_TOKEN, READ_ONLY_SCOPED_TOKEN, startEmulator, type RunningEmulator } from '../emulator/index';
import { ADMIN, classicConnection, collect, makeClient, USER_AGENT, WRITER } from './helpers/clients';
import { FakeClock } from './helpers/fakeClock';
import { expectError, registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();
let emu: RunningEmulator;
const http = { userAgent: USER_AGENT, env: {}, random: () => 0.5, logger: scan.logger };

before(async () => { emu = await startEmulator({ seed: 'demo', quirks: true }); });
after(async () => { await emu.close(); });
beforeEach(() => { emu.control.reset(); });

function site(): SiteConnection { return classicConnection(emu.url); }
function gateway(): SiteConnection {
  return { siteOrigin: emu.url, apiBase: `${emu.url}/ex/confluence/${emu.cloudId}`, tokenKind: 'scoped', cloudId: emu.cloudId };
}
const requests = (fragment: string) => emu.control.requestLog().filter((r) => r.path.includes(fragment));
const webhooks = DEMO.deepPath[5]?.id ?? '';

describe('credentials on a real site', () => {
  test('a v2 404 with rejected credentials is confirmed through v1 and reported as rejected credentials', async () => {
    const { client } = makeClient(scan, site(), { credentials: { email: ADMIN.email, token: EXPIRED_TOKEN } });
    const e = await expectError(scan, client.getPage(DEMO.deepPath[1]?.id ?? ''), 'unauthorized');
    assert.equal(e.reason, 'rejected');
    assert.match(e.message, /expire/);
    assert.equal(requests('/user/current').length, 1);
  });

  test('a v2 404 right after a success is taken at its word: no extra request on the normal path', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    await client.getPage(DEMO.deepPath[1]?.id ?? '');
    await expectError(scan, client.getPage(DEMO.restricted.id), 'notFound');
    await client.getAdminKey().catch(() => undefined);
    assert.equal(requests('/user/current').length, 0);
  });

  test('a scoped token without a write scope: the write fails as a missing scope, naming it; reads go on', async () => {
    const { client } = makeClient(scan, gateway(), { credentials: { email: ADMIN.email, token: READ_ONLY_SCOPED_TOKEN } });
    const page = await client.getPage(DEMO.deepPath[1]?.id ?? '', { bodyFormat: 'storage' });
    const e = await expectError(scan, client.updatePage({ id: page.id, title: page.title, body: { representation: 'storage', value: '<p>x</p>' }, baseVersion: page.version.number }), 'unauthorized');
    assert.equal(e.reason, 'scope');
    assert.equal(e.scope, 'write:page:confluence');
    assert.equal((await client.getPage(page.id)).id, page.id);
  });

  test('sign-in tells a read-only scoped token (works, through the gateway) from an expired one (rejected)', async () => {
    const ok = await detectConnection(emu.url, { email: ADMIN.email, token: READ_ONLY_SCOPED_TOKEN }, http);
    assert.equal(ok.connection.tokenKind, 'scoped');
    const e = await expectError(scan, detectConnection(emu.url, { email: ADMIN.email, token: EXPIRED_TOKEN }, http), 'unauthorized');
    assert.equal(e.reason, 'rejected');
    assert.match(e.message, /expire after at most a year/);
    assert.match(e.message, /id\.atlassian\.com\/manage-profile\/security\/api-tokens/);
  });
});

describe('rate limits and deprecation on a real site', () => {
  test('a 429 without Retry-After waits what Beta-Retry-After says', async () => {
    const { client, clock } = makeClient(scan, site(), { credentials: WRITER, clock: new FakeClock(emu.control.now()) });
    emu.control.rateLimitNext(1, '4');
    await client.getPage(DEMO.deepPath[1]?.id ?? '');
    assert.deepEqual(clock.waits, [4000]);
  });

  test('the v1 deprecation warning is logged once per endpoint', async () => {
    const before = scan.lines.filter((l) => l.includes('is deprecated')).length;
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    await client.currentUser();
    await client.currentUser();
    await client.search('title ~ "Webhooks"');
    const logged = scan.lines.filter((l) => l.includes('is deprecated')).slice(before);
    assert.equal(logged.length, 2, logged.join('\n'));
  });
});

scan.declareFinalCheck();
