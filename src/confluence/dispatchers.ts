// One undici dispatcher per origin: direct, or through the proxy that resolveProxy picks.
// `strictSSL: false` (VS Code's http.proxyStrictSSL) relaxes certificate checks only on connections
// through the proxy (a company proxy that inspects HTTPS); a direct connection always verifies.

import type { Agent as AgentClass, Dispatcher, ProxyAgent as ProxyAgentClass } from 'undici';
import { resolveProxy, type Env } from './proxy';

// undici's entry point also loads fetch, WebSocket, caches, mocks and interceptors — about 210 KB of
// the bundle that the extension never runs. Only the dispatchers and the request API are loaded;
// undici 7 has no "exports" map, so these files are reachable, and the version is pinned by the lock.
// Attaching the API to Dispatcher.prototype is exactly what undici's own index.js does.
const Agent = require('undici/lib/dispatcher/agent') as typeof AgentClass;
const ProxyAgent = require('undici/lib/dispatcher/proxy-agent') as typeof ProxyAgentClass;
Object.assign((require('undici/lib/dispatcher/dispatcher') as { prototype: object }).prototype, require('undici/lib/api'));

export interface DispatcherSettings { proxy?: string; env: Env; strictSSL: boolean; connectTimeoutMs: number }

export function createDispatcher(url: URL, s: DispatcherSettings, debug?: (m: string) => void): Dispatcher {
  const proxy = resolveProxy(url, s.proxy, s.env);
  if (!proxy) {
    return new Agent({ connect: { timeout: s.connectTimeoutMs, rejectUnauthorized: true }, keepAliveTimeout: 30_000 });
  }
  debug?.(`requests to ${url.host} go through the proxy ${proxy.host}`);
  return new ProxyAgent({
    uri: proxy.href,
    connect: { timeout: s.connectTimeoutMs, rejectUnauthorized: s.strictSSL },
    requestTls: { rejectUnauthorized: s.strictSSL },
    proxyTls: { rejectUnauthorized: s.strictSSL, timeout: s.connectTimeoutMs },
    // https targets tunnel through CONNECT; plain http (loopback only) uses absolute-form forwarding.
    proxyTunnel: url.protocol === 'https:',
    keepAliveTimeout: 30_000,
  });
}
