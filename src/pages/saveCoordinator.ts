// Saving a page document: decide on which version the text may be written, ask what must be asked,
// write base + 1, and absorb what Confluence stored. The rules (docs/SAVING.md) are pure functions in
// saveRules.ts; this class gathers their facts — the document's base, what VS Code's stat just before
// the write showed, explicit consents — and carries out the decision. Nothing is ever written on top
// of a version nobody saw, and a failed save never costs the editor its text.

import { ConfluenceError } from '../confluence/errors';
import type { Logger } from '../util/logger';
import type { Clock } from '../util/clock';
import { canUseAdminKey, type SiteSession } from '../confluence/siteSession';
import type { Page } from '../confluence/types';
import type { BaseStore } from './baseVersions';
import { factsOf, type DocumentViews, type PageFacts } from './documentFormats';
import type { LossReport } from './lossReport';
import type { PageMeta } from './pageCache';
import { PageError, saveRefused } from './pageErrors';
import { conflictMessage, sentences } from './pageMessages';
import type { PageRepository, Snapshot } from './pageRepository';
import type { PageLocation } from './pageUri';
import type { SaveHandshake } from './saveHandshake';
import { utf8ByteLength } from './storageFormat';
import { decideConflict, type RefusalReason, type VersionMeta } from './saveRules';
import { l10n } from '../util/l10n';

/** Questions a save may have to ask a person. */
export interface SaveQuestions {
  /** Before a save that removes what cannot be restored (comment anchors, macros…). True = save anyway. */
  confirmRemovals(title: string, loss: LossReport): Promise<boolean>;
  /** The version message; undefined = the person cancelled (the save is cancelled). */
  askVersionMessage(title: string, defaultMessage: string): Promise<string | undefined>;
}

export type VersionMessageMode = 'none' | 'prompt' | 'fixed';

export interface SaveSettings {
  versionMessageMode(): VersionMessageMode;
  defaultVersionMessage(): string;
}

export interface SaveCoordinatorDeps {
  repository: PageRepository;
  bases: BaseStore;
  handshake: SaveHandshake;
  views: DocumentViews;
  questions: SaveQuestions;
  settings: SaveSettings;
  /** What a save from `before` to `after` would remove. */
  losses: (before: string, after: string) => LossReport;
  /** A version was written: documents showing this page should re-read. */
  onWritten: (loc: PageLocation) => void;
  clock: Pick<Clock, 'now'>;
  log: Pick<Logger, 'info' | 'warn' | 'debug'>;
}

type WriteTarget = Snapshot;

export class SaveCoordinator {
  constructor(private readonly deps: SaveCoordinatorDeps) {}

  /**
   * Saves `text` (the document's whole content) as a new version of the page it shows. `message`, when
   * given, is the version comment (a restore names the version it restores) instead of the setting's;
   * `signal` cancels the save (the person pressed Cancel on its progress).
   */
  async save(doc: string, loc: PageLocation, text: string, options: { message?: string; signal?: AbortSignal } = {}): Promise<void> {
    const { signal } = options;
    const { repository, handshake, bases } = this.deps;
    const session = repository.session(loc);
    const base = bases.get(doc);
    const seenRecord = handshake.freshSeen(doc);
    const freshSeen = seenRecord ? { version: seenRecord.meta.version, mtime: seenRecord.meta.mtime, size: seenRecord.size } : undefined;
    // For the conflict decision, "seen" is the version VS Code's conflict notification showed, not
    // merely the last stat: after a second remote change, Overwrite must not land on a version
    // nobody was shown.
    const shown = handshake.takeShownConflict(doc);
    const seen = shown ?? (freshSeen && !(base && freshSeen.mtime > base.mtime && freshSeen.size !== base.size) ? freshSeen : undefined);
    const consent = handshake.takeConsent(doc);

    let current = await this.currentVersion(session, loc, seenRecord?.meta);
    if (current.status !== 'current') {
      // PUT with status "current" would restore a trashed page: a save must not bring a page back.
      throw new PageError('FileNotFound', current.status === 'trashed'
        ? l10n.t('Not saved: "{0}" on {1} is in the trash, so it was not re-created. Your text is kept; use "Save As…" to keep a copy.', current.title, loc.host)
        : l10n.t('Not saved: "{0}" on {1} is "{2}", so it was not re-created. Your text is kept; use "Save As…" to keep a copy.', current.title, loc.host, current.status));
    }
    // Readonly in stat stops editor saves of clean documents only; applyEdit, dirty documents and
    // workspace.fs.writeFile still arrive here.
    if (await repository.canUpdate(session, loc) === false) {
      throw new PageError('NoPermissions', sentences(l10n.t('Not saved: you don\'t have permission to edit "{0}" on {1}.', current.title, loc.host),
        canUseAdminKey(session.site) && !session.client.adminKeyActive() ? l10n.t('If it is restricted, the admin key may be needed (Confluence: Enable Admin Key).') : undefined,
        l10n.t('Your text is kept.')));
    }

    // A view other than storage is turned back into storage against the version it was made from
    // (after a restart that version may have to be read again: one request).
    const baseSnapshot = base ? repository.cached(loc, base.version)
      ?? (loc.format === 'markdown' ? await repository.version(session, loc, base.version).catch(() => undefined) : undefined) : undefined;
    const write = this.deps.views.toStorage(loc.format ?? 'storage', text, baseSnapshot, baseSnapshot ? this.factsFor(loc, baseSnapshot.meta) : undefined);

    let target: WriteTarget;
    if (consent !== undefined) {
      if (current.version !== consent) { current = await repository.fetchMeta(session, loc); }
      const d = decideConflict({ base, seen, remote: { version: current.version, mtime: current.mtime, size: 0 }, consentVersion: consent });
      if (d.action === 'refuse') { throw await this.refusal(session, loc, base, current, d.reason); }
      target = await this.targetAt(session, loc, current, base);
    } else if (!base) {
      const snap = await repository.fetchFull(session, loc);
      if (snap.body.text === write.storage) {
        this.acceptUnchanged(doc, loc, snap, text);
        return;
      }
      throw await this.refusal(session, loc, base, snap.meta, 'unknown-base');
    } else if (current.version === base.version) {
      target = await this.targetAt(session, loc, current, base);
    } else {
      target = await this.decideOnNewerRemote(session, loc, base, seen, current, write.storage);
    }

    let message: string | undefined;
    let messageAsked = false;
    for (let attempt = 0; ; attempt++) {
      const title = write.title ?? repository.latestMeta(loc)?.meta.title ?? target.meta.title;
      if (target.body.text === write.storage && title === target.meta.title) {
        // Nothing to write: no empty version. The document now matches exactly this version.
        this.acceptUnchanged(doc, loc, target, text);
        this.deps.log.info(`[pages] ${loc.host} page ${loc.pageId}: unchanged against v${target.meta.version}, nothing written`);
        return;
      }
      // Asked again if a conflict moved the target: what would go is what that version has.
      await this.confirmRemovals(target, write.storage);
      if (!messageAsked) {
        message = options.message ?? await this.versionMessage(target.meta.title);
        messageAsked = true;
      }
      let page: Page;
      try {
        page = await repository.request(session, () => session.client.updatePage({
          id: loc.pageId,
          // The freshest title we know: an older one would revert a rename made meanwhile.
          title,
          status: 'current',
          body: { representation: 'storage', value: write.storage },
          baseVersion: target.meta.version,
          ...(message ? { message } : {}),
        }, signal ? { signal } : {}));
      } catch (e) {
        if (answerMayBeLost(e)) {
          // The PUT may have reached Confluence although its answer did not reach us: look before
          // saying "not saved" (a second save would otherwise meet our own version as a conflict).
          const written = await this.readBack(session, loc, target, write.storage);
          if (written) {
            this.deps.log.info(`[pages] ${loc.host} page ${loc.pageId}: the answer to the save was lost, but v${written.meta.version} has the text: saved`);
            this.acceptStored(doc, loc, written, text);
            return;
          }
        }
        if (!ConfluenceError.is(e, 'conflict')) { throw repository.errorFor(e, session, loc, 'write'); }
        const remote = await repository.fetchMeta(session, loc);
        this.deps.log.info(`[pages] ${loc.host} page ${loc.pageId}: 409 writing on v${target.meta.version}; remote is v${remote.version}`);
        if (attempt > 0 || consent !== undefined || target.meta.version !== base?.version) {
          // We already wrote on top of the version VS Code (or the person) chose; it moved again.
          throw await this.refusal(session, loc, base, remote, 'moved-again');
        }
        target = await this.decideOnNewerRemote(session, loc, base, seen, remote, write.storage);
        continue;
      }
      this.acceptWrite(doc, loc, session, page, write.storage, text);
      return;
    }
  }

  /**
   * The remote version now: what the stat just before this write showed (VS Code makes one, so a save
   * costs that version check plus the PUT), else a fresh check. A newer version learnt meanwhile wins.
   * A cached answer never stands in for a failed check: a page trashed a second ago must not be saved
   * back to life from a cache that still says "current".
   */
  private async currentVersion(session: SiteSession, loc: PageLocation, seen: PageMeta | undefined): Promise<PageMeta> {
    const latest = this.deps.repository.latestMeta(loc);
    // A page last read through an admin key that is off now: what the stat showed was the last known
    // version, not an answer from Confluence. Ask (without the key) before sending anything.
    if (seen && !this.deps.repository.adminKeyLapsed(session, loc)) { return latest && latest.meta.version > seen.version ? latest.meta : seen; }
    try {
      return await this.deps.repository.fetchMeta(session, loc);
    } catch (e) {
      throw this.deps.repository.errorFor(e, session, loc, 'write');
    }
  }

  /** The base is behind the remote: may we write on top of the remote version? */
  private async decideOnNewerRemote(session: SiteSession, loc: PageLocation, base: VersionMeta, seen: VersionMeta | undefined,
    remote: PageMeta, storage: string): Promise<WriteTarget> {
    const baseBody = this.deps.repository.cachedBody(loc, base.version);
    const target = await this.targetAt(session, loc, remote, base);
    // The newer version already holds exactly this text (saved from another window, or a save whose
    // answer was lost): nothing to write, nobody to overwrite.
    if (target.body.text === storage) { return target; }
    // A newer version with the base's exact body (a rename) loses nobody's text.
    const sameContent = baseBody !== undefined && target.body.text === baseBody.text;
    const remoteSize = this.documentSize(loc, target);
    const d = decideConflict({ base, seen, remote: { version: remote.version, mtime: remote.mtime, size: remoteSize }, remoteSameContentAsBase: sameContent });
    this.deps.log.info(`[pages] ${loc.host} page ${loc.pageId}: base v${base.version}, remote v${remote.version}, `
      + `stat before write ${seen ? `v${seen.version}` : 'none'} -> ${d.action === 'overwrite' ? `write on v${d.onTopOf} (${d.why})` : `refuse (${d.reason})`}`);
    if (d.action === 'refuse') { throw await this.refusal(session, loc, base, remote, d.reason); }
    return target;
  }

  /** After a lost answer: the version written on top of `target` with this text, if Confluence has it. */
  private async readBack(session: SiteSession, loc: PageLocation, target: WriteTarget, storage: string): Promise<Snapshot | undefined> {
    let now: Snapshot;
    try {
      now = await this.deps.repository.fetchFull(session, loc);
    } catch {
      return undefined;
    }
    const next = now.meta.version === target.meta.version + 1;
    // Confluence may have normalised the text; a version by us, right after the target, is ours.
    return next && (now.body.text === storage || now.meta.authorId === session.site.accountId) ? now : undefined;
  }

  /** The body of `meta`'s version: cached, or fetched when it is still the current one. */
  private async targetAt(session: SiteSession, loc: PageLocation, meta: PageMeta, base: VersionMeta | undefined): Promise<WriteTarget> {
    const cached = this.deps.repository.cached(loc, meta.version);
    if (cached) { return cached; }
    const body = this.deps.repository.cachedBody(loc, meta.version);
    if (body) { return { meta, body }; }
    let snap: Snapshot;
    try {
      snap = await this.deps.repository.fetchFull(session, loc);
    } catch (e) {
      throw this.deps.repository.errorFor(e, session, loc, 'write');
    }
    if (snap.meta.version !== meta.version) {
      // It moved on while we looked: treat like a 409 on the version we meant to replace.
      throw await this.refusal(session, loc, base, snap.meta, 'moved-again');
    }
    return snap;
  }

  private async confirmRemovals(target: WriteTarget, storage: string): Promise<void> {
    const loss = this.deps.losses(target.body.text, storage);
    if (loss.items.length === 0) { return; }
    if (!await this.deps.questions.confirmRemovals(target.meta.title, loss)) {
      throw saveRefused(l10n.t('Not saved: the save would remove: {0}, and you chose Cancel. Your text is kept.', loss.list));
    }
  }

  private async versionMessage(title: string): Promise<string | undefined> {
    const mode = this.deps.settings.versionMessageMode();
    const fixed = this.deps.settings.defaultVersionMessage().trim();
    if (mode === 'none') { return undefined; }
    if (mode === 'fixed') { return fixed || undefined; }
    const answer = await this.deps.questions.askVersionMessage(title, fixed);
    if (answer === undefined) { throw saveRefused(l10n.t('Save cancelled (no version message was entered). Your text is kept.')); }
    return answer.trim() || undefined;
  }

  /**
   * The document's text is now this version: it becomes the base, and the stat right after the write
   * reports it. When the version's own text differs from what the editor holds (Confluence normalised
   * the storage; a Markdown view's front matter shows the new version number), the editor must re-read:
   * that stat then reports the editor's bytes a moment before the version, so VS Code's reload — which
   * it skips for a file whose time and size did not change — sees a newer file and reads it.
   */
  private acceptUnchanged(doc: string, loc: PageLocation, snap: Snapshot, editorText: string): void {
    const view = this.deps.views.view(loc.format ?? 'storage', snap, this.factsFor(loc, snap.meta));
    this.deps.bases.set(doc, { version: snap.meta.version, mtime: snap.meta.mtime, size: view.size }, this.deps.clock.now());
    const reread = view.text !== editorText;
    this.deps.handshake.pin(doc, reread ? { ...snap.meta, mtime: snap.meta.mtime - 1 } : snap.meta, reread ? utf8ByteLength(editorText) : view.size, reread);
  }

  private acceptWrite(doc: string, loc: PageLocation, session: SiteSession, page: Page, sent: string, editorText: string): void {
    // Confluence may normalise storage on save; when it echoes the body, that is the truth for the
    // new version. Otherwise what we sent is.
    const echoed = page.body?.representation === 'storage' ? page.body.value : undefined;
    const stored = this.deps.repository.absorbPage(loc.host, { ...page, body: { representation: 'storage', value: echoed ?? sent } },
      session.client.adminKeyActive());
    if (stored) { this.acceptStored(doc, loc, stored, editorText); }
  }

  private acceptStored(doc: string, loc: PageLocation, stored: Snapshot, editorText: string): void {
    this.acceptUnchanged(doc, loc, stored, editorText);
    this.deps.log.info(`[pages] saved ${loc.host} page ${loc.pageId} as v${stored.meta.version} (${stored.body.size} bytes)`);
    this.deps.onWritten(loc);
  }

  private async refusal(session: SiteSession, loc: PageLocation, base: VersionMeta | undefined, remote: PageMeta, reason: RefusalReason): Promise<PageError> {
    this.deps.log.warn(`[pages] refused save of ${loc.host} page ${loc.pageId}: ${reason} (base ${base ? `v${base.version}` : 'unknown'}, remote v${remote.version})`);
    const authorName = remote.authorId !== session.site.accountId ? await this.deps.repository.displayName(session, remote.authorId) : undefined;
    return saveRefused(conflictMessage({
      ...(authorName ? { authorName } : {}),
      title: remote.title,
      remote: { version: remote.version, mtime: remote.mtime, size: 0, ...(remote.authorId !== undefined ? { authorId: remote.authorId } : {}) },
      reason, ...(base ? { baseVersion: base.version } : {}), currentAccountId: session.site.accountId,
    }));
  }

  private factsFor(loc: PageLocation, meta: PageMeta): PageFacts {
    return factsOf(meta, loc, this.deps.repository.sessionIfAny(loc)?.site.origin);
  }

  /** The size VS Code sees for a version in this document's form. */
  private documentSize(loc: PageLocation, snap: Snapshot): number {
    return this.deps.views.view(loc.format ?? 'storage', snap, this.factsFor(loc, snap.meta)).size;
  }

  private cachedDocumentSize(loc: PageLocation, version: number): number {
    const snap = this.deps.repository.cached(loc, version);
    return snap ? this.documentSize(loc, snap) : -1;
  }
}

/** Failures after which the request may have been carried out although no answer arrived. */
function answerMayBeLost(e: unknown): boolean {
  return ConfluenceError.is(e, 'network') || ConfluenceError.is(e, 'timeout') || ConfluenceError.is(e, 'cancelled');
}

