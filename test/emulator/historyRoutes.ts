// Page history beyond the version listing (which lives with the core page routes): the details of
// one version. An old version's body is GET /pages/{id}?version=N (routes.ts), answered with status
// "historical".

import { badRequest, notFound } from './errors';
import { ID, V2, iso, pathId, requireNode, type Ctx, type Reply, type Route } from './routeKit';

function versionDetails(ctx: Ctx): Reply {
  const id = pathId(ctx.params[0], 'page-id');
  const raw = ctx.params[1] ?? '';
  if (!/^\d{1,9}$/.test(raw)) { throw badRequest("Provided value for 'version-number' is not the correct type. Expected type is Long.", null); }
  const node = requireNode(ctx, id, ['page']);
  const n = Number(raw);
  const v = node.versions.find(x => x.number === n);
  if (!v) { throw notFound(); }
  const out: Record<string, unknown> = {
    number: v.number, authorId: v.authorId, message: v.message, createdAt: iso(v.createdAt), minorEdit: v.minorEdit,
    contentTypeModified: false, collaborators: [v.authorId],
  };
  if (node.versions.some(x => x.number === n - 1)) { out.prevVersion = n - 1; }
  if (node.versions.some(x => x.number === n + 1)) { out.nextVersion = n + 1; }
  return { status: 200, body: out };
}

export const historyRoutes: Route[] = [
  { method: 'GET', pattern: new RegExp(`^${V2}/pages/${ID}/versions/${ID}$`), auth: 'required', handler: versionDetails },
];
