// What a move can be and how it is asked: the choices a drop offers, the refusals decided without a
// request, the question's wording (what moves, how much is below it, from where to where), and where
// the item ends up for the tree.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeDescendants, destinationOf, moveQuestion, planMove } from '../../src/organise/model/movePlan';
import type { ContentRef, PlaceRef } from '../../src/organise/model/organiseItems';

const O = 'https://acme.atlassian.net';
const page = (id: string, title: string, parentId: string | null, extra: Partial<ContentRef> = {}): ContentRef =>
  ({ origin: O, id, type: 'page', title, spaceId: '1', spaceKey: 'ENG', parentId, ...extra });
const onto = (content: ContentRef): PlaceRef => ({ kind: 'content', content });

describe('planMove', () => {
  test('a drop on a page or folder offers into, before and after', () => {
    const plan = planMove(page('10', 'Payments', '2'), onto(page('20', 'Architecture', '2')));
    assert.ok(plan.ok);
    assert.deepEqual(plan.options.map((o) => [o.choice, o.label]), [['append', 'Move Into'], ['before', 'Move Before'], ['after', 'Move After']]);
  });

  test('a drop on a space offers its top level', () => {
    const plan = planMove(page('10', 'Payments', '2'), { kind: 'space', space: { origin: O, spaceId: '5', spaceKey: 'PROD', name: 'Product' } });
    assert.ok(plan.ok);
    assert.deepEqual(plan.options.map((o) => o.choice), ['top']);
  });

  test('refused without a request: onto itself, below itself (as far as the tree knows), another site', () => {
    const source = page('10', 'Payments', '2');
    const self = planMove(source, onto(source));
    assert.ok(!self.ok && /onto itself/.test(self.reason));
    const child = planMove(source, onto(page('11', 'Payments API', '10')));
    assert.ok(!child.ok && /below itself/.test(child.reason));
    const grandchild = planMove(source, onto(page('12', 'Webhooks', '11')), ['11', '10', '2']);
    assert.ok(!grandchild.ok && /below itself/.test(grandchild.reason));
    const other = planMove(source, onto(page('20', 'Elsewhere', null, { origin: 'https://other.atlassian.net' })));
    assert.ok(!other.ok && /another site/.test(other.reason));
  });
});

describe('the question', () => {
  test('says what moves with how much below it, from where, and what each button does', () => {
    const q = moveQuestion(page('10', 'Payments', '2', { parentTitle: 'Services' }), onto(page('20', 'Architecture', '1', { parentTitle: 'Engineering Home' })), { n: 3, atLeast: false });
    assert.equal(q.message, 'Move the page "Payments" with the 3 items below it?');
    assert.match(q.detail, /now under "Services" in ENG/);
    assert.match(q.detail, /Move Into: the last item inside "Architecture"/);
    assert.match(q.detail, /next to "Architecture", under "Engineering Home"/);
    assert.doesNotMatch(q.detail, /leaves space/);
  });

  test('a move to another space says so', () => {
    const q = moveQuestion(page('10', 'Payments', null), onto(page('30', 'Roadmap', null, { spaceId: '2', spaceKey: 'PROD' })), undefined);
    assert.match(q.message, /with everything below it\?$/);
    assert.match(q.detail, /now under the top of ENG/);
    assert.match(q.detail, /leaves space ENG for PROD/);
  });

  test('how much is below: exact, a lower bound, or nothing', () => {
    assert.equal(describeDescendants({ n: 0, atLeast: false }), 'nothing below it');
    assert.equal(describeDescendants({ n: 1, atLeast: false }), 'the 1 item below it');
    assert.equal(describeDescendants({ n: 1200, atLeast: false }), 'the 1,200 items below it');
    assert.equal(describeDescendants({ n: 250, atLeast: true }), 'at least 250 items below it');
  });
});

describe('destinationOf', () => {
  test('into a row: the row is the parent; before or after: the row\'s parent; a space: its top level', () => {
    const target = page('20', 'Architecture', '1', { parentTitle: 'Home' });
    assert.deepEqual(destinationOf(onto(target), 'append'), { parentId: '20', spaceId: '1', spaceKey: 'ENG', parentTitle: 'Architecture' });
    assert.deepEqual(destinationOf(onto(target), 'after'), { parentId: '1', spaceId: '1', spaceKey: 'ENG', parentTitle: 'Home' });
    assert.deepEqual(destinationOf(onto(page('21', 'Root page', null)), 'before').parentId, null);
    assert.deepEqual(destinationOf({ kind: 'space', space: { origin: O, spaceId: '5', spaceKey: 'PROD', name: 'Product' } }, 'top'),
      { parentId: null, spaceId: '5', spaceKey: 'PROD', parentTitle: 'Product' });
  });
});
