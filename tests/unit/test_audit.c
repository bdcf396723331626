/*
 * Unit tests: audit/ — the hash chain detects edited, deleted and
 * reordered rows and names them. SPEC: PRODUCT §1 access trace.
 */
#include <stdio.h>

#include "t.h"

#include "access/access.h"
#include "audit/audit.h"
#include "domain/org.h"

struct fixture {
	struct db	*db;
	int64_t		 crt;
};

static int
setup(void **state)
{
	static struct fixture fx;
	struct ctx ctx;
	int made, i;

	fx.db = t_memdb();
	ctx_init(&ctx, 0);
	ctx.db = fx.db;
	if (db_begin(&ctx, fx.db, 1) != E_OK ||
	    org_crt_ensure(&ctx, "t", "T", "T", &fx.crt, &made) != E_OK)
		return -1;
	ctx.user_id = 0;
	ctx.login = "tester";
	ctx.ip = "127.0.0.1";
	for (i = 1; i <= 5; i++)
		audit_add(&ctx, "person.read", i, "admin", "normal", "ok", "");
	if (audit_flush(&ctx, fx.db) != E_OK ||
	    db_commit(&ctx, fx.db) != E_OK)
		return -1;
	ctx_release(&ctx);
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	db_close(fx->db);
	return 0;
}

/* Runs verify, returns problems and the report text. */
static long
verify(struct db *db, char *out, size_t len)
{
	FILE *f = fmemopen(out, len, "w");
	long rows, bad;

	bad = audit_verify(db, NULL, f, &rows);
	fclose(f);
	return bad;
}

static void
intact_chain(void **state)
{
	struct fixture *fx = *state;
	char rep[2048];

	assert_int_equal(verify(fx->db, rep, sizeof(rep)), 0);
}

static void
edit_is_named(void **state)
{
	struct fixture *fx = *state;
	char rep[2048];

	assert_int_equal(db_script(fx->db, "UPDATE trace SET categories = "
	    "'medical' WHERE seq = 3"), 0);
	assert_true(verify(fx->db, rep, sizeof(rep)) > 0);
	assert_non_null(strstr(rep, "seq 3 was modified"));
	assert_int_equal(db_script(fx->db, "UPDATE trace SET categories = "
	    "'admin' WHERE seq = 3"), 0);
	assert_int_equal(verify(fx->db, rep, sizeof(rep)), 0);
}

static void
delete_is_named(void **state)
{
	struct fixture *fx = *state;
	char rep[2048];

	if (db_script(fx->db, "CREATE TABLE keep AS SELECT * FROM trace "
	    "WHERE seq = 2") != 0)
		fail_msg("%s", db_last_error(fx->db));
	if (db_script(fx->db, "DELETE FROM trace WHERE seq = 2") != 0)
		fail_msg("%s", db_last_error(fx->db));
	assert_true(verify(fx->db, rep, sizeof(rep)) > 0);
	assert_non_null(strstr(rep, "expected 2"));
	assert_int_equal(db_script(fx->db, "INSERT INTO trace SELECT * FROM "
	    "keep"), 0);
	assert_int_equal(db_script(fx->db, "DROP TABLE keep"), 0);
	assert_int_equal(verify(fx->db, rep, sizeof(rep)), 0);
}

static void
reorder_is_named(void **state)
{
	struct fixture *fx = *state;
	char rep[2048];

	/* Swap rows 4 and 5 by renumbering them. */
	assert_int_equal(db_script(fx->db, "UPDATE trace SET seq = -seq "
	    "WHERE seq IN (4, 5)"), 0);
	assert_int_equal(db_script(fx->db, "UPDATE trace SET seq = CASE seq "
	    "WHEN -4 THEN 5 ELSE 4 END WHERE seq < 0"), 0);
	assert_true(verify(fx->db, rep, sizeof(rep)) > 0);
	assert_non_null(strstr(rep, "seq 4"));
	assert_int_equal(db_script(fx->db, "UPDATE trace SET seq = -seq "
	    "WHERE seq IN (4, 5)"), 0);
	assert_int_equal(db_script(fx->db, "UPDATE trace SET seq = CASE seq "
	    "WHEN -4 THEN 5 ELSE 4 END WHERE seq < 0"), 0);
	assert_int_equal(verify(fx->db, rep, sizeof(rep)), 0);
}

static void
tail_delete_detected(void **state)
{
	struct fixture *fx = *state;
	char rep[2048];

	assert_int_equal(db_script(fx->db, "DELETE FROM trace WHERE seq = 5"),
	    0);
	assert_true(verify(fx->db, rep, sizeof(rep)) > 0);
	assert_non_null(strstr(rep, "head records seq 5"));
}

static void
hash_covers_fields(void **state)
{
	char a[65], b[65];

	(void)state;
	audit_hash(a, 1, 1, "t", 2, "l", "r", "x", 3, "c", "g", "o", "q", "i",
	    "d", "p");
	audit_hash(b, 1, 1, "t", 2, "l", "r", "x", 3, "c", "g", "o", "q", "i",
	    "d", "p");
	assert_string_equal(a, b);
	/* Moving a character between fields changes the hash. */
	audit_hash(b, 1, 1, "t", 2, "l", "r", "x", 3, "c", "g", "o", "q", "id",
	    "", "p");
	assert_string_not_equal(a, b);
}

/* A keyed chain: a row forged without the key (head moved) fails. */
static void
forged_row_without_key(void **state)
{
	static const unsigned char key[32] = { 1, 2, 3 };
	struct db *db = t_memdb();
	struct ctx ctx;
	int64_t crt;
	int made, i;
	char rep[4096], sql[1024], h[65];

	(void)state;
	audit_set_key(key);
	ctx_init(&ctx, 0);
	ctx.db = db;
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	assert_int_equal(org_crt_ensure(&ctx, "k", "K", "K", &crt, &made),
	    E_OK);
	ctx.login = "tester";
	ctx.ip = "127.0.0.1";
	for (i = 1; i <= 3; i++)
		audit_add(&ctx, "person.read", i, "admin", "normal", "ok", "");
	assert_int_equal(audit_flush(&ctx, db), E_OK);
	assert_int_equal(db_commit(&ctx, db), E_OK);
	ctx_release(&ctx);
	assert_int_equal(verify(db, rep, sizeof(rep)), 0);
	/* The forger copies row 3 as row 4, hashed without the key. */
	audit_set_key(NULL);
	audit_hash(h, crt, 4, "t", 0, "x", "-", "person.read", 9, "", "-",
	    "ok", "r", "i", "", "0");
	snprintf(sql, sizeof(sql), "INSERT INTO trace (crt_id, seq, at, login, "
	    "role, action, categories, grant_kind, outcome, request_id, ip, "
	    "detail, prev_hash, hash) SELECT crt_id, 4, at, login, role, "
	    "action, categories, grant_kind, outcome, request_id, ip, detail, "
	    "hash, '%s' FROM trace WHERE seq = 3; UPDATE trace_head SET seq = "
	    "4, hash = '%s'", h, h);
	assert_int_equal(db_script(db, sql), 0);
	audit_set_key(key);
	assert_true(verify(db, rep, sizeof(rep)) > 0);
	assert_non_null(strstr(rep, "seq 4 was modified"));
	audit_set_key(NULL);
	db_close(db);
}

/* More than 256 CRTs: the last one is still checked. */
static void
many_crts_checked(void **state)
{
	struct db *db = t_memdb();
	struct ctx ctx;
	int64_t crt = 0;
	int made, i;
	char rep[4096], code[16];

	(void)state;
	ctx_init(&ctx, 0);
	ctx.db = db;
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	for (i = 0; i < 300; i++) {
		snprintf(code, sizeof(code), "c%d", i);
		assert_int_equal(org_crt_ensure(&ctx, code, code, code, &crt,
		    &made), E_OK);
	}
	ctx.crt_id = crt;
	ctx.login = "tester";
	ctx.ip = "127.0.0.1";
	audit_add(&ctx, "person.read", 1, "admin", "normal", "ok", "");
	assert_int_equal(audit_flush(&ctx, db), E_OK);
	assert_int_equal(db_commit(&ctx, db), E_OK);
	ctx_release(&ctx);
	assert_int_equal(verify(db, rep, sizeof(rep)), 0);
	assert_int_equal(db_script(db, "UPDATE trace SET detail = 'x'"), 0);
	assert_true(verify(db, rep, sizeof(rep)) > 0);
	assert_non_null(strstr(rep, "crt c299"));
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(intact_chain),
		cmocka_unit_test(edit_is_named),
		cmocka_unit_test(delete_is_named),
		cmocka_unit_test(reorder_is_named),
		cmocka_unit_test(hash_covers_fields),
		cmocka_unit_test(tail_delete_detected),
		cmocka_unit_test(forged_row_without_key),
		cmocka_unit_test(many_crts_checked),
	};

	return cmocka_run_group_tests_name("audit", tests, setup, teardown);
}
