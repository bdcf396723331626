/*
 * Volet-2 eligibility (DOMAIN §3, PRODUCT §3 step 3): 60 years or older,
 * GIR 1-4 (latest AGGIR evaluation), living in a commune of the volet-2
 * territory, and none of the CRT's exclusion criteria (data the CRT edits;
 * the demo has CRT Nord Lozère's, seed 002). Computed with its reasons.
 */
#ifndef DOMAIN_ELIGIBILITY_H
#define DOMAIN_ELIGIBILITY_H

#include <stdint.h>

struct ctx;
struct access_grant;

#define ELIGIBILITY_MIN_AGE 60

struct exclusion {
	int64_t id;
	const char *code;
	const char *label;
	int active; /* criteria list: in use by the CRT */
	int applies; /* person list: noted for the person */
	const char *noted_on;
	const char *noted_by;
	const char *note;
};

struct eligibility_reason {
	const char *code; /* age, gir, territory, exclusion.X */
	int ok;
	const char *label; /* French, with the facts */
};

struct eligibility {
	int eligible;
	int age; /* -1 unknown */
	int gir; /* 0: no evaluation */
	const char *gir_on; /* its date */
	/* PRODUCT §3 step 5: the AGGIR is redone when missing or older
	 * than the CRT's limit (crt.aggir_valid_months). */
	int aggir_months;
	int aggir_outdated;
	struct eligibility_reason *reasons;
	int nreasons;
};

int eligibility_criteria(struct ctx *, struct exclusion **, int *n);
/* Adds or changes a criterion of ctx's CRT (code [a-z_]{2,40}). */
int eligibility_criterion_set(
    struct ctx *, const char *code, const char *label, int active);
int eligibility_seed_demo(struct ctx *);

/* The active criteria with whether each applies to the grant's person
 * (`soins` read needed). */
int eligibility_exclusions(
    struct ctx *, const struct access_grant *, struct exclusion **, int *n);
/* Notes (applies) or clears a criterion for a person (`soins` write). */
int eligibility_exclusion_set(struct ctx *, const struct access_grant *,
    const char *code, int applies, const char *note);

/* Computes eligibility (admin and soins read needed). */
int eligibility_compute(
    struct ctx *, const struct access_grant *, struct eligibility *);

#endif
