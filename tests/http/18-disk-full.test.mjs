// Issue 8 point 10: a full disk. The SQLite database lives on a small
// tmpfs that the test fills. Writes are refused with 503 store.full and a
// French message, and change nothing; reads of person data are refused
// the same way (each writes its trace row); /healthz says the store is not
// writable; the log says "disk full" (and no confusing rollback error);
// once space is freed everything works again without a restart.
// SQLite only (PostgreSQL's 53100 is mapped in tests/unit/test_db.c).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { PG, startServer, login } from './lib/server.mjs';
import { assertError, personIds, sleep } from './lib/util.mjs';
import { fill, STORE_FULL_MESSAGE, tmpfsDb } from './lib/tmpfs.mjs';

let dir;
let skip = '';
let srv;
let db;

before(async () => {
  if (PG) { skip = 'SQLite only: the PostgreSQL server owns its disk (53100 is unit-tested)'; return; }
  ({ db, dir, skip } = tmpfsDb());
  if (!skip) srv = await startServer({ db });
});

after(async () => {
  if (srv) await srv.stop();
  else if (db) db.cleanup();
});

const health = async () => {
  const r = await fetch(srv.base + '/healthz');
  return { status: r.status, json: await r.json() };
};

test('disk full: 503 store.full with a French message, nothing changed, /healthz 503, recovery', async (t) => {
  if (skip) { t.skip(skip); return; }
  const co = await login(srv.base, 'coordination');
  const ids = await personIds(co);
  const before = (await co.get('/api/v1/persons?limit=200')).json;
  assert.deepEqual(await health(), { status: 200, json: { status: 'ok' } });

  const filler = join(dir, 'filler');
  fill(filler);
  // A write: refused, clear French message, nothing half-written.
  const w = await co.post('/api/v1/persons', { birth_name: 'PLEIN', first_names: 'Disque',
    birth_date: '1940-02-03', sex: 'F' });
  const e = assertError(w, 503, 'store.full');
  assert.equal(e.message, STORE_FULL_MESSAGE);
  // The store is reported not writable.
  assert.deepEqual(await health(), { status: 503, json: { status: 'unavailable', store: 'not_writable' } });
  // Reading a record writes its trace row first: refused the same way,
  // never answered without its trace.
  assertError(await co.get(`/api/v1/persons/${ids.ROUSSET}`), 503, 'store.full');
  // A login (a session row) too.
  const l = await fetch(srv.base + '/api/v1/session', { method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'medecin', password: 'maillage-demo' }) });
  assert.equal(l.status, 503);
  assert.equal((await l.json()).error.code, 'store.full');
  // Several writes at once (one batch): all refused, the server stays up.
  const many = await Promise.all([1, 2, 3, 4, 5].map((i) => co.patch(`/api/v1/persons/${ids.ROUSSET}`,
    { used_name: `PLEIN${'ABCDE'[i - 1]}` })));
  for (const r of many) assertError(r, 503, 'store.full');
  // Routes that write nothing still answer.
  assert.equal((await co.get('/api/v1/meta')).status, 200);
  // The log names the cause, and only the cause.
  const log = srv.stderr();
  assert.match(log, /DISK FULL/);
  assert.doesNotMatch(log, /cannot rollback|no transaction is active/);

  // Space is back: /healthz recovers on its own (the writer's probe).
  rmSync(filler);
  let h;
  for (let i = 0; i < 50; i++) {
    h = await health();
    if (h.status === 200) break;
    await sleep(100);
  }
  assert.deepEqual(h, { status: 200, json: { status: 'ok' } });
  assert.match(srv.stderr(), /disk space is back/);
  // Nothing of the refused writes is there, and writing works again.
  const now = (await co.get('/api/v1/persons?limit=200')).json;
  assert.deepEqual(now, before);
  const r = await co.get(`/api/v1/persons/${ids.ROUSSET}`);
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.json.used_name || '', /PLEIN/);
  const ok = await co.post('/api/v1/persons', { birth_name: 'PLEIN', first_names: 'Disque',
    birth_date: '1940-02-03', sex: 'F' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal((await login(srv.base, 'medecin')).user.login, 'medecin');
});

test('disk full in the middle of a write: the database rolls the batch back, the server notices', async (t) => {
  if (skip) { t.skip(skip); return; }
  const co = await login(srv.base, 'coordination');
  const ids = await personIds(co);
  const filler = join(dir, 'filler');
  fill(filler);
  // 1 MiB left: small commits fit, a 4.9 MB document spills out of
  // SQLite's cache mid-statement, and SQLite rolls the transaction back.
  truncateSync(filler, statSync(filler).size - (1 << 20));
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4900000, 7), Buffer.from('\n%%EOF\n')]);
  const doc = await co.raw('POST', `/api/v1/persons/${ids.ROUSSET}/documents?category=admin&title=gros`,
    pdf, { 'content-type': 'application/pdf' });
  assertError(doc, 503, 'store.full');
  assert.equal(doc.json.error.message, STORE_FULL_MESSAGE);
  const log = srv.stderr();
  assert.match(log, /rolled back by the database \(disk full\)/);
  // Before: the jobs after it ran outside any transaction and the log
  // blamed a rollback ("cannot rollback - no transaction is active").
  assert.doesNotMatch(log, /cannot rollback|cannot commit|no transaction is active/);
  // Small writes still fit; the document is not there.
  const p = await co.patch(`/api/v1/persons/${ids.BOUDON}`, { used_name: 'APRES' });
  assert.equal(p.status, 200, p.text);
  const list = await co.get(`/api/v1/persons/${ids.ROUSSET}/documents`);
  assert.equal(list.status, 200, list.text);
  assert.ok(!list.json.items.some((d) => d.title === 'gros'));
  rmSync(filler);
  let h;
  for (let i = 0; i < 50; i++) {
    h = await health();
    if (h.status === 200) break;
    await sleep(100);
  }
  assert.equal(h.status, 200);
  const again = await co.raw('POST', `/api/v1/persons/${ids.ROUSSET}/documents?category=admin&title=gros`,
    pdf, { 'content-type': 'application/pdf' });
  assert.equal(again.status, 201, again.text);
});
