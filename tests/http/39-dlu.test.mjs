// The emergency liaison file (DLU, DOMAIN §5) and the caregivers: the DLU
// with the identity an emergency team needs, its yearly review (overdue
// shown), who may read it (soins: the on-call aide through break-the-
// glass too) and write it; caregivers with their situation (exhausted or
// absent caregivers are an admission priority).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, personIds, accesses, keys } from './lib/util.mjs';

const DLU_KEYS = ['allergies', 'cognition', 'communication', 'devices', 'directives', 'directives_where',
  'habits', 'history', 'home_access', 'mobility', 'people_to_call', 'senses', 'treatments',
  'trusted_person'];
let srv;
const c = {};
let ids;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'ide', 'aide', 'dac48', 'secretariat', 'direction']) {
    c[a] = await login(srv.base, a);
  }
  ids = await personIds(c.coordination);
});
after(async () => { await srv?.stop(); });

test('the DLU with the identity, on one page; the review is overdue after 12 months', async () => {
  let r = await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/dlu`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(keys(r.json), ['access', 'dlu', 'emergency', 'person', 'review']);
  assert.ok(r.json.access.write.includes('soins'));
  assert.equal(r.json.person.birth_name, 'ROUSSET');
  assert.equal(r.json.person.commune.name, "Saint-Chély-d'Apcher");
  assert.deepEqual(keys(r.json.dlu), DLU_KEYS);
  assert.match(r.json.dlu.treatments, /Fluindione/);
  assert.equal(r.json.dlu.allergies, 'Pénicilline (urticaire)');
  assert.equal(r.json.dlu.directives, 'oui');
  assert.equal(r.json.review.overdue, true, 'reviewed 14 months ago');
  r = await c.coordination.get(`/api/v1/persons/${ids.TEISSIER}/dlu`);
  assert.equal(r.json.review.overdue, false);
  r = await c.coordination.get(`/api/v1/persons/${ids.CROZE}/dlu`);
  assert.equal(r.status, 200);
  assert.equal(r.json.dlu, null);
  assert.equal(r.json.review, null);
});

test('updating the DLU: the nurse who follows the person; review date today by default', async () => {
  const today = new Date().toISOString().slice(0, 10);
  let r = await c.ide.put(`/api/v1/persons/${ids.ROUSSET}/dlu`, { treatments: 'Apixaban 5 mg x2 (relais AVK)',
    allergies: 'Pénicilline', directives: 'oui', directives_where: 'Classeur rouge',
    people_to_call: 'Fille : 06 12 34 56 78' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.review.reviewed_on, today);
  assert.equal(r.json.review.reviewed_by.name, 'Laure Chabert');
  assert.equal(r.json.review.overdue, false);
  assert.equal(r.json.review.review_due.slice(0, 4), String(Number(today.slice(0, 4)) + 1));
  assert.equal(r.json.dlu.history, null, 'a PUT replaces the whole file');
  assertError(await c.ide.put(`/api/v1/persons/${ids.ROUSSET}/dlu`, { reviewed_on: '2199-01-01' }), 422,
    'dlu.reviewed_on.future', 'reviewed_on');
  assertError(await c.ide.put(`/api/v1/persons/${ids.ROUSSET}/dlu`, { directives: 'peut-être' }), 422,
    'dlu.directives.invalid', 'directives');
  assertError(await c.ide.put(`/api/v1/persons/${ids.ROUSSET}/dlu`, { medications: 'x' }), 400,
    'dlu.unknown_field');
  // Reading and writing are traced.
  const rows = await accesses(c.coordination, ids.ROUSSET);
  assert.ok(rows.some((t) => t.action === 'dlu.update' && t.login === 'ide' && t.outcome === 'ok'));
  assert.ok(rows.some((t) => t.action === 'dlu.read' && t.login === 'coordination'));
});

test('who may read and write the DLU', async () => {
  // The partner reads soins for the people of its circle, may not write.
  assert.equal((await c.dac48.get(`/api/v1/persons/${ids.ROUSSET}/dlu`)).status, 200);
  assertError(await c.dac48.put(`/api/v1/persons/${ids.ROUSSET}/dlu`, { allergies: 'x' }), 403, 'access.denied');
  // The secretariat reads identity only.
  assertError(await c.secretariat.get(`/api/v1/persons/${ids.ROUSSET}/dlu`), 403, 'access.denied');
  // The night on-call aide for someone she does not follow: break the glass.
  assertError(await c.aide.get(`/api/v1/persons/${ids.CROZE}/dlu`), 404, 'person.not_found');
  const bg = await c.aide.post(`/api/v1/persons/${ids.PRADAL}/breakglass`,
    { reason: 'Appel de la téléassistance à 3 h, chute' });
  assert.equal(bg.status, 201, bg.text);
  const r = await c.aide.get(`/api/v1/persons/${ids.PRADAL}/dlu`);
  assert.equal(r.status, 200, r.text);
  // The emergency grant opens the DLU, not the other parts (issue 8 review 7).
  assertError(await c.aide.get(`/api/v1/persons/${ids.PRADAL}/caregivers`), 403, 'breakglass.scope');
  const rows = await accesses(c.coordination, ids.PRADAL);
  assert.ok(rows.some((t) => t.action === 'dlu.read' && t.login === 'aide' && t.grant === 'breakglass'));
});

test('caregivers: relation, contact, lives with, exhausted or absent; validated', async () => {
  let r = await c.coordination.get(`/api/v1/persons/${ids.TEISSIER}/caregivers`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items.map((x) => [x.name, x.situation, x.lives_with, x.trusted_person]),
    [['Simone Teissier', 'epuise', true, true], ['Alain Teissier', 'absent', false, false]]);
  r = await c.coordination.post(`/api/v1/persons/${ids.VALENTIN}/caregivers`, { name: 'Lucette Valentin',
    relation: 'Sœur', phone: '04 66 31 77 88', situation: 'present' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.items[0].id;
  r = await c.coordination.patch(`/api/v1/persons/${ids.VALENTIN}/caregivers/${id}`, { situation: 'epuise' });
  assert.equal(r.json.items[0].situation, 'epuise');
  assertError(await c.coordination.post(`/api/v1/persons/${ids.VALENTIN}/caregivers`, { name: 'X',
    relation: 'Y', phone: '12' }), 422, 'caregiver.phone.invalid', 'phone');
  // The caregiver's name: the person-name allow list, plus period and
  // parentheses (« M. Valentin (fils) ») (review of issue 8 §12).
  for (const v of ['Lucette\u3164', 'Lu\u2800cette', 'Lucette <b>']) {
    const e = assertError(await c.coordination.post(`/api/v1/persons/${ids.VALENTIN}/caregivers`, { name: v,
      relation: 'Sœur' }), 422, 'person.text.forbidden_char', 'name');
    assert.match(e.message, /^Le nom de l'aidant contient un caractère non autorisé/);
  }
  assertError(await c.coordination.post(`/api/v1/persons/${ids.VALENTIN}/caregivers`, { name: 'X',
    relation: 'Y', situation: 'fatigue' }), 422, 'caregiver.situation.invalid', 'situation');
  assertError(await c.coordination.patch(`/api/v1/persons/${ids.VALENTIN}/caregivers/999999`,
    { situation: 'absent' }), 404, 'caregiver.not_found');
  assertError(await c.secretariat.get(`/api/v1/persons/${ids.TEISSIER}/caregivers`), 403, 'access.denied');
  assert.equal((await c.direction.get(`/api/v1/persons/${ids.TEISSIER}/caregivers`)).status, 200);
  assertError(await c.direction.post(`/api/v1/persons/${ids.TEISSIER}/caregivers`, { name: 'X',
    relation: 'Y' }), 403, 'access.denied');
});
