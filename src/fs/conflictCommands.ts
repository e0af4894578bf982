// `Confluence: Compare with Remote` and `Confluence: Overwrite Remote with My Version`: the way out of
// a conflict VS Code could not show (a same-size remote edit, a restored editor, …). Compare shows
// exactly one remote version; Overwrite takes explicit consent for exactly the version it names.

import * as vscode from 'vscode';
import type { ConfluenceFileSystemProvider } from './confluenceFileSystemProvider';
import type { OpenDocuments } from './fsTypes';
import { WorkspaceDocuments } from './fsTypes';
import { describeAuthor, formatVersionTime } from './saveDecision';

export interface ConflictCommandDeps {
  provider: ConfluenceFileSystemProvider;
  log: vscode.LogOutputChannel;
  documents?: OpenDocuments;
  /** Replaceable in integration tests: the modal confirmation. True = overwrite. */
  confirmOverwrite?: (question: string, detail: string) => Promise<boolean>;
}

export class ConflictCommands {
  private readonly documents: OpenDocuments;
  private readonly confirm: (question: string, detail: string) => Promise<boolean>;

  constructor(private readonly deps: ConflictCommandDeps) {
    this.documents = deps.documents ?? new WorkspaceDocuments();
    this.confirm = deps.confirmOverwrite ?? (async (question, detail) => {
      const overwrite = 'Overwrite';
      return (await vscode.window.showWarningMessage(question, { modal: true, detail }, overwrite)) === overwrite;
    });
  }

  /**
   * Opens a diff: left = the current remote version (read-only `?version=N`), right = the editor's
   * document (editable, dirty). Returns the remote version shown.
   */
  async compareWithRemote(uri?: vscode.Uri): Promise<number | undefined> {
    const target = this.pageUri(uri);
    if (!target) { return undefined; }
    const remote = await this.deps.provider.loadRemote(target);
    const name = target.path.split('/').pop() ?? 'page';
    await vscode.commands.executeCommand('vscode.diff', remote.versionUri, target,
      `${name} (Confluence v${remote.meta.version}) ↔ ${name} (yours)`, { preview: false });
    this.deps.log.info(`[fs] compare ${target.toString()} with remote v${remote.meta.version}`);
    return remote.meta.version;
  }

  /**
   * Replaces the current remote version with the editor's text after a modal confirmation naming that
   * version. The save goes through VS Code (document.save()), so the editor ends clean with the new
   * version as its baseline; writeFile writes on top of exactly the confirmed version and refuses if
   * the page moved on meanwhile. Returns whether the page was saved.
   */
  async overwriteRemote(uri?: vscode.Uri, consent?: { version: number }): Promise<boolean> {
    const target = this.pageUri(uri);
    if (!target) { return false; }
    const document = this.documents.find(target);
    if (!document) {
      void vscode.window.showInformationMessage('Open the page in an editor first; Overwrite replaces the remote page with that editor\'s text.');
      return false;
    }
    if (!document.isDirty) {
      void vscode.window.showInformationMessage('This editor has no unsaved changes, so there is nothing to overwrite with. '
        + 'To get the remote version, use "File: Revert File".');
      return false;
    }
    const remote = await this.deps.provider.remoteMeta(target);
    const loc = this.deps.provider.tryLocate(target);
    const who = describeAuthor(remote.authorId, undefined, loc ? this.deps.provider.accountIdFor(loc.host) : undefined);
    const base = this.deps.provider.baseOf(target);
    const question = `Overwrite version ${remote.version} of "${remote.title}" with your text?`;
    const detail = `Version ${remote.version} was saved by ${who} at ${formatVersionTime(remote.mtime)}`
      + `${base && base.version !== remote.version ? `; your text is based on version ${base.version}` : ''}. `
      + `Your text becomes version ${remote.version + 1}; version ${remote.version} stays in the page history. `
      + 'If the page changes again before the save, nothing is written.';
    if (consent) {
      // A caller that names the version it agrees to overwrite has given the consent the modal asks
      // for; it only holds for exactly that version.
      if (consent.version !== remote.version) {
        void vscode.window.showWarningMessage(`Not overwritten: "${remote.title}" is now at version ${remote.version}, not version ${consent.version}.`);
        return false;
      }
    } else if (!(await this.confirm(question, detail))) {
      return false;
    }
    this.deps.provider.grantOverwriteConsent(target, remote.version);
    this.deps.log.info(`[fs] overwrite of ${target.toString()} on v${remote.version} confirmed`);
    const saved = await document.save();
    if (!saved && this.deps.provider.revokeOverwriteConsent(target)) {
      // writeFile never ran: VS Code stopped the save itself, e.g. with its own "content is newer"
      // notification (the remote size differs from what the editor last saw).
      void vscode.window.showWarningMessage('VS Code did not save the page. If it shows "The content of the file is newer", '
        + 'choose Overwrite there, or run this command again.');
    }
    return saved;
  }

  private pageUri(uri: vscode.Uri | undefined): vscode.Uri | undefined {
    const candidate = uri ?? vscode.window.activeTextEditor?.document.uri;
    const loc = candidate ? this.deps.provider.tryLocate(candidate) : undefined;
    if (!candidate || !loc) {
      void vscode.window.showInformationMessage('Open a Confluence page in the editor first.');
      return undefined;
    }
    // A compare view's left side is `?version=N`; the commands act on the live page.
    return loc.version !== undefined ? candidate.with({ query: '' }) : candidate;
  }
}
