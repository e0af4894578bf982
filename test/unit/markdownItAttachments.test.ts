// The Markdown preview shows the page's own images: `attachment:` image sources become the attachment
// file next to the document, which the confluence: file system serves through the API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { markdownItConfluence } from '../../src/pages/markdown/markdownItPlugin';

const render = (md: string): string => markdownItConfluence(new MarkdownIt()).render(md);

test('attachment images point at attachments/<file>; other images and links are left alone', () => {
  assert.match(render('![Team map](attachment:team-map.png)'), /<img src="attachments\/team-map\.png" alt="Team map">/);
  assert.match(render('![x](<attachment:team map %232.png>)'), /<img src="attachments\/team%20map%20%232\.png" alt="x">/);
  assert.match(render('![x](https://example.com/a.png)'), /<img src="https:\/\/example\.com\/a\.png"/);
  assert.match(render('[checklist](attachment:checklist.pdf)'), /<a href="attachment:checklist\.pdf">/, 'links stay as the Markdown view writes them');
});
