// Helpers shared by the integration suites: the extension's test API, emulators, and waiting for a
// condition (polling a real state, never sleeping a fixed time).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/constants';
import type { ExtensionExports, TestApi } from '../../src/extension';
import type { LossReport } from '../../src/pages/lossReport';
import type { Prompts } from '../../src/platform/prompts';
import type { ParentNode, TreeNode } from '../../src/tree/model/treeNodes';
import { RunningEmulator, startEmulator } from '../emulator/index';

export async function extensionApi(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<ExtensionExports>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = (await ext.activate()).test;
  if (!api) throw new Error('the extension returned no test API: CONFLUENCE_VSCODE_TEST_SEAMS=1 must be set for the extension host');
  if (!(api.prompts.answerer instanceof AgreeingPrompts)) api.prompts.answerer = new AgreeingPrompts();
  return api;
}

/**
 * Answers every modal question with "yes" and records it: the test workbench (smoke-test mode) skips
 * modal dialogs. Tests that need another answer replace `api.prompts.answerer` and restore this one.
 */
export class AgreeingPrompts implements Prompts {
  readonly asked: string[] = [];
  async confirmRemovals(title: string, loss: LossReport): Promise<boolean> { this.asked.push(`removals ${title}: ${loss.sentence}`); return true; }
  async askVersionMessage(title: string, defaultMessage: string): Promise<string | undefined> { this.asked.push(`message ${title}`); return defaultMessage; }
  async confirmTrash(title: string, _host: string): Promise<boolean> { this.asked.push(`trash ${title}`); return true; }
  async confirmAdminKeyFirstUse(host: string): Promise<boolean> { this.asked.push(`admin key ${host}`); return true; }
  async confirmOverwrite(question: string, _detail: string): Promise<boolean> { this.asked.push(question); return true; }
  async confirmOpenWithAdminKey(link: string, _host: string): Promise<boolean> { this.asked.push(`open with key ${link}`); return true; }
  async confirmDeleteComment(preview: string, _replies: number): Promise<boolean> { this.asked.push(`delete comment ${preview}`); return true; }
  async confirmRestore(question: string, _detail: string): Promise<boolean> { this.asked.push(question); return true; }
  /** The first way offered (Move Into, or Move to Top for a space). */
  async chooseMove(message: string, _detail: string, choices: readonly string[]): Promise<string | undefined> { this.asked.push(`move ${message}`); return choices[0]; }
  async confirmDeleteFolder(title: string, _host: string): Promise<boolean> { this.asked.push(`delete folder ${title}`); return true; }
  async confirmDeleteAttachment(filename: string, _pageTitle: string): Promise<boolean> { this.asked.push(`delete attachment ${filename}`); return true; }
  async confirmNewVersion(filename: string, _pageTitle: string): Promise<boolean> { this.asked.push(`new version ${filename}`); return true; }
}

/**
 * Emulators started by a suite, closed by its teardown. Their clocks start at the extension's clock,
 * which earlier suites may have advanced: admin-key expiry times must mean the same on both sides.
 */
export class Emulators {
  private readonly running: RunningEmulator[] = [];

  constructor(private readonly now: () => number) {}

  async start(seed: 'demo' | 'empty' | 'bench' = 'demo'): Promise<RunningEmulator> {
    const emulator = await startEmulator({ seed, startTime: this.now() });
    this.running.push(emulator);
    return emulator;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.running.splice(0).map((e) => e.close()));
  }
}

/** Reverts every dirty Confluence document, so closing never asks about unsaved changes, then closes every editor. */
export async function closeConfluenceEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'confluence' && d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A level's children once it has finished streaming (no "Loading more…" row). */
export async function fullChildren(api: TestApi, node: TreeNode | undefined): Promise<TreeNode[]> {
  return waitFor(`children of ${node?.key ?? 'the root'}`, async () => {
    const rows = await api.tree.getChildren(node);
    return rows.some((r) => r.kind === 'message' && r.message === 'loadingMore') ? undefined : rows;
  });
}

export function titleOf(node: TreeNode): string {
  switch (node.kind) {
    case 'site': return node.origin;
    case 'space': return node.space.name;
    case 'content': return node.content.title;
    case 'message': return node.text;
    case 'attachments': return 'Attachments';
    case 'attachment': return node.attachment.title;
  }
}

export async function childTitled(api: TestApi, parent: TreeNode | undefined, title: string): Promise<ParentNode> {
  const rows = await fullChildren(api, parent);
  const found = rows.find((r) => titleOf(r) === title);
  if (!found || found.kind === 'message' || found.kind === 'attachments' || found.kind === 'attachment') {
    throw new Error(`no child "${title}" under ${parent?.key ?? 'the root'}; it has: ${rows.map(titleOf).join(', ')}`);
  }
  return found;
}

/** Every file under dir whose bytes contain needle (for "the token is nowhere on disk"). */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        try { if (fs.readFileSync(p).includes(needle)) hits.push(p); } catch { /* unreadable socket or vanished file */ }
      }
    }
  };
  walk(dir);
  return hits;
}
