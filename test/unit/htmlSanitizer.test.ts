import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sanitizeHtml } from '../../src/pages/htmlSanitizer';

describe('sanitizeHtml (rendered preview)', () => {
  const site = 'https://acme.atlassian.net';
  test('remote images are dropped unless the caller maps them (a tracking pixel learns who read the page)', () => {
    assert.equal(sanitizeHtml('<p>a<img src="https://tracker.example/p.gif" alt="t">b</p>'), '<p>a<img alt="t">b</p>');
    const seen: string[] = [];
    const mapped = sanitizeHtml('<img src="/wiki/download/attachments/1/a.png"><img src="https://elsewhere.example/b.png">', {
      baseOrigin: 'https://acme.atlassian.net',
      imageSource: (url) => { seen.push(url); return url.startsWith('https://acme.atlassian.net/') ? 'data:image/png;base64,AAAA' : undefined; },
    });
    assert.equal(mapped, '<img src="data:image/png;base64,AAAA"><img>');
    assert.deepEqual(seen, ['https://acme.atlassian.net/wiki/download/attachments/1/a.png', 'https://elsewhere.example/b.png']);
  });

  test('an unclosed void element (input, meta, link, embed, base) does not swallow the rest of the page', () => {
    for (const tag of ['<input type="text">', '<meta charset="utf-8">', '<link rel="x" href="y">', '<embed src="z">', '<base href="/">', '<source src="s">', '<wbr>']) {
      assert.equal(sanitizeHtml(`<p>before</p>${tag}<p>after</p>`), '<p>before</p><p>after</p>', tag);
    }
  });

  test('keeps formatting, tables, links and images', () => {
    const html = '<h1 id="x">T</h1><p class="c">a <strong>b</strong> <a href="/wiki/spaces/ENG/pages/1">l</a></p>'
      + '<table><tbody><tr><td colspan="2">c</td></tr></tbody></table><img src="https://example.com/i.png" alt="i">';
    const allowAll = { imageSource: (url: string) => url };
    assert.equal(sanitizeHtml(html, { baseOrigin: site, ...allowAll }),
      '<h1 id="page-x">T</h1><p class="c">a <strong>b</strong> <a href="https://acme.atlassian.net/wiki/spaces/ENG/pages/1">l</a></p>'
      + '<table><tbody><tr><td colspan="2">c</td></tr></tbody></table><img src="https://example.com/i.png" alt="i">');
  });

  test('drops scripts, styles, frames and forms with their content', () => {
    const html = '<p>a</p><script>alert(1)</script><style>p{}</style><iframe src="https://x"></iframe><svg><script>x</script></svg>'
      + '<form><input value="x"></form><noscript><p>n</p></noscript><p>b</p>';
    assert.equal(sanitizeHtml(html), '<p>a</p><p>b</p>');
    assert.equal(sanitizeHtml('<script><script>x</script>y</script><p>z</p>'), 'y<p>z</p>');
  });

  test('drops event handlers, style attributes and unknown elements (keeping their text)', () => {
    assert.equal(sanitizeHtml('<p onclick="x()" style="color:red" OnMouseOver=y>t</p>'), '<p>t</p>');
    assert.equal(sanitizeHtml('<custom-el data-x="1">inner</custom-el><ac:link>k</ac:link>'), 'innerk');
    assert.equal(sanitizeHtml('<img src=x onerror=alert(1)>'), '<img>');
  });

  test('refuses javascript:, vbscript: and data: links in every disguise', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', '&#106;avascript:alert(1)',
      'javascript&colon;alert(1)', ' javascript:alert(1)', 'vbscript:x', 'data:text/html;base64,PHNjcmlwdD4=', '&#x6A;avascript:x']) {
      assert.equal(sanitizeHtml(`<a href="${href}">x</a>`, { baseOrigin: site }), '<a>x</a>', href);
    }
    assert.equal(sanitizeHtml('<img src="data:image/png;base64,iVBORw0KGgo=">'), '<img src="data:image/png;base64,iVBORw0KGgo=">');
    assert.equal(sanitizeHtml('<a href="data:image/png;base64,AAAA">x</a>'), '<a>x</a>');
    assert.equal(sanitizeHtml('<a href="mailto:a@b.c">m</a>'), '<a href="mailto:a@b.c">m</a>');
  });

  test('comments, CDATA and broken markup cannot smuggle tags', () => {
    assert.equal(sanitizeHtml('<!-- <script>x</script> --><p>a</p>'), '<p>a</p>');
    assert.equal(sanitizeHtml('<![CDATA[<script>x</script>]]>b'), 'b');
    assert.equal(sanitizeHtml('a < b > c'), 'a &lt; b &gt; c');
    assert.equal(sanitizeHtml('<img src="x" alt="a>b" onerror="y">'), '<img alt="a&gt;b">');
    assert.equal(sanitizeHtml('<p title=\'"><script>x</script>\'>t</p>'), '<p title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">t</p>');
    assert.equal(sanitizeHtml('<a/href="javascript:x">y</a>'), '<a>y</a>');
    assert.equal(sanitizeHtml('<img src=x onerror=alert(1)'), '&lt;img src=x onerror=alert(1)');
  });
});
