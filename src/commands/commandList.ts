// Every command the extension contributes, in one list. Each entry says what it acts on (through the
// CommandContext) and which feature carries it out; registration, argument resolution and error
// reporting are the same for all (commandRunner.ts). test/unit/manifest.test.ts checks that this list
// and package.json's contributions agree.

import * as vscode from 'vscode';
import type { AdminKeyCommandArgs, AdminKeyController } from '../adminKey/adminKeyController';
import type { AddSiteArgs, SignInCommands } from '../auth/signInCommands';
import type { CommentActions } from '../comments/commentActions';
import type { CommentsPicker } from '../comments/commentsPicker';
import type { CommentThreads, ConfluenceComment } from '../comments/commentThreads';
import { Commands } from '../constants';
import type { ConflictActions } from '../fs/conflictActions';
import type { PageActions } from '../fs/pageActions';
import type { PagePreviews } from '../fs/pagePreview';
import type { CompareWith, HistoryActions } from '../history/historyActions';
import type { HistoryPicker } from '../history/historyPicker';
import type { PageRef } from '../pages/pageRefs';
import { parsePageUri } from '../pages/pageUri';
import { UserMessage } from '../platform/userMessage';
import type { SearchCommand } from '../search/searchCommand';
import type { MessageNode, ParentNode } from '../tree/model/treeNodes';
import { contentWebUrl, spaceWebUrl } from '../tree/model/webLinks';
import type { TreeModel } from '../tree/treeModel';
import { requireDocument, requirePage, type CommandContext } from './commandContext';
import type { CommandSpec } from './commandRunner';

export interface CommandTargets {
  signIn: SignInCommands;
  adminKey: AdminKeyController;
  tree: TreeModel;
  pages: PageActions;
  conflicts: ConflictActions;
  previews: PagePreviews;
  search: SearchCommand;
  log: vscode.LogOutputChannel;
  comments: { actions: CommentActions; picker: CommentsPicker; threads: CommentThreads };
  history: { actions: HistoryActions; picker: HistoryPicker };
}

export function commandList(t: CommandTargets): CommandSpec[] {
  const keyArgs = (ctx: CommandContext): AdminKeyCommandArgs => ({
    ...(isObject(ctx.arg) ? ctx.arg as AdminKeyCommandArgs : {}), ...(ctx.origin ? { origin: ctx.origin } : {}),
  });
  return [
    // Sites
    { id: Commands.addSite, run: (ctx) => t.signIn.addSite(isObject(ctx.arg) ? ctx.arg as AddSiteArgs : undefined) },
    { id: Commands.signOut, run: (ctx) => t.signIn.signOut(typeof ctx.arg === 'string' ? ctx.arg : ctx.origin) },
    { id: Commands.manageSites, run: () => t.signIn.manageSites() },
    { id: Commands.showLog, run: () => t.log.show() },

    // The Spaces view
    { id: Commands.refreshTree, run: () => t.tree.refresh(undefined) },
    { id: Commands.refreshNode, run: (ctx) => t.tree.refresh(ctx.node) },
    { id: Commands.loadMore, run: (ctx) => { if (ctx.node?.kind === 'message' && ctx.node.parent) { t.tree.loadMore(ctx.node.parent as ParentNode); } } },
    { id: Commands.retryNode, run: (ctx) => t.tree.refresh(ctx.node as MessageNode | undefined) },
    { id: Commands.openInBrowser, run: async (ctx) => { const url = webUrl(t, ctx); await vscode.env.openExternal(vscode.Uri.parse(url)); return url; } },
    {
      id: Commands.copyLink, run: async (ctx) => {
        const url = webUrl(t, ctx);
        await vscode.env.clipboard.writeText(url);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', url), 3000);
        return url;
      },
    },

    // Admin key
    { id: Commands.adminKeyMenu, run: () => t.adminKey.showMenu() },
    { id: Commands.adminKeyEnable, run: (ctx) => t.adminKey.enable(keyArgs(ctx)) },
    { id: Commands.adminKeyDisable, run: (ctx) => t.adminKey.disable(keyArgs(ctx)) },
    { id: Commands.adminKeyToggle, run: (ctx) => t.adminKey.toggle(keyArgs(ctx)) },
    { id: Commands.adminKeyExtend, run: (ctx) => t.adminKey.extend(keyArgs(ctx)) },
    { id: Commands.adminKeyRefresh, run: (ctx) => t.adminKey.refresh(keyArgs(ctx)) },

    // Pages
    { id: Commands.openPage, run: (ctx) => (typeof ctx.arg === 'string' ? t.pages.openLink(ctx.arg) : t.pages.openFromInput()) },
    { id: Commands.openAsMarkdown, run: (ctx) => t.pages.open(requirePage(ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to open it as Markdown.')), { format: 'markdown' }) },
    { id: Commands.openAsStorage, run: (ctx) => t.pages.open(requirePage(ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to open its storage format.')), { format: 'storage' }) },
    { id: Commands.search, run: (ctx) => t.search.run(isObject(ctx.arg) ? ctx.arg as { query?: string; origin?: string } : undefined) },
    { id: Commands.compareWithRemote, run: (ctx) => t.conflicts.compareWithRemote(requireDocument(ctx)) },
    { id: Commands.overwriteRemote, run: (ctx) => t.conflicts.overwriteRemote(requireDocument(ctx)) },
    { id: Commands.showPreview, run: (ctx) => t.previews.show(requireDocument(ctx)) },
    {
      id: Commands.createChildPage, run: async (ctx, title) => {
        if (!ctx.container) { throw new UserMessage(vscode.l10n.t('Select a space or a page in the Confluence view to create a page in it.')); }
        const uri = await t.pages.createChild(ctx.container, typeof title === 'string' ? title : undefined);
        if (uri) { t.tree.refresh(ctx.node?.kind === 'space' || ctx.node?.kind === 'content' ? ctx.node : undefined); }
        return uri;
      },
    },
    {
      id: Commands.renamePage, run: async (ctx, title) => {
        const renamed = await t.pages.rename(requirePage(ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to rename it.')), typeof title === 'string' ? title : undefined);
        if (renamed && ctx.origin) { t.tree.refreshSite(ctx.origin); }
        return renamed;
      },
    },
    {
      id: Commands.deletePage, run: async (ctx) => {
        const trashed = await t.pages.trash(requirePage(ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to move it to the trash.')));
        if (trashed && ctx.origin) { t.tree.refreshSite(ctx.origin); }
        return trashed;
      },
    },

    // History: the list, and what is done with one version (`{ host, pageId, version, with? }` from the list or a test)
    { id: Commands.showPageHistory, run: (ctx) => t.history.picker.show(pageIn(ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to see its history.'))) },
    { id: Commands.openPageVersion, run: (ctx) => t.history.actions.openVersion(pageIn(ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to open a version.')), versionArg(ctx)) },
    { id: Commands.comparePageVersion, run: (ctx) => t.history.actions.compare(pageIn(ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to compare a version.')), versionArg(ctx), compareArg(ctx)) },
    { id: Commands.restorePageVersion, run: (ctx) => t.history.actions.restore(pageIn(ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to restore a version.')), versionArg(ctx)) },

    // Comments: the editor's comment threads pass a CommentReply, a thread or a comment
    { id: Commands.showComments, run: (ctx) => t.comments.picker.show(pageIn(ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to see its comments.')), ctx.document) },
    { id: Commands.addPageComment, run: (ctx, text) => t.comments.actions.addPageComment(requirePage(ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to comment on it.')), typeof text === 'string' ? text : undefined) },
    { id: Commands.addInlineComment, run: (_ctx, text) => t.comments.actions.startInline(typeof text === 'string' ? text : undefined) },
    { id: Commands.commentCreate, run: (ctx) => t.comments.actions.createInline(ctx.arg as vscode.CommentReply) },
    { id: Commands.commentReply, run: (ctx) => t.comments.actions.reply(ctx.arg as vscode.CommentReply) },
    { id: Commands.commentResolve, run: (ctx) => t.comments.actions.setResolved(ctx.arg as vscode.CommentThread, true) },
    { id: Commands.commentReopen, run: (ctx) => t.comments.actions.setResolved(ctx.arg as vscode.CommentThread, false) },
    { id: Commands.commentEdit, run: (ctx) => t.comments.actions.edit(ctx.arg as ConfluenceComment) },
    { id: Commands.commentSave, run: (ctx) => t.comments.actions.saveEdit(ctx.arg as ConfluenceComment) },
    { id: Commands.commentCancel, run: (ctx) => t.comments.actions.cancelEdit(ctx.arg as ConfluenceComment) },
    { id: Commands.commentDelete, run: (ctx) => t.comments.actions.delete(ctx.arg as ConfluenceComment) },
    { id: Commands.commentsRefresh, run: (ctx) => t.comments.threads.refresh(pageLocation(pageIn(ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to read its comments again.')))) },
  ];
}

/** The page, in the form of the document the command came from (a storage document has no format in its URI). */
function pageIn(ctx: CommandContext, missing: string): PageRef {
  const page = requirePage(ctx, missing);
  if (!ctx.document) { return page; }
  try {
    return { ...page, format: parsePageUri(ctx.document).format ?? 'storage' };
  } catch {
    return page;
  }
}

function pageLocation(ref: PageRef): { host: string; pageId: string } {
  return { host: ref.session.site.host, pageId: ref.pageId };
}

function versionArg(ctx: CommandContext): number {
  const v = isObject(ctx.arg) ? ctx.arg.version : undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) { return v; }
  throw new UserMessage(vscode.l10n.t('Pick a version in "Confluence: Show Page History".'));
}

function compareArg(ctx: CommandContext): CompareWith {
  const w = isObject(ctx.arg) ? ctx.arg.with : undefined;
  return w === 'editor' || (typeof w === 'number' && Number.isInteger(w) && w > 0) ? w : 'current';
}

function webUrl(t: CommandTargets, ctx: CommandContext): string {
  const node = ctx.node;
  const origin = ctx.session?.site.origin ?? ctx.origin;
  if (node && origin) {
    if (node.kind === 'space') { return node.space.webUrl ?? spaceWebUrl(origin, node.space.key); }
    if (node.kind === 'content') { return contentWebUrl(origin, node.spaceKey, node.content.type, node.content.id); }
    if (node.kind === 'site') { return `${origin}/wiki`; }
  }
  return t.pages.webUrl(requirePage(ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to open it in the browser.')));
}

function isObject(arg: unknown): arg is Record<string, unknown> {
  return typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri);
}
