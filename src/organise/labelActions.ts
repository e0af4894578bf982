// `Confluence: Edit Labels…`: a multi-select quick pick of the page's labels (checked) and the labels
// used elsewhere in its space (unchecked); words typed into the box are added as new labels. What
// changed is sent as the fewest requests: one for every addition, one per removal. Only global labels
// (the kind people add in Confluence's label editor) are edited; other prefixes are left alone.

import * as vscode from 'vscode';
import type { SiteSession } from '../confluence/siteSession';
import { withProgress } from '../platform/progress';
import { UserMessage } from '../platform/userMessage';
import { labelChanges, parseLabelInput, type LabelChanges } from './model/labelChanges';

export interface LabelTarget { session: SiteSession; pageId: string; title?: string; spaceId?: string }

type Item = vscode.QuickPickItem & { name?: string };

export class LabelActions {
  constructor(private readonly log: vscode.LogOutputChannel, private readonly touched: (origin: string, pageId: string) => void) {}

  /** Edits the page's labels; `chosen` (from a link or a test) replaces the quick pick. Returns what changed. */
  async edit(target: LabelTarget, chosen?: readonly string[]): Promise<LabelChanges | undefined> {
    const { session, pageId } = target;
    const client = session.client;
    const spaceId = target.spaceId ?? (chosen ? undefined : (await client.getPageVersion(pageId)).spaceId);
    const [pageLabels, spaceLabels] = await withProgress(vscode.l10n.t('Reading labels…'), (signal) => Promise.all([
      client.pageLabels(pageId, { signal }),
      spaceId && !chosen ? client.spaceLabels(spaceId, { signal }) : Promise.resolve([]),
    ]));
    const current = pageLabels.filter((l) => l.prefix === 'global').map((l) => l.name);
    let wanted: readonly string[] | undefined = chosen;
    if (!wanted) {
      const suggestions = [...new Set(spaceLabels.filter((l) => l.prefix === 'global').map((l) => l.name))].filter((n) => !current.includes(n)).sort();
      wanted = await this.pick(target.title ?? vscode.l10n.t('the page'), current, suggestions);
      if (!wanted) { return undefined; }
    } else {
      const parsed = parseLabelInput(wanted.join(' '));
      if (parsed.problem) { throw new UserMessage(parsed.problem); }
      wanted = parsed.names;
    }
    const changes = labelChanges(current, wanted);
    if (changes.add.length === 0 && changes.remove.length === 0) { return changes; }
    await withProgress(vscode.l10n.t('Saving the labels of "{0}"…', target.title ?? pageId), async (signal) => {
      if (changes.add.length > 0) { await client.addLabels(pageId, changes.add, { signal }); }
      for (const name of changes.remove) { await client.removeLabel(pageId, name, { signal }); }
    });
    this.log.info(`[organise] labels of page ${pageId} on ${session.site.host}: +${changes.add.join(',') || '–'} -${changes.remove.join(',') || '–'}`);
    this.touched(session.site.origin, pageId);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Labels saved: {0}', [...changes.add.map((l) => `+${l}`), ...changes.remove.map((l) => `−${l}`)].join(' ')), 5000);
    return changes;
  }

  private pick(title: string, current: readonly string[], suggestions: readonly string[]): Promise<string[] | undefined> {
    return new Promise((resolve) => {
      const qp = vscode.window.createQuickPick<Item>();
      qp.title = vscode.l10n.t('Labels of "{0}"', title);
      qp.placeholder = vscode.l10n.t('Check the labels the page should have; type new ones (separated by spaces) and press Enter');
      qp.canSelectMany = true;
      const base: Item[] = [
        ...current.map((name) => ({ label: name, description: vscode.l10n.t('on this page'), name })),
        ...suggestions.map((name) => ({ label: name, description: vscode.l10n.t('used in this space'), name })),
      ];
      qp.items = base;
      qp.selectedItems = base.filter((i) => i.name !== undefined && current.includes(i.name));
      let typed: string[] = [];
      qp.onDidChangeValue((value) => {
        const parsed = parseLabelInput(value);
        typed = parsed.names.filter((n) => !base.some((i) => i.name === n));
        const selected = qp.selectedItems;
        const extra: Item[] = typed.map((name) => ({ label: name, description: vscode.l10n.t('new label (press Enter to add)'), name, alwaysShow: true }));
        const problem: Item[] = parsed.problem ? [{ label: `$(error) ${parsed.problem}`, alwaysShow: true }] : [];
        qp.items = [...problem, ...extra, ...base];
        qp.selectedItems = [...qp.items.filter((i) => selected.some((s) => s.name === i.name)), ...qp.items.filter((i) => i.name !== undefined && typed.includes(i.name))];
      });
      qp.onDidAccept(() => {
        const names = qp.selectedItems.flatMap((i) => (i.name ? [i.name] : []));
        resolve([...new Set([...names, ...typed])]);
        qp.hide();
      });
      qp.onDidHide(() => { qp.dispose(); resolve(undefined); });
      qp.show();
    });
  }
}
