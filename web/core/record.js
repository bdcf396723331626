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

const parts = [];

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

export { dluPartsOf, prefetchRecordParts, recordParts, registerDluPart, registerRecordPart };
