import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cqlString, labelFilters, looksLikeCql, searchToCql } from '../../src/search/model/cql';

test('plain words search titles and text of pages; CQL passes through unchanged', () => {
  assert.equal(searchToCql('  release notes '), 'type = page AND (title ~ "release notes" OR text ~ "release notes") ORDER BY lastmodified DESC');
  assert.equal(searchToCql('webhooks', 'ENG'), 'type = page AND space = "ENG" AND (title ~ "webhooks" OR text ~ "webhooks") ORDER BY lastmodified DESC');
  assert.equal(searchToCql('space = ENG AND title ~ "x"'), 'space = ENG AND title ~ "x"');
  assert.equal(searchToCql('   '), undefined);
  assert.equal(looksLikeCql('release notes'), false);
  assert.equal(looksLikeCql('title ~ foo'), true);
  assert.equal(looksLikeCql('ORDER BY title'), true);
});

test('quotes and backslashes in search words cannot break out of the CQL string', () => {
  assert.equal(cqlString('say "hi" \\ bye'), '"say \\"hi\\" \\\\ bye"');
  assert.equal(searchToCql('a" OR space = "SECRET'), 'a" OR space = "SECRET', 'this text contains CQL operators, so it is treated as CQL, not escaped');
  assert.equal(searchToCql('quote " only'), 'type = page AND (title ~ "quote \\" only" OR text ~ "quote \\" only") ORDER BY lastmodified DESC');
});

test('label: filters become label clauses; the words around them still search titles and text', () => {
  assert.equal(searchToCql('label:payments'), 'type = page AND label = "payments" ORDER BY lastmodified DESC');
  assert.equal(searchToCql('webhooks label:API label:"release-notes"'),
    'type = page AND label = "api" AND label = "release-notes" AND (title ~ "webhooks" OR text ~ "webhooks") ORDER BY lastmodified DESC');
  assert.equal(searchToCql('label:payments', 'ENG'), 'type = page AND space = "ENG" AND label = "payments" ORDER BY lastmodified DESC');
  assert.equal(searchToCql('label:'), undefined, 'an empty filter alone searches nothing');
  assert.deepEqual(labelFilters('a label:x b'), { labels: ['x'], words: 'a b' });
  assert.deepEqual(labelFilters('relabel:x'), { labels: [], words: 'relabel:x' }, 'only a whole word starting with label: is a filter');
  assert.equal(searchToCql('label:x"y'), 'type = page AND label = "x\\"y" ORDER BY lastmodified DESC', 'a quote in a label cannot break out of the CQL string');
});
