// Maillage web core — the session state shared by every page.
//
// Owns: the signed-in user, the CSRF token, the labels of /api/v1/meta
// and the small per-record memories (emergency accesses, last access
// answered, the message left for the next page). Must not: decide any
// right (core/perm.js only chooses what to offer).

const state = {
  user: null,       // GET /api/v1/session → user
  csrf: null,       // csrf_token from the login or session answer
  meta: null,       // GET /api/v1/meta (labels), loaded once per session
  renderSeq: 0,     // increases on each route render; stale answers drop
  navOpen: false,   // small screens: is the main navigation unfolded?
  focusAfter: null, // 'search' | 'prev' | 'next': where focus goes next
  breakglassUntil: {},  // person id → expires_at of an emergency access
  breakglassRenewal: {},  // person id → renewal number of that access (0: first)
  access: {},       // person id → access ({kind, read, write}) last answered
  flash: null,      // {id, page, message, duplicates}: for the next page shown
};

// What to do when the server says the session ended (core/shell.js sets
// it: back to the login page). A hook, so that api.js needs no shell.
let lostHandler = null;

function onSessionLost(fn) {
  lostHandler = fn;
}

function sessionLost(message) {
  if (state.user && lostHandler) lostHandler(message);
}

export { state, onSessionLost, sessionLost };
