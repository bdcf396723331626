// Live updates at a CRT's scale (issue 12). Not a test: it prints numbers
// (docs/PERFORMANCE.md).
// 1. Latency: CLIENTS EventSource clients (the `eventsource` package, as a
//    browser would: one stream each, its own session) on the demo; one
//    user posts MESSAGES messages to ROUSSET's conversation, one every
//    GAP ms. Measured per delivery: from the moment the POST is sent to
//    the `message.posted` event's arrival at each stream (so it includes
//    the write and its commit, fsync with synchronous=FULL), p50/p99/max,
//    and the deliveries missing.
// 2. kill -9: RESTART_CLIENTS streams; a poster writes one message every
//    20 ms; the server is killed with SIGKILL mid-way, restarted on the
//    same database and port; the clients reconnect by themselves with
//    Last-Event-ID. Every message the server acknowledged (201) must
//    reach every client: the count of lost events is printed (0 expected).
// Usage: MAILLAGE_BIN=build/maillage node bench/live.mjs
//   BENCH_CLIENTS (200), BENCH_MESSAGES (50), BENCH_GAP (100),
//   BENCH_RESTART_CLIENTS (20)
import EventSourceImpl from 'eventsource';
import { login, seedDemo, tempDb } from '../tests/http/lib/server.mjs';
import { freePort, serve } from './lib/serve.mjs';

const CLIENTS = Number(process.env.BENCH_CLIENTS || 200);
const MESSAGES = Number(process.env.BENCH_MESSAGES || 50);
const GAP = Number(process.env.BENCH_GAP || 100);
const RESTART_CLIENTS = Number(process.env.BENCH_RESTART_CLIENTS || 20);
// Accounts that read ROUSSET (the whole CRT's team, her circle, the DAC).
const USERS = ['coordination', 'medecin', 'direction', 'ide', 'ergo', 'dac48'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function quantile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

function streamOf(base, cookie, onMsg) {
  const es = new EventSourceImpl(base + '/api/v1/events', { headers: { Cookie: cookie } });
  es.addEventListener('message.posted', (e) => onMsg(JSON.parse(e.data), performance.now()));
  return es;
}

async function latency(base) {
  const sessions = [];
  for (let i = 0; i < CLIENTS; i++) sessions.push(await login(base, USERS[i % USERS.length]));
  const poster = await login(base, 'coordination');
  const rousset = (await poster.get('/api/v1/persons?q=rousset')).json.items.find((p) => p.birth_name === 'ROUSSET');
  const arrivals = new Map();	// message id -> [times]
  let open = 0;
  const streams = sessions.map((s) => {
    const es = streamOf(base, s.cookie, (d, t) => {
      if (!arrivals.has(d.ref_id)) arrivals.set(d.ref_id, []);
      arrivals.get(d.ref_id).push(t);
    });
    es.onopen = () => { open++; };
    return es;
  });
  for (let i = 0; i < 500 && open < CLIENTS; i++) await sleep(20);
  const sent = [];
  for (let i = 0; i < MESSAGES; i++) {
    const t0 = performance.now();
    const r = await poster.post(`/api/v1/persons/${rousset.id}/messages`, { body: `Mesure ${i}` });
    if (r.status !== 201) throw new Error(`post: ${r.status} ${r.text}`);
    sent.push({ id: r.json.id, t0, t1: performance.now() });
    await sleep(GAP);
  }
  await sleep(1000);
  const lat = [];
  const ack = [];
  let missing = 0;
  for (const m of sent) {
    const a = arrivals.get(m.id) || [];
    missing += CLIENTS - a.length;
    for (const t of a) { lat.push(t - m.t0); ack.push(m.t1 - m.t0); }
  }
  lat.sort((a, b) => a - b);
  ack.sort((a, b) => a - b);
  for (const es of streams) es.close();
  return { open, deliveries: lat.length, missing, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99),
    max: lat[lat.length - 1], post_p50: quantile(ack, 0.5) };
}

async function killRestart(db, port) {
  let srv = await serve(db, port);
  const sessions = [];
  for (let i = 0; i < RESTART_CLIENTS; i++) sessions.push(await login(srv.base, USERS[i % USERS.length]));
  const poster = await login(srv.base, 'coordination');
  const rousset = (await poster.get('/api/v1/persons?q=rousset')).json.items.find((p) => p.birth_name === 'ROUSSET');
  const got = sessions.map(() => new Set());
  let open = 0;
  const streams = sessions.map((s, i) => {
    const es = streamOf(srv.base, s.cookie, (d) => got[i].add(d.ref_id));
    es.onopen = () => { open++; };
    return es;
  });
  for (let i = 0; i < 500 && open < RESTART_CLIENTS; i++) await sleep(20);
  const acked = [];
  let refused = 0;
  let stop = false;
  const posting = (async () => {
    for (let i = 0; !stop; i++) {
      try {
        const r = await poster.post(`/api/v1/persons/${rousset.id}/messages`, { body: `Avant et après ${i}` });
        if (r.status === 201) acked.push(r.json.id);
        else refused++;
      } catch { refused++; }
      await sleep(20);
    }
  })();
  await sleep(1500);
  srv.child.kill('SIGKILL');
  await new Promise((r) => srv.child.on('exit', r));
  const killedAt = acked.length;
  await sleep(300);
  srv = await serve(db, port);
  await sleep(1500);
  stop = true;
  await posting;
  // The clients reconnect (retry: 3 s) with Last-Event-ID and replay.
  const want = new Set(acked);
  for (let i = 0; i < 300; i++) {
    if (got.every((g) => [...want].every((id) => g.has(id)))) break;
    await sleep(50);
  }
  let lost = 0;
  for (const g of got) for (const id of want) if (!g.has(id)) lost++;
  for (const es of streams) es.close();
  srv.child.kill('SIGTERM');
  await new Promise((r) => srv.child.on('exit', r));
  return { clients: RESTART_CLIENTS, acked: acked.length, before_kill: killedAt, refused_while_down: refused,
    lost };
}

const db = tempDb();
seedDemo(db);
const port = await freePort();
let srv;
try {
  srv = await serve(db, port);
  const l = await latency(srv.base);
  console.log(`latency: ${CLIENTS} streams (${l.open} open), ${MESSAGES} messages, ${l.deliveries} deliveries, `
    + `${l.missing} missing; POST sent → event at the client: p50 ${l.p50.toFixed(1)} ms, `
    + `p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms (the POST's own answer: p50 ${l.post_p50.toFixed(1)} ms)`);
  srv.child.kill('SIGTERM');
  await new Promise((r) => srv.child.on('exit', r));
  srv = null;
  const k = await killRestart(db, port);
  console.log(`kill -9: ${k.clients} streams, ${k.acked} messages acknowledged (${k.before_kill} before the kill, `
    + `${k.refused_while_down} refused while down), lost events: ${k.lost}`);
} finally {
  if (srv) srv.child.kill('SIGTERM');
  db.cleanup();
}
