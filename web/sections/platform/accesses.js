// Maillage — who accessed a person's record (PRODUCT §1 access trace;
// GDPR art. 15): GET /api/v1/persons/{id}/accesses, newest first, paged
// like the other lists ({items, total, limit, offset}), and its complete
// CSV export (?format=csv) for the person's right of access.
//
// Owns: the page #/personnes/12/acces (direction and coordination).
// Must not: decide any right: the server refuses other roles (403) and
// this page shows its message.
//
// Paging: the first page notes the newest row's seq and the next pages
// ask for the rows before it (before=), so the rows this very listing
// adds to the trace do not shift the pages.

import { api } from '../../core/api.js';
import { catLabel } from '../../core/codes.js';
import { append, h } from '../../core/dom.js';
import { frDateTime } from '../../core/format.js';
import { alertBox, setAlert } from '../../core/forms.js';
import { focusTitle } from '../../core/router.js';

const PAGE = 50;
const GRANTS = {
  normal: 'Habituel', breakglass: 'Bris de glace', proche: 'Proche (planning)', '-': '—',
};
const OUTCOMES = { ok: 'Autorisé', denied: 'Refusé' };

// The page #/personnes/12/acces, registered by sections/platform/index.js
// (with its route and the record's link), loaded on first use.
export const accessesPages = {
  acces: (ctx, r) => pageAccesses(ctx, r.id, r.params),
};

function cats(s) {
  return s ? s.split(',').filter(Boolean).map(catLabel).join(', ') : '—';
}

async function pageAccesses(ctx, id, params) {
  const offset = Math.max(0, Number.parseInt(params.get('offset') || '0', 10) || 0);
  const before = params.get('before') || '';
  const back = h('p', { class: 'back' }, h('a', { href: `#/personnes/${id}` },
    '← Retour au dossier'));
  const alert = alertBox();
  const status = h('p', { class: 'result-count', role: 'status' }, 'Chargement…');
  const results = h('div', { class: 'results' });
  append(ctx.main, [back, h('h1', null, 'Historique des accès au dossier'),
    h('p', { class: 'page-sub' }, 'Qui a consulté ou modifié ce dossier, du plus récent au '
      + 'plus ancien. Chaque consultation de cette page est elle-même tracée.'),
    h('p', { class: 'part-actions' }, h('a', { href: `/api/v1/persons/${id}/accesses?format=csv`,
      download: true, class: 'btn' }, 'Exporter tout l\'historique (CSV)')),
    alert, status, results]);
  focusTitle(ctx.main, 'Historique des accès au dossier');

  const qs = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  if (before) qs.set('before', before);
  let data;
  try {
    data = await api('GET', `/api/v1/persons/${id}/accesses?${qs}`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    status.textContent = '';
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  const items = data.items || [];
  const total = data.total || 0;
  if (!items.length) {
    status.textContent = 'Aucun accès enregistré.';
    return;
  }
  status.textContent = `${total} accès — affichage ${data.offset + 1} à `
    + `${data.offset + items.length}`;
  const tbody = h('tbody');
  for (const t of items) {
    tbody.appendChild(h('tr', { 'data-seq': t.seq },
      h('td', { 'data-label': 'Date' }, frDateTime(t.at, true)),
      h('td', { 'data-label': 'Qui' }, h('div', null, h('span', { class: 'item-title' },
        t.name || t.login || '—'), t.login ? h('span', { class: 'item-meta' }, t.login) : null)),
      h('td', { 'data-label': 'Structure' }, t.org || '—'),
      h('td', { 'data-label': 'Rôle' }, t.role || '—'),
      h('td', { 'data-label': 'Action' }, t.action),
      h('td', { 'data-label': 'Catégories' }, cats(t.categories)),
      h('td', { 'data-label': 'Accès' }, GRANTS[t.grant] || t.grant || '—'),
      h('td', { 'data-label': 'Résultat' }, OUTCOMES[t.outcome] || t.outcome)));
  }
  const table = h('table', { class: 'table table-cards' },
    h('caption', { class: 'visually-hidden' }, 'Accès au dossier, du plus récent au plus ancien'),
    h('thead', null, h('tr', null, ['Date', 'Qui', 'Structure', 'Rôle', 'Action', 'Catégories',
      'Accès', 'Résultat'].map((c) => h('th', { scope: 'col' }, c)))),
    tbody);
  // Pages after the first stay anchored on the newest row seen first.
  const anchor = before || String(items[0].seq + 1);
  const go = (off) => {
    const q = new URLSearchParams({ before: anchor });
    if (off) q.set('offset', String(off));
    location.hash = `#/personnes/${id}/acces?${q}`;
  };
  const prev = h('button', { type: 'button', class: 'btn' }, 'Précédent');
  const next = h('button', { type: 'button', class: 'btn' }, 'Suivant');
  prev.disabled = data.offset <= 0;
  next.disabled = data.offset + items.length >= total;
  prev.addEventListener('click', () => go(Math.max(0, data.offset - PAGE)));
  next.addEventListener('click', () => go(data.offset + PAGE));
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const page = Math.floor(data.offset / PAGE) + 1;
  append(results, [table, h('nav', { class: 'pager', 'aria-label': 'Pagination' },
    prev, h('span', { class: 'pager-pos' }, `Page ${page} sur ${pages}`), next)]);
}
