// The top level of a space and the batch plumbing of tree listings. Pure: no vscode import.
//
// A space's top level is its root pages (GET /spaces/{id}/pages?depth=root), then its folders,
// whiteboards, databases and embeds at the root, which that listing leaves out and v2 lists nowhere:
// the space's read-ahead finds them (see spaceHierarchy.ts). Pages stream first; the rest follows once
// the read-ahead's search has answered. A failed search does not hide the pages: it is reported and
// the level ends.

import type { Batch, ContentNode, RequestOptions } from '../../confluence/types';

export interface SpaceRootsSource {
  spaceRootPages(spaceId: string, o?: RequestOptions): AsyncIterable<Batch<ContentNode>>;
}

export async function* spaceRoots(source: SpaceRootsSource, space: { id: string; key: string }, rootItems: () => Promise<ContentNode[]>,
  onItemsError: (error: unknown) => void): AsyncGenerator<Batch<ContentNode>> {
  // Every page batch says more follows: the other root content does.
  for await (const batch of source.spaceRootPages(space.id)) yield Object.assign([...batch], { hasMore: true });
  let items: ContentNode[] = [];
  try {
    items = await rootItems();
  } catch (error) {
    if (isCancelled(error)) throw error;
    onItemsError(error);
  }
  yield Object.assign([...items], { hasMore: false });
}

/** Maps each batch, keeping whether another request follows. */
export async function* mapBatches<T>(source: AsyncIterable<Batch<ContentNode>>, map: (c: ContentNode) => T,
  each?: (batch: ContentNode[]) => void): AsyncGenerator<Batch<T>> {
  for await (const batch of source) {
    each?.(batch);
    yield Object.assign(batch.map(map), { hasMore: batch.hasMore });
  }
}

export function isContainer(content: ContentNode): content is ContentNode & { type: 'page' | 'folder' } {
  return content.type === 'page' || content.type === 'folder';
}

export function spaceKeyOf(origin: string, spaceId: string): string {
  return `space|${origin}|${spaceId}`;
}

function isCancelled(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === 'cancelled';
}
