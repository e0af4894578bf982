// The converter's loss report in the person's language. The converter (src/pages/markdown) counts what
// a save would remove and writes an English sentence for its own CLI; the editor words the same items
// here, grouped exactly as that sentence groups them — each macro name first, then each other kind, in
// the order they were found — so English reads the same either way.

import type { LossItem } from './lossReport';
import { l10n } from '../util/l10n';

/** "1 Jira macro, 2 comment anchors": what a save from Markdown would remove. */
export function markdownLossList(items: readonly LossItem[]): string {
  const macros = new Map<string, number>();
  const kinds = new Map<string, number>();
  for (const item of items) {
    const group = item.kind === 'macro' ? macros : kinds;
    const key = item.kind === 'macro' ? item.label : item.kind;
    group.set(key, (group.get(key) ?? 0) + item.count);
  }
  return [...[...macros].map(([name, n]) => macroText(name, n)), ...[...kinds].map(([kind, n]) => kindText(kind, n))].join(', ');
}

/** A macro's name is Confluence's (not translated), shown capitalised as the converter does. */
function macroText(name: string, n: number): string {
  if (name === '') { return n === 1 ? l10n.t('1 unnamed macro') : l10n.t('{0} unnamed macros', n); }
  const label = name.charAt(0).toUpperCase() + name.slice(1);
  return n === 1 ? l10n.t({ message: '1 {0} macro', args: [label], comment: ['{0} is a Confluence macro name, e.g. "1 Jira macro".'] })
    : l10n.t({ message: '{0} {1} macros', args: [n, label], comment: ['{0} is a count, {1} a Confluence macro name, e.g. "2 Jira macros".'] });
}

function kindText(kind: string, n: number): string {
  switch (kind) {
    case 'page link': return n === 1 ? l10n.t('1 page link') : l10n.t('{0} page links', n);
    case 'attachment': return n === 1 ? l10n.t('1 attachment') : l10n.t('{0} attachments', n);
    case 'mention': return n === 1 ? l10n.t('1 mention') : l10n.t('{0} mentions', n);
    case 'reference': return n === 1 ? l10n.t('1 reference') : l10n.t('{0} references', n);
    case 'comment anchor': return n === 1 ? l10n.t('1 comment anchor') : l10n.t('{0} comment anchors', n);
    case 'layout section': return n === 1 ? l10n.t('1 layout section') : l10n.t('{0} layout sections', n);
    // A kind this list does not know yet (a newer converter): its English name, as the converter says it.
    default: return `${n} ${kind}${n === 1 ? '' : 's'}`;
  }
}
