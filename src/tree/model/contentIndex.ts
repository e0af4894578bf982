// What the read-ahead of a space has learnt, and which levels that proves. Pure: no vscode, no I/O.
//
// Sources, and what each is trusted for:
// - the space's page listing: every page and where it sits (parentId, position); no depth limit;
// - the search for folders, whiteboards, databases and embeds: that they exist ("covered" content,
//   whose own children the listings hold); the ancestors it expands only suggest a parent;
// - a level listed with direct-children, and an item read by id: where content sits, for certain.
// A non-page item is shown in a level only once one of the last two confirmed it there, and every
// page or folder holding one has its level listed directly, so mixed levels come in Confluence's
// own order (childPosition) from one answer. Every other level is pages only, sorted by position.

import type { PlacedContent, SearchedContent } from '../../confluence/contentTreeApi';
import type { ContentNode, ContentType } from '../../confluence/types';

export interface ContentRef { id: string; type: ContentType }
/** Where a search hit is believed to sit before that is checked; null: at the root of the space. */
export interface Guess { hit: SearchedContent; parent: ContentRef | null }

export class ContentIndex {
  private readonly nodes = new Map<string, ContentNode>();
  /** Where a node sits: a parent id, or null at the root. Pages from the listing; other content once confirmed. */
  private readonly parents = new Map<string, string | null>();
  private readonly parentTypes = new Map<string, ContentType>();
  /** Levels listed directly: the whole level, in Confluence's order. */
  private readonly listed = new Map<string, ContentNode[]>();
  /** Search hits whose place is not confirmed yet. */
  private readonly unplaced = new Map<string, SearchedContent>();
  /** Pages from the page listing and hits of the search: their children are all in those listings. */
  private readonly covered = new Set<string>();
  private childrenCache: Map<string | null, ContentNode[]> | undefined;

  addPages(pages: readonly PlacedContent[]): void {
    for (const p of pages) {
      this.setNode(p, p.parentId ?? null, p.parentType);
      this.covered.add(p.id);
    }
  }

  addHits(hits: readonly SearchedContent[]): void {
    for (const hit of hits) {
      this.covered.add(hit.node.id);
      if (this.parents.has(hit.node.id)) continue;
      this.nodes.set(hit.node.id, hit.node);
      this.unplaced.set(hit.node.id, hit);
    }
  }

  /** An item read by id: its place is confirmed. */
  place(item: PlacedContent): void {
    this.setNode(item, item.parentId ?? null, item.parentType);
  }

  /** A level listed directly (direct-children): confirms every child's place, and is the level from now on. */
  setLevel(parent: ContentRef, children: readonly ContentNode[]): void {
    for (const c of children) {
      const existing = this.nodes.get(c.id);
      this.setNode(existing ? { ...existing, ...c } : c, parent.id, parent.type);
    }
    this.listed.set(parent.id, [...children]);
    this.childrenCache = undefined;
  }

  /** Content that cannot be seen (gone, or restricted) after all: out of every level. */
  drop(id: string): void {
    this.nodes.delete(id);
    this.parents.delete(id);
    this.unplaced.delete(id);
    this.covered.delete(id);
    this.childrenCache = undefined;
  }

  node(id: string): ContentNode | undefined { return this.nodes.get(id); }
  isCovered(id: string): boolean { return this.covered.has(id); }
  isListed(id: string): boolean { return this.listed.has(id); }
  /** Where it sits is known (from the page listing, a listed level or a read by id). */
  isPlaced(id: string): boolean { return this.parents.has(id); }
  get unplacedCount(): number { return this.unplaced.size; }

  /**
   * Non-page parents that content names but the search did not return (an index that lags, say); a
   * parent of no stated type is taken for a folder, the only non-page type pages usually sit in.
   */
  unknownParents(): ContentRef[] {
    const out = new Map<string, ContentRef>();
    for (const [id, parent] of this.parents) {
      const type = this.parentTypes.get(id) ?? 'folder';
      if (parent === null || type === 'page' || this.nodes.has(parent)) continue;
      out.set(parent, { id: parent, type });
    }
    return [...out.values()];
  }

  /** Content whose parent is not known at all: the level it belongs to cannot be told complete. */
  orphans(): string[] {
    return [...this.parents].filter(([, parent]) => parent !== null && !this.nodes.has(parent)).map(([id]) => id);
  }

  /**
   * Where each unconfirmed hit probably sits: its deepest ancestor whose depth is known (ancestors
   * come in no promised order), else its last one; the root when it has none.
   */
  guesses(): Guess[] {
    const depths = new Map<string, number | undefined>();
    return [...this.unplaced.values()].map((hit) => {
      let best: { ref: ContentRef; depth: number } | undefined;
      for (const a of hit.ancestors) {
        const depth = this.depth(a.id, depths, new Set());
        if (depth !== undefined && (!best || depth >= best.depth)) best = { ref: { id: a.id, type: asType(a.type) }, depth };
      }
      const last = hit.ancestors[hit.ancestors.length - 1];
      const parent = best?.ref ?? (last ? { id: last.id, type: asType(last.type) } : null);
      return { hit, parent };
    });
  }

  /** Pages and folders holding confirmed non-page content whose level has not been listed. */
  unlistedHolders(): ContentRef[] {
    const out = new Map<string, ContentRef>();
    for (const [id, parent] of this.parents) {
      const node = this.nodes.get(id);
      if (!node || node.type === 'page' || parent === null || this.listed.has(parent)) continue;
      const type = this.parentTypes.get(id) ?? this.nodes.get(parent)?.type;
      if (type === 'page' || type === 'folder') out.set(parent, { id: parent, type });
    }
    return [...out.values()];
  }

  /** A node's children as known: its listed level, else the nodes placed under it by position. */
  children(id: string): ContentNode[] {
    const listed = this.listed.get(id);
    if (listed) return listed;
    return this.placedUnder(id);
  }

  /** Confirmed non-page content at the root of the space (root pages come from their own listing). */
  rootItems(): ContentNode[] {
    return this.placedUnder(null).filter((n) => n.type !== 'page');
  }

  private placedUnder(parent: string | null): ContentNode[] {
    if (!this.childrenCache) {
      const cache = new Map<string | null, ContentNode[]>();
      for (const [id, p] of this.parents) {
        const node = this.nodes.get(id);
        if (!node) continue;
        const siblings = cache.get(p);
        if (siblings) siblings.push(node); else cache.set(p, [node]);
      }
      for (const siblings of cache.values()) siblings.sort(byPosition);
      this.childrenCache = cache;
    }
    return this.childrenCache.get(parent) ?? [];
  }

  private setNode(node: ContentNode, parent: string | null, parentType: ContentType | undefined): void {
    this.nodes.set(node.id, node);
    this.parents.set(node.id, parent);
    if (parentType) this.parentTypes.set(node.id, parentType); else this.parentTypes.delete(node.id);
    this.unplaced.delete(node.id);
    this.childrenCache = undefined;
  }

  /** Levels below the root: from confirmed parents, else (an unconfirmed hit) its number of ancestors. */
  private depth(id: string, memo: Map<string, number | undefined>, visiting: Set<string>): number | undefined {
    if (memo.has(id)) return memo.get(id);
    let depth: number | undefined;
    const parent = this.parents.get(id);
    if (parent === null) depth = 0;
    else if (parent !== undefined && !visiting.has(id)) {
      visiting.add(id);
      const above = this.depth(parent, memo, visiting);
      depth = above === undefined ? undefined : above + 1;
    } else {
      const hit = this.unplaced.get(id);
      depth = hit ? hit.ancestors.length : undefined;
    }
    memo.set(id, depth);
    return depth;
  }
}

/** Siblings by position (Confluence's order); without one, last, oldest first (ids grow with creation). */
function byPosition(a: ContentNode, b: ContentNode): number {
  const pa = a.childPosition ?? Number.POSITIVE_INFINITY;
  const pb = b.childPosition ?? Number.POSITIVE_INFINITY;
  if (pa !== pb) return pa < pb ? -1 : 1;
  return compareIds(a.id, b.id);
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function asType(type: string): ContentType {
  return type === 'folder' || type === 'whiteboard' || type === 'database' || type === 'embed' ? type : 'page';
}
