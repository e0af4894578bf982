import * as vscode from 'vscode';
import type { Clock } from '../util/clock';
import { ConfluenceError } from '../confluence/errors';
import type { CurrentSite } from '../auth/currentSite';
import type { SiteSessions } from '../auth/siteSessions';
import type { SiteRecord } from '../confluence/siteSession';
import { ADMIN_KEY_STATUS_ITEM_ID, Commands, ContextKeys, StateKeys } from '../constants';
import type { Prompts } from '../platform/prompts';
import type { ExtensionSettings } from '../platform/settings';
import type { AdminKeyStore } from './model/adminKeyStore';
import { AdminKeyEvent, AdminKeyState, availableActions, initialState, minutesLeft, render, transition, unavailableReasonText } from './model/adminKeyState';

/** Arguments a caller (a test, a link) may pass to the admin-key commands instead of answering prompts. */
export interface AdminKeyCommandArgs {
  /** Site origin; defaults to the current site. */
  origin?: string;
  /** Duration for enable/extend, 1–60; skips the duration pick. */
  minutes?: number;
}

const FOCUS_CHECK_MIN_INTERVAL_MS = 30_000;

/**
 * Owns each site's admin-key state: checks it at sign-in and when the window regains focus, counts
 * down locally (no polling while idle), warns before expiry, and renders the status item from the
 * current site's state with the one render() function.
 */
export class AdminKeyController implements vscode.Disposable {
  /** The client each state was learnt with: a new client (new token, new settings) starts over. */
  private readonly clients = new Map<string, unknown>();
  private readonly timers = new Map<string, { cancel(): void }[]>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with a site origin when that site's key turned on or off (the tree re-lists then). */
  readonly onDidChangeKey = this.changed.event;
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private lastFocusCheck = 0;
  private renderTimer: { cancel(): void } | undefined;

  constructor(
    private readonly store: AdminKeyStore,
    private readonly sessions: SiteSessions,
    private readonly currentSite: CurrentSite,
    private readonly settings: ExtensionSettings,
    private readonly clock: Clock,
    private readonly globalState: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    private readonly prompts: Prompts,
  ) {
    this.item = vscode.window.createStatusBarItem(ADMIN_KEY_STATUS_ITEM_ID, vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Confluence Admin Key';
    this.item.command = Commands.adminKeyMenu;
    this.subscriptions.push(
      this.item,
      sessions.onDidChange(() => this.syncSites()),
      currentSite.onDidChange(() => this.render()),
      vscode.window.onDidChangeWindowState((w) => { if (w.focused) this.checkOnFocus(); }),
    );
  }

  stateOf(origin: string): AdminKeyState {
    return this.store.get(origin) ?? initialState(this.sessions.sites().find((s) => s.origin === origin));
  }

  isActive(origin: string): boolean {
    return this.store.isActive(origin);
  }

  private syncSites(): void {
    const sites = this.sessions.sites();
    for (const origin of this.store.origins()) {
      if (!sites.some((s) => s.origin === origin)) this.forget(origin);
    }
    for (const site of sites) {
      const session = this.sessions.get(site.origin);
      if (this.sessions.isInvalid(site.origin)) {
        this.apply(site.origin, { type: 'unavailable', reason: 'credentialsRejected' });
      } else if (session && this.clients.get(site.origin) !== session.client) {
        // A new site, a new token (signed in again, here or in another window) or new HTTP settings:
        // the new client knows nothing of a key, so learn its state again with one GET.
        this.clients.set(site.origin, session.client);
        this.cancelTimers(site.origin);
        this.store.set(site.origin, initialState(site));
        void this.check(site.origin);
      }
    }
    this.render();
  }

  private forget(origin: string): void {
    this.cancelTimers(origin);
    this.store.delete(origin);
    this.clients.delete(origin);
  }

  private checkOnFocus(): void {
    const now = this.clock.now();
    if (now - this.lastFocusCheck < FOCUS_CHECK_MIN_INTERVAL_MS) return;
    this.lastFocusCheck = now;
    for (const session of this.sessions.all()) void this.check(session.site.origin);
  }

  /** GET /admin-key. Never POST: enabling a key to find out would be audited and emailed. */
  async check(origin: string): Promise<AdminKeyState> {
    const session = this.sessions.get(origin);
    if (!session) return this.stateOf(origin);
    const before = this.stateOf(origin);
    if (before.kind === 'unavailable') return before;
    this.apply(origin, { type: 'checkStarted' });
    try {
      const status = await session.client.getAdminKey();
      this.apply(origin, { type: 'checked', expiresAt: status?.expiresAt, now: this.clock.now() });
    } catch (error) {
      this.sessions.reportError(origin, error);
      this.apply(origin, { type: 'failed', message: messageOf(error) });
    }
    return this.stateOf(origin);
  }

  async refresh(args?: AdminKeyCommandArgs): Promise<AdminKeyState | undefined> {
    const site = this.siteFor(args);
    if (!site) return undefined;
    // A refresh starts from what the site record says, so "not Premium" can be re-learnt.
    this.store.set(site.origin, initialState(site));
    return this.check(site.origin);
  }

  async enable(args?: AdminKeyCommandArgs): Promise<AdminKeyState | undefined> {
    const site = this.siteFor(args);
    if (!site) return undefined;
    const session = this.sessions.get(site.origin);
    const state = this.stateOf(site.origin);
    if (state.kind === 'unavailable') {
      void vscode.window.showWarningMessage(`Admin key for ${site.host}: ${unavailableReasonText(state.reason)}`);
      return state;
    }
    if (!session) return state;
    const minutes = args?.minutes ?? await this.pickDuration(state.kind === 'on' ? 'Extend the admin key' : 'Enable the admin key');
    if (minutes === undefined) return state;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
      throw new Error(`The admin key lasts 1 to 60 minutes; ${minutes} is out of range.`);
    }
    if (!await this.confirmFirstUse(site)) return state;
    try {
      const status = await session.client.enableAdminKey(minutes);
      this.apply(site.origin, { type: 'enabled', expiresAt: status.expiresAt, now: this.clock.now() });
      this.log.info(`[admin-key] enabled on ${site.host} for ${minutes} min, until ${new Date(status.expiresAt).toISOString()}`);
    } catch (error) {
      this.sessions.reportError(site.origin, error);
      if (ConfluenceError.is(error, 'notFound')) {
        this.apply(site.origin, { type: 'unavailable', reason: 'notPremium' });
        void vscode.window.showWarningMessage(`Admin key for ${site.host}: ${unavailableReasonText('notPremium')}`);
      } else {
        void vscode.window.showErrorMessage(`Could not enable the admin key on ${site.host}: ${messageOf(error)}`);
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
    const session = site && this.sessions.get(site.origin);
    if (!site || !session) return undefined;
    try {
      await session.client.disableAdminKey();
      this.apply(site.origin, { type: 'disabled' });
      this.log.info(`[admin-key] disabled on ${site.host}`);
    } catch (error) {
      this.sessions.reportError(site.origin, error);
      void vscode.window.showErrorMessage(`Could not disable the admin key on ${site.host}: ${messageOf(error)}`);
    }
    return this.stateOf(site.origin);
  }

  async toggle(args?: AdminKeyCommandArgs): Promise<AdminKeyState | undefined> {
    const site = this.siteFor(args);
    if (!site) return undefined;
    return this.isActive(site.origin)
      ? this.disable(args)
      : this.enable({ ...args, minutes: args?.minutes ?? this.settings.adminKeyDefaultDurationMinutes() });
  }

  async showMenu(): Promise<void> {
    const site = this.siteFor(undefined);
    if (!site) {
      await vscode.commands.executeCommand(Commands.addSite);
      return;
    }
    const state = this.stateOf(site.origin);
    const view = render(state, site.host, this.clock.now(), formatTime);
    type Item = vscode.QuickPickItem & { run: () => Promise<unknown> };
    const items: Item[] = [];
    for (const action of availableActions(state)) {
      if (action === 'enable') {
        for (const minutes of durationChoices(this.settings.adminKeyDefaultDurationMinutes())) {
          items.push({ label: `$(key) Enable for ${minutes} minutes`, run: () => this.enable({ origin: site.origin, minutes }) });
        }
        items.push({ label: '$(key) Enable for…', description: '1–60 minutes', run: () => this.enable({ origin: site.origin }) });
      } else if (action === 'extend') {
        items.push({ label: '$(history) Extend…', description: 'issue a new key with a new expiry', run: () => this.extend({ origin: site.origin }) });
      } else if (action === 'disable') {
        items.push({ label: '$(circle-slash) Disable now', run: () => this.disable({ origin: site.origin }) });
      } else {
        items.push({ label: '$(refresh) Refresh status', run: () => this.refresh({ origin: site.origin }) });
      }
    }
    if (items.length === 0) {
      void vscode.window.showInformationMessage(view.tooltip.replace(/\*\*/g, '').replace(/\[([^\]]+)\]\(command:[^)]+\)/g, '$1'));
      return;
    }
    const choice = await vscode.window.showQuickPick(items, {
      title: `Admin key · ${site.host}`,
      placeHolder: view.accessibilityLabel,
    });
    await choice?.run();
  }

  private async pickDuration(title: string): Promise<number | undefined> {
    const preset = durationChoices(this.settings.adminKeyDefaultDurationMinutes());
    const items = [...preset.map((m) => ({ label: `${m} minutes`, minutes: m as number | undefined })), { label: 'Custom…', minutes: undefined }];
    const pick = await vscode.window.showQuickPick(items, { title, placeHolder: 'How long should the admin key last?' });
    if (!pick) return undefined;
    if (pick.minutes !== undefined) return pick.minutes;
    const typed = await vscode.window.showInputBox({
      title, prompt: 'Minutes (1–60)', value: String(this.settings.adminKeyDefaultDurationMinutes()),
      validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 60 ? undefined : 'Enter a whole number of minutes from 1 to 60.'),
    });
    return typed ? Number(typed.trim()) : undefined;
  }

  private async confirmFirstUse(site: SiteRecord): Promise<boolean> {
    const consented = this.globalState.get<string[]>(StateKeys.adminKeyConsented, []);
    if (consented.includes(site.origin)) return true;
    if (!await this.prompts.confirmAdminKeyFirstUse(site.host)) return false;
    await this.globalState.update(StateKeys.adminKeyConsented, [...consented, site.origin]);
    return true;
  }

  private siteFor(args: AdminKeyCommandArgs | undefined): SiteRecord | undefined {
    const origin = args?.origin ?? this.currentSite.origin();
    return this.sessions.sites().find((s) => s.origin === origin);
  }

  private apply(origin: string, event: AdminKeyEvent): void {
    const before = this.stateOf(origin);
    const after = transition(before, event);
    this.store.set(origin, after);
    this.schedule(origin, after);
    this.render();
    if ((before.kind === 'on') !== (after.kind === 'on')) this.changed.fire(origin);
  }

  private schedule(origin: string, state: AdminKeyState): void {
    this.cancelTimers(origin);
    if (state.kind !== 'on') return;
    const timers: { cancel(): void }[] = [];
    const now = this.clock.now();
    timers.push(this.clock.setTimeout(() => this.expire(origin), state.expiresAt - now));
    const warnMinutes = this.settings.adminKeyWarnBeforeExpiryMinutes();
    const warnAt = state.expiresAt - warnMinutes * 60_000;
    if (warnMinutes > 0 && warnAt > now) {
      timers.push(this.clock.setTimeout(() => this.warnExpiry(origin), warnAt - now));
    }
    this.timers.set(origin, timers);
  }

  private cancelTimers(origin: string): void {
    for (const t of this.timers.get(origin) ?? []) t.cancel();
    this.timers.delete(origin);
  }

  private expire(origin: string): void {
    const site = this.sessions.sites().find((s) => s.origin === origin);
    this.apply(origin, { type: 'tick', now: this.clock.now() });
    if (site && this.stateOf(origin).kind === 'off') {
      this.log.info(`[admin-key] expired on ${site.host}; requests no longer carry it`);
      void vscode.window.showInformationMessage(`The admin key on ${site.host} expired. Restricted pages are hidden again.`, 'Enable Again')
        .then((c) => { if (c) void this.enable({ origin }); });
    }
  }

  private warnExpiry(origin: string): void {
    const site = this.sessions.sites().find((s) => s.origin === origin);
    const state = this.stateOf(origin);
    if (!site || state.kind !== 'on') return;
    const left = minutesLeft(state.expiresAt, this.clock.now());
    void vscode.window.showWarningMessage(`The admin key on ${site.host} expires in ${left} minute${left === 1 ? '' : 's'}.`, 'Extend')
      .then((c) => { if (c) void this.extend({ origin }); });
  }

  /** Renders the current site's state, and re-renders on the next minute boundary while a key is on. */
  private render(): void {
    this.renderTimer?.cancel();
    this.renderTimer = undefined;
    const origin = this.currentSite.origin();
    const site = this.sessions.sites().find((s) => s.origin === origin);
    const state = site ? this.stateOf(site.origin) : { kind: 'noSite' as const };
    const now = this.clock.now();
    const view = render(state, site?.host, now, formatTime);
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = { enabledCommands: Object.values(Commands) };
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: view.accessibilityLabel };
    this.item.backgroundColor = view.warningBackground ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    if (site) this.item.show(); else this.item.hide();
    void vscode.commands.executeCommand('setContext', ContextKeys.adminKeyOn, state.kind === 'on');
    void vscode.commands.executeCommand('setContext', ContextKeys.adminKeyAvailable, state.kind !== 'unavailable' && state.kind !== 'noSite');
    if (state.kind === 'on') {
      const untilNextMinute = ((state.expiresAt - now) % 60_000) || 60_000;
      this.renderTimer = this.clock.setTimeout(() => this.render(), untilNextMinute + 5);
    }
  }

  /** The status item's current text; used by tests through the test API. */
  statusText(): string {
    return this.item.text;
  }

  dispose(): void {
    this.renderTimer?.cancel();
    for (const origin of [...this.timers.keys()]) this.cancelTimers(origin);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function durationChoices(defaultMinutes: number): number[] {
  return [...new Set([defaultMinutes, 10, 30, 60])].sort((a, b) => a - b);
}

function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
