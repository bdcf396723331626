/*
 * Evaluations kept in a person's record. First: AGGIR grids (DOMAIN §1),
 * each with its date, evaluator, answers as entered, and result.
 */
#ifndef DOMAIN_EVALUATION_H
#define DOMAIN_EVALUATION_H

#include <stdint.h>

#include "domain/record/aggir.h"

struct ctx;
struct access_grant;

struct aggir_eval {
	int64_t id;
	const char *evaluated_on;
	int64_t evaluator_id;
	const char *evaluator_name;
	const char *input_kind; /* "letters" or "answers" */
	const char *answers; /* JSON text as stored */
	const char *letters;
	int rank;
	int gir;
	const char *note;
	const char *created_at;
};

/*
 * Stores an evaluation for the grant's person (write on `soins` needed).
 * `letters` is the computed 10-letter grid; `answers` the JSON text of the
 * input. evaluator_id 0 means ctx's user. E_INVALID on a bad date or an
 * evaluator outside the CRT.
 */
int evaluation_aggir_add(struct ctx *, const struct access_grant *,
    const char *evaluated_on, int64_t evaluator_id, const char *kind,
    const char *answers, const char *letters, const char *note, int64_t *id,
    struct aggir_result *);
/* The person's evaluations, newest first (read on `soins` needed). */
int evaluation_aggir_list(struct ctx *, const struct access_grant *, int limit,
    struct aggir_eval **, int *n);

#endif
