// Organising a space from the sidebar, in the real extension host against the emulator: drags in the
// Spaces view move pages with one move request and the tree shows the result from its cache, a drop
// before a sibling reorders, refused moves leave the tree as Confluence has it, folders are created,
// renamed and trashed, and labels round-trip (and are found with label: in the search).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import type { ContentItemNode, ParentNode, TreeNode } from '../../src/tree/model/treeNodes';
import type { RunningEmulator } from '../emulator/index';
import { DEMO } from '../emulator/seed';
import { AgreeingPrompts, childTitled, Emulators, extensionApi, fullChildren, titleOf, waitFor } from './support';
import { clearNotifications, notifications, runPaletteCommand, ui, uiBridgeAvailable } from './ui';
import { authorityForOrigin } from '../../src/pages/pageUri';

suite('organise: moves, folders and labels', function () {
  this.timeout(90_000);
  const emulators = new Emulators(() => api.clock.now());
  let api: TestApi;
  let site: RunningEmulator;
  const home = DEMO.deepPath[0]!;
  const arch = DEMO.deepPath[1]!;
  const onboarding = DEMO.pageWithImage;
  const token = new vscode.CancellationTokenSource().token;

  /** Requests that list levels of the tree (what "re-reading the space" would cost). */
  const isListing = (r: { method: string; path: string }) => r.method === 'GET' && /\/spaces\/\d+\/pages|\/descendants|\/direct-children/.test(r.path);
  const listings = () => site.control.requestLog().filter(isListing);
  const moves = () => site.control.requestLog().filter((r) => r.method === 'PUT' && r.path.includes('/move/'));

  async function engHome(): Promise<ParentNode> {
    return childTitled(api, await childTitled(api, undefined, DEMO.spaces.eng.name), home.title);
  }

  async function drag(source: TreeNode, target: TreeNode): Promise<void> {
    const dataTransfer = new vscode.DataTransfer();
    await api.dragAndDrop.handleDrag([source], dataTransfer);
    await api.dragAndDrop.handleDrop(target, dataTransfer, token);
  }

  suiteSetup(async () => {
    api = await extensionApi();
    site = await emulators.start('demo');
    await vscode.commands.executeCommand(Commands.addSite, { siteUrl: site.url, email: DEMO.accounts.admin.email, token: DEMO.accounts.admin.token });
    await waitFor('the session', () => api.sessions.get(site.url));
  });

  setup(async () => {
    site.control.reset();
    api.treeModel.refresh(undefined);
    await clearNotifications();
  });

  teardown(() => { api.prompts.answerer = new AgreeingPrompts(); });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(Commands.signOut, site.url);
    await emulators.closeAll();
  });

  test('a drag of a page onto another page moves it with one move request, and the tree shows it there without listing again', async () => {
    const parent = await engHome();
    const source = await childTitled(api, parent, onboarding.title);
    const target = await childTitled(api, parent, arch.title);
    await fullChildren(api, target);
    const answers = new AgreeingPrompts();
    api.prompts.answerer = answers;
    site.control.clearRequestLog();
    await drag(source, target);
    assert.deepStrictEqual(moves().map((r) => r.path), [`/wiki/rest/api/content/${onboarding.id}/move/append/${arch.id}`]);
    assert.strictEqual(site.control.pageState(onboarding.id)?.parentId, arch.id, 'Confluence has it under Architecture');
    assert.match(answers.asked[0] ?? '', /^move Move the page "Onboarding" with nothing below it\?$/);
    assert.ok((await fullChildren(api, target)).map(titleOf).includes(onboarding.title), 'the tree shows it under Architecture');
    assert.ok(!(await fullChildren(api, parent)).map(titleOf).includes(onboarding.title), 'and no longer under Engineering Home');
    // (The read-ahead of the space's other top-level folder may still be running in the background.)
    const involved = [`/pages/${home.id}/`, `/pages/${arch.id}/`, `/pages/${onboarding.id}/`, `/spaces/${DEMO.spaces.eng.id}/`];
    assert.deepStrictEqual(listings().filter((r) => involved.some((p) => r.path.includes(p))).map((r) => r.path), [], 'no level was listed again');
    const requests = site.control.requestLog().filter((r) => !isListing(r)).map((r) => `${r.method} ${r.path.split('?')[0]}`);
    assert.deepStrictEqual(requests, [`GET /wiki/api/v2/pages/${onboarding.id}`, `PUT /wiki/rest/api/content/${onboarding.id}/move/append/${arch.id}`],
      'a read of its current parent (someone may have moved it) and the move');
  });

  test('a drop with "Move Before" reorders the level, in Confluence and in the tree', async () => {
    const parent = await engHome();
    const source = await childTitled(api, parent, onboarding.title);
    const target = await childTitled(api, parent, arch.title);
    api.prompts.answerer = Object.assign(new AgreeingPrompts(), { chooseMove: async (_m: string, _d: string, choices: readonly string[]) => choices.find((c) => c === 'Move Before') });
    await drag(source, target);
    const client = api.sessions.get(site.url)!.client;
    const order: string[] = [];
    for await (const batch of client.directChildren({ type: 'page', id: home.id })) order.push(...batch.map((c) => c.title));
    assert.strictEqual(order.indexOf(onboarding.title), order.indexOf(arch.title) - 1, `Confluence's order: ${order.join(', ')}`);
    const shown = (await fullChildren(api, parent)).filter((r) => r.kind === 'content' && r.content.type === 'page').map(titleOf);
    assert.deepStrictEqual(shown, order.filter((t) => shown.includes(t)), 'the tree shows the same order');
  });

  test('a drop on a space moves the page to its top level', async () => {
    const eng = await childTitled(api, undefined, DEMO.spaces.eng.name);
    const source = await childTitled(api, await engHome(), onboarding.title);
    await drag(source, eng);
    assert.strictEqual(site.control.pageState(onboarding.id)?.parentId, null);
    assert.deepStrictEqual((await fullChildren(api, eng)).map(titleOf).slice(0, 2), [onboarding.title, home.title]);
  });

  test('a refused move (a page of that title in the other space) changes nothing and says why', async () => {
    const client = api.sessions.get(site.url)!.client;
    await client.createPage({ spaceId: DEMO.spaces.prod.id, parentId: DEMO.spaces.prod.homepageId, title: onboarding.title, body: { representation: 'storage', value: '<p/>' } });
    const prod = await childTitled(api, undefined, DEMO.spaces.prod.name);
    const prodHome = (await fullChildren(api, prod)).find((r) => r.kind === 'content') as ContentItemNode;
    const before = (await fullChildren(api, await engHome())).map(titleOf);
    await drag(await childTitled(api, await engHome(), onboarding.title), prodHome);
    await waitFor('the refusal', async () => (await notifications()).find((m) => /was not moved/.test(m) && /same title/.test(m)));
    assert.strictEqual(site.control.pageState(onboarding.id)?.parentId, home.id, 'Confluence did not move it');
    assert.deepStrictEqual((await fullChildren(api, await engHome())).map(titleOf), before, 'the tree is as Confluence has it');
  });

  test('a page you may not change is refused by Confluence (403) with a message that says what is needed', async () => {
    const parent = await engHome();
    await drag(await childTitled(api, parent, DEMO.updateRestricted.title), await childTitled(api, parent, arch.title));
    await waitFor('the refusal', async () => (await notifications()).find((m) => /was not moved/.test(m) && /403/.test(m)));
    assert.strictEqual(site.control.pageState(DEMO.updateRestricted.id)?.parentId, home.id);
    assert.ok((await fullChildren(api, parent)).map(titleOf).includes(DEMO.updateRestricted.title));
  });

  test('someone else moved the page meanwhile: nothing is moved, and the tree shows where it is now', async () => {
    const parent = await engHome();
    const source = await childTitled(api, parent, onboarding.title);
    const target = await childTitled(api, parent, 'Release notes');
    await api.sessions.get(site.url)!.client.move(onboarding.id, 'append', arch.id);
    site.control.clearRequestLog();
    await drag(source, target);
    assert.deepStrictEqual(moves(), [], 'no move was sent');
    await waitFor('the message', async () => (await notifications()).find((m) => /Someone else moved it/.test(m)));
    await waitFor('the tree to show it under Architecture', async () =>
      (!(await fullChildren(api, parent)).map(titleOf).includes(onboarding.title) && (await fullChildren(api, await childTitled(api, parent, arch.title))).map(titleOf).includes(onboarding.title)) || undefined);
  });

  test('a page cannot be dropped below itself: refused before any request', async () => {
    const parent = await engHome();
    const architecture = await childTitled(api, parent, arch.title);
    const services = await childTitled(api, architecture, DEMO.deepPath[2]!.title);
    site.control.clearRequestLog();
    await drag(architecture, services);
    await waitFor('the refusal', async () => (await notifications()).find((m) => /below itself/.test(m)));
    assert.deepStrictEqual(site.control.requestLog().filter((r) => r.method !== 'GET'), []);
  });

  test('Move Page… with a target moves a folder too; restricted pages move with the admin key', async () => {
    const parent = await engHome();
    const runbooks = await childTitled(api, parent, DEMO.folder.title);
    await vscode.commands.executeCommand(Commands.movePage, runbooks, await childTitled(api, parent, arch.title));
    const client = api.sessions.get(site.url)!.client;
    assert.strictEqual((await client.getFolder(DEMO.folder.id)).parentId, arch.id);
    await vscode.commands.executeCommand(Commands.adminKeyEnable, { origin: site.url, minutes: 10 });
    try {
      await waitFor('the admin key', () => api.adminKey.isActive(site.url));
      api.treeModel.refresh(undefined);
      const restricted = await childTitled(api, await engHome(), DEMO.restricted.title);
      await vscode.commands.executeCommand(Commands.movePage, restricted, await childTitled(api, await engHome(), arch.title));
      assert.strictEqual(site.control.pageState(DEMO.restricted.id)?.parentId, arch.id);
      assert.ok(moves().some((r) => r.path.includes(`/content/${DEMO.restricted.id}/move/`) && r.adminKeyHeader), 'sent with the admin key');
    } finally {
      await vscode.commands.executeCommand(Commands.adminKeyDisable, { origin: site.url });
    }
  });

  test('New Folder…, Rename Folder… and Delete Folder… show in the tree without listing it again', async () => {
    const parent = await engHome();
    await fullChildren(api, parent);
    site.control.clearRequestLog();
    const folder = await vscode.commands.executeCommand<{ id: string }>(Commands.newFolder, parent, 'Team handbook');
    assert.ok(folder?.id);
    const row = await childTitled(api, parent, 'Team handbook');
    assert.strictEqual((row as ContentItemNode).content.type, 'folder');
    await vscode.commands.executeCommand(Commands.renameFolder, row, 'Handbook');
    assert.strictEqual((await api.sessions.get(site.url)!.client.getFolder(folder.id)).title, 'Handbook');
    assert.ok((await fullChildren(api, parent)).map(titleOf).includes('Handbook'));
    assert.deepStrictEqual(listings(), [], 'created and renamed in place');
    await vscode.commands.executeCommand(Commands.deleteFolder, await childTitled(api, parent, 'Handbook'));
    await waitFor('the folder to leave the tree', async () => !(await fullChildren(api, parent)).map(titleOf).includes('Handbook') || undefined);
  });

  test('labels round-trip: the fewest requests, shown on hover, found with label: in the search', async () => {
    const page = DEMO.organise.labelledPages.webhooks;
    let node: TreeNode | undefined = await childTitled(api, undefined, DEMO.spaces.eng.name);
    for (const step of DEMO.deepPath) node = await childTitled(api, node, step.title);
    site.control.clearRequestLog();
    const changes = await vscode.commands.executeCommand<{ add: string[]; remove: string[] }>(Commands.editLabels, node, ['payments', 'Webhook-Retries']);
    assert.deepStrictEqual(changes, { add: ['webhook-retries'], remove: ['api'] });
    const writes = site.control.requestLog().filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    assert.deepStrictEqual(writes, [`POST /wiki/rest/api/content/${page.id}/label`, `DELETE /wiki/rest/api/content/${page.id}/label?name=api`]);
    const labels = (await api.sessions.get(site.url)!.client.pageLabels(page.id)).map((l) => l.name).sort();
    assert.deepStrictEqual(labels, ['payments', 'webhook-retries']);
    const item = api.tree.getTreeItem(node!);
    item.tooltip = undefined;
    const resolved = await api.tree.resolveTreeItem(item, node!, token);
    const tip = resolved.tooltip instanceof vscode.MarkdownString ? resolved.tooltip.value : String(resolved.tooltip);
    assert.match(tip, /`payments` `webhook-retries`/);
    const hits = await vscode.commands.executeCommand<{ id: string }[]>(Commands.search, { query: 'label:webhook-retries', origin: site.url });
    assert.deepStrictEqual(hits?.map((h) => h.id), [page.id]);
  });

  test('Move Page… from the palette: the page in the editor, moved into a page picked by title', async function () {
    if (!uiBridgeAvailable()) this.skip();
    await vscode.commands.executeCommand(Commands.openAsStorage, { host: authorityForOrigin(site.url), pageId: onboarding.id });
    await runPaletteCommand('Confluence: Move Page…');
    await ui(async (page, title: string) => {
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible' });
      await input.fill(title);
      const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: title }) }).first();
      await row.waitFor({ state: 'visible' });
      await row.click();
    }, arch.title);
    await waitFor('Confluence to have the page under Architecture', () => site.control.pageState(onboarding.id)?.parentId === arch.id || undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a drag in the Spaces view itself (the workbench DOM) moves the page', async function () {
    if (!uiBridgeAvailable()) this.skip();
    await vscode.commands.executeCommand('workbench.view.extension.confluence');
    const parent = await engHome();
    await fullChildren(api, await childTitled(api, parent, arch.title));
    await ui(async (page, arg: { space: string; home: string; source: string; target: string }) => {
      const row = (label: string) => page.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
      const expand = async (label: string) => {
        const r = row(label);
        await r.waitFor();
        if ((await r.getAttribute('aria-expanded')) === 'false') await r.locator('.monaco-tl-twistie').click();
      };
      await expand(arg.space);
      await expand(arg.home);
      await row(arg.source).waitFor();
      await row(arg.source).dragTo(row(arg.target));
    }, { space: DEMO.spaces.eng.name, home: home.title, source: DEMO.commentedPage.title, target: arch.title });
    await waitFor('Confluence to have the page under Architecture', () => site.control.pageState(DEMO.commentedPage.id)?.parentId === arch.id || undefined)
      .catch(async (e: unknown) => { throw new Error(`${String(e)}; notifications: ${(await notifications()).join(' | ')}`); });
  });
});
