/*
 * Notices: per-user messages on the home page. Only the recipient lists
 * or marks them; another user's notice is "not found". The text is made
 * by the caller (account requests, login failures) and never holds a
 * password or person data.
 */
#include <string.h>

#include "base/ctx.h"
#include "db/db.h"
#include "domain/platform/notice.h"

int
notice_add(struct ctx *ctx, int64_t user_id, const char *kind, const char *text,
    const char *link)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_NOTICE_INSERT);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, user_id);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, text);
	db_bind_text(st, 5, link);
	db_bind_text(st, 6, ctx->now);
	return db_run(ctx, st);
}

int
notice_add_role(struct ctx *ctx, const char *role, int64_t skip1, int64_t skip2,
    const char *kind, const char *text, const char *link)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_NOTICE_INSERT_ROLE);

	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, text);
	db_bind_text(st, 3, link);
	db_bind_text(st, 4, ctx->now);
	db_bind_i64(st, 5, ctx->crt_id);
	db_bind_text(st, 6, role);
	db_bind_i64(st, 7, skip1);
	db_bind_i64(st, 8, skip2);
	return db_run(ctx, st);
}

static void
row_notice(struct ctx *ctx, struct db_stmt *st, struct notice *o)
{
	o->id = db_col_i64(st, 0);
	o->kind = db_col_dup(ctx, st, 1);
	o->text = db_col_dup(ctx, st, 2);
	o->link = db_col_dup(ctx, st, 3);
	o->created_at = db_col_dup(ctx, st, 4);
	o->read_at = db_col_dup(ctx, st, 5);
}

int
notice_list(struct ctx *ctx, int unread, int limit, int offset,
    struct notice **out, int *n, int64_t *total, int64_t *unread_n)
{
	struct db_stmt *st;
	struct notice *v = NULL, *o;
	enum db_res r;
	int cap = 0;

	*n = 0;
	*out = NULL;
	st = db_stmt(ctx->db, Q_NOTICE_COUNT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, ctx->user_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	*total = r == DB_ROW ? db_col_i64(st, 0) : 0;
	*unread_n = r == DB_ROW ? db_col_i64(st, 1) : 0;
	db_stmt(ctx->db, Q_NOTICE_COUNT);
	st = db_stmt(ctx->db, Q_NOTICE_LIST);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, ctx->user_id);
	db_bind_i64(st, 3, unread ? 1 : 0);
	db_bind_i64(st, 4, limit);
	db_bind_i64(st, 5, offset);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		o = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (o == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_notice(ctx, st, o);
	}
	if (r == DB_ERR)
		return ctx->err;
	db_stmt(ctx->db, Q_NOTICE_LIST);
	*out = v;
	return E_OK;
}

int
notice_read(struct ctx *ctx, int64_t id, struct notice *o)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_NOTICE_READ);
	int rc;

	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, ctx->user_id);
	db_bind_i64(st, 4, id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_NOTICE_GET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, ctx->user_id);
	db_bind_i64(st, 3, id);
	rc = db_one(ctx, st, "notice.not_found", "Cet avis n'existe pas.");
	if (rc != E_OK)
		return rc;
	row_notice(ctx, st, o);
	db_stmt(ctx->db, Q_NOTICE_GET);
	return E_OK;
}

int
notice_unread_kind(
    struct ctx *ctx, const char *kind, int64_t *n, const char **link)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_NOTICE_UNREAD_KIND);
	enum db_res r;

	*n = 0;
	*link = NULL;
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, ctx->user_id);
	db_bind_text(st, 3, kind);
	db_bind_i64(st, 4, ctx->crt_id);
	db_bind_i64(st, 5, ctx->user_id);
	db_bind_text(st, 6, kind);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW) {
		*n = db_col_i64(st, 0);
		*link = db_col_null(st, 1) ? NULL : db_col_dup(ctx, st, 1);
	}
	return db_run(ctx, st);
}

int
notice_read_kind_link(
    struct ctx *ctx, const char *kind, const char *link, int64_t *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_NOTICE_READ_KIND_LINK);
	int rc;

	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, ctx->user_id);
	db_bind_text(st, 4, kind);
	db_bind_text(st, 5, link);
	rc = db_run(ctx, st);
	*n = rc == E_OK ? db_changes(st) : 0;
	return rc;
}
