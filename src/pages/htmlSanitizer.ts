// Pure allow-list sanitiser for the rendered page preview (Confluence `body-format=view` HTML). No
// 'vscode' import. It is the first line of defence; the webview's CSP (no scripts at all) is the second,
// so a gap here still cannot run code.
//
// Kept: a fixed set of formatting elements and attributes; http(s)/mailto links; http(s)/data:image
// sources. Dropped with their content: script, style, iframe, object, svg, forms and the like.
// Dropped (content kept): any other element. Always dropped: event handlers (on*), style attributes,
// javascript:/vbscript:/data: links, comments, CDATA, processing instructions.
//
// Why not a maintained library (measured with esbuild, minified, November 2026): sanitize-html 2.17
// bundles to 288 KiB (postcss, dom-serializer, entities), which alone would take dist/extension.js past
// its 650 KB budget; DOMPurify 3.5 is 32 KiB but needs a DOM, which the extension host does not have
// (jsdom is megabytes) and the preview webview may not use (it runs no scripts at all).

const KEEP_ELEMENTS = new Set([
  'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'code', 'col', 'colgroup', 'dd', 'del', 'div', 'dl', 'dt', 'em', 'figcaption',
  'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 's', 'samp', 'small',
  'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul',
]);

const DROP_WITH_CONTENT = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'noembed', 'template', 'svg', 'math',
  'form', 'input', 'button', 'textarea', 'select', 'option', 'link', 'meta', 'base', 'title', 'head', 'audio', 'video', 'canvas',
  'xmp', 'plaintext', 'noframes', 'dialog', 'portal',
]);

const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);

// Every HTML void element: they have no content and no end tag, so an unclosed `<input>` or `<meta>`
// (a void element that is dropped) must not start skipping the rest of the page.
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

const GLOBAL_ATTRIBUTES = new Set(['class', 'title', 'id', 'lang', 'dir']);
const ELEMENT_ATTRIBUTES: Record<string, Set<string>> = {
  a: new Set(['href']),
  img: new Set(['src', 'alt', 'width', 'height']),
  td: new Set(['colspan', 'rowspan']),
  th: new Set(['colspan', 'rowspan', 'scope']),
  col: new Set(['span']),
  colgroup: new Set(['span']),
  ol: new Set(['start', 'type']),
  time: new Set(['datetime']),
};

export interface SanitizeOptions {
  /** Relative links and images (`/wiki/...`) are made absolute against this origin; else dropped. */
  baseOrigin?: string;
  /**
   * What an image's (absolute, safe) address becomes: a data: URI fetched through the API, the
   * address itself, or undefined to drop the image. Without it every remote image is dropped: a
   * remote image tells its server who read the page and when.
   */
  imageSource?: (url: string) => string | undefined;
}

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>?|<\?[^>]*>?|<\/?([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|[^<]+|</;

const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

export function sanitizeHtml(html: string, options: SanitizeOptions = {}): string {
  let out = '';
  let skipping: { name: string; depth: number } | undefined;
  const re = new RegExp(TOKEN.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(html)) !== null) {
    const token = m[0];
    if (token.length === 0) { re.lastIndex++; continue; }
    const rawName = m[1];
    if (rawName === undefined) {
      if (skipping) { continue; }
      // Text (or a lone "<"): comments, CDATA, doctypes and processing instructions start with "<!"/"<?".
      if (token.startsWith('<!') || token.startsWith('<?')) { continue; }
      out += token === '<' ? '&lt;' : token.replace(/</g, '&lt;').replace(/>/g, '&gt;');
      continue;
    }
    const name = rawName.toLowerCase();
    const closing = token.startsWith('</');
    const selfClosing = /\/\s*>$/.test(token);
    if (skipping) {
      if (name === skipping.name) {
        // Raw-text elements (script, style, …) end at their first closing tag, as in a browser.
        if (closing) { skipping.depth--; } else if (!selfClosing && !RAW_TEXT.has(name)) { skipping.depth++; }
        if (skipping.depth === 0) { skipping = undefined; }
      }
      continue;
    }
    if (DROP_WITH_CONTENT.has(name)) {
      if (!closing && !selfClosing && !VOID_ELEMENTS.has(name)) { skipping = { name, depth: 1 }; }
      continue;
    }
    if (!KEEP_ELEMENTS.has(name)) { continue; }
    if (closing) {
      if (!VOID_ELEMENTS.has(name)) { out += `</${name}>`; }
      continue;
    }
    out += `<${name}${sanitizeAttributes(name, m[2] ?? '', options)}>`;
  }
  return out;
}

function sanitizeAttributes(element: string, raw: string, options: SanitizeOptions): string {
  const allowed = ELEMENT_ATTRIBUTES[element];
  let out = '';
  const seen = new Set<string>();
  for (const a of raw.matchAll(ATTRIBUTE)) {
    const name = (a[1] ?? '').toLowerCase();
    if (seen.has(name) || !(GLOBAL_ATTRIBUTES.has(name) || allowed?.has(name))) { continue; }
    seen.add(name);
    let value = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
    if (name === 'href' || name === 'src') {
      let safe = safeUrl(value, name === 'src' ? 'image' : 'link', options.baseOrigin);
      if (safe !== undefined && name === 'src' && !safe.startsWith('data:')) { safe = options.imageSource?.(safe); }
      if (safe === undefined) { continue; }
      value = safe;
    } else if (name === 'id') {
      // Prefixed so page content cannot clobber anything that looks elements up by id.
      value = `page-${value}`;
    }
    out += ` ${name}="${escapeAttribute(value)}"`;
  }
  return out;
}

/** An absolute, safe URL for a link or image, or undefined to drop the attribute. */
export function safeUrl(value: string, kind: 'link' | 'image', baseOrigin?: string): string | undefined {
  // Browsers ignore control characters and whitespace inside schemes ("java\tscript:").
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (compact === '') { return undefined; }
  if (compact.startsWith('#')) { return kind === 'link' ? value.trim() : undefined; }
  if (/^data:image\/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/=]+$/i.test(compact)) { return kind === 'image' ? compact : undefined; }
  let url: URL;
  try {
    url = baseOrigin ? new URL(value.trim(), baseOrigin) : new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol === 'https:' || url.protocol === 'http:') { return url.href; }
  if (url.protocol === 'mailto:' && kind === 'link') { return url.href; }
  return undefined;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, body: string) => {
    const lower = body.toLowerCase();
    if (lower.startsWith('#')) {
      const cp = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    }
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n', nbsp: '\u00a0' };
    return named[lower] ?? whole;
  });
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
