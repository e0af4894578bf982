// The client's view of the site's admin key: on until the expiry the server gave us, judged by the
// injected clock so the header stops the moment the key lapses (no request is needed to notice).
//
// On scoped (gateway) connections the header is never sent: the admin key needs a classic token on the
// site URL (see docs/credentials.md), and through api.atlassian.com it would at best do nothing.

import type { Clock } from './http';

export class AdminKeyPolicy {
  #expiresAt: number | undefined;
  readonly #clock: Clock;
  readonly #allowed: boolean;

  constructor(clock: Clock, allowed: boolean) {
    this.#clock = clock;
    this.#allowed = allowed;
  }

  /** Whether the connection can use an admin key at all (classic token on the site URL). */
  get allowed(): boolean { return this.#allowed; }

  get expiresAt(): number | undefined { return this.#expiresAt; }

  set(expiresAt: number | undefined): void {
    this.#expiresAt = expiresAt !== undefined && Number.isFinite(expiresAt) ? expiresAt : undefined;
  }

  active(): boolean {
    return this.#allowed && this.#expiresAt !== undefined && this.#clock.now() < this.#expiresAt;
  }

  /** Whether this request carries the header: key active, connection allowed, caller did not opt out. */
  appliesTo(o: { withoutAdminKey?: boolean } | undefined): boolean {
    return o?.withoutAdminKey !== true && this.active();
  }
}
