// Comments on a page: inline comments (anchored to a text selection, with a resolution status) and
// footer comments, each with its replies; creating, replying, editing on top of a known version,
// resolving/reopening and deleting. All v2.
//
// Cost of reading every thread. v2 lists a page's top-level comments only, and nothing in a listed
// comment says whether it has replies (no count, no include-children; the v1 child/comment listing
// with depth=all is gone from Cloud's v1 document). So replies cost one /children request per
// comment: a page with N inline and M footer top-level comments and R replies in all takes
// max(1, ceil(N/250)) + max(1, ceil(M/250)) + N + M + R requests (each comment's replies fitting in
// 250). The listings go out together and the /children requests a few at a time, so the wall time is
// far below the count. Callers that can show top-level comments first use pageCommentRoots and
// commentReplies directly.

import * as z from 'zod/mini';
import { numericId, PAGE_LIMIT, V2, type ConfluenceApi } from './api';
import { ConfluenceError } from './errors';
import { compact, type Batch, type RequestOptions } from './types';
import { l10n } from '../util/l10n';

export type CommentKind = 'inline' | 'footer';
export type ResolutionStatus = 'open' | 'reopened' | 'resolved' | 'dangling';

export interface PageComment {
  id: string;
  kind: CommentKind;
  pageId: string;
  /** The comment this one replies to; absent on top-level comments. */
  parentId?: string;
  /** Author of the current version: the comment's author unless someone else (an admin) edited it. */
  authorId?: string;
  /** When the current version was written, i.e. the creation time unless the comment was edited (v2 lists no separate creation time). */
  createdAt: string;
  /** The comment's own version number: edits and resolution changes go on top of it. */
  version: number;
  /** Storage format. */
  body: string;
  /** Inline comments (replies report their thread's). */
  resolutionStatus?: ResolutionStatus;
  /** Inline comments: the ac:ref of the <ac:inline-comment-marker> in the page body. */
  markerRef?: string;
  /** Inline comments: the text selected when the comment was made. */
  originalSelection?: string;
  webUrl?: string;
  /** Oldest first; filled by pageComments and commentReplies, empty on single answers. */
  replies: PageComment[];
}

export interface PageComments { inline: PageComment[]; footer: PageComment[] }

/** What an operation needs to know of a comment. */
export type CommentRef = Pick<PageComment, 'id' | 'kind'>;
export type ThreadRef = Pick<PageComment, 'id' | 'kind' | 'pageId'>;
export type VersionedComment = Pick<PageComment, 'id' | 'kind' | 'version' | 'pageId'>;

export interface InlineSelection {
  /** The exact text to highlight, as the page shows it (not storage markup). */
  text: string;
  /** How often `text` occurs on the page. Confluence refuses the comment if this is wrong. */
  matchCount: number;
  /** Zero-based: which occurrence to anchor on. */
  matchIndex: number;
}

// ---- schemas -------------------------------------------------------------------------------------

const str = z.string();
const optStr = z.nullish(z.string());

const CommentSchema = z.object({
  id: str,
  pageId: optStr,
  parentCommentId: optStr,
  version: z.object({ number: z.int(), createdAt: optStr, authorId: optStr }),
  body: z.nullish(z.object({ storage: z.nullish(z.object({ value: str })) })),
  resolutionStatus: optStr,
  properties: z.nullish(z.object({ inlineMarkerRef: optStr, inlineOriginalSelection: optStr })),
  _links: z.nullish(z.object({ webui: optStr, base: optStr })),
});
type RawComment = z.infer<typeof CommentSchema>;

const CommentListSchema = z.object({
  results: z.array(CommentSchema),
  _links: z.nullish(z.object({ next: optStr, base: optStr })),
});

const RESOLUTIONS: ReadonlySet<string> = new Set<ResolutionStatus>(['open', 'reopened', 'resolved', 'dangling']);

interface ListContext { pageId: string; parentId?: string; base?: string | null; body?: string }

function toComment(api: ConfluenceApi, c: RawComment, kind: CommentKind, context: ListContext): PageComment {
  const resolution = c.resolutionStatus ?? undefined;
  return compact<PageComment>({
    id: c.id, kind, pageId: c.pageId ?? context.pageId, parentId: c.parentCommentId ?? context.parentId,
    authorId: c.version.authorId ?? undefined, createdAt: c.version.createdAt ?? '', version: c.version.number,
    // Create and update answers may leave the body out; it is then the one just written.
    body: c.body?.storage?.value ?? context.body ?? '',
    resolutionStatus: resolution !== undefined && RESOLUTIONS.has(resolution) ? resolution as ResolutionStatus : undefined,
    markerRef: c.properties?.inlineMarkerRef ?? undefined, originalSelection: c.properties?.inlineOriginalSelection ?? undefined,
    webUrl: api.webUrl(c._links?.webui, c._links?.base ?? context.base), replies: [],
  });
}

const collection = (kind: CommentKind): string => `${V2}/${kind}-comments`;
const LIST_QUERY = { 'body-format': 'storage', limit: PAGE_LIMIT, sort: 'created-date' };

// ---- reading -------------------------------------------------------------------------------------

/** A page's top-level comments of one kind, oldest first, in batches of up to 250 (one request each). */
export function pageCommentRoots(api: ConfluenceApi, pageId: string, kind: CommentKind, o?: RequestOptions): AsyncIterable<Batch<PageComment>> {
  const id = numericId(pageId, 'page');
  const url = api.url(`${V2}/pages/${id}/${kind}-comments`, LIST_QUERY);
  return api.paginate(url, CommentListSchema, o, (body) => body.results.map((c) => toComment(api, c, kind, { pageId: id, base: body._links?.base })));
}

/** The direct replies to a comment, oldest first (their own replies not filled in). */
export async function commentReplies(api: ConfluenceApi, parent: ThreadRef, o?: RequestOptions): Promise<PageComment[]> {
  const url = api.url(`${collection(parent.kind)}/${numericId(parent.id, 'comment')}/children`, LIST_QUERY);
  const out: PageComment[] = [];
  const batches = api.paginate(url, CommentListSchema, o,
    (body) => body.results.map((c) => toComment(api, c, parent.kind, { pageId: parent.pageId, parentId: parent.id, base: body._links?.base })));
  for await (const batch of batches) { out.push(...batch); }
  return out;
}

/** Every inline and footer thread of a page, replies nested (at any depth), oldest first. */
export async function pageComments(api: ConfluenceApi, pageId: string, o: RequestOptions & { concurrency?: number } = {}): Promise<PageComments> {
  const collect = async (kind: CommentKind): Promise<PageComment[]> => {
    const all: PageComment[] = [];
    for await (const batch of pageCommentRoots(api, pageId, kind, o)) { all.push(...batch); }
    return all;
  };
  const [inline, footer] = await Promise.all([collect('inline'), collect('footer')]);
  await fillReplies(api, [...inline, ...footer], o, Math.max(1, o.concurrency ?? 4));
  return { inline, footer };
}

/** Breadth first, up to `concurrency` /children requests at once; the first failure fails the read. */
function fillReplies(api: ConfluenceApi, start: PageComment[], o: RequestOptions, concurrency: number): Promise<void> {
  const queue = [...start];
  return new Promise<void>((resolve, reject) => {
    let active = 0;
    let failed = false;
    const pump = (): void => {
      if (failed) { return; }
      if (active === 0 && queue.length === 0) { resolve(); return; }
      while (active < concurrency) {
        const parent = queue.shift();
        if (parent === undefined) { break; }
        active++;
        commentReplies(api, parent, o).then((replies) => {
          parent.replies = replies;
          queue.push(...replies);
          active--;
          pump();
        }, (e: unknown) => {
          failed = true;
          reject(e instanceof Error ? e : new Error(String(e)));
        });
      }
    };
    pump();
  });
}

/** One comment (without its replies). */
export async function getComment(api: ConfluenceApi, ref: CommentRef, o?: RequestOptions): Promise<PageComment> {
  const path = `${collection(ref.kind)}/${numericId(ref.id, 'comment')}`;
  const c = await api.getJson(path, CommentSchema, { ...o, query: { 'body-format': 'storage' } });
  return toComment(api, c, ref.kind, { pageId: c.pageId ?? '' });
}

// ---- writing -------------------------------------------------------------------------------------

function storageBody(value: string): { representation: 'storage'; value: string } {
  if (value.trim() === '') { throw new ConfluenceError('invalidInput', l10n.t('A comment cannot be empty.')); }
  return { representation: 'storage', value };
}

async function post(api: ConfluenceApi, kind: CommentKind, request: Record<string, unknown>, body: string, pageId: string,
  o?: RequestOptions): Promise<PageComment> {
  const c = await api.sendJson('POST', collection(kind), CommentSchema, { ...o, body: request });
  return toComment(api, c, kind, { pageId, body });
}

export async function createFooterComment(api: ConfluenceApi, pageId: string, body: string, o?: RequestOptions): Promise<PageComment> {
  const id = numericId(pageId, 'page');
  return post(api, 'footer', { pageId: id, body: storageBody(body) }, body, id, o);
}

/** A reply goes to the parent's kind of comment; the parent says where it lives, so no page id is sent. */
export async function replyToComment(api: ConfluenceApi, parent: ThreadRef, body: string, o?: RequestOptions): Promise<PageComment> {
  const c = await post(api, parent.kind, { parentCommentId: numericId(parent.id, 'comment'), body: storageBody(body) }, body, parent.pageId, o);
  return c.parentId === undefined ? { ...c, parentId: parent.id } : c;
}

/**
 * Anchors a new inline comment on occurrence `matchIndex` of `text`. Confluence wraps that text in a
 * marker in the page body WITHOUT creating a page version, so an editor holding the body it read
 * earlier will not see the change through the version number; re-read the body before saving.
 */
export async function createInlineComment(api: ConfluenceApi, pageId: string, body: string, selection: InlineSelection,
  o?: RequestOptions): Promise<PageComment> {
  const id = numericId(pageId, 'page');
  const { text, matchCount, matchIndex } = selection;
  if (text.trim() === '') { throw new ConfluenceError('invalidInput', l10n.t('Select some text on the page to comment on.')); }
  if (!Number.isInteger(matchCount) || matchCount < 1 || !Number.isInteger(matchIndex) || matchIndex < 0 || matchIndex >= matchCount) {
    throw new ConfluenceError('invalidInput',
      l10n.t('The selection\'s match index ({0}) must be a whole number below its match count ({1}).', String(matchIndex), String(matchCount)));
  }
  const inlineCommentProperties = { textSelection: text, textSelectionMatchCount: matchCount, textSelectionMatchIndex: matchIndex };
  const request = { pageId: id, body: storageBody(body), inlineCommentProperties };
  return post(api, 'inline', request, body, id, o);
}

async function put(api: ConfluenceApi, ref: VersionedComment, request: Record<string, unknown>, fallbackBody: string | undefined,
  o?: RequestOptions): Promise<PageComment> {
  if (!Number.isInteger(ref.version) || ref.version < 1) {
    throw new ConfluenceError('invalidInput', l10n.t('A comment\'s version must be a positive whole number (got {0}).', String(ref.version)));
  }
  const c = await api.sendJson('PUT', `${collection(ref.kind)}/${numericId(ref.id, 'comment')}`, CommentSchema,
    { ...o, body: { ...request, version: { number: ref.version + 1 } } });
  return toComment(api, c, ref.kind, { pageId: ref.pageId, ...(fallbackBody !== undefined ? { body: fallbackBody } : {}) });
}

/** Writes the new body on top of the version the caller read; a stale one is a conflict (409). */
export function editComment(api: ConfluenceApi, comment: VersionedComment, body: string, o?: RequestOptions): Promise<PageComment> {
  return put(api, comment, { body: storageBody(body) }, body, o);
}

/** Resolves or reopens an inline comment's thread (on top of the comment version the caller read). */
export async function setCommentResolved(api: ConfluenceApi, comment: VersionedComment & Pick<PageComment, 'body'>, resolved: boolean,
  o?: RequestOptions): Promise<PageComment> {
  if (comment.kind !== 'inline') { throw new ConfluenceError('invalidInput', l10n.t('Only inline comments can be resolved.')); }
  return put(api, comment, { resolved }, comment.body, o);
}

/** Permanent, replies included. */
export async function deleteComment(api: ConfluenceApi, comment: CommentRef, o?: RequestOptions): Promise<void> {
  await api.call('DELETE', `${collection(comment.kind)}/${numericId(comment.id, 'comment')}`, o ?? {});
}
