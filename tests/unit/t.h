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

#include "access/access.h"
#include "cli.h"
#include "base/ctx.h"
#include "base/rnd.h"
#include "db/db.h"
#include "db/migrate.h"
#include "domain/directory/org.h"
#include "domain/platform/user.h"
#include "json/jv.h"

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
	if (migrate_run(db, cli_migrate_steps, &applied, err, sizeof(err)) != 0)
		fail_msg("migrate: %s", err);
	return db;
}

/* Sets a validated string field as the JSON layer would. */
static inline void
t_set_str(struct jv_str *f, const char *s)
{
	f->set = 1;
	f->s = s;
	f->len = strlen(s);
}

/*
 * Opens a transaction on db for ctx, creates a CRT, a DAC partner
 * organisation (*dac) and a coordinator (IDEC) of the CRT's own
 * organisation, and acts as her (ctx's user, role, profession).
 */
static inline void
t_crt_coordinator(struct ctx *ctx, struct db *db, int64_t *dac, int64_t *coord)
{
	struct user_fields uf;
	int64_t crt;
	int made;

	ctx_init(ctx, 0);
	ctx->db = db;
	assert_int_equal(db_begin(ctx, db, 1), E_OK);
	assert_int_equal(org_crt_ensure(ctx, "t", "T", "T", &crt, &made), E_OK);
	assert_int_equal(org_create(ctx, "DAC", "dac", 0, dac), E_OK);
	memset(&uf, 0, sizeof(uf));
	uf.login = "coord";
	uf.display_name = "C";
	uf.role = "coordinateur";
	uf.profession = "idec";
	uf.pw_hash = "x";
	assert_int_equal(user_create(ctx, &uf, coord), E_OK);
	ctx->user_id = *coord;
	ctx->role = ROLE_COORDINATEUR;
	ctx->profession = PROF_IDEC;
}

#endif
