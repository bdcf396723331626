// Volet-2 eligibility (DOMAIN §3, issue 4 step 3), computed and shown with
// its reasons: age ≥ 60, GIR 1-4 from the latest AGGIR, commune in the
// volet-2 territory, none of the CRT's exclusion criteria (data).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, personIds, accesses, keys } from './lib/util.mjs';

let srv;
const c = {};
let ids;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'direction', 'secretariat', 'ide']) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
});
after(async () => { await srv?.stop(); });

const elig = async (pid, cl = c.coordination) => {
  const r = await cl.get(`/api/v1/persons/${pid}/eligibility`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const reason = (e, code) => e.reasons.find((r) => r.code === code);

test('the demo criteria are CRT Nord Lozère\'s exclusion criteria (seed 002)', async () => {
  const r = await c.ide.get('/api/v1/eligibility/criteria');
  assert.deepEqual(r.json.items.map((x) => x.code), ['errance', 'refus_contrat', 'refus_teleassistance']);
  assert.ok(r.json.items.every((x) => x.active));
});

test('reasons: age, GIR, territory, exclusions; eligible only when all hold', async () => {
  const pid = ids.TEISSIER;
  let e = await elig(pid);
  assert.deepEqual(keys(e), ['age', 'aggir', 'eligible', 'exclusions', 'gir', 'reasons']);
  // PRODUCT §3 step 5: the AGGIR is to do when missing or older than the CRT's limit.
  assert.deepEqual(e.aggir, { evaluated_on: null, valid_months: 12, to_redo: true });
  assert.equal(e.eligible, false);
  assert.equal(reason(e, 'age').ok, true);
  assert.match(reason(e, 'age').label, /^Âge : 9\d ans/);
  assert.equal(reason(e, 'gir').ok, false, 'no AGGIR yet');
  assert.match(reason(e, 'gir').label, /Aucune évaluation AGGIR/);
  assert.equal(reason(e, 'territory').ok, true);
  assert.match(reason(e, 'territory').label, /Le Malzieu-Ville, dans le territoire du volet 2/);
  let r = await c.coordination.post(`/api/v1/persons/${pid}/aggir`, { letters: 'AACCBBBBAA',
    evaluated_on: '2026-10-01' });
  assert.equal(r.status, 201, r.text);
  e = await elig(pid);
  assert.equal(e.gir, 3);
  const limit = new Date();
  limit.setUTCFullYear(limit.getUTCFullYear() - 1);
  assert.deepEqual(e.aggir, { evaluated_on: '2026-10-01', valid_months: 12,
    to_redo: '2026-10-01' < limit.toISOString().slice(0, 10) });
  assert.equal(e.eligible, true, JSON.stringify(e.reasons));
  // An exclusion criterion noted for the person.
  r = await c.coordination.put(`/api/v1/persons/${pid}/exclusions`,
    { items: [{ code: 'refus_teleassistance', applies: true, note: 'Refuse le médaillon' }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.eligible, false);
  const x = r.json.exclusions.find((y) => y.code === 'refus_teleassistance');
  assert.deepEqual([x.applies, x.noted_by, x.note], [true, 'Sophie Boyer', 'Refuse le médaillon']);
  assert.equal(reason(r.json, 'exclusion.refus_teleassistance').ok, false);
  r = await c.coordination.put(`/api/v1/persons/${pid}/exclusions`,
    { items: [{ code: 'refus_teleassistance', applies: false }] });
  assert.equal(r.json.eligible, true);
  // GIR 5 or 6 is not eligible; the latest evaluation counts.
  await c.coordination.post(`/api/v1/persons/${pid}/aggir`, { letters: 'AABAAAAAAA', evaluated_on: '2026-11-01' });
  e = await elig(pid);
  assert.deepEqual([e.gir, e.eligible, reason(e, 'gir').ok], [5, false, false]);
  // Out of the volet-2 territory.
  await c.coordination.patch(`/api/v1/persons/${ids.CROZE}`, { commune_code: '48095' });
  e = await elig(ids.CROZE);
  assert.equal(reason(e, 'territory').ok, false);
  assert.equal(reason(e, 'territory').label, 'Commune : Mende, hors du territoire du volet 2');
});

test('under 60 is not eligible; the CRT edits its criteria; refusals and traces', async () => {
  const p = await c.coordination.post('/api/v1/persons', { birth_name: 'JEUNE', first_names: 'Paul',
    birth_date: '1975-05-05', sex: 'M', commune_code: '48140' });
  const e = await elig(p.json.id);
  assert.equal(reason(e, 'age').ok, false);
  let r = await c.direction.put('/api/v1/eligibility/criteria', { items: [{ code: 'refus_contrat',
    label: 'Refuse un accompagnement contractualisé', active: false }, { code: 'alcoolisation',
    label: 'Alcoolisation non prise en charge', active: true }] });
  assert.equal(r.status, 200, r.text);
  r = await elig(ids.ROUSSET);
  assert.deepEqual(r.exclusions.map((x) => x.code), ['errance', 'refus_teleassistance', 'alcoolisation'],
    'inactive criteria no longer count');
  assertError(await c.direction.put('/api/v1/eligibility/criteria',
    { items: [{ code: 'Bad Code', label: 'Un libellé', active: true }] }), 422, 'eligibility.code.invalid',
  'code');
  assertError(await c.ide.put('/api/v1/eligibility/criteria', { items: [] }), 403, 'role.forbidden');
  assertError(await c.coordination.put(`/api/v1/persons/${ids.ROUSSET}/exclusions`,
    { items: [{ code: 'inconnu', applies: true }] }), 422, 'exclusion.code.invalid', 'code');
  // The secretariat reads no soins: neither GIR nor eligibility.
  assertError(await c.secretariat.get(`/api/v1/persons/${ids.ROUSSET}/eligibility`), 403, 'access.denied');
  const rows = await accesses(c.coordination, ids.ROUSSET);
  assert.ok(rows.some((t) => t.action === 'eligibility.read' && t.login === 'secretariat'
    && t.outcome === 'denied'));
});
