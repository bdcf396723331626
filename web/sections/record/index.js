// Maillage — the record section: the persons, their record and its pages
// (search, creation, the record, DLU, AGGIR) and the record's own parts
// loaded after it (DLU status, profile, caregivers, documents).
//
// Registers with core only (router, record parts); app.js imports it.
// This file is the section's registration: its pages and parts are in
// modules loaded with import() the first time one is shown (issue 10 §12).

import { liveRefresh } from '../../core/live.js';
import { can } from '../../core/perm.js';
import { prefetchRecordParts, registerRecordPart } from '../../core/record.js';
import { lazyPage, registerSection } from '../../core/router.js';
import { lazyFill, placeholderSection } from '../../core/widgets.js';

const persons = () => import('./persons.js');
const record = () => import('./record.js');
const aggir = () => import('./aggir.js');
const dlu = () => import('./dlu.js');
const profile = () => import('./profile.js');
const documents = () => import('./documents.js');
const codes = () => import('./codes.js');
const edit = () => import('./edit.js');

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
    personnes: lazyPage(persons, (m, ctx, r) => m.pagePersonnes(ctx, r.params)),
    nouvelle: lazyPage(persons, (m, ctx, r) => m.pageNouvellePersonne(ctx, r.params)),
    // The record's parts come in parallel with the record page's module.
    // (At boot, web/early.js has asked the record already.)
    personne: lazyPage(() => {
      prefetchRecordParts();
      codes().catch(() => null);	// record.js's imports, fetched at once
      edit().catch(() => null);
      return record();
    }, (m, ctx, r) => m.pagePersonne(ctx, r.id)),
    aggir: lazyPage(aggir, (m, ctx, r) => m.pageAggir(ctx, r.id, r.params)),
    dlu: lazyPage(dlu, (m, ctx, r) => m.pageDlu(ctx, r.id)),
    'dlu-modifier': lazyPage(dlu, (m, ctx, r) => m.pageDluEdit(ctx, r.id)),
    'dlu-a-remplir': lazyPage(dlu, (m, ctx) => m.pageDluMissing(ctx)),
  },
});

// A part shown while it loads, filled (or removed on a 403) by `load`.
function loadedPart(idBase, title, attr, load, p, ctx, events) {
  const section = placeholderSection(idBase, title, attr);
  load(ctx, p, section);
  // Issue 12: the part is drawn again, alone, when it changes elsewhere
  // (core/live.js: not while in use). Its answer is then asked again,
  // not taken from the record's first reply.
  if (events) {
    liveRefresh(ctx, { types: events, person: p.id }, section, () => {
      if (ctx.parts) ctx.parts.clear();
      load(ctx, p, section);
    });
  }
  return section;
}

const reads = (access, cat) => (access.read || []).includes(cat);

// The DLU first, right after the access banner: what an emergency needs
// (soins data).
registerRecordPart({
  id: 'dlu',
  order: 20,
  emergency: true,
  load: dlu,
  include: () => ['dlu'],
  render(p, access, ctx) {
    if (!reads(access, 'soins')) return null;
    const s = loadedPart('dlu', 'Dossier de liaison d\'urgence (DLU)', 'data-dlu-status',
      lazyFill(dlu, (m, ...a) => m.loadDluStatus(...a)), p, ctx, ['dlu.changed']);
    s.classList.add('dlu-status');
    return s;
  },
});

// Usual professionals, consent, social situation; the caregivers.
registerRecordPart({
  id: 'profile',
  order: 70,
  load: profile,
  include: () => ['profile'],
  render(p, access, ctx) {
    if (!reads(access, 'admin')) return null;
    return loadedPart('profil', reads(access, 'social')
      ? 'Professionnels, consentement et situation sociale'
      : 'Professionnels et consentement', 'data-profile',
      lazyFill(profile, (m, ...a) => m.loadProfile(...a)), p, ctx,
      ['profile.changed', 'consent.changed']);
  },
});

registerRecordPart({
  id: 'caregivers',
  order: 80,
  load: profile,
  include: () => ['caregivers'],
  render(p, access, ctx) {
    if (!reads(access, 'social')) return null;
    return loadedPart('aidants', 'Aidants', 'data-caregivers',
      lazyFill(profile, (m, ...a) => m.loadCaregivers(...a)), p, ctx, ['caregiver.changed']);
  },
});

// Documents of the categories the user may read.
registerRecordPart({
  id: 'documents',
  order: 100,
  load: documents,
  include: () => ['documents'],
  render: (p, access, ctx) => loadedPart('documents', 'Documents', 'data-documents',
    lazyFill(documents, (m, ...a) => m.loadDocuments(...a)), p, ctx, ['document.changed']),
});
