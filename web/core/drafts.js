// Maillage web core — typed text kept until it is saved (issue 10 §11).
//
// Owns: the drafts of the text fields built by core/forms.js (textareas
// and text-like inputs, never passwords nor files), kept in the tab's
// sessionStorage under « maillage.brouillon|<user id>|<route>|<field> »,
// so that a session that expired while the user typed (a 401, then the
// login page) gives her text back once she logged in again on the same
// page. sessionStorage and not localStorage: the text is health data; it
// lives only in this tab, is never shared with another tab or window and
// disappears when the tab is closed. It is held only until saved: a
// successful write (api.js, writeDone) clears the drafts of the form just submitted
// (or of the whole page when no form was submitted), and logging out, or
// another user logging in on the tab, clears them all.
// Must not: send anything anywhere; read or write any other storage key.

const PREFIX = 'maillage.brouillon|';

let userId = null;        // set by the shell at login, null when logged out
let seq = -1;             // render sequence the counts below belong to
let counts = new Map();   // base key → fields with that key on this page
let pendingForm = null;   // the form whose submit led to the next write
const keyOf = new WeakMap();  // input → its storage key

function store() {
  try {
    return window.sessionStorage;
  } catch {
    return null;  // storage disabled: no drafts, nothing breaks
  }
}

// The route part of the key: the hash without its query.
function routeKey() {
  return (location.hash || '').replace(/^#/, '').split('?')[0];
}

// Drafts are kept for text the user types: textareas and text, e-mail,
// phone and address inputs. Never passwords or files; not searches,
// dates, numbers or choices either (filters and quick picks, which the
// address or the server already give back), nor the text of a combo box
// (core/widgets.js: its value is the item chosen, not what was typed).
function keepable(input) {
  if (input.getAttribute('role') === 'combobox') return false;
  if (input.tagName === 'TEXTAREA') return true;
  return input.tagName === 'INPUT' && ['text', 'email', 'tel', 'url'].includes(input.type);
}

// Ties a field to its draft: restores what was typed before (the value
// the page set from the server is replaced) and keeps each change.
// `name` names the field on its page (its name or its label); two fields
// of a page with the same name (rows of a plan) are told apart by order.
// renderSeq: the page's render number (core/session.js state.renderSeq).
function keepDraft(input, name, renderSeq) {
  const s = store();
  if (!s || userId === null || !keepable(input) || !name) return;
  if (renderSeq !== seq) {
    seq = renderSeq;
    counts = new Map();
  }
  const base = `${PREFIX}${userId}|${routeKey()}|${name}`;
  const n = counts.get(base) || 0;
  counts.set(base, n + 1);
  const key = n ? `${base}#${n}` : base;
  keyOf.set(input, key);
  const saved = s.getItem(key);
  if (saved !== null && saved !== input.value) {
    input.value = saved;
    input.dataset.draft = 'restored';
  }
  input.addEventListener('input', () => {
    // A filter form (role=search) is not a text to save.
    if (input.closest('[role="search"]')) return;
    try {
      s.setItem(key, input.value);
    } catch {
      // quota: the text stays on screen, only its copy is lost
    }
  });
}

function removeWhere(test) {
  const s = store();
  if (!s) return;
  const doomed = [];
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k && k.startsWith(PREFIX) && test(k)) doomed.push(k);
  }
  for (const k of doomed) s.removeItem(k);
}

// A form is being submitted: its drafts go when the write succeeds.
function formSubmitted(form) {
  pendingForm = form;
}

// A write ended (api.js). Refused (ok false): the drafts stay. Done: the
// drafts of the form just submitted go, or those of the whole page when
// the write came from a button outside a form.
function writeDone(ok) {
  const form = pendingForm;
  pendingForm = null;
  if (!ok || userId === null) return;
  if (form) {
    const s = store();
    if (!s) return;
    for (const el of form.querySelectorAll('input, textarea')) {
      const k = keyOf.get(el);
      if (k) s.removeItem(k);
    }
    return;
  }
  const page = `${PREFIX}${userId}|${routeKey()}|`;
  removeWhere((k) => k.startsWith(page));
}

// Login: drafts of anyone else who used this tab are dropped.
function draftsFor(id) {
  userId = id;
  removeWhere((k) => !k.startsWith(`${PREFIX}${id}|`));
}

// Logout: every draft goes.
function dropDrafts() {
  userId = null;
  pendingForm = null;
  removeWhere(() => true);
}

// Any form of the page: its submit is remembered (capture, so a page's
// own handler that stops the event does not hide it).
document.addEventListener('submit', (ev) => formSubmitted(ev.target), true);

export { draftsFor, dropDrafts, keepDraft, writeDone };
