// Browser: live updates on the record's identity header, its AGGIR
// history, the support page and the referrals pipeline (issue 12 review,
// as core/live.js does for the notebook). Changes made elsewhere (here
// through the API, as from another screen) show without a reload; a form
// being typed is not redrawn and keeps its focus and its text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, go, loggedIn, person, scrollWidth } from './lib/browser.mjs';

useBrowser();

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

test('the record\'s identity and AGGIR history, the support and the referrals follow live', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const med = await apiLogin(t.srv.base, 'medecin');
    const boudon = await person(api, 'boudon');
    await loggedIn(t, 'coordination');
    await go(page, `#/personnes/${boudon.id}`);
    const identity = page.locator('[data-live-part="identity"]');
    await identity.waitFor();
    await page.locator('[data-aggir-history] table, [data-aggir-history] p').first().waitFor();
    const mark = await page.evaluate(() => { window.__noReload = 1; return 1; });
    assert.equal(mark, 1);

    // The used first name changed elsewhere: the identity shows it.
    let r = await api.patch(`/api/v1/persons/${boudon.id}`, { used_first_name: 'Mimi' });
    assert.equal(r.status, 200, r.text);
    await identity.getByText('Mimi').waitFor({ timeout: 10_000 });

    // An AGGIR evaluation recorded elsewhere: one more row, GIR shown.
    const rows = page.locator('[data-aggir-history] tbody tr');
    const before = await rows.count();
    r = await med.post(`/api/v1/persons/${boudon.id}/aggir`, { letters: 'CCCCCCCCCC', evaluated_on: today() });
    assert.equal(r.status, 201, r.text);
    await page.waitForFunction((n) => document.querySelectorAll('[data-aggir-history] tbody tr').length === n,
      before + 1, { timeout: 10_000 });

    // A form being typed in the identity part: not redrawn, focus and
    // text kept, even when another change comes meanwhile.
    const edit = identity.getByRole('button', { name: /Modifier/ }).first();
    if (await edit.count()) await edit.click();
    const field = identity.getByLabel(/Prénom utilisé/).first();
    await field.fill('');
    await field.pressSequentially('Germ');
    r = await api.patch(`/api/v1/persons/${boudon.id}`, { phone: '04 66 31 00 00' });
    assert.equal(r.status, 200, r.text);
    await page.locator('[data-live-part="address"]').getByText('04 66 31 00 00').waitFor({ timeout: 10_000 });
    assert.equal(await field.inputValue(), 'Germ');
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.name),
      await field.getAttribute('name'));

    // The support page: an absence recorded elsewhere shows.
    const sup = (await api.get(`/api/v1/persons/${boudon.id}/supports`)).json.items
      .find((s) => s.status === 'active');
    await go(page, `#/accompagnements/${sup.id}`);
    await page.getByRole('heading', { level: 1, name: /Accompagnement de/ }).waitFor();
    r = await api.post(`/api/v1/supports/${sup.id}/absences`, { kind: 'absence', start_on: today(),
      place: 'Chez sa sœur à Rodez' });
    assert.equal(r.status, 201, r.text);
    await page.getByText('Chez sa sœur à Rodez').waitFor({ timeout: 10_000 });

    // The referrals pipeline: a referral received elsewhere appears.
    await go(page, '#/demandes');
    await page.locator('table.referrals, .result-count').first().waitFor();
    const croze = await person(api, 'croze');
    r = await api.post('/api/v1/referrals', { person_id: croze.id, source: 'medecin_traitant',
      channel: 'telephone', reason: 'Chutes répétées, aidant épuisé', requested_volet: 2,
      referrer_name: 'Dr Valette', received_on: today() });
    assert.equal(r.status, 201, r.text);
    await page.locator(`[data-referral-id="${r.json.id}"]`).waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.__noReload), 1, 'no reload');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
