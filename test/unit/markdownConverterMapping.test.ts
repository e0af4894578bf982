// Each structure both ways: Cloud storage → the Markdown it is shown as → the same storage, without a
// base (so the Markdown alone carries it). Macro ids come from a counter: m-1, m-2, …
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { storageToMarkdown } from '../../src/pages/markdown/converter';
import { toStorage } from './markdownConverterHelpers';

const cases: [string, string, string][] = [
  ['heading and paragraph', '<h2>Goals</h2><p>Ship <strong>fast</strong>, <em>safely</em> and <s>never</s> <code>late</code>.</p>', '## Goals\n\nShip **fast**, *safely* and ~~never~~ `late`.'],
  ['all heading levels', '<h1>a</h1><h3>c</h3><h6>f</h6>', '# a\n\n### c\n\n###### f'],
  ['external link with entity in the URL', '<p><a href="https://example.com/?a=1&amp;b=2">docs</a></p>', '[docs](https://example.com/?a=1\\&b=2)'],
  ['page link in the same space', '<p><ac:link><ri:page ri:content-title="Team handbook" /><ac:plain-text-link-body><![CDATA[handbook]]></ac:plain-text-link-body></ac:link></p>', '[handbook](<page:Team handbook>)'],
  ['page link in another space with anchor', '<p><ac:link ac:anchor="setup"><ri:page ri:content-title="Getting started" ri:space-key="ENG" /><ac:plain-text-link-body><![CDATA[setup]]></ac:plain-text-link-body></ac:link></p>', '[setup](<page:ENG/Getting started#setup>)'],
  ['title with a slash and percent', '<p><ac:link><ri:page ri:content-title="CI/CD 100%" /><ac:plain-text-link-body><![CDATA[pipeline]]></ac:plain-text-link-body></ac:link></p>', '[pipeline](<page:CI%2FCD 100%25>)'],
  ['attachment link', '<p><ac:link><ri:attachment ri:filename="plan.pdf" /><ac:plain-text-link-body><![CDATA[the plan]]></ac:plain-text-link-body></ac:link></p>', '[the plan](attachment:plan.pdf)'],
  ['anchor link', '<p><ac:link ac:anchor="faq"><ac:plain-text-link-body><![CDATA[FAQ]]></ac:plain-text-link-body></ac:link></p>', '[FAQ](#faq)'],
  ['link with a rich body', '<p><ac:link><ri:page ri:content-title="Notes" /><ac:link-body>the <strong>notes</strong></ac:link-body></ac:link></p>', '[the **notes**](page:Notes)'],
  ['image attachment', '<p><ac:image ac:alt="Diagram"><ri:attachment ri:filename="flow.png" /></ac:image></p>', '![Diagram](attachment:flow.png)'],
  ['image URL', '<p><ac:image><ri:url ri:value="https://example.com/a.png" /></ac:image></p>', '![](https://example.com/a.png)'],
  ['nested lists', '<ul><li><p>one</p><ol><li><p>inner</p></li></ol></li><li><p>two</p></li></ul>', '- one\n  1. inner\n- two'],
  ['ordered list from 3', '<ol start="3"><li><p>three</p></li></ol>', '3. three'],
  ['task list', '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>write</ac:task-body></ac:task><ac:task><ac:task-id>2</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>read</ac:task-body></ac:task></ac:task-list>', '- [ ] write\n- [x] read'],
  ['code macro', '<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="m-1"><ac:parameter ac:name="language">js</ac:parameter><ac:plain-text-body><![CDATA[let a = 1;\nlet b = a]]]]><![CDATA[>0;]]></ac:plain-text-body></ac:structured-macro>', '```js\nlet a = 1;\nlet b = a]]>0;\n```'],
  ['code macro with parameters', '<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="m-1"><ac:parameter ac:name="language">java</ac:parameter><ac:parameter ac:name="title">Main file</ac:parameter><ac:parameter ac:name="linenumbers">true</ac:parameter><ac:plain-text-body><![CDATA[class A {}]]></ac:plain-text-body></ac:structured-macro>', '```java {title="Main file" linenumbers=true}\nclass A {}\n```'],
  ['table', '<table data-layout="default"><tbody><tr><th><p>Name</p></th><th><p>Role</p></th></tr><tr><td><p>Ada</p></td><td><p /></td></tr></tbody></table>', '| Name | Role |\n| - | - |\n| Ada | |'],
  ['info macro as a NOTE alert', '<ac:structured-macro ac:name="info" ac:schema-version="1" ac:macro-id="m-1"><ac:rich-text-body><p>Read me.</p></ac:rich-text-body></ac:structured-macro>', '> [!NOTE]\n>\n> Read me.'],
  ['tip, note and warning with a title', '<ac:structured-macro ac:name="tip" ac:schema-version="1" ac:macro-id="m-1"><ac:rich-text-body><p>a</p></ac:rich-text-body></ac:structured-macro><ac:structured-macro ac:name="note" ac:schema-version="1" ac:macro-id="m-2"><ac:parameter ac:name="title">Heads up</ac:parameter><ac:rich-text-body><p>b</p></ac:rich-text-body></ac:structured-macro><ac:structured-macro ac:name="warning" ac:schema-version="1" ac:macro-id="m-3"><ac:rich-text-body><p>c</p></ac:rich-text-body></ac:structured-macro>', '> [!TIP]\n>\n> a\n\n> [!WARNING] Heads up\n>\n> b\n\n> [!CAUTION]\n>\n> c'],
  ['other macros as directives', '<ac:structured-macro ac:name="toc" ac:schema-version="1" ac:macro-id="m-1"><ac:parameter ac:name="maxLevel">2</ac:parameter></ac:structured-macro><ac:structured-macro ac:name="expand" ac:schema-version="1" ac:macro-id="m-2"><ac:parameter ac:name="title">More</ac:parameter><ac:rich-text-body><p>hidden</p></ac:rich-text-body></ac:structured-macro>', '::toc{maxLevel="2"}\n\n:::expand{title="More"}\nhidden\n:::'],
  ['rule, break and quote', '<hr /><p>a<br />b</p><blockquote><p>quoted</p></blockquote>', '---\n---\n\n---\n\na\\\nb\n\n> quoted'],
  ['mention, status, emoticon, time', '<p><ac:link><ri:user ri:account-id="abc123" /></ac:link> is <ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="m-1"><ac:parameter ac:name="title">Done</ac:parameter><ac:parameter ac:name="colour">Green</ac:parameter></ac:structured-macro> <ac:emoticon ac:name="smile" /> on <time datetime="2024-05-01" /></p>', ':mention{account-id="abc123"} is :status{title="Done" colour="Green"} :emoticon{name="smile"} on :time{datetime="2024-05-01"}'],
  ['inline comment marker keeps its text visible', '<p>The <ac:inline-comment-marker ac:ref="c-1">launch date</ac:inline-comment-marker> moved.</p>', 'The :comment[launch date]{ref="c-1"} moved.'],
  ['underline and colour', '<p><u>under</u> <span style="color: red;">red <strong>bold</strong></span> H<sub>2</sub>O</p>', ':u[under] :span[red **bold**]{style="color: red;"} H:sub[2]O'],
  ['raw inline form', '<p>See <ac:link><ri:blog-post ri:content-title="News" ri:posting-day="2024/01/02" /></ac:link>.</p>', 'See :confluence[`<ac:link><ri:blog-post ri:content-title="News" ri:posting-day="2024/01/02" /></ac:link>`].'],
  ['no-break spaces stay visible', '<p>10&nbsp;km</p>', '10&nbsp;km'],
  ['kept block', '<p style="text-align: center;">centred</p>', '```confluence\n<p style="text-align: center;">centred</p>\n```'],
];

describe('storage ⇄ Markdown, structure by structure', () => {
  for (const [name, storage, markdown] of cases) {
    test(name, () => {
      assert.equal(storageToMarkdown(storage).markdown, `${markdown}\n`);
      assert.equal(toStorage(`${markdown}\n`), storage);
    });
  }

  test('a kept block whose storage holds backticks gets a longer fence', () => {
    const storage = '<pre>a ``` b ```` c</pre>';
    const md = storageToMarkdown(storage).markdown;
    assert.ok(md.startsWith('`````confluence\n'), md);
    assert.equal(toStorage(md), storage);
  });
});
