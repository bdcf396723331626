// Crash test (STYLE §7): a write acknowledged to a client survives kill -9.
//
// Rounds: N concurrent writers create persons (POST /api/v1/persons) and
// update their notes (PATCH /api/v1/persons/{id}); every 2xx whose body was
// fully received is recorded. After a random delay the server gets SIGKILL;
// `maillage audit verify` must pass on the crashed database; a new server on
// the same database must then return every acknowledged person with its
// identity, and for every person the last acknowledged note or a later one
// of the same person (a write whose answer was lost may or may not be there).
//
// The same file runs on SQLite (default) and PostgreSQL (MAILLAGE_TEST_PG,
// see tools/with-pg.sh). No timed asserts; only the kill time is random.
//
// Scope: kill -9 is a process crash; the OS page cache survives it, so this
// proves that an answer is sent only after COMMIT and that recovery keeps
// the data and the trace chain, not fsync (power loss is synchronous=FULL's
// and fsync=on's job). The test can fail: a writer built to resume the
// connections of a batch before its COMMIT loses acknowledged notes and
// persons here on both backends; the self-check at the end also feeds the
// checker a person and a note that were never stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, run } from '../http/lib/server.mjs';
import { killAfter, seeded } from './lib.mjs';

const WRITERS = 8;
const ROUNDS = 3;
const PATCHES_PER_PERSON = 3;
const MIN_ACKED = 10;	// a round that acknowledged fewer proves nothing
const BACKEND = process.env.MAILLAGE_TEST_PG ? 'postgresql' : 'sqlite';
// CRASH_SEED=n replays a run's kill delays.
const { seed0, rand } = seeded();

// A tag as a name: upper case, each digit a letter (0 → A … 9 → J).
function letters(tag) {
  return tag.toUpperCase().replace(/[0-9]/g, (d) => 'ABCDEFGHIJ'[d]);
}

// acked: Map id -> {name, note: last acknowledged note seq (0: none), tag}
async function writer(c, w, round, acked, stats, stop) {
  let k = 0;
  while (!stop.killed) {
    const tag = `r${round}w${w}p${k++}`;
    // Names are letters only (identity allow list): digits become A-J.
    const name = `CRASH${letters(tag)}`;
    let r;
    try {
      r = await c.post('/api/v1/persons', { birth_name: name,
        first_names: 'Test', birth_date: '1940-01-01', sex: 'F' });
    } catch { stats.lost++; return; }	// server gone: the answer was lost
    if (r.status < 200 || r.status > 299 || !r.json || !r.json.id) {
      stats.refused++;
      continue;
    }
    const id = r.json.id;
    const p = { name, note: 0, tag };
    acked.set(id, p);
    stats.creates++;
    for (let n = 1; n <= PATCHES_PER_PERSON && !stop.killed; n++) {
      try {
        r = await c.patch(`/api/v1/persons/${id}`,
          { data: { soins: `note ${tag} ${n}` } });
      } catch { stats.lost++; return; }
      if (r.status >= 200 && r.status <= 299 && r.json &&
          r.json.data && r.json.data.soins === `note ${tag} ${n}`) {
        p.note = n;
        stats.patches++;
      } else {
        stats.refused++;
        break;
      }
    }
  }
}

// Returns a list of problems: acknowledged data not found on the server.
async function findLoss(c, acked) {
  const problems = [];
  // 1. Every acknowledged person is listed by the search.
  const listed = new Map();
  for (let offset = 0; ; offset += 200) {
    const r = await c.get(`/api/v1/persons?q=crash&limit=200&offset=${offset}`);
    if (r.status !== 200) { problems.push(`list: HTTP ${r.status}`); break; }
    for (const it of r.json.items) listed.set(it.id, it.birth_name);
    if (r.json.items.length < 200) break;
  }
  // 2. Each one, read by id, has its identity and its note.
  const ids = [...acked.keys()];
  let next = 0;
  async function reader() {
    while (next < ids.length) {
      const id = ids[next++];
      const p = acked.get(id);
      if (listed.get(id) !== p.name)
        problems.push(`person ${id} (${p.name}) missing from the list`);
      const r = await c.get(`/api/v1/persons/${id}`);
      if (r.status !== 200) {
        problems.push(`person ${id} (${p.name}): GET ${r.status}`);
        continue;
      }
      if (r.json.birth_name !== p.name)
        problems.push(`person ${id}: name ${r.json.birth_name}, want ${p.name}`);
      if (p.note > 0) {
        const m = /^note (\S+) (\d+)$/.exec(r.json.data?.soins ?? '');
        if (!m || m[1] !== p.tag || Number(m[2]) < p.note)
          problems.push(`person ${id}: note "${r.json.data?.soins}", ` +
            `acknowledged "note ${p.tag} ${p.note}"`);
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, reader));
  return problems;
}

function auditVerify(db) {
  const r = run(['audit', 'verify', '--db', db.url]);
  assert.equal(r.status, 0, `audit verify failed:\n${r.stdout}${r.stderr}`);
}

test(`acknowledged writes survive kill -9 (${BACKEND})`, { timeout: 120000 },
  async (t) => {
    t.diagnostic(`seed ${seed0} (CRASH_SEED to replay)`);
    const acked = new Map();
    let server = await startServer();
    const db = server.db;
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        const c = await login(server.base, 'coordination');
        const stats = { creates: 0, patches: 0, refused: 0, lost: 0 };
        const stop = { killed: false };
        const writers = Array.from({ length: WRITERS },
          (_, w) => writer(c, w, round, acked, stats, stop));
        const delay = 200 + Math.floor(rand() * 1300);
        // SIGKILL from another process, so that the moment does not depend
        // on where this (busy) event loop is: requests are then in flight.
        await killAfter(server, delay);
        stop.killed = true;
        await Promise.all(writers);
        t.diagnostic(`round ${round}: killed after ${delay} ms; acknowledged ` +
          `${stats.creates} creates, ${stats.patches} patches; ` +
          `${stats.lost} answers lost, ${stats.refused} refused`);
        assert.ok(stats.creates + stats.patches >= MIN_ACKED,
          'too few acknowledged writes for the round to mean anything');
        // The chain of the crashed database, before any restart repairs it.
        auditVerify(db);
        server = await startServer({ db, demo: false });
        const v = await login(server.base, 'coordination');
        const problems = await findLoss(v, acked);
        assert.deepEqual(problems, [], 'acknowledged writes lost after kill -9');
      }
      // Self-check: the checker sees a loss. A fake acknowledged person that
      // was never created, and a note newer than the one stored.
      const v = await login(server.base, 'coordination');
      const [someId, some] = [...acked].find(([, p]) => p.note > 0) ||
        [...acked][0];
      const fake = new Map([
        [999999999, { name: 'CRASHFAKE', note: 0, tag: 'fake' }],
        [someId, { ...some, note: PATCHES_PER_PERSON + 1 }],
      ]);
      const caught = await findLoss(v, fake);
      assert.ok(caught.some((s) => s.startsWith('person 999999999')),
        'the checker missed a lost person: ' + caught.join('; '));
      assert.ok(caught.some((s) => s.startsWith(`person ${someId}: note`)),
        'the checker missed a lost note: ' + caught.join('; '));
      await server.stop({ keepDb: true });
      auditVerify(db);
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null)
        server.child.kill('SIGKILL');
      db.cleanup();
    }
  });
