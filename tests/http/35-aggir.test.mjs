// AGGIR over HTTP (DOMAIN §1): computing a grid from the ten letters or
// from the S/T/C/H answers of every sub-variable, recording evaluations in
// a record (dated, attributed, traced), and refusing bad grids clearly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, personIds, accesses, keys } from './lib/util.mjs';

const SUBS = ['coh_communication', 'coh_comportement', 'ori_temps', 'ori_espace', 'toi_haut',
  'toi_bas', 'hab_haut', 'hab_moyen', 'hab_bas', 'ali_se_servir', 'ali_manger', 'eli_urinaire',
  'eli_fecale', 'transferts', 'deplacements_interieur', 'deplacements_exterieur', 'alerter'];
const YES = { s: true, t: true, c: true, h: true };
const NO = { s: false, t: false, c: false, h: false };
const PARTLY = { s: true, t: false, c: true, h: true };

// answers with every sub-variable `base`, then the overrides.
const answers = (base, over = {}) => Object.fromEntries(SUBS.map((k) => [k, over[k] || base]));

let srv;
const c = {};
let ids;

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'ide', 'dac48', 'ergo', 'direction']) c[a] = await login(srv.base, a);
  ids = await personIds(c.coordination);
});
after(async () => { await srv?.stop(); });

test('compute from letters: the DOMAIN.md examples', async () => {
  const ex = { CCCCCCCCCC: 1, CCAAAAAAAA: 2, AACCCCCCAA: 2, AACCBBBBAA: 3, BBBBBBBBBB: 4,
    AABBAAAAAA: 4, AABAAAAAAA: 5, AAAAAAABAA: 6, AAAAAAAAAA: 6 };
  for (const [letters, gir] of Object.entries(ex)) {
    const r = await c.coordination.post('/api/v1/aggir', { letters });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(keys(r.json), ['gir', 'letters', 'rank', 'variables']);
    assert.equal(r.json.gir, gir, letters);
    assert.equal(r.json.letters, letters);
    assert.deepEqual(r.json.variables.map((v) => v.code),
      ['COH', 'ORI', 'TOI', 'HAB', 'ALI', 'ELI', 'TRA', 'DIN', 'DEX', 'COM']);
  }
  const r = await c.coordination.post('/api/v1/aggir', { letters: 'AACCBBBBAA' });
  assert.equal(r.json.rank, 9);
});

test('compute from S/T/C/H answers, with the sub-variable rules', async () => {
  let r = await c.coordination.post('/api/v1/aggir', { answers: answers(YES) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.letters, 'AAAAAAAAAA');
  assert.equal(r.json.gir, 6);
  r = await c.coordination.post('/api/v1/aggir', { answers: answers(NO) });
  assert.equal(r.json.letters, 'CCCCCCCCCC');
  assert.equal(r.json.gir, 1);
  // Cohérence: one sub-variable C makes it C; Toilette: C only if both C;
  // Habillage: one B among C makes it B; a partial answer gives B.
  r = await c.coordination.post('/api/v1/aggir', { answers: answers(YES, {
    coh_communication: NO, toi_haut: NO, hab_haut: NO, hab_moyen: NO, hab_bas: PARTLY,
    transferts: PARTLY }) });
  assert.equal(r.json.letters, 'CABBAABAAA');
});

test('bad grids: one form only, ten letters, every sub-variable, booleans', async () => {
  const post = (b) => c.coordination.post('/api/v1/aggir', b);
  assertError(await post({}), 422, 'aggir.input.one_of', 'letters');
  assertError(await post({ letters: 'AAAAAAAAAA', answers: answers(YES) }), 422, 'aggir.input.one_of');
  assertError(await post({ letters: 'AAAAAAAAAD' }), 422, 'aggir.letters.invalid', 'letters');
  assertError(await post({ letters: 'aaaaaaaaaa' }), 422, 'aggir.letters.invalid', 'letters');
  assertError(await post({ letters: 'AAAA' }), 422, 'aggir.letters.too_short', 'letters');
  const some = answers(YES);
  delete some.alerter;
  assertError(await post({ answers: some }), 422, 'aggir.answers.alerter.required', 'answers.alerter');
  assertError(await post({ answers: answers(YES, { toi_bas: { s: true, t: true, c: true } }) }), 422,
    'aggir.answers.toi_bas.h.required', 'answers.toi_bas.h');
  assertError(await post({ answers: answers(YES, { toi_bas: { s: 1, t: true, c: true, h: true } }) }), 400,
    'aggir.answers.toi_bas.s.type', 'answers.toi_bas.s');
  assertError(await post({ answers: { ...answers(YES), extra: YES } }), 400, 'aggir.answers.unknown_field');
  // Computing needs a session and the CSRF token, like any POST.
  assert.equal((await fetch(srv.base + '/api/v1/aggir', { method: 'POST',
    body: JSON.stringify({ letters: 'AAAAAAAAAA' }) })).status, 401);
  assertError(await c.coordination.post('/api/v1/aggir', { letters: 'AAAAAAAAAA' },
    { 'x-csrf-token': 'faux' }), 403, 'csrf.invalid');
});

test('record evaluations: dated, attributed, newest first, the record shows the GIR, traced', async () => {
  const pid = ids.ROUSSET;
  let r = await c.coordination.post(`/api/v1/persons/${pid}/aggir`,
    { letters: 'BBBBBBBBBB', evaluated_on: '2025-11-05', note: 'Évaluation à domicile' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.gir, 4);
  assert.equal(r.json.input_kind, 'letters');
  assert.equal(r.json.answers, null);
  assert.equal(r.json.evaluator.name, 'Sophie Boyer');
  assert.equal(r.json.note, 'Évaluation à domicile');
  r = await c.ide.post(`/api/v1/persons/${pid}/aggir`,
    { answers: answers(YES, { coh_communication: NO, ori_temps: NO }), evaluated_on: '2026-10-02' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.input_kind, 'answers');
  assert.deepEqual(r.json.answers.coh_communication, NO);
  // The seventeen answers are stored and read back as entered.
  assert.deepEqual(r.json.answers, answers(YES, { coh_communication: NO, ori_temps: NO }));
  assert.equal(r.json.letters, 'CCAAAAAAAA');
  assert.equal(r.json.gir, 2);
  assert.equal(r.json.evaluator.name, 'Laure Chabert');
  const list = await c.coordination.get(`/api/v1/persons/${pid}/aggir`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((e) => e.evaluated_on), ['2026-10-02', '2025-11-05']);
  assert.deepEqual(list.json.items[0].answers, r.json.answers);
  assert.equal(list.json.items[1].answers, null);
  const p = await c.coordination.get(`/api/v1/persons/${pid}`);
  assert.deepEqual(p.json.gir, { value: 2, evaluated_on: '2026-10-02',
    evaluator: { id: c.ide.user.id, name: 'Laure Chabert' } });
  // The direction reads soins, so the GIR too; every access is traced.
  assert.equal((await c.direction.get(`/api/v1/persons/${pid}/aggir`)).status, 200);
  const rows = await accesses(c.coordination, pid);
  assert.ok(rows.some((t) => t.action === 'aggir.add' && t.login === 'ide' && t.outcome === 'ok'));
  assert.ok(rows.some((t) => t.action === 'aggir.read' && t.login === 'direction'));
});

test('record: bad dates and evaluators are refused, nothing stored', async () => {
  const pid = ids.TEISSIER;
  const post = (b) => c.coordination.post(`/api/v1/persons/${pid}/aggir`, b);
  assertError(await post({ letters: 'BBBBBBBBBB', evaluated_on: '2999-01-01' }), 422,
    'aggir.evaluated_on.invalid', 'evaluated_on');
  assertError(await post({ letters: 'BBBBBBBBBB', evaluated_on: '1920-01-01' }), 422,
    'aggir.evaluated_on.before_birth', 'evaluated_on');
  assertError(await post({ letters: 'BBBBBBBBBB' }), 422, 'aggir.evaluated_on.required');
  assertError(await post({ letters: 'BBBBBBBBBB', evaluated_on: '2026-01-01', evaluator_id: 999999 }),
    422, 'aggir.evaluator_id.invalid', 'evaluator_id');
  assertError(await c.coordination.post('/api/v1/persons/999999/aggir',
    { letters: 'BBBBBBBBBB', evaluated_on: '2026-01-01' }), 404, 'person.not_found');
  const list = await c.coordination.get(`/api/v1/persons/${pid}/aggir`);
  assert.deepEqual(list.json.items, []);
});

test('access: a partner without soins write is refused (traced), an intervenant of the circle may', async () => {
  const pid = ids.ROUSSET;
  const r = await c.dac48.post(`/api/v1/persons/${pid}/aggir`,
    { letters: 'BBBBBBBBBB', evaluated_on: '2026-01-01' });
  assertError(r, 403, 'access.denied');
  const rows = await accesses(c.coordination, pid);
  const t = rows.find((x) => x.request_id === r.headers.get('x-request-id'));
  assert.equal(t.action, 'aggir.add');
  assert.equal(t.outcome, 'denied');
  const e = await c.ergo.post(`/api/v1/persons/${pid}/aggir`,
    { letters: 'AABBAAAAAA', evaluated_on: '2026-03-01' });
  assert.equal(e.status, 201, e.text);
  assertError(await c.ergo.get(`/api/v1/persons/${ids.TEISSIER}/aggir`), 404, 'person.not_found');
});
