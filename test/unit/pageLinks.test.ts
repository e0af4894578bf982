import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeTinyCode, encodeTinyCode, pageTinyUrl, pageWebUrl, parsePageLink, spaceKeyFromWebUrl, type PageLink } from '../../src/pages/pageLinks';

function link(input: string): PageLink {
  const r = parsePageLink(input);
  assert.ok(r.ok, `expected ${input} to parse, got ${r.ok ? '' : r.error}`);
  return r.link;
}

function error(input: string): string {
  const r = parsePageLink(input);
  assert.ok(!r.ok, `expected ${input} to be refused`);
  return r.error;
}

describe('tiny links', () => {
  test('decode known codes (little-endian page id, base64 with -/_ and trailing A removed)', () => {
    assert.equal(decodeTinyCode('BAAB'), '65540');
    assert.equal(decodeTinyCode('2oEBfw'), '2130805210');
    assert.equal(decodeTinyCode('AQ'), '1');
  });

  test('encode is the inverse, including ids that need the - and _ substitutions', () => {
    assert.equal(encodeTinyCode('65540'), 'BAAB');
    assert.equal(encodeTinyCode('2130805210'), '2oEBfw');
    for (const id of ['1', '63', '255', '65536', '98304', '123456789', '4294967295', '4294967296', '3489660941', '9223372036854775807']) {
      const code = encodeTinyCode(id);
      assert.match(code, /^[A-Za-z0-9_-]+$/);
      assert.equal(decodeTinyCode(code), id, `${id} -> ${code}`);
    }
    // 0xFBFF... produces '/' and '+' in plain base64.
    const withSpecials = encodeTinyCode(String(0xfbefbe));
    assert.ok(/[-_]/.test(withSpecials), withSpecials);
    assert.equal(decodeTinyCode(withSpecials), String(0xfbefbe));
  });

  test('refuses codes that are not one', () => {
    assert.equal(decodeTinyCode(''), undefined);
    assert.equal(decodeTinyCode('A'), undefined, 'id 0');
    assert.equal(decodeTinyCode('abc$'), undefined);
    assert.equal(decodeTinyCode('AAAAAAAAAAAB'), undefined, 'too long');
    assert.equal(decodeTinyCode('__________8'), undefined, 'beyond int64');
  });
});

describe('parsePageLink', () => {
  test('page URLs, with and without title, query and fragment', () => {
    assert.deepEqual(link('https://acme.atlassian.net/wiki/spaces/ENG/pages/65540/Release+notes'),
      { kind: 'page', pageId: '65540', spaceKey: 'ENG', siteOrigin: 'https://acme.atlassian.net', host: 'acme.atlassian.net' });
    assert.deepEqual(link('https://acme.atlassian.net/wiki/spaces/ENG/pages/65540'),
      { kind: 'page', pageId: '65540', spaceKey: 'ENG', siteOrigin: 'https://acme.atlassian.net', host: 'acme.atlassian.net' });
    assert.equal((link('https://acme.atlassian.net/wiki/spaces/ENG/pages/65540/T?focusedCommentId=9#anchor') as { pageId: string }).pageId, '65540');
    assert.deepEqual(link('/wiki/spaces/~712020abc/pages/77/Me'), { kind: 'page', pageId: '77', spaceKey: '~712020abc' });
    assert.deepEqual(link('acme.atlassian.net/wiki/spaces/ENG/pages/5/x'),
      { kind: 'page', pageId: '5', spaceKey: 'ENG', siteOrigin: 'https://acme.atlassian.net', host: 'acme.atlassian.net' });
  });

  test('editor links', () => {
    assert.deepEqual(link('/wiki/spaces/KEY/pages/edit-v2/123'), { kind: 'page', pageId: '123', spaceKey: 'KEY' });
    assert.deepEqual(link('https://acme.atlassian.net/wiki/spaces/KEY/pages/edit-v2/123?draftShareId=abc').kind, 'page');
    assert.deepEqual(link('/wiki/spaces/KEY/pages/edit/123'), { kind: 'page', pageId: '123', spaceKey: 'KEY' });
  });

  test('tiny links are decoded locally', () => {
    assert.deepEqual(link('https://acme.atlassian.net/wiki/x/BAAB'),
      { kind: 'page', pageId: '65540', siteOrigin: 'https://acme.atlassian.net', host: 'acme.atlassian.net' });
    assert.deepEqual(link('/wiki/x/2oEBfw'), { kind: 'page', pageId: '2130805210' });
    assert.match(error('/wiki/x/$$$'), /tiny-link/);
  });

  test('viewpage.action?pageId= and a bare id', () => {
    assert.deepEqual(link('https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=123'),
      { kind: 'page', pageId: '123', siteOrigin: 'https://acme.atlassian.net', host: 'acme.atlassian.net' });
    assert.deepEqual(link('123'), { kind: 'page', pageId: '123' });
    assert.deepEqual(link('  <123>  '), { kind: 'page', pageId: '123' });
    assert.match(error('https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=abc'), /not a valid page id/);
  });

  test('loopback sites keep the port in the host', () => {
    assert.deepEqual(link('http://127.0.0.1:41234/wiki/spaces/ENG/pages/9/T'),
      { kind: 'page', pageId: '9', spaceKey: 'ENG', siteOrigin: 'http://127.0.0.1:41234', host: '127.0.0.1:41234' });
  });

  test('our own confluence: URIs', () => {
    assert.deepEqual(link('confluence://acme.atlassian.net/ENG/65540/Release%20notes.confluence.html'),
      { kind: 'page', pageId: '65540', host: 'acme.atlassian.net', spaceKey: 'ENG' });
    assert.match(error('confluence://acme.atlassian.net/ENG/x/y.confluence.html'), /page id/);
  });

  test('legacy /display/ title links ask the caller to search', () => {
    assert.deepEqual(link('https://acme.atlassian.net/wiki/display/ENG/Release+notes'),
      { kind: 'title', spaceKey: 'ENG', title: 'Release notes', siteOrigin: 'https://acme.atlassian.net', host: 'acme.atlassian.net' });
  });

  test('clear errors for everything else', () => {
    assert.match(error(''), /Paste/);
    assert.match(error('   '), /Paste/);
    assert.match(error('0'), /not a valid page id/);
    assert.match(error('99999999999999999999'), /not a valid page id/);
    assert.match(error('hello world'), /neither a Confluence link nor a page id/);
    assert.match(error('https://acme.atlassian.net/wiki/spaces/ENG/overview'), /space ENG, not to a page/);
    assert.match(error('https://acme.atlassian.net/wiki/spaces/ENG/blog/2024/01/01/5/Post'), /blog post/);
    assert.match(error('https://acme.atlassian.net/wiki/spaces/ENG/pages/'), /no page id/);
    assert.match(error('https://example.com/some/where'), /not a Confluence page link/);
    assert.match(error('https://acme.atlassian.net/wiki/spaces/%E0%A4%A/pages/1'), /malformed/);
  });
});

describe('web links', () => {
  test('page and tiny URLs', () => {
    assert.equal(pageWebUrl('https://acme.atlassian.net', { pageId: '65540', spaceKey: 'ENG' }), 'https://acme.atlassian.net/wiki/spaces/ENG/pages/65540');
    assert.equal(pageWebUrl('https://acme.atlassian.net/', { pageId: '65540' }), 'https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=65540');
    assert.equal(pageTinyUrl('http://127.0.0.1:4000', '65540'), 'http://127.0.0.1:4000/wiki/x/BAAB');
    assert.deepEqual(link(pageWebUrl('https://acme.atlassian.net', { pageId: '42', spaceKey: '~me' })),
      { kind: 'page', pageId: '42', spaceKey: '~me', siteOrigin: 'https://acme.atlassian.net', host: 'acme.atlassian.net' });
  });
});

test('the space key is read from a page\'s web link', () => {
  assert.equal(spaceKeyFromWebUrl('https://acme.atlassian.net/wiki/spaces/ENG/pages/123/Title'), 'ENG');
  assert.equal(spaceKeyFromWebUrl('https://acme.atlassian.net/wiki/spaces/~5f1a%3Ab2/pages/9'), '~5f1a:b2');
  assert.equal(spaceKeyFromWebUrl('https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=1'), undefined);
  assert.equal(spaceKeyFromWebUrl('https://acme.atlassian.net/wiki/spaces/%E0%A4%A/pages/1'), undefined);
  assert.equal(spaceKeyFromWebUrl(undefined), undefined);
});
