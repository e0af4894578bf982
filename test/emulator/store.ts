// The emulator's in-memory model of a Confluence Cloud site: users, spaces, the content tree,
// versions, restrictions, admin keys, the audit log and the emulator's own clock.
// Everything here is synchronous and deterministic so that tests can reason about it.

export type ContentType = 'page' | 'folder' | 'whiteboard' | 'database' | 'embed';
export type ContentStatus = 'current' | 'archived' | 'trashed' | 'deleted';
export type Edition = 'premium' | 'standard';

export interface UserRecord {
  accountId: string;
  email: string;
  displayName: string;
  /** Classic API token: works on the site URL and through the gateway. */
  token: string;
  /** Scoped API tokens: only accepted through the gateway path. */
  scopedTokens: string[];
  /** Organisation/site admin: the only people who can use the admin key. */
  siteAdmin: boolean;
  timeZone: string;
}

export interface SpaceRecord {
  id: string;
  key: string;
  name: string;
  type: 'global' | 'personal';
  status: 'current' | 'archived';
  authorId: string;
  createdAt: number;
  homepageId?: string;
  description: string;
}

/** A body is stored byte-for-byte; generated seeds may supply it lazily so big seeds start fast. */
export type BodySource = string | (() => string);

export interface StoredVersion {
  number: number;
  createdAt: number;
  authorId: string;
  message: string;
  minorEdit: boolean;
  title: string;
  body: BodySource;
  adminKeyUsed: boolean;
}

export interface ContentNode {
  id: string;
  type: ContentType;
  spaceId: string;
  parentId: string | null;
  position: number;
  status: ContentStatus;
  createdAt: number;
  authorId: string;
  ownerId: string;
  /** Oldest first. Non-page content has exactly one version (its title lives there too). */
  versions: StoredVersion[];
  /** Read restriction: when set, only these account ids may read this node AND its descendants. */
  readRestrictedTo?: string[];
  /** Update restriction: when set, only these account ids may update this node (not inherited). */
  updateRestrictedTo?: string[];
}

export interface AuditEntry {
  time: number;
  accountId: string;
  action: 'admin-key.enable' | 'admin-key.disable' | 'admin-key.use';
  method: string;
  path: string;
  contentId?: string;
  detail?: string;
}

export const DEFAULT_START_TIME = Date.parse('2026-11-26T09:00:00.000Z');

/**
 * The emulator clock: starts at `startTime` and advances with real time from there, so versions written
 * seconds apart get distinct timestamps; tests can jump it with setNow/advance (admin-key expiry).
 */
export class EmulatorClock {
  private offset = 0;
  private realStart = Date.now();
  constructor(private readonly startTime: number) {}
  now(): number { return this.startTime + this.offset + (Date.now() - this.realStart); }
  setNow(ms: number): void { this.offset = ms - this.startTime - (Date.now() - this.realStart); }
  advance(ms: number): void { this.offset += ms; }
  reset(): void { this.offset = 0; this.realStart = Date.now(); }
}

export function bodyOf(v: StoredVersion): string {
  if (typeof v.body === 'function') {
    v.body = v.body(); // materialise once; from now on the stored bytes are fixed
  }
  return v.body;
}

export function latest(node: ContentNode): StoredVersion {
  const v = node.versions[node.versions.length - 1];
  if (!v) { throw new Error(`content ${node.id} has no versions`); }
  return v;
}

export function titleOf(node: ContentNode): string { return latest(node).title; }

/** How a caller may access a node: directly, only thanks to the admin key, or not at all. */
export type Access = 'yes' | 'key' | 'no';

export class Store {
  readonly users: UserRecord[] = [];
  readonly spaces = new Map<string, SpaceRecord>();
  readonly content = new Map<string, ContentNode>();
  /** parent key (content id, or `space:<id>` for root level) -> child ids */
  private readonly childIndex = new Map<string, string[]>();
  readonly adminKeys = new Map<string, number>(); // accountId -> expiry (emulator ms)
  readonly audit: AuditEntry[] = [];
  edition: Edition = 'premium';
  cloudId = '';
  private nextContentId = 65537;
  private nextSpaceId = 98305;

  constructor(readonly clock: EmulatorClock) {}

  // ---- ids ----
  newContentId(): string { return String(this.nextContentId++); }
  newSpaceId(): string { return String(this.nextSpaceId++); }

  // ---- users ----
  userByEmail(email: string): UserRecord | undefined {
    const e = email.toLowerCase();
    return this.users.find(u => u.email.toLowerCase() === e);
  }
  userById(accountId: string): UserRecord | undefined { return this.users.find(u => u.accountId === accountId); }

  // ---- spaces ----
  addSpace(s: Omit<SpaceRecord, 'id'> & { id?: string }): SpaceRecord {
    const rec: SpaceRecord = { ...s, id: s.id ?? this.newSpaceId() };
    this.spaces.set(rec.id, rec);
    return rec;
  }
  spaceByKey(key: string): SpaceRecord | undefined {
    for (const s of this.spaces.values()) { if (s.key === key) { return s; } }
    return undefined;
  }

  // ---- content tree ----
  private parentKey(spaceId: string, parentId: string | null): string { return parentId ?? `space:${spaceId}`; }

  addContent(input: {
    type: ContentType; spaceId: string; parentId: string | null; title: string; body?: BodySource;
    authorId: string; createdAt: number; status?: ContentStatus; id?: string;
    readRestrictedTo?: string[]; updateRestrictedTo?: string[];
  }): ContentNode {
    const id = input.id ?? this.newContentId();
    const siblings = this.childIds(input.spaceId, input.parentId);
    const lastSibling = siblings.length ? this.content.get(siblings[siblings.length - 1] ?? '') : undefined;
    const node: ContentNode = {
      id, type: input.type, spaceId: input.spaceId, parentId: input.parentId,
      position: lastSibling ? lastSibling.position + 1 : 0,
      status: input.status ?? 'current', createdAt: input.createdAt, authorId: input.authorId, ownerId: input.authorId,
      versions: [{ number: 1, createdAt: input.createdAt, authorId: input.authorId, message: '', minorEdit: false,
        title: input.title, body: input.body ?? '', adminKeyUsed: false }],
    };
    if (input.readRestrictedTo) { node.readRestrictedTo = input.readRestrictedTo; }
    if (input.updateRestrictedTo) { node.updateRestrictedTo = input.updateRestrictedTo; }
    this.content.set(id, node);
    siblings.push(id);
    this.childIndex.set(this.parentKey(input.spaceId, input.parentId), siblings);
    return node;
  }

  /** The live array of child ids (creation/position order). Callers must not mutate it. */
  childIds(spaceId: string, parentId: string | null): string[] {
    return this.childIndex.get(this.parentKey(spaceId, parentId)) ?? [];
  }

  children(node: { id: string; spaceId: string }): ContentNode[] {
    return this.nodes(this.childIds(node.spaceId, node.id));
  }
  rootNodes(spaceId: string): ContentNode[] { return this.nodes(this.childIds(spaceId, null)); }

  private nodes(ids: string[]): ContentNode[] {
    const out: ContentNode[] = [];
    for (const id of ids) { const n = this.content.get(id); if (n) { out.push(n); } }
    return out.sort((a, b) => a.position - b.position || Number(a.id) - Number(b.id));
  }

  /** Ancestors, nearest last (root first). */
  ancestors(node: ContentNode): ContentNode[] {
    const out: ContentNode[] = [];
    const seen = new Set<string>([node.id]);
    let p = node.parentId;
    while (p !== null) {
      const parent = this.content.get(p);
      if (!parent || seen.has(parent.id)) { break; }
      seen.add(parent.id);
      out.unshift(parent);
      p = parent.parentId;
    }
    return out;
  }

  isDescendantOf(node: ContentNode, ancestorId: string): boolean {
    return this.ancestors(node).some(a => a.id === ancestorId);
  }

  /** Re-parent a node (same space) to the end of the new parent's children. */
  move(node: ContentNode, newParentId: string | null): void {
    const oldKey = this.parentKey(node.spaceId, node.parentId);
    const old = this.childIndex.get(oldKey);
    if (old) { const i = old.indexOf(node.id); if (i >= 0) { old.splice(i, 1); } }
    const siblings = this.childIds(node.spaceId, newParentId);
    const last = this.nodes(siblings).pop();
    node.parentId = newParentId;
    node.position = last ? last.position + 1 : 0;
    siblings.push(node.id);
    this.childIndex.set(this.parentKey(node.spaceId, newParentId), siblings);
  }

  /**
   * Place a node at `index` among the children of `parentId` in `spaceId` (possibly another space),
   * renumbering that level's positions so listings sorted by position come back in the new order.
   * Descendants keep their parent; changing their spaceId is the caller's business.
   */
  placeAt(node: ContentNode, spaceId: string, parentId: string | null, index: number): void {
    this.removeFromTree(node);
    const key = this.parentKey(spaceId, parentId);
    const ordered = this.nodes(this.childIds(spaceId, parentId)).filter(n => n.id !== node.id);
    ordered.splice(Math.max(0, Math.min(index, ordered.length)), 0, node);
    node.spaceId = spaceId;
    node.parentId = parentId;
    ordered.forEach((n, i) => { n.position = i; });
    this.childIndex.set(key, ordered.map(n => n.id));
  }

  removeFromTree(node: ContentNode): void {
    const key = this.parentKey(node.spaceId, node.parentId);
    const list = this.childIndex.get(key);
    if (list) { const i = list.indexOf(node.id); if (i >= 0) { list.splice(i, 1); } }
  }

  /** All pages of a space in id order (used by space listings and search). */
  spaceContent(spaceId: string): ContentNode[] {
    const out: ContentNode[] = [];
    for (const n of this.content.values()) { if (n.spaceId === spaceId) { out.push(n); } }
    return out;
  }

  // ---- permissions ----
  /** Read access: a read restriction on the node or any ancestor hides it from everyone not listed. */
  readAccess(user: UserRecord, node: ContentNode, keyActive: boolean): Access {
    const chain = [...this.ancestors(node), node];
    const blocked = chain.some(n => n.readRestrictedTo !== undefined && !n.readRestrictedTo.includes(user.accountId));
    if (!blocked) { return 'yes'; }
    return keyActive ? 'key' : 'no';
  }

  /** Update access needs read access plus (if the node has an update restriction) being listed in it. */
  updateAccess(user: UserRecord, node: ContentNode, keyActive: boolean): Access {
    const read = this.readAccess(user, node, keyActive);
    if (read === 'no') { return 'no'; }
    const blocked = node.updateRestrictedTo !== undefined && !node.updateRestrictedTo.includes(user.accountId);
    if (!blocked) { return read; }
    return keyActive ? 'key' : 'no';
  }

  // ---- versions ----
  /** Append a version; createdAt strictly increases per page even within the same millisecond. */
  addVersion(node: ContentNode, v: { authorId: string; title: string; body: string; message?: string; minorEdit?: boolean; adminKeyUsed?: boolean }): StoredVersion {
    const prev = latest(node);
    const createdAt = Math.max(this.clock.now(), prev.createdAt + 1);
    const sv: StoredVersion = {
      number: prev.number + 1, createdAt, authorId: v.authorId, message: v.message ?? '', minorEdit: v.minorEdit ?? false,
      title: v.title, body: v.body, adminKeyUsed: v.adminKeyUsed ?? false,
    };
    node.versions.push(sv);
    return sv;
  }

  // ---- admin key ----
  adminKeyExpiry(accountId: string): number | undefined {
    const exp = this.adminKeys.get(accountId);
    if (exp === undefined) { return undefined; }
    if (exp <= this.clock.now()) { this.adminKeys.delete(accountId); return undefined; }
    return exp;
  }
  adminKeyAvailableTo(user: UserRecord): boolean { return user.siteAdmin && this.edition === 'premium'; }
}
