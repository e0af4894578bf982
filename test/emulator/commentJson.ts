// JSON shapes of comments, as the v2 document declares them: PageCommentModel / PageInlineCommentModel
// in a page's listings, ChildrenCommentModel / InlineCommentChildrenModel under /children, and
// FooterCommentModel / InlineCommentModel for single comments. Titles are "Re: <page title>" and the
// version carries the author and time, as on real sites (see CONFCLOUD-77788's sample response).

import { authorOf, CommentRecord, CommentStore, CommentVersion, currentVersion } from './commentStore';
import { bodyFor, iso, pageWebui, space, type Ctx } from './routeKit';
import { ContentNode, StoredVersion, titleOf } from './store';

export function commentVersionJson(v: CommentVersion): Record<string, unknown> {
  return { createdAt: iso(v.createdAt), message: v.message, number: v.number, minorEdit: false, authorId: v.authorId };
}

/** Bodies in any format pages support; `view` is the same approximate rendering as for pages. */
function commentBody(ctx: Ctx, page: ContentNode, v: CommentVersion, format: string | undefined): Record<string, unknown> {
  const asVersion: StoredVersion = { number: v.number, createdAt: v.createdAt, authorId: v.authorId, message: v.message, minorEdit: false, title: '', body: v.body, adminKeyUsed: false };
  return bodyFor(ctx, page, asVersion, format);
}

function links(ctx: Ctx, c: CommentRecord, page: ContentNode): Record<string, string> {
  return { webui: `${pageWebui(space(ctx, page), page)}?focusedCommentId=${c.id}` };
}

function inlineFields(cs: CommentStore, c: CommentRecord): Record<string, unknown> {
  const root = cs.root(c);
  const props: Record<string, unknown> = {};
  if (root.markerRef !== undefined) { props.inlineMarkerRef = root.markerRef; }
  if (root.originalSelection !== undefined) { props.inlineOriginalSelection = root.originalSelection; }
  return { resolutionStatus: cs.resolutionOf(c), properties: props };
}

/** An item of GET /pages/{id}/footer-comments or /inline-comments (top-level comments only). */
export function pageCommentJson(ctx: Ctx, cs: CommentStore, c: CommentRecord, page: ContentNode, format: string | undefined): Record<string, unknown> {
  const v = currentVersion(c);
  const out: Record<string, unknown> = {
    id: c.id, status: 'current', title: `Re: ${titleOf(page)}`, pageId: page.id,
    version: commentVersionJson(v), body: commentBody(ctx, page, v, format),
  };
  if (c.kind === 'inline') { Object.assign(out, inlineFields(cs, c)); }
  out._links = links(ctx, c, page);
  return out;
}

/** An item of GET /{kind}-comments/{id}/children. */
export function childCommentJson(ctx: Ctx, cs: CommentStore, c: CommentRecord, page: ContentNode, format: string | undefined): Record<string, unknown> {
  const v = currentVersion(c);
  const out: Record<string, unknown> = {
    id: c.id, status: 'current', title: `Re: ${titleOf(page)}`, parentCommentId: c.parentId ?? undefined,
    version: commentVersionJson(v), body: commentBody(ctx, page, v, format),
  };
  if (c.kind === 'inline') { Object.assign(out, inlineFields(cs, c)); }
  out._links = links(ctx, c, page);
  return out;
}

export interface SingleOptions {
  format?: string;
  /** A specific comment version (status "historical" unless it is the current one). */
  version?: CommentVersion;
  includeVersion?: boolean;
  includeProperties?: boolean;
  includeOperations?: boolean;
  includeLikes?: boolean;
  includeVersions?: boolean;
  /** Add _links.base (the GET and POST answers declare it; PUT of a footer comment does not). */
  base?: boolean;
}

const emptyMeta = { hasMore: false };

/** GET /{kind}-comments/{id}, and the answers of POST and PUT. */
export function singleCommentJson(ctx: Ctx, cs: CommentStore, c: CommentRecord, page: ContentNode, o: SingleOptions = {}): Record<string, unknown> {
  const cur = currentVersion(c);
  const v = o.version ?? cur;
  const out: Record<string, unknown> = {
    id: c.id, status: v === cur ? 'current' : 'historical', title: `Re: ${titleOf(page)}`, pageId: page.id,
  };
  if (c.parentId !== null) { out.parentCommentId = c.parentId; }
  if (o.includeVersion !== false) { out.version = commentVersionJson(v); }
  out.body = commentBody(ctx, page, v, o.format);
  if (c.kind === 'inline') {
    const root = cs.root(c);
    const fields = inlineFields(cs, c);
    if (root.resolutionBy !== undefined && root.resolutionAt !== undefined) {
      out.resolutionLastModifierId = root.resolutionBy;
      out.resolutionLastModifiedAt = iso(root.resolutionAt);
    }
    out.resolutionStatus = fields.resolutionStatus;
    const props = fields.properties as Record<string, unknown>;
    out.properties = o.includeProperties ? { results: [], meta: emptyMeta, _links: {}, ...props } : props;
  } else if (o.includeProperties) {
    out.properties = { results: [], meta: emptyMeta, _links: {} };
  }
  if (o.includeOperations) {
    const ops = [{ operation: 'read', targetType: 'comment' }];
    if (authorOf(c) === ctx.user.accountId || ctx.user.siteAdmin) { ops.push({ operation: 'update', targetType: 'comment' }, { operation: 'delete', targetType: 'comment' }); }
    out.operations = { results: ops, meta: emptyMeta, _links: {} };
  }
  if (o.includeLikes) { out.likes = { results: [], meta: emptyMeta, _links: {} }; }
  if (o.includeVersions) {
    const newest = [...c.versions].reverse();
    out.versions = { results: newest.slice(0, 50).map(commentVersionJson), meta: { hasMore: newest.length > 50 }, _links: {} };
  }
  const l = links(ctx, c, page);
  out._links = o.base ? { ...l, base: ctx.siteBase } : l;
  return out;
}
