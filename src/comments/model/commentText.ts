// A comment's body is storage format written by whoever commented. In the editor it is shown as
// Markdown that VS Code renders untrusted: the page converter's Markdown when it is plain prose
// (emphasis, code, lists, web links), otherwise the comment's text with every Markdown character
// escaped — never server HTML, images, command links or directives. What a person types (a reply, an
// edit) is Markdown that becomes storage through the converter, or plain paragraphs without it.

import { markdownText } from '../../util/markdownText';

/** The page converter's two directions, loaded lazily by the caller (undefined: plain text only). */
export interface CommentConverter {
  toMarkdown(storage: string): string;
  /** Undefined when the Markdown cannot become storage. */
  toStorage(markdown: string): string | undefined;
}

/** Markdown safe to render untrusted: the converter's when simple, else escaped plain text. */
export function displayMarkdown(storage: string, converter?: CommentConverter, names?: ReadonlyMap<string, string>): string {
  const md = converted(storage, converter);
  if (md !== undefined) { return md; }
  return plainText(storage, names).split(/\n{2,}/).map((p) => p.split('\n').map(escapeLine).join('  \n')).join('\n\n');
}

/** A line of text as Markdown that says exactly that: inline marks escaped, and nothing starts a block. */
function escapeLine(line: string): string {
  const inline = markdownText(line.trimStart());
  if (/^[-+=]/.test(inline)) { return `\\${inline}`; }
  return inline.replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * The text to edit: the converter's Markdown, when it says everything the comment holds; undefined
 * otherwise (a mention, a macro, an image would not survive an edit as text).
 */
export function editableText(storage: string, converter?: CommentConverter): string | undefined {
  return converted(storage, converter);
}

/** Storage for typed text: the converter's (Markdown) or paragraphs of escaped text. */
export function storageFromInput(text: string, converter?: CommentConverter): string {
  const trimmed = text.trim();
  const viaConverter = converter && !trimmed.startsWith('---') ? safely(() => converter.toStorage(trimmed)) : undefined;
  if (viaConverter !== undefined && viaConverter.trim() !== '') { return viaConverter; }
  return trimmed.split(/\n{2,}/).map((p) => `<p>${escapeXml(p).replace(/\n/g, '<br />')}</p>`).join('');
}

/** A one-line preview of a comment (quick picks, labels); `$(name)` in it stays text, not an icon. */
export function previewLine(storage: string, names?: ReadonlyMap<string, string>, max = 80): string {
  const line = noIcons(plainText(storage, names).replace(/\s+/g, ' ').trim());
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Server text for a quick pick, where `$(name)` would render as an icon. */
export function noIcons(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}

function converted(storage: string, converter: CommentConverter | undefined): string | undefined {
  if (!converter) { return undefined; }
  const md = safely(() => converter.toMarkdown(storage))?.trim();
  return md !== undefined && md !== '' && isPlainProse(md) ? md : undefined;
}

/**
 * Markdown that renders as prose only: no raw HTML, no kept storage, no directives, no images, and
 * links only to the web or mail.
 */
function isPlainProse(md: string): boolean {
  if (/[<>]/.test(md.replace(/`[^`\n]*`/g, ''))) { return false; }
  if (/```confluence|!\[/.test(md)) { return false; }
  if (/(^|[^\\\w]):{1,3}[A-Za-z][\w-]*[[{]/m.test(md)) { return false; }
  for (const m of md.matchAll(/\]\(\s*<?([^)\s>]*)/g)) {
    if (!/^(https?:|mailto:)/i.test(m[1] ?? '')) { return false; }
  }
  return !/^\s*\[[^\]]+\]:/m.test(md);
}

function safely<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

const BLOCKS = /^(p|div|h[1-6]|li|tr|blockquote|pre|table|ul|ol|ac:task|ac:structured-macro)$/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', ndash: '–', mdash: '—', hellip: '…' };

/** The readable text of a storage fragment: paragraphs apart, mentions as @name, code kept, markup gone. */
export function plainText(storage: string, names?: ReadonlyMap<string, string>): string {
  let out = '';
  const re = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<(\/?)([A-Za-z][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)/g;
  for (const m of storage.matchAll(re)) {
    if (m[1] !== undefined) { out += m[1]; continue; }
    const name = m[3]?.toLowerCase();
    if (name !== undefined) {
      const attrs = m[4] ?? '';
      if (name === 'br') { out += '\n'; } else if (name === 'ri:user' && m[2] !== '/') {
        const id = /ri:account-id\s*=\s*"([^"]*)"/.exec(attrs)?.[1];
        out += `@${(id && names?.get(id)) ?? 'someone'}`;
      } else if (BLOCKS.test(name) && m[2] === '/') {
        out += '\n\n';
      } else if (name === 'td' || name === 'th') {
        out += m[2] === '/' ? ' ' : '';
      }
      continue;
    }
    if (m[5] !== undefined) { out += decode(m[5]); }
  }
  return out.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/g, (whole, e: string) => {
    if (e.startsWith('#')) {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[e] ?? whole;
  });
}

function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** The page converter's functions that comment bodies use, as the Markdown bundle exports them. */
export interface MarkdownFunctions {
  storageToMarkdown(storage: string): { markdown: string };
  markdownToStorage(markdown: string): { ok: true; storage: string } | { ok: false };
}

/** A CommentConverter over the lazily loaded Markdown bundle. */
export function commentConverter(load: () => MarkdownFunctions): CommentConverter {
  return {
    toMarkdown: (storage) => load().storageToMarkdown(storage).markdown,
    toStorage: (markdown) => {
      const r = load().markdownToStorage(markdown);
      return r.ok ? r.storage : undefined;
    },
  };
}
