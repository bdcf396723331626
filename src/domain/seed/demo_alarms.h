/*
 * The demo's telealarm (issue 13): two operators — `teleassistance-demo`,
 * whose secret is $MAILLAGE_DEMO_ALARM_SECRET or
 * « maillage-demo-alarm-secret », and `alerte-lozere-demo` (secret
 * « maillage-demo-alarm-secret-2 ») —, the subscriber references of the
 * file active, and a month of calls received through alarm_ingest and
 * handled through alarm_step_add as the accounts on duty: most cleared
 * by the aide (level 1), some passed to the nurse (level 2 called, the
 * home visit), one hospitalisation, one subscriber unknown to the CRT.
 */
#ifndef DOMAIN_SEED_DEMO_ALARMS_H
#define DOMAIN_SEED_DEMO_ALARMS_H

#include <stdint.h>

struct ctx;
struct demo_file;

#define DEMO_ALARM_OPERATOR "teleassistance-demo"
#define DEMO_ALARM_SECRET "maillage-demo-alarm-secret"
#define DEMO_ALARM_DAYS 30

int demo_alarms_seed(struct ctx *, int64_t crt_id, const struct demo_file *);

#endif
