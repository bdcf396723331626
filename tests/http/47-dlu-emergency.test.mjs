// Issue 10 point 6 (HAS DLU-Dom): the DLU carries what the emergency
// services need — the GP with a telephone, the CRT's on-call number (a CRT
// setting), the legal protection and its representative (the demo's
// BOUDON is under curatelle), the last GIR — also for a break-the-glass
// reader; the active supports without a DLU are listed for the coordination.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, personIds, accesses, keys } from './lib/util.mjs';

let srv;
const c = {};
let ids;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'direction', 'psy', 'secretariat', 'ide', 'dac48']) {
    c[a] = await login(srv.base, a);
  }
  ids = await personIds(c.coordination);
});
after(async () => { await srv?.stop(); });

test('the DLU: GP with phone, on-call number, legal protection and curateur, GIR', async () => {
  let r = await c.coordination.get(`/api/v1/persons/${ids.BOUDON}/dlu`);
  assert.equal(r.status, 200, r.text);
  const e = r.json.emergency;
  assert.deepEqual(keys(e), ['crt_oncall_phone', 'gir', 'gp', 'legal_protection']);
  assert.deepEqual(keys(e.gp), ['name', 'org', 'phone']);
  assert.match(e.gp.phone, /^0\d( \d\d){4}$/);
  assert.equal(e.crt_oncall_phone, '04 66 32 15 15');
  assert.equal(e.legal_protection.code, 'curatelle_simple');
  assert.equal(e.legal_protection.label, 'Curatelle simple');
  assert.match(e.legal_protection.representative, /UDAF de la Lozère \(curateur\)/);
  assert.equal(e.gir.value, 3);
  assert.match(e.gir.evaluated_on, /^\d{4}-\d\d-\d\d$/);
  assert.match(r.json.dlu.trusted_person, /curatelle/);
  // No protection, no GIR: null, not invented.
  r = await c.coordination.get(`/api/v1/persons/${ids.CROZE}/dlu`);
  assert.equal(r.json.emergency.legal_protection, null);
  assert.equal(r.json.emergency.gir, null);
  assert.equal(r.json.dlu, null);
  // The on-call reader of a break-the-glass grant gets the same page.
  r = await c.psy.post(`/api/v1/persons/${ids.BOUDON}/breakglass`,
    { reason: 'Malaise signalé par la téléassistance cette nuit' });
  assert.equal(r.status, 201, r.text);
  r = await c.psy.get(`/api/v1/persons/${ids.BOUDON}/dlu`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.access.kind, 'breakglass');
  assert.equal(r.json.emergency.legal_protection.code, 'curatelle_simple');
  assert.equal(r.json.emergency.crt_oncall_phone, '04 66 32 15 15');
  assert.equal(r.json.emergency.gir.value, 3);
});

test('the on-call number is a CRT setting of the coordination and the direction', async () => {
  let r = await c.direction.put('/api/v1/crt/settings', { file_active_target: 30, aggir_valid_months: 12,
    oncall_phone: '06 11 22 33 44' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.oncall_phone, '06 11 22 33 44');
  r = await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/dlu`);
  assert.equal(r.json.emergency.crt_oncall_phone, '06 11 22 33 44');
  assertError(await c.coordination.put('/api/v1/crt/settings', { file_active_target: 30,
    aggir_valid_months: 12, oncall_phone: '112' }), 422, 'settings.oncall_phone.invalid', 'oncall_phone');
  assertError(await c.ide.put('/api/v1/crt/settings', { file_active_target: 30, aggir_valid_months: 12,
    oncall_phone: '06 11 22 33 44' }), 403, 'role.forbidden');
  r = await c.coordination.put('/api/v1/crt/settings', { file_active_target: 30, aggir_valid_months: 12,
    oncall_phone: null });
  assert.equal(r.json.oncall_phone, null);
  r = await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}/dlu`);
  assert.equal(r.json.emergency.crt_oncall_phone, null);
  r = await c.coordination.put('/api/v1/crt/settings', { file_active_target: 30, aggir_valid_months: 12,
    oncall_phone: '04 66 32 15 15' });
  assert.equal(r.json.oncall_phone, '04 66 32 15 15');
});

test('active supports without a DLU: listed with their count, traced', async () => {
  const r = await c.coordination.get('/api/v1/dlu/missing');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(keys(r.json), ['items', 'total']);
  assert.equal(r.json.total, r.json.items.length);
  assert.ok(r.json.total >= 1, 'the demo has active supports without a DLU');
  const sup = await c.coordination.get('/api/v1/supports?status=active');
  const active = new Set(sup.json.items.map((s) => s.person_id ?? s.person?.id));
  for (const it of r.json.items) {
    assert.deepEqual(keys(it), ['birth_date', 'birth_name', 'birth_name_display', 'first_names',
      'first_names_display', 'person_id', 'started_on', 'support_id', 'used_name']);
    assert.ok(active.has(it.person_id), `${it.birth_name} has an active support`);
    const d = await c.coordination.get(`/api/v1/persons/${it.person_id}/dlu`);
    assert.equal(d.json.dlu, null, `${it.birth_name} has no DLU`);
  }
  const names = r.json.items.map((x) => x.birth_name);
  assert.ok(!names.includes('ROUSSET') && !names.includes('TEISSIER') && !names.includes('BOUDON'),
    'the people with a DLU are not listed');
  const first = r.json.items[0];
  const rows = await accesses(c.coordination, first.person_id);
  assert.ok(rows.some((t) => t.action === 'dlu.missing' && t.login === 'coordination'));
  // Filling the DLU takes the person off the list.
  const put = await c.coordination.put(`/api/v1/persons/${first.person_id}/dlu`,
    { treatments: 'Aucun traitement', allergies: 'Aucune connue' });
  assert.equal(put.status, 200, put.text);
  const after = await c.coordination.get('/api/v1/dlu/missing');
  assert.equal(after.json.total, r.json.total - 1);
  assertError(await c.dac48.get('/api/v1/dlu/missing'), 403, 'role.forbidden');
});
