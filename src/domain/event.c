/*
 * The event log (event.h). Owns the tables event and event_window; writes
 * only inside the caller's transaction (the row commits or rolls back with
 * the change it announces), reads for replay and publication. Must not:
 * hold names or health data, publish anything (api/api_live.c does, after
 * the commit), or decide who may see an event (access/ does, per stream).
 */
#include <assert.h>
#include <stdatomic.h>
#include <string.h>

#include "base/clock.h"
#include "base/ctx.h"
#include "base/log.h"
#include "db/db.h"
#include "domain/event.h"

#define PRUNE_EVERY_MS (10L * 60 * 1000) /* at most one prune per period */

static _Thread_local int dirty;
static _Atomic int64_t pruned_at; /* clock_mono_ms of the last prune */

static void
bind_opt(struct db_stmt *st, int idx, int64_t v)
{
	if (v > 0)
		db_bind_i64(st, idx, v);
	else
		db_bind_null(st, idx);
}

/* Drops the rows older than the window, in the caller's transaction: the
 * mark first (a replay from below it is a reset), then the rows. */
static int
prune(struct ctx *ctx)
{
	int64_t now = clock_mono_ms(), last = atomic_load(&pruned_at);
	struct db_stmt *st;
	char *cut;
	int rc;

	if (last != 0 && now - last < PRUNE_EVERY_MS)
		return E_OK;
	if (!atomic_compare_exchange_strong(&pruned_at, &last, now))
		return E_OK;
	cut = clock_iso_after(&ctx->arena, -EVENT_WINDOW_SECS);
	st = db_stmt(ctx->db, Q_EVENT_PRUNE_MARK);
	db_bind_text(st, 1, cut);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = db_run(ctx, db_stmt(ctx->db, Q_EVENT_PRUNE));
	return rc;
}

int
event_emit_user(struct ctx *ctx, const char *type, int64_t person_id,
    int64_t ref_id, int64_t user_id)
{
	struct db_stmt *st;
	int rc;

	assert(strlen(type) < EVENT_TYPE_MAX);
	/* PostgreSQL: ids in commit order across app servers (q_event). */
	rc = db_run(ctx, db_stmt(ctx->db, Q_EVENT_LOCK));
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_EVENT_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, type);
	bind_opt(st, 3, person_id);
	bind_opt(st, 4, ref_id);
	bind_opt(st, 5, user_id);
	db_bind_text(
	    st, 6, ctx->now != NULL ? ctx->now : clock_now_iso(&ctx->arena));
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = db_run(ctx, db_stmt(ctx->db, Q_EVENT_NOTIFY));
	if (rc == E_OK)
		rc = prune(ctx);
	if (rc == E_OK)
		dirty = 1;
	return rc;
}

int
event_lock(struct db *db)
{
	struct ctx ctx;
	int rc;

	ctx_init(&ctx, 0);
	rc = db_run(&ctx, db_stmt(db, Q_EVENT_LOCK));
	ctx_release(&ctx);
	return rc;
}

int
event_emit(struct ctx *ctx, const char *type, int64_t person_id, int64_t ref_id)
{
	return event_emit_user(ctx, type, person_id, ref_id, 0);
}

int
event_emit_if(struct ctx *ctx, int rc, const char *type, int64_t person_id,
    int64_t ref_id)
{
	return rc == E_OK ? event_emit(ctx, type, person_id, ref_id) : rc;
}

int
event_take_dirty(void)
{
	int d = dirty;

	dirty = 0;
	return d;
}

static void
row_of(struct db_stmt *st, struct event *e)
{
	const char *t;

	memset(e, 0, sizeof(*e));
	e->id = db_col_i64(st, 0);
	e->crt_id = db_col_i64(st, 1);
	t = db_col_text(st, 2);
	if (t != NULL && strlen(t) < EVENT_TYPE_MAX)
		memcpy(e->type, t, strlen(t) + 1);
	e->person_id = db_col_null(st, 3) ? 0 : db_col_i64(st, 3);
	e->ref_id = db_col_null(st, 4) ? 0 : db_col_i64(st, 4);
	e->user_id = db_col_null(st, 5) ? 0 : db_col_i64(st, 5);
	t = db_col_null(st, 6) ? NULL : db_col_text(st, 6);
	if (t != NULL && strlen(t) < EVENT_TYPE_MAX)
		memcpy(e->note_category, t, strlen(t) + 1);
}

static int
one_i64(struct ctx *ctx, enum q q, int64_t *v)
{
	struct db_stmt *st = db_stmt(ctx->db, q);
	enum db_res r = db_step(ctx, st);

	if (r == DB_ERR)
		return ctx->err;
	*v = r == DB_ROW ? db_col_i64(st, 0) : 0;
	return E_OK;
}

int
event_since(struct ctx *ctx, int64_t after, int max, struct event **out, int *n,
    int *reset, int64_t *last)
{
	struct db_stmt *st;
	enum db_res r;
	int64_t pruned = 0;
	int rc;

	*out = NULL;
	*n = 0;
	*reset = 0;
	rc = one_i64(ctx, Q_EVENT_MAX, last);
	if (rc == E_OK)
		rc = one_i64(ctx, Q_EVENT_PRUNED, &pruned);
	if (rc != E_OK)
		return rc;
	if (after < pruned || after > *last) {
		*reset = 1;
		return E_OK;
	}
	*out = arena_alloc(&ctx->arena, (size_t)max * sizeof(**out));
	st = db_stmt(ctx->db, Q_EVENT_CRT_AFTER);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, after);
	db_bind_i64(st, 3, max + 1);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		if (*n == max) {
			/* More than a page can replay: reload instead. */
			*reset = 1;
			*n = 0;
			break;
		}
		row_of(st, &(*out)[(*n)++]);
	}
	if (r == DB_ERR)
		return ctx->err;
	return E_OK;
}

int
event_last_id(struct db *db, int64_t *last)
{
	struct ctx ctx;
	int rc;

	ctx_init(&ctx, 0);
	ctx.db = db;
	rc = db_begin(&ctx, db, 0);
	if (rc == E_OK) {
		rc = one_i64(&ctx, Q_EVENT_MAX, last);
		db_rollback(db);
	}
	ctx_release(&ctx);
	return rc;
}

int
event_read_after(struct db *db, int64_t after, int max,
    void (*fn)(const struct event *, void *), void *arg)
{
	struct db_stmt *st;
	struct event e;
	struct ctx ctx;
	enum db_res r = DB_DONE;
	int n = 0;

	ctx_init(&ctx, 0);
	ctx.db = db;
	if (db_begin(&ctx, db, 0) != E_OK) {
		ctx_release(&ctx);
		return -1;
	}
	st = db_stmt(db, Q_EVENT_AFTER);
	db_bind_i64(st, 1, after);
	db_bind_i64(st, 2, max);
	while ((r = db_step(&ctx, st)) == DB_ROW) {
		row_of(st, &e);
		fn(&e, arg);
		n++;
	}
	db_rollback(db);
	ctx_release(&ctx);
	if (r == DB_ERR) {
		log_error("event: cannot read the log: %s", db_last_error(db));
		return -1;
	}
	return n;
}
