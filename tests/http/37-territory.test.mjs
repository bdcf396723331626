// The territory (PRODUCT §8): real commune data (INSEE code, name, postal
// codes, département) from @etalab/decoupage-administratif, the demo CRT's
// coverage (the 28 Nord Lozère communes of seed 002 for volet 2, all of
// Lozère for volet 1), commune lookup for address entry, the record's
// commune with its volet-2 membership and travel time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, personIds, keys } from './lib/util.mjs';

const COMMUNE_KEYS = ['code', 'departement', 'name', 'postal_codes', 'travel_minutes', 'volet1', 'volet2'];
// seed 002, "Les communes du périmètre d'intervention du CRT Nord-Lozère".
const VOLET2 = ['48001', '48002', '48005', '48007', '48009', '48012', '48025', '48026', '48032',
  '48046', '48058', '48059', '48063', '48064', '48077', '48089', '48090', '48106', '48121',
  '48128', '48132', '48140', '48161', '48169', '48177', '48179', '48188', '48190'];

let srv;
const c = {};
let ids;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'ide', 'dac48', 'admin']) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
});
after(async () => { await srv?.stop(); });

test('the demo territory: all of Lozère for volet 1, the 28 seed communes for volet 2', async () => {
  const r = await c.coordination.get('/api/v1/territory');
  assert.equal(r.status, 200, r.text);
  for (const it of r.json.items) assert.deepEqual(keys(it), COMMUNE_KEYS);
  assert.equal(r.json.items.length, 152);
  assert.ok(r.json.items.every((it) => it.departement === '48' && it.volet1));
  assert.deepEqual(r.json.items.filter((it) => it.volet2).map((it) => it.code).sort(), VOLET2);
  const stc = r.json.items.find((it) => it.code === '48140');
  assert.equal(stc.name, "Saint-Chély-d'Apcher");
  assert.equal(stc.travel_minutes, 0);
  const mende = r.json.items.find((it) => it.code === '48095');
  assert.equal(mende.name, 'Mende');
  assert.equal(mende.volet2, false);
  assert.equal(mende.travel_minutes, null);
});

test('commune lookup by name (accents ignored) or postal code, covered communes first', async () => {
  let r = await c.ide.get('/api/v1/communes?q=malzieu');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((x) => x.code).sort(), ['48089', '48090', '48169']);
  assert.ok(r.json.items.every((x) => x.volet2));
  for (const q of ['saint chely', 'Saint-Chély', 'SAINT-CHELY-D']) {
    r = await c.ide.get('/api/v1/communes?q=' + encodeURIComponent(q));
    assert.equal(r.json.items[0].code, '48140', q);
  }
  r = await c.ide.get('/api/v1/communes?q=48140');
  assert.ok(r.json.items.length >= 5);
  assert.ok(r.json.items.every((x) => x.postal_codes.split(' ').includes('48140')));
  // Anywhere in France: a birthplace may be far away.
  r = await c.ide.get('/api/v1/communes?q=' + encodeURIComponent('Besançon'));
  assert.equal(r.json.items[0].code, '25056');
  assert.equal(r.json.items[0].volet1, false);
  r = await c.ide.get('/api/v1/communes?q=75001');
  assert.ok(r.json.items.some((x) => x.code === '75056'));
  assertError(await c.ide.get('/api/v1/communes'), 422, 'communes.q.required', 'q');
  assertError(await c.ide.get('/api/v1/communes?q=a'), 422, 'communes.q.too_short', 'q');
  r = await c.ide.get('/api/v1/communes?q=%25%25');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items, [], 'LIKE wildcards are plain characters');
});

test('the coordinator changes the coverage; other roles may not; bad values refused', async () => {
  let r = await c.coordination.put('/api/v1/territory',
    { items: [{ commune_code: '48095', volet1: true, volet2: true, travel_minutes: 40 }] });
  assert.equal(r.status, 200, r.text);
  let mende = r.json.items.find((it) => it.code === '48095');
  assert.deepEqual([mende.volet2, mende.travel_minutes], [true, 40]);
  r = await c.coordination.put('/api/v1/territory',
    { items: [{ commune_code: '48095', volet1: false, volet2: false }] });
  assert.ok(!r.json.items.some((it) => it.code === '48095'), 'both volets off removes the commune');
  assertError(await c.coordination.put('/api/v1/territory',
    { items: [{ commune_code: '99999', volet1: true, volet2: false }] }), 404, 'commune.not_found');
  assertError(await c.coordination.put('/api/v1/territory',
    { items: [{ commune_code: '48095', volet1: true, volet2: false, travel_minutes: 700 }] }), 422,
  'territory.items.travel_minutes.range', 'items.0.travel_minutes');
  assertError(await c.ide.put('/api/v1/territory', { items: [] }), 403, 'role.forbidden');
  // The failed batch changed nothing.
  r = await c.coordination.get('/api/v1/territory');
  assert.equal(r.json.items.length, 151);
});

test('the record shows its commune, volet-2 membership and travel time', async () => {
  let r = await c.coordination.get(`/api/v1/persons/${ids.TEISSIER}`);
  assert.equal(r.json.address, '3 place du Souvenir');
  assert.equal(r.json.commune_code, '48090');
  assert.deepEqual(r.json.commune, { code: '48090', name: 'Le Malzieu-Ville', postal_codes: '48140',
    departement: '48', volet1: true, volet2: true, travel_minutes: 18 });
  r = await c.coordination.patch(`/api/v1/persons/${ids.TEISSIER}`,
    { address: '2 rue de la Mairie', commune_code: '48095' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.commune.name, 'Mende');
  assert.equal(r.json.commune.volet2, false);
  assertError(await c.coordination.patch(`/api/v1/persons/${ids.TEISSIER}`, { commune_code: '99999' }),
    422, 'person.commune_code.invalid', 'commune_code');
  assertError(await c.coordination.patch(`/api/v1/persons/${ids.TEISSIER}`, { commune_code: '4814' }),
    422, 'person.commune_code.too_short', 'commune_code');
  r = await c.coordination.get(`/api/v1/persons/${ids.TEISSIER}`);
  assert.equal(r.json.commune_code, '48095', 'the refused changes left the record as it was');
});
