// Real storage is not XML: entities, self-closing spellings, CDATA, control characters, pretty-printed
// blueprints, legacy macros. None of it may change a byte, and an edited block keeps its spelling.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownToStorage, storageToMarkdown } from '../../src/pages/markdown/converter';
import { replaceOnce, toStorage } from './markdownConverterHelpers';

function roundTrips(storage: string): string {
  const md = storageToMarkdown(storage).markdown;
  assert.equal(toStorage(md, storage), storage);
  const regenerated = markdownToStorage(md, { storage }, { reuseUnchangedBlocks: false });
  assert.ok(regenerated.ok && regenerated.storage === storage, 'regenerated from Markdown alone');
  return md;
}

describe('quirks', () => {
  test('HTML named entities are shown as characters and written back as they were', () => {
    const storage = '<p>caf&eacute; &ldquo;q&rdquo; it&rsquo;s &mdash; &amp; &lt;tag&gt; &#169; &#x2014;</p>';
    const md = roundTrips(storage);
    assert.equal(md, 'café “q” it’s — & \\<tag> © —\n');
    assert.equal(toStorage(replaceOnce(md, 'café', 'bistro'), storage), storage.replace('caf&eacute;', 'bistro'));
  });

  test('<br/>, <br /> and attributes in any order and quoting survive an edit elsewhere in the block', () => {
    const storage = "<p>one<br/>two <a title='T' href=\"https://e.com/?a=1&amp;b=2\">link</a> three</p>";
    const md = roundTrips(storage);
    assert.equal(toStorage(replaceOnce(md, 'three', 'four'), storage), storage.replace('three', 'four'));
  });

  test('self-closed and empty paragraphs, control characters, non-BMP text and emoji', () => {
    for (const storage of ['<p />', '<p></p>', '<p><br /></p>', '<p>a\u0002b \u2028 c</p>', '<p>𝔘𝔫𝔦 👩‍💻 👍🏽</p>', '<p>&nbsp;</p>']) { roundTrips(storage); }
  });

  test('pretty-printed blueprint pages keep their newlines and indentation', () => {
    const storage = '\n<ac:layout>\n  <ac:layout-section ac:type="single">\n    <ac:layout-cell>\n      <p>x</p>\n    </ac:layout-cell>\n  </ac:layout-section>\n</ac:layout>\n<ac:structured-macro ac:name="info" ac:schema-version="1">\n  <ac:rich-text-body>\n    <p>Indented body</p>\n  </ac:rich-text-body>\n</ac:structured-macro>\n';
    const md = roundTrips(storage);
    assert.match(md, /> \[!NOTE\]\n>\n> Indented body/);
    assert.equal(toStorage(replaceOnce(md, 'Indented body', 'New body'), storage), storage.replace('Indented body', 'New body'));
  });

  test('legacy ac:macro, adf-extension and unknown elements are kept byte for byte', () => {
    for (const storage of ['<ac:macro ac:name="toc" />', '<ac:adf-extension><ac:adf-node type="panel"><ac:adf-content><p>x</p></ac:adf-content></ac:adf-node></ac:adf-extension>', '<foo bar="1">x</foo>', 'loose text<![CDATA[cdata]]>']) {
      const md = roundTrips(storage);
      assert.ok(md.includes('```confluence\n'), md);
    }
  });

  test('CDATA in code macros and link bodies, including a split ]]>', () => {
    roundTrips('<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="x"><ac:plain-text-body><![CDATA[a]]]]><![CDATA[>b]]></ac:plain-text-body></ac:structured-macro>');
    roundTrips('<p><ac:link><ri:page ri:content-title="P" /><ac:plain-text-link-body><![CDATA[a < b & c]]></ac:plain-text-link-body></ac:link></p>');
  });

  test('malformed storage still opens: the broken part is kept, the rest is Markdown', () => {
    const storage = '<p>fine</p><p>broken <strong>bold</p>';
    const { markdown, stats } = storageToMarkdown(storage);
    assert.equal(stats.markdownBlocks, 1);
    assert.equal(toStorage(markdown, storage), storage);
  });

  test('typed text that looks like a directive stays text', () => {
    assert.equal(toStorage('ratio:high and a:b'), '<p>ratio:high and a:b</p>');
  });
});
