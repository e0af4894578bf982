// `npm run l10n`: regenerates l10n/bundle.l10n.json, the English message of every `vscode.l10n.t(...)`
// and `l10n.t(...)` call under src/, with the extractor of @vscode/l10n-dev (the one behind
// `vscode-l10n-dev export`). Translators copy that file to l10n/bundle.l10n.<lang>.json.
//
// That extractor looks for `l10n.t` only where `l10n` is imported from 'vscode' or '@vscode/l10n'. The
// pure layers may not import vscode and take theirs from src/util/l10n.ts, whose placeholders follow
// the same rules; so each file's import of that seam is shown to the extractor as an import from
// '@vscode/l10n'. Nothing else of the source is changed.
//
//   node out/scripts/l10nExport.js [OUT_DIR]     (default: l10n/ of the repository)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

const ROOT = path.resolve(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');

/** `import { l10n } from '../util/l10n'` (from any depth, or './l10n' inside util/). */
const SEAM_IMPORT = /(import\s*\{\s*l10n\s*\}\s*from\s*)'(?:\.\/|(?:\.\.\/)+util\/)l10n'/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
    });
}

/** The source as the extractor should read it: the seam's import presented as '@vscode/l10n'. */
function asExtractorSees(text: string): string {
  return text.replace(SEAM_IMPORT, "$1'@vscode/l10n'");
}

/** The bundle's text: every message under src/, in file order, as `vscode-l10n-dev export` writes it. */
async function bundleText(): Promise<string> {
  const files = sourceFiles(SRC).map((f) => ({ extension: '.ts', contents: asExtractorSees(fs.readFileSync(f, 'utf8')) }));
  const json = await getL10nJson(files);
  return `${JSON.stringify(json, undefined, 2)}\n`;
}

async function writeBundle(outDir: string): Promise<string> {
  const file = path.join(outDir, 'bundle.l10n.json');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(file, await bundleText());
  return file;
}

const outDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'l10n'));
void writeBundle(outDir).then((file) => {
  const count = Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')) as object).length;
  process.stdout.write(`${count} messages written to ${path.relative(process.cwd(), file) || file}\n`);
});
