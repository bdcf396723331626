// The liaison notebook (issue 12): note visibility per profession ×
// category × circle × objection (a table of cases, each with its trace
// row), append-only corrections, read receipts, « non lues », the
// acknowledgement of a vigilance note by the next professional who
// visits, and bad input (stable code, nothing written). Runs on SQLite
// and PostgreSQL (MAILLAGE_TEST_PG).
// SPEC: issue 12; PRODUCT §1 access trace, §4 carnet de liaison.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { accesses, assertError, parisIn as paris, personIds, sql, stopServer } from './lib/util.mjs';

const ACCOUNTS = ['coordination', 'direction', 'medecin', 'ide', 'aide', 'ergo', 'psy', 'secretariat',
  'dac48', 'admin', 'proche'];
const ALL = ['soins', 'traitement', 'social', 'vie_quotidienne', 'psy', 'medical'];
const CARE = ['soins', 'traitement', 'social', 'vie_quotidienne'];
let srv, ids, dacOrg;
const c = {};
const written = {};	// person name → { category → note id }

const noteCount = () => Number(sql(srv.db, 'SELECT COUNT(*) FROM note')[0][0]);

before(async () => {
  srv = await startServer();
  for (const a of ACCOUNTS) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
  dacOrg = (await c.coordination.get('/api/v1/orgs')).json.items
    .find((o) => o.name === 'DAC de la Lozère (DAC 48)');
  // The circle and the consent the table needs (as in real life, by the
  // coordination): the psychologist follows TEISSIER, PRADAL objects to
  // sharing her care data with the partners.
  let r = await c.coordination.post(`/api/v1/persons/${ids.TEISSIER}/circle`,
    { user_id: c.psy.user.id, role: 'Psychologue' });
  assert.equal(r.status, 201, r.text);
  r = await c.coordination.post(`/api/v1/persons/${ids.PRADAL}/objections`, { category: 'soins',
    note: 'Ne souhaite pas partager les soins avec les partenaires.' });
  assert.equal(r.status, 201, r.text);
  // The doctor writes one note per category (she may write them all).
  const plan = { ROUSSET: ALL, TEISSIER: ['psy', 'medical', 'soins'], PRADAL: ['soins', 'social'],
    CROZE: ['soins'] };
  for (const [name, cats] of Object.entries(plan)) {
    written[name] = {};
    for (const category of cats) {
      r = await c.medecin.post(`/api/v1/persons/${ids[name]}/notes`,
        { category, body: `Note ${category} sur ${name}.` });
      assert.equal(r.status, 201, r.text);
      written[name][category] = r.json.id;
    }
  }
});
after(async () => { await stopServer(srv); });

// account, person, the categories listed — or the refusal [status, code].
const CASES = [
  ['coordination', 'ROUSSET', ALL],
  ['medecin', 'ROUSSET', ALL],
  ['direction', 'ROUSSET', CARE],			// no medical or psy read
  ['ide', 'ROUSSET', [...CARE, 'medical']],		// nurse: medical, not psy
  ['aide', 'ROUSSET', CARE],				// home aide: not medical
  ['ergo', 'ROUSSET', CARE],
  ['dac48', 'ROUSSET', CARE],				// partner in the circle
  ['psy', 'ROUSSET', [404, 'person.not_found']],	// not in her circle
  ['aide', 'CROZE', [404, 'person.not_found']],	// not in her circle
  ['ide', 'CROZE', [404, 'person.not_found']],
  ['coordination', 'CROZE', ['soins']],
  ['psy', 'TEISSIER', ['psy', 'soins']],		// added to her circle
  ['ide', 'TEISSIER', ['medical', 'soins']],
  ['coordination', 'PRADAL', ['soins', 'social']],
  ['dac48', 'PRADAL', ['social']],			// objection: no soins to partners
  ['secretariat', 'ROUSSET', [403, 'role.forbidden']],	// identity only
  ['admin', 'ROUSSET', [403, 'role.forbidden']],
  ['proche', 'ROUSSET', [403, 'role.forbidden']],	// the proche gets nothing
];

// The newest trace row of `login` on person `pid` for `action`.
async function lastTrace(pid, loginName, action) {
  const rows = (await accesses(c.coordination, pid)).filter((x) => x.login === loginName
    && x.action === action);
  return rows[0];
}

test('visibility per profession × category × circle × objection, each traced', async () => {
  for (const [acct, name, want] of CASES) {
    const what = `${acct} ${name}`;
    const pid = ids[name];
    const r = await c[acct].get(`/api/v1/persons/${pid}/notes`);
    if (typeof want[0] === 'number') {
      assertError(r, want[0], want[1]);
      if (want[0] === 404) {
        const tr = await lastTrace(pid, acct, 'note.list');
        assert.ok(tr, `${what}: the refusal is traced`);
        assert.deepEqual([tr.grant, tr.outcome], ['denied', 'denied'], what);
      }
      // Nor one by one: every note of the person is a 404 or a 403.
      for (const id of Object.values(written[name])) {
        const one = await c[acct].get(`/api/v1/notes/${id}`);
        assert.ok(one.status === 404 || one.status === 403, `${what}: note ${id} ${one.status}`);
      }
      continue;
    }
    assert.equal(r.status, 200, `${what}: ${r.text}`);
    const seen = r.json.items.filter((n) => Object.values(written[name]).includes(n.id))
      .map((n) => n.category).sort();
    assert.deepEqual(seen, [...want].sort(), what);
    // No count leak: the total counts readable notes only.
    assert.equal(r.json.total, r.json.items.length, what);
    const tr = await lastTrace(pid, acct, 'note.list');
    assert.ok(tr, `${what}: traced`);
    assert.equal(tr.grant, 'normal', what);
    assert.equal(tr.outcome, 'ok', what);
    for (const cat of want) {
      const dataCat = { medical: 'medical', psy: 'psy', social: 'social' }[cat] || 'soins';
      assert.ok(tr.categories.split(',').includes(dataCat), `${what}: ${tr.categories} has ${dataCat}`);
    }
    // Each note: readable ones read (traced note.read), the others 404
    // exactly as a missing note (traced as a denial).
    for (const [cat, id] of Object.entries(written[name])) {
      const one = await c[acct].get(`/api/v1/notes/${id}`);
      if (want.includes(cat)) {
        assert.equal(one.status, 200, `${what} ${cat}: ${one.text}`);
        assert.equal(one.json.category, cat);
      } else {
        assertError(one, 404, 'note.not_found');
        const d = await lastTrace(pid, acct, 'note.read');
        assert.deepEqual([d.grant, d.outcome], ['denied', 'denied'], `${what} ${cat}`);
      }
    }
  }
  assertError(await c.aide.get('/api/v1/notes/999999'), 404, 'note.not_found');
});

test('the record page asks the notebook in the same request', async () => {
  const r = await c.aide.get(`/api/v1/persons/${ids.ROUSSET}/record?include=notes`);
  assert.equal(r.status, 200, r.text);
  const sep = await c.aide.get(`/api/v1/persons/${ids.ROUSSET}/notes`);
  assert.deepEqual(r.json.notes, sep.json);
  const s = await c.secretariat.get(`/api/v1/persons/${ids.ROUSSET}/record?include=notes`);
  assert.equal(s.json.notes, undefined);
  assert.deepEqual(s.json.refused.map((x) => [x.part, x.status, x.code]), [['notes', 403, 'role.forbidden']]);
});

test('filters and paging: category, vigilance, unread, limit/offset', async () => {
  const pid = ids.ROUSSET;
  let r = await c.coordination.get(`/api/v1/persons/${pid}/notes?category=medical`);
  assert.ok(r.json.items.length >= 1 && r.json.items.every((n) => n.category === 'medical'));
  r = await c.aide.get(`/api/v1/persons/${pid}/notes?category=medical`);
  assert.deepEqual([r.json.items.length, r.json.total], [0, 0], 'the aide sees no medical note, nor its count');
  const all = (await c.coordination.get(`/api/v1/persons/${pid}/notes`)).json;
  const p1 = (await c.coordination.get(`/api/v1/persons/${pid}/notes?limit=2`)).json;
  const p2 = (await c.coordination.get(`/api/v1/persons/${pid}/notes?limit=2&offset=2`)).json;
  assert.deepEqual([...p1.items, ...p2.items].map((n) => n.id), all.items.slice(0, 4).map((n) => n.id));
  assert.equal(p1.total, all.total);
  r = await c.coordination.get(`/api/v1/persons/${pid}/notes?vigilance=1`);
  assert.ok(r.json.items.every((n) => n.vigilance));
});

test('append-only: a correction is a new note, the old one marked corrected', async () => {
  const pid = ids.ROUSSET;
  let r = await c.aide.post(`/api/v1/persons/${pid}/notes`, { category: 'soins', kind: 'dar',
    target: 'Douleur', data: 'Se plaint du genou droit', actions: 'Coussin, prévenu l\'IDE',
    results: 'Soulagée' });
  assert.equal(r.status, 201, r.text);
  const a = r.json;
  assert.deepEqual([a.kind, a.target, a.data, a.actions, a.results, a.body],
    ['dar', 'Douleur', 'Se plaint du genou droit', 'Coussin, prévenu l\'IDE', 'Soulagée', null]);
  // Stored apart, in their own columns.
  assert.deepEqual(sql(srv.db, `SELECT target, data, actions, results FROM note WHERE id = ${a.id}`)[0],
    ['Douleur', 'Se plaint du genou droit', 'Coussin, prévenu l\'IDE', 'Soulagée']);
  r = await c.aide.post(`/api/v1/notes/${a.id}/corrections`, { category: 'soins', kind: 'dar',
    target: 'Douleur', data: 'Se plaint du genou gauche', results: 'Soulagée' });
  assert.equal(r.status, 201, r.text);
  const b = r.json;
  assert.equal(b.corrects_id, a.id);
  const list = (await c.ide.get(`/api/v1/persons/${pid}/notes`)).json.items;
  const oldOne = list.find((n) => n.id === a.id);
  const newOne = list.find((n) => n.id === b.id);
  assert.ok(oldOne && newOne, 'both shown');
  assert.deepEqual([oldOne.corrected_by_id, oldOne.corrected_by_name, typeof oldOne.corrected_at],
    [b.id, 'Nadia Pagès', 'string']);
  assert.equal(oldOne.data, 'Se plaint du genou droit', 'the old text is unchanged');
  assert.equal(newOne.corrected_by_id, null);
  // Corrected once: the next correction corrects the correction.
  const n0 = noteCount();
  assertError(await c.aide.post(`/api/v1/notes/${a.id}/corrections`, { category: 'soins', body: 'x' }),
    409, 'note.corrected');
  assert.equal(noteCount(), n0);
  r = await c.aide.post(`/api/v1/notes/${b.id}/corrections`, { category: 'soins', body: 'Genou gauche.' });
  assert.equal(r.status, 201, r.text);
  // A note one may read but not write in its category: the nurse reads
  // the doctor's medical note, her matrix writes soins only.
  assertError(await c.ide.post(`/api/v1/notes/${written.ROUSSET.medical}/corrections`,
    { category: 'medical', body: 'x' }), 403, 'access.denied');
  // The aide cannot even see it: as missing.
  assertError(await c.aide.post(`/api/v1/notes/${written.ROUSSET.medical}/corrections`,
    { category: 'soins', body: 'x' }), 404, 'note.not_found');
  assert.equal(noteCount(), n0 + 1);
  // Issue 12 review (F6): its writer does not take her own vigilance
  // note into account (409 note.own, nothing written); another
  // professional does. (F5, who corrects what: 64-alert-rules.)
  r = await c.aide.post(`/api/v1/persons/${pid}/notes`, { category: 'soins',
    body: 'Chute sans gravité dans la salle de bain.', vigilance: true });
  assert.equal(r.status, 201, r.text);
  const fall = r.json.id;
  assertError(await c.aide.post(`/api/v1/notes/${fall}/ack`, {}), 409, 'note.own');
  assert.equal(Number(sql(srv.db, `SELECT COUNT(*) FROM note_ack WHERE note_id = ${fall}`)[0][0]), 0);
  r = await c.ide.post(`/api/v1/notes/${fall}/ack`, {});
  assert.equal(r.status, 200, r.text);
  // Nothing ever rewrites a note: no UPDATE statement exists for it.
  const trace = await lastTrace(pid, 'aide', 'note.write');
  assert.deepEqual([trace.grant, trace.categories], ['normal', 'soins']);
});

test('read receipts: idempotent, « non lues » for me, who has read a note', async () => {
  const pid = ids.ROUSSET;
  const before = (await c.ide.get('/api/v1/me/notes/unread')).json;
  assert.ok(before.count >= 1, JSON.stringify(before));
  assert.equal(before.count, before.items.length);
  // Only what she may read: the aide's « non lues » has no medical note.
  const aideUnread = (await c.aide.get('/api/v1/me/notes/unread')).json;
  assert.ok(aideUnread.items.every((n) => n.category !== 'medical' && n.category !== 'psy'));
  assert.ok(aideUnread.items.every((n) => typeof n.birth_name === 'string'));
  const id = written.ROUSSET.soins;
  let r = await c.ide.get(`/api/v1/persons/${pid}/notes?unread=1`);
  assert.ok(r.json.items.some((n) => n.id === id));
  r = await c.ide.post(`/api/v1/notes/${id}/read`, {});
  assert.equal(r.status, 200, r.text);
  const at = r.json.read_at;
  assert.equal(typeof at, 'string');
  r = await c.ide.post(`/api/v1/notes/${id}/read`, {});
  assert.equal(r.json.read_at, at, 'the first reading stays');
  assert.equal(Number(sql(srv.db, `SELECT COUNT(*) FROM note_receipt WHERE note_id = ${id} AND user_id = ${
    c.ide.user.id}`)[0][0]), 1);
  r = await c.ide.get(`/api/v1/persons/${pid}/notes?unread=1`);
  assert.ok(!r.json.items.some((n) => n.id === id));
  const afterRead = (await c.ide.get('/api/v1/me/notes/unread')).json;
  assert.equal(afterRead.count, before.count - 1);
  // The coordination sees who has read it, and who of the circle has not.
  r = await c.coordination.get(`/api/v1/notes/${id}/receipts`);
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.json.readers.map((x) => [x.user.id, x]));
  assert.equal(by[c.ide.user.id].read_at, at);
  assert.equal(by[c.medecin.user.id].read_at !== null, true, 'the writer has read her note');
  assert.equal(by[c.aide.user.id].read_at, null, 'the aide of her circle has not');
  assert.equal(by[c.aide.user.id].in_circle, true);
  assert.equal(r.json.read_count + r.json.unread_count, r.json.readers.length);
  // A circle member whose profession cannot read medical notes is not
  // listed as « has not read » a medical note.
  r = await c.coordination.get(`/api/v1/notes/${written.ROUSSET.medical}/receipts`);
  assert.ok(!r.json.readers.some((x) => x.user.id === c.aide.user.id));
  // Issue 12 review: the access module decides each member, objections
  // included. PRADAL objects to sharing her care data with the partners:
  // the DAC's account (in her circle) is not « has not read » her soins
  // note, but is for her social note, which it may read.
  r = await c.coordination.get(`/api/v1/notes/${written.PRADAL.soins}/receipts`);
  assert.equal(r.status, 200, r.text);
  assert.ok(!r.json.readers.some((x) => x.user.id === c.dac48.user.id), 'objection: not a reader');
  r = await c.coordination.get(`/api/v1/notes/${written.PRADAL.social}/receipts`);
  const dac = r.json.readers.find((x) => x.user.id === c.dac48.user.id);
  assert.ok(dac && dac.read_at === null, 'the DAC may read the social note and has not');
  assert.equal(r.json.unread_count, r.json.readers.filter((x) => x.read_at === null).length);
  // Every member listed as not having read a note may read it: each
  // one's own request for the note answers 200.
  for (const x of r.json.readers.filter((y) => y.read_at === null)) {
    const who = Object.keys(c).find((k) => c[k].user.id === x.user.id);
    if (who) assert.equal((await c[who].get(`/api/v1/notes/${written.PRADAL.social}`)).status, 200, who);
  }
  assertError(await c.aide.get(`/api/v1/notes/${id}/receipts`), 403, 'role.forbidden');
});

// Today's occurrence of a one-off series starting `min` minutes from now.
async function visitToday(userId, min) {
  const start = paris(min);
  let r = await c.coordination.post('/api/v1/visits', { person_id: ids.ROUSSET, starts_local: start,
    duration_min: 30, kind: 'soins', user_id: userId });
  assert.equal(r.status, 201, r.text);
  const sid = r.json.id;
  const day = start.slice(0, 10);
  r = await c.coordination.get(`/api/v1/visits?person_id=${ids.ROUSSET}&from=${day}&to=${day}`);
  const o = r.json.items.find((x) => x.series_id === sid);
  return { sid, key: o.key };
}

test('vigilance: shown first to the next visitor, acknowledged, the coordinator sees who', async () => {
  const pid = ids.ROUSSET;
  // The aide's visit this morning, then her vigilance note on it.
  const mine = await visitToday(c.aide.user.id, -40);
  let r = await c.aide.post(`/api/v1/persons/${pid}/notes`, { category: 'vie_quotidienne',
    body: 'Chute sans gravité dans la salle de bain, à surveiller.', vigilance: true,
    series_id: mine.sid, occ_key: mine.key });
  assert.equal(r.status, 201, r.text);
  const note = r.json;
  assert.deepEqual([note.vigilance, note.series_id, note.occ_key], [true, mine.sid, mine.key]);
  // The nurse's visit: starting it, the unacknowledged vigilance notes.
  const next = await visitToday(c.ide.user.id, -5);
  r = await c.ide.get(`/api/v1/persons/${pid}/notes/pending`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.some((n) => n.id === note.id), r.text);
  // A receipt is not an acknowledgement.
  await c.ide.post(`/api/v1/notes/${note.id}/read`, {});
  r = await c.ide.get(`/api/v1/persons/${pid}/notes/pending`);
  assert.ok(r.json.items.some((n) => n.id === note.id));
  // « J'ai pris connaissance », naming the visit she starts.
  r = await c.ide.post(`/api/v1/notes/${note.id}/ack`, { series_id: next.sid, occ_key: next.key });
  assert.equal(r.status, 200, r.text);
  assert.equal(typeof r.json.acked_at, 'string');
  assert.equal(r.json.ack_count, 1);
  const again = await c.ide.post(`/api/v1/notes/${note.id}/ack`, {});
  assert.equal(again.json.acked_at, r.json.acked_at, 'idempotent');
  assert.deepEqual(sql(srv.db, `SELECT series_id, occ_key FROM note_ack WHERE note_id = ${note.id}`),
    [[String(next.sid), next.key]]);
  r = await c.ide.get(`/api/v1/persons/${pid}/notes/pending`);
  assert.ok(!r.json.items.some((n) => n.id === note.id));
  r = await c.coordination.get(`/api/v1/notes/${note.id}/receipts`);
  const ide = r.json.readers.find((x) => x.user.id === c.ide.user.id);
  assert.equal(ide.acked_at !== null, true);
  assert.ok(r.json.readers.some((x) => x.read_at === null), 'someone of the circle has not read it');
  // Only a vigilance note is acknowledged; a visit of another person is refused.
  assertError(await c.ide.post(`/api/v1/notes/${written.ROUSSET.soins}/ack`, {}), 409,
    'note.not_vigilance');
  r = await c.aide.post(`/api/v1/persons/${pid}/notes`, { category: 'soins', body: 'À surveiller.',
    vigilance: true });
  const n0 = Number(sql(srv.db, 'SELECT COUNT(*) FROM note_ack')[0][0]);
  const crozeVisit = (await c.coordination.post('/api/v1/visits', { person_id: ids.CROZE,
    starts_local: paris(-5), duration_min: 30, kind: 'soins', user_id: c.coordination.user.id })).json.id;
  assertError(await c.ide.post(`/api/v1/notes/${r.json.id}/ack`, { series_id: crozeVisit, occ_key: next.key }),
    422, 'note.visit.invalid');
  assert.equal(Number(sql(srv.db, 'SELECT COUNT(*) FROM note_ack')[0][0]), n0);
});

test('bad input: 422 (400 for malformed JSON) with a stable code, nothing written', async () => {
  const pid = ids.ROUSSET;
  const n0 = noteCount();
  const CASES_BAD = [
    // Issue 12 review (F19): a needed text missing, empty or blank is
    // one code, `required`.
    [{ category: 'soins' }, 422, 'note.body.required'],
    [{ category: 'soins', body: '' }, 422, 'note.body.required'],
    [{ category: 'soins', body: '   ' }, 422, 'note.body.required'],
    [{ category: 'soins', body: null }, 422, 'note.body.required'],
    [{ category: 'soins', body: 'x'.repeat(4001) }, 422, 'note.body.too_long'],
    [{ category: 'soins', kind: 'dar', target: 'Douleur' }, 422, 'note.data.required'],
    [{ category: 'soins', kind: 'dar', target: 'Douleur', data: ' ' }, 422, 'note.data.required'],
    [{ category: 'soins', kind: 'dar', data: 'x' }, 422, 'note.target.required'],
    [{ category: 'soins', kind: 'dar', target: '  ', data: 'x' }, 422, 'note.target.required'],
    [{ category: 'soins', kind: 'dar', target: 'Douleur', data: 'x', body: 'y' }, 422, 'note.body.invalid'],
    [{ category: 'soins', body: 'x', target: 'Douleur' }, 422, 'note.kind.invalid'],
    [{ category: 'soins', body: 'x', series_id: 999999, occ_key: '2026-01-01T08:00:00Z' }, 422,
      'note.visit.invalid'],
    [{ category: 'soins', body: 'x', occ_key: '2026-01-01T08:00:00Z' }, 422, 'note.visit.invalid'],
    // Issue 12 review (F18): the refused category is said.
    [{ category: 'medical', body: 'x' }, 403, 'note.category.forbidden'],
    [{ category: 'chirurgie', body: 'x' }, 422, 'note.category.invalid'],
    [{ body: 'x' }, 422, 'note.category.required'],
    [{ category: 'soins', body: 'x', vigilance: 'oui' }, 400, 'note.vigilance.type'],
    [{ category: 'soins', body: 'x', extra: 1 }, 400, 'note.unknown_field'],
    ['{"category": "soins", "body": ', 400, 'json.malformed'],
  ];
  for (const [body, status, code] of CASES_BAD) {
    assertError(await c.aide.post(`/api/v1/persons/${pid}/notes`, body), status, code);
  }
  assertError(await c.aide.get(`/api/v1/persons/${pid}/notes?category=bogus`), 422, 'note.category.invalid');
  assertError(await c.aide.get(`/api/v1/persons/${pid}/notes?unread=2`), 422, 'query.unread.invalid');
  assertError(await c.aide.get(`/api/v1/persons/${pid}/notes?limit=0`), 422, 'paging.limit.invalid');
  assertError(await c.aide.get(`/api/v1/persons/${pid}/notes?category=soins&category=psy`), 422,
    'query.repeated', 'category');
  assertError(await c.direction.post(`/api/v1/persons/${pid}/notes`, { category: 'soins', body: 'x' }), 403,
    'role.forbidden');
  assert.equal(noteCount(), n0);
});

// Issue 12 review (F18): the note form offers only the categories the
// user may write for this person — the access decision's, exposed by the
// route and with the person's note list — and a category refused anyway
// is said in French, naming it.
test('the categories one may read and write come from the decision; a refused one is said', async () => {
  const LABEL = { soins: 'Soins', traitement: 'Traitement', social: 'Social',
    vie_quotidienne: 'Vie quotidienne', psy: 'Psy', medical: 'Médical' };
  for (const [acct, name] of [['aide', 'ROUSSET'], ['medecin', 'ROUSSET'], ['ide', 'TEISSIER'],
    ['dac48', 'PRADAL']]) {
    const what = `${acct} ${name}`;
    const pid = ids[name];
    const r = await c[acct].get(`/api/v1/persons/${pid}/notes/categories`);
    assert.equal(r.status, 200, `${what}: ${r.text}`);
    const { may_read: rd, may_write: wr } = r.json;
    // The list says the same.
    const list = (await c[acct].get(`/api/v1/persons/${pid}/notes?limit=1`)).json;
    assert.deepEqual([list.may_read, list.may_write], [rd, wr], what);
    const tr = await lastTrace(pid, acct, 'note.categories');
    assert.ok(tr && tr.outcome === 'ok', `${what}: traced`);
    for (const category of ALL) {
      const w = await c[acct].post(`/api/v1/persons/${pid}/notes`, { category, body: `F18 ${category}` });
      if (wr.includes(category)) {
        assert.equal(w.status, 201, `${what} ${category}: ${w.text}`);
      } else {
        assertError(w, 403, 'note.category.forbidden', 'category');
        assert.ok(w.json.error.message.includes(`« ${LABEL[category]} »`), w.json.error.message);
      }
    }
  }
  const cats = async (acct, name) => (await c[acct].get(`/api/v1/persons/${ids[name]}/notes/categories`)).json;
  // The aide neither reads nor writes medical or psy notes; the doctor
  // writes them all; the partner does not read the care notes PRADAL
  // objected to.
  const aide = await cats('aide', 'ROUSSET');
  assert.ok(aide.may_write.includes('soins') && !aide.may_write.includes('medical')
    && !aide.may_write.includes('psy'), JSON.stringify(aide));
  assert.ok(!aide.may_read.includes('medical'), JSON.stringify(aide));
  assert.deepEqual((await cats('medecin', 'ROUSSET')).may_write, ALL);
  assert.ok(!(await cats('dac48', 'PRADAL')).may_read.includes('soins'));
  // A person one may not see: as every note route.
  assertError(await c.aide.get(`/api/v1/persons/${ids.CROZE}/notes/categories`), 404, 'person.not_found');
  assertError(await c.secretariat.get(`/api/v1/persons/${ids.ROUSSET}/notes/categories`), 403,
    'role.forbidden');
});
