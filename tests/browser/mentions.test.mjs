// Browser: the mention picker of a conversation (issue 12 review). On a
// 360 px phone the coordinator types « @na » in the record's
// « Conversation »: the members who may read it are offered (the server's
// list), the keyboard picks one, « @aide » is inserted and sent; the aide's
// home page shows her unread mention, which opens the record, where the
// conversation marks it read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, go, loggedIn, logout, person, scrollWidth, checkA11y } from './lib/browser.mjs';

useBrowser();

test('« @ » then a member of the circle; her unread mention on her home page, read on opening', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(api, 'rousset');
    const members = (await api.get(`/api/v1/persons/${rousset.id}/messages/members`)).json.items;
    const aide = members.find((m) => m.login === 'aide');
    assert.ok(aide, 'the aide may read Mme Rousset\'s conversation');
    await loggedIn(t, 'coordination');
    await go(page, `#/personnes/${rousset.id}`);
    const box = page.getByLabel('Message au cercle de soins');
    await box.waitFor();
    await box.click();
    await box.pressSequentially('Merci @');
    const list = page.getByRole('listbox', { name: 'Membres à mentionner' });
    await list.waitFor();
    // Every member offered may read the conversation (the server's list).
    const offered = await list.getByRole('option').allTextContents();
    assert.ok(offered.length >= 1 && offered.length <= 8);
    for (const o of offered) assert.ok(members.some((m) => o.includes(`@${m.login}`)), o);
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    await checkA11y(page, 'sélecteur de mentions (360 px)');
    // Narrowed by the start of her first name, chosen with the keyboard.
    const first = aide.name.split(' ')[0].slice(0, 3);
    await box.pressSequentially(first);
    await list.getByRole('option', { name: new RegExp(aide.name) }).waitFor();
    const opts = await list.getByRole('option').allTextContents();
    for (let i = 0; i < opts.findIndex((o) => o.includes('@aide')); i++) await box.press('ArrowDown');
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'Merci @aide ');
    assert.ok(await list.isHidden());
    await box.pressSequentially('pour le passage de ce matin.');
    assert.ok(await scrollWidth(page) <= 360, 'no horizontal scroll');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.locator('.msg-body', { hasText: 'Merci @aide pour le passage' }).waitFor();
    await logout(page);

    // The aide: one unread mention on her home page, opening the record.
    await loggedIn(t, 'aide');
    const item = page.locator('section.home-day [data-home="messages.mentions"]');
    await item.locator('a').waitFor();
    assert.ok(Number((await item.locator('.home-count').textContent()).trim()) >= 1);
    await item.locator('a').click();
    const mine = page.locator('.msg-mentions-me', { hasText: 'Merci @aide pour le passage' });
    await mine.getByText('Vous êtes mentionné(e)').waitFor();
    // Seen: no unread mention left.
    const aideApi = await apiLogin(t.srv.base, 'aide');
    let left = 1;
    for (let i = 0; i < 50 && left; i++) {
      left = (await aideApi.get('/api/v1/home')).json.items.find((x) => x.key === 'messages.mentions').count;
      if (left) await page.waitForTimeout(100);
    }
    assert.equal(left, 0);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
