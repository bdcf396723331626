/*
 * The demo's on-call roster (issue 13): the CRT's real team members at
 * level 1 (the aide-soignante and the IDEC) and level 2 (the nurse and
 * the doctor by day; by night the nurse and the SSIAD du Malzieu's pooled
 * night nurse), weekly turns from this week's Monday, the doctor's line
 * at level 3; one deliberate gap (a night three days ahead left vacant
 * at level 2: shown in red, an alert raised), published with the reason
 * written. Entered through roster_edit_* as the coordinator.
 */
#ifndef DOMAIN_SEED_DEMO_ONCALL_H
#define DOMAIN_SEED_DEMO_ONCALL_H

#include <stdint.h>

struct ctx;

/* `pool`: the partner organisation whose night nurse is pooled. */
int demo_oncall_seed(struct ctx *, int64_t pool);

#endif
