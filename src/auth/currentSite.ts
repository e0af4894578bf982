import * as vscode from 'vscode';
import { URI_SCHEME } from '../constants';
import type { SiteSessions } from './siteSessions';

/**
 * Which site the person is working with right now: the site of the active confluence: editor,
 * else the site of the node last selected in the tree, else the first signed-in site. The admin-key
 * status item follows it.
 */
export class CurrentSite implements vscode.Disposable {
  private fromTree: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly sessions: SiteSessions) {
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.changed.fire()),
      sessions.onDidChange(() => this.changed.fire()),
    ];
  }

  origin(): string | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (uri?.scheme === URI_SCHEME) {
      const fromEditor = this.sessions.sites().find((s) => s.host === uri.authority);
      if (fromEditor) return fromEditor.origin;
    }
    const sites = this.sessions.sites();
    if (this.fromTree && sites.some((s) => s.origin === this.fromTree)) return this.fromTree;
    return sites[0]?.origin;
  }

  selectFromTree(origin: string | undefined): void {
    if (origin && origin !== this.fromTree) {
      this.fromTree = origin;
      this.changed.fire();
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
