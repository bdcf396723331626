/*
 * The alert timer (issue 12): not a sweep every 15 minutes but a thread
 * that sleeps until the next due instant the last check computed (the
 * next local midnight for the date rules) or ALERT_TIMER_PERIOD_S,
 * whichever comes first, then queues the check as a write job. The job
 * runs in the writer's batch transaction under its own savepoint, like a
 * request; duplicates are impossible by the alert_open_cause index, also
 * across processes sharing one PostgreSQL.
 */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/ctx.h"
#include "base/log.h"
#include "db/commit.h"
#include "db/db.h"
#include "domain/coordination/alert.h"
#include "domain/coordination/alert_timer.h"

static pthread_t thread;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int started, stopping, kicked, busy;
static time_t next_due; /* server clock (clock_now_s), 0: unknown */
static struct commit_job job;
static atomic_ulong runs;
static alert_timer_check_fn checks[ALERT_TIMER_CHECKS_MAX];
static int nchecks;
/* Jobs submitted and the last one done, for alert_timer_kick_wait. */
static unsigned long gen_submitted, gen_done, job_gen;

static int
job_run(struct commit_job *j, struct db *db)
{
	struct ctx ctx;
	time_t nd = 0, other;
	int rc, i;

	(void)j;
	ctx_init(&ctx, 0);
	ctx.db = db;
	ctx.route = "alert.check";
	if (db_savepoint(db) != 0) {
		ctx_release(&ctx);
		return E_UNAVAILABLE;
	}
	rc = alert_check_all(&ctx, &nd);
	for (i = 0; rc == E_OK && i < nchecks; i++) {
		other = 0;
		rc = checks[i](&ctx, &other);
		if (other != 0 && (nd == 0 || other < nd))
			nd = other;
	}
	if (rc != E_OK) {
		log_error("alert check: %s", ctx.err_msg ? ctx.err_msg : "");
		db_savepoint_rollback(db);
	} else {
		db_savepoint_release(db);
		pthread_mutex_lock(&mu);
		next_due = nd;
		pthread_mutex_unlock(&mu);
	}
	ctx_release(&ctx);
	return rc;
}

static void
job_done(struct commit_job *j, int rc)
{
	(void)j;
	if (rc == E_OK)
		atomic_fetch_add(&runs, 1);
	pthread_mutex_lock(&mu);
	gen_done = job_gen;
	busy = 0;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static void *
loop(void *arg)
{
	struct timespec ts;
	time_t now, wait;

	(void)arg;
	pthread_mutex_lock(&mu);
	while (!stopping) {
		if (!busy) {
			busy = 1;
			kicked = 0;
			job_gen = ++gen_submitted;
			memset(&job, 0, sizeof(job));
			job.run = job_run;
			job.done = job_done;
			pthread_mutex_unlock(&mu);
			commit_submit(&job);
			pthread_mutex_lock(&mu);
		}
		/* The check's own next due instant, not the previous one's
		 * (after a clock move or a write, it changed). */
		while (busy && !stopping)
			pthread_cond_wait(&cv, &mu);
		/* Until the next due instant (server clock), at most the
		 * period, or a kick; the wait itself is on the real clock. */
		now = clock_now_s();
		wait = ALERT_TIMER_PERIOD_S;
		if (next_due > now && next_due - now + 1 < wait)
			wait = next_due - now + 1;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += wait;
		while (!stopping && !kicked &&
		    pthread_cond_timedwait(&cv, &mu, &ts) == 0)
			;
	}
	while (busy)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	return NULL;
}

void
alert_timer_add_check(alert_timer_check_fn fn)
{
	assert(!started && nchecks < ALERT_TIMER_CHECKS_MAX);
	checks[nchecks++] = fn;
}

int
alert_timer_start(void)
{
	if (pthread_create(&thread, NULL, loop, NULL) != 0)
		return -1;
	started = 1;
	return 0;
}

void
alert_timer_kick(void)
{
	pthread_mutex_lock(&mu);
	kicked = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

int
alert_timer_kick_wait(int timeout_ms)
{
	struct timespec ts;
	unsigned long want;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&mu);
	/* The next job submitted starts after this kick. */
	want = gen_submitted + 1;
	kicked = 1;
	pthread_cond_broadcast(&cv);
	while (started && !stopping && gen_done < want && rc == 0)
		rc = pthread_cond_timedwait(&cv, &mu, &ts);
	rc = gen_done >= want ? 0 : -1;
	pthread_mutex_unlock(&mu);
	return rc;
}

unsigned long
alert_timer_runs(void)
{
	return atomic_load(&runs);
}

void
alert_timer_stop(void)
{
	if (!started)
		return;
	pthread_mutex_lock(&mu);
	stopping = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(thread, NULL);
	started = 0;
}
