import * as vscode from 'vscode';
import type { SearchResult } from '../confluence/types';
import { ConfluenceError } from '../confluence/errors';
import type { SiteSessions } from '../auth/siteSessions';
import { searchToCql } from './model/cql';

export interface SearchHit extends SearchResult {
  readonly origin: string;
}

const DEBOUNCE_MS = 250;
const RESULT_LIMIT = 25;

/**
 * `Confluence: Search…`: a quick pick that searches (CQL, v1) as you type. Each keystroke cancels
 * the request in flight and waits for a pause before sending the next, so a fast typist costs one
 * request, not one per letter.
 */
export class SearchCommand {
  constructor(
    private readonly sessions: SiteSessions,
    private readonly open: (hit: SearchHit) => Thenable<unknown>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Searches every signed-in site (or one) and merges the results. Used by the quick pick and by callers with a query. */
  async search(query: string, signal?: AbortSignal, origin?: string): Promise<SearchHit[]> {
    const cql = searchToCql(query);
    if (!cql) return [];
    const sessions = this.sessions.all().filter((s) => !origin || s.site.origin === origin);
    const perSite = await Promise.all(sessions.map(async (s) => {
      try {
        const results = await s.client.search(cql, { limit: RESULT_LIMIT, ...(signal ? { signal } : {}) });
        return results.map((r): SearchHit => ({ ...r, origin: s.site.origin }));
      } catch (error) {
        this.sessions.reportError(s.site.origin, error);
        throw error;
      }
    }));
    return perSite.flat();
  }

  /** With a query (a test, a link): search once and return the hits. Without: the interactive quick pick. */
  async run(args?: { query?: string; origin?: string }): Promise<SearchHit[] | undefined> {
    if (args?.query !== undefined) return this.search(args.query, undefined, args.origin);
    if (this.sessions.all().length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Sign in to a Confluence site first ("Confluence: Add Site…").'));
      return undefined;
    }
    return this.pick();
  }

  private pick(): Promise<undefined> {
    type Item = vscode.QuickPickItem & { hit?: SearchHit };
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = vscode.l10n.t('Search Confluence');
    qp.placeholder = vscode.l10n.t('Words to find in page titles and text, label:name to keep pages with a label, or a CQL query (e.g. space = ENG AND title ~ "release")');
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    const multipleSites = this.sessions.all().length > 1;
    let inFlight: AbortController | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const runQuery = (value: string) => {
      inFlight?.abort();
      if (timer) clearTimeout(timer);
      if (!value.trim()) {
        qp.items = [];
        qp.busy = false;
        return;
      }
      qp.busy = true;
      timer = setTimeout(() => {
        const abort = new AbortController();
        inFlight = abort;
        this.search(value, abort.signal).then((hits) => {
          if (abort.signal.aborted) return;
          qp.items = hits.length > 0
            ? hits.map((hit) => ({
              label: hit.title,
              description: [hit.spaceName ?? hit.spaceKey, multipleSites ? new URL(hit.origin).host : undefined].filter(Boolean).join(' · '),
              detail: hit.excerpt?.replace(/\s+/g, ' ').trim() || undefined,
              // The results are already what the server matched; the quick pick must not filter them again.
              alwaysShow: true,
              hit,
            }))
            : [{ label: vscode.l10n.t('No pages found'), alwaysShow: true }];
          qp.busy = false;
        }, (error: unknown) => {
          if (abort.signal.aborted || ConfluenceError.is(error, 'cancelled')) return;
          qp.busy = false;
          const message = error instanceof Error ? error.message : String(error);
          this.log.warn(`[search] ${message}`);
          qp.items = [{ label: `$(error) ${vscode.l10n.t('Search failed')}`, detail: message, alwaysShow: true }];
        });
      }, DEBOUNCE_MS);
    };

    return new Promise((resolve) => {
      qp.onDidChangeValue(runQuery);
      qp.onDidAccept(() => {
        const hit = qp.selectedItems[0]?.hit;
        if (!hit) return;
        qp.hide();
        void this.open(hit);
      });
      qp.onDidHide(() => {
        inFlight?.abort();
        if (timer) clearTimeout(timer);
        qp.dispose();
        resolve(undefined);
      });
      qp.show();
    });
  }
}
