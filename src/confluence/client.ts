// Typed Confluence operations over the transport. Each method is one documented REST call (or a
// paginated series of them), validates what it reads, and maps it to the small shapes the extension
// uses. Nothing here knows about VS Code.

import type * as z from 'zod/mini';
import { AdminKeyPolicy } from './adminKeyPolicy';
import { ConfluenceError } from './errors';
import {
  decodeJson, HttpTransport, systemClock, type AdminKeyAuditEntry, type Clock, type HttpMethod, type HttpOptions, type Logger,
} from './http';
import { nextFromLinkHeader, PAGE_LIMIT, resolveNextUrl } from './pagination';
import { safePath } from './redact';
import {
  AdminKeySchema, AncestorListSchema, ChildListSchema, DescendantListSchema, CurrentUserSchema, OperationsSchema, PageListSchema, PageSingleSchema,
  parseBody, RestrictionListSchema, SearchResponseSchema, SpaceListSchema, SpaceSchema, VersionListSchema,
} from './schemas';
import type { Account, Credentials, SiteConnection } from './site';

export type { AdminKeyAuditEntry } from './http';

export interface RequestOptions { signal?: AbortSignal; withoutAdminKey?: boolean }
export interface Space { id: string; key: string; name: string; type: string; status: string; homepageId?: string; webUrl?: string }
export type ContentType = 'page' | 'folder' | 'whiteboard' | 'database' | 'embed';
export interface ContentNode { id: string; type: ContentType; title: string; status: string; spaceId?: string; childPosition?: number; parentId?: string }
/**
 * One response's worth of a listing. `hasMore` says whether another request follows, so a caller can
 * tell a complete level from a first batch without asking for the next one.
 */
export type Batch<T> = T[] & { readonly hasMore?: boolean };

/** A descendant: its depth below the content the listing started from (1 = a direct child). */
export interface DescendantNode extends ContentNode { parentId: string; depth: number }

/** The deepest `depth` Confluence accepts for descendants. */
export const MAX_DESCENDANT_DEPTH = 10;
export interface PageVersion { number: number; createdAt: string; authorId?: string; message?: string }
export interface Page {
  id: string; title: string; spaceId: string; parentId?: string; parentType?: string; status: string;
  createdAt?: string; authorId?: string; version: PageVersion; body?: { representation: string; value: string }; webUrl?: string; tinyUrl?: string;
  /** What the caller may do with the page; only when asked for with includeOperations. */
  operations?: { operation: string; targetType: string }[];
}
export interface AdminKeyStatus { accountId?: string; expiresAt: number /* ms epoch */ }
export interface SearchResult { id: string; type: string; title: string; spaceKey?: string; spaceName?: string; excerpt?: string; webUrl?: string; lastModified?: string }
export interface Restriction { operation: string; users: { accountId: string; displayName?: string }[]; groups: { id?: string; name: string }[] }
export interface SpaceFilter { status?: 'current' | 'archived'; type?: 'global' | 'personal' }
export type BodyFormat = 'storage' | 'view' | 'none';

export interface ConfluenceClientOptions {
  connection: SiteConnection;
  credentials: Credentials;
  http: HttpOptions;
  clock?: Clock;
  onAdminKeyRequest?: (e: AdminKeyAuditEntry) => void;
  logger?: Logger;
}

const CONTENT_TYPES: ReadonlySet<string> = new Set<ContentType>(['page', 'folder', 'whiteboard', 'database', 'embed']);
const WRITABLE_REPRESENTATIONS: ReadonlySet<string> = new Set(['storage', 'atlas_doc_format', 'wiki']);
const V2 = '/wiki/api/v2';
const ADMIN_KEY_PATH = `${V2}/admin-key`;

type Query = Record<string, string | number | undefined>;
interface CallOptions extends RequestOptions { query?: Query; body?: unknown; idempotent?: boolean; useAdminKey?: boolean }

export class ConfluenceClient {
  readonly connection: SiteConnection;
  // Private: util.inspect(client) must not walk into the transport (and its sockets).
  readonly #transport: HttpTransport;
  readonly #adminKey: AdminKeyPolicy;
  readonly #siteHost: string;
  readonly #logger: Logger | undefined;

  constructor(opts: ConfluenceClientOptions) {
    const apiBase = new URL(opts.connection.apiBase);
    if (apiBase.pathname.replace(/\/$/, '').endsWith('/wiki')) {
      throw new ConfluenceError('invalidInput', 'The API base must not end in /wiki; use the site origin (classic) or the gateway base (scoped).');
    }
    this.connection = { ...opts.connection, apiBase: opts.connection.apiBase.replace(/\/+$/, '') };
    this.#siteHost = new URL(opts.connection.siteOrigin).host;
    this.#logger = opts.logger ?? opts.http.logger;
    const clock = opts.clock ?? opts.http.clock ?? systemClock;
    this.#transport = new HttpTransport({
      http: opts.http, apiOrigin: apiBase.origin, siteHost: this.#siteHost, credentials: opts.credentials, clock,
      ...(this.#logger ? { logger: this.#logger } : {}),
      ...(opts.onAdminKeyRequest ? { onAdminKeyRequest: opts.onAdminKeyRequest } : {}),
    });
    this.#adminKey = new AdminKeyPolicy(clock, opts.connection.tokenKind === 'classic');
  }

  // ---- admin-key header policy -------------------------------------------------------------------

  setAdminKeyExpiry(expiresAt: number | undefined): void { this.#adminKey.set(expiresAt); }

  adminKeyActive(): boolean { return this.#adminKey.active(); }

  /** The expiry the header policy is using, if any (ms epoch). */
  adminKeyExpiresAt(): number | undefined { return this.#adminKey.expiresAt; }

  // ---- reads -------------------------------------------------------------------------------------

  async currentUser(o?: RequestOptions): Promise<Account> {
    const path = '/wiki/rest/api/user/current';
    const user = await this.#getJson(path, CurrentUserSchema, o);
    return {
      accountId: user.accountId,
      displayName: user.displayName ?? user.publicName ?? user.accountId,
      ...(user.email ? { email: user.email } : {}),
    };
  }

  /**
   * Whether the account administers Confluence ("administer" on the application), from
   * user/current?expand=operations. Only such accounts can hold an admin key (on Premium/Enterprise),
   * so the status bar can say "not available" without probing the admin-key API. Throws
   * invalidResponse when the server does not list operations, so callers can fall back to "unknown".
   */
  async isConfluenceAdmin(o?: RequestOptions): Promise<boolean> {
    const user = await this.#getJson('/wiki/rest/api/user/current', CurrentUserSchema, { ...o, query: { expand: 'operations' }, useAdminKey: false });
    if (!user.operations) {
      throw new ConfluenceError('invalidResponse', `Confluence on ${this.#siteHost} did not list the account's permitted operations, so admin status is unknown.`,
        { method: 'GET', path: '/wiki/rest/api/user/current' });
    }
    return user.operations.some((op) => op.operation === 'administer' && op.targetType === 'application');
  }

  spaces(filter: SpaceFilter = {}, o?: RequestOptions): AsyncIterable<Space[]> {
    const url = this.#url(`${V2}/spaces`, { limit: PAGE_LIMIT, status: filter.status, type: filter.type });
    return this.#paginate(url, SpaceListSchema, o, (body) => body.results.map((s) => this.#space(s, body._links?.base)));
  }

  async listAllSpaces(filter: SpaceFilter = {}, o?: RequestOptions): Promise<Space[]> {
    const all: Space[] = [];
    for await (const batch of this.spaces(filter, o)) { all.push(...batch); }
    return all.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.key.localeCompare(b.key));
  }

  async getSpace(id: string, o?: RequestOptions): Promise<Space> {
    const s = await this.#getJson(`${V2}/spaces/${numericId(id, 'space')}`, SpaceSchema, o);
    return this.#space(s, s._links?.base);
  }

  spaceRootPages(spaceId: string, o?: RequestOptions): AsyncIterable<ContentNode[]> {
    return this.#spacePages(spaceId, 'root', o);
  }

  /** Every page of the space with parentId and position: a whole hierarchy in ceil(n/250) requests. */
  spacePages(spaceId: string, o?: RequestOptions): AsyncIterable<ContentNode[]> {
    return this.#spacePages(spaceId, 'all', o);
  }

  directChildren(parent: { type: 'page' | 'folder'; id: string }, o?: RequestOptions): AsyncIterable<ContentNode[]> {
    const kind = parent.type === 'folder' ? 'folders' : 'pages';
    const url = this.#url(`${V2}/${kind}/${numericId(parent.id, parent.type)}/direct-children`, { limit: PAGE_LIMIT, sort: 'child-position' });
    return this.#paginate(url, ChildListSchema, o, (body) => body.results.flatMap((c) => {
      if (!CONTENT_TYPES.has(c.type)) {
        this.#logger?.debug(`skipping child ${c.id} of unsupported type ${c.type}`);
        return [];
      }
      return [compact<ContentNode>({ id: c.id, type: c.type as ContentType, title: c.title, status: c.status,
        spaceId: c.spaceId ?? undefined, childPosition: c.childPosition ?? undefined, parentId: parent.id })];
    }));
  }

  /**
   * Everything below a page or folder, top to bottom, down to `depth` levels (at most 10): every
   * content type with its parent, so a whole subtree costs ceil(n/250) requests instead of one
   * request per expanded node.
   */
  descendants(parent: { type: 'page' | 'folder'; id: string }, depth = MAX_DESCENDANT_DEPTH, o?: RequestOptions): AsyncIterable<DescendantNode[]> {
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DESCENDANT_DEPTH) {
      throw new ConfluenceError('invalidInput', `Descendants can be listed 1 to ${MAX_DESCENDANT_DEPTH} levels deep, not ${depth}.`);
    }
    const kind = parent.type === 'folder' ? 'folders' : 'pages';
    const url = this.#url(`${V2}/${kind}/${numericId(parent.id, parent.type)}/descendants`, { limit: PAGE_LIMIT, depth });
    return this.#paginate(url, DescendantListSchema, o, (body) => body.results.flatMap((c) => {
      if (!CONTENT_TYPES.has(c.type)) {
        this.#logger?.debug(`skipping descendant ${c.id} of unsupported type ${c.type}`);
        return [];
      }
      return [compact<DescendantNode>({ id: c.id, type: c.type as ContentType, title: c.title, status: c.status,
        childPosition: c.childPosition ?? undefined, parentId: c.parentId, depth: c.depth })];
    }));
  }

  /** Ancestors from the top of the tree down to the page's parent. */
  async ancestors(pageId: string, o?: RequestOptions): Promise<{ id: string; type: string; title?: string }[]> {
    let from = numericId(pageId, 'page');
    const chain: { id: string; type: string; title?: string }[] = [];
    // The endpoint has no cursor: when a full page comes back, ask again from the highest ancestor.
    for (let guard = 0; guard < 100; guard++) {
      const body = await this.#getJson(`${V2}/pages/${from}/ancestors`, AncestorListSchema, { ...o, query: { limit: PAGE_LIMIT } });
      const batch = body.results.map((a) => compact({ id: a.id, type: a.type ?? 'page', title: a.title ?? undefined }));
      chain.unshift(...batch);
      const top = batch[0];
      if (batch.length < PAGE_LIMIT || top === undefined) { break; }
      from = top.id;
    }
    return chain;
  }

  /** One request; with includeOperations the permitted operations come along (no second request). */
  async getPage(pageId: string, o: RequestOptions & { bodyFormat?: BodyFormat; includeOperations?: boolean } = {}): Promise<Page> {
    const format = o.bodyFormat ?? 'storage';
    const query: Query = format === 'none' ? {} : { 'body-format': format };
    if (o.includeOperations) query['include-operations'] = 'true';
    const page = await this.#getJson(`${V2}/pages/${numericId(pageId, 'page')}`, PageSingleSchema, { ...o, query });
    return this.#page(page, format);
  }

  /** Cheap: no body, just the current version (include-version defaults to true). */
  getPageVersion(pageId: string, o?: RequestOptions): Promise<Page> {
    return this.getPage(pageId, { ...o, bodyFormat: 'none' });
  }

  async permittedOperations(pageId: string, o?: RequestOptions): Promise<{ operation: string; targetType: string }[]> {
    const body = await this.#getJson(`${V2}/pages/${numericId(pageId, 'page')}/operations`, OperationsSchema, o);
    return body.operations.map((op) => ({ operation: op.operation, targetType: op.targetType }));
  }

  async pageVersions(pageId: string, o?: RequestOptions): Promise<PageVersion[]> {
    const url = this.#url(`${V2}/pages/${numericId(pageId, 'page')}/versions`, { limit: PAGE_LIMIT, sort: '-modified-date' });
    const all: PageVersion[] = [];
    for await (const batch of this.#paginate(url, VersionListSchema, o, (body) => body.results.map(toVersion))) { all.push(...batch); }
    return all;
  }

  /** CQL search (v1; v2 has none). Follows v1's own `_links.next` until `limit` results (default 50). */
  async search(cql: string, o: RequestOptions & { limit?: number } = {}): Promise<SearchResult[]> {
    if (cql.trim() === '') { throw new ConfluenceError('invalidInput', 'Enter something to search for.'); }
    const limit = Math.max(1, Math.min(1000, Math.floor(o.limit ?? 50)));
    const url = this.#url('/wiki/rest/api/search', { cql, limit: Math.min(limit, PAGE_LIMIT), excerpt: 'highlight', expand: 'content.space' });
    const results: SearchResult[] = [];
    for await (const batch of this.#paginate(url, SearchResponseSchema, o, (body) => this.#searchResults(body))) {
      results.push(...batch);
      if (results.length >= limit) { break; }
    }
    return results.slice(0, limit);
  }

  async restrictions(pageId: string, o?: RequestOptions): Promise<Restriction[]> {
    const body = await this.#getJson(`/wiki/rest/api/content/${numericId(pageId, 'page')}/restriction`, RestrictionListSchema,
      { ...o, query: { expand: 'restrictions.user,restrictions.group', limit: 100 } });
    return body.results.map((r) => ({
      operation: r.operation,
      users: (r.restrictions?.user?.results ?? []).flatMap((u) => (u.accountId
        ? [compact({ accountId: u.accountId, displayName: u.displayName ?? u.publicName ?? undefined })] : [])),
      groups: (r.restrictions?.group?.results ?? []).map((g) => compact({ id: g.id ?? undefined, name: g.name })),
    }));
  }

  // ---- writes ------------------------------------------------------------------------------------

  /**
   * Writes a new version on top of `baseVersion` — the version the editor read, never "latest + 1",
   * so a concurrent edit answers 409 (conflict with the server's current version) instead of being lost.
   */
  async updatePage(input: { id: string; title: string; status?: 'current'; body: { representation: string; value: string };
    baseVersion: number; message?: string; parentId?: string }, o?: RequestOptions): Promise<Page> {
    const id = numericId(input.id, 'page');
    requireTitle(input.title);
    if (!Number.isInteger(input.baseVersion) || input.baseVersion < 1) {
      throw new ConfluenceError('invalidInput', `The base version must be a positive whole number (got ${String(input.baseVersion)}).`);
    }
    const body = writableBody(input.body);
    const request = {
      id, status: input.status ?? 'current', title: input.title, body,
      version: compact({ number: input.baseVersion + 1, message: input.message }),
      ...(input.parentId !== undefined ? { parentId: numericId(input.parentId, 'parent') } : {}),
    };
    const page = await this.#sendJson('PUT', `${V2}/pages/${id}`, PageSingleSchema, { ...o, body: request });
    return this.#page(page, body.representation === 'storage' ? 'storage' : 'none');
  }

  async createPage(input: { spaceId: string; parentId?: string; title: string; body: { representation: 'storage'; value: string } },
    o?: RequestOptions): Promise<Page> {
    requireTitle(input.title);
    const request = {
      spaceId: numericId(input.spaceId, 'space'), status: 'current', title: input.title, body: writableBody(input.body),
      ...(input.parentId !== undefined ? { parentId: numericId(input.parentId, 'parent') } : {}),
    };
    const page = await this.#sendJson('POST', `${V2}/pages`, PageSingleSchema, { ...o, body: request });
    return this.#page(page, 'storage');
  }

  async renamePage(pageId: string, title: string, o?: RequestOptions): Promise<void> {
    requireTitle(title);
    await this.#call('PUT', `${V2}/pages/${numericId(pageId, 'page')}/title`, { ...o, body: { status: 'current', title } });
  }

  /** Moves within the space: the same title and body at version + 1 with a new parentId. */
  async movePage(page: Page, parentId: string, o?: RequestOptions): Promise<Page> {
    if (!page.body) {
      throw new ConfluenceError('invalidInput', 'Moving a page needs the page read with its storage body (getPage with bodyFormat "storage").');
    }
    return this.updatePage({ id: page.id, title: page.title, body: page.body, baseVersion: page.version.number, parentId }, o);
  }

  /** Moves the page to the trash (not a purge). */
  async deletePage(pageId: string, o?: RequestOptions): Promise<void> {
    await this.#call('DELETE', `${V2}/pages/${numericId(pageId, 'page')}`, o ?? {});
  }

  // ---- admin key ---------------------------------------------------------------------------------

  /** The current key, or undefined on 404 ("no key", "not an admin" and "not Premium" look the same). Never POSTs. */
  async getAdminKey(o?: RequestOptions): Promise<AdminKeyStatus | undefined> {
    this.#requireClassicForAdminKey();
    try {
      const key = await this.#getJson(ADMIN_KEY_PATH, AdminKeySchema, { ...o, useAdminKey: false });
      return this.#rememberKey(key);
    } catch (e) {
      if (ConfluenceError.is(e, 'notFound')) {
        this.#adminKey.set(undefined);
        return undefined;
      }
      throw e;
    }
  }

  /** Issues (or extends) the key; Confluence audits it and emails content owners, so only on request. */
  async enableAdminKey(durationMinutes: number, o?: RequestOptions): Promise<AdminKeyStatus> {
    if (!Number.isInteger(durationMinutes) || durationMinutes < 1 || durationMinutes > 60) {
      throw new ConfluenceError('invalidInput', `The admin key can be enabled for 1 to 60 whole minutes (got ${String(durationMinutes)}).`);
    }
    this.#requireClassicForAdminKey();
    const key = await this.#sendJson('POST', ADMIN_KEY_PATH, AdminKeySchema, { ...o, body: { durationInMinutes: durationMinutes }, useAdminKey: false });
    return this.#rememberKey(key);
  }

  /** Idempotent on the server (204 even without a key), so it is retried like a GET. */
  async disableAdminKey(o?: RequestOptions): Promise<void> {
    // The header stops first: whatever the server says, this client no longer uses the key.
    this.#adminKey.set(undefined);
    if (!this.#adminKey.allowed) { return; }
    await this.#call('DELETE', ADMIN_KEY_PATH, { ...o, idempotent: true, useAdminKey: false });
  }

  async dispose(): Promise<void> {
    await this.#transport.dispose();
  }

  // ---- plumbing ----------------------------------------------------------------------------------

  #requireClassicForAdminKey(): void {
    if (!this.#adminKey.allowed) {
      throw new ConfluenceError('invalidInput', `The admin key needs a classic (unscoped) API token used directly on ${this.#siteHost}. `
        + 'This site is connected with a scoped token through api.atlassian.com, where the admin key is not available. '
        + 'Sign in again with a classic API token to use the admin key.');
    }
  }

  #rememberKey(key: z.infer<typeof AdminKeySchema>): AdminKeyStatus {
    const expiresAt = Date.parse(key.expirationTime);
    this.#adminKey.set(expiresAt);
    return compact({ accountId: key.accountId ?? undefined, expiresAt });
  }

  #spacePages(spaceId: string, depth: 'root' | 'all', o?: RequestOptions): AsyncIterable<ContentNode[]> {
    const url = this.#url(`${V2}/spaces/${numericId(spaceId, 'space')}/pages`, { depth, limit: PAGE_LIMIT, status: 'current' });
    return this.#paginate(url, PageListSchema, o, (body) => body.results.map((p) => compact<ContentNode>({
      id: p.id, type: 'page', title: p.title, status: p.status, spaceId: p.spaceId ?? spaceId,
      childPosition: p.position ?? undefined, parentId: p.parentId ?? undefined,
    })));
  }

  #url(path: string, query: Query = {}): URL {
    const url = new URL(`${this.connection.apiBase}${path}`);
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined) { url.searchParams.set(k, String(v)); }
    }
    return url;
  }

  async #getJson<T>(path: string, schema: z.ZodMiniType<T>, o: CallOptions = {}): Promise<T> {
    return this.#sendJson('GET', path, schema, o);
  }

  async #sendJson<T>(method: HttpMethod, path: string, schema: z.ZodMiniType<T>, o: CallOptions): Promise<T> {
    const url = this.#url(path, o.query);
    const res = await this.#call(method, url, o);
    return parseBody(schema, decodeJson(res, method, this.#transport, this.#siteHost), { method, path: safePath(res.url) });
  }

  #call(method: HttpMethod, pathOrUrl: string | URL, o: CallOptions): ReturnType<HttpTransport['send']> {
    const url = typeof pathOrUrl === 'string' ? this.#url(pathOrUrl, o.query) : pathOrUrl;
    return this.#transport.send({
      method, url,
      ...(o.body !== undefined ? { body: o.body } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.idempotent !== undefined ? { idempotent: o.idempotent } : {}),
      adminKey: o.useAdminKey !== false && this.#adminKey.appliesTo(o),
    });
  }

  /** One batch per response, so a tree can render the first 250 while the rest are still coming. */
  async *#paginate<B extends { _links?: { next?: string | null } | null }, R>(first: URL, schema: z.ZodMiniType<B>,
    o: RequestOptions | undefined, map: (body: B) => R[]): AsyncGenerator<Batch<R>> {
    let url: URL | undefined = first;
    const seen = new Set<string>();
    while (url) {
      seen.add(url.href);
      const res = await this.#call('GET', url, o ?? {});
      const body = parseBody(schema, decodeJson(res, 'GET', this.#transport, this.#siteHost), { method: 'GET', path: safePath(res.url) });
      const next = body._links?.next ?? nextFromLinkHeader(res.headers.link);
      url = next ? resolveNextUrl(next, this.connection.apiBase, this.connection.siteOrigin, res.url) : undefined;
      yield Object.assign(map(body), { hasMore: url !== undefined });
      if (url && seen.has(url.href)) {
        throw new ConfluenceError('invalidResponse', `Confluence on ${this.#siteHost} sent the same "next page" link twice (${safePath(url)}); the listing stops here.`);
      }
    }
  }


  /**
   * Browser URL for a webui link. Gateway answers carry the gateway as their base, which people cannot
   * open, so scoped connections always use the site origin.
   */
  #webUrl(link: string | null | undefined, base: string | null | undefined): string | undefined {
    if (!link) { return undefined; }
    if (/^https?:\/\//i.test(link)) { return link; }
    let root = `${this.connection.siteOrigin}/wiki`;
    if (this.connection.tokenKind === 'classic' && base) {
      try {
        const b = new URL(base);
        if (b.protocol === 'https:' || b.origin === this.connection.siteOrigin) { root = b.href.replace(/\/+$/, ''); }
      } catch {
        // keep the site origin
      }
    }
    return `${root}${link.startsWith('/') ? '' : '/'}${link}`;
  }

  #space(s: z.infer<typeof SpaceSchema>, base: string | null | undefined): Space {
    return compact({ id: s.id, key: s.key, name: s.name, type: s.type, status: s.status, homepageId: s.homepageId ?? undefined,
      webUrl: this.#webUrl(s._links?.webui, s._links?.base ?? base) });
  }

  #page(p: z.infer<typeof PageSingleSchema>, format: BodyFormat): Page {
    const raw = format === 'none' ? undefined : p.body?.[format];
    return compact<Page>({
      id: p.id, title: p.title, spaceId: p.spaceId, parentId: p.parentId ?? undefined, parentType: p.parentType ?? undefined,
      status: p.status, createdAt: p.createdAt ?? undefined, authorId: p.authorId ?? undefined, version: toVersion(p.version),
      body: raw ? { representation: raw.representation ?? format, value: raw.value } : undefined,
      webUrl: this.#webUrl(p._links?.webui, p._links?.base), tinyUrl: this.#webUrl(p._links?.tinyui, p._links?.base),
      operations: p.operations?.results,
    });
  }

  #searchResults(body: z.infer<typeof SearchResponseSchema>): SearchResult[] {
    return body.results.flatMap((r) => {
      const id = r.content?.id;
      if (!id) { return []; } // spaces, users and attachments' containers are not content we open
      const spaceKey = r.content?.space?.key ?? r.space?.key ?? /\/spaces\/([^/?#]+)/.exec(r.resultGlobalContainer?.displayUrl ?? '')?.[1];
      return [compact<SearchResult>({
        id, type: r.content?.type ?? r.entityType ?? 'content', title: r.content?.title ?? stripHighlight(r.title),
        spaceKey: spaceKey ? decodeURIComponent(spaceKey) : undefined,
        spaceName: r.content?.space?.name ?? r.space?.name ?? r.resultGlobalContainer?.title ?? undefined,
        excerpt: r.excerpt ? stripHighlight(r.excerpt) : undefined,
        webUrl: this.#webUrl(r.url ?? r.content?._links?.webui, body._links?.base), lastModified: r.lastModified ?? undefined,
      })];
    });
  }
}

function toVersion(v: z.infer<typeof VersionListSchema>['results'][number]): PageVersion {
  return compact({ number: v.number, createdAt: v.createdAt ?? '', authorId: v.authorId ?? undefined, message: v.message ?? undefined });
}

/** Path parameters are int64 ids; anything else could walk the URL somewhere else ("../admin-key"). */
function numericId(id: string, what: string): string {
  if (!/^\d{1,20}$/.test(id)) {
    throw new ConfluenceError('invalidInput', `"${id.slice(0, 40)}" is not a valid Confluence ${what} id.`);
  }
  return id;
}

function requireTitle(title: string): void {
  if (title.trim() === '') { throw new ConfluenceError('invalidInput', 'A page needs a title.'); }
}

/** Only representations Confluence accepts for writing; a rendered "view" body would destroy macros. */
function writableBody(body: { representation: string; value: string }): { representation: string; value: string } {
  if (!WRITABLE_REPRESENTATIONS.has(body.representation)) {
    throw new ConfluenceError('invalidInput', `Cannot write a page body in the "${body.representation}" representation; use storage format.`);
  }
  return { representation: body.representation, value: body.value };
}

function stripHighlight(text: string): string {
  return text.replace(/@@@(end)?hl@@@/g, '')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim();
}

/** Drops undefined properties so results compare cleanly and serialise without noise. */
function compact<T extends object>(o: { [K in keyof T]: T[K] | undefined }): T {
  for (const k of Object.keys(o) as (keyof T)[]) {
    if (o[k] === undefined) { delete o[k]; }
  }
  return o as T;
}
