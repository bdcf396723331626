// Screens of issue 12 at 360 px and 1280 px (issue 12 review): the home
// page of the coordinator, the aide, the direction and a partner,
// « Non lues », the notebook and the conversation on a record, and
// #/alertes. Each is checked for what a reviewer found by looking at them:
// no horizontal scroll, no ISO date nor untranslated code in the text,
// and saved as a PNG (SCREENS_DIR, default a temporary directory, named
// in the test's diagnostics) to be looked at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, go, loggedIn, logout, person, scrollWidth } from './lib/browser.mjs';

useBrowser();

const DIR = process.env.SCREENS_DIR || mkdtempSync(join(tmpdir(), 'maillage-screens-'));
mkdirSync(DIR, { recursive: true });

// Text a person reads: no ISO date (2026-12-05), no code (vigilance_unacked,
// a_pointer, epuisement_aidant) — apart from identifiers typed on purpose
// (@login in a message).
async function textProblems(page, where) {
  const text = await page.locator('main').innerText();
  const found = [];
  const iso = text.match(/\b\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?\b/g);
  if (iso) found.push(`${where}: date ISO ${iso.slice(0, 3).join(', ')}`);
  const codes = (text.match(/(?<![@\w])[a-z]+(?:_[a-z]+)+\b/g) || []);
  if (codes.length) found.push(`${where}: code ${[...new Set(codes)].slice(0, 5).join(', ')}`);
  return found;
}

for (const width of [360, 1280]) {
  test(`issue 12 screens at ${width} px: no overflow, no ISO date, no code`, TEST, async (t) => {
    const o = await open({ width, height: width === 360 ? 740 : 900 });
    const { page, problems } = o;
    const found = [];
    const shot = async (name, where) => {
      await page.waitForTimeout(300);
      const sw = await scrollWidth(page);
      if (sw > width) {
        // The widest elements, to say what overflows.
        const wide = await page.evaluate((w) => [...document.querySelectorAll('main *')]
          .filter((e) => e.getBoundingClientRect().right > w + 1)
          .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className} « ${(e.textContent || '').slice(0, 40)} »`),
        width);
        found.push(`${name}: horizontal scroll ${sw} > ${width} (${wide.join(' | ')})`);
      }
      found.push(...await textProblems(page, name));
      const file = join(DIR, `${width}-${name}.png`);
      if (where) await where.screenshot({ path: file });
      else await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width, height: 2400 } });
    };
    try {
      t.diagnostic(`screenshots in ${DIR}`);
      const api = await apiLogin(o.srv.base, 'coordination');
      const rousset = await person(api, 'rousset');
      // A conversation with a mention, and an alert raised by a user.
      let r = await api.post(`/api/v1/persons/${rousset.id}/messages`,
        { body: 'Passage décalé à 10 h demain, @aide peux-tu prévenir sa fille ?' });
      assert.equal(r.status, 201, r.text);
      const aide = await apiLogin(o.srv.base, 'aide');
      r = await aide.post(`/api/v1/persons/${rousset.id}/messages`, { body: 'Oui, c\'est fait.' });
      assert.equal(r.status, 201, r.text);
      const ide = await apiLogin(o.srv.base, 'ide');
      r = await ide.post(`/api/v1/persons/${rousset.id}/notes`, { category: 'soins', kind: 'dar',
        target: 'Douleur', data: 'Se plaint du genou droit depuis hier soir.', actions: 'Coussin, appel au médecin.',
        results: 'Soulagée après le repos.', vigilance: true });
      assert.equal(r.status, 201, r.text);
      r = await aide.post(`/api/v1/persons/${rousset.id}/alerts`, { kind: 'epuisement_aidant',
        severity: 'moyenne', detail: 'Sa fille dit ne plus dormir.' });
      assert.equal(r.status, 201, r.text);

      for (const who of ['coordination', 'aide', 'direction', 'dac48']) {
        await loggedIn(o, who);
        await page.locator('section.home-day .home-items, section.home-day p').first().waitFor();
        await page.locator('section.home-day .home-items').waitFor();
        await shot(`accueil-${who}`);
        if (who === 'coordination' || who === 'aide') {
          await go(page, '#/notes');
          await page.getByRole('heading', { level: 1, name: 'Notes non lues' }).waitFor();
          await page.locator('.notes-unread > *').first().waitFor();
          await shot(`non-lues-${who}`);
          await go(page, `#/personnes/${rousset.id}`);
          const carnet = page.getByRole('region', { name: 'Carnet de liaison' });
          await carnet.locator('[data-note]').first().waitFor();
          await shot(`carnet-${who}`, carnet);
          const conv = page.getByRole('region', { name: 'Conversation' });
          await conv.locator('.msg').first().waitFor();
          await shot(`conversation-${who}`, conv);
        }
        if (who !== 'dac48') {
          await go(page, '#/alertes');
          await page.getByRole('heading', { level: 1, name: 'Alertes' }).waitFor();
          await page.locator('.alert-list, [role="status"]').first().waitFor();
          await shot(`alertes-${who}`);
        }
        await logout(page);
      }
      assert.deepEqual(found, []);
      assert.deepEqual(problems, []);
    } finally {
      await o.close();
    }
  });
}
