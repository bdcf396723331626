// Maillage — the emergency temporary beds (issue 13): each place with its
// state tonight and over the four weeks ahead, the stays (arrival,
// departure, cancellation), the booking form that shows the person's days
// left before saving, the urgent requests refused for lack of a place,
// and the occupancy of the year.
//
// Owns: #/lits (GET /api/v1/beds, /beds/allowance, /beds/occupancy; POST
// /api/v1/bedstays, /bedstays/{id}/arrival|departure|cancel,
// /beds/refusals).
// Must not: decide any right or limit (the server refuses a booking over
// a limit with its French message, shown next to the field it names).
//
// Imports web/core/ and this section's person picker.
import { api } from '../../core/api.js';
import { append, h, uid } from '../../core/dom.js';
import { frDate, personName } from '../../core/format.js';
import {
  alertBox, clearFormErrors, formField, orNull, select, setAlert, showFormError, textArea, textInput,
} from '../../core/forms.js';
import { liveRefresh } from '../../core/live.js';
import { can } from '../../core/perm.js';
import { focusTitle, pageMessage } from '../../core/router.js';
import { state } from '../../core/session.js';
import { personPicker } from './intake.js';

const KINDS = {
  hebergement_temporaire: 'Hébergement temporaire',
  sortie_hospitalisation: 'Sortie d\'hospitalisation',
  chambre_urgence: 'Chambre d\'urgence',
};
const REASONS = {
  sortie_hospitalisation: 'Sortie d\'hospitalisation',
  defaillance_aidant: 'Défaillance de l\'aidant',
  crise: 'Crise',
  repit: 'Répit',
};
const STATES = {
  free: ['Libre', 'bed-free'], booked: ['Réservé', 'bed-booked'],
  occupied: ['Occupé', 'bed-occupied'], closed: ['Fermé', 'bed-closed'],
};
const STAY_STATUS = {
  booked: 'Réservé', in_progress: 'En cours', ended: 'Terminé', cancelled: 'Annulé',
};
const DAYS = ['Lu', 'Ma', 'Me', 'Je', 'Ve', 'Sa', 'Di'];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
  'septembre', 'octobre', 'novembre', 'décembre'];

export const bedPages = {
  lits: (ctx) => pageBeds(ctx),
};

// 'YYYY-MM-DD' plus n days (calendar days: noon UTC, no DST edge).
function addDays(day, n) {
  return new Date(Date.parse(`${day}T12:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
}

function weekday(day) {
  return (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
}

function plural(n, word) {
  return `${n} ${word}${n > 1 ? 's' : ''}`;
}

async function pageBeds(ctx) {
  if (!can(state.user, 'bed.read')) {
    pageMessage(ctx, 'Lits d\'urgence', 'Votre rôle ne donne pas accès à cette page.');
    return;
  }
  const title = h('h1', null, 'Lits d\'urgence');
  const summary = h('p', { class: 'result-count', role: 'status' }, 'Chargement des places…');
  const board = h('div', { class: 'bed-board' });
  append(ctx.main, [title,
    h('p', { class: 'page-sub' }, 'Places d\'hébergement temporaire du CRT et des EHPAD partenaires : '
      + 'l\'état de ce soir et des quatre semaines à venir, les séjours et les demandes refusées.'),
    summary, board]);
  focusTitle(ctx.main, 'Lits d\'urgence');
  let data = null;
  const booking = can(state.user, 'bed.book') ? h('section', { class: 'card bed-book' }) : null;
  const refusal = can(state.user, 'bed.book') ? h('section', { class: 'card bed-refusal' }) : null;
  const occupancy = h('section', { class: 'card bed-occupancy' });
  append(ctx.main, [booking, refusal, occupancy]);

  const fill = async () => {
    const today = data ? data.today : null;
    // Four whole weeks from this week's Monday.
    let d;
    try {
      d = await api('GET', '/api/v1/beds?days=1', undefined, ctx);
      const from = addDays(d.today, -weekday(d.today));
      d = await api('GET', `/api/v1/beds?from=${from}&days=35`, undefined, ctx);
    } catch (e) {
      if (!ctx.alive()) return;
      summary.textContent = e.message;
      return;
    }
    if (!ctx.alive()) return;
    data = d;
    const n = d.free_today;
    summary.textContent = d.beds.length === 0 ? 'Aucune place enregistrée.'
      : `${plural(n, 'place libre')} ce soir sur ${d.beds.length}.`;
    board.replaceChildren(...d.beds.map((b) => bedCard(ctx, d, b, fill)));
    if (booking && (!today || !booking.childElementCount)) drawBooking(ctx, booking, d, fill);
    else if (booking) refreshPlaces(booking, d);
  };
  await fill();
  if (refusal) drawRefusal(ctx, refusal, () => drawOccupancy(ctx, occupancy));
  await drawOccupancy(ctx, occupancy);
  // A booking, an arrival or a closure elsewhere redraws the board
  // (ids only on the wire); not while a form here is being typed.
  liveRefresh(ctx, { types: ['bed.changed'] }, board, fill);
}

function bedCard(ctx, d, b, refill) {
  const [label, cls] = STATES[b.today] || [b.today, ''];
  const titleId = uid('lit');
  const stays = d.stays.filter((s) => s.bed_id === b.id && s.status !== 'cancelled'
    && (s.status !== 'ended' || s.ended_on >= d.today));
  return h('article', { class: `card bed-card${b.retired_on ? ' is-retired' : ''}`, 'data-bed': String(b.id),
    'aria-labelledby': titleId },
  h('h2', { id: titleId }, b.label),
  h('p', { class: 'badge-row' }, b.retired_on
    ? h('span', { class: 'badge state-off' }, `Retirée depuis le ${frDate(b.retired_on)}`)
    : h('span', { class: `badge ${cls}` }, `Ce soir : ${label}`), ' ',
  h('span', { class: 'badge' }, KINDS[b.kind] || b.kind),
  b.org_name ? h('span', { class: 'muted' }, ` ${b.org_name}`) : null),
  calendar(d, b),
  stays.length ? h('ul', { class: 'plain-list bed-stays' },
    stays.map((s) => stayItem(ctx, d, s, refill))) : h('p', { class: 'muted' }, 'Aucun séjour à venir.'),
  can(state.user, 'bed.manage') ? placeManage(ctx, b, refill) : null);
}

// Issue 13 §4: the place renamed, retired (no longer offered for new
// bookings; its stays and statistics kept; refused by the server while a
// booking is current or to come) or put back in service.
function placeManage(ctx, b, refill) {
  const name = formField(`Nouveau nom de « ${b.label} »`, h('input', { type: 'text', name: 'label',
    maxlength: '200', value: b.label, autocomplete: 'off' }));
  const alert = alertBox();
  const rename = h('button', { type: 'submit', class: 'btn btn-small' }, 'Renommer');
  const retire = h('button', { type: 'button', class: `btn btn-small${b.retired_on ? '' : ' btn-danger'}`,
    'data-action': 'retire' }, b.retired_on ? 'Remettre en service' : 'Retirer la place');
  const send = async (body, btn) => {
    setAlert(alert, '');
    name.setError('');
    btn.disabled = true;
    try {
      await api('PATCH', `/api/v1/beds/${b.id}`, body, ctx);
      if (ctx.alive()) await refill();
    } catch (e) {
      btn.disabled = false;
      if (e.field === 'label') {
        name.setError(e.message);
        name.input.focus();
      } else setAlert(alert, e.message);
    }
  };
  const form = h('form', { class: 'bed-manage', novalidate: true }, name.wrap,
    h('p', { class: 'form-actions' }, rename, retire), alert);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    send({ label: name.input.value.trim() }, rename);
  });
  retire.addEventListener('click', () => {
    // eslint-disable-next-line no-alert
    if (!b.retired_on && !window.confirm(`Retirer « ${b.label} » ? Elle ne sera plus proposée `
      + 'pour de nouvelles réservations ; ses séjours et ses statistiques restent.')) return;
    send({ retired: !b.retired_on }, retire);
  });
  const box = h('details', { class: 'bed-manage-box' }, h('summary', null, 'Renommer ou retirer la place'),
    form);
  // Kept open across the board's redraws (its own write, a live event).
  if (manageOpen.has(b.id)) box.open = true;
  box.addEventListener('toggle', () => {
    if (box.open) manageOpen.add(b.id);
    else manageOpen.delete(b.id);
  });
  return box;
}
const manageOpen = new Set();

// The weeks shown, Monday first: each day's number and its state, in
// words for screen readers (the colour is never the only sign).
function calendar(d, b) {
  const rows = [];
  for (let w = 0; w * 7 < d.days; w++) {
    const cells = [];
    for (let i = 0; i < 7; i++) {
      const k = w * 7 + i;
      const day = addDays(d.from, k);
      const [label, cls] = STATES[b.states[k]] || ['', ''];
      const past = day < d.today;
      cells.push(h('td', { class: `bed-day ${cls}${past ? ' is-past' : ''}${day === d.today ? ' is-today' : ''}`,
        title: `${frDate(day)} : ${label}` },
      h('span', { 'aria-hidden': 'true' }, String(Number(day.slice(8)))),
      h('span', { class: 'visually-hidden' }, `${frDate(day)} ${label}`)));
    }
    rows.push(h('tr', null, cells));
  }
  return h('table', { class: 'bed-calendar' },
    h('caption', { class: 'visually-hidden' }, `${b.label} : état de chaque jour`),
    h('thead', null, h('tr', null, DAYS.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, rows),
    h('tfoot', null, h('tr', null, h('td', { colspan: '7', class: 'bed-legend' },
      Object.values(STATES).map(([l, c]) => h('span', { class: `bed-key ${c}` }, l))))));
}

function stayItem(ctx, d, s, refill) {
  const who = s.identity_hidden ? h('span', null, 'Personne non visible pour vous')
    : h('a', { href: `#/personnes/${s.person_id}` },
      personName({ birth_name_display: s.birth_name, first_names_display: s.first_names }));
  const msg = alertBox();
  const act = (label, path, body) => {
    const btn = h('button', { type: 'button', class: 'btn' }, label);
    btn.addEventListener('click', async () => {
      btn.disabled = true;
      try {
        await api('POST', `/api/v1/bedstays/${s.id}/${path}`, body, ctx);
        if (ctx.alive()) await refill();
      } catch (e) {
        btn.disabled = false;
        setAlert(msg, e.message);
      }
    });
    return btn;
  };
  const buttons = [];
  if (can(state.user, 'bed.book') && !s.identity_hidden) {
    if (s.status === 'booked' && s.start_on <= d.today) buttons.push(act('Arrivée aujourd\'hui', 'arrival', {}));
    if (s.status === 'in_progress') buttons.push(act('Sortie aujourd\'hui', 'departure', {}));
    if (s.status === 'booked') buttons.push(act('Annuler la réservation', 'cancel', {}));
  }
  return h('li', { class: 'bed-stay', 'data-stay': String(s.id) },
    h('p', null, h('strong', null, STAY_STATUS[s.status] || s.status), ' — ', who),
    h('p', { class: 'muted' }, `Du ${frDate(s.arrived_on || s.start_on)} au ${frDate(s.ended_on || s.planned_end_on)}`
      + ` (${plural(s.days, 'nuit')})${s.reason ? ` — ${REASONS[s.reason]}` : ''}`),
    buttons.length ? h('p', { class: 'form-actions' }, buttons) : null, msg);
}

// The places offered for a booking: a retired one is not.
function placeOptions(d) {
  return [{ value: '', label: 'Choisir…' },
    ...d.beds.filter((b) => !b.retired_on).map((b) => ({ value: String(b.id), label: b.label }))];
}

function refreshPlaces(section, d) {
  const sel = section.querySelector('select[name="bed_id"]');
  if (!sel || sel.matches(':focus')) return;
  const v = sel.value;
  sel.replaceChildren(...placeOptions(d).map((o) => h('option', { value: o.value }, o.label)));
  sel.value = v;
}

// The booking: the days left are asked as soon as the person and both
// dates are known, and shown before saving.
function drawBooking(ctx, section, d, refill) {
  const f = {};
  const picker = personPicker(null);
  f.person_id = formField('Personne', picker.input, { required: true, alert: true, wide: true,
    hint: 'Nom, prénom ou date de naissance JJ/MM/AAAA, puis choisir dans la liste.',
    after: picker.extras });
  const bed = select(placeOptions(d), '', { name: 'bed_id' });
  f.bed_id = formField('Place', bed, { required: true, alert: true });
  const start = h('input', { type: 'date', name: 'start_on', value: d.today, class: 'input-medium' });
  f.start_on = formField('Entrée', start, { required: true, alert: true });
  const end = h('input', { type: 'date', name: 'planned_end_on', value: addDays(d.today, 7),
    class: 'input-medium' });
  f.planned_end_on = formField('Sortie prévue', end, { required: true, alert: true,
    hint: 'Le jour du départ : la dernière nuit est la veille.' });
  const reason = select([{ value: '', label: 'Choisir…' },
    ...Object.entries(REASONS).map(([value, label]) => ({ value, label }))], '', { name: 'reason' });
  f.reason = formField('Motif', reason, { required: true, alert: true });
  f.note = formField('Note', textArea('note', { maxlength: '500', rows: '2' }), { alert: true, wide: true });
  const allowance = h('p', { class: 'bed-allowance', role: 'status', 'aria-live': 'polite' },
    'Choisissez la personne et les dates : les jours restants s\'affichent ici.');
  const alert = alertBox();
  const form = h('form', { class: 'bed-form', novalidate: 'novalidate', 'aria-labelledby': uid('x') },
    f.person_id.wrap, f.bed_id.wrap, f.start_on.wrap, f.planned_end_on.wrap, f.reason.wrap, f.note.wrap,
    allowance, alert,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Réserver')));
  const heading = h('h2', { id: form.getAttribute('aria-labelledby') }, 'Réserver une place');
  let asked = 0;
  let last = '';
  const check = async () => {
    const p = picker.value();
    if (!p || !start.value || !end.value) return;
    // Asked once per person and dates: each answer is a traced read.
    const key = `${p.id} ${start.value} ${end.value}`;
    if (key === last) return;
    last = key;
    const n = ++asked;
    const qs = new URLSearchParams({ person_id: String(p.id), start_on: start.value, planned_end_on: end.value });
    try {
      const a = await api('GET', `/api/v1/beds/allowance?${qs}`, undefined, ctx);
      if (n !== asked || !ctx.alive()) return;
      // The tightest 365-day window the stay touches: the one ending
      // with it, or a later one (another stay booked after it).
      const later = a.window_days !== a.days || a.window_to >= end.value;
      const parts = [`Séjour de ${plural(a.days, 'nuit')}. Il reste ${plural(a.left_days, 'jour')} `
        + `sur les ${a.max_year_days} autorisés sur 365 jours glissants`
        + (later ? ` (du ${frDate(a.window_from)} au ${frDate(a.window_to)}, où ce séjour compte `
          + `${plural(a.window_days, 'nuit')})` : '')
        + ` (durée maximale d'un séjour : ${a.max_stay_days} jours).`];
      if (a.held) parts.push(` Accompagnée en volet 2 : sa place est tenue jusqu'au ${frDate(a.held_until)}.`);
      if (!a.allowed) parts.push(' Ce séjour dépasse une limite : il sera refusé.');
      allowance.textContent = parts.join('');
      allowance.classList.toggle('is-over', !a.allowed);
    } catch (e) {
      last = '';
      if (n === asked && ctx.alive()) allowance.textContent = e.message;
    }
  };
  for (const el of [start, end]) el.addEventListener('change', check);
  picker.input.addEventListener('change', check);
  // The picker says nothing when a person is chosen (a click or Enter in
  // its list): look again after each click and each field left.
  section.addEventListener('click', () => setTimeout(check, 0));
  section.addEventListener('focusout', () => setTimeout(check, 0));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const p = picker.value();
    if (!p) { f.person_id.setError('Choisissez la personne dans la liste.'); picker.input.focus(); return; }
    if (!bed.value) { f.bed_id.setError('Choisissez la place.'); bed.focus(); return; }
    if (!reason.value) { f.reason.setError('Choisissez le motif.'); reason.focus(); return; }
    try {
      const s = await api('POST', '/api/v1/bedstays', {
        bed_id: Number(bed.value), person_id: p.id, start_on: start.value,
        planned_end_on: end.value, reason: reason.value, note: orNull(f.note.input.value),
      }, ctx);
      if (!ctx.alive()) return;
      setAlert(alert, `Place réservée du ${frDate(s.start_on)} au ${frDate(s.planned_end_on)}.`);
      await refill();
    } catch (e) {
      showFormError(e, f, alert);
    }
  });
  section.replaceChildren(heading, form);
}

function drawRefusal(ctx, section, after) {
  const f = {
    asked_by: formField('Qui a demandé', textInput('asked_by'), { required: true, alert: true,
      hint: 'Le service, la structure ou la personne, et son téléphone.' }),
    reason: formField('Motif de la demande', textArea('reason', { maxlength: '500', rows: '2' }),
      { required: true, alert: true, wide: true }),
  };
  const alert = alertBox();
  const id = uid('refus');
  const form = h('form', { novalidate: 'novalidate', 'aria-labelledby': id }, f.asked_by.wrap, f.reason.wrap,
    alert, h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, 'Noter le refus')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    try {
      await api('POST', '/api/v1/beds/refusals', { asked_by: f.asked_by.input.value.trim(),
        reason: f.reason.input.value.trim() }, ctx);
      if (!ctx.alive()) return;
      form.reset();
      setAlert(alert, 'Demande refusée notée.');
      await after();
    } catch (e) {
      showFormError(e, f, alert);
    }
  });
  section.replaceChildren(h('h2', { id }, 'Demande urgente refusée faute de place'),
    h('p', { class: 'muted' }, 'Notez chaque demande qu\'aucune place libre n\'a permis d\'accueillir : '
      + 'elles sont comptées avec l\'occupation.'), form);
}

async function drawOccupancy(ctx, section) {
  let o;
  try {
    o = await api('GET', '/api/v1/beds/occupancy', undefined, ctx);
  } catch (e) {
    if (ctx.alive()) section.replaceChildren(h('h2', null, 'Occupation'), h('p', null, e.message));
    return;
  }
  if (!ctx.alive()) return;
  const pct = (r) => (r === null ? '—' : `${Math.round(r * 1000) / 10} %`);
  const rows = o.months.filter((m) => m.open_days > 0 || m.refusals > 0).map((m) => h('tr', null,
    h('th', { scope: 'row' }, MONTHS[m.month - 1]), h('td', null, String(m.occupied_days)),
    h('td', null, String(m.open_days)), h('td', null, pct(m.rate)), h('td', null, String(m.refusals))));
  section.replaceChildren(h('h2', null, `Occupation ${o.year}`),
    h('p', null, `Taux d'occupation de l'année : ${pct(o.rate)} (${o.occupied_days} nuits occupées sur `
      + `${o.open_days} ouvertes, fermetures exclues) ; ${plural(o.refusals, 'demande refusée')} faute de place.`),
    h('div', { class: 'bed-table-wrap' }, h('table', { class: 'bed-months' },
      h('caption', { class: 'visually-hidden' }, `Nuits-lits occupées et ouvertes par mois, ${o.year}`),
      h('thead', null, h('tr', null, ['Mois', 'Occupées', 'Ouvertes', 'Taux', 'Refus']
        .map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', null, rows))),
    o.items.length ? h('h3', null, 'Demandes refusées') : null,
    o.items.length ? h('ul', { class: 'plain-list' }, o.items.slice(0, 20).map((r) => h('li', null,
      `${frDate(r.asked_at)} — ${r.asked_by} : ${r.reason}`))) : null);
}
