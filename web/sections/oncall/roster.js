// Maillage — the on-call roster (issue 13), #/astreinte. For every member
// of the care team: « Qui est d'astreinte maintenant » (one request,
// GET /api/v1/oncall/now) and « Mes astreintes » (GET /api/v1/oncall/me,
// the .ics address). For the coordination (oncall.plan): the publication
// (refused with a gap in the next 30 days unless a reason is written), the
// weeks ahead with their gaps in red, the layers and their rotations, the
// overrides and vacant slots, the on-call phones and level 3's numbers.
//
// Must not: decide any right or compute the roster (the server does both;
// its French refusals are shown where they apply).
//
// Imports web/core/ only; registered by sections/oncall/index.js.
import { api } from '../../core/api.js';
import { append, h, uid } from '../../core/dom.js';
import { telLink } from '../../core/format.js';
import { alertBox, formField, select, setAlert, textArea, textInput } from '../../core/forms.js';
import { can } from '../../core/perm.js';
import { focusTitle } from '../../core/router.js';
import { state } from '../../core/session.js';

export const rosterPages = {
  astreinte: (ctx) => pageRoster(ctx),
};

const TZ = 'Europe/Paris';
const KIND_LABELS = { day: 'Jour de semaine', night: 'Nuit', weekend: 'Week-end (jour)',
  holiday: 'Jour férié (jour)' };
const REASONS = { level1: 'personne au niveau 1', level2: 'personne au niveau 2',
  nurse: 'ni infirmier(ère) ni médecin joignable' };

// 'JJ/MM/AAAA à HHhMM' in the CRT's zone.
function when(iso, withDay = true) {
  const d = new Date(iso);
  const t = d.toLocaleTimeString('fr-FR', { timeZone: TZ, hour: '2-digit', minute: '2-digit' })
    .replace(':', 'h');
  if (!withDay) return t;
  return `${d.toLocaleDateString('fr-FR', { timeZone: TZ, weekday: 'short', day: '2-digit',
    month: '2-digit' })} ${t}`;
}
function dayOf(iso) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date(iso));
}
function dayLabel(day) {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString('fr-FR', { timeZone: TZ, weekday: 'long',
    day: 'numeric', month: 'long' });
}

function card(title, attrs = {}) {
  const id = uid('astreinte');
  const s = h('section', { class: 'card', 'aria-labelledby': id, ...attrs },
    h('h2', { id }, title));
  return s;
}

async function pageRoster(ctx) {
  const u = state.user;
  const now = card('Qui est d\'astreinte maintenant', { 'data-oncall-now': '' });
  const mine = card('Mes astreintes', { 'data-oncall-mine': '' });
  append(ctx.main, [h('h1', null, 'Astreinte'), now, mine]);
  if (can(u, 'alarm.operators')) {
    ctx.main.appendChild(h('p', { class: 'part-actions' }, h('a',
      { href: '#/astreinte/teleassistance' }, 'Téléassistance : opérateurs et délai d\'escalade')));
  }
  focusTitle(ctx.main, 'Astreinte');
  const jobs = [loadNow(ctx, now), loadMine(ctx, mine)];
  if (can(u, 'oncall.plan')) {
    const plan = h('div', { 'data-oncall-plan': '' });
    ctx.main.appendChild(plan);
    jobs.push(loadPlan(ctx, plan));
  }
  await Promise.all(jobs);
}

async function loadNow(ctx, section) {
  let d;
  try {
    d = await api('GET', '/api/v1/oncall/now', undefined, ctx);
  } catch (e) {
    if (ctx.alive()) section.appendChild(h('p', { class: 'muted' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  const ul = h('ul', { class: 'plain-list oncall-now' });
  for (const lv of [1, 2, 3]) {
    const who = d.answerers.filter((a) => a.level === lv);
    if (!who.length && lv < 3) {
      ul.appendChild(h('li', { class: 'oncall-gap', 'data-level': String(lv) },
        h('strong', null, `Niveau ${lv} : `), 'personne en ce moment'));
    }
    for (const a of who) {
      ul.appendChild(h('li', { 'data-level': String(lv) }, h('strong', null, `Niveau ${lv} : `),
        a.name, ' — ', telLink(a.phone),
        a.end ? h('span', { class: 'muted' }, ` (jusqu'à ${when(a.end)})`) : null));
    }
  }
  section.appendChild(ul);
}

async function loadMine(ctx, section) {
  let d;
  try {
    d = await api('GET', '/api/v1/oncall/me', undefined, ctx);
  } catch (e) {
    if (ctx.alive()) section.appendChild(h('p', { class: 'muted' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  section.appendChild(h('p', null, d.on_duty_level
    ? `Vous êtes d'astreinte maintenant (niveau ${d.on_duty_level}).`
    : 'Vous n\'êtes pas d\'astreinte en ce moment.'));
  if (!d.shifts.length) {
    section.appendChild(h('p', { class: 'muted' }, 'Aucun créneau dans les 60 prochains jours.'));
  } else {
    section.appendChild(h('ul', { class: 'plain-list oncall-mine' }, d.shifts.slice(0, 30).map((s) =>
      h('li', null, `${when(s.start)} → ${when(s.end)} · niveau ${s.level} · `
        + `${KIND_LABELS[s.kind]} · ${s.hours} h`))));
  }
  // The .ics feed: the secret address of the round (issue 11) opens it.
  const msg = h('p', { role: 'status' });
  const btn = h('button', { type: 'button', class: 'btn btn-small' },
    'Adresse de mon agenda d\'astreinte');
  btn.addEventListener('click', async () => {
    btn.disabled = true;
    try {
      const f = await api('POST', '/api/v1/me/feed', { replace: true }, ctx);
      msg.textContent = `Abonnez votre téléphone à ${location.origin}`
        + `${f.path.replace('/api/v1/visits/feed.ics', '/api/v1/oncall/feed.ics')} `
        + '(la même adresse secrète sert à votre tournée ; l\'ancienne cesse de fonctionner).';
    } catch (e) {
      msg.textContent = e.message;
    }
    btn.disabled = false;
  });
  section.append(h('p', null, btn), msg);
}

// ---- The coordination's roster ----

async function loadPlan(ctx, root) {
  let r, w;
  try {
    [r, w] = await Promise.all([api('GET', '/api/v1/oncall/roster', undefined, ctx),
      api('GET', '/api/v1/oncall/weeks?weeks=8', undefined, ctx)]);
  } catch (e) {
    if (ctx.alive()) root.replaceChildren(h('p', { class: 'muted' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  const reload = () => loadPlan(ctx, root);
  root.replaceChildren(publishCard(ctx, w, reload), weeksCard(w), layersCard(ctx, r, reload),
    overridesCard(ctx, r, reload), swapCard(ctx, w, reload), phonesCard(ctx, r, reload),
    fixedCard(ctx, r, reload));
}

function gapText(g) {
  return `Trou du ${when(g.start)} au ${when(g.end)} : ${g.reasons.map((x) => REASONS[x]).join(', ')}`;
}

function publishCard(ctx, w, reload) {
  const s = card('Publication', { 'data-oncall-publish': '' });
  const st = w.state;
  s.appendChild(h('p', null, st.published_at
    ? `Publiée le ${when(st.published_at)} par ${st.published_by || '—'}`
      + (st.draft ? ' ; modifiée depuis (brouillon).' : '.')
    : 'Jamais publiée (brouillon).'));
  if (st.publish_reason) s.appendChild(h('p', { class: 'muted' }, `Motif : ${st.publish_reason}`));
  const soon = w.gaps.filter((g) => g.within_30_days);
  s.appendChild(h('p', { class: soon.length ? 'oncall-gap' : null },
    soon.length ? `${soon.length} trou${soon.length > 1 ? 's' : ''} dans les 30 prochains jours.`
      : 'Aucun trou dans les 30 prochains jours.'));
  const reason = formField('Motif (obligatoire s\'il reste des trous)',
    textArea('reason', { maxlength: '1000' }));
  const box = alertBox();
  const btn = h('button', { type: 'submit', class: 'btn' }, 'Publier l\'astreinte');
  const form = h('form', { class: 'oncall-publish' }, reason.wrap, box, h('p', null, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(box, '');
    btn.disabled = true;
    try {
      const v = reason.input.value.trim();
      await api('POST', '/api/v1/oncall/publish', v ? { reason: v } : {}, ctx);
      if (ctx.alive()) await reload();
    } catch (e) {
      btn.disabled = false;
      setAlert(box, e.message);
      reason.input.focus();
    }
  });
  s.appendChild(form);
  return s;
}

function weeksCard(w) {
  const s = card('Les 8 semaines à venir', { 'data-oncall-weeks': '' });
  if (w.gaps.length) {
    s.appendChild(h('ul', { class: 'plain-list oncall-gaps' }, w.gaps.slice(0, 20).map((g) =>
      h('li', { class: 'oncall-gap', 'data-gap': g.start }, gapText(g)))));
  } else {
    s.appendChild(h('p', null, 'Aucun trou sur les 52 semaines à venir.'));
  }
  const days = new Map();
  for (const sh of w.shifts) {
    const d = dayOf(sh.start);
    if (!days.has(d)) days.set(d, []);
    days.get(d).push(sh);
  }
  const gapDays = new Set();
  for (const g of w.gaps) gapDays.add(dayOf(g.start));
  const list = h('ul', { class: 'plain-list oncall-days' });
  for (const [d, shifts] of days) {
    list.appendChild(h('li', { 'data-day': d, class: gapDays.has(d) ? 'oncall-day oncall-gap' : 'oncall-day' },
      h('strong', null, dayLabel(d)),
      h('ul', { class: 'plain-list' }, shifts.map((sh) => h('li',
        { class: sh.available ? null : 'oncall-gap' },
        `N${sh.level} · ${when(sh.start, false)}–${when(sh.end, false)} · ${sh.who.name}`
        + (sh.available ? '' : ' (ne peut pas répondre)')
        + (sh.override_id ? ' (remplacement)' : ''))))));
  }
  s.appendChild(h('details', null, h('summary', null, 'Voir jour par jour'), list));
  return s;
}

// Options of a slot: the team (with a phone or not), then the partners'
// pooled night nurses.
function personOptions(r, withNobody) {
  const o = withNobody ? [{ value: '', label: 'Personne (créneau vacant)' }] : [];
  for (const m of r.team) {
    if (!m.disabled) o.push({ value: `u${m.id}`, label: `${m.name}${m.phone ? '' : ' (sans téléphone)'}` });
  }
  for (const p of r.partners) o.push({ value: `o${p.id}`, label: `Partenaire : ${p.name}` });
  return o;
}

function memberOf(v, name, phone) {
  if (v.startsWith('u')) return { user_id: Number(v.slice(1)) };
  if (v.startsWith('o')) return { org_id: Number(v.slice(1)), name, phone };
  return null;
}

function layersCard(ctx, r, reload) {
  const s = card('Plages et roulements', { 'data-oncall-layers': '' });
  const ul = h('ul', { class: 'plain-list' });
  for (const l of r.layers) {
    ul.appendChild(h('li', { 'data-layer': `${l.kind}-${l.level}` },
      h('strong', null, `${l.kind_label}, niveau ${l.level}`),
      ` : ${l.start}–${l.end}, tours de ${l.turn_days} j depuis le ${l.rotation_start} — `,
      l.members.map((m) => m.name).join(' puis ')));
  }
  s.appendChild(r.layers.length ? ul : h('p', { class: 'muted' }, 'Aucune plage.'));
  s.appendChild(layerForm(ctx, r, reload));
  return s;
}

function layerForm(ctx, r, reload) {
  const kind = formField('Plage', select(Object.entries(KIND_LABELS)
    .map(([value, label]) => ({ value, label })), 'day', { name: 'kind' }));
  const level = formField('Niveau', select([{ value: '1', label: '1 (levée de doute)' },
    { value: '2', label: '2 (infirmier(ère) ou médecin)' }], '1', { name: 'level' }));
  const start = formField('Début (heure locale)', h('input', { type: 'time', name: 'start', value: '08:00' }));
  const end = formField('Fin (heure locale)', h('input', { type: 'time', name: 'end', value: '20:00' }));
  const rot = formField('Premier jour du roulement', h('input', { type: 'date', name: 'rotation_start',
    value: dayOf(new Date().toISOString()) }));
  const turn = formField('Durée d\'un tour (jours)', h('input', { type: 'number', name: 'turn_days',
    min: '1', max: '28', value: '7' }));
  const members = h('div', { class: 'oncall-members' });
  const addMember = () => {
    const sel = formField(`Personne ${members.children.length + 1}`,
      select(personOptions(r, false), '', { name: 'member' }));
    const name = formField('Nom (partenaire)', textInput('member_name', { maxlength: '120' }));
    const phone = formField('Téléphone (partenaire)', h('input', { type: 'tel', name: 'member_phone',
      maxlength: '20' }));
    const extra = h('div', { class: 'oncall-partner', hidden: 'hidden' }, name.wrap, phone.wrap);
    sel.input.addEventListener('change', () => { extra.hidden = !sel.input.value.startsWith('o'); });
    extra.hidden = !sel.input.value.startsWith('o');
    members.appendChild(h('div', { class: 'oncall-member' }, sel.wrap, extra));
  };
  addMember();
  const more = h('button', { type: 'button', class: 'btn btn-small' }, 'Ajouter une personne au roulement');
  more.addEventListener('click', addMember);
  const box = alertBox();
  const btn = h('button', { type: 'submit', class: 'btn' }, 'Enregistrer la plage');
  const form = h('form', { class: 'oncall-layer-form' }, h('h3', null, 'Créer ou remplacer une plage'),
    kind.wrap, level.wrap, start.wrap, end.wrap, rot.wrap, turn.wrap, members, h('p', null, more),
    box, h('p', null, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(box, '');
    const ms = [...members.querySelectorAll('.oncall-member')].map((m) => memberOf(
      m.querySelector('select').value, m.querySelector('[name="member_name"]').value.trim() || undefined,
      m.querySelector('[name="member_phone"]').value.trim() || undefined));
    btn.disabled = true;
    try {
      await api('PUT', '/api/v1/oncall/layers', { kind: kind.input.value, level: Number(level.input.value),
        start: start.input.value, end: end.input.value, rotation_start: rot.input.value,
        turn_days: Number(turn.input.value), members: ms }, ctx);
      if (ctx.alive()) await reload();
    } catch (e) {
      btn.disabled = false;
      setAlert(box, e.message);
    }
  });
  return form;
}

function overridesCard(ctx, r, reload) {
  const s = card('Remplacements et créneaux vacants', { 'data-oncall-overrides': '' });
  const ul = h('ul', { class: 'plain-list' });
  for (const o of r.overrides) {
    const btn = h('button', { type: 'button', class: 'btn btn-small' }, 'Annuler');
    btn.addEventListener('click', async () => {
      btn.disabled = true;
      try {
        await api('DELETE', `/api/v1/oncall/overrides/${o.id}`, undefined, ctx);
        if (ctx.alive()) await reload();
      } catch (e) {
        btn.disabled = false;
        li.appendChild(h('p', { class: 'alert', role: 'alert' }, e.message));
      }
    });
    const li = h('li', { class: o.kind === 'vacancy' ? 'oncall-gap' : null },
      `Niveau ${o.level}, du ${when(o.starts_at)} au ${when(o.ends_at)} : ${o.who.name}`,
      o.reason ? ` — ${o.reason}` : '', ' ', btn);
    ul.appendChild(li);
  }
  s.appendChild(r.overrides.length ? ul : h('p', { class: 'muted' }, 'Aucun remplacement à venir.'));
  const level = formField('Niveau', select([{ value: '1', label: '1' }, { value: '2', label: '2' }], '2',
    { name: 'level' }));
  const start = formField('Du (heure locale)', h('input', { type: 'datetime-local', name: 'start' }));
  const end = formField('Au (heure locale)', h('input', { type: 'datetime-local', name: 'end' }));
  const who = formField('Qui', select(personOptions(r, true), '', { name: 'who' }));
  const name = formField('Nom (partenaire)', textInput('name', { maxlength: '120' }));
  const phone = formField('Téléphone (partenaire)', h('input', { type: 'tel', name: 'phone', maxlength: '20' }));
  const reason = formField('Motif', textArea('reason', { maxlength: '1000' }));
  const box = alertBox();
  const btn = h('button', { type: 'submit', class: 'btn' }, 'Enregistrer le remplacement');
  const form = h('form', { class: 'oncall-override-form' }, h('h3', null, 'Nouveau remplacement'),
    level.wrap, start.wrap, end.wrap, who.wrap, name.wrap, phone.wrap, reason.wrap, box, h('p', null, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(box, '');
    const m = memberOf(who.input.value, name.input.value.trim() || undefined,
      phone.input.value.trim() || undefined) || {};
    btn.disabled = true;
    try {
      await api('POST', '/api/v1/oncall/overrides', { level: Number(level.input.value),
        start: start.input.value, end: end.input.value, ...m,
        ...(reason.input.value.trim() ? { reason: reason.input.value.trim() } : {}) }, ctx);
      if (ctx.alive()) await reload();
    } catch (e) {
      btn.disabled = false;
      setAlert(box, e.message);
    }
  });
  s.appendChild(form);
  return s;
}

// 'AAAA-MM-JJTHH:MM' in the CRT's zone: what POST /oncall/swaps reads.
function localInput(iso) {
  const d = new Date(iso);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(d);
  const t = d.toLocaleTimeString('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit',
    hourCycle: 'h23' });
  return `${day}T${t}`;
}

// Issue 13 §3: two people exchange two shifts (POST /api/v1/oncall/swaps,
// two crossed overrides). The shifts offered are the weeks' coming ones
// of the chosen level; the server decides (each held whole by one
// available person, not the same, not overlapping) and its refusal is
// shown in French.
function swapCard(ctx, w, reload) {
  const s = card('Échanger deux astreintes', { 'data-oncall-swap': '' });
  s.appendChild(h('p', { class: 'hint' }, 'Deux personnes échangent leurs créneaux : chacune '
    + 'prend celui de l\'autre. Les remplacements ci-dessus gardent la trace de l\'échange.'));
  const now = new Date().toISOString();
  const level = formField('Niveau', select([{ value: '1', label: '1 (levée de doute)' },
    { value: '2', label: '2 (infirmier(ère) ou médecin)' }], '2', { name: 'swap_level' }));
  const a = formField('Premier créneau', h('select', { name: 'swap_a' }), { required: true });
  const b = formField('Second créneau', h('select', { name: 'swap_b' }), { required: true });
  const reason = formField('Motif', textArea('swap_reason', { maxlength: '1000' }));
  const fill = () => {
    const shifts = w.shifts.filter((sh) => sh.level === Number(level.input.value) && sh.start >= now);
    for (const sel of [a.input, b.input]) {
      sel.replaceChildren(h('option', { value: '' }, '— Choisir un créneau —'),
        ...shifts.map((sh) => h('option', { value: `${sh.start}|${sh.end}` },
          `${when(sh.start)} → ${when(sh.end, dayOf(sh.end) !== dayOf(sh.start))} · ${sh.who.name}`)));
    }
  };
  fill();
  level.input.addEventListener('change', fill);
  const box = alertBox();
  const btn = h('button', { type: 'submit', class: 'btn' }, 'Échanger les deux créneaux');
  const form = h('form', { class: 'oncall-swap-form', novalidate: true }, level.wrap, a.wrap, b.wrap,
    reason.wrap, box, h('p', null, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(box, '');
    if (!a.input.value || !b.input.value) {
      setAlert(box, 'Choisissez les deux créneaux à échanger.');
      (a.input.value ? b.input : a.input).focus();
      return;
    }
    const [as, ae] = a.input.value.split('|');
    const [bs, be] = b.input.value.split('|');
    btn.disabled = true;
    try {
      await api('POST', '/api/v1/oncall/swaps', { level: Number(level.input.value),
        a_start: localInput(as), a_end: localInput(ae), b_start: localInput(bs), b_end: localInput(be),
        ...(reason.input.value.trim() ? { reason: reason.input.value.trim() } : {}) }, ctx);
      if (ctx.alive()) await reload();
    } catch (e) {
      btn.disabled = false;
      setAlert(box, e.message);
    }
  });
  s.appendChild(form);
  return s;
}

function phonesCard(ctx, r, reload) {
  const s = card('Téléphones d\'astreinte', { 'data-oncall-phones': '' });
  const ul = h('ul', { class: 'plain-list' });
  for (const m of r.team) {
    const f = formField(`Téléphone de ${m.name}`, h('input', { type: 'tel', name: 'phone', maxlength: '20',
      value: m.phone || '' }));
    const box = alertBox();
    const btn = h('button', { type: 'submit', class: 'btn btn-small' }, 'Enregistrer');
    const form = h('form', { class: 'oncall-phone' }, f.wrap, box, btn);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      setAlert(box, '');
      try {
        await api('PUT', `/api/v1/oncall/phones/${m.id}`, { phone: f.input.value.trim() }, ctx);
        if (ctx.alive()) await reload();
      } catch (e) {
        setAlert(box, e.message);
      }
    });
    ul.appendChild(h('li', { class: m.disabled ? 'muted' : null }, form));
  }
  s.appendChild(ul);
  return s;
}

function fixedCard(ctx, r, reload) {
  const s = card('Niveau 3 : numéros fixes', { 'data-oncall-fixed': '' });
  s.appendChild(h('p', { class: 'muted' }, 'Le centre 15 (SAMU) s\'ajoute toujours à la fin.'));
  const rows = [];
  for (let i = 0; i < 3; i++) {
    const f = r.fixed[i] || { label: '', phone: '' };
    const label = formField(`Numéro ${i + 1} : qui`, textInput('label', { maxlength: '120', value: f.label }));
    const phone = formField(`Numéro ${i + 1} : téléphone`, h('input', { type: 'tel', name: 'phone',
      maxlength: '20', value: f.phone }));
    rows.push([label.input, phone.input]);
    s.append(label.wrap, phone.wrap);
  }
  const box = alertBox();
  const btn = h('button', { type: 'button', class: 'btn' }, 'Enregistrer les numéros fixes');
  btn.addEventListener('click', async () => {
    setAlert(box, '');
    const items = rows.filter(([l, p]) => l.value.trim() || p.value.trim())
      .map(([l, p]) => ({ label: l.value.trim(), phone: p.value.trim() }));
    try {
      await api('PUT', '/api/v1/oncall/fixed', { items }, ctx);
      if (ctx.alive()) await reload();
    } catch (e) {
      setAlert(box, e.message);
    }
  });
  s.append(box, h('p', null, btn));
  return s;
}
