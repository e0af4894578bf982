// The multipart/form-data envelope of an attachment upload (RFC 7578), built by hand so the file in
// the middle can be streamed from disk: the text fields and the file part's headers go first, the
// file's bytes are sent as they are read, and the closing boundary last. Knowing every length up
// front gives an exact Content-Length, which servers and proxies prefer to a chunked upload.

import { randomBytes } from 'node:crypto';
import { ConfluenceError } from './errors';
import { l10n } from '../util/l10n';

export interface FormField { name: string; value: string; contentType?: string }
export interface FormFile { filename: string; contentType: string; size: number }
export interface MultipartForm { contentType: string; head: Buffer; tail: Buffer; length: number }

/** A file name as it may appear in a part header, or invalidInput. */
export function partFilename(name: string): string {
  if (name.trim() === '' || /[\\/]/.test(name)) { throw new ConfluenceError('invalidInput', l10n.t('"{0}" is not a file name Confluence can store.', name.slice(0, 60))); }
  if (/[\u0000-\u001f\u007f]/.test(name)) { throw new ConfluenceError('invalidInput', l10n.t('A file name cannot contain control characters or line breaks.')); }
  if (name.length > 255) { throw new ConfluenceError('invalidInput', l10n.t('A file name can have at most 255 characters (this one has {0}).', name.length)); }
  // Browsers send UTF-8 as is and percent-encode the one character that would end the quoted string.
  return name.replace(/"/g, '%22');
}

export function multipartForm(fields: FormField[], file: FormFile): MultipartForm {
  const boundary = `confluence-vscode-${randomBytes(12).toString('hex')}`;
  const parts = fields.map((f) => `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"\r\n`
    + `${f.contentType ? `Content-Type: ${f.contentType}\r\n` : ''}\r\n${f.value}\r\n`);
  const head = Buffer.from(`${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${partFilename(file.filename)}"\r\n`
    + `Content-Type: ${file.contentType}\r\n\r\n`, 'utf8');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { contentType: `multipart/form-data; boundary=${boundary}`, head, tail, length: head.length + file.size + tail.length };
}

const MEDIA_TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', webp: 'image/webp', pdf: 'application/pdf',
  txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', json: 'application/json', xml: 'application/xml', zip: 'application/zip',
  mp4: 'video/mp4', mov: 'video/quicktime', mp3: 'audio/mpeg', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** A media type from the file name; Confluence works out the real one itself. */
export function mediaTypeFor(filename: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  return MEDIA_TYPES[ext] ?? 'application/octet-stream';
}
