// Runs the integration tests in a real VS Code (code-server's workbench + Node extension host),
// offline: @vscode/test-electron's runTests with the launcher scripts/vscode-test-shim.js as the
// "VS Code executable", so nothing is downloaded. `npm run test:integration` (its pretest runs
// scripts/setup-vscode-test.sh, the build and the test compile).
// Every run gets a fresh user-data-dir and extensions-dir (test-electron's default,
// <repo>/.vscode-test/user-data, would keep settings written by tests for the next run).
// The last line printed is the run's `N passed, N failed`; the exit code is non-zero on any failure,
// on a run without that line (e.g. the extension host died) and on a hang (VSCODE_TEST_TIMEOUT).
// env: TEST_GREP, VSCODE_TEST_TIMEOUT (s), VSCODE_TEST_CS_ARGS, VSCODE_TEST_SHOTS, VSCODE_TEST_VERBOSE,
//      KEEP_TMP=1 (keep the profile folder), VSCODE_TEST_DIR, CONFLUENCE_EMULATOR_QUIRKS=1 (the suites'
//      emulators behave as real sites do where Atlassian promises nothing; `npm run test:integration:quirks`).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { quirksFromEnv } from '../emulator/index';

const SUMMARY = /^\d+ passed, \d+ failed$/;

function readSummary(file: string): string | undefined {
  try {
    const line = fs.readFileSync(file, 'utf8').trim();
    return SUMMARY.test(line) ? line : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '../../..');   // out/test/integration -> repository root
  const shim = path.join(root, 'scripts', 'vscode-test-shim.js');
  const testsEntry = path.join(__dirname, 'index');
  const fixture = path.join(root, 'test', 'integration', 'fixture');
  for (const required of [path.join(root, 'dist', 'extension.js'), testsEntry + '.js', fixture]) {
    if (!fs.existsSync(required)) {
      console.error(`integration: ${required} is missing (run: npm run build && npm run compile-tests)`);
      return 1;
    }
  }

  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'confluence-vscode-it-'));
  const summaryFile = path.join(runDir, 'summary.txt');
  const started = Date.now();
  console.log(`integration: against the ${quirksFromEnv() ? 'quirks' : 'plain'} emulator`);
  let code = 0;
  try {
    await runTests({
      vscodeExecutablePath: shim,
      extensionDevelopmentPath: root,
      extensionTestsPath: testsEntry,
      launchArgs: [
        fixture,
        '--disable-extensions',
        `--user-data-dir=${path.join(runDir, 'user-data')}`,
        `--extensions-dir=${path.join(runDir, 'extensions')}`,
      ],
      // Reaches the shim and, through code-server's environment, the extension host.
      extensionTestsEnv: {
        VSCODE_TEST_SUMMARY_FILE: summaryFile,
        TEST_GREP: process.env.TEST_GREP,
        // The suites' emulators run in quirks mode (real-site behaviour) when this is 1.
        CONFLUENCE_EMULATOR_QUIRKS: process.env.CONFLUENCE_EMULATOR_QUIRKS,
        // The extension's activate() returns its test seams (clock, sessions, ...) only with this set.
        CONFLUENCE_VSCODE_TEST_SEAMS: '1',
      },
    });
  } catch (err) {
    console.error('integration: test run failed:', err instanceof Error ? err.message : String(err));
    // The launcher's exit code: 1 = failed tests or no summary, 124 = timeout (hang), 2 = harness error.
    const launcherCode = (err as { code?: unknown }).code;
    code = typeof launcherCode === 'number' && launcherCode > 0 ? launcherCode : 1;
  }
  const summary = readSummary(summaryFile);
  if (code !== 0 || process.env.KEEP_TMP) console.error(`integration: profile and code-server logs kept in ${runDir}`);
  else fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  console.log(`integration: ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (summary) {
    console.log(summary);
  } else {
    // No summary: the run died before mocha finished (hang, crash, harness error). Count it as a failure.
    console.log('integration: no test summary was printed; counting the run as 1 failure');
    console.log('0 passed, 1 failed');
    if (code === 0) code = 1;
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => { console.error(err); console.log('0 passed, 1 failed'); process.exit(1); },
);
