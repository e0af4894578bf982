// One error type for everything the Confluence client can fail with. The `kind` is what callers branch
// on (the FileSystemProvider maps it to FileSystemError, the status bar to its states); the message is
// what a person reads, so it says what happened and what to do next.
//
// Secrets: an error never holds a request, a header or the credentials. Only the fields below are
// enumerable, so JSON.stringify(error) and util.inspect(error) show nothing a token could hide in.

export type ConfluenceErrorKind = 'unauthorized' | 'forbidden' | 'notFound' | 'conflict' | 'tooLarge'
  | 'rateLimited' | 'server' | 'network' | 'timeout' | 'cancelled' | 'invalidResponse' | 'invalidInput';

/**
 * Why credentials were refused (kind 'unauthorized'): `rejected` — wrong, revoked or expired (API
 * tokens expire after at most a year; Confluence answers all three alike), so the person must sign in
 * with a new token; `scope` — a scoped token lacks a scope for this operation, so the token is fine for
 * everything else and the site must not be dropped.
 */
export type UnauthorizedReason = 'rejected' | 'scope';

export interface ConfluenceErrorDetails {
  status?: number;
  retryAfterMs?: number;
  currentVersion?: number;
  method?: string;
  path?: string;
  /** invalidResponse: a short, redacted excerpt of what the server sent. */
  excerpt?: string;
  /** unauthorized: whether the token itself was refused or only lacks a scope. */
  reason?: UnauthorizedReason;
  /** unauthorized with reason 'scope': the scope the operation needs, when known. */
  scope?: string;
}

export class ConfluenceError extends Error {
  readonly kind: ConfluenceErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly currentVersion?: number;
  readonly method?: string;
  readonly path?: string;
  readonly excerpt?: string;
  readonly reason?: UnauthorizedReason;
  readonly scope?: string;

  constructor(kind: ConfluenceErrorKind, message: string, details: ConfluenceErrorDetails = {}) {
    super(message);
    this.name = 'ConfluenceError';
    this.kind = kind;
    // Assign only defined fields so JSON output stays small and predictable.
    if (details.status !== undefined) { this.status = details.status; }
    if (details.retryAfterMs !== undefined) { this.retryAfterMs = details.retryAfterMs; }
    if (details.currentVersion !== undefined) { this.currentVersion = details.currentVersion; }
    if (details.method !== undefined) { this.method = details.method; }
    if (details.path !== undefined) { this.path = details.path; }
    if (details.excerpt !== undefined) { this.excerpt = details.excerpt; }
    if (details.reason !== undefined) { this.reason = details.reason; }
    if (details.scope !== undefined) { this.scope = details.scope; }
  }

  static is(e: unknown, kind?: ConfluenceErrorKind): e is ConfluenceError {
    return e instanceof ConfluenceError && (kind === undefined || e.kind === kind);
  }

  /** JSON.stringify would otherwise drop `message` (not enumerable on Error) but keep everything else. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, kind: this.kind, message: this.message, status: this.status,
      retryAfterMs: this.retryAfterMs, currentVersion: this.currentVersion, method: this.method,
      path: this.path, excerpt: this.excerpt, reason: this.reason, scope: this.scope };
  }
}

/** What the message builders need to know about the request that failed. */
export interface FailureContext {
  method: string;
  path: string;
  /** Host people recognise (the site, not the gateway), used in messages. */
  siteHost: string;
}

const MAX_SERVER_TEXT = 200;

/** Maps an HTTP error status to a ConfluenceError with a message a person can act on. */
export function errorForStatus(status: number, ctx: FailureContext, serverText: string | undefined,
  extra: { retryAfterMs?: number; currentVersion?: number } = {}): ConfluenceError {
  const where = `${ctx.method} ${ctx.path}`;
  const said = serverText ? ` Confluence said: "${truncate(serverText, MAX_SERVER_TEXT)}"` : '';
  const details = { status, method: ctx.method, path: ctx.path };
  if (status === 401) {
    return credentialsRejectedError(ctx.siteHost, details);
  }
  if (status === 403) {
    return new ConfluenceError('forbidden', `Confluence on ${ctx.siteHost} refused ${where} (403): your account may not do this.`
      + `${said} Ask a space or site admin for access.`, details);
  }
  if (status === 404 || status === 410) {
    return new ConfluenceError('notFound', `Not found or you don't have permission to see it on ${ctx.siteHost} (${where}, ${status}).`
      + ' Refresh the view; if it should exist, check its restrictions or use the admin key.', details);
  }
  if (status === 409) {
    const v = extra.currentVersion;
    return new ConfluenceError('conflict', `Someone else changed this on ${ctx.siteHost} (409)`
      + (v !== undefined ? `; Confluence now has version ${v}.` : '.')
      + ' Compare with the remote version before saving again; nothing was overwritten.',
    { ...details, ...(v !== undefined ? { currentVersion: v } : {}) });
  }
  if (status === 413) {
    return new ConfluenceError('tooLarge', `Confluence on ${ctx.siteHost} refused ${where} because the content is too large (413; the limit is about 5 MB).`
      + ' Split the page or remove large inline content.', details);
  }
  if (status === 429) {
    return rateLimitedError(ctx, extra.retryAfterMs);
  }
  if (status >= 500) {
    return new ConfluenceError('server', `Confluence on ${ctx.siteHost} had a problem answering ${where} (${status}).`
      + `${said} Try again in a moment; if it persists, check status.atlassian.com.`, details);
  }
  // 400, 422 and other client errors: the request itself was not acceptable.
  return new ConfluenceError('invalidInput', `Confluence on ${ctx.siteHost} did not accept ${where} (${status}).${said}`, details);
}

export function rateLimitedError(ctx: FailureContext, retryAfterMs: number | undefined): ConfluenceError {
  const wait = retryAfterMs !== undefined ? ` Try again in about ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s.` : ' Try again shortly.';
  return new ConfluenceError('rateLimited', `Confluence on ${ctx.siteHost} is rate-limiting requests (429).${wait}`,
    { status: 429, method: ctx.method, path: ctx.path, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const API_TOKENS_URL = 'https://id.atlassian.com/manage-profile/security/api-tokens';

/** The token itself was refused: wrong, revoked or past its expiry date (Confluence does not say which). */
export function credentialsRejectedError(siteHost: string, details: ConfluenceErrorDetails): ConfluenceError {
  return new ConfluenceError('unauthorized', `Confluence rejected the email or API token for ${siteHost} (401). `
    + `API tokens expire after at most a year and can be revoked: create a new one at ${API_TOKENS_URL}, then sign in again.`,
  { ...details, reason: 'rejected' });
}

/** A scoped token without the scope this operation needs: the token still works for everything else. */
export function missingScopeError(ctx: FailureContext, scope: string | undefined): ConfluenceError {
  const which = scope ? `the scope "${scope}"` : 'a scope this operation needs';
  return new ConfluenceError('unauthorized', `Your scoped API token for ${ctx.siteHost} lacks ${which} (${ctx.method} ${ctx.path}: `
    + `"scope does not match"). Everything else keeps working. To do this, create a token with ${scope ? 'that scope' : 'the missing scope'} `
    + `or a classic token (without scopes) at ${API_TOKENS_URL} and sign in again.`,
  { status: 401, method: ctx.method, path: ctx.path, reason: 'scope', ...(scope ? { scope } : {}) });
}
