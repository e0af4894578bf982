// The "media" origin attachment downloads are redirected to. On real sites
// `/wiki/download/attachments/…` answers 302 to api.media.atlassian.com with a short-lived token in
// the URL; the bytes come from there, on another origin, and the site's credentials are neither
// needed nor accepted. This small server plays that part: it serves a file only for a valid,
// unexpired token issued by the emulator for exactly that file, refuses any request that carries an
// Authorization header, and records the headers of every request so tests can prove that no
// credentials or admin-key header ever reached it.

import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { BlobSource } from './organiseState';

export interface MediaRequestEntry {
  time: number;
  method: string;
  /** Path and query as received, with the token's value replaced by "redacted". */
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface MediaFile { fileId: string; name: string; mediaType: string; size: number; blob: BlobSource }

interface Grant { file: MediaFile; expiresAt: number }

/** How long a download token lives (real ones are short-lived; the exact lifetime is not published). */
export const MEDIA_TOKEN_TTL_MS = 10 * 60_000;

const CLIENT_ID = randomUUID();

export class MediaServer {
  origin = '';
  readonly log: MediaRequestEntry[] = [];
  private readonly grants = new Map<string, Grant>();
  private readonly key = randomBytes(32);
  private readonly server: http.Server;
  private closed = false;

  constructor(private readonly clock: { now(): number }) {
    this.server = http.createServer((req, res) => { this.handle(req, res); });
    this.server.keepAliveTimeout = 5000;
  }

  listen(host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, host, () => {
        const addr = this.server.address();
        if (addr && typeof addr === 'object') {
          this.origin = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
        }
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) { return; }
    this.closed = true;
    const done = new Promise<void>(resolve => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await done;
  }

  reset(): void {
    this.grants.clear();
    this.log.length = 0;
  }

  /** A signed, expiring URL on the media origin for one file (what the site redirects to). */
  signedUrl(file: MediaFile): string {
    const now = this.clock.now();
    const expiresAt = now + MEDIA_TOKEN_TTL_MS;
    const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: CLIENT_ID, sub: file.fileId, iat: Math.floor(now / 1000), exp: Math.floor(expiresAt / 1000), jti: randomUUID() })}`;
    const token = `${unsigned}.${createHmac('sha256', this.key).update(unsigned).digest('base64url')}`;
    this.grants.set(token, { file, expiresAt });
    const q = new URLSearchParams({ token, client: CLIENT_ID, dl: 'true', name: file.name });
    return `${this.origin}/file/${file.fileId}/binary?${q.toString()}`;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://media.invalid');
    const shown = new URLSearchParams(url.search);
    if (shown.has('token')) { shown.set('token', 'redacted'); }
    const entry: MediaRequestEntry = {
      time: this.clock.now(), method: req.method ?? 'GET', path: `${url.pathname}${shown.size > 0 ? `?${shown.toString()}` : ''}`, status: 0, headers: { ...req.headers },
    };
    this.log.push(entry);
    res.on('finish', () => { entry.status = res.statusCode; });
    const fail = (status: number, code: string, message: string): void => {
      const body = JSON.stringify({ error: { code, title: message } });
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') { fail(405, 'MethodNotAllowed', 'Only GET and HEAD are served.'); return; }
    const m = /^\/file\/([0-9a-f-]{36})\/binary$/.exec(url.pathname);
    if (!m) { fail(404, 'NotFound', 'No such file.'); return; }
    if (req.headers.authorization !== undefined) {
      // The media API has its own tokens; a site's Basic credentials are not accepted here.
      fail(401, 'Unauthorized', 'Authorization header not accepted; use the token from the download redirect.');
      return;
    }
    const token = url.searchParams.get('token') ?? '';
    const grant = this.grants.get(token);
    if (!grant || grant.file.fileId !== m[1]) { fail(401, 'Unauthorized', 'Missing or invalid token.'); return; }
    if (this.clock.now() >= grant.expiresAt) {
      this.grants.delete(token);
      fail(401, 'Unauthorized', 'The token has expired; request the download link again.');
      return;
    }
    const f = grant.file;
    const disposition = url.searchParams.get('dl') === 'true' ? 'attachment' : 'inline';
    res.writeHead(200, {
      'Content-Type': f.mediaType,
      'Content-Length': String(f.size),
      'Content-Disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(f.name)}`,
      'Cache-Control': 'private, max-age=0',
    });
    if (req.method === 'HEAD') { res.end(); return; }
    if (f.blob.kind === 'bytes') { res.end(f.blob.data); return; }
    const stream = fs.createReadStream(f.blob.path);
    stream.on('error', () => { res.destroy(); });
    res.on('close', () => { stream.destroy(); });
    stream.pipe(res);
  }
}
