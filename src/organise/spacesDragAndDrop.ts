// Drag and drop in the Spaces view. Pages and folders dragged onto a page or folder (or a space) move
// there: a drop lands on a row, so the confirmation asks whether into it, before it or after it.
// Files dragged from the Explorer (or the desktop) onto a page are attached to it. The view's rows are
// the tree's own type; a resolver supplied by the composition root says what a row is to us.

import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import { UserMessage } from '../platform/userMessage';
import type { AttachmentActions } from './attachmentActions';
import { droppedFiles } from './droppedFiles';
import type { ContentRef, PlaceRef } from './model/organiseItems';
import type { MoveActions } from './moveActions';

/** What rows of the view are, for drag and drop. */
export interface DropResolver<T> {
  /** A row that can be moved (a page or folder), as seen in the tree. */
  source(row: T): ContentRef | undefined;
  /** Where a drop on a row puts things (a page, a folder, a space). */
  place(row: T | undefined): PlaceRef | undefined;
}

/** Our own drag data: it survives a drag within the view (the extension host keeps it). */
export const ORGANISE_MIME = 'application/vnd.confluence-vscode.items';

export interface DragAndDropDeps<T> {
  resolver: DropResolver<T>;
  moves: MoveActions;
  attachments: AttachmentActions;
  sessions: SiteSessions;
  /** Runs an action with the commands' error reporting. */
  guard: <R>(action: () => Promise<R>) => Promise<R | undefined>;
}

export class SpacesDragAndDrop<T> implements vscode.TreeDragAndDropController<T> {
  readonly dragMimeTypes = [ORGANISE_MIME];
  readonly dropMimeTypes = [ORGANISE_MIME, 'text/uri-list', 'files'];

  constructor(private readonly deps: DragAndDropDeps<T>) {}

  handleDrag(source: readonly T[], dataTransfer: vscode.DataTransfer): void {
    const items = source.map((row) => this.deps.resolver.source(row)).filter((r): r is ContentRef => r !== undefined);
    if (items.length > 0) { dataTransfer.set(ORGANISE_MIME, new vscode.DataTransferItem(items)); }
  }

  async handleDrop(target: T | undefined, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    const ours = dataTransfer.get(ORGANISE_MIME);
    if (ours) {
      await this.deps.guard(() => this.moveAll(parseItems(ours.value), target));
      return;
    }
    if (!dataTransfer.get('text/uri-list') && ![...dataTransfer].some(([, item]) => item.asFile() !== undefined)) { return; }
    await this.deps.guard(async () => {
      const place = this.deps.resolver.place(target);
      if (place?.kind !== 'content' || place.content.type !== 'page') {
        throw new UserMessage(vscode.l10n.t('Drop files on a page to attach them to it.'));
      }
      const files = await droppedFiles(dataTransfer, token);
      if (files.uris.length === 0) { return; }
      const session = this.deps.sessions.get(place.content.origin);
      if (!session) { throw new UserMessage(vscode.l10n.t('Not signed in to {0}.', place.content.origin)); }
      try {
        await this.deps.attachments.attach({ session, pageId: place.content.id, title: place.content.title, spaceKey: place.content.spaceKey }, files.uris);
      } finally {
        await files.cleanUp();
      }
    });
  }

  /** Moves what was dragged, one item after the other, each with its own confirmation. */
  private async moveAll(items: ContentRef[], target: T | undefined): Promise<void> {
    const place = this.deps.resolver.place(target);
    if (!place) { throw new UserMessage(vscode.l10n.t('Drop pages and folders on a page, a folder or a space.')); }
    for (const item of items) {
      if (!await this.deps.moves.move(item, place)) { return; }
    }
  }
}

function parseItems(value: unknown): ContentRef[] {
  const raw: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(raw) ? raw.filter((r): r is ContentRef => typeof r === 'object' && r !== null && typeof (r as ContentRef).id === 'string') : [];
}
