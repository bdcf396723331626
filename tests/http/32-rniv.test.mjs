// SPEC: issue 10 §2 — strict traits in RNIV form (capitals without
// accents, as the identity reference shows them), the typed form kept for
// display; normalising is no change of a strict trait; migration 0029
// rewrites the rows stored before it; the countries of birth abroad.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, login, tempDb, run, PG } from './lib/server.mjs';
import { assertError, accesses, nir } from './lib/util.mjs';

const OID_TEST = '1.2.250.1.213.1.4.10';
let srv;
const c = {};

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'secretariat']) c[a] = await login(srv.base, a);
});
after(async () => { await srv?.stop(); });

test('create: « Rousset » is stored « ROUSSET », « Rousset » kept for display', async () => {
  const r = await c.coordination.post('/api/v1/persons', { birth_name: 'Rousset-Lefèvre',
    first_names: 'Hélène  Œdith', used_name: 'Dupré', used_first_name: 'Léna', birth_date: '1941-05-06',
    sex: 'F', birthplace_insee: '99352' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.birth_name, 'ROUSSET-LEFEVRE');
  assert.equal(r.json.first_names, 'HELENE OEDITH');
  assert.equal(r.json.birth_name_display, 'Rousset-Lefèvre');
  assert.equal(r.json.first_names_display, 'Hélène Œdith');
  // The used names are not strict traits: kept as typed.
  assert.equal(r.json.used_name, 'Dupré');
  assert.equal(r.json.used_first_name, 'Léna');
  assert.equal(r.json.birthplace_name, 'Algérie');
  // Already in RNIV form: the display form is the same.
  const s = await c.coordination.post('/api/v1/persons', { birth_name: 'MARTIN', first_names: 'JEAN',
    birth_date: '1941-05-07', sex: 'M' });
  assert.equal(s.status, 201, s.text);
  assert.deepEqual([s.json.birth_name, s.json.birth_name_display], ['MARTIN', 'MARTIN']);
  // Found by the typed form, the strict one, and without accents.
  for (const q of ['rousset-lefèvre', 'LEFEVRE helene', 'Œdith']) {
    const l = await c.coordination.get(`/api/v1/persons?${new URLSearchParams({ q })}`);
    assert.ok(l.json.items.some((p) => p.id === r.json.id), q);
    const it = l.json.items.find((p) => p.id === r.json.id);
    assert.equal(it.first_names_display, 'Hélène Œdith');
  }
  // The DLU shows the birthplace abroad by its country.
  const d = await c.coordination.get(`/api/v1/persons/${r.json.id}/dlu`);
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.person.birthplace_name, 'Algérie');
  assert.equal(d.json.person.birth_name_display, 'Rousset-Lefèvre');
  assert.equal(d.json.person.birth_name, 'ROUSSET-LEFEVRE');
});

test('PATCH: the same name in another case is no change of a strict trait (QUAL stays QUAL)', async () => {
  const ins = nir('F', '1939-08-09', '48095', 21);
  let r = await c.coordination.post('/api/v1/persons', { birth_name: 'ROUSSEAU', first_names: 'MARIE',
    birth_date: '1939-08-09', sex: 'F', birthplace_insee: '48095', ins, ins_oid: OID_TEST,
    identity_status: 'QUAL', identity_document: 'cni' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  r = await c.coordination.patch(`/api/v1/persons/${id}`, { birth_name: 'Rousseau', first_names: 'Marie' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.identity_status, 'QUAL');
  assert.equal(r.json.birth_name, 'ROUSSEAU');
  assert.equal(r.json.birth_name_display, 'Rousseau');
  assert.equal(r.json.first_names_display, 'Marie');
  // Accents typed where the reference has none: no change either.
  r = await c.coordination.patch(`/api/v1/persons/${id}`, { birth_name: 'Rousséau' });
  assert.equal(r.json.identity_status, 'QUAL');
  assert.equal(r.json.birth_name_display, 'Rousséau');
  let rows = await accesses(c.coordination, id);
  assert.equal(rows.filter((x) => x.action === 'identity.downgrade').length, 0, 'no downgrade traced');
  // A real change of the name lowers the status and is traced.
  r = await c.coordination.patch(`/api/v1/persons/${id}`, { birth_name: 'Rousselle' });
  assert.equal(r.json.identity_status, 'VALI');
  assert.equal(r.json.birth_name, 'ROUSSELLE');
  rows = await accesses(c.coordination, id);
  assert.equal(rows.filter((x) => x.action === 'identity.downgrade').length, 1);
  // The strict form is still checked by the allow list on what is typed.
  assertError(await c.coordination.patch(`/api/v1/persons/${id}`, { birth_name: 'Rous5elle' }), 422,
    'person.text.forbidden_char', 'birth_name');
});

test('countries: the birthplace picker finds « Algérie » by name or code', async () => {
  for (const q of ['Algérie', 'algerie', 'ALG', '99352']) {
    const r = await c.secretariat.get(`/api/v1/countries?${new URLSearchParams({ q })}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items, [{ code: '99352', name: 'Algérie', until: null }], q);
  }
  let r = await c.coordination.get('/api/v1/countries?q=viet');
  assert.ok(r.json.items.some((x) => x.code === '99243' && x.name === 'Viêt Nam'), r.text);
  assert.ok(r.json.items.some((x) => x.code === '99245' && x.until === 1976), r.text);
  r = await c.coordination.get('/api/v1/countries?q=zzzz');
  assert.deepEqual(r.json.items, []);
  assertError(await c.coordination.get('/api/v1/countries?q=a'), 422, 'countries.q.required', 'q');
  assertError(await c.coordination.get('/api/v1/countries'), 422, 'countries.q.required', 'q');
  // Reference data, but behind the session like the communes.
  r = await fetch(`${srv.base}/api/v1/countries?q=alg`);
  assert.equal(r.status, 401);
});

// Migration 0029 on a database built the old way: migrations up to 0028,
// persons inserted as they were typed then, then the migration.
test('migration 0029 normalises the rows stored before it, name keys included', async () => {
  const db = tempDb();
  try {
    let r = run(['migrate', '--db', db.url, '--to', '28']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /version 28/);
    const sql = (q) => {
      const x = PG
        ? spawnSync(process.env.MAILLAGE_TEST_PG_BIN ? join(process.env.MAILLAGE_TEST_PG_BIN, 'psql') : 'psql',
          [db.url, '-q', '-t', '-A', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-c', q], { encoding: 'utf8' })
        : spawnSync('sqlite3', ['-cmd', '.timeout 10000', '-separator', '|', db.url.slice(7), q],
          { encoding: 'utf8' });
      assert.equal(x.status, 0, x.stderr);
      return x.stdout.trim();
    };
    sql("INSERT INTO crt (code, name, created_at) VALUES ('old', 'Ancien', '2026-01-01')");
    sql("INSERT INTO person (crt_id, birth_name, first_names, used_name, birth_date, sex, search_key, "
      + "created_at, updated_at, identity_status) SELECT id, 'Rousset', 'Marcelle Jeanne', 'Dupré', "
      + "'1936-03-14', 'F', 'rousset dupre marcelle jeanne', 't', 't', 'QUAL' FROM crt WHERE code = 'old'");
    sql("INSERT INTO person (crt_id, birth_name, first_names, birth_date, sex, search_key, created_at, "
      + "updated_at) SELECT id, 'BOUDON', 'GERMAINE', '1934-07-21', 'F', 'boudon germaine', 't', 't' FROM crt "
      + "WHERE code = 'old'");
    r = run(['migrate', '--db', db.url]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql('SELECT birth_name, first_names, birth_name_typed, first_names_typed, used_name, '
      + "identity_status FROM person WHERE birth_date = '1936-03-14'"),
    'ROUSSET|MARCELLE JEANNE|Rousset|Marcelle Jeanne|Dupré|QUAL');
    assert.equal(sql("SELECT birth_name, birth_name_typed FROM person WHERE birth_date = '1934-07-21'"),
      'BOUDON|');
    // The search keys of both (the changed row by the migration, the
    // other by the start's backfill), under their own CRT.
    assert.equal(sql("SELECT COUNT(DISTINCT k.person_id) FROM person_name_key k JOIN crt ON "
      + "crt.id = k.crt_id WHERE crt.code = 'old' AND k.kind = 't' AND k.key IN ('rousset', 'boudon')"), '2');
    // Run again: nothing changes.
    r = run(['migrate', '--db', db.url]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql("SELECT birth_name_typed FROM person WHERE birth_date = '1936-03-14'"), 'Rousset');
  } finally {
    db.cleanup();
  }
});
