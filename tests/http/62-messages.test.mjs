// Conversations (issue 12): a person's conversation for her circle and
// direct messages within the team. Access as the person's care notes
// (category soins: circle, partner within consent), each reading and
// posting traced; mentions; never edited, withdrawn by the author only,
// with its trace (« message retiré »: no text, who and when kept); live
// events for each change. Runs on SQLite and PostgreSQL.
// SPEC: issue 12 « Conversations ».
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { openEvents } from './lib/sse.mjs';
import { accesses, assertError, personIds, sql, stopServer } from './lib/util.mjs';

let srv, ids;
const c = {};
const streams = [];

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'ergo', 'dac48', 'aide', 'ide', 'direction', 'secretariat']) {
    c[a] = await login(srv.base, a);
  }
  ids = await personIds(c.coordination);
});
after(async () => {
  for (const s of streams) s.close();
  await stopServer(srv);
});

async function stream(who) {
  const s = openEvents(srv.base, who.cookie);
  streams.push(s);
  await s.opened;
  return s;
}

const post = (who, pid, body) => who.post(`/api/v1/persons/${pid}/messages`, { body });

test('a person\'s conversation: posted, listed oldest first with author and mentions, traced', async () => {
  const r = await post(c.coordination, ids.ROUSSET, 'Passage décalé à 10 h, @ergo peux-tu confirmer ?');
  assert.equal(r.status, 201, r.text);
  const r2 = await post(c.ergo, ids.ROUSSET, 'Confirmé.');
  assert.equal(r2.status, 201, r2.text);
  const l = await c.ergo.get(`/api/v1/persons/${ids.ROUSSET}/messages`);
  assert.equal(l.status, 200, l.text);
  const mine = l.json.items.filter((m) => [r.json.id, r2.json.id].includes(m.id));
  assert.deepEqual(mine.map((m) => m.id), [r.json.id, r2.json.id]);
  assert.equal(mine[0].author.id, c.coordination.user.id);
  assert.equal(mine[0].person_id, ids.ROUSSET);
  assert.equal(mine[0].to, null);
  assert.deepEqual(mine[0].mentions.map((x) => x.id), [c.ergo.user.id]);
  assert.equal(mine[0].body, 'Passage décalé à 10 h, @ergo peux-tu confirmer ?');
  assert.equal(mine[0].withdrawn_at, null);
  // The reading and the posting are traced on the person's record.
  const t = await accesses(c.coordination, ids.ROUSSET);
  assert.ok(t.some((x) => x.action === 'message.read' && x.login === 'ergo'), 'reading traced');
  assert.ok(t.some((x) => x.action === 'message.post' && x.login === 'coordination'), 'posting traced');
});

// Who reads and writes a person's conversation (data: account, person,
// status; each decision leaves a trace row, granted or denied).
const MATRIX = [
  ['ergo', 'CROZE', 403, 'outside her circle'],
  ['ergo', 'BOUDON', 200, 'in her circle'],
  ['dac48', 'ROUSSET', 200, 'partner in the circle, no objection'],
  ['dac48', 'BOUDON', 404, 'partner not in the circle (and objected to)'],
  ['secretariat', 'ROUSSET', 403, 'no care notes'],
  ['direction', 'ROUSSET', 200, 'the CRT\'s direction reads the care notes'],
  ['ide', 'ROUSSET', 200, 'the CRT\'s nurse'],
];
for (const [who, name, status, why] of MATRIX) {
  test(`conversation access: ${who} on ${name} → ${status} (${why}), traced`, async () => {
    const before = Number(sql(srv.db, `SELECT COUNT(*) FROM trace WHERE person_id = ${ids[name]}`)[0][0]);
    const r = await c[who].get(`/api/v1/persons/${ids[name]}/messages`);
    if (status === 200) assert.equal(r.status, 200, r.text);
    else assert.ok([403, 404].includes(r.status), `${r.status} ${r.text}`);
    const p = await post(c[who], ids[name], 'Bonjour');
    if (status === 200) assert.equal(p.status, 201, p.text);
    else assert.ok([403, 404].includes(p.status), `${p.status} ${p.text}`);
    const rows = sql(srv.db, `SELECT action, grant_kind FROM trace WHERE person_id = ${ids[name]} `
      + `ORDER BY seq DESC LIMIT 2`);
    const after = Number(sql(srv.db, `SELECT COUNT(*) FROM trace WHERE person_id = ${ids[name]}`)[0][0]);
    assert.equal(after, before + 2, 'one trace row per decision');
    assert.deepEqual(rows.map((x) => x[0]).sort(), ['message.post', 'message.read']);
    for (const x of rows) assert.equal(x[1] === 'denied', status !== 200, `grant ${x[1]}`);
  });
}

test('bad input: empty, too long, unknown mention, unknown field', async () => {
  assertError(await post(c.coordination, ids.ROUSSET, '   '), 422, 'message.body.required');
  const long = await post(c.coordination, ids.ROUSSET, 'x'.repeat(2001));
  assert.equal(long.status, 422, long.text);
  assertError(await post(c.coordination, ids.ROUSSET, 'Voir @personne'), 422, 'message.mention.unknown');
  const extra = await c.coordination.post(`/api/v1/persons/${ids.ROUSSET}/messages`, { body: 'a', x: 1 });
  assert.equal(extra.status, 400, extra.text);
  // An address is not a mention.
  const mail = await post(c.coordination, ids.ROUSSET, 'Écrire à contact@example.org.');
  assert.equal(mail.status, 201, mail.text);
});

test('withdrawal: by the author only, once; the text goes, the trace stays (« message retiré »)', async () => {
  const r = await post(c.ide, ids.ROUSSET, 'Message envoyé par erreur');
  assert.equal(r.status, 201, r.text);
  assertError(await c.coordination.post(`/api/v1/messages/${r.json.id}/withdraw`, {}), 403,
    'message.withdraw.forbidden');
  const w = await c.ide.post(`/api/v1/messages/${r.json.id}/withdraw`, {});
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.body, null);
  assert.equal(w.json.withdrawn_by.id, c.ide.user.id);
  assert.ok(w.json.withdrawn_at);
  assertError(await c.ide.post(`/api/v1/messages/${r.json.id}/withdraw`, {}), 409, 'message.withdrawn');
  const l = await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/messages`);
  const m = l.json.items.find((x) => x.id === r.json.id);
  assert.equal(m.body, null, 'the text is no longer given');
  assert.equal(m.author.id, c.ide.user.id, 'who wrote it stays');
  // Stored, never deleted nor edited.
  const row = sql(srv.db, `SELECT body, withdrawn_by FROM message WHERE id = ${r.json.id}`)[0];
  assert.equal(row[0], 'Message envoyé par erreur');
  assert.equal(Number(row[1]), c.ide.user.id);
  const t = await accesses(c.coordination, ids.ROUSSET);
  assert.ok(t.some((x) => x.action === 'message.withdraw' && x.login === 'ide'), 'withdrawal traced');
  // No route edits a message.
  assert.equal((await c.ide.patch(`/api/v1/messages/${r.json.id}`, { body: 'x' })).status, 404);
});

test('direct messages: between two members, both see them, nobody else; not to oneself nor to a proche', async () => {
  const r = await c.aide.post('/api/v1/me/messages', { to_user_id: c.coordination.user.id, body: 'Besoin d\'un rappel' });
  assert.equal(r.status, 201, r.text);
  const mineA = (await c.aide.get('/api/v1/me/messages')).json.items;
  const mineC = (await c.coordination.get(`/api/v1/me/messages?with=${c.aide.user.id}`)).json.items;
  const other = (await c.ide.get('/api/v1/me/messages')).json.items;
  assert.ok(mineA.some((m) => m.id === r.json.id && m.to.id === c.coordination.user.id && m.person_id === null));
  assert.ok(mineC.some((m) => m.id === r.json.id && m.author.id === c.aide.user.id));
  assert.ok(!other.some((m) => m.id === r.json.id), 'a third member does not see it');
  assertError(await c.ide.post(`/api/v1/messages/${r.json.id}/withdraw`, {}), 404, 'message.not_found');
  assertError(await c.aide.post('/api/v1/me/messages', { to_user_id: c.aide.user.id, body: 'moi' }), 422,
    'message.to.self');
  const proche = sql(srv.db, "SELECT id FROM app_user WHERE role = 'proche' LIMIT 1")[0][0];
  assertError(await c.aide.post('/api/v1/me/messages', { to_user_id: Number(proche), body: 'x' }), 422,
    'message.to.unknown');
});

test('live: a message reaches the streams of who may read the person, and a direct one only its two members', async () => {
  const [co, er, dac, ide] = [await stream(c.coordination), await stream(c.ergo), await stream(c.dac48),
    await stream(c.ide)];
  const a = await post(c.coordination, ids.CROZE, 'Point sur la semaine');	// ergo and DAC outside
  const b = await post(c.coordination, ids.ROUSSET, 'Nouvelle aide-soignante lundi');
  const d = await c.ergo.post('/api/v1/me/messages', { to_user_id: c.coordination.user.id, body: 'Vu.' });
  for (const r of [a, b, d]) assert.equal(r.status, 201, r.text);
  const is = (id) => (e) => e.type === 'message.posted' && e.json.ref_id === id;
  await co.waitEvent(is(d.json.id), 5000, 'coordination: direct');
  await co.waitEvent(is(a.json.id), 5000, 'coordination: CROZE');
  await er.waitEvent(is(d.json.id), 5000, 'ergo: its own direct message (other tabs)');
  await dac.waitEvent(is(b.json.id), 5000, 'dac: ROUSSET');
  await ide.waitEvent(is(b.json.id), 5000, 'ide: ROUSSET');
  assert.ok(!er.events.some(is(a.json.id)), 'ergo: not CROZE\'s');
  assert.ok(!dac.events.some(is(a.json.id)) && !dac.events.some(is(d.json.id)), 'DAC: neither');
  assert.ok(!ide.events.some(is(d.json.id)), 'ide: not the others\' direct message');
  const w = await c.coordination.post(`/api/v1/messages/${b.json.id}/withdraw`, {});
  assert.equal(w.status, 200, w.text);
  await dac.waitEvent((e) => e.type === 'message.withdrawn' && e.json.ref_id === b.json.id, 5000, 'withdrawn');
});

// Issue 12 review: the mention picker asks who may take part (the access
// module decides each member: circle, profession, objections), and a
// mentioned member has an unread count (her `message.mention` notices,
// the home page's « Mentions non lues ») until she opens the conversation.
test('mentions: the members one may mention; the mentioned member\'s unread count, read on opening', async () => {
  const pid = ids.ROUSSET;
  let r = await c.coordination.get(`/api/v1/persons/${pid}/messages/members`);
  assert.equal(r.status, 200, r.text);
  const logins = r.json.items.map((m) => m.login);
  assert.ok(logins.includes('ergo') && logins.includes('aide') && logins.includes('ide'), logins.join());
  assert.ok(!logins.includes('coordination'), 'not oneself');
  assert.ok(!logins.includes('secretariat'), 'the secretariat reads no soins');
  assert.ok(!logins.includes('psy'), 'the psychologist is not in her circle');
  assert.ok(!logins.includes('admin') && !logins.includes('proche'));
  // Every one listed may read the conversation, and the list is traced.
  for (const who of ['ergo', 'aide', 'ide', 'dac48']) {
    if (logins.includes(who)) assert.equal((await c[who].get(`/api/v1/persons/${pid}/messages`)).status, 200, who);
  }
  assert.ok((await accesses(c.coordination, pid)).some((x) => x.login === 'coordination'
    && x.action === 'message.members'));
  // Refused like the conversation: the secretariat (no soins), a person
  // out of the aide's circle (404).
  assert.equal((await c.secretariat.get(`/api/v1/persons/${pid}/messages/members`)).status, 403);
  assertError(await c.aide.get(`/api/v1/persons/${ids.CROZE}/messages/members`), 404, 'person.not_found');

  const unread = async (who) => (await who.get('/api/v1/home')).json.items
    .find((i) => i.key === 'messages.mentions');
  const before = await unread(c.aide);
  r = await post(c.coordination, pid, '@aide peux-tu vérifier le frigo ? Merci @ide.');
  assert.equal(r.status, 201, r.text);
  r = await post(c.ergo, pid, 'Vu avec @aide ce matin.');
  assert.equal(r.status, 201, r.text);
  const after2 = await unread(c.aide);
  assert.equal(after2.count, before.count + 2);
  assert.equal(after2.link, `#/personnes/${pid}`);
  // The notice names the author, not the person nor the message.
  const [[text]] = sql(srv.db, `SELECT text FROM notice WHERE kind = 'message.mention' AND user_id = ${
    c.aide.user.id} ORDER BY id DESC LIMIT 1`);
  assert.ok(!/frigo|ROUSSET|Rousset/.test(text), text);
  // Opened: marked read (hers only: the nurse's stays unread).
  const ideBefore = (await unread(c.ide)).count;
  r = await c.aide.post(`/api/v1/persons/${pid}/messages/read`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.marked, 2);
  assert.equal((await unread(c.aide)).count, before.count);
  assert.equal((await unread(c.ide)).count, ideBefore);
  r = await c.aide.post(`/api/v1/persons/${pid}/messages/read`, {});
  assert.equal(r.json.marked, 0, 'idempotent');
  assertError(await c.aide.post(`/api/v1/persons/${ids.CROZE}/messages/read`, {}), 404, 'person.not_found');
  // Only who will read the message may be named (the author knows who
  // will not be told): the aide in CROZE's conversation (not her
  // circle), a third member in a direct message; nothing written.
  const n0 = Number(sql(srv.db, 'SELECT COUNT(*) FROM message')[0][0]);
  assertError(await post(c.coordination, ids.CROZE, 'Pour info @aide.'), 422, 'message.mention.outside');
  assertError(await c.aide.post('/api/v1/me/messages', { to_user_id: c.ide.user.id, body: 'Entre nous @ergo' }),
    422, 'message.mention.outside');
  assert.equal(Number(sql(srv.db, 'SELECT COUNT(*) FROM message')[0][0]), n0);
  r = await c.aide.post('/api/v1/me/messages', { to_user_id: c.ide.user.id, body: 'Merci @ide' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await unread(c.aide)).count, before.count);
});

// Issue 12 review (F22): a partner (no `team.read`) does not list the
// CRT's accounts through direct messages and mentions. She may reach the
// members of her care circles only, decided by the access module; any
// other id or login answers exactly as one that does not exist.
test('a partner reaches only the members of her care circles: pickers, direct messages, mentions', async () => {
  assertError(await c.dac48.get('/api/v1/team'), 403, 'role.forbidden');
  // Who shares a care circle with DAC 48 (in person or through an org).
  const shared = new Set(sql(srv.db, `SELECT DISTINCT u.id FROM app_user u JOIN circle_member b
    ON b.crt_id = u.crt_id AND b.until IS NULL AND (b.user_id = u.id OR b.org_id = u.org_id)
    JOIN circle_member a ON a.crt_id = b.crt_id AND a.person_id = b.person_id AND a.until IS NULL
    WHERE u.disabled = 0 AND u.role <> 'proche' AND u.id <> ${c.dac48.user.id}
      AND (a.user_id = ${c.dac48.user.id}
        OR a.org_id = (SELECT org_id FROM app_user WHERE id = ${c.dac48.user.id}))`)
    .map((x) => Number(x[0])));
  let r = await c.dac48.get('/api/v1/me/messages/members');
  assert.equal(r.status, 200, r.text);
  const mine = r.json.items.map((m) => m.id);
  assert.deepEqual([...mine].sort(), [...shared].sort());
  assert.ok(mine.includes(c.aide.user.id), 'the aide of ROUSSET\'s circle');
  for (const who of ['secretariat', 'coordination', 'direction']) {
    assert.ok(!mine.includes(c[who].user.id), `${who} is in none of her circles`);
  }
  // The team for who reads it: everyone active but the proches and oneself.
  r = await c.coordination.get('/api/v1/me/messages/members');
  assert.equal(r.status, 200, r.text);
  const team = r.json.items.map((m) => m.id);
  assert.ok(team.includes(c.secretariat.user.id) && team.includes(c.dac48.user.id));
  assert.ok(!team.includes(c.coordination.user.id));
  const proche = Number(sql(srv.db, "SELECT id FROM app_user WHERE role = 'proche' LIMIT 1")[0][0]);
  assert.ok(!team.includes(proche));
  assert.ok(r.json.items.find((m) => m.id === c.dac48.user.id).org.includes('DAC'), 'with its org');

  // A direct message: to a co-member yes; to someone outside, the same
  // answer as to an id that is no account; nothing written.
  const n0 = Number(sql(srv.db, 'SELECT COUNT(*) FROM message')[0][0]);
  const refused = await c.dac48.post('/api/v1/me/messages', { to_user_id: c.secretariat.user.id, body: 'x' });
  assertError(refused, 422, 'message.to.unknown', 'to_user_id');
  const missing = await c.dac48.post('/api/v1/me/messages', { to_user_id: 99999999, body: 'x' });
  assertError(missing, 422, 'message.to.unknown', 'to_user_id');
  assert.equal(refused.json.error.message, missing.json.error.message);
  assert.equal(Number(sql(srv.db, 'SELECT COUNT(*) FROM message')[0][0]), n0);
  r = await c.dac48.post('/api/v1/me/messages', { to_user_id: c.aide.user.id, body: 'Bonjour, point mardi ?' });
  assert.equal(r.status, 201, r.text);

  // Mentions: an account outside her circles answers as an unknown login.
  const pid = ids.ROUSSET;
  const out = await post(c.dac48, pid, 'Pour info @secretariat');
  const none = await post(c.dac48, pid, 'Pour info @personne-inconnue');
  assertError(out, 422, 'message.mention.unknown', 'body');
  assertError(none, 422, 'message.mention.unknown', 'body');
  assert.equal(out.json.error.message.replace('secretariat', 'X'),
    none.json.error.message.replace('personne-inconnue', 'X'));
  r = await c.dac48.get(`/api/v1/persons/${pid}/messages/members`);
  assert.equal(r.status, 200, r.text);
  for (const m of r.json.items) assert.ok(shared.has(m.id), `${m.login}: one of her circles`);
  assert.ok(!r.json.items.some((m) => m.login === 'coordination'), 'the coordinator reads it, but is not hers to see');
  r = await post(c.dac48, pid, 'Vu avec @aide.');
  assert.equal(r.status, 201, r.text);
});
