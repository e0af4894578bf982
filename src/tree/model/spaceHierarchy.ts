// A space's whole content tree, read ahead when the space is expanded, so that expanding any page or
// folder afterwards costs no request. Pure: no vscode import.
//
// What it reads (background requests, paused while the site says it is near its rate limit):
// 1. every page of the space, 250 per request, with parent and position (no depth limit, any order);
// 2. in parallel, one search for the space's folders, whiteboards, databases and embeds (250 per
//    request), which no v2 listing covers; root items among them are checked by id at once, so the
//    space's top level does not wait for the rest;
// 3. the place of every other search hit, checked where the search's ancestors suggest: the level of
//    each page or folder holding such content is listed directly (one request per 250 children), and
//    that answer is the level. A hit missing from that level is read by id (one request), and so is a
//    non-page parent that pages name but the search missed.
// Bench space (10,000 pages, 3 folders under the homepage): 40 + 1 + 1 requests; with the space's
// root pages, 43.
//
// What it claims: a level, or a leaf, only for a page the page listing returned or an item the search
// returned, and only once everything above has ended without a failure and the search answered for
// every type. Anything else (a failure, a type the search refused, content created since, a refreshed
// node) answers "unknown", and the tree lists that level directly. With the admin key on, the page
// listing and the search are made once more without it; what only the key showed is marked.

import type { NonPageType, PlacedContent } from '../../confluence/contentTreeApi';
import type { ContentNode, RequestOptions } from '../../confluence/types';
import { ContentIndex, type ContentRef, type Guess } from './contentIndex';
import { searchNonPageContent, type NonPageSearchSource } from './nonPageSearch';

export interface SpaceHierarchySource extends NonPageSearchSource {
  spacePageTree(spaceId: string, o?: RequestOptions): AsyncIterable<PlacedContent[]>;
  directChildren(parent: { type: 'page' | 'folder'; id: string }, o?: RequestOptions): AsyncIterable<ContentNode[]>;
  getContentItem(item: { type: NonPageType; id: string }, o?: RequestOptions): Promise<PlacedContent>;
}

export interface SpaceHierarchyOptions {
  /** List pages and search once more without the admin key, to tell what only the key reveals. */
  compareWithoutAdminKey: boolean;
  /** Checks (levels, items by id) in flight at once; default 4. */
  concurrency?: number;
  /** Something the tree shows changed: the read ended, late root items, restriction marks. */
  onProgress?: () => void;
  onError?: (error: unknown) => void;
}

/** Rounds of checks before giving up on placing everything (each round places, lists or drops something). */
const MAX_ROUNDS = 25;

export class SpaceHierarchy {
  private readonly index = new ContentIndex();
  private readonly forgotten = new Set<string>();
  /** Ids a check could not see (404): not asked again. */
  private readonly unseen = new Set<string>();
  private readonly abort = new AbortController();
  private state: 'reading' | 'complete' | 'unproven' = 'reading';
  private disposed = false;
  private started = false;
  private done: Promise<void> = Promise.resolve();
  private comparing: Promise<void> = Promise.resolve();
  private readonly roots: Promise<ContentNode[]>;
  private settleRoots: (read: Promise<ContentNode[]>) => void = () => undefined;
  private readonly earlyRoots = new Set<string>();
  private visibleWithoutKey: Set<string> | undefined;
  private hiddenWithoutKey = false;

  constructor(private readonly source: SpaceHierarchySource, private readonly space: { id: string; key: string },
    private readonly options: SpaceHierarchyOptions) {
    this.roots = new Promise((resolve) => { this.settleRoots = resolve; });
    // A failed search is reported through onError; whoever asks for the root items sees it too.
    this.roots.catch(() => undefined);
  }

  /** Starts the read (once). */
  start(): this {
    if (!this.started) {
      this.started = true;
      this.done = this.read();
    }
    return this;
  }

  /**
   * The space's folders, whiteboards, databases and embeds at its root, once the read has started and
   * checked them (rejects when the search fails).
   */
  rootItems(): Promise<ContentNode[]> { return this.roots; }

  /** Root items found only after rootItems() answered (a search hit that sat elsewhere, a folder the search missed). */
  lateRootItems(): ContentNode[] {
    return this.state === 'complete' ? this.index.rootItems().filter((n) => !this.earlyRoots.has(n.id)) : [];
  }

  /**
   * The children of a page or folder, once the read has proven it knows all of them; undefined when it
   * cannot (see the header), so the caller lists them itself.
   */
  async children(id: string): Promise<ContentNode[] | undefined> {
    await this.done;
    return this.proven(id) ? this.index.children(id) : undefined;
  }

  /** Resolves when the read, and the comparison without the admin key if any, have ended (either way). */
  async settled(): Promise<void> {
    await this.done;
    await this.comparing;
  }

  /** True when the read has proven the node has no children (so it need not look expandable). */
  isKnownLeaf(id: string): boolean {
    return this.proven(id) && this.index.children(id).length === 0;
  }

  /** True when the node was listed only because the admin key is on (known once the comparison ran). */
  restrictedViaKey(id: string): boolean {
    if (!this.index.isCovered(id)) return false;
    if (this.hiddenWithoutKey) return true;
    return this.visibleWithoutKey !== undefined && !this.visibleWithoutKey.has(id);
  }

  /** Forgets what is known below a node (a refresh of it lists its children directly). */
  forget(id: string): void {
    this.forgotten.add(id);
  }

  dispose(): void {
    this.disposed = true;
    this.abort.abort();
  }

  private proven(id: string): boolean {
    return this.state === 'complete' && !this.disposed && this.index.isCovered(id) && !this.forgotten.has(id);
  }

  private async read(): Promise<void> {
    const o: RequestOptions = { signal: this.abort.signal, priority: 'background' };
    let refused: NonPageType[] = [];
    const search = searchNonPageContent(this.source, this.space, o).then((r) => {
      this.index.addHits(r.hits);
      refused = r.refused;
    });
    const roots = search.then(() => this.checkRoots(o));
    this.settleRoots(roots);
    const pages = (async () => {
      for await (const batch of this.source.spacePageTree(this.space.id, o)) {
        if (this.disposed) return;
        this.index.addPages(batch);
      }
    })();
    try {
      await Promise.all([pages, roots]);
      const settled = await this.settle(o);
      this.state = settled && refused.length === 0 && !this.disposed ? 'complete' : 'unproven';
    } catch (error) {
      this.state = 'unproven';
      if (!this.disposed) this.options.onError?.(error);
      return;
    }
    if (this.disposed) return;
    this.options.onProgress?.();
    if (this.options.compareWithoutAdminKey && this.state === 'complete') this.comparing = this.compare();
  }

  /** Search hits without ancestors sit at the root, the search suggests: each is read by id to be sure. */
  private async checkRoots(o: RequestOptions): Promise<ContentNode[]> {
    const candidates = this.index.guesses().filter((g) => g.parent === null);
    await this.each(candidates, (g) => this.readItem(asItem(g.hit.node), o));
    const roots = this.index.rootItems();
    for (const r of roots) this.earlyRoots.add(r.id);
    return roots;
  }

  /** Places every search hit and every parent pages name; false when it could not finish. */
  private async settle(o: RequestOptions): Promise<boolean> {
    for (let round = 0; round < MAX_ROUNDS && !this.disposed; round++) {
      const missing = this.index.unknownParents().filter((r) => !this.unseen.has(r.id));
      if (missing.length > 0) {
        await this.each(missing, (r) => this.readItem(asItem(r), o));
        continue;
      }
      const guesses = this.index.guesses();
      if (guesses.length > 0) {
        await this.each([...groupByParent(guesses).values()], (group) => this.check(group, o));
        continue;
      }
      const holders = this.index.unlistedHolders().filter((r) => !this.unseen.has(r.id));
      if (holders.length > 0) {
        await this.each(holders, (r) => this.listLevel(r, o));
        continue;
      }
      // Content under something nobody could read (a page created during the listing, a parent of a
      // type guessed wrong): the level that something belongs in is unknown, so none is claimed.
      return this.index.orphans().length === 0;
    }
    return false;
  }

  /** Hits believed to sit under one parent: list that level, then read by id each hit it does not hold. */
  private async check(group: Guess[], o: RequestOptions): Promise<void> {
    const parent = group[0]?.parent ?? null;
    if (parent && (parent.type === 'page' || parent.type === 'folder') && !this.index.isListed(parent.id) && !this.unseen.has(parent.id)) {
      await this.listLevel(parent, o);
    }
    // The listed level placed the hits it holds; the others sit elsewhere.
    for (const g of group) {
      if (!this.index.isPlaced(g.hit.node.id) && !this.unseen.has(g.hit.node.id)) await this.readItem(asItem(g.hit.node), o);
    }
  }

  private async listLevel(parent: ContentRef, o: RequestOptions): Promise<void> {
    const children: ContentNode[] = [];
    try {
      for await (const batch of this.source.directChildren({ type: parent.type === 'folder' ? 'folder' : 'page', id: parent.id }, o)) children.push(...batch);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      this.unseen.add(parent.id);
      return;
    }
    this.index.setLevel(parent, children);
  }

  private async readItem(item: { id: string; type: NonPageType }, o: RequestOptions): Promise<void> {
    try {
      this.index.place(await this.source.getContentItem({ type: item.type, id: item.id }, o));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      this.unseen.add(item.id);
      this.index.drop(item.id);
    }
  }

  private async compare(): Promise<void> {
    const o: RequestOptions = { signal: this.abort.signal, priority: 'background', withoutAdminKey: true };
    const visible = new Set<string>();
    try {
      for await (const batch of this.source.spacePageTree(this.space.id, o)) for (const p of batch) visible.add(p.id);
      for (const hit of (await searchNonPageContent(this.source, this.space, o)).hits) visible.add(hit.node.id);
      this.visibleWithoutKey = visible;
    } catch (error) {
      // Without the key the space's content is not found at all: everything listed needed the key.
      if (isNotFound(error)) this.hiddenWithoutKey = true;
      else { if (!this.disposed) this.options.onError?.(error); return; }
    }
    if (!this.disposed) this.options.onProgress?.();
  }

  /** Runs `work` over `items`, at most `concurrency` at a time; the first failure stops the rest. */
  private async each<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      while (next < items.length && !failed && !this.disposed) {
        try {
          await work(items[next++] as T);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 4, items.length) }, worker));
  }
}

/** A search hit or a parent pages name: never a page (pages all come from the page listing). */
function asItem(ref: { id: string; type: string }): { id: string; type: NonPageType } {
  return { id: ref.id, type: ref.type === 'whiteboard' || ref.type === 'database' || ref.type === 'embed' ? ref.type : 'folder' };
}

function groupByParent(guesses: Guess[]): Map<string, Guess[]> {
  const groups = new Map<string, Guess[]>();
  for (const g of guesses) {
    const key = g.parent ? `${g.parent.type}:${g.parent.id}` : '';
    const group = groups.get(key);
    if (group) group.push(g); else groups.set(key, [g]);
  }
  return groups;
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === 'notFound';
}
