// Maillage web core — the shell: login, logout, header, navigation.
//
// Owns: the login page, starting and ending a session, the header and
// the main navigation (the entries the registered sections give, plus
// the « bientôt » ones), and boot(). Must not: know any section; the
// router (core/router.js) lists them.

import { api, dropEarly, isAbort, takeEarly } from './api.js';
import { clear, h, root } from './dom.js';
import { alertBox, field, setAlert } from './forms.js';
import { can } from './perm.js';
import {
  headerItems, leavePage, navItems, parseRoute, preloadRoute, publicPage, render, shell,
} from './router.js';
import { draftsFor, dropDrafts } from './drafts.js';
import { offlineClear, offlineStart } from './offline.js';
import { startLive, stopLive } from './live.js';
import { onSessionLost, state } from './session.js';

// Sections of the product that are not delivered yet: shown, honestly
// marked « bientôt », never clickable.
const SOON = ['Actions collectives', 'Indicateurs'];

function showLogin(message) {
  stopLive();
  state.user = null;
  state.csrf = null;
  state.meta = null;
  state.breakglassUntil = {};
  state.breakglassRenewal = {};
  state.access = {};
  state.flash = null;
  state.renderSeq += 1;
  dropEarly();
  leavePage();
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

// A page opened signed out (an invitation link, issue 11): shown instead
// of the login page, in its frame; done(session reply) signs in, without
// the link's secret left in the address bar.
function showPublic(show) {
  state.user = null;
  state.csrf = null;
  state.meta = null;
  state.renderSeq += 1;
  leavePage();
  document.body.className = 'page-login';
  const main = h('main', { id: 'contenu', class: 'login-page', tabindex: '-1' });
  const app = root();
  clear(app);
  app.appendChild(main);
  show(main, (data) => {
    history.replaceState(null, '', location.pathname + location.search);
    return startSession(data, true);
  });
}

async function startSession(data, fromLogin) {
  state.user = data.user;
  draftsFor(data.user.id);
  state.csrf = data.csrf_token;
  // The offline DLU (issue 10 point 6): registered or removed per role;
  // a session served offline (no token) changes nothing stored.
  if (data.csrf_token) await offlineStart(data);
  let bare = false;
  try {
    // A one-time password opens nothing but its change (issue 8 review),
    // nor what web/early.js asked (refused anyway); a proche account
    // (issue 11) reads its planning only.
    bare = state.user.must_change_password || can(state.user, 'proche.planning');
    if (bare) dropEarly();
    state.meta = bare ? null
      : await (takeEarly('/api/v1/meta') || api('GET', '/api/v1/meta'));
  } catch {
    state.meta = null;  // labels fall back to built-in ones
  }
  buildShell();
  // One event stream per tab (issue 12), for the screens that update live.
  if (!bare && data.csrf_token) startLive();
  // After a page load the natural order stays (skip link first); after
  // the login form, focus moves to the new page title.
  shell.fresh = !fromLogin;
  if (!parseRoute().known) {
    // triggers render through hashchange
    location.hash = can(state.user, 'proche.planning') ? '#/mon-planning' : '#/accueil';
  } else {
    render();
  }
}

async function logout() {
  dropDrafts();
  try {
    await api('DELETE', '/api/v1/session');
  } catch {
    // Even if the server cannot be reached, forget everything locally.
  }
  await offlineClear();
  history.replaceState(null, '', location.pathname + location.search);
  showLogin();
}

function buildShell() {
  const u = state.user;
  document.body.className = 'page-app';

  const navList = h('ul', { class: 'nav-list' });
  shell.links = {};
  for (const it of navItems(u)) {
    const a = h('a', { href: it.href, class: 'nav-link' }, it.label);
    shell.links[it.route] = a;
    navList.appendChild(h('li', null, a));
  }
  const soonList = h('ul', { class: 'nav-list nav-soon',
    'aria-label': 'Prochainement' });
  if (can(u, 'person.read')) {
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

  // The account (who is logged in, the password, the logout) sits in the
  // top bar on a desktop and at the end of the menu on a phone, so a
  // 360 px screen keeps one header row (the brand and « Urgence »). One
  // node, moved by placeAccount(): never two « Se déconnecter ».
  const items = headerItems(u);
  const account = h('div', { class: 'account' },
    h('p', { class: 'user-id' },
      h('span', { class: 'user-name' }, u.display_name),
      h('span', { class: 'user-role' }, u.role_label || u.role)),
    h('div', { class: 'account-actions' },
      items.filter((it) => it.account)
        .map((it) => h('a', { href: it.href, class: 'btn btn-header' }, it.label)),
      logoutBtn));
  const topUser = h('div', { class: 'topbar-user' },
    items.filter((it) => !it.account)
      .map((it) => h('a', { href: it.href, class: 'btn btn-header' }, it.label)));

  const header = h('header', { class: 'topbar' },
    h('div', { class: 'topbar-brand' },
      h('img', { src: 'favicon.svg', alt: '', width: '32', height: '32' }),
      h('div', null,
        h('p', { class: 'brand-name' }, 'Maillage'),
        h('p', { class: 'brand-crt' }, (u.crt && u.crt.name) || ''))),
    topUser);

  const main = h('main', { id: 'contenu', class: 'content', tabindex: '-1' });
  const app = root();
  clear(app);
  app.appendChild(header);
  app.appendChild(h('div', { class: 'layout' }, nav, main));
  shell.main = main;
  shell.toggle = toggle;
  shell.nav = nav;
  shell.account = { node: account, top: topUser, menu: lists };
  placeAccount();
  setNavOpen(false);
}

const PHONE = window.matchMedia('(max-width: 760px)');

function placeAccount() {
  const a = shell.account;
  if (!a) return;
  const where = PHONE.matches ? a.menu : a.top;
  if (a.node.parentNode !== where) where.appendChild(a.node);
  a.node.classList.toggle('in-menu', PHONE.matches);
}
PHONE.addEventListener('change', placeAccount);

function setNavOpen(open) {
  state.navOpen = open;
  if (!shell.toggle) return;
  shell.toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  shell.nav.classList.toggle('is-open', open);
}

window.addEventListener('hashchange', () => {
  const hash = location.hash || '';
  // In-page anchors (the skip link) are not routes.
  if (hash && !hash.startsWith('#/')) return;
  const pub = publicPage();
  if (pub) showPublic(pub);
  else if (state.user) render();
});

document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape' && state.navOpen) {
    setNavOpen(false);
    if (shell.toggle) shell.toggle.focus();
  }
});

// A request cancelled by leaving its page is not an error: pages that do
// not catch it would otherwise report an unhandled rejection.
window.addEventListener('unhandledrejection', (ev) => {
  if (isAbort(ev.reason)) ev.preventDefault();
});

onSessionLost((message) => {
  showLogin(message || 'Votre session a expiré, veuillez vous reconnecter.');
});

// Called once by app.js, after every section registered.
async function boot() {
  // A page open to everyone (an invitation link): no session asked.
  const pub = publicPage();
  if (pub) {
    dropEarly();
    showPublic(pub);
    return;
  }
  preloadRoute();
  try {
    // Asked by web/early.js with the labels and the record, before the
    // modules loaded (issue 10 §12); asked here if it did not run.
    const data = await (takeEarly('/api/v1/session') || api('GET', '/api/v1/session'));
    await startSession(data);
  } catch (e) {
    // No cookie: just the login page. A cookie the server no longer knows
    // (idle or past its lifetime): its « Votre session a expiré ».
    showLogin(e.status === 401 && !/expiré/.test(e.message) ? '' : e.message);
  }
}

export { boot };
