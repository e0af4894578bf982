// Pasting or dropping a file into a page document attaches it to the page and inserts the reference in
// the document's own form: `![alt](attachment:name.png)` in the Markdown view, `<ac:image>` with an
// `<ri:attachment>` in storage format (a link for anything that is not an image). A paste uploads only
// when its edit is applied (resolve), so choosing "paste as text" instead uploads nothing; a drop
// uploads as it is dropped. The page's file names are checked first, so nothing is overwritten.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import type { SiteSession } from '../confluence/siteSession';
import { parsePageUri, type PageLocation } from '../pages/pageUri';
import type { AttachmentActions } from './attachmentActions';
import { droppedFiles } from './droppedFiles';
import { attachmentReference, freeName, isImageName, pastedImageName } from './model/imageReferences';

export const ATTACH_EDIT_KIND = vscode.DocumentDropOrPasteEditKind.Empty.append('confluence', 'attachment');

/** The page of a document; its title is the document's name (no request). */
interface Target { session: SiteSession; loc: PageLocation; title: string }

class AttachmentPasteEdit extends vscode.DocumentPasteEdit {
  constructor(readonly target: Target, readonly file: vscode.DataTransferFile, readonly mediaType: string, readonly form: 'markdown' | 'storage') {
    super('', vscode.l10n.t('Attach the image to the Confluence page'), ATTACH_EDIT_KIND);
  }
}

export class ImageDrops implements vscode.DocumentPasteEditProvider<AttachmentPasteEdit>, vscode.DocumentDropEditProvider {
  constructor(private readonly sessions: SiteSessions, private readonly attachments: AttachmentActions, private readonly log: vscode.LogOutputChannel) {}

  register(): vscode.Disposable {
    const selector: vscode.DocumentSelector = { scheme: 'confluence' };
    return vscode.Disposable.from(
      vscode.languages.registerDocumentPasteEditProvider(selector, this, { providedPasteEditKinds: [ATTACH_EDIT_KIND], pasteMimeTypes: ['image/*'] }),
      vscode.languages.registerDocumentDropEditProvider(selector, this, { providedDropEditKinds: [ATTACH_EDIT_KIND], dropMimeTypes: ['image/*', 'files', 'text/uri-list'] }),
    );
  }

  provideDocumentPasteEdits(document: vscode.TextDocument, _ranges: readonly vscode.Range[], dataTransfer: vscode.DataTransfer): AttachmentPasteEdit[] | undefined {
    const target = this.target(document);
    if (!target) { return undefined; }
    for (const [mime, item] of dataTransfer) {
      const file = item.asFile();
      if (file && mime.startsWith('image/')) { return [new AttachmentPasteEdit(target, file, mime, target.loc.format === 'markdown' ? 'markdown' : 'storage')]; }
    }
    return undefined;
  }

  /** Uploads the pasted image under a name the page does not have yet, then inserts its reference. */
  async resolveDocumentPasteEdit(edit: AttachmentPasteEdit, token: vscode.CancellationToken): Promise<AttachmentPasteEdit> {
    const { session, loc } = edit.target;
    const page = { session, pageId: loc.pageId, title: edit.target.title, ...(loc.spaceKey ? { spaceKey: loc.spaceKey } : {}) };
    const taken = new Set((await this.attachments.list(page)).map((a) => a.title));
    const name = edit.file.name && !/^image\.\w+$/i.test(edit.file.name) ? freeName(path.basename(edit.file.name), taken) : pastedImageName(edit.mediaType, new Date(), taken);
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'confluence-paste-'));
    try {
      const file = path.join(dir, name);
      await fs.promises.writeFile(file, await edit.file.data());
      if (token.isCancellationRequested) { return edit; }
      const [uploaded] = await this.attachments.attach(page, [vscode.Uri.file(file)]);
      if (uploaded) { edit.insertText = attachmentReference(edit.form, uploaded.title, { image: true }); }
    } catch (e) {
      this.log.warn(`[organise] pasting an image into page ${loc.pageId} failed: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('The image was not attached: {0}', e instanceof Error ? e.message : String(e)));
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
    return edit;
  }

  /** Attaches the dropped files (a name the page has is confirmed as a new version) and inserts their references. */
  async provideDocumentDropEdits(document: vscode.TextDocument, _position: vscode.Position, dataTransfer: vscode.DataTransfer,
    token: vscode.CancellationToken): Promise<vscode.DocumentDropEdit | undefined> {
    const target = this.target(document);
    if (!target) { return undefined; }
    const files = await droppedFiles(dataTransfer, token);
    if (files.uris.length === 0 || token.isCancellationRequested) { await files.cleanUp(); return undefined; }
    try {
      const page = { session: target.session, pageId: target.loc.pageId, title: target.title, ...(target.loc.spaceKey ? { spaceKey: target.loc.spaceKey } : {}) };
      const uploaded = await this.attachments.attach(page, files.uris);
      if (uploaded.length === 0) { return undefined; }
      const form = target.loc.format === 'markdown' ? 'markdown' : 'storage';
      const text = uploaded.map((a) => attachmentReference(form, a.title, { image: isImageName(a.title, a.mediaType) })).join(form === 'markdown' ? '\n\n' : '\n');
      return new vscode.DocumentDropEdit(text, vscode.l10n.t('Attach to the Confluence page'), ATTACH_EDIT_KIND);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The files were not attached: {0}', e instanceof Error ? e.message : String(e)));
      return undefined;
    } finally {
      await files.cleanUp();
    }
  }

  private target(document: vscode.TextDocument): Target | undefined {
    let loc: PageLocation;
    try { loc = parsePageUri(document.uri); } catch { return undefined; }
    if (loc.version !== undefined) { return undefined; }
    const session = this.sessions.forAuthority(loc.host);
    const title = path.posix.basename(document.uri.path).replace(/\.(confluence\.html|md)$/, '');
    return session ? { session, loc, title } : undefined;
  }
}
