// A tiny HTTP(S) server for cases the emulator does not model: hand-written answers per request, and a
// record of what arrived (method, URL, headers) so tests can assert what was — and was not — sent.

import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { TEST_TLS_CERT, TEST_TLS_KEY } from './tlsFixture';

export interface ReceivedRequest { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; remotePort: number | undefined }

export type Handler = (req: ReceivedRequest, res: http.ServerResponse, index: number) => void;

export interface ScriptedServer {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startScriptedServer(handler: Handler, opts: { tls?: boolean } = {}): Promise<ScriptedServer> {
  const received: ReceivedRequest[] = [];
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), remotePort: req.socket.remotePort };
      received.push(entry);
      handler(entry, res, received.length - 1);
    });
  };
  const server = opts.tls
    ? https.createServer({ cert: TEST_TLS_CERT, key: TEST_TLS_KEY }, onRequest)
    : http.createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
