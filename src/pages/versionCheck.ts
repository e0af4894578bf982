// The background version check of open page documents, every N minutes (0 = off): one cheap request
// per open page. A newer version tells clean editors to reload (dirty ones meet the conflict rules at
// save); a page gone tells its editors. Only pages open in an editor are checked, and a page goes
// without the admin key unless its last read needed the key: every keyed read is audited by
// Confluence and may notify the page's owners.

import { ConfluenceError } from '../confluence/errors';
import type { Logger } from '../util/logger';
import type { Clock } from '../util/clock';
import type { BaseStore } from './baseVersions';
import type { PageRepository } from './pageRepository';
import { pageKey, type PageLocation } from './pageUri';

export interface OpenDocument { doc: string; loc: PageLocation }

export interface VersionCheckDeps {
  repository: PageRepository;
  bases: BaseStore;
  clock: Clock;
  intervalMinutes: () => number;
  /** The page documents open in an editor now (not documents VS Code merely keeps loaded). */
  openDocuments: () => OpenDocument[];
  /** The page has a newer version than `doc` (or it needs re-reading). */
  onChanged: (doc: string) => void;
  onDeleted: (doc: string) => void;
  /** The page was checked (whatever the answer): what is refreshed with the check (comments) follows it. */
  onChecked?: (loc: PageLocation) => void;
  log: Pick<Logger, 'debug' | 'warn'>;
}

export class VersionCheck {
  private timer: { cancel(): void } | undefined;
  private running = false;
  private disposed = false;

  constructor(private readonly deps: VersionCheckDeps) {}

  /** (Re)starts the timer from the current setting; call after a configuration change. */
  reschedule(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.disposed) { return; }
    const minutes = this.deps.intervalMinutes();
    if (!(minutes > 0)) { return; }
    this.timer = this.deps.clock.setTimeout(() => { void this.tick(); }, minutes * 60_000);
  }

  /** One check of every open page now. */
  async checkNow(): Promise<void> {
    const byPage = new Map<string, { loc: PageLocation; docs: string[] }>();
    for (const { doc, loc } of this.deps.openDocuments()) {
      if (loc.version !== undefined) { continue; }
      const pk = pageKey(loc.host, loc.pageId);
      const entry = byPage.get(pk) ?? { loc, docs: [] };
      entry.docs.push(doc);
      byPage.set(pk, entry);
    }
    const { repository } = this.deps;
    for (const { loc, docs } of byPage.values()) {
      const session = repository.sessionIfAny(loc);
      if (!session) { continue; }
      try {
        const meta = await repository.fetchMeta(session, loc, { withoutAdminKey: !repository.wasReadWithKey(loc), priority: 'background' });
        for (const doc of docs) {
          const base = this.deps.bases.get(doc);
          if (!base || meta.version > base.version) { this.deps.onChanged(doc); }
        }
        this.deps.onChecked?.(loc);
      } catch (e) {
        if (ConfluenceError.is(e, 'notFound')) {
          const lapsed = repository.adminKeyLapsed(session, loc);
          for (const doc of docs) { if (lapsed) { this.deps.onChanged(doc); } else { this.deps.onDeleted(doc); } }
        } else {
          this.deps.log.debug(`[pages] version check of ${loc.host} page ${loc.pageId} failed: ${String(e)}`);
        }
      }
    }
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.running) {
      this.running = true;
      try {
        await this.checkNow();
      } catch (e) {
        this.deps.log.warn(`[pages] version check failed: ${String(e)}`);
      } finally {
        this.running = false;
      }
    }
    this.reschedule();
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.cancel();
    this.timer = undefined;
  }
}
