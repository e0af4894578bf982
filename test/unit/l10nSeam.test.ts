// The pure layers' translator seam (src/util/l10n.ts): the placeholder rules of vscode.l10n.t, English
// until a translator is installed, and — with a translator that marks what it translates — proof that
// the core errors people read really go through it, end to end against the emulator.

import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';
import { ConfluenceClient } from '../../src/confluence/client';
import { ConfluenceError } from '../../src/confluence/errors';
import type { SiteRecord } from '../../src/confluence/siteSession';
import { NOTHING_LOST } from '../../src/pages/lossReport';
import { PageError } from '../../src/pages/pageErrors';
import { PageLayer } from '../../src/pages/pageLayer';
import { authorityForOrigin, pageUriString, type PageLocation } from '../../src/pages/pageUri';
import { formatMessage, l10n, setTranslator, type Translate } from '../../src/util/l10n';
import { DEMO, startEmulator, type RunningEmulator } from '../emulator/index';
import { ADMIN, classicConnection, TestAdminKey, USER_AGENT } from './helpers/clients';
import { FakeClock } from './helpers/fakeClock';
import { SimulatedEditor } from './helpers/simulatedEditor';

afterEach(() => setTranslator(undefined));

describe('l10n.t without a translator (English)', () => {
  test('fills positional placeholders, as often as they appear, from strings, numbers and booleans', () => {
    assert.equal(l10n.t('Signed in to {0} as {1}.', 'acme.atlassian.net', 'Ann'), 'Signed in to acme.atlassian.net as Ann.');
    assert.equal(l10n.t('next to "{0}", under the same parent as "{0}" ({1}, {2})', 'T', 3, false), 'next to "T", under the same parent as "T" (3, false)');
  });

  test('fills named placeholders from an object, and the options form with its comment', () => {
    assert.equal(l10n.t('Hello {name}, {n} new', { name: 'Erich', n: 2 }), 'Hello Erich, 2 new');
    assert.equal(l10n.t({ message: 'account {0}', args: ['712020:abc'], comment: 'who saved it' }), 'account 712020:abc');
    assert.equal(l10n.t({ message: 'no {0} here', comment: ['no arguments'] }), 'no {0} here');
  });

  test('keeps what it cannot fill, and never fills what an argument brings along', () => {
    assert.equal(l10n.t('{0} and {1}', 'only one'), 'only one and {1}');
    assert.equal(l10n.t('left {0} as is'), 'left {0} as is');
    assert.equal(l10n.t('Confluence said: "{0}" ({1})', 'a {1} in server text', 'x'), 'Confluence said: "a {1} in server text" (x)');
    assert.equal(formatMessage('{a}{b}', { a: '{b}', b: 'B' }), '{b}B');
  });
});

describe('an installed translator', () => {
  test('receives each call exactly as vscode.l10n.t would, and its answer is the message', () => {
    const calls: unknown[][] = [];
    setTranslator(((...params: unknown[]) => { calls.push(params); return 'übersetzt'; }) as Translate);
    assert.equal(l10n.t('Move "{0}" to the trash?', 'Payments'), 'übersetzt');
    assert.equal(l10n.t({ message: 'someone', comment: ['who'] }), 'übersetzt');
    assert.deepEqual(calls, [['Move "{0}" to the trash?', 'Payments'], [{ message: 'someone', comment: ['who'] }]]);
    setTranslator(undefined);
    assert.equal(l10n.t('Move "{0}" to the trash?', 'Payments'), 'Move "Payments" to the trash?');
  });
});

/** Translates like English, and wraps every message it was asked for in «…». */
const marking = ((first: string | { message: string; args?: unknown }, ...rest: unknown[]): string => {
  const [message, args] = typeof first === 'string'
    ? [first, typeof rest[0] === 'object' ? rest[0] as Record<string, unknown> : rest as (string | number | boolean)[]]
    : [first.message, first.args as Record<string, unknown> | undefined];
  return `«${formatMessage(message, args)}»`;
}) as Translate;

/** What is left of a message once everything that went through the translator is taken out. */
function untranslated(message: string): string {
  let rest = message;
  for (let before = ''; before !== rest;) { before = rest; rest = rest.replace(/«[^«»]*»/g, ''); }
  return rest.trim();
}

function assertTranslated(message: string): void {
  assert.match(message, /^«/, message);
  assert.equal(untranslated(message), '', `parts of "${message}" did not go through the translator`);
}

describe('the core errors go through the seam', () => {
  let emu: RunningEmulator;
  const clients: ConfluenceClient[] = [];
  before(async () => { emu = await startEmulator({ seed: 'demo' }); });
  after(async () => { await Promise.all(clients.map((c) => c.dispose())); await emu.close(); });

  const client = (origin: string, token = ADMIN.token): ConfluenceClient => {
    const c = new ConfluenceClient({ connection: classicConnection(origin), credentials: { email: ADMIN.email, token },
      http: { userAgent: USER_AGENT, env: {}, random: () => 0.5, maxAttempts: 1 } });
    clients.push(c);
    return c;
  };

  /** A page layer signed in to the emulator, and an editor on one of its pages. */
  const editorOn = (pageId: string): SimulatedEditor => {
    const c = client(emu.url);
    const site: SiteRecord = { origin: emu.url, host: authorityForOrigin(emu.url), email: ADMIN.email, accountId: DEMO.accounts.admin.accountId,
      displayName: DEMO.accounts.admin.displayName, tokenKind: 'classic', apiBase: emu.url, isAdmin: true };
    const store = new Map<string, unknown>();
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined };
    const pages = new PageLayer({
      sessions: { forAuthority: (a) => (a === site.host ? { site, client: c } : undefined), reportError: () => undefined },
      adminKey: { recheck: () => Promise.resolve(false) },
      store: { get: <T>(k: string) => store.get(k) as T | undefined, update: (k, v) => { store.set(k, v); return Promise.resolve(); } },
      clock: new FakeClock(emu.control.now(), 'manual'), log: quiet, openDocuments: () => [], losses: () => NOTHING_LOST,
      questions: { confirmRemovals: () => Promise.resolve(true), askVersionMessage: () => Promise.resolve(undefined) },
      settings: { versionMessageMode: () => 'none', defaultVersionMessage: () => '', versionCheckIntervalMinutes: () => 0 },
    });
    const loc: PageLocation = { host: site.host, pageId };
    return new SimulatedEditor(pages.documents, pageUriString(loc), loc);
  };

  test('a rejected token (401)', async () => {
    setTranslator(marking);
    const e = await client(emu.url, 'not-a-token').currentUser().then(() => undefined, (x: unknown) => x);
    assert.ok(ConfluenceError.is(e, 'unauthorized'), String(e));
    assertTranslated(e.message);
    assert.match(e.message, /Confluence rejected the email or API token/);
  });

  test('a page that is not there, on open (404)', async () => {
    setTranslator(marking);
    const e = await editorOn('9999999').open().then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof PageError && e.code === 'FileNotFound', String(e));
    assertTranslated(e.message);
    assert.match(e.message, /was not found on/);
  });

  test('a save refused because someone else changed the page meanwhile', async () => {
    const pageId = DEMO.deepPath[2]!.id;
    const editor = (await editorOn(pageId).open()).type((t) => `${t}\n<p>mine</p>`);
    const body = emu.control.pageState(pageId)!.body;
    const i = body.search(/<p>[A-Za-y]/) + 3;
    emu.control.editPageAsOtherUser(pageId, { body: body.slice(0, i) + String.fromCharCode(body.charCodeAt(i) + 1) + body.slice(i + 1) });
    setTranslator(marking);
    const outcome = await editor.save();
    assert.ok(outcome.outcome === 'failed' && outcome.error instanceof PageError, JSON.stringify(outcome));
    assertTranslated(outcome.error.message);
    assert.match(outcome.error.message, /Not saved: .* was changed on Confluence/);
  });

  test('a transport failure: nobody listens at the address', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as net.AddressInfo;
        server.close(() => resolve(p));
      });
    });
    setTranslator(marking);
    const e = await client(`http://127.0.0.1:${port}`).currentUser().then(() => undefined, (x: unknown) => x);
    assert.ok(ConfluenceError.is(e, 'network'), String(e));
    assertTranslated(e.message);
    assert.match(e.message, /Could not reach 127\.0\.0\.1/);
  });
});
