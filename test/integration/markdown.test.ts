// Pages as Markdown in the real extension host: a page with a layout, macros, a mention, an image and an
// inline comment opens as Markdown, an edited paragraph is the only change Confluence receives, what a
// save would remove is asked about first, the front matter guards the page's facts, and VS Code's own
// Markdown preview renders the kept storage as labelled boxes and chips.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import type { LossReport } from '../../src/pages/lossReport';
import { authorityForOrigin } from '../../src/pages/pageUri';
import type { RunningEmulator } from '../emulator/index';
import { DEMO } from '../emulator/seed';
import { AgreeingPrompts, closeConfluenceEditors, Emulators, extensionApi, waitFor } from './support';
import { clearNotifications, notifications } from './ui';

suite('pages as Markdown', function () {
  this.timeout(90_000);
  const emulators = new Emulators(() => api.clock.now());
  let api: TestApi;
  let site: RunningEmulator;
  let host: string;
  const page = () => DEMO.markdownShowcase;
  const state = (id: string) => site.control.pageState(id)!;
  const puts = (id: string) => site.control.requestLog().filter((r) => r.method === 'PUT' && r.path.startsWith(`/wiki/api/v2/pages/${id}`));

  async function openMarkdown(pageId: string): Promise<vscode.TextEditor> {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.openAsMarkdown, { host, pageId });
    assert.ok(uri, 'a Markdown document opened');
    return waitFor('its editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()));
  }

  async function replace(editor: vscode.TextEditor, from: string, to: string): Promise<void> {
    const text = editor.document.getText();
    const at = text.indexOf(from);
    assert.ok(at >= 0, `"${from}" is in the document`);
    const range = new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + from.length));
    assert.ok(await editor.edit((b) => b.replace(range, to)));
  }

  suiteSetup(async () => {
    api = await extensionApi();
    site = await emulators.start('demo');
    host = authorityForOrigin(site.url);
    await vscode.commands.executeCommand(Commands.addSite, { siteUrl: site.url, email: DEMO.accounts.admin.email, token: DEMO.accounts.admin.token });
    await waitFor('the session', () => api.sessions.get(site.url));
    // VS Code for the web auto-saves after a second by default, and VS Code cannot be told to spare
    // one scheme of Markdown files. The test of that is below; elsewhere the saves are the test's.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });

  teardown(async () => {
    api.prompts.answerer = new AgreeingPrompts();
    await closeConfluenceEditors();
    await clearNotifications();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(Commands.signOut, site.url);
    await emulators.closeAll();
  });

  test('a page with a layout, macros, a mention, an image and an inline comment opens as Markdown; editing one paragraph changes only that paragraph', async () => {
    const id = page().id;
    const before = state(id);
    const editor = await openMarkdown(id);
    const doc = editor.document;
    assert.strictEqual(doc.languageId, 'markdown', 'VS Code\'s own Markdown support applies');
    assert.match(doc.uri.path, /\/Release checklist\.md$/);
    const text = doc.getText();
    assert.match(text, /^---\ntitle: Release checklist\nspace: PROD\n/);
    assert.match(text, /^# Release checklist$/m);
    assert.match(text, /:mention\{account-id="/);
    assert.match(text, /:comment\[The freeze starts on Monday\.\]\{ref="/);
    assert.match(text, /```confluence\n<ac:layout>/);
    assert.match(text, /^> \[!NOTE\]$/m);

    site.control.clearRequestLog();
    assert.strictEqual(await doc.save(), true, 'saving unedited Markdown');
    assert.strictEqual(puts(id).length, 0, 'writes nothing');

    await replace(editor, 'This paragraph is the one a person edits in the test.', 'This paragraph was **edited** in VS Code.');
    assert.strictEqual(await doc.save(), true);
    const after = state(id);
    assert.strictEqual(after.version, before.version + 1);
    const expected = before.body.replace('<p local-id="c9d0e1f2-a3b4-4c5d-8e6f-7a8b9c0d1e08">This paragraph is the one a person edits in the test.</p>',
      '<p local-id="c9d0e1f2-a3b4-4c5d-8e6f-7a8b9c0d1e08">This paragraph was <strong>edited</strong> in VS Code.</p>');
    assert.notStrictEqual(expected, before.body, 'the test replaces something');
    assert.strictEqual(after.body, expected, 'every other byte of the page is as it was');
    await waitFor('the editor to show the new version in its front matter', () => (doc.getText().includes(`\nversion: ${after.version}\n`) && !doc.isDirty) || undefined);
    assert.match(doc.getText(), /This paragraph was \*\*edited\*\* in VS Code\./);
  });

  test('with auto save on (the web default), a Markdown page is not saved by it: one clear message, the text kept, and the person\'s save writes once', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    await files.update('autoSaveDelay', 100, vscode.ConfigurationTarget.Global);
    try {
      const id = page().id;
      const before = state(id).version;
      const editor = await openMarkdown(id);
      site.control.clearRequestLog();
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      assert.ok(await editor.edit((b) => b.insert(end, '\nThis paragraph was typed with auto save on.\n')));
      const message = await waitFor('the refused auto save', async () => (await notifications()).find((m) => /save only when you save explicitly/.test(m)));
      assert.match(message, /your text is kept/);
      assert.strictEqual(puts(id).length, 0, 'auto save wrote nothing');
      assert.strictEqual(editor.document.isDirty, true, 'the text is kept');
      assert.strictEqual(await editor.document.save(), true);
      assert.strictEqual(puts(id).length, 1, 'the person\'s save is one PUT');
      assert.strictEqual(state(id).version, before + 1);
      assert.match(state(id).body, /typed with auto save on/);
    } finally {
      await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
      await files.update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('a save that would remove a macro and a comment anchor lists them first; Cancel keeps the text', async () => {
    const id = page().id;
    const before = state(id).version;
    const editor = await openMarkdown(id);
    const asked: LossReport[] = [];
    api.prompts.answerer = Object.assign(new AgreeingPrompts(), { confirmRemovals: async (_t: string, loss: LossReport) => { asked.push(loss); return false; } });
    await replace(editor, ':jira{server="System Jira" key="REL-42"}', '');
    await replace(editor, ':comment[The freeze starts on Monday.]', 'The freeze starts on Monday.');
    const text = editor.document.getText();
    await replace(editor, text.slice(text.indexOf('{ref="f6a7'), text.indexOf('"}', text.indexOf('{ref="f6a7')) + 2), '');
    assert.strictEqual(await editor.document.save(), false);
    assert.strictEqual(state(id).version, before);
    assert.strictEqual(editor.document.isDirty, true);
    assert.strictEqual(asked.length, 1, `asked once; notifications: ${(await notifications()).join(' | ')}`);
    assert.match(asked[0]!.sentence, /jira/i);
    assert.match(asked[0]!.sentence, /comment/i);
  });

  test('the front matter: a changed title renames the page on save; a changed read-only fact is refused with a message', async () => {
    const id = DEMO.prodPages.requirements.id;
    const editor = await openMarkdown(id);
    await replace(editor, 'space: PROD', 'space: ENG');
    assert.strictEqual(await editor.document.save(), false);
    await waitFor('the refusal', async () => (await notifications()).find((m) => /read-only/.test(m) && /space/.test(m)));
    await replace(editor, 'space: ENG', 'space: PROD');
    const title = state(id).title;
    await replace(editor, `title: ${title}`, 'title: Requirements (renamed in Markdown)');
    assert.strictEqual(await editor.document.save(), true);
    assert.strictEqual(state(id).title, 'Requirements (renamed in Markdown)');
  });

  test('the storage form and the Markdown form of one page open side by side; a save in one makes the other re-read', async () => {
    const id = DEMO.prodPages.searchPrd.id;
    const md = await openMarkdown(id);
    const storageUri = await vscode.commands.executeCommand<vscode.Uri>(Commands.openAsStorage, { host, pageId: id });
    const storage = await waitFor('the storage editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === storageUri.toString()));
    assert.strictEqual(storage.document.getText(), state(id).body);
    const mdEditor = await vscode.window.showTextDocument(md.document);
    const end = mdEditor.document.lineAt(mdEditor.document.lineCount - 1).range.end;
    assert.ok(await mdEditor.edit((b) => b.insert(end, '\nA line added in Markdown.\n')));
    assert.strictEqual(await mdEditor.document.save(), true);
    await waitFor('the storage editor to show the new version', () => storage.document.getText() === state(id).body || undefined);
    assert.match(storage.document.getText(), /<p>A line added in Markdown\.<\/p>/);
  });

  test('VS Code\'s Markdown preview renders kept storage as labelled boxes and chips, not raw XML', async () => {
    const editor = await openMarkdown(page().id);
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', editor.document.getText());
    assert.ok(typeof html === 'string' && html.length > 0, 'the built-in Markdown extension rendered the page');
    assert.doesNotMatch(html, /&lt;ac:layout|<ac:layout/, 'no raw storage');
    assert.match(html, /confluence-/, 'our plugin\'s boxes and chips');
    assert.match(html, /Jira/i);
  });
});
