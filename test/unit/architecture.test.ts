// The shape docs/ARCHITECTURE.md describes, checked so it stays true: imports only point down the
// layers, feature folders do not import each other, no two files import each other (directly or in a
// cycle), the pure layers never import `vscode`, and no source file grows past 400 lines.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SRC = path.join(ROOT, 'src');

/** Layers from the top; a file may import its own layer's shared code only as the notes below allow. */
const LAYERS: { name: string; holds: (rel: string) => boolean }[] = [
  { name: 'composition root', holds: (f) => f === 'extension.ts' },
  { name: 'commands', holds: (f) => f.startsWith('commands/') },
  { name: 'features', holds: (f) => FEATURES.some((d) => f.startsWith(`${d}/`)) },
  { name: 'platform', holds: (f) => f.startsWith('auth/') || f.startsWith('platform/') },
  { name: 'pages', holds: (f) => f.startsWith('pages/') },
  { name: 'confluence', holds: (f) => f.startsWith('confluence/') },
  { name: 'base', holds: (f) => f.startsWith('util/') || f === 'constants.ts' },
];
/** VS Code-facing feature folders: each may use the layers below it, never another feature. */
const FEATURES = ['tree', 'adminKey', 'fs', 'search', 'comments', 'history', 'markdown', 'organise'];
/** Folders (and `*\/model/` folders of features) that must not import vscode: they run in plain Node. */
const PURE = (f: string): boolean => /^(confluence|pages|util)\//.test(f) || /^[^/]+\/model\//.test(f) || f === 'constants.ts';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [path.relative(SRC, p).split(path.sep).join('/')] : [];
  });
}

/** Relative imports (static, `import type` included, and require()) resolved to src-relative files. */
function importsOf(file: string): { target: string; typeOnly: boolean }[] {
  const text = fs.readFileSync(path.join(SRC, file), 'utf8');
  const out: { target: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)) {
    out.push({ target: m[3]!, typeOnly: m[2] !== undefined });
  }
  for (const m of text.matchAll(/require\('([^']+)'\)/g)) { out.push({ target: m[1]!, typeOnly: false }); }
  return out.map(({ target, typeOnly }) => {
    if (!target.startsWith('.')) { return { target, typeOnly }; }
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
    return { target: fs.existsSync(path.join(SRC, `${resolved}.ts`)) ? `${resolved}.ts` : resolved, typeOnly };
  });
}

const files = sourceFiles(SRC);
const layerOf = (f: string): number => LAYERS.findIndex((l) => l.holds(f));
const featureOf = (f: string): string | undefined => FEATURES.find((d) => f.startsWith(`${d}/`));

describe('architecture (docs/ARCHITECTURE.md)', () => {
  test('every source file belongs to a layer', () => {
    assert.deepEqual(files.filter((f) => layerOf(f) < 0), []);
  });

  test('imports only point down the layers, and features do not import each other', () => {
    const wrong: string[] = [];
    for (const f of files) {
      for (const { target } of importsOf(f)) {
        if (!target.endsWith('.ts')) { continue; }
        if (layerOf(target) < layerOf(f)) { wrong.push(`${f} → ${target} (up from ${LAYERS[layerOf(f)]!.name} to ${LAYERS[layerOf(target)]!.name})`); }
        const from = featureOf(f);
        const to = featureOf(target);
        if (from && to && from !== to) { wrong.push(`${f} → ${target} (one feature into another)`); }
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('no import cycles, not even through type-only imports', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f).map((i) => i.target).filter((t) => t.endsWith('.ts'))]));
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (f: string, trail: string[]): void => {
      if (state.get(f) === 'done') { return; }
      if (state.get(f) === 'visiting') { cycles.push([...trail.slice(trail.indexOf(f)), f].join(' → ')); return; }
      state.set(f, 'visiting');
      for (const t of graph.get(f) ?? []) { visit(t, [...trail, f]); }
      state.set(f, 'done');
    };
    for (const f of files) { visit(f, []); }
    assert.deepEqual(cycles, []);
  });

  test('the pure layers never import vscode', () => {
    const offenders = files.filter(PURE).filter((f) => importsOf(f).some((i) => i.target === 'vscode'));
    assert.deepEqual(offenders, []);
  });

  test('tests do not import the scripts (scripts may use the test tooling, not the other way round)', () => {
    const testFiles = walk(path.join(ROOT, 'test')).filter((f) => f.endsWith('.ts'));
    const offenders = testFiles.filter((f) => /from '(\.\.\/)+scripts\//.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    assert.deepEqual(offenders, []);
  });

  test('no source file is longer than 400 lines', () => {
    const lines = (text: string): number => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const long = files.map((f) => [f, lines(fs.readFileSync(path.join(SRC, f), 'utf8'))] as const).filter(([, n]) => n > 400);
    assert.deepEqual(long, []);
  });

  test('the repository stands on its own: nothing refers to design notes outside it', () => {
    const tracked = [...sourceFiles(SRC).map((f) => path.join(SRC, f)), ...['README.md', 'CONTRIBUTING.md', 'docs', 'test', 'scripts', 'bench', '.ci', '.vscode']
      .flatMap((p) => walk(path.join(ROOT, p)))];
    // Paths into the team's notes, or the notes' own file names, whichever way they are written.
    const pattern = new RegExp([['shared', '(notes|reference|DESIGN|hooks)'].join('/'), ['notes', '[a-z-]+\\.md'].join('/'),
      ['shared', 'notes'].join(' '), ['vscode', 'offline', 'testing'].join('-')].join('|'));
    assert.deepEqual(tracked.filter((f) => pattern.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f)), []);
  });
});

function walk(p: string): string[] {
  if (!fs.existsSync(p)) { return []; }
  const stat = fs.statSync(p);
  if (stat.isFile()) { return /\.(ts|md|mjs|js|json|sh)$/.test(p) ? [p] : []; }
  return fs.readdirSync(p).filter((n) => n !== 'node_modules').flatMap((n) => walk(path.join(p, n)));
}
