// Documents attached to a record (issue 3): PDF, JPEG, PNG up to 5 MiB,
// type checked against the bytes, stored in the database (no path), read
// per the category's access rules, every read traced.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, login } from './lib/server.mjs';
import { assertError, personIds, accesses, keys } from './lib/util.mjs';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('contrat signé '.repeat(50)),
  Buffer.from([0, 1, 2, 255, 254]), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
let srv;
const c = {};
let ids;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'secretariat', 'dac48', 'ide', 'medecin']) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
});
after(async () => { await srv?.stop(); });

const upload = (cl, pid, body, type, qs) => cl.raw('POST', `/api/v1/persons/${pid}/documents?${qs}`, body,
  { 'content-type': type });

test('upload a PDF, list it, download the same bytes; traced', async () => {
  const pid = ids.ROUSSET;
  const r = await upload(c.coordination, pid, PDF, 'application/pdf',
    'category=admin&title=' + encodeURIComponent("Contrat d'accompagnement signé"));
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(keys(r.json), ['category', 'content_type', 'created_at', 'created_by', 'id', 'sha256',
    'size', 'title']);
  assert.equal(r.json.size, PDF.length);
  assert.equal(r.json.sha256, createHash('sha256').update(PDF).digest('hex'));
  const list = await c.secretariat.get(`/api/v1/persons/${pid}/documents`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((d) => d.title), ["Contrat d'accompagnement signé"]);
  const res = await fetch(`${srv.base}/api/v1/persons/${pid}/documents/${r.json.id}`,
    { headers: { cookie: c.secretariat.cookie } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="document-${r.json.id}.pdf"`);
  assert.match(res.headers.get('content-security-policy'), /sandbox/);
  const got = Buffer.from(await res.arrayBuffer());
  assert.ok(got.equals(PDF), 'the same bytes, binary included');
  const rows = await accesses(c.coordination, pid);
  assert.ok(rows.some((t) => t.action === 'document.read' && t.login === 'secretariat'
    && t.categories === 'admin' && t.request_id === res.headers.get('x-request-id')));
  assert.ok(rows.some((t) => t.action === 'document.add' && t.login === 'coordination'));
});

test('categories decide: a medical letter is invisible to the secretariat', async () => {
  const pid = ids.TEISSIER;
  const r = await upload(c.medecin, pid, PNG, 'image/png', 'category=medical&title=Courrier%20neurologue');
  assert.equal(r.status, 201, r.text);
  const list = await c.secretariat.get(`/api/v1/persons/${pid}/documents`);
  assert.deepEqual(list.json.items, [], 'not even its title');
  assertError(await c.secretariat.get(`/api/v1/persons/${pid}/documents/${r.json.id}`), 403, 'access.denied');
  assert.equal((await c.medecin.get(`/api/v1/persons/${pid}/documents/${r.json.id}`)).status, 200);
  // The secretariat may not file a medical document either.
  assertError(await upload(c.secretariat, pid, PNG, 'image/png', 'category=medical&title=x'), 403,
    'access.denied');
  // A partner outside consent sees nothing.
  assertError(await c.dac48.get(`/api/v1/persons/${ids.BOUDON}/documents`), 404, 'person.not_found');
  assertError(await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/documents/${r.json.id}`), 404,
    'document.not_found', undefined);
});

test('bad files are refused and nothing is stored', async () => {
  const pid = ids.VALENTIN;
  const up = (body, type, qs = 'category=soins&title=x') => upload(c.coordination, pid, body, type, qs);
  const before = (await c.coordination.get(`/api/v1/persons/${pid}/documents`)).json.items;
  assertError(await up(Buffer.from('MZ\x90\x00 not a pdf'), 'application/pdf'), 422,
    'document.content_type.mismatch', 'content_type');
  assertError(await up(PNG, 'application/pdf'), 422, 'document.content_type.mismatch');
  assertError(await up(Buffer.from('<svg onload=alert(1)>'), 'image/svg+xml'), 422,
    'document.content_type.invalid');
  assertError(await up(Buffer.alloc(0), 'application/pdf'), 422, 'document.file.empty', 'file');
  assertError(await up(PDF, 'application/pdf', 'title=x'), 422, 'document.category.invalid', 'category');
  assertError(await up(PDF, 'application/pdf', 'category=soins'), 422, 'document.title.invalid', 'title');
  const big = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(5 * 1024 * 1024 + 10)]);
  const r = await up(big, 'application/pdf');
  assert.equal(r.status, 413);
  const list = await c.coordination.get(`/api/v1/persons/${pid}/documents`);
  assert.deepEqual(list.json.items, before);
});
