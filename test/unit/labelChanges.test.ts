// Label edits as the fewest requests, and typed labels checked against Confluence's naming rules before
// anything is sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelChanges, parseLabelInput } from '../../src/organise/model/labelChanges';

test('only what changed is added or removed', () => {
  assert.deepEqual(labelChanges(['api', 'payments'], ['payments', 'webhooks', 'api']), { add: ['webhooks'], remove: [] });
  assert.deepEqual(labelChanges(['api', 'payments'], ['payments']), { add: [], remove: ['api'] });
  assert.deepEqual(labelChanges(['api'], ['API']), { add: [], remove: [] }, 'labels are compared as Confluence stores them: lower case');
  assert.deepEqual(labelChanges([], []), { add: [], remove: [] });
});

test('typed text: words separated by spaces or commas, lower-cased, each once; the first invalid one is reported', () => {
  assert.deepEqual(parseLabelInput('  Release-Notes, api  api q3/2026 '), { names: ['release-notes', 'api', 'q3/2026'] });
  const bad = parseLabelInput('good bad!label');
  assert.deepEqual(bad.names, ['good']);
  assert.match(bad.problem ?? '', /cannot contain "!"/);
  assert.deepEqual(parseLabelInput(''), { names: [] });
  assert.match(parseLabelInput('x'.repeat(256)).problem ?? '', /at most 255/);
});
