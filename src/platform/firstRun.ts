// The walkthrough (package.json `contributes.walkthroughs`): opened once, the first time the extension
// starts in a profile with no site signed in; `Confluence: Get Started` opens it any time.

import * as vscode from 'vscode';
import { StateKeys, WALKTHROUGH_ID } from '../constants';

export class FirstRun {
  constructor(private readonly globalState: vscode.Memento, private readonly log: vscode.LogOutputChannel) {}

  /** Opens the walkthrough on a first install; returns whether it did. */
  async maybeOpen(signedIn: boolean): Promise<boolean> {
    if (this.globalState.get<boolean>(StateKeys.walkthroughShown)) { return false; }
    await this.globalState.update(StateKeys.walkthroughShown, true);
    // Someone who already has a site (an update from a version without the walkthrough) is not shown it.
    if (signedIn) { return false; }
    await this.open();
    this.log.info('[extension] first start: opened the walkthrough');
    return true;
  }

  async open(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  }

  /** Forgets that the walkthrough was shown (tests). */
  reset(): Thenable<void> {
    return this.globalState.update(StateKeys.walkthroughShown, undefined);
  }
}
