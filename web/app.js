// Maillage — the French web shell (PRODUCT §1).
//
// Owns: login/logout, the layout (header, main navigation), hash routing
// and the first screens (Accueil, Personnes, dossier, Administration).
// Must not: decide any access right. The server decides everything; this
// file only shows what it answers, including its French error messages.
//
// Rules: the DOM is built with createElement/textContent only (never
// innerHTML with data), no inline style or script (strict CSP), every
// request sends the session cookie, and every non-GET request sends the
// CSRF token and a JSON content type.
//
// Feature pages live in their own modules (volet2.js: referrals, the
// waiting list, admission evaluations; support.js: volet 2 from the
// committee to the exit). Each exports {nav(user), route(path), pages};
// MODULES below lists them, and the helpers they share are exported at
// the end of this file.

import { volet2 } from './volet2.js';
import { support, loadParcours } from './support.js';
import { accesses, accessesLink } from './accesses.js';
import { breakglass } from './breakglass.js';

const MODULES = [volet2, support, accesses, breakglass];

// ---------------------------------------------------------------------
// State

const state = {
  user: null,       // GET /api/v1/session → user
  csrf: null,       // csrf_token from the login or session answer
  meta: null,       // GET /api/v1/meta (labels), loaded once per session
  renderSeq: 0,     // increases on each route render; stale answers drop
  navOpen: false,   // small screens: is the main navigation unfolded?
  focusAfter: null, // 'search' | 'prev' | 'next': where focus goes next
  breakglassUntil: {},  // person id → expires_at of an emergency access
  breakglassRenewal: {},  // person id → renewal number of that access (0: first)
  access: {},       // person id → access ({kind, read, write}) last answered
  flash: null,      // {id, page, message, duplicates}: for the next page shown
};

const CATEGORY_ORDER = ['admin', 'social', 'soins', 'medical', 'psy'];
const CATEGORY_LABELS = {
  admin: 'Administratif',
  social: 'Social',
  soins: 'Soins',
  medical: 'Médical',
  psy: 'Psychologique',
};
const IDENTITY_STATUS = {
  PROV: 'Provisoire',
  RECUP: 'Récupérée',
  VALI: 'Validée',
  QUAL: 'Qualifiée',
};
const SEX_LABELS = { F: 'Femme', M: 'Homme', I: 'Indéterminé' };
const INS_OIDS = [
  { value: '1.2.250.1.213.1.4.8', label: 'INS-NIR' },
  { value: '1.2.250.1.213.1.4.9', label: 'INS-NIA (numéro provisoire)' },
  { value: '1.2.250.1.213.1.4.10', label: 'NIR de test' },
  { value: '1.2.250.1.213.1.4.11', label: 'NIR de démonstration' },
];
const IDENTITY_DOCUMENTS = {
  cni: 'Carte nationale d\'identité',
  passeport: 'Passeport',
  titre_sejour: 'Titre de séjour',
};
const IDENTITY_FLAGS = [
  ['doubtful', 'Identité douteuse'],
  ['fictitious', 'Identité fictive'],
  ['homonym', 'Homonyme'],
  ['duplicate', 'Doublon suspecté'],
];
// Roles the server lets create a record (mirror of the server rule, only
// used to decide whether to offer « Nouvelle personne »: the server still
// decides and answers in French when it refuses).
const CREATE_ROLES = new Set(['coordinateur', 'medecin', 'secretariat']);

// AGGIR grid (DOMAIN §1): the ten discriminant variables in their order,
// the 17 sub-variables entered by the four adverbs S, T, C, H. The letters
// and the GIR are always computed by the server (POST /api/v1/aggir).
const AGGIR_VARIABLES = [
  ['COH', 'Cohérence'], ['ORI', 'Orientation'], ['TOI', 'Toilette'],
  ['HAB', 'Habillage'], ['ALI', 'Alimentation'], ['ELI', 'Élimination'],
  ['TRA', 'Transferts'], ['DIN', 'Déplacements à l\'intérieur'],
  ['DEX', 'Déplacements à l\'extérieur'], ['COM', 'Alerter'],
];
const AGGIR_SUBVARIABLES = [
  ['coh_communication', 'Cohérence — communication'],
  ['coh_comportement', 'Cohérence — comportement'],
  ['ori_temps', 'Orientation — dans le temps'],
  ['ori_espace', 'Orientation — dans l\'espace'],
  ['toi_haut', 'Toilette — haut'],
  ['toi_bas', 'Toilette — bas'],
  ['hab_haut', 'Habillage — haut'],
  ['hab_moyen', 'Habillage — moyen'],
  ['hab_bas', 'Habillage — bas'],
  ['ali_se_servir', 'Alimentation — se servir'],
  ['ali_manger', 'Alimentation — manger'],
  ['eli_urinaire', 'Élimination — urinaire'],
  ['eli_fecale', 'Élimination — fécale'],
  ['transferts', 'Transferts'],
  ['deplacements_interieur', 'Déplacements à l\'intérieur'],
  ['deplacements_exterieur', 'Déplacements à l\'extérieur'],
  ['alerter', 'Alerter'],
];
const AGGIR_ADVERBS = [
  ['s', 'Spontanément'],
  ['t', 'Totalement'],
  ['c', 'Correctement'],
  ['h', 'Habituellement'],
];
const AGGIR_INPUT_KIND = { answers: 'grille détaillée', letters: 'dix lettres' };
const ACCESS_KIND = {
  normal: 'Accès normal',
  breakglass: 'Accès d\'urgence (bris de glace)',
  none: 'Aucun accès',
};
// Roles the server lets open an emergency access (mirror of
// access_role_may_breakglass(); only used to decide whether to offer the
// form: the server still decides and answers in French when it refuses).
const BREAKGLASS_ROLES = new Set(['coordinateur', 'medecin', 'soignant',
  'intervenant', 'partenaire']);
const PAGE_SIZE = 20;
const BREAKGLASS_MIN = 10;
// Roles the server refuses the GIR filter of the person search (it is
// `soins` data; mirror of the rule in person_list(): the server still
// answers persons.gir.forbidden, shown next to the field).
const GIR_FILTER_DENIED = new Set(['secretariat', 'admin']);
// Roles the server lets change the partner directory, and see the
// partnership dashboard (mirrors of the route tables).
const DIRECTORY_EDIT_ROLES = new Set(['coordinateur', 'direction', 'secretariat']);
const PARTNERSHIP_ROLES = new Set(['coordinateur', 'direction']);

// DLU (DOMAIN §5): the texts in the order an emergency team reads them,
// with the hints of the edit form.
const DLU_TEXTS = {
  people_to_call: ['Personnes à prévenir',
    'Noms, liens et téléphones, dans l\'ordre où les appeler.'],
  trusted_person: ['Personne de confiance', 'Nom, lien et téléphone.'],
  allergies: ['Allergies', 'Médicaments, aliments, matériaux (latex…), avec la '
    + 'réaction observée. Écrivez « Aucune connue » si c\'est le cas.'],
  treatments: ['Traitements en cours', 'Médicaments, doses et horaires ; '
    + 'anticoagulants et insuline en premier.'],
  history: ['Antécédents significatifs', 'Maladies, interventions, '
    + 'hospitalisations récentes.'],
  directives_where: ['Où trouver les directives anticipées',
    'Lieu du document au domicile, ou personne qui le détient.'],
  devices: ['Appareillages et dispositifs', 'Téléassistance, oxygène, '
    + 'pacemaker, sonde, prothèses, lunettes, appareils auditifs…'],
  mobility: ['Mobilité', 'Marche, aides techniques, transferts, risque de chute.'],
  communication: ['Communication', 'Langue, parole, façon de se faire comprendre.'],
  cognition: ['Cognition', 'Orientation, mémoire, troubles du comportement.'],
  senses: ['Sens (vue, audition)', null],
  habits: ['Habitudes de vie', 'Rythme, repas, animaux, ce qui rassure la personne.'],
  home_access: ['Accès au domicile', 'Clés, boîte à clés, code, voisin qui a un double.'],
};
const DLU_DIRECTIVES = { oui: 'Oui', non: 'Non', inconnu: 'Inconnu' };
const CAREGIVER_SITUATIONS = { present: 'présent', epuise: 'épuisé', absent: 'absent' };
const LEGAL_PROTECTIONS = [
  ['aucune', 'Aucune'], ['sauvegarde_justice', 'Sauvegarde de justice'],
  ['curatelle_simple', 'Curatelle simple'], ['curatelle_renforcee', 'Curatelle renforcée'],
  ['tutelle', 'Tutelle'], ['habilitation_familiale', 'Habilitation familiale'],
  ['mandat_protection_future', 'Mandat de protection future'],
];
const INFORMED_TO = { personne: 'à la personne', representant: 'à son représentant' };
const DOC_TYPES = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };
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

// Sections of the product that are not delivered yet: shown, honestly
// marked « bientôt », never clickable.
const SOON = ['Planning', 'Astreinte', 'Actions collectives', 'Indicateurs'];

// ---------------------------------------------------------------------
// DOM helpers (no innerHTML anywhere)

// h('p', {class: 'x'}, 'text', child, [children]) → Element.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'for') el.htmlFor = v;
      else if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'value') el.value = v;
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

let idSeq = 0;
function uid(prefix) {
  idSeq += 1;
  return `${prefix}-${idSeq}`;
}

// A labelled form field: returns {wrap, input}.
function field(label, input, hint) {
  if (!input.id) input.id = uid('f');
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
  return { btn, set };
}

// Free text with French phone numbers made into tel: links (the night
// on-call aide calls from her phone).
const PHONE_RE = /(?:\+33[\s.]?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b/g;
function withPhoneLinks(text) {
  const out = [];
  let last = 0;
  for (const m of String(text).matchAll(PHONE_RE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(h('a', { href: `tel:${m[0].replace(/[^\d+]/g, '')}`, class: 'tel' }, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function telLink(phone) {
  if (!phone) return null;
  return h('a', { href: `tel:${phone.replace(/[^\d+]/g, '')}`, class: 'tel' }, phone);
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

// An element announced by screen readers when its text changes.
function alertBox() {
  return h('div', { class: 'alert', role: 'alert' });
}

function setAlert(box, message) {
  box.textContent = message || '';
}

// Dates: 'YYYY-MM-DD' → 'JJ/MM/AAAA' without any time-zone shift.
function frDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

// Today as 'YYYY-MM-DD', in the local calendar (what the user sees).
function todayIso() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Timestamps: '2026-11-23T20:00:24.619Z' → local French date.
function frDateTime(iso, withTime) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = d.toLocaleDateString('fr-FR');
  return withTime
    ? `${day} à ${d.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })}`
    : day;
}

function ageFrom(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) return null;
  const now = new Date();
  let age = now.getFullYear() - Number(m[1]);
  const md = (now.getMonth() + 1) * 100 + now.getDate();
  if (md < Number(m[2]) * 100 + Number(m[3])) age -= 1;
  return age >= 0 && age < 150 ? age : null;
}

function catLabel(code) {
  const fromMeta = state.meta && state.meta.categories &&
    state.meta.categories.find((c) => c.code === code);
  return CATEGORY_LABELS[code] || (fromMeta && fromMeta.label) || code;
}

function metaLabel(list, code) {
  const l = state.meta && state.meta[list];
  const found = l && l.find((x) => x.code === code);
  return found ? found.label : code;
}

// ---------------------------------------------------------------------
// API

class ApiError extends Error {
  constructor(status, err) {
    super((err && err.message) || `Erreur inattendue (code ${status}).`);
    this.status = status;
    this.code = err && err.code;
    this.field = err && err.field;
    // 409 person.ins.taken: the record that holds the INS (its id only).
    this.holderId = err && err.holder_id;
  }
}

// All requests go through here: cookie, CSRF token, JSON, French errors.
// opts.raw: the body is sent as it is (a File), with opts.type as its
// Content-Type (document upload).
async function api(method, path, body, opts = {}) {
  const opt = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    cache: 'no-store',
  };
  if (method !== 'GET') {
    if (state.csrf) opt.headers['X-CSRF-Token'] = state.csrf;
    if (opts.raw) {
      opt.headers['Content-Type'] = opts.type || 'application/octet-stream';
      opt.body = body;
    } else {
      opt.headers['Content-Type'] = 'application/json';
      if (body !== undefined) opt.body = JSON.stringify(body);
    }
  }
  let r;
  try {
    r = await fetch(path, opt);
  } catch {
    throw new ApiError(0, { code: 'network', message: 'Le serveur ne '
      + 'répond pas. Vérifiez votre connexion puis réessayez.' });
  }
  let data = null;
  if (r.status !== 204) {
    try { data = await r.json(); } catch { data = null; }
  }
  if (!r.ok) {
    const err = new ApiError(r.status, data && data.error);
    // A session that ended elsewhere (expiry, account disabled): back to
    // the login page, with the server's message.
    if (r.status === 401 && state.user && path !== '/api/v1/session') {
      sessionLost(err.message);
    }
    throw err;
  }
  return data;
}

// ---------------------------------------------------------------------
// Login page

const root = () => document.getElementById('app');

function showLogin(message) {
  state.user = null;
  state.csrf = null;
  state.meta = null;
  state.breakglassUntil = {};
  state.breakglassRenewal = {};
  state.access = {};
  state.flash = null;
  state.renderSeq += 1;
  document.title = 'Connexion — Maillage';
  document.body.className = 'page-login';

  const idInput = h('input', { type: 'text', name: 'login',
    autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false',
    required: true, maxlength: '64' });
  const pwInput = h('input', { type: 'password', name: 'password',
    autocomplete: 'current-password', required: true, maxlength: '256' });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' },
    'Se connecter');
  const form = h('form', { class: 'login-form', novalidate: true },
    field('Identifiant', idInput).wrap,
    field('Mot de passe', pwInput).wrap,
    alert,
    submit);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(alert, '');
    if (!idInput.value.trim() || !pwInput.value) {
      setAlert(alert, 'Saisissez votre identifiant et votre mot de passe.');
      (idInput.value.trim() ? pwInput : idInput).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Connexion…';
    try {
      const data = await api('POST', '/api/v1/session',
        { login: idInput.value.trim(), password: pwInput.value });
      await startSession(data, true);
    } catch (e) {
      pwInput.value = '';
      setAlert(alert, e.message);
      submit.disabled = false;
      submit.textContent = 'Se connecter';
      pwInput.focus();
    }
  });

  const main = h('main', { id: 'contenu', class: 'login-page', tabindex: '-1' },
    h('div', { class: 'login-card' },
      h('div', { class: 'login-brand' },
        h('img', { src: 'favicon.svg', alt: '', width: '40', height: '40' }),
        h('div', null,
          h('p', { class: 'brand-name' }, 'Maillage'),
          h('p', { class: 'brand-sub' },
            'Centre de ressources territorial — personnes âgées'))),
      h('h1', null, 'Connexion'),
      form,
      h('p', { class: 'login-note' },
        'Accès réservé aux professionnels habilités. Chaque consultation '
        + 'de dossier est tracée.')));

  const app = root();
  clear(app);
  app.appendChild(main);
  if (message) setAlert(alert, message);
  idInput.focus();
}

function sessionLost(message) {
  if (!state.user) return;
  showLogin(message || 'Votre session a expiré, veuillez vous reconnecter.');
}

async function startSession(data, fromLogin) {
  state.user = data.user;
  state.csrf = data.csrf_token;
  try {
    // A one-time password opens nothing but its change (issue 8 review).
    state.meta = state.user.must_change_password ? null : await api('GET', '/api/v1/meta');
  } catch {
    state.meta = null;  // labels fall back to built-in ones
  }
  buildShell();
  // After a page load the natural order stays (skip link first); after
  // the login form, focus moves to the new page title.
  shell.fresh = !fromLogin;
  if (!parseRoute().known) {
    location.hash = '#/accueil';  // triggers render through hashchange
  } else {
    render();
  }
}

async function logout() {
  try {
    await api('DELETE', '/api/v1/session');
  } catch {
    // Even if the server cannot be reached, forget everything locally.
  }
  history.replaceState(null, '', location.pathname + location.search);
  showLogin();
}

// ---------------------------------------------------------------------
// Shell: header, navigation, main

const shell = {};

function navItems() {
  const u = state.user;
  const items = [{ href: '#/accueil', route: 'accueil', label: 'Accueil' }];
  if (u.role !== 'admin') {
    items.push({ href: '#/personnes', route: 'personnes', label: 'Personnes' });
    for (const m of MODULES) items.push(...m.nav(u));
    items.push({ href: '#/partenaires', route: 'partenaires', label: 'Partenaires' });
  }
  if (u.role === 'admin') {
    items.push({ href: '#/admin', route: 'admin', label: 'Administration' });
  }
  if (u.role === 'direction' || u.role === 'coordinateur' || u.role === 'medecin') {
    items.push({ href: '#/comptes', route: 'comptes', label: 'Validation des comptes' });
  }
  return items;
}

function buildShell() {
  const u = state.user;
  document.body.className = 'page-app';

  const navList = h('ul', { class: 'nav-list' });
  shell.links = {};
  for (const it of navItems()) {
    const a = h('a', { href: it.href, class: 'nav-link' }, it.label);
    shell.links[it.route] = a;
    navList.appendChild(h('li', null, a));
  }
  const soonList = h('ul', { class: 'nav-list nav-soon',
    'aria-label': 'Prochainement' });
  if (u.role !== 'admin') {
    for (const label of SOON) {
      soonList.appendChild(h('li', null,
        h('a', { role: 'link', 'aria-disabled': 'true', class: 'nav-link is-soon' },
          h('span', null, label),
          h('span', { class: 'badge-soon' }, 'bientôt'))));
    }
  }

  // The « Menu » button lives inside the landmark, so the navigation is
  // always present; on small screens it only unfolds the lists.
  const listsId = 'navigation-liens';
  const toggle = h('button', { type: 'button', class: 'nav-toggle',
    'aria-expanded': 'false', 'aria-controls': listsId },
  h('span', { class: 'nav-toggle-icon', 'aria-hidden': 'true' }), 'Menu');
  toggle.addEventListener('click', () => setNavOpen(!state.navOpen));

  const lists = h('div', { id: listsId, class: 'nav-lists' },
    navList,
    soonList.childElementCount
      ? [h('p', { class: 'nav-heading', 'aria-hidden': 'true' }, 'Prochainement'),
        soonList]
      : null);
  const nav = h('nav', { class: 'main-nav', 'aria-label': 'Navigation principale' },
    toggle, lists);
  nav.addEventListener('click', (ev) => {
    const a = ev.target.closest('a');
    if (a && a.getAttribute('aria-disabled') === 'true') {
      ev.preventDefault();
      return;
    }
    if (a) setNavOpen(false);
  });

  const logoutBtn = h('button', { type: 'button', class: 'btn btn-header' },
    'Se déconnecter');
  logoutBtn.addEventListener('click', () => {
    logoutBtn.disabled = true;
    logout();
  });

  const pwLink = h('a', { href: '#/mot-de-passe', class: 'btn btn-header' },
    'Changer mon mot de passe');

  const header = h('header', { class: 'topbar' },
    h('div', { class: 'topbar-brand' },
      h('img', { src: 'favicon.svg', alt: '', width: '32', height: '32' }),
      h('div', null,
        h('p', { class: 'brand-name' }, 'Maillage'),
        h('p', { class: 'brand-crt' }, (u.crt && u.crt.name) || ''))),
    h('div', { class: 'topbar-user' },
      h('p', { class: 'user-id' },
        h('span', { class: 'user-name' }, u.display_name),
        h('span', { class: 'user-role' }, u.role_label || u.role)),
      pwLink, logoutBtn));

  const main = h('main', { id: 'contenu', class: 'content', tabindex: '-1' });
  const app = root();
  clear(app);
  app.appendChild(header);
  app.appendChild(h('div', { class: 'layout' }, nav, main));
  shell.main = main;
  shell.toggle = toggle;
  shell.nav = nav;
  setNavOpen(false);
}

function setNavOpen(open) {
  state.navOpen = open;
  if (!shell.toggle) return;
  shell.toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  shell.nav.classList.toggle('is-open', open);
}

// ---------------------------------------------------------------------
// Routing: #/accueil, #/personnes, #/personnes/nouvelle, #/personnes/12,
// #/personnes/12/aggir, #/personnes/12/dlu, #/personnes/12/dlu/modifier,
// #/partenaires, #/partenaires/3, #/admin; and the modules' routes
// (volet2.js: #/demandes, #/demandes/nouvelle, #/demandes/12,
// #/liste-attente).

function parseRoute() {
  const hash = location.hash || '';
  const [path, query] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query || '');
  let m;
  for (const mod of MODULES) {
    const r = mod.route(path);
    if (r) return { ...r, module: mod, known: true, params };
  }
  if (path === '/accueil') return { name: 'accueil', known: true, params };
  if (path === '/personnes') return { name: 'personnes', known: true, params };
  if (path === '/personnes/nouvelle') return { name: 'nouvelle', known: true, params };
  if ((m = /^\/personnes\/(\d{1,15})$/.exec(path))) {
    return { name: 'personne', id: Number(m[1]), known: true, params };
  }
  if ((m = /^\/personnes\/(\d{1,15})\/aggir$/.exec(path))) {
    return { name: 'aggir', id: Number(m[1]), known: true, params };
  }
  if ((m = /^\/personnes\/(\d{1,15})\/dlu$/.exec(path))) {
    return { name: 'dlu', id: Number(m[1]), known: true, params };
  }
  if ((m = /^\/personnes\/(\d{1,15})\/dlu\/modifier$/.exec(path))) {
    return { name: 'dlu-modifier', id: Number(m[1]), known: true, params };
  }
  if (path === '/partenaires') return { name: 'partenaires', known: true, params };
  if ((m = /^\/partenaires\/(\d{1,15})$/.exec(path))) {
    return { name: 'partenaire', id: Number(m[1]), known: true, params };
  }
  if (path === '/admin') return { name: 'admin', known: true, params };
  if (path === '/comptes') return { name: 'comptes', known: true, params };
  if (path === '/mot-de-passe') return { name: 'mot-de-passe', known: true, params };
  if (path === '' || path === '/') return { name: 'accueil', known: false, params };
  return { name: 'inconnu', known: true, params };
}

function render() {
  if (!state.user || !shell.main) return;
  const route = parseRoute();
  const seq = ++state.renderSeq;
  let active = route.name;
  if (['personne', 'nouvelle', 'aggir', 'dlu', 'dlu-modifier'].includes(route.name)) {
    active = 'personnes';
  } else if (route.name === 'partenaire') {
    active = 'partenaires';
  } else if (route.module) {
    active = route.nav;
  }
  for (const [name, a] of Object.entries(shell.links)) {
    if (name === active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const main = shell.main;
  clear(main);
  const ctx = { seq, main, alive: () => seq === state.renderSeq };
  // A one-time password (given at an approval) must be replaced first.
  if (state.user.must_change_password) {
    pageMotDePasse(ctx, true);
    return;
  }
  if (route.module) {
    route.module.pages[route.name](ctx, route);
    return;
  }
  switch (route.name) {
    case 'accueil': pageAccueil(ctx); break;
    case 'personnes': pagePersonnes(ctx, route.params); break;
    case 'personne': pagePersonne(ctx, route.id); break;
    case 'nouvelle': pageNouvellePersonne(ctx, route.params); break;
    case 'aggir': pageAggir(ctx, route.id); break;
    case 'dlu': pageDlu(ctx, route.id); break;
    case 'dlu-modifier': pageDluEdit(ctx, route.id); break;
    case 'partenaires': pagePartenaires(ctx, route.params); break;
    case 'partenaire': pagePartenaire(ctx, route.id); break;
    case 'admin': pageAdmin(ctx); break;
    case 'comptes': pageComptes(ctx); break;
    case 'mot-de-passe': pageMotDePasse(ctx, false); break;
    default: pageMessage(ctx, 'Page introuvable',
      'Cette adresse ne correspond à aucune page de Maillage.');
  }
}

// After a navigation, move focus to the page title (screen readers).
function focusTitle(main, title) {
  document.title = `${title} — Maillage`;
  if (shell.fresh) {
    shell.fresh = false;
    return;
  }
  const h1 = main.querySelector('h1');
  if (h1 && document.activeElement !== h1 &&
      !main.contains(document.activeElement)) {
    h1.setAttribute('tabindex', '-1');
    h1.focus({ preventScroll: false });
  }
}

function pageMessage(ctx, title, text) {
  append(ctx.main, [h('h1', null, title), h('p', { class: 'notice' }, text),
    h('p', null, h('a', { href: '#/accueil' }, 'Retour à l\'accueil'))]);
  focusTitle(ctx.main, title);
}

// ---------------------------------------------------------------------
// Accueil

function pageAccueil(ctx) {
  const u = state.user;
  const dl = h('dl', { class: 'facts' },
    h('div', null, h('dt', null, 'Rôle'), h('dd', null, u.role_label || u.role)),
    h('div', null, h('dt', null, 'Profession'),
      h('dd', null, u.profession_label || u.profession)),
    h('div', null, h('dt', null, 'Structure'),
      h('dd', null, (u.org && u.org.name) || '')),
    h('div', null, h('dt', null, 'Centre de ressources territorial'),
      h('dd', null, (u.crt && u.crt.name) || '')));

  const next = u.role === 'admin'
    ? h('p', null, 'Gérez les comptes des professionnels depuis la page ',
      h('a', { href: '#/admin' }, 'Administration'), '. Votre rôle ne donne '
      + 'pas accès aux dossiers des personnes.')
    : h('p', null, 'Retrouvez les dossiers des personnes depuis la page ',
      h('a', { href: '#/personnes' }, 'Personnes'), ', et l\'annuaire des '
      + 'structures partenaires depuis la page ',
      h('a', { href: '#/partenaires' }, 'Partenaires'), '.');

  append(ctx.main, [
    h('h1', null, `Bonjour ${u.display_name}`),
    h('section', { class: 'card', 'aria-labelledby': 'profil-titre' },
      h('h2', { id: 'profil-titre' }, 'Votre profil'), dl),
    h('section', { class: 'card', 'aria-labelledby': 'suite-titre' },
      h('h2', { id: 'suite-titre' }, 'Pour commencer'), next,
      u.role !== 'admin'
        ? h('p', { class: 'muted' }, 'Les autres modules (planning, astreinte, '
          + 'actions collectives, indicateurs) seront disponibles dans une '
          + 'prochaine version.')
        : null),
  ]);
  const notices = h('section', { class: 'card notices', 'aria-labelledby': 'avis-titre' },
    h('h2', { id: 'avis-titre', tabindex: '-1' }, 'Vos avis'),
    h('p', { class: 'muted' }, 'Chargement des avis…'));
  ctx.main.insertBefore(notices, ctx.main.children[1] || null);
  loadNotices(ctx, notices);
  focusTitle(ctx.main, 'Accueil');
}

// Issue 8 point 2: the current user's notices (account requests, repeated
// login failures), newest first, each unread one with « Marquer comme lu ».
async function loadNotices(ctx, section, all = false) {
  let data;
  try {
    data = await api('GET', `/api/v1/notices?limit=20${all ? '' : '&unread=1'}`);
  } catch (e) {
    if (!ctx.alive()) return;
    section.replaceChildren(section.firstChild, h('p', { class: 'muted' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  const title = section.firstChild;
  title.textContent = data.unread ? `Vos avis (${data.unread} non lu${data.unread > 1 ? 's' : ''})` : 'Vos avis';
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const parts = [title, status];
  if (!data.items.length) {
    parts.push(h('p', { class: 'muted' }, all || !data.total ? 'Aucun avis.' : 'Aucun avis non lu.'));
  } else {
    const ul = h('ul', { class: 'plain-list notice-list' });
    for (const n of data.items) {
      const li = h('li', { class: n.read_at ? 'notice-item notice-read' : 'notice-item' },
        h('p', null, n.text),
        h('p', { class: 'muted' }, frDateTime(n.created_at, true),
          n.read_at ? ` — lu le ${frDateTime(n.read_at, true)}` : ''));
      if (n.link) li.appendChild(h('p', null, h('a', { href: n.link }, 'Voir la page concernée')));
      if (!n.read_at) {
        const btn = h('button', { type: 'button', class: 'btn btn-small' }, 'Marquer comme lu');
        btn.addEventListener('click', async () => {
          btn.disabled = true;
          try {
            await api('POST', `/api/v1/notices/${n.id}/read`, {});
            if (!ctx.alive()) return;
            await loadNotices(ctx, section, all);
            const s = section.querySelector('[role="status"]');
            if (s) s.textContent = 'Avis marqué comme lu.';
            section.querySelector('h2').focus();
          } catch (e) {
            btn.disabled = false;
            li.appendChild(h('p', { class: 'alert', role: 'alert' }, e.message));
          }
        });
        li.appendChild(btn);
      }
      ul.appendChild(li);
    }
    parts.push(ul);
  }
  if (data.total > (all ? data.items.length : data.unread) || all) {
    const more = h('button', { type: 'button', class: 'btn btn-small' },
      all ? 'Voir seulement les avis non lus' : 'Voir aussi les avis lus');
    more.addEventListener('click', () => loadNotices(ctx, section, !all));
    parts.push(h('p', null, more));
  }
  section.replaceChildren(...parts);
}

// ---------------------------------------------------------------------
// Personnes: search and list

function personName(p) {
  return [p.birth_name, p.first_names].filter(Boolean).join(' ');
}

function bornWord(p) {
  return { F: 'née', M: 'né' }[p.sex] || 'né(e)';
}

function statusBadge(code) {
  return h('span', { class: `badge status-${(code || '').toLowerCase()}` },
    IDENTITY_STATUS[code] || code || '—');
}

async function pagePersonnes(ctx, params) {
  if (state.user.role === 'admin') {
    pageMessage(ctx, 'Personnes', 'Le rôle Administrateur technique ne '
      + 'donne pas accès aux dossiers des personnes.');
    return;
  }
  const filters = personFilters(params);
  const offset = Math.max(0, Number.parseInt(params.get('offset') || '0', 10) || 0);

  // Search and filters: one form, one « Rechercher » button.
  const search = h('input', { type: 'search', name: 'q', value: filters.q,
    maxlength: '100', autocomplete: 'off', spellcheck: 'false' });
  const f = {};
  f.q = formField('Rechercher une personne', search, { alert: true,
    hint: 'Nom de naissance, nom d\'usage ou prénom ; date de naissance '
      + 'JJ/MM/AAAA ; ou matricule INS.' });
  const commune = communePicker({ compact: true, initial: filters.commune
    ? { code: filters.commune, label: filters.cnom || `Code INSEE ${filters.commune}` }
    : null });
  f.commune = formField('Commune', commune.input, { alert: true,
    hint: 'Deux lettres du nom ou le code postal, puis choisir.',
    after: commune.extras });
  const volet2 = checkField('Volet 2 : territoire', { name: 'volet2' },
    'Seulement les communes du territoire du volet 2.');
  volet2.input.checked = filters.volet2;
  const girAllowed = !GIR_FILTER_DENIED.has(state.user.role);
  if (girAllowed) {
    f.gir = formField('GIR', select([{ value: '', label: 'Tous' },
      ...[1, 2, 3, 4, 5, 6].map((n) => ({ value: String(n), label: `GIR ${n}` }))],
    filters.gir, { name: 'gir', class: 'input-short' }), { alert: true });
  }
  // Issue 3: volet-2 beneficiaries (an active support) or not.
  f.beneficiary = formField('Accompagnement volet 2', select([
    { value: '', label: 'Tous' },
    { value: '1', label: 'Accompagnés (file active)' },
    { value: '0', label: 'Non accompagnés' }], filters.beneficiary,
  { name: 'beneficiary' }), { alert: true });
  const anyFilter = filters.q || filters.commune || filters.volet2 || filters.gir
    || filters.beneficiary;
  const searchForm = h('form', { role: 'search', class: 'search-form person-filters',
    'aria-label': 'Rechercher des personnes', novalidate: true },
  h('div', { class: 'filters-grid' }, f.q.wrap, f.commune.wrap,
    girAllowed ? f.gir.wrap : null, f.beneficiary.wrap,
    h('div', { class: 'field field-check' }, volet2.wrap)),
  h('div', { class: 'form-actions' },
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Rechercher'),
    anyFilter ? h('a', { href: '#/personnes', class: 'btn' }, 'Effacer les filtres') : null));
  const alert = alertBox();
  searchForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    if (commune.pending()) {
      f.commune.setError('Choisissez la commune dans la liste proposée, ou videz le champ.');
      commune.input.focus();
      return;
    }
    state.focusAfter = 'search';
    goPersonnes({ q: search.value.trim(), commune: commune.code(),
      cnom: commune.code() ? commune.input.value.trim() : '',
      volet2: volet2.input.checked, gir: girAllowed ? f.gir.input.value : '',
      beneficiary: f.beneficiary.input.value }, 0);
  });

  const status = h('p', { class: 'result-count', role: 'status' }, 'Recherche…');
  const results = h('div', { class: 'results' });

  const head = h('div', { class: 'page-head' }, h('h1', null, 'Personnes'),
    CREATE_ROLES.has(state.user.role)
      ? h('a', { href: '#/personnes/nouvelle', class: 'btn btn-primary' },
        h('span', { 'aria-hidden': 'true' }, '+'), 'Nouvelle personne')
      : null);
  append(ctx.main, [head, searchForm, alert, status, results]);
  const focusAfter = state.focusAfter;
  state.focusAfter = null;
  document.title = 'Personnes — Maillage';
  if (focusAfter === 'search') {
    search.focus();
  } else if (!focusAfter) {
    focusTitle(ctx.main, 'Personnes');
  }

  let data;
  try {
    const qs = personQuery(filters);
    qs.set('limit', String(PAGE_SIZE));
    qs.set('offset', String(offset));
    data = await api('GET', `/api/v1/persons?${qs}`);
  } catch (e) {
    if (!ctx.alive()) return;
    status.textContent = '';
    showFormError(e, f, alert);
    return;
  }
  if (!ctx.alive()) return;

  const total = data.total || 0;
  const items = data.items || [];
  if (total === 0) {
    status.textContent = anyFilter
      ? (filters.q && !filters.commune && !filters.volet2 && !filters.gir && !filters.beneficiary
        ? `Aucune personne ne correspond à « ${filters.q} ».`
        : 'Aucune personne ne correspond à ces critères.')
      : 'Aucune personne à afficher.';
    return;
  }
  const first = data.offset + 1;
  const last = data.offset + items.length;
  status.textContent = `${total} personne${total > 1 ? 's' : ''}`
    + (items.length ? ` — affichage ${first} à ${last}` : '');

  const tbody = h('tbody');
  for (const p of items) {
    const href = `#/personnes/${p.id}`;
    const tr = h('tr', { class: 'row-link' },
      h('td', { 'data-label': 'Nom' }, h('div', null,
        h('a', { href }, p.birth_name || ''),
        p.used_name && p.used_name !== p.birth_name
          ? h('span', { class: 'used-name' }, ` (usage : ${p.used_name})`) : null)),
      h('td', { 'data-label': 'Prénom(s)' }, p.first_names || ''),
      h('td', { 'data-label': 'Date de naissance' }, frDate(p.birth_date)),
      h('td', { 'data-label': 'Statut identité' }, statusBadge(p.identity_status)));
    // The link in the first cell serves the keyboard; a click anywhere on
    // the row does the same for the mouse.
    tr.addEventListener('click', (ev) => {
      if (ev.target.closest('a')) return;
      if (window.getSelection && String(window.getSelection())) return;
      location.hash = href;
    });
    tbody.appendChild(tr);
  }
  const table = h('table', { class: 'table table-cards' },
    h('caption', { class: 'visually-hidden' }, 'Résultats de la recherche'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Nom'),
      h('th', { scope: 'col' }, 'Prénom(s)'),
      h('th', { scope: 'col' }, 'Date de naissance'),
      h('th', { scope: 'col' }, 'Statut identité'))),
    tbody);

  const prev = h('button', { type: 'button', class: 'btn' }, 'Précédent');
  const next = h('button', { type: 'button', class: 'btn' }, 'Suivant');
  prev.disabled = data.offset <= 0;
  next.disabled = data.offset + items.length >= total;
  prev.addEventListener('click', () => {
    state.focusAfter = 'prev';
    goPersonnes(filters, Math.max(0, data.offset - PAGE_SIZE));
  });
  next.addEventListener('click', () => {
    state.focusAfter = 'next';
    goPersonnes(filters, data.offset + PAGE_SIZE);
  });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.floor(data.offset / PAGE_SIZE) + 1;
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pagination' },
    prev, h('span', { class: 'pager-pos' }, `Page ${page} sur ${pages}`), next);

  append(results, [table, pager]);
  if (focusAfter === 'prev' || focusAfter === 'next') {
    const want = focusAfter === 'prev' ? prev : next;
    (want.disabled ? (want === prev ? next : prev) : want).focus();
  }
}

// The search filters in the page address: q, commune (INSEE code) with
// cnom (its name, only shown), volet2=1, gir=1…6, beneficiary=0|1.
function personFilters(params) {
  const commune = params.get('commune') || '';
  const gir = params.get('gir') || '';
  return {
    q: (params.get('q') || '').slice(0, 100),
    commune: /^[0-9AB]{5}$/.test(commune) ? commune : '',
    cnom: (params.get('cnom') || '').slice(0, 100),
    volet2: params.get('volet2') === '1',
    gir: /^[1-6]$/.test(gir) && !GIR_FILTER_DENIED.has(state.user.role) ? gir : '',
    beneficiary: ['0', '1'].includes(params.get('beneficiary')) ? params.get('beneficiary') : '',
  };
}

// The filters as the server's query string (without paging).
function personQuery(f) {
  const qs = new URLSearchParams();
  if (f.q) qs.set('q', f.q);
  if (f.commune) qs.set('commune', f.commune);
  if (f.volet2) qs.set('volet2', '1');
  if (f.gir) qs.set('gir', f.gir);
  if (f.beneficiary) qs.set('beneficiary', f.beneficiary);
  return qs;
}

function goPersonnes(filters, offset) {
  const qs = personQuery(filters);
  if (filters.commune && filters.cnom) qs.set('cnom', filters.cnom);
  if (offset) qs.set('offset', String(offset));
  const s = qs.toString();
  const target = `#/personnes${s ? `?${s}` : ''}`;
  if (location.hash === target) render();  // same search: reload it
  else location.hash = target;
}

// ---------------------------------------------------------------------
// Nouvelle personne: creation form (POST /api/v1/persons)

// ?suite=demande: opened from the new referral form, which it returns to
// with the new record chosen.
function pageNouvellePersonne(ctx, params) {
  const forReferral = params.get('suite') === 'demande';
  const backHref = forReferral ? '#/demandes/nouvelle' : '#/personnes';
  if (state.user.role === 'admin') {
    pageMessage(ctx, 'Nouvelle personne', 'Le rôle Administrateur technique ne '
      + 'donne pas accès aux dossiers des personnes.');
    return;
  }
  const text = (name, attrs = {}) => h('input', { type: 'text', name,
    autocomplete: 'off', spellcheck: 'false', maxlength: '100', ...attrs });
  const today = todayIso();

  const f = {};
  f.birth_name = formField('Nom de naissance', text('birth_name',
    { autocapitalize: 'characters' }), { required: true });
  f.first_names = formField('Prénom(s)', text('first_names'), { required: true,
    hint: 'Tous les prénoms de naissance, dans l\'ordre de l\'état civil.' });
  f.used_name = formField('Nom utilisé', text('used_name',
    { autocapitalize: 'characters' }), { hint: 'Nom d\'usage, s\'il diffère.' });
  f.used_first_name = formField('Prénom utilisé', text('used_first_name'),
    { hint: 'S\'il diffère du premier prénom.' });
  f.birth_date = formField('Date de naissance', h('input', { type: 'date',
    name: 'birth_date', min: '1880-01-01', max: today }), { required: true });
  f.sex = formField('Sexe', select([{ value: '', label: 'Choisir…' },
    ...Object.entries(SEX_LABELS).map(([value, label]) => ({ value, label }))], '',
  { name: 'sex' }), { required: true });
  f.birthplace_insee = formField('Code INSEE du lieu de naissance',
    text('birthplace_insee', { maxlength: '5', inputmode: 'text',
      autocapitalize: 'characters', class: 'input-short' }),
    { hint: '5 caractères ; 99 suivi du code du pays pour une naissance à l\'étranger.' });
  f.ins = formField('Matricule INS', text('ins', { maxlength: '15',
    autocapitalize: 'characters', class: 'input-medium' }),
  { hint: '15 caractères : le NIR ou le NIA (13) et sa clé de contrôle (2).' });
  f.ins_oid = formField('OID de l\'INS', select([
    { value: '', label: 'Choisir…' },
    ...INS_OIDS.map((o) => ({ value: o.value, label: `${o.label} — ${o.value}` }))], '',
  { name: 'ins_oid' }), { hint: 'Obligatoire avec un matricule.' });
  f.identity_status = formField('Statut de l\'identité', select(
    Object.entries(IDENTITY_STATUS).map(([value, label]) => ({ value, label })), 'PROV',
    { name: 'identity_status' }),
  { hint: 'Validée ou qualifiée : la pièce d\'identité contrôlée est obligatoire.' });
  f.identity_document = formField('Pièce d\'identité contrôlée', select([
    { value: '', label: 'Aucune pièce contrôlée' },
    ...Object.entries(IDENTITY_DOCUMENTS).map(([value, label]) => ({ value, label }))], '',
  { name: 'identity_document' }));
  f.address = formField('Adresse', text('address', { maxlength: '200',
    autocomplete: 'street-address' }), { wide: true,
    hint: 'Numéro, voie, complément (lieu-dit, bâtiment).' });
  const commune = communePicker();
  f.commune_code = formField('Commune', commune.input, { wide: true,
    hint: 'Tapez au moins deux lettres du nom (avec ou sans accents) ou le '
      + 'code postal, puis choisissez dans la liste.',
    after: commune.extras });

  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    'Créer le dossier');
  const form = h('form', { class: 'person-form', novalidate: true,
    'aria-labelledby': 'nouvelle-titre' },
  h('p', { class: 'muted' }, 'Les champs marqués « obligatoire » doivent être '
    + 'remplis. Les traits stricts (nom de naissance, prénoms, date et lieu de '
    + 'naissance, sexe) se saisissent tels qu\'ils figurent sur la pièce '
    + 'd\'identité.'),
  h('fieldset', { class: 'card' },
    h('legend', null, 'Identité'),
    h('div', { class: 'grid' }, f.birth_name.wrap, f.first_names.wrap,
      f.used_name.wrap, f.used_first_name.wrap, f.birth_date.wrap, f.sex.wrap,
      f.birthplace_insee.wrap)),
  h('fieldset', { class: 'card' },
    h('legend', null, 'Identifiant national de santé (INS)'),
    h('div', { class: 'grid' }, f.ins.wrap, f.ins_oid.wrap,
      f.identity_status.wrap, f.identity_document.wrap)),
  h('fieldset', { class: 'card' },
    h('legend', null, 'Adresse'),
    h('div', { class: 'grid' }, f.address.wrap, f.commune_code.wrap)),
  alert,
  h('div', { class: 'form-actions' }, submit,
    h('a', { href: backHref, class: 'btn' }, 'Annuler')));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(alert, '');
    for (const x of Object.values(f)) x.setError('');
    if (commune.pending()) {
      const msg = 'Choisissez la commune dans la liste proposée, ou videz le champ.';
      f.commune_code.setError(msg);
      setAlert(alert, msg);
      commune.input.focus();
      return;
    }
    const body = {};
    for (const [k, x] of Object.entries(f)) {
      const v = k === 'commune_code' ? commune.code() : x.input.value.trim();
      if (v !== '') body[k] = k === 'ins' || k === 'birthplace_insee' ? v.toUpperCase() : v;
    }
    submit.disabled = true;
    let created;
    try {
      created = await api('POST', '/api/v1/persons', body);
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      const bad = e.field && f[e.field];
      setAlert(alert, bad ? `${bad.wrap.querySelector('label').firstChild.textContent} : `
        + `${e.message}` : e.message);
      // One INS is one person: the way to the record that holds it
      // (opening it still goes through the access decision).
      if (e.code === 'person.ins.taken' && e.holderId) {
        alert.append(' ', h('a', { href: `#/personnes/${e.holderId}` },
          'Ouvrir le dossier existant'));
      }
      if (bad) {
        bad.setError(e.message);
        bad.input.focus();
      }
      return;
    }
    const dups = (created.possible_duplicates || []).filter((id) => id !== created.id);
    const duplicates = dups.length ? await describePersons(dups, created.birth_name) : [];
    if (!ctx.alive()) return;
    const warnings = (created.warnings || []).map((w) => {
      const x = f[w.field];
      return x ? `${x.wrap.querySelector('label').firstChild.textContent} : ${w.message}`
        : w.message;
    });
    state.flash = { id: created.id, message: `Dossier de ${personName(created)} créé.`,
      duplicates, warnings, page: forReferral ? 'demande-nouvelle' : 'personne' };
    location.hash = forReferral ? `#/demandes/nouvelle?personne=${created.id}`
      : `#/personnes/${created.id}`;
  });

  append(ctx.main, [
    h('p', { class: 'back' }, forReferral
      ? h('a', { href: backHref }, '← Retour à la nouvelle demande')
      : h('a', { href: '#/personnes' }, '← Retour à la liste des personnes')),
    h('h1', { id: 'nouvelle-titre' }, 'Nouvelle personne'),
    form,
  ]);
  focusTitle(ctx.main, 'Nouvelle personne');
}

// Names of records given by id, found through the search (which does not
// open the records): [{id, label, meta}]; « Dossier n° N » when not found.
async function describePersons(ids, q) {
  let found = [];
  try {
    const qs = new URLSearchParams({ q: q || '', limit: '50', offset: '0' });
    found = (await api('GET', `/api/v1/persons?${qs}`)).items || [];
  } catch {
    found = [];
  }
  return ids.map((id) => {
    const p = found.find((x) => x.id === id);
    if (!p) return { id, label: `Dossier n° ${id}` };
    return { id, label: personName(p),
      meta: [p.birth_date ? `${bornWord(p)} le ${frDate(p.birth_date)}` : '',
        p.ins ? `INS ${p.ins}` : '', `dossier n° ${p.id}`].filter(Boolean).join(' · ') };
  });
}

// Commune search field (ARIA combobox with a listbox): GET
// /api/v1/communes?q=… from two characters; arrows move in the list,
// Enter chooses, Escape closes. Returns {input, extras, code(), pending()}.
// opts.initial {code, label}: already chosen; opts.compact: no « Commune
// choisie » line under the field.
function communePicker(cfg = {}) {
  const picker = comboPicker({
    name: 'commune',
    listLabel: 'Communes proposées',
    min: 2,
    search: async (q) => (await api('GET',
      `/api/v1/communes?${new URLSearchParams({ q })}`)).items || [],
    text: (c) => (c.postal_codes ? communeName(c) : c.name),
    option: (c) => [h('span', { class: 'option-name' }, communeName(c)),
      c.volet2 ? volet2Badge() : null,
      h('span', { class: 'option-meta' }, `dép. ${c.departement}`)],
    chosen: cfg.compact ? null : (c) => ['Commune choisie : ', h('strong', null, c.name),
      ` — code INSEE ${c.code}`,
      c.volet2 ? [' ', volet2Badge()] : ' — hors du territoire du volet 2',
      c.travel_minutes !== null && c.travel_minutes !== undefined
        ? ` — ${c.travel_minutes} min de trajet` : ''],
    found: (n) => `${n} commune${n > 1 ? 's' : ''} proposée${n > 1 ? 's' : ''}`,
    none: (q) => `Aucune commune ne correspond à « ${q} ».`,
    initial: cfg.initial ? { code: cfg.initial.code, name: cfg.initial.label } : null,
    quietInitial: true,
  });
  return {
    input: picker.input,
    extras: picker.extras,
    code: () => (picker.value() ? picker.value().code : ''),
    pending: picker.pending,
  };
}

// Reusable ARIA combobox (input + listbox), the pattern of app.js's
// commune field: search(q) → items after cfg.min characters (debounced),
// arrows move, Enter chooses, Escape closes.
// cfg: {name, listLabel, min, search, text(item), option(item) → nodes,
// chosen(item) → nodes, initial, quietInitial (the initial value without
// the « chosen » line), found(n) and none(q) → status texts}. Returns
// {input, extras, value(), pending(), set(item)}.
function comboPicker(cfg) {
  const listId = uid('choix');
  const input = h('input', { type: 'text', name: cfg.name, role: 'combobox',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
    autocomplete: 'off', spellcheck: 'false', maxlength: '100' });
  const list = h('ul', { id: listId, role: 'listbox', class: 'listbox',
    'aria-label': cfg.listLabel });
  list.hidden = true;
  const status = h('p', { class: 'combo-status', role: 'status' });
  const chosenBox = h('p', { class: 'combo-chosen' });
  let items = [];
  let active = -1;
  let chosen = null;
  let timer = null;
  let seq = 0;

  const open = (yes) => {
    list.hidden = !yes;
    input.setAttribute('aria-expanded', yes ? 'true' : 'false');
    if (!yes) {
      active = -1;
      input.removeAttribute('aria-activedescendant');
    }
  };
  const highlight = (i) => {
    active = i;
    const opts = list.querySelectorAll('[role="option"]');
    opts.forEach((o, j) => o.setAttribute('aria-selected', j === i ? 'true' : 'false'));
    if (i >= 0 && opts[i]) {
      input.setAttribute('aria-activedescendant', opts[i].id);
      opts[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };
  const choose = (item) => {
    chosen = item;
    input.value = item ? cfg.text(item) : '';
    open(false);
    clear(chosenBox);
    status.textContent = '';
    if (item && cfg.chosen) append(chosenBox, cfg.chosen(item));
  };
  const show = (found, q) => {
    items = found;
    clear(list);
    items.forEach((it, i) => {
      const li = h('li', { role: 'option', id: `${listId}-${i}`, class: 'option',
        'aria-selected': 'false' }, cfg.option(it));
      // mousedown would blur the field and close the list first.
      li.addEventListener('mousedown', (ev) => ev.preventDefault());
      li.addEventListener('click', () => {
        choose(it);
        input.focus();
      });
      list.appendChild(li);
    });
    if (items.length) {
      const s = items.length > 1 ? 's' : '';
      status.textContent = `${cfg.found ? cfg.found(items.length)
        : `${items.length} résultat${s}`} : flèches pour parcourir, Entrée pour choisir.`;
      open(true);
      highlight(-1);
    } else {
      status.textContent = cfg.none ? cfg.none(q) : `Aucun résultat pour « ${q} ».`;
      open(false);
    }
  };
  const search = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (q.length < (cfg.min || 2)) {
      items = [];
      open(false);
      status.textContent = '';
      return;
    }
    let found;
    try {
      found = await cfg.search(q);
    } catch (e) {
      if (mine !== seq) return;
      open(false);
      status.textContent = e.message;
      return;
    }
    if (mine !== seq || chosen) return;
    show(found, q);
  };

  input.addEventListener('input', () => {
    chosen = null;
    clear(chosenBox);
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener('keydown', (ev) => {
    const isOpen = !list.hidden && items.length > 0;
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      if (!isOpen && items.length && !chosen) open(true);
      if (items.length) highlight(Math.min(items.length - 1, active + 1));
    } else if (ev.key === 'ArrowUp') {
      if (!isOpen) return;
      ev.preventDefault();
      highlight(Math.max(0, active - 1));
    } else if (ev.key === 'Enter') {
      if (isOpen && (active >= 0 || items.length === 1)) {
        ev.preventDefault();
        choose(items[Math.max(0, active)]);
      }
    } else if (ev.key === 'Escape' && isOpen) {
      ev.preventDefault();
      ev.stopPropagation();
      status.textContent = '';
      open(false);
    }
  });
  input.addEventListener('blur', () => {
    if (!list.hidden) status.textContent = '';
    open(false);
  });
  if (cfg.initial && cfg.quietInitial) {
    chosen = cfg.initial;
    input.value = cfg.text(cfg.initial);
  } else if (cfg.initial) {
    choose(cfg.initial);
  }

  return {
    input,
    extras: [h('div', { class: 'combo' }, list), status, chosenBox],
    value: () => chosen,
    pending: () => !chosen && input.value.trim() !== '',
    set: choose,
  };
}

// ---------------------------------------------------------------------
// Person view (dossier)

async function pagePersonne(ctx, id) {
  if (state.user.role === 'admin') {
    pageMessage(ctx, 'Dossier', 'Le rôle Administrateur technique ne '
      + 'donne pas accès aux dossiers des personnes.');
    return;
  }
  const back = h('p', { class: 'back' },
    h('a', { href: '#/personnes' }, '← Retour à la liste des personnes'));
  const title = h('h1', null, 'Dossier');
  const alert = alertBox();
  const body = h('div', { class: 'person' }, h('p', { class: 'muted' }, 'Chargement du dossier…'));
  append(ctx.main, [back, title, alert, body]);
  focusTitle(ctx.main, 'Dossier');

  let p;
  try {
    p = await api('GET', `/api/v1/persons/${id}`);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    if ((e.status === 403 || e.code === 'person.not_found') && BREAKGLASS_ROLES.has(state.user.role)) {
      body.appendChild(breakglassForm(ctx, id));
    }
    return;
  }
  if (!ctx.alive()) return;
  clear(body);
  title.textContent = personName(p) || `Dossier n° ${p.id}`;
  document.title = `${title.textContent} — Maillage`;
  state.access[p.id] = p.access;
  const flash = takeFlash(p.id, 'personne');
  if (flash) append(body, flashView(flash));
  append(body, personView(p));
  const history = body.querySelector('[data-aggir-history]');
  if (history) loadAggirHistory(ctx, p.id, history);
  loadRecordParts(ctx, p, body);
}

// The message left for this page by the previous one (and forgotten).
function takeFlash(id, page) {
  const f = state.flash;
  state.flash = null;
  return f && f.id === id && (f.page || 'personne') === page ? f : null;
}

// The message left by the previous page: a record just created (with its
// possible duplicates) or an AGGIR evaluation just saved.
function flashView(f) {
  const out = [h('p', { class: 'flash', role: 'status' }, f.message)];
  // The server's warnings on what was saved (not refusals), e.g. a
  // birthplace code absent from the commune reference.
  if (f.warnings && f.warnings.length) {
    const titleId = uid('averti');
    out.push(h('section', { class: 'duplicate-warning', role: 'status',
      'aria-labelledby': titleId },
    h('h2', { id: titleId }, 'À vérifier'),
    h('ul', { class: 'plain-list' }, f.warnings.map((w) => h('li', null, w)))));
  }
  if (f.duplicates && f.duplicates.length) {
    const titleId = uid('doublon');
    const ul = h('ul', { class: 'plain-list' });
    for (const d of f.duplicates) {
      ul.appendChild(h('li', null,
        h('a', { href: `#/personnes/${d.id}` }, d.label),
        d.meta ? h('span', { class: 'item-meta' }, d.meta) : null));
    }
    out.push(h('section', { class: 'duplicate-warning', role: 'alert',
      'aria-labelledby': titleId },
    h('h2', { id: titleId }, 'Doublon possible'),
    h('p', null, f.duplicates.length > 1
      ? 'Des dossiers existants ont des traits d\'identité proches de ceux '
        + 'saisis. Vérifiez qu\'il ne s\'agit pas de la même personne avant '
        + 'de poursuivre :'
      : 'Un dossier existant a des traits d\'identité proches de ceux '
        + 'saisis. Vérifiez qu\'il ne s\'agit pas de la même personne avant '
        + 'de poursuivre :'),
    ul));
  }
  return out;
}

function breakglassForm(ctx, id) {
  const reason = h('textarea', { name: 'reason', rows: '4', required: true,
    minlength: String(BREAKGLASS_MIN), maxlength: '1000' });
  const f = field('Motif de l\'accès d\'urgence', reason,
    `Obligatoire, au moins ${BREAKGLASS_MIN} caractères. Exemple : appel de `
    + 'téléassistance de nuit, chute à domicile.');
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-danger' },
    'Ouvrir l\'accès d\'urgence');
  const titleId = uid('bg');
  const form = h('form', { class: 'card breakglass', novalidate: true,
    'aria-labelledby': titleId },
  h('h2', { id: titleId }, 'Accès d\'urgence (bris de glace)'),
  h('p', null, 'Vous ne suivez pas habituellement cette personne. En cas '
    + 'd\'urgence, vous pouvez consulter les informations nécessaires '
    + '(identité, soins, médical) pour une durée limitée.'),
  h('p', { class: 'warning-text' }, 'Cet accès est exceptionnel : il est '
    + 'tracé avec votre motif et signalé à la coordination.'),
  f.wrap, alert, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(alert, '');
    const text = reason.value.trim();
    if (text.length < BREAKGLASS_MIN) {
      reason.setAttribute('aria-invalid', 'true');
      setAlert(alert, `Le motif doit comporter au moins ${BREAKGLASS_MIN} caractères.`);
      reason.focus();
      return;
    }
    reason.removeAttribute('aria-invalid');
    submit.disabled = true;
    try {
      const r = await api('POST', `/api/v1/persons/${id}/breakglass`, { reason: text });
      if (r && r.expires_at) state.breakglassUntil[id] = r.expires_at;
      if (r && r.access) state.access[id] = r.access;
      if (r) state.breakglassRenewal[id] = r.renewal || 0;
    } catch (e) {
      submit.disabled = false;
      setAlert(alert, e.message);
      return;
    }
    if (ctx.alive()) render();  // reload the person with the new access
  });
  return form;
}

// A renewed emergency access says so (the server counts it, GET
// /api/v1/breakglass flags it to the coordination).
function breakglassRenewalNote(id) {
  const n = state.breakglassRenewal[id];
  if (!n) return null;
  return h('p', { class: 'warning-text breakglass-renewal', role: 'status' },
    `Renouvellement n°${n} de l'accès d'urgence à ce dossier ; il sera signalé à la coordination.`);
}

function dlRow(label, value) {
  if (value === undefined || value === null || value === '') return null;
  return h('div', null, h('dt', null, label), h('dd', null, value));
}

function personView(p) {
  const out = [];
  const access = p.access || { kind: 'none', read: [], write: [] };

  // Access banner: what this answer discloses and why.
  const catList = (l) => (l && l.length ? l.map(catLabel).join(', ') : 'aucune');
  out.push(h('section', { class: `access access-${access.kind}`,
    'aria-label': 'Vos droits sur ce dossier' },
  h('p', { class: 'access-kind' }, ACCESS_KIND[access.kind] || access.kind),
  access.kind === 'breakglass'
    ? h('p', null, 'Consultation d\'urgence : elle est tracée et signalée '
      + 'à la coordination.',
    state.breakglassUntil[p.id]
      ? ` Accès ouvert jusqu'au ${frDateTime(state.breakglassUntil[p.id], true)}.`
      : '')
    : null,
  access.kind === 'breakglass' ? breakglassRenewalNote(p.id) : null,
  h('p', null, h('span', { class: 'access-label' }, 'Lecture : '), catList(access.read)),
  h('p', null, h('span', { class: 'access-label' }, 'Écriture : '), catList(access.write))));
  // Who accessed this record (direction, coordination; accesses.js).
  out.push(accessesLink(p.id));

  // The DLU first: what an emergency needs (soins data).
  if ((access.read || []).includes('soins')) out.push(dluStatusSection(p));

  // Identity (INS strict traits, status, flags).
  const age = ageFrom(p.birth_date);
  const flags = IDENTITY_FLAGS.filter(([k]) => p.flags && p.flags[k]);
  const statusBy = p.identity_status_by && p.identity_status_by.name;
  out.push(h('section', { class: 'card', 'aria-labelledby': 'identite' },
    h('h2', { id: 'identite' }, 'Identité'),
    flags.length
      ? h('ul', { class: 'flag-list', 'aria-label': 'Attributs de l\'identité' },
        flags.map(([k, label]) => h('li', null,
          h('span', { class: `badge flag flag-${k}` }, label))))
      : null,
    h('dl', { class: 'facts' },
      dlRow('Nom de naissance', p.birth_name),
      dlRow('Nom utilisé', p.used_name),
      dlRow('Prénom(s) de naissance', p.first_names),
      dlRow('Prénom utilisé', p.used_first_name),
      dlRow('Date de naissance', p.birth_date
        ? `${frDate(p.birth_date)}${age !== null ? ` (${age} ans)` : ''}` : null),
      dlRow('Sexe', SEX_LABELS[p.sex] || p.sex),
      dlRow('Lieu de naissance (code INSEE)', p.birthplace_insee),
      dlRow('Matricule INS', p.ins ? h('span', null, h('code', null, p.ins),
        p.ins_oid ? h('span', { class: 'fact-meta' }, oidLabel(p.ins_oid)) : null) : null),
      !p.ins ? dlRow('OID de l\'INS', p.ins_oid ? oidLabel(p.ins_oid) : null) : null,
      h('div', null, h('dt', null, 'Statut de l\'identité'),
        h('dd', null, statusBadge(p.identity_status),
          p.identity_status_at || statusBy
            ? h('span', { class: 'fact-meta' },
              [p.identity_status_at ? `depuis le ${frDateTime(p.identity_status_at)}` : '',
                statusBy ? `par ${statusBy}` : ''].filter(Boolean).join(' '))
            : null)),
      dlRow('Pièce d\'identité contrôlée', p.identity_document
        ? (IDENTITY_DOCUMENTS[p.identity_document] || p.identity_document)
        : 'Aucune'))));

  // Address and territory (volet 2, travel time).
  out.push(addressSection(p));

  // Autonomy: the current GIR and the AGGIR evaluations.
  out.push(girSection(p, access));

  // Volet 2: timeline and supports (support.js; removed on a 403).
  out.push(placeholderSection('parcours', 'Parcours volet 2', 'data-parcours'));

  // Usual professionals, consent, social situation; the caregivers.
  if ((access.read || []).includes('admin')) {
    out.push(placeholderSection('profil', (access.read || []).includes('social')
      ? 'Professionnels, consentement et situation sociale'
      : 'Professionnels et consentement', 'data-profile'));
  }
  if ((access.read || []).includes('social')) {
    out.push(placeholderSection('aidants', 'Aidants', 'data-caregivers'));
  }

  // Data texts, one block per category the server disclosed.
  const data = p.data || {};
  // Categories the server disclosed, plus readable ones with no text yet.
  const shown = new Set([...Object.keys(data), ...(access.read || [])]);
  const readable = CATEGORY_ORDER.filter((c) => shown.has(c));
  for (const c of shown) {
    if (!readable.includes(c)) readable.push(c);
  }
  const dataSection = h('section', { class: 'card', 'aria-labelledby': 'donnees' },
    h('h2', { id: 'donnees' }, 'Informations par catégorie'));
  if (!readable.length) {
    dataSection.appendChild(h('p', { class: 'muted' },
      'Aucune catégorie d\'information n\'est accessible avec votre profil.'));
  }
  for (const c of readable) {
    const text = data[c];
    dataSection.appendChild(h('div', { class: `data-block cat-${c}` },
      h('h3', null, catLabel(c)),
      text ? h('p', { class: 'data-text' }, text)
        : h('p', { class: 'muted' }, 'Aucune information saisie.')));
  }
  out.push(dataSection);

  // Documents of the categories the user may read.
  out.push(placeholderSection('documents', 'Documents', 'data-documents'));

  // Care circle.
  const circle = p.circle || [];
  const circleSection = h('section', { class: 'card', 'aria-labelledby': 'cercle' },
    h('h2', { id: 'cercle' }, 'Cercle de soins'));
  if (!circle.length) {
    circleSection.appendChild(h('p', { class: 'muted' }, 'Aucun membre enregistré.'));
  } else {
    const ul = h('ul', { class: 'plain-list' });
    for (const m of circle) {
      const kind = m.kind
        ? (metaLabel('org_types', m.kind) !== m.kind ? metaLabel('org_types', m.kind)
          : metaLabel('professions', m.kind))
        : '';
      ul.appendChild(h('li', null,
        h('span', { class: 'item-title' }, m.name || '—'),
        h('span', { class: 'item-meta' },
          [m.role, kind, m.since ? `depuis le ${frDateTime(m.since)}` : '']
            .filter(Boolean).join(' · '))));
    }
    circleSection.appendChild(ul);
  }
  out.push(circleSection);

  // Objections to sharing (consent).
  const objections = p.objections || [];
  const objSection = h('section', { class: 'card', 'aria-labelledby': 'oppositions' },
    h('h2', { id: 'oppositions' }, 'Oppositions au partage'));
  if (!objections.length) {
    objSection.appendChild(h('p', { class: 'muted' }, 'Aucune opposition enregistrée.'));
  } else {
    const ul = h('ul', { class: 'plain-list' });
    for (const o of objections) {
      const who = o.org_name || 'Toutes les structures partenaires';
      const what = o.category ? `catégorie ${catLabel(o.category)}` : 'toutes les catégories';
      ul.appendChild(h('li', { class: o.withdrawn_at ? 'is-withdrawn' : null },
        h('span', { class: 'item-title' }, `${who} — ${what}`),
        o.note ? h('span', { class: 'item-note' }, o.note) : null,
        h('span', { class: 'item-meta' },
          [o.since ? `depuis le ${frDateTime(o.since)}` : '',
            o.withdrawn_at ? `levée le ${frDateTime(o.withdrawn_at)}` : 'en vigueur']
            .filter(Boolean).join(' · '))));
    }
    objSection.appendChild(ul);
  }
  out.push(objSection);
  return out;
}

function oidLabel(oid) {
  const o = INS_OIDS.find((x) => x.value === oid);
  return o ? `${o.label} (${oid})` : oid;
}

// 'xxxxx yyyyy zzzzz …' → 'xxxxx, yyyyy, zzzzz…' (Paris has 21 codes).
function postalCodes(list) {
  const codes = String(list || '').split(/[\s,;]+/).filter(Boolean);
  if (codes.length <= 3) return codes.join(', ');
  return `${codes.slice(0, 3).join(', ')}…`;
}

function communeName(c) {
  const pc = postalCodes(c.postal_codes);
  return pc ? `${c.name} (${pc})` : c.name;
}

function volet2Badge() {
  return h('span', { class: 'badge badge-volet2' }, 'volet 2');
}

function addressSection(p) {
  const c = p.commune;
  let communeValue = null;
  let territory = null;
  if (c) {
    communeValue = h('span', null, communeName(c),
      h('span', { class: 'fact-meta' }, `Code INSEE ${c.code}`));
    territory = c.volet2
      ? h('span', null, volet2Badge(), ' dans le territoire du volet 2')
      : 'hors du territoire du volet 2';
  } else if (p.commune_code) {
    communeValue = `Code INSEE ${p.commune_code}`;
  }
  const travel = c && c.travel_minutes !== null && c.travel_minutes !== undefined
    ? `${c.travel_minutes} min` : null;
  const rows = [
    dlRow('Adresse', p.address),
    dlRow('Commune', communeValue),
    dlRow('Territoire', territory),
    dlRow('Temps de trajet depuis le CRT', travel),
  ].filter(Boolean);
  return h('section', { class: 'card', 'aria-labelledby': 'adresse' },
    h('h2', { id: 'adresse' }, 'Adresse et territoire'),
    rows.length ? h('dl', { class: 'facts' }, rows)
      : h('p', { class: 'muted' }, 'Aucune adresse enregistrée.'));
}

function evaluatorName(e) {
  if (!e) return '';
  return typeof e === 'string' ? e : (e.name || '');
}

// « GIR 3 (évalué le 02/10/2026 par Laure Chabert) ».
function girText(g) {
  const who = evaluatorName(g.evaluator);
  const when = [g.evaluated_on ? `évalué le ${frDate(g.evaluated_on)}` : '',
    who ? `par ${who}` : ''].filter(Boolean).join(' ');
  return when ? ` (${when})` : '';
}

function girSection(p, access) {
  const g = p.gir;
  const canWrite = (access.write || []).includes('soins');
  return h('section', { class: 'card', 'aria-labelledby': 'autonomie' },
    h('h2', { id: 'autonomie' }, 'Autonomie (grille AGGIR)'),
    g && g.value
      ? h('p', { class: 'gir-summary' },
        h('span', { class: 'gir-value' }, `GIR ${g.value}`), girText(g))
      : h('p', { class: 'muted' }, 'Aucune évaluation AGGIR enregistrée.'),
    canWrite
      ? h('p', null, h('a', { href: `#/personnes/${p.id}/aggir`, class: 'btn' },
        'Nouvelle évaluation AGGIR'))
      : null,
    h('h3', null, 'Évaluations enregistrées'),
    h('div', { class: 'results', 'data-aggir-history': '' },
      h('p', { class: 'muted' }, 'Chargement des évaluations…')));
}

async function loadAggirHistory(ctx, id, box) {
  let data;
  try {
    data = await api('GET', `/api/v1/persons/${id}/aggir`);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(box);
    box.appendChild(h('p', { class: 'muted' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  clear(box);
  const items = (data.items || []).slice().sort((a, b) =>
    (b.evaluated_on || '').localeCompare(a.evaluated_on || '') || (b.id - a.id));
  if (!items.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Aucune évaluation.'));
    return;
  }
  const tbody = h('tbody');
  for (const e of items) {
    tbody.appendChild(h('tr', null,
      h('td', { 'data-label': 'Date' }, frDate(e.evaluated_on)),
      h('td', { 'data-label': 'GIR' }, h('strong', null, `GIR ${e.gir}`)),
      h('td', { 'data-label': 'Lettres' }, h('div', null,
        h('code', { class: 'letters', title: (e.variables || [])
          .map((v) => `${v.code} ${v.letter}`).join(', ') }, e.letters || ''),
        e.input_kind ? h('span', { class: 'item-meta' },
          `Saisie : ${AGGIR_INPUT_KIND[e.input_kind] || e.input_kind}`) : null)),
      h('td', { 'data-label': 'Évaluateur' }, h('div', null,
        evaluatorName(e.evaluator),
        e.note ? h('span', { class: 'item-note' }, e.note) : null))));
  }
  box.appendChild(h('table', { class: 'table table-cards aggir-history' },
    h('caption', { class: 'visually-hidden' }, 'Évaluations AGGIR, la plus récente d\'abord'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Date'),
      h('th', { scope: 'col' }, 'GIR'),
      h('th', { scope: 'col' }, 'Lettres'),
      h('th', { scope: 'col' }, 'Évaluateur'))),
    tbody));
}

// ---------------------------------------------------------------------
// Record parts loaded after the identity, each by its own request: DLU
// status, profile, caregivers, documents. A refusal (403) hides the part.

function placeholderSection(idBase, title, dataAttr) {
  const id = uid(idBase);
  return h('section', { class: 'card', 'aria-labelledby': id, [dataAttr]: '' },
    h('h2', { id }, title),
    h('div', { class: 'part-body' }, h('p', { class: 'muted' }, 'Chargement…')));
}

function dluStatusSection() {
  const s = placeholderSection('dlu', 'Dossier de liaison d\'urgence (DLU)', 'data-dlu-status');
  s.classList.add('dlu-status');
  return s;
}

function loadRecordParts(ctx, p, body) {
  const part = (attr) => body.querySelector(`[${attr}]`);
  const loaders = [['data-dlu-status', loadDluStatus], ['data-profile', loadProfile],
    ['data-caregivers', loadCaregivers], ['data-documents', loadDocuments],
    ['data-parcours', loadParcours]];
  for (const [attr, load] of loaders) {
    const section = part(attr);
    if (section) load(ctx, p, section);
  }
}

// GET for a part: its answer, or null once the part shows why not.
async function loadPart(ctx, section, path) {
  const box = section.querySelector('.part-body');
  try {
    const data = await api('GET', path);
    return ctx.alive() ? data : null;
  } catch (e) {
    if (!ctx.alive()) return null;
    if (e.status === 403) {
      section.remove();
    } else {
      clear(box);
      box.appendChild(h('p', { class: 'muted' }, e.message));
    }
    return null;
  }
}

function canWrite(p, cat) {
  return ((p.access || {}).write || []).includes(cat);
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

async function loadDocuments(ctx, p, section) {
  const data = await loadPart(ctx, section, `/api/v1/persons/${p.id}/documents`);
  if (data) showDocuments(ctx, p, section.querySelector('.part-body'), data.items || []);
}

function sizeKo(n) {
  const ko = Math.max(0.1, (Number(n) || 0) / 1024);
  return `${ko.toLocaleString('fr-FR', { maximumFractionDigits: ko < 10 ? 1 : 0 })} Ko`;
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
      items = (await api('GET', `/api/v1/persons/${p.id}/documents`)).items || [];
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

// ---------------------------------------------------------------------
// DLU (dossier de liaison d'urgence, DOMAIN §5): one page an emergency
// team reads first, printable on one A4 sheet, readable on a phone.

// The access to a record (to offer the edit form): the one last answered
// for it, else asked (GET /api/v1/persons/{id}); null if refused.
async function recordAccess(id) {
  if (state.access[id]) return state.access[id];
  try {
    const p = await api('GET', `/api/v1/persons/${id}`);
    state.access[id] = p.access;
    return p.access;
  } catch {
    return null;
  }
}

async function pageDlu(ctx, id) {
  if (state.user.role === 'admin') {
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
    data = await api('GET', `/api/v1/persons/${id}/dlu`);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    if ((e.status === 403 || e.code === 'person.not_found') && BREAKGLASS_ROLES.has(state.user.role)) {
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
  if (access && access.kind === 'breakglass') {
    body.appendChild(h('p', { class: 'access access-breakglass' },
      'Accès d\'urgence (bris de glace) : cette consultation est tracée et signalée '
      + 'à la coordination.'));
    const note = breakglassRenewalNote(id);
    if (note) body.appendChild(note);
  }
  append(body, dluDocument(data));
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
      [SEX_LABELS[p.sex] || '', p.birth_date ? `${bornWord(p)} le ${frDate(p.birth_date)}` : '']
        .filter(Boolean).join(', ')),
    h('p', { class: 'dlu-address' }, place || 'Adresse non renseignée')));

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
  if (state.user.role === 'admin') {
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
    data = await api('GET', `/api/v1/persons/${id}/dlu`);
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

// ---------------------------------------------------------------------
// Évaluation AGGIR: the grid by sub-variables (S, T, C, H) or the ten
// letters, the GIR computed live by the server, then saved in the record.

async function pageAggir(ctx, id) {
  if (state.user.role === 'admin') {
    pageMessage(ctx, 'Évaluation AGGIR', 'Le rôle Administrateur technique ne '
      + 'donne pas accès aux dossiers des personnes.');
    return;
  }
  const back = h('p', { class: 'back' },
    h('a', { href: `#/personnes/${id}` }, '← Retour au dossier'));
  const who = h('p', { class: 'page-sub' });
  const alert = alertBox();
  const body = h('div', null, h('p', { class: 'muted' }, 'Chargement du dossier…'));
  append(ctx.main, [back, h('h1', { id: 'aggir-titre' }, 'Évaluation AGGIR'), who,
    alert, body]);
  focusTitle(ctx.main, 'Évaluation AGGIR');

  let p;
  try {
    p = await api('GET', `/api/v1/persons/${id}`);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  clear(body);
  who.textContent = [personName(p),
    p.birth_date ? `${bornWord(p)} le ${frDate(p.birth_date)}` : ''].filter(Boolean).join(', ');
  document.title = `Évaluation AGGIR — ${personName(p)} — Maillage`;
  const access = p.access || { write: [] };
  if (!(access.write || []).includes('soins')) {
    body.appendChild(h('p', { class: 'notice' }, 'Votre profil ne permet pas '
      + 'd\'enregistrer une évaluation AGGIR dans ce dossier.'));
    return;
  }
  body.appendChild(aggirForm(ctx, p));
}

function aggirForm(ctx, p) {
  const today = todayIso();
  const date = formField('Date de l\'évaluation', h('input', { type: 'date',
    name: 'evaluated_on', value: today, max: today,
    min: p.birth_date || undefined }), { required: true });

  // Input mode: the detailed grid or the ten letters.
  const modeName = uid('mode');
  const modeGrid = h('input', { type: 'radio', name: modeName, value: 'answers',
    id: uid('mode') });
  const modeLetters = h('input', { type: 'radio', name: modeName, value: 'letters',
    id: uid('mode') });
  modeGrid.checked = true;
  const modeSet = h('fieldset', { class: 'choice-group' },
    h('legend', null, 'Mode de saisie'),
    h('div', { class: 'choice' }, modeGrid,
      h('label', { for: modeGrid.id }, 'Grille détaillée (S, T, C, H par sous-variable)')),
    h('div', { class: 'choice' }, modeLetters,
      h('label', { for: modeLetters.id }, 'Saisir les dix lettres')));

  // The 17 sub-variables, one fieldset each, four adverbs each.
  const boxes = {};  // code → {s, t, c, h: checkbox}
  const groups = {};
  const gridSets = AGGIR_SUBVARIABLES.map(([code, label]) => {
    boxes[code] = {};
    // The whole box is the label. The key letter (S, T, C, H) is the
    // word's first letter, set off by CSS (::first-letter): the label
    // reads « Spontanément ».
    const chips = AGGIR_ADVERBS.map(([k, word]) => {
      const cb = h('input', { type: 'checkbox', name: `${code}.${k}`, id: uid('adv'),
        'data-sub': code, 'data-adverb': k });
      boxes[code][k] = cb;
      return h('label', { class: 'adverb', for: cb.id }, cb,
        h('span', { class: 'adverb-word' }, word));
    });
    const set = h('fieldset', { class: 'subvar', 'data-sub': code },
      h('legend', null, label), h('div', { class: 'adverbs' }, chips));
    groups[code] = set;
    return set;
  });
  const allOn = h('button', { type: 'button', class: 'btn btn-small' }, 'Tout cocher');
  const allOff = h('button', { type: 'button', class: 'btn btn-small' }, 'Tout décocher');
  const gridBox = h('section', { class: 'card aggir-grid', 'aria-labelledby': 'grille-titre' },
    h('h2', { id: 'grille-titre' }, 'Grille par sous-variables'),
    h('p', { class: 'hint' }, 'Cochez ce que la personne fait seule, sans aide '
      + 'humaine (aides techniques comprises) : S spontanément, T totalement, '
      + 'C correctement, H habituellement. Quatre cases cochées donnent A, '
      + 'aucune donne C, sinon B.'),
    h('div', { class: 'form-actions grid-tools' }, allOn, allOff),
    gridSets);

  // The ten letters.
  const letters = formField('Les dix lettres', h('input', { type: 'text',
    name: 'letters', maxlength: '14', autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'characters', class: 'input-letters' }),
  { hint: 'Une lettre A, B ou C par variable, dans l\'ordre : COH ORI TOI HAB '
    + 'ALI ELI TRA DIN DEX COM. Exemple : AACCAAAAAA.' });
  const lettersBox = h('section', { class: 'card', 'aria-labelledby': 'lettres-titre' },
    h('h2', { id: 'lettres-titre' }, 'Grille en dix lettres'), letters.wrap);
  lettersBox.hidden = true;

  const note = formField('Commentaire', h('textarea', { name: 'note', rows: '3',
    maxlength: '1000' }), { hint: 'Facultatif : contexte de l\'évaluation, '
    + 'personnes présentes.' });

  // Live result.
  const girLive = h('p', { class: 'gir-live', role: 'status' }, '…');
  const rankLine = h('p', { class: 'muted gir-rank' });
  const letterCells = {};
  const lettersList = h('dl', { class: 'var-letters' },
    AGGIR_VARIABLES.map(([code, label]) => {
      letterCells[code] = h('dd', null, '–');
      return h('div', null,
        h('dt', null, h('abbr', { title: label }, code)), letterCells[code]);
    }));
  const result = h('aside', { class: 'card aggir-result', 'aria-labelledby': 'resultat-titre' },
    h('h2', { id: 'resultat-titre' }, 'Résultat calculé'),
    girLive, rankLine,
    h('p', { class: 'var-letters-title' }, 'Lettres des dix variables'),
    lettersList,
    h('p', { class: 'hint' }, 'Calculé par le serveur à chaque modification '
      + '(CASF, annexes 2-1 et 2-2).'));

  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    'Enregistrer l\'évaluation');
  const form = h('form', { class: 'aggir-form', novalidate: true,
    'aria-labelledby': 'aggir-titre' },
  h('div', { class: 'aggir-layout' },
    h('div', { class: 'aggir-main' },
      h('div', { class: 'card' }, date.wrap, modeSet),
      gridBox, lettersBox),
    result),
  h('div', { class: 'card' }, note.wrap),
  alert,
  h('div', { class: 'form-actions' }, submit,
    h('a', { href: `#/personnes/${p.id}`, class: 'btn' }, 'Annuler')));

  const mode = () => (modeLetters.checked ? 'letters' : 'answers');
  const answers = () => Object.fromEntries(AGGIR_SUBVARIABLES.map(([code]) =>
    [code, Object.fromEntries(AGGIR_ADVERBS.map(([k]) => [k, boxes[code][k].checked]))]));
  const lettersValue = () => letters.input.value.replace(/[\s.,;-]+/g, '').toUpperCase();
  const grid = () => (mode() === 'letters'
    ? { letters: lettersValue() } : { answers: answers() });

  const showResult = (r) => {
    if (!r) {
      girLive.textContent = '…';
      rankLine.textContent = '';
      for (const dd of Object.values(letterCells)) dd.textContent = '–';
      result.classList.remove('has-gir');
      return;
    }
    girLive.textContent = `GIR ${r.gir}`;
    rankLine.textContent = `Rang ${r.rank} sur 13 — grille ${r.letters}`;
    for (const v of r.variables || []) {
      if (letterCells[v.code]) letterCells[v.code].textContent = v.letter;
    }
    result.classList.add('has-gir');
  };

  let seq = 0;
  let timer = null;
  const compute = async () => {
    const mine = ++seq;
    const g = grid();
    if (g.letters !== undefined) {
      letters.setError('');
      if (g.letters.length !== 10) {
        showResult(null);
        girLive.textContent = g.letters.length
          ? `${g.letters.length} lettre${g.letters.length > 1 ? 's' : ''} sur 10`
          : 'Saisissez les dix lettres';
        return;
      }
    }
    let r;
    try {
      r = await api('POST', '/api/v1/aggir', g);
    } catch (e) {
      if (mine !== seq || !ctx.alive()) return;
      showResult(null);
      girLive.textContent = 'Calcul impossible';
      rankLine.textContent = e.message;
      if (e.field === 'letters') letters.setError(e.message);
      return;
    }
    if (mine !== seq || !ctx.alive()) return;
    showResult(r);
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(compute, 150);
  };

  gridBox.addEventListener('change', schedule);
  letters.input.addEventListener('input', schedule);
  const setAll = (on) => {
    for (const code of Object.keys(boxes)) {
      for (const cb of Object.values(boxes[code])) cb.checked = on;
    }
    schedule();
  };
  allOn.addEventListener('click', () => setAll(true));
  allOff.addEventListener('click', () => setAll(false));
  const switchMode = () => {
    const isLetters = mode() === 'letters';
    gridBox.hidden = isLetters;
    lettersBox.hidden = !isLetters;
    schedule();
  };
  modeGrid.addEventListener('change', switchMode);
  modeLetters.addEventListener('change', switchMode);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(alert, '');
    date.setError('');
    letters.setError('');
    for (const set of Object.values(groups)) set.classList.remove('has-error');
    const body = { evaluated_on: date.input.value, ...grid() };
    const text = note.input.value.trim();
    if (text) body.note = text;
    if (!body.evaluated_on) delete body.evaluated_on;
    submit.disabled = true;
    let saved;
    try {
      saved = await api('POST', `/api/v1/persons/${p.id}/aggir`, body);
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      setAlert(alert, e.message);
      if (e.field === 'evaluated_on') {
        date.setError(e.message);
        date.input.focus();
      } else if (e.field === 'letters' || e.field === 'note') {
        const x = e.field === 'letters' ? letters : note;
        x.setError(e.message);
        x.input.focus();
      } else if (e.field && groups[e.field]) {
        groups[e.field].classList.add('has-error');
        boxes[e.field].s.focus();
      }
      return;
    }
    if (!ctx.alive()) return;
    state.flash = { id: p.id, message: `Évaluation AGGIR du ${frDate(saved.evaluated_on)} `
      + `enregistrée : GIR ${saved.gir}.` };
    location.hash = `#/personnes/${p.id}`;
  });

  schedule();
  return form;
}

// ---------------------------------------------------------------------
// Partenaires (PRODUCT §4): the directory of organisations, their
// professionals and conventions; the partnership dashboard.

async function ensureMeta() {
  if (!state.meta) state.meta = await api('GET', '/api/v1/meta');
  return state.meta;
}

function orgTypeOptions() {
  return ((state.meta && state.meta.org_types) || [])
    .map((t) => ({ value: t.code, label: t.label }));
}

// A convention is late when its review date has passed (and it has not
// ended). The server gives the date only: compared with today here.
function conventionLate(c) {
  return Boolean(c.review_due && !c.ended_on && c.review_due < todayIso());
}

function conventionItem(c, withOrg) {
  const late = conventionLate(c);
  return h('li', { class: `convention${late ? ' is-late' : ''}`, 'data-convention-id': c.id },
    withOrg
      ? h('a', { href: `#/partenaires/${c.org_id}`, class: 'item-title' }, c.org_name || '')
      : null,
    h('span', { class: withOrg ? 'item-note data-text' : 'item-title data-text' }, c.object || ''),
    h('span', { class: 'convention-review' },
      late ? [h('span', { class: 'badge badge-warn' }, 'Révision en retard'), ' '] : null,
      c.review_due ? `révision le ${frDate(c.review_due)}` : 'pas de date de révision'),
    h('span', { class: 'item-meta' }, [
      c.signed_on ? `signée le ${frDate(c.signed_on)}` : '',
      c.duration_months ? `durée ${c.duration_months} mois` : '',
      c.tacit_renewal ? 'tacite reconduction' : 'sans tacite reconduction',
      c.ended_on ? `fin le ${frDate(c.ended_on)}` : '',
    ].filter(Boolean).join(' · ')),
    c.note ? h('span', { class: 'item-note data-text' }, c.note) : null);
}

// [{code, label, group}] → sections by group, in the order received.
function typesByGroup(list, extra) {
  const groups = new Map();
  for (const t of list) {
    const g = t.group || 'Autres';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(t);
  }
  return Array.from(groups, ([group, types]) => h('div', { class: 'type-group' },
    h('h4', null, group),
    h('ul', { class: 'type-list' }, types.map((t) => h('li', null, t.label,
      extra ? h('span', { class: 'item-meta' }, extra(t)) : null)))));
}

async function loadPartnership(ctx, box) {
  let data;
  try {
    data = await api('GET', '/api/v1/partnership');
  } catch (e) {
    if (!ctx.alive()) return;
    clear(box);
    box.appendChild(h('p', { class: 'alert', role: 'alert' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  clear(box);
  const due = data.conventions_due || [];
  const late = due.filter(conventionLate).length;
  const missing = data.missing_mandatory_types || [];
  const without = data.mandatory_types_without_convention || [];
  box.appendChild(h('p', { class: 'dashboard-summary' },
    `${due.length} convention${due.length > 1 ? 's' : ''} à réviser`
    + (late ? ` dont ${late} en retard` : ''),
    (() => {
      const x = missing.length > 1 ? 's' : '';
      return ` · ${missing.length} type${x} de partenaire${x} obligatoire${x} manquant${x}`;
    })()));
  const dueId = uid('dues');
  box.appendChild(h('section', { class: 'dashboard-part', 'aria-labelledby': dueId },
    h('h3', { id: dueId }, `Conventions à réviser (dans les ${data.days || 30} jours ou en retard)`),
    due.length
      ? h('ul', { class: 'plain-list conventions' }, due.map((c) => conventionItem(c, true)))
      : h('p', { class: 'muted' }, 'Aucune convention à réviser prochainement.')));
  const missId = uid('manquants');
  box.appendChild(h('section', { class: 'dashboard-part', 'aria-labelledby': missId },
    h('h3', { id: missId }, 'Types de partenaires obligatoires manquants'),
    missing.length
      ? [h('p', { class: 'muted' }, 'Aucune structure de ces types n\'est dans l\'annuaire.'),
        h('div', { class: 'type-groups' }, typesByGroup(missing))]
      : h('p', { class: 'muted' }, 'Chaque type de partenaire obligatoire a au moins '
        + 'une structure dans l\'annuaire.')));
  if (without.length) {
    const woId = uid('sans-convention');
    box.appendChild(h('section', { class: 'dashboard-part', 'aria-labelledby': woId },
      h('h3', { id: woId }, 'Types obligatoires présents sans convention'),
      h('div', { class: 'type-groups' }, typesByGroup(without, (t) =>
        ` — ${t.partners} structure${t.partners > 1 ? 's' : ''} dans l'annuaire`))));
  }
}

async function pagePartenaires(ctx, params) {
  const role = state.user.role;
  const q = (params.get('q') || '').slice(0, 100);
  const type = params.get('type') || '';
  const head = h('div', { class: 'page-head' }, h('h1', null, 'Partenaires'));
  const parts = [head];
  if (PARTNERSHIP_ROLES.has(role)) {
    const dash = h('div', null, h('p', { class: 'muted' }, 'Chargement du tableau de bord…'));
    parts.push(h('section', { class: 'card dashboard', 'aria-labelledby': 'partenariats' },
      h('h2', { id: 'partenariats' }, 'Conventions et partenariats'), dash));
    loadPartnership(ctx, dash);
  }
  const search = h('input', { type: 'search', name: 'q', value: q, maxlength: '100',
    autocomplete: 'off', spellcheck: 'false' });
  const typeSel = select([{ value: '', label: 'Tous les types' }], type, { name: 'type' });
  const searchForm = h('form', { role: 'search', class: 'search-form',
    'aria-label': 'Rechercher une structure' },
  h('div', { class: 'filters-grid' },
    field('Nom de la structure', search).wrap,
    field('Type de structure', typeSel).wrap),
  h('div', { class: 'form-actions' },
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Rechercher'),
    q || type ? h('a', { href: '#/partenaires', class: 'btn' }, 'Effacer les filtres') : null));
  const status = h('p', { class: 'result-count', role: 'status' }, 'Recherche…');
  const alert = alertBox();
  const results = h('div', { class: 'results' });
  parts.push(h('section', { class: 'card', 'aria-labelledby': 'annuaire' },
    h('h2', { id: 'annuaire' }, 'Annuaire des structures'), searchForm, alert, status, results));
  const addBox = h('div');
  parts.push(addBox);
  append(ctx.main, parts);
  const focusSearch = state.focusAfter === 'org-search';
  state.focusAfter = null;
  if (focusSearch) {
    document.title = 'Partenaires — Maillage';
    search.focus();
  } else {
    focusTitle(ctx.main, 'Partenaires');
  }
  searchForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const qs = new URLSearchParams();
    if (search.value.trim()) qs.set('q', search.value.trim());
    if (typeSel.value) qs.set('type', typeSel.value);
    const target = `#/partenaires${qs.toString() ? `?${qs}` : ''}`;
    state.focusAfter = 'org-search';
    if (location.hash === target) render();
    else location.hash = target;
  });

  let data;
  try {
    await ensureMeta();
    if (!ctx.alive()) return;
    for (const o of orgTypeOptions()) {
      const opt = h('option', { value: o.value }, o.label);
      if (o.value === type) opt.selected = true;
      typeSel.appendChild(opt);
    }
    const qs = new URLSearchParams();
    if (q) qs.set('q', q);
    if (type) qs.set('type', type);
    data = await api('GET', `/api/v1/orgs${qs.toString() ? `?${qs}` : ''}`);
  } catch (e) {
    if (!ctx.alive()) return;
    status.textContent = '';
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  const items = data.items || [];
  status.textContent = items.length
    ? `${items.length} structure${items.length > 1 ? 's' : ''}`
    : 'Aucune structure ne correspond à ces critères.';
  if (items.length) {
    const tbody = h('tbody');
    for (const o of items) {
      const href = `#/partenaires/${o.id}`;
      const tr = h('tr', { class: 'row-link' },
        h('td', { 'data-label': 'Structure' }, h('div', null,
          h('a', { href }, o.name || ''),
          o.is_self ? h('span', { class: 'item-meta' }, ' (notre structure)') : null,
          o.archived ? [' ', h('span', { class: 'badge state-off' }, 'archivée')] : null)),
        h('td', { 'data-label': 'Type' }, o.type_label || metaLabel('org_types', o.type)),
        h('td', { 'data-label': 'Commune' }, o.commune_name || ''),
        h('td', { 'data-label': 'Téléphone' }, telLink(o.phone) || ''));
      tr.addEventListener('click', (ev) => {
        if (ev.target.closest('a')) return;
        if (window.getSelection && String(window.getSelection())) return;
        location.hash = href;
      });
      tbody.appendChild(tr);
    }
    results.appendChild(h('table', { class: 'table table-cards orgs' },
      h('caption', { class: 'visually-hidden' }, 'Structures de l\'annuaire'),
      h('thead', null, h('tr', null, ['Structure', 'Type', 'Commune', 'Téléphone']
        .map((c) => h('th', { scope: 'col' }, c)))),
      tbody));
  }
  if (DIRECTORY_EDIT_ROLES.has(role)) {
    const formHolder = h('div');
    formHolder.appendChild(orgForm(ctx));
    const toggle = disclosure('Ajouter une structure', formHolder);
    append(addBox, [h('section', { class: 'card', 'aria-labelledby': 'ajout-structure' },
      h('h2', { id: 'ajout-structure' }, 'Nouvelle structure partenaire'),
      h('p', { class: 'part-actions' }, toggle.btn), formHolder)]);
  }
}

function orgForm(ctx) {
  const f = {};
  f.name = formField('Nom de la structure', textInput('name'), { required: true, alert: true });
  f.type = formField('Type de structure', select([{ value: '', label: 'Choisir…' },
    ...orgTypeOptions()], '', { name: 'type' }), { required: true, alert: true });
  f.finess = formField('Numéro FINESS', textInput('finess', { maxlength: '9',
    inputmode: 'numeric', class: 'input-medium' }), { alert: true, hint: '9 caractères.' });
  f.address = formField('Adresse', textInput('address', { maxlength: '300' }),
    { alert: true, wide: true });
  const commune = communePicker();
  f.commune_code = formField('Commune', commune.input, { alert: true, wide: true,
    hint: 'Deux lettres du nom ou le code postal, puis choisir dans la liste.',
    after: commune.extras });
  f.phone = formField('Téléphone', textInput('phone', { type: 'tel', maxlength: '30' }),
    { alert: true, hint: '10 chiffres.' });
  f.email = formField('Adresse e-mail', textInput('email', { type: 'email', maxlength: '254' }),
    { alert: true });
  f.mssante = formField('Messagerie sécurisée (MSSanté)', textInput('mssante',
    { type: 'email', maxlength: '254' }), { alert: true });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Ajouter la structure');
  const form = h('form', { class: 'subform', novalidate: true,
    'aria-label': 'Ajouter une structure' },
  h('div', { class: 'grid' }, Object.values(f).map((x) => x.wrap)),
  alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    if (commune.pending()) {
      f.commune_code.setError('Choisissez la commune dans la liste proposée, ou videz le champ.');
      commune.input.focus();
      return;
    }
    const body = {};
    for (const [k, x] of Object.entries(f)) {
      const v = k === 'commune_code' ? commune.code() : x.input.value.trim();
      if (v !== '') body[k] = v;
    }
    submit.disabled = true;
    let created;
    try {
      created = await api('POST', '/api/v1/orgs', body);
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      showFormError(e, f, alert);
      return;
    }
    if (!ctx.alive()) return;
    state.flash = { id: created.id, page: 'partenaire',
      message: `Structure « ${created.name} » ajoutée à l'annuaire.` };
    location.hash = `#/partenaires/${created.id}`;
  });
  return form;
}

async function pagePartenaire(ctx, id) {
  const back = h('p', { class: 'back' },
    h('a', { href: '#/partenaires' }, '← Retour aux partenaires'));
  const title = h('h1', null, 'Structure');
  const alert = alertBox();
  const body = h('div', null, h('p', { class: 'muted' }, 'Chargement de la structure…'));
  append(ctx.main, [back, title, alert, body]);
  focusTitle(ctx.main, 'Structure');
  let org;
  try {
    await ensureMeta();
    org = await api('GET', `/api/v1/orgs/${id}`);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  const flash = takeFlash(id, 'partenaire');
  showOrg(ctx, title, body, org, flash && flash.message);
}

// opts message: shown (and focused) at the top, after a change.
function showOrg(ctx, title, body, o, message) {
  clear(body);
  title.textContent = o.name || `Structure n° ${o.id}`;
  document.title = `${title.textContent} — Maillage`;
  const edit = DIRECTORY_EDIT_ROLES.has(state.user.role);
  if (message) body.appendChild(statusMessage(message));
  body.appendChild(h('p', { class: 'page-sub' }, o.type_label || metaLabel('org_types', o.type),
    o.archived ? [' ', h('span', { class: 'badge state-off' }, 'archivée')] : null));
  body.appendChild(h('section', { class: 'card', 'aria-labelledby': 'coordonnees' },
    h('h2', { id: 'coordonnees' }, 'Coordonnées'),
    h('dl', { class: 'facts' },
      fact('Adresse', o.address, 'Non renseignée'),
      fact('Commune', o.commune_name
        ? h('span', null, o.commune_name, h('span', { class: 'fact-meta' },
          `Code INSEE ${o.commune_code}`))
        : (o.commune_code ? `Code INSEE ${o.commune_code}` : null), 'Non renseignée'),
      fact('Téléphone', telLink(o.phone)),
      fact('Adresse e-mail', o.email ? h('a', { href: `mailto:${o.email}` }, o.email) : null,
        'Non renseignée'),
      fact('Messagerie sécurisée (MSSanté)', o.mssante, 'Non renseignée'),
      fact('Numéro FINESS', o.finess ? h('code', null, o.finess) : null))));

  const pros = o.professionals || [];
  const proSection = h('section', { class: 'card', 'aria-labelledby': 'professionnels' },
    h('h2', { id: 'professionnels' }, 'Professionnels'));
  if (!pros.length) {
    proSection.appendChild(h('p', { class: 'muted' }, 'Aucun professionnel enregistré.'));
  } else {
    proSection.appendChild(h('ul', { class: 'plain-list' }, pros.map((x) => h('li',
      { class: x.archived ? 'is-withdrawn' : null },
      h('span', { class: 'item-title' }, [x.first_name, x.last_name].filter(Boolean).join(' ')),
      h('span', null, x.profession || ''),
      h('span', { class: 'item-meta' }, [
        x.rpps ? `RPPS ${x.rpps}` : null,
        x.phone ? telLink(x.phone) : null,
        x.email ? h('a', { href: `mailto:${x.email}` }, x.email) : null,
        x.mssante ? `MSSanté : ${x.mssante}` : null,
        x.archived ? 'ne fait plus partie de la structure' : null,
      ].filter(Boolean).flatMap((v, i) => (i ? [' · ', v] : [v])))))));
  }
  if (edit) {
    const holder = h('div');
    holder.appendChild(professionalForm(ctx, o, (saved) =>
      showOrg(ctx, title, body, saved, 'Professionnel ajouté.')));
    const toggle = disclosure('Ajouter un professionnel', holder);
    append(proSection, [h('p', { class: 'part-actions' }, toggle.btn), holder]);
  }
  body.appendChild(proSection);

  const convs = o.conventions || [];
  const convSection = h('section', { class: 'card', 'aria-labelledby': 'conventions' },
    h('h2', { id: 'conventions' }, 'Conventions'));
  convSection.appendChild(convs.length
    ? h('ul', { class: 'plain-list conventions' }, convs.map((c) => conventionItem(c, false)))
    : h('p', { class: 'muted' }, 'Aucune convention enregistrée.'));
  if (edit) {
    const holder = h('div');
    holder.appendChild(conventionForm(ctx, o, (saved) =>
      showOrg(ctx, title, body, saved, 'Convention enregistrée.')));
    const toggle = disclosure('Enregistrer une convention', holder);
    append(convSection, [h('p', { class: 'part-actions' }, toggle.btn), holder]);
  }
  body.appendChild(convSection);
  if (message) body.querySelector('[role="status"]').focus();
}

function professionalForm(ctx, o, done) {
  const f = {};
  f.last_name = formField('Nom', textInput('last_name', { maxlength: '100' }),
    { required: true, alert: true });
  f.first_name = formField('Prénom', textInput('first_name', { maxlength: '100' }),
    { required: true, alert: true });
  f.profession = formField('Profession', textInput('profession', { maxlength: '100' }),
    { required: true, alert: true,
      hint: 'Par exemple : médecin généraliste, infirmier(ère) libéral(e).' });
  f.rpps = formField('Numéro RPPS', textInput('rpps', { maxlength: '11', inputmode: 'numeric',
    class: 'input-medium' }), { alert: true, hint: '11 chiffres.' });
  f.phone = formField('Téléphone', textInput('phone', { type: 'tel', maxlength: '30' }),
    { alert: true });
  f.email = formField('Adresse e-mail', textInput('email', { type: 'email', maxlength: '254' }),
    { alert: true });
  f.mssante = formField('Messagerie sécurisée (MSSanté)', textInput('mssante',
    { type: 'email', maxlength: '254' }), { alert: true });
  return directoryForm(ctx, f, 'Ajouter un professionnel', 'Ajouter le professionnel',
    `/api/v1/orgs/${o.id}/professionals`, (body) => body, done);
}

function conventionForm(ctx, o, done) {
  const f = {};
  f.object = formField('Objet de la convention', textArea('object'),
    { required: true, alert: true, wide: true });
  f.signed_on = formField('Date de signature', h('input', { type: 'date', name: 'signed_on',
    class: 'input-medium' }), { required: true, alert: true });
  f.duration_months = formField('Durée (mois)', h('input', { type: 'number',
    name: 'duration_months', min: '1', max: '240', value: '12', inputmode: 'numeric',
    class: 'input-short' }), { required: true, alert: true });
  f.review_due = formField('Révision prévue le', h('input', { type: 'date', name: 'review_due',
    class: 'input-medium' }), { alert: true,
    hint: 'Laissez vide : un an après la signature.' });
  const tacit = checkField('Tacite reconduction', { name: 'tacit_renewal' });
  f.tacit_renewal = { wrap: h('div', { class: 'field field-check' }, tacit.wrap),
    input: tacit.input, setError: () => {} };
  f.note = formField('Commentaire', textArea('note'), { alert: true, wide: true });
  return directoryForm(ctx, f, 'Enregistrer une convention', 'Enregistrer la convention',
    `/api/v1/orgs/${o.id}/conventions`, (body) => {
      const b = { ...body, tacit_renewal: tacit.input.checked };
      if (b.duration_months !== undefined) {
        const n = Number(b.duration_months);
        b.duration_months = Number.isInteger(n) ? n : b.duration_months;
      }
      return b;
    }, done);
}

// A directory form: non-empty fields → POST path → done(org answered).
function directoryForm(ctx, f, label, action, path, shape, done) {
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, action);
  const form = h('form', { class: 'subform', novalidate: true, 'aria-label': label },
    h('div', { class: 'grid' }, Object.values(f).map((x) => x.wrap)),
    alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(f, alert);
    const body = {};
    for (const [k, x] of Object.entries(f)) {
      if (x.input.type === 'checkbox') continue;
      const v = x.input.value.trim();
      if (v !== '') body[k] = v;
    }
    submit.disabled = true;
    let saved;
    try {
      saved = await api('POST', path, shape(body));
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      showFormError(e, f, alert);
      return;
    }
    if (!ctx.alive()) return;
    done(saved);
  });
  return form;
}

// ---------------------------------------------------------------------
// Administration (admin only): accounts

async function pageAdmin(ctx) {
  if (state.user.role !== 'admin') {
    pageMessage(ctx, 'Administration', 'Cette page est réservée à '
      + 'l\'administrateur technique.');
    return;
  }
  const listAlert = alertBox();
  const listBox = h('div', { class: 'results' }, h('p', { class: 'muted' }, 'Chargement des comptes…'));
  const formBox = h('div');
  const pendingBox = h('div');
  append(ctx.main, [
    h('h1', null, 'Administration'),
    h('section', { class: 'card', 'aria-labelledby': 'comptes' },
      h('h2', { id: 'comptes' }, 'Comptes des professionnels'), listAlert, listBox),
    h('section', { class: 'card', 'aria-labelledby': 'demandes-comptes' },
      h('h2', { id: 'demandes-comptes' }, 'Demandes en attente de validation'),
      h('p', { class: 'muted' }, 'Un compte qui accède aux dossiers (soins, social, médical) '
        + 'n\'est créé, réactivé, modifié ou réinitialisé qu\'après validation par la direction '
        + 'ou la coordination, qui remet le mot de passe provisoire.'),
      pendingBox),
    formBox,
  ]);
  const loadPending = async () => {
    try {
      const r = await api('GET', '/api/v1/account-requests?status=pending');
      if (!ctx.alive()) return;
      renderRequests(pendingBox, r.items || [], null);
    } catch (e) {
      if (ctx.alive()) { clear(pendingBox); pendingBox.appendChild(h('p', { role: 'alert' }, e.message)); }
    }
  };
  loadPending();
  focusTitle(ctx.main, 'Administration');

  let users, orgs, meta;
  try {
    [users, orgs, meta] = await Promise.all([
      api('GET', '/api/v1/users'),
      api('GET', '/api/v1/orgs'),
      state.meta ? Promise.resolve(state.meta) : api('GET', '/api/v1/meta'),
    ]);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(listBox);
    setAlert(listAlert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  state.meta = meta;
  const lists = {
    roles: (meta.roles || []).map((r) => ({ value: r.code, label: r.label })),
    profs: (meta.professions || []).map((r) => ({ value: r.code, label: r.label })),
    orgs: (orgs.items || []).map((o) => ({ value: String(o.id), label: o.name, self: o.is_self })),
  };

  // Reloads the list; opts.created marks a new login, opts.focus gives
  // {id, action} of the button to focus again after the re-render.
  const refresh = async (opts = {}) => {
    let fresh;
    try {
      fresh = await api('GET', '/api/v1/users');
    } catch (e) {
      setAlert(listAlert, e.message);
      return;
    }
    if (!ctx.alive()) return;
    renderUsers(listBox, listAlert, fresh.items || [], lists, refresh, opts.created);
    loadPending();
    if (opts.focus) {
      const again = listBox.querySelector(`tr[data-user-id="${opts.focus.id}"] `
        + `[data-action="${opts.focus.action}"]`);
      if (again && !again.disabled) again.focus();
    }
  };
  renderUsers(listBox, listAlert, users.items || [], lists, refresh);
  formBox.appendChild(userCreateForm(ctx, lists, refresh));
}

function renderUsers(box, alert, users, lists, refresh, focusLogin) {
  clear(box);
  const tbody = h('tbody');
  const table = h('table', { class: 'table table-cards table-cards-md users' },
    h('caption', { class: 'visually-hidden' }, 'Comptes des professionnels'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Nom et identifiant'),
      h('th', { scope: 'col' }, 'Rôle et profession'),
      h('th', { scope: 'col' }, 'Structure'),
      h('th', { scope: 'col' }, 'État'),
      h('th', { scope: 'col' }, 'Actions'))),
    tbody);
  for (const u of users) {
    tbody.appendChild(userRow(u, alert, lists, refresh, focusLogin));
  }
  box.appendChild(table);
}

function userRow(u, alert, lists, refresh, focusLogin) {
  const self = state.user && u.id === state.user.id;
  const edit = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'edit',
    'aria-label': `Modifier le rôle et la profession de ${u.display_name}` }, 'Modifier');
  const toggle = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'toggle',
    'aria-label': `${u.disabled ? 'Réactiver' : 'Désactiver'} le compte de ${u.display_name}` },
  u.disabled ? 'Réactiver' : 'Désactiver');
  if (self) toggle.disabled = true;  // the server refuses it anyway
  const actions = h('td', { 'data-label': 'Actions', class: 'actions' },
    h('div', { class: 'form-actions' }, edit, toggle));
  const tr = h('tr', { class: u.disabled ? 'is-disabled' : null, 'data-user-id': u.id },
    h('td', { 'data-label': 'Nom et identifiant' }, h('div', null,
      h('span', { class: 'item-title' }, u.display_name || ''),
      h('span', { class: 'item-meta' }, 'Identifiant : ', h('code', null, u.login || '')))),
    h('td', { 'data-label': 'Rôle et profession' }, h('div', null,
      h('span', { class: 'item-title' }, u.role_label || u.role || ''),
      h('span', { class: 'item-meta' }, u.profession_label || u.profession || ''))),
    h('td', { 'data-label': 'Structure' }, u.org_name || ''),
    h('td', { 'data-label': 'État' },
      h('span', { class: `badge ${u.disabled ? 'state-off' : 'state-on'}` },
        u.disabled ? 'Désactivé' : 'Actif')),
    actions);

  toggle.addEventListener('click', async () => {
    setAlert(alert, '');
    toggle.disabled = true;
    let r;
    try {
      r = await api('PATCH', `/api/v1/users/${u.id}`, { disabled: !u.disabled });
    } catch (e) {
      toggle.disabled = false;
      setAlert(alert, e.message);
      return;
    }
    if (r && r.pending) setAlert(alert, r.message);
    refresh({ focus: { id: u.id, action: 'toggle' } });
  });

  edit.addEventListener('click', () => {
    // Inline editor in the actions cell: role and profession.
    const roleSel = select(lists.roles, u.role, { name: 'role' });
    const profSel = select(lists.profs, u.profession, { name: 'profession' });
    const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, 'Enregistrer');
    const cancel = h('button', { type: 'button', class: 'btn btn-small' }, 'Annuler');
    const form = h('form', { class: 'inline-edit',
      'aria-label': `Modifier ${u.display_name}` },
    field('Rôle', roleSel).wrap, field('Profession', profSel).wrap,
    h('div', { class: 'form-actions' }, save, cancel));
    const restore = () => {
      clear(actions);
      actions.appendChild(h('div', { class: 'form-actions' }, edit, toggle));
      edit.focus();
    };
    cancel.addEventListener('click', restore);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      setAlert(alert, '');
      save.disabled = true;
      let r;
      try {
        r = await api('PATCH', `/api/v1/users/${u.id}`,
          { role: roleSel.value, profession: profSel.value });
      } catch (e) {
        save.disabled = false;
        setAlert(alert, e.message);
        return;
      }
      if (r && r.pending) setAlert(alert, r.message);
      refresh({ focus: { id: u.id, action: 'edit' } });
    });
    clear(actions);
    actions.appendChild(form);
    roleSel.focus();
  });
  if (focusLogin && focusLogin === u.login) tr.classList.add('is-new');
  return tr;
}

function userCreateForm(ctx, lists, refresh) {
  const login = h('input', { type: 'text', name: 'login', required: true,
    minlength: '2', maxlength: '64', autocomplete: 'off',
    autocapitalize: 'none', spellcheck: 'false' });
  const name = h('input', { type: 'text', name: 'display_name', required: true,
    maxlength: '120', autocomplete: 'off' });
  const role = select([{ value: '', label: 'Choisir un rôle…' }, ...lists.roles], '',
    { name: 'role', required: true });
  const prof = select([{ value: '', label: 'Choisir une profession…' }, ...lists.profs], '',
    { name: 'profession', required: true });
  const selfOrg = lists.orgs.find((o) => o.self);
  const org = select(lists.orgs, selfOrg ? selfOrg.value : '', { name: 'org_id' });
  const alert = alertBox();
  const result = h('div', { class: 'created', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Créer le compte');
  const fields = { login, display_name: name, role, profession: prof, org_id: org };

  const form = h('form', { class: 'card form-grid', novalidate: true,
    'aria-labelledby': 'creer-compte' },
  h('h2', { id: 'creer-compte' }, 'Créer un compte'),
  h('p', { class: 'muted' }, 'Un mot de passe provisoire est généré par le '
    + 'serveur ; il n\'est affiché qu\'une seule fois.'),
  h('div', { class: 'grid' },
    field('Identifiant', login, '2 caractères minimum, sans espace.').wrap,
    field('Nom affiché', name, 'Prénom et nom, tels qu\'ils apparaîtront.').wrap,
    field('Rôle', role, 'Fixe ce que le compte peut faire.').wrap,
    field('Profession', prof, 'Fixe les catégories de données lisibles.').wrap,
    field('Structure', org, 'Organisation du professionnel.').wrap),
  alert,
  h('div', { class: 'form-actions' }, submit),
  result);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(alert, '');
    clear(result);
    for (const el of Object.values(fields)) el.removeAttribute('aria-invalid');
    const missing = [['Identifiant', login], ['Nom affiché', name],
      ['Rôle', role], ['Profession', prof]].filter(([, el]) => !el.value.trim());
    if (missing.length) {
      for (const [, el] of missing) el.setAttribute('aria-invalid', 'true');
      setAlert(alert, `Champ${missing.length > 1 ? 's' : ''} obligatoire${missing.length > 1 ? 's' : ''} : `
        + `${missing.map(([l]) => l).join(', ')}.`);
      missing[0][1].focus();
      return;
    }
    const body = {
      login: login.value.trim(),
      display_name: name.value.trim(),
      role: role.value,
      profession: prof.value,
    };
    if (org.value) body.org_id = Number(org.value);
    submit.disabled = true;
    let created;
    try {
      created = await api('POST', '/api/v1/users', body);
    } catch (e) {
      submit.disabled = false;
      setAlert(alert, e.message);
      const bad = e.field && fields[e.field];
      if (bad) {
        bad.setAttribute('aria-invalid', 'true');
        bad.focus();
      }
      return;
    }
    submit.disabled = false;
    if (!ctx.alive()) return;
    form.reset();
    if (selfOrg) org.value = selfOrg.value;
    if (created.pending) {
      clear(result);
      append(result, [h('p', { class: 'created-title' },
        `Demande de compte « ${created.request.login} » envoyée pour validation.`),
      h('p', null, created.message)]);
      result.classList.add('is-shown');
      refresh();
      return;
    }
    showCreated(result, created);
    refresh({ created: created.login });
  });
  return form;
}

function requestSummary(q) {
  const what = [];
  if (q.kind === 'create') what.push(`Création du compte « ${q.login} » (${q.display_name || ''})`);
  else what.push(`Compte « ${q.login} »`);
  if (q.role_label) what.push(`rôle : ${q.role_label}`);
  if (q.profession_label) what.push(`profession : ${q.profession_label}`);
  if (q.org_id && q.kind !== 'create') what.push('changement de structure');
  if (q.disabled === false) what.push('réactivation');
  if (q.reset_password) what.push('réinitialisation du mot de passe');
  return what.join(' — ');
}

// The administrator's requests; with `decide`, Valider / Refuser buttons.
function renderRequests(box, items, decide) {
  clear(box);
  if (!items.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Aucune demande en attente.'));
    return;
  }
  const ul = h('ul', { class: 'plain-list requests' });
  for (const q of items) {
    const li = h('li', { class: 'item', 'data-request-id': q.id },
      h('span', { class: 'item-title' }, requestSummary(q)),
      h('span', { class: 'item-meta' }, `Demandé par ${q.requested_by_name || '?'} le `
        + `${frDateTime(q.requested_at, true)}`));
    if (decide && q.may_approve === false) {
      // Issue 8 review: the approver's reading rights must cover the account's.
      li.appendChild(h('p', { class: 'item-meta may-not-approve' }, 'Ce compte accède à des informations '
        + 'que votre rôle ne permet pas de lire (ou il vous concerne) : la coordination ou le médecin '
        + 'du CRT doit la valider.'));
    } else if (decide) {
      const ok = h('button', { type: 'button', class: 'btn btn-primary btn-small',
        'aria-label': `Valider la demande : ${requestSummary(q)}` }, 'Valider');
      const no = h('button', { type: 'button', class: 'btn btn-small',
        'aria-label': `Refuser la demande : ${requestSummary(q)}` }, 'Refuser');
      ok.addEventListener('click', () => decide(q, true, ok, no));
      no.addEventListener('click', () => decide(q, false, ok, no));
      li.appendChild(h('div', { class: 'form-actions' }, ok, no));
    }
    ul.appendChild(li);
  }
  box.appendChild(ul);
}

// Direction and coordination: approve or refuse the administrator's
// requests on accounts that read records (never their own account).
async function pageComptes(ctx) {
  if (!['direction', 'coordinateur', 'medecin'].includes(state.user.role)) {
    pageMessage(ctx, 'Validation des comptes', 'Cette page est réservée à la direction, à la coordination '
      + 'et au médecin du CRT.');
    return;
  }
  const alert = alertBox();
  const result = h('div', { class: 'created', role: 'status' });
  const box = h('div', null, h('p', { class: 'muted' }, 'Chargement des demandes…'));
  append(ctx.main, [
    h('h1', null, 'Validation des comptes'),
    h('p', { class: 'muted' }, 'L\'administrateur technique n\'accède pas aux dossiers : un compte qui '
      + 'y accède n\'est créé, réactivé, modifié ou réinitialisé qu\'avec votre validation. '
      + 'À la validation, le mot de passe provisoire vous est affiché une seule fois : remettez-le '
      + 'à la personne par un moyen sûr.'),
    alert, result,
    h('section', { class: 'card', 'aria-labelledby': 'demandes' },
      h('h2', { id: 'demandes' }, 'Demandes en attente'), box),
  ]);
  focusTitle(ctx.main, 'Validation des comptes');
  const load = async () => {
    let r;
    try {
      r = await api('GET', '/api/v1/account-requests?status=pending');
    } catch (e) {
      if (ctx.alive()) setAlert(alert, e.message);
      return;
    }
    if (!ctx.alive()) return;
    renderRequests(box, r.items || [], decide);
  };
  const decide = async (q, approve, ok, no) => {
    setAlert(alert, '');
    ok.disabled = true;
    no.disabled = true;
    let r;
    try {
      r = await api('POST', `/api/v1/account-requests/${q.id}/${approve ? 'approve' : 'reject'}`, {});
    } catch (e) {
      ok.disabled = false;
      no.disabled = false;
      setAlert(alert, e.message);
      return;
    }
    if (!ctx.alive()) return;
    if (approve && r.user) {
      showCreated(result, { ...r.user, password: r.password });
      result.querySelector('.created-title').textContent = `Demande validée : compte « ${r.user.login} » `
        + `(${r.user.display_name}).`;
    } else {
      clear(result);
      result.appendChild(h('p', { class: 'created-title' }, `Demande refusée : ${requestSummary(q)}.`));
      result.classList.add('is-shown');
    }
    load();
  };
  load();
}

// « Changer mon mot de passe »: everyone, from the header; forced right
// after a login with a one-time password (issue 8 review, point 2).
function pageMotDePasse(ctx, forced) {
  const cur = h('input', { type: 'password', name: 'current', autocomplete: 'current-password',
    required: true, maxlength: '256' });
  const next = h('input', { type: 'password', name: 'new', autocomplete: 'new-password',
    required: true, maxlength: '256' });
  const again = h('input', { type: 'password', name: 'again', autocomplete: 'new-password',
    required: true, maxlength: '256' });
  const alert = alertBox();
  const done = h('div', { role: 'status' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Enregistrer le mot de passe');
  const form = h('form', { class: 'password-form', novalidate: true },
    field(forced ? 'Mot de passe provisoire' : 'Mot de passe actuel', cur).wrap,
    field('Nouveau mot de passe', next, 'Au moins 12 caractères ; évitez les mots de passe courants, '
      + 'les suites de touches et votre identifiant.').wrap,
    field('Confirmez le nouveau mot de passe', again).wrap,
    alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(alert, '');
    if (!cur.value || !next.value) {
      setAlert(alert, 'Saisissez le mot de passe actuel et le nouveau.');
      return;
    }
    if (next.value !== again.value) {
      setAlert(alert, 'Les deux saisies du nouveau mot de passe diffèrent.');
      again.focus();
      return;
    }
    submit.disabled = true;
    try {
      await api('PUT', '/api/v1/session/password', { current: cur.value, new: next.value });
    } catch (e) {
      submit.disabled = false;
      setAlert(alert, e.message);
      return;
    }
    if (!ctx.alive()) return;
    cur.value = next.value = again.value = '';
    submit.disabled = false;
    if (forced) {
      state.user.must_change_password = false;
      try {
        state.meta = await api('GET', '/api/v1/meta');
      } catch {
        state.meta = null;
      }
      location.hash = '#/accueil';
      render();
      return;
    }
    clear(done);
    done.appendChild(h('p', { class: 'notice' }, 'Mot de passe changé. Vos autres sessions ont été fermées.'));
  });
  append(ctx.main, [
    h('h1', null, 'Changer mon mot de passe'),
    forced ? h('p', { class: 'notice' }, 'Votre mot de passe est provisoire : choisissez-en un nouveau '
      + 'pour accéder à Maillage. Si ce mot de passe provisoire ne fonctionne plus, quelqu\'un l\'a '
      + 'déjà utilisé : prévenez la coordination.') : null,
    done,
    h('section', { class: 'card' }, form),
  ]);
  focusTitle(ctx.main, 'Changer mon mot de passe');
  if (forced) cur.focus();
}

function showCreated(box, u) {
  clear(box);
  const parts = [h('p', { class: 'created-title' },
    `Compte « ${u.login} » créé pour ${u.display_name}.`)];
  if (u.password) {
    const pw = h('code', { class: 'password' }, u.password);
    const copy = h('button', { type: 'button', class: 'btn btn-small' }, 'Copier');
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(u.password);
        copy.textContent = 'Copié';
      } catch {
        const range = document.createRange();
        range.selectNodeContents(pw);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      }
    });
    parts.push(h('p', null, 'Mot de passe provisoire : ', pw, ' ', copy));
    parts.push(h('p', { class: 'warning-text' }, 'Ce mot de passe n\'est affiché '
      + 'qu\'une seule fois : notez-le maintenant et transmettez-le à la '
      + 'personne par un moyen sûr. Il ne pourra plus être consulté.'));
  }
  append(box, parts);
  box.classList.add('is-shown');
}

// Also shared with support.js (the volet 2 pages).
export {
  comboPicker, loadPart, chosenFile };

// ---------------------------------------------------------------------
// Start

window.addEventListener('hashchange', () => {
  const hash = location.hash || '';
  // In-page anchors (the skip link) are not routes.
  if (hash && !hash.startsWith('#/')) return;
  if (state.user) render();
});

document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape' && state.navOpen) {
    setNavOpen(false);
    if (shell.toggle) shell.toggle.focus();
  }
});

async function boot() {
  try {
    const data = await api('GET', '/api/v1/session');
    await startSession(data);
  } catch (e) {
    // No cookie: just the login page. A cookie the server no longer knows
    // (idle or past its lifetime): its « Votre session a expiré ».
    showLogin(e.status === 401 && !/expiré/.test(e.message) ? '' : e.message);
  }
}

boot();

// Shared with the feature modules (volet2.js, support.js). They use these only from
// their page functions, never while loading (the import is circular).
export {
  state, h, append, clear, uid, field, formField, showFormError, clearFormErrors,
  checkField, textInput, textArea, orNull, disclosure, withPhoneLinks, telLink,
  select, alertBox, setAlert, frDate, todayIso, frDateTime, ageFrom, catLabel,
  metaLabel, ApiError, api, render, focusTitle, pageMessage, personName, bornWord,
  statusBadge, takeFlash, flashView, dlRow, fact, longText, statusMessage,
  ensureMeta, groupedSelect, communePicker, PAGE_SIZE,
};
