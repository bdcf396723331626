/*
 * The individual support plan on the PPCS model (DOMAIN §4): a referent,
 * the summary of problems and of the person's own project, the action
 * plan grouped under the five volet-2 areas (each action: need and its
 * domain, shared objective, action, who — a CRT member or a partner
 * organisation —, frequency, start, due and re-evaluation dates, status),
 * and the shared objectives not achieved. Every save is a new version;
 * earlier versions are kept and readable.
 */
#ifndef DOMAIN_PLAN_H
#define DOMAIN_PLAN_H

#include <stdint.h>

struct ctx;
struct access_grant;

extern const char *const plan_area_codes[];
extern const char *const plan_area_labels[];
extern const char *const plan_domain_codes[];
extern const char *const plan_domain_labels[];
extern const char *const plan_status_codes[];
extern const char *const plan_status_labels[];

struct plan_action {
	const char *area;
	const char *domain;
	const char *need;
	const char *objective;
	const char *action;
	int64_t who_user_id;
	const char *who_user;
	int64_t who_org_id;
	const char *who_org;
	const char *frequency;
	const char *start_on;
	const char *due_on;
	const char *review_on;
	const char *status;
	const char *status_reason;
};

struct plan {
	int64_t id;
	int version;
	int64_t referent_id;
	const char *referent;
	const char *problems;
	const char *project;
	const char *unmet;
	const char *created_at;
	const char *created_by;
	int nactions;
	struct plan_action *actions;
};

/*
 * Saves a new version of the plan of an open support (soins write).
 * E_INVALID names the action's field ("actions.2.who_user_id").
 */
int plan_save(struct ctx *, const struct access_grant *, int64_t support_id,
    const struct plan *, int *version);
/* One version (0: the current one) with its actions (soins read). */
int plan_get(struct ctx *, const struct access_grant *, int64_t support_id,
    int version, struct plan *);
/* Every version, newest first, without actions (soins read). */
int plan_versions(struct ctx *, const struct access_grant *, int64_t support_id,
    struct plan **, int *n);

#endif
