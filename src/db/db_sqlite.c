/*
 * SQLite backend: WAL, synchronous=FULL (a committed transaction survives
 * power loss), foreign keys on, busy timeout. Statements are prepared
 * once per connection with SQLITE_PREPARE_PERSISTENT.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "base/xalloc.h"
#include "db/db_impl.h"

static void
set_err(struct db *db)
{
	sqlite3 *h = db->native;
	int ext = sqlite3_extended_errcode(h);

	snprintf(db->errmsg, sizeof(db->errmsg), "%s", sqlite3_errmsg(h));
	if (ext == SQLITE_CONSTRAINT_UNIQUE ||
	    ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		db->fail = DBF_UNIQUE;
	else if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED)
		db->fail = DBF_BUSY;
	else if ((ext & 0xff) == SQLITE_FULL)
		db->fail = DBF_FULL;
	else
		db->fail = DBF_OTHER;
}

/*
 * Process-wide SQLite settings, before any connection: no global memory
 * statistics (Debian's build takes a global mutex on every allocation to
 * keep them; measured ~20 % of a read's CPU under load).
 */
void
db_sqlite_global_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Transaction verbs, prepared once per connection (measured: preparing
 * them per call was ~9 % of a read's instructions). */
static const char *const verbs[] = { "BEGIN", "BEGIN IMMEDIATE", "COMMIT",
	"ROLLBACK", "SAVEPOINT req", "RELEASE SAVEPOINT req",
	"ROLLBACK TO SAVEPOINT req", NULL };

/* Resets every write statement of the connection still stepping, but
 * `keep`. */
static void
finish_writes(struct db *db, sqlite3_stmt *keep)
{
	sqlite3_stmt *p = NULL;

	while ((p = sqlite3_next_stmt(db->native, p)) != NULL)
		if (p != keep && sqlite3_stmt_busy(p) &&
		    !sqlite3_stmt_readonly(p))
			sqlite3_reset(p);
}

static int
sq_exec(struct db *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int rc, v;

	for (v = 0; verbs[v] != NULL; v++)
		if (strcmp(sql, verbs[v]) == 0)
			break;
	if (verbs[v] != NULL && db->verbs[v] != NULL)
		s = db->verbs[v];
	else if (sqlite3_prepare_v3(db->native, sql, -1,
		     verbs[v] != NULL ? SQLITE_PREPARE_PERSISTENT : 0, &s,
		     NULL) != SQLITE_OK) {
		set_err(db);
		return -1;
	}
	/* A write statement left on its first row (INSERT … RETURNING read
	 * once, its id taken) is still running for SQLite: it would make
	 * the next savepoint, release or commit of the batch fail (SQLITE_
	 * BUSY), i.e. another request of the same group commit refused.
	 * Such a statement is finished (its change is made), so a
	 * transaction verb resets it; read statements are left alone. */
	if (verbs[v] != NULL)
		finish_writes(db, s);
	/* One statement with no parameters: transaction verbs (kept) and
	 * the statements of embedded migrations (migrate.c splits them). */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	if (verbs[v] != NULL) {
		db->verbs[v] = s;
		sqlite3_reset(s);
	} else
		sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		set_err(db);
		return -1;
	}
	return 0;
}

static int
sq_open(struct db *db, const char *url, char *err, size_t len)
{
	const char *path = url + 7;
	sqlite3 *h = NULL;
	int flags =
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

	if (sqlite3_open_v2(path, &h, flags, NULL) != SQLITE_OK) {
		snprintf(err, len, "sqlite open %s: %s", path,
		    h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close(h);
		return -1;
	}
	db->native = h;
	sqlite3_busy_timeout(h, 10000);
	sqlite3_extended_result_codes(h, 1);
	if (sq_exec(db, "PRAGMA journal_mode=WAL") != 0 ||
	    sq_exec(db, "PRAGMA synchronous=FULL") != 0 ||
	    sq_exec(db, "PRAGMA foreign_keys=ON") != 0) {
		snprintf(err, len, "sqlite setup %s: %s", path, db->errmsg);
		sqlite3_close(h);
		return -1;
	}
	return 0;
}

static void
sq_close(struct db *db)
{
	int v;

	for (v = 0; v < DB_MAX_VERBS; v++)
		sqlite3_finalize(db->verbs[v]);
	sqlite3_close(db->native);
}

static int
sq_prepare(struct db *db, struct db_stmt *st, const char *sql)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v3(db->native, sql, -1, SQLITE_PREPARE_PERSISTENT,
		&s, NULL) != SQLITE_OK) {
		set_err(db);
		return -1;
	}
	st->native = s;
	return 0;
}

static void
sq_finalize(struct db_stmt *st)
{
	sqlite3_finalize(st->native);
}

static void
sq_reset(struct db_stmt *st)
{
	sqlite3_reset(st->native);
	sqlite3_clear_bindings(st->native);
}

static void
sq_bind_i64(struct db_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(st->native, i, v);
}

static void
sq_bind_text(struct db_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st->native, i, s, -1, SQLITE_TRANSIENT);
}

static void
sq_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
	sqlite3_bind_blob64(st->native, i, p, n, SQLITE_TRANSIENT);
}

static void *
sq_col_blob(struct db_stmt *st, int c, size_t *len)
{
	const void *p;
	void *copy;

	if (sqlite3_column_type(st->native, c) == SQLITE_NULL)
		return NULL;
	p = sqlite3_column_blob(st->native, c);
	*len = (size_t)sqlite3_column_bytes(st->native, c);
	copy = xmalloc(*len + 1);
	if (*len > 0)
		memcpy(copy, p, *len);
	return copy;
}

static void
sq_bind_null(struct db_stmt *st, int i)
{
	sqlite3_bind_null(st->native, i);
}

static enum db_res
sq_step(struct db_stmt *st)
{
	int rc = sqlite3_step(st->native);

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		st->changes = sqlite3_changes64(st->db->native);
		return DB_DONE;
	}
	set_err(st->db);
	sqlite3_reset(st->native);
	return DB_ERR;
}

static int64_t
sq_changes(struct db_stmt *st)
{
	return st->changes;
}

static int64_t
sq_col_i64(struct db_stmt *st, int c)
{
	return sqlite3_column_int64(st->native, c);
}

static int
sq_col_null(struct db_stmt *st, int c)
{
	return sqlite3_column_type(st->native, c) == SQLITE_NULL;
}

static const char *
sq_col_text(struct db_stmt *st, int c)
{
	return (const char *)sqlite3_column_text(st->native, c);
}

static int
sq_in_txn(struct db *db)
{
	return !sqlite3_get_autocommit(db->native);
}

const struct db_ops db_sqlite_ops = {
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.bind_i64 = sq_bind_i64,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.bind_blob = sq_bind_blob,
	.col_blob = sq_col_blob,
	.step = sq_step,
	.changes = sq_changes,
	.col_i64 = sq_col_i64,
	.col_null = sq_col_null,
	.col_text = sq_col_text,
	.in_txn = sq_in_txn,
};
