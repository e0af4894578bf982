// What people do with comments from the editor: reply, resolve or reopen a thread, edit or delete their
// own comment, comment on selected text, add a page (footer) comment. Each action is one request (a new
// inline comment also reads the page once, to anchor on exactly the text Confluence has) and updates
// the cached comments, so nothing is read again.

import * as vscode from 'vscode';
import type { PageComment } from '../confluence/commentsApi';
import { ConfluenceError } from '../confluence/errors';
import type { SiteSession } from '../confluence/siteSession';
import { factsOf, type FormatCodec } from '../pages/documentFormats';
import type { PageLayer } from '../pages/pageLayer';
import type { PageRef } from '../pages/pageRefs';
import type { PageLocation } from '../pages/pageUri';
import { withProgress } from '../platform/progress';
import type { Prompts } from '../platform/prompts';
import { UserMessage } from '../platform/userMessage';
import type { CommentCache } from './commentCache';
import { ConfluenceComment, liveLocation, safeMarkdown, type CommentThreads } from './commentThreads';
import { editableText, previewLine, storageFromInput, type CommentConverter } from './model/commentText';
import { selectionInMarkdown, selectionInStorage, type SelectionResult } from './model/inlineSelection';

export interface CommentActionsDeps {
  pages: PageLayer;
  cache: CommentCache;
  threads: CommentThreads;
  prompts: Prompts;
  converter: () => CommentConverter | undefined;
  /** The Markdown form's codec (the converter, loaded on first use), to map a selection made in a Markdown document. */
  markdownCodec: () => FormatCodec;
  log: Pick<vscode.LogOutputChannel, 'info' | 'warn'>;
}

export class CommentActions {
  constructor(private readonly deps: CommentActionsDeps) {}

  /** The "Reply" button of a thread (or "Add Comment" on a new thread made with the gutter's +). */
  async reply(reply: vscode.CommentReply): Promise<PageComment | undefined> {
    const handle = this.deps.threads.handleOf(reply.thread);
    if (!handle) { return this.createInline(reply); }
    const session = this.session(handle.loc);
    const root = handle.view.root;
    const body = this.storage(reply.text);
    const created = await this.request(session, () => session.client.replyToComment({ id: root.id, kind: root.kind, pageId: root.pageId }, body));
    this.deps.log.info(`[comments] replied to ${root.kind} comment ${root.id} on ${session.site.host} page ${root.pageId}`);
    this.deps.cache.added(session, created);
    return created;
  }

  /** "Add Comment" on a new thread: an inline comment anchored on the thread's range. */
  async createInline(reply: vscode.CommentReply): Promise<PageComment | undefined> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === reply.thread.uri.toString());
    if (!document || !reply.thread.range) { throw new UserMessage(vscode.l10n.t('Select the text to comment on in a Confluence page editor first.')); }
    const created = await this.addInline(document, reply.thread.range, reply.text);
    reply.thread.dispose();
    return created;
  }

  /**
   * `Confluence: Add Inline Comment`: with `text`, comments on the editor's selection at once; without,
   * opens an empty thread on the selection for the person to type in.
   */
  async startInline(text?: string): Promise<PageComment | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !liveLocation(editor.document.uri) || editor.selection.isEmpty) {
      throw new UserMessage(vscode.l10n.t('Select the text to comment on in a Confluence page editor first.'));
    }
    if (text !== undefined) { return this.addInline(editor.document, editor.selection, text); }
    this.deps.threads.startThread(editor.document.uri, editor.selection);
    return undefined;
  }

  async setResolved(thread: vscode.CommentThread, resolved: boolean): Promise<PageComment> {
    const handle = this.deps.threads.handleOf(thread);
    if (handle?.view.kind !== 'inline') { throw new UserMessage(vscode.l10n.t('Only inline comments can be resolved.')); }
    const session = this.session(handle.loc);
    const root = handle.view.root;
    const updated = await this.request(session, () => session.client.setCommentResolved(root, resolved));
    this.deps.log.info(`[comments] ${resolved ? 'resolved' : 'reopened'} comment ${root.id} on ${session.site.host} page ${root.pageId}`);
    // Confluence records the resolution as a new version of the comment, by whoever resolved it; the
    // comment is still its author's, with its text of then.
    this.deps.cache.updated(session, { ...updated, ...(root.authorId !== undefined ? { authorId: root.authorId } : {}), createdAt: root.createdAt, replies: [] });
    return updated;
  }

  /** Puts the person's own comment into editing mode. */
  edit(comment: ConfluenceComment): void {
    if (comment.handle.view.status === 'dangling') {
      throw new UserMessage(vscode.l10n.t('Confluence does not let a dangling comment (its text is gone from the page) be changed. You can still reply to it or delete it.'));
    }
    const text = editableText(comment.view.body, this.deps.converter());
    if (text === undefined) {
      throw new UserMessage(vscode.l10n.t('This comment holds more than text and Markdown can say (a mention, an image, a macro…), which an edit here would lose. Edit it in Confluence (Open in Browser).'));
    }
    comment.body = text;
    comment.mode = vscode.CommentMode.Editing;
    this.deps.threads.touch(comment);
  }

  /** "Save" of an edited comment: the new body on top of the comment version that was shown. */
  async saveEdit(comment: ConfluenceComment): Promise<PageComment | undefined> {
    const text = typeof comment.body === 'string' ? comment.body : comment.body.value;
    const session = this.session(comment.handle.loc);
    const { id, kind, pageId, version } = comment.view;
    let updated: PageComment;
    try {
      updated = await this.request(session, () => session.client.editComment({ id, kind, pageId, version }, this.storage(text)));
    } catch (e) {
      if (!ConfluenceError.is(e, 'conflict')) { throw e; }
      void this.deps.threads.refresh(comment.handle.loc);
      throw new UserMessage(vscode.l10n.t('Not saved: the comment was changed elsewhere since it was shown. It has been read again; edit it once more.'));
    }
    // Out of editing: the thread is drawn again from the updated comment.
    comment.mode = vscode.CommentMode.Preview;
    this.deps.cache.updated(session, { ...updated, replies: [] });
    return updated;
  }

  cancelEdit(comment: ConfluenceComment): void {
    const data = this.deps.cache.get(comment.handle.loc);
    comment.body = safeMarkdown(this.deps.threads.rendered(comment.view, data?.names ?? new Map()));
    comment.mode = vscode.CommentMode.Preview;
    this.deps.threads.touch(comment);
  }

  /** Deletes the person's own comment (and its replies) after a confirmation. */
  async delete(comment: ConfluenceComment): Promise<boolean> {
    const { id, kind, pageId } = comment.view;
    const below = new Set([id]);
    for (const c of comment.handle.view.comments) { if (c.parentId !== undefined && below.has(c.parentId)) { below.add(c.id); } }
    if (!await this.deps.prompts.confirmDeleteComment(previewLine(comment.view.body, undefined, 60), below.size - 1)) { return false; }
    const session = this.session(comment.handle.loc);
    await this.request(session, () => session.client.deleteComment({ id, kind }));
    this.deps.log.info(`[comments] deleted ${kind} comment ${id} on ${session.site.host} page ${pageId}`);
    this.deps.cache.removed(session, pageId, id);
    return true;
  }

  /** `Confluence: Add Page Comment…`: a footer comment on the page. */
  async addPageComment(ref: PageRef, text?: string): Promise<PageComment | undefined> {
    const typed = text ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Add Page Comment'), prompt: vscode.l10n.t('A comment on the whole page (Markdown). It appears below the page for everyone who can read it.'),
      ignoreFocusOut: true, validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Type a comment.') : undefined),
    });
    if (typed === undefined || typed.trim() === '') { return undefined; }
    const session = ref.session;
    const created = await this.request(session, () => session.client.createFooterComment(ref.pageId, this.storage(typed)));
    this.deps.log.info(`[comments] added a page comment to ${session.site.host} page ${ref.pageId}`);
    this.deps.cache.added(session, created);
    return created;
  }

  /**
   * An inline comment on `range` of a page document. The editor must show exactly what Confluence has:
   * Confluence finds the text by occurrence in the page as it is now.
   */
  private async addInline(document: vscode.TextDocument, range: vscode.Range, text: string): Promise<PageComment> {
    const loc = liveLocation(document.uri);
    if (!loc) { throw new UserMessage(vscode.l10n.t('Inline comments are made on a Confluence page editor (not on a version view).')); }
    if (document.isDirty) {
      throw new UserMessage(vscode.l10n.t('Save or revert your changes first: Confluence anchors a comment on the page as it is saved, so the editor must show exactly that text. Your text is kept.'));
    }
    if (text.trim() === '') { throw new UserMessage(vscode.l10n.t('Type a comment first.')); }
    const session = this.session(loc);
    return withProgress(vscode.l10n.t('Adding the comment…'), async () => {
      const remote = await this.deps.pages.documents.remote(loc);
      const facts = factsOf(remote.meta, loc, session.site.origin);
      const shown = loc.format === 'markdown' ? this.deps.markdownCodec().render(remote, facts) : remote.body.text;
      if (shown !== document.getText()) {
        this.deps.pages.bodyChangedInPlace(loc);
        throw new UserMessage(vscode.l10n.t('"{0}" changed on Confluence since this editor read it. It is being read again; select the text once more.', remote.meta.title));
      }
      const start = document.offsetAt(range.start);
      const end = document.offsetAt(range.end);
      const at: SelectionResult = loc.format === 'markdown'
        ? selectionInMarkdown(remote.body.text, shown, start, end, (md) => this.deps.markdownCodec().toStorage(md, remote, facts).storage)
        : selectionInStorage(remote.body.text, start, end);
      if (!at.ok) { throw new UserMessage(at.reason); }
      const created = await this.request(session, () => session.client.createInlineComment(loc.pageId, this.storage(text), at.selection));
      this.deps.log.info(`[comments] added an inline comment on "${at.selection.text}" (${at.selection.matchIndex + 1} of ${at.selection.matchCount}) `
        + `to ${session.site.host} page ${loc.pageId}`);
      this.deps.cache.added(session, { ...created, resolutionStatus: created.resolutionStatus ?? 'open', originalSelection: created.originalSelection ?? at.selection.text });
      // Confluence put the marker into the page body without a new version: documents re-read it.
      this.deps.pages.bodyChangedInPlace(loc);
      return created;
    });
  }

  private storage(text: string): string {
    if (text.trim() === '') { throw new UserMessage(vscode.l10n.t('Type a comment first.')); }
    return storageFromInput(text, this.deps.converter());
  }

  private session(loc: PageLocation): SiteSession {
    try {
      return this.deps.pages.repository.session(loc);
    } catch (e) {
      throw new UserMessage(e instanceof Error ? e.message : String(e));
    }
  }

  private request<T>(session: SiteSession, call: () => Promise<T>): Promise<T> {
    return this.deps.pages.repository.request(session, call);
  }
}
