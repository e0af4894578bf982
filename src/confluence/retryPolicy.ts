// When and how long to wait before trying a request again. Pure functions, so the rules can be tested
// without a server and the transport stays about I/O.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Header lookup that tolerates undici's lower-cased keys and repeated headers. */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Milliseconds to wait from `Retry-After` (delta-seconds or an HTTP date). Absurd values such as
 * 9223372036854775807 come back as very large numbers (or Infinity); the caller compares them with its
 * maximum rather than trusting them.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) { return undefined; }
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) {
    const ms = Number(v) * 1000;
    return Number.isFinite(ms) ? ms : Number.POSITIVE_INFINITY;
  }
  // Only text with letters can be an HTTP date; Date.parse('12') would mean the year 2001.
  if (/[a-z]/i.test(v)) {
    const at = Date.parse(v);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
  }
  return undefined;
}

/** `X-RateLimit-Reset` is an ISO-8601 timestamp (yyyy-MM-ddTHH:mmZ) in Atlassian's documentation. */
export function parseRateLimitReset(value: string | undefined, now: number): number | undefined {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}T/.test(value.trim())) { return undefined; }
  const at = Date.parse(value.trim());
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The server's requested wait: Retry-After, else Beta-Retry-After (same form; sent by Atlassian's newer
 * rate limiter, sometimes without Retry-After), else X-RateLimit-Reset.
 */
export function serverRequestedWait(headers: Record<string, string | string[] | undefined>, now: number): number | undefined {
  return parseRetryAfter(headerValue(headers, 'retry-after'), now)
    ?? parseRetryAfter(headerValue(headers, 'beta-retry-after'), now)
    ?? parseRateLimitReset(headerValue(headers, 'x-ratelimit-reset'), now);
}

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 8000;

/**
 * Capped exponential backoff with jitter: attempt 1 waits about 0.5 s, then 1 s, 2 s, ... up to 8 s.
 * The jitter keeps many windows that failed together from retrying together.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** GET is always safe to repeat; anything else only when the caller says so (admin-key DELETE). */
export function isIdempotent(method: HttpMethod, explicit: boolean | undefined): boolean {
  return explicit ?? method === 'GET';
}

export const RETRYABLE_GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
