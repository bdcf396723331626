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
#include <sys/stat.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "access/access.h"
#include "audit/audit.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "db/db.h"

/* The writer thread's chain heads during one batch. */
#define BATCH_CRTS 32

struct head {
	int64_t crt;
	int64_t seq;
	char hash[65];
	int in_db; /* a trace_head row exists */
	int valid; /* seq/hash are the txn's state */
	int dirty;
};

static _Thread_local struct {
	int active;
	int n;
	struct head h[BATCH_CRTS];
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
		return; /* arena cap: the request fails as too big */
	t->action = action;
	t->person_id = person_id;
	t->categories = categories ? categories : "";
	t->grant = grant ? grant : "-";
	t->outcome = outcome ? outcome : "ok";
	t->detail = detail ? detail : "";
	t->user_id = ctx->user_id;
	t->login = ctx->login ? ctx->login : "-";
	t->role = ctx->user_id && ctx->role >= 0 && ctx->role < ROLE__MAX
	    ? access_role_codes[ctx->role]
	    : "-";
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
audit_mark_failed(struct ctx *ctx)
{
	struct trace_row *t;

	for (t = ctx->traces; t != NULL; t = t->next)
		if (t->outcome != NULL && strcmp(t->outcome, "ok") == 0)
			t->outcome = "failed";
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
		audit_discard(ctx); /* no tenant: nothing to chain to */
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
		h->valid = 0; /* the caller rolls this job back */
		h->dirty = 1;
		return rc;
	}
	h->dirty = 1;
	audit_discard(ctx);
	return E_OK;
}

/*
 * The checkpoint file: chain heads anchored outside the database. One
 * line per CRT whose head moved, appended (O_APPEND, fsync'd) by the
 * server after a commit at most every CHECKPOINT_SECS, at start and at
 * stop, and by `maillage backup`:
 *   c1 CRT_ID SEQ HASH AT MAC
 * MAC = BLAKE2b keyed with the trace key over the other fields, so a line
 * cannot be forged or edited without the key. `audit verify` then flags
 * a chain shorter than a checkpointed seq, a row at a checkpointed seq
 * whose hash differs, and a checkpointed CRT without a head.
 */
#define CHECKPOINT_SECS 5

struct cp_head {
	int64_t crt, seq;
	char hash[65];
};

static struct {
	int fd;
	int64_t last_ms;
	int unanchored; /* commits since the last pass */
	size_t n, cap;
	struct cp_head *h; /* what this process last wrote */
} cp = { -1, 0, 0, 0, 0, NULL };

static void
checkpoint_mac(
    char out[65], int64_t crt, int64_t seq, const char *hash, const char *at)
{
	crypto_generichash_state h;
	unsigned char d[32];

	crypto_generichash_init(&h, trace_key, sizeof(trace_key), sizeof(d));
	feed(&h, "maillage-checkpoint-v1");
	feed_i64(&h, crt);
	feed_i64(&h, seq);
	feed(&h, hash);
	feed(&h, at);
	crypto_generichash_final(&h, d, sizeof(d));
	sodium_bin2hex(out, 65, d, sizeof(d));
}

int
audit_checkpoint_open(const char *path, char *err, size_t len)
{
	struct stat sb;
	char last;

	if (!trace_keyed) {
		snprintf(err, len,
		    "points de contrôle %s : clé de trace "
		    "absente",
		    path);
		return -1;
	}
	audit_checkpoint_close();
	cp.fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (cp.fd < 0) {
		snprintf(err, len,
		    "points de contrôle %s : ouverture "
		    "impossible (%s)",
		    path, strerror(errno));
		return -1;
	}
	/* A line torn by a crash (no newline at the end): end it, so that
	 * the next line is not glued to it (verify reports it as torn). */
	if (fstat(cp.fd, &sb) == 0 && sb.st_size > 0 &&
	    pread(cp.fd, &last, 1, sb.st_size - 1) == 1 && last != '\n' &&
	    write(cp.fd, "\n", 1) != 1) {
		snprintf(err, len,
		    "points de contrôle %s : écriture "
		    "impossible (%s)",
		    path, strerror(errno));
		audit_checkpoint_close();
		return -1;
	}
	return 0;
}

/*
 * Appends one line whole or not at all: on a short write or an error the
 * file is cut back to its size before (fstat); where it cannot be (an
 * append-only file, chattr +a), the partial line is ended so that the
 * next one stays readable. 0: written.
 */
static int
checkpoint_append(int fd, const char *line, size_t len)
{
	struct stat sb;
	ssize_t w;
	int e;

	if (fstat(fd, &sb) != 0)
		return -1;
	w = write(fd, line, len);
	if (w == (ssize_t)len)
		return 0;
	e = w < 0 ? errno : ENOSPC;
	if (w > 0 && ftruncate(fd, sb.st_size) != 0)
		(void)!write(fd, "\n", 1);
	errno = e;
	return -1;
}

void
audit_checkpoint_close(void)
{
	if (cp.fd >= 0)
		close(cp.fd);
	cp.fd = -1;
	xfree(cp.h);
	cp.h = NULL;
	cp.n = cp.cap = 0;
	cp.last_ms = 0;
	cp.unanchored = 0;
}

/* Whether (crt, seq) differs from what this process last wrote; notes it. */
static int
cp_changed(int64_t crt, int64_t seq, const char *hash)
{
	struct cp_head *nh;
	size_t i;

	for (i = 0; i < cp.n; i++) {
		if (cp.h[i].crt != crt)
			continue;
		if (cp.h[i].seq == seq)
			return 0;
		cp.h[i].seq = seq;
		snprintf(cp.h[i].hash, sizeof(cp.h[i].hash), "%s", hash);
		return 1;
	}
	if (cp.n == cp.cap) {
		nh = xrealloc(cp.h, (cp.cap ? cp.cap * 2 : 16) * sizeof(*nh));
		if (nh == NULL)
			return 1;
		cp.h = nh;
		cp.cap = cp.cap ? cp.cap * 2 : 16;
	}
	cp.h[cp.n].crt = crt;
	cp.h[cp.n].seq = seq;
	snprintf(cp.h[cp.n].hash, sizeof(cp.h[cp.n].hash), "%s", hash);
	cp.n++;
	return 1;
}

int
audit_checkpoint(struct db *db, int force, FILE *echo)
{
	struct ctx ctx;
	struct db_stmt *st;
	enum db_res r;
	char line[256], mac[65], at[CLOCK_ISO_LEN + 1];
	int64_t now = clock_mono_ms(), crt, seq;
	const char *hash;
	int n = 0, k, rc = 0;
	size_t len;

	if (cp.fd < 0 && echo == NULL)
		return 0;
	if (!force && cp.last_ms != 0 &&
	    now - cp.last_ms < CHECKPOINT_SECS * 1000)
		return 0;
	cp.last_ms = now;
	cp.unanchored = 0;
	clock_fmt_iso(at, clock_now_s(), 0);
	ctx_init(&ctx, 0);
	/* Heads read after the commit: never an uncommitted state. */
	if (db_begin(&ctx, db, 0) != E_OK) {
		ctx_release(&ctx);
		return -1;
	}
	st = db_stmt(db, Q_TRACE_HEAD_ALL);
	while ((r = db_step(&ctx, st)) == DB_ROW) {
		crt = db_col_i64(st, 0);
		seq = db_col_i64(st, 1);
		hash = db_col_text(st, 2);
		if (echo != NULL)
			fprintf(echo, "tête crt %lld : seq %lld %s\n",
			    (long long)crt, (long long)seq, hash);
		if (cp.fd < 0 || !cp_changed(crt, seq, hash))
			continue;
		checkpoint_mac(mac, crt, seq, hash, at);
		k = snprintf(line, sizeof(line), "c1 %lld %lld %s %s %s\n",
		    (long long)crt, (long long)seq, hash, at, mac);
		len = (size_t)k;
		if (k < 0 || len >= sizeof(line) ||
		    checkpoint_append(cp.fd, line, len) != 0) {
			log_error(
			    "checkpoint: write failed: %s", strerror(errno));
			cp.n = 0; /* everything again next time */
			rc = -1;
			break;
		}
		n++;
	}
	if (r == DB_ERR)
		rc = -1;
	db_rollback(db);
	ctx_release(&ctx);
	if (n > 0 && fsync(cp.fd) != 0) {
		log_error("checkpoint: fsync failed: %s", strerror(errno));
		rc = -1;
	}
	if (rc < 0)
		cp.unanchored = 1; /* the idle hook tries again */
	return rc < 0 ? -1 : n;
}

void
audit_checkpoint_after_commit(struct db *db, int final)
{
	if (cp.fd < 0)
		return;
	cp.unanchored = 1;
	(void)audit_checkpoint(db, final, NULL);
}

void
audit_checkpoint_idle(struct db *db)
{
	if (cp.fd >= 0 && cp.unanchored)
		(void)audit_checkpoint(db, 0, NULL);
}

static long
verify_chain(struct ctx *ctx, struct db *db, int64_t crt, const char *code,
    int64_t head_seq, const char *head_hash, int has_head, int has_data,
    const struct cp_head *cph, const char *cp_at, FILE *out, long *rows)
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
				fprintf(out,
				    "crt %s : la ligne de trace id %lld "
				    "a le seq %lld, %lld attendu (lignes "
				    "supprimées, insérées ou déplacées)\n",
				    code, (long long)id, (long long)seq,
				    (long long)expect);
				bad++;
			}
			if (strcmp(db_col_text(st, 15), prev) != 0) {
				fprintf(out,
				    "crt %s : la ligne de trace id %lld "
				    "seq %lld n'est pas liée à la précédente\n",
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
				fprintf(out,
				    "crt %s : la ligne de trace id %lld "
				    "seq %lld a été modifiée (empreinte "
				    "différente)\n",
				    code, (long long)id, (long long)seq);
				bad++;
			}
			if (cph != NULL && seq == cph->seq &&
			    strcmp(db_col_text(st, 16), cph->hash) != 0) {
				fprintf(out,
				    "crt %s : la ligne seq %lld diffère "
				    "du point de contrôle du %s (chaîne "
				    "réécrite)\n",
				    code, (long long)seq, cp_at);
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
		fprintf(out,
		    "crt %s : a des personnes ou des utilisateurs mais "
		    "ni trace ni tête de chaîne (trace entière supprimée ?)\n",
		    code);
		bad++;
	}
	if (cph != NULL && !has_head) {
		fprintf(out,
		    "crt %s : point de contrôle au seq %lld le %s mais "
		    "aucune tête de chaîne (trace entière supprimée ?)\n",
		    code, (long long)cph->seq, cp_at);
		bad++;
	} else if (cph != NULL && last < cph->seq) {
		fprintf(out,
		    "crt %s : la chaîne s'arrête au seq %lld mais le "
		    "point de contrôle du %s indique le seq %lld (fin "
		    "tronquée, tête reculée ?)\n",
		    code, (long long)last, cp_at, (long long)cph->seq);
		bad++;
	}
	if (last != head_seq ||
	    (head_seq > 0 && strcmp(prev, head_hash ? head_hash : "") != 0)) {
		fprintf(out,
		    "crt %s : la chaîne s'arrête au seq %lld mais la "
		    "tête indique le seq %lld (lignes supprimées à la fin "
		    "?)\n",
		    code, (long long)last, (long long)head_seq);
		bad++;
	}
	return bad;
}

/* The latest checkpoint of each CRT in the file (each line's MAC checked). */
struct cp_read {
	struct cp_head h;
	char at[CLOCK_ISO_LEN + 1];
	int seen; /* the CRT is in the database */
};

/*
 * Whether a line that does not parse is the beginning of a well-formed
 * one ("c1 CRT SEQ HASH AT MAC" cut short): a write torn by a crash,
 * not an edit.
 */
static int
checkpoint_torn(const char *line)
{
	static const char *const set[] = { "c1", "0123456789", "0123456789",
		"0123456789abcdef", "0123456789-T:.Z", "0123456789abcdef" };
	static const size_t max[] = { 2, 20, 20, 64, CLOCK_ISO_LEN, 64 };
	size_t f = 0, k = 0;
	const char *p;

	if (line[0] == '\0')
		return 0;
	for (p = line; *p != '\0'; p++) {
		if (*p == ' ') {
			/* Fields before the cut are whole. */
			if (k == 0 || (f != 1 && f != 2 && k != max[f]) ||
			    ++f >= 6)
				return 0;
			k = 0;
			continue;
		}
		if (f == 0 ? *p != set[0][k] : strchr(set[f], *p) == NULL)
			return 0;
		if (++k > max[f])
			return 0;
	}
	/* Every field so far has its form; complete lines parsed above. */
	return f < 5 || k < max[5];
}

static long
checkpoint_read(const char *path, FILE *out, struct cp_read **list, size_t *n)
{
	char line[512], hash[65], at[CLOCK_ISO_LEN + 1], mac[65], want[65];
	long long crt, seq;
	struct cp_read *nl;
	size_t cap = 0, i, len;
	long bad = 0, no = 0;
	FILE *f;

	*list = NULL;
	*n = 0;
	f = fopen(path, "r");
	if (f == NULL) {
		fprintf(out,
		    "fichier de points de contrôle %s illisible "
		    "(%s)\n",
		    path, strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		no++;
		len = strlen(line);
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (sscanf(line, "c1 %lld %lld %64s %24s %64s", &crt, &seq,
			hash, at, mac) != 5 ||
		    strlen(hash) != 64 || strlen(mac) != 64) {
			/* A torn write claims nothing: reported, not counted
			 * (deleting lines needs no tearing anyway). */
			if (checkpoint_torn(line))
				fprintf(out,
				    "points de contrôle, ligne %ld : "
				    "incomplète (écriture interrompue par un "
				    "arrêt brutal ?), ignorée\n",
				    no);
			else {
				fprintf(out,
				    "points de contrôle, ligne %ld : "
				    "mal formée (fichier modifié ?)\n",
				    no);
				bad++;
			}
			continue;
		}
		checkpoint_mac(want, crt, seq, hash, at);
		if (sodium_memcmp(want, mac, 64) != 0) {
			fprintf(out,
			    "points de contrôle, ligne %ld : MAC "
			    "invalide (ligne forgée ou modifiée)\n",
			    no);
			bad++;
			continue;
		}
		for (i = 0; i < *n; i++)
			if ((*list)[i].h.crt == crt)
				break;
		if (i == *n) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 16;
				nl = xrealloc(*list, cap * sizeof(*nl));
				if (nl == NULL) {
					fclose(f);
					return -1;
				}
				*list = nl;
			}
			memset(&(*list)[i], 0, sizeof(**list));
			(*list)[i].h.crt = crt;
			(*n)++;
		} else if ((*list)[i].h.seq > seq)
			continue;
		(*list)[i].h.seq = seq;
		memcpy((*list)[i].h.hash, hash, sizeof(hash));
		memcpy((*list)[i].at, at, sizeof(at));
	}
	fclose(f);
	return bad;
}

/* Every CRT with its chain head (if any) and whether it has data. */
struct vhead {
	int64_t crt, seq;
	int has_head, has_data;
	long legacy; /* audit_rekey: legacy rows found */
	char code[64], hash[65];
};

/* The CRTs (xfree the result); NULL with *n = (size_t)-1 on error. */
static struct vhead *
load_heads(struct ctx *ctx, struct db *db, size_t *n)
{
	struct vhead *heads = NULL, *nh;
	struct db_stmt *st;
	enum db_res r;
	size_t cap = 0;

	*n = 0;
	st = db_stmt(db, Q_TRACE_HEADS);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			nh = xrealloc(heads, cap * sizeof(*heads));
			if (nh == NULL) {
				r = DB_ERR;
				break;
			}
			heads = nh;
		}
		memset(&heads[*n], 0, sizeof(*heads));
		heads[*n].crt = db_col_i64(st, 0);
		snprintf(heads[*n].code, sizeof(heads[*n].code), "%s",
		    db_col_text(st, 1));
		heads[*n].has_head = !db_col_null(st, 2);
		heads[*n].seq = db_col_null(st, 2) ? 0 : db_col_i64(st, 2);
		snprintf(heads[*n].hash, sizeof(heads[*n].hash), "%s",
		    db_col_null(st, 3) ? "" : db_col_text(st, 3));
		heads[*n].has_data = db_col_i64(st, 4) != 0;
		(*n)++;
	}
	db_release(db);
	if (r == DB_ERR) {
		xfree(heads);
		*n = (size_t)-1;
		return NULL;
	}
	return heads;
}

long
audit_verify(struct db *db, const char *checkpoints, FILE *out, long *rows)
{
	struct cp_read *cps = NULL, *c;
	size_t ncp = 0, k;
	struct ctx ctx;
	struct vhead *heads;
	size_t n, i;
	long bad = 0, b;

	*rows = 0;
	if (checkpoints != NULL) {
		bad = checkpoint_read(checkpoints, out, &cps, &ncp);
		if (bad < 0)
			return -1;
	}
	ctx_init(&ctx, 0);
	heads = load_heads(&ctx, db, &n);
	if (n == (size_t)-1) {
		xfree(cps);
		ctx_release(&ctx);
		return -1;
	}
	for (i = 0; i < n; i++) {
		for (c = NULL, k = 0; k < ncp; k++)
			if (cps[k].h.crt == heads[i].crt)
				c = &cps[k];
		if (c != NULL)
			c->seen = 1;
		b = verify_chain(&ctx, db, heads[i].crt, heads[i].code,
		    heads[i].seq, heads[i].hash, heads[i].has_head,
		    heads[i].has_data, c ? &c->h : NULL, c ? c->at : NULL, out,
		    rows);
		if (b < 0) {
			bad = -1;
			break;
		}
		bad += b;
	}
	for (k = 0; bad >= 0 && k < ncp; k++) {
		if (cps[k].seen)
			continue;
		fprintf(out,
		    "crt id %lld : point de contrôle au seq %lld le %s "
		    "mais absent de la base (CRT supprimé ?)\n",
		    (long long)cps[k].h.crt, (long long)cps[k].h.seq,
		    cps[k].at);
		bad++;
	}
	xfree(heads);
	xfree(cps);
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
			snprintf(err, len,
			    "clé de trace %s : création "
			    "impossible (%s)",
			    path, strerror(errno));
			return -1;
		}
		randombytes_buf(key, sizeof(key));
		sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
		hex[2 * sizeof(key)] = '\n';
		if (write(fd, hex, 2 * sizeof(key) + 1) !=
			(ssize_t)(2 * sizeof(key) + 1) ||
		    fsync(fd) != 0) {
			close(fd);
			snprintf(err, len,
			    "clé de trace %s : écriture "
			    "impossible",
			    path);
			return -1;
		}
		close(fd);
		audit_set_key(key);
		sodium_memzero(key, sizeof(key));
		return 0;
	}
	if (f == NULL) {
		snprintf(err, len,
		    "clé de trace %s illisible (%s) : créée par "
		    "« maillage init », indiquez-la par --trace-key FICHIER "
		    "ou MAILLAGE_TRACE_KEY",
		    path, strerror(errno));
		return -1;
	}
	got = fread(hex, 1, sizeof(hex) - 1, f);
	fclose(f);
	hex[got] = '\0';
	if (sodium_hex2bin(key, sizeof(key), hex, got, "\n", &got, NULL) != 0 ||
	    got != sizeof(key)) {
		snprintf(err, len,
		    "clé de trace %s invalide (64 chiffres "
		    "hexadécimaux attendus)",
		    path);
		return -1;
	}
	audit_set_key(key);
	sodium_memzero(key, sizeof(key));
	return 0;
}

/* A row's hash from a Q_TRACE_CHAIN row, keyed or not, given prev. */
static void
row_hash(char out[65], struct db_stmt *st, const char *prev, int keyed)
{
	int was = trace_keyed;

	trace_keyed = keyed;
	audit_hash(out, db_col_i64(st, 1), db_col_i64(st, 2),
	    db_col_text(st, 3), db_col_i64(st, 4), db_col_text(st, 5),
	    db_col_text(st, 6), db_col_text(st, 7), db_col_i64(st, 8),
	    db_col_text(st, 9), db_col_text(st, 10), db_col_text(st, 11),
	    db_col_text(st, 12), db_col_text(st, 13), db_col_text(st, 14),
	    prev);
	trace_keyed = was;
}

struct rehash {
	int64_t id;
	char prev[65], hash[65];
};

/*
 * One CRT's chain for `audit rekey`: a prefix of legacy (unkeyed) rows,
 * then only keyed rows, linked and numbered, ending at the head. Checks
 * only (apply = 0), or rewrites every row keyed and moves the head.
 * Returns the problems (apply = 0) or 0, -1 on a database error;
 * *legacy: the legacy rows found.
 */
static long
rekey_chain(struct ctx *ctx, struct db *db, int64_t crt, const char *code,
    int apply, FILE *out, long *legacy)
{
	struct rehash *page = NULL;
	struct db_stmt *st;
	enum db_res r;
	char old_prev[65], new_prev[65], hu[65], hk[65], head[65];
	int64_t expect = 1, last = 0, head_seq = 0, seq;
	int in_prefix = 1;
	long bad = 0, keyed = 0;
	size_t got, i;

	*legacy = 0;
	st = db_stmt(db, Q_TRACE_HEAD_GET);
	db_bind_i64(st, 1, crt);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return -1;
	head[0] = '\0';
	if (r == DB_ROW) {
		head_seq = db_col_i64(st, 0);
		snprintf(head, sizeof(head), "%s", db_col_text(st, 1));
	}
	db_release(db);
	page = xmalloc(1000 * sizeof(*page));
	if (page == NULL)
		return -1;
	snprintf(old_prev, sizeof(old_prev), "%s", ZERO_HASH);
	snprintf(new_prev, sizeof(new_prev), "%s", ZERO_HASH);
	for (;;) {
		st = db_stmt(db, Q_TRACE_CHAIN);
		db_bind_i64(st, 1, crt);
		db_bind_i64(st, 2, last);
		got = 0;
		while ((r = db_step(ctx, st)) == DB_ROW && got < 1000) {
			seq = db_col_i64(st, 2);
			row_hash(hu, st, old_prev, 0);
			row_hash(hk, st, old_prev, 1);
			if (seq != expect ||
			    strcmp(db_col_text(st, 15), old_prev) != 0) {
				fprintf(out,
				    "crt %s : seq %lld hors d'ordre ou "
				    "non liée\n",
				    code, (long long)seq);
				bad++;
			} else if (in_prefix &&
			    strcmp(hu, db_col_text(st, 16)) == 0)
				(*legacy)++;
			else if (strcmp(hk, db_col_text(st, 16)) == 0) {
				in_prefix = 0;
				keyed++;
			} else {
				fprintf(out,
				    "crt %s : seq %lld ne se vérifie ni "
				    "avec l'ancien hachage ni avec la clé\n",
				    code, (long long)seq);
				bad++;
			}
			page[got].id = db_col_i64(st, 0);
			memcpy(page[got].prev, new_prev, sizeof(new_prev));
			row_hash(page[got].hash, st, new_prev, 1);
			memcpy(new_prev, page[got].hash, sizeof(new_prev));
			snprintf(old_prev, sizeof(old_prev), "%s",
			    db_col_text(st, 16));
			expect = seq + 1;
			last = seq;
			got++;
		}
		if (r == DB_ERR) {
			xfree(page);
			return -1;
		}
		db_release(db);
		for (i = 0; apply && *legacy > 0 && i < got; i++) {
			st = db_stmt(db, Q_TRACE_REHASH);
			db_bind_text(st, 1, page[i].prev);
			db_bind_text(st, 2, page[i].hash);
			db_bind_i64(st, 3, page[i].id);
			if (db_run(ctx, st) != E_OK) {
				xfree(page);
				return -1;
			}
		}
		if (got == 0)
			break;
	}
	xfree(page);
	if (last != head_seq || (last > 0 && strcmp(head, old_prev) != 0)) {
		fprintf(out,
		    "crt %s : la chaîne s'arrête au seq %lld mais la "
		    "tête indique le seq %lld\n",
		    code, (long long)last, (long long)head_seq);
		bad++;
	}
	/* A legacy chain predates the key: not one keyed row. Legacy rows
	 * before keyed ones were recomputed without the key, or the server
	 * ran with the key before the rekey; either way, not sealed here. */
	if (*legacy > 0 && keyed > 0) {
		fprintf(out,
		    "crt %s : %ld ligne(s) sans clé avant %ld ligne(s) "
		    "déjà scellées avec la clé : seule une trace entièrement "
		    "antérieure à la clé peut être re-scellée\n",
		    code, *legacy, keyed);
		bad++;
	}
	if (!apply || *legacy == 0)
		return bad;
	st = db_stmt(db, Q_TRACE_HEAD_UPDATE);
	db_bind_i64(st, 1, last);
	db_bind_text(st, 2, new_prev);
	db_bind_i64(st, 3, crt);
	return db_run(ctx, st) == E_OK ? 0 : -1;
}

long
audit_legacy_heads(struct db *db, FILE *out)
{
	struct ctx ctx;
	struct vhead *crts;
	struct db_stmt *st;
	enum db_res r;
	char hu[65], hk[65];
	size_t n, i;
	long found = 0;

	ctx_init(&ctx, 0);
	/* One read transaction, ended before serve goes on. */
	if (db_begin(&ctx, db, 0) != E_OK) {
		ctx_release(&ctx);
		return -1;
	}
	crts = load_heads(&ctx, db, &n);
	if (n == (size_t)-1) {
		db_rollback(db);
		ctx_release(&ctx);
		return -1;
	}
	for (i = 0; i < n && found >= 0; i++) {
		if (!crts[i].has_head || crts[i].seq < 1)
			continue;
		st = db_stmt(db, Q_TRACE_CHAIN);
		db_bind_i64(st, 1, crts[i].crt);
		db_bind_i64(st, 2, crts[i].seq - 1);
		r = db_step(&ctx, st);
		if (r == DB_ERR) {
			found = -1;
			break;
		}
		if (r == DB_ROW) {
			row_hash(hu, st, db_col_text(st, 15), 0);
			row_hash(hk, st, db_col_text(st, 15), 1);
			if (strcmp(hk, db_col_text(st, 16)) != 0 &&
			    strcmp(hu, db_col_text(st, 16)) == 0) {
				fprintf(out,
				    "crt %s : trace écrite avant la "
				    "clé de trace\n",
				    crts[i].code);
				found++;
			}
		}
		db_release(db);
	}
	db_rollback(db);
	xfree(crts);
	ctx_release(&ctx);
	return found;
}

long
audit_rekey(struct ctx *ctx, const char *checkpoints, FILE *out)
{
	struct db *db = ctx->db;
	struct cp_read *cps = NULL;
	struct vhead *crts;
	size_t n, i, ncp = 0, k;
	long bad = 0, b, total = 0;
	enum db_res r = DB_DONE;
	int pass;

	if (!trace_keyed) {
		fprintf(out, "pas de clé de trace\n");
		return -1;
	}
	/* A line that fails its MAC is refused like a broken chain. */
	if (checkpoints != NULL) {
		bad = checkpoint_read(checkpoints, out, &cps, &ncp);
		if (bad < 0)
			return -1;
	}
	crts = load_heads(ctx, db, &n);
	if (n == (size_t)-1) {
		xfree(cps);
		return -1;
	}
	/* Pass 0 checks every chain; pass 1 rewrites only if all passed. */
	for (pass = 0; r != DB_ERR && pass < 2 && bad == 0; pass++) {
		for (i = 0; i < n; i++) {
			b = rekey_chain(ctx, db, crts[i].crt, crts[i].code,
			    pass, out, &crts[i].legacy);
			if (b < 0) {
				r = DB_ERR;
				break;
			}
			bad += b;
		}
		/* A MAC'd checkpoint of a CRT proves its chain was keyed
		 * then: unkeyed rows now are a recomputed chain. */
		for (i = 0; pass == 0 && r != DB_ERR && i < n; i++)
			for (k = 0; crts[i].legacy > 0 && k < ncp; k++) {
				if (cps[k].h.crt != crts[i].crt)
					continue;
				fprintf(out,
				    "crt %s : point de contrôle signé "
				    "au seq %lld le %s : la chaîne était déjà "
				    "scellée avec la clé, ses %ld ligne(s) sans "
				    "clé ont été recalculées\n",
				    crts[i].code, (long long)cps[k].h.seq,
				    cps[k].at, crts[i].legacy);
				bad++;
			}
	}
	xfree(cps);
	if (r == DB_ERR || bad > 0) {
		xfree(crts);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (crts[i].legacy == 0)
			continue;
		total += crts[i].legacy;
		fprintf(out,
		    "crt %s : %ld ligne(s) de l'ancienne chaîne "
		    "vérifiées avec l'ancien hachage puis scellées avec la "
		    "clé\n",
		    crts[i].code, crts[i].legacy);
		ctx->crt_id = crts[i].crt;
		audit_add(ctx, "audit.rekey", 0, "", "-", "ok",
		    arena_printf(&ctx->arena,
			"%ld ligne(s) de l'ancienne "
			"chaîne vérifiées puis scellées avec la clé",
			crts[i].legacy));
		if (audit_flush(ctx, db) != E_OK) {
			xfree(crts);
			return -1;
		}
	}
	xfree(crts);
	return total;
}

int
audit_person_count(
    struct ctx *ctx, int64_t person_id, int64_t before, int64_t *total)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_TRACE_COUNT_PERSON);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, person_id);
	db_bind_i64(st, 3, before);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*total = db_col_i64(st, 0);
	return E_OK;
}

int
audit_person_each(struct ctx *ctx, int64_t person_id, int64_t before,
    int64_t limit, int64_t offset,
    int (*fn)(void *, const struct audit_entry *), void *arg)
{
	struct audit_entry e;
	struct db_stmt *st = db_stmt(ctx->db, Q_TRACE_BY_PERSON);
	enum db_res r;
	int rc;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, person_id);
	db_bind_i64(st, 3, before);
	db_bind_i64(st, 4, limit);
	db_bind_i64(st, 5, offset);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		e.at = db_col_text(st, 0);
		e.user_id = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
		e.login = db_col_text(st, 2);
		e.role = db_col_text(st, 3);
		e.action = db_col_text(st, 4);
		e.categories = db_col_text(st, 5);
		e.grant = db_col_text(st, 6);
		e.outcome = db_col_text(st, 7);
		e.request_id = db_col_text(st, 8);
		e.name = db_col_text(st, 9);
		e.org = db_col_text(st, 10);
		e.seq = db_col_i64(st, 11);
		rc = fn(arg, &e);
		if (rc != E_OK)
			return rc;
	}
	return r == DB_ERR ? ctx->err : E_OK;
}
