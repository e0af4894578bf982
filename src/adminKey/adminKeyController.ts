import * as vscode from 'vscode';
import type { CurrentSite } from '../auth/currentSite';
import type { SiteSessions } from '../auth/siteSessions';
import { ConfluenceError } from '../confluence/errors';
import type { SiteRecord } from '../confluence/siteSession';
import { StateKeys } from '../constants';
import type { Prompts } from '../platform/prompts';
import type { ExtensionSettings } from '../platform/settings';
import type { Clock } from '../util/clock';
import { AdminKeyStatusItem } from './adminKeyStatusItem';
import { AdminKeyEvent, AdminKeyState, initialState, minutesLeft, transition, unavailableReasonText } from './model/adminKeyState';
import type { AdminKeyStore } from './model/adminKeyStore';

/** Arguments a caller (a test, a link) may pass to the admin-key commands instead of answering prompts. */
export interface AdminKeyCommandArgs {
  /** Site origin; defaults to the current site. */
  origin?: string;
  /** Duration for enable/extend, 1–60; skips the duration pick (never the first-use confirmation). */
  minutes?: number;
}

export interface AdminKeyControllerDeps {
  store: AdminKeyStore;
  sessions: SiteSessions;
  currentSite: CurrentSite;
  settings: ExtensionSettings;
  clock: Clock;
  globalState: vscode.Memento;
  log: vscode.LogOutputChannel;
  prompts: Prompts;
}

/** A focus check at most this often: alt-tabbing back and forth must not cost a request each time. */
const FOCUS_CHECK_MIN_INTERVAL_MS = 30_000;
/** A 404 on a request that carried the key re-reads the key at most this often. */
const LAPSE_CHECK_MIN_INTERVAL_MS = 10_000;

/**
 * Keeps each site's admin-key state in the one store every client asks: checks it at sign-in and
 * when the window regains focus after an absence (never because the window merely went idle),
 * re-reads it when a request that carried the key was answered 404 (the key may have lapsed on the
 * server), counts down locally (no polling), and warns before expiry.
 */
export class AdminKeyController implements vscode.Disposable {
  /** The client each state was learnt with: a new client (new token, new settings) starts over. */
  private readonly clients = new Map<string, unknown>();
  private readonly timers = new Map<string, { cancel(): void }[]>();
  private readonly inflight = new Map<string, Promise<AdminKeyState>>();
  private readonly lastChecked = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with a site origin when that site's key turned on or off (the tree re-lists then). */
  readonly onDidChangeKey = this.changed.event;
  private readonly item: AdminKeyStatusItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private lastFocusCheck = 0;
  private focused = vscode.window.state.focused;

  constructor(private readonly deps: AdminKeyControllerDeps) {
    this.item = new AdminKeyStatusItem(deps.clock);
    this.subscriptions.push(
      this.item,
      deps.sessions.onDidChange(() => this.syncSites()),
      deps.currentSite.onDidChange(() => this.render()),
      vscode.window.onDidChangeWindowState((w) => this.windowStateChanged(w)),
      deps.store.onKeyedRequestNotFound((origin) => { void this.recheck(origin); }),
    );
  }

  /**
   * VS Code also reports a window that went idle ({ focused: true, active: false }) and back: only focus
   * regained after being away counts — an idle window costs no request.
   */
  windowStateChanged(state: { focused: boolean; active?: boolean }): void {
    const regained = state.focused && !this.focused;
    this.focused = state.focused;
    if (regained) this.checkOnFocus();
  }

  stateOf(origin: string): AdminKeyState {
    return this.deps.store.get(origin) ?? initialState(this.site(origin));
  }

  isActive(origin: string): boolean {
    return this.deps.store.isActive(origin);
  }

  /** The status item's current text (tests read it through the test API). */
  statusText(): string {
    return this.item.text;
  }

  /** GET /admin-key. Never POST: enabling a key to find out would be audited and emailed. */
  check(origin: string): Promise<AdminKeyState> {
    let p = this.inflight.get(origin);
    if (!p) {
      p = this.doCheck(origin).finally(() => {
        this.inflight.delete(origin);
        this.lastChecked.set(origin, this.deps.clock.now());
      });
      this.inflight.set(origin, p);
    }
    return p;
  }

  /**
   * Re-reads the key after Confluence answered 404 to a request that carried it; at most one such
   * check at a time and per few seconds. Resolves to whether the key is on afterwards.
   */
  async recheck(origin: string): Promise<boolean> {
    const wasActive = this.isActive(origin);
    const inflight = this.inflight.get(origin);
    if (inflight) {
      await inflight;
    } else if (this.deps.clock.now() - (this.lastChecked.get(origin) ?? Number.NEGATIVE_INFINITY) >= LAPSE_CHECK_MIN_INTERVAL_MS) {
      await this.check(origin);
    }
    const active = this.isActive(origin);
    if (wasActive && !active) {
      this.deps.log.info(`[admin-key] ${this.site(origin)?.host ?? origin}: the key is no longer active on Confluence`);
    }
    return active;
  }

  async refresh(args?: AdminKeyCommandArgs): Promise<AdminKeyState | undefined> {
    const site = this.siteFor(args);
    if (!site) return undefined;
    // A refresh re-learns "not available" from the site record; a key that is on stays on meanwhile.
    const state = this.stateOf(site.origin);
    if (state.kind === 'unavailable' || state.kind === 'error') this.deps.store.set(site.origin, initialState(site));
    return this.check(site.origin);
  }

  async enable(args?: AdminKeyCommandArgs): Promise<AdminKeyState | undefined> {
    const site = this.siteFor(args);
    if (!site) return undefined;
    const session = this.deps.sessions.get(site.origin);
    const state = this.stateOf(site.origin);
    if (state.kind === 'unavailable') {
      void vscode.window.showWarningMessage(vscode.l10n.t('Admin key for {0}: {1}', site.host, unavailableReasonText(state.reason)));
      return state;
    }
    if (!session) return state;
    const minutes = args?.minutes
      ?? await this.item.pickDuration(state.kind === 'on' ? vscode.l10n.t('Extend the admin key') : vscode.l10n.t('Enable the admin key'), this.deps.settings.adminKeyDefaultDurationMinutes());
    if (minutes === undefined) return state;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
      throw new Error(vscode.l10n.t('The admin key lasts 1 to 60 minutes; {0} is out of range.', minutes));
    }
    if (!await this.confirmFirstUse(site)) return state;
    try {
      const status = await session.client.enableAdminKey(minutes);
      this.apply(site.origin, { type: 'enabled', expiresAt: status.expiresAt, now: this.deps.clock.now() });
      this.deps.log.info(`[admin-key] enabled on ${site.host} for ${minutes} min, until ${new Date(status.expiresAt).toISOString()}`);
    } catch (error) {
      this.deps.sessions.reportError(site.origin, error);
      if (ConfluenceError.is(error, 'notFound')) {
        this.apply(site.origin, { type: 'unavailable', reason: 'notPremium' });
        void vscode.window.showWarningMessage(vscode.l10n.t('Admin key for {0}: {1}', site.host, unavailableReasonText('notPremium')));
      } else {
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not enable the admin key on {0}: {1}', site.host, messageOf(error)));
      }
    }
    return this.stateOf(site.origin);
  }

  extend(args?: AdminKeyCommandArgs): Promise<AdminKeyState | undefined> {
    // Confluence issues a new key with a new expiry when one already exists.
    return this.enable(args);
  }

  async disable(args?: AdminKeyCommandArgs): Promise<AdminKeyState | undefined> {
    const site = this.siteFor(args);
    const session = site && this.deps.sessions.get(site.origin);
    if (!site || !session) return undefined;
    // The header stops first: whatever the server answers, requests no longer carry the key.
    this.apply(site.origin, { type: 'disabled' });
    try {
      await session.client.disableAdminKey();
      this.deps.log.info(`[admin-key] disabled on ${site.host}`);
    } catch (error) {
      this.deps.sessions.reportError(site.origin, error);
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not disable the admin key on {0}: {1}', site.host, messageOf(error)));
    }
    return this.stateOf(site.origin);
  }

  async toggle(args?: AdminKeyCommandArgs): Promise<AdminKeyState | undefined> {
    const site = this.siteFor(args);
    if (!site) return undefined;
    return this.isActive(site.origin)
      ? this.disable(args)
      : this.enable({ ...args, minutes: args?.minutes ?? this.deps.settings.adminKeyDefaultDurationMinutes() });
  }

  async showMenu(): Promise<void> {
    const site = this.siteFor(undefined);
    if (!site) {
      await vscode.commands.executeCommand('confluence.addSite');
      return;
    }
    await this.item.showMenu(site, this.stateOf(site.origin), this.deps.settings.adminKeyDefaultDurationMinutes(), {
      enable: (origin, minutes) => this.enable({ origin, ...(minutes !== undefined ? { minutes } : {}) }),
      extend: (origin) => this.extend({ origin }),
      disable: (origin) => this.disable({ origin }),
      refresh: (origin) => this.refresh({ origin }),
    });
  }

  private async doCheck(origin: string): Promise<AdminKeyState> {
    const session = this.deps.sessions.get(origin);
    if (!session) return this.stateOf(origin);
    if (this.stateOf(origin).kind === 'unavailable') return this.stateOf(origin);
    this.apply(origin, { type: 'checkStarted' });
    try {
      const status = await session.client.getAdminKey();
      this.apply(origin, { type: 'checked', expiresAt: status?.expiresAt, now: this.deps.clock.now() });
    } catch (error) {
      this.deps.sessions.reportError(origin, error);
      this.apply(origin, { type: 'failed', message: messageOf(error) });
    }
    return this.stateOf(origin);
  }

  private syncSites(): void {
    const sites = this.deps.sessions.sites();
    for (const origin of this.deps.store.origins()) {
      if (!sites.some((s) => s.origin === origin)) this.forget(origin);
    }
    for (const site of sites) {
      const session = this.deps.sessions.get(site.origin);
      if (this.deps.sessions.isInvalid(site.origin)) {
        this.apply(site.origin, { type: 'unavailable', reason: 'credentialsRejected' });
      } else if (session && this.clients.get(site.origin) !== session.client) {
        // A new site, a new token (signed in again, here or in another window) or new HTTP settings:
        // learn the key's state again with one GET.
        this.clients.set(site.origin, session.client);
        this.cancelTimers(site.origin);
        this.deps.store.set(site.origin, initialState(site));
        void this.check(site.origin);
      }
    }
    this.render();
  }

  private forget(origin: string): void {
    this.cancelTimers(origin);
    this.deps.store.delete(origin);
    this.clients.delete(origin);
    this.inflight.delete(origin);
    this.lastChecked.delete(origin);
  }

  private checkOnFocus(): void {
    const now = this.deps.clock.now();
    if (now - this.lastFocusCheck < FOCUS_CHECK_MIN_INTERVAL_MS) return;
    this.lastFocusCheck = now;
    for (const session of this.deps.sessions.all()) void this.check(session.site.origin);
  }

  private async confirmFirstUse(site: SiteRecord): Promise<boolean> {
    const consented = this.deps.globalState.get<string[]>(StateKeys.adminKeyConsented, []);
    if (consented.includes(site.origin)) return true;
    if (!await this.deps.prompts.confirmAdminKeyFirstUse(site.host)) return false;
    await this.deps.globalState.update(StateKeys.adminKeyConsented, [...consented, site.origin]);
    return true;
  }

  private site(origin: string): SiteRecord | undefined {
    return this.deps.sessions.sites().find((s) => s.origin === origin);
  }

  private siteFor(args: AdminKeyCommandArgs | undefined): SiteRecord | undefined {
    return this.site(args?.origin ?? this.deps.currentSite.origin() ?? '');
  }

  private apply(origin: string, event: AdminKeyEvent): void {
    const before = this.stateOf(origin);
    const after = transition(before, event);
    this.deps.store.set(origin, after);
    this.schedule(origin, after);
    this.render();
    if ((before.kind === 'on') !== (after.kind === 'on')) this.changed.fire(origin);
  }

  private schedule(origin: string, state: AdminKeyState): void {
    this.cancelTimers(origin);
    if (state.kind !== 'on') return;
    const { clock } = this.deps;
    const now = clock.now();
    const timers = [clock.setTimeout(() => this.expire(origin), state.expiresAt - now)];
    const warnMinutes = this.deps.settings.adminKeyWarnBeforeExpiryMinutes();
    const warnAt = state.expiresAt - warnMinutes * 60_000;
    if (warnMinutes > 0 && warnAt > now) timers.push(clock.setTimeout(() => this.warnExpiry(origin), warnAt - now));
    this.timers.set(origin, timers);
  }

  private cancelTimers(origin: string): void {
    for (const t of this.timers.get(origin) ?? []) t.cancel();
    this.timers.delete(origin);
  }

  private expire(origin: string): void {
    const site = this.site(origin);
    this.apply(origin, { type: 'tick', now: this.deps.clock.now() });
    if (site && this.stateOf(origin).kind === 'off') {
      this.deps.log.info(`[admin-key] expired on ${site.host}; requests no longer carry it`);
      void vscode.window.showInformationMessage(vscode.l10n.t('The admin key on {0} expired. Restricted pages are hidden again.', site.host), vscode.l10n.t('Enable Again'))
        .then((c) => { if (c) void this.enable({ origin }); });
    }
  }

  private warnExpiry(origin: string): void {
    const site = this.site(origin);
    const state = this.stateOf(origin);
    if (!site || state.kind !== 'on') return;
    const left = minutesLeft(state.expiresAt, this.deps.clock.now());
    const message = left === 1
      ? vscode.l10n.t('The admin key on {0} expires in 1 minute.', site.host)
      : vscode.l10n.t('The admin key on {0} expires in {1} minutes.', site.host, left);
    void vscode.window.showWarningMessage(message, vscode.l10n.t('Extend'))
      .then((c) => { if (c) void this.extend({ origin }); });
  }

  /** Renders the current site's state. */
  private render(): void {
    const site = this.site(this.deps.currentSite.origin() ?? '');
    this.item.show(site, site ? this.stateOf(site.origin) : { kind: 'noSite' }, () => this.render());
  }

  dispose(): void {
    for (const origin of [...this.timers.keys()]) this.cancelTimers(origin);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
