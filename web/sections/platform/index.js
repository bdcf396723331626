// Maillage — the platform section: the home page and its notices, the
// accounts (administration, validation of account requests), the
// morning report of emergency accesses, a record's access history
// (with its link on the record) and « Changer mon mot de passe ».
//
// Registers with core only; app.js imports it.

import { can } from '../../core/perm.js';
import { registerRecordPart } from '../../core/record.js';
import { registerSection } from '../../core/router.js';
import { accesses, accessesLink } from './accesses.js';
import { pageComptes } from './accounts.js';
import { pageAdmin } from './admin.js';
import { breakglass } from './breakglass.js';
import { pageAccueil } from './home.js';
import { password } from './password.js';

const one = (name, label, permission) => ({
  nav: (user) => (!permission || can(user, permission)
    ? [{ href: `#/${name}`, route: name, label }] : []),
  route: (path) => (path === `/${name}` ? { name, nav: name } : null),
});

registerSection({ order: 0, ...one('accueil', 'Accueil'),
  pages: { accueil: (ctx) => pageAccueil(ctx) } });
registerSection({ order: 50, ...accesses });
registerSection({ order: 55, ...breakglass });
registerSection({ order: 80, ...one('admin', 'Administration', 'users.manage'),
  pages: { admin: (ctx) => pageAdmin(ctx) } });
registerSection({ order: 90, ...one('comptes', 'Validation des comptes', 'accounts.approve'),
  pages: { comptes: (ctx) => pageComptes(ctx) } });
// « Changer mon mot de passe »: a header link, forced after a one-time
// password.
registerSection({ order: 95, ...password });

// Who accessed this record (direction, coordination), under the banner.
registerRecordPart({ id: 'accesses', order: 15, render: (p) => accessesLink(p.id) });
