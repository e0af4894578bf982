// What the Spaces tree reads to know a space's whole content tree, in about ceil(n/250) requests and
// without any depth limit:
// - every page of the space with its parent and position (GET /spaces/{id}/pages, depth=all);
// - every folder, whiteboard, database and embed, which no v2 listing covers space-wide: a CQL search
//   for them with their ancestors expanded (the ancestors suggest a parent, they do not prove one);
// - one such item by id (GET /folders|whiteboards|databases|embeds/{id}): its parent, to check a place
//   the search suggested or to find one the search missed.
// The tree model (src/tree/model/spaceHierarchy.ts) decides what these answers prove.

import * as z from 'zod/mini';
import { numericId, PAGE_LIMIT, V1, V2, type ConfluenceApi } from './api';
import { PageListSchema } from './schemas';
import { compact, CONTENT_TYPES, type Batch, type ContentNode, type ContentType, type RequestOptions } from './types';

export type NonPageType = Exclude<ContentType, 'page'>;
export const NON_PAGE_TYPES: readonly NonPageType[] = ['folder', 'whiteboard', 'database', 'embed'];

/** A node with the type of its parent, as the v2 page and item reads give it. */
export interface PlacedContent extends ContentNode { parentType?: ContentType }
/** A search hit: the item and its ancestors, in whatever order the search gave them. */
export interface SearchedContent { node: ContentNode; ancestors: { id: string; type: string }[] }

/**
 * Every page of the space (current and archived, as direct-children lists them), with parentId,
 * parentType and position, 250 per request, in no promised order.
 */
export function spacePageTree(api: ConfluenceApi, spaceId: string, o?: RequestOptions): AsyncIterable<Batch<PlacedContent>> {
  const url = api.url(`${V2}/spaces/${numericId(spaceId, 'space')}/pages`, { depth: 'all', limit: PAGE_LIMIT });
  return api.paginate(url, PageListSchema, o, (body) => body.results.map((p) => compact<PlacedContent>({
    id: p.id, type: 'page', title: p.title, status: p.status, spaceId: p.spaceId ?? spaceId,
    childPosition: p.position ?? undefined, parentId: p.parentId ?? undefined, parentType: contentType(p.parentType),
  })));
}

const SearchSchema = z.object({
  results: z.array(z.object({
    content: z.nullish(z.object({
      id: z.optional(z.string()), type: z.optional(z.string()), title: z.optional(z.string()), status: z.optional(z.string()),
      ancestors: z.nullish(z.array(z.object({ id: z.optional(z.string()), type: z.optional(z.string()) }))),
    })),
  })),
  _links: z.nullish(z.object({ next: z.nullish(z.string()) })),
});

/** CQL string literal: quotes and backslashes escaped. */
function cqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The space's content of the given types (not pages) with their ancestors; archived spaces included. */
export function spaceNonPageContent(api: ConfluenceApi, space: { id: string; key: string }, types: readonly NonPageType[],
  o?: RequestOptions): AsyncIterable<Batch<SearchedContent>> {
  const url = api.url(`${V1}/search`, {
    cql: `space = ${cqlString(space.key)} AND type in (${types.join(', ')})`, limit: PAGE_LIMIT, excerpt: 'none',
    expand: 'content.ancestors', includeArchivedSpaces: 'true',
  });
  return api.paginate(url, SearchSchema, o, (body) => body.results.flatMap((r) => {
    const c = r.content;
    const type = contentType(c?.type);
    if (!c?.id || !type || type === 'page' || !types.includes(type)) { return []; }
    const ancestors = (c.ancestors ?? []).flatMap((a) => (a.id ? [{ id: a.id, type: a.type ?? 'page' }] : []));
    return [{ node: compact<ContentNode>({ id: c.id, type, title: c.title ?? '', status: c.status ?? 'current', spaceId: space.id }), ancestors }];
  }));
}

const ItemSchema = z.object({
  id: z.string(), title: z.nullish(z.string()), status: z.nullish(z.string()), spaceId: z.nullish(z.string()),
  parentId: z.nullish(z.string()), parentType: z.nullish(z.string()), position: z.nullish(z.int()),
});

const ITEM_PATHS: Record<NonPageType, string> = { folder: 'folders', whiteboard: 'whiteboards', database: 'databases', embed: 'embeds' };

/** One folder, whiteboard, database or embed: where it sits (no parentId: at the root of its space). */
export async function getContentItem(api: ConfluenceApi, item: { type: NonPageType; id: string }, o?: RequestOptions): Promise<PlacedContent> {
  const body = await api.getJson(`${V2}/${ITEM_PATHS[item.type]}/${numericId(item.id, item.type)}`, ItemSchema, o);
  return compact<PlacedContent>({
    id: body.id, type: item.type, title: body.title ?? '', status: body.status ?? 'current', spaceId: body.spaceId ?? undefined,
    childPosition: body.position ?? undefined, parentId: body.parentId ?? undefined, parentType: contentType(body.parentType),
  });
}

function contentType(type: string | null | undefined): ContentType | undefined {
  return type && CONTENT_TYPES.has(type) ? type as ContentType : undefined;
}
