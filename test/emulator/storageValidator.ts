// Confluence answers 400 "Error parsing xhtml: …" to a page body its XHTML reader rejects; the
// emulator applies the same rules through the converter's checker (undeclared ac:/ri: prefixes and
// HTML entities accepted; unclosed or mismatched tags, bad CDATA, bare '&' or '<' rejected).
import { checkStorage } from '../../src/pages/markdown/storageCheck';
import { badBody } from './errors';

/** Throws the emulator's 400 when `storage` is not a body Confluence would store. */
export function requireParsableStorage(storage: string): void {
  const result = checkStorage(storage);
  if (!result.ok) { throw badBody(`Error parsing xhtml: ${result.reason} (line ${result.line}, column ${result.column})`); }
}
