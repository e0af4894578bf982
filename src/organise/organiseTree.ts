// What the organise commands need from the Spaces view, as a port the composition root connects to
// the tree (the tree and this feature do not import each other): what the cached levels know, and
// changes to show there without listing the space again.

import type { MovePosition } from '../confluence/organiseTypes';
import type { ContentRef } from './model/organiseItems';

export interface MovedItem {
  origin: string;
  id: string;
  type: 'page' | 'folder';
  title: string;
  to: { parentId: string | null; spaceId: string; spaceKey: string };
  position: MovePosition;
  targetId: string;
}

export interface OrganiseTree {
  /** Ids of the pages and folders above a row, nearest first, as far as the tree knows them. */
  ancestorsOf(origin: string, id: string): string[];
  /** How many items are below a page or folder, when the tree knows them all without a request. */
  knownDescendantCount(item: ContentRef): Promise<number | undefined>;
  /** The first item at the top of a space, when the tree has listed that level. */
  firstTopLevelItems(origin: string, spaceId: string): string[] | undefined;
  /** Shows a move Confluence made. */
  moved(item: MovedItem): void;
  renamed(origin: string, id: string, title: string): void;
  /** Something shown on hover changed (its labels): the row is read again. */
  touched(origin: string, id: string): void;
  created(origin: string, spaceKey: string, content: { id: string; type: 'page' | 'folder'; title: string; spaceId: string; parentId?: string }): void;
  /** Lists a level again (after a change that cannot be shown in place, or a failure that says the tree is stale). */
  relist(origin: string, level: { parentId: string | null; spaceId: string }): void;
  /** Shows (or lists again) a page's attachments under it in the tree. */
  showAttachments(origin: string, pageId: string): Promise<void>;
}
