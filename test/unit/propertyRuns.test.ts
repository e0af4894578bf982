// Property tests run the same cases every time unless asked otherwise: a fixed seed by default, and
// FC_SEED / FC_RUNS for hunting counterexamples locally.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SEED, propertyRuns } from './helpers/propertyRuns';

test('property runs: a fixed seed by default; FC_SEED and FC_RUNS override it, FC_SEED=random drops it', () => {
  assert.deepEqual(propertyRuns(200, {}), { numRuns: 200, seed: DEFAULT_SEED });
  assert.deepEqual(propertyRuns(200, { FC_SEED: '-20893927', FC_RUNS: '5000' }), { numRuns: 5000, seed: -20893927 });
  assert.deepEqual(propertyRuns(200, { FC_SEED: 'random' }), { numRuns: 200 });
  assert.deepEqual(propertyRuns(200, { FC_SEED: 'nonsense', FC_RUNS: 'many' }), { numRuns: 200, seed: DEFAULT_SEED });
});
