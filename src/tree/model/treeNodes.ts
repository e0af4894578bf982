// The Spaces tree's elements, as plain data: the model lists them, the provider turns them into
// TreeItems, and commands receive them as their target.

import type { Attachment } from '../../confluence/organiseTypes';
import type { ContentNode, Space } from '../../confluence/types';

/** The tree's elements. Objects are kept stable per listing so VS Code can refresh them in place. */
export type TreeNode = SiteNode | SpaceNode | ContentItemNode | MessageNode | AttachmentsNode | AttachmentNode;

export interface SiteNode { readonly kind: 'site'; readonly key: string; readonly origin: string }
export interface SpaceNode { readonly kind: 'space'; readonly key: string; readonly origin: string; readonly space: Space }
export interface ContentItemNode {
  readonly kind: 'content';
  readonly key: string;
  readonly origin: string;
  readonly spaceKey: string;
  readonly content: ContentNode;
  /** Listed only because the admin key is on: the page is restricted for this account. */
  restrictedViaKey: boolean;
  /** Known to have no children (from the read-ahead), so it is not shown as expandable. */
  leaf: boolean;
}
export type MessageKind = 'loadingMore' | 'loadMore' | 'error' | 'empty' | 'signInAgain';
export interface MessageNode {
  readonly kind: 'message';
  readonly key: string;
  readonly origin: string;
  readonly parent: TreeNode | undefined;
  readonly message: MessageKind;
  readonly text: string;
  readonly detail?: string;
}

/** The "Attachments" row of a page whose attachments are shown (attachmentRows.ts). */
export interface AttachmentsNode {
  readonly kind: 'attachments';
  readonly key: string;
  readonly origin: string;
  readonly page: ContentItemNode;
}
/** One attachment of a page. */
export interface AttachmentNode {
  readonly kind: 'attachment';
  readonly key: string;
  readonly origin: string;
  readonly parent: AttachmentsNode;
  readonly attachment: Attachment;
}

/** Expandable nodes whose children the model lists. */
export type ParentNode = SiteNode | SpaceNode | ContentItemNode;
