/*
 * PostgreSQL backend over libpq. Statements are prepared once per
 * connection (PQprepare, named after the enum), parameters sent as text,
 * results read whole (statements here return bounded row counts; lists
 * are paged by the callers).
 */
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "db/db_impl.h"

static void
set_err_conn(struct db *db, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *m =
	    r ? PQresultErrorMessage(r) : PQerrorMessage(db->native);
	size_t n;

	snprintf(db->errmsg, sizeof(db->errmsg), "%s", m ? m : "unknown");
	n = strlen(db->errmsg);
	while (n > 0 && (db->errmsg[n - 1] == '\n' || db->errmsg[n - 1] == ' '))
		db->errmsg[--n] = '\0';
	db->fail = db_fail_of_sqlstate(state);
	if (db->fail == DBF_OTHER && PQstatus(db->native) != CONNECTION_OK)
		db->fail = DBF_BUSY;
}

static int
pg_exec(struct db *db, const char *sql)
{
	PGresult *r;
	ExecStatusType s;

	/* One statement with no parameters (verbs, migration statements). */
	r = PQexecParams(db->native, sql, 0, NULL, NULL, NULL, NULL, 0);
	s = PQresultStatus(r);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		set_err_conn(db, r);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

static void
pg_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg; /* NOTICEs (e.g. "already exists") are not errors. */
}

static int
pg_open(struct db *db, const char *url, char *err, size_t len)
{
	PGconn *c = PQconnectdb(url);

	if (c == NULL || PQstatus(c) != CONNECTION_OK) {
		/* PQerrorMessage never contains the password. */
		snprintf(err, len, "postgresql: %s",
		    c ? PQerrorMessage(c) : "out of memory");
		PQfinish(c);
		return -1;
	}
	PQsetNoticeProcessor(c, pg_notice, NULL);
	db->native = c;
	if (pg_exec(db, "SET client_encoding = 'UTF8'") != 0 ||
	    pg_exec(db, "SET synchronous_commit = on") != 0) {
		snprintf(err, len, "postgresql setup: %s", db->errmsg);
		PQfinish(c);
		return -1;
	}
	return 0;
}

static void
pg_close(struct db *db)
{
	PQfinish(db->native);
}

static int
pg_prepare(struct db *db, struct db_stmt *st, const char *sql)
{
	char *conv = db_pg_placeholders(sql, &st->nparams);
	PGresult *r;
	int rc = 0;

	if (st->nparams > DB_MAX_PARAMS) {
		snprintf(db->errmsg, sizeof(db->errmsg), "too many params");
		xfree(conv);
		return -1;
	}
	r = PQprepare(db->native, st->name, conv, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		set_err_conn(db, r);
		rc = -1;
	}
	PQclear(r);
	xfree(conv);
	return rc;
}

static void
pg_clear_params(struct db_stmt *st)
{
	int i;

	for (i = 0; i < DB_MAX_PARAMS; i++) {
		xfree(st->params[i]);
		st->params[i] = NULL;
		st->isnull[i] = 1;
		st->plen[i] = 0;
		st->pfmt[i] = 0;
	}
}

static void
pg_reset(struct db_stmt *st)
{
	if (st->res != NULL)
		PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->nrows = 0;
	pg_clear_params(st);
}

static void
pg_finalize(struct db_stmt *st)
{
	pg_reset(st);
}

static void
pg_bind_text(struct db_stmt *st, int i, const char *s)
{
	if (i < 1 || i > DB_MAX_PARAMS)
		return;
	xfree(st->params[i - 1]);
	st->params[i - 1] = xstrdup(s);
	st->isnull[i - 1] = 0;
	st->pfmt[i - 1] = 0;
}

static void
pg_bind_i64(struct db_stmt *st, int i, int64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "%lld", (long long)v);
	pg_bind_text(st, i, b);
}

/* Sent in binary format: no escaping of the bytes at all. */
static void
pg_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
	if (i < 1 || i > DB_MAX_PARAMS)
		return;
	xfree(st->params[i - 1]);
	st->params[i - 1] = xmalloc(n + 1);
	if (n > 0)
		memcpy(st->params[i - 1], p, n);
	st->isnull[i - 1] = 0;
	st->plen[i - 1] = (int)n;
	st->pfmt[i - 1] = 1;
}

/* bytea comes back in text form as "\x" and hex digits. */
static void *
pg_col_blob(struct db_stmt *st, int c, size_t *len)
{
	const char *s;
	unsigned char *out;
	size_t n, i;

	if (PQgetisnull(st->res, st->row, c))
		return NULL;
	s = PQgetvalue(st->res, st->row, c);
	n = strlen(s);
	if (n < 2 || s[0] != '\\' || s[1] != 'x') {
		*len = 0;
		return xcalloc(1, 1);
	}
	*len = (n - 2) / 2;
	out = xmalloc(*len + 1);
	for (i = 0; i < *len; i++) {
		unsigned hi = (unsigned)s[2 + 2 * i],
			 lo = (unsigned)s[3 + 2 * i];

		hi = hi <= '9' ? hi - '0' : (hi | 0x20) - 'a' + 10;
		lo = lo <= '9' ? lo - '0' : (lo | 0x20) - 'a' + 10;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return out;
}

static void
pg_bind_null(struct db_stmt *st, int i)
{
	if (i < 1 || i > DB_MAX_PARAMS)
		return;
	xfree(st->params[i - 1]);
	st->params[i - 1] = NULL;
	st->isnull[i - 1] = 1;
}

static enum db_res
pg_step(struct db_stmt *st)
{
	const char *vals[DB_MAX_PARAMS];
	ExecStatusType s;
	PGresult *r;
	int i;

	if (st->res == NULL) {
		for (i = 0; i < st->nparams; i++)
			vals[i] = st->isnull[i] ? NULL : st->params[i];
		r = PQexecPrepared(st->db->native, st->name, st->nparams, vals,
		    st->plen, st->pfmt, 0);
		s = PQresultStatus(r);
		if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
			set_err_conn(st->db, r);
			PQclear(r);
			return DB_ERR;
		}
		st->res = r;
		st->nrows = PQntuples(r);
		st->row = -1;
		st->changes = strtoll(PQcmdTuples(r), NULL, 10);
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return DB_ROW;
	}
	return DB_DONE;
}

static int64_t
pg_changes(struct db_stmt *st)
{
	return st->changes;
}

static int
pg_col_null(struct db_stmt *st, int c)
{
	return PQgetisnull(st->res, st->row, c);
}

static const char *
pg_col_text(struct db_stmt *st, int c)
{
	if (PQgetisnull(st->res, st->row, c))
		return NULL;
	return PQgetvalue(st->res, st->row, c);
}

static int64_t
pg_col_i64(struct db_stmt *st, int c)
{
	const char *s = pg_col_text(st, c);

	return s ? strtoll(s, NULL, 10) : 0;
}

static int
pg_in_txn(struct db *db)
{
	return PQtransactionStatus(db->native) != PQTRANS_IDLE;
}

const struct db_ops db_pg_ops = {
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.bind_i64 = pg_bind_i64,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.bind_blob = pg_bind_blob,
	.col_blob = pg_col_blob,
	.step = pg_step,
	.changes = pg_changes,
	.col_i64 = pg_col_i64,
	.col_null = pg_col_null,
	.col_text = pg_col_text,
	.in_txn = pg_in_txn,
};

/*
 * LISTEN/NOTIFY (issue 12, several app servers on one database): the
 * event streams of every process learn of the rows another one wrote.
 */
int
db_pg_listen(struct db *db, const char *channel)
{
	char sql[96];

	snprintf(sql, sizeof(sql), "LISTEN %s", channel);
	return pg_exec(db, sql);
}

int
db_pg_wait_notify(struct db *db, int timeout_ms)
{
	PGconn *c = db->native;
	PGnotify *n;
	struct pollfd pfd;
	int got = 0, r;

	pfd.fd = PQsocket(c);
	pfd.events = POLLIN;
	if (pfd.fd < 0)
		return -1;
	r = poll(&pfd, 1, timeout_ms);
	if (r < 0)
		return 0; /* EINTR: the caller loops */
	if (r > 0 && PQconsumeInput(c) == 0)
		return -1;
	while ((n = PQnotifies(c)) != NULL) {
		got = 1;
		PQfreemem(n);
	}
	if (PQstatus(c) != CONNECTION_OK)
		return -1;
	return got;
}
