// `npm run dev`: the extension FROM THIS WORKING TREE in a real VS Code in the browser (code-server),
// against the embedded Confluence emulator with the demo seed, with esbuild rebuilding
// dist/extension.js (with source maps) on every change. After an edit: "Developer: Reload Window".
//
//   npm run dev [-- --port N] [--emulator-port N] [--latency-ms N]
//
// Ctrl-C stops everything it started (esbuild, code-server's process group, the emulator) and
// removes its temp dir (KEEP_TMP=1 keeps it, with the extension's log under user-data/logs/).
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { startEmulator, type RunningEmulator } from '../test/emulator/index';
import { DEMO } from '../test/emulator/seed';
import { Cleanup, freshProfile, prepareVsCode, ROOT, sleep, startCodeServer, tempDir, type CodeServer } from '../test/e2e/codeServer';
import { linkExtension, refreshManifest } from './linkedExtension';

interface Options {
  port: number;
  emulatorPort: number;
  latencyMs: number;
}

const USAGE = `usage: npm run dev -- [--port N] [--emulator-port N] [--latency-ms N]
  --port N           workbench port on 127.0.0.1 (default 8080)
  --emulator-port N  port of the Confluence emulator on 127.0.0.1 (default 8090)
  --latency-ms N     delay the emulator adds to every response (default 0)`;

function parseArgs(argv: string[]): Options {
  const o: Options = { port: 8080, emulatorPort: 8090, latencyMs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s, 2) as [string, string | undefined];
    const int = (min: number, max: number): number => {
      const v = inline ?? argv[++i];
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < min || n > max) fail(`${flag} needs a whole number from ${min} to ${max}, not ${JSON.stringify(v)}`);
      return n;
    };
    switch (flag) {
      case '--port': o.port = int(1, 65535); break;
      case '--emulator-port': o.emulatorPort = int(1, 65535); break;
      case '--latency-ms': o.latencyMs = int(0, 60_000); break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: fail(`unknown argument ${JSON.stringify(argv[i])}`);
    }
  }
  if (o.emulatorPort === o.port) fail('--port and --emulator-port must differ');
  return o;
}

function fail(message: string): never {
  console.error(`dev: ${message}\n${USAGE}`);
  process.exit(2);
}

/** How long code-server keeps a disconnected window's extension host, waiting for it to reconnect. */
const RECONNECTION_GRACE_SECONDS = 10;

const t0 = Date.now();
const log = (message: string): void => { console.log(`[dev ${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`); };

/**
 * `node esbuild.mjs --watch` (the same build as `npm run watch`), its output shown with an
 * `[esbuild]` prefix. Resolves after the first build, so code-server never loads a stale bundle.
 */
async function startWatch(cleanup: Cleanup): Promise<ChildProcess> {
  // In its own process group (with esbuild's service process), like code-server: Ctrl-C in the
  // terminal reaches only us, and the cleanup stops the group in order.
  const child = spawn(process.execPath, [path.join(ROOT, 'esbuild.mjs'), '--watch'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  cleanup.add('stop esbuild', async () => {
    const kill = (sig: NodeJS.Signals): void => { try { if (child.pid) process.kill(-child.pid, sig); } catch { /* group gone */ } };
    kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    kill('SIGKILL');
  });
  let built: () => void = () => undefined;
  const firstBuild = new Promise<void>((r) => { built = r; });
  let pending = '';
  const onData = (chunk: Buffer): void => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      console.log(`[esbuild] ${line}`);
      // esbuild 0.28 ends every build, the first included, with this line (errors or not).
      if (line.startsWith('[watch] build finished')) built();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  await Promise.race([
    firstBuild,
    exited.then(() => { throw new Error(`esbuild stopped before its first build (${child.exitCode ?? child.signalCode})`); }),
  ]);
  return child;
}

function banner(server: CodeServer, emulator: RunningEmulator, latencyMs: number, tmp: string): string {
  const a = DEMO.accounts;
  const port = new URL(server.url).port;
  return [
    '',
    '  Confluence for VS Code — running from this working tree',
    '',
    `  Open VS Code in your browser:  ${server.url}/`,
    `    (it listens on 127.0.0.1 only; from another machine use e.g. ssh -L ${port}:127.0.0.1:${port})`,
    `  The extension is loaded from ${ROOT} (dist/extension.js, which esbuild`,
    '  rebuilds on every save; package.json is read again too).',
    '',
    '  Edit, wait for "[esbuild] [watch] build finished", then in that tab run',
    '  F1 → "Developer: Reload Window" (or reload the browser tab) to see the change.',
    '',
    '  Sign in: Confluence in the activity bar → Add Site…',
    `    site URL  ${emulator.url}${latencyMs ? `   (emulator adds ${latencyMs} ms per response)` : ''}`,
    `    email     ${a.admin.email}`,
    `    token     ${a.admin.token}      ${a.admin.displayName}: org admin on a Premium site, can use the admin key`,
    `  Other accounts: ${a.writer.email} / ${a.writer.token} (ordinary user), ${a.admin.email} / ${DEMO.scopedToken} (scoped token)`,
    '',
    '  The extension\'s log: F1 → "Confluence: Show Log".',
    '  Debugger: open the inspector of the newest extension host on 127.0.0.1:9229 (again after each reload) with',
    `    kill -USR1 $(pgrep -n -g ${server.process.pid} -f type=extensionHost)`,
    '  and attach (launch.json: "Attach to the extension host (npm run dev)"). See CONTRIBUTING.md.',
    '',
    `  Press Ctrl-C to stop: esbuild, code-server and the emulator stop and ${tmp} is removed.`,
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const cleanup = new Cleanup();
  let stopping = false;
  const stop = (code: number, why: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${why}: stopping everything npm run dev started…`);
    void cleanup.run(log).finally(() => { log('stopped; nothing left running'); process.exit(code); });
  };
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) process.on(sig, () => stop(code, sig));

  try {
    await prepareVsCode(log);
    log('starting esbuild in watch mode (npm run watch)…');
    const watch = await startWatch(cleanup);
    watch.once('exit', (code, signal) => { if (!stopping) stop(1, `esbuild stopped (${signal ?? code})`); });

    log(`starting the Confluence emulator (demo seed${options.latencyMs ? `, ${options.latencyMs} ms latency` : ''}) on port ${options.emulatorPort}…`);
    let emulator: RunningEmulator;
    try {
      // The emulator's clock is the real one, like the extension's (admin-key expiry must agree).
      emulator = await startEmulator({ seed: 'demo', port: options.emulatorPort, latencyMs: options.latencyMs, startTime: Date.now() });
    } catch (e) {
      throw new Error(`the emulator could not start on 127.0.0.1:${options.emulatorPort} (${e instanceof Error ? e.message : String(e)}); choose another port with --emulator-port N`);
    }
    cleanup.add('close the emulator', () => emulator.close());
    log(`emulator on ${emulator.url}`);

    const tmp = tempDir('confluence-dev-', cleanup);
    const profile = freshProfile(tmp);
    const linked = linkExtension(ROOT, profile);
    log(`linked ${linked.id} in a fresh profile (${tmp}) to ${ROOT}`);
    const packageJson = path.join(ROOT, 'package.json');
    // Polling, not fs.watch: editors that save by renaming would end an fs.watch on the old file.
    fs.watchFile(packageJson, { interval: 500 }, (now, before) => {
      if (now.mtimeMs === before.mtimeMs) return;
      refreshManifest(linked);
      log('package.json changed: reload the window to see its contributions');
    });
    cleanup.add('stop watching package.json', () => fs.unwatchFile(packageJson));

    log('starting VS Code (code-server)…');
    // A closed tab's extension host would otherwise live on for code-server's default grace time of
    // 3 hours, running the old build (and holding the inspector's port if one was opened in it).
    const server = await startCodeServer(profile, options.port, cleanup, log, ['--reconnection-grace-time', String(RECONNECTION_GRACE_SECONDS)]);
    server.process.once('exit', (code, signal) => {
      if (!stopping) { console.error(`dev: code-server stopped unexpectedly (${signal ?? code}); see ${server.logFile}`); stop(1, 'code-server exited'); }
    });
    console.log(banner(server, emulator, options.latencyMs, tmp));
    // `await`, not a bare return: returning a promise from inside `try` would run `finally` (the
    // cleanup) at once.
    return await new Promise<number>(() => { /* runs until a signal; stop() exits */ });
  } catch (e) {
    console.error(`dev: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    // Reached only after a failed start: the running loop waits for a signal, and stop() cleans up.
    await cleanup.run(log);
  }
}

void main().then((code) => process.exit(code));
