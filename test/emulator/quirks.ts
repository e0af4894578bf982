// Quirks mode: the emulator behaves the way real Confluence Cloud sites are reported to, where Atlassian
// promises nothing (or promises otherwise). Plain mode keeps the emulator as documented; with
// `startEmulator({ quirks: true })`, `--quirks` or `control.setQuirks(true)` it also:
// - lists at most QUIRK_DESCENDANT_DEPTH levels of descendants whatever `depth` asks, depth first
//   rather than level by level (deterministic, so cursors stay consistent);
// - lists a space's pages (depth=all, no `sort`) and a search hit's expanded ancestors in no
//   particular order (a fixed shuffle, so cursors stay consistent);
// - answers 404 to the first `readMisses` reads of a page it has just created;
// - normalises storage on save (what it stores and returns differs from what was sent);
// - creates no version for a PUT that changes neither title nor body;
// - treats rejected credentials on v2 as anonymous (404), v1 keeps 401;
// - answers 429 without Retry-After (X-RateLimit-Reset + Beta-Retry-After instead), and while
//   `nearLimit` is on marks every answer with X-RateLimit-NearLimit/RateLimit-Reason;
// - marks v1 answers as deprecated (Warning: 299).
// Sources for each are in docs/CONFLUENCE-API.md. Independent of the mode: a scoped token that lacks a
// scope answers 401 "scope does not match" with X-Failure-Category: FAILURE_CLIENT_SCOPE_CHECK.

export const QUIRK_DESCENDANT_DEPTH = 5;
export const DEFAULT_READ_MISSES = 2;
export const DEPRECATION_WARNING = '299 - "Deprecated API, will be removed on Mon, 31 Mar 2025 00:00:00 GMT"';
export const RATE_LIMIT_REASON = 'confluence-burst-based';

/** A scoped token (gateway only) for the admin that was created without any write or delete scope. */
export const READ_ONLY_SCOPED_TOKEN = 'demo-scoped-readonly-token';
/** An API token past its expiry date: Confluence answers it exactly like a revoked one. */
export const EXPIRED_TOKEN = 'demo-expired-token';

const READ_ONLY_SCOPES: ReadonlySet<string> = new Set([
  'read:page:confluence', 'read:space:confluence', 'read:hierarchical-content:confluence', 'read:content.metadata:confluence',
  'read:folder:confluence', 'read:confluence-user', 'search:confluence', 'read:content-details:confluence',
]);

export class Quirks {
  on: boolean;
  nearLimit = false;
  readMisses = DEFAULT_READ_MISSES;
  /** Page id → reads still answered 404. */
  private readonly fresh = new Map<string, number>();

  constructor(on: boolean) { this.on = on; }

  reset(): void {
    this.nearLimit = false;
    this.readMisses = DEFAULT_READ_MISSES;
    this.fresh.clear();
  }

  created(id: string): void {
    if (this.on && this.readMisses > 0) { this.fresh.set(id, this.readMisses); }
  }

  /** True when this read of a just-created page must answer 404 (and counts it). */
  hidesFreshPage(id: string): boolean {
    const left = this.fresh.get(id);
    if (!this.on || left === undefined) { return false; }
    if (left <= 1) { this.fresh.delete(id); } else { this.fresh.set(id, left - 1); }
    return true;
  }

  descendantDepth(asked: number): number {
    return this.on ? Math.min(asked, QUIRK_DESCENDANT_DEPTH) : asked;
  }

  /** Headers every answer of the site carries in quirks mode. */
  responseHeaders(v1: boolean): Record<string, string> {
    if (!this.on) { return {}; }
    const out: Record<string, string> = {};
    if (v1) {
      out.Warning = DEPRECATION_WARNING;
      out.Deprecation = 'Wed, 1 Mar 2023 00:00:00 GMT';
    }
    if (this.nearLimit) {
      out['X-RateLimit-NearLimit'] = 'true';
      out['RateLimit-Reason'] = RATE_LIMIT_REASON;
    }
    return out;
  }

  /** The 429 headers: quirks mode sends no Retry-After, only the reset time and the beta header. */
  rateLimitHeaders(retryAfter: string, now: number): Record<string, string> {
    if (!this.on) { return { 'Retry-After': retryAfter }; }
    const seconds = Number(retryAfter);
    const wait = Number.isFinite(seconds) ? seconds : 1;
    return {
      'X-RateLimit-Reset': new Date(now + wait * 1000).toISOString(),
      'Beta-Retry-After': String(wait),
      'RateLimit-Reason': RATE_LIMIT_REASON,
    };
  }
}

/** The OAuth scope an operation needs, for the scope check of scoped tokens (undefined: a read). */
export function requiredWriteScope(method: string, apiPath: string): string | undefined {
  if (method === 'GET') { return undefined; }
  if (/^\/wiki\/api\/v2\/pages(\/|$)/.test(apiPath)) { return method === 'DELETE' ? 'delete:page:confluence' : 'write:page:confluence'; }
  if (/^\/wiki\/api\/v2\/folders(\/|$)/.test(apiPath)) { return method === 'DELETE' ? 'delete:folder:confluence' : 'write:folder:confluence'; }
  return undefined;
}

/** Whether a token's scopes cover an operation; tokens without a scope list hold every scope. */
export function scopeMissing(token: string, method: string, apiPath: string): string | undefined {
  if (token !== READ_ONLY_SCOPED_TOKEN) { return undefined; }
  const needed = requiredWriteScope(method, apiPath);
  return needed !== undefined && !READ_ONLY_SCOPES.has(needed) ? needed : undefined;
}

/** The gateway's answer to a scope mismatch: not Confluence's error shape. */
export const SCOPE_MISMATCH = {
  status: 401,
  headers: { 'X-Failure-Category': 'FAILURE_CLIENT_SCOPE_CHECK' },
  body: { code: 401, message: 'Unauthorized; scope does not match' },
} as const;

/**
 * Storage as Confluence stores it: `<b>`/`<i>` become `<strong>`/`<em>` (documented on "Confluence
 * Storage Format"), and void elements are written `<br />`, with one space before the slash.
 */
export function normaliseStorage(value: string): string {
  return value
    .replace(/<b(\s[^>]*)?>/g, '<strong$1>').replace(/<\/b>/g, '</strong>')
    .replace(/<i(\s[^>]*)?>/g, '<em$1>').replace(/<\/i>/g, '</em>')
    // Confluence rejects an unclosed <br> ("Error parsing xhtml"), but writes every self-closed form as `<br />`.
    .replace(/<(br|hr)\s*\/>/g, '<$1 />');
}

/** Depth-first (pre-order) listing of a subtree: parents before their children, not level by level. */
export function depthFirst<T>(roots: T[], children: (n: T) => T[], maxDepth: number): { node: T; depth: number }[] {
  const out: { node: T; depth: number }[] = [];
  const walk = (nodes: T[], depth: number): void => {
    for (const n of nodes) {
      out.push({ node: n, depth });
      if (depth < maxDepth) { walk(children(n), depth + 1); }
    }
  };
  walk(roots, 1);
  return out;
}

/**
 * A fixed shuffle of a listing whose order Confluence does not promise: the same for the same length,
 * so a cursor taken from one request still points at the same place in the next.
 */
export function unordered<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = (out.length * 2654435761) >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % (i + 1);
    const t = out[i] as T;
    out[i] = out[j] as T;
    out[j] = t;
  }
  return out;
}

/** A search hit's ancestors in no particular order, and never with the parent last, so a client cannot take the last for it. */
export function unorderedAncestors<T>(chain: readonly T[]): T[] {
  const out = unordered(chain);
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first !== undefined && last !== undefined && last === chain[chain.length - 1]) {
    out[0] = last;
    out[out.length - 1] = first;
  }
  return out;
}
