// Folders: v2 `POST /folders`, `GET /folders/{id}`, `DELETE /folders/{id}` (to the trash; what was in
// the folder stays, one level up). v2 has no folder update, so a rename is v1's generic content
// update, `PUT /wiki/rest/api/content/{id}` with `type: "folder"` on top of a known version (a stale
// version answers 409 like a page save). See docs/organising.md.

import * as z from 'zod/mini';
import { numericId, V1, V2, type ConfluenceApi } from './api';
import { ConfluenceError } from './errors';
import type { Folder } from './organiseTypes';
import { compact, type RequestOptions } from './types';
import { l10n } from '../util/l10n';

const str = z.string();
const optStr = z.nullish(z.string());

const FolderSchema = z.object({
  id: str, title: str, status: str, spaceId: str, parentId: optStr, parentType: optStr, position: z.nullish(z.int()),
  version: z.nullish(z.object({ number: z.int() })),
  _links: z.nullish(z.object({ webui: optStr, base: optStr })),
});

const V1ContentSchema = z.object({ id: str, title: str, version: z.object({ number: z.int() }) });

function toFolder(api: ConfluenceApi, f: z.infer<typeof FolderSchema>): Folder {
  return compact<Folder>({
    id: f.id, title: f.title, spaceId: f.spaceId, status: f.status, parentId: f.parentId ?? undefined, parentType: f.parentType ?? undefined,
    childPosition: f.position ?? undefined, version: f.version?.number ?? 1, webUrl: api.webUrl(f._links?.webui, f._links?.base),
  });
}

function requireFolderTitle(title: string): void {
  if (title.trim() === '') { throw new ConfluenceError('invalidInput', l10n.t('A folder needs a name.')); }
  if (title.length > 255) { throw new ConfluenceError('invalidInput', l10n.t('A folder name can have at most 255 characters (this one has {0}).', title.length)); }
}

/** A folder at the space root, or under a page or folder (parentId) of the same space. */
export async function createFolder(api: ConfluenceApi, input: { spaceId: string; title: string; parentId?: string }, o?: RequestOptions): Promise<Folder> {
  requireFolderTitle(input.title);
  const body = compact({ spaceId: numericId(input.spaceId, 'space'), title: input.title,
    parentId: input.parentId !== undefined ? numericId(input.parentId, 'parent') : undefined });
  return toFolder(api, await api.sendJson('POST', `${V2}/folders`, FolderSchema, { ...o, body }));
}

export async function getFolder(api: ConfluenceApi, folderId: string, o?: RequestOptions): Promise<Folder> {
  return toFolder(api, await api.getJson(`${V2}/folders/${numericId(folderId, 'folder')}`, FolderSchema, o));
}

/** Moves the folder to the trash; its contents move up to the folder's parent. */
export async function deleteFolder(api: ConfluenceApi, folderId: string, o?: RequestOptions): Promise<void> {
  await api.call('DELETE', `${V2}/folders/${numericId(folderId, 'folder')}`, o ?? {});
}

/**
 * Renames on top of `baseVersion` (the version the caller saw), so a concurrent rename answers 409
 * instead of being overwritten; without it the current version is read first (one more request).
 */
export async function renameFolder(api: ConfluenceApi, folderId: string, title: string,
  o: RequestOptions & { baseVersion?: number } = {}): Promise<{ id: string; title: string; version: number }> {
  const id = numericId(folderId, 'folder');
  requireFolderTitle(title);
  const base = o.baseVersion ?? (await getFolder(api, id, o)).version;
  if (!Number.isInteger(base) || base < 1) { throw new ConfluenceError('invalidInput', l10n.t('The base version must be a positive whole number (got {0}).', String(base))); }
  const body = { type: 'folder', status: 'current', title, version: { number: base + 1 } };
  const saved = await api.sendJson('PUT', `${V1}/content/${id}`, V1ContentSchema, { ...o, body });
  return { id: saved.id, title: saved.title, version: saved.version.number };
}
