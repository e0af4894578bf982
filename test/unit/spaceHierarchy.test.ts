import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DescendantNode, RequestOptions } from '../../src/confluence/types';
import { SpaceHierarchy } from '../../src/tree/model/spaceHierarchy';

/** A tree as parent → child ids, listed top to bottom in batches, like Confluence's descendants. */
class FakeSource {
  readonly calls: { root: string; type: string; withoutAdminKey: boolean; priority: string | undefined }[] = [];
  /** Batches allowed out so far (gated mode): release() lets one more through, even before it is asked for. */
  private permits = 0;
  private waiting: (() => void)[] = [];
  constructor(private readonly tree: Record<string, string[]>,
    private readonly opts: { batch?: number; gated?: boolean; hidden?: Set<string>; maxDepth?: number; order?: 'levels' | 'depthFirst' } = {}) {}

  release(): void {
    this.permits++;
    this.waiting.shift()?.();
  }

  private async permit(): Promise<void> {
    if (this.permits === 0) await new Promise<void>((r) => this.waiting.push(r));
    this.permits--;
  }

  async *descendants(parent: { id: string; type: string }, asked = 10, o?: RequestOptions): AsyncGenerator<DescendantNode[]> {
    this.calls.push({ root: parent.id, type: parent.type, withoutAdminKey: o?.withoutAdminKey === true, priority: o?.priority });
    if (o?.withoutAdminKey && this.opts.hidden?.has(parent.id)) throw Object.assign(new Error('not found'), { kind: 'notFound' });
    const depth = Math.min(asked, this.opts.maxDepth ?? asked);
    const all: DescendantNode[] = [];
    if (this.opts.order === 'depthFirst') {
      const walk = (p: string, d: number): void => (this.tree[p] ?? []).forEach((id, i) => {
        all.push({ id, type: 'page', title: id, status: 'current', parentId: p, depth: d, childPosition: i });
        if (d < depth) walk(id, d + 1);
      });
      walk(parent.id, 1);
    }
    let level = this.opts.order === 'depthFirst' ? [] : [parent.id];
    for (let d = 1; d <= depth && level.length; d++) {
      const next: string[] = [];
      for (const p of level) {
        (this.tree[p] ?? []).forEach((id, i) => {
          if (o?.withoutAdminKey && this.opts.hidden?.has(id)) return;
          all.push({ id, type: 'page', title: id, status: 'current', parentId: p, depth: d, childPosition: i });
          next.push(id);
        });
      }
      level = next;
    }
    const size = this.opts.batch ?? 250;
    for (let i = 0; i < all.length; i += size) {
      if (this.opts.gated) await this.permit();
      yield all.slice(i, i + size);
    }
  }
}

function chain(length: number): Record<string, string[]> {
  const tree: Record<string, string[]> = {};
  for (let i = 0; i < length; i++) tree[`n${i}`] = [`n${i + 1}`];
  return tree;
}

describe('space hierarchy (read-ahead of descendants)', () => {
  test('children of any node read from one listing, sorted by position, with no further listing', async () => {
    const source = new FakeSource({ root: ['b', 'a'], a: ['a1', 'a2'], b: ['b1'], a1: ['a11'] });
    const h = new SpaceHierarchy(source, { compareWithoutAdminKey: false });
    h.addRoots(['root']);
    assert.deepEqual((await h.children('root'))?.map((c) => c.id), ['b', 'a']);
    assert.deepEqual((await h.children('a'))?.map((c) => c.id), ['a1', 'a2']);
    assert.deepEqual((await h.children('a1'))?.map((c) => c.id), ['a11']);
    assert.deepEqual(await h.children('a2'), []);
    assert.equal(h.isKnownLeaf('a2'), true);
    assert.equal(h.isKnownLeaf('a'), false);
    assert.equal(h.isKnownLeaf('unknown'), false);
    assert.equal(source.calls.length, 1);
  });

  test('a level is answered only once the listing has ended: Confluence does not promise level-by-level order', async () => {
    // Depth first, as real sites list: x, x1, x11 come before y, so "something two levels below"
    // arrives long before the root's children are all listed.
    const tree: Record<string, string[]> = { root: ['x', 'y'], x: ['x1', 'x2'], y: ['y1'], x1: ['x11'], y1: ['y11'] };
    const source = new FakeSource(tree, { batch: 2, gated: true, order: 'depthFirst' });
    const h = new SpaceHierarchy(source, { compareWithoutAdminKey: false });
    h.addRoots(['root']);
    let answered: string[] | undefined;
    const rootKids = h.children('root').then((kids) => { answered = kids?.map((c) => c.id); return answered; });
    source.release(); // x (1), x1 (2)
    source.release(); // x11 (3), x2 (2)
    await new Promise((r) => setImmediate(r));
    assert.equal(answered, undefined, 'y is not listed yet, so the root level is not complete');
    source.release(); // y (1), y1 (2)
    source.release(); // y11 (3), then the end
    assert.deepEqual(await rootKids, ['x', 'y']);
    assert.deepEqual((await h.children('y1'))?.map((c) => c.id), ['y11']);
  });

  test('the deepest level a listing returned is neither a leaf nor complete (real sites stop at five levels)', async () => {
    const source = new FakeSource(chain(8), { maxDepth: 5, order: 'depthFirst' });
    const h = new SpaceHierarchy(source, { compareWithoutAdminKey: false });
    h.addRoots(['n0']);
    for (let i = 0; i < 5; i++) assert.deepEqual((await h.children(`n${i}`))?.map((c) => c.id), [`n${i + 1}`]);
    assert.equal(h.isKnownLeaf('n5'), false, 'n5 has a child the listing did not return');
    assert.equal(await h.children('n5'), undefined, 'n5 is at the deepest level returned: its children may be unlisted');
    assert.equal(source.calls.length, 1);
  });

  test('root folders are read ahead as folders', async () => {
    const source = new FakeSource({ f: ['inFolder'] });
    const h = new SpaceHierarchy(source, { compareWithoutAdminKey: false });
    h.addRoots([{ id: 'f', type: 'folder' }]);
    assert.deepEqual((await h.children('f'))?.map((c) => c.id), ['inFolder']);
    assert.deepEqual(source.calls.map((c) => `${c.type}:${c.root}:${c.priority}`), ['folder:f:background']);
  });

  test('below the tenth level and for unknown nodes it says "unknown", so the caller lists directly', async () => {
    const h = new SpaceHierarchy(new FakeSource(chain(15)), { compareWithoutAdminKey: false });
    h.addRoots(['n0']);
    // Walk down the way a person expands: each node was shown (so listed) before it is expanded.
    for (let i = 0; i < 10; i++) assert.deepEqual((await h.children(`n${i}`))?.map((c) => c.id), [`n${i + 1}`]);
    assert.equal(await h.children('n10'), undefined, 'n10 is at depth 10: its children were not listed');
    assert.equal(await h.children('somewhere-else'), undefined);
  });

  test('a failed listing answers "unknown" instead of an empty level', async () => {
    const failing = { async *descendants(): AsyncGenerator<DescendantNode[]> { throw new Error('network down'); } };
    const errors: string[] = [];
    const h = new SpaceHierarchy(failing, { compareWithoutAdminKey: false, onError: (root) => errors.push(root) });
    h.addRoots(['r']);
    assert.equal(await h.children('r'), undefined);
    assert.deepEqual(errors, ['r']);
  });

  test('with the admin key on, a second listing without it marks what only the key reveals', async () => {
    const source = new FakeSource({ root: ['open', 'secret'], secret: ['inside'], open: ['fine'] }, { hidden: new Set(['secret']) });
    let progress = 0;
    const h = new SpaceHierarchy(source, { compareWithoutAdminKey: true, onProgress: () => progress++ });
    h.addRoots(['root', 'hiddenRoot']);
    await h.children('root');
    await new Promise<void>((resolve) => { const t = setInterval(() => { if (source.calls.filter((c) => c.withoutAdminKey).length === 2) { clearInterval(t); resolve(); } }, 1); });
    await new Promise((r) => setImmediate(r));
    assert.equal(h.restrictedViaKey('open'), false);
    assert.equal(h.restrictedViaKey('fine'), false);
    assert.equal(h.restrictedViaKey('secret'), true);
    assert.equal(h.restrictedViaKey('inside'), true);
    assert.ok(progress > 0);
    h.dispose();
  });

  test('the root someone expands is read before roots still waiting in line', async () => {
    const source = new FakeSource({ r1: ['a'], r2: ['b'], r3: ['c'], r4: ['d'] }, { gated: true });
    const h = new SpaceHierarchy(source, { compareWithoutAdminKey: false, concurrency: 1 });
    h.addRoots(['r1', 'r2', 'r3', 'r4']);
    const r4 = h.children('r4');
    source.release();
    await new Promise((r) => setImmediate(r));
    source.release();
    assert.deepEqual((await r4)?.map((c) => c.id), ['d']);
    assert.deepEqual(source.calls.map((c) => c.root).slice(0, 2), ['r1', 'r4']);
    h.dispose();
  });
});
