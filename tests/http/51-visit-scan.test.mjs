// The QR pointage of visits (issue 11): a person's QR code (created on
// first print, renewed on demand), the scan at the door — arrival, the
// same link again within a minute, then the departure that marks the
// visit done « with the QR code » — and the refusals: an unknown or
// renewed code, no visit of one's own there now, another CRT, a bad
// origin, a role that does not plan. Runs on SQLite and PostgreSQL.
// SPEC: issue 11 « marked done … at the home by scanning the person's QR
// code printed on her DLU sheet ».
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, tempDb, run } from './lib/server.mjs';
import { assertError, personIds, sql, stopServer } from './lib/util.mjs';

const PW2 = 'autre-crt-admin-2';
const PWC = 'coordination-deux-2';
let srv, db, ids;
const c = {};

before(async () => {
  db = tempDb();
  let r = run(['demo', '--db', db.url]);
  assert.equal(r.status, 0, r.stderr);
  r = run(['init', '--db', db.url, '--crt', 'other', '--crt-name', 'Autre CRT', '--admin', 'admin2'],
    { input: PW2 + '\n' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  r = run(['user', 'add', '--db', db.url, '--crt', 'other', '--login', 'coord2', '--name', 'Coord Deux',
    '--role', 'coordinateur', '--profession', 'idec'], { input: PWC + '\n' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  srv = await startServer({ db, demo: false });
  for (const a of ['coordination', 'ide', 'aide']) c[a] = await login(srv.base, a);
  c.coord2 = await login(srv.base, 'coord2', PWC);
  ids = await personIds(c.coordination);
});
after(async () => { await stopServer(srv); });

// 'YYYY-MM-DDTHH:MM' in Europe/Paris, `min` minutes from now.
function parisIn(min) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric',
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(new Date(Date.now() + min * 60000))
    .map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
const ORIGIN = 'https://maillage.crt-nord-lozere.fr';
const tokenOf = (url) => url.split('/#/pointage/')[1];

test('the QR code: created once, drawn from modules, renewed on demand; bad origins refused', async () => {
  let r = await c.coordination.post(`/api/v1/persons/${ids.ROUSSET}/visit-qr`, { origin: ORIGIN });
  assert.equal(r.status, 200, r.text);
  const first = r.json;
  assert.match(first.url, /^https:\/\/maillage\.crt-nord-lozere\.fr\/#\/pointage\/[A-Za-z0-9_-]{24}$/);
  assert.ok(first.size >= 21 && (first.size - 17) % 4 === 0, `QR size ${first.size}`);
  assert.equal(first.modules.length, first.size * first.size);
  assert.match(first.modules, /^[01]+$/);
  // The finder pattern's first row: seven dark modules.
  assert.equal(first.modules.slice(0, 7), '1111111');
  r = await c.coordination.post(`/api/v1/persons/${ids.ROUSSET}/visit-qr`, { origin: ORIGIN });
  assert.equal(tokenOf(r.json.url), tokenOf(first.url), 'the same code until renewed');
  r = await c.coordination.post(`/api/v1/persons/${ids.ROUSSET}/visit-qr`, { origin: ORIGIN, renew: true });
  assert.notEqual(tokenOf(r.json.url), tokenOf(first.url));
  // The old sheet no longer marks anything.
  assertError(await c.aide.post('/api/v1/visits/scan', { token: tokenOf(first.url) }), 404,
    'visit.scan.unknown', 'token');
  for (const origin of ['javascript:alert(1)', 'https://a.fr/chemin', 'ftp://a.fr', 'https://a.fr?x=1',
    'https://', 'https://a.fr/#/x']) {
    assertError(await c.coordination.post(`/api/v1/persons/${ids.ROUSSET}/visit-qr`, { origin }), 422,
      'visit.qr.origin.invalid', 'origin');
  }
  assertError(await c.aide.post(`/api/v1/persons/${ids.ROUSSET}/visit-qr`, { origin: ORIGIN }), 403,
    'role.forbidden');
  assertError(await c.coord2.post(`/api/v1/persons/${ids.ROUSSET}/visit-qr`, { origin: ORIGIN }), 404,
    'person.not_found');
});

test('the scan at the door: arrival, the same link again, departure → done « with the QR code »', async () => {
  let r = await c.coordination.post('/api/v1/visits', { person_id: ids.ROUSSET, user_id: c.aide.user.id,
    starts_local: parisIn(-10), duration_min: 30, kind: 'toilette' });
  assert.equal(r.status, 201, r.text);
  const sid = r.json.id;
  r = await c.coordination.post(`/api/v1/persons/${ids.ROUSSET}/visit-qr`, { origin: ORIGIN });
  const token = tokenOf(r.json.url);
  // Someone with no visit there now.
  assertError(await c.ide.post('/api/v1/visits/scan', { token }), 404, 'visit.scan.no_visit', 'token');
  // Another CRT does not know the code.
  assertError(await c.coord2.post('/api/v1/visits/scan', { token }), 404, 'visit.scan.unknown', 'token');
  assertError(await c.aide.post('/api/v1/visits/scan', { token: 'x'.repeat(65) }), 422, 'visit.token.too_long',
    'token');

  r = await c.aide.post('/api/v1/visits/scan', { token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.action, 'arrival');
  assert.equal(r.json.series_id, sid);
  assert.equal(r.json.person.id, ids.ROUSSET);
  assert.equal(r.json.arrived_at, null);
  const arrival = r.json.at;
  // The link opened twice: still the arrival, nothing marked.
  r = await c.aide.post('/api/v1/visits/scan', { token });
  assert.equal(r.json.action, 'arrival');
  assert.equal(r.json.at, arrival);
  assert.equal(Number(sql(db, 'SELECT COUNT(*) FROM visit_scan')[0][0]), 1);
  assert.equal(Number(sql(db, `SELECT COUNT(*) FROM visit_mark WHERE series_id = ${sid}`)[0][0]), 0);

  // Twenty minutes later (the arrival moved back in the store).
  const back = new Date(Date.parse(arrival) - 20 * 60000).toISOString();
  sql(db, `UPDATE visit_scan SET arrived_at = '${back}' WHERE series_id = ${sid}`);
  r = await c.aide.post('/api/v1/visits/scan', { token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.action, 'departure');
  assert.equal(r.json.state, 'done');
  assert.equal(r.json.arrived_at, back);
  const day = parisIn(0).slice(0, 10);
  r = await c.coordination.get(`/api/v1/visits?person_id=${ids.ROUSSET}&from=${day}&to=${day}`);
  const v = r.json.items.find((x) => x.series_id === sid);
  assert.equal(v.state, 'done');
  assert.equal(v.mark.how, 'qr');
  assert.equal(v.mark.hand_reason, null);
  assert.equal(v.mark.arrived_at.slice(0, 16), back.slice(0, 16));
  assert.equal(v.mark.marked_by.id, c.aide.user.id);
  // Marked: a new scan finds nothing to do.
  assertError(await c.aide.post('/api/v1/visits/scan', { token }), 404, 'visit.scan.no_visit', 'token');
  const row = sql(db, 'SELECT CASE WHEN left_at IS NULL THEN 0 ELSE 1 END, '
    + `CASE WHEN mark_id IS NULL THEN 0 ELSE 1 END FROM visit_scan WHERE series_id = ${sid}`);
  assert.deepEqual(row[0].map(Number), [1, 1]);
});

test('the round as an iCalendar feed: a secret address shown once, times, initials and commune only, '
  + 'revocable', async () => {
  let r = await c.coordination.post('/api/v1/visits', { person_id: ids.ROUSSET, user_id: c.ide.user.id,
    starts_local: parisIn(24 * 60), duration_min: 45, kind: 'soins', rrule: 'FREQ=DAILY;COUNT=3',
    note: 'Insuline 14 UI' });
  assert.equal(r.status, 201, r.text);
  const sid = r.json.id;
  r = await c.ide.get('/api/v1/me/feed');
  assert.deepEqual(r.json, { active: false, created_at: null, path: null });
  r = await c.ide.post('/api/v1/me/feed', { replace: false });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.active, true);
  const path = r.json.path;
  assert.match(path, /^\/api\/v1\/visits\/feed\.ics\?token=[A-Za-z0-9_-]{43}$/);
  // Shown once: reading it again does not give it back.
  assert.equal((await c.ide.get('/api/v1/me/feed')).json.path, null);

  // A calendar app: no cookie.
  let f = await fetch(srv.base + path);
  assert.equal(f.status, 200);
  assert.match(f.headers.get('content-type'), /^text\/calendar/);
  const ics = await f.text();
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  // Her demo round and the three visits just planned.
  assert.equal(ics.split(`UID:${sid}-`).length - 1, 3);
  assert.ok(ics.split('BEGIN:VEVENT').length - 1 > 3);
  assert.match(ics, /SUMMARY:Visite M\. R\. — Saint-Chély-d'Apcher\r\n/);
  assert.match(ics, /DTSTART:\d{8}T\d{6}Z\r\n/);
  for (const secret of ['ROUSSET', 'Marcelle', 'soins', 'Soins', 'Insuline', 'Théophile']) {
    assert.ok(!ics.includes(secret), `no « ${secret} » in the feed`);
  }
  // Read as the nurse: traced on the person's access history.
  const acc = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/accesses?limit=20`)).json.items;
  assert.ok(acc.some((a) => a.login === 'ide'), JSON.stringify(acc.slice(0, 3)));

  // A new address replaces the old one only when asked; revoking ends it.
  assertError(await c.ide.post('/api/v1/me/feed', { replace: false }), 409, 'feed.exists', 'replace');
  r = await c.ide.post('/api/v1/me/feed', { replace: true });
  const path2 = r.json.path;
  assert.notEqual(path2, path);
  f = await fetch(srv.base + path);
  assert.equal(f.status, 401);
  assert.equal((await f.json()).error.code, 'feed.unknown');
  assert.equal((await fetch(srv.base + path2)).status, 200);
  r = await c.ide.del('/api/v1/me/feed');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.active, false);
  assert.equal((await fetch(srv.base + path2)).status, 401);
  for (const bad of ['', '?token=', '?token=court', `?token=${'a'.repeat(200)}`]) {
    f = await fetch(`${srv.base}/api/v1/visits/feed.ics${bad}`);
    assert.ok([401, 422].includes(f.status), `${bad}: ${f.status}`);
  }
});
