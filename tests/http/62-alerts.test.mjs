// Alerts (issue 12): the controllable clock (serve --test-clock), every
// product alert kind raised once within its delay and closed by its
// cause (time moved with POST /api/v1/test/clock, the timer's check seen
// within seconds), no duplicate while open, the user's alerts (raise,
// acknowledge, close with the action taken) and who sees them (the
// person access decision, with its trace rows). Runs on SQLite and
// PostgreSQL.
// SPEC: issue 12 « Alerts ».
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, login, tempDb, PG } from './lib/server.mjs';
import { accesses, assertError, parisIn as paris, personIds, sleep, sql, stopServer } from './lib/util.mjs';

let srv, db, ids;
const c = {};
const ROLES = ['coordination', 'direction', 'aide', 'ide', 'dac48', 'medecin'];

async function relogin() {
  for (const a of ROLES) c[a] = await login(srv.base, a);
}

before(async () => {
  db = tempDb();
  srv = await startServer({ db, args: ['--test-clock'] });
  await relogin();
  ids = await personIds(c.coordination);
});
after(async () => { await stopServer(srv); });

// Moves the server's clock; it answers once the alert check it started
// is committed (so the test's own SQL does not meet the writer).
async function clock(body) {
  const r = await fetch(srv.base + '/api/v1/test/clock', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.text();
  assert.equal(r.status, 200, text);
  return JSON.parse(text);
}

// The server's local date (Europe/Paris) `days` after its now.
async function serverDay(days = 0) {
  const now = (await clock({})).now;
  const d = new Date(Date.parse(now) + days * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
}

// 'YYYY-MM-DD' plus months (day clamped), as the server computes it.
function addMonths(day, months) {
  let [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  y = Math.floor(total / 12);
  m = total % 12 + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
function addDays(day, n) {
  return new Date(Date.parse(day + 'T12:00:00Z') + n * 86400000).toISOString().slice(0, 10);
}

// The open product alerts of one cause (kind, cause_key), from the table.
// (A key may end with the cause's date: "dlu_review:12:2025-11-30".)
const keyIs = (kind, cause) => `(cause_key = '${kind}:${cause}' OR cause_key LIKE '${kind}:${cause}:%')`;
function openOf(kind, cause) {
  return sql(db, `SELECT id, route, closed_at FROM alert WHERE kind = '${kind}' `
    + `AND ${keyIs(kind, cause)} AND closed_at IS NULL`);
}
function rowsOf(kind, cause) {
  return sql(db, `SELECT id, closed_at, closed_by, close_action FROM alert WHERE kind = '${kind}' `
    + `AND ${keyIs(kind, cause)} ORDER BY id`);
}

// Polls until fn() is true; returns the milliseconds it took.
async function within(ms, fn, what) {
  const t0 = Date.now();
  for (;;) {
    if (await fn()) return Date.now() - t0;
    if (Date.now() - t0 > ms) assert.fail(`not within ${ms} ms: ${what}`);
    await sleep(100);
  }
}

test('the test clock: refused unless serve --test-clock', async () => {
  const plain = await startServer();
  try {
    const r = await fetch(plain.base + '/api/v1/test/clock', { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offset_s: 3600 }) });
    assert.equal(r.status, 403);
    assert.equal((await r.json()).error.code, 'clock.disabled');
  } finally {
    await stopServer(plain);
  }
  const before0 = Date.now();
  let t = await clock({ offset_s: 86400 });
  assert.ok(Math.abs(Date.parse(t.now) - before0 - 86400000) < 5000, t.now);
  t = await clock({ now: '2030-01-02T03:04:05Z' });
  assert.ok(t.now.startsWith('2030-01-02T03:04'), t.now);
  const bad = await fetch(srv.base + '/api/v1/test/clock', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: 'demain' }) });
  assert.equal(bad.status, 422);
  t = await clock({ reset: true });
  assert.equal(t.offset_ms, 0);
  assert.ok(Math.abs(Date.parse(t.now) - Date.now()) < 5000);
  await relogin();
});

// An active support's person, and its latest plan's first action.
function activeSupports() {
  return sql(db, `SELECT s.id, s.person_id FROM support s WHERE s.status = 'active' ORDER BY s.id`);
}

test('every product alert kind: raised once within its delay (clock moved), closed by its cause', async () => {
  try {
    await productKinds();
  } finally {
    await clock({ reset: true });
    await relogin();
  }
});

async function productKinds() {
  await clock({ reset: true });
  const today = await serverDay(0);
  const sup = activeSupports();
  assert.ok(sup.length >= 4, 'the demo has active supports');
  const [, pDlu] = sup[0];
  const [, pAggir] = sup[1];
  const [sExit, pExit] = sup[2];
  const [action] = sql(db, `SELECT pa.id FROM plan_action pa JOIN support_plan sp ON sp.id = pa.plan_id `
    + `WHERE sp.support_id = ${sup[3][0]} AND sp.version = (SELECT MAX(version) FROM support_plan `
    + `WHERE support_id = ${sup[3][0]}) ORDER BY pa.id LIMIT 1`)[0];
  const [ref] = sql(db, `SELECT id FROM referral ORDER BY id LIMIT 1`)[0];
  const [conv] = sql(db, `SELECT id FROM convention ORDER BY id LIMIT 1`)[0];
  const months = Number(sql(db, 'SELECT aggir_valid_months FROM crt ORDER BY id LIMIT 1')[0][0]);
  const fbDays = Number(sql(db, 'SELECT alert_feedback_days FROM crt ORDER BY id LIMIT 1')[0][0]);
  // Each cause made due in two days (not today): the day after the
  // cut-off of today, which is the cut-off of the day after tomorrow.
  const in2 = addDays(today, 2);
  // (DLU and AGGIR: due when strictly before the cut-off.)
  sql(db, `UPDATE dlu SET reviewed_on = '${addDays(addMonths(in2, -12), -1)}' WHERE person_id = ${pDlu};`
    + `UPDATE aggir_eval SET evaluated_on = '${addDays(addMonths(in2, -months), -1)}' `
    + `WHERE person_id = ${pAggir};`
    + `DELETE FROM support_absence WHERE support_id = ${sExit} AND kind = 'hospitalisation';`
    + `INSERT INTO support_absence (crt_id, support_id, kind, start_on, place, created_at, created_by, updated_at) `
    + `SELECT crt_id, id, 'hospitalisation', '${addMonths(in2, -3)}', 'CH de Mende', '${today}', `
    + `(SELECT id FROM app_user WHERE login = 'coordination'), '${today}' FROM support WHERE id = ${sExit};`
    + `UPDATE plan_action SET status = 'en_cours', review_on = '${addDays(today, 1)}' WHERE id = ${action};`
    + `UPDATE referral SET feedback_given_at = NULL, received_on = '${addDays(in2, -fbDays)}' WHERE id = ${ref};`
    + `UPDATE convention SET ended_on = NULL, review_due = '${addDays(today, 1)}' WHERE id = ${conv};`);
  // DLU present for pDlu (the rule: missing or older than a year).
  assert.equal(sql(db, `SELECT COUNT(*) FROM dlu WHERE person_id = ${pDlu}`)[0][0], '1');
  const causes = [['dlu_review', pDlu], ['aggir_old', pAggir], ['exit_proposed', sExit],
    ['plan_review', action], ['feedback_owed', ref], ['convention_review', conv]];
  // Today: a check runs (kick), nothing of these is due yet.
  await clock({ offset_s: 0 });
  await sleep(300);
  for (const [k, id] of causes) assert.equal(openOf(k, id).length, 0, `${k} not due today`);
  // Two days later: each is raised within seconds of the move (the timer
  // is woken by the clock; its own period is 20 s).
  await clock({ offset_s: 2 * 86400 });
  for (const [k, id] of causes) {
    const ms = await within(5000, () => openOf(k, id).length === 1, `${k} raised`);
    assert.ok(ms < 5000);
  }
  // Checks again: still one open alert per cause.
  await clock({ offset_s: 0 });
  await clock({ offset_s: 0 });
  await sleep(300);
  for (const [k, id] of causes) assert.equal(openOf(k, id).length, 1, `${k}: no duplicate`);
  // The unique open key refuses a second open row outright.
  assert.throws(() => sql(db, `INSERT INTO alert (crt_id, kind, severity, source, cause_key, detail, `
    + `route, raised_at) SELECT crt_id, kind, severity, source, cause_key, detail, route, raised_at `
    + `FROM alert WHERE kind = 'dlu_review' AND ${keyIs('dlu_review', pDlu)} AND closed_at IS NULL`));
  await relogin();
  // The coordinator sees them, routed (Saturday or night: oncall,
  // otherwise coordination — both read by the coordination for now).
  let r = await c.coordination.get('/api/v1/alerts?limit=200&state=open&kind=dlu_review');
  assert.equal(r.status, 200, r.text);
  const a = r.json.items.find((x) => x.person_id === Number(pDlu));
  assert.ok(a, 'the DLU alert is listed');
  assert.equal(a.source, 'product');
  assert.equal(a.raised_by_name, null);
  assert.ok(['coordination', 'oncall'].includes(a.route));
  r = await c.coordination.get('/api/v1/alerts?limit=200&kind=convention_review&state=open');
  assert.ok(r.json.items.some((x) => x.person_id === null), 'a CRT alert (convention)');
  // The causes go: the DLU reviewed through its route, the others by
  // their own writes; each alert closes itself, dated, by Maillage.
  r = await c.coordination.put(`/api/v1/persons/${pDlu}/dlu`, { directives: 'oui',
    directives_where: 'Classeur rouge' });
  assert.equal(r.status, 200, r.text);
  const day2 = await serverDay(0);
  sql(db, `INSERT INTO aggir_eval (crt_id, person_id, evaluated_on, evaluator_id, input_kind, answers, `
    + `letters, rank, gir, created_at, created_by) SELECT crt_id, person_id, '${day2}', evaluator_id, `
    + `input_kind, answers, letters, rank, gir, created_at, created_by FROM aggir_eval WHERE `
    + `person_id = ${pAggir} ORDER BY id LIMIT 1;`
    + `UPDATE support_absence SET end_on = '${day2}' WHERE support_id = ${sExit} AND end_on IS NULL;`
    + `UPDATE plan_action SET status = 'realisee' WHERE id = ${action};`
    + `UPDATE referral SET feedback_given_at = '${day2}T10:00:00.000Z' WHERE id = ${ref};`
    + `UPDATE convention SET review_due = '${addDays(day2, 365)}' WHERE id = ${conv};`);
  await clock({ offset_s: 0 });
  for (const [k, id] of causes)
    await within(5000, () => openOf(k, id).length === 0, `${k} closed by its cause`);
  for (const [k, id] of causes) {
    const rows = rowsOf(k, id);
    const last = rows[rows.length - 1];
    assert.ok(last[1], `${k}: closed_at`);
    assert.equal(last[2], '', `${k}: closed by Maillage, no user`);
    assert.match(last[3], /^Close par Maillage/, k);
  }
}

test('the timer raises a cause made due by a write within its period (no clock move)', async () => {
  const [[conv]] = sql(db, `SELECT id FROM convention ORDER BY id DESC LIMIT 1`);
  const today = await serverDay(0);
  sql(db, `UPDATE convention SET ended_on = NULL, review_due = '${addDays(today, 30)}' WHERE id = ${conv}`);
  await clock({ offset_s: 0 });
  await within(5000, () => openOf('convention_review', conv).length === 0, 'not due');
  sql(db, `UPDATE convention SET review_due = '${today}' WHERE id = ${conv}`);
  // No kick: the timer's own period (20 s) brings the check.
  const ms = await within(30000, () => openOf('convention_review', conv).length === 1,
    'raised by the periodic check');
  assert.ok(ms <= 25000, `${ms} ms`);
});

// A person of the aide's circles, and one outside them.
function circlePeople(loginName) {
  return sql(db, `SELECT DISTINCT cm.person_id FROM circle_member cm JOIN app_user u ON u.id = cm.user_id `
    + `WHERE u.login = '${loginName}' AND cm.until IS NULL ORDER BY cm.person_id`).map((x) => Number(x[0]));
}

test('a user alert: raised by the aide on her person, acknowledged, then closed with the action', async () => {
  const mine = circlePeople('aide');
  assert.ok(mine.length > 0);
  const p = mine[0];
  let r = await c.aide.post(`/api/v1/persons/${p}/alerts`, { kind: 'chute', severity: 'haute',
    detail: 'Retrouvée au sol dans la cuisine, relevée, pas de douleur.' });
  assert.equal(r.status, 201, r.text);
  const a = r.json;
  assert.equal(a.kind, 'chute');
  assert.equal(a.kind_label, 'Chute');
  assert.equal(a.state, 'open');
  assert.equal(a.source, 'user');
  assert.equal(a.raised_by_name, c.aide.user.display_name);
  assert.ok(['coordination', 'oncall'].includes(a.route));
  // Refusals: unknown kind, missing detail.
  assertError(await c.aide.post(`/api/v1/persons/${p}/alerts`, { kind: 'incendie', severity: 'haute',
    detail: 'x' }), 422, 'alert.kind.invalid', 'kind');
  assertError(await c.aide.post(`/api/v1/persons/${p}/alerts`, { kind: 'autre', severity: 'haute' }),
    422, 'alert.detail.required', 'detail');
  // Closing before acknowledging is refused; the direction cannot handle.
  assertError(await c.coordination.post(`/api/v1/alerts/${a.id}/close`, { action: 'Appel à la fille' }),
    409, 'alert.state');
  assertError(await c.direction.post(`/api/v1/alerts/${a.id}/ack`, {}), 403, 'role.forbidden');
  r = await c.coordination.post(`/api/v1/alerts/${a.id}/ack`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'acked');
  assert.equal(r.json.acked_by_name, c.coordination.user.display_name);
  assert.ok(r.json.acked_at);
  assertError(await c.coordination.post(`/api/v1/alerts/${a.id}/ack`, {}), 409, 'alert.state');
  assertError(await c.coordination.post(`/api/v1/alerts/${a.id}/close`, { action: '' }), 422,
    'alert.action.required', 'action');
  r = await c.coordination.post(`/api/v1/alerts/${a.id}/close`,
    { action: 'Appel au médecin traitant, passage de l\'IDE demain matin.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'closed');
  assert.equal(r.json.closed_by_name, c.coordination.user.display_name);
  assert.match(r.json.close_action, /médecin traitant/);
  // Listed with its filters; the trace says who saw and handled it.
  r = await c.coordination.get(`/api/v1/alerts?limit=200&person_id=${p}&state=closed`);
  assert.ok(r.json.items.some((x) => x.id === a.id));
  r = await c.coordination.get(`/api/v1/alerts?limit=200&person_id=${p}&state=open&kind=chute`);
  assert.ok(!r.json.items.some((x) => x.id === a.id));
  // On the person's timeline: raised, then closed with the action.
  r = await c.coordination.get(`/api/v1/persons/${p}/timeline`);
  assert.equal(r.status, 200, r.text);
  const raised = r.json.items.find((x) => x.kind === 'alert.raised' && /Retrouvée au sol/.test(x.label));
  assert.ok(raised, 'alert.raised on the timeline');
  assert.equal(raised.at, a.raised_at);
  assert.ok(r.json.items.some((x) => x.kind === 'alert.closed' && /médecin traitant/.test(x.label)));
  // Issue 12 review (F24): which alert (its kind in French), who raised,
  // acknowledged and closed it, each at its instant, in time order.
  const coordName = c.coordination.user.display_name;
  assert.equal(raised.label, `Alerte « Chute » (haute) levée par ${c.aide.user.display_name} : `
    + 'Retrouvée au sol dans la cuisine, relevée, pas de douleur.');
  const [[ackedAt]] = sql(db, `SELECT acked_at FROM alert WHERE id = ${a.id}`);
  const acked = r.json.items.find((x) => x.kind === 'alert.acked' && x.at === ackedAt);
  const closed = r.json.items.find((x) => x.kind === 'alert.closed' && /médecin traitant/.test(x.label));
  assert.ok(acked, 'alert.acked on the timeline');
  assert.equal(acked.label, `Alerte « Chute » prise en compte par ${coordName}`);
  assert.ok(closed.label.startsWith(`Alerte « Chute » close par ${coordName} : Appel au médecin traitant`),
    closed.label);
  const at = (x) => r.json.items.indexOf(x);
  assert.ok(at(raised) < at(acked) && at(acked) < at(closed), 'in time order');
  for (let i = 1; i < r.json.items.length; i++) {
    const [x, y] = [r.json.items[i - 1], r.json.items[i]];
    assert.ok(x.on < y.on || (x.on === y.on && (!x.at || !y.at || x.at <= y.at)),
      `order: ${JSON.stringify(x)} then ${JSON.stringify(y)}`);
  }
  // A product alert is raised « par Maillage » (the earlier tests made
  // some), and closed by its cause « par Maillage (cause disparue) ».
  const [[pp, kind, sev, closedBy, closedAt]] = sql(db, "SELECT person_id, kind, severity, "
    + "COALESCE(closed_by, 0), COALESCE(closed_at, '') FROM alert WHERE source = 'product' "
    + "AND person_id IS NOT NULL AND kind <> 'vigilance_unacked' ORDER BY closed_at IS NULL, id LIMIT 1");
  const tl = (await c.coordination.get(`/api/v1/persons/${pp}/timeline`)).json.items;
  const kinds = Object.fromEntries((await c.coordination.get('/api/v1/meta')).json.alert_kinds
    ?.map((k) => [k.code, k.label]) || []);
  const label = kinds[kind] || (await c.coordination.get(`/api/v1/alerts?person_id=${pp}&kind=${kind}&limit=1`))
    .json.items[0].kind_label;
  assert.ok(tl.some((x) => x.kind === 'alert.raised' && x.label.startsWith(`Alerte « ${label} » (${sev}) levée par Maillage`)),
    `${kind}: ${JSON.stringify(tl.filter((x) => x.kind.startsWith('alert.')))}`);
  if (closedAt && closedBy === '0') {
    assert.ok(tl.some((x) => x.kind === 'alert.closed' && x.at === closedAt
      && x.label.startsWith(`Alerte « ${label} » close par Maillage (cause disparue)`)), kind);
  }
  const rows = await accesses(c.coordination, p);
  for (const action of ['alert.create', 'alert.ack', 'alert.close', 'alert.list'])
    assert.ok(rows.some((x) => x.action === action), `trace ${action}`);
});

test('who sees an alert: the person access decision (circle, consent), each row traced', async () => {
  const mine = circlePeople('aide');
  const all = sql(db, `SELECT id FROM person ORDER BY id`).map((x) => Number(x[0]));
  const other = all.find((p) => !mine.includes(p) && !circlePeople('ide').includes(p)
    && circlePeople('coordination').includes(p)) ?? all.find((p) => !mine.includes(p));
  let r = await c.coordination.post(`/api/v1/persons/${other}/alerts`, { kind: 'denutrition',
    severity: 'moyenne', detail: 'Perte de 3 kg en un mois.' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  // The aide does not follow that person: not in her list, 404 by id,
  // cannot raise on her; the denial is traced.
  r = await c.aide.get('/api/v1/alerts?limit=200&state=open');
  assert.equal(r.status, 200);
  assert.ok(!r.json.items.some((x) => x.id === id));
  for (const x of r.json.items) if (x.person_id !== null) assert.ok(mine.includes(x.person_id), 'circle only');
  assertError(await c.aide.get(`/api/v1/alerts/${id}`), 404, 'alert.not_found');
  assertError(await c.aide.post(`/api/v1/alerts/${id}/ack`, {}), 404, 'alert.not_found');
  r = await c.aide.post(`/api/v1/persons/${other}/alerts`, { kind: 'autre', severity: 'faible',
    detail: 'x' });
  assert.ok([403, 404].includes(r.status), r.text);
  // A person-less alert (a convention) is not the aide's either.
  r = await c.aide.get('/api/v1/alerts?limit=200&kind=convention_review');
  assert.equal(r.json.items.length, 0);
  // The partner sees the alerts of the people of its circle only.
  r = await c.dac48.get('/api/v1/alerts');
  assert.equal(r.status, 200, r.text);
  const dacPeople = sql(db, `SELECT DISTINCT cm.person_id FROM circle_member cm JOIN app_user u `
    + `ON u.org_id = cm.org_id WHERE u.login = 'dac48'`).map((x) => Number(x[0]));
  for (const x of r.json.items) assert.ok(dacPeople.includes(x.person_id), 'partner: its circle');
  assertError(await c.dac48.post(`/api/v1/alerts/${id}/ack`, {}), 403, 'role.forbidden');
  // The direction reads (identity), without the care detail.
  r = await c.direction.get(`/api/v1/alerts/${id}`);
  assert.equal(r.status, 200, r.text);
  const denied = await accesses(c.coordination, other);
  assert.ok(denied.some((x) => x.action === 'alert.read' && x.grant === 'denied'
    && x.login === 'aide'), 'the aide\'s refused read is traced');
  // mine=1: the aide's are her circle's; the coordination's every one.
  r = await c.aide.get('/api/v1/alerts?limit=200&mine=1');
  for (const x of r.json.items) assert.ok(mine.includes(x.person_id));
  r = await c.coordination.get(`/api/v1/alerts?limit=200&mine=1&state=active&person_id=${other}`);
  assert.ok(r.json.items.some((x) => x.id === id));
  assertError(await c.coordination.get('/api/v1/alerts?limit=200&mine=2'), 422, 'query.mine.invalid', 'mine');
  assertError(await c.coordination.get('/api/v1/alerts?limit=200&state=x'), 422, 'query.state.invalid', 'state');
});

test('a visit « à pointer »: raised past its grace (a critical one from its start), closed when marked', async () => {
  try {
    // Wednesday 3 March 2027, 09:00 in Paris (a working day).
    await clock({ now: '2027-03-03T08:00:00Z' });
    await relogin();
    const people = circlePeople('aide');
    const mk = async (person, critical) => {
      const r = await c.coordination.post('/api/v1/visits', { person_id: person,
        starts_local: '2027-03-03T09:30', duration_min: 30, kind: 'soins', user_id: c.aide.user.id,
        grace_min: 15, critical });
      assert.equal(r.status, 201, r.text);
      return r.json.id;
    };
    const plain = await mk(people[0], false);
    const crit = await mk(people[1] ?? people[0], true);
    const key = '2027-03-03T08:30:00Z';
    const cause = (sid) => `${sid}:${key}`;
    await clock({ offset_s: 0 });
    await sleep(300);
    assert.equal(openOf('visit_a_pointer', cause(plain)).length, 0);
    assert.equal(openOf('visit_a_pointer', cause(crit)).length, 0);
    // 09:31: the critical visit at once, the other still within grace.
    await clock({ now: '2027-03-03T08:31:00Z' });
    await within(5000, () => openOf('visit_a_pointer', cause(crit)).length === 1, 'critical raised');
    await sleep(300);
    assert.equal(openOf('visit_a_pointer', cause(plain)).length, 0, 'within its grace');
    // 09:46: past the grace.
    await clock({ now: '2027-03-03T08:46:00Z' });
    await within(5000, () => openOf('visit_a_pointer', cause(plain)).length === 1, 'raised past grace');
    await relogin();
    let r = await c.coordination.get('/api/v1/alerts?limit=200&kind=visit_a_pointer&state=open');
    const a = r.json.items.find((x) => x.person_id === people[0] && x.severity === 'haute'
      && /09h30/.test(x.detail));
    assert.ok(a, r.text);
    assert.equal(a.route, 'coordination', 'a working day at 09:46');
    assert.ok(r.json.items.some((x) => x.severity === 'critique'));
    // Marked: each closes itself.
    r = await c.aide.post(`/api/v1/visits/series/${plain}/marks`, { key, state: 'done',
      arrived_at: '2027-03-03T09:35', left_at: '2027-03-03T09:45', how: 'hand',
      hand_reason: 'QR code illisible' });
    assert.equal(r.status, 201, r.text);
    r = await c.coordination.post(`/api/v1/visits/series/${crit}/marks`, { key, state: 'not_done',
      reason_code: 'absent', reason_text: 'Chez sa fille' });
    assert.equal(r.status, 201, r.text);
    await clock({ offset_s: 0 });
    await within(5000, () => openOf('visit_a_pointer', cause(plain)).length === 0
      && openOf('visit_a_pointer', cause(crit)).length === 0, 'closed when marked');
    const rows = rowsOf('visit_a_pointer', cause(plain));
    assert.equal(rows.length, 1, 'raised once');
    assert.equal(rows[0][3], 'Close par Maillage : visite pointée');
  } finally {
    await clock({ reset: true });
    await relogin();
  }
});

test('a cause closed by a user is not raised again; a break-the-glass access is to review', async () => {
  // The convention alert closed by hand (« revue prévue en janvier »)
  // while its cause stays: not raised again at the next checks.
  const [[conv]] = sql(db, `SELECT id FROM convention ORDER BY id LIMIT 1`);
  const today = await serverDay(0);
  sql(db, `UPDATE convention SET ended_on = NULL, review_due = '${today}' WHERE id = ${conv}`);
  await clock({ offset_s: 0 });
  const [[aid]] = openOf('convention_review', conv);
  let r = await c.coordination.post(`/api/v1/alerts/${aid}/ack`, {});
  assert.equal(r.status, 200, r.text);
  r = await c.coordination.post(`/api/v1/alerts/${aid}/close`, { action: 'Revue prévue en janvier.' });
  assert.equal(r.status, 200, r.text);
  await clock({ offset_s: 0 });
  assert.equal(openOf('convention_review', conv).length, 0, 'not raised again');
  // A new review date later passed is a new cause.
  sql(db, `UPDATE convention SET review_due = '${addDays(today, 1)}' WHERE id = ${conv}`);
  await clock({ offset_s: 2 * 86400 });
  try {
    assert.equal(openOf('convention_review', conv).length, 1, 'a new cause');
  } finally {
    await clock({ reset: true });
    await relogin();
  }
  // Break-the-glass: the aide opens a record outside her circles; the
  // coordination gets it to review, closed only by a user.
  const mine = circlePeople('aide');
  const [[other]] = sql(db, `SELECT id FROM person WHERE id NOT IN (${mine.join(',')}) ORDER BY id LIMIT 1`);
  r = await c.aide.post(`/api/v1/persons/${other}/breakglass`,
    { reason: 'Appel du SAMU, besoin du dossier de liaison' });
  assert.equal(r.status, 201, r.text);
  await clock({ offset_s: 0 });
  const [[bid]] = sql(db, `SELECT id FROM breakglass WHERE person_id = ${other} ORDER BY id DESC LIMIT 1`);
  assert.equal(openOf('breakglass_review', bid).length, 1);
  r = await c.coordination.get('/api/v1/alerts?limit=200&kind=breakglass_review&state=open');
  const a = r.json.items.find((x) => x.person_id === Number(other));
  assert.ok(a, r.text);
  assert.match(a.detail, /Appel du SAMU/);
  await clock({ offset_s: 8 * 86400 });
  try {
    assert.equal(openOf('breakglass_review', bid).length, 1, 'stays open until reviewed');
  } finally {
    await clock({ reset: true });
    await relogin();
  }
  await c.coordination.post(`/api/v1/alerts/${a.id}/ack`, {});
  r = await c.coordination.post(`/api/v1/alerts/${a.id}/close`, { action: 'Accès justifié (SAMU).' });
  assert.equal(r.status, 200, r.text);
  await clock({ offset_s: 0 });
  assert.equal(openOf('breakglass_review', bid).length, 0);
});

// SPEC: issue 12 — « a vigilance note must be acknowledged by the next
// professional who visits or it becomes an alert after 1 hour past that
// visit »: raised by the timer within 60 s of its due instant (here the
// timer's next wake-up is that instant: no clock kick), once, closed by
// the product when the note is acknowledged, or corrected.
test('a vigilance note not acknowledged: raised at its due instant, once, closed by another professional\'s acknowledgement only', async () => {
  await clock({ reset: true });
  await relogin();
  // A person without any visit, so that the visit below is the first
  // one after the notes.
  const [[pid]] = sql(db, 'SELECT id FROM person WHERE id NOT IN (SELECT person_id FROM visit_series) '
    + 'ORDER BY id LIMIT 1');
  const notes = [];
  for (const body of ['Chute la nuit dernière, à surveiller.', 'Refuse de boire.']) {
    const r = await c.coordination.post(`/api/v1/persons/${pid}/notes`, { category: 'soins', body,
      vigilance: true });
    assert.equal(r.status, 201, r.text);
    notes.push(r.json.id);
  }
  let r = await c.coordination.post('/api/v1/visits', { person_id: Number(pid), starts_local: paris(0),
    duration_min: 30, kind: 'soins', user_id: c.coordination.user.id });
  assert.equal(r.status, 201, r.text);
  const sid = r.json.id;
  const day = paris(0).slice(0, 10);
  r = await c.coordination.get(`/api/v1/visits?person_id=${pid}&from=${day}&to=${day}`);
  const occ = r.json.items.find((x) => x.series_id === sid);
  // Arrived after the notes were written (the next minute), left 2 min later.
  r = await c.coordination.post(`/api/v1/visits/series/${sid}/marks`, { key: occ.key, state: 'done',
    arrived_at: paris(2), left_at: paris(4), how: 'hand', hand_reason: 'Téléphone déchargé' });
  assert.equal(r.status, 201, r.text);
  const due = Date.parse(r.json.mark.left_at) + 3600 * 1000;
  const dueIso = new Date(due).toISOString();
  // Five seconds before: nothing yet.
  await clock({ now: new Date(due - 5000).toISOString() });
  for (const n of notes) assert.equal(openOf('vigilance_unacked', n).length, 0);
  // The timer wakes at the due instant by itself (its period is 20 s).
  const took = await within(15000, () => notes.every((n) => openOf('vigilance_unacked', n).length === 1),
    'the vigilance alerts raised');
  assert.ok(took < 15000, `raised ${took} ms after the clock was set 5 s before the due instant`);
  const rows = sql(db, `SELECT source, severity, ref_id, due_at, person_id FROM alert WHERE kind = `
    + `'vigilance_unacked' AND ref_id IN (${notes.join(',')}) ORDER BY ref_id`);
  assert.deepEqual(rows.map((x) => [x[0], x[1], Number(x[2]), Date.parse(x[3]), Number(x[4])]),
    notes.map((n) => ['product', 'haute', n, due, Number(pid)]), dueIso);
  // Once: later checks add nothing.
  await clock({ offset_s: 60 });
  await clock({ offset_s: 0 });
  for (const n of notes) assert.equal(rowsOf('vigilance_unacked', n).length, 1);
  // Its live event, ids only.
  const [[aid]] = sql(db, `SELECT id FROM alert WHERE kind = 'vigilance_unacked' AND ref_id = ${notes[0]}`);
  assert.equal(Number(sql(db, `SELECT COUNT(*) FROM event WHERE type = 'alert.changed' AND ref_id = ${aid} `
    + `AND person_id = ${pid}`)[0][0]), 1);
  await relogin();
  r = await c.coordination.get('/api/v1/alerts?limit=200&kind=vigilance_unacked&state=open');
  const a = r.json.items.find((x) => x.id === Number(aid));
  assert.ok(a, r.text);
  assert.match(a.detail, /une heure après la visite/);
  // Review F6: the writer's own acknowledgement is refused (the next
  // professional takes the note into account), the alert stays open.
  assertError(await c.coordination.post(`/api/v1/notes/${notes[0]}/ack`, {}), 409, 'note.own');
  // Review F5: a correction does not take the note into account: the
  // correction of a vigilance note is one too, the alert stays open.
  r = await c.medecin.post(`/api/v1/notes/${notes[1]}/corrections`, { category: 'soins',
    body: 'Boit peu : proposer de l\'eau gélifiée.', vigilance: false });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.vigilance, true, 'the correction keeps the flag');
  const corr = r.json.id;
  // Review F16: the vigilance alert is not closed by hand (only by the
  // note's acknowledgement): taken in charge, then 409 on close.
  const [[aid2]] = sql(db, `SELECT id FROM alert WHERE kind = 'vigilance_unacked' AND ref_id = ${notes[1]}`);
  r = await c.coordination.post(`/api/v1/alerts/${aid2}/ack`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.may_close, false);
  assertError(await c.coordination.post(`/api/v1/alerts/${aid2}/close`, { action: 'vu' }), 409,
    'alert.closes_by_cause');
  await clock({ offset_s: 0 });
  for (const n of notes) assert.equal(openOf('vigilance_unacked', n).length, 1, `note ${n} still waits`);
  // Acknowledged by another professional (the doctor): both closed by
  // Maillage at the next check; the correction waits for its own.
  for (const n of notes) {
    r = await c.medecin.post(`/api/v1/notes/${n}/ack`, {});
    assert.equal(r.status, 200, r.text);
  }
  r = await c.medecin.get(`/api/v1/persons/${pid}/notes/pending`);
  const pending = r.json.items.map((x) => x.id);
  assert.ok(pending.includes(corr) && !notes.some((n) => pending.includes(n)), r.text);
  await clock({ offset_s: 0 });
  try {
    const closed = notes.map((n) => rowsOf('vigilance_unacked', n)[0]);
    assert.deepEqual(closed.map((x) => [x[1] !== '', x[2] || null, x[3]]), [
      [true, null, 'Close par Maillage : note prise en compte'],
      [true, null, 'Close par Maillage : note prise en compte']]);
    assert.equal(Number(sql(db, `SELECT COUNT(*) FROM event WHERE type = 'alert.changed' AND ref_id = ${aid}`)[0][0]),
      2, 'raised, closed');
  } finally {
    await clock({ reset: true });
    await relogin();
  }
});

// Issue 12 review: two `maillage serve` on one PostgreSQL run the same
// product check at once (one clock move sent to both together; each
// answers once its own check after the move is committed): every cause
// is raised once — the partial unique index alert_open_cause and ON
// CONFLICT DO NOTHING decide, not a read before the write.
test('PostgreSQL: two processes running the same alert check at once raise each alert once',
  { skip: !PG && 'PostgreSQL only' }, async () => {
    const cp = join(mkdtempSync(join(tmpdir(), 'maillage-cp-')), 'b.checkpoints');
    const other = await startServer({ db: { ...db, checkpoint: cp, cleanup() {} }, demo: false,
      args: ['--test-clock'] });
    const clockOf = async (base, body) => {
      const r = await fetch(base + '/api/v1/test/clock', { method: 'POST',
        headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await r.text();
      assert.equal(r.status, 200, text);
      return JSON.parse(text);
    };
    const both = (body) => Promise.all([clockOf(srv.base, body), clockOf(other.base, body)]);
    const dups = () => sql(db, 'SELECT kind, cause_key, COUNT(*) FROM alert WHERE closed_at IS NULL AND '
      + 'cause_key IS NOT NULL GROUP BY kind, cause_key HAVING COUNT(*) > 1');
    try {
      await both({ reset: true });
      await relogin();
      // Three critical visits three days ahead (due at their start), not
      // due before the clocks move.
      const day = await serverDay(3);
      const series = [];
      for (const at of ['09:00', '10:00', '11:00']) {
        const r = await c.coordination.post('/api/v1/visits', { person_id: ids.ROUSSET, user_id: c.ide.user.id,
          starts_local: `${day}T${at}`, duration_min: 30, kind: 'soins', critical: true });
        assert.equal(r.status, 201, r.text);
        series.push(r.json.id);
      }
      for (const sid of series) assert.equal(rowsOf('visit_a_pointer', sid).length, 0, 'not due yet');
      // Both processes' clocks moved at once: each runs the check.
      const [a, b] = await both({ now: `${day}T14:00:00Z` });
      assert.equal(a.now.slice(0, 16), b.now.slice(0, 16));
      for (const sid of series) assert.equal(rowsOf('visit_a_pointer', sid).length, 1, `series ${sid}`);
      assert.deepEqual(dups(), []);
      // Again, further (a year later: every date rule due at once, in
      // both processes): still one open alert per cause.
      const before = Number(sql(db, 'SELECT COUNT(*) FROM alert WHERE closed_at IS NULL')[0][0]);
      await both({ now: `${addDays(day, 400)}T14:00:00Z` });
      await both({ offset_s: 0 });
      assert.ok(Number(sql(db, `SELECT COUNT(*) FROM alert WHERE closed_at IS NULL AND kind = 'dlu_review'`)[0][0])
        >= 1);
      assert.ok(Number(sql(db, 'SELECT COUNT(*) FROM alert WHERE closed_at IS NULL')[0][0]) > before);
      assert.deepEqual(dups(), []);
      // Each raised alert has one `alert.changed` raise event, not two.
      const twice = sql(db, `SELECT a.id FROM alert a WHERE a.source = 'product' AND a.closed_at IS NULL AND `
        + `a.acked_at IS NULL AND (SELECT COUNT(*) FROM event e WHERE e.type = 'alert.changed' AND e.ref_id = a.id) > 1`);
      assert.deepEqual(twice, []);
    } finally {
      await both({ reset: true });
      await other.stop({ keepDb: true });
      await relogin();
    }
  });

// Issue 12 review: a vigilance alert is read and handled under its note's
// category; a product alert whose cause is the coordination's is handled
// by who acts on that cause (F23, alert_kind_perms[]): the aide neither
// acknowledges nor closes it (the others make its cause go).
test('product alerts are closed by hand by the coordination or the doctor only', async () => {
  await relogin();
  // An open product alert of the coordination the aide sees (a person of
  // her circle).
  const coordKinds = ['dlu_review', 'plan_review', 'aggir_old', 'exit_proposed', 'feedback_owed'];
  const find = async () => {
    for (const k of coordKinds) {
      const [x] = (await c.aide.get(`/api/v1/alerts?state=open&kind=${k}&limit=1`)).json.items;
      if (x) return x;
    }
    return undefined;
  };
  let a = await find();
  if (!a) {
    // The earlier tests moved the clock and closed the demo's: one as the
    // timer raises it, on a person of her circle.
    const p = circlePeople('aide')[0];
    sql(db, `INSERT INTO alert (crt_id, person_id, kind, severity, source, cause_key, ref_id, detail, route, `
      + `due_at, raised_at) SELECT crt_id, id, 'dlu_review', 'moyenne', 'product', 'dlu_review:test:${p}', id, `
      + `'DLU absent', 'coordination', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM person `
      + `WHERE id = ${p}`);
    a = await find();
  }
  assert.ok(a, 'the aide sees a product alert');
  assert.equal(a.may_ack, false);
  assertError(await c.aide.post(`/api/v1/alerts/${a.id}/ack`, {}), 403, 'alert.kind.forbidden');
  let r = await c.coordination.post(`/api/v1/alerts/${a.id}/ack`, {});
  assert.equal(r.status, 200, r.text);
  assertError(await c.aide.post(`/api/v1/alerts/${a.id}/close`, { action: 'ok' }), 403, 'alert.kind.forbidden');
  assert.equal(Number(sql(db, `SELECT COUNT(*) FROM alert WHERE id = ${a.id} AND closed_at IS NULL`)[0][0]), 1);
  r = await c.coordination.post(`/api/v1/alerts/${a.id}/close`, { action: 'Vu en réunion d\'équipe.' });
  assert.equal(r.status, 200, r.text);
  // A user's alert: the aide closes it (her care team's).
  r = await c.aide.post(`/api/v1/persons/${a.person_id}/alerts`, { kind: 'autre', severity: 'faible',
    detail: 'Boîte aux lettres pleine.' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await c.ide.post(`/api/v1/alerts/${r.json.id}/ack`, {})).status, 200);
  assert.equal((await c.aide.post(`/api/v1/alerts/${r.json.id}/close`, { action: 'Relevée.' })).status, 200);
});

test('a medical note\'s vigilance alert is neither seen nor handled by who may not read the note', async () => {
  await relogin();
  // A medical vigilance alert made at once: the note, then its row as the
  // check would raise it (the rule's own tests are above).
  const [[pid]] = sql(db, `SELECT cm.person_id FROM circle_member cm WHERE cm.user_id = ${c.aide.user.id} `
    + 'AND cm.until IS NULL ORDER BY cm.person_id LIMIT 1');
  let r = await c.medecin.post(`/api/v1/persons/${pid}/notes`, { category: 'medical',
    body: 'Surveillance de la kaliémie.', vigilance: true });
  assert.equal(r.status, 201, r.text);
  const note = r.json.id;
  sql(db, `INSERT INTO alert (crt_id, person_id, kind, severity, source, ref_id, detail, cause_key, route, `
    + `due_at, raised_at) SELECT crt_id, person_id, 'vigilance_unacked', 'haute', 'product', id, 'Note non `
    + `confirmée', 'vigilance_unacked:' || id, 'coordination', created_at, created_at FROM note WHERE id = ${note}`);
  const [[aid]] = sql(db, `SELECT id FROM alert WHERE kind = 'vigilance_unacked' AND ref_id = ${note}`);
  const id = Number(aid);
  assert.equal((await c.aide.get(`/api/v1/notes/${note}`)).status, 404);
  assert.ok(!(await c.aide.get('/api/v1/alerts?state=active')).json.items.some((x) => x.id === id));
  assertError(await c.aide.get(`/api/v1/alerts/${id}`), 404, 'alert.not_found');
  assertError(await c.aide.post(`/api/v1/alerts/${id}/ack`, {}), 404, 'alert.not_found');
  // The doctor and the coordination (who read medical notes) see it.
  assert.ok((await c.medecin.get('/api/v1/alerts?state=active&kind=vigilance_unacked')).json.items
    .some((x) => x.id === id));
  assert.equal((await c.coordination.get(`/api/v1/alerts/${id}`)).status, 200);
  // Nor on the person's timeline (issue 12 review F24): the coordination
  // sees it there, the aide not at all.
  const vig = (who) => who.get(`/api/v1/persons/${pid}/timeline`)
    .then((x) => x.json.items.filter((e) => e.kind.startsWith('alert.') && /à prendre en compte/.test(e.label)));
  assert.ok((await vig(c.coordination)).length > 0);
  assert.deepEqual(await vig(c.aide), []);
});

// Issue 12 review: raising alerts among other writes of the same commit
// batch fails none of them (the alert's insert was left on its RETURNING
// row: the batch's next job got 503 db.busy on SQLite).
test('alerts raised in parallel with notes: every write answered 201', async () => {
  await relogin();
  const pid = ids.ROUSSET;
  const jobs = [];
  for (let i = 0; i < 12; i++) {
    jobs.push(c.coordination.post(`/api/v1/persons/${pid}/alerts`, { kind: 'autre', severity: 'faible',
      detail: `Alerte parallèle ${i}.` }));
    jobs.push(c.aide.post(`/api/v1/persons/${pid}/notes`, { category: 'soins', body: `Note parallèle ${i}.` }));
  }
  const res = await Promise.all(jobs);
  assert.deepEqual(res.map((r) => r.status).filter((s) => s !== 201), [], res.find((r) => r.status !== 201)?.text);
});
