// Page documents as the editor sees them: `stat`, `read` and `write` of one document, answered from
// one snapshot of one version (mtime = that version's time, size = the exact bytes read returns),
// with the base version each document was read at remembered across restarts. The file-system
// provider is a thin adapter over this; commands (Compare, Overwrite) use it too.

import { ConfluenceError } from '../confluence/errors';
import type { Logger } from '../util/logger';
import type { Clock } from '../util/clock';
import type { SiteSession } from '../confluence/siteSession';
import type { BaseStore } from './baseVersions';
import { factsOf, type DocumentView, type DocumentViews } from './documentFormats';
import type { PageMeta } from './pageCache';
import { PageError } from './pageErrors';
import { META_TTL_MS, type PageRepository, type Snapshot } from './pageRepository';
import type { PageLocation } from './pageUri';
import type { SaveCoordinator } from './saveCoordinator';
import type { SaveHandshake } from './saveHandshake';
import { refuseAutoSave, reportReadonly, type VersionMeta } from './saveRules';
import { decodeUtf8Strict, encodeUtf8, InvalidUtf8Error } from './storageFormat';
import { l10n } from '../util/l10n';

export interface DocumentStat {
  mtime: number;
  ctime: number;
  size: number;
  readonly: boolean;
}

export interface PageDocumentsDeps {
  repository: PageRepository;
  bases: BaseStore;
  handshake: SaveHandshake;
  views: DocumentViews;
  saves: SaveCoordinator;
  /**
   * A saved document must re-read (its version's text is not what the editor holds). Told only after
   * the stat that ends the save: VS Code ignores change events for a document still being saved.
   */
  onReread: (doc: string) => void;
  clock: Pick<Clock, 'now'>;
  log: Pick<Logger, 'debug' | 'info' | 'warn'>;
}

export class PageDocuments {
  constructor(private readonly deps: PageDocumentsDeps) {}

  /** An editor save of this document is about to happen (TextDocumentSaveReason). */
  saveStarting(doc: string, reason: number): void {
    this.deps.handshake.saveStarting(doc, reason);
  }

  async stat(doc: string, loc: PageLocation, dirty: boolean): Promise<DocumentStat> {
    const { repository, handshake } = this.deps;
    if (loc.version !== undefined) {
      const snap = await this.versionSnapshot(loc);
      return statOf(snap.meta, this.view(loc, snap).size, true);
    }
    const pin = handshake.takePin(doc);
    if (pin) {
      handshake.recordSeen(doc, pin.meta, pin.size);
      if (pin.reread) { this.deps.onReread(doc); }
      return statOf(pin.meta, pin.size, false);
    }
    const session = repository.session(loc);
    // The stat VS Code makes just before a save is its conflict check: it must see the version
    // Confluence has now, not one cached a moment ago.
    const forSave = handshake.isSaving(doc);
    let snap: Snapshot;
    try {
      snap = await repository.current(session, loc, forSave);
    } catch (e) {
      handshake.forgetSeen(doc);
      if (ConfluenceError.is(e, 'notFound') && repository.adminKeyLapsed(session, loc)) {
        // Visible only through the admin key, which is off now: keep the editor (do not report the
        // page as deleted), read-only while clean; a save explains how to get the key back.
        const last = repository.latestMeta(loc)?.meta;
        const cached = last ? repository.cached(loc, last.version) : undefined;
        if (cached) {
          const size = this.view(loc, cached).size;
          handshake.recordSeen(doc, cached.meta, size);
          return statOf(cached.meta, size, !dirty);
        }
      }
      if (ConfluenceError.is(e, 'notFound')) { repository.forget(loc); }
      throw repository.errorFor(e, session, loc, 'read');
    }
    const size = this.view(loc, snap).size;
    const canUpdate = await repository.canUpdate(session, loc);
    handshake.recordSeen(doc, snap.meta, size);
    if (forSave) { handshake.recordSaveStat(doc, snap.meta, size, this.deps.bases.get(doc)); }
    return statOf(snap.meta, size, reportReadonly({ canUpdate, adminKeyLapsed: false, status: snap.meta.status, dirty }));
  }

  async read(doc: string, loc: PageLocation, dirty: boolean, signal?: AbortSignal): Promise<Uint8Array> {
    if (loc.version !== undefined) { return encodeUtf8(this.view(loc, await this.versionSnapshot(loc)).text); }
    const { repository } = this.deps;
    const session = repository.session(loc);
    let snap: Snapshot;
    try {
      snap = await this.readSnapshot(session, doc, loc, signal);
    } catch (e) {
      throw repository.errorFor(e, session, loc, 'read');
    }
    const view = this.view(loc, snap);
    // A dirty document's text is not what we are reading now (VS Code never reloads dirty models; this
    // read is its Compare view or another extension), so its base stays where its text came from.
    if (!dirty) {
      this.deps.bases.set(doc, { version: snap.meta.version, mtime: snap.meta.mtime, size: view.size }, this.deps.clock.now());
    }
    this.deps.log.debug(`[pages] read ${loc.host} page ${loc.pageId} v${snap.meta.version} (${view.size} bytes)`);
    return encodeUtf8(view.text);
  }

  /**
   * A write of the whole document. `autoSaveOptedIn`: the person set files.autoSave for this
   * document's language themselves; otherwise an auto save is refused (every save is a version).
   */
  async write(doc: string, loc: PageLocation, content: Uint8Array, autoSaveOptedIn: boolean, signal?: AbortSignal): Promise<void> {
    if (loc.version !== undefined) {
      throw new PageError('NoPermissions', l10n.t('This is a read-only view of version {0}. Edit the page itself to save a new version.', loc.version));
    }
    if (refuseAutoSave(this.deps.handshake.takeSaveReason(doc), autoSaveOptedIn)) {
      this.deps.log.info(`[pages] refused an auto save of ${loc.host} page ${loc.pageId}`);
      throw new PageError('Unavailable', l10n.t('Not saved: Confluence pages save only when you save explicitly (Ctrl+S / Cmd+S), because every save creates a page version. Auto save does not apply to them; your text is kept.'));
    }
    let text: string;
    try {
      text = decodeUtf8Strict(content);
    } catch (e) {
      throw new PageError('Unknown', e instanceof InvalidUtf8Error ? e.message : String(e));
    }
    await this.deps.saves.save(doc, loc, text, signal ? { signal } : {});
  }

  /** The title people know the page by (for progress and messages), when known. */
  titleOf(loc: PageLocation): string | undefined {
    return this.deps.repository.latestMeta(loc)?.meta.title;
  }

  /** The version this document's text is based on, when known. */
  baseOf(doc: string): VersionMeta | undefined {
    return this.deps.bases.get(doc);
  }

  /** The current remote version with its body (fresh), e.g. for Compare. */
  async remote(loc: PageLocation): Promise<Snapshot> {
    const session = this.deps.repository.session(loc);
    try {
      return await this.deps.repository.fetchFull(session, loc);
    } catch (e) {
      throw this.deps.repository.errorFor(e, session, loc, 'read');
    }
  }

  /** The current remote version's metadata (fresh, no body). */
  async remoteMeta(loc: PageLocation): Promise<PageMeta> {
    const session = this.deps.repository.session(loc);
    try {
      return await this.deps.repository.fetchMeta(session, loc);
    } catch (e) {
      throw this.deps.repository.errorFor(e, session, loc, 'read');
    }
  }

  /** Explicit consent to replace exactly `version` with this document's text (Overwrite Remote with My Version). */
  grantOverwriteConsent(doc: string, version: number): void {
    this.deps.handshake.grantConsent(doc, version);
  }

  revokeOverwriteConsent(doc: string): boolean {
    return this.deps.handshake.revokeConsent(doc);
  }

  private async readSnapshot(session: SiteSession, doc: string, loc: PageLocation, signal?: AbortSignal): Promise<Snapshot> {
    const { repository, handshake, clock } = this.deps;
    const inflight = repository.inflight(loc);
    if (inflight) { return inflight; }
    // Answer from the same version the stat just reported (VS Code pairs them as one baseline).
    const seen = handshake.lastSeen(doc);
    if (seen && clock.now() - seen.at <= META_TTL_MS) {
      const cached = repository.cached(loc, seen.meta.version);
      if (cached) { return cached; }
    }
    // VS Code's stat may still be waiting for the permission check: the version it will report is
    // the one just learnt (e.g. primed by Open Page), whose body is cached.
    const latest = repository.latestMeta(loc);
    if (latest && clock.now() - latest.at <= META_TTL_MS) {
      const cached = repository.cached(loc, latest.meta.version);
      if (cached) { return cached; }
    }
    return repository.fetchFull(session, loc, signal);
  }

  /** A read-only view of one version (Compare, history): immutable, so read once. */
  private async versionSnapshot(loc: PageLocation): Promise<Snapshot> {
    const { repository } = this.deps;
    const session = repository.session(loc);
    try {
      return await repository.version(session, loc, loc.version ?? 0);
    } catch (e) {
      throw repository.errorFor(e, session, loc, 'read');
    }
  }

  private view(loc: PageLocation, snap: Snapshot): DocumentView {
    const origin = this.deps.repository.sessionIfAny(loc)?.site.origin;
    return this.deps.views.view(loc.format ?? 'storage', snap, factsOf(snap.meta, loc, origin));
  }
}

function statOf(meta: PageMeta, size: number, readonly: boolean): DocumentStat {
  return { mtime: meta.mtime, ctime: meta.ctime, size, readonly };
}
