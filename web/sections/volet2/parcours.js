// Maillage — the « Parcours volet 2 » part of a person's record (the
// timeline, the supports, the open referrals), and the few labels it
// shares with the support pages (support.js imports them from here).
//
// Owns nothing else: kept apart from support.js (≈100 KB) so that opening
// a record downloads only this (issue 10 §12). Imports only web/core/;
// registered by sections/volet2/index.js.

import { api } from '../../core/api.js';
import { ensureMeta, metaLabel } from '../../core/codes.js';
import { clear, h, uid } from '../../core/dom.js';
import { frDate, frDateTime } from '../../core/format.js';
import { can } from '../../core/perm.js';
import { state } from '../../core/session.js';
import { partGet } from '../../core/record.js';
import { loadPart } from '../../core/widgets.js';

// Referral statuses still in progress (before the committee's decision).
const OPEN_REFERRALS = new Set(['recu', 'oriente_dac', 'liste_attente', 'evaluation']);

// The six exit reasons (DOMAIN §3), used only if /api/v1/meta did not load.
const EXIT_REASONS = [
  ['hospitalisation_longue', 'Hospitalisation de plus de 3 mois'],
  ['souhait_personne', 'Souhait de la personne ou de son représentant légal'],
  ['entree_ehpad_usld', 'Entrée en EHPAD ou en USLD'],
  ['criteres_non_remplis', 'Ne remplit plus les critères'],
  ['absence_plus_value', 'L\'accompagnement n\'apporte plus de plus-value'],
  ['deces', 'Décès'],
];

function labelOf(list, code, fallback) {
  const l = state.meta && state.meta[list];
  if (l && l.find((x) => x.code === code)) return metaLabel(list, code);
  const f = (fallback || []).find(([c]) => c === code);
  return f ? f[1] : code;
}

function statusBadgeSupport(status) {
  const cls = { preparation: 'badge-info', active: 'state-on', sortie: 'state-off',
    renonce: 'state-off' }[status]
    || 'badge-info';
  return h('span', { class: `badge ${cls}` }, metaLabel('support_statuses', status));
}

// ---------------------------------------------------------------------
// Person record: « Parcours volet 2 » (timeline and supports). The
// section is removed when the server refuses it (403).

async function loadParcours(ctx, p, section) {
  const data = await loadPart(ctx, section, `/api/v1/persons/${p.id}/timeline`);
  if (!data) return;
  // The supports, and the person's open referrals for the roles that
  // handle referrals: asked together (one round trip, not two).
  // (Both usually came with the record: GET /persons/{id}/record.)
  const [supports, open] = await Promise.all([
    partGet(ctx, `/api/v1/persons/${p.id}/supports`)
      .then((r) => r.items || [], () => []),  // the timeline still tells the episodes
    can(state.user, 'support.read')
      ? partGet(ctx, `/api/v1/referrals?person_id=${p.id}`)
        .then((r) => (r.items || []).filter((x) => OPEN_REFERRALS.has(x.status)), () => [])
      : [],
  ]);
  if (!ctx.alive()) return;
  await ensureMeta().catch(() => null);
  if (!ctx.alive()) return;
  const box = section.querySelector('.part-body');
  clear(box);
  const items = data.items || [];
  if (can(state.user, 'committee.prepare')) {
    box.appendChild(h('p', { class: 'part-actions' }, h('a', {
      href: `#/demandes/nouvelle?personne=${p.id}`, class: 'btn' }, 'Nouvelle demande')));
  }
  if (open.length) {
    const rid = uid('demandes');
    box.appendChild(h('h3', { id: rid }, 'Demandes en cours'));
    box.appendChild(h('ul', { class: 'plain-list', 'aria-labelledby': rid }, open.map((r) =>
      h('li', { 'data-referral-id': r.id },
        h('a', { href: `#/demandes/${r.id}`, class: 'item-title' },
          `Demande reçue le ${frDate(r.received_on)}`), ' ',
        h('span', { class: 'badge' }, metaLabel('referral_statuses', r.status))))));
  }
  if (!items.length && !supports.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Aucun épisode du volet 2 pour cette personne.'));
    return;
  }
  if (supports.length) {
    const sid = uid('accompagnements');
    box.appendChild(h('h3', { id: sid }, 'Accompagnements'));
    box.appendChild(h('ul', { class: 'plain-list', 'aria-labelledby': sid }, supports.map((s) =>
      h('li', { 'data-support-id': s.id },
        h('span', null, h('a', { href: `#/accompagnements/${s.id}`, class: 'item-title' },
          `Accompagnement admis le ${frDate(s.decided_on)}`), ' ', statusBadgeSupport(s.status)),
        h('span', { class: 'item-meta' }, [
          s.started_on ? `début le ${frDate(s.started_on)}` : 'pas encore commencé',
          s.exit ? `sortie le ${frDate(s.exit.on)} (${labelOf('exit_reasons', s.exit.reason,
            EXIT_REASONS)})` : '',
          s.withdrawal ? `renonciation avant signature le ${frDate(s.withdrawal.on)}` : '',
          s.plan ? `plan version ${s.plan.version}` : '',
        ].filter(Boolean).join(' · '))))));
  }
  if (items.length) {
    const tid = uid('chronologie');
    box.appendChild(h('h3', { id: tid }, 'Chronologie'));
    box.appendChild(h('ol', { class: 'timeline', 'aria-labelledby': tid }, items.map((x) =>
      h('li', { class: `tl-${String(x.kind).replace(/[^a-z]/g, '-')}`, 'data-kind': x.kind },
        // An alert's steps are instants of one day or a few: their time
        // too (issue 12 review F24).
        h('span', { class: 'tl-date' }, x.at && String(x.kind).startsWith('alert.')
          ? frDateTime(x.at, true) : frDate(x.on)),
        h('span', { class: 'tl-label' }, x.support_id && linksToSupport(x)
          ? h('a', { href: `#/accompagnements/${x.support_id}` }, x.label) : x.label)))));
  }
}

// Timeline events of a support link to its page.
function linksToSupport(x) {
  return String(x.kind).startsWith('support.');
}

export { EXIT_REASONS, labelOf, loadParcours, statusBadgeSupport };
