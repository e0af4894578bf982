// Page commands with explicit arguments, so the tree (context menus) and the palette call the same
// functions: Open Page…, Create Child Page, Rename, Delete, Open in Browser, Copy Link. The lead
// registers them; each takes what it acts on instead of reading global state.

import * as vscode from 'vscode';
import { ConfluenceError } from '../confluence/errors';
import { pageTinyUrl, pageWebUrl, parsePageLink, spaceKeyFromWebUrl } from '../pages/pageLinks';
import type { ConfluenceFileSystemProvider } from './confluenceFileSystemProvider';
import type { SiteLookup, SiteSession } from './fsTypes';

export interface PageCommandDeps {
  sites: SiteLookup;
  provider: ConfluenceFileSystemProvider;
  log: vscode.LogOutputChannel;
}

export interface PageTarget {
  host: string;
  pageId: string;
  title?: string;
  spaceKey?: string;
}

export interface ChildTarget {
  host: string;
  spaceId: string;
  spaceKey?: string;
  /** Absent: a page at the top of the space (Confluence puts it under the homepage). */
  parentId?: string;
}

/** Opens the page's document in an editor (one body request; none if it was just fetched). */
export async function openPageDocument(deps: PageCommandDeps, target: PageTarget, options?: vscode.TextDocumentShowOptions): Promise<vscode.Uri | undefined> {
  const session = sessionOrWarn(deps, target.host);
  if (!session) { return undefined; }
  let { spaceKey, title } = target;
  if (spaceKey === undefined || title === undefined) {
    // Fetch with the body: the editor's readFile then answers from this snapshot.
    const keyOn = session.client.adminKeyActive();
    const page = await withProgress(`Opening page ${target.pageId}…`, () => session.client.getPage(target.pageId, { bodyFormat: 'storage', includeOperations: true }));
    if (!page) { return undefined; }
    deps.provider.primePage(target.host, page, keyOn);
    title ??= page.title;
    // The page's web link names its space (…/spaces/KEY/pages/…), which saves asking for the space.
    spaceKey ??= spaceKeyFromWebUrl(page.webUrl) ?? await deps.provider.spaceKeyFor(session, page.spaceId);
    if (spaceKey) { deps.provider.rememberSpaceKey(target.host, page.spaceId, spaceKey); }
  }
  const uri = deps.provider.uriFor({ host: target.host, pageId: target.pageId, title, ...(spaceKey ? { spaceKey } : {}) });
  await vscode.window.showTextDocument(uri, { preview: false, ...options });
  return uri;
}

/** `Confluence: Open Page…`: a pasted link, tiny link, confluence: URI or page id. */
export async function openPageFromInput(deps: PageCommandDeps, input?: string): Promise<vscode.Uri | undefined> {
  const text = input ?? await vscode.window.showInputBox({
    title: 'Open Confluence Page',
    prompt: 'Paste a page link (…/wiki/spaces/KEY/pages/123/…, …/wiki/x/AbCd, viewpage.action?pageId=…) or a page id',
    ignoreFocusOut: true,
    validateInput: value => {
      const r = parsePageLink(value);
      return r.ok || value.trim() === '' ? undefined : r.error;
    },
  });
  if (text === undefined || text.trim() === '') { return undefined; }
  const parsed = parsePageLink(text);
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(parsed.error);
    return undefined;
  }
  const link = parsed.link;
  const host = link.host ?? await pickHost(deps);
  if (!host) { return undefined; }
  if (!deps.sites.sessionForHost(host)) {
    void vscode.window.showErrorMessage(`Not signed in to ${host}. Run "Confluence: Add Site…" first.`);
    return undefined;
  }
  if (link.kind === 'page') {
    return openPageDocument(deps, { host, pageId: link.pageId, ...(link.spaceKey ? { spaceKey: link.spaceKey } : {}) });
  }
  const session = deps.sites.sessionForHost(host);
  if (!session) { return undefined; }
  const cql = `type = page AND space = "${cqlEscape(link.spaceKey)}" AND title = "${cqlEscape(link.title)}"`;
  const results = await withProgress(`Looking up "${link.title}"…`, () => session.client.search(cql, { limit: 2 }));
  const hit = results?.[0];
  if (!hit) {
    void vscode.window.showErrorMessage(`No page titled "${link.title}" in space ${link.spaceKey} on ${host}.`);
    return undefined;
  }
  return openPageDocument(deps, { host, pageId: hit.id, spaceKey: link.spaceKey });
}

/** `Create Child Page`: POSTs an empty page under `parent` and opens it. */
export async function createChildPage(deps: PageCommandDeps, parent: ChildTarget, title?: string): Promise<vscode.Uri | undefined> {
  const session = sessionOrWarn(deps, parent.host);
  if (!session) { return undefined; }
  const name = title ?? await vscode.window.showInputBox({
    title: 'Create Confluence Page', prompt: 'Title of the new page', ignoreFocusOut: true, validateInput: validateTitle,
  });
  if (name === undefined || validateTitle(name) !== undefined) { return undefined; }
  const page = await withProgress(`Creating "${name.trim()}"…`, () => session.client.createPage({
    spaceId: parent.spaceId, ...(parent.parentId ? { parentId: parent.parentId } : {}), title: name.trim(), body: { representation: 'storage', value: '' },
  }));
  if (!page) { return undefined; }
  deps.log.info(`[fs] created page ${page.id} in space ${parent.spaceId} on ${parent.host}`);
  deps.provider.primePage(parent.host, page);
  if (parent.spaceKey) { deps.provider.rememberSpaceKey(parent.host, parent.spaceId, parent.spaceKey); }
  return openPageDocument(deps, { host: parent.host, pageId: page.id, title: page.title,
    ...(parent.spaceKey ? { spaceKey: parent.spaceKey } : {}) });
}

/** `Rename Page`: changes the title. Open editors keep their URI (the page id decides) and reload. */
export async function renamePage(deps: PageCommandDeps, target: PageTarget, newTitle?: string): Promise<string | undefined> {
  const session = sessionOrWarn(deps, target.host);
  if (!session) { return undefined; }
  const current = target.title ?? (await withProgress('Reading page…', () => session.client.getPageVersion(target.pageId)))?.title;
  const name = newTitle ?? await vscode.window.showInputBox({
    title: 'Rename Confluence Page', prompt: 'New title', value: current, ignoreFocusOut: true, validateInput: validateTitle,
  });
  if (name === undefined || validateTitle(name) !== undefined || name.trim() === current) { return undefined; }
  const ok = await withProgress(`Renaming to "${name.trim()}"…`, async () => {
    await session.client.renamePage(target.pageId, name.trim());
    return true;
  });
  if (!ok) { return undefined; }
  deps.log.info(`[fs] renamed page ${target.pageId} on ${target.host}`);
  deps.provider.pageChanged(target.host, target.pageId);
  return name.trim();
}

/** `Delete Page`: moves the page to the trash after a modal confirmation. */
export async function deletePage(deps: PageCommandDeps, target: PageTarget, confirmed = false): Promise<boolean> {
  const session = sessionOrWarn(deps, target.host);
  if (!session) { return false; }
  const title = target.title ?? (await withProgress('Reading page…', () => session.client.getPageVersion(target.pageId)))?.title ?? `page ${target.pageId}`;
  if (!confirmed) {
    const moveToTrash = 'Move to Trash';
    const choice = await vscode.window.showWarningMessage(`Move "${title}" to the trash?`, {
      modal: true,
      detail: `The page leaves ${target.host} for everyone. A space admin can restore it from the space's trash. Unsaved changes in its editor are not saved.`,
    }, moveToTrash);
    if (choice !== moveToTrash) { return false; }
  }
  const ok = await withProgress(`Moving "${title}" to the trash…`, async () => {
    await session.client.deletePage(target.pageId);
    return true;
  });
  if (!ok) { return false; }
  deps.log.info(`[fs] moved page ${target.pageId} on ${target.host} to the trash`);
  deps.provider.pageDeleted(target.host, target.pageId);
  return true;
}

/** The page's web address for a confluence: URI (Open in Browser / Copy Link). */
export function webUrlFor(deps: PageCommandDeps, uri: vscode.Uri, kind: 'page' | 'tiny' = 'page'): string | undefined {
  const loc = deps.provider.tryLocate(uri);
  if (!loc) { return undefined; }
  const session = deps.sites.sessionForHost(loc.host);
  // Without a session, the host is still the site (https unless loopback, where only the emulator runs).
  const origin = session?.site.origin ?? `${/^(localhost|127\.|\[::1\])/.test(loc.host) ? 'http' : 'https'}://${loc.host}`;
  return kind === 'tiny' ? pageTinyUrl(origin, loc.pageId) : pageWebUrl(origin, { pageId: loc.pageId, ...(loc.spaceKey ? { spaceKey: loc.spaceKey } : {}) });
}

export async function openInBrowser(deps: PageCommandDeps, uri?: vscode.Uri): Promise<boolean> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  const url = target ? webUrlFor(deps, target) : undefined;
  if (!url) {
    void vscode.window.showInformationMessage('Open a Confluence page in the editor first.');
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(url));
}

export async function copyLink(deps: PageCommandDeps, uri?: vscode.Uri): Promise<string | undefined> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  const url = target ? webUrlFor(deps, target) : undefined;
  if (!url) {
    void vscode.window.showInformationMessage('Open a Confluence page in the editor first.');
    return undefined;
  }
  await vscode.env.clipboard.writeText(url);
  void vscode.window.setStatusBarMessage(`Copied ${url}`, 3000);
  return url;
}

// --- helpers -------------------------------------------------------------------------------------

function sessionOrWarn(deps: PageCommandDeps, host: string): SiteSession | undefined {
  const session = deps.sites.sessionForHost(host);
  if (!session) { void vscode.window.showErrorMessage(`Not signed in to ${host}. Run "Confluence: Add Site…" first.`); }
  return session;
}

async function pickHost(deps: PageCommandDeps): Promise<string | undefined> {
  const hosts = deps.sites.hosts?.() ?? [];
  if (hosts.length === 1) { return hosts[0]; }
  if (hosts.length === 0) {
    void vscode.window.showErrorMessage('Sign in to a Confluence site first ("Confluence: Add Site…"), or paste the full page link.');
    return undefined;
  }
  return vscode.window.showQuickPick(hosts, { title: 'Which site is the page on?', ignoreFocusOut: true });
}

export function validateTitle(value: string): string | undefined {
  const t = value.trim();
  if (t === '') { return 'Enter a title.'; }
  if (t.length > 255) { return 'Confluence titles have at most 255 characters.'; }
  return undefined;
}

function cqlEscape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** Runs `task` with a progress notification; errors are shown (they carry actionable text) and give undefined. */
async function withProgress<T>(title: string, task: () => Promise<T>): Promise<T | undefined> {
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task);
  } catch (e) {
    void vscode.window.showErrorMessage(ConfluenceError.is(e) || e instanceof Error ? e.message : String(e));
    return undefined;
  }
}

