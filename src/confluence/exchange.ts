// The shape of a streamed exchange (attachments): a request whose body is a stream and whose answer
// is handed back unread, so a 100 MB file never has to fit in memory. HttpTransport.exchange sends
// it with the same credential fence, proxy, TLS and log line as every other request.

import type { Readable } from 'node:stream';
import { ConfluenceError } from './errors';
import { safeExcerpt } from './redact';
import type { HttpMethod } from './retryPolicy';

export interface ExchangeRequest {
  method: HttpMethod;
  url: URL;
  /** Content type and length, accept, X-Atlassian-Token… Credential headers cannot be set here. */
  headers?: Record<string, string>;
  /** Sent as it is read; an exchange is never retried because its body cannot be replayed. */
  body?: Readable | null;
  signal?: AbortSignal;
  /** Send the site credentials (default true). Only the API origin may receive them. */
  auth?: boolean;
  /** Send the admin-key header (the caller decides by policy). */
  adminKey?: boolean;
  /** Longest wait for the answer to start and between two chunks of it (default: the transport's). */
  timeoutMs?: number;
}

export interface ExchangeResponse {
  /** 2xx or 3xx: anything from 400 up is thrown as a ConfluenceError. */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Not yet read: the caller consumes it, or destroys it when it does not want it. */
  body: Readable;
  url: URL;
}

/** Headers a caller may never set on an exchange: credentials travel only through the transport's policy. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'host', 'atl-confluence-with-admin-key']);

/**
 * Stops reading an answer. undici reports a body destroyed before its end as an error event, which
 * nobody is listening for once the caller has decided it does not want the rest.
 */
export function discardBody(body: { destroy(): unknown; on?(event: 'error', fn: () => void): unknown }): void {
  body.on?.('error', () => undefined);
  body.destroy();
}

/** Up to `max` bytes of an error answer as text; the rest is discarded. */
export async function readSome(body: AsyncIterable<Uint8Array> & { destroy(): unknown }, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(Buffer.from(chunk));
      size += chunk.length;
      if (size >= max) { break; }
    }
  } catch {
    // a broken error body still leaves the status to report
  } finally {
    discardBody(body);
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, max);
}

/**
 * The same error with what the server said kept as its (redacted, short) excerpt: streamed
 * operations tell apart refusals that share a status (an upload's 404 can mean "no such page" or
 * "the file is over the size limit").
 */
export function withServerText(e: ConfluenceError, text: string, redact: (t: string) => string): ConfluenceError {
  let said = text;
  try {
    const body = JSON.parse(text) as { message?: unknown; errors?: { title?: unknown }[] };
    const title = body.errors?.[0]?.title ?? body.message;
    if (typeof title === 'string') { said = title; }
  } catch {
    // not JSON: keep the text as it is
  }
  if (said.trim() === '') { return e; }
  return new ConfluenceError(e.kind, e.message, {
    ...(e.status !== undefined ? { status: e.status } : {}), ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
    ...(e.currentVersion !== undefined ? { currentVersion: e.currentVersion } : {}), ...(e.method ? { method: e.method } : {}),
    ...(e.path ? { path: e.path } : {}), excerpt: safeExcerpt(redact(said)),
  });
}
