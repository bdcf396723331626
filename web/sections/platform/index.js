// Maillage — the platform section: the home page and its notices, the
// accounts (administration, validation of account requests), the
// morning report of emergency accesses, a record's access history
// (with its link on the record) and « Changer mon mot de passe ».
//
// Registers with core only; app.js imports it. This file is the section's
// registration (navigation, routes, the header link, the gate, the
// record's link): each page is in its module, loaded with import() the
// first time it is opened (issue 10 §12).

import { h } from '../../core/dom.js';
import { can } from '../../core/perm.js';
import { registerRecordPart } from '../../core/record.js';
import { lazyPage, lazyPages, registerSection } from '../../core/router.js';
import { state } from '../../core/session.js';
import { lazyFill, placeholderSection } from '../../core/widgets.js';

const one = (name, label, permission) => ({
  nav: (user) => (!permission || can(user, permission)
    ? [{ href: `#/${name}`, route: name, label }] : []),
  route: (path) => (path === `/${name}` ? { name, nav: name } : null),
});

// A proche account (issue 11) has its planning for a home: no « Accueil ».
registerSection({ order: 0, ...one('accueil', 'Accueil'),
  nav: (user) => (can(user, 'proche.planning') ? []
    : [{ href: '#/accueil', route: 'accueil', label: 'Accueil' }]),
  pages: { accueil: lazyPage(() => import('./home.js'), (m, ctx) => m.pageAccueil(ctx)) } });

// Who accessed a record: #/personnes/12/acces (direction, coordination).
registerSection({
  order: 50,
  nav: () => [],
  route(path) {
    const m = /^\/personnes\/(\d{1,15})\/acces$/.exec(path);
    return m ? { name: 'acces', id: Number(m[1]), nav: 'personnes' } : null;
  },
  pages: lazyPages(() => import('./accesses.js'), (m) => m.accessesPages, ['acces']),
});

// The morning report of emergency accesses, and the emergency search
// (issue 10 §5): on-call roles reach it from the top bar too.
registerSection({
  order: 55,
  nav(user) {
    const out = [];
    if (can(user, 'person.breakglass')) {
      out.push({ href: '#/urgence', route: 'urgence', label: 'Recherche d\'urgence' });
    }
    if (can(user, 'breakglass.report')) {
      out.push({ href: '#/acces-urgence', route: 'acces-urgence', label: 'Accès d\'urgence' });
    }
    return out;
  },
  header: (user) => (can(user, 'person.breakglass')
    ? [{ href: '#/urgence', label: 'Urgence' }] : []),
  route(path) {
    if (path === '/acces-urgence') return { name: 'acces-urgence', nav: 'acces-urgence' };
    if (path === '/urgence') return { name: 'urgence', nav: 'urgence' };
    return null;
  },
  pages: lazyPages(() => import('./breakglass.js'), (m) => m.breakglassPages,
    ['acces-urgence', 'urgence']),
});
registerSection({ order: 80, ...one('admin', 'Administration', 'users.manage'),
  pages: { admin: lazyPage(() => import('./admin.js'), (m, ctx) => m.pageAdmin(ctx)) } });
registerSection({ order: 90, ...one('comptes', 'Validation des comptes', 'accounts.approve'),
  pages: { comptes: lazyPage(() => import('./accounts.js'), (m, ctx) => m.pageComptes(ctx)) } });

// « Changer mon mot de passe »: no navigation entry (an account link: in
// the top bar on a desktop, in the menu on a phone), its
// route, and the gate that shows the forced form instead of any page
// while the password is a one-time one.
registerSection({
  order: 95,
  header: () => [{ href: '#/mot-de-passe', label: 'Changer mon mot de passe', account: true }],
  gate: (user) => (user && user.must_change_password ? 'motDePasseForce' : null),
  route: (path) => (path === '/mot-de-passe' ? { name: 'motDePasse' } : null),
  pages: lazyPages(() => import('./password.js'), (m) => m.passwordPages,
    ['motDePasse', 'motDePasseForce']),
});

// Issue 11: a proche account sees its person's planning and nothing else:
// « Mon planning » is its home and its one page (its password change
// apart).
registerSection({
  order: 1,
  nav: (user) => (can(user, 'proche.planning')
    ? [{ href: '#/mon-planning', route: 'mon-planning', label: 'Mon planning' }] : []),
  gate: (user) => (can(user, 'proche.planning') && location.hash !== '#/mot-de-passe'
    ? 'monPlanning' : null),
  route: (path) => (path === '/mon-planning' ? { name: 'monPlanning', nav: 'mon-planning' } : null),
  pages: lazyPages(() => import('./proche.js'), (m) => m.procheePages, ['monPlanning']),
});

// Issue 11: the proche accounts — the invitation page, opened signed out
// (#/invitation/<token>: core/shell.js shows it instead of the login).
const proche = () => import('./proche.js');
registerSection({
  order: 96,
  route: () => null,
  pages: {},
  publicPage(path) {
    const m = /^\/invitation\/([A-Za-z0-9_-]{20,128})$/.exec(path);
    return m ? (main, done) => proche().then((mod) => mod.pageInvitation(main, m[1], done)) : null;
  },
});

// « Accès proche » on the record (the coordination): who may see the
// person's planning, the invitation links, the revocation.
registerRecordPart({
  id: 'proches',
  order: 85,
  load: proche,
  include: (user) => (user && can(user, 'proche.invite') ? ['proches'] : []),
  render(p, access, ctx) {
    if (!state.user || !can(state.user, 'proche.invite')) return null;
    const section = placeholderSection('proches', 'Accès proche (planning)', 'data-proches');
    lazyFill(proche, (m, ...a) => m.loadProches(...a))(ctx, p, section);
    return section;
  },
});

// Who accessed this record (direction, coordination), under the banner.
registerRecordPart({
  id: 'accesses',
  order: 15,
  render(p) {
    if (!state.user || !can(state.user, 'person.accesses')) return null;
    return h('p', { class: 'part-actions' }, h('a', { href: `#/personnes/${p.id}/acces` },
      'Historique des accès au dossier'));
  },
});
