// The page layer, assembled: one repository of page reads, the base version of every document
// (persisted in the workspace's store), the save handshake and coordinator, document views, the
// background version check, and the events that tell editors a page changed. Building it again over
// the same store is exactly what a window restart does: in-memory knowledge is gone, bases survive.

import type { Logger } from '../util/logger';
import type { Clock } from '../util/clock';
import type { Page } from '../confluence/types';
import { Listeners } from '../util/listeners';
import { BaseStore, type KeyValueStore } from './baseVersions';
import { DocumentViews, storageCodec, type FormatCodec } from './documentFormats';
import { NOTHING_LOST, type LossReport } from './lossReport';
import { PageDocuments } from './pageDocuments';
import { PageRepository, type AdminKeyRecheck, type SessionDirectory } from './pageRepository';
import type { PageFormat, PageLocation } from './pageUri';
import { SaveCoordinator, type SaveQuestions, type SaveSettings } from './saveCoordinator';
import { SaveHandshake } from './saveHandshake';
import { VersionCheck, type OpenDocument } from './versionCheck';

/** A page changed outside the document that shows it (a save in another form, a rename, the version check). */
export type PageChange =
  | { kind: 'changed' | 'deleted'; host: string; pageId: string }
  /** One document must re-read (its page moved on, or Confluence stored its text differently). */
  | { kind: 'document'; doc: string; reason: 'newer' | 'normalised' | 'deleted' };

export interface PageLayerDeps {
  sessions: SessionDirectory;
  /** Asked again when a request that carried the admin key found nothing (did the key lapse?). */
  adminKey?: AdminKeyRecheck;
  /** The workspace's store: base versions survive a restart there. */
  store: KeyValueStore;
  clock: Clock;
  log: Pick<Logger, 'debug' | 'info' | 'warn'>;
  questions: SaveQuestions;
  settings: SaveSettings & { versionCheckIntervalMinutes(): number };
  openDocuments: () => OpenDocument[];
  /** How a form other than storage converts (the Markdown converter, loaded on first use). */
  codecFor?: (format: PageFormat) => FormatCodec;
  /** What a save would remove (comment anchors, macros…); by default nothing is checked. */
  losses?: (before: string, after: string) => LossReport;
}

export class PageLayer {
  readonly repository: PageRepository;
  readonly documents: PageDocuments;
  readonly saves: SaveCoordinator;
  readonly versionCheck: VersionCheck;
  readonly bases: BaseStore;
  private readonly changes = new Listeners<PageChange>();
  private readonly checks = new Listeners<PageLocation>();

  constructor(deps: PageLayerDeps) {
    this.repository = new PageRepository(deps);
    this.bases = new BaseStore(deps.store, (e) => deps.log.warn(`[pages] could not persist base versions: ${String(e)}`));
    const handshake = new SaveHandshake(deps.clock);
    const views = new DocumentViews((format) => (format === 'storage' || !deps.codecFor ? storageCodec : deps.codecFor(format)));
    this.saves = new SaveCoordinator({
      repository: this.repository, bases: this.bases, handshake, views, questions: deps.questions, settings: deps.settings,
      losses: deps.losses ?? (() => NOTHING_LOST), clock: deps.clock, log: deps.log,
      onWritten: (loc) => this.changes.fire({ kind: 'changed', host: loc.host, pageId: loc.pageId }),
    });
    this.documents = new PageDocuments({
      repository: this.repository, bases: this.bases, handshake, views, saves: this.saves, clock: deps.clock, log: deps.log,
      onReread: (doc) => this.changes.fire({ kind: 'document', doc, reason: 'normalised' }),
    });
    this.versionCheck = new VersionCheck({
      repository: this.repository, bases: this.bases, clock: deps.clock, log: deps.log,
      intervalMinutes: () => deps.settings.versionCheckIntervalMinutes(), openDocuments: deps.openDocuments,
      onChanged: (doc) => this.changes.fire({ kind: 'document', doc, reason: 'newer' }),
      onDeleted: (doc) => this.changes.fire({ kind: 'document', doc, reason: 'deleted' }),
      onChecked: (loc) => this.checks.fire(loc),
    });
    this.versionCheck.reschedule();
  }

  onDidChange(listener: (change: PageChange) => void): { dispose(): void } {
    return this.changes.on(listener);
  }

  /** The background version check looked at this open page (what refreshes with it, such as comments, follows). */
  onDidCheck(listener: (loc: PageLocation) => void): { dispose(): void } {
    return this.checks.on(listener);
  }

  /** A page read elsewhere (Open Page, a created page) with its body: opening it is then free. */
  prime(host: string, page: Page, adminKeyWasOn?: boolean): void {
    this.repository.absorbPage(host, page, adminKeyWasOn);
  }

  /** A page created through us: known at once, and its first reads may still answer 404 for a moment. */
  pageCreated(host: string, page: Page): void {
    this.repository.absorbCreated(host, page);
  }

  /** The page changed through another path (rename, move): clean editors re-read it. */
  pageChanged(loc: Pick<PageLocation, 'host' | 'pageId'>): void {
    this.repository.invalidate(loc);
    this.changes.fire({ kind: 'changed', host: loc.host, pageId: loc.pageId });
  }

  /**
   * Confluence changed the page's current body without a new version (an inline comment was added):
   * the cached body is dropped, clean editors re-read, and a dirty one's save compares with the body
   * Confluence has now, so removing the new marker is a removal the save asks about (docs/SAVING.md,
   * comment-in-place).
   */
  bodyChangedInPlace(loc: Pick<PageLocation, 'host' | 'pageId'>): void {
    this.repository.bodyChangedInPlace(loc);
    this.changes.fire({ kind: 'changed', host: loc.host, pageId: loc.pageId });
  }

  /** The page went to the trash through us: its editors show it deleted; saves are refused. */
  pageDeleted(loc: Pick<PageLocation, 'host' | 'pageId'>): void {
    this.repository.forget(loc);
    this.changes.fire({ kind: 'deleted', host: loc.host, pageId: loc.pageId });
  }

  dispose(): void {
    this.versionCheck.dispose();
  }
}
