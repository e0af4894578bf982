// Time as everything that waits or expires sees it. Injected everywhere, so tests can move it.

export interface Clock { now(): number; setTimeout(fn: () => void, ms: number): { cancel(): void } }

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};
