// Maillage — the service worker of the offline DLU (issue 10 point 6).
//
// Owns: answering, when the network fails, the few requests the page
// stored in the Cache Storage « maillage-dlu-v1 » (web/core/offline.js
// writes it: the app's static files, the session without its CSRF token,
// the last 20 DLU replies opened by the signed-in user, each 72 h at
// most). Online, every request goes to the network as before; nothing is
// stored here. Must not: cache any other reply, serve a stale reply when
// the network answers, keep anything after a logout or a 401 session.
//
// Registered by web/core/offline.js only for the roles that may break
// the glass or work in a care circle. Scope: / (the app).

const CACHE = 'maillage-dlu-v1';
const DLU = /^\/api\/v1\/persons\/\d{1,15}\/dlu$/;
const SESSION = '/api/v1/session';
const MAX_AGE_MS = 72 * 3600e3;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (ev) => ev.waitUntil(self.clients.claim()));

// What was stored for this request, if still young enough.
async function stored(req, url) {
  const cache = await caches.open(CACHE);
  // A page load (the app's one page, whatever its hash) is '/'.
  const key = url.pathname.startsWith('/api/') || req.mode === 'navigate'
    ? url.pathname : req;
  // ignoreVary: static files vary by Accept-Encoding, which a navigation
  // and the page's fetch() may not send alike.
  const hit = await cache.match(key, { ignoreSearch: url.pathname === '/', ignoreVary: true });
  if (!hit) return Response.error();
  const saved = Date.parse(hit.headers.get('X-Maillage-Saved') || '');
  if (DLU.test(url.pathname) && !(Date.now() - saved < MAX_AGE_MS)) {
    await cache.delete(key);
    return Response.error();
  }
  // A page load gets a response of its own (status, headers, body), not
  // the stored one: a navigation refuses a response that carries another
  // request's history (a redirect followed when it was stored).
  if (req.mode === 'navigate') {
    return new Response(await hit.blob(), { status: hit.status, statusText: hit.statusText,
      headers: hit.headers });
  }
  return hit;
}

self.addEventListener('fetch', (ev) => {
  const req = ev.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.method === 'DELETE' && url.pathname === SESSION) {
    // A logout forgets everything, whatever the network says.
    ev.waitUntil(caches.delete(CACHE));
    return;
  }
  if (req.method !== 'GET') return;
  const api = url.pathname.startsWith('/api/');
  if (api && url.pathname !== SESSION && !DLU.test(url.pathname)) return;
  ev.respondWith(fetch(req).then((r) => {
    if (url.pathname === SESSION && r.status === 401) {
      return caches.delete(CACHE).then(() => r);
    }
    return r;
  }, () => stored(req, url)));
});
