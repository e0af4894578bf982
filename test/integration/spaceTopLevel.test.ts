// The tree where Confluence's listings leave gaps: folders at the root of a space (which the space's
// root-pages listing does not return) and pages below the deepest level a read-ahead returned (real
// sites list five levels whatever `depth` asks). Runs against the plain and the quirks emulator.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import type { ContentItemNode } from '../../src/tree/model/treeNodes';
import type { RunningEmulator } from '../emulator/index';
import { DEMO } from '../emulator/seed';
import { childTitled, Emulators, extensionApi, fullChildren, titleOf, waitFor } from './support';

suite('tree: root folders and the deepest read-ahead level', function () {
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

  test('a page at the deepest level the read-ahead returned is expandable, and its children are listed', async () => {
    const client = api.sessions.get(site.url)!.client;
    const webhooksId = DEMO.deepPath[5]!.id;
    await client.createPage({ spaceId: DEMO.spaces.eng.id, parentId: webhooksId, title: 'Retry schedule', body: { representation: 'storage', value: '<p/>' } });
    await vscode.commands.executeCommand(Commands.refreshTree);
    let node = await childTitled(api, undefined, DEMO.spaces.eng.name);
    for (const step of DEMO.deepPath) node = await childTitled(api, node, step.title);
    assert.strictEqual((node as ContentItemNode).leaf, false, 'Webhooks is not shown as a leaf');
    assert.deepStrictEqual((await fullChildren(api, node)).map(titleOf), ['Retry schedule']);
  });
});
