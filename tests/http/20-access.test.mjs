// The access decision seen from HTTP (PRODUCT §1): role × profession
// matrix × care circle × consent objections × break-the-glass, as a data
// table of expected answers, each attempt checked for its trace row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, assertPerson, personIds, accesses, ACCESS_ROW_KEYS, keys, sql } from './lib/util.mjs';

const ACCOUNTS = ['admin', 'direction', 'coordination', 'medecin', 'ide', 'aide', 'ergo', 'psy',
  'secretariat', 'dac48'];
const ROLE = { admin: 'admin', direction: 'direction', coordination: 'coordinateur',
  medecin: 'medecin', ide: 'soignant', aide: 'soignant', ergo: 'intervenant',
  psy: 'intervenant', secretariat: 'secretariat', dac48: 'partenaire' };
const CATS = ['admin', 'social', 'soins', 'medical', 'psy'];
// The one message for a missing person and a person one may not see.
const HIDDEN = 'Cette personne est introuvable, ou vous n\'avez pas accès à son dossier.';
const NAMES = ['BOUDON', 'CHAZAL', 'CROZE', 'MALAVAL', 'PRADAL', 'ROUSSET', 'TEISSIER', 'VALENTIN'];

// Situation of the table's people once before() has run (demo + setup):
//   ROUSSET   DAC org and ergo in the circle, no objection
//   TEISSIER  DAC org and psy (added) in the circle
//   BOUDON    ergo and DAC org (added) in the circle, objection against the DAC org
//   VALENTIN  DAC org in the circle, objection on category `medical`
//   PRADAL    DAC org in the circle, objection on category `soins` (added)
//   CROZE     nobody in the circle
const TABLE_PEOPLE = ['ROUSSET', 'TEISSIER', 'BOUDON', 'VALENTIN', 'PRADAL', 'CROZE'];

// Expected decisions, written out from access.c's rules (role ceiling ∩
// default matrix; intervenant and partenaire need the circle; partenaire is
// bound by objections; soignant (ide, aide) also needs the circle: the
// nurse follows ROUSSET..PRADAL, the aide ROUSSET..VALENTIN in the demo).
// read: categories granted on GET ('hidden' = refused: no identity, so
// the same 404 person.not_found as for a missing person, issue 8 point 7);
// write: categories a PATCH {"data":{cat}} may change (all others: 403, or
// 404 when hidden). The technical admin is refused by the access decision
// itself (hidden, traced).
const TABLE = `
login         person    read                             write
direction     ROUSSET   admin,social,soins               -
direction     TEISSIER  admin,social,soins               -
direction     BOUDON    admin,social,soins               -
direction     VALENTIN  admin,social,soins               -
direction     PRADAL    admin,social,soins               -
direction     CROZE     admin,social,soins               -
coordination  ROUSSET   admin,social,soins,medical,psy   admin,social,soins
coordination  TEISSIER  admin,social,soins,medical,psy   admin,social,soins
coordination  BOUDON    admin,social,soins,medical,psy   admin,social,soins
coordination  VALENTIN  admin,social,soins,medical,psy   admin,social,soins
coordination  PRADAL    admin,social,soins,medical,psy   admin,social,soins
coordination  CROZE     admin,social,soins,medical,psy   admin,social,soins
medecin       ROUSSET   admin,social,soins,medical,psy   admin,social,soins,medical,psy
medecin       TEISSIER  admin,social,soins,medical,psy   admin,social,soins,medical,psy
medecin       BOUDON    admin,social,soins,medical,psy   admin,social,soins,medical,psy
medecin       VALENTIN  admin,social,soins,medical,psy   admin,social,soins,medical,psy
medecin       PRADAL    admin,social,soins,medical,psy   admin,social,soins,medical,psy
medecin       CROZE     admin,social,soins,medical,psy   admin,social,soins,medical,psy
ide           ROUSSET   admin,social,soins,medical       soins
ide           TEISSIER  admin,social,soins,medical       soins
ide           BOUDON    admin,social,soins,medical       soins
ide           VALENTIN  admin,social,soins,medical       soins
ide           PRADAL    admin,social,soins,medical       soins
ide           CROZE     hidden                           -
aide          ROUSSET   admin,social,soins               soins
aide          TEISSIER  admin,social,soins               soins
aide          BOUDON    admin,social,soins               soins
aide          VALENTIN  admin,social,soins               soins
aide          PRADAL    hidden                           -
aide          CROZE     hidden                           -
ergo          ROUSSET   admin,social,soins               soins
ergo          TEISSIER  hidden                           -
ergo          BOUDON    admin,social,soins               soins
ergo          VALENTIN  hidden                           -
ergo          PRADAL    hidden                           -
ergo          CROZE     hidden                           -
psy           ROUSSET   hidden                           -
psy           TEISSIER  admin,social,soins,psy           psy
psy           BOUDON    hidden                           -
psy           VALENTIN  hidden                           -
psy           PRADAL    hidden                           -
psy           CROZE     hidden                           -
secretariat   ROUSSET   admin                            admin
secretariat   TEISSIER  admin                            admin
secretariat   BOUDON    admin                            admin
secretariat   VALENTIN  admin                            admin
secretariat   PRADAL    admin                            admin
secretariat   CROZE     admin                            admin
dac48         ROUSSET   admin,social,soins               -
dac48         TEISSIER  admin,social,soins               -
dac48         BOUDON    hidden                           -
dac48         VALENTIN  admin,social,soins               -
dac48         PRADAL    admin,social                     -
dac48         CROZE     hidden                           -
admin         ROUSSET   hidden                           -
admin         TEISSIER  hidden                           -
admin         BOUDON    hidden                           -
admin         VALENTIN  hidden                           -
admin         PRADAL    hidden                           -
admin         CROZE     hidden                           -
`.trim().split('\n').slice(1).map((l) => {
  const [account, person, read, write] = l.trim().split(/\s+/);
  const list = (s) => (s === '-' ? [] : s.split(','));
  return { account, person, read: ['hidden', 'role'].includes(read) ? read : list(read),
    write: list(write) };
});

// Who each role's list shows (GET /api/v1/persons), once setup has run.
const LISTS = {
  direction: NAMES, coordination: NAMES, medecin: NAMES, secretariat: NAMES,
  ide: ['BOUDON', 'CHAZAL', 'PRADAL', 'ROUSSET', 'TEISSIER', 'VALENTIN'],
  aide: ['BOUDON', 'ROUSSET', 'TEISSIER', 'VALENTIN'],
  ergo: ['BOUDON', 'CHAZAL', 'MALAVAL', 'ROUSSET'],
  psy: ['TEISSIER'],
  dac48: ['MALAVAL', 'PRADAL', 'ROUSSET', 'TEISSIER', 'VALENTIN'],
};

// Issue 11: the generated cohort (demo_cohort.c, 43 people) after the
// eight hand-written ones: how many of them each role lists. The nurse and
// the aide follow a third of the file each (and the three exits by the
// same rule), the ergotherapist and the psychologist those whose plan
// has their action, the DAC the four it referred (convention, article 5).
const COHORT = { direction: 43, coordination: 43, medecin: 43, secretariat: 43, ide: 11, aide: 11,
  ergo: 12, psy: 9, dac48: 4 };

let srv;
const c = {};	// clients by login
let ids;	// person ids by birth name
let dacOrg;
const demo = {};	// circle/objections as seen before setup

before(async () => {
  srv = await startServer();
  for (const a of ACCOUNTS) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
  const orgs = await c.coordination.get('/api/v1/orgs');
  dacOrg = orgs.json.items.find((o) => o.name === 'DAC de la Lozère (DAC 48)');
  for (const n of NAMES) demo[n] = (await c.coordination.get(`/api/v1/persons/${ids[n]}`)).json;
  // Setup for the table (by the coordinator, as in real life).
  const add = async (path, body) => {
    const r = await c.coordination.post(path, body);
    assert.equal(r.status, 201, r.text);
  };
  await add(`/api/v1/persons/${ids.BOUDON}/circle`, { org_id: dacOrg.id, role: 'Coordination de parcours' });
  await add(`/api/v1/persons/${ids.TEISSIER}/circle`, { user_id: c.psy.user.id, role: 'Psychologue' });
  await add(`/api/v1/persons/${ids.PRADAL}/objections`, { category: 'soins',
    note: 'Ne souhaite pas partager les soins avec les partenaires.' });
});
after(async () => { await srv?.stop(); });

test('demo facts hold (verified through the API, not assumed)', () => {
  assert.deepEqual(Object.keys(ids).filter((n) => NAMES.includes(n)).sort(), NAMES);
  assert.equal(Object.keys(ids).length, NAMES.length + COHORT.coordination);
  assert.ok(dacOrg && dacOrg.type === 'dac' && dacOrg.is_self === false);
  const inCircle = (n, pred) => demo[n].circle.some(pred);
  const dac = (m) => m.org_id === dacOrg.id;
  const ergo = (m) => m.user_id === c.ergo.user.id;
  // MALAVAL: the demo's referral oriented to the DAC put it in her circle.
  assert.deepEqual(NAMES.filter((n) => inCircle(n, dac)), ['MALAVAL', 'PRADAL', 'ROUSSET', 'TEISSIER', 'VALENTIN']);
  assert.deepEqual(NAMES.filter((n) => inCircle(n, ergo)), ['BOUDON', 'CHAZAL', 'MALAVAL', 'ROUSSET']);
  const live = (n) => demo[n].objections.filter((o) => o.withdrawn_at === null);
  assert.deepEqual(NAMES.filter((n) => live(n).length > 0), ['BOUDON', 'VALENTIN']);
  assert.equal(live('BOUDON')[0].org_id, dacOrg.id);
  assert.equal(live('BOUDON')[0].category, null);
  assert.equal(live('VALENTIN')[0].category, 'medical');
  assert.equal(live('VALENTIN')[0].org_id, null);
  assert.equal(c.dac48.user.org.id, dacOrg.id);
  assert.equal(c.dac48.user.role, 'partenaire');
  assert.equal(c.ergo.user.profession, 'ergotherapeute');
  for (const a of ACCOUNTS) assert.equal(c[a].user.role, ROLE[a]);
});

test('access matrix: every role × person × category, read and write, each attempt traced', async () => {
  const results = [];	// {row, kind, cat, res}
  const byAccount = {};
  for (const row of TABLE) (byAccount[row.account] ||= []).push(row);
  await Promise.all(Object.entries(byAccount).map(async ([account, rows]) => {
    for (const row of rows) {
      const pid = ids[row.person];
      const g = await c[account].get(`/api/v1/persons/${pid}`);
      results.push({ row, kind: 'read', res: g });
      for (const cat of CATS) {
        const text = `note ${cat} par ${account}`;
        const p = await c[account].patch(`/api/v1/persons/${pid}`, { data: { [cat]: text } });
        results.push({ row, kind: 'write', cat, text, res: p });
      }
    }
  }));

  // Answers.
  for (const { row, kind, cat, text, res } of results) {
    const what = `${row.account} ${kind} ${row.person}${cat ? ' ' + cat : ''}`;
    if (row.read === 'role') {
      assertError(res, 403, 'role.forbidden');
      continue;
    }
    if (row.read === 'hidden') {
      // SPEC: issue 8 point 7 — exactly the answer for a missing person.
      const e = assertError(res, 404, 'person.not_found');
      assert.equal(e.message, HIDDEN, what);
      assert.ok(!('birth_name' in res.json), what);
      continue;
    }
    if (kind === 'read') {
      assert.equal(res.status, 200, `${what}: ${res.text}`);
      assertPerson(res.json);
      assert.equal(res.json.id, ids[row.person]);
      assert.equal(res.json.access.kind, 'normal', what);
      assert.deepEqual(res.json.access.read, row.read, what);
      assert.deepEqual(res.json.access.write, row.write, what);
      // Categories not granted never leave the server.
      assert.deepEqual(Object.keys(res.json.data).filter((k) => k !== 'admin').sort(),
        row.read.filter((k) => k !== 'admin').sort(), what);
    } else if (row.write.includes(cat)) {
      assert.equal(res.status, 200, `${what}: ${res.text}`);
      assertPerson(res.json);
      assert.equal(res.json.data[cat], text, what);
      assert.deepEqual(res.json.access.write, row.write, what);
    } else {
      assertError(res, 403, 'access.denied');
    }
  }

  // Trace rows: one per attempt, found by the answer's request id.
  for (const name of TABLE_PEOPLE) {
    const rows = await accesses(c.coordination, ids[name]);
    for (const r of rows) assert.deepEqual(keys(r), ACCESS_ROW_KEYS);
    const seqs = rows.map((r) => r.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
    const byRid = new Map();
    for (const r of rows) (byRid.get(r.request_id) || byRid.set(r.request_id, []).get(r.request_id)).push(r);
    for (const { row, kind, cat, res } of results.filter((x) => x.row.person === name)) {
      const what = `${row.account} ${kind} ${row.person}${cat ? ' ' + cat : ''}`;
      const rid = res.headers.get('x-request-id');
      const t = byRid.get(rid) || [];
      if (row.read === 'role') {
        // Refused by the route's role check, before any access decision.
        assert.equal(t.length, 0, what);
        continue;
      }
      assert.equal(t.length, 1, `${what}: exactly one trace row (${JSON.stringify(t)})`);
      const tr = t[0];
      assert.equal(tr.login, row.account, what);
      assert.equal(tr.role, ROLE[row.account], what);
      assert.equal(tr.user_id, c[row.account].user.id, what);
      assert.equal(typeof tr.name, 'string');
      if (kind === 'read') {
        assert.equal(tr.action, 'person.read', what);
        const ok = row.read !== 'hidden';
        assert.equal(tr.outcome, ok ? 'ok' : 'denied', what);
        assert.equal(tr.grant, ok ? 'normal' : 'denied', what);
        // Exactly the categories disclosed (the identity when refused).
        assert.equal(tr.categories, ok ? row.read.join(',') : 'admin', what);
      } else {
        const ok = row.write.includes(cat);
        assert.equal(tr.action, 'person.update', what);
        assert.equal(tr.categories, cat, what);
        assert.equal(tr.outcome, ok ? 'ok' : 'denied', what);
        assert.equal(tr.grant, ok ? 'normal' : 'denied', what);
      }
    }
  }
});

test('admin: refused on every person route by the access decision, nothing disclosed', async () => {
  const pid = ids.ROUSSET;
  for (const [m, p, b, status, code] of [
    ['GET', '/api/v1/persons', undefined, 403, 'access.denied'],
    ['GET', `/api/v1/persons/${pid}`, undefined, 404, 'person.not_found'],
    ['POST', '/api/v1/persons', { birth_name: 'X', first_names: 'Y', birth_date: '1940-01-01', sex: 'F' },
      403, 'person.create.forbidden'],
    ['PATCH', `/api/v1/persons/${pid}`, { used_name: 'X' }, 404, 'person.not_found'],
    ['POST', `/api/v1/persons/${pid}/circle`, { org_id: dacOrg.id, role: 'x' }, 404, 'person.not_found'],
    ['POST', `/api/v1/persons/${pid}/objections`, { category: 'psy' }, 404, 'person.not_found'],
    ['POST', `/api/v1/persons/${pid}/breakglass`, { reason: 'urgence absolue la nuit' }, 403,
      'breakglass.forbidden'],
    ['GET', `/api/v1/persons/${pid}/accesses`, undefined, 403, 'role.forbidden'],
  ]) {
    const r = await c.admin.raw(m, p, b);
    const e = assertError(r, status, code);
    assert.match(e.message, /accès|rôle|profil/);
    assert.doesNotMatch(r.text, /ROUSSET/);
  }
});

test('admin: a refused attempt on a person leaves a trace row', async () => {
  const r = await c.admin.get(`/api/v1/persons/${ids.ROUSSET}`);
  assert.equal(r.status, 404);
  const rows = await accesses(c.coordination, ids.ROUSSET);
  assert.ok(rows.some((t) => t.request_id === r.headers.get('x-request-id')),
    'the refused attempt should be in the person\'s access history');
});

// SPEC: issue 8 point 7 — no probing of person ids: a person one may not
// see and a missing one answer the same (status, code, message, field),
// the existing one being traced as a denial.
test('enumeration: a hidden person and a missing one get the same answer, the hidden one traced', async () => {
  const strip = (r) => ({ status: r.status, code: r.json.error.code, message: r.json.error.message,
    field: r.json.error.field ?? null });
  for (const [who, name] of [['ergo', 'CROZE'], ['psy', 'ROUSSET'], ['dac48', 'BOUDON'], ['admin', 'CROZE'],
    ['ide', 'CROZE']]) {
    const hidden = await c[who].get(`/api/v1/persons/${ids[name]}`);
    const missing = await c[who].get('/api/v1/persons/987654');
    assert.deepEqual(strip(hidden), strip(missing), `${who} GET ${name}`);
    assert.equal(hidden.status, 404);
    const hp = await c[who].patch(`/api/v1/persons/${ids[name]}`, { data: { soins: 'x' } });
    const mp = await c[who].patch('/api/v1/persons/987654', { data: { soins: 'x' } });
    assert.deepEqual(strip(hp), strip(mp), `${who} PATCH ${name}`);
    const rows = await accesses(c.coordination, ids[name]);
    const t = rows.filter((x) => x.request_id === hidden.headers.get('x-request-id'));
    assert.equal(t.length, 1, `${who}: the denial is traced`);
    assert.equal(t[0].outcome, 'denied');
    assert.equal(t[0].login, who);
    // The missing one is traced too (same cost, probing visible), about no person.
    const m = sql(srv.db, `SELECT person_id, outcome, detail FROM trace WHERE request_id = '${
      missing.headers.get('x-request-id')}'`);
    assert.deepEqual(m, [['', 'denied', 'personne inconnue n° 987654']]);
  }
  // Break-the-glass refused on the role: the same for both, too.
  const reason = 'Appel du SAMU, besoin du dossier de liaison';
  const hb = await c.dac48.post(`/api/v1/persons/${ids.CROZE}/breakglass`, { reason });
  const mb = await c.dac48.post('/api/v1/persons/987654/breakglass', { reason });
  assert.deepEqual(strip(hb), strip(mb));
  assertError(hb, 403, 'breakglass.forbidden');
  // A user who sees the identity still learns what is refused (403): the
  // person's existence is no secret to her.
  const e = assertError(await c.direction.patch(`/api/v1/persons/${ids.CROZE}`, { data: { soins: 'x' } }),
    403, 'access.denied');
  assert.match(e.message, /pas accès/);
});

test('GET /api/v1/persons shows each role only the people it may access, each one traced', async () => {
  const lists = {};
  for (const [account, expected] of Object.entries(LISTS)) {
    const r = await c[account].get('/api/v1/persons?limit=200');
    assert.equal(r.status, 200, `${account}: ${r.text}`);
    assert.deepEqual(keys(r.json), ['items', 'limit', 'offset', 'total']);
    const names = r.json.items.map((p) => p.birth_name);
    assert.deepEqual(names.filter((n) => NAMES.includes(n)).sort(), expected, account);
    assert.equal(r.json.total, expected.length + COHORT[account], account);
    assert.equal(names.length, r.json.total, account);
    assert.equal(r.json.limit, 200);
    assert.equal(r.json.offset, 0);
    lists[account] = r;
  }
  // Every listed identity is an access, traced; the hidden ones are not.
  const rid = lists.dac48.headers.get('x-request-id');
  for (const n of NAMES) {
    const rows = (await accesses(c.coordination, ids[n])).filter((t) => t.request_id === rid);
    if (LISTS.dac48.includes(n)) {
      assert.equal(rows.length, 1, n);
      assert.equal(rows[0].action, 'person.list');
      assert.equal(rows[0].login, 'dac48');
      assert.equal(rows[0].categories, 'admin');
    } else {
      assert.equal(rows.length, 0, n);
    }
  }
  // The same people through a search.
  const s = await c.ergo.get('/api/v1/persons?q=teissier');
  assert.equal(s.json.total, 0, 'ergo cannot find a person outside its circle');
  const d = await c.dac48.get('/api/v1/persons?q=boudon');
  assert.equal(d.json.total, 0, 'the DAC cannot find a person who objected to it');
});

test('unknown person: 404 person.not_found for every role that may read', async () => {
  for (const a of ['coordination', 'ergo', 'dac48']) {
    const e = assertError(await c[a].get('/api/v1/persons/999999'), 404, 'person.not_found');
    assert.equal(e.message, HIDDEN);
    assertError(await c[a].patch('/api/v1/persons/999999', { data: { soins: 'x' } }), 404,
      'person.not_found');
  }
});

test('break-the-glass: ergo outside its circle, 404 then reason then read-only emergency view', async () => {
  const pid = ids.CROZE;
  assertError(await c.ergo.get(`/api/v1/persons/${pid}`), 404, 'person.not_found');
  assertError(await c.ergo.post(`/api/v1/persons/${pid}/breakglass`, { reason: 'urgence' }), 422,
    'breakglass.reason.too_short', 'reason');
  assertError(await c.ergo.post(`/api/v1/persons/${pid}/breakglass`, {}), 422,
    'breakglass.reason.required', 'reason');
  assertError(await c.ergo.get(`/api/v1/persons/${pid}`), 404, 'person.not_found');

  const reason = 'Chute signalée par la téléassistance, intervention de nuit';
  const t0 = Date.now();
  const bg = await c.ergo.post(`/api/v1/persons/${pid}/breakglass`, { reason });
  assert.equal(bg.status, 201, bg.text);
  assert.deepEqual(keys(bg.json), ['access', 'expires_at', 'renewal']);
  assert.equal(bg.json.renewal, 0, 'a first grant is not a renewal');
  // Within the profession's matrix: an occupational therapist never reads medical notes.
  assert.deepEqual(bg.json.access, { kind: 'breakglass', read: ['admin', 'soins'], write: [] });
  const exp = Date.parse(bg.json.expires_at);
  assert.ok(Math.abs(exp - t0 - 4 * 3600e3) < 60e3, `expires in 4 h: ${bg.json.expires_at}`);

  const g = await c.ergo.get(`/api/v1/persons/${pid}`);
  assert.equal(g.status, 200, g.text);
  assertPerson(g.json);
  assert.equal(g.json.access.kind, 'breakglass');
  assert.deepEqual(g.json.access.read, ['admin', 'soins']);
  assert.deepEqual(g.json.access.write, []);
  assert.ok(!('social' in g.json.data), 'the emergency view has no social notes');
  assert.ok(!('medical' in g.json.data), 'nor medical notes beyond the matrix');
  for (const sub of ['documents', 'timeline', 'aggir']) {
    const x = await c.ergo.get(`/api/v1/persons/${pid}/${sub}`);
    assert.ok(x.status === 403 || x.status === 404 || !/"medical"/.test(x.text), `${sub}: ${x.status}`);
  }
  // Emergency access is read-only.
  assertError(await c.ergo.patch(`/api/v1/persons/${pid}`, { data: { soins: 'x' } }), 403, 'access.denied');

  const rows = await accesses(c.coordination, pid);
  const open = rows.find((t) => t.request_id === bg.headers.get('x-request-id'));
  assert.ok(open, 'breakglass traced');
  assert.equal(open.action, 'person.breakglass');
  assert.equal(open.grant, 'breakglass');
  assert.equal(open.outcome, 'ok');
  assert.equal(open.login, 'ergo');
  const read = rows.find((t) => t.request_id === g.headers.get('x-request-id'));
  assert.equal(read.action, 'person.read');
  assert.equal(read.grant, 'breakglass');
  assert.equal(read.categories, 'admin,soins');
  // The grant is personal: another intervenant is still refused.
  assertError(await c.psy.get(`/api/v1/persons/${pid}`), 404, 'person.not_found');
  // And bounded to that person.
  assertError(await c.ergo.get(`/api/v1/persons/${ids.PRADAL}`), 404, 'person.not_found');
});

test('break-the-glass: a blank reason (only spaces) is refused', async () => {
  const r = await c.psy.post(`/api/v1/persons/${ids.VALENTIN}/breakglass`, { reason: ' '.repeat(12) });
  assertError(r, 422, /^breakglass\.reason\./, 'reason');
});

test('break-the-glass: the reason is real text (dots, one repeated letter, digits refused, and traced)', async () => {
  const pid = ids.CROZE;
  for (const reason of ['..........', 'aaaaaaaaaaaaaaaa', '1234567890123456', 'urgence urgence']) {
    const r = await c.psy.post(`/api/v1/persons/${pid}/breakglass`, { reason });
    assertError(r, 422, 'breakglass.reason.not_text', 'reason');
    assertError(await c.psy.get(`/api/v1/persons/${pid}`), 404, 'person.not_found');
  }
  const rows = await accesses(c.coordination, pid);
  assert.ok(rows.some((t) => t.action === 'person.breakglass' && t.login === 'psy' && t.outcome === 'denied'),
    'a refused break-the-glass is traced');
});

test('break-the-glass: the night on-call aide opens the emergency view of someone she does not follow', async () => {
  const pid = ids.CROZE;
  assertError(await c.aide.get(`/api/v1/persons/${pid}`), 404, 'person.not_found');
  const bg = await c.aide.post(`/api/v1/persons/${pid}/breakglass`,
    { reason: 'Malaise au domicile, astreinte de nuit' });
  assert.equal(bg.status, 201, bg.text);
  assert.equal(bg.json.access.kind, 'breakglass');
  assert.deepEqual(bg.json.access.read, ['admin', 'soins'], 'the DLU and care notes, not the medical notes');
  assert.deepEqual(bg.json.access.write, [], 'emergency access is read-only');
  const g = await c.aide.get(`/api/v1/persons/${pid}`);
  assert.equal(g.json.access.kind, 'breakglass');
  assert.ok(!('medical' in g.json.data));
  assert.equal((await c.aide.get(`/api/v1/persons/${pid}/dlu`)).status, 200, 'the DLU is readable');
  // Someone she follows: breaking the glass adds nothing beyond her matrix.
  const own = await c.aide.post(`/api/v1/persons/${ids.ROUSSET}/breakglass`,
    { reason: 'Chute, besoin des traitements en cours' });
  assert.deepEqual(own.json.access.read, ['admin', 'social', 'soins']);
  assert.deepEqual(own.json.access.write, ['soins'], 'normal write rights are kept, never more');
  // A nurse's matrix has medical: her emergency view has it, read-only.
  const ide = await c.ide.post(`/api/v1/persons/${pid}/breakglass`, { reason: 'Malaise au domicile, astreinte de nuit' });
  assert.equal(ide.status, 201, ide.text);
  assert.deepEqual(ide.json.access.read, ['admin', 'soins', 'medical']);
  assert.deepEqual(ide.json.access.write, []);
  const rows = await accesses(c.coordination, pid);
  assert.ok(rows.some((t) => t.action === 'person.breakglass' && t.login === 'aide'
    && t.request_id === bg.headers.get('x-request-id')));
});

test('break-the-glass: direction, secretariat and admin may not (breakglass.forbidden)', async () => {
  const pid = ids.CHAZAL;
  for (const a of ['direction', 'secretariat']) {
    const e = assertError(await c[a].post(`/api/v1/persons/${pid}/breakglass`,
      { reason: 'Je veux voir le dossier médical' }), 403, 'breakglass.forbidden');
    assert.match(e.message, /accès d'urgence/);
    const g = await c[a].get(`/api/v1/persons/${pid}`);
    assert.equal(g.json.access.kind, 'normal');
    assert.ok(!g.json.access.read.includes('medical'), `${a} still without medical`);
  }
  assertError(await c.admin.post(`/api/v1/persons/${pid}/breakglass`,
    { reason: 'Je veux voir le dossier médical' }), 403, 'breakglass.forbidden');
  assertError(await c.ergo.post('/api/v1/persons/999999/breakglass',
    { reason: 'Personne inexistante, test' }), 404, 'person.not_found');
  // The refusals are traced, none as a grant.
  const rows = await accesses(c.coordination, pid);
  assert.ok(!rows.some((t) => t.action === 'person.breakglass' && t.outcome === 'ok'));
  for (const a of ['direction', 'secretariat', 'admin']) {
    assert.ok(rows.some((t) => t.action === 'person.breakglass' && t.login === a && t.outcome === 'denied'), a);
  }
});

test('break-the-glass: a partner gets none (403, traced), and its view stays that of its circle and consent', async () => {
  // BOUDON objected to any sharing with the DAC; VALENTIN to sharing medical data.
  const reason = 'Appel du SAMU, besoin du dossier de liaison';
  for (const p of [ids.BOUDON, ids.VALENTIN, ids.CROZE]) {
    assertError(await c.dac48.post(`/api/v1/persons/${p}/breakglass`, { reason }), 403, 'breakglass.forbidden');
  }
  assertError(await c.dac48.get(`/api/v1/persons/${ids.BOUDON}`), 404, 'person.not_found');
  const v = await c.dac48.get(`/api/v1/persons/${ids.VALENTIN}`);
  assert.equal(v.status, 200);
  assert.equal(v.json.access.kind, 'normal');
  assert.ok(!v.json.access.read.includes('medical'), 'objected category stays closed');
  assert.ok(!('medical' in v.json.data));
  const rows = await accesses(c.coordination, ids.CROZE);
  assert.ok(rows.some((t) => t.action === 'person.breakglass' && t.login === 'dac48' && t.outcome === 'denied'));
});

test('morning report: GET /api/v1/breakglass lists the emergency openings for the coordination', async () => {
  const r = await c.coordination.get('/api/v1/breakglass');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(keys(r.json), ['items', 'renewals']);
  for (const it of r.json.items) {
    assert.deepEqual(keys(it), ['birth_name', 'birth_name_display', 'expires_at', 'first_names',
      'first_names_display', 'id', 'identity_hidden', 'login', 'name',
      'opened_at', 'person_id', 'reason', 'renewal', 'role', 'user_id']);
    // Hidden identity: the display forms are withheld too.
    if (it.identity_hidden) assert.deepEqual([it.birth_name_display, it.first_names_display], [null, null]);
  }
  const ergo = r.json.items.find((it) => it.login === 'ergo' && it.person_id === ids.CROZE);
  assert.ok(ergo, JSON.stringify(r.json.items));
  assert.equal(ergo.birth_name, 'CROZE');
  assert.equal(ergo.role, 'intervenant');
  assert.equal(ergo.reason, 'Chute signalée par la téléassistance, intervention de nuit');
  assert.ok(r.json.items.some((it) => it.login === 'aide' && it.person_id === ids.CROZE));
  // Showing the names is an access to those people: traced.
  // One trace row per name shown, queued by access_list_row alone (the
  // reading function traces nothing itself).
  const rows = await accesses(c.coordination, ids.CROZE);
  const shown = rows.filter((t) => t.action === 'breakglass.report' && t.request_id === r.headers.get('x-request-id'));
  assert.equal(shown.length, r.json.items.filter((it) => it.person_id === ids.CROZE).length, JSON.stringify(shown));
  assert.equal((await c.direction.get('/api/v1/breakglass?since=2000-01-01')).status, 200);
  const later = await c.coordination.get('/api/v1/breakglass?since=2199-01-01');
  assert.deepEqual(later.json.items, []);
  assertError(await c.coordination.get('/api/v1/breakglass?since=hier'), 422, 'breakglass.since.invalid', 'since');
  for (const a of ['medecin', 'aide', 'ergo', 'dac48', 'secretariat', 'admin']) {
    assertError(await c[a].get('/api/v1/breakglass'), 403, 'role.forbidden');
  }
});

test('the secretariat may not widen access: no care-circle or consent change (403, traced)', async () => {
  const pid = ids.ROUSSET;
  const dacOrg = (await c.coordination.get('/api/v1/orgs')).json.items.find((o) => o.type === 'dac');
  const before = await c.coordination.get(`/api/v1/persons/${pid}`);
  assertError(await c.secretariat.post(`/api/v1/persons/${pid}/circle`, { org_id: dacOrg.id, role: 'Suivi DAC' }),
    403, 'access.denied');
  assertError(await c.secretariat.post(`/api/v1/persons/${pid}/objections`, { category: 'psy' }), 403, 'access.denied');
  for (const o of before.json.objections || []) {
    if (o.id) {
      assertError(await c.secretariat.del(`/api/v1/persons/${pid}/objections/${o.id}`), 403, 'access.denied');
    }
  }
  for (const m of before.json.circle || []) {
    if (m.id) assert.equal((await c.secretariat.del(`/api/v1/persons/${pid}/circle/${m.id}`)).status, 403);
  }
  const after = await c.coordination.get(`/api/v1/persons/${pid}`);
  assert.deepEqual(after.json.circle, before.json.circle);
  assert.deepEqual(after.json.objections, before.json.objections);
  const rows = await accesses(c.coordination, pid);
  assert.ok(rows.some((t) => t.action === 'circle.add' && t.login === 'secretariat' && t.outcome === 'denied'));
  // The coordination still can.
  const ok = await c.coordination.post(`/api/v1/persons/${pid}/objections`, { category: 'psy' });
  assert.ok(ok.status === 201 || ok.status === 200, ok.text);
});

test('break-the-glass renewals: counted in the reply, traced, flagged per user × person in the morning report',
  async () => {
    const pid = ids.MALAVAL;
    const reasons = ['Chute signalée par la téléassistance', 'Nouvelle chute dans la soirée, appel du fils',
      'Malaise pendant la nuit, appel du SAMU'];
    const got = [];
    for (const reason of reasons) {
      const r = await c.psy.post(`/api/v1/persons/${pid}/breakglass`, { reason });
      assert.equal(r.status, 201, r.text);
      got.push(r.json.renewal);
    }
    assert.deepEqual(got, [0, 1, 2], 'the third grant in 24 h is renewal 2');
    // Another user on the same person: a first grant of his own.
    const other = await c.ergo.post(`/api/v1/persons/${pid}/breakglass`,
      { reason: 'Appel de la famille, chute au domicile' });
    assert.equal(other.json.renewal, 0);
    // Grants of the past (written directly): one ended 20 h ago counts,
    // one ended 30 h ago does not.
    const [[crt, psyId]] = sql(srv.db, "SELECT crt_id, id FROM app_user WHERE login = 'psy'");
    const iso = (h) => new Date(Date.now() - h * 3600e3).toISOString();
    sql(srv.db, `INSERT INTO breakglass (crt_id, person_id, user_id, reason, opened_at, expires_at) VALUES `
      + `(${crt}, ${ids.PRADAL}, ${psyId}, 'ancien accès de test', '${iso(34)}', '${iso(30)}')`);
    let r = await c.psy.post(`/api/v1/persons/${ids.PRADAL}/breakglass`, { reason: 'Chute signalée par le voisin' });
    assert.equal(r.json.renewal, 0, 'a grant ended more than 24 h ago is not renewed');
    sql(srv.db, `INSERT INTO breakglass (crt_id, person_id, user_id, reason, opened_at, expires_at) VALUES `
      + `(${crt}, ${ids.ROUSSET}, ${psyId}, 'accès de la veille', '${iso(24)}', '${iso(20)}')`);
    r = await c.psy.post(`/api/v1/persons/${ids.ROUSSET}/breakglass`, { reason: 'Deuxième chute, appel du voisin' });
    assert.equal(r.json.renewal, 1, 'a grant ended 20 h ago counts');
    // The renewal is in the person's trace.
    const rows = await accesses(c.coordination, pid);
    const ren = rows.filter((t) => t.action === 'person.breakglass.renewal' && t.login === 'psy');
    assert.equal(ren.length, 2, JSON.stringify(rows.slice(0, 8)));
    // The morning report: each grant's renewal number, and the pairs flagged.
    const rep = await c.coordination.get('/api/v1/breakglass');
    assert.equal(rep.status, 200, rep.text);
    const mine = rep.json.items.filter((it) => it.login === 'psy' && it.person_id === pid);
    assert.deepEqual(mine.map((it) => it.renewal), [2, 1, 0], 'newest first');
    const flag = rep.json.renewals.find((x) => x.login === 'psy' && x.person_id === pid);
    assert.ok(flag, JSON.stringify(rep.json.renewals));
    assert.deepEqual(keys(flag), ['birth_name', 'birth_name_display', 'first_names', 'first_names_display',
      'grants', 'last_opened_at', 'login', 'name', 'person_id', 'renewals', 'role', 'user_id']);
    assert.equal(flag.grants, 3);
    assert.equal(flag.renewals, 2);
    assert.equal(flag.birth_name, 'MALAVAL');
    assert.equal(flag.last_opened_at, mine[0].opened_at);
    const rousset = rep.json.renewals.find((x) => x.login === 'psy' && x.person_id === ids.ROUSSET);
    assert.deepEqual([rousset.grants, rousset.renewals], [2, 1]);
    assert.ok(!rep.json.renewals.some((x) => x.person_id === ids.PRADAL), 'a day apart: not flagged');
    // A single grant is not flagged.
    assert.ok(!rep.json.renewals.some((x) => x.login === 'ergo' && x.person_id === pid));
    assert.ok(rep.json.items.some((it) => it.login === 'ergo' && it.person_id === pid && it.renewal === 0));
    // The direction reads the same report.
    const d = await c.direction.get('/api/v1/breakglass');
    assert.deepEqual(d.json.renewals, rep.json.renewals);
  });

// SPEC: issue 8 point 1 (review 7, 9) — an emergency grant opens the
// emergency views only (identity + care notes, DLU), and its trace names
// the categories actually granted.
test('break-the-glass opens identity, DLU and care notes only: every other read is 403 breakglass.scope, traced',
  async () => {
    // A person hidden from the psychologist, with a document on file.
    let pid = null;
    let doc = null;
    for (const n of NAMES.filter((x) => x !== 'TEISSIER')) {
      const d = await c.coordination.get(`/api/v1/persons/${ids[n]}/documents`);
      if (d.status === 200 && d.json.items && d.json.items.length) {
        pid = ids[n];
        doc = d.json.items[0].id;
        break;
      }
    }
    assert.ok(pid && doc, 'a demo person with a document');
    const reason = 'Appel du SAMU, chute a domicile, besoin des traitements';
    const bg = await c.psy.post(`/api/v1/persons/${pid}/breakglass`, { reason });
    assert.equal(bg.status, 201, bg.text);
    assert.deepEqual(bg.json.access.read, ['admin', 'soins']);
    // The emergency views.
    const p = await c.psy.get(`/api/v1/persons/${pid}`);
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.access.kind, 'breakglass');
    assert.equal((await c.psy.get(`/api/v1/persons/${pid}/dlu`)).status, 200);
    // Nothing else: the signed contract, AGGIR, eligibility, timeline, profile...
    const others = ['documents', `documents/${doc}`, 'aggir', 'eligibility', 'timeline', 'profile', 'supports',
      'caregivers'];
    const refused = [];
    for (const sub of others) {
      const r = await c.psy.get(`/api/v1/persons/${pid}/${sub}`);
      if (r.status === 404 && r.json?.error?.code === 'route.not_found') continue;
      const e = assertError(r, 403, 'breakglass.scope');
      assert.equal(e.message, 'L\'accès d\'urgence ouvre l\'identité, le DLU et les dernières transmissions de '
        + 'soins, pas ce contenu.');
      refused.push(r.headers.get('x-request-id'));
    }
    assert.ok(refused.length >= 6, `refused: ${refused.length}`);
    const rows = await accesses(c.coordination, pid);
    for (const rid of refused) {
      const t = rows.find((x) => x.request_id === rid);
      assert.ok(t, 'the refusal is traced');
      assert.equal(t.outcome, 'denied');
      assert.equal(t.login, 'psy');
    }
    // The trace of the opening names what was granted: admin,soins for the
    // psychologist (not medical), admin,soins,medical for a nurse.
    const open = rows.find((x) => x.request_id === bg.headers.get('x-request-id') && x.action === 'person.breakglass');
    assert.equal(open.categories, 'admin,soins');
    const ide = await c.ide.post(`/api/v1/persons/${ids.CROZE}/breakglass`, { reason });
    assert.equal(ide.status, 201, ide.text);
    const irows = await accesses(c.coordination, ids.CROZE);
    const iopen = irows.find((x) => x.request_id === ide.headers.get('x-request-id')
      && x.action === 'person.breakglass');
    assert.equal(iopen.categories, 'admin,soins,medical');
    // A refused reason names the user's categories too.
    const bad = await c.psy.post(`/api/v1/persons/${pid}/breakglass`, { reason: '……………… —— «» ……—— «« »»' });
    assertError(bad, 422, 'breakglass.reason.not_text', 'reason');
    const brow = (await accesses(c.coordination, pid)).find((x) => x.request_id === bad.headers.get('x-request-id'));
    assert.equal(brow.categories, 'admin,soins');
    assert.equal(brow.outcome, 'denied');
  });

// SPEC: issue 8 point 1 (review 8) — punctuation is not a reason.
test('break-the-glass: a reason made of punctuation only (… — « ») is refused; a French one with accents is not',
  async () => {
    for (const reason of ['…… —— «» ……—— «« »»', '«««««« »»»»»» …… ——', '×÷×÷×÷ ×÷×÷ ×÷×÷×÷ ×÷']) {
      const r = await c.ergo.post(`/api/v1/persons/${ids.VALENTIN}/breakglass`, { reason });
      assertError(r, 422, 'breakglass.reason.not_text', 'reason');
    }
    assertError(await c.ergo.get(`/api/v1/persons/${ids.VALENTIN}`), 404, 'person.not_found');
    const ok = await c.ergo.post(`/api/v1/persons/${ids.VALENTIN}/breakglass`,
      { reason: 'Épisode de fièvre, aidée à domicile' });
    assert.equal(ok.status, 201, ok.text);
  });

// SPEC: issue 8 point 7 (review 19) — a sub-resource of a hidden person
// answers exactly what a missing sub-resource does.
test('enumeration by sub-resource ids: a hidden person\'s support, referral, case answer like a missing one',
  async () => {
    // A viewer from whom the person of a support and of a referral is
    // hidden (404 person.not_found on the record itself).
    const sups = (await c.coordination.get('/api/v1/supports')).json.items;
    const refs = (await c.coordination.get('/api/v1/referrals')).json.items;
    const pidOf = (x) => x.person_id ?? x.person.id;
    const hidden = async (w, x) => (await c[w].get(`/api/v1/persons/${pidOf(x)}`)).status === 404;
    let who = null;
    let sup = null;
    let ref = null;
    for (const w of ['ergo', 'aide', 'ide', 'psy']) {
      sup = null;
      ref = null;
      for (const s of sups) if (!sup && await hidden(w, s)) sup = s;
      for (const r of refs) if (!ref && await hidden(w, r)) ref = r;
      if (sup && ref) {
        who = w;
        break;
      }
    }
    assert.ok(who, 'a support and a referral of a person hidden from a care user');
    const day = new Date().toISOString().slice(0, 10);
    const M = 987654;
    const routes = [
      ['get', (s) => `/api/v1/supports/${s}`, null, sup.id, 404],
      ['get', (s) => `/api/v1/supports/${s}/plan`, null, sup.id, 404],
      ['get', (s) => `/api/v1/supports/${s}/plan/versions`, null, sup.id, 404],
      ['put', (s) => `/api/v1/supports/${s}/plan`, { problems: 'Isolement', project: 'Rester chez soi',
        actions: [{ text: 'Visite hebdomadaire' }] }, sup.id],
      ['post', (s) => `/api/v1/supports/${s}/absences`, { kind: 'hospitalisation', start_on: day,
        place: 'CH de Mende' }, sup.id],
      ['patch', (s) => `/api/v1/supports/${s}/absences/1`, { end_on: day }, sup.id],
      ['get', (r) => `/api/v1/referrals/${r}/evaluations`, null, ref.id, 404],
      ['post', (r) => `/api/v1/referrals/${r}/evaluations`, { kind: 'domicile', done_on: day,
        findings: 'Logement isolé, escalier raide' }, ref.id],
    ];
    const norm = (r) => {
      const j = JSON.parse(r.text);
      if (j.error) delete j.error.request_id;
      return { status: r.status, type: r.headers.get('content-type'), body: JSON.stringify(j) };
    };
    for (const [m, path, body, id, status] of routes) {
      const h = await c[who][m](path(id), body ?? undefined);
      const x = await c[who][m](path(M), body ?? undefined);
      assert.deepEqual(norm(h), norm(x), `${m.toUpperCase()} ${path(':id')}`);
      if (status) assert.equal(h.status, status, `${path(id)}: ${h.text}`);
      assert.notEqual(h.json?.error?.code, 'person.not_found', path(id));
    }
    // A committee case (PATCH: the care team gives its opinion).
    let kase = null;
    for (const cm of (await c.coordination.get('/api/v1/committees')).json.items) {
      const full = (await c.coordination.get(`/api/v1/committees/${cm.id}`)).json;
      for (const k of full.items || []) if (!kase && await hidden(who, k)) kase = k;
    }
    assert.ok(kase, 'a committee case of a hidden person');
    {
      const body = { team_opinion: 'Avis favorable de l\'équipe' };
      const hk = await c[who].patch(`/api/v1/committees/${kase.committee_id}/cases/${kase.id}`, body);
      const mk = await c[who].patch(`/api/v1/committees/${kase.committee_id}/cases/${M}`, body);
      assert.deepEqual(norm(hk), norm(mk), 'PATCH /committees/{id}/cases/{case}');
      assertError(hk, 404, 'committee.case.not_found');
    }
    // The hidden one is traced as a denial.
    const h = await c[who].get(`/api/v1/supports/${sup.id}`);
    const rows = await accesses(c.coordination, pidOf(sup));
    const t = rows.find((r) => r.request_id === h.headers.get('x-request-id'));
    assert.ok(t, 'traced');
    assert.equal(t.outcome, 'denied');
    assert.equal(t.login, who);
  });

// SPEC: issue 8 point 3 (review 18) — widening another's access needs
// reading every category it opens, per the matrix.
test('circle and consent: the coordinator without medical read may not open medical notes to others', async () => {
  const cell = { profession: 'idec', category: 'medical', read: false, write: false };
  const put = await c.admin.put('/api/v1/access/matrix', { items: [cell] });
  assert.equal(put.status, 200, put.text);
  try {
    const pid = ids.CROZE;
    const before = (await c.coordination.get(`/api/v1/persons/${pid}`)).json;
    assert.ok(!before.access.read.includes('medical'));
    // The IDE would read medical through the circle: refused, traced, nothing changed.
    const r = await c.coordination.post(`/api/v1/persons/${pid}/circle`,
      { user_id: c.ide.user.id, role: 'Infirmière' });
    assertError(r, 403, 'access.denied');
    const after = (await c.coordination.get(`/api/v1/persons/${pid}`)).json;
    assert.deepEqual(after.circle, before.circle);
    const rows = await accesses(c.coordination, pid);
    const t = rows.find((x) => x.request_id === r.headers.get('x-request-id'));
    assert.equal(t.outcome, 'denied');
    assert.equal(t.action, 'circle.add');
    assert.match(t.categories, /medical/);
    // The aide reads no medical notes: the coordinator may add her.
    const ok = await c.coordination.post(`/api/v1/persons/${pid}/circle`,
      { user_id: c.aide.user.id, role: 'Aide-soignante' });
    assert.equal(ok.status, 201, ok.text);
    // Lifting a `medical` objection (VALENTIN) or an organisation objection
    // (BOUDON: every category) reopens medical notes: refused.
    for (const n of ['VALENTIN', 'BOUDON']) {
      const p = (await c.coordination.get(`/api/v1/persons/${ids[n]}`)).json;
      const o = p.objections.find((x) => x.withdrawn_at === null);
      assert.ok(o, n);
      const d = await c.coordination.del(`/api/v1/persons/${ids[n]}/objections/${o.id}`);
      assertError(d, 403, 'access.denied');
      const again = (await c.coordination.get(`/api/v1/persons/${ids[n]}`)).json;
      assert.deepEqual(again.objections, p.objections, n);
    }
    // The doctor reads everything: he may.
    const v = (await c.medecin.get(`/api/v1/persons/${ids.VALENTIN}`)).json;
    const vo = v.objections.find((x) => x.withdrawn_at === null);
    assert.equal((await c.medecin.del(`/api/v1/persons/${ids.VALENTIN}/objections/${vo.id}`)).status, 204);
  } finally {
    const back = await c.admin.put('/api/v1/access/matrix',
      { items: [{ profession: 'idec', category: 'medical', read: true, write: false }] });
    assert.equal(back.status, 200, back.text);
  }
});
// Issue 9 §5: each server thread keeps the matrix rows it read, keyed by the
// CRT's rules revision; a change is seen by the very next request on every
// thread (several reads in parallel reach several threads).
test('matrix cache: a rule change is seen at once by every thread, both ways', async () => {
  const pid = ids.CROZE;
  const reads = async () => Promise.all(Array.from({ length: 8 }, async () =>
    (await c.coordination.get(`/api/v1/persons/${pid}`)).json.access.read.includes('medical')));
  assert.deepEqual(await reads(), Array(8).fill(true));
  const off = await c.admin.put('/api/v1/access/matrix',
    { items: [{ profession: 'idec', category: 'medical', read: false, write: false }] });
  assert.equal(off.status, 200, off.text);
  try {
    assert.deepEqual(await reads(), Array(8).fill(false));
  } finally {
    const on = await c.admin.put('/api/v1/access/matrix',
      { items: [{ profession: 'idec', category: 'medical', read: true, write: false }] });
    assert.equal(on.status, 200, on.text);
  }
  assert.deepEqual(await reads(), Array(8).fill(true));
});

// ---- Issue 9 §1: permissions as data, lists decided by the access module.

// Each demo role's permissions, written out (not recomputed from the table).
const PERMISSIONS = {
  admin: 'territory.write access.matrix.read access.matrix.write users.manage accounts.read',
  direction: 'person.read directory.read person.filter.gir person.accesses breakglass.report ' +
    'team.read referral.read referral.triage committee.read support.read pipeline.read waitlist.read ' +
    'waitlist.share eligibility.criteria directory.edit partnership.read crt.settings ' +
    'territory.write access.matrix.read accounts.read accounts.approve visit.read note.read alert.read ' +
    'alarm.read alarm.operators oncall.read bed.read bed.manage',
  coordination: 'person.read directory.read person.create person.breakglass person.filter.gir ' +
    'person.accesses breakglass.report team.read referral.read referral.create referral.triage ' +
    'committee.read committee.prepare committee.opinion referral.decide support.read ' +
    'support.contract support.exit evaluation.write pipeline.read waitlist.read waitlist.flags ' +
    'waitlist.share eligibility.criteria directory.edit partnership.read crt.settings ' +
    'territory.write access.matrix.read accounts.read accounts.approve visit.read visit.plan visit.mark ' +
    'proche.invite note.read note.write note.receipts alert.read alert.raise alert.handle ' +
    'alarm.read alarm.handle alarm.operators oncall.read oncall.plan bed.read bed.book bed.manage',
  medecin: 'person.read directory.read person.create person.breakglass person.filter.gir team.read ' +
    'referral.read referral.create referral.triage committee.read committee.prepare ' +
    'committee.opinion support.read support.contract evaluation.write pipeline.read waitlist.read ' +
    'waitlist.flags accounts.read accounts.approve visit.read visit.plan visit.mark note.read note.write ' +
    'note.receipts alert.read alert.raise alert.handle alarm.read alarm.handle oncall.read bed.read bed.book',
  ide: 'person.read directory.read person.breakglass person.filter.gir team.read committee.opinion ' +
    'visit.read visit.mark note.read note.write alert.read alert.raise alert.handle ' +
    'alarm.read alarm.handle oncall.read bed.read bed.book',
  aide: 'person.read directory.read person.breakglass person.filter.gir team.read committee.opinion ' +
    'visit.read visit.mark note.read note.write alert.read alert.raise alert.handle ' +
    'alarm.read alarm.handle oncall.read bed.read bed.book',
  ergo: 'person.read directory.read person.breakglass person.filter.gir team.read committee.opinion ' +
    'visit.read visit.mark note.read note.write alert.read alert.raise alert.handle ' +
    'alarm.read alarm.handle oncall.read bed.read',
  psy: 'person.read directory.read person.breakglass person.filter.gir team.read committee.opinion ' +
    'visit.read visit.mark note.read note.write alert.read alert.raise alert.handle ' +
    'alarm.read alarm.handle oncall.read bed.read',
  secretariat: 'person.read directory.read person.create team.read referral.read referral.create ' +
    'referral.triage committee.read committee.prepare support.read support.contract pipeline.read ' +
    'waitlist.read waitlist.flags directory.edit visit.read visit.plan alert.read oncall.read bed.read',
  dac48: 'person.read directory.read person.filter.gir waitlist.read dac.referrals visit.read visit.mark ' +
    'note.read note.write alert.read alert.raise',
  // Issue 11: the proche account (its sweep: 48-proche.test.mjs).
  proche: 'proche.planning',
};

test('session: each demo role gets its permissions (login and GET /api/v1/session)', async () => {
  for (const a of ACCOUNTS) {
    const want = PERMISSIONS[a].split(' ').sort();
    assert.deepEqual([...c[a].user.permissions].sort(), want, a);
    const r = await c[a].get('/api/v1/session');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([...r.json.user.permissions].sort(), want, a);
  }
});

test('routes check permissions: the OpenAPI document names each route\'s permission', async () => {
  const doc = (await c.coordination.get('/api/v1/openapi.json')).json;
  assert.equal(doc.paths['/api/v1/supports/{id}/exit'].post['x-permission'], 'support.exit');
  assert.equal(doc.paths['/api/v1/committees/{id}/cases/{case}/decision'].post['x-permission'],
    'referral.decide');
  assert.equal(doc.paths['/api/v1/account-requests/{id}/approve'].post['x-permission'], 'accounts.approve');
  // Person routes: the access decision, per person, not a route permission.
  assert.equal(doc.paths['/api/v1/persons/{id}'].get['x-permission'], undefined);
  const all = new Set(Object.values(PERMISSIONS).flatMap((s) => s.split(' ')));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      if (op['x-permission'] !== undefined) assert.ok(all.has(op['x-permission']), `${m} ${path}`);
    }
  }
  // The dispatcher refuses a route whose permission the role lacks.
  assertError(await c.medecin.post('/api/v1/supports/1/exit', {}), 403, 'role.forbidden');
  assertError(await c.dac48.get('/api/v1/supports'), 403, 'role.forbidden');
});

test('lists: a person the reader may not see is left out (referrals, supports, waitlist, pipeline), ' +
  'shown without identity where the count matters (committee, break-the-glass report), traced as denied',
async () => {
  const put = (read) => c.admin.put('/api/v1/access/matrix',
    { items: [{ profession: 'directeur', category: 'admin', read, write: false }] });
  const lists = async () => ({
    referrals: (await c.direction.get('/api/v1/referrals')).json.items,
    supports: (await c.direction.get('/api/v1/supports')).json.items,
    waitlist: (await c.direction.get('/api/v1/waitlist')).json.items,
    pipeline: (await c.direction.get('/api/v1/pipeline')).json.columns,
    committees: await Promise.all((await c.direction.get('/api/v1/committees')).json.items
      .map(async (m) => (await c.direction.get(`/api/v1/committees/${m.id}`)).json.items)),
    report: (await c.direction.get('/api/v1/breakglass')).json.items,
  });
  // One referral on the waitlist (the demo's is empty).
  const r = await c.coordination.post('/api/v1/referrals', { person_id: ids.CROZE, source: 'medecin_traitant',
    channel: 'telephone', reason: 'Perte d\'autonomie', requested_volet: 2, referrer_name: 'Dr Valette',
    received_on: '2026-09-01' });
  assert.equal(r.status, 201, r.text);
  const t = await c.coordination.post(`/api/v1/referrals/${r.json.id}/triage`, { action: 'accepter' });
  assert.equal(t.json.status, 'liste_attente', t.text);
  const seen = await lists();
  for (const k of ["referrals", "supports", "waitlist"]) assert.ok(seen[k].length > 0, k);
  const cards = (cols) => cols.reduce((n, k) => n + k.items.length, 0);
  const counts = (cols) => cols.map((k) => k.count);
  assert.ok(cards(seen.pipeline) > 0);
  const cases = seen.committees.flat();
  assert.ok(cases.length > 0 && cases.every((k) => k.person !== null && k.identity_hidden === false));
  assert.ok(seen.report.length > 0 && seen.report.every((it) => it.birth_name && !it.identity_hidden));

  // The direction loses the identity in the matrix: it may see nobody.
  assert.equal((await put(false)).status, 200);
  try {
    const hid = await lists();
    assert.deepEqual([hid.referrals, hid.supports, hid.waitlist], [[], [], []]);
    assert.equal(cards(hid.pipeline), 0);
    assert.deepEqual(counts(hid.pipeline), counts(seen.pipeline));
    const hcases = hid.committees.flat();
    assert.equal(hcases.length, cases.length);
    for (const k of hcases) {
      assert.equal(k.person, null, JSON.stringify(k));
      assert.equal(k.identity_hidden, true);
      assert.equal(k.opinion.text, null);
      assert.equal(k.note, null);
    }
    assert.equal(hid.report.length, seen.report.length);
    assert.ok(hid.report.every((it) => it.birth_name === null && it.first_names === null &&
      it.identity_hidden === true));
    // Each refused row is a decision, traced as a denial.
    const pid = cases[0].person.id;
    const rows = (await accesses(c.coordination, pid)).filter((x) => x.login === 'direction' &&
      x.action === 'committee.read');
    assert.ok(rows.length >= 2, JSON.stringify(rows));
    assert.equal(rows[0].grant, 'denied');
    assert.equal(rows.at(-1).grant, 'normal');
  } finally {
    assert.equal((await put(true)).status, 200);
  }
  assert.deepEqual((await lists()).referrals.length, seen.referrals.length);
});

test('committee view: each case shown is traced with the real grant kind and the categories shown', async () => {
  const m = (await c.coordination.get('/api/v1/committees')).json.items[0];
  const k = (await c.coordination.get(`/api/v1/committees/${m.id}`)).json.items[0];
  const rows = (await accesses(c.coordination, k.person.id)).filter((x) => x.login === 'coordination' &&
    x.action === 'committee.read');
  assert.ok(rows.length > 0);
  assert.equal(rows[0].grant, 'normal');
  assert.equal(rows[0].categories, 'admin,soins');
});
