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

test('kept <ac:image> storage of an attachment (an image with a size or alignment) shows as the image, inline and as a block', () => {
  const inline = render(':confluence[`<ac:image ac:align="center" ac:alt="Team map" ac:width="680"><ri:attachment ri:filename="team map.png" ri:version-at-save="1" /></ac:image>`]');
  assert.match(inline, /<img src="attachments\/team%20map\.png" alt="Team map">/);
  const block = render('```confluence\n<ac:image ac:width="300"><ri:attachment ri:filename="a&quot;b.png" /></ac:image>\n```\n');
  assert.match(block, /<img src="attachments\/a%22b\.png" alt="a&#34;b\.png">/);
  assert.match(render(':confluence[`<ac:image><ri:url ri:value="https://example.com/x.png" /></ac:image>`]'), /confluence-raw/, 'an image from elsewhere stays a chip');
});
