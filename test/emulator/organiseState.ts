// The part of the site model that organising adds: labels (on content and on spaces) and attachments
// with their versions. It lives beside the Store (one state per Store, created on first use) so the
// core model stays as it is; `reset` gives a fresh Store and with it a fresh state.

import type { ContentNode, Store } from './store';

export type LabelPrefix = 'global' | 'my' | 'team' | 'system';

export interface LabelRecord { id: string; prefix: LabelPrefix; name: string; createdAt: number }

/** Attachment bytes: small seeded files in memory, uploads in the emulator's temporary directory. */
export type BlobSource = { kind: 'bytes'; data: Buffer } | { kind: 'file'; path: string };

export interface AttachmentVersion {
  number: number;
  createdAt: number;
  authorId: string;
  comment: string;
  minorEdit: boolean;
  size: number;
  mediaType: string;
  /** Each version is a different file in the media store, as on real sites. */
  fileId: string;
  blob: BlobSource;
}

export interface AttachmentRecord {
  /** Numeric; the API shows it as `att<id>`. */
  id: string;
  containerId: string;
  title: string;
  status: 'current' | 'trashed' | 'deleted';
  createdAt: number;
  /** Oldest first. */
  versions: AttachmentVersion[];
}

export interface OrganiseState {
  /** `prefix:name` → label; ids are site-wide like Confluence's. */
  readonly labels: Map<string, LabelRecord>;
  /** content id → label keys in the order they were added. */
  readonly contentLabels: Map<string, string[]>;
  /** space id → label keys of the space itself (categories are `team:` labels). */
  readonly spaceLabels: Map<string, string[]>;
  readonly attachments: Map<string, AttachmentRecord>;
  nextLabelId: number;
}

const states = new WeakMap<Store, OrganiseState>();

export function organise(store: Store): OrganiseState {
  let s = states.get(store);
  if (!s) {
    s = { labels: new Map(), contentLabels: new Map(), spaceLabels: new Map(), attachments: new Map(), nextLabelId: 4259841 };
    states.set(store, s);
  }
  return s;
}

export function labelKey(prefix: string, name: string): string { return `${prefix}:${name}`; }

/** The site-wide label record for prefix:name, created on first use. */
export function ensureLabel(store: Store, prefix: LabelPrefix, name: string): LabelRecord {
  const s = organise(store);
  const key = labelKey(prefix, name);
  let label = s.labels.get(key);
  if (!label) {
    label = { id: String(s.nextLabelId++), prefix, name, createdAt: store.clock.now() };
    s.labels.set(key, label);
  }
  return label;
}

function labelsFrom(store: Store, keys: string[] | undefined): LabelRecord[] {
  const s = organise(store);
  return (keys ?? []).map(k => s.labels.get(k)).filter((l): l is LabelRecord => l !== undefined);
}

export function contentLabels(store: Store, contentId: string): LabelRecord[] {
  return labelsFrom(store, organise(store).contentLabels.get(contentId));
}

export function spaceOwnLabels(store: Store, spaceId: string): LabelRecord[] {
  return labelsFrom(store, organise(store).spaceLabels.get(spaceId));
}

/** Adds labels to content; a label it already has is left as it is. */
export function addContentLabels(store: Store, contentId: string, labels: { prefix: LabelPrefix; name: string }[]): void {
  const s = organise(store);
  const keys = s.contentLabels.get(contentId) ?? [];
  for (const l of labels) {
    ensureLabel(store, l.prefix, l.name);
    const key = labelKey(l.prefix, l.name);
    if (!keys.includes(key)) { keys.push(key); }
  }
  s.contentLabels.set(contentId, keys);
}

export function removeContentLabel(store: Store, contentId: string, key: string): boolean {
  const s = organise(store);
  const keys = s.contentLabels.get(contentId);
  const i = keys?.indexOf(key) ?? -1;
  if (!keys || i < 0) { return false; }
  keys.splice(i, 1);
  return true;
}

export function addSpaceLabels(store: Store, spaceId: string, labels: { prefix: LabelPrefix; name: string }[]): void {
  const s = organise(store);
  const keys = s.spaceLabels.get(spaceId) ?? [];
  for (const l of labels) {
    ensureLabel(store, l.prefix, l.name);
    const key = labelKey(l.prefix, l.name);
    if (!keys.includes(key)) { keys.push(key); }
  }
  s.spaceLabels.set(spaceId, keys);
}

/** Global label names on a piece of content, for CQL `label = "x"`. */
export function labelNames(store: Store, contentId: string): string[] {
  return contentLabels(store, contentId).map(l => l.name);
}

export function latestAttachmentVersion(a: AttachmentRecord): AttachmentVersion {
  const v = a.versions[a.versions.length - 1];
  if (!v) { throw new Error(`attachment ${a.id} has no versions`); }
  return v;
}

export function attachmentsOf(store: Store, container: ContentNode, statuses: string[] = ['current']): AttachmentRecord[] {
  return [...organise(store).attachments.values()].filter(a => a.containerId === container.id && statuses.includes(a.status));
}
