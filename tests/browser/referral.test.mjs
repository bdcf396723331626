// Browser journeys of the referral path (issue 10 point 8), on a desktop
// and at 360 px: what is typed survives « Créer son dossier », every
// missing field is shown at once, the eligibility is said only when known
// (with the matching primary step), an AGGIR started from a referral
// returns to it, computes no GIR for an incomplete grid, and the
// coordinator is offered only the evaluation she may record.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
// SPEC: PRODUCT §3 steps 1-5, DOMAIN §3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, scrollWidth, go, loggedIn } from './lib/browser.mjs';

useBrowser();

const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: '360 px', viewport: { width: 360, height: 740 } },
];

const fits = async (page, size, what) => {
  if (size.viewport.width === 360) assert.ok(await scrollWidth(page) <= 360, `${what} fits 360 px`);
};

// A referral (volet 2) for the demo person of that birth name.
async function referralFor(api, birthName) {
  const found = (await api.get(`/api/v1/persons?q=${birthName}`)).json.items
    .find((x) => x.birth_name === birthName);
  const r = await api.post('/api/v1/referrals', { person_id: found.id, source: 'medecin_traitant',
    channel: 'telephone', reason: 'Perte d\'autonomie', requested_volet: 2,
    referrer_name: 'Dr Valette' });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

for (const size of SIZES) {
  test(`${size.name}: a new referral keeps what is typed across « Créer son dossier », `
    + 'and shows every missing field at once', TEST, async () => {
    const t = await open(size.viewport);
    const { page, problems } = t;
    try {
      await loggedIn(t, 'coordination');
      await go(page, '#/demandes/nouvelle');
      await page.getByRole('heading', { level: 1, name: 'Nouvelle demande' }).waitFor();
      const form = page.locator('form.referral-form');
      // Nothing typed: the five required fields are flagged together.
      await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
      await page.getByText('5 champs sont à compléter').waitFor();
      for (const x of ['Indiquez la personne concernée', 'Choisissez l\'origine de la demande.',
        'Choisissez le canal de réception.', 'Décrivez le motif de la demande.',
        'Indiquez le nom du demandeur.']) {
        await form.getByText(x).waitFor();
      }
      assert.equal(await form.locator('[aria-invalid="true"]').count(), 5);
      const who = page.getByRole('combobox', { name: /^Personne/ });
      assert.ok(await who.evaluate((el) => el === document.activeElement), 'focus on the first');
      await fits(page, size, 'errors');

      // Typed before the person's record exists.
      await page.getByLabel(/^Origine de la demande/).selectOption('hopital');
      await page.getByLabel(/^Canal de réception/).selectOption({ label: 'Téléphone' });
      await page.getByRole('radio', { name: /^Volet 1/ }).check();
      const motive = 'Sortie d\'hôpital prévue vendredi, vit seule, chutes';
      await page.getByLabel(/^Motif de la demande/).fill(motive);
      await page.getByLabel('Urgence : sortie d\'hospitalisation').check();
      await page.getByLabel('Médecin hospitalier').fill('Dr Combes, gériatrie');
      await page.getByLabel(/^Demandeur /).fill('Mme Rieu, assistante sociale');
      await page.getByLabel('Coordonnées du demandeur').fill('04 66 00 00 00');
      // Only the person is still missing.
      await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
      await page.getByText('Un champ est à compléter').waitFor();
      assert.equal(await form.locator('[aria-invalid="true"]').count(), 1);

      await page.getByRole('link', { name: 'Créer son dossier' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nouvelle personne' }).waitFor();
      const birthName = size.viewport.width === 360 ? 'BRAGER' : 'ROUVIERE';
      await page.getByLabel(/^Nom de naissance/).fill(birthName);
      await page.getByLabel(/^Prénom\(s\)/).fill('Adèle');
      await page.getByLabel(/^Date de naissance/).fill('1936-05-02');
      await page.getByLabel(/^Sexe/).selectOption('F');
      await page.getByRole('button', { name: 'Créer le dossier' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nouvelle demande' }).waitFor();
      await page.getByText(new RegExp(`Personne choisie : ${birthName} Adèle`)).waitFor();
      // Everything typed is back.
      assert.equal(await page.getByLabel(/^Motif de la demande/).inputValue(), motive);
      assert.equal(await page.getByLabel(/^Origine de la demande/).inputValue(), 'hopital');
      assert.equal(await page.getByLabel(/^Canal de réception/).inputValue(), 'telephone');
      assert.ok(await page.getByRole('radio', { name: /^Volet 1/ }).isChecked());
      assert.ok(await page.getByLabel('Urgence : sortie d\'hospitalisation').isChecked());
      assert.equal(await page.getByLabel('Médecin hospitalier').inputValue(),
        'Dr Combes, gériatrie');
      assert.ok(await page.getByLabel('Médecin hospitalier').isVisible());
      assert.equal(await page.getByLabel(/^Demandeur /).inputValue(),
        'Mme Rieu, assistante sociale');
      assert.equal(await page.getByLabel('Coordonnées du demandeur').inputValue(),
        '04 66 00 00 00');
      await fits(page, size, 'restored form');
      await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
      await page.getByRole('heading', { level: 1, name: `Demande — ${birthName} Adèle` }).waitFor();
      await page.getByRole('region', { name: 'La demande' }).getByText(motive).waitFor();

      // Kept once only: a new form after saving starts empty.
      await go(page, '#/demandes/nouvelle');
      await page.getByRole('heading', { level: 1, name: 'Nouvelle demande' }).waitFor();
      await page.getByLabel('Structure du demandeur').locator('option').nth(1).waitFor({
        state: 'attached' });
      assert.equal(await page.getByLabel(/^Motif de la demande/).inputValue(), '');
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });

  test(`${size.name}: eligibility said only when known, AGGIR from the referral and back, `
    + 'evaluations offered by role', TEST, async () => {
    const t = await open(size.viewport);
    const { page, problems } = t;
    try {
      const api = await apiLogin(t.srv.base, 'coordination');
      const rid = await referralFor(api, 'TEISSIER');
      const gir1 = (await api.post('/api/v1/aggir', { letters: 'CCCCCCCCCC' })).json.gir;

      await loggedIn(t, 'coordination');
      await go(page, `#/demandes/${rid}`);
      await page.getByRole('heading', { level: 1, name: /^Demande — TEISSIER/ }).waitFor();
      const main = page.getByRole('main');
      const elig = main.getByRole('region', { name: 'Éligibilité au volet 2' });
      const triage = main.getByRole('region', { name: 'Orientation et tri' });
      // No AGGIR yet: not « Non éligible », and waitlisting is not the
      // primary step; the AGGIR is.
      await elig.getByText('Éligibilité à établir', { exact: true }).waitFor();
      assert.equal(await main.getByText('Non éligible', { exact: true }).count(), 0);
      const accept = triage.getByRole('button', { name: 'Inscrire sur la liste d\'attente' });
      assert.equal(await accept.evaluate((b) => b.classList.contains('btn-primary')), false);
      await triage.getByText(/faire d'abord l'évaluation AGGIR/).waitFor();
      const start = elig.getByRole('link', { name: 'Faire l\'évaluation AGGIR' });
      assert.ok(await start.evaluate((b) => b.classList.contains('btn-primary')));
      await fits(page, size, 'referral');

      // The AGGIR page, opened from the referral.
      await start.click();
      await page.getByRole('heading', { level: 1, name: 'Évaluation AGGIR' }).waitFor();
      const aggir = page.getByRole('form', { name: 'Évaluation AGGIR' });
      const live = aggir.getByRole('status');
      await live.filter({ hasText: 'GIR non calculé : 0 sous-variable renseignée sur 17' }).waitFor();
      assert.equal(await page.getByText(/^GIR \d$/).count(), 0, 'no GIR for an empty grid');
      assert.equal(await page.getByRole('link', { name: '← Retour à la demande' })
        .getAttribute('href'), `#/demandes/${rid}`);
      assert.equal(await aggir.getByRole('link', { name: 'Annuler' }).getAttribute('href'),
        `#/demandes/${rid}`);
      const groups = aggir.locator('fieldset.subvar');
      assert.equal(await groups.count(), 17);
      await groups.nth(0).getByLabel('Aucun : ne le fait pas seule').check();
      await live.filter({ hasText: 'GIR non calculé : 1 sous-variable renseignée sur 17' })
        .waitFor();
      // An adverb and « Aucun » exclude each other.
      await groups.nth(0).getByLabel('Spontanément', { exact: true }).check();
      assert.equal(await groups.nth(0).getByLabel('Aucun : ne le fait pas seule').isChecked(),
        false);
      // Saving an incomplete grid is refused before it is sent.
      await aggir.getByRole('button', { name: 'Enregistrer l\'évaluation' }).click();
      await aggir.getByText(/Grille incomplète : 16 sous-variables sans réponse/).waitFor();
      assert.equal(await aggir.locator('fieldset.subvar.has-error').count(), 16);
      await groups.nth(0).getByLabel('Spontanément', { exact: true }).uncheck();
      for (let i = 0; i < 17; i++) {
        await groups.nth(i).getByLabel('Aucun : ne le fait pas seule').check();
      }
      await live.filter({ hasText: `GIR ${gir1}` }).waitFor();
      await fits(page, size, 'AGGIR grid');
      await aggir.getByRole('button', { name: 'Enregistrer l\'évaluation' }).click();

      // Back on the referral, not the record.
      await page.getByRole('heading', { level: 1, name: /^Demande — TEISSIER/ }).waitFor();
      assert.match(page.url(), new RegExp(`#/demandes/${rid}$`));
      await main.getByRole('status').filter({ hasText: `enregistrée : GIR ${gir1}.` }).waitFor();
      await elig.getByText('Éligible', { exact: true }).waitFor();
      assert.ok(await accept.evaluate((b) => b.classList.contains('btn-primary')));
      await accept.click();
      await main.locator('.status-line').getByText('Sur liste d\'attente').waitFor();

      // The coordinator is offered the home visit only, told first who
      // does the medical evaluation.
      const ev = main.getByRole('region', { name: 'Évaluations d\'admission' });
      await ev.getByRole('button', { name: 'Ajouter une évaluation' }).click();
      await ev.getByText('L\'évaluation médicale est faite par le médecin du CRT').waitFor();
      assert.equal(await ev.getByRole('radio', { name: 'Évaluation médicale' }).count(), 0);
      await ev.getByText('Type d\'évaluation : Visite à domicile').waitFor();
      // Both required fields empty: both said at once.
      await ev.getByLabel(/^Date de l'évaluation/).fill('');
      await ev.getByRole('button', { name: 'Enregistrer l\'évaluation' }).click();
      await ev.getByText('Indiquez la date de l\'évaluation.').waitFor();
      await ev.getByText('Décrivez les constats de l\'évaluation.').waitFor();
      assert.equal(await ev.locator('[aria-invalid="true"]').count(), 2);
      await ev.getByLabel(/^Date de l'évaluation/).fill(await page.evaluate(() => {
        const d = new Date();
        const p = (n) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
      }));
      await ev.getByLabel(/^Constats/).fill('Logement de plain-pied');
      await ev.getByRole('button', { name: 'Enregistrer l\'évaluation' }).click();
      await ev.getByRole('status').filter({ hasText: 'Visite à domicile enregistrée.' }).waitFor();
      await fits(page, size, 'evaluations');
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });
}

test('the doctor is offered both evaluations, with no warning', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rid = await referralFor(api, 'PRADAL');
    const a = await api.post(`/api/v1/referrals/${rid}/triage`, { action: 'accepter' });
    assert.equal(a.status, 200, a.text);
    await loggedIn(t, 'medecin');
    await go(page, `#/demandes/${rid}`);
    const ev = page.getByRole('region', { name: 'Évaluations d\'admission' });
    await ev.getByRole('button', { name: 'Ajouter une évaluation' }).click();
    await ev.getByRole('radio', { name: 'Visite à domicile' }).waitFor();
    await ev.getByRole('radio', { name: 'Évaluation médicale' }).check();
    assert.equal(await ev.locator('[data-evaluation-note]').count(), 0);
    await fits(page, { viewport: { width: 360 } }, 'doctor\'s form');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});
