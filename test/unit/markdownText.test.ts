import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownText } from '../../src/util/markdownText';

describe('markdownText (server text inside trusted Markdown)', () => {
  test('a link, an image, a command: URI and HTML stay text', () => {
    const hostile = 'Boom [click](command:confluence.deletePage?%7B%7D) ![x](https://t.example/p.gif) <img src=x> `code` *em* $(key)';
    const escaped = markdownText(hostile);
    assert.doesNotMatch(escaped, /(?<!\\)\[|(?<!\\)\]\(|(?<!\\)</);
    assert.equal(escaped.replace(/\\(.)/g, '$1'), hostile, 'unescaping gives the text back');
  });

  test('line breaks cannot start a block; ordinary text and host names read as they are', () => {
    assert.equal(markdownText('a\n# heading\r\n- item'), 'a \\# heading - item');
    assert.equal(markdownText('acme.atlassian.net'), 'acme.atlassian.net');
  });
});
