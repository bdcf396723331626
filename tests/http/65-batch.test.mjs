// The group commit (ARCHITECTURE « A request »): a write that ends on a
// statement left on its row (INSERT … RETURNING read once) must not make
// the other writes of its batch fail. Found by the outside review of
// issue 12 (F28): raising alerts while a colleague saved notes refused
// half of her notes with 503 db.busy on SQLite.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, login, BIN } from './lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test('batch: alerts raised in parallel with notes: every write succeeds', async () => {
  const coord = await login(srv.base, 'coordination');
  const med = await login(srv.base, 'medecin');
  const person = (await coord.get('/api/v1/persons?limit=1')).json.items[0].id;
  const statuses = {};
  const count = (s) => { statuses[s] = (statuses[s] || 0) + 1; };
  const N = 40;
  const raise = async () => {
    for (let i = 0; i < N; i++) {
      const r = await coord.post(`/api/v1/persons/${person}/alerts`,
        { kind: 'autre', severity: 'faible', detail: `essai ${i}` });
      count(`alert ${r.status}${r.status === 201 ? '' : ` ${r.json && r.json.code}`}`);
    }
  };
  const write = async () => {
    for (let i = 0; i < N; i++) {
      const r = await med.post(`/api/v1/persons/${person}/notes`,
        { category: 'soins', body: `Note ${i}` });
      count(`note ${r.status}${r.status === 201 ? '' : ` ${r.json && r.json.code}`}`);
    }
  };
  await Promise.all([raise(), raise(), raise(), raise(), write(), write(), write(), write()]);
  assert.deepEqual(statuses, { 'alert 201': 4 * N, 'note 201': 4 * N });
});

test('SQLite: a second `serve` on the same database file is refused, in French', async (t) => {
  // F14 of the review: two processes on one SQLite file both served, each
  // with its own timer, and neither's streams got the other's events.
  if (srv.db.kind !== 'sqlite') return t.skip('SQLite only');
  const r = spawnSync(BIN, ['serve', '--db', srv.db.url, '--listen', '127.0.0.1:0', '--allow-local-key'],
    { encoding: 'utf8', timeout: 10000 });
  assert.notEqual(r.status, 0, r.stdout);
  assert.match(r.stderr, /déjà servie par un autre processus/);
  // The first one still serves.
  assert.equal((await fetch(srv.base + '/healthz')).status, 200);
});
