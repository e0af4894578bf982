// Quirks mode at the HTTP level: each real-site behaviour the emulator can show, that plain mode does
// not show it, and that quirk answers still conform to Atlassian's OpenAPI documents.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, EXPIRED_TOKEN, READ_ONLY_SCOPED_TOKEN, RunningEmulator, startEmulator } from './index';
import { SpecValidator } from './openapi';
import { normaliseStorage } from './quirks';
import { basic, call, j, Res, results } from './testHelpers';

let quirky: RunningEmulator;
let plain: RunningEmulator;
let spec: SpecValidator;
const admin = basic(DEMO.accounts.admin.email, DEMO.accounts.admin.token);
const writer = basic(DEMO.accounts.writer.email, DEMO.accounts.writer.token);
const V2 = '/wiki/api/v2';
const engHome = DEMO.spaces.eng.homepageId;

before(async () => {
  [quirky, plain, spec] = await Promise.all([startEmulator({ quirks: true }), startEmulator({ quirks: false }), SpecValidator.load()]);
});
after(async () => { await Promise.all([quirky.close(), plain.close()]); });

async function conform(emu: RunningEmulator, method: string, url: string, expected: number, opts: Parameters<typeof call>[3] = { auth: writer }): Promise<Res> {
  const r = await call(emu.url, method, url, opts);
  assert.equal(r.status, expected, `${method} ${url} -> ${r.status} ${r.text.slice(0, 300)}`);
  assert.deepEqual(spec.check({ method, url, status: r.status, headers: r.headers, body: r.body }), [], `${method} ${url} does not conform`);
  return r;
}

async function createPage(emu: RunningEmulator, parentId: string, title: string, value = '<p>x</p>'): Promise<string> {
  const r = await call(emu.url, 'POST', `${V2}/pages`, { auth: writer, body: { spaceId: DEMO.spaces.eng.id, parentId, title, body: { representation: 'storage', value } } });
  assert.equal(r.status, 200, r.text);
  return String(j(r.body, 'id'));
}

describe('descendants', () => {
  test('at most five levels whatever depth asks, depth first, with consistent pagination', async () => {
    const deep = await createPage(quirky, DEMO.deepPath[5]?.id ?? '', 'Below webhooks');  // level 6 below the homepage
    const listAll = async (limit: number): Promise<Record<string, unknown>[]> => {
      const out: Record<string, unknown>[] = [];
      let url: string | undefined = `${V2}/pages/${engHome}/descendants?depth=10&limit=${limit}`;
      while (url) {
        const r = await conform(quirky, 'GET', url, 200);
        out.push(...results(r.body));
        url = j(r.body, '_links', 'next') as string | undefined;
      }
      return out;
    };
    const all = await listAll(250);
    assert.equal(Math.max(...all.map((d) => Number(d.depth))), 5);
    assert.ok(!all.some((d) => d.id === deep), 'level 6 is not listed');
    const depths = all.map((d) => Number(d.depth));
    assert.ok(depths.some((d, i) => i > 0 && d < (depths[i - 1] ?? 0)), 'not level by level');
    assert.deepEqual((await listAll(37)).map((d) => d.id), all.map((d) => d.id), 'the same order whatever the page size');
    const plainAll = results((await call(plain.url, 'GET', `${V2}/pages/${engHome}/descendants?depth=10&limit=250`, { auth: writer })).body);
    const plainDepths = plainAll.map((d) => Number(d.depth));
    assert.deepEqual(plainDepths, [...plainDepths].sort((a, b) => a - b), 'plain mode stays level by level');
  });
});

describe('pages', () => {
  test('a page just created answers 404 to its first reads, then 200', async () => {
    const id = await createPage(quirky, engHome, 'Fresh page');
    await conform(quirky, 'GET', `${V2}/pages/${id}?body-format=storage`, 404);
    await conform(quirky, 'GET', `${V2}/pages/${id}?body-format=storage`, 404);
    await conform(quirky, 'GET', `${V2}/pages/${id}?body-format=storage`, 200);
    quirky.control.setQuirks(true, { readMisses: 0 });
    const other = await createPage(quirky, engHome, 'Fresh page 2');
    await conform(quirky, 'GET', `${V2}/pages/${other}`, 200);
    quirky.control.setQuirks(true, { readMisses: 2 });
    const inPlain = await createPage(plain, engHome, 'Fresh page');
    await conform(plain, 'GET', `${V2}/pages/${inPlain}`, 200);
  });

  test('storage is normalised on save: the stored and returned body differ from the one sent', async () => {
    const sent = '<p><b>bold</b> and <i class="x">it</i><br/>line<hr/>two</p>';
    assert.equal(normaliseStorage(sent), '<p><strong>bold</strong> and <em class="x">it</em><br />line<hr />two</p>');
    const id = quirky.control.pageState(DEMO.deepPath[2]?.id ?? '');
    assert.ok(id);
    const r = await conform(quirky, 'PUT', `${V2}/pages/${id.id}`, 200, { auth: writer, body: {
      id: id.id, status: 'current', title: id.title, body: { representation: 'storage', value: sent }, version: { number: id.version + 1 },
    } });
    assert.equal(j(r.body, 'body', 'storage', 'value'), normaliseStorage(sent));
    assert.equal(quirky.control.pageState(id.id)?.body, normaliseStorage(sent));
  });

  test('an unchanged PUT creates no version and answers 200 with the current one', async () => {
    const state = quirky.control.pageState(DEMO.deepPath[3]?.id ?? '');
    assert.ok(state);
    const r = await conform(quirky, 'PUT', `${V2}/pages/${state.id}`, 200, { auth: writer, body: {
      id: state.id, status: 'current', title: state.title, body: { representation: 'storage', value: state.body }, version: { number: state.version + 1 },
    } });
    assert.equal(j(r.body, 'version', 'number'), state.version);
    assert.equal(quirky.control.pageState(state.id)?.version, state.version);
  });
});

describe('credentials', () => {
  test('rejected credentials: 404 on v2 (anonymous), 401 on v1; plain mode says 401 on both', async () => {
    for (const auth of [basic(DEMO.accounts.writer.email, 'wrong'), basic(DEMO.accounts.admin.email, EXPIRED_TOKEN), basic(DEMO.accounts.admin.email, DEMO.scopedToken)]) {
      await conform(quirky, 'GET', `${V2}/pages/${engHome}`, 404, { auth });
      assert.equal((await call(quirky.url, 'GET', `${V2}/spaces`, { auth })).status, 404); // 404 is not declared for GET /spaces
      await conform(quirky, 'GET', '/wiki/rest/api/user/current', 401, { auth });
      await conform(plain, 'GET', `${V2}/spaces`, 401, { auth });
    }
  });

  test('a scoped token without a write scope: reads work, writes answer 401 "scope does not match"', async () => {
    const scoped = basic(DEMO.accounts.admin.email, READ_ONLY_SCOPED_TOKEN);
    const gateway = `/ex/confluence/${quirky.cloudId}`;
    const page = quirky.control.pageState(DEMO.deepPath[1]?.id ?? '');
    assert.ok(page);
    const read = await call(quirky.url, 'GET', `${gateway}${V2}/pages/${page.id}`, { auth: scoped });
    assert.equal(read.status, 200);
    const write = await call(quirky.url, 'PUT', `${gateway}${V2}/pages/${page.id}`, { auth: scoped, body: {
      id: page.id, status: 'current', title: page.title, body: { representation: 'storage', value: '<p>changed</p>' }, version: { number: page.version + 1 },
    } });
    assert.equal(write.status, 401);
    assert.equal(write.headers['x-failure-category'], 'FAILURE_CLIENT_SCOPE_CHECK');
    assert.deepEqual(write.body, { code: 401, message: 'Unauthorized; scope does not match' });
    assert.equal(quirky.control.pageState(page.id)?.version, page.version);
  });
});

describe('rate limits and deprecation', () => {
  test('429 without Retry-After, with X-RateLimit-Reset and Beta-Retry-After; near-limit marks every answer', async () => {
    quirky.control.rateLimitNext(1, '3');
    const r = await call(quirky.url, 'GET', `${V2}/spaces`, { auth: writer });
    assert.equal(r.status, 429);
    assert.equal(r.headers['retry-after'], undefined);
    assert.equal(r.headers['beta-retry-after'], '3');
    assert.match(r.headers['x-ratelimit-reset'] ?? '', /^\d{4}-\d{2}-\d{2}T/);
    assert.ok(Math.abs(Date.parse(r.headers['x-ratelimit-reset'] ?? '') - quirky.control.now() - 3000) < 2000);
    quirky.control.nearLimit(true);
    const near = await conform(quirky, 'GET', `${V2}/spaces`, 200);
    assert.equal(near.headers['x-ratelimit-nearlimit'], 'true');
    assert.ok(near.headers['ratelimit-reason']);
    quirky.control.nearLimit(false);
    assert.equal((await call(quirky.url, 'GET', `${V2}/spaces`, { auth: writer })).headers['x-ratelimit-nearlimit'], undefined);
    plain.control.rateLimitNext(1, '3');
    assert.equal((await call(plain.url, 'GET', `${V2}/spaces`, { auth: writer })).headers['retry-after'], '3');
  });

  test('v1 answers carry Warning: 299 "Deprecated API…"; v2 and plain mode do not', async () => {
    const v1 = await conform(quirky, 'GET', '/wiki/rest/api/user/current', 200);
    assert.match(v1.headers.warning ?? '', /^299 - "Deprecated API, will be removed on .+"$/);
    assert.equal((await call(quirky.url, 'GET', `${V2}/spaces`, { auth: writer })).headers.warning, undefined);
    assert.equal((await call(plain.url, 'GET', '/wiki/rest/api/user/current', { auth: writer })).headers.warning, undefined);
  });

  test('the admin-key header is ignored through the gateway and for a non-admin, as in plain mode', async () => {
    const restricted = `${V2}/pages/${DEMO.restricted.id}`;
    await call(quirky.url, 'POST', `${V2}/admin-key`, { auth: admin, body: { durationInMinutes: 10 } });
    const withKey = { 'Atl-Confluence-With-Admin-Key': 'true' };
    assert.equal((await call(quirky.url, 'GET', restricted, { auth: admin, headers: withKey })).status, 200);
    const gateway = `/ex/confluence/${quirky.cloudId}`;
    assert.equal((await call(quirky.url, 'GET', `${gateway}${restricted}`, { auth: admin, headers: withKey })).status, 404);
    assert.equal((await call(quirky.url, 'GET', restricted, { auth: writer, headers: withKey })).status, 404);
    assert.equal((await call(quirky.url, 'GET', `${V2}/pages/${DEMO.deepPath[0]?.id ?? ''}`, { auth: writer, headers: withKey })).status, 200);
  });
});

describe('root folders', () => {
  test('depth=root lists pages only; a CQL search with ancestors finds the folder at the root', async () => {
    const roots = results((await conform(plain, 'GET', `${V2}/spaces/${DEMO.spaces.eng.id}/pages?depth=root`, 200)).body);
    assert.ok(!roots.some((p) => p.id === DEMO.rootFolder.id));
    const cql = encodeURIComponent('type = folder AND space = "ENG"');
    const r = await conform(plain, 'GET', `/wiki/rest/api/search?cql=${cql}&expand=content.ancestors&limit=250`, 200);
    const found = results(r.body).map((x) => ({ id: j(x, 'content', 'id'), ancestors: (j(x, 'content', 'ancestors') as unknown[]).length }));
    assert.deepEqual(found.find((f) => f.id === DEMO.rootFolder.id), { id: DEMO.rootFolder.id, ancestors: 0 });
    assert.ok(found.some((f) => f.id === DEMO.folder.id && f.ancestors > 0));
  });
});

describe('control', () => {
  test('quirks mode and the near-limit state can be switched over HTTP (/__emulator/quirks)', async () => {
    const emu = await startEmulator({ controlHttp: true, quirks: false });
    try {
      assert.equal((await call(emu.url, 'GET', '/wiki/rest/api/user/current', { auth: writer })).headers.warning, undefined);
      assert.equal((await call(emu.url, 'POST', '/__emulator/quirks', { body: { on: true, nearLimit: true } })).status, 204);
      const r = await call(emu.url, 'GET', '/wiki/rest/api/user/current', { auth: writer });
      assert.match(r.headers.warning ?? '', /Deprecated API/);
      assert.equal(r.headers['x-ratelimit-nearlimit'], 'true');
      assert.equal((await call(emu.url, 'POST', '/__emulator/quirks', { body: { on: 'yes' } })).status, 400);
      assert.equal((await call(emu.url, 'POST', '/__emulator/quirks', { body: { on: false } })).status, 204);
      assert.equal((await call(emu.url, 'GET', '/wiki/rest/api/user/current', { auth: writer })).headers.warning, undefined);
    } finally {
      await emu.close();
    }
  });
});
