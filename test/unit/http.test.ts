// The transport against hand-made servers: retries and their timing (fake clock), timeouts,
// cancellation, redirects, origin checks, invalid responses, proxies and TLS. Cases the emulator
// cannot produce (a redirect to another origin, a hung socket with a proxy, ...) live here.

import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, describe, test } from 'node:test';
import * as util from 'node:util';
import { ConfluenceClient } from '../../src/confluence/client';
import { ConfluenceError } from '../../src/confluence/errors';
import { HttpTransport } from '../../src/confluence/http';
import { backoffDelay, parseRateLimitReset, parseRetryAfter } from '../../src/confluence/retryPolicy';
import { bypassesProxy, resolveProxy } from '../../src/confluence/proxy';
import { nextFromLinkHeader, resolveNextUrl } from '../../src/confluence/pagination';
import { ADMIN, classicConnection, collect, makeClient, until, USER_AGENT } from './helpers/clients';
import { FakeClock } from './helpers/fakeClock';
import { startTestProxy } from './helpers/proxyServer';
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
  id: '42', status: 'current', title: 'Webhooks', spaceId: '7', parentId: '41', parentType: 'page', authorId: 'a1',
  createdAt: '2025-03-03T10:00:00.000Z',
  version: { number: 6, createdAt: '2025-03-09T10:00:00.000Z', authorId: 'a2', message: 'Document retry schedule', minorEdit: false },
  body: { storage: { representation: 'storage', value: '<p>Hello</p>' } },
  _links: { webui: '/spaces/ENG/pages/42/Webhooks', tinyui: '/x/AbC', base: 'https://acme.atlassian.net/wiki' },
};

const ok: Handler = (_req, res) => json(res, 200, PAGE);

function sequence(...steps: ((res: ServerResponse) => void)[]): Handler {
  return (_req, res, i) => (steps[Math.min(i, steps.length - 1)] ?? ((r: ServerResponse) => json(r, 200, PAGE)))(res);
}
const status = (code: number, headers: Record<string, string> = {}) => (res: ServerResponse): void =>
  json(res, code, { errors: [{ status: code, code: 'X', title: `status ${code}`, detail: null }] }, headers);
const page = (res: ServerResponse): void => json(res, 200, PAGE);
const UPDATE = { id: '42', title: 'Webhooks', body: { representation: 'storage', value: '<p>x</p>' }, baseVersion: 6 };

describe('retry policy (pure)', () => {
  test('Retry-After as seconds, HTTP date and absurd values', () => {
    const now = Date.parse('2026-11-26T09:00:00.000Z');
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter('Thu, 26 Nov 2026 09:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Thu, 26 Nov 2026 08:00:00 GMT', now), 0);
    assert.ok((parseRetryAfter('9223372036854775807', now) ?? 0) > 1e18);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  test('X-RateLimit-Reset as an ISO timestamp', () => {
    const now = Date.parse('2026-11-26T09:00:00.000Z');
    assert.equal(parseRateLimitReset('2026-11-26T09:01Z', now), 60_000);
    assert.equal(parseRateLimitReset('12', now), undefined);
  });

  test('backoff grows exponentially, is capped and jittered', () => {
    assert.equal(backoffDelay(1, () => 0), 250);
    assert.equal(backoffDelay(1, () => 1), 500);
    assert.equal(backoffDelay(2, () => 1), 1000);
    assert.equal(backoffDelay(20, () => 1), 8000);
    assert.equal(backoffDelay(20, () => 0), 4000);
  });
});

describe('proxy selection (pure)', () => {
  const https = new URL('https://acme.atlassian.net/wiki');
  test('explicit proxy wins, else HTTPS_PROXY/HTTP_PROXY', () => {
    assert.equal(resolveProxy(https, 'http://proxy:3128', { HTTPS_PROXY: 'http://other:1' })?.host, 'proxy:3128');
    assert.equal(resolveProxy(https, undefined, { HTTPS_PROXY: 'http://other:1' })?.host, 'other:1');
    assert.equal(resolveProxy(https, undefined, { https_proxy: 'http://lower:1' })?.host, 'lower:1');
    assert.equal(resolveProxy(https, undefined, { HTTP_PROXY: 'http://plain:1' })?.host, 'plain:1');
    assert.equal(resolveProxy(new URL('http://127.0.0.1:1'), undefined, { HTTPS_PROXY: 'http://s:1' }), undefined);
    assert.equal(resolveProxy(https, undefined, {}), undefined);
    assert.equal(resolveProxy(https, 'proxy.corp:8080', {})?.href, 'http://proxy.corp:8080/');
  });

  test('NO_PROXY: names, suffixes, ports and *', () => {
    assert.ok(bypassesProxy(https, 'atlassian.net'));
    assert.ok(bypassesProxy(https, '.atlassian.net'));
    assert.ok(bypassesProxy(https, '*.atlassian.net'));
    assert.ok(bypassesProxy(https, 'foo, acme.atlassian.net:443'));
    assert.ok(!bypassesProxy(https, 'acme.atlassian.net:8443'));
    assert.ok(bypassesProxy(https, '*'));
    assert.ok(!bypassesProxy(https, 'lassian.net'));
    assert.ok(bypassesProxy(new URL('http://[::1]:80/'), '[::1]'));
  });

  test('an invalid proxy is invalidInput and does not echo the value', () => {
    assert.throws(() => resolveProxy(https, 'ftp://user:pa55@proxy', {}), (e: unknown) => {
      scan.record(e);
      return ConfluenceError.is(e, 'invalidInput') && !(e as Error).message.includes('pa55');
    });
  });
});

describe('pagination links (pure)', () => {
  const site = 'https://acme.atlassian.net';
  const gw = 'https://api.atlassian.com/ex/confluence/abc-123';
  const cur = new URL(`${site}/wiki/api/v2/spaces`);

  test('finds rel="next" in a Link header wherever it is', () => {
    assert.equal(nextFromLinkHeader('</wiki/api/v2/spaces?cursor=a>; rel="next", <https://acme.atlassian.net/wiki>; rel="base"'), '/wiki/api/v2/spaces?cursor=a');
    assert.equal(nextFromLinkHeader('<https://acme.atlassian.net/wiki>; rel="base", </wiki/x?cursor=b>; rel=next'), '/wiki/x?cursor=b');
    assert.equal(nextFromLinkHeader('<https://acme.atlassian.net/wiki>; rel="base"'), undefined);
    assert.equal(nextFromLinkHeader(undefined), undefined);
  });

  test('resolves /wiki links against the API base, never /wiki/wiki', () => {
    const u = resolveNextUrl('/wiki/api/v2/spaces/1/pages?cursor=c&depth=all&limit=100', site, site, cur);
    assert.equal(u.href, `${site}/wiki/api/v2/spaces/1/pages?cursor=c&depth=all&limit=100`);
    assert.equal(u.searchParams.get('cursor'), 'c');
  });

  test('re-prefixes the gateway for scoped connections', () => {
    assert.equal(resolveNextUrl('/wiki/api/v2/pages/1/direct-children?cursor=c&limit=250', gw, site, cur).href,
      `${gw}/wiki/api/v2/pages/1/direct-children?cursor=c&limit=250`);
    // An absolute link on the site is moved onto the gateway (credentials never go to the site origin).
    assert.equal(resolveNextUrl(`${site}/wiki/api/v2/spaces?cursor=c`, gw, site, cur).href, `${gw}/wiki/api/v2/spaces?cursor=c&limit=250`);
    // A link that already includes the gateway prefix is kept as is.
    assert.equal(resolveNextUrl('/ex/confluence/abc-123/wiki/api/v2/spaces?cursor=c&limit=250', gw, site, cur).href,
      `${gw}/wiki/api/v2/spaces?cursor=c&limit=250`);
  });

  test('v1 links relative to /wiki get the context back; limit is added when missing', () => {
    assert.equal(resolveNextUrl('/rest/api/search?cql=type%3Dpage&cursor=x', site, site, cur).href, `${site}/wiki/rest/api/search?cql=type%3Dpage&cursor=x&limit=250`);
  });

  test('links to another origin are refused', () => {
    assert.throws(() => resolveNextUrl('https://evil.example.com/wiki/api/v2/spaces?cursor=c', site, site, cur), (e: unknown) => ConfluenceError.is(e, 'invalidResponse'));
  });
});

describe('transport: headers and origins', () => {
  test('sends User-Agent, Accept and Basic auth only to the API origin', async () => {
    const s = await server(ok);
    const { client } = makeClient(scan, classicConnection(s.url));
    await client.getPage('42');
    const h = s.received[0]?.headers;
    assert.equal(h?.['user-agent'], USER_AGENT);
    assert.equal(h?.accept, 'application/json');
    assert.equal(h?.authorization, `Basic ${Buffer.from('admin@example.com:demo-admin-token').toString('base64')}`);
    assert.equal(h?.['atl-confluence-with-admin-key'], undefined);
    assert.equal(s.received[0]?.url, '/wiki/api/v2/pages/42?body-format=storage');
  });

  test('a cross-origin redirect is refused and nothing reaches the other origin', async () => {
    const evil = await server(ok);
    const s = await server((_req, res) => { res.writeHead(302, { location: `${evil.url}/wiki/api/v2/pages/42` }); res.end(); });
    const { client, audit, key } = makeClient(scan, classicConnection(s.url));
    key.set(Date.parse('2026-11-26T10:00:00.000Z'));
    const e = await expectError(scan, client.getPage('42'), 'invalidResponse');
    assert.match(e.message, /redirected .* to another site/);
    assert.equal(evil.received.length, 0);
    assert.equal(s.received[0]?.headers['atl-confluence-with-admin-key'], 'true');
    assert.deepEqual(audit.map((a) => a.status), [302]);
  });

  test('a same-origin redirect is followed once (with credentials), a second one is refused', async () => {
    const s = await server((req, res) => {
      const hop: Record<string, string> = { '/wiki/api/v2/pages/42': '/wiki/api/v2/pages/43', '/wiki/api/v2/pages/44': '/wiki/api/v2/pages/45',
        '/wiki/api/v2/pages/45': '/wiki/api/v2/pages/46' };
      const to = hop[req.url.split('?')[0] ?? ''];
      if (to) { res.writeHead(301, { location: to }); res.end(); return; }
      json(res, 200, PAGE);
    });
    const { client } = makeClient(scan, classicConnection(s.url));
    await client.getPage('42', { bodyFormat: 'none' });
    assert.deepEqual(s.received.map((r) => r.url), ['/wiki/api/v2/pages/42', '/wiki/api/v2/pages/43']);
    assert.ok(s.received.every((r) => r.headers.authorization !== undefined));
    await expectError(scan, client.getPage('44', { bodyFormat: 'none' }), 'invalidResponse');
    assert.equal(s.received.length, 4);
  });

  test('a next link to another origin is refused before anything is sent there', async () => {
    const evil = await server(ok);
    const s = await server((_req, res) => json(res, 200, { results: [], _links: { next: `${evil.url}/wiki/api/v2/spaces?cursor=1` } }));
    const { client } = makeClient(scan, classicConnection(s.url));
    await expectError(scan, collect(client.spaces()), 'invalidResponse');
    assert.equal(evil.received.length, 0);
  });

  test('the transport refuses to attach credentials or the admin-key header for any other origin', async () => {
    const evil = await server(ok);
    const t = new HttpTransport({ http: { userAgent: USER_AGENT, env: {} }, apiOrigin: 'http://127.0.0.1:1', siteHost: 'acme', credentials: ADMIN, logger: scan.logger });
    after(() => t.dispose());
    await expectError(scan, t.send({ method: 'GET', url: new URL(`${evil.url}/wiki/api/v2/spaces`) }), 'invalidInput');
    await expectError(scan, t.send({ method: 'GET', url: new URL(`${evil.url}/wiki/api/v2/spaces`), auth: false, adminKey: true }), 'invalidInput');
    assert.equal(evil.received.length, 0);
    // Unauthenticated requests (tenant_info) may go elsewhere, and carry nothing secret.
    await t.send({ method: 'GET', url: new URL(`${evil.url}/_edge/tenant_info`), auth: false });
    assert.equal(evil.received[0]?.headers.authorization, undefined);
  });

  test('connections are kept alive and reused (one agent per origin)', async () => {
    const s = await server(ok);
    const { client } = makeClient(scan, classicConnection(s.url));
    for (let i = 0; i < 6; i++) { await client.getPageVersion('42'); }
    // undici may open a second socket while the first is being released; it never opens one per request.
    assert.equal(s.received.length, 6);
    assert.ok(new Set(s.received.map((r) => r.remotePort)).size <= 2);
  });

  test('util.inspect and JSON.stringify of a client reveal no credentials', async () => {
    const s = await server(ok);
    const { client } = makeClient(scan, classicConnection(s.url));
    await client.getPage('42');
    const shown = util.inspect(client, { showHidden: true, depth: Infinity }) + JSON.stringify(client);
    scan.text(shown);
    assert.ok(!shown.includes('demo-admin-token'));
    assert.ok(!shown.includes(Buffer.from('admin@example.com:demo-admin-token').toString('base64')));
  });
});

describe('transport: pagination and logging', () => {
  test('follows a Link header whose cursor is not the last parameter when the body has no next link', async () => {
    const s = await server((req, res) => {
      const u = new URL(req.url, 'http://x');
      if (u.searchParams.get('cursor') === 'c2') { json(res, 200, { results: [{ id: '2', status: 'current', title: 'B', spaceId: '7', position: 1 }] }); return; }
      json(res, 200, { results: [{ id: '1', status: 'current', title: 'A', spaceId: '7', position: 0 }], _links: {} },
        { link: '</wiki/api/v2/spaces/7/pages?depth=all&cursor=c2&limit=250&status=current>; rel="next", <http://x/wiki>; rel="base"' });
    });
    const { client } = makeClient(scan, classicConnection(s.url));
    const { batches } = await collect(client.spacePages('7'));
    assert.deepEqual(batches.map((b) => b.map((n) => n.id)), [['1'], ['2']]);
    assert.equal(s.received[1]?.url, '/wiki/api/v2/spaces/7/pages?depth=all&cursor=c2&limit=250&status=current');
  });

  test('the same next link twice stops with invalidResponse instead of looping', async () => {
    const s = await server((_req, res) => json(res, 200, { results: [], _links: { next: '/wiki/api/v2/spaces?cursor=same&limit=250' } }));
    const { client } = makeClient(scan, classicConnection(s.url));
    await expectError(scan, collect(client.spaces()), 'invalidResponse');
    assert.equal(s.received.length, 2);
  });

  test('one log line per request with method, path, status and time; never headers', async () => {
    const lines: string[] = [];
    const push = (m: string): void => { lines.push(m); scan.text(m); };
    const s = await server(ok);
    const { client } = makeClient(scan, classicConnection(s.url), { extra: { logger: { debug: push, info: push, warn: push, error: push } } });
    await client.getPage('42');
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^GET \/wiki\/api\/v2\/pages\/42\?body-format=storage 200 \d+ ms$/);
  });

  test('isConfluenceAdmin reads "administer application" from user/current?expand=operations', async () => {
    const s = await server((req, res) => json(res, 200, { accountId: 'a1', displayName: 'A',
      operations: req.headers.authorization?.includes(Buffer.from('admin@example.com:demo-admin-token').toString('base64'))
        ? [{ operation: 'administer', targetType: 'application' }, { operation: 'use', targetType: 'application' }]
        : [{ operation: 'use', targetType: 'application' }] }));
    assert.equal(await makeClient(scan, classicConnection(s.url)).client.isConfluenceAdmin(), true);
    assert.equal(await makeClient(scan, classicConnection(s.url), { credentials: { email: 'writer@example.com', token: 'demo-writer-token' } }).client.isConfluenceAdmin(), false);
    assert.equal(s.received[0]?.url, '/wiki/rest/api/user/current?expand=operations');
  });
});

describe('transport: retries', () => {
  test('GET: 503 then success is retried after a backoff asked of the clock', async () => {
    const s = await server(sequence(status(503), page));
    const { client, clock } = makeClient(scan, classicConnection(s.url));
    const p = await client.getPage('42');
    assert.equal(p.version.number, 6);
    assert.equal(s.received.length, 2);
    assert.deepEqual(clock.waits, [backoffDelay(1, () => 0.5)]);
    assert.ok(scan.lines.some((l) => l.startsWith('info retrying GET /wiki/api/v2/pages/42')));
  });

  test('503 with Retry-After waits what the server asked', async () => {
    const s = await server(sequence(status(503, { 'retry-after': '7' }), page));
    const { client, clock } = makeClient(scan, classicConnection(s.url));
    await client.getPage('42');
    assert.deepEqual(clock.waits, [7000]);
  });

  test('502 and 504 are retried for GET; maxAttempts bounds the total', async () => {
    const s = await server(sequence(status(502), status(504), status(502), status(504), page));
    const { client } = makeClient(scan, classicConnection(s.url), { http: { maxAttempts: 4 } });
    const e = await expectError(scan, client.getPage('42'), 'server');
    assert.equal(e.status, 504);
    assert.equal(s.received.length, 4);
  });

  test('429 with Retry-After: 9223372036854775807 fails at once with rateLimited carrying the maximum', async () => {
    const s = await server(sequence(status(429, { 'retry-after': '9223372036854775807' }), page));
    const { client, clock } = makeClient(scan, classicConnection(s.url));
    const e = await expectError(scan, client.getPage('42'), 'rateLimited');
    assert.equal(e.retryAfterMs, 60_000);
    assert.deepEqual(clock.waits, []);
    assert.equal(s.received.length, 1);
    assert.match(e.message, /about 60 s/);
  });

  test('the maximum wait is configurable', async () => {
    const s = await server(sequence(status(429, { 'retry-after': '20' }), page));
    const { client } = makeClient(scan, classicConnection(s.url), { http: { maxRetryAfterMs: 10_000 } });
    const e = await expectError(scan, client.getPage('42'), 'rateLimited');
    assert.equal(e.retryAfterMs, 10_000);
  });

  test('429 uses X-RateLimit-Reset when it is all there is', async () => {
    const s = await server(sequence(status(429, { 'x-ratelimit-reset': '2026-11-26T09:00:30Z' }), page));
    const { client, clock } = makeClient(scan, classicConnection(s.url), { clock: new FakeClock(Date.parse('2026-11-26T09:00:00.000Z')) });
    await client.getPage('42');
    assert.deepEqual(clock.waits, [30_000]);
  });

  test('429 with an HTTP-date Retry-After', async () => {
    const s = await server(sequence(status(429, { 'retry-after': 'Thu, 26 Nov 2026 09:00:12 GMT' }), page));
    const { client, clock } = makeClient(scan, classicConnection(s.url), { clock: new FakeClock(Date.parse('2026-11-26T09:00:00.000Z')) });
    await client.getPage('42');
    assert.deepEqual(clock.waits, [12_000]);
  });

  test('PUT is retried on 429 (the server did not process it)', async () => {
    const s = await server(sequence(status(429, { 'retry-after': '2' }), page));
    const { client, clock } = makeClient(scan, classicConnection(s.url));
    await client.updatePage(UPDATE);
    assert.equal(s.received.length, 2);
    assert.ok(s.received.every((r) => r.method === 'PUT' && JSON.parse(r.body).version.number === 7));
    assert.deepEqual(clock.waits, [2000]);
  });

  test('PUT is not retried on 500 or 503', async () => {
    for (const code of [500, 503]) {
      const s = await server(sequence(status(code, { 'retry-after': '1' }), page));
      const { client } = makeClient(scan, classicConnection(s.url));
      const e = await expectError(scan, client.updatePage(UPDATE), 'server');
      assert.equal(e.status, code);
      assert.equal(s.received.length, 1);
    }
  });

  test('POST is not retried after a dropped connection', async () => {
    const s = await server((_req, res) => res.socket?.destroy());
    const { client } = makeClient(scan, classicConnection(s.url));
    await expectError(scan, client.createPage({ spaceId: '7', title: 'T', body: { representation: 'storage', value: '<p/>' } }), 'network');
    assert.equal(s.received.length, 1);
  });

  test('GET: a connection dropped mid-body is retried and succeeds', async () => {
    const s = await server(sequence((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('{"id":"42","status":"cur');
      setTimeout(() => res.socket?.destroy(), 10);
    }, page));
    const { client } = makeClient(scan, classicConnection(s.url));
    const p = await client.getPage('42');
    assert.equal(p.id, '42');
    assert.equal(s.received.length, 2);
  });

  test('admin-key DELETE is retried like a GET', async () => {
    const s = await server(sequence(status(503), (res) => { res.writeHead(204); res.end(); }));
    const { client } = makeClient(scan, classicConnection(s.url));
    await client.disableAdminKey();
    assert.deepEqual(s.received.map((r) => r.method), ['DELETE', 'DELETE']);
  });

  test('page DELETE is not retried on 503', async () => {
    const s = await server(sequence(status(503), (res) => { res.writeHead(204); res.end(); }));
    const { client } = makeClient(scan, classicConnection(s.url));
    await expectError(scan, client.deletePage('42'), 'server');
    assert.equal(s.received.length, 1);
  });
});

describe('transport: timeouts and cancellation', () => {
  test('a hang hits the timeout (kind timeout, not retried)', async () => {
    const s = await server(() => { /* never answer */ });
    const { client } = makeClient(scan, classicConnection(s.url), { http: { timeoutMs: 150 } });
    const started = Date.now();
    const e = await expectError(scan, client.getPage('42'), 'timeout');
    assert.ok(Date.now() - started < 3000);
    assert.match(e.message, /did not answer/);
    assert.equal(s.received.length, 1);
  });

  test('aborting mid-request cancels promptly', async () => {
    const s = await server(() => { /* never answer */ });
    const { client } = makeClient(scan, classicConnection(s.url));
    const ac = new AbortController();
    const started = Date.now();
    const p = client.getPage('42', { signal: ac.signal });
    await until(() => s.received.length === 1);
    ac.abort();
    await expectError(scan, p, 'cancelled');
    assert.ok(Date.now() - started < 1500);
  });

  test('aborting mid-backoff cancels at once without another request', async () => {
    const s = await server(sequence(status(503), page));
    const clock = new FakeClock(undefined, 'manual');
    const { client } = makeClient(scan, classicConnection(s.url), { clock });
    const ac = new AbortController();
    const p = client.getPage('42', { signal: ac.signal });
    await until(() => clock.pending() === 1);
    ac.abort();
    await expectError(scan, p, 'cancelled');
    assert.equal(clock.pending(), 0);
    assert.equal(s.received.length, 1);
  });

  test('an already aborted signal sends nothing', async () => {
    const s = await server(ok);
    const { client } = makeClient(scan, classicConnection(s.url));
    await expectError(scan, client.getPage('42', { signal: AbortSignal.abort() }), 'cancelled');
    assert.equal(s.received.length, 0);
  });
});

describe('transport: invalid responses and status errors', () => {
  test('an HTML login page where JSON was expected: invalidResponse with a short, redacted excerpt', async () => {
    const basic = Buffer.from('admin@example.com:demo-admin-token').toString('base64');
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><head><title>Log in to continue</title></head><body>Your request: Authorization: Basic ${basic} `
        + `token=demo-admin-token ${'lorem ipsum '.repeat(100)}</body></html>`);
    });
    const { client } = makeClient(scan, classicConnection(s.url));
    const e = await expectError(scan, client.getPage('42'), 'invalidResponse');
    assert.ok(e.excerpt !== undefined && e.excerpt.length <= 200);
    assert.ok(e.excerpt?.startsWith('Log in to continue'));
    assert.match(e.message, /web page/);
  });

  test('malformed JSON is invalidResponse', async () => {
    const s = await server((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"id": "42", '); });
    const { client } = makeClient(scan, classicConnection(s.url));
    const e = await expectError(scan, client.getPage('42'), 'invalidResponse');
    assert.match(e.message, /malformed JSON/);
  });

  test('a schema violation (version.number as a string) is invalidResponse naming the field', async () => {
    const s = await server((_req, res) => json(res, 200, { ...PAGE, version: { ...PAGE.version, number: '6' } }));
    const { client } = makeClient(scan, classicConnection(s.url));
    const e = await expectError(scan, client.getPage('42'), 'invalidResponse');
    assert.match(e.message, /version\.number: expected number/);
  });

  test('a missing required field is invalidResponse; unknown extra fields are fine', async () => {
    const { id: _omit, ...withoutId } = PAGE;
    const s = await server(sequence((res) => json(res, 200, withoutId), (res) => json(res, 200, { ...PAGE, brandNew: { x: 1 } })));
    const { client } = makeClient(scan, classicConnection(s.url));
    await expectError(scan, client.getPage('42'), 'invalidResponse');
    const p = await client.getPage('42');
    assert.equal(p.title, 'Webhooks');
  });

  test('409 on update: conflict with the current version from the title', async () => {
    const s = await server((_req, res) => json(res, 409, { errors: [{ status: 409, code: 'CONFLICT',
      title: 'Version must be incremented when updating a page. Current Version: [8]. Provided version: [7]', detail: null }] }));
    const { client } = makeClient(scan, classicConnection(s.url));
    const e = await expectError(scan, client.updatePage(UPDATE), 'conflict');
    assert.equal(e.currentVersion, 8);
  });

  test('409 without a version leaves currentVersion undefined', async () => {
    const s = await server((_req, res) => json(res, 409, { statusCode: 409, message: 'OptimisticLockException' }));
    const { client } = makeClient(scan, classicConnection(s.url));
    const e = await expectError(scan, client.updatePage(UPDATE), 'conflict');
    assert.equal(e.currentVersion, undefined);
  });

  test('401, 403, 404, 413 map to their kinds with helpful messages', async () => {
    const cases: [number, string, RegExp][] = [[401, 'unauthorized', /id\.atlassian\.com/], [403, 'forbidden', /403/],
      [404, 'notFound', /don't have permission/], [413, 'tooLarge', /too large/]];
    for (const [code, kind, msg] of cases) {
      const s = await server(sequence(status(code)));
      const { client } = makeClient(scan, classicConnection(s.url));
      const e = await expectError(scan, client.getPage('42'), kind);
      assert.match(e.message, msg);
    }
  });

  test('ids are validated before anything is sent', async () => {
    const s = await server(ok);
    const { client } = makeClient(scan, classicConnection(s.url));
    await expectError(scan, client.getPage('../admin-key'), 'invalidInput');
    await expectError(scan, client.enableAdminKey(61), 'invalidInput');
    await expectError(scan, client.enableAdminKey(0), 'invalidInput');
    await expectError(scan, client.enableAdminKey(2.5), 'invalidInput');
    await expectError(scan, client.updatePage({ ...UPDATE, body: { representation: 'view', value: '<p/>' } }), 'invalidInput');
    assert.equal(s.received.length, 0);
  });
});

describe('transport: proxies and TLS', () => {
  test('an explicit proxy carries http:// loopback traffic (absolute-form forwarding)', async () => {
    const proxy = await startTestProxy();
    after(() => proxy.close());
    const s = await server(ok);
    const { client } = makeClient(scan, classicConnection(s.url), { http: { proxy: proxy.url } });
    await client.getPage('42');
    assert.equal(proxy.records.length, 1);
    assert.equal(proxy.records[0]?.kind, 'forward');
    assert.equal(proxy.records[0]?.target, `${s.url}/wiki/api/v2/pages/42?body-format=storage`);
    assert.equal(s.received.length, 1);
  });

  test('HTTP_PROXY from the injected env is used, and NO_PROXY bypasses it', async () => {
    const proxy = await startTestProxy();
    after(() => proxy.close());
    const s = await server(ok);
    const via = makeClient(scan, classicConnection(s.url), { http: { env: { HTTP_PROXY: proxy.url } } }).client;
    await via.getPage('42');
    assert.equal(proxy.records.length, 1);
    const bypass = makeClient(scan, classicConnection(s.url), { http: { env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' } } }).client;
    await bypass.getPage('42');
    assert.equal(proxy.records.length, 1);
    assert.equal(s.received.length, 2);
  });

  test('https through a CONNECT proxy; strict SSL refuses a self-signed certificate unless switched off', async () => {
    const proxy = await startTestProxy();
    after(() => proxy.close());
    const s = await server(ok, { tls: true });
    const strict = makeClient(scan, classicConnection(s.url), { http: { env: { HTTPS_PROXY: proxy.url } } }).client;
    const e = await expectError(scan, strict.getPage('42'), 'network');
    assert.match(e.message, /secure connection|certificate|proxyStrictSSL/i);
    assert.equal(s.received.length, 0);
    const relaxed = makeClient(scan, classicConnection(s.url), { http: { env: { HTTPS_PROXY: proxy.url }, strictSSL: false } }).client;
    const p = await relaxed.getPage('42');
    assert.equal(p.id, '42');
    assert.ok(proxy.records.length >= 2);
    assert.ok(proxy.records.every((r) => r.kind === 'connect' && r.target === new URL(s.url).host && !r.hadAuthorization));
  });
});

describe('client construction', () => {
  test('refuses an apiBase that ends in /wiki', () => {
    assert.throws(() => new ConfluenceClient({ connection: { siteOrigin: 'https://a.atlassian.net', apiBase: 'https://a.atlassian.net/wiki', tokenKind: 'classic' },
      credentials: ADMIN, http: { userAgent: USER_AGENT } }), (e: unknown) => ConfluenceError.is(e, 'invalidInput'));
  });
});

scan.declareFinalCheck();
