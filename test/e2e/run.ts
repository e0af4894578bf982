// `npm run test:e2e`: a person's journey (test/e2e/journey.ts) in the real VS Code workbench, with the
// extension installed from dist/confluence-vscode.vsix into a fresh profile, against a fresh emulator.
// One test line per step; the LAST line is `N passed, N failed` (CI reads it). Exit 0 only when every
// step passed; 1 on a failure or a hang (overall timeout, E2E_TIMEOUT_S, default 300 s). Everything it
// starts (code-server's process group, chromium, the emulator) is stopped before that last line.
//
// env: E2E_TIMEOUT_S, E2E_VSIX (install this .vsix instead of running npm run package),
//      CONFLUENCE_EMULATOR_QUIRKS=1 (the emulator behaves as real sites do; `npm run test:e2e:quirks`),
//      E2E_SHOTS (screenshot dir, default <repo>/test-output/e2e), E2E_LATENCY_MS (emulator latency).
import * as fs from 'fs';
import * as path from 'path';
import { Cleanup, freePort, freshProfile, installVsix, launchBrowser, prepare, ROOT, startCodeServer, tempDir } from './codeServer';
import { runJourney, STEP_NAMES, type StepResult } from './journey';
import { quirksFromEnv, startEmulator } from '../emulator/index';

const timeoutMs = (Number(process.env.E2E_TIMEOUT_S) || 300) * 1000;
const shotsDir = path.resolve(process.env.E2E_SHOTS ?? path.join(ROOT, 'test-output', 'e2e'));
const t0 = Date.now();
const log = (message: string): void => { console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`); };

const results = new Map<number, StepResult>();
const cleanup = new Cleanup();
let finished = false;
let running: number | undefined;   // the step in progress, named if the run times out

function report(r: StepResult): void {
  // After a timeout or a signal the journey may still report the step that was cut short; the
  // summary is already being written.
  if (finished) return;
  running = undefined;
  results.set(r.index, r);
  const secs = `(${(r.ms / 1000).toFixed(1)} s)`;
  if (r.status === 'passed') console.log(`  ✓ ${r.index}. ${r.name} ${secs}`);
  else if (r.status === 'failed') console.log(`  ✗ ${r.index}. ${r.name} ${secs}\n${indent(r.error ?? '')}`);
  else console.log(`  ✗ ${r.index}. ${r.name} (not run: an earlier step failed)`);
}

/**
 * Stops everything, then prints the summary as the very last line. Steps that did not pass — failed,
 * not run after a failure, or never reached because the harness failed or hung — count as failed,
 * so the totals always cover the whole journey.
 */
async function finish(why?: string): Promise<never> {
  if (finished) return new Promise<never>(() => { /* the first finish exits */ });
  finished = true;
  if (why) console.log(`  ✗ ${why}`);
  for (const [i, name] of STEP_NAMES.entries()) {
    if (!results.has(i + 1)) console.log(`  ✗ ${i + 1}. ${name} (${i + 1 === running ? 'cut short while running' : 'not reached'})`);
  }
  // A cleanup that hangs must not hang the test: exit anyway, with the summary.
  const hardStop = setTimeout(() => { printSummaryAndExit(); }, 60_000);
  hardStop.unref();
  await cleanup.run(log);
  printSummaryAndExit();
}

function printSummaryAndExit(): never {
  const passed = [...results.values()].filter((r) => r.status === 'passed').length;
  const failed = STEP_NAMES.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

function indent(text: string): string {
  return text.split('\n').map((l) => `      ${l}`).join('\n');
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => { void finish(`interrupted by ${sig}`); });

const overall = setTimeout(() => { void finish(`TIMEOUT: the e2e run did not finish within ${timeoutMs / 1000} s (E2E_TIMEOUT_S)`); }, timeoutMs);
overall.unref();

async function main(): Promise<void> {
  const vsix = await prepare(log, process.env.E2E_VSIX);
  // Old screenshots would pass for this run's.
  fs.rmSync(shotsDir, { recursive: true, force: true });
  fs.mkdirSync(shotsDir, { recursive: true });

  // Clock from now: the admin key's expiry must agree with the extension's real-time countdown.
  const emulator = await startEmulator({ seed: 'demo', startTime: Date.now(), latencyMs: Number(process.env.E2E_LATENCY_MS) || 0 });
  cleanup.add('close the emulator', () => emulator.close());
  log(`emulator on ${emulator.url}${quirksFromEnv() ? ' (quirks mode)' : ''}`);
  const tmp = tempDir('confluence-e2e-', cleanup);
  const profile = freshProfile(tmp);
  await installVsix(vsix, profile);
  log(`installed ${path.relative(ROOT, vsix)} into a fresh profile`);
  const server = await startCodeServer(profile, await freePort(), cleanup, log);
  const context = await launchBrowser(profile, cleanup);
  const page = context.pages()[0] ?? await context.newPage();
  console.log('e2e: the journey in the workbench');
  const steps = await runJourney({ page, workbenchUrl: server.url, emulator, shotsDir, log, onStep: report, onStepStart: (i) => { running = i; } });
  if (finished) return;
  if (steps.some((s) => s.status !== 'passed')) {
    fs.copyFileSync(server.logFile, path.join(shotsDir, 'code-server.log'));
    log(`screenshots and code-server.log in ${path.relative(ROOT, shotsDir)}`);
  } else {
    log(`screenshots in ${path.relative(ROOT, shotsDir)}: ${fs.readdirSync(shotsDir).join(', ')}`);
  }
}

main().then(
  () => finish(),
  (e: unknown) => finish(`the e2e harness failed: ${e instanceof Error ? e.message : String(e)}`),
);
