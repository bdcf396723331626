// Accessibility of every page (issue 10 §13): each demo role visits every
// route it has — its navigation and the pages behind a record, a referral,
// a support, a committee and a partner — on a desktop (1280 px) and on a
// phone (360 px); axe-core finds no serious or critical violation.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST, useBrowser, open, loggedIn, mainNav, go, checkA11y, logout } from './lib/browser.mjs';

useBrowser();

const SIZES = [{ width: 1280, height: 800 }, { width: 360, height: 740 }];
const ROLES = ['admin', 'direction', 'coordination', 'medecin', 'ide', 'aide', 'psy',
  'secretariat', 'dac48'];

// The first id of a list the user may read (in-page fetch: her session).
async function firstId(page, path) {
  return page.evaluate(async (p) => {
    const r = await fetch(p, { headers: { Accept: 'application/json' } });
    if (!r.ok) return null;
    const j = await r.json();
    const items = Array.isArray(j) ? j : (j.items || []);
    return items.length ? items[0].id : null;
  }, path);
}

// A page is painted when its title is there and no part still loads.
async function painted(page) {
  await page.locator('main h1').first().waitFor();
  await page.getByText('Chargement…').first()
    .waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(100);
}

async function routesOf(page) {
  const nav = mainNav(page);
  const links = await nav.locator('a[href^="#/"]').evaluateAll(
    (as) => as.map((a) => a.getAttribute('href')));
  const routes = new Set(links);
  const person = await firstId(page, '/api/v1/persons?limit=5');
  if (person) {
    for (const s of ['', '/dlu', '/aggir', '/acces', '/dlu/modifier']) {
      routes.add(`#/personnes/${person}${s}`);
    }
  }
  const referral = await firstId(page, '/api/v1/referrals');
  if (referral) routes.add(`#/demandes/${referral}`);
  const support = await firstId(page, '/api/v1/supports');
  if (support) {
    for (const s of ['', '/plan/modifier', '/plan/imprimer']) {
      routes.add(`#/accompagnements/${support}${s}`);
    }
  }
  const committee = await firstId(page, '/api/v1/committees');
  if (committee) routes.add(`#/comites/${committee}`);
  const org = await firstId(page, '/api/v1/orgs');
  if (org) routes.add(`#/partenaires/${org}`);
  for (const r of ['#/personnes/nouvelle', '#/demandes/nouvelle', '#/acces-urgence',
    '#/mot-de-passe']) routes.add(r);
  return [...routes];
}

for (const size of SIZES) {
  test(`axe-core: every route of every role at ${size.width} px`, { timeout: 900_000 },
    async () => {
      const t = await open(size);
      const { page, problems } = t;
      const bad = [];
      try {
        // The login page first.
        await page.goto(t.srv.base + '/');
        await page.getByLabel('Identifiant').waitFor();
        await checkA11y(page, `connexion ${size.width} px`);
        for (const who of ROLES) {
          await loggedIn(t, who);
          await painted(page);
          await checkA11y(page, `${who} accueil ${size.width} px`);
          for (const r of await routesOf(page)) {
            await go(page, r);
            await painted(page);
            await checkA11y(page, `${who} ${r} ${size.width} px`).catch((e) => { bad.push(e.message); });
          }
          // Log out for the next role.
          await logout(page);
          await page.getByLabel('Identifiant').waitFor();
        }
        assert.deepEqual(bad, []);
        assert.deepEqual(problems, []);
      } finally {
        await t.close();
      }
    });
}
