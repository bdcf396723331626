// Maillage — the liaison notebook (issue 12): the « Carnet de liaison »
// part of a person's record (notes by category, unread marks, corrected
// notes, a form for free text or a transmission ciblée D/A/R, correct,
// acknowledge), the « Non lues » page of the user, the note form opened
// from a visit card of the round (« Note »: the person, the visit and the
// category prefilled), and the vigilance notes shown first when a visit
// starts, with « J'ai pris connaissance ».
//
// Owns: #/notes (my unread notes) and the notes part (GET/POST
// /api/v1/persons/{id}/notes, …/notes/pending, POST /api/v1/notes/{id}/
// corrections, /read, /ack, GET /api/v1/notes/{id}/receipts,
// /api/v1/me/notes/unread).
// Must not: decide who reads which note (the server answers only the
// notes one may read, by their data category) nor change a note: a
// correction is a new note.
//
// Imports web/core/ only; registered by sections/coordination/index.js.
import { api } from '../../core/api.js';
import { append, clear, h, uid } from '../../core/dom.js';
import { frDateTime, personName } from '../../core/format.js';
import {
  alertBox, checkField, clearFormErrors, formField, select, setAlert, showFormError, textArea,
  textInput,
} from '../../core/forms.js';
import { liveRefresh } from '../../core/live.js';
import { can } from '../../core/perm.js';
import { focusTitle } from '../../core/router.js';
import { state } from '../../core/session.js';
import { loadPart } from '../../core/widgets.js';

export const CATEGORIES = [
  ['soins', 'Soins'], ['traitement', 'Traitement'], ['social', 'Social'],
  ['vie_quotidienne', 'Vie quotidienne'], ['psy', 'Psy'], ['medical', 'Médical'],
];
const catLabel = (c) => (CATEGORIES.find((x) => x[0] === c) || [c, c])[1];

// The category a note from the round starts with: care for the nurses
// and the doctor, daily life for the others.
export function defaultCategory(user) {
  return ['ide', 'idec', 'medecin'].includes(user && user.profession) ? 'soins' : 'vie_quotidienne';
}

// ---- One note

function noteText(n) {
  if (n.kind === 'dar') {
    return h('dl', { class: 'note-dar' },
      h('div', null, h('dt', null, 'Cible'), h('dd', null, n.target || '')),
      n.data ? h('div', null, h('dt', null, 'Données'), h('dd', null, n.data)) : null,
      n.actions ? h('div', null, h('dt', null, 'Actions'), h('dd', null, n.actions)) : null,
      n.results ? h('div', null, h('dt', null, 'Résultats'), h('dd', null, n.results)) : null);
  }
  return h('p', { class: 'note-body' }, n.body || '');
}

// A note as a card: category chip, author and date, « Non lue »,
// « À prendre en compte », « Corrigée » (who, when), its text, and the
// actions the user may take on it.
function noteCard(n, opts = {}) {
  const id = uid('note');
  const art = h('article', {
    class: `card note${n.vigilance ? ' note-vigilance' : ''}${n.corrected_by_id ? ' note-corrected' : ''}`,
    'aria-labelledby': id, 'data-note': String(n.id), 'data-category': n.category,
  },
  h('h3', { id, class: 'note-title' },
    h('span', { class: 'badge chip' }, n.category_label || catLabel(n.category)), ' ',
    `${n.author ? n.author.name : ''} — ${frDateTime(n.created_at, true)}`),
  h('p', { class: 'item-meta' },
    opts.person ? [h('a', { href: `#/personnes/${n.person_id}` }, personName(opts.person)), ' '] : null,
    n.read_at === null ? [h('span', { class: 'badge badge-info note-unread' }, 'Non lue'), ' '] : null,
    n.vigilance ? [h('span', { class: 'badge badge-urgent' }, 'À prendre en compte'), ' '] : null,
    n.vigilance && n.ack_count ? [h('span', { class: 'badge state-on' },
      `Prise en compte (${n.ack_count})`), ' '] : null,
    n.corrects_id ? [h('span', { class: 'badge' }, 'Correction'), ' '] : null,
    n.corrected_by_id ? h('span', { class: 'badge badge-warn' },
      `Corrigée par ${n.corrected_by_name || ''} le ${frDateTime(n.corrected_at, true)}`) : null),
  noteText(n));
  if (opts.actions) art.appendChild(opts.actions(n));
  return art;
}

// « J'ai pris connaissance » of a vigilance note (the visit started, if any).
function ackButton(n, visit, done) {
  // Issue 12 review (F6): the next professional confirms, not the writer.
  if (n.author && n.author.id === state.user.id) {
    return h('p', { class: 'muted' }, 'Votre note : un autre professionnel confirmera l\'avoir prise en compte.');
  }
  const b = h('button', { type: 'button', class: 'btn btn-primary' }, 'J\'ai pris connaissance');
  b.setAttribute('aria-label', `J'ai pris connaissance de la note de ${n.author ? n.author.name : ''}`);
  const alert = alertBox();
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await api('POST', `/api/v1/notes/${n.id}/ack`,
        visit ? { series_id: visit.series_id, occ_key: visit.key } : {});
      done();
    } catch (e) {
      b.disabled = false;
      setAlert(alert, e.message);
    }
  });
  return h('div', { class: 'part-actions' }, b, alert);
}

// ---- The form: free text or a transmission ciblée

// Issue 12 review (F18): the form offers only the categories the user
// may write for this person, as the server decides them (`may_write` of
// the person's note list, or GET …/notes/categories when the form is
// opened from elsewhere, the round): keeps the wanted category when it
// is one of them, else the first.
function offerCategories(cat, writable, wanted, alert, save) {
  clear(cat);
  for (const [value, label] of CATEGORIES.filter(([v]) => writable.includes(v))) {
    cat.appendChild(h('option', { value }, label));
  }
  if (writable.includes(wanted)) cat.value = wanted;
  if (!writable.length) {
    save.disabled = true;
    setAlert(alert, 'Vous ne pouvez écrire de note dans aucune catégorie pour cette personne.');
  }
}

// opts: {personId, category, categories: the writable codes (fetched when
// absent), visit: {series_id, key}, corrects: note, onDone(note)}
export function noteForm(opts) {
  const fields = {};
  const alert = alertBox();
  const c = opts.corrects;
  const wanted = c ? c.category : (opts.category || defaultCategory(state.user));
  const cat = select(CATEGORIES.map(([value, label]) => ({ value, label })), wanted, { name: 'category' });
  fields.category = formField('Catégorie', cat);
  const kind = select([{ value: 'text', label: 'Texte libre' },
    { value: 'dar', label: 'Transmission ciblée (Données / Actions / Résultats)' }],
  c ? c.kind : 'text', { name: 'kind' });
  fields.kind = formField('Forme', kind);
  fields.body = formField('Note', textArea('body', { rows: '4', maxlength: '4000' }), { wide: true });
  fields.target = formField('Cible', textInput('target'), { hint: 'Ce que la transmission concerne : douleur, '
    + 'chute, appétit…' });
  fields.data = formField('Données', textArea('data', { maxlength: '4000' }), { wide: true });
  fields.actions = formField('Actions', textArea('actions', { maxlength: '4000' }), { wide: true });
  fields.results = formField('Résultats', textArea('results', { maxlength: '4000' }), { wide: true });
  const vig = checkField('À prendre en compte', { name: 'vigilance' },
    'Le prochain professionnel qui vient devra confirmer en avoir pris connaissance.');
  if (c) {
    for (const k of ['body', 'target', 'data', 'actions', 'results']) fields[k].input.value = c[k] || '';
    vig.input.checked = c.vigilance;
  }
  const dar = h('div', { class: 'note-dar-fields' }, fields.target.wrap, fields.data.wrap,
    fields.actions.wrap, fields.results.wrap);
  const showKind = () => {
    const isDar = kind.value === 'dar';
    dar.hidden = !isDar;
    fields.body.wrap.hidden = isDar;
  };
  kind.addEventListener('change', showKind);
  showKind();
  // Text typed and not yet saved: a live redraw of the part waits
  // (core/live.js editing()), even once the focus has left.
  const dirty = () => {
    const typed = ['body', 'target', 'data', 'actions', 'results']
      .some((k) => fields[k].input.value.trim() !== ((c && c[k]) || ''));
    if (typed) form.setAttribute('data-dirty', '');
    else form.removeAttribute('data-dirty');
  };
  const save = h('button', { type: 'submit', class: 'btn btn-primary' },
    c ? 'Enregistrer la correction' : 'Enregistrer la note');
  const form = h('form', { class: 'note-form', novalidate: '' },
    fields.category.wrap, fields.kind.wrap, fields.body.wrap, dar, vig.wrap,
    h('p', { class: 'part-actions' }, save), alert);
  const pid = c ? c.person_id : opts.personId;
  if (opts.categories) offerCategories(cat, opts.categories, wanted, alert, save);
  else {
    cat.disabled = true;
    api('GET', `/api/v1/persons/${pid}/notes/categories`)
      .then((r) => offerCategories(cat, r.may_write, wanted, alert, save))
      .catch((e) => showFormError(e, fields, alert))
      .finally(() => { cat.disabled = false; });
  }
  form.addEventListener('input', dirty);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(fields, alert);
    const body = { category: cat.value, kind: kind.value, vigilance: vig.input.checked };
    const val = (k) => fields[k].input.value.trim();
    if (kind.value === 'dar') {
      for (const k of ['target', 'data', 'actions', 'results']) if (val(k)) body[k] = val(k);
    } else if (val('body')) body.body = val('body');
    if (opts.visit && !c) {
      body.series_id = opts.visit.series_id;
      body.occ_key = opts.visit.key;
    }
    save.disabled = true;
    try {
      const n = await api('POST', c ? `/api/v1/notes/${c.id}/corrections`
        : `/api/v1/persons/${opts.personId}/notes`, body);
      form.reset();
      form.removeAttribute('data-dirty');
      showKind();
      setAlert(alert, c ? 'Correction enregistrée.' : 'Note enregistrée.');
      if (opts.onDone) opts.onDone(n);
    } catch (e) {
      showFormError(e, fields, alert);
    } finally {
      save.disabled = false;
    }
  });
  return { form, focus: () => (kind.value === 'dar' ? fields.target : fields.body).input.focus() };
}

// ---- The record part « Carnet de liaison »

export async function loadNotesPart(ctx, p, section, category) {
  const box = section.querySelector('.part-body');
  // The record brought the first page (include=notes); a category is
  // asked from the route.
  const data = await loadPart(ctx, section,
    `/api/v1/persons/${p.id}/notes${category ? `?category=${category}` : ''}`);
  if (!data) return;
  clear(box);
  section.notesCategory = category;	// a live redraw keeps the filter
  const reload = (cat) => {
    ctx.parts && ctx.parts.delete(`/api/v1/persons/${p.id}/notes`);
    loadNotesPart(ctx, p, section, cat === undefined ? category : cat);
  };
  // The category chips: a filter, « Toutes » first.
  const chips = h('p', { class: 'chips', role: 'group', 'aria-label': 'Catégories' });
  // Only the categories the user may read (F18: the others are always
  // empty for her).
  const readable = CATEGORIES.filter(([v]) => !data.may_read || data.may_read.includes(v));
  for (const [code, label] of [['', 'Toutes'], ...readable]) {
    const b = h('button', { type: 'button', class: 'btn btn-small chip',
      'aria-pressed': (category || '') === code ? 'true' : 'false' }, label);
    b.addEventListener('click', () => reload(code || null));
    chips.appendChild(b);
  }
  box.appendChild(chips);
  const unread = data.items.filter((n) => n.read_at === null).length;
  box.appendChild(h('p', { class: 'item-meta' }, `${data.total} note${data.total > 1 ? 's' : ''}`
    + (unread ? ` · ${unread} non lue${unread > 1 ? 's' : ''}` : '')));
  if (can(state.user, 'note.write')) {
    const f = noteForm({ personId: p.id, categories: data.may_write, onDone: () => reload() });
    const d = h('details', { class: 'edit-block' }, h('summary', null, 'Écrire une note'), f.form);
    box.appendChild(d);
  }
  if (!data.items.length) box.appendChild(h('p', { class: 'muted' }, 'Aucune note.'));
  const list = h('ul', { class: 'note-list' });
  for (const n of data.items) {
    list.appendChild(h('li', null, noteCard(n, {
      actions: (x) => noteActions(x, () => reload(), data.may_write),
    })));
  }
  box.appendChild(list);
  // Reading on screen records the receipt (once per reader; the server
  // keeps the first date).
  for (const n of data.items.filter((x) => x.read_at === null)) {
    api('POST', `/api/v1/notes/${n.id}/read`, {}).catch(() => null);
  }
}

// Issue 12: the part drawn again, alone, when a note of the person is
// written, corrected or acknowledged elsewhere (not on a reading: the
// part records its own). core/live.js waits while the part is in use (a
// note being typed, a button just pressed).
export const NOTE_EVENTS = ['note.posted', 'note.acked'];
export function liveNotesPart(ctx, p, section) {
  liveRefresh(ctx, { types: NOTE_EVENTS, person: p.id }, section, () => {
    if (ctx.parts) ctx.parts.delete(`/api/v1/persons/${p.id}/notes`);
    loadNotesPart(ctx, p, section, section.notesCategory);
  });
}

function noteActions(n, reload, mayWrite) {
  const box = h('div', { class: 'note-actions' });
  // Issue 12 review (F6): another professional confirms a vigilance
  // note, not its author (the server refuses it otherwise).
  const mine = n.author && n.author.id === state.user.id;
  if (n.vigilance && n.acked_at === null && !mine && can(state.user, 'note.write')) {
    box.appendChild(ackButton(n, null, reload));
  }
  if (!n.corrected_by_id && can(state.user, 'note.write')) {
    const holder = h('div', { hidden: true });
    const b = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false' }, 'Corriger');
    b.setAttribute('aria-label', `Corriger la note du ${frDateTime(n.created_at, true)}`);
    b.addEventListener('click', () => {
      if (!holder.firstChild) holder.appendChild(noteForm({ corrects: n, categories: mayWrite, onDone: reload }).form);
      holder.hidden = !holder.hidden;
      b.setAttribute('aria-expanded', holder.hidden ? 'false' : 'true');
    });
    box.append(b, holder);
  }
  if (n.vigilance && can(state.user, 'note.receipts')) {
    const holder = h('div', { hidden: true });
    const b = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false' }, 'Qui l\'a lue ?');
    b.addEventListener('click', async () => {
      holder.hidden = !holder.hidden;
      b.setAttribute('aria-expanded', holder.hidden ? 'false' : 'true');
      if (holder.hidden || holder.firstChild) return;
      try {
        const r = await api('GET', `/api/v1/notes/${n.id}/receipts`);
        // Issue 12 review: only those who may read the note (the server's
        // access decision, objections included); who has not read it
        // first, said in one sentence, then every reader.
        const notYet = r.readers.filter((x) => !x.read_at);
        const read = r.readers.filter((x) => x.read_at);
        const all = r.readers.length;
        const said = notYet.length
          ? `Pas encore lue par ${notYet.length} des ${all} personne${all > 1 ? 's' : ''} qui peuvent la lire : `
            + `${notYet.map((x) => x.user.name).join(', ')}.`
          : `Lue par ${all > 1 ? `les ${all} personnes qui peuvent` : 'la personne qui peut'} la lire.`;
        holder.append(h('p', { class: 'note-readers-sum' }, said),
          h('ul', { class: 'note-readers' }, [...notYet, ...read].map((x) => h('li', null,
            `${x.user.name} : `, x.read_at ? `lue le ${frDateTime(x.read_at, true)}` : h('strong', null, 'pas lue'),
            x.acked_at ? ` · prise en compte le ${frDateTime(x.acked_at, true)}` : ''))));
      } catch (e) {
        holder.appendChild(h('p', { class: 'muted' }, e.message));
      }
    });
    box.append(b, holder);
  }
  return box;
}

// ---- At the start of a visit: the vigilance notes first

// Fills `box` with the person's unacknowledged vigilance notes, each with
// « J'ai pris connaissance » naming visit v; empty when there are none.
export async function fillPending(box, personId, v) {
  let r;
  try {
    r = await api('GET', `/api/v1/persons/${personId}/notes/pending`);
  } catch {
    return;
  }
  clear(box);
  if (!r.items.length) return;
  const id = uid('vigilance');
  box.appendChild(h('section', { class: 'note-pending', 'aria-labelledby': id },
    h('h4', { id }, `À prendre en compte avant la visite (${r.items.length})`),
    r.items.map((n) => noteCard(n, { actions: (x) => (x.author && x.author.id === state.user.id
      ? h('p', { class: 'muted' }, 'Votre note : un autre professionnel la prendra en compte.')
      : ackButton(x, v, () => fillPending(box, personId, v))) }))));
}

// ---- #/notes: my unread notes

async function pageUnread(ctx, r) {
  // Issue 12 review: ?vigilance=1 (the home page's « Transmissions « à
  // prendre en compte » non lues ») lists only those, each with « J'ai
  // pris connaissance » (not under one's own) beside « Marquer comme lue ».
  const vig = !!(r && r.params && r.params.get('vigilance') === '1');
  const title = vig ? 'Notes « à prendre en compte » non lues' : 'Notes non lues';
  const alert = alertBox();
  const body = h('div', { class: 'notes-unread' });
  const other = vig ? h('a', { href: '#/notes' }, 'Voir toutes les notes non lues')
    : h('a', { href: '#/notes?vigilance=1' }, 'Voir seulement les notes « à prendre en compte »');
  append(ctx.main, [h('h1', null, title), h('p', null, other), alert, body]);
  focusTitle(ctx.main, title);
  await fillUnread(ctx, body, alert, vig);
  // Issue 12: a note written, corrected or read elsewhere (another tab,
  // another device) changes the list: drawn again, not while a button
  // of it has the focus.
  liveRefresh(ctx, { types: ['note.posted', 'note.read', 'note.acked'] }, body,
    () => fillUnread(ctx, body, alert, vig));
}

async function fillUnread(ctx, body, alert, vig) {
  let r;
  try {
    r = await api('GET', '/api/v1/me/notes/unread', undefined, ctx);
  } catch (e) {
    if (ctx.alive()) setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  clear(body);
  const items = vig ? r.items.filter((n) => n.vigilance) : r.items;
  if (!items.length) {
    body.appendChild(h('p', { class: 'muted' }, vig
      ? 'Aucune note « à prendre en compte » non lue ces 30 derniers jours.'
      : 'Aucune note non lue ces 30 derniers jours.'));
    return;
  }
  const list = h('ul', { class: 'note-list' });
  const count = vig ? items.length : r.count;
  body.append(h('p', { class: 'item-meta' }, `${count} note${count > 1 ? 's' : ''} non lue`
    + `${count > 1 ? 's' : ''}`), list);
  for (const n of items) {
    const person = { birth_name: n.birth_name, first_names: n.first_names };
    const read = h('button', { type: 'button', class: 'btn btn-small' }, 'Marquer comme lue');
    const mine = n.author && n.author.id === state.user.id;
    const ack = n.vigilance && n.acked_at === null && !mine && can(state.user, 'note.write')
      ? ackButton(n, null, () => fillUnread(ctx, body, alert, vig)) : null;
    const card = noteCard(n, { person, actions: () => h('div', { class: 'note-actions' }, ack, read) });
    read.addEventListener('click', async () => {
      read.disabled = true;
      try {
        await api('POST', `/api/v1/notes/${n.id}/read`, {});
        card.closest('li').remove();
      } catch (e) {
        read.disabled = false;
        setAlert(alert, e.message);
      }
    });
    list.appendChild(h('li', null, card));
  }
}

export const notesPages = { notes: (ctx, r) => pageUnread(ctx, r) };
