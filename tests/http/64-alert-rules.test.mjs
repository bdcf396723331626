// Notes and alerts rules after the outside review of issue 12 (F5, F6,
// F9, F12, F15, F16, F23, F30): a correction stays within what its
// writer and its corrector may write and read and keeps the vigilance
// flag; a vigilance note is acknowledged by another than its writer; the
// vigilance alert follows its note's category; who handles which alert
// kind is data (access/); GET /alerts pages after access and « mine »
// with its total, tracing the rows shown only; « non lues » counts
// exactly and never drops a vigilance note behind a cap; a
// break-the-glass grant is no alert feed. Runs on SQLite and PostgreSQL.
// SPEC: issue 12 « Liaison notebook », « Alerts »; docs/ARCHITECTURE.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { accesses, assertError, personIds, sql, stopServer } from './lib/util.mjs';

const ACCOUNTS = ['coordination', 'medecin', 'ide', 'aide', 'psy', 'dac48', 'secretariat', 'direction'];
let srv, ids;
const c = {};
const one = (q) => Number(sql(srv.db, q)[0][0]);
const noteCount = () => one('SELECT COUNT(*) FROM note');

before(async () => {
  srv = await startServer();
  for (const a of ACCOUNTS) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
  // The psychologist follows ROUSSET too (she reads its soins notes).
  const r = await c.coordination.post(`/api/v1/persons/${ids.ROUSSET}/circle`,
    { user_id: c.psy.user.id, role: 'Psychologue' });
  assert.equal(r.status, 201, r.text);
});
after(async () => { await stopServer(srv); });

async function vigilanceNote(who, pid, category, body) {
  const r = await c[who].post(`/api/v1/persons/${pid}/notes`, { category, body, vigilance: true });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

// A product vigilance alert on a note, as the timer raises it (its due
// instant is the notebook's rule, tested in 62-alerts).
function vigilanceAlert(pid, noteId) {
  sql(srv.db, `INSERT INTO alert (crt_id, person_id, kind, severity, source, cause_key, ref_id, detail, `
    + `route, due_at, raised_at) SELECT crt_id, person_id, 'vigilance_unacked', 'haute', 'product', `
    + `'vigilance_unacked:${noteId}', id, 'Note non confirmée', 'coordination', created_at, created_at `
    + `FROM note WHERE id = ${noteId}`);
  return one(`SELECT id FROM alert WHERE kind = 'vigilance_unacked' AND ref_id = ${noteId}`);
}

test('F5: a correction stays within what its writer reads and its corrector writes, and keeps the flag', async () => {
  const pid = ids.ROUSSET;
  const nid = await vigilanceNote('aide', pid, 'soins', 'Chute sans gravité dans la salle de bain.');
  const n0 = noteCount();
  // The psychologist reads the care note but does not write soins.
  let r = await c.psy.post(`/api/v1/notes/${nid}/corrections`, { category: 'psy', body: 'RAS' });
  assertError(r, 403, 'access.denied');
  // The doctor writes medical, but the aide who wrote it does not read it.
  r = await c.medecin.post(`/api/v1/notes/${nid}/corrections`, { category: 'medical', body: 'RAS' });
  assertError(r, 422, 'note.category.author', 'category');
  assert.equal(noteCount(), n0, 'nothing written');
  // A correction the aide reads, asked without the flag: it keeps it.
  r = await c.medecin.post(`/api/v1/notes/${nid}/corrections`, { category: 'soins',
    body: 'Chute sans gravité, hématome au coude gauche.', vigilance: false });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.vigilance, true);
  const corr = r.json.id;
  r = await c.aide.get(`/api/v1/notes/${corr}`);
  assert.equal(r.status, 200, 'the writer reads what replaced her note');
  // The corrected note still waits for its acknowledgement, and so does
  // its correction.
  r = await c.ide.get(`/api/v1/persons/${pid}/notes/pending`);
  const pending = r.json.items.map((x) => x.id);
  assert.ok(pending.includes(nid) && pending.includes(corr), r.text);
});

test('F6: the writer does not acknowledge her own vigilance note; another professional does', async () => {
  const pid = ids.ROUSSET;
  const nid = await vigilanceNote('aide', pid, 'soins', 'Refuse ses repas depuis hier.');
  const aid = vigilanceAlert(pid, nid);
  assertError(await c.aide.post(`/api/v1/notes/${nid}/ack`, {}), 409, 'note.own');
  assert.equal(one(`SELECT COUNT(*) FROM note_ack WHERE note_id = ${nid}`), 0);
  // An acknowledgement by the writer recorded before this rule does not
  // count either: the alert stays open at the next check.
  sql(srv.db, `INSERT INTO note_ack (crt_id, note_id, user_id, acked_at) SELECT crt_id, id, created_by, `
    + `created_at FROM note WHERE id = ${nid}`);
  await new Promise((res) => setTimeout(res, 21000));
  assert.equal(one(`SELECT COUNT(*) FROM alert WHERE id = ${aid} AND closed_at IS NULL`), 1,
    'the writer\'s own acknowledgement closes nothing');
  let r = await c.ide.post(`/api/v1/notes/${nid}/ack`, {});
  assert.equal(r.status, 200, r.text);
  for (let i = 0; i < 30 && one(`SELECT COUNT(*) FROM alert WHERE id = ${aid} AND closed_at IS NULL`); i++) {
    await new Promise((res) => setTimeout(res, 1000));
  }
  r = await c.coordination.get(`/api/v1/alerts/${aid}`);
  assert.equal(r.json.state, 'closed', r.text);
  assert.equal(r.json.close_action, 'Close par Maillage : note prise en compte');
});

test('F16: a vigilance alert follows its note\'s category (read, acknowledge, close)', async () => {
  const pid = ids.ROUSSET;
  const nid = await vigilanceNote('medecin', pid, 'medical', 'Surveiller la kaliémie.');
  const aid = vigilanceAlert(pid, nid);
  // The aide and the partner do not read medical notes: the alert is as
  // missing as the note, in the list and by id, and cannot be handled.
  for (const who of ['aide', 'dac48', 'secretariat', 'direction']) {
    const r = await c[who].get(`/api/v1/alerts?kind=vigilance_unacked&limit=200&person_id=${pid}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(!r.json.items.some((x) => x.id === aid), `${who}: not listed`);
    assertError(await c[who].get(`/api/v1/alerts/${aid}`), 404, 'alert.not_found');
  }
  assertError(await c.aide.post(`/api/v1/alerts/${aid}/ack`, {}), 404, 'alert.not_found');
  // The nurse reads medical notes: she sees it and takes it in charge,
  // but it closes only by the note's acknowledgement.
  let r = await c.ide.get(`/api/v1/alerts?kind=vigilance_unacked&limit=200&person_id=${pid}`);
  const a = r.json.items.find((x) => x.id === aid);
  assert.ok(a, r.text);
  assert.equal(a.may_ack, true);
  r = await c.ide.post(`/api/v1/alerts/${aid}/ack`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.may_close, false);
  assertError(await c.ide.post(`/api/v1/alerts/${aid}/close`, { action: 'vu' }), 409, 'alert.closes_by_cause');
  assert.equal(one(`SELECT COUNT(*) FROM alert WHERE id = ${aid} AND closed_at IS NULL`), 1);
});

test('F23: who handles which alert kind is data; the aide does not close the coordination\'s', async () => {
  // A product alert of the coordination on one of the aide's people.
  const coordKinds = ['plan_review', 'exit_proposed', 'feedback_owed', 'dlu_review', 'aggir_old'];
  let r, a;
  for (let i = 0; i < 25 && !a; i++) {	// the timer's first check after the start
    if (i) await new Promise((res) => setTimeout(res, 1000));
    r = await c.aide.get('/api/v1/alerts?state=open&mine=1&limit=200');
    assert.equal(r.status, 200, r.text);
    a = r.json.items.find((x) => coordKinds.includes(x.kind));
  }
  assert.ok(a, 'the demo aide sees a coordination alert');
  assert.equal(a.may_ack, false);
  assertError(await c.aide.post(`/api/v1/alerts/${a.id}/ack`, {}), 403, 'alert.kind.forbidden');
  assert.equal(one(`SELECT COUNT(*) FROM alert WHERE id = ${a.id} AND acked_at IS NULL`), 1);
  // The coordination handles it.
  r = await c.coordination.get(`/api/v1/alerts/${a.id}`);
  assert.equal(r.json.may_ack, true, r.text);
  r = await c.coordination.post(`/api/v1/alerts/${a.id}/ack`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.may_close, true);
  // A user alert (a fall) is the care team's: the aide raises and
  // handles it.
  r = await c.aide.post(`/api/v1/persons/${ids.ROUSSET}/alerts`, { kind: 'chute', severity: 'haute',
    detail: 'Retrouvée au sol ce matin.' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.may_ack, true);
  r = await c.aide.post(`/api/v1/alerts/${r.json.id}/ack`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.may_close, true);
  // The table, as the permissions say (access.c alert_kind_perms).
  const perms = (await c.coordination.get('/api/v1/session')).json.user.permissions;
  assert.ok(perms.includes('alert.handle') && perms.includes('support.exit'));
});

test('F30/F15/F12: GET /alerts pages after access and « mine », with its total; only shown rows traced; no feed by break-the-glass', async () => {
  const outside = ids.CROZE;	// in none of the aide's circles
  const aideTotal = async () => (await c.aide.get('/api/v1/alerts?state=active&mine=1&limit=1')).json.total;
  const before = await aideTotal();
  // 600 open alerts on a person outside her circles (a busy CRT).
  sql(srv.db, `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 600) `
    + `INSERT INTO alert (crt_id, person_id, kind, severity, source, detail, route, raised_at, raised_by) `
    + `SELECT p.crt_id, p.id, 'autre', 'faible', 'user', 'Alerte ' || CAST(s.i AS TEXT), 'coordination', `
    + `'2099-01-01T00:00:00.000Z', u.id FROM s, person p, app_user u WHERE p.id = ${outside} `
    + `AND u.login = 'coordination'`);
  assert.equal(await aideTotal(), before, 'other people\'s alerts push none of hers out');
  const home = (await c.aide.get('/api/v1/home')).json.items.find((x) => x.key === 'alerts.mine');
  assert.equal(home.count, before, 'the home count is the list\'s total');
  // Her list and her home traced nothing about the person outside.
  const traced = (await accesses(c.coordination, outside)).filter((x) => x.login === 'aide');
  assert.deepEqual(traced, [], 'no denial row per hidden alert');
  // The coordination pages through every open « autre » alert.
  const want = one(`SELECT COUNT(*) FROM alert WHERE kind = 'autre' AND closed_at IS NULL`);
  let got = [];
  let total = -1;
  for (let off = 0; ; off += 200) {
    const r = await c.coordination.get(`/api/v1/alerts?state=active&kind=autre&limit=200&offset=${off}`);
    assert.equal(r.status, 200, r.text);
    total = r.json.total;
    assert.equal(r.json.limit, 200);
    got = got.concat(r.json.items.map((x) => x.id));
    if (r.json.items.length < 200) break;
  }
  assert.equal(total, want);
  assert.equal(new Set(got).size, want, 'every row once');
  assertError(await c.coordination.get('/api/v1/alerts?limit=501'), 422, 'paging.limit.invalid', 'limit');
  // Break-the-glass on that person: an emergency reading, not a feed.
  const r0 = await c.aide.post(`/api/v1/persons/${outside}/breakglass`,
    { reason: 'Appel du SAMU, besoin du dossier de liaison' });
  assert.equal(r0.status, 201, r0.text);
  let r = await c.aide.get(`/api/v1/alerts?person_id=${outside}&limit=5`);
  assert.equal(r.json.total, 0, r.text);
  assert.deepEqual(r.json.items, []);
  const [[some]] = sql(srv.db, `SELECT id FROM alert WHERE person_id = ${outside} LIMIT 1`);
  assertError(await c.aide.get(`/api/v1/alerts/${some}`), 404, 'alert.not_found');
  assert.equal(await aideTotal(), before);
});

test('F9: « non lues » counts exactly and never drops a vigilance note behind ordinary ones', async () => {
  const pid = ids.ROUSSET;
  const nid = await vigilanceNote('aide', pid, 'soins', 'Plaie au talon à surveiller.');
  const homeCount = async () => (await c.ide.get('/api/v1/home')).json.items
    .find((x) => x.key === 'notes.vigilance_unread').count;
  const v0 = await homeCount();
  assert.ok(v0 >= 1);
  // 2100 ordinary notes by the aide, newer than the vigilance one.
  sql(srv.db, `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 2100) `
    + `INSERT INTO note (crt_id, person_id, category, kind, body, vigilance, created_at, created_by) `
    + `SELECT n.crt_id, n.person_id, 'soins', 'text', 'RAS ' || CAST(s.i AS TEXT), 0, n.created_at, `
    + `n.created_by FROM s, note n WHERE n.id = ${nid}`);
  const r = await c.ide.get('/api/v1/me/notes/unread');
  assert.equal(r.status, 200);
  assert.equal(r.json.items.length, 2000, 'the items are capped');
  assert.ok(r.json.count >= 2101, `the count is exact: ${r.json.count}`);
  assert.ok(r.json.items.some((x) => x.id === nid), 'the vigilance note is listed');
  assert.equal(await homeCount(), v0, 'the home count does not drop');
  assert.equal(r.json.items.filter((x) => x.vigilance).length, v0);
});
