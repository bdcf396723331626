/*
 * Shared helpers of the unit tests (cmocka 1.1). Tests run on in-memory
 * SQLite after the real migrations, so rules are checked against the
 * real schema and statements.
 */
#ifndef TESTS_UNIT_T_H
#define TESTS_UNIT_T_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/ctx.h"
#include "base/rnd.h"
#include "db/db.h"
#include "db/migrate.h"

/* Opens ":memory:" and applies every migration. */
static inline struct db *
t_memdb(void)
{
	struct db *db = NULL;
	char err[256];
	int applied;

	if (rnd_init() != 0)
		fail_msg("libsodium");
	if (db_open("sqlite::memory:", &db, err, sizeof(err)) != 0)
		fail_msg("open: %s", err);
	if (migrate_run(db, &applied, err, sizeof(err)) != 0)
		fail_msg("migrate: %s", err);
	return db;
}

#endif
