// What a move can be, said before it happens. A drop in the tree lands ON a row, so where exactly the
// item goes is asked in the confirmation: into the row (its last child), or before or after it (next
// to it, under the same parent). A drop on a space puts the item at the top level of that space.
// Refusals that need no request (another site, the item itself, a row below it) are decided here.
// Pure: no vscode import.

import type { MovePosition } from '../../confluence/organiseTypes';
import { placeOrigin, placeTitle, type ContentRef, type PlaceRef } from './organiseItems';

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
    return { ok: false, reason: `"${source.title}" is on another site. Pages move only between spaces of one site.` };
  }
  if (place.kind === 'space') {
    return { ok: true, options: [{ choice: 'top', label: `Move to Top of ${place.space.spaceKey}` }] };
  }
  const target = place.content;
  if (target.id === source.id) {
    return { ok: false, reason: `"${source.title}" cannot be moved onto itself.` };
  }
  if (target.parentId === source.id || placeAncestors.includes(source.id)) {
    return { ok: false, reason: `"${target.title}" is below "${source.title}": a ${source.type} cannot be moved into itself or below itself.` };
  }
  return { ok: true, options: [
    { choice: 'append', label: 'Move Into' },
    { choice: 'before', label: 'Move Before' },
    { choice: 'after', label: 'Move After' },
  ] };
}

/** "the 3 items below it", from what is known (exact, or at least a number). */
export function describeDescendants(count: { n: number; atLeast: boolean } | undefined): string {
  if (!count) { return 'everything below it'; }
  if (count.n === 0 && !count.atLeast) { return 'nothing below it'; }
  const items = count.n === 1 ? 'item' : 'items';
  return count.atLeast ? `at least ${count.n.toLocaleString('en-US')} ${items} below it` : `the ${count.n.toLocaleString('en-US')} ${items} below it`;
}

/** The question and its explanation for the confirmation of a move. */
export function moveQuestion(source: ContentRef, place: PlaceRef, descendants: { n: number; atLeast: boolean } | undefined): { message: string; detail: string } {
  const what = source.type === 'folder' ? 'folder' : 'page';
  const below = describeDescendants(descendants);
  const from = source.parentId === null ? `the top of ${source.spaceKey}` : source.parentTitle ? `"${source.parentTitle}" in ${source.spaceKey}` : source.spaceKey;
  const message = `Move the ${what} "${source.title}" with ${below}?`;
  const lines = [`It is now under ${from}.`];
  if (place.kind === 'space') {
    lines.push(`It goes to the top level of ${place.space.name} (${place.space.spaceKey}).`);
  } else {
    const t = place.content;
    const next = t.parentId === null ? `at the top of ${t.spaceKey}` : t.parentTitle ? `under "${t.parentTitle}"` : `under the same parent as "${t.title}"`;
    lines.push(`Move Into: the last item inside "${t.title}". Move Before / Move After: next to "${t.title}", ${next}.`);
  }
  const toSpace = place.kind === 'space' ? place.space.spaceKey : place.content.spaceKey;
  if (toSpace !== source.spaceKey) {
    lines.push(`It leaves space ${source.spaceKey} for ${toSpace}, with everything below it. Links to it keep working; Confluence refuses the move if a page of the same title exists there.`);
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
  const where = choice === 'append' ? `into "${placeTitle(place)}"` : choice === 'top' ? `to the top of ${placeTitle(place)}` : `${choice} "${placeTitle(place)}"`;
  return `Moved "${source.title}" ${where}.`;
}
