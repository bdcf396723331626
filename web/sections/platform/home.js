// Maillage — the home page (#/accueil): « Ma journée », what the user has
// to do today (GET /api/v1/home: per role, each item a count that opens
// its list), their notices (account requests, repeated login failures)
// and their profile.

import { api } from '../../core/api.js';
import { append, h } from '../../core/dom.js';
import { frDateTime, telLink } from '../../core/format.js';
import { liveRefresh } from '../../core/live.js';
import { focusTitle } from '../../core/router.js';
import { state } from '../../core/session.js';
import { can } from '../../core/perm.js';

const HOME_EVENTS = ['note.posted', 'note.read', 'note.acked', 'alert.changed', 'visit.changed',
  'visit.marked', 'referral.changed', 'committee.changed', 'support.changed', 'message.mention'];

function pageAccueil(ctx) {
  const u = state.user;
  const dl = h('dl', { class: 'facts' },
    h('div', null, h('dt', null, 'Rôle'), h('dd', null, u.role_label || u.role)),
    h('div', null, h('dt', null, 'Profession'),
      h('dd', null, u.profession_label || u.profession)),
    h('div', null, h('dt', null, 'Structure'),
      h('dd', null, (u.org && u.org.name) || '')),
    h('div', null, h('dt', null, 'Centre de ressources territorial'),
      h('dd', null, (u.crt && u.crt.name) || '')));

  const next = !can(u, 'person.read')
    ? h('p', null, 'Gérez les comptes des professionnels depuis la page ',
      h('a', { href: '#/admin' }, 'Administration'), '. Votre rôle ne donne '
      + 'pas accès aux dossiers des personnes.')
    : h('p', null, 'Retrouvez les dossiers des personnes depuis la page ',
      h('a', { href: '#/personnes' }, 'Personnes'), ', et l\'annuaire des '
      + 'structures partenaires depuis la page ',
      h('a', { href: '#/partenaires' }, 'Partenaires'), '.');

  const day = can(u, 'person.read')
    ? h('section', { class: 'card home-day', 'aria-labelledby': 'journee-titre' },
      h('h2', { id: 'journee-titre' }, 'Ma journée'),
      h('p', { class: 'muted' }, 'Chargement de ce qu\'il y a à faire…'))
    : null;
  append(ctx.main, [
    h('h1', null, `Bonjour ${u.display_name}`),
    day,
    h('section', { class: 'card', 'aria-labelledby': 'profil-titre' },
      h('h2', { id: 'profil-titre' }, 'Votre profil'), dl),
    h('section', { class: 'card', 'aria-labelledby': 'suite-titre' },
      h('h2', { id: 'suite-titre' }, 'Pour commencer'), next),
  ]);
  if (day) {
    loadDay(ctx, day);
    // Issue 12: the counts follow the work done elsewhere without reload
    // (a note written or read, an alert raised or handled, a visit
    // planned or marked); not while a link of it has the focus.
    liveRefresh(ctx, { types: HOME_EVENTS }, day, () => loadDay(ctx, day));
  }
  // Issue 13: « Qui est d'astreinte maintenant », for the care team.
  if (can(u, 'oncall.read')) {
    const oncall = h('section', { class: 'card home-oncall', 'aria-labelledby': 'astreinte-titre' },
      h('h2', { id: 'astreinte-titre' }, 'Qui est d\'astreinte maintenant'));
    ctx.main.insertBefore(oncall, ctx.main.children[day ? 2 : 1] || null);
    loadOncall(ctx, oncall);
  }
  const notices = h('section', { class: 'card notices', 'aria-labelledby': 'avis-titre' },
    h('h2', { id: 'avis-titre', tabindex: '-1' }, 'Vos avis'),
    h('p', { class: 'muted' }, 'Chargement des avis…'));
  ctx.main.insertBefore(notices, ctx.main.children[day ? 2 : 1] || null);
  loadNotices(ctx, notices);
  focusTitle(ctx.main, 'Accueil');
}

// Issue 12: « Ma journée », each item a count linking to its list; a
// count of 0 is drawn without its link (nothing to open there).
async function loadDay(ctx, section) {
  let data;
  try {
    data = await api('GET', '/api/v1/home', undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    section.replaceChildren(section.firstChild, h('p', { class: 'muted' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  const ul = h('ul', { class: 'plain-list home-items' });
  for (const it of data.items) {
    const body = [h('span', { class: 'home-count' }, String(it.count)),
      h('span', { class: 'home-label' }, it.label,
        it.detail ? h('span', { class: 'home-detail' }, ` (${it.detail})`) : null)];
    ul.appendChild(h('li', { 'data-home': it.key, class: it.count ? null : 'home-none' },
      it.link && it.count
        ? h('a', { href: it.link, class: 'home-item' }, ...body)
        : h('span', { class: 'home-item' }, ...body)));
  }
  section.replaceChildren(section.firstChild, data.items.length
    ? ul : h('p', { class: 'muted' }, 'Rien à faire aujourd\'hui.'));
}

// Issue 13: who answers now at each level (GET /api/v1/oncall/now, one
// request), a gap at level 1 or 2 said in red; the roster at #/astreinte.
async function loadOncall(ctx, section) {
  let d;
  try {
    d = await api('GET', '/api/v1/oncall/now', undefined, ctx);
  } catch (e) {
    if (ctx.alive()) section.appendChild(h('p', { class: 'muted' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  const ul = h('ul', { class: 'plain-list oncall-now' });
  for (const lv of [1, 2]) {
    const who = d.answerers.filter((a) => a.level === lv);
    ul.appendChild(who.length
      ? h('li', { 'data-level': String(lv) }, h('strong', null, `Niveau ${lv} : `),
        who.map((a) => a.name).join(', '), ' — ', telLink(who[0].phone))
      : h('li', { class: 'oncall-gap', 'data-level': String(lv) },
        h('strong', null, `Niveau ${lv} : `), 'personne en ce moment'));
  }
  section.append(ul, h('p', null, h('a', { href: '#/astreinte' }, 'Voir l\'astreinte')));
}

// Issue 8 point 2: the current user's notices (account requests, repeated
// login failures), newest first, each unread one with « Marquer comme lu ».
async function loadNotices(ctx, section, all = false) {
  let data;
  try {
    data = await api('GET', `/api/v1/notices?limit=20${all ? '' : '&unread=1'}`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    section.replaceChildren(section.firstChild, h('p', { class: 'muted' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  const title = section.firstChild;
  title.textContent = data.unread ? `Vos avis (${data.unread} non lu${data.unread > 1 ? 's' : ''})` : 'Vos avis';
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const parts = [title, status];
  if (!data.items.length) {
    parts.push(h('p', { class: 'muted' }, all || !data.total ? 'Aucun avis.' : 'Aucun avis non lu.'));
  } else {
    const ul = h('ul', { class: 'plain-list notice-list' });
    for (const n of data.items) {
      const li = h('li', { class: n.read_at ? 'notice-item notice-read' : 'notice-item' },
        h('p', null, n.text),
        h('p', { class: 'muted' }, frDateTime(n.created_at, true),
          n.read_at ? ` — lu le ${frDateTime(n.read_at, true)}` : ''));
      if (n.link) li.appendChild(h('p', null, h('a', { href: n.link }, 'Voir la page concernée')));
      if (!n.read_at) {
        const btn = h('button', { type: 'button', class: 'btn btn-small' }, 'Marquer comme lu');
        btn.addEventListener('click', async () => {
          btn.disabled = true;
          try {
            await api('POST', `/api/v1/notices/${n.id}/read`, {});
            if (!ctx.alive()) return;
            await loadNotices(ctx, section, all);
            const s = section.querySelector('[role="status"]');
            if (s) s.textContent = 'Avis marqué comme lu.';
            section.querySelector('h2').focus();
          } catch (e) {
            btn.disabled = false;
            li.appendChild(h('p', { class: 'alert', role: 'alert' }, e.message));
          }
        });
        li.appendChild(btn);
      }
      ul.appendChild(li);
    }
    parts.push(ul);
  }
  if (data.total > (all ? data.items.length : data.unread) || all) {
    const more = h('button', { type: 'button', class: 'btn btn-small' },
      all ? 'Voir seulement les avis non lus' : 'Voir aussi les avis lus');
    more.addEventListener('click', () => loadNotices(ctx, section, !all));
    parts.push(h('p', null, more));
  }
  section.replaceChildren(...parts);
}

export { pageAccueil };
