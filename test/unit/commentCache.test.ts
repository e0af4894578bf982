// The comment cache against the emulator over real HTTP: one read per page however many documents ask
// at once (listings, one /children per comment, one users-bulk for names), what the extension writes
// updates it without a read, and a tooltip's count costs the two listings alone when nothing is cached.

import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { CommentCache } from '../../src/comments/commentCache';
import type { SiteSession } from '../../src/confluence/siteSession';
import { authorityForOrigin } from '../../src/pages/pageUri';
import { DEMO, startEmulator, type RunningEmulator } from '../emulator/index';
import { classicConnection, makeClient } from './helpers/clients';
import { registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();
let emu: RunningEmulator;
const C = DEMO.comments;

before(async () => { emu = await startEmulator({ seed: 'demo' }); });
after(async () => { await emu.close(); });
beforeEach(() => { emu.control.reset(); });

function setup(): { cache: CommentCache; session: SiteSession } {
  const { client } = makeClient(scan, classicConnection(emu.url));
  const session: SiteSession = {
    client,
    site: { origin: emu.url, host: authorityForOrigin(emu.url), email: DEMO.accounts.admin.email, accountId: DEMO.accounts.admin.accountId,
      displayName: DEMO.accounts.admin.displayName, tokenKind: 'classic', apiBase: emu.url, isAdmin: true },
  };
  const cache = new CommentCache({ request: (_s, call) => call() }, { debug: () => undefined, info: () => undefined });
  return { cache, session };
}

const paths = () => emu.control.requestLog().map((r) => `${r.method} ${r.path.replace(/\?.*$/, '').replace(/\/\d+/g, '/{id}')}`);

describe('the comment cache', () => {
  test('concurrent loads of a page share one read: two listings, one /children per comment, one users-bulk', async () => {
    const { cache, session } = setup();
    emu.control.clearRequestLog();
    const [a, b] = await Promise.all([cache.load(session, C.pageId), cache.load(session, C.pageId)]);
    assert.equal(a, b);
    const all = emu.control.comments(C.pageId)!;
    assert.equal(paths().filter((p) => p.endsWith('/children')).length, all.length);
    assert.equal(paths().filter((p) => p.endsWith('-comments')).length, 2);
    assert.deepEqual(paths().filter((p) => p.includes('users-bulk')), ['POST /wiki/api/v2/users-bulk']);
    assert.equal(a.names.get(DEMO.accounts.other.accountId), 'Oscar Other');
    await cache.load(session, C.pageId);
    assert.equal(emu.control.requestLog().length, 2 + all.length + 1, 'a second load is free');
  });

  test('what the extension writes updates the cache without a read, and tells listeners', async () => {
    const { cache, session } = setup();
    await cache.load(session, C.pageId);
    const changes: string[] = [];
    cache.onDidChange((p) => changes.push(p.pageId));
    emu.control.clearRequestLog();
    const reply = await session.client.replyToComment({ id: C.footer.id, kind: 'footer', pageId: C.pageId }, '<p>Linked.</p>');
    cache.added(session, reply);
    const footer = () => cache.get({ host: session.site.host, pageId: C.pageId })!.comments.footer.find((c) => c.id === C.footer.id)!;
    assert.deepEqual(footer().replies.map((r) => r.body), ['<p>Linked.</p>']);
    cache.removed(session, C.pageId, reply.id);
    assert.deepEqual(footer().replies, []);
    assert.deepEqual(changes, [C.pageId, C.pageId]);
    assert.deepEqual(paths(), ['POST /wiki/api/v2/footer-comments'], 'only the write itself');
  });

  test('a tooltip\'s count: the two listings when nothing is cached, nothing when it is', async () => {
    const { cache, session } = setup();
    emu.control.clearRequestLog();
    assert.equal(await cache.countsSentence(session, C.pageId), '3 open comments (1 inline, 2 on the page) · 1 resolved · 1 dangling');
    assert.deepEqual(paths().sort(), ['GET /wiki/api/v2/pages/{id}/footer-comments', 'GET /wiki/api/v2/pages/{id}/inline-comments']);
    await cache.load(session, C.pageId);
    emu.control.clearRequestLog();
    assert.equal(await cache.countsSentence(session, C.pageId), '3 open comments (1 inline, 2 on the page) · 1 resolved · 1 dangling');
    assert.equal(emu.control.requestLog().length, 0);
  });
});
