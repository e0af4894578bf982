import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BaseStore, BASES_MEMENTO_KEY } from '../../src/pages/baseVersions';

describe('BaseStore (base versions per document)', () => {
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
