// The typed Confluence client the extension uses: one object per signed-in site, each method one
// documented REST call (or a paginated series of them) implemented in an operation module over the
// request core (api.ts). Nothing here knows about VS Code.

import * as adminKeyApi from './adminKeyApi';
import * as attachmentDownload from './attachmentDownload';
import * as attachmentsApi from './attachmentsApi';
import * as attachmentUpload from './attachmentUpload';
import * as folders from './foldersApi';
import * as labels from './labelsApi';
import * as moves from './movesApi';
import type { Attachment, Folder, Label, MovePosition, TransferOptions } from './organiseTypes';
import { ConfluenceApi, type ConfluenceApiOptions } from './api';
import * as comments from './commentsApi';
import * as contentTree from './contentTreeApi';
import { ConfluenceError } from './errors';
import * as hierarchy from './hierarchyApi';
import * as history from './historyApi';
import * as pages from './pagesApi';
import * as searchApi from './searchApi';
import type {
  Account, AdminKeyStatus, BodyFormat, ContentNode, DescendantNode, Page, PageVersion, RequestOptions, Restriction, SearchResult, Space,
  SpaceFilter,
} from './types';
import * as users from './usersApi';
import { l10n } from '../util/l10n';

export type { AdminKeyAuditEntry } from './http';
export type ConfluenceClientOptions = ConfluenceApiOptions;

export class ConfluenceClient {
  /** The request core, for operation modules that are not methods here. */
  readonly api: ConfluenceApi;

  constructor(opts: ConfluenceClientOptions) {
    this.api = new ConfluenceApi(opts);
  }

  get connection(): ConfluenceApi['connection'] { return this.api.connection; }

  /** Whether requests made now carry the admin-key header: asked of the key's owner, per request. */
  adminKeyActive(): boolean { return this.api.adminKeyActive(); }

  // ---- reads -------------------------------------------------------------------------------------

  currentUser(o?: RequestOptions): Promise<Account> { return users.currentUser(this.api, o); }
  isConfluenceAdmin(o?: RequestOptions): Promise<boolean> { return users.isConfluenceAdmin(this.api, o); }
  /** Display names by account id (ids Confluence does not know are missing from the map). */
  displayNames(accountIds: readonly string[], o?: RequestOptions): Promise<Map<string, string>> { return users.displayNames(this.api, accountIds, o); }

  spaces(filter?: SpaceFilter, o?: RequestOptions): AsyncIterable<Space[]> { return hierarchy.spaces(this.api, filter, o); }
  listAllSpaces(filter?: SpaceFilter, o?: RequestOptions): Promise<Space[]> { return hierarchy.listAllSpaces(this.api, filter, o); }
  getSpace(id: string, o?: RequestOptions): Promise<Space> { return hierarchy.getSpace(this.api, id, o); }
  spaceRootPages(spaceId: string, o?: RequestOptions): AsyncIterable<ContentNode[]> { return hierarchy.spacePages(this.api, spaceId, 'root', o); }
  /** Every page of the space (current and archived) with parentId, parentType and position, in no promised order. */
  spacePageTree(spaceId: string, o?: RequestOptions): AsyncIterable<contentTree.PlacedContent[]> { return contentTree.spacePageTree(this.api, spaceId, o); }
  /** The space's folders, whiteboards, databases or embeds (CQL search) with their ancestors. */
  spaceNonPageContent(space: { id: string; key: string }, types: readonly contentTree.NonPageType[], o?: RequestOptions): AsyncIterable<contentTree.SearchedContent[]> {
    return contentTree.spaceNonPageContent(this.api, space, types, o);
  }
  /** One folder, whiteboard, database or embed with its parent and position. */
  getContentItem(item: { type: contentTree.NonPageType; id: string }, o?: RequestOptions): Promise<contentTree.PlacedContent> { return contentTree.getContentItem(this.api, item, o); }
  /** Every page of the space with parentId and position: a whole hierarchy in ceil(n/250) requests. */
  spacePages(spaceId: string, o?: RequestOptions): AsyncIterable<ContentNode[]> { return hierarchy.spacePages(this.api, spaceId, 'all', o); }
  directChildren(parent: { type: 'page' | 'folder'; id: string }, o?: RequestOptions): AsyncIterable<ContentNode[]> {
    return hierarchy.directChildren(this.api, parent, o);
  }
  descendants(parent: { type: 'page' | 'folder'; id: string }, depth?: number, o?: RequestOptions): AsyncIterable<DescendantNode[]> {
    return hierarchy.descendants(this.api, parent, depth, o);
  }
  ancestors(pageId: string, o?: RequestOptions): Promise<{ id: string; type: string; title?: string }[]> { return hierarchy.ancestors(this.api, pageId, o); }

  getPage(pageId: string, o?: RequestOptions & { bodyFormat?: BodyFormat; includeOperations?: boolean; includeLabels?: boolean }): Promise<Page> {
    return pages.getPage(this.api, pageId, o);
  }
  /** Cheap: no body, just the current version (include-version defaults to true). */
  getPageVersion(pageId: string, o?: RequestOptions): Promise<Page> { return pages.getPage(this.api, pageId, { ...o, bodyFormat: 'none' }); }
  permittedOperations(pageId: string, o?: RequestOptions): Promise<{ operation: string; targetType: string }[]> {
    return pages.permittedOperations(this.api, pageId, o);
  }
  pageVersions(pageId: string, o?: RequestOptions): Promise<PageVersion[]> { return pages.pageVersions(this.api, pageId, o); }
  restrictions(pageId: string, o?: RequestOptions): Promise<Restriction[]> { return pages.restrictions(this.api, pageId, o); }
  search(cql: string, o?: RequestOptions & { limit?: number }): Promise<SearchResult[]> { return searchApi.search(this.api, cql, o); }

  // ---- writes ------------------------------------------------------------------------------------

  updatePage(input: pages.PageUpdate, o?: RequestOptions): Promise<Page> { return pages.updatePage(this.api, input, o); }
  createPage(input: { spaceId: string; parentId?: string; title: string; body: { representation: 'storage'; value: string } },
    o?: RequestOptions): Promise<Page> {
    return pages.createPage(this.api, input, o);
  }
  renamePage(pageId: string, title: string, o?: RequestOptions): Promise<void> { return pages.renamePage(this.api, pageId, title, o); }
  /** Moves within the space: the same title and body at version + 1 with a new parentId. */
  movePage(page: Page, parentId: string, o?: RequestOptions): Promise<Page> {
    if (!page.body) {
      throw new ConfluenceError('invalidInput', l10n.t('Moving a page needs the page read with its storage body (getPage with bodyFormat "storage").'));
    }
    return pages.updatePage(this.api, { id: page.id, title: page.title, body: page.body, baseVersion: page.version.number, parentId }, o);
  }
  /** Moves the page to the trash (not a purge). */
  deletePage(pageId: string, o?: RequestOptions): Promise<void> { return pages.deletePage(this.api, pageId, o); }

  // ---- admin key ---------------------------------------------------------------------------------

  getAdminKey(o?: RequestOptions): Promise<AdminKeyStatus | undefined> { return adminKeyApi.getAdminKey(this.api, o); }
  enableAdminKey(durationMinutes: number, o?: RequestOptions): Promise<AdminKeyStatus> { return adminKeyApi.enableAdminKey(this.api, durationMinutes, o); }
  disableAdminKey(o?: RequestOptions): Promise<void> { return adminKeyApi.disableAdminKey(this.api, o); }

  dispose(): Promise<void> { return this.api.dispose(); }

  // ---- comments and history ----------------------------------------------------------------------

  /** Every inline and footer thread of the page with replies; see commentsApi.ts for the request count. */
  pageComments(pageId: string, o?: RequestOptions & { concurrency?: number }): Promise<comments.PageComments> { return comments.pageComments(this.api, pageId, o); }
  pageCommentRoots(pageId: string, kind: comments.CommentKind, o?: RequestOptions): AsyncIterable<comments.PageComment[]> {
    return comments.pageCommentRoots(this.api, pageId, kind, o);
  }
  commentReplies(parent: comments.ThreadRef, o?: RequestOptions): Promise<comments.PageComment[]> { return comments.commentReplies(this.api, parent, o); }
  getComment(ref: comments.CommentRef, o?: RequestOptions): Promise<comments.PageComment> { return comments.getComment(this.api, ref, o); }
  createFooterComment(pageId: string, body: string, o?: RequestOptions): Promise<comments.PageComment> { return comments.createFooterComment(this.api, pageId, body, o); }
  replyToComment(parent: comments.ThreadRef, body: string, o?: RequestOptions): Promise<comments.PageComment> { return comments.replyToComment(this.api, parent, body, o); }
  /** Anchors in the page body without a new page version: re-read the body before saving over it. */
  createInlineComment(pageId: string, body: string, selection: comments.InlineSelection, o?: RequestOptions): Promise<comments.PageComment> {
    return comments.createInlineComment(this.api, pageId, body, selection, o);
  }
  editComment(comment: comments.VersionedComment, body: string, o?: RequestOptions): Promise<comments.PageComment> { return comments.editComment(this.api, comment, body, o); }
  setCommentResolved(comment: comments.VersionedComment & { body: string }, resolved: boolean, o?: RequestOptions): Promise<comments.PageComment> {
    return comments.setCommentResolved(this.api, comment, resolved, o);
  }
  deleteComment(comment: comments.CommentRef, o?: RequestOptions): Promise<void> { return comments.deleteComment(this.api, comment, o); }
  /** Newest first, in batches of up to 250. */
  pageHistory(pageId: string, o?: RequestOptions): AsyncIterable<PageVersion[]> { return history.pageHistory(this.api, pageId, o); }
  versionDetails(pageId: string, version: number, o?: RequestOptions): Promise<history.VersionDetails> { return history.versionDetails(this.api, pageId, version, o); }
  versionBody(pageId: string, version: number, o?: RequestOptions): Promise<history.VersionBody> { return history.versionBody(this.api, pageId, version, o); }
  // ---- organising: moves, folders, labels, attachments -------------------------------------------

  move(pageId: string, position: MovePosition, targetId: string, o?: moves.MoveOptions): Promise<void> { return moves.move(this.api, pageId, position, targetId, o); }
  createFolder(input: { spaceId: string; title: string; parentId?: string }, o?: RequestOptions): Promise<Folder> { return folders.createFolder(this.api, input, o); }
  getFolder(folderId: string, o?: RequestOptions): Promise<Folder> { return folders.getFolder(this.api, folderId, o); }
  deleteFolder(folderId: string, o?: RequestOptions): Promise<void> { return folders.deleteFolder(this.api, folderId, o); }
  renameFolder(folderId: string, title: string, o?: RequestOptions & { baseVersion?: number }): Promise<{ id: string; title: string; version: number }> {
    return folders.renameFolder(this.api, folderId, title, o);
  }
  pageLabels(pageId: string, o?: RequestOptions): Promise<Label[]> { return labels.pageLabels(this.api, pageId, o); }
  /** Labels in use on the space's content (for suggestions). */
  spaceLabels(spaceId: string, o?: RequestOptions): Promise<Label[]> { return labels.spaceLabels(this.api, spaceId, o); }
  addLabels(contentId: string, names: string[], o?: RequestOptions): Promise<Label[]> { return labels.addLabels(this.api, contentId, names, o); }
  removeLabel(contentId: string, name: string, o?: RequestOptions): Promise<void> { return labels.removeLabel(this.api, contentId, name, o); }
  attachments(pageId: string, o?: RequestOptions): AsyncIterable<Attachment[]> { return attachmentsApi.attachments(this.api, pageId, o); }
  getAttachment(attachmentId: string, o?: RequestOptions): Promise<Attachment> { return attachmentsApi.getAttachment(this.api, attachmentId, o); }
  deleteAttachment(attachmentId: string, o?: RequestOptions): Promise<void> { return attachmentsApi.deleteAttachment(this.api, attachmentId, o); }
  uploadAttachment(pageId: string, filePath: string, o?: attachmentUpload.UploadOptions): Promise<Attachment> {
    return attachmentUpload.uploadAttachment(this.api, pageId, filePath, o);
  }
  uploadAttachmentVersion(pageId: string, attachmentId: string, filePath: string, o?: attachmentUpload.UploadOptions): Promise<Attachment> {
    return attachmentUpload.uploadAttachmentVersion(this.api, pageId, attachmentId, filePath, o);
  }
  downloadAttachment(attachment: attachmentDownload.Downloadable, destPath: string, o?: TransferOptions): Promise<{ bytes: number; mediaType?: string }> {
    return attachmentDownload.downloadAttachment(this.api, attachment, destPath, o);
  }
  fetchImage(attachment: attachmentDownload.Downloadable, o?: RequestOptions & { maxBytes?: number }): Promise<{ bytes: Buffer; mediaType?: string }> {
    return attachmentDownload.fetchImage(this.api, attachment, o);
  }
}
