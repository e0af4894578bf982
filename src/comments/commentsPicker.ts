// `Confluence: Show Comments`: the page's threads in a quick pick — inline ones in page order, then
// page comments, dangling and detached ones — and a jump to the chosen one: the page's editor opens
// (the one already open, else the page in the default form) with the thread's text selected and the
// thread expanded.

import * as vscode from 'vscode';
import type { PageLayer } from '../pages/pageLayer';
import { locationOf, type PageRef } from '../pages/pageRefs';
import { pageUriParts, type PageFormat } from '../pages/pageUri';
import type { CommentCache } from './commentCache';
import { liveLocation, type CommentThreads } from './commentThreads';
import { findAnchors } from './model/anchors';
import { noIcons, previewLine } from './model/commentText';
import { threadViews, type ThreadView } from './model/threadModel';

const ICONS: Record<ThreadView['status'], string> = { open: 'comment', resolved: 'check', dangling: 'debug-disconnect', detached: 'debug-disconnect', page: 'comment-discussion' };

export class CommentsPicker {
  constructor(private readonly deps: { pages: PageLayer; cache: CommentCache; threads: CommentThreads; defaultFormat: () => PageFormat }) {}

  /** Lists the page's threads; resolves to the one jumped to (undefined when the person cancelled). */
  async show(ref: PageRef, from?: vscode.Uri): Promise<string | undefined> {
    const data = await this.deps.cache.load(ref.session, ref.pageId);
    const document = await this.documentFor(ref, from);
    const views = threadViews(data.comments, { anchors: findAnchors(document.getText()), names: data.names, me: ref.session.site.accountId });
    if (views.length === 0) {
      void vscode.window.showInformationMessage(ref.title === undefined
        ? vscode.l10n.t('"This page" has no comments. Select text and use "Confluence: Add Inline Comment", or "Confluence: Add Page Comment…".')
        : vscode.l10n.t('"{0}" has no comments. Select text and use "Confluence: Add Inline Comment", or "Confluence: Add Page Comment…".', ref.title));
      return undefined;
    }
    const items = views.map((v) => {
      const first = v.comments[0];
      const replies = v.comments.length - 1;
      return {
        label: `$(${ICONS[v.status]}) ${noIcons(first ? `${first.authorName}: ${previewLine(first.body, data.names, 70)}` : v.label)}`,
        description: replies === 0 ? noIcons(v.label)
          : replies === 1 ? vscode.l10n.t('{0} · 1 reply', noIcons(v.label)) : vscode.l10n.t('{0} · {1} replies', noIcons(v.label), replies),
        view: v,
      };
    });
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Comments on "{0}"', ref.title ?? document.uri.path.split('/').pop() ?? vscode.l10n.t('the page')), matchOnDescription: true });
    if (!picked) { return undefined; }
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const anchor = picked.view.anchor;
    const range = anchor ? new vscode.Range(document.positionAt(anchor.start), document.positionAt(anchor.end)) : new vscode.Range(0, 0, 0, 0);
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    const handle = this.deps.threads.threadsOf(document.uri).find((h) => h.view.id === picked.view.id);
    if (handle) { this.deps.threads.expand(handle); }
    return picked.view.id;
  }

  private async documentFor(ref: PageRef, from: vscode.Uri | undefined): Promise<vscode.TextDocument> {
    if (from && liveLocation(from)) { return vscode.workspace.openTextDocument(from); }
    const open = vscode.workspace.textDocuments.find((d) => {
      const loc = liveLocation(d.uri);
      return loc?.host === ref.session.site.host && loc.pageId === ref.pageId;
    });
    if (open) { return open; }
    let title = ref.title;
    if (title === undefined) { title = (await this.deps.pages.documents.remoteMeta(locationOf(ref))).title; }
    const uri = vscode.Uri.from(pageUriParts(locationOf({ ...ref, title }, ref.format ?? this.deps.defaultFormat())));
    return vscode.workspace.openTextDocument(uri);
  }
}
