// Attachments as files next to their page's documents:
//
//   confluence://acme.atlassian.net/ENG/65540/attachments/team-map.png
//
// The page's documents live in /<space>/<page id>/, so a relative `attachments/<file>` in the page's
// Markdown preview (whose <base> is the document) resolves here, inside the folder VS Code lets the
// preview load from — and the file system provider reads it through the API with the person's
// credentials: no token ever appears in a URI. The extra `attachments` segment keeps attachment names
// apart from the page's own document names (an attachment may well be called `notes.md`).
// Pure: no vscode import.

import { isPageId, normaliseAuthority, type UriParts } from './pageUri';

export const ATTACHMENTS_SEGMENT = 'attachments';

export interface AttachmentLocation {
  host: string;
  pageId: string;
  spaceKey?: string;
  filename: string;
}

/** What the file system provider reads attachments with (the organise feature supplies it). */
export interface AttachmentFiles {
  stat(loc: AttachmentLocation): Promise<{ size: number; mtime: number }>;
  read(loc: AttachmentLocation): Promise<Uint8Array>;
}

/** The relative address of a page's attachment from one of the page's documents. */
export function relativeAttachmentPath(filename: string): string {
  return `${ATTACHMENTS_SEGMENT}/${encodeURIComponent(filename)}`;
}

/** Decoded URI components of an attachment file (feed them to vscode.Uri.from). */
export function attachmentUriParts(loc: AttachmentLocation): Required<UriParts> {
  return { scheme: 'confluence', authority: normaliseAuthority(loc.host), path: `/${loc.spaceKey ?? '_'}/${loc.pageId}/${ATTACHMENTS_SEGMENT}/${loc.filename}`, query: '' };
}

/** The attachment a confluence: URI names, or undefined when it names something else (a page document). */
export function parseAttachmentUri(parts: UriParts): AttachmentLocation | undefined {
  if (parts.scheme !== undefined && parts.scheme !== 'confluence') { return undefined; }
  const segments = parts.path.split('/');
  if (segments.length !== 5 || segments[0] !== '' || segments[3] !== ATTACHMENTS_SEGMENT) { return undefined; }
  const [, space = '', pageId = '', , filename = ''] = segments;
  if (!isPageId(pageId) || filename === '' || filename === '.' || filename === '..' || filename.length > 255) { return undefined; }
  let host: string;
  try { host = normaliseAuthority(parts.authority); } catch { return undefined; }
  return { host, pageId, filename, ...(space !== '' && space !== '_' ? { spaceKey: space } : {}) };
}
