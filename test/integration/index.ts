// Test entry loaded by the extension host (extensionTestsPath = out/test/integration/index):
// VS Code calls run() inside code-server's real Node extension host. Mocha (tdd UI) runs every
// *.test.js file beside this one. The final line is `N passed, N failed`: the shim requires it
// (a run without it failed, e.g. because the extension host died) and runTest.ts re-prints it.
// env: TEST_GREP (only tests whose full title contains this text).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000 });
  const grep = process.env.TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  let passed = 0;
  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        if (grep) console.log(`(TEST_GREP=${JSON.stringify(grep)})`);
        console.log(`${passed} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (passed === 0) reject(new Error('no integration test ran'));
        else resolve();
      });
      runner.on('pass', () => { passed++; });
    } catch (err) {
      // A test file that throws while loading ends up here (the extension host prints the error).
      console.log(`${passed} passed, 1 failed`);
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
