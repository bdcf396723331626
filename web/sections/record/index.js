// Maillage — the record section: the persons, their record and its pages
// (search, creation, the record, DLU, AGGIR) and the record's own parts
// loaded after it (DLU status, profile, caregivers, documents).
//
// Registers with core only (router, record parts); app.js imports it.

import { can } from '../../core/perm.js';
import { registerRecordPart } from '../../core/record.js';
import { registerSection } from '../../core/router.js';
import { placeholderSection } from '../../core/widgets.js';
import { pageAggir } from './aggir.js';
import { loadDluStatus, pageDlu, pageDluEdit, pageDluMissing } from './dlu.js';
import { loadDocuments } from './documents.js';
import { pageNouvellePersonne, pagePersonnes } from './persons.js';
import { loadCaregivers, loadProfile } from './profile.js';
import { pagePersonne } from './record.js';

// #/personnes, #/personnes/nouvelle, #/personnes/12, #/personnes/12/aggir,
// #/personnes/12/dlu, #/personnes/12/dlu/modifier.
function route(path) {
  const r = (name, id) => ({ name, id, nav: 'personnes' });
  let m;
  if (path === '/personnes') return r('personnes');
  if (path === '/personnes/nouvelle') return r('nouvelle');
  if ((m = /^\/personnes\/(\d{1,15})$/.exec(path))) return r('personne', Number(m[1]));
  if ((m = /^\/personnes\/(\d{1,15})\/aggir$/.exec(path))) return r('aggir', Number(m[1]));
  if ((m = /^\/personnes\/(\d{1,15})\/dlu$/.exec(path))) return r('dlu', Number(m[1]));
  if ((m = /^\/personnes\/(\d{1,15})\/dlu\/modifier$/.exec(path))) {
    return r('dlu-modifier', Number(m[1]));
  }
  if (path === '/dlu-a-remplir') return { name: 'dlu-a-remplir', nav: 'dlu-a-remplir' };
  return null;
}

registerSection({
  order: 20,
  nav: (user) => [
    ...(can(user, 'person.read')
      ? [{ href: '#/personnes', route: 'personnes', label: 'Personnes' }] : []),
    // Issue 10 point 6: the active supports still without a DLU.
    ...(can(user, 'support.read')
      ? [{ href: '#/dlu-a-remplir', route: 'dlu-a-remplir', label: 'DLU à remplir' }] : []),
  ],
  route,
  pages: {
    personnes: (ctx, r) => pagePersonnes(ctx, r.params),
    nouvelle: (ctx, r) => pageNouvellePersonne(ctx, r.params),
    personne: (ctx, r) => pagePersonne(ctx, r.id),
    aggir: (ctx, r) => pageAggir(ctx, r.id),
    dlu: (ctx, r) => pageDlu(ctx, r.id),
    'dlu-modifier': (ctx, r) => pageDluEdit(ctx, r.id),
    'dlu-a-remplir': (ctx) => pageDluMissing(ctx),
  },
});

// A part shown while it loads, filled (or removed on a 403) by `load`.
function loadedPart(idBase, title, attr, load, p, ctx) {
  const section = placeholderSection(idBase, title, attr);
  load(ctx, p, section);
  return section;
}

const reads = (access, cat) => (access.read || []).includes(cat);

// The DLU first, right after the access banner: what an emergency needs
// (soins data).
registerRecordPart({
  id: 'dlu',
  order: 20,
  emergency: true,
  render(p, access, ctx) {
    if (!reads(access, 'soins')) return null;
    const s = loadedPart('dlu', 'Dossier de liaison d\'urgence (DLU)', 'data-dlu-status',
      loadDluStatus, p, ctx);
    s.classList.add('dlu-status');
    return s;
  },
});

// Usual professionals, consent, social situation; the caregivers.
registerRecordPart({
  id: 'profile',
  order: 70,
  render(p, access, ctx) {
    if (!reads(access, 'admin')) return null;
    return loadedPart('profil', reads(access, 'social')
      ? 'Professionnels, consentement et situation sociale'
      : 'Professionnels et consentement', 'data-profile', loadProfile, p, ctx);
  },
});

registerRecordPart({
  id: 'caregivers',
  order: 80,
  render(p, access, ctx) {
    if (!reads(access, 'social')) return null;
    return loadedPart('aidants', 'Aidants', 'data-caregivers', loadCaregivers, p, ctx);
  },
});

// Documents of the categories the user may read.
registerRecordPart({
  id: 'documents',
  order: 100,
  render: (p, access, ctx) => loadedPart('documents', 'Documents', 'data-documents',
    loadDocuments, p, ctx),
});
