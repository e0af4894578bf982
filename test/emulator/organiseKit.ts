// Helpers shared by the organise routes: v1-style access checks (404 when the caller may not see the
// content, 403 when they may see but not change it, as the v1 documents describe), v1 links, a
// minimal v1 user, and media type names.

import { ApiError } from './errors';
import { access, requireNode, type Ctx } from './routeKit';
import type { ContentNode, UserRecord } from './store';

export function v1NotFound(id: string): ApiError {
  return new ApiError(404, 'NOT_FOUND', `No content found with id: ContentId{id=${id.slice(0, 30)}}`);
}

export function v1Forbidden(message: string): ApiError {
  return new ApiError(403, 'FORBIDDEN', message);
}

export function v1BadRequest(message: string): ApiError {
  return new ApiError(400, 'BAD_REQUEST', `com.atlassian.confluence.api.service.exceptions.BadRequestException: ${message}`);
}

/**
 * Content addressed by a v1 path: 404 when missing or not readable (the admin key can reveal it),
 * 403 when `update` is asked for and the caller may read but not update it.
 */
export function v1Node(ctx: Ctx, raw: string | undefined, types: ContentNode['type'][], opts: { update?: string } = {}): ContentNode {
  const id = raw ?? '';
  if (!/^\d{1,18}$/.test(id)) { throw v1NotFound(id); }
  let node: ContentNode;
  try { node = requireNode(ctx, id, types, { statuses: ['current'] }); } catch { throw v1NotFound(id); }
  if (opts.update !== undefined) {
    const u = access(ctx, node, 'update');
    if (u === 'no') { throw v1Forbidden(opts.update); }
    if (u === 'key') { ctx.revealed.push(node.id); }
  }
  return node;
}

export function v1Links(ctx: Ctx, self: string): Record<string, string> {
  return { base: ctx.siteBase, context: '/wiki', self: `${ctx.siteBase}${self}` };
}

export function v1UserRef(ctx: Ctx, accountId: string): Record<string, unknown> {
  const u: UserRecord | undefined = ctx.store.userById(accountId);
  return {
    type: 'known', accountId, accountType: 'atlassian', email: '', publicName: u?.displayName ?? 'Unknown user', displayName: u?.displayName ?? 'Unknown user',
    isExternalCollaborator: false, isGuest: false, _expandable: { operations: '', personalSpace: '' },
    _links: { self: `${ctx.siteBase}/rest/api/user?accountId=${encodeURIComponent(accountId)}` },
  };
}

const MEDIA_TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', webp: 'image/webp',
  pdf: 'application/pdf', txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', json: 'application/json', xml: 'application/xml',
  zip: 'application/zip', mp4: 'video/mp4', mov: 'video/quicktime', mp3: 'audio/mpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** Confluence decides the media type itself; a generic part type is replaced by the file name's. */
export function mediaTypeOf(filename: string, declared: string | undefined): string {
  const d = declared?.split(';')[0]?.trim().toLowerCase();
  if (d && d !== 'application/octet-stream') { return d; }
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  return MEDIA_TYPES[ext] ?? 'application/octet-stream';
}

export function mediaTypeDescription(mediaType: string): string {
  if (mediaType.startsWith('image/')) { return `${mediaType.slice(6).toUpperCase().replace('SVG+XML', 'SVG')} Image`; }
  if (mediaType === 'application/pdf') { return 'PDF Document'; }
  if (mediaType.startsWith('text/')) { return 'Text File'; }
  if (mediaType.startsWith('video/')) { return 'Video'; }
  if (mediaType === 'application/zip') { return 'ZIP Archive'; }
  return 'File';
}
