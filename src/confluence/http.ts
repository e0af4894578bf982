// The only module that talks to the network (and the only undici import). It owns what must never go
// wrong in one place: which origin may receive credentials and the admin-key header, redirects,
// timeouts, cancellation, retries with backoff, proxies, and the per-request log/audit line.

import type { Agent as AgentClass, Dispatcher, ProxyAgent as ProxyAgentClass } from 'undici';

// undici's entry point also loads fetch, WebSocket, caches, mocks and interceptors — about 210 KB of
// the bundle that the extension never runs. Only the dispatchers and the request API are loaded;
// undici 7 has no "exports" map, so these files are reachable, and the version is pinned by the lock.
// Attaching the API to Dispatcher.prototype is exactly what undici's own index.js does.
const Agent = require('undici/lib/dispatcher/agent') as typeof AgentClass;
const ProxyAgent = require('undici/lib/dispatcher/proxy-agent') as typeof ProxyAgentClass;
Object.assign((require('undici/lib/dispatcher/dispatcher') as { prototype: object }).prototype, require('undici/lib/api'));
import { ConfluenceError, errorForStatus, rateLimitedError, type FailureContext } from './errors';
import { readSome, RESERVED_HEADERS, withServerText, type ExchangeRequest, type ExchangeResponse } from './exchange';
import { resolveProxy, type Env } from './proxy';
import { redactSecrets, safeExcerpt, safePath } from './redact';
import {
  backoffDelay, headerValue, isIdempotent, RETRYABLE_GATEWAY_STATUSES, serverRequestedWait, type HttpMethod,
} from './retryPolicy';
import * as z from 'zod/mini';
import { ErrorBodySchema } from './schemas';

export type { HttpMethod } from './retryPolicy';

export interface Clock { now(): number; setTimeout(fn: () => void, ms: number): { cancel(): void } }

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};

export interface Logger { trace?(m: string): void; debug(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void }

export interface HttpOptions {
  /** e.g. 'confluence-vscode/0.1.0' */
  userAgent: string;
  /** Headers and body timeout, default 30000. */
  timeoutMs?: number;
  /** Default 10000. */
  connectTimeoutMs?: number;
  /** Explicit proxy URL (VS Code http.proxy); else HTTPS_PROXY/HTTP_PROXY + NO_PROXY from env. */
  proxy?: string;
  /** Defaults to process.env (read for proxy variables only). */
  env?: Record<string, string | undefined>;
  /** Default true. */
  strictSSL?: boolean;
  /**
   * Longest server-requested wait (Retry-After / X-RateLimit-Reset) that is waited out. A longer one
   * fails at once with rateLimited, retryAfterMs clamped to this value. Default 60000.
   */
  maxRetryAfterMs?: number;
  /** Total attempts per request, first try included. Default 4. */
  maxAttempts?: number;
  clock?: Clock;
  logger?: Logger;
  /** Jitter source for backoff; tests pass a fixed one. Default Math.random. */
  random?: () => number;
}

export interface AdminKeyAuditEntry { method: string; path: string; time: number; status: number }

export const ADMIN_KEY_HEADER = 'Atl-Confluence-With-Admin-Key';

export const DEFAULTS = {
  timeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  maxRetryAfterMs: 60_000,
  maxAttempts: 4,
} as const;

export interface TransportOptions {
  http: HttpOptions;
  /** The one origin that may receive the Authorization and admin-key headers. */
  apiOrigin: string;
  /** Host people recognise, for messages (the site, even when requests go through the gateway). */
  siteHost: string;
  /** Basic credentials; turned into a header at once and kept only in a private field. */
  credentials?: { email: string; token: string };
  clock?: Clock;
  logger?: Logger;
  onAdminKeyRequest?: (e: AdminKeyAuditEntry) => void;
}

export interface SendOptions {
  method: HttpMethod;
  url: URL;
  /** Serialised as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** Attach Authorization (default true). */
  auth?: boolean;
  /** Attach the admin-key header (the caller decides by policy). */
  adminKey?: boolean;
  /** Safe to repeat after a network error or 502/503/504; default: GET only. */
  idempotent?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  url: URL;
}

type Attempt =
  | { ok: true; status: number; headers: Record<string, string | string[] | undefined>; text: string }
  | { ok: false; error: ConfluenceError; retryable: boolean };

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export class HttpTransport {
  readonly apiOrigin: string;
  readonly #siteHost: string;
  readonly #http: HttpOptions;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  readonly #onAdminKeyRequest: ((e: AdminKeyAuditEntry) => void) | undefined;
  // Private fields: not enumerable, not shown by util.inspect, not reachable from errors.
  readonly #authorization: string | undefined;
  readonly #secrets: string[];
  readonly #dispatchers = new Map<string, Dispatcher>();
  #disposed = false;

  constructor(opts: TransportOptions) {
    this.apiOrigin = new URL(opts.apiOrigin).origin;
    this.#siteHost = opts.siteHost;
    this.#http = opts.http;
    this.#clock = opts.clock ?? opts.http.clock ?? systemClock;
    this.#logger = opts.logger ?? opts.http.logger;
    this.#onAdminKeyRequest = opts.onAdminKeyRequest;
    if (opts.credentials) {
      const basic = Buffer.from(`${opts.credentials.email}:${opts.credentials.token}`, 'utf8').toString('base64');
      this.#authorization = `Basic ${basic}`;
      this.#secrets = [opts.credentials.token, basic];
    } else {
      this.#authorization = undefined;
      this.#secrets = [];
    }
  }

  get clock(): Clock { return this.#clock; }

  /** Redacts this transport's own secrets (and anything token-like) from text bound for a message. */
  redact(text: string): string { return redactSecrets(text, this.#secrets); }

  /** Sends a request with retries; resolves only for 2xx, otherwise throws a ConfluenceError. */
  async send(opts: SendOptions): Promise<HttpResponse> {
    const maxAttempts = Math.max(1, this.#http.maxAttempts ?? DEFAULTS.maxAttempts);
    let url = opts.url;
    let redirected = false;
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(opts.signal, this.#ctx(opts.method, url));
      if (this.#disposed) { throw cancelledError(this.#ctx(opts.method, url), 'the connection to the site was closed (signed out or reloaded)'); }
      const result = await this.#attempt(opts, url);
      if (!result.ok) {
        if (result.retryable && attempt < maxAttempts) {
          await this.#pause(opts, url, attempt, backoffDelay(attempt, this.#http.random), result.error.message);
          continue;
        }
        throw result.error;
      }
      if (REDIRECTS.has(result.status)) {
        url = this.#followRedirect(opts, url, result, redirected);
        redirected = true;
        attempt--; // a followed redirect is not a retry
        continue;
      }
      if (result.status >= 200 && result.status < 300) {
        return { status: result.status, headers: result.headers, text: result.text, url };
      }
      const wait = this.#retryWait(opts, url, result, attempt, maxAttempts);
      await this.#pause(opts, url, attempt, wait, `status ${result.status}`);
    }
  }

  /**
   * One request whose body and answer are streams (attachments): not retried, redirects not followed
   * (a 3xx comes back for the caller to judge), 400 and above thrown as a ConfluenceError. The
   * credential fence is send()'s: with auth false nothing identifying goes out, to any origin.
   */
  async exchange(req: ExchangeRequest): Promise<ExchangeResponse> {
    const ctx = this.#ctx(req.method, req.url);
    throwIfAborted(req.signal, ctx);
    if (this.#disposed) { throw cancelledError(ctx, 'the connection to the site was closed (signed out or reloaded)'); }
    const opts: SendOptions = { method: req.method, url: req.url, signal: req.signal, auth: req.auth !== false, adminKey: req.adminKey === true };
    const headers = this.#headersFor(opts, req.url);
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      if (!RESERVED_HEADERS.has(name.toLowerCase())) { headers[name.toLowerCase()] = value; }
    }
    const started = performance.now();
    const timeout = req.timeoutMs ?? this.#http.timeoutMs ?? DEFAULTS.timeoutMs;
    let res: Dispatcher.ResponseData;
    try {
      res = await this.#dispatcherFor(req.url).request({ origin: req.url.origin, path: `${req.url.pathname}${req.url.search}`, method: req.method,
        headers, body: req.body ?? null, signal: req.signal ?? null, headersTimeout: timeout, bodyTimeout: timeout });
    } catch (e) {
      this.#record(req.method, req.url, 0, started, opts.adminKey === true);
      throw (this.#classify(e, opts, req.url) as Extract<Attempt, { ok: false }>).error;
    }
    this.#record(req.method, req.url, res.statusCode, started, opts.adminKey === true);
    if (res.statusCode >= 400) {
      const text = await readSome(res.body, 64 * 1024);
      throw withServerText(this.#statusError(res.statusCode, ctx, text), text, (t) => this.redact(t));
    }
    return { status: res.statusCode, headers: res.headers, body: res.body, url: req.url };
  }

  /** Closes every keep-alive connection; in-flight requests fail as cancelled/network. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    const all = [...this.#dispatchers.values()];
    this.#dispatchers.clear();
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }

  // Decides whether a non-2xx answer is retried and after how long; throws when it is not.
  #retryWait(opts: SendOptions, url: URL, result: Extract<Attempt, { ok: true }>, attempt: number, maxAttempts: number): number {
    const ctx = this.#ctx(opts.method, url);
    const status = result.status;
    const maxWait = this.#http.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
    const requested = serverRequestedWait(result.headers, this.#clock.now());
    if (status === 429) {
      // 429 means the server did not process the request, so even PUT/POST may be repeated.
      // A wait up to maxRetryAfterMs is waited out on the injected clock. A longer one (Confluence has
      // sent Retry-After: 9223372036854775807) is not waited at all: the request fails at once with
      // rateLimited whose retryAfterMs is clamped to the maximum, so the UI can say "try again in
      // about a minute" instead of hanging or showing an absurd number.
      const wait = requested ?? backoffDelay(attempt, this.#http.random);
      if (wait > maxWait) { throw rateLimitedError(ctx, maxWait); }
      if (attempt >= maxAttempts) { throw rateLimitedError(ctx, wait); }
      return wait;
    }
    if (RETRYABLE_GATEWAY_STATUSES.has(status) && isIdempotent(opts.method, opts.idempotent) && attempt < maxAttempts) {
      const wait = (status === 503 ? requested : undefined) ?? backoffDelay(attempt, this.#http.random);
      if (wait <= maxWait) { return wait; }
    }
    throw this.#statusError(status, ctx, result.text);
  }

  #statusError(status: number, ctx: FailureContext, text: string): ConfluenceError {
    const body = parseErrorBody(text);
    const title = body?.errors?.[0]?.title ?? body?.message ?? undefined;
    const serverText = title ? this.redact(title) : undefined;
    const currentVersion = status === 409 && title ? parseCurrentVersion(title) : undefined;
    return errorForStatus(status, ctx, serverText, currentVersion !== undefined ? { currentVersion } : {});
  }

  #followRedirect(opts: SendOptions, url: URL, result: Extract<Attempt, { ok: true }>, alreadyRedirected: boolean): URL {
    const ctx = this.#ctx(opts.method, url);
    const location = headerValue(result.headers, 'location');
    let target: URL | undefined;
    try {
      target = location !== undefined ? new URL(location, url) : undefined;
    } catch {
      target = undefined;
    }
    if (!target) {
      throw new ConfluenceError('invalidResponse', `Confluence on ${this.#siteHost} answered ${opts.method} ${ctx.path} with a redirect (${result.status}) without a usable location.`,
        { status: result.status, method: ctx.method, path: ctx.path });
    }
    if (target.origin !== url.origin) {
      // Nothing is sent to the other origin: following it could hand the credentials to someone else,
      // and for Atlassian it usually means a login page (SSO) instead of the API.
      this.#logger?.warn(`refused redirect from ${url.host} to ${target.host} (${opts.method} ${ctx.path})`);
      throw new ConfluenceError('invalidResponse', `Confluence on ${this.#siteHost} redirected ${opts.method} ${ctx.path} to another site (${target.host}). `
        + 'The extension does not follow redirects off the site, so nothing was sent there. Check the site address (use the URL you see in the browser).',
      { status: result.status, method: ctx.method, path: ctx.path });
    }
    const keepsMethod = result.status === 307 || result.status === 308;
    if (alreadyRedirected || (opts.method !== 'GET' && !keepsMethod)) {
      throw new ConfluenceError('invalidResponse', `Confluence on ${this.#siteHost} redirected ${opts.method} ${ctx.path} more than the extension follows (${result.status}).`,
        { status: result.status, method: ctx.method, path: ctx.path });
    }
    return target;
  }

  async #pause(opts: SendOptions, url: URL, attempt: number, ms: number, why: string): Promise<void> {
    this.#logger?.info(`retrying ${opts.method} ${safePath(url)} in ${ms} ms (attempt ${attempt + 1}; ${this.redact(why)})`);
    await sleep(this.#clock, ms, opts.signal, this.#ctx(opts.method, url));
  }

  async #attempt(opts: SendOptions, url: URL): Promise<Attempt> {
    const headers = this.#headersFor(opts, url);
    const withKey = opts.adminKey === true;
    const started = performance.now();
    const timeout = this.#http.timeoutMs ?? DEFAULTS.timeoutMs;
    try {
      const res = await this.#dispatcherFor(url).request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: opts.method,
        headers,
        body: opts.body === undefined ? null : JSON.stringify(opts.body),
        signal: opts.signal ?? null,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      const text = await res.body.text();
      this.#record(opts.method, url, res.statusCode, started, withKey);
      return { ok: true, status: res.statusCode, headers: res.headers, text };
    } catch (e) {
      this.#record(opts.method, url, 0, started, withKey);
      return this.#classify(e, opts, url);
    }
  }

  #headersFor(opts: SendOptions, url: URL): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': this.#http.userAgent, accept: 'application/json' };
    if (opts.body !== undefined) { headers['content-type'] = 'application/json'; }
    const wantsAuth = opts.auth !== false && this.#authorization !== undefined;
    if (wantsAuth || opts.adminKey === true) { this.#assertApiOrigin(url); }
    if (wantsAuth && this.#authorization !== undefined) { headers.authorization = this.#authorization; }
    if (opts.adminKey === true) { headers[ADMIN_KEY_HEADER.toLowerCase()] = 'true'; }
    return headers;
  }

  #assertApiOrigin(url: URL): void {
    if (url.origin !== this.apiOrigin) {
      this.#logger?.warn(`refused to send credentials to ${url.host}; only ${new URL(this.apiOrigin).host} receives them`);
      throw new ConfluenceError('invalidInput', `Refused to send your Confluence credentials to ${url.host}: only ${new URL(this.apiOrigin).host} receives them.`,
        { method: 'GET', path: safePath(url) });
    }
  }

  #record(method: string, url: URL, status: number, started: number, withKey: boolean): void {
    const ms = Math.round(performance.now() - started);
    const line = `${method} ${safePath(url)} ${status === 0 ? 'failed' : status} ${ms} ms`;
    if (withKey) {
      this.#logger?.info(`[admin-key] ${line}`);
      try {
        this.#onAdminKeyRequest?.({ method, path: safePath(url), time: this.#clock.now(), status });
      } catch (e) {
        this.#logger?.warn(`[admin-key] audit sink failed: ${this.redact(String(e))}`);
      }
    } else if (this.#logger?.trace) {
      this.#logger.trace(line);
    } else {
      this.#logger?.debug(line);
    }
  }

  #classify(e: unknown, opts: SendOptions, url: URL): Attempt {
    const ctx = this.#ctx(opts.method, url);
    if (opts.signal?.aborted || this.#disposed) {
      return { ok: false, retryable: false, error: cancelledError(ctx) };
    }
    if (e instanceof ConfluenceError) { return { ok: false, retryable: false, error: e }; }
    const code = errorCode(e);
    const details = { method: ctx.method, path: ctx.path };
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
      // Not retried: a person is waiting, and the timeout is already long.
      return { ok: false, retryable: false, error: new ConfluenceError('timeout',
        `${this.#siteHost} did not answer ${opts.method} ${ctx.path} in time (${code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connecting' : 'waiting for data'}). `
        + 'Check your network or proxy, then try again.', details) };
    }
    if (TLS_CODES.has(code)) {
      return { ok: false, retryable: false, error: new ConfluenceError('network',
        `The secure connection to ${url.host} failed (${code}). If a company proxy inspects HTTPS, configure its certificate `
        + 'or, as a last resort, turn off "http.proxyStrictSSL".', details) };
    }
    if (code === 'ENOTFOUND') {
      return { ok: false, retryable: false, error: new ConfluenceError('network',
        `Could not find ${url.host} (DNS lookup failed). Check the site address and your network connection.`, details) };
    }
    return { ok: false, retryable: isIdempotent(opts.method, opts.idempotent), error: new ConfluenceError('network',
      `Could not reach ${url.host} for ${opts.method} ${ctx.path} (${code || 'connection failed'}). `
      + 'Check your network connection and proxy settings, then try again.', details) };
  }

  #dispatcherFor(url: URL): Dispatcher {
    const existing = this.#dispatchers.get(url.origin);
    if (existing) { return existing; }
    const strictSSL = this.#http.strictSSL ?? true;
    const connect = { timeout: this.#http.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs, rejectUnauthorized: strictSSL };
    const proxy = resolveProxy(url, this.#http.proxy, (this.#http.env ?? process.env) as Env);
    const dispatcher: Dispatcher = proxy
      ? new ProxyAgent({
        uri: proxy.href,
        connect,
        requestTls: { rejectUnauthorized: strictSSL },
        proxyTls: { rejectUnauthorized: strictSSL, timeout: connect.timeout },
        // https targets tunnel through CONNECT; plain http (loopback only) uses absolute-form forwarding.
        proxyTunnel: url.protocol === 'https:',
        keepAliveTimeout: 30_000,
      })
      : new Agent({ connect, keepAliveTimeout: 30_000 });
    if (proxy) { this.#logger?.debug(`requests to ${url.host} go through the proxy ${proxy.host}`); }
    this.#dispatchers.set(url.origin, dispatcher);
    return dispatcher;
  }

  #ctx(method: string, url: URL): FailureContext {
    return { method, path: safePath(url), siteHost: this.#siteHost };
  }
}

const TLS_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'UND_ERR_SECURE_PROXY_CONNECTION',
]);

function errorCode(e: unknown): string {
  if (typeof e !== 'object' || e === null) { return ''; }
  const own = (e as { code?: unknown }).code;
  if (typeof own === 'string' && own !== 'UND_ERR_SOCKET') { return own; }
  const cause = (e as { cause?: unknown }).cause;
  const inner = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof inner === 'string' ? inner : typeof own === 'string' ? own : '';
}

function cancelledError(ctx: FailureContext, why?: string): ConfluenceError {
  return new ConfluenceError('cancelled', `${ctx.method} ${ctx.path} was cancelled${why ? `: ${why}` : ''}.`, { method: ctx.method, path: ctx.path });
}

function throwIfAborted(signal: AbortSignal | undefined, ctx: FailureContext): void {
  if (signal?.aborted) { throw cancelledError(ctx); }
}

/** Waits on the injected clock; an abort ends the wait at once. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal | undefined, ctx: FailureContext): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError(ctx));
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(cancelledError(ctx));
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function parseErrorBody(text: string): z.infer<typeof ErrorBodySchema> | undefined {
  try {
    const result = z.safeParse(ErrorBodySchema, JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** "Version must be incremented ... Current Version: [6]. Provided version: [5]" → 6. */
export function parseCurrentVersion(title: string): number | undefined {
  const m = /Current Version:\s*\[(\d+)\]/i.exec(title);
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}

/** Decodes a 2xx body as JSON; an HTML page (an SSO login, a proxy) or broken JSON is invalidResponse. */
export function decodeJson(res: HttpResponse, method: string, transport: HttpTransport, siteHost: string): unknown {
  const path = safePath(res.url);
  const contentType = headerValue(res.headers, 'content-type') ?? '';
  const looksHtml = /html/i.test(contentType) || /^\s*</.test(res.text);
  if (!looksHtml) {
    try {
      return JSON.parse(res.text) as unknown;
    } catch {
      // fall through to the shared message
    }
  }
  const excerpt = safeExcerpt(transport.redact(res.text));
  const what = looksHtml ? 'a web page (often a login or proxy page)' : 'malformed JSON';
  throw new ConfluenceError('invalidResponse', `${siteHost} answered ${method} ${path} with ${what} instead of Confluence data. `
    + `Check the site address and that you are not behind a sign-in proxy. It began: "${excerpt}"`,
  { status: res.status, method, path, excerpt });
}
