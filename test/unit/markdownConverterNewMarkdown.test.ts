// Markdown typed by a person becomes the storage Confluence Cloud's editor writes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toStorage } from './markdownConverterHelpers';

describe('new Markdown → Cloud editor storage', () => {
  const cases: [string, string, string][] = [
    ['paragraphs and marks', 'Hello **bold** *it* ~~gone~~ `x < y` & more\n\nSecond', '<p>Hello <strong>bold</strong> <em>it</em> <s>gone</s> <code>x &lt; y</code> &amp; more</p><p>Second</p>'],
    ['headings', '# One\n## Two\n###### Six', '<h1>One</h1><h2>Two</h2><h6>Six</h6>'],
    ['setext heading', 'Title\n=====', '<h1>Title</h1>'],
    ['nested lists', '* a\n  1. b\n  2. c\n* d', '<ul><li><p>a</p><ol><li><p>b</p></li><li><p>c</p></li></ol></li><li><p>d</p></li></ul>'],
    ['task list', '- [ ] todo\n- [x] done', '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>todo</ac:task-body></ac:task><ac:task><ac:task-id>2</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>done</ac:task-body></ac:task></ac:task-list>'],
    ['fenced code with ]]>', '```xml\n<a><![CDATA[x]]></a>\n```', '<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="m-1"><ac:parameter ac:name="language">xml</ac:parameter><ac:plain-text-body><![CDATA[<a><![CDATA[x]]]]><![CDATA[></a>]]></ac:plain-text-body></ac:structured-macro>'],
    ['fenced code without language', '~~~\nplain\n~~~', '<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="m-1"><ac:plain-text-body><![CDATA[plain]]></ac:plain-text-body></ac:structured-macro>'],
    ['table', '| a | b |\n|---|:-:|\n| 1 | **2** |', '<table data-layout="default"><tbody><tr><th><p>a</p></th><th><p>b</p></th></tr><tr><td><p>1</p></td><td><p><strong>2</strong></p></td></tr></tbody></table>'],
    ['GitHub alerts, written the GitHub way', '> [!NOTE]\n> Read this.\n\n> [!IMPORTANT]\n> Crucial.\n\n> [!TIP] Pro tip\n> Use it.', '<ac:structured-macro ac:name="info" ac:schema-version="1" ac:macro-id="m-1"><ac:rich-text-body><p>Read this.</p></ac:rich-text-body></ac:structured-macro><ac:structured-macro ac:name="note" ac:schema-version="1" ac:macro-id="m-2"><ac:rich-text-body><p>Crucial.</p></ac:rich-text-body></ac:structured-macro><ac:structured-macro ac:name="tip" ac:schema-version="1" ac:macro-id="m-3"><ac:parameter ac:name="title">Pro tip</ac:parameter><ac:rich-text-body><p>Use it.</p></ac:rich-text-body></ac:structured-macro>'],
    ['links of every kind', '[ext](https://example.com) [p](<page:Some page>) [q](page:ENG/Other#part) [f](attachment:a.pdf) [s](#top) <https://example.com/x>', '<p><a href="https://example.com">ext</a> <ac:link><ri:page ri:content-title="Some page" /><ac:plain-text-link-body><![CDATA[p]]></ac:plain-text-link-body></ac:link> <ac:link ac:anchor="part"><ri:page ri:content-title="Other" ri:space-key="ENG" /><ac:plain-text-link-body><![CDATA[q]]></ac:plain-text-link-body></ac:link> <ac:link><ri:attachment ri:filename="a.pdf" /><ac:plain-text-link-body><![CDATA[f]]></ac:plain-text-link-body></ac:link> <ac:link ac:anchor="top"><ac:plain-text-link-body><![CDATA[s]]></ac:plain-text-link-body></ac:link> <a href="https://example.com/x">https://example.com/x</a></p>'],
    ['images', '![Logo](attachment:logo.png) ![](https://example.com/i.png "Title")', '<p><ac:image ac:alt="Logo"><ri:attachment ri:filename="logo.png" /></ac:image> <ac:image ac:title="Title"><ri:url ri:value="https://example.com/i.png" /></ac:image></p>'],
    ['rule, hard break, quote', '***\n\nline one  \nline two\n\n> quoted', '<hr /><p>line one<br />line two</p><blockquote><p>quoted</p></blockquote>'],
    ['directives for macros and inline forms', '::toc\n\nText :status{title=OK colour=Green} :mention{account-id=42}', '<ac:structured-macro ac:name="toc" ac:schema-version="1" ac:macro-id="m-1"></ac:structured-macro><p>Text <ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="m-2"><ac:parameter ac:name="title">OK</ac:parameter><ac:parameter ac:name="colour">Green</ac:parameter></ac:structured-macro> <ac:link><ri:user ri:account-id="42" /></ac:link></p>'],
    ['no-break space written either way', 'a&nbsp;b a\u00a0b', '<p>a&nbsp;b a&nbsp;b</p>'],
  ];
  for (const [name, markdown, storage] of cases) {
    test(name, () => { assert.equal(toStorage(markdown), storage); });
  }
});
