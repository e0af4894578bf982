// The request core every operation module is written against: one site connection, one transport,
// URLs on the API base (site or gateway), JSON decoding and validation, cursor pagination, the
// admin-key header policy and browser links. Operation modules (pagesApi.ts, hierarchyApi.ts, …)
// are plain functions over this, so a new area of the REST API is a new file, not a longer class.

import type { Readable } from 'node:stream';
import type * as z from 'zod/mini';
import { ADMIN_KEY_NEVER, carriesAdminKey, type AdminKeyGate } from './adminKeyGate';
import { CredentialProbe } from './credentialProbe';
import { ConfluenceError, credentialsRejectedError } from './errors';
import { decodeJson, HttpTransport, type AdminKeyAuditEntry, type HttpMethod, type HttpOptions, type HttpResponse } from './http';
import type { Logger } from '../util/logger';
import type { ExchangeResponse } from './exchange';
import { nextFromLinkHeader, PAGE_LIMIT, resolveNextUrl } from './pagination';
import { safePath } from './redact';
import { parseBody } from './schemas';
import { systemClock, type Clock } from '../util/clock';
import type { Batch, Credentials, RequestOptions, SiteConnection } from './types';
import { l10n } from '../util/l10n';

export interface ConfluenceApiOptions {
  connection: SiteConnection;
  credentials: Credentials;
  http: HttpOptions;
  clock?: Clock;
  /** Asked per request whether the admin-key header goes along (default: never). */
  adminKey?: AdminKeyGate;
  onAdminKeyRequest?: (e: AdminKeyAuditEntry) => void;
  logger?: Logger;
}

export type Query = Record<string, string | number | undefined>;
export interface CallOptions extends RequestOptions {
  query?: Query;
  body?: unknown;
  idempotent?: boolean;
  /** false: never carry the admin-key header (the admin-key API itself). */
  useAdminKey?: boolean;
  /** 404 is a normal answer here (GET /admin-key without a key): never a reason to doubt the credentials. */
  notFoundIsNormal?: boolean;
}

export const V2 = '/wiki/api/v2';
export const V1 = '/wiki/rest/api';

export class ConfluenceApi {
  readonly connection: SiteConnection;
  readonly siteHost: string;
  readonly logger: Logger | undefined;
  readonly adminKey: AdminKeyGate;
  // Private: util.inspect(api) must not walk into the transport (and its sockets).
  readonly #transport: HttpTransport;
  readonly #probe: CredentialProbe;

  constructor(opts: ConfluenceApiOptions) {
    const apiBase = new URL(opts.connection.apiBase);
    if (apiBase.pathname.replace(/\/$/, '').endsWith('/wiki')) {
      throw new ConfluenceError('invalidInput', l10n.t('The API base must not end in /wiki; use the site origin (classic) or the gateway base (scoped).'));
    }
    this.connection = { ...opts.connection, apiBase: opts.connection.apiBase.replace(/\/+$/, '') };
    this.siteHost = new URL(opts.connection.siteOrigin).host;
    this.logger = opts.logger ?? opts.http.logger;
    this.adminKey = opts.adminKey ?? ADMIN_KEY_NEVER;
    const clock = opts.clock ?? opts.http.clock ?? systemClock;
    this.#transport = new HttpTransport({
      http: opts.http, apiOrigin: apiBase.origin, siteHost: this.siteHost, credentials: opts.credentials, clock,
      ...(this.logger ? { logger: this.logger } : {}),
      ...(opts.onAdminKeyRequest ? { onAdminKeyRequest: opts.onAdminKeyRequest } : {}),
    });
    this.#probe = new CredentialProbe(async () => {
      try {
        await this.#transport.send({ method: 'GET', url: this.url(`${V1}/user/current`) });
        return false;
      } catch (e) {
        return ConfluenceError.is(e, 'unauthorized') && e.reason !== 'scope';
      }
    });
  }

  get classic(): boolean { return this.connection.tokenKind === 'classic'; }

  /** Whether requests made now carry the admin-key header (unless the caller opts out). */
  adminKeyActive(): boolean { return carriesAdminKey(this.adminKey, this.classic, undefined); }

  url(path: string, query: Query = {}): URL {
    const url = new URL(`${this.connection.apiBase}${path}`);
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined) { url.searchParams.set(k, String(v)); }
    }
    return url;
  }

  getJson<T>(path: string, schema: z.ZodMiniType<T>, o: CallOptions = {}): Promise<T> {
    return this.sendJson('GET', path, schema, o);
  }

  async sendJson<T>(method: HttpMethod, path: string, schema: z.ZodMiniType<T>, o: CallOptions): Promise<T> {
    const res = await this.call(method, this.url(path, o.query), o);
    return this.parse(res, method, schema);
  }

  async call(method: HttpMethod, pathOrUrl: string | URL, o: CallOptions): Promise<HttpResponse> {
    const url = typeof pathOrUrl === 'string' ? this.url(pathOrUrl, o.query) : pathOrUrl;
    const adminKey = o.useAdminKey !== false && carriesAdminKey(this.adminKey, this.classic, o);
    try {
      const res = await this.#transport.send({
        method, url, adminKey,
        ...(o.body !== undefined ? { body: o.body } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        ...(o.idempotent !== undefined ? { idempotent: o.idempotent } : {}),
        ...(o.priority ? { priority: o.priority } : {}),
      });
      this.#probe.noteSuccess(this.#transport.clock.now());
      return res;
    } catch (e) {
      // v2 answers rejected credentials with 404 (an anonymous visitor sees nothing): ask v1 before believing it.
      if (ConfluenceError.is(e, 'notFound') && o.notFoundIsNormal !== true && url.pathname.includes(`${V2}/`)
        && await this.#probe.rejected(this.#transport.clock.now())) {
        throw credentialsRejectedError(this.siteHost, { status: 404, method, path: safePath(url) });
      }
      if (adminKey && ConfluenceError.is(e, 'notFound')) { this.adminKey.keyedRequestNotFound?.(); }
      throw e;
    }
  }

  /**
   * One streamed request (attachments): nothing retried, no redirect followed. With `credentials:
   * false` neither the credentials nor the admin-key header go out (a download's media origin).
   */
  exchange(method: HttpMethod, url: URL, o: RequestOptions & { headers?: Record<string, string>; body?: Readable; credentials?: boolean; timeoutMs?: number }): Promise<ExchangeResponse> {
    const credentials = o.credentials !== false;
    return this.#transport.exchange({
      method, url, auth: credentials, adminKey: credentials && carriesAdminKey(this.adminKey, this.classic, o),
      ...(o.headers ? { headers: o.headers } : {}), ...(o.body ? { body: o.body } : {}), ...(o.signal ? { signal: o.signal } : {}),
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    });
  }

  parse<T>(res: HttpResponse, method: string, schema: z.ZodMiniType<T>): T {
    return parseBody(schema, decodeJson(res, method, this.#transport, this.siteHost), { method, path: safePath(res.url) });
  }

  /** One batch per response, so a tree can render the first 250 while the rest are still coming. */
  async *paginate<B extends { _links?: { next?: string | null } | null }, R>(first: URL, schema: z.ZodMiniType<B>,
    o: RequestOptions | undefined, map: (body: B) => R[]): AsyncGenerator<Batch<R>> {
    let url: URL | undefined = first;
    const seen = new Set<string>();
    while (url) {
      seen.add(url.href);
      const res = await this.call('GET', url, o ?? {});
      const body = this.parse(res, 'GET', schema);
      const next = body._links?.next ?? nextFromLinkHeader(res.headers.link);
      url = next ? resolveNextUrl(next, this.connection.apiBase, this.connection.siteOrigin, res.url) : undefined;
      yield Object.assign(map(body), { hasMore: url !== undefined });
      if (url && seen.has(url.href)) {
        throw new ConfluenceError('invalidResponse', l10n.t('Confluence on {0} sent the same "next page" link twice ({1}); the listing stops here.', this.siteHost, safePath(url)));
      }
    }
  }

  /**
   * Browser URL for a webui link. Gateway answers carry the gateway as their base, which people cannot
   * open, so scoped connections always use the site origin.
   */
  webUrl(link: string | null | undefined, base: string | null | undefined): string | undefined {
    if (!link) { return undefined; }
    if (/^https?:\/\//i.test(link)) { return link; }
    let root = `${this.connection.siteOrigin}/wiki`;
    if (this.classic && base) {
      try {
        const b = new URL(base);
        if (b.protocol === 'https:' || b.origin === this.connection.siteOrigin) { root = b.href.replace(/\/+$/, ''); }
      } catch {
        // keep the site origin
      }
    }
    return `${root}${link.startsWith('/') ? '' : '/'}${link}`;
  }

  dispose(): Promise<void> {
    return this.#transport.dispose();
  }
}

/** Path parameters are int64 ids; anything else could walk the URL somewhere else ("../admin-key"). */
export function numericId(id: string, what: string): string {
  if (!/^\d{1,20}$/.test(id)) {
    throw new ConfluenceError('invalidInput', l10n.t({ message: '"{0}" is not a valid Confluence {1} id.', args: [id.slice(0, 40), what],
      comment: ['{1} is the kind of item as the API names it: page, space, folder, comment, content, parent, target…'] }));
  }
  return id;
}

export { PAGE_LIMIT };
