// The shapes the client hands to the rest of the extension: small, validated, free of transport
// details. Every operation module maps Confluence's JSON into these.

export type TokenKind = 'classic' | 'scoped';
export interface Account { accountId: string; displayName: string; email?: string }
export interface SiteConnection {
  /** Where people browse (webui links), e.g. https://acme.atlassian.net. */
  siteOrigin: string;
  /** classic: siteOrigin; scoped: `${gatewayOrigin}/ex/confluence/${cloudId}`. */
  apiBase: string;
  tokenKind: TokenKind;
  cloudId?: string;
}
export interface Credentials { email: string; token: string }

export interface RequestOptions {
  signal?: AbortSignal;
  withoutAdminKey?: boolean;
  /** 'background': nobody waits for it (read-ahead, checks, tooltips); paused while the site is near its rate limit. */
  priority?: 'foreground' | 'background';
}

export interface Space { id: string; key: string; name: string; type: string; status: string; homepageId?: string; webUrl?: string }
export type ContentType = 'page' | 'folder' | 'whiteboard' | 'database' | 'embed';
export interface ContentNode { id: string; type: ContentType; title: string; status: string; spaceId?: string; childPosition?: number; parentId?: string }
/**
 * One response's worth of a listing. `hasMore` says whether another request follows, so a caller can
 * tell a complete level from a first batch without asking for the next one.
 */
export type Batch<T> = T[] & { readonly hasMore?: boolean };
/** A descendant: its depth below the content the listing started from (1 = a direct child). */
export interface DescendantNode extends ContentNode { parentId: string; depth: number }

/** The deepest `depth` Confluence accepts for descendants. */
export const MAX_DESCENDANT_DEPTH = 10;

export interface PageVersion { number: number; createdAt: string; authorId?: string; message?: string; minorEdit?: boolean }
export interface Page {
  id: string; title: string; spaceId: string; parentId?: string; parentType?: string; status: string;
  createdAt?: string; authorId?: string; version: PageVersion; body?: { representation: string; value: string }; webUrl?: string; tinyUrl?: string;
  /** What the caller may do with the page; only when asked for with includeOperations. */
  operations?: { operation: string; targetType: string }[];
  /** The page's labels (at most 50; `more` when it has others); only when asked for with includeLabels. */
  labels?: { names: string[]; more: boolean };
}
export type BodyFormat = 'storage' | 'view' | 'none';
export interface AdminKeyStatus { accountId?: string; expiresAt: number /* ms epoch */ }
export interface SearchResult { id: string; type: string; title: string; spaceKey?: string; spaceName?: string; excerpt?: string; webUrl?: string; lastModified?: string }
export interface Restriction { operation: string; users: { accountId: string; displayName?: string }[]; groups: { id?: string; name: string }[] }
export interface SpaceFilter { status?: 'current' | 'archived'; type?: 'global' | 'personal' }

export const CONTENT_TYPES: ReadonlySet<string> = new Set<ContentType>(['page', 'folder', 'whiteboard', 'database', 'embed']);

/** Drops undefined properties so results compare cleanly and serialise without noise. */
export function compact<T extends object>(o: { [K in keyof T]: T[K] | undefined }): T {
  for (const k of Object.keys(o) as (keyof T)[]) {
    if (o[k] === undefined) { delete o[k]; }
  }
  return o as T;
}
