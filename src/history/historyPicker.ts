// `Confluence: Show Page History`: the page's versions newest first (number, author, time, message,
// minor edit) in a quick pick that shows the first 250 at once and reads the next 250 on "Load more…",
// so a page with hundreds of versions costs one request per 250 shown (plus one for authors' names).
// A picked version offers: open it, compare it with the current version, another version or the
// editor's text, and restore it.

import * as vscode from 'vscode';
import type { PageVersion } from '../confluence/types';
import type { PageLayer } from '../pages/pageLayer';
import type { PageRef } from '../pages/pageRefs';
import { CONFLUENCE_SCHEME } from '../pages/pageUri';
import type { CompareWith, HistoryActions } from './historyActions';
import { VersionPager, versionText } from './model/versionPager';

interface VersionItem extends vscode.QuickPickItem { version?: PageVersion; loadMore?: true }
interface ActionItem extends vscode.QuickPickItem { run: () => Promise<unknown> }

export class HistoryPicker {
  constructor(private readonly deps: { pages: PageLayer; actions: HistoryActions }) {}

  /** Shows the list; resolves when the person closed it or the chosen action is done. */
  async show(ref: PageRef): Promise<void> {
    const pager = new VersionPager(ref.session.client.pageHistory(ref.pageId));
    const names = new Map<string, string>();
    const loc = { host: ref.session.site.host, pageId: ref.pageId };
    const title = ref.title ?? this.deps.pages.repository.latestMeta(loc)?.meta.title ?? (await this.deps.pages.documents.remoteMeta(loc)).title;
    const picked = await this.pickVersion(ref, pager, names, title);
    if (!picked) { return; }
    const action = await vscode.window.showQuickPick(this.actionsFor(ref, picked, pager, names), {
      title: vscode.l10n.t('Version {0} of "{1}"', picked.number, title), placeHolder: vscode.l10n.t('What to do with this version'),
    });
    await action?.run();
  }

  private pickVersion(ref: PageRef, pager: VersionPager, names: Map<string, string>, title: string): Promise<PageVersion | undefined> {
    const qp = vscode.window.createQuickPick<VersionItem>();
    qp.title = vscode.l10n.t('History of "{0}"', title);
    qp.placeholder = vscode.l10n.t('Newest first. Pick a version to open, compare or restore it.');
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    const current = (): number | undefined => pager.versions[0]?.number;
    const render = (focus?: number): void => {
      const items: VersionItem[] = pager.versions.map((v) => ({ ...versionText(v, names, { current: current(), me: ref.session.site.accountId }), version: v }));
      if (pager.hasMore) {
        items.push({ label: `$(ellipsis) ${vscode.l10n.t('Load more…')}`, description: vscode.l10n.t('{0} versions shown; older ones are read 250 at a time', pager.versions.length), alwaysShow: true, loadMore: true });
      }
      qp.items = items;
      const focused = focus !== undefined ? items[focus] : undefined;
      if (focused) { qp.activeItems = [focused]; }
    };
    const more = async (): Promise<void> => {
      qp.busy = true;
      const before = pager.versions.length;
      try {
        const batch = await this.deps.pages.repository.request(ref.session, () => pager.loadMore());
        await this.learnNames(ref, batch, names);
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('The history could not be read: {0}', e instanceof Error ? e.message : String(e)));
      } finally {
        qp.busy = false;
      }
      render(before > 0 ? before : undefined);
    };
    return new Promise<PageVersion | undefined>((resolve) => {
      let chosen: PageVersion | undefined;
      qp.onDidAccept(() => {
        const item = qp.selectedItems[0] ?? qp.activeItems[0];
        if (item?.loadMore) { void more(); return; }
        chosen = item?.version;
        if (chosen) { qp.hide(); }
      });
      qp.onDidHide(() => { qp.dispose(); resolve(chosen); });
      qp.show();
      void more();
    });
  }

  private actionsFor(ref: PageRef, v: PageVersion, pager: VersionPager, names: ReadonlyMap<string, string>): ActionItem[] {
    const actions = this.deps.actions;
    const current = pager.versions[0]?.number;
    const items: ActionItem[] = [{ label: `$(file) ${vscode.l10n.t('Open version {0}', v.number)}`, description: vscode.l10n.t('read-only'), run: () => actions.openVersion(ref, v.number) }];
    if (v.number !== current) {
      const compareLabel = current !== undefined ? vscode.l10n.t('Compare with the current version (v{0})', current) : vscode.l10n.t('Compare with the current version');
      items.push({ label: `$(diff) ${compareLabel}`, run: () => actions.compare(ref, v.number, 'current') });
    }
    items.push({
      label: `$(diff) ${vscode.l10n.t('Compare with another version…')}`, run: async () => {
        const other = await vscode.window.showQuickPick(
          pager.versions.filter((o) => o.number !== v.number).map((o) => ({ ...versionText(o, names, { current, me: ref.session.site.accountId }), n: o.number })),
          { title: vscode.l10n.t('Compare version {0} with…', v.number), matchOnDescription: true });
        if (other) { await actions.compare(ref, v.number, other.n); }
      },
    });
    if (this.editorOpen(ref)) {
      items.push({ label: `$(edit) ${vscode.l10n.t('Compare with your editor')}`, description: vscode.l10n.t('the text in the editor, saved or not'), run: () => actions.compare(ref, v.number, 'editor' satisfies CompareWith) });
    }
    if (v.number !== current) {
      items.push({ label: `$(history) ${vscode.l10n.t('Restore version {0}…', v.number)}`, description: vscode.l10n.t('writes its text as a new version, after you confirm'), run: () => actions.restore(ref, v.number) });
    }
    return items;
  }

  private editorOpen(ref: PageRef): boolean {
    return vscode.workspace.textDocuments.some((d) => d.uri.scheme === CONFLUENCE_SCHEME && d.uri.query === ''
      && d.uri.authority === ref.session.site.host && d.uri.path.split('/')[2] === ref.pageId);
  }

  private async learnNames(ref: PageRef, batch: PageVersion[], names: Map<string, string>): Promise<void> {
    const unknown = [...new Set(batch.map((v) => v.authorId).filter((id): id is string => id !== undefined && !names.has(id)))];
    if (unknown.length === 0) { return; }
    try {
      const found = await this.deps.pages.repository.request(ref.session, () => ref.session.client.displayNames(unknown));
      for (const [id, name] of found) { names.set(id, name); }
    } catch {
      // Names are a nicety: versions show account ids without them.
    }
  }
}
