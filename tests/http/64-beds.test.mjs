// Emergency temporary beds (issue 13): places and closures, the CRT's
// limits (maximum stay, maximum days over a rolling 365 days with the
// days left, the volet-2 place held), overlapping bookings refused
// (concurrent ones too: one wins), arrival and departure, refusals, the
// occupancy of a small fixture counted by hand, the trace and the live
// events, who may do what. The fixture lives in 2020 (a leap year, before
// any demo stay) so its figures are the test's alone. Runs on SQLite and
// PostgreSQL (make check-pg).
// SPEC: issue 13 « Emergency temporary beds », PRODUCT §6.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, tempDb } from './lib/server.mjs';
import { accesses, assertError, personIds, sql, stopServer } from './lib/util.mjs';

let srv, db, ids, free = [], held = [];
const c = {};

before(async () => {
  db = tempDb();
  srv = await startServer({ db });
  for (const a of ['coordination', 'direction', 'ide', 'ergo', 'secretariat', 'dac48', 'admin'])
    c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
  const all = new Set(Object.values(ids).map(Number));
  const open = new Set(sql(db, "SELECT person_id FROM support WHERE status IN ('preparation', 'active')")
    .map((r) => Number(r[0])));
  held = [...open].filter((p) => all.has(p));
  free = [...all].filter((p) => !open.has(p)).sort((a, b) => a - b);
  assert.ok(held.length >= 1 && free.length >= 12, 'demo persons with and without a support');
});
after(async () => { await stopServer(srv); });

async function newBed(label, opened_on, extra = {}) {
  const r = await c.coordination.post('/api/v1/beds', { label, kind: 'hebergement_temporaire', opened_on, ...extra });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

function book(person_id, bed_id, start_on, planned_end_on, reason = 'crise', who = 'coordination') {
  return c[who].post('/api/v1/bedstays', { bed_id, person_id, start_on, planned_end_on, reason });
}

async function booked(...a) {
  const r = await book(...a);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'booked');
  return r.json;
}

let A, B;

test('places: created by the coordination, refused to the care team; a partner EHPAD only', async () => {
  A = await newBed('Chambre 1 (CRT)', '2020-01-01');
  B = await newBed('EHPAD — lit d\'urgence', '2020-03-01');
  let r = await c.ide.post('/api/v1/beds', { label: 'x', kind: 'chambre_urgence' });
  assertError(r, 403, 'role.forbidden');
  // An organisation that is not an EHPAD of the directory.
  const dac = Number(sql(db, "SELECT id FROM org WHERE type = 'dac' LIMIT 1")[0][0]);
  r = await c.coordination.post('/api/v1/beds', { label: 'x', kind: 'chambre_urgence', org_id: dac });
  assertError(r, 422, 'bed.org_id.invalid', 'org_id');
  const ehpad = sql(db, "SELECT id FROM org WHERE type = 'ehpad' LIMIT 1");
  if (ehpad.length) {
    r = await c.coordination.post('/api/v1/beds', { label: 'Lit partenaire', kind: 'chambre_urgence',
      org_id: Number(ehpad[0][0]), opened_on: '2030-01-01' });
    assert.equal(r.status, 201, r.text);
  }
  r = await c.ide.get('/api/v1/beds?from=2020-03-01&days=7');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.beds.some((b) => b.id === A));
  for (const a of ['dac48', 'admin']) assertError(await c[a].get('/api/v1/beds'), 403, 'role.forbidden');
});

test('limits: the maximum stay, the rolling 365 days with the days left, the place held', async () => {
  let r = await c.ide.put('/api/v1/beds/settings', { max_stay_days: 30, max_year_days: 40, hold_days: 10 });
  assertError(r, 403, 'role.forbidden');
  r = await c.coordination.put('/api/v1/beds/settings', { max_stay_days: 30, max_year_days: 40, hold_days: 10 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { max_stay_days: 30, max_year_days: 40, hold_days: 10 });

  const p = free[0];
  // 31 nights: over the maximum stay.
  r = await book(p, A, '2020-06-01', '2020-07-02');
  let e = assertError(r, 422, 'bedstay.max_stay', 'planned_end_on');
  assert.match(e.message, /31 jours dépasse la durée maximale de 30 jours/);
  await booked(p, A, '2020-06-01', '2020-06-26');
  // 25 nights used in the 365 days ending on 2020-07-30: 15 left.
  r = await c.coordination.get(`/api/v1/beds/allowance?person_id=${p}&start_on=2020-07-10&planned_end_on=2020-07-30`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual({ days: r.json.days, used: r.json.used_days, left: r.json.left_days, allowed: r.json.allowed,
    from: r.json.window_from, held: r.json.held },
  { days: 20, used: 25, left: 15, allowed: false, from: '2019-07-31', held: false });
  r = await book(p, A, '2020-07-10', '2020-07-30');
  e = assertError(r, 422, 'bedstay.max_year', 'planned_end_on');
  assert.match(e.message, /Il reste 15 jours sur les 40 autorisés sur 365 jours glissants/);
  assert.match(e.message, /ce séjour en compte 20/);
  await booked(p, A, '2020-07-10', '2020-07-25');
  // The window slides: a year after the first stay, the days are back.
  r = await c.coordination.get(`/api/v1/beds/allowance?person_id=${p}&start_on=2021-07-01&planned_end_on=2021-07-20`);
  assert.equal(r.json.used_days, 5, 'only 2020-07-20..24 in the window from 2020-07-20');
  assert.equal(r.json.left_days, 35);

  // A volet-2 beneficiary: her place is held 10 days during a stay.
  const h = held[0];
  r = await c.coordination.get(`/api/v1/beds/allowance?person_id=${h}&start_on=2020-04-01&planned_end_on=2020-04-13`);
  assert.equal(r.json.held, true);
  assert.equal(r.json.held_until, '2020-04-11');
  r = await book(h, A, '2020-04-01', '2020-04-13');
  e = assertError(r, 422, 'bedstay.hold', 'planned_end_on');
  assert.match(e.message, /tenue que 10 jours/);
  await booked(h, A, '2020-04-01', '2020-04-11');
  // Bad dates.
  assertError(await book(p, A, '2020-05-02', '2020-05-02'), 422, 'bedstay.dates');
  assertError(await book(p, A, '2020-05-02', '2020-05-01'), 422, 'bedstay.dates');
  await c.coordination.put('/api/v1/beds/settings', { max_stay_days: 30, max_year_days: 90, hold_days: 30 });
});

// Issue 13 §5: every 365-day window the new stay touches is checked, not
// only the one ending with it. A stay placed before an earlier-booked one
// fits its own window but pushes the later one's window over the limit.
// On a place of its own opened in 2031 (the 2020 occupancy untouched).
test('limits: a stay placed before a later one is refused when a later window goes over', async () => {
  let r = await c.coordination.put('/api/v1/beds/settings', { max_stay_days: 30, max_year_days: 40, hold_days: 10 });
  assert.equal(r.status, 200, r.text);
  const C = await newBed('Chambre fenêtres glissantes', '2031-01-01');
  const p = free[4];
  await booked(p, C, '2032-11-01', '2032-11-26'); // 25 nights
  // 20 nights in February: alone in the 365 days ending on 21/02/2032,
  // but the window ending with the November stay holds both (45 > 40).
  r = await c.coordination.get(`/api/v1/beds/allowance?person_id=${p}&start_on=2032-02-01&planned_end_on=2032-02-21`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual({ used: r.json.used_days, left: r.json.left_days, in: r.json.window_days,
    from: r.json.window_from, to: r.json.window_to, allowed: r.json.allowed },
  { used: 25, left: 15, in: 20, from: '2031-11-27', to: '2032-11-25', allowed: false });
  r = await book(p, C, '2032-02-01', '2032-02-21');
  const e = assertError(r, 422, 'bedstay.max_year', 'planned_end_on');
  assert.equal(e.message, 'Il reste 15 jours sur les 40 autorisés sur les 365 jours glissants du '
    + '27/11/2031 au 25/11/2032 (25 déjà utilisés par d\'autres séjours) ; ce séjour y compte 20.');
  // 15 nights fit every window: booked.
  r = await c.coordination.get(`/api/v1/beds/allowance?person_id=${p}&start_on=2032-02-01&planned_end_on=2032-02-16`);
  assert.equal(r.json.allowed, true);
  assert.equal(r.json.left_days, 15);
  await booked(p, C, '2032-02-01', '2032-02-16');
  // Now 40 of 40 in that window: one more night anywhere in it refused,
  // one after the February stay has left the window accepted.
  assertError(await book(p, C, '2032-06-01', '2032-06-02'), 422, 'bedstay.max_year');
  r = await c.coordination.get(`/api/v1/beds/allowance?person_id=${p}&start_on=2033-02-20&planned_end_on=2033-02-25`);
  assert.equal(r.json.allowed, true, JSON.stringify(r.json));
  await c.coordination.put('/api/v1/beds/settings', { max_stay_days: 30, max_year_days: 90, hold_days: 30 });
});

// Issue 13 §4: a place renamed, and retired: refused while a booking is
// current or to come (a clear 422), then no longer offered for new
// bookings nor counted open, its history and statistics kept.
test('a place renamed and retired: refused with bookings, then no new booking, history kept', async () => {
  // C, the place of the rolling-window test, has two bookings in 2032.
  const C = Number(sql(db, "SELECT id FROM bed WHERE label = 'Chambre fenêtres glissantes'")[0][0]);
  let r = await c.coordination.patch(`/api/v1/beds/${C}`, { label: 'Chambre 3 (rénovée)' });
  assert.equal(r.status, 200, r.text);
  r = await c.ide.get('/api/v1/beds');
  assert.equal(r.json.beds.find((b) => b.id === C).label, 'Chambre 3 (rénovée)');
  assertError(await c.ide.patch(`/api/v1/beds/${C}`, { label: 'x' }), 403, 'role.forbidden');
  assertError(await c.coordination.patch(`/api/v1/beds/${C}`, { label: '' }), 422, 'bed.label.too_short', 'label');
  assertError(await c.coordination.patch('/api/v1/beds/999999', { retired: true }), 404, 'bed.not_found');
  // Retiring it with its bookings to come: refused, and said why.
  r = await c.coordination.patch(`/api/v1/beds/${C}`, { retired: true });
  const e = assertError(r, 422, 'bed.retire.stays', 'retired');
  assert.equal(e.message, 'La place « Chambre 3 (rénovée) » a 2 réservations en cours ou à venir : '
    + 'notez la sortie ou annulez-les avant de retirer la place.');
  for (const [id] of sql(db, `SELECT id FROM bedstay WHERE bed_id = ${C} AND status = 'booked'`))
    assert.equal((await c.coordination.post(`/api/v1/bedstays/${id}/cancel`, {})).status, 200);

  // A place with a past stay: its history and statistics are kept.
  const E = await newBed('Chambre ancienne', '2021-01-01');
  const p = free[5];
  const s = await booked(p, E, '2021-03-01', '2021-03-11');
  assert.equal((await c.coordination.post(`/api/v1/bedstays/${s.id}/arrival`, { on: '2021-03-01' })).status, 200);
  assert.equal((await c.coordination.post(`/api/v1/bedstays/${s.id}/departure`, { on: '2021-03-11' })).status, 200);
  const year = new Date().getUTCFullYear();
  const occ = async (y) => (await c.direction.get(`/api/v1/beds/occupancy?year=${y}`)).json;
  const [past, now] = [await occ(2021), await occ(year)];
  assert.equal(past.months[2].occupied_days >= 10, true);
  for (const bed of [C, E]) {
    r = await c.coordination.patch(`/api/v1/beds/${bed}`, { retired: true });
    assert.equal(r.status, 200, r.text);
  }
  const board = (await c.ide.get('/api/v1/beds')).json;
  const today = board.today;
  for (const bed of [C, E]) {
    const b = board.beds.find((x) => x.id === bed);
    assert.equal(b.retired_on, today, 'still listed, retired today');
    assert.equal(b.today, 'closed');
  }
  // No new booking, with a clear 422.
  assertError(await book(free[6], E, '2033-01-01', '2033-01-05'), 422, 'bedstay.bed_retired', 'bed_id');
  // Traced as tried, not as done (the access was granted, the rule
  // refused: « failed », never « ok » for a stay that does not exist).
  const tried = (await accesses(c.coordination, free[6]))[0];
  assert.equal(tried.action, 'bedstay.create');
  assert.equal(tried.outcome, 'failed', JSON.stringify(tried));
  // The past is unchanged; from today the retired place is not open.
  assert.deepEqual(await occ(2021), past);
  const after = await occ(year);
  assert.equal(after.open_days, now.open_days - 1, 'today no longer open on E (C opens in 2031)');
  assert.equal(after.occupied_days, now.occupied_days);
  // The stay is still the person's and on the place's history.
  r = await c.coordination.get(`/api/v1/bedstays/${s.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'ended');
  // Back in service: booked again.
  r = await c.coordination.patch(`/api/v1/beds/${E}`, { retired: false });
  assert.equal(r.status, 200, r.text);
  assert.equal((await c.ide.get('/api/v1/beds')).json.beds.find((x) => x.id === E).retired_on, null);
  await booked(free[6], E, '2033-01-01', '2033-01-05');
  const trace = sql(db, "SELECT COUNT(*) FROM trace WHERE action = 'bed.update'");
  assert.ok(Number(trace[0][0]) >= 4, 'traced');
});

test('overlaps: another stay on the place, the same person twice, a closed place', async () => {
  const [p1, p2, p3] = [free[1], free[2], free[3]];
  await booked(p1, A, '2020-08-01', '2020-08-10');
  assertError(await book(p2, A, '2020-08-05', '2020-08-12'), 409, 'bedstay.overlap', 'start_on');
  assertError(await book(p2, A, '2020-07-28', '2020-08-02'), 409, 'bedstay.overlap');
  // The departure day is free for the next arrival.
  await booked(p2, A, '2020-08-10', '2020-08-15');
  assertError(await book(p1, B, '2020-08-05', '2020-08-07'), 409, 'bedstay.person_overlap');
  // A closure of B, 1 to 5 September included.
  let r = await c.coordination.post(`/api/v1/beds/${B}/closures`,
    { start_on: '2020-09-01', end_on: '2020-09-05', reason: 'Travaux dans la chambre' });
  assert.equal(r.status, 201, r.text);
  assertError(await book(p3, B, '2020-09-05', '2020-09-07'), 409, 'bedstay.closed');
  assertError(await book(p3, B, '2020-08-28', '2020-09-02'), 409, 'bedstay.closed');
  await booked(p3, B, '2020-09-06', '2020-09-08');
  // Closing over a booking is refused.
  r = await c.coordination.post(`/api/v1/beds/${B}/closures`,
    { start_on: '2020-09-07', end_on: '2020-09-07', reason: 'Peinture' });
  assertError(r, 409, 'bed.closure.overlap');
  // The board: states per day.
  r = await c.coordination.get('/api/v1/beds?from=2020-08-31&days=9');
  assert.equal(r.status, 200, r.text);
  const b = r.json.beds.find((x) => x.id === B);
  assert.deepEqual(b.states, ['free', 'closed', 'closed', 'closed', 'closed', 'closed', 'booked', 'booked', 'free']);
  assert.ok(r.json.closures.some((x) => x.bed_id === B && x.start_on === '2020-09-01' && x.end_on === '2020-09-05'));
  const s = r.json.stays.find((x) => x.person_id === p3);
  assert.equal(s.reason, 'crise');
  assert.equal(s.identity_hidden, false);
});

test('concurrent bookings of one place: exactly one wins', async () => {
  const who = free.slice(4, 10);
  const rs = await Promise.all(who.map((p) => book(p, B, '2020-10-01', '2020-10-08')));
  const ok = rs.filter((r) => r.status === 201);
  assert.equal(ok.length, 1, rs.map((r) => r.status).join(' '));
  for (const r of rs) if (r.status !== 201) assertError(r, 409, 'bedstay.overlap');
  assert.equal(Number(sql(db, `SELECT COUNT(*) FROM bedstay WHERE bed_id = ${B} AND start_on = '2020-10-01' `
    + "AND status <> 'cancelled'")[0][0]), 1);
  // Cancelled, the place is free again.
  const r = await c.coordination.post(`/api/v1/bedstays/${ok[0].json.id}/cancel`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'cancelled');
  await booked(who[1], B, '2020-10-01', '2020-10-08');
});

test('occupancy: occupied bed-nights over open bed-nights, by month and year, closed days excluded', async () => {
  const [x, y] = [free[10], free[11]];
  // A: 30 Jan -> left 4 Feb (5 nights: 2 in January, 3 in February).
  const s1 = await booked(x, A, '2020-01-30', '2020-02-05', 'sortie_hospitalisation');
  let r = await c.coordination.post(`/api/v1/bedstays/${s1.id}/departure`, { on: '2020-02-01' });
  assertError(r, 409, 'bedstay.state');
  r = await c.coordination.post(`/api/v1/bedstays/${s1.id}/arrival`, { on: '2020-01-29' });
  assertError(r, 422, 'bedstay.on.invalid', 'on');
  r = await c.coordination.post(`/api/v1/bedstays/${s1.id}/arrival`, { on: '2020-01-30' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'in_progress');
  r = await c.coordination.post(`/api/v1/bedstays/${s1.id}/departure`, { on: '2020-02-04' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.status, r.json.ended_on, r.json.days], ['ended', '2020-02-04', 5]);
  // A closed 10..14 February (5 days).
  r = await c.coordination.post(`/api/v1/beds/${A}/closures`,
    { start_on: '2020-02-10', end_on: '2020-02-14', reason: 'Désinfection' });
  assert.equal(r.status, 201, r.text);
  // B (open from 1 March): 28 Dec -> left 2 Jan 2021 (4 nights in 2020).
  const s2 = await booked(y, B, '2020-12-28', '2021-01-03', 'repit');
  await c.coordination.post(`/api/v1/bedstays/${s2.id}/arrival`, { on: '2020-12-28' });
  r = await c.coordination.post(`/api/v1/bedstays/${s2.id}/departure`, { on: '2021-01-02' });
  assert.equal(r.status, 200, r.text);
  // Bookings never begun (the other tests' stays) occupy nothing.
  // Two refusals in 2020 (one in February, Paris time: 29 Feb 23:30 UTC
  // is 1 March there), one in 2019.
  for (const [asked_at, reason] of [['2020-02-29T23:30:00Z', 'Sortie d\'hôpital, aidant absent'],
    ['2020-02-10T09:00:00Z', 'Crise familiale'], ['2019-12-31T10:00:00Z', 'Répit']]) {
    r = await c.coordination.post('/api/v1/beds/refusals', { asked_by: 'CH de Mende, service de médecine',
      asked_at, reason });
    assert.equal(r.status, 201, r.text);
  }
  assertError(await c.coordination.post('/api/v1/beds/refusals', { asked_by: '', reason: 'x' }), 422,
    'bed.asked_by.required');
  assertError(await c.coordination.post('/api/v1/beds/refusals', { asked_by: 'x', reason: 'y',
    asked_at: 'hier' }), 422, 'bed_refusal.asked_at.invalid');
  r = await c.direction.get('/api/v1/beds/occupancy?year=2020');
  assert.equal(r.status, 200, r.text);
  const o = r.json;
  const m = (k) => o.months[k - 1];
  // By hand: January A 31 open, 2 occupied; February A 29 - 5 closed;
  // March A 31 + B 31; December 31 + 31 with 4 nights of B.
  assert.deepEqual([m(1).open_days, m(1).occupied_days], [31, 2]);
  assert.deepEqual([m(2).open_days, m(2).occupied_days, m(2).refusals], [24, 3, 1]);
  assert.deepEqual([m(3).open_days, m(3).occupied_days, m(3).refusals], [62, 0, 1]);
  assert.deepEqual([m(9).open_days], [30 + 30 - 5]);
  assert.deepEqual([m(12).open_days, m(12).occupied_days], [62, 4]);
  // The year: A 366 - 5 closed, B 306 - 5 closed (1..5 September).
  assert.equal(o.open_days, 361 + 301);
  assert.equal(o.occupied_days, 9);
  assert.equal(o.refusals, 2);
  assert.ok(Math.abs(o.rate - 9 / 662) < 1e-9);
  assert.equal(m(1).rate, 2 / 31);
  assert.equal(o.items.length, 2);
  assertError(await c.direction.get('/api/v1/beds/occupancy?year=1999'), 422, 'query.year.invalid');
  r = await c.direction.get('/api/v1/beds/occupancy?year=2019');
  assert.equal(r.json.refusals, 1);
  assert.equal(r.json.open_days, 0);
  assert.equal(r.json.rate, null);
});

test('the stay on the timeline, traced, live events, a hidden person', async () => {
  const p = free[1];
  assert.equal((await c.coordination.get('/api/v1/beds?from=2020-08-01&days=3')).status, 200);
  const r = await c.coordination.get(`/api/v1/persons/${p}/timeline`);
  assert.equal(r.status, 200, r.text);
  const ev = r.json.items.find((e) => e.kind === 'bed.booked' && e.on === '2020-08-01');
  assert.ok(ev, r.text);
  assert.match(ev.label, /Hébergement temporaire réservé \(Chambre 1 \(CRT\)\) : Crise, sortie prévue le 10\/08\/2020/);
  const acts = (await accesses(c.coordination, p)).map((a) => a.action);
  assert.ok(acts.includes('bedstay.create'), acts.join(' '));
  assert.ok(acts.includes('bed.list'), acts.join(' '));
  const events = sql(db, "SELECT person_id, ref_id FROM event WHERE type = 'bed.changed'");
  assert.ok(events.length >= 10);
  // Ids only, and no person: availability is for the whole team on duty.
  for (const [pid] of events) assert.ok(pid === '' || pid === '0', pid);
  // The ergotherapist (intervenant, no circle) sees the places, not who.
  const b = await c.ergo.get('/api/v1/beds?from=2020-08-01&days=3');
  assert.equal(b.status, 200, b.text);
  const hidden = b.json.stays.filter((s) => s.identity_hidden);
  assert.ok(hidden.length >= 1, b.text);
  for (const s of hidden) {
    assert.equal(s.person_id, null);
    assert.equal(s.birth_name, null);
    assert.equal(s.reason, null);
  }
  // Booking for a person outside one's circle: refused as if missing
  // (the access module's one answer),
  // the denial traced.
  const ideSees = new Set(Object.values(await personIds(c.ide)).map(Number));
  const other = free.find((q) => !ideSees.has(q));
  const d = await book(other, A, '2020-11-01', '2020-11-03', 'crise', 'ide');
  assertError(d, 404, 'person.not_found');
  const denied = (await accesses(c.coordination, other)).find((a) => a.action === 'bedstay.create');
  assert.equal(denied.grant, 'denied');
  assert.equal(denied.login, 'ide');
  // The nurse on call books for a person of her circle (a write on the
  // care part; her profession writes no identity), and records the arrival.
  const mine = [...ideSees][0];
  const ok = await book(mine, B, '2020-11-10', '2020-11-12', 'crise', 'ide');
  assert.equal(ok.status, 201, ok.text);
  const arr = await c.ide.post(`/api/v1/bedstays/${ok.json.id}/arrival`, { on: '2020-11-10' });
  assert.equal(arr.status, 200, arr.text);
  // The direction reads the places, books nothing.
  assertError(await book(mine, B, '2020-11-20', '2020-11-22', 'crise', 'direction'), 403, 'role.forbidden');
});
