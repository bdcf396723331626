// The shared waiting list (issue 4 step 4; seed 004 priorities): ranked by
// the priority criteria then by date; partners it is shared with see it
// read-only, without the people who objected to sharing with them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, personIds, accesses } from './lib/util.mjs';

let srv;
const c = {};
let ids;
let dac;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'secretariat', 'ide', 'dac48', 'direction']) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
  dac = (await c.coordination.get('/api/v1/orgs?type=dac')).json.items[0];
});
after(async () => { await srv?.stop(); });

async function waitlisted(pid, over = {}) {
  const r = await c.coordination.post('/api/v1/referrals', { person_id: pid, source: 'medecin_traitant',
    channel: 'telephone', reason: 'Perte d\'autonomie', requested_volet: 2, referrer_name: 'Dr Valette',
    received_on: '2026-09-01', ...over });
  assert.equal(r.status, 201, r.text);
  const a = await c.coordination.post(`/api/v1/referrals/${r.json.id}/triage`, { action: 'accepter' });
  assert.equal(a.json.status, 'liste_attente');
  return r.json.id;
}

test('ranking: more priority criteria first, hospital discharge among equals, then date', async () => {
  // ROUSSET: caregiver present → none; oldest.
  const rousset = await waitlisted(ids.ROUSSET, { received_on: '2026-08-01' });
  // TEISSIER: exhausted caregiver (demo) + referred by the DAC.
  const teissier = await waitlisted(ids.TEISSIER, { source: 'dac', referrer_org_id: dac.id,
    received_on: '2026-10-01' });
  // MALAVAL: hospital discharge, no caregiver at all (absent).
  const malaval = await waitlisted(ids.MALAVAL, { source: 'hopital', urgent: true,
    hospital_doctor: 'Dr Martin', received_on: '2026-10-15' });
  // CHAZAL: caregiver present; isolation noted later.
  const chazal = await waitlisted(ids.CHAZAL, { received_on: '2026-09-15' });
  let r = await c.coordination.get('/api/v1/waitlist');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.file_active_target, 34);
  // Issue 11: the demo's ten waiting people (demo_cohort.c) are ranked with
  // these four, by the same rules: first these four among themselves...
  const mine = ['MALAVAL', 'TEISSIER', 'ROUSSET', 'CHAZAL'];
  const all = () => r.json.items.map((x) => x.person.birth_name);
  const order = () => all().filter((n) => mine.includes(n));
  assert.deepEqual(order(), ['MALAVAL', 'TEISSIER', 'ROUSSET', 'CHAZAL']);
  // ...then the whole list: four criteria (BASTIDE), three with the
  // hospital discharge first (COMBES), three by date, two with a discharge
  // (MALAVAL, then CAYLA received later), two by date...
  assert.deepEqual(all(), ['BASTIDE', 'COMBES', 'LAURENS', 'SOULIER', 'FALCON', 'MALAVAL', 'CAYLA', 'TEISSIER',
    'PEYTAVIN', 'DELMAS', 'JOUVE', 'ROUSSET', 'CHAZAL', 'PLANCHON']);
  assert.deepEqual(r.json.items.map((x) => x.rank), all().map((_, i) => i + 1));
  const m = r.json.items.find((x) => x.person.birth_name === 'MALAVAL');
  assert.deepEqual(m.priorities.map((p) => p.code), ['sortie_hospitalisation', 'aidant_epuise_absent']);
  assert.equal(m.rank, 6);
  assert.deepEqual(r.json.items.find((x) => x.person.birth_name === 'TEISSIER').priorities.map((p) => p.code),
    ['aidant_epuise_absent', 'oriente_par_dac']);
  // Noting unsuitable housing and isolation moves CHAZAL up.
  r = await c.coordination.patch(`/api/v1/waitlist/${chazal}`, { housing_unsuitable: true, isolation: true });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(order(), ['MALAVAL', 'CHAZAL', 'TEISSIER', 'ROUSSET']);
  assertError(await c.coordination.patch(`/api/v1/waitlist/${chazal}`, { isolation: true }), 422,
    'waitlist.housing_unsuitable.required');
  // Only referrals on the list.
  const other = await c.coordination.post('/api/v1/referrals', { person_id: ids.CROZE, source: 'aidant',
    channel: 'telephone', reason: 'x'.repeat(10), requested_volet: 2, referrer_name: 'Fils' });
  assertError(await c.coordination.patch(`/api/v1/waitlist/${other.json.id}`, { housing_unsuitable: true,
    isolation: false }), 409, 'referral.state');
  void rousset; void teissier; void malaval;
});

test('shared with the DAC: read-only, within consent, the motive only with social data; traced', async () => {
  await waitlisted(ids.BOUDON, { received_on: '2026-07-01' });	// objected to the DAC
  // The demo shares the list with the DAC (seed 002's convention).
  assert.deepEqual((await c.direction.get('/api/v1/waitlist/shares')).json.items.map((x) => x.org_id), [dac.id]);
  await c.direction.put('/api/v1/waitlist/shares', { items: [{ org_id: dac.id, role: null }] });
  assertError(await c.dac48.get('/api/v1/waitlist'), 403, 'waitlist.not_shared');
  let r = await c.direction.put('/api/v1/waitlist/shares', { items: [{ org_id: dac.id,
    role: 'Évaluation conjointe des situations complexes' }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items[0].role, 'Évaluation conjointe des situations complexes');
  r = await c.dac48.get('/api/v1/waitlist');
  assert.equal(r.status, 200, r.text);
  const names = r.json.items.map((x) => x.person.birth_name);
  assert.ok(!names.includes('BOUDON'), 'objected to the DAC');
  assert.ok(names.includes('MALAVAL'));
  // Issue 10 point 7: the motive where the DAC reads social data (its
  // circle, no objection), never elsewhere.
  assert.ok(r.json.items.every((x) => (x.reason === null) === x.criteria_hidden));
  assert.ok(r.json.items.some((x) => x.reason !== null));
  assert.ok(r.json.items.some((x) => x.reason === null));
  assert.equal(r.json.shares, undefined);
  const team = await c.coordination.get('/api/v1/waitlist');
  assert.ok(team.json.items.some((x) => x.person.birth_name === 'BOUDON'));
  assert.equal(team.json.shares.length, 1);
  // Read-only for the partner.
  assertError(await c.dac48.patch(`/api/v1/waitlist/${team.json.items[0].referral_id}`,
    { housing_unsuitable: true, isolation: true }), 403, 'role.forbidden');
  const rows = await accesses(c.coordination, ids.MALAVAL);
  assert.ok(rows.some((t) => t.action === 'waitlist.list' && t.login === 'dac48'
    && t.request_id === r.headers.get('x-request-id')));
  // Stop sharing.
  assertError(await c.direction.put('/api/v1/waitlist/shares', { items: [{ org_id: dac.id }] }), 422,
    'waitlist.role.required', 'role');
  r = await c.direction.put('/api/v1/waitlist/shares', { items: [{ org_id: dac.id, role: null }] });
  assert.deepEqual(r.json.items, []);
  assertError(await c.dac48.get('/api/v1/waitlist'), 403, 'waitlist.not_shared');
  assertError(await c.direction.put('/api/v1/waitlist/shares', { items: [{ org_id: 999999, role: 'x' }] }), 422,
    'waitlist.org_id.invalid', 'org_id');
  assertError(await c.ide.get('/api/v1/waitlist'), 403, 'role.forbidden');
});

test('evaluations (step 5): home visit, possibly joint; medical by the CRT doctor; order kept', async () => {
  const m = await login(srv.base, 'medecin');
  const rid = await waitlisted(ids.PRADAL, { received_on: '2026-10-20' });
  const ev = (cl, b) => cl.post(`/api/v1/referrals/${rid}/evaluations`, b);
  let r = await ev(c.ide, { kind: 'domicile', done_on: '2026-11-02', joint_with: 'SSIAD du Malzieu',
    findings: 'Logement isolé, escalier raide, aidant absent la semaine' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.items[0].done_by.name, 'Laure Chabert');
  assert.equal(r.json.items[0].joint_with, 'SSIAD du Malzieu');
  const w = await c.coordination.get('/api/v1/waitlist');
  assert.equal(w.json.items.find((x) => x.referral_id === rid).status, 'evaluation',
    'still on the shared list, now in evaluation');
  // The medical evaluation is medical data: a nurse may not write it, and
  // it is the CRT doctor's.
  assertError(await ev(c.ide, { kind: 'medicale', done_on: '2026-11-03', findings: 'BPCO stable' }), 422,
    'evaluation.done_by.doctor', 'done_by');
  assertError(await ev(c.ide, { kind: 'medicale', done_on: '2026-11-03', done_by: m.user.id,
    findings: 'BPCO stable' }), 403, 'access.denied');
  assertError(await ev(m, { kind: 'medicale', done_on: '2026-11-03', done_by: c.ide.user.id,
    findings: 'BPCO stable' }), 422, 'evaluation.done_by.doctor', 'done_by');
  r = await ev(m, { kind: 'medicale', done_on: '2026-11-05', with_gp: true,
    findings: 'BPCO stade 2, pas de contre-indication au maintien à domicile' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.items.map((e) => [e.kind, e.with_gp]), [['domicile', false], ['medicale', true]]);
  assertError(await ev(c.ide, { kind: 'domicile', done_on: '2026-10-01', findings: 'Avant la demande' }), 422,
    'evaluation.done_on.invalid', 'done_on');
  assertError(await ev(c.ide, { kind: 'autre', done_on: '2026-11-02', findings: 'x'.repeat(5) }), 422,
    'referral.kind.invalid', 'kind');
  // Not before the waiting list.
  const fresh = await c.coordination.post('/api/v1/referrals', { person_id: ids.VALENTIN, source: 'aidant',
    channel: 'telephone', reason: 'Demande du fils', requested_volet: 2, referrer_name: 'Fils' });
  assertError(await c.ide.post(`/api/v1/referrals/${fresh.json.id}/evaluations`, { kind: 'domicile',
    done_on: new Date().toISOString().slice(0, 10), findings: 'Trop tôt' }), 409, 'referral.state');
  // Findings are soins data: the secretariat may not read them.
  assertError(await c.secretariat.get(`/api/v1/referrals/${rid}/evaluations`), 403, 'access.denied');
  assert.equal((await m.get(`/api/v1/referrals/${rid}/evaluations`)).json.items.length, 2);
});

test('a partner sees the criteria drawn from social data only within consent; the rank stays', async () => {
  const sh = await c.direction.put('/api/v1/waitlist/shares', { items: [{ org_id: dac.id,
    role: 'Évaluation conjointe' }] });
  assert.equal(sh.status, 200, sh.text);
  const team = (await c.coordination.get('/api/v1/waitlist')).json.items;
  const t = team.find((x) => x.person.birth_name === 'TEISSIER');
  assert.ok(t.priorities.some((p) => p.code === 'aidant_epuise_absent'));
  let d = (await c.dac48.get('/api/v1/waitlist')).json.items.find((x) => x.referral_id === t.referral_id);
  assert.ok(d.priorities.some((p) => p.code === 'aidant_epuise_absent'), 'before the objection');
  // TEISSIER objects to sharing his social data with partners.
  const o = await c.coordination.post(`/api/v1/persons/${ids.TEISSIER}/objections`,
    { category: 'social', note: 'Ne pas partager la situation familiale' });
  assert.equal(o.status, 201, o.text);
  // Issue 8 point 19: no misleading score where criteria are hidden:
  // the CRT's rank, no score, and a flag the screen turns into words.
  const list = (await c.dac48.get('/api/v1/waitlist')).json;
  d = list.items.find((x) => x.referral_id === t.referral_id);
  assert.deepEqual(d.priorities.map((p) => p.code), ['oriente_par_dac']);
  assert.equal(d.score, null);
  assert.equal(d.criteria_hidden, true);
  assert.equal(d.rank, t.rank, 'the CRT\'s rank, whatever the partner sees');
  assert.equal(list.criteria_hidden, true);
});

test('partner: every row has the CRT\'s rank (people hidden by consent keep their places), a score only '
  + 'where all its criteria are shared', async () => {
  await c.direction.put('/api/v1/waitlist/shares', { items: [{ org_id: dac.id, role: 'Évaluation conjointe' }] });
  const team = (await c.coordination.get('/api/v1/waitlist')).json;
  const rankOf = new Map(team.items.map((x) => [x.referral_id, x]));
  assert.ok(team.items.every((x) => x.criteria_hidden === false && Number.isInteger(x.score)));
  assert.equal(team.criteria_hidden, false);
  // BOUDON objected to the DAC: left out of its view, still ranked.
  assert.ok(team.items.some((x) => x.person.birth_name === 'BOUDON'));
  const part = (await c.dac48.get('/api/v1/waitlist')).json;
  assert.ok(!part.items.some((x) => x.person.birth_name === 'BOUDON'));
  assert.equal(part.items.length, team.items.length - 1);
  const boudon = team.items.find((x) => x.person.birth_name === 'BOUDON').rank;
  assert.ok(part.items.some((x) => x.rank > boudon), 'someone ranked after the hidden person');
  for (const x of part.items) {
    const crt = rankOf.get(x.referral_id);
    assert.equal(x.rank, crt.rank, x.person.birth_name);
    if (x.criteria_hidden) {
      assert.equal(x.score, null, x.person.birth_name);
    } else {
      assert.equal(x.criteria_hidden, false);
      assert.equal(x.score, crt.score, x.person.birth_name);
      assert.deepEqual(x.priorities, crt.priorities);
    }
  }
  // In rank order, never a lower visible score above a higher one.
  const shown = part.items.filter((x) => x.score !== null);
  for (let i = 1; i < shown.length; i++) assert.ok(shown[i - 1].score >= shown[i].score);
  // Someone in the DAC's circle without objection: all criteria, a score.
  assert.ok(part.items.some((x) => x.criteria_hidden === false), JSON.stringify(part.items));
  assert.ok(part.items.some((x) => x.criteria_hidden === true));
});
