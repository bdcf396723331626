// Issue 13, what was left of the on-call service's screens: the
// « Téléassistance » part of a person's record (the coordination sees,
// adds and removes her subscriber references, the server's refusals in
// French), at 360 px with axe-core and no horizontal scroll.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { sql } from '../http/lib/util.mjs';
import { TEST, useBrowser, open, loggedIn, go, checkA11y, scrollWidth, unlabelledFields } from './lib/browser.mjs';

useBrowser();

test('360 px: a person\'s telealarm references set and removed from her record, refusals in French', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    // A reference of the demo held by someone, and a person with none.
    const [opName, heldRef] = sql(t.srv.db, 'SELECT o.name, s.subscriber_ref FROM alarm_subscriber s '
      + 'JOIN alarm_operator o ON o.id = s.operator_id ORDER BY s.subscriber_ref LIMIT 1')[0];
    const [pid] = sql(t.srv.db, 'SELECT id FROM person WHERE id NOT IN (SELECT person_id FROM '
      + 'alarm_subscriber) ORDER BY id LIMIT 1')[0];
    assert.equal((await coord.get(`/api/v1/persons/${pid}/alarm-subscribers`)).json.items.length, 0);

    await loggedIn(t, 'coordination');
    await go(page, `#/personnes/${pid}`);
    const part = page.locator('[data-alarm-subscribers]');
    await part.getByRole('heading', { name: 'Téléassistance' }).waitFor();
    await part.getByText('Aucune référence de téléassistance.').waitFor();
    const form = part.locator('form.alarm-subscriber-form');
    await form.getByLabel('Opérateur').selectOption({ label: opName });
    // A reference another person holds: the server's 409 in French.
    await form.getByLabel(/^Référence de l'abonné/).fill(heldRef);
    await form.getByRole('button', { name: 'Ajouter la référence' }).click();
    await form.getByText('Cette référence d\'abonné est déjà celle d\'une autre personne.').waitFor();
    assert.equal(await form.getByLabel(/^Référence de l'abonné/).getAttribute('aria-invalid'), 'true');
    // Her own: added, listed, saved.
    await form.getByLabel(/^Référence de l'abonné/).fill('TEST-UI-1');
    await form.getByRole('button', { name: 'Ajouter la référence' }).click();
    await part.getByText('Référence TEST-UI-1 ajoutée.').waitFor();
    await part.locator('[data-subscriber="TEST-UI-1"]').getByText(opName).waitFor();
    let items = (await coord.get(`/api/v1/persons/${pid}/alarm-subscribers`)).json.items;
    assert.deepEqual(items.map((s) => [s.operator_name, s.subscriber_ref]), [[opName, 'TEST-UI-1']]);
    // The same one again: said before asking.
    await part.locator('form.alarm-subscriber-form').getByLabel('Opérateur').selectOption({ label: opName });
    await part.locator('form.alarm-subscriber-form').getByLabel(/^Référence de l'abonné/).fill('TEST-UI-1');
    await part.getByRole('button', { name: 'Ajouter la référence' }).click();
    await part.getByText('Cette référence est déjà enregistrée pour cet opérateur.').waitFor();
    await checkA11y(page, 'téléassistance du dossier (360 px)');
    assert.deepEqual(await unlabelledFields(page), []);
    assert.ok(await scrollWidth(page) <= 360, `no horizontal scroll at 360 px (${await scrollWidth(page)})`);
    // Removed.
    await part.getByRole('button', { name: /^Retirer la référence TEST-UI-1/ }).click();
    await part.getByText('Référence TEST-UI-1 retirée.').waitFor();
    await part.getByText('Aucune référence de téléassistance.').waitFor();
    items = (await coord.get(`/api/v1/persons/${pid}/alarm-subscribers`)).json.items;
    assert.deepEqual(items, []);
    // Traced as the others: each change on the person's access trace.
    const trace = (await coord.get(`/api/v1/persons/${pid}/accesses?limit=200`)).json.items;
    const n = trace.filter((a) => a.action === 'alarm.subscriber' && a.login === 'coordination').length;
    assert.ok(n >= 2, `the changes traced (${n})`);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
