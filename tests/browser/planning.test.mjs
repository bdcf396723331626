// Browser: the planning of visits (issue 11). The aide, on a 360 px
// phone, opens today's round, starts and finishes one visit (marked by
// hand with its reason), marks another « non faite » with its reason;
// the coordinator's week of the file active shows both, and the
// conflict of two overlapping visits of one aide. A new weekly visit is
// planned from a person's record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { sql } from '../http/lib/util.mjs';
import { TEST, useBrowser, open, go, loggedIn, person, scrollWidth, checkA11y, logout }
  from './lib/browser.mjs';

useBrowser();

// 'YYYY-MM-DDTHH:MM' in Europe/Paris, `min` minutes from now.
function parisIn(min) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric',
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(new Date(Date.now() + min * 60000))
    .map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

// Two visits of the aide today that do not cross midnight in Paris: the
// test picks times inside today whatever the hour it runs.
function todaySlots() {
  const now = parisIn(0);
  const h = Number(now.slice(11, 13));
  const day = now.slice(0, 10);
  const at = (hh, mm) => `${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
  const base = h >= 20 ? 17 : (h < 2 ? 0 : h - 2);
  return [at(base, 0), at(base, 40), at(base + 2, 0), at(base + 2, 15)];
}

test('the aide\'s day at 360 px: done by hand, not done with its reason; the coordinator\'s week '
  + 'shows both and a conflict', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const aide = await apiLogin(t.srv.base, 'aide');
    const rousset = await person(coord, 'rousset');
    const boudon = await person(coord, 'boudon');
    const [s1, s2, s3, s4] = todaySlots();
    const mk = async (p, starts, kind, extra = {}) => {
      const r = await coord.post('/api/v1/visits', { person_id: p.id, user_id: aide.user.id,
        starts_local: starts, duration_min: 30, kind, ...extra });
      assert.equal(r.status, 201, r.text);
      return r.json.id;
    };
    const sid1 = await mk(rousset, s1, 'toilette', { rrule: 'FREQ=DAILY', critical: true });
    const sid2 = await mk(boudon, s2, 'aide_domicile');
    const sid3 = await mk(rousset, s3, 'repas');
    const sid4 = await mk(boudon, s4, 'soins'); // overlaps the 'repas' visit: a conflict
    const card = (sid) => page.locator(`[data-visit^="${sid}@"]`).first();

    await loggedIn(t, 'aide');
    await go(page, '#/planning');
    await page.getByRole('heading', { level: 1, name: /^Ma tournée — / }).waitFor();
    const list = page.locator('[data-day]');
    await list.locator('[data-visit]').first().waitFor();
    // Her demo round and the four visits planned here.
    assert.ok(await list.locator('[data-visit]').count() >= 4);
    for (const sid of [sid1, sid2, sid3, sid4]) await card(sid).waitFor();
    await card(sid3).getByText('Conflit d\'horaire').waitFor();
    await card(sid4).getByText('Conflit d\'horaire').waitFor();
    assert.match(await card(sid3).textContent(), /Chevauche : .*BOUDON/);
    assert.ok(await scrollWidth(page) <= 360, `fits 360 px (${await scrollWidth(page)})`);
    await checkA11y(page, 'ma tournée 360');

    // The first visit: « Commencer », then « Terminer » with the reason.
    await card(sid1).getByRole('button', { name: /^Commencer/ }).click();
    await card(sid1).getByText(/^Commencée à /).waitFor();
    await card(sid1).getByRole('button', { name: /^Terminer/ }).click();
    await card(sid1).getByText('Choisissez pourquoi la visite est pointée sans le QR code.').waitFor();
    await card(sid1).getByLabel(/Pointage sans QR code/).selectOption('Pointage après la visite');
    await card(sid1).getByRole('button', { name: /^Terminer/ }).click();
    await page.locator(`[data-visit^="${sid1}@"][data-state="done"]`).waitFor();
    assert.match(await card(sid1).textContent(), /pointée à la main \(Pointage après la visite\) par [A-ZÉ][a-zé]+ /);

    // The BOUDON visit: « Non faite », its reason.
    await card(sid2).getByRole('button', { name: /^Non faite/ }).click();
    await card(sid2).getByRole('button', { name: 'Enregistrer « non faite »' }).click();
    await card(sid2).getByText('Choisissez le motif.').waitFor();
    await card(sid2).getByLabel(/^Motif(?! du)/).selectOption('porte_close');
    await card(sid2).getByLabel(/^Précisions/).fill('Volets fermés, voisine prévenue');
    await card(sid2).getByRole('button', { name: 'Enregistrer « non faite »' }).click();
    await page.locator(`[data-visit^="${sid2}@"][data-state="not_done"]`).waitFor();
    assert.match(await card(sid2).textContent(), /Porte close — Volets fermés, voisine prévenue/);
    await checkA11y(page, 'ma tournée après pointage');
    // Her round in the phone's calendar: a secret address, shown once.
    const feed = page.getByRole('region', { name: 'Ma tournée dans l\'agenda du téléphone' });
    await feed.getByRole('button', { name: 'Créer l\'adresse de mon agenda' }).click();
    const url = await feed.getByLabel(/^Adresse de l'agenda/).inputValue();
    assert.match(url, /\/api\/v1\/visits\/feed\.ics\?token=[A-Za-z0-9_-]{43}$/);
    const ics = await (await fetch(url)).text();
    assert.match(ics, /SUMMARY:Visite M\. R\. — Saint-Chély-d'Apcher/);
    await feed.getByRole('button', { name: 'Révoquer l\'adresse' }).click();
    await feed.getByRole('button', { name: 'Créer l\'adresse de mon agenda' }).waitFor();
    assert.equal((await fetch(url)).status, 401);
    // The printed round: in visiting order, address, phone, access notes
    // and the DLU's vigilance points.
    await page.getByRole('link', { name: 'Tournée à imprimer' }).click();
    await page.getByRole('heading', { level: 1, name: /^Tournée du / }).waitFor();
    const stops = page.locator('.round-item');
    await stops.first().waitFor();
    assert.ok(await stops.count() >= 4);
    const boudonStop = stops.filter({ hasText: 'BOUDON' }).first();
    assert.match(await boudonStop.textContent(), /Téléphone : 04 65 71/);
    assert.match(await boudonStop.textContent(), /Accès : Clé chez la voisine/);
    const times = await stops.locator('h2').allTextContents();
    const minutes = times.map((x) => { const m = /^(\d+) h (\d\d)/.exec(x); return Number(m[1]) * 60 + Number(m[2]); });
    assert.deepEqual(minutes, [...minutes].sort((a, b) => a - b), 'visiting order');
    await checkA11y(page, 'printed round');
    assert.deepEqual(problems, []);
    await logout(page);

    // The coordinator's week of the file active shows both markings.
    await loggedIn(t, 'coordination');
    await go(page, '#/planning?tous=1&vue=semaine');
    await page.getByRole('heading', { level: 1, name: /^Toute la file active — semaine du / }).waitFor();
    const day = page.locator(`[data-day="${s1.slice(0, 10)}"]`);
    await day.locator(`[data-visit^="${sid1}@"][data-state="done"]`).waitFor();
    await day.locator(`[data-visit^="${sid2}@"][data-state="not_done"]`).waitFor();
    await day.locator(`[data-visit^="${sid3}@"]`).getByText('Conflit d\'horaire').waitFor();
    assert.match(await day.locator(`[data-visit^="${sid1}@"]`).textContent(), /Pagès/);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('desktop: a weekly visit planned from the record, shown in the person\'s week', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const teissier = await person(coord, 'teissier');
    await loggedIn(t, 'coordination');
    await go(page, `#/personnes/${teissier.id}`);
    const part = page.locator('[data-planning]');
    await part.getByText('Aucune visite prévue cette semaine.').waitFor();
    await part.getByRole('link', { name: 'Planifier une visite' }).click();
    await page.getByRole('heading', { level: 1, name: 'Planifier une visite' }).waitFor();
    await checkA11y(page, 'planifier');
    // Everything missing: said at once, on each field.
    await page.getByRole('button', { name: 'Enregistrer la visite' }).click();
    await page.getByText('Choisissez le type de visite.').waitFor();
    await page.getByText('Choisissez qui intervient.').waitFor();
    await page.getByLabel(/^Type de visite/).selectOption('kine');
    await page.getByLabel(/^Qui intervient/).selectOption({ label: 'SSIAD du Malzieu' });
    await page.getByLabel(/^Heure/).fill('10:30');
    await page.getByLabel(/^Répétition/).selectOption('WEEKLY');
    for (const d of ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche']) {
      await page.getByLabel(d, { exact: true }).check();
    }
    await page.getByLabel(/^Les jours fériés/).selectOption('skip');
    await page.getByRole('button', { name: 'Enregistrer la visite' }).click();
    await page.getByText(/^Visite enregistrée : Kinésithérapie, chaque semaine, à 10 h 30\./).waitFor();
    const week = page.locator('[data-planning]');
    await week.locator('[data-visit]').first().waitFor();
    assert.ok(await week.locator('[data-visit]').count() >= 1);
    assert.match(await week.textContent(), /SSIAD du Malzieu/);
    assert.match(await week.textContent(), /10 h 30/);
    await checkA11y(page, 'record with its week');
    // Changed from tomorrow on: 11 h 00; the past stays at 10 h 30.
    const regular = week.getByRole('group', { name: 'Visites régulières' });
    await regular.getByRole('button', { name: 'Voir les visites régulières' }).click();
    const item = regular.locator('[data-series]').filter({ hasText: 'Kinésithérapie' });
    await item.getByRole('button', { name: /^Modifier à partir du…/ }).click();
    await item.getByLabel(/^Nouvelle heure/).fill('11:00');
    await item.getByRole('button', { name: 'Enregistrer le changement' }).click();
    await regular.getByText(/Kinésithérapie — SSIAD du Malzieu — chaque semaine : .* à 11 h 00/).waitFor();
    // Stopped a week later: the new series says until when.
    const next = regular.locator('[data-series]').filter({ hasText: 'à 11 h 00' });
    await next.getByRole('button', { name: /^Arrêter à partir du…/ }).click();
    const stopDay = new Date(Date.now() + 8 * 86400000).toISOString().slice(0, 10);
    await next.getByLabel(/^Dernière visite la veille du/).fill(stopDay);
    await next.getByRole('button', { name: 'Arrêter ces visites' }).click();
    await regular.getByText(/à 11 h 00 \(30 min\), jusqu'au /).waitFor();
    await checkA11y(page, 'regular visits');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('the QR code on the DLU sheet; the aide\'s phone opens it at the door: arrival, then '
  + 'departure', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const aide = await apiLogin(t.srv.base, 'aide');
    const rousset = await person(coord, 'rousset');
    let r = await coord.post('/api/v1/visits', { person_id: rousset.id, user_id: aide.user.id,
      starts_local: parisIn(-5), duration_min: 30, kind: 'toilette' });
    assert.equal(r.status, 201, r.text);
    const sid = r.json.id;

    // The coordinator's DLU page carries the QR code.
    await loggedIn(t, 'coordination');
    await go(page, `#/personnes/${rousset.id}/dlu`);
    const qr = page.getByRole('region', { name: 'Pointage des visites' });
    await qr.getByRole('img', { name: 'QR code de pointage des visites' }).waitFor();
    assert.ok(await qr.locator('svg path').getAttribute('d'));
    await checkA11y(page, 'DLU with its QR code');
    r = await coord.post(`/api/v1/persons/${rousset.id}/visit-qr`, { origin: t.srv.base });
    const link = r.json.url;
    assert.ok(link.startsWith(`${t.srv.base}/#/pointage/`), link);
    await logout(page);

    // The aide's phone opens the link (her camera app would).
    await loggedIn(t, 'aide');
    await page.goto(link);
    await page.getByText(/^Arrivée notée à \d+ h \d\d$/).waitFor();
    await page.getByText(/ROUSSET Marcelle/).first().waitFor();
    await checkA11y(page, 'scan arrival');
    assert.ok(await scrollWidth(page) <= 360);
    // Twenty minutes later, the second scan: the visit is done.
    const back = new Date(Date.now() - 20 * 60000).toISOString();
    sql(t.srv.db, `UPDATE visit_scan SET arrived_at = '${back}' WHERE series_id = ${sid}`);
    await go(page, '#/planning');
    await page.goto(link);
    await page.getByText(/^Visite faite : arrivée \d+ h \d\d, départ \d+ h \d\d$/).waitFor();
    await page.getByText(/pointée avec le QR code/).waitFor();
    await go(page, '#/planning');
    // This visit's card (the demo's earlier visits of the day may be
    // marked done too, depending on the hour the test runs).
    const done = page.locator(`[data-visit^="${sid}@"][data-state="done"]`);
    await done.waitFor();
    assert.match(await done.textContent(), /pointée avec le QR code/);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
