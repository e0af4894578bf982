// What a person reads when a page cannot be read or saved: what happened and what to do next. The
// texts name the commands that help (Compare with Remote, Overwrite Remote with My Version).

import { ConfluenceError } from '../confluence/errors';
import { PageError } from './pageErrors';
import type { RefusalReason, RemoteVersion } from './saveRules';

// --- messages --------------------------------------------------------------------------------

export const COMPARE_COMMAND_TITLE = 'Confluence: Compare with Remote';
export const OVERWRITE_COMMAND_TITLE = 'Confluence: Overwrite Remote with My Version';

/** "2026-11-26 09:05 UTC": stable, unambiguous, independent of the machine's locale. */
export function formatVersionTime(ms: number): string {
  if (!Number.isFinite(ms)) { return 'an unknown time'; }
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function describeAuthor(authorId: string | undefined, authorName?: string, currentAccountId?: string): string {
  if (authorId !== undefined && currentAccountId !== undefined && authorId === currentAccountId) { return 'you (from another window or tool)'; }
  if (authorName) { return authorName; }
  return authorId ? `account ${authorId}` : 'someone';
}

/** The message of a save refused because of a conflict VS Code could not show. */
export function conflictMessage(f: { title: string; baseVersion?: number; remote: RemoteVersion; reason: RefusalReason;
  authorName?: string; currentAccountId?: string }): string {
  const who = describeAuthor(f.remote.authorId, f.authorName, f.currentAccountId);
  const when = formatVersionTime(f.remote.mtime);
  const base = f.baseVersion !== undefined ? ` (your text is based on version ${f.baseVersion})` : '';
  const head = f.reason === 'unknown-base'
    ? `Not saved: it is not known which version of "${f.title}" this text is based on, and Confluence has version ${f.remote.version} by ${who} at ${when}.`
    : f.reason === 'moved-again'
      ? `Not saved: "${f.title}" changed again on Confluence — it is now version ${f.remote.version} by ${who} at ${when}${base}.`
      : `Not saved: "${f.title}" was changed on Confluence — version ${f.remote.version} by ${who} at ${when}${base}.`;
  return `${head} Nothing was overwritten and your text is kept. Run "${COMPARE_COMMAND_TITLE}" to see the differences, `
    + `or "${OVERWRITE_COMMAND_TITLE}" to replace version ${f.remote.version} with your text.`;
}

export interface ErrorContext {
  operation: 'read' | 'write';
  title?: string;
  pageId: string;
  host: string;
  /** The site supports the admin key and it is off now. */
  adminKeyOff?: boolean;
  /** This page was last read while the admin key was on. */
  readWithAdminKey?: boolean;
  /**
   * The failed request carried the admin key, and a fresh look at the key found it `lapsed` (no
   * longer active on Confluence) or still on (`notApplied`: Confluence answered as if without it).
   */
  keyedNotFound?: 'lapsed' | 'notApplied';
}

const KEPT = ' Your text is kept in the editor.';

/** Maps a client error to a PageError: a file-system code and a message that says what happened and what to do. */
export function pageErrorFor(e: unknown, ctx: ErrorContext): PageError {
  if (e instanceof PageError) { return e; }
  const t = describeFailure(e, ctx);
  return new PageError(t.code, t.message, e);
}

function describeFailure(e: unknown, ctx: ErrorContext): { code: PageError['code']; message: string } {
  const page = ctx.title ? `"${ctx.title}"` : `page ${ctx.pageId}`;
  const kept = ctx.operation === 'write' ? KEPT : '';
  if (!ConfluenceError.is(e)) {
    const text = e instanceof Error ? e.message : String(e);
    return { code: 'Unknown', message: `${ctx.operation === 'write' ? 'Not saved' : 'Could not read'} ${page}: ${text}${kept}` };
  }
  switch (e.kind) {
    case 'notFound':
    case 'forbidden': {
      if (ctx.keyedNotFound === 'lapsed') {
        return {
          code: 'NoPermissions',
          message: ctx.operation === 'write'
            ? `Not saved: the admin key is no longer active on ${ctx.host} (it was turned off elsewhere or expired on Confluence) — enable it and save again; your text is kept.`
            : `The admin key is no longer active on ${ctx.host} (it was turned off elsewhere or expired), so ${page} cannot be read. Enable it again (Confluence: Enable Admin Key) and reopen the page.`,
        };
      }
      if (ctx.keyedNotFound === 'notApplied') {
        return {
          code: 'FileNotFound',
          message: `${ctx.operation === 'write' ? 'Not saved: ' : ''}Confluence on ${ctx.host} did not find ${page} although the admin key is on. Either the page was deleted, `
            + 'or Confluence did not apply the admin key to this request (it works only with a classic API token on the site itself, for org and site admins).'
            + `${kept}`,
        };
      }
      if (ctx.readWithAdminKey && ctx.adminKeyOff) {
        return {
          code: 'NoPermissions',
          message: ctx.operation === 'write'
            ? `Not saved: the admin key is no longer active on ${ctx.host} (it expired or was turned off) — enable it and save again; your text is kept. (${page} is visible only through the admin key.)`
            : `${page} on ${ctx.host} is visible only through the admin key, which is no longer active. Enable it (Confluence: Enable Admin Key) to open it.`,
        };
      }
      const keyHint = ctx.adminKeyOff ? ' If it is restricted, the admin key may be needed (Confluence: Enable Admin Key).' : '';
      if (e.kind === 'forbidden') {
        return { code: 'NoPermissions', message: `You don't have permission to ${ctx.operation === 'write' ? 'edit' : 'see'} ${page} on ${ctx.host}.${keyHint}${kept}` };
      }
      return ctx.operation === 'write'
        ? { code: 'FileNotFound', message: `Not saved: ${page} no longer exists on ${ctx.host} (deleted, moved to the trash), or you may no longer edit it. The page was not re-created.${keyHint}${kept} Use "Save As…" to keep a copy.` }
        : { code: 'FileNotFound', message: `${page} was not found on ${ctx.host}, or you don't have permission to see it.${keyHint}` };
    }
    case 'unauthorized':
      return { code: 'NoPermissions', message: `${e.message}${kept}` };
    case 'tooLarge':
      return { code: 'Unknown', message: `Not saved: ${page} is too large for Confluence (413; the limit is about 5 MB).${kept}` };
    case 'rateLimited': {
      const wait = e.retryAfterMs !== undefined ? ` Try again in about ${Math.max(1, Math.ceil(e.retryAfterMs / 1000))} s.` : ' Try again shortly.';
      return { code: 'Unavailable', message: `Confluence on ${ctx.host} is rate-limiting requests.${wait}${kept}` };
    }
    case 'server':
    case 'network':
    case 'timeout':
    case 'invalidResponse':
      return { code: 'Unavailable', message: `${ctx.operation === 'write' ? 'Not saved' : 'Could not read'} ${page}: ${e.message}${kept}` };
    case 'cancelled':
      return { code: 'Unavailable', message: `${ctx.operation === 'write' ? 'Saving' : 'Reading'} ${page} was cancelled.${kept}` };
    case 'conflict':
    case 'invalidInput':
      return { code: 'Unknown', message: `${ctx.operation === 'write' ? 'Not saved' : 'Could not read'} ${page}: ${e.message}${kept}` };
  }
}
