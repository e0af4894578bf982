// Whether Confluence would accept a storage body: the rules of its XHTML reader, not of strict XML.
// Undeclared ac:/ri: prefixes, HTML named entities (&nbsp;, &rsquo;…), CDATA, control characters and
// attributes in any order or quoting style are accepted; unclosed or mismatched tags, stray closing
// tags, unterminated CDATA or comments, bare `&` or `<`, unknown entities, unquoted or repeated
// attributes and unclosed void elements (`<br>`) are not.
import { lineAndColumn, parseStorage } from './storageTree';

export type StorageCheck =
  | { ok: true }
  | { ok: false; offset: number; line: number; column: number; reason: string };

export function checkStorage(storage: string): StorageCheck {
  const first = parseStorage(storage).problems[0];
  if (!first) { return { ok: true }; }
  const { line, column } = lineAndColumn(storage, first.offset);
  return { ok: false, offset: first.offset, line, column, reason: first.reason };
}
