// `npm run demo`: the extension, installed from its .vsix into a real VS Code (code-server), against
// the embedded Confluence emulator with the demo seed — one command on a fresh machine.
//
//   npm run demo [-- --port N] [--emulator-port N] [--latency-ms N] [--vsix FILE]
//   npm run demo -- --headless --screenshot DIR [--latency-ms N]
//
// Interactive (default): prints the workbench URL and the demo credentials, runs until Ctrl-C, then
// stops everything it started (code-server's process group, the emulator) and removes its temp dir.
// --headless: signs in and walks the journey of test/e2e/journey.ts in headless chromium, saves
// screenshots into DIR, and exits 0 only if every step was seen (1 otherwise, naming the step).
import * as fs from 'fs';
import * as path from 'path';
import { startEmulator, type RunningEmulator } from '../test/emulator/index';
import { DEMO } from '../test/emulator/seed';
import { Cleanup, freshProfile, installVsix, launchBrowser, prepare, ROOT, startCodeServer, tempDir } from '../test/e2e/codeServer';
import { runJourney, STEP_NAMES } from '../test/e2e/journey';

interface Options {
  port: number;
  emulatorPort: number;
  latencyMs: number;
  headless: boolean;
  screenshotDir: string | undefined;
  vsix: string | undefined;
}

const USAGE = `usage: npm run demo -- [--port N] [--emulator-port N] [--latency-ms N] [--vsix FILE] [--headless --screenshot DIR]
  --port N           workbench port on 127.0.0.1 (default 8080)
  --emulator-port N  port of the Confluence emulator (default: a free one)
  --latency-ms N     delay the emulator adds to every response, to feel like a real site (default 0)
  --vsix FILE        install this .vsix instead of building one with npm run package
  --headless         walk the demo journey in headless chromium instead of waiting for you
  --screenshot DIR   where --headless saves its screenshots (default test-output/demo)`;

function parseArgs(argv: string[]): Options {
  const o: Options = { port: 8080, emulatorPort: 0, latencyMs: 0, headless: false, screenshotDir: undefined, vsix: undefined };
  const int = (name: string, v: string | undefined, min: number, max: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min || n > max) fail(`${name} needs a whole number from ${min} to ${max}, not ${JSON.stringify(v)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port': o.port = int(flag, value(), 1, 65535); break;
      case '--emulator-port': o.emulatorPort = int(flag, value(), 1, 65535); break;
      case '--latency-ms': o.latencyMs = int(flag, value(), 0, 60_000); break;
      case '--headless': o.headless = true; break;
      case '--screenshot': case '--screenshots': { const v = value(); if (!v) fail(`${flag} needs a directory`); o.screenshotDir = path.resolve(v); break; }
      case '--vsix': { const v = value(); if (!v) fail('--vsix needs a file'); o.vsix = v; break; }
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: fail(`unknown argument ${JSON.stringify(argv[i])}`);
    }
  }
  if (o.screenshotDir && !o.headless) fail('--screenshot only works with --headless (in the interactive demo, take your own)');
  if (o.emulatorPort && o.emulatorPort === o.port) fail('--port and --emulator-port must differ');
  return o;
}

function fail(message: string): never {
  console.error(`demo: ${message}\n${USAGE}`);
  process.exit(2);
}

const t0 = Date.now();
const log = (message: string): void => { console.log(`[demo ${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`); };

function banner(workbenchUrl: string, emulator: RunningEmulator, latencyMs: number, tmp: string): string {
  const a = DEMO.accounts;
  return [
    '',
    '  Confluence for VS Code — demo is running',
    '',
    `  Open VS Code in your browser:  ${workbenchUrl}/`,
    '    (it listens on 127.0.0.1 only; from another machine use e.g. ssh -L ' + `${new URL(workbenchUrl).port}:127.0.0.1:${new URL(workbenchUrl).port})`,
    '',
    '  Then: Confluence in the activity bar → Add Site… and enter',
    `    site URL  ${emulator.url}${latencyMs ? `   (emulator adds ${latencyMs} ms per response)` : ''}`,
    `    email     ${a.admin.email}`,
    `    token     ${a.admin.token}      ${a.admin.displayName}: org admin on a Premium site, can use the admin key`,
    '',
    '  Other accounts on the same site:',
    `    ${a.writer.email} / ${a.writer.token}     ${a.writer.displayName}: an ordinary user (no admin key)`,
    `    ${a.admin.email} / ${DEMO.scopedToken}       ${a.admin.displayName} with a scoped token (works through api.atlassian.com paths; no admin key)`,
    '',
    `  Try: ${DEMO.spaces.eng.name} → ${DEMO.deepPath.map((p) => p.title).join(' → ')};`,
    `       the "Admin key off" item in the status bar → Enable for 10 minutes → "${DEMO.restricted.title}" appears under ${DEMO.deepPath[0]?.title};`,
    '       open a page, edit it, save with Ctrl+S (a new version in the emulator).',
    '',
    `  Press Ctrl-C to stop: code-server and the emulator stop and ${tmp} is removed.`,
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
    log(`${why}: stopping everything this demo started…`);
    void cleanup.run(log).finally(() => { log('stopped; nothing left running'); process.exit(code); });
  };
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) process.on(sig, () => stop(code, sig));

  try {
    const vsix = await prepare(log, options.vsix);
    log(`starting the Confluence emulator (demo seed${options.latencyMs ? `, ${options.latencyMs} ms latency` : ''})…`);
    // The emulator's clock starts now, so the admin key's expiry matches the real clock the
    // extension counts down with.
    const emulator = await startEmulator({ seed: 'demo', port: options.emulatorPort, latencyMs: options.latencyMs, startTime: Date.now() });
    cleanup.add('close the emulator', () => emulator.close());
    log(`emulator on ${emulator.url}`);

    const tmp = tempDir('confluence-demo-', cleanup);
    const profile = freshProfile(tmp);
    log(`installing ${path.basename(vsix)} into a fresh profile (${tmp})…`);
    await installVsix(vsix, profile);
    log('starting VS Code (code-server)…');
    const server = await startCodeServer(profile, options.port, cleanup, log);

    if (!options.headless) {
      console.log(banner(server.url, emulator, options.latencyMs, tmp));
      server.process.once('exit', (code, signal) => {
        if (!stopping) { console.error(`demo: code-server stopped unexpectedly (${signal ?? code}); see ${server.logFile}`); stop(1, 'code-server exited'); }
      });
      // `await`, not a bare return: returning a promise from inside `try` would run `finally` (the
      // cleanup) at once.
      return await new Promise<number>(() => { /* runs until a signal; stop() exits */ });
    }

    const shotsDir = options.screenshotDir ?? path.join(ROOT, 'test-output', 'demo');
    log(`headless journey; screenshots go to ${shotsDir}`);
    const context = await launchBrowser(profile, cleanup);
    const page = context.pages()[0] ?? await context.newPage();
    const results = await runJourney({
      page, workbenchUrl: server.url, emulator, shotsDir, log,
      onStep: (r) => {
        if (r.status === 'passed') log(`  ✓ ${r.index}. ${r.name} (${(r.ms / 1000).toFixed(1)} s)`);
        else if (r.status === 'failed') log(`  ✗ ${r.index}. ${r.name}\n${indent(r.error ?? '')}`);
      },
    });
    const failed = results.find((r) => r.status === 'failed');
    const shots = results.flatMap((r) => r.screenshots);
    if (failed) {
      // The temp dir goes away with the cleanup; keep the workbench's server log next to the screenshots.
      fs.copyFileSync(server.logFile, path.join(shotsDir, 'code-server.log'));
      console.error(`demo: the journey failed at step ${failed.index} of ${STEP_NAMES.length}: ${failed.name}\n${indent(failed.error ?? '')}\n`
        + `  screenshots and code-server.log in ${shotsDir}`);
      return 1;
    }
    log(`all ${results.length} steps seen; ${shots.length} screenshots in ${shotsDir}:\n${shots.map((s) => `    ${path.basename(s)}`).join('\n')}`);
    return 0;
  } catch (e) {
    console.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    // Reached after a headless run or a failed start; the interactive demo never gets here (it
    // waits for a signal, and stop() cleans up).
    await cleanup.run(log);
  }
}

function indent(text: string): string {
  return text.split('\n').map((l) => `      ${l}`).join('\n');
}

void main().then((code) => process.exit(code));
