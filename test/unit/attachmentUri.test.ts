// Attachments as files next to their page's documents: the relative path the Markdown preview uses,
// the URI the file system serves, and that page documents and attachment files never mistake each other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attachmentUriParts, parseAttachmentUri, relativeAttachmentPath } from '../../src/pages/attachmentUri';
import { parsePageUri } from '../../src/pages/pageUri';

test('a relative path from the page\'s document, percent-encoded', () => {
  assert.equal(relativeAttachmentPath('team map#1.png'), 'attachments/team%20map%231.png');
});

test('round trip, and names that look like page documents stay attachments', () => {
  const parts = attachmentUriParts({ host: 'Acme.atlassian.net', pageId: '65540', spaceKey: 'ENG', filename: 'notes.md' });
  assert.deepEqual(parts, { scheme: 'confluence', authority: 'acme.atlassian.net', path: '/ENG/65540/attachments/notes.md', query: '' });
  assert.deepEqual(parseAttachmentUri(parts), { host: 'acme.atlassian.net', pageId: '65540', spaceKey: 'ENG', filename: 'notes.md' });
  assert.throws(() => parsePageUri(parts), 'not a page document');
  assert.equal(parseAttachmentUri({ authority: 'acme.atlassian.net', path: '/ENG/65540/Notes.md', query: '' }), undefined, 'a page document is not an attachment');
});

test('anything else is not an attachment', () => {
  for (const path of ['/ENG/65540/attachments/', '/ENG/abc/attachments/x.png', '/ENG/65540/files/x.png', '/ENG/65540/attachments/a/b.png', '/ENG/65540/attachments/..']) {
    assert.equal(parseAttachmentUri({ authority: 'acme.atlassian.net', path, query: '' }), undefined, path);
  }
  assert.equal(parseAttachmentUri({ scheme: 'file', authority: '', path: '/ENG/1/attachments/x.png', query: '' }), undefined);
  assert.equal(parseAttachmentUri({ authority: 'bad host!', path: '/ENG/1/attachments/x.png', query: '' }), undefined);
  assert.deepEqual(parseAttachmentUri({ authority: '127.0.0.1:8090', path: '/_/1/attachments/x.png', query: '' }), { host: '127.0.0.1:8090', pageId: '1', filename: 'x.png' });
});
