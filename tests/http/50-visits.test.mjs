// Visits at home (issue 11, first slice): series expanded in the CRT's
// zone (RRULE, EXDATE, DST, public holidays and their policies), markings
// and their corrections, « à pointer » after the grace, suspension during
// a hospitalisation, conflicts of one team member, access (circle,
// partner organisation, another CRT) and bad input. Runs on SQLite and
// PostgreSQL (MAILLAGE_TEST_PG).
// SPEC: issue 11; PRODUCT §4 planning; DOMAIN §9 calendar.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, tempDb } from './lib/server.mjs';
import { assertError, demoWithOtherCrt, personIds, sql, stopServer } from './lib/util.mjs';

const PWC = 'coordination-deux-2';
let srv, db, ids, orgs, d;
const c = {};

before(async () => {
  db = tempDb();
  demoWithOtherCrt(db, PWC);
  srv = await startServer({ db, demo: false });
  for (const a of ['coordination', 'direction', 'medecin', 'ide', 'aide', 'ergo', 'secretariat', 'dac48',
    'admin']) {
    c[a] = await login(srv.base, a);
  }
  d = await login(srv.base, 'coord2', PWC);
  ids = await personIds(c.coordination);
  const o = (await c.coordination.get('/api/v1/orgs')).json.items;
  orgs = { dac: o.find((x) => x.type === 'dac'), ssiad: o.find((x) => x.type === 'ssiad'),
    saad: o.find((x) => x.type === 'saad') };
});
after(async () => { await stopServer(srv); });

const visit = (over = {}) => ({ person_id: ids.ROUSSET, starts_local: '2026-03-02T09:00', duration_min: 30,
  kind: 'soins', user_id: c.aide.user.id, ...over });

async function create(over, who = c.coordination) {
  const r = await who.post('/api/v1/visits', visit(over));
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

// The occurrences of one series in a window, as the coordination sees them.
async function occ(sid, from, to, who = c.coordination, q = null) {
  const s = (await c.coordination.get(`/api/v1/visits/series/${sid}`)).json;
  const r = await who.get(`/api/v1/visits?${q || `person_id=${s.person_id}`}&from=${from}&to=${to}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((x) => x.series_id === sid);
}

const seriesCount = () => Number(sql(db, 'SELECT COUNT(*) FROM visit_series')[0][0]);
const markCount = () => Number(sql(db, 'SELECT COUNT(*) FROM visit_mark')[0][0]);

// "YYYY-MM-DDTHH:MM" in Europe/Paris for a JS Date.
function paris(t) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric',
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
    .formatToParts(t).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}
const dayOf = (offset) => paris(new Date(Date.now() + offset * 86400e3)).slice(0, 10);

test('RRULE and EXDATE: a weekly visit on Mondays and Thursdays, two exceptions', async () => {
  const sid = await create({ starts_local: '2026-01-05T09:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TH',
    exdates: '2026-01-08, 2026-01-15T09:00', until_on: '2026-01-22' });
  const v = await occ(sid, '2026-01-01', '2026-01-31');
  assert.deepEqual(v.map((x) => x.local_start), ['2026-01-05T09:00', '2026-01-12T09:00', '2026-01-19T09:00',
    '2026-01-22T09:00']);
  assert.deepEqual(v.map((x) => x.planned_start), ['2026-01-05T08:00:00Z', '2026-01-12T08:00:00Z',
    '2026-01-19T08:00:00Z', '2026-01-22T08:00:00Z']);
  assert.equal(v[0].planned_end, '2026-01-05T08:30:00Z');
  assert.equal(v[0].key, v[0].planned_start);
  assert.deepEqual([v[0].kind, v[0].kind_label, v[0].critical, v[0].holiday], ['soins', 'Soins', false, null]);
  // The strict traits (RNIV form) and as typed (issue 10 §2).
  assert.deepEqual(v[0].person, { id: ids.ROUSSET, birth_name: 'ROUSSET', first_names: 'MARCELLE JEANNE',
    birth_name_display: 'ROUSSET', first_names_display: 'Marcelle Jeanne', used_name: null,
    commune: v[0].person.commune });
  assert.equal(typeof v[0].person.commune, 'string');
  assert.equal(v[0].who.user_id, c.aide.user.id);
  assert.equal(v[0].who.display_name, 'Nadia Pagès');
  assert.equal(v[0].who.org_id, null);
  // Past and never marked: « à pointer ».
  assert.ok(v.every((x) => x.state === 'a_pointer'));
  const s = await c.coordination.get(`/api/v1/visits/series/${sid}`);
  assert.equal(s.status, 200, s.text);
  assert.deepEqual([s.json.rrule, s.json.exdates, s.json.until_on, s.json.holiday_policy, s.json.grace_min],
    ['FREQ=WEEKLY;BYDAY=MO,TH', '2026-01-08,2026-01-15T09:00', '2026-01-22', 'keep', 15]);
});

test('DST 2026: 09:00 stays 09:00 local; the 20:00 → 08:00 nights last 11 h and 13 h', async () => {
  const sid = await create({ starts_local: '2026-03-02T09:00', rrule: 'FREQ=WEEKLY' });
  let v = await occ(sid, '2026-03-16', '2026-04-06');
  assert.deepEqual(v.map((x) => [x.local_start, x.planned_start]), [
    ['2026-03-16T09:00', '2026-03-16T08:00:00Z'], ['2026-03-23T09:00', '2026-03-23T08:00:00Z'],
    ['2026-03-30T09:00', '2026-03-30T07:00:00Z'], ['2026-04-06T09:00', '2026-04-06T07:00:00Z']]);
  v = await occ(sid, '2026-10-19', '2026-10-26');
  assert.deepEqual(v.map((x) => x.planned_start), ['2026-10-19T07:00:00Z', '2026-10-26T08:00:00Z']);
  const night = await create({ starts_local: '2026-03-27T20:00', duration_min: 720, rrule: 'FREQ=DAILY',
    kind: 'passage_nuit', until_on: '2026-10-31' });
  v = await occ(night, '2026-03-28', '2026-03-28');
  const hours = (x) => (Date.parse(x.planned_end) - Date.parse(x.planned_start)) / 3600e3;
  // The night of 27→28 reaches into the 28th; the night of 28→29 is 11 h.
  const n28 = v.find((x) => x.local_start === '2026-03-28T20:00');
  assert.deepEqual([n28.planned_start, n28.planned_end, hours(n28)], ['2026-03-28T19:00:00Z',
    '2026-03-29T06:00:00Z', 11]);
  v = await occ(night, '2026-10-24', '2026-10-24');
  const n24 = v.find((x) => x.local_start === '2026-10-24T20:00');
  assert.deepEqual([n24.planned_start, n24.planned_end, hours(n24)], ['2026-10-24T18:00:00Z',
    '2026-10-25T07:00:00Z', 13]);
  assert.equal(hours(v.find((x) => x.local_start === '2026-10-23T20:00')), 12);
});

test('holiday policies on Easter Monday (6 April 2026) and Ascension (14 May 2026)', async () => {
  const mondays = {};
  const thursdays = {};
  for (const p of ['keep', 'skip', 'before', 'after']) {
    mondays[p] = await create({ starts_local: '2026-03-30T10:00', rrule: 'FREQ=WEEKLY;COUNT=3',
      holiday_policy: p, person_id: ids.TEISSIER });
    thursdays[p] = await create({ starts_local: '2026-05-07T10:00', rrule: 'FREQ=WEEKLY;COUNT=3',
      holiday_policy: p, person_id: ids.TEISSIER });
  }
  const at = async (sid, from, to) => (await occ(sid, from, to)).map((x) => [x.key, x.planned_start,
    x.holiday]);
  const easter = '2026-04-06T08:00:00Z';
  assert.deepEqual(await at(mondays.keep, '2026-03-30', '2026-04-13'), [
    ['2026-03-30T08:00:00Z', '2026-03-30T08:00:00Z', null], [easter, easter, 'Lundi de Pâques'],
    ['2026-04-13T08:00:00Z', '2026-04-13T08:00:00Z', null]]);
  assert.deepEqual((await at(mondays.skip, '2026-03-30', '2026-04-13')).map((x) => x[0]),
    ['2026-03-30T08:00:00Z', '2026-04-13T08:00:00Z']);
  assert.deepEqual((await at(mondays.before, '2026-04-01', '2026-04-10'))[0],
    [easter, '2026-04-05T08:00:00Z', 'Lundi de Pâques']);
  assert.deepEqual((await at(mondays.after, '2026-04-01', '2026-04-10'))[0],
    [easter, '2026-04-07T08:00:00Z', 'Lundi de Pâques']);
  const asc = '2026-05-14T08:00:00Z';
  assert.deepEqual((await at(thursdays.keep, '2026-05-14', '2026-05-14'))[0], [asc, asc, 'Ascension']);
  assert.deepEqual(await at(thursdays.skip, '2026-05-12', '2026-05-16'), []);
  assert.deepEqual((await at(thursdays.before, '2026-05-12', '2026-05-16'))[0],
    [asc, '2026-05-13T08:00:00Z', 'Ascension']);
  assert.deepEqual((await at(thursdays.after, '2026-05-12', '2026-05-16'))[0],
    [asc, '2026-05-15T08:00:00Z', 'Ascension']);
  // A moved occurrence is marked by its key.
  const m = await c.aide.post(`/api/v1/visits/series/${mondays.before}/marks`, { key: easter,
    state: 'done', arrived_at: '2026-04-05T10:05', left_at: '2026-04-05T10:40', how: 'hand',
    hand_reason: 'Pointage après la visite' });
  assert.equal(m.status, 201, m.text);
  assert.deepEqual([m.json.key, m.json.planned_start, m.json.state], [easter, '2026-04-05T08:00:00Z',
    'done']);
});

test('Moselle: 26 December is a holiday once the CRT\'s département is 57', async () => {
  let r = await c.coordination.get('/api/v1/crt/calendar');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { timezone: 'Europe/Paris', departement: '48', whit_monday_worked: false });
  const sid = await create({ starts_local: '2026-12-24T10:00', rrule: 'FREQ=DAILY;COUNT=4',
    holiday_policy: 'skip', person_id: ids.TEISSIER });
  const days = async () => (await occ(sid, '2026-12-20', '2026-12-31')).map((x) => x.local_start.slice(0, 10));
  assert.deepEqual(await days(), ['2026-12-24', '2026-12-26', '2026-12-27']);
  assertError(await c.ide.patch('/api/v1/crt/calendar', { departement: '57' }), 403, 'role.forbidden');
  assertError(await c.coordination.patch('/api/v1/crt/calendar', { departement: '99' }), 422,
    'settings.departement.invalid', 'departement');
  assertError(await c.coordination.patch('/api/v1/crt/calendar', { timezone: 'Europe/Nulle-Part' }), 422,
    'settings.timezone.invalid', 'timezone');
  r = await c.coordination.patch('/api/v1/crt/calendar', { departement: '57' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.departement, '57');
  assert.deepEqual(await days(), ['2026-12-24', '2026-12-27']);
  const keep = await create({ starts_local: '2026-12-26T10:00', person_id: ids.TEISSIER });
  assert.equal((await occ(keep, '2026-12-26', '2026-12-26'))[0].holiday, 'Saint-Étienne');
  r = await c.coordination.patch('/api/v1/crt/calendar', { departement: '48' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await occ(keep, '2026-12-26', '2026-12-26'))[0].holiday, null);
});

test('markings: done, a correction keeps the old one in the history, moved changes the time', async () => {
  const sid = await create({ starts_local: '2026-11-02T09:00', rrule: 'FREQ=DAILY;COUNT=5' });
  const key = '2026-11-02T08:00:00Z';
  let r = await c.aide.post(`/api/v1/visits/series/${sid}/marks`, { key, state: 'done',
    arrived_at: '2026-11-02T09:10', left_at: '2026-11-02T09:45', how: 'hand',
    hand_reason: 'QR code illisible' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.state, 'done');
  assert.deepEqual([r.json.mark.arrived_at, r.json.mark.left_at, r.json.mark.how, r.json.mark.hand_reason,
    r.json.mark.marked_by.name], ['2026-11-02T08:10:00Z', '2026-11-02T08:45:00Z', 'hand', 'QR code illisible',
    'Nadia Pagès']);
  assert.deepEqual(r.json.history, []);
  const first = r.json.mark.id;
  // The coordination corrects it: not done, the person was out.
  r = await c.coordination.post(`/api/v1/visits/series/${sid}/marks`, { key, state: 'not_done',
    reason_code: 'absent', reason_text: 'Chez sa fille' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.state, r.json.mark.reason_code, r.json.mark.replaces_id], ['not_done', 'absent',
    first]);
  assert.deepEqual(r.json.history.map((m) => [m.id, m.state]), [[first, 'done']]);
  // The list shows the same.
  let v = await occ(sid, '2026-11-02', '2026-11-03');
  assert.deepEqual(v.map((x) => x.state), ['not_done', 'a_pointer']);
  assert.equal(v[0].history.length, 1);
  // Moved: a new time and its reason; the key stays.
  const key2 = '2026-11-03T08:00:00Z';
  r = await c.aide.post(`/api/v1/visits/series/${sid}/marks`, { key: key2, state: 'moved',
    moved_to_local: '2026-11-03T14:00', reason_text: 'Rendez-vous médical le matin' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.key, r.json.state, r.json.planned_start, r.json.planned_end, r.json.local_start],
    [key2, 'moved', '2026-11-03T13:00:00Z', '2026-11-03T13:30:00Z', '2026-11-03T14:00']);
  // A key that is not an occurrence of the series, and one before its first.
  assertError(await c.aide.post(`/api/v1/visits/series/${sid}/marks`, { key: '2026-11-02T09:00:00Z',
    state: 'not_done', reason_code: 'refus' }), 404, 'visit.occurrence.not_found', 'key');
  assertError(await c.aide.post(`/api/v1/visits/series/${sid}/marks`, { key: '2026-11-09T08:00:00Z',
    state: 'not_done', reason_code: 'refus' }), 404, 'visit.occurrence.not_found', 'key');
  // Each field of a marking checked, nothing stored.
  const n = markCount();
  const bad = [
    [{ key: 'hier', state: 'done' }, 'visit.key.invalid', 'key'],
    [{ key: key2, state: 'fini' }, 'visit.state.invalid', 'state'],
    [{ key: key2, state: 'done', how: 'hand', hand_reason: 'x' }, 'visit.arrived_at.invalid', 'arrived_at'],
    [{ key: key2, state: 'done', arrived_at: '2099-01-01T09:00', how: 'hand', hand_reason: 'x' }, 'visit.arrived_at.invalid',
      'arrived_at'],
    [{ key: key2, state: 'done', arrived_at: '2026-11-03T09:00', left_at: '2026-11-03T08:00', how: 'hand', hand_reason: 'x' },
      'visit.left_at.invalid', 'left_at'],
    // « With the QR code » only from the scan at the door.
    [{ key: key2, state: 'done', arrived_at: '2026-11-03T09:00', how: 'qr' }, 'visit.how.scan_only', 'how'],
    [{ key: key2, state: 'done', arrived_at: '2026-11-03T09:00' }, 'visit.how.invalid', 'how'],
    [{ key: key2, state: 'done', arrived_at: '2026-11-03T09:00', how: 'hand' }, 'visit.hand_reason.invalid',
      'hand_reason'],
    [{ key: key2, state: 'not_done' }, 'visit.reason_code.invalid', 'reason_code'],
    [{ key: key2, state: 'not_done', reason_code: 'pluie' }, 'visit.reason_code.invalid', 'reason_code'],
    [{ key: key2, state: 'not_done', reason_code: 'autre' }, 'visit.reason_text.invalid', 'reason_text'],
    [{ key: key2, state: 'done', reason_code: 'refus', arrived_at: '2026-11-03T09:00', how: 'hand', hand_reason: 'x' },
      'visit.reason_code.invalid', 'reason_code'],
    [{ key: key2, state: 'moved', reason_text: 'x' }, 'visit.moved_to_local.invalid', 'moved_to_local'],
    [{ key: key2, state: 'moved', moved_to_local: '2026-11-03T25:00', reason_text: 'x' },
      'visit.moved_to_local.invalid', 'moved_to_local'],
    [{ key: key2, state: 'moved', moved_to_local: '2026-11-03T15:00', moved_duration_min: 2, reason_text: 'x' },
      'visit.moved_duration_min.invalid', 'moved_duration_min'],
    [{ key: key2, state: 'moved', moved_to_local: '2026-11-03T15:00' }, 'visit.reason_text.invalid',
      'reason_text'],
  ];
  for (const [body, code, field] of bad) {
    assertError(await c.aide.post(`/api/v1/visits/series/${sid}/marks`, body), 422, code, field);
  }
  assert.equal(markCount(), n);
  v = await occ(sid, '2026-11-03', '2026-11-03');
  assert.equal(v.find((x) => x.key === key2).state, 'moved');
  // Done at its new time: the visit stays there, the move in its history.
  r = await c.aide.post(`/api/v1/visits/series/${sid}/marks`, { key: key2, state: 'done',
    arrived_at: '2026-11-03T14:05', left_at: '2026-11-03T14:35', how: 'hand',
    hand_reason: 'Pointage après la visite' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.state, r.json.planned_start, r.json.history.map((m) => m.state)],
    ['done', '2026-11-03T13:00:00Z', ['moved']]);
});

test('« à pointer » after the grace: a visit that started 30 minutes ago', async () => {
  const start = paris(new Date(Date.now() - 30 * 60e3));
  const late = await create({ starts_local: start });
  const patient = await create({ starts_local: start, grace_min: 60, user_id: c.ide.user.id });
  const today = start.slice(0, 10);
  assert.equal((await occ(late, today, today))[0].state, 'a_pointer');
  assert.equal((await occ(patient, today, today))[0].state, 'planned');
  const future = await create({ starts_local: paris(new Date(Date.now() + 3600e3)) });
  assert.equal((await occ(future, dayOf(0), dayOf(1)))[0].state, 'planned');
  // Marked done: no longer « à pointer ».
  const [o] = await occ(late, today, today);
  const r = await c.aide.post(`/api/v1/visits/series/${late}/marks`, { key: o.key, state: 'done',
    arrived_at: start, how: 'hand', hand_reason: 'Pointage après la visite' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.state, 'done');
});

test('a hospitalisation on the support suspends the visits (not « à pointer »)', async () => {
  const sup = (await c.coordination.get('/api/v1/supports?status=active')).json.items
    .find((x) => x.person.birth_name === 'BOUDON');
  const sid = await create({ person_id: ids.BOUDON, starts_local: `${dayOf(-6)}T10:00`, rrule: 'FREQ=DAILY',
    until_on: dayOf(-1) });
  let v = await occ(sid, dayOf(-6), dayOf(-1));
  assert.deepEqual(v.map((x) => x.state), Array(6).fill('a_pointer'));
  const r = await c.coordination.post(`/api/v1/supports/${sup.id}/absences`, { kind: 'hospitalisation',
    start_on: dayOf(-4), end_on: dayOf(-3), place: 'CH Mende' });
  assert.equal(r.status, 201, r.text);
  v = await occ(sid, dayOf(-6), dayOf(-1));
  assert.deepEqual(v.map((x) => x.state), ['a_pointer', 'a_pointer', 'suspended', 'suspended', 'a_pointer',
    'a_pointer']);
});

test('conflicts: one aide at two homes at once; each lists the other', async () => {
  const a = await create({ starts_local: '2026-12-10T09:00', duration_min: 60 });
  const b = await create({ starts_local: '2026-12-10T09:30', duration_min: 45, person_id: ids.TEISSIER });
  const other = await create({ starts_local: '2026-12-10T09:30', duration_min: 45, person_id: ids.TEISSIER,
    user_id: c.ide.user.id });
  // The demo's own round of the aide and the nurse that morning
  // (issue 11 demo) may overlap too: only this test's series are looked at.
  const mine = (o) => o.conflicts.filter((x) => [a, b, other].includes(x.series_id));
  const [oa] = await occ(a, '2026-12-10', '2026-12-10');
  const [ob] = await occ(b, '2026-12-10', '2026-12-10');
  assert.deepEqual(mine(oa), [{ series_id: b, key: '2026-12-10T08:30:00Z' }]);
  assert.deepEqual(mine(ob), [{ series_id: a, key: '2026-12-10T08:00:00Z' }]);
  assert.deepEqual(mine((await occ(other, '2026-12-10', '2026-12-10'))[0]), []);
  // Her own round shows the same; the nurse's does not.
  const round = await occ(a, '2026-12-10', '2026-12-10', c.aide, `user_id=${c.aide.user.id}`);
  assert.equal(mine(round[0]).length, 1);
  // Not done: no longer a conflict.
  const r = await c.aide.post(`/api/v1/visits/series/${b}/marks`, { key: ob.key, state: 'not_done',
    reason_code: 'annule_personne' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(mine((await occ(a, '2026-12-10', '2026-12-10'))[0]), []);
});

test('change and cancel a series from a date: the past and its markings stay', async () => {
  const sid = await create({ starts_local: `${dayOf(-14)}T09:00`, rrule: 'FREQ=DAILY', person_id: ids.TEISSIER,
    note: 'Avant' });
  const past = (await occ(sid, dayOf(-14), dayOf(-14)))[0];
  let r = await c.aide.post(`/api/v1/visits/series/${sid}/marks`, { key: past.key, state: 'done',
    arrived_at: `${dayOf(-14)}T09:05`, how: 'hand', hand_reason: 'Pointage après la visite' });
  assert.equal(r.status, 201, r.text);
  assertError(await c.coordination.patch(`/api/v1/visits/series/${sid}`, { from: dayOf(-1), duration_min: 45 }),
    422, 'visit.from.invalid', 'from');
  assertError(await c.aide.patch(`/api/v1/visits/series/${sid}`, { from: dayOf(2), duration_min: 45 }), 403,
    'role.forbidden');
  r = await c.coordination.patch(`/api/v1/visits/series/${sid}`, { from: dayOf(2), duration_min: 45,
    note: 'Après' });
  assert.equal(r.status, 200, r.text);
  const nid = r.json.id;
  assert.notEqual(nid, sid);
  assert.deepEqual([r.json.starts_local, r.json.duration_min, r.json.note, r.json.replaces_id, r.json.rrule],
    [`${dayOf(2)}T09:00`, 45, 'Après', sid, 'FREQ=DAILY']);
  const old = (await c.coordination.get(`/api/v1/visits/series/${sid}`)).json;
  assert.equal(old.until_on, dayOf(1));
  const v = (await c.coordination.get(`/api/v1/visits?person_id=${ids.TEISSIER}&from=${dayOf(-14)}&to=${dayOf(4)}`))
    .json.items.filter((x) => x.series_id === sid || x.series_id === nid);
  assert.equal(v.length, 19);
  assert.equal(v[0].state, 'done');
  assert.ok(v.filter((x) => x.series_id === sid).every((x) => x.planned_end.length && x.local_start
    < `${dayOf(2)}`));
  assert.deepEqual(v.filter((x) => x.series_id === nid).map((x) => x.local_start.slice(0, 10)),
    [dayOf(2), dayOf(3), dayOf(4)]);
  assert.equal((Date.parse(v.at(-1).planned_end) - Date.parse(v.at(-1).planned_start)) / 60e3, 45);
  // Cancel the new one from its first day: it is ended, nothing left.
  r = await c.coordination.del(`/api/v1/visits/series/${nid}?from=${dayOf(2)}`);
  assert.equal(r.status, 200, r.text);
  assert.notEqual(r.json.ended_at, null);
  assert.equal((await occ(nid, dayOf(2), dayOf(10))).length, 0);
  assertError(await c.coordination.del(`/api/v1/visits/series/${nid}?from=${dayOf(3)}`), 409, 'visit.ended');
  assertError(await c.coordination.del(`/api/v1/visits/series/${sid}?from=${dayOf(5)}`), 409, 'visit.ended');
  assertError(await c.coordination.del(`/api/v1/visits/series/${sid}`), 422, 'visit.from.invalid', 'from');
});

test('change from a date: a new rule starts that day; a new start or another provider', async () => {
  const wd = (ymd) => new Date(`${ymd}T12:00:00Z`).getUTCDay();
  const sid = await create({ starts_local: `${dayOf(-30)}T09:00`, rrule: 'FREQ=WEEKLY', person_id: ids.TEISSIER });
  let r = await c.coordination.patch(`/api/v1/visits/series/${sid}`, { from: dayOf(3),
    rrule: 'FREQ=WEEKLY;BYDAY=TU,FR', user_id: null, org_id: orgs.saad.id, kind: 'aide_domicile' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.starts_local, r.json.rrule, r.json.who.user_id, r.json.who.org_id, r.json.kind],
    [`${dayOf(3)}T09:00`, 'FREQ=WEEKLY;BYDAY=TU,FR', null, orgs.saad.id, 'aide_domicile']);
  const v = await occ(r.json.id, dayOf(0), dayOf(20));
  assert.ok(v.length >= 5);
  assert.ok(v.every((x) => [2, 5].includes(wd(x.local_start.slice(0, 10)))
    && x.local_start.slice(0, 10) >= dayOf(3) && x.local_start.endsWith('T09:00')), JSON.stringify(v));
  assert.equal((await c.coordination.get(`/api/v1/visits/series/${sid}`)).json.until_on, dayOf(2));
  assertError(await c.coordination.patch(`/api/v1/visits/series/${r.json.id}`, { from: dayOf(5),
    starts_local: `${dayOf(4)}T10:00` }), 422, 'visit.starts_local.invalid', 'starts_local');
  assertError(await c.coordination.patch(`/api/v1/visits/series/${r.json.id}`, { from: dayOf(5),
    professional_id: 999999 }), 422, 'visit.professional_id.invalid', 'professional_id');
  r = await c.coordination.patch(`/api/v1/visits/series/${r.json.id}`, { from: dayOf(10),
    starts_local: `${dayOf(10)}T16:30` });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.starts_local, `${dayOf(10)}T16:30`);
});

test('change from a date: a COUNT rule keeps its total (the new series counts what is left)', async () => {
  // Ten daily visits from 4 days ago: 4 made before the change, 6 left.
  const sid = await create({ starts_local: `${dayOf(-4)}T10:00`, rrule: 'FREQ=DAILY;COUNT=10',
    person_id: ids.TEISSIER });
  const r = await c.coordination.patch(`/api/v1/visits/series/${sid}`, { from: dayOf(0),
    starts_local: `${dayOf(0)}T14:00` });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.rrule, 'FREQ=DAILY;COUNT=6');
  const all = [...await occ(sid, dayOf(-10), dayOf(20)), ...await occ(r.json.id, dayOf(-10), dayOf(20))];
  assert.equal(all.length, 10, JSON.stringify(all.map((x) => x.local_start)));
  assert.equal(all.filter((x) => x.local_start.endsWith('T14:00')).length, 6);
  // Its rule unchanged again past its last visit: nothing left to change.
  assertError(await c.coordination.patch(`/api/v1/visits/series/${r.json.id}`, { from: dayOf(6),
    starts_local: `${dayOf(6)}T15:00` }), 409, 'visit.ended', 'from');
  // A rule given anew is taken as said.
  const n = await c.coordination.patch(`/api/v1/visits/series/${r.json.id}`, { from: dayOf(2),
    rrule: 'FREQ=DAILY;COUNT=2' });
  assert.equal(n.status, 200, n.text);
  assert.equal(n.json.rrule, 'FREQ=DAILY;COUNT=2');
});

test('access: circle, own round, partner organisation, another CRT', async () => {
  const sid = await create({ person_id: ids.TEISSIER, starts_local: '2026-06-01T09:00' });
  const ssiad = await create({ person_id: ids.ROUSSET, starts_local: '2026-06-01T11:00', user_id: null,
    org_id: orgs.ssiad.id });
  const dac = await create({ person_id: ids.ROUSSET, starts_local: '2026-06-01T14:00', user_id: null,
    org_id: orgs.dac.id, kind: 'visite_coordination' });
  const w = 'from=2026-06-01&to=2026-06-01';
  // The ergotherapist is not in TEISSIER's circle: refused and traced.
  assertError(await c.ergo.get(`/api/v1/visits?person_id=${ids.TEISSIER}&${w}`), 404, 'person.not_found');
  assertError(await c.ergo.get(`/api/v1/visits/series/${sid}`), 404, 'visit.not_found');
  const denied = sql(db, `SELECT action, grant_kind FROM trace WHERE login = 'ergo' AND person_id = `
    + `${ids.TEISSIER} AND action LIKE 'visit.%' ORDER BY seq`);
  assert.deepEqual(denied, [['visit.read', 'denied'], ['visit.series.read', 'denied']]);
  // The aide, in ROUSSET's circle, reads her visits but plans none.
  let r = await c.aide.get(`/api/v1/visits?person_id=${ids.ROUSSET}&${w}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((x) => x.series_id).filter((x) => [sid, ssiad, dac].includes(x)),
    [ssiad, dac]);
  // Her own round; not another's.
  r = await c.ergo.get(`/api/v1/visits?user_id=${c.ergo.user.id}&${w}`);
  assert.equal(r.status, 200, r.text);
  assertError(await c.ergo.get(`/api/v1/visits?user_id=${c.aide.user.id}&${w}`), 403, 'visit.scope');
  assertError(await c.ergo.get(`/api/v1/visits?all=1&${w}`), 403, 'visit.scope');
  // The whole file active, for the coordination: each person traced.
  r = await c.coordination.get(`/api/v1/visits?all=1&${w}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((x) => x.series_id).filter((x) => [sid, ssiad, dac].includes(x)),
    [sid, ssiad, dac]);
  const tr = sql(db, `SELECT grant_kind, categories FROM trace WHERE action = 'visit.list' AND `
    + `login = 'coordination' AND person_id = ${ids.TEISSIER}`);
  assert.deepEqual(tr, [['normal', 'admin']]);
  // The aide marks her own, not the SSIAD's; the DAC partner marks its
  // organisation's visit to a person of its circle, not the SSIAD's.
  assertError(await c.aide.post(`/api/v1/visits/series/${ssiad}/marks`, { key: '2026-06-01T09:00:00Z',
    state: 'not_done', reason_code: 'refus' }), 403, 'visit.mark.forbidden');
  assertError(await c.ide.post(`/api/v1/visits/series/${sid}/marks`, { key: '2026-06-01T07:00:00Z',
    state: 'not_done', reason_code: 'refus' }), 403, 'visit.mark.forbidden');
  assertError(await c.dac48.post(`/api/v1/visits/series/${ssiad}/marks`, { key: '2026-06-01T09:00:00Z',
    state: 'not_done', reason_code: 'refus' }), 403, 'visit.mark.forbidden');
  r = await c.dac48.post(`/api/v1/visits/series/${dac}/marks`, { key: '2026-06-01T12:00:00Z',
    state: 'done', arrived_at: '2026-06-01T14:00', left_at: '2026-06-01T15:00', how: 'hand',
    hand_reason: 'Pointage après la visite' });
  assert.equal(r.status, 201, r.text);
  assertError(await c.dac48.get(`/api/v1/visits?org_id=${orgs.ssiad.id}&${w}`), 403, 'visit.scope');
  r = await c.dac48.get(`/api/v1/visits?org_id=${orgs.dac.id}&${w}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((x) => x.series_id), [dac]);
  // BOUDON objected to the DAC: her visits are hidden from it.
  const bd = await create({ person_id: ids.BOUDON, starts_local: '2026-06-01T16:00', user_id: null,
    org_id: orgs.dac.id });
  r = await c.dac48.get(`/api/v1/visits?org_id=${orgs.dac.id}&${w}`);
  assert.deepEqual(r.json.items.map((x) => x.series_id), [dac]);
  assert.ok(!r.json.items.some((x) => x.series_id === bd));
  assertError(await c.dac48.post(`/api/v1/visits/series/${bd}/marks`, { key: '2026-06-01T14:00:00Z',
    state: 'done', arrived_at: '2026-06-01T16:00', how: 'hand',
    hand_reason: 'Pointage après la visite' }), 404, 'visit.not_found');
  // Planning is for the coordination, the doctor and the secretariat.
  for (const who of ['aide', 'ide', 'ergo', 'direction', 'dac48', 'admin']) {
    assertError(await c[who].post('/api/v1/visits', visit()), 403, 'role.forbidden');
  }
  assertError(await c.admin.get(`/api/v1/visits?all=1&${w}`), 403, 'role.forbidden');
  // Another CRT sees nothing: 404 everywhere.
  assertError(await d.get(`/api/v1/visits/series/${sid}`), 404, 'visit.not_found');
  assertError(await d.get(`/api/v1/visits?person_id=${ids.TEISSIER}&${w}`), 404, 'person.not_found');
  assertError(await d.post(`/api/v1/visits/series/${sid}/marks`, { key: '2026-06-01T07:00:00Z',
    state: 'not_done', reason_code: 'refus' }), 404, 'visit.not_found');
  assertError(await d.patch(`/api/v1/visits/series/${sid}`, { from: '2099-01-01', duration_min: 40 }), 404,
    'visit.not_found');
  assertError(await d.del(`/api/v1/visits/series/${sid}?from=2099-01-01`), 404, 'visit.not_found');
  r = await d.get(`/api/v1/visits?all=1&${w}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items, []);
  assertError(await d.post('/api/v1/visits', visit({ person_id: ids.TEISSIER, user_id: d.user.id })), 404,
    'person.not_found');
});

test('bad input: each field refused with its code, nothing stored', async () => {
  const n = seriesCount();
  const cases = [
    [{ user_id: null }, 'visit.user_id.invalid', 'user_id'],
    [{ org_id: orgs.ssiad.id }, 'visit.user_id.invalid', 'user_id'],
    [{ user_id: c.admin.user.id }, 'visit.user_id.invalid', 'user_id'],
    [{ user_id: c.dac48.user.id }, 'visit.user_id.invalid', 'user_id'],
    [{ user_id: null, org_id: 999999 }, 'visit.org_id.invalid', 'org_id'],
    [{ professional_id: 1 }, 'visit.professional_id.invalid', 'professional_id'],
    [{ user_id: null, org_id: orgs.ssiad.id, professional_id: 999999 }, 'visit.professional_id.invalid',
      'professional_id'],
    [{ kind: 'promenade' }, 'visit.kind.invalid', 'kind'],
    [{ action_id: 999999 }, 'visit.action_id.invalid', 'action_id'],
    [{ starts_local: '2026-02-30T09:00' }, 'visit.starts_local.invalid', 'starts_local'],
    [{ starts_local: '2026-03-02 09:00' }, 'visit.starts_local.invalid', 'starts_local'],
    [{ duration_min: 4 }, 'visit.duration_min.invalid', 'duration_min'],
    [{ duration_min: 1441 }, 'visit.duration_min.invalid', 'duration_min'],
    [{ rrule: 'FREQ=HOURLY' }, 'visit.rrule.invalid', 'rrule'],
    [{ rrule: 'RRULE:FREQ=WEEKLY' }, 'visit.rrule.invalid', 'rrule'],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=XX' }, 'visit.rrule.invalid', 'rrule'],
    [{ exdates: '2026-03-09,lundi' }, 'visit.exdates.invalid', 'exdates'],
    [{ exdates: '2026-13-09' }, 'visit.exdates.invalid', 'exdates'],
    [{ until_on: '2026-03-01' }, 'visit.until_on.invalid', 'until_on'],
    [{ until_on: 'demain' }, 'visit.until_on.invalid', 'until_on'],
    [{ holiday_policy: 'never' }, 'visit.holiday_policy.invalid', 'holiday_policy'],
    [{ grace_min: -1 }, 'visit.grace_min.invalid', 'grace_min'],
    [{ grace_min: 241 }, 'visit.grace_min.invalid', 'grace_min'],
  ];
  for (const [over, code, field] of cases) {
    assertError(await c.coordination.post('/api/v1/visits', visit(over)), 422, code, field);
  }
  assertError(await c.coordination.post('/api/v1/visits', visit({ person_id: 999999 })), 404, 'person.not_found');
  const q = `person_id=${ids.ROUSSET}`;
  assertError(await c.coordination.get(`/api/v1/visits?${q}&from=2026-01-01`), 422, 'visit.to.invalid', 'to');
  assertError(await c.coordination.get(`/api/v1/visits?${q}&from=hier&to=2026-01-01`), 422,
    'visit.from.invalid', 'from');
  assertError(await c.coordination.get(`/api/v1/visits?${q}&from=2026-01-01&to=2026-04-03`), 422,
    'visit.window.invalid', 'to');
  assertError(await c.coordination.get(`/api/v1/visits?${q}&from=2026-01-02&to=2026-01-01`), 422,
    'visit.window.invalid', 'to');
  assertError(await c.coordination.get('/api/v1/visits?from=2026-01-01&to=2026-01-02'), 422,
    'visit.selector.invalid');
  assertError(await c.coordination.get(`/api/v1/visits?${q}&all=1&from=2026-01-01&to=2026-01-02`), 422,
    'visit.selector.invalid');
  const y = await c.coordination.get('/api/v1/visits?all=1&from=2026-01-01&to=2026-12-31');
  assert.equal(y.status, 200, y.text);
  assert.equal(seriesCount(), n);
  // A professional of the organisation, and an action of the person's plan.
  const pros = (await c.coordination.get(`/api/v1/orgs/${orgs.ssiad.id}`)).json.professionals;
  assert.ok(pros.length > 0, 'the demo SSIAD has professionals');
  const r = await c.coordination.post('/api/v1/visits', visit({ user_id: null, org_id: orgs.ssiad.id,
    professional_id: pros[0].id }));
  assert.equal(r.status, 201, r.text);
  const s = (await c.coordination.get(`/api/v1/visits/series/${r.json.id}`)).json;
  assert.equal(s.who.professional_id, pros[0].id);
  assert.equal(typeof s.who.professional, 'string');
  assert.equal(seriesCount(), n + 1);
});
