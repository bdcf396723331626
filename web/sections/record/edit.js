// Maillage — editing the record from its page (issue 10 points 1 and 2).
//
// Owns: the identity form (PATCH /api/v1/persons/{id}: names, INS, status
// after a document check, duplicate flag, address, commune, phone), the
// edit of one category's text (PATCH … {data: {cat: text}}), adding and
// ending care-circle members (POST/DELETE …/circle) and recording and
// lifting consent objections (POST/DELETE …/objections).
// Must not: decide any right. The forms are offered from the record's
// answer (access.write) and the user's permissions; the server decides
// each request and its French refusal (403 included) is shown as it comes.

import { api } from '../../core/api.js';
import { CATEGORY_ORDER, IDENTITY_STATUS, catLabel, metaLabel } from '../../core/codes.js';
import { h, uid } from '../../core/dom.js';
import { todayIso } from '../../core/format.js';
import {
  alertBox, checkField, clearFormErrors, formField, lazyDisclosure, orNull, select, setAlert,
  showFormError, textArea, textInput,
} from '../../core/forms.js';
import { partGet } from '../../core/record.js';
import { render } from '../../core/router.js';
import { state } from '../../core/session.js';
import { birthplacePicker, communePicker } from '../../core/widgets.js';
import { IDENTITY_DOCUMENTS, IDENTITY_FLAGS, INS_OIDS, SEX_LABELS } from './codes.js';

// Whether to offer the circle and consent changes: the server's
// access_may_widen asks for the identity's write and the social and care
// reads (more when the new member would read more: then its 403 is shown).
// Partners never change them.
function mayEditCircle(access) {
  const read = access.read || [];
  return !!state.user && state.user.role !== 'partenaire' && access.kind !== 'breakglass'
    && (access.write || []).includes('admin') && read.includes('social') && read.includes('soins');
}

// The message left for the reloaded record page.
function saved(id, message, warnings) {
  state.flash = { id, page: 'personne', message,
    warnings: (warnings || []).map((w) => w.message) };
  render();
}

// The OID that goes with an INS number (DOMAIN §2): a NIA starts with 7
// or 8; demo and test records keep their own OID.
function oidFor(ins, current) {
  if (!ins) return '';
  if (current === '1.2.250.1.213.1.4.10' || current === '1.2.250.1.213.1.4.11') return current;
  return /^[78]/.test(ins) ? '1.2.250.1.213.1.4.9' : '1.2.250.1.213.1.4.8';
}

// « Modifier l'identité »: the form is built when first opened.
function identityForm(p) {
  return lazyDisclosure('Modifier l\'identité', () => buildIdentityForm(p));
}

// Identity, address and phone: only the changed fields are sent.
function buildIdentityForm(rec) {
  // Issue 10 §2: the names are edited as typed (the display forms); the
  // server stores their RNIV form, and the same name in another case or
  // without its accents is no change of a strict trait.
  const p = { ...rec, birth_name: rec.birth_name_display || rec.birth_name,
    first_names: rec.first_names_display || rec.first_names };
  const f = {};
  const alert = alertBox();
  const val = (v) => (v === null || v === undefined ? '' : String(v));
  const text = (name, label, opts = {}) => {
    const input = textInput(name, { value: val(p[name]), maxlength: String(opts.max || 100),
      ...(opts.attrs || {}) });
    f[name] = formField(label, input, { alert: true, hint: opts.hint, required: opts.required });
    return f[name].wrap;
  };
  const birthDate = h('input', { type: 'date', name: 'birth_date', value: val(p.birth_date) });
  f.birth_date = formField('Date de naissance', birthDate, { alert: true, required: true });
  f.sex = formField('Sexe', select(Object.entries(SEX_LABELS)
    .map(([value, label]) => ({ value, label })), p.sex, { name: 'sex' }), { alert: true });
  const birthplace = birthplacePicker({ initial: p.birthplace_insee
    ? { code: p.birthplace_insee, label: p.birthplace_name || `Code INSEE ${p.birthplace_insee}` }
    : null });
  f.birthplace_insee = formField('Lieu de naissance', birthplace.input, { alert: true,
    hint: 'La commune, ou le pays pour une naissance à l\'étranger : tapez deux lettres du nom '
      + 'ou le code INSEE, puis choisissez.',
    after: birthplace.extras });
  const ins = textInput('ins', { value: val(p.ins), maxlength: '15', inputmode: 'numeric',
    spellcheck: 'false' });
  f.ins = formField('Matricule INS', ins, { alert: true,
    hint: '15 caractères (NIR ou NIA avec sa clé). L\'OID suit le type de numéro.' });
  const oid = select([{ value: '', label: '—' }, ...INS_OIDS], p.ins_oid || '', { name: 'ins_oid' });
  f.ins_oid = formField('OID de l\'INS', oid, { alert: true });
  ins.addEventListener('change', () => {
    oid.value = oidFor(ins.value.trim(), oid.value);
  });
  f.identity_status = formField('Statut de l\'identité', select(Object.entries(IDENTITY_STATUS)
    .map(([value, label]) => ({ value, label })), p.identity_status, { name: 'identity_status' }),
  { alert: true, hint: 'Validée ou qualifiée : après contrôle d\'une pièce d\'identité.' });
  f.identity_document = formField('Pièce d\'identité contrôlée', select([{ value: '', label: 'Aucune' },
    ...Object.entries(IDENTITY_DOCUMENTS).map(([value, label]) => ({ value, label }))],
  p.identity_document || '', { name: 'identity_document' }), { alert: true });
  const flags = IDENTITY_FLAGS.map(([k, label]) => {
    const c = checkField(label, { name: `flag_${k}` });
    c.input.checked = !!(p.flags && p.flags[k]);
    return [k, c];
  });
  const address = textInput('address', { value: val(p.address), maxlength: '300' });
  f.address = formField('Adresse', address, { alert: true });
  const commune = communePicker({ initial: p.commune_code
    ? { code: p.commune_code, label: p.commune ? p.commune.name : `Code INSEE ${p.commune_code}` }
    : null });
  f.commune_code = formField('Commune de résidence', commune.input, { alert: true,
    hint: 'Deux lettres du nom ou le code postal, puis choisir.', after: commune.extras });
  const phone = h('input', { type: 'tel', name: 'phone', value: val(p.phone), maxlength: '30',
    autocomplete: 'off' });
  f.phone = formField('Téléphone', phone, { alert: true, hint: 'Exemple : 04 66 31 00 00' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    'Enregistrer l\'identité');
  const form = h('form', { class: 'card-form edit-identity', novalidate: true,
    'aria-label': 'Modifier l\'identité' },
  h('p', { class: 'hint' }, 'Les traits stricts (noms et prénoms de naissance, date, sexe, lieu '
    + 'de naissance) s\'écrivent comme sur la pièce d\'identité. Les modifier abaisse le '
    + 'statut de l\'identité.'),
  text('birth_name', 'Nom de naissance', { required: true }),
  text('first_names', 'Prénom(s) de naissance', { required: true, max: 200,
    hint: 'Tous les prénoms, dans l\'ordre de la pièce d\'identité.' }),
  text('used_name', 'Nom utilisé'),
  text('used_first_name', 'Prénom utilisé'),
  f.birth_date.wrap, f.sex.wrap, f.birthplace_insee.wrap,
  f.ins.wrap, f.ins_oid.wrap, f.identity_status.wrap, f.identity_document.wrap,
  h('fieldset', null, h('legend', null, 'Attributs de l\'identité'),
    flags.map(([, c]) => c.wrap)),
  f.address.wrap, f.commune_code.wrap, f.phone.wrap, alert, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    if (birthplace.pending()) {
      f.birthplace_insee.setError('Choisissez la commune ou le pays dans la liste proposée.');
      birthplace.input.focus();
      return;
    }
    if (commune.pending()) {
      f.commune_code.setError('Choisissez la commune dans la liste proposée.');
      commune.input.focus();
      return;
    }
    const next = {
      birth_name: orNull(form.birth_name.value),
      first_names: orNull(form.first_names.value),
      used_name: orNull(form.used_name.value),
      used_first_name: orNull(form.used_first_name.value),
      birth_date: orNull(birthDate.value),
      sex: f.sex.input.value,
      birthplace_insee: orNull(birthplace.code()),
      ins: orNull(ins.value),
      ins_oid: orNull(oid.value),
      identity_status: f.identity_status.input.value,
      identity_document: orNull(f.identity_document.input.value),
      address: orNull(address.value),
      commune_code: orNull(commune.code()),
      phone: orNull(phone.value),
    };
    const body = {};
    for (const [k, v] of Object.entries(next)) {
      if (v !== (p[k] === undefined ? null : p[k])) body[k] = v;
    }
    const fl = {};
    for (const [k, c] of flags) {
      if (c.input.checked !== !!(p.flags && p.flags[k])) fl[k] = c.input.checked;
    }
    if (Object.keys(fl).length) body.flags = fl;
    if (!Object.keys(body).length) {
      setAlert(alert, 'Aucune modification à enregistrer.');
      return;
    }
    submit.disabled = true;
    try {
      const r = await api('PATCH', `/api/v1/persons/${p.id}`, body);
      saved(p.id, 'Identité enregistrée.', r && r.warnings);
    } catch (e) {
      submit.disabled = false;
      showFormError(e, f, alert);
    }
  });
  return form;
}

// One category's text: offered when the record's answer lets the user
// write that category.
function dataTextForm(p, cat, text) {
  return lazyDisclosure(`Modifier : ${catLabel(cat)}`, () => buildDataTextForm(p, cat, text));
}

function buildDataTextForm(p, cat, text) {
  const area = textArea(`data_${cat}`, { rows: '5', maxlength: '20000' });
  area.value = text || '';
  const fld = formField(`Texte « ${catLabel(cat)} »`, area, { alert: true, wide: true });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Enregistrer');
  const form = h('form', { class: 'card-form', novalidate: true }, fld.wrap, alert, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors({ t: fld }, alert);
    submit.disabled = true;
    try {
      await api('PATCH', `/api/v1/persons/${p.id}`, { data: { [cat]: orNull(area.value) } });
      saved(p.id, `Texte « ${catLabel(cat)} » enregistré.`);
    } catch (e) {
      submit.disabled = false;
      showFormError(e, {}, alert);
    }
  });
  return form;
}

// Team members (not the partners' accounts) and partner organisations.
async function circleChoices(signal) {
  const [team, orgs] = await Promise.all([
    api('GET', '/api/v1/team', undefined, { signal }).then((r) => r.items || []),
    api('GET', '/api/v1/orgs', undefined, { signal }).then((r) => r.items || []),
  ]);
  return {
    team: team.filter((u) => !u.partner)
      .sort((a, b) => a.display_name.localeCompare(b.display_name, 'fr')),
    orgs: orgs.filter((o) => !o.archived && !o.is_self)
      .sort((a, b) => a.name.localeCompare(b.name, 'fr')),
  };
}

function userLabel(u) {
  const prof = u.profession ? metaLabel('professions', u.profession) : '';
  return prof ? `${u.display_name} — ${prof}` : u.display_name;
}

// Two radio buttons, the first checked: {first, second, fieldset}.
function twoChoices(legend, first, second) {
  const name = uid('choix');
  const a = h('input', { type: 'radio', name, value: 'a', id: uid('r'), checked: true });
  const b = h('input', { type: 'radio', name, value: 'b', id: uid('r') });
  return { first: a, second: b,
    fieldset: h('fieldset', null, h('legend', null, legend),
      h('div', { class: 'choice' }, a, h('label', { for: a.id }, first)),
      h('div', { class: 'choice' }, b, h('label', { for: b.id }, second))) };
}

// « Ajouter un membre »: a team member or a directory organisation, with
// the role held with the person (the choices loaded when first opened).
function circleAddForm(p, ctx) {
  return lazyDisclosure('Ajouter un membre', () => buildCircleAddForm(p, ctx));
}

function buildCircleAddForm(p, ctx) {
  const f = {};
  const alert = alertBox();
  const kind = twoChoices('Type de membre', 'Membre de l\'équipe du CRT',
    'Structure partenaire (annuaire)');
  const kindTeam = kind.first;
  const kindOrg = kind.second;
  const member = select([{ value: '', label: 'Chargement…' }], '', { name: 'member' });
  f.member = formField('Membre', member, { alert: true, required: true });
  const role = textInput('role', { maxlength: '120' });
  f.role = formField('Rôle auprès de la personne', role, { alert: true, required: true,
    hint: 'Exemple : infirmière libérale, aide à domicile, médecin traitant.' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Ajouter au cercle');
  let choices = null;
  const fill = () => {
    member.replaceChildren();
    const team = kindTeam.checked;
    member.appendChild(h('option', { value: '' },
      team ? 'Choisir un membre de l\'équipe' : 'Choisir une structure de l\'annuaire'));
    if (!choices) return;
    for (const x of team ? choices.team : choices.orgs) {
      member.appendChild(h('option', { value: String(x.id) }, team ? userLabel(x)
        : (x.type_label ? `${x.name} (${x.type_label})` : x.name)));
    }
  };
  kindTeam.addEventListener('change', fill);
  kindOrg.addEventListener('change', fill);
  circleChoices(ctx.signal).then((c) => {
    choices = c;
    fill();
  }).catch((e) => {
    if (ctx.alive()) setAlert(alert, e.message);
  });
  const form = h('form', { class: 'card-form circle-add', novalidate: true,
    'aria-label': 'Ajouter un membre au cercle de soins' },
  kind.fieldset, f.member.wrap, f.role.wrap, alert, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    if (!member.value) {
      f.member.setError('Choisissez le membre à ajouter.');
      member.focus();
      return;
    }
    if (!role.value.trim()) {
      f.role.setError('Indiquez le rôle auprès de la personne.');
      role.focus();
      return;
    }
    const id = Number(member.value);
    const body = kindTeam.checked ? { user_id: id, org_id: null } : { user_id: null, org_id: id };
    body.role = role.value.trim();
    submit.disabled = true;
    try {
      await api('POST', `/api/v1/persons/${p.id}/circle`, body);
      saved(p.id, 'Membre ajouté au cercle de soins.');
    } catch (e) {
      submit.disabled = false;
      showFormError(e, { user_id: f.member, org_id: f.member, role: f.role }, alert);
    }
  });
  return form;
}

// A button that ends a circle member or lifts an objection, after a
// confirmation; the refusal is shown in `alert`.
function endButton(label, question, path, done, alert) {
  const btn = h('button', { type: 'button', class: 'btn btn-small' }, label);
  btn.addEventListener('click', async () => {
    // eslint-disable-next-line no-alert
    if (!window.confirm(question)) return;
    setAlert(alert, '');
    btn.disabled = true;
    try {
      await api('DELETE', path);
      done();
    } catch (e) {
      btn.disabled = false;
      setAlert(alert, e.message);
    }
  });
  return btn;
}

function circleMemberEnd(p, m, alert) {
  return endButton(`Retirer ${m.name || 'ce membre'}`,
    `Retirer ${m.name || 'ce membre'} du cercle de soins ?`,
    `/api/v1/persons/${p.id}/circle/${m.id}`,
    () => saved(p.id, 'Membre retiré du cercle de soins.'), alert);
}

// « Enregistrer une opposition »: against one organisation or one
// category, with the day and who informed the person of her right.
function objectionAddForm(p, ctx) {
  return lazyDisclosure('Enregistrer une opposition', () => buildObjectionAddForm(p, ctx));
}

function buildObjectionAddForm(p, ctx) {
  const f = {};
  const alert = alertBox();
  const target = twoChoices('La personne s\'oppose au partage', 'avec une structure partenaire',
    'd\'une catégorie de données');
  const byOrg = target.first;
  const byCat = target.second;
  const org = select([{ value: '', label: 'Choisir une structure' }], '', { name: 'org_id' });
  f.org_id = formField('Structure', org, { alert: true });
  const cat = select([{ value: '', label: 'Choisir une catégorie' },
    ...CATEGORY_ORDER.map((c) => ({ value: c, label: catLabel(c) }))], '', { name: 'category' });
  f.category = formField('Catégorie de données', cat, { alert: true });
  f.category.wrap.hidden = true;
  const sync = () => {
    f.org_id.wrap.hidden = !byOrg.checked;
    f.category.wrap.hidden = byOrg.checked;
  };
  byOrg.addEventListener('change', sync);
  byCat.addEventListener('change', sync);
  const on = h('input', { type: 'date', name: 'informed_on', value: todayIso(), max: todayIso() });
  f.informed_on = formField('Date de l\'opposition', on, { alert: true });
  const by = textInput('informed_by', { value: (state.user && state.user.display_name) || '',
    maxlength: '200' });
  f.informed_by = formField('Personne informée par', by, { alert: true,
    hint: 'Qui a informé la personne de son droit de s\'opposer au partage.' });
  const note = textArea('note');
  f.note = formField('Commentaire', note, { alert: true });
  api('GET', '/api/v1/orgs', undefined, ctx).then((r) => {
    for (const o of (r.items || []).filter((x) => !x.archived && !x.is_self)
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'))) {
      org.appendChild(h('option', { value: String(o.id) }, o.name));
    }
  }).catch((e) => {
    if (ctx.alive()) setAlert(alert, e.message);
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    'Enregistrer l\'opposition');
  const form = h('form', { class: 'card-form objection-add', novalidate: true,
    'aria-label': 'Enregistrer une opposition au partage' },
  target.fieldset, f.org_id.wrap, f.category.wrap, f.informed_on.wrap, f.informed_by.wrap, f.note.wrap,
  alert, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const chosen = byOrg.checked ? f.org_id : f.category;
    if (!chosen.input.value) {
      chosen.setError(byOrg.checked ? 'Choisissez la structure.' : 'Choisissez la catégorie.');
      chosen.input.focus();
      return;
    }
    const body = {
      org_id: byOrg.checked ? Number(org.value) : null,
      category: byOrg.checked ? null : cat.value,
      informed_on: orNull(on.value),
      informed_by: orNull(by.value),
      note: orNull(note.value),
    };
    submit.disabled = true;
    try {
      await api('POST', `/api/v1/persons/${p.id}/objections`, body);
      saved(p.id, 'Opposition enregistrée.');
    } catch (e) {
      submit.disabled = false;
      showFormError(e, f, alert);
    }
  });
  return form;
}

function objectionWithdraw(p, o, label, alert) {
  return endButton(`Lever l'opposition : ${label}`,
    `Lever l'opposition « ${label} » ? Le partage reprendra.`,
    `/api/v1/persons/${p.id}/objections/${o.id}`,
    () => saved(p.id, 'Opposition levée.'), alert);
}

// The members the volet-2 plan names and the circle lacks: its referent,
// and each action's team member or organisation (PRODUCT §3 admission:
// after admitting a person, those who will see her find her). From the
// person's supports in preparation or active, latest plan version.
async function planCandidates(p, ctx) {
  const sups = (await partGet(ctx, `/api/v1/persons/${p.id}/supports`)).items || [];
  const sup = sups.find((x) => (x.status === 'active' || x.status === 'preparation') && x.plan);
  if (!sup) return [];
  const plan = await partGet(ctx, `/api/v1/supports/${sup.id}/plan`);
  const inCircle = new Set((p.circle || []).map((m) => (m.user_id ? `u${m.user_id}` : `o${m.org_id}`)));
  const out = new Map();
  const add = (key, x) => {
    if (!inCircle.has(key) && !out.has(key)) out.set(key, x);
  };
  if (plan.referent && plan.referent.id) {
    add(`u${plan.referent.id}`, { user_id: plan.referent.id, name: plan.referent.name,
      role: 'Référent du plan d\'accompagnement' });
  }
  for (const a of plan.actions || []) {
    const role = `Plan : ${a.action || a.objective || ''}`.slice(0, 120);
    if (a.who_user) add(`u${a.who_user.id}`, { user_id: a.who_user.id, name: a.who_user.name, role });
    if (a.who_org) add(`o${a.who_org.id}`, { org_id: a.who_org.id, name: a.who_org.name, role });
  }
  return [...out.values()];
}

// « Cercle proposé par le plan »: a checklist the coordinator confirms;
// each checked one is added (POST …/circle), the server deciding each.
function circleProposal(p, ctx) {
  const box = h('div', { class: 'circle-proposal' });
  planCandidates(p, ctx).then((list) => {
    if (!ctx.alive() || !list.length) return;
    const alert = alertBox();
    const checks = list.map((x) => {
      const c = checkField(x.name || '—', { name: 'proposed' }, x.role);
      c.input.checked = true;
      return [x, c];
    });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
      'Ajouter les membres cochés');
    const titleId = uid('propose');
    const form = h('form', { class: 'card-form', novalidate: true, 'aria-labelledby': titleId },
      h('h3', { id: titleId }, 'Cercle proposé par le plan d\'accompagnement'),
      h('p', { class: 'hint' }, 'Le référent et les intervenants nommés dans les actions du plan '
        + 'ne sont pas encore dans le cercle : cochez ceux qui suivent la personne.'),
      h('fieldset', null, h('legend', { class: 'visually-hidden' }, 'Membres proposés'),
        checks.map(([, c]) => c.wrap)),
      alert, submit);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      setAlert(alert, '');
      const chosen = checks.filter(([, c]) => c.input.checked).map(([x]) => x);
      if (!chosen.length) {
        setAlert(alert, 'Cochez au moins un membre à ajouter.');
        return;
      }
      submit.disabled = true;
      let added = 0;
      for (const x of chosen) {
        try {
          await api('POST', `/api/v1/persons/${p.id}/circle`, { user_id: x.user_id || null,
            org_id: x.org_id || null, role: x.role });
          added++;
        } catch (e) {
          submit.disabled = false;
          setAlert(alert, `${x.name} : ${e.message}`);
          if (added) saved(p.id, `${added} membre${added > 1 ? 's' : ''} ajouté${added > 1 ? 's' : ''}`
            + ` au cercle de soins ; ${x.name} : ${e.message}`);
          return;
        }
      }
      saved(p.id, `${added} membre${added > 1 ? 's' : ''} ajouté${added > 1 ? 's' : ''} au cercle `
        + 'de soins.');
    });
    box.appendChild(form);
  }).catch(() => {
    // No support readable, or no plan: nothing to propose.
  });
  return box;
}

export {
  circleAddForm, circleMemberEnd, circleProposal, dataTextForm, identityForm, mayEditCircle,
  objectionAddForm, objectionWithdraw,
};
