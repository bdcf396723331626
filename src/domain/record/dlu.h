/*
 * The emergency liaison file (DLU, DOMAIN §5 after HAS DLU-Dom 2021) and
 * the caregivers (aidants). The DLU is kept up to date, reviewed at least
 * every 12 months; it is `soins` data so the on-call staff (and a
 * break-the-glass grant) can read it. Caregivers are `social` data.
 */
#ifndef DOMAIN_DLU_H
#define DOMAIN_DLU_H

#include <stdint.h>

#include "json/jv.h"

struct ctx;
struct access_grant;

#define DLU_REVIEW_MONTHS 12
#define DLU_TEXTS 13

/* The free-text parts, in this order (codes in dlu_text_codes). */
extern const char *const dlu_text_codes[DLU_TEXTS + 1];
extern const char *const dlu_directives_codes[]; /* oui non inconnu */

struct dlu {
	const char *text[DLU_TEXTS];
	const char *directives;
	const char *reviewed_on;
	int64_t reviewed_by;
	const char *reviewed_by_name;
	const char *review_due; /* reviewed_on + 12 months */
	int overdue;
	const char *updated_at;
};

/*
 * SPEC: issue 10 point 6 (HAS DLU-Dom) — what the DLU page adds from the
 * rest of the record for the emergency services, read under the DLU's
 * own grant (admin + soins): the GP and a number to reach them, the legal
 * protection and the representative (who decides with or for the person:
 * the one `social` field the DLU shows, as DLU-Dom lists it), the last
 * GIR, and the CRT's on-call number. NULL/0 when unknown.
 */
struct dlu_emergency {
	const char *gp_name;
	const char *gp_org;
	const char *gp_phone;
	const char *protection; /* profile_protection_codes, NULL: none */
	const char *protection_label;
	const char *representative;
	int gir; /* 1..6, 0: no evaluation */
	const char *gir_on;
	const char *oncall_phone;
};

struct dlu_in {
	struct jv_str text[DLU_TEXTS];
	struct jv_str directives;
	struct jv_str reviewed_on;
};

/* *exists = 0 when the person has no DLU yet (then d is zeroed). */
int
dlu_get(struct ctx *, const struct access_grant *, struct dlu *, int *exists);
/* Saves the DLU; reviewed_on defaults to today, reviewed_by is ctx's user. */
int dlu_put(struct ctx *, const struct access_grant *, const struct dlu_in *);
/* An active support whose person has no DLU (issue 10 point 6). */
struct dlu_missing {
	int64_t support_id;
	int64_t person_id;
	const char *birth_name;
	const char *used_name;
	const char *first_names;
	/* Display forms of the strict traits (issue 10 §2). */
	const char *birth_name_display;
	const char *first_names_display;
	const char *birth_date;
	const char *started_on;
};
/* The active supports without a DLU, by name (500 at most); each row is
 * an identity shown, decided and traced by access_list_row
 * ("dlu.missing"), a hidden one left out. */
int dlu_missing_list(struct ctx *, struct dlu_missing **, int *n);
/* The emergency additions (admin + soins needed, as for the DLU). */
int dlu_emergency(
    struct ctx *, const struct access_grant *, struct dlu_emergency *);

struct caregiver {
	int64_t id;
	const char *name;
	const char *relation;
	const char *phone;
	const char *email;
	int lives_with;
	const char *situation; /* present, epuise, absent */
	int trusted_person;
	const char *note;
	const char *ended_on;
	const char *created_at;
	const char *updated_at;
};

struct caregiver_in {
	struct jv_str name;
	struct jv_str relation;
	struct jv_str phone;
	struct jv_str email;
	struct jv_bool lives_with;
	struct jv_str situation;
	struct jv_bool trusted_person;
	struct jv_str note;
	struct jv_str ended_on;
};

extern const char *const dlu_caregiver_situations[];

int dlu_caregivers(
    struct ctx *, const struct access_grant *, struct caregiver **, int *n);
int dlu_caregiver_add(struct ctx *, const struct access_grant *,
    const struct caregiver_in *, int64_t *id);
int dlu_caregiver_update(struct ctx *, const struct access_grant *, int64_t id,
    const struct caregiver_in *);

#endif
