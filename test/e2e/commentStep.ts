// The journey's comment step, through the workbench's DOM: the commented page's open thread shows in
// its editor, and a reply typed into the thread's reply box and sent with its "Reply" button reaches
// the emulator. The page is opened by the journey (a click in the tree); this waits for the thread.
import type { Locator, Page } from 'playwright-core';
import type { RunningEmulator } from '../emulator/index';
import { DEMO } from '../emulator/seed';

/** The expanded comment thread widget in the editor whose text contains `text`. */
export function threadWidget(page: Page, text: string): Locator {
  return page.locator('.part.editor .review-widget', { hasText: text }).first();
}

export async function replyInThread(page: Page, emulator: RunningEmulator, reply: string, shot: (name: string) => Promise<void>): Promise<void> {
  const thread = threadWidget(page, 'Which queue?');
  await thread.waitFor({ state: 'visible', timeout: 30_000 });
  for (const name of ['Oscar Other', 'Wendy Writer']) await thread.getByText(name).first().waitFor();
  // Toasts of earlier steps would cover the thread in the picture.
  for (const close of await page.locator('.notifications-toasts .notification-toast .codicon-notifications-clear').all()) {
    await close.click().catch(() => undefined);
  }
  await shot('07-comment-thread');
  // An expanded thread shows its reply box open; a collapsed one shows a "Reply…" button first.
  const collapsed = thread.locator('.review-thread-reply-button');
  if (await collapsed.isVisible()) await collapsed.click();
  const box = thread.locator('.comment-form .monaco-editor').first();
  await box.click();
  await page.keyboard.type(reply);
  await thread.locator('.form-actions .monaco-text-button', { hasText: /^\s*Reply\s*$/ }).first().click();
  // The reply box still holds the typed text until the reply is posted: wait for Confluence to have
  // it, then for the thread to show it as a comment (not as the box's text).
  const stored = () => (emulator.control.comments(DEMO.comments.pageId) ?? [])
    .find((c) => c.parentId === DEMO.comments.openInline.id && c.body.includes(reply) && c.authorId === DEMO.accounts.admin.accountId);
  const deadline = Date.now() + 30_000;
  while (!stored()) {
    if (Date.now() > deadline) throw new Error(`the emulator has no reply "${reply}" by ${DEMO.accounts.admin.displayName} under the thread`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await thread.locator('.review-comment .comment-body', { hasText: reply }).first().waitFor({ timeout: 30_000 });
  await shot('08-comment-replied');
}
