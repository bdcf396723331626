// Live updates (issue 12): GET /api/v1/events as Server-Sent Events.
// Ordering, publication only after the commit (a refused write emits
// nothing), the filter per user (circle, partner objection, a circle change
// taking effect at once), replay from Last-Event-ID (header and query),
// `reset` for an id outside the window, heartbeats, logout ending the
// stream, a restart losing nothing, and (PostgreSQL) two `serve` processes
// on one database. Runs on SQLite and PostgreSQL (MAILLAGE_TEST_PG).
// SPEC: issue 12 « Live updates ».
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, login, PG } from './lib/server.mjs';
import { openEvents } from './lib/sse.mjs';
import { assertError, personIds, sql, sleep, stopServer } from './lib/util.mjs';

const HEARTBEAT_MS = 300;
let srv, ids, dacOrg;
const c = {};
const open = [];

// A stream of `who`, closed after the test file.
async function stream(who, opts) {
  const s = openEvents(srv.base, who.cookie, opts);
  open.push(s);
  await s.opened;
  return s;
}

let n = 0;
// A person change by the coordination: one `person.changed` event.
async function touch(pid, who = c.coordination) {
  const r = await who.patch(`/api/v1/persons/${pid}`, { used_name: 'NOM' + 'ABCDEFGHIJ'[n++ % 10] });
  assert.equal(r.status, 200, r.text);
}
const maxId = () => Number(sql(srv.db, 'SELECT COALESCE(MAX(id), 0) FROM event')[0][0]);
const isOf = (pid, type = 'person.changed') => (e) => e.type === type && e.json.person_id === pid;

before(async () => {
  process.env.MAILLAGE_SSE_HEARTBEAT_MS = String(HEARTBEAT_MS);
  srv = await startServer();
  for (const a of ['coordination', 'ergo', 'dac48', 'aide']) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
  dacOrg = (await c.coordination.get('/api/v1/orgs')).json.items.find((o) => o.type === 'dac');
});
// Each test's streams end with it: one session keeps at most 8 (its
// tabs), and the tests reuse the same sessions.
afterEach(async () => {
  while (open.length) open.pop().close();
  // The server sees a closed stream at its next heartbeat.
  await sleep(2 * HEARTBEAT_MS);
});
after(async () => {
  for (const s of open) s.close();
  await stopServer(srv);
});

test('the stream: text/event-stream, events in id order, ids only in data', async () => {
  const s = await stream(c.coordination);
  assert.equal(s.status, 200);
  assert.match(s.contentType, /^text\/event-stream/);
  for (const name of ['ROUSSET', 'CROZE', 'BOUDON']) await touch(ids[name]);
  await s.until(() => s.events.filter((e) => e.type === 'person.changed').length >= 3, 5000, 'three events');
  const got = s.events.filter((e) => e.type === 'person.changed');
  assert.deepEqual(got.map((e) => e.json.person_id), [ids.ROUSSET, ids.CROZE, ids.BOUDON]);
  for (let i = 1; i < got.length; i++) assert.ok(got[i].id > got[i - 1].id, 'ids increase');
  for (const e of got) {
    assert.deepEqual(Object.keys(e.json).sort(), ['id', 'person_id', 'ref_id', 'type']);
    assert.equal(e.json.id, e.id);
  }
  // The rows of the log: the same ids, no name.
  const rows = sql(srv.db, `SELECT id, type, person_id FROM event WHERE id >= ${got[0].id} ORDER BY id`);
  assert.deepEqual(rows.slice(0, 3).map((r) => [Number(r[0]), r[1], Number(r[2])]),
    got.map((e) => [e.id, 'person.changed', e.json.person_id]));
});

test('a visit planned is an event of its person (ref: the series)', async () => {
  const s = await stream(c.coordination);
  const r = await c.coordination.post('/api/v1/visits', { person_id: ids.ROUSSET, starts_local: '2026-03-02T09:00',
    duration_min: 30, kind: 'soins', user_id: c.aide.user.id });
  assert.equal(r.status, 201, r.text);
  const e = await s.waitEvent(isOf(ids.ROUSSET, 'visit.changed'), 5000, 'visit.changed');
  assert.equal(e.json.ref_id, r.json.id);
});

test('a refused write emits nothing: the log is unchanged and no event is sent', async () => {
  const s = await stream(c.coordination);
  const before = maxId();
  // 422 (bad input) and 403 (a partner may not edit a record).
  assertError(await c.coordination.patch(`/api/v1/persons/${ids.ROUSSET}`, { birth_date: '2099-13-45' }), 422,
    'person.birth_date.invalid');
  assert.equal((await c.dac48.patch(`/api/v1/persons/${ids.ROUSSET}`, { used_name: 'PIRATE' })).status >= 400, true);
  assert.equal(maxId(), before, 'no event row for a refused write');
  await touch(ids.CROZE);
  const e = await s.waitEvent(isOf(ids.CROZE), 5000, 'the next event');
  assert.equal(s.events.filter((x) => x.type !== 'reset').length, 1, 'only the committed change was sent');
  assert.ok(e.id > before);
});

test('filtered per user: outside the circle, or a partner with an objection, gets nothing of that person', async () => {
  const [co, er, dac] = [await stream(c.coordination), await stream(c.ergo), await stream(c.dac48)];
  // BOUDON: an objection against the DAC; put the DAC in her circle so
  // that only the objection keeps it out.
  const m = await c.coordination.post(`/api/v1/persons/${ids.BOUDON}/circle`, { org_id: dacOrg.id, role: 'Parcours' });
  assert.equal(m.status, 201, m.text);
  await touch(ids.CROZE);	// nobody's circle: ergo and DAC see nothing
  await touch(ids.BOUDON);	// ergo's circle; DAC objected to
  await touch(ids.ROUSSET);	// ergo's and the DAC's circle: the marker
  await co.waitEvent(isOf(ids.ROUSSET), 5000, 'coordination: marker');
  await er.waitEvent(isOf(ids.ROUSSET), 5000, 'ergo: marker');
  await dac.waitEvent(isOf(ids.ROUSSET), 5000, 'dac: marker');
  assert.ok(co.events.some(isOf(ids.CROZE)) && co.events.some(isOf(ids.BOUDON)), 'the coordination sees all');
  assert.ok(!er.events.some((e) => e.json.person_id === ids.CROZE), 'ergo: not in CROZE\'s circle');
  assert.ok(er.events.some(isOf(ids.BOUDON)), 'ergo: in BOUDON\'s circle');
  assert.ok(!dac.events.some((e) => e.json.person_id === ids.BOUDON), 'DAC: BOUDON objected');
  assert.ok(!dac.events.some((e) => e.json.person_id === ids.CROZE), 'DAC: not in CROZE\'s circle');
});

// Issue 12 review: a note.* event goes only to who may read that note's
// category (a medical note's existence is health data: GET answers 404
// to the others), live and on replay; an objection to the partner on
// that category too.
test('a medical note\'s events reach only who reads medical notes, live and on replay', async () => {
  const med = await login(srv.base, 'medecin');
  const ide = await login(srv.base, 'ide');
  const from = maxId();
  const [co, ai, dac, nurse] = [await stream(c.coordination), await stream(c.aide), await stream(c.dac48),
    await stream(ide)];
  let r = await med.post(`/api/v1/persons/${ids.ROUSSET}/notes`, { category: 'medical',
    body: 'Majoration du diurétique.', vigilance: true });
  assert.equal(r.status, 201, r.text);
  const secret = r.json.id;
  r = await ide.post(`/api/v1/notes/${secret}/ack`, {});
  assert.equal(r.status, 200, r.text);
  // A soins note after it: the marker everyone of the circle gets.
  r = await med.post(`/api/v1/persons/${ids.ROUSSET}/notes`, { category: 'soins', body: 'Pansement refait.' });
  assert.equal(r.status, 201, r.text);
  const marker = r.json.id;
  const got = (x, id) => x.type.startsWith('note.') && x.json.ref_id === id;
  for (const [s, who] of [[co, 'coordination'], [nurse, 'ide']]) {
    await s.waitEvent((x) => got(x, secret) && x.type === 'note.acked', 5000, `${who}: the medical note`);
  }
  for (const [s, who] of [[ai, 'aide'], [dac, 'dac48']]) {
    await s.waitEvent((x) => got(x, marker), 5000, `${who}: the soins note`);
    assert.ok(!s.events.some((x) => got(x, secret)), `${who}: nothing of the medical note`);
  }
  assert.equal((await c.aide.get(`/api/v1/notes/${secret}`)).status, 404);
  // On replay, the same filter.
  const back = await stream(c.aide, { lastEventId: from });
  await back.waitEvent((x) => got(x, marker), 5000, 'aide replay: the soins note');
  assert.ok(!back.events.some((x) => got(x, secret)), 'aide replay: nothing of the medical note');
});

// Issue 12 review: an event about no person (a convention's alert) goes
// only to the roles that read the partnerships, not to a partner nor the
// admin; a conversation's events are read under `soins` (a partner whose
// care data the person refused gets none).
test('the CRT\'s alert events to the partnership readers; message events under soins', async () => {
  const admin = await login(srv.base, 'admin');
  const [co, dac, ad] = [await stream(c.coordination), await stream(c.dac48), await stream(admin)];
  const [[aid]] = sql(srv.db, `SELECT id FROM alert WHERE person_id IS NULL AND closed_at IS NULL AND acked_at IS NULL `
    + 'ORDER BY id LIMIT 1');
  let r = await c.coordination.post(`/api/v1/alerts/${aid}/ack`, {});
  assert.equal(r.status, 200, r.text);
  const crt = (x) => x.type === 'alert.changed' && x.json.ref_id === Number(aid);
  await co.waitEvent(crt, 5000, 'coordination: the convention alert');
  // PRADAL objects to sharing soins with the partners (in the DAC's
  // circle): her conversation is refused to the DAC, and so are its events.
  r = await c.coordination.post(`/api/v1/persons/${ids.PRADAL}/objections`, { category: 'soins',
    note: 'Pas de soins aux partenaires.' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await c.dac48.get(`/api/v1/persons/${ids.PRADAL}/messages`)).status, 403);
  r = await c.coordination.post(`/api/v1/persons/${ids.PRADAL}/messages`, { body: 'Point sur la semaine.' });
  assert.equal(r.status, 201, r.text);
  const msg = r.json.id;
  await touch(ids.PRADAL);	// a marker the DAC gets (identity)
  await dac.waitEvent(isOf(ids.PRADAL), 5000, 'dac: the marker');
  await co.waitEvent((x) => x.type === 'message.posted' && x.json.ref_id === msg, 5000, 'coordination: message');
  assert.ok(!dac.events.some((x) => x.type === 'message.posted' && x.json.ref_id === msg), 'dac: no message');
  assert.ok(!dac.events.some(crt), 'dac: no convention alert');
  await sleep(300);
  assert.ok(!ad.events.some(crt), 'admin: no convention alert');
});

test('notes and alerts: written, read, acknowledged, raised, handled reach the circle, not a user outside it', async () => {
  const [co, er] = [await stream(c.coordination), await stream(c.ergo)];
  // The aide writes a vigilance note on ROUSSET (ergo's circle too).
  let r = await c.aide.post(`/api/v1/persons/${ids.ROUSSET}/notes`, { category: 'vie_quotidienne',
    body: 'Fatiguée ce matin, à surveiller.', vigilance: true });
  assert.equal(r.status, 201, r.text);
  const note = r.json.id;
  let e = await er.waitEvent(isOf(ids.ROUSSET, 'note.posted'), 5000, 'ergo: note.posted');
  assert.equal(e.json.ref_id, note);
  await co.waitEvent((x) => x.type === 'note.posted' && x.json.ref_id === note, 5000, 'coordination: note.posted');
  // A note on CROZE (not ergo's circle): the coordination only.
  r = await c.coordination.post(`/api/v1/persons/${ids.CROZE}/notes`, { category: 'social',
    body: 'Dossier APA complété.' });
  assert.equal(r.status, 201, r.text);
  const croze = r.json.id;
  await co.waitEvent((x) => x.type === 'note.posted' && x.json.ref_id === croze, 5000, 'coordination: CROZE');
  // Read by ergo (a first reading), then acknowledged by the coordination;
  // a correction is a note posted.
  r = await c.ergo.post(`/api/v1/notes/${note}/read`, {});
  assert.equal(r.status, 200, r.text);
  e = await co.waitEvent((x) => x.type === 'note.read' && x.json.ref_id === note, 5000, 'note.read');
  assert.equal(e.json.person_id, ids.ROUSSET);
  r = await c.coordination.post(`/api/v1/notes/${note}/ack`, {});
  assert.equal(r.status, 200, r.text);
  await er.waitEvent((x) => x.type === 'note.acked' && x.json.ref_id === note, 5000, 'note.acked');
  r = await c.aide.post(`/api/v1/notes/${note}/corrections`, { category: 'vie_quotidienne',
    body: 'Fatiguée ce matin (correction).', vigilance: false });
  assert.equal(r.status, 201, r.text);
  const corr = r.json.id;
  await er.waitEvent((x) => x.type === 'note.posted' && x.json.ref_id === corr, 5000, 'correction');
  // An alert raised, acknowledged, closed: three alert.changed of ROUSSET.
  r = await c.aide.post(`/api/v1/persons/${ids.ROUSSET}/alerts`, { kind: 'chute', severity: 'haute',
    detail: 'Chute dans la cuisine, relevée seule.' });
  assert.equal(r.status, 201, r.text);
  const alert = r.json.id;
  r = await c.coordination.post(`/api/v1/alerts/${alert}/ack`, {});
  assert.equal(r.status, 200, r.text);
  r = await c.coordination.post(`/api/v1/alerts/${alert}/close`, { action: 'Appel de la fille, passage IDE.' });
  assert.equal(r.status, 200, r.text);
  const three = (s) => () => s.events.filter((x) => x.type === 'alert.changed' && x.json.ref_id === alert).length >= 3;
  await er.until(three(er), 5000, 'ergo: the alert raised, acknowledged, closed');
  await co.until(three(co), 5000, 'coordination: the alert raised, acknowledged, closed');
  assert.ok(er.events.filter((x) => x.json.ref_id === alert).every((x) => x.json.person_id === ids.ROUSSET));
  // Ergo got nothing of CROZE, and no event names anything but ids.
  assert.ok(!er.events.some((x) => x.json.person_id === ids.CROZE), 'ergo: not in CROZE\'s circle');
  const rows = sql(srv.db, `SELECT type, person_id, ref_id FROM event WHERE type LIKE 'note.%' OR type = 'alert.changed' ORDER BY id`);
  assert.ok(rows.some((x) => x[0] === 'note.posted' && Number(x[1]) === ids.CROZE && Number(x[2]) === croze));
  // A refused note (the secretariat writes no care note) emits nothing.
  const before = maxId();
  const sec = await login(srv.base, 'secretariat');
  assertError(await sec.post(`/api/v1/persons/${ids.ROUSSET}/notes`, { category: 'soins', body: 'x' }), 403,
    /^(role.forbidden|access.denied)$/);
  assert.equal(maxId(), before);
});

test('a note\'s event goes only to who may read its category; an event about no person by role', async () => {
  // F1 and F17 of the outside review: the stream said « a medical
  // note was just written on her » to the aide, a partner and the ergo,
  // who get 404 on the note itself.
  const med = await login(srv.base, 'medecin');
  const admin = await login(srv.base, 'admin');
  const [co, er, ai, dac, ad] = [await stream(c.coordination), await stream(c.ergo), await stream(c.aide),
    await stream(c.dac48), await stream(admin)];
  let r = await med.post(`/api/v1/persons/${ids.ROUSSET}/notes`, { category: 'medical',
    body: 'Adaptation du traitement anticoagulant.' });
  assert.equal(r.status, 201, r.text);
  const medical = r.json.id;
  for (const [who, s] of [['ergo', er], ['aide', ai], ['dac48', dac]]) {
    assertError(await c[who].get(`/api/v1/notes/${medical}`), 404, 'note.not_found');
    void s;
  }
  // A care note after it: the marker every circle member gets.
  r = await med.post(`/api/v1/persons/${ids.ROUSSET}/notes`, { category: 'soins', body: 'Pansement refait.' });
  assert.equal(r.status, 201, r.text);
  const marker = r.json.id;
  const isNote = (id) => (x) => x.type.startsWith('note.') && x.json.ref_id === id;
  await co.waitEvent(isNote(medical), 5000, 'coordination: the medical note');
  for (const [who, s] of [['ergo', er], ['aide', ai], ['dac48', dac]]) {
    await s.waitEvent(isNote(marker), 5000, `${who}: the care note`);
    assert.ok(!s.events.some(isNote(medical)), `${who}: nothing of the medical note`);
  }
  // Read by the coordination: note.read of the medical note, to her only.
  r = await c.coordination.post(`/api/v1/notes/${medical}/read`, {});
  assert.equal(r.status, 200, r.text);
  await co.waitEvent((x) => x.type === 'note.read' && x.json.ref_id === medical, 5000, 'note.read');
  // A convention's alert (no person): the coordination, not the partner
  // nor the technical administrator.
  const conv = (await c.coordination.get('/api/v1/alerts?state=open&kind=convention_review')).json.items;
  assert.ok(conv.length > 0, 'the demo has a convention to review');
  r = await c.coordination.post(`/api/v1/alerts/${conv[0].id}/ack`, {});
  assert.equal(r.status, 200, r.text);
  const isConv = (x) => x.type === 'alert.changed' && x.json.ref_id === conv[0].id;
  await co.waitEvent(isConv, 5000, 'coordination: the convention alert');
  r = await med.post(`/api/v1/persons/${ids.ROUSSET}/notes`, { category: 'soins', body: 'Marqueur.' });
  assert.equal(r.status, 201, r.text);
  await dac.waitEvent(isNote(r.json.id), 5000, 'dac48: the last marker');
  assert.ok(!dac.events.some(isConv), 'dac48: not the CRT\'s alert');
  assert.ok(!ad.events.some((x) => x.type !== 'reset'), 'admin: nothing at all');
});

test('one session keeps at most 8 streams: the 9th is refused (429, French), one closed frees a place', async () => {
  // F11 of the review: one account held every connection of its address.
  const me = await login(srv.base, 'ide');
  const mine = [];
  for (let i = 0; i < 8; i++) mine.push(await stream(me));
  assert.ok(mine.every((x) => x.status === 200));
  const ninth = openEvents(srv.base, me.cookie);
  await ninth.opened;
  assert.equal(ninth.status, 429);
  await ninth.until(() => ninth.ended, 5000, 'the refusal\'s body');
  const body = JSON.parse(ninth.body);
  assert.equal(body.error.code, 'events.too_many');
  assert.match(body.error.message, /onglets/);
  // Another session of the same user is not counted with this one.
  const other = await login(srv.base, 'ide');
  assert.equal((await stream(other)).status, 200);
  // A tab closed: its stream ends at the next heartbeat, a place is free.
  mine[0].close();
  let ok = null;
  for (let i = 0; i < 40 && !ok; i++) {
    await sleep(HEARTBEAT_MS / 2);
    const s = openEvents(srv.base, me.cookie);
    await s.opened;
    if (s.status === 200) ok = s;
    else s.close();
  }
  assert.ok(ok, 'a place freed by the closed tab');
  open.push(ok);
});

test('a circle change takes effect at once on an open stream', async () => {
  const er = await stream(c.ergo);
  const add = await c.coordination.post(`/api/v1/persons/${ids.CROZE}/circle`,
    { user_id: c.ergo.user.id, role: 'Ergothérapeute' });
  assert.equal(add.status, 201, add.text);
  await er.waitEvent(isOf(ids.CROZE, 'circle.changed'), 5000, 'ergo told of its entry in the circle');
  await touch(ids.CROZE);
  await er.waitEvent(isOf(ids.CROZE), 5000, 'ergo now sees CROZE');
  const end = await c.coordination.del(`/api/v1/persons/${ids.CROZE}/circle/${add.json.id}`);
  assert.ok(end.status < 300, end.text);
  const seen = er.events.length;
  await touch(ids.CROZE);
  await touch(ids.ROUSSET);
  await er.waitEvent(isOf(ids.ROUSSET), 5000, 'marker');
  assert.ok(!er.events.slice(seen).some((e) => e.json.person_id === ids.CROZE && e.type === 'person.changed'),
    'left the circle: no more CROZE events');
});

test('replay from Last-Event-ID (header or query), filtered; a too-old or unknown id gets `reset`', async () => {
  const from = maxId();
  await touch(ids.CROZE);
  await touch(ids.ROUSSET);
  const h = await stream(c.coordination, { lastEventId: from });
  await h.until(() => h.events.length >= 2, 5000, 'replay');
  assert.deepEqual(h.events.slice(0, 2).map((e) => e.json.person_id), [ids.CROZE, ids.ROUSSET]);
  assert.equal(h.events[0].id, from + 1);
  const q = await stream(c.ergo, { query: `?last_event_id=${from}` });
  await q.waitEvent(isOf(ids.ROUSSET), 5000, 'ergo replay');
  assert.ok(!q.events.some((e) => e.json.person_id === ids.CROZE), 'replay is filtered too');
  // An id beyond the log (another database, a restored backup): reset.
  const f = await stream(c.coordination, { lastEventId: maxId() + 1000 });
  const r = await f.waitEvent((e) => e.type === 'reset', 5000, 'reset');
  assert.equal(r.id, maxId());
  // An id below the pruned window: reset as well.
  sql(srv.db, `UPDATE event_window SET pruned_to = ${from + 1} WHERE id = 1`);
  const o = await stream(c.coordination, { lastEventId: from });
  await o.waitEvent((e) => e.type === 'reset', 5000, 'reset (pruned)');
  assert.ok(!o.events.some((e) => e.type === 'person.changed'));
  sql(srv.db, 'UPDATE event_window SET pruned_to = 0 WHERE id = 1');
  const bad = await c.coordination.get('/api/v1/events?last_event_id=abc');
  assertError(bad, 422, 'events.last_event_id');
});

test('heartbeat comments keep an idle stream alive', async () => {
  const s = await stream(c.aide);
  await s.until(() => s.comments >= 2, HEARTBEAT_MS * 8, 'two heartbeats');
  assert.equal(s.ended, false);
});

test('no session: 401; logout ends an open stream', async () => {
  const anon = openEvents(srv.base, '');
  await anon.opened;
  assert.equal(anon.status, 401);
  const other = await login(srv.base, 'coordination');
  const s = await stream(other);
  assert.equal(s.status, 200);
  assert.ok((await other.del('/api/v1/session')).status < 300);
  await s.until(() => s.ended, HEARTBEAT_MS * 10, 'the stream ends after the logout');
});

test('a restart loses nothing: reconnecting with Last-Event-ID replays what was written meanwhile', async () => {
  const s = await stream(c.coordination);
  await touch(ids.ROUSSET);
  const seen = await s.waitEvent(isOf(ids.ROUSSET), 5000, 'before the restart');
  const last = seen.id;
  const db = srv.db;
  await srv.stop({ keepDb: true });	// SIGTERM: the open streams end, exit 0
  await s.until(() => s.ended, 5000, 'the stream ends with the server');
  srv = await startServer({ db, demo: false });
  for (const a of Object.keys(c)) c[a] = await login(srv.base, a);
  await touch(ids.CROZE);	// written before the client is back
  await touch(ids.BOUDON);
  const back = await stream(c.coordination, { lastEventId: last });
  await back.until(() => back.events.filter((e) => e.type === 'person.changed').length >= 2, 5000, 'replay');
  const ids2 = back.events.map((e) => e.id);
  assert.deepEqual(ids2, [...ids2].sort((a, b) => a - b));
  assert.deepEqual(back.events.map((e) => e.json.person_id).slice(0, 2), [ids.CROZE, ids.BOUDON]);
  assert.equal(back.events[0].id, last + 1, 'nothing lost between the last seen and the replay');
});

test('PostgreSQL: an event written through one process reaches the streams of another', { skip: !PG && 'PostgreSQL only' },
  async () => {
    const cp = join(mkdtempSync(join(tmpdir(), 'maillage-cp-')), 'b.checkpoints');
    const other = await startServer({ db: { ...srv.db, checkpoint: cp, cleanup() {} }, demo: false });
    try {
      const coB = await login(other.base, 'coordination');
      const sB = openEvents(other.base, coB.cookie);
      open.push(sB);
      await sB.opened;
      await touch(ids.VALENTIN);	// written through the first process
      const e = await sB.waitEvent(isOf(ids.VALENTIN), 5000, 'event from the other process');
      assert.equal(e.id, maxId());
      // And the other way round, in order.
      const sA = await stream(c.coordination);
      const r = await coB.patch(`/api/v1/persons/${ids.PRADAL}`, { used_name: 'AUTRE' });
      assert.equal(r.status, 200, r.text);
      await sA.waitEvent(isOf(ids.PRADAL), 5000, 'event from the second process');
      await sleep(50);
    } finally {
      await other.stop({ keepDb: true });
    }
  });
