// Attachments through the client against the emulator over real HTTP: listing, reading, trashing,
// uploads and new versions streamed from disk with progress, a 100 MB round trip in bounded memory,
// cancellation of uploads and downloads, the download redirect to the media origin carrying no
// credentials, the size limit, previews, and restricted pages with and without the admin key.

import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Attachment, TransferProgress } from '../../src/confluence/organiseTypes';
import type { SiteConnection } from '../../src/confluence/types';
import { DEMO, startEmulator, type RunningEmulator } from '../emulator/index';
import { ADMIN, classicConnection, collect, makeClient, SCOPED, until, WRITER } from './helpers/clients';
import { FakeClock } from './helpers/fakeClock';
import { startScriptedServer } from './helpers/scriptedServer';
import { expectError, registerSecretScan } from './helpers/secretScan';

const scan = registerSecretScan();
let emu: RunningEmulator;
let dir: string;
const att = DEMO.organise.attachments;
const MB = 1024 * 1024;

before(async () => {
  emu = await startEmulator({ seed: 'demo' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attachments-test-'));
});
after(async () => {
  await emu.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => { emu.control.reset(); });

function site(): SiteConnection { return classicConnection(emu.url); }
const writer = () => makeClient(scan, site(), { credentials: WRITER }).client;

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** A file of `size` bytes written 1 MB at a time, and its SHA-256. */
function bigFile(name: string, size: number): { path: string; sha256: string } {
  const p = path.join(dir, name);
  const chunk = Buffer.alloc(MB);
  for (let i = 0; i < chunk.length; i++) { chunk[i] = (i * 31 + 7) % 256; }
  const hash = createHash('sha256');
  const fd = fs.openSync(p, 'w');
  for (let written = 0; written < size; written += MB) {
    const part = chunk.subarray(0, Math.min(MB, size - written));
    part[0] = written / MB % 256; // every megabyte differs
    fs.writeSync(fd, part);
    hash.update(part);
  }
  fs.closeSync(fd);
  return { path: p, sha256: hash.digest('hex') };
}

/**
 * Peak memory growth over a transfer, counting what is held rather than garbage waiting for the
 * collector: a collection is forced before the baseline and at every 2 MB of progress. Buffers are
 * measured from before the transfer (a client reading the file into memory first shows at once).
 * rss moves by tens of MB when the allocator first grows or trims its arenas, whatever the file
 * size, so it is held to half the file from before the transfer, and to the same bound as buffers
 * from the first sample on, where anything kept per byte transferred would accumulate.
 */
class MemoryWatch {
  samples = 0;
  bufferGrowth = 0;
  rssGrowth = 0;
  rssGrowthSinceFirst = 0;
  private readonly base: NodeJS.MemoryUsage;
  private first: NodeJS.MemoryUsage | undefined;
  private lastCollected = 0;
  constructor() {
    collectGarbage();
    this.base = process.memoryUsage();
  }
  sample(transferred: number): void {
    if (transferred - this.lastCollected < 2 * MB) { return; }
    this.lastCollected = transferred;
    collectGarbage();
    const m = process.memoryUsage();
    this.first ??= m;
    this.samples++;
    this.bufferGrowth = Math.max(this.bufferGrowth, m.arrayBuffers - this.base.arrayBuffers);
    this.rssGrowth = Math.max(this.rssGrowth, m.rss - this.base.rss);
    this.rssGrowthSinceFirst = Math.max(this.rssGrowthSinceFirst, m.rss - this.first.rss);
  }
}

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

async function sha256Of(p: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(p)) { hash.update(chunk as Buffer); }
  return hash.digest('hex');
}

async function listAll(pageId: string): Promise<Attachment[]> {
  return (await collect(writer().attachments(pageId))).all;
}

describe('reading and trashing', () => {
  test('a page\'s attachments in one request, one by id, and the trash', async () => {
    const client = writer();
    const list = await listAll(att.image.pageId);
    assert.deepEqual(list.map((a) => a.title).sort(), [att.image.title, att.pdf.title, att.text.title].sort());
    assert.deepEqual(emu.control.requestLog().map((r) => r.path), [`/wiki/api/v2/pages/${att.image.pageId}/attachments?limit=250`]);
    const image = list.find((a) => a.id === att.image.id);
    assert.equal(image?.mediaType, 'image/png');
    assert.equal(image?.fileSize, att.image.size);
    assert.match(image?.downloadLink ?? '', new RegExp(`^/download/attachments/${att.image.pageId}/team-map\\.png\\?version=1`));
    assert.deepEqual(await client.getAttachment(att.image.id), image);
    await client.deleteAttachment(att.text.id);
    assert.ok(!(await listAll(att.image.pageId)).some((a) => a.id === att.text.id));
    await expectError(scan, client.getAttachment(att.text.id), 'notFound');
    await expectError(scan, client.getAttachment('../admin-key'), 'invalidInput');
  });
});

describe('uploads and downloads', () => {
  test('a file goes up with progress and comes back byte for byte; the same name again is refused, replace adds a version', async () => {
    const client = writer();
    const p = file('notes.md', '# Notes\n\nUploaded from VS Code.\n');
    const progress: TransferProgress[] = [];
    const up = await client.uploadAttachment(att.image.pageId, p, { comment: 'first draft', onProgress: (e) => progress.push(e) });
    assert.equal(up.title, 'notes.md');
    assert.equal(up.mediaType, 'text/markdown');
    assert.equal(up.comment, 'first draft');
    assert.equal(up.version, 1);
    assert.deepEqual(progress.at(-1), { transferred: fs.statSync(p).size, total: fs.statSync(p).size });
    const upload = emu.control.requestLog().find((r) => r.method === 'POST');
    assert.equal(upload?.path, `/wiki/rest/api/content/${att.image.pageId}/child/attachment`);

    const out = path.join(dir, 'notes-back.md');
    const got = await client.downloadAttachment(up, out);
    assert.equal(fs.readFileSync(out, 'utf8'), fs.readFileSync(p, 'utf8'));
    assert.equal(got.bytes, fs.statSync(p).size);

    const unwritable = await expectError(scan, client.downloadAttachment(up, path.join(dir, 'no-such-folder', 'notes.md')), 'invalidInput');
    assert.match(unwritable.message, /Could not write notes\.md to disk \(ENOENT\)/);
    const dup = await expectError(scan, client.uploadAttachment(att.image.pageId, p), 'invalidInput');
    assert.match(dup.message, /same file name/);
    fs.writeFileSync(p, '# Notes\n\nSecond version.\n');
    const v2 = await client.uploadAttachment(att.image.pageId, p, { replace: true });
    assert.equal(v2.id, up.id);
    assert.equal(v2.version, 2);
    fs.writeFileSync(p, 'third');
    const v3 = await client.uploadAttachmentVersion(att.image.pageId, up.id, p, { minorEdit: true });
    assert.equal(v3.version, 3);
    await client.downloadAttachment(await client.getAttachment(up.id), out);
    assert.equal(fs.readFileSync(out, 'utf8'), 'third');
  });

  test('the download redirect is followed without the Authorization or admin-key header, which did go to the site', async () => {
    const clock = new FakeClock(emu.control.now());
    const { client, key } = makeClient(scan, site(), { credentials: ADMIN, clock });
    key.set((await client.enableAdminKey(5)).expiresAt);
    const image = await client.getAttachment(att.image.id);
    const out = path.join(dir, 'team-map.png');
    const got = await client.downloadAttachment(image, out);
    assert.equal(got.mediaType, 'image/png');
    assert.deepEqual([...fs.readFileSync(out).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const media = emu.control.mediaRequests();
    assert.equal(media.length, 1);
    assert.equal(media[0]?.status, 200);
    for (const e of media) {
      assert.equal(e.headers.authorization, undefined, 'no Authorization header at the media origin');
      assert.equal(e.headers['atl-confluence-with-admin-key'], undefined, 'no admin-key header at the media origin');
      assert.equal(e.headers.cookie, undefined);
    }
    const siteDownload = emu.control.requestLog().find((r) => r.path.startsWith('/wiki/download/'));
    assert.equal(siteDownload?.status, 302);
    assert.equal(siteDownload?.adminKeyHeader, true, 'the site request carried the key');
    assert.ok(scan.lines.some((l) => /GET \/file\/[0-9a-f-]+\/binary\?token=redacted/.test(l)), 'the media URL is logged without its token');
  });

  test('100 MB up and down in bounded memory, intact', async () => {
    const size = 100 * MB;
    const src = bigFile('big.bin', size);
    const client = writer();
    // A first, smaller round trip: the one-time cost of new connections, parsers and threads (about
    // 30 MB of rss on the first download of a process, whatever its size) is not what is measured.
    const warm = await client.uploadAttachment(att.image.pageId, bigFile('warm-up.bin', 16 * MB).path);
    await client.downloadAttachment(warm, path.join(dir, 'warm-up-back.bin'));
    const upload = new MemoryWatch();
    const up = await client.uploadAttachment(att.image.pageId, src.path, { onProgress: (p) => upload.sample(p.transferred) });
    assert.equal(up.fileSize, size);
    const out = path.join(dir, 'big-back.bin');
    const download = new MemoryWatch();
    const got = await client.downloadAttachment(up, out, { onProgress: (p) => download.sample(p.transferred) });
    assert.equal(got.bytes, size);
    assert.equal(await sha256Of(out), src.sha256);
    for (const [what, w] of [['upload', upload], ['download', download]] as const) {
      const shown = (n: number): string => `${(n / MB).toFixed(1)} MB`;
      assert.ok(w.samples > 20, `${what}: memory was sampled during the transfer`);
      assert.ok(w.bufferGrowth < 30 * MB, `${what}: arrayBuffers grew by ${shown(w.bufferGrowth)} during a 100 MB transfer`);
      assert.ok(w.rssGrowthSinceFirst < 30 * MB, `${what}: rss grew by ${shown(w.rssGrowthSinceFirst)} while 100 MB went through`);
      assert.ok(w.rssGrowth < 50 * MB, `${what}: rss grew by ${shown(w.rssGrowth)} during a 100 MB transfer`);
    }
    fs.rmSync(out);
    fs.rmSync(src.path);
  });

  test('cancelling an upload stops it mid-way: cancelled, nothing attached, nothing kept by the site', async () => {
    const src = bigFile('cancel-up.bin', 40 * MB);
    const client = writer();
    const ctrl = new AbortController();
    let seen = 0;
    const e = await expectError(scan, client.uploadAttachment(att.image.pageId, src.path, {
      signal: ctrl.signal, onProgress: (p) => { seen = p.transferred; if (p.transferred >= 8 * MB) { ctrl.abort(); } },
    }), 'cancelled');
    assert.ok(seen < 40 * MB, `stopped after ${seen} bytes`);
    assert.match(e.message, /cancelled/);
    await until(() => emu.control.uploadFiles() === 0); // the site threw its partial file away
    assert.ok(!(await listAll(att.image.pageId)).some((a) => a.title === 'cancel-up.bin'));
    fs.rmSync(src.path);
  });

  test('cancelling a download leaves no file, not even a partial one', async () => {
    const src = bigFile('cancel-down.bin', 30 * MB);
    const client = writer();
    const up = await client.uploadAttachment(att.image.pageId, src.path);
    const ctrl = new AbortController();
    const out = path.join(dir, 'cancel-down-back.bin');
    await expectError(scan, client.downloadAttachment(up, out, {
      signal: ctrl.signal, onProgress: (p) => { if (p.transferred >= 4 * MB) { ctrl.abort(); } },
    }), 'cancelled');
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('cancel-down-back')), []);
    fs.rmSync(src.path);
  });

  test('over the site\'s attachment size limit: tooLarge, said plainly', async () => {
    emu.control.setMaxAttachmentSize(1024);
    const e = await expectError(scan, writer().uploadAttachment(att.image.pageId, file('large.txt', 'x'.repeat(2048))), 'tooLarge');
    assert.match(e.message, /larger than Confluence .* accepts for attachments/);
    await expectError(scan, writer().uploadAttachment(att.image.pageId, path.join(dir, 'missing.txt')), 'invalidInput');
    await expectError(scan, writer().uploadAttachment(att.image.pageId, file('ok.txt', 'x'), { filename: 'bad\nname.txt' }), 'invalidInput');
  });

  test('previews: a small image in memory; one over the cap is refused without being read', async () => {
    const client = writer();
    const image = await client.getAttachment(att.image.id);
    const got = await client.fetchImage(image);
    assert.equal(got.mediaType, 'image/png');
    assert.equal(got.bytes.length, att.image.size);
    const e = await expectError(scan, client.fetchImage(image, { maxBytes: 100 }), 'tooLarge');
    assert.match(e.message, /too large to preview/);
    await expectError(scan, client.fetchImage({ title: 'x', downloadLink: 'https://elsewhere.example/download/x' }), 'invalidInput');
  });
});

describe('the download\'s redirect rules', () => {
  test('through the gateway (scoped token) the download works the same way, and the file store gets no credentials', async () => {
    const gateway = { siteOrigin: emu.url, apiBase: `${emu.url}/ex/confluence/${emu.cloudId}`, tokenKind: 'scoped' as const, cloudId: emu.cloudId };
    const { client } = makeClient(scan, gateway, { credentials: SCOPED });
    const { all } = await collect(client.attachments(att.text.pageId));
    const text = all.find((a) => a.id === att.text.id);
    assert.ok(text);
    const got = await client.fetchImage(text);
    assert.match(got.bytes.toString('utf8'), /Welcome to Engineering/);
    assert.ok(emu.control.requestLog().some((r) => r.viaGateway && r.path.includes('/wiki/download/attachments/')));
    assert.ok(emu.control.mediaRequests().every((r) => r.headers.authorization === undefined));
  });

  test('credentials never leave the site: not to another origin, not by a caller\'s headers, not back to the site once the download has left it', async () => {
    const elsewhere = await startScriptedServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok'); });
    const { client } = makeClient(scan, site(), { credentials: WRITER });
    await expectError(scan, client.api.exchange('GET', new URL(`${elsewhere.url}/file`), {}), 'invalidInput');
    assert.equal(elsewhere.received.length, 0, 'refused before anything was sent');
    const res = await client.api.exchange('GET', new URL(`${elsewhere.url}/file`), {
      credentials: false, headers: { Authorization: 'Basic c2VjcmV0', 'Atl-Confluence-With-Admin-Key': 'true', Cookie: 'a=b', 'X-Trace': 'kept' },
    });
    res.body.resume();
    const seen = elsewhere.received[0]?.headers ?? {};
    assert.deepEqual([seen.authorization, seen['atl-confluence-with-admin-key'], seen.cookie, seen['x-trace']], [undefined, undefined, undefined, 'kept']);
    await elsewhere.close();

    // A site whose download goes to a file store that sends it back to the site: the hop back carries nothing.
    let siteUrl = '';
    const media = await startScriptedServer((_req, res) => { res.writeHead(302, { location: `${siteUrl}/wiki/download/again` }); res.end(); });
    const fakeSite = await startScriptedServer((req, res) => {
      if (req.url.startsWith('/wiki/download/attachments/')) { res.writeHead(302, { location: `${media.url}/file/x/binary?token=t` }); res.end(); return; }
      res.writeHead(req.headers.authorization ? 500 : 200, { 'content-type': 'application/octet-stream' });
      res.end('bytes');
    });
    siteUrl = fakeSite.url;
    const viaFake = makeClient(scan, classicConnection(fakeSite.url), { credentials: WRITER }).client;
    const got = await viaFake.fetchImage('/download/attachments/1/a.png?api=v2');
    assert.equal(got.bytes.toString(), 'bytes');
    assert.deepEqual(fakeSite.received.map((r) => [r.url, r.headers.authorization !== undefined]), [
      ['/wiki/download/attachments/1/a.png?api=v2', true], ['/wiki/download/again', false],
    ]);
    assert.equal(media.received[0]?.headers.authorization, undefined);
    await Promise.all([media.close(), fakeSite.close()]);
  });

  test('a redirect to plain http on another host is not followed; nor is a link to another site', async () => {
    const fakeSite = await startScriptedServer((_req, res) => { res.writeHead(302, { location: 'http://media.example.invalid/file/x/binary?token=t' }); res.end(); });
    const { client } = makeClient(scan, classicConnection(fakeSite.url), { credentials: WRITER });
    const e = await expectError(scan, client.downloadAttachment('/download/attachments/1/a.bin', path.join(dir, 'never.bin')), 'invalidResponse');
    assert.match(e.message, /insecure address \(media\.example\.invalid\)/);
    assert.ok(!fs.existsSync(path.join(dir, 'never.bin')));
    await expectError(scan, client.fetchImage(`https://evil.example/download/attachments/1/a.png`), 'invalidInput');
    assert.equal(fakeSite.received.length, 1);
    await fakeSite.close();
  });
});

describe('restricted pages', () => {
  test('their attachments are notFound without the admin key; with it they list, download and upload, and every request is audited', async () => {
    const clock = new FakeClock(emu.control.now());
    const { client, key, audit } = makeClient(scan, site(), { credentials: ADMIN, clock });
    await expectError(scan, collect(client.attachments(att.restricted.pageId)), 'notFound');
    await expectError(scan, client.downloadAttachment(`/download/attachments/${att.restricted.pageId}/${att.restricted.title}?api=v2`, path.join(dir, 'x.txt')), 'notFound');
    await expectError(scan, client.uploadAttachment(att.restricted.pageId, file('evidence.txt', 'x')), 'notFound');
    key.set((await client.enableAdminKey(5)).expiresAt);
    const { all } = await collect(client.attachments(att.restricted.pageId));
    assert.deepEqual(all.map((a) => a.id), [att.restricted.id]);
    const out = path.join(dir, 'timeline.txt');
    await client.downloadAttachment(all[0]!, out);
    assert.match(fs.readFileSync(out, 'utf8'), /SEC-117 timeline/);
    const up = await client.uploadAttachment(att.restricted.pageId, file('evidence.txt', 'logs'));
    assert.equal(up.pageId, att.restricted.pageId);
    assert.deepEqual(audit.map((a) => [a.method, a.status]), [['GET', 200], ['GET', 302], ['POST', 200]]);
    assert.ok(emu.control.mediaRequests().every((r) => r.headers['atl-confluence-with-admin-key'] === undefined));
    assert.ok(emu.control.auditLog().filter((a) => a.action === 'admin-key.use' && a.contentId === att.restricted.pageId).length >= 3);
  });
});

scan.declareFinalCheck();
