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

// Issue 12 review (F13): the aide who finds a fall signals it from the
// record, on her phone; the alert is there for the coordination, and it
// appears live in the record's « Alertes » part of another screen.
test('an alert signalled from the record at 360 px', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(api, 'rousset');
    await loggedIn(t, 'aide');
    await go(page, `#/personnes/${rousset.id}`);
    const part = page.getByRole('region', { name: 'Alertes' });
    await part.locator('.part-body > p, .part-body > ul').first().waitFor();
    await part.getByText('Signaler une alerte').click();
    await part.getByLabel('Type').selectOption('chute');
    await part.getByLabel('Gravité').selectOption('haute');
    await part.getByLabel(/Ce qui s'est passé/).fill('Chute dans la salle de bain, relevée seule, hématome au bras.');
    await part.getByRole('button', { name: 'Signaler' }).click();
    await part.getByText('Alerte signalée : la coordination la voit.').waitFor();
    await part.locator('.alert-item', { hasText: 'hématome au bras' }).waitFor();
    const list = (await api.get(`/api/v1/alerts?person_id=${rousset.id}&state=active`)).json.items;
    const a = list.find((x) => /hématome au bras/.test(x.detail || ''));
    assert.ok(a && a.kind === 'chute' && a.severity === 'haute' && a.raised_by_name === 'Nadia Pagès');
    // Raised elsewhere (the coordination): shown live in the part, once
    // the aide has moved on (the confirmation she was shown no longer
    // holds the focus: core/live.js waits while a part is in use).
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    const r = await api.post(`/api/v1/persons/${rousset.id}/alerts`, { kind: 'denutrition', severity: 'moyenne',
      detail: 'Perte de 2 kg en trois semaines.' });
    assert.equal(r.status, 201, r.text);
    await part.locator(`[data-alert="${r.json.id}"]`).waitFor({ timeout: 10_000 });
    assert.ok(await scrollWidth(page) <= 360);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
