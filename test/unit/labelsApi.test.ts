// Labels through the client against the emulator: reading a page's and a space's labels, a round trip
// of additions and removals in the fewest requests, Confluence's naming rules checked before any
// request, and restricted content with and without the admin key.

import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { normaliseLabel } from '../../src/confluence/labelsApi';
import type { SiteConnection } from '../../src/confluence/types';
import { DEMO, startEmulator, type RunningEmulator } from '../emulator/index';
import { ADMIN, classicConnection, makeClient, WRITER } from './helpers/clients';
import { FakeClock } from './helpers/fakeClock';
import { expectError, registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();
let emu: RunningEmulator;

before(async () => { emu = await startEmulator({ seed: 'demo' }); });
after(async () => { await emu.close(); });
beforeEach(() => { emu.control.reset(); });

function site(): SiteConnection { return classicConnection(emu.url); }
const labelled = DEMO.organise.labelledPages;
const writes = (): [string, string][] => emu.control.requestLog().filter((r) => r.method !== 'GET').map((r) => [r.method, r.path]);

describe('reading labels', () => {
  test('a page\'s labels, and the labels in use in a space (one request each)', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    assert.deepEqual((await client.pageLabels(labelled.webhooks.id)).map((l) => [l.name, l.prefix]), labelled.webhooks.labels.map((n) => [n, 'global']));
    const used = (await client.spaceLabels(DEMO.spaces.eng.id)).map((l) => l.name);
    assert.ok(used.includes(DEMO.organise.sharedLabel) && used.includes('release-notes'));
    assert.equal(used.filter((n) => n === DEMO.organise.sharedLabel).length, 1, 'each label once');
    assert.ok(!used.includes('security'), 'labels of a page the caller cannot see are left out');
    const log = emu.control.requestLog();
    assert.deepEqual(log.map((r) => r.path), [
      `/wiki/api/v2/pages/${labelled.webhooks.id}/labels?limit=250`, `/wiki/api/v2/spaces/${DEMO.spaces.eng.id}/content/labels?limit=250`,
    ]);
  });
});

describe('changing labels', () => {
  test('round trip: the caller\'s additions go in one request (normalised, once each), each removal in one', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    const page = DEMO.deepPath[2]!.id;
    const after = await client.addLabels(page, ['Runbook', 'how-to/setup', 'runbook ']);
    assert.deepEqual(after.map((l) => l.name), ['runbook', 'how-to/setup']);
    await client.removeLabel(page, 'how-to/setup');
    assert.deepEqual((await client.pageLabels(page)).map((l) => l.name), ['runbook']);
    assert.deepEqual(writes(), [
      ['POST', `/wiki/rest/api/content/${page}/label`],
      ['DELETE', `/wiki/rest/api/content/${page}/label?name=how-to%2Fsetup`],
    ]);
  });

  test('names that break Confluence\'s rules are refused before any request', async () => {
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    for (const bad of ['two words', 'a:b', 'x,y', 'v1.2', 'why?', '#tag', '@me', "it's", '', 'l'.repeat(256)]) {
      await expectError(scan, client.addLabels(DEMO.deepPath[2]!.id, ['fine', bad]), 'invalidInput');
    }
    await expectError(scan, client.addLabels(DEMO.deepPath[2]!.id, []), 'invalidInput');
    await expectError(scan, client.removeLabel(DEMO.deepPath[2]!.id, '  '), 'invalidInput');
    assert.equal(emu.control.requestLog().length, 0);
    assert.equal(normaliseLabel('  Release-Notes_2026 '), 'release-notes_2026');
    assert.equal(normaliseLabel('l'.repeat(255)).length, 255);
  });

  test('a page one may read but not edit is forbidden; a restricted one is notFound until the admin key reveals it', async () => {
    const writer = makeClient(scan, site(), { credentials: WRITER }).client;
    await expectError(scan, writer.addLabels(DEMO.updateRestricted.id, ['mine']), 'forbidden');
    await expectError(scan, writer.removeLabel(DEMO.updateRestricted.id, 'mine'), 'forbidden');
    const clock = new FakeClock(emu.control.now());
    const { client, key, audit } = makeClient(scan, site(), { credentials: ADMIN, clock });
    await expectError(scan, client.pageLabels(labelled.restricted.id), 'notFound');
    await expectError(scan, client.addLabels(labelled.restricted.id, ['reviewed']), 'notFound');
    assert.ok(!(await client.spaceLabels(DEMO.spaces.eng.id)).some((l) => l.name === 'security'));
    key.set((await client.enableAdminKey(5)).expiresAt);
    assert.deepEqual((await client.pageLabels(labelled.restricted.id)).map((l) => l.name), labelled.restricted.labels);
    assert.ok((await client.addLabels(labelled.restricted.id, ['reviewed'])).some((l) => l.name === 'reviewed'));
    assert.ok((await client.spaceLabels(DEMO.spaces.eng.id)).some((l) => l.name === 'security'));
    assert.deepEqual(audit.map((a) => a.method), ['GET', 'POST', 'GET']);
    assert.ok(emu.control.auditLog().some((a) => a.action === 'admin-key.use' && a.method === 'POST' && a.contentId === labelled.restricted.id));
  });
});

scan.declareFinalCheck();
