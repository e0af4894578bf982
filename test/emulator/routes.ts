// The Confluence operations the extension uses, at their real paths and with the JSON shapes of the
// published OpenAPI documents (v2 under /wiki/api/v2, v1 under /wiki/rest/api). Permission failures
// answer 404 as v2 does; restricted content is left out of listings together with its descendants;
// the admin key (header + active key + admin + Premium + site URL) bypasses read/update restrictions
// and every node reached only through it is recorded in ctx.revealed for the audit log.

import { createHash } from 'node:crypto';
import { ApiError, badBody, badRequest, notFound } from './errors';
import { requireParsableStorage } from './storageValidator';
import { CqlError, CqlExpr, parseCql } from './cql';
import { decodeCursor, encodeCursor, paginate, parseLimit } from './pagination';
import { plainText } from './render';
import { commentRoutes } from './commentRoutes';
import { contentItemRoutes } from './contentItemRoutes';
import { depthFirst, normaliseStorage, unordered, unorderedAncestors } from './quirks';
import { organiseRoutes } from './organiseRoutes';
import { userRoutes } from './userRoutes';
import { contentLabels, labelNames } from './organiseState';
import { bodyOf, ContentNode, latest, SpaceRecord, StoredVersion, titleOf, UserRecord } from './store';
import {
  CHILD_PAGE_SORT, CONTENT_SORT, ID, PAGE_SORT, V1, V2, access, bodyFor, childJson, fromTinyId, iso, jsonBody, listReply, optString, pageJson, pageWebui, parentType, pathId, qBool, qEnum, qEnumList, qIdList, qList, reqString, requireNode, sortNodes, space, spaceJson, storageBodyFrom, tinyId, validTitle, versionJson, visible, type Ctx, type Reply, type Route,
} from './routeKit';

// ---------------------------------------------------------------- v2: spaces

function getSpaces(ctx: Ctx): Reply {
  const ids = qIdList(ctx, 'ids', 250);
  const keys = qList(ctx, 'keys');
  if (keys && keys.length > 250) { throw badRequest("Too many values for 'keys'. At most 250 are allowed."); }
  const type = qEnum(ctx, 'type', ['global', 'collaboration', 'knowledge_base', 'personal', 'system', 'onboarding', 'xflow_sample_space'] as const);
  const status = qEnum(ctx, 'status', ['current', 'archived'] as const);
  const sort = qEnum(ctx, 'sort', ['id', '-id', 'key', '-key', 'name', '-name'] as const) ?? 'id';
  const descriptionFormat = qEnum(ctx, 'description-format', ['plain', 'view'] as const);
  const icon = qBool(ctx, 'include-icon', false);
  let spaces = [...ctx.store.spaces.values()];
  if (ids) { spaces = spaces.filter(s => ids.includes(s.id)); }
  if (keys) { spaces = spaces.filter(s => keys.includes(s.key)); }
  if (type) { spaces = spaces.filter(s => s.type === type); }
  if (status) { spaces = spaces.filter(s => s.status === status); }
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as 'id' | 'key' | 'name';
  spaces.sort((a, b) => {
    const c = field === 'id' ? Number(a.id) - Number(b.id) : a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0;
    return desc ? -c : c;
  });
  const page = paginate(spaces, ctx.query, ctx.apiPath, 'spaces');
  return listReply(ctx, page.items.map(s => spaceJson(ctx, s, { descriptionFormat, icon })), page.next);
}

function requireSpace(ctx: Ctx): SpaceRecord {
  const id = pathId(ctx.params[0]);
  const s = ctx.store.spaces.get(id);
  if (!s) { throw notFound(); }
  return s;
}

function getSpace(ctx: Ctx): Reply {
  const s = requireSpace(ctx);
  const descriptionFormat = qEnum(ctx, 'description-format', ['plain', 'view'] as const);
  for (const b of ['include-icon', 'include-operations', 'include-properties', 'include-permissions', 'include-role-assignments', 'include-labels']) { qBool(ctx, b, false); }
  return { status: 200, body: spaceJson(ctx, s, { descriptionFormat, icon: qBool(ctx, 'include-icon', false), single: true }) };
}

const LIST_STATUSES = ['current', 'archived', 'deleted', 'trashed'] as const;

function getSpacePages(ctx: Ctx): Reply {
  const s = requireSpace(ctx);
  const depth = qEnum(ctx, 'depth', ['all', 'root'] as const) ?? 'all';
  const sort = qEnum(ctx, 'sort', PAGE_SORT);
  const statuses: string[] = qEnumList(ctx, 'status', LIST_STATUSES) ?? ['current', 'archived'];
  const title = ctx.query.get('title');
  const bodyFormat = qEnum(ctx, 'body-format', ['storage', 'atlas_doc_format'] as const);
  parseLimit(ctx.query.get('limit'));
  decodeCursor(ctx.query.get('cursor'), 'pages');
  let nodes = depth === 'root' ? ctx.store.rootNodes(s.id) : ctx.store.spaceContent(s.id);
  nodes = nodes.filter(n => n.type === 'page' && statuses.includes(n.status) && (title === null || titleOf(n) === title));
  nodes = visible(ctx, sortNodes(nodes, sort, 'id'));
  if (ctx.quirks.on && depth === 'all' && sort === undefined) { nodes = unordered(nodes); }
  const page = paginate(nodes, ctx.query, ctx.apiPath, 'pages');
  return listReply(ctx, page.items.map(n => pageJson(ctx, n, { bodyFormat })), page.next);
}

// ---------------------------------------------------------------- v2: pages

function getPages(ctx: Ctx): Reply {
  const ids = qIdList(ctx, 'id', 250);
  const spaceIds = qIdList(ctx, 'space-id', 100);
  const sort = qEnum(ctx, 'sort', PAGE_SORT);
  const statuses: string[] = qEnumList(ctx, 'status', LIST_STATUSES) ?? ['current', 'archived'];
  const title = ctx.query.get('title');
  const bodyFormat = qEnum(ctx, 'body-format', ['storage', 'atlas_doc_format'] as const);
  qEnum(ctx, 'subtype', ['live', 'page'] as const);
  parseLimit(ctx.query.get('limit'));
  decodeCursor(ctx.query.get('cursor'), 'pages');
  let nodes: ContentNode[];
  if (ids) { nodes = ids.map(id => ctx.store.content.get(id)).filter((n): n is ContentNode => n !== undefined); }
  else { nodes = [...ctx.store.content.values()]; }
  nodes = nodes.filter(n => n.type === 'page' && statuses.includes(n.status) && (!spaceIds || spaceIds.includes(n.spaceId)) && (title === null || titleOf(n) === title));
  nodes = visible(ctx, sortNodes(nodes, sort, 'id'));
  const page = paginate(nodes, ctx.query, ctx.apiPath, 'pages');
  return listReply(ctx, page.items.map(n => pageJson(ctx, n, { bodyFormat })), page.next);
}

const SINGLE_FORMATS = ['storage', 'atlas_doc_format', 'view', 'export_view', 'anonymous_export_view', 'styled_view', 'editor'] as const;

function getPage(ctx: Ctx): Reply {
  const id = pathId(ctx.params[0]);
  const bodyFormat = qEnum(ctx, 'body-format', SINGLE_FORMATS);
  qBool(ctx, 'get-draft', false); // drafts are not modelled; the published page is returned
  const statuses: string[] = qEnumList(ctx, 'status', ['current', 'archived', 'trashed', 'deleted', 'historical', 'draft'] as const) ?? ['current', 'archived'];
  const versionRaw = ctx.query.get('version');
  if (versionRaw !== null && !/^\d{1,9}$/.test(versionRaw)) { throw badRequest("Provided value for 'version' is not the correct type. Expected type is Integer."); }
  const includeVersion = qBool(ctx, 'include-version', true);
  const includeOperations = qBool(ctx, 'include-operations', false);
  const includeVersions = qBool(ctx, 'include-versions', false);
  const includeLabels = qBool(ctx, 'include-labels', false);
  for (const b of ['include-properties', 'include-likes', 'include-favorited-by-current-user-status', 'include-webresources', 'include-collaborators', 'include-direct-children']) { qBool(ctx, b, false); }
  if (ctx.quirks.hidesFreshPage(id)) { throw notFound(); }
  const node = requireNode(ctx, id, ['page'], { statuses });
  let version: StoredVersion | undefined;
  if (versionRaw !== null) {
    version = node.versions.find(v => v.number === Number(versionRaw));
    if (!version) { throw notFound(); }
  }
  const out = pageJson(ctx, node, { bodyFormat, version, includeVersion, single: true });
  if (includeOperations) { out.operations = { results: operationsFor(ctx, node), meta: { hasMore: false }, _links: {} }; }
  if (includeVersions) {
    const vs = [...node.versions].reverse();
    out.versions = { results: vs.slice(0, 50).map(versionJson), meta: { hasMore: vs.length > 50 }, _links: {} };
  }
  if (includeLabels) {
    const labels = contentLabels(ctx.store, node.id);
    out.labels = { results: labels.slice(0, 50).map(l => ({ id: l.id, name: l.name, prefix: l.prefix })), meta: { hasMore: labels.length > 50 }, _links: {} };
  }
  return { status: 200, body: out };
}

function operationsFor(ctx: Ctx, node: ContentNode): { operation: string; targetType: string }[] {
  const targetType = node.type;
  const ops = [{ operation: 'read', targetType }];
  if (access(ctx, node, 'update') !== 'no') { ops.push({ operation: 'update', targetType }, { operation: 'delete', targetType }); }
  return ops;
}

function titleTaken(ctx: Ctx, spaceId: string, title: string, exceptId?: string): boolean {
  const t = title.toLowerCase();
  return ctx.store.spaceContent(spaceId).some(n => n.type === 'page' && n.id !== exceptId && (n.status === 'current' || n.status === 'archived') && titleOf(n).toLowerCase() === t);
}

function duplicateTitle(title: string, s: SpaceRecord): ApiError {
  return badBody(`A page with this title already exists: A page already exists with the title '${title}' in the space with key ${s.key}`);
}

function updatePage(ctx: Ctx): Reply {
  const id = pathId(ctx.params[0]);
  const body = jsonBody(ctx, true) ?? {};
  const bodyId = reqString(body, 'id');
  const status = reqString(body, 'status');
  const title = validTitle(reqString(body, 'title'));
  if (body.body === undefined || body.body === null) { throw badBody("Invalid message: 'body' is required."); }
  const sent = storageBodyFrom(body.body);
  requireParsableStorage(sent);
  const value = ctx.quirks.on ? normaliseStorage(sent) : sent;
  const version = body.version;
  if (typeof version !== 'object' || version === null || Array.isArray(version)) { throw badBody("Invalid message: 'version' is required and must be an object."); }
  const vObj = version as Record<string, unknown>;
  const number = vObj.number;
  if (typeof number !== 'number' || !Number.isInteger(number)) { throw badBody("Invalid message: 'version.number' must be an integer."); }
  const message = optString(vObj, 'message') ?? '';
  if (vObj.minorEdit !== undefined && typeof vObj.minorEdit !== 'boolean') { throw badBody("Invalid message: 'version.minorEdit' must be a boolean."); }
  const spaceId = optString(body, 'spaceId');
  const parentId = optString(body, 'parentId');
  optString(body, 'ownerId');
  if (status !== 'current' && status !== 'draft') { throw badBody("Invalid message: 'status' must be current or draft."); }
  if (bodyId !== id) { throw badBody(`The id in the request body (${bodyId.slice(0, 20)}) does not match the page id in the path.`); }
  if (status === 'draft') { throw badBody('Draft updates are not supported by this emulator.'); }

  const node = requireNode(ctx, id, ['page'], { kind: 'update', statuses: ['current', 'archived', 'trashed'] });
  const cur = latest(node);
  if (number !== cur.number + 1) {
    throw new ApiError(409, 'CONFLICT', `Version must be incremented when updating a page. Current Version: [${cur.number}]. Provided version: [${number}]`, null);
  }
  const s = space(ctx, node);
  if (spaceId !== undefined && spaceId !== node.spaceId) { throw badBody('Moving a page to another space is not supported.'); }
  let newParent: ContentNode | null | undefined;
  if (parentId !== undefined && parentId !== node.parentId) {
    if (!/^\d{1,18}$/.test(parentId)) { throw badBody("Invalid message: 'parentId' is not a valid id."); }
    const p = ctx.store.content.get(parentId);
    if (!p || p.status !== 'current' || access(ctx, p, 'read') === 'no') { throw notFound('The parent was not found.'); }
    if (access(ctx, p, 'read') === 'key') { ctx.revealed.push(p.id); }
    if (p.spaceId !== node.spaceId) { throw badBody('The parent must be in the same space as the page.'); }
    if (p.id === node.id || ctx.store.isDescendantOf(p, node.id)) { throw badBody('A page cannot be moved below itself.'); }
    if (p.type !== 'page' && p.type !== 'folder') { throw badBody(`A page cannot be placed under a ${p.type}.`); }
    newParent = p;
  }
  if (title !== cur.title && titleTaken(ctx, node.spaceId, title, node.id)) { throw duplicateTitle(title, s); }
  if (ctx.quirks.on && !newParent && node.status === 'current' && title === cur.title && value === bodyOf(cur)) {
    // Nothing changed: real sites answer 200 with the current version and create none.
    return { status: 200, body: pageJson(ctx, node, { bodyFormat: 'storage', single: true }) };
  }
  if (node.status === 'trashed') { node.status = 'current'; } // restoring from the trash
  if (newParent) { ctx.store.move(node, newParent.id); }
  ctx.store.addVersion(node, { authorId: ctx.user.accountId, title, body: value, message, minorEdit: vObj.minorEdit === true, adminKeyUsed: ctx.revealed.includes(node.id) });
  return { status: 200, body: pageJson(ctx, node, { bodyFormat: 'storage', single: true }) };
}

function createPage(ctx: Ctx): Reply {
  qBool(ctx, 'embedded', false);
  qBool(ctx, 'private', false);
  const rootLevel = qBool(ctx, 'root-level', false);
  const body = jsonBody(ctx, true) ?? {};
  const spaceId = reqString(body, 'spaceId');
  const status = optString(body, 'status') ?? 'current';
  if (status !== 'current' && status !== 'draft') { throw badBody("Invalid message: 'status' must be current or draft."); }
  if (status === 'draft') { throw badBody('Creating drafts is not supported by this emulator.'); }
  const title = validTitle(reqString(body, 'title'));
  const parentId = optString(body, 'parentId');
  const subtype = optString(body, 'subtype');
  if (subtype !== undefined && subtype !== 'live') { throw badBody("Invalid message: 'subtype' must be live."); }
  const sent = body.body === undefined || body.body === null ? '' : storageBodyFrom(body.body);
  requireParsableStorage(sent);
  const value = ctx.quirks.on ? normaliseStorage(sent) : sent;
  if (!/^\d{1,18}$/.test(spaceId)) { throw badBody("Invalid message: 'spaceId' is not a valid id."); }
  const s = ctx.store.spaces.get(spaceId);
  if (!s) { throw notFound('The space was not found.'); }
  if (rootLevel && parentId !== undefined) { throw badBody('parentId must not be given when root-level is true.'); }
  let parent: ContentNode | null = null;
  if (!rootLevel) {
    const pid = parentId ?? s.homepageId;
    if (pid !== undefined) {
      if (!/^\d{1,18}$/.test(pid)) { throw badBody("Invalid message: 'parentId' is not a valid id."); }
      const p = ctx.store.content.get(pid);
      if (!p || p.status !== 'current' || p.spaceId !== s.id || (p.type !== 'page' && p.type !== 'folder')) { throw notFound('The parent was not found.'); }
      const a = access(ctx, p, 'read');
      if (a === 'no') { throw notFound('The parent was not found.'); }
      if (a === 'key') { ctx.revealed.push(p.id); }
      parent = p;
    }
  }
  if (titleTaken(ctx, s.id, title)) { throw duplicateTitle(title, s); }
  const node = ctx.store.addContent({ type: 'page', spaceId: s.id, parentId: parent?.id ?? null, title, body: value, authorId: ctx.user.accountId, createdAt: ctx.store.clock.now() });
  ctx.quirks.created(node.id);
  return { status: 200, body: pageJson(ctx, node, { bodyFormat: 'storage', single: true }) };
}

function updateTitle(ctx: Ctx): Reply {
  const id = pathId(ctx.params[0]);
  const body = jsonBody(ctx, true) ?? {};
  const status = reqString(body, 'status');
  const title = validTitle(reqString(body, 'title'));
  if (status !== 'current' && status !== 'draft') { throw badBody("Invalid message: 'status' must be current or draft."); }
  if (status === 'draft') { throw badBody('Draft updates are not supported by this emulator.'); }
  const node = requireNode(ctx, id, ['page'], { kind: 'update' });
  const s = space(ctx, node);
  if (titleTaken(ctx, node.spaceId, title, node.id)) { throw duplicateTitle(title, s); }
  const cur = latest(node);
  ctx.store.addVersion(node, { authorId: ctx.user.accountId, title, body: bodyOf(cur), message: '', adminKeyUsed: ctx.revealed.includes(node.id) });
  return { status: 200, body: pageJson(ctx, node, { single: true }) };
}

function deletePage(ctx: Ctx): Reply {
  const id = pathId(ctx.params[0]);
  const purge = qBool(ctx, 'purge', false);
  const draft = qBool(ctx, 'draft', false);
  if (draft) { throw badRequest('Drafts are not modelled by this emulator; there is no draft to delete.'); }
  const node = requireNode(ctx, id, ['page'], { kind: 'update', statuses: purge ? ['trashed'] : ['current', 'archived'] });
  if (purge) {
    if (!ctx.user.siteAdmin) { throw notFound(); } // purging needs space admin
    node.status = 'deleted';
    ctx.store.removeFromTree(node);
    return { status: 204 };
  }
  node.status = 'trashed';
  // Children of a trashed page move up to its parent, as in Confluence Cloud.
  for (const child of ctx.store.children(node)) { ctx.store.move(child, node.parentId); }
  return { status: 204 };
}

function directChildren(ctx: Ctx, parentTypes: ContentNode['type'][]): Reply {
  const id = pathId(ctx.params[0]);
  const sort = qEnum(ctx, 'sort', CONTENT_SORT);
  parseLimit(ctx.query.get('limit'));
  decodeCursor(ctx.query.get('cursor'), 'children');
  const node = requireNode(ctx, id, parentTypes);
  const kids = visible(ctx, sortNodes(ctx.store.children(node).filter(n => n.status === 'current' || n.status === 'archived'), sort, 'child-position'));
  const page = paginate(kids, ctx.query, ctx.apiPath, 'children');
  return listReply(ctx, page.items.map(n => childJson(n, true)), page.next);
}

/**
 * Descendants top to bottom (breadth first: every depth-1 item before any depth-2 one, siblings by
 * position), down to `depth` levels (1–10, default 2). Restricted content is left out together with
 * everything under it, as in listings.
 */
function descendants(ctx: Ctx, parentTypes: ContentNode['type'][]): Reply {
  const id = pathId(ctx.params[0]);
  const rawDepth = ctx.query.get('depth');
  if (rawDepth !== null && !/^\d{1,2}$/.test(rawDepth)) {
    throw badRequest("Provided value for 'depth' is not the correct type. Expected type is Integer.", null);
  }
  const depth = rawDepth === null ? 2 : Number(rawDepth);
  if (depth < 1 || depth > 10) { throw badRequest("Provided value for 'depth' is not valid. It must be between 1 and 10.", null); }
  parseLimit(ctx.query.get('limit'));
  decodeCursor(ctx.query.get('cursor'), 'descendants');
  const root = requireNode(ctx, id, parentTypes);
  const kidsOf = (parent: ContentNode): ContentNode[] =>
    visible(ctx, sortNodes(ctx.store.children(parent).filter(n => n.status === 'current' || n.status === 'archived'), undefined, 'child-position'));
  let out: { node: ContentNode; depth: number }[] = [];
  if (ctx.quirks.on) {
    // Real sites stop at five levels whatever `depth` asks, and do not list level by level.
    out = depthFirst(kidsOf(root), kidsOf, ctx.quirks.descendantDepth(depth));
  } else {
    let level = [root];
    for (let d = 1; d <= depth && level.length > 0; d++) {
      const next: ContentNode[] = [];
      for (const parent of level) {
        for (const k of kidsOf(parent)) { out.push({ node: k, depth: d }); next.push(k); }
      }
      level = next;
    }
  }
  const page = paginate(out, ctx.query, ctx.apiPath, 'descendants');
  return listReply(ctx, page.items.map(({ node, depth: d }) => ({
    id: node.id, status: node.status, title: titleOf(node), type: node.type, parentId: node.parentId ?? root.id, depth: d, childPosition: node.position,
  })), page.next);
}

function childPages(ctx: Ctx): Reply {
  const id = pathId(ctx.params[0]);
  const sort = qEnum(ctx, 'sort', CHILD_PAGE_SORT);
  parseLimit(ctx.query.get('limit'));
  decodeCursor(ctx.query.get('cursor'), 'children');
  const node = requireNode(ctx, id, ['page']);
  const kids = visible(ctx, sortNodes(ctx.store.children(node).filter(n => n.type === 'page' && (n.status === 'current' || n.status === 'archived')), sort, 'child-position'));
  const page = paginate(kids, ctx.query, ctx.apiPath, 'children');
  return listReply(ctx, page.items.map(n => childJson(n, false)), page.next);
}

function ancestors(ctx: Ctx): Reply {
  const id = pathId(ctx.params[0]);
  const limit = parseLimit(ctx.query.get('limit'));
  const node = requireNode(ctx, id, ['page']);
  // Top to bottom; when limited, the nearest `limit` ancestors (callers continue from the first one).
  const all = ctx.store.ancestors(node);
  const chosen = all.slice(Math.max(0, all.length - limit));
  return { status: 200, body: { results: chosen.map(a => ({ id: a.id, type: a.type })), _links: { base: ctx.siteBase } } };
}

function versions(ctx: Ctx): Reply {
  const id = pathId(ctx.params[0]);
  const bodyFormat = qEnum(ctx, 'body-format', ['storage', 'atlas_doc_format'] as const);
  const sort = qEnum(ctx, 'sort', ['modified-date', '-modified-date'] as const) ?? '-modified-date';
  parseLimit(ctx.query.get('limit'));
  decodeCursor(ctx.query.get('cursor'), 'versions');
  const node = requireNode(ctx, id, ['page']);
  const list = sort === '-modified-date' ? [...node.versions].reverse() : [...node.versions];
  const page = paginate(list, ctx.query, ctx.apiPath, 'versions');
  return listReply(ctx, page.items.map(v => {
    const out = versionJson(v);
    const pageRef: Record<string, unknown> = { id: node.id, title: v.title };
    if (bodyFormat) { pageRef.body = bodyFor(ctx, node, v, bodyFormat); }
    out.page = pageRef;
    return out;
  }), page.next);
}

function operations(ctx: Ctx): Reply {
  const id = pathId(ctx.params[0]);
  const node = requireNode(ctx, id, ['page']);
  return { status: 200, body: { operations: operationsFor(ctx, node) } };
}

function getFolder(ctx: Ctx): Reply {
  const id = pathId(ctx.params[0]);
  for (const b of ['include-collaborators', 'include-direct-children', 'include-operations', 'include-properties']) { qBool(ctx, b, false); }
  const node = requireNode(ctx, id, ['folder']);
  const s = space(ctx, node);
  const out: Record<string, unknown> = { id: node.id, type: 'folder', status: node.status, title: titleOf(node) };
  if (node.parentId !== null) { out.parentId = node.parentId; out.parentType = parentType(ctx, node); }
  Object.assign(out, {
    position: node.position, authorId: node.authorId, ownerId: node.ownerId, createdAt: iso(node.createdAt), spaceId: node.spaceId,
    version: versionJson(latest(node)), _links: { webui: `/spaces/${s.key}/folder/${node.id}`, base: ctx.siteBase },
  });
  return { status: 200, body: out };
}

// ---------------------------------------------------------------- v2: admin key

function adminKeyGuard(ctx: Ctx): void {
  // Not available through the gateway for scoped tokens, nor to non-admins or on Standard sites.
  if ((ctx.viaGateway && ctx.tokenKind === 'scoped') || !ctx.store.adminKeyAvailableTo(ctx.user)) { throw notFound(); }
}

function adminKeyJson(ctx: Ctx, exp: number): Record<string, unknown> {
  return { accountId: ctx.user.accountId, expirationTime: iso(exp) };
}

function getAdminKey(ctx: Ctx): Reply {
  adminKeyGuard(ctx);
  const exp = ctx.store.adminKeyExpiry(ctx.user.accountId);
  if (exp === undefined) { throw notFound(); }
  return { status: 200, body: adminKeyJson(ctx, exp) };
}

function enableAdminKey(ctx: Ctx): Reply {
  adminKeyGuard(ctx);
  const body = jsonBody(ctx, false);
  let minutes = 10;
  if (body && 'durationInMinutes' in body) {
    const d = body.durationInMinutes;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 60) {
      throw badBody('Invalid durationInMinutes: it must be an integer between 0 and 60 (0 means the default of 10 minutes).');
    }
    if (d > 0) { minutes = d; }
  }
  const exp = ctx.store.clock.now() + minutes * 60_000;
  ctx.store.adminKeys.set(ctx.user.accountId, exp);
  ctx.store.audit.push({ time: ctx.store.clock.now(), accountId: ctx.user.accountId, action: 'admin-key.enable', method: ctx.method, path: ctx.rawUrl, detail: `duration ${minutes} minutes` });
  return { status: 200, body: adminKeyJson(ctx, exp) };
}

function disableAdminKey(ctx: Ctx): Reply {
  adminKeyGuard(ctx);
  ctx.store.adminKeys.delete(ctx.user.accountId);
  ctx.store.audit.push({ time: ctx.store.clock.now(), accountId: ctx.user.accountId, action: 'admin-key.disable', method: ctx.method, path: ctx.rawUrl });
  return { status: 204 };
}

// ---------------------------------------------------------------- v1

function v1Links(ctx: Ctx, self: string): Record<string, string> {
  return { base: ctx.siteBase, context: '/wiki', self: `${ctx.siteBase}${self}` };
}

function v1User(ctx: Ctx, u: UserRecord, withEmail: boolean): Record<string, unknown> {
  return {
    type: 'known', accountId: u.accountId, accountType: 'atlassian', email: withEmail ? u.email : '', publicName: u.displayName,
    profilePicture: { path: `/wiki/aa-avatar/${u.accountId}`, width: 48, height: 48, isDefault: false },
    displayName: u.displayName, timeZone: u.timeZone, isExternalCollaborator: false, isGuest: false,
    _expandable: { operations: '', personalSpace: '' },
    _links: v1Links(ctx, `/rest/api/user?accountId=${encodeURIComponent(u.accountId)}`),
  };
}

function currentUser(ctx: Ctx): Reply {
  const body = v1User(ctx, ctx.user, true);
  const expand = (ctx.query.get('expand') ?? '').split(',').map((e) => e.trim());
  if (expand.includes('operations')) {
    // The user's global operations: Confluence admins hold `administer` on `application`, which is
    // how a client can learn admin-ness from a read instead of probing POST /admin-key.
    const operations = [
      { operation: 'use', targetType: 'application' },
      { operation: 'create_space', targetType: 'application' },
      ...(ctx.user.siteAdmin ? [{ operation: 'administer', targetType: 'application' }] : []),
    ];
    const { operations: _unexpanded, ...expandable } = body._expandable as Record<string, string>;
    void _unexpanded;
    return { status: 200, body: { ...body, operations, _expandable: expandable } };
  }
  return { status: 200, body };
}

function v1Int(ctx: Ctx, name: string, def: number): number {
  const raw = ctx.query.get(name);
  if (raw === null) { return def; }
  if (!/^\d{1,9}$/.test(raw)) { throw new ApiError(400, 'BAD_REQUEST', `com.atlassian.confluence.api.service.exceptions.BadRequestException: '${name}' must be a non-negative integer`); }
  return Number(raw);
}

function restrictions(ctx: Ctx): Reply {
  const id = ctx.params[0] ?? '';
  const start = v1Int(ctx, 'start', 0);
  const limit = v1Int(ctx, 'limit', 100);
  if (!/^\d{1,18}$/.test(id)) { throw new ApiError(404, 'NOT_FOUND', `No content found with id: ContentId{id=${id.slice(0, 30)}}`); }
  let node: ContentNode;
  try { node = requireNode(ctx, id, ['page', 'folder', 'whiteboard', 'database']); } catch {
    throw new ApiError(404, 'NOT_FOUND', `No content found with id: ContentId{id=${id}}`);
  }
  const entry = (operation: 'read' | 'update', ids: string[] | undefined): Record<string, unknown> => {
    const users = (ids ?? []).map(a => ctx.store.userById(a)).filter((u): u is UserRecord => u !== undefined).map(u => v1User(ctx, u, false));
    return {
      operation,
      restrictions: {
        user: { results: users, start: 0, limit: 200, size: users.length, _links: {} },
        group: { results: [], start: 0, limit: 200, size: 0 },
      },
      _expandable: { content: `/rest/api/content/${node.id}` },
      _links: v1Links(ctx, `/rest/api/content/${node.id}/restriction/byOperation/${operation}`),
    };
  };
  const all = [entry('read', node.readRestrictedTo), entry('update', node.updateRestrictedTo)];
  const results = all.slice(start, start + limit);
  const restrictionsHash = createHash('sha256').update(JSON.stringify([node.readRestrictedTo ?? [], node.updateRestrictedTo ?? []])).digest('hex').slice(0, 32);
  return { status: 200, body: { results, start, limit, size: results.length, restrictionsHash, _links: v1Links(ctx, `/rest/api/content/${node.id}/restriction`) } };
}

function textMatches(haystack: string, needle: string): boolean {
  const h = haystack.toLowerCase();
  const words = needle.toLowerCase().replace(/[*?]/g, ' ').split(/\s+/).filter(w => w.length > 0);
  return words.length > 0 && words.every(w => h.includes(w));
}

function evalCql(ctx: Ctx, e: CqlExpr, n: ContentNode, text: () => string): boolean {
  switch (e.kind) {
    case 'and': return evalCql(ctx, e.left, n, text) && evalCql(ctx, e.right, n, text);
    case 'or': return evalCql(ctx, e.left, n, text) || evalCql(ctx, e.right, n, text);
    case 'not': return !evalCql(ctx, e.expr, n, text);
    case 'clause': {
      const negate = e.op === '!=' || e.op === '!~' || e.op === 'not in';
      const one = (v: string): boolean => {
        switch (e.field) {
          case 'text': return e.op.includes('~') ? textMatches(`${titleOf(n)} ${text()}`, v) : text().toLowerCase() === v.toLowerCase();
          case 'title': return e.op.includes('~') ? textMatches(titleOf(n), v) : titleOf(n).toLowerCase() === v.toLowerCase();
          case 'space': return ctx.store.spaces.get(n.spaceId)?.key.toLowerCase() === v.toLowerCase() || n.spaceId === v;
          case 'type': return n.type === v.toLowerCase();
          case 'id': return n.id === v;
          case 'parent': return n.parentId === v;
          case 'ancestor': return ctx.store.isDescendantOf(n, v);
          case 'label': return labelNames(ctx.store, n.id).includes(v.toLowerCase());
        }
        return false;
      };
      const hit = e.values.some(one);
      return negate ? !hit : hit;
    }
  }
}

function excerptOf(text: string, terms: string[], highlight: boolean): string {
  const lower = text.toLowerCase();
  let at = 0;
  let term = '';
  for (const t of terms) { const i = lower.indexOf(t.toLowerCase()); if (i >= 0) { at = i; term = text.slice(i, i + t.length); break; } }
  const start = Math.max(0, at - 60);
  let ex = text.slice(start, start + 200);
  if (highlight && term) { ex = ex.replace(term, `@@@hl@@@${term}@@@endhl@@@`); }
  return (start > 0 ? '...' : '') + ex + (start + 200 < text.length ? '...' : '');
}

function collectTerms(e: CqlExpr | undefined, out: string[] = []): string[] {
  if (!e) { return out; }
  if (e.kind === 'clause') { if ((e.field === 'text' || e.field === 'title') && e.op === '~') { for (const v of e.values) { out.push(...v.replace(/[*?]/g, ' ').split(/\s+/).filter(Boolean)); } } }
  else if (e.kind === 'not') { /* negated terms are not highlighted */ }
  else { collectTerms(e.left, out); collectTerms(e.right, out); }
  return out;
}

function search(ctx: Ctx): Reply {
  const cql = ctx.query.get('cql');
  if (cql === null || cql.trim() === '') { throw new ApiError(400, 'BAD_REQUEST', 'com.atlassian.confluence.api.service.exceptions.BadRequestException: cql is required'); }
  let q;
  try { q = parseCql(cql); } catch (e) {
    if (e instanceof CqlError) { throw new ApiError(400, 'BAD_REQUEST', `com.atlassian.confluence.api.service.exceptions.BadRequestException: Could not parse cql : ${cql.slice(0, 200)} (${e.message})`); }
    throw e;
  }
  const limit = Math.min(v1Int(ctx, 'limit', 25), 250);
  let start = v1Int(ctx, 'start', 0);
  const cursor = ctx.query.get('cursor');
  if (cursor !== null) {
    try { start = decodeCursor(cursor, 'search'); } catch { throw new ApiError(400, 'BAD_REQUEST', 'com.atlassian.confluence.api.service.exceptions.BadRequestException: The provided cursor was not valid.'); }
  }
  const excerptMode = ctx.query.get('excerpt') ?? 'highlight';
  if (!['highlight', 'indexed', 'none', 'highlight_unescaped', 'indexed_unescaped'].includes(excerptMode)) {
    throw new ApiError(400, 'BAD_REQUEST', `com.atlassian.confluence.api.service.exceptions.BadRequestException: Invalid excerpt strategy: ${excerptMode.slice(0, 40)}`);
  }
  const includeArchived = ctx.query.get('includeArchivedSpaces') === 'true';
  const expand = (ctx.query.get('expand') ?? '').split(',');
  const t0 = Date.now();
  const candidates = [...ctx.store.content.values()].filter(n => n.status === 'current' && (includeArchived || ctx.store.spaces.get(n.spaceId)?.status === 'current'));
  const where = q.where;
  let hits = candidates.filter(n => {
    let cache: string | undefined;
    const text = (): string => (cache ??= plainText(bodyOf(latest(n))));
    return where ? evalCql(ctx, where, n, text) : true;
  });
  hits = visible(ctx, hits);
  if (q.orderBy.length) {
    hits.sort((a, b) => {
      for (const o of q.orderBy) {
        let c = 0;
        if (o.field === 'lastmodified') { c = latest(a).createdAt - latest(b).createdAt; }
        else if (o.field === 'created') { c = a.createdAt - b.createdAt; }
        else if (o.field === 'title') { c = titleOf(a).localeCompare(titleOf(b)); }
        else { c = Number(a.id) - Number(b.id); }
        if (c !== 0) { return o.desc ? -c : c; }
      }
      return Number(a.id) - Number(b.id);
    });
  }
  const terms = collectTerms(where);
  const pageItems = hits.slice(start, start + limit);
  const results = pageItems.map(n => {
    const s = space(ctx, n);
    const webui = n.type === 'page' ? pageWebui(s, n) : `/spaces/${s.key}/${n.type}/${n.id}`;
    const content: Record<string, unknown> = {
      id: n.id, type: n.type, status: n.status, title: titleOf(n),
      childTypes: {}, macroRenderedOutput: {}, restrictions: {},
      _expandable: { container: '', metadata: '', restrictions: '', history: `/rest/api/content/${n.id}/history`, body: '', version: '', descendants: '', space: `/rest/api/space/${s.key}`, ancestors: '', children: '', operations: '' },
      _links: { webui, self: `${ctx.siteBase}/rest/api/content/${n.id}`, tinyui: `/x/${tinyId(n.id)}` },
    };
    if (expand.includes('content.ancestors')) {
      const chain = visible(ctx, ctx.store.ancestors(n));
      content.ancestors = (ctx.quirks.on ? unorderedAncestors(chain) : chain).map(a => ({ id: a.id, type: a.type, status: a.status, title: titleOf(a) }));
    }
    if (expand.includes('content.space') || expand.includes('space')) {
      content.space = { id: Number(s.id), key: s.key, name: s.name, type: s.type, status: s.status, _expandable: {}, _links: { webui: `/spaces/${s.key}`, self: `${ctx.siteBase}/rest/api/space/${s.key}` } };
    }
    const lm = latest(n).createdAt;
    return {
      content, title: titleOf(n),
      excerpt: excerptMode === 'none' ? '' : excerptOf(plainText(bodyOf(latest(n))), terms, excerptMode.startsWith('highlight')),
      url: webui,
      resultGlobalContainer: { title: s.name, displayUrl: `/spaces/${s.key}` },
      breadcrumbs: [], entityType: 'content', iconCssClass: n.type === 'page' ? 'aui-icon content-type-page' : `aui-icon content-type-${n.type}`,
      lastModified: iso(lm), friendlyLastModified: new Date(lm).toUTCString().slice(5, 16), score: 1,
    };
  });
  const links: Record<string, string> = { base: ctx.siteBase, context: '/wiki' };
  if (start + limit < hits.length) {
    const p = new URLSearchParams();
    p.set('next', 'true');
    p.set('cursor', encodeCursor(start + limit, 'search'));
    p.set('limit', String(limit));
    p.set('cql', cql);
    links.next = `/rest/api/search?${p.toString()}`;
  }
  links.self = `${ctx.siteBase}/rest/api/search?${new URLSearchParams({ cql }).toString()}`;
  return {
    status: 200,
    body: { results, start, limit, size: results.length, totalSize: hits.length, cqlQuery: cql, searchDuration: Date.now() - t0, archivedResultCount: 0, _links: links },
  };
}

// ---------------------------------------------------------------- site root (unauthenticated)

function tenantInfo(ctx: Ctx): Reply {
  return { status: 200, body: { cloudId: ctx.store.cloudId } };
}

function htmlEscape(s: string): string { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); }

function htmlPage(status: number, title: string, body: string): Reply {
  return { status, contentType: 'text/html;charset=UTF-8', text: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${htmlEscape(title)}</title></head><body>${body}</body></html>` };
}

/** A page the caller can see in a browser: anonymous callers see nothing restricted. */
function browsable(ctx: Ctx, id: string): ContentNode | undefined {
  const node = ctx.store.content.get(id);
  if (!node || node.type !== 'page' || node.status !== 'current') { return undefined; }
  if (ctx.anonymous) { return ctx.store.ancestors(node).concat(node).some(n => n.readRestrictedTo) ? undefined : node; }
  return ctx.store.readAccess(ctx.user, node, false) === 'yes' ? node : undefined;
}

function tinyRedirect(ctx: Ctx): Reply {
  const id = fromTinyId(ctx.params[0] ?? '');
  const node = id ? ctx.store.content.get(id) : undefined;
  if (!node || node.type !== 'page') { return htmlPage(404, 'Page not found', '<h1>Page not found</h1>'); }
  return { status: 302, headers: { Location: `${ctx.siteBase}${pageWebui(space(ctx, node), node)}` }, text: '' };
}

function webPage(ctx: Ctx): Reply {
  const node = /^\d{1,18}$/.test(ctx.params[1] ?? '') ? browsable(ctx, ctx.params[1] ?? '') : undefined;
  const s = node ? space(ctx, node) : undefined;
  if (!node || !s || s.key !== ctx.params[0]) { return htmlPage(404, 'Page not found - Confluence', '<h1>Page not found</h1><p>The page may have been removed, or you may not have permission to view it.</p>'); }
  const title = titleOf(node);
  const html = bodyFor(ctx, node, latest(node), 'view').view as { value: string };
  return htmlPage(200, `${title} - ${s.name} - Confluence`, `<div id="main-content" data-page-id="${node.id}" data-space-key="${htmlEscape(s.key)}"><h1 id="title-text">${htmlEscape(title)}</h1>${html.value}</div>`);
}

// ---------------------------------------------------------------- routing table

const ROUTES: Route[] = [
  ...userRoutes,
  ...commentRoutes,
  ...organiseRoutes,
  ...contentItemRoutes,
  { method: 'GET', pattern: /^\/_edge\/tenant_info$/, auth: 'none', siteOnly: true, handler: tenantInfo },
  { method: 'GET', pattern: new RegExp(`^${V2}/spaces$`), auth: 'required', handler: getSpaces },
  { method: 'GET', pattern: new RegExp(`^${V2}/spaces/${ID}$`), auth: 'required', handler: getSpace },
  { method: 'GET', pattern: new RegExp(`^${V2}/spaces/${ID}/pages$`), auth: 'required', handler: getSpacePages },
  { method: 'GET', pattern: new RegExp(`^${V2}/pages$`), auth: 'required', handler: getPages },
  { method: 'POST', pattern: new RegExp(`^${V2}/pages$`), auth: 'required', handler: createPage },
  { method: 'GET', pattern: new RegExp(`^${V2}/pages/${ID}$`), auth: 'required', handler: getPage },
  { method: 'PUT', pattern: new RegExp(`^${V2}/pages/${ID}$`), auth: 'required', handler: updatePage },
  { method: 'DELETE', pattern: new RegExp(`^${V2}/pages/${ID}$`), auth: 'required', handler: deletePage },
  { method: 'PUT', pattern: new RegExp(`^${V2}/pages/${ID}/title$`), auth: 'required', handler: updateTitle },
  { method: 'GET', pattern: new RegExp(`^${V2}/pages/${ID}/direct-children$`), auth: 'required', handler: ctx => directChildren(ctx, ['page']) },
  { method: 'GET', pattern: new RegExp(`^${V2}/pages/${ID}/children$`), auth: 'required', handler: childPages },
  { method: 'GET', pattern: new RegExp(`^${V2}/pages/${ID}/ancestors$`), auth: 'required', handler: ancestors },
  { method: 'GET', pattern: new RegExp(`^${V2}/pages/${ID}/versions$`), auth: 'required', handler: versions },
  { method: 'GET', pattern: new RegExp(`^${V2}/pages/${ID}/operations$`), auth: 'required', handler: operations },
  { method: 'GET', pattern: new RegExp(`^${V2}/folders/${ID}$`), auth: 'required', handler: getFolder },
  { method: 'GET', pattern: new RegExp(`^${V2}/folders/${ID}/direct-children$`), auth: 'required', handler: ctx => directChildren(ctx, ['folder']) },
  { method: 'GET', pattern: new RegExp(`^${V2}/pages/${ID}/descendants$`), auth: 'required', handler: ctx => descendants(ctx, ['page']) },
  { method: 'GET', pattern: new RegExp(`^${V2}/folders/${ID}/descendants$`), auth: 'required', handler: ctx => descendants(ctx, ['folder']) },
  { method: 'GET', pattern: new RegExp(`^${V2}/admin-key$`), auth: 'required', handler: getAdminKey },
  { method: 'POST', pattern: new RegExp(`^${V2}/admin-key$`), auth: 'required', handler: enableAdminKey },
  { method: 'DELETE', pattern: new RegExp(`^${V2}/admin-key$`), auth: 'required', handler: disableAdminKey },
  { method: 'GET', pattern: new RegExp(`^${V1}/user/current$`), auth: 'required', handler: currentUser },
  { method: 'GET', pattern: new RegExp(`^${V1}/search$`), auth: 'required', handler: search },
  { method: 'GET', pattern: new RegExp(`^${V1}/content/${ID}/restriction$`), auth: 'required', handler: restrictions },
  { method: 'GET', pattern: /^\/wiki\/x\/([^/]+)$/, auth: 'none', siteOnly: true, handler: tinyRedirect },
  { method: 'GET', pattern: /^\/wiki\/spaces\/([^/]+)\/pages\/([^/]+)(?:\/[^/]*)?$/, auth: 'none', siteOnly: true, handler: webPage },
];

export type RouteMatch = { kind: 'route'; route: Route; params: string[] } | { kind: 'method'; allow: string[] };

export function findRoute(method: string, path: string): RouteMatch | undefined {
  const allow: string[] = [];
  for (const r of ROUTES) {
    const m = r.pattern.exec(path);
    if (!m) { continue; }
    if (r.method === method) { return { kind: 'route', route: r, params: m.slice(1).map(x => x ?? '') }; }
    allow.push(r.method);
  }
  return allow.length ? { kind: 'method', allow } : undefined;
}
