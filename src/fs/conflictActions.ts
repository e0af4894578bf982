// `Compare with Remote` and `Overwrite Remote with My Version`: the way out of a conflict VS Code could
// not show (a same-size remote edit, a restored editor, …). Compare shows exactly one remote version;
// Overwrite takes explicit consent — a modal naming that version — for exactly that version.

import * as vscode from 'vscode';
import type { PageLayer } from '../pages/pageLayer';
import { describeAuthor, formatVersionTime } from '../pages/pageMessages';
import type { Prompts } from '../platform/prompts';
import { documentKey, pageUri, tryLocate, type EditorDocuments } from './confluenceFileSystemProvider';
import { UserMessage } from '../platform/userMessage';

export class ConflictActions {
  constructor(private readonly pages: PageLayer, private readonly editor: EditorDocuments, private readonly prompts: Prompts,
    private readonly log: vscode.LogOutputChannel) {}

  /**
   * Opens a diff: left = the current remote version (read-only `?version=N`), right = the editor's
   * document (editable, dirty). Returns the remote version shown.
   */
  async compareWithRemote(document: vscode.Uri): Promise<number> {
    const target = livePage(document);
    const loc = locate(target);
    const remote = await this.pages.documents.remote(loc);
    const versionUri = pageUri({ ...loc, title: remote.meta.title, version: remote.meta.version });
    const name = target.path.split('/').pop() ?? 'page';
    await vscode.commands.executeCommand('vscode.diff', versionUri, target, vscode.l10n.t('{0} (Confluence v{1}) ↔ {0} (yours)', name, remote.meta.version), { preview: false });
    this.log.info(`[pages] compare ${target.toString()} with remote v${remote.meta.version}`);
    return remote.meta.version;
  }

  /**
   * Replaces the current remote version with the editor's text after a modal confirmation naming that
   * version. The save goes through VS Code (document.save()), so the editor ends clean with the new
   * version as its baseline; the write lands on top of exactly the confirmed version and is refused if
   * the page moved on meanwhile. Returns whether the page was saved.
   */
  async overwriteRemote(document: vscode.Uri): Promise<boolean> {
    const target = livePage(document);
    const loc = locate(target);
    const open = this.editor.find(target);
    if (!open) { throw new UserMessage(vscode.l10n.t('Open the page in an editor first; Overwrite replaces the remote page with that editor\'s text.')); }
    if (!open.isDirty) {
      throw new UserMessage(vscode.l10n.t('This editor has no unsaved changes, so there is nothing to overwrite with. To get the remote version, use "File: Revert File".'));
    }
    const remote = await this.pages.documents.remoteMeta(loc);
    const session = this.pages.repository.sessionIfAny(loc);
    const name = session ? await this.pages.repository.displayName(session, remote.authorId) : undefined;
    const who = describeAuthor(remote.authorId, name, session?.site.accountId);
    const base = this.pages.documents.baseOf(documentKey(target));
    const question = vscode.l10n.t('Overwrite version {0} of "{1}" with your text?', remote.version, remote.title);
    const args = { version: remote.version, who, time: formatVersionTime(remote.mtime), next: remote.version + 1, base: base?.version ?? remote.version };
    const detail = base && base.version !== remote.version
      ? vscode.l10n.t('Version {version} was saved by {who} at {time}; your text is based on version {base}. Your text becomes version {next}; version {version} stays in the page history. If the page changes again before the save, nothing is written.', args)
      : vscode.l10n.t('Version {version} was saved by {who} at {time}. Your text becomes version {next}; version {version} stays in the page history. If the page changes again before the save, nothing is written.', args);
    if (!await this.prompts.confirmOverwrite(question, detail)) { return false; }
    this.pages.documents.grantOverwriteConsent(documentKey(target), remote.version);
    this.log.info(`[pages] overwrite of ${target.toString()} on v${remote.version} confirmed`);
    const saved = await open.save();
    if (!saved && this.pages.documents.revokeOverwriteConsent(documentKey(target))) {
      // The write never ran: VS Code stopped the save itself, e.g. with its own "content is newer"
      // notification (the remote size differs from what the editor last saw).
      void vscode.window.showWarningMessage(vscode.l10n.t('VS Code did not save the page. If it shows "The content of the file is newer", choose Overwrite there, or run this command again.'));
    }
    return saved;
  }
}

/** A compare view's left side is `?version=N`; the commands act on the live page. */
function livePage(uri: vscode.Uri): vscode.Uri {
  return tryLocate(uri)?.version !== undefined ? uri.with({ query: '' }) : uri;
}

function locate(uri: vscode.Uri): NonNullable<ReturnType<typeof tryLocate>> {
  const loc = tryLocate(uri);
  if (!loc) { throw new UserMessage(vscode.l10n.t('Open a Confluence page in the editor first.')); }
  return loc;
}
