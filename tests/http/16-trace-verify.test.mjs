// `maillage audit verify` on a real server's database after tampering with
// sqlite3: a chain recomputed without the key and a CRT's whole trace
// deleted with its head are flagged; a missing key file refuses to start.
// With the checkpoint file (both backends): a truncated tail with the head
// moved back, a persons-free CRT's trace and head deleted, an edited or
// forged checkpoint line; the backup prints the heads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, login, run, tempDb, PG } from './lib/server.mjs';
import { sql as sqlq } from './lib/util.mjs';
import { traceHashUnkeyed } from './lib/blake2b.mjs';

const sql = (path, q) => {
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 10000', path, q], { encoding: 'utf8' });
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
    assert.match(r.stdout, /ni trace ni tête de chaîne/);
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

// The checkpoint file (chain heads outside the database), both backends.
const cpPath = (db) => db.checkpoint || db.url.slice('sqlite:'.length) + '.checkpoints';
const verify = (db, cp = cpPath(db)) => run(['audit', 'verify', '--db', db.url, '--checkpoint', cp]);

test('checkpoint: a truncated tail with the head moved back is flagged', async () => {
  const server = await startServer();
  const db = server.db;
  const c = await login(server.base, 'coordination');
  await c.get('/api/v1/persons');
  await server.stop({ keepDb: true });	// the final checkpoint
  let r = verify(db);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /points de contrôle compris/);
  const [[crt, seq]] = sqlq(db, "SELECT h.crt_id, h.seq FROM trace_head h JOIN crt c "
    + "ON c.id = h.crt_id WHERE c.code = 'nord-lozere'");
  const cut = Number(seq) - 3;
  sqlq(db, `DELETE FROM trace WHERE crt_id = ${crt} AND seq > ${cut}`);
  sqlq(db, `UPDATE trace_head SET seq = ${cut}, hash = (SELECT hash FROM trace t `
    + `WHERE t.crt_id = ${crt} AND t.seq = ${cut}) WHERE crt_id = ${crt}`);
  // Every remaining row is genuine: without the checkpoints it passes.
  r = verify(db, '/dev/null');
  assert.equal(r.status, 0, r.stdout);
  r = verify(db);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, new RegExp(`crt nord-lozere : la chaîne s'arrête au seq ${cut} mais le `
    + `point de contrôle du .* indique le seq ${seq} \\(fin tronquée`));
  db.cleanup();
});

test('checkpoint: a CRT without persons or users whose whole trace and head are deleted',
  async () => {
    const db = tempDb();
    let r = run(['demo', '--db', db.url]);
    assert.equal(r.status, 0, r.stderr);
    r = run(['init', '--db', db.url, '--crt', 'autre', '--crt-name', 'Autre CRT', '--admin', 'admin-autre'],
      { input: 'Un mot de passe assez long 42\n' });
    assert.equal(r.status, 0, r.stderr);
    const server = await startServer({ db, demo: false });	// checkpoints every CRT at start
    await server.stop({ keepDb: true });
    r = verify(db);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const [[id]] = sqlq(db, "SELECT id FROM crt WHERE code = 'autre'");
    sqlq(db, `DELETE FROM trace WHERE crt_id = ${id}`);
    sqlq(db, `DELETE FROM trace_head WHERE crt_id = ${id}`);
    sqlq(db, `DELETE FROM app_user WHERE crt_id = ${id}`);
    r = verify(db, '/dev/null');
    assert.equal(r.status, 0, r.stdout);	// invisible without the checkpoints
    r = verify(db);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /crt autre : point de contrôle au seq \d+ le .* mais aucune tête de chaîne/);
    db.cleanup();
  });

test('checkpoint: an edited or forged checkpoint line is flagged; backup prints the heads',
  async () => {
    const server = await startServer();
    const db = server.db;
    await server.stop({ keepDb: true });
    const cp = cpPath(db);
    const dir = mkdtempSync(join(tmpdir(), 'maillage-bk-'));
    // The backup prints the heads it saw and appends them to the file.
    const before = readFileSync(cp, 'utf8');
    let r = run(['backup', '--db', db.url, '--to', join(dir, 'b.dump'), '--checkpoint', cp]);
    assert.equal(r.status, 0, r.stderr);
    const [[seq, hash]] = sqlq(db, "SELECT h.seq, h.hash FROM trace_head h JOIN crt c "
      + "ON c.id = h.crt_id WHERE c.code = 'nord-lozere'");
    assert.match(r.stdout, new RegExp(`tête crt \\d+ : seq ${seq} ${hash}`));
    assert.ok(readFileSync(cp, 'utf8').startsWith(before));
    // The latest line claims a lower seq: its MAC no longer matches.
    const lines = readFileSync(cp, 'utf8').trim().split('\n');
    assert.ok(lines.length >= 1);
    const edited = lines[0].replace(/^c1 (\d+) (\d+) /, (m, c, s) => `c1 ${c} ${Number(s) - 1} `);
    writeFileSync(join(dir, 'edited'), edited + '\n');
    r = verify(db, join(dir, 'edited'));
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /points de contrôle, ligne 1 : MAC invalide/);
    // A forged line: right shape, MAC made up.
    writeFileSync(join(dir, 'forged'), `c1 1 999999 ${'a'.repeat(64)} 2026-01-01T00:00:00.000Z `
      + `${'b'.repeat(64)}\n`);
    r = verify(db, join(dir, 'forged'));
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /MAC invalide/);
    r = verify(db);
    assert.equal(r.status, 0, r.stdout);
    // A chain already keyed: rekey has nothing to do.
    r = run(['audit', 'rekey', '--db', db.url]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /déjà scellée/);
    rmSync(dir, { recursive: true, force: true });
    db.cleanup();
  });

test('serve on PostgreSQL refuses to start without a checkpoint file', { skip: !PG }, () => {
  const db = tempDb();
  const env = { ...process.env };
  delete env.MAILLAGE_CHECKPOINT;
  const r = run(['serve', '--db', db.url, '--listen', '127.0.0.1:0'], { env, timeout: 10000 });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /points de contrôle requis pour PostgreSQL/);
  db.cleanup();
});

// Point 6 of the review: a read just before a quiet spell is anchored
// without any further request (the writer's idle hook), within ~6 s.
test('checkpoint: an idle server anchors the last read', async () => {
  const server = await startServer();
  const db = server.db;
  const c = await login(server.base, 'coordination');
  const r0 = await c.get('/api/v1/persons');
  assert.equal(r0.status, 200);
  const [[crt, seq, hash]] = sqlq(db, "SELECT h.crt_id, h.seq, h.hash FROM trace_head h "
    + "JOIN crt c ON c.id = h.crt_id WHERE c.code = 'nord-lozere'");
  await new Promise((r) => setTimeout(r, 6500));
  const lines = readFileSync(cpPath(db), 'utf8').trim().split('\n');
  assert.ok(lines.some((l) => l.startsWith(`c1 ${crt} ${seq} ${hash} `)),
    `no checkpoint of seq ${seq}:\n${lines.join('\n')}`);
  await server.stop();
});

// Point 4 of the review: on a keyed database, rows deleted and the whole
// chain recomputed without the key, head moved. verify flags it; rekey
// refuses it (the checkpoint file holds MAC'd lines for this CRT), exits 1,
// changes nothing; verify still flags it afterwards.
test('audit rekey refuses a chain recomputed without the key', async () => {
  const server = await startServer();
  const db = server.db;
  const c = await login(server.base, 'coordination');
  for (let i = 0; i < 6; i++) await c.get('/api/v1/persons');
  await server.stop({ keepDb: true });	// the final checkpoint
  const [[crt]] = sqlq(db, "SELECT id FROM crt WHERE code = 'nord-lozere'");
  sqlq(db, `DELETE FROM trace WHERE crt_id = ${crt} AND seq BETWEEN 3 AND 5`);
  const rows = sqlq(db, 'SELECT id, crt_id, at, user_id, login, role, action, person_id, '
    + 'categories, grant_kind, outcome, request_id, ip, detail FROM trace '
    + `WHERE crt_id = ${crt} ORDER BY seq`);
  let prev = '0'.repeat(64);
  const upd = [];
  rows.forEach(([id, crtId, at, user, lg, role, action, person, cat, grant, outcome, rid, ip,
    detail = ''], i) => {
    const hash = traceHashUnkeyed([crtId, i + 1, at, user || 0, lg, role, action, person || 0,
      cat, grant, outcome, rid, ip, detail, prev]);
    upd.push(`UPDATE trace SET seq = ${i + 1}, prev_hash = '${prev}', hash = '${hash}' `
      + `WHERE id = ${id};`);
    prev = hash;
  });
  upd.push(`UPDATE trace_head SET seq = ${rows.length}, hash = '${prev}' WHERE crt_id = ${crt};`);
  sqlq(db, upd.join('\n'));
  const dump = () => JSON.stringify(sqlq(db, 'SELECT seq, hash FROM trace ORDER BY crt_id, seq'))
    + JSON.stringify(sqlq(db, 'SELECT crt_id, seq, hash FROM trace_head ORDER BY crt_id'));
  const before = dump();
  let r = verify(db);
  assert.equal(r.status, 1, r.stdout);
  r = run(['audit', 'rekey', '--db', db.url, '--checkpoint', cpPath(db)]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  // The forged rows verify with the old hash (the forge is right), and the
  // MAC'd checkpoint proves the chain was keyed: refused.
  assert.match(r.stdout, /crt nord-lozere : point de contrôle signé au seq \d+ .* la chaîne était déjà scellée/);
  assert.match(r.stderr, /rien n'a été modifié/);
  assert.equal(dump(), before);
  r = verify(db);
  assert.equal(r.status, 1, r.stdout);
  r = verify(db, '/dev/null');
  assert.equal(r.status, 1, r.stdout);	// unkeyed rows fail their MAC anyway
  db.cleanup();
});

// Point 5 of the review: a key beside the SQLite database (same directory,
// same user) voids the MAC; serve refuses it unless --allow-local-key, and
// starts with the key elsewhere (as the systemd unit's LoadCredential=).
test('serve refuses a trace key beside the SQLite database', { skip: !!PG }, async () => {
  const db = tempDb();
  let r = run(['demo', '--db', db.url]);
  assert.equal(r.status, 0, r.stderr);
  const env = { ...process.env };
  delete env.MAILLAGE_TRACE_KEY;
  r = run(['serve', '--db', db.url, '--listen', '127.0.0.1:0'], { env, timeout: 10000 });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /clé de trace dans le répertoire de la base/);
  const path = db.url.slice('sqlite:'.length);
  r = run(['serve', '--db', db.url, '--listen', '127.0.0.1:0', '--trace-key', path + '.tracekey'],
    { env, timeout: 10000 });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  // The key moved to a directory of its own: serve starts.
  const kdir = mkdtempSync(join(tmpdir(), 'maillage-key-'));
  renameSync(path + '.tracekey', join(kdir, 'trace.key'));
  const server = await startServer({ db, demo: false,
    args: ['--trace-key', join(kdir, 'trace.key')] });
  assert.equal((await fetch(server.base + '/healthz')).status, 200);
  await server.stop();
  rmSync(kdir, { recursive: true, force: true });
});
