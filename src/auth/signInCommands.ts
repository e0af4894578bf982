import * as vscode from 'vscode';
import { ConfluenceError } from '../confluence/errors';
import { detectConnection } from '../confluence/connectionDetection';
import { normaliseSiteUrl } from '../confluence/site';
import { ConfluenceClient } from '../confluence/client';
import type { ExtensionSettings } from '../platform/settings';
import type { SiteRecord } from '../confluence/siteSession';
import { siteRecordFrom, type SiteStore } from './siteStore';

/** Arguments that let a caller (a link, a test) answer the prompts; they go through the same validation. */
export interface AddSiteArgs {
  siteUrl?: string;
  email?: string;
  token?: string;
}

const API_TOKEN_PAGE = 'https://id.atlassian.com/manage-profile/security/api-tokens';

/** What a person reads once signed in: who, where, and what the kind of token allows. */
export function signedInMessage(site: Pick<SiteRecord, 'host' | 'displayName' | 'tokenKind'>): string {
  return site.tokenKind === 'classic'
    ? vscode.l10n.t('Signed in to {0} as {1} with a classic API token: browsing, editing and — for org/site admins on Premium or Enterprise — the admin key.', site.host, site.displayName)
    : vscode.l10n.t('Signed in to {0} as {1} with a scoped API token (through api.atlassian.com): browsing and editing; the admin key needs a classic API token.', site.host, site.displayName);
}

/** Add Site…, Sign Out… and Manage Sites…: the only places that handle an API token. */
export class SignInCommands {
  constructor(
    private readonly store: SiteStore,
    private readonly settings: ExtensionSettings,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * Asks for the site, email and token (or takes them from args), checks them against Confluence,
   * and stores the token in SecretStorage. Resolves to the new site, or undefined when cancelled.
   * With args the errors are thrown rather than shown, so callers can react.
   */
  async addSite(args?: AddSiteArgs, prefill?: Partial<SiteRecord>): Promise<SiteRecord | undefined> {
    const interactive = !(args?.siteUrl && args.email && args.token);
    const siteUrl = args?.siteUrl ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Add Confluence Site (1/3)'),
      prompt: vscode.l10n.t('Site URL — paste any page link from the site, or its address'),
      placeHolder: vscode.l10n.t({ message: 'https://your-site.atlassian.net', comment: ['An example site address; keep it an address.'] }),
      value: prefill?.origin ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => validateSiteUrl(v),
    });
    if (!siteUrl) return undefined;
    const origin = normaliseSiteUrl(siteUrl);
    const email = args?.email ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Add Confluence Site (2/3)'),
      prompt: vscode.l10n.t('Email address of your Atlassian account on {0}', new URL(origin).host),
      placeHolder: vscode.l10n.t({ message: 'name@example.com', comment: ['An example email address.'] }),
      value: prefill?.email ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (/^[^\s@]+@[^\s@]+$/.test(v.trim()) ? undefined : vscode.l10n.t('Enter the email address you sign in to Atlassian with.')),
    });
    if (!email) return undefined;
    const token = args?.token ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Add Confluence Site (3/3)'),
      prompt: vscode.l10n.t('API token for {0} — create one at {1}. It is kept in VS Code\'s secret storage only.', email.trim(), API_TOKEN_PAGE),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim().length > 0 ? undefined : vscode.l10n.t('Paste the API token.')),
    });
    if (!token) return undefined;

    try {
      const site = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking your credentials with {0}…', new URL(origin).host), cancellable: true },
        (_progress, cancellation) => this.verify(origin, email.trim(), token.trim(), cancellation),
      );
      await this.store.save(site, token.trim());
      this.log.info(`[auth] signed in to ${site.host} as ${site.displayName} with a ${site.tokenKind} token`);
      void vscode.window.showInformationMessage(signedInMessage(site));
      return site;
    } catch (error) {
      const message = ConfluenceError.is(error) ? error.message : vscode.l10n.t('Could not sign in: {0}', String(error));
      this.log.warn(`[auth] sign-in to ${new URL(origin).host} failed: ${message}`);
      if (!interactive) throw error;
      if (ConfluenceError.is(error, 'cancelled')) return undefined;
      const again = await vscode.window.showErrorMessage(message, vscode.l10n.t('Try Again'));
      return again ? this.addSite(undefined, { origin, email: email.trim() }) : undefined;
    }
  }

  private async verify(origin: string, email: string, token: string, cancellation: vscode.CancellationToken): Promise<SiteRecord> {
    const abort = new AbortController();
    const sub = cancellation.onCancellationRequested(() => abort.abort());
    const http = this.settings.httpOptions();
    try {
      const { connection, account } = await detectConnection(origin, { email, token }, http, { signal: abort.signal });
      // Whether the account administers Confluence decides if the admin key is offered at all; it
      // is learnt from a read, never by trying to enable a key (that would be audited and emailed).
      const client = new ConfluenceClient({ connection, credentials: { email, token }, http });
      try {
        const isAdmin = connection.tokenKind === 'classic'
          ? await client.isConfluenceAdmin({ signal: abort.signal }).catch(() => undefined)
          : undefined;
        return siteRecordFrom(connection, account, email, isAdmin);
      } finally {
        await client.dispose();
      }
    } finally {
      sub.dispose();
    }
  }

  async signOut(origin?: string): Promise<void> {
    const site = origin ? this.store.get(origin) : await this.pickSite(vscode.l10n.t('Sign out of which Confluence site?'));
    if (!site) return;
    await this.store.remove(site.origin);
    this.log.info(`[auth] signed out of ${site.host}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of {0}. Its API token was removed from VS Code\'s secret storage.', site.host));
  }

  async manageSites(): Promise<void> {
    type Item = vscode.QuickPickItem & { run: () => Promise<unknown> };
    const items: Item[] = this.store.list().flatMap((site): Item[] => [
      { label: site.host, kind: vscode.QuickPickItemKind.Separator, run: async () => undefined },
      { label: `$(sign-in) ${vscode.l10n.t('Sign In Again…')}`,
        description: site.tokenKind === 'classic' ? vscode.l10n.t('{0} · classic token', site.email) : vscode.l10n.t('{0} · scoped token', site.email),
        run: () => this.addSite(undefined, site) },
      { label: `$(link-external) ${vscode.l10n.t('Open in Browser')}`, description: site.origin, run: async () => vscode.env.openExternal(vscode.Uri.parse(`${site.origin}/wiki`)) },
      { label: `$(sign-out) ${vscode.l10n.t('Sign Out')}`, description: site.displayName, run: () => this.signOut(site.origin) },
    ]);
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, run: async () => undefined });
    items.push({ label: `$(add) ${vscode.l10n.t('Add Site…')}`, run: () => this.addSite() });
    const choice = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Confluence Sites'), placeHolder: vscode.l10n.t('Manage your Confluence sites') });
    await choice?.run();
  }

  private async pickSite(placeHolder: string): Promise<SiteRecord | undefined> {
    const sites = this.store.list();
    if (sites.length <= 1) return sites[0];
    const pick = await vscode.window.showQuickPick(
      sites.map((s) => ({ label: s.host, description: `${s.displayName} · ${s.email}`, site: s })),
      { placeHolder },
    );
    return pick?.site;
  }
}

function validateSiteUrl(value: string): string | undefined {
  if (!value.trim()) return vscode.l10n.t('Enter the address of your Confluence Cloud site.');
  try {
    normaliseSiteUrl(value);
    return undefined;
  } catch (error) {
    return ConfluenceError.is(error) ? error.message : vscode.l10n.t('This is not a site address.');
  }
}
