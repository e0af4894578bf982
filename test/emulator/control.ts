// The EmulatorControl of the contract: in-process hooks for tests (clock, latency, faults, rate
// limits, "another user edits this page now", logs), plus the same hooks over HTTP under
// /__emulator/ when the emulator was started with controlHttp.

import { commentControl, commentControlHttp } from './commentControl';
import { v2ErrorBody } from './errors';
import type { EmulatorControl, FaultSpec } from './index';
import type { Reply } from './routeKit';
import type { Emulator } from './server';
import { bodyOf, latest, titleOf } from './store';

export function createControl(emu: Emulator): EmulatorControl {
  const control: EmulatorControl = {
    reset() {
      emu.clock.reset();
      emu.store = emu.freshStore();
      emu.log.length = 0;
      emu.faults = [];
      emu.quirks.reset();
    },
    requestLog: () => emu.log.map(e => ({ ...e })),
    clearRequestLog() { emu.log.length = 0; },
    auditLog: () => emu.store.audit.map(e => ({ ...e })),
    now: () => emu.clock.now(),
    setNow(ms) { emu.clock.setNow(ms); },
    advance(ms) { emu.clock.advance(ms); },
    setLatency(ms) { emu.latencyMs = Math.max(0, ms); },
    failNext(count, fault) {
      if (count > 0) { emu.faults.push({ remaining: count, fault: { ...fault } }); }
    },
    rateLimitNext(count, retryAfter, opts) {
      if (count > 0) {
        const fault: FaultSpec = {};
        if (opts?.pathIncludes) { fault.pathIncludes = opts.pathIncludes; }
        emu.faults.push({ remaining: count, fault, rateLimit: { retryAfter, extraHeaders: { ...(opts?.extraHeaders ?? {}) } } });
      }
    },
    editPageAsOtherUser(pageId, change) {
      const store = emu.store;
      const node = store.content.get(pageId);
      if (!node || node.type !== 'page') { throw new Error(`editPageAsOtherUser: no page ${pageId}`); }
      const email = change.authorEmail ?? 'other@example.com';
      const author = store.userByEmail(email);
      if (!author) { throw new Error(`editPageAsOtherUser: no user ${email}`); }
      const cur = latest(node);
      const v = store.addVersion(node, { authorId: author.accountId, title: change.title ?? cur.title, body: change.body ?? bodyOf(cur), message: 'Edited by another user' });
      return { version: v.number };
    },
    pageState(pageId) {
      const node = emu.store.content.get(pageId);
      if (!node) { return undefined; }
      const cur = latest(node);
      return {
        id: node.id, title: titleOf(node), version: cur.number, body: bodyOf(cur), parentId: node.parentId, status: node.status,
        versions: node.versions.map(v => ({ number: v.number, body: bodyOf(v), authorId: v.authorId, message: v.message, adminKeyUsed: v.adminKeyUsed })),
      };
    },
    setEdition(edition) { emu.store.edition = edition; },
    setQuirks(on, opts) {
      emu.quirks.on = on;
      if (opts?.readMisses !== undefined) { emu.quirks.readMisses = Math.max(0, Math.floor(opts.readMisses)); }
    },
    nearLimit(on) { emu.quirks.nearLimit = on; },
    ...commentControl(emu),
    mediaRequests: () => emu.organise.media.log.map(e => ({ ...e, headers: { ...e.headers } })),
    setMaxAttachmentSize(bytes) { emu.organise.maxAttachmentBytes = Math.max(0, Math.floor(bytes)); },
    uploadFiles: () => emu.organise.blobs.count(),
  };
  return control;
}

/** HTTP form of the control surface (only wired up when controlHttp is true). */
export function controlHttpHandler(control: EmulatorControl): (method: string, path: string, query: URLSearchParams, body: Buffer) => Reply {
  const notFound: Reply = { status: 404, body: v2ErrorBody(404, 'NOT_FOUND', 'Not Found', null) };
  const bad = (title: string): Reply => ({ status: 400, body: v2ErrorBody(400, 'INVALID_MESSAGE', title, null) });
  return (method, path, _query, raw) => {
    let body: Record<string, unknown> = {};
    if (raw.length > 0) {
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) { return bad('body must be a JSON object'); }
        body = parsed as Record<string, unknown>;
      } catch { return bad('body is not valid JSON'); }
    }
    const num = (k: string): number | undefined => (typeof body[k] === 'number' ? body[k] : undefined);
    const str = (k: string): string | undefined => (typeof body[k] === 'string' ? body[k] : undefined);
    const route = `${method} ${path}`;
    try {
      switch (route) {
        case 'POST /__emulator/reset': control.reset(); return { status: 204 };
        case 'GET /__emulator/requests': return { status: 200, body: control.requestLog() };
        case 'DELETE /__emulator/requests': control.clearRequestLog(); return { status: 204 };
        case 'GET /__emulator/audit': return { status: 200, body: control.auditLog() };
        case 'GET /__emulator/media-requests': return { status: 200, body: control.mediaRequests() };
        case 'GET /__emulator/clock': return { status: 200, body: { now: control.now(), iso: new Date(control.now()).toISOString() } };
        case 'POST /__emulator/clock': {
          const adv = num('advanceMs'); const set = num('setMs');
          if (adv === undefined && set === undefined) { return bad('give advanceMs or setMs'); }
          if (set !== undefined) { control.setNow(set); }
          if (adv !== undefined) { control.advance(adv); }
          return { status: 200, body: { now: control.now() } };
        }
        case 'POST /__emulator/latency': control.setLatency(num('ms') ?? 0); return { status: 204 };
        case 'POST /__emulator/quirks': {
          if (typeof body.on !== 'boolean' && typeof body.nearLimit !== 'boolean') { return bad('give on and/or nearLimit (booleans)'); }
          const misses = num('readMisses');
          if (typeof body.on === 'boolean') { control.setQuirks(body.on, misses !== undefined ? { readMisses: misses } : {}); }
          if (typeof body.nearLimit === 'boolean') { control.nearLimit(body.nearLimit); }
          return { status: 204 };
        }
        case 'POST /__emulator/edition': {
          const e = str('edition');
          if (e !== 'premium' && e !== 'standard') { return bad('edition must be premium or standard'); }
          control.setEdition(e); return { status: 204 };
        }
        case 'POST /__emulator/fail': {
          const { count, ...fault } = body;
          if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) { return bad('count must be a positive integer'); }
          control.failNext(count, fault as FaultSpec); return { status: 204 };
        }
        case 'POST /__emulator/rate-limit': {
          const count = num('count'); const retryAfter = str('retryAfter') ?? '1';
          if (count === undefined || count < 1) { return bad('count must be a positive integer'); }
          const opts: { pathIncludes?: string; extraHeaders?: Record<string, string> } = {};
          const pi = str('pathIncludes'); if (pi) { opts.pathIncludes = pi; }
          if (typeof body.extraHeaders === 'object' && body.extraHeaders !== null) { opts.extraHeaders = body.extraHeaders as Record<string, string>; }
          control.rateLimitNext(count, retryAfter, opts); return { status: 204 };
        }
        case 'POST /__emulator/edit-page': {
          const pageId = str('pageId');
          if (!pageId) { return bad('pageId is required'); }
          const change: { body?: string; title?: string; authorEmail?: string } = {};
          const b = str('body'); const t = str('title'); const a = str('authorEmail');
          if (b !== undefined) { change.body = b; }
          if (t !== undefined) { change.title = t; }
          if (a !== undefined) { change.authorEmail = a; }
          return { status: 200, body: control.editPageAsOtherUser(pageId, change) };
        }
      }
      const commentReply = commentControlHttp(control, method, path, body);
      if (commentReply) { return commentReply; }
      const m = /^\/__emulator\/page\/(\d+)$/.exec(path);
      if (method === 'GET' && m?.[1]) {
        const state = control.pageState(m[1]);
        return state ? { status: 200, body: state } : notFound;
      }
      return notFound;
    } catch (e) {
      return bad(e instanceof Error ? e.message : String(e));
    }
  };
}
