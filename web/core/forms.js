// Maillage web core — form fields, their labels, hints and errors.
//
// Owns: labelled fields (field, formField, checkField, select…), the
// French error shown next to the field the server names (showFormError),
// alert boxes, facts and status messages, the chosen file of an upload.
// Must not: validate what the server validates; it only shows its answer.

import { h, uid } from './dom.js';
import { keepDraft } from './drafts.js';
import { state } from './session.js';

const DOC_MAX = 5 * 1024 * 1024;

// The file chosen in a file input, or null after showing why on its field
// (none chosen: `missing`; over the server's 5 MiB limit).
function chosenFile(input, fieldObj, missing) {
  const chosen = input.files && input.files[0];
  const why = !chosen ? missing : chosen.size > DOC_MAX ? 'Le fichier dépasse 5 Mo.' : null;
  if (!why) return chosen;
  fieldObj.setError(why);
  input.focus();
  return null;
}

// What the user types in a field of a signed-in page is kept until saved
// (core/drafts.js), under the field's name or else its label.
function draft(input, label) {
  if (!state.user) return;
  keepDraft(input, input.name || (typeof label === 'string' ? label : ''), state.renderSeq);
}

// A labelled form field: returns {wrap, input}.
function field(label, input, hint) {
  if (!input.id) input.id = uid('f');
  draft(input, label);
  const parts = [h('label', { for: input.id }, label)];
  if (hint) {
    const hid = uid('aide');
    parts.push(h('p', { class: 'hint', id: hid }, hint));
    input.setAttribute('aria-describedby', hid);
  }
  parts.push(input);
  return { wrap: h('div', { class: 'field' }, parts), input };
}

// A labelled field with a place for the server's message about it:
// returns {wrap, input, setError(message)}. The message sits between the
// label (and hint) and the control, and is tied to it by
// aria-describedby; aria-invalid marks the control.
function formField(label, input, opts = {}) {
  if (!input.id) input.id = uid('f');
  draft(input, label);
  const labelEl = h('label', { for: input.id }, label,
    opts.required ? h('span', { class: 'req' }, ' (obligatoire)') : null);
  if (opts.required) input.setAttribute('aria-required', 'true');
  const described = [];
  const parts = [labelEl];
  if (opts.hint) {
    const hint = h('p', { class: 'hint', id: uid('aide') }, opts.hint);
    described.push(hint.id);
    parts.push(hint);
  }
  // opts.alert: the server's message about this field is announced here
  // (and not repeated in the form's alert box, see showFormError()).
  const err = h('p', { class: 'field-error', id: uid('erreur'),
    role: opts.alert ? 'alert' : null });
  described.push(err.id);
  parts.push(err);
  input.setAttribute('aria-describedby', described.join(' '));
  parts.push(input);
  if (opts.after) parts.push(opts.after);
  const wrap = h('div', { class: `field${opts.wide ? ' field-wide' : ''}` }, parts);
  return {
    wrap,
    input,
    setError(message) {
      err.textContent = message || '';
      wrap.classList.toggle('has-error', Boolean(message));
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

// The server's refusal of a form: next to the field it names when the
// form has it (fields: name → formField), else in the form's alert box.
// e.field names the whole path of a nested field ("answers.alerter"); a
// form keyed by the last part still finds it.
function showFormError(e, fields, alert) {
  const f = e.field && (fields[e.field] || fields[e.field.split('.').pop()]);
  if (f) {
    setAlert(alert, '');
    f.setError(e.message);
    f.input.focus();
  } else {
    setAlert(alert, e.message);
  }
}

function clearFormErrors(fields, alert) {
  for (const f of new Set(Object.values(fields))) f.setError('');
  if (alert) setAlert(alert, '');
}

// A checkbox with its label after it: returns {wrap, input}.
function checkField(label, attrs = {}, hint) {
  const input = h('input', { type: 'checkbox', id: uid('c'), ...attrs });
  const parts = [input, h('label', { for: input.id }, label)];
  if (hint) {
    const hid = uid('aide');
    input.setAttribute('aria-describedby', hid);
    parts.push(h('p', { class: 'hint choice-hint', id: hid }, hint));
  }
  return { wrap: h('div', { class: 'choice check' }, parts), input };
}

function textInput(name, attrs = {}) {
  return h('input', { type: 'text', name, autocomplete: 'off', maxlength: '200', ...attrs });
}

function textArea(name, attrs = {}) {
  return h('textarea', { name, rows: '3', maxlength: '2000', ...attrs });
}

// '' → null: what the server stores for an emptied optional text.
function orNull(v) {
  const t = (v || '').trim();
  return t === '' ? null : t;
}

// A button that unfolds the element after it (aria-expanded/controls).
function disclosure(label, content) {
  if (!content.id) content.id = uid('volet');
  content.hidden = true;
  const btn = h('button', { type: 'button', class: 'btn', 'aria-expanded': 'false',
    'aria-controls': content.id }, label);
  const set = (open) => {
    content.hidden = !open;
    btn.setAttribute('aria-expanded', open ? 'true' : 'false');
  };
  btn.addEventListener('click', () => {
    const open = content.hidden;
    set(open);
    if (open) {
      const first = content.querySelector('input, select, textarea');
      if (first) first.focus();
    }
  });
  // Text typed before the session expired comes back unfolded.
  if (content.querySelector('[data-draft="restored"]')) set(true);
  return { btn, set };
}

// The same button, whose content is built by build() on the first
// opening only: a record page does not carry every edit form (their
// options and labels) until one is asked for. Returns the wrapper.
function lazyDisclosure(label, build, cls = 'edit-block') {
  const holder = h('div', { id: uid('volet'), hidden: true });
  const btn = h('button', { type: 'button', class: 'btn', 'aria-expanded': 'false',
    'aria-controls': holder.id }, label);
  btn.addEventListener('click', () => {
    const open = holder.hidden;
    if (open && !holder.firstChild) holder.appendChild(build());
    holder.hidden = !open;
    btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      const first = holder.querySelector('input, select, textarea');
      if (first) first.focus();
    }
  });
  return h('div', { class: cls }, btn, holder);
}

function select(options, value, attrs) {
  const s = h('select', attrs);
  for (const o of options) {
    const opt = h('option', { value: o.value }, o.label);
    if (o.value === value) opt.selected = true;
    s.appendChild(opt);
  }
  return s;
}

// A form's own message (not tied to one field), announced by screen
// readers when its text changes: politely (aria-live overrides the
// assertive default of role=alert), as a whole, after what is being read.
function alertBox() {
  return h('div', { class: 'alert', role: 'alert', 'aria-live': 'polite', 'aria-atomic': 'true' });
}

function setAlert(box, message) {
  box.textContent = message || '';
}

function dlRow(label, value) {
  if (value === undefined || value === null || value === '') return null;
  return h('div', null, h('dt', null, label), h('dd', null, value));
}

function statusMessage(text) {
  return h('p', { class: 'flash', role: 'status', tabindex: '-1' }, text);
}

// A fact shown even when empty (« Non renseigné »): what is missing
// matters in a record.
function fact(label, value, empty = 'Non renseigné') {
  const none = value === null || value === undefined || value === '';
  return h('div', null, h('dt', null, label),
    h('dd', { class: none ? 'is-empty' : null }, none ? empty : value));
}

function longText(text) {
  return text ? h('span', { class: 'data-text' }, text) : null;
}

// A select with option groups (label null: options directly in it); the
// current choice is kept even when it left the lists (archived).
function groupedSelect(groups, current, name, emptyLabel) {
  const value = current ? String(current.id) : '';
  const s = h('select', { name }, h('option', { value: '' }, emptyLabel));
  let found = false;
  for (const g of groups) {
    const parent = g.label === null ? s : h('optgroup', { label: g.label });
    for (const o of g.options) {
      const opt = h('option', { value: o.value }, o.label);
      if (o.value === value) {
        opt.selected = true;
        found = true;
      }
      parent.appendChild(opt);
    }
    if (parent !== s) s.appendChild(parent);
  }
  if (value && !found) {
    const opt = h('option', { value }, `${current.name || `n° ${value}`} (actuel)`);
    opt.selected = true;
    s.insertBefore(opt, s.children[1] || null);
  }
  return s;
}

export {
  alertBox, checkField, chosenFile, clearFormErrors, disclosure, dlRow, fact, field, formField,
  groupedSelect, lazyDisclosure, longText, orNull, select, setAlert, showFormError, statusMessage, textArea,
  textInput,
};
