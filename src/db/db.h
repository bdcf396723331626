/*
 * The database facade (STYLE §5). One API, two backends (SQLite and
 * PostgreSQL) chosen at runtime from the URL, both always compiled.
 * SQL text never appears outside db/: callers name a statement by its
 * `enum q` (q.h) and bind parameters by position (1-based).
 *
 * A `struct db` is one connection and is not thread-safe: each thread
 * holds its own (db_thread()), the group-commit writer holds one more.
 */
#ifndef DB_DB_H
#define DB_DB_H

#include <stddef.h>
#include <stdint.h>

#include "db/q.h"

struct ctx;
struct db;
struct db_stmt;

enum db_kind { DB_SQLITE, DB_PG };

enum db_res { DB_ERR = -1, DB_DONE = 0, DB_ROW = 1 };

/* What went wrong in the last failed call, when a caller must tell. */
enum db_fail {
	DBF_NONE,
	DBF_UNIQUE, /* unique/primary key violation */
	DBF_BUSY, /* lock timeout, serialization failure */
	DBF_FULL, /* no space left (SQLITE_FULL, SQLSTATE 53100) */
	DBF_OTHER
};

/*
 * Opens a connection. `url` is "sqlite:PATH", "sqlite::memory:" or a
 * "postgresql://" / "postgres://" connection string. On failure returns
 * non-zero and writes an English reason (never the password) in err.
 */
int db_open(const char *url, struct db **out, char *err, size_t errlen);
void db_close(struct db *);
enum db_kind db_kind(const struct db *);
/* Process-wide setup, once, before any connection or thread. */
void db_global_init(void);
/* True when url names a backend we know (syntax only). */
int db_url_ok(const char *url);

/* Transactions. write=1 takes the write lock at once (BEGIN IMMEDIATE). */
int db_begin(struct ctx *, struct db *, int write);
int db_commit(struct ctx *, struct db *);
void db_rollback(struct db *);
/* One level of savepoint, used by the group committer per request. */
int db_savepoint(struct db *);
int db_savepoint_release(struct db *);
int db_savepoint_rollback(struct db *);
/* Resets every statement stepped since the last transaction end, so that
 * no SQLite read snapshot outlives a step done outside a transaction. */
void db_release(struct db *);
/* Runs a whole script (migrations only; STYLE §5). */
int db_script(struct db *, const char *sql);

/* The prepared statement for q on this connection, reset and unbound. */
struct db_stmt *db_stmt(struct db *, enum q);
void db_bind_i64(struct db_stmt *, int idx, int64_t);
/* s == NULL binds NULL. The text is copied when needed. */
void db_bind_text(struct db_stmt *, int idx, const char *s);
void db_bind_null(struct db_stmt *, int idx);
/* Binary data (documents); copied. */
void db_bind_blob(struct db_stmt *, int idx, const void *, size_t);
/* Steps; on DB_ERR sets ctx's error (E_DB, or E_UNAVAILABLE if busy). */
enum db_res db_step(struct ctx *, struct db_stmt *);
/* Steps to the end. Returns E_OK or the error code set in ctx. */
int db_run(struct ctx *, struct db_stmt *);
/* Steps to the one expected row: E_OK on it, else E_NOT_FOUND with this
 * error code and French message, or the database error. */
int db_one(struct ctx *, struct db_stmt *, const char *code, const char *msg);
/* Rows changed by the last completed write statement. */
int64_t db_changes(struct db_stmt *);

int64_t db_col_i64(struct db_stmt *, int col);
int db_col_null(struct db_stmt *, int col);
/* Valid until the next step/reset; NULL for SQL NULL. */
const char *db_col_text(struct db_stmt *, int col);
/* Heap copy of a binary column, caller xfree()s it; NULL for SQL NULL. */
void *db_col_blob(struct db_stmt *, int col, size_t *len);
/* Arena copy of a text column (NULL for SQL NULL). */
char *db_col_dup(struct ctx *, struct db_stmt *, int col);

enum db_fail db_last_fail(const struct db *);
const char *db_last_error(const struct db *);
/* The failure kind of a PostgreSQL SQLSTATE (NULL: unknown). */
enum db_fail db_fail_of_sqlstate(const char *state);

/*
 * The store's health, process-wide. A write refused for lack of disk
 * space (DBF_FULL, on any connection) marks the store not writable: the
 * step's error is then E_UNAVAILABLE "store.full" with a French message,
 * and the log says "disk full" once per episode. db_store_probe() (the
 * writer, while the mark is set) commits a tiny write and clears the
 * mark when it succeeds.
 */
int db_store_full(void);
/* The French message of "store.full". */
extern const char db_store_full_msg[];
int db_store_probe(struct db *);
/* True when we opened a transaction that the backend ended on its own
 * (SQLite rolls back by itself on SQLITE_FULL, IOERR, NOMEM): nothing
 * more may run in it, and there is nothing left to roll back. */
int db_txn_lost(struct db *);

/*
 * Per-thread connections for the server: db_pool_init() records the URL,
 * db_thread() opens this thread's connection on first use. NULL when the
 * database cannot be reached (callers answer 503).
 */
void db_pool_init(const char *url);
struct db *db_thread(void);
void db_thread_close(void);
const char *db_pool_url(void);

/*
 * PostgreSQL LISTEN/NOTIFY (issue 12): db_listen() starts listening on
 * `channel` on this connection (kept for that alone); E_OK, or
 * E_UNAVAILABLE on SQLite (one process: nothing to listen to) or an
 * error. db_wait_notify() waits up to timeout_ms: 1 when notifications
 * came (all consumed), 0 none, -1 the connection is lost (reopen).
 */
int db_listen(struct db *, const char *channel);
int db_wait_notify(struct db *, int timeout_ms);

/* Test hook: the Nth next db_step() (1-based) fails as if busy. 0 = off. */
void db_fault_inject(int n);

/*
 * PG placeholder normalisation, exposed for unit tests: "?" outside quoted
 * strings becomes "$1", "$2"... Result lives in caller-freed heap memory.
 */
char *db_pg_placeholders(const char *sql, int *nparams);
/* Expands the dialect tokens of migrations ({{pk}}) for a backend. */
char *db_dialect(const char *sql, enum db_kind);

#endif
