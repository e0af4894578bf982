import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import { parsePageLink } from '../pages/pageLinks';
import type { Prompts } from '../platform/prompts';
import { UserMessage } from '../platform/userMessage';
import type { PageActions } from './pageActions';

/**
 * Opens a page from a link such as
 * `vscode://confluence-vscode.confluence-vscode/open?link=https%3A%2F%2Facme.atlassian.net%2Fwiki%2Fspaces%2FENG%2Fpages%2F123`
 * (also `?pageId=123`, for the signed-in site). The link goes through the same parsing as
 * `Confluence: Open Page…`; nothing in it is trusted beyond being a page address. Anyone can send
 * such a link, so when the admin key is on — where reading is audited in the person's name and may
 * notify the page's owners — the extension asks before opening.
 */
export class PageUriHandler implements vscode.UriHandler {
  constructor(private readonly actions: PageActions, private readonly sessions: SiteSessions, private readonly prompts: Prompts,
    private readonly run: (action: () => Promise<unknown>) => Promise<unknown>) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    await this.run(async () => {
      if (uri.path !== '/open') {
        throw new UserMessage(vscode.l10n.t('Confluence cannot handle the link path "{0}". Links look like vscode://…/open?link=<page URL>.', uri.path));
      }
      const query = new URLSearchParams(uri.query);
      const target = query.get('link') ?? query.get('url') ?? query.get('pageId');
      if (!target) { throw new UserMessage(vscode.l10n.t('The Confluence link names no page (expected ?link=<page URL> or ?pageId=<id>).')); }
      const parsed = parsePageLink(target);
      const session = parsed.ok && parsed.link.host !== undefined ? this.sessions.forAuthority(parsed.link.host)
        : this.sessions.all().length === 1 ? this.sessions.all()[0] : undefined;
      if (session?.client.adminKeyActive() && !await this.prompts.confirmOpenWithAdminKey(target.slice(0, 300), session.site.host)) {
        return undefined;
      }
      return this.actions.openLink(target);
    });
  }
}
