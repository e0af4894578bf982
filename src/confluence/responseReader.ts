// Bounds on one request: a total deadline for headers and body together (undici's own timeouts
// restart with every chunk, so a server dripping a byte a second would keep a request open for ever)
// and a maximum response size. Both fail with a typed ConfluenceError instead of hanging or
// filling memory.

/** Default total time for one attempt (headers and body). */
export const DEFAULT_DEADLINE_MS = 120_000;
/** Default largest answer read: far above Confluence's 5 MB page limit. */
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

export interface Deadline {
  /** Aborts when the deadline passes or the caller's signal aborts. */
  readonly signal: AbortSignal;
  /** True once the deadline (not the caller) ended the request. */
  expired(): boolean;
  dispose(): void;
}

/** A real-time deadline: it bounds real waiting, whatever clock the retry logic runs on. */
export function startDeadline(ms: number, outer: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort();
  }, ms);
  const onAbort = (): void => controller.abort();
  if (outer?.aborted) { controller.abort(); } else { outer?.addEventListener('abort', onAbort, { once: true }); }
  return {
    signal: controller.signal,
    expired: () => fired,
    dispose: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

interface Body extends AsyncIterable<Uint8Array> { dump?(): Promise<void>; destroy?(): void }

/** The whole body as text, or undefined (and the body discarded) once it grows past `maxBytes`. */
export async function readBounded(body: Body, declaredLength: string | undefined, maxBytes: number): Promise<string | undefined> {
  if (declaredLength !== undefined && Number(declaredLength) > maxBytes) {
    body.destroy?.();
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    // Leaving the loop early destroys the stream, so nothing more is read.
    if (total > maxBytes) { return undefined; }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
