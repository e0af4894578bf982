import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentWebUrl, spaceWebUrl } from '../../src/tree/model/webLinks';

test('web links follow Confluence Cloud URL shapes for each content type', () => {
  const site = 'https://acme.atlassian.net';
  assert.equal(contentWebUrl(site, 'ENG', 'page', '123'), 'https://acme.atlassian.net/wiki/spaces/ENG/pages/123');
  assert.equal(contentWebUrl(site, 'ENG', 'folder', '9'), 'https://acme.atlassian.net/wiki/spaces/ENG/folder/9');
  assert.equal(contentWebUrl(site, 'ENG', 'whiteboard', '7'), 'https://acme.atlassian.net/wiki/spaces/ENG/whiteboard/7');
  assert.equal(contentWebUrl(site, '~5f1a', 'database', '8'), 'https://acme.atlassian.net/wiki/spaces/~5f1a/database/8');
  assert.equal(spaceWebUrl(site, 'A B'), 'https://acme.atlassian.net/wiki/spaces/A%20B/overview');
});
