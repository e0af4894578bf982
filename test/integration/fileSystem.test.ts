// The confluence: file system in the real extension host, against the emulator over real HTTP: what
// needs the workbench — VS Code's stat-before-write handshake and its conflict notification, read-only
// editors, auto save, the commands and their UI. The save rules themselves are tested fast, without a
// workbench, in test/unit/saveCoordinator.test.ts.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SiteRecord } from '../../src/confluence/siteSession';
import { authorityForOrigin } from '../../src/pages/pageUri';
import { ConfluenceClient } from '../../src/confluence/client';
import { Commands } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import { pageUri, tryLocate } from '../../src/fs/confluenceFileSystemProvider';
import type { Prompts } from '../../src/platform/prompts';
import type { RunningEmulator } from '../emulator/index';
import { DEMO } from '../emulator/seed';
import { AgreeingPrompts, closeConfluenceEditors, Emulators, extensionApi, waitFor } from './support';
import { clearNotifications, notifications, ui } from './ui';

const MINUTE = 60_000;

suite('pages as documents (confluence: file system)', function () {
  this.timeout(90_000);
  const emulators = new Emulators(() => api.clock.now());
  let api: TestApi;
  let site: RunningEmulator;
  let host: string;

  const uriOf = (pageId: string) => pageUri({ host, pageId });
  const state = (pageId: string) => {
    const s = site.control.pageState(pageId);
    if (!s) throw new Error(`no page ${pageId} in the emulator`);
    return s;
  };
  const requests = (pred: (r: { method: string; path: string }) => boolean) => site.control.requestLog().filter(pred);
  const puts = (pageId: string) => requests((r) => r.method === 'PUT' && r.path.startsWith(`/wiki/api/v2/pages/${pageId}`));

  /** Opens a page the way a person does (Open Page… by id); resolves to its editor. */
  async function open(pageId: string): Promise<vscode.TextEditor> {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.openPage, pageId);
    assert.ok(uri, `page ${pageId} opened`);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    assert.ok(editor, `an editor for ${uri.toString()}`);
    return editor;
  }

  async function append(editor: vscode.TextEditor, text: string): Promise<void> {
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    assert.ok(await editor.edit((b) => b.insert(end, text)), 'edit applied');
  }

  async function closeAll(): Promise<void> {
    await closeConfluenceEditors();
    await clearNotifications();
  }

  /** Another person changes the page in Confluence: keeps the byte length, or makes it longer. */
  function editAsOther(pageId: string, sameSize: boolean): { version: number; body: string } {
    const body = state(pageId).body;
    const changed = sameSize ? swapFirstLetter(body) : `${body}\n<p>Added by Oscar in the browser.</p>`;
    assert.strictEqual(Buffer.byteLength(changed) === Buffer.byteLength(body), sameSize);
    const { version } = site.control.editPageAsOtherUser(pageId, { body: changed });
    return { version, body: changed };
  }

  suiteSetup(async () => {
    api = await extensionApi();
    // These tests are about the storage form byte for byte; the Markdown view has its own suite.
    await vscode.workspace.getConfiguration('confluence').update('files.defaultFormat', 'storage', vscode.ConfigurationTarget.Global);
    site = await emulators.start('demo');
    host = authorityForOrigin(site.url);
    await vscode.commands.executeCommand<SiteRecord>(Commands.addSite, { siteUrl: site.url, email: DEMO.accounts.admin.email, token: DEMO.accounts.admin.token });
    await waitFor('the session', () => api.sessions.get(site.url));
  });

  teardown(async () => {
    api.prompts.answerer = new AgreeingPrompts();
    await closeAll();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('confluence').update('files.defaultFormat', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(Commands.signOut, site.url);
    await emulators.closeAll();
  });

  test('opening is one body request and shows the storage body byte for byte, as HTML-like source', async () => {
    const id = DEMO.deepPath[1]!.id;
    site.control.clearRequestLog();
    const editor = await open(id);
    assert.strictEqual(editor.document.getText(), state(id).body);
    assert.strictEqual(editor.document.languageId, 'confluence-storage');
    assert.strictEqual(editor.document.uri.path, `/${DEMO.spaces.eng.key}/${id}/${DEMO.deepPath[1]!.title}.confluence.html`);
    const bodyReads = requests((r) => r.method === 'GET' && r.path.startsWith(`/wiki/api/v2/pages/${id}?`) && r.path.includes('body-format=storage'));
    assert.strictEqual(bodyReads.length, 1, JSON.stringify(site.control.requestLog().map((r) => r.path)));
    const stat = await vscode.workspace.fs.stat(editor.document.uri);
    assert.strictEqual(stat.size, Buffer.byteLength(state(id).body));
    assert.strictEqual(stat.permissions, undefined, 'the admin can update this page');

    // Opened from the tree (which knows the title and space key): one request for the page, the body
    // with the permitted operations; its comments are read besides (two listings: it has none).
    const other = DEMO.deepPath[0]!;
    site.control.clearRequestLog();
    const doc = await vscode.workspace.openTextDocument(pageUri({ host, pageId: other.id, spaceKey: DEMO.spaces.eng.key, title: other.title }));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.getText(), state(other.id).body);
    const isComments = (p: string) => /\/pages\/\d+\/(inline|footer)-comments/.test(p);
    const all = site.control.requestLog().filter((r) => !r.path.endsWith('/admin-key') && !isComments(r.path));
    assert.deepStrictEqual(all.map((r) => r.path), [`/wiki/api/v2/pages/${other.id}?body-format=storage&include-operations=true`]);
    await waitFor('its comments read', () => site.control.requestLog().filter((r) => isComments(r.path)).length === 2 || undefined);
  });

  test('edit and save creates exactly one version with the new body and version number + 1', async () => {
    const id = DEMO.deepPath[2]!.id;
    const before = state(id).version;
    const editor = await open(id);
    await append(editor, '\n<p>Edited in VS Code.</p>');
    site.control.clearRequestLog();
    assert.strictEqual(await editor.document.save(), true);
    const after = state(id);
    assert.strictEqual(after.version, before + 1);
    assert.strictEqual(after.body, editor.document.getText());
    assert.strictEqual(puts(id).length, 1);
    assert.strictEqual(editor.document.isDirty, false);
    const versionChecks = requests((r) => r.method === 'GET' && r.path.startsWith(`/wiki/api/v2/pages/${id}`));
    assert.ok(versionChecks.length <= 2, `at most the version check before and the stat after: ${JSON.stringify(versionChecks.map((r) => r.path))}`);
  });

  test('saving unchanged content writes nothing (no empty version)', async () => {
    const id = DEMO.deepPath[3]!.id;
    const before = state(id).version;
    const editor = await open(id);
    await append(editor, 'x');
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((b) => b.delete(new vscode.Range(end.translate(0, -1), end)));
    assert.strictEqual(editor.document.isDirty, true);
    site.control.clearRequestLog();
    assert.strictEqual(await editor.document.save(), true);
    assert.strictEqual(puts(id).length, 0);
    assert.strictEqual(state(id).version, before);
  });

  test('with files.autoSave afterDelay, typing creates no version until the person saves', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    await files.update('autoSaveDelay', 200, vscode.ConfigurationTarget.Global);
    try {
      const id = DEMO.prodPages.roadmap.id;
      const before = state(id).version;
      const editor = await open(id);
      site.control.clearRequestLog();
      await append(editor, '\n<p>typing…</p>');
      // A negative check needs a window: ten times the auto-save delay, in which an auto save
      // would certainly have run.
      await new Promise((r) => setTimeout(r, 2000));
      assert.strictEqual(puts(id).length, 0, 'no PUT while typing');
      assert.strictEqual(editor.document.isDirty, true);
      assert.strictEqual(await editor.document.save(), true);
      assert.strictEqual(puts(id).length, 1);
      assert.strictEqual(state(id).version, before + 1);
    } finally {
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await files.update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('another person\'s edit that changes the size: VS Code\'s conflict flow; Overwrite writes on top of exactly that version', async () => {
    const id = DEMO.deepPath[4]!.id;
    const editor = await open(id);
    await append(editor, '\n<p>Mine.</p>');
    const theirs = editAsOther(id, false);
    assert.strictEqual(await editor.document.save(), false, 'VS Code refuses: the content is newer');
    assert.strictEqual(state(id).body, theirs.body, 'their text is untouched');
    assert.strictEqual(editor.document.isDirty, true);
    assert.match(editor.document.getText(), /<p>Mine\.<\/p>/);
    await clickNotificationButton('newer', 'Overwrite');
    await waitFor('the overwrite to be written', () => state(id).version === theirs.version + 1 || undefined);
    assert.strictEqual(state(id).body, editor.document.getText());
    assert.ok(state(id).versions.some((v) => v.number === theirs.version && v.body === theirs.body), 'their version stays in the history');
    await waitFor('the editor to be clean', () => !editor.document.isDirty || undefined);
  });

  test('Overwrite refuses when yet another version appeared after the one shown', async () => {
    const id = DEMO.deepPath[5]!.id;
    const editor = await open(id);
    await append(editor, '\n<p>Mine again.</p>');
    editAsOther(id, false);
    assert.strictEqual(await editor.document.save(), false);
    const second = editAsOther(id, false);
    await clickNotificationButton('newer', 'Overwrite');
    await waitFor('a refusal', async () => (await notifications()).find((m) => /version|changed|newer/i.test(m) && /Failed to save|not/i.test(m)));
    assert.strictEqual(state(id).version, second.version);
    assert.strictEqual(state(id).body, second.body);
    assert.strictEqual(editor.document.isDirty, true);
  });

  test('a same-size edit by another person is refused with a clear message; Compare and Overwrite with consent work', async () => {
    const id = DEMO.prodPages.requirements.id;
    const editor = await open(id);
    await append(editor, '\n<p>Requirement 9.</p>');
    const theirs = editAsOther(id, true);
    assert.strictEqual(await editor.document.save(), false);
    assert.strictEqual(state(id).body, theirs.body, 'their same-size edit survives');
    assert.strictEqual(editor.document.isDirty, true);
    const message = await waitFor('the refusal', async () => (await notifications()).find((m) => m.includes('Compare with Remote')));
    assert.match(message, new RegExp(`version ${theirs.version}`));
    assert.match(message, /Overwrite Remote with My Version/);
    assert.match(message, new RegExp(`by ${DEMO.accounts.other.displayName} at`), 'named by display name');

    const shown = await vscode.commands.executeCommand<number>(Commands.compareWithRemote, editor.document.uri);
    assert.strictEqual(shown, theirs.version);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff editor is open');
    const left = await vscode.workspace.openTextDocument((tab.input as vscode.TabInputTextDiff).original);
    assert.strictEqual(left.getText(), theirs.body);

    const questions: string[] = [];
    api.prompts.answerer = answering({ confirmOverwrite: async (q) => { questions.push(q); return false; } });
    assert.strictEqual(await vscode.commands.executeCommand(Commands.overwriteRemote, editor.document.uri), false, 'declined: nothing written');
    assert.strictEqual(state(id).version, theirs.version);
    // A command argument never stands in for the confirmation (arguments can come from a link).
    assert.strictEqual(await vscode.commands.executeCommand(Commands.overwriteRemote, editor.document.uri, { version: theirs.version }), false);
    assert.strictEqual(state(id).version, theirs.version);
    api.prompts.answerer = answering({ confirmOverwrite: async (q) => { questions.push(q); return true; } });
    assert.strictEqual(await vscode.commands.executeCommand(Commands.overwriteRemote, editor.document.uri), true);
    assert.ok(questions.every((q) => q.includes(`version ${theirs.version} of`)), questions.join('\n'));
    assert.strictEqual(state(id).version, theirs.version + 1);
    assert.strictEqual(state(id).body, editor.document.getText());
  });

  test('a save during a dropped connection, a 500, a 429 and a timeout keeps the text and loses nothing', async () => {
    const config = vscode.workspace.getConfiguration('confluence');
    await config.update('http.timeoutSeconds', 5, vscode.ConfigurationTarget.Global);
    await waitFor('new clients with the short timeout', () => api.sessions.get(site.url));
    try {
      const id = DEMO.pageWithImage.id;
      const editor = await open(id);
      const before = state(id);
      const faults = [
        { name: 'dropped connection', fault: { drop: true } },
        { name: '500', fault: { status: 500 } },
        { name: '429', fault: { status: 429, retryAfter: '120' } },
        { name: 'timeout', fault: { hang: true } },
      ];
      for (const [i, { name, fault }] of faults.entries()) {
        await append(editor, `\n<p>attempt ${i}</p>`);
        const text = editor.document.getText();
        site.control.failNext(1, { ...fault, method: 'PUT' });
        assert.strictEqual(await editor.document.save(), false, `${name}: the save fails`);
        assert.strictEqual(editor.document.isDirty, true, `${name}: still dirty`);
        assert.strictEqual(editor.document.getText(), text, `${name}: text intact`);
        assert.strictEqual(state(id).version, before.version, `${name}: nothing written`);
        assert.strictEqual(state(id).body, before.body);
        await clearNotifications();
      }
      assert.strictEqual(await editor.document.save(), true, 'the next save goes through');
      assert.strictEqual(state(id).version, before.version + 1);
      assert.strictEqual(state(id).body, editor.document.getText());
    } finally {
      await config.update('http.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('a restricted page is not found without the key, opens and saves with it (audited), and fails clearly after expiry', async () => {
    const id = DEMO.restricted.id;
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(uriOf(id))), /admin key may be needed/);
    await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(uriOf(id))));
    await vscode.commands.executeCommand(Commands.adminKeyEnable, { origin: site.url, minutes: 10 });
    try {
      const editor = await open(id);
      assert.strictEqual(editor.document.getText(), state(id).body);
      await append(editor, '\n<p>Reviewed by the admin.</p>');
      const before = state(id).version;
      assert.strictEqual(await editor.document.save(), true);
      const after = state(id);
      assert.strictEqual(after.version, before + 1);
      assert.strictEqual(after.versions[after.versions.length - 1]?.adminKeyUsed, true);
      assert.ok(site.control.auditLog().some((e) => e.action === 'admin-key.use' && e.contentId === id && e.method === 'PUT'));

      await append(editor, '\n<p>After the key expired.</p>');
      const text = editor.document.getText();
      site.control.advance(11 * MINUTE);
      api.clock.advance(11 * MINUTE);
      await waitFor('the key to be off', () => api.adminKey.stateOf(site.url).kind === 'off' || undefined);
      assert.strictEqual(await editor.document.save(), false);
      assert.strictEqual(editor.document.getText(), text);
      assert.strictEqual(state(id).version, before + 1);
      await waitFor('the expiry message', async () => (await notifications()).find((m) => /admin key is no longer active/i.test(m)));
    } finally {
      await vscode.commands.executeCommand(Commands.adminKeyDisable, { origin: site.url });
    }
  });

  test('a page without update permission opens read-only and is never written', async () => {
    const id = DEMO.updateRestricted.id;
    const editor = await open(id);
    const stat = await vscode.workspace.fs.stat(editor.document.uri);
    assert.strictEqual(stat.permissions, vscode.FilePermission.Readonly);
    site.control.clearRequestLog();
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(editor.document.uri, Buffer.from('<p>x</p>'))));
    assert.strictEqual(puts(id).length, 0);
  });

  test('every seeded body round-trips byte for byte', async () => {
    const client = api.sessions.get(site.url)!.client;
    let checked = 0;
    for (const space of [DEMO.spaces.eng, DEMO.spaces.prod, DEMO.spaces.personal]) {
      for await (const batch of client.spacePages(space.id)) {
        for (const page of batch) {
          const bytes = await vscode.workspace.fs.readFile(uriOf(page.id));
          assert.ok(Buffer.from(bytes).equals(Buffer.from(state(page.id).body, 'utf8')), `page ${page.id} "${page.title}"`);
          checked++;
        }
      }
    }
    assert.ok(checked > 300, `${checked} pages checked`);
  });

  test('a save that removes inline-comment anchors asks first; Cancel keeps the text unsaved', async () => {
    const id = DEMO.commentedPage.id;
    const editor = await open(id);
    const anchors = (editor.document.getText().match(/<ac:inline-comment-marker\b/g) ?? []).length;
    assert.ok(anchors > 0, 'the seeded page has inline comments');
    const stripped = editor.document.getText().replace(/<ac:inline-comment-marker\b[^>]*>|<\/ac:inline-comment-marker>/g, '');
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), stripped));
    const asked: string[] = [];
    api.prompts.answerer = answering({ confirmRemovals: async (_t, loss) => { asked.push(loss.sentence); return false; } });
    const before = state(id).version;
    assert.strictEqual(await editor.document.save(), false);
    assert.deepStrictEqual(asked, [`This save removes: ${anchors} comment anchor${anchors === 1 ? '' : 's'}`]);
    assert.strictEqual(state(id).version, before);
    assert.strictEqual(editor.document.isDirty, true);
    api.prompts.answerer = answering({ confirmRemovals: async (_t, loss) => { asked.push(loss.sentence); return true; } });
    await clearNotifications();
    assert.strictEqual(await editor.document.save(), true);
    assert.strictEqual(state(id).version, before + 1);
  });

  test('hostile titles give valid, safe file names that open', async () => {
    const client = api.sessions.get(site.url)!.client;
    const hostile = ['a/b\\c', '..', '\u202Egnp.exe\u202C', 'control\u0001\u0007chars', 'emoji 🚀 👩‍👩‍👧 team', 'x'.repeat(255), 'CON'];
    for (const title of hostile) {
      const page = await client.createPage({ spaceId: DEMO.spaces.prod.id, title, body: { representation: 'storage', value: `<p>${title.length}</p>` } });
      const uri = pageUri({ host, pageId: page.id, spaceKey: DEMO.spaces.prod.key, title });
      const name = uri.path.split('/').pop()!;
      assert.ok(name.length > 0 && name.length <= 200, `length ${name.length} for ${JSON.stringify(title)}`);
      assert.ok(!/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069/\\]/.test(name), `unsafe characters in ${JSON.stringify(name)}`);
      assert.ok(name !== '..' && name !== '.', name);
      assert.strictEqual(uri.path.split('/').length, 4, `${uri.path} has exactly space/id/name segments`);
      assert.match(name, /\.confluence\.html$/);
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.strictEqual(doc.getText(), `<p>${title.length}</p>`);
    }
  });

  test('create a child page, rename it, and delete it to the trash; a save never re-creates it', async () => {
    const parent = DEMO.prodPages.roadmap.id;
    const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.createChildPage, { host, spaceId: DEMO.spaces.prod.id, spaceKey: DEMO.spaces.prod.key, parentId: parent }, 'Q3 planning notes');
    assert.ok(uri, 'a URI for the new page');
    const pageId = tryLocate(uri)!.pageId;
    assert.strictEqual(state(pageId).title, 'Q3 planning notes');
    assert.strictEqual(state(pageId).parentId, parent);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());

    const renamed = await vscode.commands.executeCommand<string>(Commands.renamePage, { host, pageId }, 'Q3 planning');
    assert.strictEqual(renamed, 'Q3 planning');
    assert.strictEqual(state(pageId).title, 'Q3 planning');

    const editor = vscode.window.activeTextEditor!;
    await append(editor, '\n<p>draft</p>');
    assert.strictEqual(await vscode.commands.executeCommand(Commands.deletePage, { host, pageId }), true);
    assert.strictEqual(state(pageId).status, 'trashed');
    assert.strictEqual(await editor.document.save(), false, 'a save does not bring the page back');
    assert.strictEqual(state(pageId).status, 'trashed');
  });

  test('a save a moment after someone moved the page to the trash is refused and does not bring the page back', async () => {
    const id = DEMO.prodPages.searchPrd.id;
    const editor = await open(id);
    await append(editor, '\n<p>typed while someone else deleted the page</p>');
    const other = new ConfluenceClient({ connection: { siteOrigin: site.url, apiBase: site.url, tokenKind: 'classic' },
      credentials: { email: DEMO.accounts.other.email, token: DEMO.accounts.other.token }, http: { userAgent: 'confluence-vscode-tests' } });
    try {
      await other.deletePage(id);
    } finally {
      await other.dispose();
    }
    site.control.clearRequestLog();
    // Within the seconds the page's details are reused: the stat before the save answers 404 and
    // VS Code then writes anyway.
    assert.strictEqual(await editor.document.save(), false, 'the save fails');
    assert.strictEqual(state(id).status, 'trashed', 'the page stays in the trash');
    assert.strictEqual(puts(id).length, 0, 'nothing was written');
    assert.strictEqual(editor.document.isDirty, true, 'the text is kept');
    await waitFor('the message', async () => (await notifications()).find((m) => /not re-created/.test(m)));
  });

  test('Open Page… accepts each link form and a bare id', async () => {
    const id = DEMO.versionedPage.id;
    const page = await api.sessions.get(site.url)!.client.getPage(id, { bodyFormat: 'none' });
    assert.ok(page.tinyUrl, 'the page has a tiny link');
    const forms = [
      `${site.url}/wiki/spaces/ENG/pages/${id}/Webhooks`,
      page.tinyUrl!,
      `${site.url}/wiki/pages/viewpage.action?pageId=${id}`,
      id,
    ];
    for (const link of forms) {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.openPage, link);
      assert.strictEqual(uri && tryLocate(uri)?.pageId, id, link);
      assert.strictEqual(vscode.window.activeTextEditor?.document.getText(), state(id).body, link);
    }
  });

  test('a vscode:// link opens the page it names', async () => {
    const id = DEMO.prodPages.roadmap.id;
    const link = `${site.url}/wiki/spaces/PROD/pages/${id}/Roadmap`;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.uriHandler.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://confluence-vscode.confluence-vscode/open`).with({ query: `link=${encodeURIComponent(link)}` }));
    await waitFor('the page to open', () => (vscode.window.activeTextEditor?.document.uri.path.includes(`/${id}/`) ? true : undefined));
    assert.strictEqual(vscode.window.activeTextEditor?.document.getText(), state(id).body);
  });

  test('with the admin key on, a vscode:// link asks before an audited read; declining reads nothing', async () => {
    const id = DEMO.restricted.id;
    const link = `${site.url}/wiki/spaces/ENG/pages/${id}`;
    const linkUri = vscode.Uri.parse(`${vscode.env.uriScheme}://confluence-vscode.confluence-vscode/open`).with({ query: `link=${encodeURIComponent(link)}` });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(Commands.adminKeyEnable, { origin: site.url, minutes: 10 });
    try {
      const links: string[] = [];
      const keyedReads = () => site.control.auditLog().filter((e) => e.action === 'admin-key.use' && e.contentId === id).length;
      const keyedReadsBefore = keyedReads();
      api.prompts.answerer = answering({ confirmOpenWithAdminKey: async (l) => { links.push(l); return false; } });
      site.control.clearRequestLog();
      await api.uriHandler.handleUri(linkUri);
      assert.deepStrictEqual(links, [link], 'asked once, naming the link');
      assert.deepStrictEqual(requests((r) => r.path.includes(`/${id}`)), [], 'declined: the page was not read');
      assert.strictEqual(keyedReads(), keyedReadsBefore, 'nothing audited');

      api.prompts.answerer = answering({ confirmOpenWithAdminKey: async (l) => { links.push(l); return true; } });
      await api.uriHandler.handleUri(linkUri);
      await waitFor('the restricted page to open', () => (vscode.window.activeTextEditor?.document.uri.path.includes(`/${id}/`) ? true : undefined));
      assert.strictEqual(links.length, 2);
      assert.ok(keyedReads() > keyedReadsBefore, 'the read the person agreed to is audited');
    } finally {
      api.prompts.answerer = new AgreeingPrompts();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand(Commands.adminKeyDisable, { origin: site.url });
    }
  });

  test('search finds pages by words and by CQL; the quick pick debounces typing', async () => {
    const hits = await vscode.commands.executeCommand<{ id: string; spaceKey?: string; title: string }[]>(Commands.search, { query: 'Webhooks' });
    const hit = hits.find((h) => h.id === DEMO.versionedPage.id);
    assert.ok(hit, JSON.stringify(hits.map((h) => h.title)));
    const cql = await vscode.commands.executeCommand<{ id: string }[]>(Commands.search, { query: `space = PROD AND title ~ "roadmap"` });
    assert.ok(cql.some((h) => h.id === DEMO.prodPages.roadmap.id), JSON.stringify(cql));

    site.control.clearRequestLog();
    void vscode.commands.executeCommand(Commands.search);
    await ui(async (page, word: string) => {
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible' });
      await input.pressSequentially(word, { delay: 30 });
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: word }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Enter');
    }, 'Webhooks');
    await waitFor('the page to open', () => (vscode.window.activeTextEditor?.document.uri.path.includes(`/${DEMO.versionedPage.id}/`) ? true : undefined));
    const searches = requests((r) => r.path.startsWith('/wiki/rest/api/search'));
    assert.ok(searches.length >= 1 && searches.length <= 2, `typing 8 letters sent ${searches.length} searches`);
  });

  test('Copy Link and Open in Browser work from the editor; the preview is sanitised with a strict CSP', async () => {
    const id = DEMO.deepPath[1]!.id;
    const editor = await open(id);
    const link = await vscode.commands.executeCommand<string>(Commands.copyLink, editor.document.uri);
    assert.strictEqual(link, `${site.url}/wiki/spaces/ENG/pages/${id}`);
    assert.strictEqual(await vscode.env.clipboard.readText(), link);
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>(Commands.showPreview, editor.document.uri);
    assert.ok(panel, 'a preview panel');
    const html = await waitFor('the rendered page', () => (panel.webview.html.includes(DEMO.deepPath[1]!.title) ? panel.webview.html : undefined));
    assert.match(html, /Content-Security-Policy[^>]*default-src 'none'/);
    assert.doesNotMatch(html, /<script/i);
    panel.dispose();
  });

  test('a 401 while saving or opening a page offers "Sign In Again", which signs in again', async () => {
    for (const phase of ['save', 'open'] as const) {
      await clearNotifications();
      if (phase === 'save') {
        const id = DEMO.prodPages.roadmap.id;
        const editor = await open(id);
        await append(editor, '\n<p>after the token was revoked</p>');
        const before = state(id).version;
        site.control.failNext(1, { status: 401, method: 'PUT' });
        assert.strictEqual(await editor.document.save(), false, 'the save fails');
        assert.strictEqual(editor.document.isDirty, true, 'the text is kept');
        assert.strictEqual(state(id).version, before);
      } else {
        site.control.failNext(1, { status: 401, pathIncludes: `/pages/${DEMO.deepPath[3]!.id}` });
        await vscode.commands.executeCommand(Commands.openPage, DEMO.deepPath[3]!.id);
      }
      await waitFor(`the site to stop using the token (${phase})`, () => api.sessions.isInvalid(site.url) || undefined);
      await clickNotificationButton('rejected the API token', 'Sign In Again');
      // The sign-in flow asks for the site, the email and the token, prefilled with what is known.
      await ui(async (page, token: string) => {
        const input = page.locator('.quick-input-widget .quick-input-box input');
        for (const step of ['1/3', '2/3']) {
          await page.locator('.quick-input-widget .quick-input-title', { hasText: step }).waitFor();
          await page.keyboard.press('Enter');
        }
        await page.locator('.quick-input-widget .quick-input-title', { hasText: '3/3' }).waitFor();
        await input.fill(token);
        await page.keyboard.press('Enter');
        await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      }, DEMO.accounts.admin.token);
      await waitFor(`the site to be signed in again (${phase})`, () => (api.sessions.get(site.url) && !api.sessions.isInvalid(site.url)) || undefined);
    }
  });

  test('the background version check reloads a clean editor when the page changed in Confluence', async () => {
    const id = DEMO.nestedFolder.childIds[0]!;
    const editor = await open(id);
    const theirs = editAsOther(id, false);
    api.clock.advance(5 * MINUTE + 1000);
    await waitFor('the editor to show their version', () => (editor.document.getText() === theirs.body ? true : undefined));
    assert.strictEqual(editor.document.isDirty, false);
  });
});

/** Agrees to everything except what `overrides` answers. */
function answering(overrides: Partial<Prompts>): Prompts {
  const agree = new AgreeingPrompts();
  return {
    confirmRemovals: (t, l) => agree.confirmRemovals(t, l), askVersionMessage: (t, m) => agree.askVersionMessage(t, m),
    confirmTrash: (t, h) => agree.confirmTrash(t, h), confirmAdminKeyFirstUse: (h) => agree.confirmAdminKeyFirstUse(h),
    confirmOverwrite: (q, d) => agree.confirmOverwrite(q, d), confirmOpenWithAdminKey: (l, h) => agree.confirmOpenWithAdminKey(l, h),
    confirmDeleteComment: (p, r) => agree.confirmDeleteComment(p, r), confirmRestore: (q, d) => agree.confirmRestore(q, d),
    chooseMove: (m, d, c) => agree.chooseMove(m, d, c), confirmDeleteFolder: (t, h) => agree.confirmDeleteFolder(t, h),
    confirmDeleteAttachment: (f, p) => agree.confirmDeleteAttachment(f, p), confirmNewVersion: (f, p) => agree.confirmNewVersion(f, p),
    ...overrides,
  };
}

/** Clicks a button of the notification whose message contains `messagePart`, in the notification centre. */
async function clickNotificationButton(messagePart: string, button: string): Promise<void> {
  await waitFor(`a notification containing "${messagePart}"`, async () => (await notifications()).find((m) => m.includes(messagePart)));
  await ui(async (page, arg: { messagePart: string; button: string }) => {
    const item = page.locator('.notifications-center .notification-list-item', { hasText: arg.messagePart }).first();
    await item.hover();
    await item.locator('.monaco-button', { hasText: arg.button }).first().click();
  }, { messagePart, button });
}

/** Changes one ASCII letter without changing the byte length. */
function swapFirstLetter(body: string): string {
  const i = body.search(/<p>[A-Za-z]/);
  if (i < 0) throw new Error('no paragraph starting with a letter');
  const at = i + 3;
  const c = body[at]!;
  const swapped = c === 'Z' ? 'Y' : c === 'z' ? 'y' : String.fromCharCode(c.charCodeAt(0) + 1);
  return body.slice(0, at) + swapped + body.slice(at + 1);
}
