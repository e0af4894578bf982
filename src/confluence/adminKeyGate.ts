// Whether requests carry the admin-key header is not the client's to decide: the extension keeps one
// record of each site's key (its state, expiry and countdown), and the client asks it per request.
//
// On scoped (gateway) connections the header is never sent, whatever the gate says: the admin key
// needs a classic token on the site URL (see docs/credentials.md), and through api.atlassian.com it
// would at best do nothing.

export interface AdminKeyGate {
  /** True while this site's admin key is on (the owner judges expiry by its own clock). */
  isActive(): boolean;
  /**
   * A request that carried the key was answered 404. The key may have lapsed on the server (turned
   * off in the browser or another window, or expired early), which only a fresh look can tell.
   */
  keyedRequestNotFound?(): void;
}

export const ADMIN_KEY_NEVER: AdminKeyGate = { isActive: () => false };

/** The client's side of the policy: the connection may use the key at all, and the caller did not opt out. */
export function carriesAdminKey(gate: AdminKeyGate, classicConnection: boolean, o: { withoutAdminKey?: boolean } | undefined): boolean {
  return classicConnection && o?.withoutAdminKey !== true && gate.isActive();
}
