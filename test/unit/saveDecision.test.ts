import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfluenceError } from '../../src/confluence/errors';
import { BaseStore, BASES_MEMENTO_KEY, BodyCache, MetaCache, pageMetaFrom, versionMtime, type PageMeta } from '../../src/fs/pageCacheState';
import {
  conflictMessage, decideConflict, formatVersionTime, fsErrorFor, isFreshStat, refuseAutoSave, reportReadonly, SaveReason,
  type VersionMeta,
} from '../../src/fs/saveDecision';

const v = (version: number, mtime: number, size: number): VersionMeta => ({ version, mtime, size });

describe('decideConflict', () => {
  const base = v(5, 5_000, 100);

  test('VS Code showed its conflict (newer and another size) and the write came anyway: overwrite exactly that version', () => {
    const remote = v(6, 6_000, 120);
    assert.deepEqual(decideConflict({ base, seen: remote, remote }), { action: 'overwrite', onTopOf: 6, why: 'vscode-overwrite' });
  });

  test('same size: VS Code could not see it, refuse', () => {
    const remote = v(6, 6_000, 100);
    assert.deepEqual(decideConflict({ base, seen: remote, remote }), { action: 'refuse', reason: 'invisible' });
  });

  test('the stat before the write still showed the base: the 409 came after it, refuse', () => {
    assert.deepEqual(decideConflict({ base, seen: base, remote: v(6, 6_000, 300) }), { action: 'refuse', reason: 'invisible' });
  });

  test('mtime not newer: refuse', () => {
    const remote = v(6, 5_000, 120);
    assert.deepEqual(decideConflict({ base, seen: remote, remote }), { action: 'refuse', reason: 'invisible' });
  });

  test('no stat before the write (workspace.fs.writeFile, failed stat): refuse', () => {
    assert.deepEqual(decideConflict({ base, remote: v(6, 6_000, 120) }), { action: 'refuse', reason: 'no-stat' });
  });

  test('unknown base: refuse', () => {
    const remote = v(6, 6_000, 120);
    assert.deepEqual(decideConflict({ seen: remote, remote }), { action: 'refuse', reason: 'unknown-base' });
  });

  test('yet another version appeared after the one VS Code showed: refuse', () => {
    assert.deepEqual(decideConflict({ base, seen: v(6, 6_000, 120), remote: v(7, 7_000, 130) }), { action: 'refuse', reason: 'moved-again' });
  });

  test('a newer version with the base body (a rename) loses nobody\'s text: write on top of it', () => {
    assert.deepEqual(decideConflict({ base, seen: base, remote: v(6, 6_000, 100), remoteSameContentAsBase: true }),
      { action: 'overwrite', onTopOf: 6, why: 'same-content' });
  });

  test('explicit consent counts only for exactly the version shown', () => {
    assert.deepEqual(decideConflict({ base, remote: v(6, 6_000, 100), consentVersion: 6 }), { action: 'overwrite', onTopOf: 6, why: 'consent' });
    assert.deepEqual(decideConflict({ base, remote: v(7, 7_000, 100), consentVersion: 6 }), { action: 'refuse', reason: 'moved-again' });
    assert.deepEqual(decideConflict({ remote: v(6, 6_000, 100), consentVersion: 6 }), { action: 'overwrite', onTopOf: 6, why: 'consent' });
  });

  test('a 409 without a newer version is unexpected: refuse', () => {
    assert.deepEqual(decideConflict({ base, seen: base, remote: base }), { action: 'refuse', reason: 'unexpected' });
  });
});

describe('isFreshStat', () => {
  test('only a stat right before the write counts', () => {
    assert.ok(isFreshStat(1_000, 1_050));
    assert.ok(!isFreshStat(1_000, 7_000));
    assert.ok(!isFreshStat(undefined, 1_000));
    assert.ok(!isFreshStat(2_000, 1_000), 'clock went backwards');
  });
});

describe('refuseAutoSave / reportReadonly', () => {
  test('auto saves are refused unless the person opted in; explicit and unknown reasons pass', () => {
    assert.ok(refuseAutoSave(SaveReason.AfterDelay, false));
    assert.ok(refuseAutoSave(SaveReason.FocusOut, false));
    assert.ok(!refuseAutoSave(SaveReason.AfterDelay, true));
    assert.ok(!refuseAutoSave(SaveReason.Manual, false));
    assert.ok(!refuseAutoSave(undefined, false));
  });

  test('clean editors become read-only without update permission or when the admin key lapsed; dirty ones never', () => {
    assert.ok(reportReadonly({ canUpdate: false, adminKeyLapsed: false, dirty: false }));
    assert.ok(reportReadonly({ canUpdate: true, adminKeyLapsed: true, dirty: false }));
    assert.ok(reportReadonly({ canUpdate: true, adminKeyLapsed: false, status: 'archived', dirty: false }));
    assert.ok(!reportReadonly({ canUpdate: true, adminKeyLapsed: false, status: 'current', dirty: false }));
    assert.ok(!reportReadonly({ canUpdate: undefined, adminKeyLapsed: false, dirty: false }), 'unknown is not read-only');
    assert.ok(!reportReadonly({ canUpdate: false, adminKeyLapsed: true, dirty: true }));
  });
});

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

  test('fsErrorFor maps client errors to FileSystemError codes with next steps', () => {
    const ctx = { pageId: '42', host: 'acme.atlassian.net', title: 'Webhooks' };
    const nf = new ConfluenceError('notFound', 'nf', { status: 404 });
    assert.equal(fsErrorFor(nf, { ...ctx, operation: 'read' }).code, 'FileNotFound');
    assert.match(fsErrorFor(nf, { ...ctx, operation: 'read', adminKeyOff: true }).message, /admin key may be needed/);
    assert.doesNotMatch(fsErrorFor(nf, { ...ctx, operation: 'read', adminKeyOff: false }).message, /admin key/);
    const write = fsErrorFor(nf, { ...ctx, operation: 'write' });
    assert.equal(write.code, 'FileNotFound');
    assert.match(write.message, /not re-created.*text is kept/s);
    const expired = fsErrorFor(nf, { ...ctx, operation: 'write', adminKeyOff: true, readWithAdminKey: true });
    assert.equal(expired.code, 'NoPermissions');
    assert.match(expired.message, /^The admin key expired — re-enable it and save again; your text is kept/);
    assert.equal(fsErrorFor(new ConfluenceError('forbidden', 'x', { status: 403 }), { ...ctx, operation: 'write' }).code, 'NoPermissions');
    const limited = fsErrorFor(new ConfluenceError('rateLimited', 'x', { status: 429, retryAfterMs: 12_300 }), { ...ctx, operation: 'write' });
    assert.equal(limited.code, 'Unavailable');
    assert.match(limited.message, /about 13 s/);
    assert.equal(fsErrorFor(new ConfluenceError('server', 'boom', { status: 502 }), { ...ctx, operation: 'read' }).code, 'Unavailable');
    assert.equal(fsErrorFor(new ConfluenceError('network', 'down'), { ...ctx, operation: 'read' }).code, 'Unavailable');
    const big = fsErrorFor(new ConfluenceError('tooLarge', 'x', { status: 413 }), { ...ctx, operation: 'write' });
    assert.match(big.message, /too large.*5 MB/);
    assert.equal(fsErrorFor(new Error('weird'), { ...ctx, operation: 'write' }).code, 'Unknown');
  });
});

describe('page cache state', () => {
  const page = (version: number, createdAt: string) => ({ id: '42', title: 'T', status: 'current', spaceId: '7', createdAt: '2025-01-01T00:00:00Z',
    version: { number: version, createdAt, authorId: 'a' } });

  test('versionMtime is a pure function of the version that increases even within one second', () => {
    const t = '2026-11-26T09:00:00.500Z';
    assert.equal(versionMtime(5, t), Date.parse('2026-11-26T09:00:00Z') + 5);
    assert.ok(versionMtime(6, t) > versionMtime(5, t), 'same timestamp, newer version');
    assert.ok(versionMtime(1000, '2026-11-26T09:00:01.000Z') > versionMtime(999, '2026-11-26T09:00:00.000Z'));
    assert.equal(versionMtime(3, 'garbage'), 3);
    assert.equal(versionMtime(5, t), versionMtime(5, t));
  });

  test('pageMetaFrom takes ctime from the page and mtime from the version', () => {
    const m = pageMetaFrom(page(3, '2026-02-02T00:00:00Z'));
    assert.equal(m.ctime, Date.parse('2025-01-01T00:00:00Z'));
    assert.equal(m.mtime, Date.parse('2026-02-02T00:00:00Z') + 3);
    assert.equal(m.authorId, 'a');
  });

  test('MetaCache never goes back to an older version', () => {
    const c = new MetaCache();
    const m5: PageMeta = pageMetaFrom(page(5, '2026-01-01T00:00:05Z'));
    const m4: PageMeta = pageMetaFrom(page(4, '2026-01-01T00:00:04Z'));
    c.update('k', m5, 1);
    assert.equal(c.update('k', m4, 2).version, 5);
    assert.equal(c.get('k')?.at, 1);
    c.invalidate('k');
    assert.equal(c.get('k')?.meta.version, 5);
    assert.equal(c.get('k')?.at, Number.NEGATIVE_INFINITY);
  });

  test('BodyCache keeps exact UTF-8 sizes and evicts least recently used', () => {
    const c = new BodyCache(2);
    assert.equal(c.set('p', 1, 'héllo 💩').size, new TextEncoder().encode('héllo 💩').length);
    c.set('p', 2, 'b');
    c.get('p', 1);
    c.set('q', 1, 'c');
    assert.ok(c.get('p', 1));
    assert.equal(c.get('p', 2), undefined);
    assert.ok(c.hasAny('q'));
    assert.ok(!c.hasAny('p2'));
  });

  test('BaseStore persists and restores bases, ignoring garbage', async () => {
    const data = new Map<string, unknown>();
    const memento = { get: <T>(k: string) => data.get(k) as T | undefined, update: (k: string, value: unknown) => { data.set(k, value); return Promise.resolve(); } };
    const a = new BaseStore(memento);
    a.set('confluence://h/E/1/x.confluence.html', { version: 3, mtime: 30, size: 300 }, 1);
    assert.deepEqual(new BaseStore(memento).get('confluence://h/E/1/x.confluence.html'), { version: 3, mtime: 30, size: 300 });
    data.set(BASES_MEMENTO_KEY, { good: { v: 1, m: 2, s: 3, t: 4 }, bad: { v: 'x' }, worse: null });
    const b = new BaseStore(memento);
    assert.deepEqual(b.get('good'), { version: 1, mtime: 2, size: 3 });
    assert.equal(b.get('bad'), undefined);
  });

  test('BaseStore is bounded', () => {
    const data = new Map<string, unknown>();
    const memento = { get: <T>(k: string) => data.get(k) as T | undefined, update: (k: string, value: unknown) => { data.set(k, value); return Promise.resolve(); } };
    const s = new BaseStore(memento, () => undefined, 3);
    for (let i = 0; i < 5; i++) { s.set(`u${i}`, { version: i + 1, mtime: i, size: i }, i); }
    assert.equal(s.get('u0'), undefined);
    assert.equal(s.get('u4')?.version, 5);
    assert.equal(Object.keys(data.get(BASES_MEMENTO_KEY) as object).length, 3);
  });
});
