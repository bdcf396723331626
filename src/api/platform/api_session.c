/*
 * Sessions: login (with throttling), current user, logout, own password.
 * The Argon2id work runs in `prepare` on the network thread, never on
 * the single writer thread.
 */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "auth/login.h"
#include "auth/password.h"
#include "auth/session.h"
#include "base/ctx.h"
#include "domain/directory/org.h"
#include "domain/platform/notice.h"
#include "domain/platform/user.h"
#include "json/jv.h"
#include "json/jw.h"

struct login_in {
	struct jv_str login;
	struct jv_str password;
};

static const struct jv_field login_fields[] = {
	{ "login", JV_STR, offsetof(struct login_in, login), JV_REQ, 1, 64,
	    NULL, "Identifiant", NULL, 0 },
	{ "password", JV_STR, offsetof(struct login_in, password), JV_REQ, 1,
	    256, NULL, "Mot de passe", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct login_state {
	int ok;
	int known;
	struct user u;
};

/*
 * The session reply, described once (issue 9 §2): the user as the UI
 * knows them (organisation, CRT, the permissions of the role) and the
 * CSRF token of the session.
 */
#define SORG_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de la structure") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom de la structure") \
	X(S, type, JW_ENUM, 0, org_type_codes, NULL, "Type de structure")
JW_FIELDS(SORG, SORG_F);
JW_ROWS(SORG, SORG_F);
static const struct jw_schema session_org_schema =
    JW_INIT(SORG, "SessionOrg", "Structure de l'utilisateur");

#define SCRT_F(X, S) \
	X(S, code, JW_STR, 0, NULL, NULL, "Code du CRT") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom du CRT")
JW_FIELDS(SCRT, SCRT_F);
JW_ROWS(SCRT, SCRT_F);
static const struct jw_schema session_crt_schema =
    JW_INIT(SCRT, "SessionCrt", "CRT de l'utilisateur");

/* The permission names, NULL-ended (access_perm_codes starts with the
 * NULL of PERM_ANY), from the same list. */
static const char *const perm_names[] = {
#define PERM_NAME(id, name) name,
	ACCESS_PERMS(PERM_NAME)
#undef PERM_NAME
	    NULL
};

#define SUSER_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant du compte") \
	X(S, login, JW_STR, 0, NULL, NULL, "Identifiant de connexion") \
	X(S, display_name, JW_STR, 0, NULL, NULL, "Nom affiché") \
	API_ROLE_F(X, S, 0) \
	X(S, org, JW_OBJ, 0, NULL, &session_org_schema, "Structure") \
	X(S, crt, JW_OBJ, 0, NULL, &session_crt_schema, "CRT") \
	X(S, permissions, JW_ARR_ENUM, 0, perm_names, NULL, \
	    "Permissions que le rôle détient") \
	X(S, must_change_password, JW_BOOL, 0, NULL, NULL, \
	    "Mot de passe provisoire : à changer avant toute autre action")
JW_FIELDS(SUSER, SUSER_F);
JW_ROWS(SUSER, SUSER_F);
static const struct jw_schema session_user_schema =
    JW_INIT(SUSER, "SessionUser", "Utilisateur connecté");

#define SESSION_F(X, S) \
	X(S, user, JW_OBJ, 0, NULL, &session_user_schema, \
	    "Utilisateur connecté") \
	X(S, csrf_token, JW_STR, 0, NULL, NULL, \
	    "Jeton à renvoyer dans l'en-tête X-CSRF-Token")
JW_FIELDS(SESSION, SESSION_F);
JW_ROWS(SESSION, SESSION_F);
const struct jw_schema api_session_schema =
    JW_INIT(SESSION, "Session", "Session ouverte");

void
api_session_reply(
    struct req *req, const struct session_user *s, const char *csrf)
{
	int r = access_role_from(s->role);
	struct jw w;
	unsigned k;

	jw_begin(&w, &api_session_schema);
	jw_obj_begin(&w, SESSION_user);
	jw_int(&w, SUSER_id, s->user_id);
	jw_str(&w, SUSER_login, s->login);
	jw_str(&w, SUSER_display_name, s->display_name);
	api_role_write(&w, SUSER_role, s->role, s->profession);
	jw_obj_begin(&w, SUSER_org);
	jw_int(&w, SORG_id, s->org_id);
	jw_str(&w, SORG_name, s->org_name);
	jw_str(&w, SORG_type, s->org_type);
	jw_obj_end(&w);
	jw_obj_begin(&w, SUSER_crt);
	jw_str(&w, SCRT_code, s->crt_code);
	jw_str(&w, SCRT_name, s->crt_name);
	jw_obj_end(&w);
	/* The names of the permissions the role holds (issue 9 §1): the
	 * UI asks these instead of copying role sets. */
	jw_arr_begin(&w, SUSER_permissions);
	for (k = PERM_ANY + 1; r >= 0 && k < PERM__MAX; k++)
		if (access_permits(r, k))
			jw_item_str(&w, access_perm_codes[k]);
	jw_arr_end(&w);
	jw_bool(&w, SUSER_must_change_password, s->must_change);
	jw_obj_end(&w);
	jw_str(&w, SESSION_csrf_token, csrf);
	api_reply(req, &w);
}

int
api_session_hook(struct ctx *ctx, struct req *req)
{
	struct session_user *su = arena_zalloc(&ctx->arena, sizeof(*su));
	int rc;

	if (su == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "La requête est trop volumineuse.");
	rc = session_lookup(ctx, ctx->db, req->cookie_token, su);
	if (rc != E_OK)
		return rc;
	/* SPEC: issue 8 point 2 (review) — a one-time password (generated at
	 * an approval) opens nothing but its own change: the session, the
	 * password change and the logout. */
	if (su->must_change && !(req->route->flags & R_ONETIME))
		return err_set(ctx, E_FORBIDDEN, "password.change_required",
		    NULL,
		    "Votre mot de passe est provisoire : choisissez un "
		    "nouveau mot de passe avant de continuer.");
	/* SPEC: issue 11 — a proche account reads its person's planning
	 * and nothing else: every other route is refused here, whatever
	 * its permission (those of "any signed-in user" included). */
	if (access_role_from(su->role) == ROLE_PROCHE &&
	    !(req->route->flags & (R_ONETIME | R_PROCHE)))
		return err_set(ctx, E_FORBIDDEN, "role.forbidden", NULL,
		    "Votre rôle ne permet pas cette action.");
	session_apply(ctx, su);
	req->session = su;
	return E_OK;
}

int
api_permits_hook(struct ctx *ctx, unsigned perm)
{
	return access_permits(ctx->role, perm);
}

int
api_csrf_hook(struct ctx *ctx, struct req *req)
{
	(void)ctx;
	return req->session != NULL &&
	    session_csrf_ok(req->session, req->csrf_header);
}

static int
throttled(struct ctx *ctx, struct req *req, int retry, int locked)
{
	req->retry_after = arena_printf(&ctx->arena, "%d", retry);
	if (locked)
		return err_set(ctx, E_THROTTLED, "auth.locked", NULL,
		    arena_printf(&ctx->arena,
			"Trop de tentatives : connexion "
			"bloquée, réessayez dans %d minute(s).",
			retry / 60 + 1));
	return err_set(ctx, E_THROTTLED, "auth.throttled", NULL,
	    arena_printf(&ctx->arena,
		"Trop de tentatives : patientez %d "
		"seconde(s) avant de réessayer.",
		retry));
}

/* E_OK when the (login, address) pair and the address may try now. */
int
api_throttle_gate(struct ctx *ctx, struct req *req, const char *login)
{
	int retry, locked, rc;

	rc = login_throttle(ctx, ctx->db, login, ctx->ip, &retry, &locked);
	return rc == E_THROTTLED ? throttled(ctx, req, retry, locked) : rc;
}

/*
 * After a recorded failure of a known account (wrong password at login or
 * at a password change): its trace rows (login_failure_trace), and once
 * per burst a notice to the account and the coordination
 * (SPEC: issue 8 point 6). ctx acts for that account's CRT.
 */
static int
failure_effects(struct ctx *ctx, const struct user *u)
{
	const char *text;
	int rc;

	if (!login_failure_trace(ctx, ctx->db, u->login, ctx->ip))
		return E_OK;
	text = arena_printf(&ctx->arena,
	    "%d tentatives de connexion à votre "
	    "compte ont échoué en moins de %d minutes (la dernière depuis "
	    "l'adresse %s). Si ce n'était pas vous, changez votre mot de passe "
	    "et prévenez la coordination.",
	    LOGIN_NOTICE_AFTER, LOGIN_WINDOW_SECS / 60,
	    ctx->ip ? ctx->ip : "-");
	rc = notice_add(ctx, u->id, "auth.failures", text, NULL);
	if (rc != E_OK)
		return rc;
	text = arena_printf(&ctx->arena,
	    "%d tentatives de connexion au compte "
	    "« %s » (%s) ont échoué en moins de %d minutes (la dernière depuis "
	    "l'adresse %s).",
	    LOGIN_NOTICE_AFTER, u->login, u->display_name,
	    LOGIN_WINDOW_SECS / 60, ctx->ip ? ctx->ip : "-");
	return notice_add_role(
	    ctx, "coordinateur", u->id, 0, "auth.failures", text, NULL);
}

/* Network thread: throttle, look the user up, verify (slow, on purpose). */
static int
login_prepare(struct ctx *ctx, struct req *req)
{
	const struct login_in *in = req->in;
	struct login_state *s = arena_zalloc(&ctx->arena, sizeof(*s));
	const char *hash = NULL;
	int rc;

	if (s == NULL)
		return E_TOOBIG;
	req->state = s;
	rc = api_throttle_gate(ctx, req, in->login.s);
	if (rc != E_OK)
		return rc;
	rc = user_by_login(ctx, in->login.s, &s->u, &hash);
	if (rc == E_OK && !s->u.disabled) {
		s->known = 1;
		s->ok = password_verify(hash, in->password.s);
	} else if (rc == E_OK || rc == E_NOT_FOUND) {
		s->known = rc == E_OK;
		password_dummy_verify(in->password.s);
	} else
		return rc;
	return E_OK;
}

int
api_session_open(
    struct ctx *ctx, struct req *req, int64_t crt_id, int64_t user_id)
{
	struct session_user su;
	const char *token, *csrf;
	int rc;

	rc = session_create(ctx, ctx->db, crt_id, user_id, &token, &csrf);
	if (rc != E_OK)
		return rc;
	login_trace(ctx, LOGIN_T_OK);
	rc = session_lookup(ctx, ctx->db, token, &su);
	if (rc != E_OK)
		return rc;
	req->set_cookie = arena_printf(&ctx->arena,
	    "%s=%s; Path=/; HttpOnly; "
	    "SameSite=Strict; Max-Age=%d%s",
	    SESSION_COOKIE, token, SESSION_TTL_SECS,
	    req->https ? "; Secure" : "");
	api_session_reply(req, &su, csrf);
	return E_OK;
}

/* Writer: record the attempt, trace, open the session. */
static int
login_commit(struct ctx *ctx, struct req *req)
{
	const struct login_in *in = req->in;
	struct login_state *s = req->state;
	int rc;

	rc = api_throttle_gate(ctx, req, in->login.s);
	if (rc != E_OK)
		return rc;
	if (s->known) {
		/* The trace belongs to the account's CRT. */
		ctx->crt_id = s->u.crt_id;
		ctx->user_id = s->u.id;
		ctx->login = s->u.login;
		ctx->role = access_role_from(s->u.role) >= 0
		    ? access_role_from(s->u.role)
		    : ROLE_ADMIN;
	}
	rc = login_record(ctx, ctx->db, in->login.s, ctx->ip, s->ok);
	if (rc != E_OK)
		return rc;
	if (!s->ok) {
		if (s->known) {
			login_trace(ctx,
			    s->u.disabled ? LOGIN_T_DISABLED : LOGIN_T_FAILED);
			rc = failure_effects(ctx, &s->u);
			if (rc != E_OK)
				return rc;
		}
		ctx->commit_on_error = 1;
		/* No hint which part was wrong. */
		return err_set(ctx, E_AUTH, "auth.invalid", NULL,
		    "Identifiant ou mot de passe incorrect.");
	}
	return api_session_open(ctx, req, s->u.crt_id, s->u.id);
}

static int
session_get(struct ctx *ctx, struct req *req)
{
	const struct session_user *su = req->session;

	(void)ctx;
	api_session_reply(req, su, su->csrf);
	return E_OK;
}

static int
session_end(struct ctx *ctx, struct req *req)
{
	const struct session_user *su = req->session;
	int rc;

	rc = session_delete(ctx, ctx->db, su->session_id);
	if (rc != E_OK)
		return rc;
	login_trace(ctx, LOGIN_T_LOGOUT);
	req->set_cookie = arena_printf(&ctx->arena,
	    "%s=; Path=/; HttpOnly; "
	    "SameSite=Strict; Max-Age=0%s",
	    SESSION_COOKIE, req->https ? "; Secure" : "");
	return E_OK;
}

struct password_in {
	struct jv_str current;
	struct jv_str new_password;
};

static const struct jv_field password_fields[] = {
	{ "current", JV_STR, offsetof(struct password_in, current), JV_REQ, 1,
	    256, NULL, "Mot de passe actuel", NULL, 0 },
	{ "new", JV_STR, offsetof(struct password_in, new_password), JV_REQ, 1,
	    256, NULL, "Nouveau mot de passe", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct password_state {
	struct user u;
	int bad_current;
	char hash[PASSWORD_HASH_MAX];
};

/* 1 when pw is one of the account's previous passwords, -1 on error. */
static int
reused(struct ctx *ctx, int64_t user_id, const char *pw)
{
	const char **h;
	int n, i;

	if (user_password_history(ctx, user_id, &h, &n) != E_OK)
		return -1;
	for (i = 0; i < n; i++)
		if (password_verify(h[i], pw))
			return 1;
	return 0;
}

static int
new_password_refused(
    struct ctx *ctx, const char *key, const char *field, const char *msg)
{
	return err_set(ctx, E_INVALID, key, field, msg);
}

int
api_new_password_check(
    struct ctx *ctx, const char *pw, const char *login, const char *field)
{
	int rc = password_policy(pw);

	if (rc == -1)
		return new_password_refused(ctx, "password.new.too_short",
		    field,
		    "Le nouveau mot de passe doit comporter au moins 12 "
		    "caractères.");
	if (rc != 0)
		return new_password_refused(ctx, "password.new.weak", field,
		    "Ce mot de passe est trop facile à deviner : évitez les "
		    "suites, les répétitions et les mots de passe courants.");
	if (password_has_login(pw, login))
		return new_password_refused(ctx, "password.new.login", field,
		    "Le mot de passe ne doit pas contenir votre identifiant.");
	return E_OK;
}

/*
 * Network thread: throttle (the current password is as guessable as at
 * the login, so the same per-(login, address) counts apply), verify the
 * current password, check the new one against the policy, the login and
 * the previous passwords, hash it. A wrong current password is recorded
 * and traced by the commit step.
 */
static int
password_prepare(struct ctx *ctx, struct req *req)
{
	const struct password_in *in = req->in;
	struct password_state *s = arena_zalloc(&ctx->arena, sizeof(*s));
	const char *hash = NULL;
	int rc;

	if (s == NULL)
		return E_TOOBIG;
	req->state = s;
	rc = api_throttle_gate(ctx, req, ctx->login);
	if (rc != E_OK)
		return rc;
	rc = user_by_login(ctx, ctx->login, &s->u, &hash);
	if (rc != E_OK)
		return rc == E_NOT_FOUND ? E_AUTH : rc;
	if (!password_verify(hash, in->current.s)) {
		s->bad_current = 1;
		return E_OK;
	}
	rc = api_new_password_check(ctx, in->new_password.s, ctx->login, "new");
	if (rc != E_OK)
		return rc;
	if (strcmp(in->current.s, in->new_password.s) == 0)
		return new_password_refused(ctx, "password.new.same", "new",
		    "Le nouveau mot de passe doit être différent de l'actuel.");
	rc = reused(ctx, s->u.id, in->new_password.s);
	if (rc < 0)
		return ctx->err ? ctx->err : E_DB;
	if (rc > 0)
		return new_password_refused(ctx, "password.new.reused", "new",
		    "Choisissez un mot de passe que vous n'avez pas utilisé "
		    "récemment.");
	if (password_hash(in->new_password.s, s->hash) != 0)
		return err_set(ctx, E_INTERNAL, "server.error", NULL, NULL);
	return E_OK;
}

static int
password_commit(struct ctx *ctx, struct req *req)
{
	struct password_state *s = req->state;
	int rc;

	rc = api_throttle_gate(ctx, req, ctx->login);
	if (rc != E_OK)
		return rc;
	if (s->bad_current) {
		/* SPEC: issue 8 point 5 — counted like a failed login, traced,
		 * kept although the answer is an error. */
		rc = login_record(ctx, ctx->db, ctx->login, ctx->ip, 0);
		if (rc != E_OK)
			return rc;
		login_trace(ctx, LOGIN_T_PASSWORD_BAD);
		rc = failure_effects(ctx, &s->u);
		if (rc != E_OK)
			return rc;
		ctx->commit_on_error = 1;
		return err_set(ctx, E_INVALID, "password.current.invalid",
		    "current", "Le mot de passe actuel est incorrect.");
	}
	rc = user_set_password(ctx, ctx->user_id, s->hash);
	if (rc != E_OK)
		return rc;
	/* Other sessions (a forgotten or stolen one) end; this one stays. */
	rc = session_delete_others(ctx, ctx->db, ctx->user_id,
	    ((const struct session_user *)req->session)->session_id);
	if (rc != E_OK)
		return rc;
	/* Proof of the password: the pair's failures start again. */
	rc = login_record(ctx, ctx->db, ctx->login, ctx->ip, 1);
	if (rc != E_OK)
		return rc;
	login_trace(ctx, LOGIN_T_PASSWORD);
	return E_OK;
}

static const struct route_error login_errors[] = { { E_AUTH, "auth.invalid" },
	{ E_THROTTLED, "auth.throttled" }, { E_THROTTLED, "auth.locked" },
	{ 0, NULL } };

static const struct route_error password_errors[] = {
	{ E_INVALID, "password.current.invalid" },
	{ E_INVALID, "password.new.too_short" },
	{ E_INVALID, "password.new.weak" }, { E_INVALID, "password.new.login" },
	{ E_INVALID, "password.new.same" },
	{ E_INVALID, "password.new.reused" }, { E_THROTTLED, "auth.throttled" },
	{ E_THROTTLED, "auth.locked" }, { 0, NULL }
};

const struct route_doc api_session_docs[] = { { M_POST, "/api/v1/session", NULL,
						  login_errors },
	{ M_PUT, "/api/v1/session/password", NULL, password_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_session_routes[] = {
	{ M_POST, "/api/v1/session", login_commit, login_prepare, 0,
	    login_fields, sizeof(struct login_in),
	    R_WRITE | R_PUBLIC | R_NOCSRF, 200, "session",
	    "Se connecter (identifiant et mot de passe)", "Session" },
	{ M_GET, "/api/v1/session", session_get, NULL, 0, NULL, 0, R_ONETIME,
	    200, "session", "Utilisateur connecté et jeton CSRF", "Session" },
	{ M_DELETE, "/api/v1/session", session_end, NULL, 0, NULL, 0,
	    R_WRITE | R_ONETIME, 204, "session", "Se déconnecter", NULL },
	{ M_PUT, "/api/v1/session/password", password_commit, password_prepare,
	    0, password_fields, sizeof(struct password_in), R_WRITE | R_ONETIME,
	    204, "session", "Changer son mot de passe", NULL },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
