// A streaming multipart/form-data reader (RFC 7578) for attachment uploads: the body is read chunk by
// chunk and each part's bytes go straight to the part's sink, so a 100 MB file passes through with
// only a chunk and a delimiter's worth of bytes in memory. Reading pulls from the request, so a slow
// sink (a file being written) slows the client down instead of piling data up.

export interface PartInfo { name: string; filename?: string; contentType?: string }

export interface PartSink {
  write(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
}

export class MultipartError extends Error {}

const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary of a `multipart/form-data; boundary=…` content type, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/form-data\s*;/i.test(contentType)) { return undefined; }
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

/** Parses `Content-Disposition` parameters, decoding `filename*=UTF-8''…` (RFC 5987). */
function dispositionParams(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:\\.|[^"\\])*)"|([^;]*))/g;
  for (const m of value.matchAll(re)) {
    const key = (m[1] ?? '').toLowerCase();
    let v = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
    if (key.endsWith('*')) {
      const ext = /^UTF-8''(.*)$/i.exec(v);
      if (!ext) { continue; }
      try { v = decodeURIComponent(ext[1] ?? ''); } catch { continue; }
      out[key.slice(0, -1)] = v;
      continue;
    }
    if (!(key in out)) { out[key] = v; }
  }
  return out;
}

function parseHeaders(raw: Buffer): PartInfo {
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of raw.toString('utf8').split('\r\n')) {
    const i = line.indexOf(':');
    if (i <= 0) { continue; }
    const field = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    if (field === 'content-disposition') {
      if (!/^form-data\b/i.test(value)) { throw new MultipartError('a part is not form-data'); }
      const p = dispositionParams(value);
      name = p.name;
      filename = p.filename;
    } else if (field === 'content-type') {
      contentType = value;
    }
  }
  if (name === undefined) { throw new MultipartError('a part has no name'); }
  return { name, ...(filename !== undefined ? { filename } : {}), ...(contentType !== undefined ? { contentType } : {}) };
}

/** The length of the longest tail of `buf` that is a beginning of `delimiter` (at most `max`). */
function partialDelimiter(buf: Buffer, delimiter: Buffer, max: number): number {
  for (let k = Math.min(max, buf.length); k > 0; k--) {
    if (buf[buf.length - k] === delimiter[0] && buf.subarray(buf.length - k).equals(delimiter.subarray(0, k))) { return k; }
  }
  return 0;
}

/**
 * Reads the whole body, calling `onPart` for each part and feeding its bytes to the returned sink.
 * Throws MultipartError for a malformed body (which the caller answers with 400).
 */
export async function readMultipart(body: AsyncIterable<Buffer>, boundary: string, onPart: (p: PartInfo) => PartSink): Promise<void> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const keep = delimiter.length - 1;
  // The first delimiter has no CRLF before it; pretending it had one lets every delimiter look alike.
  let buf: Buffer = CRLF;
  type State = 'preamble' | 'afterDelimiter' | 'headers' | 'body' | 'done';
  // Changed inside step(); the assertion keeps TypeScript from narrowing it to the initial value.
  let state = 'preamble' as State;
  let sink: PartSink | undefined;

  const step = async (): Promise<boolean> => {
    switch (state) {
      case 'preamble':
      case 'body': {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          // Hold back only a tail that could be the start of a delimiter (usually none), so the next
          // chunk can be taken as it is instead of being copied onto the rest of this one.
          const safe = buf.length - partialDelimiter(buf, delimiter, keep);
          if (safe > 0) {
            if (state === 'body') { await sink?.write(buf.subarray(0, safe)); }
            buf = buf.subarray(safe);
          }
          return false;
        }
        if (state === 'body') {
          if (at > 0) { await sink?.write(buf.subarray(0, at)); }
          await sink?.end();
          sink = undefined;
        }
        buf = buf.subarray(at + delimiter.length);
        state = 'afterDelimiter';
        return true;
      }
      case 'afterDelimiter': {
        if (buf.length < 2) { return false; }
        const two = buf.subarray(0, 2).toString('latin1');
        if (two === '--') { state = 'done'; return false; }
        if (two !== '\r\n') { throw new MultipartError('malformed boundary line'); }
        buf = buf.subarray(2);
        state = 'headers';
        return true;
      }
      case 'headers': {
        const at = buf.indexOf(HEADER_END);
        if (at < 0) {
          if (buf.length > MAX_HEADER_BYTES) { throw new MultipartError('part headers too long'); }
          return false;
        }
        sink = onPart(parseHeaders(buf.subarray(0, at)));
        buf = buf.subarray(at + HEADER_END.length);
        state = 'body';
        return true;
      }
      case 'done':
        return false;
    }
  };

  for await (const chunk of body) {
    if (state === 'done') { continue; } // epilogue: ignored, but read so the client can finish
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    while (await step()) { /* consume what the buffer holds */ }
  }
  if (state !== 'done') { throw new MultipartError('the body ended before the closing boundary'); }
}
