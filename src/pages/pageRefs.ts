// What commands act on, once their argument (a tree node, an editor, a link, a test's object) has
// been resolved: a page or a place to put one, always with the signed-in site it belongs to.

import type { SiteSession } from '../confluence/siteSession';
import type { PageFormat, PageLocation } from './pageUri';

export interface PageRef {
  session: SiteSession;
  pageId: string;
  title?: string;
  spaceKey?: string;
  spaceId?: string;
  /** The form of the document the command came from, if any. */
  format?: PageFormat;
}

/** Where a new page or folder goes: a space, under an optional parent (page or folder). */
export interface ContainerRef {
  session: SiteSession;
  spaceId: string;
  spaceKey?: string;
  parentId?: string;
  parentType?: 'page' | 'folder';
}

export function locationOf(ref: PageRef, format = ref.format): PageLocation {
  return {
    host: ref.session.site.host, pageId: ref.pageId,
    ...(ref.spaceKey !== undefined ? { spaceKey: ref.spaceKey } : {}),
    ...(ref.title !== undefined ? { title: ref.title } : {}),
    ...(format !== undefined && format !== 'storage' ? { format } : {}),
  };
}
