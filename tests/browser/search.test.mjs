// Issue 10 §3-4 in the browser: the person search on the list screen
// (tokens in any order, birth name behind a used name, one typo, phonetic,
// a birth date without separators), within the user's access; and the
// duplicate check of the creation form, shown before saving with
// « Ouvrir ce dossier » and « Créer quand même », on a desktop and at
// 360 px.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, loggedIn, scrollWidth, go, logout } from './lib/browser.mjs';

useBrowser();

// Types q in the list screen's search and returns the names shown.
async function searchFor(page, q) {
  // The previous search's page is replaced: wait until its count is gone,
  // so that the count and rows read are this search's.
  const before = await page.locator('p.result-count').elementHandle({ timeout: 100 })
    .catch(() => null);
  await page.getByLabel('Rechercher une personne').fill(q);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.waitForURL(new RegExp(`q=${encodeURIComponent(q).replace(/%20/g, '(\\+|%20)')}`));
  if (before) await page.waitForFunction((el) => !el.isConnected, before);
  await page.getByRole('status').filter({ hasText: /personne/ }).waitFor();
  return (await page.locator('table tbody tr td:first-child a').allTextContents())
    .map((x) => x.trim());
}

test('the list screen finds the examples of the issue, within access', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    await loggedIn(t, 'coordination');
    await go(page, '#/personnes');
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    const hint = await page.getByLabel('Rechercher une personne').evaluate((el) =>
      document.getElementById(el.getAttribute('aria-describedby').split(' ')[0]).textContent);
    assert.match(hint, /dans n'importe quel ordre/);
    for (const [q, want] of [['malaval odette', 'MALAVAL'], ['boudon germaine', 'BOUDON'],
      ['Germaine Boudon', 'BOUDON'], ['crose', 'CROZE'], ['teisier', 'TEISSIER'],
      ['21071934', 'BOUDON']]) {
      assert.deepEqual(await searchFor(page, q), [want], q);
    }
    await logout(page);

    // The aide does not find a person outside her circle.
    await loggedIn(t, 'aide');
    await go(page, '#/personnes');
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    await page.getByLabel('Rechercher une personne').fill('crose');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('status').filter({ hasText: 'Aucune personne ne correspond à « crose ».' })
      .waitFor();
    assert.deepEqual(await searchFor(page, 'teisier'), ['TEISSIER']);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }],
  ['360 px', { width: 360, height: 740 }]]) {
  test(`the creation form shows the possible duplicates before saving (${label})`, TEST, async () => {
    const t = await open(viewport);
    const { page, problems } = t;
    try {
      const api = await apiLogin(t.srv.base, 'coordination');
      const rousset = (await api.get('/api/v1/persons?q=rousset')).json.items[0];
      await loggedIn(t, 'coordination');
      const fillRousset = async () => {
        await go(page, '#/personnes/nouvelle');
        await page.getByRole('heading', { level: 1, name: 'Nouvelle personne' }).waitFor();
        const form = page.getByRole('form', { name: 'Nouvelle personne' });
        await form.getByLabel('Nom de naissance').fill('Rousset');
        await form.getByLabel('Prénom(s)').fill('Marcelle');
        await form.getByLabel('Date de naissance').fill('1936-03-14');
        await form.getByLabel('Sexe').selectOption({ label: 'Femme' });
        await form.getByRole('button', { name: 'Créer le dossier' }).click();
        return form;
      };
      let form = await fillRousset();
      const panel = form.getByRole('region', { name: 'Ce dossier existe peut-être déjà' });
      await panel.waitFor();
      const text = await panel.textContent();
      assert.match(text, /ROUSSET Marcelle Jeanne/);
      assert.match(text, /née le 14\/03\/1936, Saint-Chély-d'Apcher/);
      assert.equal(await page.evaluate(() => document.activeElement.textContent),
        'Ce dossier existe peut-être déjà', 'the panel is announced by its heading');
      if (viewport.width === 360) assert.ok(await scrollWidth(page) <= 360, 'the panel fits 360 px');
      const before = (await api.get('/api/v1/persons?q=rousset')).json.total;
      assert.equal(before, 1, 'nothing created before the choice');

      // « Ouvrir ce dossier » opens the existing record.
      await panel.getByRole('link', { name: 'Ouvrir ce dossier' }).click();
      await page.waitForURL(new RegExp(`#/personnes/${rousset.id}$`));
      await page.getByRole('heading', { level: 1, name: /ROUSSET Marcelle Jeanne/ }).waitFor();

      // « Créer quand même » saves, with the after-write warning.
      form = await fillRousset();
      await form.getByRole('region', { name: 'Ce dossier existe peut-être déjà' })
        .getByRole('button', { name: 'Créer quand même' }).click();
      await page.getByRole('heading', { level: 1, name: 'ROUSSET Marcelle' }).waitFor();
      await page.getByRole('alert').filter({ hasText: 'Doublon possible' }).waitFor();
      assert.equal((await api.get('/api/v1/persons?q=rousset')).json.total, 2);
      if (viewport.width === 360) assert.ok(await scrollWidth(page) <= 360, 'record fits 360 px');
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });
}
