// Person search (issue 3): by name with or without accents, birth date,
// INS; filters by commune, volet-2 territory and GIR; paging; refusals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, personIds } from './lib/util.mjs';

let srv;
const c = {};
let ids;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'secretariat', 'ide']) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
});
after(async () => { await srv?.stop(); });

const names = async (cl, qs) => {
  const r = await cl.get('/api/v1/persons?' + qs);
  assert.equal(r.status, 200, r.text);
  return r.json.items.map((p) => p.birth_name).sort();
};

test('search by birth date (JJ/MM/AAAA or ISO) and by INS', async () => {
  assert.deepEqual(await names(c.coordination, 'q=02/11/1931'), ['TEISSIER']);
  assert.deepEqual(await names(c.coordination, 'q=1931-11-02'), ['TEISSIER']);
  const rousset = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}`)).json;
  assert.deepEqual(await names(c.coordination, 'q=' + rousset.ins), ['ROUSSET']);
  assert.deepEqual(await names(c.coordination, 'q=31/02/1931'), [], 'not a date: searched as a name');
});

test('filters: commune, volet-2 territory, GIR', async () => {
  // GIBELIN: one of the generated cohort (issue 11), all 43 in the territory.
  assert.deepEqual(await names(c.coordination, 'commune=48090'), ['GIBELIN', 'MALAVAL', 'TEISSIER']);
  assert.equal((await names(c.coordination, 'volet2=1&limit=200')).length, 8 + 43);
  let r = await c.coordination.patch(`/api/v1/persons/${ids.CROZE}`, { commune_code: '48095' });
  assert.equal(r.status, 200, r.text);
  const v2 = await names(c.coordination, 'volet2=1&limit=200');
  assert.ok(!v2.includes('CROZE'), 'Mende is volet 1 only');
  assert.equal(v2.length, 8 + 43 - 1);
  r = await c.coordination.post(`/api/v1/persons/${ids.CHAZAL}/aggir`,
    { letters: 'AACCBBBBAA', evaluated_on: '2026-01-10' });
  assert.equal(r.status, 201, r.text);
  r = await c.coordination.post(`/api/v1/persons/${ids.ROUSSET}/aggir`,
    { letters: 'AACCBBBBAA', evaluated_on: '2025-01-10' });
  r = await c.coordination.post(`/api/v1/persons/${ids.ROUSSET}/aggir`,
    { letters: 'BBBBBBBBBB', evaluated_on: '2026-02-10' });
  // The demo's year of volet-2 history has evaluations too: only these two
  // people are checked.
  const g3 = await names(c.coordination, 'gir=3');
  assert.ok(g3.includes('CHAZAL') && !g3.includes('ROUSSET'), 'the latest evaluation counts');
  assert.ok((await names(c.coordination, 'gir=4')).includes('ROUSSET'));
  assert.deepEqual(await names(c.coordination, 'gir=4&commune=48140&q=rous'), ['ROUSSET']);
  // The nurse's list is limited to the people she follows, filters too.
  assert.deepEqual(await names(c.ide, 'commune=48090'), ['GIBELIN', 'TEISSIER']);
});

test('bad filters are refused; the GIR filter needs the right to read soins', async () => {
  assertError(await c.coordination.get('/api/v1/persons?gir=7'), 422, 'persons.gir.invalid', 'gir');
  assertError(await c.coordination.get('/api/v1/persons?commune=abc'), 422, 'persons.commune.invalid',
    'commune');
  assertError(await c.coordination.get('/api/v1/persons?volet2=oui'), 422, 'persons.volet2.invalid', 'volet2');
  assertError(await c.secretariat.get('/api/v1/persons?gir=3'), 403, 'persons.gir.forbidden', 'gir');
  assert.equal((await c.secretariat.get('/api/v1/persons?commune=48140')).status, 200);
});
