// Maillage — the coordination section (issue 11): the planning of the
// visits at home of everyone around a person (CRT staff and partners),
// their marking (done, not done, moved) and the printed round; the
// liaison notebook (issue 12, notes.js).
//
// Registers with core only; app.js imports it. The pages live in
// planning.js, loaded with import() the first time one of its routes is
// opened; the « Planning » part of a person's record too.

import { can } from '../../core/perm.js';
import { registerDluPart, registerRecordPart } from '../../core/record.js';
import { lazyPages, registerSection } from '../../core/router.js';
import { h } from '../../core/dom.js';
import { state } from '../../core/session.js';
import { lazyFill, placeholderSection } from '../../core/widgets.js';

const planning = () => import('./planning.js');
const notes = () => import('./notes.js');
const messages = () => import('./messages.js');

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
    // The link of a person's QR code, opened by the phone's camera.
    const m = /^\/pointage\/([A-Za-z0-9_-]{8,64})$/.exec(path);
    if (m) return { name: 'pointage', nav: 'planning', token: m[1] };
    return null;
  },
  pages: lazyPages(planning, (m) => m.planningPages,
    ['planning', 'visite-nouvelle', 'tournee', 'pointage']),
});

// #/alertes (?etat=&type=&moi=1): the alerts, opened from the home
// page's counts (issue 12).
const alerts = () => import('./alerts.js');
registerSection({
  order: 16,
  nav: () => [],
  route: (path) => (path === '/alertes' ? { name: 'alertes', nav: 'accueil' } : null),
  pages: lazyPages(alerts, (m) => m.alertPages, ['alertes']),
});

// The person's week of visits, after the identity (removed on a 403).
registerRecordPart({
  id: 'planning',
  order: 25,
  load: planning,
  // This week's visits come with the record (issue 10 §12).
  include: (user) => (user && can(user, 'visit.read') ? ['visits'] : []),
  render(p, access, ctx) {
    const section = placeholderSection('planning', 'Planning de la semaine', 'data-planning');
    lazyFill(planning, (m, ...a) => m.loadPersonWeek(...a))(ctx, p, section);
    return section;
  },
});

// Issue 12: the liaison notebook — « Non lues » (#/notes) for those who
// read notes, and the « Carnet de liaison » part of the record, asked
// with the record (include=notes).
registerSection({
  order: 16,
  nav: (user) => (can(user, 'note.read')
    ? [{ href: '#/notes', route: 'notes', label: 'Non lues' }] : []),
  route: (path) => (path === '/notes' ? { name: 'notes', nav: 'notes' } : null),
  pages: lazyPages(notes, (m) => m.notesPages, ['notes']),
});

registerRecordPart({
  id: 'notes',
  order: 26,
  load: notes,
  include: (user) => (can(user, 'note.read') ? ['notes'] : []),
  render(p, access, ctx) {
    if (!can(state.user, 'note.read')) return null;
    const section = placeholderSection('carnet', 'Carnet de liaison', 'data-notes');
    lazyFill(notes, (m, ...a) => {
      m.loadNotesPart(...a);
      m.liveNotesPart(...a);	// issue 12: drawn again on its events
    })(ctx, p, section);
    return section;
  },
});

// Issue 12: « Messages », direct messages within the team (#/messages
// ?avec=U), for those who see the team's list.
registerSection({
  order: 16,
  nav: (user) => (can(user, 'team.read')
    ? [{ href: '#/messages', route: 'messages', label: 'Messages' }] : []),
  route: (path) => (path === '/messages' ? { name: 'messages', nav: 'messages' } : null),
  pages: lazyPages(messages, (m) => m.messagesPages, ['messages']),
});

// Issue 12 review: the person's alerts, and « Signaler une alerte »
// (removed on a 403).
registerRecordPart({
  id: 'alertes',
  order: 25,
  load: alerts,
  render(p, access, ctx) {
    if (!can(state.user, 'alert.read')) return null;
    const section = placeholderSection('alertes-personne', 'Alertes', 'data-person-alerts');
    lazyFill(alerts, (m, ...a) => {
      m.loadAlertsPart(...a);
      m.liveAlertsPart(...a);
    })(ctx, p, section);
    return section;
  },
});

// The person's conversation (her circle; removed on a 403).
registerRecordPart({
  id: 'conversation',
  order: 27,
  load: messages,
  render(p, access, ctx) {
    const section = placeholderSection('conversation', 'Conversation', 'data-conversation');
    lazyFill(messages, (m, ...a) => m.loadConversation(...a))(ctx, p, section);
    return section;
  },
});

// The QR code of the visits' pointage, on the printed DLU (for those who
// plan visits: the server creates the code on first use).
registerDluPart({
  id: 'visit-qr',
  render(personId, ctx) {
    if (!can(state.user, 'visit.plan')) return null;
    const box = h('section', { class: 'dlu-block dlu-qr', 'aria-labelledby': 'dlu-qr-titre' },
      h('h2', { id: 'dlu-qr-titre' }, 'Pointage des visites'));
    planning().then((m) => m.fillVisitQr(ctx, personId, box), () => box.remove());
    return box;
  },
});
