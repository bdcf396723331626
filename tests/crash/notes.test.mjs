// Crash test of the liaison notebook (issue 12 review): writers post
// notes (free text and D/A/R, some « à prendre en compte »), correct
// their own, read and acknowledge the others' vigilance notes, while the
// server gets SIGKILL at a random moment. After a restart every
// acknowledged note is there with its text, category and flag, every
// acknowledged correction is linked to the note it corrects, every
// acknowledged acknowledgement is recorded, each note has its
// `note.posted` event (written in the same transaction), and `maillage
// audit verify` passes on the crashed database. Runs on SQLite, and on
// PostgreSQL under tools/with-pg.sh (make check-crash).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, run } from '../http/lib/server.mjs';
import { sql } from '../http/lib/util.mjs';
import { killAfter, seeded } from './lib.mjs';

const MIN_ACKED = 20;	// notes acknowledged before the kill
const BACKEND = process.env.MAILLAGE_TEST_PG ? 'postgresql' : 'sqlite';
const { seed0, rand } = seeded();

const lostAnswer = (e) => /fetch failed|ECONNRESET|socket|terminated|other side closed/i.test(String(e.cause || e));

// One writer: `who` writes `category` notes on person `pid`; every third
// one corrected by her, every vigilance note of the others read and
// acknowledged. acked: the server's answers (the truth to find again).
async function writer(cl, who, pid, category, acked, stop) {
  for (let k = 0; !stop.killed; k++) {
    try {
      const vigilance = k % 4 === 0;
      const dar = k % 5 === 2;
      const body = dar
        ? { category, kind: 'dar', target: `Cible ${who} ${k}`, data: `Données ${who} ${k}`,
          actions: `Actions ${who} ${k}`, results: `Résultats ${who} ${k}`, vigilance }
        : { category, body: `Note ${who} n° ${k} sur la personne ${pid}.`, vigilance };
      let r = await cl.post(`/api/v1/persons/${pid}/notes`, body);
      if (r.status !== 201) throw new Error(`note: ${r.status} ${r.text}`);
      acked.notes.set(r.json.id, { ...body, kind: dar ? 'dar' : 'text', pid, by: cl.user.id });
      if (k % 3 === 1) {
        const fix = { category, body: `Correction ${who} n° ${k}.` };
        const c2 = await cl.post(`/api/v1/notes/${r.json.id}/corrections`, fix);
        if (c2.status !== 201) throw new Error(`correction: ${c2.status} ${c2.text}`);
        // The correction of a vigilance note is one too (review F5).
        acked.notes.set(c2.json.id, { ...fix, kind: 'text', vigilance, pid, by: cl.user.id });
        acked.corrections.set(c2.json.id, r.json.id);
      }
      // The others' vigilance notes of this person: read, acknowledged.
      const other = [...acked.notes].find(([id, n]) => n.pid === pid && n.vigilance && n.by !== cl.user.id
        && !acked.acks.has(`${id}:${cl.user.id}`) && n.readable?.includes(who));
      if (other) {
        r = await cl.post(`/api/v1/notes/${other[0]}/ack`, {});
        if (r.status === 200) acked.acks.add(`${other[0]}:${cl.user.id}`);
        else if (r.status !== 409) throw new Error(`ack: ${r.status} ${r.text}`);
      }
    } catch (e) {
      if (lostAnswer(e)) return;
      if (stop.killed) return;
      throw e;
    }
  }
}

test(`every acknowledged note is there after kill -9 (${BACKEND})`, { timeout: 120000 }, async (t) => {
  t.diagnostic(`seed ${seed0} (CRASH_SEED to replay)`);
  let server = await startServer();
  const db = server.db;
  try {
    const cl = {};
    for (const a of ['aide', 'ide', 'medecin', 'coordination']) cl[a] = await login(server.base, a);
    const [[pid]] = sql(db, `SELECT id FROM person WHERE birth_name = 'ROUSSET'`);
    const person = Number(pid);
    const acked = { notes: new Map(), corrections: new Map(), acks: new Set() };
    // Who may acknowledge whose vigilance notes (the categories each reads).
    const plan = [['aide', 'vie_quotidienne', ['ide', 'medecin', 'coordination']],
      ['ide', 'soins', ['aide', 'medecin', 'coordination']],
      ['medecin', 'medical', ['ide']],
      ['coordination', 'social', ['aide', 'ide', 'medecin']]];
    const orig = acked.notes.set.bind(acked.notes);
    acked.notes.set = (id, n) => orig(id, { ...n, readable: plan.find((p) => p[1] === n.category)?.[2] });
    const stop = { killed: false };
    const writers = plan.map(([who, category]) => writer(cl[who], who, person, category, acked, stop));
    const delay = 1500 + Math.floor(rand() * 2000);
    await killAfter(server, delay);
    stop.killed = true;
    await Promise.all(writers);
    t.diagnostic(`killed after ${delay} ms; ${acked.notes.size} notes, ${acked.corrections.size} corrections, `
      + `${acked.acks.size} acknowledgements acknowledged`);
    assert.ok(acked.notes.size >= MIN_ACKED, 'too few acknowledged notes to mean anything');
    const r = run(['audit', 'verify', '--db', db.url]);
    assert.equal(r.status, 0, `audit verify failed:\n${r.stdout}${r.stderr}`);

    // What the database holds after the crash (read as it is, then
    // through a restarted server).
    const rows = new Map(sql(db, `SELECT id, category, kind, COALESCE(body, ''), COALESCE(target, ''), `
      + `COALESCE(data, ''), COALESCE(actions, ''), COALESCE(results, ''), vigilance, COALESCE(corrects_id, 0), `
      + `created_by FROM note WHERE person_id = ${person}`).map((x) => [Number(x[0]), x]));
    const posted = new Set(sql(db, `SELECT ref_id FROM event WHERE type = 'note.posted'`).map((x) => Number(x[0])));
    const acks = new Set(sql(db, 'SELECT note_id, user_id FROM note_ack').map((x) => `${x[0]}:${x[1]}`));
    const problems = [];
    for (const [id, n] of acked.notes) {
      const x = rows.get(id);
      if (!x) {
        problems.push(`note ${id} lost`);
        continue;
      }
      const want = n.kind === 'dar'
        ? [n.category, 'dar', '', n.target, n.data, n.actions, n.results]
        : [n.category, 'text', n.body, '', '', '', ''];
      if (JSON.stringify(x.slice(1, 8)) !== JSON.stringify(want)) problems.push(`note ${id}: ${x.slice(1, 8)}`);
      if (Number(x[8]) !== (n.vigilance ? 1 : 0)) problems.push(`note ${id}: vigilance ${x[8]}`);
      if (Number(x[10]) !== n.by) problems.push(`note ${id}: author ${x[10]}`);
      if (!posted.has(id)) problems.push(`note ${id} without its note.posted event`);
    }
    for (const [id, of] of acked.corrections) {
      if (rows.get(id) && Number(rows.get(id)[9]) !== of) problems.push(`correction ${id} not linked to ${of}`);
    }
    for (const a of acked.acks) if (!acks.has(a)) problems.push(`acknowledgement ${a} lost`);
    // And nothing half-written: every note there has its event.
    for (const id of rows.keys()) if (!posted.has(id)) problems.push(`note ${id} without its event`);
    assert.deepEqual(problems, [], 'lost or half-written notes after kill -9');

    server = await startServer({ db, demo: false });
    const v = await login(server.base, 'medecin');
    // The restarted server lists them all (the doctor reads every
    // category): what the table holds is what the notebook shows.
    const list = (await v.get(`/api/v1/persons/${person}/notes?limit=1`)).json;
    assert.equal(list.total, rows.size);
    await server.stop({ keepDb: true });
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null)
      server.child.kill('SIGKILL');
    db.cleanup();
  }
});
