// Proof that no token leaks: everything the client logs, and every error it throws (message, stack,
// JSON, util.inspect), is collected while a test file runs, and a last test in the file fails if a
// demo token or its Basic form appears anywhere. node:test runs each file in its own process, so each
// file has its own scan; together they cover the whole suite. (A last test rather than an after()
// hook: a failing hook skips the hooks after it, which would leave servers open and the process hung.)

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as util from 'node:util';
import type { ConfluenceError } from '../../../src/confluence/errors';
import type { Logger } from '../../../src/util/logger';

const ACCOUNTS: [string, string][] = [
  ['admin@example.com', 'demo-admin-token'],
  ['writer@example.com', 'demo-writer-token'],
  ['admin@example.com', 'demo-scoped-token'],
  ['other@example.com', 'demo-other-token'],
  ['security@example.com', 'demo-security-token'],
];

export const FORBIDDEN: string[] = ACCOUNTS.flatMap(([email, token]) => [
  token,
  Buffer.from(`${email}:${token}`).toString('base64'),
]);

export interface SecretScan {
  logger: Logger;
  lines: string[];
  /** Records an error (or anything thrown) in every form a person or a log could see it. */
  record(e: unknown): void;
  /** Records any other text that should be free of secrets (util.inspect of a client, ...). */
  text(t: string): void;
  assertClean(): void;
  /** Call at the very end of a test file: declares the test that checks everything collected. */
  declareFinalCheck(): void;
}

export function registerSecretScan(): SecretScan {
  const buffer: string[] = [];
  const lines: string[] = [];
  const push = (level: string) => (m: string): void => { lines.push(`${level} ${m}`); buffer.push(m); };
  const scan: SecretScan = {
    logger: { trace: push('trace'), debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') },
    lines,
    record(e: unknown): void {
      if (e instanceof Error) {
        buffer.push(e.message, e.stack ?? '', JSON.stringify(e), util.inspect(e, { showHidden: true, depth: 8 }));
      } else {
        buffer.push(util.inspect(e, { showHidden: true, depth: 8 }));
      }
    },
    text(t: string): void { buffer.push(t); },
    assertClean(): void {
      assert.ok(buffer.length > 0, 'the scan collected nothing, so it would prove nothing');
      const all = buffer.join('\n');
      for (const secret of FORBIDDEN) {
        assert.ok(!all.includes(secret), `a secret leaked into logs or errors (${secret.slice(0, 6)}…)`);
      }
    },
    declareFinalCheck(): void {
      test('no token or Basic credential appears in any log line or error produced by this file', () => scan.assertClean());
    },
  };
  return scan;
}

/** Awaits a promise that must reject with a ConfluenceError of `kind`; records it for the scan. */
export async function expectError(scan: SecretScan, p: Promise<unknown>, kind: string): Promise<ConfluenceError> {
  try {
    await p;
  } catch (e) {
    scan.record(e);
    assert.equal((e as { kind?: unknown }).kind, kind, `expected a ${kind} error, got: ${e instanceof Error ? e.message : String(e)}`);
    return e as ConfluenceError;
  }
  assert.fail(`expected a ${kind} error, but the call succeeded`);
}
