// Browser journeys of the DAC's own work (issue 10 point 7): the DAC's
// user finds the referrals the CRT oriented to it (MALAVAL in the demo),
// opens the person's record, answers (taken or not with a reason, a joint
// evaluation on a date) with the server's messages on the fields; the
// shared waiting list; on a desktop and at 360 px.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, mainNav, unlabelledFields, scrollWidth, go, loggedIn }
  from './lib/browser.mjs';

useBrowser();

const inDays = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const fr = (iso) => iso.split('-').reverse().join('/');

async function answer(page, card, { taken, text, joint }) {
  await card.getByLabel(taken ? 'Oui, le DAC la prend en charge'
    : 'Non, le DAC ne la prend pas en charge').check();
  if (text !== undefined) await card.getByLabel(/^Motif ou précisions/).fill(text);
  if (joint !== undefined) await card.getByLabel(/^Évaluation conjointe proposée le/).fill(joint);
  await card.getByRole('button', { name: 'Envoyer la réponse' }).click();
}

test('desktop: the DAC finds MALAVAL oriented to it, opens her record, answers', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    await loggedIn(t, 'dac48');
    const nav = mainNav(page);
    await nav.getByRole('link', { name: 'Orientations reçues' }).click();
    await page.getByRole('heading', { level: 1, name: 'Orientations reçues du CRT' }).waitFor();
    await page.getByText('1 demande, dont 1 sans réponse', { exact: true }).waitFor();
    const card = page.locator('[data-dac-referral]').filter({ hasText: 'MALAVAL' });
    await card.getByText('Conflit familial, dettes, refus d\'aide', { exact: false }).waitFor();
    await card.getByText('évaluation par le DAC d\'abord', { exact: false }).waitFor();
    await card.getByText('Orientée vers le DAC', { exact: true }).first().waitFor();
    // Her sex is known: « née », not « né(e) » (issue 10 §9).
    assert.match(await card.locator('.item-meta').first().textContent(), /^née le \d\d\/\d\d\/\d{4}/);
    assert.deepEqual(await unlabelledFields(page), []);
    // Nothing chosen: said on the group, nothing sent.
    await card.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await card.getByText('Indiquez si le DAC prend en charge la situation.').waitFor();
    // Not taken without a reason: the server's message on the field.
    await answer(page, card, { taken: false });
    await card.getByText('Indiquez pourquoi le DAC ne prend pas en charge cette situation.').waitFor();
    assert.equal(await card.getByLabel(/^Motif ou précisions/).getAttribute('aria-invalid'), 'true');
    // Taken, with a joint evaluation.
    const when = inDays(7);
    await answer(page, card, { taken: true, text: 'Référente de parcours : Julie Brunel', joint: when });
    await page.getByRole('status').filter({ hasText: 'Réponse envoyée au CRT pour MALAVAL Odette '
      + 'Suzanne.' }).waitFor();
    await page.getByText('1 demande, dont 0 sans réponse', { exact: true }).waitFor();
    const done = page.locator('[data-dac-referral]').filter({ hasText: 'MALAVAL' });
    await done.getByText('Prise en charge', { exact: true }).waitFor();
    await done.getByText(`Proposée le ${fr(when)}`, { exact: true }).waitFor();
    assert.equal(await done.getByRole('button', { name: 'Envoyer la réponse' }).count(), 0);
    // The CRT reads the answer on its referral.
    const coord = await apiLogin(t.srv.base, 'coordination');
    const id = Number(await done.getAttribute('data-dac-referral'));
    const r = await coord.get(`/api/v1/referrals/${id}`);
    assert.match(r.json.dac.answer, /^Prise en charge par le DAC : Référente de parcours/);
    // Her record opens for the DAC now (the orientation put it in the circle).
    await done.getByRole('link', { name: 'MALAVAL Odette Suzanne' }).click();
    await page.getByRole('heading', { level: 1, name: /MALAVAL/ }).waitFor();
    assert.equal(await page.getByText('Vous n\'avez pas accès', { exact: false }).count(), 0);
    // The shared waiting list (seed 002's convention) is in the navigation.
    await nav.getByRole('link', { name: 'Liste d\'attente' }).click();
    await page.getByRole('heading', { level: 1, name: 'Liste d\'attente' }).waitFor();
    await page.getByText('consultation seule', { exact: false }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('360 px: the DAC answers « not taken » with its reason; pages fit', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    await loggedIn(t, 'dac48');
    await go(page, '#/orientations-dac');
    await page.getByRole('heading', { level: 1, name: 'Orientations reçues du CRT' }).waitFor();
    const card = page.locator('[data-dac-referral]').filter({ hasText: 'MALAVAL' });
    await card.getByRole('button', { name: 'Envoyer la réponse' }).waitFor();
    assert.ok(await scrollWidth(page) <= 360, 'the list and its form fit 360 px');
    await answer(page, card, { taken: false, text: 'Ne relève pas d\'un appui à la coordination' });
    await page.getByRole('status').filter({ hasText: 'Réponse envoyée au CRT' }).waitFor();
    await card.getByText('Non prise en charge', { exact: true }).waitFor();
    await card.getByText('Non proposée', { exact: true }).waitFor();
    assert.ok(await scrollWidth(page) <= 360, 'the answered card fits 360 px');
    await go(page, '#/liste-attente');
    await page.getByRole('heading', { level: 1, name: 'Liste d\'attente' }).waitFor();
    await page.getByText('consultation seule', { exact: false }).waitFor();
    assert.ok(await scrollWidth(page) <= 360, 'the shared list fits 360 px');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
