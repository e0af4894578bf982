// Step 12 of the journey: a page full of what Markdown cannot say (a layout, macros, a mention, an
// image, an inline comment) opens from the tree as Markdown, the default view, and VS Code's own
// Markdown preview beside it draws the kept storage as labelled boxes and chips — the picture the
// README shows.
import type { Locator, Page } from 'playwright-core';
import { DEMO } from '../emulator/seed';

export interface MarkdownStepHelpers {
  expand(page: Page, title: string, level: number): Promise<void>;
  treeRow(page: Page, title: string, level: number): Locator;
  editorShowing(page: Page, title: string, contains: string | undefined): Promise<Locator>;
  poll<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T>;
}

export async function markdownWithPreview(page: Page, h: MarkdownStepHelpers, spaceLevel: number, shot: (name: string) => Promise<void>): Promise<void> {
  const showcase = DEMO.markdownShowcase;
  await h.expand(page, DEMO.spaces.prod.name, spaceLevel);
  await h.expand(page, 'Product Home', spaceLevel + 1);
  await h.treeRow(page, showcase.title, spaceLevel + 2).locator('.label-name').click();
  await page.locator('.part.editor .tab.active', { hasText: `${showcase.title}.md` }).waitFor();
  await h.editorShowing(page, showcase.title, `# ${showcase.title}`);

  // VS Code's own command, from the palette, as a person would run it.
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Markdown: Open Preview to the Side');
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Open Preview to the Side' }).first().waitFor();
  await input.press('Enter');

  // The preview is a webview (nested frames): wait until one of its frames draws a labelled box.
  const preview = await h.poll('the Markdown preview to draw the kept storage as labelled boxes', 30_000, async () => {
    for (const frame of page.frames()) {
      if (await frame.locator('.confluence-box-label').count().catch(() => 0) > 0) return frame;
    }
    return undefined;
  });
  const labels = (await preview.locator('.confluence-box-label').allInnerTexts()).map((t) => t.trim());
  if (!labels.some((l) => /layout|section|column/i.test(l))) throw new Error(`the preview shows boxes, but none for the layout: ${JSON.stringify(labels)}`);
  // The raw XML of a kept block is what the editor shows, never what the preview shows.
  if (await preview.locator('text=<ac:layout>').count() > 0) throw new Error('the preview shows raw <ac:layout> XML');
  // The comments panel of the step before would take half of the picture.
  if (await page.locator('.part.panel').isVisible()) {
    await page.keyboard.press('F1');
    await input.fill('>View: Hide Panel');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Hide Panel' }).first().waitFor();
    await input.press('Enter');
    await page.locator('.part.panel').waitFor({ state: 'hidden' });
  }
  await shot('09-markdown-and-preview');
}
