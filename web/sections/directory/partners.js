// Maillage — the partner directory (#/partenaires, #/partenaires/3):
// organisations by type, their professionals and conventions, the
// partnership dashboard. Must not: decide who edits (core/perm.js only
// chooses what to offer; the server refuses).

import { api } from '../../core/api.js';
import { ensureMeta, metaLabel } from '../../core/codes.js';
import { append, clear, h, uid } from '../../core/dom.js';
import { frDate, telLink, todayIso } from '../../core/format.js';
import {
  alertBox, checkField, clearFormErrors, disclosure, fact, field, formField, lazyDisclosure, select,
  setAlert,
  showFormError, statusMessage, textArea, textInput,
} from '../../core/forms.js';
import { focusTitle, render } from '../../core/router.js';
import { state } from '../../core/session.js';
import { communePicker, takeFlash } from '../../core/widgets.js';
import { can } from '../../core/perm.js';

function orgTypeOptions() {
  return ((state.meta && state.meta.org_types) || [])
    .map((t) => ({ value: t.code, label: t.label }));
}

// A convention is late when its review date has passed (and it has not
// ended). The server gives the date only: compared with today here.
function conventionLate(c) {
  return Boolean(c.review_due && !c.ended_on && c.review_due < todayIso());
}

function conventionItem(c, withOrg) {
  const late = conventionLate(c);
  return h('li', { class: `convention${late ? ' is-late' : ''}`, 'data-convention-id': c.id },
    withOrg
      ? h('a', { href: `#/partenaires/${c.org_id}`, class: 'item-title' }, c.org_name || '')
      : null,
    h('span', { class: withOrg ? 'item-note data-text' : 'item-title data-text' }, c.object || ''),
    h('span', { class: 'convention-review' },
      late ? [h('span', { class: 'badge badge-warn' }, 'Révision en retard'), ' '] : null,
      c.review_due ? `révision le ${frDate(c.review_due)}` : 'pas de date de révision'),
    h('span', { class: 'item-meta' }, [
      c.signed_on ? `signée le ${frDate(c.signed_on)}` : '',
      c.duration_months ? `durée ${c.duration_months} mois` : '',
      c.tacit_renewal ? 'tacite reconduction' : 'sans tacite reconduction',
      c.ended_on ? `fin le ${frDate(c.ended_on)}` : '',
    ].filter(Boolean).join(' · ')),
    c.note ? h('span', { class: 'item-note data-text' }, c.note) : null);
}

// [{code, label, group}] → sections by group, in the order received.
function typesByGroup(list, extra) {
  const groups = new Map();
  for (const t of list) {
    const g = t.group || 'Autres';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(t);
  }
  return Array.from(groups, ([group, types]) => h('div', { class: 'type-group' },
    h('h4', null, group),
    h('ul', { class: 'type-list' }, types.map((t) => h('li', null, t.label,
      extra ? h('span', { class: 'item-meta' }, extra(t)) : null)))));
}

async function loadPartnership(ctx, box) {
  let data;
  try {
    data = await api('GET', '/api/v1/partnership', undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(box);
    box.appendChild(h('p', { class: 'alert', role: 'alert' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  clear(box);
  const due = data.conventions_due || [];
  const late = due.filter(conventionLate).length;
  const missing = data.missing_mandatory_types || [];
  const without = data.mandatory_types_without_convention || [];
  box.appendChild(h('p', { class: 'dashboard-summary' },
    `${due.length} convention${due.length > 1 ? 's' : ''} à réviser`
    + (late ? ` dont ${late} en retard` : ''),
    (() => {
      const x = missing.length > 1 ? 's' : '';
      return ` · ${missing.length} type${x} de partenaire${x} obligatoire${x} manquant${x}`;
    })()));
  const dueId = uid('dues');
  box.appendChild(h('section', { class: 'dashboard-part', 'aria-labelledby': dueId },
    h('h3', { id: dueId }, `Conventions à réviser (dans les ${data.days || 30} jours ou en retard)`),
    due.length
      ? h('ul', { class: 'plain-list conventions' }, due.map((c) => conventionItem(c, true)))
      : h('p', { class: 'muted' }, 'Aucune convention à réviser prochainement.')));
  const missId = uid('manquants');
  box.appendChild(h('section', { class: 'dashboard-part', 'aria-labelledby': missId },
    h('h3', { id: missId }, 'Types de partenaires obligatoires manquants'),
    missing.length
      ? [h('p', { class: 'muted' }, 'Aucune structure de ces types n\'est dans l\'annuaire.'),
        h('div', { class: 'type-groups' }, typesByGroup(missing))]
      : h('p', { class: 'muted' }, 'Chaque type de partenaire obligatoire a au moins '
        + 'une structure dans l\'annuaire.')));
  if (without.length) {
    const woId = uid('sans-convention');
    box.appendChild(h('section', { class: 'dashboard-part', 'aria-labelledby': woId },
      h('h3', { id: woId }, 'Types obligatoires présents sans convention'),
      h('div', { class: 'type-groups' }, typesByGroup(without, (t) =>
        ` — ${t.partners} structure${t.partners > 1 ? 's' : ''} dans l'annuaire`))));
  }
}

async function pagePartenaires(ctx, params) {
  const q = (params.get('q') || '').slice(0, 100);
  const type = params.get('type') || '';
  const head = h('div', { class: 'page-head' }, h('h1', null, 'Partenaires'));
  const parts = [head];
  if (can(state.user, 'partnership.read')) {
    const dash = h('div', null, h('p', { class: 'muted' }, 'Chargement du tableau de bord…'));
    parts.push(h('section', { class: 'card dashboard', 'aria-labelledby': 'partenariats' },
      h('h2', { id: 'partenariats' }, 'Conventions et partenariats'), dash));
    loadPartnership(ctx, dash);
  }
  const search = h('input', { type: 'search', name: 'q', value: q, maxlength: '100',
    autocomplete: 'off', spellcheck: 'false' });
  const typeSel = select([{ value: '', label: 'Tous les types' }], type, { name: 'type' });
  const searchForm = h('form', { role: 'search', class: 'search-form',
    'aria-label': 'Rechercher une structure' },
  h('div', { class: 'filters-grid' },
    field('Nom de la structure', search).wrap,
    field('Type de structure', typeSel).wrap),
  h('div', { class: 'form-actions' },
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Rechercher'),
    q || type ? h('a', { href: '#/partenaires', class: 'btn' }, 'Effacer les filtres') : null));
  const status = h('p', { class: 'result-count', role: 'status' }, 'Recherche…');
  const alert = alertBox();
  const results = h('div', { class: 'results' });
  parts.push(h('section', { class: 'card', 'aria-labelledby': 'annuaire' },
    h('h2', { id: 'annuaire' }, 'Annuaire des structures'), searchForm, alert, status, results));
  const addBox = h('div');
  parts.push(addBox);
  append(ctx.main, parts);
  const focusSearch = state.focusAfter === 'org-search';
  state.focusAfter = null;
  if (focusSearch) {
    document.title = 'Partenaires — Maillage';
    search.focus();
  } else {
    focusTitle(ctx.main, 'Partenaires');
  }
  searchForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const qs = new URLSearchParams();
    if (search.value.trim()) qs.set('q', search.value.trim());
    if (typeSel.value) qs.set('type', typeSel.value);
    const target = `#/partenaires${qs.toString() ? `?${qs}` : ''}`;
    state.focusAfter = 'org-search';
    if (location.hash === target) render();
    else location.hash = target;
  });

  let data;
  try {
    await ensureMeta();
    if (!ctx.alive()) return;
    for (const o of orgTypeOptions()) {
      const opt = h('option', { value: o.value }, o.label);
      if (o.value === type) opt.selected = true;
      typeSel.appendChild(opt);
    }
    const qs = new URLSearchParams();
    if (q) qs.set('q', q);
    if (type) qs.set('type', type);
    data = await api('GET', `/api/v1/orgs${qs.toString() ? `?${qs}` : ''}`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    status.textContent = '';
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  const items = data.items || [];
  status.textContent = items.length
    ? `${items.length} structure${items.length > 1 ? 's' : ''}`
    : 'Aucune structure ne correspond à ces critères.';
  if (items.length) {
    const tbody = h('tbody');
    for (const o of items) {
      const href = `#/partenaires/${o.id}`;
      const tr = h('tr', { class: 'row-link' },
        h('td', { 'data-label': 'Structure' }, h('div', null,
          h('a', { href }, o.name || ''),
          o.is_self ? h('span', { class: 'item-meta' }, ' (notre structure)') : null,
          o.archived ? [' ', h('span', { class: 'badge state-off' }, 'archivée')] : null)),
        h('td', { 'data-label': 'Type' }, o.type_label || metaLabel('org_types', o.type)),
        h('td', { 'data-label': 'Commune' }, o.commune_name || ''),
        h('td', { 'data-label': 'Téléphone' }, telLink(o.phone) || ''));
      tr.addEventListener('click', (ev) => {
        if (ev.target.closest('a')) return;
        if (window.getSelection && String(window.getSelection())) return;
        location.hash = href;
      });
      tbody.appendChild(tr);
    }
    results.appendChild(h('table', { class: 'table table-cards orgs' },
      h('caption', { class: 'visually-hidden' }, 'Structures de l\'annuaire'),
      h('thead', null, h('tr', null, ['Structure', 'Type', 'Commune', 'Téléphone']
        .map((c) => h('th', { scope: 'col' }, c)))),
      tbody));
  }
  if (can(state.user, 'directory.edit')) {
    const formHolder = h('div');
    formHolder.appendChild(orgForm(ctx));
    const toggle = disclosure('Ajouter une structure', formHolder);
    append(addBox, [h('section', { class: 'card', 'aria-labelledby': 'ajout-structure' },
      h('h2', { id: 'ajout-structure' }, 'Nouvelle structure partenaire'),
      h('p', { class: 'part-actions' }, toggle.btn), formHolder)]);
  }
}

// The fields of an organisation, filled from `o` (creation: {}):
// {f, commune, body()} where body() gives the typed values ('' → null) or
// null after showing that the commune typed was not chosen.
function orgFields(o) {
  const f = {};
  const val = (v) => (v === null || v === undefined ? '' : String(v));
  f.name = formField('Nom de la structure', textInput('name', { value: val(o.name) }),
    { required: true, alert: true });
  f.type = formField('Type de structure', select([{ value: '', label: 'Choisir…' },
    ...orgTypeOptions()], o.type || '', { name: 'type' }), { required: true, alert: true });
  f.finess = formField('Numéro FINESS', textInput('finess', { maxlength: '9', value: val(o.finess),
    inputmode: 'numeric', class: 'input-medium' }), { alert: true, hint: '9 caractères.' });
  f.address = formField('Adresse', textInput('address', { maxlength: '300', value: val(o.address) }),
    { alert: true, wide: true });
  const commune = communePicker({ initial: o.commune_code
    ? { code: o.commune_code, label: o.commune_name || `Code INSEE ${o.commune_code}` } : null });
  f.commune_code = formField('Commune', commune.input, { alert: true, wide: true,
    hint: 'Deux lettres du nom ou le code postal, puis choisir dans la liste.',
    after: commune.extras });
  f.phone = formField('Téléphone', textInput('phone', { type: 'tel', maxlength: '30',
    value: val(o.phone) }), { alert: true, hint: '10 chiffres.' });
  f.email = formField('Adresse e-mail', textInput('email', { type: 'email', maxlength: '254',
    value: val(o.email) }), { alert: true });
  f.mssante = formField('Messagerie sécurisée (MSSanté)', textInput('mssante',
    { type: 'email', maxlength: '254', value: val(o.mssante) }), { alert: true });
  const body = () => {
    if (commune.pending()) {
      f.commune_code.setError('Choisissez la commune dans la liste proposée, ou videz le champ.');
      commune.input.focus();
      return null;
    }
    const out = {};
    for (const [k, x] of Object.entries(f)) {
      out[k] = (k === 'commune_code' ? commune.code() : x.input.value.trim()) || null;
    }
    return out;
  };
  return { f, body };
}

function orgForm(ctx) {
  const { f, body: values } = orgFields({});
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Ajouter la structure');
  const form = h('form', { class: 'subform', novalidate: true,
    'aria-label': 'Ajouter une structure' },
  h('div', { class: 'grid' }, Object.values(f).map((x) => x.wrap)),
  alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const v = values();
    if (!v) return;
    const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null));
    submit.disabled = true;
    let created;
    try {
      created = await api('POST', '/api/v1/orgs', body);
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      showFormError(e, f, alert);
      return;
    }
    if (!ctx.alive()) return;
    state.flash = { id: created.id, page: 'partenaire',
      message: `Structure « ${created.name} » ajoutée à l'annuaire.` };
    location.hash = `#/partenaires/${created.id}`;
  });
  return form;
}

async function pagePartenaire(ctx, id) {
  const back = h('p', { class: 'back' },
    h('a', { href: '#/partenaires' }, '← Retour aux partenaires'));
  const title = h('h1', null, 'Structure');
  const alert = alertBox();
  const body = h('div', null, h('p', { class: 'muted' }, 'Chargement de la structure…'));
  append(ctx.main, [back, title, alert, body]);
  focusTitle(ctx.main, 'Structure');
  let org;
  try {
    await ensureMeta();
    org = await api('GET', `/api/v1/orgs/${id}`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  const flash = takeFlash(id, 'partenaire');
  showOrg(ctx, title, body, org, flash && flash.message);
}

// opts message: shown (and focused) at the top, after a change.
function showOrg(ctx, title, body, o, message) {
  clear(body);
  title.textContent = o.name || `Structure n° ${o.id}`;
  document.title = `${title.textContent} — Maillage`;
  const edit = can(state.user, 'directory.edit');
  if (message) body.appendChild(statusMessage(message));
  body.appendChild(h('p', { class: 'page-sub' }, o.type_label || metaLabel('org_types', o.type),
    o.archived ? [' ', h('span', { class: 'badge state-off' }, 'archivée')] : null));
  body.appendChild(h('section', { class: 'card', 'aria-labelledby': 'coordonnees' },
    h('h2', { id: 'coordonnees' }, 'Coordonnées'),
    h('dl', { class: 'facts' },
      fact('Adresse', o.address, 'Non renseignée'),
      fact('Commune', o.commune_name
        ? h('span', null, o.commune_name, h('span', { class: 'fact-meta' },
          `Code INSEE ${o.commune_code}`))
        : (o.commune_code ? `Code INSEE ${o.commune_code}` : null), 'Non renseignée'),
      fact('Téléphone', telLink(o.phone)),
      fact('Adresse e-mail', o.email ? h('a', { href: `mailto:${o.email}` }, o.email) : null,
        'Non renseignée'),
      fact('Messagerie sécurisée (MSSanté)', o.mssante, 'Non renseignée'),
      fact('Numéro FINESS', o.finess ? h('code', null, o.finess) : null)),
    edit ? orgEditBlock(ctx, o, (saved) => showOrg(ctx, title, body, saved,
      'Structure modifiée.')) : null));

  const pros = o.professionals || [];
  const proSection = h('section', { class: 'card', 'aria-labelledby': 'professionnels' },
    h('h2', { id: 'professionnels' }, 'Professionnels'));
  if (!pros.length) {
    proSection.appendChild(h('p', { class: 'muted' }, 'Aucun professionnel enregistré.'));
  } else {
    proSection.appendChild(h('ul', { class: 'plain-list' }, pros.map((x) => h('li',
      { class: x.archived ? 'is-withdrawn' : null },
      h('span', { class: 'item-title' }, [x.first_name, x.last_name].filter(Boolean).join(' ')),
      h('span', null, x.profession || ''),
      h('span', { class: 'item-meta' }, [
        x.rpps ? `RPPS ${x.rpps}` : null,
        x.phone ? telLink(x.phone) : null,
        x.email ? h('a', { href: `mailto:${x.email}` }, x.email) : null,
        x.mssante ? `MSSanté : ${x.mssante}` : null,
        x.archived ? 'ne fait plus partie de la structure' : null,
      ].filter(Boolean).flatMap((v, i) => (i ? [' · ', v] : [v])))))));
  }
  if (edit) {
    const holder = h('div');
    holder.appendChild(professionalForm(ctx, o, (saved) =>
      showOrg(ctx, title, body, saved, 'Professionnel ajouté.')));
    const toggle = disclosure('Ajouter un professionnel', holder);
    append(proSection, [h('p', { class: 'part-actions' }, toggle.btn), holder]);
  }
  body.appendChild(proSection);

  const convs = o.conventions || [];
  const convSection = h('section', { class: 'card', 'aria-labelledby': 'conventions' },
    h('h2', { id: 'conventions' }, 'Conventions'));
  const reviewed = (saved) => showOrg(ctx, title, body, saved, 'Révision de la convention enregistrée.');
  convSection.appendChild(convs.length
    ? h('ul', { class: 'plain-list conventions' }, convs.map((c) => {
      const li = conventionItem(c, false);
      if (edit && !c.ended_on) li.appendChild(conventionReviewBlock(ctx, o, c, reviewed));
      return li;
    }))
    : h('p', { class: 'muted' }, 'Aucune convention enregistrée.'));
  if (edit) {
    const holder = h('div');
    holder.appendChild(conventionForm(ctx, o, (saved) =>
      showOrg(ctx, title, body, saved, 'Convention enregistrée.')));
    const toggle = disclosure('Enregistrer une convention', holder);
    append(convSection, [h('p', { class: 'part-actions' }, toggle.btn), holder]);
  }
  body.appendChild(convSection);
  if (message) body.querySelector('[role="status"]').focus();
}

// « Modifier la structure »: the same fields as the creation, filled, and
// the archive; only the changed ones are sent (PATCH /api/v1/orgs/{id}).
function orgEditBlock(ctx, o, done) {
  return lazyDisclosure('Modifier la structure', () => orgEditForm(ctx, o, done));
}

function orgEditForm(ctx, o, done) {
  const { f, body: values } = orgFields(o);
  const archived = checkField('Structure archivée (ne travaille plus avec le CRT)',
    { name: 'archived' });
  archived.input.checked = !!o.archived;
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    'Enregistrer la structure');
  const form = h('form', { class: 'subform', novalidate: true,
    'aria-label': 'Modifier la structure' },
  h('div', { class: 'grid' }, Object.values(f).map((x) => x.wrap)), archived.wrap,
  alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const v = values();
    if (!v) return;
    const body = Object.fromEntries(Object.entries(v)
      .filter(([k, x]) => x !== (o[k] === undefined ? null : o[k])));
    if (archived.input.checked !== !!o.archived) body.archived = archived.input.checked;
    if (!Object.keys(body).length) {
      setAlert(alert, 'Aucune modification à enregistrer.');
      return;
    }
    submit.disabled = true;
    let saved;
    try {
      saved = await api('PATCH', `/api/v1/orgs/${o.id}`, body);
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      showFormError(e, f, alert);
      return;
    }
    if (ctx.alive()) done(saved);
  });
  return form;
}

// 'YYYY-MM-DD' + n months (the day kept, or the month's last day).
function addMonths(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  const t = new Date(Date.UTC(y, m - 1 + n, Math.min(d, last)));
  return t.toISOString().slice(0, 10);
}

// « Révision faite »: a convention reviewed today gets its next review
// date (one year later by default): PATCH …/conventions/{id}
// {review_due}, which ends the « Révision en retard » flag.
function conventionReviewBlock(ctx, o, c, done) {
  return lazyDisclosure('Révision faite', () => conventionReviewForm(o, c, ctx, done));
}

function conventionReviewForm(o, c, ctx, done) {
  const next = h('input', { type: 'date', name: 'review_due', class: 'input-medium',
    value: addMonths(todayIso(), 12), min: todayIso() });
  const fld = formField('Prochaine révision le', next, { required: true, alert: true,
    hint: 'Par défaut, un an après aujourd\'hui.' });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    'Enregistrer la révision');
  const form = h('form', { class: 'subform', novalidate: true,
    'aria-label': `Révision de la convention : ${c.object || ''}`.slice(0, 120) },
  h('p', null, 'La convention a été relue avec la structure aujourd\'hui.'),
  fld.wrap, alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors({ review_due: fld }, alert);
    if (!next.value) {
      fld.setError('Indiquez la date de la prochaine révision.');
      next.focus();
      return;
    }
    submit.disabled = true;
    let saved;
    try {
      saved = await api('PATCH', `/api/v1/orgs/${o.id}/conventions/${c.id}`,
        { review_due: next.value });
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      showFormError(e, { review_due: fld }, alert);
      return;
    }
    if (ctx.alive()) done(saved);
  });
  return form;
}

function professionalForm(ctx, o, done) {
  const f = {};
  f.last_name = formField('Nom', textInput('last_name', { maxlength: '100' }),
    { required: true, alert: true });
  f.first_name = formField('Prénom', textInput('first_name', { maxlength: '100' }),
    { required: true, alert: true });
  f.profession = formField('Profession', textInput('profession', { maxlength: '100' }),
    { required: true, alert: true,
      hint: 'Par exemple : médecin généraliste, infirmier(ère) libéral(e).' });
  f.rpps = formField('Numéro RPPS', textInput('rpps', { maxlength: '11', inputmode: 'numeric',
    class: 'input-medium' }), { alert: true, hint: '11 chiffres.' });
  f.phone = formField('Téléphone', textInput('phone', { type: 'tel', maxlength: '30' }),
    { alert: true });
  f.email = formField('Adresse e-mail', textInput('email', { type: 'email', maxlength: '254' }),
    { alert: true });
  f.mssante = formField('Messagerie sécurisée (MSSanté)', textInput('mssante',
    { type: 'email', maxlength: '254' }), { alert: true });
  return directoryForm(ctx, f, 'Ajouter un professionnel', 'Ajouter le professionnel',
    `/api/v1/orgs/${o.id}/professionals`, (body) => body, done);
}

function conventionForm(ctx, o, done) {
  const f = {};
  f.object = formField('Objet de la convention', textArea('object'),
    { required: true, alert: true, wide: true });
  f.signed_on = formField('Date de signature', h('input', { type: 'date', name: 'signed_on',
    class: 'input-medium' }), { required: true, alert: true });
  f.duration_months = formField('Durée (mois)', h('input', { type: 'number',
    name: 'duration_months', min: '1', max: '240', value: '12', inputmode: 'numeric',
    class: 'input-short' }), { required: true, alert: true });
  f.review_due = formField('Révision prévue le', h('input', { type: 'date', name: 'review_due',
    class: 'input-medium' }), { alert: true,
    hint: 'Laissez vide : un an après la signature.' });
  const tacit = checkField('Tacite reconduction', { name: 'tacit_renewal' });
  f.tacit_renewal = { wrap: h('div', { class: 'field field-check' }, tacit.wrap),
    input: tacit.input, setError: () => {} };
  f.note = formField('Commentaire', textArea('note'), { alert: true, wide: true });
  return directoryForm(ctx, f, 'Enregistrer une convention', 'Enregistrer la convention',
    `/api/v1/orgs/${o.id}/conventions`, (body) => {
      const b = { ...body, tacit_renewal: tacit.input.checked };
      if (b.duration_months !== undefined) {
        const n = Number(b.duration_months);
        b.duration_months = Number.isInteger(n) ? n : b.duration_months;
      }
      return b;
    }, done);
}

// A directory form: non-empty fields → POST path → done(org answered).
function directoryForm(ctx, f, label, action, path, shape, done) {
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, action);
  const form = h('form', { class: 'subform', novalidate: true, 'aria-label': label },
    h('div', { class: 'grid' }, Object.values(f).map((x) => x.wrap)),
    alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const body = {};
    for (const [k, x] of Object.entries(f)) {
      if (x.input.type === 'checkbox') continue;
      const v = x.input.value.trim();
      if (v !== '') body[k] = v;
    }
    submit.disabled = true;
    let saved;
    try {
      saved = await api('POST', path, shape(body));
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      showFormError(e, f, alert);
      return;
    }
    if (!ctx.alive()) return;
    done(saved);
  });
  return form;
}

export { pagePartenaire, pagePartenaires };
