/*
 * Unit tests: audit/ — the hash chain detects edited, deleted and
 * reordered rows and names them. SPEC: PRODUCT §1 access trace.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
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
	assert_non_null(strstr(rep, "seq 3 a été modifiée"));
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
	assert_non_null(strstr(rep, "2 attendu"));
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
	assert_non_null(strstr(rep, "tête indique le seq 5"));
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
	assert_non_null(strstr(rep, "seq 4 a été modifiée"));
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
	assert_non_null(strstr(rep, "crt a : la chaîne s'arrête au seq 3 "
	    "mais le point de contrôle"));
	assert_non_null(strstr(rep, "indique le seq 5"));
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
	assert_non_null(strstr(rep, "crt b : point de contrôle au seq 3"));
	assert_non_null(strstr(rep, "aucune tête de chaîne"));
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
	assert_non_null(strstr(rep, "points de contrôle, ligne 1 : MAC invalide"));
	/* A line MAC'd with another key (the forger's). */
	audit_set_key(other);
	checkpoint_now(db, cp2, sizeof(cp2));
	audit_set_key(test_key);
	assert_true(verify_cp(db, cp2, rep, sizeof(rep)) > 0);
	assert_non_null(strstr(rep, "MAC invalide"));
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
	assert_int_equal(db_commit(&ctx, db), E_OK);
	/* The key arrives: serve refuses this chain until it is rekeyed. */
	audit_set_key(test_key);
	f = fmemopen(rep, sizeof(rep), "w");
	assert_int_equal(audit_legacy_heads(db, f), 1);
	fclose(f);
	assert_non_null(strstr(rep, "crt l : trace écrite avant la clé"));
	assert_true(verify(db, rep, sizeof(rep)) > 0);
	/* A legacy row edited: refused, nothing rewritten. */
	assert_int_equal(db_script(db, "UPDATE trace SET detail = 'x' WHERE "
	    "seq = 2"), 0);
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	f = fmemopen(rep, sizeof(rep), "w");
	assert_int_equal(audit_rekey(&ctx, NULL, f), -1);
	fclose(f);
	assert_non_null(strstr(rep, "seq 2 ne se vérifie ni"));
	db_rollback(db);
	audit_discard(&ctx);
	assert_int_equal(db_script(db, "UPDATE trace SET detail = '' WHERE "
	    "seq = 2"), 0);
	/* Intact: sealed, traced, verifies with the key. */
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	f = fmemopen(rep, sizeof(rep), "w");
	assert_int_equal(audit_rekey(&ctx, NULL, f), 4);
	fclose(f);
	assert_int_equal(db_commit(&ctx, db), E_OK);
	assert_int_equal(verify(db, rep, sizeof(rep)), 0);
	f = fmemopen(rep, sizeof(rep), "w");
	assert_int_equal(audit_legacy_heads(db, f), 0);
	fclose(f);
	/* The rekey is in the trace, after the 4 rows, in the chain. */
	st = db_stmt(db, Q_TRACE_CHAIN);
	db_bind_i64(st, 1, crt);
	db_bind_i64(st, 2, 4);
	assert_int_equal(db_step(&ctx, st), DB_ROW);
	assert_string_equal(db_col_text(st, 7), "audit.rekey");
	assert_non_null(strstr(db_col_text(st, 14), "4 ligne(s)"));
	db_release(db);
	/* Again: nothing to do. */
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	f = fmemopen(rep, sizeof(rep), "w");
	assert_int_equal(audit_rekey(&ctx, NULL, f), 0);
	fclose(f);
	db_rollback(db);
	ctx_release(&ctx);
	audit_set_key(NULL);
	db_close(db);
}

/* Recomputes CRT a's whole chain without the key (the forger's move:
 * rows deleted first, then every hash and the head rewritten). */
static void
recompute_unkeyed(struct db *db, int64_t crt)
{
	struct ctx ctx;
	struct db_stmt *st;
	char prev[65], hash[65], sql[512];
	int64_t seq = 0, ids[64];
	char rows[64][65];
	int n = 0, i;

	ctx_init(&ctx, 0);
	audit_set_key(NULL);
	snprintf(prev, sizeof(prev), "%064d", 0);
	st = db_stmt(db, Q_TRACE_CHAIN);
	db_bind_i64(st, 1, crt);
	db_bind_i64(st, 2, 0);
	while (db_step(&ctx, st) == DB_ROW && n < 64) {
		seq++;
		audit_hash(hash, db_col_i64(st, 1), seq, db_col_text(st, 3),
		    db_col_i64(st, 4), db_col_text(st, 5), db_col_text(st, 6),
		    db_col_text(st, 7), db_col_i64(st, 8), db_col_text(st, 9),
		    db_col_text(st, 10), db_col_text(st, 11),
		    db_col_text(st, 12), db_col_text(st, 13),
		    db_col_text(st, 14), prev);
		ids[n] = db_col_i64(st, 0);
		memcpy(rows[n++], hash, sizeof(hash));
		memcpy(prev, hash, sizeof(hash));
	}
	db_release(db);
	snprintf(prev, sizeof(prev), "%064d", 0);
	for (i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "UPDATE trace SET seq = %d, "
		    "prev_hash = '%.64s', hash = '%.64s' WHERE id = %lld", i + 1,
		    prev, rows[i], (long long)ids[i]);
		assert_int_equal(db_script(db, sql), 0);
		memcpy(prev, rows[i], 65);
	}
	snprintf(sql, sizeof(sql), "UPDATE trace_head SET seq = %d, hash = "
	    "'%s' WHERE crt_id = %lld", n, prev, (long long)crt);
	assert_int_equal(db_script(db, sql), 0);
	audit_set_key(test_key);
	ctx_release(&ctx);
}

static long
rekey_run(struct db *db, const char *cp, char *rep, size_t len)
{
	struct ctx ctx;
	FILE *f;
	long n;

	ctx_init(&ctx, 0);
	ctx.db = db;
	ctx.login = "tester";
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	f = fmemopen(rep, len, "w");
	n = audit_rekey(&ctx, cp, f);
	fclose(f);
	if (n < 0) {
		db_rollback(db);
		audit_discard(&ctx);
	} else
		assert_int_equal(db_commit(&ctx, db), E_OK);
	ctx_release(&ctx);
	return n;
}

/* The review's forge: on a keyed chain, rows deleted, the whole chain
 * recomputed without the key and the head moved. verify flags it; rekey
 * refuses (the checkpoint proves the chain was keyed), changes nothing,
 * and verify still flags it. A chain with unkeyed rows before keyed ones
 * is refused too, checkpoint or not. */
static void
rekey_refuses_forged_chain(void **state)
{
	struct db *db;
	int64_t a, b;
	char cp[64], rep[4096];

	(void)state;
	db = keyed_db(8, 0, &a, &b);
	checkpoint_now(db, cp, sizeof(cp));
	assert_int_equal(db_script(db, "DELETE FROM trace WHERE seq IN "
	    "(3, 4, 5)"), 0);
	recompute_unkeyed(db, a);
	assert_true(verify_cp(db, cp, rep, sizeof(rep)) > 0);
	assert_int_equal(rekey_run(db, cp, rep, sizeof(rep)), -1);
	assert_non_null(strstr(rep, "crt a : point de contrôle signé au "
	    "seq 8"));
	assert_true(verify_cp(db, cp, rep, sizeof(rep)) > 0);
	assert_true(verify(db, rep, sizeof(rep)) > 0);
	unlink(cp);
	audit_set_key(NULL);
	db_close(db);

	/* Unkeyed rows, then keyed rows: refused without any checkpoint. */
	db = keyed_db(4, 0, &a, &b);
	recompute_unkeyed(db, a);
	{
		struct ctx ctx;

		ctx_init(&ctx, 0);
		ctx.db = db;
		ctx.login = "tester";
		ctx.crt_id = a;
		assert_int_equal(db_begin(&ctx, db, 1), E_OK);
		audit_add(&ctx, "person.read", 9, "admin", "normal", "ok", "");
		assert_int_equal(audit_flush(&ctx, db), E_OK);
		assert_int_equal(db_commit(&ctx, db), E_OK);
		ctx_release(&ctx);
	}
	assert_int_equal(rekey_run(db, NULL, rep, sizeof(rep)), -1);
	assert_non_null(strstr(rep, "crt a : 4 ligne(s) sans clé avant 1 "
	    "ligne(s) déjà scellées"));
	assert_true(verify(db, rep, sizeof(rep)) > 0);
	audit_set_key(NULL);
	db_close(db);
}

/* A checkpoint write cut short (file size limit: a short write) is undone
 * whole, so the next line is readable; a torn last line is reported as
 * such and not counted, a malformed middle line is an anomaly. */
static void
checkpoint_short_write(void **state)
{
	struct db *db;
	int64_t a, b;
	char cp[64], rep[4096], err[512], line[512];
	struct rlimit old, lim;
	struct stat sb;
	off_t size;
	struct ctx ctx;
	FILE *f;

	(void)state;
	db = keyed_db(3, 0, &a, &b);
	checkpoint_now(db, cp, sizeof(cp));
	assert_int_equal(stat(cp, &sb), 0);
	size = sb.st_size;
	/* One more row: the next checkpoint has a line to write. */
	ctx_init(&ctx, 0);
	ctx.db = db;
	ctx.login = "tester";
	ctx.crt_id = a;
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	audit_add(&ctx, "person.read", 4, "admin", "normal", "ok", "");
	assert_int_equal(audit_flush(&ctx, db), E_OK);
	assert_int_equal(db_commit(&ctx, db), E_OK);
	ctx_release(&ctx);
	assert_int_equal(audit_checkpoint_open(cp, err, sizeof(err)), 0);
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)size + 20;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_int_equal(audit_checkpoint(db, 1, NULL), -1);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_int_equal(stat(cp, &sb), 0);
	assert_int_equal(sb.st_size, size);	/* no partial line left */
	assert_int_equal(audit_checkpoint(db, 1, NULL), 1);
	audit_checkpoint_close();
	assert_int_equal(verify_cp(db, cp, rep, sizeof(rep)), 0);
	/* A torn last line (crash mid-write): reported, not an anomaly. */
	f = fopen(cp, "r");
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	f = fopen(cp, "a");
	fprintf(f, "%.40s", line);
	fclose(f);
	assert_int_equal(verify_cp(db, cp, rep, sizeof(rep)), 0);
	assert_non_null(strstr(rep, "ligne 3 : incomplète"));
	/* The next server ends it before appending: still readable. */
	assert_int_equal(audit_checkpoint_open(cp, err, sizeof(err)), 0);
	assert_int_equal(audit_checkpoint(db, 1, NULL), 1);
	audit_checkpoint_close();
	assert_int_equal(verify_cp(db, cp, rep, sizeof(rep)), 0);
	assert_non_null(strstr(rep, "ligne 3 : incomplète"));
	/* A malformed line in the middle: an edit, an anomaly. */
	f = fopen(cp, "a");
	fputs("c1 x\n", f);
	fputs(line, f);
	fclose(f);
	assert_true(verify_cp(db, cp, rep, sizeof(rep)) > 0);
	assert_non_null(strstr(rep, "ligne 5 : mal formée"));
	unlink(cp);
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
		cmocka_unit_test(rekey_refuses_forged_chain),
		cmocka_unit_test(checkpoint_short_write),
	};

	return cmocka_run_group_tests_name("audit", tests, setup, teardown);
}
