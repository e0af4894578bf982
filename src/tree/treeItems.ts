import * as vscode from 'vscode';
import type { Page } from '../confluence/types';
import { Commands } from '../constants';
import { attachmentItem, attachmentsItem } from './attachmentItems';
import type { ContentItemNode, MessageNode, SiteNode, SpaceNode, TreeNode } from './model/treeNodes';

/**
 * contextValue tokens that package.json menus match with regular expressions, e.g.
 * `viewItem =~ /\bpage\b/`. Kept as space-separated words so one item can carry several.
 */
export function contextValueOf(node: TreeNode): string {
  switch (node.kind) {
    case 'site': return 'site';
    case 'space': return 'space linkable';
    case 'content': return [node.content.type, 'content', 'linkable', node.restrictedViaKey ? 'restricted' : ''].filter(Boolean).join(' ');
    case 'message': return `message ${node.message}`;
    case 'attachments': return 'attachments';
    case 'attachment': return 'attachment';
  }
}

/** How to open a page or folder when the tree item is clicked; supplied by the composition root. */
export type OpenContentCommand = (node: ContentItemNode) => vscode.Command | undefined;

export function treeItemFor(node: TreeNode, siteLabel: (origin: string) => string, openCommand: OpenContentCommand): vscode.TreeItem {
  switch (node.kind) {
    case 'site': return siteItem(node, siteLabel(node.origin));
    case 'space': return spaceItem(node);
    case 'content': return contentItem(node, openCommand);
    case 'message': return messageItem(node);
    case 'attachments': return attachmentsItem(node, contextValueOf(node));
    case 'attachment': return attachmentItem(node, contextValueOf(node));
  }
}

function siteItem(node: SiteNode, label: string): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.key;
  item.iconPath = new vscode.ThemeIcon('globe');
  item.contextValue = contextValueOf(node);
  item.tooltip = node.origin;
  return item;
}

function spaceItem(node: SpaceNode): vscode.TreeItem {
  const { space } = node;
  const item = new vscode.TreeItem(space.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.key;
  item.description = space.key;
  item.iconPath = new vscode.ThemeIcon(space.type === 'personal' ? 'account' : space.status === 'archived' ? 'archive' : 'book');
  item.contextValue = contextValueOf(node);
  const tip = new vscode.MarkdownString();
  const facts = space.status === 'archived' ? vscode.l10n.t('Space key: `{0}` · {1} · archived', space.key, space.type) : vscode.l10n.t('Space key: `{0}` · {1}', space.key, space.type);
  tip.appendMarkdown(`**${escapeMarkdown(space.name)}**\n\n${facts}`);
  item.tooltip = tip;
  return item;
}

const CONTENT_ICONS: Record<string, string> = {
  page: 'file', folder: 'folder', whiteboard: 'symbol-color', database: 'database', embed: 'link',
};

function contentItem(node: ContentItemNode, openCommand: OpenContentCommand): vscode.TreeItem {
  const { content } = node;
  const expandable = (content.type === 'page' || content.type === 'folder') && !node.leaf;
  const item = new vscode.TreeItem(content.title || vscode.l10n.t('(untitled)'), expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = node.key;
  item.contextValue = contextValueOf(node);
  if (node.restrictedViaKey) {
    item.iconPath = new vscode.ThemeIcon('lock', new vscode.ThemeColor('list.warningForeground'));
    item.description = vscode.l10n.t('restricted · admin key');
  } else {
    item.iconPath = new vscode.ThemeIcon(CONTENT_ICONS[content.type] ?? 'file');
    if (content.type !== 'page' && content.type !== 'folder') item.description = content.type;
  }
  const command = openCommand(node);
  if (command) item.command = command;
  return item;
}

/** Filled in lazily on hover (resolveTreeItem), so listing a level costs no request per item. */
export function contentTooltip(node: ContentItemNode, page: Page | undefined, authorLabel: (accountId: string | undefined) => string,
  extra?: string): vscode.MarkdownString {
  const tip = new vscode.MarkdownString();
  tip.appendMarkdown(`**${escapeMarkdown(node.content.title)}**\n\n`);
  tip.appendMarkdown(vscode.l10n.t('Space `{0}` · {1}', node.spaceKey, node.content.type));
  if (page) {
    const when = new Date(page.version.createdAt);
    tip.appendMarkdown(`\n\n${vscode.l10n.t('Version {0} · last modified {1} by {2}', page.version.number,
      Number.isNaN(when.getTime()) ? page.version.createdAt : when.toLocaleString(), escapeMarkdown(authorLabel(page.version.authorId)))}`);
    if (page.labels) {
      const names = page.labels.names.map((l) => `\`${l.replace(/`/g, '')}\``).join(' ');
      tip.appendMarkdown(`\n\n$(tag) ${names || vscode.l10n.t('No labels')}${page.labels.more ? ' …' : ''}`);
    }
  }
  if (extra) tip.appendMarkdown(`\n\n${escapeMarkdown(extra)}`);
  if (node.restrictedViaKey) tip.appendMarkdown(`\n\n$(lock) ${vscode.l10n.t('Restricted: you see this only because the admin key is on.')}`);
  tip.supportThemeIcons = true;
  return tip;
}

function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.id = node.key;
  item.contextValue = contextValueOf(node);
  if (node.detail) item.tooltip = node.detail;
  switch (node.message) {
    case 'loadingMore':
      item.iconPath = new vscode.ThemeIcon('loading~spin');
      break;
    case 'loadMore':
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: Commands.loadMore, title: vscode.l10n.t('Load More'), arguments: [node] };
      break;
    case 'error':
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      item.description = node.detail;
      item.command = { command: Commands.retryNode, title: vscode.l10n.t('Retry'), arguments: [node] };
      break;
    case 'signInAgain':
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.command = { command: Commands.addSite, title: vscode.l10n.t('Sign In Again') };
      break;
    case 'empty':
      item.iconPath = new vscode.ThemeIcon('info');
      break;
  }
  return item;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
