// Browser journey of issue 10 point 2 (strict traits): the coordinator
// creates a person born in Algeria, the country picked from the
// birthplace list (« Algérie »), the names typed with accents; the record
// shows the names as typed and, next to the INS, the strict traits as the
// identity reference writes them (RNIV: capitals without accents); the
// identity form offers the typed names and the country. At 1280 px and
// 360 px, axe-clean (checkA11y).
// SPEC: DOMAIN §2 (strict traits), issue 10 §2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, loggedIn, go, unlabelledFields, scrollWidth, checkA11y }
  from './lib/browser.mjs';

useBrowser();

for (const [size, viewport] of [['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 360, height: 740 }]]) {
  test(`birth in Algeria picked from the list, RNIV traits on the identity card (${size})`, TEST,
    async () => {
      const t = await open(viewport);
      const { page, problems } = t;
      try {
        await loggedIn(t, 'coordination');
        await go(page, '#/personnes');
        await page.getByRole('link', { name: 'Nouvelle personne' }).click();
        await page.getByRole('heading', { level: 1, name: 'Nouvelle personne' }).waitFor();
        const form = page.getByRole('form', { name: 'Nouvelle personne' });
        await form.getByLabel('Nom de naissance').fill('Benaïm');
        await form.getByLabel('Prénom(s)').fill('Hélène Aïcha');
        await form.getByLabel('Date de naissance').fill('1938-05-12');
        await form.getByLabel('Sexe').selectOption({ label: 'Femme' });
        // The birthplace: a country, found by its French name.
        const place = form.getByRole('combobox', { name: 'Lieu de naissance' });
        await place.fill('Algérie');
        const option = form.getByRole('option', { name: /Algérie/ });
        await option.waitFor();
        assert.match(await option.textContent(), /pays · 99352/);
        await checkA11y(page, 'liste des lieux de naissance');
        await option.click();
        await form.getByText('Pays de naissance : Algérie — code INSEE 99352').waitFor();
        assert.deepEqual(await unlabelledFields(page), []);
        await form.getByRole('button', { name: 'Créer le dossier' }).click();
        await page.getByRole('heading', { level: 1, name: 'Benaïm Hélène Aïcha' }).waitFor();
        await checkA11y(page, 'dossier créé');

        // Stored: the strict traits in RNIV form, the typed ones for display.
        const coord = await apiLogin(t.srv.base, 'coordination');
        const found = (await coord.get('/api/v1/persons?q=benaim')).json.items;
        assert.equal(found.length, 1);
        const p = (await coord.get(`/api/v1/persons/${found[0].id}`)).json;
        assert.deepEqual([p.birth_name, p.first_names, p.birth_name_display, p.birthplace_insee],
          ['BENAIM', 'HELENE AICHA', 'Benaïm', '99352']);

        const ident = page.getByRole('region', { name: 'Identité' });
        const row = (label) => ident.locator('dt', { hasText: label }).locator('xpath=../dd');
        assert.equal(await row('Nom de naissance').textContent(), 'Benaïm');
        assert.equal(await row('Prénom(s) de naissance').textContent(), 'Hélène Aïcha');
        assert.equal(await row('Traits stricts (référentiel INS)').textContent(), 'BENAIM HELENE AICHA');
        assert.match(await row('Lieu de naissance').textContent(), /^Algérie \(pays\) — code INSEE 99352$/);

        // The identity form offers what was typed, and the country.
        await ident.getByRole('button', { name: 'Modifier l\'identité' }).click();
        const edit = ident.getByRole('form', { name: 'Modifier l\'identité' });
        assert.equal(await edit.getByLabel('Nom de naissance').inputValue(), 'Benaïm');
        assert.equal(await edit.getByRole('combobox', { name: 'Lieu de naissance' }).inputValue(),
          'Algérie');
        await checkA11y(page, 'modifier l\'identité');
        // The same name in capitals is no change of a strict trait.
        await edit.getByLabel('Nom de naissance').fill('BENAÏM');
        await edit.getByRole('button', { name: 'Enregistrer l\'identité' }).click();
        await page.getByText('Identité enregistrée.').waitFor();
        const after = (await coord.get(`/api/v1/persons/${p.id}`)).json;
        assert.deepEqual([after.birth_name, after.birth_name_display, after.identity_status],
          ['BENAIM', 'BENAÏM', p.identity_status]);
        assert.ok(await scrollWidth(page) <= viewport.width, 'no horizontal scroll');
        assert.deepEqual(problems, []);
      } finally {
        await t.close();
      }
    });
}
