// Maillage — the boot's first requests, sent before the modules load
// (issue 10 §12). tools/web-build.mjs inlines this file (minified) in
// index.html, right after the import map, as a classic script allowed by
// its CSP hash: it runs as soon as the page's first bytes are parsed,
// while the ~20 modules of the boot are still on their way (one round
// trip earlier than the separate file it was): the session, the labels of
// /api/v1/meta and, when the address is a record (#/personnes/12), the
// record with all its parts (GET /api/v1/persons/12/record) are asked at
// once instead of one round trip after app.js; and the record page's own
// modules (its page and its parts, RECORD_MODULES: their versioned URLs,
// read from the sources by the build) are announced (modulepreload)
// instead of after the labels (the router waits for them to choose the
// page). core/api.js takeEarly() hands each answer to the code that would
// have asked it; the shell drops them at the login page. The record's
// answer is decided and traced by the server exactly as the record page's
// own request (the session's user, the page's rule for its parts).
// Inline before app.js, it always runs before the app boots.
// Must not: import anything, keep any answer itself, or send anything but
// these GETs.

(() => {
  const RECORD_MODULES = /* RECORD_MODULES */ [];
  const early = new Map();
  const ask = (path) => {
    const p = fetch(path, { credentials: 'same-origin', cache: 'no-store',
      headers: { Accept: 'application/json' } });
    p.catch(() => null);	// taken (and its failure reported) by the page
    early.set(path, p);
  };
  ask('/api/v1/session');
  ask('/api/v1/meta');
  const m = /^#\/personnes\/([1-9]\d{0,14})$/.exec(location.hash || '');
  if (m) {
    ask(`/api/v1/persons/${m[1]}/record`);
    for (const href of RECORD_MODULES) {
      const l = document.createElement('link');
      l.rel = 'modulepreload';
      l.href = href;
      document.head.append(l);
    }
  }
  globalThis.maillageEarly = early;
})();
