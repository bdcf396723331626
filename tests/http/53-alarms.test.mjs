// Telealarm calls (issue 13): the operators' signed messages on
// POST /api/v1/alarms (Standard Webhooks: HMAC refused when wrong, old
// timestamps refused, nothing stored), idempotent on the event id (a
// replay ×100 answers the same and stores one message and one call, the
// same id with another body is refused, concurrent replays store one
// row), updates and cancels joining their incident's call, heartbeats,
// unknown subscribers kept (unmatched) and matched later, the body's
// validation, the handling steps (dated, attributed, in order) and the
// calls entered by hand, with their live events. SQLite and PostgreSQL.
// SPEC: issue 13 « Telealarm calls ».
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer, login, checkReply } from './lib/server.mjs';
import { accesses, assertError, personIds, sql, stopServer } from './lib/util.mjs';
import { openEvents } from './lib/sse.mjs';
import { DEMO_SECRET, postAlarm, sign, trigger } from './lib/alarm.mjs';

let srv, ids;
const c = {};

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'direction', 'aide', 'ide', 'secretariat', 'dac48']) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
});
after(async () => { await stopServer(srv); });

async function post(msg, opts) {
  const r = await postAlarm(srv.base, msg, opts);
  await checkReply(srv.base, 'POST', '/api/v1/alarms', r.status, r.json);
  return r;
}
const count = (q) => Number(sql(srv.db, q)[0][0]);
const esc = (s) => s.replace(/'/g, "''");
const messages = (id) => count(`SELECT COUNT(*) FROM alarm_message WHERE event_id = '${esc(id)}';`);
const calls = (key) => count(`SELECT COUNT(*) FROM alarm_call WHERE correlation_key = '${esc(key)}';`);

test('a trigger opens a call, shown with its steps; an unknown subscriber is kept, unmatched', async () => {
  const m = trigger({ subscriber_ref: 'INCONNU-' + randomUUID().slice(0, 8) });
  const r = await post(m);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.event_id, m.event_id);
  assert.equal(r.json.action, 'trigger');
  assert.ok(r.json.call_id > 0);
  const g = await c.aide.get(`/api/v1/alarms/${r.json.call_id}`);
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.person_id, null);
  assert.equal(g.json.matched, false);
  assert.equal(g.json.state, 'open');
  assert.equal(g.json.level, 1);
  assert.equal(g.json.operator_name, 'Téléassistance démo (Lozère)');
  assert.equal(g.json.device_type, '0005');
  assert.equal(g.json.reason, 'chute');
  assert.equal(g.json.spoke_with_person, false);
  assert.ok(g.json.escalate_at > g.json.received_at, 'a due instant for the escalation');
  assert.deepEqual(g.json.steps.map((s) => s.kind), ['received']);
  assert.equal(g.json.steps[0].by_name, null);
  // The on-call list shows it (open), to the care team and the direction.
  for (const a of ['aide', 'ide', 'coordination', 'direction']) {
    const l = await c[a].get('/api/v1/alarms?state=open');
    assert.equal(l.status, 200, l.text);
    assert.ok(l.json.items.some((x) => x.id === r.json.call_id), a);
  }
  assertError(await c.secretariat.get('/api/v1/alarms'), 403, 'role.forbidden');
  assertError(await c.dac48.get('/api/v1/alarms'), 403, 'role.forbidden');
});

test('idempotent: the same event replayed 100 times answers the same, one message and one call', async () => {
  const m = trigger();
  const first = await post(m);
  assert.equal(first.status, 200, first.text);
  for (let round = 0; round < 10; round++) {
    const rs = await Promise.all(Array.from({ length: 10 }, () => postAlarm(srv.base, m)));
    for (const r of rs) {
      assert.equal(r.status, 200, r.text);
      assert.equal(r.text, first.text, 'the same answer');
    }
  }
  assert.equal(messages(m.event_id), 1);
  assert.equal(calls(m.correlation_key), 1);
  const g = await c.coordination.get(`/api/v1/alarms/${first.json.call_id}`);
  assert.deepEqual(g.json.steps.map((s) => s.kind), ['received']);
});

test('the same event id with another body is refused (422), nothing changed', async () => {
  const m = trigger();
  assert.equal((await post(m)).status, 200);
  const other = { ...m, location: 'Salle de bains' };
  const r = await post(other);
  assertError(r, 422, 'alarm.event_id.reused', 'event_id');
  assert.equal(messages(m.event_id), 1);
  const g = await c.coordination.get(`/api/v1/alarms?state=open`);
  const call = g.json.items.find((x) => x.correlation_key === m.correlation_key);
  assert.equal(call.location, 'Chambre');
});

test('concurrent first posts of one event store one row; concurrent triggers of one incident one call', async () => {
  const m = trigger();
  const rs = await Promise.all(Array.from({ length: 30 }, () => postAlarm(srv.base, m)));
  for (const r of rs) assert.equal(r.status, 200, r.text);
  assert.equal(new Set(rs.map((r) => r.text)).size, 1, 'one answer for all');
  assert.equal(messages(m.event_id), 1);
  assert.equal(calls(m.correlation_key), 1);
  // Distinct events of one incident at once: one call, every message kept.
  const key = 'inc-' + randomUUID();
  const ms = Array.from({ length: 10 }, () => trigger({ correlation_key: key }));
  const rr = await Promise.all(ms.map((x) => postAlarm(srv.base, x)));
  for (const r of rr) assert.equal(r.status, 200, r.text);
  assert.equal(new Set(rr.map((r) => r.json.call_id)).size, 1);
  assert.equal(calls(key), 1);
  assert.equal(count(`SELECT COUNT(*) FROM alarm_message WHERE call_id = ${rr[0].json.call_id};`), 10);
});

test('signature: wrong secret, altered body, old or future timestamp, unknown operator, missing headers → 401, nothing stored', async () => {
  const m = trigger();
  const body = JSON.stringify(m);
  const before = count('SELECT COUNT(*) FROM alarm_message;');
  assertError(await post(m, { secret: 'pas-le-bon-secret' }), 401, 'alarm.signature.invalid');
  assertError(await post(m, { secret: 'maillage-demo-alarm-secret-2' }), 401, 'alarm.signature.invalid');
  const ts = Math.floor(Date.now() / 1000);
  assertError(await post(body.replace('Chambre', 'Cuisine'), { id: m.event_id,
    signature: sign(DEMO_SECRET, m.event_id, String(ts), body) }), 401, 'alarm.signature.invalid');
  // Well past the 5 minutes either way (the exact bound: unit test), so
  // that a slow runner does not move the request into the window.
  assertError(await post(m, { ts: ts - 330 }), 401, 'alarm.timestamp.invalid');
  assertError(await post(m, { ts: ts + 330 }), 401, 'alarm.timestamp.invalid');
  assertError(await post(m, { ts: 'hier' }), 401, 'alarm.timestamp.invalid');
  assertError(await post(m, { operator: 'operateur-inconnu' }), 401, 'alarm.signature.invalid');
  // An unknown operator is answered as a known one, whatever is wrong
  // (the answer does not tell which codes exist), and a message signed
  // with the text it is checked against is refused.
  assertError(await post(m, { operator: 'operateur-inconnu', ts: ts - 330 }), 401, 'alarm.timestamp.invalid');
  assertError(await post(m, { operator: 'operateur-inconnu', secret: 'maillage-no-such-operator' }),
    401, 'alarm.signature.invalid');
  assertError(await post(m, { signature: 'v2,' + sign(DEMO_SECRET, m.event_id, String(ts), body).slice(3) }),
    401, 'alarm.signature.invalid');
  assertError(await post(m, { headers: { 'webhook-signature': '' } }), 401, 'alarm.signature.missing');
  const r = await fetch(srv.base + '/api/v1/alarms', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body });
  assert.equal(r.status, 401);
  assert.equal((await r.json()).error.code, 'alarm.signature.missing');
  // A session is no substitute for the signature.
  assertError(await c.coordination.post('/api/v1/alarms', m), 401, 'alarm.signature.missing');
  // An unsigned body that is not even JSON: 401, not a parse error.
  assertError(await post('{pas du json', { id: 'x1', signature: 'v1,AAAA' }), 401, 'alarm.signature.invalid');
  assert.equal(count('SELECT COUNT(*) FROM alarm_message;'), before);
  // 4m50s old is still accepted, and one valid signature among several
  // (a secret rotation) is enough.
  const ok = await post(m, { ts: ts - 290 });
  assert.equal(ok.status, 200, ok.text);
  const m2 = trigger();
  const b2 = JSON.stringify(m2);
  const good = sign(DEMO_SECRET, m2.event_id, String(ts), b2);
  const two = await post(m2, { ts, signature: `v1,bWF1dmFpc2U= ${good}` });
  assert.equal(two.status, 200, two.text);
  // The second demo operator signs with its own secret.
  const m3 = trigger();
  const three = await post(m3, { operator: 'alerte-lozere-demo', secret: 'maillage-demo-alarm-secret-2' });
  assert.equal(three.status, 200, three.text);
});

test('body validation: clear 422s with the field named', async () => {
  const cases = [
    [trigger({ subscriber_ref: null }), 'alarm.subscriber_ref.required', 'subscriber_ref'],
    [trigger({ correlation_key: undefined }), 'alarm.correlation_key.required', 'correlation_key'],
    [trigger({ device_type: '0099' }), 'alarm.device_type.invalid', 'device_type'],
    [trigger({ status: 'fall' }), 'alarm.status.invalid', 'status'],
    [trigger({ action: 'alarm' }), 'alarm.action.invalid', 'action'],
    [trigger({ occurred_at: '2026-13-01T00:00:00Z' }), 'alarm.occurred_at.invalid', 'occurred_at'],
  ];
  for (const [m, code, field] of cases) {
    const r = await post(m);
    assert.equal(r.status, 422, `${code}: ${r.text}`);
    assert.equal(r.json.error.field, field, r.text);
    assert.match(r.json.error.code, new RegExp(code.split('.').slice(0, 2).join('\\.')), r.text);
    assert.ok(/[éèàç ]/.test(r.json.error.message), 'a French message');
  }
  // Unknown fields are refused as everywhere (400, the field named).
  assertError(await post(trigger({ extra: 1 })), 400, 'alarm.unknown_field', 'extra');
  const m = trigger();
  assertError(await post(m, { id: 'autre-id' }), 422, 'alarm.event_id.mismatch', 'event_id');
  assertError(await post(trigger({ assessment: { reason: 'fatigue' } })), 422, 'alarm.assessment.reason.invalid');
});

test('update and cancel join the incident; an update first still opens it; a heartbeat dates the operator', async () => {
  const key = 'inc-' + randomUUID();
  const t = await post(trigger({ correlation_key: key, location: 'Chambre' }));
  const u = await post({ event_id: randomUUID(), correlation_key: key, action: 'update',
    status: '0088', location: 'Salon' });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.call_id, t.json.call_id);
  const x = await post({ event_id: randomUUID(), correlation_key: key, action: 'cancel', status: '0019' });
  assert.equal(x.json.call_id, t.json.call_id);
  const g = await c.coordination.get(`/api/v1/alarms/${t.json.call_id}`);
  assert.equal(g.json.location, 'Salon');
  assert.equal(g.json.status, '0019');
  assert.equal(g.json.state, 'cancelled');
  assert.equal(g.json.escalate_at, null);
  assert.deepEqual(g.json.steps.map((s) => s.kind), ['received', 'operator_update', 'operator_cancel']);
  assert.match(g.json.steps[1].detail, /Présence après alarme/);
  // An update that overtook its trigger: the call exists, never dropped.
  const k2 = 'inc-' + randomUUID();
  const u2 = await post({ event_id: randomUUID(), correlation_key: k2, action: 'update',
    subscriber_ref: 'TA48-0101', status: '0010' });
  assert.equal(u2.status, 200, u2.text);
  assert.ok(u2.json.call_id > 0);
  const t2 = await post(trigger({ correlation_key: k2 }));
  assert.equal(t2.json.call_id, u2.json.call_id);
  // Heartbeat: no call, the operator's last sign of life.
  const h = await post({ event_id: randomUUID(), action: 'heartbeat' });
  assert.equal(h.status, 200, h.text);
  assert.equal(h.json.call_id, null);
  const ops = await c.coordination.get('/api/v1/alarm-operators');
  assert.equal(ops.status, 200, ops.text);
  const op = ops.json.items.find((o) => o.code === 'teleassistance-demo');
  assert.ok(op.last_heartbeat_at, 'heartbeat dated');
  assert.ok(!('secret' in op));
  assertError(await c.aide.get('/api/v1/alarm-operators'), 403, 'role.forbidden');
});

test('subscriber references: a person\'s mapping matches her calls, one reference one person, traced', async () => {
  const pid = ids.ROUSSET;
  const ref = 'NEW-' + randomUUID().slice(0, 8);
  const t = await post(trigger({ subscriber_ref: ref }));
  assert.equal((await c.coordination.get(`/api/v1/alarms/${t.json.call_id}`)).json.matched, false);
  const ops = (await c.coordination.get('/api/v1/alarm-operators')).json.items;
  const opId = ops.find((o) => o.code === 'teleassistance-demo').id;
  const before = (await c.coordination.get(`/api/v1/persons/${pid}/alarm-subscribers`)).json.items;
  const put = await c.coordination.put(`/api/v1/persons/${pid}/alarm-subscribers`,
    { items: [...before.map((s) => ({ operator_id: s.operator_id, subscriber_ref: s.subscriber_ref })),
      { operator_id: opId, subscriber_ref: ref }] });
  assert.equal(put.status, 200, put.text);
  assert.ok(put.json.items.some((s) => s.subscriber_ref === ref));
  const g = await c.coordination.get(`/api/v1/alarms/${t.json.call_id}`);
  assert.equal(g.json.person_id, pid);
  assert.equal(g.json.matched, true);
  assert.equal(g.json.birth_name_display, 'ROUSSET');
  // The next call of that reference is matched at once.
  const t2 = await post(trigger({ subscriber_ref: ref }));
  assert.equal((await c.aide.get(`/api/v1/alarms/${t2.json.call_id}`)).json.person_id, pid);
  // Another person may not take it.
  const other = Object.values(ids).find((x) => x !== pid);
  assertError(await c.coordination.put(`/api/v1/persons/${other}/alarm-subscribers`,
    { items: [{ operator_id: opId, subscriber_ref: ref }] }), 409, 'alarm.subscriber.taken');
  assertError(await c.coordination.put(`/api/v1/persons/${pid}/alarm-subscribers`,
    { items: [{ operator_id: 999999, subscriber_ref: 'X' }] }), 422, 'alarm.operator.unknown');
  assertError(await c.aide.put(`/api/v1/persons/${pid}/alarm-subscribers`, { items: [] }), 403, 'role.forbidden');
  const trace = await accesses(c.coordination, pid);
  assert.ok(trace.some((a) => a.action === 'alarm.subscriber' && a.login === 'coordination'), 'the change traced');
});

test('handling: taken, advice, the home visit, level 2 and the 15 called, closed with the outcome; each step dated and attributed', async () => {
  const es = openEvents(srv.base, c.coordination.cookie);
  await es.opened;
  const t = await post(trigger({ subscriber_ref: 'TA48-0101' }));
  const id = t.json.call_id;
  const path = `/api/v1/alarms/${id}/steps`;
  assertError(await c.aide.post(path, { kind: 'advice', detail: 'Rassurée' }), 409, 'alarm.state');
  let r = await c.aide.post(path, { kind: 'take' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'taken');
  assert.equal(r.json.taken_by_name, c.aide.user.display_name);
  assert.equal(r.json.escalate_at, null, 'taken: no escalation due');
  assertError(await c.ide.post(path, { kind: 'take' }), 409, 'alarm.state');
  assertError(await c.aide.post(path, { kind: 'advice' }), 422, 'alarm.detail.required', 'detail');
  for (const [who, b] of [['aide', { kind: 'advice', detail: 'Ne pas se relever seule.' }],
    ['aide', { kind: 'level2_called' }], ['ide', { kind: 'left' }], ['ide', { kind: 'arrived' }],
    ['aide', { kind: 'samu_called', detail: 'Régulation : ambulance.' }], ['ide', { kind: 'left_home' }]]) {
    r = await c[who].post(path, b);
    assert.equal(r.status, 200, `${b.kind}: ${r.text}`);
  }
  assertError(await c.ide.post(path, { kind: 'close' }), 422, 'alarm.outcome.invalid', 'outcome');
  assertError(await c.ide.post(path, { kind: 'close', outcome: 'autre' }), 422, 'alarm.detail.required');
  assertError(await c.direction.post(path, { kind: 'close', outcome: 'domicile' }), 403, 'role.forbidden');
  r = await c.ide.post(path, { kind: 'close', outcome: 'hospitalise', detail: 'Urgences de Mende.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'closed');
  assert.equal(r.json.outcome, 'hospitalise');
  assert.equal(r.json.closed_by_name, c.ide.user.display_name);
  assert.deepEqual(r.json.steps.map((s) => s.kind), ['received', 'take', 'advice', 'level2_called',
    'left', 'arrived', 'samu_called', 'left_home', 'close']);
  for (const s of r.json.steps.slice(1)) {
    assert.ok(s.by_name, `${s.kind} attributed`);
    assert.match(s.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  assert.match(r.json.steps.at(-1).detail, /^Hospitalisé — Urgences de Mende\.$/);
  assertError(await c.ide.post(path, { kind: 'advice', detail: 'x' }), 409, 'alarm.state');
  // On her timeline: received, then closed with the outcome.
  const tl = await c.coordination.get(`/api/v1/persons/${r.json.person_id}/timeline`);
  assert.equal(tl.status, 200, tl.text);
  const mineTl = tl.json.items.filter((e) => e.kind.startsWith('alarm.') && e.at >= r.json.received_at);
  assert.deepEqual(mineTl.map((e) => e.kind), ['alarm.received', 'alarm.closed']);
  assert.match(mineTl[1].label, /clos : hospitalisée — Urgences de Mende\.$/);
  assertError(await c.ide.post('/api/v1/alarms/999999/steps', { kind: 'take' }), 404, 'alarm.not_found');
  // Every step is on the live bus (ids only).
  await es.until(() => es.events.filter((x) => x.type === 'alarm.changed' && x.json.ref_id === id).length >= 9,
    5000, 'the steps\' events');
  const ev = es.events.find((e) => e.type === 'alarm.changed' && e.json.ref_id === id);
  assert.deepEqual(Object.keys(ev.json).sort(), ['id', 'person_id', 'ref_id', 'type']);
  es.close();
});

// The bench (issue 13, bench/alarms.mjs) aborted the server: a stream
// behind by a burst of calls takes one access decision per person in one
// wake, and each decision of a care-team member outside the person's
// circle computes the on-call roster (the duty grant); they shared the
// wake's capped arena until the roster's allocation aborted. Each decision
// now has its own arena.
test('a stream replaying calls of every person of the file active decides each and stays up', async () => {
  const before = count('SELECT COALESCE(MAX(id), 0) FROM event;');
  for (let i = 0; i < 32; i++) {
    const r = await post(trigger({ subscriber_ref: `TA48-${String(101 + i).padStart(4, '0')}` }));
    assert.equal(r.status, 200, r.text);
  }
  // The nurse's stream replays the 32 calls from before them: 32 persons,
  // each with an open call, decided in one wake.
  const es = openEvents(srv.base, c.ide.cookie, { lastEventId: before });
  await es.opened;
  assert.equal(es.status, 200);
  // Then an unmatched call (about no person: the team's): it reaches her,
  // so the replay was decided and the stream is still there.
  const r = await post(trigger({ subscriber_ref: 'INCONNU-' + randomUUID().slice(0, 8) }));
  assert.equal(r.status, 200, r.text);
  await es.waitEvent((e) => e.type === 'alarm.changed' && e.json.ref_id === r.json.call_id, 5000,
    'the unmatched call after the replay');
  assert.equal(es.ended, false);
  assert.equal((await fetch(srv.base + '/healthz')).status, 200);
  es.close();
});

test('a call entered by hand (a caregiver\'s phone call), by the care team', async () => {
  const r = await c.aide.post('/api/v1/alarms/manual', { person_id: ids.ROUSSET, reason: 'angoisse',
    reason_text: 'Sa fille appelle : elle ne répond plus au téléphone.', callback_number: '06 00 00 00 00' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.source, 'manual');
  assert.equal(r.json.state, 'open');
  assert.equal(r.json.person_id, ids.ROUSSET);
  assert.equal(r.json.created_by_name, c.aide.user.display_name);
  assert.deepEqual(r.json.steps.map((s) => s.kind), ['entered']);
  assert.match(r.json.steps[0].detail, /Angoisse/);
  const anon = await c.ide.post('/api/v1/alarms/manual', { reason: 'autre', reason_text: 'Voisin inquiet' });
  assert.equal(anon.status, 201, anon.text);
  assert.equal(anon.json.matched, false);
  assertError(await c.ide.post('/api/v1/alarms/manual', { reason: 'autre' }), 422, 'alarm.reason_text.required');
  assertError(await c.direction.post('/api/v1/alarms/manual', { reason: 'chute' }), 403, 'role.forbidden');
  assertError(await c.aide.post('/api/v1/alarms/manual', { person_id: 999999, reason: 'chute' }), 404, 'person.not_found');
});

test('the demo: two operators and a month of calls, most cleared by level 1, one hospitalisation', async () => {
  const ops = (await c.coordination.get('/api/v1/alarm-operators')).json.items.map((o) => o.code).sort();
  assert.deepEqual(ops, ['alerte-lozere-demo', 'teleassistance-demo']);
  const all = (await c.coordination.get('/api/v1/alarms?state=closed')).json.items
    .filter((x) => /^inc-\d\d$/.test(x.correlation_key || ''));
  assert.ok(all.length >= 20, `${all.length} demo calls`);
  assert.equal(all.filter((x) => x.outcome === 'hospitalise').length, 1);
  assert.ok(all.filter((x) => x.outcome === 'domicile').length > all.length / 2);
});
