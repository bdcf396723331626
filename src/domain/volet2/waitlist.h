/*
 * The shared waiting list (PRODUCT §3 step 4): referrals accepted for
 * evaluation, ranked by the priority criteria of seed 004 (hospital
 * discharge, unsuitable housing, absent or exhausted caregiver,
 * isolation, referred by the DAC), then by date; shared read-only with
 * the partner organisations the CRT chooses, within each person's consent.
 */
#ifndef DOMAIN_WAITLIST_H
#define DOMAIN_WAITLIST_H

#include <stdint.h>

struct ctx;
struct access_grant;

enum waitlist_priority {
	PRIO_HOSPITAL, /* referral marked urgent: hospital discharge */
	PRIO_HOUSING, /* unsuitable housing (noted) */
	PRIO_CAREGIVER, /* caregiver exhausted or absent (derived) */
	PRIO_ISOLATION, /* isolation (noted) */
	PRIO_DAC, /* referred by the DAC (derived) */
	PRIO__MAX
};

extern const char *const waitlist_priority_codes[PRIO__MAX + 1];
extern const char *const waitlist_priority_labels[PRIO__MAX + 1];

struct wait_entry {
	int64_t referral_id;
	int64_t person_id;
	const char *birth_name;
	const char *first_names;
	/* Display forms of the strict traits (issue 10 §2). */
	const char *birth_name_display;
	const char *first_names_display;
	const char *birth_date;
	const char *sex; /* "F", "M" or NULL (« né » / « née ») */
	const char *received_on;
	const char *waitlisted_at;
	const char *reason;
	const char *status; /* liste_attente or evaluation */
	int prio[PRIO__MAX];
	int score;
	int rank; /* 1 = first, the CRT's */
	/* For a partner: criteria drawn from data it may not read (social)
	 * are left out, so no score is given (issue 8 point 19). */
	int criteria_hidden;
	int objected; /* left out: consent (internal) */
};

struct wait_share {
	int64_t org_id;
	const char *org_name;
	const char *org_type;
	const char *role;
};

/* The ranked list as ctx's user may see it (partners: shared with their
 * organisation, people without an objection, each with the CRT's rank
 * and criteria_hidden where some criteria are not shared with it). Each
 * entry shown is traced. */
int waitlist_list(struct ctx *, struct wait_entry **, int *n, int *target);
/* Notes the unsuitable housing and isolation criteria of a referral. */
int waitlist_set_flags(struct ctx *, const struct access_grant *,
    int64_t referral_id, int housing, int isolation);
int waitlist_shares(struct ctx *, struct wait_share **, int *n);
/* Shares with an organisation (role: its part in the evaluations), or
 * stops sharing (role NULL). */
int waitlist_share_set(struct ctx *, int64_t org_id, const char *role);

#endif
