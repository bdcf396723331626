// Sessions: health, login (cookie flags, uniform failure), current
// session, logout with CSRF, throttling and lock, own password change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, client, DEMO_PASSWORD } from './lib/server.mjs';
import { assertError, keys, sql, sleep } from './lib/util.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

function post(path, body, headers = {}) {
  return fetch(srv.base + path, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then(async (r) => {
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: r.status, json, text, headers: r.headers };
  });
}
const attempt = (l, password, headers) => post('/api/v1/session', { login: l, password }, headers);

// Waits until the wall clock is `ms` milliseconds into a second.
async function untilMs(ms) {
  const now = Date.now() % 1000;
  await sleep((ms - now + 1000) % 1000);
}
const topOfSecond = () => untilMs(20);

function traceByRequest(rid) {
  return sql(srv.db, `SELECT action, outcome, login, role FROM trace WHERE request_id = '${rid}' ORDER BY seq`);
}

test('GET /healthz answers ok without a session', async () => {
  const r = await fetch(srv.base + '/healthz');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json; charset=utf-8/);
  assert.deepEqual(await r.json(), { status: 'ok' });
  assert.match(r.headers.get('x-request-id'), /^[0-9a-f]{16}$/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('x-frame-options'), 'DENY');
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('login: 200, session body, HttpOnly SameSite=Strict cookie, Secure only behind https', async () => {
  const r = await attempt('coordination', DEMO_PASSWORD);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(keys(r.json), ['csrf_token', 'user']);
  assert.match(r.json.csrf_token, /^\S{20,}$/);
  const u = r.json.user;
  assert.deepEqual(keys(u), ['crt', 'display_name', 'id', 'login', 'org', 'profession',
    'profession_label', 'role', 'role_label']);
  assert.equal(u.login, 'coordination');
  assert.equal(u.role, 'coordinateur');
  assert.equal(u.profession, 'idec');
  assert.equal(u.role_label, 'Coordination');
  assert.match(u.profession_label, /IDEC/);
  assert.deepEqual(keys(u.org), ['id', 'name', 'type']);
  assert.equal(u.org.type, 'crt');
  assert.deepEqual(keys(u.crt), ['code', 'name']);
  assert.equal(u.crt.name, 'CRT Nord Lozère');

  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /^maillage_session=[^;]{20,};/);
  const attrs = cookie.split(';').slice(1).map((s) => s.trim());
  assert.ok(attrs.includes('HttpOnly'), cookie);
  assert.ok(attrs.includes('SameSite=Strict'), cookie);
  assert.ok(attrs.includes('Path=/'), cookie);
  assert.ok(attrs.some((a) => /^Max-Age=\d+$/.test(a)), cookie);
  assert.ok(!attrs.includes('Secure'), 'no Secure flag over plain http');

  const s = await attempt('coordination', DEMO_PASSWORD, { 'x-forwarded-proto': 'https' });
  assert.equal(s.status, 200);
  const sattrs = s.headers.get('set-cookie').split(';').map((x) => x.trim());
  assert.ok(sattrs.includes('Secure'), 'Secure behind an https proxy');
  assert.ok(sattrs.includes('HttpOnly') && sattrs.includes('SameSite=Strict'));
  // Two logins, two different sessions.
  assert.notEqual(s.headers.get('set-cookie').split(';')[0], cookie.split(';')[0]);
  assert.notEqual(s.json.csrf_token, r.json.csrf_token);
});

test('wrong password and unknown login: same 401 auth.invalid, same message, no cookie', async () => {
  const a = await attempt('medecin', 'pas-le-bon-mot-de-passe');
  const b = await attempt('personne-inconnue', 'pas-le-bon-mot-de-passe');
  const ea = assertError(a, 401, 'auth.invalid');
  const eb = assertError(b, 401, 'auth.invalid');
  assert.equal(ea.message, 'Identifiant ou mot de passe incorrect.');
  assert.equal(ea.message, eb.message);
  assert.equal(a.headers.get('set-cookie'), null);
  assert.equal(b.headers.get('set-cookie'), null);
  // The known account's failure is traced in its CRT; the unknown one has
  // no tenant to be traced in.
  const rows = traceByRequest(a.headers.get('x-request-id'));
  assert.deepEqual(rows, [['auth.login', 'failed', 'medecin', 'medecin']]);
  assert.deepEqual(traceByRequest(b.headers.get('x-request-id')), []);
});

test('login input is validated: missing field 422, malformed 400, unknown field 400', async () => {
  assertError(await post('/api/v1/session', { login: 'medecin' }), 422,
    'session.password.required', 'password');
  assertError(await post('/api/v1/session', '{"login":'), 400, 'json.malformed');
  assertError(await post('/api/v1/session', { login: 'medecin', password: 'x', remember: true }),
    400, 'session.unknown_field', 'remember');
  assertError(await post('/api/v1/session', { login: 42, password: 'x' }), 400,
    'session.login.type', 'login');
});

test('GET /api/v1/session: 401 without or with a bogus cookie, 200 with the session', async () => {
  const none = await fetch(srv.base + '/api/v1/session');
  const e = assertError({ status: none.status, headers: none.headers, text: '',
    json: await none.json() }, 401, 'auth.required');
  assert.match(e.message, /connecter/);
  const bogus = client(srv.base, 'maillage_session=' + 'x'.repeat(43), 'y');
  assertError(await bogus.get('/api/v1/session'), 401, 'auth.required');

  const c = await login(srv.base, 'ide');
  const r = await c.get('/api/v1/session');
  assert.equal(r.status, 200);
  assert.deepEqual(keys(r.json), ['csrf_token', 'user']);
  assert.equal(r.json.user.login, 'ide');
  assert.equal(r.json.user.role, 'soignant');
  assert.equal(r.json.csrf_token, c.csrf);
});

test('DELETE /api/v1/session needs the CSRF token; afterwards the cookie is dead', async () => {
  const c = await login(srv.base, 'secretariat');
  assertError(await c.del('/api/v1/session', { 'x-csrf-token': '' }), 403, 'csrf.invalid');
  const wrong = await c.del('/api/v1/session', { 'x-csrf-token': 'A'.repeat(c.csrf.length) });
  const e = assertError(wrong, 403, 'csrf.invalid');
  assert.match(e.message, /Jeton de sécurité/);
  // Another session's token does not fit this cookie either.
  const other = await login(srv.base, 'direction');
  assertError(await c.del('/api/v1/session', { 'x-csrf-token': other.csrf }), 403, 'csrf.invalid');
  assert.equal((await c.get('/api/v1/session')).status, 200, 'still logged in');

  const r = await c.del('/api/v1/session');
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  assert.match(r.headers.get('set-cookie'), /^maillage_session=; .*Max-Age=0/);
  assertError(await c.get('/api/v1/session'), 401, 'auth.required');
  assertError(await c.del('/api/v1/session'), 401, 'auth.required');
  // The other session is untouched.
  assert.equal((await other.get('/api/v1/session')).status, 200);
  assert.deepEqual(traceByRequest(r.headers.get('x-request-id')),
    [['auth.logout', 'ok', 'secretariat', 'secretariat']]);
});

test('throttling: after 5 failures even the right password gets 429 with Retry-After, waits grow', async () => {
  for (let i = 0; i < 4; i++) {
    assertError(await attempt('aide', 'mauvais-mot-de-passe'), 401, 'auth.invalid');
  }
  // The server counts whole seconds (see the next test): start the 5th
  // failure at the top of a second so the 1 s wait is still running.
  await topOfSecond();
  assertError(await attempt('aide', 'mauvais-mot-de-passe'), 401, 'auth.invalid');
  const t1 = await attempt('aide', DEMO_PASSWORD);
  const e1 = assertError(t1, 429, 'auth.throttled');
  assert.match(e1.message, /Trop de tentatives/);
  const ra1 = Number(t1.headers.get('retry-after'));
  assert.ok(Number.isInteger(ra1) && ra1 >= 1 && ra1 <= 1, `Retry-After ${ra1}`);
  assert.equal(t1.headers.get('set-cookie'), null);

  await sleep(ra1 * 1000 + 150);
  assertError(await attempt('aide', 'mauvais-mot-de-passe'), 401, 'auth.invalid');
  const t2 = await attempt('aide', DEMO_PASSWORD);
  assertError(t2, 429, 'auth.throttled');
  const ra2 = Number(t2.headers.get('retry-after'));
  assert.ok(ra2 >= 1 && ra2 <= 2, `second wait is 2 s at most, got ${ra2}`);

  await sleep(ra2 * 1000 + 150);
  const ok = await attempt('aide', DEMO_PASSWORD);
  assert.equal(ok.status, 200, 'the right password works once the wait is over');
  // A success clears the count: one more failure is a plain 401.
  assertError(await attempt('aide', 'mauvais-mot-de-passe'), 401, 'auth.invalid');
  assert.equal((await attempt('aide', DEMO_PASSWORD)).status, 200);
});

test('throttling: the 1 s wait after the 5th failure lasts a full second', async () => {
  for (let i = 0; i < 4; i++) await attempt('direction', 'mauvais-mot-de-passe');
  // 5th failure late in a second, next attempt just after the second turns.
  await untilMs(700);
  const t0 = Date.now();
  assertError(await attempt('direction', 'mauvais-mot-de-passe'), 401, 'auth.invalid');
  const next = Math.floor(t0 / 1000) * 1000 + 1050;
  if (Date.now() < next) await sleep(next - Date.now());
  assert.ok(Date.now() - t0 < 900, 'timing precondition');
  const r = await attempt('direction', DEMO_PASSWORD);
  assertError(r, 429, 'auth.throttled');
});

test('lock: the 10th failure locks the account for 15 minutes, traced as auth.lock', async () => {
  // Nine earlier failures from another address, a minute ago (the 16 s
  // wait after the ninth has passed): spares the test 31 s of backoff.
  const at = new Date(Date.now() - 60_000).toISOString();
  const values = Array.from({ length: 9 }, () => `('ergo', '10.9.9.9', '${at}', 0)`).join(', ');
  sql(srv.db, `INSERT INTO login_attempt (login, ip, at, ok) VALUES ${values}`);

  const tenth = await attempt('ergo', 'mauvais-mot-de-passe');
  assertError(tenth, 401, 'auth.invalid');
  assert.deepEqual(traceByRequest(tenth.headers.get('x-request-id')),
    [['auth.login', 'failed', 'ergo', 'intervenant'], ['auth.lock', 'locked', 'ergo', 'intervenant']]);

  const locked = await attempt('ergo', DEMO_PASSWORD);
  const e = assertError(locked, 429, 'auth.locked');
  assert.match(e.message, /bloquée/);
  const ra = Number(locked.headers.get('retry-after'));
  assert.ok(ra > 850 && ra <= 900, `Retry-After ${ra}`);
  // Other accounts from the same address are not affected.
  assert.equal((await attempt('medecin', DEMO_PASSWORD)).status, 200);
  // Every failed login of the account is in its trace.
  const failed = sql(srv.db, "SELECT COUNT(*) FROM trace WHERE action = 'auth.login' "
    + "AND outcome = 'failed' AND login = 'ergo'");
  assert.equal(failed[0][0], '1');
});

test('PUT /api/v1/session/password: wrong current 422, too short 422, ok 204 and the new one works', async () => {
  const c = await login(srv.base, 'psy');
  const NEW = 'un-nouveau-mot-de-passe';
  assertError(await c.put('/api/v1/session/password', { current: 'faux-mot-de-passe', new: NEW }),
    422, 'password.current.invalid', 'current');
  const short = assertError(await c.put('/api/v1/session/password', { current: DEMO_PASSWORD,
    new: 'court' }), 422, 'password.new.too_short', 'new');
  assert.match(short.message, /12 caractères/);
  assertError(await c.put('/api/v1/session/password', { current: DEMO_PASSWORD }), 422,
    'session.new.required', 'new');
  assertError(await c.put('/api/v1/session/password', { current: DEMO_PASSWORD, new: NEW },
    { 'x-csrf-token': 'nope' }), 403, 'csrf.invalid');
  // Nothing changed so far.
  assert.equal((await attempt('psy', NEW)).status, 401);

  const r = await c.put('/api/v1/session/password', { current: DEMO_PASSWORD, new: NEW });
  assert.equal(r.status, 204, r.text);
  assert.deepEqual(traceByRequest(r.headers.get('x-request-id')),
    [['auth.password', 'ok', 'psy', 'intervenant']]);
  assertError(await attempt('psy', DEMO_PASSWORD), 401, 'auth.invalid');
  const again = await login(srv.base, 'psy', NEW);
  assert.equal(again.user.login, 'psy');
});

test('password change: trivial and unchanged passwords refused, other sessions revoked, this one kept', async () => {
  const c = await login(srv.base, 'ide');
  const other = await login(srv.base, 'ide');
  for (const weak of ['aaaaaaaaaaaa', '123456789012', 'abcdefghijkl', 'azertyuiop12', 'ababababababab']) {
    const e = assertError(await c.put('/api/v1/session/password', { current: DEMO_PASSWORD, new: weak }),
      422, 'password.new.weak', 'new');
    assert.match(e.message, /trop facile/);
  }
  assertError(await c.put('/api/v1/session/password', { current: DEMO_PASSWORD, new: DEMO_PASSWORD }),
    422, 'password.new.same', 'new');
  assert.equal((await other.get('/api/v1/session')).status, 200);
  const r = await c.put('/api/v1/session/password', { current: DEMO_PASSWORD, new: 'Tilleul-Ruisseau-47' });
  assert.equal(r.status, 204, r.text);
  assert.equal((await c.get('/api/v1/session')).status, 200, 'the current session is kept');
  assertError(await other.get('/api/v1/session'), 401, 'auth.required');
});
