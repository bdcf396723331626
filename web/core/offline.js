// Maillage web core — the offline DLU on the phone (issue 10 point 6).
//
// Owns: registering web/sw.js for the roles that may break the glass or
// work in a care circle (others: unregistered, cache deleted), and the
// Cache Storage « maillage-dlu-v1 » it answers from when the network
// fails: the app's static files (code, no data), the session reply
// without its CSRF token (the signed-in user's own identity), and the
// last MAX_DLU DLU replies this user opened, each stamped with the time
// it was stored. Cleared at logout, on a user change, on a 401 session
// (the worker), and per DLU after MAX_AGE_MS. Must not: store anything
// else (no record, list or document reply).

import { can } from './perm.js';

const CACHE = 'maillage-dlu-v1';
const MAX_DLU = 20;
const USER_KEY = '/__maillage/offline-user';
const DLU = /^\/api\/v1\/persons\/\d{1,15}\/dlu$/;

let enabled = false;
let precached = false;

function supported() {
  return window.isSecureContext && 'serviceWorker' in navigator && 'caches' in window;
}

function eligible(user) {
  return !!user && (can(user, 'person.breakglass') || user.role === 'partenaire');
}

function json(body, saved) {
  return new Response(JSON.stringify(body), { headers: {
    'Content-Type': 'application/json', 'X-Maillage-Saved': saved } });
}

// Forgets everything stored for offline use.
async function offlineClear() {
  enabled = false;
  precached = false;
  if (!('caches' in window)) return;
  try {
    await caches.delete(CACHE);
  } catch {
    // Nothing stored, or storage unavailable: nothing to forget.
  }
}

// At the start of a session (session reply `data`): registers the worker
// for the eligible roles and stores the session without its token; a
// different user than the one stored first clears the store.
async function offlineStart(data) {
  const user = data && data.user;
  if (!supported()) return;
  if (!eligible(user) || user.must_change_password) {
    await offlineClear();
    try {
      const regs = await navigator.serviceWorker.getRegistrations();
      await Promise.all(regs.map((r) => r.unregister()));
    } catch {
      // No worker: nothing to remove.
    }
    return;
  }
  try {
    const cache = await caches.open(CACHE);
    const prev = await cache.match(USER_KEY);
    if (prev && (await prev.text()) !== String(user.id)) {
      await caches.delete(CACHE);
    }
    const fresh = await caches.open(CACHE);
    const now = new Date().toISOString();
    await fresh.put(USER_KEY, new Response(String(user.id)));
    const { csrf_token: _drop, ...session } = data;
    await fresh.put('/api/v1/session', json(session, now));
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    enabled = true;
  } catch {
    enabled = false;
  }
}

// The app's static files loaded so far (code and styles, no data), so that
// the DLU page can start without the network.
async function precache(cache) {
  if (precached) return;
  precached = true;
  const own = performance.getEntriesByType('resource').map((e) => new URL(e.name))
    .filter((u) => u.origin === location.origin && !u.pathname.startsWith('/api/'))
    .map((u) => u.pathname + u.search);
  await cache.addAll(['/', ...new Set(own)]);
}

// Keeps the DLU reply of person `id` (what GET /persons/{id}/dlu answered),
// the newest MAX_DLU only.
async function offlineKeepDlu(id, data) {
  if (!enabled || !data || data.offline) return;
  try {
    const cache = await caches.open(CACHE);
    const saved = new Date().toISOString();
    await cache.put(`/api/v1/persons/${id}/dlu`, json({ ...data, offline: { saved_at: saved } }, saved));
    const dlus = [];
    for (const req of await cache.keys()) {
      const path = new URL(req.url).pathname;
      if (!DLU.test(path)) continue;
      const r = await cache.match(req);
      dlus.push({ req, at: r ? r.headers.get('X-Maillage-Saved') || '' : '' });
    }
    dlus.sort((a, b) => (a.at < b.at ? 1 : -1));
    for (const old of dlus.slice(MAX_DLU)) await cache.delete(old.req);
    await precache(cache);
  } catch {
    // Storage full or refused: the DLU is simply not kept offline.
  }
}

export { offlineClear, offlineKeepDlu, offlineStart };
