// Administration: accounts (list, create, disable) and the editable
// profession × category matrix, within the legal ceilings of the roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, DEMO_PASSWORD } from './lib/server.mjs';
import { assertError, assertUser, personIds, keys, sql, stopServer } from './lib/util.mjs';

// Set to false once POST/PATCH /api/v1/users no longer crash the server.
const USERS_TODO = 'server bug: POST/PATCH /api/v1/users crash the server (SIGSEGV): '
  + 'api_user.c user_pw_prepare() reads req->route->method, server.c never sets req.route';

const DEMO_LOGINS = ['admin', 'aide', 'coordination', 'dac48', 'direction', 'ergo', 'ide', 'medecin',
  'psy', 'secretariat'];
let srv;
const c = {};
let ids;

before(async () => {
  srv = await startServer();
  for (const a of ['admin', 'direction', 'coordination', 'medecin', 'aide', 'dac48', 'secretariat']) {
    c[a] = await login(srv.base, a);
  }
  ids = await personIds(c.coordination);
});
after(async () => { await srv?.stop(); });

async function usersSnapshot() {
  const r = await c.admin.get('/api/v1/users');
  assert.equal(r.status, 200);
  return r.json;
}

test('GET /api/v1/users: the CRT accounts, never a password', async () => {
  const r = await c.admin.get('/api/v1/users');
  assert.equal(r.status, 200);
  assert.deepEqual(keys(r.json), ['items']);
  r.json.items.forEach(assertUser);
  assert.deepEqual(r.json.items.map((u) => u.login), DEMO_LOGINS, 'sorted by login');
  assert.ok(!/pw_hash|argon2|"password"/.test(r.text));
  const dac = r.json.items.find((u) => u.login === 'dac48');
  assert.equal(dac.role, 'partenaire');
  assert.equal(dac.role_label, 'Partenaire externe');
  assert.equal(dac.org_name, 'DAC de la Lozère (DAC 48)');
  const coord = r.json.items.find((u) => u.login === 'coordination');
  assert.equal(coord.profession, 'idec');
  assert.equal(coord.org_name, 'EHPAD du CH Fanny Ramadier — CRT Nord Lozère');
  assert.equal(coord.disabled, false);
});

test('accounts and matrix edits are the administrator\'s: others get 403 role.forbidden', async () => {
  for (const a of ['direction', 'coordination', 'medecin', 'dac48', 'secretariat']) {
    assertError(await c[a].get('/api/v1/users'), 403, 'role.forbidden');
    assertError(await c[a].post('/api/v1/users', { login: 'x' + a, display_name: 'X', role: 'soignant',
      profession: 'ide' }), 403, 'role.forbidden');
    assertError(await c[a].patch('/api/v1/users/1', { disabled: true }), 403, 'role.forbidden');
    assertError(await c[a].put('/api/v1/access/matrix', { items: [] }), 403, 'role.forbidden');
  }
  for (const a of ['direction', 'coordination']) {
    assert.equal((await c[a].get('/api/v1/access/matrix')).status, 200, a);
  }
  for (const a of ['medecin', 'aide', 'dac48', 'secretariat']) {
    assertError(await c[a].get('/api/v1/access/matrix'), 403, 'role.forbidden');
  }
  assert.deepEqual((await usersSnapshot()).items.map((u) => u.login), DEMO_LOGINS);
});

test('POST /api/v1/users: input refused before anything is done (422/400, stable codes)', async () => {
  const ok = { login: 'nouvelle', display_name: 'Anne Nouvelle', role: 'soignant', profession: 'ide' };
  const cases = [
    [{ role: 'chef' }, 422, 'user.role.invalid', 'role'],
    [{ profession: 'sorcier' }, 422, 'user.profession.invalid', 'profession'],
    [{ login: 'a' }, 422, 'user.login.too_short', 'login'],
    [{ login: 'x'.repeat(65) }, 422, 'user.login.too_long', 'login'],
    [{ display_name: undefined }, 422, 'user.display_name.required', 'display_name'],
    [{ org_id: 'deux' }, 400, 'user.org_id.type', 'org_id'],
    [{ org_id: 0 }, 422, 'user.org_id.range', 'org_id'],
    [{ disabled: true }, 400, 'user.unknown_field', 'disabled'],
    [{ role: ['admin'] }, 400, 'user.role.type', 'role'],
  ];
  for (const [extra, status, code, field] of cases) {
    const body = { ...ok, ...extra };
    for (const k of Object.keys(extra)) if (extra[k] === undefined) delete body[k];
    assertError(await c.admin.post('/api/v1/users', body), status, code, field);
  }
  assertError(await c.admin.patch('/api/v1/users/2', { disabled: 'oui' }), 400, 'user.disabled.type', 'disabled');
  assertError(await c.admin.patch('/api/v1/users/2', { login: 'autre' }), 400, 'user.unknown_field', 'login');
  assert.deepEqual((await usersSnapshot()).items.map((u) => u.login), DEMO_LOGINS);
});

// ---- Account creation and changes, on their own server (see USERS_TODO).
let usrv;
const u = {};
async function userServer() {
  if (!usrv) {
    usrv = await startServer();
    u.admin = await login(usrv.base, 'admin');
  }
  return usrv;
}
after(async () => { await stopServer(usrv); });

test('create an account: 201, generated password shown once, it works', async () => {
  const s = await userServer();
  const r = await u.admin.post('/api/v1/users', { login: 'nouvelle', display_name: 'Anne Nouvelle',
    role: 'soignant', profession: 'ide' });
  assert.equal(r.status, 201, r.text);
  assertUser(r.json);
  assert.equal(r.json.login, 'nouvelle');
  assert.equal(r.json.role, 'soignant');
  assert.equal(r.json.profession, 'ide');
  assert.equal(r.json.disabled, false);
  assert.equal(r.json.org_name, 'EHPAD du CH Fanny Ramadier — CRT Nord Lozère', 'team: the CRT');
  assert.equal(typeof r.json.password, 'string');
  assert.ok(r.json.password.length >= 12, r.json.password);
  const list = await u.admin.get('/api/v1/users');
  assert.ok(list.json.items.some((x) => x.login === 'nouvelle'));
  assert.ok(!list.text.includes(r.json.password), 'shown once only');
  const n = await login(s.base, 'nouvelle', r.json.password);
  assert.equal(n.user.role, 'soignant');
  assert.deepEqual(sql(s.db, "SELECT action, outcome FROM trace WHERE action = 'user.create' "
    + `AND request_id = '${r.headers.get('x-request-id')}'`), [['user.create', 'ok']]);

  // A chosen password is not echoed.
  const p = await u.admin.post('/api/v1/users', { login: 'choisi', display_name: 'Mot Choisi',
    role: 'intervenant', profession: 'psychologue', password: 'un-mot-de-passe-choisi' });
  assert.equal(p.status, 201, p.text);
  assert.ok(!('password' in p.json));
  await login(s.base, 'choisi', 'un-mot-de-passe-choisi');
});

test('create an account: conflicts and rules (409 taken, 422 org/role, short password)', async () => {
  await userServer();
  const base = { display_name: 'X Y', role: 'soignant', profession: 'ide' };
  const taken = assertError(await u.admin.post('/api/v1/users', { ...base, login: 'medecin' }), 409,
    'user.login.taken', 'login');
  assert.match(taken.message, /déjà utilisé/);
  assertError(await u.admin.post('/api/v1/users', { ...base, login: 'Anne Nouvelle' }), 422,
    'user.login.invalid', 'login');
  assertError(await u.admin.post('/api/v1/users', { ...base, login: '.point' }), 422,
    'user.login.invalid', 'login');
  const orgs = (await u.admin.get('/api/v1/orgs')).json.items;
  const self = orgs.find((o) => o.is_self);
  const dac = orgs.find((o) => o.type === 'dac');
  // A partner belongs to a partner organisation, the team to the CRT.
  assertError(await u.admin.post('/api/v1/users', { ...base, login: 'part1', role: 'partenaire',
    profession: 'coordinateur_parcours' }), 422, 'user.org_id.partner_self', 'org_id');
  assertError(await u.admin.post('/api/v1/users', { ...base, login: 'part2', role: 'partenaire',
    profession: 'coordinateur_parcours', org_id: self.id }), 422, 'user.org_id.partner_self', 'org_id');
  assertError(await u.admin.post('/api/v1/users', { ...base, login: 'team1', org_id: dac.id }), 422,
    'user.org_id.team_external', 'org_id');
  assertError(await u.admin.post('/api/v1/users', { ...base, login: 'team2', org_id: 999999 }), 404,
    'org.not_found');
  assertError(await u.admin.post('/api/v1/users', { ...base, login: 'court', password: 'court' }), 422,
    'user.password.too_short', 'password');
  const part = await u.admin.post('/api/v1/users', { ...base, login: 'part3', role: 'partenaire',
    profession: 'coordinateur_parcours', org_id: dac.id });
  assert.equal(part.status, 201, part.text);
  assert.equal(part.json.org_id, dac.id);
  const logins = (await u.admin.get('/api/v1/users')).json.items.map((x) => x.login);
  for (const l of ['part1', 'part2', 'team1', 'team2', 'court']) assert.ok(!logins.includes(l), l);
});

test('disable an account: its sessions die, its login fails; re-enable', async () => {
  const s = await userServer();
  const victim = await login(s.base, 'ide');
  const other = await login(s.base, 'aide');
  const id = victim.user.id;
  const r = await u.admin.patch(`/api/v1/users/${id}`, { disabled: true });
  assert.equal(r.status, 200, r.text);
  assertUser(r.json);
  assert.equal(r.json.disabled, true);
  assertError(await victim.get('/api/v1/session'), 401, 'auth.required');
  assertError(await victim.get('/api/v1/persons'), 401, 'auth.required');
  const again = await fetch(s.base + '/api/v1/session', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'ide', password: DEMO_PASSWORD }) });
  assert.equal(again.status, 401);
  assert.equal((await again.json()).error.code, 'auth.invalid');
  assert.equal((await other.get('/api/v1/session')).status, 200, 'other sessions live on');
  const listed = (await u.admin.get('/api/v1/users')).json.items;
  assert.equal(listed.at(-1).login, 'ide', 'disabled accounts listed last');

  const back = await u.admin.patch(`/api/v1/users/${id}`, { disabled: false });
  assert.equal(back.json.disabled, false);
  await login(s.base, 'ide');

  // Role change and password reset by the administrator.
  const ch = await u.admin.patch(`/api/v1/users/${id}`, { role: 'direction', profession: 'directeur' });
  assert.equal(ch.status, 200);
  assert.equal(ch.json.role, 'direction');
  const reset = await u.admin.patch(`/api/v1/users/${id}`, { password: 'reinitialise-par-admin' });
  assert.equal(reset.status, 200);
  const d = await login(s.base, 'ide', 'reinitialise-par-admin');
  assert.equal(d.user.role, 'direction');

  assertError(await u.admin.patch(`/api/v1/users/${u.admin.user.id}`, { disabled: true }), 422,
    'user.disabled.self', 'disabled');
  assertError(await u.admin.patch(`/api/v1/users/${u.admin.user.id}`,
    { role: 'direction', profession: 'directeur' }), 422, 'user.role.self', 'role');
  // A role must fit the profession (a secretary is never a doctor).
  assertError(await u.admin.patch(`/api/v1/users/${id}`, { role: 'medecin', profession: 'secretaire' }),
    422, 'user.role.profession', 'role');
  assertError(await u.admin.patch('/api/v1/users/999999', { disabled: true }), 404, 'user.not_found');
  assertError(await u.admin.patch(`/api/v1/users/${id}`, { password: 'court' }), 422,
    'user.password.too_short', 'password');
});

// ---- The matrix.
async function matrix(cl = c.admin) {
  const r = await cl.get('/api/v1/access/matrix');
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}
const cell = (items, p, cat) => items.find((x) => x.profession === p && x.category === cat);
const put = (items) => c.admin.put('/api/v1/access/matrix', { items });

test('GET /api/v1/access/matrix: every profession × category, defaults in place', async () => {
  const items = await matrix();
  assert.equal(items.length, 17 * 5);
  for (const it of items) {
    assert.deepEqual(keys(it), ['category', 'profession', 'read', 'write']);
    assert.equal(typeof it.read, 'boolean');
    if (it.write) assert.ok(it.read, `${it.profession}/${it.category}: write implies read`);
  }
  assert.deepEqual(cell(items, 'secretaire', 'admin'), { profession: 'secretaire', category: 'admin', read: true, write: true });
  assert.equal(cell(items, 'secretaire', 'medical').read, false);
  assert.ok(items.filter((x) => x.profession === 'administrateur').every((x) => !x.read && !x.write));
  assert.equal(cell(items, 'coordinateur_parcours', 'medical').read, false);
  assert.equal(cell(items, 'medecin', 'psy').write, true);
  assert.deepEqual(await matrix(c.direction), items);
});

test('PUT matrix within bounds: the change takes effect at once; objections still apply', async () => {
  const before = await matrix();
  assertError(await c.dac48.get(`/api/v1/persons/${ids.ROUSSET}/accesses`), 403, 'role.forbidden');
  const r0 = await c.dac48.get(`/api/v1/persons/${ids.ROUSSET}`);
  assert.ok(!r0.json.access.read.includes('medical'));

  const r = await put([{ profession: 'coordinateur_parcours', category: 'medical', read: true, write: false }]);
  assert.equal(r.status, 200, r.text);
  assert.equal(cell(r.json.items, 'coordinateur_parcours', 'medical').read, true);
  const rousset = await c.dac48.get(`/api/v1/persons/${ids.ROUSSET}`);
  assert.deepEqual(rousset.json.access.read, ['admin', 'social', 'soins', 'medical']);
  assert.equal(rousset.json.data.medical, 'Insuffisance cardiaque, AVK.');
  // VALENTIN objected to sharing medical data with partners.
  const valentin = await c.dac48.get(`/api/v1/persons/${ids.VALENTIN}`);
  assert.equal(valentin.status, 200);
  assert.deepEqual(valentin.json.access.read, ['admin', 'social', 'soins']);
  assert.ok(!('medical' in valentin.json.data));
  // Beyond the partner's write ceiling nothing opens.
  assertError(await c.dac48.patch(`/api/v1/persons/${ids.ROUSSET}`, { data: { medical: 'x' } }), 403,
    'access.denied');

  // Narrowing: the care aide loses the social notes.
  const n = await put([{ profession: 'aide_soignant', category: 'social', read: false, write: false }]);
  assert.equal(n.status, 200, n.text);
  const aide = await c.aide.get(`/api/v1/persons/${ids.ROUSSET}`);
  assert.deepEqual(aide.json.access.read, ['admin', 'soins']);
  assert.ok(!('social' in aide.json.data));

  // Restore; both edits are traced.
  const back = await put([
    { profession: 'coordinateur_parcours', category: 'medical', read: false, write: false },
    { profession: 'aide_soignant', category: 'social', read: true, write: false },
  ]);
  assert.equal(back.status, 200);
  assert.deepEqual(back.json.items, before);
  assert.ok(!(await c.dac48.get(`/api/v1/persons/${ids.ROUSSET}`)).json.access.read.includes('medical'));
  const rows = sql(srv.db, "SELECT categories, detail FROM trace WHERE action = 'access.rule' "
    + `AND request_id = '${r.headers.get('x-request-id')}'`);
  assert.deepEqual(rows, [['medical', 'coordinateur_parcours lecture=1 écriture=0']]);
});

test('PUT matrix beyond the legal bounds or incoherent: 422, nothing changed', async () => {
  const before = await matrix();
  const e = assertError(await put([{ profession: 'administrateur', category: 'admin', read: true,
    write: false }]), 422, 'access.rule.out_of_bounds', 'items');
  assert.match(e.message, /limites légales/);
  assertError(await put([{ profession: 'ide', category: 'soins', read: false, write: true }]), 422,
    'access.rule.write_without_read', 'items');
  // All or nothing: a valid first item is not kept when a later one fails.
  assertError(await put([
    { profession: 'animateur', category: 'soins', read: true, write: false },
    { profession: 'administrateur', category: 'psy', read: true, write: false },
  ]), 422, 'access.rule.out_of_bounds');
  assertError(await put([{ profession: 'sorcier', category: 'soins', read: true, write: false }]), 422,
    'access.items.profession.invalid', 'items.0.profession');
  assertError(await put([{ profession: 'ide', category: 'finance', read: true, write: false }]), 422,
    'access.items.category.invalid', 'items.0.category');
  assertError(await put([{ profession: 'ide', category: 'soins', read: 1, write: false }]), 400,
    'access.items.read.type', 'items.0.read');
  assertError(await put([{ profession: 'ide', category: 'soins', read: true }]), 422,
    'access.items.write.required', 'items.0.write');
  assertError(await c.admin.put('/api/v1/access/matrix', { items: {} }), 400, 'access.items.type', 'items');
  assertError(await c.admin.put('/api/v1/access/matrix', {}), 422, 'access.items.required', 'items');
  assertError(await put(Array.from({ length: 86 }, () => ({ profession: 'ide', category: 'soins',
    read: true, write: true }))), 422, 'access.items.too_long', 'items');
  assert.deepEqual(await matrix(), before);
  const noop = await put([]);
  assert.equal(noop.status, 200);
  assert.deepEqual(noop.json.items, before);
});

test('PUT matrix: a profession may not exceed its role\'s ceiling (secretaire never reads medical)', async () => {
  const before = await matrix();
  try {
    assertError(await put([{ profession: 'secretaire', category: 'medical', read: true, write: false }]),
      422, 'access.rule.out_of_bounds', 'items');
    assertError(await put([{ profession: 'directeur', category: 'medical', read: true, write: false }]),
      422, 'access.rule.out_of_bounds', 'items');
    assertError(await put([{ profession: 'coordinateur_parcours', category: 'social', read: true,
      write: true }]), 422, 'access.rule.out_of_bounds', 'items');
  } finally {
    await put(before.filter((x) => ['secretaire', 'directeur', 'coordinateur_parcours'].includes(x.profession)));
  }
});

test('PUT matrix: a profession without `admin` read sees nobody, in lists too', async () => {
  const r = await put([{ profession: 'aide_soignant', category: 'admin', read: false, write: false }]);
  assert.equal(r.status, 200, r.text);
  try {
    assertError(await c.aide.get(`/api/v1/persons/${ids.ROUSSET}`), 403, 'access.denied');
    const l = await c.aide.get('/api/v1/persons');
    assert.ok(l.status === 403 || l.json.total === 0, `list: ${l.status} ${l.text.slice(0, 80)}`);
  } finally {
    await put([{ profession: 'aide_soignant', category: 'admin', read: true, write: false }]);
  }
});
