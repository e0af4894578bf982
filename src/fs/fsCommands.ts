import * as vscode from 'vscode';
import { Commands, URI_SCHEME } from '../constants';
import type { TreeNode } from '../tree/treeModel';
import type { ConflictCommands } from './conflictCommands';
import { ChildTarget, createChildPage, deletePage, openPageFromInput, PageCommandDeps, PageTarget, renamePage } from './pageCommands';
import type { PagePreviews } from './pagePreview';

/**
 * Registers the page commands. Each accepts what the tree passes (a node), what an editor's title
 * menu passes (a URI), explicit arguments (links, tests), or nothing (the palette: the active
 * confluence: editor, else the selected tree item).
 */
export function registerFsCommands(
  deps: PageCommandDeps,
  conflicts: ConflictCommands,
  previews: PagePreviews,
  selectedTreeNode: () => TreeNode | undefined,
  refreshTree: (node: TreeNode | undefined, host: string) => void,
): vscode.Disposable[] {
  const hostOf = (origin: string): string | undefined => deps.sites.hosts?.().find((h) => origin.endsWith(`//${h}`));

  const pageTarget = (arg: unknown): PageTarget | undefined => {
    if (isPageTarget(arg)) return arg;
    if (arg instanceof vscode.Uri) {
      const loc = deps.provider.tryLocate(arg);
      return loc ? { host: loc.host, pageId: loc.pageId, ...(loc.spaceKey ? { spaceKey: loc.spaceKey } : {}) } : undefined;
    }
    const node = (arg as TreeNode | undefined) ?? undefined;
    if (node?.kind === 'content' && node.content.type === 'page') {
      const host = hostOf(node.origin);
      return host ? { host, pageId: node.content.id, title: node.content.title, spaceKey: node.spaceKey } : undefined;
    }
    if (arg === undefined) {
      const editorUri = vscode.window.activeTextEditor?.document.uri;
      if (editorUri?.scheme === URI_SCHEME) return pageTarget(editorUri);
      const selected = selectedTreeNode();
      if (selected) return pageTarget(selected);
    }
    return undefined;
  };

  const childTarget = async (arg: unknown): Promise<ChildTarget | undefined> => {
    if (isChildTarget(arg)) return arg;
    const node = (arg as TreeNode | undefined) ?? (vscode.window.activeTextEditor?.document.uri.scheme === URI_SCHEME ? undefined : selectedTreeNode());
    if (node?.kind === 'space') {
      const host = hostOf(node.origin);
      return host ? { host, spaceId: node.space.id, spaceKey: node.space.key } : undefined;
    }
    if (node?.kind === 'content' && node.content.type === 'page' && node.content.spaceId) {
      const host = hostOf(node.origin);
      return host ? { host, spaceId: node.content.spaceId, spaceKey: node.spaceKey, parentId: node.content.id } : undefined;
    }
    const page = pageTarget(arg);
    if (!page) return undefined;
    const session = deps.sites.sessionForHost(page.host);
    const meta = await session?.client.getPageVersion(page.pageId);
    return meta ? { host: page.host, spaceId: meta.spaceId, parentId: page.pageId, ...(page.spaceKey ? { spaceKey: page.spaceKey } : {}) } : undefined;
  };

  const nothingToActOn = (what: string) => {
    void vscode.window.showInformationMessage(`Select a page in the Confluence view or open one in the editor to ${what}.`);
    return undefined;
  };

  return [
    vscode.commands.registerCommand(Commands.openPage, (input?: string) => openPageFromInput(deps, input)),
    vscode.commands.registerCommand(Commands.compareWithRemote, (uri?: vscode.Uri) => conflicts.compareWithRemote(uri)),
    vscode.commands.registerCommand(Commands.overwriteRemote, (uri?: vscode.Uri, consent?: { version: number }) => conflicts.overwriteRemote(uri, consent)),
    vscode.commands.registerCommand(Commands.showPreview, (uri?: vscode.Uri) => previews.show(uri)),
    vscode.commands.registerCommand(Commands.createChildPage, async (arg?: unknown, title?: string) => {
      const target = await childTarget(arg);
      if (!target) return nothingToActOn('create a child page');
      const uri = await createChildPage(deps, target, title);
      if (uri) refreshTree(arg as TreeNode | undefined, target.host);
      return uri;
    }),
    vscode.commands.registerCommand(Commands.renamePage, async (arg?: unknown, newTitle?: string) => {
      const target = pageTarget(arg);
      if (!target) return nothingToActOn('rename it');
      const renamed = await renamePage(deps, target, newTitle);
      if (renamed) refreshTree(undefined, target.host);
      return renamed;
    }),
    vscode.commands.registerCommand(Commands.deletePage, async (arg?: unknown, confirmed?: boolean) => {
      const target = pageTarget(arg);
      if (!target) return nothingToActOn('move it to the trash');
      const deleted = await deletePage(deps, target, confirmed === true);
      if (deleted) refreshTree(undefined, target.host);
      return deleted;
    }),
  ];
}

function isPageTarget(arg: unknown): arg is PageTarget {
  return typeof arg === 'object' && arg !== null && typeof (arg as PageTarget).host === 'string' && typeof (arg as PageTarget).pageId === 'string';
}

function isChildTarget(arg: unknown): arg is ChildTarget {
  return typeof arg === 'object' && arg !== null && typeof (arg as ChildTarget).host === 'string' && typeof (arg as ChildTarget).spaceId === 'string';
}
