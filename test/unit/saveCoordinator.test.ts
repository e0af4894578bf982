// The save and conflict rules of docs/SAVING.md, one or more tests per rule (named after it), run
// against the page layer with the emulator over real HTTP and a simulated editor that drives the
// layer the way VS Code's text file model does. No workbench: the whole matrix runs in seconds.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ConfluenceClient } from '../../src/confluence/client';
import type { SiteRecord } from '../../src/confluence/siteSession';
import { removedCommentAnchors, type LossReport } from '../../src/pages/lossReport';
import { PageError } from '../../src/pages/pageErrors';
import { PageLayer } from '../../src/pages/pageLayer';
import { META_TTL_MS } from '../../src/pages/pageRepository';
import { authorityForOrigin, pageUriString, type PageLocation } from '../../src/pages/pageUri';
import type { SaveQuestions, VersionMessageMode } from '../../src/pages/saveCoordinator';
import { SaveReason } from '../../src/pages/saveRules';
import { DEMO, startEmulator, type RunningEmulator } from '../emulator/index';
import { ADMIN, classicConnection, TestAdminKey, USER_AGENT } from './helpers/clients';
import { FakeClock } from './helpers/fakeClock';
import { SimulatedEditor, type SaveOutcome } from './helpers/simulatedEditor';

let emu: RunningEmulator;
const clients: ConfluenceClient[] = [];
before(async () => { emu = await startEmulator({ seed: 'demo' }); });
after(async () => { await Promise.all(clients.map((c) => c.dispose())); await emu.close(); });
beforeEach(() => { emu.control.reset(); });

/** workspaceState as the page layer sees it; shared between "windows" to model a restart. */
class MemoryStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined { return this.data.get(key) as T | undefined; }
  update(key: string, value: unknown): Promise<void> { this.data.set(key, structuredClone(value)); return Promise.resolve(); }
}

class Questions implements SaveQuestions {
  removals: LossReport[] = [];
  messages: string[] = [];
  removeAnswer = true;
  messageAnswer: string | undefined = 'Edited in VS Code';
  async confirmRemovals(_title: string, loss: LossReport): Promise<boolean> { this.removals.push(loss); return this.removeAnswer; }
  async askVersionMessage(title: string): Promise<string | undefined> { this.messages.push(title); return this.messageAnswer; }
}

interface Window {
  pages: PageLayer;
  clock: FakeClock;
  key: TestAdminKey;
  questions: Questions;
  reported: unknown[];
  store: MemoryStore;
  rechecks: string[];
  editor(loc: PageLocation, autoSaveOptedIn?: boolean): SimulatedEditor;
}

/** One VS Code window's page layer, signed in to the emulator as `credentials`. */
function window(opts: { store?: MemoryStore; timeoutMs?: number; messageMode?: VersionMessageMode } = {}): Window {
  const clock = new FakeClock(emu.control.now(), 'manual');
  const key = new TestAdminKey(clock);
  const client = new ConfluenceClient({
    connection: classicConnection(emu.url), credentials: ADMIN, adminKey: key,
    http: { userAgent: USER_AGENT, env: {}, random: () => 0.5, maxAttempts: 1, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) },
  });
  clients.push(client);
  const site: SiteRecord = {
    origin: emu.url, host: authorityForOrigin(emu.url), email: ADMIN.email, accountId: DEMO.accounts.admin.accountId,
    displayName: DEMO.accounts.admin.displayName, tokenKind: 'classic', apiBase: emu.url, isAdmin: true,
  };
  const reported: unknown[] = [];
  const questions = new Questions();
  const store = opts.store ?? new MemoryStore();
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined };
  const rechecks: string[] = [];
  const pages = new PageLayer({
    sessions: { forAuthority: (a) => (a === site.host ? { site, client } : undefined), reportError: (_o, e) => { reported.push(e); } },
    // As the status item's controller does: one GET of the key, recorded where the client asks.
    adminKey: { recheck: async (origin) => { rechecks.push(origin); key.set((await client.getAdminKey())?.expiresAt); return key.isActive(); } },
    store, clock, log: quiet, questions, openDocuments: () => [], losses: removedCommentAnchors,
    settings: { versionMessageMode: () => opts.messageMode ?? 'none', defaultVersionMessage: () => '', versionCheckIntervalMinutes: () => 0 },
  });
  return {
    pages, clock, key, questions, reported, store, rechecks,
    editor: (loc, optedIn) => new SimulatedEditor(pages.documents, pageUriString(loc), loc, optedIn),
  };
}

const at = (pageId: string): PageLocation => ({ host: authorityForOrigin(emu.url), pageId });
const state = (pageId: string) => emu.control.pageState(pageId)!;
const puts = (pageId: string) => emu.control.requestLog().filter((r) => r.method === 'PUT' && r.path.startsWith(`/wiki/api/v2/pages/${pageId}`));
const appendParagraph = (text: string) => (t: string) => `${t}\n<p>${text}</p>`;

function theyEdit(pageId: string, how: 'longer' | 'same-size' | { title: string }): number {
  const body = state(pageId).body;
  if (typeof how === 'object') { return emu.control.editPageAsOtherUser(pageId, { title: how.title }).version; }
  const changed = how === 'longer' ? `${body}\n<p>Added by Oscar in the browser.</p>` : swapFirstLetter(body);
  return emu.control.editPageAsOtherUser(pageId, { body: changed }).version;
}

function swapFirstLetter(body: string): string {
  const i = body.search(/<p>[A-Za-y]/) + 3;
  return body.slice(0, i) + String.fromCharCode(body.charCodeAt(i) + 1) + body.slice(i + 1);
}

async function waitUntil(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) { await new Promise((r) => setTimeout(r, 5)); }
  assert.ok(cond(), 'the condition was reached');
}

function failure(outcome: SaveOutcome): PageError {
  assert.equal(outcome.outcome, 'failed', `expected the save to fail, got ${outcome.outcome}`);
  assert.ok(outcome.outcome === 'failed' && outcome.error instanceof PageError, 'a PageError');
  return (outcome as { error: unknown }).error as PageError;
}

const page = DEMO.deepPath[2]!.id;

describe('saving pages (docs/SAVING.md)', () => {
  test('one-snapshot: opening is one request; size is the exact bytes and mtime the version\'s time', async () => {
    const w = window();
    emu.control.clearRequestLog();
    const editor = await w.editor(at(page)).open();
    assert.equal(editor.text, state(page).body);
    assert.deepEqual(emu.control.requestLog().map((r) => r.path), [`/wiki/api/v2/pages/${page}?body-format=storage&include-operations=true`]);
    const stat = await w.pages.documents.stat(editor.doc, editor.loc, false);
    assert.equal(stat.size, Buffer.byteLength(state(page).body));
    assert.equal(stat.mtime, w.pages.repository.latestMeta(at(page))!.meta.mtime);
    assert.equal(emu.control.requestLog().length, 1, 'a stat right after the read reuses its snapshot');
  });

  test('base-persisted: the base is in the workspace store, and a new window finds it there', async () => {
    const w = window();
    const editor = await w.editor(at(page)).open();
    assert.equal(w.pages.documents.baseOf(editor.doc)?.version, state(page).version);
    assert.equal(window({ store: w.store }).pages.documents.baseOf(editor.doc)?.version, state(page).version);
  });

  test('dirty-base-stays: a read while the document is dirty does not move its base', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    const base = state(page).version;
    theyEdit(page, 'longer');
    w.clock.advance(META_TTL_MS + 1_000);
    await w.pages.documents.read(editor.doc, editor.loc, true);
    assert.equal(w.pages.documents.baseOf(editor.doc)?.version, base);
  });

  test('write-on-base: a save writes base + 1 in two requests, and the stat after it reports that version', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('first'));
    const before = state(page).version;
    emu.control.clearRequestLog();
    assert.deepEqual(await editor.save(), { outcome: 'saved' });
    assert.equal(state(page).version, before + 1);
    assert.equal(state(page).body, editor.text);
    assert.deepEqual(emu.control.requestLog().map((r) => r.method), ['GET', 'PUT'], 'a version check and the PUT');
    assert.equal(w.pages.documents.baseOf(editor.doc)?.version, before + 1);
    editor.type(appendParagraph('second'));
    assert.deepEqual(await editor.save(), { outcome: 'saved' });
    assert.equal(state(page).version, before + 2);
  });

  test('shows-what-was-stored: when Confluence normalises the saved storage, the editor re-reads and shows it, with no false conflict', async () => {
    emu.control.setQuirks(true);
    try {
      const w = window();
      const editor = (await w.editor(at(page)).open()).type((t) => `${t}<p><b>bold</b> and <i>it</i></p>`);
      assert.deepEqual(await editor.save(), { outcome: 'saved' });
      const stored = state(page).body;
      assert.match(stored, /<strong>bold<\/strong> and <em>it<\/em>/, 'Confluence normalised it');
      assert.notEqual(editor.text, stored);
      w.clock.advance(META_TTL_MS + 1_000);
      assert.equal(await editor.reloadIfChanged(), true, 'VS Code sees a newer file and re-reads');
      assert.equal(editor.text, stored);
      editor.type(appendParagraph('next'));
      assert.deepEqual(await editor.save(), { outcome: 'saved' }, 'no conflict with our own version');
    } finally {
      emu.control.setQuirks(false);
    }
  });

  test('no-empty-version: saving text identical to the version writes nothing', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type((t) => `${t} `).type((t) => t.slice(0, -1));
    assert.deepEqual(await editor.save(), { outcome: 'saved' });
    assert.equal(puts(page).length, 0);
  });

  test('vscode-overwrite: VS Code showed the newer version; Overwrite writes on top of exactly it', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    const theirs = theyEdit(page, 'longer');
    const first = await editor.save();
    assert.equal(first.outcome, 'conflict', 'VS Code stops the save and shows its notification');
    assert.equal(puts(page).length, 0);
    assert.deepEqual(await editor.save({ overwrite: true }), { outcome: 'saved' });
    assert.equal(state(page).version, theirs + 1);
    assert.equal(state(page).body, editor.text);
    assert.ok(state(page).versions.some((v) => v.number === theirs && v.body.includes('Added by Oscar')), 'their version stays in the history');
  });

  test('moved-again: another version after the one VS Code showed refuses the Overwrite', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    theyEdit(page, 'longer');
    assert.equal((await editor.save()).outcome, 'conflict');
    const second = theyEdit(page, 'same-size');
    const e = failure(await editor.save({ overwrite: true }));
    assert.match(e.message, new RegExp(`changed again.*version ${second}`));
    assert.equal(state(page).version, second);
    assert.equal(puts(page).length, 0);
  });

  test('invisible-conflict: a same-size change is refused with who, when, and the way out', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    const theirs = theyEdit(page, 'same-size');
    const e = failure(await editor.save());
    assert.match(e.message, new RegExp(`version ${theirs} by ${DEMO.accounts.other.displayName} at `), 'the other person by name, not by account id');
    assert.match(e.message, /\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    assert.match(e.message, /Compare with Remote.*Overwrite Remote with My Version/);
    assert.equal(puts(page).length, 0);
    assert.ok(editor.dirty, 'the text stays in the editor');
  });

  test('no-stat: a write that no stat preceded is refused when the remote moved on', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    theyEdit(page, 'longer');
    w.clock.advance(10_000);
    await assert.rejects(w.pages.documents.write(editor.doc, editor.loc, Buffer.from(editor.text), false), /was changed on Confluence/);
    assert.equal(puts(page).length, 0);
  });

  test('unknown-base: without a base only text identical to the current version passes', async () => {
    const w = window();
    const doc = pageUriString(at(page));
    await assert.rejects(w.pages.documents.write(doc, at(page), Buffer.from('<p>other</p>'), false), /not known which version/);
    assert.equal(puts(page).length, 0);
    await w.pages.documents.write(doc, at(page), Buffer.from(state(page).body), false);
    assert.equal(puts(page).length, 0);
    assert.equal(w.pages.documents.baseOf(doc)?.version, state(page).version, 'the matching version became its base');
  });

  test('already-saved: a newer version with exactly this text (saved from another window) is adopted, not a conflict', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    const mine = emu.control.editPageAsOtherUser(page, { body: editor.text, authorEmail: DEMO.accounts.admin.email }).version;
    emu.control.clearRequestLog();
    assert.deepEqual(await editor.save(), { outcome: 'saved' });
    assert.equal(puts(page).length, 0, 'nothing written');
    assert.equal(state(page).version, mine);
    assert.equal(w.pages.documents.baseOf(editor.doc)?.version, mine);
  });

  test('same-content: a rename meanwhile loses nobody\'s text, so the save goes on top of it with the new title', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    const renamed = theyEdit(page, { title: 'Renamed by Oscar' });
    assert.deepEqual(await editor.save(), { outcome: 'saved' });
    assert.equal(state(page).version, renamed + 1);
    assert.equal(state(page).title, 'Renamed by Oscar');
    assert.equal(state(page).body, editor.text);
  });

  test('consent: explicit consent overwrites exactly the version shown, not another, and not for ever', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    const theirs = theyEdit(page, 'same-size');
    failure(await editor.save());
    w.pages.documents.grantOverwriteConsent(editor.doc, theirs - 1);
    assert.match(failure(await editor.save()).message, /changed again/);
    w.pages.documents.grantOverwriteConsent(editor.doc, theirs);
    w.clock.advance(121_000);
    failure(await editor.save());
    w.pages.documents.grantOverwriteConsent(editor.doc, theirs);
    assert.deepEqual(await editor.save(), { outcome: 'saved' });
    assert.equal(state(page).version, theirs + 1);
  });

  test('trashed-not-restored: a save a moment after the page went to the trash does not bring it back', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    const other = new ConfluenceClient({ connection: classicConnection(emu.url), credentials: { email: DEMO.accounts.other.email, token: DEMO.accounts.other.token },
      http: { userAgent: USER_AGENT, env: {} } });
    clients.push(other);
    await other.deletePage(page);
    // Within the seconds a page's details are reused: the stat before the save fails (404) and
    // VS Code writes anyway.
    const e = failure(await editor.save());
    assert.equal(e.code, 'FileNotFound');
    assert.match(e.message, /not re-created/);
    assert.equal(state(page).status, 'trashed');
    assert.equal(puts(page).length, 0);
  });

  test('new-page-settling: a page created here a moment ago opens, saves and renames while Confluence still answers 404 for it', async () => {
    emu.control.setQuirks(true, { readMisses: 2 });
    const w = window();
    const client = clients[clients.length - 1]!;
    const created = await client.createPage({ spaceId: DEMO.spaces.prod.id, title: 'Fresh from VS Code', body: { representation: 'storage', value: '<p>new</p>' } });
    w.pages.pageCreated(authorityForOrigin(emu.url), created);
    emu.control.clearRequestLog();
    const editor = (await w.editor(at(created.id)).open()).type(appendParagraph('typed at once'));
    assert.equal((await editor.save()).outcome, 'saved');
    assert.match(state(created.id).body, /typed at once/);
    const misses = emu.control.requestLog().filter((r) => r.status === 404).length;
    assert.equal(misses, 2, 'both 404s of the fresh page were asked through');
  });

  test('new-page-settling: a 404 for a page seen before is believed at once (no retries)', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    emu.control.setQuirks(true);
    const other = new ConfluenceClient({ connection: classicConnection(emu.url), credentials: { email: DEMO.accounts.other.email, token: DEMO.accounts.other.token },
      http: { userAgent: USER_AGENT, env: {} } });
    clients.push(other);
    await other.deletePage(page);
    emu.control.clearRequestLog();
    const e = failure(await editor.save());
    assert.equal(e.code, 'FileNotFound');
    // The stat before the write and the save's own fresh look (trashed-not-restored): no retries on top.
    const asked = emu.control.requestLog().filter((r) => r.status === 404).map((r) => r.path.split('?')[0]);
    assert.equal(asked.length, 2, `404s: ${asked.join(', ')}`);
    assert.equal(state(page).status, 'trashed');
  });

  test('read-only: a page the person may not update opens read-only and is never written', async () => {
    const w = window();
    const id = DEMO.updateRestricted.id;
    const editor = await w.editor(at(id)).open();
    assert.equal(editor.readonly, true, 'VS Code then blocks typing');
    // workspace.applyEdit and other extensions' writes still reach the file system.
    editor.type(appendParagraph('mine'));
    const e = await w.pages.documents.write(editor.doc, editor.loc, Buffer.from(editor.text), false).then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof PageError && e.code === 'NoPermissions', String(e));
    assert.equal(puts(id).length, 0);
  });

  test('auto-save: an auto save is refused unless the person opted in for Confluence documents', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('typing'));
    assert.match(failure(await editor.save({ reason: SaveReason.AfterDelay })).message, /save only when you save explicitly/);
    assert.equal(puts(page).length, 0);
    const optedIn = (await w.editor(at(page), true).open()).type(appendParagraph('typing'));
    assert.deepEqual(await optedIn.save({ reason: SaveReason.AfterDelay }), { outcome: 'saved' });
  });

  test('removals-consent: removing comment anchors asks first; Cancel keeps the text unsaved', async () => {
    const w = window();
    const id = DEMO.commentedPage.id;
    const editor = (await w.editor(at(id)).open()).type((t) => t.replace(/<ac:inline-comment-marker\b[^>]*>|<\/ac:inline-comment-marker>/g, ''));
    w.questions.removeAnswer = false;
    assert.match(failure(await editor.save()).message, /comment anchor.*Cancel/);
    assert.match(w.questions.removals[0]?.sentence ?? '', /^This save removes: \d+ comment anchors?$/);
    assert.equal(puts(id).length, 0);
    w.questions.removeAnswer = true;
    assert.deepEqual(await editor.save(), { outcome: 'saved' });
  });

  test('comment-in-place: a comment anchored without a new version is re-read, and a save of the older body asks before removing it', async () => {
    const w = window();
    const id = DEMO.commentedPage.id;
    const editor = (await w.editor(at(id)).open()).type((t) => t.replace('</table>', '</table><p>mine</p>'));
    const clean = await new SimulatedEditor(w.pages.documents, `${pageUriString(at(id))}#clean`, at(id)).open();
    const version = state(id).version;
    await w.pages.repository.session(at(id)).client.createInlineComment(id, '<p>Why SQS?</p>', { text: 'SQS', matchCount: 1, matchIndex: 0 });
    assert.equal(state(id).version, version, 'Confluence made no new version');
    w.pages.bodyChangedInPlace(at(id));
    assert.ok(await clean.reloadIfChanged(), 'a clean editor re-reads');
    assert.match(clean.text, /<ac:inline-comment-marker ac:ref="[^"]+">SQS<\/ac:inline-comment-marker>/);
    w.questions.removeAnswer = false;
    assert.match(failure(await editor.save()).message, /comment anchor.*Cancel/);
    assert.equal(w.questions.removals[0]?.sentence, 'This save removes: 1 comment anchor');
    assert.equal(puts(id).length, 0);
  });

  test('version-message: a prompted message is recorded; Escape cancels the save', async () => {
    const w = window({ messageMode: 'prompt' });
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    w.questions.messageAnswer = undefined;
    assert.match(failure(await editor.save()).message, /cancelled/);
    assert.equal(puts(page).length, 0);
    w.questions.messageAnswer = 'Tightened the wording';
    assert.deepEqual(await editor.save(), { outcome: 'saved' });
    assert.equal(state(page).versions.at(-1)?.message, 'Tightened the wording');
  });

  test('lost-answer: a PUT that reached Confluence but whose answer was lost counts as saved; the next save goes on', async () => {
    const w = window({ timeoutMs: 1_000 });
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    const before = state(page).version;
    emu.control.failNext(1, { dropAfterHandling: true, method: 'PUT' });
    assert.deepEqual(await editor.save(), { outcome: 'saved' }, 'read back: the version is there');
    assert.equal(state(page).version, before + 1);
    editor.type(appendParagraph('again'));
    assert.deepEqual(await editor.save(), { outcome: 'saved' });
    assert.equal(state(page).version, before + 2);
  });

  test('lost-answer: a PUT lost before Confluence handled it is reported as not saved', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    const before = state(page).version;
    emu.control.failNext(1, { drop: true, method: 'PUT' });
    assert.match(failure(await editor.save()).message, /Not saved/);
    assert.equal(state(page).version, before);
  });

  test('failures-keep-text: a dropped connection, a 500, a 429 and a timeout write nothing; the next save does', async () => {
    const w = window({ timeoutMs: 1_000 });
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    const before = state(page);
    for (const fault of [{ drop: true }, { status: 500 }, { status: 429, retryAfter: '120' }, { hang: true }]) {
      emu.control.failNext(1, { ...fault, method: 'PUT' });
      const e = failure(await editor.save());
      assert.ok(/Not saved|rate-limiting|did not answer/.test(e.message), e.message);
      assert.equal(state(page).version, before.version);
      assert.ok(editor.dirty);
    }
    assert.deepEqual(await editor.save(), { outcome: 'saved' });
    assert.equal(state(page).version, before.version + 1);
  });

  test('failures-keep-text: a save the person cancels while the server hangs ends at once and keeps the text', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    const before = state(page).version;
    emu.control.failNext(1, { hang: true, method: 'PUT' });
    w.pages.documents.saveStarting(editor.doc, SaveReason.Manual);
    await w.pages.documents.stat(editor.doc, editor.loc, true);
    const abort = new AbortController();
    const saving = w.pages.documents.write(editor.doc, editor.loc, Buffer.from(editor.text), false, abort.signal);
    await waitUntil(() => puts(page).length === 1);
    abort.abort();
    const e = await saving.then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof PageError, String(e));
    assert.match(e.message, /cancelled.*Your text is kept/);
    assert.equal(state(page).version, before);
  });

  test('failures-keep-text: a rejected token fails the save and is reported, so the site offers "Sign in again"', async () => {
    const w = window();
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    emu.control.failNext(1, { status: 401, method: 'PUT' });
    failure(await editor.save());
    assert.ok(w.reported.some((e) => (e as { kind?: string }).kind === 'unauthorized'), 'the 401 reached the session directory');
  });

  test('admin-key-lapsed: with the key off, a key-only page stays open read-only and a save says to re-enable it', async () => {
    const w = window();
    const status = await w.pages.repository.session(at(DEMO.restricted.id)).client.enableAdminKey(10);
    w.key.set(status.expiresAt);
    const editor = (await w.editor(at(DEMO.restricted.id)).open()).type(appendParagraph('reviewed'));
    w.key.set(undefined);
    w.clock.advance(META_TTL_MS + 1_000);
    const clean = await w.pages.documents.stat(editor.doc, editor.loc, false);
    assert.equal(clean.readonly, true, 'clean: read-only, not deleted');
    assert.match(failure(await editor.save()).message, /admin key is no longer active.*enable it and save again; your text is kept/);
    assert.equal(puts(DEMO.restricted.id).length, 0);
  });

  test('admin-key-lapsed: a key turned off on Confluence (not here) is re-read, and the save says to enable it again', async () => {
    const w = window();
    const client = w.pages.repository.session(at(DEMO.restricted.id)).client;
    w.key.set((await client.enableAdminKey(10)).expiresAt);
    const editor = (await w.editor(at(DEMO.restricted.id)).open()).type(appendParagraph('reviewed'));
    // Disabled in the browser or another window: this window still counts the key down.
    await client.disableAdminKey();
    w.clock.advance(META_TTL_MS + 1_000);
    assert.ok(w.key.isActive(), 'this window does not know yet');
    const e = failure(await editor.save());
    assert.match(e.message, /admin key is no longer active.*enable it and save again; your text is kept/);
    assert.doesNotMatch(e.message, /no longer exists|deleted/);
    assert.equal(w.key.isActive(), false, 'the key was re-read and is off now');
    assert.equal(w.rechecks.length, 1, 'one look at the key');
    assert.equal(puts(DEMO.restricted.id).length, 0);
  });

  test('admin-key-lapsed: a 404 with the key still on says the key was on, not that the page is surely gone', async () => {
    const w = window();
    const client = w.pages.repository.session(at(page)).client;
    w.key.set((await client.enableAdminKey(10)).expiresAt);
    const editor = (await w.editor(at(page)).open()).type(appendParagraph('mine'));
    emu.control.failNext(2, { status: 404, pathIncludes: `/pages/${page}` });
    const e = failure(await editor.save());
    assert.match(e.message, /although the admin key is on.*deleted.*did not apply the admin key/);
    assert.ok(w.key.isActive());
  });

  test('restart: new objects over the same store keep bases; a restored dirty editor saves on its base or refuses a conflict', async () => {
    const first = window();
    const editor = (await first.editor(at(page)).open()).type(appendParagraph('before the restart'));
    const other = DEMO.extraRootPage.id;
    const editor2 = (await first.editor(at(other)).open()).type(appendParagraph('restored and saved'));
    const second = window({ store: first.store });
    theyEdit(page, 'same-size');
    const restored = Object.assign(new SimulatedEditor(second.pages.documents, editor.doc, editor.loc), { text: editor.text, dirty: true });
    assert.match(failure(await restored.save()).message, /was changed on Confluence/);
    const restored2 = Object.assign(new SimulatedEditor(second.pages.documents, editor2.doc, editor2.loc), { text: editor2.text, dirty: true });
    const base2 = state(other).version;
    assert.deepEqual(await restored2.save(), { outcome: 'saved' });
    assert.equal(state(other).version, base2 + 1);
  });

  test('every rule of docs/SAVING.md has a test here, named after it', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'SAVING.md'), 'utf8');
    const rules = [...doc.matchAll(/^- \*\*([a-z-]+)\*\* —/gm)].map((m) => m[1]!);
    assert.ok(rules.length >= 15, `rules found: ${rules.join(', ')}`);
    const source = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'unit', 'saveCoordinator.test.ts'), 'utf8');
    const missing = rules.filter((r) => !source.includes(`test('${r}:`));
    assert.deepEqual(missing, []);
  });
});
