// Browser journeys of the PPCS action templates (issue 10 point 10): the
// coordination keeps the templates (page « Modèles du plan et du contrat », server
// messages on the fields), and « Partir d'un modèle » fills an action of
// the plan (text, area, start today, review after the template's months);
// the printed plan lists everyone around the person; the support contract
// generated from the CRT's template; on a desktop and at 360 px.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, mainNav, unlabelledFields, scrollWidth, go, loggedIn }
  from './lib/browser.mjs';

useBrowser();

function browserDates(page, months) {
  return page.evaluate((n) => {
    const d = new Date();
    const pad = (x) => String(x).padStart(2, '0');
    const today = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    const [y, m, dd] = today.split('-').map(Number);
    return [today, new Date(Date.UTC(y, m - 1 + n, dd)).toISOString().slice(0, 10)];
  }, months);
}

async function activeSupport(base) {
  const coord = await apiLogin(base, 'coordination');
  const r = await coord.get('/api/v1/supports');
  const s = r.json.items.find((x) => x.status === 'active');
  assert.ok(s, 'an active support in the demo');
  return s.id;
}

test('desktop: the coordination adds a template, then picks it in the plan', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    await loggedIn(t, 'coordination');
    await mainNav(page).getByRole('link', { name: 'Modèles du plan et du contrat' }).click();
    await page.getByRole('heading', { level: 1, name: 'Modèles du plan et du contrat' }).waitFor();
    const area = (name) => page.getByRole('region', { name });
    await area('Sécurité du domicile').getByText('Téléassistance', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Ajouter un modèle' }).click();
    const form = page.getByRole('form', { name: 'Nouveau modèle' });
    await form.getByLabel(/^Nom du modèle/).fill('Portage de repas');
    await form.getByRole('button', { name: 'Ajouter le modèle' }).click();
    // The server's message on the first field it refuses.
    await form.getByText('Le champ « Axe » est obligatoire.').waitFor();
    await form.getByLabel(/^Axe/).selectOption('suivi_renforce');
    await form.getByLabel(/^Domaine/).selectOption('autonomie');
    await form.getByLabel(/^Problème ou besoin/).fill('Repas irréguliers');
    await form.getByLabel(/^Objectif partagé/).fill('Manger équilibré chaque jour');
    await form.getByLabel(/^Action/).fill('Portage de repas par le CCAS');
    await form.getByLabel(/^Fréquence/).fill('Chaque jour');
    await form.getByLabel(/^Réévaluation après/).fill('2');
    assert.deepEqual(await unlabelledFields(page), []);
    await form.getByRole('button', { name: 'Ajouter le modèle' }).click();
    await page.getByRole('status').filter({ hasText: 'Modèle ajouté : Portage de repas.' }).waitFor();
    await area('Suivi renforcé').getByText('Portage de repas', { exact: true }).waitFor();

    // The plan editor offers it.
    const sid = await activeSupport(t.srv.base);
    await go(page, `#/accompagnements/${sid}/plan/modifier`);
    await page.getByRole('heading', { level: 1, name: 'Modifier le plan personnalisé' }).waitFor();
    const pform = page.getByRole('form', { name: 'Plan personnalisé' });
    await pform.getByRole('button', { name: 'Ajouter une action' }).click();
    const n = await pform.locator('fieldset.plan-row').count();
    const row = pform.getByRole('group', { name: `Action ${n}` });
    const pick = row.getByLabel('Partir d\'un modèle');
    await pick.selectOption({ label: 'Portage de repas' });
    const [today, review] = await browserDates(page, 2);
    assert.equal(await row.getByLabel('Axe').inputValue(), 'suivi_renforce');
    assert.equal(await row.getByLabel('Domaine').inputValue(), 'autonomie');
    assert.equal(await row.getByLabel(/^Action( |$)/).inputValue(), 'Portage de repas par le CCAS');
    assert.equal(await row.getByLabel('Fréquence').inputValue(), 'Chaque jour');
    assert.equal(await row.getByLabel('Début').inputValue(), today);
    assert.equal(await row.getByLabel('Réévaluation').inputValue(), review);
    const who = await row.getByLabel('Responsable').locator('option', { hasText: 'Sophie Boyer' })
      .getAttribute('value');
    await row.getByLabel('Responsable').selectOption(who);
    await pform.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
    await page.getByText('Plan personnalisé enregistré : version', { exact: false }).waitFor();
    await page.getByText('Portage de repas par le CCAS').first().waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('360 px: templates page and the picker fit; the nurse is not offered the page', TEST,
  async () => {
    const t = await open({ width: 360, height: 740 });
    const { page, problems } = t;
    try {
      await loggedIn(t, 'coordination');
      await go(page, '#/modeles-actions');
      await page.getByRole('heading', { level: 1, name: 'Modèles du plan et du contrat' }).waitFor();
      await page.getByRole('button', { name: 'Modifier « Téléassistance »' }).click();
      const form = page.getByRole('form', { name: 'Modèle Téléassistance' });
      await form.getByLabel(/^Réévaluation après/).fill('4');
      await form.getByRole('button', { name: 'Enregistrer le modèle' }).click();
      await page.getByRole('status').filter({ hasText: 'Modèle enregistré : Téléassistance.' })
        .waitFor();
      await page.getByText('réévaluation après 4 mois', { exact: false }).waitFor();
      assert.ok(await scrollWidth(page) <= 360, 'the templates page fits 360 px');
      const sid = await activeSupport(t.srv.base);
      await go(page, `#/accompagnements/${sid}/plan/modifier`);
      const pform = page.getByRole('form', { name: 'Plan personnalisé' });
      await pform.getByRole('button', { name: 'Ajouter une action' }).click();
      const n = await pform.locator('fieldset.plan-row').count();
      const row = pform.getByRole('group', { name: `Action ${n}` });
      await row.getByLabel('Partir d\'un modèle').selectOption({ label: 'Téléassistance' });
      const [, review] = await browserDates(page, 4);
      assert.equal(await row.getByLabel('Réévaluation').inputValue(), review);
      assert.ok(await scrollWidth(page) <= 360, 'the plan editor fits 360 px');
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
    const u = await open({ width: 360, height: 740 });
    try {
      await loggedIn(u, 'ide');
      assert.equal(await mainNav(u.page).getByRole('link', { name: 'Modèles du plan et du contrat' }).count(), 0);
      await go(u.page, '#/modeles-actions');
      await u.page.getByText('Votre rôle ne donne pas accès à cette page.').waitFor();
    } finally {
      await u.close();
    }
  });

test('the printed plan lists everyone around the person: GP, caregiver, representative, CRT staff',
  TEST, async () => {
    const t = await open();
    const { page, problems } = t;
    try {
      const coord = await apiLogin(t.srv.base, 'coordination');
      const s = (await coord.get('/api/v1/supports')).json.items.find((x) => x.status === 'active');
      const pid = s.person.id;
      const prof = (await coord.get(`/api/v1/persons/${pid}/profile`)).json;
      assert.ok(prof.gp, 'the demo person has a GP');
      const cg = await coord.post(`/api/v1/persons/${pid}/caregivers`, { name: 'Marie Dupuy',
        relation: 'fille', phone: '06 12 34 56 78', situation: 'present' });
      assert.equal(cg.status, 201, cg.text);
      const plan = (await coord.get(`/api/v1/supports/${s.id}/plan`)).json;
      await loggedIn(t, 'coordination');
      await go(page, `#/accompagnements/${s.id}/plan/imprimer`);
      await page.getByRole('heading', { level: 1, name: 'Plan personnalisé d\'accompagnement' })
        .waitFor();
      const list = page.locator('.pp-list');
      await list.getByText(`${prof.gp.name} (médecin traitant, ${prof.gp.org}) — ${prof.gp.phone}`)
        .waitFor();
      await list.getByText('Marie Dupuy (aidant — fille) — 06 12 34 56 78').waitFor();
      if (prof.social && prof.social.legal_representative) {
        await list.getByText(`${prof.social.legal_representative} (représentant légal`,
          { exact: false }).waitFor();
      }
      await list.getByText(`${plan.referent.name} (CRT ; référent du plan`, { exact: false })
        .waitFor();
      for (const a of plan.actions.filter((x) => x.who_org)) {
        await list.getByText(`${a.who_org.name} (partenaire`, { exact: false }).waitFor();
      }
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });

test('the support contract: the CRT edits its template, the contract is generated to print', TEST,
  async () => {
    const t = await open();
    const { page, problems } = t;
    try {
      const coord = await apiLogin(t.srv.base, 'coordination');
      const s = (await coord.get('/api/v1/supports')).json.items.find((x) => x.status === 'active');
      const p = (await coord.get(`/api/v1/persons/${s.person.id}`)).json;
      await loggedIn(t, 'coordination');
      await go(page, '#/modeles-actions');
      const sec = page.getByRole('region', { name: 'Modèle du contrat d\'accompagnement' });
      await sec.getByText('Modèle par défaut de Maillage', { exact: false }).waitFor();
      const body = sec.getByLabel(/^Texte du modèle/);
      assert.match(await body.inputValue(), /^CONTRAT D'ACCOMPAGNEMENT RENFORCÉ/);
      await body.fill('Contrat de {{nom}} {{prenom}}');
      await sec.getByRole('button', { name: 'Enregistrer le modèle du contrat' }).click();
      await sec.getByText('Le modèle contient un champ à remplir inconnu', { exact: false }).waitFor();
      assert.equal(await body.getAttribute('aria-invalid'), 'true');
      await body.fill('Contrat d\'accompagnement de {{nom}} {{prenoms}}, né(e) le {{date_naissance}}, '
        + 'demeurant {{adresse}}. Référent : {{referent}}.');
      await sec.getByRole('button', { name: 'Enregistrer le modèle du contrat' }).click();
      await sec.getByRole('status').filter({ hasText: 'Modèle du contrat enregistré.' }).waitFor();
      await sec.getByText('Modèle du CRT.', { exact: true }).waitFor();
      await go(page, `#/accompagnements/${s.id}/contrat`);
      await page.getByRole('heading', { level: 1, name: 'Contrat d\'accompagnement' }).waitFor();
      const text = page.locator('.contract-text');
      await text.waitFor();
      const fr = p.birth_date.split('-').reverse().join('/');
      assert.match(await text.textContent(), new RegExp(`^Contrat d'accompagnement de ${p.birth_name}`));
      assert.ok((await text.textContent()).includes(`né(e) le ${fr}, demeurant ${p.address}`));
      await page.getByRole('button', { name: 'Imprimer' }).waitFor();
      // Back to the default template.
      await go(page, '#/modeles-actions');
      await page.getByRole('button', { name: 'Revenir au modèle par défaut' }).click();
      await page.getByRole('status').filter({ hasText: 'Modèle par défaut rétabli.' }).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });

test('360 px: the secretariat generates the contract (default template); it fits', TEST,
  async () => {
    const t = await open({ width: 360, height: 740 });
    const { page, problems } = t;
    try {
      const coord = await apiLogin(t.srv.base, 'coordination');
      const s = (await coord.get('/api/v1/supports')).json.items.find((x) => x.status === 'active');
      await loggedIn(t, 'secretariat');
      await go(page, `#/accompagnements/${s.id}/contrat`);
      await page.getByRole('heading', { level: 1, name: 'Contrat d\'accompagnement' }).waitFor();
      const text = page.locator('.contract-text');
      await text.getByText('CONTRAT D\'ACCOMPAGNEMENT RENFORCÉ À DOMICILE', { exact: false }).waitFor();
      assert.doesNotMatch(await text.textContent(), /\{\{/);
      assert.ok(await scrollWidth(page) <= 360, 'the contract fits 360 px');
      // The secretariat does not edit the templates.
      assert.equal(await mainNav(page).getByRole('link', { name: 'Modèles du plan et du contrat' })
        .count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });

test('360 px: the printed plan\'s people list (GP with phone) fits the phone', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const s = (await coord.get('/api/v1/supports')).json.items.find((x) => x.status === 'active');
    const prof = (await coord.get(`/api/v1/persons/${s.person.id}/profile`)).json;
    await loggedIn(t, 'coordination');
    await go(page, `#/accompagnements/${s.id}/plan/imprimer`);
    const list = page.locator('.pp-list');
    await list.getByText(`${prof.gp.name} (médecin traitant`, { exact: false }).waitFor();
    assert.ok(await list.evaluate((el) => el.scrollWidth <= el.clientWidth), 'the list wraps');
    assert.ok(await list.evaluate((el) => el.getBoundingClientRect().right <= 360), 'within 360 px');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
