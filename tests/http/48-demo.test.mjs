// The demo at a CRT's real size (issue 11, demo_cohort.c): 43 generated
// people after the eight hand-written ones, each identity consistent with
// its test INS, in the volet-2 territory, with ARCEP fiction phones; the
// same people on every seeding; 32 followed with a plan naming the team
// and the partners, ten waiting; who follows whom.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';

const HAND = ['BOUDON', 'CHAZAL', 'CROZE', 'MALAVAL', 'PRADAL', 'ROUSSET', 'TEISSIER', 'VALENTIN'];
const OID_TEST = '1.2.250.1.213.1.4.10';

let srv;
const c = {};
let people;	// every person, full record, as the coordination reads it

const list = async (cl, qs = '') => {
  const r = await cl.get(`/api/v1/persons?limit=200${qs}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
};

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'ide', 'aide']) c[a] = await login(srv.base, a);
  people = [];
  for (const p of await list(c.coordination)) {
    const r = await c.coordination.get(`/api/v1/persons/${p.id}`);
    assert.equal(r.status, 200, r.text);
    people.push(r.json);
  }
});
after(async () => { await srv?.stop(); });

// The NIR's key: 97 - (13 digits mod 97), Corsica aside (none here).
const insKey = (ins) => 97 - Number(BigInt(ins.slice(0, 13)) % 97n);

test('51 people: each generated identity matches its test INS, lives in the territory, born 1925-1950',
  async () => {
    assert.equal(people.length, 51);
    const cohort = people.filter((p) => !HAND.includes(p.birth_name));
    assert.equal(cohort.length, 43);
    assert.equal(new Set(cohort.map((p) => p.birth_name)).size, 43, 'each family once');
    const terr = (await c.coordination.get('/api/v1/territory')).json.items;
    const volet2 = new Set(terr.filter((x) => x.volet2).map((x) => x.code));
    assert.equal(volet2.size, 28);
    const phones = new Set();
    for (const p of cohort) {
      const what = `${p.birth_name} ${p.ins}`;
      assert.equal(p.ins_oid, OID_TEST, what);
      assert.match(p.ins, /^\d{15}$/, what);
      assert.equal(Number(p.ins.slice(13)), insKey(p.ins), `${what}: key`);
      assert.equal(p.ins[0], p.sex === 'F' ? '2' : '1', `${what}: sex`);
      assert.equal(p.ins.slice(1, 5), p.birth_date.slice(2, 4) + p.birth_date.slice(5, 7), `${what}: birth`);
      assert.equal(p.ins.slice(5, 10), p.birthplace_insee, `${what}: birthplace`);
      const year = Number(p.birth_date.slice(0, 4));
      assert.ok(year >= 1925 && year <= 1950, `${what}: ${p.birth_date}`);
      assert.ok(volet2.has(p.commune_code), `${what}: ${p.commune_code}`);
      assert.ok(p.address, what);
      assert.match(p.phone, /^04 65 71 \d\d \d\d$/, what);
      phones.add(p.phone);
    }
    assert.equal(phones.size, 43, 'one line each');
    // Women and men.
    assert.ok(cohort.some((p) => p.sex === 'F') && cohort.some((p) => p.sex === 'M'));
  });

test('the same people on every seeding (fixed seed, no libc rand)', async () => {
  const again = await startServer();
  try {
    const cl = await login(again.base, 'coordination');
    const pick = (p) => [p.birth_name, p.first_names, p.birth_date, p.ins, p.commune_code, p.address, p.phone];
    const mine = (await list(c.coordination)).map(pick);
    const theirs = (await list(cl)).map(pick);
    assert.deepEqual(theirs, mine);
  } finally {
    await again.stop();
  }
});

test('32 followed (29 active, 3 contracts to sign): GIR 1-4, each plan names the team and the partners',
  async () => {
    const act = (await c.coordination.get('/api/v1/supports?status=active')).json;
    const prep = (await c.coordination.get('/api/v1/supports?status=preparation')).json;
    const open = [...act.items, ...prep.items];
    assert.equal(open.length, 32);
    assert.deepEqual(act.places, { target: 34, active: 29, preparing: 3, left: 2 });
    const byId = new Map(people.map((p) => [p.id, p]));
    const girs = open.map((s) => byId.get(s.person.id).gir?.value);
    for (const g of [1, 2, 3, 4]) assert.ok(girs.filter((x) => x === g).length >= 3, `GIR ${g}: ${girs}`);
    assert.equal(girs.filter((x) => x >= 1 && x <= 4).length, 32);
    const orgs = new Set();
    const team = new Set();
    for (const s of open) {
      const r = await c.coordination.get(`/api/v1/supports/${s.id}/plan`);
      assert.equal(r.status, 200, r.text);
      assert.ok(r.json.actions.length >= 3, s.person.birth_name);
      assert.ok(r.json.actions.some((a) => a.who_user !== null), `${s.person.birth_name}: the CRT's team`);
      for (const a of r.json.actions) {
        if (a.who_org) orgs.add(a.who_org.name);
        if (a.who_user) team.add(a.who_user.name);
      }
    }
    for (const o of ['SSIAD du Malzieu', 'ADMR Margeride — SAAD',
      'Cabinet infirmier Roux — Saint-Chély-d\'Apcher', 'Plateforme de répit Lozère']) {
      assert.ok(orgs.has(o), o);
    }
    for (const u of ['Laure Chabert', 'Nadia Pagès', 'Sophie Boyer', 'Thomas Molinier', 'Émilie Castan']) {
      assert.ok(team.has(u), u);
    }
    // The private nurse is in the directory, without a convention.
    const idel = (await c.coordination.get('/api/v1/orgs?type=cabinet_infirmier')).json.items;
    assert.equal(idel.length, 1);
    const full = (await c.coordination.get(`/api/v1/orgs/${idel[0].id}`)).json;
    assert.deepEqual(full.conventions, []);
    // Ten waiting, three of them hospital discharges.
    const w = (await c.coordination.get('/api/v1/waitlist')).json.items;
    assert.equal(w.length, 10);
    assert.equal(w.filter((x) => x.priorities.some((p) => p.code === 'sortie_hospitalisation')).length, 3);
    assert.equal(w.filter((x) => x.status === 'evaluation').length, 4);
  });

test('the nurse and the aide each follow a third of the file (12 of the 32)', async () => {
  const act = (await c.coordination.get('/api/v1/supports?status=active')).json.items;
  const prep = (await c.coordination.get('/api/v1/supports?status=preparation')).json.items;
  const open = new Set([...act, ...prep].map((s) => s.person.id));
  for (const [login, n] of [['ide', 12], ['aide', 12]]) {
    const mine = (await list(c[login])).filter((p) => open.has(p.id));
    assert.equal(mine.length, n, login);
    for (const p of mine) {
      const full = people.find((x) => x.id === p.id);
      assert.ok(full.circle.some((m) => m.user_id === c[login].user.id), `${login} in ${p.birth_name}'s circle`);
    }
  }
});
