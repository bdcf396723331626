// Browser: raising an alert (issue 12 review F13). The aide, on a 360 px
// phone, raises a fall from the visit card of her round in two taps
// (« Alerte », then « Lever l'alerte » once what happened is typed); then
// from the person's record (« Signaler », « Lever une alerte »). The
// alerts are in the table, attributed, and the coordination's « Mes
// alertes » lists them. The aide sees no « Prendre en compte » on the
// coordination's own alerts (F23).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { parisIn, sql } from '../http/lib/util.mjs';
import { TEST, useBrowser, open, go, loggedIn, person, scrollWidth, checkA11y } from './lib/browser.mjs';

useBrowser();

test('the aide raises a fall from her round and from the record at 360 px', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const aide = await apiLogin(t.srv.base, 'aide');
    const rousset = await person(coord, 'rousset');
    const now = parisIn(0);
    const hh = Number(now.slice(11, 13));
    const starts = `${now.slice(0, 10)}T${String(hh >= 22 ? 21 : hh).padStart(2, '0')}:00`;
    let r = await coord.post('/api/v1/visits', { person_id: rousset.id, user_id: aide.user.id,
      starts_local: starts, duration_min: 30, kind: 'toilette' });
    assert.equal(r.status, 201, r.text);
    const sid = r.json.id;
    const card = page.locator(`[data-visit^="${sid}@"]`).first();
    const count = () => Number(sql(t.srv.db, `SELECT COUNT(*) FROM alert WHERE person_id = ${rousset.id} `
      + `AND source = 'user' AND raised_by = ${aide.user.id}`)[0][0]);
    const before = count();

    await loggedIn(t, 'aide');
    await go(page, '#/planning');
    await card.waitFor();
    // Two taps: « Alerte » opens the form (a fall, « haute », the text
    // focused), « Lever l'alerte » sends it.
    await card.getByRole('button', { name: /^Alerte sur/ }).click();
    const form = card.locator('form.alert-raise');
    assert.equal(await form.getByLabel('Type d\'alerte').inputValue(), 'chute');
    assert.equal(await form.getByLabel('Gravité').inputValue(), 'haute');
    // Nothing typed: said, nothing sent.
    await form.getByRole('button', { name: 'Lever l\'alerte' }).click();
    await form.getByText(/Décrivez ce qui s'est passé/).waitFor();
    await form.getByLabel(/Ce qui s'est passé/).focus();
    await page.keyboard.type('Retrouvée au sol dans la cuisine, se plaint de la hanche.');
    assert.ok(await scrollWidth(page) <= 360, `fits 360 px (${await scrollWidth(page)})`);
    await checkA11y(page, 'alerte depuis la tournée 360');
    await form.getByRole('button', { name: 'Lever l\'alerte' }).click();
    await form.getByText(/Alerte « Chute » levée/).waitFor();
    assert.equal(count(), before + 1);
    const row = sql(t.srv.db, `SELECT kind, severity, detail FROM alert WHERE raised_by = ${aide.user.id} `
      + 'ORDER BY id DESC LIMIT 1')[0];
    assert.deepEqual(row, ['chute', 'haute', 'Retrouvée au sol dans la cuisine, se plaint de la hanche.']);

    // From the record: « Signaler », « Lever une alerte ».
    await go(page, `#/personnes/${rousset.id}`);
    const part = page.locator('[data-alert-raise]');
    await part.getByRole('button', { name: 'Lever une alerte' }).click();
    const f2 = part.locator('form.alert-raise');
    await f2.getByLabel('Type d\'alerte').selectOption('denutrition');
    await f2.getByLabel('Gravité').selectOption('moyenne');
    await f2.getByLabel(/Ce qui s'est passé/).fill('Perte de 3 kg en un mois.');
    assert.ok(await scrollWidth(page) <= 360, `record fits 360 px (${await scrollWidth(page)})`);
    await f2.getByRole('button', { name: 'Lever l\'alerte' }).click();
    await f2.getByText(/Alerte « Dénutrition » levée/).waitFor();
    assert.equal(count(), before + 2);

    // Her alerts: her fall can be taken into account by her; a
    // coordination alert (plan, DLU…) shows no such button to her.
    await go(page, `#/alertes?etat=active&personne=${rousset.id}`);
    const item = page.locator('.alert-item', { hasText: 'Perte de 3 kg' });
    await item.getByRole('button', { name: 'Prendre en compte' }).waitFor();
    const coordAlert = page.locator('.alert-item', { hasText: /Action du plan|DLU|AGGIR|Sortie/ });
    if (await coordAlert.count()) {
      assert.equal(await coordAlert.first().getByRole('button', { name: 'Prendre en compte' }).count(), 0);
    }
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
