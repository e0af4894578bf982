// Connects the organise feature to the Spaces view (neither imports the other): tree rows become what
// organise commands act on (a page or folder with the parent it was seen under, a space, an
// attachment), and what organise changed is shown through the tree's cached levels (levelEdits.ts)
// without listing the space again.

import type * as vscode from 'vscode';
import type { AttachmentRef, ContentRef, PlaceRef } from '../organise/model/organiseItems';
import type { DropResolver } from '../organise/spacesDragAndDrop';
import type { MovedItem, OrganiseTree } from '../organise/organiseTree';
import type { AttachmentRows } from '../tree/attachmentRows';
import { ancestorsOf, applyCreate, applyMove, applyRename, contentKey, knownDescendantCount, locate } from '../tree/model/levelEdits';
import { spaceKeyOf } from '../tree/model/spaceRoots';
import type { AttachmentNode, ContentItemNode, TreeNode } from '../tree/model/treeNodes';
import { contentWebUrl } from '../tree/model/webLinks';
import type { TreeModel } from '../tree/treeModel';

export class OrganiseBridge implements OrganiseTree, DropResolver<TreeNode> {
  constructor(
    private readonly model: TreeModel,
    private readonly attachments: AttachmentRows,
    /** The view, once created (for revealing a page's attachments). */
    private readonly view: () => vscode.TreeView<TreeNode> | undefined,
  ) {}

  // ---- tree rows as organise targets --------------------------------------------------------------

  /** A page or folder row, with the parent it is listed under. */
  contentRef(node: ContentItemNode): ContentRef | undefined {
    const { content } = node;
    if ((content.type !== 'page' && content.type !== 'folder') || !content.spaceId) return undefined;
    const found = locate(this.model.levels, node.origin, content.id);
    const parent = found ? this.model.levels.parentNode(found.levelKey) : undefined;
    const parentId = parent?.kind === 'space' ? null : parent?.kind === 'content' ? parent.content.id : undefined;
    const parentTitle = parent?.kind === 'space' ? parent.space.name : parent?.kind === 'content' ? parent.content.title : undefined;
    return {
      origin: node.origin, id: content.id, type: content.type, title: content.title, spaceId: content.spaceId, spaceKey: node.spaceKey,
      webUrl: contentWebUrl(node.origin, node.spaceKey, content.type, content.id),
      ...(parentId !== undefined ? { parentId } : {}), ...(parentTitle !== undefined ? { parentTitle } : {}),
    };
  }

  source(row: TreeNode): ContentRef | undefined {
    return row.kind === 'content' ? this.contentRef(row) : undefined;
  }

  place(row: TreeNode | undefined): PlaceRef | undefined {
    if (row?.kind === 'space') return { kind: 'space', space: { origin: row.origin, spaceId: row.space.id, spaceKey: row.space.key, name: row.space.name } };
    const content = row?.kind === 'content' ? this.contentRef(row) : undefined;
    return content ? { kind: 'content', content } : undefined;
  }

  attachmentRef(node: AttachmentNode): AttachmentRef {
    const page = node.parent.page;
    return { origin: node.origin, pageId: page.content.id, pageTitle: page.content.title, spaceKey: page.spaceKey, attachment: node.attachment };
  }

  // ---- OrganiseTree -------------------------------------------------------------------------------

  ancestorsOf(origin: string, id: string): string[] {
    return ancestorsOf(this.model.levels, origin, id);
  }

  async knownDescendantCount(item: ContentRef): Promise<number | undefined> {
    if (locate(this.model.levels, item.origin, item.id)?.node.leaf) return 0;
    return knownDescendantCount(this.model.levels, item.origin, item);
  }

  firstTopLevelItems(origin: string, spaceId: string): string[] | undefined {
    const level = this.model.levels.listings.get(spaceKeyOf(origin, spaceId));
    const ids = level?.items.flatMap((i) => (i.kind === 'content' ? [i.content.id] : []));
    return ids && ids.length > 0 ? ids : undefined;
  }

  moved(item: MovedItem): void {
    this.model.edit((levels) => applyMove(levels, item));
  }

  renamed(origin: string, id: string, title: string): void {
    this.model.edit((levels) => applyRename(levels, origin, id, title));
  }

  touched(origin: string, id: string): void {
    this.model.edit((levels) => locate(levels, origin, id) !== undefined);
  }

  created(origin: string, spaceKey: string, content: { id: string; type: 'page' | 'folder'; title: string; spaceId: string; parentId?: string }): void {
    this.model.edit((levels) => applyCreate(levels, origin, spaceKey, { ...content, status: 'current' }));
  }

  relist(origin: string, level: { parentId: string | null; spaceId: string }): void {
    const levels = this.model.levels;
    // Also when the level is not shown yet: the read-ahead must not answer for it from before.
    if (level.parentId !== null) levels.hierarchy(origin, level.spaceId)?.forget(level.parentId);
    const node = level.parentId === null
      ? levels.parentNode(spaceKeyOf(origin, level.spaceId))
      : [contentKey(origin, 'page', level.parentId), contentKey(origin, 'folder', level.parentId)].map((k) => levels.parentNode(k)).find((n) => n)
        ?? locate(levels, origin, level.parentId)?.node;
    if (node) this.model.refresh(node);
  }

  async showAttachments(origin: string, pageId: string): Promise<void> {
    const row = locate(this.model.levels, origin, pageId)?.node;
    if (!this.attachments.show(row, origin, pageId) || !row) return;
    const group = this.attachments.groupFor(row);
    try {
      if (group) await this.view()?.reveal(group, { expand: true, select: false, focus: false });
    } catch {
      // Revealing needs every ancestor listed; the rows are there either way once the page is expanded.
    }
  }
}
