// Entry point for tests: startEmulator() runs a Confluence Cloud emulator in-process.
// What it models and why: test/emulator/README.md.

import type { CommentControl } from './commentControl';
import { controlHttpHandler, createControl } from './control';
import { Emulator } from './server';
import type { MediaRequestEntry } from './mediaServer';
import type { AuditEntry } from './store';

export { DEMO } from './seed';
export { EXPIRED_TOKEN, READ_ONLY_SCOPED_TOKEN } from './quirks';
export type { MediaRequestEntry } from './mediaServer';
export type { AuditEntry } from './store';

export interface EmulatorOptions {
  port?: number;            // default 0 (ephemeral)
  host?: string;            // default '127.0.0.1'
  seed?: 'demo' | 'empty' | 'bench';   // default 'demo'
  latencyMs?: number;       // default 0, added before every response
  controlHttp?: boolean;    // default false: enables the /__emulator/ HTTP control surface
  startTime?: number;       // initial emulator clock (ms since epoch); default Date.parse('2026-11-26T09:00:00.000Z')
  quirks?: boolean;         // default false: behave as real sites do where Atlassian promises nothing (see quirks.ts)
  maxAttachmentBytes?: number; // attachment size limit; default 100 MB, Confluence's default
}

export interface RunningEmulator {
  url: string;              // site origin, e.g. 'http://127.0.0.1:41234' (no trailing slash, no /wiki)
  cloudId: string;          // what /_edge/tenant_info returns; gateway = `${url}/ex/confluence/${cloudId}`
  mediaUrl: string;         // the media origin attachment downloads redirect to (another port: another origin)
  control: EmulatorControl;
  close(): Promise<void>;   // closes server and all sockets (including hung ones) promptly
}

export interface RequestLogEntry {
  time: number; method: string; path: string /* path + query as received */; status: number;
  user?: string /* email of authenticated user */; adminKeyHeader: boolean; viaGateway: boolean;
}

export interface FaultSpec {
  status?: number;              // e.g. 500, 502, 503
  retryAfter?: string;          // Retry-After header value to send with the status
  headers?: Record<string, string>;
  drop?: boolean;               // destroy the socket without a response
  dropMidBody?: boolean;        // send headers + part of a body, then destroy
  hang?: boolean;               // never answer (until close())
  dropAfterHandling?: boolean;  // carry the request out, then destroy the socket instead of answering
  pathIncludes?: string;        // only requests whose path contains this
  method?: string;              // only this method
}

export interface EmulatorControl {
  reset(): void;                                  // back to the seed, clears logs, faults, keys, clock
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  auditLog(): AuditEntry[];
  now(): number; setNow(ms: number): void; advance(ms: number): void;
  setLatency(ms: number): void;
  failNext(count: number, fault: FaultSpec): void;
  rateLimitNext(count: number, retryAfter: string, opts?: { pathIncludes?: string; extraHeaders?: Record<string, string> }): void;
  editPageAsOtherUser(pageId: string, change: { body?: string; title?: string; authorEmail?: string }): { version: number };
  pageState(pageId: string): { id: string; title: string; version: number; body: string; parentId: string | null; status: string; versions: { number: number; body: string; authorId: string; message: string; adminKeyUsed: boolean }[] } | undefined;
  setEdition(edition: 'premium' | 'standard'): void;
  /** Quirks mode on or off (see quirks.ts); readMisses: how many reads of a just-created page answer 404. */
  setQuirks(on: boolean, opts?: { readMisses?: number }): void;
  /** While on (quirks mode), every answer says X-RateLimit-NearLimit: true with a RateLimit-Reason. */
  nearLimit(on: boolean): void;
  addCommentAsOtherUser: CommentControl['addCommentAsOtherUser'];
  comments: CommentControl['comments'];
  mediaRequests(): MediaRequestEntry[];           // every request the media origin received, with its headers
  setMaxAttachmentSize(bytes: number): void;
  uploadFiles(): number;                          // temporary upload files currently kept by the emulator
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emu = new Emulator({ ...options, quirks: options.quirks ?? quirksFromEnv() });
  const control = createControl(emu);
  if (emu.controlHttp) { emu.controlHandler = controlHttpHandler(control); }
  await emu.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return { url: emu.origin, cloudId: emu.store.cloudId, mediaUrl: emu.organise.media.origin, control, close: () => emu.close() };
}

/** Suites run against both modes: CONFLUENCE_EMULATOR_QUIRKS=1 makes quirks mode the default. */
export function quirksFromEnv(): boolean {
  return /^(1|true|yes)$/i.test(process.env.CONFLUENCE_EMULATOR_QUIRKS ?? '');
}
