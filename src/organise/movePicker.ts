// `Confluence: Move Page…` from the palette: the place to move to, picked in a quick pick — a space's
// top level from the site's spaces, or a page found by title as one types (CQL, one request per pause
// in typing). Folders are reached by dragging in the tree: CQL's `type = folder` is not documented.

import * as vscode from 'vscode';
import { ConfluenceError } from '../confluence/errors';
import type { SiteSession } from '../confluence/siteSession';
import type { Space } from '../confluence/types';
import type { ContentRef, PlaceRef } from './model/organiseItems';

const DEBOUNCE_MS = 250;
const cqlString = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

type Item = vscode.QuickPickItem & { space?: Space; page?: { id: string; title: string; spaceKey?: string } };

export async function pickMovePlace(session: SiteSession, source: ContentRef): Promise<PlaceRef | undefined> {
  const spaces = (await session.client.listAllSpaces({ status: 'current' })).filter((s) => s.type !== 'personal' || s.id === source.spaceId);
  const spaceItems: Item[] = [{ label: vscode.l10n.t('Spaces (the top level)'), kind: vscode.QuickPickItemKind.Separator },
    ...spaces.map((space) => ({ label: `$(book) ${space.name}`, description: vscode.l10n.t('top of {0}', space.key), space }))];
  const picked = await new Promise<Item | undefined>((resolve) => {
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = vscode.l10n.t('Move "{0}" to…', source.title);
    qp.placeholder = vscode.l10n.t('Type a page title to move it there, or pick a space to move it to its top level');
    qp.items = spaceItems;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight: AbortController | undefined;
    qp.onDidChangeValue((value) => {
      inFlight?.abort();
      if (timer) { clearTimeout(timer); }
      if (!value.trim()) { qp.items = spaceItems; qp.busy = false; return; }
      qp.busy = true;
      timer = setTimeout(() => {
        const abort = new AbortController();
        inFlight = abort;
        const cql = `type = page AND title ~ ${cqlString(value.trim())} ORDER BY title`;
        session.client.search(cql, { limit: 25, signal: abort.signal }).then((hits) => {
          if (abort.signal.aborted) { return; }
          const pages: Item[] = hits.filter((h) => h.id !== source.id).map((h) => ({
            label: `$(file) ${h.title}`, description: h.spaceKey ?? '', alwaysShow: true, page: { id: h.id, title: h.title, ...(h.spaceKey ? { spaceKey: h.spaceKey } : {}) },
          }));
          qp.items = [{ label: vscode.l10n.t('Pages'), kind: vscode.QuickPickItemKind.Separator }, ...pages, ...spaceItems];
          qp.busy = false;
        }, (e: unknown) => {
          if (abort.signal.aborted || ConfluenceError.is(e, 'cancelled')) { return; }
          qp.busy = false;
          qp.items = [{ label: `$(error) ${vscode.l10n.t('Search failed')}`, detail: e instanceof Error ? e.message : String(e), alwaysShow: true }, ...spaceItems];
        });
      }, DEBOUNCE_MS);
    });
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0];
      if (item?.space || item?.page) { resolve(item); qp.hide(); }
    });
    qp.onDidHide(() => { inFlight?.abort(); if (timer) { clearTimeout(timer); } qp.dispose(); resolve(undefined); });
    qp.show();
  });
  if (!picked) { return undefined; }
  if (picked.space) {
    return { kind: 'space', space: { origin: session.site.origin, spaceId: picked.space.id, spaceKey: picked.space.key, name: picked.space.name } };
  }
  const hit = picked.page;
  if (!hit) { return undefined; }
  // The page's space and parent decide where Before/After put the item: one read.
  const page = await session.client.getPageVersion(hit.id);
  const spaceKey = hit.spaceKey ?? spaces.find((s) => s.id === page.spaceId)?.key ?? '';
  return { kind: 'content', content: { origin: session.site.origin, id: page.id, type: 'page', title: page.title, spaceId: page.spaceId, spaceKey,
    parentId: page.parentId ?? null } };
}
