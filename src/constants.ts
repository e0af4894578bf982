// Every id the extension shares with package.json or with VS Code lives here, so a rename is one edit
// and a test can compare what is contributed with what is registered.

export const EXTENSION_ID = 'confluence-vscode.confluence-vscode';
export const URI_SCHEME = 'confluence';
export const LOG_CHANNEL_NAME = 'Confluence';

export const VIEW_CONTAINER_ID = 'confluence';
export const SPACES_VIEW_ID = 'confluence.spaces';
export const ADMIN_KEY_STATUS_ITEM_ID = 'confluence.adminKey';

export const Commands = {
  addSite: 'confluence.addSite',
  signOut: 'confluence.signOut',
  manageSites: 'confluence.manageSites',
  showLog: 'confluence.showLog',

  refreshTree: 'confluence.refreshTree',
  refreshNode: 'confluence.refreshNode',
  loadMore: 'confluence.loadMore',
  retryNode: 'confluence.retryNode',
  openInBrowser: 'confluence.openInBrowser',
  copyLink: 'confluence.copyLink',

  openPage: 'confluence.openPage',
  openAsMarkdown: 'confluence.openAsMarkdown',
  openAsStorage: 'confluence.openAsStorage',
  search: 'confluence.search',
  compareWithRemote: 'confluence.compareWithRemote',
  overwriteRemote: 'confluence.overwriteRemote',
  showPreview: 'confluence.showPreview',
  createChildPage: 'confluence.createChildPage',
  renamePage: 'confluence.renamePage',
  deletePage: 'confluence.deletePage',

  showPageHistory: 'confluence.showPageHistory',
  openPageVersion: 'confluence.openPageVersion',
  comparePageVersion: 'confluence.comparePageVersion',
  restorePageVersion: 'confluence.restorePageVersion',

  showComments: 'confluence.showComments',
  addPageComment: 'confluence.addPageComment',
  addInlineComment: 'confluence.addInlineComment',
  commentCreate: 'confluence.comments.create',
  commentReply: 'confluence.comments.reply',
  commentResolve: 'confluence.comments.resolve',
  commentReopen: 'confluence.comments.reopen',
  commentEdit: 'confluence.comments.edit',
  commentSave: 'confluence.comments.save',
  commentCancel: 'confluence.comments.cancel',
  commentDelete: 'confluence.comments.delete',
  commentsRefresh: 'confluence.comments.refresh',
  movePage: 'confluence.movePage',
  newFolder: 'confluence.newFolder',
  renameFolder: 'confluence.renameFolder',
  deleteFolder: 'confluence.deleteFolder',
  editLabels: 'confluence.editLabels',
  attachments: 'confluence.attachments',
  showAttachments: 'confluence.showAttachments',
  attachFiles: 'confluence.attachFiles',
  openAttachment: 'confluence.openAttachment',
  downloadAttachment: 'confluence.downloadAttachment',
  replaceAttachment: 'confluence.replaceAttachment',
  deleteAttachment: 'confluence.deleteAttachment',
  getStarted: 'confluence.getStarted',

  adminKeyMenu: 'confluence.adminKey.menu',
  adminKeyEnable: 'confluence.adminKey.enable',
  adminKeyDisable: 'confluence.adminKey.disable',
  adminKeyToggle: 'confluence.adminKey.toggle',
  adminKeyExtend: 'confluence.adminKey.extend',
  adminKeyRefresh: 'confluence.adminKey.refresh',
} as const;

export const ContextKeys = {
  signedIn: 'confluence:signedIn',
  multipleSites: 'confluence:multipleSites',
  adminKeyOn: 'confluence:adminKeyOn',
  adminKeyAvailable: 'confluence:adminKeyAvailable',
} as const;

export const Settings = {
  section: 'confluence',
  adminKeyDefaultDuration: 'adminKey.defaultDurationMinutes',
  adminKeyWarnBeforeExpiry: 'adminKey.warnBeforeExpiryMinutes',
  showPersonalSpaces: 'tree.showPersonalSpaces',
  showArchivedSpaces: 'tree.showArchivedSpaces',
  httpTimeoutSeconds: 'http.timeoutSeconds',
  httpMaxResponseMegabytes: 'http.maxResponseMegabytes',
  loadRemoteImages: 'preview.loadRemoteImages',
} as const;

/** globalState keys. Only non-secret data goes there; tokens live in SecretStorage. */
export const StateKeys = {
  sites: 'confluence.sites.v1',
  adminKeyConsented: 'confluence.adminKey.consentedSites.v1',
  /** Set once the walkthrough was opened for a first install. */
  walkthroughShown: 'confluence.walkthroughShown.v1',
} as const;

/** The walkthrough contributed in package.json, as `<publisher>.<name>#<id>`. */
export const WALKTHROUGH_ID = `${EXTENSION_ID}#confluence.gettingStarted`;

/** SecretStorage key of a site's API token. The origin identifies the site; one account per site. */
export function tokenSecretKey(siteOrigin: string): string {
  return `confluence.apiToken:${siteOrigin}`;
}
