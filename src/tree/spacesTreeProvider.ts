import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import { contentTooltip, OpenContentCommand, treeItemFor } from './treeItems';
import type { ParentNode, TreeNode } from './model/treeNodes';
import type { TreeModel } from './treeModel';

/** A line more for a page's tooltip (its open comment count), supplied by the composition root. */
export type PageTooltipExtra = (origin: string, pageId: string, signal: AbortSignal) => Promise<string | undefined>;

/** Adapts the TreeModel to VS Code. It never prompts: errors become rows, not dialogs. */
export class SpacesTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  readonly onDidChangeTreeData: vscode.Event<TreeNode | undefined>;

  constructor(
    private readonly model: TreeModel,
    private readonly sessions: SiteSessions,
    private readonly openCommand: OpenContentCommand,
    private readonly tooltipExtra?: PageTooltipExtra,
  ) {
    this.onDidChangeTreeData = model.onDidChange;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return treeItemFor(node, (origin) => this.sessions.sites().find((s) => s.origin === origin)?.host ?? origin, this.openCommand);
  }

  getChildren(node?: TreeNode): Promise<TreeNode[]> | TreeNode[] {
    if (!node) return this.model.roots();
    if (node.kind === 'message') return [];
    return this.model.children(node as ParentNode);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'message' ? node.parent : undefined;
  }

  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (node.kind !== 'content' || node.content.type !== 'page' || item.tooltip) return item;
    const session = this.sessions.get(node.origin);
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const extra = this.tooltipExtra?.(node.origin, node.content.id, abort.signal).catch(() => undefined);
      const page = session ? await session.client.getPageVersion(node.content.id, { signal: abort.signal, priority: 'background' }) : undefined;
      item.tooltip = contentTooltip(node, page, (accountId) => (accountId && accountId === session?.site.accountId ? 'you' : accountId ?? 'unknown'), await extra);
    } catch {
      item.tooltip = contentTooltip(node, undefined, () => '');
    } finally {
      sub.dispose();
    }
    return item;
  }
}
