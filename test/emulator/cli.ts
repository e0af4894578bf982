// `node out/test/emulator/cli.js --port 8090 --seed demo [--latency-ms N] [--control] [--host H] [--quirks]`
// Runs the emulator until SIGINT/SIGTERM and prints its base URL and the seeded credentials.

import { DEMO, quirksFromEnv, startEmulator } from './index';

function usage(msg?: string): never {
  if (msg) { process.stderr.write(`${msg}\n`); }
  process.stderr.write('usage: cli.js [--port N] [--host H] [--seed demo|empty|bench] [--latency-ms N] [--control] [--quirks]\n');
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let port = 8090;
  let host = '127.0.0.1';
  let seed: 'demo' | 'empty' | 'bench' = 'demo';
  let latencyMs = 0;
  let controlHttp = false;
  let quirks = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = (): string => { const v = args[++i]; if (v === undefined) { usage(`${a} needs a value`); } return v; };
    switch (a) {
      case '--port': port = Number(next()); if (!Number.isInteger(port) || port < 0 || port > 65535) { usage('bad --port'); } break;
      case '--host': host = next(); break;
      case '--seed': { const s = next(); if (s !== 'demo' && s !== 'empty' && s !== 'bench') { usage('bad --seed'); } seed = s; break; }
      case '--latency-ms': latencyMs = Number(next()); if (!Number.isFinite(latencyMs) || latencyMs < 0) { usage('bad --latency-ms'); } break;
      case '--control': controlHttp = true; break;
      case '--quirks': quirks = true; break;
      case '--help': case '-h': usage();
      // falls through (usage never returns)
      default: usage(`unknown argument ${a}`);
    }
  }
  // A person's VS Code runs on the real clock, so the demo site does too (admin-key expiry must agree).
  const emu = await startEmulator({ port, host, seed, latencyMs, controlHttp, startTime: Date.now(), ...(quirks ? { quirks } : {}) });
  const out = [
    `Confluence Cloud emulator (seed: ${seed}) listening on ${emu.url}`,
    `  site:     ${emu.url}   (API under ${emu.url}/wiki)`,
    `  gateway:  ${emu.url}/ex/confluence/${emu.cloudId}`,
    `  accounts (email / classic API token):`,
    ...Object.entries(DEMO.accounts).map(([role, a]) => `    ${role.padEnd(8)} ${a.email} / ${a.token}`),
    `  scoped token (gateway only) for ${DEMO.accounts.admin.email}: ${DEMO.scopedToken}`,
    `  quirks:   ${quirks || quirksFromEnv() ? 'on (real-site behaviour, see test/emulator/quirks.ts)' : 'off (start with --quirks)'}`,
    controlHttp ? `  control:  ${emu.url}/__emulator/` : '  control:  off (start with --control to enable /__emulator/)',
  ];
  process.stdout.write(out.join('\n') + '\n');
  const stop = (): void => { void emu.close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(e => { process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`); process.exit(1); });
