// What the site said about its rate limit lately, per connection. A 429, or an answer marked
// `X-RateLimit-NearLimit: true`, pauses background work (the tree's read-ahead, version checks,
// tooltips) until the reset the server named, or a short cool-down when it named none; requests a
// person is waiting for go on. `RateLimit-Reason` is logged when it changes, never per request.

import type { Logger } from '../util/logger';
import { headerValue, serverRequestedWait } from './retryPolicy';

type Headers = Record<string, string | string[] | undefined>;

/** Who waits for a request: a person (foreground, the default) or nobody in particular (background). */
export type RequestPriority = 'foreground' | 'background';

/** How long background work pauses after a near-limit answer that names no reset time. */
export const NEAR_LIMIT_COOLDOWN_MS = 10_000;
/** The longest pause, whatever the server says (Retry-After has been seen at Long.MAX_VALUE). */
export const MAX_BACKGROUND_PAUSE_MS = 60_000;

export class RateLimitState {
  #pausedUntil = 0;
  #lastReason: string | undefined;

  constructor(private readonly logger: Logger | undefined) {}

  /** Takes in every answer's status and headers. */
  observe(status: number, headers: Headers, now: number): void {
    const reason = headerValue(headers, 'ratelimit-reason');
    if (reason !== undefined && reason !== this.#lastReason) {
      this.#lastReason = reason;
      this.logger?.info(`Confluence rate limit reason: ${reason.slice(0, 120)}`);
    }
    const near = headerValue(headers, 'x-ratelimit-nearlimit')?.trim().toLowerCase() === 'true';
    if (status !== 429 && !near) { return; }
    const wait = Math.min(MAX_BACKGROUND_PAUSE_MS, serverRequestedWait(headers, now) ?? NEAR_LIMIT_COOLDOWN_MS);
    const until = now + wait;
    if (until <= this.#pausedUntil) { return; }
    if (this.#pausedUntil <= now) {
      this.logger?.info(`Confluence is ${status === 429 ? 'rate-limiting requests' : 'near its rate limit'}: background requests pause for ${Math.ceil(wait / 1000)} s`);
    }
    this.#pausedUntil = until;
  }

  /** How long a request of this priority must wait before it is sent (0: go). */
  delayFor(priority: RequestPriority | undefined, now: number): number {
    return priority === 'background' ? Math.max(0, this.#pausedUntil - now) : 0;
  }
}
