/*
 * The admission committee (PRODUCT §3 step 6, "commission de gestion de
 * la file active"): a meeting with its date and members; for each case,
 * the team's opinion then the coordinator's decision — admit (a support
 * episode starts, in preparation), refuse (a reason from the list and a
 * text) or orient elsewhere (to whom). Admitting someone who does not
 * meet the eligibility rules needs a written override reason; admitting
 * needs the home visit, the medical evaluation and an AGGIR evaluation
 * not older than the CRT's limit.
 */
#ifndef DOMAIN_COMMITTEE_H
#define DOMAIN_COMMITTEE_H

/* The answer to a missing case (also a hidden person's, issue 8 §7). */
#define CASE_MISSING "Ce dossier n'est pas à l'ordre du jour de ce comité."

#include <stdint.h>

struct ctx;
struct access_grant;

extern const char *const committee_decision_codes[]; /* admettre... */
extern const char *const committee_decision_labels[];
extern const char *const committee_refusal_codes[];
extern const char *const committee_refusal_labels[];

struct committee_member {
	int64_t user_id;
	const char *name;
	const char *profession;
};

struct committee_case {
	int64_t id;
	int64_t committee_id;
	const char *held_on;
	int64_t referral_id;
	int64_t person_id;
	const char *birth_name;
	const char *first_names;
	/* Display forms of the strict traits (issue 10 §2). */
	const char *birth_name_display;
	const char *first_names_display;
	const char *birth_date;
	const char *sex; /* "F", "M" or NULL (« né » / « née ») */
	const char *referral_status;
	const char *added_at;
	const char *team_opinion;
	const char *opinion_at;
	const char *opinion_by;
	const char *decision; /* NULL until decided */
	const char *refusal_reason;
	const char *decision_note;
	const char *oriented_to;
	int64_t oriented_org_id;
	const char *oriented_org;
	int eligible; /* at decision; -1 before */
	const char *override_reason;
	const char *decided_at;
	const char *decided_by;
	int64_t support_id; /* admitted: the support started */
};

struct committee {
	int64_t id;
	const char *held_on;
	const char *guests;
	const char *note;
	const char *created_at;
	const char *created_by;
	int ncases;
	int ndecided;
	struct committee_member *members;
	int nmembers;
};

struct committee_decision {
	const char *decision;
	const char *refusal_reason;
	const char *note;
	const char *oriented_to;
	int64_t oriented_org_id;
	const char *override_reason;
};

/* Schedules a meeting; members are users of ctx's CRT (at least one). */
int committee_create(struct ctx *, const char *held_on, const char *guests,
    const char *note, const int64_t *members, int nmembers, int64_t *id);
/* Meetings, newest first, with their case counts (no members). */
int committee_list(struct ctx *, struct committee **, int *n);
/* One meeting with its members. */
int committee_get(struct ctx *, int64_t id, struct committee *);
/* Its cases (the caller traces each person shown). */
int committee_cases(struct ctx *, int64_t id, struct committee_case **, int *n);
int committee_case_get(struct ctx *, int64_t committee_id, int64_t case_id,
    struct committee_case *);
/* Every case of a referral, oldest first (its history). */
int committee_cases_of(
    struct ctx *, int64_t referral_id, struct committee_case **, int *n);
/*
 * Puts an evaluated referral (status "evaluation") on the agenda, with
 * the team's opinion if already known. One undecided case per referral.
 */
int committee_case_add(struct ctx *, const struct access_grant *,
    int64_t committee_id, int64_t referral_id, const char *opinion,
    int64_t *case_id);
/* Records (or corrects, before the decision) the team's opinion. */
int committee_case_opinion(struct ctx *, const struct access_grant *,
    int64_t committee_id, int64_t case_id, const char *opinion);
/*
 * The coordinator's decision, on or after the meeting's date, once the
 * team's opinion is recorded. "admettre" starts a support (status
 * "preparation") whose id is returned in *support_id (0 otherwise).
 */
int committee_decide(struct ctx *, const struct access_grant *,
    int64_t committee_id, int64_t case_id, const struct committee_decision *,
    int64_t *support_id);

#endif
