// The `confluence:` file system: a thin adapter between VS Code's FileSystemProvider vocabulary and the
// page layer (src/pages/). It turns URIs into page locations, answers stat/readFile/writeFile through
// PageDocuments, maps PageErrors to FileSystemErrors (the editor keeps its text on any failure), and
// batches change events for the documents a page change concerns. How saving decides what to write
// is in src/pages/saveCoordinator.ts and docs/SAVING.md.

import * as vscode from 'vscode';
import { parseAttachmentUri, type AttachmentFiles } from '../pages/attachmentUri';
import { PageError } from '../pages/pageErrors';
import type { PageChange, PageLayer } from '../pages/pageLayer';
import { CONFLUENCE_SCHEME, pageUriParts, parsePageUri, PageUriError, type PageLocation } from '../pages/pageUri';
import type { OpenDocument } from '../pages/versionCheck';

const EVENT_BATCH_MS = 50;
const REREAD_DELAY_MS = 2 * EVENT_BATCH_MS;
/** Reads and saves that take longer than this show a progress notification with Cancel. */
const SLOW_OPERATION_MS = 1_500;

/** What the provider needs to know about the editor's documents and settings. */
export interface EditorDocuments {
  /** The open text document for a URI (its dirty state matters to stat, read and write). */
  find(uri: vscode.Uri): vscode.TextDocument | undefined;
  /** Page documents VS Code has loaded (change events go to them). */
  loaded(): readonly vscode.Uri[];
  /** The person set files.autoSave for this document's language themselves (not our default). */
  autoSaveOptedIn(document: vscode.TextDocument | undefined): boolean;
}

export class ConfluenceFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile: vscode.Event<vscode.FileChangeEvent[]> = this.changeEmitter.event;
  private pendingEvents: vscode.FileChangeEvent[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: { dispose(): unknown }[] = [];

  /** `attachments`: reads a page's attachment files (`/<space>/<id>/attachments/<file>`, read-only). */
  constructor(private readonly pages: PageLayer, private readonly editor: EditorDocuments, private readonly attachments?: AttachmentFiles) {
    // The provider never learns why it is asked to write; the will-save event (which fires just
    // before, for editor saves) does.
    this.subscriptions.push(
      vscode.workspace.onWillSaveTextDocument((e) => {
        if (e.document.uri.scheme === CONFLUENCE_SCHEME) { pages.documents.saveStarting(documentKey(e.document.uri), e.reason); }
      }),
      pages.onDidChange((change) => this.pageChanged(change)),
    );
  }

  watch(): vscode.Disposable {
    // Open documents are polled by the version check; nothing to set up per watch.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const files = this.attachments;
    const attachment = files ? parseAttachmentUri(uri) : undefined;
    if (attachment && files) {
      const s = await this.call(() => files.stat(attachment));
      return { type: vscode.FileType.File, ctime: s.mtime, mtime: s.mtime, size: s.size, permissions: vscode.FilePermission.Readonly };
    }
    const dir = directoryStat(uri);
    if (dir) { return dir; }
    const s = await this.call(() => this.pages.documents.stat(documentKey(uri), locate(uri), this.isDirty(uri)));
    return { type: vscode.FileType.File, ctime: s.ctime, mtime: s.mtime, size: s.size, ...(s.readonly ? { permissions: vscode.FilePermission.Readonly } : {}) };
  }

  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const files = this.attachments;
    const attachment = files ? parseAttachmentUri(uri) : undefined;
    if (attachment && files) { return this.call(() => files.read(attachment)); }
    if (directoryStat(uri)) { throw vscode.FileSystemError.FileIsADirectory(uri); }
    const loc = locate(uri);
    return this.call(() => slowProgress(`Opening "${this.pages.documents.titleOf(loc) ?? loc.pageId}" from Confluence…`,
      (signal) => this.pages.documents.read(documentKey(uri), loc, this.isDirty(uri), signal)));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    // The options never tell a deliberate Overwrite from a plain save, so they are ignored.
    if (parseAttachmentUri(uri)) { throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Attachments are read-only here. Use "Upload New Version…" on the attachment in the Confluence view.')); }
    if (directoryStat(uri)) { throw vscode.FileSystemError.FileIsADirectory(uri); }
    const document = this.editor.find(uri);
    const loc = locate(uri);
    await this.call(() => slowProgress(`Saving "${this.pages.documents.titleOf(loc) ?? loc.pageId}" to Confluence…`,
      (signal) => this.pages.documents.write(documentKey(uri), loc, content, this.editor.autoSaveOptedIn(document), signal)));
  }

  readDirectory(): never {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Confluence spaces are not listed as folders. Browse them in the Confluence view, or use "Confluence: Open Page…".'));
  }

  createDirectory(): never {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Folders cannot be created here. Use "Confluence: Create Child Page" in the Confluence view.'));
  }

  delete(): never {
    // Deliberately not a way to delete pages: workspace.fs.delete has no confirmation and other
    // extensions may call it. The command moves a page to the trash after a modal confirmation.
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Pages are not deleted through the file system. Use "Confluence: Delete Page" (it moves the page to the trash after you confirm).'));
  }

  rename(): never {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Pages are not renamed through the file system. Use "Confluence: Rename Page".'));
  }

  /** Sites signed in or out: every loaded page document re-checks what it shows. */
  refreshAll(): void {
    for (const uri of this.editor.loaded()) { this.fire(uri, vscode.FileChangeType.Changed); }
  }

  dispose(): void {
    if (this.flushTimer) { clearTimeout(this.flushTimer); }
    for (const s of this.subscriptions) { s.dispose(); }
    this.changeEmitter.dispose();
  }

  /** The live page documents open in an editor tab (what the version check polls). */
  static openInTabs(): OpenDocument[] {
    const out: OpenDocument[] = [];
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      const uris = tab.input instanceof vscode.TabInputText ? [tab.input.uri]
        : tab.input instanceof vscode.TabInputTextDiff ? [tab.input.original, tab.input.modified] : [];
      for (const uri of uris) {
        const loc = tryLocate(uri);
        if (loc && loc.version === undefined) { out.push({ doc: documentKey(uri), loc }); }
      }
    }
    return out;
  }

  private async call<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      throw toFileSystemError(e);
    }
  }

  private isDirty(uri: vscode.Uri): boolean {
    return this.editor.find(uri)?.isDirty ?? false;
  }

  private pageChanged(change: PageChange): void {
    if (change.kind === 'document') {
      const uri = this.editor.loaded().find((u) => documentKey(u) === change.doc);
      if (!uri) { return; }
      if (change.reason === 'normalised') {
        // After the save's own events have gone out: this one must reach a document that is clean again.
        setTimeout(() => this.fire(uri, vscode.FileChangeType.Changed), REREAD_DELAY_MS);
      } else {
        this.fire(uri, change.reason === 'deleted' ? vscode.FileChangeType.Deleted : vscode.FileChangeType.Changed);
      }
      return;
    }
    for (const uri of this.editor.loaded()) {
      const loc = tryLocate(uri);
      if (loc && loc.version === undefined && loc.host === change.host && loc.pageId === change.pageId) {
        this.fire(uri, change.kind === 'deleted' ? vscode.FileChangeType.Deleted : vscode.FileChangeType.Changed);
      }
    }
  }

  private fire(uri: vscode.Uri, type: vscode.FileChangeType): void {
    const key = uri.toString();
    if (!this.pendingEvents.some((e) => e.type === type && e.uri.toString() === key)) { this.pendingEvents.push({ type, uri }); }
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const events = this.pendingEvents;
      this.pendingEvents = [];
      if (events.length > 0) { this.changeEmitter.fire(events); }
    }, EVENT_BATCH_MS);
  }
}

/**
 * Runs a read or a save, and when it takes longer than a moment shows it with a Cancel button: the
 * file-system API gives VS Code no way to cancel, and a slow server must not hold a person hostage.
 */
function slowProgress<T>(title: string, op: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const running = op(abort.signal);
  const timer = setTimeout(() => {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
      const sub = token.onCancellationRequested(() => abort.abort());
      try { await running; } catch { /* reported by the caller */ } finally { sub.dispose(); }
    });
  }, SLOW_OPERATION_MS);
  return running.finally(() => clearTimeout(timer));
}

/** Document identity for bases, stats and consents: the URI without a fragment. */
export function documentKey(uri: vscode.Uri): string {
  return uri.with({ fragment: '' }).toString();
}

/** The page a confluence: URI names; undefined when it is not one of ours. */
export function tryLocate(uri: vscode.Uri): PageLocation | undefined {
  if (uri.scheme !== CONFLUENCE_SCHEME) { return undefined; }
  try {
    return parsePageUri(uri);
  } catch {
    return undefined;
  }
}

/** The document URI for a page location. */
export function pageUri(loc: PageLocation): vscode.Uri {
  return vscode.Uri.from(pageUriParts(loc));
}

function locate(uri: vscode.Uri): PageLocation {
  try {
    return parsePageUri(uri);
  } catch (e) {
    throw vscode.FileSystemError.FileNotFound(e instanceof PageUriError ? e.message : String(e));
  }
}

function toFileSystemError(e: unknown): vscode.FileSystemError {
  if (e instanceof vscode.FileSystemError) { return e; }
  if (!(e instanceof PageError)) { return new vscode.FileSystemError(e instanceof Error ? e.message : String(e)); }
  switch (e.code) {
    case 'FileNotFound': return vscode.FileSystemError.FileNotFound(e.message);
    case 'NoPermissions': return vscode.FileSystemError.NoPermissions(e.message);
    case 'Unavailable': return vscode.FileSystemError.Unavailable(e.message);
    case 'Unknown': return new vscode.FileSystemError(e.message);
  }
}

/**
 * `/`, `/<space>` and `/<space>/<page id>` are directories: VS Code stats parent folders before some
 * writes (mkdirp), and must find them.
 */
function directoryStat(uri: vscode.Uri): vscode.FileStat | undefined {
  const segments = uri.path.split('/').filter((s) => s !== '');
  if (segments.length >= 3) { return undefined; }
  return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
}
