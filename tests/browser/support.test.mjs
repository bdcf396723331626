// Browser journeys of volet 2 from the committee to the exit (STYLE §7
// "Browser"): the coordinator takes an evaluated referral through the
// admission committee to an active support (PPCS plan, printable plan,
// signed contract), records a hospitalisation and the return, then the
// exit with its relay; the board, the file active and the person's
// timeline follow. Then: the eligibility override asked by the server, a
// refusal, the secretary's read-only committee, and the board at 360 px.
// The referral itself is prepared through the API (its pages are built
// in web/sections/volet2/intake.js). Real binary + Debian chromium, headless.
// SPEC: PRODUCT §3 steps 6-10, DOMAIN §3 (exit reasons), DOMAIN §4 (PPCS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, loginAs, mainNav, unlabelledFields,
  scrollWidth, go, loggedIn, person, logout } from './lib/browser.mjs';

useBrowser();

const fr = (iso) => iso.slice(0, 10).split('-').reverse().join('/');
const day = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('contrat signé '.repeat(20)),
  Buffer.from('\n%%EOF\n')]);
const EXIT_LABELS = ['Hospitalisation de plus de 3 mois',
  'Souhait de la personne ou de son représentant légal', 'Entrée en EHPAD ou en USLD',
  'Ne remplit plus les critères', 'L\'accompagnement n\'apporte plus de plus-value', 'Décès'];

function browserToday(page) {
  return page.evaluate(() => {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  });
}

async function orgsByType(api) {
  const out = {};
  for (const o of (await api.get('/api/v1/orgs')).json.items) out[o.type] = o;
  return out;
}

// A referral taken to « evaluation » through the API: received, accepted
// on the waiting list, home visit, medical evaluation by the CRT doctor,
// and a recent AGGIR (GIR 3).
async function evaluated(coord, doctor, pid, dac, { aggir = true } = {}) {
  let r = await coord.post('/api/v1/referrals', { person_id: pid, source: 'dac',
    referrer_org_id: dac.id, channel: 'messagerie_securisee',
    reason: 'Maintien à domicile fragile', requested_volet: 2,
    referrer_name: 'Coordinatrice DAC 48', received_on: day(40) });
  assert.equal(r.status, 201, r.text);
  const rid = r.json.id;
  r = await coord.post(`/api/v1/referrals/${rid}/triage`, { action: 'accepter' });
  assert.equal(r.status, 200, r.text);
  r = await coord.post(`/api/v1/referrals/${rid}/evaluations`, { kind: 'domicile',
    done_on: day(30), joint_with: 'SSIAD du Malzieu',
    findings: 'Logement à étage, escalier sans rampe.' });
  assert.equal(r.status, 201, r.text);
  r = await doctor.post(`/api/v1/referrals/${rid}/evaluations`, { kind: 'medicale',
    done_on: day(25), with_gp: true, findings: 'Polypathologie stable, chutes répétées.' });
  assert.equal(r.status, 201, r.text);
  if (!aggir) return rid;
  r = await coord.post(`/api/v1/persons/${pid}/aggir`, { letters: 'AACCBBBBAA',
    evaluated_on: day(10) });
  assert.equal(r.status, 201, r.text);
  return rid;
}

function status(page, text) {
  return page.getByRole('status').filter({ hasText: text }).waitFor();
}

function h1(page, name) {
  return page.getByRole('heading', { level: 1, name }).waitFor();
}

test('coordination: an evaluated referral through the committee to an active support, '
  + 'a hospitalisation, then the exit with its relay', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const doctor = await apiLogin(t.srv.base, 'medecin');
    const orgs = await orgsByType(coord);
    const teissier = await person(coord, 'teissier');
    // The names as typed (issue 10 §2: birth_name is the RNIV form).
    const who = `${teissier.birth_name_display} ${teissier.first_names_display}`;
    const rid = await evaluated(coord, doctor, teissier.id, orgs.dac);

    await loggedIn(t, 'coordination');
    const nav = mainNav(page);
    for (const name of ['Suivi volet 2', 'Comités', 'File active']) {
      await nav.getByRole('link', { name, exact: true }).waitFor();
    }
    const today = await browserToday(page);

    // 1. The committee: scheduled with its members.
    await nav.getByRole('link', { name: 'Comités', exact: true }).click();
    await h1(page, 'Comités d\'admission');
    assert.equal(await nav.getByRole('link', { name: 'Comités', exact: true })
      .getAttribute('aria-current'), 'page');
    await page.getByRole('button', { name: 'Programmer un comité' }).click();
    const cform = page.getByRole('form', { name: 'Programmer un comité' });
    assert.equal(await cform.getByLabel('Date du comité').inputValue(), today);
    assert.ok(await cform.getByLabel(/^Sophie Boyer/).isChecked(), 'the coordinator is a member');
    await cform.getByLabel(/^Dr Jean Rouvière/).check();
    await cform.getByLabel(/^Laure Chabert/).check();
    assert.equal(await cform.getByLabel(/^Julie Brunel/).count(), 0, 'no partner account');
    await cform.getByLabel('Invités (partenaires)').fill('Coordinatrice du DAC 48');
    assert.deepEqual(await unlabelledFields(page), []);
    await cform.getByRole('button', { name: 'Programmer le comité' }).click();
    await h1(page, `Comité du ${fr(today)}`);
    await status(page, `Comité du ${fr(today)} programmé.`);
    assert.match(page.url(), /#\/comites\/\d+$/);
    const info = page.getByRole('region', { name: 'Informations' });
    for (const name of ['Sophie Boyer', 'Dr Jean Rouvière', 'Laure Chabert']) {
      await info.getByRole('listitem').filter({ hasText: name }).waitFor();
    }

    // 2. The case: the referral in « evaluation » put on the agenda.
    const add = page.getByRole('form', { name: 'Inscrire une demande à l\'ordre du jour' });
    await add.getByLabel('Demande évaluée').selectOption(String(rid));
    await add.getByRole('button', { name: 'Inscrire à l\'ordre du jour' }).click();
    await status(page, `Dossier de ${who} inscrit à l'ordre du jour.`);
    const kase = page.getByRole('article', { name: who });
    await kase.getByText('Éligible au volet 2').waitFor();
    await kase.getByText('Pas encore d\'avis.').waitFor();

    // No decision before the team's opinion: the server's 409, in French.
    const decision = kase.getByRole('form', { name: `Décision pour ${who}` });
    await decision.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await decision.getByText('Choisissez une décision.').waitFor();
    await decision.getByLabel('Admettre').check();
    await decision.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await decision.getByRole('alert').filter({ hasText: 'Recueillez d\'abord l\'avis de l\'équipe.' })
      .waitFor();

    // The team's opinion, then the admission.
    await kase.getByRole('button', { name: `Saisir l'avis sur ${who}` }).click();
    await kase.getByRole('textbox', { name: /^Avis de l'équipe/ }).fill('Avis favorable : chutes répétées, '
      + 'aidante épuisée, situation à risque.');
    await kase.getByRole('button', { name: 'Enregistrer l\'avis' }).click();
    await status(page, `Avis de l'équipe enregistré pour ${who}.`);
    await kase.getByText('Avis favorable : chutes répétées').waitFor();
    await kase.getByText('par Sophie Boyer').waitFor();
    const decision2 = kase.getByRole('form', { name: `Décision pour ${who}` });
    await decision2.getByLabel('Admettre').check();
    assert.equal(await decision2.getByLabel('Motif du refus').isVisible(), false);
    await decision2.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await status(page, `${who} est admise`);
    await kase.getByText('Admission', { exact: true }).waitFor();
    await kase.getByRole('link', { name: 'Ouvrir l\'accompagnement (plan, contrat)' }).click();

    // 3. The support, in preparation: no contract before the plan.
    await h1(page, `Accompagnement de ${who}`);
    const sid = Number(/#\/accompagnements\/(\d+)$/.exec(page.url())[1]);
    const situation = page.getByRole('region', { name: 'Situation' });
    await situation.getByText('En préparation (admis)').waitFor();
    await situation.getByText('Rédiger le plan personnalisé, puis faire signer').waitFor();
    const contract = page.getByRole('form', { name: 'Enregistrer le contrat signé' });
    await contract.getByLabel('Contrat signé (fichier)').setInputFiles({ name: 'contrat.pdf',
      mimeType: 'application/pdf', buffer: PDF });
    await contract.getByRole('button', { name: 'Enregistrer le contrat signé' }).click();
    await contract.getByRole('alert').filter({ hasText: 'Le contrat se signe après '
      + 'l\'élaboration du plan personnalisé.' }).waitFor();

    // 4. The plan: two actions, then a second version with one removed.
    const planSection = page.getByRole('region', { name: 'Plan personnalisé d\'accompagnement (PPCS)' });
    await planSection.getByRole('link', { name: 'Rédiger le plan' }).click();
    await h1(page, 'Rédiger le plan personnalisé');
    const pform = page.getByRole('form', { name: 'Plan personnalisé' });
    const referent = pform.getByLabel('Référent du plan');
    assert.match(await referent.locator('option:checked').textContent(), /^Sophie Boyer/,
      'the current user by default');
    await referent.selectOption(await referent.locator('option', { hasText: 'Laure Chabert' })
      .getAttribute('value'));
    await pform.getByLabel('Synthèse des problèmes').fill('Chutes répétées, épouse aidante épuisée.');
    await pform.getByLabel('Projet de la personne').fill('Rester à la maison avec son épouse.');
    const row1 = pform.getByRole('group', { name: 'Action 1' });
    await row1.getByLabel('Axe').selectOption('securite_domicile');
    await row1.getByLabel('Domaine').selectOption('environnement');
    await row1.getByLabel('Problème ou besoin').fill('Escalier dangereux');
    await row1.getByLabel('Objectif partagé').fill('Sécuriser les déplacements');
    await row1.getByLabel(/^Action( |$)/).fill('Visite de l\'ergothérapeute, pose d\'une rampe');
    await row1.getByLabel('Fréquence').fill('une fois');
    const who1 = await row1.getByLabel('Responsable').locator('option', { hasText: 'Thomas Molinier' })
      .getAttribute('value');
    await row1.getByLabel('Responsable').selectOption(who1);
    assert.equal(await row1.getByLabel('Début').inputValue(), today);
    await pform.getByRole('button', { name: 'Ajouter une action' }).click();
    const row2 = pform.getByRole('group', { name: 'Action 2' });
    assert.equal(await row2.getByLabel('Axe').evaluate((el) => el === document.activeElement), true,
      'focus on the new action');
    await row2.getByLabel('Axe').selectOption('soutien_aidant');
    await row2.getByLabel('Domaine').selectOption('aidant');
    await row2.getByLabel('Problème ou besoin').fill('Épuisement de l\'épouse');
    await row2.getByLabel('Objectif partagé').fill('Soulager l\'aidante');
    await row2.getByLabel(/^Action( |$)/).fill('Aide à domicile le matin');
    await row2.getByLabel('Fréquence').fill('tous les jours');
    await row2.getByLabel('Responsable').selectOption(`o:${orgs.saad.id}`);
    assert.deepEqual(await unlabelledFields(page), []);
    await pform.getByRole('button', { name: 'Enregistrer le plan' }).click();
    await h1(page, `Accompagnement de ${who}`);
    await status(page, 'Plan personnalisé enregistré : version 1.');
    const plan = page.getByRole('region', { name: 'Plan personnalisé d\'accompagnement (PPCS)' });
    await plan.getByText('Escalier dangereux').waitFor();
    const area = (name) => plan.getByRole('group', { name: new RegExp(`^${name}`) });
    await area('Sécurité du domicile').getByText('Thomas Molinier').waitFor();
    await area('Soutien de l\'aidant').getByText(orgs.saad.name).waitFor();
    await area('Gestion des situations de crise').getByText('Aucune action dans cet axe.').waitFor();

    await plan.getByRole('link', { name: 'Modifier le plan' }).click();
    await h1(page, 'Modifier le plan personnalisé');
    const pform2 = page.getByRole('form', { name: 'Plan personnalisé' });
    assert.match(await pform2.getByLabel('Synthèse des problèmes').inputValue(), /Chutes répétées/);
    await pform2.getByRole('group', { name: 'Action 1' }).getByLabel('État').selectOption('realisee');
    await pform2.getByRole('button', { name: 'Retirer l\'action 2' }).click();
    assert.equal(await pform2.getByRole('group', { name: 'Action 2' }).count(), 0);
    await pform2.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
    await status(page, 'Plan personnalisé enregistré : version 2.');
    const versions = plan.getByRole('group', { name: 'Versions du plan' });
    await versions.getByRole('link', { name: 'Version 2 (en vigueur)' }).waitFor();
    assert.equal(await plan.getByText('Épuisement de l\'épouse').count(), 0);
    await versions.getByRole('link', { name: 'Version 1', exact: true }).click();
    await page.getByText('Vous consultez la version 1, qui n\'est plus en vigueur.').waitFor();
    await plan.getByText('Épuisement de l\'épouse').waitFor();
    await plan.getByRole('link', { name: 'Voir la version en vigueur' }).click();
    await page.getByText('Vous consultez la version 1').waitFor({ state: 'detached' });
    await versions.getByRole('link', { name: 'Version 2 (en vigueur)' }).waitFor();

    // 5. The printable plan: the four PPCS parts, the signature box, one A4 sheet.
    await page.getByRole('link', { name: 'Version imprimable' }).click();
    await h1(page, 'Plan personnalisé d\'accompagnement');
    const main = page.getByRole('main');
    for (const name of ['1. La personne et les professionnels qui l\'entourent',
      '2. Synthèse des problèmes et projet de la personne', '3. Plan d\'actions',
      '4. Objectifs partagés non atteints']) {
      await main.getByRole('heading', { level: 2, name }).waitFor();
    }
    await main.getByText('La personne ou son représentant légal').waitFor();
    await main.getByText(who).first().waitFor();
    await page.evaluate(() => {
      window.printed = 0;
      window.print = () => { window.printed += 1; };
    });
    await main.getByRole('button', { name: 'Imprimer' }).click();
    assert.equal(await page.evaluate(() => window.printed), 1);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await mainNav(page).isVisible(), false, 'navigation hidden');
    assert.equal(await main.getByRole('button', { name: 'Imprimer' }).isVisible(), false);
    assert.ok(await main.locator('[data-signature="personne"]').isVisible(), 'signature box printed');
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    assert.equal((pdf.match(/\/Type\s*\/Page\b/g) || []).length, 1, 'one printed page');
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('link', { name: '← Retour à l\'accompagnement' }).click();
    await h1(page, `Accompagnement de ${who}`);

    // 6. The signed contract: the support becomes active.
    const contract2 = page.getByRole('form', { name: 'Enregistrer le contrat signé' });
    assert.equal(await contract2.getByLabel('Signé le').inputValue(), today);
    await contract2.getByLabel('Contrat signé (fichier)').setInputFiles({ name: 'contrat.pdf',
      mimeType: 'application/pdf', buffer: PDF });
    await contract2.getByRole('button', { name: 'Enregistrer le contrat signé' }).click();
    await status(page, 'Contrat enregistré : l\'accompagnement est actif.');
    await situation.getByText('Actif', { exact: true }).waitFor();
    const contractPart = page.getByRole('region', { name: 'Contrat d\'accompagnement' });
    await contractPart.getByText('la personne', { exact: true }).waitFor();
    await contractPart.getByRole('link', { name: 'Télécharger le contrat signé' }).waitFor();
    const docs = (await coord.get(`/api/v1/persons/${teissier.id}/documents`)).json.items;
    assert.equal(docs.filter((d) => /Contrat d'accompagnement/.test(d.title)).length, 1,
      'the contract is attached once although sent twice');

    // 7. The file active and the board show the person.
    await nav.getByRole('link', { name: 'File active', exact: true }).click();
    await h1(page, 'File active');
    const active = page.getByRole('region', { name: 'Personnes accompagnées' });
    await active.getByRole('link', { name: who }).waitFor();
    await page.getByRole('region', { name: 'Places' }).getByText('Places restantes').waitFor();
    // The CRT's limits: the target cannot go under 30 (the server says so).
    const settings = page.getByRole('region', { name: 'Réglages du CRT' });
    await settings.getByLabel('Objectif de file active').fill('25');
    await settings.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await settings.getByText(/hors des limites permises/).waitFor();
    await settings.getByLabel('Objectif de file active').fill('32');
    await settings.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await settings.getByRole('status').filter({ hasText: 'objectif 32, AGGIR valable 12 mois' })
      .waitFor();
    assert.equal((await coord.get('/api/v1/crt/settings')).json.file_active_target, 32);
    await nav.getByRole('link', { name: 'Suivi volet 2', exact: true }).click();
    await h1(page, 'Suivi volet 2');
    const col = (name) => page.getByRole('region', { name, exact: true });
    await col('File active').getByRole('link', { name: who }).waitFor();
    assert.equal(await col('Évaluation').getByRole('link', { name: who }).count(), 0);
    await page.getByRole('region', { name: 'Délais d\'admission' }).getByText('Demande → décision')
      .waitFor();
    await col('File active').getByRole('link', { name: who }).click();
    await h1(page, `Accompagnement de ${who}`);

    // 8. A hospitalisation (the place is held), then the return home.
    await page.getByRole('button', { name: 'Noter une hospitalisation ou une absence' }).click();
    const aform = page.getByRole('form', { name: 'Noter une hospitalisation ou une absence' });
    assert.equal(await aform.getByLabel('Type').inputValue(), 'hospitalisation');
    await aform.getByLabel('Lieu').fill('CH de Mende, médecine');
    await aform.getByRole('button', { name: 'Enregistrer' }).click();
    await status(page, 'Hospitalisation notée : la place est conservée.');
    await situation.getByText(`Hospitalisation depuis le ${fr(today)}`).waitFor();
    const absences = page.getByRole('region', { name: 'Hospitalisations et absences' });
    await absences.getByText('Hospitalisation — CH de Mende, médecine').waitFor();
    await absences.getByText('en cours', { exact: true }).waitFor();
    await absences.getByRole('button', { name: 'Noter le retour' }).click();
    await status(page, `Retour à domicile noté le ${fr(today)}.`);
    await absences.getByText(`Du ${fr(today)} au ${fr(today)}`).waitFor();

    // 9. The exit: exactly the six reasons, a relay required, then informed.
    await page.getByRole('button', { name: 'Enregistrer la sortie' }).click();
    const xform = page.getByRole('form', { name: 'Enregistrer la sortie' });
    const reasons = await xform.getByLabel('Motif de sortie').locator('option').allTextContents();
    assert.deepEqual(reasons.slice(1), EXIT_LABELS);
    // The doctor's opinion is asked only for criteria no longer met.
    assert.equal(await xform.getByLabel('Avis du médecin').isVisible(), false);
    await xform.getByLabel('Motif de sortie').selectOption('criteres_non_remplis');
    assert.equal(await xform.getByLabel('Avis du médecin').isVisible(), true);
    await xform.getByLabel('Motif de sortie').selectOption('entree_ehpad_usld');
    assert.equal(await xform.getByLabel('Avis du médecin').isVisible(), false);
    await xform.getByLabel('Décision de l\'équipe').fill('Décidé en réunion d\'équipe le '
      + `${fr(today)} avec la personne et son épouse.`);
    await xform.getByRole('button', { name: 'Enregistrer la sortie' }).click();
    await xform.getByText('Indiquez le service de droit commun qui prend le relais.').waitFor();
    const relay = xform.getByLabel('Service de droit commun qui prend le relais');
    assert.equal(await relay.getAttribute('aria-invalid'), 'true');
    await relay.selectOption(String(orgs.ssiad.id));
    await xform.getByRole('button', { name: 'Enregistrer la sortie' }).click();
    await status(page, 'Sortie enregistrée : Entrée en EHPAD ou en USLD.');
    const exit = page.getByRole('region', { name: 'Sortie', exact: true });
    await exit.getByRole('link', { name: orgs.ssiad.name }).waitFor();
    await situation.getByText('Sorti', { exact: true }).waitFor();
    const informed = page.getByRole('form', { name: 'Relais informé' });
    await informed.getByRole('button', { name: 'Enregistrer la date' }).click();
    await status(page, `Relais informé le ${fr(today)}.`);
    assert.equal(await page.getByRole('form', { name: 'Relais informé' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Modifier le plan' }).count(), 0,
      'the plan of an ended support is read-only');

    // 10. The board shows the exit; the person's record tells the episode.
    await nav.getByRole('link', { name: 'Suivi volet 2', exact: true }).click();
    await h1(page, 'Suivi volet 2');
    const out = col('Sortis (12 mois)').locator('li', { hasText: who });
    await out.getByText('Entrée en EHPAD ou en USLD').waitFor();
    assert.equal(await col('File active').getByRole('link', { name: who }).count(), 0);

    await go(page, `#/personnes/${teissier.id}`);
    const parcours = page.getByRole('region', { name: 'Parcours volet 2' });
    await parcours.getByText('Sortie : Entrée en EHPAD ou en USLD').waitFor();
    const timeline = await parcours.locator('ol.timeline li').allTextContents();
    const at = (s) => {
      const i = timeline.findIndex((x) => x.includes(s));
      assert.ok(i >= 0, s);
      return i;
    };
    assert.ok(at('Demande reçue') < at('Passage en comité'));
    assert.ok(at('Passage en comité') < at('Décision : Admettre'));
    assert.ok(at('Décision : Admettre') < at('Début de l\'accompagnement'));
    assert.ok(at('Hospitalisation : CH de Mende') < at('Retour à domicile'));
    assert.ok(at('Retour à domicile') <= at('Sortie : Entrée en EHPAD'));
    const link = parcours.getByRole('link', { name: /^Accompagnement admis le / });
    assert.equal(await link.getAttribute('href'), `#/accompagnements/${sid}`);
    await parcours.getByText('Sorti', { exact: true }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('committee: the override the server asks for, a refusal with its reason, '
  + 'the secretary without the decision form', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const doctor = await apiLogin(t.srv.base, 'medecin');
    const orgs = await orgsByType(coord);
    const malaval = await person(coord, 'malaval');
    const croze = await person(coord, 'croze');
    const name = (p) => `${p.birth_name_display} ${p.first_names_display}`;
    const r1 = await evaluated(coord, doctor, malaval.id, orgs.dac);
    const r2 = await evaluated(coord, doctor, croze.id, orgs.dac);
    let r = await coord.put(`/api/v1/persons/${malaval.id}/exclusions`,
      { items: [{ code: 'refus_teleassistance', applies: true, note: 'Refuse le médaillon' }] });
    assert.equal(r.status, 200, r.text);
    r = await coord.post('/api/v1/committees', { held_on: day(0), members: [
      { user_id: coord.user.id }, { user_id: doctor.user.id }] });
    assert.equal(r.status, 201, r.text);
    const cid = r.json.id;
    for (const rid of [r1, r2]) {
      r = await coord.post(`/api/v1/committees/${cid}/cases`, { referral_id: rid,
        team_opinion: 'Avis de l\'équipe recueilli en réunion.' });
      assert.equal(r.status, 201, r.text);
    }

    await loggedIn(t, 'coordination');
    await go(page, `#/comites/${cid}`);
    await h1(page, /^Comité du /);
    const k1 = page.getByRole('article', { name: name(malaval) });
    await k1.getByText('Non éligible', { exact: true }).waitFor();
    await k1.getByText(/Critère d'exclusion « Refus de la téléassistance » : s'applique/)
      .waitFor();
    const d1 = k1.getByRole('form', { name: `Décision pour ${name(malaval)}` });
    const override = d1.getByLabel('Motif de dérogation aux critères');
    assert.equal(await override.isVisible(), false, 'no override field before the server asks');
    await d1.getByLabel('Admettre').check();
    await d1.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await d1.getByText(/ne remplit pas les critères d'éligibilité : motivez la dérogation/).waitFor();
    assert.ok(await override.isVisible());
    assert.equal(await override.getAttribute('aria-invalid'), 'true');
    assert.ok(await override.evaluate((el) => el === document.activeElement), 'focus on the field');
    await override.fill('Accepte un détecteur de chute à la place du médaillon : risque couvert.');
    await d1.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await status(page, `${name(malaval)} est admise`);
    await k1.getByText('Admise par dérogation aux critères').waitFor();
    await k1.getByText(/détecteur de chute/).waitFor();

    // A refusal needs its reason (from the list) and its motivation.
    const k2 = page.getByRole('article', { name: name(croze) });
    const d2 = k2.getByRole('form', { name: `Décision pour ${name(croze)}` });
    await d2.getByLabel('Refuser').check();
    const reason = d2.getByLabel('Motif du refus');
    assert.ok(await reason.isVisible());
    const labels = await reason.locator('option').allTextContents();
    assert.ok(labels.includes('Besoins couverts par le droit commun'), labels.join());
    await d2.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await d2.getByText('Choisissez le motif du refus.').waitFor();
    await reason.selectOption('besoins_couverts');
    await d2.getByLabel('Motivation de la décision').fill('Le SSIAD et le SAAD suffisent.');
    await d2.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await status(page, `Refus enregistré pour ${name(croze)}.`);
    await k2.getByText('Besoins couverts par le droit commun').waitFor();
    // A case whose only missing condition is the GIR (no AGGIR yet) is
    // « à établir », not « non éligible » (issue 10 §8).
    r = await coord.post('/api/v1/persons', { birth_name: 'VIDAL', first_names: 'Rose',
      birth_date: '1936-04-09', sex: 'F', commune_code: '48140' });
    assert.equal(r.status, 201, r.text);
    const vidal = r.json;
    const r4 = await evaluated(coord, doctor, vidal.id, orgs.dac, { aggir: false });
    r = await coord.post(`/api/v1/committees/${cid}/cases`, { referral_id: r4 });
    assert.equal(r.status, 201, r.text);
    await page.reload();
    const k4 = page.getByRole('article', { name: /^VIDAL Rose/i });
    await k4.getByText('Éligibilité à établir', { exact: true }).waitFor();
    assert.equal(await k4.getByText('Non éligible').count(), 0);
    assert.deepEqual(problems, []);
    await logout(t.page);

    // The secretary sees the committee, but neither decides nor gives the opinion.
    const r3 = await evaluated(coord, doctor, (await person(coord, 'pradal')).id, orgs.dac);
    r = await coord.post(`/api/v1/committees/${cid}/cases`, { referral_id: r3 });
    assert.equal(r.status, 201, r.text);
    await loggedIn(t, 'secretariat');
    await mainNav(page).getByRole('link', { name: 'Comités', exact: true }).click();
    // This test's committee (the demo now plans its next one too, i12-fin).
    await page.locator(`a[href="#/comites/${cid}"]`).first().click();
    await h1(page, /^Comité du /);
    const k3 = page.getByRole('article', { name: /^PRADAL/ });
    await k3.getByText('En attente de la décision de la coordination.').waitFor();
    assert.equal(await k3.getByRole('form').count(), 0);
    assert.equal(await page.getByRole('form', { name: /^Décision pour / }).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('360 px: the board in one column, no horizontal scrolling; the exit-proposed banner',
  TEST, async () => {
    const t = await open({ width: 360, height: 740 });
    const { page, problems } = t;
    try {
      await loggedIn(t, 'coordination');
      const nav = mainNav(page);
      await nav.getByRole('button', { name: 'Menu' }).click();
      await nav.getByRole('link', { name: 'Suivi volet 2', exact: true }).click();
      await h1(page, 'Suivi volet 2');
      for (const name of ['Demandes', 'Liste d\'attente', 'Évaluation', 'Comité',
        'Admis (plan, contrat)', 'File active', 'Sortis (12 mois)']) {
        await page.getByRole('region', { name, exact: true }).waitFor();
      }
      await page.getByRole('region', { name: 'Places' }).getByText('Objectif de file active')
        .waitFor();
      assert.ok(await scrollWidth(page) <= 360, `no horizontal scrolling (${await scrollWidth(page)})`);
      const boxes = await page.locator('.board-col').evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect().left));
      assert.equal(new Set(boxes.map(Math.round)).size, 1, 'one column');
      await nav.getByRole('button', { name: 'Menu' }).click();
      await nav.getByRole('link', { name: 'Comités', exact: true }).click();
      await h1(page, 'Comités d\'admission');
      assert.ok(await scrollWidth(page) <= 360);

      // The demo's VALENTIN has been in hospital for 120 days: beyond 3
      // months, the exit is proposed.
      const api = await apiLogin(t.srv.base, 'coordination');
      const valentin = (await api.get('/api/v1/supports?status=active')).json.items
        .find((x) => x.person.birth_name === 'VALENTIN');
      assert.ok(valentin.exit_proposed, 'the demo has the long hospitalisation');
      await go(page, `#/accompagnements/${valentin.id}`);
      await h1(page, 'Accompagnement de VALENTIN Henri Louis');
      const banner = page.locator('[data-exit-proposed]');
      await banner.getByText('Sortie à proposer').waitFor();
      assert.match(await banner.textContent(), new RegExp(`depuis le ${fr(day(120))}`));
      await page.getByRole('button', { name: 'Enregistrer la sortie' }).click();
      assert.equal(await page.getByLabel('Motif de sortie').inputValue(), 'hospitalisation_longue');
      assert.ok(await scrollWidth(page) <= 360, 'support page fits 360 px');
      assert.deepEqual(await unlabelledFields(page), []);
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });

test('the person\'s record: open referrals and a new referral from the « Parcours volet 2 »', TEST,
  async () => {
    const t = await open();
    const { page, problems } = t;
    try {
      const api = await apiLogin(t.srv.base, 'coordination');
      const croze = await person(api, 'Croze');
      const rid = (await api.get(`/api/v1/referrals?person_id=${croze.id}`)).json.items[0].id;
      await loggedIn(t, 'coordination');
      await go(page, `#/personnes/${croze.id}`);
      const parcours = page.getByRole('region', { name: 'Parcours volet 2' });
      const open = parcours.getByRole('list', { name: 'Demandes en cours' });
      await open.getByRole('link', { name: /^Demande reçue le/ }).waitFor();
      assert.equal(await open.getByRole('link').getAttribute('href'), `#/demandes/${rid}`);
      assert.match(await open.textContent(), /Reçue/);
      await parcours.getByRole('link', { name: 'Nouvelle demande' }).click();
      await h1(page, 'Nouvelle demande');
      await page.getByText(/Personne choisie : CROZE Albert/).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });

// Issue 8 point 16: before the contract there is no exit; the person who
// renounces gets « Renonciation avant signature », which is not an exit.
test('a support in preparation: no exit offered, « Renonciation » with its reason, not among the exits',
  TEST, async () => {
    const t = await open();
    const { page, problems } = t;
    try {
      const api = await apiLogin(t.srv.base, 'coordination');
      const doctor = await apiLogin(t.srv.base, 'medecin');
      const orgs = await orgsByType(api);
      const malaval = await person(api, 'Malaval');
      const rid = await evaluated(api, doctor, malaval.id, orgs.dac);
      let r = await api.post('/api/v1/committees', { held_on: day(5),
        members: [{ user_id: api.user.id }] });
      assert.equal(r.status, 201, r.text);
      const com = r.json.id;
      r = await api.post(`/api/v1/committees/${com}/cases`, { referral_id: rid,
        team_opinion: 'Avis favorable.' });
      assert.equal(r.status, 201, r.text);
      r = await api.post(`/api/v1/committees/${com}/cases/${r.json.id}/decision`,
        { decision: 'admettre' });
      assert.equal(r.status, 200, r.text);
      const sid = r.json.support_id;

      await loggedIn(t, 'coordination');
      await go(page, `#/accompagnements/${sid}`);
      await h1(page, /^Accompagnement de MALAVAL/);
      const region = page.getByRole('region', { name: 'Renonciation avant signature' });
      await region.waitFor();
      assert.equal(await page.getByRole('region', { name: 'Sortie', exact: true }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Enregistrer la sortie' }).count(), 0);
      await region.getByRole('button', { name: 'Renonciation' }).click();
      const form = page.getByRole('form', { name: 'Renonciation avant signature' });
      assert.equal(await form.getByLabel('Date de la renonciation').inputValue(), await browserToday(page));
      // The server asks for the reason, next to the field.
      await form.getByRole('button', { name: 'Enregistrer la renonciation' }).click();
      await form.getByText(/Motif de la renonciation/).first().waitFor();
      await form.locator('[aria-invalid="true"]').first().waitFor();
      await form.getByLabel('Motif de la renonciation')
        .fill('Préfère attendre une place en EHPAD près de sa fille.');
      await form.getByRole('button', { name: 'Enregistrer la renonciation' }).click();
      await status(page, 'Renonciation avant signature enregistrée.');
      const done = page.getByRole('region', { name: 'Renonciation avant signature' });
      await done.getByText('Préfère attendre une place en EHPAD près de sa fille.').waitFor();
      assert.match(await done.textContent(), /Ce n'est pas une sortie/);
      assert.equal(await done.getByRole('button', { name: 'Renonciation' }).count(), 0);
      await page.getByRole('region', { name: 'Situation' }).getByText('Renonciation avant signature')
        .first().waitFor();

      // The board: not in « Sortis », nor admitted any more.
      await mainNav(page).getByRole('link', { name: 'Suivi volet 2', exact: true }).click();
      await h1(page, 'Suivi volet 2');
      const sortis = page.getByRole('region', { name: 'Sortis (12 mois)', exact: true });
      await sortis.waitFor();
      assert.doesNotMatch(await sortis.textContent(), /MALAVAL/);
      assert.doesNotMatch(await page.getByRole('region', { name: 'Admis (plan, contrat)', exact: true })
        .textContent(), /MALAVAL/);
      // The person's timeline tells it.
      await go(page, `#/personnes/${malaval.id}`);
      const parcours = page.getByRole('region', { name: 'Parcours volet 2' });
      await parcours.getByText(/^Renonciation avant signature : Préfère attendre/).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });

test('committee: a case whose person the reader may not see shows « Personne non visible pour vous »',
  TEST, async () => {
    const t = await open();
    const { page, problems } = t;
    try {
      const admin = await apiLogin(t.srv.base, 'admin');
      const dir = await apiLogin(t.srv.base, 'direction');
      const com = (await dir.get('/api/v1/committees')).json.items[0];
      assert.ok(com && com.cases > 0, 'the demo has a committee with cases');
      // The direction loses the identity in the matrix: the server sends
      // each case with "person": null, "identity_hidden": true.
      const r = await admin.put('/api/v1/access/matrix',
        { items: [{ profession: 'directeur', category: 'admin', read: false, write: false }] });
      assert.equal(r.status, 200, r.text);
      const k = (await dir.get(`/api/v1/committees/${com.id}`)).json.items[0];
      assert.equal(k.person, null);
      assert.equal(k.identity_hidden, true);
      await loggedIn(t, 'direction');
      await go(page, `#/comites/${com.id}`);
      await page.getByRole('heading', { level: 2, name: /Dossiers à l'ordre du jour \(\d+\)/ }).waitFor();
      const hidden = page.getByRole('heading', { level: 3, name: 'Personne non visible pour vous' });
      await hidden.first().waitFor();
      assert.equal(await hidden.count(), com.cases);
      assert.equal(await hidden.first().getByRole('link').count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });
