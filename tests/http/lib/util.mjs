// Shared helpers of the HTTP suites: error and shape assertions, direct
// SQL on the test database (sqlite3 CLI or psql), raw HTTP requests for
// bytes fetch() would not send, and demo-data lookups by name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { run } from './server.mjs';

// Asserts a JSON error answer: status, stable code, a French message, the
// request id echoed in the X-Request-Id header.
export function assertError(r, status, code, field) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status} ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/json/);
  assert.ok(r.json && r.json.error, `error body expected: ${r.text}`);
  const e = r.json.error;
  if (code instanceof RegExp) assert.match(e.code, code);
  else assert.equal(e.code, code, `code: ${r.text}`);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 5, 'message present');
  // French, not a generic English fallback.
  assert.doesNotMatch(e.message, /^(error|not found|forbidden|bad request)/i);
  assert.equal(e.request_id, r.headers.get('x-request-id'));
  if (field !== undefined) assert.equal(e.field, field);
  return e;
}

// Keys of an object, sorted (for exact shape comparisons).
export const keys = (o) => Object.keys(o).sort();

export const PERSON_IDENTITY_KEYS = ['address', 'birth_date', 'birth_name', 'birth_name_display',
  'birthplace_insee', 'commune_code', 'created_at', 'first_names', 'first_names_display', 'flags', 'id', 'identity_document', 'identity_status',
  'identity_status_at', 'identity_status_by', 'ins', 'ins_oid', 'phone', 'sex',
  'updated_at', 'used_first_name', 'used_name'];
export const PERSON_KEYS = [...PERSON_IDENTITY_KEYS, 'access', 'birthplace_name', 'circle', 'commune', 'data',
  'gir', 'objections'].sort();
export const USER_KEYS = ['created_at', 'disabled', 'display_name', 'id', 'login',
  'org_id', 'org_name', 'profession', 'profession_label', 'role', 'role_label'];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const CATS = ['admin', 'social', 'soins', 'medical', 'psy'];

// The identity part of a person, as in lists.
export function assertIdentity(p) {
  assert.deepEqual(keys(p), PERSON_IDENTITY_KEYS);
  assert.equal(typeof p.id, 'number');
  assert.equal(typeof p.birth_name, 'string');
  // SPEC: issue 10 §2 — the strict traits in RNIV form, the typed ones for display.
  assert.match(p.birth_name, /^[A-Z' -]+$/, p.birth_name);
  assert.match(p.first_names, /^[A-Z' -]+$/, p.first_names);
  assert.equal(typeof p.birth_name_display, 'string');
  assert.match(p.birth_date, /^\d{4}-\d\d-\d\d$/);
  assert.ok(['F', 'M', 'I'].includes(p.sex));
  assert.ok(['PROV', 'RECUP', 'VALI', 'QUAL'].includes(p.identity_status));
  assert.match(p.created_at, ISO);
  assert.match(p.updated_at, ISO);
  assert.ok(p.ins === null || /^\d{6}[\dAB]\d{8}$/.test(p.ins), p.ins);
}

// A full person answer (GET/PATCH/POST).
export function assertPerson(p) {
  assert.deepEqual(keys(p).filter((k) => k !== 'possible_duplicates' && k !== 'warnings'),
    PERSON_KEYS, 'person keys');
  // Create and update replies carry the identity's warnings (issue 8 §14).
  for (const w of p.warnings ?? []) assert.deepEqual(keys(w), ['code', 'field', 'message']);
  assertIdentity(Object.fromEntries(PERSON_IDENTITY_KEYS.map((k) => [k, p[k]])));
  assert.deepEqual(keys(p.access), ['kind', 'read', 'write']);
  assert.ok(['normal', 'breakglass'].includes(p.access.kind));
  for (const c of [...p.access.read, ...p.access.write]) assert.ok(CATS.includes(c));
  // The data object holds exactly the readable categories but `admin`
  // (identity), unless an admin note was written.
  for (const c of Object.keys(p.data)) {
    assert.ok(p.access.read.includes(c), `data.${c} not readable but sent`);
    assert.equal(typeof p.data[c], 'string');
  }
  for (const c of p.access.read) if (c !== 'admin') assert.ok(c in p.data, `data.${c} missing`);
  assert.ok(Array.isArray(p.circle));
  for (const m of p.circle) {
    assert.deepEqual(keys(m), ['id', 'kind', 'name', 'org_id', 'role', 'since', 'user_id']);
    assert.ok((m.user_id === null) !== (m.org_id === null));
  }
  assert.ok(Array.isArray(p.objections));
  for (const o of p.objections) {
    assert.deepEqual(keys(o), ['category', 'id', 'informed_by', 'informed_on', 'note', 'org_id', 'org_name', 'since',
      'withdrawn_at']);
  }
}

export function assertUser(u) {
  assert.deepEqual(keys(u).filter((k) => k !== 'password'), USER_KEYS);
  assert.equal(typeof u.id, 'number');
  assert.equal(typeof u.disabled, 'boolean');
  assert.equal(typeof u.role_label, 'string');
  assert.equal(typeof u.profession_label, 'string');
  assert.match(u.created_at, ISO);
}

export const ACCESS_ROW_KEYS = ['action', 'at', 'categories', 'grant', 'login', 'name', 'org',
  'outcome', 'request_id', 'role', 'seq', 'user_id'];

// Direct SQL on the test database; returns rows as arrays of strings.
export function sql(db, query) {
  let r;
  if (db.kind === 'sqlite') {
    // The statements on standard input: a long script (thousands of
    // UPDATEs) would not fit on a command line.
    // The server's alert timer writes (issue 12): wait for its lock
    // rather than fail at once (sqlite3's default busy timeout is 0).
    r = spawnSync('sqlite3', ['-batch', '-cmd', '.timeout 10000', '-separator', '\t',
      db.url.replace(/^sqlite:/, '')], { encoding: 'utf8', input: query, maxBuffer: 1 << 28 });
  } else {
    const bin = process.env.MAILLAGE_TEST_PG_BIN || '';
    r = spawnSync(bin ? join(bin, 'psql') : 'psql',
      [db.url, '-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-f', '-'],
      { encoding: 'utf8', input: query, maxBuffer: 1 << 28 });
  }
  if (r.status !== 0) throw new Error(`sql failed (${db.kind}): ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

// A request with exact bytes (path, headers, body) through node:http.
export function raw(base, { method = 'GET', path, headers = {}, body }) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path, headers,
      insecureHTTPParser: true }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          h.set(k, Array.isArray(v) ? v.join(', ') : String(v));
        }
        resolve({ status: res.statusCode, json, text, headers: h });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// Demo person ids by birth name, as seen by `c` (a coordinator sees all).
export async function personIds(c) {
  const r = await c.get('/api/v1/persons?limit=200');
  assert.equal(r.status, 200, r.text);
  // The demo's person of each name: the first created (a test may create
  // another « ROUSSET », stored in the same RNIV form since issue 10 §2).
  const ids = {};
  for (const p of r.json.items) if (!(p.birth_name in ids) || p.id < ids[p.birth_name]) ids[p.birth_name] = p.id;
  return ids;
}

// Trace rows of a person, newest first (as a direction/coordination client).
export async function accesses(c, pid, limit = 200) {
  const r = await c.get(`/api/v1/persons/${pid}/accesses?limit=${limit}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Stops a server that may have died already (crash under test).
export async function stopServer(s) {
  if (!s) return;
  if (s.child.exitCode !== null || s.child.signalCode !== null) {
    s.db.cleanup();
    return;
  }
  await s.stop();
}

// A NIR whose traits agree with the identity (issue 8 §15): sex digit,
// birth year and month, birthplace (5 characters, 2A/2B kept), order
// number, and its control key (2A → 19, 2B → 18).
export function nir(sex, birthDate, place, order = 1) {
  const s13 = `${sex === 'M' ? 1 : 2}${birthDate.slice(2, 4)}${birthDate.slice(5, 7)}${place}` +
    String(order).padStart(3, '0');
  const n = BigInt(s13.slice(0, 5) + s13.slice(5, 7).replace('2A', '19').replace('2B', '18') +
    s13.slice(7));
  return s13 + String(97n - n % 97n).padStart(2, '0');
}

// The demo CRT and a second one in db: « other » (« Autre CRT »), its
// administrator admin2 (password adminPw) and its coordinator coord2
// (coordPw). Returns the output of `init` for the second CRT.
export function twoCrts(db, adminPw, coordPw) {
  let r = run(['demo', '--db', db.url]);
  assert.equal(r.status, 0, r.stderr);
  const init = run(['init', '--db', db.url, '--crt', 'other', '--crt-name', 'Autre CRT',
    '--admin', 'admin2'], { input: adminPw + '\n' });
  assert.equal(init.status, 0, init.stderr + init.stdout);
  r = run(['user', 'add', '--db', db.url, '--crt', 'other', '--login', 'coord2', '--name', 'Coord Deux',
    '--role', 'coordinateur', '--profession', 'idec'], { input: coordPw + '\n' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return init;
}

// Issue 11: a demo database with a second CRT « other » and its
// coordinator `coord2` (password `pw`), for the suites that check another
// CRT sees nothing.
export function demoWithOtherCrt(db, pw) {
  twoCrts(db, `${pw}-admin`, pw);
}

// 'YYYY-MM-DDTHH:MM' in Europe/Paris (the demo CRT's zone), `min`
// minutes from now: a visit's local start in the tests.
export function parisIn(min = 0) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric',
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(new Date(Date.now() + min * 60000))
    .map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
