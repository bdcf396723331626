// Maillage — the alerts (issue 12): the list the home page's counts open
// (#/alertes?etat=active|open|acked|closed&type=KIND&moi=1&personne=ID), each alert
// with its person, what happened, who raised it and when, and its two
// steps on screen: « Prendre en compte », then « Clore » with the action
// taken.
//
// Owns: #/alertes (GET /api/v1/alerts, a page at a time with its total,
// POST /api/v1/alerts/{id}/ack and /close), and raising an alert
// (POST /api/v1/persons/{id}/alerts: alertForm, used by the record's
// « Signaler » part and the visit card of the round).
// Must not: decide any right (the server decides who sees which alert and
// who may handle it; its French refusal is shown where it applies).
//
// Imports web/core/ only; registered by sections/coordination/index.js.
import { api } from '../../core/api.js';
import { append, h, uid } from '../../core/dom.js';
import { frDateTime, personName } from '../../core/format.js';
import { alertBox, clearFormErrors, formField, select, setAlert, showFormError, textArea }
  from '../../core/forms.js';
import { liveRefresh } from '../../core/live.js';
import { can } from '../../core/perm.js';
import { focusTitle } from '../../core/router.js';
import { state } from '../../core/session.js';

const STATES = [
  ['active', 'À traiter (non closes)'], ['open', 'Ouvertes'],
  ['acked', 'Prises en compte'], ['closed', 'Closes'], ['', 'Toutes'],
];
const KINDS = [
  ['', 'Tous les types'], ['chute', 'Chute'], ['denutrition', 'Dénutrition'],
  ['declin_cognitif', 'Déclin cognitif'], ['epuisement_aidant', 'Épuisement de l\'aidant'],
  ['autre', 'Autre'], ['visit_a_pointer', 'Visite non pointée'],
  ['dlu_review', 'DLU absent ou à revoir'], ['plan_review', 'Action du plan à revoir'],
  ['aggir_old', 'Évaluation AGGIR à refaire'], ['exit_proposed', 'Sortie à proposer'],
  ['feedback_owed', 'Retour dû à l\'orienteur'], ['convention_review', 'Convention à revoir'],
  ['breakglass_review', 'Accès d\'urgence à revoir'],
  ['vigilance_unacked', 'Note « à prendre en compte » non confirmée'],
  ['operator_silent', 'Téléassistance sans signal'],
  ['oncall_gap', 'Trou dans l\'astreinte'],
];
const SEVERITY = {
  faible: ['badge', 'Faible'], moyenne: ['badge badge-info', 'Moyenne'],
  haute: ['badge badge-warn', 'Haute'], critique: ['badge badge-urgent', 'Critique'],
};
const STATE_LABEL = { open: 'Ouverte', acked: 'Prise en compte', closed: 'Close' };
// The kinds a user raises, and the severities (the server's codes).
const USER_KINDS = [
  ['chute', 'Chute'], ['denutrition', 'Dénutrition'], ['declin_cognitif', 'Déclin cognitif'],
  ['epuisement_aidant', 'Épuisement de l\'aidant'], ['autre', 'Autre'],
];
const SEVERITIES = [['faible', 'Faible'], ['moyenne', 'Moyenne'], ['haute', 'Haute'],
  ['critique', 'Critique']];
const PAGE = 100;

export const alertPages = {
  alertes: (ctx, r) => pageAlerts(ctx, r.params),
};

function hashOf(etat, type, moi, personne) {
  const q = new URLSearchParams();
  if (personne) q.set('personne', personne);
  if (etat !== null) q.set('etat', etat);
  if (type) q.set('type', type);
  if (moi) q.set('moi', '1');
  return `#/alertes?${q}`;
}

async function pageAlerts(ctx, params) {
  const etat = params.has('etat') ? params.get('etat') : 'active';
  const type = params.get('type') || '';
  const moi = params.get('moi') === '1';
  const personne = /^[1-9][0-9]*$/.test(params.get('personne') || '') ? params.get('personne') : '';
  const title = h('h1', null, moi ? 'Mes alertes' : 'Alertes');
  const stateSel = select(STATES.map(([value, label]) => ({ value, label })), etat,
    { name: 'etat', id: uid('etat') });
  const kindSel = select(KINDS.map(([value, label]) => ({ value, label })), type,
    { name: 'type', id: uid('type') });
  const mine = h('input', { type: 'checkbox', name: 'moi', id: uid('moi') });
  mine.checked = moi;
  const go = () => { location.hash = hashOf(stateSel.value, kindSel.value, mine.checked, personne); };
  stateSel.addEventListener('change', go);
  kindSel.addEventListener('change', go);
  mine.addEventListener('change', go);
  const filters = h('div', { class: 'filters alert-filters' },
    formField('État', stateSel).wrap, formField('Type', kindSel).wrap,
    h('div', { class: 'field field-check' }, mine,
      h('label', { for: mine.id }, 'Seulement mes alertes')));
  const list = h('ul', { class: 'plain-list alert-list', 'aria-live': 'polite' });
  const status = h('p', { class: 'muted', role: 'status' }, 'Chargement des alertes…');
  append(ctx.main, [title, filters, status, list]);
  focusTitle(ctx.main, moi ? 'Mes alertes' : 'Alertes');
  const q = new URLSearchParams();
  if (etat) q.set('state', etat);
  if (type) q.set('kind', type);
  if (moi) q.set('mine', '1');
  if (personne) q.set('person_id', personne);
  q.set('limit', String(PAGE));
  // A page at a time (the server pages after access and « mine »):
  // « Afficher les suivantes » adds the next one; a live redraw asks
  // again as many rows as are shown.
  const more = h('button', { type: 'button', class: 'btn', hidden: true }, 'Afficher les suivantes');
  let shown = 0;
  const get = async (offset, limit) => {
    const qq = new URLSearchParams(q);
    qq.set('offset', String(offset));
    qq.set('limit', String(limit));
    return api('GET', `/api/v1/alerts?${qq}`, undefined, ctx);
  };
  const show = (data, add) => {
    const rows = data.items.map((a) => alertItem(ctx, a));
    if (add) list.append(...rows);
    else list.replaceChildren(...rows);
    shown = list.children.length;
    const t = data.total;
    status.textContent = t === 0 ? 'Aucune alerte.'
      : `${t} alerte${t > 1 ? 's' : ''}${shown < t ? ` (${shown} affichées)` : ''}.`;
    more.hidden = shown >= t;
  };
  const fill = async () => {
    let data;
    try {
      data = await get(0, Math.min(200, Math.max(PAGE, shown)));
    } catch (e) {
      if (!ctx.alive()) return;
      status.textContent = e.message;
      return;
    }
    if (!ctx.alive()) return;
    show(data, false);
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const data = await get(shown, PAGE);
      if (ctx.alive()) show(data, true);
    } catch (e) {
      status.textContent = e.message;
    } finally {
      more.disabled = false;
    }
  });
  ctx.main.appendChild(h('p', null, more));
  await fill();
  // Issue 12: an alert raised (by a user or by Maillage), acknowledged or
  // closed elsewhere redraws the list without reload; not while the user
  // is at work in it (an action being typed: core/live.js waits).
  liveRefresh(ctx, { types: ['alert.changed'] }, list, fill);
}

function alertItem(ctx, a) {
  const li = h('li', { class: 'card alert-item', 'data-alert': String(a.id) });
  fillItem(ctx, li, a);
  return li;
}

function fillItem(ctx, li, a) {
  const [cls, sev] = SEVERITY[a.severity] || ['badge', a.severity];
  const who = a.person_id
    ? h('a', { href: `#/personnes/${a.person_id}` },
      personName({ birth_name_display: a.birth_name_display, first_names_display: a.first_names_display }))
    : h('span', null, 'Le CRT');
  const titleId = uid('alerte');
  const parts = [
    h('h2', { class: 'alert-title', id: titleId }, a.kind_label, ' — ', who),
    h('p', { class: 'badge-row' }, h('span', { class: cls }, sev), ' ',
      h('span', { class: a.state === 'closed' ? 'badge state-on' : 'badge' }, STATE_LABEL[a.state])),
  ];
  if (a.detail) parts.push(h('p', { class: 'alert-detail' }, a.detail));
  parts.push(h('p', { class: 'muted' },
    `Levée le ${frDateTime(a.raised_at, true)} par ${a.raised_by_name || 'Maillage'}`,
    a.route === 'oncall' ? ' (hors heures ouvrées : pour la personne d\'astreinte et la coordination)' : ''));
  if (a.acked_at)
    parts.push(h('p', { class: 'muted' },
      `Prise en compte le ${frDateTime(a.acked_at, true)} par ${a.acked_by_name}`));
  if (a.closed_at)
    parts.push(h('p', { class: 'muted' },
      `Close le ${frDateTime(a.closed_at, true)} par ${a.closed_by_name || 'Maillage'} : `,
      a.close_action || ''));
  const msg = alertBox();
  // Who may handle which kind is the server's (may_ack, may_close).
  if (a.may_ack) {
    const btn = h('button', { type: 'button', class: 'btn', 'aria-describedby': titleId },
      'Prendre en compte');
    btn.addEventListener('click', async () => {
      btn.disabled = true;
      try {
        const b = await api('POST', `/api/v1/alerts/${a.id}/ack`, {}, ctx);
        if (!ctx.alive()) return;
        li.replaceChildren();
        fillItem(ctx, li, b);
        li.querySelector('textarea')?.focus();
      } catch (e) {
        btn.disabled = false;
        setAlert(msg, e.message);
      }
    });
    parts.push(h('p', null, btn));
  } else if (a.state === 'acked' && a.kind === 'vigilance_unacked' && a.person_id) {
    parts.push(h('p', { class: 'muted' }, 'Se clôt quand un autre professionnel que son auteur '
      + 'confirme la note dans le ', h('a', { href: `#/personnes/${a.person_id}` }, 'carnet de liaison'),
    ' (« J\'ai pris connaissance »).'));
  } else if (a.may_close) {
    const ta = textArea('action', { maxlength: '1000', required: 'required' });
    // Typed and not yet sent: a live redraw of the list waits.
    ta.addEventListener('input', () => ta.toggleAttribute('data-dirty', ta.value.trim() !== ''));
    const form = h('form', { class: 'alert-close', novalidate: 'novalidate' },
      formField('Action menée', ta, { required: true }).wrap,
      h('button', { type: 'submit', class: 'btn' }, 'Clore l\'alerte'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const action = ta.value.trim();
      if (!action) {
        setAlert(msg, 'Dites ce qui a été fait avant de clore l\'alerte.');
        ta.focus();
        return;
      }
      try {
        const b = await api('POST', `/api/v1/alerts/${a.id}/close`, { action }, ctx);
        if (!ctx.alive()) return;
        li.replaceChildren();
        fillItem(ctx, li, b);
        li.querySelector('h2')?.setAttribute('tabindex', '-1');
        li.querySelector('h2')?.focus();
      } catch (e) {
        setAlert(msg, e.message);
      }
    });
    parts.push(form);
  }
  parts.push(msg);
  append(li, parts);
}

// ---- Raising an alert (issue 12 review F13): the kind, the severity and
// what happened, for the roles with alert.raise, from the record and
// from the visit card. opts: personId, who (the person's name, for the
// labels), visit (a visit card's occurrence, named in the text), onDone.
export function alertForm(opts) {
  const fields = {};
  const alert = alertBox();
  const kind = select(USER_KINDS.map(([value, label]) => ({ value, label })), 'chute',
    { name: 'kind' });
  fields.kind = formField('Type d\'alerte', kind);
  const sev = select(SEVERITIES.map(([value, label]) => ({ value, label })), 'haute',
    { name: 'severity' });
  fields.severity = formField('Gravité', sev);
  const detail = textArea('detail', { rows: '3', maxlength: '1000' });
  fields.detail = formField('Ce qui s\'est passé', detail, { required: true, wide: true });
  detail.addEventListener('input', () => form.toggleAttribute('data-dirty', detail.value.trim() !== ''));
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Lever l\'alerte');
  const form = h('form', { class: 'alert-raise', novalidate: '' },
    fields.kind.wrap, fields.severity.wrap, fields.detail.wrap,
    h('p', { class: 'part-actions' }, save), alert);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(fields, alert);
    const text = detail.value.trim();
    if (!text) {
      setAlert(alert, 'Décrivez ce qui s\'est passé avant de lever l\'alerte.');
      detail.focus();
      return;
    }
    save.disabled = true;
    try {
      const a = await api('POST', `/api/v1/persons/${opts.personId}/alerts`,
        { kind: kind.value, severity: sev.value, detail: text });
      form.reset();
      form.removeAttribute('data-dirty');
      setAlert(alert, `Alerte « ${a.kind_label} » levée : la coordination est prévenue.`);
      if (opts.onDone) opts.onDone(a);
    } catch (e) {
      showFormError(e, fields, alert);
    } finally {
      save.disabled = false;
    }
  });
  return { form, focus: () => detail.focus() };
}

// The record's part « Signaler » (index.js): « Lever une alerte »
// unfolds the form; the person's open alerts are linked.
export function loadRaisePart(ctx, p, section) {
  const box = section.querySelector('.part-body');
  const holder = h('div', { id: uid('lever'), hidden: true });
  const btn = h('button', { type: 'button', class: 'btn', 'aria-expanded': 'false',
    'aria-controls': holder.id }, 'Lever une alerte');
  let f = null;
  btn.addEventListener('click', () => {
    const open = holder.hidden;
    if (open && !f) {
      f = alertForm({ personId: p.id });
      holder.appendChild(f.form);
    }
    holder.hidden = !open;
    btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) f.focus();
  });
  box.replaceChildren(
    h('p', { class: 'muted' }, 'Chute, dénutrition, déclin cognitif, épuisement de l\'aidant… : '
      + 'la coordination (ou l\'astreinte) est prévenue.'),
    h('p', { class: 'part-actions' }, btn,
      can(state.user, 'alert.read')
        ? [' ', h('a', { href: `#/alertes?etat=active&personne=${p.id}` }, 'Ses alertes')] : null),
    holder);
}
