// Conformance of what the organise UI added to the emulator: a page read with `include-labels=true`
// carries the page's labels (the tree's tooltip shows them without a second request), validated
// against Atlassian's OpenAPI document like conformance.test.ts does.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, RunningEmulator, startEmulator } from './index';
import { SpecValidator } from './openapi';
import { basic, call } from './testHelpers';

let emu: RunningEmulator;
let spec: SpecValidator;
const writer = basic(DEMO.accounts.writer.email, DEMO.accounts.writer.token);
const V2 = '/wiki/api/v2';

before(async () => {
  [emu, spec] = await Promise.all([startEmulator(), SpecValidator.load()]);
});
after(async () => { await emu.close(); });

describe('GET /pages/{id} with include-labels', () => {
  test('answers the page with its labels, conforming to the document', async () => {
    const page = DEMO.organise.labelledPages.architecture;
    const url = `${V2}/pages/${page.id}?include-labels=true`;
    const r = await call(emu.url, 'GET', url, { auth: writer });
    assert.equal(r.status, 200);
    assert.deepEqual(spec.check({ method: 'GET', url, status: r.status, headers: r.headers, body: r.body }), []);
    const labels = (r.body as { labels?: { results: { name: string; prefix: string }[]; meta: { hasMore: boolean } } }).labels;
    assert.deepEqual(labels?.results.map((l) => l.name).sort(), [...page.labels].sort());
    assert.equal(labels?.meta.hasMore, false);
  });

  test('leaves the labels out unless asked', async () => {
    const r = await call(emu.url, 'GET', `${V2}/pages/${DEMO.organise.labelledPages.architecture.id}`, { auth: writer });
    assert.equal((r.body as { labels?: unknown }).labels, undefined);
  });
});
