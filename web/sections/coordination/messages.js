// Maillage — conversations (issue 12): the « Conversation » part of a
// person's record (her circle, the same rights as her care notes) and the
// « Messages » page (direct messages with a member of the team).
// Both update live (core/live.js): a message posted or withdrawn elsewhere
// redraws the list only, never the message being typed below it, so focus
// and half-typed text stay. Messages are never edited: the author may
// withdraw one (« message retiré », who and when stay shown).

import { api } from '../../core/api.js';
import { append, clear, h, uid } from '../../core/dom.js';
import { alertBox, setAlert } from '../../core/forms.js';
import { frDateTime } from '../../core/format.js';
import { onLive } from '../../core/live.js';
import { focusTitle } from '../../core/router.js';
import { state } from '../../core/session.js';
import { loadPart } from '../../core/widgets.js';

const EVENTS = ['message.posted', 'message.withdrawn'];

// One message: author, time, text (or « message retiré »), mentions, and
// the author's « Retirer » button.
function messageItem(m, withdraw) {
  const mine = m.author.id === state.user.id;
  const li = h('li', { class: `msg${mine ? ' msg-mine' : ''}${m.withdrawn_at ? ' msg-withdrawn' : ''}`,
    'data-message': String(m.id) },
  h('p', { class: 'msg-meta' }, h('strong', null, m.author.name), ' · ',
    h('time', { datetime: m.created_at }, frDateTime(m.created_at, true)),
    m.to ? ` · à ${m.to.name}` : null));
  if (m.withdrawn_at) {
    li.appendChild(h('p', { class: 'msg-body muted' },
      `Message retiré${m.withdrawn_by ? ` par ${m.withdrawn_by.name}` : ''} le ${frDateTime(m.withdrawn_at, true)}.`));
    return li;
  }
  li.appendChild(h('p', { class: 'msg-body' }, m.body));
  if (m.mentions.length) {
    li.appendChild(h('p', { class: 'msg-mentions item-meta' },
      `Mentionne : ${m.mentions.map((x) => x.name).join(', ')}`));
  }
  if (mine) {
    const b = h('button', { type: 'button', class: 'btn btn-small btn-link' }, 'Retirer');
    b.addEventListener('click', () => {
      // eslint-disable-next-line no-alert
      if (window.confirm('Retirer ce message ? Il restera indiqué « message retiré ».')) withdraw(m, b);
    });
    li.appendChild(b);
  }
  return li;
}

// The list and the composer of one conversation, in box. load() gives
// the messages; send(text) posts one. The list is drawn again on `live`
// events; the composer is left as it is.
function conversation(ctx, box, { load, send, live, label, empty }) {
  const list = h('ol', { class: 'msg-list', 'aria-live': 'polite' });
  const alert = alertBox();
  const inputId = uid('message');
  const input = h('textarea', { id: inputId, name: 'message', rows: '2', maxlength: '2000',
    'aria-describedby': `${inputId}-aide` });
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Envoyer');
  const form = h('form', { class: 'msg-form', novalidate: '' },
    h('label', { for: inputId }, label),
    h('p', { class: 'hint', id: `${inputId}-aide` }, 'Pour prévenir un membre : @identifiant (par exemple @ide).'),
    input, alert, h('p', { class: 'part-actions' }, button));
  let drawing = null;
  const withdraw = async (m, b) => {
    b.disabled = true;
    try {
      await api('POST', `/api/v1/messages/${m.id}/withdraw`, {}, ctx);
      draw();
    } catch (e) {
      b.disabled = false;
      setAlert(alert, e.message);
    }
  };
  async function draw() {
    const mine = (drawing = Symbol('draw'));
    let items;
    try {
      items = (await load()).items || [];
    } catch (e) {
      if (ctx.alive() && mine === drawing) {
        clear(list);
        list.appendChild(h('li', { class: 'muted' }, e.message));
      }
      return;
    }
    if (!ctx.alive() || mine !== drawing) return;
    clear(list);
    if (!items.length) list.appendChild(h('li', { class: 'muted msg-empty' }, empty));
    for (const m of items) list.appendChild(messageItem(m, withdraw));
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) {
      setAlert(alert, 'Le message est vide.');
      input.focus();
      return;
    }
    button.disabled = true;
    setAlert(alert, '');
    try {
      await send(text);
      input.value = '';
      draw();
    } catch (e) {
      setAlert(alert, e.message);
    } finally {
      button.disabled = false;
      input.focus();
    }
  });
  clear(box);
  append(box, [list, form]);
  // Live (issue 12): only the list; the textarea keeps focus and text.
  let timer = null;
  onLive({ ...live, signal: ctx.signal }, () => {
    if (!timer) timer = setTimeout(() => { timer = null; if (ctx.alive()) draw(); }, 100);
  });
  return draw();
}

// The « Conversation » part of the record (removed on a 403).
export async function loadConversation(ctx, p, section) {
  const box = section.querySelector('.part-body');
  const path = `/api/v1/persons/${p.id}/messages`;
  // A refusal removes the part (403) or says why (core/widgets.js).
  const first = await loadPart(ctx, section, path);
  if (!first) return;
  let once = first;
  await conversation(ctx, box, {
    load: () => {
      if (once) {
        const r = once;
        once = null;
        return Promise.resolve(r);
      }
      return api('GET', path, undefined, ctx);
    },
    send: (text) => api('POST', path, { body: text }, ctx),
    live: { types: EVENTS, person: p.id },
    label: 'Message au cercle de soins',
    empty: 'Aucun message pour l\'instant.',
  });
}

// « Messages »: my direct messages with a member of the team.
export async function pageMessages(ctx, r) {
  const title = 'Messages';
  const alert = alertBox();
  const pick = h('select', { id: uid('membre'), name: 'membre' }, h('option', { value: '' }, 'Choisir…'));
  const box = h('div', { class: 'msg-box' });
  append(ctx.main, [h('h1', null, title), alert,
    h('div', { class: 'card msg-pick' }, h('label', { for: pick.id }, 'Échanger avec'), pick), box]);
  focusTitle(ctx.main, title);
  let team = [];
  try {
    team = ((await api('GET', '/api/v1/team', undefined, ctx)).items || [])
      .filter((m) => m.id !== state.user.id);
  } catch (e) {
    if (ctx.alive()) setAlert(alert, e.message);
  }
  if (!ctx.alive()) return;
  for (const m of team) {
    pick.appendChild(h('option', { value: String(m.id) }, `${m.display_name}${m.org ? ` (${m.org})` : ''}`));
  }
  const wanted = Number(r.params.get('avec')) || 0;
  if (team.some((m) => m.id === wanted)) pick.value = String(wanted);
  const show = () => {
    const who = Number(pick.value) || 0;
    const sub = new AbortController();
    ctx.signal.addEventListener('abort', () => sub.abort(), { once: true });
    if (show.prev) show.prev.abort();
    show.prev = sub;
    const c = { ...ctx, signal: sub.signal, alive: () => ctx.alive() && !sub.signal.aborted };
    return conversation(c, box, {
      load: () => api('GET', `/api/v1/me/messages${who ? `?with=${who}` : ''}`, undefined, c),
      send: (text) => {
        if (!who) return Promise.reject(new Error('Choisissez d\'abord le membre de l\'équipe.'));
        return api('POST', '/api/v1/me/messages', { to_user_id: who, body: text }, c);
      },
      live: { types: EVENTS, direct: true },
      label: who ? 'Votre message' : 'Votre message (choisissez le membre ci-dessus)',
      empty: 'Aucun message.',
    });
  };
  pick.addEventListener('change', () => {
    history.replaceState(null, '', `#/messages${pick.value ? `?avec=${pick.value}` : ''}`);
    show();
  });
  await show();
}

export const messagesPages = { messages: pageMessages };
