// The one walk both clients run, so the comparison is the clients and nothing else: start at the
// space's root pages, then list the direct children of every page and folder, one level (depth) at
// a time, breadth first. Within a level at most `concurrency` listings are in flight (the same cap
// for every client); each listing follows its cursor to the end before it resolves.

/** Runs fn over items with at most `limit` promises pending; resolves to the results in order. */
export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/**
 * @param {{ rootPages: () => Promise<{id: string, type: string}[]>,
 *           children: (node: {id: string, type: string}) => Promise<{id: string, type: string}[]>,
 *           concurrency: number }} walker
 * @returns {Promise<{ pages: number, folders: number, other: number, levels: number, listings: number, ms: number }>}
 */
export async function walkLevels({ rootPages, children, concurrency }) {
  const t0 = performance.now();
  const counts = { pages: 0, folders: 0, other: 0 };
  const count = (n) => {
    if (n.type === 'page') counts.pages++;
    else if (n.type === 'folder') counts.folders++;
    else counts.other++;
  };
  let level = await rootPages();
  let listings = 1;
  let levels = 0;
  while (level.length > 0) {
    levels++;
    level.forEach(count);
    const expandable = level.filter((n) => n.type === 'page' || n.type === 'folder');
    listings += expandable.length;
    const kids = await mapLimit(expandable, concurrency, children);
    level = kids.flat();
  }
  return { ...counts, levels, listings, ms: performance.now() - t0 };
}

/** Lists one level (all of it, following the cursor) and times it. */
export async function listOne(children, node) {
  const t0 = performance.now();
  const kids = await children(node);
  return { items: kids.length, ms: performance.now() - t0 };
}

/** --key value arguments into an object. */
export function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) args[a.slice(2)] = true;
      else { args[a.slice(2)] = v; i++; }
    }
  }
  return args;
}
