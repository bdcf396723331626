// The person record: creation (duplicates, INS), search, paging, care
// circle, consent objections, identity changes, INS disclosure to
// partners, and the access history (JSON and CSV).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, run } from './lib/server.mjs';
import { assertError, assertPerson, assertIdentity, personIds, accesses, keys, nir } from './lib/util.mjs';

const OID_NIR = '1.2.250.1.213.1.4.8';
let srv;
const c = {};
let ids;
let dacOrg;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'medecin', 'ide', 'ergo', 'dac48', 'direction', 'secretariat', 'admin']) {
    c[a] = await login(srv.base, a);
  }
  ids = await personIds(c.coordination);
  dacOrg = (await c.coordination.get('/api/v1/orgs')).json.items
    .find((o) => o.name === 'DAC de la Lozère (DAC 48)');
});
after(async () => { await srv?.stop(); });

const person = (extra = {}) => ({ birth_name: 'FABRE', first_names: 'Lucie Anne',
  birth_date: '1941-02-03', sex: 'F', ...extra });

test('create: 201 with the record, its grant, no duplicate; traced as person.create', async () => {
  const r = await c.coordination.post('/api/v1/persons', person({ birthplace_insee: '48095',
    used_first_name: 'Lulu', data: { social: 'Vit seule à Fontans.', soins: 'Passage IDE le matin.' } }));
  assert.equal(r.status, 201, r.text);
  assertPerson(r.json);
  assert.deepEqual(r.json.possible_duplicates, []);
  assert.equal(r.json.birth_name, 'FABRE');
  assert.equal(r.json.used_first_name, 'Lulu');
  assert.equal(r.json.identity_status, 'PROV', 'default status');
  assert.equal(r.json.ins, null);
  assert.equal(r.json.data.social, 'Vit seule à Fontans.');
  assert.equal(r.json.data.soins, 'Passage IDE le matin.');
  assert.deepEqual(r.json.circle, []);
  assert.deepEqual(r.json.objections, []);
  assert.equal(r.json.access.kind, 'normal');
  const rows = await accesses(c.coordination, r.json.id);
  const mine = rows.filter((t) => t.request_id === r.headers.get('x-request-id'));
  assert.deepEqual(mine.map((t) => t.action).sort(), ['person.create', 'person.read']);
  assert.equal(mine.find((t) => t.action === 'person.create').categories, 'admin,social,soins');
  ids.FABRE = r.json.id;
});

test('create: possible duplicates flagged (same names and birth date), never merged; one INS is one person', async () => {
  const same = await c.coordination.post('/api/v1/persons', person({ birth_name: 'fabre',
    first_names: 'LUCIE ANNE' }));
  assert.equal(same.status, 201, same.text);
  assert.deepEqual(same.json.possible_duplicates, [ids.FABRE]);
  assert.notEqual(same.json.id, ids.FABRE);

  const rousset = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}`)).json;
  assert.match(rousset.ins, /^\d{15}$/);
  // Issue 8 §15: another person with ROUSSET's INS is refused, naming
  // the record that holds it (its id only), and nothing is stored.
  const total = (await c.coordination.get('/api/v1/persons?limit=200')).json.total;
  const dupIns = assertError(await c.coordination.post('/api/v1/persons', { birth_name: 'AUTRE',
    first_names: 'Nom', birth_date: rousset.birth_date, sex: 'F', ins: rousset.ins,
    ins_oid: rousset.ins_oid }), 409, 'person.ins.taken', 'ins');
  assert.equal(dupIns.holder_id, ids.ROUSSET);
  assert.match(dupIns.message, /INS/);
  assert.equal((await c.coordination.get('/api/v1/persons?limit=200')).json.total, total);

  const other = await c.coordination.post('/api/v1/persons', person({ birth_date: '1941-02-04' }));
  assert.deepEqual(other.json.possible_duplicates, [], 'another birth date is another person');
});

test('create: who may create (write on identity, never a partner)', async () => {
  for (const a of ['direction', 'ergo', 'dac48', 'ide']) {
    const e = assertError(await c[a].post('/api/v1/persons', person()), 403, 'person.create.forbidden');
    assert.match(e.message, /créer/);
  }
  // The secretariat writes identity only.
  const s = await c.secretariat.post('/api/v1/persons', person({ birth_name: 'SECRETARIAT' }));
  assert.equal(s.status, 201, s.text);
  assert.deepEqual(s.json.access.read, ['admin']);
  assertError(await c.secretariat.post('/api/v1/persons', person({ data: { social: 'x' } })), 403,
    'person.create.forbidden');
  assert.equal((await c.medecin.post('/api/v1/persons', person({ birth_name: 'MEDECIN',
    data: { medical: 'HTA' } }))).status, 201);
});

test('create: identity validation (422, stable codes, field named)', async () => {
  const cases = [
    [{ birth_name: undefined }, 'person.birth_name.required', 'birth_name'],
    [{ birth_name: '' }, 'person.birth_name.required', 'birth_name'],
    [{ first_names: undefined }, 'person.first_names.required', 'first_names'],
    [{ birth_date: '1941-02-30' }, 'person.birth_date.invalid', 'birth_date'],
    [{ birth_date: '03/02/1941' }, 'person.birth_date.invalid', 'birth_date'],
    [{ birth_date: '2150-01-01' }, 'person.birth_date.future', 'birth_date'],
    [{ sex: 'X' }, 'person.sex.invalid', 'sex'],
    [{ identity_status: 'OK' }, 'person.identity_status.invalid', 'identity_status'],
    [{ birthplace_insee: '481' }, 'person.birthplace_insee.too_short', 'birthplace_insee'],
    [{ birth_name: 'N'.repeat(101) }, 'person.birth_name.too_long', 'birth_name'],
    [{ data: { medical: 'x'.repeat(20001) } }, 'person.data.medical.too_long', 'data.medical'],
  ];
  for (const [extra, code, field] of cases) {
    const body = person(extra);
    for (const k of Object.keys(extra)) if (extra[k] === undefined) delete body[k];
    const e = assertError(await c.coordination.post('/api/v1/persons', body), 422, code, field);
    assert.match(e.message, /^(Le|La|L'|Les) /, code);
  }
});

test('INS: control key checked (Corsica 2A/2B included); invalid → 422 person.ins.invalid', async () => {
  // DOMAIN §2 examples, each with the traits its NIR encodes.
  for (const [ins, name, birth_date, birthplace_insee] of [
    ['295109912611193', 'INSA', '1995-10-03', '99126'], ['253072A07300443', 'CORSEA', '1953-07-08', '2A073'],
    ['253072B07300470', 'CORSEB', '1953-07-08', '2B073']]) {
    const r = await c.coordination.post('/api/v1/persons', person({ birth_name: name, ins, birth_date,
      birthplace_insee, ins_oid: OID_NIR, identity_status: 'VALI', identity_document: 'passeport' }));
    assert.equal(r.status, 201, `${ins}: ${r.text}`);
    assert.equal(r.json.ins, ins);
    assert.equal(r.json.ins_oid, OID_NIR);
    assert.equal(r.json.identity_status, 'VALI');
  }
  const e = assertError(await c.coordination.post('/api/v1/persons', person({ ins: '295109912611199',
    ins_oid: OID_NIR })), 422, 'person.ins.invalid', 'ins');
  assert.match(e.message, /INS/);
  for (const bad of ['253072C07300443', '995109912611193', '29510991261119X']) {
    assertError(await c.coordination.post('/api/v1/persons', person({ ins: bad, ins_oid: OID_NIR })),
      422, 'person.ins.invalid', 'ins');
  }
  assertError(await c.coordination.post('/api/v1/persons', person({ ins: '29510991261119',
    ins_oid: OID_NIR })), 422, 'person.ins.too_short', 'ins');
  assertError(await c.coordination.post('/api/v1/persons', person({ ins: '295109912611193' })),
    422, 'person.ins_oid.required', 'ins_oid');
  assertError(await c.coordination.post('/api/v1/persons', person({ ins: '295109912611193',
    ins_oid: '1.2.3' })), 422, 'person.ins_oid.invalid', 'ins_oid');
});

test('search: accents and case folded (« Émile » = « emile »), used names too', async () => {
  const find = async (q) => {
    const r = await c.coordination.get('/api/v1/persons?q=' + encodeURIComponent(q));
    assert.equal(r.status, 200, r.text);
    // One page (50 by default): the empty search lists the first 50 of everyone.
    assert.equal(r.json.items.length, Math.min(r.json.total, r.json.limit));
    r.json.items.forEach(assertIdentity);
    return r.json.items.map((p) => p.birth_name).sort();
  };
  assert.deepEqual(await find('Émile'), ['TEISSIER']);
  assert.deepEqual(await find('emile'), ['TEISSIER']);
  assert.deepEqual(await find('EMILE'), ['TEISSIER']);
  assert.deepEqual(await find('teissier'), ['TEISSIER']);
  assert.deepEqual(await find('Teissier Paul'), ['TEISSIER']);
  assert.deepEqual(await find('astruc'), ['BOUDON'], 'used name');
  assert.deepEqual(await find('bergougnoux'), ['MALAVAL']);
  assert.deepEqual(await find('zzzz'), []);
  const everyone = (await c.coordination.get('/api/v1/persons?limit=200')).json.total;
  assert.equal((await find('')).length, Math.min(everyone, 50), 'an empty search lists everyone');
  assertError(await c.coordination.get('/api/v1/persons?q=' + 'a'.repeat(101)), 422,
    'persons.q.too_long', 'q');
});

test('paging: limit/offset/total, pages tile the list; limit 0 or 201 → 422', async () => {
  const all = (await c.coordination.get('/api/v1/persons?limit=200')).json;
  assert.ok(all.total >= 8);
  assert.equal(all.items.length, all.total);
  const seen = [];
  for (let off = 0; off < all.total; off += 3) {
    const r = await c.coordination.get(`/api/v1/persons?limit=3&offset=${off}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.total, all.total);
    assert.equal(r.json.limit, 3);
    assert.equal(r.json.offset, off);
    assert.equal(r.json.items.length, Math.min(3, all.total - off));
    seen.push(...r.json.items.map((p) => p.id));
  }
  assert.deepEqual(seen, all.items.map((p) => p.id), 'stable order, no gap, no overlap');
  const beyond = await c.coordination.get(`/api/v1/persons?offset=${all.total + 10}`);
  assert.deepEqual(beyond.json.items, []);
  assert.equal(beyond.json.total, all.total);
  const dflt = await c.coordination.get('/api/v1/persons');
  assert.equal(dflt.json.limit, 50);
  assert.equal(dflt.json.offset, 0);
  for (const l of ['0', '201', '-1', 'abc', '1.5', '', '99999999999999']) {
    const e = assertError(await c.coordination.get(`/api/v1/persons?limit=${l}`), 422,
      'paging.limit.invalid', 'limit');
    assert.match(e.message, /entre 1 et 200/);
  }
  assert.equal((await c.coordination.get('/api/v1/persons?limit=200')).status, 200);
  assert.equal((await c.coordination.get('/api/v1/persons?limit=1')).status, 200);
  for (const o of ['-1', 'x', '1e3']) {
    assertError(await c.coordination.get(`/api/v1/persons?offset=${o}`), 422, 'paging.offset.invalid',
      'offset');
  }
});

test('circle: add a professional → access; remove → no access; validation', async () => {
  const pid = ids.CROZE;
  assertError(await c.ergo.get(`/api/v1/persons/${pid}`), 404, 'person.not_found');
  const add = await c.coordination.post(`/api/v1/persons/${pid}/circle`,
    { user_id: c.ergo.user.id, role: 'Ergothérapeute référent' });
  assert.equal(add.status, 201, add.text);
  assert.deepEqual(keys(add.json), ['id']);
  const member = add.json.id;
  const p = (await c.coordination.get(`/api/v1/persons/${pid}`)).json;
  const m = p.circle.find((x) => x.id === member);
  assert.deepEqual({ ...m, since: undefined }, { id: member, user_id: c.ergo.user.id, org_id: null,
    role: 'Ergothérapeute référent', name: 'Thomas Molinier', kind: 'ergotherapeute', since: undefined });
  const g = await c.ergo.get(`/api/v1/persons/${pid}`);
  assert.equal(g.status, 200);
  assert.ok((await c.ergo.get('/api/v1/persons?q=croze')).json.total === 1);

  const del = await c.coordination.del(`/api/v1/persons/${pid}/circle/${member}`);
  assert.equal(del.status, 204, del.text);
  assertError(await c.ergo.get(`/api/v1/persons/${pid}`), 404, 'person.not_found');
  assert.equal((await c.ergo.get('/api/v1/persons?q=croze')).json.total, 0);
  assertError(await c.coordination.del(`/api/v1/persons/${pid}/circle/${member}`), 404, 'circle.not_found');
  assert.ok(!(await c.coordination.get(`/api/v1/persons/${pid}`)).json.circle.some((x) => x.id === member));

  // An organisation joins as a whole.
  const org = await c.coordination.post(`/api/v1/persons/${pid}/circle`,
    { org_id: dacOrg.id, role: 'Coordination de parcours' });
  assert.equal(org.status, 201);
  assert.equal((await c.dac48.get(`/api/v1/persons/${pid}`)).status, 200);
  assert.equal((await c.coordination.del(`/api/v1/persons/${pid}/circle/${org.json.id}`)).status, 204);
  assertError(await c.dac48.get(`/api/v1/persons/${pid}`), 404, 'person.not_found');

  // Validation and rights.
  const path = `/api/v1/persons/${pid}/circle`;
  assertError(await c.coordination.post(path, { user_id: c.ergo.user.id, org_id: dacOrg.id, role: 'x' }),
    422, 'circle.member.one_of', 'user_id');
  assertError(await c.coordination.post(path, { role: 'x' }), 422, 'circle.member.one_of');
  assertError(await c.coordination.post(path, { user_id: c.ergo.user.id }), 422, 'circle.role.required', 'role');
  assertError(await c.coordination.post(path, { user_id: 999999, role: 'x' }), 404, 'user.not_found');
  assertError(await c.coordination.post(path, { org_id: 999999, role: 'x' }), 404, 'org.not_found');
  assertError(await c.coordination.post(path, { user_id: 0, role: 'x' }), 422, 'circle.user_id.range', 'user_id');
  assertError(await c.ide.post(path, { user_id: c.ergo.user.id, role: 'x' }), 404, 'person.not_found');
  assertError(await c.dac48.post(`/api/v1/persons/${ids.ROUSSET}/circle`, { user_id: c.ergo.user.id,
    role: 'x' }), 403, 'access.denied');
  assertError(await c.coordination.post('/api/v1/persons/999999/circle', { user_id: c.ergo.user.id,
    role: 'x' }), 404, 'person.not_found');
  const rows = await accesses(c.coordination, pid);
  assert.ok(rows.some((t) => t.action === 'circle.add' && t.request_id === add.headers.get('x-request-id')));
  assert.ok(rows.some((t) => t.action === 'circle.remove' && t.request_id === del.headers.get('x-request-id')));
  assert.ok(rows.some((t) => t.action === 'circle.add' && t.login === 'ide' && t.outcome === 'denied'));
});

test('objections: against the DAC hides the record from it; withdrawn → visible again', async () => {
  const pid = ids.ROUSSET;
  assert.equal((await c.dac48.get(`/api/v1/persons/${pid}`)).status, 200);
  const o = await c.coordination.post(`/api/v1/persons/${pid}/objections`,
    { org_id: dacOrg.id, note: 'Informée le 3 mars, refuse le partage avec le DAC.' });
  assert.equal(o.status, 201, o.text);
  assert.deepEqual(keys(o.json), ['id']);
  assertError(await c.dac48.get(`/api/v1/persons/${pid}`), 404, 'person.not_found');
  assert.ok(!(await c.dac48.get('/api/v1/persons?limit=200')).json.items.some((p) => p.id === pid));
  const rec = (await c.coordination.get(`/api/v1/persons/${pid}`)).json;
  const ob = rec.objections.find((x) => x.id === o.json.id);
  assert.equal(ob.org_id, dacOrg.id);
  assert.equal(ob.org_name, 'DAC de la Lozère (DAC 48)');
  assert.equal(ob.category, null);
  assert.equal(ob.withdrawn_at, null);
  // The team is not bound by objections (they govern sharing outside it).
  assert.equal((await c.ergo.get(`/api/v1/persons/${pid}`)).status, 200);

  const w = await c.coordination.del(`/api/v1/persons/${pid}/objections/${o.json.id}`);
  assert.equal(w.status, 204, w.text);
  assert.equal((await c.dac48.get(`/api/v1/persons/${pid}`)).status, 200);
  const after = (await c.coordination.get(`/api/v1/persons/${pid}`)).json.objections
    .find((x) => x.id === o.json.id);
  assert.match(after.withdrawn_at, /^\d{4}-/, 'kept, with its withdrawal date');
  assertError(await c.coordination.del(`/api/v1/persons/${pid}/objections/${o.json.id}`), 404,
    'objection.not_found');
  const rows = await accesses(c.coordination, pid);
  assert.ok(rows.some((t) => t.action === 'consent.objection' && t.request_id === o.headers.get('x-request-id')));
  assert.ok(rows.some((t) => t.action === 'consent.withdraw' && t.request_id === w.headers.get('x-request-id')));
});

test('objections by category: the partner loses that category only; `admin` hides the person', async () => {
  const pid = ids.TEISSIER;
  const o = await c.coordination.post(`/api/v1/persons/${pid}/objections`, { category: 'social' });
  assert.equal(o.status, 201, o.text);
  const g = await c.dac48.get(`/api/v1/persons/${pid}`);
  assert.deepEqual(g.json.access.read, ['admin', 'soins']);
  assert.ok(!('social' in g.json.data));
  assert.equal((await c.ide.get(`/api/v1/persons/${pid}`)).json.access.read.includes('social'), true);
  const a = await c.coordination.post(`/api/v1/persons/${pid}/objections`, { category: 'admin' });
  assert.equal(a.status, 201);
  assertError(await c.dac48.get(`/api/v1/persons/${pid}`), 404, 'person.not_found');
  assert.equal((await c.dac48.get('/api/v1/persons?q=teissier')).json.total, 0);
  for (const id of [o.json.id, a.json.id]) {
    assert.equal((await c.coordination.del(`/api/v1/persons/${pid}/objections/${id}`)).status, 204);
  }
  assert.deepEqual((await c.dac48.get(`/api/v1/persons/${pid}`)).json.access.read, ['admin', 'social', 'soins']);

  const path = `/api/v1/persons/${pid}/objections`;
  assertError(await c.coordination.post(path, { org_id: dacOrg.id, category: 'social' }), 422,
    'objection.target.one_of', 'org_id');
  assertError(await c.coordination.post(path, {}), 422, 'objection.target.one_of');
  assertError(await c.coordination.post(path, { note: 'rien' }), 422, 'objection.target.one_of');
  const self = (await c.coordination.get('/api/v1/orgs')).json.items.find((x) => x.is_self);
  assertError(await c.coordination.post(path, { org_id: self.id }), 422, 'objection.org_id.self', 'org_id');
  assertError(await c.coordination.post(path, { category: 'finance' }), 422, 'consent.category.invalid',
    'category');
  assertError(await c.coordination.post(path, { org_id: 999999 }), 404, 'org.not_found');
  assertError(await c.dac48.post(path, { category: 'psy' }), 403, 'access.denied');
  assertError(await c.coordination.del(`/api/v1/persons/${pid}/objections/999999`), 404, 'objection.not_found');
});

test('PATCH identity: changes stored and searchable; refusals change nothing', async () => {
  const pid = ids.CHAZAL;
  const before = (await c.coordination.get(`/api/v1/persons/${pid}`)).json;
  const r = await c.coordination.patch(`/api/v1/persons/${pid}`, { used_name: 'MARTIN',
    used_first_name: 'Yvette' });
  assert.equal(r.status, 200, r.text);
  assertPerson(r.json);
  assert.equal(r.json.used_name, 'MARTIN');
  assert.equal(r.json.used_first_name, 'Yvette');
  assert.equal(r.json.birth_name, 'CHAZAL', 'untouched fields kept');
  assert.equal(r.json.ins, before.ins);
  assert.ok(r.json.updated_at >= before.updated_at);
  assert.equal(r.json.created_at, before.created_at);
  assert.deepEqual((await c.coordination.get('/api/v1/persons?q=martin')).json.items.map((p) => p.id), [pid]);

  assertError(await c.coordination.patch(`/api/v1/persons/${pid}`, {}), 422, 'person.patch.empty');
  assertError(await c.coordination.patch(`/api/v1/persons/${pid}`, { data: {} }), 422, 'person.patch.empty');
  assertError(await c.coordination.patch(`/api/v1/persons/${pid}`, { birth_date: '2150-01-01' }), 422,
    'person.birth_date.future');
  assertError(await c.coordination.patch(`/api/v1/persons/${pid}`, { ins: '295109912611199',
    ins_oid: OID_NIR }), 422, 'person.ins.invalid', 'ins');
  assertError(await c.coordination.patch(`/api/v1/persons/${pid}`, { birth_name: '' }), 422,
    'person.birth_name.too_short', 'birth_name');
  assertError(await c.coordination.patch(`/api/v1/persons/${pid}`, { birth_name: null }), 400,
    'person.birth_name.type', 'birth_name');
  assertError(await c.ide.patch(`/api/v1/persons/${pid}`, { used_name: 'X' }), 403, 'access.denied');
  assertError(await c.direction.patch(`/api/v1/persons/${pid}`, { used_name: 'X' }), 403, 'access.denied');
  // A mixed change needs every category: refused as a whole.
  assertError(await c.ide.patch(`/api/v1/persons/${pid}`, { used_name: 'X', data: { soins: 'y' } }), 403,
    'access.denied');
  const now = (await c.coordination.get(`/api/v1/persons/${pid}`)).json;
  assert.equal(now.used_name, 'MARTIN');
  assert.equal(now.birth_date, before.birth_date);
  assert.equal(now.ins, before.ins);
  assert.equal(now.data.soins, before.data.soins);

  // null clears an optional field; the secretariat may edit identity.
  const clr = await c.secretariat.patch(`/api/v1/persons/${pid}`, { used_name: null });
  assert.equal(clr.status, 200, clr.text);
  assert.equal(clr.json.used_name, null);
  assert.deepEqual(keys(clr.json.data), [], 'the secretariat sees no notes');
});

test('INS leaves the team only when the identity is qualified (QUAL)', async () => {
  const q = await c.dac48.get(`/api/v1/persons/${ids.ROUSSET}`);
  assert.equal(q.json.identity_status, 'QUAL');
  assert.match(q.json.ins, /^\d{15}$/);
  assert.ok(q.json.ins_oid);
  const p = await c.dac48.get(`/api/v1/persons/${ids.TEISSIER}`);
  assert.equal(p.json.identity_status, 'PROV');
  assert.equal(p.json.ins, null);
  assert.equal(p.json.ins_oid, null);
  const team = await c.coordination.get(`/api/v1/persons/${ids.TEISSIER}`);
  assert.match(team.json.ins, /^\d{15}$/);
  const list = (await c.dac48.get('/api/v1/persons?limit=200')).json.items;
  for (const it of list) {
    if (it.identity_status === 'QUAL') assert.match(it.ins, /^\d{15}$/, it.birth_name);
    else assert.equal(it.ins, null, it.birth_name);
  }
  for (const [status, shown] of [['VALI', false], ['QUAL', true]]) {
    const r = await c.coordination.patch(`/api/v1/persons/${ids.TEISSIER}`,
      { identity_status: status, identity_document: 'cni' });
    assert.equal(r.status, 200, r.text);
    const d = await c.dac48.get(`/api/v1/persons/${ids.TEISSIER}`);
    assert.equal(d.json.ins, shown ? team.json.ins : null, status);
    const l = (await c.dac48.get('/api/v1/persons?q=teissier')).json.items[0];
    assert.equal(l.ins, shown ? team.json.ins : null, status);
  }
});

test('access history: JSON newest first, paging with before=, CSV export; roles', async () => {
  const pid = ids.VALENTIN;
  const j = await c.coordination.get(`/api/v1/persons/${pid}/accesses?limit=200`);
  assert.equal(j.status, 200);
  assert.deepEqual(keys(j.json), ['items', 'limit', 'offset', 'total']);
  const items = j.json.items;
  assert.ok(items.length >= 2);
  for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].seq > items[i].seq);
  assert.ok(items.every((t) => t.action && t.login && t.role && t.outcome && t.request_id));
  // The seed wrote the medical note as the doctor.
  assert.ok(items.some((t) => t.action === 'person.update' && t.login === 'medecin'
    && t.categories === 'medical'));

  const page = await c.coordination.get(`/api/v1/persons/${pid}/accesses?limit=2&before=${items[0].seq}`);
  assert.deepEqual(page.json.items.map((t) => t.seq), items.slice(1, 3).map((t) => t.seq));

  const csv = await c.coordination.get(`/api/v1/persons/${pid}/accesses?format=csv`);
  assert.equal(csv.status, 200);
  assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.ok(csv.text.startsWith('\uFEFF') || csv.text.startsWith('date;'), 'BOM (tolerated by fetch decoding)');
  const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(lines[0], 'date;identifiant;nom;structure;role;action;categories;acces;resultat;requete');
  assert.equal(lines.at(-1), '', 'CRLF-terminated');
  const body = lines.slice(1, -1);
  // Everything the JSON call saw, plus the JSON and paging calls (traced).
  assert.equal(body.length, items.length + 2);
  const first = body[0].split(';');
  assert.equal(first.length, 10);
  assert.ok(first.every((cell) => /^".*"$/.test(cell)), body[0]);
  assert.equal(first[1], '"coordination"');
  assert.equal(first[5], '"person.accesses"');
  assert.equal(first[9], `"${page.headers.get('x-request-id')}"`);
  assert.equal(body[1].split(';')[9], `"${j.headers.get('x-request-id')}"`);
  assert.ok(body.some((l) => l.includes('"Dr Jean Rouvière"')));

  assertError(await c.coordination.get(`/api/v1/persons/${pid}/accesses?format=xml`), 422,
    'accesses.format.invalid', 'format');
  assertError(await c.coordination.get(`/api/v1/persons/${pid}/accesses?before=abc`), 422,
    'query.before.invalid', 'before');
  assert.equal((await c.direction.get(`/api/v1/persons/${pid}/accesses`)).status, 200);
  for (const a of ['medecin', 'ide', 'ergo', 'secretariat', 'dac48', 'admin']) {
    assertError(await c[a].get(`/api/v1/persons/${pid}/accesses`), 403, 'role.forbidden');
  }
  assertError(await c.coordination.get('/api/v1/persons/999999/accesses'), 404, 'person.not_found');
});

// Issue 8 point 18: paged like the other lists, CSV complete.
test('access history pages like the other lists: total, offset, limit 1-200 (50 by default); CSV has every row', async () => {
  const pid = ids.PRADAL;
  // More rows than one default page: 60 reads of the record.
  for (let i = 0; i < 60; i++) assert.equal((await c.coordination.get(`/api/v1/persons/${pid}`)).status, 200);
  const all = await c.coordination.get(`/api/v1/persons/${pid}/accesses?limit=200`);
  assert.equal(all.status, 200);
  const total = all.json.total;
  assert.ok(total > 60, String(total));
  assert.equal(all.json.items.length, Math.min(total, 200));
  assert.equal(all.json.limit, 200);
  assert.equal(all.json.offset, 0);
  const def = await c.coordination.get(`/api/v1/persons/${pid}/accesses`);
  assert.equal(def.json.limit, 50);
  assert.equal(def.json.items.length, 50);
  assert.equal(def.json.total, total + 1, 'the previous listing is traced');
  // offset is honoured: page 2 starts where page 1 stopped (one more row,
  // the previous call, shifts the list by one).
  const p2 = await c.coordination.get(`/api/v1/persons/${pid}/accesses?limit=10&offset=10`);
  assert.equal(p2.status, 200);
  assert.equal(p2.json.offset, 10);
  assert.equal(p2.json.total, total + 2);
  assert.deepEqual(p2.json.items.map((t) => t.seq), all.json.items.slice(8, 18).map((t) => t.seq));
  // With before= the total counts the rows before that seq.
  const seq = all.json.items[0].seq;
  const b = await c.coordination.get(`/api/v1/persons/${pid}/accesses?before=${seq}&limit=5&offset=5`);
  assert.equal(b.json.total, total - 1);
  assert.deepEqual(b.json.items.map((t) => t.seq), all.json.items.slice(6, 11).map((t) => t.seq));
  for (const l of ['0', '201', 'x']) {
    assertError(await c.coordination.get(`/api/v1/persons/${pid}/accesses?limit=${l}`), 422,
      'paging.limit.invalid', 'limit');
  }
  assertError(await c.coordination.get(`/api/v1/persons/${pid}/accesses?offset=-1`), 422,
    'paging.offset.invalid', 'offset');
  // The right-of-access export is complete, whatever limit/offset say.
  const csv = await c.coordination.get(`/api/v1/persons/${pid}/accesses?format=csv&limit=1&offset=3`);
  assert.equal(csv.status, 200);
  const rows = csv.text.replace(/^\uFEFF/, '').split('\r\n').slice(1, -1);
  const after = await c.coordination.get(`/api/v1/persons/${pid}/accesses?limit=1`);
  assert.equal(rows.length, after.json.total - 1, 'every row but this last listing');
});

test('CSV export defuses spreadsheet formulas in names', async () => {
  // Created with the CLI: the display name is free text.
  const u = run(['user', 'add', '--db', srv.db.url, '--login', 'formule', '--name',
    '=HYPERLINK("http://x.test")', '--role', 'coordinateur', '--profession', 'idec'],
  { input: 'formule-formule-1\n' });
  assert.equal(u.status, 0, u.stderr);
  const f = await login(srv.base, 'formule', 'formule-formule-1');
  assert.equal((await f.get(`/api/v1/persons/${ids.PRADAL}`)).status, 200);
  const csv = (await c.coordination.get(`/api/v1/persons/${ids.PRADAL}/accesses?format=csv`)).text;
  const line = csv.split('\r\n').find((l) => l.includes('"formule"'));
  assert.ok(line, csv);
  assert.ok(line.includes(`"'=HYPERLINK(""http://x.test"")"`), line);
  assert.ok(!line.includes(';"=HYPERLINK'), line);
});

test('create: a birth name made of spaces is refused', async () => {
  assertError(await c.coordination.post('/api/v1/persons', person({ birth_name: '   ' })), 422,
    'person.birth_name.required', 'birth_name');
});
