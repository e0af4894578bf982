// What a save would remove that Confluence cannot give back by itself (comment anchors, macros,
// references, layout sections), as counts and one sentence a person reads before agreeing.

import { removedInlineComments } from './storageFormat';

export interface LossItem { kind: string; label: string; count: number }

export interface LossReport {
  items: LossItem[];
  /** "This save removes: 1 Jira macro, 2 comment anchors", or '' when nothing is lost. */
  sentence: string;
}

export const NOTHING_LOST: LossReport = { items: [], sentence: '' };

export function lossSentence(items: LossItem[]): string {
  if (items.length === 0) { return ''; }
  return `This save removes: ${items.map((i) => `${i.count} ${i.label}${i.count === 1 ? '' : 's'}`).join(', ')}`;
}

/** The loss check used until a fuller one is given: inline-comment anchors that a save would remove. */
export function removedCommentAnchors(before: string, after: string): LossReport {
  const count = removedInlineComments(before, after).length;
  const items = count > 0 ? [{ kind: 'inline-comment', label: 'comment anchor', count }] : [];
  return { items, sentence: lossSentence(items) };
}
