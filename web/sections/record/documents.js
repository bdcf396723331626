// Maillage — the documents part of the record: the list of the
// categories the user may read, download links, and the upload form
// (PDF, JPEG, PNG up to 5 MiB) in the categories the user may write.

import { api } from '../../core/api.js';
import { CATEGORY_ORDER, catLabel } from '../../core/codes.js';
import { clear, h, uid } from '../../core/dom.js';
import { frDateTime, sizeKo } from '../../core/format.js';
import {
  alertBox, chosenFile, clearFormErrors, formField, select, showFormError, statusMessage,
  textInput,
} from '../../core/forms.js';
import { loadPart } from '../../core/widgets.js';
import { DOC_TYPES } from './codes.js';
import { canWrite } from './record.js';

async function loadDocuments(ctx, p, section) {
  const data = await loadPart(ctx, section, `/api/v1/persons/${p.id}/documents`);
  if (data) showDocuments(ctx, p, section.querySelector('.part-body'), data.items || []);
}

function showDocuments(ctx, p, box, items, message) {
  clear(box);
  if (message) box.appendChild(statusMessage(message));
  if (!items.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Aucun document joint au dossier.'));
  } else {
    const tbody = h('tbody');
    for (const d of items) {
      const kind = DOC_TYPES[d.content_type] || d.content_type;
      tbody.appendChild(h('tr', { 'data-document-id': d.id },
        h('td', { 'data-label': 'Titre' }, h('div', null,
          h('span', { class: 'item-title' }, d.title),
          h('span', { class: 'item-meta' }, kind))),
        h('td', { 'data-label': 'Catégorie' }, catLabel(d.category)),
        h('td', { 'data-label': 'Date' }, frDateTime(d.created_at)),
        h('td', { 'data-label': 'Taille' }, sizeKo(d.size)),
        h('td', { 'data-label': 'Ajouté par' }, (d.created_by && d.created_by.name) || ''),
        h('td', { 'data-label': 'Fichier' }, h('a', {
          href: `/api/v1/persons/${p.id}/documents/${d.id}`, download: true,
          'aria-label': `Télécharger « ${d.title} » (${kind}, ${sizeKo(d.size)})`,
        }, 'Télécharger'))));
    }
    box.appendChild(h('div', { class: 'results' }, h('table', { class: 'table table-cards documents' },
      h('caption', { class: 'visually-hidden' }, 'Documents du dossier, le plus récent d\'abord'),
      h('thead', null, h('tr', null,
        ['Titre', 'Catégorie', 'Date', 'Taille', 'Ajouté par', 'Fichier']
          .map((c) => h('th', { scope: 'col' }, c)))),
      tbody)));
  }
  const cats = CATEGORY_ORDER.filter((c) => canWrite(p, c));
  if (cats.length) box.appendChild(documentForm(ctx, p, box, cats));
  if (message) box.querySelector('[role="status"]').focus();
}

function documentForm(ctx, p, box, cats) {
  const file = h('input', { type: 'file', name: 'file',
    accept: '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png' });
  const f = {};
  f.file = formField('Fichier', file, { required: true, alert: true,
    hint: 'PDF, JPEG ou PNG, 5 Mo au plus.' });
  f.content_type = f.file;
  f.title = formField('Titre du document', textInput('title', { maxlength: '200' }),
    { required: true, alert: true,
      hint: 'Par exemple : compte rendu d\'hospitalisation du 12/10/2026.' });
  f.category = formField('Catégorie', select(cats.map((c) => ({ value: c, label: catLabel(c) })),
    cats.includes('soins') ? 'soins' : cats[0], { name: 'category' }),
  { alert: true, hint: 'Elle décide qui pourra lire le document.' });
  file.addEventListener('change', () => {
    const chosen = file.files && file.files[0];
    if (chosen && !f.title.input.value.trim()) {
      f.title.input.value = chosen.name.replace(/\.[^.]+$/, '').slice(0, 200);
    }
  });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Joindre le document');
  const titleId = uid('joindre');
  const form = h('form', { class: 'subform', novalidate: true, 'aria-labelledby': titleId },
    h('h3', { id: titleId }, 'Joindre un document'),
    h('div', { class: 'grid' }, f.file.wrap, f.title.wrap, f.category.wrap),
    alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const chosen = chosenFile(file, f.file, 'Choisissez un fichier.');
    const title = f.title.input.value.trim();
    if (!chosen) return;
    if (!title) {
      f.title.setError('Le titre du document est obligatoire.');
      f.title.input.focus();
      return;
    }
    const qs = new URLSearchParams({ category: f.category.input.value, title });
    submit.disabled = true;
    let items;
    try {
      await api('POST', `/api/v1/persons/${p.id}/documents?${qs}`, chosen,
        { raw: true, type: chosen.type || 'application/octet-stream' });
      items = (await api('GET', `/api/v1/persons/${p.id}/documents`, undefined, ctx)).items || [];
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      showFormError(e, f, alert);
      return;
    }
    if (!ctx.alive()) return;
    showDocuments(ctx, p, box, items, `Document « ${title} » joint au dossier.`);
  });
  return form;
}
// team reads first, printable on one A4 sheet, readable on a phone.

export { loadDocuments };
