// Downloading attachments the way Confluence serves them: the `downloadLink` on the site answers 302
// with a signed, short-lived URL on another origin (api.media.atlassian.com on real sites). The first
// request carries the site credentials (and the admin-key header when the key is on, so restricted
// pages' files can be fetched); the redirect is followed WITHOUT them — the token in the URL is the
// permission, and the site's credentials must never reach another origin. Once a download has left
// the site it never sends credentials again, and only https (or loopback http) is followed.
// Files stream to disk through a temporary file; previews read a small image into memory, capped.

import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ConfluenceApi } from './api';
import { ConfluenceError } from './errors';
import { discardBody, type ExchangeResponse } from './exchange';
import type { Attachment, TransferOptions } from './organiseTypes';
import { safePath } from './redact';
import type { RequestOptions } from './types';
import { l10n } from '../util/l10n';

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const MAX_HOPS = 4;
export const DEFAULT_IMAGE_MAX_BYTES = 5 * 1024 * 1024;

/** An attachment as listed (its downloadLink is used), or the download link itself. */
export type Downloadable = Pick<Attachment, 'downloadLink' | 'title'> | string;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The download link as an absolute URL on the API base (site or gateway). */
function firstUrl(api: ConfluenceApi, link: string): URL {
  let rel = link;
  if (/^https?:\/\//i.test(link)) {
    const u = new URL(link);
    if (u.origin !== new URL(api.connection.siteOrigin).origin && u.origin !== new URL(api.connection.apiBase).origin) {
      throw new ConfluenceError('invalidInput', l10n.t('The download link points to another site ({0}); it is not followed with your credentials.', u.host));
    }
    rel = `${u.pathname}${u.search}`.replace(/^\/wiki(?=\/)/, '');
  }
  if (!/^\/download\//.test(rel)) { throw new ConfluenceError('invalidInput', l10n.t('This is not a Confluence download link (it should start with /download/).')); }
  return new URL(`${api.connection.apiBase}/wiki${rel}`);
}

/** The link, and the attachment's name when known (each message then has a form for "the attachment"). */
function linkOf(what: Downloadable): { link: string; name: string | undefined } {
  if (typeof what === 'string') { return { link: what, name: undefined }; }
  const name = what.title ?? undefined;
  if (!what.downloadLink) {
    throw new ConfluenceError('invalidInput', name !== undefined
      ? l10n.t('{0} has no download link; read it again with getAttachment.', name)
      : l10n.t('The attachment has no download link; read it again with getAttachment.'));
  }
  return { link: what.downloadLink, name };
}

/** Follows the download to the response that carries the bytes (not yet read). */
export async function openDownload(api: ConfluenceApi, what: Downloadable, o: RequestOptions = {}): Promise<ExchangeResponse> {
  let url = firstUrl(api, linkOf(what).link);
  const apiOrigin = new URL(api.connection.apiBase).origin;
  let credentials = true;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const res = await api.exchange('GET', url, { ...o, credentials, headers: { accept: '*/*' } }).catch((e: unknown) => {
      // A refusal from the file store is about its link, not the site's credentials: never "sign in again".
      if (!credentials && ConfluenceError.is(e) && (e.status === 401 || e.status === 403)) {
        throw new ConfluenceError('forbidden', l10n.t('The file store ({0}) refused the download link Confluence on {1} gave out ({2}); it may have expired. Try the download again.',
          url.host, api.siteHost, e.status), { status: e.status, method: 'GET', path: safePath(url) });
      }
      throw e;
    });
    if (!REDIRECTS.has(res.status)) {
      if (res.status >= 200 && res.status < 300) { return res; }
      discardBody(res.body);
      throw new ConfluenceError('invalidResponse', l10n.t('Confluence on {0} answered the download of {1} with {2}.', api.siteHost, safePath(url), res.status), { status: res.status });
    }
    discardBody(res.body);
    const location = res.headers.location;
    const next = typeof location === 'string' ? new URL(location, url) : undefined;
    if (!next) { throw new ConfluenceError('invalidResponse', l10n.t('Confluence on {0} redirected a download without saying where to.', api.siteHost), { status: res.status }); }
    if (next.origin !== apiOrigin || !credentials) {
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && isLoopback(next.hostname))) {
        throw new ConfluenceError('invalidResponse', l10n.t('Confluence on {0} redirected a download to an insecure address ({1}); it was not followed.', api.siteHost, next.host));
      }
      credentials = false; // the file store has its own token in the URL; the site's credentials stay home
    }
    url = next;
  }
  throw new ConfluenceError('invalidResponse', l10n.t('The download from {0} was redirected more than {1} times; it was not followed further.', api.siteHost, MAX_HOPS - 1));
}

function contentLength(res: ExchangeResponse): number | undefined {
  const raw = res.headers['content-length'];
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function mediaType(res: ExchangeResponse): string | undefined {
  const raw = res.headers['content-type'];
  return (Array.isArray(raw) ? raw[0] : raw)?.split(';')[0]?.trim() || undefined;
}

function interrupted(e: unknown, api: ConfluenceApi, name: string | undefined, signal: AbortSignal | undefined): ConfluenceError {
  if (ConfluenceError.is(e)) { return e; }
  const host = api.siteHost;
  if (signal?.aborted) {
    return new ConfluenceError('cancelled', name !== undefined ? l10n.t('The download of {0} was cancelled.', name) : l10n.t('The download of the attachment was cancelled.'));
  }
  const code = (e as { code?: string }).code ?? undefined;
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new ConfluenceError('timeout', name !== undefined
      ? l10n.t('The download of {0} from {1} stalled. Check your network, then try again.', name, host)
      : l10n.t('The download of the attachment from {0} stalled. Check your network, then try again.', host));
  }
  // File system errors name the file they failed on; socket errors do not.
  if (typeof (e as { path?: unknown }).path === 'string') {
    return new ConfluenceError('invalidInput', name !== undefined
      ? (code !== undefined ? l10n.t('Could not write {0} to disk ({1}).', name, code) : l10n.t('Could not write {0} to disk (write error).', name))
      : (code !== undefined ? l10n.t('Could not write the attachment to disk ({0}).', code) : l10n.t('Could not write the attachment to disk (write error).')));
  }
  return new ConfluenceError('network', name !== undefined
    ? (code !== undefined
      ? l10n.t('The download of {0} from {1} was interrupted ({2}). Try again.', name, host, code)
      : l10n.t('The download of {0} from {1} was interrupted (connection lost). Try again.', name, host))
    : (code !== undefined
      ? l10n.t('The download of the attachment from {0} was interrupted ({1}). Try again.', host, code)
      : l10n.t('The download of the attachment from {0} was interrupted (connection lost). Try again.', host)));
}

/**
 * Streams an attachment to `destPath`: written to a temporary file next to it and renamed when
 * complete, so a cancelled or failed download never leaves a partial file under the final name.
 */
export async function downloadAttachment(api: ConfluenceApi, what: Downloadable, destPath: string, o: TransferOptions = {}): Promise<{ bytes: number; mediaType?: string }> {
  const { name } = linkOf(what);
  const res = await openDownload(api, what, o);
  const total = contentLength(res);
  const part = `${destPath}.${randomBytes(4).toString('hex')}.part`;
  let transferred = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      transferred += chunk.length;
      o.onProgress?.({ transferred, ...(total !== undefined ? { total } : {}) });
      done(null, chunk);
    },
  });
  try {
    o.onProgress?.({ transferred: 0, ...(total !== undefined ? { total } : {}) });
    await pipeline(res.body, counter, fs.createWriteStream(part), ...(o.signal ? [{ signal: o.signal }] : []));
    if (total !== undefined && transferred !== total) {
      throw new ConfluenceError('network', name !== undefined
        ? l10n.t('The download of {0} ended early ({1} of {2} bytes). Try again.', name, transferred, total)
        : l10n.t('The download of the attachment ended early ({0} of {1} bytes). Try again.', transferred, total));
    }
    await fs.promises.rename(part, destPath);
  } catch (e) {
    discardBody(res.body);
    await fs.promises.rm(part, { force: true });
    throw interrupted(e, api, name, o.signal);
  }
  const type = mediaType(res);
  return { bytes: transferred, ...(type ? { mediaType: type } : {}) };
}

/** A small file (an image for a preview) in memory; refused without reading further once over `maxBytes`. */
export async function fetchImage(api: ConfluenceApi, what: Downloadable, o: RequestOptions & { maxBytes?: number } = {}): Promise<{ bytes: Buffer; mediaType?: string }> {
  const { name } = linkOf(what);
  const max = o.maxBytes ?? DEFAULT_IMAGE_MAX_BYTES;
  const res = await openDownload(api, what, o);
  const tooLarge = (): ConfluenceError => new ConfluenceError('tooLarge', name !== undefined
    ? l10n.t('{0} is larger than {1} bytes, too large to preview; open it with Download instead.', name, max)
    : l10n.t('the attachment is larger than {0} bytes, too large to preview; open it with Download instead.', max));
  const declared = contentLength(res);
  if (declared !== undefined && declared > max) {
    discardBody(res.body);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body as Readable & AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) { throw tooLarge(); }
      chunks.push(chunk);
    }
  } catch (e) {
    throw interrupted(e, api, name, o.signal);
  } finally {
    discardBody(res.body);
  }
  const type = mediaType(res);
  return { bytes: Buffer.concat(chunks), ...(type ? { mediaType: type } : {}) };
}
