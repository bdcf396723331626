// The record page in one request (issue 10 §12): GET
// /api/v1/persons/{id}/record carries the record and its parts, each
// equal to its own route's reply, asked as the page asks them, refused
// as its route refuses (same status, code, message) and traced as its
// route traces. For every demo role × every demo person, a person of
// another CRT, a missing id and a break-the-glass grant.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { startServer, login, tempDb } from './lib/server.mjs';
import { assertError, personIds, accesses, stopServer, twoCrts } from './lib/util.mjs';

function addDays(ymd, n) {
  const d = new Date(`${ymd}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const MONDAY = addDays(TODAY, -((new Date(`${TODAY}T12:00:00Z`).getUTCDay() + 6) % 7));
const ACCOUNTS = ['admin', 'direction', 'coordination', 'medecin', 'ide', 'aide', 'ergo', 'psy',
  'secretariat', 'dac48'];
const PARTS = {
  aggir: (id) => `/api/v1/persons/${id}/aggir`,
  dlu: (id) => `/api/v1/persons/${id}/dlu`,
  profile: (id) => `/api/v1/persons/${id}/profile`,
  caregivers: (id) => `/api/v1/persons/${id}/caregivers`,
  documents: (id) => `/api/v1/persons/${id}/documents`,
  timeline: (id) => `/api/v1/persons/${id}/timeline`,
  supports: (id) => `/api/v1/persons/${id}/supports`,
  referrals: (id) => `/api/v1/referrals?person_id=${id}`,
  // This week in the CRT's zone (Europe/Paris), as the planning part shows.
  visits: (id) => `/api/v1/visits?person_id=${id}&from=${MONDAY}&to=${addDays(MONDAY, 6)}`,
  proches: (id) => `/api/v1/persons/${id}/proches`,
  // The circle proposal's plan: its support's, found by the caller
  // (planPath); a person with none has no plan part.
  plan: null,
  notes: (id) => `/api/v1/persons/${id}/notes`,
  messages: (id) => `/api/v1/persons/${id}/messages`,
};
// The support whose plan the page reads: the first in preparation or
// active that has a plan (web/sections/record/edit.js planCandidates).
async function planPath(cl, id) {
  const r = await cl.get(`/api/v1/persons/${id}/supports`);
  const sup = r.status === 200
    && r.json.items.find((x) => (x.status === 'active' || x.status === 'preparation') && x.plan);
  return sup ? `/api/v1/supports/${sup.id}/plan` : null;
}
const pathOf = async (part, cl, id) => (part === 'plan' ? planPath(cl, id) : PARTS[part](id));
// What the page asks (sections' record parts): the categories a part
// needs read, and the parts an emergency grant shows.
const NEEDS = { aggir: ['soins'], dlu: ['soins'], caregivers: ['social'], proches: ['social'],
  plan: ['social', 'soins'] };
const EMERGENCY = new Set(['dlu']);
const PW2 = 'autre-crt-admin-2';
const PWC = 'coordination-deux';

let db;
let srv;
const c = {};
let ids;
let other;	// a person of the second CRT
let coord2;

before(async () => {
  db = tempDb();
  twoCrts(db, PW2, PWC);
  srv = await startServer({ db, demo: false });
  for (const a of ACCOUNTS) c[a] = await login(srv.base, a);
  coord2 = await login(srv.base, 'coord2', PWC);
  ids = await personIds(c.coordination);
  const cr = await coord2.post('/api/v1/persons', { birth_name: 'AUTRE', first_names: 'Jeanne',
    birth_date: '1930-01-02', sex: 'F' });
  assert.equal(cr.status, 201, cr.text);
  other = cr.json.id;
});
after(async () => { await stopServer(srv); });

// The page's rule, from the record's access.
function asked(part, access, role) {
  if (access.kind === 'breakglass' && !EMERGENCY.has(part)) return false;
  if (part === 'plan' && (role === 'partenaire' || !(access.write || []).includes('admin'))) return false;
  if ((NEEDS[part] || []).some((cat) => !access.read.includes(cat))) return false;
  return true;
}

// What the matrix met: parts given, left out, refused.
const seen = { given: 0, left: 0, refused: 0 };

// The include reply against the separate routes, for one user × id.
async function compare(cl, id, label) {
  const all = await cl.get(`/api/v1/persons/${id}/record`);
  const one = await cl.get(`/api/v1/persons/${id}`);
  if (one.status !== 200) {
    assert.equal(all.status, one.status, label);
    assert.deepEqual(all.json, { error: { ...one.json.error, request_id: all.json.error.request_id } },
      label);
    return null;
  }
  assert.equal(all.status, 200, `${label}: ${all.text}`);
  assert.deepEqual(all.json.person, one.json, `${label}: person`);
  const refused = Object.fromEntries(all.json.refused.map((x) => [x.part, x]));
  for (const part of Object.keys(PARTS)) {
    const path = await pathOf(part, cl, id);
    const l = `${label}: ${part}`;
    if (path === null) {
      assert.equal(all.json[part], undefined, l);
      assert.equal(refused[part], undefined, l);
      continue;
    }
    const sep = await cl.get(path);
    if (!asked(part, one.json.access, cl.user.role)) {
      assert.equal(all.json[part], undefined, l);
      assert.equal(refused[part], undefined, l);
      // Left out only where the page does not ask, and its route refuses.
      // (The plan is the circle proposal's: left out where the page does
      // not propose, although its route may answer.)
      assert.ok(sep.status === 403 || part === 'plan', `${l}: left out but its route answers ${sep.status}`);
      seen.left++;
      continue;
    }
    if (sep.status === 200) {
      assert.deepEqual(all.json[part], sep.json, l);
      assert.equal(refused[part], undefined, l);
      seen.given++;
    } else {
      assert.equal(all.json[part], undefined, `${l}: a refused part leaks nothing`);
      assert.deepEqual(refused[part], { part, status: sep.status, code: sep.json.error.code,
        message: sep.json.error.message }, l);
      seen.refused++;
    }
  }
  return all.json;
}

test('every role × every demo person: the parts equal their routes, refusals too', async () => {
  for (const a of ACCOUNTS) {
    for (const [name, id] of Object.entries(ids)) await compare(c[a], id, `${a} ${name}`);
  }
  // The matrix meets each case (else the comparison proves little).
  assert.ok(seen.given > 100 && seen.left > 10 && seen.refused > 0, JSON.stringify(seen));
});

test('a refused part is listed with its route\'s refusal, the others given', async () => {
  // GET /referrals is for the roles that handle referrals: the nurse
  // naming them gets the route's 403 role.forbidden, and no referral.
  const ide = await compare(c.ide, ids.ROUSSET, 'ide ROUSSET');
  assert.equal(ide.referrals, undefined);
  assert.deepEqual(ide.refused.map((x) => [x.part, x.status, x.code]),
    [['referrals', 403, 'role.forbidden'], ['proches', 403, 'role.forbidden']]);
  assert.ok(ide.dlu && ide.timeline && ide.supports);
  // The DAC partner reads BOUDON's identity, not her soins (objection):
  // no DLU, no AGGIR; the secretariat reads identities only.
  const sec = await compare(c.secretariat, ids.BOUDON, 'secretariat BOUDON');
  assert.ok(sec.profile, 'the profile is an identity part');
  assert.equal(sec.dlu, undefined);
  assert.equal(sec.aggir, undefined);
  const coord = await compare(c.coordination, ids.BOUDON, 'coordination BOUDON');
  for (const part of Object.keys(PARTS)) {
    if (part !== 'plan' || await planPath(c.coordination, ids.BOUDON)) {
      assert.ok(coord[part], `coordination reads ${part}`);
    }
  }
  assert.deepEqual(coord.refused, []);
});

test('a person outside the circle, of another CRT, or missing: the same refusal', async () => {
  // The aide follows ROUSSET..VALENTIN: CROZE is hidden (404, traced).
  const hidden = await c.aide.get(`/api/v1/persons/${ids.CROZE}/record`);
  assertError(hidden, 404, 'person.not_found');
  assert.equal(await compare(c.aide, ids.CROZE, 'aide CROZE'), null);
  assert.equal(await compare(c.coordination, other, 'coordination, other CRT'), null);
  assert.equal(await compare(coord2, ids.ROUSSET, 'other CRT, ROUSSET'), null);
  assert.equal(await compare(c.coordination, 999999, 'missing'), null);
  assert.equal(await compare(c.admin, ids.ROUSSET, 'admin'), null);
  assertError(await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/record?include=dlu,x`),
    422, 'record.include.invalid', 'include');
});

test('include: only the parts named', async () => {
  const r = await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/record?include=dlu,timeline`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json).sort(), ['dlu', 'person', 'refused', 'timeline']);
  const e = await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/record?include=`);
  assert.deepEqual(Object.keys(e.json).sort(), ['person', 'refused']);
});

test('the planning\'s week: this week by default, the Monday of `week`, a bad week refused', async () => {
  const id = ids.ROUSSET;
  const mk = await c.coordination.post('/api/v1/visits', { person_id: id, starts_local: '2026-03-30T09:00',
    duration_min: 30, kind: 'soins', rrule: 'FREQ=DAILY;COUNT=3', user_id: c.ide.user.id });
  assert.equal(mk.status, 201, mk.text);
  for (const week of ['2026-03-30', '2026-04-01']) {
    const r = await c.coordination.get(`/api/v1/persons/${id}/record?include=visits&week=${week}`);
    assert.equal(r.status, 200, r.text);
    const sep = await c.coordination.get(`/api/v1/visits?person_id=${id}&from=2026-03-30&to=2026-04-05`);
    assert.deepEqual(r.json.visits, sep.json, week);
    assert.equal(r.json.visits.items.length, 3);
  }
  assertError(await c.coordination.get(`/api/v1/persons/${id}/record?include=visits&week=lundi`),
    422, 'record.week.invalid', 'week');
});

test('an emergency grant: the identity and the DLU only, as the emergency view', async () => {
  const g = await c.aide.post(`/api/v1/persons/${ids.CROZE}/breakglass`,
    { reason: 'Chute à domicile signalée par la téléassistance cette nuit' });
  assert.equal(g.status, 201, g.text);
  const r = await compare(c.aide, ids.CROZE, 'aide CROZE (breakglass)');
  assert.equal(r.person.access.kind, 'breakglass');
  assert.ok(r.dlu);
  assert.deepEqual(Object.keys(r).sort(), ['dlu', 'person', 'refused']);
});

test('traced as the separate routes: the same actions, grants and categories', async () => {
  const id = ids.VALENTIN;
  const rows = async (since) => (await accesses(c.direction, id))
    .filter((x) => x.seq > since && x.login === 'medecin')
    .map((x) => [x.action, x.grant, x.categories, x.outcome].join(' ')).sort();
  const top = async () => Math.max(0, ...(await accesses(c.direction, id)).map((x) => x.seq));
  const paths = [];
  for (const part of Object.keys(PARTS)) paths.push(await pathOf(part, c.medecin, id));
  let t = await top();
  await c.medecin.get(`/api/v1/persons/${id}/record`);
  const viaRecord = await rows(t);
  t = await top();
  await c.medecin.get(`/api/v1/persons/${id}`);
  for (const path of paths) if (path) await c.medecin.get(path);
  const viaRoutes = await rows(t);
  assert.ok(viaRecord.length >= 8, viaRecord.join('\n'));
  assert.deepEqual(viaRecord, viaRoutes);
});

// A GET through node:http, bytes as sent (no automatic decoding).
function getBytes(base, path, headers) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (x) => chunks.push(x));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
        body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('gzip: an API reply of 2 KB or more goes gzipped when accepted, and says it varies', async () => {
  const cookie = c.coordination.cookie;
  const path = `/api/v1/persons/${ids.ROUSSET}/record`;
  const plain = await getBytes(srv.base, path, { cookie });
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined, 'no gzip without Accept-Encoding');
  assert.equal(plain.headers.vary, 'Accept-Encoding');
  assert.ok(plain.body.length >= 2048, String(plain.body.length));
  const gz = await getBytes(srv.base, path, { cookie, 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(gz.status, 200);
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.vary, 'Accept-Encoding');
  assert.match(gz.headers['content-type'], /^application\/json/);
  assert.ok(gz.body.length < plain.body.length / 2, `${gz.body.length} of ${plain.body.length}`);
  assert.deepEqual(JSON.parse(gunzipSync(gz.body)), JSON.parse(plain.body));
  // Refused by q=0, or not named: as it is.
  for (const ae of ['gzip;q=0', 'identity', 'br']) {
    const r = await getBytes(srv.base, path, { cookie, 'accept-encoding': ae });
    assert.equal(r.headers['content-encoding'], undefined, ae);
    assert.deepEqual(JSON.parse(r.body), JSON.parse(plain.body), ae);
  }
  // A small reply (a person read, under 2 KB) stays as it is, an error too.
  const small = await getBytes(srv.base, `/api/v1/persons/${ids.ROUSSET}`,
    { cookie, 'accept-encoding': 'gzip' });
  assert.equal(small.status, 200);
  assert.ok(small.body.length < 2048, String(small.body.length));
  assert.equal(small.headers.vary, 'Accept-Encoding');
  assert.equal(small.headers['content-encoding'], undefined);
  const err = await getBytes(srv.base, '/api/v1/persons/999999/record', { cookie, 'accept-encoding': 'gzip' });
  assert.equal(err.status, 404);
  assert.equal(err.headers['content-encoding'], undefined);
  assert.equal(JSON.parse(err.body).error.code, 'person.not_found');
  // The labels of /api/v1/meta (10 KB) too.
  const meta = await getBytes(srv.base, '/api/v1/meta', { cookie, 'accept-encoding': 'gzip' });
  assert.equal(meta.headers['content-encoding'], 'gzip');
  assert.ok(JSON.parse(gunzipSync(meta.body)).roles);
});
