// What a failed attempt (no HTTP answer at all) means for a person, and whether it may be repeated:
// cancellation, timeouts, TLS trouble, DNS, refused or dropped connections.

import { ConfluenceError, type FailureContext } from './errors';
import type { Clock } from '../util/clock';
import { l10n } from '../util/l10n';

export type FailedAttempt = { ok: false; error: ConfluenceError; retryable: boolean };

const TLS_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'UND_ERR_SECURE_PROXY_CONNECTION',
]);

export function classifyFailure(e: unknown, ctx: FailureContext, host: string, retryable: boolean,
  state: { cancelled: boolean; deadlineMs?: number }): FailedAttempt {
  if (state.cancelled) { return { ok: false, retryable: false, error: cancelledError(ctx) }; }
  if (e instanceof ConfluenceError) { return { ok: false, retryable: false, error: e }; }
  const details = { method: ctx.method, path: ctx.path };
  if (state.deadlineMs !== undefined) {
    return { ok: false, retryable: false, error: new ConfluenceError('timeout',
      l10n.t('{0} did not finish answering {1} {2} within {3} s, so the request was stopped. Check your network or proxy, then try again.',
        ctx.siteHost, ctx.method, ctx.path, Math.round(state.deadlineMs / 1000)), details) };
  }
  const code = errorCode(e);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    // Not retried: a person is waiting, and the timeout is already long.
    return { ok: false, retryable: false, error: new ConfluenceError('timeout', code === 'UND_ERR_CONNECT_TIMEOUT'
      ? l10n.t('{0} did not answer {1} {2} in time (connecting). Check your network or proxy, then try again.', ctx.siteHost, ctx.method, ctx.path)
      : l10n.t('{0} did not answer {1} {2} in time (waiting for data). Check your network or proxy, then try again.', ctx.siteHost, ctx.method, ctx.path), details) };
  }
  if (TLS_CODES.has(code)) {
    return { ok: false, retryable: false, error: new ConfluenceError('network',
      l10n.t('The secure connection to {0} failed ({1}). If a company proxy inspects HTTPS, configure its certificate or, as a last resort, turn off "http.proxyStrictSSL" (it applies to connections through the proxy only).',
        host, code), details) };
  }
  if (code === 'ENOTFOUND') {
    return { ok: false, retryable: false, error: new ConfluenceError('network',
      l10n.t('Could not find {0} (DNS lookup failed). Check the site address and your network connection.', host), details) };
  }
  return { ok: false, retryable, error: new ConfluenceError('network', code
    ? l10n.t('Could not reach {0} for {1} {2} ({3}). Check your network connection and proxy settings, then try again.', host, ctx.method, ctx.path, code)
    : l10n.t('Could not reach {0} for {1} {2} (connection failed). Check your network connection and proxy settings, then try again.', host, ctx.method, ctx.path), details) };
}

export function tooLargeError(ctx: FailureContext, maxBytes: number): ConfluenceError {
  return new ConfluenceError('tooLarge', l10n.t('Confluence on {0} answered {1} {2} with more than {3} MB, more than the extension reads; the answer was discarded.',
    ctx.siteHost, ctx.method, ctx.path, Math.round(maxBytes / (1024 * 1024))), { method: ctx.method, path: ctx.path });
}

function errorCode(e: unknown): string {
  if (typeof e !== 'object' || e === null) { return ''; }
  const own = (e as { code?: unknown }).code;
  if (typeof own === 'string' && own !== 'UND_ERR_SOCKET') { return own; }
  const cause = (e as { cause?: unknown }).cause;
  const inner = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof inner === 'string' ? inner : typeof own === 'string' ? own : '';
}

export function cancelledError(ctx: FailureContext): ConfluenceError {
  return new ConfluenceError('cancelled', l10n.t('{0} {1} was cancelled.', ctx.method, ctx.path), { method: ctx.method, path: ctx.path });
}

/** A request on a connection that was closed: the site was signed out, or the window is reloading. */
export function closedError(ctx: FailureContext): ConfluenceError {
  return new ConfluenceError('cancelled', l10n.t('{0} {1} was cancelled: the connection to the site was closed (signed out or reloaded).', ctx.method, ctx.path),
    { method: ctx.method, path: ctx.path });
}

export function throwIfAborted(signal: AbortSignal | undefined, ctx: FailureContext): void {
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
