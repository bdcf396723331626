// Maillage web core — which links and forms to offer to whom.
//
// Owns: THE table of the UI's role sets, keyed by permission names
// (mirrors of the server's route tables and access rules). Every section
// asks can(user, 'name') instead of keeping its own role list.
// Must not: decide any right. The server decides every request and its
// French refusal (403, 409, 422) is shown as it comes; a permission here
// only avoids offering what the server would refuse.
//
// When the server sends the user's permissions (GET /api/v1/session →
// user.permissions, an array of these names), can() uses them and this
// table is only the fallback for a server that does not.

const ALL = ['admin', 'direction', 'coordinateur', 'medecin', 'soignant', 'intervenant',
  'secretariat', 'partenaire'];
const REFERRAL_READ = ['coordinateur', 'medecin', 'secretariat', 'direction'];

const ROLES_BY_PERMISSION = {
  // Records (the person pages); the technical administrator has none.
  'person.read': ALL.filter((r) => r !== 'admin'),
  'person.create': ['coordinateur', 'medecin', 'secretariat'],
  // The GIR filter of the search is `soins` data (person_list()).
  'person.filter_gir': ALL.filter((r) => r !== 'secretariat' && r !== 'admin'),
  // access_role_may_breakglass().
  'person.breakglass': ['coordinateur', 'medecin', 'soignant', 'intervenant', 'partenaire'],
  // GET /api/v1/persons/{id}/accesses and GET /api/v1/breakglass.
  'person.accesses': ['direction', 'coordinateur'],
  'breakglass.report': ['direction', 'coordinateur'],
  // The partner directory: everybody reads, these edit and see the
  // partnership dashboard.
  'directory.read': ALL.filter((r) => r !== 'admin'),
  'directory.edit': ['coordinateur', 'direction', 'secretariat'],
  'directory.partnership': ['coordinateur', 'direction'],
  // Volet 2 intake (api_referral.c, api_waitlist.c).
  'referral.read': REFERRAL_READ,
  'referral.write': ['coordinateur', 'medecin', 'secretariat'],
  'referral.soins': ['coordinateur', 'medecin'],
  'waitlist.read': [...REFERRAL_READ, 'partenaire'],
  'waitlist.flag': ['coordinateur', 'medecin', 'secretariat'],
  'waitlist.share': ['coordinateur', 'direction'],
  // Volet 2 from the committee on (api_support.c, api_committee.c).
  'support.read': REFERRAL_READ,
  'support.settings': ['coordinateur', 'direction'],
  'committee.prepare': ['coordinateur', 'medecin', 'secretariat'],
  'committee.opinion': ['coordinateur', 'medecin', 'soignant', 'intervenant'],
  'committee.decide': ['coordinateur'],
  // Platform: accounts and their validation.
  'platform.admin': ['admin'],
  'account.validate': ['direction', 'coordinateur'],
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
