// The comments and history part of `npm run bench` (run by bench.test.ts, which owns the emulator's
// control surface and the results file): what opening a page with N inline and M footer comments costs
// in requests, and what the history list and one version cost. Pages and comments are made through
// the emulator's control surface ("another person comments now"), so only the extension's own
// requests are counted.
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import type { RequestLogEntry } from '../emulator/index';
import { waitFor } from './support';

export interface BenchHooks {
  api: TestApi;
  origin: string;
  /** Where the pages are made. */
  spaceId: string;
  parentId: string;
  control(method: string, path: string, body?: Record<string, unknown>): Promise<unknown>;
  clearLog(): Promise<unknown>;
  /** The request log once it is quiet. */
  settle(): Promise<RequestLogEntry[]>;
  kinds(log: RequestLogEntry[]): Record<string, number>;
  brief(log: RequestLogEntry[]): string[];
}

/** Comment threads with N inline, M footer and R reply comments: the request count of opening the page. */
export async function commentsOnOpen(h: BenchHooks, n: number, m: number, r: number): Promise<Record<string, unknown>> {
  const session = h.api.sessions.get(h.origin);
  if (!session) throw new Error('not signed in');
  const words = Array.from({ length: n }, (_, i) => `w${i + 1}x`);
  const page = await session.client.createPage({ spaceId: h.spaceId, parentId: h.parentId, title: `Bench comments ${n}+${m}+${r}`,
    body: { representation: 'storage', value: `<p>${words.join(' ')} end.</p>` } });
  const inline: string[] = [];
  for (const w of words) {
    inline.push(((await h.control('POST', 'comment', { pageId: page.id, kind: 'inline', body: `<p>On ${w}.</p>`, textSelection: w })) as { id: string }).id);
  }
  for (let j = 0; j < m; j++) await h.control('POST', 'comment', { pageId: page.id, kind: 'footer', body: `<p>Footer ${j}.</p>` });
  for (let k = 0; k < r; k++) await h.control('POST', 'comment', { pageId: page.id, kind: 'reply', parentId: inline[k % inline.length], body: `<p>Reply ${k}.</p>` });
  await h.settle();
  await h.clearLog();
  const t0 = performance.now();
  const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.openPage, page.id);
  if (!uri) throw new Error(`page ${page.id} did not open`);
  await waitFor(`${n + m} threads`, () => (h.api.comments.threadsOf(uri).length >= n + m ? true : undefined), 120_000);
  const shownMs = Math.round(performance.now() - t0);
  const log = await h.settle();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  // The comments' own requests: the two listings (250 a request) and one /children per comment. The page
  // body, and the authors' names (one users-bulk, none when the names are known), are counted apart.
  const commentRequests = log.filter((e) => /-comments(\/\d+\/children)?(\?|$)/.test(e.path)).length;
  const expected = Math.max(1, Math.ceil(n / 250)) + Math.max(1, Math.ceil(m / 250)) + n + m + r;
  return {
    inline: n, footer: m, replies: r, requests: log.length, commentRequests, expected, threadsShownMs: shownMs,
    nameRequests: log.filter((e) => e.path.includes('/users-bulk')).length, kinds: h.kinds(log),
  };
}

/** A page with `versions` versions: the history list's first screen, all of it, and one version opened twice. */
export async function historyCosts(h: BenchHooks, versions: number): Promise<Record<string, unknown>> {
  const session = h.api.sessions.get(h.origin);
  if (!session) throw new Error('not signed in');
  const page = await session.client.createPage({ spaceId: h.spaceId, parentId: h.parentId, title: `Bench history ${versions}`,
    body: { representation: 'storage', value: '<p>Version 1.</p>' } });
  for (let v = 2; v <= versions; v++) await h.control('POST', 'edit-page', { pageId: page.id, body: `<p>Version ${v}.</p>` });
  const arg = { origin: h.origin, pageId: page.id, title: page.title };
  await h.settle();
  await h.clearLog();
  const shown = vscode.commands.executeCommand(Commands.showPageHistory, arg);
  const listLog = await h.settle();
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  await shown;
  await h.clearLog();
  const middle = Math.ceil(versions / 2);
  await vscode.commands.executeCommand(Commands.openPageVersion, { ...arg, version: middle });
  const openLog = await h.settle();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await h.clearLog();
  await vscode.commands.executeCommand(Commands.openPageVersion, { ...arg, version: middle });
  const againLog = await h.settle();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  return {
    versions,
    list: { requests: listLog.length, kinds: h.kinds(listLog), log: h.brief(listLog) },
    openVersion: { requests: openLog.length, log: h.brief(openLog) },
    openAgain: { requests: againLog.length, log: h.brief(againLog) },
  };
}
