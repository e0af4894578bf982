import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ConfluenceError } from '../../src/confluence/errors';
import { detectConnection } from '../../src/confluence/connectionDetection';
import { gatewayOriginFor, isLoopbackHost, normaliseSiteUrl } from '../../src/confluence/site';
import { SCOPED, USER_AGENT } from './helpers/clients';
import { json, startScriptedServer } from './helpers/scriptedServer';
import { expectError, registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();

describe('normaliseSiteUrl', () => {
  test('reduces page URLs and /wiki URLs to the origin', () => {
    assert.equal(normaliseSiteUrl('https://acme.atlassian.net/wiki/spaces/ENG/pages/123/Title?focusedCommentId=1#x'), 'https://acme.atlassian.net');
    assert.equal(normaliseSiteUrl('https://acme.atlassian.net/wiki'), 'https://acme.atlassian.net');
    assert.equal(normaliseSiteUrl('https://acme.atlassian.net/wiki/'), 'https://acme.atlassian.net');
    assert.equal(normaliseSiteUrl('  https://ACME.Atlassian.NET/  '), 'https://acme.atlassian.net');
  });

  test('adds https to a bare host name, and keeps custom domains and ports', () => {
    assert.equal(normaliseSiteUrl('acme.atlassian.net'), 'https://acme.atlassian.net');
    assert.equal(normaliseSiteUrl('acme.atlassian.net/wiki/home'), 'https://acme.atlassian.net');
    assert.equal(normaliseSiteUrl('docs.example.com'), 'https://docs.example.com');
    assert.equal(normaliseSiteUrl('https://docs.example.com:8443/wiki'), 'https://docs.example.com:8443');
    assert.equal(normaliseSiteUrl('https://acme.atlassian.net:443'), 'https://acme.atlassian.net');
  });

  test('allows http only for loopback hosts, where a missing scheme means http', () => {
    assert.equal(normaliseSiteUrl('http://127.0.0.1:4321/wiki'), 'http://127.0.0.1:4321');
    assert.equal(normaliseSiteUrl('http://localhost:4321'), 'http://localhost:4321');
    assert.equal(normaliseSiteUrl('http://[::1]:4321'), 'http://[::1]:4321');
    assert.equal(normaliseSiteUrl('127.0.0.1:4321'), 'http://127.0.0.1:4321');
    assert.equal(normaliseSiteUrl('localhost:4321'), 'http://localhost:4321');
    assert.equal(normaliseSiteUrl('https://localhost:4321'), 'https://localhost:4321');
  });

  test('refuses http for other hosts, other schemes, credentials in the URL and garbage', () => {
    const bad = ['http://acme.atlassian.net', 'ftp://acme.atlassian.net', 'https://user:pw@acme.atlassian.net', '', '   ',
      'not a url', 'https://', 'acme', 'https://acme', 'javascript:alert(1)', 'http://128.0.0.1', '://x', 'https://exa mple.com',
      'http://localhost.evil.com'];
    for (const input of bad) {
      assert.throws(() => normaliseSiteUrl(input), (e: unknown) => {
        scan.record(e);
        return ConfluenceError.is(e, 'invalidInput');
      }, input);
    }
  });

  test('the http refusal says what to do', () => {
    assert.throws(() => normaliseSiteUrl('http://acme.atlassian.net'), /use https:\/\/|only allowed for a local emulator/i);
  });
});

describe('isLoopbackHost', () => {
  test('knows 127.0.0.0/8, localhost and ::1', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '127.255.255.255', 'localhost', 'LOCALHOST', '::1', '[::1]', 'localhost.']) {
      assert.ok(isLoopbackHost(h), h);
    }
    for (const h of ['128.0.0.1', '127.0.0.256', '10.0.0.1', 'localhost.evil.com', 'example.com', '::2', '127.0.0']) {
      assert.ok(!isLoopbackHost(h), h);
    }
  });
});

describe('gatewayOriginFor', () => {
  test('api.atlassian.com for real sites, the site itself for a loopback emulator, or an explicit one', () => {
    assert.equal(gatewayOriginFor('https://acme.atlassian.net'), 'https://api.atlassian.com');
    assert.equal(gatewayOriginFor('http://127.0.0.1:4000'), 'http://127.0.0.1:4000');
    assert.equal(gatewayOriginFor('https://acme.atlassian.net', 'https://gw.example.com/'), 'https://gw.example.com');
  });
});

describe('detectConnection against hand-made site and gateway', () => {
  const CLOUD = '0a1b2c3d-0000-4000-8000-123456789abc';
  const http = { userAgent: USER_AGENT, env: {}, logger: scan.logger };

  test('tenant_info is asked without credentials; the scoped token then goes only to the gateway', async () => {
    const siteServer = await startScriptedServer((req, res) => {
      if (req.url === '/_edge/tenant_info') { json(res, 200, { cloudId: CLOUD }); return; }
      json(res, 401, { message: 'Unauthorized' });
    });
    const gw = await startScriptedServer((_req, res) => json(res, 200, { accountId: 'acc-1', displayName: 'Alex', email: 'admin@example.com' }));
    after(async () => { await siteServer.close(); await gw.close(); });
    const { connection, account } = await detectConnection(`${siteServer.url}/wiki`, SCOPED, http, { gatewayOrigin: gw.url });
    assert.deepEqual(connection, { siteOrigin: siteServer.url, apiBase: `${gw.url}/ex/confluence/${CLOUD}`, tokenKind: 'scoped', cloudId: CLOUD });
    assert.equal(account.accountId, 'acc-1');
    assert.deepEqual(siteServer.received.map((r) => [r.url, r.headers.authorization !== undefined]),
      [['/wiki/rest/api/user/current', true], ['/_edge/tenant_info', false]]);
    assert.deepEqual(gw.received.map((r) => r.url), [`/ex/confluence/${CLOUD}/wiki/rest/api/user/current`]);
  });

  test('a 401 and no tenant info is unauthorized; a hostile cloudId is invalidResponse', async () => {
    const noTenant = await startScriptedServer((_req, res) => json(res, 401, {}));
    const hostile = await startScriptedServer((req, res) => (req.url === '/_edge/tenant_info'
      ? json(res, 200, { cloudId: '../../evil' }) : json(res, 401, {})));
    after(async () => { await noTenant.close(); await hostile.close(); });
    await expectError(scan, detectConnection(noTenant.url, SCOPED, http), 'unauthorized');
    await expectError(scan, detectConnection(hostile.url, SCOPED, http), 'invalidResponse');
    assert.equal(hostile.received.length, 2);
  });
});

scan.declareFinalCheck();
