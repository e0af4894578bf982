// Whiteboards, databases and embeds (Smart Links in the content tree) by id: v2 `GET /whiteboards/{id}`,
// `GET /databases/{id}`, `GET /embeds/{id}` with their parent and position, as `GET /folders/{id}`
// (routes.ts) gives a folder's. The Spaces tree reads one when a search suggested where it sits.

import { iso, parentType, pathId, qBool, requireNode, space, versionJson, V2, ID, type Ctx, type Reply, type Route } from './routeKit';
import { latest, titleOf, type ContentNode } from './store';

function getItem(ctx: Ctx, type: Exclude<ContentNode['type'], 'page' | 'folder'>): Reply {
  const id = pathId(ctx.params[0]);
  for (const b of ['include-collaborators', 'include-direct-children', 'include-operations', 'include-properties']) { qBool(ctx, b, false); }
  const node = requireNode(ctx, id, [type]);
  const s = space(ctx, node);
  const out: Record<string, unknown> = { id: node.id, type, status: node.status, title: titleOf(node) };
  if (node.parentId !== null) { out.parentId = node.parentId; out.parentType = parentType(ctx, node); }
  const webui = `/spaces/${s.key}/${type}/${node.id}`;
  const links: Record<string, string> = type === 'whiteboard' ? { webui, editui: webui, base: ctx.siteBase } : { webui, base: ctx.siteBase };
  Object.assign(out, {
    position: node.position, authorId: node.authorId, ownerId: node.ownerId, createdAt: iso(node.createdAt), spaceId: node.spaceId,
    version: versionJson(latest(node)), _links: links,
  });
  return { status: 200, body: out };
}

export const contentItemRoutes: Route[] = [
  { method: 'GET', pattern: new RegExp(`^${V2}/whiteboards/${ID}$`), auth: 'required', handler: (ctx) => getItem(ctx, 'whiteboard') },
  { method: 'GET', pattern: new RegExp(`^${V2}/databases/${ID}$`), auth: 'required', handler: (ctx) => getItem(ctx, 'database') },
  { method: 'GET', pattern: new RegExp(`^${V2}/embeds/${ID}$`), auth: 'required', handler: (ctx) => getItem(ctx, 'embed') },
];
