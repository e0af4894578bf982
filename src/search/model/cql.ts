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

/** CQL for a search box: plain words search titles and text of pages, newest first. */
export function searchToCql(input: string, spaceKey?: string): string | undefined {
  const text = input.trim();
  if (!text) return undefined;
  if (looksLikeCql(text)) return text;
  const words = cqlString(text);
  const space = spaceKey ? ` AND space = ${cqlString(spaceKey)}` : '';
  return `type = page${space} AND (title ~ ${words} OR text ~ ${words}) ORDER BY lastmodified DESC`;
}
