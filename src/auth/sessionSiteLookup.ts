import type * as vscode from 'vscode';
import type { SiteLookup, SiteSession as FsSiteSession } from '../fs/fsTypes';
import type { SiteSessions } from './siteSessions';

/** Presents the signed-in sites to the file system in the shape it asks for. */
export class SessionSiteLookup implements SiteLookup {
  readonly onDidChangeSessions: vscode.Event<unknown>;

  constructor(private readonly sessions: SiteSessions) {
    this.onDidChangeSessions = sessions.onDidChange;
  }

  sessionForHost(host: string): FsSiteSession | undefined {
    const session = this.sessions.forHost(host);
    if (!session) return undefined;
    const { site, client } = session;
    return {
      client,
      accountId: site.accountId,
      site: {
        origin: site.origin,
        host: site.host,
        tokenKind: site.tokenKind,
        // Known not to work: a scoped token, or an account that is not an admin.
        adminKeySupported: site.tokenKind === 'classic' && site.isAdmin !== false,
      },
    };
  }

  hosts(): string[] {
    return this.sessions.all().map((s) => s.site.host);
  }
}
