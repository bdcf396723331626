// Maillage — the emergency liaison record (DLU, DOMAIN §5): its status
// part on the record, the printable DLU page (#/personnes/12/dlu) and
// its edit form (#/personnes/12/dlu/modifier). Must not: decide who reads
// it (`soins` data: the server answers or refuses).

import { api } from '../../core/api.js';
import { append, clear, h, uid } from '../../core/dom.js';
import {
  ageFrom, bornWord, frDate, frDateTime, personName, telLink, todayIso, withPhoneLinks,
} from '../../core/format.js';
import {
  alertBox, clearFormErrors, formField, orNull, select, setAlert, showFormError, textArea,
} from '../../core/forms.js';
import { focusTitle, pageMessage } from '../../core/router.js';
import { state } from '../../core/session.js';
import { loadPart, takeFlash } from '../../core/widgets.js';
import { DLU_DIRECTIVES, DLU_TEXTS, SEX_LABELS } from './codes.js';
import { breakglassForm, breakglassRenewalNote, canWrite, recordAccess } from './record.js';
import { can } from '../../core/perm.js';
import { offlineKeepDlu } from '../../core/offline.js';
import { dluPartsOf } from '../../core/record.js';

// « DLU révisé le 23/09/2025 », « DLU à réviser » or « Pas de DLU »,
// with the link to the DLU page.
async function loadDluStatus(ctx, p, section) {
  const data = await loadPart(ctx, section, `/api/v1/persons/${p.id}/dlu`);
  if (!data) return;
  const box = section.querySelector('.part-body');
  clear(box);
  const r = data.review;
  const who = r && r.reviewed_by && r.reviewed_by.name ? ` par ${r.reviewed_by.name}` : '';
  let line;
  if (!data.dlu || !r) {
    line = h('p', { class: 'dlu-line' }, h('span', { class: 'badge state-off' }, 'Pas de DLU'),
      ' Aucun dossier de liaison d\'urgence n\'a encore été rempli.');
  } else if (r.overdue) {
    line = h('p', { class: 'dlu-line is-late' },
      h('span', { class: 'badge badge-warn' }, 'DLU à réviser'),
      ` Révisé le ${frDate(r.reviewed_on)}${who} ; la révision était prévue le `
      + `${frDate(r.review_due)}.`);
  } else {
    line = h('p', { class: 'dlu-line' }, h('strong', null, `DLU révisé le ${frDate(r.reviewed_on)}`),
      `${who}. Prochaine révision avant le ${frDate(r.review_due)}.`);
  }
  append(box, [line, h('p', { class: 'form-actions' },
    h('a', { href: `#/personnes/${p.id}/dlu`, class: 'btn btn-primary' }, 'Ouvrir le DLU'),
    canWrite(p, 'soins')
      ? h('a', { href: `#/personnes/${p.id}/dlu/modifier`, class: 'btn' },
        data.dlu ? 'Modifier le DLU' : 'Remplir le DLU')
      : null)]);
}

// ---- Profile: usual professionals, consent, social situation

async function pageDlu(ctx, id) {
  if (!can(state.user, 'person.read')) {
    pageMessage(ctx, 'Dossier de liaison d\'urgence', 'Le rôle Administrateur '
      + 'technique ne donne pas accès aux dossiers des personnes.');
    return;
  }
  const back = h('p', { class: 'back' },
    h('a', { href: `#/personnes/${id}` }, '← Retour au dossier'));
  const actions = h('div', { class: 'form-actions page-actions' });
  const alert = alertBox();
  const body = h('div', { class: 'dlu' }, h('p', { class: 'muted' }, 'Chargement du DLU…'));
  append(ctx.main, [back,
    h('div', { class: 'page-head dlu-head' },
      h('h1', null, 'Dossier de liaison d\'urgence'), actions),
    alert, body]);
  focusTitle(ctx.main, 'Dossier de liaison d\'urgence');

  let data;
  try {
    data = await api('GET', `/api/v1/persons/${id}/dlu`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    if ((e.status === 403 || e.code === 'person.not_found') && can(state.user, 'person.breakglass')) {
      body.appendChild(breakglassForm(ctx, id));
    }
    return;
  }
  const access = await recordAccess(id);
  if (!ctx.alive()) return;
  clear(body);
  document.title = `DLU — ${personName(data.person)} — Maillage`;
  const printBtn = h('button', { type: 'button', class: 'btn btn-primary' }, 'Imprimer');
  printBtn.addEventListener('click', () => window.print());
  append(actions, [printBtn,
    access && (access.write || []).includes('soins')
      ? h('a', { href: `#/personnes/${id}/dlu/modifier`, class: 'btn' },
        data.dlu ? 'Modifier le DLU' : 'Remplir le DLU')
      : null]);
  const flash = takeFlash(id, 'dlu');
  if (flash) body.appendChild(h('p', { class: 'flash', role: 'status' }, flash.message));
  // Issue 10 point 6: the copy kept on this phone, served without network.
  if (data.offline) {
    body.appendChild(h('p', { class: 'notice dlu-offline', role: 'status' },
      `Hors ligne — DLU du ${frDateTime(data.offline.saved_at, true)}`));
  } else {
    offlineKeepDlu(id, data);
  }
  if (access && access.kind === 'breakglass') {
    body.appendChild(h('p', { class: 'access access-breakglass' },
      'Accès d\'urgence (bris de glace) : cette consultation est tracée et signalée '
      + 'à la coordination.'));
    const note = breakglassRenewalNote(id);
    if (note) body.appendChild(note);
  }
  append(body, dluDocument(data));
  // Parts other sections add to the sheet (the visits' QR code).
  if (!data.offline) {
    for (const part of dluPartsOf()) {
      const node = part.render(id, ctx);
      if (node) body.appendChild(node);
    }
  }
}

function dluText(key, text, phones) {
  if (!text) return h('p', { class: 'dlu-empty' }, 'Non renseigné');
  return h('p', { class: 'data-text', 'data-dlu': key }, phones ? withPhoneLinks(text) : text);
}

function dluBlock(key, extraClass, ...content) {
  const id = uid(`dlu-${key}`);
  return h('section', { class: `dlu-block${extraClass ? ` ${extraClass}` : ''}`,
    'aria-labelledby': id }, h('h2', { id }, DLU_TEXTS[key] ? DLU_TEXTS[key][0] : key),
  content);
}

// HAS DLU-Dom (issue 10 point 6): whom to call and who decides, from the
// record — the GP, the CRT's on-call number, the legal protection and its
// representative, the last GIR.
function dluEmergency(e) {
  const id = uid('dlu-urgence');
  const x = e || {};
  const row = (label, ...value) => h('div', null, h('dt', null, label), h('dd', null, value));
  const none = (text) => h('span', { class: 'dlu-empty' }, text);
  const gp = x.gp
    ? [`${x.gp.name}${x.gp.org ? ` (${x.gp.org})` : ''}`,
      x.gp.phone ? [' — ', withPhoneLinks(x.gp.phone)] : ' — téléphone non renseigné']
    : none('Non renseigné');
  const lp = x.legal_protection;
  return h('section', { class: 'dlu-block dlu-wide dlu-emergency', 'aria-labelledby': id },
    h('h2', { id }, 'À appeler, qui décide'),
    h('dl', { class: 'dlu-facts' },
      row('Médecin traitant', gp),
      row('Astreinte du CRT', x.crt_oncall_phone
        ? withPhoneLinks(x.crt_oncall_phone) : none('Non renseignée')),
      row('Protection juridique', lp
        ? [h('strong', null, lp.label), lp.representative
          ? [' — ', withPhoneLinks(lp.representative)] : ''] : 'Aucune connue'),
      row('GIR', x.gir
        ? `GIR ${x.gir.value} (évalué le ${frDate(x.gir.evaluated_on)})`
        : none('Aucune évaluation AGGIR'))));
}

// « à Saint-Chély-d'Apcher », « à l'étranger (Algérie) » (issue 10 §2:
// the country of a 99xxx code; the town abroad is not recorded).
function bornPlace(p) {
  if (!p.birthplace_name) return '';
  return (p.birthplace_insee || '').startsWith('99')
    ? ` à l'étranger (${p.birthplace_name})` : ` à ${p.birthplace_name}`;
}

function dluDocument(data) {
  const p = data.person || {};
  const d = data.dlu;
  const r = data.review;
  const out = [];
  const age = ageFrom(p.birth_date);
  const place = [p.address, p.commune ? `${p.commune.name} (code INSEE ${p.commune.code})` : '']
    .filter(Boolean).join(', ');
  out.push(h('section', { class: 'dlu-identity', 'aria-label': 'Personne concernée' },
    h('h2', { class: 'dlu-name' }, personName(p)),
    p.used_name && p.used_name !== p.birth_name
      ? h('p', null, `Nom d'usage : ${p.used_name}`) : null,
    h('p', { class: 'dlu-born' },
      age !== null ? h('strong', null, `${age} ans`) : null,
      age !== null ? ' — ' : null,
      [SEX_LABELS[p.sex] || '', p.birth_date
        ? `${bornWord(p)} le ${frDate(p.birth_date)}${bornPlace(p)}` : '']
        .filter(Boolean).join(', ')),
    h('p', { class: 'dlu-address' }, place || 'Adresse non renseignée'),
    p.phone ? h('p', { class: 'dlu-phone' }, 'Téléphone du domicile : ', telLink(p.phone)) : null));

  out.push(dluEmergency(data.emergency));
  if (!d || !r) {
    out.push(h('p', { class: 'notice dlu-none' }, 'Aucun DLU n\'a encore été rempli.'));
    return out;
  }
  if (r.overdue) {
    out.push(h('p', { class: 'dlu-overdue' },
      h('strong', null, 'Révision du DLU en retard'),
      ` : la révision était prévue le ${frDate(r.review_due)}. Vérifiez les `
      + 'informations auprès de la personne ou de son entourage.'));
  }
  const who = r.reviewed_by && r.reviewed_by.name ? ` par ${r.reviewed_by.name}` : '';
  out.push(h('p', { class: 'dlu-review' },
    `DLU révisé le ${frDate(r.reviewed_on)}${who}`,
    !r.overdue && r.review_due ? ` — prochaine révision avant le ${frDate(r.review_due)}` : '',
    '.'));

  const autonomy = ['mobility', 'communication', 'cognition', 'senses'];
  const dirId = uid('dlu-directives');
  const autId = uid('dlu-autonomie');
  out.push(h('div', { class: 'dlu-grid' },
    dluBlock('people_to_call', 'dlu-contacts', dluText('people_to_call', d.people_to_call, true)),
    dluBlock('trusted_person', 'dlu-contacts', dluText('trusted_person', d.trusted_person, true)),
    dluBlock('allergies', 'dlu-allergies', dluText('allergies', d.allergies)),
    dluBlock('treatments', 'dlu-wide', dluText('treatments', d.treatments)),
    dluBlock('history', 'dlu-wide', dluText('history', d.history)),
    h('section', { class: 'dlu-block', 'aria-labelledby': dirId },
      h('h2', { id: dirId }, 'Directives anticipées'),
      h('p', null, 'Rédigées : ', h('strong', null,
        DLU_DIRECTIVES[d.directives] || d.directives || 'Inconnu')),
      d.directives_where
        ? h('p', { class: 'data-text' }, 'Où les trouver : ', d.directives_where) : null),
    dluBlock('devices', null, dluText('devices', d.devices)),
    h('section', { class: 'dlu-block dlu-wide', 'aria-labelledby': autId },
      h('h2', { id: autId }, 'Autonomie'),
      h('dl', { class: 'dlu-facts' }, autonomy.map((k) => h('div', null,
        h('dt', null, DLU_TEXTS[k][0]),
        h('dd', { class: d[k] ? 'data-text' : 'dlu-empty' }, d[k] || 'Non renseigné'))))),
    dluBlock('habits', null, dluText('habits', d.habits)),
    dluBlock('home_access', null, dluText('home_access', d.home_access))));
  out.push(h('p', { class: 'print-only dlu-printed' },
    `Imprimé le ${frDateTime(new Date().toISOString(), true)} depuis Maillage — `
    + 'document confidentiel, à remettre à l\'équipe d\'urgence.'));
  return out;
}

async function pageDluEdit(ctx, id) {
  if (!can(state.user, 'person.read')) {
    pageMessage(ctx, 'Modifier le DLU', 'Le rôle Administrateur technique ne '
      + 'donne pas accès aux dossiers des personnes.');
    return;
  }
  const back = h('p', { class: 'back' },
    h('a', { href: `#/personnes/${id}/dlu` }, '← Retour au DLU'));
  const who = h('p', { class: 'page-sub' });
  const alert = alertBox();
  const body = h('div', null, h('p', { class: 'muted' }, 'Chargement du DLU…'));
  append(ctx.main, [back, h('h1', { id: 'dlu-form-titre' }, 'Modifier le DLU'), who,
    alert, body]);
  focusTitle(ctx.main, 'Modifier le DLU');

  let data;
  try {
    data = await api('GET', `/api/v1/persons/${id}/dlu`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    return;
  }
  const access = await recordAccess(id);
  if (!ctx.alive()) return;
  clear(body);
  const p = data.person || {};
  who.textContent = [personName(p),
    p.birth_date ? `${bornWord(p)} le ${frDate(p.birth_date)}` : ''].filter(Boolean).join(', ');
  document.title = `Modifier le DLU — ${personName(p)} — Maillage`;
  if (!access || !(access.write || []).includes('soins')) {
    body.appendChild(h('p', { class: 'notice' }, 'Votre profil ne permet pas de '
      + 'modifier le DLU de cette personne.'));
    return;
  }
  body.appendChild(dluForm(ctx, id, data.dlu || {}));
}

function dluForm(ctx, id, d) {
  const today = todayIso();
  const f = {};
  for (const [key, [label, hint]] of Object.entries(DLU_TEXTS)) {
    f[key] = formField(label, textArea(key, { maxlength: '4000', value: d[key] || '',
      rows: key === 'treatments' || key === 'history' ? '4' : '3' }),
    { alert: true, hint: hint || undefined, wide: true });
  }
  f.directives = formField('Directives anticipées rédigées', select(
    Object.entries(DLU_DIRECTIVES).map(([value, label]) => ({ value, label })),
    d.directives || 'inconnu', { name: 'directives', class: 'input-medium' }), { alert: true });
  f.reviewed_on = formField('Date de révision', h('input', { type: 'date', name: 'reviewed_on',
    value: today, max: today, class: 'input-medium' }), { alert: true,
    hint: 'Aujourd\'hui si vous avez vérifié toutes les informations ; la '
      + 'prochaine révision sera due un an après.' });
  const group = (legend, keys) => h('fieldset', { class: 'card' }, h('legend', null, legend),
    keys.map((k) => f[k].wrap));
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Enregistrer le DLU');
  const form = h('form', { class: 'dlu-form', novalidate: true, 'aria-labelledby': 'dlu-form-titre' },
    h('p', { class: 'muted' }, 'Le DLU est lu par les équipes d\'urgence (SAMU, '
      + 'pompiers, astreinte de nuit) : des phrases courtes, les numéros de '
      + 'téléphone en entier. L\'enregistrement remplace l\'ensemble du DLU.'),
    group('Personnes à contacter', ['people_to_call', 'trusted_person']),
    group('Santé', ['allergies', 'treatments', 'history']),
    group('Directives anticipées', ['directives', 'directives_where']),
    group('Appareillages et autonomie', ['devices', 'mobility', 'communication', 'cognition',
      'senses']),
    group('Vie quotidienne et domicile', ['habits', 'home_access']),
    group('Révision', ['reviewed_on']),
    alert,
    h('div', { class: 'form-actions' }, submit,
      h('a', { href: `#/personnes/${id}/dlu`, class: 'btn' }, 'Annuler')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    // A PUT replaces the whole DLU: every field is sent.
    const body = {};
    for (const key of Object.keys(DLU_TEXTS)) body[key] = orNull(f[key].input.value);
    body.directives = f.directives.input.value;
    body.reviewed_on = f.reviewed_on.input.value || null;
    submit.disabled = true;
    let saved;
    try {
      saved = await api('PUT', `/api/v1/persons/${id}/dlu`, body);
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      showFormError(e, f, alert);
      return;
    }
    if (!ctx.alive()) return;
    const r = saved && saved.review;
    state.flash = { id, page: 'dlu', message: r
      ? `DLU enregistré, révisé le ${frDate(r.reviewed_on)}.` : 'DLU enregistré.' };
    location.hash = `#/personnes/${id}/dlu`;
  });
  return form;
}
// letters, the GIR computed live by the server, then saved in the record.

// The active supports whose person has no DLU yet (issue 10 point 6), for
// the coordination: the count and a link to fill each one.
async function pageDluMissing(ctx) {
  const title = 'DLU à remplir';
  const status = h('p', { class: 'result-count', role: 'status' }, 'Chargement…');
  const alert = alertBox();
  const list = h('div', { class: 'results' });
  append(ctx.main, [h('div', { class: 'page-head' }, h('h1', null, title)),
    h('p', { class: 'page-sub' }, 'Les personnes accompagnées (file active) qui n\'ont pas '
      + 'encore de dossier de liaison d\'urgence : les équipes d\'urgence n\'auraient que '
      + 'l\'identité.'),
    alert, status, list]);
  focusTitle(ctx.main, title);
  let r;
  try {
    r = await api('GET', '/api/v1/dlu/missing', undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    status.textContent = '';
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  const n = r.total || 0;
  status.textContent = n
    ? `${n} accompagnement${n > 1 ? 's' : ''} actif${n > 1 ? 's' : ''} sans DLU`
    : 'Tous les accompagnements actifs ont un DLU.';
  if (!n) return;
  const ul = h('ul', { class: 'list dlu-missing' });
  for (const it of r.items) {
    ul.appendChild(h('li', { 'data-person-id': it.person_id },
      h('a', { href: `#/personnes/${it.person_id}`, class: 'item-title' }, personName(it)),
      h('span', { class: 'item-meta' }, ` — ${it.started_on
        ? `accompagnement depuis le ${frDate(it.started_on)}` : 'accompagnement en préparation'}`),
      ' ',
      h('a', { href: `#/personnes/${it.person_id}/dlu/modifier`, class: 'btn',
        'aria-label': `Remplir le DLU de ${personName(it)}` }, 'Remplir le DLU')));
  }
  list.appendChild(ul);
}

export { loadDluStatus, pageDlu, pageDluEdit, pageDluMissing };
