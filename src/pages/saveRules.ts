// The decisions behind saving a page document, as pure functions of the facts the save coordinator
// gathers. docs/SAVING.md states each rule in words; test/unit/saveRules.test.ts and the save matrix
// (test/unit/saveCoordinator.test.ts) check them by name.

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
