// The benchmarks' server (issues 12-13): `maillage serve` on a fixed port
// (a restart keeps the clients' URL) with room for hundreds of streams,
// and a free port to give it. Shared by bench/live.mjs and
// bench/alarms.mjs.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { BIN } from '../../tests/http/lib/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

// Resolves once /healthz answers: { child, base, err() }.
export async function serve(db, port, maxConnections = 2000) {
  const child = spawn(BIN, ['serve', '--db', db.url, '--listen', `127.0.0.1:${port}`,
    '--allow-local-key', '--threads', '4', '--max-connections', String(maxConnections),
    '--per-ip-limit', String(maxConnections)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(base + '/healthz')).ok) return { child, base, err: () => err }; } catch { /* not yet */ }
    await sleep(20);
  }
  throw new Error('server did not start: ' + err);
}
