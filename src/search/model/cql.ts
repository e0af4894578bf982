// Turns what a person types into CQL. Pure (no vscode) so it is unit-tested.

const CQL_SYNTAX = /(^|\s)(AND|OR|NOT|ORDER\s+BY)(\s|$)|[=~]|!=/i;

/** True when the text already is CQL (it is then sent as it is). */
export function looksLikeCql(text: string): boolean {
  return CQL_SYNTAX.test(text);
}

/** A quoted CQL string literal: backslashes and double quotes escaped. */
export function cqlString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const LABEL_FILTER = /(^|\s)label:(?:"([^"]*)"|(\S*))/gi;

/** `label:foo` (or `label:"foo"`) filters in the search box, and the words around them. */
export function labelFilters(text: string): { labels: string[]; words: string } {
  const labels: string[] = [];
  const words = text.replace(LABEL_FILTER, (_m, lead: string, quoted: string | undefined, bare: string | undefined) => {
    const name = (quoted ?? bare ?? '').trim().toLowerCase();
    if (name) labels.push(name);
    return lead;
  }).replace(/\s+/g, ' ').trim();
  return { labels, words };
}

/**
 * CQL for a search box: plain words search titles and text of pages, newest first; `label:foo` keeps
 * pages with that label (several must all be there).
 */
export function searchToCql(input: string, spaceKey?: string): string | undefined {
  const text = input.trim();
  if (!text) return undefined;
  if (looksLikeCql(text)) return text;
  const { labels, words } = labelFilters(text);
  if (!words && labels.length === 0) return undefined;
  const space = spaceKey ? ` AND space = ${cqlString(spaceKey)}` : '';
  const labelClauses = labels.map((l) => ` AND label = ${cqlString(l)}`).join('');
  const quoted = cqlString(words);
  const match = words ? ` AND (title ~ ${quoted} OR text ~ ${quoted})` : '';
  return `type = page${space}${labelClauses}${match} ORDER BY lastmodified DESC`;
}
