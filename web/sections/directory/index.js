// Maillage — the directory section: the partner organisations, their
// professionals and conventions (#/partenaires, #/partenaires/3).
//
// Registers with core only; app.js imports it. The pages are in
// partners.js, loaded with import() the first time one is opened
// (issue 10 §12).

import { can } from '../../core/perm.js';
import { lazyPage, registerSection } from '../../core/router.js';

const partners = () => import('./partners.js');

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
    partenaires: lazyPage(partners, (m, ctx, r) => m.pagePartenaires(ctx, r.params)),
    partenaire: lazyPage(partners, (m, ctx, r) => m.pagePartenaire(ctx, r.id)),
  },
});
