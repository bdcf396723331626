// Maillage — the PPCS action templates (issue 10 point 10): the CRT's
// coordination and direction keep, per area of the plan, ready-made
// actions that the plan editor offers (« Partir d'un modèle »).
//
// Owns: the page #/modeles-actions (GET/POST /api/v1/plan-templates,
// PUT/DELETE /api/v1/plan-templates/{id}; the contract template, GET/PUT
// /api/v1/crt/contract-template) and #/accompagnements/7/contrat (the
// contract generated for a support, to print).
// Must not: decide any right; the server checks every field and its
// French message is shown on the field it names.
//
// Imports web/core/ and its own section's files; registered by
// sections/volet2/index.js.
import { api } from '../../core/api.js';
import { ensureMeta } from '../../core/codes.js';
import { append, h } from '../../core/dom.js';
import {
  alertBox, clearFormErrors, disclosure, fact, formField, select, setAlert, showFormError,
  statusMessage, textArea, textInput,
} from '../../core/forms.js';
import { can } from '../../core/perm.js';
import { focusTitle, pageMessage } from '../../core/router.js';
import { state } from '../../core/session.js';
import { PLAN_AREAS, metaList } from './support.js';

const TITLE = 'Modèles du plan et du contrat';

// The pages registered by sections/volet2/index.js, loaded on first use.
export const planTplPages = {
  'modeles-actions': (ctx) => pageTemplates(ctx),
  contrat: (ctx, r) => pageContract(ctx, r.id),
};

async function pageTemplates(ctx) {
  if (!can(state.user, 'crt.settings')) {
    pageMessage(ctx, TITLE, 'Votre rôle ne donne pas accès à cette page.');
    return;
  }
  const alert = alertBox();
  const list = h('div', { class: 'results' });
  const adder = h('div');
  const contractBox = h('div');
  append(ctx.main, [
    h('h1', null, TITLE),
    h('p', { class: 'page-sub' }, 'Des actions prêtes à l\'emploi, par axe du plan personnalisé : '
      + 'en rédigeant un plan, « Partir d\'un modèle » remplit l\'action, son axe, son début '
      + '(aujourd\'hui) et sa réévaluation (après le nombre de mois du modèle).'),
    alert, adder, list, contractBox,
  ]);
  focusTitle(ctx.main, TITLE);
  let items;
  try {
    await ensureMeta();
    items = (await api('GET', '/api/v1/plan-templates', undefined, ctx)).items || [];
  } catch (e) {
    if (ctx.alive()) setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  const view = { ctx, list, note: null };
  view.show = (next, note) => {
    items = next;
    list.replaceChildren();
    if (note) list.appendChild(statusMessage(note));
    for (const ar of metaList('plan_areas', PLAN_AREAS)) {
      const rows = items.filter((t) => t.area === ar.value);
      const id = `tpl-${ar.value}`;
      list.appendChild(h('section', { class: 'card', 'aria-labelledby': id, 'data-area': ar.value },
        h('h2', { id }, ar.label),
        rows.length ? h('ul', { class: 'tpl-list' }, rows.map((t) => h('li', null,
          templateItem(view, t)))) : h('p', { class: 'muted' }, 'Aucun modèle pour cet axe.')));
    }
  };
  view.show(items, null);
  append(adder, folded('Ajouter un modèle', templateForm(view, null)));
  contractEditor(ctx, contractBox);
}

// A button that unfolds `content`, placed after it.
function folded(label, content) {
  const d = disclosure(label, content);
  return [h('p', { class: 'part-actions' }, d.btn), content];
}

function templateItem(view, t) {
  const del = h('button', { type: 'button', class: 'btn btn-small' }, 'Supprimer');
  del.setAttribute('aria-label', `Supprimer le modèle ${t.title}`);
  const alert = alertBox();
  del.addEventListener('click', async () => {
    del.disabled = true;
    try {
      const r = await api('DELETE', `/api/v1/plan-templates/${t.id}`);
      if (view.ctx.alive()) view.show(r.items || [], `Modèle supprimé : ${t.title}.`);
    } catch (e) {
      del.disabled = false;
      setAlert(alert, e.message);
    }
  });
  return h('div', { class: 'tpl-item', 'data-template': t.id },
    h('span', { class: 'item-title' }, t.title),
    h('span', { class: 'item-meta' }, `${t.action} — ${t.frequency} — réévaluation après `
      + `${t.review_months} mois`),
    folded(`Modifier « ${t.title} »`, templateForm(view, t)),
    h('p', { class: 'part-actions' }, del), alert);
}

function templateForm(view, t) {
  const v = t || {};
  const f = {};
  f.title = formField('Nom du modèle', textInput('title', { value: v.title || '', maxlength: '120' }),
    { required: true });
  f.area = formField('Axe', select([{ value: '', label: 'Choisir…' },
    ...metaList('plan_areas', PLAN_AREAS)], v.area || '', { name: 'area' }), { required: true });
  f.domain = formField('Domaine', select([{ value: '', label: 'Choisir…' },
    ...metaList('plan_domains')], v.domain || '', { name: 'domain' }), { required: true });
  f.need = formField('Problème ou besoin', textInput('need', { value: v.need || '' }),
    { required: true });
  f.objective = formField('Objectif partagé', textInput('objective', { value: v.objective || '' }),
    { required: true });
  f.action = formField('Action', textArea('action', { value: v.action || '', rows: '2' }),
    { required: true, wide: true });
  f.frequency = formField('Fréquence', textInput('frequency', { value: v.frequency || '' }),
    { required: true });
  f.review_months = formField('Réévaluation après (mois)', h('input', { type: 'number',
    name: 'review_months', min: '1', max: '24', value: String(v.review_months || 3) }),
  { required: true });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    t ? 'Enregistrer le modèle' : 'Ajouter le modèle');
  const form = h('form', { class: 'subform', novalidate: true,
    'aria-label': t ? `Modèle ${t.title}` : 'Nouveau modèle' },
  h('div', { class: 'grid' }, Object.values(f).map((x) => x.wrap)), alert,
  h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const body = {};
    // An empty field is left out: the server says it is required.
    for (const [k, x] of Object.entries(f)) {
      const val = x.input.value.trim();
      if (val !== '') body[k] = k === 'review_months' ? Number(val) : val;
    }
    submit.disabled = true;
    try {
      let r;
      if (t) {
        r = await api('PUT', `/api/v1/plan-templates/${t.id}`, body);
      } else {
        await api('POST', '/api/v1/plan-templates', body);
        r = await api('GET', '/api/v1/plan-templates');
      }
      if (!view.ctx.alive()) return;
      view.show(r.items || [], t ? `Modèle enregistré : ${body.title}.` : `Modèle ajouté : ${body.title}.`);
      if (!t) {
        form.reset();
        submit.disabled = false;
      }
    } catch (e) {
      submit.disabled = false;
      if (view.ctx.alive()) showFormError(e, f, alert);
    }
  });
  return form;
}

// ---------------------------------------------------------------------
// The support contract template (GET/PUT /api/v1/crt/contract-template).

async function contractEditor(ctx, box) {
  const alert = alertBox();
  const id = 'modele-contrat';
  const sec = h('section', { class: 'card', 'aria-labelledby': id },
    h('h2', { id }, 'Modèle du contrat d\'accompagnement'), alert);
  box.appendChild(sec);
  let tpl;
  try {
    tpl = await api('GET', '/api/v1/crt/contract-template', undefined, ctx);
  } catch (e) {
    if (ctx.alive()) setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  const state_ = h('p', { class: 'muted' });
  const body = formField('Texte du modèle', textArea('body', { rows: '16', maxlength: '20000' }),
    { required: true, wide: true, hint: 'Les champs entre doubles accolades sont remplis avec les '
      + 'données de la personne au moment d\'imprimer le contrat.' });
  const fill = (t) => {
    body.input.value = t.body;
    state_.textContent = t.is_default ? 'Modèle par défaut de Maillage (le CRT n\'en a pas '
      + 'enregistré).' : 'Modèle du CRT.';
  };
  fill(tpl);
  const fields = { body };
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Enregistrer le modèle du contrat');
  const reset = h('button', { type: 'button', class: 'btn' }, 'Revenir au modèle par défaut');
  const note = h('div');
  const send = async (value, btn) => {
    clearFormErrors(fields, alert);
    btn.disabled = true;
    try {
      const r = await api('PUT', '/api/v1/crt/contract-template', { body: value });
      if (!ctx.alive()) return;
      fill(r);
      note.replaceChildren(statusMessage(value === null ? 'Modèle par défaut rétabli.'
        : 'Modèle du contrat enregistré.'));
    } catch (e) {
      if (ctx.alive()) showFormError(e, fields, alert);
    } finally {
      btn.disabled = false;
    }
  };
  const form = h('form', { class: 'subform', novalidate: true, 'aria-label': 'Modèle du contrat' },
    state_, note,
    h('dl', { class: 'facts' }, (tpl.placeholders || []).map((p) => fact(`{{${p.name}}}`, p.label))),
    body.wrap, h('div', { class: 'form-actions' }, save, reset));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    send(body.input.value, save);
  });
  reset.addEventListener('click', () => send(null, reset));
  sec.appendChild(form);
}

// ---------------------------------------------------------------------
// The contract generated for one support, to print and sign
// (GET /api/v1/supports/{id}/contract-document); the signed scan is then
// attached on the support's page as before.

async function pageContract(ctx, id) {
  const back = h('p', { class: 'back' }, h('a', { href: `#/accompagnements/${id}` },
    '← Retour à l\'accompagnement'));
  const actions = h('div', { class: 'form-actions page-actions' });
  const alert = alertBox();
  const body = h('div', { class: 'contract-print' });
  append(ctx.main, [back, h('div', { class: 'page-head plan-print-head' },
    h('h1', null, 'Contrat d\'accompagnement'), actions), alert, body]);
  focusTitle(ctx.main, 'Contrat d\'accompagnement');
  let doc;
  try {
    doc = await api('GET', `/api/v1/supports/${id}/contract-document`, undefined, ctx);
  } catch (e) {
    if (ctx.alive()) setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  const printBtn = h('button', { type: 'button', class: 'btn btn-primary' }, 'Imprimer');
  printBtn.addEventListener('click', () => window.print());
  actions.appendChild(printBtn);
  body.appendChild(h('div', { class: 'contract-text data-text' }, doc.text));
  body.appendChild(h('p', { class: 'muted no-print' }, 'Une fois signé, joignez le contrat scanné '
    + 'sur la page de l\'accompagnement (« Enregistrer le contrat signé »).'));
}
