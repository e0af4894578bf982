// Bundles the extension into one CommonJS file. `vscode` is provided by the host at run time.
import * as esbuild from 'esbuild';
import { oneEntities } from './scripts/esbuildOneEntities.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const options = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
  logLevel: 'info',
  legalComments: 'none',
};

// The Markdown converter is a second bundle, loaded only when a page is opened as Markdown.
const markdownOptions = { ...options, entryPoints: ['src/pages/markdown/bundle.ts'], outfile: 'dist/markdown.js', plugins: [oneEntities] };

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  const markdownContext = await esbuild.context(markdownOptions);
  await markdownContext.watch();
} else {
  for (const o of [options, markdownOptions]) {
    const result = await esbuild.build(o);
    const bytes = Object.values(result.metafile.outputs).reduce((sum, out) => sum + out.bytes, 0);
    console.log(`${o.outfile}: ${(bytes / 1024).toFixed(1)} KiB${production ? ' (minified)' : ''}`);
  }
}
