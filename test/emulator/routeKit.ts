// The emulator's toolkit for route handlers: the request context, query and body parsing, access
// checks (v2 answers no-permission with 404; restricted ancestors hide whole subtrees) and the JSON
// shapes shared by several operations. Route tables (routes.ts and the feature route files) build on it.

import type { IncomingMessage } from 'node:http';
import { badBody, badRequest, notFound } from './errors';
import { linkHeader } from './pagination';
import type { Quirks } from './quirks';
import { renderAdf, renderView } from './render';
import { Access, bodyOf, ContentNode, latest, SpaceRecord, Store, StoredVersion, titleOf, UserRecord } from './store';

export interface Reply { status: number; body?: unknown; headers?: Record<string, string>; text?: string; contentType?: string }

export interface Ctx {
  store: Store;
  method: string;
  /** Decoded path without the gateway prefix and without the query. */
  apiPath: string;
  query: URLSearchParams;
  params: string[];
  /** The authenticated user (routes with auth 'required' always have one). */
  user: UserRecord;
  anonymous: boolean;
  tokenKind: 'classic' | 'scoped';
  viaGateway: boolean;
  keyActive: boolean;
  revealed: string[];
  origin: string;
  siteBase: string;
  rawBody: Buffer;
  rawUrl: string;
  /** Real-site behaviour beyond the documentation, when the emulator runs in quirks mode. */
  quirks: Quirks;
  /** The request itself: its headers, and for `streamBody` routes the unread body. */
  request?: IncomingMessage;
}

/**
 * One operation: method + anchored path pattern (capture groups become ctx.params). A `streamBody`
 * route reads the body itself from ctx.request (attachment uploads), so it is neither buffered nor
 * held to the 5 MB JSON limit.
 */
export interface Route { method: string; pattern: RegExp; auth: 'required' | 'none'; siteOnly?: boolean; streamBody?: boolean; handler: (ctx: Ctx) => Reply | Promise<Reply> }

export const V2 = '/wiki/api/v2';
export const V1 = '/wiki/rest/api';
export const ID = '([^/]+)';

export const iso = (ms: number): string => new Date(ms).toISOString();

// ---------------------------------------------------------------- query helpers

export function pathId(raw: string | undefined, name = 'id'): string {
  if (raw === undefined || !/^\d{1,18}$/.test(raw)) {
    throw badRequest(`Provided value for '${name}' is not the correct type. Expected type is Long.`, null);
  }
  return String(Number(raw)) === raw ? raw : String(BigInt(raw));
}

export function qEnum<T extends string>(ctx: Ctx, name: string, allowed: readonly T[]): T | undefined {
  const v = ctx.query.get(name);
  if (v === null) { return undefined; }
  if (!(allowed as readonly string[]).includes(v)) {
    throw badRequest(`Provided value for '${name}' is not valid. Valid values are: ${allowed.join(', ')}.`, null);
  }
  return v as T;
}

export function qBool(ctx: Ctx, name: string, def: boolean): boolean {
  const v = ctx.query.get(name);
  if (v === null) { return def; }
  if (v === 'true') { return true; }
  if (v === 'false') { return false; }
  throw badRequest(`Provided value for '${name}' is not the correct type. Expected type is Boolean.`, null);
}

/** Array query parameters accept both repetition and comma separation, as Confluence does. */
export function qList(ctx: Ctx, name: string): string[] | undefined {
  const all = ctx.query.getAll(name);
  if (all.length === 0) { return undefined; }
  return all.flatMap(v => v.split(',')).map(v => v.trim()).filter(v => v.length > 0);
}

export function qEnumList<T extends string>(ctx: Ctx, name: string, allowed: readonly T[]): T[] | undefined {
  const list = qList(ctx, name);
  if (!list) { return undefined; }
  for (const v of list) {
    if (!(allowed as readonly string[]).includes(v)) { throw badRequest(`Provided value for '${name}' is not valid. Valid values are: ${allowed.join(', ')}.`, null); }
  }
  return list as T[];
}

export function qIdList(ctx: Ctx, name: string, max: number): string[] | undefined {
  const list = qList(ctx, name);
  if (!list) { return undefined; }
  if (list.length > max) { throw badRequest(`Too many values for '${name}'. At most ${max} are allowed.`, null); }
  return list.map(v => pathId(v, name));
}

// ---------------------------------------------------------------- JSON bodies

export function jsonBody(ctx: Ctx, required: boolean): Record<string, unknown> | undefined {
  const text = ctx.rawBody.toString('utf8');
  if (text.trim() === '') {
    if (required) { throw badBody('The request body is required.'); }
    return undefined;
  }
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch { throw badBody('Invalid message: the request body is not valid JSON.'); }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) { throw badBody('Invalid message: the request body must be a JSON object.'); }
  return parsed as Record<string, unknown>;
}

export function reqString(o: Record<string, unknown>, name: string): string {
  const v = o[name];
  if (v === undefined || v === null) { throw badBody(`Invalid message: '${name}' is required.`); }
  if (typeof v !== 'string') { throw badBody(`Invalid message: '${name}' must be a string.`); }
  return v;
}

export function optString(o: Record<string, unknown>, name: string): string | undefined {
  const v = o[name];
  if (v === undefined || v === null) { return undefined; }
  if (typeof v !== 'string') { throw badBody(`Invalid message: '${name}' must be a string.`); }
  return v;
}

export function validTitle(title: string): string {
  if (title.trim() === '') { throw badBody('Title cannot be empty.'); }
  if (title.length > 255) { throw badBody('Title cannot be longer than 255 characters.'); }
  return title;
}

/** PageBodyWrite {representation, value} or PageNestedBodyWrite {storage: {...}}; only storage is stored. */
export function storageBodyFrom(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) { throw badBody("Invalid message: 'body' must be an object."); }
  const o = raw as Record<string, unknown>;
  let write: Record<string, unknown> = o;
  if (!('representation' in o) && !('value' in o)) {
    const keys = Object.keys(o).filter(k => k === 'storage' || k === 'atlas_doc_format' || k === 'wiki');
    if (keys.length !== 1 || Object.keys(o).length !== 1) { throw badBody("Invalid message: 'body' must contain exactly one body format."); }
    const inner = o[keys[0] ?? ''];
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) { throw badBody("Invalid message: 'body' must be an object."); }
    write = inner as Record<string, unknown>;
    if (write.representation === undefined) { write = { ...write, representation: keys[0] }; }
  }
  const rep = write.representation;
  const value = write.value;
  if (typeof rep !== 'string' || !['storage', 'atlas_doc_format', 'wiki'].includes(rep)) {
    throw badBody("Invalid message: 'body.representation' must be one of storage, atlas_doc_format, wiki.");
  }
  if (typeof value !== 'string') { throw badBody("Invalid message: 'body.value' must be a string."); }
  if (rep !== 'storage') { throw badBody(`Body representation '${rep}' is not supported by this emulator; send storage.`); }
  return value;
}

// ---------------------------------------------------------------- access

export function access(ctx: Ctx, node: ContentNode, kind: 'read' | 'update'): Access {
  return kind === 'read' ? ctx.store.readAccess(ctx.user, node, ctx.keyActive) : ctx.store.updateAccess(ctx.user, node, ctx.keyActive);
}

/** A node the caller may read (or update), otherwise 404 — v2 reports no-permission as not found. */
export function requireNode(ctx: Ctx, id: string, types: ContentNode['type'][], opts: { kind?: 'read' | 'update'; statuses?: string[] } = {}): ContentNode {
  const node = ctx.store.content.get(id);
  const statuses = opts.statuses ?? ['current', 'archived'];
  if (!node || !types.includes(node.type) || !statuses.includes(node.status)) { throw notFound(); }
  const a = access(ctx, node, 'read');
  if (a === 'no') { throw notFound(); }
  if (a === 'key') { ctx.revealed.push(node.id); }
  if (opts.kind === 'update') {
    const u = access(ctx, node, 'update');
    if (u === 'no') { throw notFound(); }
    if (u === 'key') { ctx.revealed.push(node.id); }
  }
  return node;
}

/** Filter a listing to what the caller may read; restricted ancestors hide whole subtrees. */
export function visible(ctx: Ctx, nodes: ContentNode[]): ContentNode[] {
  const out: ContentNode[] = [];
  for (const n of nodes) {
    const a = access(ctx, n, 'read');
    if (a === 'no') { continue; }
    if (a === 'key') { ctx.revealed.push(n.id); }
    out.push(n);
  }
  return out;
}

// ---------------------------------------------------------------- serialisation

export function tinyId(id: string): string {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64LE(BigInt(id));
  return buf.toString('base64').replace(/=+$/, '').replace(/A+$/, '').replace(/\//g, '-').replace(/\+/g, '_');
}

export function fromTinyId(tiny: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,11}$/.test(tiny)) { return undefined; }
  const b64 = tiny.replace(/-/g, '/').replace(/_/g, '+').padEnd(11, 'A') + '=';
  const buf = Buffer.from(b64, 'base64');
  if (buf.length < 8) { return undefined; }
  return buf.readBigUInt64LE(0).toString();
}

export function titleSlug(title: string): string { return encodeURIComponent(title).replace(/%20/g, '+'); }

export function space(ctx: Ctx, node: ContentNode): SpaceRecord {
  const s = ctx.store.spaces.get(node.spaceId);
  if (!s) { throw new Error(`space ${node.spaceId} missing`); }
  return s;
}

export function pageWebui(s: SpaceRecord, node: ContentNode): string {
  return `/spaces/${encodeURIComponent(s.key).replace(/%7E/gi, '~')}/pages/${node.id}/${titleSlug(titleOf(node))}`;
}

export function versionJson(v: StoredVersion): Record<string, unknown> {
  return { createdAt: iso(v.createdAt), message: v.message, number: v.number, minorEdit: v.minorEdit, authorId: v.authorId };
}

export function parentType(ctx: Ctx, node: ContentNode): string | undefined {
  if (node.parentId === null) { return undefined; }
  return ctx.store.content.get(node.parentId)?.type;
}

export function bodyFor(ctx: Ctx, node: ContentNode, v: StoredVersion, format: string | undefined): Record<string, unknown> {
  if (!format) { return {}; }
  const storage = bodyOf(v);
  if (format === 'storage') { return { storage: { representation: 'storage', value: storage } }; }
  if (format === 'atlas_doc_format') { return { atlas_doc_format: { representation: 'atlas_doc_format', value: renderAdf(storage) } }; }
  if (format === 'editor') { return { editor: { representation: 'editor', value: storage } }; }
  const s = space(ctx, node);
  const html = renderView(storage, {
    pageUrl: title => {
      const target = ctx.store.spaceContent(s.id).find(n => n.type === 'page' && n.status === 'current' && titleOf(n) === title);
      return target ? `${ctx.siteBase}${pageWebui(s, target)}` : undefined;
    },
    attachmentUrl: file => `${ctx.siteBase}/download/attachments/${node.id}/${encodeURIComponent(file)}?api=v2`,
  });
  return { [format]: { representation: format, value: html } };
}

export function pageJson(ctx: Ctx, node: ContentNode, opts: { bodyFormat?: string; version?: StoredVersion; includeVersion?: boolean; single?: boolean } = {}): Record<string, unknown> {
  const s = space(ctx, node);
  const cur = latest(node);
  const v = opts.version ?? cur;
  const out: Record<string, unknown> = {
    id: node.id,
    status: v === cur ? node.status : 'historical',
    title: v.title,
    spaceId: node.spaceId,
  };
  if (node.parentId !== null) { out.parentId = node.parentId; out.parentType = parentType(ctx, node); }
  out.position = node.position;
  out.authorId = node.authorId;
  out.ownerId = node.ownerId;
  out.lastOwnerId = null;
  if (!opts.single) { out.subtype = null; }
  out.createdAt = iso(node.createdAt);
  if (opts.includeVersion !== false) { out.version = versionJson(v); }
  out.body = bodyFor(ctx, node, v, opts.bodyFormat);
  out._links = { webui: pageWebui(s, node), editui: `/pages/resumedraft.action?draftId=${node.id}`, tinyui: `/x/${tinyId(node.id)}` };
  if (opts.single) { (out._links as Record<string, string>).base = ctx.siteBase; }
  return out;
}

export function childJson(node: ContentNode, withType: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { id: node.id, status: node.status, title: titleOf(node) };
  if (withType) { out.type = node.type; }
  out.spaceId = node.spaceId;
  out.childPosition = node.position;
  return out;
}

export function spaceJson(ctx: Ctx, s: SpaceRecord, opts: { descriptionFormat?: string; icon?: boolean; single?: boolean }): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: s.id, key: s.key, name: s.name, type: s.type, status: s.status, authorId: s.authorId,
    createdAt: iso(s.createdAt),
  };
  if (!opts.single) { out.spaceOwnerId = s.authorId; out.currentActiveAlias = s.key; }
  if (s.homepageId) { out.homepageId = s.homepageId; }
  if (opts.descriptionFormat) {
    const value = opts.descriptionFormat === 'view' ? `<p>${s.description}</p>` : s.description;
    out.description = { [opts.descriptionFormat]: { representation: opts.descriptionFormat, value } };
  }
  if (opts.icon) { out.icon = { path: `/images/logo/default-space-logo.svg`, apiDownloadLink: `/download/attachments/${s.id}/space-icon.svg` }; }
  out._links = { webui: `/spaces/${s.key}` };
  if (opts.single) { (out._links as Record<string, string>).base = ctx.siteBase; }
  return out;
}

export function listReply(ctx: Ctx, items: unknown[], next: string | undefined): Reply {
  const links: Record<string, string> = { base: ctx.siteBase };
  const headers: Record<string, string> = {};
  if (next) { links.next = next; headers.Link = linkHeader(next, ctx.siteBase); }
  return { status: 200, body: { results: items, _links: links }, headers };
}

export const PAGE_SORT = ['id', '-id', 'created-date', '-created-date', 'modified-date', '-modified-date', 'title', '-title'] as const;
export const CONTENT_SORT = ['created-date', '-created-date', 'id', '-id', 'modified-date', '-modified-date', 'child-position', '-child-position', 'title', '-title'] as const;
export const CHILD_PAGE_SORT = ['created-date', '-created-date', 'id', '-id', 'child-position', '-child-position', 'modified-date', '-modified-date'] as const;

export function sortNodes(nodes: ContentNode[], sort: string | undefined, def: string): ContentNode[] {
  const s = sort ?? def;
  const desc = s.startsWith('-');
  const key = desc ? s.slice(1) : s;
  const cmp = (a: ContentNode, b: ContentNode): number => {
    switch (key) {
      case 'created-date': return a.createdAt - b.createdAt;
      case 'modified-date': return latest(a).createdAt - latest(b).createdAt;
      case 'title': return titleOf(a) < titleOf(b) ? -1 : titleOf(a) > titleOf(b) ? 1 : 0;
      case 'child-position': return a.position - b.position;
      default: return 0;
    }
  };
  return [...nodes].sort((a, b) => (desc ? -1 : 1) * (cmp(a, b) || (Number(a.id) - Number(b.id))));
}

