// Writes test/corpus/large/large-page-200k.xhtml: the hand-written corpus pages repeated with numbered
// text until the body passes 200 KB, as one Cloud-style body (deterministic; rerun to regenerate).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.join(here, 'storage');
const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.xhtml')).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
let body = '';
for (let round = 1; body.length < 200 * 1024; round++) {
  for (const page of pages) {
    body += `<h2>Part ${round}</h2><p>Section ${round} repeats the handbook with numbered text so no two blocks are alike (${round}).</p>`;
    body += page.replace(/<p>([A-Z])/g, `<p>$1${round} `).replace(/ac:macro-id="([0-9a-f]{8})/g, (_, id) => `ac:macro-id="${id.slice(0, 4)}${String(round).padStart(4, '0')}`);
  }
}
fs.writeFileSync(path.join(here, 'large', 'large-page-200k.xhtml'), body);
console.log(`large-page-200k.xhtml: ${body.length} characters`);
