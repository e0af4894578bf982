// What is known about each page's comments: every thread with its replies and the authors' display
// names, read when a document of the page opens (shared by its storage and Markdown documents, and by
// concurrent opens), refreshed when the background version check looks at the page, and kept up to
// date by what the extension itself writes — a reply, a resolution, an edit or a deletion costs its
// own request only, never a re-read. Reading costs max(1, ceil(N/250)) + max(1, ceil(M/250)) listing
// requests plus one /children request per comment (see src/confluence/commentsApi.ts), and one
// users-bulk request for names not known yet.

import type { CommentKind, PageComment, PageComments } from '../confluence/commentsApi';
import type { SiteSession } from '../confluence/siteSession';
import type { PageRepository } from '../pages/pageRepository';
import { pageKey } from '../pages/pageUri';
import type { Logger } from '../util/logger';
import { Listeners } from '../util/listeners';
import { commentCounts, countsSentence } from './model/threadModel';

export interface PageCommentsData {
  comments: PageComments;
  /** Display names by account id (the authors Confluence could name). */
  names: ReadonlyMap<string, string>;
}

export interface PageId { host: string; pageId: string }

export class CommentCache {
  private readonly pages = new Map<string, PageCommentsData>();
  private readonly inflight = new Map<string, Promise<PageCommentsData>>();
  private readonly names = new Map<string, string>();
  private readonly changes = new Listeners<PageId>();

  constructor(private readonly repository: Pick<PageRepository, 'request'>, private readonly log: Pick<Logger, 'debug' | 'info'>) {}

  onDidChange(listener: (page: PageId) => void): { dispose(): void } {
    return this.changes.on(listener);
  }

  get(page: PageId): PageCommentsData | undefined {
    return this.pages.get(pageKey(page.host, page.pageId));
  }

  /** The page's comments: cached, or read (`force`: read again). Concurrent loads share one read. */
  load(session: SiteSession, pageId: string, options: { force?: boolean } = {}): Promise<PageCommentsData> {
    const host = session.site.host;
    const key = pageKey(host, pageId);
    const known = this.pages.get(key);
    if (known && !options.force) { return Promise.resolve(known); }
    let p = this.inflight.get(key);
    if (!p) {
      p = (async () => {
        const comments = await this.repository.request(session, () => session.client.pageComments(pageId));
        const names = await this.namesFor(session, authorsOf([...comments.inline, ...comments.footer]));
        const data = { comments, names };
        this.pages.set(key, data);
        this.log.debug(`[comments] ${host} page ${pageId}: ${comments.inline.length} inline and ${comments.footer.length} footer threads`);
        this.changes.fire({ host, pageId });
        return data;
      })().finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  /** A comment the extension just created: a new thread, or a reply under its parent. */
  added(session: SiteSession, comment: PageComment): void {
    this.edit(session, comment.pageId, (data) => {
      const parent = comment.parentId !== undefined ? find(data.comments, comment.parentId) : undefined;
      if (parent) { parent.replies.push(comment); } else if (comment.parentId === undefined) { data.comments[comment.kind].push(comment); }
    });
  }

  /** A comment the extension just changed (edited, resolved, reopened): its replies stay. */
  updated(session: SiteSession, comment: PageComment): void {
    this.edit(session, comment.pageId, (data) => {
      const known = find(data.comments, comment.id);
      if (known) { Object.assign(known, { ...comment, replies: known.replies, parentId: known.parentId }); }
    });
  }

  /** A comment the extension just deleted, with its replies. */
  removed(session: SiteSession, pageId: string, commentId: string): void {
    this.edit(session, pageId, (data) => {
      const drop = (list: PageComment[]): PageComment[] => list.filter((c) => c.id !== commentId).map((c) => ({ ...c, replies: drop(c.replies) }));
      data.comments = { inline: drop(data.comments.inline), footer: drop(data.comments.footer) };
    });
  }

  /**
   * "2 open comments (1 inline, 1 on the page)" for a page's tooltip: from what is cached, else from
   * the top-level listings alone (no replies needed): max(1, ceil(N/250)) + max(1, ceil(M/250)) requests.
   */
  async countsSentence(session: SiteSession, pageId: string, signal?: AbortSignal): Promise<string> {
    const known = this.get({ host: session.site.host, pageId });
    if (known) { return countsSentence(commentCounts(known.comments)); }
    const roots = async (kind: CommentKind): Promise<PageComment[]> => {
      const all: PageComment[] = [];
      for await (const batch of session.client.pageCommentRoots(pageId, kind, signal ? { signal } : {})) { all.push(...batch); }
      return all;
    };
    const [inline, footer] = await this.repository.request(session, () => Promise.all([roots('inline'), roots('footer')]));
    return countsSentence(commentCounts({ inline, footer }));
  }

  private edit(session: SiteSession, pageId: string, change: (data: PageCommentsData) => void): void {
    const host = session.site.host;
    const data = this.pages.get(pageKey(host, pageId));
    if (!data) { return; }
    this.names.set(`${host}/${session.site.accountId}`, session.site.displayName);
    change(data);
    data.names = new Map([...data.names, [session.site.accountId, session.site.displayName]]);
    this.changes.fire({ host, pageId });
  }

  private async namesFor(session: SiteSession, ids: string[]): Promise<Map<string, string>> {
    const host = session.site.host;
    this.names.set(`${host}/${session.site.accountId}`, session.site.displayName);
    const unknown = ids.filter((id) => !this.names.has(`${host}/${id}`));
    if (unknown.length > 0) {
      try {
        const found = await this.repository.request(session, () => session.client.displayNames(unknown));
        for (const [id, name] of found) { this.names.set(`${host}/${id}`, name); }
      } catch (e) {
        // Names are a nicety: the comments show without them.
        this.log.debug(`[comments] display names on ${host}: ${String(e)}`);
      }
    }
    return new Map(ids.flatMap((id) => {
      const name = this.names.get(`${host}/${id}`);
      return name !== undefined ? [[id, name] as const] : [];
    }));
  }
}

function authorsOf(comments: PageComment[]): string[] {
  const ids = new Set<string>();
  const walk = (c: PageComment): void => {
    if (c.authorId !== undefined) { ids.add(c.authorId); }
    c.replies.forEach(walk);
  };
  comments.forEach(walk);
  return [...ids];
}

function find(comments: PageComments, id: string): PageComment | undefined {
  const walk = (list: PageComment[]): PageComment | undefined => {
    for (const c of list) {
      if (c.id === id) { return c; }
      const inner = walk(c.replies);
      if (inner) { return inner; }
    }
    return undefined;
  };
  return walk(comments.inline) ?? walk(comments.footer);
}
