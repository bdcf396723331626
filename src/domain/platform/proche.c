/*
 * Proche accounts and their invitation links (issue 11). Owns: the
 * account row bound to one person (app_user.person_id, role and
 * profession "proche"), the links (proche_invitation: only the token's
 * hash, 7 days, one use), their states and the revocation. Must not:
 * decide any access (access.c does, from the role), nor let a token be
 * read back: it exists only in the reply that creates it.
 */
#include <string.h>

#include <sodium.h>

#include "access/access.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "base/rnd.h"
#include "db/db.h"
#include "domain/directory/org.h"
#include "domain/platform/proche.h"
#include "domain/platform/user.h"

const char *const proche_for_codes[] = { "personne", "aidant", NULL };
const char *const proche_for_labels[] = { "La personne elle-même", "Un aidant",
	NULL };
const char *const proche_status_codes[] = { "invited", "active", "expired",
	"revoked", NULL };

#define TOKEN_BYTES 32
#define TOKEN_CHARS 64 /* base64url of 32 bytes (43) and its NUL fit */

static void
row_proche(struct ctx *ctx, struct db_stmt *st, struct proche *p)
{
	int disabled, has_pw;

	p->id = db_col_i64(st, 0);
	p->person_id = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
	p->login = db_col_dup(ctx, st, 2);
	p->display_name = db_col_dup(ctx, st, 3);
	p->proche_for = db_col_dup(ctx, st, 4);
	p->relation = db_col_null(st, 5) ? NULL : db_col_dup(ctx, st, 5);
	disabled = (int)db_col_i64(st, 6);
	p->created_at = db_col_dup(ctx, st, 7);
	p->activated_at = db_col_null(st, 8) ? NULL : db_col_dup(ctx, st, 8);
	p->invited_until = NULL;
	if (!db_col_null(st, 9) && strcmp(db_col_text(st, 9), ctx->now) > 0)
		p->invited_until = db_col_dup(ctx, st, 9);
	has_pw = (int)db_col_i64(st, 10);
	if (disabled)
		p->status = "revoked";
	else if (p->invited_until != NULL)
		p->status = "invited";
	else if (has_pw)
		p->status = "active";
	else
		p->status = "expired";
	if (disabled)
		p->invited_until = NULL;
}

int
proche_get(struct ctx *ctx, int64_t id, struct proche *p)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_PROCHE_GET);
	int rc;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	rc = db_one(
	    ctx, st, "proche.not_found", "Ce compte proche n'existe pas.");
	if (rc != E_OK)
		return rc;
	row_proche(ctx, st, p);
	db_stmt(ctx->db, Q_PROCHE_GET);
	return E_OK;
}

int
proche_list(
    struct ctx *ctx, const struct access_grant *g, struct proche **out, int *n)
{
	struct db_stmt *st;
	struct proche *v = NULL, *p;
	enum db_res r;
	int cap = 0;

	*n = 0;
	*out = NULL;
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOCIAL), ACT_READ) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_PROCHE_LIST);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		p = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (p == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_proche(ctx, st, p);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

/* A new link for account `id`: earlier open ones are revoked, the new
 * token goes to *token (arena), only its hash to the database. */
static int
invite(struct ctx *ctx, int64_t id, const char **token)
{
	char tok[TOKEN_CHARS], h[65];
	struct db_stmt *st;
	int rc;

	st = db_stmt(ctx->db, Q_INVITE_REVOKE_OPEN);
	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	rnd_token(tok, sizeof(tok), TOKEN_BYTES);
	session_token_hash(tok, h);
	st = db_stmt(ctx->db, Q_INVITE_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, h);
	db_bind_i64(st, 4, ctx->user_id);
	db_bind_text(st, 5, ctx->now);
	db_bind_text(st, 6, clock_iso_after(&ctx->arena, PROCHE_INVITE_SECS));
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	*token = arena_strdup(&ctx->arena, tok);
	sodium_memzero(tok, sizeof(tok));
	return E_OK;
}

/* An account event, for the CRT's trace (the person's row is the
 * decision's: access_require in the caller). */
static void
account_trace(struct ctx *ctx, const char *what, const struct proche *p)
{
	audit_add(ctx, "proche.account", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "%s %s (%s%s%s)", what, p->login,
		p->proche_for, p->relation ? " : " : "",
		p->relation ? p->relation : ""));
}

static int
in_list(const char *const *list, const char *s)
{
	int i;

	for (i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

int
proche_create(struct ctx *ctx, const struct access_grant *g,
    const struct proche_fields *f, struct proche *out, const char **token)
{
	struct db_stmt *st;
	struct org self;
	const char *login;
	enum db_res r;
	int64_t id;
	int rc;

	*token = NULL;
	/* SPEC: issue 11 — opening the planning to someone is a write on
	 * the record's social part (its caregivers). */
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOCIAL), ACT_WRITE) != E_OK)
		return ctx->err;
	if (!in_list(proche_for_codes, f->proche_for))
		return err_set(ctx, E_INVALID, "proche.for.invalid", "for",
		    "Indiquez pour qui est ce compte : la personne ou un "
		    "aidant.");
	if (strcmp(f->proche_for, "aidant") == 0 &&
	    (f->relation == NULL || f->relation[0] == '\0'))
		return err_set(ctx, E_INVALID, "proche.relation.required",
		    "relation",
		    "Indiquez le lien de l'aidant avec la personne (fille, "
		    "conjoint…).");
	if (!user_login_ok(f->login))
		return err_set(ctx, E_INVALID, "user.login.invalid", "login",
		    "L'identifiant doit comporter 2 à 64 caractères parmi "
		    "a-z, 0-9, « . », « _ » et « - ».");
	rc = user_login_scoped(ctx, f->login, &login);
	if (rc == E_OK)
		rc = org_self(ctx, &self);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_USER_LOGIN_TAKEN);
	db_bind_text(st, 1, login);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	db_stmt(ctx->db, Q_USER_LOGIN_TAKEN);
	if (r == DB_ROW)
		return err_set(ctx, E_CONFLICT, "user.login.taken", "login",
		    "Cet identifiant est déjà utilisé.");
	st = db_stmt(ctx->db, Q_PROCHE_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, self.id);
	db_bind_text(st, 3, login);
	db_bind_text(st, 4, f->display_name);
	db_bind_text(st, 5, ctx->now);
	db_bind_text(st, 6, ctx->now);
	db_bind_i64(st, 7, g->person_id);
	db_bind_text(st, 8, f->proche_for);
	if (strcmp(f->proche_for, "aidant") == 0)
		db_bind_text(st, 9, f->relation);
	else
		db_bind_null(st, 9);
	if (db_step(ctx, st) != DB_ROW) {
		if (db_last_fail(ctx->db) == DBF_UNIQUE) {
			err_clear(ctx);
			return err_set(ctx, E_CONFLICT, "user.login.taken",
			    "login", "Cet identifiant est déjà utilisé.");
		}
		return ctx->err ? ctx->err : E_DB;
	}
	id = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = invite(ctx, id, token);
	if (rc == E_OK)
		rc = proche_get(ctx, id, out);
	if (rc != E_OK)
		return rc;
	account_trace(ctx, "créé :", out);
	return E_OK;
}

/* The account `id` of the grant's person, or proche.not_found. */
static int
own_account(
    struct ctx *ctx, const struct access_grant *g, int64_t id, struct proche *p)
{
	int rc;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOCIAL), ACT_WRITE) != E_OK)
		return ctx->err;
	rc = proche_get(ctx, id, p);
	if (rc != E_OK)
		return rc;
	if (p->person_id != g->person_id)
		return err_set(ctx, E_NOT_FOUND, "proche.not_found", NULL,
		    "Ce compte proche n'existe pas.");
	return E_OK;
}

int
proche_reinvite(struct ctx *ctx, const struct access_grant *g, int64_t id,
    struct proche *out, const char **token)
{
	int rc;

	*token = NULL;
	rc = own_account(ctx, g, id, out);
	if (rc != E_OK)
		return rc;
	if (strcmp(out->status, "revoked") == 0)
		return err_set(ctx, E_CONFLICT, "proche.revoked", NULL,
		    "Ce compte proche est révoqué : créez-en un nouveau.");
	rc = invite(ctx, id, token);
	if (rc == E_OK)
		rc = proche_get(ctx, id, out);
	if (rc != E_OK)
		return rc;
	account_trace(ctx, "nouveau lien :", out);
	return E_OK;
}

int
proche_revoke(struct ctx *ctx, const struct access_grant *g, int64_t id,
    struct proche *out)
{
	struct db_stmt *st;
	int rc;

	rc = own_account(ctx, g, id, out);
	if (rc != E_OK)
		return rc;
	if (strcmp(out->status, "revoked") == 0)
		return E_OK; /* idempotent: nothing more to end */
	st = db_stmt(ctx->db, Q_PROCHE_DISABLE);
	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_INVITE_REVOKE_OPEN);
	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, id);
	rc = db_run(ctx, st);
	/* SPEC: issue 11 — revoked means signed out at once. */
	if (rc == E_OK)
		rc = session_delete_user(ctx, ctx->db, id);
	if (rc == E_OK)
		rc = proche_get(ctx, id, out);
	if (rc != E_OK)
		return rc;
	account_trace(ctx, "révoqué :", out);
	return E_OK;
}

static int
link_unknown(struct ctx *ctx)
{
	return err_set(ctx, E_NOT_FOUND, "invitation.unknown", "token",
	    "Ce lien d'invitation n'est pas valable : vérifiez qu'il a été "
	    "recopié en entier, ou demandez-en un nouveau à la coordination.");
}

static int
link_used(struct ctx *ctx)
{
	return err_set(ctx, E_CONFLICT, "invitation.used", "token",
	    "Ce lien d'invitation a déjà servi. Connectez-vous avec votre "
	    "identifiant et votre mot de passe, ou demandez un nouveau lien à "
	    "la coordination.");
}

int
proche_invitation_find(
    struct ctx *ctx, const char *token, struct proche_invitation *inv)
{
	struct db_stmt *st;
	enum db_res r;
	int used, revoked, disabled, expired, proche;
	char h[65];

	memset(inv, 0, sizeof(*inv));
	if (token == NULL || strlen(token) < 20 || strlen(token) > 128)
		return link_unknown(ctx);
	session_token_hash(token, h);
	st = db_stmt(ctx->db, Q_INVITE_BY_HASH);
	db_bind_text(st, 1, h);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE) {
		db_stmt(ctx->db, Q_INVITE_BY_HASH);
		return link_unknown(ctx);
	}
	inv->id = db_col_i64(st, 0);
	inv->crt_id = db_col_i64(st, 1);
	inv->user_id = db_col_i64(st, 2);
	inv->expires_at = db_col_dup(ctx, st, 3);
	used = !db_col_null(st, 4);
	revoked = !db_col_null(st, 5);
	inv->login = db_col_dup(ctx, st, 6);
	inv->display_name = db_col_dup(ctx, st, 7);
	disabled = db_col_i64(st, 8) != 0;
	proche = strcmp(db_col_text(st, 9), "proche") == 0;
	db_stmt(ctx->db, Q_INVITE_BY_HASH);
	expired = strcmp(inv->expires_at, ctx->now) <= 0;
	if (used)
		return link_used(ctx);
	if (revoked || disabled || !proche)
		return err_set(ctx, E_CONFLICT, "invitation.revoked", "token",
		    "Ce lien d'invitation a été annulé par la coordination. "
		    "Demandez-lui un nouveau lien si besoin.");
	if (expired)
		return err_set(ctx, E_CONFLICT, "invitation.expired", "token",
		    "Ce lien d'invitation a expiré (il était valable 7 "
		    "jours). Demandez un nouveau lien à la coordination.");
	return E_OK;
}

int
proche_invitation_use(
    struct ctx *ctx, const struct proche_invitation *inv, const char *pw_hash)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_INVITE_USE);
	int rc;

	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, inv->id);
	db_bind_text(st, 3, ctx->now);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	if (db_changes(st) != 1)
		return link_used(ctx);
	rc = user_set_password(ctx, inv->user_id, pw_hash);
	/* A new link after a forgotten password: the old sessions end. */
	if (rc == E_OK)
		rc = session_delete_user(ctx, ctx->db, inv->user_id);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "proche.activate", 0, "", "-", "ok",
	    arena_printf(&ctx->arena,
		"%s : mot de passe choisi par le lien "
		"d'invitation",
		inv->login));
	return E_OK;
}
