// PPCS action templates (issue 10 point 10): read by the CRT's team, kept
// by the coordination and the direction (crt.settings), validated per
// field, traced; the demo has templates in every area of the plan.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError } from './lib/util.mjs';

let srv;
const c = {};
const AREAS = ['gestion_crise', 'projet_vie_isolement', 'securite_domicile', 'soutien_aidant',
  'suivi_renforce'];

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'direction', 'medecin', 'ide', 'secretariat', 'dac48', 'admin']) {
    c[a] = await login(srv.base, a);
  }
});
after(async () => { await srv?.stop(); });

const tpl = (over = {}) => ({ title: 'Portage de repas', area: 'suivi_renforce', domain: 'autonomie',
  need: 'Repas irréguliers', objective: 'Manger équilibré chaque jour',
  action: 'Mise en place du portage de repas par le CCAS', frequency: 'Chaque jour',
  review_months: 2, ...over });

test('the demo\'s templates cover every area; the team reads them, partners and admin do not', async () => {
  const r = await c.ide.get('/api/v1/plan-templates');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([...new Set(r.json.items.map((t) => t.area))].sort(), AREAS);
  const t = r.json.items.find((x) => x.title === 'Visite ergothérapeute du logement');
  assert.equal(t.area, 'securite_domicile');
  assert.equal(t.review_months, 3);
  assertError(await c.dac48.get('/api/v1/plan-templates'), 403, 'role.forbidden');
  assertError(await c.admin.get('/api/v1/plan-templates'), 403, 'role.forbidden');
});

test('create, update, delete within roles; each field checked', async () => {
  for (const who of ['medecin', 'ide', 'secretariat', 'dac48']) {
    assertError(await c[who].post('/api/v1/plan-templates', tpl()), 403, 'role.forbidden');
  }
  assertError(await c.coordination.post('/api/v1/plan-templates', tpl({ area: 'jardin' })), 422,
    'plan_template.area.invalid', 'area');
  assertError(await c.coordination.post('/api/v1/plan-templates', tpl({ review_months: 0 })), 422,
    'plan_template.review_months.range', 'review_months');
  assertError(await c.coordination.post('/api/v1/plan-templates', tpl({ action: '' })), 422,
    'plan_template.action.required', 'action');
  const made = await c.coordination.post('/api/v1/plan-templates', tpl());
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  let r = await c.direction.put(`/api/v1/plan-templates/${id}`, tpl({ review_months: 4,
    frequency: 'Du lundi au vendredi' }));
  assert.equal(r.status, 200, r.text);
  const t = r.json.items.find((x) => x.id === id);
  assert.equal(t.review_months, 4);
  assert.equal(t.frequency, 'Du lundi au vendredi');
  assertError(await c.ide.put(`/api/v1/plan-templates/${id}`, tpl()), 403, 'role.forbidden');
  assertError(await c.direction.put('/api/v1/plan-templates/999999', tpl()), 404,
    'plan_template.not_found');
  r = await c.coordination.del(`/api/v1/plan-templates/${id}`);
  assert.equal(r.status, 200, r.text);
  assert.ok(!r.json.items.some((x) => x.id === id));
  assertError(await c.coordination.del(`/api/v1/plan-templates/${id}`), 404,
    'plan_template.not_found');
});

test('the support contract: default template, the CRT\'s own, filled with the person\'s data', async () => {
  let r = await c.secretariat.get('/api/v1/crt/contract-template');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.is_default, true);
  assert.match(r.json.body, /^CONTRAT D'ACCOMPAGNEMENT RENFORCÉ/);
  assert.deepEqual(r.json.placeholders.map((p) => p.name), ['nom', 'prenoms', 'date_naissance',
    'adresse', 'date_debut', 'referent', 'crt', 'date', 'ne']);
  const sup = (await c.coordination.get('/api/v1/supports')).json.items.find((x) => x.status === 'active');
  const doc = await c.secretariat.get(`/api/v1/supports/${sup.id}/contract-document`);
  assert.equal(doc.status, 200, doc.text);
  const p = (await c.coordination.get(`/api/v1/persons/${sup.person.id}`)).json;
  const fr = (iso) => iso.split('-').reverse().join('/');
  // The names as typed (issue 10 §2), not their RNIV form; « né » or
  // « née » from the sex, never « né(e) » when it is known.
  assert.ok(doc.json.text.includes(`${p.birth_name_display}`));
  const ne = { F: 'née', M: 'né' }[p.sex];
  assert.ok(ne, p.sex);
  assert.ok(doc.json.text.includes(`${p.first_names_display}, ${ne} le ${fr(p.birth_date)}`), doc.json.text);
  assert.ok(!doc.json.text.includes('né(e)'));
  assert.ok(doc.json.text.includes('Centre de Ressources Territorial CRT Nord Lozère'));
  assert.ok(!doc.json.text.includes('{{'));
  // The CRT's own template; checked placeholders; back to the default.
  assertError(await c.secretariat.put('/api/v1/crt/contract-template', { body: 'x'.repeat(30) }), 403,
    'role.forbidden');
  assertError(await c.direction.put('/api/v1/crt/contract-template',
    { body: 'Contrat de {{nom}} {{prenom}} signé le {{date}}' }), 422, 'contract_template.placeholder', 'body');
  assertError(await c.direction.put('/api/v1/crt/contract-template',
    { body: 'Contrat de {{nom}} signé le {{date' }), 422, 'contract_template.placeholder', 'body');
  r = await c.direction.put('/api/v1/crt/contract-template',
    { body: 'Contrat de {{nom}} {{prenoms}}, {{adresse}}.\nDébut : {{date_debut}}. Référent : {{referent}}.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.is_default, false);
  const own = (await c.coordination.get(`/api/v1/supports/${sup.id}/contract-document`)).json.text;
  assert.match(own, new RegExp(`^Contrat de ${p.birth_name}`));
  assert.ok(own.includes(p.address), own);
  assert.match(own, /Début : \d\d\/\d\d\/\d{4}\. Référent : [^(]/);
  // Not for the nurse nor a partner; a support one may not see is missing.
  assertError(await c.ide.get(`/api/v1/supports/${sup.id}/contract-document`), 403, 'role.forbidden');
  assertError(await c.dac48.get(`/api/v1/supports/${sup.id}/contract-document`), 403, 'role.forbidden');
  assertError(await c.coordination.get('/api/v1/supports/999999/contract-document'), 404,
    'support.not_found');
  r = await c.coordination.put('/api/v1/crt/contract-template', { body: null });
  assert.equal(r.json.is_default, true);
});
