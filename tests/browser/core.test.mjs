// The web UI's core (issue 9 §4): the router aborts the requests of a page
// the user has left, so a slow answer never paints over the next page; the
// record shows the parts other sections register, at their order; the one
// permission table (web/core/perm.js) and its switch to user.permissions.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { can, ROLES_BY_PERMISSION } from '../../web/core/perm.js';
import { TEST, useBrowser, open, go, loggedIn, person, checkA11y } from './lib/browser.mjs';

useBrowser();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('a slow answer of a page the user has left is aborted and never paints', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(api, 'rousset');
    await loggedIn(t, 'coordination');

    // The record's GET (with its parts: /record?include=…) answers 2 s
    // late; the user goes to Partenaires meanwhile.
    const path = `/api/v1/persons/${rousset.id}/record`;
    const url = (u) => new URL(u).pathname === path;
    let held = 0;
    await page.route(url, async (route) => {
      held += 1;
      await sleep(2000);
      await route.continue().catch(() => null);  // the page may have aborted it
    });
    const failed = [];
    page.on('requestfailed', (r) => {
      if (url(r.url())) failed.push(r.failure() && r.failure().errorText);
    });
    await go(page, `#/personnes/${rousset.id}`);
    await page.getByText('Chargement du dossier…').waitFor();
    await go(page, '#/partenaires');
    await page.getByRole('heading', { level: 1, name: 'Partenaires' }).waitFor();
    await checkA11y(page);
    await sleep(3000);  // past the delayed answer

    assert.equal(held, 1, 'the record was asked once');
    assert.deepEqual(failed, ['net::ERR_ABORTED'], 'leaving the page aborted its request');
    const main = page.getByRole('main');
    assert.equal(await main.getByRole('heading', { level: 1 }).textContent(), 'Partenaires');
    assert.equal(await main.getByText('ROUSSET').count(), 0, 'nothing of the record painted');
    assert.equal(await main.getByRole('heading', { name: 'Identité' }).count(), 0);
    assert.match(await page.title(), /^Partenaires/);
    assert.deepEqual(problems, [], 'no script error (the AbortError is not reported)');

    // Back on the record without the delay: it shows as usual.
    await page.unroute(url);
    await go(page, `#/personnes/${rousset.id}`);
    await main.getByRole('heading', { level: 2, name: 'Identité' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('the record places the parts other sections register at their order', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(api, 'rousset');
    await loggedIn(t, 'coordination');
    await go(page, `#/personnes/${rousset.id}`);
    const main = page.getByRole('main');
    // Registered by sections/platform (accesses link), sections/record
    // (DLU, profile, documents) and sections/volet2 (parcours).
    await main.getByRole('link', { name: 'Historique des accès au dossier' }).waitFor();
    await main.getByRole('region', { name: 'Parcours volet 2' }).waitFor();
    await main.getByRole('region', { name: 'Documents' }).waitFor();
    const order = await page.evaluate(() => {
      const p = document.querySelector('.person');
      return Array.from(p.children).map((el) => {
        if (el.classList.contains('access')) return 'banner';
        if (el.querySelector('a[href$="/acces"]')) return 'accesses';
        const h2 = el.querySelector('h2');
        return h2 ? h2.textContent : el.tagName;
      });
    });
    const at = (x) => {
      const i = order.indexOf(x);
      assert.ok(i >= 0, `${x} in ${order.join(' | ')}`);
      return i;
    };
    assert.ok(at('banner') < at('accesses'));
    assert.ok(at('accesses') < at('Dossier de liaison d\'urgence (DLU)'));
    assert.ok(at('Dossier de liaison d\'urgence (DLU)') < at('Identité'));
    assert.ok(at('Autonomie (grille AGGIR)') < at('Parcours volet 2'));
    assert.ok(at('Parcours volet 2') < at('Informations par catégorie'));
    assert.ok(at('Informations par catégorie') < at('Documents'));
    assert.ok(at('Documents') < at('Cercle de soins'));
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('core/perm.js: one table by permission, user.permissions wins when the server sends it', () => {
  const coord = { role: 'coordinateur' };
  const admin = { role: 'admin' };
  assert.equal(can(coord, 'person.read'), true);
  assert.equal(can(admin, 'person.read'), false);
  assert.equal(can(admin, 'users.manage'), true);
  assert.equal(can({ role: 'secretariat' }, 'person.filter.gir'), false);
  assert.equal(can({ role: 'partenaire' }, 'waitlist.read'), true);
  assert.equal(can({ role: 'partenaire' }, 'referral.read'), false);
  // The server's names (issue 9 §1): the CRT doctor approves accounts,
  // partners do not break the glass.
  assert.equal(can({ role: 'medecin' }, 'accounts.approve'), true);
  assert.equal(can({ role: 'partenaire' }, 'person.breakglass'), false);
  assert.throws(() => can(coord, 'account.validate'), /permission inconnue/);
  assert.equal(can(null, 'person.read'), false);
  assert.throws(() => can(coord, 'no.such'), /permission inconnue/);
  // The server's list replaces the table, both ways.
  assert.equal(can({ role: 'admin', permissions: ['person.read'] }, 'person.read'), true);
  assert.equal(can({ role: 'coordinateur', permissions: [] }, 'person.read'), false);
  // Every permission names known roles.
  const roles = ['admin', 'direction', 'coordinateur', 'medecin', 'soignant', 'intervenant',
    'secretariat', 'partenaire', 'proche'];
  // Issue 11: the proche holds its planning, and nothing of the records.
  assert.equal(can({ role: 'proche' }, 'proche.planning'), true);
  assert.equal(can({ role: 'proche' }, 'person.read'), false);
  assert.equal(can({ role: 'direction' }, 'proche.invite'), false);
  for (const [name, list] of Object.entries(ROLES_BY_PERMISSION)) {
    assert.ok(list.length && list.every((r) => roles.includes(r)), name);
  }
});
