// The comments part of the control surface: "another person comments now" and the comment state of
// a page for assertions, in-process and over HTTP (POST /__emulator/comment,
// GET /__emulator/comments/{pageId}).

import { randomUUID } from 'node:crypto';
import { AnchorError, authorOf, CommentRecord, commentsOf, currentVersion, ResolutionStatus } from './commentStore';
import type { Reply } from './routeKit';
import type { Emulator } from './server';
import { latest } from './store';

export interface OtherUserComment {
  kind: 'footer' | 'inline' | 'reply';
  /** Storage format. */
  body: string;
  /** For kind 'reply': the comment replied to (its kind decides the reply's). */
  parentId?: string;
  /** For kind 'inline': the text to anchor on, with the match count and index POST /inline-comments takes. */
  textSelection?: string;
  textSelectionMatchCount?: number;
  textSelectionMatchIndex?: number;
  /** Default other@example.com. */
  authorEmail?: string;
}

export interface CommentState {
  id: string; kind: 'footer' | 'inline'; parentId: string | null; authorId: string; version: number; body: string;
  resolutionStatus?: ResolutionStatus; markerRef?: string; originalSelection?: string;
}

export interface CommentControl {
  /** Adds a comment as another user, as if made in the browser; an inline one anchors in the page body (no new page version). */
  addCommentAsOtherUser(pageId: string, comment: OtherUserComment): { id: string; markerRef?: string; pageVersion: number };
  /** Every comment on the page (replies included), oldest first; undefined when there is no such page. */
  comments(pageId: string): CommentState[] | undefined;
}

export function commentControl(emu: Emulator): CommentControl {
  return {
    addCommentAsOtherUser(pageId, comment) {
      const store = emu.store;
      const page = store.content.get(pageId);
      if (!page || page.type !== 'page') { throw new Error(`addCommentAsOtherUser: no page ${pageId}`); }
      const email = comment.authorEmail ?? 'other@example.com';
      const author = store.userByEmail(email);
      if (!author) { throw new Error(`addCommentAsOtherUser: no user ${email}`); }
      const cs = commentsOf(store);
      let created: CommentRecord;
      if (comment.kind === 'reply') {
        const parent = comment.parentId === undefined ? undefined : cs.byId.get(comment.parentId);
        if (!parent || parent.pageId !== pageId) { throw new Error(`addCommentAsOtherUser: no comment ${comment.parentId ?? '(none)'} on page ${pageId}`); }
        created = cs.reply(parent, author.accountId, comment.body);
      } else if (comment.kind === 'inline') {
        if (!comment.textSelection) { throw new Error('addCommentAsOtherUser: an inline comment needs textSelection'); }
        const selection = { text: comment.textSelection, matchCount: comment.textSelectionMatchCount ?? 1, matchIndex: comment.textSelectionMatchIndex ?? 0 };
        try {
          created = cs.addInline(page, selection, author.accountId, comment.body, randomUUID());
        } catch (e) {
          if (e instanceof AnchorError) { throw new Error(`addCommentAsOtherUser: ${e.message}`); }
          throw e;
        }
      } else {
        created = cs.add({ kind: 'footer', pageId, parentId: null, authorId: author.accountId, body: comment.body, createdAt: store.clock.now() });
      }
      const out: { id: string; markerRef?: string; pageVersion: number } = { id: created.id, pageVersion: latest(page).number };
      if (created.markerRef !== undefined) { out.markerRef = created.markerRef; }
      return out;
    },
    comments(pageId) {
      const store = emu.store;
      if (!store.content.get(pageId)) { return undefined; }
      const cs = commentsOf(store);
      return cs.onPage(pageId).map(c => {
        const root = cs.root(c);
        const state: CommentState = {
          id: c.id, kind: c.kind, parentId: c.parentId, authorId: authorOf(c), version: currentVersion(c).number, body: currentVersion(c).body,
        };
        const resolution = cs.resolutionOf(c);
        if (resolution !== undefined) { state.resolutionStatus = resolution; }
        if (root.markerRef !== undefined) { state.markerRef = root.markerRef; }
        if (root.originalSelection !== undefined) { state.originalSelection = root.originalSelection; }
        return state;
      });
    },
  };
}

/** The HTTP form; undefined when the request is not one of these routes. Thrown errors become 400s. */
export function commentControlHttp(control: CommentControl, method: string, path: string, body: Record<string, unknown>): Reply | undefined {
  if (method === 'POST' && path === '/__emulator/comment') {
    const str = (k: string): string | undefined => (typeof body[k] === 'string' ? body[k] : undefined);
    const num = (k: string): number | undefined => (typeof body[k] === 'number' ? body[k] : undefined);
    const pageId = str('pageId');
    const kind = str('kind');
    const text = str('body');
    if (!pageId || (kind !== 'footer' && kind !== 'inline' && kind !== 'reply') || text === undefined) {
      throw new Error('pageId, kind (footer, inline or reply) and body are required');
    }
    const comment: OtherUserComment = { kind, body: text };
    const parentId = str('parentId'); if (parentId !== undefined) { comment.parentId = parentId; }
    const sel = str('textSelection'); if (sel !== undefined) { comment.textSelection = sel; }
    const count = num('textSelectionMatchCount'); if (count !== undefined) { comment.textSelectionMatchCount = count; }
    const index = num('textSelectionMatchIndex'); if (index !== undefined) { comment.textSelectionMatchIndex = index; }
    const author = str('authorEmail'); if (author !== undefined) { comment.authorEmail = author; }
    return { status: 200, body: control.addCommentAsOtherUser(pageId, comment) };
  }
  const m = /^\/__emulator\/comments\/(\d+)$/.exec(path);
  if (method === 'GET' && m?.[1]) {
    const state = control.comments(m[1]);
    return state ? { status: 200, body: state } : { status: 404, body: { errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }] } };
  }
  return undefined;
}
