// Moving pages in the tree: v1 `PUT /wiki/rest/api/content/{pageId}/move/{position}/{targetId}`,
// the only operation that places a page before or after a sibling, or moves it to another space.
// A move carries no version: Confluence applies it to wherever the page and target are now. A caller
// that must not move a page someone else has just moved passes the parent it saw, and the page's
// current parent is read first (one extra, cheap request).

import * as z from 'zod/mini';
import { numericId, V1, V2, type ConfluenceApi } from './api';
import { ConfluenceError } from './errors';
import type { MovePosition } from './organiseTypes';
import type { RequestOptions } from './types';
import { l10n } from '../util/l10n';

const POSITIONS: readonly MovePosition[] = ['before', 'after', 'append'];
const MoveResultSchema = z.object({ pageId: z.nullish(z.string()) });
const ParentSchema = z.object({ id: z.string(), parentId: z.nullish(z.string()) });

export interface MoveOptions extends RequestOptions {
  /** The parent the caller saw (null: the space root); a different current parent refuses the move as a conflict. */
  expectedParentId?: string | null;
  /** What is moved, for reading its current parent (default page). */
  itemType?: 'page' | 'folder';
}

export async function move(api: ConfluenceApi, pageId: string, position: MovePosition, targetId: string, o: MoveOptions = {}): Promise<void> {
  const id = numericId(pageId, o.itemType ?? 'page');
  const target = numericId(targetId, 'target');
  if (!POSITIONS.includes(position)) {
    throw new ConfluenceError('invalidInput', l10n.t('"{0}" is not a move position; use before, after or append.', String(position).slice(0, 20)));
  }
  if (id === target) { throw new ConfluenceError('invalidInput', l10n.t('A page cannot be moved next to or below itself.')); }
  if (o.expectedParentId !== undefined) {
    const kind = o.itemType === 'folder' ? 'folders' : 'pages';
    const now = await api.getJson(`${V2}/${kind}/${id}`, ParentSchema, o);
    const parent = now.parentId ?? null;
    if (parent !== o.expectedParentId) {
      throw new ConfluenceError('conflict', movedMeanwhile(o.itemType === 'folder', api.siteHost, parent));
    }
  }
  // Repeating the same move gives the same result, so a gateway error may be retried.
  await api.sendJson('PUT', `${V1}/content/${id}/move/${position}/${target}`, MoveResultSchema, { ...o, idempotent: true });
}

function movedMeanwhile(folder: boolean, host: string, parent: string | null): string {
  if (folder) {
    return parent === null
      ? l10n.t('Someone else moved this folder on {0} since you last saw it (it is now at the top of its space). Nothing was moved; refresh the tree and try again.', host)
      : l10n.t('Someone else moved this folder on {0} since you last saw it (it is now under {1}). Nothing was moved; refresh the tree and try again.', host, parent);
  }
  return parent === null
    ? l10n.t('Someone else moved this page on {0} since you last saw it (it is now at the top of its space). Nothing was moved; refresh the tree and try again.', host)
    : l10n.t('Someone else moved this page on {0} since you last saw it (it is now under {1}). Nothing was moved; refresh the tree and try again.', host, parent);
}
