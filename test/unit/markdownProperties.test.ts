// Properties over generated storage documents: identity, idempotence, locality of edits and no silent
// loss. Documents mix paragraphs with marks, links, mentions, emoticons, comment markers and status
// macros, headings, lists, tables, code macros (with CDATA ends), admonitions, layouts, attributes in
// any order, entities and whitespace between blocks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { markdownToStorage, removedOnSave, storageToMarkdown } from '../../src/pages/markdown/converter';
import { viewPage } from '../../src/pages/markdown/blockViews';
import { propertyRuns } from './helpers/propertyRuns';

const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'release', 'owner', 'page', 'team', 'x', 'data');
const entity = fc.constantFrom('&nbsp;', '&amp;', '&lt;', '&gt;', '&rsquo;', '&mdash;', '&#169;', '"', "'", '*', '_', '[', ']', '#', '`', '\\', '|', ':', '🙂', '𝔘',
  '10:30', 'ratio:high', 'www.example.com', 'a@b.org', 'https://x.org/p', 'snake_case', '1.', '-', '+', '>', '~~', '{x}', ':br');
const text = fc.array(fc.oneof({ weight: 4, arbitrary: word }, { weight: 1, arbitrary: entity }), { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' '));
// Ids are placeholders numbered per page (see `page`): unique like Confluence's, and a pure function of
// the generated value, so a seed and path replay the same page.
const ID = '\u0001id\u0001';
const uuid = fc.constant(ID);

const inline: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: text },
  { weight: 1, arbitrary: text.map((t) => `<strong>${t}</strong>`) },
  { weight: 1, arbitrary: text.map((t) => `<em>${t}</em>`) },
  { weight: 1, arbitrary: word.map((t) => `<code>${t}</code>`) },
  { weight: 1, arbitrary: fc.tuple(word, text).map(([w, t]) => `<a href="https://example.com/${w}?a=1&amp;b=2">${t}</a>`) },
  { weight: 1, arbitrary: fc.tuple(word, word).map(([p, t]) => `<ac:link><ri:page ri:content-title="${p} page" /><ac:plain-text-link-body><![CDATA[${t}]]></ac:plain-text-link-body></ac:link>`) },
  { weight: 1, arbitrary: word.map((w) => `<ac:link><ri:user ri:account-id="acc-${w}" /></ac:link>`) },
  { weight: 1, arbitrary: fc.constantFrom('smile', 'tick', 'warning').map((n) => `<ac:emoticon ac:name="${n}" />`) },
  { weight: 1, arbitrary: fc.tuple(uuid, text).map(([r, t]) => `<ac:inline-comment-marker ac:ref="${r}">${t}</ac:inline-comment-marker>`) },
  { weight: 1, arbitrary: fc.tuple(uuid, word).map(([id, t]) => `<ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="${id}"><ac:parameter ac:name="title">${t}</ac:parameter></ac:structured-macro>`) },
  { weight: 1, arbitrary: fc.constant('<br />') },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('u', 's', 'sub', 'sup'), text).map(([tag, t]) => `<${tag}>${t}</${tag}>`) },
  { weight: 1, arbitrary: text.map((t) => `<span style="color: red;">${t}</span>`) },
  { weight: 1, arbitrary: fc.constantFrom('<time datetime="2024-01-02" />', '<code>a`b</code>', '<ac:structured-macro ac:name="anchor" ac:schema-version="1"><ac:parameter ac:name="">top</ac:parameter></ac:structured-macro>') },
);
/** Inline pieces with or without a space between them (marks right next to words and to each other). */
const phrasing = fc.tuple(fc.array(inline, { minLength: 1, maxLength: 5 }), fc.constantFrom(' ', ' ', '')).map(([xs, joint]) => xs.join(joint));
const attributes = fc.shuffledSubarray(['local-id="a1b2c3"', 'data-x="1"']).map((as) => (as.length ? ` ${as.filter((a) => a.startsWith('local')).join(' ')}` : ''));

const block: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(attributes, phrasing).map(([a, p]) => `<p${a}>${p}</p>`) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 6 }), phrasing).map(([n, p]) => `<h${n}>${p}</h${n}>`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('ul', 'ol'), fc.array(phrasing, { minLength: 1, maxLength: 3 })).map(([t, items]) => `<${t}>${items.map((i) => `<li><p>${i}</p></li>`).join('')}</${t}>`) },
  { weight: 1, arbitrary: fc.array(fc.tuple(text, text), { minLength: 2, maxLength: 3 }).map((rows) => `<table data-layout="default"><tbody>${rows.map(([a, b], i) => (i === 0 ? `<tr><th><p>${a}</p></th><th><p>${b}</p></th></tr>` : `<tr><td><p>${a}</p></td><td><p>${b}</p></td></tr>`)).join('')}</tbody></table>`) },
  { weight: 2, arbitrary: fc.tuple(uuid, fc.constantFrom('js', 'python', 'xml'), fc.array(fc.constantFrom('a = 1', 'x ]]> y', '<tag attr="v">', '```', ''), { maxLength: 4 }), fc.boolean())
    .map(([id, lang, lines, title]) => `<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="${id}"><ac:parameter ac:name="language">${lang}</ac:parameter>${title ? '<ac:parameter ac:name="title">T &amp; U</ac:parameter>' : ''}<ac:plain-text-body><![CDATA[${lines.join('\n').replace(/\]\]>/g, ']]]]><![CDATA[>')}]]></ac:plain-text-body></ac:structured-macro>`) },
  { weight: 1, arbitrary: fc.tuple(uuid, fc.constantFrom('info', 'note', 'tip', 'warning', 'expand', 'panel'), phrasing).map(([id, name, p]) => `<ac:structured-macro ac:name="${name}" ac:schema-version="1" ac:macro-id="${id}"><ac:rich-text-body><p>${p}</p></ac:rich-text-body></ac:structured-macro>`) },
  { weight: 1, arbitrary: fc.tuple(uuid, word).map(([id, w]) => `<ac:structured-macro ac:name="jira" ac:macro-id="${id}" ac:schema-version="1"><ac:parameter ac:name="key">${w.toUpperCase()}-1</ac:parameter></ac:structured-macro>`) },
  { weight: 1, arbitrary: phrasing.map((p) => `<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell><p>${p}</p></ac:layout-cell><ac:layout-cell><p>x</p></ac:layout-cell></ac:layout-section></ac:layout>`) },
  { weight: 1, arbitrary: fc.constantFrom('<hr />', '<p />', '<blockquote><p>quoted</p></blockquote>', '<p style="text-align: center;">centred</p>') },
  { weight: 1, arbitrary: fc.tuple(phrasing, phrasing).map(([a, b]) => `<ul><li><p>${a}</p><ol><li><p>${b}</p></li></ol></li></ul>`) },
  { weight: 1, arbitrary: fc.tuple(phrasing, phrasing).map(([a, b]) => `<ul>\n  <li>${a}</li>\n  <li>${b}</li>\n</ul>`) },
  { weight: 1, arbitrary: fc.array(fc.tuple(fc.boolean(), phrasing), { minLength: 1, maxLength: 3 }).map((tasks) => `<ac:task-list>${tasks.map(([done, t], i) => `<ac:task><ac:task-id>${i + 1}</ac:task-id><ac:task-status>${done ? 'complete' : 'incomplete'}</ac:task-status><ac:task-body>${t}</ac:task-body></ac:task>`).join('')}</ac:task-list>`) },
  { weight: 1, arbitrary: fc.tuple(phrasing, phrasing).map(([a, b]) => `<blockquote><p>${a}</p><p>${b}</p></blockquote>`) },
);
const separator = fc.constantFrom('', '', '\n', '\n  ');
const page = fc.array(fc.tuple(separator, block), { minLength: 1, maxLength: 8 }).map((bs) => {
  let n = 0;
  return bs.map(([s, b]) => s + b).join('').replace(/\u0001id\u0001/g, () => `${(n++).toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-000000000000`);
});

/** Pages built from one to three distinct blocks, repeated: identical blocks in every arrangement. */
const repetitive = fc.tuple(fc.array(block, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(separator, fc.nat({ max: 2 })), { minLength: 2, maxLength: 8 })).map(([pool, picks]) => {
  let n = 0;
  return picks.map(([s, i]) => s + (pool[i % pool.length] as string)).join('').replace(/\u0001id\u0001/g, () => `${(n++).toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-000000000000`);
});

const runs = propertyRuns(200);

function toStorage(markdown: string, base?: string): string {
  const r = markdownToStorage(markdown, base === undefined ? undefined : { storage: base });
  assert.ok(r.ok, r.ok ? '' : `line ${r.line}: ${r.reason}\n${markdown}`);
  return r.storage;
}

test('identity: storage → Markdown → storage gives the same bytes, by reuse and by regeneration', () => {
  fc.assert(fc.property(page, (storage) => {
    const { markdown } = storageToMarkdown(storage);
    assert.equal(toStorage(markdown, storage), storage);
    const regenerated = markdownToStorage(markdown, { storage }, { reuseUnchangedBlocks: false });
    assert.ok(regenerated.ok && regenerated.storage === storage);
  }), runs);
});

test('idempotence: Markdown → storage → Markdown is stable', () => {
  fc.assert(fc.property(page, (storage) => {
    const md1 = storageToMarkdown(storage).markdown;
    const s1 = toStorage(md1);
    const md2 = storageToMarkdown(s1).markdown;
    const s2 = toStorage(md2);
    assert.equal(storageToMarkdown(s2).markdown, md2);
    assert.equal(toStorage(md2, s1), s1);
  }), runs);
});

/** Edits a word in one Markdown block and checks that only that block's bytes change. */
function editOneBlock(storage: string, pick: number): void {
  const view = viewPage(storage);
  const editable = view.blocks.map((b, i) => ({ b, i })).filter(({ b }) => !b.kept && /\b(alpha|beta|gamma|delta|release|owner|team|data)\b/.test(b.markdown));
  if (editable.length === 0) { return; }
  const { b, i } = editable[pick % editable.length] as { b: (typeof view.blocks)[number]; i: number };
  const edited = b.markdown.replace(/\b(alpha|beta|gamma|delta|release|owner|team|data)\b/, '$1Z');
  const markdown = view.blocks.map((x, j) => (j === i ? edited : x.markdown)).join('\n\n');
  const out = toStorage(markdown, storage);
  assert.equal(out.slice(0, b.start), storage.slice(0, b.start), 'bytes before the block');
  assert.equal(out.slice(out.length - (storage.length - b.end)), storage.slice(b.end), 'bytes after the block');
  assert.ok(out.slice(b.start, out.length - (storage.length - b.end)).includes('Z'));
}

test('locality: editing one block\'s Markdown changes only that block\'s bytes', () => {
  fc.assert(fc.property(page, fc.nat(), editOneBlock), runs);
});

test('locality with repeated blocks: editing one of several identical blocks changes only that one', () => {
  fc.assert(fc.property(repetitive, fc.nat(), editOneBlock), runs);
});

test('deleting one block removes exactly one block of that Markdown and the whitespace before it', () => {
  fc.assert(fc.property(fc.oneof(page, repetitive), fc.nat(), (storage, pick) => {
    const view = viewPage(storage);
    if (view.blocks.length < 2) { return; }
    const i = pick % view.blocks.length;
    // Two lists with the same marker that end up next to each other are one list, as Markdown reads them.
    const marker = (j: number): string | undefined => /^(?:[-*+]|\d+[.)])(?= )/.exec(view.blocks[j]?.markdown ?? '')?.[0].replace(/\d+/, '1');
    if (marker(i - 1) !== undefined && marker(i - 1) === marker(i + 1)) { return; }
    const markdown = view.blocks.filter((_, j) => j !== i).map((x) => x.markdown).join('\n\n');
    const out = toStorage(markdown, storage);
    // Removing block j takes the whitespace before it along; the first block takes the whitespace after it.
    const without = (j: number): string => {
      const b = view.blocks[j] as (typeof view.blocks)[number];
      return j === 0 ? storage.slice(0, b.start) + storage.slice(view.blocks[1]?.start ?? b.end) : storage.slice(0, view.blocks[j - 1]?.end ?? 0) + storage.slice(b.end);
    };
    const expected = view.blocks.map((b, j) => (b.markdown === view.blocks[i]?.markdown ? without(j) : undefined)).filter((x) => x !== undefined);
    assert.ok(expected.includes(out), `${storage}\n→ ${out}`);
  }), runs);
});

test('no silent loss: removing a block that holds a macro or reference is always reported', () => {
  fc.assert(fc.property(page, fc.nat(), (storage, pick) => {
    const view = viewPage(storage);
    const holding = view.blocks.map((b, i) => ({ b, i })).filter(({ b }) => /<ac:structured-macro|<ri:|<ac:inline-comment-marker|<ac:layout-section/.test(b.storage));
    if (holding.length === 0) { return; }
    const { i } = holding[pick % holding.length] as { i: number };
    const markdown = view.blocks.filter((_, j) => j !== i).map((x) => x.markdown).join('\n\n');
    const report = removedOnSave(storage, toStorage(markdown, storage));
    assert.ok(report.items.length > 0 && report.sentence.startsWith('This save removes: '), `${storage}\n→ nothing reported`);
  }), runs);
});
