// The on-call roster (issue 13): a slot refused to a disabled account,
// to someone without a phone or of the wrong profession (422, stable
// codes, French messages); the computed roster without gap across both
// 2026 DST nights (11 h and 13 h, counted hours = real hours); a public
// holiday without its layer and a nurse-less window as gaps; publishing
// refused with a gap in the next 30 days, then accepted with a reason;
// « who is on call now » in one request; a person's own shifts and her
// .ics feed; overrides and swaps. The server's clock is moved
// (serve --test-clock). Runs on SQLite and PostgreSQL.
// SPEC: issue 13 « Roster ».
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, tempDb } from './lib/server.mjs';
import { assertError, sql, stopServer } from './lib/util.mjs';

let srv, db;
const c = {};
const id = {};

async function clock(now) {
  const r = await fetch(srv.base + '/api/v1/test/clock', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now }) });
  assert.equal(r.status, 200, await r.text());
}

// Local Paris wall clock → the UTC ISO text the server writes.
function paris(local) {
  const [d, t] = local.split('T');
  const [y, m, dd] = d.split('-').map(Number);
  const [hh, mm] = t.split(':').map(Number);
  // Offset of Paris at that instant: try +1 then +2.
  for (const off of [1, 2]) {
    const u = new Date(Date.UTC(y, m - 1, dd, hh - off, mm));
    const f = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit',
      hourCycle: 'h23' }).format(u);
    if (Number(f) === hh) return u.toISOString().replace(/\.\d+Z$/, '.000Z');
  }
  throw new Error('no such local time ' + local);
}

const LAYERS = [
  ['day', '08:00', '20:00'], ['night', '20:00', '08:00'],
  ['weekend', '08:00', '20:00'], ['holiday', '08:00', '20:00'],
];

async function putLayer(kind, level, start, end, members, who = c.coordination) {
  return who.put('/api/v1/oncall/layers', { kind, level, start, end,
    rotation_start: '2026-01-05', turn_days: 7, members });
}

before(async () => {
  db = tempDb();
  srv = await startServer({ db, args: ['--test-clock'] });
  for (const a of ['coordination', 'aide', 'ide', 'medecin', 'dac48', 'direction'])
    c[a] = await login(srv.base, a);
  const r = await c.coordination.get('/api/v1/oncall/roster');
  assert.equal(r.status, 200, r.text);
  for (const m of r.json.team) id[m.profession + ':' + m.name] = m.id;
  id.aide = c.aide.user.id;
  id.ide = c.ide.user.id;
  id.medecin = c.medecin.user.id;
  id.partner = r.json.partners.find((p) => /SSIAD/.test(p.name)).id;
});
after(async () => { await stopServer(srv); });

test('the demo: 8 weeks of the real team and a pooled night nurse, one deliberate gap', async () => {
  let r = await c.coordination.get('/api/v1/oncall/roster');
  assert.equal(r.json.layers.length, 8);
  const night2 = r.json.layers.find((l) => l.kind === 'night' && l.level === 2);
  assert.deepEqual(night2.members.map((m) => [m.user_id, m.org_id]), [[id.ide, null], [null, id.partner]]);
  assert.match(night2.members[1].name, /^Inès Fabre.*\(SSIAD du Malzieu\)$/);
  assert.equal(r.json.overrides.filter((o) => o.kind === 'vacancy').length, 1);
  assert.equal(r.json.state.draft, false);
  assert.match(r.json.state.publish_reason, /vacante/);
  r = await c.coordination.get('/api/v1/oncall/weeks?weeks=8');
  assert.equal(r.status, 200, r.text);
  const ahead = Date.parse(r.json.from) + 8 * 7 * 86400000;
  const gaps = r.json.gaps.filter((g) => Date.parse(g.start) < ahead);
  assert.equal(gaps.length, 1, JSON.stringify(gaps));
  assert.deepEqual(gaps[0].reasons, ['level2']);
  assert.equal(gaps[0].hours, 12);
  assert.equal(gaps[0].within_7_days, true);
  assert.equal(r.json.overlap_minutes, 0);
  // The demo's names, not placeholders.
  const names = new Set(r.json.shifts.map((s) => s.who.name));
  for (const n of ['Nadia Pagès', 'Sophie Boyer', 'Laure Chabert', 'Dr Jean Rouvière']) assert.ok(names.has(n), n);
  // Within 7 days: its alert is raised (the check run by the clock).
  await clock(undefined);
  const al = sql(db, `SELECT detail, severity FROM alert WHERE kind = 'oncall_gap' AND closed_at IS NULL`);
  assert.equal(al.length, 1, JSON.stringify(al));
  assert.match(al[0][0], /^Personne d'astreinte au niveau 2 du /);
  // A vacancy needs its reason.
  assertError(await c.coordination.post('/api/v1/oncall/overrides', { level: 1,
    start: '2027-01-04T08:00', end: '2027-01-04T20:00' }), 422, 'oncall.reason.required', 'reason');
  // From here on, an empty roster at a fixed instant.
  sql(db, 'DELETE FROM oncall_member; DELETE FROM oncall_layer; DELETE FROM oncall_override; '
    + 'DELETE FROM oncall_phone; DELETE FROM oncall_fixed; DELETE FROM oncall_publication; '
    + 'DELETE FROM oncall_roster;');
  await clock('2026-03-20T10:00:00Z');
});

test('who may read and plan the roster', async () => {
  assert.equal((await c.aide.get('/api/v1/oncall/roster')).status, 403);
  assert.equal((await c.direction.get('/api/v1/oncall/roster')).status, 403);
  assert.equal((await c.dac48.get('/api/v1/oncall/now')).status, 403);
  assert.equal((await c.aide.get('/api/v1/oncall/now')).status, 200);
  assertError(await putLayer('day', 1, '08:00', '20:00', [{ user_id: id.aide }], c.ide),
    403, 'role.forbidden');
});

test('a slot is refused without a phone, to a disabled account, or out of its level', async () => {
  // No on-call phone yet.
  let e = assertError(await putLayer('day', 1, '08:00', '20:00', [{ user_id: id.aide }]),
    422, 'oncall.member.no_phone');
  assert.match(e.message, /téléphone/);
  // A partner's pooled nurse needs her line too, and is level 2 only.
  assertError(await putLayer('night', 2, '20:00', '08:00',
    [{ org_id: id.partner, name: 'Inès Fabre' }]), 422, 'oncall.member.no_phone');
  assertError(await putLayer('night', 1, '20:00', '08:00',
    [{ org_id: id.partner, name: 'Inès Fabre', phone: '04 66 00 00 01' }]),
  422, 'oncall.member.profession');
  // An aide-soignante cannot hold level 2.
  assertError(await putLayer('day', 2, '08:00', '20:00', [{ user_id: id.aide, phone: '0600000001' }]),
    422, 'oncall.member.profession');
  // A disabled account.
  sql(db, `UPDATE app_user SET disabled = 1 WHERE id = ${id.medecin}`);
  e = assertError(await putLayer('day', 2, '08:00', '20:00',
    [{ user_id: id.medecin, phone: '0600000009' }]), 422, 'oncall.member.disabled');
  assert.match(e.message, /désactivé/);
  sql(db, `UPDATE app_user SET disabled = 0 WHERE id = ${id.medecin}`);
  assertError(await c.coordination.put(`/api/v1/oncall/phones/${id.aide}`, { phone: 'abc' }),
    422, 'oncall.phone.invalid');
  // Nothing was stored.
  assert.equal(sql(db, 'SELECT COUNT(*) FROM oncall_layer')[0][0], '0');
});

test('a full roster: no gap over 52 weeks, both DST nights 11 h and 13 h', async () => {
  let r = await c.coordination.put(`/api/v1/oncall/phones/${id.aide}`, { phone: '06 11 22 33 44' });
  assert.equal(r.status, 200, r.text);
  for (const [kind, s, e] of LAYERS) {
    r = await putLayer(kind, 1, s, e, [{ user_id: id.aide }]);
    assert.equal(r.status, 200, r.text);
    r = await putLayer(kind, 2, s, e, [{ user_id: id.ide, phone: '06 55 66 77 88' },
      { org_id: id.partner, name: 'Inès Fabre', phone: '04 66 00 00 01' }]);
    assert.equal(r.status, 200, r.text);
  }
  r = await c.coordination.put('/api/v1/oncall/fixed', { items: [
    { label: 'Médecin d\'astreinte', phone: '04 66 99 99 99' }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.layers.length, 8);
  assert.equal(r.json.state.draft, true);
  r = await c.coordination.get('/api/v1/oncall/weeks');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.gaps, []);
  assert.equal(r.json.overlap_minutes, 0);
  const night = (lv, local) => r.json.shifts.find((s) => s.level === lv && s.start === paris(local));
  const spring = night(1, '2026-03-28T20:00');
  assert.ok(spring, 'spring night');
  assert.equal(spring.hours, 11);
  assert.equal(spring.end, paris('2026-03-29T08:00'));
  const autumn = night(2, '2026-10-24T20:00');
  assert.equal(autumn.hours, 13);
  assert.equal(night(1, '2026-10-25T20:00').hours, 12);
  // Counted hours are real hours, at each level.
  for (const lv of [1, 2]) {
    const h = r.json.shifts.filter((s) => s.level === lv).reduce((a, s) => a + s.hours, 0);
    assert.equal(h, (Date.parse(r.json.to) - Date.parse(r.json.from)) / 3600000);
  }
  // 1 May 2026 is the holiday layer's, not the weekday day's.
  const may1 = r.json.shifts.filter((s) => s.start === paris('2026-05-01T08:00'));
  assert.equal(may1.length, 2);
  assert.ok(may1.every((s) => s.kind === 'holiday'));
  // Rotation: the week of 16 March is the partner's (turn 10 of 2).
  const wk = r.json.shifts.find((s) => s.level === 2 && s.start === paris('2026-03-23T08:00'));
  assert.equal(wk.who.org_id, id.partner);
  assert.equal(wk.who.profession, 'ide');
});

test('a public holiday without its layer, and a nurse-less window, are gaps', async () => {
  let r = await c.coordination.get('/api/v1/oncall/roster');
  const hol2 = r.json.layers.find((l) => l.kind === 'holiday' && l.level === 2);
  r = await c.coordination.del(`/api/v1/oncall/layers/${hol2.id}`);
  assert.equal(r.status, 200, r.text);
  r = await c.coordination.get('/api/v1/oncall/weeks?weeks=1');
  assert.equal(r.status, 200, r.text);
  // Easter Monday 6 April, 1 May, 8 May... each 08:00-20:00 at level 2.
  const g = r.json.gaps.find((x) => x.start === paris('2026-04-06T08:00'));
  assert.ok(g, JSON.stringify(r.json.gaps.slice(0, 3)));
  assert.equal(g.end, paris('2026-04-06T20:00'));
  assert.equal(g.hours, 12);
  assert.deepEqual(g.reasons, ['level2', 'nurse']);
  assert.equal(g.within_30_days, true);
  assert.ok(r.json.gaps.some((x) => x.start === paris('2026-05-01T08:00')));
  assert.ok(r.json.gaps.some((x) => x.start === paris('2026-07-14T08:00')));
  // Put it back: no gap.
  r = await putLayer('holiday', 2, '08:00', '20:00', [{ user_id: id.ide },
    { org_id: id.partner, name: 'Inès Fabre', phone: '04 66 00 00 01' }]);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual((await c.coordination.get('/api/v1/oncall/weeks?weeks=1')).json.gaps, []);
  // The nurse's account disabled after she was rostered: her turns are
  // gaps where no nurse or doctor is reachable (the aide at level 1).
  sql(db, `UPDATE app_user SET disabled = 1 WHERE id = ${id.ide}`);
  r = await c.coordination.get('/api/v1/oncall/weeks?weeks=1');
  const [first, second] = r.json.gaps;
  assert.deepEqual(first.reasons, ['level2', 'nurse']);
  // Her turns are the even weeks: now (20 March, turn 10) to Monday 23
  // March 08:00, then from Monday 30 March 08:00 (turn 12).
  assert.equal(first.start, r.json.from);
  assert.equal(first.end, paris('2026-03-23T08:00'));
  assert.equal(second.start, paris('2026-03-30T08:00'));
  assert.equal(second.end, paris('2026-04-06T08:00'));
  assert.deepEqual(second.reasons, ['level2', 'nurse']);
  sql(db, `UPDATE app_user SET disabled = 0 WHERE id = ${id.ide}`);
});

test('publishing: refused with a gap in the next 30 days, accepted with a reason', async () => {
  sql(db, `UPDATE app_user SET disabled = 1 WHERE id = ${id.ide}`);
  let r = await c.coordination.post('/api/v1/oncall/publish', {});
  const e = assertError(r, 422, 'oncall.publish.reason_required', 'reason');
  assert.match(e.message, /3 trous /);
  assertError(await c.coordination.post('/api/v1/oncall/publish', { reason: '   ' }),
    422, 'oncall.publish.reason_required');
  assert.equal(sql(db, 'SELECT COUNT(*) FROM oncall_publication')[0][0], '0');
  r = await c.coordination.post('/api/v1/oncall/publish',
    { reason: 'Remplaçante de Laure en cours de recrutement' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.gaps, 3);
  assert.equal(r.json.state.draft, false);
  assert.equal(r.json.state.publish_reason, 'Remplaçante de Laure en cours de recrutement');
  assert.equal(r.json.state.published_by, 'Sophie Boyer');
  sql(db, `UPDATE app_user SET disabled = 0 WHERE id = ${id.ide}`);
  // Without a gap, no reason is needed; an edit makes it a draft again.
  r = await c.coordination.post('/api/v1/oncall/publish', {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.gaps, 0);
  await c.coordination.put(`/api/v1/oncall/phones/${id.aide}`, { phone: '06 11 22 33 45' });
  r = await c.coordination.get('/api/v1/oncall/roster');
  assert.equal(r.json.state.draft, true);
  assert.equal(c.aide.user.id, id.aide);
});

test('who is on call now, in one request, and one\'s own shifts', async () => {
  // Wednesday 1 April 2026 23:00 Paris: a night; turn 12 (even): the
  // aide at level 1, the nurse at level 2.
  await clock(paris('2026-04-01T23:00'));
  let r = await c.aide.get('/api/v1/oncall/now');
  assert.equal(r.status, 200, r.text);
  const lv = (n) => r.json.answerers.filter((a) => a.level === n);
  assert.equal(lv(1).length, 1);
  assert.equal(lv(1)[0].user_id, id.aide);
  assert.equal(lv(1)[0].phone, '06 11 22 33 45');
  assert.equal(lv(1)[0].start, paris('2026-04-01T20:00'));
  assert.equal(lv(1)[0].end, paris('2026-04-02T08:00'));
  assert.equal(lv(2)[0].user_id, id.ide);
  assert.equal(lv(2)[0].profession, 'ide');
  assert.deepEqual(lv(3).map((a) => a.phone), ['04 66 99 99 99', '15']);
  assert.equal(r.json.gap, false);
  // The nurse's own screen: on duty at level 2, her shifts ahead.
  r = await c.ide.get('/api/v1/oncall/me');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.on_duty_level, 2);
  assert.ok(r.json.shifts.length > 10);
  assert.ok(r.json.shifts.every((s) => s.who.user_id === id.ide && s.level === 2));
  r = await c.medecin.get('/api/v1/oncall/me');
  assert.equal(r.json.on_duty_level, null);
  assert.deepEqual(r.json.shifts, []);
});

test('the .ics feed of a person\'s shifts, through her secret address', async () => {
  let r = await c.ide.post('/api/v1/me/feed', { replace: true });
  assert.equal(r.status, 200, r.text);
  const token = r.json.path.split('token=')[1];
  r = await fetch(`${srv.base}/api/v1/oncall/feed.ics?token=${token}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/calendar/);
  const text = await r.text();
  assert.match(text, /BEGIN:VCALENDAR/);
  assert.match(text, /Astreinte niveau 2/);
  // The night of 1 April 20:00 Paris = 18:00 UTC.
  assert.match(text, /DTSTART:20260401T180000Z/);
  assert.doesNotMatch(text, /Nadia/);
  r = await fetch(`${srv.base}/api/v1/oncall/feed.ics?token=${'x'.repeat(43)}`);
  assert.equal(r.status, 401);
});

test('overrides and swaps', async () => {
  // The doctor replaces the nurse tonight 22:00-02:00.
  let r = await c.coordination.post('/api/v1/oncall/overrides', { level: 2,
    start: '2026-04-01T22:00', end: '2026-04-02T02:00', user_id: id.medecin,
    phone: '06 99 88 77 66', reason: 'Laure malade' });
  assert.equal(r.status, 201, r.text);
  const ov = r.json.overrides.find((o) => o.who.user_id === id.medecin);
  assert.equal(ov.starts_at, paris('2026-04-01T22:00'));
  r = await c.aide.get('/api/v1/oncall/now');
  assert.equal(r.json.answerers.find((a) => a.level === 2).user_id, id.medecin);
  assertError(await c.coordination.post('/api/v1/oncall/overrides', { level: 2,
    start: '2026-04-02T02:00', end: '2026-04-01T22:00', user_id: id.medecin }),
  422, 'oncall.end.invalid');
  // No gap, no overlap.
  r = await c.coordination.get('/api/v1/oncall/weeks?weeks=1');
  assert.deepEqual(r.json.gaps, []);
  assert.equal(r.json.overlap_minutes, 0);
  assert.equal(r.json.shifts.filter((s) => s.level === 2 && s.start < paris('2026-04-02T08:00')
    && s.end > paris('2026-04-01T20:00')).reduce((a, s) => a + s.hours, 0),
  (Date.parse(paris('2026-04-02T08:00')) - Date.parse(r.json.from)) / 3600000);
  assert.ok(r.json.shifts.some((s) => s.override_id === ov.id && s.end === paris('2026-04-02T02:00')));
  // Cancelled.
  r = await c.coordination.del(`/api/v1/oncall/overrides/${ov.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal((await c.aide.get('/api/v1/oncall/now')).json.answerers
    .find((a) => a.level === 2).user_id, id.ide);
  // A swap: the nurse's night of 2 April for the partner's of 7 April.
  r = await c.coordination.post('/api/v1/oncall/swaps', { level: 2,
    a_start: '2026-04-02T20:00', a_end: '2026-04-03T08:00',
    b_start: '2026-04-07T20:00', b_end: '2026-04-08T08:00', reason: 'Échange' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.overrides.filter((o) => o.kind === 'swap').length, 2);
  await clock(paris('2026-04-02T23:00'));
  r = await c.aide.get('/api/v1/oncall/now');
  assert.equal(r.json.answerers.find((a) => a.level === 2).org_id, id.partner);
  await clock(paris('2026-04-07T23:00'));
  r = await c.ide.get('/api/v1/oncall/me');
  assert.equal(r.json.on_duty_level, 2);
  // Two slots of the same person cannot be swapped.
  assertError(await c.coordination.post('/api/v1/oncall/swaps', { level: 1,
    a_start: '2026-04-08T20:00', a_end: '2026-04-09T08:00',
    b_start: '2026-04-09T20:00', b_end: '2026-04-10T08:00' }), 422, 'oncall.swap.invalid');
});

test('a gap within 7 days raises an alert, closed by Maillage once filled', async () => {
  await clock(paris('2026-04-20T10:00'));
  const open = () => sql(db, `SELECT id, severity, detail, route FROM alert WHERE kind = 'oncall_gap' `
    + 'AND closed_at IS NULL');
  assert.deepEqual(open(), []);
  // The nurse's turn (27 April, turn 16) without her: a gap 7 days ahead.
  sql(db, `UPDATE app_user SET disabled = 1 WHERE id = ${id.ide}`);
  await clock(paris('2026-04-20T10:01'));
  let rows = open();
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.equal(rows[0][1], 'haute');
  assert.match(rows[0][2], /^Personne d'astreinte au niveau 2 du 27\/04\/2026 08h00 au 04\/05\/2026 08h00/);
  // A CRT alert: the coordination sees it, with its French label.
  let r = await c.coordination.get('/api/v1/alerts?kind=oncall_gap&state=active');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.length, 1);
  assert.equal(r.json.items[0].person_id, null);
  assert.equal(r.json.items[0].kind_label, 'Trou dans l\'astreinte');
  // Not raised twice.
  await clock(paris('2026-04-20T10:02'));
  assert.equal(open().length, 1);
  // Filled: closed by Maillage.
  sql(db, `UPDATE app_user SET disabled = 0 WHERE id = ${id.ide}`);
  await clock(paris('2026-04-20T10:03'));
  assert.deepEqual(open(), []);
  rows = sql(db, `SELECT close_action, closed_by FROM alert WHERE kind = 'oncall_gap' `
    + `AND cause_key LIKE 'oncall_gap:2026-04-27%'`);
  assert.deepEqual(rows, [['Close par Maillage : trou de l\'astreinte comblé', '']]);
});

test('alerts routed to the on-call service go to the person on duty', async () => {
  // Thursday 23 April 23:00: a night; the doctor replaces level 2.
  await clock(paris('2026-04-23T23:00'));
  let r = await c.coordination.post('/api/v1/oncall/overrides', { level: 2,
    start: '2026-04-23T20:00', end: '2026-04-24T08:00', user_id: id.medecin });
  assert.equal(r.status, 201, r.text);
  const [[pid]] = sql(db, `SELECT person_id FROM support WHERE status = 'active' ORDER BY id LIMIT 1`);
  r = await c.coordination.post(`/api/v1/persons/${pid}/alerts`, { kind: 'chute', severity: 'haute',
    detail: 'Chute de nuit, relevée par la voisine.' });
  assert.equal(r.status, 201, r.text);
  const aid = r.json.id;
  assert.equal(r.json.route, 'oncall');
  const mine = async (who) => (await c[who].get('/api/v1/alerts?mine=1&state=active')).json.items
    .map((a) => a.id);
  // On duty: hers (the doctor reads every record; before issue 13 only
  // what she raised or handled was hers).
  assert.ok((await mine('medecin')).includes(aid));
  let item = (await c.medecin.get('/api/v1/home')).json.items.find((i) => i.key === 'oncall.mine');
  // Every open alert routed to the on-call service that she sees.
  const routed = (await c.medecin.get('/api/v1/alerts?mine=1&state=active')).json.items
    .filter((a) => a.route === 'oncall');
  assert.ok(routed.length >= 1);
  assert.equal(item.count, routed.length);
  assert.equal(item.detail, 'D\'astreinte maintenant (niveau 2)');
  // The next morning, off duty: no longer hers.
  await clock(paris('2026-04-24T09:00'));
  assert.ok(!(await mine('medecin')).includes(aid));
  item = (await c.medecin.get('/api/v1/home')).json.items.find((i) => i.key === 'oncall.mine');
  assert.equal(item.count, 0);
  assert.equal(item.detail, null);
  // Back on duty the next night while it is still open: hers again.
  r = await c.coordination.post('/api/v1/oncall/overrides', { level: 2,
    start: '2026-04-24T20:00', end: '2026-04-25T08:00', user_id: id.medecin });
  await clock(paris('2026-04-24T21:00'));
  assert.ok((await mine('medecin')).includes(aid));
  // Closed: no longer routed to anyone on duty.
  await c.coordination.post(`/api/v1/alerts/${aid}/ack`, {});
  await c.coordination.post(`/api/v1/alerts/${aid}/close`, { action: 'Visite faite.' });
  assert.ok(!(await mine('medecin')).includes(aid));
});
