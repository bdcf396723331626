// Browser journeys of issue 8: the notices on the home page (« Vos avis »,
// marked read), and the expired session sent back to the login page with
// « Votre session a expiré ». Real binary + Debian chromium, headless.
// SPEC: issue 8 points 2 and 5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { sql } from '../http/lib/util.mjs';
import { TEST, useBrowser, open, loginAs, mainNav, checkA11y } from './lib/browser.mjs';

useBrowser();

test('home page: the coordination sees the account request notice and marks it read', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const admin = await apiLogin(t.srv.base, 'admin');
    const ide = await apiLogin(t.srv.base, 'ide');
    const r = await admin.patch(`/api/v1/users/${ide.user.id}`, { reset_password: true });
    assert.equal(r.status, 202, r.text);

    await loginAs(t, 'coordination');
    await mainNav(page).waitFor();
    const section = page.getByRole('region', { name: /Vos avis/ });
    await section.getByRole('heading', { level: 2, name: 'Vos avis (1 non lu)' }).waitFor();
    const item = section.getByRole('listitem');
    assert.equal(await item.count(), 1);
    assert.match(await item.textContent(), new RegExp(`Demande n° ${r.json.request.id} .*« ide ».*en attente`));
    assert.equal(await item.getByRole('link', { name: 'Voir la page concernée' }).getAttribute('href'),
      '#/comptes');

    await item.getByRole('button', { name: 'Marquer comme lu' }).click();
    await section.getByRole('heading', { level: 2, name: 'Vos avis' }).waitFor();
    await section.getByText('Aucun avis non lu.').waitFor();
    await section.getByRole('status').filter({ hasText: 'Avis marqué comme lu.' }).waitFor();
    const coord = await apiLogin(t.srv.base, 'coordination');
    const left = await coord.get('/api/v1/notices');
    assert.equal(left.json.unread, 0);
    assert.match(left.json.items[0].read_at, /^\d{4}-/);

    // The read ones on demand.
    await section.getByRole('button', { name: 'Voir aussi les avis lus' }).click();
    await section.getByText(/lu le/).waitFor();
    assert.equal(await section.getByRole('button', { name: 'Marquer comme lu' }).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('idle session: the next action returns to the login page with « Votre session a expiré »', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    await loginAs(t, 'medecin');
    const nav = mainNav(page);
    await nav.waitFor();
    // Idle for longer than the timeout (30 min by default).
    const stale = new Date(Date.now() - 31 * 60_000).toISOString();
    sql(t.srv.db, `UPDATE session SET last_seen = '${stale}'`);
    // The next action, unless the live stream's own check of the session
    // (its heartbeat) has already brought the login page: either way the
    // user lands there, told why.
    await nav.getByRole('link', { name: 'Personnes' }).click({ timeout: 5000 }).catch(() => {});
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await checkA11y(page);
    await page.getByRole('alert').filter({ hasText: 'Votre session a expiré' }).waitFor();
    assert.equal(await page.getByLabel('Identifiant').count(), 1);
    // Coming back later (a reload with the stale cookie): told as well.
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'Votre session a expiré' }).waitFor();
    // A first visit (no cookie) is just the login page.
    await page.context().clearCookies();
    await page.reload();
    await page.getByLabel('Identifiant').waitFor();
    assert.equal(await page.getByRole('alert').filter({ hasText: 'expiré' }).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
