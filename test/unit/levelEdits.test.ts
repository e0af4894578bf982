// Moves, renames and new items applied to the tree's cached levels in place: the rows end up where
// Confluence put them, a row object keeps its identity within a space, levels that are not cached are
// left to list themselves (and their parent becomes openable), and what is below a row is counted from
// the cache and the read-ahead without a request.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContentNode } from '../../src/confluence/types';
import { ancestorsOf, applyCreate, applyMove, applyRename, knownDescendantCount, locate, type CachedLevels, type EditableLevel, type LevelHierarchy } from '../../src/tree/model/levelEdits';
import type { ContentItemNode, ParentNode, SpaceNode, TreeNode } from '../../src/tree/model/treeNodes';

const O = 'https://acme.atlassian.net';
const spaceNode = (id: string, key: string): SpaceNode => ({ kind: 'space', key: `space|${O}|${id}`, origin: O, space: { id, key, name: key, type: 'global', status: 'current' } });
const row = (id: string, title: string, spaceId = '1', spaceKey = 'ENG', type: 'page' | 'folder' = 'page'): ContentItemNode =>
  ({ kind: 'content', key: `content|${O}|${type}|${id}`, origin: O, spaceKey, content: { id, type, title, status: 'current', spaceId }, restrictedViaKey: false, leaf: false });

class FakeHierarchy implements LevelHierarchy {
  forgotten: string[] = [];
  constructor(private readonly kids: Record<string, ContentNode[]>, private readonly leaves: string[] = []) {}
  async children(id: string): Promise<ContentNode[] | undefined> { return this.kids[id]; }
  isKnownLeaf(id: string): boolean { return this.leaves.includes(id); }
  forget(id: string): void { this.forgotten.push(id); }
}

function levels(setup: [ParentNode, TreeNode[]][], hierarchy?: FakeHierarchy): CachedLevels {
  const listings = new Map<string, EditableLevel>(setup.map(([p, items]) => [p.key, { items, status: 'complete' }]));
  const parents = new Map<string, ParentNode>(setup.map(([p]) => [p.key, p]));
  return {
    listings,
    parentNode: (key) => parents.get(key),
    hierarchy: () => hierarchy,
    contentNode: (_o, spaceKey, content) => ({ kind: 'content', key: `content|${O}|${content.type}|${content.id}`, origin: O, spaceKey, content, restrictedViaKey: false, leaf: false }),
    drop: (key) => { listings.delete(key); parents.delete(key); },
  };
}

const titles = (l: CachedLevels, parent: ParentNode): string[] => (l.listings.get(parent.key)?.items ?? []).map((i) => (i.kind === 'content' ? i.content.title : i.kind));

describe('applyMove', () => {
  test('into a cached level, before or after a sibling, or at its end; the row object is the same', () => {
    const eng = spaceNode('1', 'ENG');
    const home = row('1', 'Home');
    const [a, b, c] = [row('2', 'A'), row('3', 'B'), row('4', 'C')];
    const h = new FakeHierarchy({});
    const l = levels([[eng, [home]], [home, [a, b, c]], [c, []]], h);
    assert.ok(applyMove(l, { origin: O, id: '2', type: 'page', title: 'A', to: { parentId: '1', spaceId: '1', spaceKey: 'ENG' }, position: 'after', targetId: '4' }));
    assert.deepEqual(titles(l, home), ['B', 'C', 'A']);
    applyMove(l, { origin: O, id: '2', type: 'page', title: 'A', to: { parentId: '1', spaceId: '1', spaceKey: 'ENG' }, position: 'before', targetId: '3' });
    assert.deepEqual(titles(l, home), ['A', 'B', 'C']);
    applyMove(l, { origin: O, id: '2', type: 'page', title: 'A', to: { parentId: '4', spaceId: '1', spaceKey: 'ENG' }, position: 'append', targetId: '4' });
    assert.deepEqual(titles(l, home), ['B', 'C']);
    assert.deepEqual(titles(l, c), ['A']);
    assert.equal(locate(l, O, '2')?.node, a, 'the same row object, so the view keeps its state');
    assert.equal(a.content.parentId, '4');
    assert.deepEqual(h.forgotten, ['1', '1', '1', '1', '1', '4'], 'the read-ahead forgets the levels it knew, old and new');
  });

  test('into a level that is not cached: the row leaves its level and the new parent becomes openable', () => {
    const eng = spaceNode('1', 'ENG');
    const [a, leaf] = [row('2', 'A'), Object.assign(row('3', 'Leaf'), { leaf: true })];
    const l = levels([[eng, [a, leaf]]]);
    applyMove(l, { origin: O, id: '2', type: 'page', title: 'A', to: { parentId: '3', spaceId: '1', spaceKey: 'ENG' }, position: 'append', targetId: '3' });
    assert.deepEqual(titles(l, eng), ['Leaf']);
    assert.equal(leaf.leaf, false);
  });

  test('to another space: a new row with the new space key, and the levels below it are listed again', () => {
    const eng = spaceNode('1', 'ENG');
    const prod = spaceNode('9', 'PROD');
    const a = row('2', 'A');
    const child = row('5', 'Child');
    const target = row('10', 'Roadmap', '9', 'PROD');
    const l = levels([[eng, [a]], [a, [child]], [prod, [target]]]);
    applyMove(l, { origin: O, id: '2', type: 'page', title: 'A', to: { parentId: null, spaceId: '9', spaceKey: 'PROD' }, position: 'before', targetId: '10' });
    assert.deepEqual(titles(l, prod), ['A', 'Roadmap']);
    const moved = locate(l, O, '2')?.node;
    assert.equal(moved?.spaceKey, 'PROD');
    assert.equal(moved?.content.spaceId, '9');
    assert.equal(moved?.content.parentId, undefined, 'at the top of the space');
    assert.equal(l.listings.has(a.key), false, 'the levels below it carry the old space: dropped');
  });

  test('a row that was not in the tree is added where it went', () => {
    const eng = spaceNode('1', 'ENG');
    const l = levels([[eng, [row('3', 'B')]]]);
    assert.ok(applyMove(l, { origin: O, id: '7', type: 'folder', title: 'From elsewhere', to: { parentId: null, spaceId: '1', spaceKey: 'ENG' }, position: 'after', targetId: '3' }));
    assert.deepEqual(titles(l, eng), ['B', 'From elsewhere']);
  });
});

describe('renames, new items and what the cache knows', () => {
  test('a rename keeps the row object; a new folder goes at the end of its level, replacing "No child pages"', () => {
    const home = row('1', 'Home');
    const f = row('2', 'Old', '1', 'ENG', 'folder');
    const l = levels([[spaceNode('1', 'ENG'), [home]], [home, [f]], [f, [{ kind: 'message', key: 'm', origin: O, parent: f, message: 'empty', text: 'No child pages' }]]]);
    assert.ok(applyRename(l, O, '2', 'New'));
    assert.equal(locate(l, O, '2')?.node, f);
    assert.equal(f.content.title, 'New');
    assert.ok(applyCreate(l, O, 'ENG', { id: '8', type: 'folder', title: 'Inner', status: 'current', spaceId: '1', parentId: '2' }));
    assert.deepEqual(titles(l, f), ['Inner']);
    assert.equal(applyRename(l, O, '99', 'x'), false);
  });

  test('ancestors from the cached levels; descendants counted from the cache and the read-ahead', async () => {
    const eng = spaceNode('1', 'ENG');
    const home = row('1', 'Home');
    const a = row('2', 'A');
    const b = Object.assign(row('3', 'B'), { leaf: true });
    const h = new FakeHierarchy({ '2': [{ id: '4', type: 'page', title: 'A1', status: 'current' }, { id: '5', type: 'whiteboard', title: 'W', status: 'current' }], '4': [] }, ['4']);
    const l = levels([[eng, [home]], [home, [a, b]]], h);
    assert.deepEqual(ancestorsOf(l, O, '2'), ['1']);
    assert.equal(await knownDescendantCount(l, O, { id: '1', type: 'page', spaceId: '1' }), 4, 'A, B, and A\'s two items');
    assert.equal(await knownDescendantCount(l, O, { id: '9', type: 'page', spaceId: '1' }), undefined, 'unknown: a request is needed');
  });
});
