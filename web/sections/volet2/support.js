// Maillage — volet 2 from the committee to the exit (PRODUCT §3 steps 6-10).
//
// Owns: the pipeline board (« Suivi volet 2 »), the admission committees
// (members, cases, the team's opinion, the coordinator's decision), one
// support (PPCS plan and its versions, the printable plan, the contract,
// hospitalisations and absences, the exit with its relay), the file
// active, and the « Parcours volet 2 » part of a person's record.
// Must not: decide any right or rule. The permissions (core/perm.js)
// only choose which links and forms to offer; the server decides and its French
// messages are shown as they come. Referrals, triage, eligibility and the
// waiting list are not here (intake.js).
//
// Imports only web/core/; registered by sections/volet2/index.js.

import { api } from '../../core/api.js';
import { ensureMeta, metaLabel } from '../../core/codes.js';
import { append, clear, h, uid } from '../../core/dom.js';
import { ageFrom, bornWord, frDate, frDateTime, personName, todayIso } from '../../core/format.js';
import {
  alertBox, chosenFile, clearFormErrors, disclosure, fact, formField, select, setAlert,
  showFormError, statusMessage, textArea, textInput,
} from '../../core/forms.js';
import { liveRefresh } from '../../core/live.js';
import { focusTitle, pageMessage } from '../../core/router.js';
import { state } from '../../core/session.js';
import { takeFlash } from '../../core/widgets.js';
import { can } from '../../core/perm.js';
import { ELIGIBILITY_SUMMARY, eligibilityState } from './eligibility.js';
import { EXIT_REASONS, labelOf, statusBadgeSupport } from './parcours.js';

// The five volet-2 areas of the plan (DOMAIN §4), same fallback.
export const PLAN_AREAS = [
  ['securite_domicile', 'Sécurité du domicile'],
  ['gestion_crise', 'Gestion des situations de crise'],
  ['suivi_renforce', 'Suivi renforcé'],
  ['projet_vie_isolement', 'Projet de vie et lutte contre l\'isolement'],
  ['soutien_aidant', 'Soutien de l\'aidant'],
];

// What the date of a card of the board means, per column.
const BOARD_SINCE = {
  demande: 'reçue le',
  liste_attente: 'depuis le',
  evaluation: 'depuis le',
  comite: 'depuis le',
  admis: 'admission le',
  actif: 'début le',
  sorti: 'sortie le',
};
const BOARD_FLAGS = {
  demande: 'orientée DAC',
  actif: 'sortie à proposer (hospitalisation > 3 mois)',
};
const DECISION_SUMMARY = {
  admettre: 'Admission',
  refuser: 'Refus',
  orienter: 'Orientation vers un autre service',
};
const ABSENCE_KINDS = { hospitalisation: 'Hospitalisation', absence: 'Absence' };
const SIGNED_BY = { personne: 'la personne', representant: 'son représentant' };

// ---------------------------------------------------------------------
// The pages of the routes sections/volet2/index.js registers (its
// navigation and routes live there; this module loads on first use).

// Each page refuses the technical administrator as the record pages do.
function page(fn) {
  return (ctx, r) => {
    if (!can(state.user, 'person.read')) {
      pageMessage(ctx, 'Volet 2', 'Le rôle Administrateur technique ne donne pas '
        + 'accès aux dossiers des personnes.');
      return;
    }
    fn(ctx, r);
  };
}

export const supportPages = {
  suivi: page((ctx) => pageSuivi(ctx)),
  comites: page((ctx) => pageComites(ctx)),
  comite: page((ctx, r) => pageComite(ctx, r.id)),
  'file-active': page((ctx) => pageFileActive(ctx)),
  accompagnement: page((ctx, r) => pageSupport(ctx, r.id, versionParam(r.params))),
  'plan-modifier': page((ctx, r) => pagePlanEdit(ctx, r.id)),
  'plan-imprimer': page((ctx, r) => pagePlanPrint(ctx, r.id, versionParam(r.params))),
};

// ---------------------------------------------------------------------
// Small helpers

function versionParam(params) {
  const v = Number.parseInt((params && params.get('version')) || '', 10);
  return Number.isInteger(v) && v > 0 ? v : null;
}

export function metaList(name, fallback) {
  const l = state.meta && state.meta[name];
  if (l && l.length) return l.map((x) => ({ value: x.code, label: x.label }));
  return (fallback || []).map(([value, label]) => ({ value, label }));
}

function dateInput(name, value, attrs = {}) {
  return h('input', { type: 'date', name, class: 'input-medium', value: value || '', ...attrs });
}

// 'YYYY-MM-DD' plus n months (a default date, never a rule).
function plusMonths(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + n, d)).toISOString().slice(0, 10);
}

function days(v) {
  if (v === null || v === undefined) return '—';
  const n = Number(v);
  return `${n.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} j`;
}

function plural(n, one, many) {
  return `${n} ${n > 1 ? many : one}`;
}

function sectionCard(title, ...content) {
  const id = uid('v2');
  return h('section', { class: 'card', 'aria-labelledby': id },
    h('h2', { id }, title), content);
}

function loading(text) {
  return h('p', { class: 'muted', role: 'status' }, text || 'Chargement…');
}

// Team members who may hold a role in a plan or a committee (not the
// partners' accounts), from GET /api/v1/team.
async function teamMembers() {
  const items = (await api('GET', '/api/v1/team')).items || [];
  return items.filter((u) => !u.partner)
    .sort((a, b) => a.display_name.localeCompare(b.display_name, 'fr'));
}

// The CRT's action templates (issue 10 point 10), by area.
async function planTemplates() {
  return (await api('GET', '/api/v1/plan-templates')).items || [];
}

// « Partir d'un modèle » above an action: picking a template fills the
// action (text, area, domain, need, objective, frequency) and its dates
// (start today, review after the template's months); null without any.
function templatePicker(templates, fill) {
  if (!templates || !templates.length) return null;
  const areas = metaList('plan_areas', PLAN_AREAS);
  const sel = h('select', { name: 'modele' }, h('option', { value: '' }, 'Aucun (action libre)'),
    areas.map((ar) => {
      const list = templates.filter((t) => t.area === ar.value);
      return list.length ? h('optgroup', { label: ar.label }, list.map((t) =>
        h('option', { value: String(t.id) }, t.title))) : null;
    }));
  sel.addEventListener('change', () => {
    const t = templates.find((x) => String(x.id) === sel.value);
    if (t) fill(t);
  });
  return formField('Partir d\'un modèle', sel, { wide: true,
    hint: 'Remplit l\'action, son axe et ses dates (début aujourd\'hui, réévaluation selon le '
      + 'modèle) ; tout reste modifiable.' }).wrap;
}

// Partner organisations of the directory (not the CRT itself).
async function partnerOrgs() {
  const items = (await api('GET', '/api/v1/orgs')).items || [];
  return items.filter((o) => !o.archived && !o.is_self)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

function memberLabel(u) {
  const prof = u.profession ? metaLabel('professions', u.profession) : '';
  return prof ? `${u.display_name} — ${prof}` : u.display_name;
}

function orgOptions(orgs, emptyLabel) {
  return [{ value: '', label: emptyLabel },
    ...orgs.map((o) => ({ value: String(o.id), label: o.type_label
      ? `${o.name} (${o.type_label})` : o.name }))];
}

// A group of radio buttons with one place for the server's message about
// it: {wrap, input (the first radio), value(), setError}.
export function radioGroup(legend, name, options, value, opts = {}) {
  const err = h('p', { class: 'field-error', id: uid('erreur') });
  const radios = options.map((o) => h('input', { type: 'radio', name, value: o.value,
    id: uid('r'), checked: o.value === value }));
  const fs = h('fieldset', { class: 'choice-group field', 'aria-describedby': err.id },
    h('legend', null, legend, opts.required
      ? h('span', { class: 'req' }, ' (obligatoire)') : null),
    err,
    radios.map((r, i) => h('div', { class: 'choice' }, r,
      h('label', { for: r.id }, options[i].label))));
  return {
    wrap: fs,
    input: radios[0],
    radios,
    value: () => (radios.find((r) => r.checked) || {}).value || '',
    setError(message) {
      err.textContent = message || '';
      fs.classList.toggle('has-error', Boolean(message));
    },
  };
}

// The server's refusal of a form whose fields live in a disclosure or a
// hidden block: reveal the field, then show the message there.
function revealAndShow(e, fields, alert) {
  const f = e.field && fields[e.field];
  if (f) {
    let el = f.wrap;
    while (el) {
      if (el.hidden) el.hidden = false;
      el = el.parentElement;
    }
  }
  showFormError(e, fields, alert);
}

// ---------------------------------------------------------------------
// « Suivi volet 2 »: places, delays and the pipeline board

async function pageSuivi(ctx) {
  const alert = alertBox();
  const places = h('div', null, loading('Chargement des places…'));
  const delays = h('div', null, loading('Chargement des délais…'));
  const board = h('div', { class: 'board-holder' }, loading('Chargement du tableau…'));
  const boardId = uid('tableau');
  append(ctx.main, [
    h('div', { class: 'page-head' }, h('h1', null, 'Suivi volet 2'),
      h('div', { class: 'form-actions' },
        h('a', { href: '#/comites', class: 'btn' }, 'Comités d\'admission'),
        h('a', { href: '#/file-active', class: 'btn' }, 'File active'))),
    alert,
    h('div', { class: 'v2-top' },
      sectionCard('Places', places),
      sectionCard('Délais d\'admission', delays)),
    h('section', { class: 'board-section', 'aria-labelledby': boardId },
      h('h2', { id: boardId }, 'De la demande à la sortie'),
      h('p', { class: 'muted' }, 'Chaque personne figure dans l\'étape où elle se trouve '
        + 'aujourd\'hui ; les sorties sont celles des 12 derniers mois.'),
      board),
  ]);
  focusTitle(ctx.main, 'Suivi volet 2');

  let data;
  try {
    await ensureMeta();
    data = await api('GET', '/api/v1/pipeline', undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(places);
    clear(board);
    clear(delays);
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  clear(places);
  places.appendChild(placesView(data.places));
  clear(board);
  board.appendChild(boardView(data.columns || []));
  loadDelays(ctx, delays);
}

// Places of the file active: target, active, preparing, left.
function placesView(p) {
  if (!p) return h('p', { class: 'muted' }, 'Places non communiquées.');
  return h('dl', { class: 'facts places' },
    fact('Objectif de file active', plural(p.target, 'personne', 'personnes')),
    fact('Accompagnements actifs', String(p.active)),
    fact('Admis en préparation', String(p.preparing)),
    h('div', { class: p.left <= 0 ? 'places-full' : null },
      h('dt', null, 'Places restantes'),
      h('dd', { 'data-places-left': String(p.left) }, String(p.left))));
}

function boardView(columns) {
  const grid = h('div', { class: 'board' });
  for (const col of columns) {
    const id = uid('colonne');
    const items = col.items || [];
    const list = h('ul', { class: 'board-list' });
    for (const it of items) list.appendChild(boardCard(col.code, it));
    grid.appendChild(h('section', { class: `board-col board-${col.code}`,
      'aria-labelledby': id, 'data-column': col.code },
    h('div', { class: 'board-col-head' },
      h('h3', { id }, col.label),
      h('span', { class: 'board-count' }, String(col.count),
        h('span', { class: 'visually-hidden' }, col.count > 1 ? ' personnes' : ' personne'))),
    items.length ? list : h('p', { class: 'muted board-empty' }, 'Aucune personne')));
  }
  return grid;
}

function boardCard(code, it) {
  // Before admission the card opens its referral (intake.js), after it
  // the support.
  const href = it.support_id ? `#/accompagnements/${it.support_id}`
    : `#/demandes/${it.referral_id}`;
  let detail = null;
  if (code === 'sorti' && it.detail) detail = labelOf('exit_reasons', it.detail, EXIT_REASONS);
  const badges = [];
  if (it.urgent) badges.push(h('span', { class: 'badge badge-danger' }, 'urgent'));
  if (it.flag && BOARD_FLAGS[code]) {
    badges.push(h('span', { class: 'badge badge-warn' }, BOARD_FLAGS[code]));
  }
  return h('li', { class: 'board-card', 'data-person-id': it.person.id },
    h('a', { href, class: 'item-title' }, personName(it.person)),
    it.since ? h('span', { class: 'item-meta' }, `${BOARD_SINCE[code] || 'depuis le'} `
      + `${frDate(it.since)}`) : null,
    detail ? h('span', { class: 'item-note' }, detail) : null,
    badges.length ? h('span', { class: 'board-badges' }, badges) : null);
}

// Delays referral → decision → start, over a period (12 months by default).
async function loadDelays(ctx, box, from, to) {
  let d;
  const qs = new URLSearchParams();
  if (from) qs.set('from', from);
  if (to) qs.set('to', to);
  try {
    d = await api('GET', `/api/v1/supports/delays${qs.toString() ? `?${qs}` : ''}`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return null;
    // A period chosen in the form: the form shows why; else say it here.
    if (from || to) throw e;
    clear(box);
    box.appendChild(h('p', { class: 'muted' }, e.message));
    return null;
  }
  if (!ctx.alive()) return null;
  clear(box);
  const rows = [
    ['Demande → décision', d.referral_to_decision],
    ['Décision → début de l\'accompagnement', d.decision_to_start],
    ['Demande → début de l\'accompagnement', d.referral_to_start],
  ];
  const dec = d.decisions || {};
  const f = {};
  f.from = formField('Du', dateInput('from', d.from), { alert: true });
  f.to = formField('Au', dateInput('to', d.to), { alert: true });
  const alert = alertBox();
  const form = h('form', { class: 'period-form', novalidate: true,
    'aria-label': 'Période des délais' },
  f.from.wrap, f.to.wrap,
  h('div', { class: 'form-actions' },
    h('button', { type: 'submit', class: 'btn btn-small' }, 'Afficher')),
  alert);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    try {
      await loadDelays(ctx, box, f.from.input.value, f.to.input.value);
      const again = box.querySelector('table');
      if (again) again.focus();
    } catch (e) {
      if (ctx.alive()) showFormError(e, { from: f.from, to: f.to }, alert);
    }
  });
  append(box, [
    h('p', { class: 'delays-period' }, `Décisions prises du ${frDate(d.from)} au ${frDate(d.to)}.`),
    h('div', { class: 'results' }, h('table', { class: 'table table-cards delays', tabindex: '-1' },
      h('caption', { class: 'visually-hidden' }, 'Délais en jours'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Délai'),
        ['Dossiers', 'Médiane', 'Moyenne', 'Maximum']
          .map((c) => h('th', { scope: 'col', class: 'num' }, c)))),
      h('tbody', null, rows.map(([label, x]) => h('tr', null,
        h('th', { scope: 'row' }, label),
        h('td', { class: 'num', 'data-label': 'Dossiers' }, String((x && x.count) || 0)),
        h('td', { class: 'num', 'data-label': 'Médiane' }, days(x && x.median_days)),
        h('td', { class: 'num', 'data-label': 'Moyenne' }, days(x && x.mean_days)),
        h('td', { class: 'num', 'data-label': 'Maximum' }, days(x && x.max_days))))))),
    h('dl', { class: 'facts decisions' },
      fact('Décisions', String(dec.total || 0)),
      fact('Admissions', String(dec.admettre || 0)),
      fact('Refus', String(dec.refuser || 0)),
      fact('Orientations ailleurs', String(dec.orienter || 0))),
    form,
  ]);
  return d;
}

// ---------------------------------------------------------------------
// File active: active supports with places, then those in preparation

async function pageFileActive(ctx) {
  const alert = alertBox();
  const summary = h('div', null, loading('Chargement de la file active…'));
  const active = h('div', { class: 'results' });
  const preparing = h('div', { class: 'results' });
  append(ctx.main, [
    h('div', { class: 'page-head' }, h('h1', null, 'File active'),
      h('a', { href: '#/suivi', class: 'btn' }, 'Suivi volet 2')),
    alert,
    sectionCard('Places', summary),
    sectionCard('Personnes accompagnées', active),
    sectionCard('Admises, en préparation (plan, contrat)', preparing),
  ]);
  focusTitle(ctx.main, 'File active');
  let act;
  let prep;
  try {
    await ensureMeta();
    [act, prep] = await Promise.all([api('GET', '/api/v1/supports?status=active', undefined, ctx),
      api('GET', '/api/v1/supports?status=preparation', undefined, ctx)]);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(summary);
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  clear(summary);
  const p = act.places;
  summary.appendChild(placesView(p));
  if (p && p.left <= 0) {
    summary.appendChild(h('p', { class: 'warning-text' },
      'L\'objectif de file active est atteint : plus de place disponible.'));
  }
  supportTable(active, act.items || [], 'Aucune personne accompagnée pour le moment.', true);
  supportTable(preparing, prep.items || [], 'Aucune personne admise en attente de début.',
    false);
  if (can(state.user, 'crt.settings')) settingsSection(ctx);
}

// The CRT's own limits (PUT /api/v1/crt/settings): the file-active target
// (30 at least, seed 001) and how long an AGGIR evaluation stays valid
// for an admission.
async function settingsSection(ctx) {
  let cur;
  try {
    cur = await api('GET', '/api/v1/crt/settings', undefined, ctx);
  } catch {
    return;
  }
  if (!ctx.alive()) return;
  const f = {};
  const target = h('input', { type: 'number', name: 'file_active_target', min: '30',
    max: '500', value: String(cur.file_active_target), class: 'input-short' });
  const months = h('input', { type: 'number', name: 'aggir_valid_months', min: '1',
    max: '60', value: String(cur.aggir_valid_months), class: 'input-short' });
  f.file_active_target = formField('Objectif de file active', target,
    { alert: true, hint: '30 personnes au moins.' });
  f.aggir_valid_months = formField('Validité d\'une évaluation AGGIR (mois)', months,
    { alert: true, hint: 'Au-delà, l\'évaluation est refaite avant l\'admission.' });
  // Issue 10 point 6: the on-call number every DLU prints.
  const oncall = h('input', { type: 'tel', name: 'oncall_phone', maxlength: '30',
    value: cur.oncall_phone || '', class: 'input-medium', autocomplete: 'off' });
  f.oncall_phone = formField('Numéro d\'astreinte du CRT', oncall, { alert: true,
    hint: 'Imprimé sur chaque DLU pour les équipes d\'urgence (10 chiffres).' });
  const alert = alertBox();
  const done = h('p', { role: 'status', class: 'muted' });
  const form = h('form', { novalidate: true, 'aria-label': 'Réglages du CRT' },
    f.file_active_target.wrap, f.aggir_valid_months.wrap, f.oncall_phone.wrap, alert,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Enregistrer les réglages')),
    done);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    done.textContent = '';
    try {
      const r = await api('PUT', '/api/v1/crt/settings', {
        file_active_target: Number(target.value), aggir_valid_months: Number(months.value),
        oncall_phone: oncall.value.trim() || null });
      done.textContent = `Réglages enregistrés : objectif ${r.file_active_target}, `
        + `AGGIR valable ${r.aggir_valid_months} mois, astreinte `
        + `${r.oncall_phone || 'non renseignée'}.`;
    } catch (e) {
      showFormError(e, f, alert);
    }
  });
  ctx.main.appendChild(sectionCard('Réglages du CRT', form));
}

function supportTable(box, items, empty, isActive) {
  if (!items.length) {
    box.appendChild(h('p', { class: 'muted' }, empty));
    return;
  }
  const tbody = h('tbody');
  for (const s of items) {
    const age = ageFrom(s.person.birth_date);
    const situation = [];
    if (s.exit_proposed) {
      situation.push(h('span', { class: 'badge badge-warn' },
        'sortie à proposer (hospitalisation > 3 mois)'));
    }
    if (s.hospitalised_since) {
      situation.push(h('span', null, `Hospitalisation depuis le ${frDate(s.hospitalised_since)}`));
    } else if (s.absent_since) {
      situation.push(h('span', null, `Absence depuis le ${frDate(s.absent_since)}`));
    }
    tbody.appendChild(h('tr', { 'data-support-id': s.id },
      h('td', { 'data-label': 'Personne' }, h('div', null,
        h('a', { href: `#/accompagnements/${s.id}`, class: 'item-title' }, personName(s.person)),
        h('span', { class: 'item-meta' }, [s.person.birth_date
          ? `${frDate(s.person.birth_date)}` : '', age !== null ? `${age} ans` : '']
          .filter(Boolean).join(' — ')))),
      h('td', { 'data-label': isActive ? 'Début' : 'Admission' },
        frDate(isActive ? s.started_on : s.decided_on)),
      h('td', { 'data-label': 'Plan' }, s.plan
        ? `Version ${s.plan.version}${s.plan.referent ? ` — ${s.plan.referent}` : ''}`
        : h('span', { class: 'badge badge-warn' }, 'à rédiger')),
      h('td', { 'data-label': 'Contrat' }, s.contract
        ? `signé le ${frDate(s.contract.signed_on)}`
        : h('span', { class: 'badge badge-warn' }, 'à signer')),
      h('td', { 'data-label': 'Situation' }, situation.length
        ? h('div', { class: 'cell-stack' }, situation) : (isActive ? 'À domicile' : '—'))));
  }
  box.appendChild(h('table', { class: 'table table-cards supports' },
    h('caption', { class: 'visually-hidden' }, isActive ? 'File active'
      : 'Admises en préparation'),
    h('thead', null, h('tr', null, ['Personne', isActive ? 'Début' : 'Admission', 'Plan',
      'Contrat', 'Situation'].map((c) => h('th', { scope: 'col' }, c)))),
    tbody));
}

// ---------------------------------------------------------------------
// Committees: the list and the form to schedule one

async function pageComites(ctx) {
  const alert = alertBox();
  const list = h('div', { class: 'results' }, loading('Chargement des comités…'));
  const addBox = h('div');
  append(ctx.main, [
    h('div', { class: 'page-head' }, h('h1', null, 'Comités d\'admission')),
    h('p', { class: 'page-sub' }, 'Commission de gestion de la file active : l\'avis de '
      + 'l\'équipe, puis la décision de la coordination pour chaque demande évaluée.'),
    alert, addBox,
    sectionCard('Comités', list),
  ]);
  focusTitle(ctx.main, 'Comités d\'admission');
  let data;
  try {
    await ensureMeta();
    data = await api('GET', '/api/v1/committees', undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(list);
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  clear(list);
  const items = data.items || [];
  if (!items.length) {
    list.appendChild(h('p', { class: 'muted' }, 'Aucun comité programmé.'));
  } else {
    const today = todayIso();
    const tbody = h('tbody');
    for (const c of items) {
      tbody.appendChild(h('tr', { 'data-committee-id': c.id },
        h('td', { 'data-label': 'Date' }, h('div', null,
          h('a', { href: `#/comites/${c.id}`, class: 'item-title' },
            `Comité du ${frDate(c.held_on)}`),
          c.held_on > today ? [' ', h('span', { class: 'badge badge-info' }, 'à venir')] : null)),
        h('td', { 'data-label': 'Dossiers' }, String(c.cases || 0)),
        h('td', { 'data-label': 'Décidés' }, String(c.decided || 0)),
        h('td', { 'data-label': 'Invités' }, c.guests || '—'),
        h('td', { 'data-label': 'Programmé par' }, c.created_by || '')));
    }
    list.appendChild(h('table', { class: 'table table-cards committees' },
      h('caption', { class: 'visually-hidden' }, 'Comités, les plus récents d\'abord'),
      h('thead', null, h('tr', null, ['Date', 'Dossiers', 'Décidés', 'Invités', 'Programmé par']
        .map((x) => h('th', { scope: 'col' }, x)))),
      tbody));
  }
  if (can(state.user, 'committee.prepare')) {
    const holder = h('div');
    const toggle = disclosure('Programmer un comité', holder);
    const id = uid('programmer');
    addBox.appendChild(h('section', { class: 'card', 'aria-labelledby': id },
      h('h2', { id }, 'Nouveau comité'),
      h('p', { class: 'part-actions' }, toggle.btn), holder));
    holder.appendChild(loading('Chargement de l\'équipe…'));
    let team = null;
    let teamError = null;
    try {
      team = await teamMembers();
    } catch (e) {
      teamError = e.message;
    }
    if (!ctx.alive()) return;
    clear(holder);
    holder.appendChild(committeeForm(ctx, team, teamError));
  }
}

// Members: the CRT team from GET /api/v1/team (the current user ticked).
// If the team cannot be read, only the current user can be chosen.
function committeeForm(ctx, team, teamError) {
  const me = state.user;
  const members = team && team.length ? team
    : [{ id: me.id, display_name: me.display_name, profession: me.profession }];
  const f = {};
  f.held_on = formField('Date du comité', dateInput('held_on', todayIso()),
    { required: true, alert: true });
  const err = h('p', { class: 'field-error', id: uid('erreur'), role: 'alert' });
  const boxes = members.map((u) => h('input', { type: 'checkbox', name: 'members',
    value: String(u.id), id: uid('membre'), checked: u.id === me.id }));
  const group = h('fieldset', { class: 'choice-group field field-wide members',
    'aria-describedby': err.id },
  h('legend', null, 'Membres du comité', h('span', { class: 'req' }, ' (obligatoire)')),
  teamError ? h('p', { class: 'hint' }, `La liste de l'équipe n'a pas pu être lue (${teamError}) : `
    + 'seul votre nom est proposé.') : null,
  err,
  h('div', { class: 'member-choices' }, boxes.map((b, i) => h('div', { class: 'choice' }, b,
    h('label', { for: b.id }, memberLabel(members[i]))))));
  f.members = { wrap: group, input: boxes[0], setError(m) {
    err.textContent = m || '';
    group.classList.toggle('has-error', Boolean(m));
  } };
  f.guests = formField('Invités (partenaires)', textInput('guests'), { alert: true,
    hint: 'Par exemple : coordinatrice du DAC 48, infirmière du SSIAD.' });
  f.note = formField('Note', textArea('note'), { alert: true, wide: true });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Programmer le comité');
  const form = h('form', { class: 'subform', novalidate: true,
    'aria-label': 'Programmer un comité' },
  h('div', { class: 'grid' }, f.held_on.wrap, f.guests.wrap, group, f.note.wrap),
  alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const chosen = boxes.filter((b) => b.checked).map((b) => ({ user_id: Number(b.value) }));
    if (!chosen.length) {
      f.members.setError('Choisissez au moins un membre.');
      boxes[0].focus();
      return;
    }
    const body = { held_on: f.held_on.input.value, members: chosen };
    const guests = f.guests.input.value.trim();
    const note = f.note.input.value.trim();
    if (guests) body.guests = guests;
    if (note) body.note = note;
    submit.disabled = true;
    let c;
    try {
      c = await api('POST', '/api/v1/committees', body);
    } catch (e) {
      submit.disabled = false;
      if (ctx.alive()) showFormError(e, f, alert);
      return;
    }
    if (!ctx.alive()) return;
    state.flash = { id: c.id, page: 'comite',
      message: `Comité du ${frDate(c.held_on)} programmé.` };
    location.hash = `#/comites/${c.id}`;
  });
  return form;
}

// ---------------------------------------------------------------------
// One committee: members, cases, opinions and decisions

async function pageComite(ctx, id) {
  const title = h('h1', null, 'Comité d\'admission');
  const alert = alertBox();
  const body = h('div', null, loading('Chargement du comité…'));
  append(ctx.main, [h('p', { class: 'back' },
    h('a', { href: '#/comites' }, '← Retour aux comités')), title, alert, body]);
  focusTitle(ctx.main, 'Comité d\'admission');
  let com;
  let orgs = [];
  try {
    await ensureMeta();
    com = await api('GET', `/api/v1/committees/${id}`, undefined, ctx);
    try {
      orgs = await partnerOrgs();
    } catch {
      orgs = [];  // the orientation keeps its free-text field
    }
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  const flash = takeFlash(id, 'comite');
  showCommittee(ctx, { title, body, orgs }, com, flash && flash.message);
}

// Reloads the committee and shows it with a message (after a change).
async function reloadCommittee(ctx, view, id, message) {
  const com = await api('GET', `/api/v1/committees/${id}`, undefined, ctx);
  if (!ctx.alive()) return;
  showCommittee(ctx, view, com, message);
}

function showCommittee(ctx, view, com, message) {
  const { title, body } = view;
  clear(body);
  title.textContent = `Comité du ${frDate(com.held_on)}`;
  document.title = `${title.textContent} — Maillage`;
  const future = com.held_on > todayIso();
  if (message) body.appendChild(statusMessage(message));
  if (future) {
    body.appendChild(h('p', { class: 'notice' }, h('span', { class: 'badge badge-info' }, 'à venir'),
      ` Ce comité n'a pas encore eu lieu : les décisions s'y prendront à partir du `
      + `${frDate(com.held_on)}.`));
  }
  const members = com.members || [];
  body.appendChild(sectionCard('Informations',
    h('dl', { class: 'facts' },
      fact('Date', frDate(com.held_on)),
      fact('Membres', members.length ? h('ul', { class: 'inline-list' }, members.map((m) =>
        h('li', null, m.name, m.profession
          ? h('span', { class: 'item-meta' }, ` (${metaLabel('professions', m.profession)})`)
          : null))) : null, 'Aucun'),
      fact('Invités', com.guests, 'Aucun'),
      fact('Note', com.note ? h('span', { class: 'data-text' }, com.note) : null, 'Aucune'),
      fact('Programmé par', [com.created_by, com.created_at
        ? `le ${frDateTime(com.created_at)}` : ''].filter(Boolean).join(' ')))));

  const cases = com.items || [];
  const casesId = uid('dossiers');
  const casesSection = h('section', { class: 'card', 'aria-labelledby': casesId },
    h('h2', { id: casesId }, `Dossiers à l'ordre du jour (${cases.length})`));
  if (!cases.length) {
    casesSection.appendChild(h('p', { class: 'muted' }, 'Aucun dossier inscrit pour le moment.'));
  }
  for (const k of cases) casesSection.appendChild(caseView(ctx, view, com, k));
  body.appendChild(casesSection);

  if (can(state.user, 'committee.prepare')) {
    body.appendChild(addCaseSection(ctx, view, com));
  }
  if (message) body.querySelector('[role="status"]').focus();
}

// A case's person as the reader may see it: the server sends "person":
// null and "identity_hidden": true for a person the reader may not see
// (issue 9 §1), and the case still counts in the meeting.
const HIDDEN_PERSON = 'Personne non visible pour vous';

function caseName(k) {
  return k.person ? personName(k.person) : HIDDEN_PERSON;
}

function caseView(ctx, view, com, k) {
  const id = uid('dossier');
  const art = h('article', { class: 'case', 'aria-labelledby': id, 'data-case-id': k.id });
  const who = caseName(k);
  art.appendChild(h('h3', { id }, k.person
    ? h('a', { href: `#/personnes/${k.person.id}` }, who)
    : h('span', { class: 'muted identity-hidden' }, who)));
  art.appendChild(h('p', { class: 'item-meta' }, [
    k.person && k.person.birth_date ? `${bornWord(k.person)} le ${frDate(k.person.birth_date)}` : '',
    `demande n° ${k.referral_id}`,
    `statut : ${metaLabel('referral_statuses', k.referral_status)}`,
    k.added_at ? `inscrite le ${frDateTime(k.added_at)}` : '',
  ].filter(Boolean).join(' · ')));

  // Eligibility with its reasons, before the decision.
  if (!k.decision && k.person) {
    const elig = h('div', { class: 'case-eligibility' }, loading('Éligibilité : chargement…'));
    art.appendChild(elig);
    loadEligibility(ctx, k.person.id, elig);
  }

  // The team's opinion.
  const op = k.opinion || {};
  const opId = uid('avis');
  const opBox = h('div', { class: 'case-part', role: 'group', 'aria-labelledby': opId },
    h('h4', { id: opId }, 'Avis de l\'équipe'),
    op.text ? h('p', { class: 'data-text' }, op.text)
      : h('p', { class: 'muted' }, op.given
        ? 'Avis recueilli (réservé à l\'équipe de soins).' : 'Pas encore d\'avis.'),
    op.text && (op.by || op.at) ? h('p', { class: 'item-meta' }, [op.by ? `par ${op.by}` : '',
      op.at ? `le ${frDateTime(op.at, true)}` : ''].filter(Boolean).join(' ')) : null);
  if (!k.decision && can(state.user, 'committee.opinion')) {
    const holder = h('div');
    holder.appendChild(opinionForm(ctx, view, com, k));
    const toggle = disclosure(op.text ? `Modifier l'avis sur ${who}` : `Saisir l'avis sur ${who}`,
      holder);
    append(opBox, [h('p', { class: 'part-actions' }, toggle.btn), holder]);
  }
  art.appendChild(opBox);

  // The decision, or its form.
  const decId = uid('decision');
  const decBox = h('div', { class: 'case-part', role: 'group', 'aria-labelledby': decId },
    h('h4', { id: decId }, 'Décision'));
  if (k.decision) {
    decBox.appendChild(decisionView(k));
  } else if (can(state.user, 'referral.decide')) {
    decBox.appendChild(decisionForm(ctx, view, com, k));
  } else {
    decBox.appendChild(h('p', { class: 'muted' }, 'En attente de la décision de la '
      + 'coordination.'));
  }
  art.appendChild(decBox);
  return art;
}

async function loadEligibility(ctx, personId, box) {
  let el;
  try {
    el = await api('GET', `/api/v1/persons/${personId}/eligibility`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    if (e.status === 403) box.remove();
    else {
      clear(box);
      box.appendChild(h('p', { class: 'muted' }, e.message));
    }
    return;
  }
  if (!ctx.alive()) return;
  clear(box);
  const failing = (el.reasons || []).filter((r) => !r.ok);
  const known = eligibilityState(el);
  const [cls, word] = ELIGIBILITY_SUMMARY[known];
  box.appendChild(h('p', { class: 'eligibility-line', 'data-eligibility': known },
    h('span', { class: cls }, known === 'eligible' ? 'Éligible au volet 2' : word)));
  if (failing.length) {
    box.appendChild(h('ul', { class: 'reasons' }, failing.map((r) => h('li', null, r.label))));
  }
}

function decisionView(k) {
  const rows = [
    fact('Décision', h('strong', null, DECISION_SUMMARY[k.decision]
      || metaLabel('committee_decisions', k.decision))),
  ];
  if (k.refusal_reason) rows.push(fact('Motif du refus', metaLabel('refusal_reasons', k.refusal_reason)));
  if (k.oriented_org || k.oriented_to) {
    rows.push(fact('Orientée vers', (k.oriented_org && k.oriented_org.name) || k.oriented_to));
  }
  if (k.note) rows.push(fact('Motivation', h('span', { class: 'data-text' }, k.note)));
  if (k.eligible === false) {
    rows.push(fact('Éligibilité', 'Admise par dérogation aux critères'));
  }
  if (k.override_reason) {
    rows.push(fact('Motif de la dérogation', h('span', { class: 'data-text' }, k.override_reason)));
  }
  rows.push(fact('Décidée par', [k.decided_by, k.decided_at
    ? `le ${frDateTime(k.decided_at, true)}` : ''].filter(Boolean).join(' ')));
  return h('div', null, h('dl', { class: 'facts' }, rows),
    k.support_id ? h('p', { class: 'part-actions' }, h('a', { href: `#/accompagnements/${k.support_id}`,
      class: 'btn btn-primary' }, 'Ouvrir l\'accompagnement (plan, contrat)')) : null);
}

function opinionForm(ctx, view, com, k) {
  const f = {};
  f.team_opinion = formField('Avis de l\'équipe', textArea('team_opinion',
    { value: (k.opinion && k.opinion.text) || '', rows: '4' }),
  { required: true, alert: true, wide: true });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Enregistrer l\'avis');
  const form = h('form', { class: 'subform', novalidate: true,
    'aria-label': `Avis de l'équipe sur ${caseName(k)}` },
  f.team_opinion.wrap, alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const text = f.team_opinion.input.value.trim();
    if (!text) {
      f.team_opinion.setError('Écrivez l\'avis de l\'équipe.');
      f.team_opinion.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      await api('PATCH', `/api/v1/committees/${com.id}/cases/${k.id}`, { team_opinion: text });
      await reloadCommittee(ctx, view, com.id, `Avis de l'équipe enregistré pour ${caseName(k)}.`);
    } catch (e) {
      submit.disabled = false;
      if (ctx.alive()) showFormError(e, f, alert);
    }
  });
  return form;
}

function decisionForm(ctx, view, com, k) {
  const who = caseName(k);
  const f = {};
  const decisions = metaList('committee_decisions', [['admettre', 'Admettre'],
    ['refuser', 'Refuser'], ['orienter', 'Orienter vers un autre service']]);
  f.decision = radioGroup('Décision', uid('decision'), decisions, '', { required: true });

  f.refusal_reason = formField('Motif du refus', select([{ value: '', label: 'Choisir…' },
    ...metaList('refusal_reasons')], '', { name: 'refusal_reason' }), { required: true, alert: true });
  const refusalBox = h('div', { class: 'grid' }, f.refusal_reason.wrap);
  refusalBox.hidden = true;

  f.oriented_org_id = formField('Structure de l\'annuaire', select(orgOptions(view.orgs,
    'Aucune (hors annuaire)'), '', { name: 'oriented_org_id' }), { alert: true });
  f.oriented_to = formField('Ou bien : orientée vers (hors annuaire)', textInput('oriented_to'),
    { alert: true, hint: 'Service, structure ou professionnel.' });
  const orientBox = h('div', { class: 'grid' }, f.oriented_org_id.wrap, f.oriented_to.wrap);
  orientBox.hidden = true;

  f.note = formField('Motivation de la décision', textArea('note'), { alert: true, wide: true,
    hint: 'Obligatoire pour un refus : elle sera transmise au demandeur.' });

  f.override_reason = formField('Motif de dérogation aux critères', textArea('override_reason'),
    { required: true, alert: true, wide: true,
      hint: 'Pourquoi admettre une personne qui ne remplit pas les critères (10 caractères '
        + 'au moins).' });
  const overrideBox = h('div', { class: 'override' }, f.override_reason.wrap);
  overrideBox.hidden = true;

  const sync = () => {
    const d = f.decision.value();
    refusalBox.hidden = d !== 'refuser';
    orientBox.hidden = d !== 'orienter';
    if (d !== 'admettre') overrideBox.hidden = true;
  };
  for (const r of f.decision.radios) r.addEventListener('change', sync);

  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    'Enregistrer la décision');
  const form = h('form', { class: 'subform decision-form', novalidate: true,
    'aria-label': `Décision pour ${who}` },
  f.decision.wrap, refusalBox, orientBox, f.note.wrap, overrideBox, alert,
  h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const d = f.decision.value();
    if (!d) {
      f.decision.setError('Choisissez une décision.');
      f.decision.input.focus();
      return;
    }
    const body = { decision: d };
    const note = f.note.input.value.trim();
    if (note) body.note = note;
    if (d === 'refuser' && f.refusal_reason.input.value) {
      body.refusal_reason = f.refusal_reason.input.value;
    }
    if (d === 'orienter') {
      if (f.oriented_org_id.input.value) body.oriented_org_id = Number(f.oriented_org_id.input.value);
      const to = f.oriented_to.input.value.trim();
      if (to) body.oriented_to = to;
    }
    if (d === 'admettre' && !overrideBox.hidden) {
      const why = f.override_reason.input.value.trim();
      if (why) body.override_reason = why;
    }
    submit.disabled = true;
    let r;
    try {
      r = await api('POST', `/api/v1/committees/${com.id}/cases/${k.id}/decision`, body);
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      if (e.code === 'committee.override_required') overrideBox.hidden = false;
      revealAndShow(e, f, alert);
      return;
    }
    if (!ctx.alive()) return;
    const what = { admettre: `${who} est admise : rédigez le plan personnalisé puis faites `
      + 'signer le contrat.', refuser: `Refus enregistré pour ${who}.`,
    orienter: `Orientation enregistrée pour ${who}.` }[r.decision] || 'Décision enregistrée.';
    try {
      await reloadCommittee(ctx, view, com.id, what);
    } catch (e) {
      if (ctx.alive()) setAlert(alert, e.message);
    }
  });
  return form;
}

// A referral in « evaluation » put on the agenda (with an optional opinion).
function addCaseSection(ctx, view, com) {
  const id = uid('inscrire');
  const box = h('div', null, loading('Chargement des demandes évaluées…'));
  const section = h('section', { class: 'card', 'aria-labelledby': id },
    h('h2', { id }, 'Inscrire une demande à l\'ordre du jour'), box);
  (async () => {
    let refs;
    try {
      refs = (await api('GET', '/api/v1/referrals?status=evaluation', undefined, ctx)).items || [];
    } catch (e) {
      if (!ctx.alive()) return;
      clear(box);
      box.appendChild(h('p', { class: 'muted' }, e.message));
      return;
    }
    if (!ctx.alive()) return;
    clear(box);
    const here = new Set((com.items || []).map((k) => k.referral_id));
    const choices = refs.filter((r) => !here.has(r.id));
    if (!choices.length) {
      box.appendChild(h('p', { class: 'muted' }, 'Aucune demande évaluée en attente de comité.'));
      return;
    }
    const f = {};
    f.referral_id = formField('Demande évaluée', select([{ value: '', label: 'Choisir…' },
      ...choices.map((r) => ({ value: String(r.id), label: [personName(r.person),
        `reçue le ${frDate(r.received_on)}`, metaLabel('referral_sources', r.source),
        r.urgent ? 'urgente' : ''].filter(Boolean).join(' — ') }))], '',
    { name: 'referral_id' }), { required: true, alert: true,
      hint: 'Demandes dont la visite à domicile ou l\'évaluation médicale est faite.' });
    // The team's opinion is care data: only the care team writes it.
    if (can(state.user, 'committee.opinion')) {
      f.team_opinion = formField('Avis de l\'équipe (facultatif)', textArea('team_opinion'),
        { alert: true, wide: true });
    }
    const alert = alertBox();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
      'Inscrire à l\'ordre du jour');
    const form = h('form', { class: 'subform', novalidate: true,
      'aria-label': 'Inscrire une demande à l\'ordre du jour' },
    h('div', { class: 'grid' }, f.referral_id.wrap, f.team_opinion ? f.team_opinion.wrap : null),
    alert,
    h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFormErrors(f, alert);
      if (!f.referral_id.input.value) {
        f.referral_id.setError('Choisissez une demande.');
        f.referral_id.input.focus();
        return;
      }
      const body = { referral_id: Number(f.referral_id.input.value) };
      const op = f.team_opinion ? f.team_opinion.input.value.trim() : '';
      if (op) body.team_opinion = op;
      submit.disabled = true;
      try {
        const k = await api('POST', `/api/v1/committees/${com.id}/cases`, body);
        await reloadCommittee(ctx, view, com.id, `Dossier de ${caseName(k)} inscrit `
          + 'à l\'ordre du jour.');
      } catch (e) {
        submit.disabled = false;
        if (ctx.alive()) showFormError(e, f, alert);
      }
    });
    box.appendChild(form);
  })();
  return section;
}

// ---------------------------------------------------------------------
// One support: situation, plan, contract, absences, exit

async function pageSupport(ctx, id, version) {
  const back = h('p', { class: 'back' }, h('a', { href: can(state.user, 'support.read')
    ? '#/file-active' : '#/personnes' }, can(state.user, 'support.read')
    ? '← Retour à la file active' : '← Retour aux personnes'));
  const title = h('h1', null, 'Accompagnement');
  const alert = alertBox();
  const body = h('div', { class: 'support' }, loading('Chargement de l\'accompagnement…'));
  append(ctx.main, [back, title, alert, body]);
  focusTitle(ctx.main, 'Accompagnement');
  const view = { title, body, back, alert, id, version };
  try {
    await ensureMeta();
    await showSupport(ctx, view, takeFlash(id, 'accompagnement'));
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    return;
  }
  // Issue 12 review: the support (situation, plan, contract, absences,
  // exit) follows its changes made elsewhere (support.changed, a plan
  // saved included), drawn again from the server; not while a form of
  // it is in use (core/live.js), so no typed text nor focus is lost.
  if (view.personId) {
    liveRefresh(ctx, { types: ['support.changed'], person: view.personId }, body,
      () => showSupport(ctx, view, null).catch((e) => { if (ctx.alive()) setAlert(alert, e.message); }));
  }
}

// Loads the support and its plan, then shows everything; flash: {message}
// is shown on top and focused.
async function showSupport(ctx, view, flash) {
  const { id, version } = view;
  const s = await api('GET', `/api/v1/supports/${id}`, undefined, ctx);
  const planReq = api('GET', `/api/v1/supports/${id}/plan${version ? `?version=${version}` : ''}`, undefined, ctx)
    .then((p) => ({ plan: p }), (e) => ({ error: e }));
  const versionsReq = api('GET', `/api/v1/supports/${id}/plan/versions`, undefined, ctx)
    .then((v) => v.items || [], () => null);
  const [planRes, versions] = await Promise.all([planReq, versionsReq]);
  if (!ctx.alive()) return;

  const { title, body, back } = view;
  view.personId = s.person && s.person.id;
  const who = personName(s.person);
  title.textContent = `Accompagnement de ${who}`;
  document.title = `${title.textContent} — Maillage`;
  clear(back);
  back.appendChild(h('a', { href: `#/personnes/${s.person.id}` }, `← Dossier de ${who}`));
  if (can(state.user, 'support.read')) {
    append(back, [' · ', h('a', { href: '#/file-active' }, 'File active')]);
  }
  clear(body);
  if (flash && flash.message) body.appendChild(statusMessage(flash.message));
  const write = (s.access && s.access.write) || [];
  const reload = (message) => showSupport(ctx, view, { message })
    .catch((e) => { if (ctx.alive()) setAlert(view.alert, e.message); });

  if (s.exit_proposed) {
    body.appendChild(h('div', { class: 'banner-warn', role: 'note', 'data-exit-proposed': '' },
      h('p', null, h('strong', null, 'Sortie à proposer'),
        ` : hospitalisation depuis le ${frDate(s.exit_proposed.since || s.hospitalised_since)}, `
        + 'soit plus de 3 mois. L\'accompagnement prend fin au-delà de 3 mois '
        + 'd\'hospitalisation : décidez la sortie en équipe et organisez le relais.')));
  }

  body.appendChild(situationSection(s));
  body.appendChild(planSection(s, planRes, versions, version, write));
  body.appendChild(contractSection(ctx, s, write, reload));
  body.appendChild(absenceSection(ctx, s, write, reload));
  body.appendChild(exitSection(ctx, s, write, reload));

  if (flash && flash.message) body.querySelector('[role="status"]').focus();
}

// The place of this support in the file active (the counts of all places
// are on « File active »: no endpoint gives them without listing, and
// tracing, every beneficiary).
function placeText(s) {
  if (s.status === 'preparation') return 'Réservée depuis l\'admission';
  if (s.status === 'sortie') return s.exit ? `Libérée le ${frDate(s.exit.on)}` : 'Libérée';
  if (s.status === 'renonce') {
    return s.withdrawal ? `Libérée le ${frDate(s.withdrawal.on)}` : 'Libérée';
  }
  if (s.hospitalised_since) return 'Conservée pendant l\'hospitalisation';
  if (s.absent_since) return 'Conservée pendant l\'absence';
  return 'Occupée';
}

function situationSection(s) {
  const next = [];
  if (s.status === 'preparation') {
    next.push(s.plan ? 'Faire signer le contrat d\'accompagnement : l\'accompagnement '
      + 'commence à la signature.'
      : 'Rédiger le plan personnalisé, puis faire signer le contrat d\'accompagnement.');
  }
  let situation = null;
  if (s.hospitalised_since) situation = `Hospitalisation depuis le ${frDate(s.hospitalised_since)}`;
  else if (s.absent_since) situation = `Absence depuis le ${frDate(s.absent_since)}`;
  else if (s.status === 'active') situation = 'À domicile';
  return sectionCard('Situation',
    h('dl', { class: 'facts' },
      fact('Statut', statusBadgeSupport(s.status)),
      fact('Demande reçue le', frDate(s.received_on)),
      fact('Décision d\'admission', frDate(s.decided_on)),
      fact('Début de l\'accompagnement', frDate(s.started_on), 'À la signature du contrat'),
      fact('Plan personnalisé', s.plan ? `Version ${s.plan.version}${s.plan.referent
        ? `, référent ${s.plan.referent}` : ''}` : null, 'À rédiger'),
      fact('Contrat', s.contract ? `Signé le ${frDate(s.contract.signed_on)}` : null, 'À signer'),
      !closed(s) ? fact('Situation', situation, '—') : null,
      s.exit ? fact('Sortie', frDate(s.exit.on)) : null,
      s.withdrawal ? fact('Renonciation avant signature', frDate(s.withdrawal.on)) : null,
      fact('Place dans la file active', placeText(s))),
    next.length ? h('p', { class: 'next-step' }, h('strong', null, 'Prochaine étape : '), next) : null);
}

// ---- Plan (PPCS, DOMAIN §4)

function planSection(s, res, versions, version, write) {
  const id = uid('plan');
  const section = h('section', { class: 'card plan', 'aria-labelledby': id },
    h('h2', { id }, 'Plan personnalisé d\'accompagnement (PPCS)'));
  const canEdit = write.includes('soins') && !closed(s);
  const base = `#/accompagnements/${s.id}`;
  if (res.error) {
    // « not drawn up yet » (404), or not readable with this profile (403).
    section.appendChild(h('p', { class: 'muted' }, res.error.message));
    if (canEdit && !s.plan && !version) {
      section.appendChild(h('p', { class: 'part-actions' }, h('a', {
        href: `${base}/plan/modifier`, class: 'btn btn-primary' }, 'Rédiger le plan')));
    }
    return section;
  }
  const p = res.plan;
  section.appendChild(h('div', { class: 'form-actions plan-actions' },
    canEdit && p.current ? h('a', { href: `${base}/plan/modifier`, class: 'btn btn-primary' },
      'Modifier le plan') : null,
    h('a', { href: `${base}/plan/imprimer${p.current ? '' : `?version=${p.version}`}`,
      class: 'btn' }, 'Version imprimable')));
  // After the exit (or a withdrawal) no plan is in force any more: the
  // last version is « la dernière », not « en vigueur ».
  const ended = closed(s);
  if (!p.current) {
    section.appendChild(h('p', { class: 'notice' }, `Vous consultez la version ${p.version}, `
      + (ended ? 'qui n\'est pas la dernière. ' : 'qui n\'est plus en vigueur. '),
    h('a', { href: base }, ended ? 'Voir la dernière version' : 'Voir la version en vigueur')));
  }
  append(section, planBody(p, ended));
  if (versions && versions.length) {
    const vid = uid('versions');
    const current = versions[0] && versions[0].version;
    section.appendChild(h('div', { class: 'plan-versions', role: 'group', 'aria-labelledby': vid },
      h('h3', { id: vid }, 'Versions du plan'),
      h('ul', { class: 'plain-list' }, versions.map((v) => h('li', null,
        h('a', { href: v.version === current ? base : `${base}?version=${v.version}`,
          'aria-current': v.version === p.version ? 'true' : null, class: 'item-title' },
        `Version ${v.version}`, v.version !== current ? ''
          : (ended ? ' (dernière, accompagnement terminé)' : ' (en vigueur)')),
        h('span', { class: 'item-meta' }, [`enregistrée le ${frDateTime(v.created_at, true)}`,
          v.created_by ? `par ${v.created_by}` : '',
          v.referent ? `référent ${v.referent.name}` : '',
          plural(v.action_count || 0, 'action', 'actions')].filter(Boolean).join(' · ')))))));
  }
  return section;
}

function whoName(a) {
  if (a.who_user) return h('span', null, a.who_user.name, h('span', { class: 'item-meta' }, ' (CRT)'));
  if (a.who_org) return h('span', null, a.who_org.name, h('span', { class: 'item-meta' }, ' (partenaire)'));
  return h('span', { class: 'muted' }, 'À désigner');
}

function actionStatus(a) {
  const cls = { realisee: 'state-on', en_cours: 'badge-info', non_realisee: 'badge-warn' }[a.status]
    || 'state-off';
  return h('span', null, h('span', { class: `badge ${cls}` }, metaLabel('plan_action_statuses',
    a.status)), a.status_reason ? h('span', { class: 'item-note' }, ` ${a.status_reason}`) : null);
}

// The plan for the screen: version, referent, the four PPCS parts, the
// actions grouped under the five areas. ended: the support is over (exit
// or withdrawal), so even its last version is no longer in force.
function planBody(p, ended) {
  const out = [];
  const inForce = p.current && !ended;
  out.push(h('p', { class: 'plan-version' }, `Version ${p.version}`,
    p.created_at ? `, enregistrée le ${frDateTime(p.created_at, true)}` : '',
    p.created_by ? ` par ${p.created_by}` : '', ' ',
    h('span', { class: `badge ${inForce ? 'state-on' : 'state-off'}` },
      inForce ? 'en vigueur' : (p.current ? 'plus en vigueur (accompagnement terminé)'
        : 'ancienne version'))));
  out.push(h('dl', { class: 'facts' },
    fact('Référent du plan', p.referent && p.referent.name),
    fact('Synthèse des problèmes', p.problems ? h('span', { class: 'data-text' }, p.problems) : null),
    fact('Projet de la personne', p.project ? h('span', { class: 'data-text' }, p.project) : null)));
  const hid = uid('actions');
  out.push(h('h3', { id: hid }, 'Plan d\'actions'));
  const today = todayIso();
  const areas = metaList('plan_areas', PLAN_AREAS);
  const actions = p.actions || [];
  for (const area of areas) {
    const rows = actions.filter((a) => a.area === area.value);
    const aid = uid('axe');
    const part = h('div', { class: 'plan-area', role: 'group', 'aria-labelledby': aid,
      'data-area': area.value }, h('h4', { id: aid }, area.label,
      h('span', { class: 'item-meta' }, ` — ${plural(rows.length, 'action', 'actions')}`)));
    if (!rows.length) {
      part.appendChild(h('p', { class: 'muted' }, 'Aucune action dans cet axe.'));
    } else {
      const tbody = h('tbody');
      for (const a of rows) {
        const late = a.review_on && a.review_on < today && a.status !== 'realisee';
        tbody.appendChild(h('tr', null,
          h('td', { 'data-label': 'Problème ou besoin' }, h('div', null,
            h('span', { class: 'data-text' }, a.need),
            h('span', { class: 'item-meta' }, ` (${metaLabel('plan_domains', a.domain)})`))),
          h('td', { 'data-label': 'Objectif partagé' }, h('span', { class: 'data-text' }, a.objective)),
          h('td', { 'data-label': 'Action' }, h('span', { class: 'data-text' }, a.action)),
          h('td', { 'data-label': 'Responsable' }, whoName(a)),
          h('td', { 'data-label': 'Fréquence' }, a.frequency),
          h('td', { 'data-label': 'Dates' }, h('div', { class: 'cell-stack' },
            h('span', null, `Début ${frDate(a.start_on)}`),
            a.due_on ? h('span', null, `Échéance ${frDate(a.due_on)}`) : null,
            h('span', { class: late ? 'is-late' : null }, `Réévaluation ${frDate(a.review_on)}`,
              late ? [' ', h('span', { class: 'badge badge-warn' }, 'dépassée')] : null))),
          h('td', { 'data-label': 'État' }, actionStatus(a))));
      }
      part.appendChild(h('div', { class: 'results' }, h('table', {
        class: 'table table-cards-md plan-table' },
      h('caption', { class: 'visually-hidden' }, `Actions — ${area.label}`),
      h('thead', null, h('tr', null, ['Problème ou besoin', 'Objectif partagé', 'Action',
        'Responsable', 'Fréquence', 'Dates', 'État'].map((c) => h('th', { scope: 'col' }, c)))),
      tbody)));
    }
    out.push(part);
  }
  const other = actions.filter((a) => !areas.some((x) => x.value === a.area));
  if (other.length) {
    out.push(h('p', { class: 'muted' }, `${plural(other.length, 'action', 'actions')} hors des `
      + 'cinq axes.'));
  }
  out.push(h('h3', null, 'Objectifs partagés non atteints'));
  out.push(p.unmet ? h('p', { class: 'data-text' }, p.unmet)
    : h('p', { class: 'muted' }, 'Aucun.'));
  return out;
}

// ---- Contract

function contractSection(ctx, s, write, reload) {
  const id = uid('contrat');
  const section = h('section', { class: 'card', 'aria-labelledby': id, 'data-contract': '' },
    h('h2', { id }, 'Contrat d\'accompagnement'));
  const c = s.contract;
  if (c) {
    section.appendChild(h('dl', { class: 'facts' },
      fact('Signé le', frDate(c.signed_on)),
      fact('Signé par', c.signed_by === 'representant'
        ? `son représentant${c.signer ? ` : ${c.signer}` : ''}` : 'la personne'),
      fact('Contrat signé', c.document_id ? h('a', {
        href: `/api/v1/persons/${s.person.id}/documents/${c.document_id}`, download: true },
      'Télécharger le contrat signé') : null),
      fact('Enregistré par', [c.recorded_by, c.recorded_at
        ? `le ${frDateTime(c.recorded_at)}` : ''].filter(Boolean).join(' '))));
    return section;
  }
  if (s.status !== 'preparation') {
    section.appendChild(h('p', { class: 'muted' }, 'Aucun contrat enregistré.'));
    return section;
  }
  section.appendChild(h('p', { class: 'muted' }, 'Le contrat se signe après l\'élaboration du '
    + 'plan personnalisé ; l\'accompagnement commence à sa signature.'));
  // Issue 10 point 10: generated from the CRT's template (plantpl.js).
  if (can(state.user, 'support.contract')) {
    section.appendChild(h('p', { class: 'part-actions' }, h('a', {
      href: `#/accompagnements/${s.id}/contrat`, class: 'btn' }, 'Générer le contrat à imprimer')));
  }
  if (can(state.user, 'committee.prepare') && write.includes('admin')) {
    section.appendChild(contractForm(ctx, s, reload));
  }
  return section;
}

function contractForm(ctx, s, reload) {
  const f = {};
  f.signed_on = formField('Signé le', dateInput('signed_on', todayIso()),
    { required: true, alert: true });
  f.signed_by = radioGroup('Signé par', uid('signe'), [
    { value: 'personne', label: 'La personne' },
    { value: 'representant', label: 'Son représentant' }], 'personne', { required: true });
  f.signer_name = formField('Nom du représentant', textInput('signer_name'),
    { required: true, alert: true, hint: 'Nom et qualité, par exemple : sa fille, Anne Rousset.' });
  const signerBox = h('div', null, f.signer_name.wrap);
  signerBox.hidden = true;
  for (const r of f.signed_by.radios) {
    r.addEventListener('change', () => { signerBox.hidden = f.signed_by.value() !== 'representant'; });
  }
  const file = h('input', { type: 'file', name: 'file',
    accept: '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png' });
  f.document_id = formField('Contrat signé (fichier)', file, { required: true, alert: true,
    hint: 'Le contrat scanné : PDF, JPEG ou PNG, 5 Mo au plus. Il est joint aux documents '
      + 'administratifs du dossier.' });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    'Enregistrer le contrat signé');
  const form = h('form', { class: 'subform', novalidate: true,
    'aria-label': 'Enregistrer le contrat signé' },
  h('div', { class: 'grid' }, f.signed_on.wrap, f.signed_by.wrap, signerBox, f.document_id.wrap),
  alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const chosen = chosenFile(file, f.document_id, 'Joignez le contrat signé.');
    if (!chosen) return;
    const by = f.signed_by.value();
    const body = { signed_on: f.signed_on.input.value, signed_by: by };
    if (by === 'representant') {
      const name = f.signer_name.input.value.trim();
      if (name) body.signer_name = name;
    }
    submit.disabled = true;
    try {
      body.document_id = await contractDocument(s.person.id, chosen, body.signed_on);
      await api('POST', `/api/v1/supports/${s.id}/contract`, body);
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      if (e.field === 'content_type' || e.field === 'file') e.field = 'document_id';
      revealAndShow(e, f, alert);
      return;
    }
    if (!ctx.alive()) return;
    reload('Contrat enregistré : l\'accompagnement est actif.');
  });
  return form;
}

// The id of the signed contract among the person's documents: the same
// file already attached (a first try refused, e.g. before the plan) is
// reused by its SHA-256, else the file is attached now (category admin).
async function contractDocument(pid, file, signedOn) {
  let hash = null;
  if (window.crypto && window.crypto.subtle) {
    const digest = await window.crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    hash = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    const docs = (await api('GET', `/api/v1/persons/${pid}/documents`)
      .catch(() => ({ items: [] }))).items || [];
    const same = docs.find((d) => d.sha256 === hash && d.category === 'admin');
    if (same) return same.id;
  }
  const qs = new URLSearchParams({ category: 'admin',
    title: `Contrat d'accompagnement signé le ${frDate(signedOn) || frDate(todayIso())}` });
  const doc = await api('POST', `/api/v1/persons/${pid}/documents?${qs}`, file,
    { raw: true, type: file.type || 'application/octet-stream' });
  return doc.id;
}

// ---- Hospitalisations and absences (the place is held)

function absenceSection(ctx, s, write, reload) {
  const id = uid('absences');
  const section = h('section', { class: 'card', 'aria-labelledby': id, 'data-absences': '' },
    h('h2', { id }, 'Hospitalisations et absences'));
  const items = s.absences || [];
  const canWrite = write.includes('soins') && s.status === 'active';
  if (s.absences === null) {
    // Care data the server did not send for this reader.
    section.appendChild(h('p', { class: 'muted' }, 'Votre rôle ne donne pas accès aux '
      + 'hospitalisations et absences.'));
    return section;
  }
  if (!items.length) {
    section.appendChild(h('p', { class: 'muted' }, 'Aucune hospitalisation ni absence notée.'));
  } else {
    const ul = h('ul', { class: 'plain-list absences' });
    for (const a of items) {
      const open = !a.end_on;
      const li = h('li', { 'data-absence-id': a.id },
        h('span', { class: 'item-title' }, `${ABSENCE_KINDS[a.kind] || a.kind} — ${a.place}`),
        h('span', null, open ? `Depuis le ${frDate(a.start_on)} `
          : `Du ${frDate(a.start_on)} au ${frDate(a.end_on)}`,
        open ? h('span', { class: 'badge badge-warn' }, 'en cours') : null),
        a.note ? h('span', { class: 'item-note data-text' }, a.note) : null,
        h('span', { class: 'item-meta' }, [a.created_by ? `notée par ${a.created_by}` : '',
          a.created_at ? `le ${frDateTime(a.created_at)}` : ''].filter(Boolean).join(' ')));
      if (open && canWrite) li.appendChild(returnForm(ctx, s, a, reload));
      ul.appendChild(li);
    }
    section.appendChild(ul);
  }
  if (canWrite) {
    if (items.some((a) => !a.end_on)) {
      section.appendChild(h('p', { class: 'muted' }, 'Notez le retour de l\'absence en cours '
        + 'avant d\'en noter une autre.'));
    } else {
      const holder = h('div');
      holder.appendChild(absenceForm(ctx, s, reload));
      const toggle = disclosure('Noter une hospitalisation ou une absence', holder);
      append(section, [h('p', { class: 'part-actions' }, toggle.btn), holder]);
    }
  } else if (s.status === 'preparation') {
    section.appendChild(h('p', { class: 'muted' }, 'Les hospitalisations et absences se notent '
      + 'une fois l\'accompagnement actif.'));
  }
  return section;
}

function absenceForm(ctx, s, reload) {
  const f = {};
  f.kind = formField('Type', select(Object.entries(ABSENCE_KINDS).map(([value, label]) =>
    ({ value, label })), 'hospitalisation', { name: 'kind' }), { required: true, alert: true });
  f.place = formField('Lieu', textInput('place'), { required: true, alert: true,
    hint: 'Établissement et service, ou lieu de séjour.' });
  f.start_on = formField('Début', dateInput('start_on', todayIso()), { required: true, alert: true });
  f.end_on = formField('Retour', dateInput('end_on', ''), { alert: true,
    hint: 'Laissez vide si la personne n\'est pas encore rentrée.' });
  f.note = formField('Note', textArea('note'), { alert: true, wide: true });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Enregistrer');
  const form = h('form', { class: 'subform', novalidate: true,
    'aria-label': 'Noter une hospitalisation ou une absence' },
  h('p', { class: 'muted' }, 'La place de la personne est conservée ; au-delà de 3 mois '
    + 'd\'hospitalisation, la sortie est à proposer.'),
  h('div', { class: 'grid' }, f.kind.wrap, f.place.wrap, f.start_on.wrap, f.end_on.wrap,
    f.note.wrap),
  alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const body = { kind: f.kind.input.value, start_on: f.start_on.input.value,
      place: f.place.input.value.trim() };
    if (f.end_on.input.value) body.end_on = f.end_on.input.value;
    const note = f.note.input.value.trim();
    if (note) body.note = note;
    submit.disabled = true;
    try {
      await api('POST', `/api/v1/supports/${s.id}/absences`, body);
    } catch (e) {
      submit.disabled = false;
      if (ctx.alive()) showFormError(e, f, alert);
      return;
    }
    if (ctx.alive()) {
      reload(`${ABSENCE_KINDS[body.kind]} notée : la place est conservée.`);
    }
  });
  return form;
}

function returnForm(ctx, s, a, reload) {
  const f = {};
  f.end_on = formField('Date du retour', dateInput('end_on', todayIso()),
    { required: true, alert: true });
  const alert = alertBox();
  const form = h('form', { class: 'inline-form', novalidate: true,
    'aria-label': `Retour de ${(ABSENCE_KINDS[a.kind] || a.kind).toLowerCase()} (${a.place})` },
  f.end_on.wrap,
  h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-small' },
    'Noter le retour')), alert);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    try {
      await api('PATCH', `/api/v1/supports/${s.id}/absences/${a.id}`,
        { end_on: f.end_on.input.value });
    } catch (e) {
      if (ctx.alive()) showFormError(e, f, alert);
      return;
    }
    if (ctx.alive()) reload(`Retour à domicile noté le ${frDate(f.end_on.input.value)}.`);
  });
  return form;
}

// An ended support: exited, or renounced before signing.
function closed(s) {
  return s.status === 'sortie' || s.status === 'renonce';
}

// ---- Exit (DOMAIN §3: six reasons, a relay except after a death)

function exitSection(ctx, s, write, reload) {
  // Issue 8 point 16: before the contract there is no exit, the person
  // renounces (« Renonciation avant signature »), which is not an exit.
  if (s.status === 'preparation' || s.status === 'renonce') {
    return withdrawalSection(ctx, s, write, reload);
  }
  const id = uid('sortie');
  const section = h('section', { class: 'card', 'aria-labelledby': id, 'data-exit': '' },
    h('h2', { id }, 'Sortie'));
  const x = s.exit;
  const decider = can(state.user, 'referral.decide') && write.includes('admin');
  if (x) {
    const relay = x.relay || {};
    const relayName = relay.org
      ? h('a', { href: `#/partenaires/${relay.org.id}` }, relay.org.name)
      : relay.name;
    section.appendChild(h('dl', { class: 'facts' },
      fact('Motif', labelOf('exit_reasons', x.reason, EXIT_REASONS)),
      fact('Date de sortie', frDate(x.on)),
      fact('Décision de l\'équipe', x.decision ? h('span', { class: 'data-text' }, x.decision) : null),
      x.doctor_opinion ? fact('Avis du médecin', h('span', { class: 'data-text' },
        x.doctor_opinion)) : null,
      fact('Relais de droit commun', relayName, x.reason === 'deces' ? 'Sans objet' : 'Non renseigné'),
      fact('Relais informé le', relay.informed_on ? frDate(relay.informed_on) : null,
        'Pas encore'),
      fact('Enregistrée par', [x.by, x.at ? `le ${frDateTime(x.at)}` : '']
        .filter(Boolean).join(' '))));
    if (!relay.informed_on && (relay.org || relay.name) && decider) {
      section.appendChild(relayInformedForm(ctx, s, reload));
    }
    return section;
  }
  if (!decider) {
    section.appendChild(h('p', { class: 'muted' }, 'La sortie est décidée en équipe et '
      + 'enregistrée par la coordination.'));
    return section;
  }
  const holder = h('div');
  holder.appendChild(exitForm(ctx, s, reload));
  const toggle = disclosure('Enregistrer la sortie', holder);
  append(section, [h('p', { class: 'muted' }, 'Décidée en équipe, avec un relais par un '
    + 'service de droit commun (sauf décès).'), h('p', { class: 'part-actions' }, toggle.btn),
  holder]);
  return section;
}

function exitForm(ctx, s, reload) {
  const f = {};
  f.reason = formField('Motif de sortie', select([{ value: '', label: 'Choisir…' },
    ...metaList('exit_reasons', EXIT_REASONS)], s.exit_proposed ? 'hospitalisation_longue' : '',
  { name: 'reason' }), { required: true, alert: true });
  f.exit_on = formField('Date de sortie', dateInput('exit_on', todayIso()),
    { required: true, alert: true });
  f.decision = formField('Décision de l\'équipe', textArea('decision'), { required: true,
    alert: true, wide: true, hint: 'Quand et par qui la sortie a été décidée.' });
  // PRODUCT §3 step 10: criteria no longer met for a health reason come
  // with the doctor's opinion.
  f.doctor_opinion = formField('Avis du médecin', textArea('doctor_opinion'), { alert: true,
    wide: true, hint: 'Si les critères ne sont plus remplis pour une raison de santé.' });
  const showDoctor = () => {
    f.doctor_opinion.wrap.hidden = f.reason.input.value !== 'criteres_non_remplis';
  };
  f.reason.input.addEventListener('change', showDoctor);
  showDoctor();
  f.relay_org_id = formField('Service de droit commun qui prend le relais', select([],
    '', { name: 'relay_org_id' }), { alert: true, hint: 'Choisissez dans l\'annuaire, ou '
      + 'écrivez le nom du relais ci-dessous.' });
  f.relay_name = formField('Relais hors annuaire', textInput('relay_name'), { alert: true });
  f.relay_informed_on = formField('Relais informé le', dateInput('relay_informed_on', ''),
    { alert: true, hint: 'Laissez vide si le relais n\'est pas encore informé.' });
  const orgSel = f.relay_org_id.input;
  orgSel.appendChild(h('option', { value: '' }, 'Chargement de l\'annuaire…'));
  partnerOrgs().then((orgs) => {
    clear(orgSel);
    for (const o of orgOptions(orgs, 'Aucun (hors annuaire ou décès)')) {
      orgSel.appendChild(h('option', { value: o.value }, o.label));
    }
  }, () => {
    clear(orgSel);
    orgSel.appendChild(h('option', { value: '' }, 'Annuaire indisponible'));
  });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-danger' }, 'Enregistrer la sortie');
  const form = h('form', { class: 'subform', novalidate: true, 'aria-label': 'Enregistrer la sortie' },
    h('div', { class: 'grid' }, f.reason.wrap, f.exit_on.wrap, f.decision.wrap,
      f.doctor_opinion.wrap),
    h('fieldset', { class: 'subcard' }, h('legend', null, 'Relais'),
      h('div', { class: 'grid' }, f.relay_org_id.wrap, f.relay_name.wrap, f.relay_informed_on.wrap)),
    alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    if (!f.reason.input.value) {
      f.reason.setError('Choisissez le motif de sortie.');
      f.reason.input.focus();
      return;
    }
    const body = { reason: f.reason.input.value, exit_on: f.exit_on.input.value,
      decision: f.decision.input.value.trim() };
    if (orgSel.value) body.relay_org_id = Number(orgSel.value);
    const name = f.relay_name.input.value.trim();
    if (name) body.relay_name = name;
    if (f.relay_informed_on.input.value) body.relay_informed_on = f.relay_informed_on.input.value;
    const opinion = f.doctor_opinion.input.value.trim();
    if (opinion && body.reason === 'criteres_non_remplis') body.doctor_opinion = opinion;
    submit.disabled = true;
    try {
      await api('POST', `/api/v1/supports/${s.id}/exit`, body);
    } catch (e) {
      submit.disabled = false;
      if (ctx.alive()) showFormError(e, f, alert);
      return;
    }
    if (ctx.alive()) reload(`Sortie enregistrée : ${labelOf('exit_reasons', body.reason, EXIT_REASONS)}.`);
  });
  return form;
}

function withdrawalSection(ctx, s, write, reload) {
  const id = uid('renonciation');
  const section = h('section', { class: 'card', 'aria-labelledby': id, 'data-withdrawal': '' },
    h('h2', { id }, 'Renonciation avant signature'));
  const w = s.withdrawal;
  if (w) {
    section.appendChild(h('dl', { class: 'facts' },
      fact('Date', frDate(w.on)),
      fact('Motif', h('span', { class: 'data-text' }, w.reason)),
      fact('Enregistrée par', [w.by, w.at ? `le ${frDateTime(w.at)}` : '']
        .filter(Boolean).join(' '))));
    section.appendChild(h('p', { class: 'muted' }, 'Ce n\'est pas une sortie : l\'accompagnement '
      + 'n\'avait pas commencé. Une nouvelle admission ouvrira un nouvel accompagnement.'));
    return section;
  }
  section.appendChild(h('p', { class: 'muted' }, 'L\'accompagnement commence à la signature '
    + 'du contrat : il n\'y a pas de sortie avant. Si la personne ou son représentant renonce '
    + 'avant de signer, enregistrez sa renonciation.'));
  if (!(can(state.user, 'referral.decide') && write.includes('admin'))) return section;
  const holder = h('div');
  holder.appendChild(withdrawalForm(ctx, s, reload));
  const toggle = disclosure('Renonciation', holder);
  append(section, [h('p', { class: 'part-actions' }, toggle.btn), holder]);
  return section;
}

function withdrawalForm(ctx, s, reload) {
  const f = {};
  f.withdrawn_on = formField('Date de la renonciation', dateInput('withdrawn_on', todayIso()),
    { required: true, alert: true });
  f.reason = formField('Motif de la renonciation', textArea('reason'), { required: true,
    alert: true, wide: true, hint: 'Ce que la personne ou son représentant a exprimé.' });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-danger' },
    'Enregistrer la renonciation');
  const form = h('form', { class: 'subform', novalidate: true,
    'aria-label': 'Renonciation avant signature' },
  h('div', { class: 'grid' }, f.withdrawn_on.wrap, f.reason.wrap),
  alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const body = { withdrawn_on: f.withdrawn_on.input.value, reason: f.reason.input.value.trim() };
    submit.disabled = true;
    try {
      await api('POST', `/api/v1/supports/${s.id}/withdrawal`, body);
    } catch (e) {
      submit.disabled = false;
      if (ctx.alive()) showFormError(e, f, alert);
      return;
    }
    if (ctx.alive()) reload('Renonciation avant signature enregistrée.');
  });
  return form;
}

function relayInformedForm(ctx, s, reload) {
  const f = {};
  f.relay_informed_on = formField('Relais informé le', dateInput('relay_informed_on', todayIso()),
    { required: true, alert: true });
  const alert = alertBox();
  const form = h('form', { class: 'subform inline-form', novalidate: true,
    'aria-label': 'Relais informé' },
  f.relay_informed_on.wrap,
  h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' },
    'Enregistrer la date')), alert);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const on = f.relay_informed_on.input.value;
    try {
      await api('PATCH', `/api/v1/supports/${s.id}/exit`, { relay_informed_on: on });
    } catch (e) {
      if (ctx.alive()) showFormError(e, f, alert);
      return;
    }
    if (ctx.alive()) reload(`Relais informé le ${frDate(on)}.`);
  });
  return form;
}

// ---------------------------------------------------------------------
// Plan editor: every save is a new version (PUT)

async function pagePlanEdit(ctx, id) {
  const back = h('p', { class: 'back' }, h('a', { href: `#/accompagnements/${id}` },
    '← Retour à l\'accompagnement'));
  const title = h('h1', null, 'Plan personnalisé');
  const sub = h('p', { class: 'page-sub' });
  const alert = alertBox();
  const body = h('div', null, loading('Chargement du plan…'));
  append(ctx.main, [back, title, sub, alert, body]);
  focusTitle(ctx.main, 'Plan personnalisé');
  let s;
  let plan = null;
  let team = [];
  let orgs = [];
  let templates = [];
  try {
    await ensureMeta();
    s = await api('GET', `/api/v1/supports/${id}`, undefined, ctx);
    try {
      plan = await api('GET', `/api/v1/supports/${id}/plan`, undefined, ctx);
    } catch (e) {
      if (e.status !== 404) throw e;
    }
    [team, orgs, templates] = await Promise.all([teamMembers().catch(() => null),
      partnerOrgs().catch(() => []), planTemplates().catch(() => [])]);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  clear(body);
  const who = personName(s.person);
  title.textContent = plan ? 'Modifier le plan personnalisé' : 'Rédiger le plan personnalisé';
  document.title = `${title.textContent} — ${who} — Maillage`;
  sub.textContent = plan ? `${who} — version en vigueur : ${plan.version}. L'enregistrement `
    + 'crée une nouvelle version ; les précédentes restent consultables.' : who;
  if (closed(s)) {
    body.appendChild(h('p', { class: 'notice' }, 'L\'accompagnement est terminé : le plan ne '
      + 'se modifie plus.'));
    return;
  }
  if (!((s.access && s.access.write) || []).includes('soins')) {
    body.appendChild(h('p', { class: 'notice' }, 'Votre profil ne permet pas de modifier le '
      + 'plan de cette personne.'));
    return;
  }
  if (!team) {
    // The team list could not be read: offer who is already known.
    body.appendChild(h('p', { class: 'notice' }, 'La liste de l\'équipe n\'a pas pu être lue : '
      + 'seuls vous-même et les personnes déjà inscrites au plan sont proposés.'));
    team = knownMembers(plan);
  }
  body.appendChild(planForm(ctx, s, plan, team, orgs, templates));
}

// The current user and the team members named in the plan.
function knownMembers(plan) {
  const me = state.user;
  const seen = new Map([[me.id, { id: me.id, display_name: me.display_name,
    profession: me.profession }]]);
  const add = (u) => {
    if (u && !seen.has(u.id)) seen.set(u.id, { id: u.id, display_name: u.name });
  };
  if (plan) {
    add(plan.referent);
    for (const a of plan.actions || []) add(a.who_user);
  }
  return Array.from(seen.values());
}

function planForm(ctx, s, plan, team, orgs, templates) {
  const p = plan || {};
  const f = {};
  const referentId = p.referent ? String(p.referent.id) : String(state.user.id);
  f.referent_id = formField('Référent du plan', select([{ value: '', label: 'Choisir…' },
    ...team.map((u) => ({ value: String(u.id), label: memberLabel(u) }))],
  team.some((u) => String(u.id) === referentId) ? referentId : '', { name: 'referent_id' }),
  { required: true, hint: 'Le professionnel de l\'équipe du CRT qui coordonne le plan.' });
  f.problems = formField('Synthèse des problèmes', textArea('problems', { value: p.problems || '',
    rows: '4' }), { required: true, wide: true,
    hint: 'Santé, autonomie, situation sociale, environnement, aidant.' });
  f.project = formField('Projet de la personne', textArea('project', { value: p.project || '',
    rows: '3' }), { required: true, wide: true, hint: 'Ce que la personne souhaite, avec ses mots.' });
  f.unmet = formField('Objectifs partagés non atteints', textArea('unmet', { value: p.unmet || '',
    rows: '3' }), { wide: true });

  const rows = [];
  const rowsBox = h('div', { class: 'plan-rows' });
  const renumber = () => rows.forEach((r, i) => r.number(i + 1));
  const addRow = (a) => {
    const r = actionRow(a, team, orgs, templates, () => {
      const i = rows.indexOf(r);
      rows.splice(i, 1);
      r.wrap.remove();
      renumber();
      const next = rows[Math.min(i, rows.length - 1)];
      (next ? next.focusTarget() : addBtn).focus();
    });
    rows.push(r);
    rowsBox.appendChild(r.wrap);
    renumber();
    return r;
  };
  const addBtn = h('button', { type: 'button', class: 'btn' },
    h('span', { 'aria-hidden': 'true' }, '+'), 'Ajouter une action');
  addBtn.addEventListener('click', () => addRow(null).focusTarget().focus());
  for (const a of (p.actions || [])) addRow(a);
  if (!rows.length) addRow(null);

  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    plan ? 'Enregistrer la nouvelle version' : 'Enregistrer le plan');
  const form = h('form', { class: 'plan-form', novalidate: true, 'aria-label': 'Plan personnalisé' },
    h('fieldset', { class: 'card' }, h('legend', null, 'Référent, problèmes et projet'),
      h('div', { class: 'grid' }, f.referent_id.wrap, f.problems.wrap, f.project.wrap)),
    h('fieldset', { class: 'card' }, h('legend', null, 'Plan d\'actions'),
      h('p', { class: 'muted' }, 'Chaque action relève d\'un des cinq axes du volet 2, avec '
        + 'un responsable (équipe du CRT ou structure partenaire), une fréquence, un début '
        + 'et une date de réévaluation.'),
      rowsBox, h('p', { class: 'part-actions' }, addBtn)),
    h('fieldset', { class: 'card' }, h('legend', null, 'Objectifs non atteints'), f.unmet.wrap),
    alert,
    h('div', { class: 'form-actions' }, submit,
      h('a', { href: `#/accompagnements/${s.id}`, class: 'btn' }, 'Annuler')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fields = { ...f };
    rows.forEach((r, i) => {
      for (const [k, x] of Object.entries(r.f)) fields[`actions.${i}.${k}`] = x;
      fields[`actions.${i}.who_user_id`] = r.f.who;
      fields[`actions.${i}.who_org_id`] = r.f.who;
    });
    clearFormErrors(fields, alert);
    if (!rows.length) {
      setAlert(alert, 'Ajoutez au moins une action.');
      addBtn.focus();
      return;
    }
    const body = {
      problems: f.problems.input.value.trim(),
      project: f.project.input.value.trim(),
      actions: rows.map((r) => r.value()),
    };
    if (f.referent_id.input.value) body.referent_id = Number(f.referent_id.input.value);
    const unmet = f.unmet.input.value.trim();
    if (unmet) body.unmet = unmet;
    submit.disabled = true;
    let saved;
    try {
      saved = await api('PUT', `/api/v1/supports/${s.id}/plan`, body);
    } catch (e) {
      submit.disabled = false;
      if (ctx.alive()) showFormError(e, fields, alert);
      return;
    }
    if (!ctx.alive()) return;
    state.flash = { id: s.id, page: 'accompagnement',
      message: `Plan personnalisé enregistré : version ${saved.version}.` };
    location.hash = `#/accompagnements/${s.id}`;
  });
  return form;
}

// One action row of the editor: {wrap, f, value(), number(n), focusTarget()}.
function actionRow(a, team, orgs, templates, onRemove) {
  const v = a || {};
  const today = todayIso();
  const f = {};
  const model = templatePicker(templates, (t) => {
    f.area.input.value = t.area;
    f.domain.input.value = t.domain;
    f.need.input.value = t.need;
    f.objective.input.value = t.objective;
    f.action.input.value = t.action;
    f.frequency.input.value = t.frequency;
    f.start_on.input.value = todayIso();
    f.review_on.input.value = plusMonths(todayIso(), t.review_months);
  });
  f.area = formField('Axe', select([{ value: '', label: 'Choisir…' },
    ...metaList('plan_areas', PLAN_AREAS)], v.area || '', { name: 'area' }),
  { required: true, alert: true });
  f.domain = formField('Domaine', select([{ value: '', label: 'Choisir…' },
    ...metaList('plan_domains')], v.domain || '', { name: 'domain' }),
  { required: true, alert: true });
  f.need = formField('Problème ou besoin', textInput('need', { value: v.need || '' }),
    { required: true, alert: true });
  f.objective = formField('Objectif partagé', textInput('objective', { value: v.objective || '' }),
    { required: true, alert: true });
  f.action = formField('Action', textArea('action', { value: v.action || '', rows: '2' }),
    { required: true, alert: true, wide: true });
  const current = v.who_user ? `u:${v.who_user.id}` : (v.who_org ? `o:${v.who_org.id}` : '');
  const whoSel = h('select', { name: 'who' }, h('option', { value: '' }, 'À désigner'),
    h('optgroup', { label: 'Équipe du CRT' }, team.map((u) => h('option',
      { value: `u:${u.id}` }, memberLabel(u)))),
    orgs.length ? h('optgroup', { label: 'Structures partenaires' }, orgs.map((o) =>
      h('option', { value: `o:${o.id}` }, o.name))) : null);
  if (current && !Array.from(whoSel.options).some((o) => o.value === current)) {
    const name = (v.who_user || v.who_org).name;
    whoSel.appendChild(h('option', { value: current }, `${name} (actuel)`));
  }
  whoSel.value = current;
  f.who = formField('Responsable', whoSel, { alert: true,
    hint: 'Un membre de l\'équipe ou une structure partenaire.' });
  f.frequency = formField('Fréquence', textInput('frequency', { value: v.frequency || '' }),
    { required: true, alert: true, hint: 'Par exemple : une fois, chaque semaine.' });
  f.start_on = formField('Début', dateInput('start_on', v.start_on || today),
    { required: true, alert: true });
  f.due_on = formField('Échéance', dateInput('due_on', v.due_on || ''), { alert: true });
  f.review_on = formField('Réévaluation', dateInput('review_on', v.review_on
    || plusMonths(today, 3)), { required: true, alert: true });
  f.status = formField('État', select(metaList('plan_action_statuses'), v.status || 'prevue',
    { name: 'status' }), { required: true, alert: true });
  f.status_reason = formField('Raison (non réalisée)', textInput('status_reason',
    { value: v.status_reason || '' }), { required: true, alert: true });
  f.status_reason.wrap.hidden = f.status.input.value !== 'non_realisee';
  f.status.input.addEventListener('change', () => {
    f.status_reason.wrap.hidden = f.status.input.value !== 'non_realisee';
  });
  const legend = h('legend', null, 'Action');
  // Its visible text is its accessible name (« Retirer l'action 2 »), set
  // by number(); no aria-label that would differ (label-content-name-mismatch).
  const remove = h('button', { type: 'button', class: 'btn btn-small' }, 'Retirer l\'action');
  remove.addEventListener('click', onRemove);
  const wrap = h('fieldset', { class: 'subcard plan-row' }, legend, model,
    h('div', { class: 'grid' }, Object.values(f).map((x) => x.wrap)),
    h('p', { class: 'part-actions' }, remove));
  return {
    wrap,
    f,
    number(n) {
      legend.textContent = `Action ${n}`;
      remove.textContent = `Retirer l'action ${n}`;
    },
    focusTarget: () => f.area.input,
    value() {
      const out = {
        area: f.area.input.value,
        domain: f.domain.input.value,
        need: f.need.input.value.trim(),
        objective: f.objective.input.value.trim(),
        action: f.action.input.value.trim(),
        frequency: f.frequency.input.value.trim(),
        start_on: f.start_on.input.value,
        review_on: f.review_on.input.value,
        status: f.status.input.value,
      };
      const w = whoSel.value;
      if (w.startsWith('u:')) out.who_user_id = Number(w.slice(2));
      if (w.startsWith('o:')) out.who_org_id = Number(w.slice(2));
      if (f.due_on.input.value) out.due_on = f.due_on.input.value;
      const why = f.status_reason.input.value.trim();
      if (out.status === 'non_realisee' && why) out.status_reason = why;
      return out;
    },
  };
}

// ---------------------------------------------------------------------
// Printable plan: one A4 document with the four PPCS parts and a box for
// the signature of the person or her representative.

async function pagePlanPrint(ctx, id, version) {
  const back = h('p', { class: 'back' }, h('a', { href: `#/accompagnements/${id}${version
    ? `?version=${version}` : ''}` }, '← Retour à l\'accompagnement'));
  const actions = h('div', { class: 'form-actions page-actions' });
  const alert = alertBox();
  const body = h('div', { class: 'plan-print' }, loading('Chargement du plan…'));
  append(ctx.main, [back, h('div', { class: 'page-head plan-print-head' },
    h('h1', null, 'Plan personnalisé d\'accompagnement'), actions), alert, body]);
  focusTitle(ctx.main, 'Plan personnalisé d\'accompagnement');
  let plan;
  let person = null;
  const around = { profile: null, caregivers: [] };
  try {
    await ensureMeta();
    plan = await api('GET', `/api/v1/supports/${id}/plan${version ? `?version=${version}` : ''}`, undefined, ctx);
    try {
      person = await api('GET', `/api/v1/persons/${plan.support.person.id}`, undefined, ctx);
    } catch {
      person = null;  // the plan's own identity lines are enough
    }
    // Issue 10 point 10: everyone around the person — the usual
    // professionals (profile) and the caregivers, each as far as the
    // reader may read them (a refusal leaves the part out).
    const pid = plan.support.person.id;
    [around.profile, around.caregivers] = await Promise.all([
      api('GET', `/api/v1/persons/${pid}/profile`, undefined, ctx).catch(() => null),
      api('GET', `/api/v1/persons/${pid}/caregivers`, undefined, ctx)
        .then((r) => r.items || []).catch(() => [])]);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  clear(body);
  const p = plan.support.person;
  document.title = `Plan personnalisé — ${personName(p)} — Maillage`;
  const printBtn = h('button', { type: 'button', class: 'btn btn-primary' }, 'Imprimer');
  printBtn.addEventListener('click', () => window.print());
  actions.appendChild(printBtn);
  append(body, planDocument(plan, person, around));
}

function planDocument(plan, person, around = {}) {
  const p = plan.support.person;
  const who = personName(p);
  const age = ageFrom(p.birth_date);
  const out = [];
  const crt = (state.user.crt && state.user.crt.name) || '';
  out.push(h('div', { class: 'pp-identity' },
    h('p', { class: 'pp-crt' }, crt),
    h('p', { class: 'pp-name' }, who),
    h('p', null, [p.birth_date ? `${bornWord(person || p)} le ${frDate(p.birth_date)}` : '',
      age !== null ? `${age} ans` : '',
      person && person.address ? person.address : '',
      person && person.commune ? person.commune.name : ''].filter(Boolean).join(' — ')),
    h('p', null, `Version ${plan.version} du ${frDate((plan.created_at || '').slice(0, 10))}`,
      plan.current ? '' : ' (ancienne version)',
      plan.referent ? ` — référent : ${plan.referent.name}` : '')));

  // One line per name: the referent, who carries an action, the circle,
  // the usual professionals (GP, nurse, pharmacy), the legal
  // representative and the caregivers; a phone when known.
  const pros = new Map();
  const phones = new Map();
  const add = (name, role, phone) => {
    if (!name) return;
    const roles = pros.get(name) || [];
    if (role && !roles.includes(role)) roles.push(role);
    pros.set(name, roles);
    if (phone && !phones.has(name)) phones.set(name, phone);
  };
  if (plan.referent) add(plan.referent.name, 'CRT');
  if (plan.referent) add(plan.referent.name, 'référent du plan');
  for (const a of plan.actions || []) {
    if (a.who_user) add(a.who_user.name, 'CRT');
    if (a.who_org) add(a.who_org.name, 'partenaire');
  }
  for (const m of (person && person.circle) || []) add(m.name, m.role);
  const prof = around.profile;
  if (prof) {
    const contact = (c, role) => {
      if (c) add(c.name, c.org ? `${role}, ${c.org}` : role, c.phone);
    };
    contact(prof.gp, 'médecin traitant');
    contact(prof.nurse, 'infirmier(ère)');
    contact(prof.pharmacy, 'pharmacie');
    if (prof.social && prof.social.legal_representative) {
      add(prof.social.legal_representative, `représentant légal (${prof.social.legal_protection_label
        || prof.social.legal_protection})`);
    }
  }
  for (const c of around.caregivers || []) {
    if (c.ended_on) continue;
    add(c.name, c.relation ? `aidant — ${c.relation}` : 'aidant', c.phone);
  }
  out.push(ppPart('1. La personne et les professionnels qui l\'entourent',
    pros.size ? h('ul', { class: 'pp-list' }, Array.from(pros, ([name, roles]) => h('li', null,
      (roles.length ? `${name} (${roles.join(' ; ')})` : name)
        + (phones.has(name) ? ` — ${phones.get(name)}` : ''))))
      : h('p', null, 'Non renseigné.')));
  out.push(ppPart('2. Synthèse des problèmes et projet de la personne',
    h('h3', null, 'Problèmes'), h('p', { class: 'data-text' }, plan.problems || ''),
    h('h3', null, 'Projet de la personne'), h('p', { class: 'data-text' }, plan.project || '')));

  const tbody = h('tbody');
  const areas = metaList('plan_areas', PLAN_AREAS);
  for (const area of areas) {
    const rows = (plan.actions || []).filter((a) => a.area === area.value);
    tbody.appendChild(h('tr', { class: 'pp-area' }, h('th', { colspan: '6', scope: 'colgroup' },
      area.label, rows.length ? '' : ' — aucune action')));
    for (const a of rows) {
      tbody.appendChild(h('tr', null,
        h('td', null, a.need, h('span', { class: 'pp-meta' },
          ` (${metaLabel('plan_domains', a.domain)})`)),
        h('td', null, a.objective),
        h('td', null, a.action),
        h('td', null, a.who_user ? a.who_user.name : (a.who_org ? a.who_org.name : 'À désigner')),
        h('td', null, a.frequency, h('br'), `du ${frDate(a.start_on)}`,
          a.due_on ? [h('br'), `au ${frDate(a.due_on)}`] : null,
          h('br'), `révision ${frDate(a.review_on)}`),
        h('td', null, metaLabel('plan_action_statuses', a.status),
          a.status_reason ? ` : ${a.status_reason}` : '')));
    }
  }
  // On a phone the table scrolls in its own box, which the keyboard can
  // reach (tabindex) and a screen reader names (axe scrollable-region-focusable).
  out.push(ppPart('3. Plan d\'actions', h('div', { class: 'pp-scroll', tabindex: '0',
    role: 'region', 'aria-label': 'Tableau des actions' }, h('table', { class: 'pp-table' },
    h('caption', { class: 'visually-hidden' }, 'Actions par axe'),
    h('thead', null, h('tr', null, ['Problème ou besoin', 'Objectif partagé', 'Action',
      'Responsable', 'Fréquence et dates', 'État'].map((c) => h('th', { scope: 'col' }, c)))),
    tbody))));
  out.push(ppPart('4. Objectifs partagés non atteints',
    h('p', { class: 'data-text' }, plan.unmet || 'Aucun.')));

  const sid = uid('signatures');
  out.push(h('section', { class: 'pp-signatures', 'aria-labelledby': sid },
    h('h2', { id: sid, class: 'visually-hidden' }, 'Signatures'),
    h('div', { class: 'pp-sign', 'data-signature': 'personne' },
      h('p', { class: 'pp-sign-title' }, 'La personne ou son représentant légal'),
      h('p', null, 'Nom et qualité :'),
      h('p', null, 'Date :'),
      h('p', null, 'Signature :')),
    h('div', { class: 'pp-sign', 'data-signature': 'crt' },
      h('p', { class: 'pp-sign-title' }, 'Pour le CRT, le référent du plan'),
      h('p', null, `Nom : ${plan.referent ? plan.referent.name : ''}`),
      h('p', null, 'Date :'),
      h('p', null, 'Signature :'))));
  out.push(h('p', { class: 'pp-printed' }, `Imprimé le ${frDateTime(new Date().toISOString(), true)} `
    + 'depuis Maillage — document confidentiel.'));
  return out;
}

function ppPart(title, ...content) {
  const id = uid('ppcs');
  return h('section', { class: 'pp-part', 'aria-labelledby': id }, h('h2', { id }, title), content);
}
