/*
 * The access trace (PRODUCT §1): append-only rows, one BLAKE2b hash chain
 * per CRT, written inside the caller's transaction and committed before
 * the response. Rows are queued in the request context by audit_add() and
 * written by audit_flush() on the writer connection.
 */
#ifndef AUDIT_AUDIT_H
#define AUDIT_AUDIT_H

#include <stdint.h>
#include <stdio.h>

struct ctx;
struct db;

struct trace_row {
	struct trace_row *next;
	const char *action; /* "person.read", "auth.login"... */
	int64_t person_id; /* 0: not about a person */
	const char *categories;
	const char *grant; /* normal, breakglass, denied, - */
	const char *outcome; /* ok, denied, failed */
	const char *detail;
	/* Who, as of audit_add (a command may act as several users). */
	int64_t user_id;
	const char *login;
	const char *role;
};

/* Queues a row (arena) for ctx's CRT and user. */
void audit_add(struct ctx *, const char *action, int64_t person_id,
    const char *categories, const char *grant, const char *outcome,
    const char *detail);
/* Whether rows are waiting. */
int audit_pending(const struct ctx *);
/* Writes the queued rows on `db` (inside its open transaction), chained. */
int audit_flush(struct ctx *, struct db *);
/*
 * Batch mode (the group-commit writer thread): the chain heads are read
 * once per CRT per batch (locked on PostgreSQL) and written once, by
 * audit_batch_end() just before the batch commits. Outside batch mode,
 * audit_flush() reads and writes the head itself.
 */
void audit_batch_begin(void);
int audit_batch_end(struct db *);
/* Drops the queued rows (after a failed flush: the job failed whole). */
void audit_discard(struct ctx *);
/* The queued rows of a request that failed (a write refused by a rule
 * after its access was granted: nothing was done) say « failed », not
 * « ok ». */
void audit_mark_failed(struct ctx *);

/* One stored trace row about a person, as her access log shows it. */
struct audit_entry {
	const char *at;
	int64_t user_id; /* 0: none (a failed login...) */
	const char *login;
	const char *name; /* the user's name, else the login */
	const char *org; /* the user's organisation, or "" */
	const char *role;
	const char *action;
	const char *categories;
	const char *grant;
	const char *outcome;
	const char *request_id;
	int64_t seq;
};
/* How many rows of ctx's CRT are about person_id with seq < before. */
int audit_person_count(
    struct ctx *, int64_t person_id, int64_t before, int64_t *total);
/* Those rows, newest first, `limit` from `offset`: fn(arg, entry) per
 * row, the entry valid during the call; a non-zero return of fn stops
 * and is returned. */
int audit_person_each(struct ctx *, int64_t person_id, int64_t before,
    int64_t limit, int64_t offset,
    int (*fn)(void *, const struct audit_entry *), void *arg);

/*
 * Sets the 32-byte trace key (kept outside the database): the row hashes
 * become BLAKE2b keyed MACs, so a chain cannot be forged or recomputed
 * without the key. NULL: unkeyed.
 */
void audit_set_key(const unsigned char *key);
/* Reads the key file (creates it, mode 0600, when `create`). 0: done. */
int audit_key_load(const char *path, int create, char *err, size_t len);

/* The hash of one row given its fields and the previous hash (hex). */
void audit_hash(char out[65], int64_t crt_id, int64_t seq, const char *at,
    int64_t user_id, const char *login, const char *role, const char *action,
    int64_t person_id, const char *categories, const char *grant,
    const char *outcome, const char *request_id, const char *ip,
    const char *detail, const char *prev);

/*
 * Walks every CRT's chain and reports each problem on `out` (edited,
 * deleted, inserted or reordered rows, head mismatch), naming the row.
 * With a checkpoint file (NULL: none), also each forged or edited line of
 * it, a chain shorter than a checkpointed seq or differing at it, and a
 * checkpointed CRT without a head. Returns the number of problems (0:
 * intact), or -1 on a database error.
 */
long audit_verify(struct db *, const char *checkpoints, FILE *out, long *rows);

/*
 * The checkpoint file (heads outside the database, MAC'd with the trace
 * key; needs the key set). open: O_APPEND, created 0600. audit_checkpoint
 * reads every head in a read transaction of `db` and appends a line for
 * each that moved since this process last wrote it (all, the first time),
 * then fsyncs; unless `force`, at most every few seconds. With `echo`, it
 * also prints every head it saw (backup). Returns the lines written, -1
 * on error.
 */
int audit_checkpoint_open(const char *path, char *err, size_t len);
void audit_checkpoint_close(void);
int audit_checkpoint(struct db *, int force, FILE *echo);
/* The writer's after-commit hook (final: the writer stops). */
void audit_checkpoint_after_commit(struct db *, int final);
/* The writer's idle hook: once the few seconds have passed, the commits
 * the throttle left unanchored are checkpointed, with no new write. */
void audit_checkpoint_idle(struct db *);

/*
 * Upgrade of a chain written before the trace key existed: verifies every
 * chain in full with the old unkeyed hash (refuses on any problem), then
 * re-MACs each row with the key and moves the heads, inside the caller's
 * write transaction on `ctx->db`, and appends an `audit.rekey` row to each
 * CRT's chain. A chain that already verifies with the key is left alone.
 * Only a chain wholly older than the key is sealed: refused (nothing
 * changed) when a CRT has unkeyed rows and also keyed rows, or a MAC'd
 * line in the checkpoint file `checkpoints` (NULL: none), or when a line
 * of that file fails. Returns the rows rewritten, or -1 (the reason on
 * `out`).
 */
long audit_rekey(struct ctx *, const char *checkpoints, FILE *out);
/*
 * The CRTs whose last trace row verifies with the old unkeyed hash and
 * not with the key (a chain from before the key, not yet rekeyed), each
 * named on `out`: `serve` refuses to append keyed rows after them. -1 on
 * a database error.
 */
long audit_legacy_heads(struct db *, FILE *out);

#endif
