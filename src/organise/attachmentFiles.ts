// Reads a page's attachments as `confluence:` files (`/<space>/<page id>/attachments/<file>`, see
// src/pages/attachmentUri.ts): what the Markdown preview's images, VS Code's image preview and the
// read-only text editor load. Everything goes through the API with the person's credentials (the
// download's hop to the media store carries none); the page's attachment listing is reused for a few
// seconds so a preview with several images costs one listing, and fetched bytes are cached.

import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import type { Attachment } from '../confluence/organiseTypes';
import type { SiteSession } from '../confluence/siteSession';
import type { AttachmentFiles, AttachmentLocation } from '../pages/attachmentUri';
import { formatSize } from '../util/fileSizes';
import { MAX_OPEN_BYTES } from './model/attachmentKinds';
import { ByteCache } from './model/byteCache';

const LISTING_TTL_MS = 10_000;

export class AttachmentFileReader implements AttachmentFiles {
  private readonly listings = new Map<string, { at: number; list: Promise<Attachment[]> }>();
  readonly bytes = new ByteCache(64 * 1024 * 1024, 10 * 60_000);

  constructor(private readonly sessions: SiteSessions, private readonly log: vscode.LogOutputChannel) {}

  async stat(loc: AttachmentLocation): Promise<{ size: number; mtime: number }> {
    const a = await this.find(loc);
    const created = Date.parse(a.createdAt ?? '');
    // The version goes into mtime, so a new version is a change even within the same millisecond.
    return { size: a.fileSize ?? 0, mtime: (Number.isNaN(created) ? 0 : created) + a.version };
  }

  async read(loc: AttachmentLocation): Promise<Uint8Array> {
    const session = this.session(loc);
    const a = await this.find(loc);
    if ((a.fileSize ?? 0) > MAX_OPEN_BYTES) {
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('{0} is {1}, too large to open in VS Code. Download it instead.', a.title, formatSize(a.fileSize)));
    }
    const key = `${loc.host}|${loc.pageId}|${a.id}|${a.version}`;
    const cached = this.bytes.get(key);
    if (cached) { return cached.bytes; }
    const { bytes, mediaType } = await session.client.fetchImage(a, { maxBytes: MAX_OPEN_BYTES });
    this.bytes.set(key, { bytes, ...(mediaType ? { mediaType } : {}) });
    return bytes;
  }

  /** After an upload or a deletion: the page's files are listed and fetched again. */
  forget(host: string, pageId: string): void {
    this.listings.delete(`${host}|${pageId}`);
    this.bytes.forget(`${host}|${pageId}|`);
  }

  private async find(loc: AttachmentLocation): Promise<Attachment> {
    const list = await this.list(this.session(loc), loc);
    const found = list.find((a) => a.title === loc.filename) ?? list.find((a) => a.title.toLowerCase() === loc.filename.toLowerCase());
    if (!found) { throw vscode.FileSystemError.FileNotFound(vscode.l10n.t('The page has no attachment named "{0}".', loc.filename)); }
    return found;
  }

  private list(session: SiteSession, loc: AttachmentLocation): Promise<Attachment[]> {
    const key = `${loc.host}|${loc.pageId}`;
    const known = this.listings.get(key);
    if (known && Date.now() - known.at < LISTING_TTL_MS) { return known.list; }
    const list = (async () => {
      const all: Attachment[] = [];
      for await (const batch of session.client.attachments(loc.pageId)) { all.push(...batch); }
      return all;
    })();
    this.listings.set(key, { at: Date.now(), list });
    list.catch((e: unknown) => {
      this.listings.delete(key);
      this.sessions.reportError(session.site.origin, e);
      this.log.warn(`[organise] listing the attachments of page ${loc.pageId} on ${loc.host} failed: ${e instanceof Error ? e.message : String(e)}`);
    });
    return list;
  }

  private session(loc: AttachmentLocation): SiteSession {
    const session = this.sessions.forAuthority(loc.host);
    if (!session) { throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not signed in to {0}.', loc.host)); }
    return session;
  }
}
