// The confluence.js side of the listing benchmark. confluence.js 3.x needs Node >= 22, so bench/run.mjs
// runs this file with the Node 24 that the integration-test setup installs, as a child process, against
// the emulator that bench/run.mjs serves on loopback.
//
// confluence.js used as its README shows: createV2Client({ host, auth: { type: 'basic', email,
// apiToken } }), the v2 namespaces (page.getPagesInSpace, children.getPageDirectChildren,
// children.getFolderDirectChildren), and its own pagination parameters: `limit` (left out = the API's
// default page size, 25) and `cursor`, taken from the `_links.next` URL of the previous answer, as
// the method docs say ("additional results ... available through the next URL").
//
//   node confluencejs-walk.mjs --host URL --email E --token T --space ID [--limit 250] [--concurrency 8]
//        [--mode space | --mode level --parent ID --parent-type page|folder]
// Prints one JSON line: { client, limit, mode, pages, folders, levels, listings, calls, ms, ... }.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createV2Client } from 'confluence.js';
import { listOne, parseArgs, walkLevels } from './lib/levelWalk.mjs';

const args = parseArgs(process.argv.slice(2));
const limit = args.limit && args.limit !== 'default' ? Number(args.limit) : undefined;
const concurrency = Number(args.concurrency ?? 8);
const spaceId = Number(args.space);

const confluence = createV2Client({
  host: args.host,
  auth: { type: 'basic', email: args.email, apiToken: args.token },
});

let calls = 0;

function cursorOf(body) {
  const next = body?._links?.next;
  if (!next) return undefined;
  return new URL(next, args.host).searchParams.get('cursor') ?? undefined;
}

/** Calls `fetchPage({ cursor })` until `_links.next` is gone; returns every result. */
async function all(fetchPage) {
  const out = [];
  let cursor;
  do {
    calls++;
    const body = await fetchPage(cursor === undefined ? {} : { cursor });
    out.push(...(body.results ?? []));
    cursor = cursorOf(body);
  } while (cursor !== undefined);
  return out;
}

const withLimit = (p) => (limit === undefined ? p : { ...p, limit });

const rootPages = async () => (await all((page) => confluence.page.getPagesInSpace(withLimit({ id: spaceId, depth: 'root', ...page }))))
  .map((p) => ({ id: p.id, type: 'page' }));

const children = async (node) => {
  const id = Number(node.id);
  const list = node.type === 'folder'
    ? (page) => confluence.children.getFolderDirectChildren(withLimit({ id, ...page }))
    : (page) => confluence.children.getPageDirectChildren(withLimit({ id, ...page }));
  return (await all(list)).map((c) => ({ id: c.id, type: c.type }));
};

const mode = args.mode ?? 'space';
const base = { client: 'confluence.js', version: JSON.parse(readFileSync(createRequire(import.meta.url).resolve('confluence.js/package.json'), 'utf8')).version,
  node: process.version, limit: limit ?? 'default', mode, concurrency };
let result;
if (mode === 'level') {
  const r = await listOne(children, { id: args.parent, type: args['parent-type'] ?? 'page' });
  result = { ...base, items: r.items, ms: r.ms, calls };
} else {
  const r = await walkLevels({ rootPages, children, concurrency });
  result = { ...base, ...r, calls };
}
process.stdout.write(JSON.stringify(result) + '\n');
