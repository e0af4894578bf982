// Comments (inline and footer, with replies and resolution) and page history: the v2 operations at
// their real paths. See routeKit.ts for the shared context and access rules.
//
// Access: a comment is visible exactly when its page is (404 otherwise, as v2 answers no-permission),
// and the admin key reveals it exactly as it reveals the page, so every use is audited under the
// page's id. Commenting needs read access only: Confluence lets people who may view a page comment
// on it even when editing is restricted. Editing or deleting a comment is for its author (and site
// admins, standing in for space admins).

import { childCommentJson, pageCommentJson, singleCommentJson } from './commentJson';
import { AnchorError, authorOf, CommentKind, CommentRecord, commentsOf, currentVersion } from './commentStore';
import { ApiError, badBody, notFound } from './errors';
import { historyRoutes } from './historyRoutes';
import { decodeCursor, paginate, parseLimit } from './pagination';
import {
  ID, V2, jsonBody, listReply, optString, pathId, qBool, qEnum, qEnumList, requireNode, storageBodyFrom, visible, type Ctx, type Reply, type Route,
} from './routeKit';
import { randomUUID } from 'node:crypto';
import type { ContentNode } from './store';

const COMMENT_SORT = ['created-date', '-created-date', 'modified-date', '-modified-date'] as const;
const LIST_STATUSES = ['current', 'archived', 'trashed', 'deleted', 'historical', 'draft'] as const;
const RESOLUTION = ['resolved', 'open', 'dangling', 'reopened'] as const;
const SINGLE_FORMATS = ['storage', 'atlas_doc_format', 'view', 'export_view', 'anonymous_export_view', 'styled_view', 'editor'] as const;

function sortComments(list: CommentRecord[], sort: string): CommentRecord[] {
  const desc = sort.startsWith('-');
  const key = (c: CommentRecord): number => (sort.endsWith('modified-date') ? currentVersion(c).createdAt : c.createdAt);
  return [...list].sort((a, b) => (desc ? -1 : 1) * (key(a) - key(b) || Number(a.id) - Number(b.id)));
}

/** The comment and its page, if the caller may read the page (the admin key counts, and is recorded). */
function requireComment(ctx: Ctx, rawId: string | undefined, kind: CommentKind, name = 'comment-id'): { c: CommentRecord; page: ContentNode } {
  const id = pathId(rawId, name);
  const c = commentsOf(ctx.store).byId.get(id);
  if (!c || c.kind !== kind) { throw notFound(); }
  return { c, page: requireNode(ctx, c.pageId, ['page']) };
}

function listPageComments(ctx: Ctx, kind: CommentKind): Reply {
  const id = pathId(ctx.params[0]);
  const bodyFormat = qEnum(ctx, 'body-format', ['storage', 'atlas_doc_format'] as const);
  const statuses: string[] = qEnumList(ctx, 'status', LIST_STATUSES) ?? ['current'];
  const resolution: string[] | undefined = kind === 'inline' ? qEnumList(ctx, 'resolution-status', RESOLUTION) : undefined;
  const sort = qEnum(ctx, 'sort', COMMENT_SORT) ?? 'created-date';
  parseLimit(ctx.query.get('limit'));
  decodeCursor(ctx.query.get('cursor'), `${kind}-comments`);
  const page = requireNode(ctx, id, ['page']);
  const cs = commentsOf(ctx.store);
  let list = statuses.includes('current') ? cs.roots(page.id, kind) : [];
  if (resolution) { list = list.filter(c => resolution.includes(cs.resolutionOf(c) ?? 'open')); }
  const slice = paginate(sortComments(list, sort), ctx.query, ctx.apiPath, `${kind}-comments`);
  return listReply(ctx, slice.items.map(c => pageCommentJson(ctx, cs, c, page, bodyFormat)), slice.next);
}

/** GET /footer-comments, /inline-comments: every comment of the kind on pages the caller may read. */
function listAll(ctx: Ctx, kind: CommentKind): Reply {
  const format = qEnum(ctx, 'body-format', ['storage', 'atlas_doc_format'] as const);
  const sort = qEnum(ctx, 'sort', COMMENT_SORT) ?? 'created-date';
  parseLimit(ctx.query.get('limit'));
  decodeCursor(ctx.query.get('cursor'), `all-${kind}-comments`);
  const cs = commentsOf(ctx.store);
  const pages = new Map<string, ContentNode | undefined>();
  const readable = (pageId: string): ContentNode | undefined => {
    if (!pages.has(pageId)) {
      const node = ctx.store.content.get(pageId);
      pages.set(pageId, node && (node.status === 'current' || node.status === 'archived') && visible(ctx, [node]).length === 1 ? node : undefined);
    }
    return pages.get(pageId);
  };
  const list = [...cs.byId.values()].filter(c => c.kind === kind && readable(c.pageId) !== undefined);
  const slice = paginate(sortComments(list, sort), ctx.query, ctx.apiPath, `all-${kind}-comments`);
  return listReply(ctx, slice.items.map(c => singleCommentJson(ctx, cs, c, readable(c.pageId) as ContentNode, { format })), slice.next);
}

function children(ctx: Ctx, kind: CommentKind): Reply {
  const bodyFormat = qEnum(ctx, 'body-format', ['storage', 'atlas_doc_format'] as const);
  const sort = qEnum(ctx, 'sort', COMMENT_SORT) ?? 'created-date';
  parseLimit(ctx.query.get('limit'));
  decodeCursor(ctx.query.get('cursor'), 'comment-children');
  const { c, page } = requireComment(ctx, ctx.params[0], kind, 'id');
  const cs = commentsOf(ctx.store);
  const slice = paginate(sortComments(cs.children(c.id), sort), ctx.query, ctx.apiPath, 'comment-children');
  return listReply(ctx, slice.items.map(r => childCommentJson(ctx, cs, r, page, bodyFormat)), slice.next);
}

function getComment(ctx: Ctx, kind: CommentKind): Reply {
  const format = qEnum(ctx, 'body-format', SINGLE_FORMATS);
  const versionRaw = ctx.query.get('version');
  if (versionRaw !== null && !/^\d{1,9}$/.test(versionRaw)) { throw new ApiError(400, 'INVALID_REQUEST_PARAMETER', "Provided value for 'version' is not the correct type. Expected type is Integer."); }
  const flags = {
    includeVersion: qBool(ctx, 'include-version', true), includeProperties: qBool(ctx, 'include-properties', false),
    includeOperations: qBool(ctx, 'include-operations', false), includeLikes: qBool(ctx, 'include-likes', false),
    includeVersions: qBool(ctx, 'include-versions', false),
  };
  const { c, page } = requireComment(ctx, ctx.params[0], kind);
  const version = versionRaw === null ? undefined : c.versions.find(v => v.number === Number(versionRaw));
  if (versionRaw !== null && !version) { throw notFound(); }
  return { status: 200, body: singleCommentJson(ctx, commentsOf(ctx.store), c, page, { ...flags, format, version, base: true }) };
}

function numericBodyId(body: Record<string, unknown>, name: string): string | undefined {
  const v = optString(body, name);
  if (v !== undefined && !/^\d{1,18}$/.test(v)) { throw badBody(`Invalid message: '${name}' is not a valid id.`); }
  return v;
}

function intProp(o: Record<string, unknown>, name: string, def: number, min: number): number {
  const v = o[name];
  if (v === undefined || v === null) { return def; }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) { throw badBody(`Invalid message: 'inlineCommentProperties.${name}' must be an integer of at least ${min}.`); }
  return v;
}

function createComment(ctx: Ctx, kind: CommentKind): Reply {
  const body = jsonBody(ctx, true) ?? {};
  const pageId = numericBodyId(body, 'pageId');
  const parentId = numericBodyId(body, 'parentCommentId');
  for (const other of kind === 'footer' ? ['blogPostId', 'attachmentId', 'customContentId'] : ['blogPostId']) {
    if (optString(body, other) !== undefined) { throw badBody(`Comments on blog posts, attachments and custom content are not modelled by this emulator ('${other}').`); }
  }
  if (pageId !== undefined && parentId !== undefined) { throw badBody('Give either pageId (a top-level comment) or parentCommentId (a reply), not both.'); }
  if (pageId === undefined && parentId === undefined) { throw badBody("Invalid message: 'pageId' or 'parentCommentId' is required."); }
  if (body.body === undefined || body.body === null) { throw badBody("Invalid message: 'body' is required."); }
  const value = storageBodyFrom(body.body);
  if (value.trim() === '') { throw badBody('A comment cannot be empty.'); }
  const props = body.inlineCommentProperties;
  const cs = commentsOf(ctx.store);
  let created: CommentRecord;
  let page: ContentNode;
  if (parentId !== undefined) {
    if (props !== undefined) { throw badBody('inlineCommentProperties apply to top-level inline comments only, not to replies.'); }
    const parent = requireComment(ctx, parentId, kind, 'parentCommentId');
    page = parent.page;
    created = cs.reply(parent.c, ctx.user.accountId, value);
  } else {
    page = requireNode(ctx, pageId ?? '', ['page']);
    if (kind === 'inline') {
      if (typeof props !== 'object' || props === null || Array.isArray(props)) { throw badBody("Invalid message: 'inlineCommentProperties' is required for a top-level inline comment."); }
      const p = props as Record<string, unknown>;
      const text = p.textSelection;
      if (typeof text !== 'string' || text.length === 0) { throw badBody("Invalid message: 'inlineCommentProperties.textSelection' must be a non-empty string."); }
      const matchCount = intProp(p, 'textSelectionMatchCount', 1, 1);
      const matchIndex = intProp(p, 'textSelectionMatchIndex', 0, 0);
      if (matchIndex >= matchCount) { throw badBody('textSelectionMatchIndex must be less than textSelectionMatchCount.'); }
      try {
        created = cs.addInline(page, { text, matchCount, matchIndex }, ctx.user.accountId, value, randomUUID());
      } catch (e) {
        if (e instanceof AnchorError) { throw badBody(e.message); }
        throw e;
      }
    } else {
      if (props !== undefined) { throw badBody('inlineCommentProperties apply to inline comments only.'); }
      created = cs.add({ kind, pageId: page.id, parentId: null, authorId: ctx.user.accountId, body: value, createdAt: ctx.store.clock.now() });
    }
  }
  return {
    status: 201,
    headers: { Location: `${ctx.siteBase}/api/v2/${kind}-comments/${created.id}` },
    body: singleCommentJson(ctx, cs, created, page, { format: 'storage', base: true }),
  };
}

function updateComment(ctx: Ctx, kind: CommentKind): Reply {
  const body = jsonBody(ctx, true) ?? {};
  const version = body.version;
  if (typeof version !== 'object' || version === null || Array.isArray(version)) { throw badBody("Invalid message: 'version' is required and must be an object."); }
  const vObj = version as Record<string, unknown>;
  const number = vObj.number;
  if (typeof number !== 'number' || !Number.isInteger(number)) { throw badBody("Invalid message: 'version.number' must be an integer."); }
  const message = optString(vObj, 'message') ?? '';
  const resolved = body.resolved;
  if (resolved !== undefined && typeof resolved !== 'boolean') { throw badBody("Invalid message: 'resolved' must be a boolean."); }
  if (resolved !== undefined && kind === 'footer') { throw badBody("'resolved' applies to inline comments only."); }
  const newBody = body.body === undefined || body.body === null ? undefined : storageBodyFrom(body.body);
  if (newBody === undefined && resolved === undefined) { throw badBody("Invalid message: 'body' is required."); }
  if (newBody !== undefined && newBody.trim() === '') { throw badBody('A comment cannot be empty.'); }
  const { c, page } = requireComment(ctx, ctx.params[0], kind);
  const cs = commentsOf(ctx.store);
  if (kind === 'inline' && cs.resolutionOf(c) === 'dangling') {
    throw badBody('A dangling comment cannot be updated: the text it was made on is no longer in the page.');
  }
  if (newBody !== undefined && authorOf(c) !== ctx.user.accountId && !ctx.user.siteAdmin) { throw notFound(); }
  const cur = currentVersion(c);
  if (number !== cur.number + 1) {
    throw new ApiError(409, 'CONFLICT', `Version must be incremented when updating a comment. Current Version: [${cur.number}]. Provided version: [${number}]`, null);
  }
  if (resolved !== undefined) { cs.setResolved(c, resolved, ctx.user.accountId); }
  cs.addVersion(c, { authorId: ctx.user.accountId, body: newBody ?? cur.body, message });
  return { status: 200, body: singleCommentJson(ctx, cs, c, page, { format: 'storage', base: kind === 'inline' }) };
}

function deleteComment(ctx: Ctx, kind: CommentKind): Reply {
  const { c } = requireComment(ctx, ctx.params[0], kind);
  if (authorOf(c) !== ctx.user.accountId && !ctx.user.siteAdmin) { throw notFound(); }
  commentsOf(ctx.store).remove(c);
  return { status: 204 };
}

function routesFor(kind: CommentKind): Route[] {
  const base = `${V2}/${kind}-comments`;
  return [
    { method: 'GET', pattern: new RegExp(`^${V2}/pages/${ID}/${kind}-comments$`), auth: 'required', handler: ctx => listPageComments(ctx, kind) },
    { method: 'GET', pattern: new RegExp(`^${base}$`), auth: 'required', handler: ctx => listAll(ctx, kind) },
    { method: 'POST', pattern: new RegExp(`^${base}$`), auth: 'required', handler: ctx => createComment(ctx, kind) },
    { method: 'GET', pattern: new RegExp(`^${base}/${ID}$`), auth: 'required', handler: ctx => getComment(ctx, kind) },
    { method: 'PUT', pattern: new RegExp(`^${base}/${ID}$`), auth: 'required', handler: ctx => updateComment(ctx, kind) },
    { method: 'DELETE', pattern: new RegExp(`^${base}/${ID}$`), auth: 'required', handler: ctx => deleteComment(ctx, kind) },
    { method: 'GET', pattern: new RegExp(`^${base}/${ID}/children$`), auth: 'required', handler: ctx => children(ctx, kind) },
  ];
}

export const commentRoutes: Route[] = [...routesFor('footer'), ...routesFor('inline'), ...historyRoutes];
