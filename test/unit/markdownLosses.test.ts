// The editor words the converter's loss items itself (src/pages/markdownLosses.ts), so they can be
// translated; in English that wording must be exactly the converter's own sentence, and with a
// translator installed every part of it must go through the seam.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { removedOnSave } from '../../src/pages/markdown/converter';
import { markdownLosses } from '../../src/pages/markdownCodec';
import { markdownLossList } from '../../src/pages/markdownLosses';
import { formatMessage, setTranslator, type L10nArgs } from '../../src/util/l10n';

afterEach(() => setTranslator(undefined));

const comment = (ref: string, text: string): string => `<ac:inline-comment-marker ac:ref="${ref}">${text}</ac:inline-comment-marker>`;
const jira = (id: string): string => `<ac:structured-macro ac:name="jira" ac:macro-id="${id}"><ac:parameter ac:name="key">ABC-1</ac:parameter></ac:structured-macro>`;
const links = '<p><ac:link><ri:page ri:content-title="A" ri:space-key="S" /></ac:link><ac:link><ri:page ri:content-title="B" /></ac:link>'
  + '<ac:link><ri:user ri:account-id="u1" /></ac:link><ac:link><ri:space ri:space-key="S" /></ac:link></p>'
  + '<p><ac:image><ri:attachment ri:filename="f.png" /></ac:image></p>';
const layout = '<ac:layout><ac:layout-section ac:type="single"><ac:layout-cell><p>x</p></ac:layout-cell></ac:layout-section>'
  + '<ac:layout-section ac:type="single"><ac:layout-cell><p>y</p></ac:layout-cell></ac:layout-section></ac:layout>';

const pages: [string, string][] = [
  ['one macro, two comment anchors', `<p>${comment('c1', 'one')} and ${comment('c2', 'two')}</p>${jira('j1')}`],
  ['two macros of a name, one without a name, a macro without an id', `${jira('j1')}${jira('j2')}<ac:structured-macro ac:name="" ac:macro-id="n1" /><ac:structured-macro ac:name="toc" />`],
  ['page links, a mention, a space reference, an attachment, two layout sections', `${links}${layout}`],
];

describe('the converter\'s loss items, worded by the editor', () => {
  for (const [name, base] of pages) {
    test(`English equals the converter's sentence: ${name}`, () => {
      const report = removedOnSave(base, '<p>nothing</p>');
      assert.ok(report.items.length > 0);
      assert.equal(`This save removes: ${markdownLossList(report.items)}`, report.sentence);
      const worded = markdownLosses(() => ({ removedOnSave } as never))(base, '<p>nothing</p>');
      assert.equal(worded.sentence, report.sentence);
    });
  }

  test('a body without ac: or ri: elements has nothing to lose: the converter is not even loaded', () => {
    let loads = 0;
    const losses = markdownLosses(() => { loads++; return { removedOnSave } as never; });
    assert.equal(losses('<p>plain</p>\n<table><tbody><tr><td>a &amp; b</td></tr></tbody></table>', '<p>other</p>').items.length, 0);
    assert.equal(loads, 0);
    for (const [base] of [[`<p>${comment('c1', 'one')}</p>`], [jira('j1')], [links], [layout], ['<p><AC:structured-macro ac:name="x" /></p>']]) {
      losses(base!, '<p>nothing</p>');
    }
    assert.equal(loads, 5, 'every body with an ac: or ri: element is checked');
    assert.ok(losses(jira('j1'), '<p>nothing</p>').items.length > 0);
  });

  test('with a translator installed, every counted part and the sentence are translated', () => {
    setTranslator(((...p: unknown[]) => {
      const [first, ...rest] = p;
      const message = typeof first === 'string' ? first : (first as { message: string }).message;
      const args = typeof first === 'string' ? (typeof rest[0] === 'object' ? rest[0] : rest) : (first as { args?: unknown }).args;
      return `«${formatMessage(message, args as L10nArgs | undefined)}»`;
    }) as never);
    const worded = markdownLosses(() => ({ removedOnSave } as never))(`${pages[1]?.[1] ?? ''}${links}${layout}`, '<p>nothing</p>');
    assert.equal(worded.sentence, '«This save removes: «2 Jira macros», «1 unnamed macro», «1 Toc macro», «2 page links», «1 mention», «1 reference», «1 attachment», «2 layout sections»»');
  });
});
