/*
 * Hash-chained trace. Each row's hash covers every field and the previous
 * row's hash; the per-CRT head (seq, hash) is updated in the same
 * transaction, so an edited, deleted, inserted or reordered row breaks
 * the chain and `maillage audit verify` names it. On PostgreSQL the head
 * row is locked (SELECT ... FOR UPDATE) so several app servers append in
 * turn. Must not: be written outside the data's transaction.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../access/access.h"
#include "../base/buf.h"
#include "../base/ctx.h"
#include "../base/xalloc.h"
#include "../base/log.h"
#include "../db/db.h"
#include "audit.h"

/* The writer thread's chain heads during one batch. */
#define BATCH_CRTS	32

struct head {
	int64_t		 crt;
	int64_t		 seq;
	char		 hash[65];
	int		 in_db;		/* a trace_head row exists */
	int		 valid;		/* seq/hash are the txn's state */
	int		 dirty;
};

static _Thread_local struct {
	int		 active;
	int		 n;
	struct head	 h[BATCH_CRTS];
} batch;

#define ZERO_HASH \
	"0000000000000000000000000000000000000000000000000000000000000000"

void
audit_add(struct ctx *ctx, const char *action, int64_t person_id,
    const char *categories, const char *grant, const char *outcome,
    const char *detail)
{
	struct trace_row *t = arena_zalloc(&ctx->arena, sizeof(*t));

	if (t == NULL)
		return;		/* arena cap: the request fails as too big */
	t->action = action;
	t->person_id = person_id;
	t->categories = categories ? categories : "";
	t->grant = grant ? grant : "-";
	t->outcome = outcome ? outcome : "ok";
	t->detail = detail ? detail : "";
	t->user_id = ctx->user_id;
	t->login = ctx->login ? ctx->login : "-";
	t->role = ctx->user_id && ctx->role >= 0 && ctx->role < ROLE__MAX ?
	    access_role_codes[ctx->role] : "-";
	if (ctx->traces_tail != NULL)
		ctx->traces_tail->next = t;
	else
		ctx->traces = t;
	ctx->traces_tail = t;
}

int
audit_pending(const struct ctx *ctx)
{
	return ctx->traces != NULL;
}

void
audit_discard(struct ctx *ctx)
{
	ctx->traces = ctx->traces_tail = NULL;
}

static void
feed(crypto_generichash_state *h, const char *s)
{
	char len[BUF_I64_LEN + 1];
	size_t n = s ? strlen(s) : 0, k;

	/* Length-prefixed so that no two field lists hash alike ("%zu:"). */
	k = buf_fmt_u64(len, n);
	len[k++] = ':';
	crypto_generichash_update(h, (const unsigned char *)len, k);
	if (n)
		crypto_generichash_update(h, (const unsigned char *)s, n);
}

static void
feed_i64(crypto_generichash_state *h, int64_t v)
{
	char b[BUF_I64_LEN];

	buf_fmt_i64(b, (long long)v);
	feed(h, b);
}

/* The trace key (outside the database); none: unkeyed (legacy). */
static unsigned char trace_key[crypto_generichash_KEYBYTES];
static int trace_keyed;

void
audit_set_key(const unsigned char *key)
{
	if (key == NULL) {
		sodium_memzero(trace_key, sizeof(trace_key));
		trace_keyed = 0;
		return;
	}
	memcpy(trace_key, key, sizeof(trace_key));
	trace_keyed = 1;
}

void
audit_hash(char out[65], int64_t crt_id, int64_t seq, const char *at,
    int64_t user_id, const char *login, const char *role, const char *action,
    int64_t person_id, const char *categories, const char *grant,
    const char *outcome, const char *request_id, const char *ip,
    const char *detail, const char *prev)
{
	crypto_generichash_state h;
	unsigned char d[32];

	crypto_generichash_init(&h, trace_keyed ? trace_key : NULL,
	    trace_keyed ? sizeof(trace_key) : 0, sizeof(d));
	feed(&h, "maillage-trace-v1");
	feed_i64(&h, crt_id);
	feed_i64(&h, seq);
	feed(&h, at);
	feed_i64(&h, user_id);
	feed(&h, login);
	feed(&h, role);
	feed(&h, action);
	feed_i64(&h, person_id);
	feed(&h, categories);
	feed(&h, grant);
	feed(&h, outcome);
	feed(&h, request_id);
	feed(&h, ip);
	feed(&h, detail);
	feed(&h, prev);
	crypto_generichash_final(&h, d, sizeof(d));
	sodium_bin2hex(out, 65, d, sizeof(d));
}

/* Loads a CRT's head: the locked trace_head row, or (after a failed
 * flush in this batch) the last trace row actually in the transaction. */
static int
head_load(struct ctx *ctx, struct db *db, struct head *h, int from_rows)
{
	struct db_stmt *st;
	enum db_res r;

	if (!from_rows) {
		st = db_stmt(db, Q_TRACE_HEAD_GET);
		db_bind_i64(st, 1, h->crt);
		r = db_step(ctx, st);
		if (r == DB_ERR)
			return ctx->err;
		h->in_db = r == DB_ROW;
	} else {
		st = db_stmt(db, Q_TRACE_LAST);
		db_bind_i64(st, 1, h->crt);
		r = db_step(ctx, st);
		if (r == DB_ERR)
			return ctx->err;
	}
	if (r == DB_ROW) {
		h->seq = db_col_i64(st, 0);
		snprintf(h->hash, sizeof(h->hash), "%s", db_col_text(st, 1));
	} else {
		h->seq = 0;
		snprintf(h->hash, sizeof(h->hash), "%s", ZERO_HASH);
	}
	h->valid = 1;
	return E_OK;
}

static int
head_store(struct ctx *ctx, struct db *db, struct head *h)
{
	struct db_stmt *st;

	st = db_stmt(db, h->in_db ? Q_TRACE_HEAD_UPDATE : Q_TRACE_HEAD_INSERT);
	if (h->in_db) {
		db_bind_i64(st, 1, h->seq);
		db_bind_text(st, 2, h->hash);
		db_bind_i64(st, 3, h->crt);
	} else {
		db_bind_i64(st, 1, h->crt);
		db_bind_i64(st, 2, h->seq);
		db_bind_text(st, 3, h->hash);
	}
	if (db_run(ctx, st) != E_OK)
		return ctx->err;
	h->in_db = 1;
	h->dirty = 0;
	return E_OK;
}

void
audit_batch_begin(void)
{
	batch.active = 1;
	batch.n = 0;
}

int
audit_batch_end(struct db *db)
{
	struct ctx ctx;
	int i, rc = E_OK;

	ctx_init(&ctx, 0);
	for (i = 0; i < batch.n && rc == E_OK; i++)
		if (batch.h[i].dirty)
			rc = head_store(&ctx, db, &batch.h[i]);
	ctx_release(&ctx);
	batch.active = 0;
	batch.n = 0;
	return rc;
}

static int
insert_rows(struct ctx *ctx, struct db *db, struct head *h)
{
	struct trace_row *t;
	struct db_stmt *st;
	char hash[65];
	int rc;

	for (t = ctx->traces; t != NULL; t = t->next) {
		h->seq++;
		audit_hash(hash, ctx->crt_id, h->seq, ctx->now, t->user_id,
		    t->login, t->role, t->action, t->person_id, t->categories,
		    t->grant, t->outcome, ctx->request_id,
		    ctx->ip ? ctx->ip : "-", t->detail, h->hash);
		st = db_stmt(db, Q_TRACE_INSERT);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_i64(st, 2, h->seq);
		db_bind_text(st, 3, ctx->now);
		if (t->user_id)
			db_bind_i64(st, 4, t->user_id);
		else
			db_bind_null(st, 4);
		db_bind_text(st, 5, t->login);
		db_bind_text(st, 6, t->role);
		db_bind_text(st, 7, t->action);
		if (t->person_id)
			db_bind_i64(st, 8, t->person_id);
		else
			db_bind_null(st, 8);
		db_bind_text(st, 9, t->categories);
		db_bind_text(st, 10, t->grant);
		db_bind_text(st, 11, t->outcome);
		db_bind_text(st, 12, ctx->request_id);
		db_bind_text(st, 13, ctx->ip ? ctx->ip : "-");
		db_bind_text(st, 14, t->detail);
		db_bind_text(st, 15, h->hash);
		db_bind_text(st, 16, hash);
		rc = db_run(ctx, st);
		if (rc != E_OK)
			return rc;
		memcpy(h->hash, hash, sizeof(h->hash));
	}
	return E_OK;
}

int
audit_flush(struct ctx *ctx, struct db *db)
{
	struct head one, *h = NULL;
	int i, rc;

	if (ctx->traces == NULL)
		return E_OK;
	if (ctx->crt_id == 0) {
		audit_discard(ctx);	/* no tenant: nothing to chain to */
		return E_OK;
	}
	if (batch.active) {
		for (i = 0; i < batch.n; i++)
			if (batch.h[i].crt == ctx->crt_id)
				h = &batch.h[i];
		if (h == NULL && batch.n < BATCH_CRTS) {
			h = &batch.h[batch.n++];
			memset(h, 0, sizeof(*h));
			h->crt = ctx->crt_id;
		}
	}
	if (h == NULL) {
		/* Not in a batch (CLI) or too many CRTs in one batch. */
		memset(&one, 0, sizeof(one));
		one.crt = ctx->crt_id;
		rc = head_load(ctx, db, &one, 0);
		if (rc == E_OK)
			rc = insert_rows(ctx, db, &one);
		if (rc == E_OK)
			rc = head_store(ctx, db, &one);
		if (rc == E_OK)
			audit_discard(ctx);
		return rc;
	}
	if (!h->valid) {
		/* First use in this batch: read (and lock) the head; after a
		 * failed flush: the rows the transaction really holds. */
		rc = head_load(ctx, db, h, h->crt != 0 && h->dirty);
		if (rc != E_OK)
			return rc;
	}
	rc = insert_rows(ctx, db, h);
	if (rc != E_OK) {
		h->valid = 0;	/* the caller rolls this job back */
		h->dirty = 1;
		return rc;
	}
	h->dirty = 1;
	audit_discard(ctx);
	return E_OK;
}

static long
verify_chain(struct ctx *ctx, struct db *db, int64_t crt, const char *code,
    int64_t head_seq, const char *head_hash, int has_head, int has_data,
    FILE *out, long *rows)
{
	struct db_stmt *st;
	enum db_res r;
	char prev[65], hash[65];
	int64_t expect = 1, last = 0, seq, id;
	long bad = 0, got;

	snprintf(prev, sizeof(prev), "%s", ZERO_HASH);
	for (;;) {
		st = db_stmt(db, Q_TRACE_CHAIN);
		db_bind_i64(st, 1, crt);
		db_bind_i64(st, 2, last);
		got = 0;
		while ((r = db_step(ctx, st)) == DB_ROW) {
			got++;
			(*rows)++;
			id = db_col_i64(st, 0);
			seq = db_col_i64(st, 2);
			if (seq != expect) {
				fprintf(out, "crt %s: trace row id %lld has "
				    "seq %lld, expected %lld (rows deleted, "
				    "inserted or reordered)\n", code,
				    (long long)id, (long long)seq,
				    (long long)expect);
				bad++;
			}
			if (strcmp(db_col_text(st, 15), prev) != 0) {
				fprintf(out, "crt %s: trace row id %lld seq "
				    "%lld does not link to the previous row\n",
				    code, (long long)id, (long long)seq);
				bad++;
			}
			audit_hash(hash, db_col_i64(st, 1), seq,
			    db_col_text(st, 3), db_col_i64(st, 4),
			    db_col_text(st, 5), db_col_text(st, 6),
			    db_col_text(st, 7), db_col_i64(st, 8),
			    db_col_text(st, 9), db_col_text(st, 10),
			    db_col_text(st, 11), db_col_text(st, 12),
			    db_col_text(st, 13), db_col_text(st, 14),
			    db_col_text(st, 15));
			if (strcmp(hash, db_col_text(st, 16)) != 0) {
				fprintf(out, "crt %s: trace row id %lld seq "
				    "%lld was modified (hash mismatch)\n",
				    code, (long long)id, (long long)seq);
				bad++;
			}
			snprintf(prev, sizeof(prev), "%s", db_col_text(st, 16));
			expect = seq + 1;
			last = seq;
		}
		if (r == DB_ERR)
			return -1;
		if (got == 0)
			break;
	}
	if (!has_head && last == 0 && has_data) {
		fprintf(out, "crt %s: has persons or users but no trace and no "
		    "chain head (whole trace deleted?)\n", code);
		bad++;
	}
	if (last != head_seq || (head_seq > 0 &&
	    strcmp(prev, head_hash ? head_hash : "") != 0)) {
		fprintf(out, "crt %s: chain ends at seq %lld but the head "
		    "records seq %lld (rows deleted at the end?)\n", code,
		    (long long)last, (long long)head_seq);
		bad++;
	}
	return bad;
}

long
audit_verify(struct db *db, FILE *out, long *rows)
{
	struct ctx ctx;
	struct db_stmt *st;
	enum db_res r;
	struct vhead {
		int64_t crt, seq;
		int has_head, has_data;
		char code[64], hash[65];
	} *heads = NULL, *nh;
	size_t n = 0, cap = 0, i;
	long bad = 0, b;

	*rows = 0;
	ctx_init(&ctx, 0);
	st = db_stmt(db, Q_TRACE_HEADS);
	while ((r = db_step(&ctx, st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			nh = xrealloc(heads, cap * sizeof(*heads));
			if (nh == NULL) {
				r = DB_ERR;
				break;
			}
			heads = nh;
		}
		heads[n].crt = db_col_i64(st, 0);
		snprintf(heads[n].code, sizeof(heads[n].code), "%s",
		    db_col_text(st, 1));
		heads[n].has_head = !db_col_null(st, 2);
		heads[n].seq = db_col_null(st, 2) ? 0 : db_col_i64(st, 2);
		snprintf(heads[n].hash, sizeof(heads[n].hash), "%s",
		    db_col_null(st, 3) ? "" : db_col_text(st, 3));
		heads[n].has_data = db_col_i64(st, 4) != 0;
		n++;
	}
	if (r == DB_ERR) {
		xfree(heads);
		ctx_release(&ctx);
		return -1;
	}
	for (i = 0; i < n; i++) {
		b = verify_chain(&ctx, db, heads[i].crt, heads[i].code,
		    heads[i].seq, heads[i].hash, heads[i].has_head,
		    heads[i].has_data, out, rows);
		if (b < 0) {
			bad = -1;
			break;
		}
		bad += b;
	}
	xfree(heads);
	ctx_release(&ctx);
	return bad;
}

int
audit_key_load(const char *path, int create, char *err, size_t len)
{
	unsigned char key[crypto_generichash_KEYBYTES];
	char hex[2 * sizeof(key) + 2];
	size_t got;
	FILE *f;
	int fd;

	f = fopen(path, "r");
	if (f == NULL && create && errno == ENOENT) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0) {
			snprintf(err, len, "clé de trace %s : création "
			    "impossible (%s)", path, strerror(errno));
			return -1;
		}
		randombytes_buf(key, sizeof(key));
		sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
		hex[2 * sizeof(key)] = '\n';
		if (write(fd, hex, 2 * sizeof(key) + 1) !=
		    (ssize_t)(2 * sizeof(key) + 1) || fsync(fd) != 0) {
			close(fd);
			snprintf(err, len, "clé de trace %s : écriture "
			    "impossible", path);
			return -1;
		}
		close(fd);
		audit_set_key(key);
		sodium_memzero(key, sizeof(key));
		return 0;
	}
	if (f == NULL) {
		snprintf(err, len, "clé de trace %s illisible (%s) : créée par "
		    "« maillage init », indiquez-la par --trace-key FICHIER "
		    "ou MAILLAGE_TRACE_KEY", path, strerror(errno));
		return -1;
	}
	got = fread(hex, 1, sizeof(hex) - 1, f);
	fclose(f);
	hex[got] = '\0';
	if (sodium_hex2bin(key, sizeof(key), hex, got, "\n", &got, NULL) !=
	    0 || got != sizeof(key)) {
		snprintf(err, len, "clé de trace %s invalide (64 chiffres "
		    "hexadécimaux attendus)", path);
		return -1;
	}
	audit_set_key(key);
	sodium_memzero(key, sizeof(key));
	return 0;
}
