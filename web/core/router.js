// Maillage web core — hash routing and the page life cycle.
//
// Owns: the list of registered sections (registerSection), the route of
// location.hash, the « current page » of the navigation, and the context
// each page function gets: ctx = {main, signal, alive()}. Each render
// aborts the previous page's AbortController, so its pending api() calls
// (given ctx.signal) stop and a stale answer never paints a page the user
// has left; ctx.alive() says the same for code between two awaits.
// Must not: know any section. Sections register {order, nav(user),
// route(path), pages} from their index.js; app.js imports those.
// A section's index.js is its small registration: its pages live in
// modules loaded with import() when one of its routes is opened
// (lazyPage), so a role downloads only the sections it opens (issue 10
// §12).

import { append, h, clear } from './dom.js';
import { state } from './session.js';

// The DOM handles of the shell (core/shell.js builds them).
const shell = {};
const sections = [];
let controller = null;

// section: {order, nav(user) → [{href, route, label}], route(path) →
// {name, nav, id?} | null, pages: {name: (ctx, route) → void}}, and
// optionally header(user) → [{href, label}] (links in the top bar) and
// gate(user) → the name of one of its pages to show instead of any other
// (a one-time password to replace first), or null, and publicPage(path)
// → show(main, done) for a page opened signed out (an invitation link). The navigation lists
// the sections by order; the first route that matches wins (registration
// order).
function registerSection(section) {
  sections.push(section);
}

// A page shown without a session (an invitation link): the first section
// whose publicPage(path) answers gives show(main, done), done(session
// reply) starting the session; null when location.hash is no such page.
function publicPage() {
  const path = (location.hash || '').replace(/^#/, '').split('?')[0];
  for (const s of sections) {
    const show = s.publicPage && s.publicPage(path);
    if (show) return show;
  }
  return null;
}

function navItems(user) {
  return [...sections].sort((a, b) => a.order - b.order)
    .flatMap((s) => (s.nav ? s.nav(user) : []));
}

function headerItems(user) {
  return [...sections].sort((a, b) => a.order - b.order)
    .flatMap((s) => (s.header ? s.header(user) : []));
}

function parseRoute() {
  const hash = location.hash || '';
  const [path, query] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query || '');
  for (const section of sections) {
    const r = section.route(path);
    if (r) return { ...r, section, known: true, params };
  }
  if (path === '' || path === '/') return { name: 'accueil', known: false, params };
  return { name: 'inconnu', known: true, params };
}

// The page being left stops here: its requests are aborted.
function leavePage() {
  if (controller) controller.abort();
  controller = null;
}

function render() {
  if (!state.user || !shell.main) return;
  const route = parseRoute();
  const seq = ++state.renderSeq;
  leavePage();
  controller = new AbortController();
  const signal = controller.signal;
  const active = route.nav || route.name;
  for (const [name, a] of Object.entries(shell.links)) {
    if (name === active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const main = shell.main;
  clear(main);
  const ctx = { seq, main, signal, alive: () => seq === state.renderSeq && !signal.aborted };
  const gate = sections.find((s) => s.gate && s.gate(state.user));
  const page = gate ? gate.pages[gate.gate(state.user)]
    : route.section && route.section.pages[route.name];
  if (page) {
    page(ctx, route);
  } else if (!route.known) {
    const home = sections.find((s) => s.pages.accueil);
    if (home) home.pages.accueil(ctx, route);
  } else {
    pageMessage(ctx, 'Page introuvable',
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

// A page whose module is loaded on first use: load() is the section's
// `() => import('./x.js')` (the browser fetches it once), show(module,
// ctx, route) paints the page, only if the user is still on it. A module
// that cannot be fetched (no network) says so.
// The page keeps its loader (page.preload) for preloadRoute().
function lazyPage(load, show) {
  const page = (ctx, route) => load().then((m) => {
    if (ctx.alive()) show(m, ctx, route);
  }, () => {
    if (ctx.alive()) {
      pageMessage(ctx, 'Page indisponible', 'Cette page n\'a pas pu être chargée : '
        + 'vérifiez la connexion puis réessayez.');
    }
  });
  page.preload = load;
  return page;
}

// Starts loading the code of the page of location.hash, without showing
// it: the boot calls it before asking for the session, so the page's
// modules come while the session and /api/v1/meta are on their way.
function preloadRoute() {
  const r = parseRoute();
  const page = r.section && r.section.pages[r.name];
  if (page && page.preload) page.preload().catch(() => null);
}

// The pages `names` of a section, each lazyPage(load, …) running the
// page of that name in pagesOf(module): one module holds several pages.
function lazyPages(load, pagesOf, names) {
  return Object.fromEntries(names.map((name) => [name,
    lazyPage(load, (m, ctx, r) => pagesOf(m)[name](ctx, r))]));
}

function pageMessage(ctx, title, text) {
  append(ctx.main, [h('h1', null, title), h('p', { class: 'notice' }, text),
    h('p', null, h('a', { href: '#/accueil' }, 'Retour à l\'accueil'))]);
  focusTitle(ctx.main, title);
}

export {
  focusTitle, headerItems, lazyPage, lazyPages, leavePage, navItems, pageMessage, parseRoute,
  preloadRoute, publicPage, registerSection, render, shell,
};
