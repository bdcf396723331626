// Maillage — the telealarm calls on the on-call phone (issue 13): the
// list (#/astreinte/appels: the calls to take and under way, then the
// last ones closed), one call (#/astreinte/appels/ID) with what the
// operator said, its steps, the buttons of its handling (« Je prends
// l'appel », the advice, the home visit, level 2 or the 15 called, the
// outcome) and, for a matched person, her DLU, last notes, this week's
// visits and caregivers (one request: /persons/{id}/record?include=…).
// Both redraw on `alarm.changed` without reload (core/live.js).
//
// Owns: #/astreinte/appels (GET /api/v1/alarms, POST /alarms/manual),
// #/astreinte/appels/ID (GET /alarms/{id}, POST /alarms/{id}/steps).
// Must not: decide any right (the server decides who sees a person and
// who may act; its French refusal is shown where it applies).
//
// Imports web/core/ only; registered by sections/oncall/index.js.
import { api } from '../../core/api.js';
import { append, h, uid } from '../../core/dom.js';
import { frDateTime, personName, telLink } from '../../core/format.js';
import { alertBox, formField, select, setAlert, textArea, textInput } from '../../core/forms.js';
import { liveRefresh } from '../../core/live.js';
import { can } from '../../core/perm.js';
import { focusTitle } from '../../core/router.js';
import { state } from '../../core/session.js';

const REASONS = [['chute', 'Chute'], ['malaise', 'Malaise'], ['douleur', 'Douleur'],
  ['angoisse', 'Angoisse, besoin d\'être rassurée'], ['sans_reponse', 'Pas de réponse de la personne'],
  ['aidant_injoignable', 'Aidants injoignables'], ['technique', 'Problème technique'], ['autre', 'Autre']];
const REASON = Object.fromEntries(REASONS);
const DEVICE = { '0003': 'Déclencheur personnel', '0005': 'Détecteur de chute',
  '0010': 'Détecteur d\'inactivité', '0012': 'Capteur de lit', '0014': 'Capteur de porte' };
const STATUS = { '0009': 'Alarme automatique', '0010': 'Alarme manuelle', '0016': 'Pile faible',
  '0019': 'Annulation', '0085': 'Panne de courant', '0088': 'Présence après alarme', '0102': 'Test',
  '0111': 'Intervention terminée' };
const STATE_LABEL = { open: 'À prendre', taken: 'Pris en charge', closed: 'Clos', cancelled: 'Annulé' };
const STATE_CLASS = { open: 'badge badge-urgent', taken: 'badge badge-info', closed: 'badge state-on',
  cancelled: 'badge' };
const OUTCOMES = [['domicile', 'Reste à domicile'], ['hospitalise', 'Hospitalisé'], ['deces', 'Décès'],
  ['autre', 'Autre']];
// The steps a user adds once the call is taken, with their button.
const STEPS = [['left', 'Départ vers le domicile'], ['arrived', 'Arrivée au domicile'],
  ['left_home', 'Départ du domicile'], ['level2_called', 'Niveau 2 appelé'], ['samu_called', '15 appelé']];

export const callPages = {
  appels: (ctx) => pageCalls(ctx),
  appel: (ctx, r) => pageCall(ctx, r.id),
  'appels-stats': (ctx, r) => pageStats(ctx, r.params),
};

function who(c) {
  if (c.person_id && !c.identity_hidden)
    return personName({ birth_name_display: c.birth_name_display, first_names_display: c.first_names_display });
  if (c.person_id) return 'Personne (identité masquée)';
  return c.subscriber_ref ? `Abonné non rapproché (${c.subscriber_ref})` : 'Personne non précisée';
}

function badges(c) {
  return h('p', { class: 'badge-row' },
    h('span', { class: STATE_CLASS[c.state] || 'badge' }, STATE_LABEL[c.state] || c.state), ' ',
    c.priority === 'high' ? h('span', { class: 'badge badge-warn' }, 'Priorité haute') : null, ' ',
    h('span', { class: 'badge' }, `Niveau ${c.level}`), ' ',
    c.matched ? null : h('span', { class: 'badge badge-warn' }, 'Non rapproché'));
}

async function pageCalls(ctx) {
  const title = h('h1', null, 'Appels d\'astreinte');
  const status = h('p', { class: 'muted', role: 'status' }, 'Chargement des appels…');
  const active = h('ul', { class: 'plain-list call-list', 'aria-label': 'Appels en cours' });
  const recent = h('ul', { class: 'plain-list call-list', 'aria-label': 'Appels clos' });
  const parts = [title, h('p', null, h('a', { href: '#/astreinte/statistiques' }, 'Statistiques du mois')),
    status, h('h2', null, 'En cours'), active, h('h2', null, 'Derniers appels clos'), recent];
  if (can(state.user, 'alarm.handle')) parts.splice(2, 0, manualForm(ctx));
  append(ctx.main, parts);
  focusTitle(ctx.main, 'Appels d\'astreinte');
  const fill = async () => {
    let a, c;
    try {
      [a, c] = await Promise.all([api('GET', '/api/v1/alarms?state=active', undefined, ctx),
        api('GET', '/api/v1/alarms?state=closed', undefined, ctx)]);
    } catch (e) {
      if (ctx.alive()) status.textContent = e.message;
      return;
    }
    if (!ctx.alive()) return;
    const n = a.items.length;
    status.textContent = n === 0 ? 'Aucun appel en cours.' : `${n} appel${n > 1 ? 's' : ''} en cours.`;
    active.replaceChildren(...a.items.map(callCard));
    recent.replaceChildren(...c.items.slice(0, 20).map(callCard));
  };
  await fill();
  // An alarm posted by an operator appears without reload.
  liveRefresh(ctx, { types: ['alarm.changed'] }, active, fill);
}

function callCard(c) {
  const li = h('li', { class: 'card call-item', 'data-call': String(c.id) });
  append(li, [
    h('h3', { class: 'call-title' }, h('a', { href: `#/astreinte/appels/${c.id}` }, who(c))),
    badges(c),
    h('p', null, [c.reason ? REASON[c.reason] || c.reason : null,
      c.device_type ? DEVICE[c.device_type] : null].filter(Boolean).join(' · ') || 'Appel'),
    h('p', { class: 'muted' }, `Reçu le ${frDateTime(c.received_at, true)}`,
      c.operator_name ? ` de ${c.operator_name}` : ' (saisi à la main)'),
  ]);
  return li;
}

// « Saisir un appel » (a caregiver's phone call): the reason, what is
// said, the number to call back.
function manualForm(ctx) {
  const reason = select([{ value: '', label: '— Choisir —' },
    ...REASONS.map(([value, label]) => ({ value, label }))], '', { name: 'reason', id: uid('motif') });
  const text = textArea('reason_text', { maxlength: '1000' });
  const phone = textInput('callback_number', { maxlength: '32', inputmode: 'tel', autocomplete: 'off' });
  const msg = alertBox();
  const form = h('form', { class: 'card call-manual', novalidate: 'novalidate' },
    h('h2', null, 'Saisir un appel'),
    formField('Motif', reason, { required: true }).wrap, formField('Ce qui est dit', text).wrap,
    formField('Numéro de rappel', phone).wrap,
    h('button', { type: 'submit', class: 'btn' }, 'Enregistrer l\'appel'), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!reason.value) {
      setAlert(msg, 'Choisissez le motif de l\'appel.');
      reason.focus();
      return;
    }
    const body = { reason: reason.value };
    if (text.value.trim()) body.reason_text = text.value.trim();
    if (phone.value.trim()) body.callback_number = phone.value.trim();
    try {
      const c = await api('POST', '/api/v1/alarms/manual', body, ctx);
      if (ctx.alive()) location.hash = `#/astreinte/appels/${c.id}`;
    } catch (e) {
      setAlert(msg, e.message);
    }
  });
  const d = h('details', { class: 'call-manual-box' }, h('summary', null, 'Saisir un appel (aidant, voisin…)'), form);
  return d;
}

async function pageCall(ctx, id) {
  const title = h('h1', { class: 'call-h1' }, 'Appel');
  const head = h('div', { class: 'call-head' });
  const actions = h('div', { class: 'call-actions' });
  const steps = h('ol', { class: 'plain-list call-steps', 'aria-label': 'Étapes de l\'appel' });
  const person = h('div', { class: 'call-person' });
  const hosp = h('div', { class: 'call-hosp' });
  append(ctx.main, [h('p', null, h('a', { href: '#/astreinte/appels' }, '← Tous les appels')), title, head,
    hosp, actions, h('h2', null, 'Étapes'), steps, person]);
  let shownPerson = null;
  const draw = (c) => {
    title.textContent = who(c);
    head.replaceChildren(...callHead(c));
    steps.replaceChildren(...c.steps.map((s) => h('li', { 'data-step': s.kind },
      h('strong', null, s.label), ` — ${frDateTime(s.at, true)}`, s.by_name ? `, ${s.by_name}` : '',
      s.detail ? h('br') : null, s.detail || '')));
    actions.replaceChildren(...callActions(ctx, c, draw));
    if (c.outcome === 'hospitalise' && c.person_id && !c.identity_hidden) proposeHospitalisation(ctx, c, hosp);
    if (c.person_id && !c.identity_hidden && shownPerson !== c.person_id) {
      shownPerson = c.person_id;
      personPart(ctx, c.person_id, person);
    }
  };
  let c;
  try {
    c = await api('GET', `/api/v1/alarms/${id}`, undefined, ctx);
  } catch (e) {
    if (ctx.alive()) append(ctx.main, [h('p', { role: 'alert' }, e.message)]);
    return;
  }
  if (!ctx.alive()) return;
  draw(c);
  focusTitle(ctx.main, who(c));
  // The operator's update, a colleague's step, the escalation: drawn
  // again without reload, not while a text is being typed here.
  liveRefresh(ctx, { types: ['alarm.changed'] }, actions, async () => {
    try {
      const n = await api('GET', `/api/v1/alarms/${id}`, undefined, ctx);
      if (ctx.alive()) draw(n);
    } catch { /* shown at the next action */ }
  });
}

function callHead(c) {
  const rows = [badges(c)];
  const said = [c.reason ? REASON[c.reason] || c.reason : null, c.device_type ? DEVICE[c.device_type] : null,
    c.status ? STATUS[c.status] : null].filter(Boolean).join(' · ');
  if (said) rows.push(h('p', { class: 'call-said' }, said));
  if (c.location) rows.push(h('p', null, `Lieu : ${c.location}`));
  if (c.callback_number) rows.push(h('p', null, 'Rappeler : ', telLink(c.callback_number)));
  if (c.spoke_with_person !== null)
    rows.push(h('p', null, c.spoke_with_person ? 'L\'opérateur a parlé avec la personne.'
      : 'L\'opérateur n\'a pas pu parler avec la personne.'));
  if (c.reached_network) rows.push(h('p', null, 'Le réseau de solidarité a été joint.'));
  rows.push(h('p', { class: 'muted' }, `Reçu le ${frDateTime(c.received_at, true)}`,
    c.operator_name ? ` de ${c.operator_name}` : `, saisi par ${c.created_by_name || '—'}`));
  if (c.escalate_at && c.state === 'open')
    rows.push(h('p', { class: 'muted' }, `Passe au niveau suivant le ${frDateTime(c.escalate_at, true)} s'il n'est pas pris.`));
  if (c.outcome)
    rows.push(h('p', { class: 'call-outcome' }, 'Issue : ',
      h('strong', null, Object.fromEntries(OUTCOMES)[c.outcome] || c.outcome), c.outcome_text ? ` — ${c.outcome_text}` : ''));
  return rows;
}

async function step(ctx, c, body, msg, draw) {
  try {
    const n = await api('POST', `/api/v1/alarms/${c.id}/steps`, body, ctx);
    if (ctx.alive()) draw(n);
    return true;
  } catch (e) {
    setAlert(msg, e.message);
    return false;
  }
}

function callActions(ctx, c, draw) {
  const msg = alertBox();
  if (!can(state.user, 'alarm.handle') || c.state === 'closed' || c.state === 'cancelled') return [];
  if (c.state === 'open') {
    const b = h('button', { type: 'button', class: 'btn btn-big' }, 'Je prends l\'appel');
    b.addEventListener('click', async () => {
      b.disabled = true;
      if (!await step(ctx, c, { kind: 'take' }, msg, draw)) b.disabled = false;
    });
    return [h('p', null, b), msg];
  }
  const out = [];
  const done = new Set(c.steps.map((s) => s.kind));
  const row = h('div', { class: 'call-buttons' });
  for (const [kind, label] of STEPS) {
    const b = h('button', { type: 'button', class: done.has(kind) ? 'btn btn-secondary' : 'btn' }, label);
    b.addEventListener('click', async () => {
      b.disabled = true;
      if (!await step(ctx, c, { kind }, msg, draw)) b.disabled = false;
    });
    row.appendChild(b);
  }
  out.push(row);
  // The advice given (text), then the closing with the outcome.
  const advice = textArea('detail', { maxlength: '2000' });
  advice.addEventListener('input', () => advice.toggleAttribute('data-dirty', advice.value.trim() !== ''));
  const af = h('form', { class: 'call-advice', novalidate: 'novalidate' },
    formField('Conseil donné', advice).wrap, h('button', { type: 'submit', class: 'btn' }, 'Enregistrer le conseil'));
  af.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!advice.value.trim()) {
      setAlert(msg, 'Écrivez le conseil donné.');
      advice.focus();
      return;
    }
    await step(ctx, c, { kind: 'advice', detail: advice.value.trim() }, msg, draw);
  });
  out.push(af);
  const outcome = select([{ value: '', label: '— Choisir —' },
    ...OUTCOMES.map(([value, label]) => ({ value, label }))], '', { name: 'outcome', id: uid('issue') });
  const text = textArea('detail', { maxlength: '2000' });
  text.addEventListener('input', () => text.toggleAttribute('data-dirty', text.value.trim() !== ''));
  outcome.addEventListener('change', () => outcome.toggleAttribute('data-dirty', outcome.value !== ''));
  const cf = h('form', { class: 'call-close', novalidate: 'novalidate' },
    formField('Issue', outcome, { required: true }).wrap, formField('Précisions', text).wrap,
    h('button', { type: 'submit', class: 'btn' }, 'Clore l\'appel'));
  cf.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!outcome.value) {
      setAlert(msg, 'Choisissez l\'issue de l\'appel.');
      outcome.focus();
      return;
    }
    const body = { kind: 'close', outcome: outcome.value };
    if (text.value.trim()) body.detail = text.value.trim();
    await step(ctx, c, body, msg, draw);
  });
  out.push(cf, msg);
  return out;
}

// An outcome « hospitalisé » proposes to record the hospitalisation on
// the person's open support (its page records absences); a user who may
// not open supports is told who does.
async function proposeHospitalisation(ctx, c, box) {
  if (box.dataset.done) return;
  box.dataset.done = '1';
  let active = null;
  try {
    const r = await api('GET', `/api/v1/persons/${c.person_id}/supports`, undefined, ctx);
    active = r.items.find((x) => x.status === 'active') || null;
  } catch { /* not hers to open: said below */ }
  if (!ctx.alive()) return;
  box.replaceChildren(h('p', { class: 'card call-hosp-note' }, active
    ? h('a', { href: `#/accompagnements/${active.id}` }, 'Enregistrer l\'hospitalisation sur l\'accompagnement')
    : 'Hospitalisation : à enregistrer sur l\'accompagnement de la personne (coordination).'));
}

// What the on-call person needs about the person: the DLU's emergency
// facts, her caregivers, this week's visits and the last notes (each
// part refused by the server is said, not hidden).
async function personPart(ctx, pid, box) {
  box.replaceChildren(h('p', { class: 'muted', role: 'status' }, 'Chargement du dossier…'));
  let r;
  try {
    r = await api('GET', `/api/v1/persons/${pid}/record?include=dlu,caregivers,visits,notes`, undefined, ctx);
  } catch (e) {
    if (ctx.alive()) box.replaceChildren(h('p', { role: 'alert' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  const p = r.person;
  const parts = [h('h2', null, 'La personne'),
    h('p', null, h('a', { href: `#/personnes/${pid}` }, personName(p)), p.birth_date ? ` — née le ${p.birth_date.split('-').reverse().join('/')}` : ''),
    p.address ? h('p', null, `Adresse : ${p.address}${p.commune ? `, ${p.commune.name}` : ''}`) : null,
    p.phone ? h('p', null, 'Téléphone : ', telLink(p.phone)) : null];
  const refused = Object.fromEntries((r.refused || []).map((x) => [x.part, x.message]));
  const section = (id, label, fn) => {
    const s = h('section', { class: 'call-part', 'data-part': id }, h('h3', null, label));
    if (refused[id]) s.appendChild(h('p', { class: 'muted' }, refused[id]));
    else if (r[id]) append(s, fn(r[id]));
    parts.push(s);
  };
  section('dlu', 'DLU', (d) => {
    const e = d.emergency || {};
    return [e.gp ? h('p', null, `Médecin traitant : ${e.gp.name} `, telLink(e.gp.phone)) : null,
      e.gir ? h('p', null, `GIR ${e.gir.value}`) : null,
      e.legal_protection ? h('p', null, `Protection juridique : ${e.legal_protection.kind_label || e.legal_protection.kind || ''}`) : null,
      h('p', null, h('a', { href: `#/personnes/${pid}/dlu` }, 'Ouvrir le DLU complet'))];
  });
  section('caregivers', 'Aidants', (cg) => [h('ul', { class: 'plain-list' },
    ...cg.items.filter((x) => !x.ended_on).map((x) => h('li', null, `${x.name}${x.relation ? ` (${x.relation})` : ''} `,
      telLink(x.phone))))]);
  section('visits', 'Visites de la semaine', (v) => [h('ul', { class: 'plain-list' },
    ...v.items.slice(-8).map((x) => h('li', null, `${frDateTime(x.planned_start, true)} — ${x.kind_label}`,
      x.who && (x.who.display_name || x.who.org_name) ? ` (${x.who.display_name || x.who.org_name})` : '')))]);
  section('notes', 'Dernières notes', (n) => [h('ul', { class: 'plain-list' },
    ...n.items.slice(0, 5).map((x) => h('li', null, h('strong', null, x.category_label), ` — ${frDateTime(x.created_at, true)} : `,
      x.body || [x.target, x.data, x.actions, x.results].filter(Boolean).join(' / '))))]);
  box.replaceChildren(...parts.filter(Boolean));
}

// « Statistiques des appels » (#/astreinte/statistiques?mois=AAAA-MM): the
// month's figures (GET /api/v1/alarms/stats).
const duration = (s) => (s === null ? '—'
  : s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1).replace('.', ',')} h`);

async function pageStats(ctx, params) {
  const now = new Date();
  const def = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const month = /^\d{4}-\d{2}$/.test(params.get('mois') || '') ? params.get('mois') : def;
  const input = h('input', { type: 'month', name: 'mois', id: uid('mois'), value: month });
  input.addEventListener('change', () => {
    if (/^\d{4}-\d{2}$/.test(input.value)) location.hash = `#/astreinte/statistiques?mois=${input.value}`;
  });
  const box = h('div', { class: 'call-stats', 'aria-live': 'polite' });
  append(ctx.main, [h('p', null, h('a', { href: '#/astreinte/appels' }, '← Appels')),
    h('h1', null, 'Statistiques des appels'), formField('Mois', input).wrap, box]);
  focusTitle(ctx.main, 'Statistiques des appels');
  let s;
  try {
    s = await api('GET', `/api/v1/alarms/stats?month=${month}`, undefined, ctx);
  } catch (e) {
    if (ctx.alive()) box.replaceChildren(h('p', { role: 'alert' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  const pct = s.night_or_weekend_share === null ? '—' : `${Math.round(s.night_or_weekend_share * 100)} %`;
  const rows = [['Appels', s.calls], ['Dont la nuit (20 h-8 h)', s.night],
    ['Dont le week-end ou un jour férié', s.weekend], ['Part nuit, week-end et fériés', pct],
    ['Déplacements au domicile', s.home_visits], ['Passés au niveau suivant (non pris à temps)', s.escalated],
    ['Niveau 2 appelé', s.level2_called], ['15 appelé', s.samu_called], ['Hospitalisations', s.hospitalised],
    ['Délai de prise en charge, médiane', duration(s.answer_median_s)],
    ['Délai de prise en charge, 90e centile', duration(s.answer_p90_s)],
    ['Délai d\'arrivée au domicile, médiane', duration(s.arrive_median_s)],
    ['Délai d\'arrivée au domicile, 90e centile', duration(s.arrive_p90_s)],
    ['Annulés par l\'opérateur', s.cancelled]];
  box.replaceChildren(h('table', { class: 'table' },
    h('caption', null, `Appels de téléassistance, ${month.slice(5)}/${month.slice(0, 4)}`),
    h('tbody', null, ...rows.map(([k, v]) => h('tr', null, h('th', { scope: 'row' }, k), h('td', null, String(v)))))));
}
