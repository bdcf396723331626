// Browser journeys on the record beyond identity (STYLE §7 "Browser"):
// the DLU page (overdue review, allergies, print on one A4 page), its
// update by the nurse, the night aide's emergency access on a phone, a
// document upload and download, the partner directory and its dashboard,
// profile and caregivers, and the person search filters.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
// SPEC: DOMAIN §5 (DLU), PRODUCT §1 (break-the-glass), PRODUCT §4
// (partners).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, loginAs, mainNav, unlabelledFields,
  scrollWidth, go, loggedIn, person, checkA11y, logout } from './lib/browser.mjs';

useBrowser();

// 'YYYY-MM-DD' → 'JJ/MM/AAAA'.
const fr = (iso) => iso.slice(0, 10).split('-').reverse().join('/');

// Today in the browser's calendar (what the forms propose).
function browserToday(page) {
  return page.evaluate(() => {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  });
}

const DLU_HEADINGS = ['Personnes à prévenir', 'Personne de confiance', 'Allergies',
  'Traitements en cours', 'Antécédents significatifs', 'Directives anticipées',
  'Appareillages et dispositifs', 'Autonomie', 'Habitudes de vie', 'Accès au domicile'];

test('coordination: ROUSSET\'s DLU, overdue review, printed on one A4 page', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(api, 'rousset');
    const dlu = (await api.get(`/api/v1/persons/${rousset.id}/dlu`)).json;
    assert.equal(dlu.review.overdue, true, 'the demo DLU of ROUSSET is overdue');

    await loggedIn(t, 'coordination');
    // The record shows the DLU status and leads to the DLU page.
    await go(page, `#/personnes/${rousset.id}`);
    const status = page.getByRole('region', { name: 'Dossier de liaison d\'urgence (DLU)' });
    await status.getByText('DLU à réviser').waitFor();
    assert.match(await status.textContent(), new RegExp(`Révisé le ${fr(dlu.review.reviewed_on)}`));
    await status.getByRole('link', { name: 'Ouvrir le DLU' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dossier de liaison d\'urgence' }).waitFor();
    await checkA11y(page);
    assert.match(page.url(), new RegExp(`#/personnes/${rousset.id}/dlu$`));

    const main = page.getByRole('main');
    await main.getByText('Révision du DLU en retard').waitFor();
    await main.getByText(`DLU révisé le ${fr(dlu.review.reviewed_on)} par `
      + `${dlu.review.reviewed_by.name}`).waitFor();
    await main.getByRole('heading', { level: 2, name: 'ROUSSET Marcelle Jeanne' }).waitFor();
    for (const name of DLU_HEADINGS) {
      await main.getByRole('heading', { level: 2, name, exact: true }).waitFor();
    }
    // Identity first, then the order of an emergency team.
    const text = await main.textContent();
    const at = (s) => {
      const i = text.indexOf(s);
      assert.ok(i >= 0, s);
      return i;
    };
    assert.ok(at('ROUSSET Marcelle Jeanne') < at('Personnes à prévenir'));
    assert.ok(at('Personnes à prévenir') < at('Personne de confiance'));
    assert.ok(at('Personne de confiance') < at('Allergies'));
    assert.ok(at('Allergies') < at('Traitements en cours'));
    assert.ok(at('Traitements en cours') < at('Accès au domicile'));
    assert.match(text, /\d+ ans/);
    assert.match(text, /née le 14\/03\/1936/);
    assert.match(text, /Saint-Chély-d'Apcher/);
    const allergies = main.getByRole('region', { name: 'Allergies', exact: true });
    await allergies.getByText(/Pénicilline/).waitFor();
    // Phone numbers can be called from a phone.
    const call = main.getByRole('region', { name: 'Personnes à prévenir' })
      .getByRole('link', { name: '06 12 34 56 78' });
    assert.equal(await call.getAttribute('href'), 'tel:0612345678');
    await main.getByRole('link', { name: 'Modifier le DLU' }).waitFor();

    // « Imprimer » opens the browser's print dialog.
    const print = main.getByRole('button', { name: 'Imprimer' });
    await page.evaluate(() => {
      window.printed = 0;
      window.print = () => { window.printed += 1; };
    });
    await print.click();
    assert.equal(await page.evaluate(() => window.printed), 1);

    // Printed: no navigation, header or buttons; allergies black on white.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await mainNav(page).isVisible(), false, 'navigation hidden');
    assert.equal(await page.getByRole('banner').isVisible(), false, 'header hidden');
    assert.equal(await print.isVisible(), false, 'buttons hidden');
    assert.ok(await allergies.isVisible(), 'allergies printed');
    assert.ok(await allergies.getByText(/Pénicilline/).isVisible());
    const colors = await allergies.evaluate((el) => {
      const txt = el.querySelector('.data-text');
      return [getComputedStyle(txt).color, getComputedStyle(el).backgroundColor];
    });
    assert.deepEqual(colors, ['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
    // One A4 sheet.
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    assert.equal((pdf.match(/\/Type\s*\/Page\b/g) || []).length, 1, 'one printed page');
    await page.emulateMedia({ media: 'screen' });
    assert.ok(await mainNav(page).isVisible());
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('the nurse updates ROUSSET\'s DLU: the overdue warning goes away', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(api, 'rousset');
    const before = (await api.get(`/api/v1/persons/${rousset.id}/dlu`)).json.dlu;
    const nurse = (await apiLogin(t.srv.base, 'ide')).user;

    await loggedIn(t, 'ide');
    await go(page, `#/personnes/${rousset.id}/dlu`);
    const main = page.getByRole('main');
    await main.getByText('Révision du DLU en retard').waitFor();
    await main.getByRole('link', { name: 'Modifier le DLU' }).click();
    await page.getByRole('heading', { level: 1, name: 'Modifier le DLU' }).waitFor();
    await checkA11y(page);
    const form = page.getByRole('form', { name: 'Modifier le DLU' });
    await form.getByLabel('Allergies').waitFor();
    assert.deepEqual(await unlabelledFields(page), []);
    assert.match(await form.getByLabel('Allergies').inputValue(), /Pénicilline/);
    assert.equal(await form.getByLabel('Directives anticipées rédigées').inputValue(), 'oui');
    const today = await browserToday(page);
    assert.equal(await form.getByLabel('Date de révision').inputValue(), today);

    // A review date in the future: the server's message at the field.
    const date = form.getByLabel('Date de révision');
    await date.fill('2099-01-01');
    await form.getByRole('button', { name: 'Enregistrer le DLU' }).click();
    const err = form.getByRole('alert').filter({ hasText: /futur/ });
    await err.waitFor();
    assert.equal(await date.getAttribute('aria-invalid'), 'true');
    assert.equal(await form.getByRole('alert').filter({ hasText: /\S/ }).count(), 1,
      'the message is said once');

    await date.fill(today);
    const treatments = 'Fluindione 20 mg le soir (INR 2-3), furosémide 40 mg le matin, '
      + 'bisoprolol 2,5 mg, paracétamol si douleur';
    await form.getByLabel('Traitements en cours').fill(treatments);
    await form.getByRole('button', { name: 'Enregistrer le DLU' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dossier de liaison d\'urgence' }).waitFor();
    await checkA11y(page);
    await page.getByRole('status').filter({ hasText: `DLU enregistré, révisé le ${fr(today)}.` })
      .waitFor();
    await main.getByText(`DLU révisé le ${fr(today)} par ${nurse.display_name}`).waitFor();
    assert.equal(await main.getByText('Révision du DLU en retard').count(), 0);
    await main.getByText('paracétamol si douleur').waitFor();

    // Stored as shown, the other fields kept (a PUT replaces everything).
    const after = (await api.get(`/api/v1/persons/${rousset.id}/dlu`)).json;
    assert.equal(after.review.overdue, false);
    assert.equal(after.review.reviewed_on, today);
    assert.equal(after.review.reviewed_by.name, nurse.display_name);
    assert.equal(after.dlu.treatments, treatments);
    for (const k of ['allergies', 'history', 'people_to_call', 'trusted_person',
      'home_access', 'directives', 'directives_where', 'mobility', 'communication']) {
      assert.equal(after.dlu[k], before[k], k);
    }

    // The record says so too.
    await main.getByRole('link', { name: '← Retour au dossier' }).click();
    const status = page.getByRole('region', { name: 'Dossier de liaison d\'urgence (DLU)' });
    await status.getByText(`DLU révisé le ${fr(today)}`).waitFor();
    assert.equal(await status.getByText('DLU à réviser').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

// SPEC: PRODUCT §1 break-the-glass; DOMAIN §5 on-call access to the DLU.
test('night aide at 360 px: emergency access to PRADAL, then his DLU', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const pradal = await person(api, 'pradal');
    const put = await api.put(`/api/v1/persons/${pradal.id}/dlu`, {
      people_to_call: 'Fils à Clermont-Ferrand : 06 98 76 54 32 ; voisin M. Bonnet : '
        + '04 66 31 45 67 (a un double des clés)',
      trusted_person: 'M. Jean-Pierre Pradal (fils), 06 98 76 54 32',
      allergies: 'Aspirine (œdème de Quincke en 2015)',
      treatments: 'Insuline glargine 18 UI le soir ; metformine 1000 mg matin et soir',
      history: 'Diabète de type 2 insulino-requérant, AVC ischémique sans séquelle en 2021',
      directives: 'non',
      home_access: 'Ferme au bout du chemin de la Vialle, chien attaché dans la cour',
      mobility: 'Canne, escaliers difficiles',
    });
    assert.equal(put.status, 200, put.text);

    await loggedIn(t, 'aide');
    await go(page, `#/personnes/${pradal.id}`);
    const form = page.getByRole('form', { name: 'Accès d\'urgence (bris de glace)' });
    await form.waitFor();
    await form.getByLabel('Motif de l\'accès d\'urgence')
      .fill('Astreinte de nuit : appel de la téléassistance, malaise à domicile.');
    await form.getByRole('button', { name: 'Ouvrir l\'accès d\'urgence' }).click();
    // Issue 10 point 5: the DLU opens at once after the grant.
    await page.getByRole('heading', { level: 1, name: 'Dossier de liaison d\'urgence' }).waitFor();
    assert.match(page.url(), new RegExp(`#/personnes/${pradal.id}/dlu$`));
    await checkA11y(page);

    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 2, name: 'PRADAL René' }).waitFor();
    await main.getByText(/bris de glace/).waitFor();
    const allergies = main.getByRole('region', { name: 'Allergies', exact: true });
    await allergies.getByText(/Aspirine/).waitFor();
    assert.ok(await allergies.isVisible());
    await main.getByText(/Insuline glargine/).waitFor();
    assert.equal(await main.getByRole('link', { name: '06 98 76 54 32' }).first()
      .getAttribute('href'), 'tel:0698765432');
    await main.getByRole('button', { name: 'Imprimer' }).waitFor();
    // She reads, she does not write.
    assert.equal(await main.getByRole('link', { name: /Modifier le DLU|Remplir le DLU/ }).count(), 0);
    assert.ok(await scrollWidth(page) <= 360, 'DLU fits 360 px');
    // Every block stays inside the screen.
    const widest = await page.evaluate(() => Math.max(...Array.from(
      document.querySelectorAll('.dlu-block, .dlu-identity'), (el) => el.getBoundingClientRect().right)));
    assert.ok(widest <= 360, `blocks inside 360 px (${widest})`);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('a PDF joined to the record is listed and downloads', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(api, 'rousset');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n'
      + '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

    await loggedIn(t, 'coordination');
    await go(page, `#/personnes/${rousset.id}`);
    const docs = page.getByRole('region', { name: 'Documents', exact: true });
    await docs.getByText('Aucun document joint au dossier.').waitFor();
    const form = docs.getByRole('form', { name: 'Joindre un document' });
    assert.deepEqual(await unlabelledFields(page), []);
    // Only the categories this user may write.
    const cats = await form.getByLabel('Catégorie').locator('option').allTextContents();
    assert.deepEqual(cats, ['Administratif', 'Social', 'Soins']);

    // A PNG that is a PDF: the server's message at the file field.
    await form.getByLabel('Fichier').setInputFiles({ name: 'photo.png', mimeType: 'image/png',
      buffer: pdf });
    assert.equal(await form.getByLabel('Titre du document').inputValue(), 'photo');
    await form.getByRole('button', { name: 'Joindre le document' }).click();
    const err = form.getByRole('alert').filter({ hasText: /ne correspond pas/ });
    await err.waitFor();
    assert.equal(await form.getByLabel('Fichier').getAttribute('aria-invalid'), 'true');

    await form.getByLabel('Fichier').setInputFiles({ name: 'ordonnance.pdf',
      mimeType: 'application/pdf', buffer: pdf });
    await form.getByLabel('Titre du document').fill('Ordonnance du Dr Cayrel');
    await form.getByLabel('Catégorie').selectOption({ label: 'Soins' });
    await form.getByRole('button', { name: 'Joindre le document' }).click();
    await docs.getByRole('status').filter({ hasText:
      'Document « Ordonnance du Dr Cayrel » joint au dossier.' }).waitFor();
    const row = docs.getByRole('table').locator('tbody tr');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const today = await browserToday(page);
    const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
    assert.match(cells[0], /^Ordonnance du Dr Cayrel/);
    assert.match(cells[0], /PDF/);
    assert.equal(cells[1], 'Soins');
    assert.equal(cells[2], fr(today));
    assert.equal(cells[3], '0,1 Ko');
    assert.equal(cells[4], 'Sophie Boyer');

    // The link downloads the very bytes sent.
    const link = row.getByRole('link', { name: /^Télécharger « Ordonnance du Dr Cayrel »/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^document-\d+\.pdf$/);
    assert.deepEqual(await readFile(await download.path()), pdf);

    const stored = (await api.get(`/api/v1/persons/${rousset.id}/documents`)).json.items;
    assert.equal(stored.length, 1);
    assert.equal(stored[0].title, 'Ordonnance du Dr Cayrel');
    assert.equal(stored[0].category, 'soins');
    assert.equal(stored[0].size, pdf.length);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

// SPEC: PRODUCT §4 partner directory and conventions.
test('Partenaires: overdue DAC 48 convention and missing partner types', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const board = (await api.get('/api/v1/partnership')).json;
    const dacConv = board.conventions_due.find((c) => /DAC 48/.test(c.org_name));
    assert.ok(dacConv, 'the DAC 48 convention is due');
    assert.ok(board.missing_mandatory_types.length > 0);

    await loggedIn(t, 'coordination');
    await mainNav(page).getByRole('link', { name: 'Partenaires' }).click();
    await page.getByRole('heading', { level: 1, name: 'Partenaires' }).waitFor();
    await checkA11y(page);
    assert.equal(await mainNav(page).getByRole('link', { name: 'Partenaires' })
      .getAttribute('aria-current'), 'page');

    const dash = page.getByRole('region', { name: 'Conventions et partenariats' });
    const dac = dash.getByRole('listitem').filter({ hasText: dacConv.org_name });
    await dac.waitFor();
    assert.match(await dac.getAttribute('class'), /is-late/);
    const dacText = await dac.textContent();
    assert.match(dacText, /Révision en retard/);
    assert.match(dacText, new RegExp(`révision le ${fr(dacConv.review_due)}`));
    assert.match(dacText, /tacite reconduction/);
    const late = dac.locator('.badge', { hasText: 'Révision en retard' });
    assert.match(await late.getAttribute('class'), /badge-warn/);

    const missing = dash.getByRole('region', { name: 'Types de partenaires obligatoires manquants' });
    for (const m of board.missing_mandatory_types) {
      const group = missing.locator('.type-group', { has: page.getByRole('heading',
        { level: 4, name: m.group, exact: true }) });
      await group.getByRole('listitem').filter({ hasText: m.label }).first().waitFor();
    }

    // The directory: filter by type, open the DAC.
    const dir = page.getByRole('region', { name: 'Annuaire des structures' });
    await dir.getByRole('table').getByRole('link', { name: dacConv.org_name }).waitFor();
    await dir.getByLabel('Type de structure').selectOption('dac');
    await dir.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/#\/partenaires\?type=dac$/);
    await dir.getByRole('status').filter({ hasText: '1 structure' }).waitFor();
    await dir.getByRole('link', { name: dacConv.org_name }).click();
    await page.getByRole('heading', { level: 1, name: dacConv.org_name }).waitFor();
    await checkA11y(page);
    const contact = page.getByRole('region', { name: 'Coordonnées' });
    await contact.getByText('accueil@dac48.mssante.fr').waitFor();
    await contact.getByText('Mende').waitFor();
    const convs = page.getByRole('region', { name: 'Conventions', exact: true });
    await convs.getByText(`révision le ${fr(dacConv.review_due)}`).waitFor();

    // A professional, then a convention, added from the page.
    const pros = page.getByRole('region', { name: 'Professionnels' });
    await pros.getByRole('button', { name: 'Ajouter un professionnel' }).click();
    const proForm = pros.getByRole('form', { name: 'Ajouter un professionnel' });
    assert.deepEqual(await unlabelledFields(page), []);
    await proForm.getByLabel(/^Nom \(obligatoire\)$/).fill('Vidal');
    await proForm.getByLabel('Prénom').fill('Claire');
    await proForm.getByLabel('Profession').fill('Infirmière de coordination');
    await proForm.getByLabel('Numéro RPPS').fill('123');
    await proForm.getByRole('button', { name: 'Ajouter le professionnel' }).click();
    await proForm.getByRole('alert').filter({ hasText: /RPPS/ }).waitFor();
    assert.equal(await proForm.getByLabel('Numéro RPPS').getAttribute('aria-invalid'), 'true');
    await proForm.getByLabel('Numéro RPPS').fill('');
    await proForm.getByRole('button', { name: 'Ajouter le professionnel' }).click();
    await page.getByRole('status').filter({ hasText: 'Professionnel ajouté.' }).waitFor();
    await page.getByRole('region', { name: 'Professionnels' }).getByText('Claire Vidal').waitFor();

    const convs2 = page.getByRole('region', { name: 'Conventions', exact: true });
    await convs2.getByRole('button', { name: 'Enregistrer une convention' }).click();
    const convForm = convs2.getByRole('form', { name: 'Enregistrer une convention' });
    await convForm.getByLabel('Objet de la convention').fill('Astreinte partagée de nuit');
    await convForm.getByLabel('Date de signature').fill('2026-01-15');
    await convForm.getByLabel('Tacite reconduction').check();
    await convForm.getByRole('button', { name: 'Enregistrer la convention' }).click();
    await page.getByRole('status').filter({ hasText: 'Convention enregistrée.' }).waitFor();
    const added = page.getByRole('region', { name: 'Conventions', exact: true })
      .getByRole('listitem').filter({ hasText: 'Astreinte partagée de nuit' });
    await added.waitFor();
    assert.match(await added.textContent(), /révision le 15\/01\/2027/);
    assert.match(await added.textContent(), /signée le 15\/01\/2026 · durée 12 mois · tacite reconduction/);
    const org = (await api.get(`/api/v1/orgs/${dacConv.org_id}`)).json;
    assert.ok(org.professionals.some((x) => x.last_name === 'Vidal'));
    assert.ok(org.conventions.some((c) => c.object === 'Astreinte partagée de nuit'
      && c.tacit_renewal === true && c.duration_months === 12));
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('record: profile and caregivers changed in place; who sees what', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(api, 'rousset');
    const profile = (await api.get(`/api/v1/persons/${rousset.id}/profile`)).json;

    await loggedIn(t, 'coordination');
    await go(page, `#/personnes/${rousset.id}`);
    const prof = page.getByRole('region', { name: 'Professionnels, consentement et situation sociale' });
    await prof.getByText(profile.gp.name).waitFor();
    await prof.getByText(`Donnée le ${fr(profile.consent.informed_on)} par `
      + `${profile.consent.informed_by.name} à la personne`).waitFor();
    await prof.getByText('Protection juridique').waitFor();
    await prof.getByText(/Présence Verte/).waitFor();

    await prof.getByRole('button', { name: 'Modifier ces informations' }).click();
    const pform = prof.getByRole('form');
    const gp = pform.getByLabel('Médecin traitant');
    await gp.locator('option', { hasText: 'Anne Valette' }).waitFor({ state: 'attached' });
    assert.deepEqual(await unlabelledFields(page), []);
    await gp.selectOption({ label: 'Anne Valette — Médecin généraliste' });
    await pform.getByLabel('Aides techniques').fill('Déambulateur, barre d\'appui');
    await pform.getByRole('button', { name: 'Enregistrer' }).click();
    await prof.getByRole('status').filter({ hasText: 'Informations enregistrées.' }).waitFor();
    await prof.getByText('Valette Anne').waitFor();
    await prof.getByText('Déambulateur, barre d\'appui').waitFor();
    const saved = (await api.get(`/api/v1/persons/${rousset.id}/profile`)).json;
    assert.equal(saved.gp.name, 'Valette Anne');
    assert.equal(saved.social.technical_aids, 'Déambulateur, barre d\'appui');
    assert.deepEqual(saved.consent, profile.consent, 'consent untouched');

    // Caregivers: the daughter becomes exhausted; a neighbour is added.
    const cg = page.getByRole('region', { name: 'Aidants' });
    const colette = cg.getByRole('listitem').filter({ hasText: 'Colette Rousset' });
    await colette.getByText('présent', { exact: true }).waitFor();
    await colette.getByRole('button', { name: 'Modifier l\'aidant Colette Rousset' }).click();
    const cform = cg.getByRole('form', { name: 'Modifier l\'aidant Colette Rousset' });
    await cform.getByLabel('Situation de l\'aidant').selectOption({ label: 'épuisé' });
    await cform.getByRole('button', { name: 'Enregistrer' }).click();
    await cg.getByRole('status').filter({ hasText: 'Aidant Colette Rousset modifié.' }).waitFor();
    const badge = cg.getByRole('listitem').filter({ hasText: 'Colette Rousset' })
      .getByText('épuisé', { exact: true });
    await badge.waitFor();
    assert.match(await badge.getAttribute('class'), /badge-warn/);

    await cg.getByRole('button', { name: 'Ajouter un aidant' }).click();
    const add = cg.getByRole('form', { name: 'Ajouter un aidant' });
    await add.getByLabel('Nom de l\'aidant').fill('Odile Bonnal');
    await add.getByLabel('Lien avec la personne').fill('Voisine');
    await add.getByLabel('Téléphone').fill('04 66');
    await add.getByRole('button', { name: 'Ajouter l\'aidant' }).click();
    await add.getByRole('alert').filter({ hasText: /10 chiffres/ }).waitFor();
    assert.equal(await add.getByLabel('Téléphone').getAttribute('aria-invalid'), 'true');
    await add.getByLabel('Téléphone').fill('04 66 31 22 33');
    await add.getByLabel('Vit avec la personne').uncheck();
    await add.getByRole('button', { name: 'Ajouter l\'aidant' }).click();
    await cg.getByRole('status').filter({ hasText: 'Aidant Odile Bonnal ajouté.' }).waitFor();
    const odile = cg.getByRole('listitem').filter({ hasText: 'Odile Bonnal' });
    await odile.getByText('présent', { exact: true }).waitFor();
    const stored = (await api.get(`/api/v1/persons/${rousset.id}/caregivers`)).json.items;
    assert.equal(stored.find((c) => c.name === 'Colette Rousset').situation, 'epuise');
    assert.equal(stored.find((c) => c.name === 'Odile Bonnal').phone, '04 66 31 22 33');

    // The secretariat reads no social nor soins data: no caregivers, no
    // DLU; and no GIR filter in the search.
    await logout(page);
    await loggedIn(t, 'secretariat');
    await go(page, `#/personnes/${rousset.id}`);
    await page.getByRole('region', { name: 'Documents', exact: true })
      .getByText('Aucun document joint au dossier.').waitFor();
    await page.getByRole('region', { name: 'Professionnels et consentement', exact: true })
      .getByText(/Valette Anne/).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Aidants' }).count(), 0);
    assert.equal(await page.getByRole('region', { name: /DLU/ }).count(), 0);
    assert.equal(await page.getByText(/situation sociale/i).count(), 0);
    assert.equal(await page.getByText('Téléassistance').count(), 0);
    await go(page, '#/personnes');
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    await checkA11y(page);
    await page.getByRole('combobox', { name: 'Commune' }).waitFor();
    assert.equal(await page.getByLabel('GIR').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('Personnes: filters by commune, volet 2, GIR, beneficiaries and birth date', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const chely = (await api.get('/api/v1/communes?q=saint-chely')).json.items
      .find((c) => c.name === 'Saint-Chély-d\'Apcher');
    assert.ok(chely);
    const expected = (await api.get(`/api/v1/persons?commune=${chely.code}`)).json.items
      .map((p) => p.birth_name).sort();
    assert.ok(expected.includes('ROUSSET'));
    const all = (await api.get('/api/v1/persons?limit=100')).json.total;

    await loggedIn(t, 'coordination');
    await mainNav(page).getByRole('link', { name: 'Personnes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    await checkA11y(page);
    await page.getByRole('status').filter({ hasText: `${all} personnes` }).waitFor();
    assert.deepEqual(await unlabelledFields(page), []);

    const commune = page.getByRole('combobox', { name: 'Commune' });
    await commune.pressSequentially('saint-chely', { delay: 20 });
    await page.getByRole('option', { name: /^Saint-Chély-d'Apcher/ }).click();
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(new RegExp(`commune=${chely.code}`));
    await page.getByRole('status').filter({ hasText: `${expected.length} personne` }).waitFor();
    const names = (await page.locator('table tbody tr td:first-child a').allTextContents()).sort();
    assert.deepEqual(names, expected);
    // The filter stays shown after the search.
    assert.match(await commune.inputValue(), /^Saint-Chély-d'Apcher/);

    // GIR 1 within the commune: what the server answers.
    const gir1 = (await api.get(`/api/v1/persons?commune=${chely.code}&gir=1`)).json.total;
    await page.getByLabel('GIR').selectOption('1');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/gir=1/);
    await page.getByRole('status').filter({ hasText: gir1
      ? new RegExp(`^${gir1} personne`) : 'Aucune personne ne correspond à ces critères.' })
      .waitFor();

    await page.getByRole('link', { name: 'Effacer les filtres' }).click();
    await page.waitForURL(/#\/personnes$/);
    await page.getByRole('status').filter({ hasText: `${all} personnes` }).waitFor();
    assert.equal(await commune.inputValue(), '');

    const v2 = (await api.get('/api/v1/persons?volet2=1')).json.total;
    await page.getByLabel('Volet 2 : territoire').check();
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/volet2=1/);
    await page.getByRole('status').filter({ hasText: new RegExp(`^${v2} personne`) }).waitFor();

    // Volet-2 beneficiaries (issue 3): the demo's file active, 29 active
    // supports since issue 11 (the 3 whose contract is to sign are not yet).
    const benef = (await api.get('/api/v1/persons?beneficiary=1&limit=100')).json.items
      .map((p) => p.birth_name).sort();
    assert.equal(benef.length, 29);
    assert.ok(benef.includes('BOUDON') && benef.includes('VALENTIN'));
    await page.getByLabel('Volet 2 : territoire').uncheck();
    await page.getByLabel('Accompagnement volet 2').selectOption('1');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/beneficiary=1/);
    await page.getByRole('status').filter({ hasText: /^29 personnes/ }).waitFor();
    // The first page of 20, in the server's order (by name).
    const first = (await api.get('/api/v1/persons?beneficiary=1&limit=20')).json.items
      .map((p) => p.birth_name);
    assert.equal(first.length, 20);
    assert.deepEqual((await page.locator('table tbody tr td:first-child a').allTextContents())
      .map((x) => x.split(' ')[0]), first);
    await page.getByLabel('Accompagnement volet 2').selectOption('');

    // A birth date in the search field.
    await page.getByLabel('Rechercher une personne').fill('14/03/1936');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForFunction(() =>
      document.querySelectorAll('table tbody tr').length === 1);
    assert.match(await page.locator('table tbody').textContent(), /ROUSSET/);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
