// Maillage — the morning report of emergency accesses (bris de glace),
// PRODUCT §1: who opened which record, why, until when, and the renewals
// (the same person opening the same record again while or shortly after a
// previous grant), flagged per user × person for the coordination.
//
// Owns: the « Accès d'urgence » page (#/acces-urgence), for the direction
// and the coordination (GET /api/v1/breakglass), and the emergency search
// of the on-call roles (#/urgence, issue 10 point 5: identity and commune
// only, then the DLU or its break-the-glass form). Must not: decide any
// right; the server counts the renewals, says whether an emergency access
// would open the DLU and refuses other roles.
//
// Imports only web/core/; registered by sections/platform/index.js.

import { api } from '../../core/api.js';
import { append, clear, h, uid } from '../../core/dom.js';
import { frDate, frDateTime, personName } from '../../core/format.js';
import {
  alertBox, clearFormErrors, formField, setAlert, showFormError,
} from '../../core/forms.js';
import { focusTitle, pageMessage, render } from '../../core/router.js';
import { state } from '../../core/session.js';
import { can } from '../../core/perm.js';
import { communePicker } from '../../core/widgets.js';

const ROLE_LABELS = { coordinateur: 'Coordination', medecin: 'Médecin', soignant: 'Soignant(e)',
  intervenant: 'Intervenant(e)' };

// What an emergency search row offers: the DLU when it is readable, the
// break-the-glass form (on the DLU page) when a grant would open it, else
// the server's reason, said before any reason is typed.
function emergencyAction(p) {
  const dlu = `#/personnes/${p.id}/dlu`;
  if (p.dlu_readable) return h('a', { href: dlu, class: 'btn btn-primary' }, 'Ouvrir le DLU');
  if (p.breakglass_possible) {
    return h('a', { href: dlu, class: 'btn btn-danger' }, 'Accès d\'urgence au DLU');
  }
  return h('p', { class: 'warning-text breakglass-refusal' }, p.refusal
    || 'L\'accès d\'urgence ne peut pas ouvrir ce DLU.');
}

function emergencyResults(box, r) {
  const items = r.items || [];
  if (!items.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Aucune personne ne correspond. Vérifiez '
      + 'l\'orthographe du nom, la date de naissance ou la commune.'));
    return;
  }
  const ul = h('ul', { class: 'list emergency-results' });
  for (const p of items) {
    const born = p.birth_date ? `naissance le ${frDate(p.birth_date)}` : '';
    ul.appendChild(h('li', { 'data-person-id': p.id },
      h('span', { class: 'item-title' }, personName(p)),
      p.used_name && p.used_name !== p.birth_name
        ? h('span', { class: 'used-name' }, ` (usage : ${p.used_name})`) : null,
      h('span', { class: 'item-meta' }, ` — ${[born, p.commune ? p.commune.name : '']
        .filter(Boolean).join(', ')}`),
      h('div', { class: 'form-actions' }, emergencyAction(p))));
  }
  box.appendChild(ul);
  if (r.more) {
    box.appendChild(h('p', { class: 'notice' }, 'D\'autres personnes correspondent : '
      + 'précisez la date de naissance ou la commune.'));
  }
}

async function pageUrgence(ctx, params) {
  if (!can(state.user, 'person.breakglass')) {
    pageMessage(ctx, 'Recherche d\'urgence', 'Votre rôle ne permet pas l\'accès d\'urgence.');
    return;
  }
  const get = (k) => (params && params.get(k)) || '';
  const f = {};
  const name = h('input', { type: 'search', name: 'name', value: get('name'), maxlength: '100',
    autocomplete: 'off', spellcheck: 'false', required: true });
  f.name = formField('Nom', name, { alert: true,
    hint: 'Nom de naissance ou d\'usage, même incomplet (au moins 2 lettres).' });
  const birth = h('input', { type: 'date', name: 'birth_date', value: get('birth_date'),
    class: 'input-medium' });
  f.birth_date = formField('Date de naissance', birth, { alert: true });
  const commune = communePicker({ compact: true, initial: get('commune')
    ? { code: get('commune'), label: get('cnom') || `Code INSEE ${get('commune')}` } : null });
  f.commune = formField('Commune', commune.input, { alert: true,
    hint: 'La date de naissance ou la commune est obligatoire.', after: commune.extras });
  const alert = alertBox();
  const form = h('form', { role: 'search', class: 'search-form', novalidate: true,
    'aria-label': 'Rechercher une personne en urgence' },
  h('div', { class: 'filters-grid' }, f.name.wrap, f.birth_date.wrap, f.commune.wrap),
  h('div', { class: 'form-actions' },
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Rechercher')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    if (commune.pending()) {
      f.commune.setError('Choisissez la commune dans la liste proposée, ou videz le champ.');
      commune.input.focus();
      return;
    }
    const qs = new URLSearchParams();
    if (name.value.trim()) qs.set('name', name.value.trim());
    if (birth.value) qs.set('birth_date', birth.value);
    if (commune.code()) {
      qs.set('commune', commune.code());
      qs.set('cnom', commune.input.value.trim());
    }
    const next = `#/urgence?${qs}`;
    if (location.hash === next) render();
    else location.hash = next;
  });
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  append(ctx.main, [
    h('div', { class: 'page-head' }, h('h1', null, 'Recherche d\'urgence')),
    h('p', { class: 'page-sub' }, 'Pour une personne que vous ne suivez pas habituellement : '
      + 'son nom avec sa date de naissance ou sa commune. Seules l\'identité et la commune '
      + 'sont affichées ; chaque résultat est tracé.'),
    form, alert, results]);
  focusTitle(ctx.main, 'Recherche d\'urgence');
  if (!get('name')) return;
  const qs = new URLSearchParams();
  for (const k of ['name', 'birth_date', 'commune']) if (get(k)) qs.set(k, get(k));
  let r;
  try {
    r = await api('GET', `/api/v1/emergency/persons?${qs}`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    showFormError(e, f, alert);
    return;
  }
  if (!ctx.alive()) return;
  emergencyResults(results, r);
}

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

// The pages registered by sections/platform/index.js, loaded on first use.
export const breakglassPages = {
  'acces-urgence': (ctx, r) => pageReport(ctx, r.params),
  urgence: (ctx, r) => pageUrgence(ctx, r.params),
};
