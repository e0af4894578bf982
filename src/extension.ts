import * as path from 'path';
import * as vscode from 'vscode';
import { AdminKeyController } from './adminKey/adminKeyController';
import { AdminKeyStore } from './adminKey/model/adminKeyStore';
import { CurrentSite } from './auth/currentSite';
import { SignInCommands } from './auth/signInCommands';
import { SiteSessions } from './auth/siteSessions';
import { SiteStore } from './auth/siteStore';
import { CommentActions } from './comments/commentActions';
import { CommentCache } from './comments/commentCache';
import { CommentsPicker } from './comments/commentsPicker';
import { CommentThreads } from './comments/commentThreads';
import { commentConverter } from './comments/model/commentText';
import { CommandContexts } from './commands/commandContext';
import { commandList } from './commands/commandList';
import { CommandRunner } from './commands/commandRunner';
import { OrganiseBridge } from './commands/organiseBridge';
import { organiseCommands } from './commands/organiseCommands';
import { ConfluenceClient } from './confluence/client';
import { connectionOf } from './confluence/siteSession';
import { LOG_CHANNEL_NAME, SPACES_VIEW_ID, URI_SCHEME } from './constants';
import { ConflictActions } from './fs/conflictActions';
import { ConfluenceFileSystemProvider, pageUri } from './fs/confluenceFileSystemProvider';
import { FileSettings, WorkspaceEditorDocuments } from './fs/editorDocuments';
import { PageActions } from './fs/pageActions';
import { PagePreviews } from './fs/pagePreview';
import { PageUriHandler } from './fs/pageUriHandler';
import { HistoryActions } from './history/historyActions';
import { HistoryPicker } from './history/historyPicker';
import type * as MarkdownBundleModule from './pages/markdown/bundle';
import { markdownCodec, markdownLosses } from './pages/markdownCodec';
import { AttachmentActions } from './organise/attachmentActions';
import { AttachmentFileReader } from './organise/attachmentFiles';
import { FolderActions } from './organise/folderActions';
import { ImageDrops } from './organise/imageDrops';
import { LabelActions } from './organise/labelActions';
import { MoveActions } from './organise/moveActions';
import { siteImages } from './organise/siteImages';
import { SpacesDragAndDrop } from './organise/spacesDragAndDrop';
import { PageLayer } from './pages/pageLayer';
import { FirstRun } from './platform/firstRun';
import { DialogPrompts, ReplaceablePrompts } from './platform/prompts';
import { ExtensionSettings } from './platform/settings';
import { SearchCommand } from './search/searchCommand';
import { AttachmentRows } from './tree/attachmentRows';
import type { ContentItemNode, TreeNode } from './tree/model/treeNodes';
import { SpacesTreeProvider } from './tree/spacesTreeProvider';
import { TreeModel } from './tree/treeModel';
import { AdjustableClock } from './util/adjustableClock';
import { setTranslator } from './util/l10n';

/** What activate() returns: the Markdown preview plugin, and the test seams when they are enabled. */
export interface ExtensionExports {
  /** VS Code's Markdown preview asks for it (package.json `markdown.markdownItPlugins`). */
  extendMarkdownIt(md: unknown): unknown;
  /** Integration tests only (CONFLUENCE_VSCODE_TEST_SEAMS=1). */
  readonly test?: TestApi;
}

/** The test seams: what integration tests reach into. */
export interface TestApi {
  readonly clock: AdjustableClock;
  readonly sessions: SiteSessions;
  readonly adminKey: AdminKeyController;
  readonly tree: SpacesTreeProvider;
  readonly treeModel: TreeModel;
  readonly store: SiteStore;
  /** The extension's SecretStorage, as another window would change it. */
  readonly secrets: vscode.SecretStorage;
  readonly pages: PageLayer;
  /** Every modal question, answerable in code (the test workbench skips modal dialogs). */
  readonly prompts: ReplaceablePrompts;
  readonly uriHandler: vscode.UriHandler;
  /** The comment threads shown in editors. */
  readonly comments: CommentThreads;
  /** Where VS Code keeps this extension's files and logs: tests scan them for leaked tokens. */
  readonly storagePaths: { globalStorage: string; logs: string };
  /** The Spaces view's drag and drop (tests drive handleDrag/handleDrop with a real DataTransfer). */
  readonly dragAndDrop: SpacesDragAndDrop<TreeNode>;
  readonly imageDrops: ImageDrops;
  readonly firstRun: FirstRun;
}

type MarkdownBundle = typeof MarkdownBundleModule;

// Composition root: build the objects, inject their dependencies, and hand each one to
// context.subscriptions where it is made. No feature logic lives here.
export function activate(context: vscode.ExtensionContext): ExtensionExports {
  setTranslator(vscode.l10n.t); // the pure layers' messages in the display language
  const log = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(log);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const settings = new ExtensionSettings(version);
  const clock = new AdjustableClock();
  const prompts = new ReplaceablePrompts(new DialogPrompts());

  const adminKeys = new AdminKeyStore(clock);
  const store = new SiteStore(context.globalState, context.secrets);
  context.subscriptions.push(store);
  const signIn = new SignInCommands(store, settings, log);
  const sessions = new SiteSessions(
    store,
    (site, token) => new ConfluenceClient({
      connection: connectionOf(site),
      credentials: { email: site.email, token },
      http: { ...settings.httpOptions(), clock, logger: log },
      clock,
      logger: log,
      adminKey: adminKeys.gateFor(site.origin),
      onAdminKeyRequest: (e) => log.info(`[admin-key] ${site.host} ${e.method} ${e.path} → ${e.status || 'no response'}`),
    }),
    log,
    (site) => void signIn.addSite(undefined, site),
  );
  context.subscriptions.push(sessions);
  const currentSite = new CurrentSite(sessions);
  context.subscriptions.push(currentSite);
  const adminKey = new AdminKeyController({ store: adminKeys, sessions, currentSite, settings, clock, globalState: context.globalState, log, prompts });
  context.subscriptions.push(adminKey);

  // The Markdown converter is a bundle of its own, loaded the first time something needs it.
  let markdown: MarkdownBundle | undefined;
  const loadMarkdown = (): MarkdownBundle => (markdown ??= require(path.join(context.extensionPath, 'dist', 'markdown.js')) as MarkdownBundle);
  const fileSettings = new FileSettings();
  const editorDocuments = new WorkspaceEditorDocuments();
  const pages = new PageLayer({
    sessions, adminKey, store: context.workspaceState, clock, log, questions: prompts, settings: fileSettings,
    openDocuments: () => ConfluenceFileSystemProvider.openInTabs(),
    codecFor: () => markdownCodec(loadMarkdown), losses: markdownLosses(loadMarkdown),
  });
  const attachmentFiles = new AttachmentFileReader(sessions, log);
  const fileSystem = new ConfluenceFileSystemProvider(pages, editorDocuments, attachmentFiles);
  context.subscriptions.push(
    pages,
    fileSystem,
    vscode.workspace.registerFileSystemProvider(URI_SCHEME, fileSystem, { isCaseSensitive: true }),
    sessions.onDidChange(() => fileSystem.refreshAll()),
    vscode.workspace.onDidChangeConfiguration((e) => { if (fileSettings.affects(e)) pages.versionCheck.reschedule(); }),
  );

  const pageActions = new PageActions({ pages, sessions, prompts, log, defaultFormat: () => fileSettings.defaultFormat() });
  const conflicts = new ConflictActions(pages, editorDocuments, prompts, log);
  const previews = new PagePreviews({ pages, log, extensionUri: context.extensionUri, loadRemoteImages: () => settings.loadRemoteImages(),
    siteImages: siteImages(attachmentFiles.bytes, log) });
  const search = new SearchCommand(sessions, async (hit) => {
    const session = sessions.get(hit.origin);
    if (session) await commands.guard(() => pageActions.open({ session, pageId: hit.id, ...(hit.spaceKey ? { spaceKey: hit.spaceKey } : {}) }));
  }, log);
  context.subscriptions.push(previews);

  // Comments and history: comment bodies and Markdown selections use the converter, loaded on first use.
  const markdownForm = markdownCodec(loadMarkdown);
  const converter = commentConverter(loadMarkdown);
  const commentCache = new CommentCache(pages.repository, log);
  const threads = new CommentThreads({ pages, cache: commentCache, converter: () => converter, log });
  const commentActions = new CommentActions({ pages, cache: commentCache, threads, prompts, converter: () => converter, markdownCodec: () => markdownForm, log });
  const commentsPicker = new CommentsPicker({ pages, cache: commentCache, threads, defaultFormat: () => fileSettings.defaultFormat() });
  const historyActions = new HistoryActions({ pages, prompts, defaultFormat: () => fileSettings.defaultFormat(), log });
  const historyPicker = new HistoryPicker({ pages, actions: historyActions });
  context.subscriptions.push(threads, sessions.onDidChange(() => threads.sessionsChanged()));

  const treeModel = new TreeModel(sessions, settings, (origin) => adminKey.isActive(origin), log);
  context.subscriptions.push(treeModel);
  const openFromTree = (node: ContentItemNode): vscode.Command | undefined => {
    const session = sessions.get(node.origin);
    if (node.content.type !== 'page' || !session) return undefined;
    const uri = pageUri({ host: session.site.host, pageId: node.content.id, spaceKey: node.spaceKey, title: node.content.title,
      format: fileSettings.defaultFormat() });
    return { command: 'vscode.open', title: vscode.l10n.t('Open Page'), arguments: [uri, { preview: true }] };
  };
  const attachmentRows = new AttachmentRows(sessions, log);
  const tree = new SpacesTreeProvider(treeModel, sessions, openFromTree, attachmentRows, (origin, pageId, signal) => {
    const session = sessions.get(origin);
    return session ? commentCache.countsSentence(session, pageId, signal) : Promise.resolve(undefined);
  });
  const bridge = new OrganiseBridge(treeModel, attachmentRows, (): vscode.TreeView<TreeNode> => treeView);
  const moves = new MoveActions({ sessions, prompts, tree: bridge, log });
  const attachments = new AttachmentActions({ sessions, prompts, tree: bridge, files: attachmentFiles, log });
  const dragAndDrop = new SpacesDragAndDrop<TreeNode>({ resolver: bridge, moves, attachments, sessions, guard: <R>(action: () => Promise<R>): Promise<R | undefined> => commands.guard(action) });
  const treeView: vscode.TreeView<TreeNode> = vscode.window.createTreeView(SPACES_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true, dragAndDropController: dragAndDrop });
  const imageDrops = new ImageDrops(sessions, attachments, log);
  const firstRun = new FirstRun(context.globalState, log);
  context.subscriptions.push(
    attachmentRows, tree, imageDrops.register(),
    treeView,
    treeView.onDidChangeSelection((e) => currentSite.selectFromTree(e.selection[0]?.origin)),
    adminKey.onDidChangeKey((origin) => treeModel.refreshSite(origin)),
    sessions.onDidChange(() => treeModel.refresh(undefined)),
  );

  const commands: CommandRunner = new CommandRunner(new CommandContexts(sessions, () => treeView.selection[0]), sessions, log);
  context.subscriptions.push(...commands.register([
    ...commandList({
      signIn, adminKey, tree: treeModel, pages: pageActions, conflicts, previews, search, log,
      comments: { actions: commentActions, picker: commentsPicker, threads }, history: { actions: historyActions, picker: historyPicker },
    }),
    ...organiseCommands({ bridge, moves, attachments, folders: new FolderActions({ sessions, prompts, tree: bridge, log }),
      labels: new LabelActions(log, (origin, id) => bridge.touched(origin, id)), repository: pages.repository, openWalkthrough: () => firstRun.open() }),
  ]));
  const uriHandler = new PageUriHandler(pageActions, sessions, prompts, (action) => commands.guard(action));
  context.subscriptions.push(
    vscode.window.registerUriHandler(uriHandler),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (settings.affectsHttp(e)) void sessions.rebuildClients();
      if (e.affectsConfiguration('confluence.tree')) treeModel.refresh(undefined);
    }),
  );

  // Not awaited: activation stays out of the way; the view and the status item fill in when the
  // sites are loaded (their change event drives both).
  // The walkthrough opens on a first install (in the test workbench only when a test asks firstRun).
  void sessions.reload().then(() => (process.env.CONFLUENCE_VSCODE_TEST_SEAMS === '1' ? false : firstRun.maybeOpen(sessions.sites().length > 0)))
    .catch((e: unknown) => log.warn(`[extension] opening the walkthrough failed: ${String(e)}`));
  log.info(`[extension] activated (version ${version})`);

  const extendMarkdownIt = (md: unknown): unknown => loadMarkdown().markdownItConfluence(md as Parameters<MarkdownBundle['markdownItConfluence']>[0]);
  return process.env.CONFLUENCE_VSCODE_TEST_SEAMS === '1'
    ? { extendMarkdownIt, test: { clock, sessions, adminKey, tree, treeModel, store, secrets: context.secrets, pages, prompts, uriHandler, comments: threads,
      storagePaths: { globalStorage: context.globalStorageUri.fsPath, logs: context.logUri.fsPath }, dragAndDrop, imageDrops, firstRun } }
    : { extendMarkdownIt };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
