// Telealarm escalation (issue 13): a call not taken within the CRT's
// delay (default 2 minutes) goes to level 2, then to level 3 (the doctor,
// the 15: the last level), each step dated, by Maillage, on the call and
// on the live bus; run by the alert timer at the call's due instant,
// tested with the controllable clock (serve --test-clock). A call taken
// in time stays at level 1, a cancelled one too. SQLite and PostgreSQL.
// SPEC: issue 13 « Not taken within the CRT's delay → escalates ».
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { stopServer } from './lib/util.mjs';
import { openEvents } from './lib/sse.mjs';
import { postAlarm, trigger } from './lib/alarm.mjs';

let srv;
const c = {};

before(async () => {
  srv = await startServer({ args: ['--test-clock'] });
  for (const a of ['coordination', 'aide']) c[a] = await login(srv.base, a);
});
after(async () => { await stopServer(srv); });

async function clock(body) {
  const r = await fetch(srv.base + '/api/v1/test/clock', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.text();
  assert.equal(r.status, 200, text);
  return JSON.parse(text);
}
// Signed at the server's time (the test clock moves it).
async function post(m) {
  const now = Date.parse((await clock({})).now);
  const r = await postAlarm(srv.base, m, { ts: Math.floor(now / 1000) });
  assert.equal(r.status, 200, r.text);
  return r.json.call_id;
}
const call = async (id) => (await c.coordination.get(`/api/v1/alarms/${id}`)).json;
// The sessions expire when the clock jumps: log in again.
async function relogin() { for (const a of ['coordination', 'aide']) c[a] = await login(srv.base, a); }

test('not taken in 2 minutes: level 2, then level 3, each step dated, by Maillage, live', async () => {
  const id = await post(trigger());
  const taken = await post(trigger());
  const cancelled = trigger();
  const cid = await post(cancelled);
  let x = await call(id);
  assert.equal(x.level, 1);
  const due = Date.parse(x.escalate_at);
  assert.equal(due - Date.parse(x.received_at), 120000, 'the CRT\'s default delay');
  assert.equal((await c.aide.post(`/api/v1/alarms/${taken}/steps`, { kind: 'take' })).status, 200);
  assert.equal((await postAlarm(srv.base, { event_id: cancelled.event_id + '-x',
    correlation_key: cancelled.correlation_key, action: 'cancel',
    status: '0019' }, { ts: Math.floor(Date.parse((await clock({})).now) / 1000) })).status, 200);
  const es = openEvents(srv.base, c.coordination.cookie);
  await es.opened;
  // One second before the instant: nothing.
  await clock({ now: new Date(due - 1000).toISOString() });
  await relogin();
  assert.equal((await call(id)).level, 1);
  await clock({ now: new Date(due + 500).toISOString() });
  await relogin();
  x = await call(id);
  assert.equal(x.level, 2, JSON.stringify(x.steps));
  assert.equal(x.state, 'open');
  const up = x.steps.filter((s) => s.kind === 'escalated');
  assert.equal(up.length, 1);
  assert.equal(up[0].by_name, null, 'by Maillage');
  assert.match(up[0].detail, /^Niveau 2/);
  assert.ok(Date.parse(up[0].at) >= due);
  assert.equal(Date.parse(x.escalate_at), due + 120000, 'the next level 2 minutes later');
  await es.until(() => es.events.some((e) => e.type === 'alarm.changed' && e.json.ref_id === id),
    5000, 'the escalation\'s event');
  es.close();
  // Checks again at the same time change nothing (once per level).
  await clock({ offset_s: 0 });
  assert.equal((await call(id)).steps.filter((s) => s.kind === 'escalated').length, 1);
  await clock({ now: new Date(due + 120500).toISOString() });
  await relogin();
  x = await call(id);
  assert.equal(x.level, 3);
  assert.equal(x.escalate_at, null, 'level 3 is the last');
  assert.match(x.steps.at(-1).detail, /^Niveau 3 : médecin d'astreinte ou centre 15/);
  await clock({ offset_s: 3600 });
  await relogin();
  assert.equal((await call(id)).steps.filter((s) => s.kind === 'escalated').length, 2);
  // Taken or cancelled in time: never escalated.
  for (const other of [taken, cid]) {
    const o = await call(other);
    assert.equal(o.level, 1);
    assert.equal(o.escalate_at, null);
    assert.ok(!o.steps.some((s) => s.kind === 'escalated'));
  }
  // Taken at level 3 still works.
  assert.equal((await c.aide.post(`/api/v1/alarms/${id}/steps`, { kind: 'take' })).status, 200);
  await clock({ reset: true });
});
