// What the organise commands act on, as plain data: a page or folder as the tree showed it (with the
// parent it was seen under), a space, or an attachment of a page. The command layer builds these from
// tree rows, editors and arguments; nothing here knows the tree's own types. Pure: no vscode import.

import type { Attachment } from '../../confluence/organiseTypes';

/** A page or folder, as the person saw it. */
export interface ContentRef {
  readonly origin: string;
  readonly id: string;
  readonly type: 'page' | 'folder';
  readonly title: string;
  readonly spaceId: string;
  readonly spaceKey: string;
  /** The parent it was listed under: an id, `null` for the top of its space, undefined when not known. */
  readonly parentId?: string | null;
  /** The parent's title, for messages. */
  readonly parentTitle?: string;
  /** Its address in the browser. */
  readonly webUrl?: string;
}

export interface SpaceRef {
  readonly origin: string;
  readonly spaceId: string;
  readonly spaceKey: string;
  readonly name: string;
}

/** Where something can be dropped or created: into a page or folder, or at the top of a space. */
export type PlaceRef = { readonly kind: 'content'; readonly content: ContentRef } | { readonly kind: 'space'; readonly space: SpaceRef };

/** An attachment with the page it belongs to. */
export interface AttachmentRef {
  readonly origin: string;
  readonly pageId: string;
  readonly pageTitle: string;
  readonly spaceKey?: string;
  readonly attachment: Attachment;
}

export function placeTitle(place: PlaceRef): string {
  return place.kind === 'space' ? place.space.name : place.content.title;
}

export function placeSpace(place: PlaceRef): { spaceId: string; spaceKey: string } {
  return place.kind === 'space' ? { spaceId: place.space.spaceId, spaceKey: place.space.spaceKey } : { spaceId: place.content.spaceId, spaceKey: place.content.spaceKey };
}

export function placeOrigin(place: PlaceRef): string {
  return place.kind === 'space' ? place.space.origin : place.content.origin;
}
