/*
 * The demo's visits at home (issue 11): every open support's plan actions
 * that bring someone to the home become visit series (the CRT's aide and
 * nurse, the SSIAD, the ADMR SAAD by day and by night, the private
 * nurse, the occupational therapist, the psychologist), started eight
 * weeks ago, and the past eight weeks are marked as a real team would
 * have: mostly done (with the QR code, or by hand with the reason), some
 * not done with their reason, a few moved. Today's visits that ended more
 * than an hour ago are done; the rest of the day is the aide's round.
 */
#ifndef DOMAIN_SEED_DEMO_VISITS_H
#define DOMAIN_SEED_DEMO_VISITS_H

struct ctx;
struct demo_file;

#define DEMO_VISITS_WEEKS 8

/* `home`: a person followed outside volet 2 whose SSIAD passes (morning
 * and evening, her care text says so) are planned too, so that her
 * daughter's proche account sees a planning; `ssiad`: that service. */
int demo_visits_seed(
    struct ctx *, const struct demo_file *, int64_t home, int64_t ssiad);

#endif
