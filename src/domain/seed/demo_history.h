/*
 * A year of volet-2 history for the demo CRT (issue 4): referrals taken
 * through evaluation and committee to supports with their PPCS plans and
 * signed contracts, one hospitalised beyond 3 months (the exit is
 * proposed), one exited with its relay, one refused, two referrals still
 * open. Every step goes
 * through the domain functions, back-dated, as the demo accounts.
 */
#ifndef DOMAIN_DEMO_HISTORY_H
#define DOMAIN_DEMO_HISTORY_H

#include <stdint.h>

struct ctx;

/* pids: the eight demo people in seed order; orgs: the six demo orgs. */
int demo_history_seed(struct ctx *, const int64_t *pids, const int64_t *orgs);

#endif
