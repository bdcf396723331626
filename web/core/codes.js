// Maillage web core — code lists and their French labels.
//
// Owns: the data categories, identity statuses, and the labels of
// /api/v1/meta (loaded once per session, ensureMeta()). The server
// validates the codes; these are only the words shown.

import { api } from './api.js';
import { h } from './dom.js';
import { state } from './session.js';

const CATEGORY_ORDER = ['admin', 'social', 'soins', 'medical', 'psy'];

const CATEGORY_LABELS = {
  admin: 'Administratif',
  social: 'Social',
  soins: 'Soins',
  medical: 'Médical',
  psy: 'Psychologique',
};

const IDENTITY_STATUS = {
  PROV: 'Provisoire',
  RECUP: 'Récupérée',
  VALI: 'Validée',
  QUAL: 'Qualifiée',
};

function catLabel(code) {
  const fromMeta = state.meta && state.meta.categories &&
    state.meta.categories.find((c) => c.code === code);
  return CATEGORY_LABELS[code] || (fromMeta && fromMeta.label) || code;
}

function metaLabel(list, code) {
  const l = state.meta && state.meta[list];
  const found = l && l.find((x) => x.code === code);
  return found ? found.label : code;
}

function statusBadge(code) {
  return h('span', { class: `badge status-${(code || '').toLowerCase()}` },
    IDENTITY_STATUS[code] || code || '—');
}

async function ensureMeta() {
  if (!state.meta) state.meta = await api('GET', '/api/v1/meta');
  return state.meta;
}

export { CATEGORY_ORDER, IDENTITY_STATUS, catLabel, ensureMeta, metaLabel, statusBadge };
