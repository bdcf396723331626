/*
 * THE access decision point (PRODUCT §1, STYLE §5 "access as a
 * capability"). Whether a user may read or write a category of a person's
 * data is decided here and only here, from role × profession (matrix, as
 * data) × care-circle membership × consent objections × break-the-glass.
 * access_require() decides AND queues the trace row, so no person data
 * can be read without a decision and a trace.
 */
#ifndef ACCESS_ACCESS_H
#define ACCESS_ACCESS_H

#include <stdint.h>

struct ctx;
struct db;

enum role {
	ROLE_ADMIN,
	ROLE_DIRECTION,
	ROLE_COORDINATEUR,
	ROLE_MEDECIN,
	ROLE_SOIGNANT,
	ROLE_INTERVENANT,
	ROLE_SECRETARIAT,
	ROLE_PARTENAIRE,
	/* The person or a caregiver (issue 11): read-only, bound to one
	 * person, sees her planning and nothing of her record. */
	ROLE_PROCHE,
	ROLE__MAX
};

enum profession {
	PROF_ADMINISTRATEUR,
	PROF_DIRECTEUR,
	PROF_IDEC,
	PROF_MEDECIN,
	PROF_IDE,
	PROF_AIDE_SOIGNANT,
	PROF_ASG,
	PROF_AES,
	PROF_ERGOTHERAPEUTE,
	PROF_PSYCHOLOGUE,
	PROF_PSYCHOMOTRICIEN,
	PROF_DIETETICIEN,
	PROF_ENSEIGNANT_APA,
	PROF_ASSISTANT_SOCIAL,
	PROF_ANIMATEUR,
	PROF_SECRETAIRE,
	PROF_COORDINATEUR_PARCOURS,
	PROF_PROCHE, /* not a profession: the proche account's only one */
	PROF__MAX
};

enum category {
	CAT_ADMIN, /* identity, address, contacts */
	CAT_SOCIAL, /* living situation, rights, caregivers */
	CAT_SOINS, /* care notes, plan, treatments */
	CAT_MEDICAL, /* diagnoses, medical evaluation */
	CAT_PSY,
	CAT__MAX
};

#define CAT_BIT(c) (1u << (c))
/* The one answer for a missing person and a person one may not see. */
#define ACCESS_PERSON_HIDDEN_FR \
	"Cette personne est introuvable, ou vous " \
	"n'avez pas accès à son dossier."
#define ACCESS_ANY 0u /* access_require: every permitted category */
#define CAT_ALL ((1u << CAT__MAX) - 1)
#define ROLE_BIT(r) (1u << (r))

enum act { ACT_READ, ACT_WRITE };

enum grant_kind {
	GRANT_NONE, /* denied */
	GRANT_NORMAL,
	GRANT_BREAKGLASS,
	GRANT_PROCHE, /* a proche's read of her person's planning */
	/* issue 13: the on-call person on duty, for the person of an open
	 * telealarm call (her DLU, caregivers, visits, notes) */
	GRANT_ONCALL
};

/*
 * Permissions as data (issue 9 §1): what a role may do, one row per
 * action, used by the route rows (the dispatcher refuses a route whose
 * permission the role lacks), returned by GET /api/v1/session as the
 * user's "permissions" and listed per route in the OpenAPI document.
 * PERM_ANY (0) is "any signed-in user". The names are stable: the web UI
 * keys on them (docs/ARCHITECTURE.md lists them with their roles).
 */
#define ACCESS_PERMS(X) \
	X(PERSON_READ, "person.read") \
	X(PERSON_CREATE, "person.create") \
	X(PERSON_BREAKGLASS, "person.breakglass") \
	X(PERSON_FILTER_GIR, "person.filter.gir") \
	X(PERSON_ACCESSES, "person.accesses") \
	X(BREAKGLASS_REPORT, "breakglass.report") \
	X(TEAM_READ, "team.read") \
	X(REFERRAL_READ, "referral.read") \
	X(REFERRAL_CREATE, "referral.create") \
	X(REFERRAL_TRIAGE, "referral.triage") \
	X(COMMITTEE_READ, "committee.read") \
	X(COMMITTEE_PREPARE, "committee.prepare") \
	X(COMMITTEE_OPINION, "committee.opinion") \
	X(REFERRAL_DECIDE, "referral.decide") \
	X(SUPPORT_READ, "support.read") \
	X(SUPPORT_CONTRACT, "support.contract") \
	X(SUPPORT_EXIT, "support.exit") \
	X(EVALUATION_WRITE, "evaluation.write") \
	X(PIPELINE_READ, "pipeline.read") \
	X(WAITLIST_READ, "waitlist.read") \
	X(WAITLIST_FLAGS, "waitlist.flags") \
	X(WAITLIST_SHARE, "waitlist.share") \
	X(DAC_REFERRALS, "dac.referrals") \
	X(ELIGIBILITY_CRITERIA, "eligibility.criteria") \
	X(DIRECTORY_READ, "directory.read") \
	X(DIRECTORY_EDIT, "directory.edit") \
	X(PARTNERSHIP_READ, "partnership.read") \
	X(CRT_SETTINGS, "crt.settings") \
	X(TERRITORY_WRITE, "territory.write") \
	X(MATRIX_READ, "access.matrix.read") \
	X(MATRIX_WRITE, "access.matrix.write") \
	X(USERS_MANAGE, "users.manage") \
	X(ACCOUNTS_READ, "accounts.read") \
	X(ACCOUNTS_APPROVE, "accounts.approve") \
	X(VISIT_READ, "visit.read") \
	X(VISIT_PLAN, "visit.plan") \
	X(VISIT_MARK, "visit.mark") \
	X(NOTE_READ, "note.read") \
	X(NOTE_WRITE, "note.write") \
	X(NOTE_RECEIPTS, "note.receipts") \
	X(PROCHE_INVITE, "proche.invite") \
	X(PROCHE_PLANNING, "proche.planning") \
	X(ALERT_READ, "alert.read") \
	X(ALERT_RAISE, "alert.raise") \
	X(ALERT_HANDLE, "alert.handle") \
	X(ALARM_READ, "alarm.read") \
	X(ALARM_HANDLE, "alarm.handle") \
	X(ALARM_OPERATORS, "alarm.operators") \
	X(ONCALL_READ, "oncall.read") \
	X(ONCALL_PLAN, "oncall.plan") \
	X(BED_READ, "bed.read") \
	X(BED_BOOK, "bed.book") \
	X(BED_MANAGE, "bed.manage")

enum perm {
	PERM_ANY,
#define ACCESS_PERM_ENUM(id, name) PERM_##id,
	ACCESS_PERMS(ACCESS_PERM_ENUM)
#undef ACCESS_PERM_ENUM
	    PERM__MAX
};

/* Stable names, indexed by enum perm ([PERM_ANY] is NULL). */
extern const char *const access_perm_codes[PERM__MAX];
/* Whether `role` holds permission `perm` (PERM_ANY: every role). */
int access_permits(enum role, unsigned perm);
/*
 * SPEC: issue 12 review — alerts per kind (data, access.c): the
 * permission that acts on a kind's cause (alert.handle for the kinds
 * without one), and whether `role` may acknowledge and close an alert of
 * that kind (alert.handle and that permission).
 */
unsigned access_alert_kind_perm(const char *kind);
int access_alert_may_handle(enum role, const char *kind);
/* The role bits holding `perm` (for docs and tests). */
unsigned access_perm_roles(unsigned perm);

/* Stable codes (API, database) and French labels. NULL-terminated. */
extern const char *const access_role_codes[ROLE__MAX + 1];
extern const char *const access_role_labels[ROLE__MAX + 1];
extern const char *const access_prof_codes[PROF__MAX + 1];
extern const char *const access_prof_labels[PROF__MAX + 1];
extern const char *const access_cat_codes[CAT__MAX + 1];
extern const char *const access_cat_labels[CAT__MAX + 1];

/* Everything the decision depends on, gathered from the database. */
struct access_facts {
	enum role role;
	enum profession prof;
	unsigned matrix_read; /* CAT_BITs from access_rule */
	unsigned matrix_write;
	int in_circle;
	unsigned objected_cats; /* objections by category in force */
	int org_objected; /* objection against the user's org */
	int breakglass; /* an emergency grant is open */
	/* issue 13: on duty (the roster) while this person has an open
	 * telealarm call (the hook set by access_set_oncall) */
	int oncall;
};

struct access_grant {
	int64_t person_id;
	enum grant_kind kind;
	unsigned read; /* CAT_BITs */
	unsigned write;
	/* GRANT_ONCALL: what the normal decision alone reads (an action
	 * outside the on-call views falls back to it). */
	unsigned base_read;
};

/*
 * The on-call fact (issue 13): whether ctx's user is on duty now while
 * person_id has an open telealarm call (*yes 1). Set once by main to the
 * on-call context's function (access/ is below domain/ and does not
 * include it); unset, nobody gets an on-call grant. Returns E_OK or the
 * database error.
 */
typedef int (*access_oncall_fn)(struct ctx *, int64_t person_id, int *yes);
void access_set_oncall(access_oncall_fn);
/* The actions an on-call grant opens beyond the normal decision: the
 * identity, the DLU, the caregivers, the visits, the notes, the calls. */
int access_action_is_oncall(const char *action);
#define ACCESS_ONCALL_SCOPE_FR \
	"L'accès d'astreinte ouvre l'identité, le DLU, les aidants, les " \
	"visites et les dernières notes, pas ce contenu."

/* The pure decision: role ceiling ∩ matrix ∩ circle ∩ consent, or the
 * break-the-glass grant, or the on-call grant. No I/O: tested
 * exhaustively in unit tests. */
void access_decide(const struct access_facts *, struct access_grant *);
/* Legal ceiling of a role (bounds the editable matrix). */
unsigned access_role_ceiling(enum role, enum act);
/* Whether a role needs care-circle membership / is bound by objections. */
int access_role_needs_circle(enum role);
int access_role_is_external(enum role);
/*
 * Whether an account of this role reads any category of a record (every
 * role but the technical administrator and the proche): creating,
 * re-enabling, changing or resetting such an account is a request someone
 * else approves.
 */
int access_role_reads_records(enum role);
/*
 * Whether an approver (role, profession) may approve a request for an
 * account that will be (role, profession): the approver's read ceiling
 * (role ∩ profession) must contain the target's, so no one hands over
 * an account that reads more than they may read themselves.
 */
int access_may_approve(
    enum role, enum profession, enum role target, enum profession target_prof);
/* Whether the role is the proche's (issue 11): no category, no circle,
 * no list; only the routes flagged R_PROCHE (api_session_hook). */
int access_role_is_proche(enum role);
/*
 * SPEC: issue 11 — the proche's read of her person's planning. Decides
 * for ctx's user (role proche, bound to one person by app_user.person_id)
 * on `person_id` (0: the bound person) and queues the trace row: grant
 * kind "proche" (categories "admin": the planning's who-comes-when) when
 * it is the bound person, else "denied" and the answer of a person one
 * may not see (404 person.not_found). Any other role: 403 role.forbidden.
 * g->person_id is the person decided on.
 */
int access_proche_require(struct ctx *, int64_t person_id, const char *action,
    struct access_grant *g);
/* The person ctx's proche account is bound to (0: none, the account
 * disabled), without a trace; 403 role.forbidden for any other role. */
int access_proche_bound(struct ctx *, int64_t *person_id);

/* Roles allowed to open a break-the-glass grant. */
int access_role_may_breakglass(enum role);

/*
 * Decides for ctx's user on `person_id`, needing every category in `cats`
 * for `act` (ACCESS_ANY: whatever the user may, at least the identity),
 * and queues one trace row (granted or denied) in ctx naming exactly the
 * categories granted.
 * On success fills `g` (which may grant more categories than asked, for
 * reads of the whole record) and returns E_OK; otherwise E_FORBIDDEN
 * (or E_NOT_FOUND if the person is not in the user's CRT).
 * `action` names what is done for the trace ("person.read"...).
 */
int access_require(struct ctx *, int64_t person_id, unsigned cats, enum act,
    const char *action, struct access_grant *g);
/*
 * E_OK when grant `g` covers every category in `cats` for `act`;
 * otherwise sets the 403 access.denied error. Domain functions that take
 * a grant check it with this before touching a person's data.
 */
int access_grant_covers(
    struct ctx *, const struct access_grant *g, unsigned cats, enum act);
/* Whether `action` is an emergency view that a break-the-glass grant
 * opens ("person.read", "dlu.read"); access_require() refuses every other
 * action to a grant that is only break-the-glass (403 breakglass.scope). */
int access_action_is_emergency(const char *action);
#define ACCESS_BREAKGLASS_SCOPE_FR \
	"L'accès d'urgence ouvre l'identité, " \
	"le DLU et les dernières transmissions de soins, pas ce contenu."
/*
 * What a route addressed by a sub-resource id (support, referral, case)
 * answers when that sub-resource does not exist: status (enum err_code),
 * code, field, French message. access_require_sub() answers exactly that
 * when the person behind the sub-resource is hidden from the user, so the
 * id cannot be probed (issue 8 point 7).
 */
struct access_missing {
	int status;
	const char *code;
	const char *field;
	const char *message;
};
int access_require_sub(struct ctx *, int64_t person_id, unsigned cats, enum act,
    const char *action, struct access_grant *g, const struct access_missing *);
/* Same decision without a trace, for callers that trace themselves. */
int access_check(struct ctx *, int64_t person_id, struct access_grant *g);

/*
 * Widening someone else's access (issue 8 point 3): the actor must read
 * every category in `cats` and write the identity; decided and traced
 * like access_require() (403, nothing to change, when refused).
 * access_member_gains: what a new circle member (user_id or org_id) would
 * read through the circle, per its role ceiling ∩ its profession's
 * matrix; access_objection_cats: what lifting an objection reopens (every
 * category for an organisation objection; 0 if unknown).
 */
int access_may_widen(struct ctx *, int64_t person_id, unsigned cats,
    const char *action, struct access_grant *g);
int access_member_gains(
    struct ctx *, int64_t user_id, int64_t org_id, unsigned *cats);
/*
 * What an account of ctx's CRT reads. pid 0: at most, whatever the
 * person — its role's ceiling ∩ its profession's matrix (any role; the
 * notes and alerts rules). pid > 0: of that person, the decision its own
 * requests get (role ceiling ∩ profession matrix ∩ care circle ∩
 * objections; enabled accounts of a role that reads records), without
 * break-the-glass nor on-call grant and without a trace (the caller's own
 * decision is traced): « Qui l'a lue ? », the mentions (issue 12).
 */
int
access_user_reads(struct ctx *, int64_t pid, int64_t user_id, unsigned *cats);
/*
 * SPEC: issue 12 review (F22) — whether ctx's user may see the account
 * `user_id` of her CRT by name (a recipient or a mention to pick, a direct
 * message to write): a role that reads the team directory (team.read)
 * sees every account; any other role only the members of her care
 * circles, i.e. the accounts in the circle (in person or through their
 * organisation) of a person whose circle she is in. Oneself always. Reads
 * no person data: no trace. *yes 1 when visible; E_OK or the database
 * error.
 */
int access_user_visible(struct ctx *, int64_t user_id, int *yes);
int access_objection_cats(
    struct ctx *, int64_t person_id, int64_t objection_id, unsigned *cats);

/*
 * The decision for one row of a list (issue 9 §1): every list that shows a
 * person calls this for each row. Decides for ctx's user on `person_id`
 * (a person of ctx's CRT read from the list's query) and queues the row's
 * trace with the real grant kind, naming the categories the row shows:
 * `cats` ∩ what is granted (the identity at least). *row is
 * ACCESS_ROW_VISIBLE when the identity may be read, ACCESS_ROW_HIDDEN
 * otherwise (traced as a denial): the list then leaves the row out, or
 * shows it without identity where its purpose needs the count (the
 * committee's cases). g receives the grant (GRANT_NONE when hidden).
 * E_OK, or a database error.
 */
enum access_row { ACCESS_ROW_HIDDEN, ACCESS_ROW_VISIBLE };
int access_list_row(struct ctx *, int64_t person_id, unsigned cats,
    const char *action, struct access_grant *g, enum access_row *row);
/*
 * A row of a list shared with a partner organisation (the waitlist): the
 * share, not the care circle, is the basis for showing the identity; the
 * query has already left out the people who objected to the organisation.
 * Queues the row's trace (the identity, detail « liste partagée »).
 */
void
access_list_shared_row(struct ctx *, int64_t person_id, const char *action);
/*
 * Queues the trace row of a write on a person's record that is not itself
 * an access_require() decision: the creation of the record by its author,
 * or a consequence of an allowed write (an identity status lowered). Writes
 * are only ever granted normally (break-the-glass never writes), so the
 * row's grant kind is "normal".
 */
void access_trace_write(struct ctx *, int64_t person_id, unsigned cats,
    const char *action, const char *detail);
/*
 * A copy of `g` that also reads `cats`, for a domain function that must
 * merge stored data it writes back unchanged and never shows (the profile's
 * social part). Only the access module builds or widens a grant.
 */
void access_grant_for_merge(
    const struct access_grant *g, unsigned cats, struct access_grant *out);

/* The filter a person list must apply for ctx's user (SQL side). */
struct access_list_filter {
	int allowed; /* 0: the role sees no person at all */
	int need_circle;
	int check_objections;
};
int access_list_filter(struct ctx *, struct access_list_filter *);
/* Whether a profession may hold a role (e.g. a secretary is never a
 * doctor), and the legal ceiling of a profession (union of its roles'). */
int access_prof_allows_role(enum profession, enum role);
unsigned access_prof_ceiling(enum profession, enum act);

/* The default matrix seeded for a new CRT (profession × category). */
void access_default_rule(enum profession, enum category, int *r, int *w);
/* Seeds the default matrix for a CRT (inside the caller's txn). */
int access_seed_matrix(struct ctx *, int64_t crt_id);
/* Sets one matrix cell, refusing rights beyond every role's ceiling;
 * traced ("access.rule"). */
/* The CRT's matrix row of a profession (CAT_BITs), cached per thread by
 * rules revision. */
int access_matrix(struct ctx *, enum profession, unsigned *rd, unsigned *wr);
int access_set_rule(struct ctx *, enum profession, enum category, int r, int w);
/* The matrix of ctx's CRT: fn(arg, profession, category, read, write) per
 * cell, in order; a non-zero return of fn stops and is returned. */
int access_rules_each(struct ctx *,
    int (*fn)(void *, const char *, const char *, int, int), void *arg);

/* Whether a break-the-glass reason is real text (pure, unit-tested). */
int access_reason_is_text(const char *);
/* Opens a break-the-glass grant (reason required), traced; a refusal
 * (role, reason) is traced too. *renewal: how many earlier grants of this
 * user on this person are still open or ended less than
 * ACCESS_RENEWAL_SECS ago (0: not a renewal; 2: the third in a row). */
#define ACCESS_RENEWAL_SECS (24 * 3600)
int access_breakglass(struct ctx *, int64_t person_id, const char *reason,
    const char **expires_at, int *renewal);

/*
 * SPEC: issue 10 point 5 — what an emergency search row tells the on-call
 * user about one person, decided by access_decide() as if a grant were
 * open: `readable`, the DLU is already readable (circle, open grant);
 * `possible`, a break-the-glass grant would open it; else `refusal` says
 * in French why (profession, objection) before any reason is typed.
 */
struct access_emergency {
	int readable;
	int possible;
	const char *refusal;
};
/* The pure verdict on gathered facts (unit-tested over every role,
 * profession, circle and objection). */
void
access_emergency_decide(const struct access_facts *, struct access_emergency *);
/* Decides `e` for ctx's user on a person of the CRT and queues the row's
 * trace (`action`, the identity shown, grant kind "breakglass", detail
 * « recherche d'urgence »). */
int access_emergency_row(struct ctx *, int64_t person_id, const char *action,
    struct access_emergency *e);

/* One break-the-glass grant of the coordinator's morning report. */
struct access_breakglass_row {
	int64_t id;
	int64_t person_id;
	const char *birth_name;
	const char *first_names;
	/* Display forms of the strict traits (issue 10 §2). */
	const char *birth_name_display;
	const char *first_names_display;
	int64_t user_id;
	const char *login;
	const char *name;
	const char *role;
	const char *reason;
	const char *opened_at;
	const char *expires_at;
	int renewal; /* earlier grants still open within a day */
};
/* The grants opened since `since` (YYYY-MM-DD), newest first (500 at
 * most): fn(arg, row) per grant, the row valid during the call. The names
 * shown are an access: the caller decides and traces each row with
 * access_list_row ("breakglass.report") once the statement is done. A
 * non-zero return of fn stops and is returned. */
int access_breakglass_each(struct ctx *, const char *since,
    int (*fn)(void *, const struct access_breakglass_row *), void *arg);

/* "admin,soins" for a CAT_BIT set, in the arena. */
const char *access_cats_str(struct ctx *, unsigned);
int access_role_from(const char *);
int access_prof_from(const char *);
int access_cat_from(const char *);

#endif
