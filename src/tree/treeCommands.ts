import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import { Commands, URI_SCHEME } from '../constants';
import type { MessageNode, ParentNode, TreeModel, TreeNode } from './treeModel';
import { contentWebUrl, spaceWebUrl } from './model/webLinks';

/** The tree's own commands: refresh, load more, retry, and the browser links. */
export function registerTreeCommands(
  model: TreeModel,
  sessions: SiteSessions,
  selected: () => TreeNode | undefined,
  documentWebUrl: (uri: vscode.Uri) => string | undefined,
): vscode.Disposable[] {
  // A URI comes from an editor's menus; no argument means the palette: the active confluence:
  // editor if there is one, else the selected tree item.
  const webUrl = (arg: TreeNode | vscode.Uri | undefined): string | undefined => {
    if (arg instanceof vscode.Uri) return documentWebUrl(arg);
    const editorUri = vscode.window.activeTextEditor?.document.uri;
    if (!arg && editorUri?.scheme === URI_SCHEME) return documentWebUrl(editorUri);
    const node = arg ?? selected();
    if (!node) return undefined;
    const site = sessions.sites().find((s) => s.origin === node.origin);
    if (!site) return undefined;
    if (node.kind === 'space') return node.space.webUrl ?? spaceWebUrl(site.origin, node.space.key);
    if (node.kind === 'content') return contentWebUrl(site.origin, node.spaceKey, node.content.type, node.content.id);
    if (node.kind === 'site') return `${site.origin}/wiki`;
    return undefined;
  };
  return [
    vscode.commands.registerCommand(Commands.refreshTree, () => model.refresh(undefined)),
    vscode.commands.registerCommand(Commands.refreshNode, (node?: TreeNode) => model.refresh(node ?? selected())),
    vscode.commands.registerCommand(Commands.loadMore, (node?: MessageNode) => {
      if (node?.parent && node.parent.kind !== 'message') model.loadMore(node.parent as ParentNode);
    }),
    vscode.commands.registerCommand(Commands.retryNode, (node?: MessageNode) => model.refresh(node)),
    vscode.commands.registerCommand(Commands.openInBrowser, async (arg?: TreeNode | vscode.Uri) => {
      const url = webUrl(arg);
      if (!url) return nothingSelected();
      await vscode.env.openExternal(vscode.Uri.parse(url));
      return url;
    }),
    vscode.commands.registerCommand(Commands.copyLink, async (arg?: TreeNode | vscode.Uri) => {
      const url = webUrl(arg);
      if (!url) return nothingSelected();
      await vscode.env.clipboard.writeText(url);
      vscode.window.setStatusBarMessage(`Copied ${url}`, 3000);
      return url;
    }),
  ];
}

function nothingSelected(): undefined {
  void vscode.window.showInformationMessage('Select an item in the Confluence view or open a Confluence page in the editor first.');
  return undefined;
}
