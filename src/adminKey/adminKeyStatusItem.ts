// The admin key's face: the status bar item (rendered from the current site's state by the one
// render() function) and the quick pick a click on it opens.

import * as vscode from 'vscode';
import type { SiteRecord } from '../confluence/siteSession';
import { ADMIN_KEY_STATUS_ITEM_ID, Commands, ContextKeys } from '../constants';
import type { Clock } from '../util/clock';
import { availableActions, render, unavailableReasonText, type AdminKeyState } from './model/adminKeyState';

export interface AdminKeyMenuActions {
  enable(origin: string, minutes?: number): Promise<unknown>;
  extend(origin: string): Promise<unknown>;
  disable(origin: string): Promise<unknown>;
  refresh(origin: string): Promise<unknown>;
}

export class AdminKeyStatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private renderTimer: { cancel(): void } | undefined;

  constructor(private readonly clock: Clock) {
    this.item = vscode.window.createStatusBarItem(ADMIN_KEY_STATUS_ITEM_ID, vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Confluence Admin Key');
    this.item.command = Commands.adminKeyMenu;
  }

  /** Shows `state` of `site` (or hides the item without a site); re-renders at each minute boundary while on. */
  show(site: SiteRecord | undefined, state: AdminKeyState, rerender: () => void): void {
    this.renderTimer?.cancel();
    this.renderTimer = undefined;
    const now = this.clock.now();
    const view = render(state, site?.host, now, formatTime);
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    // Only the commands this tooltip links to, never every command: the tooltip quotes server text.
    tooltip.isTrusted = { enabledCommands: [...view.commands] };
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: view.accessibilityLabel };
    this.item.backgroundColor = view.warningBackground ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    if (site) this.item.show(); else this.item.hide();
    void vscode.commands.executeCommand('setContext', ContextKeys.adminKeyOn, state.kind === 'on');
    void vscode.commands.executeCommand('setContext', ContextKeys.adminKeyAvailable, state.kind !== 'unavailable' && state.kind !== 'noSite');
    if (state.kind === 'on') {
      const untilNextMinute = ((state.expiresAt - now) % 60_000) || 60_000;
      this.renderTimer = this.clock.setTimeout(rerender, untilNextMinute + 5);
    }
  }

  get text(): string {
    return this.item.text;
  }

  /** The quick pick: what can be done with the key of `site` in `state`. */
  async showMenu(site: SiteRecord, state: AdminKeyState, defaultMinutes: number, actions: AdminKeyMenuActions): Promise<void> {
    const view = render(state, site.host, this.clock.now(), formatTime);
    type Item = vscode.QuickPickItem & { run: () => Promise<unknown> };
    const items: Item[] = [];
    for (const action of availableActions(state)) {
      if (action === 'enable') {
        for (const minutes of durationChoices(defaultMinutes)) {
          items.push({ label: `$(key) ${vscode.l10n.t('Enable for {0} minutes', minutes)}`, run: () => actions.enable(site.origin, minutes) });
        }
        items.push({ label: `$(key) ${vscode.l10n.t('Enable for…')}`, description: vscode.l10n.t('1–60 minutes'), run: () => actions.enable(site.origin) });
      } else if (action === 'extend') {
        items.push({ label: `$(history) ${vscode.l10n.t('Extend…')}`, description: vscode.l10n.t('issue a new key with a new expiry'), run: () => actions.extend(site.origin) });
      } else if (action === 'disable') {
        items.push({ label: `$(circle-slash) ${vscode.l10n.t('Disable now')}`, run: () => actions.disable(site.origin) });
      } else {
        items.push({ label: `$(refresh) ${vscode.l10n.t('Refresh status')}`, run: () => actions.refresh(site.origin) });
      }
    }
    if (items.length === 0) {
      void vscode.window.showInformationMessage(state.kind === 'unavailable' ? vscode.l10n.t('Admin key for {0}: {1}', site.host, unavailableReasonText(state.reason)) : view.accessibilityLabel);
      return;
    }
    const choice = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Admin key · {0}', site.host), placeHolder: view.accessibilityLabel });
    await choice?.run();
  }

  /** How long the key should last: a preset, or a number typed by the person. */
  async pickDuration(title: string, defaultMinutes: number): Promise<number | undefined> {
    const items = [...durationChoices(defaultMinutes).map((m) => ({ label: vscode.l10n.t('{0} minutes', m), minutes: m as number | undefined })),
      { label: vscode.l10n.t('Custom…'), minutes: undefined }];
    const pick = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('How long should the admin key last?') });
    if (!pick) return undefined;
    if (pick.minutes !== undefined) return pick.minutes;
    const typed = await vscode.window.showInputBox({
      title, prompt: vscode.l10n.t('Minutes (1–60)'), value: String(defaultMinutes),
      validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 60 ? undefined : vscode.l10n.t('Enter a whole number of minutes from 1 to 60.')),
    });
    return typed ? Number(typed.trim()) : undefined;
  }

  dispose(): void {
    this.renderTimer?.cancel();
    this.item.dispose();
  }
}

function durationChoices(defaultMinutes: number): number[] {
  return [...new Set([defaultMinutes, 10, 30, 60])].sort((a, b) => a - b);
}

function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
