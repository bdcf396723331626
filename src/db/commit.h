/*
 * Group commit (issue 2 performance): one writer thread owns the write
 * connection; it takes every job queued meanwhile, runs them in ONE
 * transaction (each job guards itself with a savepoint), commits once
 * (one fsync for the batch) and only then calls each job's done(). No
 * response is sent before its job's commit, so nothing acknowledged can
 * be lost, while concurrent requests share the cost of a commit.
 */
#ifndef DB_COMMIT_H
#define DB_COMMIT_H

#include <stddef.h>

struct db;

struct commit_job {
	struct commit_job *next;
	/* Runs on the writer thread inside the batch transaction. */
	int (*run)(struct commit_job *, struct db *);
	/* Called after the commit (rc as run returned) or with
	 * E_UNAVAILABLE when the batch could not commit. */
	void (*done)(struct commit_job *, int rc);
	void *arg;
	int rc;
};

/* Hooks around each batch, on the writer thread: begin() before the
 * first job, before_commit() after the last (its failure fails the batch).
 * Set before commit_start(). */
void commit_set_hooks(void (*begin)(void), int (*before_commit)(struct db *));
/* After each committed batch, on the writer thread, with its connection
 * (final = 1 once more when the writer stops): the trace checkpoint. */
void commit_set_after(void (*after)(struct db *, int final));
/* Right after each batch's BEGIN, on the writer thread, before any job:
 * a lock every batch must take first (its failure fails the batch). The
 * live events' PostgreSQL lock is taken here so that it always comes
 * before the trace head's row lock (one order: no deadlock between two
 * app servers). */
void commit_set_lock(int (*lock)(struct db *));
/* After each committed batch, on the writer thread, right after the
 * jobs' done() and before the `after` hook: the live events' publication
 * (issue 12: never before the commit). */
void commit_set_published(void (*published)(struct db *));
/* While no job waits, on the writer thread about every IDLE_MS: the
 * trace checkpoint of commits left unanchored when the traffic stopped. */
void commit_set_idle(void (*idle)(struct db *));
/* Starts the writer on its own connection to url. */
int commit_start(const char *url, char *err, size_t errlen);
/* Queues a job (never blocks on the database). */
void commit_submit(struct commit_job *);
/* Runs the queue dry, then stops the writer. */
void commit_stop(void);
/* Batches and jobs committed so far (for the benchmark notes). */
void commit_stats(unsigned long *batches, unsigned long *jobs);

#endif
