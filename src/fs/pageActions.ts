// What people do with pages from commands: open one (by reference, link, id or search hit), create a
// child page, rename, move to the trash, and the page's web address. Each takes what it acts on; the
// command layer resolves that from the tree, an editor or an argument and reports failures.

import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import type { SiteSession } from '../confluence/siteSession';
import type { Page } from '../confluence/types';
import { pageTinyUrl, pageWebUrl, parsePageLink, spaceKeyFromWebUrl } from '../pages/pageLinks';
import type { PageLayer } from '../pages/pageLayer';
import { locationOf, type ContainerRef, type PageRef } from '../pages/pageRefs';
import type { PageFormat } from '../pages/pageUri';
import { withProgress } from '../platform/progress';
import type { Prompts } from '../platform/prompts';
import { UserMessage } from '../platform/userMessage';
import { pageUri } from './confluenceFileSystemProvider';

export interface PageActionsDeps {
  pages: PageLayer;
  sessions: SiteSessions;
  prompts: Prompts;
  log: vscode.LogOutputChannel;
  /** The form a page opens in when nothing else says (the confluence.files.defaultFormat setting). */
  defaultFormat: () => PageFormat;
}

export class PageActions {
  constructor(private readonly deps: PageActionsDeps) {}

  /** Opens the page's document (one body request; none if it was just fetched). Returns its URI. */
  async open(ref: PageRef, options: vscode.TextDocumentShowOptions & { format?: PageFormat } = {}): Promise<vscode.Uri> {
    let { spaceKey, title } = ref;
    if (spaceKey === undefined || title === undefined) {
      // Fetched with the body: the editor's read then answers from this snapshot.
      const keyOn = ref.session.client.adminKeyActive();
      const { repository } = this.deps.pages;
      const page = await withProgress(vscode.l10n.t('Opening page {0}…', ref.title ?? ref.pageId), (signal) => repository.request(ref.session,
        () => repository.whileNew({ host: ref.session.site.host, pageId: ref.pageId },
          () => ref.session.client.getPage(ref.pageId, { bodyFormat: 'storage', includeOperations: true, signal }))));
      this.deps.pages.prime(ref.session.site.host, page, keyOn);
      title ??= page.title;
      // The page's web link names its space (…/spaces/KEY/pages/…), which saves asking for the space.
      spaceKey ??= spaceKeyFromWebUrl(page.webUrl) ?? await this.deps.pages.repository.spaceKeyFor(ref.session, page.spaceId);
      if (spaceKey) { this.deps.pages.repository.rememberSpaceKey(ref.session.site.host, page.spaceId, spaceKey); }
    }
    const { format = ref.format ?? this.deps.defaultFormat(), ...show } = options;
    const uri = pageUri(locationOf({ ...ref, title, ...(spaceKey ? { spaceKey } : {}) }, format));
    await vscode.window.showTextDocument(uri, { preview: false, ...show });
    return uri;
  }

  /** A pasted link, tiny link or page id; undefined when the person cancelled a question. */
  async openLink(text: string, options: { format?: PageFormat } = {}): Promise<vscode.Uri | undefined> {
    const parsed = parsePageLink(text);
    if (!parsed.ok) { throw new UserMessage(parsed.error); }
    const link = parsed.link;
    const session = link.host !== undefined ? this.deps.sessions.forAuthority(link.host) : await this.pickSession();
    if (!session) {
      if (link.host !== undefined) { throw new UserMessage(vscode.l10n.t('Not signed in to {0}. Run "Confluence: Add Site…" first.', link.host)); }
      return undefined;
    }
    if (link.kind === 'page') {
      return this.open({ session, pageId: link.pageId, ...(link.spaceKey ? { spaceKey: link.spaceKey } : {}) }, options);
    }
    const cql = `type = page AND space = "${cqlEscape(link.spaceKey)}" AND title = "${cqlEscape(link.title)}"`;
    const hit = (await this.deps.pages.repository.request(session, () => session.client.search(cql, { limit: 2 })))[0];
    if (!hit) { throw new UserMessage(vscode.l10n.t('No page titled "{0}" in space {1} on {2}.', link.title, link.spaceKey, session.site.host)); }
    return this.open({ session, pageId: hit.id, spaceKey: link.spaceKey }, options);
  }

  /** `Open Page…`: asks for a link or id. */
  async openFromInput(): Promise<vscode.Uri | undefined> {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Open Confluence Page'),
      prompt: vscode.l10n.t('Paste a page link (…/wiki/spaces/KEY/pages/123/…, …/wiki/x/AbCd, viewpage.action?pageId=…) or a page id'),
      ignoreFocusOut: true,
      validateInput: (value) => {
        const r = parsePageLink(value);
        return r.ok || value.trim() === '' ? undefined : r.error;
      },
    });
    return text === undefined || text.trim() === '' ? undefined : this.openLink(text);
  }

  /** Creates an empty page under `container` and opens it. */
  async createChild(container: ContainerRef, title?: string): Promise<vscode.Uri | undefined> {
    const name = title ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Create Confluence Page'), prompt: vscode.l10n.t('Title of the new page'), ignoreFocusOut: true, validateInput: validateTitle,
    });
    if (name === undefined) { return undefined; }
    const problem = validateTitle(name);
    if (problem) { throw new UserMessage(problem); }
    const { session } = container;
    const page = await this.progress(vscode.l10n.t('Creating "{0}"…', name.trim()), () => this.deps.pages.repository.request(session, () => session.client.createPage({
      spaceId: container.spaceId, ...(container.parentId ? { parentId: container.parentId } : {}), title: name.trim(), body: { representation: 'storage', value: '' },
    })));
    this.deps.log.info(`[pages] created page ${page.id} in space ${container.spaceId} on ${session.site.host}`);
    this.deps.pages.pageCreated(session.site.host, page);
    if (container.spaceKey) { this.deps.pages.repository.rememberSpaceKey(session.site.host, container.spaceId, container.spaceKey); }
    return this.open({ session, pageId: page.id, title: page.title, ...(container.spaceKey ? { spaceKey: container.spaceKey } : {}) });
  }

  /** Changes the title; open editors keep their URI (the page id decides) and reload. */
  async rename(ref: PageRef, newTitle?: string): Promise<string | undefined> {
    const { session } = ref;
    const current = ref.title ?? (await this.fetchVersion(ref)).title;
    const name = newTitle ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Rename Confluence Page'), prompt: vscode.l10n.t('New title'), value: current, ignoreFocusOut: true, validateInput: validateTitle,
    });
    if (name === undefined || name.trim() === current) { return undefined; }
    const problem = validateTitle(name);
    if (problem) { throw new UserMessage(problem); }
    const repo = this.deps.pages.repository;
    await this.progress(vscode.l10n.t('Renaming to "{0}"…', name.trim()), () => repo.request(session, () => repo.whileNew({ host: session.site.host, pageId: ref.pageId }, () => session.client.renamePage(ref.pageId, name.trim()))));
    this.deps.log.info(`[pages] renamed page ${ref.pageId} on ${session.site.host}`);
    this.deps.pages.pageChanged({ host: session.site.host, pageId: ref.pageId });
    return name.trim();
  }

  /** Moves the page to the trash after the person confirms. */
  async trash(ref: PageRef): Promise<boolean> {
    const { session } = ref;
    const title = ref.title ?? (await this.fetchVersion(ref)).title;
    if (!await this.deps.prompts.confirmTrash(title, session.site.host)) { return false; }
    const repo = this.deps.pages.repository;
    await this.progress(vscode.l10n.t('Moving "{0}" to the trash…', title), () => repo.request(session, () => repo.whileNew({ host: session.site.host, pageId: ref.pageId }, () => session.client.deletePage(ref.pageId))));
    this.deps.log.info(`[pages] moved page ${ref.pageId} on ${session.site.host} to the trash`);
    this.deps.pages.pageDeleted({ host: session.site.host, pageId: ref.pageId });
    return true;
  }

  /** The page's address in the browser. */
  webUrl(ref: PageRef, kind: 'page' | 'tiny' = 'page'): string {
    const origin = ref.session.site.origin;
    return kind === 'tiny' ? pageTinyUrl(origin, ref.pageId) : pageWebUrl(origin, { pageId: ref.pageId, ...(ref.spaceKey ? { spaceKey: ref.spaceKey } : {}) });
  }

  private fetchVersion(ref: PageRef): Promise<Page> {
    const repo = this.deps.pages.repository;
    return this.progress(vscode.l10n.t('Reading page…'), () => repo.request(ref.session, () => repo.whileNew({ host: ref.session.site.host, pageId: ref.pageId }, () => ref.session.client.getPageVersion(ref.pageId))));
  }

  private async pickSession(): Promise<SiteSession | undefined> {
    const all = this.deps.sessions.all();
    if (all.length === 1) { return all[0]; }
    if (all.length === 0) { throw new UserMessage(vscode.l10n.t('Sign in to a Confluence site first ("Confluence: Add Site…"), or paste the full page link.')); }
    const pick = await vscode.window.showQuickPick(all.map((s) => ({ label: s.site.host, session: s })), { title: vscode.l10n.t('Which site is the page on?'), ignoreFocusOut: true });
    return pick?.session;
  }

  private progress<T>(title: string, task: () => Promise<T>): Promise<T> {
    return withProgress(title, task);
  }
}

export function validateTitle(value: string): string | undefined {
  const t = value.trim();
  if (t === '') { return vscode.l10n.t('Enter a title.'); }
  if (t.length > 255) { return vscode.l10n.t('Confluence titles have at most 255 characters.'); }
  return undefined;
}

function cqlEscape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
