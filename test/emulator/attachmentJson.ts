// The JSON shapes of an attachment: v2 `AttachmentBulk`/`AttachmentSingle` and the v1 `Content` of
// type attachment that uploads answer with. Links are relative to the site's /wiki, as on real sites:
// `downloadLink` = `/download/attachments/{pageId}/{file name}?version=…&modificationDate=…&cacheVersion=1&api=v2`.

import { v1Links, v1UserRef, mediaTypeDescription } from './organiseKit';
import { latestAttachmentVersion, type AttachmentRecord, type AttachmentVersion } from './organiseState';
import { iso, type Ctx } from './routeKit';
import { titleOf } from './store';

export function downloadPath(a: AttachmentRecord, v: AttachmentVersion): string {
  return `/download/attachments/${a.containerId}/${encodeURIComponent(a.title)}?version=${v.number}&modificationDate=${v.createdAt}&cacheVersion=1&api=v2`;
}

function webuiPath(a: AttachmentRecord): string {
  return `/pages/viewpageattachments.action?pageId=${a.containerId}&preview=${encodeURIComponent(`/${a.containerId}/${a.id}/${a.title}`)}`;
}

export function attachmentV2Json(ctx: Ctx, a: AttachmentRecord, opts: { version?: AttachmentVersion; includeVersion?: boolean; single?: boolean } = {}): Record<string, unknown> {
  const v = opts.version ?? latestAttachmentVersion(a);
  const out: Record<string, unknown> = {
    id: `att${a.id}`, status: v === latestAttachmentVersion(a) ? a.status : 'historical', title: a.title, createdAt: iso(a.createdAt),
    pageId: a.containerId, mediaType: v.mediaType, mediaTypeDescription: mediaTypeDescription(v.mediaType), comment: v.comment,
    fileId: v.fileId, fileSize: v.size, webuiLink: webuiPath(a), downloadLink: downloadPath(a, v),
  };
  if (opts.includeVersion !== false) {
    out.version = { createdAt: iso(v.createdAt), message: v.comment, number: v.number, minorEdit: v.minorEdit, authorId: v.authorId };
  }
  out._links = { webui: webuiPath(a), download: downloadPath(a, v), ...(opts.single ? { base: ctx.siteBase } : {}) };
  return out;
}

export function attachmentV1Json(ctx: Ctx, a: AttachmentRecord): Record<string, unknown> {
  const v = latestAttachmentVersion(a);
  const container = ctx.store.content.get(a.containerId);
  const self = `/rest/api/content/att${a.id}`;
  return {
    id: `att${a.id}`, type: 'attachment', status: a.status, title: a.title,
    version: {
      by: v1UserRef(ctx, v.authorId), when: iso(v.createdAt), friendlyWhen: 'just a moment ago', message: v.comment, number: v.number, minorEdit: v.minorEdit,
      contentTypeModified: false, _expandable: { collaborators: '', content: self }, _links: { self: `${ctx.siteBase}${self}/version/${v.number}` },
    },
    container: container
      ? { id: container.id, type: container.type, status: container.status, title: titleOf(container), _links: v1Links(ctx, `/rest/api/content/${container.id}`) }
      : { id: a.containerId },
    metadata: { mediaType: v.mediaType, comment: v.comment, _expandable: { currentuser: '', properties: '', frontend: '', labels: '' } },
    extensions: { mediaType: v.mediaType, fileSize: v.size, comment: v.comment, mediaTypeDescription: mediaTypeDescription(v.mediaType), fileId: v.fileId, collectionName: `contentId-${a.containerId}` },
    _expandable: { childTypes: '', operations: '', schedulePublishDate: '', children: '', restrictions: '', history: '', ancestors: '', body: '', descendants: '', space: '' },
    _links: { webui: webuiPath(a), download: downloadPath(a, v), thumbnail: `${downloadPath(a, v)}&thumbnail=true`, ...v1Links(ctx, self) },
  };
}
