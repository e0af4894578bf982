// Spaces and the content tree: listings that stream in batches of up to 250 (one request each).

import { numericId, PAGE_LIMIT, V2, type ConfluenceApi } from './api';
import { ConfluenceError } from './errors';
import { AncestorListSchema, ChildListSchema, DescendantListSchema, PageListSchema, SpaceListSchema, SpaceSchema } from './schemas';
import type * as z from 'zod/mini';
import {
  compact, CONTENT_TYPES, MAX_DESCENDANT_DEPTH, type ContentNode, type ContentType, type DescendantNode, type RequestOptions, type Space, type SpaceFilter,
} from './types';
import { l10n } from '../util/l10n';

export function spaces(api: ConfluenceApi, filter: SpaceFilter = {}, o?: RequestOptions): AsyncIterable<Space[]> {
  const url = api.url(`${V2}/spaces`, { limit: PAGE_LIMIT, status: filter.status, type: filter.type });
  return api.paginate(url, SpaceListSchema, o, (body) => body.results.map((s) => toSpace(api, s, body._links?.base)));
}

export async function listAllSpaces(api: ConfluenceApi, filter: SpaceFilter = {}, o?: RequestOptions): Promise<Space[]> {
  const all: Space[] = [];
  for await (const batch of spaces(api, filter, o)) { all.push(...batch); }
  return all.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.key.localeCompare(b.key));
}

export async function getSpace(api: ConfluenceApi, id: string, o?: RequestOptions): Promise<Space> {
  const s = await api.getJson(`${V2}/spaces/${numericId(id, 'space')}`, SpaceSchema, o);
  return toSpace(api, s, s._links?.base);
}

/** depth=root: the space's top-level pages; depth=all: every page with parentId and position. */
export function spacePages(api: ConfluenceApi, spaceId: string, depth: 'root' | 'all', o?: RequestOptions): AsyncIterable<ContentNode[]> {
  const url = api.url(`${V2}/spaces/${numericId(spaceId, 'space')}/pages`, { depth, limit: PAGE_LIMIT, status: 'current' });
  return api.paginate(url, PageListSchema, o, (body) => body.results.map((p) => compact<ContentNode>({
    id: p.id, type: 'page', title: p.title, status: p.status, spaceId: p.spaceId ?? spaceId,
    childPosition: p.position ?? undefined, parentId: p.parentId ?? undefined,
  })));
}

export function directChildren(api: ConfluenceApi, parent: { type: 'page' | 'folder'; id: string }, o?: RequestOptions): AsyncIterable<ContentNode[]> {
  const kind = parent.type === 'folder' ? 'folders' : 'pages';
  const url = api.url(`${V2}/${kind}/${numericId(parent.id, parent.type)}/direct-children`, { limit: PAGE_LIMIT, sort: 'child-position' });
  return api.paginate(url, ChildListSchema, o, (body) => body.results.flatMap((c) => {
    if (!isContentType(api, c)) { return []; }
    return [compact<ContentNode>({ id: c.id, type: c.type, title: c.title, status: c.status,
      spaceId: c.spaceId ?? undefined, childPosition: c.childPosition ?? undefined, parentId: parent.id })];
  }));
}

/**
 * Everything below a page or folder, down to `depth` levels (at most 10): every content type with
 * its parent and depth, so a whole subtree costs ceil(n/250) requests instead of one per node.
 */
export function descendants(api: ConfluenceApi, parent: { type: 'page' | 'folder'; id: string }, depth = MAX_DESCENDANT_DEPTH,
  o?: RequestOptions): AsyncIterable<DescendantNode[]> {
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DESCENDANT_DEPTH) {
    throw new ConfluenceError('invalidInput', l10n.t('Descendants can be listed 1 to {0} levels deep, not {1}.', MAX_DESCENDANT_DEPTH, depth));
  }
  const kind = parent.type === 'folder' ? 'folders' : 'pages';
  const url = api.url(`${V2}/${kind}/${numericId(parent.id, parent.type)}/descendants`, { limit: PAGE_LIMIT, depth });
  return api.paginate(url, DescendantListSchema, o, (body) => body.results.flatMap((c) => {
    if (!isContentType(api, c)) { return []; }
    return [compact<DescendantNode>({ id: c.id, type: c.type, title: c.title, status: c.status,
      childPosition: c.childPosition ?? undefined, parentId: c.parentId, depth: c.depth })];
  }));
}

/** Ancestors from the top of the tree down to the page's parent. */
export async function ancestors(api: ConfluenceApi, pageId: string, o?: RequestOptions): Promise<{ id: string; type: string; title?: string }[]> {
  let from = numericId(pageId, 'page');
  const chain: { id: string; type: string; title?: string }[] = [];
  // The endpoint has no cursor: when a full page comes back, ask again from the highest ancestor.
  for (let guard = 0; guard < 100; guard++) {
    const body = await api.getJson(`${V2}/pages/${from}/ancestors`, AncestorListSchema, { ...o, query: { limit: PAGE_LIMIT } });
    const batch = body.results.map((a) => compact({ id: a.id, type: a.type ?? 'page', title: a.title ?? undefined }));
    chain.unshift(...batch);
    const top = batch[0];
    if (batch.length < PAGE_LIMIT || top === undefined) { break; }
    from = top.id;
  }
  return chain;
}

function isContentType<T extends { id: string; type: string }>(api: ConfluenceApi, c: T): c is T & { type: ContentType } {
  if (CONTENT_TYPES.has(c.type)) { return true; }
  api.logger?.debug(`skipping content ${c.id} of unsupported type ${c.type}`);
  return false;
}

function toSpace(api: ConfluenceApi, s: z.infer<typeof SpaceSchema>, base: string | null | undefined): Space {
  return compact({ id: s.id, key: s.key, name: s.name, type: s.type, status: s.status, homepageId: s.homepageId ?? undefined,
    webUrl: api.webUrl(s._links?.webui, s._links?.base ?? base) });
}
