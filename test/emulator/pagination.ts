// Cursor pagination as Confluence v2 does it: `limit` 1..250 (default 25), an opaque `cursor`,
// `_links.next` relative to the site (always starting with /wiki/api/v2, also through the gateway)
// and the same URL in a `Link` header next to rel="base". The cursor is base64url of an internal
// position; `cursor` is put first in the next URL (as on real sites, see docs/CONFLUENCE-API.md) so clients must
// parse the URL rather than assume an order.

import { ApiError, badRequest } from './errors';

export const CURSOR_TITLE = "Provided value for 'cursor' is not the correct type. Expected type is Cursor.";
export const CURSOR_DETAIL = 'The provided cursor was not valid. You can get a new valid cursor by making the original pagination request again.';

export function parseLimit(raw: string | null, def = 25, max = 250): number {
  if (raw === null) { return def; }
  if (!/^-?\d+$/.test(raw.trim())) {
    throw badRequest(`Provided value for 'limit' is not the correct type. Expected type is Integer.`, `The value '${raw.slice(0, 40)}' is not an integer.`);
  }
  const n = Number(raw);
  if (n < 1 || n > max) {
    throw badRequest(`Provided value for 'limit' is out of range. It must be between 1 and ${max}.`, null);
  }
  return n;
}

interface CursorPayload { o: number; k: string }

export function encodeCursor(offset: number, kind: string): string {
  return Buffer.from(JSON.stringify({ o: offset, k: kind } satisfies CursorPayload), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string | null, kind: string): number {
  if (raw === null) { return 0; }
  const fail = (): ApiError => badRequest(CURSOR_TITLE, CURSOR_DETAIL);
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(raw)) { throw fail(); }
  let parsed: unknown;
  try { parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')); } catch { throw fail(); }
  if (typeof parsed !== 'object' || parsed === null) { throw fail(); }
  const p = parsed as Partial<CursorPayload>;
  if (typeof p.o !== 'number' || !Number.isSafeInteger(p.o) || p.o < 0 || p.k !== kind) { throw fail(); }
  return p.o;
}

export interface PageOf<T> { items: T[]; next?: string }

/**
 * Slice `all` according to limit/cursor and build the relative next URL.
 * `apiPath` is the path without the gateway prefix (e.g. /wiki/api/v2/spaces/1/pages).
 */
export function paginate<T>(all: T[], query: URLSearchParams, apiPath: string, kind: string, defLimit = 25, maxLimit = 250): PageOf<T> {
  const limit = parseLimit(query.get('limit'), defLimit, maxLimit);
  const offset = decodeCursor(query.get('cursor'), kind);
  const items = all.slice(offset, offset + limit);
  if (offset + limit >= all.length) { return { items }; }
  const params = new URLSearchParams();
  params.set('cursor', encodeCursor(offset + limit, kind));
  const rest = [...query.entries()].filter(([k]) => k !== 'cursor' && k !== 'limit');
  rest.push(['limit', String(limit)]);
  rest.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [k, v] of rest) { params.append(k, v); }
  return { items, next: `${apiPath}?${params.toString()}` };
}

export function linkHeader(next: string, base: string): string {
  return `<${next}>; rel="next", <${base}>; rel="base"`;
}
