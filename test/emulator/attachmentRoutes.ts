// Attachments, reading side: v2 `GET /pages/{id}/attachments`, `GET /attachments/{id}`, `DELETE
// /attachments/{id}` (to the trash; `purge=true` on a trashed one deletes it), and downloads the way
// Confluence serves them: the `_links.download` path (`/wiki/download/attachments/{pageId}/{file}`)
// and v1 `GET …/child/attachment/{attachmentId}/download` answer 302 with a signed, short-lived URL
// on the media origin. The page's restrictions apply to its attachments (404 without access; the
// admin key reveals them and is audited like any other read).

import { ApiError, badRequest, notFound } from './errors';
import { attachmentV2Json } from './attachmentJson';
import { v1NotFound, v1Node } from './organiseKit';
import { attachmentsOf, latestAttachmentVersion, organise, type AttachmentRecord, type AttachmentVersion } from './organiseState';
import { servicesOf } from './organiseServices';
import { paginate } from './pagination';
import { ID, listReply, qBool, qEnum, qEnumList, requireNode, V1, V2, type Ctx, type Reply, type Route } from './routeKit';
import type { ContentNode } from './store';

const ATTACHMENT_SORT = ['created-date', '-created-date', 'modified-date', '-modified-date'] as const;

/** `att123` or `123` → `123`; anything else is not an attachment id. */
export function attachmentNumber(raw: string | undefined): string | undefined {
  const m = /^(?:att)?(\d{1,18})$/.exec(raw ?? '');
  return m?.[1];
}

function listAttachments(ctx: Ctx): Reply {
  const raw = ctx.params[0] ?? '';
  if (!/^\d{1,18}$/.test(raw)) { throw badRequest("Provided value for 'id' is not the correct type. Expected type is Long."); }
  const node = requireNode(ctx, raw, ['page']);
  const sort = qEnum(ctx, 'sort', ATTACHMENT_SORT);
  const statuses: string[] = qEnumList(ctx, 'status', ['current', 'archived', 'trashed'] as const) ?? ['current', 'archived'];
  const mediaType = ctx.query.get('mediaType');
  const filename = ctx.query.get('filename');
  let list = attachmentsOf(ctx.store, node, statuses)
    .filter(a => (mediaType === null || latestAttachmentVersion(a).mediaType === mediaType) && (filename === null || a.title === filename));
  const key = (a: AttachmentRecord): number => (sort?.includes('modified') ? latestAttachmentVersion(a).createdAt : a.createdAt);
  list = [...list].sort((a, b) => (sort?.startsWith('-') ? -1 : 1) * (key(a) - key(b) || Number(a.id) - Number(b.id)));
  const page = paginate(list, ctx.query, ctx.apiPath, 'attachments', 50);
  return listReply(ctx, page.items.map(a => attachmentV2Json(ctx, a)), page.next);
}

/** The attachment and its page, when the caller may see them (404 otherwise). */
function visibleAttachment(ctx: Ctx, num: string | undefined, statuses: string[]): { a: AttachmentRecord; page: ContentNode } {
  const a = num === undefined ? undefined : organise(ctx.store).attachments.get(num);
  if (!a || !statuses.includes(a.status)) { throw notFound(); }
  const page = requireNode(ctx, a.containerId, ['page']);
  return { a, page };
}

function getAttachment(ctx: Ctx): Reply {
  const num = attachmentNumber(ctx.params[0]);
  if (num === undefined) { throw badRequest("Provided value for 'id' is not the correct type. Expected an attachment id such as att123."); }
  const rawVersion = ctx.query.get('version');
  if (rawVersion !== null && !/^\d{1,9}$/.test(rawVersion)) { throw badRequest("Provided value for 'version' is not the correct type. Expected type is Integer."); }
  const includeVersion = qBool(ctx, 'include-version', true);
  for (const b of ['include-labels', 'include-properties', 'include-operations', 'include-versions', 'include-collaborators']) { qBool(ctx, b, false); }
  const { a } = visibleAttachment(ctx, num, ['current', 'archived']);
  let version: AttachmentVersion | undefined;
  if (rawVersion !== null) {
    version = a.versions.find(v => v.number === Number(rawVersion));
    if (!version) { throw notFound(); }
  }
  return { status: 200, body: attachmentV2Json(ctx, a, { version, includeVersion, single: true }) };
}

function deleteAttachment(ctx: Ctx): Reply {
  const raw = ctx.params[0] ?? '';
  const num = attachmentNumber(raw);
  if (num === undefined) { throw badRequest("Provided value for 'id' is not the correct type. Expected type is Long."); }
  const purge = qBool(ctx, 'purge', false);
  const { a, page } = visibleAttachment(ctx, num, purge ? ['trashed'] : ['current', 'archived']);
  requireNode(ctx, page.id, ['page'], { kind: 'update' });
  if (purge) {
    if (!ctx.user.siteAdmin) { throw notFound(); } // purging needs space admin
    a.status = 'deleted';
    const { blobs } = servicesOf(ctx.store);
    for (const v of a.versions) { if (v.blob.kind === 'file') { blobs.discard(v.blob.path); } }
    return { status: 204 };
  }
  a.status = 'trashed';
  return { status: 204 };
}

function redirectTo(ctx: Ctx, a: AttachmentRecord, v: AttachmentVersion): Reply {
  const location = servicesOf(ctx.store).media.signedUrl({ fileId: v.fileId, name: a.title, mediaType: v.mediaType, size: v.size, blob: v.blob });
  return { status: 302, headers: { Location: location, 'Cache-Control': 'no-cache, no-store' }, text: '' };
}

function versionOf(a: AttachmentRecord, raw: string | null): AttachmentVersion {
  if (raw === null) { return latestAttachmentVersion(a); }
  if (!/^\d{1,9}$/.test(raw)) { throw new ApiError(400, 'BAD_REQUEST', `Invalid attachment version '${raw.slice(0, 20)}'.`); }
  const v = a.versions.find(x => x.number === Number(raw));
  if (!v) { throw new ApiError(400, 'BAD_REQUEST', `Version ${raw} is greater than the attachment's latest version ${latestAttachmentVersion(a).number}.`); }
  return v;
}

/** `/wiki/download/attachments/{pageId}/{file name}?version=…&api=v2` — the link the API hands out. */
function downloadByName(ctx: Ctx): Reply {
  const pageId = ctx.params[0] ?? '';
  if (!/^\d{1,18}$/.test(pageId)) { throw notFound(); }
  const page = requireNode(ctx, pageId, ['page']);
  const a = attachmentsOf(ctx.store, page).find(x => x.title === ctx.params[1]);
  if (!a) { throw notFound(); }
  return redirectTo(ctx, a, versionOf(a, ctx.query.get('version')));
}

function downloadV1(ctx: Ctx): Reply {
  const page = v1Node(ctx, ctx.params[0], ['page']);
  const num = attachmentNumber(ctx.params[1]);
  const a = num === undefined ? undefined : organise(ctx.store).attachments.get(num);
  if (!a || a.containerId !== page.id || a.status !== 'current') { throw v1NotFound(ctx.params[1] ?? ''); }
  return redirectTo(ctx, a, versionOf(a, ctx.query.get('version')));
}

export const attachmentRoutes: Route[] = [
  { method: 'GET', pattern: new RegExp(`^${V2}/pages/${ID}/attachments$`), auth: 'required', handler: listAttachments },
  { method: 'GET', pattern: new RegExp(`^${V2}/attachments/${ID}$`), auth: 'required', handler: getAttachment },
  { method: 'DELETE', pattern: new RegExp(`^${V2}/attachments/${ID}$`), auth: 'required', handler: deleteAttachment },
  { method: 'GET', pattern: new RegExp(`^${V1}/content/${ID}/child/attachment/${ID}/download$`), auth: 'required', handler: downloadV1 },
  { method: 'GET', pattern: /^\/wiki\/download\/attachments\/([^/]+)\/([^/]+)$/, auth: 'required', handler: downloadByName },
];
