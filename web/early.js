// Maillage — the boot's first requests, sent before the modules load
// (issue 10 §12). index.html loads this file as an `async` module with no
// import, so it runs as soon as it arrives, while the ~20 modules of the
// boot are still on their way: the session, the labels of /api/v1/meta
// and, when the address is a record (#/personnes/12), the record with all
// its parts (GET /api/v1/persons/12/record) are asked at once instead of
// one round trip after app.js. core/api.js takeEarly() hands each answer
// to the code that would have asked it; the shell drops them at the login
// page. The record's answer is decided and traced by the server exactly
// as the record page's own request (the session's user, the page's rule
// for its parts).
// Must not: import anything (it would wait for the module graph), keep
// any answer itself, or send anything but these GETs — nor anything at
// all once the app has booted (an `async` script may run after app.js
// when it arrives late: its answers would then outlive a login page).

if (!globalThis.maillageBooted) {
  const early = new Map();
  const ask = (path) => {
    const p = fetch(path, { credentials: 'same-origin', cache: 'no-store',
      headers: { Accept: 'application/json' } });
    p.catch(() => null);	// taken (and its failure reported) by the page
    early.set(path, p);
  };
  ask('/api/v1/session');
  ask('/api/v1/meta');
  const m = /^#\/personnes\/(\d{1,15})$/.exec(location.hash || '');
  if (m) ask(`/api/v1/persons/${m[1]}/record`);
  globalThis.maillageEarly = early;
}
