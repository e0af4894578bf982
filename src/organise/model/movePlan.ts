// What a move can be, said before it happens. A drop in the tree lands ON a row, so where exactly the
// item goes is asked in the confirmation: into the row (its last child), or before or after it (next
// to it, under the same parent). A drop on a space puts the item at the top level of that space.
// Refusals that need no request (another site, the item itself, a row below it) are decided here.
// Pure: no vscode import.

import type { MovePosition } from '../../confluence/organiseTypes';
import { placeOrigin, placeTitle, type ContentRef, type PlaceRef } from './organiseItems';
import { l10n } from '../../util/l10n';

/** `top`: the top level of a space (sent as "before" the space's first top-level item). */
export type MoveChoice = MovePosition | 'top';

export interface MoveOption { readonly choice: MoveChoice; readonly label: string }

export type MovePlan = { ok: true; options: MoveOption[] } | { ok: false; reason: string };

/**
 * The ways `source` can be moved onto `place`. `placeAncestors`: ids from the place's parent up to the
 * top of its space, as far as they are known (the place is refused when the source is among them).
 */
export function planMove(source: ContentRef, place: PlaceRef, placeAncestors: readonly string[] = []): MovePlan {
  if (placeOrigin(place) !== source.origin) {
    return { ok: false, reason: l10n.t('"{0}" is on another site. Pages move only between spaces of one site.', source.title) };
  }
  if (place.kind === 'space') {
    return { ok: true, options: [{ choice: 'top', label: l10n.t('Move to Top of {0}', place.space.spaceKey) }] };
  }
  const target = place.content;
  if (target.id === source.id) {
    return { ok: false, reason: l10n.t('"{0}" cannot be moved onto itself.', source.title) };
  }
  if (target.parentId === source.id || placeAncestors.includes(source.id)) {
    return { ok: false, reason: source.type === 'folder'
      ? l10n.t('"{0}" is below "{1}": a folder cannot be moved into itself or below itself.', target.title, source.title)
      : l10n.t('"{0}" is below "{1}": a page cannot be moved into itself or below itself.', target.title, source.title) };
  }
  return { ok: true, options: [
    { choice: 'append', label: l10n.t('Move Into') },
    { choice: 'before', label: l10n.t('Move Before') },
    { choice: 'after', label: l10n.t('Move After') },
  ] };
}

/**
 * "the 3 items below it", from what is known (exact, or at least a number): a phrase of its own,
 * which the move question places after "with".
 */
export function describeDescendants(count: { n: number; atLeast: boolean } | undefined): string {
  if (!count) { return l10n.t({ message: 'everything below it', comment: ['What moves along, in "Move the page … with …?".'] }); }
  if (count.n === 0 && !count.atLeast) { return l10n.t({ message: 'nothing below it', comment: ['What moves along, in "Move the page … with …?".'] }); }
  const n = count.n.toLocaleString('en-US');
  if (count.atLeast) {
    return count.n === 1
      ? l10n.t({ message: 'at least {0} item below it', args: [n], comment: ['What moves along, in "Move the page … with …?".'] })
      : l10n.t({ message: 'at least {0} items below it', args: [n], comment: ['What moves along, in "Move the page … with …?".'] });
  }
  return count.n === 1
    ? l10n.t({ message: 'the {0} item below it', args: [n], comment: ['What moves along, in "Move the page … with …?".'] })
    : l10n.t({ message: 'the {0} items below it', args: [n], comment: ['What moves along, in "Move the page … with …?".'] });
}

/** The question and its explanation for the confirmation of a move. */
export function moveQuestion(source: ContentRef, place: PlaceRef, descendants: { n: number; atLeast: boolean } | undefined): { message: string; detail: string } {
  const below = describeDescendants(descendants);
  const message = source.type === 'folder'
    ? l10n.t('Move the folder "{0}" with {1}?', source.title, below)
    : l10n.t('Move the page "{0}" with {1}?', source.title, below);
  const lines = [source.parentId === null ? l10n.t('It is now under the top of {0}.', source.spaceKey)
    : source.parentTitle ? l10n.t('It is now under "{0}" in {1}.', source.parentTitle, source.spaceKey)
      : l10n.t('It is now under {0}.', source.spaceKey)];
  if (place.kind === 'space') {
    lines.push(l10n.t('It goes to the top level of {0} ({1}).', place.space.name, place.space.spaceKey));
  } else {
    const t = place.content;
    lines.push(t.parentId === null
      ? l10n.t('Move Into: the last item inside "{0}". Move Before / Move After: next to "{0}", at the top of {1}.', t.title, t.spaceKey)
      : t.parentTitle
        ? l10n.t('Move Into: the last item inside "{0}". Move Before / Move After: next to "{0}", under "{1}".', t.title, t.parentTitle)
        : l10n.t('Move Into: the last item inside "{0}". Move Before / Move After: next to "{0}", under the same parent as "{0}".', t.title));
  }
  const toSpace = place.kind === 'space' ? place.space.spaceKey : place.content.spaceKey;
  if (toSpace !== source.spaceKey) {
    lines.push(l10n.t('It leaves space {0} for {1}, with everything below it. Links to it keep working; Confluence refuses the move if a page of the same title exists there.', source.spaceKey, toSpace));
  }
  return { message, detail: lines.join(' ') };
}

/** Where the item is afterwards: its new parent (null: the top of the space) and space. */
export function destinationOf(place: PlaceRef, choice: MoveChoice): { parentId: string | null; spaceId: string; spaceKey: string; parentTitle?: string } {
  if (place.kind === 'space') { return { parentId: null, spaceId: place.space.spaceId, spaceKey: place.space.spaceKey, parentTitle: place.space.name }; }
  const t = place.content;
  if (choice === 'append') { return { parentId: t.id, spaceId: t.spaceId, spaceKey: t.spaceKey, parentTitle: t.title }; }
  return { parentId: t.parentId ?? null, spaceId: t.spaceId, spaceKey: t.spaceKey, ...(t.parentTitle ? { parentTitle: t.parentTitle } : {}) };
}

/** A short sentence for the status bar and the log once the move is done. */
export function movedSentence(source: ContentRef, place: PlaceRef, choice: MoveChoice): string {
  const to = placeTitle(place);
  switch (choice) {
    case 'append': return l10n.t('Moved "{0}" into "{1}".', source.title, to);
    case 'top': return l10n.t('Moved "{0}" to the top of {1}.', source.title, to);
    case 'before': return l10n.t('Moved "{0}" before "{1}".', source.title, to);
    case 'after': return l10n.t('Moved "{0}" after "{1}".', source.title, to);
  }
}
