// Browser: the liaison notebook (issue 12). The aide, on a 360 px phone,
// finishes a visit of today's round and writes a vigilance note on it
// from the visit card (« Note », then « Enregistrer la note »); the nurse,
// starting the person's next visit, sees that note first and acknowledges
// it (« J'ai pris connaissance »); the note is in the person's « Carnet de
// liaison », acknowledged, and the coordinator sees who has read it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { parisIn, sql } from '../http/lib/util.mjs';
import { TEST, useBrowser, open, go, loggedIn, person, scrollWidth, checkA11y, logout }
  from './lib/browser.mjs';

useBrowser();

// Two visits today that do not cross midnight in Paris.
function todaySlots() {
  const now = parisIn(0);
  const h = Number(now.slice(11, 13));
  const day = now.slice(0, 10);
  const at = (hh, mm) => `${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
  const base = h >= 20 ? 17 : (h < 2 ? 0 : h - 2);
  return [at(base, 0), at(base + 2, 10)];
}

test('the aide writes a vigilance note after a visit at 360 px; the nurse starting the next visit '
  + 'sees it first and acknowledges it', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const aide = await apiLogin(t.srv.base, 'aide');
    const ide = await apiLogin(t.srv.base, 'ide');
    const rousset = await person(coord, 'rousset');
    const [s1, s2] = todaySlots();
    const mk = async (u, starts, kind) => {
      const r = await coord.post('/api/v1/visits', { person_id: rousset.id, user_id: u.user.id,
        starts_local: starts, duration_min: 30, kind });
      assert.equal(r.status, 201, r.text);
      return r.json.id;
    };
    const aideVisit = await mk(aide, s1, 'toilette');
    const ideVisit = await mk(ide, s2, 'soins');
    const card = (sid) => page.locator(`[data-visit^="${sid}@"]`).first();
    const text = 'Chute dans la salle de bain avant mon arrivée, bleu au coude gauche : à surveiller.';

    await loggedIn(t, 'aide');
    await go(page, '#/planning');
    await card(aideVisit).waitFor();
    // The visit done (started, finished by hand with its reason).
    await card(aideVisit).getByRole('button', { name: /^Commencer/ }).click();
    await card(aideVisit).getByRole('button', { name: /^Terminer/ }).waitFor();
    await card(aideVisit).getByLabel(/Pointage sans QR code/).selectOption('Pointage après la visite');
    await card(aideVisit).getByRole('button', { name: /^Terminer/ }).click();
    await page.locator(`[data-visit^="${aideVisit}@"][data-state="done"]`).waitFor();
    // Two taps: « Note » opens the form (person, visit, category chosen,
    // the text focused), « Enregistrer la note » sends it.
    await card(aideVisit).getByRole('button', { name: /^Note sur la visite/ }).click();
    const form = card(aideVisit).locator('form.note-form');
    assert.equal(await form.getByLabel('Catégorie').inputValue(), 'vie_quotidienne');
    // Issue 12 review (F18): only the categories she may write for this
    // person, as the server decides them — no « Médical » nor « Psy »
    // for a home aide.
    const writable = (await aide.get(`/api/v1/persons/${rousset.id}/notes/categories`)).json.may_write;
    assert.ok(writable.includes('vie_quotidienne') && !writable.includes('medical')
      && !writable.includes('psy'), writable.join());
    await form.locator('select[name="category"]:not([disabled])').waitFor();
    assert.deepEqual(await form.locator('select[name="category"] option')
      .evaluateAll((os) => os.map((o) => o.value)), writable);
    assert.equal(await form.getByLabel('Catégorie').inputValue(), 'vie_quotidienne');
    await page.keyboard.type(text);
    await form.getByLabel('À prendre en compte').check();
    assert.ok(await scrollWidth(page) <= 360, `fits 360 px (${await scrollWidth(page)})`);
    await checkA11y(page, 'note depuis la tournée 360');
    await form.getByRole('button', { name: 'Enregistrer la note' }).click();
    await form.getByText('Note enregistrée.').waitFor();
    const row = sql(t.srv.db, 'SELECT id, vigilance, series_id, category, body FROM note '
      + `WHERE person_id = ${rousset.id} ORDER BY id DESC LIMIT 1`)[0];
    assert.deepEqual(row.slice(1), ['1', String(aideVisit), 'vie_quotidienne', text]);
    const noteId = row[0];
    await logout(page);

    // The nurse starts her visit: the vigilance note comes first.
    await loggedIn(t, 'ide');
    await go(page, '#/planning');
    await card(ideVisit).waitFor();
    await card(ideVisit).getByRole('button', { name: /^Commencer/ }).click();
    const pending = card(ideVisit).locator('.note-pending');
    await pending.getByText(text).waitFor();
    await pending.getByRole('heading', { name: /^À prendre en compte avant la visite/ }).waitFor();
    assert.ok(await scrollWidth(page) <= 360, `fits 360 px (${await scrollWidth(page)})`);
    await checkA11y(page, 'début de visite, note à prendre en compte');
    await pending.getByRole('button', { name: /^J'ai pris connaissance/ }).click();
    await pending.getByText(text).waitFor({ state: 'detached' });
    assert.deepEqual(sql(t.srv.db, `SELECT user_id, series_id FROM note_ack WHERE note_id = ${noteId}`),
      [[String(ide.user.id), String(ideVisit)]]);

    // In the person's « Carnet de liaison »: taken into account.
    await go(page, `#/personnes/${rousset.id}`);
    const carnet = page.getByRole('region', { name: 'Carnet de liaison' });
    const mine = carnet.locator(`[data-note="${noteId}"]`);
    await mine.getByText('Prise en compte (1)').waitFor();
    // F18: the category chips and the form of the record offer what the
    // nurse reads and writes, not « Psy ».
    const ideCats = (await ide.get(`/api/v1/persons/${rousset.id}/notes/categories`)).json;
    assert.ok(!ideCats.may_read.includes('psy'), ideCats.may_read.join());
    const chips = await carnet.locator('.chips button').allTextContents();
    assert.equal(chips.length, ideCats.may_read.length + 1, chips.join());
    assert.ok(!chips.includes('Psy'), chips.join());
    await carnet.getByText('Écrire une note').click();
    assert.deepEqual(await carnet.locator('form.note-form').first().locator('select[name="category"] option')
      .evaluateAll((os) => os.map((o) => o.value)), ideCats.may_write);
    await logout(page);

    // The coordinator sees who of the circle has read it.
    await loggedIn(t, 'coordination');
    await go(page, `#/personnes/${rousset.id}`);
    const note = page.getByRole('region', { name: 'Carnet de liaison' }).locator(`[data-note="${noteId}"]`);
    await note.getByRole('button', { name: 'Qui l\'a lue ?' }).click();
    await note.getByText(/Nadia Pagès : lue le/).waitFor();
    await note.getByText(/prise en compte le/).waitFor();
    // Who has not read it, in one sentence, matching the server's list
    // (those who may read it: issue 12 review).
    const rec = (await (await apiLogin(t.srv.base, 'coordination')).get(`/api/v1/notes/${noteId}/receipts`)).json;
    const notYet = rec.readers.filter((x) => !x.read_at).map((x) => x.user.name);
    const sum = (await note.locator('.note-readers-sum').textContent()).trim();
    if (notYet.length) {
      assert.match(sum, new RegExp(`^Pas encore lue par ${notYet.length} des ${rec.readers.length} personnes`));
      for (const name of notYet) assert.ok(sum.includes(name), name);
    } else assert.match(sum, /^Lue par /);
    await checkA11y(page, 'carnet de liaison');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
