// l10n/bundle.l10n.json is what translators translate, so it must hold every message the code can
// show: it is regenerated here (by the script behind `npm run l10n`, compiled next to the tests) and
// compared with the committed one.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..');
const committedFile = path.join(root, 'l10n', 'bundle.l10n.json');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The message of every `l10n.t('…')` / `l10n.t({ message: '…' })` call, read with a plain pattern. */
function literalMessages(text: string): string[] {
  const out: string[] = [];
  const unquote = (s: string): string => s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  for (const m of text.matchAll(/\bl10n\.t\(\s*(?:\{\s*message:\s*)?'((?:[^'\\]|\\.)*)'/g)) { out.push(unquote(m[1]!)); }
  return out;
}

describe('the runtime string bundle (l10n/bundle.l10n.json)', () => {
  test('is up to date with the sources (run `npm run l10n` after adding or changing a message)', { timeout: 60_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-'));
    try {
      execFileSync(process.execPath, [path.join(root, 'out', 'scripts', 'l10nExport.js'), dir], { cwd: root, stdio: 'pipe' });
      const fresh = fs.readFileSync(path.join(dir, 'bundle.l10n.json'), 'utf8');
      assert.ok(fs.existsSync(committedFile), 'l10n/bundle.l10n.json is missing: run `npm run l10n`');
      const committed = fs.readFileSync(committedFile, 'utf8');
      const keys = (t: string): string[] => Object.keys(JSON.parse(t) as object);
      assert.deepEqual(keys(committed).filter((k) => !keys(fresh).includes(k)), [], 'messages no longer in the code: run `npm run l10n`');
      assert.deepEqual(keys(fresh).filter((k) => !keys(committed).includes(k)), [], 'messages missing from the bundle: run `npm run l10n`');
      assert.equal(committed, fresh, 'the bundle is out of date: run `npm run l10n`');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the extractor sees every message of the code, in the VS Code-facing folders and in the pure ones', () => {
    const bundle = JSON.parse(fs.readFileSync(committedFile, 'utf8')) as Record<string, string | { message: string }>;
    const known = new Set(Object.values(bundle).map((v) => (typeof v === 'string' ? v : v.message)));
    const missed: string[] = [];
    let count = 0;
    for (const file of sourceFiles(path.join(root, 'src'))) {
      for (const message of literalMessages(fs.readFileSync(file, 'utf8'))) {
        count++;
        if (!known.has(message)) { missed.push(`${path.relative(root, file)}: ${message}`); }
      }
    }
    assert.ok(count > 250, `only ${count} messages found; the pattern above lost its way`);
    assert.deepEqual(missed, []);
  });
});
