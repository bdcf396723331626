// GET /api/v1/home on the demo (issue 12): each role's « Ma journée » in
// one request, measured sequentially (the latency one user sees) then by
// CONC concurrent clients; the product alerts of the demo raised by the
// timer first (the coordinator's counts read them).
// Not a test: it prints numbers (docs/PERFORMANCE.md, target p99 ≤ 50 ms).
// Usage: MAILLAGE_BIN=build/maillage node bench/home.mjs
//   BENCH_READS (500 per role), BENCH_CONC (8)
import { startServer, login } from '../tests/http/lib/server.mjs';

const READS = Number(process.env.BENCH_READS || 500);
const CONC = Number(process.env.BENCH_CONC || 8);
const ROLES = ['coordination', 'aide', 'ide', 'direction', 'dac48'];

const pct = (v, p) => v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))];
function stats(ms) {
  const v = [...ms].sort((a, b) => a - b);
  return `p50 ${pct(v, 50).toFixed(1)} ms, p99 ${pct(v, 99).toFixed(1)} ms, max ${v.at(-1).toFixed(1)} ms`;
}

const srv = await startServer({ args: ['--threads', '4'] });
try {
  const c = {};
  for (const r of ROLES) c[r] = await login(srv.base, r);
  // The timer's first check has run by the first request; one more
  // read so that the caches are warm.
  const alerts = (await c.coordination.get('/api/v1/alerts?state=active')).json.items.length;
  console.log(`demo: ${alerts} open alerts seen by the coordination`);
  for (const r of ROLES) {
    const first = await c[r].get('/api/v1/home');
    if (first.status !== 200) throw new Error(`${r}: ${first.status} ${first.text}`);
    const ms = [];
    for (let i = 0; i < READS; i++) {
      const t = performance.now();
      const x = await c[r].get('/api/v1/home');
      ms.push(performance.now() - t);
      if (x.status !== 200) throw new Error(`${r}: ${x.status}`);
    }
    console.log(`${r.padEnd(12)} view ${first.json.view.padEnd(12)} ${first.json.items.length} items, `
      + `sequential: ${stats(ms)}`);
  }
  const ms = [];
  let next = 0;
  const total = READS * ROLES.length;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONC }, async () => {
    while (next < total) {
      const r = ROLES[next++ % ROLES.length];
      const t = performance.now();
      await c[r].get('/api/v1/home');
      ms.push(performance.now() - t);
    }
  }));
  const s = (performance.now() - t0) / 1000;
  console.log(`mixed roles, ${CONC} concurrent: ${stats(ms)}, ${(total / s).toFixed(0)} req/s`);
} finally {
  await srv.stop();
}
