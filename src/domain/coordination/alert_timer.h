/*
 * The alert timer (issue 12): a thread that runs the product rules
 * (alert_check_all) as a normal write job of the group-commit writer
 * (db/commit.h), at the next instant a rule becomes due and at least
 * every ALERT_TIMER_PERIOD_S seconds, so that an alert is raised within
 * 60 s of becoming due. One job at a time; its results are committed
 * like any request's.
 */
#ifndef DOMAIN_COORDINATION_ALERT_TIMER_H
#define DOMAIN_COORDINATION_ALERT_TIMER_H

/* The longest wait between two checks (a cause created by a write). */
#define ALERT_TIMER_PERIOD_S 20

#include <time.h>

/*
 * Another context's timed rule (issue 13: the telealarm escalation),
 * run in the same job right after the alerts' check, under the same
 * savepoint: it does its writes and sets *next_due to its own next due
 * instant (server clock, 0: none). Registered by main before
 * alert_timer_start (the timer does not include the other contexts);
 * ALERT_TIMER_CHECKS_MAX at most.
 */
#define ALERT_TIMER_CHECKS_MAX 4
struct ctx;
typedef int (*alert_timer_check_fn)(struct ctx *, time_t *next_due);
void alert_timer_add_check(alert_timer_check_fn);

/* Starts the thread (after commit_start). 0, or -1 if it cannot. */
int alert_timer_start(void);
/* Runs a check now (the test clock moved, a test asks). */
void alert_timer_kick(void);
/* Runs a check now and waits (at most timeout_ms) until a check that
 * started after this call is committed: 0, or -1 on timeout. */
int alert_timer_kick_wait(int timeout_ms);
/* Checks run so far (committed). */
unsigned long alert_timer_runs(void);
/* Stops the thread and waits for a job under way (before commit_stop). */
void alert_timer_stop(void);

#endif
