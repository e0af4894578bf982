// Page history in the real extension host: Show Page History lists a 320-version page 250 at a time
// with "Load more", a version opens read-only for one request the first time, diffs open with the right
// two texts (against the current version, another version and the editor's text), and Restore writes
// exactly one new version — or nothing, when someone else saved after the confirmation.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import { authorityForOrigin } from '../../src/pages/pageUri';
import type { RunningEmulator } from '../emulator/index';
import { DEMO } from '../emulator/seed';
import { AgreeingPrompts, closeConfluenceEditors, Emulators, extensionApi, waitFor } from './support';
import { clearNotifications, ui, waitForNotification } from './ui';

suite('page history', function () {
  this.timeout(90_000);
  const emulators = new Emulators(() => api.clock.now());
  let api: TestApi;
  let site: RunningEmulator;
  let host: string;
  const id = DEMO.longHistory.id;
  const page = () => ({ host, pageId: id, title: DEMO.longHistory.title });
  const state = () => site.control.pageState(id)!;
  const log = (method: string, part: string) => site.control.requestLog().filter((r) => r.method === method && r.path.includes(part));
  const textOf = async (uri: vscode.Uri) => (await vscode.workspace.openTextDocument(uri)).getText();

  suiteSetup(async () => {
    api = await extensionApi();
    site = await emulators.start('demo');
    host = authorityForOrigin(site.url);
    await vscode.commands.executeCommand(Commands.addSite, { siteUrl: site.url, email: DEMO.accounts.admin.email, token: DEMO.accounts.admin.token });
    await waitFor('the session', () => api.sessions.get(site.url));
  });

  teardown(async () => {
    api.prompts.answerer = new AgreeingPrompts();
    await closeConfluenceEditors();
    await clearNotifications();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(Commands.signOut, site.url);
    await emulators.closeAll();
  });

  test('Show Page History lists the newest 250 of 320 versions, and the rest on "Load more"', async () => {
    site.control.clearRequestLog();
    const done = vscode.commands.executeCommand(Commands.showPageHistory, page());
    const first = await ui(async (p) => {
      const row = p.locator('.quick-input-widget .monaco-list-row').first();
      await row.locator('.label-name', { hasText: /^\s*v320\s*$/ }).waitFor();
      return { text: await row.innerText(), total: await row.getAttribute('aria-setsize') };
    });
    assert.match(first.text, /Wendy Writer|Oscar Other|Alex Admin|you/);
    assert.match(first.text, /current/);
    assert.strictEqual(first.total, '251', '250 versions and "Load more…"');
    assert.strictEqual(log('GET', `/pages/${id}/versions`).length, 1);
    const all = await ui(async (p) => {
      const input = p.locator('.quick-input-widget .quick-input-box input');
      await input.fill('Load more');
      await p.locator('.quick-input-widget .monaco-list-row', { hasText: 'Load more' }).first().waitFor();
      await p.keyboard.press('Enter');
      await p.locator('.quick-input-widget .monaco-list-row', { hasText: 'Load more' }).first().waitFor({ state: 'detached' });
      await input.fill('');
      const row = p.locator('.quick-input-widget .monaco-list-row').first();
      await row.locator('.label-name', { hasText: /^\s*v320\s*$/ }).waitFor();
      const total = await row.getAttribute('aria-setsize');
      await p.keyboard.press('Escape');
      return total;
    });
    assert.strictEqual(all, '320');
    assert.strictEqual(log('GET', `/pages/${id}/versions`).length, 2, 'one request per 250 versions');
    await done;
  });

  test('a version opens read-only, for one request the first time and none after', async () => {
    site.control.clearRequestLog();
    const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.openPageVersion, { ...page(), version: 3 });
    assert.match(await textOf(uri), /Revision 3 of the targets/);
    assert.strictEqual((await vscode.workspace.fs.stat(uri)).permissions, vscode.FilePermission.Readonly);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from('x'))), /read-only view of version 3/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(Commands.openPageVersion, { ...page(), version: 3 });
    assert.strictEqual(log('GET', `/pages/${id}?`).filter((r) => r.path.includes('version=3')).length, 1);
  });

  test('diffs open with the right two texts: the current version, another version, the editor\'s text', async () => {
    const active = (): vscode.TabInputTextDiff => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      assert.ok(input instanceof vscode.TabInputTextDiff, 'a diff editor is active');
      return input;
    };
    const current = await vscode.commands.executeCommand<{ left: vscode.Uri; right: vscode.Uri }>(Commands.comparePageVersion, { ...page(), version: 3, with: 'current' });
    await waitFor('the diff', () => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff || undefined);
    assert.strictEqual(active().original.toString(), current.left.toString());
    assert.match(await textOf(current.left), /Revision 3 of/);
    assert.match(await textOf(current.right), new RegExp(`Revision ${state().version} of`));

    const other = await vscode.commands.executeCommand<{ left: vscode.Uri; right: vscode.Uri }>(Commands.comparePageVersion, { ...page(), version: 7, with: 5 });
    assert.match(await textOf(other.left), /Revision 5 of/);
    assert.match(await textOf(other.right), /Revision 7 of/);

    const live = await vscode.commands.executeCommand<vscode.Uri>(Commands.openAsMarkdown, { host, pageId: id });
    const editor = await waitFor('the editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === live.toString()));
    await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount, 0), '\nNot saved yet.\n'));
    const mine = await vscode.commands.executeCommand<{ left: vscode.Uri; right: vscode.Uri }>(Commands.comparePageVersion, { ...page(), version: 3, with: 'editor' });
    assert.strictEqual(mine.right.toString(), live.toString());
    assert.match(await textOf(mine.right), /Not saved yet\./);
    assert.strictEqual(active().modified.toString(), live.toString());
  });

  test('Restore writes exactly one new version with the old text, after a confirmation naming it', async () => {
    const before = state();
    const asked = new AgreeingPrompts();
    api.prompts.answerer = asked;
    site.control.clearRequestLog();
    const written = await vscode.commands.executeCommand<number>(Commands.restorePageVersion, { ...page(), version: 310 });
    const after = state();
    assert.strictEqual(written, before.version + 1);
    assert.strictEqual(after.version, before.version + 1);
    assert.strictEqual(after.body, before.versions[309]!.body);
    assert.strictEqual(after.versions.at(-1)?.message, 'Restored version 310');
    assert.deepStrictEqual(asked.asked, [`Restore version 310 of "${DEMO.longHistory.title}"?`]);
    assert.strictEqual(log('PUT', `/pages/${id}`).length, 1);
  });

  test('Restore refuses to overwrite a version someone else saved after the confirmation, and writes nothing when declined', async () => {
    let theirs = 0;
    api.prompts.answerer = Object.assign(new AgreeingPrompts(), {
      confirmRestore: async () => { theirs = site.control.editPageAsOtherUser(id, { body: '<p>Oscar\'s edit meanwhile.</p>' }).version; return true; },
    });
    site.control.clearRequestLog();
    assert.strictEqual(await vscode.commands.executeCommand(Commands.restorePageVersion, { ...page(), version: 5 }), undefined);
    assert.strictEqual(state().version, theirs);
    assert.strictEqual(state().body, '<p>Oscar\'s edit meanwhile.</p>');
    assert.strictEqual(log('PUT', `/pages/${id}`).length, 0);
    await waitForNotification('was not restored');

    api.prompts.answerer = Object.assign(new AgreeingPrompts(), { confirmRestore: async () => false });
    assert.strictEqual(await vscode.commands.executeCommand(Commands.restorePageVersion, { ...page(), version: 5 }), undefined);
    assert.strictEqual(state().version, theirs);
    assert.strictEqual(log('PUT', `/pages/${id}`).length, 0);
  });
});
