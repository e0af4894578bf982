// The only module that talks to the network (and the only undici import). It owns what must never go
// wrong in one place: which origin may receive credentials and the admin-key header, redirects,
// timeouts, cancellation, retries with backoff, proxies, and the per-request log/audit line.

import type { Dispatcher } from 'undici';
import { DeprecationLog } from './deprecationLog';
import { createDispatcher } from './dispatchers';
import { ConfluenceError, rateLimitedError, type FailureContext } from './errors';
import type { Env } from './proxy';
import { RateLimitState, type RequestPriority } from './rateLimitState';
import { readSome, RESERVED_HEADERS, withServerText, type ExchangeRequest, type ExchangeResponse } from './exchange';
import { redactSecrets, safeExcerpt, safePath } from './redact';
import { DEFAULT_DEADLINE_MS, DEFAULT_MAX_RESPONSE_BYTES, readBounded, startDeadline } from './responseReader';
import {
  backoffDelay, headerValue, isIdempotent, RETRYABLE_GATEWAY_STATUSES, serverRequestedWait, type HttpMethod,
} from './retryPolicy';
import { requiredScope } from './scopes';
import { statusError } from './statusErrors';
import { cancelledError, classifyFailure, closedError, sleep, throwIfAborted, tooLargeError, type FailedAttempt } from './transportErrors';
import { systemClock, type Clock } from '../util/clock';
import { l10n } from '../util/l10n';
import type { Logger } from '../util/logger';

export type { HttpMethod } from './retryPolicy';
export type { RequestPriority } from './rateLimitState';
export { parseCurrentVersion } from './statusErrors';
export { sleep } from './transportErrors';


export interface HttpOptions {
  /** e.g. 'confluence-vscode/0.1.0' */
  userAgent: string;
  /** Longest silence while waiting for headers or the next body chunk, default 30000. */
  timeoutMs?: number;
  /** Total time for one attempt, headers and body together, default 120000. */
  deadlineMs?: number;
  /** Largest answer read; a larger one fails with tooLarge. Default 50 MB. */
  maxResponseBytes?: number;
  /** Longest total wait for retries of one request (all Retry-After and backoff waits). Default 60000. */
  maxTotalWaitMs?: number;
  /** Default 10000. */
  connectTimeoutMs?: number;
  /** Explicit proxy URL (VS Code http.proxy); else HTTPS_PROXY/HTTP_PROXY + NO_PROXY from env. */
  proxy?: string;
  /** Defaults to process.env (read for proxy variables only). */
  env?: Record<string, string | undefined>;
  /** Certificate checks on connections through the proxy (never turned off for direct ones). Default true. */
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
  maxTotalWaitMs: 60_000,
  deadlineMs: DEFAULT_DEADLINE_MS,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
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
  /** Background requests pause while the site says it is near its rate limit; default foreground. */
  priority?: RequestPriority;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  url: URL;
}

type Attempt = { ok: true; status: number; headers: Record<string, string | string[] | undefined>; text: string } | FailedAttempt;

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
  readonly #rateLimit: RateLimitState;
  readonly #deprecations: DeprecationLog;
  #disposed = false;

  constructor(opts: TransportOptions) {
    this.apiOrigin = new URL(opts.apiOrigin).origin;
    this.#siteHost = opts.siteHost;
    this.#http = opts.http;
    this.#clock = opts.clock ?? opts.http.clock ?? systemClock;
    this.#logger = opts.logger ?? opts.http.logger;
    this.#onAdminKeyRequest = opts.onAdminKeyRequest;
    this.#rateLimit = new RateLimitState(this.#logger);
    this.#deprecations = new DeprecationLog(this.#logger ? (m) => this.#logger?.warn(m) : undefined);
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
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const ctx = this.#ctx(opts.method, url);
      throwIfAborted(opts.signal, ctx);
      if (this.#disposed) { throw closedError(ctx); }
      const hold = this.#rateLimit.delayFor(opts.priority, this.#clock.now());
      if (hold > 0) { await sleep(this.#clock, hold, opts.signal, ctx); }
      const result = await this.#attempt(opts, url);
      if (!result.ok) {
        const wait = backoffDelay(attempt, this.#http.random);
        if (result.retryable && attempt < maxAttempts && this.#withinBudget(waited, wait)) {
          waited += wait;
          await this.#pause(opts, url, attempt, wait, result.error.message);
          continue;
        }
        throw result.error;
      }
      this.#rateLimit.observe(result.status, result.headers, this.#clock.now());
      this.#deprecations.note(opts.method, url, result.headers);
      if (REDIRECTS.has(result.status)) {
        url = this.#followRedirect(opts, url, result, redirected);
        redirected = true;
        attempt--; // a followed redirect is not a retry
        continue;
      }
      if (result.status >= 200 && result.status < 300) {
        return { status: result.status, headers: result.headers, text: result.text, url };
      }
      const wait = this.#retryWait(opts, url, result, attempt, maxAttempts, waited);
      waited += wait;
      await this.#pause(opts, url, attempt, wait, `status ${result.status}`);
    }
  }

  /** Whether one more wait keeps the request's retries within their total budget. */
  #withinBudget(waited: number, wait: number): boolean {
    return waited + wait <= (this.#http.maxTotalWaitMs ?? DEFAULTS.maxTotalWaitMs);
  }

  /**
   * One request whose body and answer are streams (attachments): not retried, redirects not followed
   * (a 3xx comes back for the caller to judge), 400 and above thrown as a ConfluenceError. The
   * credential fence is send()'s: with auth false nothing identifying goes out, to any origin.
   */
  async exchange(req: ExchangeRequest): Promise<ExchangeResponse> {
    const ctx = this.#ctx(req.method, req.url);
    throwIfAborted(req.signal, ctx);
    if (this.#disposed) { throw closedError(ctx); }
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
      throw classifyFailure(e, ctx, req.url.host, false, { cancelled: req.signal?.aborted === true || this.#disposed }).error;
    }
    this.#record(req.method, req.url, res.statusCode, started, opts.adminKey === true);
    if (res.statusCode >= 400) {
      const text = await readSome(res.body, 64 * 1024);
      throw withServerText(statusError(res.statusCode, ctx, text, res.headers, (t) => this.redact(t), () => requiredScope(req.method, req.url)), text, (t) => this.redact(t));
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
  #retryWait(opts: SendOptions, url: URL, result: Extract<Attempt, { ok: true }>, attempt: number, maxAttempts: number, waited: number): number {
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
      // Waits add up over retries too: past the request's budget it fails rather than keep a person waiting.
      const wait = requested ?? backoffDelay(attempt, this.#http.random);
      if (wait > maxWait) { throw rateLimitedError(ctx, maxWait); }
      if (attempt >= maxAttempts || !this.#withinBudget(waited, wait)) { throw rateLimitedError(ctx, wait); }
      return wait;
    }
    if (RETRYABLE_GATEWAY_STATUSES.has(status) && isIdempotent(opts.method, opts.idempotent) && attempt < maxAttempts) {
      const wait = (status === 503 ? requested : undefined) ?? backoffDelay(attempt, this.#http.random);
      if (wait <= maxWait && this.#withinBudget(waited, wait)) { return wait; }
    }
    throw statusError(status, ctx, result.text, result.headers, (t) => this.redact(t), () => requiredScope(opts.method, url));
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
      throw new ConfluenceError('invalidResponse', l10n.t('Confluence on {0} answered {1} {2} with a redirect ({3}) without a usable location.', this.#siteHost, opts.method, ctx.path, result.status),
        { status: result.status, method: ctx.method, path: ctx.path });
    }
    if (target.origin !== url.origin) {
      // Nothing is sent to the other origin: following it could hand the credentials to someone else,
      // and for Atlassian it usually means a login page (SSO) instead of the API.
      this.#logger?.warn(`refused redirect from ${url.host} to ${target.host} (${opts.method} ${ctx.path})`);
      throw new ConfluenceError('invalidResponse', l10n.t('Confluence on {0} redirected {1} {2} to another site ({3}). The extension does not follow redirects off the site, so nothing was sent there. Check the site address (use the URL you see in the browser).', this.#siteHost, opts.method, ctx.path, target.host),
      { status: result.status, method: ctx.method, path: ctx.path });
    }
    const keepsMethod = result.status === 307 || result.status === 308;
    if (alreadyRedirected || (opts.method !== 'GET' && !keepsMethod)) {
      throw new ConfluenceError('invalidResponse', l10n.t('Confluence on {0} redirected {1} {2} more than the extension follows ({3}).', this.#siteHost, opts.method, ctx.path, result.status),
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
    const deadlineMs = this.#http.deadlineMs ?? DEFAULTS.deadlineMs;
    const maxBytes = this.#http.maxResponseBytes ?? DEFAULTS.maxResponseBytes;
    const deadline = startDeadline(deadlineMs, opts.signal);
    try {
      const res = await this.#dispatcherFor(url).request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: opts.method,
        headers,
        body: opts.body === undefined ? null : JSON.stringify(opts.body),
        signal: deadline.signal,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      const text = await readBounded(res.body, headerValue(res.headers, 'content-length'), maxBytes);
      this.#record(opts.method, url, res.statusCode, started, withKey);
      if (text === undefined) { return { ok: false, retryable: false, error: tooLargeError(this.#ctx(opts.method, url), maxBytes) }; }
      return { ok: true, status: res.statusCode, headers: res.headers, text };
    } catch (e) {
      this.#record(opts.method, url, 0, started, withKey);
      return classifyFailure(e, this.#ctx(opts.method, url), url.host, isIdempotent(opts.method, opts.idempotent), {
        cancelled: opts.signal?.aborted === true || this.#disposed, ...(deadline.expired() ? { deadlineMs } : {}),
      });
    } finally {
      deadline.dispose();
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
      throw new ConfluenceError('invalidInput', l10n.t('Refused to send your Confluence credentials to {0}: only {1} receives them.', url.host, new URL(this.apiOrigin).host),
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

  #dispatcherFor(url: URL): Dispatcher {
    const existing = this.#dispatchers.get(url.origin);
    if (existing) { return existing; }
    const dispatcher = createDispatcher(url, {
      ...(this.#http.proxy !== undefined ? { proxy: this.#http.proxy } : {}),
      env: (this.#http.env ?? process.env) as Env,
      strictSSL: this.#http.strictSSL ?? true,
      connectTimeoutMs: this.#http.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
    }, (m) => this.#logger?.debug(m));
    this.#dispatchers.set(url.origin, dispatcher);
    return dispatcher;
  }

  #ctx(method: string, url: URL): FailureContext {
    return { method, path: safePath(url), siteHost: this.#siteHost };
  }
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
  throw new ConfluenceError('invalidResponse', looksHtml
    ? l10n.t('{0} answered {1} {2} with a web page (often a login or proxy page) instead of Confluence data. Check the site address and that you are not behind a sign-in proxy. It began: "{3}"', siteHost, method, path, excerpt)
    : l10n.t('{0} answered {1} {2} with malformed JSON instead of Confluence data. Check the site address and that you are not behind a sign-in proxy. It began: "{3}"', siteHost, method, path, excerpt),
  { status: res.status, method, path, excerpt });
}
