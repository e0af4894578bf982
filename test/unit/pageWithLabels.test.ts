// A page read with its labels in one request (include-labels), as the tree's tooltip reads it.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, startEmulator, type RunningEmulator } from '../emulator/index';
import { classicConnection, makeClient, WRITER } from './helpers/clients';
import { registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();
let emu: RunningEmulator;

before(async () => { emu = await startEmulator({ seed: 'demo' }); });
after(async () => { await emu.close(); });

test('getPage with includeLabels: version and labels in one request; without it, no labels', async () => {
  const { client } = makeClient(scan, classicConnection(emu.url), { credentials: WRITER });
  const page = DEMO.organise.labelledPages.webhooks;
  emu.control.clearRequestLog();
  const read = await client.getPage(page.id, { bodyFormat: 'none', includeLabels: true });
  assert.deepEqual(read.labels, { names: page.labels, more: false });
  assert.ok(read.version.number >= 1);
  assert.deepEqual(emu.control.requestLog().map((r) => r.path), [`/wiki/api/v2/pages/${page.id}?include-labels=true`]);
  assert.equal((await client.getPageVersion(page.id)).labels, undefined);
  const unlabelled = await client.getPage(DEMO.deepPath[0]!.id, { bodyFormat: 'none', includeLabels: true });
  assert.deepEqual(unlabelled.labels, { names: [], more: false });
});
