// Issue 13 « Emergency temporary beds »: at 360 px the coordinator opens
// « Lits d'urgence », sees the demo's places, books a bed for a person:
// the days left are shown before saving, the refusal over the rolling
// 365 days says how many are left, a shorter stay is booked and appears
// on the place; axe-core on the page, no horizontal scroll.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { sql } from '../http/lib/util.mjs';
import { TEST, useBrowser, open, loggedIn, go, checkA11y, scrollWidth, unlabelledFields } from './lib/browser.mjs';

useBrowser();

function addDays(day, n) {
  return new Date(Date.parse(`${day}T12:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
}

test('360 px: a bed booked, the refusal over the limit shown with the days left', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    // A tight rolling limit, so that a 25-night stay is refused.
    let r = await coord.put('/api/v1/beds/settings', { max_stay_days: 30, max_year_days: 20, hold_days: 30 });
    assert.equal(r.status, 200, r.text);
    const board = (await coord.get('/api/v1/beds')).json;
    assert.equal(board.beds.length, 2, 'the demo has two places');
    const today = board.today;
    // A person without a stay nor an open support.
    const [pid, name] = sql(t.srv.db, 'SELECT id, birth_name FROM person WHERE id NOT IN '
      + '(SELECT person_id FROM bedstay) AND id NOT IN (SELECT person_id FROM support '
      + "WHERE status IN ('preparation', 'active')) ORDER BY id LIMIT 1")[0];
    const place = board.beds[1];
    const lastStay = board.stays.filter((s) => s.bed_id === place.id)
      .map((s) => s.planned_end_on).sort().pop();
    const start = addDays(lastStay > today ? lastStay : today, 2);

    await loggedIn(t, 'coordination');
    await go(page, '#/lits');
    await page.getByRole('heading', { level: 1, name: 'Lits d\'urgence' }).waitFor();
    await page.locator(`[data-bed="${place.id}"]`).waitFor();
    await page.getByText(/place.* libre.* ce soir sur 2/).waitFor();
    await checkA11y(page, 'lits d\'urgence (360 px)');
    assert.deepEqual(await unlabelledFields(page), []);
    assert.ok(await scrollWidth(page) <= 360, 'no horizontal scroll at 360 px (lits)');

    const form = page.locator('form.bed-form');
    await form.getByRole('combobox', { name: 'Personne (obligatoire)' }).fill(name);
    await page.getByRole('option', { name: new RegExp(name, 'i') }).first().click();
    await form.getByLabel('Place').selectOption(String(place.id));
    await form.getByLabel('Entrée').fill(start);
    await form.getByLabel('Sortie prévue').fill(addDays(start, 25));
    await form.getByLabel('Motif (obligatoire)').selectOption('defaillance_aidant');
    await form.getByLabel('Motif (obligatoire)').blur();
    // Shown before saving.
    const allowance = form.locator('.bed-allowance');
    await allowance.getByText(/Séjour de 25 nuits\. Il reste 20 jours sur les 20 autorisés/).waitFor();
    await allowance.getByText(/il sera refusé/).waitFor();
    await form.getByRole('button', { name: 'Réserver' }).click();
    // The server's refusal, next to the field, with the days left.
    await form.locator('.field-error').getByText(/Il reste 20 jours sur les 20 autorisés sur 365 jours glissants/).waitFor();
    assert.equal(await form.getByLabel('Sortie prévue').getAttribute('aria-invalid'), 'true');
    assert.equal(Number(sql(t.srv.db, `SELECT COUNT(*) FROM bedstay WHERE person_id = ${pid}`)[0][0]), 0);
    await checkA11y(page, 'réservation refusée');

    await form.getByLabel('Sortie prévue').fill(addDays(start, 10));
    await form.getByLabel('Sortie prévue').blur();
    await allowance.getByText(/Séjour de 10 nuits\. Il reste 20 jours/).waitFor();
    await form.getByRole('button', { name: 'Réserver' }).click();
    await form.getByText(/Place réservée du/).waitFor();
    const card = page.locator(`[data-bed="${place.id}"]`);
    await card.getByRole('link', { name: new RegExp(name, 'i') }).waitFor();
    await card.getByText(/Réservé/).first().waitFor();
    const rows = sql(t.srv.db, `SELECT bed_id, start_on, planned_end_on, reason, status FROM bedstay WHERE person_id = ${pid}`);
    assert.deepEqual(rows, [[String(place.id), start, addDays(start, 10), 'defaillance_aidant', 'booked']]);
    assert.ok(await scrollWidth(page) <= 360, 'no horizontal scroll at 360 px (after booking)');
    await checkA11y(page, 'lits d\'urgence après réservation');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('desktop: a booking made elsewhere appears live; a departure on screen frees the place', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const board = (await coord.get('/api/v1/beds')).json;
    const today = board.today;
    const place = board.beds[0];
    const current = board.stays.find((s) => s.bed_id === place.id && s.status === 'in_progress');
    assert.ok(current, 'a stay in progress on the first place');
    const [pid] = sql(t.srv.db, 'SELECT id FROM person WHERE id NOT IN (SELECT person_id FROM bedstay) '
      + "AND id NOT IN (SELECT person_id FROM support WHERE status IN ('preparation', 'active')) "
      + 'ORDER BY id LIMIT 1')[0];

    await loggedIn(t, 'coordination');
    await go(page, '#/lits');
    const card = page.locator(`[data-bed="${place.id}"]`);
    await card.locator(`[data-stay="${current.id}"]`).waitFor();
    await checkA11y(page, 'lits d\'urgence (bureau)');
    const before = await card.locator('[data-stay]').count();
    // Booked by someone else (the API): the place shows it without reload.
    const r = await coord.post('/api/v1/bedstays', { bed_id: place.id, person_id: Number(pid),
      start_on: addDays(today, 26), planned_end_on: addDays(today, 29), reason: 'repit' });
    assert.equal(r.status, 201, r.text);
    await card.locator(`[data-stay="${r.json.id}"]`).waitFor();
    assert.equal(await card.locator('[data-stay]').count(), before + 1);

    // The stay in progress leaves today: the place is free tonight.
    await card.locator(`[data-stay="${current.id}"]`).getByRole('button', { name: 'Sortie aujourd\'hui' }).click();
    await card.getByText('Ce soir : Libre').waitFor();
    const row = sql(t.srv.db, `SELECT status, ended_on FROM bedstay WHERE id = ${current.id}`)[0];
    assert.deepEqual(row, ['ended', today]);
    await page.getByText(/1 place libre ce soir sur 2/).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

// Issue 13 §4: a place renamed and retired on screen; the retirement is
// refused while a booking is to come (the server's 422 said in French),
// then done: the place says so and is no longer offered for booking.
test('360 px: a place renamed, its retirement refused with a booking, then retired', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  page.on('dialog', (d) => d.accept());
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    let r = await coord.post('/api/v1/beds', { label: 'Chambre à retirer', kind: 'chambre_urgence' });
    assert.equal(r.status, 201, r.text);
    const id = r.json.id;
    const today = (await coord.get('/api/v1/beds')).json.today;
    const [pid] = sql(t.srv.db, 'SELECT id FROM person WHERE id NOT IN (SELECT person_id FROM bedstay) '
      + "AND id NOT IN (SELECT person_id FROM support WHERE status IN ('preparation', 'active')) "
      + 'ORDER BY id LIMIT 1')[0];
    r = await coord.post('/api/v1/bedstays', { bed_id: id, person_id: Number(pid),
      start_on: addDays(today, 40), planned_end_on: addDays(today, 43), reason: 'repit' });
    assert.equal(r.status, 201, r.text);
    const stay = r.json.id;

    await loggedIn(t, 'coordination');
    await go(page, '#/lits');
    const card = page.locator(`[data-bed="${id}"]`);
    await card.waitFor();
    await card.getByText('Renommer ou retirer la place').click();
    await card.getByLabel(/^Nouveau nom/).fill('Chambre 4 (ancienne)');
    await card.getByRole('button', { name: 'Renommer' }).click();
    await card.getByRole('heading', { name: 'Chambre 4 (ancienne)' }).waitFor();
    // Refused while its booking is to come (the box stays open).
    await card.getByRole('button', { name: 'Retirer la place' }).click();
    await card.getByRole('alert').filter({ hasText: 'a 1 réservation en cours ou à venir' }).waitFor();
    await checkA11y(page, 'place : retrait refusé (360 px)');
    assert.ok(await scrollWidth(page) <= 360, `no horizontal scroll at 360 px (${await scrollWidth(page)})`);
    r = await coord.post(`/api/v1/bedstays/${stay}/cancel`, {});
    assert.equal(r.status, 200, r.text);
    await card.locator(`[data-stay="${stay}"]`).waitFor({ state: 'detached' });
    await card.getByRole('button', { name: 'Retirer la place' }).click();
    await card.getByText(/^Retirée depuis le /).waitFor();
    const offered = await page.locator('form.bed-form select[name="bed_id"] option').allTextContents();
    assert.ok(!offered.includes('Chambre 4 (ancienne)'), 'not offered for booking');
    assert.equal(sql(t.srv.db, `SELECT retired_on FROM bed WHERE id = ${id}`)[0][0], today);
    await checkA11y(page, 'place retirée (360 px)');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
