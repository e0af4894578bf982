// Storage ⇄ Markdown benchmark: our conversion each way against turndown's one-way HTML → Markdown on
// the same pages, the share of blocks shown as Markdown, and the converter's own bundle size.
//   npm run compile-tests && node bench/convert.mjs [more directories of *.xhtml …]
// Writes bench/convert-results.json and prints a Markdown table. Times are medians of RUNS runs after
// WARMUP runs (V8 takes 10–20 conversions of a large page to settle; turndown gets the same); the
// first conversion of the large pages in a fresh process is reported on its own. The machine's load
// average is printed with them (run it when `uptime` shows a quiet machine).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import TurndownService from 'turndown';
import { oneEntities } from '../scripts/esbuildOneEntities.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { storageToMarkdown, markdownToStorage } = require(path.join(root, 'out/src/pages/markdown/converter.js'));

const dirs = [path.join(root, 'test/corpus/storage'), path.join(root, 'test/corpus/large'), ...process.argv.slice(2)];
const pages = dirs.filter((d) => fs.existsSync(d)).flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.xhtml')).sort()
  .map((f) => ({ set: path.relative(root, d) || d, name: f, file: path.join(d, f), storage: fs.readFileSync(path.join(d, f), 'utf8') })));
const RUNS = 7;
const WARMUP = 15;
const loadBefore = os.loadavg();

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

/** Milliseconds of `fn(i)`, median of RUNS runs after WARMUP runs. */
function time(fn) {
  for (let i = 1; i <= WARMUP; i++) { fn(-i); }
  const out = [];
  for (let i = 0; i < RUNS; i++) { const t = performance.now(); fn(i); out.push(performance.now() - t); }
  return median(out);
}

/** One paragraph edit: the first Markdown paragraph gets a word added. */
function edit(markdown) {
  const m = /\n\n([A-Za-z][^\n]{3,})\n/.exec(markdown);
  return m ? markdown.replace(m[0], `\n\n${m[1]} (edited)\n`) : `${markdown}\nAn added paragraph.\n`;
}

const turndown = new TurndownService();
const rows = [];
for (const page of pages) {
  // Each run converts a different string (a trailing space more), so the converter's small cache of
  // recent pages cannot answer; the save is timed the way it happens: after the page was opened.
  const variant = (i) => page.storage + ' '.repeat(i + WARMUP + 1);
  const toMarkdownMs = time((i) => storageToMarkdown(variant(i)));
  const { markdown, stats } = storageToMarkdown(page.storage);
  const edited = edit(markdown);
  const toStorageMs = time(() => {
    const r = markdownToStorage(edited, { storage: page.storage });
    if (!r.ok) { throw new Error(`${page.name}: refused: ${r.reason}`); }
  });
  // The whole page read from its Markdown: a page pasted in, or a save without the page it came from.
  const wholeToStorageMs = time(() => {
    const r = markdownToStorage(markdown);
    if (!r.ok) { throw new Error(`${page.name}: refused: ${r.reason}`); }
  });
  const turndownMs = time(() => turndown.turndown(page.storage));
  rows.push({ set: page.set, page: page.name, bytes: Buffer.byteLength(page.storage), toMarkdownMs, toStorageMs, wholeToStorageMs, roundTripMs: toMarkdownMs + toStorageMs, turndownMs, blocks: stats.blocks, markdownBlocks: stats.markdownBlocks });
}

/** The first conversion of a page in a fresh process (the converter loaded, nothing converted yet). */
function coldMs(file) {
  const script = `const c = require(${JSON.stringify(path.join(root, 'out/src/pages/markdown/converter.js'))}); const s = require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'); const t = performance.now(); c.storageToMarkdown(s); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}
for (const r of rows) {
  if (r.bytes >= 150 * 1024) { r.coldToMarkdownMs = coldMs(pages.find((p) => p.name === r.page && p.set === r.set).file); }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'converter-bundle-'));
const outfile = path.join(tmp, 'converter.js');
// The options of dist/markdown.js in esbuild.mjs.
await esbuild.build({ entryPoints: [path.join(root, 'src/pages/markdown/converter.ts')], bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'silent', legalComments: 'none', plugins: [oneEntities] });
const bundleBytes = fs.statSync(outfile).size;
fs.rmSync(tmp, { recursive: true, force: true });

const loadAfter = os.loadavg();
const sum = (k, rs = rows) => rs.reduce((a, r) => a + r[k], 0);
const fmt = (ms) => ms.toFixed(1);
const load = (l) => l.map((x) => x.toFixed(2)).join(' ');
const lines = [
  `load average (1/5/15 min): ${load(loadBefore)} before, ${load(loadAfter)} after; ${os.cpus().length} CPUs; Node ${process.version}; medians of ${RUNS} runs`,
  '',
  '| page | KB | ours → md (ms) | md → storage, 1 edit (ms) | md → storage, whole page (ms) | round trip (ms) | turndown → md (ms) | blocks as Markdown |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
];
const large = rows.filter((r) => r.bytes >= 150 * 1024);
for (const r of large) {
  lines.push(`| ${r.page} | ${(r.bytes / 1024).toFixed(0)} | ${fmt(r.toMarkdownMs)} | ${fmt(r.toStorageMs)} | ${fmt(r.wholeToStorageMs)} | ${fmt(r.roundTripMs)} | ${fmt(r.turndownMs)} | ${r.markdownBlocks}/${r.blocks} |`);
}
for (const set of [...new Set(rows.map((r) => r.set))]) {
  const rs = rows.filter((r) => r.set === set);
  lines.push(`| all of ${set} (${rs.length} pages) | ${(sum('bytes', rs) / 1024).toFixed(0)} | ${fmt(sum('toMarkdownMs', rs))} | ${fmt(sum('toStorageMs', rs))} | ${fmt(sum('wholeToStorageMs', rs))} | ${fmt(sum('roundTripMs', rs))} | ${fmt(sum('turndownMs', rs))} | ${(100 * sum('markdownBlocks', rs) / Math.max(1, sum('blocks', rs))).toFixed(1)}% |`);
}
lines.push('');
for (const r of large) { lines.push(`${r.page}: the first conversion to Markdown in a fresh process takes ${fmt(r.coldToMarkdownMs)} ms (code not yet optimised by V8)`); }
lines.push(`converter bundle (esbuild, minified, as dist/markdown.js): ${(bundleBytes / 1024).toFixed(1)} KiB (${bundleBytes} bytes)`);
// The targets: a ~200 KB page each way under 50 ms, our round trip no slower than turndown's one way.
for (const r of large) {
  const verdict = (ok) => (ok ? 'pass' : 'FAIL');
  lines.push(`${r.page}: → Markdown ${fmt(r.toMarkdownMs)} ms < 50 ms ${verdict(r.toMarkdownMs < 50)}; → storage ${fmt(Math.max(r.toStorageMs, r.wholeToStorageMs))} ms < 50 ms ${verdict(Math.max(r.toStorageMs, r.wholeToStorageMs) < 50)}; round trip ${fmt(r.roundTripMs)} ms ≤ turndown ${fmt(r.turndownMs)} ms ${verdict(r.roundTripMs <= r.turndownMs)}`);
}
lines.push(`bundle ${(bundleBytes / 1024).toFixed(1)} KiB ≤ 250 KiB ${bundleBytes <= 250 * 1024 ? 'pass' : 'FAIL'}`);
console.log(lines.join('\n'));
fs.writeFileSync(path.join(root, 'bench/convert-results.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadAverage: { before: loadBefore, after: loadAfter }, runs: RUNS, warmupRuns: WARMUP, bundleBytes, rows }, null, 2)}\n`);
