// A minimal proxy for the proxy tests: HTTP forward proxying (absolute-form request lines, what undici
// sends for http:// targets without tunnelling) and CONNECT tunnels (what it sends for https://).
// It records every request so tests can prove the traffic went through it.

import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ProxyRecord { kind: 'forward' | 'connect'; target: string; hadAuthorization: boolean }

export interface TestProxy { url: string; records: ProxyRecord[]; close(): Promise<void> }

export async function startTestProxy(): Promise<TestProxy> {
  const records: ProxyRecord[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '');
    records.push({ kind: 'forward', target: target.href, hadAuthorization: req.headers.authorization !== undefined });
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    records.push({ kind: 'connect', target: req.url ?? '', hadAuthorization: req.headers.authorization !== undefined });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (s: net.Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) { s.destroy(); }
      server.close(() => resolve());
    }),
  };
}
