// What can be done with one version of a page: open it read-only, compare it (with the current
// version, another version, or the editor's text), and restore it. Version documents are the file
// system's read-only `?version=N` views, in the form the person works in (storage or Markdown): a
// version never changes, so each costs one request the first time and none after. Restoring writes the
// old text as a new version through the normal save path — the version check, the conflict rules,
// the question about removed comment anchors — on top of exactly the version the confirmation named.

import * as vscode from 'vscode';
import type { PageLayer } from '../pages/pageLayer';
import { describeAuthor, formatVersionTime } from '../pages/pageMessages';
import { PageError } from '../pages/pageErrors';
import { locationOf, type PageRef } from '../pages/pageRefs';
import { CONFLUENCE_SCHEME, parsePageUri, pageUriParts, type PageFormat, type PageLocation } from '../pages/pageUri';
import { withProgress } from '../platform/progress';
import type { Prompts } from '../platform/prompts';
import { UserMessage } from '../platform/userMessage';

export type CompareWith = 'current' | 'editor' | number;

export interface HistoryActionsDeps {
  pages: PageLayer;
  prompts: Prompts;
  /** The form pages open in when nothing else says (confluence.files.defaultFormat). */
  defaultFormat: () => PageFormat;
  log: Pick<vscode.LogOutputChannel, 'info' | 'warn'>;
}

export class HistoryActions {
  constructor(private readonly deps: HistoryActionsDeps) {}

  /** Opens version `n` read-only; returns its URI. */
  async openVersion(ref: PageRef, n: number): Promise<vscode.Uri> {
    const uri = this.versionUri(ref, n, await this.titleOf(ref));
    await vscode.window.showTextDocument(uri, { preview: false });
    return uri;
  }

  /** Opens a diff of version `n` (left) with the current version, another version, or the editor's text (right). */
  async compare(ref: PageRef, n: number, against: CompareWith): Promise<{ left: vscode.Uri; right: vscode.Uri }> {
    const title = await this.titleOf(ref);
    const name = title || vscode.l10n.t('page');
    let left = this.versionUri(ref, n, title);
    let right: vscode.Uri;
    let label: string;
    if (against === 'editor') {
      right = this.liveDocument(ref, title);
      label = vscode.l10n.t('{0}: v{1} ↔ your editor', name, n);
    } else if (against === 'current') {
      const current = await this.deps.pages.documents.remoteMeta(locationOf(ref, 'storage'));
      if (current.version === n) { throw new UserMessage(vscode.l10n.t('Version {0} is the current version of "{1}". Compare it with another version or with your editor.', n, current.title)); }
      right = this.versionUri(ref, current.version, title);
      label = vscode.l10n.t('{0}: v{1} ↔ v{2} (current)', name, n, current.version);
    } else {
      if (against === n) { throw new UserMessage(vscode.l10n.t('Pick two different versions to compare.')); }
      const [older, newer] = n < against ? [n, against] : [against, n];
      left = this.versionUri(ref, older, title);
      right = this.versionUri(ref, newer, title);
      label = vscode.l10n.t('{0}: v{1} ↔ v{2}', name, older, newer);
    }
    await vscode.commands.executeCommand('vscode.diff', left, right, label, { preview: false });
    return { left, right };
  }

  /**
   * Writes version `n`'s text as a new version after a confirmation naming both versions. Returns the
   * new version's number; undefined when the person said no. Refused, with nothing written, when the
   * page changed after the confirmation.
   */
  async restore(ref: PageRef, n: number): Promise<number | undefined> {
    const { pages } = this.deps;
    const loc = locationOf(ref, 'storage');
    const session = ref.session;
    const current = await pages.documents.remote(loc);
    const title = current.meta.title;
    if (current.meta.version === n) { throw new UserMessage(vscode.l10n.t('Version {0} is the current version of "{1}"; there is nothing to restore.', n, title)); }
    const old = await pages.repository.version(session, loc, n).catch((e: unknown) => { throw pages.repository.errorFor(e, session, loc, 'read'); });
    if (old.body.text === current.body.text) {
      throw new UserMessage(vscode.l10n.t('Version {0} of "{1}" has the same text as the current version {2}; there is nothing to restore.', n, title, current.meta.version));
    }
    const who = describeAuthor(current.meta.authorId, await pages.repository.displayName(session, current.meta.authorId), session.site.accountId);
    const question = vscode.l10n.t('Restore version {0} of "{1}"?', n, title);
    const detail = vscode.l10n.t('Its text becomes version {next}, written on top of the current version {current} (by {who}, {time}), which stays in the page history. If the page changes before the restore is written, nothing is written. Editors of the page with unsaved changes keep them.',
      { next: current.meta.version + 1, current: current.meta.version, who, time: formatVersionTime(current.meta.mtime) });
    if (!await this.deps.prompts.confirmRestore(question, detail)) { return undefined; }

    // The restore is a save of the old text whose base is the version the confirmation named: the save
    // rules then write on top of exactly that version, or refuse.
    const doc = `confluence-restore:${loc.host}/${loc.pageId}@${n}`;
    pages.bases.set(doc, { version: current.meta.version, mtime: current.meta.mtime, size: current.body.size }, Date.now());
    try {
      await withProgress(vscode.l10n.t('Restoring version {0} of "{1}"…', n, title), () => pages.saves.save(doc, loc, old.body.text, { message: `Restored version ${n}` }));
    } catch (e) {
      throw await this.restoreFailure(ref, loc, n, current.meta.version, e);
    } finally {
      pages.bases.delete(doc);
    }
    const written = pages.repository.latestMeta(loc)?.meta.version ?? current.meta.version + 1;
    this.deps.log.info(`[history] restored version ${n} of ${loc.host} page ${loc.pageId} as version ${written}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Restored version {0} of "{1}" as version {2}.', n, title, written));
    return written;
  }

  /** The read-only view of version `n`, in the form of the document the command came from (or the default). */
  versionUri(ref: PageRef, n: number, title: string | undefined): vscode.Uri {
    return vscode.Uri.from(pageUriParts({ ...locationOf({ ...ref, ...(title !== undefined ? { title } : {}) }, this.formatOf(ref)), version: n }));
  }

  private async restoreFailure(ref: PageRef, loc: PageLocation, n: number, base: number, e: unknown): Promise<Error> {
    if (!(e instanceof PageError)) { return e instanceof Error ? e : new Error(String(e)); }
    const now = await this.deps.pages.documents.remoteMeta(loc).catch(() => undefined);
    if (now && now.version !== base) {
      const name = await this.deps.pages.repository.displayName(ref.session, now.authorId);
      return new UserMessage(vscode.l10n.t('Version {n} was not restored: "{title}" changed on Confluence meanwhile — it is now version {version} by {who} at {time}. Nothing was written; open the history again to restore on top of the new version.',
        { n, title: now.title, version: now.version, who: describeAuthor(now.authorId, name, ref.session.site.accountId), time: formatVersionTime(now.mtime) }));
    }
    return new UserMessage(vscode.l10n.t('Version {0} was not restored. {1}', n, e.message.replace(/\s*Your text is kept[^.]*\./g, '')));
  }

  /** The live document of the page in the person's form: the one open in an editor, else its URI. */
  private liveDocument(ref: PageRef, title: string): vscode.Uri {
    const format = this.formatOf(ref);
    const open = vscode.workspace.textDocuments.find((d) => {
      const loc = d.uri.scheme === CONFLUENCE_SCHEME ? tryParse(d.uri) : undefined;
      return loc && loc.version === undefined && loc.host === ref.session.site.host && loc.pageId === ref.pageId && (loc.format ?? 'storage') === format;
    });
    return open?.uri ?? vscode.Uri.from(pageUriParts(locationOf({ ...ref, title }, format)));
  }

  private formatOf(ref: PageRef): PageFormat {
    return ref.format ?? this.deps.defaultFormat();
  }

  private async titleOf(ref: PageRef): Promise<string> {
    const loc = locationOf(ref, 'storage');
    return ref.title ?? this.deps.pages.repository.latestMeta(loc)?.meta.title ?? (await this.deps.pages.documents.remoteMeta(loc)).title;
  }
}

function tryParse(uri: vscode.Uri): PageLocation | undefined {
  try {
    return parsePageUri(uri);
  } catch {
    return undefined;
  }
}
