// A page's comments as the threads a document shows: each top-level inline comment with its replies,
// placed on its marker in the document's text; each footer comment with its replies, at the top. An
// inline thread's state is Confluence's (open, reopened, resolved, dangling), except that an open
// thread whose marker this document's text does not hold (an unsaved edit removed it, or the text is
// older than the comment) is "detached" here: shown at the top, not hidden.

import type { PageComment, PageComments } from '../../confluence/commentsApi';
import type { Anchor } from './anchors';
import { l10n } from '../../util/l10n';

export type ThreadStatus = 'open' | 'resolved' | 'dangling' | 'detached' | 'page';

export interface CommentView {
  id: string;
  kind: 'inline' | 'footer';
  pageId: string;
  /** The comment this one replies to (absent for the thread's first comment). */
  parentId?: string;
  authorId?: string;
  authorName: string;
  /** The signed-in person wrote it (they may edit and delete it). */
  mine: boolean;
  createdAt: string;
  /** Storage format. */
  body: string;
  version: number;
}

export interface ThreadView {
  /** The top-level comment's id: a thread's identity. */
  id: string;
  kind: 'inline' | 'footer';
  status: ThreadStatus;
  /** Where the marked text is in the document; undefined for threads shown at the top. */
  anchor?: Anchor;
  /** Inline threads: the text that was selected when the comment was made. */
  selection?: string;
  label: string;
  /** The top-level comment, then every reply (at any depth), oldest first. */
  comments: CommentView[];
  /** The top-level comment as Confluence answered it (its version is what resolving goes on top of). */
  root: PageComment;
}

export interface ThreadContext {
  /** Markers found in the document's text, by ref. */
  anchors: ReadonlyMap<string, Anchor>;
  names: ReadonlyMap<string, string>;
  /** The signed-in account. */
  me: string;
}

/** Inline threads in document order, then the ones at the top (footer, dangling, detached). */
export function threadViews(comments: PageComments, ctx: ThreadContext): ThreadView[] {
  const inline = comments.inline.map((root) => inlineThread(root, ctx));
  const footer = comments.footer.map((root): ThreadView => ({
    id: root.id, kind: 'footer', status: 'page', label: l10n.t('Page comment'), comments: flatten(root, ctx), root,
  }));
  const anchored = inline.filter((t) => t.anchor).sort((a, b) => (a.anchor?.start ?? 0) - (b.anchor?.start ?? 0));
  return [...anchored, ...footer, ...inline.filter((t) => !t.anchor)];
}

function inlineThread(root: PageComment, ctx: ThreadContext): ThreadView {
  const anchor = root.markerRef !== undefined ? ctx.anchors.get(root.markerRef) : undefined;
  const server = root.resolutionStatus ?? 'open';
  const status: ThreadStatus = server === 'resolved' ? 'resolved' : server === 'dangling' ? 'dangling' : anchor ? 'open' : 'detached';
  const quoted = root.originalSelection !== undefined ? `“${shorten(root.originalSelection, 60)}”`
    : l10n.t({ message: 'its text', comment: ['Stands for the text an inline comment is on, when unknown, in "Open · on …".'] });
  const label = status === 'open' ? l10n.t('Open · on {0}', quoted)
    : status === 'resolved' ? l10n.t('Resolved · on {0}', quoted)
      : status === 'dangling' ? l10n.t('Dangling: the text it was on is gone from the page · was {0}', quoted)
        : l10n.t('Open · its text is not in this document (an unsaved edit removed it, or the page changed) · on {0}', quoted);
  return {
    id: root.id, kind: 'inline', status, ...(anchor && status !== 'dangling' ? { anchor } : {}),
    ...(root.originalSelection !== undefined ? { selection: root.originalSelection } : {}),
    label, comments: flatten(root, ctx), root,
  };
}

function flatten(root: PageComment, ctx: ThreadContext): CommentView[] {
  const out: CommentView[] = [];
  const walk = (c: PageComment): void => {
    out.push({
      id: c.id, kind: c.kind, pageId: c.pageId, ...(c.parentId !== undefined ? { parentId: c.parentId } : {}),
      ...(c.authorId !== undefined ? { authorId: c.authorId } : {}),
      authorName: (c.authorId !== undefined ? ctx.names.get(c.authorId) : undefined) ?? (c.authorId === ctx.me ? l10n.t('You') : l10n.t('Unknown user')),
      mine: c.authorId !== undefined && c.authorId === ctx.me, createdAt: c.createdAt, body: c.body, version: c.version,
    });
    for (const r of c.replies) { walk(r); }
  };
  walk(root);
  return out;
}

/** Counts for a page's tooltip: open inline threads (open or reopened), resolved ones, and footer threads. */
export function commentCounts(comments: Pick<PageComments, 'inline' | 'footer'>): { open: number; resolved: number; footer: number; dangling: number } {
  let open = 0;
  let resolved = 0;
  let dangling = 0;
  for (const c of comments.inline) {
    if (c.resolutionStatus === 'resolved') { resolved++; } else if (c.resolutionStatus === 'dangling') { dangling++; } else { open++; }
  }
  return { open, resolved, footer: comments.footer.length, dangling };
}

/** "2 open comments (1 inline, 1 on the page) · 1 resolved", or "No comments". */
export function countsSentence(c: ReturnType<typeof commentCounts>): string {
  const open = c.open + c.footer;
  if (open + c.resolved + c.dangling === 0) { return l10n.t('No comments'); }
  const parts = [open === 1
    ? l10n.t('1 open comment ({0} inline, {1} on the page)', c.open, c.footer)
    : l10n.t('{0} open comments ({1} inline, {2} on the page)', open, c.open, c.footer)];
  if (c.resolved > 0) { parts.push(l10n.t('{0} resolved', c.resolved)); }
  if (c.dangling > 0) { parts.push(l10n.t('{0} dangling', c.dangling)); }
  return parts.join(' · ');
}

function shorten(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
