// Browser: the issue 12 scenario across two people. The aide, on a 360 px
// phone, finishes a visit of today's round and writes a vigilance note on
// it (« Note », « Enregistrer la note »). The coordinator, in another
// browser context, has her home page « Ma journée » open: the nurse's next
// visit is marked done and, an hour after it (the test clock: serve
// --test-clock), the note still not acknowledged becomes an alert, whose
// count changes on the coordinator's page without a reload; she opens it
// and acknowledges it. The vigilance alert itself is made due (not the
// visit « à pointer » one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { parisIn, sql } from '../http/lib/util.mjs';
import { TEST, useBrowser, open, otherContext, go, loggedIn, person, scrollWidth, checkA11y }
  from './lib/browser.mjs';

useBrowser();

// A visit earlier today that does not cross midnight in Paris.
function earlierToday() {
  const now = parisIn(0);
  const h = Number(now.slice(11, 13));
  const base = h < 2 ? 0 : h - 2;
  return `${now.slice(0, 10)}T${String(base).padStart(2, '0')}:00`;
}

test('a vigilance note written at 360 px becomes an alert live on the coordinator\'s home page, '
  + 'acknowledged there', TEST, async () => {
  // The clock moves an hour: sessions must outlive it.
  const t = await open({ width: 360, height: 740 }, { args: ['--test-clock', '--session-idle', '14400'] });
  const { page, problems } = t;
  const clock = async (body) => {
    const r = await fetch(t.srv.base + '/api/v1/test/clock', { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(r.status, 200, await r.text());
  };
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const aide = await apiLogin(t.srv.base, 'aide');
    const ide = await apiLogin(t.srv.base, 'ide');
    const rousset = await person(coord, 'rousset');
    const plan = async (u, starts) => {
      const r = await coord.post('/api/v1/visits', { person_id: rousset.id, user_id: u.user.id,
        starts_local: starts, duration_min: 30, kind: 'soins' });
      assert.equal(r.status, 201, r.text);
      return r.json.id;
    };
    const aideVisit = await plan(aide, earlierToday());
    const ideVisit = await plan(ide, parisIn(1));

    // The coordinator's home page, open in her own browser.
    const co = await otherContext(t);
    await loggedIn(co, 'coordination');
    const day = co.page.locator('section.home-day');
    const vigItem = day.locator('[data-home="notes.vigilance_unacked"]');
    await vigItem.locator('a').waitFor();
    const count = async () => Number((await vigItem.locator('.home-count').textContent()).trim());
    const before = await count();
    await co.page.evaluate(() => { window.__sameDocument = true; });

    // The aide, on her phone: today's round, the visit done, the note.
    await loggedIn(t, 'aide');
    await go(page, '#/planning');	// her day: today's visits, each a card
    const card = page.locator(`[data-visit^="${aideVisit}@"]`).first();
    await card.waitFor();
    await card.getByRole('button', { name: /^Commencer/ }).click();
    await card.getByRole('button', { name: /^Terminer/ }).waitFor();
    await card.getByLabel(/Pointage sans QR code/).selectOption('Pointage après la visite');
    await card.getByRole('button', { name: /^Terminer/ }).click();
    await page.locator(`[data-visit^="${aideVisit}@"][data-state="done"]`).waitFor();
    await card.getByRole('button', { name: /^Note sur la visite/ }).click();
    const form = card.locator('form.note-form');
    const text = 'Ne reconnaît plus sa fille ce matin, confuse : à surveiller.';
    await page.keyboard.type(text);
    await form.getByLabel('À prendre en compte').check();
    assert.ok(await scrollWidth(page) <= 360, `fits 360 px (${await scrollWidth(page)})`);
    await form.getByRole('button', { name: 'Enregistrer la note' }).click();
    await form.getByText('Note enregistrée.').waitFor();
    const [[noteId]] = sql(t.srv.db, `SELECT id FROM note WHERE person_id = ${rousset.id} AND vigilance = 1 `
      + 'ORDER BY id DESC LIMIT 1');

    // The nurse's visit, after the note, marked done (from her phone,
    // through the API here); nobody acknowledges the note.
    const today = parisIn(0).slice(0, 10);
    const occ = (await ide.get(`/api/v1/visits?person_id=${rousset.id}&from=${today}&to=${today}`)).json.items
      .find((x) => x.series_id === ideVisit);
    const m = await ide.post(`/api/v1/visits/series/${ideVisit}/marks`, { key: occ.key, state: 'done',
      arrived_at: parisIn(1), left_at: parisIn(3), how: 'hand', hand_reason: 'QR code illisible' });
    assert.equal(m.status, 201, m.text);
    assert.equal(await count(), before, 'not due yet');
    // One hour past the end of that visit: the timer raises the alert,
    // and the coordinator's count changes without a reload.
    await clock({ now: new Date(Date.parse(m.json.mark.left_at) + 3600_000 + 1000).toISOString() });
    const [[alertId]] = sql(t.srv.db, `SELECT id FROM alert WHERE kind = 'vigilance_unacked' AND ref_id = ${noteId}`);
    await co.page.waitForFunction(([sel, n]) => {
      const el = document.querySelector(sel);
      return el && Number(el.textContent.trim()) === n;
    }, [`section.home-day [data-home="notes.vigilance_unacked"] .home-count`, before + 1], { timeout: 10_000 });
    assert.equal(await co.page.evaluate(() => window.__sameDocument), true, 'no reload');
    await checkA11y(co.page, 'ma journée, alerte arrivée');

    // She opens it and acknowledges it.
    await vigItem.locator('a').click();
    await co.page.getByRole('heading', { level: 1, name: 'Alertes' }).waitFor();
    const alert = co.page.locator(`[data-alert="${alertId}"]`);
    await alert.getByText(/une heure après la visite/).waitFor();
    await alert.getByRole('button', { name: 'Prendre en compte' }).click();
    await alert.getByText(/^Prise en compte le .* par /).waitFor();
    assert.deepEqual(sql(t.srv.db, `SELECT acked_by, closed_at FROM alert WHERE id = ${alertId}`),
      [[String(coord.user.id), '']]);
    assert.ok(await scrollWidth(page) <= 360, 'the phone: no horizontal scroll');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

// The live screens keep what is being typed: the ergotherapist (360 px)
// half-way through a note in the record's « Carnet de liaison » when the
// coordinator writes one: her text and focus stay, and the coordinator's
// note is there once hers is sent. « Non lues » and the alerts page take
// new rows without a reload.
test('the notebook part, « Non lues » and the alerts page update live, keeping a note being typed',
  TEST, async () => {
    const t = await open({ width: 360, height: 740 });
    const { page, problems } = t;
    try {
      const coord = await apiLogin(t.srv.base, 'coordination');
      const rousset = await person(coord, 'rousset');
      await loggedIn(t, 'ergo');
      await go(page, `#/personnes/${rousset.id}`);
      const carnet = page.getByRole('region', { name: 'Carnet de liaison' });
      await carnet.getByText('Écrire une note').click();
      const body = carnet.locator('form.note-form').getByLabel('Note', { exact: true });
      await body.click();
      await body.pressSequentially('Mise en place du déambulateur');
      await page.evaluate(() => { window.__sameDocument = true; });
      // The coordinator writes a note meanwhile.
      let r = await coord.post(`/api/v1/persons/${rousset.id}/notes`, { category: 'social',
        body: 'Dossier APA déposé au département.' });
      assert.equal(r.status, 201, r.text);
      const first = r.json.id;
      await page.waitForTimeout(2500);	// the event arrived (echo delay and coalescing passed)
      assert.equal(await body.inputValue(), 'Mise en place du déambulateur', 'half-typed text kept');
      assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.name), 'body');
      // Focus elsewhere: the part still waits for the text to be sent.
      await page.getByRole('heading', { level: 1 }).click();
      await page.waitForTimeout(500);
      assert.equal(await body.inputValue(), 'Mise en place du déambulateur', 'kept after the focus left');
      await body.pressSequentially(' : essai concluant.');
      await carnet.getByRole('button', { name: 'Enregistrer la note' }).click();
      await carnet.locator(`[data-note="${first}"]`).waitFor({ timeout: 10_000 });
      await carnet.getByText('Mise en place du déambulateur : essai concluant.').waitFor();
      // Not in use: the next note appears by itself.
      r = await coord.post(`/api/v1/persons/${rousset.id}/notes`, { category: 'soins',
        body: 'Kiné le mardi à 10 h.' });
      await carnet.locator(`[data-note="${r.json.id}"]`).waitFor({ timeout: 10_000 });
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');

      // « Non lues »: a note written elsewhere comes in.
      await go(page, '#/notes');
      await page.getByRole('heading', { level: 1, name: 'Notes non lues' }).waitFor();
      r = await coord.post(`/api/v1/persons/${rousset.id}/notes`, { category: 'vie_quotidienne',
        body: 'Sa fille passe désormais le dimanche.' });
      await page.getByText('Sa fille passe désormais le dimanche.').waitFor({ timeout: 10_000 });

      // The alerts page: an alert raised elsewhere comes in.
      await go(page, '#/alertes');
      await page.getByRole('heading', { level: 1, name: 'Alertes' }).waitFor();
      await page.getByRole('status').filter({ hasText: /alerte/ }).waitFor();
      r = await coord.post(`/api/v1/persons/${rousset.id}/alerts`, { kind: 'denutrition', severity: 'moyenne',
        detail: 'Perte de 3 kg en un mois.' });
      assert.equal(r.status, 201, r.text);
      await page.locator(`[data-alert="${r.json.id}"]`).getByText('Perte de 3 kg').waitFor({ timeout: 10_000 });
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');
      assert.ok(await scrollWidth(page) <= 360, 'no horizontal scroll');
      await checkA11y(page, 'alertes (360 px)');
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });
