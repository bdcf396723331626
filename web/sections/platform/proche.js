// Maillage — the proche accounts (issue 11): the « Accès proche » part
// of a person's record (the coordination invites the person or a
// caregiver, hands over the link shown once, sees the accounts and
// revokes one), and the invitation page (#/invitation/<token>), opened
// signed out on a phone, where the proche chooses a password.
// Must not: decide anything: the server refuses what the user may not do.

import { api } from '../../core/api.js';
import { append, clear, h } from '../../core/dom.js';
import {
  alertBox, clearFormErrors, formField, select, setAlert, showFormError, statusMessage,
} from '../../core/forms.js';
import { frDate, frDateTime } from '../../core/format.js';
import { focusTitle } from '../../core/router.js';
import { loadPart } from '../../core/widgets.js';

const STATUS = {
  invited: ['Invité', 'badge-info'],
  active: ['Actif', 'state-on'],
  expired: ['Lien expiré', 'badge-warn'],
  revoked: ['Révoqué', 'state-off'],
};

// The link as the proche types or opens it: this page's address.
function linkUrl(path) {
  return `${location.origin}${location.pathname}${path}`;
}

// The link, shown once: to copy into an SMS or to print for the proche.
function linkBox(p, inv) {
  const url = linkUrl(inv.path);
  const input = h('input', { type: 'text', readonly: true, value: url, class: 'invite-link',
    'aria-label': `Lien d'invitation de ${p.display_name}` });
  const copy = h('button', { type: 'button', class: 'btn btn-small' }, 'Copier le lien');
  const copied = h('span', { role: 'status', class: 'muted' });
  copy.addEventListener('click', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(url);
      copied.textContent = ' Lien copié.';
    } catch {
      copied.textContent = ' Sélectionnez le lien puis copiez-le.';
    }
  });
  return h('div', { class: 'invite-box', 'data-invitation': '' },
    h('p', null, h('strong', null, `Lien d'invitation de ${p.display_name}`),
      ` (identifiant « ${p.login} »), valable jusqu'au ${frDateTime(inv.expires_at, true)}, `
      + 'une seule fois. Remettez-le en main propre, par SMS ou imprimé : '
      + 'il ne sera plus affiché.'),
    input, h('p', { class: 'part-actions' }, copy, copied));
}

function inviteForm(p, onDone) {
  const who = select([{ value: 'aidant', label: 'Un aidant' },
    { value: 'personne', label: 'La personne elle-même' }], 'aidant',
    { name: 'for' });
  const fields = {
    for: formField('Pour qui', who),
    relation: formField('Lien avec la personne', h('input', { type: 'text', name: 'relation',
      maxlength: '60' }), { hint: 'Fille, fils, conjoint, voisine…' }),
    display_name: formField('Nom affiché', h('input', { type: 'text', name: 'display_name',
      maxlength: '120', autocomplete: 'off' }), { required: true }),
    login: formField('Identifiant', h('input', { type: 'text', name: 'login', maxlength: '64',
      autocapitalize: 'none', spellcheck: 'false', autocomplete: 'off' }),
    { required: true, hint: 'Lettres minuscules, chiffres, « . », « _ » ou « - » : '
      + 'par exemple colette.rousset.' }),
  };
  who.addEventListener('change', () => {
    fields.relation.wrap.hidden = who.value !== 'aidant';
  });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Créer le lien d\'invitation');
  const form = h('form', { class: 'proche-form', novalidate: true },
    Object.values(fields).map((f) => f.wrap), alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(fields, alert);
    submit.disabled = true;
    try {
      const body = {
        login: fields.login.input.value.trim(),
        display_name: fields.display_name.input.value.trim(),
        for: who.value,
      };
      if (who.value === 'aidant') body.relation = fields.relation.input.value.trim() || null;
      const r = await api('POST', `/api/v1/persons/${p.id}/proches`, body);
      onDone(r);
    } catch (e) {
      showFormError(e, fields, alert);
      submit.disabled = false;
    }
  });
  return form;
}

function accountItem(ctx, p, a, refresh) {
  const [label, cls] = STATUS[a.status] || [a.status, 'badge-info'];
  const forWhom = a.for === 'personne' ? 'la personne elle-même' : `aidant (${a.relation || '—'})`;
  const li = h('li', { class: 'proche-account', 'data-proche-id': a.id },
    h('span', { class: 'item-title' }, a.display_name,
      h('span', { class: 'item-relation' }, ` — ${forWhom}`)),
    h('span', { class: 'item-meta' }, `Identifiant « ${a.login} » · `,
      h('span', { class: `badge ${cls}` }, label),
      a.status === 'invited' ? ` jusqu'au ${frDate(a.invited_until)}` : null,
      a.activated_at ? ` · mot de passe choisi le ${frDate(a.activated_at)}` : null));
  if (a.status !== 'revoked') {
    const again = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'reinvite',
      'aria-label': `Nouveau lien pour ${a.display_name}` }, 'Nouveau lien');
    const revoke = h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-action': 'revoke',
      'aria-label': `Révoquer l'accès de ${a.display_name}` }, 'Révoquer');
    again.addEventListener('click', async () => {
      again.disabled = true;
      try {
        const r = await api('POST', `/api/v1/proches/${a.id}/invitation`, {});
        if (ctx.alive()) refresh({ link: r });
      } catch (e) {
        again.disabled = false;
        if (ctx.alive()) refresh({ message: e.message });
      }
    });
    revoke.addEventListener('click', async () => {
      // eslint-disable-next-line no-alert
      if (!window.confirm(`Révoquer l'accès de ${a.display_name} ? Ses sessions sont fermées `
        + 'et son lien annulé.')) return;
      revoke.disabled = true;
      try {
        await api('POST', `/api/v1/proches/${a.id}/revoke`, {});
        if (ctx.alive()) refresh({ message: `Accès de ${a.display_name} révoqué.` });
      } catch (e) {
        revoke.disabled = false;
        if (ctx.alive()) refresh({ message: e.message });
      }
    });
    li.appendChild(h('span', { class: 'item-actions' }, again, revoke));
  }
  return li;
}

// opts: {message, link: the reply of an invitation (shown once)}
function showProches(ctx, p, box, items, opts = {}) {
  clear(box);
  const refresh = async (o) => {
    try {
      const data = await api('GET', `/api/v1/persons/${p.id}/proches`, undefined, ctx);
      if (ctx.alive()) showProches(ctx, p, box, data.items || [], o);
    } catch (e) {
      if (ctx.alive()) showProches(ctx, p, box, items, { message: e.message });
    }
  };
  box.appendChild(h('p', { class: 'hint' }, 'La personne ou un aidant peut consulter, sur son '
    + 'téléphone, qui vient et quand (prénom et profession de l\'intervenant, structure) : '
    + 'rien d\'autre du dossier. Chaque consultation est tracée.'));
  if (opts.message) box.appendChild(statusMessage(opts.message));
  if (opts.link) box.appendChild(linkBox(opts.link.proche, opts.link.invitation));
  if (!items.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Aucun accès proche.'));
  } else {
    box.appendChild(h('ul', { class: 'plain-list proches' },
      items.map((a) => accountItem(ctx, p, a, refresh))));
  }
  const holder = h('div', { class: 'add-holder' });
  const open = h('button', { type: 'button', class: 'btn', 'data-action': 'invite' },
    'Inviter un proche');
  open.addEventListener('click', () => {
    clear(holder);
    holder.appendChild(inviteForm(p, (r) => refresh({ link: r })));
    const first = holder.querySelector('select, input');
    if (first) first.focus();
  });
  holder.appendChild(open);
  box.appendChild(holder);
  const shown = box.querySelector('[data-invitation] input');
  if (shown) shown.focus();
}

async function loadProches(ctx, p, section) {
  const data = await loadPart(ctx, section, `/api/v1/persons/${p.id}/proches`);
  if (data) showProches(ctx, p, section.querySelector('.part-body'), data.items || []);
}

// The invitation page, signed out (#/invitation/<token>): whose link it
// is, then the password. done(sessionData) starts the session.
async function pageInvitation(main, token, done) {
  document.title = 'Invitation — Maillage';
  const card = h('div', { class: 'login-card proche-card' },
    h('h1', null, 'Votre accès au planning'));
  main.appendChild(card);
  let inv;
  try {
    inv = await api('POST', '/api/v1/invitation/check', { token });
  } catch (e) {
    append(card, [h('p', { class: 'notice', role: 'alert' }, e.message),
      h('p', null, h('a', { href: '#/' }, 'Aller à la page de connexion'))]);
    card.querySelector('h1').focus();
    return;
  }
  const pw = h('input', { type: 'password', name: 'password', autocomplete: 'new-password',
    required: true, maxlength: '256' });
  const again = h('input', { type: 'password', name: 'again', autocomplete: 'new-password',
    required: true, maxlength: '256' });
  const fields = {
    password: formField('Choisissez un mot de passe', pw, { required: true,
      hint: 'Au moins 12 caractères : par exemple trois mots qui vous parlent, séparés par des tirets.' }),
    again: formField('Confirmez le mot de passe', again, { required: true }),
  };
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' },
    'Enregistrer et voir le planning');
  const form = h('form', { class: 'login-form', novalidate: true },
    fields.password.wrap, fields.again.wrap, alert, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(fields, alert);
    if (pw.value !== again.value) {
      fields.again.setError('Les deux saisies diffèrent.');
      again.focus();
      return;
    }
    submit.disabled = true;
    try {
      const data = await api('POST', '/api/v1/invitation', { token, password: pw.value });
      done(data);
    } catch (e) {
      showFormError(e, fields, alert);
      submit.disabled = false;
    }
  });
  append(card, [
    h('p', null, `Bonjour ${inv.display_name}. Ce lien vous permet de choisir votre mot de passe `
      + `(lien valable jusqu'au ${frDateTime(inv.expires_at, true)}, une seule fois).`),
    h('p', { class: 'proche-login' }, 'Votre identifiant : ', h('strong', null, inv.login)),
    form,
    h('p', { class: 'login-note' }, 'Vous verrez qui vient chez votre proche et quand. Chaque '
      + 'consultation est tracée.')]);
  pw.focus();
}


// ---- « Mon planning » (#/mon-planning): the proche's home, phone-first.

const DAY_FMT = new Intl.DateTimeFormat('fr-FR',
  { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });

// "2026-12-05" + n days, as text (the CRT's local dates, no zone shift).
function addDays(day, n) {
  const t = new Date(`${day}T12:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

function dayTitle(day, today) {
  if (day === today) return 'Aujourd\'hui';
  if (day === addDays(today, 1)) return 'Demain';
  const s = DAY_FMT.format(new Date(`${day}T12:00:00Z`));
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function visitItem(v) {
  const hours = `${v.local_start.slice(11, 16)} – ${(v.local_end || '').slice(11, 16)}`;
  const who = [v.first_name, v.profession].filter(Boolean).join(', ');
  return h('li', { class: 'proche-visit' },
    h('p', { class: 'proche-visit-time' }, hours),
    h('p', { class: 'proche-visit-kind' }, v.kind_label),
    who ? h('p', { class: 'proche-visit-who' }, who) : null,
    v.organisation ? h('p', { class: 'proche-visit-org' }, v.organisation) : null);
}

async function pageMonPlanning(ctx) {
  const box = h('div', { class: 'proche-days' }, h('p', { class: 'muted' }, 'Chargement…'));
  append(ctx.main, [h('div', { class: 'proche-planning' },
    h('h1', null, 'Mon planning'),
    h('p', { class: 'proche-intro' }, 'Qui vient à domicile, et quand, pendant les 7 prochains jours.'),
    box)]);
  focusTitle(ctx.main, 'Mon planning');
  let data;
  try {
    data = await api('GET', '/api/v1/proche/planning', undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(box);
    box.appendChild(h('p', { class: 'notice', role: 'alert' }, e.message));
    return;
  }
  if (!ctx.alive()) return;
  clear(box);
  for (let day = data.from; day <= data.to; day = addDays(day, 1)) {
    const items = data.items.filter((v) => v.local_start.slice(0, 10) === day);
    box.appendChild(h('section', { class: 'proche-day', 'data-day': day },
      h('h2', null, dayTitle(day, data.from)),
      items.length ? h('ul', { class: 'plain-list proche-visits' }, items.map(visitItem))
        : h('p', { class: 'muted' }, 'Personne n\'est prévu ce jour-là.')));
  }
}

const procheePages = { monPlanning: (ctx) => pageMonPlanning(ctx) };

export { loadProches, pageInvitation, procheePages };
