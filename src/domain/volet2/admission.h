/*
 * Admission steps after the waiting list (PRODUCT §3 step 5, DOMAIN §3):
 * the evaluations — a home visit (possibly joint with other services)
 * and the medical evaluation by the CRT doctor, with the GP when possible.
 * The first evaluation moves the referral from the list to "evaluation".
 */
#ifndef DOMAIN_ADMISSION_H
#define DOMAIN_ADMISSION_H

#include <stdint.h>

struct ctx;
struct access_grant;

extern const char *const admission_eval_kinds[]; /* domicile, medicale */

struct admission_eval {
	int64_t id;
	const char *kind;
	const char *done_on;
	int64_t done_by;
	const char *done_by_name;
	const char *done_by_profession;
	const char *joint_with;
	int with_gp;
	const char *findings;
	const char *created_at;
};

/*
 * Records an evaluation of a referral on the waiting list or already in
 * evaluation (soins write on its person; medical write too for the
 * medical one). A medical evaluation is the CRT doctor's: done_by must be
 * a doctor of the team. done_by 0: ctx's user.
 */
int admission_eval_add(struct ctx *, const struct access_grant *,
    int64_t referral_id, const char *kind, const char *done_on, int64_t done_by,
    const char *joint_with, int with_gp, const char *findings, int64_t *id);
/* The evaluations the grant may read (the medical ones need `medical`). */
int admission_evals(struct ctx *, const struct access_grant *,
    int64_t referral_id, struct admission_eval **, int *n);

#endif
