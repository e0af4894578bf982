// Every command resolves its argument the same way, into one typed context. The argument can be a
// tree node (view menus and clicks), a confluence: URI (editor title and tab menus), a plain object
// (links, tests: `{ host | origin, pageId }` or `{ host | origin, spaceId, parentId? }`), or nothing
// (the palette: the active Confluence editor, else the node selected in the tree).

import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import type { SiteSession } from '../confluence/siteSession';
import { tryLocate } from '../fs/confluenceFileSystemProvider';
import type { ContainerRef, PageRef } from '../pages/pageRefs';
import { UserMessage } from '../platform/userMessage';
import type { TreeNode } from '../tree/model/treeNodes';

export interface CommandContext {
  /** The argument as given (option objects such as `{ origin, minutes }` are read from it). */
  readonly arg?: unknown;
  /** The signed-in site the target belongs to (undefined when signed out or when there is no target). */
  readonly session?: SiteSession;
  /** The site's origin even when it is signed out (e.g. a tree row of a rejected site). */
  readonly origin?: string;
  readonly node?: TreeNode;
  /** The confluence: document the command came from, if any. */
  readonly document?: vscode.Uri;
  readonly page?: PageRef;
  /** Where a new page would go: the space (and parent) of the target. */
  readonly container?: ContainerRef;
}

/**
 * Narrowing helpers that explain what is missing instead of failing silently. `missing` says what to
 * select for this command ("Select a page … to rename it."): one whole message per command.
 */
export function requirePage(ctx: CommandContext, missing: string): PageRef {
  if (ctx.page) { return ctx.page; }
  throw new UserMessage(missing);
}

export function requireDocument(ctx: CommandContext): vscode.Uri {
  if (ctx.document) { return ctx.document; }
  throw new UserMessage(vscode.l10n.t('Open a Confluence page in the editor first.'));
}

export class CommandContexts {
  constructor(private readonly sessions: SiteSessions, private readonly treeSelection: () => TreeNode | undefined) {}

  resolve(arg: unknown): CommandContext {
    return { arg, ...this.target(arg) };
  }

  private target(arg: unknown): CommandContext {
    if (arg instanceof vscode.Uri) { return this.fromUri(arg); }
    if (isTreeNode(arg)) { return this.fromNode(arg); }
    if (isPlainObject(arg)) { return this.fromObject(arg); }
    if (arg === undefined) {
      const editorUri = vscode.window.activeTextEditor?.document.uri;
      if (editorUri && tryLocate(editorUri)) { return this.fromUri(editorUri); }
      const selected = this.treeSelection();
      if (selected) { return this.fromNode(selected); }
    }
    return {};
  }

  private fromUri(uri: vscode.Uri): CommandContext {
    const loc = tryLocate(uri);
    if (!loc) { return {}; }
    const session = this.sessions.forAuthority(loc.host);
    const document = loc.version !== undefined ? uri.with({ query: '' }) : uri;
    if (!session) { return { document }; }
    return {
      session, origin: session.site.origin, document,
      page: { session, pageId: loc.pageId, ...(loc.spaceKey ? { spaceKey: loc.spaceKey } : {}), ...(loc.format ? { format: loc.format } : {}) },
    };
  }

  private fromNode(arg: TreeNode): CommandContext {
    // An attachment row (or the "Attachments" row) acts on its page; the row itself stays the node.
    const node = arg.kind === 'attachment' ? arg.parent.page : arg.kind === 'attachments' ? arg.page : arg;
    const resolved = this.fromPageNode(node);
    return node === arg ? resolved : { ...resolved, node: arg };
  }

  private fromPageNode(node: TreeNode): CommandContext {
    const session = this.sessions.get(node.origin);
    const base = { node, origin: node.origin, ...(session ? { session } : {}) };
    if (!session) { return base; }
    if (node.kind === 'space') {
      return { ...base, container: { session, spaceId: node.space.id, spaceKey: node.space.key } };
    }
    if (node.kind === 'content' && (node.content.type === 'page' || node.content.type === 'folder')) {
      const spaceId = node.content.spaceId;
      const container: ContainerRef | undefined = spaceId
        ? { session, spaceId, spaceKey: node.spaceKey, parentId: node.content.id, parentType: node.content.type } : undefined;
      const page: PageRef | undefined = node.content.type === 'page'
        ? { session, pageId: node.content.id, title: node.content.title, spaceKey: node.spaceKey, ...(spaceId ? { spaceId } : {}) } : undefined;
      return { ...base, ...(container ? { container } : {}), ...(page ? { page } : {}) };
    }
    return base;
  }

  private fromObject(arg: Record<string, unknown>): CommandContext {
    const session = typeof arg.origin === 'string' ? this.sessions.get(arg.origin)
      : typeof arg.host === 'string' ? this.sessions.forAuthority(arg.host) : undefined;
    if (!session) { return typeof arg.origin === 'string' ? { origin: arg.origin } : {}; }
    const text = (k: string): string | undefined => (typeof arg[k] === 'string' ? arg[k] : undefined);
    const pageId = text('pageId');
    const spaceId = text('spaceId');
    const spaceKey = text('spaceKey');
    const parentId = text('parentId');
    const title = text('title');
    return {
      session, origin: session.site.origin,
      ...(pageId ? { page: { session, pageId, ...(title ? { title } : {}), ...(spaceKey ? { spaceKey } : {}), ...(spaceId ? { spaceId } : {}) } } : {}),
      ...(spaceId ? { container: { session, spaceId, ...(spaceKey ? { spaceKey } : {}), ...(parentId ? { parentId } : {}) } } : {}),
    };
  }
}

function isTreeNode(arg: unknown): arg is TreeNode {
  if (!isPlainObject(arg)) { return false; }
  const kind = arg.kind;
  return (kind === 'site' || kind === 'space' || kind === 'content' || kind === 'message' || kind === 'attachments' || kind === 'attachment')
    && typeof arg.key === 'string' && typeof arg.origin === 'string';
}

function isPlainObject(arg: unknown): arg is Record<string, unknown> {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg);
}
