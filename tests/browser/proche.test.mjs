// Issue 11 « The person and her caregiver see the planning »: the
// coordination invites a caregiver from the record (desktop), the link is
// opened on a 360 px phone, the proche chooses a password and lands on
// « Mon planning » (the next 7 days, by day, large text), and nothing
// else is offered; the coordination then revokes the access.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import {
  TEST, useBrowser, open, loggedIn, mainNav, checkA11y, person, go, logout, scrollWidth,
  unlabelledFields,
} from './lib/browser.mjs';

useBrowser();

// "YYYY-MM-DD" in Europe/Paris, `offset` days from now.
function parisDay(offset) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric',
    month: '2-digit', day: '2-digit' }).formatToParts(new Date(Date.now() + offset * 86400e3))
    .map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

test('the coordination invites from the record; the proche opens the link on a phone, chooses a '
  + 'password and sees the planning; revoked, it is signed out', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(coord, 'ROUSSET');
    const aide = (await coord.get('/api/v1/team')).json.items.find((m) => m.display_name === 'Nadia Pagès');
    let r = await coord.post('/api/v1/visits', { person_id: rousset.id, starts_local: `${parisDay(0)}T09:00`,
      duration_min: 30, kind: 'toilette', rrule: 'FREQ=DAILY', user_id: aide.id, note: 'Code portail 4321' });
    assert.equal(r.status, 201, r.text);

    // Desktop: the record's « Accès proche » part.
    await loggedIn(t, 'coordination');
    await go(page, `#/personnes/${rousset.id}`);
    const part = page.locator('[data-proches]');
    await part.getByRole('heading', { name: 'Accès proche (planning)' }).waitFor();
    await part.getByText('Colette Rousset').waitFor();
    await part.getByRole('button', { name: 'Inviter un proche' }).click();
    await part.getByLabel('Lien avec la personne').fill('Fils');
    await part.getByLabel('Nom affiché').fill('Jean Rousset');
    await part.getByLabel('Identifiant').fill('jean.rousset');
    assert.deepEqual(await unlabelledFields(page), []);
    await checkA11y(page, 'invitation d\'un proche');
    await part.getByRole('button', { name: 'Créer le lien d\'invitation' }).click();
    const link = part.getByLabel('Lien d\'invitation de Jean Rousset');
    await link.waitFor();
    const url = await link.inputValue();
    assert.match(url, /#\/invitation\/[A-Za-z0-9_-]{43}$/);
    await part.getByText('il ne sera plus affiché', { exact: false }).waitFor();
    await part.locator('[data-proche-id]').filter({ hasText: 'Jean Rousset' }).getByText('Invité').waitFor();
    await checkA11y(page, 'lien d\'invitation');
    await logout(page);
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();

    // A 360 px phone: the link, the password, the planning.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'Votre accès au planning' }).waitFor();
    await page.getByText('Bonjour Jean Rousset', { exact: false }).waitFor();
    await page.getByText('jean.rousset').waitFor();
    await checkA11y(page, 'page d\'invitation');
    await page.getByLabel('Choisissez un mot de passe').fill('Welcome12345');
    await page.getByLabel('Confirmez le mot de passe').fill('Welcome12345');
    await page.getByRole('button', { name: 'Enregistrer et voir le planning' }).click();
    await page.getByText('trop facile à deviner', { exact: false }).waitFor();
    await page.getByLabel('Choisissez un mot de passe').fill('Pommier-du-verger-15');
    await page.getByLabel('Confirmez le mot de passe').fill('Pommier-du-verger-15');
    await page.getByRole('button', { name: 'Enregistrer et voir le planning' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon planning' }).waitFor();
    assert.ok(!page.url().includes('invitation'), 'the secret left the address bar');
    const today = page.locator(`[data-day="${parisDay(0)}"]`);
    await today.getByRole('heading', { name: 'Aujourd\'hui' }).waitFor();
    await today.getByText('09:00 – 09:30').waitFor();
    await today.getByText('Toilette').waitFor();
    await today.getByText('Nadia, Aide-soignant(e)').waitFor();
    await page.locator(`[data-day="${parisDay(1)}"]`).getByRole('heading', { name: 'Demain' }).waitFor();
    assert.equal(await page.locator('[data-day]').count(), 7);
    assert.equal(await page.getByText('Code portail').count(), 0);
    assert.ok(await scrollWidth(page) <= 360, 'no horizontal scroll at 360 px');
    await checkA11y(page, 'mon planning (360 px)');
    // Nothing else is offered, and another address shows the planning.
    const nav = mainNav(page);
    await nav.getByRole('button', { name: 'Menu' }).click();
    const links = await nav.getByRole('link').allTextContents();
    assert.deepEqual(links.filter((l) => !/mot de passe/i.test(l)), ['Mon planning']);
    await nav.getByRole('button', { name: 'Menu' }).click();
    await go(page, '#/personnes');
    await page.getByRole('heading', { level: 1, name: 'Mon planning' }).waitFor();

    // Revoked by the coordination: the next request signs it out.
    const acc = (await coord.get(`/api/v1/persons/${rousset.id}/proches`)).json.items
      .find((x) => x.display_name === 'Jean Rousset');
    assert.equal(acc.status, 'active');
    r = await coord.post(`/api/v1/proches/${acc.id}/revoke`, {});
    assert.equal(r.status, 200, r.text);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    // The link, used, says so.
    await page.goto(url);
    await page.getByText('a déjà servi', { exact: false }).waitFor();
    await checkA11y(page, 'lien déjà utilisé');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('the demo proche logs in and lands on « Mon planning »', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    await page.goto(t.srv.base + '/');
    await page.getByLabel('Identifiant').fill('proche');
    await page.getByLabel('Mot de passe').fill('maillage-demo');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon planning' }).waitFor();
    assert.match(page.url(), /#\/mon-planning$/);
    await page.locator(`[data-day="${parisDay(0)}"]`).getByRole('heading', { name: 'Aujourd\'hui' }).waitFor();
    await checkA11y(page, 'mon planning du proche de démonstration');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
