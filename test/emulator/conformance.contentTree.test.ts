// Conformance of what the Spaces tree reads to know a whole space (see conformance.test.ts for how
// responses are checked): every page with parent and position, the search for folders, whiteboards,
// databases and embeds with their ancestors, and those items by id.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, RunningEmulator, startEmulator } from './index';
import { SpecValidator } from './openapi';
import { basic, call, j, results, type Res } from './testHelpers';

let emu: RunningEmulator;
let spec: SpecValidator;
const writer = basic(DEMO.accounts.writer.email, DEMO.accounts.writer.token);
const V2 = '/wiki/api/v2';

async function conform(method: string, url: string, expected: number, auth: string | null = writer): Promise<Res> {
  const r = await call(emu.url, method, url, auth ? { auth } : {});
  assert.equal(r.status, expected, `${method} ${url} -> ${r.status} ${r.text.slice(0, 300)}`);
  assert.deepEqual(spec.check({ method, url, status: r.status, headers: r.headers, body: r.body }), [], `${method} ${url} does not conform`);
  return r;
}

before(async () => { [emu, spec] = await Promise.all([startEmulator(), SpecValidator.load()]); });
after(async () => { await emu.close(); });

describe('a space\'s whole content tree', () => {
  test('GET /spaces/{id}/pages?depth=all: current and archived pages with parentId, parentType and position', async () => {
    const r = await conform('GET', `${V2}/spaces/${DEMO.spaces.eng.id}/pages?depth=all&limit=250`, 200);
    const first = results(r.body);
    assert.equal(first.length, 250);
    assert.ok(first.every((p) => typeof p.position === 'number'));
    const next = j(r.body, '_links', 'next');
    assert.equal(typeof next, 'string');
    const rest = results((await conform('GET', String(next), 200)).body);
    const inFolder = [...first, ...rest].find((p) => p.id === DEMO.deepContent.folderPage.id);
    assert.deepEqual([inFolder?.parentId, inFolder?.parentType], [DEMO.deepContent.folder.id, 'folder']);
  });

  test('GET /wiki/rest/api/search for every folder, whiteboard, database and embed, with ancestors', async () => {
    const cql = `space = "${DEMO.spaces.eng.key}" AND type in (folder, whiteboard, database, embed)`;
    const r = await conform('GET', `/wiki/rest/api/search?cql=${encodeURIComponent(cql)}&limit=250&excerpt=none&expand=content.ancestors&includeArchivedSpaces=true`, 200);
    const hits = results(r.body).map((x) => x.content as { id: string; type: string; ancestors: { id: string }[] });
    assert.deepEqual([...new Set(hits.map((h) => h.type))].sort(), ['database', 'embed', 'folder', 'whiteboard']);
    const root = hits.find((h) => h.id === DEMO.rootFolder.id);
    assert.deepEqual(root?.ancestors, [], 'a root folder has no ancestors');
    const deep = hits.find((h) => h.id === DEMO.deepContent.whiteboard.id);
    assert.deepEqual(deep?.ancestors.map((a) => a.id), DEMO.deepPath.map((p) => p.id), 'top down, the parent last');
    assert.ok(!hits.some((h) => h.type === 'page'));
  });

  test('GET /whiteboards/{id}, /databases/{id}, /embeds/{id}: parent and position', async () => {
    const wb = await conform('GET', `${V2}/whiteboards/${DEMO.deepContent.whiteboard.id}`, 200);
    assert.deepEqual([j(wb.body, 'parentId'), j(wb.body, 'parentType'), j(wb.body, 'position')], [DEMO.deepPath[5]!.id, 'page', 0]);
    await conform('GET', `${V2}/whiteboards/${DEMO.whiteboard.id}?include-direct-children=false`, 200);
    await conform('GET', `${V2}/databases/${DEMO.database.id}`, 200);
    const embed = await conform('GET', `${V2}/embeds/${DEMO.deepContent.embed.id}`, 200);
    assert.equal(j(embed.body, 'type'), 'embed');
    await conform('GET', `${V2}/whiteboards/${DEMO.database.id}`, 404);
    await conform('GET', `${V2}/databases/1`, 404);
    await conform('GET', `${V2}/embeds/abc`, 400);
    await conform('GET', `${V2}/whiteboards/${DEMO.whiteboard.id}`, 401, null);
  });
});
