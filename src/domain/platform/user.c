/*
 * Account rules: login syntax and uniqueness, role/profession codes,
 * and the tie between role and organisation (a partner belongs to a
 * partner organisation, the team to the CRT's own). No password bytes.
 */
#include <string.h>

#include "access/access.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/directory/org.h"
#include "domain/platform/user.h"

int
user_login_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0, i;

	if (n < 2 || n > 64)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			continue;
		if (i > 0 && (c == '.' || c == '_' || c == '-'))
			continue;
		return 0;
	}
	return 1;
}

int
user_login_scoped(struct ctx *ctx, const char *login, const char **out)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_CRT_COUNT_CODE);
	char sfx[66];
	const char *code;
	size_t n = 0, ln;
	enum db_res r;
	int64_t crts;

	*out = login;
	db_bind_i64(st, 1, ctx->crt_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return E_OK;
	crts = db_col_i64(st, 0);
	code = db_col_text(st, 1);
	if (crts > 1 && code != NULL) {
		/* The code as login characters: a-z, 0-9, others → '-'. */
		sfx[n++] = '.';
		for (; *code != '\0' && n < sizeof(sfx) - 1; code++) {
			char c = *code;

			if (c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			sfx[n++] =
			    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
			    ? c
			    : '-';
		}
	}
	sfx[n] = '\0';
	db_stmt(ctx->db, Q_CRT_COUNT_CODE);
	if (n == 0 || login == NULL)
		return E_OK;
	ln = strlen(login);
	if (ln >= n && strcmp(login + ln - n, sfx) == 0)
		return E_OK;
	if (ln + n > 64)
		return err_set(ctx, E_INVALID, "user.login.invalid", "login",
		    arena_printf(&ctx->arena,
			"L'identifiant reçoit le "
			"suffixe « %s » de votre CRT : il doit alors tenir en 64 "
			"caractères.",
			sfx));
	*out = arena_printf(&ctx->arena, "%s%s", login, sfx);
	return E_OK;
}

static void
row_user(struct ctx *ctx, struct db_stmt *st, struct user *u)
{
	u->id = db_col_i64(st, 0);
	u->crt_id = db_col_i64(st, 1);
	u->org_id = db_col_i64(st, 2);
	u->login = db_col_dup(ctx, st, 3);
	u->display_name = db_col_dup(ctx, st, 4);
	u->role = db_col_dup(ctx, st, 5);
	u->profession = db_col_dup(ctx, st, 6);
	u->disabled = (int)db_col_i64(st, 7);
	u->created_at = db_col_dup(ctx, st, 8);
	u->org_name = db_col_dup(ctx, st, 9);
	u->org_type = db_col_dup(ctx, st, 10);
}

/* Role and organisation must agree; returns the org to store. */
static int
check_org(struct ctx *ctx, const char *role, int64_t org_id, int64_t *out)
{
	struct org o;
	int rc, partner = strcmp(role, "partenaire") == 0;

	if (org_id == 0) {
		rc = org_self(ctx, &o);
	} else
		rc = org_get(ctx, org_id, &o);
	if (rc != E_OK)
		return rc;
	if (partner && o.is_self)
		return err_set(ctx, E_INVALID, "user.org_id.partner_self",
		    "org_id",
		    "Un partenaire externe doit appartenir à une "
		    "structure partenaire.");
	if (!partner && !o.is_self)
		return err_set(ctx, E_INVALID, "user.org_id.team_external",
		    "org_id",
		    "Un membre de l'équipe doit appartenir à la "
		    "structure du CRT.");
	*out = o.id;
	return E_OK;
}

/* SPEC: issue 11 — a proche account is bound to one person: it is made
 * from her record (domain/platform/proche.c), never by the accounts
 * administration, and never turned into another role or back. */
static int
proche_refused(struct ctx *ctx)
{
	return err_set(ctx, E_INVALID, "user.role.proche", "role",
	    "Un compte proche se crée et se révoque depuis le dossier de la "
	    "personne (« Accès proche »).");
}

static int
check_codes(struct ctx *ctx, const char *role, const char *prof)
{
	if (access_role_from(role) < 0)
		return err_set(ctx, E_INVALID, "user.role.invalid", "role",
		    "Ce rôle n'existe pas.");
	if (access_role_is_proche(access_role_from(role)) ||
	    access_prof_from(prof) == PROF_PROCHE)
		return proche_refused(ctx);
	if (access_prof_from(prof) < 0)
		return err_set(ctx, E_INVALID, "user.profession.invalid",
		    "profession", "Cette profession n'existe pas.");
	if (!access_prof_allows_role(
		access_prof_from(prof), access_role_from(role)))
		return err_set(ctx, E_INVALID, "user.role.profession", "role",
		    "Ce rôle n'est pas compatible avec cette "
		    "profession.");
	return E_OK;
}

int
user_create(struct ctx *ctx, const struct user_fields *f, int64_t *id)
{
	struct db_stmt *st;
	enum db_res r;
	int64_t org;
	int rc;

	if (!user_login_ok(f->login))
		return err_set(ctx, E_INVALID, "user.login.invalid", "login",
		    "L'identifiant doit comporter 2 à 64 caractères parmi "
		    "a-z, 0-9, « . », « _ » et « - ».");
	rc = check_codes(ctx, f->role, f->profession);
	if (rc == E_OK)
		rc = check_org(ctx, f->role, f->org_id, &org);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_USER_LOGIN_TAKEN);
	db_bind_text(st, 1, f->login);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW)
		return err_set(ctx, E_CONFLICT, "user.login.taken", "login",
		    "Cet identifiant est déjà utilisé.");
	st = db_stmt(ctx->db, Q_USER_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, org);
	db_bind_text(st, 3, f->login);
	db_bind_text(st, 4, f->display_name);
	db_bind_text(st, 5, f->role);
	db_bind_text(st, 6, f->profession);
	db_bind_text(st, 7, f->pw_hash);
	db_bind_text(st, 8, ctx->now);
	db_bind_text(st, 9, ctx->now);
	if (db_step(ctx, st) != DB_ROW) {
		if (db_last_fail(ctx->db) == DBF_UNIQUE) {
			err_clear(ctx);
			return err_set(ctx, E_CONFLICT, "user.login.taken",
			    "login", "Cet identifiant est déjà utilisé.");
		}
		return ctx->err ? ctx->err : E_DB;
	}
	*id = db_col_i64(st, 0);
	return db_run(ctx, st);
}

int
user_get(struct ctx *ctx, int64_t id, struct user *u)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_USER_GET);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "user.not_found", NULL,
		    "Cet utilisateur n'existe pas.");
	row_user(ctx, st, u);
	db_stmt(ctx->db, Q_USER_GET);
	return E_OK;
}

int
user_update(struct ctx *ctx, int64_t id, const struct user_fields *f)
{
	struct user u;
	struct db_stmt *st;
	const char *role, *prof;
	int64_t org;
	int rc, disabled;

	rc = user_get(ctx, id, &u);
	if (rc != E_OK)
		return rc;
	if (access_role_is_proche(access_role_from(u.role))) {
		/* The administrator may only disable it (then it stays so:
		 * the coordination makes a new one from the record). */
		if (f->role || f->profession || f->org_id || f->display_name ||
		    f->pw_hash || f->disabled != 1 || u.disabled)
			return proche_refused(ctx);
		st = db_stmt(ctx->db, Q_PROCHE_DISABLE);
		db_bind_text(st, 1, ctx->now);
		db_bind_i64(st, 2, ctx->crt_id);
		db_bind_i64(st, 3, id);
		return db_run(ctx, st);
	}
	role = f->role ? f->role : u.role;
	prof = f->profession ? f->profession : u.profession;
	rc = check_codes(ctx, role, prof);
	if (rc == E_OK)
		rc = check_org(
		    ctx, role, f->org_id ? f->org_id : u.org_id, &org);
	if (rc != E_OK)
		return rc;
	disabled = f->disabled >= 0 ? f->disabled : u.disabled;
	if (id == ctx->user_id && disabled)
		return err_set(ctx, E_INVALID, "user.disabled.self", "disabled",
		    "Vous ne pouvez pas désactiver votre propre "
		    "compte.");
	if (id == ctx->user_id && strcmp(role, "admin") != 0)
		return err_set(ctx, E_INVALID, "user.role.self", "role",
		    "Vous ne pouvez pas retirer votre propre rôle "
		    "d'administrateur.");
	st = db_stmt(ctx->db, Q_USER_UPDATE);
	db_bind_text(st, 1, f->display_name ? f->display_name : u.display_name);
	db_bind_text(st, 2, role);
	db_bind_text(st, 3, prof);
	db_bind_i64(st, 4, org);
	db_bind_i64(st, 5, disabled);
	db_bind_text(st, 6, ctx->now);
	db_bind_i64(st, 7, ctx->crt_id);
	db_bind_i64(st, 8, id);
	rc = db_run(ctx, st);
	if (rc != E_OK || f->pw_hash == NULL)
		return rc;
	return user_set_password(ctx, id, f->pw_hash);
}

/* Keeps the hash being replaced, and only the newest few. */
static int
history_push(struct ctx *ctx, int64_t id)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_USER_PW_GET);
	const char *old;
	enum db_res r;
	int rc;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return E_OK; /* user_update reports the missing account */
	old = db_col_dup(ctx, st, 0);
	db_stmt(ctx->db, Q_USER_PW_GET);
	st = db_stmt(ctx->db, Q_PWHIST_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, old);
	db_bind_text(st, 4, ctx->now);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_PWHIST_TRIM);
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, PASSWORD_HISTORY);
	return db_run(ctx, st);
}

int
user_password_history(struct ctx *ctx, int64_t id, const char ***out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_PWHIST_LIST);
	const char **v;
	enum db_res r;

	*n = 0;
	*out = v = arena_zalloc(&ctx->arena, PASSWORD_HISTORY * sizeof(*v));
	if (v == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "Réponse trop volumineuse.");
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, PASSWORD_HISTORY);
	while ((r = db_step(ctx, st)) == DB_ROW && *n < PASSWORD_HISTORY)
		v[(*n)++] = db_col_dup(ctx, st, 0);
	if (r == DB_ERR)
		return ctx->err;
	db_stmt(ctx->db, Q_PWHIST_LIST);
	return E_OK;
}

int
user_set_password(struct ctx *ctx, int64_t id, const char *pw_hash)
{
	struct db_stmt *st;
	int rc;

	rc = history_push(ctx, id);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_USER_SET_PW);

	db_bind_text(st, 1, pw_hash);
	db_bind_text(st, 2, ctx->now);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_i64(st, 4, id);
	return db_run(ctx, st);
}

int
user_list(struct ctx *ctx, struct user **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_USER_LIST);
	struct user *v = NULL, *o;
	enum db_res r;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		o = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (o == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_user(ctx, st, o);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

int
user_by_login(
    struct ctx *ctx, const char *login, struct user *u, const char **pw_hash)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_USER_BY_LOGIN);
	enum db_res r;

	db_bind_text(st, 1, login);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return E_NOT_FOUND; /* silent: callers decide */
	row_user(ctx, st, u);
	if (pw_hash != NULL)
		*pw_hash = db_col_dup(ctx, st, 11);
	db_stmt(ctx->db, Q_USER_BY_LOGIN);
	return E_OK;
}

int
user_role_sensitive(const char *role)
{
	/* The rule is the access module's (issue 8 point 2, review). */
	return access_role_reads_records(access_role_from(role));
}

static void
row_request(struct ctx *ctx, struct db_stmt *st, struct account_request *a)
{
	a->id = db_col_i64(st, 0);
	a->user_id = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
	a->login = db_col_dup(ctx, st, 2);
	a->display_name = db_col_dup(ctx, st, 3);
	a->role = db_col_dup(ctx, st, 4);
	a->profession = db_col_dup(ctx, st, 5);
	a->org_id = db_col_null(st, 6) ? 0 : db_col_i64(st, 6);
	a->disabled = db_col_null(st, 7) ? -1 : (int)db_col_i64(st, 7);
	a->reset_password = (int)db_col_i64(st, 8);
	a->requested_by = db_col_i64(st, 9);
	a->requested_by_name = db_col_dup(ctx, st, 10);
	a->requested_at = db_col_dup(ctx, st, 11);
	a->status = db_col_dup(ctx, st, 12);
	a->decided_by = db_col_null(st, 13) ? 0 : db_col_i64(st, 13);
	a->decided_by_name = db_col_dup(ctx, st, 14);
	a->decided_at = db_col_dup(ctx, st, 15);
}

static void
bind_opt_id(struct db_stmt *st, int i, int64_t v)
{
	if (v > 0)
		db_bind_i64(st, i, v);
	else
		db_bind_null(st, i);
}

int
user_request_add(struct ctx *ctx, struct account_request *a)
{
	struct db_stmt *st;
	struct user u;
	enum db_res r;
	int64_t org;
	int rc;

	if (a->user_id > 0) {
		rc = user_get(ctx, a->user_id, &u);
		if (rc != E_OK)
			return rc;
		if (access_role_is_proche(access_role_from(u.role)))
			return proche_refused(ctx);
		a->login = u.login;
		rc = check_codes(ctx, a->role ? a->role : u.role,
		    a->profession ? a->profession : u.profession);
		if (rc == E_OK)
			rc = check_org(ctx, a->role ? a->role : u.role,
			    a->org_id ? a->org_id : u.org_id, &org);
	} else {
		if (!user_login_ok(a->login))
			return err_set(ctx, E_INVALID, "user.login.invalid",
			    "login",
			    "L'identifiant doit comporter 2 à 64 "
			    "caractères parmi a-z, 0-9, « . », « _ » et "
			    "« - ».");
		rc = check_codes(ctx, a->role, a->profession);
		if (rc == E_OK)
			rc = check_org(ctx, a->role, a->org_id, &org);
		if (rc == E_OK) {
			st = db_stmt(ctx->db, Q_USER_LOGIN_TAKEN);
			db_bind_text(st, 1, a->login);
			r = db_step(ctx, st);
			if (r == DB_ERR)
				return ctx->err;
			db_stmt(ctx->db, Q_USER_LOGIN_TAKEN);
			if (r == DB_ROW)
				return err_set(ctx, E_CONFLICT,
				    "user.login.taken", "login",
				    "Cet identifiant est déjà utilisé.");
		}
	}
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ACCREQ_PENDING);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, a->user_id);
	db_bind_text(st, 3, a->login);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	db_stmt(ctx->db, Q_ACCREQ_PENDING);
	if (r == DB_ROW)
		return err_set(ctx, E_CONFLICT, "account_request.pending", NULL,
		    "Une demande est déjà en attente de validation pour ce "
		    "compte.");
	st = db_stmt(ctx->db, Q_ACCREQ_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	bind_opt_id(st, 2, a->user_id);
	db_bind_text(st, 3, a->login);
	db_bind_text(st, 4, a->display_name);
	db_bind_text(st, 5, a->role);
	db_bind_text(st, 6, a->profession);
	bind_opt_id(st, 7, a->org_id);
	if (a->disabled >= 0)
		db_bind_i64(st, 8, a->disabled);
	else
		db_bind_null(st, 8);
	db_bind_i64(st, 9, a->reset_password);
	db_bind_i64(st, 10, ctx->user_id);
	db_bind_text(st, 11, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	a->id = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	return user_request_get(ctx, a->id, a);
}

int
user_request_get(struct ctx *ctx, int64_t id, struct account_request *a)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ACCREQ_GET);
	int rc;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	rc = db_one(ctx, st, "account_request.not_found",
	    "Cette demande n'existe pas.");
	if (rc != E_OK)
		return rc;
	row_request(ctx, st, a);
	db_stmt(ctx->db, Q_ACCREQ_GET);
	return E_OK;
}

int
user_request_list(
    struct ctx *ctx, const char *status, struct account_request **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ACCREQ_LIST);
	struct account_request *v = NULL, *a;
	enum db_res r;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, status);
	db_bind_text(st, 3, status);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		a = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (a == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_request(ctx, st, a);
	}
	if (r == DB_ERR)
		return ctx->err;
	db_stmt(ctx->db, Q_ACCREQ_LIST);
	*out = v;
	return E_OK;
}

int
user_request_decide(struct ctx *ctx, int64_t id, int approve,
    const char *pw_hash, struct account_request *a, int64_t *user_id)
{
	struct user_fields f;
	struct user u;
	struct db_stmt *st;
	int rc;

	*user_id = 0;
	rc = user_request_get(ctx, id, a);
	if (rc != E_OK)
		return rc;
	if (strcmp(a->status, "pending") != 0)
		return err_set(ctx, E_CONFLICT, "account_request.decided", NULL,
		    "Cette demande a déjà été traitée.");
	if (a->requested_by == ctx->user_id)
		return err_set(ctx, E_FORBIDDEN, "account_request.own", NULL,
		    "Vous ne pouvez pas valider votre propre demande : une "
		    "autre personne doit le faire.");
	if (a->user_id == ctx->user_id)
		return err_set(ctx, E_FORBIDDEN, "account_request.self", NULL,
		    "Une demande qui concerne votre propre compte est validée "
		    "par une autre personne.");
	if (approve) {
		const char *tr = a->role, *tp = a->profession;

		if (a->user_id != 0 && (tr == NULL || tp == NULL)) {
			rc = user_get(ctx, a->user_id, &u);
			if (rc != E_OK)
				return rc;
			if (tr == NULL)
				tr = u.role;
			if (tp == NULL)
				tp = u.profession;
		}
		if (!access_may_approve(ctx->role, ctx->profession,
			access_role_from(tr), access_prof_from(tp)))
			return err_set(ctx, E_FORBIDDEN,
			    "account_request.ceiling", NULL,
			    "Ce compte "
			    "accède à des informations que votre rôle ne "
			    "permet pas de lire : la coordination ou le "
			    "médecin du CRT doit valider cette demande.");
		memset(&f, 0, sizeof(f));
		f.display_name = a->display_name;
		f.role = a->role;
		f.profession = a->profession;
		f.org_id = a->org_id;
		f.disabled = a->disabled;
		/* SPEC: issue 8 point 2 (review) — every approved request
		 * gets a new, generated, one-time password: never one the
		 * administrator chose or knows. */
		f.pw_hash = pw_hash;
		if (a->user_id == 0) {
			f.login = a->login;
			rc = user_create(ctx, &f, user_id);
		} else {
			rc = user_update(ctx, a->user_id, &f);
			*user_id = a->user_id;
		}
		if (rc == E_OK && pw_hash != NULL) {
			st = db_stmt(ctx->db, Q_USER_MUST_CHANGE);
			db_bind_i64(st, 1, ctx->crt_id);
			db_bind_i64(st, 2, *user_id);
			rc = db_run(ctx, st);
		}
		if (rc != E_OK)
			return rc;
	}
	st = db_stmt(ctx->db, Q_ACCREQ_DECIDE);
	db_bind_text(st, 1, approve ? "approved" : "rejected");
	db_bind_i64(st, 2, ctx->user_id);
	db_bind_text(st, 3, ctx->now);
	db_bind_i64(st, 4, ctx->crt_id);
	db_bind_i64(st, 5, id);
	rc = db_run(ctx, st);
	if (rc == E_OK && db_changes(st) != 1)
		rc = err_set(ctx, E_CONFLICT, "account_request.decided", NULL,
		    "Cette demande a déjà été traitée.");
	if (rc != E_OK)
		return rc;
	return user_request_get(ctx, id, a);
}

void
user_trace_created(struct ctx *ctx, const struct user *u)
{
	audit_add(ctx, "user.create", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "%s (%s)", u->login, u->role));
}

void
user_trace_updated(
    struct ctx *ctx, const struct user *u, int disabled, int password_reset)
{
	audit_add(ctx, "user.update", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "%s%s%s", u->login,
		disabled ? " désactivé" : "",
		password_reset ? " mot de passe réinitialisé" : ""));
}

void
user_trace_requested(struct ctx *ctx, const struct account_request *a)
{
	audit_add(ctx, "user.request", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "demande n° %lld : %s%s%s",
		(long long)a->id, a->login, a->role ? " → " : "",
		a->role ? a->role : ""));
}

void
user_trace_decided(struct ctx *ctx, const struct account_request *a,
    int approve, const char *note)
{
	audit_add(ctx, approve ? "user.request.approve" : "user.request.reject",
	    0, "", "-", "ok",
	    arena_printf(&ctx->arena, "demande n° %lld de %s : %s%s%s",
		(long long)a->id,
		a->requested_by_name ? a->requested_by_name : "?", a->login,
		note ? " — " : "", note ? note : ""));
}
