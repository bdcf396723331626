// Maillage — the DAC's own work (issue 10 point 7): the referrals the CRT
// oriented to the user's organisation, and its answer to each (taken or
// not, with the reason; a joint evaluation proposed on a date).
//
// Owns: the page #/orientations-dac (GET /api/v1/dac/referrals, POST
// /api/v1/dac/referrals/{id}/answer).
// Must not: decide any right. The server lists only the referrals
// oriented to the user's organisation, leaves out the people who objected
// to it, and refuses a second answer (409 referral.state): its French
// message is shown as it comes.
//
// Imports web/core/ and its own section's files; registered by
// sections/volet2/index.js.
import { api } from '../../core/api.js';
import { append, h } from '../../core/dom.js';
import { bornWord, frDate, frDateTime, personName, todayIso } from '../../core/format.js';
import {
  alertBox, clearFormErrors, fact, formField, orNull, setAlert, showFormError, statusMessage,
  textArea,
} from '../../core/forms.js';
import { can } from '../../core/perm.js';
import { focusTitle, pageMessage } from '../../core/router.js';
import { state } from '../../core/session.js';
import { referralStatusBadge } from './intake.js';
import { radioGroup } from './support.js';

// The page registered by sections/volet2/index.js, loaded on first use.
export const dacPages = {
  'orientations-dac': (ctx) => pageOrientations(ctx),
};

const TITLE = 'Orientations reçues du CRT';

async function pageOrientations(ctx) {
  if (!can(state.user, 'dac.referrals')) {
    pageMessage(ctx, TITLE, 'Votre rôle ne donne pas accès à cette page.');
    return;
  }
  const alert = alertBox();
  const status = h('p', { class: 'result-count', role: 'status' }, 'Chargement des orientations…');
  const results = h('div', { class: 'results dac-referrals' });
  append(ctx.main, [
    h('h1', null, TITLE),
    h('p', { class: 'page-sub' }, 'Les demandes que le CRT a orientées vers votre structure '
      + '(convention de partenariat) : répondez à chacune, une fois — prise en charge ou non, '
      + 'et, si besoin, une évaluation conjointe à domicile à une date proposée.'),
    h('p', { class: 'notice' }, 'Les personnes opposées au partage avec votre structure n\'y '
      + 'figurent pas. Chaque consultation et chaque réponse sont tracées.'),
    alert, status, results,
  ]);
  focusTitle(ctx.main, TITLE);
  let list;
  try {
    list = await api('GET', '/api/v1/dac/referrals', undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    status.textContent = '';
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  show(ctx, list.items || [], status, results, null);
}

function show(ctx, items, status, results, note) {
  results.replaceChildren();
  const open = items.filter((x) => x.taken === null).length;
  status.textContent = !items.length ? 'Aucune demande orientée vers votre structure.'
    : `${items.length} demande${items.length > 1 ? 's' : ''}, dont ${open} sans réponse`;
  if (note) results.appendChild(statusMessage(note));
  for (const x of items) results.appendChild(card(ctx, x, status, results));
}

function answerFacts(x) {
  if (x.taken === null) return [fact('Réponse du DAC', null, 'À donner')];
  return [
    fact('Réponse du DAC', h('span', null,
      h('strong', null, x.taken ? 'Prise en charge' : 'Non prise en charge'),
      x.answered_at ? ` — le ${frDateTime(x.answered_at)}${x.answered_by ? ` par ${x.answered_by}` : ''}`
        : '',
      x.answer ? h('span', { class: 'fact-meta data-text' }, x.answer) : null)),
    fact('Évaluation conjointe', x.joint_eval_on ? `Proposée le ${frDate(x.joint_eval_on)}` : null,
      'Non proposée'),
  ];
}

function card(ctx, x, status, results) {
  const id = `dac-ref-${x.id}`;
  const person = { birth_name: x.birth_name, first_names: x.first_names, birth_date: x.birth_date,
    birth_name_display: x.birth_name_display, first_names_display: x.first_names_display, sex: x.sex };
  const sec = h('section', { class: 'card', 'aria-labelledby': id, 'data-dac-referral': x.id },
    h('h2', { id }, h('a', { href: `#/personnes/${x.person_id}` }, personName(person))),
    h('p', { class: 'item-meta' }, `${bornWord(person)} le ${frDate(x.birth_date)} `,
      referralStatusBadge(x.status),
      x.urgent ? h('span', { class: 'badge badge-urgent' }, 'Urgent') : null),
    h('dl', { class: 'facts' },
      fact('Motif de la demande', h('span', { class: 'data-text' }, x.reason)),
      fact('Reçue par le CRT le', frDate(x.received_on)),
      fact('Orientée vers le DAC', x.oriented_at ? h('span', null, `Le ${frDateTime(x.oriented_at)}`,
        x.oriented_reason ? h('span', { class: 'fact-meta data-text' }, x.oriented_reason) : null)
        : null),
      ...answerFacts(x)));
  if (x.taken === null && x.status === 'oriente_dac') sec.appendChild(answerForm(ctx, x, status, results));
  return sec;
}

function answerForm(ctx, x, status, results) {
  const alert = alertBox();
  const taken = radioGroup('Le DAC prend-il en charge cette situation ?', `pris-${x.id}`, [
    { value: 'oui', label: 'Oui, le DAC la prend en charge' },
    { value: 'non', label: 'Non, le DAC ne la prend pas en charge' },
  ], '', { required: true });
  const text = formField('Motif ou précisions', textArea('texte', { rows: '3', maxlength: '2000' }),
    { hint: 'Obligatoire si le DAC ne prend pas en charge : pourquoi, et vers qui orienter.',
      wide: true });
  const joint = formField('Évaluation conjointe proposée le',
    h('input', { type: 'date', name: 'evaluation', min: todayIso() }),
    { hint: 'Facultatif : une visite à domicile commune avec le CRT.' });
  const fields = { taken, text, joint_eval_on: joint };
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Envoyer la réponse');
  const form = h('form', { class: 'subform', novalidate: true, 'aria-label': `Réponse du DAC pour ${x.birth_name_display || x.birth_name}` },
    h('h3', null, 'Votre réponse'), taken.wrap, text.wrap, joint.wrap, alert,
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(fields, alert);
    const v = taken.value();
    if (!v) {
      taken.setError('Indiquez si le DAC prend en charge la situation.');
      taken.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const r = await api('POST', `/api/v1/dac/referrals/${x.id}/answer`, {
        taken: v === 'oui', text: orNull(text.input.value), joint_eval_on: orNull(joint.input.value),
      });
      if (!ctx.alive()) return;
      show(ctx, r.items || [], status, results, `Réponse envoyée au CRT pour ${personName(x)}.`);
    } catch (e) {
      if (!ctx.alive()) return;
      submit.disabled = false;
      showFormError(e, fields, alert);
    }
  });
  return form;
}
