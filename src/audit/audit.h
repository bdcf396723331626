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
	struct trace_row	*next;
	const char		*action;	/* "person.read", "auth.login"... */
	int64_t			 person_id;	/* 0: not about a person */
	const char		*categories;
	const char		*grant;		/* normal, breakglass, denied, - */
	const char		*outcome;	/* ok, denied, failed */
	const char		*detail;
	/* Who, as of audit_add (a command may act as several users). */
	int64_t			 user_id;
	const char		*login;
	const char		*role;
};

/* Queues a row (arena) for ctx's CRT and user. */
void	 audit_add(struct ctx *, const char *action, int64_t person_id,
	    const char *categories, const char *grant, const char *outcome,
	    const char *detail);
/* Whether rows are waiting. */
int	 audit_pending(const struct ctx *);
/* Writes the queued rows on `db` (inside its open transaction), chained. */
int	 audit_flush(struct ctx *, struct db *);
/*
 * Batch mode (the group-commit writer thread): the chain heads are read
 * once per CRT per batch (locked on PostgreSQL) and written once, by
 * audit_batch_end() just before the batch commits. Outside batch mode,
 * audit_flush() reads and writes the head itself.
 */
void	 audit_batch_begin(void);
int	 audit_batch_end(struct db *);
/* Drops the queued rows (after a failed flush: the job failed whole). */
void	 audit_discard(struct ctx *);

/*
 * Sets the 32-byte trace key (kept outside the database): the row hashes
 * become BLAKE2b keyed MACs, so a chain cannot be forged or recomputed
 * without the key. NULL: unkeyed.
 */
void	 audit_set_key(const unsigned char *key);
/* Reads the key file (creates it, mode 0600, when `create`). 0: done. */
int	 audit_key_load(const char *path, int create, char *err, size_t len);

/* The hash of one row given its fields and the previous hash (hex). */
void	 audit_hash(char out[65], int64_t crt_id, int64_t seq, const char *at,
	    int64_t user_id, const char *login, const char *role,
	    const char *action, int64_t person_id, const char *categories,
	    const char *grant, const char *outcome, const char *request_id,
	    const char *ip, const char *detail, const char *prev);

/*
 * Walks every CRT's chain and reports each problem on `out` (edited,
 * deleted, inserted or reordered rows, head mismatch), naming the row.
 * Returns the number of problems (0: intact), or -1 on a database error.
 */
long	 audit_verify(struct db *, FILE *out, long *rows);

#endif
