// A space's content tree, read ahead with the descendants listing: every page, folder, whiteboard,
// database and embed under the space's root pages and folders, 250 per request, up to ten levels per
// listing. Expanding any node it has read then costs no request at all, so exploring a 10,000-page
// space costs about ceil(10,000 / 250) requests instead of one (or more) per expanded node.
//
// Nothing is taken on trust that Confluence does not promise: real sites list at most five levels
// whatever `depth` asks, and not strictly level by level. So a level counts as complete only once the
// whole listing has ended, and the deepest level it returned may have children it did not list: those
// nodes are neither leaves nor complete, and the tree lists their children directly. Read-ahead
// requests are background work: they pause while the site says it is near its rate limit.
// Pure: no vscode import.

import type { ContentNode, DescendantNode, RequestOptions } from '../../confluence/types';
import { MAX_DESCENDANT_DEPTH } from '../../confluence/types';

export interface DescendantsSource {
  descendants(parent: { type: 'page' | 'folder'; id: string }, depth?: number, o?: RequestOptions): AsyncIterable<DescendantNode[]>;
}

interface RootRead {
  type: 'page' | 'folder';
  /** The deepest level listed; once the listing is done, every level above it is complete. */
  deepestSeen: number;
  done: boolean;
  failed: boolean;
  started: boolean;
  /** Resolved and replaced after every batch, so waiters re-check. */
  progress: Promise<void>;
  signal: () => void;
  /** Ids listed without the admin key, once that comparison has run; undefined until then. */
  visibleWithoutKey?: Set<string>;
  /** The root itself is hidden without the key (404), so is everything under it. */
  rootHiddenWithoutKey?: boolean;
}

export interface SpaceHierarchyOptions {
  /** List each root a second time without the admin key, to tell what only the key reveals. */
  compareWithoutAdminKey: boolean;
  /** Root listings run at the same time; more wait in line (the one someone expands goes first). */
  concurrency?: number;
  onProgress?: () => void;
  onError?: (rootId: string, error: unknown) => void;
}

export class SpaceHierarchy {
  private readonly childrenOf = new Map<string, ContentNode[]>();
  /** Depth below its root (the root page itself is 0), and which root a node was read under. */
  private readonly depthOf = new Map<string, number>();
  private readonly rootOf = new Map<string, string>();
  private readonly reads = new Map<string, RootRead>();
  private readonly queue: string[] = [];
  private running = 0;
  private disposed = false;
  private readonly abort = new AbortController();

  constructor(private readonly source: DescendantsSource, private readonly options: SpaceHierarchyOptions) {}

  /** Root pages (and root folders) of the space, as the root listing yields them; each is read ahead in turn. */
  addRoots(roots: readonly (string | { id: string; type: 'page' | 'folder' })[]): void {
    for (const root of roots) {
      const { id, type } = typeof root === 'string' ? { id: root, type: 'page' as const } : root;
      if (this.reads.has(id)) continue;
      let signal = () => undefined as void;
      const progress = new Promise<void>((resolve) => { signal = resolve; });
      this.reads.set(id, { type, deepestSeen: 0, done: false, failed: false, started: false, progress, signal });
      this.depthOf.set(id, 0);
      this.rootOf.set(id, id);
      this.queue.push(id);
    }
    this.pump();
  }

  /**
   * The children of a node, once the read-ahead has proven it knows all of them; undefined when it
   * cannot (the deepest level the listing returned, below the tenth level, a failed listing, or a
   * node it has not seen), so the caller lists them itself.
   */
  async children(id: string): Promise<ContentNode[] | undefined> {
    const rootId = this.rootOf.get(id);
    const read = rootId !== undefined ? this.reads.get(rootId) : undefined;
    const depth = this.depthOf.get(id);
    if (!read || rootId === undefined || depth === undefined || depth >= MAX_DESCENDANT_DEPTH) return undefined;
    this.prioritise(rootId);
    for (;;) {
      if (read.failed || this.disposed) return undefined;
      if (read.done) return provenComplete(read, depth) ? this.sorted(id) : undefined;
      await read.progress;
    }
  }

  /** True when the read-ahead has proven the node has no children (so it need not look expandable). */
  isKnownLeaf(id: string): boolean {
    const rootId = this.rootOf.get(id);
    const read = rootId !== undefined ? this.reads.get(rootId) : undefined;
    const depth = this.depthOf.get(id);
    if (!read || depth === undefined || depth >= MAX_DESCENDANT_DEPTH || read.failed || !read.done) return false;
    return provenComplete(read, depth) && (this.childrenOf.get(id)?.length ?? 0) === 0;
  }

  /** True when the node was listed only because the admin key is on (known once the comparison ran). */
  restrictedViaKey(id: string): boolean {
    const rootId = this.rootOf.get(id);
    const read = rootId !== undefined ? this.reads.get(rootId) : undefined;
    if (!read || id === rootId) return false;
    if (read.rootHiddenWithoutKey) return true;
    return read.visibleWithoutKey !== undefined && !read.visibleWithoutKey.has(id);
  }

  /** Forgets what is known below a node (a refresh of it lists its children directly). */
  forget(id: string): void {
    this.depthOf.set(id, MAX_DESCENDANT_DEPTH);
  }

  dispose(): void {
    this.disposed = true;
    this.abort.abort();
    for (const read of this.reads.values()) read.signal();
  }

  private sorted(id: string): ContentNode[] {
    const kids = this.childrenOf.get(id) ?? [];
    return [...kids].sort((a, b) => (a.childPosition ?? 0) - (b.childPosition ?? 0));
  }

  private prioritise(rootId: string): void {
    const at = this.queue.indexOf(rootId);
    if (at > 0) {
      this.queue.splice(at, 1);
      this.queue.unshift(rootId);
    }
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 2;
    while (!this.disposed && this.running < limit && this.queue.length > 0) {
      const rootId = this.queue.shift()!;
      const read = this.reads.get(rootId);
      if (!read || read.started) continue;
      read.started = true;
      this.running++;
      void this.readRoot(rootId, read).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async readRoot(rootId: string, read: RootRead): Promise<void> {
    const advance = () => {
      const signal = read.signal;
      read.progress = new Promise<void>((resolve) => { read.signal = resolve; });
      signal();
      this.options.onProgress?.();
    };
    try {
      for await (const batch of this.source.descendants({ type: read.type, id: rootId }, MAX_DESCENDANT_DEPTH, { signal: this.abort.signal, priority: 'background' })) {
        if (this.disposed) return;
        for (const node of batch) this.add(rootId, node);
        read.deepestSeen = Math.max(read.deepestSeen, ...batch.map((n) => n.depth));
        advance();
      }
      read.done = true;
    } catch (error) {
      read.failed = true;
      if (!this.disposed) this.options.onError?.(rootId, error);
    }
    advance();
    if (read.done && this.options.compareWithoutAdminKey && !this.disposed) await this.compare(rootId, read);
  }

  private add(rootId: string, node: DescendantNode): void {
    this.depthOf.set(node.id, node.depth);
    this.rootOf.set(node.id, rootId);
    const siblings = this.childrenOf.get(node.parentId);
    if (siblings) siblings.push(node); else this.childrenOf.set(node.parentId, [node]);
  }

  private async compare(rootId: string, read: RootRead): Promise<void> {
    const visible = new Set<string>();
    try {
      for await (const batch of this.source.descendants({ type: read.type, id: rootId }, MAX_DESCENDANT_DEPTH,
        { signal: this.abort.signal, withoutAdminKey: true, priority: 'background' })) {
        for (const node of batch) visible.add(node.id);
      }
      read.visibleWithoutKey = visible;
    } catch (error) {
      // Without the key the root itself is not found: it, and all below it, need the key.
      if (isNotFound(error)) read.rootHiddenWithoutKey = true;
      else { this.options.onError?.(rootId, error); return; }
    }
    if (!this.disposed) this.options.onProgress?.();
  }
}

/**
 * Whether a finished listing proves it holds every child of a node `depth` levels below its root: the
 * node's children would be one level deeper, and every level above the deepest one returned is
 * complete (the deepest itself may have been cut off). An empty listing still proves the root has none.
 */
function provenComplete(read: RootRead, depth: number): boolean {
  return depth < Math.max(read.deepestSeen, 1);
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === 'notFound';
}
