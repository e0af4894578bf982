import * as vscode from 'vscode';
import { openPageFromInput, PageCommandDeps } from './pageCommands';

/**
 * Opens a page from a link such as
 * `vscode://confluence-vscode.confluence-vscode/open?link=https%3A%2F%2Facme.atlassian.net%2Fwiki%2Fspaces%2FENG%2Fpages%2F123`
 * (also `?pageId=123`, for the signed-in site). The link goes through the same parsing as
 * `Confluence: Open Page…`; nothing in it is trusted beyond being a page address.
 */
export class PageUriHandler implements vscode.UriHandler {
  constructor(private readonly deps: PageCommandDeps) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    if (uri.path !== '/open') {
      void vscode.window.showWarningMessage(`Confluence cannot handle the link path "${uri.path}". Links look like vscode://…/open?link=<page URL>.`);
      return;
    }
    const query = new URLSearchParams(uri.query);
    const target = query.get('link') ?? query.get('url') ?? query.get('pageId');
    if (!target) {
      void vscode.window.showWarningMessage('The Confluence link names no page (expected ?link=<page URL> or ?pageId=<id>).');
      return;
    }
    await openPageFromInput(this.deps, target);
  }
}
