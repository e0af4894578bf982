// What a person reads when a page cannot be read or saved: what happened and what to do next. The
// texts name the commands that help (Compare with Remote, Overwrite Remote with My Version).

import { ConfluenceError } from '../confluence/errors';
import { PageError } from './pageErrors';
import type { RefusalReason, RemoteVersion } from './saveRules';
import { l10n } from '../util/l10n';

// --- messages --------------------------------------------------------------------------------
// Each message is whole sentences, translated as such. Who saved a version, when, and which page
// ("page 42" when its title is unknown) are phrases of their own, passed in as arguments: spelling
// every combination out would multiply the messages without helping a translator.

/** Whole sentences one after the other, each translated on its own; empty ones are left out. */
export function sentences(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').join(' ');
}

/** "2026-11-26 09:05 UTC": stable, unambiguous, independent of the machine's locale. */
export function formatVersionTime(ms: number): string {
  if (!Number.isFinite(ms)) { return l10n.t({ message: 'an unknown time', comment: ['Stands for the time of a page version in sentences such as "version 6 by Ann at …".'] }); }
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function describeAuthor(authorId: string | undefined, authorName?: string, currentAccountId?: string): string {
  if (authorId !== undefined && currentAccountId !== undefined && authorId === currentAccountId) {
    return l10n.t({ message: 'you (from another window or tool)', comment: ['Who saved a page version, in "version 6 by … at 2026-11-26 09:05 UTC".'] });
  }
  if (authorName) { return authorName; }
  return authorId ? l10n.t({ message: 'account {0}', args: [authorId], comment: ['Who saved a page version, in "version 6 by … at 2026-11-26 09:05 UTC".'] })
    : l10n.t({ message: 'someone', comment: ['Who saved a page version, in "version 6 by … at 2026-11-26 09:05 UTC".'] });
}

/** The message of a save refused because of a conflict VS Code could not show. */
export function conflictMessage(f: { title: string; baseVersion?: number; remote: RemoteVersion; reason: RefusalReason;
  authorName?: string; currentAccountId?: string }): string {
  const who = describeAuthor(f.remote.authorId, f.authorName, f.currentAccountId);
  const when = formatVersionTime(f.remote.mtime);
  const v = f.remote.version;
  const base = f.baseVersion;
  const head = f.reason === 'unknown-base'
    ? l10n.t('Not saved: it is not known which version of "{0}" this text is based on, and Confluence has version {1} by {2} at {3}.', f.title, v, who, when)
    : f.reason === 'moved-again'
      ? base !== undefined
        ? l10n.t('Not saved: "{0}" changed again on Confluence — it is now version {1} by {2} at {3} (your text is based on version {4}).', f.title, v, who, when, base)
        : l10n.t('Not saved: "{0}" changed again on Confluence — it is now version {1} by {2} at {3}.', f.title, v, who, when)
      : base !== undefined
        ? l10n.t('Not saved: "{0}" was changed on Confluence — version {1} by {2} at {3} (your text is based on version {4}).', f.title, v, who, when, base)
        : l10n.t('Not saved: "{0}" was changed on Confluence — version {1} by {2} at {3}.', f.title, v, who, when);
  return sentences(head, l10n.t('Nothing was overwritten and your text is kept. Run "{0}" to see the differences, or "{1}" to replace version {2} with your text.',
    l10n.t({ message: 'Confluence: Compare with Remote', comment: ['The command\'s name in the Command Palette: its category and title in package.nls.json.'] }),
    l10n.t({ message: 'Confluence: Overwrite Remote with My Version', comment: ['The command\'s name in the Command Palette: its category and title in package.nls.json.'] }), v));
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

const kept = (): string => l10n.t('Your text is kept in the editor.');

/** Maps a client error to a PageError: a file-system code and a message that says what happened and what to do. */
export function pageErrorFor(e: unknown, ctx: ErrorContext): PageError {
  if (e instanceof PageError) { return e; }
  const t = describeFailure(e, ctx);
  return new PageError(t.code, t.message, e);
}

function describeFailure(e: unknown, ctx: ErrorContext): { code: PageError['code']; message: string } {
  const page = ctx.title ? `"${ctx.title}"` : l10n.t({ message: 'page {0}', args: [ctx.pageId],
    comment: ['Names a page whose title is unknown, by its id, in sentences such as "… was not found on acme.atlassian.net".'] });
  const host = ctx.host;
  const write = ctx.operation === 'write';
  /** "Not saved …: <why>" or "Could not read …: <why>", then (for a save) that the text is kept. */
  const failed = (why: string): string => (write
    ? sentences(l10n.t('Not saved {0}: {1}', page, why), kept())
    : l10n.t('Could not read {0}: {1}', page, why));
  if (!ConfluenceError.is(e)) {
    return { code: 'Unknown', message: failed(e instanceof Error ? e.message : String(e)) };
  }
  switch (e.kind) {
    case 'notFound':
    case 'forbidden': {
      if (ctx.keyedNotFound === 'lapsed') {
        return {
          code: 'NoPermissions',
          message: write
            ? l10n.t('Not saved: the admin key is no longer active on {0} (it was turned off elsewhere or expired on Confluence) — enable it and save again; your text is kept.', host)
            : l10n.t('The admin key is no longer active on {0} (it was turned off elsewhere or expired), so {1} cannot be read. Enable it again (Confluence: Enable Admin Key) and reopen the page.', host, page),
        };
      }
      if (ctx.keyedNotFound === 'notApplied') {
        return {
          code: 'FileNotFound',
          message: write
            ? sentences(l10n.t('Not saved: Confluence on {0} did not find {1} although the admin key is on. Either the page was deleted, or Confluence did not apply the admin key to this request (it works only with a classic API token on the site itself, for org and site admins).', host, page), kept())
            : l10n.t('Confluence on {0} did not find {1} although the admin key is on. Either the page was deleted, or Confluence did not apply the admin key to this request (it works only with a classic API token on the site itself, for org and site admins).', host, page),
        };
      }
      if (ctx.readWithAdminKey && ctx.adminKeyOff) {
        return {
          code: 'NoPermissions',
          message: write
            ? l10n.t('Not saved: the admin key is no longer active on {0} (it expired or was turned off) — enable it and save again; your text is kept. ({1} is visible only through the admin key.)', host, page)
            : l10n.t('{0} on {1} is visible only through the admin key, which is no longer active. Enable it (Confluence: Enable Admin Key) to open it.', page, host),
        };
      }
      const keyHint = ctx.adminKeyOff ? l10n.t('If it is restricted, the admin key may be needed (Confluence: Enable Admin Key).') : undefined;
      if (e.kind === 'forbidden') {
        return { code: 'NoPermissions', message: write
          ? sentences(l10n.t('You don\'t have permission to edit {0} on {1}.', page, host), keyHint, kept())
          : sentences(l10n.t('You don\'t have permission to see {0} on {1}.', page, host), keyHint) };
      }
      return write
        ? { code: 'FileNotFound', message: sentences(l10n.t('Not saved: {0} no longer exists on {1} (deleted, moved to the trash), or you may no longer edit it. The page was not re-created.', page, host),
          keyHint, kept(), l10n.t('Use "Save As…" to keep a copy.')) }
        : { code: 'FileNotFound', message: sentences(l10n.t('{0} was not found on {1}, or you don\'t have permission to see it.', page, host), keyHint) };
    }
    case 'unauthorized':
      return { code: 'NoPermissions', message: write ? sentences(e.message, kept()) : e.message };
    case 'tooLarge':
      return { code: 'Unknown', message: sentences(l10n.t('Not saved: {0} is too large for Confluence (413; the limit is about 5 MB).', page), write ? kept() : undefined) };
    case 'rateLimited': {
      const wait = e.retryAfterMs !== undefined ? l10n.t('Try again in about {0} s.', Math.max(1, Math.ceil(e.retryAfterMs / 1000))) : l10n.t('Try again shortly.');
      return { code: 'Unavailable', message: sentences(l10n.t('Confluence on {0} is rate-limiting requests.', host), wait, write ? kept() : undefined) };
    }
    case 'server':
    case 'network':
    case 'timeout':
    case 'invalidResponse':
      return { code: 'Unavailable', message: failed(e.message) };
    case 'cancelled':
      return { code: 'Unavailable', message: write ? sentences(l10n.t('Saving {0} was cancelled.', page), kept()) : l10n.t('Reading {0} was cancelled.', page) };
    case 'conflict':
    case 'invalidInput':
      return { code: 'Unknown', message: failed(e.message) };
  }
}
