import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import { attachmentsItem } from './attachmentItems';
import type { AttachmentRows } from './attachmentRows';
import { contentTooltip, contextValueOf, OpenContentCommand, treeItemFor } from './treeItems';
import { locate } from './model/levelEdits';
import type { ContentItemNode, TreeNode } from './model/treeNodes';
import type { TreeModel } from './treeModel';

/** A line more for a page's tooltip (its open comment count), supplied by the composition root. */
export type PageTooltipExtra = (origin: string, pageId: string, signal: AbortSignal) => Promise<string | undefined>;

/** Adapts the TreeModel to VS Code. It never prompts: errors become rows, not dialogs. */
export class SpacesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData: vscode.Event<TreeNode | undefined> = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly model: TreeModel,
    private readonly sessions: SiteSessions,
    private readonly openCommand: OpenContentCommand,
    /** A page's attachments, for the pages whose attachments are shown. */
    private readonly attachments?: AttachmentRows,
    private readonly tooltipExtra?: PageTooltipExtra,
  ) {
    const forward = (node: TreeNode | undefined) => this.changed.fire(node);
    this.subscriptions = [model.onDidChange(forward), ...(attachments ? [attachments.onDidChange(forward)] : [])];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'attachments') return attachmentsItem(node, contextValueOf(node), this.attachments?.count(node));
    const item = treeItemFor(node, (origin) => this.sessions.sites().find((s) => s.origin === origin)?.host ?? origin, this.openCommand);
    // A page known to have no child pages still opens when it shows its attachments.
    if (node.kind === 'content' && item.collapsibleState === vscode.TreeItemCollapsibleState.None && this.attachments?.groupFor(node)) {
      item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    }
    return item;
  }

  getChildren(node?: TreeNode): Promise<TreeNode[]> | TreeNode[] {
    if (!node) return this.model.roots();
    if (node.kind === 'message' || node.kind === 'attachment') return [];
    if (node.kind === 'attachments') return this.attachmentRows(node);
    const group = node.kind === 'content' ? this.attachments?.groupFor(node) : undefined;
    if (group) return this.withAttachments(node as ContentItemNode, group);
    return this.model.children(node);
  }

  private async attachmentRows(group: Extract<TreeNode, { kind: 'attachments' }>): Promise<TreeNode[]> {
    const rows = this.attachments ? await this.attachments.children(group) : [];
    return rows.length === 0 && this.attachments ? [this.attachments.emptyRow(group)] : rows;
  }

  /** The "Attachments" row, then the page's children (without the "No child pages" row). */
  private async withAttachments(page: ContentItemNode, group: Extract<TreeNode, { kind: 'attachments' }>): Promise<TreeNode[]> {
    const children = await this.model.children(page);
    return [group, ...children.filter((c) => !(c.kind === 'message' && c.message === 'empty'))];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'attachment') return node.parent;
    if (node.kind === 'attachments') return node.page;
    if (node.kind === 'message') return node.parent;
    if (node.kind !== 'content') return undefined;
    // Known from the cached levels; the single site's node is the view's (undefined) root.
    const found = locate(this.model.levels, node.origin, node.content.id);
    const parent = found ? this.model.levels.parentNode(found.levelKey) : undefined;
    return parent?.kind === 'site' && this.sessions.sites().length === 1 ? undefined : parent;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (node.kind !== 'content' || node.content.type !== 'page' || item.tooltip) return item;
    const session = this.sessions.get(node.origin);
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const extra = this.tooltipExtra?.(node.origin, node.content.id, abort.signal).catch(() => undefined);
      // One request for the version, author and labels (include-labels).
      const page = session ? await session.client.getPage(node.content.id, { bodyFormat: 'none', includeLabels: true, signal: abort.signal, priority: 'background' }) : undefined;
      item.tooltip = contentTooltip(node, page, (accountId) => (accountId && accountId === session?.site.accountId ? vscode.l10n.t('you') : accountId ?? vscode.l10n.t('unknown')), await extra);
    } catch {
      item.tooltip = contentTooltip(node, undefined, () => '');
    } finally {
      sub.dispose();
    }
    return item;
  }
}
