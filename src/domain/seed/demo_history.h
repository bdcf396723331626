/*
 * A year of volet-2 history for the demo CRT (issue 4, sized by issue
 * 11): referrals taken through evaluation and committee to supports with
 * their PPCS plans and signed contracts, hospitalisations and absences,
 * exits with their relays, a refusal, the waiting list and referrals
 * still open. Every step goes through the domain functions, back-dated,
 * as the demo accounts.
 */
#ifndef DOMAIN_DEMO_HISTORY_H
#define DOMAIN_DEMO_HISTORY_H

#include <stdint.h>

struct ctx;
struct demo_case;

/* The file active's target: the 32 open supports and two places. */
#define DEMO_FILE_TARGET 34
#define DEMO_FILE_MAX 40
#define DEMO_ACTIONS_MAX 8

/* How an action of a plan comes back at home: what the planning will
 * expand (the plan's frequency text says the same in French). */
struct demo_rhythm {
	const char *label; /* the plan's frequency */
	const char *kind; /* visit kind */
	const char *rrule; /* RFC 5545 without DTSTART; NULL: once */
	const char *at; /* local start, HH:MM */
	int minutes;
};

/* One action of the current plan that brings someone to the home. */
struct demo_visit {
	int position; /* in the plan's actions */
	int64_t user_id, org_id; /* who carries it */
	struct demo_rhythm rhythm;
};

/* An open support (active or contract to sign) and its visits. */
struct demo_support {
	int64_t person_id, support_id;
	int plan_version;
	int nvisits;
	struct demo_visit visits[DEMO_ACTIONS_MAX];
};

struct demo_file {
	int n;
	struct demo_support s[DEMO_FILE_MAX];
};

/*
 * pids: the eight hand-written people in seed order; orgs: the demo
 * orgs in demo.c's order; cases: demo_cohort_seed's people. Fills `file`
 * with every open support, for the planning's visits.
 */
int demo_history_seed(struct ctx *, const int64_t *pids, const int64_t *orgs,
    const struct demo_case *cases, struct demo_file *file);

#endif
