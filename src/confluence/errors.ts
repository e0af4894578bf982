// One error type for everything the Confluence client can fail with. The `kind` is what callers branch
// on (the FileSystemProvider maps it to FileSystemError, the status bar to its states); the message is
// what a person reads, so it says what happened and what to do next.
//
// Secrets: an error never holds a request, a header or the credentials. Only the fields below are
// enumerable, so JSON.stringify(error) and util.inspect(error) show nothing a token could hide in.

import { l10n } from '../util/l10n';

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
  const host = ctx.siteHost;
  const where = `${ctx.method} ${ctx.path}`;
  const said = serverText ? truncate(serverText, MAX_SERVER_TEXT) : undefined;
  const details = { status, method: ctx.method, path: ctx.path };
  if (status === 401) {
    return credentialsRejectedError(ctx.siteHost, details);
  }
  if (status === 403) {
    return new ConfluenceError('forbidden', said !== undefined
      ? l10n.t('Confluence on {0} refused {1} (403): your account may not do this. Confluence said: "{2}" Ask a space or site admin for access.', host, where, said)
      : l10n.t('Confluence on {0} refused {1} (403): your account may not do this. Ask a space or site admin for access.', host, where), details);
  }
  if (status === 404 || status === 410) {
    return new ConfluenceError('notFound', l10n.t('Not found or you don\'t have permission to see it on {0} ({1}, {2}). Refresh the view; if it should exist, check its restrictions or use the admin key.',
      host, where, status), details);
  }
  if (status === 409) {
    const v = extra.currentVersion;
    return new ConfluenceError('conflict', v !== undefined
      ? l10n.t('Someone else changed this on {0} (409); Confluence now has version {1}. Compare with the remote version before saving again; nothing was overwritten.', host, v)
      : l10n.t('Someone else changed this on {0} (409). Compare with the remote version before saving again; nothing was overwritten.', host),
    { ...details, ...(v !== undefined ? { currentVersion: v } : {}) });
  }
  if (status === 413) {
    return new ConfluenceError('tooLarge', l10n.t('Confluence on {0} refused {1} because the content is too large (413; the limit is about 5 MB). Split the page or remove large inline content.',
      host, where), details);
  }
  if (status === 429) {
    return rateLimitedError(ctx, extra.retryAfterMs);
  }
  if (status >= 500) {
    return new ConfluenceError('server', said !== undefined
      ? l10n.t('Confluence on {0} had a problem answering {1} ({2}). Confluence said: "{3}" Try again in a moment; if it persists, check status.atlassian.com.', host, where, status, said)
      : l10n.t('Confluence on {0} had a problem answering {1} ({2}). Try again in a moment; if it persists, check status.atlassian.com.', host, where, status), details);
  }
  // 400, 422 and other client errors: the request itself was not acceptable.
  return new ConfluenceError('invalidInput', said !== undefined
    ? l10n.t('Confluence on {0} did not accept {1} ({2}). Confluence said: "{3}"', host, where, status, said)
    : l10n.t('Confluence on {0} did not accept {1} ({2}).', host, where, status), details);
}

export function rateLimitedError(ctx: FailureContext, retryAfterMs: number | undefined): ConfluenceError {
  const message = retryAfterMs !== undefined
    ? l10n.t('Confluence on {0} is rate-limiting requests (429). Try again in about {1} s.', ctx.siteHost, Math.max(1, Math.ceil(retryAfterMs / 1000)))
    : l10n.t('Confluence on {0} is rate-limiting requests (429). Try again shortly.', ctx.siteHost);
  return new ConfluenceError('rateLimited', message,
    { status: 429, method: ctx.method, path: ctx.path, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const API_TOKENS_URL = 'https://id.atlassian.com/manage-profile/security/api-tokens';

/** The token itself was refused: wrong, revoked or past its expiry date (Confluence does not say which). */
export function credentialsRejectedError(siteHost: string, details: ConfluenceErrorDetails): ConfluenceError {
  return new ConfluenceError('unauthorized', l10n.t('Confluence rejected the email or API token for {0} (401). API tokens expire after at most a year and can be revoked: create a new one at {1}, then sign in again.',
    siteHost, API_TOKENS_URL),
  { ...details, reason: 'rejected' });
}

/** A scoped token without the scope this operation needs: the token still works for everything else. */
export function missingScopeError(ctx: FailureContext, scope: string | undefined): ConfluenceError {
  const request = `${ctx.method} ${ctx.path}`;
  const message = scope
    ? l10n.t('Your scoped API token for {0} lacks the scope "{1}" ({2}: "scope does not match"). Everything else keeps working. To do this, create a token with that scope or a classic token (without scopes) at {3} and sign in again.',
      ctx.siteHost, scope, request, API_TOKENS_URL)
    : l10n.t('Your scoped API token for {0} lacks a scope this operation needs ({1}: "scope does not match"). Everything else keeps working. To do this, create a token with the missing scope or a classic token (without scopes) at {2} and sign in again.',
      ctx.siteHost, request, API_TOKENS_URL);
  return new ConfluenceError('unauthorized', message,
  { status: 401, method: ctx.method, path: ctx.path, reason: 'scope', ...(scope ? { scope } : {}) });
}
