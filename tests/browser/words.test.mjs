// The words of the UI (issue 10 §9), one journey per item: French dates in
// sentences, « né » / « née », the Demandes list (open ones, newest first),
// the exclusion criteria, « Aucune personne » on the board, the territory
// line, the GIR the secretariat may not read, the plan after the exit.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, go, loggedIn, person, checkA11y } from './lib/browser.mjs';

useBrowser();

const fr = (iso) => iso.slice(0, 10).split('-').reverse().join('/');
const daysAgo = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const ISO = /\d{4}-\d{2}-\d{2}/;

test('eligibility: « évalué le JJ/MM/AAAA », the exclusion criterion in words, « née le »', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const malaval = await person(api, 'malaval');
    const on = daysAgo(10);
    const a = await api.post(`/api/v1/persons/${malaval.id}/aggir`, { letters: 'AACCBBBBAA',
      evaluated_on: on });
    assert.equal(a.status, 201, a.text);
    const r = await api.post('/api/v1/referrals', { person_id: malaval.id,
      source: 'medecin_traitant', channel: 'telephone', reason: 'Chutes répétées',
      requested_volet: 2, referrer_name: 'Dr Valette' });
    assert.equal(r.status, 201, r.text);
    await loggedIn(t, 'coordination');
    await go(page, `#/demandes/${r.json.id}`);
    await page.getByRole('heading', { level: 1, name: /^Demande — MALAVAL/ }).waitFor();
    await checkA11y(page);
    const elig = page.getByRole('region', { name: 'Éligibilité au volet 2' });
    const gir = elig.locator('[data-reason="gir"]');
    await gir.waitFor();
    const girText = await gir.textContent();
    assert.match(girText, new RegExp(`GIR ${a.json.gir}, évalué le ${fr(on)}`));
    assert.doesNotMatch(girText, ISO);
    assert.equal((await elig.locator('[data-reason="exclusion.refus_teleassistance"]')
      .textContent()).trim(),
    '✓Remplie : Critère d\'exclusion « Refus de la téléassistance » : ne s\'applique pas');
    // Her sex is known: « née », never « né(e) ».
    const main = page.getByRole('main');
    await main.getByText(`née le ${fr(malaval.birth_date)}`).first().waitFor();
    assert.equal(await main.getByText('né(e)').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('Demandes: the open ones by default, urgent then newest first; the decided ones behind « Toutes »', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const all = (await api.get('/api/v1/referrals')).json.items;
    const decided = all.filter((r) => ['classe', 'admis', 'refuse', 'oriente_ailleurs']
      .includes(r.status));
    assert.ok(decided.length > 0, 'the demo has decided referrals');
    // Urgent first (the demo's hospital discharges, issue 11), then the newest.
    assert.equal(all.filter((r) => r.urgent && !decided.includes(r)).length, 3);
    const byNewest = (xs) => xs.slice().sort((x, y) => Number(y.urgent) - Number(x.urgent)
      || y.received_on.localeCompare(x.received_on) || y.id - x.id).map((x) => x.person.birth_name);

    await loggedIn(t, 'coordination');
    await go(page, '#/demandes');
    await page.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
    const rows = page.locator('table.referrals tbody tr');
    const open = all.filter((r) => !decided.includes(r));
    await page.getByText(`${open.length} demandes`, { exact: true }).waitFor();
    await checkA11y(page);
    const names = async () => (await rows.evaluateAll((trs) => trs.map((tr) =>
      tr.querySelector('a').textContent.split(' ')[0])));
    assert.deepEqual(await names(), byNewest(open));
    // Received dates shown in French.
    assert.doesNotMatch(await rows.first().textContent(), ISO);

    await page.getByLabel('Statut').selectOption({ label: 'Toutes, décidées comprises' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByText(`${all.length} demandes`, { exact: true }).waitFor();
    assert.match(page.url(), /statut=toutes$/);
    assert.deepEqual(await names(), byNewest(all));
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('the board: an empty column says « Aucune personne »', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const cols = (await api.get('/api/v1/pipeline')).json.columns;
    const empty = cols.filter((c) => c.count === 0);
    assert.ok(empty.length > 0, 'the demo leaves a column empty');
    await loggedIn(t, 'coordination');
    await go(page, '#/suivi');
    for (const c of empty) {
      const col = page.locator(`[data-column="${c.code}"]`);
      await col.getByText('Aucune personne', { exact: true }).waitFor();
    }
    await checkA11y(page);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('the record: the territory said once, without « volet 2 dans le territoire du volet 2 »', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const boudon = await person(api, 'boudon');
    const full = (await api.get(`/api/v1/persons/${boudon.id}`)).json;
    assert.equal(full.commune.volet2, true);
    await loggedIn(t, 'coordination');
    await go(page, `#/personnes/${boudon.id}`);
    const address = page.getByRole('region', { name: 'Adresse et territoire' });
    await address.waitFor();
    await checkA11y(page);
    const dd = address.locator('dt', { hasText: 'Territoire' }).locator('xpath=following-sibling::dd');
    assert.equal((await dd.textContent()).trim(), 'dans le territoire du volet 2');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('the secretariat, who may not read care data, is not told « Aucune évaluation AGGIR » for a GIR 3', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const boudon = await person(api, 'boudon');
    assert.equal((await api.get(`/api/v1/persons/${boudon.id}`)).json.gir.value, 3);
    await loggedIn(t, 'secretariat');
    await go(page, `#/personnes/${boudon.id}`);
    const autonomy = page.getByRole('region', { name: 'Autonomie (grille AGGIR)' });
    await autonomy.getByText('votre profil ne permet pas de consulter', { exact: false }).waitFor();
    await checkA11y(page);
    assert.equal(await autonomy.getByText('Aucune évaluation', { exact: false }).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('after the exit the plan is no longer « en vigueur »', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const sup = (await api.get('/api/v1/supports')).json.items.find((s) => s.status === 'sortie');
    assert.ok(sup, 'the demo has a support after its exit');
    const plan = await api.get(`/api/v1/supports/${sup.id}/plan`);
    assert.equal(plan.status, 200, 'its plan');
    await loggedIn(t, 'coordination');
    await go(page, `#/accompagnements/${sup.id}`);
    const section = page.getByRole('region', { name: 'Plan personnalisé d\'accompagnement (PPCS)' });
    await section.getByText('plus en vigueur (accompagnement terminé)').waitFor();
    await checkA11y(page);
    assert.equal(await section.getByText('en vigueur', { exact: true }).count(), 0);
    assert.equal(await section.getByText('(en vigueur)', { exact: false }).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
