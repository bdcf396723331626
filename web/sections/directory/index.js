// Maillage — the directory section: the partner organisations, their
// professionals and conventions (#/partenaires, #/partenaires/3).
//
// Registers with core only; app.js imports it.

import { can } from '../../core/perm.js';
import { registerSection } from '../../core/router.js';
import { pagePartenaire, pagePartenaires } from './partners.js';

registerSection({
  order: 60,
  nav: (user) => (can(user, 'directory.read')
    ? [{ href: '#/partenaires', route: 'partenaires', label: 'Partenaires' }] : []),
  route(path) {
    if (path === '/partenaires') return { name: 'partenaires', nav: 'partenaires' };
    const m = /^\/partenaires\/(\d{1,15})$/.exec(path);
    return m ? { name: 'partenaire', id: Number(m[1]), nav: 'partenaires' } : null;
  },
  pages: {
    partenaires: (ctx, r) => pagePartenaires(ctx, r.params),
    partenaire: (ctx, r) => pagePartenaire(ctx, r.id),
  },
});
