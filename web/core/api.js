// Maillage web core — every request to the server goes through api().
//
// Owns: the session cookie, the CSRF token on non-GET requests, JSON in
// and out, the server's French error messages as ApiError, and the
// AbortSignal the router gives each page (opts.signal): a request of a
// page the user has left is cancelled and its AbortError ignored.

import { writeDone } from './drafts.js';
import { noteLocalWrite } from './live.js';
import { sessionLost, state } from './session.js';

class ApiError extends Error {
  constructor(status, err) {
    super((err && err.message) || `Erreur inattendue (code ${status}).`);
    this.status = status;
    this.code = err && err.code;
    this.field = err && err.field;
    // 409 person.ins.taken: the record that holds the INS (its id only).
    this.holderId = err && err.holder_id;
  }
}

// All requests go through here: cookie, CSRF token, JSON, French errors.
// opts.raw: the body is sent as it is (a File), with opts.type as its
// Content-Type (document upload). opts.signal: an AbortSignal; a page
// passes its ctx as opts (api('GET', path, undefined, ctx)), whose
// signal the router aborts when the user leaves the page: fetch then
// rejects with an AbortError, passed on as it is (isAbort(); the page's
// ctx.alive() checks drop it, core/shell.js silences the uncaught ones).
async function api(method, path, body, opts = {}) {
  const opt = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    cache: 'no-store',
  };
  if (opts.signal) opt.signal = opts.signal;
  if (method !== 'GET') {
    if (state.csrf) opt.headers['X-CSRF-Token'] = state.csrf;
    if (opts.raw) {
      opt.headers['Content-Type'] = opts.type || 'application/octet-stream';
      opt.body = body;
    } else {
      opt.headers['Content-Type'] = 'application/json';
      if (body !== undefined) opt.body = JSON.stringify(body);
    }
  }
  let r;
  try {
    r = await fetch(path, opt);
  } catch (e) {
    throw unreachable(e);
  }
  const out = await answer(r, method, path);
  // Issue 12: this tab's own change comes back as a live event; the page
  // has already drawn it from this answer (core/live.js).
  if (method !== 'GET') noteLocalWrite();
  return out;
}

function unreachable(e) {
  if (isAbort(e)) return e;
  return new ApiError(0, { code: 'network', message: 'Le serveur ne '
    + 'répond pas. Vérifiez votre connexion puis réessayez.' });
}

// The data of a response, or its ApiError (the server's French message).
async function answer(r, method, path) {
  let data = null;
  if (r.status !== 204) {
    try {
      data = await r.json();
    } catch (e) {
      if (isAbort(e)) throw e;
      data = null;
    }
  }
  // Typed text is kept until a write succeeds (core/drafts.js).
  if (method !== 'GET') writeDone(r.ok);
  if (!r.ok) {
    const err = new ApiError(r.status, data && data.error);
    // A session that ended elsewhere (expiry, account disabled): back to
    // the login page, with the server's message.
    if (r.status === 401 && state.user && path !== '/api/v1/session') {
      sessionLost(err.message);
    }
    throw err;
  }
  return data;
}

// The answer web/early.js asked for path before the modules loaded (issue
// 10 §12), as api('GET', path) would give it; once; null if not asked.
function takeEarly(path) {
  const m = globalThis.maillageEarly;
  const p = m && m.get(path);
  if (!p) return null;
  m.delete(path);
  return p.then((r) => answer(r, 'GET', path), (e) => {
    throw unreachable(e);
  });
}

// Forgets the early answers (login page: they belong to no one now),
// their bodies read to the end so that no request stays open.
function dropEarly() {
  const m = globalThis.maillageEarly;
  if (!m) return;
  for (const p of m.values()) p.then((r) => r.arrayBuffer()).catch(() => null);
  m.clear();
}

// A request cancelled because its page was left: never an error to show.
function isAbort(e) {
  return !!e && e.name === 'AbortError';
}

export { ApiError, api, dropEarly, isAbort, takeEarly };
