// Issue 12 « Home page » and « Alerts »: the coordinator's « Ma journée »
// shows each count and opens its list; an alert raised by the aide is
// acknowledged, then closed with the action taken, on screen; the same on
// a 360 px phone, without horizontal scroll.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, loggedIn, checkA11y, scrollWidth, unlabelledFields } from './lib/browser.mjs';

useBrowser();

test('the coordinator\'s day: counts that open their lists; an alert acknowledged then closed', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const aide = await apiLogin(t.srv.base, 'aide');
    const home = (await coord.get('/api/v1/home')).json;
    const alertsOpen = home.items.find((i) => i.key === 'alerts.open').count;
    // An alert raised by the aide on one of her people.
    const round = (await aide.get('/api/v1/home')).json;
    assert.equal(round.view, 'care');
    const mine = (await aide.get('/api/v1/persons?limit=5')).json.items[0];
    let r = await aide.post(`/api/v1/persons/${mine.id}/alerts`, { kind: 'chute', severity: 'haute',
      detail: 'Chute dans la salle de bain, relevée par l\'aide.' });
    assert.equal(r.status, 201, r.text);

    await loggedIn(t, 'coordination');
    const day = page.locator('section.home-day');
    await day.getByRole('heading', { name: 'Ma journée' }).waitFor();
    const item = day.locator('[data-home="alerts.open"]');
    await item.getByText('Alertes ouvertes').waitFor();
    assert.equal((await item.locator('.home-count').textContent()).trim(), String(alertsOpen + 1));
    // A count opens its list; a count of 0 is drawn without a link
    // (issue 12 review: « Prochain comité » 0 was a link). The demo has
    // no break-the-glass to review nor AGGIR to redo.
    const counts = Object.fromEntries(home.items.map((i) => [i.key, i.count]));
    for (const key of ['referrals.urgent', 'visits.a_pointer', 'reviews.dlu', 'exits.proposed',
      'conventions.due', 'committee.next', 'breakglass.review', 'reviews.aggir']) {
      if (counts[key] > 0) await day.locator(`[data-home="${key}"] a`).waitFor();
      else {
        await day.locator(`[data-home="${key}"].home-none`).waitFor();
        assert.equal(await day.locator(`[data-home="${key}"] a`).count(), 0, key);
      }
    }
    assert.ok(counts['breakglass.review'] === 0 && counts['reviews.aggir'] === 0, 'the demo has zeros');
    // The next committee says its date (the demo plans one in three weeks).
    assert.ok(counts['committee.next'] > 0);
    assert.match(await day.locator('[data-home="committee.next"]').textContent(),
      /Prochain comité \(\d{2}\/\d{2}\/\d{4}\)/);
    await checkA11y(page, 'ma journée (coordination)');
    // « Demandes urgentes » opens only those: its count is its list.
    await day.locator('[data-home="referrals.urgent"] a').click();
    await page.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
    assert.match(page.url(), /#\/demandes\?urgent=1$/);
    await page.locator('table.referrals tbody tr').first().waitFor();
    assert.equal(await page.locator('table.referrals tbody tr').count(), counts['referrals.urgent']);
    await page.evaluate(() => { location.hash = '#/accueil'; });
    await item.getByText('Alertes ouvertes').waitFor();

    // The count opens its list; the new alert is there.
    await item.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Alertes' }).waitFor();
    assert.match(page.url(), /#\/alertes\?etat=active$/);
    const card = page.locator(`[data-alert="${r.json.id}"]`);
    await card.getByText('Chute dans la salle de bain').waitFor();
    assert.deepEqual(await unlabelledFields(page), []);
    await checkA11y(page, 'alertes');
    await card.getByRole('button', { name: 'Prendre en compte' }).click();
    await card.getByText(/^Prise en compte le .* par /).waitFor();
    await card.getByLabel(/Action menée/).fill('Appel à la fille, passage de l\'IDE ce soir.');
    await card.getByRole('button', { name: 'Clore l\'alerte' }).click();
    await card.getByText(/^Close le .*Appel à la fille/).waitFor();
    r = await coord.get(`/api/v1/alerts/${r.json.id}`);
    assert.equal(r.json.state, 'closed');
    assert.match(r.json.close_action, /passage de l'IDE/);
    // Issue 12 review (F24): on the person's timeline, which alert, who
    // raised, acknowledged and closed it, each with its time.
    await page.evaluate((id) => { location.hash = `#/personnes/${id}`; }, mine.id);
    const tl = page.getByRole('region', { name: 'Parcours volet 2' }).locator('ol.timeline');
    const step = (kind) => tl.locator(`li[data-kind="${kind}"]`).filter({ hasText: 'Alerte « Chute »' }).last();
    await step('alert.closed').waitFor();
    const coordName = coord.user.display_name;
    assert.match(await step('alert.raised').textContent(),
      new RegExp(`\\d{2}/\\d{2}/\\d{4} à \\d{2}:\\d{2}.*Alerte « Chute » \\(haute\\) levée par ${aide.user.display_name}`));
    assert.match(await step('alert.acked').textContent(), new RegExp(`à \\d{2}:\\d{2}.*prise en compte par ${coordName}`));
    assert.match(await step('alert.closed').textContent(),
      new RegExp(`close par ${coordName} : Appel à la fille`));

    // A 360 px phone: the day and the list, no horizontal scroll.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.evaluate(() => { location.hash = '#/accueil'; });
    await day.locator('[data-home="alerts.open"]').waitFor();
    assert.ok(await scrollWidth(page) <= 360, 'no horizontal scroll at 360 px (home)');
    await checkA11y(page, 'ma journée (360 px)');
    await day.locator('[data-home="reviews.dlu"] a').click();
    await page.getByRole('heading', { level: 1, name: 'Alertes' }).waitFor();
    assert.match(page.url(), /type=dlu_review/);
    await page.locator('.alert-list, [role="status"]').first().waitFor();
    assert.ok(await scrollWidth(page) <= 360, 'no horizontal scroll at 360 px (alerts)');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('care staff: today\'s round and the unread vigilance notes', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    // A vigilance note on one of the aide's people, by the CRT's doctor:
    // the aide has at least one unread.
    const aide = await apiLogin(t.srv.base, 'aide');
    const med = await apiLogin(t.srv.base, 'medecin');
    const pid = (await aide.get('/api/v1/persons?limit=5')).json.items[0].id;
    const posted = await med.post(`/api/v1/persons/${pid}/notes`, { category: 'soins', kind: 'text',
      body: 'Surveiller la reprise alimentaire après le week-end.', vigilance: true });
    assert.equal(posted.status, 201, posted.text);
    const round = (await aide.get('/api/v1/home')).json.items.find((i) => i.key === 'round.today');
    await loggedIn(t, 'aide');
    const day = page.locator('section.home-day');
    if (round.count > 0) {
      await day.locator('[data-home="round.today"] a').waitFor();
      assert.equal(await day.locator('[data-home="round.today"] a').getAttribute('href'), '#/planning/tournee');
    } else await day.locator('[data-home="round.today"].home-none').waitFor();
    // My unread vigilance notes: a count that opens them (issue 12
    // review: only them, each with « J'ai pris connaissance »).
    const vig = day.locator('[data-home="notes.vigilance_unread"] a');
    await vig.waitFor();
    const n = Number((await day.locator('[data-home="notes.vigilance_unread"] .home-count').textContent()).trim());
    assert.equal(await vig.getAttribute('href'), '#/notes?vigilance=1');
    await vig.click();
    await page.getByRole('heading', { level: 1, name: 'Notes « à prendre en compte » non lues' }).waitFor();
    const cards = page.locator('.notes-unread [data-note]');
    await cards.first().waitFor();
    assert.equal(await cards.count(), n, 'the count is the list');
    assert.equal(await page.locator('.notes-unread [data-note]:not(.note-vigilance)').count(), 0);
    const card = page.locator(`.notes-unread [data-note="${posted.json.id}"]`);
    await card.getByRole('button', { name: /J'ai pris connaissance/ }).click();
    await card.waitFor({ state: 'detached' });
    assert.ok(await scrollWidth(page) <= 360);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
