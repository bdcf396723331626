// Issue 10 point 5: the emergency search of the on-call roles (identity
// and commune only, whoever follows the person, every row traced with the
// emergency grant kind, narrow and limited), and the break-the-glass
// pre-check that says before any reason is typed whether a grant would
// open the DLU; a grant that would open nothing is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, personIds, accesses, keys } from './lib/util.mjs';

const ROW_KEYS = ['birth_date', 'birth_name', 'birth_name_display', 'breakglass_possible', 'commune',
  'dlu_readable', 'first_names', 'first_names_display', 'id', 'refusal', 'used_name'];
let srv;
const c = {};
let ids;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'aide', 'psy', 'ergo', 'secretariat', 'dac48', 'admin']) {
    c[a] = await login(srv.base, a);
  }
  ids = await personIds(c.coordination);
});
after(async () => { await srv?.stop(); });

test('emergency search: identity and commune only, outside the circle too, traced', async () => {
  // The psychologist follows nobody: the normal search finds nothing.
  let r = await c.psy.get('/api/v1/persons?q=valentin');
  assert.equal(r.status, 200);
  assert.equal(r.json.items.length, 0);
  r = await c.psy.get('/api/v1/emergency/persons?name=valentin&birth_date=1940-01-30');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(keys(r.json), ['items', 'more']);
  assert.equal(r.json.items.length, 1);
  const row = r.json.items[0];
  assert.deepEqual(keys(row), ROW_KEYS, 'no record data in a row');
  assert.equal(row.id, ids.VALENTIN);
  assert.equal(row.birth_name, 'VALENTIN');
  assert.equal(row.commune.code, '48140');
  assert.equal(row.dlu_readable, false);
  assert.equal(row.breakglass_possible, true);
  assert.equal(row.refusal, null);
  // Near name (the start of a name word, accents ignored, as the list's
  // search: issue 10 §4) with the commune instead of the date.
  r = await c.psy.get('/api/v1/emergency/persons?name=Bergougnoux&commune=48090');
  assert.deepEqual(r.json.items.map((x) => x.birth_name), ['MALAVAL']);
  r = await c.psy.get('/api/v1/emergency/persons?name=mala&commune=48090');
  assert.deepEqual(r.json.items.map((x) => x.birth_name), ['MALAVAL']);
  const rows = await accesses(c.coordination, ids.VALENTIN);
  const t = rows.find((x) => x.action === 'person.emergency' && x.login === 'psy');
  assert.ok(t, 'the row shown is traced');
  assert.equal(t.grant, 'breakglass');
  assert.equal(t.categories, 'admin');
  assert.equal(t.outcome, 'ok');
});

test('emergency search: no browsing — a name and a date or a commune, 10 rows at most', async () => {
  assertError(await c.aide.get('/api/v1/emergency/persons?name=rousset'), 422, 'emergency.narrow.required',
    'birth_date');
  assertError(await c.aide.get('/api/v1/emergency/persons?commune=48140&name=a'), 422,
    'emergency.name.required', 'name');
  assertError(await c.aide.get('/api/v1/emergency/persons?commune=48140'), 422, 'emergency.name.required',
    'name');
  assertError(await c.aide.get('/api/v1/emergency/persons?name=rousset&commune=x'), 422,
    'emergency.commune.invalid', 'commune');
  // Eleven people of one commune with the same name part: 10 rows, `more`.
  for (let i = 0; i < 11; i++) {
    const r = await c.coordination.post('/api/v1/persons', { birth_name: `URGENCE${String.fromCharCode(65 + i)}`,
      first_names: 'Test', birth_date: `1930-01-${String(i + 1).padStart(2, '0')}`, sex: 'F',
      commune_code: '48140' });
    assert.equal(r.status, 201, r.text);
  }
  const r = await c.aide.get('/api/v1/emergency/persons?name=urgence&commune=48140');
  assert.equal(r.status, 200);
  assert.equal(r.json.items.length, 10);
  assert.equal(r.json.more, true);
  // Roles that may not break the glass do not search either.
  for (const who of ['secretariat', 'dac48']) {
    assertError(await c[who].get('/api/v1/emergency/persons?name=rousset&commune=48140'), 403,
      'role.forbidden');
    assertError(await c[who].get(`/api/v1/persons/${ids.ROUSSET}/breakglass`), 403, 'role.forbidden');
  }
});

test('pre-check: a grant that would open no DLU is said before the reason, and refused', async () => {
  let r = await c.psy.get(`/api/v1/persons/${ids.CROZE}/breakglass`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { dlu_readable: false, breakglass_possible: true, refusal: null });
  r = await c.coordination.get(`/api/v1/persons/${ids.CROZE}/breakglass`);
  assert.deepEqual(r.json, { dlu_readable: true, breakglass_possible: false, refusal: null });
  assertError(await c.psy.get('/api/v1/persons/999999/breakglass'), 404, 'person.not_found');
  // The CRT withdraws `soins` from the psychologists: an emergency grant
  // would open the identity only, so the search and the pre-check say so
  // and the grant is refused (no form accepted that then shows nothing).
  const off = await c.admin.put('/api/v1/access/matrix',
    { items: [{ profession: 'psychologue', category: 'soins', read: false, write: false }] });
  assert.equal(off.status, 200, off.text);
  try {
    r = await c.psy.get('/api/v1/emergency/persons?name=croze&commune=48188');
    assert.equal(r.json.items[0].breakglass_possible, false);
    assert.match(r.json.items[0].refusal, /ne peut pas ouvrir le DLU/);
    r = await c.psy.get(`/api/v1/persons/${ids.CROZE}/breakglass`);
    assert.equal(r.json.breakglass_possible, false);
    assert.match(r.json.refusal, /Votre profession ne donne pas accès aux soins/);
    assertError(await c.psy.post(`/api/v1/persons/${ids.CROZE}/breakglass`,
      { reason: 'Chute signalée par la téléassistance cette nuit' }), 403, 'breakglass.refused');
    const rows = await accesses(c.coordination, ids.CROZE);
    assert.ok(rows.some((x) => x.action === 'person.breakglass' && x.login === 'psy'
      && x.outcome === 'denied'));
    assertError(await c.psy.get(`/api/v1/persons/${ids.CROZE}/dlu`), 404, 'person.not_found');
  } finally {
    const on = await c.admin.put('/api/v1/access/matrix',
      { items: [{ profession: 'psychologue', category: 'soins', read: true, write: false }] });
    assert.equal(on.status, 200, on.text);
  }
  // Back to the default: the grant is given and the DLU opens at once.
  r = await c.psy.post(`/api/v1/persons/${ids.CROZE}/breakglass`,
    { reason: 'Chute signalée par la téléassistance cette nuit' });
  assert.equal(r.status, 201, r.text);
  r = await c.psy.get(`/api/v1/persons/${ids.CROZE}/dlu`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.access.kind, 'breakglass');
});
