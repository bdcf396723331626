// Browser: live updates (issue 12). Two people in two browser contexts
// on the record of the same person: the ergotherapist on a 360 px phone
// is half-way through typing a message in the « Conversation » when the
// coordinator (desktop) posts one: it appears on the phone without a
// reload, and the phone keeps its focus and its half-typed text; her own
// message, sent, appears at the coordinator's the same way. A visit
// planned meanwhile appears in the record's week without a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, otherContext, go, loggedIn, person, scrollWidth, checkA11y }
  from './lib/browser.mjs';

useBrowser();

test('a message typed by one appears live at the other while she is typing her own', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const co = await otherContext(t);
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(api, 'rousset');
    await loggedIn(t, 'ergo');
    await loggedIn(co, 'coordination');
    for (const p of [page, co.page]) {
      await go(p, `#/personnes/${rousset.id}`);
      await p.getByRole('heading', { level: 2, name: 'Conversation' }).waitFor();
    }
    const phoneBox = page.getByLabel('Message au cercle de soins');
    const deskBox = co.page.getByLabel('Message au cercle de soins');
    // The ergotherapist starts typing (the field keeps the focus).
    await phoneBox.click();
    await phoneBox.pressSequentially('Je passe demain vers');
    // Meanwhile the coordinator writes to the circle.
    await deskBox.fill('Mme Rousset rentre de l\'hôpital jeudi.');
    await co.page.getByRole('button', { name: 'Envoyer' }).click();
    await co.page.locator('.msg-body', { hasText: 'rentre de l\'hôpital jeudi' }).waitFor();
    // On the phone, without a reload: the message, the text and the focus.
    await page.locator('.msg-body', { hasText: 'rentre de l\'hôpital jeudi' }).waitFor({ timeout: 10_000 });
    assert.equal(await phoneBox.inputValue(), 'Je passe demain vers');
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.name), 'message');
    await phoneBox.pressSequentially(' 10 h.');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await co.page.locator('.msg-body', { hasText: 'Je passe demain vers 10 h.' }).waitFor({ timeout: 10_000 });
    assert.equal(await phoneBox.inputValue(), '', 'sent: the field is emptied');
    // A visit planned (through the API, as from another screen) shows in
    // the week of the record on both pages, without a reload.
    const ergo = await apiLogin(t.srv.base, 'ergo');
    // Today in Paris (the record's week is this one), late in the day.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    const r = await api.post('/api/v1/visits', { person_id: rousset.id, user_id: ergo.user.id,
      starts_local: `${day}T23:00`, duration_min: 30, kind: 'kine' });
    assert.equal(r.status, 201, r.text);
    await co.page.locator(`[data-visit^="${r.json.id}@"]`).first().waitFor({ timeout: 10_000 });
    assert.ok(await scrollWidth(page) <= 360, 'no horizontal scroll on the phone');
    await checkA11y(page, 'conversation du dossier (360 px)');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('« Messages »: a direct message arrives live at its recipient', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const co = await otherContext(t);
    const ide = await apiLogin(t.srv.base, 'ide');
    const coord = await apiLogin(t.srv.base, 'coordination');
    await loggedIn(t, 'ide');
    await loggedIn(co, 'coordination');
    await go(page, `#/messages?avec=${coord.user.id}`);
    await go(co.page, `#/messages?avec=${ide.user.id}`);
    for (const p of [page, co.page]) await p.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await page.locator('.msg-empty, .msg').first().waitFor();
    await co.page.getByLabel('Votre message').fill('Peux-tu passer chez M. Boudon ?');
    await co.page.getByRole('button', { name: 'Envoyer' }).click();
    await page.locator('.msg-body', { hasText: 'passer chez M. Boudon' }).waitFor({ timeout: 10_000 });
    await checkA11y(page, 'messages (360 px)');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

// Issue 12 review (F22): a partner's « Messages » offers only the
// members of her care circles (the server's list), not the CRT's team.
test('« Messages »: a partner picks only among the members of her care circles', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const dac = await apiLogin(t.srv.base, 'dac48');
    const reach = (await dac.get('/api/v1/me/messages/members')).json.items;
    assert.ok(reach.length > 0 && !reach.some((m) => m.name === 'coordination'));
    await loggedIn(t, 'dac48');
    await go(page, '#/messages');
    await page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    const pick = page.getByLabel('Échanger avec');
    await pick.locator('option').nth(reach.length).waitFor({ state: 'attached' });
    const offered = await pick.locator('option').evaluateAll((os) => os.map((o) => Number(o.value)).filter(Boolean));
    assert.deepEqual(offered, reach.map((m) => m.id));
    assert.ok(!offered.includes((await apiLogin(t.srv.base, 'secretariat')).user.id), 'not the secretariat');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
