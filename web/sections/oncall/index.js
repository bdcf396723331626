// Maillage — the on-call section (issue 13): the telealarm calls on the
// on-call person's phone (#/astreinte/appels, one call
// #/astreinte/appels/ID) and their monthly statistics.
//
// Registers with core only; app.js imports it. The pages live in
// calls.js, loaded with import() the first time one of its routes opens.

import { can } from '../../core/perm.js';
import { lazyPages, registerSection } from '../../core/router.js';

const calls = () => import('./calls.js');

registerSection({
  order: 17,
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
