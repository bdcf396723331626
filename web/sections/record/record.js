// Maillage — the person record page (#/personnes/12), PRODUCT §1.
//
// Owns: the record page itself (the access banner, identity, address,
// autonomy, the texts per category, the care circle, objections), the
// emergency access form (bris de glace) and the helpers the record's
// other pages share (recordAccess, canWrite). The other parts of the
// page (DLU status, profile, caregivers, documents, and the parts of
// other sections: parcours volet 2, accesses link…) are registered with
// core/record.js and placed here by their order, without importing them.
// Must not: decide any right; the server's answer says what is shown.

import { api, takeEarly } from '../../core/api.js';
import { CATEGORY_ORDER, catLabel, metaLabel, statusBadge } from '../../core/codes.js';
import { append, clear, h, uid } from '../../core/dom.js';
import { ageFrom, frDate, frDateTime, personName, telLink } from '../../core/format.js';
import { alertBox, dlRow, field, setAlert } from '../../core/forms.js';
import { liveRefresh } from '../../core/live.js';
import { focusTitle, pageMessage, render } from '../../core/router.js';
import { state } from '../../core/session.js';
import {
  partTake, recordParts, recordPartsLoaded, recordUrl, useRecordReply,
} from '../../core/record.js';
import { communeName, flashView, takeFlash } from '../../core/widgets.js';
import {
  ACCESS_KIND, AGGIR_INPUT_KIND, IDENTITY_DOCUMENTS, IDENTITY_FLAGS, INS_OIDS, SEX_LABELS,
} from './codes.js';
import { can } from '../../core/perm.js';
import {
  circleAddForm, circleMemberEnd, circleProposal, dataTextForm, identityForm, mayEditCircle, objectionAddForm,
  objectionWithdraw,
} from './edit.js';

const BREAKGLASS_MIN = 10;
// How long the record waits for its parts' code before it is drawn
// without (each part then fills when its code comes).
const PARTS_WAIT_MS = 400;

async function pagePersonne(ctx, id) {
  if (!can(state.user, 'person.read')) {
    pageMessage(ctx, 'Dossier', 'Le rôle Administrateur technique ne '
      + 'donne pas accès aux dossiers des personnes.');
    return;
  }
  const back = h('p', { class: 'back' },
    h('a', { href: '#/personnes' }, '← Retour à la liste des personnes'));
  const title = h('h1', null, 'Dossier');
  const alert = alertBox();
  const body = h('div', { class: 'person' }, h('p', { class: 'muted' }, 'Chargement du dossier…'));
  append(ctx.main, [back, title, alert, body]);
  focusTitle(ctx.main, 'Dossier');

  // The record and its parts in one request (issue 10 §12), asked at
  // boot already when the page is the first one shown.
  let p;
  try {
    // web/early.js asks every part (no include): the same answers, more.
    const url = recordUrl(id);
    p = useRecordReply(ctx, id, await (takeEarly(`/api/v1/persons/${id}/record`)
      || api('GET', url, undefined, ctx)));
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    if ((e.status === 403 || e.code === 'person.not_found') && can(state.user, 'person.breakglass')) {
      body.appendChild(breakglassForm(ctx, id));
    }
    return;
  }
  if (!ctx.alive()) return;
  // Drawn once, with its parts: their code is on its way already (at
  // load, web/early.js announced it; in-app, it is there).
  await recordPartsLoaded(PARTS_WAIT_MS);
  if (!ctx.alive()) return;
  clear(body);
  title.textContent = personName(p) || `Dossier n° ${p.id}`;
  document.title = `${title.textContent} — Maillage`;
  state.access[p.id] = p.access;
  const flash = takeFlash(p.id, 'personne');
  if (flash) append(body, flashView(flash));
  append(body, personView(ctx, p));
  const history = body.querySelector('[data-aggir-history]');
  if (history) loadAggirHistory(ctx, p.id, history);
  liveHeader(ctx, p, title);
}

// Issue 12 review: the identity header (with the page's title), the
// address and the autonomy (GIR and AGGIR history) follow the changes
// made elsewhere (person.changed, aggir.changed), each part drawn again
// alone from the person asked again under the user's rights, not while
// it is in use (core/live.js: focus inside, or a form typed into).
function liveHeader(ctx, p, title) {
  const body = title.parentNode;
  const part = (name) => body && body.querySelector(`[data-live-part="${name}"]`);
  const redraw = (name) => async () => {
    let np;
    try {
      np = await api('GET', `/api/v1/persons/${p.id}`, undefined, ctx);
    } catch {
      return;
    }
    const old = part(name);
    if (!ctx.alive() || !old) return;
    const access = np.access || p.access || { read: [], write: [] };
    state.access[p.id] = access;
    const fresh = name === 'identity' ? identitySection(np, access)
      : name === 'address' ? addressSection(np) : girSection(np, access);
    old.replaceWith(fresh);
    if (name === 'identity') {
      title.textContent = personName(np) || title.textContent;
      document.title = `${title.textContent} — Maillage`;
    }
    const hist = name === 'gir' && fresh.querySelector('[data-aggir-history]');
    if (hist) loadAggirHistory(ctx, p.id, hist);
  };
  for (const name of ['identity', 'address']) {
    liveRefresh(ctx, { types: ['person.changed'], person: p.id }, () => part(name), redraw(name));
  }
  liveRefresh(ctx, { types: ['aggir.changed'], person: p.id }, () => part('gir'), redraw('gir'));
}

// Issue 10 point 5: before any reason is typed, the server says whether an
// emergency access would open the DLU (GET /persons/{id}/breakglass): the
// form is offered only then; a refusal (objection, profession) is said at
// once, and a DLU already readable is simply linked.
function breakglassForm(ctx, id) {
  const box = h('div', { class: 'breakglass-box' },
    h('p', { class: 'muted' }, 'Vérification de l\'accès d\'urgence…'));
  (async () => {
    let chk;
    try {
      chk = await api('GET', `/api/v1/persons/${id}/breakglass`, undefined, ctx);
    } catch (e) {
      if (!ctx.alive()) return;
      clear(box);
      box.appendChild(h('p', { class: 'notice' }, e.message));
      return;
    }
    if (!ctx.alive()) return;
    clear(box);
    if (chk.breakglass_possible) {
      box.appendChild(reasonForm(ctx, id));
    } else if (chk.dlu_readable) {
      box.appendChild(h('p', { class: 'form-actions' },
        h('a', { href: `#/personnes/${id}/dlu`, class: 'btn btn-primary' }, 'Ouvrir le DLU')));
    } else {
      const titleId = uid('bg');
      box.appendChild(h('section', { class: 'card breakglass breakglass-refused',
        'aria-labelledby': titleId },
      h('h2', { id: titleId }, 'Accès d\'urgence impossible'),
      h('p', { role: 'status' }, chk.refusal || 'L\'accès d\'urgence ne peut pas ouvrir ce DLU.')));
    }
  })();
  return box;
}

function reasonForm(ctx, id) {
  const reason = h('textarea', { name: 'reason', rows: '4', required: true,
    minlength: String(BREAKGLASS_MIN), maxlength: '1000' });
  const f = field('Motif de l\'accès d\'urgence', reason,
    `Obligatoire, au moins ${BREAKGLASS_MIN} caractères. Exemple : appel de `
    + 'téléassistance de nuit, chute à domicile.');
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-danger' },
    'Ouvrir l\'accès d\'urgence');
  const titleId = uid('bg');
  const form = h('form', { class: 'card breakglass', novalidate: true,
    'aria-labelledby': titleId },
  h('h2', { id: titleId }, 'Accès d\'urgence (bris de glace)'),
  h('p', null, 'Vous ne suivez pas habituellement cette personne. En cas '
    + 'd\'urgence, vous pouvez consulter les informations nécessaires '
    + '(identité, soins, médical) pour une durée limitée.'),
  h('p', { class: 'warning-text' }, 'Cet accès est exceptionnel : il est '
    + 'tracé avec votre motif et signalé à la coordination.'),
  f.wrap, alert, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(alert, '');
    const text = reason.value.trim();
    if (text.length < BREAKGLASS_MIN) {
      reason.setAttribute('aria-invalid', 'true');
      setAlert(alert, `Le motif doit comporter au moins ${BREAKGLASS_MIN} caractères.`);
      reason.focus();
      return;
    }
    reason.removeAttribute('aria-invalid');
    submit.disabled = true;
    try {
      const r = await api('POST', `/api/v1/persons/${id}/breakglass`, { reason: text });
      if (r && r.expires_at) state.breakglassUntil[id] = r.expires_at;
      if (r && r.access) state.access[id] = r.access;
      if (r) state.breakglassRenewal[id] = r.renewal || 0;
    } catch (e) {
      submit.disabled = false;
      setAlert(alert, e.message);
      return;
    }
    if (!ctx.alive()) return;
    // The DLU at once (issue 10 point 5): what the emergency needs.
    if (location.hash === `#/personnes/${id}/dlu`) render();
    else location.hash = `#/personnes/${id}/dlu`;
  });
  return form;
}

// A renewed emergency access says so (the server counts it, GET
// /api/v1/breakglass flags it to the coordination).
function breakglassRenewalNote(id) {
  const n = state.breakglassRenewal[id];
  if (!n) return null;
  return h('p', { class: 'warning-text breakglass-renewal', role: 'status' },
    `Renouvellement n°${n} de l'accès d'urgence à ce dossier ; il sera signalé à la coordination.`);
}

// The record's own parts, each at its order, with the registered ones
// (core/record.js) between them: 10 access banner, 30 identity, 40
// address, 50 autonomy, 90 texts per category, 110 care circle, 120
// objections. A registered part renders (person, access, ctx) → Node or
// null and loads what it needs itself, with ctx.signal.
function personView(ctx, p) {
  const parts = [];
  const add = (order, node) => parts.push({ order, node });
  const access = p.access || { kind: 'none', read: [], write: [] };

  // Access banner: what this answer discloses and why.
  const catList = (l) => (l && l.length ? l.map(catLabel).join(', ') : 'aucune');
  add(10, h('section', { class: `access access-${access.kind}`,
    'aria-label': 'Vos droits sur ce dossier' },
  h('p', { class: 'access-kind' }, ACCESS_KIND[access.kind] || access.kind),
  access.kind === 'breakglass'
    ? h('p', null, 'Consultation d\'urgence : elle est tracée et signalée '
      + 'à la coordination.',
    state.breakglassUntil[p.id]
      ? ` Accès ouvert jusqu'au ${frDateTime(state.breakglassUntil[p.id], true)}.`
      : '')
    : null,
  access.kind === 'breakglass' ? breakglassRenewalNote(p.id) : null,
  h('p', null, h('span', { class: 'access-label' }, 'Lecture : '), catList(access.read)),
  h('p', null, h('span', { class: 'access-label' }, 'Écriture : '), catList(access.write))));
  // Identity (INS strict traits, status, flags).
  add(30, identitySection(p, access));

  // Address and territory (volet 2, travel time).
  add(40, addressSection(p));

  // Autonomy: the current GIR and the AGGIR evaluations.
  add(50, girSection(p, access));

  // Data texts, one block per category the server disclosed.
  const data = p.data || {};
  // Categories the server disclosed, plus readable ones with no text yet.
  const shown = new Set([...Object.keys(data), ...(access.read || [])]);
  const readable = CATEGORY_ORDER.filter((c) => shown.has(c));
  for (const c of shown) {
    if (!readable.includes(c)) readable.push(c);
  }
  const dataSection = h('section', { class: 'card', 'aria-labelledby': 'donnees' },
    h('h2', { id: 'donnees' }, 'Informations par catégorie'));
  if (!readable.length) {
    dataSection.appendChild(h('p', { class: 'muted' },
      'Aucune catégorie d\'information n\'est accessible avec votre profil.'));
  }
  for (const c of readable) {
    const text = data[c];
    dataSection.appendChild(h('div', { class: `data-block cat-${c}` },
      h('h3', null, catLabel(c)),
      text ? h('p', { class: 'data-text' }, text)
        : h('p', { class: 'muted' }, 'Aucune information saisie.'),
      canWrite(p, c) && access.kind !== 'breakglass' ? dataTextForm(p, c, text) : null));
  }
  add(90, dataSection);

  // Care circle.
  const circle = p.circle || [];
  const editCircle = mayEditCircle(access);
  const circleAlert = alertBox();
  const circleSection = h('section', { class: 'card', 'aria-labelledby': 'cercle' },
    h('h2', { id: 'cercle' }, 'Cercle de soins'), circleAlert);
  if (!circle.length) {
    circleSection.appendChild(h('p', { class: 'muted' }, 'Aucun membre enregistré.'));
  } else {
    const ul = h('ul', { class: 'plain-list' });
    for (const m of circle) {
      const kind = m.kind
        ? (metaLabel('org_types', m.kind) !== m.kind ? metaLabel('org_types', m.kind)
          : metaLabel('professions', m.kind))
        : '';
      ul.appendChild(h('li', null,
        h('span', { class: 'item-title' }, m.name || '—'),
        h('span', { class: 'item-meta' },
          [m.role, kind, m.since ? `depuis le ${frDateTime(m.since)}` : '']
            .filter(Boolean).join(' · ')),
        editCircle ? circleMemberEnd(p, m, circleAlert) : null));
    }
    circleSection.appendChild(ul);
  }
  if (editCircle) {
    circleSection.appendChild(circleProposal(p, ctx));
    circleSection.appendChild(circleAddForm(p, ctx));
  }
  add(110, circleSection);

  // Objections to sharing (consent).
  const objections = p.objections || [];
  const objAlert = alertBox();
  const objSection = h('section', { class: 'card', 'aria-labelledby': 'oppositions' },
    h('h2', { id: 'oppositions' }, 'Oppositions au partage'), objAlert);
  if (!objections.length) {
    objSection.appendChild(h('p', { class: 'muted' }, 'Aucune opposition enregistrée.'));
  } else {
    const ul = h('ul', { class: 'plain-list' });
    for (const o of objections) {
      const who = o.org_name || 'Toutes les structures partenaires';
      const what = o.category ? `catégorie ${catLabel(o.category)}` : 'toutes les catégories';
      ul.appendChild(h('li', { class: o.withdrawn_at ? 'is-withdrawn' : null },
        h('span', { class: 'item-title' }, `${who} — ${what}`),
        o.note ? h('span', { class: 'item-note' }, o.note) : null,
        h('span', { class: 'item-meta' },
          [o.informed_on ? `exprimée le ${frDate(o.informed_on)}` : '',
            o.informed_by ? `informée par ${o.informed_by}` : '',
            o.since ? `enregistrée le ${frDateTime(o.since)}` : '',
            o.withdrawn_at ? `levée le ${frDateTime(o.withdrawn_at)}` : 'en vigueur']
            .filter(Boolean).join(' · ')),
        editCircle && !o.withdrawn_at
          ? objectionWithdraw(p, o, `${who} — ${what}`, objAlert) : null));
    }
    objSection.appendChild(ul);
  }
  if (editCircle) objSection.appendChild(objectionAddForm(p, ctx));
  add(120, objSection);

  // An emergency grant opens identity, DLU and care notes only (the server
  // answers 403 breakglass.scope elsewhere): only the parts that say they
  // belong to the emergency view are shown.
  const emergency = access.kind === 'breakglass';
  for (const part of recordParts()) {
    if (!emergency || part.emergency) add(part.order, part.render(p, access, ctx));
  }
  return parts.sort((a, b) => a.order - b.order).map((x) => x.node);
}

// The identity (INS strict traits, status, flags), with its form.
function identitySection(p, access) {
  const age = ageFrom(p.birth_date);
  const flags = IDENTITY_FLAGS.filter(([k]) => p.flags && p.flags[k]);
  const statusBy = p.identity_status_by && p.identity_status_by.name;
  return h('section', { class: 'card', 'aria-labelledby': 'identite', 'data-live-part': 'identity' },
    h('h2', { id: 'identite' }, 'Identité'),
    flags.length
      ? h('ul', { class: 'flag-list', 'aria-label': 'Attributs de l\'identité' },
        flags.map(([k, label]) => h('li', null,
          h('span', { class: `badge flag flag-${k}` }, label))))
      : null,
    h('dl', { class: 'facts' },
      dlRow('Nom de naissance', p.birth_name_display || p.birth_name),
      dlRow('Nom utilisé', p.used_name),
      dlRow('Prénom(s) de naissance', p.first_names_display || p.first_names),
      dlRow('Prénom utilisé', p.used_first_name),
      dlRow('Date de naissance', p.birth_date
        ? `${frDate(p.birth_date)}${age !== null ? ` (${age} ans)` : ''}` : null),
      dlRow('Sexe', SEX_LABELS[p.sex] || p.sex),
      dlRow('Lieu de naissance', p.birthplace_insee
        ? [p.birthplace_name
          ? `${p.birthplace_name}${p.birthplace_insee.startsWith('99') ? ' (pays)' : ''} — ` : '',
        h('span', { class: 'fact-meta' }, `code INSEE ${p.birthplace_insee}`)] : null),
      // Issue 10 §2: the strict traits as the identity reference (INSi,
      // RNIV) writes them, next to the INS they go with.
      dlRow('Traits stricts (référentiel INS)', h('span', { class: 'rniv-traits' },
        h('span', { class: 'rniv' }, p.birth_name), ' ', h('span', { class: 'rniv' }, p.first_names))),
      dlRow('Matricule INS', p.ins ? h('span', null, h('code', null, p.ins),
        p.ins_oid ? h('span', { class: 'fact-meta' }, oidLabel(p.ins_oid)) : null) : null),
      !p.ins ? dlRow('OID de l\'INS', p.ins_oid ? oidLabel(p.ins_oid) : null) : null,
      h('div', null, h('dt', null, 'Statut de l\'identité'),
        h('dd', null, statusBadge(p.identity_status),
          p.identity_status_at || statusBy
            ? h('span', { class: 'fact-meta' },
              [p.identity_status_at ? `depuis le ${frDateTime(p.identity_status_at)}` : '',
                statusBy ? `par ${statusBy}` : ''].filter(Boolean).join(' '))
            : null)),
      dlRow('Pièce d\'identité contrôlée', p.identity_document
        ? (IDENTITY_DOCUMENTS[p.identity_document] || p.identity_document)
        : 'Aucune')),
    canWrite(p, 'admin') && access.kind !== 'breakglass' ? identityForm(p) : null);
}

function oidLabel(oid) {
  const o = INS_OIDS.find((x) => x.value === oid);
  return o ? `${o.label} (${oid})` : oid;
}

function addressSection(p) {
  const c = p.commune;
  let communeValue = null;
  let territory = null;
  if (c) {
    communeValue = h('span', null, communeName(c),
      h('span', { class: 'fact-meta' }, `Code INSEE ${c.code}`));
    territory = c.volet2 ? 'dans le territoire du volet 2' : 'hors du territoire du volet 2';
  } else if (p.commune_code) {
    communeValue = `Code INSEE ${p.commune_code}`;
  }
  const travel = c && c.travel_minutes !== null && c.travel_minutes !== undefined
    ? `${c.travel_minutes} min` : null;
  const rows = [
    dlRow('Adresse', p.address),
    dlRow('Téléphone', p.phone ? telLink(p.phone) : null),
    dlRow('Commune', communeValue),
    dlRow('Territoire', territory),
    dlRow('Temps de trajet depuis le CRT', travel),
  ].filter(Boolean);
  return h('section', { class: 'card', 'aria-labelledby': 'adresse', 'data-live-part': 'address' },
    h('h2', { id: 'adresse' }, 'Adresse et territoire'),
    rows.length ? h('dl', { class: 'facts' }, rows)
      : h('p', { class: 'muted' }, 'Aucune adresse enregistrée.'));
}

function evaluatorName(e) {
  if (!e) return '';
  return typeof e === 'string' ? e : (e.name || '');
}

// « GIR 3 (évalué le 02/10/2026 par Laure Chabert) ».
function girText(g) {
  const who = evaluatorName(g.evaluator);
  const when = [g.evaluated_on ? `évalué le ${frDate(g.evaluated_on)}` : '',
    who ? `par ${who}` : ''].filter(Boolean).join(' ');
  return when ? ` (${when})` : '';
}

function girSection(p, access) {
  const g = p.gir;
  const canWrite = (access.write || []).includes('soins');
  // The GIR is a soins datum: a profile that cannot read soins (the
  // secretariat) gets null, which does not mean « no evaluation ».
  if (!(access.read || []).includes('soins')) {
    return h('section', { class: 'card', 'aria-labelledby': 'autonomie', 'data-live-part': 'gir' },
      h('h2', { id: 'autonomie' }, 'Autonomie (grille AGGIR)'),
      h('p', { class: 'muted', 'data-gir': 'hidden' }, 'Le GIR et les évaluations AGGIR '
        + 'font partie des données de soins, que votre profil ne permet pas de consulter.'));
  }
  return h('section', { class: 'card', 'aria-labelledby': 'autonomie', 'data-live-part': 'gir' },
    h('h2', { id: 'autonomie' }, 'Autonomie (grille AGGIR)'),
    g && g.value
      ? h('p', { class: 'gir-summary' },
        h('span', { class: 'gir-value' }, `GIR ${g.value}`), girText(g))
      : h('p', { class: 'muted' }, 'Aucune évaluation AGGIR enregistrée.'),
    canWrite
      ? h('p', null, h('a', { href: `#/personnes/${p.id}/aggir`, class: 'btn' },
        'Nouvelle évaluation AGGIR'))
      : null,
    access.kind === 'breakglass' ? null : h('h3', null, 'Évaluations enregistrées'),
    access.kind === 'breakglass' ? null : h('div', { class: 'results', 'data-aggir-history': '' },
      h('p', { class: 'muted' }, 'Chargement des évaluations…')));
}

async function loadAggirHistory(ctx, id, box) {
  let data;
  try {
    // Once from the record's answer; asked again when drawn live.
    data = await partTake(ctx, `/api/v1/persons/${id}/aggir`);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(box);
    box.appendChild(h('p', { class: 'muted' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  clear(box);
  const items = (data.items || []).slice().sort((a, b) =>
    (b.evaluated_on || '').localeCompare(a.evaluated_on || '') || (b.id - a.id));
  if (!items.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Aucune évaluation.'));
    return;
  }
  const tbody = h('tbody');
  for (const e of items) {
    tbody.appendChild(h('tr', null,
      h('td', { 'data-label': 'Date' }, frDate(e.evaluated_on)),
      h('td', { 'data-label': 'GIR' }, h('strong', null, `GIR ${e.gir}`)),
      h('td', { 'data-label': 'Lettres' }, h('div', null,
        h('code', { class: 'letters', title: (e.variables || [])
          .map((v) => `${v.code} ${v.letter}`).join(', ') }, e.letters || ''),
        e.input_kind ? h('span', { class: 'item-meta' },
          `Saisie : ${AGGIR_INPUT_KIND[e.input_kind] || e.input_kind}`) : null)),
      h('td', { 'data-label': 'Évaluateur' }, h('div', null,
        evaluatorName(e.evaluator),
        e.note ? h('span', { class: 'item-note' }, e.note) : null))));
  }
  box.appendChild(h('table', { class: 'table table-cards aggir-history' },
    h('caption', { class: 'visually-hidden' }, 'Évaluations AGGIR, la plus récente d\'abord'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Date'),
      h('th', { scope: 'col' }, 'GIR'),
      h('th', { scope: 'col' }, 'Lettres'),
      h('th', { scope: 'col' }, 'Évaluateur'))),
    tbody));
}

// Whether the record's answer lets the user write category `cat`.
function canWrite(p, cat) {
  return ((p.access || {}).write || []).includes(cat);
}

// The access to a record (to offer the edit form): the one last answered
// for it, else asked (GET /api/v1/persons/{id}); null if refused.
async function recordAccess(id) {
  if (state.access[id]) return state.access[id];
  try {
    const p = await api('GET', `/api/v1/persons/${id}`);
    state.access[id] = p.access;
    return p.access;
  } catch {
    return null;
  }
}

export { breakglassForm, breakglassRenewalNote, canWrite, pagePersonne, recordAccess };
