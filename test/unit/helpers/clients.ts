// Shared construction of clients for tests: demo credentials (so the secret scan has something real
// to look for), a fake clock, the scan's logger, and disposal in after() so the process exits.

import { after } from 'node:test';
import { ConfluenceClient, type ConfluenceClientOptions } from '../../../src/confluence/client';
import type { AdminKeyGate } from '../../../src/confluence/adminKeyGate';
import type { AdminKeyAuditEntry, HttpOptions } from '../../../src/confluence/http';
import type { Credentials, SiteConnection } from '../../../src/confluence/types';
import { FakeClock } from './fakeClock';
import type { SecretScan } from './secretScan';

export const ADMIN: Credentials = { email: 'admin@example.com', token: 'demo-admin-token' };
export const WRITER: Credentials = { email: 'writer@example.com', token: 'demo-writer-token' };
export const SCOPED: Credentials = { email: 'admin@example.com', token: 'demo-scoped-token' };

export const USER_AGENT = 'confluence-vscode/0.1.0-test';

export function classicConnection(origin: string): SiteConnection {
  return { siteOrigin: origin, apiBase: origin, tokenKind: 'classic' };
}

/**
 * Stands in for the extension's admin-key owner: the test records what Confluence said about the key
 * (as the owner would) and the client asks it per request.
 */
export class TestAdminKey implements AdminKeyGate {
  expiresAt: number | undefined;
  constructor(private readonly clock: { now(): number }) {}
  set(expiresAt: number | undefined): void { this.expiresAt = expiresAt; }
  isActive(): boolean { return this.expiresAt !== undefined && this.clock.now() < this.expiresAt; }
}

export interface TestClient {
  client: ConfluenceClient;
  clock: FakeClock;
  audit: AdminKeyAuditEntry[];
  key: TestAdminKey;
}

const live: ConfluenceClient[] = [];
let hooked = false;

export function makeClient(scan: SecretScan, connection: SiteConnection, opts: {
  credentials?: Credentials; http?: Partial<HttpOptions>; clock?: FakeClock; extra?: Partial<ConfluenceClientOptions>;
} = {}): TestClient {
  const clock = opts.clock ?? new FakeClock();
  const audit: AdminKeyAuditEntry[] = [];
  const key = new TestAdminKey(clock);
  const client = new ConfluenceClient({
    adminKey: key,
    connection,
    credentials: opts.credentials ?? ADMIN,
    http: { userAgent: USER_AGENT, env: {}, random: () => 0.5, ...opts.http },
    clock,
    logger: scan.logger,
    onAdminKeyRequest: (e) => audit.push(e),
    ...opts.extra,
  });
  live.push(client);
  if (!hooked) {
    hooked = true;
    after(async () => { await Promise.all(live.map((c) => c.dispose())); });
  }
  return { client, clock, audit, key };
}

/** Collects every batch of an async iterable. */
export async function collect<T>(it: AsyncIterable<T[]>): Promise<{ batches: T[][]; all: T[] }> {
  const batches: T[][] = [];
  for await (const b of it) { batches.push(b); }
  return { batches, all: batches.flat() };
}

/** Polls until `cond` holds (for waiting on a state the code under test reaches asynchronously). */
export async function until(cond: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) { throw new Error('condition not reached in time'); }
    await new Promise((r) => setTimeout(r, 5));
  }
}
