// The rest of the record (PRODUCT §2): usual professionals from the
// directory (GP, private nurse, pharmacy) and the consent information
// (admin); legal protection, housing, technical aids, telealarm (social).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, personIds, keys } from './lib/util.mjs';

let srv;
const c = {};
let ids;
let dir;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'secretariat', 'ide', 'dac48']) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
  const orgs = (await c.coordination.get('/api/v1/orgs')).json.items;
  const cab = orgs.find((o) => o.type === 'cabinet_medical');
  const gp = (await c.coordination.get(`/api/v1/orgs/${cab.id}`)).json.professionals[0];
  const ph = await c.coordination.post('/api/v1/orgs', { name: 'Pharmacie de la Margeride',
    type: 'pharmacie', commune_code: '48140', phone: '04 66 31 22 22' });
  dir = { gp, pharmacy: ph.json, dac: orgs.find((o) => o.type === 'dac') };
});
after(async () => { await srv?.stop(); });

test('GP and pharmacy from the directory, consent information dated and attributed', async () => {
  const pid = ids.VALENTIN;
  let r = await c.coordination.get(`/api/v1/persons/${pid}/profile`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(keys(r.json), ['consent', 'gp', 'nurse', 'pharmacy', 'social', 'updated_at']);
  assert.match(r.json.gp.name, /^(Valette|Cayrel) /, 'a demo GP');
  assert.equal(r.json.consent.informed_to, 'personne');
  assert.equal(r.json.social.legal_protection, 'aucune');
  const today = new Date().toISOString().slice(0, 10);
  r = await c.coordination.patch(`/api/v1/persons/${pid}/profile`, { gp_id: dir.gp.id,
    pharmacy_id: dir.pharmacy.id, consent_informed_on: today, consent_informed_to: 'personne',
    consent_note: 'Informé du partage avec le DAC et le SSIAD' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.gp.name, `${dir.gp.last_name} ${dir.gp.first_name}`);
  assert.equal(r.json.gp.org, dir.gp.org_name);
  assert.equal(r.json.pharmacy.name, 'Pharmacie de la Margeride');
  assert.deepEqual(r.json.consent.informed_by, { id: c.coordination.user.id, name: 'Sophie Boyer' });
  assert.equal(r.json.consent.informed_to, 'personne');
  // Directory checks.
  assertError(await c.coordination.patch(`/api/v1/persons/${pid}/profile`, { gp_id: 999999 }), 422,
    'profile.gp_id.invalid', 'gp_id');
  assertError(await c.coordination.patch(`/api/v1/persons/${pid}/profile`, { pharmacy_id: dir.dac.id }),
    422, 'profile.pharmacy_id.invalid', 'pharmacy_id');
  assertError(await c.coordination.patch(`/api/v1/persons/${pid}/profile`,
    { consent_informed_on: '2199-01-01', consent_informed_to: 'personne' }), 422,
  'profile.consent_informed_on.future');
  assertError(await c.coordination.patch(`/api/v1/persons/${pid}/profile`,
    { consent_informed_to: 'voisin' }), 422, 'profile.consent_informed_to.invalid');
  assertError(await c.coordination.patch(`/api/v1/persons/${pid}/profile`, {}), 422, 'profile.patch.empty');
  // Unsetting the GP.
  r = await c.coordination.patch(`/api/v1/persons/${pid}/profile`, { gp_id: null });
  assert.equal(r.json.gp, null);
  assert.equal(r.json.pharmacy.name, 'Pharmacie de la Margeride', 'other fields kept');
});

test('legal protection, housing, technical aids, telealarm: social data', async () => {
  const pid = ids.TEISSIER;
  let r = await c.coordination.patch(`/api/v1/persons/${pid}/profile`, { legal_protection: 'curatelle_renforcee',
    legal_representative: 'UDAF de la Lozère, 04 66 00 00 00', housing_needs: 'Salle de bain à l\'étage',
    technical_aids: 'Déambulateur, fauteuil garde-robe', telealarm: true,
    telealarm_provider: 'Présence Verte' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.social.legal_protection_label, 'Curatelle renforcée');
  assert.equal(r.json.social.telealarm, true);
  assertError(await c.coordination.patch(`/api/v1/persons/${pid}/profile`, { legal_protection: 'tutelle_x' }),
    422, 'profile.legal_protection.invalid', 'legal_protection');
  // The secretariat handles identity and administrative data only.
  r = await c.secretariat.get(`/api/v1/persons/${pid}/profile`);
  assert.equal(r.status, 200);
  assert.equal(r.json.social, null, 'no social data for the secretariat');
  assert.equal((await c.secretariat.patch(`/api/v1/persons/${pid}/profile`,
    { consent_informed_on: '2026-01-05', consent_informed_to: 'representant' })).status, 200);
  assertError(await c.secretariat.patch(`/api/v1/persons/${pid}/profile`, { telealarm: false }), 403,
    'access.denied');
  r = await c.coordination.get(`/api/v1/persons/${pid}/profile`);
  assert.equal(r.json.social.telealarm, true, 'the refused change left it');
  assert.equal(r.json.consent.informed_to, 'representant');
  assert.equal(r.json.consent.informed_by.name, 'Martine Rieutort');
  // Re-sending the same information does not change who gave it.
  r = await c.coordination.patch(`/api/v1/persons/${pid}/profile`,
    { consent_informed_on: '2026-01-05', consent_informed_to: 'representant', technical_aids: 'Canne' });
  assert.equal(r.json.consent.informed_by.name, 'Martine Rieutort');
  // A partner of the circle reads, may not write.
  assert.equal((await c.dac48.get(`/api/v1/persons/${pid}/profile`)).status, 200);
  assertError(await c.dac48.patch(`/api/v1/persons/${pid}/profile`, { telealarm: false }), 403, 'access.denied');
  assertError(await c.dac48.get(`/api/v1/persons/${ids.BOUDON}/profile`), 404, 'person.not_found');
});
