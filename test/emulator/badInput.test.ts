// Bad input gets the same kind of 400/404/413 answer Confluence gives, never a crash or a 500.
// Raw node:http is used where fetch would normalise the URL (path traversal).

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { DEMO, RunningEmulator, startEmulator } from './index';
import { CURSOR_DETAIL, CURSOR_TITLE, encodeCursor } from './pagination';
import { basic, call, j } from './testHelpers';

const V2 = '/wiki/api/v2';
const writer = basic(DEMO.accounts.writer.email, DEMO.accounts.writer.token);
const admin = basic(DEMO.accounts.admin.email, DEMO.accounts.admin.token);

let emu: RunningEmulator;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });
beforeEach(() => { emu.control.reset(); });

function raw(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const u = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers: { Authorization: writer, ...headers }, agent: false }, res => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function assertV2Error(body: unknown, status: number): void {
  assert.equal(j(body, 'errors', 0, 'status'), status, JSON.stringify(body));
  assert.equal(typeof j(body, 'errors', 0, 'code'), 'string');
  assert.equal(typeof j(body, 'errors', 0, 'title'), 'string');
}

describe('query parameters', () => {
  test('limit 0, 251, abc, -1, 1.5 -> 400 INVALID_REQUEST_PARAMETER', async () => {
    for (const limit of ['0', '251', 'abc', '-1', '1.5', '', '99999999999999999999']) {
      for (const path of [`${V2}/spaces`, `${V2}/pages/${DEMO.bigParent.id}/direct-children`, `${V2}/spaces/${DEMO.spaces.eng.id}/pages`]) {
        const r = await call(emu.url, 'GET', `${path}?limit=${encodeURIComponent(limit)}`, { auth: writer });
        assert.equal(r.status, 400, `${path} limit=${limit}`);
        assert.equal(j(r.body, 'errors', 0, 'code'), 'INVALID_REQUEST_PARAMETER');
      }
    }
  });
  test('garbage cursors -> 400 with the real Confluence text', async () => {
    const garbage = ['garbage', '!!!', 'eyJ', Buffer.from('{"o":-1,"k":"children"}').toString('base64url'), Buffer.from('[1,2]').toString('base64url'),
      encodeCursor(5, 'spaces'), 'a'.repeat(1000), `${V2}/pages?cursor=abc`];
    for (const c of garbage) {
      const r = await call(emu.url, 'GET', `${V2}/pages/${DEMO.bigParent.id}/direct-children?cursor=${encodeURIComponent(c)}`, { auth: writer });
      assert.equal(r.status, 400, c);
      assert.deepEqual(r.body, { errors: [{ status: 400, code: 'INVALID_REQUEST_PARAMETER', title: CURSOR_TITLE, detail: CURSOR_DETAIL }] });
    }
  });
  test('bad enums, booleans and ids', async () => {
    for (const url of [`${V2}/spaces?type=galactic`, `${V2}/spaces?sort=size`, `${V2}/pages?status=gone`, `${V2}/pages?id=abc`,
      `${V2}/pages/${DEMO.deepPath[0]?.id ?? ''}?include-version=yes`, `${V2}/pages/${DEMO.deepPath[0]?.id ?? ''}?version=-1`,
      `${V2}/pages/abc`, `${V2}/pages/12ab`, `${V2}/pages/1e5`, `${V2}/pages/${'9'.repeat(40)}`, `${V2}/folders/x/direct-children`]) {
      const r = await call(emu.url, 'GET', url, { auth: writer });
      assert.equal(r.status, 400, url);
      assertV2Error(r.body, 400);
    }
  });
  test('unknown ids -> 404', async () => {
    for (const url of [`${V2}/pages/1`, `${V2}/pages/999999999`, `${V2}/spaces/1`, `${V2}/folders/1`, `${V2}/pages/1/ancestors`, `${V2}/pages/1/versions`,
      `${V2}/pages/${DEMO.folder.id}`, `${V2}/folders/${DEMO.deepPath[0]?.id ?? ''}/direct-children`]) {
      const r = await call(emu.url, 'GET', url, { auth: writer });
      assert.equal(r.status, 404, url);
      assertV2Error(r.body, 404);
    }
    const v1 = await call(emu.url, 'GET', '/wiki/rest/api/content/nope/restriction', { auth: writer });
    assert.equal(v1.status, 404);
    assert.equal(j(v1.body, 'statusCode'), 404);
  });
});

describe('paths', () => {
  test('unknown paths and wrong methods', async () => {
    for (const p of ['/', '/wiki', '/wiki/api/v2', '/wiki/api/v3/pages', `${V2}/blogposts`, `${V2}/pages/1/nope`, '/wiki/rest/api/content', '/favicon.ico']) {
      const r = await call(emu.url, 'GET', p, { auth: writer });
      assert.equal(r.status, 404, p);
    }
    const r = await call(emu.url, 'PATCH', `${V2}/pages/${DEMO.deepPath[0]?.id ?? ''}`, { auth: writer, body: {} });
    assert.equal(r.status, 405);
    assert.ok(r.headers.allow?.includes('PUT'));
  });
  test('path traversal attempts never reach another resource', async () => {
    for (const p of [`${V2}/pages/../spaces`, `${V2}/pages/%2e%2e/spaces`, `${V2}/pages/..%2Fspaces`, `${V2}/pages/${DEMO.deepPath[0]?.id ?? ''}%2F..%2F..%2Fspaces`,
      `/wiki/api/v2//spaces`, `/wiki/api/v2/./spaces`, `/ex/confluence/${emu.cloudId}/wiki/api/v2/../../../../etc/passwd`, `/ex/confluence/../../wiki/api/v2/spaces`,
      `/wiki/api/v2/pages/%00`, `/wiki/api/v2/pages/%zz`, '/wiki/spaces/ENG/pages/..%2F..%2Fetc']) {
      const r = await raw('GET', p);
      assert.ok(r.status === 404 || r.status === 400, `${p} -> ${r.status}`);
      assert.ok(!r.text.includes('"results"'), p);
    }
  });
});

describe('request bodies', () => {
  const id = DEMO.deepPath[3]?.id ?? '';
  const title = DEMO.deepPath[3]?.title ?? '';
  const good = { id, status: 'current', title, body: { representation: 'storage', value: '<p>x</p>' }, version: { number: 2 } };
  test('malformed JSON -> 400', async () => {
    for (const body of ['{', 'not json', '{"id":}', '[]', '"string"', '42', 'null', '\u0000\u0001']) {
      for (const [m, p] of [['PUT', `${V2}/pages/${id}`], ['POST', `${V2}/pages`], ['PUT', `${V2}/pages/${id}/title`], ['POST', `${V2}/admin-key`]] as const) {
        const r = await call(emu.url, m, p, { auth: p.endsWith('admin-key') ? admin : writer, rawBody: body });
        assert.equal(r.status, 400, `${m} ${p} ${JSON.stringify(body)} -> ${r.status}`);
        assertV2Error(r.body, 400);
      }
    }
  });
  test('wrong types and missing required fields -> 400 with a useful title', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['missing version', { ...good, version: undefined }, /version/],
      ['version.number string', { ...good, version: { number: '2' } }, /version\.number/],
      ['version.number float', { ...good, version: { number: 2.5 } }, /version\.number/],
      ['title number', { ...good, title: 7 }, /title/],
      ['empty title', { ...good, title: '  ' }, /Title/],
      ['long title', { ...good, title: 'x'.repeat(256) }, /Title/],
      ['missing body', { ...good, body: undefined }, /body/],
      ['body.value number', { ...good, body: { representation: 'storage', value: 1 } }, /body\.value/],
      ['body representation', { ...good, body: { representation: 'html', value: 'x' } }, /representation/],
      ['two nested formats', { ...good, body: { storage: { value: 'a', representation: 'storage' }, wiki: { value: 'b', representation: 'wiki' } } }, /exactly one/],
      ['bad status', { ...good, status: 'published' }, /status/],
      ['id mismatch', { ...good, id: '12345' }, /id/],
      ['id number', { ...good, id: Number(id) }, /id/],
      ['parentId number', { ...good, parentId: 5 }, /parentId/],
    ];
    for (const [name, body, re] of cases) {
      const r = await call(emu.url, 'PUT', `${V2}/pages/${id}`, { auth: writer, body });
      assert.equal(r.status, 400, `${name}: ${r.text}`);
      assert.match(String(j(r.body, 'errors', 0, 'title')), re, name);
    }
    for (const body of [{ spaceId: Number(DEMO.spaces.eng.id), title: 'x' }, { spaceId: DEMO.spaces.eng.id }, { spaceId: DEMO.spaces.eng.id, title: 'x', parentId: [1] }, { spaceId: 'abc', title: 'x' }]) {
      const r = await call(emu.url, 'POST', `${V2}/pages`, { auth: writer, body });
      assert.equal(r.status, 400, JSON.stringify(body));
    }
    assert.equal(emu.control.pageState(id)?.version, 1, 'nothing was written');
  });
  test('huge bodies -> 413 on POST and PUT', async () => {
    const big = JSON.stringify({ ...good, body: { representation: 'storage', value: 'x'.repeat(5 * 1024 * 1024) } });
    for (const [m, p] of [['PUT', `${V2}/pages/${id}`], ['POST', `${V2}/pages`]] as const) {
      const r = await call(emu.url, m, p, { auth: writer, rawBody: big });
      assert.equal(r.status, 413);
      assertV2Error(r.body, 413);
    }
    // just under the limit is fine
    const ok = await call(emu.url, 'PUT', `${V2}/pages/${id}`, { auth: writer, body: { ...good, body: { representation: 'storage', value: 'y'.repeat(5 * 1024 * 1024 - 500) } } });
    assert.equal(ok.status, 200);
  });
});

describe('fuzz', () => {
  test('random methods, paths, queries and bodies never produce a 500', async () => {
    let seed = 7;
    const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
    const ids = [DEMO.deepPath[0]?.id ?? '1', DEMO.restricted.id, DEMO.folder.id, DEMO.bigParent.id, '0', '-1', 'abc', '1.5', '%00', '9'.repeat(19), ''];
    const templates = ['/wiki/api/v2/pages/{}', '/wiki/api/v2/pages/{}/direct-children', '/wiki/api/v2/pages/{}/children', '/wiki/api/v2/pages/{}/ancestors',
      '/wiki/api/v2/pages/{}/versions', '/wiki/api/v2/pages/{}/operations', '/wiki/api/v2/pages/{}/title', '/wiki/api/v2/folders/{}', '/wiki/api/v2/folders/{}/direct-children',
      '/wiki/api/v2/spaces/{}', '/wiki/api/v2/spaces/{}/pages', '/wiki/api/v2/spaces', '/wiki/api/v2/pages', '/wiki/api/v2/admin-key', '/wiki/rest/api/search',
      '/wiki/rest/api/content/{}/restriction', '/wiki/rest/api/user/current', '/wiki/x/{}', '/wiki/spaces/ENG/pages/{}/t', `/ex/confluence/${DEMO.cloudId}/wiki/api/v2/pages/{}`];
    const queries = ['', 'limit=5', 'limit=x', 'cursor=zz', 'body-format=view', 'body-format=storage', 'depth=root', 'sort=-title', 'status=trashed', 'cql=title~x',
      'cql=%22', 'cql=space%3DENG%20ORDER%20BY%20title', 'version=2', 'include-operations=true', 'id=1,2,x', 'title=%F0%9F%98%80', 'a=%zz', 'limit=1&limit=2'];
    const bodies = ['', '{}', '{"id":"1"}', '{"durationInMinutes":"x"}', '{"spaceId":"98305","title":"Fuzz"}', '{"status":"current","title":""}', '[', 'x'.repeat(100),
      JSON.stringify({ id: DEMO.deepPath[0]?.id, status: 'current', title: 'T', body: { representation: 'storage', value: 1 }, version: { number: 'x' } })];
    const auths = [writer, admin, '', 'Basic ' + Buffer.from('admin@example.com:').toString('base64'), 'Basic !!!', 'Basic ' + Buffer.from('nocolon').toString('base64')];
    for (let i = 0; i < 400; i++) {
      const path = pick(templates).replace('{}', pick(ids));
      const q = pick(queries);
      const method = pick(['GET', 'GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS']);
      const auth = pick(auths);
      const headers: Record<string, string> = auth ? { Authorization: auth } : {};
      if (rnd(3) === 0) { headers['Atl-Confluence-With-Admin-Key'] = 'true'; }
      const hasBody = method === 'PUT' || method === 'POST';
      const r = await raw(method, q ? `${path}?${q}` : path, hasBody ? pick(bodies) : undefined, { ...headers, Authorization: auth || 'none', 'Content-Type': 'application/json' });
      assert.ok(r.status >= 200 && r.status < 500, `${method} ${path}?${q} -> ${r.status} ${r.text.slice(0, 200)}`);
    }
    assert.ok(!emu.control.requestLog().some(e => e.status >= 500));
  });
});
