// Browser journeys on the person record (STYLE §7 "Browser"): the
// coordinator creates a person (INS, commune search, volet 2), enters an
// AGGIR grid by sub-variables with the GIR computed live, saves it and
// sees it in the record; the « Doublon possible » warning; a wrong INS key
// shown next to its field; the ten-letter mode and a refused creation at
// 360 px.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
// SPEC: DOMAIN §1 (AGGIR), §2 (INS); PRODUCT §1 users and roles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, loginAs, mainNav, unlabelledFields,
  scrollWidth, checkA11y, logout } from './lib/browser.mjs';

useBrowser();

const INS = '295109912611193';          // valid key (DOMAIN §2)
const INS_BAD_KEY = '295109912611199';  // same number, wrong key
const OID_TEST = '1.2.250.1.213.1.4.10';
const TOILETTE_HABILLAGE = ['toi_haut', 'toi_bas', 'hab_haut', 'hab_moyen', 'hab_bas'];
const SUBVARIABLES = [
  ['coh_communication', 'Cohérence — communication'],
  ['coh_comportement', 'Cohérence — comportement'],
  ['ori_temps', 'Orientation — dans le temps'],
  ['ori_espace', 'Orientation — dans l\'espace'],
  ['toi_haut', 'Toilette — haut'],
  ['toi_bas', 'Toilette — bas'],
  ['hab_haut', 'Habillage — haut'],
  ['hab_moyen', 'Habillage — moyen'],
  ['hab_bas', 'Habillage — bas'],
  ['ali_se_servir', 'Alimentation — se servir'],
  ['ali_manger', 'Alimentation — manger'],
  ['eli_urinaire', 'Élimination — urinaire'],
  ['eli_fecale', 'Élimination — fécale'],
  ['transferts', 'Transferts'],
  ['deplacements_interieur', 'Déplacements à l\'intérieur'],
  ['deplacements_exterieur', 'Déplacements à l\'extérieur'],
  ['alerter', 'Alerter'],
];
const ADVERBS = ['Spontanément', 'Totalement', 'Correctement', 'Habituellement'];

const PERSON = {
  birth_name: 'FABRE',
  first_names: 'Odette Marie',
  birth_date: '1995-10-01',
  sex: 'F',
  birthplace_insee: '99126',
  ins: INS,
  ins_oid: OID_TEST,
  identity_status: 'PROV',
};

// 'YYYY-MM-DD' → 'JJ/MM/AAAA'.
const fr = (iso) => iso.split('-').reverse().join('/');

// Goes from the Personnes page to the creation form.
async function openCreateForm(page) {
  await mainNav(page).getByRole('link', { name: 'Personnes' }).click();
  await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
  await checkA11y(page);
  await page.getByRole('link', { name: 'Nouvelle personne' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nouvelle personne' }).waitFor();
  await checkA11y(page);
  return page.getByRole('form', { name: 'Nouvelle personne' });
}

// Fills the strict traits and the INS of PERSON (with another INS if given).
async function fillIdentity(form, ins = INS) {
  await form.getByLabel('Nom de naissance').fill(PERSON.birth_name);
  await form.getByLabel('Prénom(s)').fill(PERSON.first_names);
  await form.getByLabel('Date de naissance').fill(PERSON.birth_date);
  await form.getByLabel('Sexe').selectOption({ label: 'Femme' });
  // A code typed and not picked from the list is sent as typed.
  await form.getByLabel('Lieu de naissance').fill(PERSON.birthplace_insee);
  await form.getByLabel('Matricule INS').fill(ins);
  await form.getByLabel('OID de l\'INS').selectOption(OID_TEST);
  await form.getByLabel('Statut de l\'identité').selectOption({ label: 'Provisoire' });
}

// The text of the elements that describe a field (hint, error message).
function description(locator) {
  return locator.evaluate((el) => (el.getAttribute('aria-describedby') || '')
    .split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id).textContent).join(' | '));
}

test('coordination: creates a person with a commune, then an AGGIR evaluation', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const malzieu = (await api.get('/api/v1/communes?q=malzieu')).json.items
      .find((c) => c.name === 'Le Malzieu-Ville');
    assert.ok(malzieu && malzieu.volet2, 'Le Malzieu-Ville is in the volet 2 territory');
    // The GIR of the grid entered below, as the server computes it.
    const expected = (await api.post('/api/v1/aggir', { letters: 'AACCAAAAAA' })).json;
    assert.equal(expected.letters, 'AACCAAAAAA');

    await loginAs(t, 'coordination');
    await mainNav(page).waitFor();
    const form = await openCreateForm(page);
    assert.deepEqual(await unlabelledFields(page), []);
    // The choice lists carry French labels.
    const oid = form.getByLabel('OID de l\'INS');
    for (const label of ['INS-NIR', 'INS-NIA', 'NIR de test', 'NIR de démonstration']) {
      assert.equal(await oid.locator('option', { hasText: label }).count(), 1, label);
    }
    const doc = form.getByLabel('Pièce d\'identité contrôlée');
    for (const label of ['Carte nationale d\'identité', 'Passeport', 'Titre de séjour']) {
      assert.equal(await doc.locator('option', { hasText: label }).count(), 1, label);
    }
    for (const label of ['Provisoire', 'Récupérée', 'Validée', 'Qualifiée']) {
      assert.equal(await form.getByLabel('Statut de l\'identité')
        .locator('option', { hasText: label }).count(), 1, label);
    }

    await fillIdentity(form);
    await form.getByLabel('Nom utilisé', { exact: true }).fill('FABRE-ROUX');
    await form.getByLabel('Adresse').fill('3 place du Souvenir');

    // Commune: typed without the accent-free capital, chosen in the list.
    const commune = form.getByRole('combobox', { name: 'Commune' });
    await commune.pressSequentially('malzieu', { delay: 20 });
    const option = page.getByRole('option', { name: /^Le Malzieu-Ville \(48140\)/ });
    await option.waitFor();
    assert.match(await option.textContent(), /volet 2/);
    assert.equal(await commune.getAttribute('aria-expanded'), 'true');
    await option.click();
    assert.equal(await commune.getAttribute('aria-expanded'), 'false');
    assert.equal(await commune.inputValue(), 'Le Malzieu-Ville (48140)');
    await form.getByText(`code INSEE ${malzieu.code}`).waitFor();

    await form.getByRole('button', { name: 'Créer le dossier' }).click();
    await page.getByRole('heading', { level: 1, name: 'FABRE Odette Marie' }).waitFor();
    await checkA11y(page);
    assert.match(page.url(), /#\/personnes\/\d+$/);
    const id = Number(page.url().match(/(\d+)$/)[1]);
    await page.getByRole('status').filter({ hasText: 'Dossier de FABRE Odette Marie créé.' })
      .waitFor();
    assert.equal(await page.getByText('Doublon possible').count(), 0);

    // The record: identity, INS with its OID, address, commune, volet 2.
    const identity = page.getByRole('region', { name: 'Identité' });
    await identity.getByText(INS).waitFor();
    await identity.getByText(`NIR de test (${OID_TEST})`).waitFor();
    await identity.getByText('Provisoire').waitFor();
    await identity.getByText('par Sophie Boyer').waitFor();
    await identity.getByText('FABRE-ROUX').waitFor();
    const address = page.getByRole('region', { name: 'Adresse et territoire' });
    await address.getByText('3 place du Souvenir').waitFor();
    await address.getByText('Le Malzieu-Ville (48140)').waitFor();
    // Said once (issue 10 §9): no « volet 2 » badge before the sentence.
    await address.getByText('dans le territoire du volet 2', { exact: true }).waitFor();
    await address.getByText(`${malzieu.travel_minutes} min`).waitFor();
    const autonomy = page.getByRole('region', { name: 'Autonomie (grille AGGIR)' });
    await autonomy.getByText('Aucune évaluation AGGIR enregistrée.').waitFor();
    await autonomy.getByText('Aucune évaluation.').waitFor();

    // AGGIR by sub-variables: every adverb ticked except toilette and
    // habillage (nothing ticked) → AACCAAAAAA.
    await autonomy.getByRole('link', { name: 'Nouvelle évaluation AGGIR' }).click();
    await page.getByRole('heading', { level: 1, name: 'Évaluation AGGIR' }).waitFor();
    await checkA11y(page);
    const aggir = page.getByRole('form', { name: 'Évaluation AGGIR' });
    await page.getByText('FABRE Odette Marie, née le 01/10/1995').waitFor();
    assert.deepEqual(await unlabelledFields(page), []);
    const today = await page.evaluate(() => {
      const d = new Date();
      const pad = (n) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    });
    assert.equal(await aggir.getByLabel('Date de l\'évaluation').inputValue(), today);
    // Four adverbs and « Aucun » per sub-variable.
    assert.equal(await aggir.locator('input[type="checkbox"]').count(), 17 * 5);

    const live = aggir.getByRole('status');
    // Nothing ticked: no GIR yet (issue 10 point 8).
    await live.filter({ hasText: /^GIR non calculé : 0 sous-variable/ }).waitFor();
    for (const [code, label] of SUBVARIABLES) {
      const group = aggir.getByRole('group', { name: label, exact: true });
      if (TOILETTE_HABILLAGE.includes(code)) {
        await group.getByLabel('Aucun : ne le fait pas seule').check();
        continue;
      }
      if (code === 'alerter') {
        // Keyboard: Tab through the four boxes, Space ticks each.
        await group.getByLabel('Spontanément', { exact: true }).focus();
        for (let i = 0; i < 4; i++) {
          await page.keyboard.press('Space');
          if (i < 3) await page.keyboard.press('Tab');
        }
      } else {
        for (const adverb of ADVERBS) {
          await group.getByLabel(adverb, { exact: true }).check();
        }
      }
    }
    for (const code of TOILETTE_HABILLAGE) {
      const label = SUBVARIABLES.find(([c]) => c === code)[1];
      const group = aggir.getByRole('group', { name: label, exact: true });
      for (const adverb of ADVERBS) {
        assert.equal(await group.getByLabel(adverb, { exact: true }).isChecked(), false);
      }
    }
    const result = page.getByRole('complementary', { name: 'Résultat calculé' });
    await result.getByText('grille AACCAAAAAA').waitFor();
    assert.equal((await live.textContent()).trim(), `GIR ${expected.gir}`);
    const letters = (await result.locator('dd').allTextContents()).join('');
    assert.equal(letters, 'AACCAAAAAA');
    for (const code of ['COH', 'ORI', 'TOI', 'HAB', 'ALI', 'ELI', 'TRA', 'DIN', 'DEX', 'COM']) {
      await result.getByText(code, { exact: true }).waitFor();
    }

    await aggir.getByLabel('Commentaire').fill('Évaluation à domicile, fille présente.');
    await aggir.getByRole('button', { name: 'Enregistrer l\'évaluation' }).click();
    await page.getByRole('heading', { level: 1, name: 'FABRE Odette Marie' }).waitFor();
    await checkA11y(page);
    await page.getByRole('status').filter({ hasText:
      `Évaluation AGGIR du ${fr(today)} enregistrée : GIR ${expected.gir}.` }).waitFor();
    const autonomy2 = page.getByRole('region', { name: 'Autonomie (grille AGGIR)' });
    const summary = autonomy2.locator('.gir-summary');
    await summary.waitFor();
    assert.equal((await summary.textContent()).trim(),
      `GIR ${expected.gir} (évalué le ${fr(today)} par Sophie Boyer)`);
    const row = autonomy2.getByRole('table').locator('tbody tr');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
    assert.equal(cells[0], fr(today));
    assert.equal(cells[1], `GIR ${expected.gir}`);
    assert.match(cells[2], /^AACCAAAAAA/);
    assert.match(cells[3], /^Sophie Boyer/);

    // What the page showed is what the server stored.
    const stored = (await api.get(`/api/v1/persons/${id}/aggir`)).json.items;
    assert.equal(stored.length, 1);
    assert.equal(stored[0].input_kind, 'answers');
    assert.equal(stored[0].letters, 'AACCAAAAAA');
    assert.equal(stored[0].gir, expected.gir);
    assert.equal(stored[0].evaluated_on, today);
    const rec = (await api.get(`/api/v1/persons/${id}`)).json;
    assert.equal(rec.commune_code, malzieu.code);
    assert.equal(rec.ins, INS);
    assert.equal(rec.ins_oid, OID_TEST);
    assert.equal(rec.address, '3 place du Souvenir');
    assert.equal(rec.gir.value, expected.gir);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('creating the same person again warns « Doublon possible »', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    // Without the INS: one INS is one person (see the next test).
    const first = await api.post('/api/v1/persons', { ...PERSON, ins: undefined, ins_oid: undefined });
    assert.equal(first.status, 201, first.text);

    await loginAs(t, 'coordination');
    await mainNav(page).waitFor();
    const form = await openCreateForm(page);
    await fillIdentity(form);
    // Commune by postal code, keyboard only: arrow down, Enter.
    const commune = form.getByRole('combobox', { name: 'Commune' });
    await commune.pressSequentially('48140', { delay: 20 });
    const options = page.getByRole('listbox', { name: 'Communes proposées' })
      .getByRole('option');
    await options.first().waitFor();
    assert.ok(await options.count() > 1, 'several communes share 48140');
    const firstName = (await options.first().locator('.option-name').textContent()).trim();
    await commune.press('ArrowDown');
    assert.equal(await options.first().getAttribute('aria-selected'), 'true');
    assert.equal(await commune.getAttribute('aria-activedescendant'),
      await options.first().getAttribute('id'));
    await commune.press('Enter');
    assert.equal(await commune.getAttribute('aria-expanded'), 'false');
    assert.equal(await commune.inputValue(), firstName);
    assert.match(page.url(), /#\/personnes\/nouvelle$/, 'Enter chose, did not submit');
    await form.getByRole('button', { name: 'Créer le dossier' }).click();
    // Issue 10 §3: the existing record is shown before saving; saving
    // then needs « Créer quand même ».
    const panel = form.getByRole('region', { name: 'Ce dossier existe peut-être déjà' });
    await panel.waitFor();
    assert.equal(await panel.getByRole('link', { name: 'Ouvrir ce dossier' }).getAttribute('href'),
      `#/personnes/${first.json.id}`);
    assert.match(page.url(), /#\/personnes\/nouvelle$/, 'nothing created yet');
    await panel.getByRole('button', { name: 'Créer quand même' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'Doublon possible' });
    await warning.waitFor();
    await warning.getByRole('heading', { name: 'Doublon possible' }).waitFor();
    const link = warning.getByRole('link', { name: 'FABRE Odette Marie' });
    assert.equal(await link.count(), 1);
    assert.equal(await link.getAttribute('href'), `#/personnes/${first.json.id}`);
    // The new record is open under the warning.
    await page.getByRole('heading', { level: 1, name: 'FABRE Odette Marie' }).waitFor();
    await checkA11y(page);
    const id = Number(page.url().match(/(\d+)$/)[1]);
    assert.notEqual(id, first.json.id);
    await page.getByText('Doublon suspecté').first().waitFor();

    // The link opens the older record.
    await link.click();
    await page.waitForURL(new RegExp(`#/personnes/${first.json.id}$`));
    // The new record's page (with its warning) is replaced: wait for it to
    // go rather than read the old page's parts (a race seen in CI).
    await warning.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Identité' }).waitFor();
    assert.equal(await page.getByText('Doublon possible').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

// Issue 8 §15, §14: an INS another record holds is refused with the way
// to that record; a birthplace code unknown to the commune reference is a
// warning on the record just created.
test('an INS already held: « Ouvrir le dossier existant »; an unknown birthplace is « À vérifier »', TEST,
  async () => {
    const t = await open();
    const { page, problems } = t;
    try {
      const api = await apiLogin(t.srv.base, 'coordination');
      const holder = await api.post('/api/v1/persons', { ...PERSON, birth_name: 'TITULAIRE' });
      assert.equal(holder.status, 201, holder.text);

      await loginAs(t, 'coordination');
      await mainNav(page).waitFor();
      let form = await openCreateForm(page);
      await fillIdentity(form);
      await form.getByRole('button', { name: 'Créer le dossier' }).click();
      const alert = form.getByRole('alert').filter({ hasText: /dossier existant/ });
      await alert.waitFor();
      assert.match(await alert.textContent(), /Matricule INS : Ce matricule INS est déjà celui d'une autre/);
      const ins = form.getByLabel('Matricule INS');
      assert.equal(await ins.getAttribute('aria-invalid'), 'true');
      assert.match(await description(ins), /déjà celui d'une autre personne/);
      const link = alert.getByRole('link', { name: 'Ouvrir le dossier existant' });
      assert.equal(await link.getAttribute('href'), `#/personnes/${holder.json.id}`);
      assert.match(page.url(), /#\/personnes\/nouvelle$/, 'nothing created');
      await link.click();
      await page.getByRole('heading', { level: 1, name: 'TITULAIRE Odette Marie' }).waitFor();
      await checkA11y(page);
      await page.waitForURL(new RegExp(`#/personnes/${holder.json.id}$`));

      // A NIR that says « femme » for a man: the message at « Sexe ».
      form = await openCreateForm(page);
      await fillIdentity(form);
      await form.getByLabel('Sexe').selectOption({ label: 'Homme' });
      await form.getByRole('button', { name: 'Créer le dossier' }).click();
      const sex = form.getByLabel('Sexe');
      await form.getByRole('alert').filter({ hasText: /NIR indique une femme/ }).waitFor();
      assert.equal(await sex.getAttribute('aria-invalid'), 'true');
      assert.match(await description(sex), /Le NIR indique une femme mais le sexe saisi est masculin/);

      // Without the INS and with a birthplace absent from the reference.
      form = await openCreateForm(page);
      await fillIdentity(form);
      await form.getByLabel('Matricule INS').fill('');
      await form.getByLabel('OID de l\'INS').selectOption('');
      await form.getByLabel('Lieu de naissance').fill('48999');
      await form.getByRole('button', { name: 'Créer le dossier' }).click();
      await page.getByRole('heading', { level: 1, name: 'FABRE Odette Marie' }).waitFor();
      await checkA11y(page);
      const check = page.getByRole('status').filter({ hasText: 'À vérifier' });
      await check.getByRole('heading', { name: 'À vérifier' }).waitFor();
      assert.match(await check.textContent(),
        /Lieu de naissance : Le code INSEE 48999 du lieu de naissance est absent du référentiel/);
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });

test('a wrong INS key is shown in French next to the INS field (360 px)', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    await loginAs(t, 'coordination');
    const nav = mainNav(page);
    await nav.waitFor();
    await nav.getByRole('button', { name: 'Menu' }).click();
    const form = await openCreateForm(page);
    assert.ok(await scrollWidth(page) <= 360, 'creation form fits 360 px');
    await fillIdentity(form, INS_BAD_KEY);
    await form.getByRole('button', { name: 'Créer le dossier' }).click();

    const alert = form.getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor();
    assert.match(await alert.textContent(), /matricule INS est invalide/);
    const ins = form.getByLabel('Matricule INS');
    assert.equal(await ins.getAttribute('aria-invalid'), 'true');
    assert.match(await description(ins), /Le matricule INS est invalide/);
    // The message is next to the field (in its own block), and the field
    // has the focus.
    const fieldBlock = ins.locator('xpath=..');
    assert.match(await fieldBlock.textContent(), /Le matricule INS est invalide/);
    assert.equal(await page.evaluate(() => document.activeElement.name), 'ins');
    assert.match(page.url(), /#\/personnes\/nouvelle$/);
    assert.ok(await scrollWidth(page) <= 360, 'form with its error fits 360 px');

    // Fixed, the record is created.
    await ins.fill(INS);
    await form.getByRole('button', { name: 'Créer le dossier' }).click();
    await page.getByRole('heading', { level: 1, name: 'FABRE Odette Marie' }).waitFor();
    await checkA11y(page);
    assert.ok(await scrollWidth(page) <= 360, 'record fits 360 px');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('AGGIR in ten letters at 360 px; a role that may not create is told so', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = (await api.get('/api/v1/persons?q=rousset')).json.items[0];
    const expected = (await api.post('/api/v1/aggir', { letters: 'AACCBBBBAA' })).json;

    await loginAs(t, 'coordination');
    await mainNav(page).waitFor();
    await page.evaluate((id) => { location.hash = `#/personnes/${id}/aggir`; }, rousset.id);
    const aggir = page.getByRole('form', { name: 'Évaluation AGGIR' });
    await aggir.getByRole('group', { name: 'Alerter', exact: true }).waitFor();
    assert.ok(await scrollWidth(page) <= 360, 'AGGIR grid fits 360 px');

    await aggir.getByLabel('Saisir les dix lettres').check();
    assert.equal(await aggir.getByRole('group', { name: 'Alerter', exact: true }).count(), 0);
    const live = aggir.getByRole('status');
    await aggir.getByRole('textbox', { name: 'Les dix lettres' }).fill('aaccb');
    await live.filter({ hasText: '5 lettres sur 10' }).waitFor();
    await aggir.getByRole('textbox', { name: 'Les dix lettres' }).fill('aaccbbbbaa');
    await live.filter({ hasText: `GIR ${expected.gir}` }).waitFor();
    const result = page.getByRole('complementary', { name: 'Résultat calculé' });
    assert.equal((await result.locator('dd').allTextContents()).join(''), 'AACCBBBBAA');
    assert.ok(await scrollWidth(page) <= 360, 'ten-letter mode fits 360 px');

    // A letter other than A, B, C: the server's message at the field.
    await aggir.getByRole('textbox', { name: 'Les dix lettres' }).fill('AACCBBBBAD');
    await live.filter({ hasText: 'Calcul impossible' }).waitFor();
    assert.match(await description(aggir.getByRole('textbox', { name: 'Les dix lettres' })), /A, B ou C/);

    // Another role: no « Nouvelle personne », and the server's refusal.
    await logout(page);
    await loginAs(t, 'ergo');
    await mainNav(page).waitFor();
    await page.evaluate(() => { location.hash = '#/personnes'; });
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    await checkA11y(page);
    await page.getByRole('status').filter({ hasText: /personne/ }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Nouvelle personne' }).count(), 0);
    await page.evaluate(() => { location.hash = '#/personnes/nouvelle'; });
    const form = page.getByRole('form', { name: 'Nouvelle personne' });
    await fillIdentity(form);
    await form.getByRole('button', { name: 'Créer le dossier' }).click();
    const alert = form.getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor();
    assert.equal((await alert.textContent()).trim(),
      'Votre profil ne permet pas de créer ce dossier.');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

// Issue 8 point 18: the record's access history pages like the other
// lists (« Suivant »), anchored on the first page's newest row; the CSV
// export is offered; only the direction and the coordination see it.
test('the access history of a record: pages of 50 with « Suivant », CSV export, for the coordination',
  TEST, async () => {
    const t = await open();
    const { page, problems } = t;
    try {
      const api = await apiLogin(t.srv.base, 'coordination');
      const r = await api.get('/api/v1/persons?q=rousset');
      const pid = r.json.items.find((x) => x.birth_name === 'ROUSSET').id;
      for (let i = 0; i < 60; i++) assert.equal((await api.get(`/api/v1/persons/${pid}`)).status, 200);
      await loginAs(t, 'coordination');
      await mainNav(page).waitFor();
      await page.evaluate((x) => { location.hash = x; }, `#/personnes/${pid}`);
      await page.getByRole('link', { name: 'Historique des accès au dossier' }).click();
      await page.getByRole('heading', { level: 1, name: 'Historique des accès au dossier' }).waitFor();
      await checkA11y(page);
      const rows = page.locator('table tbody tr');
      await rows.first().waitFor();
      assert.equal(await rows.count(), 50);
      const status = page.getByRole('status').filter({ hasText: 'accès — affichage' });
      assert.match(await status.textContent(), /^\d+ accès — affichage 1 à 50$/);
      const total = Number((await status.textContent()).split(' ')[0]);
      assert.ok(total > 60, String(total));
      // The newest row is this very listing's predecessor: the record read.
      const first = await rows.first().getAttribute('data-seq');
      assert.equal(await page.getByRole('button', { name: 'Précédent' }).isDisabled(), true);
      await page.getByRole('button', { name: 'Suivant' }).click();
      await page.getByRole('status').filter({ hasText: 'affichage 51 à' }).waitFor();
      // Page 2 continues page 1 exactly, whatever this browsing added.
      const api2 = await api.get(`/api/v1/persons/${pid}/accesses?limit=200&before=${Number(first) + 1}`);
      const expected = api2.json.items.slice(50, 100).map((x) => String(x.seq));
      assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.seq)), expected);
      assert.match(await page.getByRole('navigation', { name: 'Pagination' }).textContent(), /Page 2 sur/);
      await page.getByRole('button', { name: 'Précédent' }).click();
      await page.getByRole('status').filter({ hasText: 'affichage 1 à 50' }).waitFor();
      assert.equal(await rows.first().getAttribute('data-seq'), first);
      const csv = page.getByRole('link', { name: 'Exporter tout l\'historique (CSV)' });
      assert.equal(await csv.getAttribute('href'), `/api/v1/persons/${pid}/accesses?format=csv`);
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });
