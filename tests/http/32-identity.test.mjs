// Identity vigilance (DOMAIN §2): the status PROV/RECUP/VALI/QUAL with its
// date, author and the document checked; a strict trait change lowers the
// status (QUAL → VALI, RECUP → PROV) and is traced; the identity flags;
// possible duplicates flagged at creation, never merged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, accesses, nir, personIds } from './lib/util.mjs';

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
  const ins = nir('F', '1938-04-02', '48095', 7);
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
  r = await c.coordination.patch(`/api/v1/persons/${id}`, { birthplace_insee: '48095' });
  assert.equal(r.status, 200, r.text);
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

// Issue 8 §12: invisible and bidi characters would spoof a name on screen
// and slip past the duplicate check.
test('names: bidi controls, zero-width and control characters refused (create and PATCH), nothing stored', async () => {
  const ids = await personIds(c.coordination);
  const total = async () => (await c.coordination.get('/api/v1/persons?limit=200')).json.total;
  const n0 = await total();
  const bad = { 'U+202E': 'DUPONT\u202eTNOPUD', 'U+200B': 'DU\u200bPONT', 'U+FEFF': '\ufeffDUPONT',
    'U+2066': 'DU\u2066PONT', 'U+00AD': 'DU\u00adPONT', 'U+0085': 'DU\u0085PONT' };
  for (const field of ['birth_name', 'first_names', 'used_name', 'used_first_name']) {
    for (const [cp, v] of Object.entries(bad)) {
      const e = assertError(await c.coordination.post('/api/v1/persons', person({ [field]: v })), 422,
        'person.text.forbidden_char', field);
      assert.match(e.message, new RegExp(`^${LABEL[field]} contien.* caractère non autorisé`),
        `${field} ${cp}`);
      assert.doesNotMatch(e.message, new RegExp(field), 'the French label, not the code');
    }
    // C0 controls are refused earlier, by the input table (same field named).
    for (const v of ['DU\u0007PONT', 'DU\tPONT', 'DU\u001bPONT']) {
      assertError(await c.coordination.post('/api/v1/persons', person({ [field]: v })), 422,
        `person.${field}.invalid`, field);
    }
  }
  assert.equal(await total(), n0, 'no person created');
  const before = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}`)).json;
  for (const field of ['birth_name', 'first_names', 'used_name']) {
    for (const [cp, v] of Object.entries(bad)) {
      assertError(await c.coordination.patch(`/api/v1/persons/${ids.ROUSSET}`, { [field]: v,
        data: { soins: `jamais écrit ${cp}` } }), 422, 'person.text.forbidden_char', field);
    }
  }
  const after = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}`)).json;
  assert.deepEqual({ ...after, updated_at: 0 }, { ...before, updated_at: 0 });
  assert.equal(after.updated_at, before.updated_at, 'nothing written');
  // Visible French text stays accepted: accents, apostrophes, hyphens.
  const ok = await c.coordination.post('/api/v1/persons', person({ birth_name: 'D’ALBÈS-LŒUVRE',
    first_names: 'Éloïse' }));
  assert.equal(ok.status, 201, ok.text);
});

const LABEL = { birth_name: 'Le nom de naissance', first_names: 'Les prénoms', used_name: "Le nom d'usage",
  used_first_name: "Le prénom d'usage" };

// Review of issue 8 §12: names are an allow list (Latin letters, space,
// hyphen, apostrophes); invisible fillers and fullwidth forms are refused,
// no-break spaces normalised, so the duplicate check cannot be bypassed.
test('names: allow list refuses invisible fillers and fullwidth forms (create, PATCH); spaces normalised', async () => {
  const ids = await personIds(c.coordination);
  const total = async () => (await c.coordination.get('/api/v1/persons?limit=200')).json.total;
  const n0 = await total();
  const bad = { 'U+3164': 'GERMAINE\u3164', 'U+115F': '\u115fDUPONT', 'U+034F': 'DU\u034fPONT',
    'U+FE0F': 'DUPONT\ufe0f', 'U+17B4': 'DU\u17b4PONT', 'U+2800': 'DUPONT\u2800',
    'U+2028': 'DU\u2028PONT', fullwidth: '\uff2c\uff25\uff26\u00c8\uff36\uff32\uff25', digit: 'DUPONT2',
    symbol: 'DU+PONT' };
  for (const field of ['birth_name', 'first_names', 'used_name', 'used_first_name']) {
    for (const [cp, v] of Object.entries(bad)) {
      const e = assertError(await c.coordination.post('/api/v1/persons', person({ [field]: v })), 422,
        'person.text.forbidden_char', field);
      assert.match(e.message, new RegExp(`^${LABEL[field]} `), `${field} ${cp}`);
    }
  }
  assert.equal(await total(), n0, 'no person created');
  const before = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}`)).json;
  for (const field of ['birth_name', 'first_names', 'used_name', 'used_first_name']) {
    for (const v of Object.values(bad)) {
      assertError(await c.coordination.patch(`/api/v1/persons/${ids.ROUSSET}`, { [field]: v }), 422,
        'person.text.forbidden_char', field);
    }
  }
  assertError(await c.coordination.patch(`/api/v1/persons/${ids.ROUSSET}`,
    { used_first_name: 'Germaine\u3164' }), 422, 'person.text.forbidden_char', 'used_first_name');
  const after = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}`)).json;
  assert.equal(after.updated_at, before.updated_at, 'nothing written');
  // No-break spaces (inside, after), runs of spaces: stored normalised and
  // seen as the same person.
  const post = (o) => c.coordination.post('/api/v1/persons', o);
  const first = await post({ birth_name: 'LEFÈVRE', first_names: 'Odette Marie', birth_date: '1931-02-02',
    sex: 'F' });
  assert.equal(first.status, 201, first.text);
  for (const [bn, fn] of [['LEFÈVRE\u00a0', 'Odette\u00a0Marie'], ['\u202fLEFÈVRE  ', 'Odette \u202f Marie']]) {
    const r = await post({ birth_name: bn, first_names: fn, birth_date: '1931-02-02', sex: 'F',
      used_name: ' DUBOIS\u00a0' });
    assert.equal(r.status, 201, r.text);
    assert.ok(r.json.possible_duplicates.includes(first.json.id), JSON.stringify([bn, fn, r.json]));
    const got = (await c.coordination.get(`/api/v1/persons/${r.json.id}`)).json;
    // Issue 10 §2: the strict traits in RNIV form, the typed ones for display.
    assert.deepEqual([got.birth_name, got.first_names, got.used_name], ['LEFEVRE', 'ODETTE MARIE', 'DUBOIS']);
    assert.deepEqual([got.birth_name_display, got.first_names_display], ['LEFÈVRE', 'Odette Marie']);
  }
});

test('duplicates compared after normalisation: case, decomposed accents, œ', async () => {
  const ids = await personIds(c.coordination);
  const rousset = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}`)).json;
  const post = (o) => c.coordination.post('/api/v1/persons', o);
  let r = await post({ birth_name: 'rousset', first_names: 'MARCELLE  jeanne', birth_date: rousset.birth_date,
    sex: 'F' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.possible_duplicates, [ids.ROUSSET]);
  assert.equal(r.json.flags.duplicate, true);
  const first = await post({ birth_name: 'BŒUF', first_names: 'Hélène', birth_date: '1937-05-06', sex: 'F' });
  assert.deepEqual(first.json.possible_duplicates, []);
  // « BOEUF » with the accents decomposed (e + U+0301, e + U+0300).
  r = await post({ birth_name: 'BOEUF', first_names: 'He\u0301le\u0300ne', birth_date: '1937-05-06', sex: 'F' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.possible_duplicates, [first.json.id]);
  r = await post({ birth_name: 'bœuf', first_names: 'HELENE', birth_date: '1937-05-06', sex: 'F' });
  assert.ok(r.json.possible_duplicates.includes(first.json.id), r.text);
  // Issue 10 §3: one letter apart is a possible duplicate now (the fuzzy
  // rule); another name is another person.
  r = await post({ birth_name: 'BOEUFS', first_names: 'Hélène', birth_date: '1937-05-06', sex: 'F' });
  assert.ok(r.json.possible_duplicates.includes(first.json.id), r.text);
  r = await post({ birth_name: 'BOULET', first_names: 'Hélène', birth_date: '1937-05-06', sex: 'F' });
  assert.deepEqual(r.json.possible_duplicates, [], 'another name is another person');
});

// Issue 8 §14: the birthplace code's form is checked; a well-formed code
// absent from the commune reference is a warning, not a refusal.
test('birthplace: form refused (422), unknown commune warned (201/200), abroad accepted', async () => {
  const n0 = (await c.coordination.get('/api/v1/persons?limit=200')).json.total;
  for (const code of ['ABCDE', '00000', '20001', '96001', '97711', '98000', '2C001', '99000']) {
    const e = assertError(await c.coordination.post('/api/v1/persons', person({ birthplace_insee: code })), 422,
      'person.birthplace.invalid', 'birthplace_insee');
    assert.match(e.message, /lieu de naissance/);
  }
  assert.equal((await c.coordination.get('/api/v1/persons?limit=200')).json.total, n0);
  let r = await c.coordination.post('/api/v1/persons', person({ birth_name: 'NEEAMENDE',
    birthplace_insee: '48095' }));
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.warnings, [], 'a known commune: no warning');
  const id = r.json.id;
  // Issue 10 §2: a country of the list is not warned; a 99 code outside
  // it (France's 99100 is no birthplace abroad) is, never refused.
  r = await c.coordination.post('/api/v1/persons', person({ birth_name: 'NEEALETRANGER',
    birthplace_insee: '99352' }));
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.warnings, [], 'Algérie is in the country list');
  assert.equal(r.json.birthplace_name, 'Algérie');
  for (const code of ['99100', '99999']) {
    r = await c.coordination.post('/api/v1/persons', person({ birth_name: 'NEEALETRANGER',
      birthplace_insee: code }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.birthplace_insee, code, 'stored: a warning is not a refusal');
    assert.deepEqual(r.json.warnings.map((w) => [w.code, w.field]),
      [['person.birthplace.unknown', 'birthplace_insee']]);
    assert.match(r.json.warnings[0].message, new RegExp(`${code}.*liste des pays`));
    assert.equal(r.json.birthplace_name, null);
  }
  r = await c.coordination.post('/api/v1/persons', person({ birth_name: 'NEEINCONNUE',
    birthplace_insee: '48999' }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.birthplace_insee, '48999', 'stored: a warning is not a refusal');
  assert.equal(r.json.warnings.length, 1);
  assert.equal(r.json.warnings[0].code, 'person.birthplace.unknown');
  assert.equal(r.json.warnings[0].field, 'birthplace_insee');
  assert.match(r.json.warnings[0].message, /48999.*référentiel des communes/);
  // PATCH: same rules.
  assertError(await c.coordination.patch(`/api/v1/persons/${id}`, { birthplace_insee: '00000' }), 422,
    'person.birthplace.invalid', 'birthplace_insee');
  assert.equal((await c.coordination.get(`/api/v1/persons/${id}`)).json.birthplace_insee, '48095');
  r = await c.coordination.patch(`/api/v1/persons/${id}`, { birthplace_insee: '2A999' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.warnings.map((w) => w.code), ['person.birthplace.unknown']);
  r = await c.coordination.patch(`/api/v1/persons/${id}`, { birthplace_insee: '2A004' });
  assert.deepEqual(r.json.warnings, [], 'Ajaccio is in the reference');
});

// Issue 8 §15: the NIR encodes sex, birth year and month, birthplace.
test('NIR traits: a mismatch is refused naming the trait (create and PATCH); INSEE special cases accepted', async () => {
  const base = { birth_name: 'TRAITS', first_names: 'Anne', birth_date: '1941-02-03', sex: 'F',
    birthplace_insee: '48095', ins_oid: OID_TEST };
  const post = (o) => c.coordination.post('/api/v1/persons', { ...base, ...o });
  const n0 = (await c.coordination.get('/api/v1/persons?limit=200')).json.total;
  const cases = [
    [{ ins: nir('F', '1941-02-03', '48095', 11), sex: 'M' }, 'sex', /NIR indique une femme.*masculin/],
    [{ ins: nir('M', '1941-02-03', '48095', 12) }, 'sex', /NIR indique un homme.*féminin/],
    [{ ins: nir('F', '1942-02-03', '48095', 13) }, 'birth_date', /année.*42.*1941/],
    [{ ins: nir('F', '1941-03-03', '48095', 14) }, 'birth_date', /mars.*février/],
    [{ ins: nir('F', '1941-02-03', '12095', 15) }, 'birthplace_insee', /département 12.*département 48/],
    [{ ins: nir('F', '1941-02-03', '99100', 16) }, 'birthplace_insee', /étranger/],
    [{ ins: nir('F', '1941-02-03', '97411', 17), birthplace_insee: '97105' }, 'birthplace_insee',
      /974.*971/],
    [{ ins: nir('F', '1980-02-03', '20004', 18), birth_date: '1980-02-03', birthplace_insee: '2A004' },
      'birthplace_insee', /Corse/],
    [{ ins: nir('F', '1980-02-03', '2A004', 19), birth_date: '1980-02-03', birthplace_insee: '2B033' },
      'birthplace_insee', /Corse/],
  ];
  for (const [o, field, msg] of cases) {
    const e = assertError(await post(o), 422, 'person.ins.trait_mismatch', field);
    assert.match(e.message, msg, JSON.stringify(o));
  }
  assert.equal((await c.coordination.get('/api/v1/persons?limit=200')).json.total, n0, 'nothing stored');
  const ok = [
    { ins: nir('F', '1941-02-03', '48095', 21) },
    // INSEE unknown months: 20, 30-42, 50-99 stand for any month.
    { ins: nir('F', '1941-20-03', '48095', 22) }, { ins: nir('F', '1941-35-03', '48095', 23) },
    { ins: nir('F', '1941-52-03', '48095', 24) },
    // Born abroad: 99 + country.
    { ins: nir('F', '1941-02-03', '99352', 25), birthplace_insee: '99352' },
    // Corsica: "20" for a birth before 1976, 2A/2B after.
    { ins: nir('F', '1941-02-03', '20004', 26), birthplace_insee: '2A004' },
    { ins: nir('F', '1980-02-03', '2B033', 27), birth_date: '1980-02-03', birthplace_insee: '2B033' },
    // Overseas: three digits.
    { ins: nir('F', '1941-02-03', '97411', 28), birthplace_insee: '97411' },
    // Algeria before independence: 91-94 in the NIR, the country in the birthplace.
    { ins: nir('F', '1941-02-03', '91352', 29), birthplace_insee: '99352' },
    // No birthplace typed: sex and date only.
    { ins: nir('F', '1941-02-03', '75056', 30), birthplace_insee: undefined },
  ];
  for (const o of ok) {
    const body = { ...base, ...o };
    if (o.birthplace_insee === undefined) delete body.birthplace_insee;
    const r = await c.coordination.post('/api/v1/persons', body);
    assert.equal(r.status, 201, `${JSON.stringify(o)}: ${r.text}`);
  }
  // Month 13 and 43 are not INSEE codes.
  assertError(await post({ ins: nir('F', '1941-13-03', '48095', 31) }), 422, 'person.ins.trait_mismatch',
    'birth_date');
  // PATCH: a trait changed against the stored NIR, or a NIR against the traits.
  const id = (await post({ birth_name: 'TRAITPATCH', ins: nir('F', '1941-02-03', '48095', 40) })).json.id;
  const before = (await c.coordination.get(`/api/v1/persons/${id}`)).json;
  assertError(await c.coordination.patch(`/api/v1/persons/${id}`, { sex: 'M' }), 422,
    'person.ins.trait_mismatch', 'sex');
  assertError(await c.coordination.patch(`/api/v1/persons/${id}`, { birth_date: '1941-05-03' }), 422,
    'person.ins.trait_mismatch', 'birth_date');
  assertError(await c.coordination.patch(`/api/v1/persons/${id}`, { birthplace_insee: '12145' }), 422,
    'person.ins.trait_mismatch', 'birthplace_insee');
  assertError(await c.coordination.patch(`/api/v1/persons/${id}`, { ins: nir('F', '1951-02-03', '48095', 41),
    ins_oid: OID_TEST }), 422, 'person.ins.trait_mismatch', 'birth_date');
  assert.deepEqual((await c.coordination.get(`/api/v1/persons/${id}`)).json, before, 'nothing changed');
  // The day is not in the NIR; a change in the same month passes.
  const r = await c.coordination.patch(`/api/v1/persons/${id}`, { birth_date: '1941-02-28' });
  assert.equal(r.status, 200, r.text);
});

test('one INS is one person: 409 person.ins.taken with the holder id (create, PATCH, concurrent creates)', async () => {
  const ids = await personIds(c.coordination);
  const rousset = (await c.coordination.get(`/api/v1/persons/${ids.ROUSSET}`)).json;
  const same = { birth_name: 'DEUXIEME', first_names: 'Marcelle', birth_date: rousset.birth_date, sex: 'F',
    birthplace_insee: rousset.birthplace_insee, ins: rousset.ins, ins_oid: rousset.ins_oid };
  let e = assertError(await c.coordination.post('/api/v1/persons', same), 409, 'person.ins.taken', 'ins');
  assert.equal(e.holder_id, ids.ROUSSET);
  assert.match(e.message, /dossier existant/);
  // The secretariat gets the id too; opening the record still goes through access.
  e = assertError(await c.secretariat.post('/api/v1/persons', same), 409, 'person.ins.taken', 'ins');
  assert.equal(e.holder_id, ids.ROUSSET);
  // A partner may not create: refused before any INS lookup, so the id
  // cannot be probed from outside the team.
  const p = await c.dac48.post('/api/v1/persons', same);
  assertError(p, 403, 'person.create.forbidden');
  assert.equal(p.json.error.holder_id, undefined);
  // PATCH another person onto ROUSSET's INS: refused, nothing changed.
  const other = await c.coordination.post('/api/v1/persons', { ...same, ins: undefined, ins_oid: undefined });
  assert.equal(other.status, 201, other.text);
  e = assertError(await c.coordination.patch(`/api/v1/persons/${other.json.id}`, { ins: rousset.ins,
    ins_oid: rousset.ins_oid }), 409, 'person.ins.taken', 'ins');
  assert.equal(e.holder_id, ids.ROUSSET);
  assert.equal((await c.coordination.get(`/api/v1/persons/${other.json.id}`)).json.ins, null);
  // Its own INS again is no conflict.
  const r = await c.coordination.patch(`/api/v1/persons/${ids.ROUSSET}`, { ins: rousset.ins,
    ins_oid: rousset.ins_oid });
  assert.equal(r.status, 200, r.text);
  // Concurrent creates with one new INS: exactly one wins.
  const ins = nir('M', '1944-06-07', '48095', 77);
  const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => c.coordination.post('/api/v1/persons',
    { birth_name: `COURSE${'ABCDEFGH'[i]}`, first_names: 'Jean', birth_date: '1944-06-07', sex: 'M',
      ins, ins_oid: OID_TEST })));
  const won = rs.filter((x) => x.status === 201);
  assert.equal(won.length, 1, rs.map((x) => x.status).join());
  for (const x of rs.filter((y) => y.status !== 201)) {
    assert.equal(x.status, 409, x.text);
    assert.equal(x.json.error.code, 'person.ins.taken');
    assert.equal(x.json.error.holder_id, won[0].json.id);
  }
  const found = (await c.coordination.get(`/api/v1/persons?q=${ins}`)).json.items;
  assert.deepEqual(found.map((p) => p.id), [won[0].json.id]);
});
