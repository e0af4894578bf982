import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdjustableClock } from '../../src/util/adjustableClock';

test('advancing the clock fires timers whose deadline passed, in deadline order, and only those', () => {
  const clock = new AdjustableClock();
  const fired: string[] = [];
  const start = clock.now();
  clock.setTimeout(() => fired.push('b'), 20 * 60_000);
  clock.setTimeout(() => fired.push('a'), 10 * 60_000);
  const cancelled = clock.setTimeout(() => fired.push('cancelled'), 5 * 60_000);
  const later = clock.setTimeout(() => fired.push('later'), 60 * 60_000);
  cancelled.cancel();
  clock.advance(30 * 60_000);
  assert.deepEqual(fired, ['a', 'b']);
  assert.ok(clock.now() - start >= 30 * 60_000);
  later.cancel();
});
