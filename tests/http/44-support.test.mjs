// From the committee to the exit (issue 4 steps 6-10 and the views): the
// whole path of a DAC 48 referral for a demo person, the refusals when a
// step comes out of order, the partner's read-only view within consent,
// the pipeline board, the timeline, the delays and the places left.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { assertError, personIds, accesses } from './lib/util.mjs';

let srv;
const c = {};
let ids;
let orgs;

const day = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('contrat signé '.repeat(20)),
  Buffer.from('\n%%EOF\n')]);

before(async () => {
  srv = await startServer();
  for (const a of ['coordination', 'medecin', 'ide', 'secretariat', 'direction', 'dac48', 'aide']) {
    c[a] = await login(srv.base, a);
  }
  ids = await personIds(c.coordination);
  orgs = {};
  for (const o of (await c.coordination.get('/api/v1/orgs')).json.items) orgs[o.type] = o;
});
after(async () => { await srv?.stop(); });

test('the demo year: file active with plans and contracts, a long hospitalisation proposes the exit',
  async () => {
    let r = await c.coordination.get('/api/v1/supports?status=active');
    assert.equal(r.status, 200, r.text);
    const byName = (n) => r.json.items.find((x) => x.person.birth_name === n);
    // Issue 11: the hand-written two and 27 of the generated cohort, with
    // 3 more admitted whose contract is to sign: 32 followed, target 34.
    const active = r.json.items.map((x) => x.person.birth_name);
    assert.equal(active.length, 29);
    assert.ok(active.includes('BOUDON') && active.includes('VALENTIN'));
    assert.deepEqual(r.json.places, { target: 34, active: 29, preparing: 3, left: 2 });
    assert.ok(r.json.items.every((x) => x.plan.version >= 1 && x.contract.signed_on !== null), 'plan, contract');
    // The cohort's hospitalisation still going on, and VALENTIN's.
    assert.deepEqual(r.json.items.filter((x) => x.hospitalised_since !== null).map((x) => x.person.birth_name),
      ['MALIGE', 'VALENTIN']);
    assert.equal(byName('MALIGE').hospitalised_since, day(5));
    assert.equal(byName('MALIGE').exit_proposed, null, 'five days: no exit proposed');
    const prep = await c.coordination.get('/api/v1/supports?status=preparation');
    assert.deepEqual(prep.json.items.map((x) => [x.person.birth_name, x.plan.version, x.contract]),
      [['CASTANIER', 1, null], ['MIRMAN', 1, null], ['REVERSAT', 1, null]]);
    assert.equal(byName('BOUDON').plan.version, 2);
    assert.equal(byName('BOUDON').contract.signed_by, 'representant');
    assert.equal(byName('BOUDON').exit_proposed, null);
    // VALENTIN has been in hospital for 120 days: beyond 3 months.
    const v = byName('VALENTIN');
    assert.equal(v.hospitalised_since, day(120));
    assert.deepEqual(v.exit_proposed, { reason: 'hospitalisation_longue', since: day(120) });
    r = await c.coordination.get('/api/v1/supports?status=sortie');
    const ch = r.json.items.find((x) => x.person.birth_name === 'CHAZAL');
    assert.deepEqual([ch.exit.reason, ch.exit.relay.org.name, ch.exit.relay.informed_on],
      ['souhait_personne', orgs.saad.name, day(38)]);
    // The cohort's three exits: a death (no relay), an EHPAD, a relay by the SSIAD.
    assert.deepEqual(r.json.items.filter((x) => x.person.birth_name !== 'CHAZAL')
      .map((x) => [x.person.birth_name, x.exit.reason, x.exit.on, x.exit.relay?.org?.name ?? x.exit.relay?.name ?? null]),
    [['GIBELIN', 'deces', day(62), null], ['PUECH', 'absence_plus_value', day(27), orgs.ssiad.name],
      ['SALTEL', 'entree_ehpad_usld', day(102), 'EHPAD de Saint-Alban-sur-Limagnole']]);
    r = await c.coordination.get('/api/v1/pipeline');
    const col = (code) => r.json.columns.find((x) => x.code === code);
    assert.equal(col('actif').items.length, 29);
    assert.deepEqual(col('actif').items.filter((x) => x.flag).map((x) => x.person.birth_name), ['VALENTIN']);
    assert.equal(col('actif').items.find((x) => x.person.birth_name === 'BOUDON').flag, false);
    assert.deepEqual(col('sorti').items.map((x) => x.person.birth_name).sort(),
      ['CHAZAL', 'GIBELIN', 'PUECH', 'SALTEL']);
    // The four evaluated referrals are on the next committee's agenda
    // (the demo plans it, issue 12 review): in its column.
    assert.deepEqual(r.json.columns.map((x) => x.count), [2, 6, 0, 4, 3, 29, 4]);
    // Its timeline, from the referral to the relay, in date order.
    r = await c.coordination.get(`/api/v1/persons/${ids.CHAZAL}/timeline`);
    const on = r.json.items.map((x) => x.on.slice(0, 10));
    assert.deepEqual(on, [...on].sort());
    assert.equal(r.json.items[0].kind, 'referral.received');
    assert.equal(r.json.items.at(-1).kind, 'support.relay');
    // VALENTIN objected to sharing medical data: the DAC (in his circle)
    // reads the home visit, not the medical evaluation; a secretary sees
    // neither his hospitalisation nor the team's opinion.
    const vref = (await c.coordination.get(`/api/v1/referrals?person_id=${ids.VALENTIN}&status=admis`))
      .json.items[0];
    const kinds = async (cl) => (await cl.get(`/api/v1/referrals/${vref.id}/evaluations`)).json.items
      .map((e) => e.kind);
    assert.deepEqual(await kinds(c.coordination), ['domicile', 'medicale']);
    assert.deepEqual(await kinds(c.dac48), ['domicile']);
    r = await c.secretariat.get(`/api/v1/supports/${v.id}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.absences, r.json.hospitalised_since, r.json.exit_proposed], [null, null, null]);
    r = await c.secretariat.get('/api/v1/supports?status=active');
    assert.ok(r.json.items.every((x) => x.hospitalised_since === null && x.exit_proposed === null));
    r = await c.dac48.get(`/api/v1/persons/${ids.VALENTIN}/timeline`);
    assert.equal(r.status, 200, r.text);
    assert.ok(!r.json.items.some((x) => /Évaluation médicale/.test(x.label)));
    const coms = (await c.secretariat.get('/api/v1/committees')).json.items;
    const seen = [];
    for (const m of coms) {
      for (const k of (await c.secretariat.get(`/api/v1/committees/${m.id}`)).json.items) seen.push(k);
    }
    // And the next one, planned (issue 12 review), with the four
    // referrals evaluated since on its agenda, no opinion yet.
    assert.equal(coms.length, 4 + 12 + 1, 'the four hand-written, one every four weeks for the cohort, the next');
    assert.equal(seen.length, 4 + 33 + 4);
    const pending = seen.filter((k) => k.opinion.given !== true);
    assert.equal(pending.length, 4);
    assert.ok(seen.filter((k) => k.opinion.given === true)
      .every((k) => k.opinion.text === null && k.note === null));
    // The refused demo referral is counted in the delays.
    r = await c.direction.get('/api/v1/supports/delays');
    assert.ok(r.json.decisions.refuser >= 1 && r.json.decisions.admettre >= 2, r.text);
  });

// A referral taken to "evaluation": received, waitlisted, both evaluations,
// and a recent AGGIR (GIR 3).
async function evaluated(pid, over = {}, aggirOn = day(10), evalOn = [day(30), day(25)]) {
  let r = await c.coordination.post('/api/v1/referrals', { person_id: pid, source: 'dac',
    referrer_org_id: orgs.dac.id, channel: 'messagerie_securisee', reason: 'Maintien à domicile fragile',
    requested_volet: 2, referrer_name: 'Coordinatrice DAC 48', received_on: day(40), ...over });
  assert.equal(r.status, 201, r.text);
  const rid = r.json.id;
  r = await c.coordination.post(`/api/v1/referrals/${rid}/triage`, { action: 'accepter' });
  assert.equal(r.status, 200, r.text);
  r = await c.coordination.post(`/api/v1/referrals/${rid}/evaluations`, { kind: 'domicile', done_on: evalOn[0],
    joint_with: 'SSIAD du Malzieu', findings: 'Logement à étage, escalier sans rampe.' });
  assert.equal(r.status, 201, r.text);
  r = await c.medecin.post(`/api/v1/referrals/${rid}/evaluations`, { kind: 'medicale', done_on: evalOn[1],
    with_gp: true, findings: 'Polypathologie stable, chutes répétées.' });
  assert.equal(r.status, 201, r.text);
  if (aggirOn) {
    r = await c.coordination.post(`/api/v1/persons/${pid}/aggir`, { letters: 'AACCBBBBAA',
      evaluated_on: aggirOn });
    assert.equal(r.status, 201, r.text);
  }
  return rid;
}

async function committee(held = day(5)) {
  const r = await c.coordination.post('/api/v1/committees', { held_on: held, guests: 'DAC 48',
    members: [{ user_id: c.coordination.user.id }, { user_id: c.medecin.user.id },
      { user_id: c.ide.user.id }] });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

function plan(over = {}) {
  return {
    referent_id: c.ide.user.id,
    problems: 'Chutes répétées, épouse aidante épuisée.',
    project: 'Rester à la maison avec son épouse.',
    actions: [
      { area: 'securite_domicile', domain: 'environnement', need: 'Escalier dangereux',
        objective: 'Sécuriser les déplacements', action: 'Visite de l\'ergothérapeute, rampe',
        who_user_id: c.ide.user.id, frequency: 'une fois', start_on: day(3), due_on: day(-30),
        review_on: day(-60), status: 'en_cours' },
      { area: 'soutien_aidant', domain: 'aidant', need: 'Épuisement de l\'épouse',
        objective: 'Soulager l\'aidante', action: 'Aide à domicile le matin',
        who_org_id: orgs.saad.id, frequency: 'tous les jours', start_on: day(3),
        review_on: day(-90), status: 'prevue' },
    ],
    ...over,
  };
}

async function upload(pid) {
  const r = await c.coordination.raw('POST', `/api/v1/persons/${pid}/documents?category=admin&title=`
    + encodeURIComponent('Contrat d\'accompagnement signé'), PDF, { 'content-type': 'application/pdf' });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

test('a DAC 48 referral from committee to an active support then an exit, each step refused out of order',
  async () => {
    const pid = ids.TEISSIER;
    const rid = await evaluated(pid);
    const com = await committee();
    assert.equal(com.members.length, 3);
    // Not evaluated yet → not on the agenda.
    const fresh = await c.coordination.post('/api/v1/referrals', { person_id: ids.CROZE, source: 'aidant',
      channel: 'telephone', reason: 'Fils inquiet', requested_volet: 2, referrer_name: 'Fils' });
    assertError(await c.coordination.post(`/api/v1/committees/${com.id}/cases`,
      { referral_id: fresh.json.id }), 409, 'referral.state');
    let r = await c.coordination.post(`/api/v1/committees/${com.id}/cases`, { referral_id: rid });
    assert.equal(r.status, 201, r.text);
    const kase = r.json;
    assert.equal(kase.decision, null);
    assertError(await c.coordination.post(`/api/v1/committees/${com.id}/cases`, { referral_id: rid }),
      409, 'committee.case.pending');
    // Decision before the team's opinion; a secretary may not decide.
    const decide = (cl, body) => cl.post(`/api/v1/committees/${com.id}/cases/${kase.id}/decision`, body);
    assertError(await decide(c.coordination, { decision: 'admettre' }), 409, 'committee.opinion_missing');
    assertError(await decide(c.secretariat, { decision: 'admettre' }), 403, 'role.forbidden');
    r = await c.ide.patch(`/api/v1/committees/${com.id}/cases/${kase.id}`,
      { team_opinion: 'Avis favorable : situation à risque, aidante épuisée.' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.opinion.by, 'Laure Chabert');
    // Refusal needs its reason; orientation needs a target.
    assertError(await decide(c.coordination, { decision: 'refuser', note: 'x'.repeat(5) }), 422,
      'committee.refusal_reason.required', 'refusal_reason');
    assertError(await decide(c.coordination, { decision: 'orienter' }), 422,
      'committee.oriented_to.required', 'oriented_to');
    assertError(await decide(c.coordination, { decision: 'refuser', refusal_reason: 'nope', note: 'x' }),
      422, 'committee.refusal_reason.invalid', 'refusal_reason');
    r = await decide(c.coordination, { decision: 'admettre' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.decision, 'admettre');
    assert.equal(r.json.eligible, true);
    assert.equal(r.json.decided_by, 'Sophie Boyer');
    assert.equal(r.json.referral_status, 'admis');
    const sid = r.json.support_id;
    assert.ok(sid);
    assertError(await decide(c.coordination, { decision: 'refuser', refusal_reason: 'autre', note: 'non' }),
      409, 'committee.case.decided');

    // Contract before the plan: refused; the support waits in preparation.
    const doc = await upload(pid);
    const contract = { signed_on: day(0), signed_by: 'personne', document_id: doc };
    assertError(await c.coordination.post(`/api/v1/supports/${sid}/contract`, contract), 409, 'support.state');
    assertError(await c.ide.post(`/api/v1/supports/${sid}/absences`, { kind: 'hospitalisation',
      start_on: day(1), place: 'CH de Mende' }), 409, 'support.state');
    r = await c.coordination.get(`/api/v1/supports/${sid}`);
    assert.equal(r.json.status, 'preparation');

    // The plan: validated per action, versioned.
    assertError(await c.ide.put(`/api/v1/supports/${sid}/plan`, plan({ actions: [{ ...plan().actions[0],
      who_org_id: orgs.saad.id }] })), 422, 'plan.actions.who_user_id.invalid', 'actions.0.who_user_id');
    assertError(await c.ide.put(`/api/v1/supports/${sid}/plan`, plan({ actions: [{ ...plan().actions[0],
      status: 'non_realisee' }] })), 422, 'plan.actions.status_reason.invalid');
    assertError(await c.ide.put(`/api/v1/supports/${sid}/plan`, plan({ referent_id: c.dac48.user.id })),
      422, 'plan.referent_id.invalid', 'referent_id');
    assertError(await c.ide.put(`/api/v1/supports/${sid}/plan`, plan({ actions: [{ ...plan().actions[0],
      area: 'jardinage' }] })), 422, 'support.actions.area.invalid');
    r = await c.ide.put(`/api/v1/supports/${sid}/plan`, plan());
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 1);
    assert.equal(r.json.referent.name, 'Laure Chabert');
    assert.equal(r.json.actions[1].who_org.name, orgs.saad.name);
    const v2 = plan();
    v2.actions[0].status = 'realisee';
    r = await c.ide.put(`/api/v1/supports/${sid}/plan`, v2);
    assert.equal(r.json.version, 2);
    r = await c.ide.get(`/api/v1/supports/${sid}/plan/versions`);
    assert.deepEqual(r.json.items.map((x) => x.version), [2, 1]);
    r = await c.ide.get(`/api/v1/supports/${sid}/plan?version=1`);
    assert.equal(r.json.actions[0].status, 'en_cours');
    assert.equal(r.json.current, false);

    // The contract: the representative needs a name; a date before the decision is refused.
    assertError(await c.coordination.post(`/api/v1/supports/${sid}/contract`, { ...contract,
      signed_by: 'representant' }), 422, 'support.signer_name.required');
    assertError(await c.coordination.post(`/api/v1/supports/${sid}/contract`, { ...contract,
      signed_on: day(60) }), 422, 'support.signed_on.invalid');
    assertError(await c.coordination.post(`/api/v1/supports/${sid}/contract`, { ...contract,
      document_id: 999999 }), 422, 'support.document_id.invalid');
    r = await c.coordination.post(`/api/v1/supports/${sid}/contract`, { ...contract, signed_on: day(0) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'active');
    assert.equal(r.json.started_on, day(0));
    assert.equal(r.json.contract.signed_by, 'personne');
    assertError(await c.coordination.post(`/api/v1/supports/${sid}/contract`, contract), 409, 'support.state');

    // A hospitalisation: the place is held (still active); one open at a time.
    r = await c.ide.post(`/api/v1/supports/${sid}/absences`, { kind: 'hospitalisation', start_on: day(0),
      place: 'CH de Mende, médecine' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.status, 'active');
    assert.equal(r.json.hospitalised_since, day(0));
    assert.equal(r.json.exit_proposed, null);
    const aid = r.json.absences[0].id;
    assertError(await c.ide.post(`/api/v1/supports/${sid}/absences`, { kind: 'absence', start_on: day(0),
      place: 'Chez sa fille' }), 409, 'support.state');
    r = await c.ide.patch(`/api/v1/supports/${sid}/absences/${aid}`, { end_on: day(0) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.hospitalised_since, null);
    assertError(await c.ide.patch(`/api/v1/supports/${sid}/absences/${aid}`, { end_on: day(0) }), 409,
      'support.state');

    // The exit: one of the six codes, a relay except after a death, decided in team.
    const exit = { reason: 'entree_ehpad_usld', exit_on: day(0), decision: 'Décidé en réunion d\'équipe.' };
    assertError(await c.ide.post(`/api/v1/supports/${sid}/exit`, { ...exit, relay_org_id: orgs.ssiad.id }),
      403, 'role.forbidden');
    assertError(await c.coordination.post(`/api/v1/supports/${sid}/exit`, exit), 422,
      'support.relay.required', 'relay_org_id');
    assertError(await c.coordination.post(`/api/v1/supports/${sid}/exit`, { ...exit, reason: 'demenagement',
      relay_name: 'EHPAD' }), 422, 'support.reason.invalid', 'reason');
    assertError(await c.coordination.patch(`/api/v1/supports/${sid}/exit`, { relay_informed_on: day(0) }),
      409, 'support.state');
    // Not before the support started (today), even if after the decision.
    assertError(await c.coordination.post(`/api/v1/supports/${sid}/exit`, { ...exit, exit_on: day(1),
      relay_org_id: orgs.ssiad.id }), 422, 'support.exit_on.invalid', 'exit_on');
    r = await c.coordination.post(`/api/v1/supports/${sid}/exit`, { ...exit, relay_org_id: orgs.ssiad.id });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'sortie');
    assert.deepEqual([r.json.exit.reason, r.json.exit.relay.org.name, r.json.exit.relay.informed_on],
      ['entree_ehpad_usld', orgs.ssiad.name, null]);
    r = await c.coordination.patch(`/api/v1/supports/${sid}/exit`, { relay_informed_on: day(0) });
    assert.equal(r.json.exit.relay.informed_on, day(0));
    assertError(await c.coordination.post(`/api/v1/supports/${sid}/exit`, { ...exit, reason: 'deces' }), 409,
      'support.state');
    assertError(await c.ide.put(`/api/v1/supports/${sid}/plan`, plan()), 409, 'support.state');
    assertError(await c.ide.patch(`/api/v1/supports/${sid}/absences/${aid}`, { end_on: day(0) }), 409,
      'support.state');

    // The timeline tells the whole episode in order.
    r = await c.coordination.get(`/api/v1/persons/${pid}/timeline`);
    assert.equal(r.status, 200, r.text);
    const kinds = r.json.items.map((x) => x.kind);
    for (const k of ['referral.received', 'referral.evaluation', 'committee.case', 'committee.decision',
      'support.plan', 'support.contract', 'support.start', 'support.absence', 'support.return',
      'support.exit', 'support.relay']) assert.ok(kinds.includes(k), k);
    assert.ok(kinds.indexOf('referral.received') < kinds.indexOf('committee.decision'));
    assert.ok(kinds.indexOf('committee.decision') < kinds.indexOf('support.exit'));
    assert.match(r.json.items.find((x) => x.kind === 'support.exit').label, /Entrée en EHPAD ou en USLD/);
    // Issue 8 point 17: one convention. `on` is always the day (Paris),
    // the decision is dated the committee's day (held 5 days ago, typed
    // today); `at` is the instant only for acts done in Maillage.
    const paris = (iso) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
    for (const x of r.json.items) {
      assert.match(x.on, /^\d{4}-\d{2}-\d{2}$/, `${x.kind} ${x.on}`);
      assert.ok('at' in x, x.kind);
      if (x.at !== null) {
        assert.match(x.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, x.kind);
        assert.equal(x.on, paris(x.at), x.kind);
      }
    }
    const dec = r.json.items.filter((x) => x.kind === 'committee.decision');
    assert.deepEqual(dec.map((x) => [x.on, x.at]), [[day(5), null]]);
    assert.equal(r.json.items.find((x) => x.kind === 'committee.case').on, day(5));
    assert.ok(kinds.indexOf('committee.decision') < kinds.indexOf('support.plan'));
    const plans = r.json.items.filter((x) => x.kind === 'support.plan');
    assert.equal(plans.length, 2);
    assert.ok(plans.every((x) => x.at !== null));

    // Re-admission later starts a new support.
    const rid2 = await evaluated(pid, { received_on: day(0) }, null, [day(0), day(0)]);
    const com2 = await committee(day(0));
    r = await c.coordination.post(`/api/v1/committees/${com2.id}/cases`, { referral_id: rid2,
      team_opinion: 'Retour à domicile après un essai en EHPAD.' });
    r = await c.coordination.post(`/api/v1/committees/${com2.id}/cases/${r.json.id}/decision`,
      { decision: 'admettre' });
    assert.equal(r.status, 200, r.text);
    assert.notEqual(r.json.support_id, sid);
    const sid2 = r.json.support_id;
    r = await c.coordination.get(`/api/v1/persons/${pid}/supports`);
    assert.deepEqual(r.json.items.map((x) => x.status), ['sortie', 'preparation']);

    // Issue 8 point 16: a support that never started (no plan, no
    // contract) has no exit; the person renounces before signing.
    const crit = { reason: 'criteres_non_remplis', exit_on: day(0), decision: 'Réunion d\'équipe.',
      relay_org_id: orgs.saad.id, doctor_opinion: 'Autonomie retrouvée après rééducation (GIR 5).' };
    for (const reason of ['criteres_non_remplis', 'souhait_personne', 'deces']) {
      assertError(await c.coordination.post(`/api/v1/supports/${sid2}/exit`, { ...crit, reason,
        doctor_opinion: reason === 'criteres_non_remplis' ? crit.doctor_opinion : null }), 409, 'support.state');
    }
    const board = async () => (await c.coordination.get('/api/v1/pipeline')).json.columns;
    const sortis = (cols) => cols.find((x) => x.code === 'sorti').items.filter((x) => x.person.id === pid);
    assert.deepEqual(sortis(await board()).map((x) => x.detail), ['entree_ehpad_usld']);
    const wd = { withdrawn_on: day(0), reason: 'Préfère attendre une place en EHPAD près de sa fille.' };
    const withdraw = (cl, body) => cl.post(`/api/v1/supports/${sid2}/withdrawal`, body);
    assertError(await withdraw(c.ide, wd), 403, 'role.forbidden');
    assertError(await withdraw(c.coordination, { withdrawn_on: day(0) }), 422, 'support.reason.required',
      'reason');
    // Not one of the exit reasons: its own text, no exit fields.
    assertError(await withdraw(c.coordination, { ...wd, exit_on: day(0) }), 400, 'support.unknown_field',
      'exit_on');
    assertError(await withdraw(c.coordination, { ...wd, withdrawn_on: day(-2) }), 422,
      'support.withdrawn_on.invalid', 'withdrawn_on');
    assertError(await withdraw(c.coordination, { ...wd, withdrawn_on: day(1) }), 422,
      'support.withdrawn_on.invalid', 'withdrawn_on');
    // Nothing changed by the refusals.
    assert.equal((await c.coordination.get(`/api/v1/supports/${sid2}`)).json.status, 'preparation');
    r = await withdraw(c.coordination, wd);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'renonce');
    assert.equal(r.json.exit, null);
    assert.deepEqual([r.json.withdrawal.label, r.json.withdrawal.on, r.json.withdrawal.reason,
      r.json.withdrawal.by], ['Renonciation avant signature', day(0), wd.reason, 'Sophie Boyer']);
    assertError(await withdraw(c.coordination, wd), 409, 'support.state');
    assertError(await c.coordination.post(`/api/v1/supports/${sid2}/exit`, crit), 409, 'support.state');
    assertError(await c.coordination.post(`/api/v1/supports/${sid2}/contract`, { signed_on: day(0),
      signed_by: 'personne', document_id: doc }), 409, 'support.state');
    assertError(await c.ide.put(`/api/v1/supports/${sid2}/plan`, plan()), 409, 'support.state');
    // Not an exit: not in « sortis », nor admitted, nor the file active;
    // listed apart by its own status; on the timeline; traced.
    const cols = await board();
    assert.deepEqual(sortis(cols).map((x) => x.detail), ['entree_ehpad_usld']);
    assert.ok(!cols.some((col) => col.items.some((x) => x.support_id === sid2)));
    r = await c.coordination.get('/api/v1/supports?status=sortie');
    assert.ok(!r.json.items.some((x) => x.id === sid2));
    r = await c.coordination.get('/api/v1/supports?status=renonce');
    assert.deepEqual(r.json.items.map((x) => x.id), [sid2]);
    r = await c.coordination.get(`/api/v1/persons/${pid}/timeline`);
    const w = r.json.items.filter((x) => x.kind === 'support.withdrawal');
    assert.deepEqual(w.map((x) => [x.on, x.support_id]), [[day(0), sid2]]);
    assert.match(w[0].label, /^Renonciation avant signature : Préfère attendre/);
    assert.equal(r.json.items.filter((x) => x.kind === 'support.exit').length, 1);
    const rows = await accesses(c.coordination, pid);
    assert.ok(rows.some((t) => t.action === 'support.withdrawal' && t.login === 'coordination'
      && t.outcome === 'ok'));

    // The withdrawn support is closed: a new admission starts a new one.
    const rid3 = await evaluated(pid, { received_on: day(0) }, null, [day(0), day(0)]);
    r = await c.coordination.post(`/api/v1/committees/${com2.id}/cases`, { referral_id: rid3,
      team_opinion: 'Revient sur sa décision.' });
    assert.equal(r.status, 201, r.text);
    r = await c.coordination.post(`/api/v1/committees/${com2.id}/cases/${r.json.id}/decision`,
      { decision: 'admettre' });
    assert.equal(r.status, 200, r.text);
    const sid3 = r.json.support_id;
    r = await c.coordination.get(`/api/v1/persons/${pid}/supports`);
    assert.deepEqual(r.json.items.map((x) => x.status), ['sortie', 'renonce', 'preparation']);
    assert.equal((await c.ide.put(`/api/v1/supports/${sid3}/plan`, plan())).status, 200);
    r = await c.coordination.post(`/api/v1/supports/${sid3}/contract`, { signed_on: day(0),
      signed_by: 'personne', document_id: doc });
    assert.equal(r.status, 200, r.text);
    // No longer meeting the criteria for a health reason: the doctor's
    // opinion goes with it (and only with that reason).
    assertError(await c.coordination.post(`/api/v1/supports/${sid3}/exit`, { ...crit,
      reason: 'souhait_personne' }), 422, 'support.doctor_opinion.unused', 'doctor_opinion');
    r = await c.coordination.post(`/api/v1/supports/${sid3}/exit`, crit);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.exit.doctor_opinion, crit.doctor_opinion);
    assertError(await c.coordination.post(`/api/v1/supports/${sid3}/withdrawal`, wd), 409, 'support.state');
  });

test('admitting needs both evaluations, a recent AGGIR and eligibility or a written override', async () => {
  const pid = ids.MALAVAL;
  // AGGIR older than the CRT's limit (12 months by default).
  const rid = await evaluated(pid, {}, day(400));
  // A committee that sat before the evaluations cannot take the case.
  const old = await committee(day(365));
  assertError(await c.coordination.post(`/api/v1/committees/${old.id}/cases`, { referral_id: rid }), 409,
    'committee.before_evaluation');
  const com = await committee();
  let r = await c.coordination.post(`/api/v1/committees/${com.id}/cases`, { referral_id: rid,
    team_opinion: 'Favorable' });
  const path = `/api/v1/committees/${com.id}/cases/${r.json.id}/decision`;
  assertError(await c.coordination.post(path, { decision: 'admettre' }), 409, 'committee.aggir_outdated');
  r = await c.direction.put('/api/v1/crt/settings', { file_active_target: 40, aggir_valid_months: 18 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { file_active_target: 40, aggir_valid_months: 18,
    oncall_phone: '04 66 32 15 15' }, 'the on-call number is kept when absent');
  assertError(await c.direction.put('/api/v1/crt/settings', { file_active_target: 10,
    aggir_valid_months: 18 }), 422, 'support.file_active_target.range', 'file_active_target');
  // Now recent enough; but an exclusion criterion makes the person not eligible.
  r = await c.coordination.put(`/api/v1/persons/${pid}/exclusions`,
    { items: [{ code: 'refus_teleassistance', applies: true, note: 'Refuse le médaillon' }] });
  assert.equal(r.status, 200, r.text);
  assertError(await c.coordination.post(path, { decision: 'admettre' }), 422, 'committee.override_required',
    'override_reason');
  assertError(await c.coordination.post(path, { decision: 'admettre', override_reason: 'court' }), 422,
    'committee.override_required');
  r = await c.coordination.post(path, { decision: 'admettre', override_reason:
    'Accepte un détecteur de chute à la place du médaillon : risque couvert.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.eligible, false);
  assert.match(r.json.override_reason, /détecteur de chute/);
  // The place count follows: one admitted, target 40.
  r = await c.coordination.get('/api/v1/waitlist');
  assert.equal(r.json.places.target, 40);
  assert.ok(r.json.places.preparing >= 4, 'the demo\'s three and this one');
  assert.equal(r.json.places.left, 40 - r.json.places.active - r.json.places.preparing);
  // Below what is followed, no place is left (never a negative count).
  await c.direction.put('/api/v1/crt/settings', { file_active_target: 30, aggir_valid_months: 18 });
  r = await c.coordination.get('/api/v1/waitlist');
  assert.deepEqual([r.json.places.target, r.json.places.left], [30, 0]);
  await c.direction.put('/api/v1/crt/settings', { file_active_target: 34, aggir_valid_months: 12 });

  // The direction reads but decides nothing (its write ceiling is empty).
  assertError(await c.direction.post(path, { decision: 'refuser', refusal_reason: 'autre', note: 'Non' }),
    403, 'role.forbidden');
  // Without the medical evaluation: refused.
  let x = await c.coordination.post('/api/v1/referrals', { person_id: ids.CHAZAL, source: 'ssiad',
    channel: 'telephone', reason: 'Aggravation', requested_volet: 2, referrer_name: 'IDEC SSIAD',
    received_on: day(20) });
  const xr = x.json.id;
  await c.coordination.post(`/api/v1/referrals/${xr}/triage`, { action: 'accepter' });
  await c.coordination.post(`/api/v1/referrals/${xr}/evaluations`, { kind: 'domicile', done_on: day(10),
    findings: 'Visite faite.' });
  // The team's opinion is care data: the secretariat puts the case on
  // the agenda but may not write the opinion.
  assertError(await c.secretariat.post(`/api/v1/committees/${com.id}/cases`, { referral_id: xr,
    team_opinion: 'À revoir' }), 403, 'access.denied');
  x = await c.secretariat.post(`/api/v1/committees/${com.id}/cases`, { referral_id: xr });
  assert.equal(x.status, 201, x.text);
  assert.equal(x.json.opinion.given, false);
  x = await c.coordination.patch(`/api/v1/committees/${com.id}/cases/${x.json.id}`,
    { team_opinion: 'À revoir' });
  const xpath = `/api/v1/committees/${com.id}/cases/${x.json.id}/decision`;
  assertError(await c.coordination.post(xpath, { decision: 'admettre' }), 409,
    'committee.evaluations_missing');
  // Refused with a reason from the list: the referrer is owed feedback.
  x = await c.coordination.post(xpath, { decision: 'refuser', refusal_reason: 'besoins_couverts',
    note: 'Le SSIAD et le SAAD suffisent pour le moment.' });
  assert.equal(x.status, 200, x.text);
  assert.equal(x.json.referral_status, 'refuse');
  x = await c.coordination.get('/api/v1/referrals?feedback_due=1');
  assert.ok(x.json.items.some((y) => y.id === xr));
  // A committee in the future: no decision yet.
  const later = await committee(day(-7));
  const y = await c.coordination.post('/api/v1/referrals', { person_id: ids.PRADAL, source: 'personne',
    channel: 'telephone', reason: 'Demande de la personne', requested_volet: 2, referrer_name: 'Elle-même' });
  await c.coordination.post(`/api/v1/referrals/${y.json.id}/triage`, { action: 'accepter' });
  await c.ide.post(`/api/v1/referrals/${y.json.id}/evaluations`, { kind: 'domicile', done_on: day(0),
    findings: 'Visite faite.' });
  x = await c.coordination.post(`/api/v1/committees/${later.id}/cases`, { referral_id: y.json.id,
    team_opinion: 'Orientation vers le SSIAD' });
  assertError(await c.coordination.post(`/api/v1/committees/${later.id}/cases/${x.json.id}/decision`,
    { decision: 'orienter', oriented_to: 'SSIAD du Malzieu' }), 409, 'committee.not_held');
});

test('partner: the plan of a person in its circle, read-only, and not once she objects', async () => {
  const pid = ids.ROUSSET;
  const rid = await evaluated(pid);
  const com = await committee();
  let r = await c.coordination.post(`/api/v1/committees/${com.id}/cases`, { referral_id: rid,
    team_opinion: 'Favorable' });
  r = await c.coordination.post(`/api/v1/committees/${com.id}/cases/${r.json.id}/decision`,
    { decision: 'admettre' });
  const sid = r.json.support_id;
  r = await c.ide.put(`/api/v1/supports/${sid}/plan`, plan());
  assert.equal(r.status, 200, r.text);
  // The DAC is in ROUSSET's circle: it reads the current plan.
  r = await c.dac48.get(`/api/v1/supports/${sid}/plan`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.version, 1);
  assertError(await c.dac48.put(`/api/v1/supports/${sid}/plan`, plan()), 403, 'access.denied');
  assertError(await c.dac48.get('/api/v1/supports'), 403, 'role.forbidden');
  assertError(await c.dac48.get('/api/v1/pipeline'), 403, 'role.forbidden');
  assertError(await c.dac48.get('/api/v1/committees'), 403, 'role.forbidden');
  // The person objects to sharing with the DAC: nothing any more.
  r = await c.coordination.post(`/api/v1/persons/${pid}/objections`, { org_id: orgs.dac.id,
    note: 'Ne souhaite plus de partage avec le DAC' });
  assert.equal(r.status, 201, r.text);
  // Answered like a missing support (issue 8 review 19), the denial traced.
  assertError(await c.dac48.get(`/api/v1/supports/${sid}/plan`), 404, 'support.not_found');
  assertError(await c.dac48.get(`/api/v1/supports/${sid}`), 404, 'support.not_found');
  // Not in the circle (CROZE): refused too.
  const rows = await accesses(c.coordination, pid);
  assert.ok(rows.some((a) => a.action === 'plan.read' && a.login === 'dac48' && a.grant !== 'denied'));
  assert.ok(rows.some((a) => a.action === 'plan.read' && a.login === 'dac48' && a.grant === 'denied'));
});

test('views: pipeline board with counts, file active with places, delays, hospitalisation > 3 months',
  async () => {
    let r = await c.coordination.get('/api/v1/pipeline');
    assert.equal(r.status, 200, r.text);
    const col = (code) => r.json.columns.find((x) => x.code === code);
    assert.deepEqual(r.json.columns.map((x) => x.code), ['demande', 'liste_attente', 'evaluation', 'comite',
      'admis', 'actif', 'sorti']);
    for (const x of r.json.columns) assert.equal(x.count, x.items.length);
    assert.ok(col('sorti').items.some((x) => x.person.birth_name === 'TEISSIER' &&
      x.detail === 'entree_ehpad_usld'));
    assert.ok(col('admis').count >= 2);
    assert.ok(col('comite').items.some((x) => x.person.birth_name === 'PRADAL'));
    assert.ok(col('demande').items.some((x) => x.person.birth_name === 'CROZE'));
    // An active support hospitalised for more than 3 months: the exit is proposed.
    const sup = col('admis').items.find((x) => x.person.birth_name === 'ROUSSET');
    const sid = sup.support_id;
    const doc = await upload(ids.ROUSSET);
    r = await c.coordination.post(`/api/v1/supports/${sid}/contract`, { signed_on: day(0),
      signed_by: 'representant', signer_name: 'Sa fille, Anne Rousset', document_id: doc });
    assert.equal(r.status, 200, r.text);
    // Back-dated start is refused (before the support began); so move the
    // start through the database-free path: a hospitalisation cannot predate
    // the start, and the proposal is computed from today's date.
    assertError(await c.ide.post(`/api/v1/supports/${sid}/absences`, { kind: 'hospitalisation',
      start_on: day(120), place: 'CHU de Clermont' }), 422, 'support.start_on.invalid');
    r = await c.coordination.get('/api/v1/supports?status=active');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.some((x) => x.id === sid));
    assert.equal(r.json.places.target, 34);
    assert.equal(r.json.places.active, r.json.items.length);
    assertError(await c.coordination.get('/api/v1/supports?status=bidon'), 422, 'supports.status.invalid');
    // Issue 3: the person list filters volet-2 beneficiaries (an active support) or not.
    const names = async (qs) => (await c.coordination.get(`/api/v1/persons?${qs}`)).json.items
      .map((x) => x.birth_name);
    const yes = await names('beneficiary=1');
    assert.ok(yes.includes('ROUSSET'));
    assert.ok(!yes.includes('TEISSIER'), 'exited, then admitted again but not yet active');
    const no = await names('beneficiary=0');
    assert.ok(no.includes('TEISSIER') && !no.includes('ROUSSET'));
    assert.equal(yes.length + no.length, (await names('limit=200')).length);
    assert.deepEqual(await names('beneficiary=1&q=rousset'), ['ROUSSET']);
    assertError(await c.coordination.get('/api/v1/persons?beneficiary=oui'), 422, 'persons.beneficiary.invalid',
      'beneficiary');
    // Delays over the last year: the decisions of these tests.
    r = await c.direction.get('/api/v1/supports/delays');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.decisions.total >= 4);
    assert.ok(r.json.decisions.admettre >= 3);
    assert.ok(r.json.decisions.refuser >= 1);
    assert.ok(r.json.referral_to_decision.count >= 4);
    assert.ok(r.json.referral_to_decision.median_days >= 0);
    assert.ok(r.json.referral_to_start.count >= 2);
    assertError(await c.direction.get('/api/v1/supports/delays?from=2026-13-01'), 422,
      'delays.period.invalid');
    // The demo's VALENTIN, in hospital for 120 days: the proposed exit is
    // taken; not before the hospitalisation began, and it ends with it.
    const val = (await c.coordination.get('/api/v1/supports?status=active')).json.items
      .find((x) => x.person.birth_name === 'VALENTIN');
    const longStay = { reason: 'hospitalisation_longue', decision: 'Réunion d\'équipe.',
      relay_name: 'SSR du CHU de Clermont-Ferrand' };
    assertError(await c.coordination.post(`/api/v1/supports/${val.id}/exit`, { ...longStay,
      exit_on: day(121) }), 422, 'support.exit_on.invalid', 'exit_on');
    r = await c.coordination.post(`/api/v1/supports/${val.id}/exit`, { ...longStay, exit_on: day(0) });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.absences.map((a) => [a.start_on, a.end_on]), [[day(120), day(0)]]);
    assert.equal(r.json.hospitalised_since, null);
  });

test('the team list: colleagues for committees and plans, without logins; not for partners', async () => {
  const r = await c.secretariat.get('/api/v1/team');
  assert.equal(r.status, 200, r.text);
  const boyer = r.json.items.find((x) => x.display_name === 'Sophie Boyer');
  assert.deepEqual(Object.keys(boyer).sort(), ['display_name', 'id', 'org', 'partner', 'profession', 'role']);
  assert.equal(boyer.partner, false);
  assert.ok(r.json.items.some((x) => x.partner && x.org === orgs.dac.name));
  assert.ok(!r.json.items.some((x) => x.role === 'admin'));
  assertError(await c.dac48.get('/api/v1/team'), 403, 'role.forbidden');
});

test('the OpenAPI document lists exactly the six exit codes', async () => {
  const r = await c.coordination.get('/api/v1/openapi.json');
  assert.equal(r.status, 200);
  const op = r.json.paths['/api/v1/supports/{id}/exit'].post;
  const schema = op.requestBody.content['application/json'].schema;
  assert.deepEqual(schema.properties.reason.enum, ['hospitalisation_longue', 'souhait_personne',
    'entree_ehpad_usld', 'criteres_non_remplis', 'absence_plus_value', 'deces']);
  assert.ok(r.json.paths['/api/v1/committees']);
  assert.ok(r.json.paths['/api/v1/supports/{id}/plan'].put);
  assert.ok(r.json.paths['/api/v1/supports/{id}/contract'].post);
});
