// Reading pages: one place that fetches, caches and de-duplicates, remembers what each read showed
// (permitted operations, whether it needed the admin key), and reports every failure to the session
// directory (a 401 anywhere offers "Sign in again"). Opening a page costs one request: the body comes
// with the permitted operations; concurrent reads of a page share one fetch; bodies are immutable per
// version; metadata is reused for a couple of seconds only, because VS Code's stat is its conflict gate.

import { ConfluenceError } from '../confluence/errors';
import type { Logger } from '../util/logger';
import type { Clock } from '../util/clock';
import { canUseAdminKey, type SiteSession } from '../confluence/siteSession';
import type { Page, RequestOptions } from '../confluence/types';
import { BodyCache, MetaCache, pageMetaFrom, type CachedBody, type PageMeta } from './pageCache';
import { PageError } from './pageErrors';
import { pageErrorFor, type ErrorContext } from './pageMessages';
import { pageKey, type PageLocation } from './pageUri';
import { l10n } from '../util/l10n';

/**
 * How long a metadata answer is reused (VS Code stats on focus and change events, and again once an
 * editor shows: a 5 MB page takes the workbench a few seconds to show, and with two seconds here that
 * stat cost a second request). The stat before a save never uses it: it always asks Confluence.
 */
export const META_TTL_MS = 5_000;
const OPERATIONS_TTL_MS = 60_000;

export interface Snapshot { meta: PageMeta; body: CachedBody }

/** The signed-in sites, as the page layer needs them. */
export interface SessionDirectory {
  /** The session whose site has this URI authority; undefined when signed out. */
  forAuthority(authority: string): SiteSession | undefined;
  /** Every failed request is reported here: a 401 stops the site and offers to sign in again. */
  reportError(origin: string, error: unknown): void;
}

/** The owner of the admin key's state, asked again when a request that carried the key found nothing. */
export interface AdminKeyRecheck {
  /** Re-reads the key of the site; resolves to whether it is on afterwards. */
  recheck(origin: string): Promise<boolean>;
}

/** Waits before a page that was never seen is asked for again (Confluence answers 404 for a moment after creating one). */
export const NEW_PAGE_RETRY_DELAYS_MS: readonly number[] = [250, 500, 1000];
/** How long after this window created a page its 404s are still taken for that moment, not for its end. */
export const NEW_PAGE_SETTLE_MS = 30_000;

export interface PageRepositoryDeps {
  sessions: SessionDirectory;
  adminKey?: AdminKeyRecheck;
  /** Pauses between those retries (tests pass an instant one). */
  wait?: (ms: number) => Promise<void>;
  clock: Pick<Clock, 'now'>;
  log: Pick<Logger, 'debug' | 'info' | 'warn'>;
}

export class PageRepository {
  private readonly bodies = new BodyCache();
  private readonly metas = new MetaCache();
  private readonly versionMetas = new Map<string, PageMeta>();
  private readonly fullInflight = new Map<string, Promise<Snapshot>>();
  private readonly metaInflight = new Map<string, Promise<PageMeta>>();
  private readonly versionInflight = new Map<string, Promise<Snapshot>>();
  private readonly operations = new Map<string, { canUpdate: boolean | undefined; at: number; pending?: Promise<boolean | undefined> }>();
  /** Pages last read while the admin key was on (they may be visible only through it). */
  private readonly readWithKey = new Set<string>();
  private readonly spaceKeys = new Map<string, string>();
  private readonly names = new Map<string, string>();
  /** Pages this window created, and when (their first reads may still answer 404). */
  private readonly createdHere = new Map<string, number>();
  /** Pages Confluence has answered for in this window (kept when a 404 drops what was cached). */
  private readonly seen = new Set<string>();
  /** 404s of requests that carried the admin key, and what a fresh look at the key said. */
  private readonly keyedNotFound = new WeakMap<object, 'lapsed' | 'notApplied'>();

  constructor(private readonly deps: PageRepositoryDeps) {}

  /** The session for a page's site, or a PageError a person can act on. */
  session(loc: PageLocation): SiteSession {
    const session = this.deps.sessions.forAuthority(loc.host);
    if (!session) {
      throw new PageError('Unavailable', l10n.t('Not signed in to {0}. Run "Confluence: Add Site…" (or sign in again), then reopen or save; your text is kept.', loc.host));
    }
    return session;
  }

  sessionIfAny(loc: Pick<PageLocation, 'host'>): SiteSession | undefined {
    return this.deps.sessions.forAuthority(loc.host);
  }

  /** The current version with its body: fresh from Confluence (shared with any fetch in flight). */
  fetchFull(session: SiteSession, loc: PageLocation, signal?: AbortSignal): Promise<Snapshot> {
    const pk = pageKey(loc.host, loc.pageId);
    let p = this.fullInflight.get(pk);
    if (!p) {
      // A cancellation (the person gave up waiting) ends the fetch it started; others join it as it is.
      p = this.request(session, async () => {
        const keyOn = session.client.adminKeyActive();
        // The permitted operations come with the body, so opening a page is one request.
        const page = await this.whileNew(loc, () => session.client.getPage(loc.pageId, { bodyFormat: 'storage', includeOperations: true, ...(signal ? { signal } : {}) }));
        this.noteVisibility(pk, keyOn);
        this.rememberOperations(loc.host, page, keyOn);
        return this.absorb(pk, page, page.body?.value ?? '');
      }).finally(() => this.fullInflight.delete(pk));
      this.fullInflight.set(pk, p);
    }
    return p;
  }

  /** The current version's metadata, no body (one cheap request, shared with any in flight). */
  fetchMeta(session: SiteSession, loc: PageLocation, o: RequestOptions = {}): Promise<PageMeta> {
    const pk = pageKey(loc.host, loc.pageId);
    // A read without the key is a different question (it may 404 where the keyed one would not).
    const flight = `${pk}${o.withoutAdminKey ? '|nokey' : ''}${o.priority === 'background' ? '|background' : ''}`;
    let p = this.metaInflight.get(flight);
    if (!p) {
      p = this.request(session, async () => {
        const keyOn = session.client.adminKeyActive() && o.withoutAdminKey !== true;
        const page = await this.whileNew(loc, () => session.client.getPageVersion(loc.pageId, o));
        this.noteVisibility(pk, keyOn);
        const meta = pageMetaFrom(page);
        this.rememberVersionMeta(pk, meta);
        return this.metas.update(pk, meta, this.deps.clock.now());
      }, o).finally(() => this.metaInflight.delete(flight));
      this.metaInflight.set(flight, p);
    }
    return p;
  }

  /**
   * What `stat` reports: a version with its body. `fresh` asks Confluence now (the stat just before a
   * save is VS Code's conflict check); otherwise recent metadata and cached bodies are reused.
   */
  async current(session: SiteSession, loc: PageLocation, fresh: boolean): Promise<Snapshot> {
    const pk = pageKey(loc.host, loc.pageId);
    const inflight = this.fullInflight.get(pk);
    if (inflight && !fresh) { return inflight; }
    const cached = this.metas.get(pk);
    let meta: PageMeta;
    if (fresh) {
      meta = await this.fetchMeta(session, loc);
    } else if (cached && this.deps.clock.now() - cached.at <= META_TTL_MS) {
      meta = cached.meta;
    } else if (this.bodies.hasAny(pk)) {
      meta = await this.fetchMeta(session, loc);
    } else {
      // Nothing cached: the size needs the body anyway, so one request gets both (and the read that
      // VS Code issues in parallel on open joins it).
      return this.fetchFull(session, loc);
    }
    const body = this.bodies.get(pk, meta.version);
    return body ? { meta: this.versionMeta(pk, meta.version) ?? meta, body } : this.fetchFull(session, loc);
  }

  /**
   * Any version with its body: cached (a published version never changes), or read from the page's
   * history with one request.
   */
  async version(session: SiteSession, loc: PageLocation, version: number): Promise<Snapshot> {
    const cached = this.cached(loc, version);
    if (cached) { return cached; }
    const pk = pageKey(loc.host, loc.pageId);
    // VS Code's stat and readFile of a version view arrive together: they share one request.
    const flight = `${pk}@${version}`;
    let p = this.versionInflight.get(flight);
    if (!p) {
      p = this.request(session, () => session.client.versionBody(loc.pageId, version)).then((old) => {
        const meta = pageMetaFrom({ id: old.pageId, title: old.title, status: old.status, spaceId: this.metas.get(pk)?.meta.spaceId ?? '', version: old.version });
        this.rememberVersionMeta(pk, meta);
        return { meta, body: this.bodies.set(pk, version, old.body.value) };
      }).finally(() => this.versionInflight.delete(flight));
      this.versionInflight.set(flight, p);
    }
    return p;
  }

  /**
   * Reads a page this window has never seen, asking again briefly on 404: Confluence has been seen to
   * answer 404 for a moment right after a page is created. A page seen before is taken at its word (a
   * 404 then means it is gone, and nothing may bring it back) — unless this window created it moments
   * ago, when the 404 is that same moment.
   */
  async whileNew<T>(loc: Pick<PageLocation, 'host' | 'pageId'>, read: () => Promise<T>): Promise<T> {
    const pk = pageKey(loc.host, loc.pageId);
    const created = this.createdHere.get(pk);
    const settling = created !== undefined && this.deps.clock.now() - created < NEW_PAGE_SETTLE_MS;
    const known = (this.seen.has(pk) || this.metas.get(pk) !== undefined) && !settling;
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await read();
        this.seen.add(pk);
        return answer;
      } catch (e) {
        const delay = NEW_PAGE_RETRY_DELAYS_MS[attempt];
        if (known || delay === undefined || !ConfluenceError.is(e, 'notFound')) { throw e; }
        this.deps.log.debug(`[pages] ${loc.host} page ${loc.pageId} not found yet; asking again in ${delay} ms`);
        await (this.deps.wait ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms))))(delay);
      }
    }
  }

  /** A fetch in flight for the page, if any (a read joins it rather than asking again). */
  inflight(loc: PageLocation): Promise<Snapshot> | undefined {
    return this.fullInflight.get(pageKey(loc.host, loc.pageId));
  }

  /** The latest metadata known and when it was learnt. */
  latestMeta(loc: PageLocation): { meta: PageMeta; at: number } | undefined {
    return this.metas.get(pageKey(loc.host, loc.pageId));
  }

  /** A cached version (immutable), when its body and metadata are both known. */
  cached(loc: PageLocation, version: number): Snapshot | undefined {
    const pk = pageKey(loc.host, loc.pageId);
    const body = this.bodies.get(pk, version);
    const meta = this.versionMeta(pk, version);
    return body && meta ? { meta, body } : undefined;
  }

  cachedBody(loc: PageLocation, version: number): CachedBody | undefined {
    return this.bodies.get(pageKey(loc.host, loc.pageId), version);
  }

  /** A read, write or creation elsewhere brought this page: remember it so the next open is free. */
  absorbPage(host: string, page: Page, adminKeyWasOn?: boolean): Snapshot | undefined {
    const pk = pageKey(host, page.id);
    if (adminKeyWasOn !== undefined) {
      this.rememberOperations(host, page, adminKeyWasOn);
      this.noteVisibility(pk, adminKeyWasOn);
    }
    if (page.body?.representation === 'storage') { return this.absorb(pk, page, page.body.value); }
    this.metas.update(pk, pageMetaFrom(page), this.deps.clock.now());
    return undefined;
  }

  /** A page this window just created: its details are known, and Confluence may not list it for a moment. */
  absorbCreated(host: string, page: Page): void {
    this.createdHere.set(pageKey(host, page.id), this.deps.clock.now());
    this.absorbPage(host, page);
  }

  /** Something changed the page outside a save (rename, move): the next stat asks Confluence again. */
  invalidate(loc: Pick<PageLocation, 'host' | 'pageId'>): void {
    this.metas.invalidate(pageKey(loc.host, loc.pageId));
  }

  /**
   * Confluence changed the body of the page's current version without a new version (adding an inline
   * comment inserts its marker in place): the cached body of that version is no longer what Confluence
   * has, so it is dropped and the next read or save fetches it again.
   */
  bodyChangedInPlace(loc: Pick<PageLocation, 'host' | 'pageId'>): void {
    const pk = pageKey(loc.host, loc.pageId);
    const latest = this.metas.get(pk);
    if (latest) { this.bodies.delete(pk, latest.meta.version); }
    this.metas.invalidate(pk);
  }

  forget(loc: Pick<PageLocation, 'host' | 'pageId'>): void {
    this.metas.delete(pageKey(loc.host, loc.pageId));
  }

  /** Whether the person may update the page (undefined = unknown; Confluence still checks the save). */
  async canUpdate(session: SiteSession, loc: PageLocation): Promise<boolean | undefined> {
    const k = `${pageKey(loc.host, loc.pageId)}|${session.client.adminKeyActive() ? 'key' : 'nokey'}`;
    const now = this.deps.clock.now();
    const entry = this.operations.get(k);
    if (entry?.pending) { return entry.pending; }
    if (entry && now - entry.at <= OPERATIONS_TTL_MS) { return entry.canUpdate; }
    const pending = (async () => {
      try {
        const ops = await this.request(session, () => session.client.permittedOperations(loc.pageId));
        const canUpdate = ops.some(o => o.operation === 'update');
        this.operations.set(k, { canUpdate, at: this.deps.clock.now() });
        return canUpdate;
      } catch (e) {
        // Unknown is not read-only: the save itself is checked by Confluence.
        this.deps.log.debug(`[pages] operations of ${loc.host} page ${loc.pageId}: ${String(e)}`);
        this.operations.delete(k);
        return undefined;
      }
    })();
    this.operations.set(k, { canUpdate: entry?.canUpdate, at: entry?.at ?? 0, pending });
    return pending;
  }

  /** The page was last read with the admin key, which is off now: it may be visible only through it. */
  adminKeyLapsed(session: SiteSession, loc: PageLocation): boolean {
    return this.readWithKey.has(pageKey(loc.host, loc.pageId)) && !session.client.adminKeyActive();
  }

  wasReadWithKey(loc: PageLocation): boolean {
    return this.readWithKey.has(pageKey(loc.host, loc.pageId));
  }

  /** Notes what a successful read or write says about needing the key. */
  noteVisibility(pk: string, adminKeyWasOn: boolean): void {
    // Success with the key off proves the page is visible without it.
    if (adminKeyWasOn) { this.readWithKey.add(pk); } else { this.readWithKey.delete(pk); }
  }

  /** A client failure as the PageError a person reads (and reported, so a 401 offers to sign in again). */
  errorFor(e: unknown, session: SiteSession, loc: PageLocation, operation: 'read' | 'write'): PageError {
    const pk = pageKey(loc.host, loc.pageId);
    const title = this.metas.get(pk)?.meta.title;
    const ctx: ErrorContext = {
      operation, pageId: loc.pageId, host: loc.host,
      ...(title !== undefined ? { title } : {}),
      adminKeyOff: canUseAdminKey(session.site) && !session.client.adminKeyActive(),
      readWithAdminKey: this.readWithKey.has(pk),
      ...(typeof e === 'object' && e !== null && this.keyedNotFound.has(e) ? { keyedNotFound: this.keyedNotFound.get(e) } : {}),
    };
    const mapped = pageErrorFor(e, ctx);
    if (!(e instanceof PageError)) {
      this.deps.log.warn(`[pages] ${operation} ${loc.host} page ${loc.pageId}: ${mapped.code}: ${mapped.message}`);
    }
    return mapped;
  }

  /**
   * Runs a client call, reporting its failure to the session directory. A 404 to a request that
   * carried the admin key waits for a fresh look at the key, so the message can say whether the key
   * lapsed on the server or was not applied — not that the page is gone.
   */
  async request<T>(session: SiteSession, call: () => Promise<T>, o: RequestOptions = {}): Promise<T> {
    const keyed = session.client.adminKeyActive() && o.withoutAdminKey !== true;
    try {
      return await call();
    } catch (e) {
      if (ConfluenceError.is(e)) { this.deps.sessions.reportError(session.site.origin, e); }
      if (keyed && ConfluenceError.is(e, 'notFound') && this.deps.adminKey) {
        const stillOn = await this.deps.adminKey.recheck(session.site.origin).catch(() => true);
        this.keyedNotFound.set(e, stillOn ? 'notApplied' : 'lapsed');
      }
      throw e;
    }
  }

  /** A person's display name for messages ("version 7 by Oscar Other"); undefined when it cannot be learnt. */
  async displayName(session: SiteSession, accountId: string | undefined): Promise<string | undefined> {
    if (accountId === undefined) { return undefined; }
    const k = `${session.site.host}/${accountId}`;
    if (this.names.has(k)) { return this.names.get(k); }
    try {
      const name = (await session.client.displayNames([accountId])).get(accountId);
      if (name) { this.names.set(k, name); }
      return name;
    } catch (e) {
      this.deps.log.debug(`[pages] display name of ${accountId}: ${String(e)}`);
      return undefined;
    }
  }

  /** Remembers a space key (URIs show it), e.g. from the tree. */
  rememberSpaceKey(host: string, spaceId: string, key: string): void {
    this.spaceKeys.set(`${host}/${spaceId}`, key);
  }

  /** The space key of a space id, asking Confluence once per space. */
  async spaceKeyFor(session: SiteSession, spaceId: string): Promise<string | undefined> {
    const k = `${session.site.host}/${spaceId}`;
    const known = this.spaceKeys.get(k);
    if (known) { return known; }
    try {
      const space = await this.request(session, () => session.client.getSpace(spaceId));
      this.spaceKeys.set(k, space.key);
      return space.key;
    } catch (e) {
      this.deps.log.debug(`[pages] space ${spaceId} on ${session.site.host}: ${String(e)}`);
      return undefined;
    }
  }

  private absorb(pk: string, page: Page, bodyText: string): Snapshot {
    const meta = pageMetaFrom(page);
    this.metas.update(pk, meta, this.deps.clock.now());
    this.rememberVersionMeta(pk, meta);
    const body = this.bodies.set(pk, meta.version, bodyText);
    return { meta, body };
  }

  private versionMeta(pk: string, version: number): PageMeta | undefined {
    return this.versionMetas.get(`${pk}@${version}`);
  }

  private rememberVersionMeta(pk: string, meta: PageMeta): void {
    if (this.versionMetas.size > 1000) { this.versionMetas.clear(); }
    this.versionMetas.set(`${pk}@${meta.version}`, meta);
  }

  /** Keeps the permitted operations a page read brought along (include-operations). */
  private rememberOperations(host: string, page: Page, adminKeyWasOn: boolean): void {
    if (!page.operations) return;
    this.operations.set(`${pageKey(host, page.id)}|${adminKeyWasOn ? 'key' : 'nokey'}`,
      { canUpdate: page.operations.some(o => o.operation === 'update'), at: this.deps.clock.now() });
  }
}
