// Referrals and the DAC triage (issue 4 steps 1-2; seed 002 fiche
// réflexe): every step dated and attributed, traced, refused when out of
// order; the feedback owed to the referrer is listed until given.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, personIds, accesses, keys } from './lib/util.mjs';

let srv;
const c = {};
let ids;
let dac;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'secretariat', 'ide', 'dac48']) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
  dac = (await c.coordination.get('/api/v1/orgs?type=dac')).json.items[0];
});
after(async () => { await srv?.stop(); });

const referral = (over = {}) => ({ person_id: ids.TEISSIER, source: 'dac', channel: 'messagerie_securisee',
  reason: 'Aidante épuisée, chutes répétées, souhaite rester à domicile', requested_volet: 2,
  referrer_name: 'Julie Brunel', referrer_contact: 'accueil@dac48.mssante.fr', referrer_org_id: dac.id,
  ...over });

test('a DAC 48 referral: recorded, attributed, feedback owed, traced', async () => {
  const r = await c.secretariat.post('/api/v1/referrals', referral());
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(keys(r.json), ['channel', 'complex', 'created_at', 'created_by', 'dac', 'feedback', 'hospital_doctor',
    'id', 'person', 'reason', 'received_on', 'referrer', 'requested_volet', 'source', 'status', 'urgent']);
  assert.equal(r.json.status, 'recu');
  assert.equal(r.json.person.birth_name, 'TEISSIER');
  assert.equal(r.json.referrer.org, 'DAC de la Lozère (DAC 48)');
  assert.equal(r.json.created_by, 'Martine Rieutort');
  assert.equal(r.json.feedback.owed, true);
  assert.equal(r.json.received_on, new Date().toISOString().slice(0, 10));
  const owed = await c.coordination.get('/api/v1/referrals?feedback_due=1');
  assert.ok(owed.json.items.some((x) => x.id === r.json.id));
  const rows = await accesses(c.coordination, ids.TEISSIER);
  assert.ok(rows.some((t) => t.action === 'referral.create' && t.login === 'secretariat'));
  // Urgent hospital discharges come first in the list.
  const u = await c.coordination.post('/api/v1/referrals', referral({ person_id: ids.MALAVAL,
    source: 'hopital', channel: 'viatrajectoire', urgent: true, hospital_doctor: 'Dr Martin, CH Mende',
    referrer_org_id: null, referrer_name: 'Service de médecine, CH Mende' }));
  assert.equal(u.status, 201, u.text);
  const all = await c.coordination.get('/api/v1/referrals');
  assert.equal(all.json.items[0].id, u.json.id);
});

test('a referral for someone new: create the person (duplicate check), then the referral', async () => {
  const p = await c.coordination.post('/api/v1/persons', { birth_name: 'FAGES', first_names: 'Louise',
    birth_date: '1937-02-11', sex: 'F', commune_code: '48188' });
  assert.equal(p.status, 201, p.text);
  assert.deepEqual(p.json.possible_duplicates, []);
  const r = await c.coordination.post('/api/v1/referrals', referral({ person_id: p.json.id, source: 'aidant',
    channel: 'telephone', referrer_org_id: null, referrer_name: 'Mme Fages (fille)' }));
  assert.equal(r.status, 201, r.text);
});

test('bad referrals are refused with a clear French error', async () => {
  const post = (o) => c.coordination.post('/api/v1/referrals', referral(o));
  assertError(await post({ reason: undefined }), 422, 'referral.reason.required', 'reason');
  assertError(await post({ source: 'voisin' }), 422, 'referral.source.invalid', 'source');
  assertError(await post({ channel: 'fax' }), 422, 'referral.channel.invalid', 'channel');
  assertError(await post({ requested_volet: 3 }), 422, 'referral.requested_volet.range', 'requested_volet');
  assertError(await post({ hospital_doctor: 'Dr X' }), 422, 'referral.hospital_doctor.source', 'hospital_doctor');
  assertError(await post({ received_on: '2199-01-01' }), 422, 'referral.received_on.future', 'received_on');
  assertError(await post({ referrer_org_id: 999999 }), 422, 'referral.referrer_org_id.invalid', 'referrer_org_id');
  assertError(await post({ person_id: 999999 }), 404, 'person.not_found');
  assertError(await c.ide.post('/api/v1/referrals', referral()), 403, 'role.forbidden');
  assertError(await c.dac48.get('/api/v1/referrals'), 403, 'role.forbidden');
});

test('triage with the DAC: orientation, answer, feedback; out-of-order steps refused', async () => {
  const r = await c.coordination.post('/api/v1/referrals', referral({ person_id: ids.VALENTIN }));
  const id = r.json.id;
  const step = (action, text) => c.coordination.post(`/api/v1/referrals/${id}/triage`, { action, text });
  assertError(await step('reponse_dac', 'Accord'), 409, 'referral.state');
  assertError(await step('orienter_dac'), 422, 'referral.text.required', 'text');
  let s = await step('complexe');
  assert.equal(s.json.complex, true);
  s = await step('orienter_dac', 'Situation complexe multidimensionnelle : isolement et refus de soins');
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.status, 'oriente_dac');
  assert.equal(s.json.dac.oriented_by, 'Sophie Boyer');
  assert.match(s.json.dac.oriented_at, /^\d{4}-/);
  assertError(await step('accepter'), 409, 'referral.state');
  s = await step('reponse_dac', 'Le DAC prend la coordination, réévaluation à 3 mois');
  assert.equal(s.json.dac.answer, 'Le DAC prend la coordination, réévaluation à 3 mois');
  assertError(await step('reponse_dac', 'Encore'), 409, 'referral.state');
  s = await step('retour', 'Retour fait au DAC par SPICO Discussions');
  assert.equal(s.json.feedback.owed, false);
  assert.equal(s.json.feedback.by, 'Sophie Boyer');
  assert.equal(s.json.dac.oriented_by, 'Sophie Boyer', 'earlier authors kept');
  assertError(await step('retour', 'Bis'), 409, 'referral.state');
  const owed = await c.coordination.get('/api/v1/referrals?feedback_due=1');
  assert.ok(!owed.json.items.some((x) => x.id === id));
  assertError(await step('voler'), 422, 'referral.action.invalid', 'action');
  // Once the DAC has answered, it may send the situation back to the CRT's list.
  s = await step('accepter');
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.status, 'liste_attente');
  const rows = await accesses(c.coordination, ids.VALENTIN);
  assert.ok(rows.some((t) => t.action === 'referral.orienter_dac' && t.outcome === 'ok'));
  // Accepting for the waiting list, and its limits.
  const a = await c.coordination.post('/api/v1/referrals', referral({ person_id: ids.CROZE }));
  const acc = await c.coordination.post(`/api/v1/referrals/${a.json.id}/triage`, { action: 'accepter' });
  assert.equal(acc.json.status, 'liste_attente');
  const v1 = await c.coordination.post('/api/v1/referrals', referral({ person_id: ids.CROZE, requested_volet: 1 }));
  assertError(await c.coordination.post(`/api/v1/referrals/${v1.json.id}/triage`, { action: 'accepter' }), 409,
    'referral.state');
  assert.equal((await c.coordination.get('/api/v1/referrals?status=liste_attente')).json.items
    .filter((x) => x.person.id === ids.CROZE).length, 1);
  assertError(await c.coordination.get('/api/v1/referrals?status=perdu'), 422, 'referrals.status.invalid');
  assertError(await c.coordination.get('/api/v1/referrals/999999'), 404, 'referral.not_found');
});

test('the referrals of one person; the secretariat reads the referrals it records', async () => {
  const r = await c.secretariat.post('/api/v1/referrals', referral({ person_id: ids.PRADAL }));
  assert.equal(r.status, 201, r.text);
  const one = await c.secretariat.get(`/api/v1/referrals/${r.json.id}`);
  assert.equal(one.status, 200, one.text);
  const mine = await c.coordination.get(`/api/v1/referrals?person_id=${ids.PRADAL}`);
  assert.ok(mine.json.items.length >= 1);
  assert.ok(mine.json.items.every((x) => x.person.id === ids.PRADAL));
  assert.ok(mine.json.items.some((x) => x.id === r.json.id));
  assertError(await c.coordination.get('/api/v1/referrals?person_id=abc'), 422, 'query.person_id.invalid',
    'person_id');
});
