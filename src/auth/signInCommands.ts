import * as vscode from 'vscode';
import { ConfluenceError } from '../confluence/errors';
import { detectConnection } from '../confluence/connectionDetection';
import { normaliseSiteUrl } from '../confluence/site';
import type { TokenKind } from '../confluence/types';
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

export function describeTokenKind(kind: TokenKind): string {
  return kind === 'classic'
    ? 'classic API token: browsing, editing and — for org/site admins on Premium or Enterprise — the admin key'
    : 'scoped API token (through api.atlassian.com): browsing and editing; the admin key needs a classic API token';
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
      title: 'Add Confluence Site (1/3)',
      prompt: 'Site URL — paste any page link from the site, or its address',
      placeHolder: 'https://your-site.atlassian.net',
      value: prefill?.origin ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => validateSiteUrl(v),
    });
    if (!siteUrl) return undefined;
    const origin = normaliseSiteUrl(siteUrl);
    const email = args?.email ?? await vscode.window.showInputBox({
      title: 'Add Confluence Site (2/3)',
      prompt: `Email address of your Atlassian account on ${new URL(origin).host}`,
      placeHolder: 'name@example.com',
      value: prefill?.email ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (/^[^\s@]+@[^\s@]+$/.test(v.trim()) ? undefined : 'Enter the email address you sign in to Atlassian with.'),
    });
    if (!email) return undefined;
    const token = args?.token ?? await vscode.window.showInputBox({
      title: 'Add Confluence Site (3/3)',
      prompt: `API token for ${email.trim()} — create one at ${API_TOKEN_PAGE}. It is kept in VS Code's secret storage only.`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim().length > 0 ? undefined : 'Paste the API token.'),
    });
    if (!token) return undefined;

    try {
      const site = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Checking your credentials with ${new URL(origin).host}…`, cancellable: true },
        (_progress, cancellation) => this.verify(origin, email.trim(), token.trim(), cancellation),
      );
      await this.store.save(site, token.trim());
      this.log.info(`[auth] signed in to ${site.host} as ${site.displayName} with a ${site.tokenKind} token`);
      void vscode.window.showInformationMessage(`Signed in to ${site.host} as ${site.displayName} with a ${describeTokenKind(site.tokenKind)}.`);
      return site;
    } catch (error) {
      const message = ConfluenceError.is(error) ? error.message : `Could not sign in: ${String(error)}`;
      this.log.warn(`[auth] sign-in to ${new URL(origin).host} failed: ${message}`);
      if (!interactive) throw error;
      if (ConfluenceError.is(error, 'cancelled')) return undefined;
      const again = await vscode.window.showErrorMessage(message, 'Try Again');
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
    const site = origin ? this.store.get(origin) : await this.pickSite('Sign out of which Confluence site?');
    if (!site) return;
    await this.store.remove(site.origin);
    this.log.info(`[auth] signed out of ${site.host}`);
    void vscode.window.showInformationMessage(`Signed out of ${site.host}. Its API token was removed from VS Code's secret storage.`);
  }

  async manageSites(): Promise<void> {
    type Item = vscode.QuickPickItem & { run: () => Promise<unknown> };
    const items: Item[] = this.store.list().flatMap((site): Item[] => [
      { label: site.host, kind: vscode.QuickPickItemKind.Separator, run: async () => undefined },
      { label: '$(sign-in) Sign In Again…', description: `${site.email} · ${site.tokenKind} token`, run: () => this.addSite(undefined, site) },
      { label: '$(link-external) Open in Browser', description: site.origin, run: async () => vscode.env.openExternal(vscode.Uri.parse(`${site.origin}/wiki`)) },
      { label: '$(sign-out) Sign Out', description: site.displayName, run: () => this.signOut(site.origin) },
    ]);
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, run: async () => undefined });
    items.push({ label: '$(add) Add Site…', run: () => this.addSite() });
    const choice = await vscode.window.showQuickPick(items, { title: 'Confluence Sites', placeHolder: 'Manage your Confluence sites' });
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
  if (!value.trim()) return 'Enter the address of your Confluence Cloud site.';
  try {
    normaliseSiteUrl(value);
    return undefined;
  } catch (error) {
    return ConfluenceError.is(error) ? error.message : 'This is not a site address.';
  }
}
