// Command line for the storage ⇄ Markdown converter:
//   npm run convert -- to-markdown < page.xhtml > page.md
//   npm run convert -- to-storage [--base page.xhtml] < page.md > page.xhtml
//   npm run convert -- check DIR      (every *.xhtml in DIR: identity, share of Markdown blocks, time)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { markdownToStorage, storageToMarkdown } from '../src/pages/markdown/converter';

function readStdin(): string {
  return fs.readFileSync(0, 'utf8');
}

function usage(): never {
  process.stderr.write('usage: convert to-markdown | to-storage [--base FILE] | check DIR\n');
  process.exit(2);
}

function toStorage(args: string[]): number {
  const baseAt = args.indexOf('--base');
  const baseFile = baseAt >= 0 ? args[baseAt + 1] : undefined;
  if (baseAt >= 0 && !baseFile) { usage(); }
  const base = baseFile ? { storage: fs.readFileSync(baseFile, 'utf8') } : undefined;
  const result = markdownToStorage(readStdin(), base);
  if (!result.ok) {
    process.stderr.write(`convert: refused: line ${result.line}: ${result.reason}\n`);
    return 1;
  }
  process.stdout.write(result.storage);
  return 0;
}

function check(dir: string): number {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xhtml')).sort();
  let identical = 0;
  let blocks = 0;
  let markdownBlocks = 0;
  for (const file of files) {
    const storage = fs.readFileSync(path.join(dir, file), 'utf8');
    const started = performance.now();
    const { markdown, stats } = storageToMarkdown(storage);
    const back = markdownToStorage(markdown, { storage });
    const ms = performance.now() - started;
    // Also regenerate every block from its Markdown alone (with its original only as a template for form).
    const regenerated = markdownToStorage(markdown, { storage }, { reuseUnchangedBlocks: false });
    const fresh = markdownToStorage(markdown);
    const same = back.ok && back.storage === storage && regenerated.ok && regenerated.storage === storage;
    if (same) { identical++; }
    blocks += stats.blocks;
    markdownBlocks += stats.markdownBlocks;
    const share = stats.blocks === 0 ? 100 : (100 * stats.markdownBlocks) / stats.blocks;
    const freshNote = fresh.ok ? '' : ` (without base: refused at line ${fresh.line}: ${fresh.reason})`;
    process.stdout.write(`${same ? 'identical' : 'DIFFERENT'}  ${share.toFixed(0).padStart(3)}% markdown (${stats.markdownBlocks}/${stats.blocks})  ${ms.toFixed(1).padStart(7)} ms  ${file}${back.ok ? '' : `  refused: line ${back.line}: ${back.reason}`}${regenerated.ok && regenerated.storage !== storage ? '  (regenerated blocks differ)' : ''}${freshNote}\n`);
  }
  const overall = blocks === 0 ? 100 : (100 * markdownBlocks) / blocks;
  process.stdout.write(`check: ${files.length} pages, ${identical} identical, ${overall.toFixed(1)}% of blocks as Markdown\n`);
  return identical === files.length ? 0 : 1;
}

function main(argv: string[]): number {
  const [command, ...args] = argv;
  switch (command) {
    case 'to-markdown': process.stdout.write(storageToMarkdown(readStdin()).markdown); return 0;
    case 'to-storage': return toStorage(args);
    case 'check': if (!args[0]) { usage(); } return check(args[0]);
    default: return usage();
  }
}

process.exitCode = main(process.argv.slice(2));
