// Folders: New Folder… (in a space, a page or a folder), Rename Folder… and Delete Folder… (to the
// trash, after a confirmation; what was inside moves up one level). v2 has no folder update, so a
// rename goes through v1's content update (docs/organising.md); a site that refuses it is offered
// the rename in the browser.

import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import { ConfluenceError } from '../confluence/errors';
import type { Folder } from '../confluence/organiseTypes';
import type { SiteSession } from '../confluence/siteSession';
import { withProgress } from '../platform/progress';
import type { Prompts } from '../platform/prompts';
import { UserMessage } from '../platform/userMessage';
import { placeOrigin, placeSpace, placeTitle, type ContentRef, type PlaceRef } from './model/organiseItems';
import type { OrganiseTree } from './organiseTree';

export interface FolderActionsDeps {
  sessions: SiteSessions;
  prompts: Prompts;
  tree: OrganiseTree;
  log: vscode.LogOutputChannel;
}

function validateName(value: string): string | undefined {
  const t = value.trim();
  if (t === '') { return vscode.l10n.t('Enter a name.'); }
  if (t.length > 255) { return vscode.l10n.t('Folder names have at most 255 characters.'); }
  return undefined;
}

export class FolderActions {
  constructor(private readonly deps: FolderActionsDeps) {}

  /** Creates a folder in `place` (at the top of a space, or inside a page or folder). */
  async create(place: PlaceRef, name?: string): Promise<Folder | undefined> {
    const title = await this.askName(name, vscode.l10n.t('New Folder in "{0}"', placeTitle(place)), '');
    if (title === undefined) { return undefined; }
    const session = this.session(placeOrigin(place));
    const { spaceId, spaceKey } = placeSpace(place);
    const parentId = place.kind === 'content' ? place.content.id : undefined;
    const folder = await withProgress(vscode.l10n.t('Creating the folder "{0}"…', title), (signal) =>
      session.client.createFolder({ spaceId, title, ...(parentId ? { parentId } : {}) }, { signal }));
    this.deps.log.info(`[organise] created folder ${folder.id} in ${spaceKey} on ${session.site.host}`);
    this.deps.tree.created(session.site.origin, spaceKey, { id: folder.id, type: 'folder', title: folder.title, spaceId, ...(parentId ? { parentId } : {}) });
    return folder;
  }

  async rename(folder: ContentRef, name?: string): Promise<string | undefined> {
    const title = await this.askName(name, vscode.l10n.t('Rename Folder'), folder.title);
    if (title === undefined || title === folder.title) { return undefined; }
    const session = this.session(folder.origin);
    try {
      await withProgress(vscode.l10n.t('Renaming the folder to "{0}"…', title), (signal) => session.client.renameFolder(folder.id, title, { signal }));
    } catch (e) {
      if (!ConfluenceError.is(e) || e.kind === 'unauthorized' || e.kind === 'cancelled' || e.kind === 'conflict' || e.kind === 'network' || e.kind === 'timeout') { throw e; }
      // Folder renames use an update Confluence no longer documents; a site may refuse it.
      this.deps.log.warn(`[organise] renaming folder ${folder.id} failed: ${e.message}`);
      void this.offerBrowser(folder, e.message);
      return undefined;
    }
    this.deps.log.info(`[organise] renamed folder ${folder.id} on ${session.site.host}`);
    this.deps.tree.renamed(folder.origin, folder.id, title);
    return title;
  }

  async trash(folder: ContentRef): Promise<boolean> {
    const session = this.session(folder.origin);
    if (!await this.deps.prompts.confirmDeleteFolder(folder.title, session.site.host)) { return false; }
    await withProgress(vscode.l10n.t('Moving the folder "{0}" to the trash…', folder.title), (signal) => session.client.deleteFolder(folder.id, { signal }));
    this.deps.log.info(`[organise] moved folder ${folder.id} on ${session.site.host} to the trash`);
    // What was inside moved up a level: list that level again.
    this.deps.tree.relist(folder.origin, { parentId: folder.parentId ?? null, spaceId: folder.spaceId });
    return true;
  }

  private async offerBrowser(folder: ContentRef, why: string): Promise<void> {
    const action = folder.webUrl ? vscode.l10n.t('Rename in the Browser') : undefined;
    const picked = await vscode.window.showErrorMessage(vscode.l10n.t('Confluence did not rename the folder "{0}" through its API. {1}', folder.title, why), ...(action ? [action] : []));
    if (picked && folder.webUrl) { await vscode.env.openExternal(vscode.Uri.parse(folder.webUrl)); }
  }

  private async askName(given: string | undefined, title: string, value: string): Promise<string | undefined> {
    const name = given ?? await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Folder name'), value, ignoreFocusOut: true, validateInput: validateName });
    if (name === undefined) { return undefined; }
    const problem = validateName(name);
    if (problem) { throw new UserMessage(problem); }
    return name.trim();
  }

  private session(origin: string): SiteSession {
    const session = this.deps.sessions.get(origin);
    if (!session) { throw new UserMessage(vscode.l10n.t('Not signed in to {0}. Run "Confluence: Add Site…" first.', origin)); }
    return session;
  }
}
