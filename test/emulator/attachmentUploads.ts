// Attachments, writing side (v1, multipart/form-data): `POST …/content/{id}/child/attachment` adds
// files (the same file name again is a 400), `PUT` on the same path creates or adds a new version,
// `POST …/child/attachment/{attachmentId}/data` adds a new version of one attachment. Every one needs
// `X-Atlassian-Token: no-check` (else 403, the XSRF guard multipart endpoints have) and update
// permission on the page (403 when it can be seen but not changed, 404 when not seen). The body is
// streamed to a temporary file; a file over the size limit is refused after the body has been read
// (the v1 document gives 404 for "The attachment exceeds the maximum configured attachment size").

import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { once } from 'node:events';
import { ApiError } from './errors';
import { attachmentV1Json } from './attachmentJson';
import { attachmentNumber } from './attachmentRoutes';
import { mediaTypeOf, v1BadRequest, v1Forbidden, v1Links, v1Node } from './organiseKit';
import { attachmentsOf, organise, type AttachmentRecord, type AttachmentVersion } from './organiseState';
import { servicesOf } from './organiseServices';
import { multipartBoundary, MultipartError, readMultipart, type PartInfo, type PartSink } from './multipart';
import { ID, V1, type Ctx, type Reply, type Route } from './routeKit';

const MAX_FIELD_BYTES = 64 * 1024;

interface ReceivedFile { filename: string; declaredType: string | undefined; path: string; size: number; tooLarge: boolean }

type Mode = { kind: 'create' } | { kind: 'createOrUpdate' } | { kind: 'newVersion'; attachmentId: string | undefined };

function fileSink(out: fs.WriteStream, limit: number, file: ReceivedFile): PartSink {
  let failed: Error | undefined;
  out.on('error', (e) => { failed = e; });
  return {
    async write(chunk) {
      file.size += chunk.length;
      if (file.size > limit) { file.tooLarge = true; return; } // keep reading, stop storing
      if (failed) { throw failed; }
      if (!out.write(chunk)) { await once(out, 'drain'); }
    },
    async end() {
      out.end();
      await once(out, 'close');
      if (failed) { throw failed; }
    },
  };
}

function fieldSink(fields: Map<string, string>, name: string): PartSink {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    write(chunk) {
      size += chunk.length;
      if (size > MAX_FIELD_BYTES) { throw new MultipartError(`the form field '${name}' is too long`); }
      chunks.push(chunk);
    },
    end() { fields.set(name, Buffer.concat(chunks).toString('utf8')); },
  };
}

/** Strips any directory a browser or tool put in front of the file name. */
function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? '';
}

async function receive(ctx: Ctx, boundary: string, limit: number): Promise<{ files: ReceivedFile[]; fields: Map<string, string> }> {
  const { blobs } = servicesOf(ctx.store);
  const files: ReceivedFile[] = [];
  const streams: fs.WriteStream[] = [];
  const fields = new Map<string, string>();
  const req = ctx.request;
  if (!req) { throw new Error('upload route without the request'); }
  try {
    await readMultipart(req, boundary, (p: PartInfo) => {
      if (p.name !== 'file' || p.filename === undefined) { return fieldSink(fields, p.name); }
      const file: ReceivedFile = { filename: baseName(p.filename), declaredType: p.contentType, path: blobs.newPath(), size: 0, tooLarge: false };
      files.push(file);
      const out = fs.createWriteStream(file.path);
      streams.push(out);
      return fileSink(out, limit, file);
    });
  } catch (e) {
    for (const out of streams) { out.destroy(); }
    for (const f of files) { blobs.discard(f.path); }
    if (e instanceof MultipartError) { throw v1BadRequest(`The multipart body could not be read: ${e.message}.`); }
    // The client went away mid-upload: nothing is kept, and there is nobody left to answer.
    throw new ApiError(400, 'BAD_REQUEST', 'The upload ended before the request was complete.');
  }
  return { files, fields };
}

function newVersion(ctx: Ctx, file: ReceivedFile, comment: string, minorEdit: boolean, number: number): AttachmentVersion {
  return {
    number, createdAt: ctx.store.clock.now(), authorId: ctx.user.accountId, comment, minorEdit, size: file.size,
    mediaType: mediaTypeOf(file.filename, file.declaredType), fileId: randomUUID(), blob: { kind: 'file', path: file.path },
  };
}

async function upload(ctx: Ctx, mode: Mode): Promise<Reply> {
  const req = ctx.request;
  const token = String(req?.headers['x-atlassian-token'] ?? '').toLowerCase();
  if (token !== 'no-check' && token !== 'nocheck') { throw v1Forbidden('XSRF check failed'); }
  const status = ctx.query.get('status');
  if (status !== null && status !== 'current') { throw v1BadRequest("Attachments can only be added to 'current' content in this emulator."); }
  const page = v1Node(ctx, ctx.params[0], ['page'], { update: 'You do not have permission to add attachments to this content.' });
  let target: AttachmentRecord | undefined;
  if (mode.kind === 'newVersion') {
    const num = attachmentNumber(mode.attachmentId);
    if (num === undefined) { throw v1BadRequest(`'${(mode.attachmentId ?? '').slice(0, 30)}' is not a valid attachment id.`); }
    target = organise(ctx.store).attachments.get(num);
    if (!target || target.containerId !== page.id || target.status !== 'current') {
      throw new ApiError(404, 'NOT_FOUND', `No attachment found with id att${num} on content ${page.id}.`);
    }
  }
  const boundary = multipartBoundary(req?.headers['content-type']);
  if (!boundary) { throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Attachments must be sent as multipart/form-data with a boundary.'); }
  const svc = servicesOf(ctx.store);
  const limit = svc.maxAttachmentBytes;
  const { files, fields } = await receive(ctx, boundary, limit);
  const refuse = (e: ApiError): never => {
    for (const f of files) { svc.blobs.discard(f.path); }
    throw e;
  };
  if (files.length === 0) { refuse(v1BadRequest("No file was sent: add a form part named 'file' with a filename.")); }
  const big = files.find(f => f.tooLarge);
  if (big) { refuse(new ApiError(404, 'NOT_FOUND', `The attachment '${big.filename}' exceeds the maximum configured attachment size of ${limit} bytes.`)); }
  const unnamed = files.find(f => f.filename.trim() === '');
  if (unnamed) { refuse(v1BadRequest('A file part has no file name.')); }
  if (mode.kind === 'newVersion' && files.length !== 1) { refuse(v1BadRequest('Send exactly one file for a new version of an attachment.')); }
  const comment = fields.get('comment') ?? '';
  const minorEdit = (fields.get('minorEdit') ?? 'false').trim().replace(/^"|"$/g, '') === 'true';
  const existing = attachmentsOf(ctx.store, page);
  if (mode.kind === 'create') {
    const clash = files.find(f => existing.some(a => a.title === f.filename));
    if (clash) { refuse(v1BadRequest(`Cannot add a new attachment with same file name as an existing attachment: ${clash.filename}`)); }
  }
  const state = organise(ctx.store);
  const results: AttachmentRecord[] = [];
  for (const f of files) {
    const record = target ?? existing.find(a => a.title === f.filename);
    if (record && mode.kind !== 'create') {
      const prev = record.versions[record.versions.length - 1]?.number ?? 0;
      record.versions.push(newVersion(ctx, f, comment, minorEdit, prev + 1));
      results.push(record);
      continue;
    }
    const id = ctx.store.newContentId();
    const created: AttachmentRecord = { id, containerId: page.id, title: f.filename, status: 'current', createdAt: ctx.store.clock.now(), versions: [newVersion(ctx, f, comment, minorEdit, 1)] };
    state.attachments.set(id, created);
    results.push(created);
  }
  if (mode.kind === 'newVersion' && results[0]) { return { status: 200, body: attachmentV1Json(ctx, results[0]) }; }
  return {
    status: 200,
    body: { results: results.map(a => attachmentV1Json(ctx, a)), start: 0, limit: 50, size: results.length, _links: v1Links(ctx, `/rest/api/content/${page.id}/child/attachment`) },
  };
}

export const attachmentUploadRoutes: Route[] = [
  { method: 'POST', pattern: new RegExp(`^${V1}/content/${ID}/child/attachment$`), auth: 'required', streamBody: true, handler: ctx => upload(ctx, { kind: 'create' }) },
  { method: 'PUT', pattern: new RegExp(`^${V1}/content/${ID}/child/attachment$`), auth: 'required', streamBody: true, handler: ctx => upload(ctx, { kind: 'createOrUpdate' }) },
  {
    method: 'POST', pattern: new RegExp(`^${V1}/content/${ID}/child/attachment/${ID}/data$`), auth: 'required', streamBody: true,
    handler: ctx => upload(ctx, { kind: 'newVersion', attachmentId: ctx.params[1] }),
  },
];
