// Attachments of a page: v2 listing (250 per request), one attachment, and the trash. Uploads are in
// attachmentUpload.ts and downloads in attachmentDownload.ts, because both stream.

import * as z from 'zod/mini';
import { numericId, PAGE_LIMIT, V2, type ConfluenceApi } from './api';
import { ConfluenceError } from './errors';
import type { Attachment } from './organiseTypes';
import { compact, type Batch, type RequestOptions } from './types';
import { l10n } from '../util/l10n';

const optStr = z.nullish(z.string());

export const AttachmentSchema = z.object({
  id: z.string(), title: z.string(), status: z.string(), createdAt: optStr, pageId: optStr, mediaType: optStr, mediaTypeDescription: optStr,
  comment: optStr, fileId: optStr, fileSize: z.nullish(z.number()), webuiLink: optStr, downloadLink: optStr,
  version: z.nullish(z.object({ number: z.int() })),
  _links: z.nullish(z.object({ webui: optStr, download: optStr, base: optStr })),
});
const AttachmentListSchema = z.object({ results: z.array(AttachmentSchema), _links: z.nullish(z.object({ next: optStr, base: optStr })) });

export function toAttachment(api: ConfluenceApi, a: z.infer<typeof AttachmentSchema>, base?: string | null): Attachment {
  return compact<Attachment>({
    id: a.id, title: a.title, status: a.status, pageId: a.pageId ?? undefined, mediaType: a.mediaType ?? undefined,
    mediaTypeDescription: a.mediaTypeDescription ?? undefined, fileSize: a.fileSize ?? undefined, comment: a.comment ?? undefined,
    fileId: a.fileId ?? undefined, version: a.version?.number ?? 1, createdAt: a.createdAt ?? undefined,
    downloadLink: a.downloadLink ?? a._links?.download ?? undefined, webUrl: api.webUrl(a.webuiLink ?? a._links?.webui, a._links?.base ?? base),
  });
}

/** `att123` or `123`: the number, checked (an id goes into a URL path). */
export function attachmentNumber(id: string): string {
  const m = /^(?:att)?(\d{1,20})$/.exec(id);
  if (!m?.[1]) { throw new ConfluenceError('invalidInput', l10n.t('"{0}" is not a valid Confluence attachment id.', id.slice(0, 40))); }
  return m[1];
}

/** The page's current attachments, one batch per response. */
export function attachments(api: ConfluenceApi, pageId: string, o?: RequestOptions): AsyncIterable<Batch<Attachment>> {
  const url = api.url(`${V2}/pages/${numericId(pageId, 'page')}/attachments`, { limit: PAGE_LIMIT });
  return api.paginate(url, AttachmentListSchema, o, (body) => body.results.map((a) => toAttachment(api, a, body._links?.base)));
}

export async function getAttachment(api: ConfluenceApi, attachmentId: string, o?: RequestOptions): Promise<Attachment> {
  const a = await api.getJson(`${V2}/attachments/att${attachmentNumber(attachmentId)}`, AttachmentSchema, o);
  return toAttachment(api, a);
}

/** Moves the attachment to the trash (not a purge). */
export async function deleteAttachment(api: ConfluenceApi, attachmentId: string, o?: RequestOptions): Promise<void> {
  await api.call('DELETE', `${V2}/attachments/${attachmentNumber(attachmentId)}`, o ?? {});
}
