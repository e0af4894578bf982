// A page's attachments in the Spaces view. They are listed only for pages whose attachments the person
// asked to see (Show Attachments, Attachments…, or after attaching files), so expanding pages still
// costs no request: an "Attachments" row then comes first under the page, and its files are listed
// with one request (250 per request), kept until something changes them.

import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import type { Attachment } from '../confluence/organiseTypes';
import type { AttachmentNode, AttachmentsNode, ContentItemNode, MessageNode, TreeNode } from './model/treeNodes';

interface Listed { rows?: AttachmentNode[]; pending?: Promise<TreeNode[]> }

export class AttachmentRows implements vscode.Disposable {
  /** Pages whose attachments are shown, by `origin|pageId`, with their "Attachments" row. */
  private readonly groups = new Map<string, AttachmentsNode>();
  private readonly listed = new Map<string, Listed>();
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly sessions: SiteSessions, private readonly log: vscode.LogOutputChannel) {}

  /** The "Attachments" row to show first under a page row, if its attachments are shown. */
  groupFor(page: ContentItemNode): AttachmentsNode | undefined {
    const key = pageKey(page.origin, page.content.id);
    const group = this.groups.get(key);
    if (!group) return undefined;
    // The tree may have made a new row object for the page (a refresh, a move): follow it.
    if (group.page !== page) {
      const moved: AttachmentsNode = { ...group, page };
      this.groups.set(key, moved);
      return moved;
    }
    return group;
  }

  isShown(origin: string, pageId: string): boolean {
    return this.groups.has(pageKey(origin, pageId));
  }

  /** How many files the row lists, once known. */
  count(group: AttachmentsNode): number | undefined {
    return this.listed.get(group.key)?.rows?.length;
  }

  /**
   * Shows a page's attachments (listing them again if they were shown): `page` is the page's row in the
   * tree, whose children then change. Returns false when the page is not in the tree.
   */
  show(page: ContentItemNode | undefined, origin: string, pageId: string): boolean {
    const key = pageKey(origin, pageId);
    const existing = this.groups.get(key);
    if (existing) this.listed.delete(existing.key);
    if (!page) return false;
    const group: AttachmentsNode = existing ? { ...existing, page } : { kind: 'attachments', key: `attachments|${origin}|${pageId}`, origin, page };
    this.groups.set(key, group);
    this.changed.fire(page);
    return true;
  }

  /** The files under an "Attachments" row: listed once, and again after show(). A failure is not kept. */
  children(group: AttachmentsNode): Promise<TreeNode[]> | TreeNode[] {
    const known = this.listed.get(group.key);
    if (known?.rows) return known.rows;
    if (known?.pending) return known.pending;
    const pending = this.list(group).then((rows) => {
      this.listed.set(group.key, { rows });
      this.changed.fire(group.page);
      return rows as TreeNode[];
    }, (error: unknown) => {
      this.listed.delete(group.key);
      this.sessions.reportError(group.origin, error);
      const text = error instanceof Error ? error.message : String(error);
      this.log.warn(`[tree] listing the attachments of page ${group.page.content.id} failed: ${text}`);
      return [message(group, 'error', vscode.l10n.t('Could not list the attachments — click to retry'), text)];
    });
    this.listed.set(group.key, { pending });
    return pending;
  }

  private async list(group: AttachmentsNode): Promise<AttachmentNode[]> {
    const client = this.sessions.get(group.origin)?.client;
    if (!client) throw new Error(vscode.l10n.t('This site is signed out.'));
    const all: Attachment[] = [];
    for await (const batch of client.attachments(group.page.content.id)) all.push(...batch);
    all.sort((a, b) => a.title.localeCompare(b.title, undefined, { sensitivity: 'base' }));
    return all.map((attachment) => ({ kind: 'attachment', key: `attachment|${group.origin}|${attachment.id}`, origin: group.origin, parent: group, attachment }));
  }

  /** Rows for an empty listing. */
  emptyRow(group: AttachmentsNode): MessageNode {
    return message(group, 'empty', vscode.l10n.t('No attachments'));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function pageKey(origin: string, pageId: string): string {
  return `${origin}|${pageId}`;
}

function message(group: AttachmentsNode, kind: MessageNode['message'], text: string, detail?: string): MessageNode {
  return { kind: 'message', key: `${group.key}|${kind}`, origin: group.origin, parent: group, message: kind, text, ...(detail !== undefined ? { detail } : {}) };
}
