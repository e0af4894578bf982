import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfluenceError } from '../../src/confluence/errors';
import { conflictMessage, formatVersionTime, pageErrorFor } from '../../src/pages/pageMessages';

describe('messages', () => {
  test('a refused conflict names version, author and time, and both commands', () => {
    const m = conflictMessage({ title: 'Webhooks', baseVersion: 5, reason: 'invisible',
      remote: { version: 6, mtime: Date.parse('2026-11-26T09:05:30Z'), size: 1, authorId: '712020:abc' } });
    assert.match(m, /version 6 by account 712020:abc at 2026-11-26 09:05 UTC/);
    assert.match(m, /based on version 5/);
    assert.match(m, /Confluence: Compare with Remote/);
    assert.match(m, /Confluence: Overwrite Remote with My Version/);
    assert.match(m, /your text is kept/);
    const mine = conflictMessage({ title: 'T', reason: 'moved-again', remote: { version: 9, mtime: 0, size: 0, authorId: 'me' }, currentAccountId: 'me' });
    assert.match(mine, /changed again.*by you/);
    assert.match(conflictMessage({ title: 'T', reason: 'unknown-base', remote: { version: 2, mtime: 0, size: 0 } }), /not known which version/);
  });

  test('formatVersionTime is locale-independent', () => {
    assert.equal(formatVersionTime(Date.parse('2026-01-02T03:04:59.999Z')), '2026-01-02 03:04 UTC');
    assert.equal(formatVersionTime(Number.NaN), 'an unknown time');
  });

  test('pageErrorFor maps client errors to file-system codes with next steps', () => {
    const ctx = { pageId: '42', host: 'acme.atlassian.net', title: 'Webhooks' };
    const nf = new ConfluenceError('notFound', 'nf', { status: 404 });
    assert.equal(pageErrorFor(nf, { ...ctx, operation: 'read' }).code, 'FileNotFound');
    assert.match(pageErrorFor(nf, { ...ctx, operation: 'read', adminKeyOff: true }).message, /admin key may be needed/);
    assert.doesNotMatch(pageErrorFor(nf, { ...ctx, operation: 'read', adminKeyOff: false }).message, /admin key/);
    const write = pageErrorFor(nf, { ...ctx, operation: 'write' });
    assert.equal(write.code, 'FileNotFound');
    assert.match(write.message, /not re-created.*text is kept/s);
    const expired = pageErrorFor(nf, { ...ctx, operation: 'write', adminKeyOff: true, readWithAdminKey: true });
    assert.equal(expired.code, 'NoPermissions');
    assert.match(expired.message, /^Not saved: the admin key is no longer active on .* — enable it and save again; your text is kept/);
    assert.equal(pageErrorFor(new ConfluenceError('forbidden', 'x', { status: 403 }), { ...ctx, operation: 'write' }).code, 'NoPermissions');
    const limited = pageErrorFor(new ConfluenceError('rateLimited', 'x', { status: 429, retryAfterMs: 12_300 }), { ...ctx, operation: 'write' });
    assert.equal(limited.code, 'Unavailable');
    assert.match(limited.message, /about 13 s/);
    assert.equal(pageErrorFor(new ConfluenceError('server', 'boom', { status: 502 }), { ...ctx, operation: 'read' }).code, 'Unavailable');
    assert.equal(pageErrorFor(new ConfluenceError('network', 'down'), { ...ctx, operation: 'read' }).code, 'Unavailable');
    const big = pageErrorFor(new ConfluenceError('tooLarge', 'x', { status: 413 }), { ...ctx, operation: 'write' });
    assert.match(big.message, /too large.*5 MB/);
    assert.equal(pageErrorFor(new Error('weird'), { ...ctx, operation: 'write' }).code, 'Unknown');
  });
});
