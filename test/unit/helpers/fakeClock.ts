// A controllable Clock for retry, backoff and expiry tests. In "auto" mode every wait completes on the
// next turn of the event loop (time jumps forward by the requested amount), so retry tests run without
// real sleeps; in "manual" mode timers fire only when the test calls advance().

import type { Clock } from '../../../src/util/clock';

interface Timer { at: number; fn: () => void; cancelled: boolean }

export class FakeClock implements Clock {
  /** Every delay asked of setTimeout, in order. */
  readonly waits: number[] = [];
  #now: number;
  #timers: Timer[] = [];
  #auto: boolean;

  constructor(start = Date.parse('2026-11-26T09:00:00.000Z'), mode: 'auto' | 'manual' = 'auto') {
    this.#now = start;
    this.#auto = mode === 'auto';
  }

  now(): number { return this.#now; }

  set(ms: number): void { this.#now = ms; }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    this.waits.push(ms);
    const timer: Timer = { at: this.#now + ms, fn, cancelled: false };
    if (this.#auto) {
      setImmediate(() => {
        if (timer.cancelled) { return; }
        this.#now = Math.max(this.#now, timer.at);
        timer.fn();
      });
    } else {
      this.#timers.push(timer);
    }
    return { cancel: () => { timer.cancelled = true; } };
  }

  /** Pending (not cancelled, not fired) timers in manual mode. */
  pending(): number { return this.#timers.filter((t) => !t.cancelled).length; }

  advance(ms: number): void {
    this.#now += ms;
    const due = this.#timers.filter((t) => !t.cancelled && t.at <= this.#now);
    this.#timers = this.#timers.filter((t) => !due.includes(t));
    for (const t of due) { t.fn(); }
  }
}
