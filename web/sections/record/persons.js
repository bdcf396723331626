// Maillage — the persons: search with filters and paging (#/personnes)
// and the creation of a record with its duplicate check
// (#/personnes/nouvelle). Must not: decide any right; the search never
// opens a record (no trace), the server says who may create.

import { api } from '../../core/api.js';
import { IDENTITY_STATUS, statusBadge } from '../../core/codes.js';
import { append, h } from '../../core/dom.js';
import { bornWord, frDate, personName, todayIso } from '../../core/format.js';
import {
  alertBox, checkField, clearFormErrors, formField, select, setAlert, showFormError,
} from '../../core/forms.js';
import { focusTitle, pageMessage, render } from '../../core/router.js';
import { state } from '../../core/session.js';
import { PAGE_SIZE, birthplacePicker, communePicker, describePersons } from '../../core/widgets.js';
import { IDENTITY_DOCUMENTS, INS_OIDS, SEX_LABELS } from './codes.js';
import { can } from '../../core/perm.js';

async function pagePersonnes(ctx, params) {
  if (!can(state.user, 'person.read')) {
    pageMessage(ctx, 'Personnes', 'Le rôle Administrateur technique ne '
      + 'donne pas accès aux dossiers des personnes.');
    return;
  }
  const filters = personFilters(params);
  const offset = Math.max(0, Number.parseInt(params.get('offset') || '0', 10) || 0);

  // Search and filters: one form, one « Rechercher » button.
  const search = h('input', { type: 'search', name: 'q', value: filters.q,
    maxlength: '100', autocomplete: 'off', spellcheck: 'false' });
  const f = {};
  f.q = formField('Rechercher une personne', search, { alert: true,
    hint: 'Nom de naissance, nom d\'usage ou prénoms, dans n\'importe quel '
      + 'ordre, avec ou sans accents ; date de naissance (JJ/MM/AAAA ou '
      + 'JJMMAAAA) ; ou matricule INS.' });
  const commune = communePicker({ compact: true, initial: filters.commune
    ? { code: filters.commune, label: filters.cnom || `Code INSEE ${filters.commune}` }
    : null });
  f.commune = formField('Commune', commune.input, { alert: true,
    hint: 'Deux lettres du nom ou le code postal, puis choisir.',
    after: commune.extras });
  const volet2 = checkField('Volet 2 : territoire', { name: 'volet2' },
    'Seulement les communes du territoire du volet 2.');
  volet2.input.checked = filters.volet2;
  const girAllowed = !!can(state.user, 'person.filter.gir');
  if (girAllowed) {
    f.gir = formField('GIR', select([{ value: '', label: 'Tous' },
      ...[1, 2, 3, 4, 5, 6].map((n) => ({ value: String(n), label: `GIR ${n}` }))],
    filters.gir, { name: 'gir', class: 'input-short' }), { alert: true });
  }
  // Issue 3: volet-2 beneficiaries (an active support) or not.
  f.beneficiary = formField('Accompagnement volet 2', select([
    { value: '', label: 'Tous' },
    { value: '1', label: 'Accompagnés (file active)' },
    { value: '0', label: 'Non accompagnés' }], filters.beneficiary,
  { name: 'beneficiary' }), { alert: true });
  const anyFilter = filters.q || filters.commune || filters.volet2 || filters.gir
    || filters.beneficiary;
  const searchForm = h('form', { role: 'search', class: 'search-form person-filters',
    'aria-label': 'Rechercher des personnes', novalidate: true },
  h('div', { class: 'filters-grid' }, f.q.wrap, f.commune.wrap,
    girAllowed ? f.gir.wrap : null, f.beneficiary.wrap,
    h('div', { class: 'field field-check' }, volet2.wrap)),
  h('div', { class: 'form-actions' },
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Rechercher'),
    anyFilter ? h('a', { href: '#/personnes', class: 'btn' }, 'Effacer les filtres') : null));
  const alert = alertBox();
  searchForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    if (commune.pending()) {
      f.commune.setError('Choisissez la commune dans la liste proposée, ou videz le champ.');
      commune.input.focus();
      return;
    }
    state.focusAfter = 'search';
    goPersonnes({ q: search.value.trim(), commune: commune.code(),
      cnom: commune.code() ? commune.input.value.trim() : '',
      volet2: volet2.input.checked, gir: girAllowed ? f.gir.input.value : '',
      beneficiary: f.beneficiary.input.value }, 0);
  });

  const status = h('p', { class: 'result-count', role: 'status' }, 'Recherche…');
  const results = h('div', { class: 'results' });

  const head = h('div', { class: 'page-head' }, h('h1', null, 'Personnes'),
    can(state.user, 'person.create')
      ? h('a', { href: '#/personnes/nouvelle', class: 'btn btn-primary' },
        h('span', { 'aria-hidden': 'true' }, '+'), 'Nouvelle personne')
      : null);
  append(ctx.main, [head, searchForm, alert, status, results]);
  const focusAfter = state.focusAfter;
  state.focusAfter = null;
  document.title = 'Personnes — Maillage';
  if (focusAfter === 'search') {
    search.focus();
  } else if (!focusAfter) {
    focusTitle(ctx.main, 'Personnes');
  }

  let data;
  try {
    const qs = personQuery(filters);
    qs.set('limit', String(PAGE_SIZE));
    qs.set('offset', String(offset));
    data = await api('GET', `/api/v1/persons?${qs}`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    status.textContent = '';
    showFormError(e, f, alert);
    return;
  }
  if (!ctx.alive()) return;

  const total = data.total || 0;
  const items = data.items || [];
  if (total === 0) {
    status.textContent = anyFilter
      ? (filters.q && !filters.commune && !filters.volet2 && !filters.gir && !filters.beneficiary
        ? `Aucune personne ne correspond à « ${filters.q} ».`
        : 'Aucune personne ne correspond à ces critères.')
      : 'Aucune personne à afficher.';
    // Issue 10 point 5: a person outside one's circle is found by the
    // emergency search (identity and commune only, traced).
    if (filters.q && can(state.user, 'person.breakglass')) {
      results.appendChild(h('p', { class: 'form-actions' },
        h('a', { class: 'btn btn-danger', href: `#/urgence?${new URLSearchParams({ name: filters.q })}` },
          'Accès d\'urgence')));
    }
    return;
  }
  const first = data.offset + 1;
  const last = data.offset + items.length;
  status.textContent = `${total} personne${total > 1 ? 's' : ''}`
    + (items.length ? ` — affichage ${first} à ${last}` : '');

  const tbody = h('tbody');
  for (const p of items) {
    const href = `#/personnes/${p.id}`;
    const tr = h('tr', { class: 'row-link' },
      h('td', { 'data-label': 'Nom' }, h('div', null,
        h('a', { href }, p.birth_name_display || p.birth_name || ''),
        p.used_name && p.used_name !== p.birth_name && p.used_name !== p.birth_name_display
          ? h('span', { class: 'used-name' }, ` (usage : ${p.used_name})`) : null)),
      h('td', { 'data-label': 'Prénom(s)' }, p.first_names_display || p.first_names || ''),
      h('td', { 'data-label': 'Date de naissance' }, frDate(p.birth_date)),
      h('td', { 'data-label': 'Statut identité' }, statusBadge(p.identity_status)));
    // The link in the first cell serves the keyboard; a click anywhere on
    // the row does the same for the mouse.
    tr.addEventListener('click', (ev) => {
      if (ev.target.closest('a')) return;
      if (window.getSelection && String(window.getSelection())) return;
      location.hash = href;
    });
    tbody.appendChild(tr);
  }
  const table = h('table', { class: 'table table-cards' },
    h('caption', { class: 'visually-hidden' }, 'Résultats de la recherche'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Nom'),
      h('th', { scope: 'col' }, 'Prénom(s)'),
      h('th', { scope: 'col' }, 'Date de naissance'),
      h('th', { scope: 'col' }, 'Statut identité'))),
    tbody);

  const prev = h('button', { type: 'button', class: 'btn' }, 'Précédent');
  const next = h('button', { type: 'button', class: 'btn' }, 'Suivant');
  prev.disabled = data.offset <= 0;
  next.disabled = data.offset + items.length >= total;
  prev.addEventListener('click', () => {
    state.focusAfter = 'prev';
    goPersonnes(filters, Math.max(0, data.offset - PAGE_SIZE));
  });
  next.addEventListener('click', () => {
    state.focusAfter = 'next';
    goPersonnes(filters, data.offset + PAGE_SIZE);
  });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.floor(data.offset / PAGE_SIZE) + 1;
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pagination' },
    prev, h('span', { class: 'pager-pos' }, `Page ${page} sur ${pages}`), next);

  append(results, [table, pager]);
  if (focusAfter === 'prev' || focusAfter === 'next') {
    const want = focusAfter === 'prev' ? prev : next;
    (want.disabled ? (want === prev ? next : prev) : want).focus();
  }
}

// The search filters in the page address: q, commune (INSEE code) with
// cnom (its name, only shown), volet2=1, gir=1…6, beneficiary=0|1.
function personFilters(params) {
  const commune = params.get('commune') || '';
  const gir = params.get('gir') || '';
  return {
    q: (params.get('q') || '').slice(0, 100),
    commune: /^[0-9AB]{5}$/.test(commune) ? commune : '',
    cnom: (params.get('cnom') || '').slice(0, 100),
    volet2: params.get('volet2') === '1',
    gir: /^[1-6]$/.test(gir) && !!can(state.user, 'person.filter.gir') ? gir : '',
    beneficiary: ['0', '1'].includes(params.get('beneficiary')) ? params.get('beneficiary') : '',
  };
}

// The filters as the server's query string (without paging).
function personQuery(f) {
  const qs = new URLSearchParams();
  if (f.q) qs.set('q', f.q);
  if (f.commune) qs.set('commune', f.commune);
  if (f.volet2) qs.set('volet2', '1');
  if (f.gir) qs.set('gir', f.gir);
  if (f.beneficiary) qs.set('beneficiary', f.beneficiary);
  return qs;
}

function goPersonnes(filters, offset) {
  const qs = personQuery(filters);
  if (filters.commune && filters.cnom) qs.set('cnom', filters.cnom);
  if (offset) qs.set('offset', String(offset));
  const s = qs.toString();
  const target = `#/personnes${s ? `?${s}` : ''}`;
  if (location.hash === target) render();  // same search: reload it
  else location.hash = target;
}

// ?suite=demande: opened from the new referral form, which it returns to
// with the new record chosen.
function pageNouvellePersonne(ctx, params) {
  const forReferral = params.get('suite') === 'demande';
  const backHref = forReferral ? '#/demandes/nouvelle' : '#/personnes';
  if (!can(state.user, 'person.read')) {
    pageMessage(ctx, 'Nouvelle personne', 'Le rôle Administrateur technique ne '
      + 'donne pas accès aux dossiers des personnes.');
    return;
  }
  const text = (name, attrs = {}) => h('input', { type: 'text', name,
    autocomplete: 'off', spellcheck: 'false', maxlength: '100', ...attrs });
  const today = todayIso();

  const f = {};
  f.birth_name = formField('Nom de naissance', text('birth_name',
    { autocapitalize: 'characters' }), { required: true });
  f.first_names = formField('Prénom(s)', text('first_names'), { required: true,
    hint: 'Tous les prénoms de naissance, dans l\'ordre de l\'état civil.' });
  f.used_name = formField('Nom utilisé', text('used_name',
    { autocapitalize: 'characters' }), { hint: 'Nom d\'usage, s\'il diffère.' });
  f.used_first_name = formField('Prénom utilisé', text('used_first_name'),
    { hint: 'S\'il diffère du premier prénom.' });
  f.birth_date = formField('Date de naissance', h('input', { type: 'date',
    name: 'birth_date', min: '1880-01-01', max: today }), { required: true });
  f.sex = formField('Sexe', select([{ value: '', label: 'Choisir…' },
    ...Object.entries(SEX_LABELS).map(([value, label]) => ({ value, label }))], '',
  { name: 'sex' }), { required: true });
  // Issue 10 §2: a commune, or a country for a birth abroad (99xxx),
  // picked from one list; a code typed and not picked is sent as typed.
  const birthplace = birthplacePicker();
  f.birthplace_insee = formField('Lieu de naissance', birthplace.input,
    { hint: 'La commune, ou le pays pour une naissance à l\'étranger : tapez deux '
      + 'lettres du nom ou le code INSEE, puis choisissez.', after: birthplace.extras });
  f.ins = formField('Matricule INS', text('ins', { maxlength: '15',
    autocapitalize: 'characters', class: 'input-medium' }),
  { hint: '15 caractères : le NIR ou le NIA (13) et sa clé de contrôle (2).' });
  f.ins_oid = formField('OID de l\'INS', select([
    { value: '', label: 'Choisir…' },
    ...INS_OIDS.map((o) => ({ value: o.value, label: `${o.label} — ${o.value}` }))], '',
  { name: 'ins_oid' }), { hint: 'Obligatoire avec un matricule.' });
  f.identity_status = formField('Statut de l\'identité', select(
    Object.entries(IDENTITY_STATUS).map(([value, label]) => ({ value, label })), 'PROV',
    { name: 'identity_status' }),
  { hint: 'Validée ou qualifiée : la pièce d\'identité contrôlée est obligatoire.' });
  f.identity_document = formField('Pièce d\'identité contrôlée', select([
    { value: '', label: 'Aucune pièce contrôlée' },
    ...Object.entries(IDENTITY_DOCUMENTS).map(([value, label]) => ({ value, label }))], '',
  { name: 'identity_document' }));
  f.address = formField('Adresse', text('address', { maxlength: '200',
    autocomplete: 'street-address' }), { wide: true,
    hint: 'Numéro, voie, complément (lieu-dit, bâtiment).' });
  const commune = communePicker();
  f.commune_code = formField('Commune', commune.input, { wide: true,
    hint: 'Tapez au moins deux lettres du nom (avec ou sans accents) ou le '
      + 'code postal, puis choisissez dans la liste.',
    after: commune.extras });

  // Issue 10 §3: the possible duplicates are shown before saving; the
  // user opens one of them, or saves with « Créer quand même » (for this
  // identity: changing it checks again).
  const candidates = h('div', { class: 'candidates' });
  let confirmedKey = null;

  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    'Créer le dossier');
  const form = h('form', { class: 'person-form', novalidate: true,
    'aria-labelledby': 'nouvelle-titre' },
  h('p', { class: 'muted' }, 'Les champs marqués « obligatoire » doivent être '
    + 'remplis. Les traits stricts (nom de naissance, prénoms, date et lieu de '
    + 'naissance, sexe) se saisissent tels qu\'ils figurent sur la pièce '
    + 'd\'identité.'),
  h('fieldset', { class: 'card' },
    h('legend', null, 'Identité'),
    h('div', { class: 'grid' }, f.birth_name.wrap, f.first_names.wrap,
      f.used_name.wrap, f.used_first_name.wrap, f.birth_date.wrap, f.sex.wrap,
      f.birthplace_insee.wrap)),
  h('fieldset', { class: 'card' },
    h('legend', null, 'Identifiant national de santé (INS)'),
    h('div', { class: 'grid' }, f.ins.wrap, f.ins_oid.wrap,
      f.identity_status.wrap, f.identity_document.wrap)),
  h('fieldset', { class: 'card' },
    h('legend', null, 'Adresse'),
    h('div', { class: 'grid' }, f.address.wrap, f.commune_code.wrap)),
  alert, candidates,
  h('div', { class: 'form-actions' }, submit,
    h('a', { href: backHref, class: 'btn' }, 'Annuler')));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(alert, '');
    for (const x of Object.values(f)) x.setError('');
    if (birthplace.pending()) {
      const msg = 'Choisissez la commune ou le pays de naissance dans la liste proposée, ou '
        + 'tapez son code INSEE.';
      f.birthplace_insee.setError(msg);
      setAlert(alert, msg);
      birthplace.input.focus();
      return;
    }
    if (commune.pending()) {
      const msg = 'Choisissez la commune dans la liste proposée, ou videz le champ.';
      f.commune_code.setError(msg);
      setAlert(alert, msg);
      commune.input.focus();
      return;
    }
    const body = {};
    for (const [k, x] of Object.entries(f)) {
      const v = k === 'commune_code' ? commune.code()
        : k === 'birthplace_insee' ? birthplace.code() : x.input.value.trim();
      if (v !== '') body[k] = k === 'ins' || k === 'birthplace_insee' ? v.toUpperCase() : v;
    }
    submit.disabled = true;
    const probe = candidateProbe(body);
    const key = probe && JSON.stringify(probe);
    if (probe && key !== confirmedKey) {
      let found = null;
      try {
        found = await api('POST', '/api/v1/persons/candidates', probe);
      } catch {
        found = null;  // the create below reports what is wrong
      }
      if (!ctx.alive()) return;
      if (found && ((found.items || []).length || found.hidden)) {
        submit.disabled = false;
        candidates.replaceChildren(candidatePanel(found, () => {
          confirmedKey = key;
          form.requestSubmit(submit);
        }));
        candidates.querySelector('h2').focus();
        return;
      }
    }
    candidates.replaceChildren();
    let created;
    try {
      created = await api('POST', '/api/v1/persons', body);
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      const bad = e.field && f[e.field];
      setAlert(alert, bad ? `${bad.wrap.querySelector('label').firstChild.textContent} : `
        + `${e.message}` : e.message);
      // One INS is one person: the way to the record that holds it
      // (opening it still goes through the access decision).
      if (e.code === 'person.ins.taken' && e.holderId) {
        alert.append(' ', h('a', { href: `#/personnes/${e.holderId}` },
          'Ouvrir le dossier existant'));
      }
      if (bad) {
        bad.setError(e.message);
        bad.input.focus();
      }
      return;
    }
    const dups = (created.possible_duplicates || []).filter((id) => id !== created.id);
    const duplicates = dups.length ? await describePersons(dups, created.birth_name) : [];
    if (!ctx.alive()) return;
    const warnings = (created.warnings || []).map((w) => {
      const x = f[w.field];
      return x ? `${x.wrap.querySelector('label').firstChild.textContent} : ${w.message}`
        : w.message;
    });
    state.flash = { id: created.id, message: `Dossier de ${personName(created)} créé.`,
      duplicates, warnings, page: forReferral ? 'demande-nouvelle' : 'personne' };
    location.hash = forReferral ? `#/demandes/nouvelle?personne=${created.id}`
      : `#/personnes/${created.id}`;
  });

  append(ctx.main, [
    h('p', { class: 'back' }, forReferral
      ? h('a', { href: backHref }, '← Retour à la nouvelle demande')
      : h('a', { href: '#/personnes' }, '← Retour à la liste des personnes')),
    h('h1', { id: 'nouvelle-titre' }, 'Nouvelle personne'),
    form,
  ]);
  focusTitle(ctx.main, 'Nouvelle personne');
}

// The identity the duplicate check needs (birth name, first names, birth
// date), or null while one is missing.
function candidateProbe(body) {
  if (!body.birth_name || !body.first_names || !/^\d{4}-\d{2}-\d{2}$/.test(body.birth_date || '')) {
    return null;
  }
  // Not the INS: a held INS is refused by the create itself, with the
  // way to the record that holds it.
  const probe = {};
  for (const k of ['birth_name', 'first_names', 'used_name', 'used_first_name', 'birth_date']) {
    if (body[k]) probe[k] = body[k];
  }
  return probe;
}

// The existing records that could be the person typed: those the user may
// open with « Ouvrir ce dossier », the others counted without identity.
function candidatePanel(found, createAnyway) {
  const items = found.items || [];
  const hidden = found.hidden || 0;
  const titleId = 'candidats-titre';
  const list = h('ul', { class: 'plain-list' }, items.map((p) => h('li', null,
    h('strong', null, personName(p)),
    p.used_name && p.used_name !== p.birth_name ? ` (usage : ${p.used_name})` : '',
    h('span', { class: 'item-meta' }, ` — ${bornWord(p)} le ${frDate(p.birth_date)}`
      + (p.commune ? `, ${p.commune.name}` : '')),
    ' ', h('a', { href: `#/personnes/${p.id}`, class: 'btn btn-small' }, 'Ouvrir ce dossier'))));
  const n = items.length + hidden;
  return h('section', { class: 'duplicate-warning', 'aria-labelledby': titleId },
    h('h2', { id: titleId, tabindex: '-1' }, 'Ce dossier existe peut-être déjà'),
    h('p', null, n > 1
      ? `${n} dossiers existants ont des traits d'identité proches de ceux saisis. `
        + 'Vérifiez qu\'il ne s\'agit pas de la même personne avant de créer un dossier.'
      : 'Un dossier existant a des traits d\'identité proches de ceux saisis. '
        + 'Vérifiez qu\'il ne s\'agit pas de la même personne avant de créer un dossier.'),
    items.length ? list : null,
    hidden ? h('p', { class: 'candidates-hidden' }, hidden > 1
      ? `${hidden} dossiers existants que vous ne pouvez pas ouvrir : demandez à la coordination.`
      : '1 dossier existant que vous ne pouvez pas ouvrir : demandez à la coordination.') : null,
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn', onclick: createAnyway }, 'Créer quand même')));
}

export { pageNouvellePersonne, pagePersonnes };
