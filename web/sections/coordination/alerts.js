// Maillage — the alerts (issue 12): the list the home page's counts open
// (#/alertes?etat=active|open|acked|closed&type=KIND&moi=1), each alert
// with its person, what happened, who raised it and when, and its two
// steps on screen: « Prendre en compte », then « Clore » with the action
// taken.
//
// Owns: #/alertes (GET /api/v1/alerts, POST /api/v1/alerts/{id}/ack and
// /close).
// Must not: decide any right (the server decides who sees which alert and
// who may handle it; its French refusal is shown where it applies).
//
// Imports web/core/ only; registered by sections/coordination/index.js.
import { api } from '../../core/api.js';
import { append, clear, h, uid } from '../../core/dom.js';
import { frDateTime, personName } from '../../core/format.js';
import { alertBox, formField, select, setAlert, statusMessage, textArea } from '../../core/forms.js';
import { liveRefresh } from '../../core/live.js';
import { can } from '../../core/perm.js';
import { focusTitle } from '../../core/router.js';
import { state } from '../../core/session.js';
import { loadPart } from '../../core/widgets.js';

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
];
const SEVERITY = {
  faible: ['badge', 'Faible'], moyenne: ['badge badge-info', 'Moyenne'],
  haute: ['badge badge-warn', 'Haute'], critique: ['badge badge-urgent', 'Critique'],
};
const STATE_LABEL = { open: 'Ouverte', acked: 'Prise en compte', closed: 'Close' };

export const alertPages = {
  alertes: (ctx, r) => pageAlerts(ctx, r.params),
};

function hashOf(etat, type, moi) {
  const q = new URLSearchParams();
  if (etat !== null) q.set('etat', etat);
  if (type) q.set('type', type);
  if (moi) q.set('moi', '1');
  return `#/alertes?${q}`;
}

async function pageAlerts(ctx, params) {
  const etat = params.has('etat') ? params.get('etat') : 'active';
  const type = params.get('type') || '';
  const moi = params.get('moi') === '1';
  const title = h('h1', null, moi ? 'Mes alertes' : 'Alertes');
  const stateSel = select(STATES.map(([value, label]) => ({ value, label })), etat,
    { name: 'etat', id: uid('etat') });
  const kindSel = select(KINDS.map(([value, label]) => ({ value, label })), type,
    { name: 'type', id: uid('type') });
  const mine = h('input', { type: 'checkbox', name: 'moi', id: uid('moi') });
  mine.checked = moi;
  const go = () => { location.hash = hashOf(stateSel.value, kindSel.value, mine.checked); };
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
  const fill = async () => {
    let data;
    try {
      data = await api('GET', `/api/v1/alerts?${q}`, undefined, ctx);
    } catch (e) {
      if (!ctx.alive()) return;
      status.textContent = e.message;
      return;
    }
    if (!ctx.alive()) return;
    const n = data.items.length;
    status.textContent = n === 0 ? 'Aucune alerte.' : `${n} alerte${n > 1 ? 's' : ''}.`;
    list.replaceChildren(...data.items.map((a) => alertItem(ctx, a)));
  };
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
    a.route === 'oncall' ? ' (hors heures ouvrées : pour l\'astreinte, lue par la coordination)' : ''));
  if (a.acked_at)
    parts.push(h('p', { class: 'muted' },
      `Prise en compte le ${frDateTime(a.acked_at, true)} par ${a.acked_by_name}`));
  if (a.closed_at)
    parts.push(h('p', { class: 'muted' },
      `Close le ${frDateTime(a.closed_at, true)} par ${a.closed_by_name || 'Maillage'} : `,
      a.close_action || ''));
  const msg = alertBox();
  if (a.state === 'open' && can(state.user, 'alert.handle')) {
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
  } else if (a.state === 'acked' && can(state.user, 'alert.handle')) {
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

// ---- The record's « Alertes » part (issue 12 review: no screen raised an
// alert). The person's alerts not closed, each handled in place as on
// #/alertes, and « Signaler une alerte » (kind, severity, what happened)
// for the roles that raise (care staff, partners, the coordination).
const USER_KINDS = KINDS.filter(([k]) => ['chute', 'denutrition', 'declin_cognitif',
  'epuisement_aidant', 'autre'].includes(k));

export async function loadAlertsPart(ctx, p, section) {
  const box = section.querySelector('.part-body');
  // Removed on a 403, the refusal said otherwise (core/widgets.js).
  const data = await loadPart(ctx, section, `/api/v1/alerts?person_id=${p.id}&state=active`);
  if (!data) return;
  clear(box);
  const items = data.items || [];
  box.appendChild(items.length
    ? h('ul', { class: 'plain-list alert-list' }, items.map((a) => alertItem(ctx, a)))
    : h('p', { class: 'muted' }, 'Aucune alerte en cours.'));
  if (can(state.user, 'alert.raise')) box.appendChild(raiseForm(ctx, p, section));
}

export function liveAlertsPart(ctx, p, section) {
  liveRefresh(ctx, { types: ['alert.changed'], person: p.id }, section, () => loadAlertsPart(ctx, p, section));
}

function raiseForm(ctx, p, section) {
  const kind = select(USER_KINDS.map(([value, label]) => ({ value, label })), 'chute', { name: 'kind' });
  const sev = select(Object.entries(SEVERITY).map(([value, [, label]]) => ({ value, label })), 'moyenne',
    { name: 'severity' });
  const detail = textArea('detail', { maxlength: '1000', rows: '3' });
  const msg = alertBox();
  const form = h('form', { class: 'alert-raise', novalidate: 'novalidate' },
    formField('Type', kind).wrap, formField('Gravité', sev).wrap,
    formField('Ce qui s\'est passé', detail, { required: true }).wrap, msg,
    h('p', { class: 'part-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Signaler')));
  const details = h('details', { class: 'alert-raise-box' }, h('summary', null, 'Signaler une alerte'), form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = detail.value.trim();
    if (!text) {
      setAlert(msg, 'Dites ce qui s\'est passé.');
      detail.focus();
      return;
    }
    try {
      await api('POST', `/api/v1/persons/${p.id}/alerts`, { kind: kind.value, severity: sev.value, detail: text },
        ctx);
      if (!ctx.alive()) return;
      await loadAlertsPart(ctx, p, section);
      const ok = statusMessage('Alerte signalée : la coordination la voit.');
      section.querySelector('.part-body').prepend(ok);
      ok.focus();
    } catch (e) {
      setAlert(msg, e.message);
    }
  });
  return details;
}
