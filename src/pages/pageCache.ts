// What is known about pages right now: immutable bodies by (page, version) and the latest metadata
// per page. A published version never changes, so bodies need no expiry; metadata only moves forward.

import { utf8ByteLength } from './storageFormat';

/** Metadata of one version of a page, from a GET /pages/{id} (with or without body). */
export interface PageMeta {
  pageId: string;
  version: number;
  /** Date.parse(version.createdAt) */
  mtime: number;
  /** Date.parse(page.createdAt), or mtime when Confluence did not say. */
  ctime: number;
  title: string;
  status: string;
  spaceId: string;
  authorId?: string;
  message?: string;
}

export interface CachedBody {
  text: string;
  /** Exact UTF-8 byte length of text: what stat reports as size. */
  size: number;
}

/**
 * Bodies by (page key, version). A published version never changes, so entries need no expiry; the
 * cache is bounded by entries and total characters, least recently used first out.
 */
export class BodyCache {
  private readonly entries = new Map<string, CachedBody>();
  private chars = 0;

  constructor(private readonly maxEntries = 200, private readonly maxChars = 64 * 1024 * 1024) {}

  get(pageKey: string, version: number): CachedBody | undefined {
    const k = `${pageKey}@${version}`;
    const hit = this.entries.get(k);
    if (hit) {
      this.entries.delete(k);
      this.entries.set(k, hit);
    }
    return hit;
  }

  set(pageKey: string, version: number, text: string): CachedBody {
    const k = `${pageKey}@${version}`;
    const old = this.entries.get(k);
    if (old) {
      this.entries.delete(k);
      this.chars -= old.text.length;
    }
    const body: CachedBody = { text, size: utf8ByteLength(text) };
    this.entries.set(k, body);
    this.chars += text.length;
    while (this.entries.size > this.maxEntries || (this.chars > this.maxChars && this.entries.size > 1)) {
      const oldest = this.entries.keys().next();
      if (oldest.done) { break; }
      const evicted = this.entries.get(oldest.value);
      this.entries.delete(oldest.value);
      this.chars -= evicted?.text.length ?? 0;
    }
    return body;
  }

  /** Forgets one version's body: Confluence changed it in place (an inline comment's marker, no new version). */
  delete(pageKey: string, version: number): void {
    const k = `${pageKey}@${version}`;
    const old = this.entries.get(k);
    if (old) {
      this.entries.delete(k);
      this.chars -= old.text.length;
    }
  }

  hasAny(pageKey: string): boolean {
    const prefix = `${pageKey}@`;
    for (const k of this.entries.keys()) {
      if (k.startsWith(prefix)) { return true; }
    }
    return false;
  }
}

/**
 * The latest metadata known per page. Monotonic: an older version never replaces a newer one, so a
 * lagging read right after our own write cannot move `stat.mtime` backwards (VS Code ignores older
 * mtimes and the editor's baseline would go stale).
 */
export class MetaCache {
  private readonly entries = new Map<string, { meta: PageMeta; at: number }>();

  get(pageKey: string): { meta: PageMeta; at: number } | undefined {
    return this.entries.get(pageKey);
  }

  /** Stores `meta` fetched at `at` unless a newer version is already known; returns what is current. */
  update(pageKey: string, meta: PageMeta, at: number): PageMeta {
    const old = this.entries.get(pageKey);
    if (old && old.meta.version > meta.version) {
      return old.meta;
    }
    this.entries.set(pageKey, { meta, at });
    return meta;
  }

  /** Forgets a page (deleted, or renamed by us so the title must be re-read). */
  delete(pageKey: string): void {
    this.entries.delete(pageKey);
  }

  /** Marks the entry stale so the next stat re-reads it (keeps it for monotonicity). */
  invalidate(pageKey: string): void {
    const old = this.entries.get(pageKey);
    if (old) { this.entries.set(pageKey, { meta: old.meta, at: Number.NEGATIVE_INFINITY }); }
  }
}

/** Converts a client Page's version/time fields into PageMeta. */
export function pageMetaFrom(page: { id: string; title: string; status: string; spaceId: string; createdAt?: string;
  version: { number: number; createdAt: string; authorId?: string; message?: string } }): PageMeta {
  const mtime = versionMtime(page.version.number, page.version.createdAt);
  const created = page.createdAt !== undefined ? Date.parse(page.createdAt) : Number.NaN;
  const meta: PageMeta = {
    pageId: page.id,
    version: page.version.number,
    mtime,
    ctime: Number.isFinite(created) ? created : mtime,
    title: page.title,
    status: page.status,
    spaceId: page.spaceId,
  };
  if (page.version.authorId !== undefined) { meta.authorId = page.version.authorId; }
  if (page.version.message !== undefined) { meta.message = page.version.message; }
  return meta;
}

/**
 * `stat.mtime` for a version: its time, truncated to the second, plus (version mod 1000) ms. VS Code
 * only sees a conflict when the remote mtime is strictly newer, and two versions can carry the same
 * timestamp (saved within one second, or a clock that did not move); this keeps mtime a pure function
 * of the version that still increases with the version number, at the cost of < 1 s of display error.
 * A missing/garbled time falls back to the version number alone (never "now": that would invent
 * conflicts).
 */
export function versionMtime(version: number, createdAt: string): number {
  const t = Date.parse(createdAt);
  const residue = ((version % 1000) + 1000) % 1000;
  if (!Number.isFinite(t)) { return version; }
  return Math.floor(t / 1000) * 1000 + residue;
}
