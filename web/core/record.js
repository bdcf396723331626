// Maillage web core — the parts of a person's record that sections add.
//
// Owns: the registry of record parts. A section registers
//   registerRecordPart({id, order, emergency, render(person, access, ctx)})
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

export { recordParts, registerRecordPart };
