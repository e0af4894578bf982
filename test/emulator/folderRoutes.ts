// Folders: v2 `POST /folders` (under a page, a folder, or at the space root when no parent is given)
// and `DELETE /folders/{id}` (to the trash; what was inside moves up to the folder's parent, as for a
// trashed page). v2 has no folder update, so renaming goes through v1's generic content update,
// `PUT /wiki/rest/api/content/{id}` with `type: "folder"`, a new title and `version.number` = current + 1
// (409 on a stale version). That operation is no longer listed in the published v1 document; see
// docs/organising.md for why it is the one way Confluence offers.

import { ApiError, badBody, notFound } from './errors';
import { v1BadRequest, v1Links, v1Node, v1UserRef } from './organiseKit';
import {
  access, ID, iso, jsonBody, optString, parentType, pathId, requireNode, space, V1, V2, validTitle, versionJson, type Ctx, type Reply, type Route,
} from './routeKit';
import { latest, titleOf, type ContentNode } from './store';

export function folderJson(ctx: Ctx, node: ContentNode): Record<string, unknown> {
  const s = space(ctx, node);
  const out: Record<string, unknown> = { id: node.id, type: 'folder', status: node.status, title: titleOf(node) };
  if (node.parentId !== null) { out.parentId = node.parentId; out.parentType = parentType(ctx, node); }
  Object.assign(out, {
    position: node.position, authorId: node.authorId, ownerId: node.ownerId, createdAt: iso(node.createdAt), spaceId: node.spaceId,
    version: versionJson(latest(node)), _links: { webui: `/spaces/${s.key}/folder/${node.id}`, base: ctx.siteBase },
  });
  return out;
}

function createFolder(ctx: Ctx): Reply {
  const body = jsonBody(ctx, true) ?? {};
  const spaceId = optString(body, 'spaceId');
  if (spaceId === undefined) { throw badBody("Invalid message: 'spaceId' is required."); }
  if (!/^\d{1,18}$/.test(spaceId)) { throw badBody("Invalid message: 'spaceId' is not a valid id."); }
  const title = optString(body, 'title');
  if (title === undefined) { throw badBody("Invalid message: 'title' is required."); }
  validTitle(title);
  const parentId = optString(body, 'parentId');
  const s = ctx.store.spaces.get(spaceId);
  if (!s || s.status !== 'current') { throw notFound('The space was not found or you may not create folders in it.'); }
  let parent: ContentNode | null = null;
  if (parentId !== undefined) {
    if (!/^\d{1,18}$/.test(parentId)) { throw badBody("Invalid message: 'parentId' is not a valid id."); }
    const p = ctx.store.content.get(parentId);
    if (!p || p.status !== 'current' || (p.type !== 'page' && p.type !== 'folder')) { throw notFound('The parent was not found.'); }
    const a = access(ctx, p, 'read');
    if (a === 'no') { throw notFound('The parent was not found.'); }
    if (a === 'key') { ctx.revealed.push(p.id); }
    if (p.spaceId !== s.id) { throw badBody('The parent must be in the space the folder is created in.'); }
    parent = p;
  }
  const node = ctx.store.addContent({ type: 'folder', spaceId: s.id, parentId: parent?.id ?? null, title, authorId: ctx.user.accountId, createdAt: ctx.store.clock.now() });
  return { status: 200, body: folderJson(ctx, node) };
}

function deleteFolder(ctx: Ctx): Reply {
  const id = pathId(ctx.params[0]);
  const node = requireNode(ctx, id, ['folder'], { kind: 'update', statuses: ['current', 'archived'] });
  node.status = 'trashed';
  for (const child of ctx.store.children(node)) { ctx.store.move(child, node.parentId); }
  return { status: 204 };
}

/** v1 content update, for folders: the title is all a folder has to change. */
function updateContent(ctx: Ctx): Reply {
  const node = v1Node(ctx, ctx.params[0], ['folder', 'page'], { update: 'You do not have permission to edit this content.' });
  let body: Record<string, unknown>;
  try { body = jsonBody(ctx, true) ?? {}; } catch { throw v1BadRequest('The request body must be a JSON object with type, title and version.'); }
  const type = body.type;
  const title = body.title;
  const version = body.version as { number?: unknown } | undefined;
  if (typeof type !== 'string' || typeof title !== 'string' || typeof version !== 'object' || version === null || typeof version.number !== 'number') {
    throw v1BadRequest('type, title and version.number are required.');
  }
  if (type !== node.type) { throw v1BadRequest(`The content is a ${node.type}, not a ${type.slice(0, 20)}.`); }
  if (node.type !== 'folder') { throw v1BadRequest('This emulator updates only folders through v1; update pages with PUT /wiki/api/v2/pages/{id}.'); }
  if (body.status !== undefined && body.status !== 'current') { throw v1BadRequest("status must be 'current'."); }
  if (title.trim() === '' || title.length > 255) { throw v1BadRequest('A title must have 1 to 255 characters.'); }
  const cur = latest(node);
  if (version.number !== cur.number + 1) {
    throw new ApiError(409, 'CONFLICT', `Version must be incremented when updating a page. Current Version: [${cur.number}]. Provided version: [${String(version.number)}]`);
  }
  const v = ctx.store.addVersion(node, { authorId: ctx.user.accountId, title, body: '', adminKeyUsed: ctx.revealed.includes(node.id) });
  const s = space(ctx, node);
  const self = `/rest/api/content/${node.id}`;
  return {
    status: 200,
    body: {
      id: node.id, type: 'folder', status: node.status, title,
      space: { id: Number(s.id), key: s.key, name: s.name, type: s.type, status: s.status, _expandable: {}, _links: v1Links(ctx, `/rest/api/space/${s.key}`) },
      version: { by: v1UserRef(ctx, v.authorId), when: iso(v.createdAt), message: v.message, number: v.number, minorEdit: v.minorEdit, _expandable: {}, _links: {} },
      _expandable: { childTypes: '', container: '', metadata: '', operations: '', children: '', restrictions: '', history: '', ancestors: '', body: '', descendants: '' },
      _links: { webui: `/spaces/${s.key}/folder/${node.id}`, ...v1Links(ctx, self) },
    },
  };
}

export const folderRoutes: Route[] = [
  { method: 'POST', pattern: new RegExp(`^${V2}/folders$`), auth: 'required', handler: createFolder },
  { method: 'DELETE', pattern: new RegExp(`^${V2}/folders/${ID}$`), auth: 'required', handler: deleteFolder },
  { method: 'PUT', pattern: new RegExp(`^${V1}/content/${ID}$`), auth: 'required', handler: updateContent },
];
