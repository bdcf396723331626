// Maillage — the platform section: the home page and its notices, the
// accounts (administration, validation of account requests), the
// morning report of emergency accesses and a record's access history
// (with its link on the record).
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

const one = (name, label, permission) => ({
  nav: (user) => (!permission || can(user, permission)
    ? [{ href: `#/${name}`, route: name, label }] : []),
  route: (path) => (path === `/${name}` ? { name, nav: name } : null),
});

registerSection({ order: 0, ...one('accueil', 'Accueil'),
  pages: { accueil: (ctx) => pageAccueil(ctx) } });
registerSection({ order: 50, ...accesses });
registerSection({ order: 55, ...breakglass });
registerSection({ order: 80, ...one('admin', 'Administration', 'platform.admin'),
  pages: { admin: (ctx) => pageAdmin(ctx) } });
registerSection({ order: 90, ...one('comptes', 'Validation des comptes', 'account.validate'),
  pages: { comptes: (ctx) => pageComptes(ctx) } });

// Who accessed this record (direction, coordination), under the banner.
registerRecordPart({ id: 'accesses', order: 15, render: (p) => accessesLink(p.id) });
