/*
 * Private to db/: the backend operations table and the statement shape
 * shared by db.c, db_sqlite.c and db_pg.c.
 */
#ifndef DB_DB_IMPL_H
#define DB_DB_IMPL_H

#include "db/db.h"

/* The person list binds 52 (four name slots of the search, issue 10). */
#define DB_MAX_PARAMS 64
#define DB_MAX_VERBS 8

struct db_ops {
	int (*open)(struct db *, const char *url, char *err, size_t len);
	void (*close)(struct db *);
	int (*exec)(struct db *, const char *sql); /* no params */
	int (*prepare)(struct db *, struct db_stmt *, const char *sql);
	void (*finalize)(struct db_stmt *);
	void (*reset)(struct db_stmt *);
	void (*bind_i64)(struct db_stmt *, int, int64_t);
	void (*bind_text)(struct db_stmt *, int, const char *);
	void (*bind_null)(struct db_stmt *, int);
	void (*bind_blob)(struct db_stmt *, int, const void *, size_t);
	enum db_res (*step)(struct db_stmt *);
	int64_t (*changes)(struct db_stmt *);
	int64_t (*col_i64)(struct db_stmt *, int);
	int (*col_null)(struct db_stmt *, int);
	const char *(*col_text)(struct db_stmt *, int);
	/* Heap copy (xfree) of a blob column; NULL for SQL NULL. */
	void *(*col_blob)(struct db_stmt *, int, size_t *);
	/* 1 while the backend has a transaction open. */
	int (*in_txn)(struct db *);
};

struct db_stmt {
	struct db *db;
	enum q q;
	void *native; /* sqlite3_stmt * */
	/* PostgreSQL: parameters as text, the result, the cursor. */
	char name[16];
	int nparams;
	char *params[DB_MAX_PARAMS];
	int isnull[DB_MAX_PARAMS];
	int plen[DB_MAX_PARAMS]; /* binary params: length */
	int pfmt[DB_MAX_PARAMS]; /* 1: binary */
	void *res; /* PGresult * */
	int row;
	int nrows;
	int64_t changes;
	int stepped; /* since the last reset */
};

struct db {
	const struct db_ops *ops;
	enum db_kind kind;
	void *native; /* sqlite3 * or PGconn * */
	struct db_stmt *stmts[Q__MAX];
	enum db_fail fail;
	char errmsg[256];
	int in_txn;
	int quiet; /* store probe: no log */
	void *verbs[DB_MAX_VERBS]; /* backend's cache */
};

void db_sqlite_global_init(void);
int db_pg_listen(struct db *, const char *channel);
int db_pg_wait_notify(struct db *, int timeout_ms);

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

#endif
