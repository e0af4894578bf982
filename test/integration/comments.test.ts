// Confluence comments as VS Code comment threads, in the real extension host: the seeded commented
// page shows its threads on the marked text in both document forms (open, resolved, dangling, page
// comments), and replying, resolving, a new inline comment on a selection, editing and deleting reach
// the emulator as the right requests. A comment someone else adds is picked up by the version check,
// a restricted page's comments need the admin key, and Show Comments jumps to a thread.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ConfluenceComment, ThreadHandle } from '../../src/comments/commentThreads';
import { Commands } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import type { LossReport } from '../../src/pages/lossReport';
import { authorityForOrigin } from '../../src/pages/pageUri';
import type { RunningEmulator } from '../emulator/index';
import { DEMO } from '../emulator/seed';
import { AgreeingPrompts, childTitled, closeConfluenceEditors, Emulators, extensionApi, waitFor } from './support';
import { clearNotifications, ui, waitForNotification } from './ui';

suite('comments in the editor', function () {
  this.timeout(90_000);
  const emulators = new Emulators(() => api.clock.now());
  let api: TestApi;
  let site: RunningEmulator;
  let host: string;
  const C = DEMO.comments;
  const pageId = C.pageId;
  const requests = (method: string, part: string) => site.control.requestLog().filter((r) => r.method === method && r.path.includes(part));
  const commentsOnEmulator = (id = pageId) => site.control.comments(id) ?? [];

  async function openPage(id: string, format: 'storage' | 'markdown'): Promise<vscode.TextEditor> {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(format === 'markdown' ? Commands.openAsMarkdown : Commands.openAsStorage, { host, pageId: id });
    return waitFor('the editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()));
  }

  /** The threads of a document once at least `count` are shown. */
  function threadsOf(editor: vscode.TextEditor, count: number): Promise<ThreadHandle[]> {
    return waitFor(`${count} threads`, () => {
      const all = api.comments.threadsOf(editor.document.uri);
      return all.length >= count ? all : undefined;
    });
  }

  const thread = (all: ThreadHandle[], id: string): ThreadHandle => {
    const found = all.find((h) => h.view.id === id);
    assert.ok(found, `thread ${id} among ${all.map((h) => h.view.id).join(', ')}`);
    return found;
  };
  const textOf = (editor: vscode.TextEditor, h: ThreadHandle): string => editor.document.getText(h.thread.range);

  function select(editor: vscode.TextEditor, text: string): void {
    const at = editor.document.getText().indexOf(text);
    assert.ok(at >= 0, `"${text}" is in the document`);
    editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at + text.length));
  }

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

  test('opening the commented page reads its comments in as few requests as the API allows', async () => {
    site.control.clearRequestLog();
    const editor = await openPage(pageId, 'storage');
    await threadsOf(editor, 5);
    const comments = commentsOnEmulator();
    // Sign-in's look at the admin key may still be in the log; the rest is the page and its comments.
    const log = site.control.requestLog().map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')}`).filter((l) => !l.endsWith('/admin-key'));
    assert.deepStrictEqual(log.filter((l) => l.endsWith(`/pages/${pageId}`)).length, 1, 'one read of the page');
    assert.strictEqual(log.filter((l) => l.endsWith(`/pages/${pageId}/inline-comments`)).length, 1);
    assert.strictEqual(log.filter((l) => l.endsWith(`/pages/${pageId}/footer-comments`)).length, 1);
    assert.strictEqual(log.filter((l) => l.endsWith('/children')).length, comments.length, 'one /children per comment');
    assert.strictEqual(log.filter((l) => l.endsWith('/users-bulk')).length, 1, 'names in one request');
    assert.strictEqual(log.length, 4 + comments.length, log.join('\n'));
  });

  test('hovering the page in the tree shows its open comment count', async () => {
    const space = await childTitled(api, undefined, DEMO.spaces.eng.name);
    const home = await childTitled(api, space, DEMO.deepPath[0]!.title);
    const node = await childTitled(api, home, DEMO.commentedPage.title);
    const item = await api.tree.resolveTreeItem!(api.tree.getTreeItem(node), node, new vscode.CancellationTokenSource().token);
    const inline = commentsOnEmulator().filter((c) => c.parentId === null && c.kind === 'inline');
    const open = inline.filter((c) => c.resolutionStatus === 'open' || c.resolutionStatus === 'reopened').length;
    const footer = commentsOnEmulator().filter((c) => c.parentId === null && c.kind === 'footer').length;
    const shown = (item.tooltip as vscode.MarkdownString).value.replace(/\\/g, '');
    assert.ok(shown.includes(`${open + footer} open comments (${open} inline, ${footer} on the page)`), shown);
  });

  for (const format of ['storage', 'markdown'] as const) {
    test(`the ${format} form shows each thread on its marked text: open, resolved, dangling and page comments`, async () => {
      const editor = await openPage(pageId, format);
      const all = await threadsOf(editor, 5);
      const open = thread(all, C.openInline.id);
      assert.strictEqual(textOf(editor, open), C.openInline.selection);
      assert.strictEqual(open.thread.comments.length, 3, 'the comment and its two replies');
      assert.strictEqual(open.thread.state, vscode.CommentThreadState.Unresolved);
      assert.strictEqual(open.thread.collapsibleState, vscode.CommentThreadCollapsibleState.Expanded);
      assert.strictEqual(open.thread.comments[0]!.author.name, 'Oscar Other');
      assert.match((open.thread.comments[0]!.body as vscode.MarkdownString).value, /Which queue\?/);
      const resolved = thread(all, C.resolvedInline.id);
      assert.strictEqual(textOf(editor, resolved), C.resolvedInline.selection);
      assert.strictEqual(resolved.thread.state, vscode.CommentThreadState.Resolved);
      assert.strictEqual(resolved.thread.collapsibleState, vscode.CommentThreadCollapsibleState.Collapsed);
      const dangling = thread(all, C.danglingInline.id);
      assert.match(dangling.thread.label ?? '', /^Dangling/);
      assert.deepStrictEqual([dangling.thread.range?.start.line, dangling.thread.range?.start.character], [0, 0], 'listed at the top, not hidden');
      assert.strictEqual(thread(all, C.footerWithReply.id).thread.comments.length, 2);
      assert.strictEqual(thread(all, C.footer.id).thread.label, 'Page comment');
      if (format === 'markdown') {
        const line = editor.document.lineAt(open.thread.range!.start.line).text;
        assert.match(line, /^We propose :comment\[moving indexing/);
      }
      const shown = await ui(async (page) => {
        const body = page.locator('.part.editor .review-widget', { hasText: 'Which queue?' }).first();
        await body.waitFor({ state: 'visible', timeout: 15_000 });
        return body.innerText();
      });
      assert.match(shown, /Oscar Other/);
    });
  }

  test('reply, resolve and reopen reach the emulator as one request each', async () => {
    const editor = await openPage(pageId, 'storage');
    const open = thread(await threadsOf(editor, 5), C.openInline.id);
    site.control.clearRequestLog();
    await vscode.commands.executeCommand(Commands.commentReply, { thread: open.thread, text: 'Agreed, **SQS** it is.' });
    assert.deepStrictEqual(site.control.requestLog().map((r) => `${r.method} ${r.path} ${r.status}`), ['POST /wiki/api/v2/inline-comments 201']);
    const reply = commentsOnEmulator().find((c) => c.parentId === C.openInline.id && c.authorId === DEMO.accounts.admin.accountId);
    assert.strictEqual(reply?.body, '<p>Agreed, <strong>SQS</strong> it is.</p>');
    await waitFor('the reply in the thread', () => open.thread.comments.length === 4 || undefined);

    site.control.clearRequestLog();
    await vscode.commands.executeCommand(Commands.commentResolve, open.thread);
    assert.deepStrictEqual(site.control.requestLog().map((r) => `${r.method} ${r.path} ${r.status}`), [`PUT /wiki/api/v2/inline-comments/${C.openInline.id} 200`]);
    assert.strictEqual(commentsOnEmulator().find((c) => c.id === C.openInline.id)?.resolutionStatus, 'resolved');
    await waitFor('the thread marked resolved', () => open.thread.state === vscode.CommentThreadState.Resolved || undefined);
    await vscode.commands.executeCommand(Commands.commentReopen, open.thread);
    assert.strictEqual(commentsOnEmulator().find((c) => c.id === C.openInline.id)?.resolutionStatus, 'reopened');
    await waitFor('the thread open again', () => open.thread.state === vscode.CommentThreadState.Unresolved || undefined);
  });

  for (const [format, words] of [['storage', 'so writes no longer block'], ['markdown', 'Kafka']] as const) {
    test(`a new inline comment on a selection in the ${format} form is anchored there, without a new version, and the editor re-reads`, async () => {
      const editor = await openPage(pageId, format);
      await threadsOf(editor, 5);
      const version = site.control.pageState(pageId)!.version;
      select(editor, words);
      site.control.clearRequestLog();
      await vscode.commands.executeCommand(Commands.addInlineComment, undefined, 'Why is that?');
      assert.strictEqual(requests('POST', '/wiki/api/v2/inline-comments').length, 1);
      const created = commentsOnEmulator().find((c) => c.originalSelection === words);
      assert.ok(created?.markerRef, 'the emulator anchored the comment on the selected words');
      const state = site.control.pageState(pageId)!;
      assert.strictEqual(state.version, version, 'no new page version');
      assert.ok(state.body.includes(`<ac:inline-comment-marker ac:ref="${created.markerRef}">${words}</ac:inline-comment-marker>`), state.body);
      const shown = await waitFor('the new thread on the words', () => {
        const h = api.comments.threadsOf(editor.document.uri).find((t) => t.view.id === created.id);
        return h && h.view.anchor ? h : undefined;
      });
      assert.strictEqual(textOf(editor, shown), words);
      assert.strictEqual(editor.document.isDirty, false, 'the editor re-read the page');
    });
  }

  test('commenting on a dirty editor says why it cannot, and sends nothing', async () => {
    const editor = await openPage(pageId, 'storage');
    await editor.edit((b) => b.insert(editor.document.positionAt(editor.document.getText().length), '<p>draft</p>'));
    select(editor, 'Kafka');
    site.control.clearRequestLog();
    await vscode.commands.executeCommand(Commands.addInlineComment, undefined, 'Too early');
    await waitForNotification('Save or revert your changes first');
    assert.strictEqual(requests('POST', 'comments').length, 0);
  });

  test('edit and delete your own comment; others\' comments offer neither', async () => {
    const editor = await openPage(pageId, 'storage');
    const all = await threadsOf(editor, 5);
    assert.match(thread(all, C.openInline.id).thread.comments[0]!.contextValue ?? '', /\btheirs\b/);
    const mine = thread(all, C.footer.id).thread.comments[0] as ConfluenceComment;
    assert.match(mine.contextValue, /\bmine\b/);
    await vscode.commands.executeCommand(Commands.commentEdit, mine);
    assert.strictEqual(mine.mode, vscode.CommentMode.Editing);
    mine.body = 'The cost estimate is linked now.';
    site.control.clearRequestLog();
    await vscode.commands.executeCommand(Commands.commentSave, mine);
    assert.deepStrictEqual(site.control.requestLog().map((r) => `${r.method} ${r.path} ${r.status}`), [`PUT /wiki/api/v2/footer-comments/${C.footer.id} 200`]);
    const edited = commentsOnEmulator().find((c) => c.id === C.footer.id);
    assert.deepStrictEqual([edited?.body, edited?.version], ['<p>The cost estimate is linked now.</p>', 2]);
    const shown = await waitFor('the edited comment', () => {
      const c = thread(api.comments.threadsOf(editor.document.uri), C.footer.id).thread.comments[0] as ConfluenceComment;
      return c.mode === vscode.CommentMode.Preview && c.view.version === 2 ? c : undefined;
    });
    site.control.clearRequestLog();
    await vscode.commands.executeCommand(Commands.commentDelete, shown);
    assert.deepStrictEqual(site.control.requestLog().map((r) => `${r.method} ${r.path} ${r.status}`), [`DELETE /wiki/api/v2/footer-comments/${C.footer.id} 204`]);
    assert.strictEqual(commentsOnEmulator().some((c) => c.id === C.footer.id), false);
    await waitFor('the thread gone', () => !api.comments.threadsOf(editor.document.uri).some((h) => h.view.id === C.footer.id) || undefined);
  });

  test('Add Page Comment adds a footer comment, shown at the top', async () => {
    const editor = await openPage(pageId, 'markdown');
    await threadsOf(editor, 4);
    site.control.clearRequestLog();
    await vscode.commands.executeCommand(Commands.addPageComment, { host, pageId }, 'Reviewed in VS Code.');
    assert.deepStrictEqual(site.control.requestLog().map((r) => `${r.method} ${r.path} ${r.status}`), ['POST /wiki/api/v2/footer-comments 201']);
    const created = commentsOnEmulator().find((c) => c.body === '<p>Reviewed in VS Code.</p>');
    assert.ok(created && created.parentId === null && created.kind === 'footer');
    const h = await waitFor('its thread', () => api.comments.threadsOf(editor.document.uri).find((t) => t.view.id === created.id));
    assert.strictEqual(h.thread.range?.start.line, 0);
  });

  test('a comment someone else anchors is picked up by the version check; a dirty editor\'s save then asks before removing it', async () => {
    const editor = await openPage(pageId, 'storage');
    await threadsOf(editor, 4);
    await editor.edit((b) => b.insert(editor.document.positionAt(editor.document.getText().length), '<p>mine</p>'));
    const added = site.control.addCommentAsOtherUser(pageId, { kind: 'inline', body: '<p>Low? Really?</p>', textSelection: 'Low' });
    await api.pages.versionCheck.checkNow();
    await waitFor('the new thread', () => api.comments.threadsOf(editor.document.uri).find((h) => h.view.id === added.id));
    const asked: LossReport[] = [];
    api.prompts.answerer = Object.assign(new AgreeingPrompts(), { confirmRemovals: async (_t: string, loss: LossReport) => { asked.push(loss); return false; } });
    assert.strictEqual(await editor.document.save(), false);
    assert.strictEqual(asked[0]?.sentence, 'This save removes: 1 comment anchor');
    assert.ok(site.control.pageState(pageId)!.body.includes(`ac:ref="${added.markerRef ?? ''}"`), 'the marker is still on Confluence');
  });

  test('a restricted page\'s comments read and write only through the admin key', async () => {
    const id = C.restricted.pageId;
    site.control.clearRequestLog();
    await vscode.commands.executeCommand(Commands.addPageComment, { host, pageId: id }, 'Without the key');
    assert.deepStrictEqual(site.control.requestLog().map((r) => `${r.method} ${r.path} ${r.status} ${r.adminKeyHeader}`), ['POST /wiki/api/v2/footer-comments 404 false']);
    await vscode.commands.executeCommand(Commands.adminKeyEnable, { origin: site.url, minutes: 10 });
    try {
      const editor = await openPage(id, 'storage');
      const all = await threadsOf(editor, 1);
      assert.strictEqual(thread(all, C.restricted.footerId).thread.comments.length, 2);
      site.control.clearRequestLog();
      await vscode.commands.executeCommand(Commands.addPageComment, { host, pageId: id }, 'With the key');
      assert.deepStrictEqual(site.control.requestLog().map((r) => `${r.method} ${r.path} ${r.status} ${r.adminKeyHeader}`), ['POST /wiki/api/v2/footer-comments 201 true']);
    } finally {
      await vscode.commands.executeCommand(Commands.adminKeyDisable, { origin: site.url });
    }
  });

  test('Show Comments lists the threads and jumps to the one picked', async () => {
    const editor = await openPage(pageId, 'storage');
    await threadsOf(editor, 4);
    const done = vscode.commands.executeCommand<string | undefined>(Commands.showComments);
    await ui(async (page) => {
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible' });
      await input.fill('backfill');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Backfill with the existing batch job' }).first().waitFor();
      await page.keyboard.press('Enter');
    });
    assert.strictEqual(await done, C.resolvedInline.id);
    const active = vscode.window.activeTextEditor!;
    assert.strictEqual(active.document.getText(active.selection), C.resolvedInline.selection);
  });
});
