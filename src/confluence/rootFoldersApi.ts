// Folders at the root of a space, outside every page. v2 has no listing for them: the space's pages
// listing with depth=root returns pages only, and direct-children exists only below a page or folder.
// A CQL search for the space's folders with their ancestors expanded finds them: those without
// ancestors sit at the root. One request per 250 folders, made only when a space is expanded.

import * as z from 'zod/mini';
import { PAGE_LIMIT, V1, type ConfluenceApi } from './api';
import { compact, type ContentNode, type RequestOptions } from './types';

const FolderSearchSchema = z.object({
  results: z.array(z.object({
    content: z.nullish(z.object({
      id: z.optional(z.string()), type: z.optional(z.string()), title: z.optional(z.string()), status: z.optional(z.string()),
      ancestors: z.nullish(z.array(z.object({ id: z.optional(z.string()) }))),
    })),
  })),
  _links: z.nullish(z.object({ next: z.nullish(z.string()) })),
});

/** CQL string literal: quotes and backslashes escaped. */
function cqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function rootFolders(api: ConfluenceApi, space: { id: string; key: string }, o?: RequestOptions): AsyncIterable<ContentNode[]> {
  const url = api.url(`${V1}/search`, {
    cql: `type = folder AND space = ${cqlString(space.key)}`, limit: PAGE_LIMIT, excerpt: 'none', expand: 'content.ancestors',
  });
  return api.paginate(url, FolderSearchSchema, o, (body) => body.results.flatMap((r) => {
    const c = r.content;
    if (!c?.id || c.type !== 'folder' || (c.ancestors?.length ?? 0) > 0) { return []; }
    return [compact<ContentNode>({ id: c.id, type: 'folder', title: c.title ?? '', status: c.status ?? 'current', spaceId: space.id })];
  }));
}
