// Confluence comments as VS Code comment threads. Every live page document (storage or Markdown) gets
// its page's threads: inline ones on the text their marker wraps, page (footer) comments, dangling
// and detached ones at the top, resolved ones collapsed and marked. VS Code moves the ranges as the
// person types; whenever the text is (re)read — opened, saved, reloaded — the markers are read again
// from it. Comments are read when a document of the page opens and refreshed when the background
// version check looks at the page; nothing polls per thread.

import * as vscode from 'vscode';
import type { PageLayer } from '../pages/pageLayer';
import { CONFLUENCE_SCHEME, parsePageUri, type PageLocation } from '../pages/pageUri';
import type { CommentCache, PageId } from './commentCache';
import { findAnchors, frontMatterEnd } from './model/anchors';
import { displayMarkdown, type CommentConverter } from './model/commentText';
import { threadViews, type CommentView, type ThreadView } from './model/threadModel';

export const COMMENT_CONTROLLER_ID = 'confluence.comments';
const RENDER_DELAY_MS = 100;

/** One thread shown in one document. */
export class ThreadHandle {
  constructor(readonly thread: vscode.CommentThread, public view: ThreadView, readonly document: vscode.Uri, readonly loc: PageLocation) {}
}

/** A comment as VS Code shows it, knowing which Confluence comment it is. */
export class ConfluenceComment implements vscode.Comment {
  body: string | vscode.MarkdownString;
  mode = vscode.CommentMode.Preview;
  readonly author: vscode.CommentAuthorInformation;
  readonly contextValue: string;
  readonly timestamp?: Date;
  readonly label?: string;

  constructor(readonly handle: ThreadHandle, readonly view: CommentView, rendered: string) {
    this.body = safeMarkdown(rendered);
    this.author = { name: view.authorName };
    // Confluence refuses to update a dangling comment, so its edit action is not offered.
    this.contextValue = `${view.kind} ${view.mine ? 'mine' : 'theirs'}${handle.view.status === 'dangling' ? ' dangling' : ''}`;
    const when = new Date(view.createdAt);
    if (!Number.isNaN(when.getTime())) { this.timestamp = when; }
    if (view.parentId !== undefined) { this.label = vscode.l10n.t('reply'); }
  }
}

export interface CommentThreadsDeps {
  pages: PageLayer;
  cache: CommentCache;
  /** The page converter for comment bodies (loaded on first use); undefined shows plain text. */
  converter: () => CommentConverter | undefined;
  log: Pick<vscode.LogOutputChannel, 'debug' | 'info' | 'warn'>;
}

export class CommentThreads implements vscode.Disposable {
  readonly controller: vscode.CommentController;
  private readonly docs = new Map<string, Map<string, ThreadHandle>>();
  private readonly handles = new WeakMap<vscode.CommentThread, ThreadHandle>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: { dispose(): unknown }[] = [];

  constructor(private readonly deps: CommentThreadsDeps) {
    this.controller = vscode.comments.createCommentController(COMMENT_CONTROLLER_ID, 'Confluence');
    this.controller.options = { prompt: vscode.l10n.t('Reply…'), placeHolder: vscode.l10n.t('Write a comment (Markdown)') };
    this.controller.commentingRangeProvider = {
      provideCommentingRanges: (document) => {
        const loc = liveLocation(document.uri);
        if (!loc) { return undefined; }
        const text = document.getText();
        const start = document.positionAt(loc.format === 'markdown' ? frontMatterEnd(text) : 0);
        return [new vscode.Range(start, document.positionAt(text.length))];
      },
    };
    this.subscriptions.push(
      this.controller,
      vscode.workspace.onDidOpenTextDocument((d) => this.track(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.untrack(d.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d.uri)),
      // A clean document changed: it was (re)read from Confluence, so its markers are read again.
      vscode.workspace.onDidChangeTextDocument((e) => { if (!e.document.isDirty && e.contentChanges.length > 0) { this.schedule(e.document.uri); } }),
      deps.cache.onDidChange((page) => this.renderPage(page)),
      deps.pages.onDidCheck((loc) => { void this.refresh(loc); }),
    );
    for (const d of vscode.workspace.textDocuments) { this.track(d); }
  }

  /** Sites signed in or out: documents of a new site get their threads, those of a site gone lose them. */
  sessionsChanged(): void {
    for (const uri of [...this.docs.keys()]) {
      const loc = liveLocation(vscode.Uri.parse(uri));
      if (!loc || !this.deps.pages.repository.sessionIfAny(loc)) { this.untrack(vscode.Uri.parse(uri)); }
    }
    for (const d of vscode.workspace.textDocuments) { this.track(d); }
  }

  /** The threads shown in a document (tests, the Show Comments list). */
  threadsOf(document: vscode.Uri): ThreadHandle[] {
    return [...(this.docs.get(document.toString())?.values() ?? [])];
  }

  /** Our handle of a thread VS Code passes to a command; undefined for a new, empty thread. */
  handleOf(thread: vscode.CommentThread): ThreadHandle | undefined {
    return this.handles.get(thread);
  }

  /** Reads the page's comments again and shows them (the version check, a command's Refresh). */
  async refresh(loc: Pick<PageLocation, 'host' | 'pageId'>): Promise<void> {
    const docs = this.documentsOf(loc);
    const session = this.deps.pages.repository.sessionIfAny(loc);
    if (docs.length === 0 || !session) { return; }
    try {
      const data = await this.deps.cache.load(session, loc.pageId, { force: true });
      // An open thread whose marker the cached body lacks: Confluence changed the body in place
      // (someone commented) without a new version. The body is read again, clean documents re-read,
      // and a dirty one's save sees the marker it would remove.
      const { repository } = this.deps.pages;
      const latest = repository.latestMeta({ ...loc });
      const body = latest ? repository.cachedBody({ ...loc }, latest.meta.version) : undefined;
      const anchors = body ? findAnchors(body.text) : undefined;
      const live = data.comments.inline.filter((c) => c.markerRef !== undefined && (c.resolutionStatus === 'open' || c.resolutionStatus === 'reopened'));
      if (anchors && live.some((c) => !anchors.has(c.markerRef ?? ''))) {
        this.deps.log.info(`[comments] ${loc.host} page ${loc.pageId}: a comment was anchored without a new version; reading the page again`);
        this.deps.pages.bodyChangedInPlace(loc);
      }
    } catch (e) {
      this.deps.log.debug(`[comments] refresh of ${loc.host} page ${loc.pageId}: ${String(e)}`);
    }
  }

  /** A new, empty thread on a range of a document, open for typing (Add Inline Comment). */
  startThread(document: vscode.Uri, range: vscode.Range): vscode.CommentThread {
    const thread = this.controller.createCommentThread(document, range, []);
    thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    thread.canReply = true;
    return thread;
  }

  /** Shows the thread expanded (Show Comments). */
  expand(handle: ThreadHandle): void {
    handle.thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
  }

  /** Shows a comment's new mode or body (Edit, Cancel): VS Code re-reads a thread's comments when they are set. */
  touch(comment: ConfluenceComment): void {
    comment.handle.thread.comments = [...comment.handle.thread.comments];
  }

  rendered(view: CommentView, names: ReadonlyMap<string, string>): string {
    return displayMarkdown(view.body, this.deps.converter(), names);
  }

  dispose(): void {
    for (const t of this.pending.values()) { clearTimeout(t); }
    for (const uri of [...this.docs.keys()]) { this.untrack(vscode.Uri.parse(uri)); }
    for (const s of this.subscriptions) { s.dispose(); }
  }

  private track(document: vscode.TextDocument): void {
    const loc = liveLocation(document.uri);
    const session = loc ? this.deps.pages.repository.sessionIfAny(loc) : undefined;
    if (!loc || !session || this.docs.has(document.uri.toString())) { return; }
    this.docs.set(document.uri.toString(), new Map());
    this.deps.cache.load(session, loc.pageId).then(() => this.render(document.uri), (e: unknown) => {
      this.deps.log.warn(`[comments] could not read the comments of ${loc.host} page ${loc.pageId}: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  private untrack(uri: vscode.Uri): void {
    const threads = this.docs.get(uri.toString());
    this.docs.delete(uri.toString());
    for (const h of threads?.values() ?? []) { h.thread.dispose(); }
  }

  private schedule(uri: vscode.Uri): void {
    const key = uri.toString();
    if (!this.docs.has(key)) { return; }
    const old = this.pending.get(key);
    if (old) { clearTimeout(old); }
    this.pending.set(key, setTimeout(() => { this.pending.delete(key); this.render(uri); }, RENDER_DELAY_MS));
  }

  private renderPage(page: PageId): void {
    for (const d of this.documentsOf(page)) { this.render(d.uri); }
  }

  private documentsOf(page: Pick<PageLocation, 'host' | 'pageId'>): vscode.TextDocument[] {
    return vscode.workspace.textDocuments.filter((d) => {
      const loc = this.docs.has(d.uri.toString()) ? liveLocation(d.uri) : undefined;
      return loc?.host === page.host && loc.pageId === page.pageId;
    });
  }

  private render(uri: vscode.Uri): void {
    const threads = this.docs.get(uri.toString());
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const loc = liveLocation(uri);
    const session = loc ? this.deps.pages.repository.sessionIfAny(loc) : undefined;
    const data = loc ? this.deps.cache.get(loc) : undefined;
    if (!threads || !document || !loc || !session || !data) { return; }
    const views = threadViews(data.comments, { anchors: findAnchors(document.getText()), names: data.names, me: session.site.accountId });
    const seen = new Set<string>();
    for (const view of views) {
      seen.add(view.id);
      const range = view.anchor ? new vscode.Range(document.positionAt(view.anchor.start), document.positionAt(view.anchor.end)) : new vscode.Range(0, 0, 0, 0);
      const known = threads.get(view.id);
      if (known) {
        const statusChanged = known.view.status !== view.status;
        known.view = view;
        known.thread.range = range;
        this.dress(known, data.names, statusChanged);
      } else {
        const handle = new ThreadHandle(this.controller.createCommentThread(uri, range, []), view, uri, loc);
        this.handles.set(handle.thread, handle);
        threads.set(view.id, handle);
        this.dress(handle, data.names, true);
      }
    }
    for (const [id, h] of threads) {
      if (!seen.has(id)) { h.thread.dispose(); threads.delete(id); }
    }
  }

  private dress(handle: ThreadHandle, names: ReadonlyMap<string, string>, setCollapse: boolean): void {
    const { thread, view } = handle;
    thread.label = view.label;
    thread.contextValue = `${view.kind} ${view.status}`;
    thread.canReply = true;
    if (view.kind === 'inline') {
      thread.state = view.status === 'resolved' ? vscode.CommentThreadState.Resolved : vscode.CommentThreadState.Unresolved;
    }
    if (setCollapse) {
      thread.collapsibleState = view.status === 'open' ? vscode.CommentThreadCollapsibleState.Expanded : vscode.CommentThreadCollapsibleState.Collapsed;
    }
    const editing = new Map(thread.comments.filter((c): c is ConfluenceComment => c instanceof ConfluenceComment && c.mode === vscode.CommentMode.Editing)
      .map((c) => [c.view.id, c]));
    thread.comments = view.comments.map((c) => editing.get(c.id) ?? new ConfluenceComment(handle, c, this.rendered(c, names)));
  }
}

/** Untrusted Markdown: no command links, no HTML, no theme icons from server text. */
export function safeMarkdown(value: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(value, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/** The live page a document shows (not a read-only version view); undefined for any other document. */
export function liveLocation(uri: vscode.Uri): PageLocation | undefined {
  if (uri.scheme !== CONFLUENCE_SCHEME) { return undefined; }
  try {
    const loc = parsePageUri(uri);
    return loc.version === undefined ? loc : undefined;
  } catch {
    return undefined;
  }
}
