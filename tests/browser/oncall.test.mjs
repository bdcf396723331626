// Browser: the on-call roster (issue 13). The coordinator on a desktop
// opens « Astreinte »: who is on call now, the weeks ahead with the demo's
// deliberate gap in red; publishing without a reason is refused (the
// gap in the next 30 days said in French), then accepted with one. On a
// 360 px phone the roster screen fits the width, and the aide finds « Qui
// est d'astreinte maintenant » on her home page and her shifts. axe-core
// on every screen.
// SPEC: issue 13 « Roster ».
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST, useBrowser, open, go, loggedIn, logout, scrollWidth, checkA11y } from './lib/browser.mjs';

useBrowser();

test('the coordinator: the roster, its gap in red, publish refused then with a reason', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    await loggedIn(t, 'coordination');
    await go(page, '#/astreinte');
    await page.getByRole('heading', { level: 1, name: 'Astreinte' }).waitFor();
    const now = page.locator('[data-oncall-now]');
    await now.locator('li[data-level="1"]').first().waitFor();
    await now.locator('li[data-level="3"]', { hasText: '15' }).waitFor();
    const weeks = page.locator('[data-oncall-weeks]');
    await weeks.waitFor();
    // The demo's vacant night: one gap, in red.
    const gap = weeks.locator('.oncall-gaps li.oncall-gap');
    assert.equal(await gap.count(), 1);
    assert.match(await gap.innerText(), /personne au niveau 2/);
    const color = await gap.evaluate((e) => getComputedStyle(e).borderLeftColor);
    assert.notEqual(color, 'rgba(0, 0, 0, 0)');
    await checkA11y(page, 'astreinte (coordination)');
    // Publish without a reason: refused, the gap counted.
    const pub = page.locator('[data-oncall-publish]');
    await pub.getByRole('button', { name: 'Publier l\'astreinte' }).click();
    await pub.getByRole('alert').filter({ hasText: /1 trou dans les 30 prochains jours/ }).waitFor();
    // With a reason: published.
    await pub.getByLabel(/^Motif/).fill('Remplaçante appelée, réponse demain.');
    await pub.getByRole('button', { name: 'Publier l\'astreinte' }).click();
    await page.locator('[data-oncall-publish]', { hasText: 'Motif : Remplaçante appelée, réponse demain.' })
      .waitFor();
    assert.doesNotMatch(await page.locator('[data-oncall-publish]').innerText(), /brouillon/);
    await checkA11y(page, 'astreinte publiée');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('at 360 px: the roster screen fits; the aide sees who is on call and her shifts', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    await loggedIn(t, 'coordination');
    await go(page, '#/astreinte');
    await page.locator('[data-oncall-weeks]').waitFor();
    await page.locator('[data-oncall-layers] li[data-layer="night-2"]').waitFor();
    assert.ok(await scrollWidth(page) <= 360, `scrollWidth ${await scrollWidth(page)}`);
    await checkA11y(page, 'astreinte à 360 px');
    await logout(page);
    await loggedIn(t, 'aide');
    const card = page.locator('section.home-oncall');
    await card.locator('li[data-level="2"]').waitFor();
    assert.match(await card.innerText(), /Qui est d'astreinte maintenant/);
    await card.getByRole('link', { name: 'Voir l\'astreinte' }).click();
    await page.getByRole('heading', { level: 1, name: 'Astreinte' }).waitFor();
    const mine = page.locator('[data-oncall-mine]');
    await mine.getByText(/d'astreinte (maintenant|en ce moment)/).waitFor();
    assert.ok(await mine.locator('.oncall-mine li').count() > 3);
    // The coordination's parts are not offered to her.
    assert.equal(await page.locator('[data-oncall-plan]').count(), 0);
    assert.ok(await scrollWidth(page) <= 360, `scrollWidth ${await scrollWidth(page)}`);
    await checkA11y(page, 'astreinte de l\'aide à 360 px');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
