// Conformance: every operation the emulator serves, success and error paths, validated against
// Atlassian's published OpenAPI documents (status declared for the operation, body schema, declared
// headers). 409/413/429 are declared nowhere in the v2 document although Confluence returns them
// (docs/CONFLUENCE-API.md), so those are checked against the v2 error body shape Confluence sends instead.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, RunningEmulator, startEmulator } from './index';
import { SpecValidator } from './openapi';
import { basic, call, j, Res, results } from './testHelpers';

let emu: RunningEmulator;
let spec: SpecValidator;
const admin = basic(DEMO.accounts.admin.email, DEMO.accounts.admin.token);
const writer = basic(DEMO.accounts.writer.email, DEMO.accounts.writer.token);
const V2 = '/wiki/api/v2';

async function conform(method: string, url: string, expected: number, opts: Parameters<typeof call>[3] = { auth: writer }): Promise<Res> {
  const r = await call(emu.url, method, url, opts);
  assert.equal(r.status, expected, `${method} ${url} -> ${r.status} ${r.text.slice(0, 300)}`);
  const problems = spec.check({ method, url, status: r.status, headers: r.headers, body: r.body });
  assert.deepEqual(problems, [], `${method} ${url} does not conform`);
  return r;
}

before(async () => {
  [emu, spec] = await Promise.all([startEmulator(), SpecValidator.load()]);
});
after(async () => { await emu.close(); });

describe('the validator itself', () => {
  test('rejects a body of the wrong shape (so these tests can fail)', () => {
    const problems = spec.check({ method: 'GET', url: `${V2}/spaces/1`, status: 200, headers: {}, body: { id: 5, key: ['ENG'], type: 'nonsense', createdAt: 'yesterday' } });
    assert.ok(problems.some(p => p.includes('/id')), problems.join('\n'));
    assert.ok(problems.some(p => p.includes('/key')), problems.join('\n'));
    assert.ok(problems.some(p => p.includes('/type')), problems.join('\n'));
    assert.ok(problems.some(p => p.includes('/createdAt')), problems.join('\n'));
  });
  test('rejects undeclared statuses, malformed error bodies and unknown operations', () => {
    assert.notDeepEqual(spec.check({ method: 'GET', url: `${V2}/spaces/1`, status: 418, headers: {}, body: undefined }), []);
    assert.notDeepEqual(spec.check({ method: 'GET', url: `${V2}/spaces/1`, status: 404, headers: {}, body: { message: 'nope' } }), []);
    assert.notDeepEqual(spec.check({ method: 'PUT', url: `${V2}/pages/1`, status: 409, headers: {}, body: { errors: [{ status: 409 }] } }), []);
    assert.notDeepEqual(spec.check({ method: 'GET', url: `${V2}/no-such-thing`, status: 200, headers: {}, body: {} }), []);
    assert.notDeepEqual(spec.check({ method: 'GET', url: `${V2}/pages/1/versions`, status: 200, headers: {}, body: { results: [{ number: 'one' }] } }), []);
  });
});

describe('v2 spaces', () => {
  test('GET /spaces', async () => {
    const r = await conform('GET', `${V2}/spaces?limit=2`, 200);
    assert.ok(r.headers.link, 'Link header on a paginated listing');
    await conform('GET', `${V2}/spaces`, 200);
    await conform('GET', `${V2}/spaces?type=personal&description-format=plain&include-icon=true`, 200);
    await conform('GET', `${V2}/spaces?status=archived&sort=-name&description-format=view`, 200);
    await conform('GET', `${V2}/spaces?keys=ENG,PROD&ids=${DEMO.spaces.eng.id}`, 200);
    await conform('GET', `${V2}/spaces?limit=0`, 400);
    await conform('GET', `${V2}/spaces?cursor=garbage!!`, 400);
    await conform('GET', `${V2}/spaces`, 401, {});
  });
  test('GET /spaces/{id}', async () => {
    await conform('GET', `${V2}/spaces/${DEMO.spaces.eng.id}`, 200);
    await conform('GET', `${V2}/spaces/${DEMO.spaces.personal.id}?description-format=view&include-icon=true`, 200);
    await conform('GET', `${V2}/spaces/1`, 404);
    await conform('GET', `${V2}/spaces/abc`, 400);
    await conform('GET', `${V2}/spaces/${DEMO.spaces.eng.id}`, 401, { auth: basic('writer@example.com', 'wrong') });
  });
  test('GET /spaces/{id}/pages', async () => {
    const r = await conform('GET', `${V2}/spaces/${DEMO.spaces.eng.id}/pages?depth=root`, 200);
    assert.ok(results(r.body).length >= 2);
    await conform('GET', `${V2}/spaces/${DEMO.spaces.eng.id}/pages?depth=all&limit=250&body-format=storage`, 200);
    await conform('GET', `${V2}/spaces/${DEMO.spaces.eng.id}/pages?sort=-modified-date&status=current&body-format=atlas_doc_format&limit=5`, 200);
    await conform('GET', `${V2}/spaces/${DEMO.spaces.eng.id}/pages?title=${encodeURIComponent('Architecture')}`, 200);
    await conform('GET', `${V2}/spaces/9/pages`, 404);
    await conform('GET', `${V2}/spaces/${DEMO.spaces.eng.id}/pages?depth=sideways`, 400);
  });
});

describe('v2 pages', () => {
  test('GET /pages', async () => {
    await conform('GET', `${V2}/pages?id=${DEMO.deepPath[0]?.id ?? ''},${DEMO.deepPath[1]?.id ?? ''}&body-format=storage`, 200);
    await conform('GET', `${V2}/pages?space-id=${DEMO.spaces.prod.id}&sort=title&status=current,archived`, 200);
    await conform('GET', `${V2}/pages?title=Webhooks&body-format=atlas_doc_format`, 200);
    await conform('GET', `${V2}/pages?limit=251`, 400);
    await conform('GET', `${V2}/pages?body-format=view`, 400);
  });
  test('GET /pages/{id}', async () => {
    const leaf = DEMO.deepPath[DEMO.deepPath.length - 1]?.id ?? '';
    for (const f of ['storage', 'view', 'atlas_doc_format', 'export_view', 'editor']) {
      await conform('GET', `${V2}/pages/${leaf}?body-format=${f}`, 200);
    }
    await conform('GET', `${V2}/pages/${leaf}?version=2&body-format=storage`, 200);
    await conform('GET', `${V2}/pages/${leaf}?include-version=false&include-operations=true&include-versions=true`, 200);
    await conform('GET', `${V2}/pages/${leaf}?get-draft=true&include-labels=false`, 200);
    await conform('GET', `${V2}/pages/${DEMO.restricted.id}`, 404);
    await conform('GET', `${V2}/pages/1`, 404);
    await conform('GET', `${V2}/pages/${leaf}?version=99`, 404);
    await conform('GET', `${V2}/pages/${leaf}?body-format=pdf`, 400);
    await conform('GET', `${V2}/pages/${leaf}?include-version=maybe`, 400);
  });
  test('POST /pages, PUT /pages/{id}, PUT /pages/{id}/title, DELETE /pages/{id}', async () => {
    const created = await conform('POST', `${V2}/pages`, 200, { auth: writer, body: { spaceId: DEMO.spaces.eng.id, status: 'current', title: 'Conformance page', body: { representation: 'storage', value: '<p>hi</p>' } } });
    const id = String(j(created.body, 'id'));
    await conform('POST', `${V2}/pages?root-level=true`, 200, { auth: writer, body: { spaceId: DEMO.spaces.eng.id, title: 'Conformance root page', body: { storage: { representation: 'storage', value: '<p>root</p>' } } } });
    await conform('POST', `${V2}/pages`, 400, { auth: writer, body: { title: 'no space' } });
    await conform('POST', `${V2}/pages`, 404, { auth: writer, body: { spaceId: '4242', title: 'x' } });
    await conform('POST', `${V2}/pages`, 413, { auth: writer, rawBody: JSON.stringify({ spaceId: DEMO.spaces.eng.id, title: 'big', body: { representation: 'storage', value: 'x'.repeat(5 * 1024 * 1024 + 10) } }) });
    await conform('PUT', `${V2}/pages/${id}`, 200, { auth: writer, body: { id, status: 'current', title: 'Conformance page', body: { representation: 'storage', value: '<p>v2</p>' }, version: { number: 2, message: 'edit' } } });
    await conform('PUT', `${V2}/pages/${id}`, 409, { auth: writer, body: { id, status: 'current', title: 'Conformance page', body: { representation: 'storage', value: '<p>v2</p>' }, version: { number: 2 } } });
    await conform('PUT', `${V2}/pages/${id}`, 400, { auth: writer, rawBody: '{"id":' });
    await conform('PUT', `${V2}/pages/${DEMO.updateRestricted.id}`, 404, { auth: writer, body: { id: DEMO.updateRestricted.id, status: 'current', title: DEMO.updateRestricted.title, body: { representation: 'storage', value: '<p>x</p>' }, version: { number: 2 } } });
    await conform('PUT', `${V2}/pages/${id}/title`, 200, { auth: writer, body: { status: 'current', title: 'Conformance page renamed' } });
    await conform('PUT', `${V2}/pages/${id}/title`, 400, { auth: writer, body: { status: 'current' } });
    await conform('DELETE', `${V2}/pages/${id}`, 204);
    await conform('DELETE', `${V2}/pages/${id}`, 404);
    await conform('GET', `${V2}/pages/${id}?status=trashed`, 200);
  });
  test('tree operations', async () => {
    const r = await conform('GET', `${V2}/pages/${DEMO.bigParent.id}/direct-children?limit=250`, 200);
    assert.ok(r.headers.link);
    await conform('GET', `${V2}/pages/${DEMO.spaces.eng.homepageId}/direct-children?sort=title`, 200);
    await conform('GET', `${V2}/pages/${DEMO.restricted.id}/direct-children`, 404);
    await conform('GET', `${V2}/pages/${DEMO.bigParent.id}/children?limit=10&sort=-child-position`, 200);
    await conform('GET', `${V2}/pages/${DEMO.deepPath[4]?.id ?? ''}/ancestors`, 200);
    await conform('GET', `${V2}/pages/${DEMO.deepPath[4]?.id ?? ''}/ancestors?limit=2`, 200);
    await conform('GET', `${V2}/pages/${DEMO.versionedPage.id}/versions?body-format=storage&limit=2`, 200);
    await conform('GET', `${V2}/pages/${DEMO.versionedPage.id}/versions?sort=modified-date`, 200);
    await conform('GET', `${V2}/pages/${DEMO.updateRestricted.id}/operations`, 200);
    await conform('GET', `${V2}/pages/${DEMO.restricted.id}/operations`, 404);
    await conform('GET', `${V2}/folders/${DEMO.folder.id}`, 200);
    await conform('GET', `${V2}/folders/${DEMO.nestedFolder.id}`, 200);
    await conform('GET', `${V2}/folders/${DEMO.deepPath[0]?.id ?? ''}`, 404);
    await conform('GET', `${V2}/folders/${DEMO.folder.id}/direct-children`, 200);
    await conform('GET', `${V2}/folders/${DEMO.folder.id}/direct-children?limit=999`, 400);
  });
  test('descendants: all content types, top to bottom, restricted subtrees left out', async () => {
    const home = DEMO.spaces.eng.homepageId;
    const d1 = await conform('GET', `${V2}/pages/${home}/descendants?depth=1&limit=250`, 200);
    const first = results(d1.body);
    assert.ok(first.every((r) => r.depth === 1 && r.parentId === home));
    assert.ok(first.some((r) => r.type === 'folder') && first.some((r) => r.type === 'whiteboard'), 'folders and whiteboards are included');
    assert.ok(!first.some((r) => r.id === DEMO.restricted.id), 'restricted content is left out');
    const all: Record<string, unknown>[] = [];
    let next: string | undefined = `${V2}/pages/${home}/descendants?depth=10&limit=250`;
    while (next) {
      const r = await conform('GET', next, 200);
      all.push(...results(r.body));
      next = (r.body as { _links?: { next?: string } })._links?.next;
    }
    const depths = all.map((r) => Number(r.depth));
    assert.deepEqual(depths, [...depths].sort((a, b) => a - b), 'top to bottom');
    assert.ok(all.some((r) => r.id === DEMO.deepPath[DEMO.deepPath.length - 1]!.id && r.depth === DEMO.deepPath.length - 1));
    assert.ok(all.filter((r) => r.parentId === DEMO.bigParent.id).length === DEMO.bigParent.childCount);
    assert.ok(!all.some((r) => r.id === DEMO.restricted.childId), 'nor anything under it');
    await conform('GET', `${V2}/folders/${DEMO.folder.id}/descendants`, 200);
    await conform('GET', `${V2}/pages/${home}/descendants?depth=11`, 400);
    await conform('GET', `${V2}/pages/${DEMO.restricted.id}/descendants`, 404);
  });
});

describe('v2 admin key', () => {
  test('GET/POST/DELETE /admin-key', async () => {
    await conform('GET', `${V2}/admin-key`, 404, { auth: admin });
    await conform('POST', `${V2}/admin-key`, 200, { auth: admin, body: { durationInMinutes: 5 } });
    await conform('POST', `${V2}/admin-key`, 200, { auth: admin });
    await conform('GET', `${V2}/admin-key`, 200, { auth: admin });
    await conform('POST', `${V2}/admin-key`, 400, { auth: admin, body: { durationInMinutes: 61 } });
    await conform('POST', `${V2}/admin-key`, 404, { auth: writer, body: {} });
    await conform('DELETE', `${V2}/admin-key`, 204, { auth: admin });
    await conform('DELETE', `${V2}/admin-key`, 404, { auth: writer });
    await conform('GET', `${V2}/admin-key`, 401, {});
  });
});

describe('v1 operations', () => {
  test('GET /wiki/rest/api/user/current', async () => {
    await conform('GET', '/wiki/rest/api/user/current', 200);
    const withOps = await conform('GET', '/wiki/rest/api/user/current?expand=operations', 200, { auth: admin });
    assert.ok(JSON.stringify(withOps.body).includes('"administer"'), 'an admin holds administer on application');
    const writerOps = await conform('GET', '/wiki/rest/api/user/current?expand=operations', 200, { auth: writer });
    assert.ok(!JSON.stringify(writerOps.body).includes('"administer"'), 'an ordinary user does not');
    await conform('GET', '/wiki/rest/api/user/current', 401, {});
  });
  test('GET /wiki/rest/api/search', async () => {
    const r = await conform('GET', `/wiki/rest/api/search?cql=${encodeURIComponent('type = page AND space = ENG AND title ~ "release" ORDER BY title')}&limit=5`, 200);
    assert.equal(results(r.body).length, 5);
    await conform('GET', `/wiki/rest/api/search?cql=${encodeURIComponent('text ~ "webhooks" ORDER BY lastmodified DESC')}&expand=content.space`, 200);
    await conform('GET', `/wiki/rest/api/search?cql=${encodeURIComponent('space = "PROD"')}&excerpt=none`, 200);
    await conform('GET', `/wiki/rest/api/search?cql=${encodeURIComponent('title ~ ')}`, 400);
    await conform('GET', '/wiki/rest/api/search', 400);
  });
  test('GET /wiki/rest/api/content/{id}/restriction', async () => {
    await conform('GET', `/wiki/rest/api/content/${DEMO.updateRestricted.id}/restriction`, 200);
    await conform('GET', `/wiki/rest/api/content/${DEMO.deepPath[0]?.id ?? ''}/restriction`, 200);
    await conform('GET', `/wiki/rest/api/content/${DEMO.restricted.id}/restriction`, 404);
  });
});

describe('through the gateway', () => {
  test('scoped token, classic token', async () => {
    const scoped = basic(DEMO.accounts.admin.email, DEMO.scopedToken);
    const gw = `/ex/confluence/${emu.cloudId}`;
    await conform('GET', `${gw}${V2}/spaces?limit=1`, 200, { auth: scoped });
    await conform('GET', `${gw}${V2}/pages/${DEMO.deepPath[2]?.id ?? ''}?body-format=storage`, 200, { auth: scoped });
    await conform('GET', `${gw}${V2}/admin-key`, 404, { auth: scoped });
    await conform('GET', `${gw}/wiki/rest/api/user/current`, 200, { auth: writer });
  });
});
