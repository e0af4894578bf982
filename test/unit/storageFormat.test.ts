import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bytesEqual, decodeUtf8Strict, encodeUtf8, inlineCommentRefs, InvalidUtf8Error, removedInlineComments, utf8ByteLength,
} from '../../src/pages/storageFormat';

const BODY = '<p>We propose <ac:inline-comment-marker ac:ref="a1b2">moving indexing</ac:inline-comment-marker> to a queue.</p>'
  + '<ul><li><p><ac:inline-comment-marker ac:ref="b2c3">How do we backfill?</ac:inline-comment-marker></p></li></ul>';

describe('inlineCommentRefs', () => {
  test('finds the ac:ref of every marker', () => {
    assert.deepEqual([...inlineCommentRefs(BODY)], ['a1b2', 'b2c3']);
  });

  test('accepts single quotes, other attributes first, whitespace and entities', () => {
    const s = `<ac:inline-comment-marker data-x="1" ac:ref='c&amp;d'>x</ac:inline-comment-marker>`
      + '<ac:inline-comment-marker\n  ac:ref = "e5">y</ac:inline-comment-marker>';
    assert.deepEqual([...inlineCommentRefs(s)], ['c&d', 'e5']);
  });

  test('ignores look-alikes inside CDATA and comments, and markers without a ref', () => {
    const s = '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[<ac:inline-comment-marker ac:ref="in-code">]]></ac:plain-text-body></ac:structured-macro>'
      + '<!-- <ac:inline-comment-marker ac:ref="in-comment"> -->'
      + '<ac:inline-comment-marker>no ref</ac:inline-comment-marker>'
      + '<ac:inline-comment-marker-other ac:ref="other">x</ac:inline-comment-marker-other>';
    assert.deepEqual([...inlineCommentRefs(s)], []);
  });

  test('an empty body has none', () => {
    assert.equal(inlineCommentRefs('').size, 0);
  });
});

describe('removedInlineComments', () => {
  test('reports anchors present before and absent after, in document order', () => {
    const after = BODY.replace(/<ac:inline-comment-marker ac:ref="a1b2">(.*?)<\/ac:inline-comment-marker>/, '$1');
    assert.deepEqual(removedInlineComments(BODY, after), ['a1b2']);
    assert.deepEqual(removedInlineComments(BODY, '<p>all gone</p>'), ['a1b2', 'b2c3']);
  });

  test('moving or re-wrapping an anchor is not a removal; new anchors are not reported', () => {
    const moved = '<p>x</p>' + BODY;
    assert.deepEqual(removedInlineComments(BODY, moved), []);
    assert.deepEqual(removedInlineComments('<p>x</p>', BODY), []);
    assert.deepEqual(removedInlineComments(BODY, BODY), []);
  });

  test('an anchor that survives only inside a code block counts as removed', () => {
    const after = `<![CDATA[${BODY}]]>`;
    assert.deepEqual(removedInlineComments(BODY, after), ['a1b2', 'b2c3']);
  });
});

describe('UTF-8 helpers', () => {
  test('utf8ByteLength matches TextEncoder for every class of character', () => {
    for (const s of ['', 'abc', 'é', '漢字', '💩', 'a\u0301', '👨‍👩‍👧‍👦', '\uD800', 'x\uDC00y', BODY, '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
      assert.equal(utf8ByteLength(s), new TextEncoder().encode(s).length, JSON.stringify(s));
    }
  });

  test('decodeUtf8Strict round-trips, drops a BOM and refuses invalid bytes', () => {
    const text = 'Größe 💩 <ac:link/>';
    assert.equal(decodeUtf8Strict(encodeUtf8(text)), text);
    assert.equal(decodeUtf8Strict(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), 'a');
    assert.throws(() => decodeUtf8Strict(new Uint8Array([0x61, 0xff, 0x62])), InvalidUtf8Error);
    assert.throws(() => decodeUtf8Strict(new Uint8Array([0xe4])), InvalidUtf8Error, 'latin-1 ä');
  });

  test('bytesEqual', () => {
    assert.ok(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])));
    assert.ok(!bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3])));
    assert.ok(!bytesEqual(new Uint8Array([1]), new Uint8Array([1, 2])));
  });
});

// The preview's sanitiser (src/fs/htmlSanitizer.ts) lives with the other page-body helpers' tests.
