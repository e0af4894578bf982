// Entry point for tests: startEmulator() runs a Confluence Cloud emulator in-process.
// See contract §1 and DESIGN.md "The Confluence Cloud emulator".

import { controlHttpHandler, createControl } from './control';
import { Emulator } from './server';
import type { MediaRequestEntry } from './mediaServer';
import type { AuditEntry } from './store';

export { DEMO } from './seed';
export type { MediaRequestEntry } from './mediaServer';
export type { AuditEntry } from './store';

export interface EmulatorOptions {
  port?: number;            // default 0 (ephemeral)
  host?: string;            // default '127.0.0.1'
  seed?: 'demo' | 'empty' | 'bench';   // default 'demo'
  latencyMs?: number;       // default 0, added before every response
  controlHttp?: boolean;    // default false: enables the /__emulator/ HTTP control surface
  startTime?: number;       // initial emulator clock (ms since epoch); default Date.parse('2026-11-26T09:00:00.000Z')
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
  mediaRequests(): MediaRequestEntry[];           // every request the media origin received, with its headers
  setMaxAttachmentSize(bytes: number): void;
  uploadFiles(): number;                          // temporary upload files currently kept by the emulator
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emu = new Emulator(options);
  const control = createControl(emu);
  if (emu.controlHttp) { emu.controlHandler = controlHttpHandler(control); }
  await emu.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return { url: emu.origin, cloudId: emu.store.cloudId, mediaUrl: emu.organise.media.origin, control, close: () => emu.close() };
}
