// Issue 8 point 10 on screen: when the disk is full, saving a form shows
// the server's French message (« espace disque plein … prévenez
// l'administrateur ») next to the form, and the same form saves once
// space is back. The SQLite database lives on a small tmpfs.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PG } from '../http/lib/server.mjs';
import { fill, STORE_FULL_MESSAGE, tmpfsDb } from '../http/lib/tmpfs.mjs';
import { TEST, useBrowser, open, loginAs, mainNav, checkA11y } from './lib/browser.mjs';

useBrowser();

test('disk full: creating a person shows « espace disque plein », then works once space is back', TEST,
  async (tc) => {
    if (PG) { tc.skip('SQLite only'); return; }
    const { db, dir, skip } = tmpfsDb();
    if (skip) { tc.skip(skip); return; }
    const t = await open(undefined, { db });
    const { page, problems } = t;
    try {
      await loginAs(t, 'coordination');
      await mainNav(page).waitFor();
      await mainNav(page).getByRole('link', { name: 'Personnes' }).click();
      await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
      await checkA11y(page);
      await page.getByRole('link', { name: 'Nouvelle personne' }).click();
      const form = page.getByRole('form', { name: 'Nouvelle personne' });
      await form.waitFor();
      await form.getByLabel('Nom de naissance').fill('DISQUE');
      await form.getByLabel('Prénom(s)').fill('Plein');
      await form.getByLabel('Date de naissance').fill('1941-05-06');
      await form.getByLabel('Sexe').selectOption({ label: 'Femme' });

      const filler = join(dir, 'filler');
      fill(filler);
      await form.getByRole('button', { name: 'Créer le dossier' }).click();
      const alert = form.getByRole('alert').filter({ hasText: /\S/ });
      await alert.waitFor();
      assert.equal((await alert.textContent()).trim(), STORE_FULL_MESSAGE);
      // Still on the form, with what was typed.
      assert.equal(await form.getByLabel('Nom de naissance').inputValue(), 'DISQUE');

      rmSync(filler);
      // The writer's probe clears the mark within a second or so.
      for (let i = 0; i < 50; i++) {
        if ((await fetch(t.srv.base + '/healthz')).status === 200) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await form.getByRole('button', { name: 'Créer le dossier' }).click();
      await page.getByRole('heading', { level: 1, name: /DISQUE/ }).waitFor();
      await checkA11y(page);
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });
