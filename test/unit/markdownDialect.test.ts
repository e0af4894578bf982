// The page dialect read with markdown-it and written by hand: text survives a write and a read in
// every place it can stand, directives follow the generic-directive grammar, GFM autolinks and task
// items are read as GitHub reads them, and what has no Confluence form is refused, not resolved.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { PhrasingContent, RootContent } from 'mdast';
import { markdownToStorage, storageToMarkdown } from '../../src/pages/markdown/converter';
import { isInertText } from '../../src/pages/markdown/blockViews';
import { parseMarkdown, writeMarkdown } from '../../src/pages/markdown/markdownSyntax';
import { propertyRuns } from './helpers/propertyRuns';
import { toStorage } from './markdownConverterHelpers';

/** Pieces of text that mean something to Markdown somewhere, and some that mean nothing. */
const piece = fc.oneof(
  fc.constantFrom(...'ab1 .:-_*`[]\\<>&#!~=+|{}()@\n\t\u00a0\u3000\r\u2028/"\';,?%^$é—'.split('')),
  fc.constantFrom('🙂', 'www.', 'http://', 'a@b.co', '1.', '2)', '::', ':x', ':br', ':x[', ':x{', '&amp;', '&#42;', '---', '```', '~~~', '- ', '> ', '# ', '[x] ', '<!--', '<a>', '\\\n', 'snake_case'),
);
const text = fc.array(piece, { minLength: 1, maxLength: 12 }).map((xs) => xs.join(''));

/** Bare `:name` forms read back as text (except `:br`); adjacent texts merge, as the converter sees them. */
function normalised(nodes: readonly PhrasingContent[]): unknown[] {
  const out: { type: string; value?: string }[] = [];
  for (const node of nodes) {
    const n = node.type === 'textDirective' && node.data?.bare && node.name !== 'br' ? { type: 'text', value: `:${node.name}` } : node;
    const last = out[out.length - 1];
    if (n.type === 'text' && last?.type === 'text' && 'value' in n) { last.value = `${last.value ?? ''}${n.value}`; continue; }
    if ('children' in n) {
      const { children, position: _p, data: _d, ...rest } = n;
      out.push({ ...rest, children: normalised(children as PhrasingContent[]) } as never);
    } else {
      const { position: _p, data: _d, ...rest } = n as PhrasingContent;
      out.push({ ...rest } as never);
    }
  }
  return out;
}

function phrasingOf(block: RootContent | undefined): PhrasingContent[] {
  if (!block) { return []; }
  if (block.type === 'table') { return block.children[1]?.children[0]?.children ?? []; }
  return 'children' in block ? (block.children as PhrasingContent[]) : [];
}

describe('markdown dialect', () => {
  const places: [string, (value: string) => RootContent, (read: RootContent | undefined) => PhrasingContent[]][] = [
    ['paragraph', (value) => ({ type: 'paragraph', children: [{ type: 'text', value }] }), phrasingOf],
    ['heading', (value) => ({ type: 'heading', depth: 2, children: [{ type: 'text', value }] }), phrasingOf],
    ['emphasis', (value) => ({ type: 'paragraph', children: [{ type: 'emphasis', children: [{ type: 'text', value }] }] }), phrasingOf],
    ['link text', (value) => ({ type: 'paragraph', children: [{ type: 'link', url: 'page:A b', title: null, children: [{ type: 'text', value }] }] }), phrasingOf],
    ['directive label and attribute', (value) => ({ type: 'paragraph', children: [{ type: 'textDirective', name: 'span', attributes: { style: value }, children: [{ type: 'text', value }] }] }), phrasingOf],
    ['table cell', (value) => ({ type: 'table', align: [null], children: [{ type: 'tableRow', children: [{ type: 'tableCell', children: [{ type: 'text', value: 'h' }] }] }, { type: 'tableRow', children: [{ type: 'tableCell', children: [{ type: 'text', value }] }] }] }), phrasingOf],
  ];
  for (const [place, make, read] of places) {
    test(`any text in a ${place} reads back as the same text`, () => {
      fc.assert(fc.property(text, (value) => {
        // A line break cannot stand in a table cell; such a cell is kept as storage.
        if (place === 'table cell' && /[\n\r]/.test(value)) { return; }
        const node = make(value);
        const markdown = writeMarkdown(node);
        const back = parseMarkdown(markdown).children;
        assert.equal(back.length, 1, markdown);
        assert.deepEqual(normalised(read(back[0])), normalised(phrasingOf(node)), markdown);
      }), propertyRuns(300));
    });
  }

  test('text the check does not read back (inert text) reads back as a paragraph or heading of itself', () => {
    let inert = 0;
    const inertRuns = propertyRuns(2000);
    const plainish = fc.array(fc.constantFrom(...[...'aB1 .,;\'"?/()$%^-—é😀w'], 'www', '1.', '2)', ' - ', '%20', '$x^'), { minLength: 1, maxLength: 10 }).map((xs) => xs.join(''));
    fc.assert(fc.property(fc.oneof(plainish, text), (value) => {
      if (!isInertText(value)) { return; }
      inert++;
      assert.deepEqual(normalised(phrasingOf(parseMarkdown(value).children[0])), [{ type: 'text', value }]);
      const heading = parseMarkdown(`### ${value}`).children;
      assert.equal(heading.length, 1);
      assert.deepEqual(normalised(phrasingOf(heading[0])), [{ type: 'text', value }]);
      assert.equal(parseMarkdown(value).children.length, 1);
    }), inertRuns);
    assert.ok(inert > inertRuns.numRuns / 8, `${inert} inert texts in ${inertRuns.numRuns} runs`);
    for (const plain of ['Core hours are set per team.', 'Release (beta) $5, 20% off; ok?', 'Über — “quoted”']) { assert.ok(isInertText(plain), plain); }
    for (const special of ['1. first', '- item', 'a *b*', 'see www.example.com', 'time 10:30', 'trailing ', '#tag']) { assert.ok(!isInertText(special), special); }
  });

  test('directive names, labels and attributes follow the generic-directive grammar', () => {
    assert.equal(toStorage('ratio:high at 10:30, see :br[] and a:b:c'), '<p>ratio:high at 10:30, see <br /> and a:b:c</p>');
    assert.equal(toStorage(':span[a [b] \\] c]{style="color: red;" title=\'t\'}'), '<p><span style="color: red;" title="t">a [b] ] c</span></p>');
    assert.equal(toStorage(':span[x]{#main .a .b data-x=1}'), '<p><span id="main" class="a b" data-x="1">x</span></p>');
    assert.equal(toStorage(':span[x]{title="&amp;&#x22;"}'), '<p><span title="&amp;&quot;">x</span></p>');
    // Not a directive: a name ending in `-`, a name right after another colon, an unclosed label.
    assert.equal(toStorage('a :x-[y] b'), '<p>a :x-[y] b</p>');
    assert.equal(toStorage('::x[y] in text'), '<p>::x[y] in text</p>');
    assert.equal(toStorage(':x[y and more'), '<p>:x[y and more</p>');
  });

  test('containers close at the first line of enough colons; an outer container takes a longer fence', () => {
    const ids = (s: string): string => s.replace(/ ac:macro-id="[^"]*"/g, '');
    assert.equal(ids(toStorage('::::expand{title="Outer"}\n:::panel\ninner\n:::\nafter\n::::\n\nnext')),
      '<ac:structured-macro ac:name="expand" ac:schema-version="1"><ac:parameter ac:name="title">Outer</ac:parameter><ac:rich-text-body><ac:structured-macro ac:name="panel" ac:schema-version="1"><ac:rich-text-body><p>inner</p></ac:rich-text-body></ac:structured-macro><p>after</p></ac:rich-text-body></ac:structured-macro><p>next</p>');
    const nested = storageToMarkdown('<ac:structured-macro ac:name="expand" ac:macro-id="a"><ac:rich-text-body><ac:structured-macro ac:name="panel" ac:macro-id="b"><ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro></ac:rich-text-body></ac:structured-macro>').markdown;
    assert.equal(nested, '::::expand\n:::panel\nx\n:::\n::::\n');
    assert.equal(ids(toStorage(':::expand\nnever closed')), '<ac:structured-macro ac:name="expand" ac:schema-version="1"><ac:rich-text-body><p>never closed</p></ac:rich-text-body></ac:structured-macro>');
  });

  test('typed autolinks become links; escaped ones and text inside links stay text', () => {
    assert.equal(toStorage('see www.example.com/a_(b). or https://x.org/p?q=1, mail a.b@example.org.'),
      '<p>see <a href="http://www.example.com/a_(b)">www.example.com/a_(b)</a>. or <a href="https://x.org/p?q=1">https://x.org/p?q=1</a>, mail <a href="mailto:a.b@example.org">a.b@example.org</a>.</p>');
    assert.equal(toStorage('www\\.example.com https\\://x.org a\\@b.org [https://x.org](page:P)'),
      '<p>www.example.com https://x.org a@b.org <ac:link><ri:page ri:content-title="P" /><ac:plain-text-link-body><![CDATA[https://x.org]]></ac:plain-text-link-body></ac:link></p>');
    for (const storage of ['<p>go to www.example.com or https://x.org/a, ask a@b.org</p>', '<p>hosts: example.com, localhost:8080</p>']) {
      const md = storageToMarkdown(storage).markdown;
      assert.equal(toStorage(md), storage, md);
    }
  });

  test('task items need a space after the box; an escaped box is text', () => {
    assert.match(toStorage('- [x] done\n- [ ] todo'), /^<ac:task-list>/);
    assert.equal(toStorage('- \\[x] text'), '<ul><li><p>[x] text</p></li></ul>');
    assert.equal(toStorage('- [x]'), '<ul><li><p>[x]</p></li></ul>');
  });

  test('reference-style links, footnotes and definitions are refused at their line, never resolved', () => {
    const definition = markdownToStorage('text\n\n[a]: https://example.com\n');
    assert.deepEqual(definition.ok ? undefined : [definition.line, /definitions/.test(definition.reason)], [3, true]);
    const collapsed = markdownToStorage('one\n\n[a][] and ![b][a]\n\n[a]: https://example.com\n');
    assert.deepEqual(collapsed.ok ? undefined : collapsed.line, 3);
  });

  test('carriage returns are content: storage holding them converts both ways, CRLF Markdown reads as lines', () => {
    for (const storage of ['<p>a\rb</p>', '<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="x"><ac:plain-text-body><![CDATA[line 1\r\nline 2]]></ac:plain-text-body></ac:structured-macro>']) {
      const md = storageToMarkdown(storage).markdown;
      assert.equal(toStorage(md, storage), storage);
      const regenerated = markdownToStorage(md, { storage }, { reuseUnchangedBlocks: false });
      assert.ok(regenerated.ok && regenerated.storage === storage);
    }
    assert.equal(toStorage('# Title\r\n\r\nline one\r\nline two\r\n'), '<h1>Title</h1><p>line one\nline two</p>');
  });
});
