// The one search for a space's folders, whiteboards, databases and embeds. Pure: no vscode import.
//
// All four types go in one query (one request per 250 hits). A site whose search does not know one of
// the types refuses the whole query (400); then each type is asked alone, and the types refused on
// their own are reported, so the caller knows which content it cannot prove absent.

import { NON_PAGE_TYPES, type NonPageType, type SearchedContent } from '../../confluence/contentTreeApi';
import type { RequestOptions } from '../../confluence/types';

export interface NonPageSearchSource {
  spaceNonPageContent(space: { id: string; key: string }, types: readonly NonPageType[], o?: RequestOptions): AsyncIterable<SearchedContent[]>;
}

export interface NonPageSearchResult {
  hits: SearchedContent[];
  /** Types the site's search refused: content of these types may exist unseen. */
  refused: NonPageType[];
}

export async function searchNonPageContent(source: NonPageSearchSource, space: { id: string; key: string },
  o?: RequestOptions): Promise<NonPageSearchResult> {
  try {
    return { hits: await collect(source.spaceNonPageContent(space, NON_PAGE_TYPES, o)), refused: [] };
  } catch (error) {
    if (!isRefusedQuery(error)) throw error;
  }
  const hits: SearchedContent[] = [];
  const refused: NonPageType[] = [];
  for (const type of NON_PAGE_TYPES) {
    try {
      hits.push(...await collect(source.spaceNonPageContent(space, [type], o)));
    } catch (error) {
      if (!isRefusedQuery(error)) throw error;
      refused.push(type);
    }
  }
  return { hits, refused };
}

async function collect<T>(source: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const batch of source) all.push(...batch);
  return all;
}

function isRefusedQuery(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 400;
}
