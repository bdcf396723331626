/*
 * Action templates of the PPCS plan (issue 10 point 10): the CRT keeps,
 * per area of the plan, ready-made actions (need, shared objective,
 * action, frequency, and after how many months it is reviewed). The plan
 * editor picks one to fill an action. Not person data: read by every
 * member of the CRT, written by the coordination and the direction
 * (permission crt.settings on the routes).
 */
#ifndef DOMAIN_VOLET2_PLAN_TPL_H
#define DOMAIN_VOLET2_PLAN_TPL_H

#include <stdint.h>

struct ctx;

struct plan_tpl {
	int64_t id;
	const char *title;
	const char *area; /* plan_area_codes */
	const char *domain; /* plan_domain_codes */
	const char *need, *objective, *action, *frequency;
	int review_months; /* 1..24 */
	const char *updated_at;
};

/* The CRT's templates, by area then title. */
int plan_tpl_list(struct ctx *, struct plan_tpl **, int *n);
/* Creates (t->id set) or replaces template `id` (404 plan_template.not_found);
 * each write is traced (plan_template.create / .update / .delete). */
int plan_tpl_create(struct ctx *, struct plan_tpl *t);
int plan_tpl_update(struct ctx *, int64_t id, const struct plan_tpl *t);
int plan_tpl_delete(struct ctx *, int64_t id);
/* The demo's templates, one or two per area (seed 001's actions). */
int plan_tpl_seed_demo(struct ctx *);

#endif
