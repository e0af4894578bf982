// The admin key's state for one site, its transitions and how it looks in the status bar. Pure:
// no vscode import (lint fence), so every transition and rendering is unit-tested directly.

import { Commands } from '../../constants';
import { markdownText } from '../../util/markdownText';
import { l10n } from '../../util/l10n';

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
      return l10n.t('The admin key needs a classic API token. This site is signed in with a scoped token, which goes through api.atlassian.com, where the admin key does not work. Sign in again with a classic token to use it.');
    case 'notAdmin':
      return l10n.t('The admin key is only for organization and site admins, and this account is not one.');
    case 'notPremium':
      return l10n.t('Confluence did not offer an admin key for this account: the admin key needs a Premium or Enterprise site and an org or site admin.');
    case 'credentialsRejected':
      return l10n.t('Confluence rejected this site\'s API token. Sign in again to check the admin key.');
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
  const host = siteHost ?? l10n.t({ message: 'no site', comment: ['Stands for the site in "Confluence admin key for …: checking" when none is known.'] });
  const site = markdownText(host);
  const commands: string[] = [];
  const links = (...pairs: [string, string][]) => pairs.map(([label, cmd]) => { commands.push(cmd); return `[${label}](command:${cmd})`; }).join(' · ');
  const view = (text: string, tooltip: string[], accessibilityLabel: string, warningBackground: boolean): StatusView =>
    ({ text, tooltip: tooltip.join('\n\n'), commands, accessibilityLabel, warningBackground });
  // The tooltip's paragraphs: a bold heading (with the site), then text, then links to commands.
  const heading = `**${l10n.t('Confluence admin key')}** · ${site}`;
  const refresh = (): [string, string] => [l10n.t('Refresh'), Commands.adminKeyRefresh];
  switch (state.kind) {
    case 'noSite':
      return view(`$(key) ${l10n.t('Admin key')}`, [`**${l10n.t('Confluence admin key')}**`, l10n.t('Sign in to a Confluence site first.'), links([l10n.t('Add Site…'), Commands.addSite])],
        l10n.t('Confluence admin key: not signed in'), false);
    case 'unknown':
    case 'checking':
      return view(`$(sync~spin) ${l10n.t('Admin key')}`, [heading, l10n.t('Checking whether an admin key is active…')], l10n.t('Confluence admin key for {0}: checking', host), false);
    case 'off': {
      const expired = state.expiredAt !== undefined ? l10n.t('The key expired at {0}.', formatTime(state.expiredAt)) : undefined;
      return view(`$(key) ${l10n.t('Admin key off')}`,
        [heading, [expired, l10n.t('Off: restricted pages stay hidden.')].filter((s) => s !== undefined).join(' '), links([l10n.t('Enable…'), Commands.adminKeyEnable], refresh())],
        l10n.t('Confluence admin key for {0}: off', host), false);
    }
    case 'on': {
      const left = minutesLeft(state.expiresAt, now);
      const expires = left === 1 ? l10n.t('Expires at {0} (in 1 minute).', formatTime(state.expiresAt)) : l10n.t('Expires at {0} (in {1} minutes).', formatTime(state.expiresAt), left);
      return view(
        `$(key) ${l10n.t('Admin key {0}m', left)}`,
        [`**${l10n.t('Confluence admin key ON')}** · ${site}`,
          `${expires} ${l10n.t('Requests to this site carry the admin key, bypassing page restrictions; Confluence records each use in its audit log and notifies content owners.')}`,
          links([l10n.t('Extend…'), Commands.adminKeyExtend], [l10n.t('Disable'), Commands.adminKeyDisable], refresh())],
        l10n.t('Confluence admin key for {0}: on, {1} minutes left', host, left),
        true,
      );
    }
    case 'unavailable':
      return view(`$(circle-slash) ${l10n.t('Admin key')}`, [heading, l10n.t('Not available: {0}', unavailableReasonText(state.reason))],
        l10n.t('Confluence admin key for {0}: not available', host), false);
    case 'error':
      return view(`$(warning) ${l10n.t('Admin key')}`, [heading, l10n.t('Could not check the admin key: {0}', markdownText(state.message)), links(refresh())],
        l10n.t('Confluence admin key for {0}: error', host), false);
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
