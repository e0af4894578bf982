import * as vscode from 'vscode';
import type { Batch, ContentNode, Space } from '../confluence/types';
import type { ContentItemNode, MessageKind, MessageNode, ParentNode, SiteNode, SpaceNode, TreeNode } from './model/treeNodes';
import type { CachedLevels } from './model/levelEdits';
import type { SpaceHierarchy } from './model/spaceHierarchy';
import { isContainer, mapBatches, spaceKeyOf, spaceRoots } from './model/spaceRoots';
import { SpaceReadAheads } from './spaceReadAheads';
import { ConfluenceError } from '../confluence/errors';
import type { SiteSessions } from '../auth/siteSessions';
import type { ExtensionSettings } from '../platform/settings';

interface Listing {
  items: TreeNode[];
  /** streaming: batches still arriving; paused: stopped at the auto-load limit, "Load more" continues. */
  status: 'streaming' | 'paused' | 'complete' | 'error';
  error?: string;
  iterator?: AsyncIterator<TreeNode[]>;
  /** A level known from the read-ahead, beyond what is shown yet ("Load more…" shows more, with no request). */
  rest?: TreeNode[];
  firstBatch?: Promise<void>;
  /** Items loaded without asking; "Load more…" raises it. */
  limit: number;
  /** VS Code has read this level since it last changed (see announce()). */
  seenByView: boolean;
  generation: number;
}

/** Children loaded without asking: beyond this, a "Load more…" row continues (a 10,000-page level stays responsive). */
export const AUTO_LOAD_LIMIT = 1000;

/** Delays before re-announcing a changed level that the view has not read back (ms). */
const ANNOUNCE_RETRIES = [300, 1000, 3000];

/**
 * Fetches and caches the tree's levels. Expanding a space lists its root pages (one request, shown at
 * once) and starts reading ahead its whole content tree (SpaceHierarchy); a page or folder the
 * read-ahead has proven it knows costs no request. Any other level is listed when first expanded: its
 * first batch (250 items, one request) is returned at once and the rest streams in, each batch
 * refreshing the node. While the admin key is on, what only the key revealed is marked: the
 * read-ahead compares itself with a read made without the key, and a level listed directly is listed
 * once more without it.
 */
export class TreeModel implements vscode.Disposable {
  private readonly listings = new Map<string, Listing>();
  /** Per expanded space: the read-ahead of its whole content tree. */
  private readonly readAheads: SpaceReadAheads;
  private readonly parentNodes = new Map<string, ParentNode>();
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChange = this.changed.event;
  private generation = 0;

  /** The cached levels, for changes made through Confluence that the view shows without listing again (levelEdits.ts). */
  readonly levels: CachedLevels = {
    listings: this.listings,
    parentNode: (key) => this.parentNodes.get(key),
    hierarchy: (origin, spaceId) => this.readAheads.ofSpace(origin, spaceId),
    contentNode: (origin, spaceKey, content) => this.contentNode(origin, spaceKey, content),
    drop: (key) => { this.listings.delete(key); this.parentNodes.delete(key); },
  };

  /** Applies a level edit; when it changed a cached level, the view re-reads the tree (from the cache). */
  edit(change: (levels: CachedLevels) => boolean): void {
    if (change(this.levels)) this.changed.fire(undefined);
  }

  constructor(
    private readonly sessions: SiteSessions,
    private readonly settings: ExtensionSettings,
    private readonly adminKeyActive: (origin: string) => boolean,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.readAheads = new SpaceReadAheads(sessions, adminKeyActive, log, (space, hierarchy) => this.applyProgress(space, hierarchy));
  }

  /** Top level: the sites when there are several, else the single site's spaces. */
  async roots(): Promise<TreeNode[]> {
    const sites = this.sessions.sites();
    if (sites.length === 0) return [];
    if (sites.length > 1) return sites.map((s) => this.siteNode(s.origin));
    const only = sites[0];
    return only ? this.children(this.siteNode(only.origin)) : [];
  }

  private readonly siteNodes = new Map<string, SiteNode>();
  private siteNode(origin: string): SiteNode {
    const node = this.siteNodes.get(origin) ?? { kind: 'site', key: `site|${origin}`, origin };
    this.siteNodes.set(origin, node);
    return node;
  }

  /** The children of a node: cached items plus, while more are coming, a status row. */
  async children(parent: ParentNode): Promise<TreeNode[]> {
    if (this.sessions.isInvalid(parent.origin)) {
      return [this.message(parent, 'signInAgain', vscode.l10n.t('Credentials rejected — sign in again'), vscode.l10n.t('Confluence rejected this site\'s API token: it may have expired or been revoked.'))];
    }
    let listing = this.listings.get(parent.key);
    if (!listing) {
      listing = this.startListing(parent);
      this.listings.set(parent.key, listing);
      this.parentNodes.set(parent.key, parent);
    }
    await listing.firstBatch;
    return this.view(parent, listing);
  }

  private view(parent: ParentNode, listing: Listing): TreeNode[] {
    listing.seenByView = true;
    const rows = [...listing.items];
    if (listing.status === 'streaming') rows.push(this.message(parent, 'loadingMore', vscode.l10n.t('Loading more…')));
    if (listing.status === 'paused') rows.push(this.message(parent, 'loadMore', vscode.l10n.t('Load more… ({0} shown)', listing.items.length)));
    if (listing.status === 'error') rows.push(this.message(parent, 'error', vscode.l10n.t('Could not load — click to retry'), listing.error));
    if (listing.status === 'complete' && rows.length === 0) rows.push(this.message(parent, 'empty', EMPTY_TEXT[parent.kind]()));
    return rows;
  }

  private startListing(parent: ParentNode): Listing {
    const listing: Listing = { items: [], status: 'streaming', generation: this.generation, limit: AUTO_LOAD_LIMIT, seenByView: false };
    listing.firstBatch = this.fill(parent, listing);
    return listing;
  }

  /**
   * Children the space's read-ahead has proven cost no request; anything else (a space's top level,
   * what the read-ahead could not prove, a refreshed node) is listed directly, streaming.
   */
  private async fill(parent: ParentNode, listing: Listing): Promise<void> {
    if (parent.kind === 'content' && isContainer(parent.content)) {
      const hierarchy = this.readAheads.of(parent);
      const known = hierarchy ? await hierarchy.children(parent.content.id) : undefined;
      if (listing.generation !== this.generation) return;
      if (known && hierarchy) {
        const all = known.map((c) => {
          const node = this.contentNode(parent.origin, parent.spaceKey, { ...c, spaceId: c.spaceId ?? parent.content.spaceId });
          node.restrictedViaKey = hierarchy.restrictedViaKey(c.id);
          node.leaf = hierarchy.isKnownLeaf(c.id);
          return node;
        });
        listing.items = all.slice(0, listing.limit);
        if (all.length > listing.limit) listing.rest = all.slice(listing.limit);
        listing.status = listing.rest ? 'paused' : 'complete';
        return;
      }
    }
    const source = this.source(parent);
    if (!source) {
      listing.status = 'error';
      listing.error = vscode.l10n.t('This site is signed out.');
      return;
    }
    listing.iterator = source[Symbol.asyncIterator]();
    await this.pull(parent, listing, true);
  }

  /**
   * The read-ahead ended, or its comparison without the admin key did, after the levels were shown:
   * add root items found late to the space's top level and update restriction marks.
   */
  private applyProgress(space: SpaceNode, hierarchy: SpaceHierarchy): void {
    const top = this.listings.get(space.key);
    const late = hierarchy.lateRootItems().filter((c) => !top?.items.some((i) => i.kind === 'content' && i.content.id === c.id));
    if (top && top.status === 'complete' && late.length > 0) {
      top.items.push(...late.map((c) => this.contentNode(space.origin, space.space.key, c)));
      this.announce(space, top);
    }
    for (const [key, listing] of this.listings) {
      if (key !== space.key && !key.startsWith(`content|${space.origin}|`)) continue;
      let changed = false;
      for (const item of listing.items) {
        if (item.kind !== 'content' || item.content.spaceId !== space.space.id) continue;
        const restricted = hierarchy.restrictedViaKey(item.content.id);
        if (restricted && !item.restrictedViaKey) {
          item.restrictedViaKey = true;
          changed = true;
        }
      }
      const parent = this.parentNodes.get(key);
      if (changed && parent) this.announce(parent, listing);
    }
  }

  /**
   * Pulls batches until the level is complete or reaches its load limit. With firstBatchOnly it
   * returns after the first batch (one round trip) and carries on in the background.
   */
  private async pull(parent: ParentNode, listing: Listing, firstBatchOnly: boolean): Promise<void> {
    try {
      while (listing.iterator && listing.status === 'streaming' && listing.generation === this.generation) {
        const next = await listing.iterator.next();
        if (listing.generation !== this.generation) return;
        if (next.done) {
          listing.status = 'complete';
          break;
        }
        listing.items.push(...next.value);
        // The client says when no request follows: such a level is complete at once, with no
        // "Loading more…" row and so no later refresh to depend on.
        if ((next.value as Batch<TreeNode>).hasMore === false) {
          listing.status = 'complete';
          break;
        }
        if (listing.items.length >= listing.limit) {
          listing.status = 'paused';
          break;
        }
        if (firstBatchOnly) {
          void this.pull(parent, listing, false).then(() => this.announce(parent, listing));
          return;
        }
        this.announce(parent, listing);
      }
    } catch (error) {
      if (listing.generation !== this.generation) return;
      this.sessions.reportError(parent.origin, error);
      listing.status = 'error';
      listing.error = error instanceof Error ? error.message : String(error);
      this.log.warn(`[tree] listing ${parent.key} failed: ${listing.error}`);
    }
    if (listing.status === 'complete') await this.markRestricted(parent, listing);
  }

  /**
   * Tells VS Code a level changed, and tells it again if it does not read the level back: a refresh
   * that arrives while the view is still taking in the level's previous answer is merged into that
   * fetch and lost, which would leave a "Loading more…" row for ever.
   */
  private announce(parent: ParentNode, listing: Listing, attempt = 0): void {
    if (listing.generation !== this.generation || this.listings.get(parent.key) !== listing) return;
    listing.seenByView = false;
    this.changed.fire(this.viewElement(parent));
    if (attempt >= ANNOUNCE_RETRIES.length) return;
    setTimeout(() => {
      if (!listing.seenByView) this.announce(parent, listing, attempt + 1);
    }, ANNOUNCE_RETRIES[attempt]);
  }

  /** The element VS Code knows a parent by: with a single site its node is the (undefined) root. */
  private viewElement(parent: ParentNode): TreeNode | undefined {
    return parent.kind === 'site' && this.sessions.sites().length === 1 ? undefined : parent;
  }

  /** "Load more…": continue a paused level. */
  loadMore(parent: ParentNode): void {
    const listing = this.listings.get(parent.key);
    if (!listing || listing.status !== 'paused') return;
    listing.limit += AUTO_LOAD_LIMIT;
    if (listing.rest) {
      listing.items.push(...listing.rest.splice(0, AUTO_LOAD_LIMIT));
      if (listing.rest.length === 0) {
        listing.rest = undefined;
        listing.status = 'complete';
      }
      this.announce(parent, listing);
      return;
    }
    listing.status = 'streaming';
    this.announce(parent, listing);
    void this.pull(parent, listing, false).then(() => this.announce(parent, listing));
  }

  private source(parent: ParentNode): AsyncIterable<TreeNode[]> | undefined {
    const session = this.sessions.get(parent.origin);
    if (!session) return undefined;
    const client = session.client;
    const origin = parent.origin;
    const self = this;
    switch (parent.kind) {
      case 'site':
        return (async function* () {
          // All spaces are collected first (they are sorted by name), so this is the only batch.
          const spaces = (await client.listAllSpaces()).filter((s) => self.wantSpace(s));
          yield Object.assign(spaces.map((space) => self.spaceNode(origin, space)), { hasMore: false });
        })();
      case 'space': {
        const spaceKey = parent.space.key;
        const hierarchy = this.readAheads.create(parent);
        const roots = spaceRoots(client, parent.space, () => hierarchy?.rootItems() ?? Promise.resolve([]), (error) => this.rootItemsFailed(parent, error));
        // The read-ahead starts once the root pages have answered, so they are the first thing asked for.
        return mapBatches(roots, (c) => this.contentNode(origin, spaceKey, c), () => hierarchy?.start());
      }
      case 'content': {
        if (parent.content.type !== 'page' && parent.content.type !== 'folder') return emptyIterable();
        const spaceKey = parent.spaceKey;
        return mapBatches(client.directChildren({ type: parent.content.type, id: parent.content.id }), (c) => this.contentNode(origin, spaceKey, c));
      }
    }
  }

  /**
   * Compares a level listed directly with the same listing made without the admin key. A space's top
   * level is marked by its read-ahead's comparison instead (applyProgress).
   */
  private async markRestricted(parent: ParentNode, listing: Listing): Promise<void> {
    if (parent.kind !== 'content' || !this.adminKeyActive(parent.origin)) return;
    const client = this.sessions.get(parent.origin)?.client;
    if (!client) return;
    const withoutKey = new Set<string>();
    try {
      const iterable = client.directChildren({ type: parent.content.type as 'page' | 'folder', id: parent.content.id }, { withoutAdminKey: true });
      for await (const batch of iterable) for (const c of batch) withoutKey.add(c.id);
    } catch (error) {
      // A parent that is itself restricted answers 404 without the key: all its children need the key.
      if (!ConfluenceError.is(error, 'notFound')) {
        this.log.warn(`[tree] could not compare ${parent.key} without the admin key: ${String(error)}`);
        return;
      }
    }
    if (listing.generation !== this.generation) return;
    for (const item of listing.items) {
      if (item.kind === 'content') item.restrictedViaKey = !withoutKey.has(item.content.id);
    }
    this.announce(parent, listing);
  }

  private rootItemsFailed(space: SpaceNode, error: unknown): void {
    this.log.warn(`[tree] finding the folders, whiteboards, databases and embeds at the root of ${space.space.key} failed (its root pages are shown): ${String(error)}`);
  }

  private wantSpace(space: Space): boolean {
    if (space.status === 'archived' && !this.settings.showArchivedSpaces()) return false;
    if (space.type === 'personal' && !this.settings.showPersonalSpaces()) return false;
    return true;
  }

  private spaceNode(origin: string, space: Space): SpaceNode {
    return { kind: 'space', key: spaceKeyOf(origin, space.id), origin, space };
  }

  private contentNode(origin: string, spaceKey: string, content: ContentNode): ContentItemNode {
    return { kind: 'content', key: `content|${origin}|${content.type}|${content.id}`, origin, spaceKey, content, restrictedViaKey: false, leaf: false };
  }

  private message(parent: ParentNode, message: MessageKind, text: string, detail?: string): MessageNode {
    return { kind: 'message', key: `${parent.key}|${message}`, origin: parent.origin, parent, message, text, ...(detail !== undefined ? { detail } : {}) };
  }

  /** Resolves when the spaces' read-aheads started so far have ended. */
  readAheadsSettled(): Promise<void> {
    return this.readAheads.settled();
  }

  /** Forgets a node's listing (or everything) and asks VS Code to re-read it. */
  refresh(node?: TreeNode): void {
    if (!node || node.kind === 'message') {
      if (node?.kind === 'message' && node.parent && node.parent.kind !== 'message') {
        this.refresh(node.parent);
        return;
      }
      this.generation++;
      this.listings.clear();
      this.parentNodes.clear();
      this.readAheads.disposeWhere(() => true);
      this.changed.fire(undefined);
      return;
    }
    this.listings.delete(node.key);
    if (node.kind === 'space') this.readAheads.disposeWhere((key) => key === node.key);
    // A refreshed page or folder lists its children directly from now on: fresh, not read-ahead.
    if (node.kind === 'content') this.readAheads.of(node)?.forget(node.content.id);
    if (node.kind === 'site') this.readAheads.disposeWhere((key) => key.startsWith(`space|${node.origin}|`));
    this.changed.fire(node.kind === 'site' && this.sessions.sites().length === 1 ? undefined : node);
  }

  /** After the admin key changed on a site, that site's listings differ: list them again. */
  refreshSite(origin: string): void {
    this.generation++;
    for (const [key, listing] of [...this.listings]) {
      if (key.includes(`|${origin}|`) || key === `site|${origin}`) {
        this.listings.delete(key);
        this.parentNodes.delete(key);
      } else {
        listing.generation = this.generation;
      }
    }
    this.readAheads.disposeWhere((key) => key.startsWith(`space|${origin}|`));
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.generation++;
    this.readAheads.disposeWhere(() => true);
    this.changed.dispose();
  }
}

const EMPTY_TEXT = {
  site: () => vscode.l10n.t('No spaces you can see'), space: () => vscode.l10n.t('No pages'), content: () => vscode.l10n.t('No child pages'),
} as const;

// Whiteboards, databases and embeds are leaves here; they open in the browser.
async function* emptyIterable(): AsyncGenerator<TreeNode[]> {}
