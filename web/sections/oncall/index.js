// Maillage — the on-call section (issue 13): #/astreinte, « Qui est
// d'astreinte maintenant » and one's own shifts for the care team, and for
// the coordination the roster itself (layers, rotations, overrides,
// phones, the weeks ahead with their gaps in red, publication).
//
// Registers with core only; app.js imports it. The page lives in
// roster.js, loaded with import() the first time it is opened.

import { can } from '../../core/perm.js';
import { lazyPages, registerSection } from '../../core/router.js';

const roster = () => import('./roster.js');

registerSection({
  order: 17,
  nav: (user) => (can(user, 'oncall.read')
    ? [{ href: '#/astreinte', route: 'astreinte', label: 'Astreinte' }] : []),
  route: (path) => (path === '/astreinte' ? { name: 'astreinte', nav: 'astreinte' } : null),
  pages: lazyPages(roster, (m) => m.rosterPages, ['astreinte']),
});
