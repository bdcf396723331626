// Browser journeys of issue 10 points 1 and 2 (STYLE §7 "Browser"): the
// coordinator adds the aide to CROZE's care circle and the aide then finds
// her; an objection recorded (date, who informed) then lifted; a member
// removed; the identity fixed (phone, address, INS later, status raised
// after a document check, duplicate flag) and a category's text edited;
// the secretariat is offered no circle change. At 1280 px and 360 px.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
// SPEC: PRODUCT §1 (care circle, consent), DOMAIN §2 (identity statuses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, loggedIn, unlabelledFields, scrollWidth, go,
  person, logout } from './lib/browser.mjs';

useBrowser();

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

// The value of the first option of `sel` whose text contains `text`.
function optionValue(sel, text) {
  return sel.locator('option', { hasText: text }).first().getAttribute('value');
}

// Adds a circle member through the record's form (kind: the radio to
// check, null for a team member) and waits for it in the list.
async function addMember(page, kind, name, role) {
  const circle = page.getByRole('region', { name: 'Cercle de soins' });
  const form = circle.getByRole('form', { name: 'Ajouter un membre au cercle de soins' });
  if (!await form.isVisible()) await circle.getByRole('button', { name: 'Ajouter un membre' }).click();
  if (kind) await form.getByLabel(kind).check();
  const member = form.getByRole('combobox', { name: /^Membre/ });
  await member.selectOption(await optionValue(member, name));
  await form.getByLabel('Rôle auprès de la personne').fill(role);
  await form.getByRole('button', { name: 'Ajouter au cercle' }).click();
  await page.getByText('Membre ajouté au cercle de soins.').waitFor();
  await page.getByRole('region', { name: 'Cercle de soins' }).getByRole('listitem')
    .filter({ hasText: role }).getByText(name, { exact: true }).waitFor();
}

// The aide logs in, searches « croze » in Personnes and opens the record.
async function aideOpensCroze(t) {
  const { page } = t;
  await switchUser(t, 'aide');
  await go(page, '#/personnes');
  await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
  await page.getByRole('searchbox').first().fill('croze');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByRole('link', { name: /CROZE/ }).first().click();
  await page.getByRole('heading', { level: 1, name: /CROZE/ }).waitFor();
}

// Logs out through the header and in again as `who`.
async function switchUser(t, who) {
  await logout(t.page);
  await t.page.getByLabel('Identifiant').waitFor();
  await loggedIn(t, who);
}

for (const [size, viewport] of [['bureau', DESKTOP], ['téléphone 360 px', PHONE]]) {
  test(`circle (${size}): the coordinator adds the aide to CROZE's circle, the aide finds her`, TEST,
    async () => {
      const t = await open(viewport);
      const { page, problems } = t;
      try {
        const aideApi = await apiLogin(t.srv.base, 'aide');
        assert.equal((await aideApi.get('/api/v1/persons?q=croze')).json.total, 0,
          'the aide does not follow CROZE in the demo');
        const coord = await apiLogin(t.srv.base, 'coordination');
        const croze = await person(coord, 'croze');

        await loggedIn(t, 'coordination');
        await go(page, `#/personnes/${croze.id}`);
        // The form says what is missing, then adds a team member.
        const circle = page.getByRole('region', { name: 'Cercle de soins' });
        await circle.getByRole('button', { name: 'Ajouter un membre' }).click();
        const form = circle.getByRole('form', { name: 'Ajouter un membre au cercle de soins' });
        await form.getByRole('button', { name: 'Ajouter au cercle' }).click();
        await form.getByText('Choisissez le membre à ajouter.').waitFor();
        await addMember(page, null, 'Nadia Pagès', 'Aide-soignante du matin');
        assert.deepEqual(await unlabelledFields(page), []);
        assert.ok(await scrollWidth(page) <= viewport.width, 'no horizontal scroll');
        // A directory organisation joins too.
        await addMember(page, 'Structure partenaire (annuaire)', 'SSIAD du Malzieu',
          'Soins infirmiers à domicile');

        // The aide now finds her and opens her record.
        assert.equal((await aideApi.get('/api/v1/persons?q=croze')).json.total, 1,
          'in the circle, the aide finds CROZE');
        await aideOpensCroze(t);
        // The aide may not change the circle: no form, no remove button.
        assert.equal(await page.getByRole('button', { name: 'Ajouter un membre' }).count(), 0);

        // Back as the coordinator: remove the aide.
        await switchUser(t, 'coordination');
        await go(page, `#/personnes/${croze.id}`);
        page.once('dialog', (d) => d.accept());
        await page.getByRole('region', { name: 'Cercle de soins' })
          .getByRole('button', { name: 'Retirer Nadia Pagès' }).click();
        await page.getByText('Membre retiré du cercle de soins.').waitFor();
        assert.equal((await aideApi.get('/api/v1/persons?q=croze')).json.total, 0,
          'out of the circle, the aide no longer finds her');
        assert.deepEqual(problems, []);
      } finally {
        await t.close();
      }
    });
}

for (const [size, viewport] of [['bureau', DESKTOP], ['téléphone 360 px', PHONE]]) {
  test(`consent (${size}): an objection recorded with its date and informant, then lifted`, TEST,
    async () => {
      const t = await open(viewport);
      const { page, problems } = t;
      try {
        const coord = await apiLogin(t.srv.base, 'coordination');
        const croze = await person(coord, 'croze');
        await loggedIn(t, 'coordination');
        await go(page, `#/personnes/${croze.id}`);
        const region = () => page.getByRole('region', { name: 'Oppositions au partage' });
        await region().getByRole('button', { name: 'Enregistrer une opposition' }).click();
        const form = region().getByRole('form', { name: 'Enregistrer une opposition au partage' });
        await form.getByRole('button', { name: 'Enregistrer l\'opposition' }).click();
        await form.getByText('Choisissez la structure.').waitFor();
        await form.getByRole('combobox', { name: /^Structure/ }).selectOption(
          await optionValue(form.getByRole('combobox', { name: /^Structure/ }), 'SSIAD du Malzieu'));
        await form.getByLabel('Date de l\'opposition').fill('2026-11-30');
        assert.equal(await form.getByLabel('Personne informée par').inputValue(), 'Sophie Boyer',
          'the user who records it is proposed');
        await form.getByLabel('Personne informée par').fill('Sophie Boyer, à domicile');
        await form.getByRole('button', { name: 'Enregistrer l\'opposition' }).click();
        await page.getByText('Opposition enregistrée.').waitFor();
        const item = region().getByRole('listitem').filter({ hasText: 'SSIAD du Malzieu' });
        await item.getByText(/exprimée le 30\/11\/2026 · informée par Sophie Boyer, à domicile/).waitFor();
        assert.match(await item.textContent(), /en vigueur/);
        const stored = (await coord.get(`/api/v1/persons/${croze.id}`)).json.objections;
        assert.deepEqual(stored.map((o) => [o.org_name, o.informed_on, o.informed_by]),
          [['SSIAD du Malzieu', '2026-11-30', 'Sophie Boyer, à domicile']]);

        // A category objection.
        await region().getByRole('button', { name: 'Enregistrer une opposition' }).click();
        const form2 = region().getByRole('form', { name: 'Enregistrer une opposition au partage' });
        await form2.getByLabel('d\'une catégorie de données').check();
        await form2.getByRole('combobox', { name: /^Catégorie de données/ }).selectOption('psy');
        await form2.getByRole('button', { name: 'Enregistrer l\'opposition' }).click();
        await page.getByText('Opposition enregistrée.').waitFor();
        await region().getByRole('listitem').filter({ hasText: 'catégorie' }).first().waitFor();
        assert.deepEqual(await unlabelledFields(page), []);
        assert.ok(await scrollWidth(page) <= viewport.width, 'no horizontal scroll');

        // Lifted: kept in the list, « levée le ».
        page.once('dialog', (d) => d.accept());
        await region().getByRole('button', { name: /^Lever l'opposition : SSIAD du Malzieu/ }).click();
        await page.getByText('Opposition levée.').waitFor();
        assert.match(await region().getByRole('listitem').filter({ hasText: 'SSIAD du Malzieu' })
          .textContent(), /levée le/);
        assert.equal(await region().getByRole('button', { name: /^Lever l'opposition : SSIAD/ }).count(), 0);
        assert.deepEqual(problems, []);
      } finally {
        await t.close();
      }
    });

  test(`identity (${size}): phone, address, status raised after a document check, duplicate flag, `
    + 'a text; a refusal next to its field', TEST, async () => {
    const t = await open(viewport);
    const { page, problems } = t;
    try {
      const coord = await apiLogin(t.srv.base, 'coordination');
      const croze = await person(coord, 'croze');
      assert.equal(croze.identity_status, 'PROV');
      await loggedIn(t, 'coordination');
      await go(page, `#/personnes/${croze.id}`);
      const ident = page.getByRole('region', { name: 'Identité' });
      await ident.getByRole('button', { name: 'Modifier l\'identité' }).click();
      const form = ident.getByRole('form', { name: 'Modifier l\'identité' });
      // A wrong phone: the server's message next to the field, nothing stored.
      await form.getByLabel('Téléphone').fill('appeler la fille');
      await form.getByRole('button', { name: 'Enregistrer l\'identité' }).click();
      await form.getByText(/Le numéro de téléphone est invalide/).waitFor();
      assert.equal(await form.getByLabel('Téléphone').getAttribute('aria-invalid'), 'true');
      assert.equal((await coord.get(`/api/v1/persons/${croze.id}`)).json.phone, '04 65 71 17 05');

      await form.getByLabel('Téléphone').fill('04 65 71 99 01');
      await form.getByLabel('Adresse').fill('2 route de Mende');
      await form.getByLabel('Statut de l\'identité').selectOption({ label: 'Validée' });
      await form.getByLabel('Pièce d\'identité contrôlée').selectOption({ label: 'Passeport' });
      await form.getByLabel('Doublon suspecté').check();
      assert.deepEqual(await unlabelledFields(page), []);
      await form.getByRole('button', { name: 'Enregistrer l\'identité' }).click();
      await page.getByText('Identité enregistrée.').waitFor();
      const p = (await coord.get(`/api/v1/persons/${croze.id}`)).json;
      assert.deepEqual([p.phone, p.address, p.identity_status, p.identity_document, p.flags.duplicate],
        ['04 65 71 99 01', '2 route de Mende', 'VALI', 'passeport', true]);
      assert.equal(p.identity_status_by.name, 'Sophie Boyer');
      await page.getByRole('region', { name: 'Identité' }).getByText('Doublon suspecté').first().waitFor();
      const addr = page.getByRole('region', { name: 'Adresse et territoire' });
      assert.equal(await addr.getByRole('link', { name: '04 65 71 99 01' }).getAttribute('href'),
        'tel:0465719901');

      // The social text.
      const data = page.getByRole('region', { name: 'Informations par catégorie' });
      await data.getByRole('button', { name: 'Modifier : Social' }).click();
      await data.getByLabel('Texte « Social »').fill('Vit à Serverette, épouse aidante.');
      await data.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Texte « Social » enregistré.').waitFor();
      await page.getByRole('region', { name: 'Informations par catégorie' })
        .getByText('Vit à Serverette, épouse aidante.').waitFor();
      assert.ok(await scrollWidth(page) <= viewport.width, 'no horizontal scroll');
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });
}

test('rights: the secretariat edits the identity but is offered no circle or consent change; '
  + 'the aide edits only the care texts', TEST, async () => {
  const t = await open();
  const { page, problems } = t;
  try {
    const coord = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(coord, 'rousset');
    await loggedIn(t, 'secretariat');
    await go(page, `#/personnes/${rousset.id}`);
    await page.getByRole('button', { name: 'Modifier l\'identité' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Ajouter un membre' }).count(), 0,
      'no circle change offered to the secretariat');
    assert.equal(await page.getByRole('button', { name: 'Enregistrer une opposition' }).count(), 0,
      'no objection offered to the secretariat');
    await switchUser(t, 'aide');
    await go(page, `#/personnes/${rousset.id}`);
    await page.getByRole('heading', { level: 1, name: /ROUSSET/ }).waitFor();
    const access = (await (await apiLogin(t.srv.base, 'aide')).get(`/api/v1/persons/${rousset.id}`))
      .json.access;
    await page.getByRole('region', { name: 'Cercle de soins' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Modifier l\'identité' }).count(),
      access.write.includes('admin') ? 1 : 0, `identity edit as the server allows: ${access.write}`);
    for (const c of ['social', 'soins', 'medical']) {
      const label = { social: 'Social', soins: 'Soins', medical: 'Médical' }[c];
      assert.equal(await page.getByRole('button', { name: `Modifier : ${label}` }).count(),
        access.write.includes(c) ? 1 : 0, `${c} edit offered as the server allows`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

for (const [size, viewport] of [['bureau', DESKTOP], ['téléphone 360 px', PHONE]]) {
  test(`directory (${size}): a partner organisation edited, a convention reviewed`, TEST, async () => {
    const t = await open(viewport);
    const { page, problems } = t;
    try {
      const coord = await apiLogin(t.srv.base, 'coordination');
      const orgs = (await coord.get('/api/v1/orgs')).json.items;
      const ssiad = orgs.find((o) => o.type === 'ssiad');
      const conv = (await coord.get(`/api/v1/orgs/${ssiad.id}`)).json.conventions[0];
      assert.ok(conv, 'the demo SSIAD has a convention');
      await loggedIn(t, 'coordination');
      await go(page, `#/partenaires/${ssiad.id}`);
      await page.getByRole('heading', { level: 1, name: ssiad.name }).waitFor();
      await page.getByRole('button', { name: 'Modifier la structure' }).click();
      const form = page.getByRole('form', { name: 'Modifier la structure' });
      assert.equal(await form.getByLabel('Nom de la structure').inputValue(), ssiad.name);
      await form.getByLabel('Téléphone').fill('04 66 31 40 41');
      await form.getByLabel('Adresse e-mail').fill('pas-une-adresse');
      await form.getByRole('button', { name: 'Enregistrer la structure' }).click();
      await form.locator('[aria-invalid="true"]').first().waitFor();
      await form.getByLabel('Adresse e-mail').fill('ssiad@example.org');
      await form.getByRole('button', { name: 'Enregistrer la structure' }).click();
      await page.getByText('Structure modifiée.').waitFor();
      const after = (await coord.get(`/api/v1/orgs/${ssiad.id}`)).json;
      assert.deepEqual([after.phone, after.email, after.name], ['04 66 31 40 41', 'ssiad@example.org',
        ssiad.name]);
      assert.deepEqual(await unlabelledFields(page), []);

      // The convention reviewed: its next review a year from today.
      const item = page.locator(`[data-convention-id="${conv.id}"]`);
      await item.getByRole('button', { name: 'Révision faite' }).click();
      const next = await item.getByLabel(/^Prochaine révision le/).inputValue();
      await item.getByRole('button', { name: 'Enregistrer la révision' }).click();
      await page.getByText('Révision de la convention enregistrée.').waitFor();
      const stored = (await coord.get(`/api/v1/orgs/${ssiad.id}`)).json.conventions
        .find((x) => x.id === conv.id);
      assert.equal(stored.review_due, next);
      assert.equal(stored.review_overdue, false);
      assert.match(await page.locator(`[data-convention-id="${conv.id}"]`).textContent(),
        new RegExp(`révision le ${next.split('-').reverse().join('/')}`));
      assert.ok(await scrollWidth(page) <= viewport.width, 'no horizontal scroll');
      assert.deepEqual(problems, []);
    } finally {
      await t.close();
    }
  });
}

const day = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);

// CROZE's demo referral taken through admission by the API (triage, both
// evaluations, AGGIR, committee, opinion, decision), then a plan whose
// actions name the aide and the SSIAD: returns the support id.
async function admitCroze(base, crozeId) {
  const co = await apiLogin(base, 'coordination');
  const med = await apiLogin(base, 'medecin');
  const ide = await apiLogin(base, 'ide');
  const ok = (r, what) => assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.text}`);
  const rid = (await co.get('/api/v1/referrals?limit=50')).json.items
    .find((x) => x.person && x.person.birth_name === 'CROZE').id;
  ok(await co.post(`/api/v1/referrals/${rid}/triage`, { action: 'accepter' }), 'triage');
  ok(await co.post(`/api/v1/referrals/${rid}/evaluations`, { kind: 'domicile', done_on: day(3),
    findings: 'Vit avec son épouse, escalier.' }), 'home evaluation');
  ok(await med.post(`/api/v1/referrals/${rid}/evaluations`, { kind: 'medicale', done_on: day(2),
    with_gp: true, findings: 'Chutes, polypathologie.' }), 'medical evaluation');
  ok(await co.post(`/api/v1/persons/${crozeId}/aggir`, { letters: 'AACCBBBBAA', evaluated_on: day(2) }),
    'AGGIR');
  const com = await co.post('/api/v1/committees', { held_on: day(1), members: [
    { user_id: co.user.id }, { user_id: med.user.id }, { user_id: ide.user.id }] });
  ok(com, 'committee');
  const kase = await co.post(`/api/v1/committees/${com.json.id}/cases`, { referral_id: rid });
  ok(kase, 'case');
  ok(await med.patch(`/api/v1/committees/${com.json.id}/cases/${kase.json.id}`,
    { team_opinion: 'Avis favorable.' }), 'opinion');
  const dec = await co.post(`/api/v1/committees/${com.json.id}/cases/${kase.json.id}/decision`,
    { decision: 'admettre' });
  ok(dec, 'decision');
  const sid = dec.json.support_id;
  const team = (await co.get('/api/v1/team')).json.items;
  const aide = team.find((u) => u.display_name === 'Nadia Pagès');
  const ssiad = (await co.get('/api/v1/orgs')).json.items.find((o) => o.type === 'ssiad');
  ok(await co.put(`/api/v1/supports/${sid}/plan`, {
    referent_id: ide.user.id,
    problems: 'Chutes répétées.',
    project: 'Rester chez lui avec son épouse.',
    actions: [
      { area: 'soutien_aidant', domain: 'aidant', need: 'Toilette difficile', objective: 'Toilette aidée',
        action: 'Aide à la toilette le matin', who_user_id: aide.id, frequency: 'tous les jours',
        start_on: day(-1), review_on: day(-60), status: 'prevue' },
      { area: 'securite_domicile', domain: 'environnement', need: 'Pansements', objective: 'Soins infirmiers',
        action: 'Passage du SSIAD', who_org_id: ssiad.id, frequency: 'tous les jours',
        start_on: day(-1), review_on: day(-60), status: 'prevue' },
    ] }), 'plan');
  return sid;
}

for (const [size, viewport] of [['bureau', DESKTOP], ['téléphone 360 px', PHONE]]) {
  test(`admission (${size}): the circle proposed from the plan, confirmed, the aide finds her`, TEST,
    async () => {
      const t = await open(viewport);
      const { page, problems } = t;
      try {
        const coord = await apiLogin(t.srv.base, 'coordination');
        const aideApi = await apiLogin(t.srv.base, 'aide');
        const croze = await person(coord, 'croze');
        await admitCroze(t.srv.base, croze.id);
        assert.equal((await aideApi.get('/api/v1/persons?q=croze')).json.total, 0,
          'admitted, CROZE is not yet in the aide\'s circle');
        await loggedIn(t, 'coordination');
        await go(page, `#/personnes/${croze.id}`);
        const proposal = page.getByRole('form', { name: 'Cercle proposé par le plan d\'accompagnement' });
        await proposal.waitFor();
        const aide = proposal.getByLabel('Nadia Pagès');
        const ssiad = proposal.getByLabel('SSIAD du Malzieu');
        assert.equal(await aide.isChecked(), true);
        assert.equal(await ssiad.isChecked(), true);
        assert.equal(await proposal.getByLabel('Laure Chabert').isChecked(), true,
          'the plan\'s referent is proposed');
        await ssiad.uncheck();
        assert.deepEqual(await unlabelledFields(page), []);
        await proposal.getByRole('button', { name: 'Ajouter les membres cochés' }).click();
        await page.getByText('2 membres ajoutés au cercle de soins.').waitFor();
        const circle = (await coord.get(`/api/v1/persons/${croze.id}`)).json.circle;
        assert.ok(circle.some((m) => m.name === 'Nadia Pagès'
          && m.role === 'Plan : Aide à la toilette le matin'));
        assert.ok(circle.some((m) => m.name === 'Laure Chabert'
          && m.role === 'Référent du plan d\'accompagnement'));
        assert.ok(!circle.some((m) => m.name === 'SSIAD du Malzieu'), 'unchecked: not added');
        // Still proposed: the SSIAD only.
        await page.getByRole('form', { name: 'Cercle proposé par le plan d\'accompagnement' })
          .getByLabel('SSIAD du Malzieu').waitFor();
        assert.ok(await scrollWidth(page) <= viewport.width, 'no horizontal scroll');

        await aideOpensCroze(t);
        assert.deepEqual(problems, []);
      } finally {
        await t.close();
      }
    });
}
