// A signed-in site as the rest of the extension sees it: what is remembered about it (no secrets —
// the token lives only in SecretStorage) and the client that talks to it. The site's identity is its
// origin; `host` is the same site as a URI authority, derived once at sign-in.

import type { ConfluenceClient } from './client';
import type { SiteConnection, TokenKind } from './types';

export interface SiteRecord {
  /** Site origin, e.g. https://acme.atlassian.net; the site's identity. */
  readonly origin: string;
  /** The origin as a URI authority (lower-case host, plus the port when not the default): confluence:// URIs use it. */
  readonly host: string;
  readonly email: string;
  readonly accountId: string;
  readonly displayName: string;
  readonly tokenKind: TokenKind;
  readonly apiBase: string;
  readonly cloudId?: string;
  /** Whether the account administers Confluence (admin key offered only then); undefined = unknown. */
  readonly isAdmin?: boolean;
}

/** A signed-in site with a client that can talk to it. */
export interface SiteSession {
  readonly site: SiteRecord;
  readonly client: ConfluenceClient;
}

export function connectionOf(site: SiteRecord): SiteConnection {
  return {
    siteOrigin: site.origin,
    apiBase: site.apiBase,
    tokenKind: site.tokenKind,
    ...(site.cloudId !== undefined ? { cloudId: site.cloudId } : {}),
  };
}

/**
 * Whether the admin key can work for this sign-in: a classic token used on the site itself, by an
 * account not known to be a non-admin (Premium/Enterprise is only learnt from Confluence's answer).
 */
export function canUseAdminKey(site: Pick<SiteRecord, 'tokenKind' | 'isAdmin'>): boolean {
  return site.tokenKind === 'classic' && site.isAdmin !== false;
}
