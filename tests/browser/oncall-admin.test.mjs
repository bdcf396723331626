// Issue 13, what was left of the on-call service's screens: the
// « Téléassistance » part of a person's record (the coordination sees,
// adds and removes her subscriber references, the server's refusals in
// French), the roster's swap form, the operators and the escalation
// delay; at 360 px with axe-core and no horizontal scroll.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { sql } from '../http/lib/util.mjs';
import { postAlarm, trigger } from '../http/lib/alarm.mjs';
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
    // Asked on demand: the record itself stays one request.
    await part.getByRole('button', { name: 'Voir les références de téléassistance' }).click();
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

// Issue 13 §3: the roster's swap form. Two shifts of one person are
// refused (the server's French message), two people's are exchanged.
test('360 px: two people exchange two shifts from the roster screen; a refusal in French', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    await loggedIn(t, 'coordination');
    await go(page, '#/astreinte');
    const card = page.locator('[data-oncall-swap]');
    await card.getByRole('heading', { name: 'Échanger deux astreintes' }).waitFor();
    const form = card.locator('form.oncall-swap-form');
    await form.getByLabel('Niveau').selectOption('2');
    const opts = await form.getByLabel(/^Premier créneau/).locator('option').evaluateAll((l) =>
      l.filter((o) => o.value).map((o) => ({ value: o.value, name: o.textContent.split(' · ').pop() })));
    assert.ok(opts.length > 10, `the coming level-2 shifts (${opts.length})`);
    const a = opts[0];
    const aEnd = a.value.split('|')[1];
    const same = opts.find((o) => o !== a && o.name === a.name && o.value.split('|')[0] >= aEnd);
    const other = opts.find((o) => o.name !== a.name && o.value.split('|')[0] >= aEnd);
    assert.ok(same && other, 'two shifts of one person, one of another');
    // Not chosen: said before asking.
    await form.getByRole('button', { name: 'Échanger les deux créneaux' }).click();
    await form.getByRole('alert').filter({ hasText: 'Choisissez les deux créneaux à échanger.' }).waitFor();
    // The same person twice: the server refuses.
    await form.getByLabel(/^Premier créneau/).selectOption(a.value);
    await form.getByLabel(/^Second créneau/).selectOption(same.value);
    await form.getByRole('button', { name: 'Échanger les deux créneaux' }).click();
    await form.getByRole('alert').filter({ hasText: /tenu en entier par une seule personne/ }).waitFor();
    await checkA11y(page, 'échange refusé (360 px)');
    assert.ok(await scrollWidth(page) <= 360, `no horizontal scroll at 360 px (${await scrollWidth(page)})`);
    // Two people: exchanged, the two crossed overrides listed.
    await form.getByLabel(/^Second créneau/).selectOption(other.value);
    await form.getByLabel('Motif').fill('Échange entre collègues');
    await form.getByRole('button', { name: 'Échanger les deux créneaux' }).click();
    await page.locator('[data-oncall-overrides] li', { hasText: 'Échange entre collègues' }).nth(1).waitFor();
    const r = (await coord.get('/api/v1/oncall/roster')).json;
    const swaps = r.overrides.filter((o) => o.kind === 'swap');
    assert.equal(swaps.length, 2);
    assert.deepEqual(swaps.map((o) => o.who.name).sort(), [a.name, other.name].sort());
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

// Issue 13 §2: the operators and the escalation delay. A new operator's
// secret is shown once and signs its messages; renewed, the previous one
// is said valid 24 h more; disabled, its messages are refused.
test('operators: created with a secret shown once, renewed, disabled; the escalation delay', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  page.on('dialog', (d) => d.accept());
  try {
    await loggedIn(t, 'coordination');
    await go(page, '#/astreinte');
    await page.getByRole('link', { name: /Téléassistance : opérateurs/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Téléassistance : opérateurs et réglages' }).waitFor();
    const list = page.locator('[data-alarm-operators]');
    await list.locator('[data-operator="teleassistance-demo"]').waitFor();
    // The escalation delay.
    const set = page.locator('[data-alarm-settings]');
    assert.equal(await set.getByLabel(/^Appel non pris en charge après/).inputValue(), '2');
    await set.getByLabel(/^Appel non pris en charge après/).fill('3');
    await set.getByRole('button', { name: 'Enregistrer le délai d\'escalade' }).click();
    await set.getByText('Délai d\'escalade enregistré : 3 min.').waitFor();
    // A new operator: its secret shown once.
    const form = list.locator('form.operator-form');
    await form.getByLabel(/^Nom/).fill('Secours Test');
    await form.getByLabel(/^Code/).fill('secours-ui');
    await form.getByRole('button', { name: 'Ajouter l\'opérateur' }).click();
    const box = list.locator('[data-secret="secours-ui"]');
    await box.waitFor();
    const secret = await box.getByRole('textbox').inputValue();
    assert.match(secret, /^whsec_/);
    const key = Buffer.from(secret.slice(6), 'base64');
    let r = await postAlarm(t.srv.base, trigger(), { operator: 'secours-ui', secret: key });
    assert.equal(r.status, 200, r.text);
    await checkA11y(page, 'téléassistance : secret affiché (360 px)');
    assert.deepEqual(await unlabelledFields(page), []);
    assert.ok(await scrollWidth(page) <= 360, `no horizontal scroll at 360 px (${await scrollWidth(page)})`);
    // Never again: the page drawn again does not show it.
    await go(page, '#/astreinte');
    await go(page, '#/astreinte/teleassistance');
    await list.locator('[data-operator="secours-ui"]').waitFor();
    assert.ok(!(await page.content()).includes(secret.slice(6)), 'the secret is not shown again');
    // Renewed: a new one, the previous valid 24 h more.
    const item = list.locator('[data-operator="secours-ui"]');
    await item.getByRole('button', { name: 'Renouveler le secret de Secours Test' }).click();
    await box.getByText(/L'ancien secret reste valide jusqu'au/).waitFor();
    const fresh = await box.getByRole('textbox').inputValue();
    assert.notEqual(fresh, secret);
    r = await postAlarm(t.srv.base, trigger(), { operator: 'secours-ui', secret: key });
    assert.equal(r.status, 200, 'the previous secret in its grace period');
    // Disabled: refused.
    await item.getByRole('button', { name: 'Désactiver Secours Test' }).click();
    await list.getByText('Secours Test désactivé : ses messages sont refusés.').waitFor();
    await item.getByText('Désactivé').waitFor();
    r = await postAlarm(t.srv.base, trigger(), { operator: 'secours-ui',
      secret: Buffer.from(fresh.slice(6), 'base64') });
    assert.equal(r.status, 401);
    await checkA11y(page, 'téléassistance : opérateur désactivé');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
