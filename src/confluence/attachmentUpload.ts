// Uploading attachments from a file on disk: v1 `POST /content/{id}/child/attachment` (a new file;
// the same name again is refused), `PUT` on the same path (create, or add a version when the name
// exists) and `POST …/child/attachment/{attachmentId}/data` (a new version of one attachment). The
// file is streamed in a hand-built multipart body, so a 100 MB file costs a chunk of memory, not
// 100 MB; progress is reported as chunks go out, and an AbortSignal stops the upload where it is.
// Multipart endpoints need `X-Atlassian-Token: no-check` (Confluence's XSRF guard).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as z from 'zod/mini';
import { numericId, V1, type ConfluenceApi } from './api';
import { attachmentNumber } from './attachmentsApi';
import { ConfluenceError } from './errors';
import { discardBody } from './exchange';
import type { HttpMethod, HttpResponse } from './http';
import { mediaTypeFor, multipartForm, type FormField, type MultipartForm } from './multipartForm';
import type { Attachment, TransferOptions } from './organiseTypes';
import { compact } from './types';
import { l10n } from '../util/l10n';

const optStr = z.nullish(z.string());
const V1AttachmentSchema = z.object({
  id: z.string(), title: z.string(), status: z.string(), version: z.object({ number: z.int() }),
  container: z.nullish(z.object({ id: optStr })),
  extensions: z.nullish(z.object({ mediaType: optStr, mediaTypeDescription: optStr, fileSize: z.nullish(z.number()), comment: optStr, fileId: optStr })),
  _links: z.nullish(z.object({ webui: optStr, download: optStr, base: optStr })),
});
const V1AttachmentArraySchema = z.object({ results: z.array(V1AttachmentSchema), _links: z.nullish(z.object({ base: optStr })) });

/** The JSON answer to an upload is small; anything this large is not Confluence's answer. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

export interface UploadOptions extends TransferOptions {
  /** The name to store (default: the file's own name). */
  filename?: string;
  comment?: string;
  /** No notification or activity-stream entry (default false). */
  minorEdit?: boolean;
  mediaType?: string;
  /** When the page already has a file of this name, add a new version (PUT) instead of refusing (POST). */
  replace?: boolean;
  /** Longest pause while sending or waiting for the answer (default: the HTTP timeout). */
  timeoutMs?: number;
}

function toAttachment(api: ConfluenceApi, a: z.infer<typeof V1AttachmentSchema>, pageId: string, base?: string | null): Attachment {
  return compact<Attachment>({
    id: a.id, title: a.title, status: a.status, pageId: a.container?.id ?? pageId, mediaType: a.extensions?.mediaType ?? undefined,
    mediaTypeDescription: a.extensions?.mediaTypeDescription ?? undefined, fileSize: a.extensions?.fileSize ?? undefined,
    comment: a.extensions?.comment || undefined, fileId: a.extensions?.fileId ?? undefined, version: a.version.number,
    downloadLink: a._links?.download ?? undefined, webUrl: api.webUrl(a._links?.webui, a._links?.base ?? base),
  });
}

/** Adds a file to a page (or, with `replace`, a new version of the page's file of that name). */
export async function uploadAttachment(api: ConfluenceApi, pageId: string, filePath: string, o: UploadOptions = {}): Promise<Attachment> {
  const id = numericId(pageId, 'page');
  const method = o.replace ? 'PUT' : 'POST';
  const res = await sendFile(api, method, api.url(`${V1}/content/${id}/child/attachment`), filePath, o);
  const body = api.parse(res, method, V1AttachmentArraySchema);
  const first = body.results[0];
  if (!first) { throw new ConfluenceError('invalidResponse', l10n.t('Confluence on {0} accepted the upload but named no attachment.', api.siteHost)); }
  return toAttachment(api, first, id, body._links?.base);
}

/** A new version of one attachment, whatever the file on disk is called. */
export async function uploadAttachmentVersion(api: ConfluenceApi, pageId: string, attachmentId: string, filePath: string, o: UploadOptions = {}): Promise<Attachment> {
  const id = numericId(pageId, 'page');
  const url = api.url(`${V1}/content/${id}/child/attachment/att${attachmentNumber(attachmentId)}/data`);
  const res = await sendFile(api, 'POST', url, filePath, o);
  return toAttachment(api, api.parse(res, 'POST', V1AttachmentSchema), id);
}

async function sendFile(api: ConfluenceApi, method: HttpMethod, url: URL, filePath: string, o: UploadOptions): Promise<HttpResponse> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(filePath);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new ConfluenceError('invalidInput', code != null
      ? l10n.t('Cannot read {0} to upload it ({1}).', path.basename(filePath), code)
      : l10n.t('Cannot read {0} to upload it (unreadable).', path.basename(filePath)));
  }
  if (!stat.isFile()) { throw new ConfluenceError('invalidInput', l10n.t('{0} is not a file.', path.basename(filePath))); }
  const filename = o.filename ?? path.basename(filePath);
  const fields: FormField[] = [{ name: 'minorEdit', value: String(o.minorEdit ?? false) }];
  if (o.comment) { fields.push({ name: 'comment', value: o.comment, contentType: 'text/plain; charset=utf-8' }); }
  const form = multipartForm(fields, { filename, contentType: o.mediaType ?? mediaTypeFor(filename), size: stat.size });
  const body = Readable.from(formBody(filePath, form, stat.size, filename, o), { objectMode: false });
  try {
    const res = await api.exchange(method, url, {
      ...o, body,
      headers: { 'content-type': form.contentType, 'content-length': String(form.length), 'x-atlassian-token': 'no-check', accept: 'application/json' },
    });
    return { status: res.status, headers: res.headers, text: await readText(res.body, api.siteHost), url };
  } catch (e) {
    throw uploadError(e, api.siteHost, filename);
  } finally {
    body.destroy();
  }
}

async function* formBody(filePath: string, form: MultipartForm, size: number, filename: string, o: UploadOptions): AsyncGenerator<Buffer> {
  yield form.head;
  o.onProgress?.({ transferred: 0, total: size });
  let sent = 0;
  if (size > 0) {
    // Exactly `size` bytes, the length announced, even if the file grows meanwhile.
    const file = fs.createReadStream(filePath, { start: 0, end: size - 1, highWaterMark: CHUNK_BYTES });
    try {
      for await (const chunk of file as AsyncIterable<Buffer>) {
        sent += chunk.length;
        yield chunk;
        o.onProgress?.({ transferred: sent, total: size });
      }
    } catch (e) {
      if (e instanceof ConfluenceError) { throw e; }
      const code = (e as { code?: string }).code;
      throw new ConfluenceError('invalidInput', code != null
        ? l10n.t('Reading {0} failed during the upload ({1}).', filename, code)
        : l10n.t('Reading {0} failed during the upload (read error).', filename));
    } finally {
      file.destroy();
    }
  }
  if (sent !== size) { throw new ConfluenceError('invalidInput', l10n.t('{0} became shorter while it was being uploaded; nothing was saved. Try again.', filename)); }
  yield form.tail;
}

async function readText(body: AsyncIterable<Uint8Array> & { destroy(): unknown }, siteHost: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) { throw new ConfluenceError('invalidResponse', l10n.t('Confluence on {0} answered an upload with more than {1} bytes.', siteHost, MAX_ANSWER_BYTES)); }
      chunks.push(Buffer.from(chunk));
    }
  } finally {
    discardBody(body);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Confluence refuses an oversized file with 404 and a message saying so (its v1 document), a proxy with 413. */
function uploadError(e: unknown, siteHost: string, filename: string): unknown {
  if (ConfluenceError.is(e) && (e.status === 413 || (e.status === 404 && /attachment size/i.test(e.excerpt ?? '')))) {
    return new ConfluenceError('tooLarge', l10n.t('{0} is larger than Confluence on {1} accepts for attachments. Attach a smaller file, or ask a Confluence admin about the attachment size limit.',
      filename, siteHost), { status: e.status, ...(e.method ? { method: e.method } : {}), ...(e.path ? { path: e.path } : {}) });
  }
  return e;
}
