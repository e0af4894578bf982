// Small HTTP helpers for the emulator's own tests (plain fetch, no client library).

export interface Res { status: number; headers: Record<string, string>; text: string; body: unknown }

export function basic(email: string, token: string): string {
  return 'Basic ' + Buffer.from(`${email}:${token}`).toString('base64');
}

export async function call(base: string, method: string, url: string, opts: { auth?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {}): Promise<Res> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
  if (opts.auth) { headers.Authorization = opts.auth; }
  let body: string | Buffer | undefined;
  if (opts.rawBody !== undefined) { body = opts.rawBody; headers['Content-Type'] ??= 'application/json'; }
  else if (opts.body !== undefined) { body = JSON.stringify(opts.body); headers['Content-Type'] = 'application/json'; }
  const r = await fetch(base + url, { method, headers, body, redirect: 'manual' });
  const text = await r.text();
  const out: Record<string, string> = {};
  r.headers.forEach((v, k) => { out[k] = v; });
  let parsed: unknown;
  if (text.length > 0 && (out['content-type'] ?? '').includes('json')) { parsed = JSON.parse(text); }
  return { status: r.status, headers: out, text, body: parsed };
}

/** Property access on unknown JSON without casts sprinkled through the tests. */
export function j(v: unknown, ...path: (string | number)[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') { return undefined; }
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

export function results(v: unknown): Record<string, unknown>[] {
  const r = j(v, 'results');
  return Array.isArray(r) ? (r as Record<string, unknown>[]) : [];
}
