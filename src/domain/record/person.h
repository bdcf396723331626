/*
 * The person record (dossier usager), minimal platform version: identity
 * with INS, one text per data category, care circle, consent objections.
 * Every function that reads or writes a person's data takes the access
 * grant returned by access_require(): no grant, no data (STYLE §5).
 */
#ifndef DOMAIN_PERSON_H
#define DOMAIN_PERSON_H

#include <stdint.h>

#include "access/access.h"
#include "domain/directory/territory.h"
#include "json/jv.h"

struct ctx;
struct db_stmt;

struct person {
	int64_t id;
	/* SPEC: issue 10 §2 — the strict traits in RNIV form (text_rniv:
	 * "ROUSSET", "MARCELLE JEANNE"); the *_typed forms keep what was
	 * typed, for display, NULL when it is the strict form itself. */
	const char *birth_name;
	const char *first_names;
	const char *birth_name_typed;
	const char *first_names_typed;
	const char *used_name;
	const char *used_first_name;
	const char *birth_date;
	const char *sex;
	const char *birthplace_insee;
	const char *ins;
	const char *ins_oid;
	const char *identity_status;
	const char *address;
	const char *commune_code;
	/* person_get: the commune read with the identity (has_commune 0 when
	 * commune_code is NULL or not in the reference). */
	struct commune commune;
	int has_commune;
	const char *phone;
	const char *identity_status_at;
	int64_t identity_status_by;
	const char *identity_status_by_name;
	const char *identity_document;
	int flags[4]; /* enum person_flag */
	const char *created_at;
	const char *updated_at;
	const char *data[CAT__MAX]; /* readable categories only */
	const char *data_at[CAT__MAX];
};

/* Input of create/update: unset fields are left alone. */
struct person_in {
	struct jv_str birth_name;
	struct jv_str first_names;
	struct jv_str used_name;
	struct jv_str used_first_name;
	struct jv_str birth_date;
	struct jv_str sex;
	struct jv_str birthplace_insee;
	struct jv_str ins;
	struct jv_str ins_oid;
	struct jv_str identity_status;
	struct jv_str address;
	struct jv_str commune_code;
	struct jv_str phone;
	struct jv_str identity_document;
	struct {
		struct jv_bool f[4]; /* enum person_flag */
	} flags;
	struct {
		struct jv_str c[CAT__MAX]; /* same order as enum category */
	} data;
};

struct circle_member {
	int64_t id;
	int64_t user_id;
	int64_t org_id;
	const char *role;
	const char *since;
	const char *name;
	const char *kind; /* profession or organisation type */
};

struct objection {
	int64_t id;
	int64_t org_id;
	const char *org_name;
	const char *category;
	const char *note;
	const char *since;
	const char *withdrawn_at;
	const char *informed_on; /* day the person objected */
	const char *informed_by; /* who informed her of her right */
};

/* DOMAIN §2 identity flags. */
enum person_flag {
	FLAG_DOUBTFUL,
	FLAG_FICTITIOUS,
	FLAG_HOMONYM,
	FLAG_DUPLICATE,
	FLAG__MAX
};

extern const char *const person_sex_codes[];
extern const char *const person_flag_codes[FLAG__MAX + 1];
/* High-trust identity documents (VALI, QUAL need one of them). */
extern const char *const person_document_codes[];
extern const char *const person_document_labels[];

/* Creates a person (create right checked, traced). *dups lists possible
 * duplicates found (same birth date, names equal once folded): flagged,
 * never merged. Errors: E_INVALID person.text.forbidden_char,
 * person.birthplace.invalid, person.ins.trait_mismatch (field: the
 * trait), ...; E_CONFLICT person.ins.taken when another person of the
 * CRT holds the INS (ctx->err_ref_id: its id, when known). */
int person_create(struct ctx *, const struct person_in *, int64_t *id,
    int64_t **dups, int *ndups);
int person_get(struct ctx *, const struct access_grant *, struct person *);
/* Same identity rules as person_create; the NIR's traits are checked
 * when the INS or a trait it encodes changes. */
int person_update(
    struct ctx *, const struct access_grant *, const struct person_in *);
/* A remark on a stored identity that is not a refusal. */
struct person_warning {
	const char *code;
	const char *field;
	const char *message; /* French */
};

/* Warnings on an identity (issue 8 §14, issue 10 §2): a well-formed
 * birthplace code absent from the commune reference (a commune merged
 * since the birth, or a typing error), or a 99xxx code absent from the
 * country table (countries.def). Nothing for a commune when the commune
 * reference is empty. At most
 * `max` written to w; *n their number. Strings live in ctx->arena. */
int person_warnings(struct ctx *, const char *birthplace,
    struct person_warning *w, int max, int *n);
/* The name of a birthplace code, for « né(e) à Oran (Algérie) »: the
 * country of a 99xxx code (country.h), else the commune of the reference;
 * NULL when neither knows it (or code is NULL). In ctx->arena. */
const char *person_birthplace_name(struct ctx *, const char *code);
/* Categories a person_in touches (for access_require on update). */
unsigned person_in_cats(const struct person_in *);

/* Search and filters of the person list. */
struct person_query {
	const char *q; /* name, "JJ/MM/AAAA" or INS */
	const char *commune; /* INSEE code */
	int volet2; /* living in the volet-2 territory */
	int gir; /* latest GIR (1-6), 0: any */
	int beneficiary; /* active volet-2 support: 1, 0, -1 any */
	int limit;
	int offset;
};

/* The persons ctx's user may see, searched and paged; each is traced. */
/* Binds the access part of the list queries (parameters 1-6 of
 * Q_PERSON_LIST / Q_PERSON_COUNT: the SQL side of the decision, which a
 * unit test compares with access_list_row()). */
void person_filter_bind(
    struct ctx *, struct db_stmt *, const struct access_list_filter *);
int person_list(struct ctx *, const struct person_query *, struct person **,
    int *n, int64_t *total);
/* Binds every parameter of Q_PERSON_LIST (Q_PERSON_COUNT ignores the
 * last three): the access filter (person_filter_bind), the search parsed
 * from pq->q (name tokens, birth date, INS), the filters and the page. */
void person_query_bind(struct ctx *, struct db_stmt *,
    const struct access_list_filter *, const struct person_query *);

/* SPEC: issue 10 §3 — 1 when two identities could be one person: the
 * first first name of either is one of the other's first names, and a
 * token of the birth or used name of one is one of the other's, compared
 * by name_key_close (accents, case, one typo on 5 letters or more,
 * phonetic). The birth date is compared by the caller. */
int person_identity_close(
    struct ctx *, const struct person *, const struct person *);

/* The possible duplicates of the identity being typed (birth_name,
 * used_name, first_names, used_first_name, birth_date, ins of `probe`),
 * before a creation: the persons of the CRT born that day with close
 * names (person_identity_close) and the holder of the INS, at most 10.
 * Each is an access decided and traced as a list row; *out holds those
 * the user may read (identity only, in ctx->arena), *hidden counts the
 * others. E_FORBIDDEN access.denied for a role without the list. */
int person_candidates(struct ctx *, const struct person *probe,
    struct person **out, int *n, int *hidden);

/* The display form of a strict trait: the typed one, else the strict. */
#define PERSON_DISPLAY(p, f) ((p)->f##_typed != NULL ? (p)->f##_typed : (p)->f)

/* Migration 0029's C step (issue 10 §2), in the migration's transaction:
 * rewrites the birth name and first names of every person stored before
 * it in RNIV form (text_rniv), keeps what was typed in birth_name_typed
 * and first_names_typed, and rewrites their search and name keys.
 * Idempotent: a row already in RNIV form is left alone. Not a change of a
 * strict trait: the identity status stays, nothing is traced. */
int person_rniv_migrate(struct ctx *);

/* Fills the name keys (migration 0024) of persons that have none: those
 * stored before it. Run at start; *done is the number of persons. */
int person_name_keys_backfill(struct ctx *, int *done);

/*
 * SPEC: issue 10 point 5 — the emergency search of the on-call roles:
 * a name (part of it, 2 letters at least) and a birth date and/or a
 * commune, over the whole CRT (circle and consent do not filter it: the
 * row only shows an identity), PERSON_EMERGENCY_MAX rows at most
 * (*more set when more matched: the user must narrow it). Each row is
 * decided and traced by access_emergency_row() ("person.emergency").
 */
#define PERSON_EMERGENCY_MAX 10
struct person_emergency {
	struct person p; /* identity and commune (has_commune) only */
	struct access_emergency e;
};
int
person_emergency_search(struct ctx *, const char *name, const char *birth_date,
    const char *commune, struct person_emergency **, int *n, int *more);

int person_circle(
    struct ctx *, const struct access_grant *, struct circle_member **, int *n);
int person_circle_add(struct ctx *, const struct access_grant *,
    int64_t user_id, int64_t org_id, const char *role, int64_t *id);
int
person_circle_end(struct ctx *, const struct access_grant *, int64_t member_id);
int person_objections(
    struct ctx *, const struct access_grant *, struct objection **, int *n);
/* Records an objection against one organisation (org_id) or one category
 * (exactly one of them); informed_on (a date, not in the future) and
 * informed_by (who informed the person of her right) may be NULL.
 * Errors: E_INVALID objection.target.one_of, objection.org_id.self,
 * objection.informed_on.future; E_NOT_FOUND org.not_found. */
int person_objection_add(struct ctx *, const struct access_grant *,
    int64_t org_id, const char *category, const char *note,
    const char *informed_on, const char *informed_by, int64_t *id);
int person_objection_withdraw(
    struct ctx *, const struct access_grant *, int64_t objection_id);

#endif
