// What the `confluence:` file system needs from the rest of the extension, as small interfaces the
// composition root (extension.ts) satisfies and integration tests can replace.

import * as vscode from 'vscode';
import type { ConfluenceClient } from '../confluence/client';
import type { Clock } from '../confluence/http';

/** The client operations the file system uses (a real ConfluenceClient satisfies it). */
export type PageClient = Pick<ConfluenceClient,
  'getPage' | 'getPageVersion' | 'permittedOperations' | 'updatePage' | 'createPage' | 'renamePage' | 'deletePage'
  | 'getSpace' | 'search' | 'adminKeyActive'>;

export interface SiteInfo {
  /** e.g. https://acme.atlassian.net or http://127.0.0.1:41234 */
  origin: string;
  /** The URI authority: host, plus :port when not the default (authorityForOrigin(origin)). */
  host: string;
  tokenKind: 'classic' | 'scoped';
  /** The signed-in account may use the admin key on this site (admin, Premium/Enterprise, classic token). */
  adminKeySupported: boolean;
}

export interface SiteSession {
  client: PageClient;
  site: SiteInfo;
  /** The signed-in account, when known, so a conflict by "you" reads as such. */
  accountId?: string;
}

export interface SiteLookup {
  sessionForHost(host: string): SiteSession | undefined;
  /** Fires when a site signs in or out (open documents are then re-checked). */
  readonly onDidChangeSessions: vscode.Event<unknown>;
  /** The hosts signed in now (Open Page… asks which one when a pasted link has no site). */
  hosts?(): string[];
}

export type FsClock = Clock;

/** Questions the provider asks a person. Replaceable in integration tests (modals cannot be clicked there). */
export interface FsUi {
  /** Modal warning before a save that removes inline-comment anchors. True = save anyway. */
  confirmRemoveInlineComments(title: string, count: number): Promise<boolean>;
  /** Version message prompt; undefined = the person cancelled (the save is cancelled). */
  askVersionMessage(title: string, defaultMessage: string): Promise<string | undefined>;
}

export type VersionMessageMode = 'none' | 'prompt' | 'fixed';

export interface FsSettings {
  /** `confluence.files.versionCheckIntervalMinutes` (0 = off). */
  versionCheckIntervalMinutes(): number;
  /** `confluence.files.versionMessage`. */
  versionMessageMode(): VersionMessageMode;
  /** `confluence.files.defaultVersionMessage`. */
  defaultVersionMessage(): string;
  /** The person set `files.autoSave` for this document's language themselves (not our default). */
  autoSaveOptedIn(document: vscode.TextDocument | undefined): boolean;
  readonly onDidChange: vscode.Event<void>;
}

/** The open text documents (vscode.workspace.textDocuments), by URI. */
export interface OpenDocuments {
  find(uri: vscode.Uri): vscode.TextDocument | undefined;
  all(): readonly vscode.TextDocument[];
}

// --- default implementations over the VS Code API ----------------------------------------------

export class WorkspaceDocuments implements OpenDocuments {
  find(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return vscode.workspace.textDocuments.find(d => d.uri.toString() === key);
  }

  all(): readonly vscode.TextDocument[] {
    return vscode.workspace.textDocuments;
  }
}

/**
 * The questions go to `answerer`, which integration tests may replace: VS Code's smoke-test mode,
 * which the test harness needs, skips modal dialogs, so they cannot be answered by clicking.
 */
export class ReplaceableFsUi implements FsUi {
  constructor(public answerer: FsUi) {}

  confirmRemoveInlineComments(title: string, count: number): Promise<boolean> {
    return this.answerer.confirmRemoveInlineComments(title, count);
  }

  askVersionMessage(title: string, defaultMessage: string): Promise<string | undefined> {
    return this.answerer.askVersionMessage(title, defaultMessage);
  }
}

export class VsCodeFsUi implements FsUi {
  async confirmRemoveInlineComments(title: string, count: number): Promise<boolean> {
    const saveAnyway = 'Save anyway';
    const noun = count === 1 ? "1 inline comment's anchor" : `${count} inline comments' anchors`;
    const choice = await vscode.window.showWarningMessage(
      `This save removes ${noun}.`,
      { modal: true, detail: `"${title}": the comment threads stay on the page but are no longer attached to any text. Cancel keeps your text unsaved so you can restore the <ac:inline-comment-marker> elements.` },
      saveAnyway);
    return choice === saveAnyway;
  }

  async askVersionMessage(title: string, defaultMessage: string): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: `Save "${title}" to Confluence`,
      prompt: 'Version message (optional). Press Escape to cancel the save.',
      value: defaultMessage,
      ignoreFocusOut: true,
    });
  }
}

export const SETTING_SECTION = 'confluence.files';

export class VsCodeFsSettings implements FsSettings, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration(SETTING_SECTION)) { this.emitter.fire(); }
    });
  }

  versionCheckIntervalMinutes(): number {
    const v = vscode.workspace.getConfiguration(SETTING_SECTION).get<number>('versionCheckIntervalMinutes', 5);
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(v, 24 * 60) : 0;
  }

  versionMessageMode(): VersionMessageMode {
    const v = vscode.workspace.getConfiguration(SETTING_SECTION).get<string>('versionMessage', 'none');
    return v === 'prompt' || v === 'fixed' ? v : 'none';
  }

  defaultVersionMessage(): string {
    return vscode.workspace.getConfiguration(SETTING_SECTION).get<string>('defaultVersionMessage', '') ?? '';
  }

  autoSaveOptedIn(document: vscode.TextDocument | undefined): boolean {
    if (!document) { return false; }
    const inspected = vscode.workspace.getConfiguration('files', { uri: document.uri, languageId: document.languageId })
      .inspect<string>('autoSave');
    // Only language-scoped values the person wrote count; our contributed default is `off`, and a
    // global `files.autoSave` is exactly what the language default is there to override.
    const chosen = inspected?.workspaceFolderLanguageValue ?? inspected?.workspaceLanguageValue ?? inspected?.globalLanguageValue;
    return chosen !== undefined && chosen !== 'off';
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
