/*
 * The iCalendar feed's secret address (feed.h).
 */
#include <sodium.h>
#include <string.h>

#include "access/access.h"
#include "auth/feed.h"
#include "base/arena.h"
#include "base/ctx.h"
#include "base/rnd.h"
#include "db/db.h"

static void
hash_of(const char *token, char out[65])
{
	unsigned char d[32];

	crypto_generichash(
	    d, sizeof(d), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, d, sizeof(d));
}

int
feed_revoke(struct ctx *ctx, struct db *db)
{
	struct db_stmt *st = db_stmt(db, Q_FEED_DELETE);

	db_bind_i64(st, 1, ctx->user_id);
	db_bind_i64(st, 2, ctx->crt_id);
	return db_run(ctx, st);
}

int
feed_create(struct ctx *ctx, struct db *db, const char **token)
{
	struct db_stmt *st;
	char buf[2 * FEED_TOKEN_BYTES], h[65];
	int rc;

	if ((rc = feed_revoke(ctx, db)) != E_OK)
		return rc;
	rnd_token(buf, sizeof(buf), FEED_TOKEN_BYTES);
	hash_of(buf, h);
	st = db_stmt(db, Q_FEED_INSERT);
	db_bind_i64(st, 1, ctx->user_id);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_text(st, 3, h);
	db_bind_text(st, 4, ctx->now);
	if ((rc = db_run(ctx, st)) != E_OK)
		return rc;
	*token = arena_strdup(&ctx->arena, buf);
	sodium_memzero(buf, sizeof(buf));
	return E_OK;
}

int
feed_created_at(struct ctx *ctx, struct db *db, const char **at)
{
	struct db_stmt *st = db_stmt(db, Q_FEED_OF_USER);
	enum db_res r;

	db_bind_i64(st, 1, ctx->user_id);
	db_bind_i64(st, 2, ctx->crt_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	*at = r == DB_ROW ? db_col_dup(ctx, st, 0) : NULL;
	return E_OK;
}

int
feed_open(struct ctx *ctx, struct db *db, const char *token)
{
	struct db_stmt *st;
	enum db_res r;
	char h[65];
	int role, prof;

	if (token == NULL || strlen(token) < 20 || strlen(token) > 128)
		return err_set(ctx, E_AUTH, "feed.unknown", "token",
		    "Cette adresse d'agenda n'existe pas ou a été révoquée.");
	hash_of(token, h);
	st = db_stmt(db, Q_FEED_GET);
	db_bind_text(st, 1, h);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r != DB_ROW)
		return err_set(ctx, E_AUTH, "feed.unknown", "token",
		    "Cette adresse d'agenda n'existe pas ou a été révoquée.");
	ctx->user_id = db_col_i64(st, 0);
	ctx->crt_id = db_col_i64(st, 1);
	ctx->login = db_col_dup(ctx, st, 2);
	role = access_role_from(db_col_text(st, 4));
	prof = access_prof_from(db_col_text(st, 5));
	ctx->org_id = db_col_i64(st, 6);
	ctx->rules_tag = db_col_i64(st, 7) + 1;
	ctx->session_id = 0;
	/* An unknown code grants nothing (as session_apply). */
	ctx->role = role >= 0 ? role : ROLE_ADMIN;
	ctx->profession = prof >= 0 ? prof : PROF_ADMINISTRATEUR;
	db_stmt(db, Q_FEED_GET); /* reset: release the read lock */
	return E_OK;
}
