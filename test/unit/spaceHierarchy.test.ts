// The Spaces tree's read-ahead of a whole space (src/tree/model/spaceHierarchy.ts), through the real
// client against the emulator over HTTP, in its plain mode and in its quirks mode (a space's pages
// and a search hit's ancestors in no particular order). The authority every level is checked
// against is Confluence's own level-by-level listing, direct-children.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { ConfluenceClient } from '../../src/confluence/client';
import type { SearchedContent } from '../../src/confluence/contentTreeApi';
import type { ContentNode } from '../../src/confluence/types';
import { SpaceHierarchy, type SpaceHierarchyOptions, type SpaceHierarchySource } from '../../src/tree/model/spaceHierarchy';
import { DEMO, startEmulator, type RunningEmulator } from '../emulator/index';
import { classicConnection, collect, makeClient, until, WRITER } from './helpers/clients';
import { FakeClock } from './helpers/fakeClock';
import { registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();
const ENG = { id: DEMO.spaces.eng.id, key: DEMO.spaces.eng.key };
const HOME = DEMO.spaces.eng.homepageId;
const WEBHOOKS = DEMO.deepPath[5]!.id;

/** The real client, with the search's answer changed the way a lagging or misleading index would. */
function withSearch(client: ConfluenceClient, change: (hits: SearchedContent[]) => SearchedContent[]): SpaceHierarchySource {
  return {
    spacePageTree: (id, o) => client.spacePageTree(id, o),
    directChildren: (parent, o) => client.directChildren(parent, o),
    getContentItem: (item, o) => client.getContentItem(item, o),
    async *spaceNonPageContent(space, types, o) {
      for await (const batch of client.spaceNonPageContent(space, types, o)) yield change(batch);
    },
  };
}

for (const quirks of [false, true]) {
  describe(`space read-ahead, ${quirks ? 'quirks' : 'plain'} emulator`, () => {
    let emu: RunningEmulator;
    before(async () => { emu = await startEmulator({ seed: 'demo', quirks }); });
    after(async () => { await emu.close(); });
    beforeEach(() => { emu.control.reset(); });

    const writer = () => makeClient(scan, classicConnection(emu.url), { credentials: WRITER }).client;
    const read = (source: SpaceHierarchySource, options: Partial<SpaceHierarchyOptions> = {}) =>
      new SpaceHierarchy(source, ENG, { compareWithoutAdminKey: false, ...options }).start();
    const log = () => emu.control.requestLog().map((r) => `${r.method} ${r.path.split('?')[0] ?? ''}`);
    const ids = (nodes: ContentNode[] | undefined) => nodes?.map((n) => n.id);

    test('every level of the space is exactly what direct-children lists, in its order, and leaves are leaves', async () => {
      const client = writer();
      const h = read(client);
      const rootPages = (await collect(client.spaceRootPages(ENG.id))).all;
      const rootItems = await h.rootItems();
      assert.deepEqual(rootItems.map((n) => n.title), [DEMO.rootFolder.title]);
      let level: ContentNode[] = [...rootPages, ...rootItems];
      let checked = 0;
      while (level.length > 0) {
        const next: ContentNode[] = [];
        for (const node of level.filter((n) => n.type === 'page' || n.type === 'folder')) {
          const truth = (await collect(client.directChildren({ type: node.type as 'page' | 'folder', id: node.id }))).all;
          assert.deepEqual(ids(await h.children(node.id)), ids(truth), `children of ${node.title}`);
          assert.equal(h.isKnownLeaf(node.id), truth.length === 0, `${node.title} is a leaf only when it has no children`);
          next.push(...truth);
          checked++;
        }
        level = next;
      }
      assert.ok(checked > 300, `${checked} levels checked`);
      h.dispose();
    });

    test('the read costs ceil(pages/250) + one search + one listing per page or folder holding other content + one read per root item', async () => {
      const client = writer();
      const pages = (await collect(client.spacePageTree(ENG.id))).all.length;
      emu.control.clearRequestLog();
      const h = read(client);
      await h.children(HOME);
      const count = (what: string) => log().filter((l) => l === what).length;
      assert.equal(count(`GET /wiki/api/v2/spaces/${ENG.id}/pages`), Math.ceil(pages / 250));
      assert.equal(count('GET /wiki/rest/api/search'), 1);
      assert.deepEqual(log().filter((l) => l.endsWith('/direct-children')).sort(),
        [HOME, DEMO.folder.id, WEBHOOKS].map((id) => `GET /wiki/api/v2/${id === DEMO.folder.id ? 'folders' : 'pages'}/${id}/direct-children`).sort());
      assert.deepEqual(log().filter((l) => l.startsWith('GET /wiki/api/v2/folders/') && !l.endsWith('/direct-children')),
        [`GET /wiki/api/v2/folders/${DEMO.rootFolder.id}`], 'the root folder is checked by id');
      assert.equal(log().length, Math.ceil(pages / 250) + 1 + 3 + 1);
      h.dispose();
    });

    test('content six and seven levels below the homepage is known too: expanding it costs no request', async () => {
      const h = read(writer());
      await h.children(HOME);
      emu.control.clearRequestLog();
      const below = await h.children(WEBHOOKS);
      assert.deepEqual(below?.map((n) => `${n.type}:${n.title}`),
        [`whiteboard:${DEMO.deepContent.whiteboard.title}`, `folder:${DEMO.deepContent.folder.title}`, `embed:${DEMO.deepContent.embed.title}`]);
      assert.deepEqual(ids(await h.children(DEMO.deepContent.folder.id)), [DEMO.deepContent.folderPage.id]);
      assert.equal(h.isKnownLeaf(DEMO.deepContent.folderPage.id), true);
      assert.equal(h.isKnownLeaf(WEBHOOKS), false);
      assert.deepEqual(log(), []);
      h.dispose();
    });

    test('a folder the search missed (an index that lags) is found through the pages in it, and its own level is not claimed', async () => {
      const client = writer();
      const h = read(withSearch(client, (hits) => hits.filter((x) => x.node.id !== DEMO.deepContent.folder.id)));
      assert.ok(ids(await h.children(WEBHOOKS))?.includes(DEMO.deepContent.folder.id), 'Webhooks shows the folder');
      assert.ok(log().includes(`GET /wiki/api/v2/folders/${DEMO.deepContent.folder.id}`), 'read by id, named by the page in it');
      assert.equal(await h.children(DEMO.deepContent.folder.id), undefined, 'the search may have missed more in it: listed directly');
      assert.equal(h.isKnownLeaf(DEMO.deepContent.folder.id), false);
      h.dispose();
    });

    test('a hit whose ancestors mislead is read by id and shown where it really is', async () => {
      const client = writer();
      const h = read(withSearch(client, (hits) => hits.map((x) => (x.node.id === DEMO.deepContent.whiteboard.id
        ? { ...x, ancestors: [{ id: HOME, type: 'page' }] } : x))));
      assert.ok(!ids(await h.children(HOME))?.includes(DEMO.deepContent.whiteboard.id));
      assert.ok(ids(await h.children(WEBHOOKS))?.includes(DEMO.deepContent.whiteboard.id));
      assert.ok(log().includes(`GET /wiki/api/v2/whiteboards/${DEMO.deepContent.whiteboard.id}`));
      h.dispose();
    });

    test('a failed search proves nothing: every level is listed directly, and the root items report the failure', async () => {
      emu.control.failNext(1, { status: 403, pathIncludes: '/rest/api/search' });
      const errors: unknown[] = [];
      const h = read(writer(), { onError: (e) => errors.push(e) });
      await assert.rejects(h.rootItems());
      assert.equal(await h.children(HOME), undefined);
      assert.equal(h.isKnownLeaf(DEMO.deepContent.folderPage.id), false);
      assert.equal(errors.length, 1);
      h.dispose();
    });

    test('a search that refuses the four types together is asked type by type', async () => {
      emu.control.failNext(1, { status: 400, pathIncludes: '/rest/api/search' });
      const h = read(writer());
      assert.ok(ids(await h.children(HOME))?.includes(DEMO.folder.id));
      assert.equal(log().filter((l) => l === 'GET /wiki/rest/api/search').length, 5);
      h.dispose();
    });

    test('a type the search refuses on its own may hide content: nothing is claimed, root items of the others still show', async () => {
      emu.control.failNext(2, { status: 400, pathIncludes: '/rest/api/search' });
      const h = read(writer());
      assert.deepEqual(await h.rootItems(), [], 'folders were refused');
      assert.equal(await h.children(HOME), undefined);
      h.dispose();
    });

    test('a refreshed node is forgotten: its level is listed directly from then on', async () => {
      const h = read(writer());
      assert.ok(await h.children(DEMO.deepPath[1]!.id));
      h.forget(DEMO.deepPath[1]!.id);
      assert.equal(await h.children(DEMO.deepPath[1]!.id), undefined);
      assert.equal(h.isKnownLeaf(DEMO.deepPath[1]!.id), false);
      assert.ok(await h.children(HOME));
      h.dispose();
    });

    test('with the admin key on, a second read without it marks what only the key reveals', async () => {
      const { client, key } = makeClient(scan, classicConnection(emu.url), { clock: new FakeClock(emu.control.now()) });
      key.set((await client.enableAdminKey(10)).expiresAt);
      emu.control.clearRequestLog();
      let progress = 0;
      const h = read(client, { compareWithoutAdminKey: true, onProgress: () => progress++ });
      assert.ok(ids(await h.children(HOME))?.includes(DEMO.restricted.id));
      await until(() => h.restrictedViaKey(DEMO.restricted.id));
      assert.equal(h.restrictedViaKey(DEMO.restricted.childId), true);
      assert.equal(h.restrictedViaKey(DEMO.deepPath[1]!.id), false);
      assert.equal(h.restrictedViaKey(DEMO.folder.id), false);
      assert.equal(h.restrictedViaKey(DEMO.rootFolder.id), false);
      assert.equal(progress, 2, 'once when the read ended, once when the comparison did');
      const withoutKey = emu.control.requestLog().filter((r) => !r.adminKeyHeader && !r.path.includes('/admin-key')).map((r) => r.path.split('?')[0]);
      assert.deepEqual([...new Set(withoutKey)].sort(), [`/wiki/api/v2/spaces/${ENG.id}/pages`, '/wiki/rest/api/search'].sort());
      h.dispose();
    });
  });
}

describe('space read-ahead on a site near its rate limit (quirks emulator)', () => {
  let emu: RunningEmulator;
  before(async () => { emu = await startEmulator({ seed: 'demo', quirks: true }); });
  after(async () => { await emu.close(); });

  test('the read is background work: near the rate limit it waits while foreground requests go on', async () => {
    const clock = new FakeClock(emu.control.now(), 'manual');
    const { client } = makeClient(scan, classicConnection(emu.url), { credentials: WRITER, clock });
    emu.control.nearLimit(true);
    await client.getPage(DEMO.deepPath[1]!.id); // the answer says: near the limit
    emu.control.nearLimit(false);
    const h = new SpaceHierarchy(client, ENG, { compareWithoutAdminKey: false }).start();
    const children = h.children(HOME);
    await client.getPage(DEMO.deepPath[2]!.id);
    const reads = () => emu.control.requestLog().filter((r) => r.path.includes('depth=all') || r.path.includes('/search')).length;
    assert.equal(reads(), 0, 'the read-ahead waits');
    clock.advance(10_000);
    assert.ok(((await children) ?? []).length > 0);
    assert.ok(reads() >= 2);
    h.dispose();
  });
});

scan.declareFinalCheck();
