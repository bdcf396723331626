// Maillage — the on-call section (issue 13): #/astreinte, « Qui est
// d'astreinte maintenant » and one's own shifts for the care team, and for
// the coordination the roster itself (layers, rotations, overrides,
// phones, the weeks ahead with their gaps in red, publication); the
// telealarm calls on the on-call person's phone (#/astreinte/appels, one
// call #/astreinte/appels/ID) and their monthly statistics.
//
// Registers with core only; app.js imports it. The pages live in
// roster.js and calls.js, loaded with import() the first time one of
// their routes is opened.

import { can } from '../../core/perm.js';
import { lazyPages, registerSection } from '../../core/router.js';

const roster = () => import('./roster.js');
const calls = () => import('./calls.js');

registerSection({
  order: 17,
  nav: (user) => (can(user, 'oncall.read')
    ? [{ href: '#/astreinte', route: 'astreinte', label: 'Astreinte' }] : []),
  route: (path) => (path === '/astreinte' ? { name: 'astreinte', nav: 'astreinte' } : null),
  pages: lazyPages(roster, (m) => m.rosterPages, ['astreinte']),
});

registerSection({
  order: 18,
  nav: (user) => (can(user, 'alarm.read')
    ? [{ href: '#/astreinte/appels', route: 'appels', label: 'Appels' }] : []),
  route(path) {
    if (path === '/astreinte/appels') return { name: 'appels', nav: 'appels' };
    if (path === '/astreinte/statistiques') return { name: 'appels-stats', nav: 'appels' };
    const m = /^\/astreinte\/appels\/(\d{1,15})$/.exec(path);
    if (m) return { name: 'appel', nav: 'appels', id: Number(m[1]) };
    return null;
  },
  pages: lazyPages(calls, (m) => m.callPages, ['appels', 'appel', 'appels-stats']),
});
