// Maillage — the on-call section (issue 13): #/astreinte, « Qui est
// d'astreinte maintenant » and one's own shifts for the care team, and for
// the coordination the roster itself (layers, rotations, overrides,
// phones, the weeks ahead with their gaps in red, publication); the
// telealarm calls on the on-call person's phone (#/astreinte/appels, one
// call #/astreinte/appels/ID) and their monthly statistics.
//
// Registers with core only; app.js imports it. Its record part
// « Téléassistance » (the person's subscriber references, for the
// coordination: subscribers.js) follows the parcours volet 2. The pages
// live in roster.js and calls.js, loaded with import() the first time one of
// their routes is opened.

import { h } from '../../core/dom.js';
import { can } from '../../core/perm.js';
import { registerRecordPart } from '../../core/record.js';
import { state } from '../../core/session.js';
import { lazyPages, registerSection } from '../../core/router.js';
import { lazyFill, placeholderSection } from '../../core/widgets.js';

const roster = () => import('./roster.js');
const calls = () => import('./calls.js');

registerSection({
  order: 17,
  nav: (user) => (can(user, 'oncall.read')
    ? [{ href: '#/astreinte', route: 'astreinte', label: 'Astreinte' }] : []),
  route: (path) => (path === '/astreinte' ? { name: 'astreinte', nav: 'astreinte' } : null),
  pages: lazyPages(roster, (m) => m.rosterPages, ['astreinte']),
});

// The CRT's telealarm operators and escalation delay (issue 13 §2):
// #/astreinte/teleassistance, linked from the roster page.
registerSection({
  order: 19,
  route: (path) => (path === '/astreinte/teleassistance'
    ? { name: 'astreinte-teleassistance', nav: 'astreinte' } : null),
  pages: lazyPages(() => import('./operators.js'), (m) => m.operatorPages,
    ['astreinte-teleassistance']),
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

// The person's telealarm subscriber references (issue 13 §1), for the
// roles that set them (alarm.operators: the coordination, the direction).
// Asked on demand (« Voir les références »): the record stays one
// request (issue 10 §12), and a reading of them is traced only when
// someone looks.
const subscribers = () => import('./subscribers.js');
registerRecordPart({
  id: 'teleassistance',
  order: 65,
  render(p, access, ctx) {
    if (!state.user || !can(state.user, 'alarm.operators')) return null;
    const section = placeholderSection('teleassistance', 'Téléassistance', 'data-alarm-subscribers');
    const body = section.querySelector('.part-body');
    const show = h('button', { type: 'button', class: 'btn', 'data-action': 'show-subscribers' },
      'Voir les références de téléassistance');
    body.replaceChildren(h('p', { class: 'hint' }, 'Références de la personne chez les opérateurs '
      + 'de téléassistance, qui rattachent leurs appels à son dossier.'), show);
    show.addEventListener('click', () => {
      body.replaceChildren(h('p', { class: 'muted' }, 'Chargement…'));
      lazyFill(subscribers, (m, ...a) => m.loadSubscribers(...a))(ctx, p, section);
    });
    return section;
  },
});
