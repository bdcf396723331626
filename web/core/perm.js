// Maillage web core — which links and forms to offer to whom.
//
// Owns: THE table of the UI's role sets, keyed by the server's
// permission names (src/access/access.h ACCESS_PERMS). Every section
// asks can(user, 'name') instead of keeping its own role list.
// Must not: decide any right. The server decides every request and its
// French refusal (403, 409, 422) is shown as it comes; a permission here
// only avoids offering what the server would refuse.
//
// When the server sends the user's permissions (GET /api/v1/session →
// user.permissions, an array of these names), can() uses them and this
// table is only the fallback for a server that does not.

// Exactly the server's table (src/access/access.c perm_roles[], dumped by
// `maillage permissions`): same names, same roles. tools/check-web.mjs
// compares the two, and every name a section asks can() about.
const ROLES_BY_PERMISSION = {
  'person.read': [
    'direction', 'coordinateur', 'medecin', 'soignant', 'intervenant', 'secretariat', 'partenaire'],
  'person.create': ['coordinateur', 'medecin', 'secretariat'],
  'person.breakglass': ['coordinateur', 'medecin', 'soignant', 'intervenant'],
  'person.filter.gir': ['direction', 'coordinateur', 'medecin', 'soignant', 'intervenant', 'partenaire'],
  'person.accesses': ['direction', 'coordinateur'],
  'breakglass.report': ['direction', 'coordinateur'],
  'team.read': ['direction', 'coordinateur', 'medecin', 'soignant', 'intervenant', 'secretariat'],
  'referral.read': ['direction', 'coordinateur', 'medecin', 'secretariat'],
  'referral.create': ['coordinateur', 'medecin', 'secretariat'],
  'referral.triage': ['direction', 'coordinateur', 'medecin', 'secretariat'],
  'committee.read': ['direction', 'coordinateur', 'medecin', 'secretariat'],
  'committee.prepare': ['coordinateur', 'medecin', 'secretariat'],
  'committee.opinion': ['coordinateur', 'medecin', 'soignant', 'intervenant'],
  'referral.decide': ['coordinateur'],
  'support.read': ['direction', 'coordinateur', 'medecin', 'secretariat'],
  'support.contract': ['coordinateur', 'medecin', 'secretariat'],
  'support.exit': ['coordinateur'],
  'evaluation.write': ['coordinateur', 'medecin'],
  'pipeline.read': ['direction', 'coordinateur', 'medecin', 'secretariat'],
  'waitlist.read': ['direction', 'coordinateur', 'medecin', 'secretariat', 'partenaire'],
  'waitlist.flags': ['coordinateur', 'medecin', 'secretariat'],
  'waitlist.share': ['direction', 'coordinateur'],
  'dac.referrals': ['partenaire'],
  'eligibility.criteria': ['direction', 'coordinateur'],
  'directory.read': [
    'direction', 'coordinateur', 'medecin', 'soignant', 'intervenant', 'secretariat', 'partenaire'],
  'directory.edit': ['direction', 'coordinateur', 'secretariat'],
  'partnership.read': ['direction', 'coordinateur'],
  'crt.settings': ['direction', 'coordinateur'],
  'territory.write': ['admin', 'direction', 'coordinateur'],
  'access.matrix.read': ['admin', 'direction', 'coordinateur'],
  'access.matrix.write': ['admin'],
  'users.manage': ['admin'],
  'accounts.read': ['admin', 'direction', 'coordinateur', 'medecin'],
  'accounts.approve': ['direction', 'coordinateur', 'medecin'],
  'visit.read': [
    'direction', 'coordinateur', 'medecin', 'soignant', 'intervenant', 'secretariat', 'partenaire'],
  'visit.plan': ['coordinateur', 'medecin', 'secretariat'],
  'visit.mark': ['coordinateur', 'medecin', 'soignant', 'intervenant', 'partenaire'],
  'note.read': ['direction', 'coordinateur', 'medecin', 'soignant', 'intervenant', 'partenaire'],
  'note.write': ['coordinateur', 'medecin', 'soignant', 'intervenant', 'partenaire'],
  'note.receipts': ['coordinateur', 'medecin'],
  'proche.invite': ['coordinateur'],
  'proche.planning': ['proche'],
  'alert.read': [
    'direction', 'coordinateur', 'medecin', 'soignant', 'intervenant', 'secretariat', 'partenaire'],
  'alert.raise': ['coordinateur', 'medecin', 'soignant', 'intervenant', 'partenaire'],
  'alert.handle': ['coordinateur', 'medecin', 'soignant', 'intervenant'],
  'alarm.read': ['direction', 'coordinateur', 'medecin', 'soignant', 'intervenant'],
  'alarm.handle': ['coordinateur', 'medecin', 'soignant', 'intervenant'],
  'alarm.operators': ['direction', 'coordinateur'],
  'oncall.read': ['direction', 'coordinateur', 'medecin', 'soignant', 'intervenant', 'secretariat'],
  'oncall.plan': ['coordinateur'],
  'bed.read': ['direction', 'coordinateur', 'medecin', 'soignant', 'intervenant', 'secretariat'],
  'bed.book': ['coordinateur', 'medecin', 'soignant'],
  'bed.manage': ['direction', 'coordinateur'],
};

// Whether to offer what `permission` allows to `user` (null: nobody).
function can(user, permission) {
  if (!user) return false;
  if (Array.isArray(user.permissions)) return user.permissions.includes(permission);
  const roles = ROLES_BY_PERMISSION[permission];
  if (!roles) throw new Error(`permission inconnue : ${permission}`);
  return roles.includes(user.role);
}

export { can, ROLES_BY_PERMISSION };
