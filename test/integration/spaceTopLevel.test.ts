// The tree where Confluence's listings leave gaps: folders at the root of a space (which the space's
// root-pages listing does not return) and content more than five levels down (real sites list five
// levels of descendants whatever `depth` asks), and what expanding a whole space costs. Runs against
// the plain and the quirks emulator.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import type { ContentItemNode, TreeNode } from '../../src/tree/model/treeNodes';
import type { RequestLogEntry, RunningEmulator } from '../emulator/index';
import { DEMO } from '../emulator/seed';
import { childTitled, Emulators, extensionApi, fullChildren, titleOf, waitFor } from './support';

suite('tree: root folders, content far down, and what expanding a space costs', function () {
  this.timeout(60_000);
  const emulators = new Emulators(() => api.clock.now());
  let api: TestApi;
  let site: RunningEmulator;

  suiteSetup(async () => {
    api = await extensionApi();
    site = await emulators.start('demo');
    await vscode.commands.executeCommand(Commands.addSite, { siteUrl: site.url, email: DEMO.accounts.writer.email, token: DEMO.accounts.writer.token });
    await waitFor('the session', () => api.sessions.get(site.url));
  });

  /**
   * Runs a measured walk of the tree, again if the sessions changed meanwhile (sign-in's own SecretStorage
   * events can arrive late, and every session change lists the tree afresh), and returns the requests
   * made since the walk cleared the emulator's log (admin-key checks left out: they are not the tree's).
   */
  async function untouchedBySessionChanges(walk: () => Promise<void>): Promise<RequestLogEntry[]> {
    for (let attempt = 1; ; attempt++) {
      let changed = false;
      const sub = api.sessions.onDidChange(() => { changed = true; });
      try {
        await walk();
      } finally {
        sub.dispose();
      }
      if (!changed || attempt === 3) return site.control.requestLog().filter((r) => !r.path.includes('/admin-key'));
    }
  }

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(Commands.signOut, site.url);
    await emulators.closeAll();
  });

  test('a folder at the root of a space is listed beside the root pages, and opens', async () => {
    const eng = await childTitled(api, undefined, DEMO.spaces.eng.name);
    const top = await fullChildren(api, eng);
    assert.deepStrictEqual(top.map(titleOf), ['Engineering Home', DEMO.extraRootPage.title, DEMO.rootFolder.title]);
    const folder = await childTitled(api, eng, DEMO.rootFolder.title);
    assert.strictEqual((folder as ContentItemNode).content.type, 'folder');
    assert.deepStrictEqual((await fullChildren(api, folder)).map(titleOf), [DEMO.rootFolder.childTitle]);
  });

  test('content more than five levels down is read ahead: expanding it costs no request, and a page without children is a leaf', async () => {
    const client = api.sessions.get(site.url)!.client;
    const webhooksId = DEMO.deepPath[5]!.id;
    await client.createPage({ spaceId: DEMO.spaces.eng.id, parentId: webhooksId, title: 'Retry schedule', body: { representation: 'storage', value: '<p/>' } });
    const requests = await untouchedBySessionChanges(async () => {
      await vscode.commands.executeCommand(Commands.refreshTree);
      let node = await childTitled(api, undefined, DEMO.spaces.eng.name);
      for (const step of DEMO.deepPath) node = await childTitled(api, node, step.title);
      assert.strictEqual((node as ContentItemNode).leaf, false, 'Webhooks is not shown as a leaf');
      site.control.clearRequestLog();
      const below = await fullChildren(api, node);
      assert.deepStrictEqual(below.map(titleOf),
        [DEMO.deepContent.whiteboard.title, DEMO.deepContent.folder.title, DEMO.deepContent.embed.title, 'Retry schedule']);
      const folder = await childTitled(api, node, DEMO.deepContent.folder.title);
      const inFolder = await childTitled(api, folder, DEMO.deepContent.folderPage.title);
      assert.strictEqual(api.tree.getTreeItem(inFolder).collapsibleState, vscode.TreeItemCollapsibleState.None, 'a proven leaf has no expander');
      const retry = await childTitled(api, node, 'Retry schedule');
      assert.strictEqual(api.tree.getTreeItem(retry).collapsibleState, vscode.TreeItemCollapsibleState.None);
    });
    assert.deepStrictEqual(requests.map((r) => r.path), []);
  });

  test('expanding every node of a space costs its read-ahead and nothing more', async () => {
    const client = api.sessions.get(site.url)!.client;
    let pages = 0;
    for await (const batch of client.spacePageTree(DEMO.spaces.eng.id)) pages += batch.length;
    const requests = await untouchedBySessionChanges(async () => {
      await vscode.commands.executeCommand(Commands.refreshTree);
      const eng = await childTitled(api, undefined, DEMO.spaces.eng.name);
      site.control.clearRequestLog();
      let level: TreeNode[] = [eng];
      let shown = 0;
      while (level.length > 0) {
        const next: TreeNode[] = [];
        for (const n of level) {
          if (n.kind === 'message' || api.tree.getTreeItem(n).collapsibleState === vscode.TreeItemCollapsibleState.None) continue;
          next.push(...await fullChildren(api, n));
        }
        shown += next.length;
        level = next;
      }
      assert.ok(shown > pages, `${shown} rows shown for ${pages} pages`);
    });
    const log = requests.map((r) => `${r.method} ${r.path.split('?')[0] ?? ''}`);
    const count = (what: string) => log.filter((l) => l === what).length;
    const holders = [DEMO.spaces.eng.homepageId, DEMO.folder.id, DEMO.deepPath[5]!.id];
    // The root pages, every page (250 a request), one search, the levels of the three pages or folders
    // holding folders, whiteboards, databases or embeds, and the root folder read by id.
    assert.strictEqual(count(`GET /wiki/api/v2/spaces/${DEMO.spaces.eng.id}/pages`), 1 + Math.ceil(pages / 250), log.join('\n'));
    assert.strictEqual(count('GET /wiki/rest/api/search'), 1);
    assert.deepStrictEqual(log.filter((l) => l.endsWith('/direct-children')).sort(),
      holders.map((id) => `GET /wiki/api/v2/${id === DEMO.folder.id ? 'folders' : 'pages'}/${id}/direct-children`).sort());
    assert.strictEqual(count(`GET /wiki/api/v2/folders/${DEMO.rootFolder.id}`), 1);
    assert.strictEqual(log.length, 1 + Math.ceil(pages / 250) + 1 + holders.length + 1, log.join('\n'));
  });

  test('a level of more than 1,000 that was read ahead shows 1,000, and "Load more…" shows the rest without a request', async () => {
    const client = api.sessions.get(site.url)!.client;
    for (let i = 0; i < 1100 - DEMO.bigParent.childCount; i++) {
      await client.createPage({ spaceId: DEMO.spaces.eng.id, parentId: DEMO.bigParent.id, title: `Release notes 2.${i}`, body: { representation: 'storage', value: '<p/>' } });
    }
    const requests = await untouchedBySessionChanges(async () => {
      await vscode.commands.executeCommand(Commands.refreshTree);
      const home = await childTitled(api, await childTitled(api, undefined, DEMO.spaces.eng.name), DEMO.deepPath[0]!.title);
      const big = await childTitled(api, home, DEMO.bigParent.title);
      site.control.clearRequestLog();
      const first = await fullChildren(api, big);
      assert.strictEqual(first.filter((r) => r.kind === 'content').length, 1000);
      const more = first.find((r) => r.kind === 'message' && r.message === 'loadMore');
      assert.ok(more, 'a Load more… row');
      await vscode.commands.executeCommand(Commands.loadMore, more);
      const all = await fullChildren(api, big);
      assert.strictEqual(all.filter((r) => r.kind === 'content').length, 1100);
      assert.ok(!all.some((r) => r.kind === 'message'), 'and no row but the pages');
    });
    assert.deepStrictEqual(requests.map((r) => r.path), []);
  });
});
