// How attachment rows look in the Spaces view: the page's "Attachments" row, and one row per file with
// its type, size and version; a click opens the file (images in VS Code's image preview, text as a
// read-only document).

import * as vscode from 'vscode';
import { Commands } from '../constants';
import { describeFile } from '../util/fileSizes';
import type { AttachmentNode, AttachmentsNode } from './model/treeNodes';

export function attachmentsItem(node: AttachmentsNode, contextValue: string, count?: number): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Attachments'), vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.key;
  item.iconPath = new vscode.ThemeIcon('files');
  item.contextValue = contextValue;
  if (count !== undefined) item.description = String(count);
  item.tooltip = vscode.l10n.t('Files attached to "{0}"', node.page.content.title);
  return item;
}

function iconFor(mediaType: string | undefined, title: string): string {
  const type = mediaType ?? '';
  if (type.startsWith('image/')) return 'file-media';
  if (type === 'application/pdf' || /\.pdf$/i.test(title)) return 'file-pdf';
  if (type.startsWith('text/') || /json|xml|yaml/.test(type)) return 'file-text';
  if (/zip|compressed|tar|gzip/.test(type)) return 'file-zip';
  return 'file-binary';
}

export function attachmentItem(node: AttachmentNode, contextValue: string): vscode.TreeItem {
  const a = node.attachment;
  const item = new vscode.TreeItem(a.title, vscode.TreeItemCollapsibleState.None);
  item.id = node.key;
  item.description = describeFile(a);
  item.iconPath = new vscode.ThemeIcon(iconFor(a.mediaType, a.title));
  item.contextValue = contextValue;
  const tip = new vscode.MarkdownString();
  tip.appendText(a.title);
  tip.appendMarkdown(`\n\n${describeFile(a)}`);
  if (a.comment) tip.appendText(`\n\n${a.comment}`);
  item.tooltip = tip;
  item.command = { command: Commands.openAttachment, title: vscode.l10n.t('Open Attachment'), arguments: [node] };
  return item;
}
