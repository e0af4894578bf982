import type { Clock } from '../util/clock';

/**
 * The extension's clock: the system time plus an offset that only the integration tests move
 * (through the test API that activate() returns when test seams are enabled). Timers whose
 * deadline an advance passes fire at once, so "the key expired" can be tested without waiting.
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  private readonly pending = new Set<{ deadline: number; fire: () => void; handle: ReturnType<typeof setTimeout> }>();

  now(): number {
    return Date.now() + this.offsetMs;
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer = {
      deadline: this.now() + Math.max(0, ms),
      fire: () => { this.pending.delete(timer); fn(); },
      handle: undefined as unknown as ReturnType<typeof setTimeout>,
    };
    // Node caps timers at 2^31-1 ms; longer ones are re-armed rather than firing early.
    const arm = (delay: number) => {
      timer.handle = setTimeout(() => {
        const left = timer.deadline - this.now();
        if (left > 0) arm(left); else timer.fire();
      }, Math.min(delay, 2_147_483_647));
    };
    arm(Math.max(0, ms));
    this.pending.add(timer);
    return { cancel: () => { clearTimeout(timer.handle); this.pending.delete(timer); } };
  }

  advance(ms: number): void {
    this.offsetMs += ms;
    const now = this.now();
    for (const timer of [...this.pending].sort((a, b) => a.deadline - b.deadline)) {
      if (timer.deadline <= now) {
        clearTimeout(timer.handle);
        timer.fire();
      }
    }
  }
}
