import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BodyCache, MetaCache, pageMetaFrom, versionMtime, type PageMeta } from '../../src/pages/pageCache';

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
});
