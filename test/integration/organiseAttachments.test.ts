// Attachments and images in the real extension host against the emulator: a page's files in the tree,
// opened in VS Code's viewers, dropped from the Explorer, uploaded (100 MB with bounded extension-host
// memory), downloaded, replaced and trashed; the page's images in the Confluence preview and in VS
// Code's Markdown preview, fetched through the API; a pasted image attached and referenced; and the
// walkthrough on a first install.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import { authorityForOrigin } from '../../src/pages/pageUri';
import type { AttachmentNode, ParentNode, TreeNode } from '../../src/tree/model/treeNodes';
import type { RunningEmulator } from '../emulator/index';
import { DEMO } from '../emulator/seed';
import { AgreeingPrompts, childTitled, Emulators, extensionApi, fullChildren, titleOf, waitFor } from './support';
import { clearNotifications, ui, uiBridgeAvailable } from './ui';

const MB = 1024 * 1024;
const collectGarbage: () => void = (() => {
  require('v8').setFlagsFromString('--expose-gc');
  return require('vm').runInNewContext('gc') as () => void;
})();

/** Peak memory growth of the extension host while `work` runs, sampled after a full collection. */
async function peakGrowth(work: () => Promise<unknown>): Promise<{ buffers: number; rss: number; samples: number }> {
  collectGarbage();
  const base = process.memoryUsage();
  const peak = { buffers: 0, rss: 0, samples: 0 };
  const timer = setInterval(() => {
    collectGarbage();
    const m = process.memoryUsage();
    peak.samples++;
    peak.buffers = Math.max(peak.buffers, m.arrayBuffers - base.arrayBuffers);
    peak.rss = Math.max(peak.rss, m.rss - base.rss);
  }, 250);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return peak;
}

function fileOf(dir: string, name: string, bytes: number): vscode.Uri {
  const p = path.join(dir, name);
  const fd = fs.openSync(p, 'w');
  const chunk = Buffer.alloc(MB, 7);
  for (let left = bytes; left > 0; left -= MB) fs.writeSync(fd, chunk, 0, Math.min(MB, left));
  fs.closeSync(fd);
  return vscode.Uri.file(p);
}

/** A pasted file, as the workbench hands it to a paste provider. */
class PastedFile extends vscode.DataTransferItem {
  constructor(private readonly bytes: Uint8Array, private readonly name: string) { super(''); }
  override asFile(): vscode.DataTransferFile { return { name: this.name, data: async () => this.bytes }; }
}

suite('organise: attachments, images and the first run', function () {
  this.timeout(180_000);
  const emulators = new Emulators(() => api.clock.now());
  let api: TestApi;
  let site: RunningEmulator;
  let dir: string;
  const page = DEMO.pageWithImage;
  const att = DEMO.organise.attachments;
  const token = new vscode.CancellationTokenSource().token;
  const client = () => api.sessions.get(site.url)!.client;

  async function onboardingRow(): Promise<ParentNode> {
    const home = await childTitled(api, await childTitled(api, undefined, DEMO.spaces.eng.name), DEMO.deepPath[0]!.title);
    return childTitled(api, home, page.title);
  }

  async function attachmentRows(row: TreeNode): Promise<AttachmentNode[]> {
    const group = (await api.tree.getChildren(row))[0];
    assert.strictEqual(group?.kind, 'attachments', 'the "Attachments" row comes first under the page');
    return (await api.tree.getChildren(group)).filter((r): r is AttachmentNode => r.kind === 'attachment');
  }

  async function shownAttachments(): Promise<AttachmentNode[]> {
    const row = await onboardingRow();
    await vscode.commands.executeCommand(Commands.showAttachments, row);
    return attachmentRows(row);
  }

  const named = (rows: AttachmentNode[], title: string): AttachmentNode => {
    const found = rows.find((r) => r.attachment.title === title);
    assert.ok(found, `${title} among ${rows.map((r) => r.attachment.title).join(', ')}`);
    return found;
  };

  suiteSetup(async () => {
    api = await extensionApi();
    site = await emulators.start('demo');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'organise-it-'));
    await vscode.commands.executeCommand(Commands.addSite, { siteUrl: site.url, email: DEMO.accounts.writer.email, token: DEMO.accounts.writer.token });
    await waitFor('the session', () => api.sessions.get(site.url));
  });

  setup(async () => {
    site.control.reset();
    api.treeModel.refresh(undefined);
    await clearNotifications();
  });

  teardown(async () => {
    api.prompts.answerer = new AgreeingPrompts();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(Commands.signOut, site.url);
    await emulators.closeAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('Show Attachments lists a page\'s files under it with type, size and version, with one request', async () => {
    const row = await onboardingRow();
    site.control.clearRequestLog();
    await vscode.commands.executeCommand(Commands.showAttachments, row);
    const rows = await attachmentRows(row);
    assert.deepStrictEqual(rows.map((r) => r.attachment.title), [att.pdf.title, att.image.title, att.text.title]);
    assert.match(String(api.tree.getTreeItem(named(rows, att.image.title)).description), /^PNG Image · 358 B · version 1$/);
    assert.deepStrictEqual(site.control.requestLog().filter((r) => r.path.includes('/attachments')).map((r) => r.path), [`/wiki/api/v2/pages/${page.id}/attachments?limit=250`]);
  });

  test('a text file opens as a read-only document, an image in VS Code\'s image preview', async () => {
    const rows = await shownAttachments();
    const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.openAttachment, named(rows, att.text.title));
    assert.strictEqual(uri?.path, `/ENG/${page.id}/attachments/${att.text.title}`);
    const editor = await waitFor('the text editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()));
    assert.match(editor.document.getText(), /^Welcome to Engineering!/);
    assert.ok(((await vscode.workspace.fs.stat(uri)).permissions ?? 0) & vscode.FilePermission.Readonly, 'read-only');
    const image = await vscode.commands.executeCommand<vscode.Uri>(Commands.openAttachment, named(rows, att.image.title));
    await waitFor('the image preview', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === image.toString()));
  });

  test('files dragged from the Explorer onto a page are attached (a listing and one upload) and show under it', async () => {
    const row = await onboardingRow();
    fs.writeFileSync(path.join(dir, 'notes.md'), '# Notes\n');
    const dataTransfer = new vscode.DataTransfer();
    dataTransfer.set('text/uri-list', new vscode.DataTransferItem(`${vscode.Uri.file(path.join(dir, 'notes.md')).toString()}\r\n`));
    site.control.clearRequestLog();
    await api.dragAndDrop.handleDrop(row, dataTransfer, token);
    const sent = site.control.requestLog().map((r) => `${r.method} ${r.path}`);
    assert.deepStrictEqual(sent.slice(0, 2), [`GET /wiki/api/v2/pages/${page.id}/attachments?limit=250`, `POST /wiki/rest/api/content/${page.id}/child/attachment`]);
    assert.strictEqual(sent.filter((s) => s.startsWith('POST')).length, 1);
    await waitFor('the tree to show it', async () => (await attachmentRows(row)).some((r) => r.attachment.title === 'notes.md') || undefined);
  });

  test('a 100 MB upload streams from disk: the extension host\'s memory stays bounded', async () => {
    const row = await onboardingRow();
    await vscode.commands.executeCommand(Commands.attachFiles, row, [fileOf(dir, 'warm-up.bin', 16 * MB)]);
    const big = fileOf(dir, 'big.bin', 100 * MB);
    const started = Date.now();
    const growth = await peakGrowth(async () => vscode.commands.executeCommand(Commands.attachFiles, row, [big]));
    const sizes = new Map<string, number | undefined>();
    for await (const batch of client().attachments(page.id)) for (const a of batch) sizes.set(a.title, a.fileSize);
    assert.strictEqual(sizes.get('big.bin'), 100 * MB, 'Confluence has all of it');
    const shown = (n: number): string => `${(n / MB).toFixed(1)} MB`;
    console.log(`      100 MB upload: ${Date.now() - started} ms, ${growth.samples} samples, arrayBuffers +${shown(growth.buffers)}, rss +${shown(growth.rss)}`);
    assert.ok(growth.samples >= 2, 'memory was sampled during the upload');
    assert.ok(growth.buffers < 40 * MB, `arrayBuffers grew by ${shown(growth.buffers)} while 100 MB went out`);
    assert.ok(growth.rss < 60 * MB, `rss grew by ${shown(growth.rss)} while 100 MB went out`);
    fs.rmSync(big.fsPath);
  });

  test('Download… writes the file where asked; the file store gets no credentials', async () => {
    const rows = await shownAttachments();
    const dest = vscode.Uri.file(path.join(dir, 'checklist.pdf'));
    const saved = await vscode.commands.executeCommand<vscode.Uri>(Commands.downloadAttachment, named(rows, att.pdf.title), dest);
    assert.strictEqual(saved?.fsPath, dest.fsPath);
    const bytes = fs.readFileSync(dest.fsPath);
    assert.strictEqual(bytes.length, att.pdf.size);
    assert.strictEqual(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const media = site.control.mediaRequests();
    assert.ok(media.length > 0 && media.every((r) => !Object.keys(r.headers).some((h) => h.toLowerCase() === 'authorization')));
  });

  test('Upload New Version… adds a version; Delete… asks first and moves the file to the trash', async () => {
    const rows = await shownAttachments();
    fs.writeFileSync(path.join(dir, 'welcome-v2.txt'), 'Welcome, again.\n');
    const updated = await vscode.commands.executeCommand<{ version: number }>(Commands.replaceAttachment, named(rows, att.text.title), vscode.Uri.file(path.join(dir, 'welcome-v2.txt')));
    assert.strictEqual(updated?.version, 2);
    const row = await onboardingRow();
    const again = named(await attachmentRows(row), att.text.title);
    assert.match(String(api.tree.getTreeItem(again).description), /version 2$/);
    const answers = new AgreeingPrompts();
    api.prompts.answerer = answers;
    assert.strictEqual(await vscode.commands.executeCommand(Commands.deleteAttachment, again), true);
    assert.deepStrictEqual(answers.asked, [`delete attachment ${att.text.title}`]);
    await waitFor('the file to leave the tree', async () => !(await attachmentRows(row)).some((r) => r.attachment.title === att.text.title) || undefined);
  });

  test('Open Preview to the Side shows the page\'s image, fetched through the API and inlined', async () => {
    const host = authorityForOrigin(site.url);
    const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.openAsStorage, { host, pageId: page.id });
    site.control.clearRequestLog();
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>(Commands.showPreview, uri);
    const png = (await client().fetchImage(`/download/attachments/${page.id}/${att.image.title}?api=v2`)).bytes;
    assert.ok(panel.webview.html.includes(`src="data:image/png;base64,${png.toString('base64')}"`), 'the image is inlined');
    const download = site.control.requestLog().find((r) => r.path.startsWith(`/wiki/download/attachments/${page.id}/`));
    assert.strictEqual(download?.user, DEMO.accounts.writer.email, 'fetched with the person\'s credentials');
    panel.dispose();
  });

  test('VS Code\'s Markdown preview shows attachment: images, read through the confluence: file system', async () => {
    const host = authorityForOrigin(site.url);
    const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.openAsMarkdown, { host, pageId: page.id });
    const editor = await waitFor('the Markdown editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()));
    // The page's image has a size and alignment, so the Markdown view keeps its storage: it still shows as the image.
    assert.match(editor.document.getText(), /ri:filename="team-map\.png"/);
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', editor.document.getText());
    assert.match(html, /src="attachments\/team-map\.png"/);
    const file = vscode.Uri.joinPath(uri, '..', 'attachments', att.image.title);
    const bytes = await vscode.workspace.fs.readFile(file);
    assert.strictEqual(bytes.length, att.image.size);
    if (!uiBridgeAvailable()) return;
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    const width = await waitFor('the image in the preview', () => ui(async (pw) => {
      for (const frame of pw.frames()) {
        const img = frame.locator('img[src*="team-map"]');
        if (await img.count() === 0) continue;
        const w = await img.first().evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth);
        if (w > 0) return w;
      }
      return undefined;
    }), 20_000);
    assert.ok(width > 0);
  });

  test('a pasted image is attached under a new name and referenced in the document\'s form', async () => {
    const host = authorityForOrigin(site.url);
    const png = (await client().fetchImage(`/download/attachments/${page.id}/${att.image.title}?api=v2`)).bytes;
    for (const format of ['markdown', 'storage'] as const) {
      const uri = await vscode.commands.executeCommand<vscode.Uri>(format === 'markdown' ? Commands.openAsMarkdown : Commands.openAsStorage, { host, pageId: page.id });
      const doc = await waitFor('the document', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()));
      const dataTransfer = new vscode.DataTransfer();
      dataTransfer.set('image/png', new PastedFile(png, 'image.png'));
      const edits = api.imageDrops.provideDocumentPasteEdits(doc, [new vscode.Range(0, 0, 0, 0)], dataTransfer);
      assert.strictEqual(edits?.length, 1);
      const edit = await api.imageDrops.resolveDocumentPasteEdit(edits[0]!, token);
      const name = /image-\d{8}-\d{6}(-\d+)?\.png/.exec(String(edit.insertText))?.[0];
      assert.ok(name, String(edit.insertText));
      assert.strictEqual(String(edit.insertText), format === 'markdown' ? `![${name.replace(/\.png$/, '')}](attachment:${name})`
        : `<ac:image ac:alt="${name.replace(/\.png$/, '')}"><ri:attachment ri:filename="${name}" /></ac:image>`);
      const listed: string[] = [];
      for await (const batch of client().attachments(page.id)) listed.push(...batch.map((a) => a.title));
      assert.ok(listed.includes(name), `${name} is attached`);
    }
  });

  test('files dropped into a page document are attached and referenced: an image as an image, anything else as a link', async () => {
    const host = authorityForOrigin(site.url);
    const png = (await client().fetchImage(`/download/attachments/${page.id}/${att.image.title}?api=v2`)).bytes;
    fs.writeFileSync(path.join(dir, 'diagram.png'), png);
    fs.writeFileSync(path.join(dir, 'minutes.txt'), 'Minutes\n');
    const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.openAsStorage, { host, pageId: page.id });
    const doc = await waitFor('the document', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()));
    const dataTransfer = new vscode.DataTransfer();
    dataTransfer.set('text/uri-list', new vscode.DataTransferItem(['diagram.png', 'minutes.txt'].map((f) => vscode.Uri.file(path.join(dir, f)).toString()).join('\r\n')));
    const edit = await api.imageDrops.provideDocumentDropEdits(doc, new vscode.Position(0, 0), dataTransfer, token);
    assert.strictEqual(String(edit?.insertText), '<ac:image ac:alt="diagram"><ri:attachment ri:filename="diagram.png" /></ac:image>\n'
      + '<ac:link><ri:attachment ri:filename="minutes.txt" /><ac:plain-text-link-body><![CDATA[minutes.txt]]></ac:plain-text-link-body></ac:link>');
    const listed: string[] = [];
    for await (const batch of client().attachments(page.id)) listed.push(...batch.map((a) => a.title));
    assert.ok(listed.includes('diagram.png') && listed.includes('minutes.txt'), listed.join(', '));
  });

  test('the walkthrough opens on a first install, once', async () => {
    await api.firstRun.reset();
    assert.strictEqual(await api.firstRun.maybeOpen(false), true);
    if (uiBridgeAvailable()) {
      await ui(async (pw) => { await pw.locator('.gettingStartedContainer', { hasText: 'Get Started with Confluence' }).first().waitFor(); });
    }
    assert.strictEqual(await api.firstRun.maybeOpen(false), false, 'not again');
    await api.firstRun.reset();
    assert.strictEqual(await api.firstRun.maybeOpen(true), false, 'not for someone who already has a site');
  });

  test('rows of the tree stay what they are: titles of the page\'s children are unchanged by its attachments', async () => {
    const row = await onboardingRow();
    await vscode.commands.executeCommand(Commands.showAttachments, row);
    const children = await fullChildren(api, row);
    assert.strictEqual(titleOf(children[0]!), 'Attachments');
    assert.ok(!children.some((c) => c.kind === 'message' && c.message === 'empty'), 'no "No child pages" row beside the attachments');
  });
});
