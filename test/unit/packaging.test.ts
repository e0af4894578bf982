// The .vsix holds only what the extension needs at run time, and stays small. It is built here from
// the repository's own allow-list (.vscodeignore), the way `npm run package` builds it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..');

/** Entry names from a zip's central directory (a .vsix is a zip); no unzip tool needed. */
function zipEntries(file: string): { name: string; size: number }[] {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'a zip end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out: { name: string; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    out.push({ name: buf.subarray(at + 46, at + 46 + nameLength).toString('utf8'), size });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

test('the .vsix contains only the bundle, manifest, docs, icon and media, and stays small', { timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-'));
  try {
    execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'pipe' });
    const vsix = path.join(dir, 'test.vsix');
    execFileSync(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix],
      { cwd: root, stdio: 'pipe' });
    const entries = zipEntries(vsix);
    // vsce stores the readme and changelog under lower-case names.
    const names = entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
    for (const required of ['package.json', 'package.nls.json', 'l10n/bundle.l10n.json', 'dist/extension.js', 'readme.md', 'changelog.md', 'LICENSE.txt', 'media/icon.png', 'media/confluence.svg', 'media/preview.css', 'media/walkthrough/sign-in.md', 'syntaxes/confluence-storage.tmLanguage.json']) {
      assert.ok(names.includes(required), `${required} missing from ${JSON.stringify(names)}`);
    }
    const allowed = /^(package\.json|package\.nls(\.[\w-]+)?\.json|l10n\/bundle\.l10n(\.[\w-]+)?\.json|dist\/extension\.js|dist\/markdown\.js|readme\.md|changelog\.md|LICENSE\.txt|media\/[^/]+\.(png|svg|css)|media\/screenshots\/[^/]+\.png|media\/walkthrough\/[^/]+\.md|syntaxes\/[^/]+\.json)$/;
    const unexpected = names.filter((n) => !allowed.test(n));
    assert.deepEqual(unexpected, [], 'nothing else: no sources, maps, tests or node_modules');
    assert.ok(!names.some((n) => n.endsWith('.map') || n.startsWith('node_modules/') || n.startsWith('src/') || n.startsWith('test/')));
    const bundle = entries.find((e) => e.name === 'extension/dist/extension.js');
    assert.ok(bundle && bundle.size < 650 * 1024, `bundle ${bundle?.size} bytes is under 650 KiB`);
    const total = fs.statSync(vsix).size;
    assert.ok(total < 2 * 1024 * 1024, `the .vsix is ${total} bytes; keep it under 2 MiB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
