// `npm run bench`, the part that needs the real extension host: requests and times for sign-in, the
// first tree rows, opening and saving a page, a 5 MB page, expanding all 10,000 pages of the bench
// space, the admin key while idle, a move, a label edit and an upload, and VS Code's own activation
// timings of the extension.
//
// Runs ONLY when bench/run.mjs starts it: CONFLUENCE_BENCH_OUT (where to write the JSON results) and
// CONFLUENCE_BENCH_EMULATOR (a `bench`-seed emulator with its /__emulator/ control surface, served by
// bench/run.mjs in its own process, so the emulator's work and memory are not the extension host's).
// Without them every test here is skipped and the normal integration run is unaffected.
// Nothing here asserts a budget: bench/run.mjs compares the numbers with the targets and reports.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SiteRecord } from '../../src/confluence/siteSession';
import { Commands, EXTENSION_ID } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import type { ContentItemNode, ParentNode, TreeNode } from '../../src/tree/model/treeNodes';
import type { RequestLogEntry } from '../emulator/index';
import { commentsOnOpen, historyCosts, type BenchHooks } from './benchCommentsHistory';
import { AgreeingPrompts, closeConfluenceEditors, extensionApi, waitFor } from './support';

const OUT = process.env.CONFLUENCE_BENCH_OUT;
const EMU = process.env.CONFLUENCE_BENCH_EMULATOR?.replace(/\/+$/, '');
const EMAIL = process.env.CONFLUENCE_BENCH_EMAIL ?? 'admin@example.com';
const TOKEN = process.env.CONFLUENCE_BENCH_TOKEN ?? 'demo-admin-token';
const CONCURRENCY = Number(process.env.CONFLUENCE_BENCH_CONCURRENCY ?? 8);
const LATENCIES = (process.env.CONFLUENCE_BENCH_LATENCIES ?? '0,50').split(',').map(Number);
const BENCH_SPACE = 'Benchmark';
/** The emulator refuses request bodies over 5 MiB; the page body leaves room for the JSON around it. */
const BIG_BODY_BYTES = 5 * 1024 * 1024 - 8 * 1024;

type Json = Record<string, unknown>;
const results: Json = { startedAt: new Date().toISOString(), vscodeVersion: vscode.version, extHostNode: process.version };

function save(key: string, value: unknown): void {
  results[key] = value;
  if (OUT) fs.writeFileSync(OUT, JSON.stringify(results, null, 2));
}

// ---- the emulator's control surface (bench/run.mjs started it with controlHttp) -------------------
async function control(method: string, p: string, body?: Json): Promise<unknown> {
  const r = await fetch(`${EMU}/__emulator/${p}`, {
    method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  if (!r.ok) throw new Error(`emulator control ${method} ${p}: ${r.status}`);
  return r.status === 204 ? undefined : r.json();
}
const requestLog = async () => (await control('GET', 'requests')) as RequestLogEntry[];
const clearLog = () => control('DELETE', 'requests');
const setLatency = (ms: number) => control('POST', 'latency', { ms });

/** method + path (query kept) of each request: what the RESULTS tables list. */
const brief = (log: RequestLogEntry[]) => log.map((r) => `${r.method} ${r.path} ${r.status}${r.adminKeyHeader ? ' [admin-key]' : ''}`);

/** Waits until the request log has not grown for `quietMs` (background work after a command settles). */
async function settle(quietMs = 600, maxMs = 15_000): Promise<RequestLogEntry[]> {
  const deadline = Date.now() + maxMs;
  let last = -1;
  for (;;) {
    const log = await requestLog();
    if (log.length === last || Date.now() > deadline) return log;
    last = log.length;
    await sleep(quietMs);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
/** A full garbage collection before a memory reading, so readings compare retained memory, not GC timing (bench runs only). */
const gc: (() => void) | undefined = !OUT || !EMU ? undefined : (() => {
  try {
    require('v8').setFlagsFromString('--expose-gc');
    return require('vm').runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();
const mem = () => {
  gc?.();
  const m = process.memoryUsage();
  return { rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), heapTotalMB: mb(m.heapTotal), externalMB: mb(m.external) };
};
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

/**
 * Runs `work` under the extension host's own CPU profiler and reports how much of its wall time the
 * extension host was busy (samples that were not idle), to tell our work from the workbench's.
 */
async function profiled<T>(label: string, work: () => Promise<T>): Promise<{ value: T; ms: number; extHostBusyMs: number; removalCheckMs: number }> {
  const inspector = require('inspector') as typeof import('inspector');
  const session = new inspector.Session();
  session.connect();
  const post = <R>(method: string) => new Promise<R>((resolve, reject) => session.post(method, (e, r) => (e ? reject(e) : resolve(r as R))));
  try {
    await post('Profiler.enable');
    await post('Profiler.start');
    const t0 = performance.now();
    const value = await work();
    const wall = ms(t0);
    const { profile } = await post<{ profile: { nodes: { id: number; callFrame: { functionName: string }; children?: number[] }[]; samples: number[]; timeDeltas: number[] } }>('Profiler.stop');
    const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
    // The save's check for what it would remove (it parses the old and the new body) keeps its method
    // name in the minified bundle: the samples under it are that check's share of the busy time.
    const underRemovalCheck = new Set<number>();
    const mark = (id: number): void => {
      if (underRemovalCheck.has(id)) { return; }
      underRemovalCheck.add(id);
      for (const child of profile.nodes.find((n) => n.id === id)?.children ?? []) { mark(child); }
    };
    profile.nodes.filter((n) => n.callFrame.functionName === 'confirmRemovals').forEach((n) => mark(n.id));
    let busyUs = 0;
    let removalCheckUs = 0;
    profile.samples.forEach((id, i) => {
      if (!idle.has(id)) { busyUs += profile.timeDeltas[i] ?? 0; }
      if (underRemovalCheck.has(id)) { removalCheckUs += profile.timeDeltas[i] ?? 0; }
    });
    // To see where the busy time goes: open the file in Chrome DevTools (Performance) or VS Code.
    const profileDir = process.env.CONFLUENCE_BENCH_PROFILE_DIR;
    if (profileDir) require('fs').writeFileSync(require('path').join(profileDir, `${label}.cpuprofile`), JSON.stringify(profile));
    return { value, ms: wall, extHostBusyMs: Math.round(busyUs / 1000), removalCheckMs: Math.round(removalCheckUs / 1000) };
  } finally {
    session.disconnect();
  }
}

/**
 * A level once it has finished streaming, the way the tree view reads it: getChildren, and again
 * whenever the provider fires onDidChangeTreeData for the node while a "Loading more…" row shows.
 * A "Load more…" row (a level paused at its auto-load limit) is clicked, like a person expanding all.
 */
async function fullLevel(api: TestApi, node: TreeNode | undefined, loadMoreClicks: { n: number }): Promise<TreeNode[]> {
  for (;;) {
    let changed!: Promise<void>;
    let sub: vscode.Disposable | undefined;
    const arm = () => {
      sub?.dispose();
      changed = new Promise<void>((resolve) => {
        sub = api.tree.onDidChangeTreeData((e) => { if (e === undefined || e === node) resolve(); });
        setTimeout(resolve, 250); // never rely on the event alone
      });
    };
    arm();
    let rows = await api.tree.getChildren(node);
    while (rows.some((r) => r.kind === 'message' && r.message === 'loadingMore')) {
      await changed;
      arm();
      rows = await api.tree.getChildren(node);
    }
    sub?.dispose();
    const more = rows.find((r) => r.kind === 'message' && r.message === 'loadMore');
    if (!more) return rows;
    loadMoreClicks.n++;
    await vscode.commands.executeCommand(Commands.loadMore, more);
  }
}

interface ExpandResult { pages: number; folders: number; otherContent: number; messages: Record<string, number>; levels: number; loadMoreClicks: number; ms: number }

/** Expands every expandable node under `root`, level by level, at most CONCURRENCY levels listed at once. */
async function expandAll(api: TestApi, root: ParentNode): Promise<ExpandResult> {
  const t0 = performance.now();
  const clicks = { n: 0 };
  const out: ExpandResult = { pages: 0, folders: 0, otherContent: 0, messages: {}, levels: 0, loadMoreClicks: 0, ms: 0 };
  let level: TreeNode[] = [root];
  while (level.length > 0) {
    const expandable = level.filter((n): n is ParentNode => n.kind !== 'message'
      && api.tree.getTreeItem(n).collapsibleState !== vscode.TreeItemCollapsibleState.None);
    const next: TreeNode[][] = new Array(expandable.length);
    let i = 0;
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, expandable.length) }, async () => {
      for (let k = i++; k < expandable.length; k = i++) next[k] = await fullLevel(api, expandable[k], clicks);
    }));
    level = next.flat();
    if (level.length > 0) out.levels++;
    for (const n of level) {
      if (n.kind === 'message') out.messages[n.message] = (out.messages[n.message] ?? 0) + 1;
      else if (n.kind === 'content' && n.content.type === 'page') out.pages++;
      else if (n.kind === 'content' && n.content.type === 'folder') out.folders++;
      else out.otherContent++;
    }
  }
  out.loadMoreClicks = clicks.n;
  out.ms = ms(t0);
  return out;
}

/** Requests grouped by what they are, for the tables. */
function kinds(log: RequestLogEntry[]): Record<string, number> {
  const k: Record<string, number> = {};
  for (const r of log) {
    const p = r.path.split('?')[0] ?? '';
    const key = `${r.method} ${p.replace(/\/\d+/g, '/{id}')}`;
    k[key] = (k[key] ?? 0) + 1;
  }
  return k;
}

suite('benchmarks (npm run bench)', function () {
  this.timeout(30 * 60_000);
  let api: TestApi;
  let site: SiteRecord | undefined;
  let space: ParentNode;
  let home: ContentItemNode;

  suiteSetup(async function () {
    if (!OUT || !EMU) {
      this.skip();
      return;
    }
    api = await extensionApi();
  });

  suiteTeardown(async () => {
    if (!OUT || !EMU || !api) return;
    await closeConfluenceEditors();
    if (site) await vscode.commands.executeCommand(Commands.signOut, site.origin);
    save('finishedAt', new Date().toISOString());
  });

  test('activation: VS Code\'s own timings of this extension\'s start-up activation', async () => {
    // The workbench's "Developer: Startup Performance" document lists, per extension, the times the
    // extension host measured when it activated the extension: loading its code (require of
    // dist/extension.js), the activate() call, and until the promise activate() returned resolved.
    // It is a text model the workbench serves under perf:, which the extension API can open.
    let text = '';
    let via = 'openTextDocument(perf:Startup Performance)';
    const attempts: string[] = [];
    try {
      text = (await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'perf', path: 'Startup Performance' }))).getText();
    } catch (e) {
      attempts.push(`openTextDocument(perf:Startup Performance): ${String(e)}`);
    }
    if (!text.includes('Extension Activation Stats')) {
      // The command shows the same document in an editor; editors' documents are mirrored to the extension host.
      via = 'perfview.show';
      await vscode.commands.executeCommand('perfview.show');
      const doc = await waitFor('the Startup Performance editor', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'perf'
        && d.getText().includes('Extension Activation Stats')), 20_000).catch((e: unknown) => { attempts.push(`perfview.show: ${String(e)}`); return undefined; });
      text = doc?.getText() ?? text;
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    const row = text.split('\n').find((l) => l.toLowerCase().startsWith(`| ${EXTENSION_ID.toLowerCase()} `)
      || l.toLowerCase().startsWith(`|${EXTENSION_ID.toLowerCase()}|`));
    const cells = row?.split('|').map((c) => c.trim()).filter((c, i, a) => i > 0 && i < a.length - 1);
    const header = text.split('\n').find((l) => l.includes('Load Code') && l.includes('Call Activate'));
    // Supplementary: a fresh require() of the bundle now (warm: the file is in the OS cache and V8 may reuse code).
    const file = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'extension.js');
    const resolved = require.resolve(file);
    delete require.cache[resolved];
    const t0 = performance.now();
    require(resolved);
    const warmRequireMs = ms(t0);
    delete require.cache[resolved];
    save('activation', {
      source: 'Developer: Startup Performance (perf:Startup Performance), "Extension Activation Stats"', via,
      header: header ?? null, row: row ?? null,
      ...(cells && cells.length >= 6 ? {
        eager: cells[1], loadCodeMs: Number(cells[2]), callActivateMs: Number(cells[3]), finishActivateMs: Number(cells[4]), event: cells[5],
      } : { error: `no row for ${EXTENSION_ID} in the Startup Performance document`, attempts, excerpt: text.slice(0, 4000) }),
      warmRequireMs,
    });
  });

  test('sign-in (Add Site with arguments)', async () => {
    await setLatency(0);
    await clearLog();
    const t0 = performance.now();
    site = await vscode.commands.executeCommand<SiteRecord>(Commands.addSite, { siteUrl: EMU, email: EMAIL, token: TOKEN });
    const commandMs = ms(t0);
    await waitFor('the session', () => api.sessions.get(EMU!));
    const log = await settle();
    save('signIn', { commandMs, requests: log.length, kinds: kinds(log), log: brief(log) });
  });

  for (const latency of LATENCIES) {
    test(`first tree rows at ${latency} ms`, async () => {
      api.treeModel.refresh(undefined);
      await settle(300);
      await setLatency(latency);
      await clearLog();
      const t0 = performance.now();
      const roots = await api.tree.getChildren(undefined);
      const rootsMs = ms(t0);
      const bench = roots.find((r): r is ParentNode => r.kind === 'space' && r.space.name === BENCH_SPACE);
      if (!bench) throw new Error(`no ${BENCH_SPACE} space among ${roots.map((r) => r.key).join(', ')}`);
      space = bench;
      const rows = await api.tree.getChildren(space);
      const firstRowsMs = ms(t0);
      const atFirstRows = await requestLog();
      const log = await settle();
      await setLatency(0);
      const first = rows.find((r): r is ContentItemNode => r.kind === 'content');
      if (first) home = first;
      save(`firstPaint_${latency}ms`, { rootsMs, firstRowsMs, rows: rows.length, requestsBeforeFirstRows: atFirstRows.length, logBeforeFirstRows: brief(atFirstRows),
        requests: log.length, kinds: kinds(log), log: brief(log.slice(0, 6)) });
    });
  }

  const idleTest = (key: string, title: string) => test(title, async () => {
    await closeConfluenceEditors();
    await setLatency(0);
    await vscode.commands.executeCommand(Commands.adminKeyEnable, { origin: EMU, minutes: 10 });
    await waitFor('the admin key', () => api.adminKey.isActive(EMU!));
    await settle();
    await clearLog();
    const t0 = performance.now();
    for (let i = 0; i < 8; i++) {
      api.clock.advance(60_000);
      await control('POST', 'clock', { advanceMs: 60_000 });
      await sleep(500);
    }
    const log = await settle();
    const idleMs = ms(t0);
    await vscode.commands.executeCommand(Commands.adminKeyDisable, { origin: EMU });
    save(key, {
      simulatedMinutes: 8, realMs: idleMs, requests: log.length,
      adminKeyApiRequests: log.filter((r) => r.path.startsWith('/wiki/api/v2/admin-key')).length,
      requestsWithAdminKeyHeader: log.filter((r) => r.adminKeyHeader).length, log: brief(log),
    });
  });

  idleTest('adminKeyIdle', 'admin key on, then idle for 8 minutes (advanced clocks), no page ever opened');

  for (const latency of LATENCIES) {
    test(`the 600-child level through the tree at ${latency} ms`, async () => {
      api.treeModel.refresh(undefined);
      await settle(300);
      const roots = await api.tree.getChildren(undefined);
      const bench = roots.find((r): r is ParentNode => r.kind === 'space' && r.space.name === BENCH_SPACE)!;
      const homeRow = (await fullLevel(api, bench, { n: 0 })).find((r): r is ContentItemNode => r.kind === 'content')!;
      const wide = (await fullLevel(api, homeRow, { n: 0 })).find((r): r is ContentItemNode => r.kind === 'content' && r.content.title === 'Bench page 2');
      if (!wide) throw new Error('no "Bench page 2" (the 600-child level) under the bench homepage');
      await settle(300);
      await setLatency(latency);
      await clearLog();
      const t0 = performance.now();
      const first = await api.tree.getChildren(wide);
      const firstRowsMs = ms(t0);
      const rows = await fullLevel(api, wide, { n: 0 });
      const allMs = ms(t0);
      const log = await settle();
      await setLatency(0);
      save(`wideLevel_${latency}ms`, { children: rows.filter((r) => r.kind === 'content').length, firstRows: first.filter((r) => r.kind === 'content').length,
        firstRowsMs, allMs, requests: log.length, kinds: kinds(log), log: brief(log) });
    });
  }

  for (const latency of LATENCIES) {
    test(`expand every node of the 10,000-page space through the tree provider at ${latency} ms`, async () => {
      await closeConfluenceEditors();
      api.treeModel.refresh(undefined);
      await settle(300);
      const roots = await api.tree.getChildren(undefined);
      const bench = roots.find((r): r is ParentNode => r.kind === 'space' && r.space.name === BENCH_SPACE);
      if (!bench) throw new Error('no bench space');
      await settle(300);
      await setLatency(latency);
      await clearLog();
      const before = mem();
      const r = await expandAll(api, bench);
      const after = mem();
      const log = await settle();
      await setLatency(0);
      save(`expandAll_${latency}ms`, { ...r, concurrency: CONCURRENCY, gcBeforeMemory: gc !== undefined, requests: log.length, kinds: kinds(log), memoryBefore: before, memoryAfter: after,
        firstRequests: brief(log.slice(0, 5)) });
    });
  }

  for (const latency of LATENCIES) {
    test(`open (Open Page by id, and from the tree) and save at ${latency} ms`, async () => {
      await closeConfluenceEditors();
      const level = await fullLevel(api, home, { n: 0 });
      const wide = level.find((r): r is ContentItemNode => r.kind === 'content' && r.content.title === 'Bench page 2');
      if (!wide) throw new Error('no "Bench page 2" (the 600-child level) under the bench homepage');
      const leaves = (await fullLevel(api, wide, { n: 0 })).filter((r): r is ContentItemNode => r.kind === 'content');
      const pick = leaves[latency === 0 ? 10 : 20]!;
      const fromTree = leaves[latency === 0 ? 11 : 21]!;
      await settle(300);
      await setLatency(latency);

      // Open Page… with a page id (the command people use with a pasted link).
      await clearLog();
      let t0 = performance.now();
      const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.openPage, pick.content.id);
      const openMs = ms(t0);
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri?.toString());
      if (!editor) throw new Error(`no editor for page ${pick.content.id}`);
      const openLog = await settle();

      // Edit and save.
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      await editor.edit((b) => b.insert(end, '\n<p>Edited by the benchmark.</p>'));
      await settle(300);
      await clearLog();
      t0 = performance.now();
      const saved = await editor.document.save();
      const saveMs = ms(t0);
      const saveLog = await settle();

      // Clicking a page in the tree: its command opens the URI the tree built (space key and title known).
      await closeConfluenceEditors();
      await settle(300);
      await clearLog();
      const command = api.tree.getTreeItem(fromTree).command;
      if (!command) throw new Error('a page row has no open command');
      t0 = performance.now();
      await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
      await waitFor('the editor from the tree', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'confluence'
        && e.document.uri.path.includes(`/${fromTree.content.id}/`)));
      const treeOpenMs = ms(t0);
      const treeLog = await settle();
      await setLatency(0);
      await closeConfluenceEditors();

      const bodyReads = (log: RequestLogEntry[], id: string) => log.filter((r) => r.method === 'GET' && r.path.startsWith(`/wiki/api/v2/pages/${id}?`)
        && /[?&]body-format=storage(&|$)/.test(r.path)).length;
      const versionChecks = saveLog.filter((r) => r.method === 'GET' && r.path.startsWith(`/wiki/api/v2/pages/${pick.content.id}`)).length;
      const puts = saveLog.filter((r) => r.method === 'PUT').length;
      save(`openSave_${latency}ms`, {
        openPage: { ms: openMs, requests: openLog.length, bodyRequests: bodyReads(openLog, pick.content.id), kinds: kinds(openLog), log: brief(openLog) },
        save: { ms: saveMs, saved, requests: saveLog.length, versionChecks, puts, kinds: kinds(saveLog), log: brief(saveLog) },
        openFromTree: { ms: treeOpenMs, requests: treeLog.length, bodyRequests: bodyReads(treeLog, fromTree.content.id), kinds: kinds(treeLog), log: brief(treeLog) },
      });
    });
  }

  idleTest('adminKeyIdleAfterPages', 'admin key on, then idle for 8 minutes (advanced clocks), after pages were opened and their editors closed');

  test('comments and history: opening a page with N inline and M footer comments, the history list and one version', async () => {
    await closeConfluenceEditors();
    await setLatency(0);
    const hooks: BenchHooks = { api, origin: EMU!, spaceId: home.content.spaceId ?? '', parentId: home.content.id, control, clearLog, settle: () => settle(), kinds, brief };
    save('commentsOnOpen', [await commentsOnOpen(hooks, 10, 5, 5), await commentsOnOpen(hooks, 300, 20, 0)]);
    save('history', await historyCosts(hooks, 300));
  });

  test('a 5 MB page: create through the client, then open (and save) at 50 ms, in both views, with where the time goes', async () => {
    await closeConfluenceEditors();
    const session = api.sessions.get(EMU!);
    if (!session) throw new Error('not signed in');
    const para = '<p>' + 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(16) + '</p>\n';
    const value = para.repeat(Math.floor(BIG_BODY_BYTES / para.length));
    await setLatency(0);
    const created = await session.client.createPage({ spaceId: home.content.spaceId ?? (space.kind === 'space' ? space.space.id : ''),
      parentId: home.content.id, title: 'Bench 5 MB page', body: { representation: 'storage', value } });
    await settle(300);
    await setLatency(50);
    const host = new URL(EMU!).host;

    // The client alone: one GET of the body (network at 50 ms, 5 MB on loopback, JSON parse, validation).
    let t0 = performance.now();
    const read = await session.client.getPage(created.id, { bodyFormat: 'storage', includeOperations: true });
    const clientReadMs = ms(t0);

    // The converter alone, both ways, in this extension host (the Markdown view pays it on open and save).
    const converter = await import('../../src/pages/markdown/converter');
    t0 = performance.now();
    const asMarkdown = converter.storageToMarkdown(read.body?.value ?? '');
    const toMarkdownMs = ms(t0);
    t0 = performance.now();
    converter.markdownToStorage(asMarkdown.markdown, { storage: read.body?.value ?? '' });
    const toStorageMs = ms(t0);

    const views: Record<string, Json> = {};
    for (const format of ['storage', 'markdown'] as const) {
      await clearLog();
      const opened = await profiled(`open-${format}`, async () => vscode.commands.executeCommand<vscode.Uri>(format === 'storage' ? Commands.openAsStorage : Commands.openAsMarkdown, { host, pageId: created.id }));
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === opened.value?.toString());
      if (!editor) throw new Error(`no ${format} editor for the 5 MB page`);
      const length = editor.document.getText().length;
      const openLog = await settle();
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      await editor.edit((b) => b.insert(end, format === 'storage' ? '<p>x</p>' : '\n\nx\n'));
      await clearLog();
      const saved = await profiled(`save-${format}`, () => Promise.resolve(editor.document.save()));
      const saveLog = await settle();
      await closeConfluenceEditors();
      views[format] = {
        documentLength: length,
        open: { ms: opened.ms, extHostBusyMs: opened.extHostBusyMs, requests: openLog.length, kinds: kinds(openLog), log: brief(openLog) },
        save: { ms: saved.ms, extHostBusyMs: saved.extHostBusyMs, removalCheckMs: saved.removalCheckMs, saved: saved.value, requests: saveLog.length, kinds: kinds(saveLog), log: brief(saveLog) },
      };
    }

    // The client alone, writing: one PUT of the body (what any save must pay at least).
    const latest = await session.client.getPageVersion(created.id);
    t0 = performance.now();
    await session.client.updatePage({ id: created.id, title: latest.title, status: 'current', baseVersion: latest.version.number,
      body: { representation: 'storage', value: value + '<p>y</p>' } });
    const clientWriteMs = ms(t0);
    await setLatency(0);
    save('bigPage_50ms', {
      bytes: Buffer.byteLength(value), clientReadMs, clientWriteMs, toMarkdownMs, toStorageMs, markdownLength: asMarkdown.markdown.length,
      storage: views.storage, markdown: views.markdown,
    });
  });

  test('organise: a move (a drop in the tree), a label edit and an upload at 0 ms', async () => {
    await closeConfluenceEditors();
    await setLatency(0);
    // As a person gets there: the space expanded (its read-ahead knows what is below each page), then the levels.
    api.treeModel.refresh(undefined);
    const bench = (await api.tree.getChildren(undefined)).find((r): r is ParentNode => r.kind === 'space' && r.space.name === BENCH_SPACE);
    if (!bench) throw new Error('no bench space');
    const homeRow = (await fullLevel(api, bench, { n: 0 })).find((r): r is ContentItemNode => r.kind === 'content');
    const wide = homeRow && (await fullLevel(api, homeRow, { n: 0 })).find((r): r is ContentItemNode => r.kind === 'content' && r.content.title === 'Bench page 2');
    if (!wide) throw new Error('no "Bench page 2" (the 600-child level) under the bench homepage');
    const leaves = (await fullLevel(api, wide, { n: 0 })).filter((r): r is ContentItemNode => r.kind === 'content');
    const [source, target] = [leaves[40]!, leaves[45]!];
    await settle(300);
    api.prompts.answerer = Object.assign(new AgreeingPrompts(), { chooseMove: async (_m: string, _d: string, c: readonly string[]) => c.find((x) => x === 'Move After') });
    await clearLog();
    let t0 = performance.now();
    const dataTransfer = new vscode.DataTransfer();
    await api.dragAndDrop.handleDrag([source], dataTransfer);
    await api.dragAndDrop.handleDrop(target, dataTransfer, new vscode.CancellationTokenSource().token);
    const moveMs = ms(t0);
    const moveLog = await settle();
    api.prompts.answerer = new AgreeingPrompts();

    await clearLog();
    t0 = performance.now();
    await vscode.commands.executeCommand(Commands.editLabels, target, ['bench-label', 'reviewed']);
    const labelMs = ms(t0);
    const labelLog = await settle();

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'bench-attachment.bin');
    fs.writeFileSync(file, Buffer.alloc(1024 * 1024, 1));
    await clearLog();
    t0 = performance.now();
    await vscode.commands.executeCommand(Commands.attachFiles, target, [vscode.Uri.file(file)]);
    const uploadMs = ms(t0);
    const uploadLog = await settle();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    const writes = (log: RequestLogEntry[]) => log.filter((r) => r.method !== 'GET').length;
    save('organise_0ms', {
      move: { ms: moveMs, requests: moveLog.length, writes: writes(moveLog), kinds: kinds(moveLog), log: brief(moveLog) },
      labels: { ms: labelMs, requests: labelLog.length, writes: writes(labelLog), kinds: kinds(labelLog), log: brief(labelLog) },
      upload: { ms: uploadMs, bytes: 1024 * 1024, requests: uploadLog.length, writes: writes(uploadLog), kinds: kinds(uploadLog), log: brief(uploadLog) },
    });
  });
});
