// What the organise routes need from the running emulator besides the Store: the directory for
// uploaded bytes, the media server downloads are redirected to, and the attachment size limit.
// Bound to each Store the server creates, so handlers reach them through ctx.store.

import type { BlobStore } from './blobStore';
import type { MediaServer } from './mediaServer';
import type { Store } from './store';

/** Confluence's default "Attachment Maximum Size" (100 MB); configurable per emulator. */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;

export interface OrganiseServices {
  blobs: BlobStore;
  media: MediaServer;
  maxAttachmentBytes: number;
}

const bound = new WeakMap<Store, OrganiseServices>();

export function bindServices(store: Store, services: OrganiseServices): void { bound.set(store, services); }

export function servicesOf(store: Store): OrganiseServices {
  const s = bound.get(store);
  if (!s) { throw new Error('this store is not served by a running emulator (no media server or upload directory)'); }
  return s;
}
