// The one record of each site's admin key. The status item renders from it, the tree asks it, and
// every site's client asks it per request (through an AdminKeyGate) whether to send the header —
// so "is the key on?" has exactly one answer, judged by one clock.

import type { AdminKeyGate } from '../../confluence/adminKeyGate';
import type { Clock } from '../../util/clock';
import { Listeners } from '../../util/listeners';
import { isOn, type AdminKeyState } from './adminKeyState';

export class AdminKeyStore {
  private readonly states = new Map<string, AdminKeyState>();
  private readonly keyedNotFound = new Listeners<string>();

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  /** The recorded state of a site (by origin); undefined until something was learnt. */
  get(origin: string): AdminKeyState | undefined {
    return this.states.get(origin);
  }

  set(origin: string, state: AdminKeyState): void {
    this.states.set(origin, state);
  }

  delete(origin: string): void {
    this.states.delete(origin);
  }

  origins(): string[] {
    return [...this.states.keys()];
  }

  /** On now: recorded as on and not yet past its expiry by the clock (no request needed to notice). */
  isActive(origin: string): boolean {
    const state = this.states.get(origin);
    return state !== undefined && isOn(state, this.clock.now());
  }

  /** What a site's client asks before each request, and tells when a request with the key found nothing. */
  gateFor(origin: string): AdminKeyGate {
    return { isActive: () => this.isActive(origin), keyedRequestNotFound: () => this.keyedNotFound.fire(origin) };
  }

  /** A request that carried the key was answered 404: the key may have lapsed on the server. */
  onKeyedRequestNotFound(listener: (origin: string) => void): { dispose(): void } {
    return this.keyedNotFound.on(listener);
  }
}
