// Maillage — the « Téléassistance » part of a person's record (issue 13
// §1): the telealarm operators' subscriber references that map their
// calls to her (no INS on the wire). The coordination sees them, adds one
// (an operator of the CRT and the operator's reference) and removes one;
// each change replaces the list with PUT
// /api/v1/persons/{id}/alarm-subscribers, decided and traced by the
// server (access_require, « alarm.subscriber »), whose refusals are shown
// in French next to the field (a reference another person holds, an
// operator that is not the CRT's).
// Must not: decide anything: the server refuses what the user may not do.

import { api } from '../../core/api.js';
import { clear, h } from '../../core/dom.js';
import {
  alertBox, clearFormErrors, formField, select, showFormError, statusMessage,
} from '../../core/forms.js';
import { loadPart } from '../../core/widgets.js';

const path = (p) => `/api/v1/persons/${p.id}/alarm-subscribers`;

// items: the references now; operators: the CRT's (enabled ones offered).
function showSubscribers(ctx, p, box, items, operators, opts = {}) {
  clear(box);
  const save = async (next, fields, alert, n) => {
    try {
      const r = await api('PUT', path(p), {
        items: next.map((s) => ({ operator_id: s.operator_id, subscriber_ref: s.subscriber_ref })),
      }, ctx);
      return r.items || [];
    } catch (e) {
      if (!ctx.alive()) return null;
      // The server names the item (items[N]): the new one is the form's.
      const field = e.field === `items[${n}]` && e.code !== 'alarm.operator.unknown'
        ? 'subscriber_ref' : e.field === `items[${n}]` ? 'operator_id' : e.field;
      if (fields) showFormError(Object.assign(e, { field }), fields, alert);
      else showSubscribers(ctx, p, box, items, operators, { message: e.message });
      return null;
    }
  };
  box.appendChild(h('p', { class: 'hint' }, 'Référence de la personne chez l\'opérateur de '
    + 'téléassistance : ses appels lui sont rattachés (aucun INS n\'est transmis).'));
  if (opts.message) box.appendChild(statusMessage(opts.message));
  if (!items.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Aucune référence de téléassistance.'));
  } else {
    box.appendChild(h('ul', { class: 'plain-list alarm-subscribers' }, items.map((s, i) => {
      const remove = h('button', { type: 'button', class: 'btn btn-small btn-danger',
        'data-action': 'remove-subscriber',
        'aria-label': `Retirer la référence ${s.subscriber_ref} (${s.operator_name})` }, 'Retirer');
      remove.addEventListener('click', async () => {
        remove.disabled = true;
        const next = await save(items.filter((_, j) => j !== i));
        if (next && ctx.alive()) {
          showSubscribers(ctx, p, box, next, operators,
            { message: `Référence ${s.subscriber_ref} retirée.` });
        } else remove.disabled = false;
      });
      return h('li', { class: 'alarm-subscriber', 'data-subscriber': s.subscriber_ref },
        h('span', { class: 'item-title' }, s.subscriber_ref),
        h('span', { class: 'item-meta' }, ` — ${s.operator_name}`),
        h('span', { class: 'item-actions' }, remove));
    })));
  }
  const offered = operators.filter((o) => !o.disabled);
  if (!offered.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Aucun opérateur de téléassistance actif : '
      + 'ajoutez-en un depuis la page Astreinte.'));
    return;
  }
  const fields = {
    operator_id: formField('Opérateur', select(offered.map((o) => ({ value: String(o.id),
      label: o.name })), String(offered[0].id), { name: 'operator_id' }), { required: true }),
    subscriber_ref: formField('Référence de l\'abonné', h('input', { type: 'text',
      name: 'subscriber_ref', maxlength: '64', autocomplete: 'off', spellcheck: 'false' }),
    { required: true, hint: 'Telle que l\'opérateur l\'écrit, par exemple TA48-0101.' }),
  };
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Ajouter la référence');
  const form = h('form', { class: 'alarm-subscriber-form', novalidate: true },
    Object.values(fields).map((f) => f.wrap), alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(fields, alert);
    const ref = fields.subscriber_ref.input.value.trim();
    if (!ref) {
      fields.subscriber_ref.setError('Saisissez la référence de l\'abonné.');
      fields.subscriber_ref.input.focus();
      return;
    }
    const op = Number(fields.operator_id.input.value);
    if (items.some((s) => s.operator_id === op && s.subscriber_ref === ref)) {
      fields.subscriber_ref.setError('Cette référence est déjà enregistrée pour cet opérateur.');
      fields.subscriber_ref.input.focus();
      return;
    }
    submit.disabled = true;
    const next = await save([...items, { operator_id: op, subscriber_ref: ref }], fields, alert,
      items.length);
    if (next && ctx.alive()) {
      showSubscribers(ctx, p, box, next, operators, { message: `Référence ${ref} ajoutée.` });
      box.querySelector('.flash')?.focus();
    } else submit.disabled = false;
  });
  box.appendChild(h('h3', null, 'Ajouter une référence'));
  box.appendChild(form);
}

async function loadSubscribers(ctx, p, section) {
  const data = await loadPart(ctx, section, path(p));
  if (!data) return;
  let operators = [];
  try {
    operators = (await api('GET', '/api/v1/alarm-operators', undefined, ctx)).items || [];
  } catch {
    operators = [];
  }
  if (ctx.alive()) {
    showSubscribers(ctx, p, section.querySelector('.part-body'), data.items || [], operators);
    section.querySelector('.part-body select, .part-body button')?.focus();
  }
}

export { loadSubscribers };
