/*
 * Unit tests: audit/ — the hash chain detects edited, deleted and
 * reordered rows and names them. SPEC: PRODUCT §1 access trace.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "t.h"

#include "access/access.h"
#include "audit/audit.h"
#include "domain/directory/org.h"

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

/* Runs verify (with a checkpoint file or NULL), returns problems and the
 * report text. */
static long
verify_cp(struct db *db, const char *cp, char *out, size_t len)
{
	FILE *f = fmemopen(out, len, "w");
	long rows, bad;

	bad = audit_verify(db, cp, f, &rows);
	fclose(f);
	return bad;
}

static long
verify(struct db *db, char *out, size_t len)
{
	return verify_cp(db, NULL, out, len);
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

static const unsigned char test_key[32] = { 7, 7, 7, 1 };

/* A keyed database: CRT "a" with persons-free trace rows (n each for a
 * and, when b_rows, a second CRT "b" with no persons or users). */
static struct db *
keyed_db(int a_rows, int b_rows, int64_t *a, int64_t *b)
{
	struct db *db = t_memdb();
	struct ctx ctx;
	int made, i;

	audit_set_key(test_key);
	ctx_init(&ctx, 0);
	ctx.db = db;
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	assert_int_equal(org_crt_ensure(&ctx, "a", "A", "A", a, &made), E_OK);
	assert_int_equal(org_crt_ensure(&ctx, "b", "B", "B", b, &made), E_OK);
	ctx.login = "tester";
	ctx.ip = "127.0.0.1";
	ctx.crt_id = *a;
	for (i = 1; i <= a_rows; i++)
		audit_add(&ctx, "person.read", i, "admin", "normal", "ok", "");
	assert_int_equal(audit_flush(&ctx, db), E_OK);
	ctx.crt_id = *b;
	for (i = 1; i <= b_rows; i++)
		audit_add(&ctx, "user.login", 0, "", "-", "ok", "");
	assert_int_equal(audit_flush(&ctx, db), E_OK);
	assert_int_equal(db_commit(&ctx, db), E_OK);
	ctx_release(&ctx);
	return db;
}

/* A fresh checkpoint file with the current heads; path in buf. */
static void
checkpoint_now(struct db *db, char *path, size_t len)
{
	char err[512];
	int fd;

	snprintf(path, len, "/tmp/maillage-cp-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(audit_checkpoint_open(path, err, sizeof(err)), 0);
	assert_true(audit_checkpoint(db, 1, NULL) >= 1);
	/* Nothing moved: a second forced checkpoint writes no line. */
	assert_int_equal(audit_checkpoint(db, 1, NULL), 0);
	audit_checkpoint_close();
}

/* Tail truncated with the head moved back to a genuine row: every MAC
 * holds, only the checkpoint shows it. */
static void
checkpoint_truncated_tail(void **state)
{
	struct db *db;
	int64_t a, b;
	char cp[64], rep[4096];

	(void)state;
	db = keyed_db(5, 0, &a, &b);
	checkpoint_now(db, cp, sizeof(cp));
	assert_int_equal(verify_cp(db, cp, rep, sizeof(rep)), 0);
	assert_int_equal(db_script(db, "DELETE FROM trace WHERE seq > 3"), 0);
	assert_int_equal(db_script(db, "UPDATE trace_head SET seq = 3, hash = "
	    "(SELECT hash FROM trace WHERE seq = 3)"), 0);
	assert_int_equal(verify(db, rep, sizeof(rep)), 0);
	assert_true(verify_cp(db, cp, rep, sizeof(rep)) > 0);
	assert_non_null(strstr(rep, "crt a: chain ends at seq 3 but the "
	    "checkpoint"));
	assert_non_null(strstr(rep, "records seq 5"));
	unlink(cp);
	audit_set_key(NULL);
	db_close(db);
}

/* A CRT without persons or users: its whole trace and head deleted. */
static void
checkpoint_crt_trace_deleted(void **state)
{
	struct db *db;
	int64_t a, b;
	char cp[64], rep[4096];

	(void)state;
	db = keyed_db(2, 3, &a, &b);
	checkpoint_now(db, cp, sizeof(cp));
	assert_int_equal(verify_cp(db, cp, rep, sizeof(rep)), 0);
	assert_int_equal(db_script(db, "DELETE FROM trace WHERE crt_id = "
	    "(SELECT id FROM crt WHERE code = 'b')"), 0);
	assert_int_equal(db_script(db, "DELETE FROM trace_head WHERE crt_id = "
	    "(SELECT id FROM crt WHERE code = 'b')"), 0);
	assert_int_equal(verify(db, rep, sizeof(rep)), 0);
	assert_true(verify_cp(db, cp, rep, sizeof(rep)) > 0);
	assert_non_null(strstr(rep, "crt b: checkpointed at seq 3"));
	assert_non_null(strstr(rep, "no chain head"));
	unlink(cp);
	audit_set_key(NULL);
	db_close(db);
}

/* The checkpoint file edited (seq lowered) or a line forged without the
 * key: each is flagged. */
static void
checkpoint_forged(void **state)
{
	static const unsigned char other[32] = { 9 };
	struct db *db;
	int64_t a, b;
	char cp[64], cp2[64], rep[4096], line[512], err[512];
	FILE *f;
	char *p;

	(void)state;
	db = keyed_db(4, 0, &a, &b);
	checkpoint_now(db, cp, sizeof(cp));
	f = fopen(cp, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	p = strstr(line, " 4 ");
	assert_non_null(p);
	p[1] = '2';
	f = fopen(cp, "w");
	fputs(line, f);
	fclose(f);
	assert_true(verify_cp(db, cp, rep, sizeof(rep)) > 0);
	assert_non_null(strstr(rep, "checkpoint line 1: bad MAC"));
	/* A line MAC'd with another key (the forger's). */
	audit_set_key(other);
	checkpoint_now(db, cp2, sizeof(cp2));
	audit_set_key(test_key);
	assert_true(verify_cp(db, cp2, rep, sizeof(rep)) > 0);
	assert_non_null(strstr(rep, "bad MAC"));
	/* Without the key no checkpoint is written at all. */
	audit_set_key(NULL);
	assert_int_equal(audit_checkpoint_open(cp2, err, sizeof(err)), -1);
	unlink(cp);
	unlink(cp2);
	db_close(db);
}

/* A chain written before the key existed: rekey verifies it with the old
 * hash, seals it, traces it; refuses a tampered one. */
static void
rekey_legacy_chain(void **state)
{
	struct db *db = t_memdb();
	struct ctx ctx;
	int64_t crt;
	int made, i;
	char rep[4096];
	struct db_stmt *st;
	FILE *f;

	(void)state;
	audit_set_key(NULL);
	ctx_init(&ctx, 0);
	ctx.db = db;
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	assert_int_equal(org_crt_ensure(&ctx, "l", "L", "L", &crt, &made),
	    E_OK);
	ctx.login = "tester";
	ctx.ip = "127.0.0.1";
	ctx.crt_id = crt;
	for (i = 1; i <= 4; i++)
		audit_add(&ctx, "person.read", i, "admin", "normal", "ok", "");
	assert_int_equal(audit_flush(&ctx, db), E_OK);
	/* The key arrives; the server appends keyed rows after the old. */
	audit_set_key(test_key);
	for (i = 5; i <= 6; i++)
		audit_add(&ctx, "person.read", i, "admin", "normal", "ok", "");
	assert_int_equal(audit_flush(&ctx, db), E_OK);
	assert_int_equal(db_commit(&ctx, db), E_OK);
	assert_true(verify(db, rep, sizeof(rep)) > 0);
	/* A legacy row edited: refused, nothing rewritten. */
	assert_int_equal(db_script(db, "UPDATE trace SET detail = 'x' WHERE "
	    "seq = 2"), 0);
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	f = fmemopen(rep, sizeof(rep), "w");
	assert_int_equal(audit_rekey(&ctx, f), -1);
	fclose(f);
	assert_non_null(strstr(rep, "seq 2 verifies neither"));
	db_rollback(db);
	audit_discard(&ctx);
	assert_int_equal(db_script(db, "UPDATE trace SET detail = '' WHERE "
	    "seq = 2"), 0);
	/* Intact: sealed, traced, verifies with the key. */
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	f = fmemopen(rep, sizeof(rep), "w");
	assert_int_equal(audit_rekey(&ctx, f), 4);
	fclose(f);
	assert_int_equal(db_commit(&ctx, db), E_OK);
	assert_int_equal(verify(db, rep, sizeof(rep)), 0);
	/* The rekey is in the trace, after the 6 rows, in the chain. */
	st = db_stmt(db, Q_TRACE_CHAIN);
	db_bind_i64(st, 1, crt);
	db_bind_i64(st, 2, 6);
	assert_int_equal(db_step(&ctx, st), DB_ROW);
	assert_string_equal(db_col_text(st, 7), "audit.rekey");
	assert_non_null(strstr(db_col_text(st, 14), "4 ligne(s)"));
	db_release(db);
	/* Again: nothing to do. */
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	f = fmemopen(rep, sizeof(rep), "w");
	assert_int_equal(audit_rekey(&ctx, f), 0);
	fclose(f);
	db_rollback(db);
	ctx_release(&ctx);
	audit_set_key(NULL);
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
		cmocka_unit_test(checkpoint_truncated_tail),
		cmocka_unit_test(checkpoint_crt_trace_deleted),
		cmocka_unit_test(checkpoint_forged),
		cmocka_unit_test(rekey_legacy_chain),
	};

	return cmocka_run_group_tests_name("audit", tests, setup, teardown);
}
