/*
 * The writer thread. Owns the single write connection of this process;
 * knows nothing of HTTP or of what jobs do.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "base/clock.h"
#include "base/ctx.h"
#include "base/log.h"
#include "db/commit.h"
#include "db/db.h"

#define BATCH_MAX 512
#define PROBE_MS 1000 /* store probe period while full */
#define IDLE_MS 1000 /* idle hook period */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct commit_job *head, *tail;
static int stopping, running;
static pthread_t writer;
static struct db *wdb;
static const char *wurl;
static unsigned long n_batches, n_jobs;
static void (*hook_begin)(void);
static int (*hook_before_commit)(struct db *);
static void (*hook_after)(struct db *, int);
static void (*hook_idle)(struct db *);
static void (*hook_published)(struct db *);
static int (*hook_lock)(struct db *);

void
commit_set_lock(int (*lock)(struct db *))
{
	hook_lock = lock;
}

void
commit_set_published(void (*published)(struct db *))
{
	hook_published = published;
}

void
commit_set_idle(void (*idle)(struct db *))
{
	hook_idle = idle;
}

void
commit_set_after(void (*after)(struct db *, int final))
{
	hook_after = after;
}

void
commit_set_hooks(void (*begin)(void), int (*before_commit)(struct db *))
{
	hook_begin = begin;
	hook_before_commit = before_commit;
}

static void
run_batch(struct commit_job *list)
{
	struct commit_job *j, *next;
	struct ctx ctx;
	char err[256];
	int rc;

	if (wdb == NULL && db_open(wurl, &wdb, err, sizeof(err)) != 0) {
		log_error("commit: cannot open the database: %s", err);
		rc = E_UNAVAILABLE;
		goto fail_all;
	}
	ctx_init(&ctx, 0);
	rc = db_begin(&ctx, wdb, 1);
	if (rc != E_OK) {
		ctx_release(&ctx);
		/* A lost PostgreSQL connection: reopen on the next batch. */
		db_close(wdb);
		wdb = NULL;
		rc = E_UNAVAILABLE;
		goto fail_all;
	}
	if (hook_lock != NULL && hook_lock(wdb) != E_OK) {
		log_error("commit: batch lock: %s", db_last_error(wdb));
		db_rollback(wdb);
		ctx_release(&ctx);
		rc = E_UNAVAILABLE;
		goto fail_all;
	}
	if (hook_begin != NULL)
		hook_begin();
	for (j = list; j != NULL; j = j->next) {
		j->rc = j->run(j, wdb);
		if (db_txn_lost(wdb)) {
			/* The backend rolled the whole batch back (SQLite on
			 * SQLITE_FULL or an I/O error): the jobs before this
			 * one are undone too, and the next ones must not run
			 * outside a transaction. All fail, none half-done. */
			log_error("commit: the batch's transaction was rolled "
				  "back by the database (%s): %s",
			    db_store_full() ? "disk full" : "error",
			    db_last_error(wdb));
			db_rollback(wdb);
			ctx_release(&ctx);
			rc = E_UNAVAILABLE;
			goto fail_all;
		}
	}
	if (hook_before_commit != NULL && hook_before_commit(wdb) != E_OK) {
		db_rollback(wdb);
		ctx_release(&ctx);
		rc = E_UNAVAILABLE;
		goto fail_all;
	}
	rc = db_commit(&ctx, wdb);
	ctx_release(&ctx);
	if (rc != E_OK) {
		rc = E_UNAVAILABLE;
		goto fail_all;
	}
	n_batches++;
	for (j = list; j != NULL; j = next) {
		next = j->next;
		n_jobs++;
		j->done(j, j->rc);
	}
	if (hook_published != NULL)
		hook_published(wdb);
	/* After the answers: at most every few seconds, one read + fsync. */
	if (hook_after != NULL)
		hook_after(wdb, 0);
	return;
fail_all:
	for (j = list; j != NULL; j = next) {
		next = j->next;
		j->done(j, rc);
	}
}

/*
 * While the store is marked full, the writer tries a tiny commit every
 * PROBE_MS, idle or not, so that /healthz turns back to ok once space is
 * freed even if nobody writes.
 */
static void
probe_if_full(int64_t *last)
{
	int64_t now;

	if (!db_store_full())
		return;
	now = clock_mono_ms();
	if (now - *last < PROBE_MS)
		return;
	*last = now;
	if (wdb != NULL)
		db_store_probe(wdb);
}

static void *
writer_main(void *arg)
{
	struct commit_job *list, *j;
	struct timespec ts;
	int64_t last_probe = 0;
	int n;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&mu);
		while (head == NULL && !stopping) {
			if (!db_store_full() && hook_idle == NULL) {
				pthread_cond_wait(&cv, &mu);
				continue;
			}
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += IDLE_MS / 1000;
			pthread_cond_timedwait(&cv, &mu, &ts);
			if (head == NULL && !stopping) {
				pthread_mutex_unlock(&mu);
				probe_if_full(&last_probe);
				if (hook_idle != NULL && wdb != NULL)
					hook_idle(wdb);
				pthread_mutex_lock(&mu);
			}
		}
		if (head == NULL && stopping) {
			pthread_mutex_unlock(&mu);
			break;
		}
		list = head;
		for (n = 1, j = head; j->next != NULL && n < BATCH_MAX; n++)
			j = j->next;
		head = j->next;
		j->next = NULL;
		if (head == NULL)
			tail = NULL;
		pthread_mutex_unlock(&mu);
		probe_if_full(&last_probe);
		run_batch(list);
	}
	if (hook_after != NULL && wdb != NULL)
		hook_after(wdb, 1);
	db_close(wdb);
	wdb = NULL;
	return NULL;
}

int
commit_start(const char *url, char *err, size_t errlen)
{
	if (db_open(url, &wdb, err, errlen) != 0)
		return -1;
	wurl = url; /* the caller keeps it alive */
	stopping = 0;
	if (pthread_create(&writer, NULL, writer_main, NULL) != 0) {
		snprintf(err, errlen, "cannot start the writer thread");
		db_close(wdb);
		wdb = NULL;
		return -1;
	}
	running = 1;
	return 0;
}

void
commit_submit(struct commit_job *j)
{
	j->next = NULL;
	pthread_mutex_lock(&mu);
	if (tail != NULL)
		tail->next = j;
	else
		head = j;
	tail = j;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
}

void
commit_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&mu);
	stopping = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(writer, NULL);
	running = 0;
}

void
commit_stats(unsigned long *batches, unsigned long *jobs)
{
	*batches = n_batches;
	*jobs = n_jobs;
}
