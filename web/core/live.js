// Maillage web core — live updates (issue 12).
//
// Owns: the tab's one EventSource on /api/v1/events (Server-Sent Events),
// opened when a session starts and closed when it ends, and the
// subscriptions of the open screens. The browser reconnects by itself
// with the Last-Event-ID of the last event received (and this module
// when the browser gives up: see afterClosed), and the server
// replays what was missed (a restart loses nothing); an event `reset`
// (too long away) is given to every subscriber, which reloads its data.
// Events carry ids only ({id, type, person_id, ref_id}): a screen fetches
// what it shows again, under its own rights (core/api.js).
// Must not: paint anything, nor re-render a form being typed: that is
// the subscriber's choice (liveRefresh keeps a part being edited).
//
// How a section subscribes (for the notebook, the alerts, the home page):
//   import { onLive, liveRefresh } from '../../core/live.js';
//   onLive({ types: ['note.posted'], person: id, signal: ctx.signal },
//     (ev) => reload());
// or, for a part of a page drawn by a function:
//   liveRefresh(ctx, { types: ['visit.changed', 'visit.marked'] }, node,
//     () => redraw());
// `types`: event types (omitted: all), `person`: one person's events only,
// `direct`: only the events about no person (direct messages),
// `signal`: the page's AbortSignal (ctx.signal), which ends the
// subscription when the user leaves the page.

import { sessionLost } from './session.js';

const subs = new Set();
// When this tab last changed something (core/api.js): the events that
// follow are mostly its own change, already drawn from the answer.
let localWriteAt = -Infinity;
const ECHO_MS = 1500;

function noteLocalWrite() {
  localWriteAt = performance.now();
}
let source = null;
// Tests and the console read it: the events received by this tab.
const stats = { received: 0, last: null, open: false, retries: 0 };

function deliver(ev) {
  for (const s of [...subs]) {
    if (ev.type !== 'reset') {
      if (s.types && !s.types.includes(ev.type)) continue;
      if (s.person && ev.person_id !== s.person) continue;
      if (s.direct && ev.person_id) continue;
    }
    try {
      s.fn(ev);
    } catch (e) {
      console.error('live: subscriber failed', e);
    }
  }
}

function onMessage(e) {
  let data;
  try {
    data = JSON.parse(e.data);
  } catch {
    return;
  }
  stats.received += 1;
  stats.last = data.id;
  deliver({ ...data, type: e.type });
}

// The event types the server sends (docs/ARCHITECTURE.md « Live
// updates »); EventSource only reports the named ones it is told of.
const TYPES = ['reset', 'person.changed', 'circle.changed', 'consent.changed',
  'dlu.changed', 'caregiver.changed', 'document.changed', 'aggir.changed', 'profile.changed',
  'visit.changed', 'visit.marked', 'referral.changed', 'committee.changed',
  'support.changed', 'message.posted', 'message.withdrawn', 'message.mention',
  'note.posted', 'note.read', 'note.acked', 'alert.changed', 'alarm.changed', 'bed.changed',
  'oncall.changed'];

// The stream is closed for good by the browser when the server answers
// anything but 200 — a 401 (the session ended), but also nginx's 502 while
// Maillage restarts, or its 503 while it drains (review of issue 12, F26
// and F27). Then the session is asked: ended → the login page says so
// (sessionLost); alive, or the server unreachable → the stream is opened
// again after a pause growing to 30 s, from the last event received (the
// server replays what was missed, or sends `reset`).
let retryTimer = null;
let retryMs = 0;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30000;
const REOPEN_RESET_MS = 1500;

async function afterClosed() {
  retryTimer = null;
  if (!wanted) return;
  let r = null;
  try {
    r = await fetch('/api/v1/session', { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    r = null;	// unreachable: try again later
  }
  if (!wanted) return;
  if (r && r.status === 401) {
    let message = null;
    try {
      message = (await r.json()).error.message;
    } catch {
      message = null;
    }
    sessionLost(message || 'Votre session a expiré, veuillez vous reconnecter.');
    return;
  }
  if (r && r.ok) {
    open(true);
    return;
  }
  schedule();
}

function schedule() {
  retryMs = Math.min(RETRY_MAX_MS, retryMs ? retryMs * 2 : RETRY_MIN_MS);
  stats.retries += 1;
  retryTimer = setTimeout(afterClosed, retryMs);
}

let wanted = false;

// The last event id this tab has (the browser's, from the stream's first
// line or an event), to open the stream again from there.
let lastEventId = '';

function open(reopened = false) {
  const url = lastEventId ? `/api/v1/events?last_event_id=${encodeURIComponent(lastEventId)}`
    : '/api/v1/events';
  const es = new EventSource(url);
  source = es;
  for (const t of TYPES) es.addEventListener(t, onMessage);
  const again = reopened;
  es.onopen = () => {
    stats.open = true;
    retryMs = 0;
    // Opened again after an outage: the screens fetch what they show
    // once more a moment later (a `reset`), whatever the replay gave —
    // measured in Chromium, an event published in the first second of a
    // stream opened again could be missed though the server sent it.
    if (again) setTimeout(() => { if (source === es) deliver({ type: 'reset', id: null }); }, REOPEN_RESET_MS);
  };
  es.onerror = () => {
    stats.open = false;
    if (es.lastEventId) lastEventId = es.lastEventId;
    // CONNECTING: the browser retries by itself (a dropped connection).
    if (es.readyState !== EventSource.CLOSED || source !== es) return;
    source = null;
    if (wanted && !retryTimer) schedule();
  };
}

// Opens the tab's stream (called when a session starts; once).
function startLive() {
  if (source || typeof EventSource === 'undefined') return;
  wanted = true;
  retryMs = 0;
  lastEventId = '';
  open();
}

function stopLive() {
  wanted = false;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  if (source) source.close();
  source = null;
  stats.open = false;
  subs.clear();
}

// Subscribes fn to the events matching opts; returns the unsubscribe.
function onLive(opts, fn) {
  const s = { types: opts.types || null, person: opts.person || null, direct: !!opts.direct, fn };
  subs.add(s);
  const off = () => subs.delete(s);
  if (opts.signal) {
    if (opts.signal.aborted) off();
    else opts.signal.addEventListener('abort', off, { once: true });
  }
  return off;
}

// Whether the user is at work in node: the focus is inside it (a field
// being typed, a button just pressed, the confirmation a save focused),
// or a field there changed and not yet sent (data-dirty).
function editing(node) {
  if (!node) return false;
  const a = document.activeElement;
  if (a && a !== document.body && node.contains(a)) return true;
  // A form typed into then folded away (hidden) no longer holds the part.
  return [...node.querySelectorAll('[data-dirty]')].some((el) => !el.closest('[hidden]'));
}

// A form typed into is at work until it is reset or redrawn (data-dirty):
// a part holding one waits, even once the focus has left it, so that no
// half-typed text is lost to a redraw (issue 12 review: the identity,
// the support's forms, the referrals). One listener per page's main.
function trackDirty(ctx) {
  const main = ctx && ctx.main;
  if (!main || main.hasAttribute('data-live-dirty')) return;
  main.setAttribute('data-live-dirty', '');
  const mark = (e) => {
    const f = e.target && e.target.closest && e.target.closest('form');
    if (f && f.getAttribute('role') !== 'search') f.setAttribute('data-dirty', '');
  };
  const unmark = (e) => {
    if (e.target && e.target.removeAttribute) e.target.removeAttribute('data-dirty');
  };
  main.addEventListener('input', mark, true);
  main.addEventListener('change', mark, true);
  // Not cleared on `submit`: while it is sent the part still waits (its
  // button, disabled, drops the focus); a form sent is reset or drawn
  // again by its own code.
  main.addEventListener('reset', unmark, true);
}

// Redraws a part of the page on its events, without reload: bursts are
// coalesced (150 ms), and a part in use (editing()) waits until the focus
// leaves it (focusout), so that focus and half-typed text are kept. An
// event less than ECHO_MS after this tab's own write (mostly its echo)
// is drawn only at the end of that time: the user who just saved and
// opens the next form is then at work in the part, and the redraw waits.
function liveRefresh(ctx, opts, node, redraw) {
  trackDirty(ctx);
  let timer = null;
  let waiting = false;
  const run = () => {
    timer = null;
    if (!ctx.alive()) return;
    const n = typeof node === 'function' ? node() : node;
    if (!n || !n.isConnected) return;
    // Just after this tab's own write (mostly its echo, drawn from the
    // answer already): later, once the user is at work again in the part
    // (then it waits for the focus to leave) or not at all in it.
    const since = performance.now() - localWriteAt;
    if (since < ECHO_MS) {
      timer = setTimeout(run, ECHO_MS - since);
      return;
    }
    if (editing(n)) {
      if (!waiting) {
        waiting = true;
        n.addEventListener('focusout', () => {
          waiting = false;
          setTimeout(() => { if (!timer) timer = setTimeout(run, 0); }, 0);
        }, { once: true });
      }
      return;
    }
    redraw();
  };
  return onLive({ ...opts, signal: ctx.signal }, () => {
    if (!timer) timer = setTimeout(run, 150);
  });
}

export { startLive, stopLive, onLive, liveRefresh, editing, noteLocalWrite, stats as liveStats };
