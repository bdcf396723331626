// Browser journeys on the French shell (STYLE §7 "Browser"): login,
// navigation, Personnes and a record, logout, the login error, the 360 px
// layout, labels on every field, and account creation by the admin.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
// SPEC: PRODUCT §1 users and roles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin, DEMO_PASSWORD } from '../http/lib/server.mjs';
import { sql } from '../http/lib/util.mjs';
import { TEST, useBrowser, open, gotoLogin, loginAs, mainNav, unlabelledFields,
  scrollWidth, checkA11y, logout } from './lib/browser.mjs';

useBrowser();

test('coordination: login, shell, Personnes, a record, logout', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const me = (await apiLogin(t.srv.base, 'coordination')).user;
    await loginAs(t, 'coordination');
    const nav = mainNav(page);
    await nav.waitFor();

    // Header: CRT, user, role; welcome page.
    const header = page.getByRole('banner');
    await header.getByText(me.display_name).waitFor();
    await header.getByText(me.role_label).waitFor();
    await header.getByText(me.crt.name).waitFor();
    await page.getByRole('heading', { level: 1, name: `Bonjour ${me.display_name}` }).waitFor();
    await checkA11y(page);
    assert.match(page.url(), /#\/accueil$/);

    // Navigation: real links, « bientôt » placeholders, no Administration.
    await nav.getByRole('link', { name: 'Accueil' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Administration' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Partenaires' })
      .getAttribute('href'), '#/partenaires');
    // « Astreinte » is a real section since issue 13: a link, not a placeholder.
    assert.equal(await nav.getByRole('link', { name: 'Astreinte' }).getAttribute('href'), '#/astreinte');
    const soon = nav.locator('[aria-disabled="true"]');
    assert.equal(await soon.count(), 2);
    for (const label of ['Actions collectives', 'Indicateurs']) {
      const item = soon.filter({ hasText: label });
      assert.equal(await item.count(), 1, label);
      assert.match(await item.textContent(), /bientôt/);
      assert.equal(await item.getAttribute('href'), null, `${label} not clickable`);
    }

    // Personnes: the demo people.
    await nav.getByRole('link', { name: 'Personnes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    await checkA11y(page);
    assert.equal(await nav.getByRole('link', { name: 'Personnes' })
      .getAttribute('aria-current'), 'page');
    const table = page.getByRole('table');
    await table.getByText('BOUDON').waitFor();
    for (const col of ['Nom', 'Prénom(s)', 'Date de naissance', 'Statut identité']) {
      await table.getByRole('columnheader', { name: col, exact: true }).waitFor();
    }
    await page.getByRole('button', { name: 'Précédent' }).waitFor();
    await page.getByRole('button', { name: 'Suivant' }).waitFor();
    // Issue 11: 51 people, 20 a page; each hand-written one is listed
    // once over the three pages.
    const pager = page.getByRole('navigation', { name: 'Pagination' });
    const count = {};
    let rows = 0;
    for (let n = 1; n <= 3; n++) {
      if (n > 1) await page.getByRole('button', { name: 'Suivant' }).click();
      await pager.filter({ hasText: `Page ${n} sur 3` }).waitFor();
      rows += await table.locator('tbody tr').count();
      for (const name of ['ROUSSET', 'TEISSIER', 'BOUDON', 'VALENTIN', 'CHAZAL',
        'PRADAL', 'MALAVAL', 'CROZE']) {
        count[name] = (count[name] ?? 0) + await table.getByRole('link', { name, exact: true }).count();
      }
    }
    assert.equal(rows, 51);
    assert.deepEqual(Object.values(count), [1, 1, 1, 1, 1, 1, 1, 1], JSON.stringify(count));

    // Search narrows the list.
    await page.getByLabel('Rechercher une personne').fill('rousset');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForFunction(() =>
      document.querySelectorAll('table tbody tr').length === 1);
    assert.match(await page.locator('table tbody').textContent(), /Marcelle/);

    // The record opens on a row click.
    await page.locator('table tbody tr').first().getByText('Marcelle').click();
    await page.getByRole('heading', { level: 1, name: /ROUSSET Marcelle/ }).waitFor();
    await checkA11y(page);
    assert.match(page.url(), /#\/personnes\/\d+$/);
    for (const h2 of ['Identité', 'Informations par catégorie', 'Cercle de soins',
      'Oppositions au partage']) {
      await page.getByRole('heading', { level: 2, name: h2 }).waitFor();
    }
    await page.getByText('Accès normal').waitFor();
    await page.getByRole('heading', { level: 3, name: 'Médical' }).waitFor();
    await page.getByText('Qualifiée').first().waitFor();

    // Logout: back to the login page, and the session is gone.
    await logout(page);
    await page.getByLabel('Identifiant').waitFor();
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    assert.equal(await mainNav(page).count(), 0);
    const status = await page.evaluate(async () =>
      (await fetch('/api/v1/session', { credentials: 'same-origin' })).status);
    assert.equal(status, 401);
    await page.reload();
    await page.getByLabel('Mot de passe').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('a wrong password shows the server\'s French message', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    await loginAs(t, 'medecin', 'pas-le-bon-mot-de-passe');
    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor();
    assert.equal((await alert.textContent()).trim(),
      'Identifiant ou mot de passe incorrect.');
    assert.equal(await mainNav(page).count(), 0);
    // The password field is emptied, the login kept.
    assert.equal(await page.getByLabel('Mot de passe').inputValue(), '');
    assert.equal(await page.getByLabel('Identifiant').inputValue(), 'medecin');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('360 px: navigation and content visible, no horizontal scrolling', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    await gotoLogin(t);
    assert.ok(await scrollWidth(page) <= 360, 'login page fits 360 px');
    assert.deepEqual(await unlabelledFields(page), []);

    await loginAs(t, 'coordination');
    const nav = mainNav(page);
    await nav.waitFor();
    assert.ok(await nav.isVisible(), 'navigation visible');
    const toggle = nav.getByRole('button', { name: 'Menu' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor();
    await checkA11y(page);
    assert.ok(await page.getByRole('main').isVisible(), 'main visible');
    assert.ok(await scrollWidth(page) <= 360, 'accueil fits 360 px');

    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const link = nav.getByRole('link', { name: 'Personnes' });
    await link.waitFor({ state: 'visible' });
    await link.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    // BOUDON is on the first page of 20 (by name): ROUSSET no longer is.
    await page.getByRole('link', { name: 'BOUDON', exact: true }).waitFor();
    assert.ok(await page.getByRole('main').isVisible());
    assert.ok(await scrollWidth(page) <= 360, 'Personnes fits 360 px');

    await page.getByRole('link', { name: 'BOUDON', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Identité' }).waitFor();
    assert.ok(await scrollWidth(page) <= 360, 'record fits 360 px');

    // The header is one row (brand, no account buttons): the account —
    // who is logged in, the password, the logout — is in the menu.
    const banner = page.getByRole('banner');
    const box = await banner.boundingBox();
    assert.ok(box.height <= 72, `header ${box.height} px high`);
    assert.equal(await banner.getByRole('button', { name: 'Se déconnecter' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Se déconnecter' }).isVisible(), false);

    // Escape folds the menu back.
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const me = (await apiLogin(t.srv.base, 'coordination')).user;
    await nav.getByText(me.display_name).waitFor();
    await nav.getByRole('link', { name: 'Changer mon mot de passe' }).waitFor();
    await nav.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    await checkA11y(page, 'menu unfolded');
    assert.ok(await scrollWidth(page) <= 360, 'menu fits 360 px');
    await page.keyboard.press('Escape');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('admin: labelled form, creates an account and sees the password once', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    await loginAs(t, 'admin');
    const nav = mainNav(page);
    await nav.waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Personnes' }).count(), 0);
    await nav.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await checkA11y(page);
    const users = page.getByRole('table');
    await users.getByText('Sophie Boyer').waitFor();
    const form = page.getByRole('form', { name: 'Créer un compte' });
    await form.waitFor();
    assert.deepEqual(await unlabelledFields(page), []);

    // A server refusal is shown next to the form, in French.
    await form.getByLabel('Identifiant').fill('coordination');
    await form.getByLabel('Nom affiché').fill('Doublon');
    await form.getByLabel('Rôle').selectOption({ label: 'Soignant' });
    await form.getByLabel('Profession').selectOption({ label: 'Infirmier(ère) (IDE)' });
    await form.getByRole('button', { name: 'Créer le compte' }).click();
    const alert = form.getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor();
    assert.match(await alert.textContent(), /identifiant/i);

    // An account that reads records is a request: nothing shown to the admin.
    await form.getByLabel('Identifiant').fill('agent.test');
    await form.getByLabel('Nom affiché').fill('Agent Test');
    await form.getByRole('button', { name: 'Créer le compte' }).click();
    const created = form.getByRole('status');
    await created.getByText('envoyée pour validation', { exact: false }).waitFor();
    assert.equal(await created.locator('code').count(), 0, 'no password for the admin');
    const pending = page.getByRole('region', { name: 'Demandes en attente de validation' });
    await pending.getByText('agent.test', { exact: false }).waitFor();

    // Only an account without access to records (another administrator)
    // is the admin's own (issue 8 review): password shown once.
    await form.getByLabel('Identifiant').fill('admin.test');
    await form.getByLabel('Nom affiché').fill('Admin Test');
    await form.getByLabel('Rôle').selectOption({ label: 'Administrateur technique' });
    await form.getByLabel('Profession').selectOption({ label: 'Administrateur technique' });
    await form.getByRole('button', { name: 'Créer le compte' }).click();
    await created.getByText('Admin Test', { exact: false }).waitFor();
    assert.match(await created.textContent(), /affiché qu'une seule fois/);
    const spw = (await created.locator('code').textContent()).trim();
    assert.equal((await apiLogin(t.srv.base, 'admin.test', spw)).user.role, 'admin');

    // Deactivate from the list; reactivating a care account is a request too.
    const row = users.locator('tr').filter({ has: page.locator('code', { hasText: /^ide$/ }) });
    const rowName = (await row.locator('.item-title').first().textContent()).trim();
    await row.getByRole('button', { name: /^Désactiver/ }).click();
    await users.locator('tr', { hasText: rowName }).getByText('Désactivé').waitFor();
    await users.locator('tr', { hasText: rowName }).getByRole('button', { name: /^Réactiver/ }).click();
    await page.getByRole('alert').filter({ hasText: 'valider' }).first().waitFor();
    await users.locator('tr', { hasText: rowName }).getByText('Désactivé').waitFor();

    // The coordination approves; the password is shown to her, once.
    const t2 = { srv: t.srv, page: await (await page.context().browser().newContext({ locale: 'fr-FR' })).newPage() };
    await loginAs(t2, 'coordination');
    {
      const page = t2.page;
    await mainNav(page).getByRole('link', { name: 'Validation des comptes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Validation des comptes' }).waitFor();
    await checkA11y(page);
    await page.getByRole('button', { name: /Valider la demande : Création du compte « agent.test »/ }).click();
    const shown = page.getByRole('status').filter({ hasText: 'Demande validée' });
    await shown.waitFor();
    const password = (await shown.locator('code').textContent()).trim();
    assert.ok(password.length >= 12, 'generated password shown');
    const c = await apiLogin(t.srv.base, 'agent.test', password);
    assert.equal(c.user.role, 'soignant');
    assert.equal(c.user.profession, 'ide');
    await page.getByRole('button', { name: /Refuser la demande/ }).first().click();
    await page.getByRole('status').filter({ hasText: 'Demande refusée' }).waitFor();
    await page.getByText('Aucune demande en attente.').waitFor();
      await page.context().close();
    }
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('keyboard only: log in, skip link, reach Personnes', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    await gotoLogin(t);
    // The login field has the focus on arrival.
    assert.equal(await page.evaluate(() => document.activeElement.name), 'login');
    await page.keyboard.type('secretariat');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.name), 'password');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await mainNav(page).waitFor();
    await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor();
    await checkA11y(page);

    // After login, focus is on the page title.
    assert.match(await page.evaluate(() => document.activeElement.textContent),
      /^Bonjour /);

    // After a page load, the first Tab reaches the skip link.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor();
    await checkA11y(page);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent),
      'Aller au contenu principal');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'contenu');

    // Nav links are real links: focus one and press Enter.
    await mainNav(page).getByRole('link', { name: 'Personnes' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'BOUDON', exact: true }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

// SPEC: PRODUCT §1 break-the-glass.
test('break-glass: refused record, motivated emergency access, record shown', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const found = await coord.get('/api/v1/persons?q=croze');
    const croze = found.json.items.find((p) => p.birth_name === 'CROZE');
    assert.ok(croze, 'CROZE in the demo');

    await loginAs(t, 'ergo');  // not in CROZE's care circle
    await mainNav(page).waitFor();
    await page.evaluate((id) => { location.hash = `#/personnes/${id}`; }, croze.id);
    const form = page.getByRole('form', { name: 'Accès d\'urgence (bris de glace)' });
    await form.waitFor();
    assert.match(await page.getByRole('alert').first().textContent(), /pas accès/);

    // Too short a reason is refused before any request.
    await form.getByLabel('Motif de l\'accès d\'urgence').fill('urgent');
    await form.getByRole('button', { name: 'Ouvrir l\'accès d\'urgence' }).click();
    await form.getByRole('alert').filter({ hasText: /au moins 10 caractères/ }).waitFor();

    // Issue 8 review 7: the emergency view asks for nothing the grant refuses.
    const refused = [];
    page.on('response', (r) => { if (r.status() === 403) refused.push(r.url()); });
    await form.getByLabel('Motif de l\'accès d\'urgence')
      .fill('Appel de téléassistance de nuit : chute à domicile.');
    await form.getByRole('button', { name: 'Ouvrir l\'accès d\'urgence' }).click();
    // Issue 10 point 5: the DLU at once; then the record within the grant.
    await page.getByRole('heading', { level: 1, name: 'Dossier de liaison d\'urgence' }).waitFor();
    await page.getByRole('main').getByRole('heading', { level: 2, name: /CROZE Albert/ }).waitFor();
    await page.getByText(/Accès d'urgence \(bris de glace\)/).first().waitFor();
    await page.evaluate((id) => { location.hash = `#/personnes/${id}`; }, croze.id);
    await page.getByRole('heading', { level: 1, name: /CROZE Albert/ }).waitFor();
    await checkA11y(page);
    await page.getByText('Accès d\'urgence (bris de glace)').first().waitFor();
    // The emergency view stays within the therapist's matrix: care notes, no medical notes.
    await page.getByRole('heading', { level: 3, name: 'Soins' }).waitFor();
    assert.equal(await page.getByRole('heading', { level: 3, name: 'Médical' }).count(), 0);
    // Identity, DLU, care notes: no documents, journey or AGGIR history (403 breakglass.scope).
    await page.waitForLoadState('networkidle');
    for (const name of ['Documents', 'Parcours volet 2']) {
      assert.equal(await page.getByRole('heading', { level: 2, name }).count(), 0, name);
    }
    assert.equal(await page.getByRole('heading', { level: 3, name: 'Évaluations enregistrées' }).count(), 0);
    assert.deepEqual(refused, []);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('break-glass renewal: the form says so, the coordination sees it flagged in « Accès d\'urgence »',
  TEST, async () => {
    const t = await open();
    const { page, problems } = t;
    try {
      const coord = await apiLogin(t.srv.base, 'coordination');
      const croze = (await coord.get('/api/v1/persons?q=croze')).json.items
        .find((p) => p.birth_name === 'CROZE');
      // The therapist's previous emergency access ended an hour ago.
      const [[crt, ergoId]] = sql(t.srv.db, "SELECT crt_id, id FROM app_user WHERE login = 'ergo'");
      const iso = (h) => new Date(Date.now() - h * 3600e3).toISOString();
      sql(t.srv.db, 'INSERT INTO breakglass (crt_id, person_id, user_id, reason, opened_at, '
        + `expires_at) VALUES (${crt}, ${croze.id}, ${ergoId}, 'Chute la veille au soir', `
        + `'${iso(5)}', '${iso(1)}')`);

      await loginAs(t, 'ergo');
      await mainNav(page).waitFor();
      assert.equal(await mainNav(page).getByRole('link', { name: 'Accès d\'urgence' }).count(), 0,
        'the report is for the direction and the coordination');
      await page.evaluate((id) => { location.hash = `#/personnes/${id}`; }, croze.id);
      const form = page.getByRole('form', { name: 'Accès d\'urgence (bris de glace)' });
      await form.getByLabel('Motif de l\'accès d\'urgence')
        .fill('Nouvel appel de téléassistance : chute à domicile.');
      await form.getByRole('button', { name: 'Ouvrir l\'accès d\'urgence' }).click();
      await page.getByRole('heading', { level: 1, name: 'Dossier de liaison d\'urgence' }).waitFor();
      await checkA11y(page);
      await page.getByText('Renouvellement n°1 de l\'accès d\'urgence à ce dossier ; il sera '
        + 'signalé à la coordination.').waitFor();
      await logout(page);

      await loginAs(t, 'coordination');
      await mainNav(page).getByRole('link', { name: 'Accès d\'urgence' }).click();
      await page.getByRole('heading', { level: 1, name: 'Accès d\'urgence' }).waitFor();
      await checkA11y(page);
      const flagged = page.getByRole('region', { name: 'Renouvellements à examiner' });
      const item = flagged.getByRole('listitem').filter({ hasText: 'CROZE' });
      await item.waitFor();
      assert.match(await item.textContent(), /1 renouvellement.*CROZE Albert.*2 accès d'urgence/s);
      const all = page.getByRole('region', { name: 'Tous les accès de la période' });
      await all.getByText('Renouvellement n°1').waitFor();
      assert.equal(await all.getByText('Premier accès').count() >= 1, true);
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });
