import * as vscode from 'vscode';
import type { SiteRecord } from '../confluence/siteSession';
import type { Account, SiteConnection } from '../confluence/types';
import { authorityForOrigin } from '../pages/pageUri';
import { StateKeys, tokenSecretKey } from '../constants';

/**
 * The record kept for a verified sign-in. Deliberately free of secrets: it lives in globalState, which
 * is plain JSON on disk. The token is only ever in SecretStorage.
 */
export function siteRecordFrom(connection: SiteConnection, account: Account, email: string, isAdmin: boolean | undefined): SiteRecord {
  return {
    origin: connection.siteOrigin,
    host: authorityForOrigin(connection.siteOrigin),
    email,
    accountId: account.accountId,
    displayName: account.displayName,
    tokenKind: connection.tokenKind,
    apiBase: connection.apiBase,
    ...(connection.cloudId !== undefined ? { cloudId: connection.cloudId } : {}),
    ...(isAdmin !== undefined ? { isAdmin } : {}),
  };
}

/** Persists site records in globalState and their tokens in SecretStorage, and reports changes to either. */
export class SiteStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {
    // Another window may sign in or out; its SecretStorage writes reach us through this event.
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(tokenSecretKey(''))) {
        this.changed.fire();
      }
    });
  }

  list(): SiteRecord[] {
    const raw = this.state.get<unknown>(StateKeys.sites);
    return Array.isArray(raw) ? raw.filter(isSiteRecord) : [];
  }

  get(origin: string): SiteRecord | undefined {
    return this.list().find((s) => s.origin === origin);
  }

  token(origin: string): Thenable<string | undefined> {
    return this.secrets.get(tokenSecretKey(origin));
  }

  async save(site: SiteRecord, token: string): Promise<void> {
    // Secret first: a record without a token reads as "signed out", never the other way round.
    await this.secrets.store(tokenSecretKey(site.origin), token);
    const others = this.list().filter((s) => s.origin !== site.origin);
    await this.state.update(StateKeys.sites, [...others, site]);
    this.changed.fire();
  }

  async remove(origin: string): Promise<void> {
    await this.state.update(StateKeys.sites, this.list().filter((s) => s.origin !== origin));
    await this.secrets.delete(tokenSecretKey(origin));
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function isSiteRecord(value: unknown): value is SiteRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.origin === 'string' && typeof v.host === 'string' && typeof v.email === 'string'
    && typeof v.accountId === 'string' && typeof v.apiBase === 'string'
    && (v.tokenKind === 'classic' || v.tokenKind === 'scoped');
}
