// Pure decisions behind saving a `confluence:` document (no 'vscode' import, so they are unit-tested
// with node:test). The provider gathers the facts; these functions decide what to do and word what a
// person reads. Background: shared/notes/vscode-save-conflicts.md and DESIGN.md "Saving without losing
// or overwriting anything".

import { ConfluenceError } from '../confluence/errors';

/** One version of a page as the editor sees it through `stat`. */
export interface VersionMeta {
  version: number;
  /** Date.parse(version.createdAt): what `stat.mtime` reports. */
  mtime: number;
  /** UTF-8 bytes of the storage body of that version: what `stat.size` reports. */
  size: number;
}

/** The current remote version, with what we cheaply know about who made it. */
export interface RemoteVersion extends VersionMeta {
  authorId?: string;
  message?: string;
}

export type RefusalReason =
  /** We do not know which version the editor's text is based on. */
  | 'unknown-base'
  /** No `stat` ran just before this write (it failed, or the write did not come from an editor save). */
  | 'no-stat'
  /** The remote change kept the byte size (or the time did not advance): VS Code could not show its conflict. */
  | 'invisible'
  /** VS Code showed version N, but yet another version appeared since. */
  | 'moved-again'
  /** Confluence answered 409 but reports no newer version (e.g. the page's status changed). */
  | 'unexpected';

export type ConflictDecision =
  | { action: 'overwrite'; onTopOf: number; why: 'vscode-overwrite' | 'same-content' | 'consent' }
  | { action: 'refuse'; reason: RefusalReason };

export interface ConflictFacts {
  /** The version this document was read at (persisted across restarts); undefined when unknown. */
  base?: VersionMeta;
  /** What the `stat` VS Code made immediately before this write reported; undefined when none. */
  seen?: VersionMeta;
  /** The remote version now (fetched after the 409, or `seen` when the stat already showed it). */
  remote: VersionMeta;
  /** True when the remote body is byte-identical to the base body (a rename or a no-op version). */
  remoteSameContentAsBase?: boolean;
  /** The version the person explicitly agreed to overwrite (Overwrite Remote with My Version). */
  consentVersion?: number;
}

/**
 * What to do when the version the document was read at is no longer the current one.
 *
 * VS Code raises its own "content is newer — Compare / Overwrite" flow only when the remote `mtime`
 * is newer than its baseline AND the size differs, and its `writeFile` carries no intent. So a write
 * that arrives although the stat just before it showed such a version can only be an Overwrite (or
 * "Use your changes", or a user-set `files.saveConflictResolution: overwriteFileOnDisk`): honour it,
 * on top of exactly the version that stat showed. Everything else is a conflict VS Code could not
 * show, and is refused.
 */
export function decideConflict(f: ConflictFacts): ConflictDecision {
  if (f.consentVersion !== undefined) {
    return f.consentVersion === f.remote.version
      ? { action: 'overwrite', onTopOf: f.remote.version, why: 'consent' }
      : { action: 'refuse', reason: 'moved-again' };
  }
  if (!f.base) { return { action: 'refuse', reason: 'unknown-base' }; }
  if (f.remote.version <= f.base.version) { return { action: 'refuse', reason: 'unexpected' }; }
  // Nobody's text is lost when the newer version has exactly the base's body (a rename, a restore):
  // writing on top of it keeps everything the other person did (the title is taken from the remote).
  if (f.remoteSameContentAsBase === true) { return { action: 'overwrite', onTopOf: f.remote.version, why: 'same-content' }; }
  if (!f.seen) { return { action: 'refuse', reason: 'no-stat' }; }
  if (!(f.seen.mtime > f.base.mtime && f.seen.size !== f.base.size)) { return { action: 'refuse', reason: 'invisible' }; }
  if (f.seen.version !== f.remote.version) { return { action: 'refuse', reason: 'moved-again' }; }
  return { action: 'overwrite', onTopOf: f.remote.version, why: 'vscode-overwrite' };
}

/** True when `seen` is recent enough to be "the stat immediately before this write". */
export function isFreshStat(seenAt: number | undefined, now: number, windowMs = STAT_BEFORE_WRITE_WINDOW_MS): boolean {
  return seenAt !== undefined && now - seenAt >= 0 && now - seenAt <= windowMs;
}

/** VS Code calls stat and then writeFile back to back; anything older did not gate this write. */
export const STAT_BEFORE_WRITE_WINDOW_MS = 5_000;

// --- auto save -------------------------------------------------------------------------------

/** TextDocumentSaveReason values (mirrored so this file needs no 'vscode'). */
export const SaveReason = { Manual: 1, AfterDelay: 2, FocusOut: 3 } as const;

/**
 * Whether a write must be refused because auto save triggered it. Auto save would turn every pause in
 * typing into a Confluence version; it is allowed only when the person set `files.autoSave` for our
 * language themselves (a language-scoped user/workspace value, not our contributed default).
 */
export function refuseAutoSave(reason: number | undefined, userOptedIn: boolean): boolean {
  return (reason === SaveReason.AfterDelay || reason === SaveReason.FocusOut) && !userOptedIn;
}

// --- read-only -------------------------------------------------------------------------------

/**
 * Whether `stat` reports FilePermission.Readonly. A clean editor becomes read-only when the person
 * may not update the page, or when the page was visible only through an admin key that is now off.
 * A dirty editor is not flipped to read-only: VS Code would then refuse the save with its fixed
 * "Unable to modify read-only file" text, whereas our writeFile explains what happened and what to do.
 */
export function reportReadonly(f: { canUpdate: boolean | undefined; adminKeyLapsed: boolean; status?: string; dirty: boolean }): boolean {
  if (f.dirty) { return false; }
  return f.canUpdate === false || f.adminKeyLapsed || (f.status !== undefined && f.status !== 'current');
}

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

export type FsErrorCode = 'FileNotFound' | 'NoPermissions' | 'Unavailable' | 'Unknown';

export interface FsErrorText {
  code: FsErrorCode;
  message: string;
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
}

const KEPT = ' Your text is kept in the editor.';

/** Maps a client error to a FileSystemError code and a message that says what happened and what to do. */
export function fsErrorFor(e: unknown, ctx: ErrorContext): FsErrorText {
  const page = ctx.title ? `"${ctx.title}"` : `page ${ctx.pageId}`;
  const kept = ctx.operation === 'write' ? KEPT : '';
  if (!ConfluenceError.is(e)) {
    const text = e instanceof Error ? e.message : String(e);
    return { code: 'Unknown', message: `${ctx.operation === 'write' ? 'Not saved' : 'Could not read'} ${page}: ${text}${kept}` };
  }
  switch (e.kind) {
    case 'notFound':
    case 'forbidden': {
      if (ctx.readWithAdminKey && ctx.adminKeyOff) {
        return {
          code: 'NoPermissions',
          message: ctx.operation === 'write'
            ? `The admin key expired — re-enable it and save again; your text is kept. (${page} on ${ctx.host} is visible only through the admin key.)`
            : `${page} on ${ctx.host} is visible only through the admin key, which is now off. Re-enable it (Confluence: Enable Admin Key) to open it.`,
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
