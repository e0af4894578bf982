// Read-only rendered preview of a page beside its source: Confluence's own rendering
// (`body-format=view`), sanitised (htmlSanitizer.ts) and shown in a webview with no scripts and a strict
// CSP. It refreshes when the page's file changes (our save, the background version check).

import * as vscode from 'vscode';
import { sanitizeHtml } from '../pages/htmlSanitizer';
import type { PageLayer } from '../pages/pageLayer';
import { pageKey } from '../pages/pageUri';
import { UserMessage } from '../platform/userMessage';
import type { SiteSession } from '../confluence/siteSession';
import { tryLocate } from './confluenceFileSystemProvider';

export const PREVIEW_VIEW_TYPE = 'confluence.pagePreview';

export interface PagePreviewDeps {
  pages: PageLayer;
  log: vscode.LogOutputChannel;
  /** context.extensionUri: media/preview.css is served from there. */
  extensionUri: vscode.Uri;
  /** `confluence.preview.loadRemoteImages`: images from other sites load only when the person allows it. */
  loadRemoteImages: () => boolean;
  /**
   * The page's own images (attachments), fetched through the API with the person's credentials and
   * returned as data: URIs; undefined when one cannot be fetched (it is then left out).
   */
  siteImages?: (session: SiteSession, urls: string[]) => Promise<Map<string, string>>;
}

export class PagePreviews implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; uri: vscode.Uri }>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly deps: PagePreviewDeps) {
    // Our saves, the background version check and renames all announce the page; re-render then.
    this.subscription = deps.pages.onDidChange((change) => {
      const key = change.kind === 'document' ? undefined : pageKey(change.host, change.pageId);
      const open = key ? this.panels.get(key) : undefined;
      if (open) { void this.render(open.panel, open.uri); }
    });
  }

  /** Opens (or reveals) the preview of the page in the document `target`. */
  async show(target: vscode.Uri): Promise<vscode.WebviewPanel> {
    const loc = tryLocate(target);
    if (!loc) { throw new UserMessage(vscode.l10n.t('Open a Confluence page in the editor first.')); }
    const key = pageKey(loc.host, loc.pageId);
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      await this.render(existing.panel, existing.uri);
      return existing.panel;
    }
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, vscode.l10n.t('Preview'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: false,
      enableForms: false,
      localResourceRoots: [vscode.Uri.joinPath(this.deps.extensionUri, 'media')],
    });
    this.panels.set(key, { panel, uri: target.with({ query: '' }) });
    panel.onDidDispose(() => this.panels.delete(key));
    await this.render(panel, target.with({ query: '' }));
    return panel;
  }

  private async render(panel: vscode.WebviewPanel, uri: vscode.Uri): Promise<void> {
    const loc = tryLocate(uri);
    const session = loc ? this.deps.pages.repository.sessionIfAny(loc) : undefined;
    if (!loc || !session) {
      const host = loc?.host;
      const notSignedIn = host === undefined ? vscode.l10n.t('Not signed in to this site.') : vscode.l10n.t('Not signed in to {0}.', host);
      panel.webview.html = this.html(panel.webview, vscode.l10n.t('Preview'), `<p>${escapeText(notSignedIn)}</p>`);
      return;
    }
    try {
      const page = await session.client.getPage(loc.pageId, { bodyFormat: 'view' });
      panel.title = vscode.l10n.t('Preview: {0}', page.title);
      const html = page.body?.value ?? '';
      const remote = this.deps.loadRemoteImages();
      const own = this.deps.siteImages ? await this.deps.siteImages(session, siteImageUrls(html, session.site.origin)) : new Map<string, string>();
      const body = sanitizeHtml(html, {
        baseOrigin: session.site.origin,
        imageSource: (url) => own.get(url) ?? (remote && !url.startsWith(`${session.site.origin}/`) ? url : undefined),
      });
      panel.webview.html = this.html(panel.webview, page.title,
        `<header><h1 class="page-title">${escapeText(page.title)}</h1><p class="page-version">${escapeText(vscode.l10n.t('Version {0}', page.version.number))}</p></header><main>${body}</main>`);
    } catch (e) {
      this.deps.log.warn(`[fs] preview of ${loc.host} page ${loc.pageId}: ${String(e)}`);
      panel.webview.html = this.html(panel.webview, vscode.l10n.t('Preview'), `<p class="error">${escapeText(e instanceof Error ? e.message : String(e))}</p>`);
    }
  }

  private html(webview: vscode.Webview, title: string, content: string): string {
    const css = webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'preview.css'));
    // No script-src at all: nothing in the page can run. Images are data: URIs fetched through the API,
    // and other sites' images load only when the person allowed them (they tell their server who read
    // the page, and when).
    const remote = this.deps.loadRemoteImages() ? ' https:' : '';
    const csp = `default-src 'none'; img-src ${webview.cspSource} data:${remote}; style-src ${webview.cspSource}`;
    return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">`
      + `<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="${css.toString()}">`
      + `<title>${escapeText(title)}</title></head><body>${content}</body></html>`;
  }

  dispose(): void {
    this.subscription.dispose();
    for (const { panel } of this.panels.values()) { panel.dispose(); }
    this.panels.clear();
  }
}

/** Absolute addresses of the images the rendered page loads from its own site. */
function siteImageUrls(html: string, origin: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    try {
      const url = new URL((m[1] ?? m[2] ?? '').replace(/&amp;/g, '&'), origin);
      if (url.origin === origin) urls.add(url.href);
    } catch { /* not an address */ }
  }
  return [...urls].slice(0, 50);
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
