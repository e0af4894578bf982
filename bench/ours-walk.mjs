// Our client's side of the listing benchmark: the compiled client (out/src/confluence/client.js, from
// `npm run compile-tests`) on the repository's Node, as a child process of bench/run.mjs, exactly as
// confluencejs-walk.mjs is for confluence.js (same walk, same concurrency, emulator in another process).
//
//   node ours-walk.mjs --host URL --email E --token T --space ID [--concurrency 8]
//        [--mode space | level --parent ID --parent-type page|folder | hierarchy | descendants --parent ID]
// Prints one JSON line.

import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listOne, parseArgs, walkLevels } from './lib/levelWalk.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { ConfluenceClient } = require(path.join(root, 'out/src/confluence/client.js'));

const args = parseArgs(process.argv.slice(2));
const concurrency = Number(args.concurrency ?? 8);
const client = new ConfluenceClient({
  connection: { siteOrigin: args.host, apiBase: args.host, tokenKind: 'classic' },
  credentials: { email: args.email, token: args.token },
  http: { userAgent: 'confluence-vscode-bench' },
});

let batches = 0;
async function all(iterable) {
  const out = [];
  for await (const batch of iterable) { batches++; out.push(...batch); }
  return out;
}

const rootPages = async () => all(client.spaceRootPages(args.space));
const children = async (node) => all(client.directChildren({ type: node.type, id: node.id }));

const mode = args.mode ?? 'space';
const base = { client: 'ours', node: process.version, limit: 250, mode, concurrency };
let result;
try {
  if (mode === 'level') {
    const r = await listOne(children, { id: args.parent, type: args['parent-type'] ?? 'page' });
    result = { ...base, items: r.items, ms: r.ms, calls: batches };
  } else if (mode === 'hierarchy') {
    // The whole space in one paginated read: GET /spaces/{id}/pages?depth=all (pages with parentId and position).
    const t0 = performance.now();
    const pages = await all(client.spacePages(args.space));
    const ms = performance.now() - t0;
    const ids = new Set(pages.map((p) => p.id));
    const foreignParents = new Set(pages.map((p) => p.parentId).filter((p) => p !== undefined && !ids.has(p)));
    result = { ...base, pages: pages.length, parentsNotPages: foreignParents.size, ms, calls: batches };
  } else if (mode === 'descendants') {
    if (typeof client.descendants !== 'function') {
      result = { ...base, unavailable: 'the client has no descendants() method' };
    } else {
      const t0 = performance.now();
      const items = await all(client.descendants({ type: args['parent-type'] ?? 'page', id: args.parent }));
      const ms = performance.now() - t0;
      const byType = {};
      for (const i of items) byType[i.type] = (byType[i.type] ?? 0) + 1;
      result = { ...base, items: items.length, byType, ms, calls: batches };
    }
  } else {
    const r = await walkLevels({ rootPages, children, concurrency });
    result = { ...base, ...r, calls: batches };
  }
} finally {
  await client.dispose();
}
process.stdout.write(JSON.stringify(result) + '\n');
