// Identity vigilance (DOMAIN §2): the status PROV/RECUP/VALI/QUAL with its
// date, author and the document checked; a strict trait change lowers the
// status (QUAL → VALI, RECUP → PROV) and is traced; the identity flags;
// possible duplicates flagged at creation, never merged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, accesses } from './lib/util.mjs';

const OID_TEST = '1.2.250.1.213.1.4.10';
let srv;
const c = {};

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'secretariat', 'dac48']) c[a] = await login(srv.base, a);
});
after(async () => { await srv?.stop(); });

const person = (over = {}) => ({ birth_name: 'VIGILANCE', first_names: 'Jeanne Marie',
  birth_date: '1938-04-02', sex: 'F', ...over });

test('status rules: RECUP/QUAL need the INS, VALI/QUAL need the document checked', async () => {
  const post = (o) => c.coordination.post('/api/v1/persons', person(o));
  assertError(await post({ identity_status: 'QUAL', identity_document: 'cni' }), 422,
    'person.identity_status.ins_required', 'identity_status');
  assertError(await post({ identity_status: 'RECUP' }), 422, 'person.identity_status.ins_required');
  assertError(await post({ identity_status: 'VALI' }), 422, 'person.identity_document.required',
    'identity_document');
  assertError(await post({ identity_status: 'VALI', identity_document: 'livret' }), 422,
    'person.identity_document.invalid', 'identity_document');
  const r = await post({ birth_name: 'QUALIFIEE', ins: '238042B07300456'.slice(0, 13) + '00',
    ins_oid: OID_TEST });
  assert.equal(r.status, 422, 'an INS with a wrong key is refused first');
});

test('a qualified identity: date, author and document kept; strict trait change lowers it, traced', async () => {
  const ins = '295109912611193';
  let r = await c.coordination.post('/api/v1/persons', person({ birth_name: 'QUALIF', ins,
    ins_oid: OID_TEST, identity_status: 'QUAL', identity_document: 'cni' }));
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.identity_status, 'QUAL');
  assert.equal(r.json.identity_document, 'cni');
  assert.deepEqual(r.json.identity_status_by, { id: c.coordination.user.id, name: 'Sophie Boyer' });
  assert.match(r.json.identity_status_at, /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(r.json.flags, { doubtful: false, fictitious: false, homonym: false, duplicate: false });
  // A non-strict trait (used name) keeps the status.
  r = await c.coordination.patch(`/api/v1/persons/${id}`, { used_name: 'MARTIN' });
  assert.equal(r.json.identity_status, 'QUAL');
  // A strict trait (birth date) lowers QUAL to VALI, traced.
  r = await c.coordination.patch(`/api/v1/persons/${id}`, { birth_date: '1938-04-03' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.identity_status, 'VALI');
  let rows = await accesses(c.coordination, id);
  const t = rows.find((x) => x.action === 'identity.downgrade');
  assert.ok(t, JSON.stringify(rows));
  assert.equal(t.request_id, r.headers.get('x-request-id'));
  // VALI stays on a further strict change (the document check holds).
  r = await c.coordination.patch(`/api/v1/persons/${id}`, { sex: 'M' });
  assert.equal(r.json.identity_status, 'VALI');
  // Re-qualified explicitly after a new retrieval.
  r = await c.coordination.patch(`/api/v1/persons/${id}`, { identity_status: 'QUAL' });
  assert.equal(r.json.identity_status, 'QUAL');
  // RECUP → PROV on a strict change.
  r = await c.coordination.patch(`/api/v1/persons/${id}`, { identity_status: 'RECUP',
    identity_document: null });
  assert.equal(r.json.identity_status, 'RECUP');
  r = await c.coordination.patch(`/api/v1/persons/${id}`, { first_names: 'Jeanne' });
  assert.equal(r.json.identity_status, 'PROV');
  rows = await accesses(c.coordination, id);
  assert.equal(rows.filter((x) => x.action === 'identity.downgrade').length, 2);
});

test('identity flags and duplicates: flagged at creation, never merged', async () => {
  const a = await c.coordination.post('/api/v1/persons', person({ birth_name: 'DOUBLON' }));
  const b = await c.coordination.post('/api/v1/persons', person({ birth_name: 'DOUBLON' }));
  assert.equal(b.status, 201);
  assert.notEqual(a.json.id, b.json.id);
  assert.deepEqual(b.json.possible_duplicates, [a.json.id]);
  assert.equal(b.json.flags.duplicate, true);
  assert.equal(a.json.flags.duplicate, false);
  const r = await c.coordination.patch(`/api/v1/persons/${b.json.id}`,
    { flags: { duplicate: false, homonym: true } });
  assert.deepEqual(r.json.flags, { doubtful: false, fictitious: false, homonym: true, duplicate: false });
  assertError(await c.coordination.patch(`/api/v1/persons/${b.json.id}`, { flags: { suspect: true } }),
    400, 'person.flags.unknown_field');
  assertError(await c.coordination.patch(`/api/v1/persons/${b.json.id}`, { flags: { homonym: 'oui' } }),
    400, 'person.flags.homonym.type', 'flags.homonym');
});
