/*
 * Referrals (PRODUCT §3 steps 1-2): who sent whom, how, why, how urgent;
 * the triage with the DAC (complex situations, orientation with who, when
 * and why, the DAC's answer) and the feedback owed to the referrer until
 * it is given (seed 002 fiche réflexe). Each step is dated, attributed and
 * refused when out of order.
 */
#ifndef DOMAIN_REFERRAL_H
#define DOMAIN_REFERRAL_H

/* The answer to a missing referral (also a hidden person's, issue 8 §7). */
#define REFERRAL_MISSING "Cette demande n'existe pas."

#include <stdint.h>

#include "json/jv.h"

struct ctx;
struct access_grant;

extern const char *const referral_source_codes[];
extern const char *const referral_source_labels[];
extern const char *const referral_channel_codes[];
extern const char *const referral_channel_labels[];
extern const char *const referral_status_codes[];
extern const char *const referral_status_labels[];
extern const char *const referral_action_codes[];

struct referral {
	int64_t id;
	int64_t person_id;
	const char *birth_name;
	const char *first_names;
	/* Display forms of the strict traits (issue 10 §2). */
	const char *birth_name_display;
	const char *first_names_display;
	const char *birth_date;
	const char *sex; /* "F", "M" or NULL (« né » / « née ») */
	const char *source;
	const char *channel;
	const char *reason;
	int requested_volet;
	int urgent;
	const char *hospital_doctor;
	const char *referrer_name;
	const char *referrer_contact;
	int64_t referrer_org_id;
	const char *referrer_org;
	const char *received_on;
	const char *status;
	int complex;
	const char *dac_oriented_at;
	const char *dac_oriented_by;
	const char *dac_reason;
	const char *dac_answer;
	const char *dac_answered_at;
	const char *feedback_given_at;
	const char *feedback_by;
	const char *feedback_note;
	const char *created_at;
	const char *created_by;
	const char *updated_at; /* last step (e.g. when closed) */
};

struct referral_in {
	struct jv_int person_id;
	struct jv_str source;
	struct jv_str channel;
	struct jv_str reason;
	struct jv_int requested_volet;
	struct jv_bool urgent;
	struct jv_str hospital_doctor;
	struct jv_str referrer_name;
	struct jv_str referrer_contact;
	struct jv_int referrer_org_id;
	struct jv_str received_on;
};

/* Records a referral for the grant's person (admin write needed). */
int referral_create(struct ctx *, const struct access_grant *,
    const struct referral_in *, int64_t *id);
/* Moves a referral of ctx's CRT to `status` (the admission's evaluation,
 * the committee's decision): the referral table is written only by this
 * module. */
int referral_set_status(struct ctx *, int64_t id, const char *status);
/* One referral of ctx's CRT (the caller checks access to its person). */
int referral_get(struct ctx *, int64_t id, struct referral *);
/* Referrals by status ("" any), or only those whose feedback is owed,
 * or only open ones (not decided yet), of one person (person_id) or all
 * (0); urgent first, then the newest. */
int referral_list(struct ctx *, const char *status, int feedback_due,
    int open_only, int64_t person_id, struct referral **, int *n);
/*
 * A triage step: "complexe" (a complex, multidimensional situation for
 * the DAC), "orienter_dac" (text: why), "reponse_dac" (text: the DAC's
 * answer), "retour" (feedback given to the referrer, text: note),
 * "accepter" (to the waiting list for evaluation), "classer" (closed).
 * E_CONFLICT with a French message when out of order.
 */
int referral_triage(struct ctx *, const struct access_grant *, int64_t id,
    const char *action, const char *text);

#endif
