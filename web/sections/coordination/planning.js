// Maillage — the planning of home visits (issue 11): a care aide's day on
// her phone (today's visits, one tap to start and to finish, « non
// faite » with its reason), a professional's or an organisation's week,
// the coordinator's week of the whole file active with the conflicts of
// one professional, a person's week on her record, a new visit (one-off
// or recurring, holiday policy), and the printed round.
//
// Owns: #/planning, #/planning/nouvelle, #/planning/tournee and the
// « Planning de la semaine » record part (GET /api/v1/visits, POST
// /api/v1/visits, POST /api/v1/visits/series/{id}/marks).
// Must not: decide any right (the server decides who reads and marks
// which visit, and its French message is shown where it applies) nor
// compute an occurrence (times, holidays and states come from the server,
// shown in the CRT's time zone).
//
// Imports web/core/ only; registered by sections/coordination/index.js.
import { api } from '../../core/api.js';
import { metaLabel } from '../../core/codes.js';
import { append, clear, h, uid } from '../../core/dom.js';
import { personName, telLink, todayIso } from '../../core/format.js';
import { liveRefresh } from '../../core/live.js';
import {
  alertBox, checkField, clearFormErrors, disclosure, formField, select, setAlert,
  showFormError, textArea, textInput,
} from '../../core/forms.js';
import { can } from '../../core/perm.js';
import { partTake } from '../../core/record.js';
import { focusTitle, pageMessage } from '../../core/router.js';
import { state } from '../../core/session.js';
import { defaultCategory, fillPending, noteForm } from './notes.js';
import { alertForm } from './alerts.js';

// The CRT's zone: times come in UTC and are shown there.
const TZ = 'Europe/Paris';

const KINDS = [
  ['soins', 'Soins'], ['aide_domicile', 'Aide à domicile'], ['toilette', 'Toilette'],
  ['repas', 'Repas'], ['passage_nuit', 'Passage de nuit'], ['kine', 'Kinésithérapie'],
  ['visite_coordination', 'Visite de coordination'], ['levee_de_doute', 'Levée de doute'],
  ['autre', 'Autre'],
];
const STATES = {
  planned: ['badge', 'Prévue'],
  a_pointer: ['badge badge-warn', 'À pointer'],
  done: ['badge state-on', 'Faite'],
  not_done: ['badge badge-urgent', 'Non faite'],
  moved: ['badge badge-info', 'Déplacée'],
  suspended: ['badge', 'Suspendue (absence)'],
};
const NOT_DONE = [
  ['absent', 'Personne absente'], ['refus', 'Refus de la personne'],
  ['porte_close', 'Porte close'], ['hospitalise', 'Hospitalisée'],
  ['annule_personne', 'Annulée par la personne'], ['annule_service', 'Annulée par le service'],
  ['autre', 'Autre motif'],
];
// Why a visit is marked by hand rather than with the QR code of the
// person's DLU sheet (the server keeps the text).
const HAND_REASONS = ['Pas de fiche DLU au domicile', 'QR code illisible',
  'Téléphone sans appareil photo', 'Pointage après la visite'];
const POLICIES = [
  ['keep', 'Maintenue les jours fériés'], ['skip', 'Supprimée les jours fériés'],
  ['before', 'Avancée à la veille'], ['after', 'Reportée au lendemain'],
];
const REPEATS = [
  ['', 'Une seule fois'], ['DAILY', 'Chaque jour'], ['WEEKLY', 'Chaque semaine'],
  ['BIWEEKLY', 'Toutes les deux semaines'], ['MONTHLY', 'Chaque mois (même date)'],
];
const DAYS = [['MO', 'Lundi'], ['TU', 'Mardi'], ['WE', 'Mercredi'], ['TH', 'Jeudi'],
  ['FR', 'Vendredi'], ['SA', 'Samedi'], ['SU', 'Dimanche']];

// The server's label when /api/v1/meta has the list, else ours.
function label(list, meta, code) {
  const m = metaLabel(meta, code);
  if (m && m !== code) return m;
  return (list.find((x) => x[0] === code) || [code, code])[1];
}
const kindLabel = (c) => label(KINDS, 'visit_kinds', c);
const kindOf = (v) => v.kind_label || kindLabel(v.kind);
const notDoneLabel = (c) => label(NOT_DONE, 'visit_not_done_reasons', c);

// ---- Dates in the CRT's zone

const PARTS = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric',
  month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

// 'YYYY-MM-DDTHH:MM' of an instant (Date or ISO), in the CRT's zone.
function localOf(t) {
  const p = Object.fromEntries(PARTS.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
const frTime = (hm) => `${Number(hm.slice(0, 2))} h ${hm.slice(3, 5)}`;
const hhmm = (t) => frTime(localOf(t).slice(11));
const today = () => localOf(Date.now()).slice(0, 10) || todayIso();

function addDays(ymd, n) {
  const d = new Date(`${ymd}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function mondayOf(ymd) {
  const wd = (new Date(`${ymd}T12:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(ymd, -wd);
}
const DAY_FMT = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'long',
  day: 'numeric', month: 'long', year: 'numeric' });
const frDay = (ymd) => DAY_FMT.format(new Date(`${ymd}T12:00:00Z`));
const validYmd = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s || '') && !Number.isNaN(Date.parse(s));

// ---- What the user may do (the server decides; the UI offers)

const mayPlan = () => can(state.user, 'visit.plan');
function mayMark(v) {
  if (!can(state.user, 'visit.mark')) return false;
  return mayPlan() || (v.who && v.who.user_id === state.user.id)
    || (v.who && v.who.org_id && state.user.org && v.who.org_id === state.user.org.id);
}

// The arrivals tapped on this phone, kept until « Terminer » sends them
// (sessionStorage: the tab's own, gone with it).
const STARTED = 'maillage.visites.commencees';
function started() {
  try {
    return JSON.parse(sessionStorage.getItem(STARTED) || '{}');
  } catch {
    return {};
  }
}
function setStarted(id, when) {
  const all = started();
  if (when) all[id] = when;
  else delete all[id];
  sessionStorage.setItem(STARTED, JSON.stringify(all));
}
const occId = (v) => `${v.series_id}@${v.key}`;

// ---- Pages

export const planningPages = {
  planning: (ctx, r) => pagePlanning(ctx, r),
  'visite-nouvelle': (ctx, r) => pageNewVisit(ctx, r),
  tournee: (ctx, r) => pageRound(ctx, r),
  pointage: (ctx, r) => pageScan(ctx, r),
};

// Whose planning the page shows: {q: query string part, title}.
function subject(params) {
  const me = state.user;
  if (params.get('tous') === '1') return { q: 'all=1', title: 'Toute la file active', all: true };
  if (/^\d+$/.test(params.get('org') || '')) {
    return { q: `org_id=${params.get('org')}`, title: 'Planning de la structure' };
  }
  const qui = /^\d+$/.test(params.get('qui') || '') ? Number(params.get('qui')) : me.id;
  return { q: `user_id=${qui}`, title: qui === me.id ? 'Ma tournée' : 'Tournée', user: qui };
}

function href(params, changes) {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) p.delete(k);
    else p.set(k, v);
  }
  return `#/planning?${p}`;
}

async function pagePlanning(ctx, r) {
  const params = r.params;
  if (!can(state.user, 'visit.read')) {
    pageMessage(ctx, 'Planning', 'Votre rôle ne donne pas accès au planning.');
    return;
  }
  const day = validYmd(params.get('jour')) ? params.get('jour') : today();
  const who = subject(params);
  const week = (params.get('vue') || (who.all ? 'semaine' : 'jour')) === 'semaine';
  const from = week ? mondayOf(day) : day;
  const to = week ? addDays(from, 6) : day;
  const title = week ? `${who.title} — semaine du ${frDay(from)}` : `${who.title} — ${frDay(day)}`;
  const alert = alertBox();
  const body = h('div', { class: 'visit-days' }, h('p', { class: 'muted' }, 'Chargement…'));
  const step = week ? 7 : 1;
  const nav = h('nav', { class: 'period-nav', 'aria-label': 'Période' },
    h('a', { class: 'btn btn-small', href: href(params, { jour: addDays(day, -step) }) },
      week ? 'Semaine précédente' : 'Veille'),
    h('a', { class: 'btn btn-small', href: href(params, { jour: null }) }, 'Aujourd\'hui'),
    h('a', { class: 'btn btn-small', href: href(params, { jour: addDays(day, step) }) },
      week ? 'Semaine suivante' : 'Lendemain'),
    h('a', { class: 'btn btn-small', href: href(params, { vue: week ? 'jour' : 'semaine' }) },
      week ? 'Vue du jour' : 'Semaine'));
  if (!week && who.user) {
    nav.appendChild(h('a', { class: 'btn btn-small', href: `#/planning/tournee?jour=${day}&qui=${who.user}` },
      'Tournée à imprimer'));
  }
  append(ctx.main, [h('h1', null, title), alert, nav, whoPicker(ctx, params, who), body]);
  focusTitle(ctx.main, title);
  if (who.user === state.user.id) ctx.main.appendChild(feedCard(ctx));
  const view = { ctx, reload: () => pagePlanningReload(ctx, r) };
  const days = week ? [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(from, i)) : [day];
  // Issue 12: a visit planned or marked elsewhere redraws the days (not
  // while in use: core/live.js waits until the focus leaves them). Once
  // per page: a reload of the same page (after a marking) only moves it
  // to the new days.
  ctx.planningDays = { body, alert, view, who, days, from, to };
  if (!ctx.planningLive) {
    ctx.planningLive = true;
    liveRefresh(ctx, { types: VISIT_EVENTS }, () => ctx.planningDays.body,
      () => drawDays(ctx, ctx.planningDays));
  }
  await drawDays(ctx, ctx.planningDays);
}

const VISIT_EVENTS = ['visit.changed', 'visit.marked'];

// The days of the planning page, drawn (again) into body.
async function drawDays(ctx, { body, alert, view, who, days, from, to }) {
  let items;
  try {
    items = (await api('GET', `/api/v1/visits?${who.q}&from=${from}&to=${to}`, undefined, ctx))
      .items || [];
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  clear(body);
  const conflicts = items.filter((v) => v.conflicts && v.conflicts.length).length;
  body.appendChild(h('p', { class: 'page-sub', role: 'status' }, summary(items, conflicts)));
  for (const d of days) {
    const rows = items.filter((v) => localOf(v.planned_start).slice(0, 10) === d)
      .sort((a, b) => a.planned_start.localeCompare(b.planned_start));
    const id = uid('jour');
    body.appendChild(h('section', { class: 'card visit-day', 'aria-labelledby': id, 'data-day': d },
      h('h2', { id }, frDay(d)),
      rows.length ? h('ul', { class: 'visit-list' }, rows.map((v) => h('li', null,
        visitCard(view, v, { showWho: !who.user, items }))))
        : h('p', { class: 'muted' }, 'Aucune visite prévue.')));
  }
}

// Rendering again the same route: the list after a marking.
function pagePlanningReload(ctx, r) {
  if (!ctx.alive()) return;
  clear(ctx.main);
  pagePlanning(ctx, r);
}

function summary(items, conflicts) {
  const n = items.length;
  const todo = items.filter((v) => v.state === 'a_pointer').length;
  const parts = [n === 0 ? 'Aucune visite' : `${n} visite${n > 1 ? 's' : ''}`];
  if (todo) parts.push(`${todo} à pointer`);
  if (conflicts) parts.push(`${conflicts} en conflit d'horaire`);
  return `${parts.join(', ')}.`;
}

// The coordinator chooses whose planning: herself, the file active, a
// team member or an organisation (the lists the server gives her).
function whoPicker(ctx, params, who) {
  if (!mayPlan()) return null;
  const sel = select([{ value: 'moi', label: 'Ma tournée' },
    { value: 'tous', label: 'Toute la file active' }],
  who.all ? 'tous' : (who.user && who.user !== state.user.id ? `u${who.user}` : 'moi'),
  { name: 'qui' });
  const f = formField('Planning de', sel);
  Promise.all([
    api('GET', '/api/v1/team', undefined, ctx).catch(() => ({ items: [] })),
    api('GET', '/api/v1/orgs', undefined, ctx).catch(() => ({ items: [] })),
  ]).then(([team, orgs]) => {
    if (!ctx.alive()) return;
    const g1 = h('optgroup', { label: 'Équipe du CRT' });
    for (const u of team.items || []) {
      if (u.id === state.user.id) continue;
      g1.appendChild(h('option', { value: `u${u.id}` }, u.display_name));
    }
    const g2 = h('optgroup', { label: 'Structures partenaires' });
    for (const o of orgs.items || []) g2.appendChild(h('option', { value: `o${o.id}` }, o.name));
    sel.append(g1, g2);
    const cur = params.get('org') ? `o${params.get('org')}` : sel.value;
    sel.value = cur;
  });
  sel.addEventListener('change', () => {
    const v = sel.value;
    const p = { qui: null, org: null, tous: null };
    if (v === 'tous') Object.assign(p, { tous: '1', vue: 'semaine' });
    else if (v.startsWith('u')) p.qui = v.slice(1);
    else if (v.startsWith('o')) Object.assign(p, { org: v.slice(1), vue: 'semaine' });
    location.hash = href(params, p);
  });
  return h('div', { class: 'form-row planning-who' }, f.wrap);
}

function whoText(w) {
  if (!w) return '';
  if (w.display_name) return [w.display_name, w.profession_label || w.profession].filter(Boolean).join(', ');
  return w.org_name || '';
}

// One occurrence: time, person, kind, state, marking, and the actions the
// user may take on it.
function visitCard(view, v, opts = {}) {
  const id = uid('visite');
  const p = v.person || {};
  const [cls, word] = STATES[v.state] || ['badge', v.state];
  const mark = v.mark;
  const lines = [];
  const where = p.commune && (p.commune.name || p.commune);
  lines.push([kindOf(v), opts.showWho && !opts.titleWho ? whoText(v.who) : null,
    opts.titleWho ? null : where || null].filter(Boolean).join(' · '));
  if (v.holiday) {
    lines.push(v.key !== v.planned_start && !(mark && mark.state === 'moved')
      ? `Déplacée pour le jour férié (${v.holiday})` : `Jour férié : ${v.holiday}`);
  }
  if (mark && mark.state === 'done') {
    lines.push(`Arrivée ${hhmm(mark.arrived_at)}, départ ${hhmm(mark.left_at)} — `
      + (mark.how === 'qr' ? 'pointée avec le QR code' : `pointée à la main${mark.hand_reason
        ? ` (${mark.hand_reason})` : ''}`) + (mark.marked_by ? ` par ${mark.marked_by.name}` : ''));
  } else if (mark && mark.state === 'not_done') {
    lines.push(`Motif : ${notDoneLabel(mark.reason_code)}${mark.reason_text ? ` — ${mark.reason_text}` : ''}`);
  } else if (mark && mark.state === 'moved') {
    lines.push(`Déplacée${mark.reason_text ? ` : ${mark.reason_text}` : ''}`);
  }
  const conflictWith = (v.conflicts || []).map((c) => (opts.items || [])
    .find((x) => x.series_id === c.series_id && x.key === c.key)).filter(Boolean);
  const art = h('article', { class: `card visit visit-${v.state}${v.critical ? ' is-critical' : ''}`,
    'aria-labelledby': id, 'data-visit': occId(v), 'data-state': v.state },
  h('h3', { id, class: 'visit-title' },
    h('span', { class: 'visit-time' }, `${hhmm(v.planned_start)} – ${hhmm(v.planned_end)}`), ' ',
    opts.titleWho ? whoText(v.who)
      : (p.id ? h('a', { href: `#/personnes/${p.id}` }, personName(p)) : personName(p))),
  h('p', { class: 'item-meta' },
    h('span', { class: cls }, word),
    v.critical ? [' ', h('span', { class: 'badge badge-urgent' }, 'Critique')] : null,
    conflictWith.length || (v.conflicts || []).length
      ? [' ', h('span', { class: 'badge badge-warn' }, 'Conflit d\'horaire')] : null),
  lines.map((t) => h('p', { class: 'visit-line' }, t)),
  conflictWith.length ? h('p', { class: 'visit-line' }, `Chevauche : ${conflictWith.map((c) =>
    `${hhmm(c.planned_start)} ${personName(c.person || {})}`).join(', ')}`) : null);
  if (v.state !== 'suspended' && mayMark(v)) art.appendChild(markActions(view, v));
  if (p.id && mayNote(v)) art.appendChild(noteToggle(v));
  if (p.id && mayAlert(v)) art.appendChild(alertToggle(v));
  return art;
}

// Issue 12 review (F13): an alert from the visit card in two taps —
// « Alerte » opens the form (a fall, « haute », chosen), the text
// focused; « Lever l'alerte » sends it.
const mayAlert = (v) => can(state.user, 'alert.raise') && (mayPlan()
  || (v.who && v.who.user_id === state.user.id));
function alertToggle(v) {
  return formToggle('Alerte',
    `Alerte sur ${personName(v.person || {})} (visite de ${hhmm(v.planned_start)})`,
    () => alertForm({ personId: v.person.id }));
}

// Issue 12: a note on the visit from its card in two taps — « Note »
// opens the form with the person, the visit and the category already
// chosen, the text field focused; « Enregistrer la note » sends it.
const mayNote = (v) => can(state.user, 'note.write') && (mayPlan()
  || (v.who && v.who.user_id === state.user.id));
function noteToggle(v) {
  return formToggle('Note',
    `Note sur la visite de ${hhmm(v.planned_start)} chez ${personName(v.person || {})}`,
    () => noteForm({ personId: v.person.id, visit: v, category: defaultCategory(state.user) }));
}

// A button of the visit card that unfolds a form ({ form, focus }) built
// on its first opening, and focuses it.
function formToggle(label, ariaLabel, build) {
  const holder = h('div', { id: uid('volet-visite'), hidden: true });
  const btn = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false',
    'aria-controls': holder.id, 'aria-label': ariaLabel }, label);
  let f = null;
  btn.addEventListener('click', () => {
    const open = holder.hidden;
    if (open && !f) {
      f = build();
      holder.appendChild(f.form);
    }
    holder.hidden = !open;
    btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) f.focus();
  });
  return h('div', { class: 'visit-note' }, btn, holder);
}

// A button that unfolds a form built on its first opening only: a week
// of the file active has hundreds of visits, not hundreds of forms.
function lazyToggle(label, build, about) {
  const holder = h('div', { id: uid('volet'), hidden: true });
  const btn = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false',
    'aria-controls': holder.id, 'aria-label': `${label}${about}` }, label);
  btn.addEventListener('click', () => {
    const open = holder.hidden;
    if (open && !holder.firstChild) holder.appendChild(build());
    holder.hidden = !open;
    btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      const first = holder.querySelector('input, select, textarea');
      if (first) first.focus();
    }
  });
  return { btn, holder };
}

// « Commencer » / « Terminer », « Non faite », « Déplacer »; on a visit
// already marked, « Corriger : … » offers the same (a new marking that
// keeps the old one).
function markActions(view, v) {
  const box = h('div', { class: 'visit-actions' });
  const alert = alertBox();
  const done = ['done', 'not_done', 'moved'].includes(v.state);
  const about = ` — ${hhmm(v.planned_start)}, ${personName(v.person || {})}`;
  const send = async (body, btn) => {
    if (btn) btn.disabled = true;
    try {
      await api('POST', `/api/v1/visits/series/${v.series_id}/marks`, { key: v.key, ...body });
      setStarted(occId(v), null);
      view.reload();
    } catch (e) {
      if (btn) btn.disabled = false;
      setAlert(alert, e.message);
      return e;
    }
    return null;
  };
  const holders = [];
  const add = (label, build) => {
    const t = lazyToggle(label, build, about);
    box.appendChild(t.btn);
    holders.push(t.holder);
  };
  const own = v.who && v.who.user_id === state.user.id;
  if (done) {
    add('Corriger : faite', () => finishForm(v, v.mark && v.mark.arrived_at
      ? localOf(v.mark.arrived_at) : null, send, alert));
  } else if (!own) {
    // Someone else's visit (the coordinator's week): marked afterwards,
    // with the times typed, not started from here.
    add('Pointer : faite', () => finishForm(v, null, send, alert));
  } else {
    const begun = started()[occId(v)];
    if (!begun) {
      const go = h('button', { type: 'button', class: 'btn btn-primary' }, 'Commencer');
      go.setAttribute('aria-label', `Commencer la visite de ${hhmm(v.planned_start)} chez `
        + `${personName(v.person || {})}`);
      go.addEventListener('click', () => {
        setStarted(occId(v), localOf(Date.now()));
        view.reload();
      });
      box.appendChild(go);
    } else {
      // Issue 12: the person's vigilance notes not yet acknowledged come
      // first, with « J'ai pris connaissance ».
      if (v.person && v.person.id && can(state.user, 'note.read')) {
        const pending = h('div', { class: 'visit-pending' });
        fillPending(pending, v.person.id, v);
        holders.push(pending);
      }
      holders.push(finishForm(v, begun, send, alert));
    }
  }
  add(done ? 'Corriger : non faite' : 'Non faite', () => notDoneForm(v, send).form);
  add(done ? 'Corriger : déplacer' : 'Déplacer', () => moveForm(v, send).form);
  return h('div', null, box, holders, alert);
}

// The end of a visit: arrival (tapped « Commencer », or typed), departure
// now, and why by hand (the last reason chosen on this phone proposed).
function finishForm(v, begun, send, alert) {
  const fields = {};
  const nowLocal = localOf(Date.now());
  const arrived = h('input', { type: 'time', name: 'arrived_at', value: (begun || localOf(v.planned_start)).slice(11) });
  const left = h('input', { type: 'time', name: 'left_at', value: nowLocal.slice(11) });
  const last = localStorage.getItem('maillage.pointage.motif') || '';
  const reason = select([{ value: '', label: 'Choisir…' }, ...HAND_REASONS.map((x) => ({ value: x, label: x }))],
    HAND_REASONS.includes(last) ? last : '', { name: 'hand_reason' });
  fields.arrived_at = formField('Arrivée', arrived, { required: true });
  fields.left_at = formField('Départ', left, { required: true });
  fields.hand_reason = formField('Pointage sans QR code : motif', reason, { required: true });
  const btn = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Terminer');
  btn.setAttribute('aria-label', `Terminer la visite chez ${personName(v.person || {})}`);
  const form = h('form', { class: 'visit-form', novalidate: true },
    begun ? h('p', { class: 'visit-line' }, `Commencée à ${frTime(begun.slice(11))}`) : null,
    h('div', { class: 'form-row' }, fields.arrived_at.wrap, fields.left_at.wrap),
    fields.hand_reason.wrap, btn);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(fields, alert);
    if (!reason.value) {
      fields.hand_reason.setError('Choisissez pourquoi la visite est pointée sans le QR code.');
      reason.focus();
      return;
    }
    localStorage.setItem('maillage.pointage.motif', reason.value);
    const day = localOf(v.planned_start).slice(0, 10);
    const leftDay = left.value < arrived.value ? addDays(day, 1) : day;
    const e = await send({ state: 'done', how: 'hand', hand_reason: reason.value,
      arrived_at: `${day}T${arrived.value}`, left_at: `${leftDay}T${left.value}` }, btn);
    if (e) showFormError(e, fields, alert);
  });
  return form;
}

function notDoneForm(v, send) {
  const alert = alertBox();
  const fields = {};
  const code = select([{ value: '', label: 'Choisir…' },
    ...NOT_DONE.map(([value, text]) => ({ value, label: text }))], '', { name: 'reason_code' });
  const text = textInput('reason_text', { maxlength: '500' });
  fields.reason_code = formField('Motif', code, { required: true });
  fields.reason_text = formField('Précisions', text, { hint: 'Obligatoires pour « Autre motif ».' });
  const btn = h('button', { type: 'submit', class: 'btn' }, 'Enregistrer « non faite »');
  const form = h('form', { class: 'visit-form', novalidate: true },
    fields.reason_code.wrap, fields.reason_text.wrap, btn, alert);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(fields, alert);
    if (!code.value) {
      fields.reason_code.setError('Choisissez le motif.');
      code.focus();
      return;
    }
    const e = await send({ state: 'not_done', reason_code: code.value,
      reason_text: text.value.trim() || null }, btn);
    if (e) showFormError(e, fields, alert);
  });
  return { form };
}

function moveForm(v, send) {
  const alert = alertBox();
  const fields = {};
  const local = localOf(v.planned_start);
  const date = h('input', { type: 'date', name: 'moved_date', value: local.slice(0, 10) });
  const time = h('input', { type: 'time', name: 'moved_time', value: local.slice(11) });
  const why = textInput('reason_text', { maxlength: '500' });
  fields.moved_to_local = formField('Nouveau jour', date, { required: true });
  fields.moved_time = formField('Nouvelle heure', time, { required: true });
  fields.reason_text = formField('Motif du déplacement', why, { required: true });
  const btn = h('button', { type: 'submit', class: 'btn' }, 'Déplacer la visite');
  const form = h('form', { class: 'visit-form', novalidate: true },
    h('div', { class: 'form-row' }, fields.moved_to_local.wrap, fields.moved_time.wrap),
    fields.reason_text.wrap, btn, alert);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(fields, alert);
    if (!why.value.trim()) {
      fields.reason_text.setError('Indiquez pourquoi la visite est déplacée.');
      why.focus();
      return;
    }
    const e = await send({ state: 'moved', moved_to_local: `${date.value}T${time.value}`,
      reason_text: why.value.trim() }, btn);
    if (e) showFormError(e, fields, alert);
  });
  return { form };
}

// ---- The record part: the person's week

export async function loadPersonWeek(ctx, p, section, from, opts = {}) {
  const box = section.querySelector('.part-body');
  const monday = from || mondayOf(today());
  let items;
  try {
    // This week's answer came with the record (once), another's is asked.
    items = (await partTake(ctx, `/api/v1/visits?person_id=${p.id}&from=${monday}&to=${addDays(monday, 6)}`))
      .items || [];
  } catch (e) {
    if (!ctx.alive()) return;
    if (e.status === 403) section.remove();
    else {
      clear(box);
      box.appendChild(h('p', { class: 'muted' }, e.message));
    }
    return;
  }
  if (!ctx.alive()) return;
  // Issue 12: the week redraws itself when a visit of the person is
  // planned or marked elsewhere (once per record page).
  if (!section.dataset.live) {
    section.dataset.live = '1';
    liveRefresh(ctx, { types: VISIT_EVENTS, person: p.id }, section,
      () => loadPersonWeek(ctx, p, section, section.dataset.monday || monday));
  }
  section.dataset.monday = monday;
  clear(box);
  const move = (n) => {
    const b = h('button', { type: 'button', class: 'btn btn-small' },
      n < 0 ? 'Semaine précédente' : 'Semaine suivante');
    b.addEventListener('click', () => loadPersonWeek(ctx, p, section, addDays(monday, 7 * n)));
    return b;
  };
  box.appendChild(h('p', { class: 'item-meta' }, `Du ${frDay(monday)} au ${frDay(addDays(monday, 6))}`));
  if (!items.length) box.appendChild(h('p', { class: 'muted' }, 'Aucune visite prévue cette semaine.'));
  const view = { ctx, reload: () => loadPersonWeek(ctx, p, section, monday) };
  const byDay = new Map();
  for (const v of items.sort((a, b) => a.planned_start.localeCompare(b.planned_start))) {
    const d = localOf(v.planned_start).slice(0, 10);
    if (!byDay.has(d)) byDay.set(d, []);
    byDay.get(d).push(v);
  }
  for (const [d, rows] of byDay) {
    box.appendChild(h('h3', { class: 'visit-day-title' }, frDay(d)));
    // In the record the person is known: each card's title says who comes.
    box.appendChild(h('ul', { class: 'visit-list' }, rows.map((v) => h('li', null,
      visitCard(view, v, { titleWho: true, items })))));
  }
  const actions = h('p', { class: 'part-actions' }, move(-1), move(1));
  if (mayPlan()) {
    actions.appendChild(h('a', { class: 'btn', href: `#/planning/nouvelle?personne=${p.id}` },
      'Planifier une visite'));
  }
  box.appendChild(actions);
  if (mayPlan()) {
    box.appendChild(seriesBlock(ctx, p,
      () => loadPersonWeek(ctx, p, section, monday, { series: true }), opts.series));
  }
}

// ---- The person's regular visits: changed or stopped from a date on
// (the past and its markings stay as they were).

const DAY_WORDS = { MO: 'lundi', TU: 'mardi', WE: 'mercredi', TH: 'jeudi', FR: 'vendredi',
  SA: 'samedi', SU: 'dimanche' };

function ruleWords(rrule) {
  if (!rrule) return 'une fois';
  const parts = Object.fromEntries(rrule.split(';').map((x) => x.split('=')));
  const every = Number(parts.INTERVAL || 1);
  const days = (parts.BYDAY || '').split(',').filter(Boolean).map((d) => DAY_WORDS[d] || d);
  if (parts.FREQ === 'DAILY') return every === 1 ? 'chaque jour' : `tous les ${every} jours`;
  if (parts.FREQ === 'WEEKLY') {
    const base = every === 1 ? 'chaque semaine' : `toutes les ${every} semaines`;
    return days.length ? `${base} : ${days.join(', ')}` : base;
  }
  if (parts.FREQ === 'MONTHLY') return 'chaque mois';
  return rrule;
}

// Asked when unfolded: the record's first paint asks the week only.
function seriesBlock(ctx, p, reload, unfolded) {
  const id = uid('series');
  const list = h('div', { hidden: true });
  const open = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false' },
    'Voir les visites régulières');
  const block = h('div', { class: 'series-block', 'aria-labelledby': id, role: 'group' },
    h('h3', { id, class: 'visit-day-title' }, 'Visites régulières'), h('p', null, open), list);
  open.addEventListener('click', () => {
    const show = list.hidden;
    list.hidden = !show;
    open.setAttribute('aria-expanded', show ? 'true' : 'false');
    if (show && !list.firstChild) fill();
  });
  if (unfolded) queueMicrotask(() => open.click());
  const fill = async () => {
    list.appendChild(h('p', { class: 'muted' }, 'Chargement…'));
    let series;
    try {
      const occ = (await api('GET', `/api/v1/visits?person_id=${p.id}&from=${today()}`
        + `&to=${addDays(today(), 62)}`, undefined, ctx)).items || [];
      const ids = [...new Set(occ.map((v) => v.series_id))];
      series = await Promise.all(ids.map((sid) => api('GET', `/api/v1/visits/series/${sid}`,
        undefined, ctx)));
    } catch (e) {
      if (ctx.alive()) list.replaceChildren(h('p', { class: 'muted' }, e.message));
      return;
    }
    if (!ctx.alive()) return;
    list.replaceChildren();
    if (!series.length) {
      list.appendChild(h('p', { class: 'muted' }, 'Aucune visite prévue dans les deux prochains mois.'));
      return;
    }
    list.appendChild(h('ul', { class: 'plain-list' }, series.map((sr) => h('li', null,
      seriesItem(sr, reload)))));
  };
  return block;
}

function seriesItem(sr, reload) {
  const who = whoText(sr.who);
  const at = frTime(sr.starts_local.slice(11));
  const text = `${sr.kind_label || kindLabel(sr.kind)} — ${who} — ${ruleWords(sr.rrule)} à ${at} `
    + `(${sr.duration_min} min)${sr.until_on ? `, jusqu'au ${frDay(sr.until_on)}` : ''}`;
  const alert = alertBox();
  const tomorrow = addDays(today(), 1);
  // Change from a date: the new time, duration and days.
  const cf = {};
  const from = h('input', { type: 'date', name: 'from', value: tomorrow, min: today() });
  const time = h('input', { type: 'time', name: 'time', value: sr.starts_local.slice(11) });
  const dur = h('input', { type: 'number', name: 'duration_min', min: '5', max: '1440',
    value: String(sr.duration_min), inputmode: 'numeric' });
  cf.from = formField('À partir du', from, { required: true });
  cf.starts_local = formField('Nouvelle heure', time, { required: true });
  cf.duration_min = formField('Durée (minutes)', dur, { required: true });
  const save = h('button', { type: 'submit', class: 'btn btn-small' }, 'Enregistrer le changement');
  const change = h('form', { class: 'visit-form', novalidate: true },
    h('div', { class: 'form-row' }, cf.from.wrap, cf.starts_local.wrap, cf.duration_min.wrap), save);
  change.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(cf, alert);
    save.disabled = true;
    try {
      await api('PATCH', `/api/v1/visits/series/${sr.id}`, { from: from.value,
        starts_local: `${from.value}T${time.value}`, duration_min: Number(dur.value) });
      reload();
    } catch (e) {
      save.disabled = false;
      showFormError(e, cf, alert);
    }
  });
  // Stop from a date.
  const sf = {};
  const stopOn = h('input', { type: 'date', name: 'from', value: tomorrow, min: today() });
  sf.from = formField('Dernière visite la veille du', stopOn, { required: true });
  const stopBtn = h('button', { type: 'submit', class: 'btn btn-small' }, 'Arrêter ces visites');
  const stop = h('form', { class: 'visit-form', novalidate: true }, sf.from.wrap, stopBtn);
  stop.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(sf, alert);
    stopBtn.disabled = true;
    try {
      await api('DELETE', `/api/v1/visits/series/${sr.id}?from=${stopOn.value}`);
      reload();
    } catch (e) {
      stopBtn.disabled = false;
      showFormError(e, sf, alert);
    }
  });
  const c = disclosure('Modifier à partir du…', change);
  const d = disclosure('Arrêter à partir du…', stop);
  for (const b of [c.btn, d.btn]) {
    b.classList.add('btn-small');
    b.setAttribute('aria-label', `${b.textContent} — ${text}`);
  }
  return h('div', { class: 'series-item', 'data-series': sr.id },
    h('p', { class: 'visit-line' }, text), h('p', { class: 'part-actions' }, c.btn, d.btn),
    change, stop, alert);
}

// ---- A new visit (one-off or a series)

async function pageNewVisit(ctx, r) {
  const title = 'Planifier une visite';
  if (!mayPlan()) {
    pageMessage(ctx, title, 'Votre rôle ne permet pas de planifier des visites.');
    return;
  }
  const pid = Number(r.params.get('personne'));
  if (!pid) {
    pageMessage(ctx, title, 'Ouvrez le dossier de la personne, puis « Planifier une visite » '
      + 'dans sa partie Planning.');
    return;
  }
  const alert = alertBox();
  append(ctx.main, [h('h1', null, title), alert]);
  focusTitle(ctx.main, title);
  let person;
  let team;
  let orgs;
  try {
    [person, team, orgs] = await Promise.all([
      api('GET', `/api/v1/persons/${pid}`, undefined, ctx),
      api('GET', '/api/v1/team', undefined, ctx).catch(() => ({ items: [] })),
      api('GET', '/api/v1/orgs', undefined, ctx).catch(() => ({ items: [] })),
    ]);
  } catch (e) {
    if (ctx.alive()) setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  ctx.main.insertBefore(h('p', { class: 'page-sub' }, 'Pour ',
    h('a', { href: `#/personnes/${pid}` }, personName(person)), '. Les heures sont celles du CRT '
    + '(Europe/Paris) : une visite de 9 h reste à 9 h aux changements d\'heure.'), alert);
  const fields = {};
  const who = h('select', { name: 'who' }, h('option', { value: '' }, 'Choisir…'),
    h('optgroup', { label: 'Équipe du CRT' }, (team.items || []).map((u) =>
      h('option', { value: `u${u.id}` }, [u.display_name, u.profession_label].filter(Boolean).join(', ')))),
    h('optgroup', { label: 'Structures partenaires' }, (orgs.items || []).filter((o) => !o.archived)
      .map((o) => h('option', { value: `o${o.id}` }, o.name))));
  const kind = select([{ value: '', label: 'Choisir…' },
    ...KINDS.map(([value, text]) => ({ value, label: kindLabel(value) || text }))], '', { name: 'kind' });
  const date = h('input', { type: 'date', name: 'date', value: today() });
  const time = h('input', { type: 'time', name: 'time', value: '09:00' });
  const duration = h('input', { type: 'number', name: 'duration_min', min: '5', max: '1440',
    step: '5', value: '30', inputmode: 'numeric' });
  const repeat = select(REPEATS.map(([value, text]) => ({ value, label: text })), 'WEEKLY',
    { name: 'repeat' });
  const dayBoxes = DAYS.map(([code, text]) => checkField(text, { name: 'byday', value: code }));
  const daysSet = h('fieldset', { class: 'choices choices-inline' },
    h('legend', null, 'Jours de passage'), dayBoxes.map((c) => c.wrap));
  const until = h('input', { type: 'date', name: 'until_on' });
  const policy = select(POLICIES.map(([value, text]) => ({ value,
    label: metaLabel('holiday_policies', value) || text })), 'keep', { name: 'holiday_policy' });
  const critical = checkField('Visite critique (insuline, transferts, coucher…)', { name: 'critical' });
  const grace = h('input', { type: 'number', name: 'grace_min', min: '0', max: '240',
    value: '15', inputmode: 'numeric' });
  const note = textArea('note', { rows: '2', maxlength: '1000' });
  fields.who = formField('Qui intervient', who, { required: true });
  fields.user_id = fields.who;
  fields.org_id = fields.who;
  fields.kind = formField('Type de visite', kind, { required: true });
  fields.starts_local = formField('Premier jour', date, { required: true });
  fields.time = formField('Heure', time, { required: true });
  fields.duration_min = formField('Durée (minutes)', duration, { required: true,
    hint: 'Un passage de nuit de 20 h à 8 h dure 720 minutes.' });
  fields.rrule = formField('Répétition', repeat);
  fields.until_on = formField('Jusqu\'au (facultatif)', until);
  fields.holiday_policy = formField('Les jours fériés', policy);
  fields.grace_min = formField('Marge avant « à pointer » (minutes)', grace);
  fields.note = formField('Consignes (facultatif)', note);
  const syncDays = () => {
    daysSet.hidden = !['WEEKLY', 'BIWEEKLY'].includes(repeat.value);
  };
  repeat.addEventListener('change', syncDays);
  syncDays();
  const btn = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Enregistrer la visite');
  const form = h('form', { class: 'card form-card', novalidate: true },
    fields.kind.wrap, fields.who.wrap,
    h('div', { class: 'form-row' }, fields.starts_local.wrap, fields.time.wrap, fields.duration_min.wrap),
    fields.rrule.wrap, daysSet, fields.until_on.wrap, fields.holiday_policy.wrap,
    critical.wrap, fields.grace_min.wrap, fields.note.wrap, btn);
  ctx.main.appendChild(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(fields, alert);
    const missing = [];
    if (!kind.value) missing.push([fields.kind, 'Choisissez le type de visite.']);
    if (!who.value) missing.push([fields.who, 'Choisissez qui intervient.']);
    if (!date.value) missing.push([fields.starts_local, 'Indiquez le premier jour.']);
    if (!time.value) missing.push([fields.time, 'Indiquez l\'heure.']);
    const days = dayBoxes.filter((c) => c.input.checked).map((c) => c.input.value);
    if (missing.length) {
      for (const [f, m] of missing) f.setError(m);
      missing[0][0].input.focus();
      return;
    }
    let rrule = null;
    if (repeat.value === 'DAILY') rrule = 'FREQ=DAILY';
    else if (repeat.value === 'MONTHLY') rrule = 'FREQ=MONTHLY';
    else if (repeat.value) {
      rrule = `FREQ=WEEKLY${repeat.value === 'BIWEEKLY' ? ';INTERVAL=2' : ''}`
        + (days.length ? `;BYDAY=${days.join(',')}` : '');
    }
    const body = {
      person_id: pid, kind: kind.value, starts_local: `${date.value}T${time.value}`,
      duration_min: Number(duration.value), rrule, holiday_policy: policy.value,
      critical: critical.input.checked, grace_min: Number(grace.value || 15),
      until_on: until.value || null, note: note.value.trim() || null,
    };
    if (who.value.startsWith('u')) body.user_id = Number(who.value.slice(1));
    else body.org_id = Number(who.value.slice(1));
    btn.disabled = true;
    try {
      await api('POST', '/api/v1/visits', body);
    } catch (e) {
      btn.disabled = false;
      showFormError(e, fields, alert);
      return;
    }
    state.flash = { id: pid, page: 'personne', message: `Visite enregistrée : ${kindLabel(kind.value)}, `
      + `${repeat.options[repeat.selectedIndex].text.toLowerCase()}, à ${frTime(time.value)}.` };
    location.hash = `#/personnes/${pid}`;
  });
}

// ---- The printed round: visiting order, address, phone, access notes
// and the DLU's vigilance points.

async function pageRound(ctx, r) {
  const day = validYmd(r.params.get('jour')) ? r.params.get('jour') : today();
  const qui = /^\d+$/.test(r.params.get('qui') || '') ? Number(r.params.get('qui')) : state.user.id;
  const title = `Tournée du ${frDay(day)}`;
  const alert = alertBox();
  const list = h('ol', { class: 'round-list' });
  const print = h('button', { type: 'button', class: 'btn btn-primary no-print' }, 'Imprimer');
  print.addEventListener('click', () => window.print());
  append(ctx.main, [h('h1', null, title), alert,
    h('p', { class: 'part-actions no-print' }, print,
      h('a', { class: 'btn', href: `#/planning?jour=${day}${qui !== state.user.id ? `&qui=${qui}` : ''}` },
        'Retour au planning')), list]);
  focusTitle(ctx.main, title);
  // Issue 12: the round follows the plan (a visit added, moved, marked).
  if (!ctx.liveRound) {
    ctx.liveRound = true;
    liveRefresh(ctx, { types: VISIT_EVENTS }, ctx.main, () => {
      clear(ctx.main);
      pageRound(ctx, r);
    });
  }
  let items;
  try {
    items = (await api('GET', `/api/v1/visits?user_id=${qui}&from=${day}&to=${day}`, undefined, ctx))
      .items || [];
  } catch (e) {
    if (ctx.alive()) setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  items = items.filter((v) => v.state !== 'suspended')
    .sort((a, b) => a.planned_start.localeCompare(b.planned_start));
  if (!items.length) {
    list.replaceWith(h('p', { class: 'muted' }, 'Aucune visite ce jour-là.'));
    return;
  }
  const ids = [...new Set(items.map((v) => v.person && v.person.id).filter(Boolean))];
  const dlus = new Map(await Promise.all(ids.map((id) => api('GET', `/api/v1/persons/${id}/dlu`,
    undefined, ctx).then((d) => [id, d], () => [id, null]))));
  if (!ctx.alive()) return;
  for (const v of items) {
    const d = dlus.get(v.person && v.person.id);
    const pp = (d && d.person) || v.person || {};
    const t = (d && d.dlu) || {};
    const commune = pp.commune && (pp.commune.name || pp.commune);
    list.appendChild(h('li', { class: 'round-item card' },
      h('h2', null, `${hhmm(v.planned_start)} – ${hhmm(v.planned_end)} · ${personName(pp)}`),
      h('p', null, kindOf(v), v.critical ? [' ', h('span', { class: 'badge badge-urgent' }, 'Critique')] : null),
      h('p', null, [pp.address, commune].filter(Boolean).join(', ') || 'Adresse non renseignée'),
      pp.phone || (v.person && v.person.phone) ? h('p', null, 'Téléphone : ', telLink(pp.phone || v.person.phone)) : null,
      t.home_access ? h('p', null, h('strong', null, 'Accès : '), t.home_access) : null,
      vigilance(t)));
  }
}

function vigilance(t) {
  const rows = [['Allergies', t.allergies], ['Appareillages', t.devices], ['Mobilité', t.mobility]]
    .filter(([, x]) => x);
  if (!rows.length) return null;
  return h('ul', { class: 'plain-list round-vigilance', 'aria-label': 'Points de vigilance du DLU' },
    rows.map(([k, x]) => h('li', null, h('strong', null, `${k} : `), x)));
}

// ---- The QR pointage

// The QR code drawn as SVG from the server's modules (no markup from the
// server: rectangles built here).
function qrSvg(size, modules, labelText) {
  const NS = 'http://www.w3.org/2000/svg';
  const q = 4; // quiet zone
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size + 2 * q} ${size + 2 * q}`);
  svg.setAttribute('width', '150');
  svg.setAttribute('height', '150');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', labelText);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const bg = document.createElementNS(NS, 'rect');
  bg.setAttribute('width', String(size + 2 * q));
  bg.setAttribute('height', String(size + 2 * q));
  bg.setAttribute('fill', '#fff');
  svg.appendChild(bg);
  let d = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (modules[y * size + x] === '1') d += `M${x + q} ${y + q}h1v1h-1z`;
    }
  }
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.appendChild(path);
  return svg;
}

export async function fillVisitQr(ctx, personId, box, renew = false) {
  let r;
  try {
    r = await api('POST', `/api/v1/persons/${personId}/visit-qr`,
      { origin: location.origin, renew }, renew ? undefined : ctx);
  } catch (e) {
    if (ctx.alive() && e.status === 403) box.remove();
    else if (ctx.alive()) box.appendChild(h('p', { class: 'muted' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  box.replaceChildren(box.firstChild);
  const again = h('button', { type: 'button', class: 'btn btn-small no-print' }, 'Renouveler le QR code');
  again.addEventListener('click', () => {
    if (!window.confirm('Renouveler le QR code ? L\'ancien ne fonctionnera plus : '
      + 'réimprimez la fiche pour le domicile.')) return;
    again.disabled = true;
    fillVisitQr(ctx, personId, box, true);
  });
  append(box, [
    h('div', { class: 'qr-row' }, qrSvg(r.size, r.modules, 'QR code de pointage des visites'),
      h('p', null, 'Intervenants du CRT : scannez ce code avec votre téléphone à l\'arrivée '
        + 'puis au départ. La visite est pointée à votre nom.')),
    renew ? h('p', { class: 'flash no-print', role: 'status' },
      'Nouveau QR code : l\'ancien ne fonctionne plus. Imprimez cette fiche pour le domicile.') : null,
    again]);
}

async function pageScan(ctx, r) {
  const title = 'Pointage';
  const alert = alertBox();
  const body = h('div', { class: 'scan-result' }, h('p', { class: 'muted' }, 'Pointage en cours…'));
  append(ctx.main, [h('h1', null, title), alert, body,
    h('p', null, h('a', { class: 'btn', href: '#/planning' }, 'Ma tournée'))]);
  focusTitle(ctx.main, title);
  if (!can(state.user, 'visit.mark')) {
    clear(body);
    setAlert(alert, 'Votre rôle ne permet pas de pointer une visite.');
    return;
  }
  let s;
  try {
    s = await api('POST', '/api/v1/visits/scan', { token: r.token });
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  clear(body);
  const who = personName(s.person);
  const slot = `${kindLabel(s.kind)}, ${hhmm(s.planned_start)} – ${hhmm(s.planned_end)}`;
  if (s.action === 'arrival') {
    append(body, [
      h('p', { class: 'flash scan-big', role: 'status' }, `Arrivée notée à ${hhmm(s.at)}`),
      h('p', null, h('strong', null, who), ` — ${slot}.`),
      h('p', { class: 'muted' }, 'Au départ, scannez à nouveau le QR code : la visite sera pointée.')]);
  } else {
    append(body, [
      h('p', { class: 'flash scan-big', role: 'status' },
        `Visite faite : arrivée ${hhmm(s.arrived_at)}, départ ${hhmm(s.at)}`),
      h('p', null, h('strong', null, who), ` — ${slot}, pointée avec le QR code.`)]);
  }
}

// ---- The round in the phone's calendar (iCalendar feed, secret address)

function feedCard(ctx) {
  const id = uid('agenda');
  const body = h('div');
  const alert = alertBox();
  const card = h('section', { class: 'card feed-card', 'aria-labelledby': id },
    h('h2', { id }, 'Ma tournée dans l\'agenda du téléphone'),
    h('p', { class: 'muted' }, 'Une adresse secrète que l\'agenda du téléphone consulte : les '
      + 'horaires, les initiales et la commune de chaque visite, rien de plus.'),
    alert, body);
  const show = (f) => {
    body.replaceChildren();
    if (f.path) {
      const url = `${location.origin}${f.path}`;
      const input = h('input', { type: 'text', readonly: true, value: url, class: 'feed-url' });
      const copy = h('button', { type: 'button', class: 'btn btn-small' }, 'Copier l\'adresse');
      copy.addEventListener('click', async () => {
        input.select();
        try {
          await navigator.clipboard.writeText(url);
          copy.textContent = 'Adresse copiée';
        } catch {
          copy.textContent = 'Copiez l\'adresse sélectionnée';
        }
      });
      append(body, [formField('Adresse de l\'agenda (montrée une seule fois)', input).wrap,
        h('p', { class: 'part-actions' }, copy,
          h('a', { class: 'btn btn-small', href: url.replace(/^https?:/, 'webcal:') },
            'Ouvrir dans l\'agenda'))]);
    } else if (f.active) {
      body.appendChild(h('p', null, `Adresse créée le ${f.created_at ? new Date(f.created_at)
        .toLocaleDateString('fr-FR') : ''}. Pour l'afficher à nouveau, créez-en une nouvelle `
        + '(l\'ancienne cesse de fonctionner).'));
    }
    const make = h('button', { type: 'button', class: 'btn btn-small' },
      f.active ? 'Nouvelle adresse' : 'Créer l\'adresse de mon agenda');
    make.addEventListener('click', async () => {
      make.disabled = true;
      try {
        show(await api('POST', '/api/v1/me/feed', { replace: Boolean(f.active) }));
      } catch (e) {
        make.disabled = false;
        setAlert(alert, e.message);
      }
    });
    const actions = h('p', { class: 'part-actions' }, make);
    if (f.active) {
      const stop = h('button', { type: 'button', class: 'btn btn-small' }, 'Révoquer l\'adresse');
      stop.addEventListener('click', async () => {
        stop.disabled = true;
        try {
          show(await api('DELETE', '/api/v1/me/feed'));
        } catch (e) {
          stop.disabled = false;
          setAlert(alert, e.message);
        }
      });
      actions.appendChild(stop);
    }
    body.appendChild(actions);
  };
  api('GET', '/api/v1/me/feed', undefined, ctx).then((f) => {
    if (ctx.alive()) show(f);
  }, (e) => {
    if (ctx.alive()) {
      if (e.status === 403) card.remove();
      else setAlert(alert, e.message);
    }
  });
  return card;
}
