// Conformance of the people operations (see conformance.test.ts for how responses are checked).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, RunningEmulator, startEmulator } from './index';
import { SpecValidator } from './openapi';
import { basic, call } from './testHelpers';

let emu: RunningEmulator;
let spec: SpecValidator;
const writer = basic(DEMO.accounts.writer.email, DEMO.accounts.writer.token);

before(async () => { [emu, spec] = await Promise.all([startEmulator(), SpecValidator.load()]); });
after(async () => { await emu.close(); });

describe('v2 users', () => {
  test('POST /users-bulk', async () => {
    for (const [body, status] of [
      [{ accountIds: [DEMO.accounts.other.accountId, DEMO.accounts.admin.accountId, 'no-such-account'] }, 200],
      [{ accountIds: [] }, 400],
      [{}, 400],
    ] as const) {
      const r = await call(emu.url, 'POST', '/wiki/api/v2/users-bulk', { auth: writer, body });
      assert.equal(r.status, status, r.text);
      assert.deepEqual(spec.check({ method: 'POST', url: '/wiki/api/v2/users-bulk', status: r.status, headers: r.headers, body: r.body }), []);
      if (status === 200) {
        assert.deepEqual((r.body as { results: { displayName: string }[] }).results.map((u) => u.displayName),
          [DEMO.accounts.other.displayName, DEMO.accounts.admin.displayName]);
      }
    }
  });
});
