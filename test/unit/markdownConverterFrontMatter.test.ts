// The front matter: title (rename on save) and read-only facts, reported when changed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownToStorage, storageToMarkdown, type PageFacts } from '../../src/pages/markdown/converter';
import { replaceOnce } from './markdownConverterHelpers';

const facts: PageFacts = { title: 'Release: 2.0 "final"', spaceKey: 'ENG', pageId: '123456', version: 7, webLink: 'https://x.atlassian.net/wiki/spaces/ENG/pages/123456' };
const storage = '<p>Body</p>';

describe('front matter', () => {
  const md = storageToMarkdown(storage, facts).markdown;

  test('is written at the top with the facts', () => {
    assert.equal(md, '---\ntitle: "Release: 2.0 \\"final\\""\nspace: ENG\npage-id: "123456"\nversion: 7\nlink: \"https://x.atlassian.net/wiki/spaces/ENG/pages/123456\"\n---\n\nBody\n');
  });

  test('unchanged: same storage, no changed facts, no rename', () => {
    const r = markdownToStorage(md, { storage, facts });
    assert.ok(r.ok);
    assert.equal(r.storage, storage);
    assert.deepEqual(r.changedReadOnlyFacts, []);
    assert.equal(r.titleChange, undefined);
    assert.equal(r.frontMatter.title, facts.title);
  });

  test('a new title is a rename; the body is unaffected', () => {
    const r = markdownToStorage(replaceOnce(md, 'title: "Release: 2.0 \\"final\\""', "title: 'Release 2.1'"), { storage, facts });
    assert.ok(r.ok);
    assert.equal(r.titleChange, 'Release 2.1');
    assert.equal(r.storage, storage);
  });

  test('changed or removed read-only facts are reported by key', () => {
    const edited = replaceOnce(replaceOnce(md, 'space: ENG', 'space: OPS'), 'version: 7\n', '');
    const r = markdownToStorage(edited, { storage, facts });
    assert.ok(r.ok);
    assert.deepEqual(r.changedReadOnlyFacts, ['space', 'version']);
  });

  test('malformed or unknown front matter is refused at its line', () => {
    const unknown = markdownToStorage(replaceOnce(md, 'space: ENG', 'colour: blue'), { storage, facts });
    assert.deepEqual(unknown.ok ? undefined : unknown.line, 3);
    const quote = markdownToStorage('---\ntitle: "open\n---\n\nx\n');
    assert.deepEqual(quote.ok ? undefined : quote.line, 2);
  });

  test('two rules at the top with no `key:` line between them are content, not an empty front matter', () => {
    const r = markdownToStorage('---\n\n---\n\ntext\n');
    assert.ok(r.ok);
    assert.equal(r.storage, '<hr /><hr /><p>text</p>');
    assert.deepEqual(r.frontMatter, {});
    const heading = markdownToStorage('---\n\n# Plan\n\n::toc\n\n---\n');
    assert.ok(heading.ok);
    assert.equal(heading.storage.replace(/ac:macro-id="[^"]*"/, ''), '<hr /><h1>Plan</h1><ac:structured-macro ac:name="toc" ac:schema-version="1" ></ac:structured-macro><hr />');
  });

  test('a page that starts with a rule gets an empty front matter so the rule stays a rule', () => {
    const ruled = '<hr /><p>a</p><hr /><p>b</p>';
    const out = storageToMarkdown(ruled).markdown;
    assert.ok(out.startsWith('---\n---\n'));
    const r = markdownToStorage(out);
    assert.ok(r.ok && r.storage === ruled);
  });
});
