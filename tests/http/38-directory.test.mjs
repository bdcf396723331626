// The shared directory (PRODUCT §4): partner organisations with FINESS,
// address, phone, secure-mail address; their professionals (RPPS); the
// conventions signed with each (dates, duration, tacit renewal, yearly
// review); the dashboard of conventions due and of mandatory partner types
// (seed 001 checklist) still missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, keys } from './lib/util.mjs';

const ORG_KEYS = ['address', 'archived', 'commune_code', 'commune_name', 'created_at', 'email',
  'finess', 'id', 'is_self', 'mssante', 'name', 'phone', 'type', 'type_label', 'updated_at'];
let srv;
const c = {};
let orgs;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'direction', 'ide', 'dac48', 'secretariat']) c[a] = await login(srv.base, a);
  orgs = (await c.coordination.get('/api/v1/orgs')).json.items;
});
after(async () => { await srv?.stop(); });

const byName = (n) => orgs.find((o) => o.name.startsWith(n));

test('the demo directory: DAC 48, SSIAD du Malzieu, SAAD, HAD, PFR, GPs, with details', async () => {
  for (const o of orgs) assert.deepEqual(keys(o), ORG_KEYS);
  assert.equal(orgs[0].is_self, true, 'the CRT first');
  const types = orgs.map((o) => o.type).sort();
  for (const t of ['cabinet_medical', 'crt', 'dac', 'had', 'pfr', 'saad', 'ssiad']) assert.ok(types.includes(t), t);
  const dac = byName('DAC de la Lozère');
  assert.equal(dac.type_label, "Dispositif d'appui à la coordination (DAC)");
  assert.equal(dac.commune_name, 'Mende');
  assert.equal(dac.mssante, 'accueil@dac48.mssante.fr');
  const full = await c.ide.get(`/api/v1/orgs/${dac.id}`);
  assert.equal(full.status, 200);
  assert.deepEqual(full.json.professionals.map((p) => p.last_name), ['Brunel', 'Fabre']);
  assert.equal(full.json.conventions.length, 1);
  const conv = full.json.conventions[0];
  assert.equal(conv.signed_on, '2024-10-24');
  assert.equal(conv.review_due, '2025-10-24', 'a yearly review by default');
  assert.equal(conv.tacit_renewal, true);
  assert.equal(conv.review_overdue, true);
  const gp = await c.ide.get(`/api/v1/orgs/${byName('Cabinet médical').id}`);
  assert.deepEqual(gp.json.professionals.map((p) => [p.last_name, p.profession]),
    [['Cayrel', 'Médecin généraliste'], ['Valette', 'Médecin généraliste']]);
  // Search by name without accents, and by type.
  let r = await c.ide.get('/api/v1/orgs?q=lozere');
  assert.ok(r.json.items.some((o) => o.type === 'dac'));
  r = await c.ide.get('/api/v1/orgs?type=ssiad');
  assert.deepEqual(r.json.items.map((o) => o.name), ['SSIAD du Malzieu']);
  assertError(await c.ide.get('/api/v1/orgs?type=garage'), 422, 'orgs.type.invalid', 'type');
});

test('create and edit an organisation; identifiers and contacts validated', async () => {
  const post = (b) => c.secretariat.post('/api/v1/orgs', b);
  let r = await post({ name: 'Pharmacie du Gévaudan', type: 'pharmacie', finess: '480000025',
    address: '4 place de la Mairie', commune_code: '48140', phone: '04 66 31 11 11',
    email: 'contact@pharmacie-gevaudan.fr', mssante: 'officine@pharma48.mssante.fr' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.commune_name, "Saint-Chély-d'Apcher");
  assert.deepEqual(r.json.professionals, []);
  for (const [body, code, field] of [
    [{ name: 'X', type: 'pharmacie', finess: '12345' }, 'org.finess.too_short', 'finess'],
    [{ name: 'X', type: 'pharmacie', finess: '48000002X' }, 'org.finess.invalid', 'finess'],
    [{ name: 'X', type: 'pharmacie', phone: '04 66' }, 'org.phone.invalid', 'phone'],
    [{ name: 'X', type: 'pharmacie', email: 'pas-une-adresse' }, 'org.email.invalid', 'email'],
    [{ name: 'X', type: 'pharmacie', commune_code: '99999' }, 'org.commune_code.invalid', 'commune_code'],
    [{ name: 'X', type: 'crt' }, 'org.type.crt', 'type'],
    [{ name: 'X', type: 'garage' }, 'org.type.invalid', 'type'],
    [{ type: 'pharmacie' }, 'org.name.required', 'name'],
  ]) assertError(await post(body), 422, code, field);
  assert.equal((await post({ name: 'Cabinet 2B', type: 'cabinet_infirmier', finess: '2B0000017' })).status, 201);
  r = await c.coordination.patch(`/api/v1/orgs/${id}`, { phone: '0466311112', archived: true });
  assert.equal(r.json.archived, true);
  r = await c.ide.get('/api/v1/orgs?type=pharmacie');
  assert.deepEqual(r.json.items, [], 'archived organisations are hidden');
  r = await c.ide.get('/api/v1/orgs?type=pharmacie&archived=1');
  assert.equal(r.json.items.length, 1);
  assertError(await c.ide.post('/api/v1/orgs', { name: 'X', type: 'ccas' }), 403, 'role.forbidden');
  assertError(await c.dac48.patch(`/api/v1/orgs/${id}`, { name: 'Y' }), 403, 'role.forbidden');
  const self = orgs.find((o) => o.is_self);
  assertError(await c.coordination.patch(`/api/v1/orgs/${self.id}`, { type: 'ehpad' }), 422, 'org.type.self');
  assertError(await c.coordination.get('/api/v1/orgs/999999'), 404, 'org.not_found');
});

test('professionals: RPPS 11 digits, contacts; edit and leave the structure', async () => {
  const had = byName('HAD');
  let r = await c.coordination.post(`/api/v1/orgs/${had.id}/professionals`, { last_name: 'Bonnal',
    first_name: 'Claire', profession: 'Infirmière coordinatrice', rpps: '10000000048',
    phone: '04 66 49 00 41', mssante: 'c.bonnal@had48.mssante.fr' });
  assert.equal(r.status, 201, r.text);
  const pro = r.json.professionals.find((p) => p.last_name === 'Bonnal');
  assert.deepEqual(keys(pro), ['archived', 'email', 'first_name', 'id', 'last_name', 'mssante', 'org_id',
    'org_name', 'phone', 'profession', 'rpps']);
  assertError(await c.coordination.post(`/api/v1/orgs/${had.id}/professionals`, { last_name: 'X',
    first_name: 'Y', profession: 'Z', rpps: '1234567890A' }), 422, 'professional.rpps.invalid', 'rpps');
  // Names: the person-name allow list (review of issue 8 §12), spaces normalised.
  for (const [field, v] of [['last_name', 'BONNAL\u3164'], ['first_name', 'Cl\u17b4aire'],
    ['last_name', '\uff22\uff2f\uff2e']]) {
    const e = assertError(await c.coordination.post(`/api/v1/orgs/${had.id}/professionals`, { last_name: 'X',
      first_name: 'Y', profession: 'Z', [field]: v }), 422, 'person.text.forbidden_char', field);
    assert.match(e.message, /^Le (nom|prénom) du professionnel contient un caractère non autorisé/);
  }
  r = await c.coordination.post(`/api/v1/orgs/${had.id}/professionals`, { last_name: 'St. Lager\u00a0',
    first_name: 'Anne\u202fMarie', profession: 'Aide-soignante' });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.json.professionals.some((p) => p.last_name === 'St. Lager' && p.first_name === 'Anne Marie'));
  assertError(await c.coordination.post(`/api/v1/orgs/${had.id}/professionals`, { last_name: 'X',
    first_name: 'Y' }), 422, 'org.profession.required', 'profession');
  r = await c.coordination.patch(`/api/v1/orgs/${had.id}/professionals/${pro.id}`, { archived: true });
  assert.equal(r.json.professionals.find((p) => p.id === pro.id).archived, true);
  const other = byName('PFR') || byName('Plateforme');
  assertError(await c.coordination.patch(`/api/v1/orgs/${other.id}/professionals/${pro.id}`, { archived: false }),
    404, 'professional.not_found');
});

test('conventions: yearly review by default, dates checked, the dashboard lists those due', async () => {
  const pfr = byName('Plateforme de répit');
  let r = await c.direction.post(`/api/v1/orgs/${pfr.id}/conventions`, { object: 'Ateliers aidants',
    signed_on: '2026-01-15', duration_months: 36, tacit_renewal: false });
  assert.equal(r.status, 201, r.text);
  const conv = r.json.conventions.find((x) => x.object === 'Ateliers aidants');
  assert.equal(conv.review_due, '2027-01-15');
  assertError(await c.direction.post(`/api/v1/orgs/${pfr.id}/conventions`, { object: 'X',
    signed_on: '2199-01-01', duration_months: 12 }), 422, 'convention.signed_on.future', 'signed_on');
  assertError(await c.direction.post(`/api/v1/orgs/${pfr.id}/conventions`, { object: 'X',
    signed_on: '2026-01-01', duration_months: 12, review_due: '2025-01-01' }), 422,
  'convention.review_due.before_signature', 'review_due');
  assertError(await c.direction.post(`/api/v1/orgs/${pfr.id}/conventions`, { object: 'X',
    signed_on: '2026-01-01', duration_months: 0 }), 422, 'convention.duration_months.range');
  const self = orgs.find((o) => o.is_self);
  assertError(await c.direction.post(`/api/v1/orgs/${self.id}/conventions`, { object: 'X',
    signed_on: '2026-01-01', duration_months: 12 }), 422, 'convention.org.self');

  const d = await c.coordination.get('/api/v1/partnership');
  assert.equal(d.status, 200, d.text);
  assert.deepEqual(keys(d.json), ['conventions_due', 'days', 'mandatory_types_without_convention',
    'missing_mandatory_types', 'types']);
  const dueOrgs = d.json.conventions_due.map((x) => x.org_type).sort();
  // DAC (review 2025-10-24), HAD (a year and a half ago) overdue; SSIAD due today.
  assert.deepEqual(dueOrgs, ['dac', 'had', 'ssiad']);
  assert.ok(d.json.conventions_due.every((x) => x.ended_on === null));
  // Mark the DAC review done: the next review in a year, off the list.
  const dac = byName('DAC de la Lozère');
  const dconv = (await c.coordination.get(`/api/v1/orgs/${dac.id}`)).json.conventions[0];
  r = await c.coordination.patch(`/api/v1/orgs/${dac.id}/conventions/${dconv.id}`, { review_due: '2027-10-24' });
  assert.equal(r.status, 200, r.text);
  const d2 = await c.coordination.get('/api/v1/partnership');
  assert.deepEqual(d2.json.conventions_due.map((x) => x.org_type).sort(), ['had', 'ssiad']);
  // Mandatory types of the checklist still missing in the demo.
  const missing = d2.json.missing_mandatory_types.map((t) => t.code);
  for (const t of ['ehpad', 'eps_pa', 'emg', 'cpts', 'pharmacie', 'centre15']) assert.ok(missing.includes(t), t);
  for (const t of ['dac', 'ssiad', 'saad', 'had', 'pfr']) assert.ok(!missing.includes(t), t);
  const gp = d2.json.types.find((t) => t.code === 'cabinet_medical');
  assert.deepEqual([gp.partners, gp.conventions, gp.mandatory], [1, 0, true]);
  assert.ok(d2.json.mandatory_types_without_convention.some((t) => t.code === 'cabinet_medical'));
  assert.ok(!d2.json.types.some((t) => t.code === 'crt'));
  assertError(await c.coordination.get('/api/v1/partnership?days=abc'), 422, 'partnership.days.invalid', 'days');
  assertError(await c.ide.get('/api/v1/partnership'), 403, 'role.forbidden');
});
