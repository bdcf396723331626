/*
 * Sessions: login (with throttling), current user, logout, own password.
 * The Argon2id work runs in `prepare` on the network thread, never on
 * the single writer thread.
 */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../audit/audit.h"
#include "../auth/login.h"
#include "../auth/password.h"
#include "../auth/session.h"
#include "../base/ctx.h"
#include "../domain/user.h"
#include "../json/jv.h"
#include "api.h"

struct login_in {
	struct jv_str	 login;
	struct jv_str	 password;
};

static const struct jv_field login_fields[] = {
	{ "login", JV_STR, offsetof(struct login_in, login), JV_REQ, 1, 64,
	  NULL, "Identifiant", NULL, 0 },
	{ "password", JV_STR, offsetof(struct login_in, password), JV_REQ, 1,
	  256, NULL, "Mot de passe", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct login_state {
	int		 ok;
	int		 known;
	struct user	 u;
};

static json_t *
session_json(const struct session_user *s, const char *csrf)
{
	json_t *u = json_object(), *org = json_object(), *crt = json_object(),
	    *o = json_object();
	int r = access_role_from(s->role), p = access_prof_from(s->profession);

	json_object_set_new(u, "id", json_integer(s->user_id));
	api_set_str(u, "login", s->login);
	api_set_str(u, "display_name", s->display_name);
	api_set_str(u, "role", s->role);
	api_set_str(u, "role_label", r >= 0 ? access_role_labels[r] : NULL);
	api_set_str(u, "profession", s->profession);
	api_set_str(u, "profession_label", p >= 0 ? access_prof_labels[p] :
	    NULL);
	json_object_set_new(org, "id", json_integer(s->org_id));
	api_set_str(org, "name", s->org_name);
	api_set_str(org, "type", s->org_type);
	json_object_set_new(u, "org", org);
	api_set_str(crt, "code", s->crt_code);
	api_set_str(crt, "name", s->crt_name);
	json_object_set_new(u, "crt", crt);
	json_object_set_new(o, "user", u);
	api_set_str(o, "csrf_token", csrf);
	return o;
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
	session_apply(ctx, su);
	req->session = su;
	return E_OK;
}

int
api_csrf_hook(struct ctx *ctx, struct req *req)
{
	(void)ctx;
	return req->session != NULL && session_csrf_ok(req->session,
	    req->csrf_header);
}

static int
throttled(struct ctx *ctx, struct req *req, int retry, int locked)
{
	req->retry_after = arena_printf(&ctx->arena, "%d", retry);
	if (locked)
		return err_set(ctx, E_THROTTLED, "auth.locked", NULL,
		    arena_printf(&ctx->arena, "Trop de tentatives : connexion "
		    "bloquée, réessayez dans %d minute(s).", retry / 60 + 1));
	return err_set(ctx, E_THROTTLED, "auth.throttled", NULL,
	    arena_printf(&ctx->arena, "Trop de tentatives : patientez %d "
	    "seconde(s) avant de réessayer.", retry));
}

/* Network thread: throttle, look the user up, verify (slow, on purpose). */
static int
login_prepare(struct ctx *ctx, struct req *req)
{
	const struct login_in *in = req->in;
	struct login_state *s = arena_zalloc(&ctx->arena, sizeof(*s));
	const char *hash = NULL;
	int retry, locked, rc;

	if (s == NULL)
		return E_TOOBIG;
	req->state = s;
	rc = login_throttle(ctx, ctx->db, in->login.s, ctx->ip, &retry,
	    &locked);
	if (rc == E_THROTTLED)
		return throttled(ctx, req, retry, locked);
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

/* Writer: record the attempt, trace, open the session. */
static int
login_commit(struct ctx *ctx, struct req *req)
{
	const struct login_in *in = req->in;
	struct login_state *s = req->state;
	struct session_user su;
	const char *token, *csrf;
	int retry, locked, rc;

	rc = login_throttle(ctx, ctx->db, in->login.s, ctx->ip, &retry,
	    &locked);
	if (rc == E_THROTTLED)
		return throttled(ctx, req, retry, locked);
	if (rc != E_OK)
		return rc;
	if (s->known) {
		/* The trace belongs to the account's CRT. */
		ctx->crt_id = s->u.crt_id;
		ctx->user_id = s->u.id;
		ctx->login = s->u.login;
		ctx->role = access_role_from(s->u.role) >= 0 ?
		    access_role_from(s->u.role) : ROLE_ADMIN;
	}
	rc = login_record(ctx, ctx->db, in->login.s, ctx->ip, s->ok);
	if (rc != E_OK)
		return rc;
	if (!s->ok) {
		if (s->known) {
			audit_add(ctx, "auth.login", 0, "", "-", "failed",
			    s->u.disabled ? "compte désactivé" : "");
			if (login_failures(ctx, ctx->db, in->login.s) ==
			    LOGIN_LOCK_AFTER)
				audit_add(ctx, "auth.lock", 0, "", "-",
				    "locked", "verrouillage après échecs "
				    "répétés");
		}
		ctx->commit_on_error = 1;
		/* No hint which part was wrong. */
		return err_set(ctx, E_AUTH, "auth.invalid", NULL,
		    "Identifiant ou mot de passe incorrect.");
	}
	rc = session_create(ctx, ctx->db, s->u.crt_id, s->u.id, &token, &csrf);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "auth.login", 0, "", "-", "ok", "");
	rc = session_lookup(ctx, ctx->db, token, &su);
	if (rc != E_OK)
		return rc;
	req->set_cookie = arena_printf(&ctx->arena, "%s=%s; Path=/; HttpOnly; "
	    "SameSite=Strict; Max-Age=%d%s", SESSION_COOKIE, token,
	    SESSION_TTL_SECS, req->https ? "; Secure" : "");
	req->out = session_json(&su, csrf);
	return E_OK;
}

static int
session_get(struct ctx *ctx, struct req *req)
{
	const struct session_user *su = req->session;

	(void)ctx;
	req->out = session_json(su, su->csrf);
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
	audit_add(ctx, "auth.logout", 0, "", "-", "ok", "");
	req->set_cookie = arena_printf(&ctx->arena, "%s=; Path=/; HttpOnly; "
	    "SameSite=Strict; Max-Age=0%s", SESSION_COOKIE,
	    req->https ? "; Secure" : "");
	return E_OK;
}

struct password_in {
	struct jv_str	 current;
	struct jv_str	 new_password;
};

static const struct jv_field password_fields[] = {
	{ "current", JV_STR, offsetof(struct password_in, current), JV_REQ, 1,
	  256, NULL, "Mot de passe actuel", NULL, 0 },
	{ "new", JV_STR, offsetof(struct password_in, new_password), JV_REQ,
	  1, 256, NULL, "Nouveau mot de passe", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
password_prepare(struct ctx *ctx, struct req *req)
{
	const struct password_in *in = req->in;
	struct user u;
	const char *hash = NULL;
	char *nh;
	int rc;

	rc = user_by_login(ctx, ctx->login, &u, &hash);
	if (rc != E_OK)
		return rc == E_NOT_FOUND ? E_AUTH : rc;
	if (!password_verify(hash, in->current.s))
		return err_set(ctx, E_INVALID, "password.current.invalid",
		    "current", "Le mot de passe actuel est incorrect.");
	rc = password_policy(in->new_password.s);
	if (rc == -1)
		return err_set(ctx, E_INVALID, "password.new.too_short", "new",
		    "Le nouveau mot de passe doit comporter au moins 12 "
		    "caractères.");
	if (rc != 0)
		return err_set(ctx, E_INVALID, "password.new.weak", "new",
		    "Ce mot de passe est trop facile à deviner : évitez les "
		    "suites, les répétitions et les mots de passe courants.");
	if (strcmp(in->current.s, in->new_password.s) == 0)
		return err_set(ctx, E_INVALID, "password.new.same", "new",
		    "Le nouveau mot de passe doit être différent de l'actuel.");
	nh = arena_alloc(&ctx->arena, PASSWORD_HASH_MAX);
	if (nh == NULL || password_hash(in->new_password.s, nh) != 0)
		return err_set(ctx, E_INTERNAL, "server.error", NULL, NULL);
	req->state = nh;
	return E_OK;
}

static int
password_commit(struct ctx *ctx, struct req *req)
{
	int rc;

	rc = user_set_password(ctx, ctx->user_id, req->state);
	if (rc != E_OK)
		return rc;
	/* Other sessions (a forgotten or stolen one) end; this one stays. */
	rc = session_delete_others(ctx, ctx->db, ctx->user_id,
	    ((const struct session_user *)req->session)->session_id);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "auth.password", 0, "", "-", "ok", "");
	return E_OK;
}

const struct route api_session_routes[] = {
	{ M_POST, "/api/v1/session", login_commit, login_prepare, 0,
	  login_fields, sizeof(struct login_in),
	  R_WRITE | R_PUBLIC | R_NOCSRF, 200, "session",
	  "Se connecter (identifiant et mot de passe)", "Session" },
	{ M_GET, "/api/v1/session", session_get, NULL, 0, NULL, 0, 0, 200,
	  "session", "Utilisateur connecté et jeton CSRF", "Session" },
	{ M_DELETE, "/api/v1/session", session_end, NULL, 0, NULL, 0,
	  R_WRITE, 204, "session", "Se déconnecter", NULL },
	{ M_PUT, "/api/v1/session/password", password_commit,
	  password_prepare, 0, password_fields, sizeof(struct password_in),
	  R_WRITE, 204, "session", "Changer son mot de passe", NULL },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
