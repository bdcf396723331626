// Typed text survives an expired session (issue 10 §11): what the nurse
// types in a form is kept in the tab (sessionStorage, core/drafts.js);
// her session expires server-side, her save sends her to the login page,
// she logs in again and finds the page with her text; saved, the copy is
// gone; logging out drops every copy.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin, DEMO_PASSWORD } from '../http/lib/server.mjs';
import { sql } from '../http/lib/util.mjs';
import { TEST, useBrowser, open, go, loggedIn, person, checkA11y, logout } from './lib/browser.mjs';

useBrowser();

// The drafts the tab holds: {key: text}.
function drafts(page) {
  return page.evaluate(() => Object.fromEntries(Object.keys(sessionStorage)
    .filter((k) => k.startsWith('maillage.brouillon|')).map((k) => [k, sessionStorage[k]])));
}

test('typed text: kept through an expired session and a new login, cleared once saved and at logout', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(api, 'rousset');
    const treatments = 'Fluindione 20 mg le soir, furosémide 40 mg le matin (texte tapé '
      + 'avant l\'expiration)';

    await loggedIn(t, 'ide');
    await go(page, `#/personnes/${rousset.id}/dlu/modifier`);
    await page.getByRole('heading', { level: 1, name: 'Modifier le DLU' }).waitFor();
    const form = page.getByRole('form', { name: 'Modifier le DLU' });
    await form.getByLabel('Traitements en cours').fill(treatments);
    const kept = Object.values(await drafts(page));
    assert.deepEqual(kept, [treatments], 'one draft, the typed text');

    // The session expires while she types (idle past the timeout).
    const stale = new Date(Date.now() - 31 * 60_000).toISOString();
    sql(t.srv.db, `UPDATE session SET last_seen = '${stale}'`);
    await form.getByRole('button', { name: 'Enregistrer le DLU' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Votre session a expiré' }).waitFor();
    assert.deepEqual(Object.values(await drafts(page)), [treatments], 'kept after the 401');

    // A new login on the same page: the form is back with her text.
    await page.getByLabel('Identifiant').fill('ide');
    await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Modifier le DLU' }).waitFor();
    await checkA11y(page);
    const again = page.getByRole('form', { name: 'Modifier le DLU' });
    assert.equal(await again.getByLabel('Traitements en cours').inputValue(), treatments);
    assert.match(await again.getByLabel('Allergies').inputValue(), /Pénicilline/,
      'the untouched fields show the record');

    // Saved: stored by the server, the local copy is gone.
    await again.getByRole('button', { name: 'Enregistrer le DLU' }).click();
    await page.getByRole('status').filter({ hasText: 'DLU enregistré' }).waitFor();
    assert.deepEqual(await drafts(page), {});
    const dlu = (await (await apiLogin(t.srv.base, 'coordination'))
      .get(`/api/v1/persons/${rousset.id}/dlu`)).json.dlu;
    assert.equal(dlu.treatments, treatments);

    // Typed again, then logged out: nothing stays in the tab.
    await go(page, `#/personnes/${rousset.id}/dlu/modifier`);
    await page.getByRole('heading', { level: 1, name: 'Modifier le DLU' }).waitFor();
    const third = page.getByRole('form', { name: 'Modifier le DLU' });
    assert.equal(await third.getByLabel('Traitements en cours').inputValue(), treatments);
    await third.getByLabel('Allergies').fill('Pénicilline, iode');
    assert.equal(Object.keys(await drafts(page)).length, 1);
    await logout(page);
    await page.getByLabel('Identifiant').waitFor();
    assert.deepEqual(await drafts(page), {});
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
