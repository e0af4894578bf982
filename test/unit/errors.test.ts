import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as util from 'node:util';
import { ConfluenceError, errorForStatus } from '../../src/confluence/errors';
import { parseCurrentVersion } from '../../src/confluence/http';
import { redactSecrets, safeExcerpt, safePath } from '../../src/confluence/redact';
import { registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();
const ctx = { method: 'PUT', path: '/wiki/api/v2/pages/42', siteHost: 'acme.atlassian.net' };

describe('ConfluenceError', () => {
  test('is() checks the class and optionally the kind', () => {
    const e = new ConfluenceError('notFound', 'gone', { status: 404 });
    assert.ok(ConfluenceError.is(e));
    assert.ok(ConfluenceError.is(e, 'notFound'));
    assert.ok(!ConfluenceError.is(e, 'conflict'));
    assert.ok(!ConfluenceError.is(new Error('x')));
    assert.ok(!ConfluenceError.is({ kind: 'notFound' }));
  });

  test('JSON.stringify keeps the message and the documented fields only', () => {
    const e = new ConfluenceError('conflict', 'changed', { status: 409, currentVersion: 6, method: 'PUT', path: '/p' });
    const json = JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json).sort(), ['currentVersion', 'kind', 'message', 'method', 'name', 'path', 'status']);
    assert.equal(json.message, 'changed');
    scan.record(e);
  });
});

describe('errorForStatus', () => {
  test('401 says what to do next and names the site', () => {
    const e = errorForStatus(401, ctx, undefined);
    assert.equal(e.kind, 'unauthorized');
    assert.equal(e.reason, 'rejected');
    assert.equal(e.message, 'Confluence rejected the email or API token for acme.atlassian.net (401). API tokens expire after at most '
      + 'a year and can be revoked: create a new one at https://id.atlassian.com/manage-profile/security/api-tokens, then sign in again.');
  });

  test('404 is neutral about missing vs. not permitted', () => {
    const e = errorForStatus(404, ctx, 'Not Found');
    assert.equal(e.kind, 'notFound');
    assert.match(e.message, /not found or you don't have permission/i);
  });

  test('maps every documented status to its kind', () => {
    const kinds: [number, string][] = [[400, 'invalidInput'], [403, 'forbidden'], [409, 'conflict'], [410, 'notFound'],
      [413, 'tooLarge'], [429, 'rateLimited'], [500, 'server'], [502, 'server'], [503, 'server']];
    for (const [status, kind] of kinds) {
      const e = errorForStatus(status, ctx, undefined);
      assert.equal(e.kind, kind, String(status));
      assert.equal(e.status, status);
      assert.equal(e.path, ctx.path);
      scan.record(e);
    }
  });

  test('409 carries the current version when known, and leaves it undefined otherwise', () => {
    assert.equal(errorForStatus(409, ctx, undefined, { currentVersion: 6 }).currentVersion, 6);
    assert.equal(errorForStatus(409, ctx, undefined).currentVersion, undefined);
    assert.match(errorForStatus(409, ctx, undefined, { currentVersion: 6 }).message, /version 6/);
  });

  test('parses "Current Version: [N]" from the 409 title', () => {
    assert.equal(parseCurrentVersion('Version must be incremented when updating a page. Current Version: [6]. Provided version: [5]'), 6);
    assert.equal(parseCurrentVersion('Conflict'), undefined);
  });
});

describe('redaction', () => {
  test('removes Authorization, Basic/Bearer values, cookies, token parameters and Atlassian tokens', () => {
    const basic = Buffer.from('admin@example.com:demo-admin-token').toString('base64');
    const text = `Authorization: Basic ${basic}; Cookie: cloud.session.token=abc123; url?token=xyz&x=1 `
      + 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig ATATT3xFfGF0abcdefghijklmnop "password":"hunter2"';
    const out = redactSecrets(text, ['demo-admin-token']);
    assert.ok(!out.includes(basic));
    assert.ok(!out.includes('abc123'));
    assert.ok(!out.includes('xyz'));
    assert.ok(!out.includes('eyJhbGciOiJIUzI1NiJ9'));
    assert.ok(!out.includes('ATATT3xFfGF0'));
    assert.ok(!out.includes('hunter2'));
    assert.match(out, /Authorization: \[redacted\]/);
  });

  test('removes known secrets wherever they appear', () => {
    assert.equal(redactSecrets('xx demo-admin-token yy', ['demo-admin-token']), 'xx [redacted] yy');
  });

  test('excerpts HTML as title + text, at most 200 characters', () => {
    const html = `<!DOCTYPE html><html><head><title>Log in with Atlassian account</title><script>var t="secret"</script></head>`
      + `<body><p>${'Continue to sign in. '.repeat(40)}</p></body></html>`;
    const ex = safeExcerpt(html);
    assert.ok(ex.startsWith('Log in with Atlassian account'));
    assert.ok(ex.length <= 200);
    assert.ok(!ex.includes('<'));
    assert.ok(!ex.includes('secret'));
  });

  test('safePath hides credential-like query values but keeps the rest', () => {
    assert.equal(safePath(new URL('https://x/wiki/a?cursor=c1&token=t0p&limit=250')), '/wiki/a?cursor=c1&token=redacted&limit=250');
    assert.equal(safePath(new URL('https://x/wiki/a?cursor=c1')), '/wiki/a?cursor=c1');
    assert.equal(safePath(new URL('https://x/wiki/a')), '/wiki/a');
  });

  test('util.inspect of an error shows no hidden request data', () => {
    const e = errorForStatus(500, ctx, 'boom');
    const shown = util.inspect(e, { showHidden: true, depth: 10 });
    assert.ok(shown.includes('server'));
    scan.record(e);
  });
});

scan.declareFinalCheck();
