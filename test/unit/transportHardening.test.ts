// The transport against hostile or unusual servers: a server that drips its answer, an answer larger
// than anything Confluence sends, cancellation mid-body, certificate checks on direct connections,
// protocol-relative "next" links, retry waits that add up, proxy variables, and the rate-limit and
// deprecation headers real sites send. Each case failed on the transport before it was hardened.

import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, describe, test } from 'node:test';
import { ConfluenceError } from '../../src/confluence/errors';
import { resolveProxy } from '../../src/confluence/proxy';
import { classicConnection, collect, makeClient, until } from './helpers/clients';
import { FakeClock } from './helpers/fakeClock';
import { json, startScriptedServer, type Handler, type ScriptedServer } from './helpers/scriptedServer';
import { expectError, registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();
const servers: ScriptedServer[] = [];
after(async () => { await Promise.all(servers.map((s) => s.close())); });

async function server(handler: Handler, opts: { tls?: boolean } = {}): Promise<ScriptedServer> {
  const s = await startScriptedServer(handler, opts);
  servers.push(s);
  return s;
}

const PAGE = {
  id: '42', status: 'current', title: 'Webhooks', spaceId: '7', authorId: 'a1', createdAt: '2025-03-03T10:00:00.000Z',
  version: { number: 6, createdAt: '2025-03-09T10:00:00.000Z', authorId: 'a2', message: '', minorEdit: false },
  _links: { webui: '/spaces/ENG/pages/42/Webhooks' },
};
const page = (res: ServerResponse, headers: Record<string, string> = {}): void => json(res, 200, PAGE, headers);
const tooMany = (headers: Record<string, string>) => (res: ServerResponse): void =>
  json(res, 429, { errors: [{ status: 429, code: 'TOO_MANY_REQUESTS', title: 'Rate limit exceeded', detail: null }] }, headers);
function sequence(...steps: ((res: ServerResponse) => void)[]): Handler {
  return (_req, res, i) => (steps[Math.min(i, steps.length - 1)] ?? page)(res);
}

/** Keeps the test from hanging on a transport without the bound under test: it fails instead. */
const BOUNDED = { timeout: 10_000 };

describe('bounds on one request', () => {
  test('a server that drips its answer a byte at a time hits the total deadline (timeout), not the per-chunk timeout', BOUNDED, async () => {
    const drips = new Set<NodeJS.Timeout>();
    after(() => { for (const t of drips) clearInterval(t); });
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"42",');
      const t = setInterval(() => { if (!res.destroyed) res.write(' '); }, 20);
      drips.add(t);
      res.on('close', () => { clearInterval(t); drips.delete(t); });
    });
    const { client } = makeClient(scan, classicConnection(s.url), { http: { timeoutMs: 5000, deadlineMs: 300 } });
    const e = await expectError(scan, client.getPage('42'), 'timeout');
    assert.match(e.message, /within 0 s|did not finish/);
  });

  test('an answer larger than maxResponseBytes fails with tooLarge, with or without Content-Length', BOUNDED, async () => {
    const big = JSON.stringify({ ...PAGE, padding: 'x'.repeat(300_000) });
    const s = await server((_req, res, i) => {
      if (i % 2 === 1) {
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < big.length; i += 10_000) res.write(big.slice(i, i + 10_000));
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(big)) });
        res.end(big);
      }
    });
    const { client } = makeClient(scan, classicConnection(s.url), { http: { maxResponseBytes: 100_000 } });
    const declared = await expectError(scan, client.getPage('42'), 'tooLarge');
    assert.match(declared.message, /more than/);
    await expectError(scan, client.getPage('42'), 'tooLarge'); // the same, streamed without a length
    const roomy = makeClient(scan, classicConnection(s.url), { http: { maxResponseBytes: 1_000_000 } }).client;
    assert.equal((await roomy.getPage('42')).id, '42');
  });

  test('cancelling while the body is arriving ends the request at once (cancelled)', BOUNDED, async () => {
    let wrote = false;
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"42",', () => { wrote = true; });
    });
    const { client } = makeClient(scan, classicConnection(s.url), { http: { timeoutMs: 60_000, deadlineMs: 60_000 } });
    const abort = new AbortController();
    const pending = client.getPage('42', { signal: abort.signal });
    await until(() => wrote);
    abort.abort();
    await expectError(scan, pending, 'cancelled');
  });
});

describe('certificates and proxies', () => {
  test('http.proxyStrictSSL off does not turn off certificate checks on a direct connection', BOUNDED, async () => {
    const s = await server((_req, res) => page(res), { tls: true });
    const { client } = makeClient(scan, classicConnection(s.url), { http: { strictSSL: false } });
    const e = await expectError(scan, client.getPage('42'), 'network');
    assert.match(e.message, /secure connection/);
    assert.equal(s.received.length, 0, 'nothing was sent over the unverified connection');
  });

  test('an empty lower-case https_proxy does not hide a set HTTPS_PROXY', () => {
    const target = new URL('https://acme.atlassian.net/wiki');
    assert.equal(resolveProxy(target, undefined, { https_proxy: '', HTTPS_PROXY: 'http://proxy.corp:3128' })?.host, 'proxy.corp:3128');
    assert.equal(resolveProxy(target, undefined, { https_proxy: '  ', http_proxy: '', HTTP_PROXY: 'http://p:1' })?.host, 'p:1');
    assert.equal(resolveProxy(target, undefined, { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' })?.host, 'lower:1');
  });
});

describe('next links', () => {
  test('a protocol-relative next link to another host is a typed invalidResponse, not a bare "Invalid URL"', BOUNDED, async () => {
    const s = await server((_req, res) => json(res, 200, { results: [], _links: { next: '//evil.example/wiki/api/v2/spaces?cursor=x' } }));
    const { client } = makeClient(scan, classicConnection(s.url));
    const e = await expectError(scan, collect(client.spaces()), 'invalidResponse');
    assert.ok(e instanceof ConfluenceError);
    assert.match(e.message, /another site \(evil\.example\)/);
  });

  test('a protocol-relative next link on the same host is followed', BOUNDED, async () => {
    const s = await server((req, res) => {
      const host = req.headers.host ?? '';
      if (req.url.includes('cursor=')) json(res, 200, { results: [] });
      else json(res, 200, { results: [], _links: { next: `//${host}/wiki/api/v2/spaces?cursor=abc` } });
    });
    const { client } = makeClient(scan, classicConnection(s.url));
    await collect(client.spaces());
    assert.equal(s.received.length, 2);
    assert.match(s.received[1]?.url ?? '', /cursor=abc/);
  });
});

describe('rate limits', () => {
  test('retry waits add up to at most the request budget; beyond it the request fails with rateLimited', BOUNDED, async () => {
    const s = await server(sequence(tooMany({ 'retry-after': '30' }), tooMany({ 'retry-after': '30' }), tooMany({ 'retry-after': '30' }), page));
    const { client, clock } = makeClient(scan, classicConnection(s.url));
    const e = await expectError(scan, client.getPage('42'), 'rateLimited');
    assert.equal(e.retryAfterMs, 30_000);
    assert.deepEqual(clock.waits, [30_000, 30_000]);
    assert.equal(s.received.length, 3);
  });

  test('Beta-Retry-After is honoured like Retry-After; X-RateLimit-Reset alone too', BOUNDED, async () => {
    const s = await server(sequence(tooMany({ 'beta-retry-after': '7' }), page));
    const { client, clock } = makeClient(scan, classicConnection(s.url));
    await client.getPage('42');
    assert.deepEqual(clock.waits, [7000]);
    const r = await server(sequence(tooMany({ 'x-ratelimit-reset': new Date(Date.parse('2026-11-26T09:00:00.000Z') + 12_000).toISOString() }), page));
    const other = makeClient(scan, classicConnection(r.url));
    await other.client.getPage('42');
    assert.deepEqual(other.clock.waits, [12_000]);
  });

  test('near the limit, background requests pause until the reset while foreground requests go on', BOUNDED, async () => {
    let near = true;
    const s = await server((_req, res) => page(res, near ? { 'x-ratelimit-nearlimit': 'true', 'ratelimit-reason': 'confluence-burst-based', 'beta-retry-after': '5' } : {}));
    const clock = new FakeClock(undefined, 'manual');
    const { client } = makeClient(scan, classicConnection(s.url), { clock });
    await client.getPage('42'); // says: near the limit, reset in 5 s
    near = false;
    let backgroundDone = false;
    const background = client.getPage('42', { priority: 'background' }).then(() => { backgroundDone = true; });
    await client.getPage('42'); // a person is waiting: not paused
    assert.equal(s.received.length, 2, 'the background request was not sent yet');
    assert.equal(backgroundDone, false);
    assert.equal(clock.pending(), 1);
    clock.advance(5000);
    await background;
    assert.equal(s.received.length, 3);
    assert.equal(scan.lines.filter((l) => l.includes('rate limit reason: confluence-burst-based')).length, 1, 'the reason is logged once');
    assert.ok(scan.lines.some((l) => /near its rate limit: background requests pause for 5 s/.test(l)));
  });
});

describe('what real sites add to their answers', () => {
  test('a v1 deprecation Warning is logged once per endpoint, not once per request', BOUNDED, async () => {
    const warning = { warning: '299 - "Deprecated API, will be removed on Mon, 31 Mar 2025 00:00:00 GMT"' };
    const s = await server((req, res) => {
      if (req.url.startsWith('/wiki/rest/api/search')) json(res, 200, { results: [], start: 0, limit: 25, size: 0, _links: {} }, warning);
      else json(res, 200, { accountId: 'a1', displayName: 'A', type: 'known' }, warning);
    });
    const { client } = makeClient(scan, classicConnection(s.url));
    await client.currentUser();
    await client.currentUser();
    await client.search('title ~ "a"');
    await client.search('title ~ "b"');
    const logged = scan.lines.filter((l) => l.includes('is deprecated'));
    assert.deepEqual(logged.map((l) => /(GET \S+)/.exec(l)?.[1]), ['GET /wiki/rest/api/user/current', 'GET /wiki/rest/api/search']);
    assert.match(logged[0] ?? '', /will be removed on Mon, 31 Mar 2025/);
  });

  test('401 "scope does not match" is a missing scope, not a bad token, and names the scope', BOUNDED, async () => {
    const s = await server((_req, res) => json(res, 401, { code: 401, message: 'Unauthorized; scope does not match' }, { 'x-failure-category': 'FAILURE_CLIENT_SCOPE_CHECK' }));
    const { client } = makeClient(scan, classicConnection(s.url));
    const e = await expectError(scan, client.updatePage({ id: '42', title: 'T', body: { representation: 'storage', value: '<p/>' }, baseVersion: 6 }), 'unauthorized');
    assert.equal(e.reason, 'scope');
    assert.equal(e.scope, 'write:page:confluence');
    assert.match(e.message, /lacks the scope "write:page:confluence"/);
    assert.match(e.message, /classic token/);
    const plain = await server((_req, res) => json(res, 401, { message: 'Unauthorized' }));
    const other = makeClient(scan, classicConnection(plain.url)).client;
    const rejected = await expectError(scan, other.getPage('42'), 'unauthorized');
    assert.equal(rejected.reason, 'rejected');
    assert.match(rejected.message, /expire/);
  });
});

scan.declareFinalCheck();
