// CQL search (v1; v2 has no search endpoint).

import { PAGE_LIMIT, V1, type ConfluenceApi } from './api';
import { ConfluenceError } from './errors';
import { SearchResponseSchema } from './schemas';
import type * as z from 'zod/mini';
import { compact, type RequestOptions, type SearchResult } from './types';
import { l10n } from '../util/l10n';

/** Follows v1's own `_links.next` until `limit` results (default 50). */
export async function search(api: ConfluenceApi, cql: string, o: RequestOptions & { limit?: number } = {}): Promise<SearchResult[]> {
  if (cql.trim() === '') { throw new ConfluenceError('invalidInput', l10n.t('Enter something to search for.')); }
  const limit = Math.max(1, Math.min(1000, Math.floor(o.limit ?? 50)));
  const url = api.url(`${V1}/search`, { cql, limit: Math.min(limit, PAGE_LIMIT), excerpt: 'highlight', expand: 'content.space' });
  const results: SearchResult[] = [];
  for await (const batch of api.paginate(url, SearchResponseSchema, o, (body) => toResults(api, body))) {
    results.push(...batch);
    if (results.length >= limit) { break; }
  }
  return results.slice(0, limit);
}

function toResults(api: ConfluenceApi, body: z.infer<typeof SearchResponseSchema>): SearchResult[] {
  return body.results.flatMap((r) => {
    const id = r.content?.id;
    if (!id) { return []; } // spaces, users and attachments' containers are not content we open
    const spaceKey = r.content?.space?.key ?? r.space?.key ?? /\/spaces\/([^/?#]+)/.exec(r.resultGlobalContainer?.displayUrl ?? '')?.[1];
    return [compact<SearchResult>({
      id, type: r.content?.type ?? r.entityType ?? 'content', title: r.content?.title ?? stripHighlight(r.title),
      spaceKey: spaceKey ? decodeURIComponent(spaceKey) : undefined,
      spaceName: r.content?.space?.name ?? r.space?.name ?? r.resultGlobalContainer?.title ?? undefined,
      excerpt: r.excerpt ? stripHighlight(r.excerpt) : undefined,
      webUrl: api.webUrl(r.url ?? r.content?._links?.webui, body._links?.base), lastModified: r.lastModified ?? undefined,
    })];
  });
}

function stripHighlight(text: string): string {
  return text.replace(/@@@(end)?hl@@@/g, '')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim();
}
