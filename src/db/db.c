/*
 * Facade over the backends: statement cache per connection, transaction
 * verbs, error mapping into the request context, per-thread connections,
 * and the fault-injection hook used by tests. Must not know any table.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "base/ctx.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "db/db_impl.h"

static atomic_int fault_countdown;

void
db_fault_inject(int n)
{
	atomic_store(&fault_countdown, n);
}

void
db_global_init(void)
{
	db_sqlite_global_init();
}

int
db_url_ok(const char *url)
{
	if (url == NULL)
		return 0;
	if (strncmp(url, "sqlite:", 7) == 0 && url[7] != '\0')
		return 1;
	return strncmp(url, "postgresql://", 13) == 0 ||
	    strncmp(url, "postgres://", 11) == 0;
}

int
db_open(const char *url, struct db **out, char *err, size_t errlen)
{
	struct db *db;

	*out = NULL;
	if (!db_url_ok(url)) {
		snprintf(err, errlen,
		    "unknown database URL (want sqlite:PATH "
		    "or postgresql://...)");
		return -1;
	}
	db = xcalloc(1, sizeof(*db));
	if (strncmp(url, "sqlite:", 7) == 0) {
		db->ops = &db_sqlite_ops;
		db->kind = DB_SQLITE;
	} else {
		db->ops = &db_pg_ops;
		db->kind = DB_PG;
	}
	if (db->ops->open(db, url, err, errlen) != 0) {
		xfree(db);
		return -1;
	}
	*out = db;
	return 0;
}

void
db_close(struct db *db)
{
	int i;

	if (db == NULL)
		return;
	for (i = 0; i < Q__MAX; i++) {
		if (db->stmts[i] != NULL) {
			db->ops->finalize(db->stmts[i]);
			xfree(db->stmts[i]);
		}
	}
	db->ops->close(db);
	xfree(db);
}

enum db_kind
db_kind(const struct db *db)
{
	return db->kind;
}

enum db_fail
db_last_fail(const struct db *db)
{
	return db->fail;
}

const char *
db_last_error(const struct db *db)
{
	return db->errmsg;
}

enum db_fail
db_fail_of_sqlstate(const char *state)
{
	if (state == NULL)
		return DBF_OTHER;
	if (strcmp(state, "23505") == 0) /* unique_violation */
		return DBF_UNIQUE;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0) /* serialization, deadlock, lock */
		return DBF_BUSY;
	if (strcmp(state, "53100") == 0) /* disk_full */
		return DBF_FULL;
	return DBF_OTHER;
}

const char db_store_full_msg[] =
    "Le serveur ne peut plus enregistrer : "
    "espace disque plein. Vos données n'ont pas été modifiées ; prévenez "
    "l'administrateur.";

/* Set by a DBF_FULL failure on any connection, cleared by a probe. */
static atomic_int store_full;

int
db_store_full(void)
{
	return atomic_load(&store_full);
}

static int
fail(struct ctx *ctx, struct db *db, const char *what)
{
	const char *rid = ctx != NULL ? ctx->request_id : "-";

	if (db->fail == DBF_FULL) {
		/* The operator must read "disk full", once per episode, not
		 * a consequence (a failed rollback) of it. */
		if (db->quiet) {
			/* The writer's probe while full: no news. */
		} else if (atomic_exchange(&store_full, 1) == 0)
			log_error(
			    "db: DISK FULL: %s failed: %s (request %s); "
			    "every write is refused, nothing is half-written, "
			    "until space is freed",
			    what, db->errmsg, rid);
		else
			log_error("db: disk full: %s refused (request %s)",
			    what, rid);
		if (ctx == NULL)
			return E_UNAVAILABLE;
		return err_set(
		    ctx, E_UNAVAILABLE, "store.full", NULL, db_store_full_msg);
	}
	log_error("db: %s failed: %s (request %s)", what, db->errmsg, rid);
	if (ctx == NULL)
		return E_DB;
	if (db->fail == DBF_BUSY)
		return err_set(ctx, E_UNAVAILABLE, "db.busy", NULL,
		    "Le service est momentanément occupé, veuillez réessayer.");
	return err_set(ctx, E_DB, "db.error", NULL,
	    "Erreur interne de la base de données.");
}

/*
 * A statement left on a row keeps SQLite's read snapshot open: later
 * reads on the connection would see stale data and the WAL could not be
 * checkpointed. Every transaction end resets what was stepped.
 */
static void
reset_stepped(struct db *db)
{
	int i;

	for (i = 0; i < Q__MAX; i++) {
		if (db->stmts[i] != NULL && db->stmts[i]->stepped) {
			db->ops->reset(db->stmts[i]);
			db->stmts[i]->stepped = 0;
		}
	}
}

void
db_release(struct db *db)
{
	reset_stepped(db);
}

int
db_begin(struct ctx *ctx, struct db *db, int write)
{
	const char *sql;

	if (db->kind == DB_SQLITE)
		sql = write ? "BEGIN IMMEDIATE" : "BEGIN";
	else
		sql = "BEGIN";
	if (db->ops->exec(db, sql) != 0)
		return fail(ctx, db, "begin");
	db->in_txn = 1;
	return E_OK;
}

int
db_txn_lost(struct db *db)
{
	return db->in_txn && !db->ops->in_txn(db);
}

int
db_commit(struct ctx *ctx, struct db *db)
{
	enum db_fail f;
	char msg[sizeof(db->errmsg)];

	db->in_txn = 0;
	reset_stepped(db);
	if (db->ops->exec(db, "COMMIT") != 0) {
		/* Keep COMMIT's reason; roll back only what is still open
		 * (SQLite may have rolled back by itself). */
		f = db->fail;
		memcpy(msg, db->errmsg, sizeof(msg));
		if (db->ops->in_txn(db))
			db->ops->exec(db, "ROLLBACK");
		db->fail = f;
		memcpy(db->errmsg, msg, sizeof(msg));
		return fail(ctx, db, "commit");
	}
	return E_OK;
}

void
db_rollback(struct db *db)
{
	db->in_txn = 0;
	reset_stepped(db);
	/* Nothing to undo when the backend already ended it (disk full). */
	if (!db->ops->in_txn(db))
		return;
	if (db->ops->exec(db, "ROLLBACK") != 0)
		log_warn("db: rollback failed: %s", db->errmsg);
}

int
db_store_probe(struct db *db)
{
	struct ctx ctx;
	struct db_stmt *st;
	int rc;

	ctx_init(&ctx, 0);
	db->quiet = 1;
	rc = db_begin(&ctx, db, 1);
	if (rc == E_OK) {
		/* A row in and out: the pages are written at commit, so
		 * the commit fails while the disk is full. */
		st = db_stmt(db, Q_STORE_PROBE_PUT);
		rc = db_run(&ctx, st);
		if (rc == E_OK) {
			st = db_stmt(db, Q_STORE_PROBE_DROP);
			rc = db_run(&ctx, st);
		}
		if (rc == E_OK)
			rc = db_commit(&ctx, db);
		else
			db_rollback(db);
	}
	ctx_release(&ctx);
	db->quiet = 0;
	if (rc == E_OK && atomic_exchange(&store_full, 0) != 0)
		log_info("db: disk space is back: writes are accepted again");
	return rc;
}

int
db_savepoint(struct db *db)
{
	return db->ops->exec(db, "SAVEPOINT req");
}

int
db_savepoint_release(struct db *db)
{
	return db->ops->exec(db, "RELEASE SAVEPOINT req");
}

int
db_savepoint_rollback(struct db *db)
{
	if (db->ops->exec(db, "ROLLBACK TO SAVEPOINT req") != 0)
		return -1;
	return db->ops->exec(db, "RELEASE SAVEPOINT req");
}

int
db_listen(struct db *db, const char *channel)
{
	if (db->kind != DB_PG)
		return E_UNAVAILABLE;
	return db_pg_listen(db, channel) == 0 ? E_OK : E_UNAVAILABLE;
}

int
db_wait_notify(struct db *db, int timeout_ms)
{
	if (db->kind != DB_PG)
		return -1;
	return db_pg_wait_notify(db, timeout_ms);
}

int
db_script(struct db *db, const char *sql)
{
	return db->ops->exec(db, sql);
}

struct db_stmt *
db_stmt(struct db *db, enum q q)
{
	struct db_stmt *st = db->stmts[q];
	char *sql;

	if (st == NULL) {
		st = xcalloc(1, sizeof(*st));
		st->db = db;
		st->q = q;
		snprintf(st->name, sizeof(st->name), "q%d", (int)q);
		sql = db_dialect(q_text(q, db->kind), db->kind);
		if (db->ops->prepare(db, st, sql) != 0) {
			/* Our own SQL failed to prepare: a bug or a schema
			 * older than the binary. Never input-dependent. */
			log_error("db: prepare %s: %s", q_name(q), db->errmsg);
			xfree(sql);
			xfree(st);
			return NULL;
		}
		xfree(sql);
		db->stmts[q] = st;
	}
	db->ops->reset(st);
	st->stepped = 0;
	return st;
}

void
db_bind_i64(struct db_stmt *st, int idx, int64_t v)
{
	if (st != NULL)
		st->db->ops->bind_i64(st, idx, v);
}

void
db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (st == NULL)
		return;
	if (s == NULL)
		st->db->ops->bind_null(st, idx);
	else
		st->db->ops->bind_text(st, idx, s);
}

void
db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	if (st != NULL)
		st->db->ops->bind_blob(st, idx, p, n);
}

void *
db_col_blob(struct db_stmt *st, int col, size_t *len)
{
	return st->db->ops->col_blob(st, col, len);
}

void
db_bind_null(struct db_stmt *st, int idx)
{
	if (st != NULL)
		st->db->ops->bind_null(st, idx);
}

enum db_res
db_step(struct ctx *ctx, struct db_stmt *st)
{
	enum db_res r;
	int n;

	if (st == NULL) {
		if (ctx != NULL)
			err_set(ctx, E_DB, "db.error", NULL,
			    "Erreur interne de la base de données.");
		return DB_ERR;
	}
	n = atomic_load(&fault_countdown);
	if (n > 0) {
		n = atomic_fetch_sub(&fault_countdown, 1);
		if (n == 1) {
			st->db->fail = DBF_BUSY;
			snprintf(st->db->errmsg, sizeof(st->db->errmsg),
			    "injected fault");
			fail(ctx, st->db, q_name(st->q));
			return DB_ERR;
		}
	}
	st->db->fail = DBF_NONE;
	st->stepped = 1;
	r = st->db->ops->step(st);
	if (r == DB_ERR)
		fail(ctx, st->db, q_name(st->q));
	return r;
}

int
db_run(struct ctx *ctx, struct db_stmt *st)
{
	enum db_res r;

	while ((r = db_step(ctx, st)) == DB_ROW)
		;
	if (r == DB_ERR)
		return ctx != NULL && ctx->err != E_OK ? (int)ctx->err : E_DB;
	return E_OK;
}

int
db_one(struct ctx *ctx, struct db_stmt *st, const char *code, const char *msg)
{
	switch (db_step(ctx, st)) {
	case DB_ROW:
		return E_OK;
	case DB_DONE:
		return err_set(ctx, E_NOT_FOUND, code, NULL, msg);
	default:
		return ctx->err != E_OK ? (int)ctx->err : E_DB;
	}
}

int64_t
db_changes(struct db_stmt *st)
{
	return st->db->ops->changes(st);
}

int64_t
db_col_i64(struct db_stmt *st, int col)
{
	return st->db->ops->col_i64(st, col);
}

int
db_col_null(struct db_stmt *st, int col)
{
	return st->db->ops->col_null(st, col);
}

const char *
db_col_text(struct db_stmt *st, int col)
{
	return st->db->ops->col_text(st, col);
}

char *
db_col_dup(struct ctx *ctx, struct db_stmt *st, int col)
{
	const char *s = st->db->ops->col_text(st, col);

	if (s == NULL)
		return NULL;
	return arena_strdup(&ctx->arena, s);
}

/* Per-thread connections. */

static char *pool_url;
static pthread_key_t pool_key;
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;

static void
pool_destroy(void *p)
{
	db_close(p);
}

static void
pool_make_key(void)
{
	pthread_key_create(&pool_key, pool_destroy);
}

void
db_pool_init(const char *url)
{
	pthread_once(&pool_once, pool_make_key);
	xfree(pool_url);
	pool_url = xstrdup(url);
}

const char *
db_pool_url(void)
{
	return pool_url;
}

struct db *
db_thread(void)
{
	struct db *db;
	char err[256];

	pthread_once(&pool_once, pool_make_key);
	db = pthread_getspecific(pool_key);
	if (db != NULL)
		return db;
	if (db_open(pool_url, &db, err, sizeof(err)) != 0) {
		log_error("db: cannot open connection: %s", err);
		return NULL;
	}
	pthread_setspecific(pool_key, db);
	return db;
}

void
db_thread_close(void)
{
	struct db *db;

	pthread_once(&pool_once, pool_make_key);
	db = pthread_getspecific(pool_key);
	if (db != NULL) {
		pthread_setspecific(pool_key, NULL);
		db_close(db);
	}
}

/* Dialect helpers. */

char *
db_pg_placeholders(const char *sql, int *nparams)
{
	size_t n = strlen(sql), i, o = 0;
	char *out = xmalloc(n * 4 + 1);
	int quote = 0, k = 0;

	for (i = 0; i < n; i++) {
		char c = sql[i];

		if (c == '\'')
			quote = !quote;
		if (c == '?' && !quote) {
			o += (size_t)snprintf(out + o, 8, "$%d", ++k);
			continue;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	if (nparams != NULL)
		*nparams = k;
	return out;
}

char *
db_dialect(const char *sql, enum db_kind kind)
{
	static const struct {
		const char *tok, *sqlite, *pg;
	} toks[] = {
		{ "{{pk}}", "INTEGER PRIMARY KEY",
		    "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" },
		{ "{{blob}}", "BLOB", "BYTEA" },
		/* An id never reused, even after the highest rows are
		 * deleted (the event log, pruned from below). */
		{ "{{serial}}", "INTEGER PRIMARY KEY AUTOINCREMENT",
		    "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" },
	};
	size_t n = strlen(sql), o = 0, i = 0, t, tl, rl;
	char *out = xmalloc(n * 10 + 1); /* 6-char token → at most 52 */
	const char *rep;

	while (i < n) {
		for (t = 0; t < sizeof(toks) / sizeof(toks[0]); t++) {
			tl = strlen(toks[t].tok);
			if (strncmp(sql + i, toks[t].tok, tl) != 0)
				continue;
			rep = kind == DB_SQLITE ? toks[t].sqlite : toks[t].pg;
			rl = strlen(rep);
			memcpy(out + o, rep, rl);
			o += rl;
			i += tl;
			break;
		}
		if (t == sizeof(toks) / sizeof(toks[0]))
			out[o++] = sql[i++];
	}
	out[o] = '\0';
	return out;
}
