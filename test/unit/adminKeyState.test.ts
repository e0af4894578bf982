import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AdminKeyState, availableActions, initialState, isOn, minutesLeft, render, transition } from '../../src/adminKey/model/adminKeyState';

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const MIN = 60_000;
const fmt = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe('admin key state', () => {
  test('a scoped token or a non-admin never gets a key, whatever the server says', () => {
    const scoped = initialState({ tokenKind: 'scoped' });
    assert.deepEqual(scoped, { kind: 'unavailable', reason: 'scopedToken' });
    assert.deepEqual(transition(scoped, { type: 'checkStarted' }), scoped);
    assert.deepEqual(transition(scoped, { type: 'checked', expiresAt: T0 + MIN, now: T0 }), scoped);
    assert.deepEqual(initialState({ tokenKind: 'classic', isAdmin: false }), { kind: 'unavailable', reason: 'notAdmin' });
    assert.deepEqual(initialState({ tokenKind: 'classic', isAdmin: true }), { kind: 'unknown' });
    assert.deepEqual(initialState(undefined), { kind: 'noSite' });
  });

  test('check results: a future expiry is on, 404 or a past expiry is off', () => {
    const checking = transition({ kind: 'unknown' }, { type: 'checkStarted' });
    assert.equal(checking.kind, 'checking');
    assert.deepEqual(transition(checking, { type: 'checked', expiresAt: T0 + 10 * MIN, now: T0 }), { kind: 'on', expiresAt: T0 + 10 * MIN });
    assert.deepEqual(transition(checking, { type: 'checked', expiresAt: undefined, now: T0 }), { kind: 'off' });
    assert.deepEqual(transition(checking, { type: 'checked', expiresAt: T0 - 1, now: T0 }), { kind: 'off' });
  });

  test('tick turns an expired key off at its expiry, not a millisecond earlier', () => {
    const on: AdminKeyState = { kind: 'on', expiresAt: T0 + 10 * MIN };
    assert.deepEqual(transition(on, { type: 'tick', now: T0 + 10 * MIN - 1 }), on);
    assert.deepEqual(transition(on, { type: 'tick', now: T0 + 10 * MIN }), { kind: 'off', expiredAt: T0 + 10 * MIN });
    assert.equal(isOn(on, T0 + 10 * MIN - 1), true);
    assert.equal(isOn(on, T0 + 10 * MIN), false);
  });

  test('enable, disable, failure and unavailability', () => {
    assert.deepEqual(transition({ kind: 'off' }, { type: 'enabled', expiresAt: T0 + 30 * MIN, now: T0 }), { kind: 'on', expiresAt: T0 + 30 * MIN });
    assert.deepEqual(transition({ kind: 'on', expiresAt: T0 + MIN }, { type: 'disabled' }), { kind: 'off' });
    assert.deepEqual(transition({ kind: 'off' }, { type: 'failed', message: 'boom' }), { kind: 'error', message: 'boom' });
    assert.deepEqual(transition({ kind: 'off' }, { type: 'unavailable', reason: 'notPremium' }), { kind: 'unavailable', reason: 'notPremium' });
    const unavailable: AdminKeyState = { kind: 'unavailable', reason: 'notAdmin' };
    assert.deepEqual(transition(unavailable, { type: 'failed', message: 'x' }), unavailable);
    assert.deepEqual(transition(unavailable, { type: 'disabled' }), unavailable);
  });

  test('minutes left round up, so a working key never shows 0m', () => {
    assert.equal(minutesLeft(T0 + 10 * MIN, T0), 10);
    assert.equal(minutesLeft(T0 + 10 * MIN, T0 + 1), 10);
    assert.equal(minutesLeft(T0 + 10 * MIN, T0 + 9 * MIN + 1), 1);
    assert.equal(minutesLeft(T0 + 10 * MIN, T0 + 11 * MIN), 0);
  });

  test('render: on shows the minutes left with a warning background and command links', () => {
    const view = render({ kind: 'on', expiresAt: T0 + 42 * MIN }, 'acme.atlassian.net', T0, fmt);
    assert.equal(view.text, '$(key) Admin key 42m');
    assert.equal(view.warningBackground, true);
    assert.match(view.tooltip, /acme\.atlassian\.net/);
    assert.match(view.tooltip, /09:42/);
    assert.match(view.tooltip, /command:confluence\.adminKey\.disable/);
    assert.match(view.tooltip, /audit log/);
    assert.match(view.accessibilityLabel, /42 minutes left/);
  });

  test('render: off, unavailable and error have no warning background and say why', () => {
    const off = render({ kind: 'off', expiredAt: T0 }, 'a.example', T0, fmt);
    assert.equal(off.text, '$(key) Admin key off');
    assert.equal(off.warningBackground, false);
    assert.match(off.tooltip, /expired at 09:00/);
    const scoped = render({ kind: 'unavailable', reason: 'scopedToken' }, 'a.example', T0, fmt);
    assert.match(scoped.tooltip, /classic API token/);
    assert.doesNotMatch(scoped.tooltip, /adminKey\.enable/);
    const notAdmin = render({ kind: 'unavailable', reason: 'notAdmin' }, 'a.example', T0, fmt);
    assert.match(notAdmin.tooltip, /organization and site admins/);
    const error = render({ kind: 'error', message: 'Network down' }, 'a.example', T0, fmt);
    assert.match(error.tooltip, /Network down/);
  });

  test('render: a server\'s error text in the tooltip stays text, and only Refresh is enabled', () => {
    const hostile = 'Bad gateway [Delete](command:confluence.deletePage?%7B%22confirmed%22%3Atrue%7D) <a href="command:confluence.adminKey.enable">x</a>\n# Heading';
    const view = render({ kind: 'error', message: hostile }, 'a.example', T0, fmt);
    assert.doesNotMatch(view.tooltip, /\]\(command:confluence\.deletePage/, 'no working Markdown link');
    assert.doesNotMatch(view.tooltip, /(?<!\\)<a href/, 'no HTML link');
    assert.doesNotMatch(view.tooltip, /\n# Heading/, 'no block of its own');
    assert.match(view.tooltip, /Bad gateway/);
    assert.deepEqual(view.commands, ['confluence.adminKey.refresh']);
  });

  test('actions: enable is never offered where the key cannot exist', () => {
    assert.deepEqual(availableActions({ kind: 'off' }), ['enable', 'refresh']);
    assert.deepEqual(availableActions({ kind: 'on', expiresAt: T0 }), ['extend', 'disable', 'refresh']);
    for (const reason of ['scopedToken', 'notAdmin', 'notPremium', 'credentialsRejected'] as const) {
      assert.ok(!availableActions({ kind: 'unavailable', reason }).includes('enable'), reason);
    }
    assert.deepEqual(availableActions({ kind: 'noSite' }), []);
  });
});
