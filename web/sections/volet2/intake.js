// Maillage — volet 2 intake (PRODUCT §3 steps 1-5): referrals and their
// triage with the DAC, the eligibility check with its reasons, the shared
// waiting list and the admission evaluations.
//
// Owns: the pages #/demandes, #/demandes/nouvelle, #/demandes/12 and
// #/liste-attente, plus a person picker (on core/widgets.js's comboPicker).
// Must not: decide any right or rule. The state machine of a referral,
// eligibility, ranking and access all live in the server; the permissions
// (core/perm.js) only decide which buttons to offer, and every refusal shows the
// server's French message (409 referral.state included).
//
// Imports only web/core/; registered by sections/volet2/index.js.

import { api } from '../../core/api.js';
import { metaLabel } from '../../core/codes.js';
import { append, clear, h, uid } from '../../core/dom.js';
import { bornWord, frDate, frDateTime, personName, todayIso } from '../../core/format.js';
import {
  alertBox, checkField, clearFormErrors, disclosure, fact, formField, orNull, select, setAlert,
  showFormError, statusMessage, textArea, textInput,
} from '../../core/forms.js';
import { liveRefresh } from '../../core/live.js';
import { focusTitle, pageMessage, render } from '../../core/router.js';
import { state } from '../../core/session.js';
import { comboPicker, flashView, takeFlash } from '../../core/widgets.js';
import { can } from '../../core/perm.js';
import { ELIGIBILITY_SUMMARY, eligibilityState } from './eligibility.js';

// ---------------------------------------------------------------------
// Codes and labels (French). The server validates the codes; these are
// only the words shown. /api/v1/meta is asked first should it ever carry
// these lists (metaLabel falls back to the code).

const SOURCES = {
  medecin_traitant: 'Médecin traitant', dac: 'DAC', hopital: 'Hôpital',
  ssiad: 'SSIAD', saad: 'SAAD', had: 'HAD', ccas: 'CCAS', clic: 'CLIC',
  assistant_social: 'Assistant(e) de service social',
  ehpad_liste_attente: 'Liste d\'attente d\'EHPAD', aidant: 'Aidant',
  personne: 'La personne elle-même', autre: 'Autre',
};
const CHANNELS = {
  telephone: 'Téléphone', messagerie_securisee: 'Messagerie sécurisée',
  viatrajectoire: 'ViaTrajectoire', formulaire: 'Formulaire',
  numero_unique: 'Numéro unique départemental', courrier: 'Courrier',
};
const STATUSES = {
  recu: 'Reçue',
  oriente_dac: 'Orientée vers le DAC',
  liste_attente: 'Sur liste d\'attente',
  evaluation: 'En évaluation',
  classe: 'Classée',
};
const VOLETS = {
  2: 'Volet 2 — accompagnement renforcé à domicile',
  1: 'Volet 1 — actions territoriales',
};
const EVAL_KINDS = { domicile: 'Visite à domicile', medicale: 'Évaluation médicale' };
const ON_WAITLIST = new Set(['liste_attente', 'evaluation']);

function label(dict, metaList, code) {
  if (code === null || code === undefined) return '';
  const m = metaLabel(metaList, code);
  return m !== code ? m : (dict[code] || code);
}

export const sourceLabel = (c) => label(SOURCES, 'referral_sources', c);
export const channelLabel = (c) => label(CHANNELS, 'referral_channels', c);
export const referralStatusLabel = (c) => label(STATUSES, 'referral_statuses', c);

function options(dict) {
  return Object.entries(dict).map(([value, text]) => ({ value, label: text }));
}

export function referralStatusBadge(code) {
  return h('span', { class: `badge ref-status ref-status-${code}` }, referralStatusLabel(code));
}

function urgentBadge() {
  return h('span', { class: 'badge badge-urgent' }, 'Urgent : sortie d\'hospitalisation');
}

const HIDDEN_CRITERIA = 'Certains critères de priorité ne sont pas partagés avec vous';

function priorityBadges(list) {
  if (!list || !list.length) return h('span', { class: 'muted' }, 'Aucun critère');
  return h('ul', { class: 'badge-list', 'aria-label': 'Critères de priorité' },
    list.map((p) => h('li', null, h('span', {
      class: `badge prio prio-${p.code}` }, p.label || p.code))));
}

// « TEISSIER Paul Émile », « né le 02/11/1931 ».
function personLine(p) {
  return p && p.birth_date ? `${bornWord(p)} le ${frDate(p.birth_date)}` : '';
}

// A row of the tables whose first cell holds the link: a click anywhere
// on the row follows it (the keyboard uses the link itself).
function rowLink(tr, href) {
  tr.classList.add('row-link');
  tr.addEventListener('click', (ev) => {
    if (ev.target.closest('a, button, input, select, textarea')) return;
    if (window.getSelection && String(window.getSelection())) return;
    location.hash = href;
  });
  return tr;
}

function section(id, title, ...children) {
  return h('section', { class: 'card', 'aria-labelledby': id },
    h('h2', { id }, title), ...children);
}

// ---------------------------------------------------------------------
// The pages of the routes sections/volet2/index.js registers (its
// navigation and routes live there; this module loads on first use).

export const intakePages = {
  demandes: (ctx, r) => pageDemandes(ctx, r.params),
  'demande-nouvelle': (ctx, r) => pageNouvelleDemande(ctx, r.params),
  demande: (ctx, r) => pageDemande(ctx, r.id),
  'liste-attente': (ctx) => pageListeAttente(ctx),
};

function denied(ctx, title, permission) {
  if (can(state.user, permission)) return false;
  pageMessage(ctx, title, 'Votre rôle ne donne pas accès à cette page.');
  return true;
}

// A person found through the search (name, birth date, INS): the search
// does not open records, so choosing is not a record read.
export function personPicker(initial) {
  return comboPicker({
    name: 'personne',
    listLabel: 'Personnes trouvées',
    min: 2,
    initial,
    search: async (q) => {
      const qs = new URLSearchParams({ q, limit: '8', offset: '0' });
      return (await api('GET', `/api/v1/persons?${qs}`)).items || [];
    },
    text: (p) => personName(p),
    option: (p) => [h('span', { class: 'option-name' }, personName(p)),
      h('span', { class: 'option-meta' }, personLine(p))],
    chosen: (p) => ['Personne choisie : ', h('strong', null, personName(p)),
      p.birth_date ? `, ${personLine(p)}` : '', ` — dossier n° ${p.id}`],
  });
}

// ---------------------------------------------------------------------
// Demandes: the list (GET /api/v1/referrals), urgent first then the
// newest, as answered; open ones unless a status (or « toutes ») is chosen.

async function pageDemandes(ctx, params) {
  if (denied(ctx, 'Demandes', 'referral.read')) return;
  // No status chosen: the open referrals (not decided yet); « toutes »
  // adds the decided ones (classées, admises, refusées, orientées ailleurs).
  const wanted = params.get('statut');
  const statut = STATUSES[wanted] || wanted === 'toutes' ? wanted : '';
  const due = params.get('retour') === '1';
  // Issue 12 review: the home page's « Demandes urgentes » opens only
  // those (?urgent=1), the count being its list.
  const urgentOnly = params.get('urgent') === '1';

  const statusSel = select([{ value: '', label: 'En cours (non décidées)' },
    { value: 'toutes', label: 'Toutes, décidées comprises' }, ...options(STATUSES)],
  statut, { name: 'statut' });
  const f = { status: formField('Statut', statusSel, { alert: true }) };
  const dueBox = checkField('Retour d\'information dû', { name: 'retour' },
    'Demandes dont le demandeur attend encore un retour.');
  dueBox.input.checked = due;
  const form = h('form', { role: 'search', class: 'search-form person-filters',
    'aria-label': 'Filtrer les demandes', novalidate: true },
  h('div', { class: 'filters-grid' }, f.status.wrap,
    h('div', { class: 'field field-check' }, dueBox.wrap)),
  h('div', { class: 'form-actions' },
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Filtrer'),
    statut || due || urgentOnly ? h('a', { href: '#/demandes', class: 'btn' }, 'Effacer les filtres') : null));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const qs = new URLSearchParams();
    if (statusSel.value) qs.set('statut', statusSel.value);
    if (dueBox.input.checked) qs.set('retour', '1');
    if (urgentOnly) qs.set('urgent', '1');
    const target = `#/demandes${qs.toString() ? `?${qs}` : ''}`;
    state.focusAfter = 'demandes-filtre';
    if (location.hash === target) render();  // same filters: reload
    else location.hash = target;
  });

  const alert = alertBox();
  const status = h('p', { class: 'result-count', role: 'status' }, 'Chargement des demandes…');
  const results = h('div', { class: 'results' });
  const head = h('div', { class: 'page-head' }, h('h1', null, 'Demandes'),
    can(state.user, 'referral.create')
      ? h('a', { href: '#/demandes/nouvelle', class: 'btn btn-primary' },
        h('span', { 'aria-hidden': 'true' }, '+'), 'Nouvelle demande')
      : null);
  append(ctx.main, [head,
    h('p', { class: 'page-sub' }, 'Signalements et demandes d\'accompagnement reçus '
      + 'par le CRT : les urgences (sortie d\'hospitalisation) d\'abord, puis les plus récentes. '
      + 'Les demandes déjà décidées s\'affichent avec le statut « Toutes, décidées comprises ».'),
    form, alert, status, results]);
  const refocus = state.focusAfter === 'demandes-filtre';
  state.focusAfter = null;
  if (refocus) {
    document.title = 'Demandes — Maillage';
    statusSel.focus();
  } else {
    focusTitle(ctx.main, 'Demandes');
  }

  // Issue 12 review: the pipeline follows the referrals, committees
  // and supports changed elsewhere, the list drawn again alone (not
  // while the focus is in it: core/live.js).
  const view = { statut, due, urgentOnly, f, alert, status, results };
  await fillReferrals(ctx, view);
  liveRefresh(ctx, { types: PIPELINE_EVENTS }, results, () => fillReferrals(ctx, view));
}

// The events that move the referrals pipeline (core/live.js).
const PIPELINE_EVENTS = ['referral.changed', 'committee.changed', 'support.changed'];

async function fillReferrals(ctx, v) {
  const { statut, due, urgentOnly, f, alert, status, results } = v;
  let data;
  try {
    const qs = new URLSearchParams();
    if (!statut) qs.set('open', '1');
    else if (statut !== 'toutes') qs.set('status', statut);
    if (due) qs.set('feedback_due', '1');
    data = await api('GET', `/api/v1/referrals${qs.toString() ? `?${qs}` : ''}`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    status.textContent = '';
    showFormError(e, f, alert);
    return;
  }
  if (!ctx.alive()) return;
  clear(results);
  const items = (data.items || []).filter((x) => !urgentOnly || x.urgent);
  const s = items.length > 1 ? 's' : '';
  status.textContent = items.length ? `${items.length} demande${s}${urgentOnly ? ` urgente${s}` : ''}`
    : (statut || due || urgentOnly ? 'Aucune demande ne correspond à ces critères.'
      : 'Aucune demande en cours.');
  if (!items.length) return;
  const tbody = h('tbody');
  for (const r of items) {
    const href = `#/demandes/${r.id}`;
    tbody.appendChild(rowLink(h('tr', { 'data-referral-id': r.id },
      h('td', { 'data-label': 'Personne' }, h('div', null,
        h('a', { href }, personName(r.person) || `Demande n° ${r.id}`),
        h('span', { class: 'item-meta' }, personLine(r.person)),
        r.urgent || r.complex ? h('span', { class: 'badge-row' },
          r.urgent ? urgentBadge() : null,
          r.complex ? h('span', { class: 'badge badge-warn' }, 'Complexe') : null) : null)),
      h('td', { 'data-label': 'Reçue le' }, frDate(r.received_on)),
      h('td', { 'data-label': 'Origine' }, h('div', null, sourceLabel(r.source),
        h('span', { class: 'item-meta' }, [r.referrer && r.referrer.name,
          r.referrer && r.referrer.org].filter(Boolean).join(' — ')))),
      h('td', { 'data-label': 'Motif' }, h('span', { class: 'item-note clamp' }, r.reason || '')),
      h('td', { 'data-label': 'Statut' }, h('div', null, referralStatusBadge(r.status),
        r.feedback && r.feedback.owed
          ? h('span', { class: 'badge-row' }, h('span', { class: 'badge badge-info' },
            'Retour d\'information dû'))
          : null))), href));
  }
  results.appendChild(h('table', { class: 'table table-cards referrals' },
    h('caption', { class: 'visually-hidden' },
      'Demandes, les urgentes d\'abord puis les plus récentes'),
    h('thead', null, h('tr', null, ['Personne', 'Reçue le', 'Origine', 'Motif', 'Statut']
      .map((c) => h('th', { scope: 'col' }, c)))),
    tbody));
}

// ---------------------------------------------------------------------
// Nouvelle demande (POST /api/v1/referrals). ?personne=12 preselects a
// person (back from « Nouvelle personne », or from a record).

async function pageNouvelleDemande(ctx, params) {
  if (denied(ctx, 'Nouvelle demande', 'referral.create')) return;
  const today = todayIso();
  const pid = Number.parseInt(params.get('personne') || '', 10);
  const flash = takeFlash(pid, 'demande-nouvelle');

  const f = {};
  const picker = personPicker(null);
  f.person_id = formField('Personne', picker.input, { required: true, alert: true, wide: true,
    hint: 'Nom, prénom, date de naissance JJ/MM/AAAA ou matricule INS, puis choisir '
      + 'dans la liste.', after: picker.extras });
  f.received_on = formField('Reçue le', h('input', { type: 'date', name: 'received_on',
    value: today, max: today, class: 'input-medium' }), { alert: true });
  const source = select([{ value: '', label: 'Choisir…' }, ...options(SOURCES)], '',
    { name: 'source' });
  f.source = formField('Origine de la demande', source, { required: true, alert: true });
  f.channel = formField('Canal de réception', select([{ value: '', label: 'Choisir…' },
    ...options(CHANNELS)], '', { name: 'channel' }), { required: true, alert: true });
  f.requested_volet = radioGroup('Volet demandé', 'requested_volet',
    [2, 1].map((v) => ({ value: String(v), label: VOLETS[v] })), '2');
  f.reason = formField('Motif de la demande', textArea('reason', { rows: '4', maxlength: '4000' }),
    { required: true, alert: true, wide: true,
      hint: 'La situation telle que le demandeur la décrit : ce qui motive la demande.' });
  const urgent = checkField('Urgence : sortie d\'hospitalisation', { name: 'urgent' },
    'Les urgences passent en tête des demandes et de la liste d\'attente.');
  f.hospital_doctor = formField('Médecin hospitalier', textInput('hospital_doctor'),
    { alert: true, hint: 'Nom et service, pour une demande venant de l\'hôpital.' });
  f.referrer_name = formField('Demandeur', textInput('referrer_name'), { required: true,
    alert: true, hint: 'Nom de la personne qui fait la demande (et son lien, pour un proche).' });
  const orgSel = h('select', { name: 'referrer_org_id' },
    h('option', { value: '' }, 'Chargement de l\'annuaire…'));
  f.referrer_org_id = formField('Structure du demandeur', orgSel, { alert: true,
    hint: 'Depuis l\'annuaire des partenaires ; vide pour un proche ou la personne.' });
  f.referrer_contact = formField('Coordonnées du demandeur', textInput('referrer_contact',
    { maxlength: '300' }), { alert: true, hint: 'Téléphone, adresse de messagerie sécurisée…' });
  const doctorWrap = f.hospital_doctor.wrap;
  const syncSource = () => { doctorWrap.hidden = source.value !== 'hopital'; };
  source.addEventListener('change', syncSource);
  syncSource();

  // « Créer son dossier » leaves this page: what is typed is kept in
  // memory (this tab, this user) and given back on return.
  const createLink = h('a', { href: '#/personnes/nouvelle?suite=demande' }, 'Créer son dossier');
  createLink.addEventListener('click', () => {
    draft = { user: state.user.id, values: draftValues(form) };
  });

  const alert = alertBox();
  const cancel = h('a', { href: '#/demandes', class: 'btn' }, 'Annuler');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    'Enregistrer la demande');
  const form = h('form', { class: 'referral-form', novalidate: true,
    'aria-labelledby': 'demande-titre' },
  h('p', { class: 'muted' }, 'Les champs marqués « obligatoire » doivent être remplis.'),
  h('fieldset', { class: 'card' }, h('legend', null, 'Personne concernée'),
    h('div', { class: 'grid' }, f.person_id.wrap),
    h('p', { class: 'part-actions' }, 'La personne n\'a pas encore de dossier ? ',
      createLink, ', puis revenir à cette demande (ce qui est déjà saisi est gardé).')),
  h('fieldset', { class: 'card' }, h('legend', null, 'La demande'),
    h('div', { class: 'grid' }, f.received_on.wrap, f.source.wrap, f.channel.wrap,
      f.requested_volet.wrap, f.reason.wrap,
      h('div', { class: 'field field-wide' }, urgent.wrap), doctorWrap)),
  h('fieldset', { class: 'card' }, h('legend', null, 'Demandeur'),
    h('div', { class: 'grid' }, f.referrer_name.wrap, f.referrer_org_id.wrap,
      f.referrer_contact.wrap)),
  alert,
  h('div', { class: 'form-actions' }, submit, cancel));
  cancel.addEventListener('click', () => { draft = null; });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    // Every missing or unfinished field at once; the server checks them
    // again and its refusal (one field) still shows at its field.
    const missing = [];
    const need = (ok, fld, message) => {
      if (ok) return;
      fld.setError(message);
      missing.push(fld);
    };
    need(!picker.pending(), f.person_id,
      'Choisissez la personne dans la liste proposée, ou créez son dossier.');
    need(picker.pending() || picker.value(), f.person_id,
      'Indiquez la personne concernée : cherchez-la, ou créez son dossier.');
    need(source.value, f.source, 'Choisissez l\'origine de la demande.');
    need(f.channel.input.value, f.channel, 'Choisissez le canal de réception.');
    need(f.reason.input.value.trim(), f.reason, 'Décrivez le motif de la demande.');
    need(f.referrer_name.input.value.trim(), f.referrer_name,
      'Indiquez le nom du demandeur.');
    if (missing.length) {
      const n = missing.length;
      setAlert(alert, n > 1 ? `${n} champs sont à compléter : voir les messages sous chacun.`
        : 'Un champ est à compléter : voir le message sous celui-ci.');
      missing[0].input.focus();
      return;
    }
    const p = picker.value();
    const body = {
      source: source.value || undefined,
      channel: f.channel.input.value || undefined,
      reason: f.reason.input.value.trim() || undefined,
      requested_volet: Number(f.requested_volet.value()),
      urgent: urgent.input.checked,
      referrer_name: f.referrer_name.input.value.trim() || undefined,
      referrer_contact: orNull(f.referrer_contact.input.value),
      referrer_org_id: orgSel.value ? Number(orgSel.value) : null,
    };
    if (p) body.person_id = p.id;
    if (f.received_on.input.value) body.received_on = f.received_on.input.value;
    if (source.value === 'hopital') body.hospital_doctor = orNull(f.hospital_doctor.input.value);
    submit.disabled = true;
    let created;
    try {
      created = await api('POST', '/api/v1/referrals', body);
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      showFormError(e, f, alert);
      return;
    }
    if (!ctx.alive()) return;
    draft = null;
    state.flash = { id: created.id, page: 'demande',
      message: `Demande enregistrée pour ${personName(created.person)}.` };
    location.hash = `#/demandes/${created.id}`;
  });

  const top = h('div');
  append(ctx.main, [
    h('p', { class: 'back' }, h('a', { href: '#/demandes' }, '← Retour aux demandes')),
    h('h1', { id: 'demande-titre' }, 'Nouvelle demande'),
    top, form,
  ]);
  focusTitle(ctx.main, 'Nouvelle demande');
  if (flash) append(top, flashView(flash));

  // The person given in the address, and the directory.
  const [person, orgs] = await Promise.all([
    pid > 0 ? api('GET', `/api/v1/persons/${pid}`, undefined, ctx).catch((e) => e) : null,
    api('GET', '/api/v1/orgs', undefined, ctx).catch((e) => e),
  ]);
  if (!ctx.alive()) return;
  if (person instanceof Error) f.person_id.setError(person.message);
  else if (person) picker.set(person);
  clear(orgSel);
  orgSel.appendChild(h('option', { value: '' }, 'Aucune (proche, personne elle-même…)'));
  if (orgs instanceof Error) {
    f.referrer_org_id.setError(orgs.message);
    restoreDraft(form, syncSource);
    return;
  }
  // Grouped by type of organisation, in the directory's order.
  const groups = new Map();
  for (const o of orgs.items || []) {
    if (o.archived || o.is_self) continue;
    const g = o.type_label || metaLabel('org_types', o.type);
    if (!groups.has(g)) groups.set(g, h('optgroup', { label: g }));
    groups.get(g).appendChild(h('option', { value: String(o.id) },
      o.commune_name ? `${o.name} — ${o.commune_name}` : o.name));
  }
  append(orgSel, Array.from(groups.values()));
  restoreDraft(form, syncSource);
}

// The new referral typed before « Créer son dossier »: {user, values}
// (name → value, or checked for a box); the person chosen is not kept,
// the new record is chosen on return.
let draft = null;

function draftValues(form) {
  const values = {};
  for (const el of form.elements) {
    if (!el.name || el.name === 'personne') continue;
    if (el.type === 'radio') {
      if (el.checked) values[el.name] = el.value;
    } else {
      values[el.name] = el.type === 'checkbox' ? el.checked : el.value;
    }
  }
  return values;
}

function restoreDraft(form, sync) {
  const d = draft;
  draft = null;
  if (!d || !state.user || d.user !== state.user.id) return;
  for (const el of form.elements) {
    if (!el.name || !(el.name in d.values)) continue;
    const v = d.values[el.name];
    if (el.type === 'radio') el.checked = el.value === v;
    else if (el.type === 'checkbox') el.checked = v;
    else el.value = v;
  }
  sync();
}

// ---------------------------------------------------------------------
// Une demande: its data, triage, eligibility, waiting list, evaluations.

async function pageDemande(ctx, id) {
  if (denied(ctx, 'Demande', 'referral.read')) return;
  const title = h('h1', null, 'Demande');
  const alert = alertBox();
  const body = h('div', { class: 'referral' }, h('p', { class: 'muted' }, 'Chargement de la demande…'));
  append(ctx.main, [h('p', { class: 'back' }, h('a', { href: '#/demandes' }, '← Retour aux demandes')),
    title, alert, body]);
  const flash = takeFlash(id, 'demande');
  if (!flash) focusTitle(ctx.main, 'Demande');
  const view = { ctx, id, title, alert, body };
  await showReferral(view, flash ? { where: 'top', text: flash.message } : null);
  // Issue 12 review: drawn again when the referral (or its committee
  // case, its support) changes elsewhere; not while a form is in use.
  if (view.personId) {
    liveRefresh(ctx, { types: PIPELINE_EVENTS, person: view.personId }, body,
      () => showReferral(view, null));
  }
}

// (Re)draws the whole referral. note {where, text}: a confirmation shown
// (and focused) at the top or in the section where the action was done.
async function showReferral(view, note) {
  const { ctx, id, title, alert, body } = view;
  let r;
  try {
    r = await api('GET', `/api/v1/referrals/${id}`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    // Just recorded by a role that may not read it back (the server
    // decides): the confirmation still shows.
    if (note && note.where === 'top') {
      const msg = statusMessage(note.text);
      append(body, [msg, h('p', null, h('a', { href: '#/demandes' }, 'Voir la liste des demandes'))]);
      msg.focus();
    }
    return;
  }
  if (!ctx.alive()) return;
  view.personId = r.person && r.person.id;
  setAlert(alert, '');
  clear(body);
  title.textContent = `Demande — ${personName(r.person)}`;
  document.title = `${title.textContent} — Maillage`;
  const noteFor = (where) => (note && note.where === where ? note.text : null);
  if (noteFor('top')) body.appendChild(statusMessage(noteFor('top')));
  body.appendChild(h('p', { class: 'page-sub status-line' }, referralStatusBadge(r.status),
    r.urgent ? [' ', urgentBadge()] : null,
    r.complex ? [' ', h('span', { class: 'badge badge-warn' }, 'Situation complexe')] : null,
    r.feedback && r.feedback.owed
      ? [' ', h('span', { class: 'badge badge-info' }, 'Retour d\'information dû')] : null));
  body.appendChild(referralFacts(r));
  // The eligibility decides the primary step of the triage: asked
  // before drawing it (an error is shown in its section).
  let elig;
  try {
    elig = await api('GET', `/api/v1/persons/${r.person.id}/eligibility`, undefined, ctx);
  } catch (e) {
    elig = e;
  }
  if (!ctx.alive()) return;
  body.appendChild(triageSection(view, r, noteFor('triage'), elig));
  body.appendChild(eligibilitySection(view, r, noteFor('eligibilite'), elig));
  if (ON_WAITLIST.has(r.status)) body.appendChild(waitlistSection(view, r, noteFor('liste')));
  body.appendChild(evaluationsSection(view, r, noteFor('evaluations')));
  const focus = body.querySelector('[role="status"].flash');
  if (focus && noteFor('top')) focus.focus();
}

function referralFacts(r) {
  const ref = r.referrer || {};
  return section('demande-donnees', 'La demande',
    h('dl', { class: 'facts' },
      fact('Personne', h('span', null, h('a', { href: `#/personnes/${r.person.id}` },
        personName(r.person)), h('span', { class: 'fact-meta' }, personLine(r.person)))),
      fact('Reçue le', frDate(r.received_on)),
      fact('Origine', sourceLabel(r.source)),
      fact('Canal', channelLabel(r.channel)),
      fact('Volet demandé', VOLETS[r.requested_volet] || `Volet ${r.requested_volet}`),
      fact('Demandeur', h('span', null, ref.name || '—',
        ref.org || ref.contact ? h('span', { class: 'fact-meta' },
          [ref.org, ref.contact].filter(Boolean).join(' · ')) : null)),
      r.source === 'hopital' || r.hospital_doctor
        ? fact('Médecin hospitalier', r.hospital_doctor) : null,
      fact('Enregistrée', [r.created_at ? `le ${frDateTime(r.created_at)}` : '',
        r.created_by ? `par ${r.created_by}` : ''].filter(Boolean).join(' '))),
    h('h3', null, 'Motif de la demande'),
    h('p', { class: 'data-text' }, r.reason || ''));
}

// ---- Triage with the DAC (POST /api/v1/referrals/{id}/triage)

const TRIAGE_DONE = {
  complexe: 'Situation signalée comme complexe.',
  orienter_dac: 'Demande orientée vers le DAC.',
  reponse_dac: 'Réponse du DAC enregistrée.',
  retour: 'Retour d\'information noté comme donné.',
  accepter: 'Demande inscrite sur la liste d\'attente.',
  classer: 'Demande classée.',
};

function triageSection(view, r, note, elig) {
  const dac = r.dac || {};
  const fb = r.feedback || {};
  const alert = alertBox();
  const sec = section('demande-tri', 'Orientation et tri');
  if (note) sec.appendChild(statusMessage(note));
  sec.appendChild(h('dl', { class: 'facts' },
    fact('Orientation vers le DAC', dac.oriented_at
      ? h('span', null, `Le ${frDateTime(dac.oriented_at)}`
        + (dac.oriented_by ? ` par ${dac.oriented_by}` : ''),
      dac.reason ? h('span', { class: 'fact-meta data-text' }, dac.reason) : null)
      : null, 'Non orientée'),
    dac.oriented_at ? fact('Réponse du DAC', dac.answer
      ? h('span', null, dac.answered_at ? `Le ${frDateTime(dac.answered_at)}` : '',
        h('span', { class: 'fact-meta data-text' }, dac.answer))
      : null, 'En attente') : null,
    fact('Retour d\'information au demandeur', fb.owed ? null
      : h('span', null, `Donné le ${frDateTime(fb.given_at)}${fb.by ? ` par ${fb.by}` : ''}`,
        fb.note ? h('span', { class: 'fact-meta data-text' }, fb.note) : null),
    'Dû : pas encore donné')));

  if (!can(state.user, 'referral.create')) {
    sec.appendChild(alert);
    return sec;
  }
  // Steps offered in this state; the server checks the order again
  // (another user may have moved the referral: 409 referral.state).
  const step = async (action, text, btn, fields) => {
    if (fields) clearFormErrors(fields, alert);
    else setAlert(alert, '');
    btn.disabled = true;
    try {
      await api('POST', `/api/v1/referrals/${r.id}/triage`,
        text === undefined ? { action } : { action, text });
    } catch (e) {
      btn.disabled = false;
      if (!view.ctx.alive()) return;
      if (fields) showFormError(e, fields, alert);
      else setAlert(alert, e.message);
      if (e.status === 409) offerReload(view, alert);
      return;
    }
    if (!view.ctx.alive()) return;
    showReferral(view, { where: 'triage', text: TRIAGE_DONE[action] });
  };
  const buttons = h('div', { class: 'form-actions triage-actions' });
  const forms = h('div');
  const direct = (text, action, primary) => {
    const b = h('button', { type: 'button', class: `btn${primary ? ' btn-primary' : ''}` }, text);
    b.addEventListener('click', () => step(action, undefined, b));
    buttons.appendChild(b);
  };
  // A step with a text: a button that unfolds its small form.
  const withText = (open, fieldLabel, submitText, action, opts = {}) => {
    const ta = textArea('text', { rows: '3', maxlength: '4000' });
    const fields = { text: formField(fieldLabel, ta, { required: opts.required, alert: true,
      wide: true, hint: opts.hint }) };
    const submit = h('button', { type: 'submit', class: `btn ${opts.danger ? 'btn-danger' : 'btn-primary'}` },
      submitText);
    const form = h('form', { class: 'subform', novalidate: true, 'aria-label': submitText },
      opts.intro ? h('p', null, opts.intro) : null,
      opts.noText ? null : fields.text.wrap,
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      step(action, opts.noText ? undefined : orNull(ta.value), submit, fields);
    });
    const d = disclosure(open, form);
    buttons.appendChild(d.btn);
    forms.appendChild(form);
  };
  if (r.status === 'recu') {
    // Primary only for a person known to be eligible.
    const known = eligibilityState(elig);
    if (r.requested_volet === 2) {
      // (null: this role does not see the eligibility, the server checks.)
      direct('Inscrire sur la liste d\'attente', 'accepter', known === 'eligible' || known === null);
    }
    if (known === 'unknown') {
      sec.appendChild(h('p', { class: 'hint', 'data-triage-hint': 'gir' }, 'Éligibilité à '
        + 'établir : faire d\'abord l\'évaluation AGGIR (voir « Éligibilité au volet 2 »).'));
    } else if (known === 'not') {
      sec.appendChild(h('p', { class: 'hint', 'data-triage-hint': 'not' }, 'La personne ne '
        + 'remplit pas toutes les conditions du volet 2 : orienter ou classer la demande.'));
    }
    withText('Orienter vers le DAC…', 'Motif de l\'orientation', 'Orienter vers le DAC',
      'orienter_dac', { required: true,
        hint: 'Pourquoi la situation relève du DAC (complexité, critères non remplis…).' });
    if (!r.complex) direct('Signaler comme situation complexe', 'complexe');
  }
  if (r.status === 'oriente_dac' && !dac.answer) {
    withText('Saisir la réponse du DAC…', 'Réponse du DAC', 'Enregistrer la réponse du DAC',
      'reponse_dac', { required: true });
  }
  if (fb.owed) {
    withText('Noter le retour d\'information…', 'Note sur le retour donné',
      'Retour d\'information donné', 'retour',
      { hint: 'À qui, comment (téléphone, messagerie sécurisée…), ce qui a été dit.' });
  }
  if (r.status === 'recu' || r.status === 'oriente_dac') {
    withText('Classer la demande…', '', 'Confirmer le classement', 'classer', { noText: true,
      danger: true, intro: 'La demande sera classée sans suite : elle ne pourra plus être '
        + 'orientée ni inscrite sur la liste d\'attente.' });
  }
  if (r.status === 'recu' && r.requested_volet !== 2) {
    sec.appendChild(h('p', { class: 'muted' }, 'La liste d\'attente est celle du volet 2 : '
      + 'une demande pour le volet 1 s\'oriente ou se classe.'));
  }
  if (buttons.childElementCount) {
    sec.appendChild(h('h3', null, 'Étapes possibles'));
    append(sec, [buttons, forms]);
  } else {
    sec.appendChild(h('p', { class: 'muted' }, 'Aucune étape de tri ne reste à faire pour '
      + 'cette demande.'));
  }
  sec.appendChild(alert);
  return sec;
}

// After a 409 (the referral moved meanwhile): reload it on request.
function offerReload(view, alert) {
  const b = h('button', { type: 'button', class: 'btn btn-small' }, 'Recharger la demande');
  b.addEventListener('click', async () => {
    await showReferral(view, null);
    if (!view.ctx.alive()) return;
    view.title.setAttribute('tabindex', '-1');
    view.title.focus();
  });
  alert.appendChild(h('span', { class: 'alert-action' }, ' ', b));
}

// ---- Eligibility of the person (GET /api/v1/persons/{id}/eligibility)

function eligibilitySection(view, r, note, e) {
  const box = h('div');
  const sec = section('demande-eligibilite', 'Éligibilité au volet 2', box);
  if (e instanceof Error) box.appendChild(h('p', { class: 'muted' }, e.message));
  else showEligibility(view, r, box, e, note);
  return sec;
}

function showEligibility(view, r, box, e, note) {
  clear(box);
  if (note) box.appendChild(statusMessage(note));
  const known = eligibilityState(e);
  const [cls, word, text] = ELIGIBILITY_SUMMARY[known];
  box.appendChild(h('p', { class: 'eligibility-summary', 'data-eligibility': known },
    h('span', { class: cls }, word), ' ', text));
  box.appendChild(h('ul', { class: 'reasons', 'aria-label': 'Conditions d\'éligibilité' },
    (e.reasons || []).map((x) => h('li', { class: x.ok ? 'is-ok' : 'is-ko',
      'data-reason': x.code },
    h('span', { class: 'reason-mark', 'aria-hidden': 'true' }, x.ok ? '✓' : '✗'),
    h('span', { class: 'visually-hidden' }, x.ok ? 'Remplie : ' : 'Non remplie : '),
    h('span', null, x.label)))));
  const writable = can(state.user, 'evaluation.write');
  // PRODUCT §3 step 5: an AGGIR missing or older than the CRT's limit is redone
  // before the committee admits.
  const old = e.aggir && e.aggir.to_redo && e.gir !== null;
  if (old) {
    box.appendChild(h('p', { class: 'warning-text', 'data-aggir': 'to-redo' },
      `L'évaluation AGGIR date de plus de ${e.aggir.valid_months} mois : `
      + 'à refaire avant la décision d\'admission.'));
  }
  if ((e.gir === null || old) && writable) {
    // Started from here, the AGGIR page comes back to this referral.
    box.appendChild(h('p', null, h('a', { href: `#/personnes/${r.person.id}/aggir?demande=${r.id}`,
      class: `btn${known === 'unknown' ? ' btn-primary' : ''}` },
    old ? 'Refaire l\'évaluation AGGIR' : 'Faire l\'évaluation AGGIR')));
  }
  box.appendChild(h('h3', null, 'Critères d\'exclusion du CRT'));
  const excl = e.exclusions || [];
  if (!excl.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Le CRT n\'a aucun critère d\'exclusion en vigueur.'));
  } else if (!writable) {
    box.appendChild(h('ul', { class: 'plain-list' }, excl.map((x) => h('li', null,
      h('span', { class: 'item-title' }, x.label),
      h('span', null, x.applies ? 'S\'applique à la personne' : 'Ne s\'applique pas'),
      x.note ? h('span', { class: 'item-note data-text' }, x.note) : null,
      x.noted_on ? h('span', { class: 'item-meta' }, `Noté le ${frDate(x.noted_on)}`
        + (x.noted_by ? ` par ${x.noted_by}` : '')) : null))));
  } else {
    box.appendChild(exclusionsForm(view, r, excl));
  }
  const focus = note && box.querySelector('[role="status"]');
  if (focus) focus.focus();
}

// PUT /api/v1/persons/{id}/exclusions: one group per criterion.
function exclusionsForm(view, r, excl) {
  const alert = alertBox();
  const rows = excl.map((x) => {
    const applies = checkField('S\'applique à la personne', { name: `applies-${x.code}` });
    applies.input.checked = Boolean(x.applies);
    const note = formField('Commentaire', textInput(`note-${x.code}`, { maxlength: '1000',
      value: x.note || '' }), { alert: true });
    const legendId = uid('critere');
    return { x, applies, note, el: h('fieldset', { class: 'subcard exclusion',
      'aria-labelledby': legendId },
    h('legend', { id: legendId }, x.label),
    h('div', { class: 'grid' }, h('div', { class: 'field field-check' }, applies.wrap), note.wrap),
    x.noted_on ? h('p', { class: 'item-meta' }, `Noté le ${frDate(x.noted_on)}`
      + (x.noted_by ? ` par ${x.noted_by}` : '')) : null) };
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    'Enregistrer les critères d\'exclusion');
  const form = h('form', { class: 'exclusions', novalidate: true,
    'aria-label': 'Critères d\'exclusion de la personne' },
  rows.map((x) => x.el), alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(alert, '');
    rows.forEach((x) => x.note.setError(''));
    submit.disabled = true;
    try {
      await api('PUT', `/api/v1/persons/${r.person.id}/exclusions`, { items: rows.map((x) => ({
        code: x.x.code, applies: x.applies.input.checked, note: orNull(x.note.input.value) })) });
    } catch (err) {
      submit.disabled = false;
      if (!view.ctx.alive()) return;
      showFormError(err, { note: rows[0] && rows[0].note }, alert);
      return;
    }
    // Redrawn whole: the eligibility decides the triage's primary step.
    if (view.ctx.alive()) {
      showReferral(view, { where: 'eligibilite', text: 'Critères d\'exclusion enregistrés.' });
    }
  });
  return form;
}

// ---- The referral on the waiting list (GET/PATCH /api/v1/waitlist)

function waitlistSection(view, r, note) {
  const box = h('div', null, h('p', { class: 'muted' }, 'Chargement de la liste d\'attente…'));
  const sec = section('demande-liste', 'Liste d\'attente', box);
  (async () => {
    let w;
    try {
      w = await api('GET', '/api/v1/waitlist', undefined, view.ctx);
    } catch (e) {
      if (!view.ctx.alive()) return;
      clear(box);
      box.appendChild(h('p', { class: 'muted' }, e.message));
      return;
    }
    if (view.ctx.alive()) showWaitEntry(view, r, box, w, note);
  })();
  return sec;
}

function showWaitEntry(view, r, box, w, note) {
  clear(box);
  if (note) box.appendChild(statusMessage(note));
  const items = w.items || [];
  const entry = items.find((x) => x.referral_id === r.id);
  if (!entry) {
    box.appendChild(h('p', { class: 'muted' }, 'Cette demande n\'apparaît pas sur la liste d\'attente.'));
    return;
  }
  box.appendChild(h('p', { class: 'wait-rank' }, h('strong', null, `Rang ${entry.rank}`),
    ` sur ${items.length} · inscrite le ${frDateTime(entry.waitlisted_at)}`));
  box.appendChild(h('div', { class: 'priorities' }, h('h3', null, 'Critères de priorité'),
    priorityBadges(entry.priorities)));
  if (can(state.user, 'waitlist.flags')) {
    const has = (code) => (entry.priorities || []).some((p) => p.code === code);
    const housing = checkField('Logement inadapté', { name: 'housing_unsuitable' });
    const isolation = checkField('Isolement', { name: 'isolation' });
    housing.input.checked = has('logement_inadapte');
    isolation.input.checked = has('isolement');
    const alert = alertBox();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
      'Enregistrer les critères de priorité');
    const form = h('form', { class: 'subform', novalidate: true },
      h('fieldset', { class: 'choice-group' },
        h('legend', null, 'Critères notés par l\'équipe'), housing.wrap, isolation.wrap),
      h('p', { class: 'hint' }, 'Les autres critères viennent de la demande et du dossier : '
        + 'sortie d\'hospitalisation, aidant épuisé ou absent, orientation par le DAC.'),
      alert, h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      setAlert(alert, '');
      submit.disabled = true;
      let nw;
      try {
        nw = await api('PATCH', `/api/v1/waitlist/${r.id}`, {
          housing_unsuitable: housing.input.checked, isolation: isolation.input.checked });
      } catch (e) {
        submit.disabled = false;
        if (view.ctx.alive()) setAlert(alert, e.message);
        return;
      }
      if (view.ctx.alive()) showWaitEntry(view, r, box, nw, 'Critères de priorité enregistrés.');
    });
    box.appendChild(form);
  }
  box.appendChild(h('p', { class: 'part-actions' },
    h('a', { href: '#/liste-attente' }, 'Voir toute la liste d\'attente')));
  const focus = note && box.querySelector('[role="status"]');
  if (focus) focus.focus();
}

// ---- Admission evaluations (GET/POST /api/v1/referrals/{id}/evaluations)

function evaluationsSection(view, r, note) {
  const box = h('div');
  const sec = section('demande-evaluations', 'Évaluations d\'admission', box);
  if (!ON_WAITLIST.has(r.status)) {
    box.appendChild(h('p', { class: 'muted' }, r.status === 'recu'
      ? 'Les évaluations d\'admission (visite à domicile, évaluation médicale) suivent '
        + 'l\'inscription sur la liste d\'attente.'
      : 'Pas d\'évaluation d\'admission pour cette demande.'));
    return sec;
  }
  box.appendChild(h('p', { class: 'muted' }, 'Chargement des évaluations…'));
  (async () => {
    let data;
    try {
      data = await api('GET', `/api/v1/referrals/${r.id}/evaluations`, undefined, view.ctx);
    } catch (e) {
      if (!view.ctx.alive()) return;
      clear(box);
      box.appendChild(h('p', { class: 'muted' }, e.message));
      return;
    }
    if (view.ctx.alive()) showEvaluations(view, r, box, data.items || [], note);
  })();
  return sec;
}

function evaluationItem(e) {
  const by = e.done_by || {};
  return h('li', { class: 'evaluation', 'data-evaluation-id': e.id },
    h('span', { class: 'item-title' }, `${EVAL_KINDS[e.kind] || e.kind} — ${frDate(e.done_on)}`),
    h('span', { class: 'item-meta' }, [
      by.name ? `par ${by.name}${by.profession ? ` (${metaLabel('professions', by.profession)})` : ''}` : '',
      e.joint_with ? `conjointe avec ${e.joint_with}` : '',
      e.kind === 'medicale' ? (e.with_gp ? 'avec le médecin traitant' : 'sans le médecin traitant') : '',
    ].filter(Boolean).join(' · ')),
    h('span', { class: 'item-note data-text' }, e.findings || ''));
}

function showEvaluations(view, r, box, items, note) {
  clear(box);
  if (note) box.appendChild(statusMessage(note));
  box.appendChild(items.length
    ? h('ul', { class: 'plain-list evaluations' }, items.map(evaluationItem))
    : h('p', { class: 'muted' }, 'Aucune évaluation enregistrée.'));
  if (can(state.user, 'evaluation.write')) {
    const holder = h('div');
    holder.appendChild(evaluationForm(view, r));
    const d = disclosure('Ajouter une évaluation', holder);
    append(box, [h('p', { class: 'part-actions' }, d.btn), holder]);
  }
  const focus = note && box.querySelector('[role="status"]');
  if (focus) focus.focus();
}

// A radio group with a place for the server's message: {wrap, input,
// value(), setError()} like formField's answer.
function radioGroup(legend, name, opts, value) {
  const err = h('p', { class: 'field-error', id: uid('erreur'), role: 'alert' });
  const radios = opts.map((o) => {
    const input = h('input', { type: 'radio', name, value: o.value, id: uid('r'),
      'aria-describedby': err.id });
    input.checked = o.value === value;
    return { input, el: h('div', { class: 'choice' }, input, h('label', { for: input.id }, o.label)) };
  });
  const wrap = h('fieldset', { class: 'choice-group field field-wide' },
    h('legend', null, legend), err,
    radios.map((x) => x.el));
  return {
    wrap,
    input: radios[0].input,
    radios: radios.map((x) => x.input),
    value: () => (radios.find((x) => x.input.checked) || { input: { value: '' } }).input.value,
    setError(message) {
      err.textContent = message || '';
      wrap.classList.toggle('has-error', Boolean(message));
    },
  };
}

// The one choice offered, said rather than asked, with the same
// {wrap, input, radios, value(), setError()} as radioGroup().
function fixedChoice(legend, value, text, note) {
  const err = h('p', { class: 'field-error', id: uid('erreur'), role: 'alert' });
  const out = h('strong', { tabindex: '-1', 'aria-describedby': err.id }, text);
  const wrap = h('div', { class: 'field field-wide fixed-choice' },
    h('p', null, `${legend} : `, out), note, err);
  return {
    wrap,
    input: out,
    radios: [],
    value: () => value,
    setError(message) {
      err.textContent = message || '';
      wrap.classList.toggle('has-error', Boolean(message));
    },
  };
}

function evaluationForm(view, r) {
  const today = todayIso();
  const f = {};
  // DOMAIN §3: the medical evaluation is the CRT doctor's (the server
  // checks the evaluator's profession); others are offered the home
  // visit only, and told who does the medical one before typing.
  const doctor = state.user.profession === 'medecin';
  const doctorNote = h('p', { class: 'notice', 'data-evaluation-note': 'medicale' },
    'L\'évaluation médicale est faite par le médecin du CRT : elle s\'enregistre depuis son '
    + 'compte. Vous pouvez enregistrer la visite à domicile.');
  f.kind = doctor
    ? radioGroup('Type d\'évaluation', uid('kind'), options(EVAL_KINDS), 'domicile')
    : fixedChoice('Type d\'évaluation', 'domicile', EVAL_KINDS.domicile, doctorNote);
  f.done_on = formField('Date de l\'évaluation', h('input', { type: 'date', name: 'done_on',
    value: today, min: r.received_on || undefined, max: today, class: 'input-medium' }),
  { required: true, alert: true });
  f.joint_with = formField('Conjointe avec', textInput('joint_with', { maxlength: '300' }),
    { alert: true, hint: 'Services présents à la visite (SSIAD, SAAD, DAC…) ; vide sinon.' });
  const gp = checkField('Avec le médecin traitant', { name: 'with_gp' });
  f.findings = formField('Constats', textArea('findings', { rows: '5', maxlength: '8000' }),
    { required: true, alert: true, wide: true,
      hint: 'Ce qui a été observé : logement, entourage, autonomie, santé, souhaits de la personne.' });
  const gpWrap = h('div', { class: 'field field-check' }, gp.wrap);
  const sync = () => {
    const medical = f.kind.value() === 'medicale';
    f.joint_with.wrap.hidden = medical;
    gpWrap.hidden = !medical;
  };
  f.kind.radios.forEach((x) => x.addEventListener('change', sync));
  sync();
  // done_by is never typed here (the evaluator is the user): its refusal
  // (evaluation.done_by.doctor) is shown on the type of evaluation.
  const fields = { ...f, done_by: f.kind };
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Enregistrer l\'évaluation');
  const form = h('form', { class: 'subform', novalidate: true,
    'aria-label': 'Ajouter une évaluation d\'admission' },
  f.kind.wrap,
  h('div', { class: 'grid' }, f.done_on.wrap, f.joint_with.wrap, gpWrap, f.findings.wrap),
  alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(fields, alert);
    // Both required fields said at once (the server checks them again).
    const missing = [
      [f.done_on, 'Indiquez la date de l\'évaluation.'],
      [f.findings, 'Décrivez les constats de l\'évaluation.'],
    ].filter(([x]) => !x.input.value.trim());
    if (missing.length) {
      missing.forEach(([x, message]) => x.setError(message));
      missing[0][0].input.focus();
      return;
    }
    const kind = f.kind.value();
    const body = { kind, done_on: f.done_on.input.value || undefined,
      findings: f.findings.input.value.trim() || undefined };
    if (kind === 'medicale') body.with_gp = gp.input.checked;
    else body.joint_with = orNull(f.joint_with.input.value);
    submit.disabled = true;
    try {
      await api('POST', `/api/v1/referrals/${r.id}/evaluations`, body);
    } catch (e) {
      submit.disabled = false;
      if (!view.ctx.alive()) return;
      showFormError(e, fields, alert);
      if (e.status === 409) offerReload(view, alert);
      return;
    }
    if (view.ctx.alive()) {
      showReferral(view, { where: 'evaluations', text: `${EVAL_KINDS[kind]} enregistrée.` });
    }
  });
  return form;
}

// ---------------------------------------------------------------------
// Liste d'attente (GET /api/v1/waitlist): ranked, read-only for partners;
// the organisations it is shared with (GET/PUT /api/v1/waitlist/shares).

async function pageListeAttente(ctx) {
  if (denied(ctx, 'Liste d\'attente', 'waitlist.read')) return;
  const partner = state.user.role === 'partenaire';
  const alert = alertBox();
  const summary = h('div');
  const status = h('p', { class: 'result-count', role: 'status' }, 'Chargement de la liste…');
  const results = h('div', { class: 'results' });
  const sharesBox = h('div');
  append(ctx.main, [
    h('h1', null, 'Liste d\'attente'),
    h('p', { class: 'page-sub' }, 'Liste d\'attente commune du volet 2 : les demandes acceptées, '
      + 'classées par nombre de critères de priorité (sortie d\'hospitalisation en tête à '
      + 'égalité), puis par date de réception.'),
    partner ? h('p', { class: 'notice' }, 'Liste partagée par le CRT avec votre structure : '
      + 'consultation seule. Les personnes opposées au partage avec votre structure n\'y '
      + 'figurent pas.') : null,
    alert, summary, status, results, sharesBox,
  ]);
  focusTitle(ctx.main, 'Liste d\'attente');
  const v = { partner, alert, summary, status, results, sharesBox };
  await fillWaitlist(ctx, v);
  // Issue 12 review: live, the places and the ranks (not the shares
  // being edited: the whole page waits while a form there is in use).
  liveRefresh(ctx, { types: PIPELINE_EVENTS }, ctx.main, () => fillWaitlist(ctx, v));
}

async function fillWaitlist(ctx, v) {
  const { partner, alert, summary, status, results, sharesBox } = v;
  let w;
  try {
    w = await api('GET', '/api/v1/waitlist', undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    status.textContent = '';
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  clear(summary);
  clear(results);
  clear(sharesBox);
  const items = w.items || [];
  const inEval = items.filter((x) => x.status === 'evaluation').length;
  summary.appendChild(h('section', { class: 'card', 'aria-labelledby': 'liste-places' },
    h('h2', { id: 'liste-places' }, 'Places'),
    h('dl', { class: 'facts' },
      fact('Personnes en attente', String(items.length)),
      fact('Dont en évaluation', String(inEval)),
      fact('Objectif de la file active', w.file_active_target
        ? `${w.file_active_target} personnes accompagnées` : null),
      w.places ? fact('Accompagnements actifs', String(w.places.active)) : null,
      w.places && w.places.preparing
        ? fact('Admis, en préparation', String(w.places.preparing)) : null,
      w.places ? fact('Places restantes', String(w.places.left)) : null)));
  const s = items.length > 1 ? 's' : '';
  status.textContent = items.length ? `${items.length} demande${s} sur la liste`
    : 'Personne n\'est inscrit sur la liste d\'attente.';
  // Issue 8 point 19: the CRT's rank; where criteria are not shared with
  // this partner, say so rather than show a partial score.
  if (w.criteria_hidden) {
    results.appendChild(h('p', { class: 'notice', 'data-criteria-hidden-notice': '' },
      `${HIDDEN_CRITERIA}. Le rang est celui du CRT, établi sur tous les critères.`));
  }
  if (items.length) results.appendChild(waitTable(items, partner));
  if (!partner) showShares(ctx, sharesBox, w.shares || [], null);
}

function waitTable(items, partner) {
  const tbody = h('tbody');
  for (const x of items) {
    const href = `#/demandes/${x.referral_id}`;
    const name = personName(x.person);
    const tr = h('tr', { 'data-referral-id': x.referral_id },
      h('td', { 'data-label': 'Rang', class: 'rank' }, h('strong', null, String(x.rank))),
      h('td', { 'data-label': 'Personne' }, h('div', null,
        partner ? h('span', { class: 'item-title' }, name) : h('a', { href }, name),
        h('span', { class: 'item-meta' }, personLine(x.person)),
        x.reason ? h('span', { class: 'item-note clamp' }, x.reason) : null)),
      h('td', { 'data-label': 'Critères de priorité' }, x.criteria_hidden
        ? [x.priorities && x.priorities.length ? priorityBadges(x.priorities) : null,
          h('span', { class: 'item-note', 'data-criteria-hidden': '' }, HIDDEN_CRITERIA)]
        : priorityBadges(x.priorities)),
      h('td', { 'data-label': 'Reçue le' }, frDate(x.received_on)),
      h('td', { 'data-label': 'Inscrite le' }, frDateTime(x.waitlisted_at)),
      h('td', { 'data-label': 'Statut' }, referralStatusBadge(x.status)));
    tbody.appendChild(partner ? tr : rowLink(tr, href));
  }
  return h('table', { class: 'table table-cards waitlist' },
    h('caption', { class: 'visually-hidden' }, 'Liste d\'attente, par rang'),
    h('thead', null, h('tr', null, ['Rang', 'Personne', 'Critères de priorité', 'Reçue le',
      'Inscrite le', 'Statut'].map((c) => h('th', { scope: 'col' }, c)))),
    tbody);
}

function showShares(ctx, box, shares, note) {
  clear(box);
  const steer = can(state.user, 'waitlist.share');
  const sec = section('liste-partage', 'Partage avec les partenaires');
  if (note) sec.appendChild(statusMessage(note));
  sec.appendChild(h('p', { class: 'muted' }, 'Les structures avec qui la liste est partagée la '
    + 'voient en lecture seule, avec leur rôle dans les évaluations.'));
  const alert = alertBox();
  const put = async (items, btn, fields, done) => {
    if (fields) clearFormErrors(fields, alert);
    else setAlert(alert, '');
    btn.disabled = true;
    let res;
    try {
      res = await api('PUT', '/api/v1/waitlist/shares', { items });
    } catch (e) {
      btn.disabled = false;
      if (!ctx.alive()) return;
      if (fields) showFormError(e, fields, alert);
      else setAlert(alert, e.message);
      return;
    }
    if (ctx.alive()) showShares(ctx, box, res.items || [], done);
  };
  if (!shares.length) {
    sec.appendChild(h('p', { class: 'muted' }, 'La liste n\'est partagée avec aucune structure.'));
  } else {
    sec.appendChild(h('ul', { class: 'plain-list shares' }, shares.map((x) => {
      const li = h('li', { 'data-org-id': x.org_id },
        h('span', { class: 'item-title' }, x.org_name || `Structure n° ${x.org_id}`),
        h('span', { class: 'item-meta' }, metaLabel('org_types', x.org_type)),
        h('span', { class: 'item-note' }, `Rôle : ${x.role}`));
      if (steer) {
        const stop = h('button', { type: 'button', class: 'btn btn-small',
          'aria-label': `Cesser le partage avec ${x.org_name}` }, 'Cesser le partage');
        stop.addEventListener('click', () => put([{ org_id: x.org_id, role: null }], stop, null,
          `La liste n'est plus partagée avec ${x.org_name}.`));
        li.appendChild(h('span', { class: 'item-actions' }, stop));
      }
      return li;
    })));
  }
  if (steer) {
    const orgSel = h('select', { name: 'org_id' }, h('option', { value: '' }, 'Choisir…'));
    const f = {
      org_id: formField('Structure', orgSel, { required: true, alert: true }),
      role: formField('Rôle dans les évaluations', textInput('role', { maxlength: '300' }),
        { required: true, alert: true,
          hint: 'Par exemple : évaluation conjointe des situations complexes.' }),
    };
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Partager la liste');
    const form = h('form', { class: 'subform', novalidate: true,
      'aria-label': 'Partager la liste avec une structure' },
    h('p', { class: 'hint' }, 'Pour changer le rôle d\'une structure, choisissez-la à nouveau.'),
    h('div', { class: 'grid' }, f.org_id.wrap, f.role.wrap),
    h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const org = orgSel.value ? Number(orgSel.value) : null;
      const roleText = f.role.input.value.trim();
      clearFormErrors(f, alert);
      if (!org || !roleText) {
        const bad = org ? f.role : f.org_id;
        bad.setError(org ? 'Indiquez le rôle de la structure dans les évaluations.'
          : 'Choisissez une structure de l\'annuaire.');
        bad.input.focus();
        return;
      }
      const name = orgSel.selectedOptions[0] ? orgSel.selectedOptions[0].textContent : '';
      put([{ org_id: org, role: roleText }], submit, f,
        `Liste partagée avec ${name}.`);
    });
    const holder = h('div');
    holder.appendChild(form);
    const d = disclosure('Partager avec une structure', holder);
    append(sec, [h('p', { class: 'part-actions' }, d.btn), holder]);
    api('GET', '/api/v1/orgs', undefined, ctx).then((orgs) => {
      if (!ctx.alive()) return;
      for (const o of orgs.items || []) {
        if (o.archived || o.is_self) continue;
        orgSel.appendChild(h('option', { value: String(o.id) }, o.name));
      }
    }, (e) => f.org_id.setError(e.message));
  }
  sec.appendChild(alert);
  box.appendChild(sec);
  const focus = note && sec.querySelector('[role="status"]');
  if (focus) focus.focus();
}
