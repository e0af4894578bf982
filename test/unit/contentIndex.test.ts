// What the read-ahead's index makes of the answers it is given (pure; the read-ahead itself against the
// emulator: spaceHierarchy.test.ts).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PlacedContent, SearchedContent } from '../../src/confluence/contentTreeApi';
import { ContentIndex } from '../../src/tree/model/contentIndex';

/** A page as the page listing gives it; parentType null: the listing did not say. */
const page = (id: string, parentId?: string, childPosition?: number, parentType: PlacedContent['parentType'] | null = 'page'): PlacedContent =>
  ({ id, type: 'page', title: id, status: 'current', ...(parentId ? { parentId, ...(parentType ? { parentType } : {}) } : {}),
    ...(childPosition !== undefined ? { childPosition } : {}) });
const hit = (id: string, type: 'folder' | 'whiteboard', ancestors: string[]): SearchedContent =>
  ({ node: { id, type, title: id, status: 'current' }, ancestors: ancestors.map((a) => ({ id: a, type: 'page' })) });
const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);

describe('content index', () => {
  test('a level of pages is sorted by position; pages without one come last, oldest (shortest, lowest id) first', () => {
    const index = new ContentIndex();
    index.addPages([page('1'), page('12', '1'), page('9', '1'), page('30', '1', 2), page('31', '1', 0), page('100', '1')]);
    assert.deepEqual(ids(index.children('1')), ['31', '30', '9', '12', '100']);
    assert.deepEqual(index.children('9'), []);
  });

  test('a search hit is guessed under its deepest ancestor, whatever order the ancestors came in', () => {
    const index = new ContentIndex();
    index.addPages([page('1'), page('2', '1'), page('3', '2')]);
    index.addHits([hit('w', 'whiteboard', ['3', '1', '2']), hit('r', 'folder', [])]);
    const guesses = new Map(index.guesses().map((g) => [g.hit.node.id, g.parent?.id ?? null]));
    assert.deepEqual(guesses, new Map([['w', '3'], ['r', null]]));
    assert.ok(!ids(index.children('3')).includes('w'), 'not shown before its place is confirmed');
  });

  test('a listed level is the level: it confirms the hits in it and takes their order', () => {
    const index = new ContentIndex();
    index.addPages([page('1'), page('2', '1', 5), page('3', '1', 1)]);
    index.addHits([hit('f', 'folder', ['1'])]);
    index.setLevel({ id: '1', type: 'page' }, [
      { id: '3', type: 'page', title: '3', status: 'current', childPosition: 1 },
      { id: 'f', type: 'folder', title: 'f', status: 'current', childPosition: 3 },
      { id: '2', type: 'page', title: '2', status: 'current', childPosition: 5 },
    ]);
    assert.deepEqual(ids(index.children('1')), ['3', 'f', '2']);
    assert.equal(index.guesses().length, 0);
    assert.ok(index.isCovered('f') && index.isCovered('2'));
  });

  test('content only a listed level showed is placed, but its own children are not claimed', () => {
    const index = new ContentIndex();
    index.addPages([page('1')]);
    index.setLevel({ id: '1', type: 'page' }, [{ id: 'new', type: 'page', title: 'new', status: 'current' }]);
    assert.deepEqual(ids(index.children('1')), ['new']);
    assert.equal(index.isCovered('new'), false);
  });

  test('non-page parents pages name but nobody listed are asked for (a folder when the type is not said), and orphans are told', () => {
    const index = new ContentIndex();
    index.addPages([page('1'), page('2', 'f', 0, 'folder'), page('3', 'x', 0, null), page('4', 'gone', 0, 'page')]);
    assert.deepEqual(index.unknownParents(), [{ id: 'f', type: 'folder' }, { id: 'x', type: 'folder' }]);
    assert.deepEqual(index.orphans().sort(), ['2', '3', '4']);
    index.place({ id: 'f', type: 'folder', title: 'f', status: 'current', parentId: '1', parentType: 'page', childPosition: 3 });
    assert.deepEqual(index.unlistedHolders(), [{ id: '1', type: 'page' }], 'a page now holds a folder: its level must be listed');
    assert.deepEqual(index.orphans().sort(), ['3', '4']);
  });

  test('root items are confirmed non-page content without a parent; dropped content leaves every level', () => {
    const index = new ContentIndex();
    index.addPages([page('1')]);
    index.addHits([hit('r', 'folder', []), hit('s', 'folder', [])]);
    assert.deepEqual(index.rootItems(), [], 'not before they are confirmed');
    index.place({ id: 'r', type: 'folder', title: 'r', status: 'current' });
    index.place({ id: 's', type: 'folder', title: 's', status: 'current' });
    assert.deepEqual(ids(index.rootItems()), ['r', 's']);
    index.drop('s');
    assert.deepEqual(ids(index.rootItems()), ['r']);
    assert.equal(index.isCovered('s'), false);
  });
});
