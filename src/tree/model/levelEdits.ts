// Changes made through Confluence (a move, a new folder, a rename), applied to the tree's cached levels
// in place, so the view shows them at once without listing anything again. Also what the cached levels
// and the read-ahead know without a request: where a row is listed, its ancestors, and how many items
// are below it. Pure: no vscode import.

import type { ContentNode } from '../../confluence/types';
import { spaceKeyOf } from './spaceRoots';
import type { ContentItemNode, ParentNode, TreeNode } from './treeNodes';

export interface EditableLevel { items: TreeNode[]; status: string }

/** What the read-ahead of a space offers (SpaceHierarchy). */
export interface LevelHierarchy {
  children(id: string): Promise<ContentNode[] | undefined>;
  isKnownLeaf(id: string): boolean;
  forget(id: string): void;
}

/** The tree model's caches, as level edits see them. */
export interface CachedLevels {
  readonly listings: Map<string, EditableLevel>;
  parentNode(levelKey: string): ParentNode | undefined;
  hierarchy(origin: string, spaceId: string): LevelHierarchy | undefined;
  contentNode(origin: string, spaceKey: string, content: ContentNode): ContentItemNode;
  /** Forgets a level (it is listed again when next shown). */
  drop(levelKey: string): void;
}

export interface TreeMove {
  origin: string;
  id: string;
  type: 'page' | 'folder';
  title: string;
  /** The new parent (null: the top of the space) and space. */
  to: { parentId: string | null; spaceId: string; spaceKey: string };
  position: 'before' | 'after' | 'append';
  targetId: string;
}

export function contentKey(origin: string, type: string, id: string): string {
  return `content|${origin}|${type}|${id}`;
}

/** The row of a page or folder in the cached levels, and the key of the level it is in. */
export function locate(levels: CachedLevels, origin: string, id: string): { node: ContentItemNode; levelKey: string } | undefined {
  for (const [levelKey, level] of levels.listings) {
    if (!levelKey.includes(`|${origin}|`) && !levelKey.endsWith(`|${origin}`)) continue;
    const node = level.items.find((i): i is ContentItemNode => i.kind === 'content' && i.content.id === id);
    if (node) return { node, levelKey };
  }
  return undefined;
}

/** Ids of the pages and folders above a row, nearest first, as far as the cached levels know them. */
export function ancestorsOf(levels: CachedLevels, origin: string, id: string): string[] {
  const out: string[] = [];
  let at = locate(levels, origin, id);
  while (at && out.length < 100) {
    const parent = levels.parentNode(at.levelKey);
    if (parent?.kind !== 'content') break;
    out.push(parent.content.id);
    at = locate(levels, origin, parent.content.id);
  }
  return out;
}

/** The key of the cached level of a parent (null: the top of the space), if that level is cached. */
function levelKeyOf(levels: CachedLevels, origin: string, spaceId: string, parentId: string | null): string | undefined {
  if (parentId === null) {
    const key = spaceKeyOf(origin, spaceId);
    return levels.listings.has(key) ? key : undefined;
  }
  return [contentKey(origin, 'page', parentId), contentKey(origin, 'folder', parentId)].find((k) => levels.listings.has(k));
}

/** Forgets the cached levels of a row and everything below it (they carry the old space). */
function dropSubtree(levels: CachedLevels, origin: string, node: ContentItemNode): void {
  const key = contentKey(origin, node.content.type, node.content.id);
  const level = levels.listings.get(key);
  if (!level) return;
  for (const child of level.items) if (child.kind === 'content') dropSubtree(levels, origin, child);
  levels.drop(key);
}

/**
 * Moves a row to where Confluence put it: out of its level, into the new parent's level when that is
 * cached (else the parent just becomes expandable, and lists its children when opened). Returns false
 * when nothing cached was touched.
 */
export function applyMove(levels: CachedLevels, move: TreeMove): boolean {
  const { origin, to } = move;
  const found = locate(levels, origin, move.id);
  let changed = false;
  let oldSpaceId: string | undefined;
  if (found) {
    const level = levels.listings.get(found.levelKey);
    const at = level?.items.indexOf(found.node) ?? -1;
    if (level && at >= 0) { level.items.splice(at, 1); changed = true; }
    oldSpaceId = found.node.content.spaceId;
    const oldParent = levels.parentNode(found.levelKey);
    if (oldParent?.kind === 'content' && oldSpaceId) levels.hierarchy(origin, oldSpaceId)?.forget(oldParent.content.id);
  }
  const crossSpace = oldSpaceId !== undefined && oldSpaceId !== to.spaceId;
  if (found && crossSpace) dropSubtree(levels, origin, found.node);
  if (to.parentId !== null) levels.hierarchy(origin, to.spaceId)?.forget(to.parentId);

  const content: ContentNode = { ...(found?.node.content ?? { id: move.id, type: move.type, title: move.title, status: 'current' }), spaceId: to.spaceId,
    ...(to.parentId !== null ? { parentId: to.parentId } : {}) };
  if (to.parentId === null) delete content.parentId;
  const node = found && !crossSpace ? Object.assign(found.node, { content }) : levels.contentNode(origin, to.spaceKey, content);
  if (found && crossSpace) { node.leaf = found.node.leaf; }

  const destKey = levelKeyOf(levels, origin, to.spaceId, to.parentId);
  const dest = destKey ? levels.listings.get(destKey) : undefined;
  if (dest) {
    const target = dest.items.findIndex((i) => i.kind === 'content' && i.content.id === move.targetId);
    const index = move.position === 'append' || target < 0 ? firstMessageIndex(dest.items) : move.position === 'before' ? target : target + 1;
    dest.items.splice(index, 0, node);
    changed = true;
  } else if (to.parentId !== null) {
    // The new parent's level is not cached: it lists its children when opened; it must look openable.
    const parentRow = locate(levels, origin, to.parentId);
    if (parentRow && parentRow.node.leaf) { parentRow.node.leaf = false; changed = true; }
  }
  return changed;
}

/** Appending goes after the items, before any status row. */
function firstMessageIndex(items: TreeNode[]): number {
  const i = items.findIndex((n) => n.kind === 'message');
  return i < 0 ? items.length : i;
}

/** A row's title changed (a renamed folder): the same row object, so the view keeps its state. */
export function applyRename(levels: CachedLevels, origin: string, id: string, title: string): boolean {
  const found = locate(levels, origin, id);
  if (!found) return false;
  Object.assign(found.node, { content: { ...found.node.content, title } });
  return true;
}

/** A new page or folder, appended to its parent's level when that is cached. */
export function applyCreate(levels: CachedLevels, origin: string, spaceKey: string, content: ContentNode & { spaceId: string }): boolean {
  const destKey = levelKeyOf(levels, origin, content.spaceId, content.parentId ?? null);
  const dest = destKey ? levels.listings.get(destKey) : undefined;
  if (content.parentId) levels.hierarchy(origin, content.spaceId)?.forget(content.parentId);
  if (!dest) {
    const parentRow = content.parentId ? locate(levels, origin, content.parentId) : undefined;
    if (parentRow?.node.leaf) { parentRow.node.leaf = false; return true; }
    return false;
  }
  const node = levels.contentNode(origin, spaceKey, content);
  node.leaf = true;
  dest.items.splice(firstMessageIndex(dest.items), 0, node);
  const empty = dest.items.findIndex((i) => i.kind === 'message' && i.message === 'empty');
  if (empty >= 0) dest.items.splice(empty, 1);
  return true;
}

/**
 * How many items are below a page or folder, when the cached levels and the read-ahead know all of
 * them; undefined when something below is not known.
 */
export async function knownDescendantCount(levels: CachedLevels, origin: string, item: { id: string; type: string; spaceId: string }): Promise<number | undefined> {
  const level = levels.listings.get(contentKey(origin, item.type, item.id));
  const hierarchy = levels.hierarchy(origin, item.spaceId);
  let kids: { id: string; type: string; leaf: boolean }[] | undefined;
  if (level?.status === 'complete') {
    kids = level.items.filter((i): i is ContentItemNode => i.kind === 'content').map((i) => ({ id: i.content.id, type: i.content.type, leaf: i.leaf }));
  } else if (hierarchy) {
    if (hierarchy.isKnownLeaf(item.id)) return 0;
    kids = (await hierarchy.children(item.id))?.map((c) => ({ id: c.id, type: c.type, leaf: hierarchy.isKnownLeaf(c.id) }));
  }
  if (!kids) return undefined;
  let n = 0;
  for (const kid of kids) {
    n++;
    if ((kid.type === 'page' || kid.type === 'folder') && !kid.leaf) {
      const below = await knownDescendantCount(levels, origin, { id: kid.id, type: kid.type, spaceId: item.spaceId });
      if (below === undefined) return undefined;
      n += below;
    }
  }
  return n;
}
