// Moving pages and folders: from a drop in the tree or `Confluence: Move Page…`. The confirmation says
// what moves (with how many items below it) and where, and asks how (Move Into / Before / After); then
// one move request — after a cheap read that refuses the move if someone else has moved the item since
// the tree showed it. The tree shows the result in place. A refusal leaves the tree as Confluence has
// it and says why in words a person can act on.

import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import { ConfluenceError } from '../confluence/errors';
import type { MovePosition } from '../confluence/organiseTypes';
import type { SiteSession } from '../confluence/siteSession';
import { withProgress } from '../platform/progress';
import type { Prompts } from '../platform/prompts';
import { UserMessage } from '../platform/userMessage';
import { destinationOf, moveQuestion, movedSentence, planMove, type MoveChoice } from './model/movePlan';
import { placeTitle, type ContentRef, type PlaceRef, type SpaceRef } from './model/organiseItems';
import type { OrganiseTree } from './organiseTree';

export interface MoveActionsDeps {
  sessions: SiteSessions;
  prompts: Prompts;
  tree: OrganiseTree;
  log: vscode.LogOutputChannel;
}

export class MoveActions {
  constructor(private readonly deps: MoveActionsDeps) {}

  /** Moves `source` onto `place` after the person confirmed how; true when it moved. */
  async move(source: ContentRef, place: PlaceRef): Promise<boolean> {
    const session = this.session(source.origin);
    const plan = planMove(source, place, place.kind === 'content' ? this.deps.tree.ancestorsOf(place.content.origin, place.content.id) : []);
    if (!plan.ok) { throw new UserMessage(plan.reason); }
    const below = await this.descendants(session, source);
    const { message, detail } = moveQuestion(source, place, below);
    const answer = await this.deps.prompts.chooseMove(message, detail, plan.options.map((o) => o.label));
    const choice = plan.options.find((o) => o.label === answer)?.choice;
    if (!choice) { return false; }
    const { position, targetId } = choice === 'top' && place.kind === 'space'
      ? { position: 'before' as const, targetId: await this.topAnchor(session, source, place.space) }
      : { position: choice as MovePosition, targetId: place.kind === 'content' ? place.content.id : '' };
    try {
      await withProgress(vscode.l10n.t('Moving "{0}"…', source.title), (signal) => session.client.move(source.id, position, targetId, {
        itemType: source.type, signal, ...(source.parentId !== undefined ? { expectedParentId: source.parentId } : {}),
      }));
    } catch (e) {
      throw await this.refusal(session, e, source, place, choice);
    }
    const to = destinationOf(place, choice);
    this.deps.tree.moved({ origin: source.origin, id: source.id, type: source.type, title: source.title, to, position, targetId });
    const sentence = movedSentence(source, place, choice);
    this.deps.log.info(`[organise] ${sentence} (${source.type} ${source.id} ${position} ${targetId} on ${session.site.host})`);
    vscode.window.setStatusBarMessage(sentence, 5000);
    return true;
  }

  /** Items below the source: from the tree when it knows them, else one listing request (a lower bound past 250). */
  private async descendants(session: SiteSession, source: ContentRef): Promise<{ n: number; atLeast: boolean } | undefined> {
    const known = await this.deps.tree.knownDescendantCount(source);
    if (known !== undefined) { return { n: known, atLeast: false }; }
    try {
      for await (const batch of session.client.descendants({ type: source.type, id: source.id })) {
        // Real sites list at most five levels however deep one asks (docs/CONFLUENCE-API.md).
        const deep = batch.some((d) => d.depth >= 5);
        return { n: batch.length, atLeast: (batch as { hasMore?: boolean }).hasMore !== false || deep };
      }
      return { n: 0, atLeast: false };
    } catch (e) {
      this.deps.log.warn(`[organise] could not count what is below ${source.type} ${source.id}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** A top-level item of the space to put the source before (Confluence moves only next to or into something). */
  private async topAnchor(session: SiteSession, source: ContentRef, space: SpaceRef): Promise<string> {
    let ids = this.deps.tree.firstTopLevelItems(space.origin, space.spaceId);
    if (!ids) {
      ids = [];
      for await (const batch of session.client.spaceRootPages(space.spaceId)) { ids.push(...batch.map((p) => p.id)); break; }
    }
    const anchor = ids.find((id) => id !== source.id);
    if (anchor === undefined) {
      throw new UserMessage(ids.includes(source.id) ? vscode.l10n.t('"{0}" is already at the top of {1}.', source.title, space.spaceKey)
        : vscode.l10n.t('{0} has no pages at its top level to place "{1}" next to. Drop it on a page of that space instead.', space.name, source.title));
    }
    return anchor;
  }

  /**
   * What went wrong, said for a move. When the tree may be out of date (the item was moved by someone
   * else, or something is gone), the levels involved are listed again — and where the item is now.
   */
  private async refusal(session: SiteSession, e: unknown, source: ContentRef, place: PlaceRef, choice: MoveChoice): Promise<unknown> {
    if (!ConfluenceError.is(e) || e.kind === 'unauthorized' || e.kind === 'cancelled') { return e; }
    const head = notMovedSentence(source.title, placeTitle(place), choice);
    // Two whole sentences: what did not happen, then why.
    const said = (why: string): string => vscode.l10n.t('{0} {1}', head, why);
    if (e.kind === 'conflict' || e.kind === 'notFound') {
      const tree = this.deps.tree;
      const now = await (source.type === 'folder' ? session.client.getFolder(source.id) : session.client.getPageVersion(source.id)).catch(() => undefined);
      if (now) { tree.relist(source.origin, { parentId: now.parentId ?? null, spaceId: now.spaceId }); }
      const to = destinationOf(place, choice);
      tree.relist(source.origin, { parentId: to.parentId, spaceId: to.spaceId });
      if (source.parentId !== undefined) { tree.relist(source.origin, { parentId: source.parentId, spaceId: source.spaceId }); }
    }
    switch (e.kind) {
      case 'conflict': return new ConfluenceError('conflict', said(vscode.l10n.t('Someone else moved it since the tree showed it; the tree now shows where it is. Try again from there.')));
      case 'notFound': return new ConfluenceError('notFound', said(vscode.l10n.t('It or the place you dropped it on no longer exists, or you may not see it (the admin key reveals restricted pages). The tree is listed again.')));
      case 'forbidden': return new ConfluenceError('forbidden', said(vscode.l10n.t('Confluence refused (403): you need permission to remove it from its space and to add pages where it goes. Ask a space admin.')));
      case 'invalidInput': return new ConfluenceError('invalidInput', said(describeBadRequest(e.message)));
      default: return new ConfluenceError(e.kind, said(e.message));
    }
  }

  private session(origin: string): SiteSession {
    const session = this.deps.sessions.get(origin);
    if (!session) { throw new UserMessage(vscode.l10n.t('Not signed in to {0}. Run "Confluence: Add Site…" first.', origin)); }
    return session;
  }
}

/** Confluence's 400 for a move: a title that exists in the target space, a loop, or restrictions that cannot go there. */
function describeBadRequest(message: string): string {
  if (/already exists/i.test(message)) { return vscode.l10n.t('A page of the same title already exists in the target space; rename one of them first. {0}', message); }
  if (/descendant|ancestor|itself/i.test(message)) { return vscode.l10n.t('A page cannot be moved below itself. {0}', message); }
  return message;
}

function notMovedSentence(title: string, to: string, choice: MoveChoice): string {
  switch (choice) {
    case 'append': return vscode.l10n.t('"{0}" was not moved into "{1}".', title, to);
    case 'top': return vscode.l10n.t('"{0}" was not moved to the top of {1}.', title, to);
    case 'before': return vscode.l10n.t('"{0}" was not moved before "{1}".', title, to);
    case 'after': return vscode.l10n.t('"{0}" was not moved after "{1}".', title, to);
  }
}
