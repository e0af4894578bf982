// Quirks mode at the HTTP level, for what the Spaces tree reads to know a whole space: a space's pages
// (depth=all) and a search hit's ancestors come in no particular order; the answers still conform.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, RunningEmulator, startEmulator } from './index';
import { SpecValidator } from './openapi';
import { basic, call, j, results } from './testHelpers';

let quirky: RunningEmulator;
let plain: RunningEmulator;
let spec: SpecValidator;
const writer = basic(DEMO.accounts.writer.email, DEMO.accounts.writer.token);

before(async () => {
  [quirky, plain, spec] = await Promise.all([startEmulator({ quirks: true }), startEmulator({ quirks: false }), SpecValidator.load()]);
});
after(async () => { await Promise.all([quirky.close(), plain.close()]); });

async function listAll(emu: RunningEmulator, first: string): Promise<Record<string, unknown>[]> {
  const all: Record<string, unknown>[] = [];
  let next: string | undefined = first;
  while (next) {
    const r = await call(emu.url, 'GET', next, { auth: writer });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(spec.check({ method: 'GET', url: next, status: r.status, headers: r.headers, body: r.body }), []);
    all.push(...results(r.body));
    const link = j(r.body, '_links', 'next');
    next = typeof link === 'string' ? link : undefined;
  }
  return all;
}

describe('a space\'s pages and the search for other content', () => {
  test('depth=all lists every page once, in no particular order, across pages of any size', async () => {
    const url = (limit: number) => `/wiki/api/v2/spaces/${DEMO.spaces.eng.id}/pages?depth=all&limit=${limit}`;
    const ordered = (await listAll(plain, url(250))).map((p) => String(p.id));
    const shuffled = (await listAll(quirky, url(250))).map((p) => String(p.id));
    assert.deepEqual([...shuffled].sort(), [...ordered].sort());
    assert.notDeepEqual(shuffled, ordered, 'not in id order');
    assert.deepEqual((await listAll(quirky, url(97))).map((p) => String(p.id)), shuffled, 'cursors stay consistent');
    const sorted = (await listAll(quirky, `${url(250)}&sort=id`)).map((p) => String(p.id));
    assert.deepEqual(sorted, ordered, 'an explicit sort is honoured');
  });

  test('a search hit\'s ancestors are all there, never with the parent last', async () => {
    const cql = encodeURIComponent(`space = "${DEMO.spaces.eng.key}" AND type in (folder, whiteboard, database, embed)`);
    const [q] = await listAll(quirky, `/wiki/rest/api/search?cql=${cql}&limit=250&expand=content.ancestors`).then((hits) =>
      hits.filter((h) => j(h, 'content', 'id') === DEMO.deepContent.whiteboard.id));
    const ancestors = (j(q, 'content', 'ancestors') as { id: string }[]).map((a) => a.id);
    assert.deepEqual([...ancestors].sort(), DEMO.deepPath.map((p) => p.id).sort());
    assert.notEqual(ancestors[ancestors.length - 1], DEMO.deepPath[5]!.id);
  });
});
