import * as vscode from 'vscode';
import { AdminKeyController, AdminKeyCommandArgs } from './adminKey/adminKeyController';
import { AdminKeyStore } from './adminKey/model/adminKeyStore';
import { CurrentSite } from './auth/currentSite';
import { AddSiteArgs, SignInCommands } from './auth/signInCommands';
import { SiteSessions } from './auth/siteSessions';
import { connectionOf, SiteStore } from './auth/siteStore';
import { ConfluenceClient } from './confluence/client';
import { authorityForOrigin } from './pages/pageUri';
import { Commands, LOG_CHANNEL_NAME, SPACES_VIEW_ID, URI_SCHEME } from './constants';
import { SessionSiteLookup } from './auth/sessionSiteLookup';
import { ConflictCommands } from './fs/conflictCommands';
import { ConfluenceFileSystemProvider } from './fs/confluenceFileSystemProvider';
import { registerFsCommands } from './fs/fsCommands';
import { ReplaceableFsUi, VsCodeFsSettings, VsCodeFsUi } from './fs/fsTypes';
import { openPageDocument, webUrlFor } from './fs/pageCommands';
import { PagePreviews } from './fs/pagePreview';
import { PageUriHandler } from './fs/pageUriHandler';
import { SearchCommand } from './search/searchCommand';
import type { ContentItemNode } from './tree/treeModel';
import { ExtensionSettings } from './settings';
import { SpacesTreeProvider } from './tree/spacesTreeProvider';
import { registerTreeCommands } from './tree/treeCommands';
import { TreeModel, TreeNode } from './tree/treeModel';
import { AdjustableClock } from './util/adjustableClock';

/** What activate() returns when test seams are enabled (integration tests only). */
export interface TestApi {
  readonly clock: AdjustableClock;
  readonly sessions: SiteSessions;
  readonly adminKey: AdminKeyController;
  readonly tree: SpacesTreeProvider;
  readonly treeModel: TreeModel;
  readonly store: SiteStore;
  /** The extension's SecretStorage, as another window would change it. */
  readonly secrets: vscode.SecretStorage;
  readonly fileSystem: ConfluenceFileSystemProvider;
  readonly fsUi: ReplaceableFsUi;
  readonly uriHandler: vscode.UriHandler;
  /** Where VS Code keeps this extension's files and logs: tests scan them for leaked tokens. */
  readonly storagePaths: { globalStorage: string; logs: string };
}

// Composition root: build the objects, inject their dependencies, and hand each one to
// context.subscriptions where it is made. No feature logic lives here.
export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const log = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(log);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const settings = new ExtensionSettings(version);
  const clock = new AdjustableClock();

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

  const adminKey = new AdminKeyController(adminKeys, sessions, currentSite, settings, clock, context.globalState, log);
  context.subscriptions.push(adminKey);

  const sites = new SessionSiteLookup(sessions);
  const fsSettings = new VsCodeFsSettings();
  const fsUi = new ReplaceableFsUi(new VsCodeFsUi());
  const fileSystem = new ConfluenceFileSystemProvider({ sites, memento: context.workspaceState, log, clock, settings: fsSettings, ui: fsUi });
  context.subscriptions.push(
    fsSettings,
    fileSystem,
    vscode.workspace.registerFileSystemProvider(URI_SCHEME, fileSystem, { isCaseSensitive: true }),
  );
  const pageDeps = { sites, provider: fileSystem, log };
  const conflicts = new ConflictCommands({ provider: fileSystem, log });
  const previews = new PagePreviews({ sites, provider: fileSystem, log, extensionUri: context.extensionUri });
  const uriHandler = new PageUriHandler(pageDeps);
  const search = new SearchCommand(sessions, (hit) => openPageDocument(pageDeps, { host: authorityForOrigin(hit.origin), pageId: hit.id }), log);
  context.subscriptions.push(
    previews,
    vscode.window.registerUriHandler(uriHandler),
    vscode.commands.registerCommand(Commands.search, (args?: { query?: string; origin?: string }) => search.run(args)),
  );

  const treeModel = new TreeModel(sessions, settings, (origin) => adminKey.isActive(origin), log);
  context.subscriptions.push(treeModel);
  const openFromTree = (node: ContentItemNode): vscode.Command | undefined => {
    if (node.content.type !== 'page') return undefined;
    const uri = fileSystem.uriFor({ host: authorityForOrigin(node.origin), pageId: node.content.id, spaceKey: node.spaceKey, title: node.content.title });
    return { command: 'vscode.open', title: 'Open Page', arguments: [uri, { preview: true }] };
  };
  const tree = new SpacesTreeProvider(treeModel, sessions, openFromTree);
  const treeView = vscode.window.createTreeView(SPACES_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    treeView,
    treeView.onDidChangeSelection((e) => currentSite.selectFromTree(e.selection[0]?.origin)),
    adminKey.onDidChangeKey((origin) => treeModel.refreshSite(origin)),
    sessions.onDidChange(() => treeModel.refresh(undefined)),
    ...registerTreeCommands(treeModel, sessions, () => treeView.selection[0], (uri) => webUrlFor(pageDeps, uri)),
    ...registerFsCommands(pageDeps, conflicts, previews, () => treeView.selection[0], (node, host) => {
      const site = sessions.forHost(host);
      if (node) treeModel.refresh(node);
      else if (site) treeModel.refreshSite(site.site.origin);
    }),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.addSite, (args?: AddSiteArgs) => signIn.addSite(args)),
    vscode.commands.registerCommand(Commands.signOut, (arg?: string | TreeNode) => signIn.signOut(typeof arg === 'string' ? arg : arg?.origin)),
    vscode.commands.registerCommand(Commands.manageSites, () => signIn.manageSites()),
    vscode.commands.registerCommand(Commands.showLog, () => log.show()),
    vscode.commands.registerCommand(Commands.adminKeyMenu, () => adminKey.showMenu()),
    vscode.commands.registerCommand(Commands.adminKeyEnable, (args?: AdminKeyCommandArgs) => adminKey.enable(args)),
    vscode.commands.registerCommand(Commands.adminKeyDisable, (args?: AdminKeyCommandArgs) => adminKey.disable(args)),
    vscode.commands.registerCommand(Commands.adminKeyToggle, (args?: AdminKeyCommandArgs) => adminKey.toggle(args)),
    vscode.commands.registerCommand(Commands.adminKeyExtend, (args?: AdminKeyCommandArgs) => adminKey.extend(args)),
    vscode.commands.registerCommand(Commands.adminKeyRefresh, (args?: AdminKeyCommandArgs) => adminKey.refresh(args)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (settings.affectsHttp(e)) void sessions.rebuildClients();
      if (e.affectsConfiguration('confluence.tree')) treeModel.refresh(undefined);
    }),
  );

  // Not awaited: activation stays out of the way; the view and the status item fill in when the
  // sites are loaded (their change event drives both).
  void sessions.reload();
  log.info(`[extension] activated (version ${version})`);

  return process.env.CONFLUENCE_VSCODE_TEST_SEAMS === '1'
    ? { clock, sessions, adminKey, tree, treeModel, store, secrets: context.secrets, fileSystem, fsUi, uriHandler, storagePaths: { globalStorage: context.globalStorageUri.fsPath, logs: context.logUri.fsPath } }
    : undefined;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
