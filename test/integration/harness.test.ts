// Smoke test of the integration harness itself: the extension loads and activates in code-server's
// real extension host, and the UI bridge can see and drive the workbench.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/constants';
import { clearNotifications, runPaletteCommand, screenshot, ui, waitForNotification } from './ui';

suite('harness', () => {
  test('the extension is present and activates', async () => {
    console.log(`host: ${vscode.env.appName} ${vscode.version}, uiKind=${vscode.UIKind[vscode.env.uiKind]}, ` +
      `remoteName=${vscode.env.remoteName ?? '-'}, node ${process.version} (${process.execPath})`);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  test('a workspace folder is open', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1);
    assert.match(folders[0]!.uri.path, /\/test\/integration\/fixture$/);
  });

  test('the UI bridge sees the Confluence activity-bar item and saves a screenshot', async () => {
    const label = await ui(async (page) => {
      const item = page.locator('.activitybar [aria-label^="Confluence"]').first();
      await item.waitFor({ state: 'visible' });
      await item.click();
      await page.locator('.part.sidebar .pane-body').first().waitFor({ state: 'visible' });
      return item.getAttribute('aria-label');
    });
    assert.match(label ?? '', /^Confluence/);
    const file = await screenshot('harness-activitybar.png');
    assert.ok(fs.statSync(file).size > 1000, `screenshot ${file} is missing or empty`);
  });

  test('notifications are read from the notification centre', async () => {
    const text = `harness notification ${Date.now()}`;
    void vscode.window.showInformationMessage(text);
    const all = await waitForNotification(text);
    assert.ok(all.includes(text), JSON.stringify(all));
    await clearNotifications();
  });

  test('a command runs from the command palette', async () => {
    await runPaletteCommand('File: New Untitled Text File');
    const deadline = Date.now() + 10_000;
    while (!vscode.window.activeTextEditor?.document.isUntitled && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.strictEqual(vscode.window.activeTextEditor?.document.isUntitled, true);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
