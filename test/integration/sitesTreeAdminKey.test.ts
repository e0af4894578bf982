// Sign-in with SecretStorage, the spaces tree and the admin-key status bar, in the real
// extension host against the emulator over real HTTP.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands, tokenSecretKey } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import type { SiteRecord } from '../../src/confluence/siteSession';
import type { ContentItemNode } from '../../src/tree/model/treeNodes';
import type { RunningEmulator } from '../emulator/index';
import { DEMO } from '../emulator/seed';
import { childTitled, Emulators, extensionApi, filesContaining, fullChildren, titleOf, waitFor } from './support';
import { clearNotifications, notifications, ui } from './ui';

const MINUTE = 60_000;

suite('sites, tree and admin key', function () {
  this.timeout(60_000);
  const emulators = new Emulators(() => api.clock.now());
  let api: TestApi;
  let site: RunningEmulator;
  let adminSite: SiteRecord;

  suiteSetup(async () => {
    api = await extensionApi();
    site = await emulators.start('demo');
  });

  suiteTeardown(async () => {
    for (const s of api.sessions.sites()) await vscode.commands.executeCommand(Commands.signOut, s.origin);
    await emulators.closeAll();
  });

  test('every contributed command is registered, and every registered command is contributed', async () => {
    const manifest = vscode.extensions.all.find((e) => e.packageJSON.name === 'confluence-vscode')!.packageJSON as { contributes: { commands: { command: string }[] } };
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    // Views contribute their own commands (focus, collapse…) under the view id; they are VS Code's, not ours.
    const registered = new Set((await vscode.commands.getCommands(true)).filter((c) => c.startsWith('confluence.') && !c.startsWith('confluence.spaces.')));
    assert.deepStrictEqual([...registered].sort(), [...contributed].sort());
    assert.deepStrictEqual([...contributed].sort(), Object.values(Commands).sort());
  });

  test('a wrong token is refused by the site, said in an error message, and nothing is stored', async () => {
    await clearNotifications();
    const result = await vscode.commands.executeCommand(Commands.addSite, { siteUrl: site.url, email: DEMO.accounts.admin.email, token: 'not-the-token' });
    assert.strictEqual(result, undefined);
    await waitFor('the error message', async () => (await notifications()).find((m) => /rejected the email or API token/i.test(m)));
    assert.strictEqual(api.sessions.sites().length, 0);
    assert.strictEqual(await api.store.token(site.url), undefined);
  });

  test('Add Site validates through Confluence and keeps the token in SecretStorage only', async () => {
    const token = DEMO.accounts.admin.token;
    adminSite = await vscode.commands.executeCommand<SiteRecord>(Commands.addSite, { siteUrl: `${site.url}/wiki/spaces/ENG/overview`, email: DEMO.accounts.admin.email, token });
    assert.strictEqual(adminSite.origin, site.url);
    assert.strictEqual(adminSite.tokenKind, 'classic');
    assert.strictEqual(adminSite.accountId, DEMO.accounts.admin.accountId);
    assert.strictEqual(adminSite.isAdmin, true);
    assert.strictEqual(await api.store.token(site.url), token);
    assert.ok(!JSON.stringify(adminSite).includes(token));
    await waitFor('the session', () => api.sessions.get(site.url));
    // globalState, settings, logs: everything VS Code wrote for this profile is on disk under the
    // user-data folder; SecretStorage is not (code-server keeps it encrypted in the browser).
    const userData = path.resolve(api.storagePaths.globalStorage, '..', '..', '..');
    const basic = Buffer.from(`${DEMO.accounts.admin.email}:${token}`).toString('base64');
    for (const dir of [userData, api.storagePaths.logs]) {
      assert.deepStrictEqual(filesContaining(dir, token), [], `token found under ${dir}`);
      assert.deepStrictEqual(filesContaining(dir, basic), [], `Basic credentials found under ${dir}`);
    }
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('confluence')).includes(token));
  });

  test('the tree shows the seeded spaces; personal and archived ones only when their settings are on', async () => {
    const names = (await fullChildren(api, undefined)).map(titleOf);
    assert.ok(names.includes(DEMO.spaces.eng.name) && names.includes(DEMO.spaces.prod.name), names.join(', '));
    assert.ok(!names.includes(DEMO.spaces.archived.name) && !names.includes(DEMO.spaces.personal.name), names.join(', '));
    const config = vscode.workspace.getConfiguration('confluence');
    await config.update('tree.showArchivedSpaces', true, vscode.ConfigurationTarget.Global);
    await config.update('tree.showPersonalSpaces', true, vscode.ConfigurationTarget.Global);
    try {
      const all = await waitFor('archived and personal spaces', async () => {
        const n = (await fullChildren(api, undefined)).map(titleOf);
        return n.includes(DEMO.spaces.archived.name) && n.includes(DEMO.spaces.personal.name) ? n : undefined;
      });
      assert.deepStrictEqual(all, [...all].sort((a, b) => a.localeCompare(b)), 'spaces are sorted by name');
    } finally {
      await config.update('tree.showArchivedSpaces', undefined, vscode.ConfigurationTarget.Global);
      await config.update('tree.showPersonalSpaces', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('a 6-level path opens level by level, with folders expandable and whiteboards as leaves', async () => {
    let node = await childTitled(api, undefined, DEMO.spaces.eng.name);
    for (const step of DEMO.deepPath) node = await childTitled(api, node, step.title);
    assert.strictEqual(node.kind === 'content' && node.content.id, DEMO.deepPath[DEMO.deepPath.length - 1]!.id);
    const home = await childTitled(api, await childTitled(api, undefined, DEMO.spaces.eng.name), DEMO.deepPath[0]!.title);
    const folder = await childTitled(api, home, DEMO.folder.title);
    assert.strictEqual(folder.kind === 'content' && folder.content.type, 'folder');
    const folderChildren = (await fullChildren(api, folder)).filter((r): r is ContentItemNode => r.kind === 'content');
    assert.deepStrictEqual(folderChildren.map((c) => c.content.id).sort(), [...DEMO.folder.childIds].sort());
    const whiteboard = await childTitled(api, home, DEMO.whiteboard.title);
    assert.strictEqual(api.tree.getTreeItem(whiteboard).collapsibleState, vscode.TreeItemCollapsibleState.None);
  });

  test(`the ${DEMO.bigParent.childCount}-children level loads fully with the minimal number of requests`, async () => {
    api.treeModel.refresh(undefined);
    site.control.clearRequestLog();
    const home = await childTitled(api, await childTitled(api, undefined, DEMO.spaces.eng.name), DEMO.deepPath[0]!.title);
    const big = await childTitled(api, home, DEMO.bigParent.title);
    const children = (await fullChildren(api, big)).filter((r) => r.kind === 'content');
    assert.strictEqual(children.length, DEMO.bigParent.childCount);
    const log = site.control.requestLog();
    // The space's pages are read ahead with its page listing, 250 at a time, so the big level itself
    // needs no request of its own.
    assert.strictEqual(log.filter((r) => r.path.includes(`/pages/${DEMO.bigParent.id}/`)).length, 0, JSON.stringify(log.map((r) => r.path)));
    const reads = log.filter((r) => r.path.startsWith(`/wiki/api/v2/spaces/${DEMO.spaces.eng.id}/pages?`) && /[?&]depth=all(&|$)/.test(r.path));
    assert.ok(reads.every((r) => /[?&]limit=250(&|$)/.test(r.path)), 'every request asks for 250');
    let pages = 0;
    for await (const batch of api.sessions.get(site.url)!.client.spacePageTree(DEMO.spaces.eng.id)) pages += batch.length;
    assert.strictEqual(reads.length, Math.ceil(pages / 250), `${pages} pages in the space`);
  });

  test('a level listed directly (after a refresh of its node) costs ceil(n/250) requests', async () => {
    const home = await childTitled(api, await childTitled(api, undefined, DEMO.spaces.eng.name), DEMO.deepPath[0]!.title);
    const big = await childTitled(api, home, DEMO.bigParent.title);
    site.control.clearRequestLog();
    api.treeModel.refresh(big);
    const children = (await fullChildren(api, big)).filter((r) => r.kind === 'content');
    assert.strictEqual(children.length, DEMO.bigParent.childCount);
    const requests = site.control.requestLog().filter((r) => r.path.includes(`/pages/${DEMO.bigParent.id}/direct-children`));
    assert.strictEqual(requests.length, Math.ceil(DEMO.bigParent.childCount / 250), JSON.stringify(requests.map((r) => r.path)));
  });

  test('clicking a page in the tree opens it as a confluence: document, as Markdown by default', async () => {
    const eng = await childTitled(api, undefined, DEMO.spaces.eng.name);
    const home = await childTitled(api, eng, DEMO.deepPath[0]!.title);
    const item = api.tree.getTreeItem(home);
    assert.ok(item.command, 'pages open on click');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = await waitFor('the page editor', () => vscode.window.activeTextEditor?.document.uri.scheme === 'confluence' ? vscode.window.activeTextEditor : undefined);
    assert.match(editor.document.uri.path, /\/ENG\/\d+\/Engineering Home\.md$/);
    assert.strictEqual(editor.document.languageId, 'markdown');
    assert.match(editor.document.getText(), /^---\ntitle: Engineering Home\nspace: ENG\n/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('restricted pages are absent without the admin key', async () => {
    const home = await childTitled(api, await childTitled(api, undefined, DEMO.spaces.eng.name), DEMO.deepPath[0]!.title);
    const titles = (await fullChildren(api, home)).map(titleOf);
    assert.ok(!titles.includes(DEMO.restricted.title), titles.join(', '));
    assert.strictEqual(api.adminKey.stateOf(site.url).kind, 'off');
    assert.strictEqual(api.adminKey.statusText(), '$(key) Admin key off');
  });

  test('enabling the key sends the header, shows the minutes left, and reveals restricted pages marked', async () => {
    const state = await vscode.commands.executeCommand(Commands.adminKeyEnable, { origin: site.url, minutes: 10 });
    assert.strictEqual((state as { kind: string }).kind, 'on');
    assert.strictEqual(api.adminKey.statusText(), '$(key) Admin key 10m');
    const shown = await ui(async (page) => {
      const item = page.locator('.statusbar-item', { hasText: 'Admin key 10m' });
      await item.waitFor({ state: 'visible' });
      return { cls: await item.getAttribute('class') };
    });
    assert.match(shown.cls ?? '', /has-background-color/);

    site.control.clearRequestLog();
    const home = await childTitled(api, await childTitled(api, undefined, DEMO.spaces.eng.name), DEMO.deepPath[0]!.title);
    const restricted = await waitFor('the restricted page, marked', async () => {
      const row = (await fullChildren(api, home)).find((r): r is ContentItemNode => r.kind === 'content' && r.content.id === DEMO.restricted.id);
      return row?.restrictedViaKey ? row : undefined;
    });
    assert.match(String(api.tree.getTreeItem(restricted).description), /admin key/);
    const log = site.control.requestLog();
    for (const what of [`/wiki/api/v2/spaces/${DEMO.spaces.eng.id}/pages?depth=all`, '/wiki/rest/api/search?']) {
      assert.ok(log.some((r) => r.adminKeyHeader && r.path.startsWith(what)), `${what} carried the key`);
      assert.ok(log.some((r) => !r.adminKeyHeader && r.path.startsWith(what)), `${what} was compared with one without it`);
    }
    const child = await waitFor('the restricted page\'s child, marked', async () => {
      const row = (await fullChildren(api, restricted)).find((r): r is ContentItemNode => r.kind === 'content' && r.content.id === DEMO.restricted.childId);
      return row?.restrictedViaKey ? row : undefined;
    });
    assert.strictEqual(child.content.title, DEMO.restricted.childTitle);
    assert.ok(site.control.auditLog().some((e) => e.action === 'admin-key.enable'));
    const normal = (await fullChildren(api, home)).find((r): r is ContentItemNode => r.kind === 'content' && r.content.id === DEMO.deepPath[1]!.id);
    assert.strictEqual(normal?.restrictedViaKey, false);
  });

  test('every request made with the key is in the log channel with an [admin-key] tag', async () => {
    const logFile = await waitFor('the Confluence log file', () => findLogFile(api.storagePaths.logs));
    const text = await waitFor('[admin-key] lines', () => {
      const t = fs.readFileSync(logFile, 'utf8');
      return /\[admin-key\].*(direct-children|pages\?depth=all)/.test(t) ? t : undefined;
    });
    assert.match(text, /\[admin-key\] .* GET \/wiki\/api\/v2\/(pages\/\d+\/direct-children|spaces\/\d+\/pages\?depth=all)\S* → 200/);
  });

  test('a warning comes before expiry, with an Extend action', async () => {
    await clearNotifications();
    site.control.advance(6 * MINUTE);
    api.clock.advance(6 * MINUTE);
    const message = await waitFor('the expiry warning', async () => (await notifications()).find((m) => /expires in \d+ minutes?/.test(m)));
    assert.match(message, new RegExp(site.url.replace(/^http:\/\//, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const buttons = await ui(async (page) => page.locator('.notifications-center .notification-list-item', { hasText: 'expires in' }).first().locator('.monaco-button').allInnerTexts());
    assert.ok(buttons.includes('Extend'), JSON.stringify(buttons));
    assert.strictEqual(api.adminKey.statusText(), '$(key) Admin key 4m');
    await clearNotifications();
  });

  test('past the expiry the state turns off and the header stops', async () => {
    site.control.advance(5 * MINUTE);
    api.clock.advance(5 * MINUTE);
    await waitFor('the key to be off', () => api.adminKey.stateOf(site.url).kind === 'off' || undefined);
    assert.strictEqual(api.adminKey.statusText(), '$(key) Admin key off');
    site.control.clearRequestLog();
    const home = await childTitled(api, await childTitled(api, undefined, DEMO.spaces.eng.name), DEMO.deepPath[0]!.title);
    const titles = (await fullChildren(api, home)).map(titleOf);
    assert.ok(!titles.includes(DEMO.restricted.title), titles.join(', '));
    const log = site.control.requestLog();
    assert.ok(log.length > 0 && log.every((r) => !r.adminKeyHeader), JSON.stringify(log));
  });

  test('clicking the status item offers the enable durations and refresh', async () => {
    const rows = await ui(async (page) => {
      await page.locator('.statusbar-item', { hasText: 'Admin key' }).first().click();
      const list = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
      await list.first().waitFor({ state: 'visible' });
      const texts = await list.allInnerTexts();
      await page.keyboard.press('Escape');
      return texts;
    });
    for (const expected of ['Enable for 10 minutes', 'Enable for 30 minutes', 'Enable for 60 minutes', 'Enable for…', 'Refresh status']) {
      assert.ok(rows.some((r) => r.includes(expected)), `${expected} in ${JSON.stringify(rows)}`);
    }
  });

  test('an idle window costs nothing; focus regained after an absence re-checks the key once, which stays on and keeps "Disable now"', async () => {
    await vscode.commands.executeCommand(Commands.adminKeyEnable, { origin: site.url, minutes: 30 });
    const home = await childTitled(api, await childTitled(api, undefined, DEMO.spaces.eng.name), DEMO.deepPath[0]!.title);
    await waitFor('the tree with the key', async () => (await fullChildren(api, home)).some((r) => titleOf(r) === DEMO.restricted.title) || undefined);
    await api.treeModel.readAheadsSettled(); // the read without the key that marks restricted pages ends first
    site.control.clearRequestLog();
    let treeChanges = 0;
    const sub = api.treeModel.onDidChange(() => { treeChanges++; });
    try {
      // What VS Code reports as a focused window goes idle and comes back, again and again.
      for (let i = 0; i < 5; i++) {
        api.adminKey.windowStateChanged({ focused: true, active: false });
        api.adminKey.windowStateChanged({ focused: true, active: true });
      }
      site.control.advance(2 * MINUTE);
      api.clock.advance(2 * MINUTE);
      assert.deepStrictEqual(site.control.requestLog().map((r) => r.path), [], 'idleness sends nothing');
      assert.strictEqual(treeChanges, 0, 'nor re-lists the tree');

      // A real absence: focus lost, then regained. One look at the key; the key stays on throughout.
      api.adminKey.windowStateChanged({ focused: false, active: false });
      api.adminKey.windowStateChanged({ focused: true, active: true });
      assert.strictEqual(api.adminKey.stateOf(site.url).kind, 'on', 'on while it is re-checked');
      await waitFor('the re-check', () => site.control.requestLog().some((r) => r.path.endsWith('/admin-key')) || undefined);
      await api.adminKey.recheck(site.url); // joins the check in flight (or finds it done): no second GET
      // The visible tree may still be filling in nodes the workbench asks for; that is the tree's own
      // lazy loading, not the focus change. What the focus change may cost is one look at the key.
      const keyCalls = site.control.requestLog().filter((r) => r.path.includes('/admin-key')).map((r) => `${r.method} ${r.path}`);
      assert.deepStrictEqual(keyCalls, ['GET /wiki/api/v2/admin-key']);
      assert.strictEqual(treeChanges, 0, 'the tree is not re-listed by a re-check that finds the key still on');
      assert.strictEqual(api.adminKey.stateOf(site.url).kind, 'on');
      // The status item follows the active editor's site; an editor left by another suite must not decide it.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitFor('the status item to show this site\'s key', () => /Admin key \d+m/.test(api.adminKey.statusText()) || undefined);
      const rows = await ui(async (page) => {
        await page.locator('.statusbar-item', { hasText: 'Admin key' }).first().click();
        const list = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
        await list.first().waitFor({ state: 'visible' });
        const texts = await list.allInnerTexts();
        await page.keyboard.press('Escape');
        return texts;
      });
      assert.ok(rows.some((r) => r.includes('Disable now')), `${JSON.stringify(rows)} (status: ${api.adminKey.statusText()})`);
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand(Commands.adminKeyDisable, { origin: site.url });
    }
  });

  test('disable turns the key off on the site and in the tree', async () => {
    await vscode.commands.executeCommand(Commands.adminKeyEnable, { origin: site.url, minutes: 30 });
    assert.strictEqual(api.adminKey.statusText(), '$(key) Admin key 30m');
    const home = await childTitled(api, await childTitled(api, undefined, DEMO.spaces.eng.name), DEMO.deepPath[0]!.title);
    await waitFor('the restricted page', async () => (await fullChildren(api, home)).some((r) => titleOf(r) === DEMO.restricted.title) || undefined);
    // New HTTP settings make new clients; the active key must carry over to them.
    const before = api.sessions.get(site.url)!.client;
    const config = vscode.workspace.getConfiguration('confluence');
    await config.update('http.timeoutSeconds', 45, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('a new client', () => (api.sessions.get(site.url) && api.sessions.get(site.url)!.client !== before) || undefined);
      await waitFor('the key to be on for it', () => (api.adminKey.stateOf(site.url).kind === 'on' && api.sessions.get(site.url)!.client.adminKeyActive()) || undefined);
      site.control.clearRequestLog();
      api.treeModel.refresh(undefined);
      const again = await childTitled(api, await childTitled(api, undefined, DEMO.spaces.eng.name), DEMO.deepPath[0]!.title);
      assert.ok((await fullChildren(api, again)).some((r) => titleOf(r) === DEMO.restricted.title));
      assert.ok(site.control.requestLog().some((r) => r.adminKeyHeader), 'the new client sends the key');
    } finally {
      await config.update('http.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
    site.control.clearRequestLog();
    const state = await vscode.commands.executeCommand(Commands.adminKeyDisable, { origin: site.url });
    assert.strictEqual((state as { kind: string }).kind, 'off');
    assert.ok(site.control.requestLog().some((r) => r.method === 'DELETE' && r.path.endsWith('/admin-key')));
    const home2 = await childTitled(api, await childTitled(api, undefined, DEMO.spaces.eng.name), DEMO.deepPath[0]!.title);
    await waitFor('the restricted page to disappear', async () => !(await fullChildren(api, home2)).some((r) => titleOf(r) === DEMO.restricted.title) || undefined);
    assert.ok(site.control.auditLog().some((e) => e.action === 'admin-key.disable'));
  });

  test('a non-admin site and a scoped-token site show "not available" and never POST', async () => {
    const writerSite = await emulators.start('demo');
    const scopedSite = await emulators.start('demo');
    const writer = await vscode.commands.executeCommand<SiteRecord>(Commands.addSite, { siteUrl: writerSite.url, email: DEMO.accounts.writer.email, token: DEMO.accounts.writer.token });
    const scoped = await vscode.commands.executeCommand<SiteRecord>(Commands.addSite, { siteUrl: scopedSite.url, email: DEMO.accounts.admin.email, token: DEMO.scopedToken });
    assert.strictEqual(writer.isAdmin, false);
    assert.strictEqual(scoped.tokenKind, 'scoped');
    assert.ok(scoped.apiBase.includes(`/ex/confluence/${scopedSite.cloudId}`), scoped.apiBase);
    for (const [record, emulator, reason] of [[writer, writerSite, 'notAdmin'], [scoped, scopedSite, 'scopedToken']] as const) {
      await waitFor(`${record.host} in the sessions`, () => api.sessions.get(record.origin));
      assert.deepStrictEqual(api.adminKey.stateOf(record.origin), { kind: 'unavailable', reason });
      const after = await vscode.commands.executeCommand(Commands.adminKeyToggle, { origin: record.origin });
      assert.strictEqual((after as { kind: string }).kind, 'unavailable');
      assert.ok(!emulator.control.requestLog().some((r) => r.method === 'POST' && r.path.includes('admin-key')), `${record.host} got a POST`);
    }
    // Several sites: the tree's top level is the sites.
    const roots = await fullChildren(api, undefined);
    assert.deepStrictEqual(roots.map((r) => r.kind), ['site', 'site', 'site']);
    // Scoped sites browse through the gateway path.
    const scopedRoot = roots.find((r) => r.origin === scoped.origin)!;
    const spaces = (await fullChildren(api, scopedRoot)).map(titleOf);
    assert.ok(spaces.includes(DEMO.spaces.eng.name), spaces.join(', '));
    assert.ok(scopedSite.control.requestLog().some((r) => r.viaGateway && r.path.includes('/spaces')));
    for (const s of [writer, scoped]) await vscode.commands.executeCommand(Commands.signOut, s.origin);
    await waitFor('two sites gone', () => api.sessions.sites().length === 1 || undefined);
    assert.strictEqual(await api.store.token(scoped.origin), undefined);
  });

  test('a token removed from SecretStorage by another window signs the site out here too', async () => {
    await api.secrets.delete(tokenSecretKey(site.url));
    await waitFor('the session to go', () => (api.sessions.get(site.url) ? undefined : true));
    await vscode.commands.executeCommand(Commands.addSite, { siteUrl: site.url, email: DEMO.accounts.admin.email, token: DEMO.accounts.admin.token });
    await waitFor('the session again', () => api.sessions.get(site.url));
  });

  test('a 401 mid-session marks the site signed out and stops calls to it', async () => {
    const eng = await childTitled(api, undefined, DEMO.spaces.eng.name);
    site.control.failNext(1, { status: 401, pathIncludes: '/pages' });
    api.treeModel.refresh(eng);
    await api.tree.getChildren(eng);
    await waitFor('the site to be marked invalid', () => api.sessions.isInvalid(site.url) || undefined);
    assert.strictEqual(api.sessions.get(site.url), undefined);
    const rows = await api.tree.getChildren(undefined);
    assert.ok(rows.some((r) => r.kind === 'message' && r.message === 'signInAgain'), rows.map(titleOf).join(', '));
    const before = site.control.requestLog().length;
    api.treeModel.refresh(undefined);
    await api.tree.getChildren(undefined);
    await vscode.commands.executeCommand(Commands.adminKeyRefresh, { origin: site.url });
    assert.strictEqual(site.control.requestLog().length, before, 'no request after the 401');
    // Signing in again brings the site back.
    await vscode.commands.executeCommand(Commands.addSite, { siteUrl: site.url, email: DEMO.accounts.admin.email, token: DEMO.accounts.admin.token });
    await waitFor('the session again', () => api.sessions.get(site.url));
    assert.strictEqual(api.sessions.isInvalid(site.url), false);
    const names = (await fullChildren(api, undefined)).map(titleOf);
    assert.ok(names.includes(DEMO.spaces.eng.name), names.join(', '));
  });
});

function findLogFile(dir: string): string | undefined {
  const walk = (d: string): string | undefined => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { const f = walk(p); if (f) return f; }
      else if (/Confluence\.log$/.test(e.name)) return p;
    }
    return undefined;
  };
  try { return walk(dir); } catch { return undefined; }
}
