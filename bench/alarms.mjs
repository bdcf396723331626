// Telealarm ingestion under load (issue 13). Not a test: it prints
// numbers (docs/PERFORMANCE.md).
// RATE signed alarms per second (Standard Webhooks, the demo operator)
// are posted for SECONDS seconds, REPLAY of them replays of a message
// already sent (same id, same body, same headers: as an operator's retry),
// while CLIENTS other EventSource clients (the `eventsource` package,
// each its own session, as many tabs of the team) and one on-call screen
// (the coordinator's stream, `alarm.changed`) are connected. Each trigger names
// a subscriber of the file active (a matched call, so each event goes
// through the per-user access filter of the streams).
// Printed: posts answered (200) and refused, none lost (every distinct
// event stored once: alarm_message and alarm_call counted in the
// database), none doubled (a replay answered byte for byte as its first
// post), the POST latency (p50/p99/max) and post → on-call screen latency
// (from the POST being sent to the call's `alarm.changed` event on the
// nurse's stream: write, group commit with fsync, publication, filter).
// The other clients live in BENCH_WORKERS worker threads
// (bench/lib/streams-worker.mjs), so that parsing their events does not
// hold up the posts and the on-call screen (one thread was the limit);
// BENCH_STREAM_CLIENT: raw (default: a plain GET counting the event lines)
// or eventsource (the `eventsource` package parsing every event).
// Usage: MAILLAGE_BIN=build/maillage node bench/alarms.mjs
//   BENCH_RATE (1000), BENCH_SECONDS (10), BENCH_REPLAY (0.1),
//   BENCH_CLIENTS (200), BENCH_WORKERS (4; 0: all in the main thread,
//   with the eventsource package), BENCH_STREAM_CLIENT (raw)
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import EventSourceImpl from 'eventsource';
import { login, seedDemo, tempDb } from '../tests/http/lib/server.mjs';
import { freePort, serve } from './lib/serve.mjs';
import { alarmHeaders, trigger } from '../tests/http/lib/alarm.mjs';

const RATE = Number(process.env.BENCH_RATE || 1000);
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const REPLAY = Number(process.env.BENCH_REPLAY || 0.1);
const CLIENTS = Number(process.env.BENCH_CLIENTS || 200);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);
const STREAM_CLIENT = process.env.BENCH_STREAM_CLIENT || 'raw';
const USERS = ['coordination', 'medecin', 'direction', 'ide', 'ergo', 'aide'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const q = (s, p) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN);
const ms = (x) => `${x.toFixed(1)} ms`;

function count(db, sql) {
  const r = spawnSync('sqlite3', ['-batch', db.url.replace(/^sqlite:/, ''), sql], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

async function main() {
  const db = tempDb();
  if (db.kind !== 'sqlite') throw new Error('bench/alarms.mjs runs on SQLite');
  seedDemo(db);
  const srv = await serve(db, await freePort(), 3000);
  const load0 = loadavg();
  try {
    // The other clients and the on-call screen.
    const sessions = [];
    for (let i = 0; i < CLIENTS; i++) sessions.push(await login(srv.base, USERS[i % USERS.length]));
    // The coordinator's stream: she reads every person of the file active
    // (a nurse's is filtered to her circles until the on-call grant).
    const nurse = await login(srv.base, 'coordination');
    let open = 0, received = 0;
    const others = [];
    const workers = [];
    if (WORKERS > 0) {
      const url = new URL('./lib/streams-worker.mjs', import.meta.url);
      for (let w = 0; w < WORKERS; w++) {
        const cookies = sessions.filter((_, i) => i % WORKERS === w).map((s) => s.cookie);
        if (cookies.length === 0) continue;
        const wk = new Worker(url, { workerData: { base: srv.base, cookies, kind: STREAM_CLIENT } });
        wk.on('message', (m) => {
          if (m.open !== undefined) open += m.open;
          if (m.received !== undefined) received += m.received;
        });
        workers.push(wk);
      }
    } else {
      for (const s of sessions) {
        const es = new EventSourceImpl(srv.base + '/api/v1/events', { headers: { Cookie: s.cookie } });
        es.addEventListener('alarm.changed', () => { received++; });
        es.onopen = () => { open++; };
        others.push(es);
      }
    }
    const seen = new Map();	// call id -> first arrival on the on-call screen
    const screen = new EventSourceImpl(srv.base + '/api/v1/events', { headers: { Cookie: nurse.cookie } });
    screen.addEventListener('alarm.changed', (e) => {
      const d = JSON.parse(e.data);
      if (!seen.has(d.ref_id)) seen.set(d.ref_id, performance.now());
    });
    screen.onopen = () => { open++; };
    for (let i = 0; i < 1000 && open < CLIENTS + 1; i++) await sleep(20);
    const idFor = (i) => `TA48-${String(101 + (i % 32)).padStart(4, '0')}`;

    const firsts = [];	// { body, headers, t0, t1, status, text }
    const replays = [];	// { of, status, text, t0, t1 }
    const pending = [];
    const post = (body, headers, rec) => {
      rec.t0 = performance.now();
      const p = fetch(srv.base + '/api/v1/alarms', { method: 'POST', headers, body })
        .then(async (r) => { rec.status = r.status; rec.text = await r.text(); },
          (e) => { rec.status = 0; rec.text = `${e}${e.cause ? ` (${e.cause.code || e.cause})` : ''}`; })
        .finally(() => { rec.t1 = performance.now(); });
      pending.push(p);
    };
    const total = RATE * SECONDS;
    const start = performance.now();
    let sent = 0;
    while (sent < total) {
      // Keep to the schedule: as many as are due by now.
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE) + 1);
      for (; sent < due; sent++) {
        if (firsts.length > 10 && Math.random() < REPLAY) {
          const of = firsts[Math.floor(Math.random() * firsts.length)];
          const rec = { of };
          replays.push(rec);
          post(of.body, of.headers, rec);
        } else {
          const m = trigger({ subscriber_ref: idFor(sent), correlation_key: 'bench-' + randomUUID() });
          const body = JSON.stringify(m);
          const rec = { body, headers: alarmHeaders(body, { id: m.event_id }) };
          firsts.push(rec);
          post(body, rec.headers, rec);
        }
      }
      await sleep(2);
    }
    const elapsed = (performance.now() - start) / 1000;
    await Promise.all(pending);
    await sleep(1500);
    const load1 = loadavg();
    // The workers' counts, then their streams closed.
    await Promise.all(workers.map((wk) => new Promise((r) => {
      wk.on('message', (m) => { if (m.received !== undefined) r(); });
      wk.postMessage('close');
    })));

    const ok = firsts.filter((r) => r.status === 200);
    const refused = firsts.length - ok.length + replays.filter((r) => r.status !== 200).length;
    const byCall = new Map();
    for (const r of ok) byCall.set(JSON.parse(r.text).call_id, r);
    // Replays: answered exactly as the first post (which may have been
    // answered later than the replay was sent: compare when both are 200).
    let replayDiffer = 0;
    for (const r of replays) if (r.status === 200 && r.of.status === 200 && r.text !== r.of.text) replayDiffer++;
    const messages = count(db, "SELECT COUNT(*) FROM alarm_message WHERE event_id NOT LIKE 'demo-%';");
    const distinct = count(db, "SELECT COUNT(DISTINCT event_id) FROM alarm_message WHERE event_id NOT LIKE 'demo-%';");
    const calls = count(db, "SELECT COUNT(*) FROM alarm_call WHERE correlation_key LIKE 'bench-%';");
    // Lost: an event answered 200 whose message is not stored.
    const stored = new Set(spawnSync('sqlite3', ['-batch', db.url.replace(/^sqlite:/, ''),
      "SELECT event_id FROM alarm_message WHERE event_id NOT LIKE 'demo-%';"], { encoding: 'utf8',
      maxBuffer: 1 << 26 }).stdout.split('\n').filter(Boolean));
    const lost = ok.filter((r) => !stored.has(JSON.parse(r.body).event_id)).length;
    const statuses = {};
    for (const r of [...firsts, ...replays]) statuses[r.status] = (statuses[r.status] || 0) + 1;
    const postLat = [...firsts, ...replays].filter((r) => r.status === 200).map((r) => r.t1 - r.t0).sort((a, b) => a - b);
    const screenLat = [];
    let notSeen = 0;
    for (const [id, r] of byCall) {
      const t = seen.get(id);
      if (t === undefined) notSeen++;
      else screenLat.push(t - r.t0);
    }
    screenLat.sort((a, b) => a - b);
    console.log(`alarms: ${firsts.length} distinct + ${replays.length} replays in ${elapsed.toFixed(1)} s `
      + `(${((firsts.length + replays.length) / elapsed).toFixed(0)}/s asked ${RATE}/s), ${CLIENTS} other streams `
      + `(${WORKERS > 0 ? `${workers.length} worker threads, ${STREAM_CLIENT} client` : 'in the main thread'})`);
    console.log(`  answered 200: ${ok.length}/${firsts.length} distinct, `
      + `${replays.filter((r) => r.status === 200).length}/${replays.length} replays; refused/failed: ${refused}`);
    const failed = [...firsts, ...replays].find((r) => r.status === 0);
    console.log(`  statuses: ${JSON.stringify(statuses)} (0: the client's fetch failed${failed
      ? `: ${failed.text}` : ''})`);
    console.log(`  stored: ${messages} messages (${distinct} distinct ids), ${calls} calls; `
      + `acknowledged but not stored (lost): ${lost}; doubled: ${messages - distinct + Math.max(0, calls - distinct)}; `
      + `replays answered differently: ${replayDiffer}`);
    console.log(`  POST latency: p50 ${ms(q(postLat, 0.5))}, p99 ${ms(q(postLat, 0.99))}, max ${ms(postLat.at(-1))}`);
    console.log(`  post → on-call screen: p50 ${ms(q(screenLat, 0.5))}, p99 ${ms(q(screenLat, 0.99))}, `
      + `max ${ms(screenLat.at(-1))}; not seen: ${notSeen}; other streams got ${received} alarm events`);
    console.log(`  load average before ${load0.map((x) => x.toFixed(2)).join(' ')}, after `
      + `${load1.map((x) => x.toFixed(2)).join(' ')} (${cpus().length} CPUs)`);
    for (const es of others) es.close();
    screen.close();
  } finally {
    srv.child.kill('SIGTERM');
    await new Promise((r) => srv.child.on('exit', r));
    db.cleanup();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
