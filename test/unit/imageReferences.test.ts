// What a pasted or dropped file becomes in a page document, in both forms — and that the Markdown form
// is exactly what the Markdown view turns into Confluence's own attachment image and link.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownToStorage } from '../../src/pages/markdown/converter';
import { attachmentReference, freeName, isImageName, pastedImageName } from '../../src/organise/model/imageReferences';

describe('attachmentReference', () => {
  test('Markdown: an image of the attachment, or a link to it; names with spaces in <…>', () => {
    assert.equal(attachmentReference('markdown', 'team-map.png', { image: true }), '![team-map](attachment:team-map.png)');
    assert.equal(attachmentReference('markdown', 'Q3 plan [draft].pdf', { image: false }), '[Q3 plan \\[draft\\].pdf](<attachment:Q3 plan [draft].pdf>)');
    assert.equal(attachmentReference('markdown', 'a#b.png', { image: true }), '![a#b](attachment:a%23b.png)');
  });

  test('storage: <ac:image> or <ac:link> around <ri:attachment>, escaped', () => {
    assert.equal(attachmentReference('storage', 'a&b".png', { image: true }),
      '<ac:image ac:alt="a&amp;b&quot;"><ri:attachment ri:filename="a&amp;b&quot;.png" /></ac:image>');
    assert.equal(attachmentReference('storage', 'notes.txt', { image: false }),
      '<ac:link><ri:attachment ri:filename="notes.txt" /><ac:plain-text-link-body><![CDATA[notes.txt]]></ac:plain-text-link-body></ac:link>');
  });

  test('the Markdown view stores the inserted Markdown as Confluence\'s attachment image and link', () => {
    const result = markdownToStorage(`${attachmentReference('markdown', 'team map.png', { image: true })}\n\n${attachmentReference('markdown', 'notes.txt', { image: false })}\n`);
    assert.ok(result.ok);
    const storage = result.storage;
    assert.match(storage, /<ac:image[^>]*><ri:attachment ri:filename="team map\.png" ?\/><\/ac:image>/);
    assert.match(storage, /<ac:link><ri:attachment ri:filename="notes\.txt" ?\/>/);
  });
});

describe('names', () => {
  test('a pasted image is named by the time, and never takes a name the page has', () => {
    const at = new Date(Date.UTC(2026, 10, 26, 9, 5, 7));
    assert.equal(pastedImageName('image/png', at, new Set()), 'image-20261126-090507.png');
    assert.equal(pastedImageName('image/jpeg', at, new Set(['IMAGE-20261126-090507.jpg'])), 'image-20261126-090507-2.jpg');
    assert.equal(freeName('plan.pdf', new Set(['plan.pdf', 'plan-2.pdf'])), 'plan-3.pdf');
    assert.equal(freeName('README', new Set(['readme'])), 'README-2');
  });

  test('images by media type or file name', () => {
    assert.equal(isImageName('x.bin', 'image/png'), true);
    assert.equal(isImageName('diagram.SVG'), true);
    assert.equal(isImageName('notes.txt', 'text/plain'), false);
  });
});
