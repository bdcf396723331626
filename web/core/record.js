// Maillage web core — the parts of a person's record that sections add.
//
// Owns: the registry of record parts. A section registers
//   registerRecordPart({id, order, emergency, load, render(person, access, ctx)})
// (emergency: true when the part belongs to the break-the-glass view:
// identity, DLU, care notes; the others are not shown under such a grant)
// from its index.js; the record page (sections/record/record.js) calls
// each render with the record's answer, its access ({kind, read, write})
// and the page context (ctx.signal aborts when the user leaves, ctx.alive()),
// and places the returned Node (null: nothing) at its order among its own
// parts. So the record shows the parcours volet 2, the accesses link and
// later visits, notes or alarms without importing their sections.
// Must not: decide what a user may see: the part asks the server, and a
// refused part removes itself (core/widgets.js loadPart).
// A part whose code loads on first use (issue 10 §12) gives its module's
// loader as `load` (`() => import('./x.js')`): prefetchRecordParts(),
// called when the record page is opened, starts those downloads at once,
// in parallel with the record page's own module and answer, instead of
// after the record is painted.
// The record comes in one request with its parts' answers (issue 10
// §12): a part names the server's parts it reads (`include(user)` →
// names of GET /api/v1/persons/{id}/record, e.g. ['dlu']), recordUrl()
// asks them all, useRecordReply() keeps the answers on the page's ctx,
// and the part reads its answer with partGet(ctx, path), which falls back
// to its own route when the answer is not there (left out, or a page
// drawn again). A refused part rejects with its route's error.

import { ApiError, api } from './api.js';
import { state } from './session.js';

const parts = [];

// The server's parts and their own routes (for partGet's paths). The
// planning's week is the one the server answered (its from/to: this week
// in the CRT's zone), so a page showing another week asks its own.
const PART_PATHS = {
  aggir: (id) => `/api/v1/persons/${id}/aggir`,
  dlu: (id) => `/api/v1/persons/${id}/dlu`,
  profile: (id) => `/api/v1/persons/${id}/profile`,
  caregivers: (id) => `/api/v1/persons/${id}/caregivers`,
  documents: (id) => `/api/v1/persons/${id}/documents`,
  timeline: (id) => `/api/v1/persons/${id}/timeline`,
  supports: (id) => `/api/v1/persons/${id}/supports`,
  referrals: (id) => `/api/v1/referrals?person_id=${id}`,
  visits: (id, d) => (d ? `/api/v1/visits?person_id=${id}&from=${d.from}&to=${d.to}` : null),
  proches: (id) => `/api/v1/persons/${id}/proches`,
  plan: (id, d) => (d ? `/api/v1/supports/${d.support.id}/plan` : null),
  notes: (id) => `/api/v1/persons/${id}/notes`,
  messages: (id) => `/api/v1/persons/${id}/messages`,
};
// The record page's own parts: the AGGIR history and the plan its circle
// proposal reads (sections/record/record.js, edit.js).
const OWN_PARTS = ['aggir', 'plan'];

function registerRecordPart(part) {
  if (parts.some((p) => p.id === part.id)) {
    throw new Error(`record part ${part.id} registered twice`);
  }
  parts.push(part);
}

// The registered parts, by order.
function recordParts() {
  return [...parts].sort((a, b) => a.order - b.order);
}

// Starts loading the parts' modules (errors are the parts' to show).
function prefetchRecordParts() {
  for (const p of parts) if (p.load) p.load().catch(() => null);
}

// Resolves once every part's module has loaded (or failed), or after ms:
// the record page waits for it before drawing, so that its parts are
// filled as it is drawn, not each after (issue 10 §12: on a slow phone
// every intermediate drawing of the record was a layout of ≈ 50 ms).
function recordPartsLoaded(ms) {
  const all = Promise.all(parts.filter((p) => p.load).map((p) => loadModule(p.load).catch(() => null)));
  return Promise.race([all, new Promise((r) => { setTimeout(r, ms); })]);
}

// A part's module by its loader (`() => import('./x.js')`), kept once
// loaded: loadedModule() gives it at once, so that a part whose code is
// there fills in the same task as the page is drawn (an import() of a
// module already loaded still answers a task later).
const loaded = new Map();
function loadModule(load) {
  return load().then((m) => {
    loaded.set(load, m);
    return m;
  });
}
function loadedModule(load) {
  return loaded.get(load) || null;
}

// GET /api/v1/persons/{id}/record with the parts the registered parts
// read for this user (web/early.js, at boot, asks every part).
function recordUrl(id) {
  const names = new Set(OWN_PARTS);
  for (const p of parts) {
    for (const n of (p.include ? p.include(state.user) : [])) names.add(n);
  }
  return `/api/v1/persons/${id}/record?include=${[...names].sort().join(',')}`;
}

// Keeps the parts of a record reply on the page's ctx; returns the record.
function useRecordReply(ctx, id, reply) {
  const m = new Map();
  for (const [name, path] of Object.entries(PART_PATHS)) {
    if (reply[name] !== undefined) m.set(path(id, reply[name]), { data: reply[name] });
  }
  for (const r of reply.refused || []) {
    const path = PART_PATHS[r.part] && PART_PATHS[r.part](id);
    if (path) m.set(path, { error: new ApiError(r.status, r) });
  }
  ctx.parts = m;
  return reply.person;
}

// A part's answer: the one the record brought, else its route's. The
// answers live as long as the page's ctx: a page drawn again (render())
// gets a new ctx and asks again.
function partGet(ctx, path) {
  const hit = ctx.parts && ctx.parts.get(path);
  if (!hit) return api('GET', path, undefined, ctx);
  return hit.error ? Promise.reject(hit.error) : Promise.resolve(hit.data);
}

// The same, once: a part that redraws itself on the same ctx (the
// planning's week after a marking) asks its route the next time.
function partTake(ctx, path) {
  const p = partGet(ctx, path);
  if (ctx.parts) ctx.parts.delete(path);
  return p;
}

// The DLU sheet's own parts (issue 11: the QR code of the visits'
// pointage, printed with the DLU): a section registers
//   registerDluPart({id, render(personId, ctx) → Node | null})
// and the printable DLU page (sections/record/dlu.js) appends each, after
// the DLU, when it is read from the server (not the offline copy).
const dluParts = [];

function registerDluPart(part) {
  if (dluParts.some((p) => p.id === part.id)) {
    throw new Error(`DLU part ${part.id} registered twice`);
  }
  dluParts.push(part);
}

function dluPartsOf() {
  return [...dluParts];
}

export {
  dluPartsOf, loadModule, loadedModule, partGet, partTake, prefetchRecordParts, recordParts,
  recordPartsLoaded, recordUrl, registerDluPart, registerRecordPart, useRecordReply,
};
