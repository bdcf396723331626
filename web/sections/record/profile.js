// Maillage — two parts of the record: the usual professionals, consent
// and social situation (profile), and the caregivers, each with its edit
// form. Registered by sections/record/index.js; shown when the record's
// access reads `admin` (profile) or `social` (caregivers).

import { api } from '../../core/api.js';
import { clear, h } from '../../core/dom.js';
import { frDate, telLink, todayIso } from '../../core/format.js';
import {
  alertBox, checkField, clearFormErrors, disclosure, fact, formField, groupedSelect, longText,
  orNull, select, showFormError, statusMessage, textArea, textInput,
} from '../../core/forms.js';
import { state } from '../../core/session.js';
import { loadPart } from '../../core/widgets.js';
import { CAREGIVER_SITUATIONS, INFORMED_TO, LEGAL_PROTECTIONS } from './codes.js';
import { canWrite } from './record.js';

async function loadProfile(ctx, p, section) {
  const prof = await loadPart(ctx, section, `/api/v1/persons/${p.id}/profile`);
  if (prof) showProfile(ctx, p, section.querySelector('.part-body'), prof);
}

function profileWritable(p, prof) {
  return { admin: canWrite(p, 'admin'), social: canWrite(p, 'social') && prof.social !== null };
}

function contactValue(c) {
  if (!c) return null;
  const meta = [c.org ? c.org : null, c.org && c.phone ? ' · ' : null, telLink(c.phone)];
  return h('span', null, c.name || '—',
    c.org || c.phone ? h('span', { class: 'fact-meta' }, meta) : null);
}

function consentValue(c) {
  if (!c || (!c.informed_on && !c.note)) return null;
  const text = c.informed_on
    ? ['Donnée le', frDate(c.informed_on),
      c.informed_by && c.informed_by.name ? `par ${c.informed_by.name}` : '',
      INFORMED_TO[c.informed_to] || ''].filter(Boolean).join(' ')
    : 'Date non renseignée';
  return h('span', null, text, c.note ? h('span', { class: 'fact-meta data-text' }, c.note) : null);
}

function protectionLabel(code) {
  const m = state.meta && state.meta.legal_protections &&
    state.meta.legal_protections.find((x) => x.code === code);
  const l = LEGAL_PROTECTIONS.find(([c]) => c === code);
  return (m && m.label) || (l && l[1]) || code;
}

function showProfile(ctx, p, box, prof, message) {
  clear(box);
  const can = profileWritable(p, prof);
  if (message) box.appendChild(statusMessage(message));
  box.appendChild(h('h3', null, 'Professionnels de santé habituels'));
  box.appendChild(h('dl', { class: 'facts' },
    fact('Médecin traitant', contactValue(prof.gp)),
    fact('Infirmier(ère)', contactValue(prof.nurse)),
    fact('Pharmacie', contactValue(prof.pharmacy), 'Non renseignée')));
  box.appendChild(h('h3', null, 'Consentement'));
  box.appendChild(h('dl', { class: 'facts' },
    fact('Information sur le partage des données', consentValue(prof.consent),
      'Non renseignée')));
  const s = prof.social;
  if (s) {
    const protection = s.legal_protection_label || protectionLabel(s.legal_protection || 'aucune');
    box.appendChild(h('h3', null, 'Situation sociale'));
    box.appendChild(h('dl', { class: 'facts' },
      fact('Protection juridique', h('span', null, protection,
        s.legal_representative
          ? h('span', { class: 'fact-meta' }, `Représentant : ${s.legal_representative}`)
          : null)),
      fact('Logement', longText(s.housing_needs)),
      fact('Aides techniques', longText(s.technical_aids)),
      fact('Téléassistance', s.telealarm
        ? `Oui${s.telealarm_provider ? ` — ${s.telealarm_provider}` : ''}` : 'Non')));
  }
  if (can.admin || can.social) {
    const edit = h('button', { type: 'button', class: 'btn', 'data-action': 'edit-profile' },
      'Modifier ces informations');
    edit.addEventListener('click', () => showProfileForm(ctx, p, box, prof));
    box.appendChild(h('p', { class: 'form-actions part-actions' }, edit));
  }
  const focus = message && box.querySelector('[role="status"]');
  if (focus) focus.focus();
}

// Professionals of every organisation of the directory (one request per
// organisation: GET /api/v1/orgs gives no professionals), and pharmacies.
async function directoryChoices() {
  const orgs = ((await api('GET', '/api/v1/orgs')).items || []).filter((o) => !o.archived);
  const details = await Promise.all(orgs.map((o) => api('GET', `/api/v1/orgs/${o.id}`)));
  const groups = [];
  for (const d of details) {
    const options = (d.professionals || []).filter((x) => !x.archived).map((x) => ({
      value: String(x.id),
      label: [[x.first_name, x.last_name].filter(Boolean).join(' '), x.profession]
        .filter(Boolean).join(' — '),
    }));
    if (options.length) groups.push({ label: d.name, options });
  }
  const pharmacies = orgs.filter((o) => o.type === 'pharmacie').map((o) => ({
    value: String(o.id), label: o.commune_name ? `${o.name} (${o.commune_name})` : o.name }));
  return { groups, pharmacies: [{ label: null, options: pharmacies }] };
}

async function showProfileForm(ctx, p, box, prof) {
  const can = profileWritable(p, prof);
  clear(box);
  box.appendChild(h('p', { class: 'muted', role: 'status' }, 'Chargement de l\'annuaire…'));
  let choices = { groups: [], pharmacies: [] };
  if (can.admin) {
    try {
      choices = await directoryChoices();
    } catch (e) {
      if (!ctx.alive()) return;
      showProfile(ctx, p, box, prof);
      box.insertBefore(h('p', { class: 'alert', role: 'alert' }, e.message), box.firstChild);
      return;
    }
  }
  if (!ctx.alive()) return;
  clear(box);
  const c = prof.consent || {};
  const s = prof.social || {};
  const f = {};
  const parts = [];
  let tele = null;
  if (can.admin) {
    f.gp_id = formField('Médecin traitant', groupedSelect(choices.groups, prof.gp, 'gp_id',
      'Aucun'), { alert: true, hint: 'Parmi les professionnels de l\'annuaire des partenaires.' });
    f.nurse_id = formField('Infirmier(ère)', groupedSelect(choices.groups, prof.nurse,
      'nurse_id', 'Aucun(e)'), { alert: true });
    f.pharmacy_id = formField('Pharmacie', groupedSelect(choices.pharmacies, prof.pharmacy,
      'pharmacy_id', 'Aucune'), { alert: true,
      hint: 'Structures de type « pharmacie » de l\'annuaire des partenaires.' });
    f.consent_informed_on = formField('Information sur le partage des données donnée le',
      h('input', { type: 'date', name: 'consent_informed_on', max: todayIso(),
        value: c.informed_on || '' }), { alert: true,
        hint: 'Date à laquelle la personne (ou son représentant) a été informée du '
          + 'partage de ses données entre professionnels.' });
    f.consent_informed_to = formField('Information donnée', select([
      { value: '', label: 'Choisir…' },
      { value: 'personne', label: 'À la personne' },
      { value: 'representant', label: 'À son représentant légal' }], c.informed_to || '',
    { name: 'consent_informed_to' }), { alert: true });
    f.consent_note = formField('Commentaire sur le consentement',
      textArea('consent_note', { value: c.note || '' }), { alert: true, wide: true });
    parts.push(h('fieldset', { class: 'subcard' }, h('legend', null, 'Professionnels et consentement'),
      h('div', { class: 'grid' }, f.gp_id.wrap, f.nurse_id.wrap, f.pharmacy_id.wrap,
        f.consent_informed_on.wrap, f.consent_informed_to.wrap, f.consent_note.wrap)));
  }
  if (can.social) {
    f.legal_protection = formField('Protection juridique', select(
      LEGAL_PROTECTIONS.map(([value]) => ({ value, label: protectionLabel(value) })),
      s.legal_protection || 'aucune', { name: 'legal_protection' }), { alert: true });
    f.legal_representative = formField('Représentant légal', textInput('legal_representative',
      { maxlength: '300', value: s.legal_representative || '' }),
    { alert: true, hint: 'Nom et coordonnées.' });
    f.housing_needs = formField('Besoins d\'adaptation du logement',
      textArea('housing_needs', { maxlength: '4000', value: s.housing_needs || '' }),
      { alert: true });
    f.technical_aids = formField('Aides techniques',
      textArea('technical_aids', { maxlength: '4000', value: s.technical_aids || '' }),
      { alert: true });
    tele = checkField('Téléassistance installée', { name: 'telealarm' });
    tele.input.checked = Boolean(s.telealarm);
    f.telealarm_provider = formField('Fournisseur de téléassistance',
      textInput('telealarm_provider', { value: s.telealarm_provider || '' }), { alert: true });
    parts.push(h('fieldset', { class: 'subcard' }, h('legend', null, 'Situation sociale'),
      h('div', { class: 'grid' }, f.legal_protection.wrap, f.legal_representative.wrap,
        f.housing_needs.wrap, f.technical_aids.wrap,
        h('div', { class: 'field field-check' }, tele.wrap), f.telealarm_provider.wrap)));
  }
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Enregistrer');
  const cancel = h('button', { type: 'button', class: 'btn' }, 'Annuler');
  const form = h('form', { class: 'subform', novalidate: true,
    'aria-label': 'Modifier les professionnels, le consentement et la situation sociale' },
  parts, alert, h('div', { class: 'form-actions' }, submit, cancel));
  cancel.addEventListener('click', () => {
    showProfile(ctx, p, box, prof);
    const again = box.querySelector('[data-action="edit-profile"]');
    if (again) again.focus();
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    // Only what changed: consent fields also record who informed.
    const body = {};
    if (can.admin) {
      for (const [k, cur] of [['gp_id', prof.gp], ['nurse_id', prof.nurse],
        ['pharmacy_id', prof.pharmacy]]) {
        const v = f[k].input.value;
        if (v !== (cur ? String(cur.id) : '')) body[k] = v ? Number(v) : null;
      }
      const on = f.consent_informed_on.input.value;
      if (on !== (c.informed_on || '')) body.consent_informed_on = on || null;
      const to = f.consent_informed_to.input.value;
      if (to !== (c.informed_to || '')) body.consent_informed_to = to || null;
      const note = orNull(f.consent_note.input.value);
      if (note !== (c.note || null)) body.consent_note = note;
    }
    if (can.social) {
      if (f.legal_protection.input.value !== (s.legal_protection || 'aucune')) {
        body.legal_protection = f.legal_protection.input.value;
      }
      for (const k of ['legal_representative', 'housing_needs', 'technical_aids',
        'telealarm_provider']) {
        const v = orNull(f[k].input.value);
        if (v !== (s[k] || null)) body[k] = v;
      }
      if (tele.input.checked !== Boolean(s.telealarm)) body.telealarm = tele.input.checked;
    }
    if (!Object.keys(body).length) {
      showProfile(ctx, p, box, prof, 'Aucune modification à enregistrer.');
      return;
    }
    submit.disabled = true;
    let saved;
    try {
      saved = await api('PATCH', `/api/v1/persons/${p.id}/profile`, body);
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      showFormError(e, f, alert);
      return;
    }
    if (!ctx.alive()) return;
    showProfile(ctx, p, box, saved, 'Informations enregistrées.');
  });
  box.appendChild(form);
  const first = form.querySelector('select, input, textarea');
  if (first) first.focus();
}

// ---- Caregivers

async function loadCaregivers(ctx, p, section) {
  const data = await loadPart(ctx, section, `/api/v1/persons/${p.id}/caregivers`);
  if (data) showCaregivers(ctx, p, section.querySelector('.part-body'), data.items || []);
}

function situationBadge(code) {
  const sit = code || 'present';
  return h('span', { class: `badge ${sit === 'present' ? 'state-on' : 'badge-warn'}` },
    CAREGIVER_SITUATIONS[sit] || sit);
}

// opts: {message, focus: caregiver id | 'add'}
function showCaregivers(ctx, p, box, items, opts = {}) {
  clear(box);
  const writable = canWrite(p, 'social');
  if (opts.message) box.appendChild(statusMessage(opts.message));
  if (!items.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Aucun aidant enregistré.'));
  } else {
    const ul = h('ul', { class: 'plain-list caregivers' });
    for (const c of items) {
      const badges = [];
      if (c.trusted_person) badges.push(h('span', { class: 'badge badge-info' }, 'personne de confiance'));
      if (c.lives_with) badges.push(h('span', { class: 'badge badge-info' }, 'vit avec la personne'));
      if (c.ended_on) {
        badges.push(h('span', { class: 'badge state-off' }, `n'aide plus depuis le ${frDate(c.ended_on)}`));
      }
      const li = h('li', { class: `caregiver${c.ended_on ? ' is-ended' : ''}`,
        'data-caregiver-id': c.id },
      h('span', { class: 'item-title' }, c.name || '—',
        c.relation ? h('span', { class: 'item-relation' }, ` — ${c.relation}`) : null),
      h('span', { class: 'caregiver-situation' }, 'Situation : ', situationBadge(c.situation),
        badges.length ? [' ', badges] : null),
      c.phone || c.email
        ? h('span', { class: 'item-meta' }, telLink(c.phone), c.phone && c.email ? ' · ' : null,
          c.email ? h('a', { href: `mailto:${c.email}` }, c.email) : null)
        : null,
      c.note ? h('span', { class: 'item-note data-text' }, c.note) : null);
      if (writable) {
        const edit = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'edit',
          'aria-label': `Modifier l'aidant ${c.name}` }, 'Modifier');
        edit.addEventListener('click', () => {
          clear(li);
          li.appendChild(caregiverForm(c, async (body) => {
            const r = await api('PATCH', `/api/v1/persons/${p.id}/caregivers/${c.id}`, body);
            if (ctx.alive()) {
              showCaregivers(ctx, p, box, r.items || [], { message: `Aidant ${c.name} modifié.` });
            }
          }, () => showCaregivers(ctx, p, box, items, { focus: c.id })));
          const first = li.querySelector('input, select, textarea');
          if (first) first.focus();
        });
        li.appendChild(h('span', { class: 'item-actions' }, edit));
      }
      ul.appendChild(li);
    }
    box.appendChild(ul);
  }
  if (writable) {
    const holder = h('div', { class: 'add-holder' });
    const form = caregiverForm(null, async (body) => {
      const r = await api('POST', `/api/v1/persons/${p.id}/caregivers`, body);
      if (ctx.alive()) {
        showCaregivers(ctx, p, box, r.items || [], { message: `Aidant ${body.name} ajouté.` });
      }
    }, () => {
      toggle.set(false);
      toggle.btn.focus();
    });
    holder.appendChild(form);
    const toggle = disclosure('Ajouter un aidant', holder);
    box.appendChild(h('p', { class: 'part-actions' }, toggle.btn));
    box.appendChild(holder);
  }
  if (opts.focus) {
    const again = box.querySelector(`[data-caregiver-id="${opts.focus}"] [data-action="edit"]`);
    if (again) again.focus();
  } else if (opts.message) {
    box.querySelector('[role="status"]').focus();
  }
}

// The form of a caregiver (c null: a new one). onSave(body) sends it and
// may throw the server's refusal, shown here.
function caregiverForm(c, onSave, onCancel) {
  const v = c || {};
  const f = {};
  f.name = formField('Nom de l\'aidant', textInput('name', { maxlength: '150',
    value: v.name || '' }), { required: true, alert: true });
  f.relation = formField('Lien avec la personne', textInput('relation', { maxlength: '80',
    value: v.relation || '' }), { required: true, alert: true,
    hint: 'Par exemple : fille, époux, voisin.' });
  f.phone = formField('Téléphone', textInput('phone', { type: 'tel', maxlength: '30',
    value: v.phone || '' }), { alert: true });
  f.email = formField('Adresse e-mail', textInput('email', { type: 'email', maxlength: '254',
    value: v.email || '' }), { alert: true });
  f.situation = formField('Situation de l\'aidant', select(
    Object.entries(CAREGIVER_SITUATIONS).map(([value, label]) => ({ value, label })),
    v.situation || 'present', { name: 'situation' }), { alert: true,
    hint: 'Un aidant épuisé ou absent est un critère de priorité.' });
  if (c) {
    f.ended_on = formField('N\'aide plus depuis le', h('input', { type: 'date',
      name: 'ended_on', max: todayIso(), value: v.ended_on || '' }), { alert: true,
      hint: 'À remplir quand l\'aidant n\'intervient plus.' });
  }
  const lives = checkField('Vit avec la personne', { name: 'lives_with' });
  lives.input.checked = Boolean(v.lives_with);
  const trusted = checkField('Personne de confiance', { name: 'trusted_person' });
  trusted.input.checked = Boolean(v.trusted_person);
  f.note = formField('Commentaire', textArea('note', { value: v.note || '' }),
    { alert: true, wide: true });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    c ? 'Enregistrer' : 'Ajouter l\'aidant');
  const cancel = h('button', { type: 'button', class: 'btn' }, 'Annuler');
  cancel.addEventListener('click', onCancel);
  const form = h('form', { class: 'subform', novalidate: true,
    'aria-label': c ? `Modifier l'aidant ${c.name}` : 'Ajouter un aidant' },
  h('div', { class: 'grid' }, f.name.wrap, f.relation.wrap, f.phone.wrap, f.email.wrap,
    f.situation.wrap, c ? f.ended_on.wrap : null,
    h('div', { class: 'field field-check' }, lives.wrap, trusted.wrap), f.note.wrap),
  alert, h('div', { class: 'form-actions' }, submit, cancel));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    for (const k of ['name', 'relation']) {
      if (!f[k].input.value.trim()) {
        f[k].setError('Ce champ est obligatoire.');
        f[k].input.focus();
        return;
      }
    }
    const now = {
      name: f.name.input.value.trim(),
      relation: f.relation.input.value.trim(),
      phone: orNull(f.phone.input.value),
      email: orNull(f.email.input.value),
      situation: f.situation.input.value,
      lives_with: lives.input.checked,
      trusted_person: trusted.input.checked,
      note: orNull(f.note.input.value),
    };
    if (c) now.ended_on = f.ended_on.input.value || null;
    const body = {};
    for (const [k, val] of Object.entries(now)) {
      if (c) {
        const old = typeof val === 'boolean' ? Boolean(v[k]) : (v[k] || null);
        if (val !== old) body[k] = val;
      } else if (val !== null) {
        body[k] = val;
      }
    }
    if (c && !Object.keys(body).length) {
      onCancel();
      return;
    }
    submit.disabled = true;
    try {
      await onSave(body);
    } catch (e) {
      submit.disabled = false;
      showFormError(e, f, alert);
    }
  });
  return form;
}

// ---- Documents

export { loadCaregivers, loadProfile };
