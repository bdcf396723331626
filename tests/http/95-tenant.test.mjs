// Two CRTs in one database: nothing of one is visible, reachable or
// matched from the other (people, accounts, organisations, matrix, trace).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, run, tempDb } from './lib/server.mjs';
import { assertError, personIds, accesses, sql, stopServer, twoCrts } from './lib/util.mjs';

const PW2 = 'autre-crt-admin-2';
const PWC = 'coordination-deux';
let db;
let srv;
const c = {};	// CRT 1 (demo) clients
const d = {};	// CRT 2 clients
let ids;	// CRT 1 people
let p2;	// the CRT 2 person
let rousset;

before(async () => {
  db = tempDb();
  const r = twoCrts(db, PW2, PWC);
  assert.match(r.stdout, /CRT « other » prêt, administrateur « admin2 » créé/);
  assert.doesNotMatch(r.stdout, /Mot de passe/, 'a given password is not printed');
  srv = await startServer({ db, demo: false });
  for (const a of ['admin', 'coordination', 'medecin', 'ergo', 'dac48']) c[a] = await login(srv.base, a);
  d.admin = await login(srv.base, 'admin2', PW2);
  d.coord = await login(srv.base, 'coord2', PWC);
  ids = await personIds(c.coordination);
  rousset = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}`)).json;
  // The same identity and INS as CRT 1's ROUSSET, in CRT 2.
  const cr = await d.coord.post('/api/v1/persons', { birth_name: 'ROUSSET', first_names: 'Marcelle Jeanne',
    birth_date: rousset.birth_date, sex: 'F', ins: rousset.ins, ins_oid: rousset.ins_oid,
    data: { soins: 'Suivie par le CRT 2.' } });
  assert.equal(cr.status, 201, cr.text);
  p2 = cr.json;
});
after(async () => { await stopServer(srv); });

test('init: the second CRT and its administrator; CLI refusals', () => {
  assert.equal(d.admin.user.crt.code, 'other');
  assert.equal(d.admin.user.crt.name, 'Autre CRT');
  assert.equal(d.admin.user.role, 'admin');
  assert.equal(d.coord.user.crt.code, 'other');
  assert.equal(c.coordination.user.crt.name, 'CRT Nord Lozère');
  assert.notEqual(d.admin.user.org.id, c.admin.user.org.id);
  let r = run(['init', '--db', db.url, '--crt', 'trois', '--admin', 'admin3'], { input: 'court\n' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /au moins 12 caractères/);
  // Issue 8 review point 13: a weak password gets the policy's real reason.
  for (const weak of ['Welcome12345', 'aaaaaaaaaaaa']) {
    r = run(['init', '--db', db.url, '--crt', 'trois', '--admin', 'admin3'], { input: weak + '\n' });
    assert.equal(r.status, 2, weak);
    assert.match(r.stderr, /trop facile à deviner/, weak);
    assert.doesNotMatch(r.stderr, /12 caractères/, weak);
    r = run(['user', 'add', '--db', db.url, '--crt', 'other', '--login', 'faible', '--name', 'Faible',
      '--role', 'soignant', '--profession', 'ide'], { input: weak + '\n' });
    assert.equal(r.status, 2, weak);
    assert.match(r.stderr, /trop facile à deviner/, weak);
  }
  // Logins are unique across the whole database.
  r = run(['user', 'add', '--db', db.url, '--crt', 'other', '--login', 'coordination', '--name', 'X',
    '--role', 'soignant', '--profession', 'ide'], { input: 'mot-de-passe-long\n' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /déjà utilisé/);
  // A name with a control character (or invalid UTF-8) is refused, nothing stored.
  r = run(['user', 'add', '--db', db.url, '--crt', 'other', '--login', 'ctl2', '--name', 'Bad\u0007',
    '--role', 'soignant', '--profession', 'ide'], { input: 'mot-de-passe-long\n' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /texte UTF-8 sans caractère de contrôle/);
});

test('a person of CRT 2 is flagged against CRT 2 only (no cross-tenant duplicate)', () => {
  assert.deepEqual(p2.possible_duplicates, []);
  assert.equal(p2.ins, rousset.ins);
  assert.notEqual(p2.id, rousset.id);
});

test('CRT 1 users get 404 for CRT 2 person ids and never see them in lists', async () => {
  const pid = p2.id;
  for (const a of ['coordination', 'medecin', 'ergo', 'dac48']) {
    assertError(await c[a].get(`/api/v1/persons/${pid}`), 404, 'person.not_found');
    assertError(await c[a].patch(`/api/v1/persons/${pid}`, { data: { soins: 'x' } }), 404, 'person.not_found');
    const l = await c[a].get('/api/v1/persons?limit=200');
    assert.ok(!l.json.items.some((p) => p.id === pid), a);
  }
  assertError(await c.coordination.post(`/api/v1/persons/${pid}/circle`,
    { user_id: c.ergo.user.id, role: 'x' }), 404, 'person.not_found');
  assertError(await c.coordination.post(`/api/v1/persons/${pid}/objections`, { category: 'psy' }), 404,
    'person.not_found');
  assertError(await c.medecin.post(`/api/v1/persons/${pid}/breakglass`,
    { reason: 'Essai entre deux CRT' }), 404, 'person.not_found');
  assertError(await c.coordination.get(`/api/v1/persons/${pid}/accesses`), 404, 'person.not_found');
  assertError(await c.coordination.get(`/api/v1/persons/${pid}/accesses?format=csv`), 404, 'person.not_found');
  const s = await c.coordination.get('/api/v1/persons?q=rousset');
  assert.deepEqual(s.json.items.map((p) => p.id), [rousset.id]);
  assert.equal(s.json.total, 1);
  // CRT 2's record is untouched.
  const back = await d.coord.get(`/api/v1/persons/${pid}`);
  assert.equal(back.json.data.soins, 'Suivie par le CRT 2.');
  assert.deepEqual(back.json.circle, []);
  assert.deepEqual(back.json.objections, []);
});

// Issue 10 §3-4: the fuzzy search and the duplicate check before a
// creation never reach another CRT, not even as a count.
test('fuzzy search and candidates stay within the CRT', async () => {
  for (const q of ['rouset marcelle', 'Marcelle Rousset', '14031936']) {
    assert.deepEqual((await c.coordination.get('/api/v1/persons?q=' + encodeURIComponent(q))).json.items
      .map((p) => p.id), [rousset.id], q);
    assert.deepEqual((await d.coord.get('/api/v1/persons?q=' + encodeURIComponent(q))).json.items
      .map((p) => p.id), [p2.id], q);
  }
  const probe = { birth_name: 'Rouset', first_names: 'Marcelle', birth_date: rousset.birth_date };
  let r = await c.coordination.post('/api/v1/persons/candidates', probe);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((p) => p.id), [rousset.id]);
  assert.equal(r.json.hidden, 0, 'CRT 2\'s person is not even counted');
  r = await d.coord.post('/api/v1/persons/candidates', probe);
  assert.deepEqual(r.json.items.map((p) => p.id), [p2.id]);
  assert.equal(r.json.hidden, 0);
});

test('and vice versa: CRT 2 users get 404 for CRT 1 people, users and organisations', async () => {
  for (const n of Object.keys(ids)) {
    assertError(await d.coord.get(`/api/v1/persons/${ids[n]}`), 404, 'person.not_found');
  }
  assertError(await d.coord.patch(`/api/v1/persons/${ids.ROUSSET}`, { used_name: 'X' }), 404, 'person.not_found');
  assertError(await d.coord.post(`/api/v1/persons/${ids.ROUSSET}/breakglass`,
    { reason: 'Essai entre deux CRT' }), 404, 'person.not_found');
  const l = await d.coord.get('/api/v1/persons?limit=200');
  assert.deepEqual(l.json.items.map((p) => p.id), [p2.id]);
  assert.equal(l.json.total, 1);
  assert.equal((await d.coord.get('/api/v1/persons?q=teissier')).json.total, 0);
  // CRT 1's accounts and organisations cannot be put in a CRT 2 circle.
  const dac = (await c.coordination.get('/api/v1/orgs')).json.items.find((o) => o.type === 'dac');
  assertError(await d.coord.post(`/api/v1/persons/${p2.id}/circle`, { user_id: c.ergo.user.id, role: 'x' }),
    404, 'user.not_found');
  assertError(await d.coord.post(`/api/v1/persons/${p2.id}/circle`, { org_id: dac.id, role: 'x' }),
    404, 'org.not_found');
  assertError(await d.coord.post(`/api/v1/persons/${p2.id}/objections`, { org_id: dac.id }), 404,
    'org.not_found');
  // CRT 1's DAC user gains nothing from a CRT 2 circle either.
  assertError(await c.dac48.get(`/api/v1/persons/${p2.id}`), 404, 'person.not_found');
});

test('accounts, organisations and the matrix are per CRT', async () => {
  const u2 = (await d.admin.get('/api/v1/users')).json.items.map((u) => u.login);
  assert.deepEqual(u2, ['admin2', 'coord2']);
  const u1 = (await c.admin.get('/api/v1/users')).json.items.map((u) => u.login);
  assert.ok(!u1.includes('admin2') && !u1.includes('coord2'));
  assert.equal(u1.length, 11);	// the 10 demo staff accounts and the proche (issue 11)
  const o2 = (await d.admin.get('/api/v1/orgs')).json.items;
  assert.deepEqual(o2.map((o) => [o.name, o.type, o.is_self]), [['Autre CRT', 'crt', true]]);
  const o1 = (await c.coordination.get('/api/v1/orgs')).json.items;
  assert.equal(o1.length, 8, 'the CRT itself and the seven demo partners (issue 11: the private nurse)');
  assert.ok(!o1.some((o) => o.id === o2[0].id));

  const m2 = (await d.admin.get('/api/v1/access/matrix')).json.items;
  assert.equal(m2.length, 85);
  const r = await c.admin.put('/api/v1/access/matrix', { items: [{ profession: 'ide', category: 'psy',
    read: true, write: false }] });
  assert.equal(r.status, 200);
  assert.deepEqual((await d.admin.get('/api/v1/access/matrix')).json.items, m2, 'CRT 2 matrix untouched');
  await c.admin.put('/api/v1/access/matrix', { items: [{ profession: 'ide', category: 'psy', read: false,
    write: false }] });
});

test('each CRT has its own intact trace chain', async () => {
  const rows = await accesses(d.coord, p2.id);
  assert.ok(rows.length >= 2);
  assert.ok(rows.every((t) => ['coord2'].includes(t.login)), JSON.stringify(rows));
  const crts = sql(db, 'SELECT c.code, COUNT(t.id) FROM crt c LEFT JOIN trace t ON t.crt_id = c.id '
    + 'GROUP BY c.code ORDER BY c.code');
  assert.equal(crts.length, 2);
  assert.ok(crts.every(([, n]) => Number(n) > 0));
  const v = run(['audit', 'verify', '--db', db.url]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /trace intègre/);
});

// SPEC: issue 8 point 7 — another CRT's administrator cannot learn which
// logins exist: on a shared host every login an administrator creates is
// scoped by its CRT's code, so "taken" only ever speaks of one's own CRT.
test('logins: a login of another CRT answers exactly like a free one; taken only within one\'s CRT', async () => {
  const shape = (r) => ({ status: r.status, keys: Object.keys(r.json).sort(),
    rkeys: r.json.request ? Object.keys(r.json.request).sort() : null, message: r.json.message ?? null });
  const body = (login) => ({ login, display_name: 'Même Nom', role: 'soignant', profession: 'ide' });
  // 'medecin' exists in CRT 1; 'libre-nulle-part' nowhere.
  const taken = await d.admin.post('/api/v1/users', body('medecin'));
  const free = await d.admin.post('/api/v1/users', body('libre-nulle-part'));
  assert.equal(taken.status, 202, taken.text);
  assert.deepEqual(shape(taken), shape(free));
  assert.equal(taken.json.request.login, 'medecin.other');
  assert.equal(free.json.request.login, 'libre-nulle-part.other');
  // Approved by CRT 2's coordination: created, CRT 1's medecin untouched.
  const ok = await d.coord.post(`/api/v1/account-requests/${taken.json.request.id}/approve`, {});
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.user.login, 'medecin.other');
  const m2 = await login(srv.base, 'medecin.other', ok.json.password);
  assert.equal(m2.user.crt.code, 'other');
  assert.equal((await login(srv.base, 'medecin')).user.crt.code, c.medecin.user.crt.code);
  // A direct creation (no access to records) too; CRT 1's side as well.
  const s1 = await c.admin.post('/api/v1/users', { login: 'coord2', display_name: 'Homonyme',
    role: 'admin', profession: 'administrateur' });
  assert.equal(s1.status, 201, s1.text);
  assert.equal(s1.json.login, `coord2.${c.admin.user.crt.code.toLowerCase().replace(/[^a-z0-9]/g, '-')}`);
  // Taken inside one's own CRT: 409, whether asked with or without the suffix.
  for (const l of ['medecin', 'medecin.other']) {
    assertError(await d.admin.post('/api/v1/users', body(l)), 409, 'user.login.taken', 'login');
  }
});

test('accounts created through the API stay in their CRT', async () => {
  // Last test of the file: the bug takes the server down.
  // A secretariat account reads identities: a request CRT 2's coordination
  // approves (issue 8 review).
  const q = await d.admin.post('/api/v1/users', { login: 'secr2', display_name: 'Secrétaire Deux',
    role: 'secretariat', profession: 'secretaire' });
  assert.equal(q.status, 202, q.text);
  const ok = await d.coord.post(`/api/v1/account-requests/${q.json.request.id}/approve`, {});
  assert.equal(ok.status, 200, ok.text);
  const r = { json: { ...ok.json.user, password: ok.json.password } };
  assert.equal(r.json.org_name, 'Autre CRT');
  // Several CRTs on the host: the login carries the CRT's code.
  assert.equal(r.json.login, 'secr2.other');
  assertError(await c.admin.patch(`/api/v1/users/${r.json.id}`, { disabled: true }), 404, 'user.not_found');
  assertError(await d.admin.patch(`/api/v1/users/${c.coordination.user.id}`, { disabled: true }), 404,
    'user.not_found');
  const s = await login(srv.base, 'secr2.other', r.json.password);
  assert.equal(s.user.crt.code, 'other');
  assert.equal((await s.put('/api/v1/session/password', { current: r.json.password,
    new: 'Registre-des-entrees-2' })).status, 204);
  assert.deepEqual((await s.get('/api/v1/persons')).json.items.map((p) => p.id), [p2.id]);
});
