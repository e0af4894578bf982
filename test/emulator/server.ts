// The HTTP transport of the emulator: URL parsing (site and gateway paths), Basic auth, request
// bodies with the 5 MB limit, injected latency, faults and rate limits, the request log, the admin-key
// audit of restricted reads/writes, and the optional /__emulator/ control surface. The Confluence
// operations themselves live in routes.ts.

import * as http from 'node:http';
import { BlobStore } from './blobStore';
import { ApiError, ApiStyle, DEFAULT_CODES, DEFAULT_TITLES, errorBody, v2ErrorBody } from './errors';
import type { EmulatorOptions, FaultSpec, RequestLogEntry } from './index';
import { MediaServer } from './mediaServer';
import { bindServices, DEFAULT_MAX_ATTACHMENT_BYTES, type OrganiseServices } from './organiseServices';
import { findRoute } from './routes';
import { Quirks, scopeMissing, SCOPE_MISMATCH } from './quirks';
import type { Ctx, Reply } from './routeKit';
import { applySeed, SeedName } from './seed';
import { DEFAULT_START_TIME, EmulatorClock, Store, UserRecord } from './store';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Beyond this we stop draining an oversized body and drop the connection. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

interface QueuedFault { remaining: number; fault: FaultSpec; rateLimit?: { retryAfter: string; extraHeaders: Record<string, string> } }

export class Emulator {
  readonly clock: EmulatorClock;
  store: Store;
  latencyMs: number;
  readonly seed: SeedName;
  readonly controlHttp: boolean;
  readonly log: RequestLogEntry[] = [];
  readonly quirks: Quirks;
  faults: QueuedFault[] = [];
  origin = '';
  private readonly server: http.Server;
  private readonly hung = new Set<http.ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private traceCounter = 0;
  /** Uploaded attachment bytes, the media origin downloads redirect to, and the size limit. */
  readonly organise: OrganiseServices;
  private readonly attachmentLimit: number;
  /** Set by control.ts: handles /__emulator/ requests when controlHttp is on. */
  controlHandler?: (method: string, path: string, query: URLSearchParams, body: Buffer) => Reply;

  constructor(options: EmulatorOptions) {
    this.clock = new EmulatorClock(options.startTime ?? DEFAULT_START_TIME);
    this.seed = options.seed ?? 'demo';
    this.latencyMs = options.latencyMs ?? 0;
    this.controlHttp = options.controlHttp ?? false;
    this.quirks = new Quirks(options.quirks ?? false);
    this.attachmentLimit = options.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
    this.organise = { blobs: new BlobStore(), media: new MediaServer(this.clock), maxAttachmentBytes: this.attachmentLimit };
    this.store = this.freshStore();
    this.server = http.createServer((req, res) => { void this.handle(req, res); });
    // Keep-alive sockets must not keep tests alive; close() also calls closeAllConnections().
    this.server.keepAliveTimeout = 5000;
  }

  freshStore(): Store {
    const s = new Store(this.clock);
    applySeed(s, this.seed);
    // The previous store's uploads and download tokens go with it.
    this.organise.blobs.clear();
    this.organise.media.reset();
    this.organise.maxAttachmentBytes = this.attachmentLimit;
    bindServices(s, this.organise);
    return s;
  }

  get siteBase(): string { return `${this.origin}/wiki`; }

  async listen(port: number, host: string): Promise<void> {
    await this.organise.media.listen(host);
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const addr = this.server.address();
        if (addr && typeof addr === 'object') {
          const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
          this.origin = `http://${h}:${addr.port}`;
        }
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) { return; }
    this.closed = true;
    for (const t of this.timers) { clearTimeout(t); }
    this.timers.clear();
    for (const res of this.hung) { res.socket?.destroy(); }
    this.hung.clear();
    const done = new Promise<void>(resolve => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await Promise.all([done, this.organise.media.close()]);
    this.organise.blobs.close();
  }

  private delay(ms: number): Promise<void> {
    if (ms <= 0) { return Promise.resolve(); }
    return new Promise(resolve => {
      const t = setTimeout(() => { this.timers.delete(t); resolve(); }, ms);
      this.timers.add(t);
    });
  }

  private takeFault(method: string, path: string): QueuedFault | undefined {
    for (const q of this.faults) {
      if (q.remaining <= 0) { continue; }
      if (q.fault.method && q.fault.method.toUpperCase() !== method) { continue; }
      if (q.fault.pathIncludes && !path.includes(q.fault.pathIncludes)) { continue; }
      q.remaining--;
      this.faults = this.faults.filter(f => f.remaining > 0);
      return q;
    }
    return undefined;
  }

  private readBody(req: http.IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean } | undefined> {
    return new Promise(resolve => {
      const chunks: Buffer[] = [];
      let total = 0;
      let tooLarge = false;
      req.on('data', (c: Buffer) => {
        total += c.length;
        if (total > MAX_BODY_BYTES) { tooLarge = true; chunks.length = 0; }
        if (total > MAX_DRAIN_BYTES) { req.socket.destroy(); resolve(undefined); return; }
        if (!tooLarge) { chunks.push(c); }
      });
      req.on('end', () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
      req.on('error', () => resolve(undefined));
      req.on('aborted', () => resolve(undefined));
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const adminKeyHeader = String(req.headers['atl-confluence-with-admin-key'] ?? '').toLowerCase() === 'true';
    let entry: RequestLogEntry | undefined;
    let style: ApiStyle = 'v2';
    try {
      const parsed = parseUrl(rawUrl, this.store.cloudId);
      style = parsed.style;
      // The control surface is outside the emulated site: no faults, latency, auth or logging.
      if (!parsed.viaGateway && parsed.segments[0] === '__emulator') {
        const read = await this.readBody(req);
        if (!this.controlHttp || !this.controlHandler || !read) { this.send(res, { status: 404, body: v2ErrorBody(404, 'NOT_FOUND', 'Not Found', null) }); return; }
        this.send(res, this.controlHandler(method, parsed.path, parsed.query, read.body));
        return;
      }
      entry = { time: this.clock.now(), method, path: rawUrl, status: 0, adminKeyHeader, viaGateway: parsed.viaGateway };
      this.log.push(entry);
      const logEntry = entry;
      res.on('finish', () => { logEntry.status = res.statusCode; });

      // Attachment uploads read their own (possibly very large) body as a stream.
      const early = parsed.error ? undefined : findRoute(method, parsed.path);
      const streamed = early?.kind === 'route' && early.route.streamBody === true;
      const read = streamed ? { body: Buffer.alloc(0), tooLarge: false } : await this.readBody(req);
      if (!read) { return; } // client went away or body absurdly large: socket already gone
      await this.delay(this.latencyMs);
      if (this.closed) { return; }

      // Authenticate early so faulted requests are logged with their user too.
      const auth = authenticate(this.store, req.headers.authorization, parsed.viaGateway);
      if (auth) { logEntry.user = auth.user.email; }
      const fault = this.takeFault(method, rawUrl);
      // The request is carried out, but its answer never arrives (a connection lost after the server acted).
      const loseAnswer = fault?.fault.dropAfterHandling === true;
      if (fault && !loseAnswer && this.applyFault(fault, req, res, style)) {
        if (res.headersSent) { logEntry.status = res.statusCode; } // dropMidBody: 200 went out before the drop
        return;
      }

      if (parsed.error) { throw parsed.error; }
      const match = findRoute(method, parsed.path);
      if (!match) { throw new ApiError(404, 'NOT_FOUND', 'Not Found'); }
      if (match.kind === 'method') { throw new ApiError(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed here`, null, { Allow: match.allow.join(', ') }); }
      const route = match.route;
      if (route.siteOnly && parsed.viaGateway) { throw new ApiError(404, 'NOT_FOUND', 'Not Found'); }
      if (read.tooLarge) {
        throw new ApiError(413, 'REQUEST_ENTITY_TOO_LARGE', 'Request is too large in size (over 5 MB).', `The request body exceeds the ${MAX_BODY_BYTES} byte limit.`);
      }
      let user: UserRecord | undefined;
      let tokenKind: 'classic' | 'scoped' | undefined;
      if (auth) { user = auth.user; tokenKind = auth.kind; }
      if (route.auth === 'required' && !user) {
        // Real v2 treats rejected credentials as an anonymous visitor, who may see nothing: 404.
        if (this.quirks.on && style === 'v2' && req.headers.authorization !== undefined) { throw new ApiError(404, 'NOT_FOUND', 'Not Found'); }
        throw new ApiError(401, 'UNAUTHORIZED', 'Client must be authenticated to access this resource.', null);
      }
      if (auth?.kind === 'scoped' && scopeMissing(auth.token, method, parsed.path) !== undefined) {
        this.sendSite(res, { status: SCOPE_MISMATCH.status, headers: { ...SCOPE_MISMATCH.headers }, body: SCOPE_MISMATCH.body }, style);
        return;
      }
      const keyActive = Boolean(user && adminKeyHeader && !parsed.viaGateway && this.store.adminKeyAvailableTo(user)
        && this.store.adminKeyExpiry(user.accountId) !== undefined);
      const body = read.body;
      const ctx: Ctx = {
        store: this.store, method, apiPath: parsed.path, query: parsed.query, params: match.params,
        user: user as UserRecord, anonymous: !user, tokenKind: tokenKind ?? 'classic', viaGateway: parsed.viaGateway,
        keyActive, revealed: [], origin: this.origin, siteBase: this.siteBase, rawBody: body, rawUrl, quirks: this.quirks, request: req,
      };
      const reply = await route.handler(ctx);
      if (user && ctx.revealed.length > 0) {
        const seen = new Set<string>();
        for (const id of ctx.revealed) {
          if (seen.has(id)) { continue; }
          seen.add(id);
          this.store.audit.push({ time: this.clock.now(), accountId: user.accountId, action: 'admin-key.use', method, path: rawUrl, contentId: id,
            detail: `${method === 'GET' ? 'read' : 'write'} of restricted content through the admin key` });
        }
      }
      if (loseAnswer) { req.socket.destroy(); return; }
      this.sendSite(res, reply, style);
    } catch (e) {
      const err = e instanceof ApiError ? e : internalError(e);
      this.sendSite(res, { status: err.status, body: errorBody(style, err), headers: err.headers }, style);
    }
  }

  /** An answer of the emulated site: quirks mode adds its deprecation and near-limit headers. */
  private sendSite(res: http.ServerResponse, reply: Reply, style: ApiStyle): void {
    this.send(res, { ...reply, headers: { ...this.quirks.responseHeaders(style === 'v1'), ...(reply.headers ?? {}) } });
  }

  /** Returns true when the fault fully handled (or swallowed) the request. */
  private applyFault(q: QueuedFault, req: http.IncomingMessage, res: http.ServerResponse, style: ApiStyle): boolean {
    const f = q.fault;
    if (q.rateLimit) {
      this.sendSite(res, {
        status: 429,
        headers: { ...this.quirks.rateLimitHeaders(q.rateLimit.retryAfter, this.clock.now()), ...q.rateLimit.extraHeaders },
        body: v2ErrorBody(429, 'TOO_MANY_REQUESTS', 'Rate limit exceeded', 'Too many requests. Retry after the period given in the Retry-After header.'),
      }, style);
      return true;
    }
    if (f.drop) { req.socket.destroy(); return true; }
    if (f.hang) { this.hung.add(res); res.on('close', () => this.hung.delete(res)); return true; }
    if (f.dropMidBody) {
      const partial = '{"results":[{"id":"65537","status":"current","title":"Eng';
      res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': String(partial.length + 2048) });
      res.write(partial, () => { setImmediate(() => req.socket.destroy()); });
      return true;
    }
    if (f.status !== undefined) {
      const headers: Record<string, string> = { ...(f.headers ?? {}) };
      if (f.retryAfter !== undefined) { headers['Retry-After'] = f.retryAfter; }
      const status = f.status;
      this.send(res, { status, headers, body: v2ErrorBody(status, DEFAULT_CODES[status] ?? 'ERROR', DEFAULT_TITLES[status] ?? `HTTP ${status}`, null) });
      return true;
    }
    return false;
  }

  send(res: http.ServerResponse, reply: Reply): void {
    if (res.headersSent || res.destroyed) { return; }
    const headers: Record<string, string> = {
      'X-Trace-Id': `emu-${(++this.traceCounter).toString(16).padStart(8, '0')}`,
      ...(reply.headers ?? {}),
    };
    let payload: string | undefined;
    if (reply.text !== undefined) {
      payload = reply.text;
      headers['Content-Type'] = reply.contentType ?? 'text/plain;charset=UTF-8';
    } else if (reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['Content-Type'] = 'application/json;charset=UTF-8';
    }
    if (payload !== undefined) { headers['Content-Length'] = String(Buffer.byteLength(payload)); }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }
}

function internalError(e: unknown): ApiError {
  // Never expected; the fuzz tests assert no 500 ever appears. Log for whoever runs the emulator.
  process.stderr.write(`[emulator] internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  return new ApiError(500, 'INTERNAL_SERVER_ERROR', 'Internal Server Error');
}

export interface ParsedUrl {
  /** Decoded path without the gateway prefix, e.g. /wiki/api/v2/pages/1 */
  path: string;
  segments: string[];
  query: URLSearchParams;
  viaGateway: boolean;
  style: ApiStyle;
  error?: ApiError;
}

/**
 * Parse without normalising: `..`, `.`, empty segments and encoded slashes are refused (404) rather
 * than resolved, so path traversal can never reach another resource.
 */
export function parseUrl(rawUrl: string, cloudId: string): ParsedUrl {
  const q = rawUrl.indexOf('?');
  const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
  const query = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : '');
  const out: ParsedUrl = { path: rawPath, segments: [], query, viaGateway: false, style: 'v2' };
  if (!rawPath.startsWith('/')) { out.error = new ApiError(400, 'BAD_REQUEST', 'Bad Request'); return out; }
  let parts = rawPath.slice(1).split('/');
  if (parts.length > 1 && parts[parts.length - 1] === '') { parts = parts.slice(0, -1); } // tolerate one trailing slash
  const decoded: string[] = [];
  for (const p of parts) {
    let d: string;
    try { d = decodeURIComponent(p); } catch { out.error = new ApiError(400, 'BAD_REQUEST', 'Malformed URL escape in path'); return out; }
    if (d === '' && parts.length > 1) { out.error = new ApiError(404, 'NOT_FOUND', 'Not Found'); return out; }
    if (d === '.' || d === '..' || d.includes('/') || d.includes('\\') || d.includes('\0')) { out.error = new ApiError(404, 'NOT_FOUND', 'Not Found'); return out; }
    decoded.push(d);
  }
  let segs = decoded;
  if (segs[0] === 'ex' && segs[1] === 'confluence') {
    out.viaGateway = true;
    if (segs[2] !== cloudId || segs[3] !== 'wiki') { out.error = new ApiError(404, 'NOT_FOUND', 'Not Found'); }
    segs = segs.slice(3);
  }
  out.segments = segs;
  out.path = '/' + segs.join('/');
  if (segs[0] === 'wiki' && segs[1] === 'rest') { out.style = 'v1'; }
  return out;
}

export function authenticate(store: Store, header: string | undefined, viaGateway: boolean): { user: UserRecord; kind: 'classic' | 'scoped'; token: string } | undefined {
  if (!header) { return undefined; }
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m?.[1]) { return undefined; }
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i <= 0) { return undefined; }
  const user = store.userByEmail(decoded.slice(0, i));
  const token = decoded.slice(i + 1);
  if (!user || token.length === 0) { return undefined; }
  if (token === user.token) { return { user, kind: 'classic', token }; }
  // Scoped tokens are only honoured by the api.atlassian.com gateway; on the site URL they get a 401.
  if (viaGateway && user.scopedTokens.includes(token)) { return { user, kind: 'scoped', token }; }
  return undefined;
}
