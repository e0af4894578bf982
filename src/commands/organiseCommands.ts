// The organise commands: moves, folders, labels and attachments. Each resolves what it acts on from the
// command context — a tree row (through the bridge), the page in the active editor, or an argument
// from a test or a link — and hands it to the organise feature. Extra arguments (a target row, a name,
// labels, files) replace only the question they answer; confirmations are always asked.

import * as vscode from 'vscode';
import type { SiteSession } from '../confluence/siteSession';
import { Commands } from '../constants';
import type { AttachmentActions, PageTarget } from '../organise/attachmentActions';
import type { FolderActions } from '../organise/folderActions';
import type { LabelActions } from '../organise/labelActions';
import type { AttachmentRef, ContentRef, PlaceRef } from '../organise/model/organiseItems';
import type { MoveActions } from '../organise/moveActions';
import { pickMovePlace } from '../organise/movePicker';
import type { PageRepository } from '../pages/pageRepository';
import { UserMessage } from '../platform/userMessage';
import type { TreeNode } from '../tree/model/treeNodes';
import type { CommandContext } from './commandContext';
import type { CommandSpec } from './commandRunner';
import type { OrganiseBridge } from './organiseBridge';

export interface OrganiseTargets {
  bridge: OrganiseBridge;
  moves: MoveActions;
  folders: FolderActions;
  labels: LabelActions;
  attachments: AttachmentActions;
  repository: PageRepository;
  openWalkthrough: () => Promise<unknown>;
}

export function organiseCommands(t: OrganiseTargets): CommandSpec[] {
  const asNode = (arg: unknown): TreeNode | undefined =>
    (typeof arg === 'object' && arg !== null && typeof (arg as TreeNode).kind === 'string' && typeof (arg as TreeNode).key === 'string' ? arg as TreeNode : undefined);
  const uris = (arg: unknown): vscode.Uri[] | undefined =>
    (arg instanceof vscode.Uri ? [arg] : Array.isArray(arg) && arg.every((u) => u instanceof vscode.Uri) ? arg as vscode.Uri[] : undefined);
  return [
    {
      id: Commands.movePage, run: async (ctx, target) => {
        const source = await contentOf(t, ctx, vscode.l10n.t('Select a page or folder in the Confluence view, or open a page in the editor, to move it.'));
        const session = sessionOf(ctx);
        const node = asNode(target);
        const place = node ? t.bridge.place(node) : await pickMovePlace(session, source);
        return place ? t.moves.move(source, place) : false;
      },
    },
    { id: Commands.newFolder, run: (ctx, name) => t.folders.create(placeOf(t, ctx), typeof name === 'string' ? name : undefined) },
    { id: Commands.renameFolder, run: (ctx, name) => t.folders.rename(folderOf(t, ctx), typeof name === 'string' ? name : undefined) },
    { id: Commands.deleteFolder, run: (ctx) => t.folders.trash(folderOf(t, ctx)) },
    {
      id: Commands.editLabels, run: async (ctx, labels) => {
        const page = await pageOf(t, ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to edit its labels.'));
        const spaceId = ctx.page?.spaceId ?? (ctx.node?.kind === 'content' ? ctx.node.content.spaceId : undefined);
        return t.labels.edit({ ...page, ...(spaceId ? { spaceId } : {}) }, Array.isArray(labels) && labels.every((l) => typeof l === 'string') ? labels as string[] : undefined);
      },
    },
    { id: Commands.attachments, run: async (ctx) => t.attachments.browse(await pageOf(t, ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to see its attachments.'))) },
    {
      id: Commands.showAttachments, run: async (ctx) => {
        const page = await pageOf(t, ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to show its attachments.'));
        await t.bridge.showAttachments(page.session.site.origin, page.pageId);
      },
    },
    { id: Commands.attachFiles, run: async (ctx, files) => t.attachments.attach(await pageOf(t, ctx, vscode.l10n.t('Select a page in the Confluence view or open one in the editor to attach files to it.')), uris(files)) },
    { id: Commands.openAttachment, run: (ctx) => t.attachments.open(attachmentOf(t, ctx)) },
    { id: Commands.downloadAttachment, run: (ctx, dest) => t.attachments.download(attachmentOf(t, ctx), dest instanceof vscode.Uri ? dest : undefined) },
    { id: Commands.replaceAttachment, run: (ctx, file) => t.attachments.replace(attachmentOf(t, ctx), file instanceof vscode.Uri ? file : undefined) },
    { id: Commands.deleteAttachment, run: (ctx) => t.attachments.remove(attachmentOf(t, ctx)) },
    { id: Commands.getStarted, run: () => t.openWalkthrough() },
  ];
}

function sessionOf(ctx: CommandContext): SiteSession {
  if (ctx.session) { return ctx.session; }
  throw new UserMessage(ctx.origin ? vscode.l10n.t('Not signed in to {0}. Run "Confluence: Add Site…" first.', ctx.origin)
    : vscode.l10n.t('Select a page in the Confluence view or open one in the editor first.'));
}

/** The page or folder a command acts on: a tree row as seen, or the editor's page (read once for its place). `missing`: what to select. */
async function contentOf(t: OrganiseTargets, ctx: CommandContext, missing: string): Promise<ContentRef> {
  if (ctx.node?.kind === 'content') {
    const ref = t.bridge.contentRef(ctx.node);
    if (ref) { return ref; }
  }
  if (!ctx.page) { throw new UserMessage(missing); }
  const { session, pageId } = ctx.page;
  const page = await t.repository.request(session, () => session.client.getPageVersion(pageId));
  const spaceKey = ctx.page.spaceKey ?? await t.repository.spaceKeyFor(session, page.spaceId) ?? '';
  return { origin: session.site.origin, id: page.id, type: 'page', title: page.title, spaceId: page.spaceId, spaceKey, parentId: page.parentId ?? null };
}

function folderOf(t: OrganiseTargets, ctx: CommandContext): ContentRef {
  const ref = ctx.node?.kind === 'content' ? t.bridge.contentRef(ctx.node) : undefined;
  if (ref?.type !== 'folder') { throw new UserMessage(vscode.l10n.t('Select a folder in the Confluence view first.')); }
  return ref;
}

function placeOf(t: OrganiseTargets, ctx: CommandContext): PlaceRef {
  const place = ctx.node ? t.bridge.place(ctx.node) : undefined;
  if (place) { return place; }
  throw new UserMessage(vscode.l10n.t('Select a space, a page or a folder in the Confluence view to create a folder in it.'));
}

/** The page of a command (its title read once when not known). `missing`: what to select. */
async function pageOf(t: OrganiseTargets, ctx: CommandContext, missing: string): Promise<PageTarget> {
  const ref = ctx.page;
  if (!ref) { throw new UserMessage(missing); }
  const title = ref.title ?? (await t.repository.request(ref.session, () => ref.session.client.getPageVersion(ref.pageId))).title;
  return { session: ref.session, pageId: ref.pageId, title, ...(ref.spaceKey ? { spaceKey: ref.spaceKey } : {}) };
}

function attachmentOf(t: OrganiseTargets, ctx: CommandContext): AttachmentRef {
  if (ctx.node?.kind === 'attachment') { return t.bridge.attachmentRef(ctx.node); }
  throw new UserMessage(vscode.l10n.t('Select an attachment in the Confluence view (or use "Confluence: Attachments…").'));
}
