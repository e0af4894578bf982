// The emulator's comments: footer and inline comments on pages, replies (children), comment versions
// and the resolution of inline comments. Kept beside the Store (one CommentStore per Store, created
// on first use) so the core model stays as it is; comment ids come from the Store's content-id
// counter because Confluence comments are content too.
//
// What adding an inline comment does to the page. Confluence Cloud inserts the marker into the page
// body: after POST /inline-comments the page's ADF carries an `annotation` mark with the comment's
// inlineMarkerRef around the selected text (a public Markdown→Confluence publisher's end-to-end
// fixture asserts exactly that against a live site). And it does so WITHOUT a new page version:
// the docz project measured it on a live Cloud site on 2026-10-07 ("Whether a comment bumps the
// version ... it does not", donaldgifford/docz docs/impl/0024-…-and-the-server.md, Phase 5, with the
// question set out in docs/design/0021-…, question 11). So the emulator rewrites the current
// version's body in place: same version number, same minorEdit, same createdAt. Consequence for
// clients: the version check cannot see this change — an editor that saves on top of the version
// it read removes the new marker (the comment becomes dangling) without any 409.

import { anchorSelection, hasMarker } from './inlineAnchor';
import { bodyOf, ContentNode, latest, Store } from './store';

export type CommentKind = 'footer' | 'inline';
export type StoredResolution = 'open' | 'reopened' | 'resolved';
export type ResolutionStatus = StoredResolution | 'dangling';

export interface CommentVersion { number: number; createdAt: number; authorId: string; message: string; body: string }

export interface CommentRecord {
  id: string;
  kind: CommentKind;
  pageId: string;
  parentId: string | null;
  createdAt: number;
  /** Oldest first. */
  versions: CommentVersion[];
  /** Inline threads: kept on the top-level comment; replies share their thread's. */
  markerRef?: string;
  originalSelection?: string;
  resolution?: StoredResolution;
  resolutionBy?: string;
  resolutionAt?: number;
}

export class AnchorError extends Error {}

export interface InlineSelection { text: string; matchCount: number; matchIndex: number }

export class CommentStore {
  readonly byId = new Map<string, CommentRecord>();

  constructor(private readonly store: Store) {}

  add(input: {
    kind: CommentKind; pageId: string; parentId: string | null; authorId: string; body: string; createdAt: number;
    markerRef?: string; originalSelection?: string; resolution?: StoredResolution; id?: string;
  }): CommentRecord {
    const c: CommentRecord = {
      id: input.id ?? this.store.newContentId(), kind: input.kind, pageId: input.pageId, parentId: input.parentId, createdAt: input.createdAt,
      versions: [{ number: 1, createdAt: input.createdAt, authorId: input.authorId, message: '', body: input.body }],
    };
    if (input.kind === 'inline' && input.parentId === null) {
      c.markerRef = input.markerRef;
      c.originalSelection = input.originalSelection;
      c.resolution = input.resolution ?? 'open';
    }
    this.byId.set(c.id, c);
    return c;
  }

  /**
   * A top-level inline comment on `selection`: anchors it in the page's current body (in place, no
   * new page version — see the file header) and records the comment. Throws AnchorError when the
   * selection does not match the page.
   */
  addInline(page: ContentNode, selection: InlineSelection, authorId: string, body: string, markerRef: string): CommentRecord {
    const current = latest(page);
    const anchored = anchorSelection(bodyOf(current), selection.text, selection.matchCount, selection.matchIndex, markerRef);
    if (!anchored.ok) { throw new AnchorError(anchored.title); }
    current.body = anchored.body;
    return this.add({ kind: 'inline', pageId: page.id, parentId: null, authorId, body, createdAt: this.now(), markerRef, originalSelection: selection.text });
  }

  reply(parent: CommentRecord, authorId: string, body: string): CommentRecord {
    return this.add({ kind: parent.kind, pageId: parent.pageId, parentId: parent.id, authorId, body, createdAt: this.now() });
  }

  /** Top-level comments of a kind on a page, oldest first. */
  roots(pageId: string, kind: CommentKind): CommentRecord[] {
    return [...this.byId.values()].filter(c => c.pageId === pageId && c.kind === kind && c.parentId === null);
  }

  children(id: string): CommentRecord[] {
    return [...this.byId.values()].filter(c => c.parentId === id);
  }

  onPage(pageId: string): CommentRecord[] {
    return [...this.byId.values()].filter(c => c.pageId === pageId);
  }

  /** The top-level comment of a thread. */
  root(c: CommentRecord): CommentRecord {
    let cur = c;
    for (let guard = 0; cur.parentId !== null && guard < 1000; guard++) {
      const p = this.byId.get(cur.parentId);
      if (!p) { break; }
      cur = p;
    }
    return cur;
  }

  /** Inline comments only: the thread's stored status, or dangling when its marker left the page. */
  resolutionOf(c: CommentRecord): ResolutionStatus | undefined {
    if (c.kind !== 'inline') { return undefined; }
    const root = this.root(c);
    const stored = root.resolution ?? 'open';
    if (stored === 'resolved') { return stored; }
    const page = this.store.content.get(root.pageId);
    if (!page || !root.markerRef || !hasMarker(bodyOf(latest(page)), root.markerRef)) { return 'dangling'; }
    return stored;
  }

  setResolved(c: CommentRecord, resolved: boolean, by: string): void {
    const root = this.root(c);
    const stored = root.resolution ?? 'open';
    // The documented rule: a request matching the current state changes nothing.
    if (resolved === (stored === 'resolved')) { return; }
    root.resolution = resolved ? 'resolved' : 'reopened';
    root.resolutionBy = by;
    root.resolutionAt = this.now();
  }

  addVersion(c: CommentRecord, v: { authorId: string; body: string; message: string }): CommentVersion {
    const prev = c.versions[c.versions.length - 1];
    const createdAt = Math.max(this.now(), (prev?.createdAt ?? 0) + 1);
    const nv: CommentVersion = { number: (prev?.number ?? 0) + 1, createdAt, authorId: v.authorId, message: v.message, body: v.body };
    c.versions.push(nv);
    return nv;
  }

  /** Deletion is permanent and takes the replies with it. The page body is left as it is. */
  remove(c: CommentRecord): void {
    for (const child of this.children(c.id)) { this.remove(child); }
    this.byId.delete(c.id);
  }

  private now(): number { return this.store.clock.now(); }
}

export function currentVersion(c: CommentRecord): CommentVersion {
  const v = c.versions[c.versions.length - 1];
  if (!v) { throw new Error(`comment ${c.id} has no versions`); }
  return v;
}

export function authorOf(c: CommentRecord): string { return c.versions[0]?.authorId ?? ''; }

const stores = new WeakMap<Store, CommentStore>();

/** The comments of a site (created empty on first use; a reset replaces the Store and with it these). */
export function commentsOf(store: Store): CommentStore {
  let cs = stores.get(store);
  if (!cs) { cs = new CommentStore(store); stores.set(store, cs); }
  return cs;
}
