// Maillage — the coordination section (issue 11): the planning of the
// visits at home of everyone around a person (CRT staff and partners),
// their marking (done, not done, moved) and the printed round.
//
// Registers with core only; app.js imports it. The pages live in
// planning.js, loaded with import() the first time one of its routes is
// opened; the « Planning » part of a person's record too.

import { can } from '../../core/perm.js';
import { registerRecordPart } from '../../core/record.js';
import { lazyPages, registerSection } from '../../core/router.js';
import { lazyFill, placeholderSection } from '../../core/widgets.js';

const planning = () => import('./planning.js');

// #/planning (?jour=YYYY-MM-DD&vue=jour|semaine&qui=U|org=O|tous=1),
// #/planning/nouvelle (?personne=ID), #/planning/tournee (?jour=&qui=).
registerSection({
  order: 15,
  nav: (user) => (can(user, 'visit.read')
    ? [{ href: '#/planning', route: 'planning', label: 'Planning' }] : []),
  route(path) {
    if (path === '/planning') return { name: 'planning', nav: 'planning' };
    if (path === '/planning/nouvelle') return { name: 'visite-nouvelle', nav: 'planning' };
    if (path === '/planning/tournee') return { name: 'tournee', nav: 'planning' };
    return null;
  },
  pages: lazyPages(planning, (m) => m.planningPages, ['planning', 'visite-nouvelle', 'tournee']),
});

// The person's week of visits, after the identity (removed on a 403).
registerRecordPart({
  id: 'planning',
  order: 25,
  load: planning,
  render(p, access, ctx) {
    const section = placeholderSection('planning', 'Planning de la semaine', 'data-planning');
    lazyFill(planning, (m, ...a) => m.loadPersonWeek(...a))(ctx, p, section);
    return section;
  },
});
