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

// Sections of the product that are not delivered yet: shown, honestly
// marked « bientôt », never clickable.
const SOON = ['Liste d\'attente', 'Planning', 'Astreinte',
  'Actions collectives', 'Partenaires', 'Indicateurs'];

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
  }
}

// All requests go through here: cookie, CSRF token, JSON, French errors.
async function api(method, path, body) {
  const opt = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    cache: 'no-store',
  };
  if (method !== 'GET') {
    opt.headers['Content-Type'] = 'application/json';
    if (state.csrf) opt.headers['X-CSRF-Token'] = state.csrf;
    if (body !== undefined) opt.body = JSON.stringify(body);
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
    state.meta = await api('GET', '/api/v1/meta');
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
  }
  if (u.role === 'admin') {
    items.push({ href: '#/admin', route: 'admin', label: 'Administration' });
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
      logoutBtn));

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
// Routing: #/accueil, #/personnes, #/personnes/12, #/admin

function parseRoute() {
  const hash = location.hash || '';
  const [path, query] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query || '');
  let m;
  if (path === '/accueil') return { name: 'accueil', known: true, params };
  if (path === '/personnes') return { name: 'personnes', known: true, params };
  if ((m = /^\/personnes\/(\d{1,15})$/.exec(path))) {
    return { name: 'personne', id: Number(m[1]), known: true, params };
  }
  if (path === '/admin') return { name: 'admin', known: true, params };
  if (path === '' || path === '/') return { name: 'accueil', known: false, params };
  return { name: 'inconnu', known: true, params };
}

function render() {
  if (!state.user || !shell.main) return;
  const route = parseRoute();
  const seq = ++state.renderSeq;
  const active = route.name === 'personne' ? 'personnes' : route.name;
  for (const [name, a] of Object.entries(shell.links)) {
    if (name === active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const main = shell.main;
  clear(main);
  const ctx = { seq, main, alive: () => seq === state.renderSeq };
  switch (route.name) {
    case 'accueil': pageAccueil(ctx); break;
    case 'personnes': pagePersonnes(ctx, route.params); break;
    case 'personne': pagePersonne(ctx, route.id); break;
    case 'admin': pageAdmin(ctx); break;
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
      h('a', { href: '#/personnes' }, 'Personnes'), '.');

  append(ctx.main, [
    h('h1', null, `Bonjour ${u.display_name}`),
    h('section', { class: 'card', 'aria-labelledby': 'profil-titre' },
      h('h2', { id: 'profil-titre' }, 'Votre profil'), dl),
    h('section', { class: 'card', 'aria-labelledby': 'suite-titre' },
      h('h2', { id: 'suite-titre' }, 'Pour commencer'), next,
      u.role !== 'admin'
        ? h('p', { class: 'muted' }, 'Les autres modules (liste d\'attente, '
          + 'planning, astreinte, actions collectives, partenaires, '
          + 'indicateurs) seront disponibles dans une prochaine version.')
        : null),
  ]);
  focusTitle(ctx.main, 'Accueil');
}

// ---------------------------------------------------------------------
// Personnes: search and list

function personName(p) {
  return [p.birth_name, p.first_names].filter(Boolean).join(' ');
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
  const q = (params.get('q') || '').slice(0, 100);
  const offset = Math.max(0, Number.parseInt(params.get('offset') || '0', 10) || 0);

  const search = h('input', { type: 'search', name: 'q', value: q,
    maxlength: '100', autocomplete: 'off', spellcheck: 'false' });
  const searchForm = h('form', { role: 'search', class: 'search-form' },
    field('Rechercher une personne', search,
      'Nom de naissance, nom d\'usage ou prénom.').wrap,
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Rechercher'));
  searchForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.focusAfter = 'search';
    goPersonnes(search.value.trim(), 0);
  });

  const alert = alertBox();
  const status = h('p', { class: 'result-count', role: 'status' }, 'Recherche…');
  const results = h('div', { class: 'results' });

  append(ctx.main, [h('h1', null, 'Personnes'), searchForm, alert, status, results]);
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
    const qs = new URLSearchParams({ q, limit: String(PAGE_SIZE),
      offset: String(offset) });
    data = await api('GET', `/api/v1/persons?${qs}`);
  } catch (e) {
    if (!ctx.alive()) return;
    status.textContent = '';
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;

  const total = data.total || 0;
  const items = data.items || [];
  if (total === 0) {
    status.textContent = q
      ? `Aucune personne ne correspond à « ${q} ».`
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
    goPersonnes(q, Math.max(0, data.offset - PAGE_SIZE));
  });
  next.addEventListener('click', () => {
    state.focusAfter = 'next';
    goPersonnes(q, data.offset + PAGE_SIZE);
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

function goPersonnes(q, offset) {
  const qs = new URLSearchParams();
  if (q) qs.set('q', q);
  if (offset) qs.set('offset', String(offset));
  const s = qs.toString();
  const target = `#/personnes${s ? `?${s}` : ''}`;
  if (location.hash === target) render();  // same search: reload it
  else location.hash = target;
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
    if (e.status === 403 && BREAKGLASS_ROLES.has(state.user.role)) {
      body.appendChild(breakglassForm(ctx, id));
    }
    return;
  }
  if (!ctx.alive()) return;
  clear(body);
  title.textContent = personName(p) || `Dossier n° ${p.id}`;
  document.title = `${title.textContent} — Maillage`;
  append(body, personView(p));
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
    } catch (e) {
      submit.disabled = false;
      setAlert(alert, e.message);
      return;
    }
    if (ctx.alive()) render();  // reload the person with the new access
  });
  return form;
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
  h('p', null, h('span', { class: 'access-label' }, 'Lecture : '), catList(access.read)),
  h('p', null, h('span', { class: 'access-label' }, 'Écriture : '), catList(access.write))));

  // Identity (INS strict traits).
  const age = ageFrom(p.birth_date);
  out.push(h('section', { class: 'card', 'aria-labelledby': 'identite' },
    h('h2', { id: 'identite' }, 'Identité'),
    h('dl', { class: 'facts' },
      dlRow('Nom de naissance', p.birth_name),
      dlRow('Nom utilisé', p.used_name),
      dlRow('Prénom(s) de naissance', p.first_names),
      dlRow('Prénom utilisé', p.used_first_name),
      dlRow('Date de naissance', p.birth_date
        ? `${frDate(p.birth_date)}${age !== null ? ` (${age} ans)` : ''}` : null),
      dlRow('Sexe', SEX_LABELS[p.sex] || p.sex),
      dlRow('Lieu de naissance (code INSEE)', p.birthplace_insee),
      dlRow('Matricule INS', p.ins),
      dlRow('OID de l\'INS', p.ins_oid),
      h('div', null, h('dt', null, 'Statut de l\'identité'),
        h('dd', null, statusBadge(p.identity_status))))));

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
  append(ctx.main, [
    h('h1', null, 'Administration'),
    h('section', { class: 'card', 'aria-labelledby': 'comptes' },
      h('h2', { id: 'comptes' }, 'Comptes des professionnels'), listAlert, listBox),
    formBox,
  ]);
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
    try {
      await api('PATCH', `/api/v1/users/${u.id}`, { disabled: !u.disabled });
    } catch (e) {
      toggle.disabled = false;
      setAlert(alert, e.message);
      return;
    }
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
      try {
        await api('PATCH', `/api/v1/users/${u.id}`,
          { role: roleSel.value, profession: profSel.value });
      } catch (e) {
        save.disabled = false;
        setAlert(alert, e.message);
        return;
      }
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
    showCreated(result, created);
    refresh({ created: created.login });
  });
  return form;
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
    showLogin(e.status === 401 ? '' : e.message);
  }
}

boot();
