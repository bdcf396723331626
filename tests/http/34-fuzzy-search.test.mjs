// Issue 10 §3-4: the person search by name tokens in any order (birth
// name, used name, first names; accents, case, one typo, phonetic), by a
// birth date typed three ways, exact matches first, within access; and the
// duplicate check before a creation (POST /persons/candidates), each
// candidate decided and traced, the identity withheld from a user who may
// not open the record. MAILLAGE_TEST_PG reruns it on PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, personIds, accesses } from './lib/util.mjs';

let srv;
const c = {};
let ids;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'aide', 'ide', 'dac48']) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
});
after(async () => { await srv?.stop(); });

const search = async (cl, q) => {
  const r = await cl.get('/api/v1/persons?q=' + encodeURIComponent(q));
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const names = async (cl, q) => (await search(cl, q)).items.map((p) => p.birth_name);

test('the examples of the issue find the demo persons', async () => {
  const cases = [
    ['malaval odette', 'MALAVAL'],
    ['boudon germaine', 'BOUDON'], // birth name; the used name is ASTRUC
    ['Germaine Boudon', 'BOUDON'], // first name first
    ['ASTRUC germaine', 'BOUDON'], // the used name
    ['BERGOUGNOUX', 'MALAVAL'],
    ['crose', 'CROZE'], // phonetic (and one edit)
    ['teisier', 'TEISSIER'], // one letter missing
    ['teyssier', 'TEISSIER'], // one letter changed
    ['Émile', 'TEISSIER'], // second first name, accents
    ['21071934', 'BOUDON'],
    ['21/07/1934', 'BOUDON'],
    ['1934-07-21', 'BOUDON'],
    ['boudon 21071934', 'BOUDON'],
  ];
  for (const [q, want] of cases) assert.deepEqual(await names(c.coordination, q), [want], q);
});

test('each token must match; short tokens are prefixes, never fuzzy', async () => {
  assert.deepEqual(await names(c.coordination, 'boudon odette'), [], 'two persons, no one matches both');
  assert.deepEqual(await names(c.coordination, 'boudon 24/12/1935'), [], 'name and date must both match');
  assert.deepEqual(await names(c.coordination, 'rous'), ['ROUSSET']);
  assert.deepEqual(await names(c.coordination, 'crot'), [], 'four letters: no typo tolerance');
  assert.deepEqual(await names(c.coordination, 'zzzzzz'), []);
});

test('exact matches come first', async () => {
  const mk = (o) => c.coordination.post('/api/v1/persons', { sex: 'F', birth_date: '1940-01-01', ...o });
  let r = await mk({ birth_name: 'MARTINE', first_names: 'Rose' });
  assert.equal(r.status, 201, r.text);
  r = await mk({ birth_name: 'MARTIN', first_names: 'Rose' });
  assert.equal(r.status, 201, r.text);
  // "martine" is exact for MARTINE and one edit from MARTIN.
  assert.deepEqual(await names(c.coordination, 'martine'), ['MARTINE', 'MARTIN']);
  assert.deepEqual(await names(c.coordination, 'martin'), ['MARTIN', 'MARTINE']);
  // A renamed person is found under the new name only.
  r = await c.coordination.patch(`/api/v1/persons/${r.json.id}`, { birth_name: 'SABATIER' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await names(c.coordination, 'sabatie'), ['SABATIER']);
  assert.deepEqual(await names(c.coordination, 'martin'), ['MARTINE']);
});

test('the search stays within access: the aide does not find CROZE, the DAC nobody', async () => {
  assert.deepEqual(await names(c.aide, 'crose'), []);
  assert.deepEqual(await names(c.aide, 'teisier'), ['TEISSIER'], 'in her circle');
  assert.deepEqual(await names(c.ide, 'croze'), []);
  const r = await c.dac48.get('/api/v1/persons?q=croze');
  assert.ok(r.status === 403 || (r.status === 200 && r.json.items.length === 0), r.text);
});

test('candidates before creation: « Rousset Marcelle 14/03/1936 » is caught', async () => {
  const probe = { birth_name: 'Rousset', first_names: 'Marcelle', birth_date: '1936-03-14' };
  let r = await c.coordination.post('/api/v1/persons/candidates', probe);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((p) => p.id), [ids.ROUSSET]);
  assert.equal(r.json.hidden, 0);
  const it = r.json.items[0];
  assert.equal(it.first_names, 'MARCELLE JEANNE'); // RNIV (issue 10 §2)
  assert.equal(it.first_names_display, 'Marcelle Jeanne');
  assert.equal(it.commune.name, 'Saint-Chély-d\'Apcher');
  // Accents, one typo, phonetic, the used name, the first name's order.
  for (const p of [
    { birth_name: 'ROUSET', first_names: 'marcelle', birth_date: '1936-03-14' },
    { birth_name: 'Roussé', first_names: 'Marcèle', birth_date: '1936-03-14' },
    { birth_name: 'ROUSSET', first_names: 'Jeanne', birth_date: '1936-03-14' },
  ]) {
    r = await c.coordination.post('/api/v1/persons/candidates', p);
    assert.deepEqual(r.json.items.map((x) => x.id), [ids.ROUSSET], JSON.stringify(p));
  }
  r = await c.coordination.post('/api/v1/persons/candidates',
    { birth_name: 'ASTRUC', first_names: 'Germaine', birth_date: '1934-07-21' });
  assert.deepEqual(r.json.items.map((x) => x.id), [ids.BOUDON], 'the used name');
  // Another birth date, another first name, another name: nobody.
  for (const p of [
    { birth_name: 'ROUSSET', first_names: 'Marcelle', birth_date: '1936-03-15' },
    { birth_name: 'ROUSSET', first_names: 'Paulette', birth_date: '1936-03-14' },
    { birth_name: 'BOUDON', first_names: 'Marcelle', birth_date: '1936-03-14' },
  ]) {
    r = await c.coordination.post('/api/v1/persons/candidates', p);
    assert.deepEqual(r.json, { items: [], hidden: 0 }, JSON.stringify(p));
  }
  assertError(await c.coordination.post('/api/v1/persons/candidates', { birth_name: 'X' }), 422,
    /required|missing/, 'first_names');
});

test('candidates the user may not open are counted without identity, and traced', async () => {
  const croze = (await c.coordination.get(`/api/v1/persons/${ids.CROZE}`)).json;
  const r = await c.aide.post('/api/v1/persons/candidates',
    { birth_name: 'Crose', first_names: 'Albert', birth_date: croze.birth_date });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { items: [], hidden: 1 });
  assert.doesNotMatch(r.text, /CROZE|Albert/i);
  const rows = await accesses(c.coordination, ids.CROZE);
  const mine = rows.filter((t) => t.request_id === r.headers.get('x-request-id'));
  assert.equal(mine.length, 1, JSON.stringify(rows.slice(0, 3)));
  assert.equal(mine[0].action, 'person.candidates');
  // The one she may open comes with its identity, traced as a list row.
  const r2 = await c.aide.post('/api/v1/persons/candidates',
    { birth_name: 'TEISIER', first_names: 'Paul', birth_date: '1931-11-02' });
  assert.deepEqual(r2.json.items.map((x) => x.id), [ids.TEISSIER]);
  const rows2 = await accesses(c.coordination, ids.TEISSIER);
  assert.ok(rows2.some((t) => t.request_id === r2.headers.get('x-request-id') && t.action === 'person.candidates'));
});

test('the create keeps its after-write warning, with the same fuzzy rule', async () => {
  const r = await c.coordination.post('/api/v1/persons',
    { birth_name: 'Rousset', first_names: 'Marcelle', birth_date: '1936-03-14', sex: 'F' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.possible_duplicates, [ids.ROUSSET]);
  assert.equal(r.json.flags.duplicate, true);
});
