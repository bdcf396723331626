/*
 * The DAC's own work (issue 10 point 7, seed 002's convention: crossed
 * orientations, joint evaluations). A referral oriented to the DAC names
 * the CRT's DAC organisation and puts it in the person's care circle, so
 * the DAC's users read the person through the same access decision as
 * every partner (an objection to the DAC still hides her). The DAC's
 * user lists the referrals oriented to its organisation and answers each
 * once: taken or not (with a reason), and a joint evaluation proposed on
 * a date. Once answered, the CRT may put the referral on the waiting
 * list (referral_triage "accepter").
 */
#ifndef DOMAIN_VOLET2_DAC_H
#define DOMAIN_VOLET2_DAC_H

#include <stdint.h>

struct ctx;
struct access_grant;

/* The role the DAC holds in the circle of a person oriented to it. */
#define DAC_CIRCLE_ROLE "Orientation vers le DAC"

struct dac_referral {
	int64_t id;
	int64_t person_id;
	const char *birth_name, *first_names, *birth_date;
	const char *sex; /* person_sex_codes */
	/* Display forms of the strict traits (issue 10 §2). */
	const char *birth_name_display, *first_names_display;
	const char *reason; /* the referral's motive */
	int urgent;
	const char *received_on;
	const char *status; /* referral_status_codes */
	const char *oriented_at, *oriented_reason;
	int taken; /* -1: not answered, 0: not taken, 1: taken */
	const char *answer; /* the DAC's text (why not, or how) */
	const char *joint_eval_on; /* date proposed, or NULL */
	const char *answered_at, *answered_by;
	int64_t org_id; /* dac_referral_get only */
};

/*
 * After referral_triage's "orienter_dac" (same transaction, grant `g` on
 * the person, writing her identity): names the CRT's DAC organisation on
 * the referral and adds it to the circle unless already there. No DAC in
 * the directory: the referral stays oriented without a named
 * organisation (the CRT then types the DAC's answer itself, as before).
 */
int dac_orient(struct ctx *, const struct access_grant *g, int64_t referral_id);
/*
 * The referrals oriented to ctx's organisation (a partner user; none for
 * a user without an organisation), unanswered first. Each row goes
 * through access_list_row ("dac.referral.list"): a person hidden from the
 * user (an objection to the DAC) is left out.
 */
int dac_referrals(struct ctx *, struct dac_referral **, int *n);
/*
 * The DAC's answer on referral `id`, typed by its own user: taken (1) or
 * not (0, `text` the reason, required), `text` a note otherwise; a joint
 * evaluation proposed on `joint_on` (a date, or NULL). The referral must
 * be oriented to ctx's organisation and the person readable by the user
 * (else 404 referral.not_found, traced), once (409 referral.state).
 */
int dac_answer(struct ctx *, int64_t id, int taken, const char *text,
    const char *joint_on);

#endif
