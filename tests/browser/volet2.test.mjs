// Browser journeys of the volet 2 intake (STYLE §7 "Browser"; issue 4
// steps 1-5): the coordinator records a referral, finds it in the list,
// notes exclusion criteria, triages it (DAC, waiting list, out-of-order
// step refused with the server's French message), notes priority
// criteria and adds admission evaluations; the doctor's medical
// evaluation; the ranked waiting list, shared by the direction and read
// by the DAC partner; the 360 px layout and the new-person detour.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
// SPEC: PRODUCT §3 steps 1-5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, loginAs, mainNav, unlabelledFields,
  scrollWidth, go, loggedIn, checkA11y, logout } from './lib/browser.mjs';

useBrowser();

const fr = (iso) => iso.slice(0, 10).split('-').reverse().join('/');

// A date n days ago (UTC calendar; the server accepts any day up to the
// latest "today" on earth).
const daysAgo = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

// Logs out and waits for the login page (the library's logout only clicks).
async function logoutToLogin(page) {
  await logout(page);
  await page.getByLabel('Identifiant').waitFor();
}

async function personId(api, name) {
  const r = await api.get(`/api/v1/persons?q=${encodeURIComponent(name)}`);
  const p = r.json.items.find((x) => x.birth_name === name);
  assert.ok(p, `${name} in the demo`);
  return p.id;
}

async function referral(api, pid, over = {}) {
  const r = await api.post('/api/v1/referrals', { person_id: pid, source: 'medecin_traitant',
    channel: 'telephone', reason: 'Perte d\'autonomie, chutes', requested_volet: 2,
    referrer_name: 'Dr Valette', ...over });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

async function waitlisted(api, pid, over = {}) {
  const id = await referral(api, pid, over);
  const a = await api.post(`/api/v1/referrals/${id}/triage`, { action: 'accepter' });
  assert.equal(a.json.status, 'liste_attente', a.text);
  return id;
}

const focusedText = (page) => page.evaluate(() => document.activeElement.textContent.trim());

test('coordination: records a referral, triages it onto the waiting list, evaluates it',
  TEST, async () => {
    const t = await open();
    const { page, problems } = t;
    try {
      const api = await apiLogin(t.srv.base, 'coordination');
      const teissier = await personId(api, 'TEISSIER');
      await loggedIn(t, 'coordination');
      const nav = mainNav(page);
      // « Demandes » and « Liste d'attente » are real entries now.
      assert.equal(await nav.getByRole('link', { name: 'Demandes' }).getAttribute('href'),
        '#/demandes');
      assert.equal(await nav.getByRole('link', { name: 'Liste d\'attente' })
        .getAttribute('href'), '#/liste-attente');
      assert.equal(await nav.locator('[aria-disabled="true"]')
        .filter({ hasText: 'Liste d\'attente' }).count(), 0);

      await nav.getByRole('link', { name: 'Demandes' }).click();
      const h1 = page.getByRole('heading', { level: 1, name: 'Demandes' });
      await h1.waitFor();
      // The open referrals first (the demo's CROZE); its year of history,
      // BOUDON's admitted referral, behind « Toutes ».
      await page.getByRole('main').getByRole('link', { name: /CROZE/ }).first().waitFor();
      assert.equal(await page.getByRole('main').getByRole('link', { name: /BOUDON/ }).count(), 0);
      assert.equal(await focusedText(page), 'Demandes', 'focus on the page title');
      assert.equal(await nav.getByRole('link', { name: 'Demandes' }).getAttribute('aria-current'),
        'page');

      // The form: every missing field is shown at once, on its field.
      await page.getByRole('link', { name: 'Nouvelle demande' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nouvelle demande' }).waitFor();
      await checkA11y(page);
      assert.deepEqual(await unlabelledFields(page), []);
      const save = page.getByRole('button', { name: 'Enregistrer la demande' });
      await save.click();
      const who = page.getByRole('combobox', { name: /^Personne/ });
      await page.getByText('Indiquez la personne concernée : cherchez-la, ou créez son dossier.')
        .waitFor();
      assert.equal(await page.locator('form.referral-form [aria-invalid="true"]').count(), 5);
      await page.getByText('5 champs sont à compléter').waitFor();
      assert.equal(await who.getAttribute('aria-invalid'), 'true');
      assert.ok(await who.evaluate((el) => el === document.activeElement));

      // Choosing the person through the search, with the keyboard.
      await who.fill('teis');
      await page.getByRole('option', { name: /TEISSIER Paul Émile/ }).waitFor();
      await who.press('ArrowDown');
      await who.press('Enter');
      await page.getByText(/Personne choisie : TEISSIER Paul Émile/).waitFor();
      // The hospital doctor is asked only for a referral from the hospital.
      const doctor = page.getByLabel('Médecin hospitalier');
      assert.equal(await doctor.isVisible(), false);
      await page.getByLabel(/^Origine de la demande/).selectOption('hopital');
      assert.equal(await doctor.isVisible(), true);
      await page.getByLabel(/^Origine de la demande/).selectOption({ label: 'DAC' });
      assert.equal(await doctor.isVisible(), false);
      await page.getByLabel(/^Canal de réception/).selectOption({ label: 'Messagerie sécurisée' });
      assert.ok(await page.getByRole('radio', { name: /^Volet 2/ }).isChecked());
      await page.getByLabel(/^Motif de la demande/).fill('Aidante épuisée, chutes répétées, '
        + 'souhaite rester à domicile');
      await page.getByLabel(/^Demandeur /).fill('Julie Brunel');
      await page.getByLabel('Structure du demandeur').selectOption({ label: 'DAC de la Lozère (DAC 48) — Mende' });
      await page.getByLabel('Coordonnées du demandeur').fill('accueil@dac48.mssante.fr');
      // A date in the future: refused by the server, shown on the field.
      const received = page.getByLabel('Reçue le');
      assert.equal(await received.inputValue(), await page.evaluate(() => {
        const d = new Date();
        const p = (n) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
      }), 'today by default');
      await received.fill('2199-01-01');
      await save.click();
      await page.getByText('La date de réception ne peut pas être dans le futur.').waitFor();
      assert.equal(await received.getAttribute('aria-invalid'), 'true');
      const receivedOn = daysAgo(2);
      await received.fill(receivedOn);
      await save.click();

      // The referral page: its data, status, the feedback owed.
      await page.getByRole('heading', { level: 1, name: 'Demande — TEISSIER Paul Émile' }).waitFor();
      await checkA11y(page);
      assert.match(page.url(), /#\/demandes\/\d+$/);
      const rid = Number(page.url().match(/(\d+)$/)[1]);
      const flash = page.getByRole('status').filter({ hasText: 'Demande enregistrée pour '
        + 'TEISSIER Paul Émile.' });
      await flash.waitFor();
      assert.equal(await focusedText(page), 'Demande enregistrée pour TEISSIER Paul Émile.');
      const main = page.getByRole('main');
      const facts = main.getByRole('region', { name: 'La demande' });
      for (const x of ['Reçue', 'Retour d\'information dû']) {
        await main.locator('.status-line').getByText(x, { exact: true }).waitFor();
      }
      for (const x of [fr(receivedOn), 'DAC', 'Messagerie sécurisée', 'Julie Brunel',
        'DAC de la Lozère (DAC 48) · accueil@dac48.mssante.fr', 'Aidante épuisée, chutes '
        + 'répétées, souhaite rester à domicile', 'par Sophie Boyer']) {
        await facts.getByText(x).first().waitFor();
      }
      assert.equal(await facts.getByRole('link', { name: 'TEISSIER Paul Émile' })
        .getAttribute('href'), `#/personnes/${teissier}`);

      // The list, its filters.
      await nav.getByRole('link', { name: 'Demandes' }).click();
      const table = page.getByRole('table');
      await table.getByRole('link', { name: 'TEISSIER Paul Émile' }).waitFor();
      // Open ones by default: + the demo's 12 (its 2 received or oriented
      // to the DAC, its 10 on the waiting list since issue 11; the decided
      // ones behind « Toutes »).
      await page.getByText('13 demandes', { exact: true }).waitFor();
      await page.getByLabel('Statut').selectOption({ label: 'Classée' });
      await page.getByRole('button', { name: 'Filtrer' }).click();
      await page.getByText('Aucune demande ne correspond à ces critères.').waitFor();
      assert.match(page.url(), /#\/demandes\?statut=classe$/);
      await page.getByLabel('Statut').selectOption({ label: 'Reçue' });
      await page.getByLabel('Retour d\'information dû').check();
      await page.getByRole('button', { name: 'Filtrer' }).click();
      await page.getByText('2 demandes', { exact: true }).waitFor();	// + CROZE's (demo)
      assert.match(page.url(), /statut=recu&retour=1$/);
      // A click anywhere on the row opens the referral.
      await table.locator('tbody tr').filter({ hasText: 'TEISSIER' }).locator('td').nth(1).click();
      await page.getByRole('heading', { level: 1, name: 'Demande — TEISSIER Paul Émile' }).waitFor();
      await checkA11y(page);

      // Eligibility with its reasons: no AGGIR yet, so not known.
      const elig = main.getByRole('region', { name: 'Éligibilité au volet 2' });
      await elig.getByText('Éligibilité à établir', { exact: true }).waitFor();
      assert.equal(await elig.getByText('Non éligible', { exact: true }).count(), 0);
      const gir = elig.locator('[data-reason="gir"]');
      assert.match(await gir.textContent(), /^✗Non remplie : Aucune évaluation AGGIR/);
      assert.match(await elig.locator('[data-reason="age"]').textContent(),
        /Remplie : Âge : 9\d ans/);
      assert.match(await elig.locator('[data-reason="territory"]').textContent(),
        /Le Malzieu-Ville, dans le territoire du volet 2/);
      assert.equal(await elig.getByRole('link', { name: 'Faire l\'évaluation AGGIR' })
        .getAttribute('href'), `#/personnes/${teissier}/aggir?demande=${rid}`);
      // An exclusion criterion noted for the person, then lifted.
      const tele = elig.getByRole('group', { name: 'Refus de la téléassistance' });
      await tele.getByLabel('S\'applique à la personne').check();
      await tele.getByLabel('Commentaire').fill('Refuse le médaillon');
      await elig.getByRole('button', { name: 'Enregistrer les critères d\'exclusion' }).click();
      await elig.getByRole('status').filter({ hasText: 'Critères d\'exclusion enregistrés.' })
        .waitFor();
      assert.match(await elig.locator('[data-reason="exclusion.refus_teleassistance"]')
        .textContent(),
      /Non remplie : Critère d'exclusion « Refus de la téléassistance » : s'applique à la personne/);
      await elig.getByText('Non éligible', { exact: true }).waitFor();
      await elig.getByText('Noté le').first().waitFor();
      assert.equal(await elig.getByRole('group', { name: 'Refus de la téléassistance' })
        .getByLabel('Commentaire').inputValue(), 'Refuse le médaillon');
      await elig.getByRole('group', { name: 'Refus de la téléassistance' })
        .getByLabel('S\'applique à la personne').uncheck();
      await elig.getByRole('button', { name: 'Enregistrer les critères d\'exclusion' }).click();
      await elig.locator('[data-reason="exclusion.refus_teleassistance"].is-ok').waitFor();

      // Triage: signalled complex, then accepted onto the waiting list.
      const triage = main.getByRole('region', { name: 'Orientation et tri' });
      await triage.getByRole('button', { name: 'Signaler comme situation complexe' }).click();
      await triage.getByRole('status').filter({ hasText: 'Situation signalée comme complexe.' })
        .waitFor();
      await main.locator('.status-line').getByText('Situation complexe').waitFor();
      assert.equal(await triage.getByRole('button', { name: 'Signaler comme situation complexe' })
        .count(), 0, 'done once');
      await triage.getByRole('button', { name: 'Inscrire sur la liste d\'attente' }).click();
      await triage.getByRole('status').filter({ hasText: 'Demande inscrite sur la liste '
        + 'd\'attente.' }).waitFor();
      await main.locator('.status-line').getByText('Sur liste d\'attente').waitFor();
      assert.equal(await triage.getByRole('button', { name: 'Orienter vers le DAC…' }).count(), 0);

      // On the list: rank, priority criteria; isolation noted by the team.
      const wl = main.getByRole('region', { name: 'Liste d\'attente' });
      // Its rank among the demo's ten waiting people (issue 11): the server's.
      const rank = (await api.get('/api/v1/waitlist')).json.items.find((x) => x.referral_id === rid).rank;
      assert.ok(rank > 1 && rank <= 11, String(rank));
      await wl.getByText(`Rang ${rank}`, { exact: true }).waitFor();
      const prios = wl.getByRole('list', { name: 'Critères de priorité' });
      await prios.getByText('Aidant épuisé ou absent').waitFor();
      await prios.getByText('Orienté par le DAC').waitFor();
      assert.equal(await prios.getByText('Isolement').count(), 0);
      await wl.getByLabel('Isolement').check();
      await wl.getByRole('button', { name: 'Enregistrer les critères de priorité' }).click();
      await wl.getByRole('status').filter({ hasText: 'Critères de priorité enregistrés.' }).waitFor();
      await wl.getByRole('list', { name: 'Critères de priorité' }).getByText('Isolement').waitFor();
      assert.ok(await wl.getByLabel('Isolement').isChecked());

      // Admission evaluations: the medical one is the doctor's, said
      // before anything is typed; a joint home visit is recorded.
      const ev = main.getByRole('region', { name: 'Évaluations d\'admission' });
      await ev.getByText('Aucune évaluation enregistrée.').waitFor();
      await ev.getByRole('button', { name: 'Ajouter une évaluation' }).click();
      assert.deepEqual(await unlabelledFields(page), []);
      await ev.getByText('elle s\'enregistre depuis son compte').waitFor();
      assert.equal(await ev.getByRole('radio').count(), 0, 'no medical evaluation offered');
      await ev.getByText('Type d\'évaluation : Visite à domicile').waitFor();
      await ev.getByLabel('Conjointe avec').fill('SSIAD du Malzieu');
      await ev.getByLabel(/^Constats/).fill('Logement isolé, escalier raide, aidante épuisée');
      await ev.getByRole('button', { name: 'Enregistrer l\'évaluation' }).click();
      await ev.getByRole('status').filter({ hasText: 'Visite à domicile enregistrée.' }).waitFor();
      const item = ev.locator('li.evaluation');
      assert.equal(await item.count(), 1);
      assert.match(await item.textContent(), /Visite à domicile — \d\d\/\d\d\/\d{4}/);
      assert.match(await item.textContent(), /par Sophie Boyer \(Infirmier\(ère\) coordinateur/);
      assert.match(await item.textContent(), /conjointe avec SSIAD du Malzieu/);
      assert.match(await item.textContent(), /Logement isolé, escalier raide/);
      await main.locator('.status-line').getByText('En évaluation').waitFor();

      // The waiting list page: the referral, ranked, in evaluation.
      await nav.getByRole('link', { name: 'Liste d\'attente' }).click();
      await page.getByRole('heading', { level: 1, name: 'Liste d\'attente' }).waitFor();
      await checkA11y(page);
      const row = page.getByRole('table').locator(`tr[data-referral-id="${rid}"]`);
      await row.waitFor();
      // Ranked now with its isolation noted, as the server says.
      const now = (await api.get('/api/v1/waitlist')).json.items.find((x) => x.referral_id === rid).rank;
      assert.ok(now <= rank, `${now} after ${rank}: isolation moves it up`);
      assert.match(await row.textContent(), new RegExp(`^${now}TEISSIER Paul Émile`));
      await row.getByText('Isolement').waitFor();
      await row.getByText('En évaluation').waitFor();
      await page.getByText('34 personnes accompagnées').waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });

test('triage with the DAC: orientation, answer, feedback; an out-of-date step is refused',
  TEST, async () => {
    const t = await open();
    const { page, problems } = t;
    try {
      const api = await apiLogin(t.srv.base, 'coordination');
      const rid = await referral(api, await personId(api, 'VALENTIN'),
        { source: 'aidant', referrer_name: 'M. Valentin (fils)' });
      await loggedIn(t, 'coordination');
      await go(page, `#/demandes/${rid}`);
      const main = page.getByRole('main');
      await page.getByRole('heading', { level: 1, name: /^Demande — VALENTIN/ }).waitFor();
      await checkA11y(page);
      const triage = main.getByRole('region', { name: 'Orientation et tri' });

      // The reason is required (server message on the field).
      await triage.getByRole('button', { name: 'Orienter vers le DAC…' }).click();
      const orient = triage.getByRole('form', { name: 'Orienter vers le DAC' });
      await orient.getByRole('button', { name: 'Orienter vers le DAC' }).click();
      await orient.getByText('Précisez le motif de l\'orientation ou la réponse du DAC.').waitFor();
      await orient.getByLabel(/^Motif de l'orientation/).fill('Situation complexe '
        + 'multidimensionnelle : isolement et refus de soins');
      await orient.getByRole('button', { name: 'Orienter vers le DAC' }).click();
      await triage.getByRole('status').filter({ hasText: 'Demande orientée vers le DAC.' }).waitFor();
      await main.locator('.status-line').getByText('Orientée vers le DAC').waitFor();
      await triage.getByText(/par Sophie Boyer/).first().waitFor();
      await triage.getByText('isolement et refus de soins', { exact: false }).waitFor();
      assert.equal(await triage.getByRole('button', { name: 'Inscrire sur la liste d\'attente' })
        .count(), 0, 'not offered once oriented');

      await triage.getByRole('button', { name: 'Saisir la réponse du DAC…' }).click();
      await triage.getByLabel(/^Réponse du DAC/).fill('Le DAC prend la coordination, '
        + 'réévaluation à 3 mois');
      await triage.getByRole('button', { name: 'Enregistrer la réponse du DAC' }).click();
      await triage.getByRole('status').filter({ hasText: 'Réponse du DAC enregistrée.' }).waitFor();
      await triage.getByText('réévaluation à 3 mois', { exact: false }).waitFor();

      await triage.getByRole('button', { name: 'Noter le retour d\'information…' }).click();
      await triage.getByLabel('Note sur le retour donné').fill('Retour fait au fils par téléphone');
      await triage.getByRole('button', { name: 'Retour d\'information donné' }).click();
      await triage.getByRole('status').filter({ hasText: 'Retour d\'information noté comme '
        + 'donné.' }).waitFor();
      await triage.getByText(/Donné le .* par Sophie Boyer/).waitFor();
      assert.equal(await main.locator('.status-line').getByText('Retour d\'information dû')
        .count(), 0);

      // Someone else accepted this one meanwhile: the step offered on the
      // stale page is refused with the server's French message.
      const other = await referral(api, await personId(api, 'CROZE'));
      await go(page, `#/demandes/${other}`);
      await page.getByRole('heading', { level: 1, name: /^Demande — CROZE/ }).waitFor();
      await checkA11y(page);
      const accept = triage.getByRole('button', { name: 'Inscrire sur la liste d\'attente' });
      await accept.waitFor();
      const acc = await api.post(`/api/v1/referrals/${other}/triage`, { action: 'accepter' });
      assert.equal(acc.status, 200, acc.text);
      await accept.click();
      const alert = triage.getByRole('alert').filter({ hasText: /\S/ });
      await alert.getByText('Seule une demande reçue (ou renvoyée par le DAC après sa '
        + 'réponse) peut être inscrite sur la liste d\'attente.').waitFor();
      await alert.getByRole('button', { name: 'Recharger la demande' }).click();
      await main.locator('.status-line').getByText('Sur liste d\'attente').waitFor();
      assert.equal(await triage.getByRole('button', { name: 'Inscrire sur la liste d\'attente' })
        .count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });

test('the CRT doctor records the medical evaluation, with the GP', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rid = await waitlisted(api, await personId(api, 'PRADAL'), { received_on: daysAgo(10) });
    await loggedIn(t, 'medecin');
    await go(page, `#/demandes/${rid}`);
    await page.getByRole('heading', { level: 1, name: /^Demande — PRADAL/ }).waitFor();
    await checkA11y(page);
    const ev = page.getByRole('region', { name: 'Évaluations d\'admission' });
    await ev.getByRole('button', { name: 'Ajouter une évaluation' }).click();
    await ev.getByRole('radio', { name: 'Évaluation médicale' }).check();
    assert.equal(await ev.getByText('elle s\'enregistre depuis son compte').isVisible(), false,
      'no warning for the doctor');
    await ev.getByLabel('Avec le médecin traitant').check();
    await ev.getByLabel(/^Date de l'évaluation/).fill(daysAgo(1));
    await ev.getByLabel(/^Constats/).fill('BPCO stade 2, pas de contre-indication au maintien '
      + 'à domicile');
    await ev.getByRole('button', { name: 'Enregistrer l\'évaluation' }).click();
    await ev.getByRole('status').filter({ hasText: 'Évaluation médicale enregistrée.' }).waitFor();
    const text = await ev.locator('li.evaluation').textContent();
    assert.match(text, new RegExp(`Évaluation médicale — ${fr(daysAgo(1))}`));
    assert.match(text, /par .* \(Médecin\)/);
    assert.match(text, /avec le médecin traitant/);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('an AGGIR older than the CRT\'s limit is flagged to redo on the referral', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const pid = await personId(api, 'MALAVAL');
    const a = await api.post(`/api/v1/persons/${pid}/aggir`, { letters: 'AACCBBBBAA',
      evaluated_on: daysAgo(400) });
    assert.equal(a.status, 201, a.text);
    const rid = await waitlisted(api, pid, { received_on: daysAgo(5) });
    await loggedIn(t, 'coordination');
    await go(page, `#/demandes/${rid}`);
    const warn = page.locator('[data-aggir="to-redo"]');
    await warn.waitFor();
    assert.match(await warn.textContent(), /plus de 12 mois : à refaire/);
    assert.equal(await page.getByRole('link', { name: 'Refaire l\'évaluation AGGIR' })
      .getAttribute('href'), `#/personnes/${pid}/aggir?demande=${rid}`);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('the waiting list: ranking, shared by the direction, read-only for the DAC', TEST,
  async () => {
    const t = await open();
    const { page, problems } = t;
    try {
      const api = await apiLogin(t.srv.base, 'coordination');
      const dac = (await api.get('/api/v1/orgs?type=dac')).json.items[0];
      const id = async (n) => personId(api, n);
      // ROUSSET: no criterion, oldest; TEISSIER: exhausted caregiver and
      // referred by the DAC; MALAVAL: hospital discharge, no caregiver;
      // CHAZAL: none; BOUDON objected to sharing with the DAC.
      await waitlisted(api, await id('ROUSSET'), { received_on: daysAgo(60) });
      await waitlisted(api, await id('TEISSIER'), { source: 'dac', referrer_org_id: dac.id,
        received_on: daysAgo(30) });
      await waitlisted(api, await id('MALAVAL'), { source: 'hopital', urgent: true,
        hospital_doctor: 'Dr Martin', received_on: daysAgo(20) });
      await waitlisted(api, await id('CHAZAL'), { received_on: daysAgo(40) });
      await waitlisted(api, await id('BOUDON'), { received_on: daysAgo(90) });

      await loggedIn(t, 'direction');
      await mainNav(page).getByRole('link', { name: 'Liste d\'attente' }).click();
      await page.getByRole('heading', { level: 1, name: 'Liste d\'attente' }).waitFor();
      await checkA11y(page);
      const table = page.getByRole('table');
      await table.locator('tbody tr').first().waitFor();
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) =>
        [tr.cells[0].textContent, tr.cells[1].querySelector('a').textContent]));
      // Places left against the file-active target (the demo has two active).
      const places = (await api.get('/api/v1/waitlist')).json.places;
      const facts = page.getByRole('region', { name: 'Places' });
      await facts.getByText('Places restantes').waitFor();
      assert.match(await facts.textContent(), new RegExp(`Places restantes\\s*${places.left}`));
      // The server's order, shown as it is: rank 1 to 15 (the demo's ten
      // waiting people since issue 11, and these five).
      const ranked = (await api.get('/api/v1/waitlist')).json.items;
      assert.deepEqual(rows, ranked.map((x) => [String(x.rank),
        `${x.person.birth_name_display || x.person.birth_name} ${x.person.first_names_display || x.person.first_names}`]));
      const names = rows.map((r) => r[1].split(' ')[0]);
      const mine = names.filter((n) => ['ROUSSET', 'TEISSIER', 'MALAVAL', 'CHAZAL', 'BOUDON'].includes(n));
      assert.deepEqual(mine.slice(0, 2), ['MALAVAL', 'TEISSIER'],
        'two criteria each, the hospital discharge first');
      // Without criteria: by date received, oldest first.
      assert.ok(names.indexOf('ROUSSET') < names.indexOf('CHAZAL'));
      assert.deepEqual(rows.map((r) => r[0]), names.map((_, i) => String(i + 1)));
      assert.equal(rows.length, 15);
      const first = table.locator('tbody tr').filter({ hasText: 'MALAVAL' });
      await first.getByText('Sortie d\'hospitalisation').waitFor();
      await first.getByText('Aidant épuisé ou absent').waitFor();
      assert.match(await first.textContent(), new RegExp(fr(daysAgo(20))));
      await page.getByText('15 demandes sur la liste').waitFor();
      await page.getByText('34 personnes accompagnées').waitFor();
      // Team rows lead to the referral.
      assert.match(await first.getByRole('link').getAttribute('href'), /^#\/demandes\/\d+$/);

      // The direction shares the list with the DAC and the SSIAD, then
      // stops sharing with the SSIAD.
      const shares = page.getByRole('region', { name: 'Partage avec les partenaires' });
      // The demo shares it with the DAC already (seed 002's convention).
      await shares.locator('ul.shares').getByText('Rôle : Orientations croisées et évaluations '
        + 'conjointes', { exact: false }).waitFor();
      const share = async (org, role) => {
        const open = shares.getByRole('button', { name: 'Partager avec une structure' });
        if (await open.getAttribute('aria-expanded') !== 'true') await open.click();
        await shares.getByLabel(/^Structure/).selectOption({ label: org });
        await shares.getByLabel(/^Rôle dans les évaluations/).fill(role);
        await shares.getByRole('button', { name: 'Partager la liste' }).click();
        await shares.getByRole('status').filter({ hasText: `Liste partagée avec ${org}.` })
          .waitFor();
      };
      // The role is required: the server's message on the field.
      await shares.getByRole('button', { name: 'Partager avec une structure' }).click();
      await shares.getByLabel(/^Structure/).selectOption({ label: 'SSIAD du Malzieu' });
      await shares.getByRole('button', { name: 'Partager la liste' }).click();
      await shares.getByText('Indiquez le rôle de la structure dans les évaluations.').waitFor();
      assert.equal(await shares.getByLabel(/^Rôle dans les évaluations/)
        .getAttribute('aria-invalid'), 'true');
      await share(dac.name, 'Évaluation conjointe des situations complexes');
      await share('SSIAD du Malzieu', 'Visite conjointe');
      const list = shares.locator('ul.shares');
      await list.getByText('Rôle : Évaluation conjointe des situations complexes').waitFor();
      await list.getByRole('button', { name: 'Cesser le partage avec SSIAD du Malzieu' }).click();
      await shares.getByRole('status').filter({ hasText: 'La liste n\'est plus partagée avec '
        + 'SSIAD du Malzieu.' }).waitFor();
      assert.equal(await list.locator('li').count(), 1);
      assert.deepEqual(problems, []);
      await logoutToLogin(page);

      // The DAC partner: read-only, without BOUDON (objection).
      await loggedIn(t, 'dac48');
      const nav = mainNav(page);
      assert.equal(await nav.getByRole('link', { name: 'Demandes' }).count(), 0);
      await nav.getByRole('link', { name: 'Liste d\'attente' }).click();
      await page.getByRole('heading', { level: 1, name: 'Liste d\'attente' }).waitFor();
      await checkA11y(page);
      await page.getByText('consultation seule', { exact: false }).waitFor();
      await table.locator('tbody tr').first().waitFor();
      const seen = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) =>
        tr.cells[1].textContent));
      assert.equal(seen.length, 4 + 10, 'these four and the demo\'s ten');
      assert.ok(!seen.some((x) => /BOUDON/.test(x)), 'BOUDON objected to the DAC');
      assert.match(seen.filter((x) => /^(MALAVAL|TEISSIER|ROUSSET|CHAZAL) /.test(x))[0], /^MALAVAL/);
      // Issue 8 point 19: the CRT's rank (BOUDON keeps his place), and
      // where criteria are not shared with the DAC, words, not a score.
      const crtRank = new Map(ranked.map((x) => [x.referral_id, String(x.rank)]));
      const dacApi = await apiLogin(t.srv.base, 'dac48');
      const dacItems = (await dacApi.get('/api/v1/waitlist')).json.items;
      const shownRanks = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) =>
        [Number(tr.dataset.referralId), tr.cells[0].textContent]));
      assert.deepEqual(shownRanks, dacItems.map((x) => [x.referral_id, crtRank.get(x.referral_id)]));
      assert.ok(shownRanks.some(([, r]) => Number(r) > ranked.find((x) =>
        x.person.birth_name === 'BOUDON').rank), 'a rank after the hidden person');
      await page.getByText('Certains critères de priorité ne sont pas partagés avec vous. Le rang '
        + 'est celui du CRT', { exact: false }).waitFor();
      const hiddenRows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) =>
        tr.cells[2].querySelector('[data-criteria-hidden]') !== null));
      assert.deepEqual(hiddenRows, dacItems.map((x) => x.criteria_hidden));
      assert.ok(hiddenRows.includes(true));
      const hiddenRow = table.locator('tbody tr').nth(hiddenRows.indexOf(true));
      assert.match(await hiddenRow.textContent(), /Certains critères de priorité ne sont pas partagés/);
      assert.doesNotMatch(await hiddenRow.textContent(), /Aucun critère/);
      const main = page.getByRole('main');
      assert.equal(await table.getByRole('link').count(), 0, 'no link to the referrals');
      assert.equal(await main.getByRole('button').count(), 0, 'nothing to change');
      assert.equal(await main.locator('input, select, textarea').count(), 0);
      assert.equal(await main.getByRole('region', { name: 'Partage avec les partenaires' })
        .count(), 0);
      // Issue 10 point 7: the motive only where the DAC reads social data.
      assert.equal(await main.getByText('Perte d\'autonomie').count(),
        dacItems.filter((x) => !x.criteria_hidden && /perte d'autonomie/i.test(x.reason)).length,
        'motives within consent');
      assert.ok(dacItems.some((x) => !x.criteria_hidden));
      // The referral pages are not theirs.
      await go(page, '#/demandes');
      await page.getByText('Votre rôle ne donne pas accès à cette page.').waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });

test('360 px: new person for a referral, then referral, list and waiting list fit', TEST,
  async () => {
    const t = await open({ width: 360, height: 740 });
    const { page, problems } = t;
    try {
      await loggedIn(t, 'coordination');
      await go(page, '#/demandes/nouvelle');
      await page.getByRole('heading', { level: 1, name: 'Nouvelle demande' }).waitFor();
      await checkA11y(page);
      assert.ok(await scrollWidth(page) <= 360, 'form fits 360 px');
      // The person has no record yet: create it, come back with it chosen.
      await page.getByRole('link', { name: 'Créer son dossier' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nouvelle personne' }).waitFor();
      await checkA11y(page);
      await page.getByRole('link', { name: '← Retour à la nouvelle demande' }).waitFor();
      await page.getByLabel(/^Nom de naissance/).fill('FAGES');
      await page.getByLabel(/^Prénom\(s\)/).fill('Louise');
      await page.getByLabel(/^Date de naissance/).fill('1937-02-11');
      await page.getByLabel(/^Sexe/).selectOption('F');
      await page.getByRole('button', { name: 'Créer le dossier' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nouvelle demande' }).waitFor();
      await checkA11y(page);
      assert.match(page.url(), /#\/demandes\/nouvelle\?personne=\d+$/);
      await page.getByText('Dossier de FAGES Louise créé.').waitFor();
      await page.getByText(/Personne choisie : FAGES Louise/).waitFor();
      await page.getByLabel(/^Origine de la demande/).selectOption({ label: 'Aidant' });
      await page.getByLabel(/^Canal de réception/).selectOption({ label: 'Téléphone' });
      await page.getByLabel(/^Motif de la demande/).fill('Sa fille ne peut plus venir chaque jour');
      await page.getByLabel(/^Demandeur /).fill('Mme Fages (fille)');
      await page.getByLabel('Coordonnées du demandeur').fill('06 11 22 33 44');
      assert.ok(await scrollWidth(page) <= 360, 'filled form fits 360 px');
      await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
      await page.getByRole('heading', { level: 1, name: 'Demande — FAGES Louise' }).waitFor();
      await checkA11y(page);
      const main = page.getByRole('main');
      // No commune yet: not in the volet-2 territory, reason shown.
      const elig = main.getByRole('region', { name: 'Éligibilité au volet 2' });
      await elig.locator('[data-reason="territory"].is-ko').waitFor();
      const triage = main.getByRole('region', { name: 'Orientation et tri' });
      await triage.getByRole('button', { name: 'Inscrire sur la liste d\'attente' }).click();
      await main.locator('.status-line').getByText('Sur liste d\'attente').waitFor();
      await main.getByRole('region', { name: 'Liste d\'attente' }).getByText(/Rang \d/).waitFor();
      assert.ok(await scrollWidth(page) <= 360, 'referral fits 360 px');
      assert.deepEqual(await unlabelledFields(page), []);

      const nav = mainNav(page);
      await nav.getByRole('button', { name: 'Menu' }).click();
      await nav.getByRole('link', { name: 'Demandes' }).click();
      await page.getByRole('link', { name: 'FAGES Louise' }).waitFor();
      assert.ok(await scrollWidth(page) <= 360, 'list fits 360 px');
      await nav.getByRole('button', { name: 'Menu' }).click();
      await nav.getByRole('link', { name: 'Liste d\'attente' }).click();
      await page.getByRole('heading', { level: 1, name: 'Liste d\'attente' }).waitFor();
      await checkA11y(page);
      await page.getByRole('table').getByRole('link', { name: 'FAGES Louise' }).waitFor();
      await page.getByRole('button', { name: 'Partager avec une structure' }).click();
      assert.ok(await scrollWidth(page) <= 360, 'waiting list fits 360 px');
      assert.deepEqual(await unlabelledFields(page), []);
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });
