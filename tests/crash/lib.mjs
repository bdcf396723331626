// The crash tests' shared harness: a seeded random (CRASH_SEED replays a
// run) and the SIGKILL of a server after a delay.
import { spawn } from 'node:child_process';

// mulberry32 over CRASH_SEED (or the clock): { seed0, rand() }.
export function seeded() {
  let seed = Number(process.env.CRASH_SEED || (Date.now() % 100000));
  const seed0 = seed;
  return {
    seed0,
    rand() {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

// kill -9 of the server's process after `delay` ms, from a separate
// process (the test's own event loop is busy writing); resolves once it
// has exited.
export async function killAfter(server, delay) {
  const exited = new Promise((r) => server.child.once('exit', r));
  const killer = spawn('sh', ['-c', `sleep ${delay / 1000}; kill -KILL ${server.child.pid}`],
    { stdio: 'ignore' });
  const fallback = setTimeout(() => server.child.kill('SIGKILL'), delay + 5000);
  await exited;
  clearTimeout(fallback);
  killer.kill();
}
