// The admin key's state for one site, its transitions and how it looks in the status bar. Pure:
// no vscode import (lint fence), so every transition and rendering is unit-tested directly.

import { Commands } from '../../constants';
import { markdownText } from '../../util/markdownText';

export type UnavailableReason = 'scopedToken' | 'notAdmin' | 'notPremium' | 'credentialsRejected';

export type AdminKeyState =
  | { readonly kind: 'noSite' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'off'; readonly expiredAt?: number }
  | { readonly kind: 'on'; readonly expiresAt: number }
  | { readonly kind: 'unavailable'; readonly reason: UnavailableReason }
  | { readonly kind: 'error'; readonly message: string };

export type AdminKeyEvent =
  | { readonly type: 'checkStarted' }
  /** GET /admin-key answered: an expiry when a key is active, undefined for 404 ("no key"). */
  | { readonly type: 'checked'; readonly expiresAt: number | undefined; readonly now: number }
  | { readonly type: 'enabled'; readonly expiresAt: number; readonly now: number }
  | { readonly type: 'disabled' }
  | { readonly type: 'unavailable'; readonly reason: UnavailableReason }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'tick'; readonly now: number };

/** What is known before any request: a scoped token or a non-admin account never gets a key. */
export function initialState(site: { tokenKind: 'classic' | 'scoped'; isAdmin?: boolean } | undefined): AdminKeyState {
  if (!site) return { kind: 'noSite' };
  if (site.tokenKind === 'scoped') return { kind: 'unavailable', reason: 'scopedToken' };
  if (site.isAdmin === false) return { kind: 'unavailable', reason: 'notAdmin' };
  return { kind: 'unknown' };
}

export function transition(state: AdminKeyState, event: AdminKeyEvent): AdminKeyState {
  switch (event.type) {
    case 'checkStarted':
      // Only an unknown state shows "checking": a key that is on stays on while it is re-checked (its
      // requests keep the header, its menu keeps "Disable now"), and an off key stays off.
      return state.kind === 'unknown' || state.kind === 'error' ? { kind: 'checking' } : state;
    case 'checked':
      if (state.kind === 'unavailable' || state.kind === 'noSite') return state;
      return event.expiresAt !== undefined && event.expiresAt > event.now ? { kind: 'on', expiresAt: event.expiresAt } : { kind: 'off' };
    case 'enabled':
      return event.expiresAt > event.now ? { kind: 'on', expiresAt: event.expiresAt } : { kind: 'off', expiredAt: event.expiresAt };
    case 'disabled':
      return state.kind === 'unavailable' ? state : { kind: 'off' };
    case 'unavailable':
      return { kind: 'unavailable', reason: event.reason };
    case 'failed':
      // A failed re-check says nothing about a key we know is on until its expiry.
      return state.kind === 'unavailable' || state.kind === 'on' ? state : { kind: 'error', message: event.message };
    case 'tick':
      return state.kind === 'on' && event.now >= state.expiresAt ? { kind: 'off', expiredAt: state.expiresAt } : state;
  }
}

export function isOn(state: AdminKeyState, now: number): state is { kind: 'on'; expiresAt: number } {
  return state.kind === 'on' && now < state.expiresAt;
}

/** Whole minutes left, rounded up so the item never shows "0m" while the key still works. */
export function minutesLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 60_000));
}

export function unavailableReasonText(reason: UnavailableReason): string {
  switch (reason) {
    case 'scopedToken':
      return 'The admin key needs a classic API token. This site is signed in with a scoped token, which goes through api.atlassian.com, where the admin key does not work. Sign in again with a classic token to use it.';
    case 'notAdmin':
      return 'The admin key is only for organization and site admins, and this account is not one.';
    case 'notPremium':
      return 'Confluence did not offer an admin key for this account: the admin key needs a Premium or Enterprise site and an org or site admin.';
    case 'credentialsRejected':
      return 'Confluence rejected this site\'s API token. Sign in again to check the admin key.';
  }
}

export interface StatusView {
  readonly text: string;
  /** Markdown; every text from outside is escaped, and its only links are to `commands`. */
  readonly tooltip: string;
  /** The commands the tooltip links to: the only ones a click in it may run. */
  readonly commands: readonly string[];
  readonly accessibilityLabel: string;
  readonly warningBackground: boolean;
}

/** The one function that turns a state into what the status bar shows. */
export function render(state: AdminKeyState, siteHost: string | undefined, now: number, formatTime: (ms: number) => string): StatusView {
  const host = siteHost ?? 'no site';
  const site = markdownText(host);
  const commands: string[] = [];
  const links = (...pairs: [string, string][]) => pairs.map(([label, cmd]) => { commands.push(cmd); return `[${label}](command:${cmd})`; }).join(' · ');
  const view = (text: string, tooltip: string, accessibilityLabel: string, warningBackground: boolean): StatusView =>
    ({ text, tooltip, commands, accessibilityLabel, warningBackground });
  switch (state.kind) {
    case 'noSite':
      return view('$(key) Admin key', `**Confluence admin key**\n\nSign in to a Confluence site first.\n\n${links(['Add Site…', Commands.addSite])}`, 'Confluence admin key: not signed in', false);
    case 'unknown':
    case 'checking':
      return view('$(sync~spin) Admin key', `**Confluence admin key** · ${site}\n\nChecking whether an admin key is active…`, `Confluence admin key for ${host}: checking`, false);
    case 'off': {
      const expired = state.expiredAt !== undefined ? `The key expired at ${formatTime(state.expiredAt)}. ` : '';
      return view('$(key) Admin key off', `**Confluence admin key** · ${site}\n\n${expired}Off: restricted pages stay hidden.\n\n${links(['Enable…', Commands.adminKeyEnable], ['Refresh', Commands.adminKeyRefresh])}`, `Confluence admin key for ${host}: off`, false);
    }
    case 'on': {
      const left = minutesLeft(state.expiresAt, now);
      return view(
        `$(key) Admin key ${left}m`,
        `**Confluence admin key ON** · ${site}\n\nExpires at ${formatTime(state.expiresAt)} (in ${left} minute${left === 1 ? '' : 's'}). Requests to this site carry the admin key, bypassing page restrictions; Confluence records each use in its audit log and notifies content owners.\n\n${links(['Extend…', Commands.adminKeyExtend], ['Disable', Commands.adminKeyDisable], ['Refresh', Commands.adminKeyRefresh])}`,
        `Confluence admin key for ${host}: on, ${left} minutes left`,
        true,
      );
    }
    case 'unavailable':
      return view('$(circle-slash) Admin key', `**Confluence admin key** · ${site}\n\nNot available: ${unavailableReasonText(state.reason)}`, `Confluence admin key for ${host}: not available`, false);
    case 'error':
      return view('$(warning) Admin key', `**Confluence admin key** · ${site}\n\nCould not check the admin key: ${markdownText(state.message)}\n\n${links(['Refresh', Commands.adminKeyRefresh])}`, `Confluence admin key for ${host}: error`, false);
  }
}

export type AdminKeyAction = 'enable' | 'extend' | 'disable' | 'refresh';

/** Which actions the quick pick offers: never "enable" where the key cannot exist. */
export function availableActions(state: AdminKeyState): AdminKeyAction[] {
  switch (state.kind) {
    case 'on': return ['extend', 'disable', 'refresh'];
    case 'off':
    case 'error':
    case 'unknown': return ['enable', 'refresh'];
    case 'checking': return ['refresh'];
    case 'unavailable': return state.reason === 'credentialsRejected' ? [] : ['refresh'];
    case 'noSite': return [];
  }
}
