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
    const me = m.mentions.some((x) => x.id === state.user.id);
    if (me) li.classList.add('msg-mentions-me');
    li.appendChild(h('p', { class: 'msg-mentions item-meta' },
      `Mentionne : ${m.mentions.map((x) => x.name).join(', ')}`,
      me ? h('span', { class: 'badge badge-info' }, 'Vous êtes mentionné(e)') : null));
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
function conversation(ctx, box, { load, send, live, label, empty, members, seen }) {
  const list = h('ol', { class: 'msg-list', 'aria-live': 'polite' });
  const alert = alertBox();
  const inputId = uid('message');
  const input = h('textarea', { id: inputId, name: 'message', rows: '2', maxlength: '2000',
    'aria-describedby': `${inputId}-aide` });
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Envoyer');
  const picker = members ? mentionPicker(input, members) : null;
  const form = h('form', { class: 'msg-form', novalidate: '' },
    h('label', { for: inputId }, label),
    h('p', { class: 'hint', id: `${inputId}-aide` }, members
      ? 'Pour prévenir un membre du cercle : tapez @ puis choisissez son nom.'
      : 'Pour prévenir un membre : @identifiant (par exemple @ide).'),
    h('div', { class: 'mention-wrap' }, input, picker), alert, h('p', { class: 'part-actions' }, button));
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
    // Seen: the user's mentions here are read (her unread count).
    if (seen && items.some((m) => !m.withdrawn_at && m.mentions.some((x) => x.id === state.user.id))) {
      seen().catch(() => null);
    }
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

// Issue 12 review: the mention picker. Typing « @ » (then the start of a
// name or an identifier) in the textarea lists the members who may read
// the conversation (GET …/messages/members: the server's access decision),
// as an ARIA listbox under it: arrows move, Entrée or Tab insert
// « @identifiant », Échap closes; a click or a tap inserts too.
function mentionPicker(input, members) {
  const listId = uid('mentions');
  const ul = h('ul', { id: listId, class: 'mention-list', role: 'listbox', hidden: true,
    'aria-label': 'Membres à mentionner' });
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', listId);
  input.setAttribute('aria-expanded', 'false');
  let all = null;
  let shown = [];
  let active = -1;
  const token = () => {
    const before = input.value.slice(0, input.selectionStart);
    const m = /(^|[^\w@])@([\p{L}\w.-]*)$/u.exec(before);
    return m ? { start: before.length - m[2].length - 1, q: m[2].toLowerCase() } : null;
  };
  const close = () => {
    ul.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const mark = () => {
    [...ul.children].forEach((li, i) => li.setAttribute('aria-selected', i === active ? 'true' : 'false'));
    if (active >= 0) input.setAttribute('aria-activedescendant', ul.children[active].id);
    else input.removeAttribute('aria-activedescendant');
  };
  const choose = (m) => {
    const t = token();
    if (!t) return close();
    const end = input.selectionStart;
    const text = `@${m.login} `;
    input.value = input.value.slice(0, t.start) + text + input.value.slice(end);
    const at = t.start + text.length;
    input.setSelectionRange(at, at);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    close();
    input.focus();
  };
  const fold = (x) => x.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const open = async () => {
    const t = token();
    if (!t) return close();
    if (!all) {
      try {
        all = (await members()).items || [];
      } catch {
        all = [];
      }
    }
    const q = fold(t.q);
    shown = all.filter((m) => !q || fold(m.login).startsWith(q)
      || fold(m.name).split(/[\s-]+/).some((w) => w.startsWith(q))).slice(0, 8);
    clear(ul);
    if (!shown.length) return close();
    shown.forEach((m, i) => {
      const li = h('li', { id: `${listId}-${i}`, role: 'option', class: 'mention-option' },
        h('span', { class: 'mention-name' }, m.name), ' ', h('span', { class: 'item-meta' }, `@${m.login}`));
      // mousedown, not click: the textarea keeps its focus and caret.
      li.addEventListener('mousedown', (e) => { e.preventDefault(); choose(m); });
      ul.appendChild(li);
    });
    active = 0;
    ul.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    mark();
  };
  input.addEventListener('input', () => { open(); });
  input.addEventListener('keydown', (e) => {
    if (ul.hidden) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = shown.length;
      active = (active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      mark();
    } else if ((e.key === 'Enter' || e.key === 'Tab') && active >= 0) {
      e.preventDefault();
      choose(shown[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  return ul;
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
    members: () => api('GET', `${path}/members`, undefined, ctx),
    seen: () => api('POST', `${path}/read`, {}, ctx),
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
    // Issue 12 review (F22): only the members the server lets me reach
    // (the team for who reads it, else the members of my care circles).
    team = ((await api('GET', '/api/v1/me/messages/members', undefined, ctx)).items || [])
      .filter((m) => m.id !== state.user.id);
  } catch (e) {
    if (ctx.alive()) setAlert(alert, e.message);
  }
  if (!ctx.alive()) return;
  for (const m of team) {
    pick.appendChild(h('option', { value: String(m.id) }, `${m.name}${m.org ? ` (${m.org})` : ''}`));
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
