// Reading and writing one page: its body and version, permitted operations, history, restrictions,
// and the writes (update on top of a known version, create, rename, move, trash).

import type * as z from 'zod/mini';
import { numericId, PAGE_LIMIT, V1, V2, type ConfluenceApi, type Query } from './api';
import { ConfluenceError } from './errors';
import { OperationsSchema, PageSingleSchema, RestrictionListSchema, VersionListSchema, VersionSchema } from './schemas';
import { compact, type BodyFormat, type Page, type PageVersion, type RequestOptions, type Restriction } from './types';
import { l10n } from '../util/l10n';

const WRITABLE_REPRESENTATIONS: ReadonlySet<string> = new Set(['storage', 'atlas_doc_format', 'wiki']);

/** One request; with includeOperations (includeLabels) the permitted operations (labels) come along (no second request). */
export async function getPage(api: ConfluenceApi, pageId: string,
  o: RequestOptions & { bodyFormat?: BodyFormat; includeOperations?: boolean; includeLabels?: boolean } = {}): Promise<Page> {
  const format = o.bodyFormat ?? 'storage';
  const query: Query = format === 'none' ? {} : { 'body-format': format };
  if (o.includeOperations) query['include-operations'] = 'true';
  if (o.includeLabels) query['include-labels'] = 'true';
  const page = await api.getJson(`${V2}/pages/${numericId(pageId, 'page')}`, PageSingleSchema, { ...o, query });
  return toPage(api, page, format);
}

export async function permittedOperations(api: ConfluenceApi, pageId: string, o?: RequestOptions): Promise<{ operation: string; targetType: string }[]> {
  const body = await api.getJson(`${V2}/pages/${numericId(pageId, 'page')}/operations`, OperationsSchema, o);
  return body.operations.map((op) => ({ operation: op.operation, targetType: op.targetType }));
}

export async function pageVersions(api: ConfluenceApi, pageId: string, o?: RequestOptions): Promise<PageVersion[]> {
  const url = api.url(`${V2}/pages/${numericId(pageId, 'page')}/versions`, { limit: PAGE_LIMIT, sort: '-modified-date' });
  const all: PageVersion[] = [];
  for await (const batch of api.paginate(url, VersionListSchema, o, (body) => body.results.map(toVersion))) { all.push(...batch); }
  return all;
}

export async function restrictions(api: ConfluenceApi, pageId: string, o?: RequestOptions): Promise<Restriction[]> {
  const body = await api.getJson(`${V1}/content/${numericId(pageId, 'page')}/restriction`, RestrictionListSchema,
    { ...o, query: { expand: 'restrictions.user,restrictions.group', limit: 100 } });
  return body.results.map((r) => ({
    operation: r.operation,
    users: (r.restrictions?.user?.results ?? []).flatMap((u) => (u.accountId
      ? [compact({ accountId: u.accountId, displayName: u.displayName ?? u.publicName ?? undefined })] : [])),
    groups: (r.restrictions?.group?.results ?? []).map((g) => compact({ id: g.id ?? undefined, name: g.name })),
  }));
}

export interface PageUpdate {
  id: string; title: string; status?: 'current'; body: { representation: string; value: string };
  /** The version the editor read: the write becomes baseVersion + 1, never "latest + 1". */
  baseVersion: number; message?: string; parentId?: string;
}

/**
 * Writes a new version on top of `baseVersion`, so a concurrent edit answers 409 (conflict with the
 * server's current version) instead of being lost.
 */
export async function updatePage(api: ConfluenceApi, input: PageUpdate, o?: RequestOptions): Promise<Page> {
  const id = numericId(input.id, 'page');
  requireTitle(input.title);
  if (!Number.isInteger(input.baseVersion) || input.baseVersion < 1) {
    throw new ConfluenceError('invalidInput', l10n.t('The base version must be a positive whole number (got {0}).', String(input.baseVersion)));
  }
  const body = writableBody(input.body);
  const request = {
    id, status: input.status ?? 'current', title: input.title, body,
    version: compact({ number: input.baseVersion + 1, message: input.message }),
    ...(input.parentId !== undefined ? { parentId: numericId(input.parentId, 'parent') } : {}),
  };
  const page = await api.sendJson('PUT', `${V2}/pages/${id}`, PageSingleSchema, { ...o, body: request });
  return toPage(api, page, body.representation === 'storage' ? 'storage' : 'none');
}

export async function createPage(api: ConfluenceApi, input: { spaceId: string; parentId?: string; title: string; body: { representation: 'storage'; value: string } },
  o?: RequestOptions): Promise<Page> {
  requireTitle(input.title);
  const request = {
    spaceId: numericId(input.spaceId, 'space'), status: 'current', title: input.title, body: writableBody(input.body),
    ...(input.parentId !== undefined ? { parentId: numericId(input.parentId, 'parent') } : {}),
  };
  const page = await api.sendJson('POST', `${V2}/pages`, PageSingleSchema, { ...o, body: request });
  return toPage(api, page, 'storage');
}

export async function renamePage(api: ConfluenceApi, pageId: string, title: string, o?: RequestOptions): Promise<void> {
  requireTitle(title);
  await api.call('PUT', `${V2}/pages/${numericId(pageId, 'page')}/title`, { ...o, body: { status: 'current', title } });
}

/** Moves the page to the trash (not a purge). */
export async function deletePage(api: ConfluenceApi, pageId: string, o?: RequestOptions): Promise<void> {
  await api.call('DELETE', `${V2}/pages/${numericId(pageId, 'page')}`, o ?? {});
}

export function toPage(api: ConfluenceApi, p: z.infer<typeof PageSingleSchema>, format: BodyFormat): Page {
  const raw = format === 'none' ? undefined : p.body?.[format];
  return compact<Page>({
    id: p.id, title: p.title, spaceId: p.spaceId, parentId: p.parentId ?? undefined, parentType: p.parentType ?? undefined,
    status: p.status, createdAt: p.createdAt ?? undefined, authorId: p.authorId ?? undefined, version: toVersion(p.version),
    body: raw ? { representation: raw.representation ?? format, value: raw.value } : undefined,
    webUrl: api.webUrl(p._links?.webui, p._links?.base), tinyUrl: api.webUrl(p._links?.tinyui, p._links?.base),
    operations: p.operations?.results,
    labels: p.labels ? { names: p.labels.results.map((l) => l.name), more: p.labels.meta?.hasMore === true } : undefined,
  });
}

export function toVersion(v: z.infer<typeof VersionSchema>): PageVersion {
  return compact({ number: v.number, createdAt: v.createdAt ?? '', authorId: v.authorId ?? undefined, message: v.message ?? undefined,
    minorEdit: v.minorEdit ?? undefined });
}

export function requireTitle(title: string): void {
  if (title.trim() === '') { throw new ConfluenceError('invalidInput', l10n.t('A page needs a title.')); }
}

/** Only representations Confluence accepts for writing; a rendered "view" body would destroy macros. */
function writableBody(body: { representation: string; value: string }): { representation: string; value: string } {
  if (!WRITABLE_REPRESENTATIONS.has(body.representation)) {
    throw new ConfluenceError('invalidInput', l10n.t('Cannot write a page body in the "{0}" representation; use storage format.', body.representation));
  }
  return { representation: body.representation, value: body.value };
}
