// Issue 10 points 1 and 2 (record editing): the person's phone (0024),
// each PATCH within and outside the role's rights (identity = admin, the
// texts by category), the objection's date and informant, and the circle
// change that makes the record findable by the new member. Runs on SQLite
// and, with MAILLAGE_TEST_PG, on PostgreSQL.
// SPEC: PRODUCT §1 (record, circle, consent), DOMAIN §2 (identity).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, accesses, personIds } from './lib/util.mjs';

let srv;
let ids;
const c = {};
const ROLES = ['coordination', 'medecin', 'ide', 'aide', 'ergo', 'psy', 'secretariat', 'direction',
  'dac48'];

before(async () => {
  srv = await startServer();
  for (const a of ROLES) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
});
after(async () => { await srv?.stop(); });

test('phone: in the demo, stored by PATCH, emptied with null, refused when not a number', async () => {
  const pid = ids.ROUSSET;
  const before = (await c.coordination.get(`/api/v1/persons/${pid}`)).json;
  assert.equal(before.phone, '04 65 71 10 14', 'the demo has a phone (ARCEP fiction range)');
  for (const bad of ['appelez sa fille', '12', '0466310000000000000000000', '+33 (0)4 x']) {
    assertError(await c.coordination.patch(`/api/v1/persons/${pid}`, { phone: bad }), 422,
      'person.phone.invalid', 'phone');
  }
  assert.equal((await c.coordination.get(`/api/v1/persons/${pid}`)).json.phone, before.phone,
    'a refused phone changes nothing');
  const ok = await c.coordination.patch(`/api/v1/persons/${pid}`, { phone: '+33 4 66 31 22 33' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.phone, '+33 4 66 31 22 33');
  assert.equal(ok.json.identity_status, before.identity_status, 'the phone is no strict trait');
  const list = (await c.coordination.get('/api/v1/persons?q=rousset')).json.items;
  assert.equal(list[0].phone, '+33 4 66 31 22 33', 'the list row carries it too');
  const cleared = await c.coordination.patch(`/api/v1/persons/${pid}`, { phone: null });
  assert.equal(cleared.json.phone, null);
  const created = await c.coordination.post('/api/v1/persons', { birth_name: 'TELEPHONE',
    first_names: 'Rose', birth_date: '1940-01-01', sex: 'F', phone: '04.66.31.00.01' });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.phone, '04.66.31.00.01');
});

// Every role: the identity (admin) and each text as access.write says,
// a 403 access.denied otherwise, and nothing changed by a refusal.
test('PATCH within and outside each role\'s rights: identity and every category text', async () => {
  const pid = ids.ROUSSET;
  const TEXT = { admin: null, social: 'Fille à Mende.', soins: 'SSIAD matin et soir.',
    medical: 'Insuffisance cardiaque.', psy: 'Humeur stable.' };
  let allowed = 0;
  let refused = 0;
  for (const who of ROLES) {
    const got = await c[who].get(`/api/v1/persons/${pid}`);
    const write = got.status === 200 ? got.json.access.write : [];
    for (const cat of Object.keys(TEXT)) {
      const body = cat === 'admin' ? { address: `Adresse écrite par ${who}` }
        : { data: { [cat]: `${TEXT[cat]} (${who})` } };
      const before = (await c.coordination.get(`/api/v1/persons/${pid}`)).json;
      const r = await c[who].patch(`/api/v1/persons/${pid}`, body);
      if (write.includes(cat)) {
        assert.equal(r.status, 200, `${who} writes ${cat}: ${r.text}`);
        allowed++;
      } else {
        assert.ok(r.status === 403 || r.status === 404, `${who} may not write ${cat}: ${r.status}`);
        if (r.status === 403) assert.equal(r.json.error.code, 'access.denied');
        const after = (await c.coordination.get(`/api/v1/persons/${pid}`)).json;
        assert.deepEqual([after.address, after.data], [before.address, before.data],
          `${who}'s refused ${cat} changes nothing`);
        refused++;
      }
    }
  }
  assert.ok(allowed >= 10 && refused >= 10, `both sides exercised (${allowed}/${refused})`);
  // The secretariat fixes the identity but never writes a care text.
  assert.equal((await c.secretariat.patch(`/api/v1/persons/${pid}`,
    { used_first_name: 'Marcelle' })).status, 200);
  assertError(await c.secretariat.patch(`/api/v1/persons/${pid}`, { data: { soins: 'x' } }), 403,
    'access.denied');
  // A partner never edits the identity of someone it follows.
  const dac = await c.dac48.patch(`/api/v1/persons/${pid}`, { address: 'x' });
  assert.ok(dac.status === 403 || dac.status === 404, dac.text);
});

test('identity: INS added later, status raised after a document check, duplicate flag', async () => {
  const r = await c.coordination.post('/api/v1/persons', { birth_name: 'PLUSTARD',
    first_names: 'Ins', birth_date: '1995-10-01', sex: 'F', birthplace_insee: '99126' });
  assert.equal(r.status, 201, r.text);
  const pid = r.json.id;
  assertError(await c.coordination.patch(`/api/v1/persons/${pid}`, { identity_status: 'VALI' }), 422,
    'person.identity_document.required', 'identity_document');
  const ins = await c.coordination.patch(`/api/v1/persons/${pid}`, { ins: '295109912611193',
    ins_oid: '1.2.250.1.213.1.4.10' });
  assert.equal(ins.status, 200, ins.text);
  assert.equal(ins.json.ins, '295109912611193');
  const vali = await c.secretariat.patch(`/api/v1/persons/${pid}`, { identity_status: 'VALI',
    identity_document: 'passeport', flags: { duplicate: true } });
  assert.equal(vali.status, 200, vali.text);
  assert.equal(vali.json.identity_status, 'VALI');
  assert.equal(vali.json.identity_status_by.name, 'Martine Rieutort');
  assert.equal(vali.json.flags.duplicate, true);
});

test('objection: date and informant stored and answered; a future date refused; 403 for the '
  + 'secretariat', async () => {
  const pid = ids.CROZE;
  const orgs = (await c.coordination.get('/api/v1/orgs')).json.items;
  const ssiad = orgs.find((o) => o.type === 'ssiad');
  assertError(await c.coordination.post(`/api/v1/persons/${pid}/objections`, { org_id: ssiad.id,
    informed_on: `${new Date().getUTCFullYear() + 1}-01-02` }), 422, 'objection.informed_on.future',
    'informed_on');
  assertError(await c.coordination.post(`/api/v1/persons/${pid}/objections`, { org_id: ssiad.id,
    informed_on: '2026-02-30' }), 422, 'consent.informed_on.invalid', 'informed_on');
  assertError(await c.secretariat.post(`/api/v1/persons/${pid}/objections`, { org_id: ssiad.id,
    informed_on: '2026-11-30', informed_by: 'Martine Rieutort' }), 403, 'access.denied');
  const ok = await c.coordination.post(`/api/v1/persons/${pid}/objections`, { org_id: ssiad.id,
    informed_on: '2026-11-30', informed_by: 'Sophie Boyer, à domicile', note: 'Refus oral.' });
  assert.equal(ok.status, 201, ok.text);
  const obs = (await c.coordination.get(`/api/v1/persons/${pid}`)).json.objections;
  const o = obs.find((x) => x.id === ok.json.id);
  assert.deepEqual([o.org_id, o.informed_on, o.informed_by, o.note, o.withdrawn_at],
    [ssiad.id, '2026-11-30', 'Sophie Boyer, à domicile', 'Refus oral.', null]);
  const bare = await c.coordination.post(`/api/v1/persons/${pid}/objections`, { category: 'psy' });
  assert.equal(bare.status, 201, 'date and informant stay optional');
  assertError(await c.secretariat.del(`/api/v1/persons/${pid}/objections/${ok.json.id}`), 403,
    'access.denied');
  assert.equal((await c.coordination.del(`/api/v1/persons/${pid}/objections/${ok.json.id}`)).status,
    204);
  const after = (await c.coordination.get(`/api/v1/persons/${pid}`)).json.objections
    .find((x) => x.id === ok.json.id);
  assert.ok(after.withdrawn_at, 'kept, lifted');
  assert.equal(after.informed_by, 'Sophie Boyer, à domicile');
});

test('circle: the aide added by the coordinator finds the person; removed, she no longer does',
  async () => {
    const pid = ids.CROZE;
    const q = () => c.aide.get('/api/v1/persons?q=croze');
    assert.equal((await q()).json.total, 0);
    const team = (await c.coordination.get('/api/v1/team')).json.items;
    const aide = team.find((u) => u.display_name === 'Nadia Pagès');
    assertError(await c.secretariat.post(`/api/v1/persons/${pid}/circle`, { user_id: aide.id,
      role: 'Aide-soignante' }), 403, 'access.denied');
    assertError(await c.aide.post(`/api/v1/persons/${pid}/circle`, { user_id: aide.id,
      role: 'Aide-soignante' }), 404, 'person.not_found');
    const add = await c.coordination.post(`/api/v1/persons/${pid}/circle`, { user_id: aide.id,
      role: 'Aide-soignante' });
    assert.equal(add.status, 201, add.text);
    assert.equal((await q()).json.total, 1);
    assert.equal((await c.aide.get(`/api/v1/persons/${pid}`)).status, 200);
    const rows = await accesses(c.coordination, pid);
    assert.ok(rows.some((t) => t.action === 'circle.add' && t.login === 'coordination'));
    assert.equal((await c.coordination.del(`/api/v1/persons/${pid}/circle/${add.json.id}`)).status,
      204);
    assert.equal((await q()).json.total, 0);
  });
