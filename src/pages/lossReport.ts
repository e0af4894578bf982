// What a save would remove that Confluence cannot give back by itself (comment anchors, macros,
// references, layout sections), as counts and one sentence a person reads before agreeing.

import { removedInlineComments } from './storageFormat';
import { l10n } from '../util/l10n';

export interface LossItem { kind: string; label: string; count: number }

export interface LossReport {
  items: LossItem[];
  /** "This save removes: 1 Jira macro, 2 comment anchors", or '' when nothing is lost. */
  sentence: string;
  /** What the sentence lists ("1 Jira macro, 2 comment anchors"), for other messages that name it. */
  list: string;
}

export const NOTHING_LOST: LossReport = { items: [], sentence: '', list: '' };

function itemText(i: LossItem): string {
  if (i.kind === 'inline-comment') { return i.count === 1 ? l10n.t('1 comment anchor') : l10n.t('{0} comment anchors', i.count); }
  return `${i.count} ${i.label}${i.count === 1 ? '' : 's'}`;
}

export function lossSentence(items: LossItem[]): string {
  if (items.length === 0) { return ''; }
  return l10n.t('This save removes: {0}', lossList(items));
}

function lossList(items: LossItem[]): string {
  return items.map(itemText).join(', ');
}

/** The loss check used until a fuller one is given: inline-comment anchors that a save would remove. */
export function removedCommentAnchors(before: string, after: string): LossReport {
  const count = removedInlineComments(before, after).length;
  const items = count > 0 ? [{ kind: 'inline-comment', label: 'comment anchor', count }] : [];
  return { items, sentence: lossSentence(items), list: lossList(items) };
}
