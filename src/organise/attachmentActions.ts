// Attachments of a page: `Confluence: Attachments…` (a quick pick of the files with what can be done to
// each), Attach Files… (also a drop of files on a page in the tree), Open (images in VS Code's image
// preview, text as a read-only document), Download… (to the workspace), Upload New Version…, and
// Delete… (to the trash, after a confirmation). Uploads and downloads stream between the disk and
// Confluence with progress and Cancel; a 100 MB file never sits whole in memory.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import type { Attachment } from '../confluence/organiseTypes';
import type { SiteSession } from '../confluence/siteSession';
import { attachmentUriParts } from '../pages/attachmentUri';
import type { Prompts } from '../platform/prompts';
import { UserMessage } from '../platform/userMessage';
import { describeFile, formatSize } from '../util/fileSizes';
import type { AttachmentFileReader } from './attachmentFiles';
import { MAX_OPEN_BYTES, viewerFor } from './model/attachmentKinds';
import type { AttachmentRef } from './model/organiseItems';
import type { OrganiseTree } from './organiseTree';
import { withTransfer } from './transferProgress';

/** The page whose attachments are meant. */
export interface PageTarget { session: SiteSession; pageId: string; title: string; spaceKey?: string }

export interface AttachmentActionsDeps {
  sessions: SiteSessions;
  prompts: Prompts;
  tree: OrganiseTree;
  files: AttachmentFileReader;
  log: vscode.LogOutputChannel;
}

export class AttachmentActions {
  constructor(private readonly deps: AttachmentActionsDeps) {}

  /** The page's files, with Attach Files… first; picking a file offers what can be done with it. */
  async browse(page: PageTarget): Promise<void> {
    const list = await this.list(page);
    await this.deps.tree.showAttachments(page.session.site.origin, page.pageId);
    type Item = vscode.QuickPickItem & { attachment?: Attachment; attach?: true };
    const items: Item[] = [{ label: `$(cloud-upload) ${vscode.l10n.t('Attach Files…')}`, attach: true },
      ...list.map((a) => ({ label: a.title, description: describeFile(a), ...(a.comment ? { detail: a.comment } : {}), attachment: a }))];
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Attachments of "{0}"', page.title), placeHolder: list.length ? vscode.l10n.t('Pick a file') : vscode.l10n.t('No files yet') });
    if (!picked) { return; }
    if (picked.attach) { await this.attach(page); return; }
    const a = picked.attachment;
    if (!a) { return; }
    const ref = this.ref(page, a);
    const actions = [{ label: `$(go-to-file) ${vscode.l10n.t('Open')}`, run: () => this.open(ref) }, { label: `$(cloud-download) ${vscode.l10n.t('Download…')}`, run: () => this.download(ref) },
      { label: `$(cloud-upload) ${vscode.l10n.t('Upload New Version…')}`, run: () => this.replace(ref) }, { label: `$(trash) ${vscode.l10n.t('Delete…')}`, run: () => this.remove(ref) }];
    const action = await vscode.window.showQuickPick(actions, { title: a.title });
    await action?.run();
  }

  /** Opens a file inside VS Code when it can show it; otherwise offers the download. */
  async open(ref: AttachmentRef): Promise<vscode.Uri | undefined> {
    const a = ref.attachment;
    if (viewerFor(a) === 'binary' || (a.fileSize ?? 0) > MAX_OPEN_BYTES) {
      const question = viewerFor(a) === 'binary'
        ? vscode.l10n.t('"{0}" opens outside VS Code (VS Code cannot show this kind of file). Download it?', a.title)
        : vscode.l10n.t('"{0}" opens outside VS Code (it is {1}). Download it?', a.title, formatSize(a.fileSize));
      const pick = await vscode.window.showInformationMessage(question, vscode.l10n.t('Download…'));
      return pick ? this.download(ref) : undefined;
    }
    const session = this.session(ref.origin);
    const uri = vscode.Uri.from(attachmentUriParts({ host: session.site.host, pageId: ref.pageId, filename: a.title, ...(ref.spaceKey ? { spaceKey: ref.spaceKey } : {}) }));
    await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
    return uri;
  }

  /** Saves the file where the person chooses (the workspace by default), streamed to disk. */
  async download(ref: AttachmentRef, destination?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const session = this.session(ref.origin);
    const a = ref.attachment;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const dest = destination ?? await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Download "{0}"', a.title), saveLabel: vscode.l10n.t('Download'), ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, a.title) } : {}),
    });
    if (!dest) { return undefined; }
    const local = dest.scheme === 'file' ? dest.fsPath : path.join(await fs.promises.mkdtemp(path.join(os.tmpdir(), 'confluence-')), a.title);
    try {
      await withTransfer(vscode.l10n.t('Downloading "{0}"', a.title), (onProgress, signal) => session.client.downloadAttachment(a, local, { onProgress, signal }));
      if (dest.scheme !== 'file') { await vscode.workspace.fs.copy(vscode.Uri.file(local), dest, { overwrite: true }); }
    } finally {
      if (dest.scheme !== 'file') { await fs.promises.rm(path.dirname(local), { recursive: true, force: true }); }
    }
    this.deps.log.info(`[organise] downloaded attachment ${a.id} of page ${ref.pageId} on ${session.site.host}`);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Downloaded {0}', a.title), 5000);
    return dest;
  }

  /** Attaches files to the page (asks for them when none are given); a name the page has becomes a new version after a confirmation. */
  async attach(page: PageTarget, files?: readonly vscode.Uri[]): Promise<Attachment[]> {
    const chosen = files ?? await vscode.window.showOpenDialog({ title: vscode.l10n.t('Attach Files to "{0}"', page.title), canSelectMany: true, openLabel: vscode.l10n.t('Attach') });
    if (!chosen || chosen.length === 0) { return []; }
    const existing = await this.list(page);
    const done: Attachment[] = [];
    try {
      for (const file of chosen) {
        const local = localPath(file);
        const name = path.basename(local);
        const same = existing.find((a) => a.title.toLowerCase() === name.toLowerCase());
        if (same && !await this.deps.prompts.confirmNewVersion(same.title, page.title)) { continue; }
        const client = page.session.client;
        const uploaded = await withTransfer(vscode.l10n.t('Uploading "{0}" to "{1}"', name, page.title), (onProgress, signal) => (same
          ? client.uploadAttachmentVersion(page.pageId, same.id, local, { filename: same.title, onProgress, signal })
          : client.uploadAttachment(page.pageId, local, { onProgress, signal })));
        this.deps.log.info(`[organise] uploaded ${formatSize(uploaded.fileSize)} as attachment ${uploaded.id} of page ${page.pageId} on ${page.session.site.host}`);
        done.push(uploaded);
      }
    } finally {
      if (done.length > 0) { await this.changed(page.session, page.pageId); }
    }
    return done;
  }

  async replace(ref: AttachmentRef, file?: vscode.Uri): Promise<Attachment | undefined> {
    const session = this.session(ref.origin);
    const a = ref.attachment;
    const picked = file ?? (await vscode.window.showOpenDialog({ title: vscode.l10n.t('New Version of "{0}"', a.title), canSelectMany: false, openLabel: vscode.l10n.t('Upload') }))?.[0];
    if (!picked) { return undefined; }
    const local = localPath(picked);
    const uploaded = await withTransfer(vscode.l10n.t('Uploading a new version of "{0}"', a.title), (onProgress, signal) =>
      session.client.uploadAttachmentVersion(ref.pageId, a.id, local, { filename: a.title, onProgress, signal }));
    this.deps.log.info(`[organise] uploaded version ${uploaded.version} of attachment ${a.id} on ${session.site.host}`);
    await this.changed(session, ref.pageId);
    return uploaded;
  }

  async remove(ref: AttachmentRef): Promise<boolean> {
    const session = this.session(ref.origin);
    if (!await this.deps.prompts.confirmDeleteAttachment(ref.attachment.title, ref.pageTitle)) { return false; }
    await session.client.deleteAttachment(ref.attachment.id);
    this.deps.log.info(`[organise] moved attachment ${ref.attachment.id} of page ${ref.pageId} on ${session.site.host} to the trash`);
    await this.changed(session, ref.pageId);
    return true;
  }

  /** Every current file of the page (one request per 250). */
  async list(page: PageTarget): Promise<Attachment[]> {
    const all: Attachment[] = [];
    for await (const batch of page.session.client.attachments(page.pageId)) { all.push(...batch); }
    return all.sort((a, b) => a.title.localeCompare(b.title, undefined, { sensitivity: 'base' }));
  }

  private async changed(session: SiteSession, pageId: string): Promise<void> {
    this.deps.files.forget(session.site.host, pageId);
    await this.deps.tree.showAttachments(session.site.origin, pageId);
  }

  private ref(page: PageTarget, attachment: Attachment): AttachmentRef {
    return { origin: page.session.site.origin, pageId: page.pageId, pageTitle: page.title, attachment, ...(page.spaceKey ? { spaceKey: page.spaceKey } : {}) };
  }

  private session(origin: string): SiteSession {
    const session = this.deps.sessions.get(origin);
    if (!session) { throw new UserMessage(vscode.l10n.t('Not signed in to {0}. Run "Confluence: Add Site…" first.', origin)); }
    return session;
  }
}

/**
 * A dropped or chosen file as a path this extension host can read: a file: URI, or (in a remote
 * window) the remote's own path of a vscode-remote: URI from the Explorer.
 */
export function localPath(uri: vscode.Uri): string {
  if (uri.scheme === 'file') { return uri.fsPath; }
  if (uri.scheme === 'vscode-remote') { return vscode.Uri.file(uri.path).fsPath; }
  throw new UserMessage(vscode.l10n.t('{0} is not a file on this machine ({1}:); save it to the workspace first, then attach it.', path.posix.basename(uri.path), uri.scheme));
}
