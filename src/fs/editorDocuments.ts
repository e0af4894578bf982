// What the file system and the page layer need from VS Code about open documents and file settings.

import * as vscode from 'vscode';
import type { SaveSettings, VersionMessageMode } from '../pages/saveCoordinator';
import { CONFLUENCE_SCHEME, type PageFormat } from '../pages/pageUri';
import type { EditorDocuments } from './confluenceFileSystemProvider';

export const FILES_SETTING_SECTION = 'confluence.files';

export class WorkspaceEditorDocuments implements EditorDocuments {
  find(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  }

  loaded(): vscode.Uri[] {
    return vscode.workspace.textDocuments.filter((d) => d.uri.scheme === CONFLUENCE_SCHEME).map((d) => d.uri);
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
}

/** `confluence.files.*` settings. */
export class FileSettings implements SaveSettings {
  versionCheckIntervalMinutes(): number {
    const v = this.config().get<number>('versionCheckIntervalMinutes', 5);
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(v, 24 * 60) : 0;
  }

  versionMessageMode(): VersionMessageMode {
    const v = this.config().get<string>('versionMessage', 'none');
    return v === 'prompt' || v === 'fixed' ? v : 'none';
  }

  /** What a click on a page in the tree opens: its Markdown view (default) or its storage format. */
  defaultFormat(): PageFormat {
    return this.config().get<string>('defaultFormat', 'markdown') === 'storage' ? 'storage' : 'markdown';
  }

  defaultVersionMessage(): string {
    return this.config().get<string>('defaultVersionMessage', '') ?? '';
  }

  affects(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(FILES_SETTING_SECTION);
  }

  private config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(FILES_SETTING_SECTION);
  }
}
