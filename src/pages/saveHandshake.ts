// What the page layer remembers, per open document, about VS Code's side of a save. The editor never
// tells a file system why it writes or what it was shown, so the intent is read from the order of
// calls: a will-save event, then a stat (VS Code's conflict gate), then — unless VS Code stopped the
// save — the write, then a stat whose answer becomes the editor's new baseline. Everything here is
// short-lived; what must survive a restart (the base versions) lives in baseVersions.ts.

import type { Clock } from '../util/clock';
import type { PageMeta } from './pageCache';
import { isFreshStat, type VersionMeta } from './saveRules';

const PIN_TTL_MS = 10_000;
const CONSENT_TTL_MS = 120_000;
const SAVE_REASON_TTL_MS = 30_000;

interface SeenStat { meta: PageMeta; size: number; at: number }

export class SaveHandshake {
  private readonly lastStat = new Map<string, SeenStat>();
  /** What the stat right after our own write must answer (the version the editor now holds). */
  private readonly pins = new Map<string, { meta: PageMeta; size: number; until: number; reread: boolean }>();
  private readonly consents = new Map<string, { version: number; at: number }>();
  private readonly saveReasons = new Map<string, { reason: number; at: number }>();
  /**
   * What VS Code's own "content is newer — Compare / Overwrite" notification showed. A stat made for a
   * save that finds a newer, different-size version is `pending`: if a write follows in the same save,
   * VS Code did not stop it (it was an Overwrite). If none follows and another save stats again, VS Code
   * did stop the earlier one and showed that version: it becomes `shown`, the only version an
   * Overwrite may be written on top of.
   */
  private readonly vscodeConflicts = new Map<string, { pending?: VersionMeta; shown?: VersionMeta }>();

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  /** An editor save of this document is about to happen, for this TextDocumentSaveReason. */
  saveStarting(doc: string, reason: number): void {
    this.saveReasons.set(doc, { reason, at: this.clock.now() });
  }

  /** A save is under way: its stat must see the version Confluence has now. */
  isSaving(doc: string): boolean {
    const r = this.saveReasons.get(doc);
    return r !== undefined && this.clock.now() - r.at <= SAVE_REASON_TTL_MS;
  }

  /** The reason of the save this write belongs to (undefined: not an editor save). */
  takeSaveReason(doc: string): number | undefined {
    const r = this.saveReasons.get(doc);
    this.saveReasons.delete(doc);
    return r && this.clock.now() - r.at <= SAVE_REASON_TTL_MS ? r.reason : undefined;
  }

  recordSeen(doc: string, meta: PageMeta, size: number): void {
    this.lastStat.set(doc, { meta, size, at: this.clock.now() });
  }

  /** A failed stat gates nothing (VS Code skips its checks), so the write must not mistake an older answer for it. */
  forgetSeen(doc: string): void {
    this.lastStat.delete(doc);
  }

  /** The last stat's answer, whatever its age. */
  lastSeen(doc: string): SeenStat | undefined {
    return this.lastStat.get(doc);
  }

  /** The stat immediately before this write, when there was one. */
  freshSeen(doc: string): SeenStat | undefined {
    const seen = this.lastStat.get(doc);
    return seen && isFreshStat(seen.at, this.clock.now()) ? seen : undefined;
  }

  /**
   * The post-write stat must report exactly the version just written (or matched). `reread`: once it
   * has, the document must be told to re-read (its version's text is not what the editor holds).
   */
  pin(doc: string, meta: PageMeta, size: number, reread = false): void {
    this.pins.set(doc, { meta, size, until: this.clock.now() + PIN_TTL_MS, reread });
    this.vscodeConflicts.delete(doc);
  }

  takePin(doc: string): { meta: PageMeta; size: number; reread: boolean } | undefined {
    const pin = this.pins.get(doc);
    if (!pin) { return undefined; }
    this.pins.delete(doc);
    return this.clock.now() <= pin.until ? pin : undefined;
  }

  /** A save's stat: remember whether VS Code is about to show its conflict for this version. */
  recordSaveStat(doc: string, meta: PageMeta, size: number, base: VersionMeta | undefined): void {
    const entry = this.vscodeConflicts.get(doc) ?? {};
    // No write followed the previous save stat: VS Code stopped that save and showed its version.
    if (entry.pending) entry.shown = entry.pending;
    entry.pending = base && meta.mtime > base.mtime && size !== base.size ? { version: meta.version, mtime: meta.mtime, size } : undefined;
    this.vscodeConflicts.set(doc, entry);
  }

  /** A write arrived, so the pending save stat did not stop it. Returns the version VS Code showed, if any. */
  takeShownConflict(doc: string): VersionMeta | undefined {
    const entry = this.vscodeConflicts.get(doc);
    if (!entry) return undefined;
    entry.pending = undefined;
    return entry.shown;
  }

  /**
   * The person agreed (in a modal naming it) to replace exactly `version` with their text: the next save
   * of this document, within two minutes, writes on top of that version — and is refused if the page
   * has moved on again.
   */
  grantConsent(doc: string, version: number): void {
    this.consents.set(doc, { version, at: this.clock.now() });
  }

  /** Drops an unused consent; returns whether one was pending. */
  revokeConsent(doc: string): boolean {
    return this.consents.delete(doc);
  }

  takeConsent(doc: string): number | undefined {
    const c = this.consents.get(doc);
    this.consents.delete(doc);
    return c && this.clock.now() - c.at <= CONSENT_TTL_MS ? c.version : undefined;
  }
}
