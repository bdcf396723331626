// Issue 10 points 5 and 6 in the browser: the on-call user finds a person
// she does not follow (« Accès d'urgence » from an empty person search, or
// « Urgence » in the top bar), breaks the glass and lands on the DLU; a
// refusal is said before any reason is typed; the DLU shows the GP, the
// CRT's on-call number, the legal protection (BOUDON: curatelle) and the
// GIR; the coordination lists the active supports without a DLU. At 360 px
// and on a desktop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, mainNav, scrollWidth, go, loggedIn, person,
  unlabelledFields, logout } from './lib/browser.mjs';

useBrowser();

const PHONE = { width: 360, height: 740 };

for (const [size, viewport] of [['360 px', PHONE], ['desktop', undefined]]) {
  test(`emergency search → break-the-glass → the DLU at once (${size})`, TEST, async () => {
    const t = await open(viewport);
    const { page, problems } = t;
    try {
      await loggedIn(t, 'psy');
      // The normal search does not find a person outside her circle.
      await go(page, '#/personnes?q=valentin');
      await page.getByRole('status').filter({ hasText: 'Aucune personne ne correspond' }).waitFor();
      await page.getByRole('link', { name: 'Accès d\'urgence' }).click();
      await page.getByRole('heading', { level: 1, name: 'Recherche d\'urgence' }).waitFor();
      const form = page.getByRole('search', { name: 'Rechercher une personne en urgence' });
      assert.equal(await form.getByLabel('Nom').inputValue(), 'valentin');
      assert.deepEqual(await unlabelledFields(page), []);
      // A name alone is refused: no browsing of the file.
      await form.getByRole('button', { name: 'Rechercher' }).click();
      await page.getByText(/Précisez la date de naissance ou la commune/).first().waitFor();
      await form.getByLabel('Date de naissance').fill('1940-01-30');
      await form.getByRole('button', { name: 'Rechercher' }).click();
      const row = page.getByRole('listitem').filter({ hasText: 'VALENTIN Henri Louis' });
      await row.waitFor();
      assert.match(await row.textContent(), /30\/01\/1940.*Saint-Chély-d'Apcher/);
      assert.ok(await scrollWidth(page) <= (viewport ? 360 : 1280), 'fits the screen');
      await row.getByRole('link', { name: 'Accès d\'urgence au DLU' }).click();
      const bg = page.getByRole('form', { name: 'Accès d\'urgence (bris de glace)' });
      await bg.getByLabel('Motif de l\'accès d\'urgence')
        .fill('Appel de la téléassistance de nuit : chute à domicile.');
      await bg.getByRole('button', { name: 'Ouvrir l\'accès d\'urgence' }).click();
      const main = page.getByRole('main');
      await main.getByRole('heading', { level: 2, name: 'VALENTIN Henri Louis' }).waitFor();
      await page.getByRole('heading', { level: 1, name: 'Dossier de liaison d\'urgence' }).waitFor();
      const urg = main.getByRole('region', { name: 'À appeler, qui décide' });
      await urg.getByRole('link', { name: '04 66 32 15 15' }).waitFor();
      assert.equal(await urg.getByRole('link', { name: '04 66 32 15 15' }).getAttribute('href'),
        'tel:0466321515');
      if (viewport) assert.ok(await scrollWidth(page) <= 360, 'DLU fits 360 px');
      // The top bar leads to the emergency search for the on-call roles.
      await page.getByRole('banner').getByRole('link', { name: 'Urgence' }).click();
      await page.getByRole('heading', { level: 1, name: 'Recherche d\'urgence' }).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });

  test(`a grant that would open nothing is refused before the reason (${size})`, TEST, async () => {
    const t = await open(viewport);
    const { page, problems } = t;
    const admin = await apiLogin(t.srv.base, 'admin');
    const croze = await person(await apiLogin(t.srv.base, 'coordination'), 'croze');
    const set = (read) => admin.put('/api/v1/access/matrix',
      { items: [{ profession: 'psychologue', category: 'soins', read, write: false }] });
    try {
      assert.equal((await set(false)).status, 200);
      await loggedIn(t, 'psy');
      await go(page, '#/urgence?name=croze&birth_date=1943-04-05');
      const row = page.getByRole('listitem').filter({ hasText: 'CROZE Albert' });
      await row.getByText(/Votre profession ne donne pas accès aux soins/).waitFor();
      assert.equal(await row.getByRole('link').count(), 0, 'no form offered');
      await go(page, `#/personnes/${croze.id}/dlu`);
      await page.getByRole('heading', { level: 2, name: 'Accès d\'urgence impossible' }).waitFor();
      assert.equal(await page.getByRole('form', { name: 'Accès d\'urgence (bris de glace)' }).count(), 0);
      assert.equal(await page.getByLabel('Motif de l\'accès d\'urgence').count(), 0);
      if (viewport) assert.ok(await scrollWidth(page) <= 360, 'fits 360 px');
      assert.deepEqual(problems, []);
    } finally {
      await set(true);
      await t.close();
    }
  });

  test(`BOUDON's DLU: GP, on-call number, curatelle and curateur, GIR; DLU à remplir (${size})`, TEST,
    async () => {
      const t = await open(viewport);
      const { page, problems } = t;
      try {
        const coord = await apiLogin(t.srv.base, 'coordination');
        const boudon = await person(coord, 'boudon');
        const missing = (await coord.get('/api/v1/dlu/missing')).json;
        await loggedIn(t, 'coordination');
        await go(page, `#/personnes/${boudon.id}/dlu`);
        const main = page.getByRole('main');
        const urg = main.getByRole('region', { name: 'À appeler, qui décide' });
        await urg.getByText('Curatelle simple').waitFor();
        const text = await urg.textContent();
        assert.match(text, /Médecin traitant.*Cabinet médical/s);
        assert.match(text, /UDAF de la Lozère \(curateur\)/);
        assert.match(text, /GIR 3 \(évalué le \d\d\/\d\d\/\d{4}\)/);
        await urg.getByRole('link', { name: '04 66 32 15 15' }).waitFor();
        if (viewport) assert.ok(await scrollWidth(page) <= 360, 'DLU fits 360 px');
        if (viewport) await mainNav(page).getByRole('button', { name: 'Menu' }).click();
        await mainNav(page).getByRole('link', { name: 'DLU à remplir' }).click();
        await page.getByRole('heading', { level: 1, name: 'DLU à remplir' }).waitFor();
        const n = missing.total;
        await page.getByRole('status').filter({ hasText: `${n} accompagnement` }).waitFor();
        assert.equal(await main.getByRole('listitem').count(), n);
        const first = missing.items[0];
        await main.getByRole('link', { name: new RegExp(`Remplir le DLU de ${first.birth_name}`) })
          .first().waitFor();
        if (viewport) assert.ok(await scrollWidth(page) <= 360, 'list fits 360 px');
        assert.deepEqual(problems, []);
      } finally {
        await t.close();
      }
    });
}

// Issue 10 point 6: the DLU opened on the phone is shown offline, with the
// date of the copy; the logout clears the store.
test('offline DLU on the phone: shown without network with its date, cleared at logout', TEST,
  async () => {
    const t = await open(PHONE);
    const { page, problems } = t;
    const context = page.context();
    try {
      const coord = await apiLogin(t.srv.base, 'coordination');
      const boudon = await person(coord, 'boudon');
      await loggedIn(t, 'aide');
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await go(page, `#/personnes/${boudon.id}/dlu`);
      await page.getByRole('main').getByRole('heading', { level: 2, name: 'BOUDON Germaine' }).waitFor();
      await page.waitForFunction(async (id) => {
        const c = await caches.open('maillage-dlu-v1');
        return !!(await c.match(`/api/v1/persons/${id}/dlu`)) && !!(await c.match('/'));
      }, boudon.id);
      // Only the session, the DLU and static files are stored.
      const keys = await page.evaluate(async () => (await (await caches.open('maillage-dlu-v1')).keys())
        .map((r) => new URL(r.url).pathname).filter((p) => p.startsWith('/api/')));
      assert.deepEqual(keys.sort(), ['/api/v1/persons/' + boudon.id + '/dlu', '/api/v1/session'].sort());

      await context.setOffline(true);
      // KNOWN FLAKE (CI, sanitizer build, after the file's earlier tests
      // in the same browser): the first offline page loads now and then
      // fail with net::ERR_FAILED although '/' is stored. Wait until the
      // worker answers the page's own request for '/' offline, then load;
      // each retry is logged, one of six loads two seconds apart must work.
      await page.waitForFunction(() => fetch('/').then((r) => r.ok, () => false), null,
        { timeout: 15000 }).catch(() => console.log('# the worker did not answer / offline within 15 s'));
      const dluUrl = page.url();
      for (let attempt = 1; ; attempt++) {
        try {
          // A reload, then the address opened again (another navigation
          // path of the browser to the same worker).
          if (attempt === 1) await page.reload();
          else await page.goto(dluUrl);
          break;
        } catch (e) {
          if (!/ERR_FAILED/.test(String(e)) || attempt === 6) throw e;
          console.log(`# offline reload ${attempt} retried after: ${String(e).split('\n')[0]}`);
          await page.waitForTimeout(2000);
        }
      }
      await page.getByRole('heading', { level: 1, name: 'Dossier de liaison d\'urgence' }).waitFor();
      const main = page.getByRole('main');
      await main.getByText(/^Hors ligne — DLU du \d\d\/\d\d\/\d{4}/).waitFor();
      await main.getByRole('heading', { level: 2, name: 'BOUDON Germaine' }).waitFor();
      await main.getByRole('region', { name: 'À appeler, qui décide' }).getByText('Curatelle simple').waitFor();
      assert.ok(await scrollWidth(page) <= 360, 'offline DLU fits 360 px');

      await context.setOffline(false);
      await page.reload();
      await page.getByRole('main').getByRole('heading', { level: 2, name: 'BOUDON Germaine' }).waitFor();
      assert.equal(await page.getByText(/^Hors ligne/).count(), 0, 'online: the live DLU');
      await logout(page);
      await page.getByLabel('Identifiant').waitFor();
      assert.equal(await page.evaluate(() => caches.has('maillage-dlu-v1')), false, 'logout clears it');
      await context.setOffline(true);
      await go(page, `#/personnes/${boudon.id}/dlu`);
      await page.reload().catch(() => {});
      assert.equal(await page.getByText('BOUDON').count(), 0, 'nothing left to show offline');
      await context.setOffline(false);
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });
