// The Markdown preview plugin: boxes and chips, never raw XML, everything escaped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { markdownItConfluence } from '../../src/pages/markdown/markdownItPlugin';
import { storageToMarkdown } from '../../src/pages/markdown/converter';
import { corpus } from './markdownConverterHelpers';

const render = (md: string): string => markdownItConfluence(new MarkdownIt()).render(md);

describe('markdown-it plugin', () => {
  test('a kept macro renders as a labelled box with its parameters', () => {
    const html = render('```confluence\n<ac:structured-macro ac:name="jira"><ac:parameter ac:name="key">ABC-1</ac:parameter></ac:structured-macro>\n```\n');
    assert.match(html, /<div class="confluence-box confluence-kept"><div class="confluence-box-label">Jira · key=ABC-1<\/div>/);
    assert.ok(!html.includes('&lt;ac:'), html);
  });

  test('layouts and tables of contents are named', () => {
    assert.match(render('```confluence\n<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell><p>a</p></ac:layout-cell></ac:layout-section></ac:layout>\n```\n'), /Layout: two columns/);
    assert.match(render('::toc{maxLevel=2}\n'), /confluence-box-label">Table of contents · maxLevel=2</);
    assert.match(render(':::expand{title="More"}\nhidden **text**\n:::\n'), /Expand · title=More<\/div><p>hidden <strong>text<\/strong><\/p>/);
  });

  test('a layout box shows its cells\' text apart, and an inline macro chip separates its name from its parameters', () => {
    const html = render('```confluence\n<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell><p>Left.</p></ac:layout-cell><ac:layout-cell><p>Right.</p></ac:layout-cell></ac:layout-section></ac:layout>\n```\n\nSee :jira{server="System Jira" key="REL-42"}.');
    assert.match(html, /confluence-box-text">Left\. Right\.</);
    assert.match(html, /confluence-macro" title="jira">Jira · server=System Jira, key=REL-42</);
  });

  test('GitHub-style alerts (the info, note, tip and warning macros) render as labelled boxes, not as "[!NOTE]" text', () => {
    const html = render('> [!NOTE]\n>\n> Tag the **build** first.\n\n> [!WARNING]\n> Never on Fridays.\n\n> a plain quote\n');
    assert.match(html, /<div class="confluence-box confluence-alert confluence-alert-note"><div class="confluence-box-label">Note<\/div>\n?<p>Tag the <strong>build<\/strong> first\.<\/p>\n?<\/div>/);
    assert.match(html, /confluence-alert-warning"><div class="confluence-box-label">Warning<\/div>\n?<p>Never on Fridays\.<\/p>/);
    assert.match(html, /<blockquote>\n<p>a plain quote<\/p>\n<\/blockquote>/);
    assert.ok(!html.includes('[!NOTE]') && !html.includes('[!WARNING]'), html);
  });

  test('inline forms render as chips', () => {
    const html = render('Hi :mention{account-id="abc"}, it is :status{title="Done" colour="Green"} :emoticon{name="smile" emoji-fallback="🙂"} and :comment[marked *text*]{ref="r1"}.');
    assert.match(html, /<span class="confluence-chip confluence-mention" title="abc">@user<\/span>/);
    assert.match(html, /confluence-status status-green">Done</);
    assert.match(html, /confluence-emoticon">🙂</);
    assert.match(html, /confluence-comment" title="inline comment">marked <em>text<\/em><\/span>/);
  });

  test('server text is escaped everywhere', () => {
    const html = render('```confluence\n<ac:structured-macro ac:name="x&quot;&gt;&lt;script&gt;"><ac:parameter ac:name="a">&lt;img onerror=1&gt;</ac:parameter></ac:structured-macro>\n```\n\n:status{title="<script>alert(1)</script>"}\n\n::macro{name="<b>"}\n');
    assert.ok(!/<script|<img|<b>/.test(html), html);
  });

  test('no corpus page shows raw storage markup in the preview', () => {
    for (const page of corpus()) {
      const html = render(storageToMarkdown(page.storage).markdown);
      assert.ok(!/<ac:|<ri:|&lt;ac:|&lt;ri:/.test(html), `${page.name}: ${/.{0,80}(?:<ac:|<ri:|&lt;ac:|&lt;ri:).{0,80}/.exec(html)?.[0] ?? ''}`);
    }
  });
});
