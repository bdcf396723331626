// Maillage — the volet 2 section: referrals, eligibility, the waiting
// list and admission evaluations (intake.js); committees, supports, the
// plan, the board and the file active (support.js); and the « Parcours
// volet 2 » part of a person's record.
//
// Registers with core only; app.js imports it. This file is the section's
// registration (navigation, routes, the record part): the pages are in
// intake.js and support.js, loaded with import() the first time one of
// their routes is opened (issue 10 §12).

import { can } from '../../core/perm.js';
import { liveRefresh } from '../../core/live.js';
import { registerRecordPart } from '../../core/record.js';
import { lazyPages, registerSection } from '../../core/router.js';
import { lazyFill, placeholderSection } from '../../core/widgets.js';

const intake = () => import('./intake.js');
const support = () => import('./support.js');
const parcours = () => import('./parcours.js');

// Referrals and the waiting list.
registerSection({
  order: 30,
  nav(user) {
    const items = [];
    if (can(user, 'referral.read')) {
      items.push({ href: '#/demandes', route: 'demandes', label: 'Demandes' });
    }
    if (can(user, 'waitlist.read')) {
      items.push({ href: '#/liste-attente', route: 'liste-attente', label: 'Liste d\'attente' });
    }
    return items;
  },
  // path (without '#' and query) → {name, id, nav} or null.
  route(path) {
    let m;
    if (path === '/demandes') return { name: 'demandes', nav: 'demandes' };
    if (path === '/demandes/nouvelle') return { name: 'demande-nouvelle', nav: 'demandes' };
    if ((m = /^\/demandes\/(\d{1,15})$/.exec(path))) {
      return { name: 'demande', id: Number(m[1]), nav: 'demandes' };
    }
    if (path === '/liste-attente') return { name: 'liste-attente', nav: 'liste-attente' };
    return null;
  },
  pages: lazyPages(intake, (m) => m.intakePages,
    ['demandes', 'demande-nouvelle', 'demande', 'liste-attente']),
});

// #/lits: the emergency temporary beds (issue 13), for the coordination,
// the direction and the care team on duty.
const beds = () => import('./beds.js');
registerSection({
  order: 45,
  nav: (user) => (can(user, 'bed.read')
    ? [{ href: '#/lits', route: 'lits', label: 'Lits d\'urgence' }] : []),
  route: (path) => (path === '/lits' ? { name: 'lits', nav: 'lits' } : null),
  pages: lazyPages(beds, (m) => m.bedPages, ['lits']),
});

// #/suivi, #/comites, #/comites/12, #/file-active, #/accompagnements/7
// (?version=N), #/accompagnements/7/plan/modifier,
// #/accompagnements/7/plan/imprimer (?version=N). null: not ours.
function supportRoute(path) {
  const r = (name, nav, id) => ({ name, nav, id });
  let m;
  if (path === '/suivi') return r('suivi', 'suivi');
  if (path === '/comites') return r('comites', 'comites');
  if ((m = /^\/comites\/(\d{1,15})$/.exec(path))) return r('comite', 'comites', Number(m[1]));
  if (path === '/file-active') return r('file-active', 'file-active');
  if ((m = /^\/accompagnements\/(\d{1,15})$/.exec(path))) {
    return r('accompagnement', 'file-active', Number(m[1]));
  }
  if ((m = /^\/accompagnements\/(\d{1,15})\/plan\/modifier$/.exec(path))) {
    return r('plan-modifier', 'file-active', Number(m[1]));
  }
  if ((m = /^\/accompagnements\/(\d{1,15})\/plan\/imprimer$/.exec(path))) {
    return r('plan-imprimer', 'file-active', Number(m[1]));
  }
  return null;
}

// Committees, supports, the board and the file active, for the roles
// their routes accept.
registerSection({
  order: 40,
  nav(user) {
    if (!can(user, 'support.read')) return [];
    return [
      { href: '#/suivi', route: 'suivi', label: 'Suivi volet 2' },
      { href: '#/comites', route: 'comites', label: 'Comités' },
      { href: '#/file-active', route: 'file-active', label: 'File active' },
    ];
  },
  route: supportRoute,
  pages: lazyPages(support, (m) => m.supportPages, ['suivi', 'comites', 'comite', 'file-active',
    'accompagnement', 'plan-modifier', 'plan-imprimer']),
});

// The DAC's own work (issue 10 §7): the referrals oriented to it.
registerSection({
  order: 35,
  nav: (user) => (can(user, 'dac.referrals')
    ? [{ href: '#/orientations-dac', route: 'orientations-dac', label: 'Orientations reçues' }]
    : []),
  route: (path) => (path === '/orientations-dac'
    ? { name: 'orientations-dac', nav: 'orientations-dac' } : null),
  pages: lazyPages(() => import('./dac.js'), (m) => m.dacPages, ['orientations-dac']),
});

// The plan's action templates and the contract (issue 10 §10).
registerSection({
  order: 45,
  nav: (user) => (can(user, 'crt.settings')
    ? [{ href: '#/modeles-actions', route: 'modeles-actions',
      label: 'Modèles du plan et du contrat' }] : []),
  route(path) {
    if (path === '/modeles-actions') return { name: 'modeles-actions', nav: 'modeles-actions' };
    const m = /^\/accompagnements\/(\d{1,15})\/contrat$/.exec(path);
    return m ? { name: 'contrat', nav: 'file-active', id: Number(m[1]) } : null;
  },
  pages: lazyPages(() => import('./plantpl.js'), (m) => m.planTplPages,
    ['modeles-actions', 'contrat']),
});

// Timeline and supports, after the autonomy (removed on a 403).
registerRecordPart({
  id: 'parcours',
  order: 60,
  load: parcours,
  // The referrals are used only by the roles that read them (the server
  // refuses them to the others, as GET /referrals does).
  include: () => ['referrals', 'supports', 'timeline'],
  render(p, access, ctx) {
    const section = placeholderSection('parcours', 'Parcours volet 2', 'data-parcours');
    const fill = lazyFill(parcours, (m, ...a) => m.loadParcours(...a));
    fill(ctx, p, section);
    // Issue 12 review: the person's referrals, committee cases and
    // supports follow their changes made elsewhere (core/live.js).
    liveRefresh(ctx, { types: ['referral.changed', 'committee.changed', 'support.changed'],
      person: p.id }, section, () => {
      if (ctx.parts) ctx.parts.clear();
      fill(ctx, p, section);
    });
    return section;
  },
});
