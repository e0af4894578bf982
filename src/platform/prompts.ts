// Every question the extension asks with a modal dialog, behind one replaceable answerer: a command
// never skips a confirmation because of an argument (arguments can come from a link), and integration
// tests — whose smoke-test workbench skips modal dialogs — answer by replacing the answerer.

import * as vscode from 'vscode';
import type { LossReport } from '../pages/lossReport';
import type { SaveQuestions } from '../pages/saveCoordinator';

export interface Prompts extends SaveQuestions {
  /** Before moving a page to the trash. */
  confirmTrash(title: string, host: string): Promise<boolean>;
  /** The first time the admin key is enabled on a site: Confluence audits it and notifies owners. */
  confirmAdminKeyFirstUse(host: string): Promise<boolean>;
  /** Before replacing exactly one remote version with the editor's text. */
  confirmOverwrite(question: string, detail: string): Promise<boolean>;
  /** A link from outside VS Code asks to open a page while the admin key is on (an audited read). */
  confirmOpenWithAdminKey(link: string, host: string): Promise<boolean>;
  /** Before deleting a comment (permanently, with its replies). */
  confirmDeleteComment(preview: string, replies: number): Promise<boolean>;
  /** Before writing an old version's text as the page's new version. */
  confirmRestore(question: string, detail: string): Promise<boolean>;
  /** Before a move: which of the offered ways (Move Into, Move Before…), or undefined to cancel. */
  chooseMove(message: string, detail: string, choices: readonly string[]): Promise<string | undefined>;
  /** Before moving a folder to the trash. */
  confirmDeleteFolder(title: string, host: string): Promise<boolean>;
  /** Before moving an attachment to the trash. */
  confirmDeleteAttachment(filename: string, pageTitle: string): Promise<boolean>;
  /** A file of that name is already attached: add the new file as its next version? */
  confirmNewVersion(filename: string, pageTitle: string): Promise<boolean>;
}

export class DialogPrompts implements Prompts {
  async confirmRemovals(title: string, loss: LossReport): Promise<boolean> {
    return this.confirm(vscode.l10n.t('This save removes: {0}.', loss.list),
      vscode.l10n.t('"{0}": what is removed cannot be restored by Confluence (comment threads stay on the page but are no longer attached to any text). Cancel keeps your text unsaved so you can put it back.', title),
      vscode.l10n.t('Save anyway'));
  }

  async askVersionMessage(title: string, defaultMessage: string): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: vscode.l10n.t('Save "{0}" to Confluence', title),
      prompt: vscode.l10n.t('Version message (optional). Press Escape to cancel the save.'),
      value: defaultMessage,
      ignoreFocusOut: true,
    });
  }

  confirmTrash(title: string, host: string): Promise<boolean> {
    return this.confirm(vscode.l10n.t('Move "{0}" to the trash?', title),
      vscode.l10n.t('The page leaves {0} for everyone. A space admin can restore it from the space\'s trash. Unsaved changes in its editor are not saved.', host),
      vscode.l10n.t('Move to Trash'));
  }

  confirmAdminKeyFirstUse(host: string): Promise<boolean> {
    return this.confirm(vscode.l10n.t('Enable the admin key on {0}?', host),
      vscode.l10n.t('The admin key lets you see and edit restricted content. Confluence records every use of it in the audit log and notifies the owners of the content you open. You will not be asked again for this site.'),
      vscode.l10n.t('Enable Admin Key'));
  }

  confirmOverwrite(question: string, detail: string): Promise<boolean> {
    return this.confirm(question, detail, vscode.l10n.t('Overwrite'));
  }

  confirmOpenWithAdminKey(link: string, host: string): Promise<boolean> {
    return this.confirm(vscode.l10n.t('Open this page on {0} with the admin key?', host),
      vscode.l10n.t('A link asked VS Code to open {0}. The admin key is on, so reading it is recorded in Confluence\'s audit log under your name and may notify the page\'s owners.', link),
      vscode.l10n.t('Open with Admin Key'));
  }

  confirmDeleteComment(preview: string, replies: number): Promise<boolean> {
    const detail = replies === 0
      ? vscode.l10n.t('"{0}" will be deleted from Confluence for everyone. This cannot be undone.', preview)
      : replies === 1
        ? vscode.l10n.t('"{0}" and its reply will be deleted from Confluence for everyone. This cannot be undone.', preview)
        : vscode.l10n.t('"{0}" and its {1} replies will be deleted from Confluence for everyone. This cannot be undone.', preview, replies);
    return this.confirm(vscode.l10n.t('Delete this comment?'), detail, vscode.l10n.t('Delete'));
  }

  confirmRestore(question: string, detail: string): Promise<boolean> {
    return this.confirm(question, detail, vscode.l10n.t('Restore'));
  }

  async chooseMove(message: string, detail: string, choices: readonly string[]): Promise<string | undefined> {
    return vscode.window.showWarningMessage(message, { modal: true, detail }, ...choices);
  }

  confirmDeleteFolder(title: string, host: string): Promise<boolean> {
    return this.confirm(vscode.l10n.t('Move the folder "{0}" to the trash?', title),
      vscode.l10n.t('It leaves {0} for everyone; what is inside it moves up one level. A space admin can restore it from the space\'s trash.', host),
      vscode.l10n.t('Move to Trash'));
  }

  confirmDeleteAttachment(filename: string, pageTitle: string): Promise<boolean> {
    return this.confirm(vscode.l10n.t('Move "{0}" to the trash?', filename),
      vscode.l10n.t('It is removed from "{0}" for everyone; images and links to it on the page break. A space admin can restore it from the space\'s trash.', pageTitle),
      vscode.l10n.t('Move to Trash'));
  }

  confirmNewVersion(filename: string, pageTitle: string): Promise<boolean> {
    return this.confirm(vscode.l10n.t('"{0}" already has a file named "{1}". Upload yours as its new version?', pageTitle, filename),
      vscode.l10n.t('Confluence keeps the earlier versions in the attachment\'s history; references on the page show the new one.'),
      vscode.l10n.t('Upload New Version'));
  }

  private async confirm(message: string, detail: string, action: string): Promise<boolean> {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  }
}

/** Forwards every question to a replaceable answerer. */
export class ReplaceablePrompts implements Prompts {
  constructor(public answerer: Prompts) {}

  confirmRemovals(title: string, loss: LossReport): Promise<boolean> { return this.answerer.confirmRemovals(title, loss); }
  askVersionMessage(title: string, defaultMessage: string): Promise<string | undefined> { return this.answerer.askVersionMessage(title, defaultMessage); }
  confirmTrash(title: string, host: string): Promise<boolean> { return this.answerer.confirmTrash(title, host); }
  confirmAdminKeyFirstUse(host: string): Promise<boolean> { return this.answerer.confirmAdminKeyFirstUse(host); }
  confirmOverwrite(question: string, detail: string): Promise<boolean> { return this.answerer.confirmOverwrite(question, detail); }
  confirmOpenWithAdminKey(link: string, host: string): Promise<boolean> { return this.answerer.confirmOpenWithAdminKey(link, host); }
  confirmDeleteComment(preview: string, replies: number): Promise<boolean> { return this.answerer.confirmDeleteComment(preview, replies); }
  confirmRestore(question: string, detail: string): Promise<boolean> { return this.answerer.confirmRestore(question, detail); }
  chooseMove(message: string, detail: string, choices: readonly string[]): Promise<string | undefined> { return this.answerer.chooseMove(message, detail, choices); }
  confirmDeleteFolder(title: string, host: string): Promise<boolean> { return this.answerer.confirmDeleteFolder(title, host); }
  confirmDeleteAttachment(filename: string, pageTitle: string): Promise<boolean> { return this.answerer.confirmDeleteAttachment(filename, pageTitle); }
  confirmNewVersion(filename: string, pageTitle: string): Promise<boolean> { return this.answerer.confirmNewVersion(filename, pageTitle); }
}
