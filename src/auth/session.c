/*
 * Session storage and checks. Tokens never reach the log or the database
 * in clear.
 */
#include <sodium.h>
#include <string.h>

#include "access/access.h"
#include "auth/session.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "base/rnd.h"
#include "db/db.h"

static int idle_secs = SESSION_IDLE_SECS;

void
session_set_idle(int secs)
{
	idle_secs = secs > 0 ? secs : SESSION_IDLE_SECS;
}

int
session_idle(void)
{
	return idle_secs;
}

/* How stale last_seen may get before a write: a minute, or less for a
 * short idle timeout, so the timeout stays within a quarter of itself. */
static int
touch_secs(void)
{
	return idle_secs >= 240 ? 60 : idle_secs / 4;
}

void
session_token_hash(const char *token, char out[65])
{
	unsigned char d[32];

	crypto_generichash(
	    d, sizeof(d), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, d, sizeof(d));
}

int
session_lookup(
    struct ctx *ctx, struct db *db, const char *token, struct session_user *u)
{
	struct db_stmt *st;
	enum db_res r;
	const char *last;
	char h[65];

	memset(u, 0, sizeof(*u));
	if (token == NULL || strlen(token) < 20 || strlen(token) > 128)
		return err_set(ctx, E_AUTH, "auth.required", NULL,
		    "Veuillez vous connecter.");
	session_token_hash(token, h);
	st = db_stmt(db, Q_SESSION_GET);
	db_bind_text(st, 1, h);
	db_bind_text(st, 2, ctx->now);
	/* SPEC: issue 8 point 5 — idle timeout. */
	db_bind_text(st, 3, clock_iso_after(&ctx->arena, -idle_secs));
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_AUTH, "auth.required", NULL,
		    "Votre session a expiré, veuillez vous reconnecter.");
	u->session_id = db_col_i64(st, 0);
	u->crt_id = db_col_i64(st, 1);
	u->user_id = db_col_i64(st, 2);
	u->csrf = db_col_dup(ctx, st, 3);
	u->login = db_col_dup(ctx, st, 4);
	u->display_name = db_col_dup(ctx, st, 5);
	u->role = db_col_dup(ctx, st, 6);
	u->profession = db_col_dup(ctx, st, 7);
	u->org_id = db_col_i64(st, 8);
	u->org_name = db_col_dup(ctx, st, 9);
	u->org_type = db_col_dup(ctx, st, 10);
	u->crt_code = db_col_dup(ctx, st, 11);
	u->crt_name = db_col_dup(ctx, st, 12);
	last = db_col_dup(ctx, st, 13);
	u->must_change = db_col_i64(st, 14) != 0;
	u->rules_tag = db_col_i64(st, 15) + 1;
	if (last == NULL ||
	    strcmp(last, clock_iso_after(&ctx->arena, -touch_secs())) < 0)
		ctx->session_touch = u->session_id;
	db_stmt(db, Q_SESSION_GET); /* reset: release the read lock */
	return E_OK;
}

void
session_apply(struct ctx *ctx, const struct session_user *u)
{
	int r = access_role_from(u->role), p = access_prof_from(u->profession);

	ctx->crt_id = u->crt_id;
	ctx->rules_tag = u->rules_tag;
	ctx->user_id = u->user_id;
	ctx->org_id = u->org_id;
	ctx->session_id = u->session_id;
	ctx->login = u->login;
	/* An unknown code in the database grants nothing (admin's empty
	 * ceiling for the role, the administrator's empty matrix row). */
	ctx->role = r >= 0 ? r : ROLE_ADMIN;
	ctx->profession = p >= 0 ? p : PROF_ADMINISTRATEUR;
}

int
session_create(struct ctx *ctx, struct db *db, int64_t crt_id, int64_t user_id,
    const char **token, const char **csrf)
{
	char tok[SESSION_TOKEN_LEN], cs[SESSION_TOKEN_LEN], h[65];
	struct db_stmt *st;
	int rc;

	rnd_token(tok, sizeof(tok), 32);
	rnd_token(cs, sizeof(cs), 32);
	session_token_hash(tok, h);
	st = db_stmt(db, Q_SESSION_INSERT);
	db_bind_i64(st, 1, crt_id);
	db_bind_i64(st, 2, user_id);
	db_bind_text(st, 3, h);
	db_bind_text(st, 4, cs);
	db_bind_text(st, 5, ctx->now);
	db_bind_text(st, 6, clock_iso_after(&ctx->arena, SESSION_TTL_SECS));
	db_bind_text(st, 7, ctx->ip ? ctx->ip : "-");
	db_bind_text(st, 8, ctx->now);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	*token = arena_strdup(&ctx->arena, tok);
	*csrf = arena_strdup(&ctx->arena, cs);
	sodium_memzero(tok, sizeof(tok));
	return E_OK;
}

int
session_delete(struct ctx *ctx, struct db *db, int64_t session_id)
{
	struct db_stmt *st = db_stmt(db, Q_SESSION_DELETE);

	db_bind_i64(st, 1, session_id);
	return db_run(ctx, st);
}

int
session_delete_user(struct ctx *ctx, struct db *db, int64_t user_id)
{
	struct db_stmt *st = db_stmt(db, Q_SESSION_DELETE_USER);

	db_bind_i64(st, 1, user_id);
	return db_run(ctx, st);
}

int
session_delete_others(
    struct ctx *ctx, struct db *db, int64_t user_id, int64_t keep_id)
{
	struct db_stmt *st = db_stmt(db, Q_SESSION_DELETE_OTHERS);

	db_bind_i64(st, 1, user_id);
	db_bind_i64(st, 2, keep_id);
	return db_run(ctx, st);
}

int
session_touch(struct ctx *ctx, struct db *db)
{
	struct db_stmt *st;
	int64_t id = ctx->session_touch;

	if (id == 0)
		return E_OK;
	ctx->session_touch = 0;
	st = db_stmt(db, Q_SESSION_TOUCH);
	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, ctx->now);
	return db_run(ctx, st);
}

int
session_csrf_ok(const struct session_user *u, const char *hdr)
{
	size_t n;

	if (u->csrf == NULL || hdr == NULL)
		return 0;
	n = strlen(u->csrf);
	if (strlen(hdr) != n)
		return 0;
	return sodium_memcmp(u->csrf, hdr, n) == 0;
}
