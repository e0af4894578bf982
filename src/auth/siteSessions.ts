import * as vscode from 'vscode';
import type { ConfluenceClient } from '../confluence/client';
import { API_TOKENS_URL, ConfluenceError } from '../confluence/errors';
import type { SiteRecord, SiteSession } from '../confluence/siteSession';
import { ContextKeys } from '../constants';
import type { SessionDirectory } from '../pages/pageRepository';
import type { SiteStore } from './siteStore';

export type ClientFactory = (site: SiteRecord, token: string) => ConfluenceClient;

/**
 * One client per signed-in site, rebuilt when the site's record or token changes (here or in
 * another window). A 401 marks the site's credentials invalid: its client is dropped so no further
 * call reaches Confluence with a rejected token, and the person is offered to sign in again.
 */
export class SiteSessions implements SessionDirectory, vscode.Disposable {
  private readonly sessions = new Map<string, { session: SiteSession; token: string; settings: number }>();
  /** Bumped when settings every request depends on (proxy, timeouts) change. */
  private settingsGeneration = 0;
  private readonly invalid = new Set<string>();
  /** 401s already turned into a "Sign In Again" offer (or a scope explanation), so nobody shows them a second time. */
  private readonly handled = new WeakSet<object>();
  /** origin|scope pairs already reported, so a missing scope is explained once, not on every request. */
  private readonly scopeWarned = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the set of sessions (or their validity) changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private reloading: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: SiteStore,
    private readonly createClient: ClientFactory,
    private readonly log: vscode.LogOutputChannel,
    private readonly onSignInAgain: (site: SiteRecord) => void,
  ) {
    this.subscriptions.push(store.onDidChange(() => void this.reload()));
  }

  /** Re-reads records and tokens; serialised so overlapping changes cannot interleave. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.doReload(), () => this.doReload());
    return this.reloading;
  }

  /** Settings that shape every request (proxy, timeouts) changed: make new clients. */
  rebuildClients(): Promise<void> {
    // Replaced one by one in the reload, so a site is never without a client in between.
    this.settingsGeneration++;
    return this.reload();
  }

  /** The site records the last reload saw (a record without a token still changes what the tree shows). */
  private lastRecords: string | undefined;

  private async doReload(): Promise<void> {
    const records = this.store.list();
    const seen = new Set<string>();
    // Listeners re-list the tree on a change, so a reload that changed nothing (a late SecretStorage
    // event, a second window's write of the same token) must not announce one.
    const recordsNow = JSON.stringify(records);
    let changed = recordsNow !== this.lastRecords;
    this.lastRecords = recordsNow;
    for (const site of records) {
      seen.add(site.origin);
      const token = await this.store.token(site.origin);
      const existing = this.sessions.get(site.origin);
      if (!token) {
        if (existing) { this.drop(site.origin); changed = true; }
        continue;
      }
      const unchanged = existing && existing.token === token && existing.settings === this.settingsGeneration
        && JSON.stringify(existing.session.site) === JSON.stringify(site);
      if (unchanged) continue;
      // New credentials (for instance signed in again from another window) clear an earlier 401.
      this.invalid.delete(site.origin);
      this.sessions.set(site.origin, { session: { site, client: this.createClient(site, token) }, token, settings: this.settingsGeneration });
      if (existing) void existing.session.client.dispose();
      changed = true;
      this.log.info(`[auth] session ready for ${site.host} (${site.tokenKind} token, ${site.displayName})`);
    }
    for (const origin of [...this.sessions.keys()]) {
      if (!seen.has(origin)) { this.drop(origin); changed = true; }
    }
    for (const origin of [...this.invalid]) {
      if (!seen.has(origin)) { this.invalid.delete(origin); changed = true; }
    }
    // Listeners (the tree forgets what it listed) hear of the change before anything else is awaited,
    // so nobody who can see the new sessions reads a listing made without them.
    if (changed) this.changed.fire();
    await this.updateContext();
  }

  private drop(origin: string): void {
    const entry = this.sessions.get(origin);
    this.sessions.delete(origin);
    if (entry) void entry.session.client.dispose();
  }

  private async updateContext(): Promise<void> {
    const sites = this.store.list();
    await vscode.commands.executeCommand('setContext', ContextKeys.signedIn, sites.length > 0);
    await vscode.commands.executeCommand('setContext', ContextKeys.multipleSites, sites.length > 1);
  }

  /** Every known site, signed in or not, in the order they were added. */
  sites(): SiteRecord[] {
    return this.store.list();
  }

  all(): SiteSession[] {
    return [...this.sessions.values()].map((e) => e.session);
  }

  get(origin: string): SiteSession | undefined {
    return this.sessions.get(origin)?.session;
  }

  /** The session of the site whose URI authority (confluence://<authority>/…) this is. */
  forAuthority(authority: string): SiteSession | undefined {
    return this.all().find((s) => s.site.host === authority);
  }

  isInvalid(origin: string): boolean {
    return this.invalid.has(origin);
  }

  /**
   * Every feature reports its Confluence failures here. Only refused credentials change anything: a
   * rejected token (wrong, revoked or expired) drops the site's client, so nothing else is sent with
   * it, and offers to sign in again. A scoped token that lacks a scope is not a bad token: the site
   * stays, and the person is told once per scope what is missing and how to get it.
   */
  reportError(origin: string, error: unknown): void {
    if (!ConfluenceError.is(error, 'unauthorized')) return;
    this.handled.add(error);
    const site = this.store.get(origin);
    if (error.reason === 'scope') {
      const key = `${origin}|${error.scope ?? '?'}`;
      if (this.scopeWarned.has(key)) return;
      this.scopeWarned.add(key);
      this.log.warn(`[auth] ${site?.host ?? origin}: the scoped token lacks ${error.scope ?? 'a scope'} (${error.method ?? ''} ${error.path ?? ''}); the site stays signed in`);
      void vscode.window.showWarningMessage(error.message);
      return;
    }
    if (this.invalid.has(origin)) return;
    this.invalid.add(origin);
    this.drop(origin);
    this.log.warn(`[auth] ${site?.host ?? origin}: credentials rejected (${error.status ?? 401}); calls to this site stopped until you sign in again`);
    this.changed.fire();
    if (site) {
      const signInAgain = vscode.l10n.t('Sign In Again');
      const createToken = vscode.l10n.t('Create Token');
      void vscode.window
        .showWarningMessage(vscode.l10n.t('Confluence rejected the API token for {0}: it may have expired (API tokens last at most a year) or been revoked. Create a new token and sign in again to keep working with this site.',
          site.host), signInAgain, createToken)
        .then((choice) => {
          if (choice === signInAgain) this.onSignInAgain(site);
          if (choice === createToken) void vscode.env.openExternal(vscode.Uri.parse(API_TOKENS_URL));
        });
    }
  }

  /** Whether this 401 was already reported (the person has been offered to sign in again). */
  wasHandled(error: unknown): boolean {
    return typeof error === 'object' && error !== null && this.handled.has(error);
  }

  dispose(): void {
    for (const origin of [...this.sessions.keys()]) this.drop(origin);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
