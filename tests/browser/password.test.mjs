// Browser journeys of issue 8 review point 2: a first login with the
// one-time password of an approval lands on « Changer mon mot de passe »
// and nothing else, then works; the form is reachable from the header;
// the direction sees which requests it may not approve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, loginAs, mainNav, checkA11y } from './lib/browser.mjs';

useBrowser();

test('first login with a one-time password: the change form first, then the application', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const admin = await apiLogin(t.srv.base, 'admin');
    const aide = await apiLogin(t.srv.base, 'aide');
    const r = await admin.patch(`/api/v1/users/${aide.user.id}`, { reset_password: true });
    assert.equal(r.status, 202, r.text);
    const coord = await apiLogin(t.srv.base, 'coordination');
    const ok = await coord.post(`/api/v1/account-requests/${r.json.request.id}/approve`, {});
    assert.equal(ok.status, 200, ok.text);

    await loginAs(t, 'aide', ok.json.password);
    await page.getByRole('heading', { level: 1, name: 'Changer mon mot de passe' }).waitFor();
    await checkA11y(page);
    await page.getByText('Votre mot de passe est provisoire', { exact: false }).waitFor();
    // Any other address shows the same form.
    await page.goto(t.srv.base + '/#/personnes');
    await page.getByRole('heading', { level: 1, name: 'Changer mon mot de passe' }).waitFor();
    await checkA11y(page);
    await page.getByLabel('Mot de passe provisoire').fill(ok.json.password);
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Welcome12345');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('Welcome12345');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /courants/ });
    await alert.waitFor();
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Grenadier-sur-la-terrasse');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('Grenadier-sur-la-terrasse');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    // Then the home page, and the records.
    await page.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
    await checkA11y(page);
    await mainNav(page).getByRole('link', { name: 'Personnes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    await checkA11y(page);
    // Reachable from the header for everyone.
    await page.getByRole('link', { name: 'Changer mon mot de passe' }).click();
    await page.getByRole('heading', { level: 1, name: 'Changer mon mot de passe' }).waitFor();
    await checkA11y(page);
    await page.getByLabel('Mot de passe actuel').waitFor();
    assert.equal((await apiLogin(t.srv.base, 'aide', 'Grenadier-sur-la-terrasse')).user.must_change_password, false);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('Validation des comptes: the direction may not approve a doctor\'s reset', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const admin = await apiLogin(t.srv.base, 'admin');
    const med = await apiLogin(t.srv.base, 'medecin');
    const r = await admin.patch(`/api/v1/users/${med.user.id}`, { reset_password: true });
    assert.equal(r.status, 202, r.text);
    await loginAs(t, 'direction');
    await mainNav(page).getByRole('link', { name: 'Validation des comptes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Validation des comptes' }).waitFor();
    await checkA11y(page);
    await page.getByText('que votre rôle ne permet pas de lire', { exact: false }).waitFor();
    assert.equal(await page.getByRole('button', { name: /Valider la demande/ }).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
