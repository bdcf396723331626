// The DAC's own work (issue 10 point 7): the DAC's user sees the referrals
// oriented to its organisation (the orientation names the CRT's DAC and
// puts it in the person's circle), answers each once (taken or not with a
// reason, a joint evaluation proposed on a date), traced, within consent;
// another partner sees none; the demo shares the waiting list with the
// DAC as seed 002's convention does, with the motive within consent.
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
  for (const a of ['coordination', 'direction', 'admin', 'dac48', 'ide']) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
  dac = (await c.coordination.get('/api/v1/orgs?type=dac')).json.items[0];
});
after(async () => { await srv?.stop(); });

const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

async function oriented(pid) {
  const r = await c.coordination.post('/api/v1/referrals', { person_id: pid, source: 'aidant',
    channel: 'telephone', reason: 'Situation complexe : refus d\'aide et isolement', requested_volet: 2,
    referrer_name: 'Voisin' });
  assert.equal(r.status, 201, r.text);
  const o = await c.coordination.post(`/api/v1/referrals/${r.json.id}/triage`,
    { action: 'orienter_dac', text: 'Situation multidimensionnelle' });
  assert.equal(o.status, 200, o.text);
  return r.json.id;
}

test('the demo: MALAVAL oriented to the DAC is listed for the DAC and her record opens', async () => {
  const r = await c.dac48.get('/api/v1/dac/referrals');
  assert.equal(r.status, 200, r.text);
  const m = r.json.items.find((x) => x.birth_name === 'MALAVAL');
  assert.ok(m, 'the demo referral oriented to the DAC');
  assert.equal(m.status, 'oriente_dac');
  assert.equal(m.taken, null);
  assert.match(m.reason, /Conflit familial/);
  assert.match(m.oriented_reason, /évaluation par le DAC/);
  const p = await c.dac48.get(`/api/v1/persons/${ids.MALAVAL}`);
  assert.equal(p.status, 200, p.text);
  assert.ok(p.json.circle.some((x) => x.org_id === dac.id));
  // The team has no such list; the route is the partner's.
  assertError(await c.coordination.get('/api/v1/dac/referrals'), 403, 'role.forbidden');
  assertError(await c.ide.get('/api/v1/dac/referrals'), 403, 'role.forbidden');
});

test('the demo shares the waiting list with the DAC (seed 002), the motive within consent', async () => {
  const team = await c.direction.get('/api/v1/waitlist/shares');
  assert.equal(team.status, 200, team.text);
  assert.deepEqual(team.json.items.map((s) => s.org_id), [dac.id]);
  // A person on the list the DAC follows (circle): motive shown; one it
  // does not follow: identity only, no motive.
  for (const [pid, reason] of [[ids.ROUSSET, 'Chutes à domicile'], [ids.CHAZAL, 'Fatigue du fils']]) {
    const r = await c.coordination.post('/api/v1/referrals', { person_id: pid, source: 'medecin_traitant',
      channel: 'telephone', reason, requested_volet: 2, referrer_name: 'Dr Valette' });
    assert.equal(r.status, 201, r.text);
    await c.coordination.post(`/api/v1/referrals/${r.json.id}/triage`, { action: 'accepter' });
  }
  const r = await c.dac48.get('/api/v1/waitlist');
  assert.equal(r.status, 200, r.text);
  const row = (n) => r.json.items.find((x) => x.person.birth_name === n);
  assert.equal(row('ROUSSET').reason, 'Chutes à domicile');
  assert.equal(row('ROUSSET').criteria_hidden, false);
  assert.equal(row('CHAZAL').reason, null);
  assert.equal(row('CHAZAL').criteria_hidden, true);
  const rows = await accesses(c.coordination, ids.ROUSSET);
  assert.ok(rows.some((t) => t.action === 'waitlist.list' && t.login === 'dac48'
    && t.categories.includes('social')), JSON.stringify(rows.slice(0, 3)));
});

test('the DAC answers once: taken, with a joint evaluation; traced; the CRT then waitlists', async () => {
  const id = await oriented(ids.PRADAL);
  assertError(await c.dac48.post(`/api/v1/dac/referrals/${id}/answer`, { taken: false }), 422,
    'dac.reason.required', 'text');
  assertError(await c.dac48.post(`/api/v1/dac/referrals/${id}/answer`, { taken: true,
    joint_eval_on: inDays(-5) }), 422, 'dac.joint_eval_on.invalid', 'joint_eval_on');
  assertError(await c.dac48.post(`/api/v1/dac/referrals/${id}/answer`, {}), 422, 'referral.taken.required', 'taken');
  const when = inDays(10);
  const r = await c.dac48.post(`/api/v1/dac/referrals/${id}/answer`, { taken: true,
    text: 'Référente de parcours : Julie Brunel', joint_eval_on: when });
  assert.equal(r.status, 200, r.text);
  const a = r.json.items.find((x) => x.id === id);
  assert.equal(a.taken, true);
  assert.equal(a.joint_eval_on, when);
  assert.equal(a.answered_by, 'Julie Brunel');
  assert.match(a.answer, /^Prise en charge par le DAC : Référente de parcours/);
  assertError(await c.dac48.post(`/api/v1/dac/referrals/${id}/answer`, { taken: false, text: 'Non' }), 409,
    'referral.state');
  const crt = await c.coordination.get(`/api/v1/referrals/${id}`);
  assert.match(crt.json.dac.answer, /Évaluation conjointe proposée le/);
  const rows = await accesses(c.coordination, ids.PRADAL);
  assert.ok(rows.some((t) => t.action === 'dac.referral.answer' && t.login === 'dac48' && t.grant === 'normal'));
  assert.ok(rows.some((t) => t.action === 'dac.referral.answered' && t.login === 'dac48'));
  const w = await c.coordination.post(`/api/v1/referrals/${id}/triage`, { action: 'accepter' });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.status, 'liste_attente');
});

test('not taken, with its reason; consent: a person who objected to the DAC is not shown', async () => {
  const id = await oriented(ids.CROZE);
  const r = await c.dac48.post(`/api/v1/dac/referrals/${id}/answer`, { taken: false,
    text: 'Ne relève pas d\'un appui à la coordination' });
  assert.equal(r.status, 200, r.text);
  const a = r.json.items.find((x) => x.id === id);
  assert.equal(a.taken, false);
  assert.equal(a.joint_eval_on, null);
  // BOUDON objected to the DAC: oriented, she stays hidden from it.
  const hid = await oriented(ids.BOUDON);
  const l = await c.dac48.get('/api/v1/dac/referrals');
  assert.ok(!l.json.items.some((x) => x.id === hid));
  assert.ok(!l.json.items.some((x) => x.birth_name === 'BOUDON'));
  assertError(await c.dac48.post(`/api/v1/dac/referrals/${hid}/answer`, { taken: true }), 404,
    'referral.not_found');
  assertError(await c.dac48.post('/api/v1/dac/referrals/999999/answer', { taken: true }), 404,
    'referral.not_found');
  const rows = await accesses(c.coordination, ids.BOUDON);
  assert.ok(rows.some((t) => t.action === 'dac.referral.list' && t.login === 'dac48' && t.grant === 'denied'));
});

test('another partner organisation sees none of the DAC\'s referrals and cannot answer', async () => {
  const ssiad = (await c.coordination.get('/api/v1/orgs?type=ssiad')).json.items[0];
  const req = await c.admin.post('/api/v1/users', { login: 'ssiad1', display_name: 'Hélène Crouzet',
    role: 'partenaire', profession: 'coordinateur_parcours', org_id: ssiad.id });
  assert.equal(req.status, 202, req.text);
  const ok = await c.coordination.post(`/api/v1/account-requests/${req.json.request.id}/approve`, {});
  assert.equal(ok.status, 200, ok.text);
  const first = await login(srv.base, 'ssiad1', ok.json.password);
  const ch = await first.put('/api/v1/session/password', { current: ok.json.password,
    new: 'Tisane-de-verveine-au-jardin' });
  assert.equal(ch.status, 204, ch.text);
  const other = await login(srv.base, 'ssiad1', 'Tisane-de-verveine-au-jardin');
  const r = await other.get('/api/v1/dac/referrals');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items, []);
  const id = await oriented(ids.TEISSIER);
  assertError(await other.post(`/api/v1/dac/referrals/${id}/answer`, { taken: true }), 404,
    'referral.not_found');
  assertError(await other.get('/api/v1/waitlist'), 403, 'waitlist.not_shared');
});
