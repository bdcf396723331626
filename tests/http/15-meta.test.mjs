// Reference lists for the forms (GET /api/v1/meta): every code list the
// UI needs, each code with its French label, consistent with what the
// routes accept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError } from './lib/util.mjs';

let srv;
let c;

before(async () => {
  srv = await startServer();
  c = await login(srv.base, 'secretariat');
});
after(async () => { await srv?.stop(); });

test('every list has codes and French labels', async () => {
  const r = await c.get('/api/v1/meta');
  assert.equal(r.status, 200);
  const lists = ['roles', 'professions', 'categories', 'org_types', 'identity_statuses', 'ins_oids',
    'identity_documents', 'identity_flags', 'aggir_subvariables', 'legal_protections',
    'caregiver_situations', 'consent_informed_to'];
  for (const k of lists) {
    assert.ok(Array.isArray(r.json[k]) && r.json[k].length > 0, k);
    for (const it of r.json[k]) {
      assert.deepEqual(Object.keys(it).sort(), ['code', 'label'], k);
      assert.ok(it.label.length > 1, `${k}.${it.code} label`);
    }
  }
  const codes = (k) => r.json[k].map((x) => x.code);
  assert.deepEqual(codes('identity_statuses'), ['PROV', 'RECUP', 'VALI', 'QUAL']);
  assert.deepEqual(codes('ins_oids'), ['1.2.250.1.213.1.4.8', '1.2.250.1.213.1.4.9',
    '1.2.250.1.213.1.4.10', '1.2.250.1.213.1.4.11']);
  assert.equal(r.json.aggir_subvariables.length, 17);
  assert.equal(r.json.aggir_subvariables[0].code, 'coh_communication');
  assert.equal(r.json.caregiver_situations.find((x) => x.code === 'epuise').label, 'Épuisé');
  assert.equal(typeof r.json.version, 'string');
  // The lists are what the routes accept: a listed document is accepted.
  const p = await c.post('/api/v1/persons', { birth_name: 'META', first_names: 'Test', birth_date: '1940-01-01',
    sex: 'F', identity_status: 'VALI', identity_document: codes('identity_documents')[2] });
  assert.equal(p.status, 201, p.text);
  assert.equal((await fetch(srv.base + '/api/v1/meta')).status, 401, 'needs a session');
});

test('unknown query parameters are ignored, but a bad session is refused', async () => {
  const r = await fetch(srv.base + '/api/v1/meta', { headers: { cookie: 'maillage_session=faux-jeton-de-session' } });
  assert.equal(r.status, 401);
  assertError({ status: r.status, headers: r.headers, json: await r.json(), text: '' }, 401, 'auth.required');
});
