// removedOnSave lists what a save takes away: macros, references, comment anchors, layout sections.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { removedOnSave, storageToMarkdown } from '../../src/pages/markdown/converter';
import { corpus, replaceOnce, toStorage } from './markdownConverterHelpers';

const jira = '<ac:structured-macro ac:name="jira" ac:schema-version="1" ac:macro-id="j-1"><ac:parameter ac:name="key">ABC-1</ac:parameter></ac:structured-macro>';
const comment = (ref: string, text: string): string => `<ac:inline-comment-marker ac:ref="${ref}">${text}</ac:inline-comment-marker>`;

describe('loss report', () => {
  test('nothing removed: empty report', () => {
    const page = `<p>a ${comment('c1', 'b')}</p>${jira}`;
    assert.deepEqual(removedOnSave(page, page), { items: [], sentence: '' });
  });

  test('a Jira macro and two comment anchors removed', () => {
    const base = `<p>${comment('c1', 'one')} and ${comment('c2', 'two')}</p>${jira}<p>end</p>`;
    const report = removedOnSave(base, '<p>one and two</p><p>end</p>');
    assert.equal(report.sentence, 'This save removes: 1 Jira macro, 2 comment anchors');
    assert.deepEqual(report.items.map((i) => [i.kind, i.label, i.count]), [['macro', 'jira', 1], ['comment anchor', 'c1', 1], ['comment anchor', 'c2', 1]]);
  });

  test('references by their identifying attributes, macros without ids by name and count, layout sections', () => {
    const base = '<p><ac:link><ri:page ri:content-title="A" ri:space-key="S" /></ac:link><ac:link><ri:user ri:account-id="u1" /></ac:link></p><p><ac:image><ri:attachment ri:filename="f.png" /></ac:image></p><ac:structured-macro ac:name="toc" /><ac:structured-macro ac:name="toc" /><ac:layout><ac:layout-section ac:type="single"><ac:layout-cell><p>x</p></ac:layout-cell></ac:layout-section></ac:layout>';
    const report = removedOnSave(base, '<ac:structured-macro ac:name="toc" />');
    assert.deepEqual(report.items.map((i) => `${i.kind}:${i.label}:${i.count}`).sort(), ['attachment:f.png:1', 'layout section:layout:1', 'macro:toc:1', 'mention:u1:1', 'page link:S:A:1'].sort());
    assert.equal(report.sentence, 'This save removes: 1 Toc macro, 1 page link, 1 mention, 1 attachment, 1 layout section');
  });

  test('a macro regenerated with a new id is not reported; look-alikes in CDATA are not macros', () => {
    const base = '<ac:structured-macro ac:name="code" ac:macro-id="old"><ac:plain-text-body><![CDATA[<ac:structured-macro ac:name="jira"/>]]></ac:plain-text-body></ac:structured-macro>';
    assert.deepEqual(removedOnSave(base, base.replace('"old"', '"new"')).items, []);
    assert.deepEqual(removedOnSave(base, '<p />').items.map((i) => i.label), ['code']);
  });

  test('removing a macro block from the Markdown is reported', () => {
    const page = corpus().find((p) => p.name.startsWith('16-'));
    assert.ok(page);
    const md = storageToMarkdown(page.storage).markdown;
    const jiraBlock = /::jira\{[^\n]*\}\n\n/.exec(md)?.[0];
    assert.ok(jiraBlock, md);
    const after = toStorage(replaceOnce(md, jiraBlock, ''), page.storage);
    assert.match(removedOnSave(page.storage, after).sentence, /^This save removes: 1 Jira macro$/);
  });
});
