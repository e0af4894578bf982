// A small in-memory cache of fetched files (preview images), bounded by total size and by age, least
// recently used first out. Pure: no vscode import.

export interface CachedBytes { bytes: Uint8Array; mediaType?: string }

export class ByteCache {
  private readonly entries = new Map<string, CachedBytes & { at: number }>();
  private total = 0;

  constructor(private readonly maxBytes: number, private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  get(key: string): CachedBytes | undefined {
    const e = this.entries.get(key);
    if (!e) { return undefined; }
    if (this.now() - e.at > this.ttlMs) { this.delete(key); return undefined; }
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  set(key: string, value: CachedBytes): void {
    this.delete(key);
    if (value.bytes.byteLength > this.maxBytes) { return; }
    this.entries.set(key, { ...value, at: this.now() });
    this.total += value.bytes.byteLength;
    for (const [k] of this.entries) {
      if (this.total <= this.maxBytes) { break; }
      this.delete(k);
    }
  }

  /** Drops every entry whose key starts with `prefix`. */
  forget(prefix: string): void {
    for (const k of [...this.entries.keys()]) { if (k.startsWith(prefix)) { this.delete(k); } }
  }

  get size(): number { return this.total; }

  private delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) { return; }
    this.total -= e.bytes.byteLength;
    this.entries.delete(key);
  }
}
