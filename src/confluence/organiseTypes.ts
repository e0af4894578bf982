// What the organising operations (moves, folders, labels, attachments) hand to the rest of the
// extension: small, validated shapes free of transport details, like types.ts.

import type { RequestOptions } from './types';

/** `before`/`after`: next to the target under the target's parent; `append`: the target's last child. */
export type MovePosition = 'before' | 'after' | 'append';

export interface Folder {
  id: string; title: string; spaceId: string; status: string; parentId?: string; parentType?: string;
  childPosition?: number; version: number; webUrl?: string;
}

export interface Label { id: string; name: string; prefix: string }

export interface Attachment {
  /** As Confluence shows it, e.g. `att123456`. */
  id: string;
  title: string;
  status: string;
  pageId?: string;
  mediaType?: string;
  mediaTypeDescription?: string;
  fileSize?: number;
  comment?: string;
  /** The media file id (what atlas_doc_format bodies reference), distinct from the attachment id. */
  fileId?: string;
  version: number;
  createdAt?: string;
  /** Relative to the site's /wiki: `/download/attachments/{pageId}/{file}?version=…&api=v2`. */
  downloadLink?: string;
  webUrl?: string;
}

export interface TransferProgress { transferred: number; total?: number }

export interface TransferOptions extends RequestOptions {
  /** Called as bytes go out or come in (not more often than chunks arrive). */
  onProgress?: (p: TransferProgress) => void;
}
