// The version each open document was read at (its base), by document URI, persisted in the
// workspace's Memento: a dirty editor restored after a window restart still saves on top of the
// version its text came from. A restart is simply new objects over the same store.

import type { VersionMeta } from './saveRules';

/** Structural subset of vscode.Memento, so this file stays pure. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

interface StoredBase { v: number; m: number; s: number; t: number }

export const BASES_MEMENTO_KEY = 'confluence.fs.baseVersions';

/**
 * The version each document was read at, by URI string, persisted so a dirty editor restored after a
 * window restart still saves on top of the version its text is based on. Bounded: the least recently
 * touched entries beyond `maxEntries` are dropped (their editors are long closed).
 */
export class BaseStore {
  private readonly bases: Map<string, StoredBase>;

  constructor(private readonly store: KeyValueStore, private readonly onPersistError: (e: unknown) => void = () => undefined,
    private readonly maxEntries = 500) {
    const raw = store.get<Record<string, unknown>>(BASES_MEMENTO_KEY);
    this.bases = new Map();
    if (raw && typeof raw === 'object') {
      const valid = Object.entries(raw).filter((e): e is [string, StoredBase] => isStoredBase(e[1]));
      valid.sort((a, b) => a[1].t - b[1].t);
      for (const [k, v] of valid) { this.bases.set(k, v); }
    }
  }

  get(uriKey: string): VersionMeta | undefined {
    const b = this.bases.get(uriKey);
    return b ? { version: b.v, mtime: b.m, size: b.s } : undefined;
  }

  set(uriKey: string, meta: VersionMeta, now: number): void {
    const old = this.bases.get(uriKey);
    if (old && old.v === meta.version && old.m === meta.mtime && old.s === meta.size) { return; }
    this.bases.delete(uriKey);
    this.bases.set(uriKey, { v: meta.version, m: meta.mtime, s: meta.size, t: now });
    while (this.bases.size > this.maxEntries) {
      const oldest = this.bases.keys().next();
      if (oldest.done) { break; }
      this.bases.delete(oldest.value);
    }
    this.persist();
  }

  delete(uriKey: string): void {
    if (this.bases.delete(uriKey)) { this.persist(); }
  }

  private persist(): void {
    const snapshot: Record<string, StoredBase> = {};
    for (const [k, v] of this.bases) { snapshot[k] = v; }
    try {
      this.store.update(BASES_MEMENTO_KEY, snapshot).then(undefined, this.onPersistError);
    } catch (e) {
      this.onPersistError(e);
    }
  }
}

function isStoredBase(v: unknown): v is StoredBase {
  if (!v || typeof v !== 'object') { return false; }
  const o = v as Record<string, unknown>;
  return [o['v'], o['m'], o['s'], o['t']].every(x => typeof x === 'number' && Number.isFinite(x));
}

