// The journey of a person trying the extension, driven through the workbench's DOM the way they
// would use it: mouse on the activity bar, the welcome button, the input boxes, the tree's twisties,
// the status bar item, the quick pick, the modal dialog, and the keyboard in the editor. Used by
// `npm run demo -- --headless` (scripts/demo.ts) and by the e2e test (test/e2e/run.ts).
//
// It runs against a normal workbench (not the smoke-test driver), so toasts and dialogs show as
// they do for a user. Every wait is for a real condition — a locator, or the emulator's state
// polled — except the short settle before a screenshot (see `shot`).
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import type { RunningEmulator } from '../emulator/index';
import { DEMO } from '../emulator/seed';
import { replyInThread } from './commentStep';
import { markdownWithPreview } from './markdownStep';

export type StepStatus = 'passed' | 'failed' | 'not run';

export interface StepResult {
  index: number;            // 1-based, as in the README of test/e2e
  name: string;
  status: StepStatus;
  ms: number;
  error?: string;
  screenshots: string[];
}

export interface JourneyOptions {
  page: Page;
  /** Origin of the workbench (code-server), e.g. http://127.0.0.1:8080 */
  workbenchUrl: string;
  emulator: RunningEmulator;
  /** Where screenshots go; created when missing. */
  shotsDir: string;
  log: (message: string) => void;
  /** Called when a step starts. */
  onStepStart?: (index: number, name: string) => void;
  /** Called as each step ends (passed or failed) and for each step not run after a failure. */
  onStep?: (result: StepResult) => void;
  /** Upper bound for one step; locator waits inside it are shorter. Default 90 s. */
  stepTimeoutMs?: number;
}

/** The tree's root level is the spaces when one site is signed in (sites only appear with several). */
const SPACE_LEVEL = 1;
const HOME_LEVEL = SPACE_LEVEL + 1;
const HOME_CHILD_LEVEL = HOME_LEVEL + 1;

/**
 * Toasts and the status bar fade/slide in over about a second (VS Code animates toasts in), so a
 * screenshot taken right when the element is attached can show it half-transparent. This is the
 * only fixed sleep in the journey, and it only affects the picture, never a decision.
 */
const SETTLE_BEFORE_SCREENSHOT_MS = 1200;

export const STEP_NAMES = [
  'open the Confluence view from the activity bar',
  'sign in with Add Site… (site URL, email, token in a password box) and see the success toast',
  `expand "${DEMO.spaces.eng.name}" and the page path down to "${DEMO.deepPath[DEMO.deepPath.length - 1]?.title}" (${DEMO.deepPath.length + 1} levels)`,
  `"${DEMO.restricted.title}" (restricted) is not listed under "${DEMO.deepPath[0]?.title}"`,
  'enable the admin key for 10 minutes from the status bar item and confirm the first-use dialog',
  `the status bar shows the minutes left and "${DEMO.restricted.title}" appears, marked "restricted · admin key"`,
  `open "${DEMO.restricted.title}", type a line at the end and save with Ctrl+S`,
  'the emulator has a new version with that line, made with the admin key, and an admin-key.use audit entry',
  'disable the admin key from the status bar; the restricted page disappears from the tree',
  `another person edits "${DEMO.deepPath[1]?.title}" while it is open: saving shows VS Code's conflict toast (Compare, Overwrite) and their text stays`,
  `open "${DEMO.commentedPage.title}" from the tree, see its open comment thread in the editor, and reply in the thread's reply box`,
  `open "${DEMO.markdownShowcase.title}" (a layout, macros, a mention, an image, a comment) from the tree as Markdown, and VS Code's Markdown preview beside it`,
] as const;

export async function runJourney(options: JourneyOptions): Promise<StepResult[]> {
  const { page, emulator, log } = options;
  const stepTimeoutMs = options.stepTimeoutMs ?? 90_000;
  fs.mkdirSync(options.shotsDir, { recursive: true });
  page.setDefaultTimeout(30_000);
  const stamp = new Date().toISOString().slice(11, 19);
  const restrictedLine = `<p>Reviewed with the admin key in the demo at ${stamp}.</p>`;
  const conflictLine = `<p>My change, typed in VS Code at ${stamp}.</p>`;
  const theirLine = `<p>Added by Oscar Other in the browser at ${stamp}.</p>`;
  const restrictedId = DEMO.restricted.id;
  const normalPage = DEMO.deepPath[1];
  if (!normalPage) throw new Error('the demo seed has no deep path');
  let restrictedVersionsBefore = 0;
  let currentShots: string[] = [];

  async function shot(name: string): Promise<void> {
    await page.waitForTimeout(SETTLE_BEFORE_SCREENSHOT_MS);
    const file = path.join(options.shotsDir, `${name}.png`);
    await page.screenshot({ path: file });
    currentShots.push(file);
    log(`screenshot ${file}`);
  }

  const steps: (() => Promise<void>)[] = [
    // 1
    async () => {
      // An empty window: the extension needs no folder.
      await page.goto(`${options.workbenchUrl}/?ew=true`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.activitybar [aria-label^="Confluence"]').first().click({ timeout: 60_000 });
      await sidebar(page).getByText('Sign in to a Confluence Cloud site').waitFor();
      await widenSidebar(page, 140, log);
    },
    // 2
    async () => {
      await sidebar(page).locator('.monaco-button', { hasText: 'Add Site…' }).click();
      await answerInputBox(page, '(1/3)', emulator.url);
      await answerInputBox(page, '(2/3)', DEMO.accounts.admin.email);
      await answerInputBox(page, '(3/3)', DEMO.accounts.admin.token, { password: true });
      await toast(page, 'Signed in to').waitFor();
      await shot('01-signed-in');
    },
    // 3
    async () => {
      await expand(page, DEMO.spaces.eng.name, SPACE_LEVEL);
      for (const [i, step] of DEMO.deepPath.entries()) {
        if (i < DEMO.deepPath.length - 1) await expand(page, step.title, HOME_LEVEL + i);
        else await treeRow(page, step.title, HOME_LEVEL + i).waitFor();
      }
      await shot('02-tree-deep-path');
    },
    // 4
    async () => {
      // The whole level is listed (every seeded child title is there), and the restricted one is not.
      for (const title of DEMO.engHomeChildTitles) await treeRow(page, title, HOME_CHILD_LEVEL).waitFor();
      const listed = await labelsAtLevel(page, HOME_CHILD_LEVEL);
      if (listed.includes(DEMO.restricted.title)) throw new Error(`"${DEMO.restricted.title}" is listed without the admin key: ${JSON.stringify(listed)}`);
    },
    // 5
    async () => {
      const item = adminKeyItem(page);
      await item.waitFor();
      const before = await item.innerText();
      if (!/Admin key off/.test(before)) throw new Error(`expected "Admin key off" in the status bar, it says "${before}"`);
      await item.click();
      await quickPickRow(page, 'Enable for 10 minutes').click();
      // First use on this site: the extension reminds that Confluence audits the key (modal).
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      await dialog.locator('.monaco-button', { hasText: 'Enable Admin Key' }).click();
      await dialog.waitFor({ state: 'hidden' });
    },
    // 6
    async () => {
      await page.locator('.statusbar-item', { hasText: /Admin key (10|9)m/ }).waitFor();
      const row = treeRow(page, DEMO.restricted.title, HOME_CHILD_LEVEL);
      await row.waitFor();
      await row.locator('.label-description', { hasText: 'restricted · admin key' }).waitFor();
      await shot('03-admin-key-on');
    },
    // 7
    async () => {
      restrictedVersionsBefore = emulator.control.pageState(restrictedId)?.versions.length ?? 0;
      await treeRow(page, DEMO.restricted.title, HOME_CHILD_LEVEL).locator('.label-name').click();
      await typeAtEndAndSave(page, DEMO.restricted.title, 'Access is limited', restrictedLine);
      await shot('04-restricted-page-saved');
    },
    // 8
    async () => {
      const seen = await poll('the new version in the emulator', 15_000, () => {
        const state = emulator.control.pageState(restrictedId);
        const last = state?.versions.at(-1);
        if (!state || !last || state.versions.length <= restrictedVersionsBefore || !last.body.includes(restrictedLine)) return undefined;
        return last;
      });
      if (!seen.adminKeyUsed) throw new Error(`version ${seen.number} was not made with the admin key`);
      const audit = emulator.control.auditLog().filter((e) => e.action === 'admin-key.use' && e.contentId === restrictedId);
      if (!audit.some((e) => e.method === 'PUT')) throw new Error(`no admin-key.use audit entry for the write; entries for the page: ${JSON.stringify(audit)}`);
      log(`emulator: version ${seen.number} of "${DEMO.restricted.title}" has the line, adminKeyUsed=${seen.adminKeyUsed}; ${audit.length} admin-key.use audit entries for it`);
    },
    // 9
    async () => {
      // The restricted page's editor stays open; nothing in it is dirty any more.
      await adminKeyItem(page).click();
      await quickPickRow(page, 'Disable now').click();
      await page.locator('.statusbar-item', { hasText: 'Admin key off' }).waitFor();
      await treeRow(page, DEMO.restricted.title, HOME_CHILD_LEVEL).waitFor({ state: 'detached' });
      await shot('05-admin-key-off');
    },
    // 10
    async () => {
      const row = treeRow(page, normalPage.title, HOME_CHILD_LEVEL);
      await row.locator('.label-name').click();
      await editorShowing(page, normalPage.title, undefined);
      // Another person changes the page in Confluence, making it longer (a same-size change is a
      // different story: VS Code compares mtime and size; see docs/SAVING.md).
      const theirs = `${emulator.control.pageState(normalPage.id)?.body ?? ''}\n${theirLine}`;
      const { version: theirVersion } = emulator.control.editPageAsOtherUser(normalPage.id, { body: theirs, authorEmail: DEMO.accounts.other.email });
      await typeAtEnd(page, conflictLine);
      await page.keyboard.press('Control+S');
      const conflict = toast(page, 'The content of the file is newer');
      await conflict.waitFor();
      await conflict.locator('.monaco-button', { hasText: 'Compare' }).waitFor();
      await conflict.locator('.monaco-button', { hasText: 'Overwrite' }).waitFor();
      const state = emulator.control.pageState(normalPage.id);
      if (state?.version !== theirVersion || state.body !== theirs) {
        throw new Error(`the other person's version ${theirVersion} was not kept: the emulator has version ${state?.version}`);
      }
      if (state.body.includes(conflictLine)) throw new Error('our line reached Confluence although VS Code reported a conflict');
      await shot('06-conflict-toast');
    },
    // 11
    async () => {
      await treeRow(page, DEMO.commentedPage.title, HOME_CHILD_LEVEL).locator('.label-name').click();
      await replyInThread(page, emulator, `Agreed, SQS it is (replied in VS Code at ${stamp}).`, shot);
    },
    // 12
    async () => {
      await markdownWithPreview(page, { expand, treeRow, editorShowing, poll }, SPACE_LEVEL, shot);
    },
  ];

  const results: StepResult[] = [];
  let failed = false;
  for (const [i, run] of steps.entries()) {
    const name = STEP_NAMES[i] ?? `step ${i + 1}`;
    const result: StepResult = { index: i + 1, name, status: 'not run', ms: 0, screenshots: [] };
    if (!failed) {
      currentShots = result.screenshots;
      const t0 = Date.now();
      log(`step ${i + 1}: ${name}`);
      options.onStepStart?.(i + 1, name);
      try {
        await withTimeout(run(), stepTimeoutMs, `step ${i + 1} did not finish within ${stepTimeoutMs / 1000} s`);
        result.status = 'passed';
      } catch (e) {
        failed = true;
        result.status = 'failed';
        result.error = `${firstLines(e)}\n${await diagnostics(page)}`;
        const file = path.join(options.shotsDir, `failed-step-${i + 1}.png`);
        if (await page.screenshot({ path: file }).then(() => true, () => false)) result.screenshots.push(file);
      }
      result.ms = Date.now() - t0;
    }
    results.push(result);
    options.onStep?.(result);
  }
  return results;
}

// --- workbench helpers ------------------------------------------------------------------------------

function sidebar(page: Page): Locator {
  return page.locator('.part.sidebar');
}

/**
 * Drags the sash between the side bar and the editor to the right, as a person would, so labels
 * like "Security incidents  restricted · admin key" are not cut off in the screenshots. Only the
 * pictures depend on it, so a drag that did not take is logged, not failed.
 */
async function widenSidebar(page: Page, by: number, log: (m: string) => void): Promise<void> {
  const box = await sidebar(page).boundingBox();
  if (!box) return;
  const x = box.x + box.width + 1;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + by / 2, y, { steps: 4 });
  await page.mouse.move(x + by, y, { steps: 4 });
  await page.mouse.up();
  const after = await sidebar(page).boundingBox();
  if (!after || after.width < box.width + by / 2) log(`the side bar stayed ${Math.round(after?.width ?? box.width)} px wide (tried to widen it by ${by} px)`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A row of the Spaces tree by its exact label and depth (`attributes`: extra attribute selectors).
 * Only rows inside `.monaco-list-rows`: once the list scrolls, sticky scroll draws copies of parent
 * rows above it, and a click on a copy does not toggle the node.
 */
function treeRow(page: Page, title: string, level: number, attributes = ''): Locator {
  return sidebar(page).locator(`.monaco-list-rows .monaco-list-row[aria-level="${level}"]${attributes}`)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) }) });
}

async function labelsAtLevel(page: Page, level: number): Promise<string[]> {
  const texts = await sidebar(page).locator(`.monaco-list-rows .monaco-list-row[aria-level="${level}"] .label-name`).allInnerTexts();
  return texts.map((t) => t.trim());
}

/**
 * Expands a node with its twistie (a click on the label would also open the page) and waits for
 * its children: they are fetched on expand, and the next level shows once they arrive.
 */
async function expand(page: Page, title: string, level: number): Promise<void> {
  const row = treeRow(page, title, level);
  await row.waitFor();
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
  await treeRow(page, title, level, '[aria-expanded="true"]').waitFor();
  try {
    await sidebar(page).locator(`.monaco-list-rows .monaco-list-row[aria-level="${level + 1}"]`).first().waitFor();
  } catch {
    throw new Error(`"${title}" is expanded, but none of its children showed in the tree within 30 s`);
  }
}

function adminKeyItem(page: Page): Locator {
  return page.locator('.statusbar-item', { hasText: 'Admin key' });
}

function toast(page: Page, text: string): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

function quickPickRow(page: Page, text: string): Locator {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
}

/**
 * Answers one of the extension's input boxes. The extension host validates the value
 * asynchronously, so an Enter that arrives before the validation of the filled value is answered can
 * be ignored; Enter is pressed again (at most 3 times) until the box is gone.
 */
async function answerInputBox(page: Page, titlePart: string, value: string, opts: { password?: boolean } = {}): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const title = widget.locator('.quick-input-title', { hasText: titlePart });
  await title.waitFor({ state: 'visible' });
  const input = widget.locator('.quick-input-box input');
  if (opts.password && (await input.getAttribute('type')) !== 'password') throw new Error(`the ${titlePart} input box is not a password box`);
  await input.fill(value);
  for (let attempt = 1; ; attempt++) {
    await input.press('Enter');
    try {
      await title.waitFor({ state: 'hidden', timeout: 5000 });
      return;
    } catch {
      if (attempt >= 3) {
        const message = await widget.locator('.quick-input-message').innerText().catch(() => '');
        throw new Error(`the ${titlePart} input box did not accept ${opts.password ? 'the token' : JSON.stringify(value)}; it says: ${message}`);
      }
    }
  }
}

/** The editor of the page titled `title` is active and shows its text (`contains`, when given). */
async function editorShowing(page: Page, title: string, contains: string | undefined): Promise<Locator> {
  await page.locator('.part.editor .tab.active', { hasText: title }).waitFor();
  const lines = page.locator('.part.editor .editor-container .monaco-editor .view-lines').first();
  await lines.waitFor();
  await poll(`the text of "${title}" in the editor`, 30_000, async () => {
    const text = (await lines.innerText()).replace(/\u00a0/g, ' ');
    return (contains ? text.includes(contains) : text.trim().length > 0) || undefined;
  });
  return lines;
}

/** Clicks into the active editor, goes to the very end and types `line` on a new line. */
async function typeAtEnd(page: Page, line: string): Promise<void> {
  await page.locator('.part.editor .editor-container .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(line);
  // Close a suggestion widget, if typing opened one, so nothing but our text goes in.
  await page.keyboard.press('Escape');
  await page.locator('.part.editor .tab.active.dirty').waitFor();
}

async function typeAtEndAndSave(page: Page, title: string, contains: string, line: string): Promise<void> {
  await editorShowing(page, title, contains);
  await typeAtEnd(page, line);
  await page.keyboard.press('Control+S');
  // Saved: the tab is no longer dirty (a refused save would keep it dirty and show a toast).
  await page.locator('.part.editor .tab.active.dirty').waitFor({ state: 'detached', timeout: 30_000 });
}

async function poll<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function firstLines(e: unknown, n = 6): string {
  // Playwright colours its call log with ANSI escapes; they are noise in a CI log.
  const text = (e instanceof Error ? e.message : String(e)).replace(/\u001b\[[0-9;]*m/g, '');
  // Playwright's call logs are long; the first lines say what was waited for.
  return text.split('\n').slice(0, n).join('\n');
}

/** What the workbench showed when a step failed: tree rows, toasts, quick input, status bar. */
async function diagnostics(page: Page): Promise<string> {
  const grab = async (label: string, locator: Locator): Promise<string> => {
    const texts = await locator.allInnerTexts().catch(() => [] as string[]);
    const clean = texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
    return clean.length ? `  ${label}: ${JSON.stringify(clean)}` : '';
  };
  const parts = await Promise.all([
    treeDump(page),
    grab('toasts', page.locator('.notifications-toasts .notification-toast')),
    grab('quick input', page.locator('.quick-input-widget:visible')),
    grab('dialog', page.locator('.monaco-dialog-box')),
    grab('status bar', page.locator('.statusbar-item', { hasText: 'Admin key' })),
    grab('editor tabs', page.locator('.part.editor .tab')),
  ]);
  return parts.filter(Boolean).join('\n');
}

/** The rendered tree rows as `level:label[+|-]` (+ expanded, - collapsed), to see where a level got stuck. */
async function treeDump(page: Page): Promise<string> {
  const rows = sidebar(page).locator('.monaco-list-rows .monaco-list-row');
  const out: string[] = [];
  try {
    const n = Math.min(await rows.count(), 60);
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      const [level, expanded, text] = await Promise.all([row.getAttribute('aria-level'), row.getAttribute('aria-expanded'), row.innerText()]);
      out.push(`${level}:${text.replace(/\s+/g, ' ').trim()}${expanded === 'true' ? '+' : expanded === 'false' ? '-' : ''}`);
    }
  } catch { /* the page is gone: nothing to show */ }
  return out.length ? `  tree rows: ${JSON.stringify(out)}` : '';
}
