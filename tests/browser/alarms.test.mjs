// Browser (issue 13): an alarm posted by the test script, signed as an
// operator would (Standard Webhooks), appears without a reload on the
// on-call phone screen « Appels » at 360 px, with the person's DLU,
// caregivers, visits and last notes; the nurse takes it, goes to the
// home, writes her advice and closes it with its outcome; every step is
// on the call, dated and attributed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { postAlarm, trigger } from '../http/lib/alarm.mjs';
import { TEST, useBrowser, open, go, loggedIn, person, scrollWidth, checkA11y } from './lib/browser.mjs';

useBrowser();

test('an operator\'s alarm appears live on the on-call phone and is handled to the end', TEST, async () => {
  // The clock moves to the next morning (the session may end: log in again).
  const t = await open({ width: 360, height: 740 }, { args: ['--test-clock'] });
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(coord, 'rousset');
    // Her subscriber reference with the demo operator.
    const ops = (await coord.get('/api/v1/alarm-operators')).json.items;
    const op = ops.find((o) => o.code === 'teleassistance-demo');
    const before = (await coord.get(`/api/v1/persons/${rousset.id}/alarm-subscribers`)).json.items;
    const put = await coord.put(`/api/v1/persons/${rousset.id}/alarm-subscribers`, { items: [
      ...before.map((s) => ({ operator_id: s.operator_id, subscriber_ref: s.subscriber_ref })),
      { operator_id: op.id, subscriber_ref: 'TEST-ROUSSET' }] });
    assert.equal(put.status, 200, put.text);

    await loggedIn(t, 'ide');
    await go(page, '#/astreinte/appels');
    await page.getByRole('heading', { level: 1, name: 'Appels d\'astreinte' }).waitFor();
    await page.locator('[role="status"]').filter({ hasText: /appel|Aucun/ }).first().waitFor();
    await checkA11y(page, 'appels d\'astreinte');
    await page.evaluate(() => { window.__sameDocument = true; });

    const r = await postAlarm(t.srv.base, trigger({ subscriber_ref: 'TEST-ROUSSET', location: 'Salle de bains' }));
    assert.equal(r.status, 200, r.text);
    const id = r.json.call_id;
    const card = page.locator(`[data-call="${id}"]`);
    await card.waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');
    await card.getByText('À prendre').waitFor();
    assert.ok(await scrollWidth(page) <= 360, `fits 360 px (${await scrollWidth(page)})`);

    await card.getByRole('link', { name: /ROUSSET/ }).click();
    await page.getByRole('heading', { level: 1, name: /ROUSSET/ }).waitFor();
    await page.getByText('Lieu : Salle de bains').waitFor();
    for (const part of ['dlu', 'caregivers', 'visits', 'notes'])
      await page.locator(`.call-part[data-part="${part}"]`).waitFor();
    await page.getByRole('link', { name: 'Ouvrir le DLU complet' }).waitFor();
    await checkA11y(page, 'un appel');

    await page.getByRole('button', { name: 'Je prends l\'appel' }).click();
    await page.locator('[data-step="take"]').waitFor();
    for (const [label, kind] of [['Départ vers le domicile', 'left'], ['Arrivée au domicile', 'arrived'],
      ['Départ du domicile', 'left_home']]) {
      await page.getByRole('button', { name: label }).click();
      await page.locator(`[data-step="${kind}"]`).waitFor();
    }
    await page.getByLabel('Conseil donné').fill('Relevée, pas de douleur ; sa fille prévenue.');
    await page.getByRole('button', { name: 'Enregistrer le conseil' }).click();
    await page.locator('[data-step="advice"]').waitFor();
    await page.getByLabel(/^Issue/).selectOption('domicile');
    await page.getByRole('button', { name: 'Clore l\'appel' }).click();
    await page.locator('[data-step="close"]').waitFor();
    await page.getByText('Reste à domicile', { exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Clore l\'appel' }).count(), 0);
    const steps = await page.locator('.call-steps li').evaluateAll((l) => l.map((x) => x.dataset.step));
    assert.deepEqual(steps, ['received', 'take', 'left', 'arrived', 'left_home', 'advice', 'close']);
    const g = await coord.get(`/api/v1/alarms/${id}`);
    assert.equal(g.json.state, 'closed');
    assert.equal(g.json.closed_by_name, (await apiLogin(t.srv.base, 'ide')).user.display_name);
    assert.ok(await scrollWidth(page) <= 360, `fits 360 px (${await scrollWidth(page)})`);
    await checkA11y(page, 'appel clos');
    // The month's statistics count it.
    await go(page, '#/astreinte/statistiques');
    await page.getByRole('heading', { level: 1, name: 'Statistiques des appels' }).waitFor();
    const row = page.getByRole('row', { name: /^Déplacements au domicile/ });
    await row.waitFor();
    const month = (await coord.get(`/api/v1/alarms/stats?month=${new Date().toISOString().slice(0, 7)}`)).json;
    assert.ok(month.home_visits >= 1);
    assert.ok(await scrollWidth(page) <= 360, `stats fit 360 px (${await scrollWidth(page)})`);
    await checkA11y(page, 'statistiques des appels');

    // The next morning at 08:00 in Paris, the call is in her notebook.
    const now = Date.parse(g.json.closed_at);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(now + 86400_000));
    const eight = [7, 6].map((utc) => Date.parse(`${day}T0${utc}:00:05Z`))
      .find((x) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit' })
        .format(new Date(x)) === '08');
    const r2 = await fetch(t.srv.base + '/api/v1/test/clock', { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: new Date(eight).toISOString() }) });
    assert.equal(r2.status, 200, await r2.text());
    await page.context().clearCookies();
    await loggedIn(t, 'ide');
    await go(page, `#/personnes/${rousset.id}`);
    const carnet = page.getByRole('region', { name: 'Carnet de liaison' });
    await carnet.getByText(/^Appel de téléassistance du .* Issue : Reste à domicile\.$/).waitFor();
    assert.ok(await scrollWidth(page) <= 360, `record fits 360 px (${await scrollWidth(page)})`);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
