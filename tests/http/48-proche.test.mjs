// Issue 11 « The person and her caregiver see the planning »: the proche
// account. A coordinator invites from the person's record (a link valid
// 7 days, one use, stored hashed), the proche chooses a password through
// it (the policy applies) and is signed in; expired, used and revoked
// links say so and change nothing; unknown tokens are throttled like
// logins; revocation ends the sessions at once; the account is refused
// every route of the OpenAPI document but its session, its password and
// its planning; another CRT's coordinator reaches nothing of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, login, run, tempDb, DEMO_PASSWORD } from './lib/server.mjs';
import { assertError, personIds, accesses, sql, stopServer } from './lib/util.mjs';

const PWC = 'coordination-deux';
const GOOD = 'Tisane-du-soir-42';
let srv;
const c = {};
let ids;

function post(path, body, headers = {}) {
  return fetch(srv.base + path, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }).then(async (r) => {
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: r.status, json, text, headers: r.headers };
  });
}
const check = (token, headers) => post('/api/v1/invitation/check', { token }, headers);
const accept = (token, password, headers) => post('/api/v1/invitation', { token, password }, headers);
const hashOf = (token) => createHash('blake2b512').update(token).digest('hex');	// not the stored one
let loginSeq = 0;
const newLogin = () => `proche-test-${++loginSeq}`;

async function invite(pid, extra = {}) {
  const r = await c.coordination.post(`/api/v1/persons/${pid}/proches`, {
    login: newLogin(), display_name: 'Colette Rousset', for: 'aidant', relation: 'Fille', ...extra,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

before(async () => {
  const db = tempDb();
  let r = run(['demo', '--db', db.url]);
  assert.equal(r.status, 0, r.stderr);
  r = run(['init', '--db', db.url, '--crt', 'other', '--crt-name', 'Autre CRT', '--admin', 'admin2'],
    { input: 'autre-crt-admin-2\n' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  r = run(['user', 'add', '--db', db.url, '--crt', 'other', '--login', 'coord2', '--name', 'Coord Deux',
    '--role', 'coordinateur', '--profession', 'idec'], { input: PWC + '\n' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  srv = await startServer({ db, demo: false, args: ['--trust-proxy'] });
  for (const a of ['coordination', 'direction', 'secretariat', 'medecin', 'admin', 'ide'])
    c[a] = await login(srv.base, a);
  c.coord2 = await login(srv.base, 'coord2', PWC);
  ids = await personIds(c.coordination);
});
after(async () => { await stopServer(srv); });

test('the demo proche: Colette Rousset, bound to ROUSSET, reads nothing but her session', async () => {
  const p = await login(srv.base, 'proche');
  assert.equal(p.user.role, 'proche');
  assert.equal(p.user.role_label, 'Proche (personne ou aidant)');
  assert.equal(p.user.display_name, 'Colette Rousset');
  assert.deepEqual(p.user.permissions, ['proche.planning']);
  const l = await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/proches`);
  assert.equal(l.status, 200, l.text);
  const demo = l.json.items.find((x) => x.login === 'proche');
  assert.equal(demo.status, 'active');
  assert.equal(demo.for, 'aidant');
  assert.equal(demo.relation, 'Fille');
  assert.equal(demo.invited_until, null);
  assert.ok(demo.activated_at);
  // Not of the team, not of the care circles.
  const team = await c.coordination.get('/api/v1/team');
  assert.ok(!team.json.items.some((m) => m.role === 'proche'));
  const add = await c.coordination.post(`/api/v1/persons/${ids.ROUSSET}/circle`,
    { user_id: p.user.id, role: 'Fille' });
  assertError(add, 422, 'circle.member.proche', 'user_id');
});

test('invite: only the coordination, from a record it may write; the reply carries the link once', async () => {
  for (const a of ['direction', 'secretariat', 'medecin', 'admin', 'ide']) {
    const r = await c[a].post(`/api/v1/persons/${ids.ROUSSET}/proches`,
      { login: newLogin(), display_name: 'X', for: 'personne' });
    assertError(r, 403, 'role.forbidden');
    const g = await c[a].get(`/api/v1/persons/${ids.ROUSSET}/proches`);
    assertError(g, 403, 'role.forbidden');
  }
  let r = await c.coordination.post(`/api/v1/persons/${ids.ROUSSET}/proches`,
    { login: newLogin(), display_name: 'X', for: 'aidant' });
  assertError(r, 422, 'proche.relation.required', 'relation');
  // Two CRTs on this host: the login gets the CRT's code, like an
  // administrator's (issue 8 point 7); taken means taken in this CRT.
  const taken = newLogin();
  r = await c.coordination.post(`/api/v1/persons/${ids.ROUSSET}/proches`,
    { login: taken, display_name: 'X', for: 'personne' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.proche.login, `${taken}.nord-lozere`);
  r = await c.coordination.post(`/api/v1/persons/${ids.ROUSSET}/proches`,
    { login: taken, display_name: 'X', for: 'personne' });
  assertError(r, 409, 'user.login.taken', 'login');
  r = await c.coordination.post('/api/v1/persons/999999/proches',
    { login: newLogin(), display_name: 'X', for: 'personne' });
  assertError(r, 404, 'person.not_found');
  const inv = await invite(ids.ROUSSET, { for: 'personne', relation: 'ignored', display_name: 'Marcelle Rousset' });
  assert.equal(inv.proche.status, 'invited');
  assert.equal(inv.proche.for, 'personne');
  assert.equal(inv.proche.relation, null);
  assert.match(inv.invitation.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(inv.invitation.path, `#/invitation/${inv.invitation.token}`);
  const days = (Date.parse(inv.invitation.expires_at) - Date.now()) / 86400e3;
  assert.ok(days > 6.99 && days <= 7, `valid 7 days (${days})`);
  // Stored hashed: the token is nowhere in the database.
  const rows = sql(srv.db, `SELECT token_hash FROM proche_invitation WHERE user_id = ${inv.proche.id}`);
  assert.equal(rows.length, 1);
  assert.notEqual(rows[0][0], inv.invitation.token);
  assert.match(rows[0][0], /^[0-9a-f]{64}$/);
  assert.notEqual(rows[0][0], hashOf(inv.invitation.token));
  // The account cannot sign in before choosing a password.
  r = await post('/api/v1/session', { login: inv.proche.login, password: '-' });
  assertError(r, 401, 'auth.invalid');
  // The invitation is traced on the record, as a write of its social part.
  const tr = await accesses(c.coordination, ids.ROUSSET, 20);
  const t = tr.find((x) => x.action === 'proche.invite');
  assert.ok(t, 'proche.invite traced');
  assert.equal(t.grant, 'normal');
  assert.equal(t.categories, 'social');
});

test('the link: shown, the password policy, one use, signs in', async () => {
  const inv = await invite(ids.ROUSSET);
  const tok = inv.invitation.token;
  let r = await check(tok);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.login, inv.proche.login);
  assert.equal(r.json.display_name, 'Colette Rousset');
  assert.equal(r.json.expires_at, inv.invitation.expires_at);
  for (const [pw, code] of [['court-court', 'password.new.too_short'], ['Welcome12345', 'password.new.weak'],
    [`xx${inv.proche.login}xx`, 'password.new.login'], ['aaaaaaaaaaaa', 'password.new.weak']]) {
    r = await accept(tok, pw);
    assertError(r, 422, code, 'password');
  }
  // Nothing changed: the link is still open.
  assert.equal((await check(tok)).status, 200);
  r = await accept(tok, GOOD);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.login, inv.proche.login);
  assert.equal(r.json.user.role, 'proche');
  assert.deepEqual(r.json.user.permissions, ['proche.planning']);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /^maillage_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
  const s = await fetch(srv.base + '/api/v1/session', { headers: { cookie: cookie.split(';')[0] } });
  assert.equal(s.status, 200);
  // Used: said so, and changes nothing (the password stays).
  r = await accept(tok, 'Autre-tisane-du-soir-43');
  assertError(r, 409, 'invitation.used', 'token');
  assert.match(r.json.error.message, /déjà servi/);
  assertError(await check(tok), 409, 'invitation.used', 'token');
  const p = await login(srv.base, inv.proche.login, GOOD);
  assert.equal(p.user.role, 'proche');
  const l = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/proches`)).json.items
    .find((x) => x.id === inv.proche.id);
  assert.equal(l.status, 'active');
  // The activation and the login are traced for the account.
  const tr = sql(srv.db, `SELECT action, outcome FROM trace WHERE user_id = ${inv.proche.id} ORDER BY seq`);
  assert.deepEqual(tr.slice(0, 2), [['proche.activate', 'ok'], ['auth.login', 'ok']]);
});

test('an expired link (7 days) says so and changes nothing; a new link replaces it', async () => {
  const inv = await invite(ids.ROUSSET);
  sql(srv.db, `UPDATE proche_invitation SET expires_at = '2020-01-01T00:00:00.000Z' WHERE user_id = ${inv.proche.id}`);
  let r = await check(inv.invitation.token);
  assertError(r, 409, 'invitation.expired', 'token');
  assert.match(r.json.error.message, /expiré/);
  r = await accept(inv.invitation.token, GOOD);
  assertError(r, 409, 'invitation.expired', 'token');
  assert.deepEqual(sql(srv.db, `SELECT CASE WHEN used_at IS NULL THEN 'open' ELSE 'used' END, pw_hash
    FROM proche_invitation i JOIN app_user u ON u.id = i.user_id WHERE i.user_id = ${inv.proche.id}`),
  [['open', '-']]);
  let l = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/proches`)).json.items
    .find((x) => x.id === inv.proche.id);
  assert.equal(l.status, 'expired');
  // A new link: the old one is revoked, the new one works.
  const again = await c.coordination.post(`/api/v1/proches/${inv.proche.id}/invitation`, {});
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.proche.status, 'invited');
  assert.notEqual(again.json.invitation.token, inv.invitation.token);
  r = await accept(again.json.invitation.token, GOOD);
  assert.equal(r.status, 200, r.text);
  l = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/proches`)).json.items
    .find((x) => x.id === inv.proche.id);
  assert.equal(l.status, 'active');
});

test('revoked: link refused, sessions ended at once, login refused; the admin cannot revive it', async () => {
  const inv = await invite(ids.ROUSSET);
  const second = await c.coordination.post(`/api/v1/proches/${inv.proche.id}/invitation`, {});
  // The first link was revoked by the second.
  assertError(await check(inv.invitation.token), 409, 'invitation.revoked', 'token');
  let r = await accept(second.json.invitation.token, GOOD);
  assert.equal(r.status, 200);
  const p = await login(srv.base, inv.proche.login, GOOD);
  assert.equal((await p.get('/api/v1/session')).status, 200);
  r = await c.coordination.post(`/api/v1/proches/${inv.proche.id}/revoke`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'revoked');
  assertError(await p.get('/api/v1/session'), 401, 'auth.required');
  assertError(await post('/api/v1/session', { login: inv.proche.login, password: GOOD }), 401, 'auth.invalid');
  assertError(await c.coordination.post(`/api/v1/proches/${inv.proche.id}/invitation`, {}), 409, 'proche.revoked');
  // A link handed out before the revocation is refused too.
  const inv2 = await invite(ids.ROUSSET);
  assert.equal((await c.coordination.post(`/api/v1/proches/${inv2.proche.id}/revoke`, {})).status, 200);
  r = await accept(inv2.invitation.token, GOOD);
  assertError(r, 409, 'invitation.revoked', 'token');
  assert.match(r.json.error.message, /annulé/);
  // The administrator creates no proche, and may not re-enable or change one.
  r = await c.admin.post('/api/v1/users', { login: newLogin(), display_name: 'X', role: 'proche',
    profession: 'proche' });
  assertError(r, 422, 'user.role.proche', 'role');
  for (const body of [{ disabled: false }, { role: 'soignant', profession: 'ide' }, { display_name: 'Y' }]) {
    r = await c.admin.patch(`/api/v1/users/${inv.proche.id}`, body);
    assertError(r, 422, 'user.role.proche', 'role');
  }
  const tr = await accesses(c.coordination, ids.ROUSSET, 40);
  assert.ok(tr.some((x) => x.action === 'proche.revoke' && x.grant === 'normal'));
});

test('the administrator may disable a proche account: its sessions end', async () => {
  const inv = await invite(ids.ROUSSET);
  assert.equal((await accept(inv.invitation.token, GOOD)).status, 200);
  const p = await login(srv.base, inv.proche.login, GOOD);
  const r = await c.admin.patch(`/api/v1/users/${inv.proche.id}`, { disabled: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.disabled, true);
  assertError(await p.get('/api/v1/session'), 401, 'auth.required');
});

test('token guessing is throttled like the login (per address), and leaves no trace of a token', async () => {
  const h = { 'x-real-ip': '203.0.113.77' };
  const inv = await invite(ids.ROUSSET);
  let r;
  let waited = 0;
  for (let i = 0; i < 12; i++) {
    r = await check('A'.repeat(30) + i, h);
    if (r.status === 429) { waited++; break; }
    assertError(r, 404, 'invitation.unknown', 'token');
    assert.match(r.json.error.message, /n'est pas valable/);
  }
  assert.ok(waited, 'guesses slowed down or locked');
  assert.ok(['auth.throttled', 'auth.locked'].includes(r.json.error.code));
  assert.ok(r.headers.get('retry-after'));
  // The guesser's address is held even with a real token; others are not.
  assert.equal((await check(inv.invitation.token, h)).status, 429);
  assert.equal((await check(inv.invitation.token)).status, 200);
});

test('another CRT: its coordinator reaches nothing of these accounts', async () => {
  const inv = await invite(ids.ROUSSET);
  let r = await c.coord2.get(`/api/v1/persons/${ids.ROUSSET}/proches`);
  assertError(r, 404, 'person.not_found');
  r = await c.coord2.post(`/api/v1/persons/${ids.ROUSSET}/proches`,
    { login: newLogin(), display_name: 'X', for: 'personne' });
  assertError(r, 404, 'person.not_found');
  for (const action of ['invitation', 'revoke']) {
    r = await c.coord2.post(`/api/v1/proches/${inv.proche.id}/${action}`, {});
    assertError(r, 404, 'proche.not_found');
  }
  r = await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/proches`);
  assert.equal(r.json.items.find((x) => x.id === inv.proche.id).status, 'invited');
  // A logged-in proche of CRT 1 is not a user of CRT 2 either.
  r = await c.coord2.get('/api/v1/team');
  assert.ok(!r.json.items.some((m) => m.id === inv.proche.id));
  // Nor does CRT 2's person exist for a proche of CRT 1: a missing
  // person's 404, traced in CRT 1 on no person.
  const p2 = await c.coord2.post('/api/v1/persons', { birth_name: 'AUTRE', first_names: 'Personne',
    birth_date: '1940-02-03', sex: 'F' });
  assert.equal(p2.status, 201, p2.text);
  const p = await login(srv.base, 'proche');
  r = await p.get(`/api/v1/proche/planning?person_id=${p2.json.id}`);
  assertError(r, 404, 'person.not_found');
  const rows = sql(srv.db, `SELECT t.person_id, t.grant_kind, t.detail, c.code FROM trace t JOIN crt c
    ON c.id = t.crt_id WHERE t.user_id = ${p.user.id} AND t.action = 'visit.proche'`);
  assert.deepEqual(rows, [['', 'denied', `proche : personne inconnue n° ${p2.json.id}`, 'nord-lozere']]);
});

// Fills {x} of an OpenAPI path: the person's own id (or another's) for
// the person routes, real demo ids elsewhere.
function fill(path, own, other, idsFor) {
  return path.replace(/\{(\w+)\}/g, (_, name) => {
    if (path.startsWith('/api/v1/persons/{id}') && name === 'id') return String(own ?? other);
    return String(idsFor[name] ?? 1);
  });
}

test('refused everything but its session, its password and its planning: every route of the OpenAPI document', async () => {
  const p = await login(srv.base, 'proche');
  const doc = await (await fetch(srv.base + '/api/v1/openapi.json')).json();
  const allowed = new Set(['GET /api/v1/session', 'DELETE /api/v1/session', 'PUT /api/v1/session/password',
    'GET /api/v1/proche/planning']);
  const idsFor = { id: 1, doc: 1, case: 1, referral: 1, member: 1, objection: 1, caregiver: 1 };
  let swept = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      const method = m.toUpperCase();
      const what = `${method} ${path}`;
      if (allowed.has(what)) continue;
      if (Array.isArray(op.security) && op.security.length === 0) continue;	// public: no session
      const targets = path.startsWith('/api/v1/persons/{id}')
        ? [fill(path, ids.ROUSSET, null, idsFor), fill(path, null, ids.CROZE, idsFor)]
        : [fill(path, null, null, idsFor)];
      for (const url of targets) {
        const r = await p.raw(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
        assert.ok(r.status === 403 || r.status === 404, `${what} (${url}): ${r.status} ${r.text}`);
        if (r.status === 403) assert.equal(r.json.error.code, 'role.forbidden', what);
        else assert.equal(r.json.error.code, 'person.not_found', what);
        swept++;
      }
    }
  }
  assert.ok(swept > 80, `swept ${swept} calls`);
  // Still signed in, and nothing of a person was read.
  assert.equal((await p.get('/api/v1/session')).status, 200);
  const rows = sql(srv.db, `SELECT COUNT(*) FROM trace WHERE user_id = ${p.user.id} AND person_id IS NOT NULL`
    + ' AND person_id <> 0');
  assert.equal(rows[0][0], '0');
});

test('the proche changes her own password (the policy applies) and logs out', async () => {
  const inv = await invite(ids.ROUSSET);
  assert.equal((await accept(inv.invitation.token, GOOD)).status, 200);
  const p = await login(srv.base, inv.proche.login, GOOD);
  let r = await p.put('/api/v1/session/password', { current: GOOD, new: 'court' });
  assertError(r, 422, 'password.new.too_short', 'new');
  r = await p.put('/api/v1/session/password', { current: GOOD, new: 'Verveine-au-jardin-7' });
  assert.equal(r.status, 204, r.text);
  assert.equal((await p.del('/api/v1/session')).status, 204);
  assert.equal((await login(srv.base, inv.proche.login, 'Verveine-au-jardin-7')).user.role, 'proche');
  assert.ok(DEMO_PASSWORD);
});

// ---- Its planning: who comes when, and nothing else.

// "YYYY-MM-DD" in Europe/Paris, `offset` days from now.
function parisDay(offset) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric',
    month: '2-digit', day: '2-digit' }).formatToParts(new Date(Date.now() + offset * 86400e3))
    .map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}
const PLAN_KEYS = ['end', 'first_name', 'kind', 'kind_label', 'local_end', 'local_start', 'organisation',
  'profession', 'start'];

test('its planning: its person\'s visits only — start and end (UTC and local), kind, first name and '
  + 'profession, organisation; nothing else; traced', async () => {
  const aide = (await c.coordination.get('/api/v1/team')).json.items.find((m) => m.display_name === 'Nadia Pagès');
  const ssiad = (await c.coordination.get('/api/v1/orgs')).json.items.find((o) => o.type === 'ssiad');
  const mk = async (body) => {
    const r = await c.coordination.post('/api/v1/visits', { duration_min: 30, kind: 'soins', ...body });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  // ROUSSET: the aide every day at 09:00 (a private note), the SSIAD on
  // 3 and 5 days from now at 20:00; CROZE: the aide at 11:00 daily.
  const daily = await mk({ person_id: ids.ROUSSET, starts_local: `${parisDay(-1)}T09:00`, rrule: 'FREQ=DAILY',
    user_id: aide.id, kind: 'toilette', note: 'Clé chez la voisine, code 1234' });
  await mk({ person_id: ids.ROUSSET, starts_local: `${parisDay(3)}T20:00`, org_id: ssiad.id, duration_min: 45,
    kind: 'passage_nuit' });
  // A partner's professional named on the series: her first name and
  // her profession as the directory writes it.
  const crouzet = (await c.coordination.get(`/api/v1/orgs/${ssiad.id}`)).json.professionals
    .find((x) => x.last_name === 'Crouzet');
  await mk({ person_id: ids.ROUSSET, starts_local: `${parisDay(4)}T08:00`, org_id: ssiad.id,
    professional_id: crouzet.id });
  await mk({ person_id: ids.CROZE, starts_local: `${parisDay(0)}T11:00`, rrule: 'FREQ=DAILY', user_id: aide.id });
  // Tomorrow's toilette will not be made (the person cancelled): left out.
  const key = (await c.coordination.get(`/api/v1/visits?person_id=${ids.ROUSSET}&from=${parisDay(1)}`
    + `&to=${parisDay(1)}`)).json.items.find((x) => x.series_id === daily).key;
  const m = await c.coordination.post(`/api/v1/visits/series/${daily}/marks`, { key, state: 'not_done',
    reason_code: 'annule_personne', reason_text: 'Rendez-vous chez le dentiste' });
  assert.equal(m.status, 201, m.text);

  const p = await login(srv.base, 'proche');
  const r = await p.get('/api/v1/proche/planning');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.from, parisDay(0));
  assert.equal(r.json.to, parisDay(6));
  for (const v of r.json.items) assert.deepEqual(Object.keys(v).sort(), PLAN_KEYS);
  assert.doesNotMatch(r.text, /voisine|1234|dentiste|annule|CROZE|ROUSSET|Pagès|aide_soignant/);
  const toilettes = r.json.items.filter((v) => v.kind === 'toilette');
  assert.equal(toilettes.length, 6, 'today and 5 more days, tomorrow\'s cancelled one left out');
  assert.ok(!toilettes.some((v) => v.local_start.startsWith(parisDay(1))));
  const t = toilettes[0];
  assert.equal(t.local_start, `${parisDay(0)}T09:00`);
  assert.equal(t.local_end, `${parisDay(0)}T09:30`);
  assert.match(t.start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(Date.parse(t.end) - Date.parse(t.start), 30 * 60e3);
  assert.deepEqual([t.kind_label, t.first_name, t.profession, t.organisation],
    ['Toilette', 'Nadia', 'Aide-soignant(e)', 'EHPAD du CH Fanny Ramadier — CRT Nord Lozère']);
  const night = r.json.items.filter((v) => v.kind === 'passage_nuit');
  assert.equal(night.length, 1);
  assert.deepEqual([night[0].local_start, night[0].kind_label, night[0].first_name, night[0].profession,
    night[0].organisation], [`${parisDay(3)}T20:00`, 'Passage de nuit', null, null, 'SSIAD du Malzieu']);
  // (The demo's SSIAD passes, morning and evening, name no professional.)
  const pro = r.json.items.filter((v) => v.kind === 'soins' && v.first_name);
  assert.deepEqual(pro.map((v) => [v.local_start, v.first_name, v.profession, v.organisation]),
    [[`${parisDay(4)}T08:00`, 'Hélène', 'Infirmière coordinatrice du SSIAD', 'SSIAD du Malzieu']]);
  // Sorted by start.
  const starts = r.json.items.map((v) => v.start);
  assert.deepEqual([...starts].sort(), starts);
  // A window of its choosing.
  const w = await p.get(`/api/v1/proche/planning?from=${parisDay(3)}&to=${parisDay(3)}`);
  assert.equal(w.status, 200, w.text);
  assert.deepEqual(w.json.items.map((v) => v.kind).sort(), ['passage_nuit', 'soins', 'soins', 'toilette']);
  assertError(await p.get('/api/v1/proche/planning?from=demain'), 422, 'visit.from.invalid', 'from');
  // Its own person named: the same; another person: exactly a hidden person's 404.
  assert.equal((await p.get(`/api/v1/proche/planning?person_id=${ids.ROUSSET}`)).json.items.length,
    r.json.items.length);
  for (const other of [ids.CROZE, 999999]) {
    assertError(await p.get(`/api/v1/proche/planning?person_id=${other}`), 404, 'person.not_found');
  }
  // Traced like any read: the grant « proche » on ROUSSET, the denial on CROZE.
  const mine = (await accesses(c.coordination, ids.ROUSSET, 50)).filter((x) => x.login === 'proche');
  assert.ok(mine.length >= 3);
  assert.ok(mine.every((x) => x.action === 'visit.proche' && x.grant === 'proche' && x.outcome === 'ok'));
  const denied = (await accesses(c.coordination, ids.CROZE, 50)).filter((x) => x.login === 'proche');
  assert.equal(denied.length, 1);
  assert.deepEqual([denied[0].action, denied[0].grant, denied[0].outcome], ['visit.proche', 'denied', 'denied']);
  // Nobody else reads it there: the staff have their own routes.
  for (const a of ['coordination', 'direction', 'admin']) {
    assertError(await c[a].get('/api/v1/proche/planning'), 403, 'role.forbidden');
  }
  // Revoked: signed out at once.
  const l = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/proches`)).json.items
    .find((x) => x.login === 'proche');
  assert.equal((await c.coordination.post(`/api/v1/proches/${l.id}/revoke`, {})).status, 200);
  assertError(await p.get('/api/v1/proche/planning'), 401, 'auth.required');
});
