// An approximate storage -> view (HTML) rendering, and a minimal ADF rendering. Real Confluence runs
// macros server-side; tests only need something plausible: ac:/ri: elements become simple HTML.

export interface RenderContext {
  /** Resolve a page title (in the same space) to its web URL, if it exists. */
  pageUrl(title: string): string | undefined;
  attachmentUrl(filename: string): string;
}

function escHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`${name}="([^"]*)"`).exec(tag);
  return m?.[1];
}

export function renderView(storage: string, ctx: RenderContext): string {
  let html = storage;
  // Code macros -> <pre><code>
  html = html.replace(/<ac:structured-macro ac:name="code"[^>]*>([\s\S]*?)<\/ac:structured-macro>/g, (_m, inner: string) => {
    const lang = /<ac:parameter ac:name="language">([^<]*)<\/ac:parameter>/.exec(inner)?.[1] ?? 'text';
    const code = /<ac:plain-text-body><!\[CDATA\[([\s\S]*?)\]\]><\/ac:plain-text-body>/.exec(inner)?.[1] ?? '';
    return `<div class="code panel pdl conf-macro output-block" data-macro-name="code"><pre class="syntaxhighlighter-pre" data-syntaxhighlighter-params="brush: ${escHtml(lang)}">${escHtml(code)}</pre></div>`;
  });
  // Info/note/warning/tip panels
  html = html.replace(/<ac:structured-macro ac:name="(info|note|warning|tip)"[^>]*>([\s\S]*?)<\/ac:structured-macro>/g, (_m, kind: string, inner: string) => {
    const title = /<ac:parameter ac:name="title">([^<]*)<\/ac:parameter>/.exec(inner)?.[1];
    const body = /<ac:rich-text-body>([\s\S]*?)<\/ac:rich-text-body>/.exec(inner)?.[1] ?? '';
    return `<div class="confluence-information-macro confluence-information-macro-${kind} conf-macro output-block" data-macro-name="${kind}">`
      + (title ? `<p class="title conf-macro-render">${title}</p>` : '')
      + `<div class="confluence-information-macro-body">${body}</div></div>`;
  });
  // Any other macro: a placeholder
  html = html.replace(/<ac:structured-macro ac:name="([^"]+)"[^>]*>[\s\S]*?<\/ac:structured-macro>/g, (_m, name: string) =>
    `<div class="conf-macro output-block" data-macro-name="${escHtml(name)}"></div>`);
  html = html.replace(/<ac:structured-macro ac:name="([^"]+)"[^>]*\/>/g, (_m, name: string) =>
    `<div class="conf-macro output-block" data-macro-name="${escHtml(name)}"></div>`);
  // Page links
  html = html.replace(/<ac:link>([\s\S]*?)<\/ac:link>/g, (_m, inner: string) => {
    const pageTag = /<ri:page[^>]*\/>/.exec(inner)?.[0] ?? '';
    const title = attr(pageTag, 'ri:content-title') ?? '';
    const text = /<!\[CDATA\[([\s\S]*?)\]\]>/.exec(inner)?.[1] ?? title;
    const href = ctx.pageUrl(title.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    return href ? `<a href="${escHtml(href)}" data-linked-resource-type="page">${escHtml(text)}</a>` : `<span class="unresolved">${escHtml(text)}</span>`;
  });
  // Images by attachment
  html = html.replace(/<ac:image([^>]*)>([\s\S]*?)<\/ac:image>/g, (_m, attrs: string, inner: string) => {
    const file = attr(inner, 'ri:filename') ?? '';
    const alt = attr(attrs, 'ac:alt') ?? file;
    return `<span class="confluence-embedded-file-wrapper"><img class="confluence-embedded-image" src="${escHtml(ctx.attachmentUrl(file))}" alt="${alt}" /></span>`;
  });
  // Inline comment markers -> spans
  html = html.replace(/<ac:inline-comment-marker ac:ref="([^"]*)">/g, '<span class="inline-comment-marker" data-ref="$1">');
  html = html.replace(/<\/ac:inline-comment-marker>/g, '</span>');
  // Drop anything ac:/ri: that is left
  html = html.replace(/<\/?(ac|ri):[^>]*>/g, '');
  return html;
}

export function plainText(storage: string): string {
  return storage
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, ' $1 ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A minimal Atlassian Document Format rendering (one paragraph of the text), serialised as real v2 does. */
export function renderAdf(storage: string): string {
  const text = plainText(storage);
  return JSON.stringify({ type: 'doc', version: 1, content: text ? [{ type: 'paragraph', content: [{ type: 'text', text }] }] : [] });
}
