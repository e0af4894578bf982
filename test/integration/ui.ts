// Client of the test shim's UI bridge (scripts/vscode-test-shim.js). Runs in the extension host.
// ui(fn, arg) sends `fn` as SOURCE TEXT to the shim, which calls it with the Playwright `page` of
// the very workbench this extension host belongs to. So one test can call the vscode API and
// click/type in the UI. Because fn is re-evaluated in another process:
//   - it must not use variables, imports or helpers of the test file: pass data as `arg`
//     (JSON-serialisable) and return JSON-serialisable data;
//   - prefer Playwright locators (locator.allInnerTexts(), waitFor(), click()) over page.evaluate
//     with DOM code, so no DOM typings are needed.
import type { BrowserContext, Page } from 'playwright-core';
import * as vscode from 'vscode';

/** What the shim passes as the third argument. */
export interface UiHelpers {
  ctx: BrowserContext;
  /** Prints a line on the test run's stderr. */
  log(message: string): void;
  /** Screenshot of the workbench into VSCODE_TEST_SHOTS (default <repo>/test-output/screenshots); returns the file path. */
  shot(name: string): Promise<string>;
}

export type UiFunction<A, T> = (page: Page, arg: A, h: UiHelpers) => Promise<T>;

interface BridgeReply<T> { ok: boolean; value?: T; error?: string }

export function uiBridgeAvailable(): boolean {
  return Boolean(process.env.VSCODE_TEST_UI_BRIDGE);
}

export async function ui<T, A = undefined>(fn: UiFunction<A, T>, arg?: A): Promise<T> {
  const url = process.env.VSCODE_TEST_UI_BRIDGE;
  if (!url) throw new Error('VSCODE_TEST_UI_BRIDGE is not set (run the tests through scripts/vscode-test-shim.js)');
  const r = await fetch(url + '/eval', { method: 'POST', body: JSON.stringify({ fn: fn.toString(), arg: arg ?? null }) });
  const j = (await r.json()) as BridgeReply<T> | null;
  if (!j || !j.ok) throw new Error('ui bridge: ' + (j?.error ?? 'no reply'));
  return j.value as T;
}

/** Saves a screenshot of the workbench; returns the file path. */
export function screenshot(name: string): Promise<string> {
  return ui(async (_page, n: string, h) => h.shot(n), name);
}

/**
 * Runs a command from the command palette by its full palette title, e.g. 'File: New Untitled Text File'
 * or 'Confluence: Add Site…'. Picks the row whose label is exactly that title. Resolves once the row
 * was chosen (the command may still be running or showing its own quick input).
 */
export async function runPaletteCommand(title: string): Promise<void> {
  // Keyboard focus into the workbench without clicking anything that could react to a click.
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  return ui(async (page, t: string) => {
    await page.locator('.monaco-workbench').waitFor();
    const widget = page.locator('.quick-input-widget');
    if (await widget.isVisible()) await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>' + t);
    const escaped = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp('^\\s*' + escaped + '\\s*$') }) })
      .first();
    try {
      await row.waitFor({ state: 'visible', timeout: 10_000 });
    } catch {
      const seen = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allInnerTexts();
      await page.keyboard.press('Escape');
      throw new Error(`command palette has no entry "${t}"; it shows: ${JSON.stringify(seen)}`);
    }
    await row.click();
  }, title);
}

/**
 * Messages of the notifications currently in the notification centre. In smoke-test mode (which the
 * harness needs) toasts are hidden, so the centre is opened and read instead.
 */
export async function notifications(): Promise<string[]> {
  await vscode.commands.executeCommand('notifications.showList');
  return ui(async (page) => {
    await page.locator('.notifications-center').waitFor({ state: 'visible' });
    return page.locator('.notifications-center .notification-list-item-message').allInnerTexts();
  });
}

/** Waits until a notification whose message contains `text` is in the notification centre; returns all messages. */
export async function waitForNotification(text: string, timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await notifications();
    if (all.some((m) => m.includes(text))) return all;
    if (Date.now() > deadline) throw new Error(`no notification containing "${text}" within ${timeoutMs} ms; seen: ${JSON.stringify(all)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Clears every notification and closes the notification centre. */
export async function clearNotifications(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('notifications.hideList');
}
