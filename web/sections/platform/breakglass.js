// Maillage — the morning report of emergency accesses (bris de glace),
// PRODUCT §1: who opened which record, why, until when, and the renewals
// (the same person opening the same record again while or shortly after a
// previous grant), flagged per user × person for the coordination.
//
// Owns: the « Accès d'urgence » page (#/acces-urgence), for the direction
// and the coordination (GET /api/v1/breakglass). Must not: decide any
// right; the server counts the renewals and refuses other roles.
//
// Imports only web/core/; registered by sections/platform/index.js.

import { api } from '../../core/api.js';
import { append, clear, h, uid } from '../../core/dom.js';
import { frDateTime, personName } from '../../core/format.js';
import { alertBox, setAlert } from '../../core/forms.js';
import { focusTitle, pageMessage } from '../../core/router.js';
import { state } from '../../core/session.js';
import { can } from '../../core/perm.js';

const ROLE_LABELS = { coordinateur: 'Coordination', medecin: 'Médecin', soignant: 'Soignant(e)',
  intervenant: 'Intervenant(e)' };


// 'YYYY-MM-DD' n days before today (local), the report's default start.
function daysAgo(n) {
  const d = new Date(Date.now() - n * 86400e3);
  const pad = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function sectionCard(title, ...content) {
  const id = uid('bg');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), content);
}

function who(x) {
  return `${x.name || x.login} (${ROLE_LABELS[x.role] || x.role})`;
}

function renewalsView(box, pairs) {
  if (!pairs.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Aucun renouvellement sur la période.'));
    return;
  }
  const ul = h('ul', { class: 'list breakglass-renewals' });
  for (const x of pairs) {
    ul.appendChild(h('li', { 'data-user-id': x.user_id, 'data-person-id': x.person_id },
      h('span', { class: 'badge badge-warn' }, `${x.renewals} renouvellement${x.renewals > 1 ? 's' : ''}`),
      ' ',
      h('a', { href: `#/personnes/${x.person_id}`, class: 'item-title' }, personName(x)),
      h('span', { class: 'item-meta' }, ` — par ${who(x)} : ${x.grants} accès d'urgence, `
        + `le dernier le ${frDateTime(x.last_opened_at, true)}`)));
  }
  box.appendChild(ul);
}

function grantsView(box, items) {
  if (!items.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Aucun accès d\'urgence sur la période.'));
    return;
  }
  const tbody = h('tbody');
  for (const it of items) {
    tbody.appendChild(h('tr', { 'data-breakglass-id': it.id },
      h('td', { 'data-label': 'Ouvert le' }, frDateTime(it.opened_at, true)),
      h('td', { 'data-label': 'Personne' },
        h('a', { href: `#/personnes/${it.person_id}` }, personName(it))),
      h('td', { 'data-label': 'Par' }, who(it)),
      h('td', { 'data-label': 'Motif' }, it.reason),
      h('td', { 'data-label': 'Jusqu\'au' }, frDateTime(it.expires_at, true)),
      h('td', { 'data-label': 'Renouvellement' }, it.renewal
        ? h('span', { class: 'badge badge-warn' }, `Renouvellement n°${it.renewal}`)
        : 'Premier accès')));
  }
  box.appendChild(h('table', { class: 'table table-cards breakglass-report' },
    h('caption', { class: 'visually-hidden' }, 'Accès d\'urgence de la période'),
    h('thead', null, h('tr', null, ['Ouvert le', 'Personne', 'Par', 'Motif', 'Jusqu\'au',
      'Renouvellement'].map((c) => h('th', { scope: 'col' }, c)))),
    tbody));
}

async function pageReport(ctx, params) {
  if (!can(state.user, 'breakglass.report')) {
    pageMessage(ctx, 'Accès d\'urgence', 'Ce rapport est réservé à la direction et à la '
      + 'coordination.');
    return;
  }
  const since = (params && params.get('since')) || daysAgo(3);
  const input = h('input', { type: 'date', name: 'since', id: uid('since'), value: since,
    class: 'input-medium' });
  const form = h('form', { class: 'inline-form', role: 'search' },
    h('label', { for: input.id }, 'Depuis le '), input, ' ',
    h('button', { type: 'submit', class: 'btn' }, 'Afficher'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/acces-urgence?since=${encodeURIComponent(input.value)}`;
  });
  const alert = alertBox();
  const renewals = h('div');
  const grants = h('div', { class: 'results' });
  append(ctx.main, [
    h('div', { class: 'page-head' }, h('h1', null, 'Accès d\'urgence')),
    h('p', { class: 'page-sub' }, 'Les ouvertures de dossier en urgence (bris de glace), avec '
      + 'leur motif. Un renouvellement est un nouvel accès de la même personne au même dossier '
      + 'pendant un accès ou moins de 24 h après : il est signalé ici.'),
    form, alert,
    sectionCard('Renouvellements à examiner', renewals),
    sectionCard('Tous les accès de la période', grants),
  ]);
  focusTitle(ctx.main, 'Accès d\'urgence');
  let r;
  try {
    r = await api('GET', `/api/v1/breakglass?since=${encodeURIComponent(since)}`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  clear(renewals);
  clear(grants);
  renewalsView(renewals, r.renewals || []);
  grantsView(grants, r.items || []);
}

// The page registered by sections/platform/index.js, loaded on first use.
export const breakglassPages = {
  'acces-urgence': (ctx, r) => pageReport(ctx, r.params),
};
