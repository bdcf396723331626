// The volet-2 eligibility of a person as the UI says it (issue 10 §8):
// one reading shared by the referral page and the committee's cases, so
// a person whose only missing condition is the GIR is « à établir », not
// « non éligible ».

// The eligibility as the UI says it: 'eligible', 'not' (a condition
// known to fail) or 'unknown' (only the GIR is missing: no AGGIR yet).
// null: not readable by this user.
export function eligibilityState(e) {
  if (!e || e instanceof Error) return null;
  if (e.eligible) return 'eligible';
  const failing = (e.reasons || []).filter((x) => !x.ok);
  return e.gir === null && failing.every((x) => x.code === 'gir') ? 'unknown' : 'not';
}

export const ELIGIBILITY_SUMMARY = {
  eligible: ['badge state-on', 'Éligible', 'Toutes les conditions du volet 2 sont remplies.'],
  not: ['badge badge-warn', 'Non éligible', 'Au moins une condition du volet 2 n\'est pas remplie.'],
  unknown: ['badge badge-info', 'Éligibilité à établir', 'Les autres conditions sont remplies : '
    + 'l\'éligibilité sera connue avec le GIR, après l\'évaluation AGGIR.'],
};
