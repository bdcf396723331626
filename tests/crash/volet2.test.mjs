// Crash test of the volet-2 steps that write several rows in one
// transaction (STYLE §7): writers take referrals through triage, the two
// evaluations, the AGGIR and a committee to the admission decision (case
// decided + referral status + a new support, one transaction); the server
// gets SIGKILL at a random moment. After a restart every acknowledged
// decision is there with its support, and no case is half-decided: a
// decision to admit has exactly its support, a decided case has its
// referral's new status, an undecided one leaves the referral in
// evaluation. `maillage audit verify` passes on the crashed database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, run } from '../http/lib/server.mjs';
import { killAfter, seeded } from './lib.mjs';

const WRITERS = 6;
const MIN_ACKED = 3;	// decisions acknowledged before the kill
const BACKEND = process.env.MAILLAGE_TEST_PG ? 'postgresql' : 'sqlite';
const { seed0, rand } = seeded();
const today = new Date().toISOString().slice(0, 10);

// One episode per loop; acked: Map caseId -> supportId of acknowledged
// decisions.
async function writer(c, md, com, w, acked, stats, stop) {
  for (let k = 0; !stop.killed; k++) {
    const step = async (cl, m, path, body) => {
      const r = await cl[m](path, body);
      if (r.status < 200 || r.status > 299) throw new Error(`${path}: ${r.status} ${r.text}`);
      return r.json;
    };
    try {
      const p = await step(c, 'post', '/api/v1/persons', { birth_name: `CRASHV${'ABCDEFGHIJ'[w % 10]}X${String(k).replace(/[0-9]/g, (d) => 'ABCDEFGHIJ'[d])}`,
        first_names: 'Test', birth_date: '1935-01-01', sex: 'F', commune_code: '48140' });
      const r = await step(c, 'post', '/api/v1/referrals', { person_id: p.id, source: 'dac',
        channel: 'telephone', reason: 'Crash test', requested_volet: 2, referrer_name: 'DAC' });
      await step(c, 'post', `/api/v1/referrals/${r.id}/triage`, { action: 'accepter' });
      await step(c, 'post', `/api/v1/referrals/${r.id}/evaluations`, { kind: 'domicile',
        done_on: today, findings: 'Visite faite.' });
      await step(md, 'post', `/api/v1/referrals/${r.id}/evaluations`, { kind: 'medicale',
        done_on: today, findings: 'Examen fait.' });
      await step(c, 'post', `/api/v1/persons/${p.id}/aggir`, { letters: 'AACCBBBBAA',
        evaluated_on: today });
      const kase = await step(c, 'post', `/api/v1/committees/${com}/cases`, { referral_id: r.id,
        team_opinion: 'Favorable' });
      const d = await step(c, 'post', `/api/v1/committees/${com}/cases/${kase.id}/decision`,
        { decision: 'admettre' });
      if (d.decision !== 'admettre' || !d.support_id) throw new Error('bad decision answer');
      acked.set(kase.id, d.support_id);
      stats.decisions++;
    } catch (e) {
      if (/fetch failed|ECONNRESET|socket|terminated|other side closed/i.test(String(e.cause || e))) {
        stats.lost++;
        return;
      }
      if (stop.killed) return;
      throw e;
    }
  }
}

test(`volet-2 decisions are whole after kill -9 (${BACKEND})`, { timeout: 120000 }, async (t) => {
  t.diagnostic(`seed ${seed0} (CRASH_SEED to replay)`);
  let server = await startServer();
  const db = server.db;
  try {
    const c = await login(server.base, 'coordination');
    const md = await login(server.base, 'medecin');
    const com = (await c.post('/api/v1/committees', { held_on: today,
      members: [{ user_id: c.user.id }, { user_id: md.user.id }] })).json.id;
    const acked = new Map();
    const stats = { decisions: 0, lost: 0 };
    const stop = { killed: false };
    const writers = Array.from({ length: WRITERS },
      (_, w) => writer(c, md, com, w, acked, stats, stop));
    const delay = 1500 + Math.floor(rand() * 2000);
    await killAfter(server, delay);
    stop.killed = true;
    await Promise.all(writers);
    t.diagnostic(`killed after ${delay} ms; ${stats.decisions} decisions acknowledged, `
      + `${stats.lost} answers lost`);
    assert.ok(stats.decisions >= MIN_ACKED, 'too few acknowledged decisions to mean anything');
    const r = run(['audit', 'verify', '--db', db.url]);
    assert.equal(r.status, 0, `audit verify failed:\n${r.stdout}${r.stderr}`);

    server = await startServer({ db, demo: false });
    const v = await login(server.base, 'coordination');
    const cases = (await v.get(`/api/v1/committees/${com}`)).json.items;
    const byId = new Map(cases.map((k) => [k.id, k]));
    const problems = [];
    for (const [kid, sid] of acked) {
      const k = byId.get(kid);
      if (!k) problems.push(`case ${kid} lost`);
      else if (k.decision !== 'admettre' || k.support_id !== sid)
        problems.push(`case ${kid}: decision ${k.decision}, support ${k.support_id}, want ${sid}`);
    }
    for (const k of cases) {
      if ((k.decision === 'admettre') !== (k.support_id !== null))
        problems.push(`case ${k.id}: decision ${k.decision} with support ${k.support_id}`);
      const want = k.decision ? 'admis' : 'evaluation';
      if (k.referral_status !== want)
        problems.push(`case ${k.id}: referral ${k.referral_status}, want ${want}`);
    }
    const active = (await v.get('/api/v1/supports?status=preparation')).json.items;
    const supported = new Set(cases.filter((k) => k.support_id).map((k) => k.support_id));
    for (const s of active) {
      if (/^CRASHV/.test(s.person.birth_name) && !supported.has(s.id))
        problems.push(`support ${s.id} without its decided case`);
    }
    assert.deepEqual(problems, [], 'half-written or lost decisions after kill -9');
    await server.stop({ keepDb: true });
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null)
      server.child.kill('SIGKILL');
    db.cleanup();
  }
});
