// The page's own images in `Confluence: Open Preview to the Side`: Confluence's rendering points them
// at /wiki/download/attachments/…, which only answers with credentials. They are fetched through the
// API (never by a URL carrying a token), at most four at a time, cached, and inlined as data: URIs —
// the preview webview loads nothing from the network.

import type * as vscode from 'vscode';
import type { SiteSession } from '../confluence/siteSession';
import type { ByteCache } from './model/byteCache';

const CONCURRENCY = 4;
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml', bmp: 'image/bmp' };

export function siteImages(cache: ByteCache, log: vscode.LogOutputChannel): (session: SiteSession, urls: string[]) => Promise<Map<string, string>> {
  return async (session, urls) => {
    const out = new Map<string, string>();
    const queue = [...urls];
    const worker = async (): Promise<void> => {
      for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
        const key = `url|${session.site.origin}|${url}`;
        try {
          let hit = cache.get(key);
          if (!hit) {
            const { bytes, mediaType } = await session.client.fetchImage(url, { maxBytes: MAX_IMAGE_BYTES });
            hit = { bytes, ...(mediaType ? { mediaType } : {}) };
            cache.set(key, hit);
          }
          const type = imageType(hit.mediaType, url);
          if (type) { out.set(url, `data:${type};base64,${Buffer.from(hit.bytes).toString('base64')}`); }
        } catch (e) {
          log.warn(`[organise] preview image ${new URL(url).pathname} on ${session.site.host} was not fetched: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, urls.length) }, worker));
    return out;
  };
}

/** Only images become data: URIs (a text file answered for an image is left out). */
function imageType(declared: string | undefined, url: string): string | undefined {
  const d = declared?.toLowerCase();
  if (d?.startsWith('image/')) { return d; }
  const ext = /\.([A-Za-z0-9]+)(?:\?|$)/.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return ext ? IMAGE_TYPES[ext] : undefined;
}
