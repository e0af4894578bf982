import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  authorityForOrigin, isPageId, MAX_FILE_NAME_CHARS, MAX_TITLE_BYTES, PAGE_FILE_SUFFIX, pageFileName, pageKey, PageUriError,
  pageUriParts, pageUriString, parsePageUri, parsePageUriString, safeTitle,
} from '../../src/pages/pageUri';

const utf8 = (s: string): number => new TextEncoder().encode(s).length;

describe('pageUriParts / parsePageUri', () => {
  test('builds the documented shape', () => {
    assert.deepEqual(pageUriParts({ host: 'acme.atlassian.net', spaceKey: 'ENG', pageId: '65540', title: 'Release notes' }), {
      scheme: 'confluence', authority: 'acme.atlassian.net', path: '/ENG/65540/Release notes.confluence.html', query: '',
    });
    assert.equal(pageUriString({ host: 'acme.atlassian.net', spaceKey: 'ENG', pageId: '65540', title: 'Release notes' }),
      'confluence://acme.atlassian.net/ENG/65540/Release%20notes.confluence.html');
  });

  test('round-trips host, space, page id and version', () => {
    const cases = [
      { host: 'acme.atlassian.net', spaceKey: 'ENG', pageId: '65540' },
      { host: '127.0.0.1:41234', spaceKey: '~712020abc', pageId: '1' },
      { host: 'localhost:8080', pageId: '9223372036854775807', version: 12 },
      { host: '[::1]:3000', spaceKey: 'A.B-C_D', pageId: '42', version: 1 },
    ];
    for (const loc of cases) {
      for (const title of ['Release notes', '../../etc/passwd', '', '\u202Eexe.txt', '💩'.repeat(300)]) {
        const parts = pageUriParts({ ...loc, title });
        assert.deepEqual(parsePageUri(parts), loc, JSON.stringify({ loc, title }));
        assert.deepEqual(parsePageUriString(pageUriString({ ...loc, title })), loc);
      }
    }
  });

  test('the title segment is decoration: a renamed page keeps the same identity', () => {
    const a = parsePageUri({ authority: 'acme.atlassian.net', path: '/ENG/123/Old title.confluence.html', query: '' });
    const b = parsePageUri({ authority: 'acme.atlassian.net', path: '/ENG/123/New title.confluence.html', query: '' });
    assert.deepEqual(a, b);
    assert.equal(pageKey(a.host, a.pageId), 'acme.atlassian.net/123');
  });

  test('the authority is lower-cased and a loopback site keeps its port', () => {
    assert.equal(authorityForOrigin('https://ACME.atlassian.net'), 'acme.atlassian.net');
    assert.equal(authorityForOrigin('https://acme.atlassian.net:443'), 'acme.atlassian.net');
    assert.equal(authorityForOrigin('http://127.0.0.1:41234'), '127.0.0.1:41234');
    assert.equal(authorityForOrigin('http://[::1]:41234'), '[::1]:41234');
    assert.equal(parsePageUri({ authority: 'ACME.Atlassian.NET', path: '/ENG/1/x.confluence.html', query: '' }).host, 'acme.atlassian.net');
  });

  test('an unknown space key becomes "_" and parses back to undefined', () => {
    const parts = pageUriParts({ host: 'acme.atlassian.net', pageId: '5', title: 'T' });
    assert.equal(parts.path, '/_/5/T.confluence.html');
    assert.equal(parsePageUri(parts).spaceKey, undefined);
    assert.equal(pageUriParts({ host: 'acme.atlassian.net', spaceKey: 'bad/key', pageId: '5' }).path, '/_/5/Untitled.confluence.html');
  });

  test('rejects malformed URIs with a PageUriError', () => {
    const bad: { authority: string; path: string; query: string; scheme?: string }[] = [
      { authority: '', path: '/ENG/1/x.confluence.html', query: '' },
      { authority: 'acme.atlassian.net', path: '/ENG/1/x.html', query: '' },
      { authority: 'acme.atlassian.net', path: '/ENG/01/x.confluence.html', query: '' },
      { authority: 'acme.atlassian.net', path: '/ENG/abc/x.confluence.html', query: '' },
      { authority: 'acme.atlassian.net', path: '/ENG/99999999999999999999/x.confluence.html', query: '' },
      { authority: 'acme.atlassian.net', path: '/ENG/1/x.confluence.html/extra', query: '' },
      { authority: 'acme.atlassian.net', path: '/1/x.confluence.html', query: '' },
      { authority: 'acme.atlassian.net', path: '//1/x.confluence.html', query: '' },
      { authority: 'acme.atlassian.net', path: '/E G/1/x.confluence.html', query: '' },
      { authority: 'acme.atlassian.net', path: '/ENG/1/x.confluence.html', query: 'version=0' },
      { authority: 'acme.atlassian.net', path: '/ENG/1/x.confluence.html', query: 'version=abc' },
      { authority: 'acme.atlassian.net', path: '/ENG/1/x.confluence.html', query: 'forceUpload=true' },
      { authority: 'user@acme.atlassian.net', path: '/ENG/1/x.confluence.html', query: '' },
      { authority: 'acme.atlassian.net:99999', path: '/ENG/1/x.confluence.html', query: '' },
      { authority: 'acme.atlassian.net', path: '/ENG/1/x.confluence.html', query: '', scheme: 'file' },
    ];
    for (const parts of bad) {
      assert.throws(() => parsePageUri(parts), PageUriError, JSON.stringify(parts));
    }
    assert.throws(() => parsePageUriString('confluence://acme.atlassian.net/ENG/1/%E0%A4%A.confluence.html'), PageUriError);
    assert.throws(() => parsePageUriString('not a uri'), PageUriError);
    assert.throws(() => pageUriParts({ host: 'acme.atlassian.net', pageId: '0' }), PageUriError);
    assert.throws(() => pageUriParts({ host: 'acme.atlassian.net', pageId: '1', version: 0 }), PageUriError);
    assert.throws(() => pageUriParts({ host: 'evil.com/x', pageId: '1' }), PageUriError);
  });

  test('a fragment (line anchor) is ignored', () => {
    assert.deepEqual(parsePageUriString('confluence://acme.atlassian.net/ENG/7/x.confluence.html#L10'), { host: 'acme.atlassian.net', spaceKey: 'ENG', pageId: '7' });
  });

  test('isPageId bounds to int64', () => {
    assert.ok(isPageId('9223372036854775807'));
    assert.ok(!isPageId('9223372036854775808'));
    assert.ok(!isPageId('0'));
    assert.ok(!isPageId('-1'));
    assert.ok(!isPageId('1e5'));
  });
});

describe('safeTitle / pageFileName', () => {
  test('plain titles stay readable', () => {
    assert.equal(pageFileName('Release notes 1.2'), 'Release notes 1.2.confluence.html');
    assert.equal(safeTitle('Café – Überblick'), 'Café – Überblick');
  });

  test('slashes, backslashes and traversal do not make path segments', () => {
    assert.equal(safeTitle('a/b\\c'), 'a-b-c');
    assert.equal(safeTitle('../../etc/passwd'), '-..-etc-passwd');
    assert.equal(safeTitle('..'), 'Untitled');
    assert.equal(safeTitle('.'), 'Untitled');
    assert.equal(safeTitle('....'), 'Untitled');
    assert.equal(safeTitle('.hidden'), 'hidden');
    for (const t of ['a/b', '..', '../x', 'x\\..\\y']) {
      assert.ok(!pageFileName(t).includes('/') && !pageFileName(t).includes('\\'));
    }
  });

  test('control characters and line breaks become spaces; bidi controls disappear', () => {
    assert.equal(safeTitle('a\u0000b\nc\r\nd\te\u0085f\u2028g'), 'a b c d e f g');
    assert.equal(safeTitle('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\uFEFF', '\u200B']) {
      assert.equal(safeTitle(`x${c}y`), 'xy', `U+${c.charCodeAt(0).toString(16)}`);
    }
  });

  test('emoji, including ZWJ sequences and flags, survive', () => {
    const family = '👨‍👩‍👧‍👦';
    const scotland = '🏴󠁧󠁢󠁳󠁣󠁴󠁿';
    assert.equal(safeTitle(`Team ${family} ${scotland}`), `Team ${family} ${scotland}`);
  });

  test('empty and whitespace-only titles get a name', () => {
    assert.equal(safeTitle(''), 'Untitled');
    assert.equal(safeTitle('   \t\n '), 'Untitled');
    assert.equal(safeTitle('\u202E\u202E'), 'Untitled');
  });

  test('Windows-reserved names and characters are defused', () => {
    assert.equal(safeTitle('CON'), 'CON_');
    assert.equal(safeTitle('con'), 'con_');
    assert.equal(safeTitle('LPT1'), 'LPT1_');
    assert.equal(safeTitle('nul.txt'), 'nul_.txt');
    assert.equal(safeTitle('Console'), 'Console');
    assert.equal(safeTitle('What? <b>"x"</b> a|b*c:d'), 'What_ _b__x__-b_ a_b_c_d');
    assert.equal(safeTitle('trailing dots...'), 'trailing dots');
  });

  test('1,000 characters are bounded, cut between graphemes, with an ellipsis', () => {
    const long = 'x'.repeat(1000);
    const name = pageFileName(long);
    assert.ok(name.length <= MAX_FILE_NAME_CHARS, `${name.length}`);
    assert.ok(name.endsWith(`…${PAGE_FILE_SUFFIX}`));
    const emoji = '👨‍👩‍👧‍👦'.repeat(200);
    const t = safeTitle(emoji);
    assert.ok(t.endsWith('…'));
    const body = t.slice(0, -1);
    assert.equal(body.length % '👨‍👩‍👧‍👦'.length, 0, 'no family emoji is split');
    assert.ok(utf8(t) <= MAX_TITLE_BYTES);
    const cjk = '漢'.repeat(500);
    assert.ok(utf8(safeTitle(cjk)) <= MAX_TITLE_BYTES);
    const accents = 'e\u0301'.repeat(300);
    assert.equal(safeTitle(accents).normalize('NFC'), safeTitle(accents), 'NFC applied');
    const combining = 'x' + '\u0301'.repeat(500);
    assert.ok(pageFileName(combining).length <= MAX_FILE_NAME_CHARS);
  });

  test('lone surrogates are replaced, not passed through', () => {
    assert.equal(safeTitle('a\uD800b'), 'a\uFFFDb');
    assert.equal(safeTitle('a\uDC00'), 'a\uFFFD');
  });

  test('every hostile title yields a name that round-trips through a URI', () => {
    const hostile = ['/', '\\', '..', '.', '', ' ', '\u0000', '\u202E', 'CON', 'a'.repeat(1000), '💩'.repeat(1000), '%2F..%2F', '?#&=', 'a\u0301'.repeat(200)];
    for (const title of hostile) {
      const s = pageUriString({ host: 'acme.atlassian.net', spaceKey: 'ENG', pageId: '77', title });
      assert.deepEqual(parsePageUriString(s), { host: 'acme.atlassian.net', spaceKey: 'ENG', pageId: '77' }, JSON.stringify(title));
      const name = pageFileName(title);
      assert.ok(name.length <= MAX_FILE_NAME_CHARS && name.length > PAGE_FILE_SUFFIX.length);
      assert.ok(!/[\u0000-\u001f\u202a-\u202e\u2066-\u2069/\\]/.test(name));
    }
  });
});
