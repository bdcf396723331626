// Starts the real maillage binary on 127.0.0.1:0 with a temporary database
// (SQLite file, or a fresh PostgreSQL database when MAILLAGE_TEST_PG is set),
// seeded with the demo CRT, and waits for /healthz. STYLE §7.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import Ajv from 'ajv';

export const BIN = resolve(process.env.MAILLAGE_BIN || 'build/maillage');
export const DEMO_PASSWORD = 'maillage-demo';
export const PG = process.env.MAILLAGE_TEST_PG || '';

// PostgreSQL needs a trace key file outside the database: one per test
// process, created by the first `demo`/`init` (SQLite: <db>.tracekey).
if (PG && !process.env.MAILLAGE_TRACE_KEY)
  process.env.MAILLAGE_TRACE_KEY = join(mkdtempSync(join(tmpdir(),
    'maillage-key-')), 'trace.key');

// A database URL for a new, empty database (and a cleanup function).
export function tempDb() {
  if (PG) {
    const name = 'mt_' + randomBytes(6).toString('hex');
    const bin = process.env.MAILLAGE_TEST_PG_BIN || '';
    const psql = bin ? join(bin, 'psql') : 'psql';
    const r = spawnSync(psql, [PG, '-q', '-c', `CREATE DATABASE ${name}`]);
    if (r.status !== 0) throw new Error('createdb: ' + r.stderr);
    const url = PG.replace(/\/[^/]*$/, '/' + name);
    // The trace checkpoint file, required by `serve` on PostgreSQL.
    const dir = mkdtempSync(join(tmpdir(), 'maillage-cp-'));
    return { url, kind: 'pg', checkpoint: join(dir, name + '.checkpoints'), cleanup() {
      spawnSync(psql, [PG, '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
      rmSync(dir, { recursive: true, force: true });
    } };
  }
  const dir = mkdtempSync(join(tmpdir(), 'maillage-test-'));
  return { url: 'sqlite:' + join(dir, 'test.db'), kind: 'sqlite', dir,
    cleanup() { rmSync(dir, { recursive: true, force: true }); } };
}

// Runs a maillage subcommand synchronously; returns {status, stdout, stderr}.
export function run(args, opts = {}) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', ...opts });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The demo is seeded once per test process (and per day: its dates are
// relative to today) into a template, then copied for each server: the
// SQLite file and its trace key, or a PostgreSQL database created from
// the template. A fresh copy per server, as a fresh seed would give.
let template = null;
function demoTemplate() {
  const day = new Date().toISOString().slice(0, 10);
  if (template && template.day === day) return template;
  const t = tempDb();
  const r = run(['demo', '--db', t.url]);
  if (r.status !== 0) throw new Error('demo seed failed: ' + r.stderr + r.stdout);
  if (template) template.db.cleanup();
  template = { day, db: t };
  return template;
}
process.on('exit', () => { if (template) template.db.cleanup(); });

export function seedDemo(db) {
  const t = demoTemplate().db;
  if (db.kind === 'sqlite') {
    const from = t.url.slice('sqlite:'.length);
    const to = db.url.slice('sqlite:'.length);
    for (const ext of ['', '.tracekey', '-wal']) {
      if (existsSync(from + ext)) copyFileSync(from + ext, to + ext);
    }
    return;
  }
  const bin = process.env.MAILLAGE_TEST_PG_BIN || '';
  const psql = bin ? join(bin, 'psql') : 'psql';
  const name = db.url.replace(/^.*\//, '');
  const tname = t.url.replace(/^.*\//, '');
  const r = spawnSync(psql, [PG, '-q', '-c', `DROP DATABASE IF EXISTS ${name}`,
    '-c', `CREATE DATABASE ${name} TEMPLATE ${tname}`]);
  if (r.status !== 0) throw new Error('demo copy: ' + r.stderr);
}

// Starts a server. opts: {demo: true (default), db: existing {url,...}}.
export async function startServer(opts = {}) {
  const db = opts.db || tempDb();
  if (opts.demo !== false) seedDemo(db);
  // SQLite: the key beside the database (<db>.tracekey), allowed for tests.
  const child = spawn(BIN, ['serve', '--db', db.url, '--listen', '127.0.0.1:0',
    ...(db.kind === 'sqlite' ? ['--allow-local-key'] : []),
    ...(db.checkpoint ? ['--checkpoint', db.checkpoint] : []), ...(opts.args || [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stderr.on('data', (d) => { err += d; });
  const port = await new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error('server did not start: ' + err)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/127\.0\.0\.1:(\d+)/);
      if (m) { clearTimeout(t); res(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(t); rej(new Error(`server exited ${code}: ${err}`)); });
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(base + '/healthz')).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    base, port, db, child, stderr: () => err,
    // Stops with SIGTERM (drain) and fails when the server did not exit
    // cleanly: a crash, or a sanitizer report (ASan/UBSan/LSan) at exit.
    async stop({ keepDb = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const done = new Promise((r) => child.on('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      if (!keepDb) db.cleanup();
      if (child.exitCode !== 0 || /Sanitizer|runtime error:/.test(err)) {
        throw new Error(`server did not exit cleanly (code ${child.exitCode}, `
          + `signal ${child.signalCode}):\n${err.slice(-4000)}`);
      }
    },
  };
}

// Issue 9 §2: every JSON reply a client receives is validated against
// the schema its route declares in the server's own openapi.json (2xx:
// the reply schema; errors: the Error schema). Routes whose reply is not
// described yet ("Object") are skipped and counted; a reply that does not
// match its schema fails the test.
export const schemaStats = { validated: 0, errors: 0, skipped: 0 };
const contracts = new Map();	// base URL -> Promise<{ ops, ajv }>
let statsShown = false;

// OpenAPI 3.0 → JSON Schema: `nullable` becomes "or null".
function toJsonSchema(s) {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (s === null || typeof s !== 'object') return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'nullable' || k.startsWith('x-')) continue;
    out[k] = k === 'enum' || k === 'required' || k === 'default' ? v : toJsonSchema(v);
  }
  return s.nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

async function contract(base) {
  if (!contracts.has(base)) {
    contracts.set(base, (async () => {
      const doc = await (await fetch(base + '/api/v1/openapi.json')).json();
      const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
      ajv.addSchema({ $id: 'openapi', components: toJsonSchema(doc.components) });
      const ops = [];
      for (const [path, item] of Object.entries(doc.paths)) {
        const re = new RegExp('^' + path.replace(/\{\w+\}/g, '[^/]+') + '$');
        for (const [m, op] of Object.entries(item))
          ops.push({ method: m.toUpperCase(), re, params: (path.match(/\{/g) || []).length, path, op });
      }
      // A literal segment wins over a path parameter.
      ops.sort((a, b) => a.params - b.params);
      return { ops, ajv };
    })());
  }
  return contracts.get(base);
}

function showStats() {
  if (statsShown) return;
  statsShown = true;
  process.on('exit', () => {
    console.log(`schema: ${schemaStats.validated} replies validated against their `
      + `2xx schema, ${schemaStats.errors} error replies against Error, `
      + `${schemaStats.skipped} skipped (route not described yet)`);
    if (process.env.MAILLAGE_SCHEMA_SKIPPED)
      for (const r of [...skippedRoutes].sort()) console.log(`schema: skipped ${r}`);
    // The Makefile sums these over the run.
    if (process.env.MAILLAGE_SCHEMA_STATS)
      appendFileSync(process.env.MAILLAGE_SCHEMA_STATS,
        `${schemaStats.validated} ${schemaStats.errors} ${schemaStats.skipped}\n`);
  });
}

// A reply not validated; MAILLAGE_SCHEMA_SKIPPED=1 lists their routes.
const skippedRoutes = new Set();
function skip(route) {
  schemaStats.skipped++;
  skippedRoutes.add(route);
}

// Throws when `json` (the reply to method path) breaks its declared schema.
export async function checkReply(base, method, path, status, json) {
  showStats();
  const { ops, ajv } = await contract(base);
  const p = path.split('?')[0];
  const o = ops.find((x) => x.method === method && x.re.test(p));
  if (!o) { skip(method + ' ' + p); return; }
  let ref;
  if (status >= 400) ref = '#/components/schemas/Error';
  else ref = o.op.responses[String(status)]?.content?.['application/json']?.schema?.$ref;
  if (!ref || ref === '#/components/schemas/Object') { skip(method + ' ' + o.path); return; }
  const validate = ajv.getSchema('openapi' + ref);
  if (!validate) throw new Error(`${method} ${o.path}: schema ${ref} not found`);
  if (!validate(json))
    throw new Error(`${method} ${p} ${status}: reply does not match ${ref}: `
      + ajv.errorsText(validate.errors) + '\n' + JSON.stringify(json).slice(0, 2000));
  if (status >= 400) {
    // Issue 12 review (F19): the routes of the notebook, conversations,
    // alerts, live stream and home page document every error they
    // return: a code missing from the route's x-error-codes fails.
    const code = json?.error?.code;
    if (STRICT_TAGS.has(o.op.tags?.[0]) && !(o.op['x-error-codes'] || [])
      .some((e) => e.status === status && e.code === code))
      throw new Error(`${method} ${o.path}: ${status} ${code} is not in its `
        + 'documented errors (x-error-codes)');
    schemaStats.errors++;
  } else schemaStats.validated++;
}

// The tags whose routes' error lists are checked against every reply.
const STRICT_TAGS = new Set(['note', 'message', 'alert', 'live', 'home']);

// A logged-in client: keeps the cookie and sends the CSRF token.
export async function login(base, loginName, password = DEMO_PASSWORD) {
  const r = await fetch(base + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: loginName, password }),
  });
  if (r.status !== 200) throw new Error(`login ${loginName}: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const body = await r.json();
  await checkReply(base, 'POST', '/api/v1/session', r.status, body);
  return client(base, cookie, body.csrf_token, body.user);
}

export function client(base, cookie, csrf, user) {
  async function req(method, path, body, headers = {}) {
    const h = { cookie, ...headers };
    if (method !== 'GET' && csrf && !('x-csrf-token' in headers)) h['x-csrf-token'] = csrf;
    let payload;
    if (body !== undefined) {
      if (!('content-type' in h)) h['content-type'] = 'application/json';
      payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    }
    const r = await fetch(base + path, { method, headers: h, body: payload });
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    if (json !== null && /^application\/json/.test(r.headers.get('content-type') || ''))
      await checkReply(base, method, path, r.status, json);
    return { status: r.status, json, text, headers: r.headers };
  }
  return {
    cookie, csrf, user,
    get: (p, h) => req('GET', p, undefined, h),
    post: (p, b, h) => req('POST', p, b, h),
    patch: (p, b, h) => req('PATCH', p, b, h),
    put: (p, b, h) => req('PUT', p, b, h),
    del: (p, h) => req('DELETE', p, undefined, h),
    raw: req,
  };
}
