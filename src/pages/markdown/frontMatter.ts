// The YAML block at the top of a page's Markdown: the title (editable; a change means "rename on
// save") and facts about the page that the Markdown cannot change (space, id, version, web link).
// Only a flat `key: value` mapping of scalars is written or accepted, so a small reader is enough.

export interface PageFacts {
  title?: string;
  spaceKey?: string;
  pageId?: string;
  version?: number;
  webLink?: string;
}

/** Front matter keys and the facts they carry. */
const KEYS: readonly (readonly [string, keyof PageFacts])[] = [
  ['title', 'title'], ['space', 'spaceKey'], ['page-id', 'pageId'], ['version', 'version'], ['link', 'webLink'],
];
export const READ_ONLY_KEYS: readonly string[] = ['space', 'page-id', 'version', 'link'];

export interface FrontMatter {
  /** Key → value as written (strings; `version` as its digits). */
  readonly values: ReadonlyMap<string, string>;
}

export class FrontMatterError extends Error {
  constructor(readonly line: number, readonly reason: string) { super(`line ${line}: ${reason}`); }
}

const PLAIN = /^[^\s"'#:{}[\],&*!|>%@`-][^"#:{}[\]\n]*$/;

function scalar(value: string): string {
  return PLAIN.test(value) && value === value.trim() && !/^(?:true|false|null|yes|no|on|off|~|[-+.\d])/i.test(value) ? value : JSON.stringify(value);
}

/** The front matter block for the given facts (empty string when there are none). */
export function writeFrontMatter(facts: PageFacts | undefined): string {
  if (!facts) { return ''; }
  const lines: string[] = [];
  for (const [key, field] of KEYS) {
    const v = facts[field];
    if (v === undefined) { continue; }
    lines.push(`${key}: ${typeof v === 'number' ? String(v) : scalar(v)}`);
  }
  return lines.length === 0 ? '' : `---\n${lines.join('\n')}\n---\n`;
}

/**
 * Splits `---\n…\n---` off the top of a document. Only `---` directly followed by `---` (the empty
 * front matter written before a page that starts with a rule) or a block with a `key:` line in it is
 * front matter. Anything else between two rules at the top (a blank line, a heading, a macro) is the
 * page's own content, which must not vanish into a header nobody reads.
 */
export function splitFrontMatter(markdown: string): { yaml: string | undefined; body: string; bodyLine: number } {
  const m = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)??---[ \t]*(?:\r?\n|$)/.exec(markdown);
  if (!m || (m[1] !== undefined && !/^[A-Za-z][\w-]*:/m.test(m[1]))) { return { yaml: undefined, body: markdown, bodyLine: 1 }; }
  const head = m[0];
  return { yaml: m[1] ?? '', body: markdown.slice(head.length), bodyLine: head.split('\n').length - (head.endsWith('\n') ? 0 : 1) };
}

/** Reads the flat mapping; `firstLine` is the line of the first YAML line in the document. */
export function readFrontMatter(yaml: string, firstLine: number): FrontMatter {
  const values = new Map<string, string>();
  const known = new Set(KEYS.map(([k]) => k));
  yaml.split(/\r?\n/).forEach((line, i) => {
    const at = firstLine + i;
    if (line.trim() === '' || line.trimStart().startsWith('#')) { return; }
    const m = /^([A-Za-z][\w-]*):(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
    if (!m || !m[1]) { throw new FrontMatterError(at, 'front matter lines are `key: value`'); }
    if (!known.has(m[1])) { throw new FrontMatterError(at, `unknown front matter key '${m[1]}' (known: ${[...known].join(', ')})`); }
    if (values.has(m[1])) { throw new FrontMatterError(at, `'${m[1]}' is given twice`); }
    values.set(m[1], readScalar(m[2] ?? '', at));
  });
  return { values };
}

function readScalar(text: string, line: number): string {
  if (text.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(text);
      if (typeof v === 'string') { return v; }
    } catch { /* reported below */ }
    throw new FrontMatterError(line, 'a double-quoted value must be one JSON-style string');
  }
  if (text.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(text)) { throw new FrontMatterError(line, 'a single-quoted value must end with a quote'); }
    return text.slice(1, -1).replace(/''/g, "'");
  }
  const comment = text.search(/\s#/);
  return (comment >= 0 ? text.slice(0, comment) : text).trim();
}

/** The read-only keys whose value differs from the facts the page was opened with. */
export function changedReadOnlyFacts(front: FrontMatter | undefined, facts: PageFacts | undefined): string[] {
  if (!facts) { return []; }
  const changed: string[] = [];
  for (const [key, field] of KEYS) {
    if (!READ_ONLY_KEYS.includes(key) || facts[field] === undefined) { continue; }
    const written = front?.values.get(key);
    if (written !== String(facts[field])) { changed.push(key); }
  }
  return changed;
}

/** The new title if the front matter renames the page. */
export function titleChange(front: FrontMatter | undefined, facts: PageFacts | undefined): string | undefined {
  const title = front?.values.get('title');
  if (title === undefined || facts?.title === undefined || title === facts.title) { return undefined; }
  return title;
}
