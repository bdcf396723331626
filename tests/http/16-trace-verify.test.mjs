// `maillage audit verify` on a real server's database after tampering with
// sqlite3: a chain recomputed without the key and a CRT's whole trace
// deleted with its head are flagged; a missing key file refuses to start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { renameSync } from 'node:fs';
import { startServer, run, PG } from './lib/server.mjs';

const sql = (path, q) => {
  const r = spawnSync('sqlite3', [path, q], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
};

test('audit verify flags tampering on a served database', { skip: !!PG },
  async () => {
    const server = await startServer();
    const db = server.db;
    await server.stop({ keepDb: true });
    const path = db.url.slice('sqlite:'.length);
    let r = run(['audit', 'verify', '--db', db.url]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // Whole trace of the CRT deleted together with its head.
    sql(path, 'CREATE TABLE k1 AS SELECT * FROM trace; CREATE TABLE k2 AS '
      + 'SELECT * FROM trace_head; DELETE FROM trace; DELETE FROM trace_head');
    r = run(['audit', 'verify', '--db', db.url]);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /no trace/);
    sql(path, 'INSERT INTO trace SELECT * FROM k1; INSERT INTO trace_head '
      + 'SELECT * FROM k2; DROP TABLE k1; DROP TABLE k2');
    r = run(['audit', 'verify', '--db', db.url]);
    assert.equal(r.status, 0, r.stdout);
    // No key file: refused with a clear message.
    renameSync(path + '.tracekey', path + '.moved');
    r = run(['audit', 'verify', '--db', db.url]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /clé de trace/);
    db.cleanup();
  });
