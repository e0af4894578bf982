// The `confluence:` FileSystemProvider: a page's storage body as a file, a save as a new version.
//
// How it keeps VS Code's own conflict flow honest and closes its gaps (details and sources:
// shared/notes/vscode-save-conflicts.md; rules: DESIGN.md "Saving without losing or overwriting"):
// - `stat` and `readFile` answer from one snapshot of one version: mtime = that version's time
//   (versionMtime), size = the exact UTF-8 bytes readFile returns. Concurrent calls for a page share
//   one fetch, bodies are cached by (page, version), so opening a page costs one body request.
// - Each document remembers the version it was read at (its base), persisted in a Memento so a dirty
//   editor restored after a restart still saves on top of the version its text came from.
// - A save PUTs base + 1. When the base is no longer current, saveDecision.decideConflict says whether
//   VS Code must have shown its Compare/Overwrite flow (then: write on top of exactly the version that
//   flow showed) or could not have (then: refuse, naming the remote version, and point to our Compare
//   and Overwrite commands).

import * as vscode from 'vscode';
import type { Page } from '../confluence/types';
import { ConfluenceError } from '../confluence/errors';
import {
  CONFLUENCE_SCHEME, pageKey, PageLocation, pageUriParts, parsePageUri, PageUriError,
} from '../pages/pageUri';
import { decodeUtf8Strict, encodeUtf8, InvalidUtf8Error, removedInlineComments } from '../pages/storageFormat';
import type { FsClock, FsSettings, FsUi, OpenDocuments, SiteLookup, SiteSession } from './fsTypes';
import { VsCodeFsUi, WorkspaceDocuments } from './fsTypes';
import { BaseStore, BodyCache, CachedBody, MetaCache, PageMeta, pageMetaFrom } from './pageCacheState';
import {
  conflictMessage, decideConflict, ErrorContext, fsErrorFor, FsErrorText, isFreshStat, RefusalReason, refuseAutoSave,
  reportReadonly, VersionMeta,
} from './saveDecision';
import { VersionCheckScheduler } from './versionCheck';

/** How long a `stat` answer is reused. VS Code stats on every save, focus and change event; the
 * pre-save stat is its conflict gate, so this stays short. */
const STAT_TTL_MS = 2_000;
const OPERATIONS_TTL_MS = 60_000;
const PIN_TTL_MS = 10_000;
const CONSENT_TTL_MS = 120_000;
const SAVE_REASON_TTL_MS = 30_000;
const EVENT_BATCH_MS = 50;

export interface ConfluenceFileSystemDeps {
  sites: SiteLookup;
  /** workspaceState: base versions per document survive a window restart. */
  memento: vscode.Memento;
  log: vscode.LogOutputChannel;
  clock: FsClock;
  settings: FsSettings;
  ui?: FsUi;
  documents?: OpenDocuments;
}

interface Snapshot { meta: PageMeta; body: CachedBody }
interface SeenStat { meta: PageMeta; size: number; at: number }
interface WriteTarget { meta: PageMeta; body: CachedBody }

class SaveRefused extends Error {}

export class ConfluenceFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile: vscode.Event<vscode.FileChangeEvent[]> = this.changeEmitter.event;

  private readonly sites: SiteLookup;
  private readonly log: vscode.LogOutputChannel;
  private readonly clock: FsClock;
  private readonly settings: FsSettings;
  private readonly ui: FsUi;
  private readonly documents: OpenDocuments;

  private bodies = new BodyCache();
  private metas = new MetaCache();
  private readonly versionMetas = new Map<string, PageMeta>();
  private bases: BaseStore;
  private readonly memento: vscode.Memento;
  private readonly fullInflight = new Map<string, Promise<Snapshot>>();
  private readonly metaInflight = new Map<string, Promise<PageMeta>>();
  private readonly operations = new Map<string, { canUpdate: boolean | undefined; at: number; pending?: Promise<boolean | undefined> }>();
  /** Pages last read while the admin key was on (they may be visible only through it). */
  private readonly readWithKey = new Set<string>();
  private readonly lastStat = new Map<string, SeenStat>();
  /** What the stat right after our own write must answer (the version the editor now holds). */
  private readonly pins = new Map<string, { meta: PageMeta; size: number; until: number }>();
  private readonly consents = new Map<string, { version: number; at: number }>();
  private readonly saveReasons = new Map<string, { reason: number; at: number }>();
  /**
   * Per document, what VS Code's own "content is newer — Compare / Overwrite" notification showed.
   * A stat made for a save that finds a newer, different-size version is `pending`: if a write follows
   * in the same save, VS Code did not stop it (it was an Overwrite). If none follows and another save
   * stats again, VS Code did stop the earlier one and showed that version: it becomes `shown`, the only
   * version an Overwrite may be written on top of.
   */
  private readonly vscodeConflicts = new Map<string, { pending?: VersionMeta; shown?: VersionMeta }>();
  private readonly spaceKeys = new Map<string, string>();

  private pendingEvents: vscode.FileChangeEvent[] = [];
  private flushTimer: { cancel(): void } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly scheduler: VersionCheckScheduler;

  constructor(deps: ConfluenceFileSystemDeps) {
    this.sites = deps.sites;
    this.log = deps.log;
    this.clock = deps.clock;
    this.settings = deps.settings;
    this.ui = deps.ui ?? new VsCodeFsUi();
    this.documents = deps.documents ?? new WorkspaceDocuments();
    this.memento = deps.memento;
    this.bases = this.loadBases();

    // The provider never learns why it is asked to write; the will-save event (which fires just
    // before, for editor saves) does. Auto saves are refused in writeFile unless the person opted in.
    this.disposables.push(vscode.workspace.onWillSaveTextDocument(e => {
      if (e.document.uri.scheme === CONFLUENCE_SCHEME) {
        this.saveReasons.set(uriKey(e.document.uri), { reason: e.reason, at: this.clock.now() });
      }
    }));
    this.disposables.push(this.sites.onDidChangeSessions(() => {
      for (const uri of this.openPageUris()) { this.fire(uri, vscode.FileChangeType.Changed); }
    }));
    this.scheduler = new VersionCheckScheduler(this.clock, () => this.settings.versionCheckIntervalMinutes(),
      () => this.checkOpenDocuments(), this.log);
    this.disposables.push(this.settings.onDidChange(() => this.scheduler.reschedule()));
    this.scheduler.reschedule();
  }

  private loadBases(): BaseStore {
    return new BaseStore(this.memento, e => this.log.warn(`[fs] could not persist base versions: ${String(e)}`));
  }

  /**
   * Forgets everything a window restart loses and keeps what survives it (the base versions in the
   * memento). Only integration tests call it: in the test harness a real window reload ends the run.
   */
  simulateWindowRestart(): void {
    this.bodies = new BodyCache();
    this.metas = new MetaCache();
    for (const map of [this.versionMetas, this.fullInflight, this.metaInflight, this.operations, this.lastStat, this.pins,
      this.consents, this.saveReasons, this.spaceKeys, this.vscodeConflicts] as Map<string, unknown>[]) {
      map.clear();
    }
    this.readWithKey.clear();
    this.bases = this.loadBases();
  }

  dispose(): void {
    this.scheduler.dispose();
    this.flushTimer?.cancel();
    for (const d of this.disposables) { d.dispose(); }
    this.changeEmitter.dispose();
  }

  // --- FileSystemProvider ---------------------------------------------------------------------

  watch(): vscode.Disposable {
    // Open documents are polled by the version check; nothing to set up per watch.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const dir = directoryStat(uri);
    if (dir) { return dir; }
    const loc = this.locate(uri);
    if (loc.version !== undefined) { return this.versionStat(loc); }
    const key = uriKey(uri);
    const pk = pageKey(loc.host, loc.pageId);
    const pin = this.pins.get(key);
    if (pin) {
      this.pins.delete(key);
      if (this.clock.now() <= pin.until) {
        this.recordSeen(key, pin.meta, pin.size);
        return fileStat(pin.meta, pin.size, false);
      }
    }
    const session = this.requireSession(loc.host);
    const dirty = this.documents.find(uri)?.isDirty ?? false;
    // The stat VS Code makes just before a save is its conflict check: it must see the version
    // Confluence has now, not one cached a moment ago.
    const forSave = this.isSaving(key);
    let snap: { meta: PageMeta; size: number };
    try {
      snap = await this.statSnapshot(session, loc, forSave);
    } catch (e) {
      // A failed stat gates nothing (VS Code skips its checks and writes anyway): forget the previous
      // answer so the write cannot mistake it for "the stat just before me".
      this.lastStat.delete(key);
      if (ConfluenceError.is(e, 'notFound') && this.adminKeyLapsed(session, pk)) {
        // Visible only through the admin key, which is off now: keep the editor (do not report the
        // page as deleted), read-only while clean; a save explains how to get the key back.
        const last = this.metas.get(pk)?.meta;
        const body = last ? this.bodies.get(pk, last.version) : undefined;
        if (last && body) {
          this.recordSeen(key, last, body.size);
          return fileStat(last, body.size, !dirty);
        }
      }
      throw this.fsError(e, this.errorContext(session, loc, 'read'));
    }
    const canUpdate = await this.canUpdate(session, loc);
    this.recordSeen(key, snap.meta, snap.size);
    if (forSave) this.recordSaveStat(key, snap.meta, snap.size);
    return fileStat(snap.meta, snap.size, reportReadonly({ canUpdate, adminKeyLapsed: false, status: snap.meta.status, dirty }));
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    if (directoryStat(uri)) { throw vscode.FileSystemError.FileIsADirectory(uri); }
    const loc = this.locate(uri);
    if (loc.version !== undefined) { return encodeUtf8((await this.versionSnapshot(loc)).body.text); }
    const key = uriKey(uri);
    const session = this.requireSession(loc.host);
    let snap: Snapshot;
    try {
      snap = await this.readSnapshot(session, loc, key);
    } catch (e) {
      throw this.fsError(e, this.errorContext(session, loc, 'read'));
    }
    // A dirty document's text is not what we are reading now (VS Code never reloads dirty models; this
    // read is its Compare view or another extension), so its base stays where its text came from.
    if (!(this.documents.find(uri)?.isDirty ?? false)) {
      this.bases.set(key, { version: snap.meta.version, mtime: snap.meta.mtime, size: snap.body.size }, this.clock.now());
    }
    this.log.debug(`[fs] read ${loc.host} page ${loc.pageId} v${snap.meta.version} (${snap.body.size} bytes)`);
    return encodeUtf8(snap.body.text);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, _options: { readonly create: boolean; readonly overwrite: boolean }): Promise<void> {
    // `_options` never tells a deliberate Overwrite from a plain save (notes §2), so it is ignored.
    if (directoryStat(uri)) { throw vscode.FileSystemError.FileIsADirectory(uri); }
    const loc = this.locate(uri);
    if (loc.version !== undefined) {
      throw vscode.FileSystemError.NoPermissions(`This is a read-only view of version ${loc.version}. Edit the page itself to save a new version.`);
    }
    const key = uriKey(uri);
    const pk = pageKey(loc.host, loc.pageId);
    const session = this.requireSession(loc.host);
    const document = this.documents.find(uri);
    const reason = this.takeSaveReason(key);
    if (refuseAutoSave(reason, this.settings.autoSaveOptedIn(document))) {
      this.log.info(`[fs] refused an auto save of ${loc.host} page ${loc.pageId}`);
      throw vscode.FileSystemError.Unavailable('Not saved: Confluence pages save only when you save explicitly (Ctrl+S / Cmd+S), '
        + 'because every save creates a page version. Auto save does not apply to them; your text is kept.');
    }
    let text: string;
    try {
      text = decodeUtf8Strict(content);
    } catch (e) {
      throw new vscode.FileSystemError(e instanceof InvalidUtf8Error ? e.message : String(e));
    }
    try {
      await this.save(session, loc, key, pk, text);
    } catch (e) {
      if (e instanceof vscode.FileSystemError) { throw e; }
      if (e instanceof SaveRefused) { throw vscode.FileSystemError.Unavailable(e.message); }
      throw this.fsError(e, this.errorContext(session, loc, 'write'));
    }
  }

  async readDirectory(): Promise<[string, vscode.FileType][]> {
    throw vscode.FileSystemError.NoPermissions('Confluence spaces are not listed as folders. Browse them in the Confluence view, or use "Confluence: Open Page…".');
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Folders cannot be created here. Use "Confluence: Create Child Page" in the Confluence view.');
  }

  delete(): void {
    // Deliberately not a way to delete pages: workspace.fs.delete has no confirmation and other
    // extensions may call it. The command moves a page to the trash after a modal confirmation.
    throw vscode.FileSystemError.NoPermissions('Pages are not deleted through the file system. Use "Confluence: Delete Page" (it moves the page to the trash after you confirm).');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Pages are not renamed through the file system. Use "Confluence: Rename Page".');
  }

  // --- for the commands (Compare, Overwrite, Open, Create, Rename, Delete) ---------------------

  /** The live page URI for a page. */
  uriFor(page: { host: string; pageId: string; spaceKey?: string; title?: string; version?: number }): vscode.Uri {
    return vscode.Uri.from(pageUriParts(page));
  }

  /** Parses a confluence: URI; undefined when it is not one of ours. */
  tryLocate(uri: vscode.Uri): PageLocation | undefined {
    if (uri.scheme !== CONFLUENCE_SCHEME) { return undefined; }
    try {
      return parsePageUri(uri);
    } catch {
      return undefined;
    }
  }

  /** The version this document's text is based on, when known. */
  baseOf(uri: vscode.Uri): VersionMeta | undefined {
    return this.bases.get(uriKey(uri));
  }

  /**
   * Fetches the current remote version with its body (fresh) and returns the read-only URI that shows
   * exactly that version (for Compare).
   */
  async loadRemote(uri: vscode.Uri): Promise<{ meta: PageMeta; size: number; versionUri: vscode.Uri }> {
    const loc = this.locate(uri);
    const session = this.requireSession(loc.host);
    try {
      const snap = await this.fetchFull(session, loc);
      const versionUri = this.uriFor({ ...loc, title: snap.meta.title, version: snap.meta.version });
      return { meta: snap.meta, size: snap.body.size, versionUri };
    } catch (e) {
      throw this.fsError(e, this.errorContext(session, loc, 'read'));
    }
  }

  /** The current remote version's metadata (fresh, no body). */
  async remoteMeta(uri: vscode.Uri): Promise<PageMeta> {
    const loc = this.locate(uri);
    const session = this.requireSession(loc.host);
    try {
      return await this.fetchMeta(session, loc);
    } catch (e) {
      throw this.fsError(e, this.errorContext(session, loc, 'read'));
    }
  }

  /**
   * The person agreed (in a modal naming it) to replace exactly `version` with their text: the next save
   * of this URI, within two minutes, writes on top of that version — and is refused if the page has
   * moved on again.
   */
  grantOverwriteConsent(uri: vscode.Uri, version: number): void {
    this.consents.set(uriKey(uri), { version, at: this.clock.now() });
  }

  /** Drops an unused consent (the save it was for did not happen). Returns whether one was pending. */
  revokeOverwriteConsent(uri: vscode.Uri): boolean {
    return this.consents.delete(uriKey(uri));
  }

  /** Author names or ids for messages come from here; the signed-in account makes "you" readable. */
  accountIdFor(host: string): string | undefined {
    return this.sites.sessionForHost(host)?.accountId;
  }

  /** Remembers a page just fetched or created elsewhere (with its storage body) so opening it is free. */
  primePage(host: string, page: Page, adminKeyWasOn?: boolean): void {
    const pk = pageKey(host, page.id);
    if (adminKeyWasOn !== undefined) this.rememberOperations(host, page, adminKeyWasOn);
    if (page.body?.representation === 'storage') {
      this.absorb(pk, page, page.body.value);
    } else {
      this.metas.update(pk, pageMetaFrom(page), this.clock.now());
    }
  }

  /** Remembers a space key (URIs show it), e.g. from the tree. */
  rememberSpaceKey(host: string, spaceId: string, key: string): void {
    this.spaceKeys.set(`${host}/${spaceId}`, key);
  }

  /** The space key of a space id, asking Confluence once per space. */
  async spaceKeyFor(session: SiteSession, spaceId: string): Promise<string | undefined> {
    const k = `${session.site.host}/${spaceId}`;
    const known = this.spaceKeys.get(k);
    if (known) { return known; }
    try {
      const space = await session.client.getSpace(spaceId);
      this.spaceKeys.set(k, space.key);
      return space.key;
    } catch (e) {
      this.log.debug(`[fs] space ${spaceId} on ${session.site.host}: ${String(e)}`);
      return undefined;
    }
  }

  /** A page changed through another path (rename, move): re-read and let clean editors reload. */
  pageChanged(host: string, pageId: string): void {
    this.metas.invalidate(pageKey(host, pageId));
    for (const uri of this.openPageUris(host, pageId)) { this.fire(uri, vscode.FileChangeType.Changed); }
  }

  /** A page was moved to the trash by us: open editors show it as deleted; saves are refused. */
  pageDeleted(host: string, pageId: string): void {
    this.metas.delete(pageKey(host, pageId));
    for (const uri of this.openPageUris(host, pageId)) { this.fire(uri, vscode.FileChangeType.Deleted); }
  }

  /**
   * The background version check: one cheap request per open page. A newer version fires Changed (clean
   * editors reload; dirty ones meet VS Code's conflict flow at save), a vanished page fires Deleted.
   */
  async checkOpenDocuments(): Promise<void> {
    const byPage = new Map<string, { loc: PageLocation; uris: vscode.Uri[] }>();
    for (const uri of this.openPageUris()) {
      const loc = this.tryLocate(uri);
      if (!loc) { continue; }
      const pk = pageKey(loc.host, loc.pageId);
      const entry = byPage.get(pk) ?? { loc, uris: [] };
      entry.uris.push(uri);
      byPage.set(pk, entry);
    }
    for (const [pk, { loc, uris }] of byPage) {
      const session = this.sites.sessionForHost(loc.host);
      if (!session) { continue; }
      try {
        const meta = await this.fetchMeta(session, loc);
        for (const uri of uris) {
          const base = this.bases.get(uriKey(uri));
          if (!base || meta.version > base.version) { this.fire(uri, vscode.FileChangeType.Changed); }
        }
      } catch (e) {
        if (ConfluenceError.is(e, 'notFound')) {
          const lapsed = this.adminKeyLapsed(session, pk);
          for (const uri of uris) { this.fire(uri, lapsed ? vscode.FileChangeType.Changed : vscode.FileChangeType.Deleted); }
        } else {
          this.log.debug(`[fs] version check of ${loc.host} page ${loc.pageId} failed: ${String(e)}`);
        }
      }
    }
  }

  // --- save --------------------------------------------------------------------------------------

  private async save(session: SiteSession, loc: PageLocation, key: string, pk: string, text: string): Promise<void> {
    const now = this.clock.now();
    const base = this.bases.get(key);
    const seenRecord = this.lastStat.get(key);
    const freshSeen = seenRecord && isFreshStat(seenRecord.at, now) ? toVersionMeta(seenRecord.meta, seenRecord.size) : undefined;
    // For the conflict decision, "seen" is the version VS Code's conflict notification showed, not
    // merely the last stat: after a second remote change, Overwrite must not land on a version
    // nobody was shown.
    const shown = this.takeShownConflict(key);
    const seen = shown ?? (freshSeen && !(base && freshSeen.mtime > base.mtime && freshSeen.size !== base.size) ? freshSeen : undefined);
    const consentRecord = this.consents.get(key);
    this.consents.delete(key);
    const consent = consentRecord && now - consentRecord.at <= CONSENT_TTL_MS ? consentRecord.version : undefined;

    // The remote version now: what the stat just before this write showed (VS Code makes one, so a save
    // costs that version check plus the PUT), else a fresh cheap check (workspace.fs.writeFile comes
    // without one). A newer version learnt meanwhile wins.
    const cached = this.metas.get(pk);
    let current: PageMeta;
    if (seenRecord && freshSeen) {
      current = cached && cached.meta.version > seenRecord.meta.version ? cached.meta : seenRecord.meta;
    } else {
      current = cached && now - cached.at <= STAT_TTL_MS ? cached.meta : await this.fetchMeta(session, loc);
    }
    if (current.status !== 'current') {
      // PUT with status "current" would restore a trashed page: a save must not bring a page back.
      throw vscode.FileSystemError.FileNotFound(`Not saved: "${current.title}" on ${loc.host} is ${current.status === 'trashed' ? 'in the trash' : `"${current.status}"`}, `
        + 'so it was not re-created. Your text is kept; use "Save As…" to keep a copy.');
    }
    // Readonly in stat stops editor saves of clean documents only; applyEdit, dirty documents and
    // workspace.fs.writeFile still arrive here.
    if (await this.canUpdate(session, loc) === false) {
      throw vscode.FileSystemError.NoPermissions(`Not saved: you don't have permission to edit "${current.title}" on ${loc.host}.`
        + `${session.site.adminKeySupported && !session.client.adminKeyActive() ? ' If it is restricted, the admin key may be needed (Confluence: Enable Admin Key).' : ''}`
        + ' Your text is kept.');
    }

    let target: WriteTarget;
    if (consent !== undefined) {
      if (current.version !== consent) { current = await this.fetchMeta(session, loc); }
      const d = decideConflict({ base, seen, remote: toVersionMeta(current, 0), consentVersion: consent });
      if (d.action === 'refuse') { throw this.refusal(session, loc, base, current, d.reason); }
      target = await this.targetAt(session, loc, current, base);
    } else if (!base) {
      const snap = await this.fetchFull(session, loc);
      if (snap.body.text === text) {
        this.acceptNoOp(key, snap.meta, snap.body);
        return;
      }
      throw this.refusal(session, loc, base, snap.meta, 'unknown-base');
    } else if (current.version === base.version) {
      target = await this.targetAt(session, loc, current, base);
    } else {
      target = await this.decideOnNewerRemote(session, loc, base, seen, current);
    }

    let message: string | undefined;
    let messageAsked = false;
    for (let attempt = 0; ; attempt++) {
      if (target.body.text === text) {
        // Nothing to write: no empty version. The document now matches exactly this version.
        this.acceptNoOp(key, target.meta, target.body);
        this.log.info(`[fs] ${loc.host} page ${loc.pageId}: unchanged against v${target.meta.version}, nothing written`);
        return;
      }
      // Asked again if a conflict moved the target: the anchors that would go are those of that version.
      await this.confirmInlineComments(target, text);
      if (!messageAsked) {
        message = await this.versionMessage(target.meta.title);
        messageAsked = true;
      }
      let page: Page;
      try {
        page = await session.client.updatePage({
          id: loc.pageId,
          // The freshest title we know: an older one would revert a rename made meanwhile.
          title: this.metas.get(pk)?.meta.title ?? target.meta.title,
          status: 'current',
          body: { representation: 'storage', value: text },
          baseVersion: target.meta.version,
          ...(message ? { message } : {}),
        });
      } catch (e) {
        if (!ConfluenceError.is(e, 'conflict')) { throw e; }
        const remote = await this.fetchMeta(session, loc);
        this.log.info(`[fs] ${loc.host} page ${loc.pageId}: 409 writing on v${target.meta.version}; remote is v${remote.version}`);
        if (attempt > 0 || consent !== undefined || target.meta.version !== base?.version) {
          // We already wrote on top of the version VS Code (or the person) chose; it moved again.
          throw this.refusal(session, loc, base, remote, 'moved-again');
        }
        target = await this.decideOnNewerRemote(session, loc, base, seen, remote);
        continue;
      }
      this.acceptWrite(session, loc, key, pk, page, text);
      return;
    }
  }

  /** The base is behind the remote: may we write on top of the remote version? */
  private async decideOnNewerRemote(session: SiteSession, loc: PageLocation, base: VersionMeta, seen: VersionMeta | undefined,
    remote: PageMeta): Promise<WriteTarget> {
    const pk = pageKey(loc.host, loc.pageId);
    const baseBody = this.bodies.get(pk, base.version);
    let target: WriteTarget | undefined;
    let sameContent = false;
    if (baseBody) {
      // Only worth a body fetch when we can compare: a newer version with the base's exact body (a rename)
      // loses nobody's text.
      target = await this.targetAt(session, loc, remote, base);
      sameContent = target.body.text === baseBody.text;
    }
    const remoteSize = target?.body.size ?? this.bodies.get(pk, remote.version)?.size ?? -1;
    const d = decideConflict({ base, seen, remote: toVersionMeta(remote, remoteSize), remoteSameContentAsBase: sameContent });
    this.log.info(`[fs] ${loc.host} page ${loc.pageId}: base v${base.version}, remote v${remote.version}, `
      + `stat before write ${seen ? `v${seen.version}` : 'none'} -> ${d.action === 'overwrite' ? `write on v${d.onTopOf} (${d.why})` : `refuse (${d.reason})`}`);
    if (d.action === 'refuse') { throw this.refusal(session, loc, base, remote, d.reason); }
    return target ?? this.targetAt(session, loc, remote, base);
  }

  /** The body of `meta`'s version: cached, or fetched when it is still the current one. */
  private async targetAt(session: SiteSession, loc: PageLocation, meta: PageMeta, base: VersionMeta | undefined): Promise<WriteTarget> {
    const pk = pageKey(loc.host, loc.pageId);
    const cached = this.bodies.get(pk, meta.version);
    if (cached) { return { meta: this.versionMetas.get(`${pk}@${meta.version}`) ?? meta, body: cached }; }
    const snap = await this.fetchFull(session, loc);
    if (snap.meta.version !== meta.version) {
      // It moved on while we looked: treat like a 409 on the version we meant to replace.
      throw this.refusal(session, loc, base, snap.meta, 'moved-again');
    }
    return snap;
  }

  private async confirmInlineComments(target: WriteTarget, text: string): Promise<void> {
    const removed = removedInlineComments(target.body.text, text);
    if (removed.length === 0) { return; }
    const ok = await this.ui.confirmRemoveInlineComments(target.meta.title, removed.length);
    if (!ok) {
      throw new SaveRefused(`Not saved: the save would remove ${removed.length} inline comment${removed.length === 1 ? '' : 's'}' anchors `
        + '(<ac:inline-comment-marker>) and you chose Cancel. Your text is kept.');
    }
  }

  private async versionMessage(title: string): Promise<string | undefined> {
    const mode = this.settings.versionMessageMode();
    const fixed = this.settings.defaultVersionMessage().trim();
    if (mode === 'none') { return undefined; }
    if (mode === 'fixed') { return fixed || undefined; }
    const answer = await this.ui.askVersionMessage(title, fixed);
    if (answer === undefined) { throw new SaveRefused('Save cancelled (no version message was entered). Your text is kept.'); }
    return answer.trim() || undefined;
  }

  private acceptNoOp(key: string, meta: PageMeta, body: CachedBody): void {
    const now = this.clock.now();
    this.vscodeConflicts.delete(key);
    this.bases.set(key, { version: meta.version, mtime: meta.mtime, size: body.size }, now);
    this.pins.set(key, { meta, size: body.size, until: now + PIN_TTL_MS });
  }

  private acceptWrite(session: SiteSession, loc: PageLocation, key: string, pk: string, page: Page, sent: string): void {
    // Confluence may normalise storage on save; when it echoes the body, that is the truth for the
    // new version. Otherwise what we sent is.
    const stored = page.body?.representation === 'storage' ? page.body.value : sent;
    this.vscodeConflicts.delete(key);
    const snap = this.absorb(pk, page, stored);
    this.noteVisibility(pk, session.client.adminKeyActive());
    const now = this.clock.now();
    this.bases.set(key, { version: snap.meta.version, mtime: snap.meta.mtime, size: snap.body.size }, now);
    this.pins.set(key, { meta: snap.meta, size: snap.body.size, until: now + PIN_TTL_MS });
    this.log.info(`[fs] saved ${loc.host} page ${loc.pageId} as v${snap.meta.version} (${snap.body.size} bytes)`);
    for (const uri of this.openPageUris(loc.host, loc.pageId)) { this.fire(uri, vscode.FileChangeType.Changed); }
  }

  private refusal(session: SiteSession, loc: PageLocation, base: VersionMeta | undefined, remote: PageMeta, reason: RefusalReason): SaveRefused {
    this.log.warn(`[fs] refused save of ${loc.host} page ${loc.pageId}: ${reason} (base ${base ? `v${base.version}` : 'unknown'}, remote v${remote.version})`);
    return new SaveRefused(conflictMessage({
      title: remote.title, remote: { ...toVersionMeta(remote, 0), ...(remote.authorId !== undefined ? { authorId: remote.authorId } : {}) },
      reason, ...(base ? { baseVersion: base.version } : {}), ...(session.accountId ? { currentAccountId: session.accountId } : {}),
    }));
  }

  // --- fetching ----------------------------------------------------------------------------------

  private async statSnapshot(session: SiteSession, loc: PageLocation, fresh = false): Promise<{ meta: PageMeta; size: number }> {
    const pk = pageKey(loc.host, loc.pageId);
    const inflight = this.fullInflight.get(pk);
    if (inflight && !fresh) {
      const s = await inflight;
      return { meta: s.meta, size: s.body.size };
    }
    const cached = this.metas.get(pk);
    let meta: PageMeta;
    if (fresh) {
      meta = await this.fetchMeta(session, loc);
    } else if (cached && this.clock.now() - cached.at <= STAT_TTL_MS) {
      meta = cached.meta;
    } else if (this.bodies.hasAny(pk)) {
      meta = await this.fetchMeta(session, loc);
    } else {
      // Nothing cached: the size needs the body anyway, so one request gets both (and readFile, which
      // VS Code issues in parallel on open, joins it).
      const s = await this.fetchFull(session, loc);
      return { meta: s.meta, size: s.body.size };
    }
    const body = this.bodies.get(pk, meta.version);
    if (body) { return { meta, size: body.size }; }
    const s = await this.fetchFull(session, loc);
    return { meta: s.meta, size: s.body.size };
  }

  private async readSnapshot(session: SiteSession, loc: PageLocation, key: string): Promise<Snapshot> {
    const pk = pageKey(loc.host, loc.pageId);
    const inflight = this.fullInflight.get(pk);
    if (inflight) { return inflight; }
    // Answer from the same version the stat just reported (VS Code pairs them as one baseline).
    const seen = this.lastStat.get(key);
    if (seen && this.clock.now() - seen.at <= STAT_TTL_MS) {
      const body = this.bodies.get(pk, seen.meta.version);
      if (body) { return { meta: seen.meta, body }; }
    }
    // VS Code's stat may still be waiting for the permission check: the version it will report is
    // the one just learnt (e.g. primed by Open Page), whose body is cached.
    const cached = this.metas.get(pk);
    if (cached && this.clock.now() - cached.at <= STAT_TTL_MS) {
      const body = this.bodies.get(pk, cached.meta.version);
      if (body) { return { meta: cached.meta, body }; }
    }
    return this.fetchFull(session, loc);
  }

  private fetchFull(session: SiteSession, loc: PageLocation): Promise<Snapshot> {
    const pk = pageKey(loc.host, loc.pageId);
    let p = this.fullInflight.get(pk);
    if (!p) {
      p = (async () => {
        const keyOn = session.client.adminKeyActive();
        // The permitted operations come with the body, so opening a page is one request.
        const page = await session.client.getPage(loc.pageId, { bodyFormat: 'storage', includeOperations: true });
        this.noteVisibility(pk, keyOn);
        this.rememberOperations(loc.host, page, keyOn);
        return this.absorb(pk, page, page.body?.value ?? '');
      })().finally(() => this.fullInflight.delete(pk));
      this.fullInflight.set(pk, p);
    }
    return p;
  }

  private fetchMeta(session: SiteSession, loc: PageLocation): Promise<PageMeta> {
    const pk = pageKey(loc.host, loc.pageId);
    let p = this.metaInflight.get(pk);
    if (!p) {
      p = (async () => {
        const keyOn = session.client.adminKeyActive();
        const page = await session.client.getPageVersion(loc.pageId);
        this.noteVisibility(pk, keyOn);
        const meta = pageMetaFrom(page);
        this.rememberVersionMeta(pk, meta);
        return this.metas.update(pk, meta, this.clock.now());
      })().finally(() => this.metaInflight.delete(pk));
      this.metaInflight.set(pk, p);
    }
    return p;
  }

  private absorb(pk: string, page: Page, bodyText: string): Snapshot {
    const meta = pageMetaFrom(page);
    this.metas.update(pk, meta, this.clock.now());
    this.rememberVersionMeta(pk, meta);
    const body = this.bodies.set(pk, meta.version, bodyText);
    return { meta, body };
  }

  private rememberVersionMeta(pk: string, meta: PageMeta): void {
    if (this.versionMetas.size > 1000) { this.versionMetas.clear(); }
    this.versionMetas.set(`${pk}@${meta.version}`, meta);
  }

  private noteVisibility(pk: string, adminKeyWasOn: boolean): void {
    // Success with the key off proves the page is visible without it.
    if (adminKeyWasOn) { this.readWithKey.add(pk); } else { this.readWithKey.delete(pk); }
  }

  private adminKeyLapsed(session: SiteSession, pk: string): boolean {
    return this.readWithKey.has(pk) && !session.client.adminKeyActive();
  }

  /** Keeps the permitted operations a page read brought along (include-operations). */
  private rememberOperations(host: string, page: Page, adminKeyWasOn: boolean): void {
    if (!page.operations) return;
    this.operations.set(`${pageKey(host, page.id)}|${adminKeyWasOn ? 'key' : 'nokey'}`,
      { canUpdate: page.operations.some(o => o.operation === 'update'), at: this.clock.now() });
  }

  private async canUpdate(session: SiteSession, loc: PageLocation): Promise<boolean | undefined> {
    const k = `${pageKey(loc.host, loc.pageId)}|${session.client.adminKeyActive() ? 'key' : 'nokey'}`;
    const now = this.clock.now();
    const entry = this.operations.get(k);
    if (entry?.pending) { return entry.pending; }
    if (entry && now - entry.at <= OPERATIONS_TTL_MS) { return entry.canUpdate; }
    const pending = (async () => {
      try {
        const ops = await session.client.permittedOperations(loc.pageId);
        const canUpdate = ops.some(o => o.operation === 'update');
        this.operations.set(k, { canUpdate, at: this.clock.now() });
        return canUpdate;
      } catch (e) {
        // Unknown is not read-only: the save itself is checked by Confluence.
        this.log.debug(`[fs] operations of ${loc.host} page ${loc.pageId}: ${String(e)}`);
        this.operations.delete(k);
        return undefined;
      }
    })();
    this.operations.set(k, { canUpdate: entry?.canUpdate, at: entry?.at ?? 0, pending });
    return pending;
  }

  private async versionStat(loc: PageLocation): Promise<vscode.FileStat> {
    const snap = await this.versionSnapshot(loc);
    return fileStat(snap.meta, snap.body.size, true);
  }

  private async versionSnapshot(loc: PageLocation): Promise<Snapshot> {
    const version = loc.version ?? 0;
    const pk = pageKey(loc.host, loc.pageId);
    const cached = this.bodies.get(pk, version);
    const meta = this.versionMetas.get(`${pk}@${version}`);
    if (cached && meta) { return { meta, body: cached }; }
    const session = this.requireSession(loc.host);
    let snap: Snapshot;
    try {
      snap = await this.fetchFull(session, loc);
    } catch (e) {
      throw this.fsError(e, this.errorContext(session, loc, 'read'));
    }
    if (snap.meta.version !== version) {
      throw vscode.FileSystemError.FileNotFound(`Version ${version} of "${snap.meta.title}" is no longer available here `
        + `(the page is at version ${snap.meta.version}). Run "Confluence: Compare with Remote" again.`);
    }
    return snap;
  }

  // --- helpers -----------------------------------------------------------------------------------

  private locate(uri: vscode.Uri): PageLocation {
    try {
      return parsePageUri(uri);
    } catch (e) {
      throw vscode.FileSystemError.FileNotFound(e instanceof PageUriError ? e.message : String(e));
    }
  }

  private requireSession(host: string): SiteSession {
    const session = this.sites.sessionForHost(host);
    if (!session) {
      throw vscode.FileSystemError.Unavailable(`Not signed in to ${host}. Run "Confluence: Add Site…" (or sign in again), then reopen or save; your text is kept.`);
    }
    return session;
  }

  private errorContext(session: SiteSession, loc: PageLocation, operation: 'read' | 'write'): ErrorContext {
    const pk = pageKey(loc.host, loc.pageId);
    const title = this.metas.get(pk)?.meta.title;
    return {
      operation, pageId: loc.pageId, host: loc.host,
      ...(title !== undefined ? { title } : {}),
      adminKeyOff: session.site.adminKeySupported && !session.client.adminKeyActive(),
      readWithAdminKey: this.readWithKey.has(pk),
    };
  }

  private fsError(e: unknown, ctx: ErrorContext): vscode.FileSystemError {
    if (e instanceof vscode.FileSystemError) { return e; }
    if (e instanceof SaveRefused) { return vscode.FileSystemError.Unavailable(e.message); }
    const mapped: FsErrorText = fsErrorFor(e, ctx);
    this.log.warn(`[fs] ${ctx.operation} ${ctx.host} page ${ctx.pageId}: ${mapped.code}: ${mapped.message}`);
    switch (mapped.code) {
      case 'FileNotFound': return vscode.FileSystemError.FileNotFound(mapped.message);
      case 'NoPermissions': return vscode.FileSystemError.NoPermissions(mapped.message);
      case 'Unavailable': return vscode.FileSystemError.Unavailable(mapped.message);
      case 'Unknown': return new vscode.FileSystemError(mapped.message);
    }
  }

  private isSaving(key: string): boolean {
    const r = this.saveReasons.get(key);
    return r !== undefined && this.clock.now() - r.at <= SAVE_REASON_TTL_MS;
  }

  private recordSaveStat(key: string, meta: PageMeta, size: number): void {
    const base = this.bases.get(key);
    const entry = this.vscodeConflicts.get(key) ?? {};
    // No write followed the previous save stat: VS Code stopped that save and showed its version.
    if (entry.pending) entry.shown = entry.pending;
    entry.pending = base && meta.mtime > base.mtime && size !== base.size ? toVersionMeta(meta, size) : undefined;
    this.vscodeConflicts.set(key, entry);
  }

  /** A write arrived: the pending save stat did not stop it. Returns the version VS Code showed, if any. */
  private takeShownConflict(key: string): VersionMeta | undefined {
    const entry = this.vscodeConflicts.get(key);
    if (!entry) return undefined;
    entry.pending = undefined;
    return entry.shown;
  }

  private recordSeen(key: string, meta: PageMeta, size: number): void {
    this.lastStat.set(key, { meta, size, at: this.clock.now() });
  }

  private takeSaveReason(key: string): number | undefined {
    const r = this.saveReasons.get(key);
    this.saveReasons.delete(key);
    return r && this.clock.now() - r.at <= SAVE_REASON_TTL_MS ? r.reason : undefined;
  }

  /** Open live-page documents (optionally of one page). */
  private openPageUris(host?: string, pageId?: string): vscode.Uri[] {
    const out: vscode.Uri[] = [];
    for (const doc of this.documents.all()) {
      const loc = this.tryLocate(doc.uri);
      if (!loc || loc.version !== undefined) { continue; }
      if (host !== undefined && (loc.host !== host || loc.pageId !== pageId)) { continue; }
      out.push(doc.uri);
    }
    return out;
  }

  private fire(uri: vscode.Uri, type: vscode.FileChangeType): void {
    const key = uri.toString();
    if (!this.pendingEvents.some(e => e.type === type && e.uri.toString() === key)) {
      this.pendingEvents.push({ type, uri });
    }
    this.flushTimer ??= this.clock.setTimeout(() => {
      this.flushTimer = undefined;
      const events = this.pendingEvents;
      this.pendingEvents = [];
      if (events.length > 0) { this.changeEmitter.fire(events); }
    }, EVENT_BATCH_MS);
  }
}

/** Document identity for bases, stats and consents: the URI without a fragment. */
export function uriKey(uri: vscode.Uri): string {
  return uri.with({ fragment: '' }).toString();
}

function toVersionMeta(meta: PageMeta, size: number): VersionMeta {
  return { version: meta.version, mtime: meta.mtime, size };
}

function fileStat(meta: PageMeta, size: number, readonly: boolean): vscode.FileStat {
  return {
    type: vscode.FileType.File,
    ctime: meta.ctime,
    mtime: meta.mtime,
    size,
    ...(readonly ? { permissions: vscode.FilePermission.Readonly } : {}),
  };
}

/**
 * `/`, `/<space>` and `/<space>/<page id>` are directories: VS Code stats parent folders before some
 * writes (mkdirp), and must find them.
 */
function directoryStat(uri: vscode.Uri): vscode.FileStat | undefined {
  const segments = uri.path.split('/').filter(s => s !== '');
  if (segments.length >= 3) { return undefined; }
  return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
}
