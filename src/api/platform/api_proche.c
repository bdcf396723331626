/*
 * Proche accounts (issue 11): the coordination lists, creates (with an
 * invitation link), re-invites and revokes them from a person's record;
 * the link, opened signed out, shows whose it is and lets the proche
 * choose a password, which signs her in. Wrong tokens are counted by the
 * login throttle (per address), like wrong passwords.
 */
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "auth/login.h"
#include "auth/password.h"
#include "base/ctx.h"
#include "domain/platform/proche.h"
#include "json/jv.h"
#include "json/jw.h"

/* The replies, described once (issue 9 §2). */
#define PROCHE_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant du compte") \
	X(S, login, JW_STR, 0, NULL, NULL, "Identifiant de connexion") \
	X(S, display_name, JW_STR, 0, NULL, NULL, "Nom affiché") \
	X(S, for, JW_ENUM, 0, proche_for_codes, NULL, \
	    "Pour qui : la personne elle-même ou un aidant") \
	X(S, relation, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Lien de l'aidant avec la personne") \
	X(S, status, JW_ENUM, 0, proche_status_codes, NULL, \
	    "invited : lien ouvert ; active : mot de passe choisi ; " \
	    "expired : lien expiré ; revoked : révoqué") \
	X(S, invited_until, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Fin de validité du lien ouvert") \
	X(S, activated_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Dernier lien utilisé le") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Créé le")
JW_FIELDS(PROCHE, PROCHE_F);
JW_ROWS(PROCHE, PROCHE_F);
const struct jw_schema api_proche_schema =
    JW_INIT(PROCHE, "Proche", "Compte proche d'une personne");

#define PLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &api_proche_schema, \
	    "Comptes proches de la personne, révoqués en dernier")
JW_FIELDS(PLIST, PLIST_F);
JW_ROWS(PLIST, PLIST_F);
const struct jw_schema api_proche_list_schema =
    JW_INIT(PLIST, "ProcheList", "Comptes proches de la personne");

#define PLINK_F(X, S) \
	X(S, token, JW_STR, 0, NULL, NULL, \
	    "Secret du lien, montré une seule fois") \
	X(S, path, JW_STR, 0, NULL, NULL, \
	    "Adresse du lien dans l'application (#/invitation/…)") \
	X(S, expires_at, JW_DATETIME, 0, NULL, NULL, "Valable jusqu'au")
JW_FIELDS(PLINK, PLINK_F);
JW_ROWS(PLINK, PLINK_F);
static const struct jw_schema link_schema =
    JW_INIT(PLINK, "ProcheLink", "Lien d'invitation (7 jours, un usage)");

#define PNEW_F(X, S) \
	X(S, proche, JW_OBJ, 0, NULL, &api_proche_schema, "Le compte") \
	X(S, invitation, JW_OBJ, 0, NULL, &link_schema, \
	    "Le lien à remettre au proche")
JW_FIELDS(PNEW, PNEW_F);
JW_ROWS(PNEW, PNEW_F);
const struct jw_schema api_proche_created_schema =
    JW_INIT(PNEW, "ProcheInvited", "Compte proche et son lien d'invitation");

#define INV_F(X, S) \
	X(S, login, JW_STR, 0, NULL, NULL, "Identifiant de connexion") \
	X(S, display_name, JW_STR, 0, NULL, NULL, "Nom affiché") \
	X(S, expires_at, JW_DATETIME, 0, NULL, NULL, "Lien valable jusqu'au")
JW_FIELDS(INV, INV_F);
JW_ROWS(INV, INV_F);
const struct jw_schema api_invitation_schema =
    JW_INIT(INV, "Invitation", "Invitation ouverte");

static void
proche_write(struct jw *w, const struct proche *p)
{
	jw_int(w, PROCHE_id, p->id);
	jw_str(w, PROCHE_login, p->login);
	jw_str(w, PROCHE_display_name, p->display_name);
	jw_str(w, PROCHE_for, p->proche_for);
	jw_str(w, PROCHE_relation, p->relation);
	jw_str(w, PROCHE_status, p->status);
	jw_str(w, PROCHE_invited_until, p->invited_until);
	jw_str(w, PROCHE_activated_at, p->activated_at);
	jw_str(w, PROCHE_created_at, p->created_at);
}

static void
proche_reply(struct req *req, const struct proche *p)
{
	struct jw w;

	jw_begin(&w, &api_proche_schema);
	proche_write(&w, p);
	api_reply(req, &w);
}

static void
invited_reply(
    struct ctx *ctx, struct req *req, const struct proche *p, const char *tok)
{
	struct jw w;

	jw_begin(&w, &api_proche_created_schema);
	jw_obj_begin(&w, PNEW_proche);
	proche_write(&w, p);
	jw_obj_end(&w);
	jw_obj_begin(&w, PNEW_invitation);
	jw_str(&w, PLINK_token, tok);
	jw_str(
	    &w, PLINK_path, arena_printf(&ctx->arena, "#/invitation/%s", tok));
	jw_str(&w, PLINK_expires_at, p->invited_until);
	jw_obj_end(&w);
	api_reply(req, &w);
}

/* GET /persons/{id}/proches, also the record page's part (issue 10
 * §12), with its route permission. */
int
api_proches_part(struct ctx *ctx, int64_t id, struct jw *w)
{
	struct access_grant g;
	struct proche *v;
	int n, i, rc;

	if (!access_permits(ctx->role, PERM_PROCHE_INVITE))
		return err_set(ctx, E_FORBIDDEN, "role.forbidden", NULL,
		    "Votre rôle ne permet pas cette action.");
	rc = access_require(
	    ctx, id, CAT_BIT(CAT_SOCIAL), ACT_READ, "proche.list", &g);
	if (rc == E_OK)
		rc = proche_list(ctx, &g, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(w, &api_proche_list_schema);
	jw_arr_begin(w, PLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(w);
		proche_write(w, &v[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return E_OK;
}

static int
proches_list(struct ctx *ctx, struct req *req)
{
	struct jw w;
	int rc = api_proches_part(ctx, req->ids[0], &w);

	if (rc != E_OK)
		return rc;
	api_reply(req, &w);
	return E_OK;
}

struct proche_in {
	struct jv_str login;
	struct jv_str display_name;
	struct jv_str for_;
	struct jv_str relation;
};

static const struct jv_field proche_fields[] = {
	{ "login", JV_STR, offsetof(struct proche_in, login), JV_REQ, 2, 64,
	    NULL, "Identifiant", NULL, 0 },
	{ "display_name", JV_STR, offsetof(struct proche_in, display_name),
	    JV_REQ, 1, 120, NULL, "Nom affiché", NULL, 0 },
	{ "for", JV_ENUM, offsetof(struct proche_in, for_), JV_REQ, 1, 20,
	    proche_for_codes, "Pour qui", NULL, 0 },
	{ "relation", JV_STR, offsetof(struct proche_in, relation), JV_NULL, 1,
	    60, NULL, "Lien avec la personne", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
proche_post(struct ctx *ctx, struct req *req)
{
	const struct proche_in *in = req->in;
	struct proche_fields f;
	struct access_grant g;
	struct proche p;
	const char *tok;
	int rc;

	rc = access_require(ctx, req->ids[0], CAT_BIT(CAT_SOCIAL), ACT_WRITE,
	    "proche.invite", &g);
	if (rc != E_OK)
		return rc;
	memset(&f, 0, sizeof(f));
	f.login = in->login.s;
	f.display_name = in->display_name.s;
	f.proche_for = in->for_.s;
	f.relation = in->relation.set ? in->relation.s : NULL;
	rc = proche_create(ctx, &g, &f, &p, &tok);
	if (rc != E_OK)
		return rc;
	invited_reply(ctx, req, &p, tok);
	return E_OK;
}

static const struct access_missing proche_missing = { E_NOT_FOUND,
	"proche.not_found", NULL, "Ce compte proche n'existe pas." };

/* The account's person, decided for a write of her social part. */
static int
account_access(
    struct ctx *ctx, int64_t id, const char *action, struct access_grant *g)
{
	struct proche p;
	int rc;

	rc = proche_get(ctx, id, &p);
	if (rc != E_OK)
		return rc;
	return access_require_sub(ctx, p.person_id, CAT_BIT(CAT_SOCIAL),
	    ACT_WRITE, action, g, &proche_missing);
}

/* Actions on an account take an empty object. */
struct empty_in {
	int unused;
};

static const struct jv_field empty_fields[] = { { NULL, 0, 0, 0, 0, 0, NULL,
    NULL, NULL, 0 } };

static int
proche_reinvite_post(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct proche p;
	const char *tok;
	int rc;

	rc = account_access(ctx, req->ids[0], "proche.reinvite", &g);
	if (rc == E_OK)
		rc = proche_reinvite(ctx, &g, req->ids[0], &p, &tok);
	if (rc != E_OK)
		return rc;
	invited_reply(ctx, req, &p, tok);
	return E_OK;
}

static int
proche_revoke_post(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct proche p;
	int rc;

	rc = account_access(ctx, req->ids[0], "proche.revoke", &g);
	if (rc == E_OK)
		rc = proche_revoke(ctx, &g, req->ids[0], &p);
	if (rc != E_OK)
		return rc;
	proche_reply(req, &p);
	return E_OK;
}

/* The invitation link, opened signed out. */
struct token_in {
	struct jv_str token;
	struct jv_str password;
};

static const struct jv_field check_fields[] = {
	{ "token", JV_STR, offsetof(struct token_in, token), JV_REQ, 1, 200,
	    NULL, "Lien d'invitation", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static const struct jv_field accept_fields[] = {
	{ "token", JV_STR, offsetof(struct token_in, token), JV_REQ, 1, 200,
	    NULL, "Lien d'invitation", NULL, 0 },
	{ "password", JV_STR, offsetof(struct token_in, password), JV_REQ, 1,
	    256, NULL, "Mot de passe", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

/*
 * Writer: the link behind `token`, after the throttle; an unknown token
 * is a guess and counts as a failed attempt of the address (kept
 * although the answer is an error). Expired, used and revoked links
 * change nothing.
 */
static int
open_link(struct ctx *ctx, struct req *req, const char *token,
    struct proche_invitation *inv)
{
	const char *key, *field, *msg;
	int rc;

	rc = api_throttle_gate(ctx, req, PROCHE_INVITE_THROTTLE);
	if (rc != E_OK)
		return rc;
	rc = proche_invitation_find(ctx, token, inv);
	if (rc != E_NOT_FOUND)
		return rc;
	key = ctx->err_key;
	field = ctx->err_field;
	msg = ctx->err_msg;
	err_clear(ctx);
	rc = login_record(ctx, ctx->db, PROCHE_INVITE_THROTTLE, ctx->ip, 0);
	if (rc != E_OK)
		return rc;
	ctx->commit_on_error = 1;
	return err_set(ctx, E_NOT_FOUND, key, field, msg);
}

static int
invitation_check(struct ctx *ctx, struct req *req)
{
	const struct token_in *in = req->in;
	struct proche_invitation inv;
	struct jw w;
	int rc;

	rc = open_link(ctx, req, in->token.s, &inv);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_invitation_schema);
	jw_str(&w, INV_login, inv.login);
	jw_str(&w, INV_display_name, inv.display_name);
	jw_str(&w, INV_expires_at, inv.expires_at);
	api_reply(req, &w);
	return E_OK;
}

struct accept_state {
	int open; /* the link was open when the password was checked */
	char hash[PASSWORD_HASH_MAX];
};

/* Network thread: the password policy and the slow hash, for an open
 * link only (the writer answers the others and counts the guesses). */
static int
invitation_prepare(struct ctx *ctx, struct req *req)
{
	const struct token_in *in = req->in;
	struct accept_state *s = arena_zalloc(&ctx->arena, sizeof(*s));
	struct proche_invitation inv;
	int rc;

	if (s == NULL)
		return E_TOOBIG;
	req->state = s;
	rc = api_throttle_gate(ctx, req, PROCHE_INVITE_THROTTLE);
	if (rc != E_OK)
		return rc;
	if (proche_invitation_find(ctx, in->token.s, &inv) != E_OK) {
		err_clear(ctx);
		return E_OK;
	}
	rc = api_new_password_check(ctx, in->password.s, inv.login, "password");
	if (rc != E_OK)
		return rc;
	if (password_hash(in->password.s, s->hash) != 0)
		return err_set(ctx, E_INTERNAL, "server.error", NULL, NULL);
	s->open = 1;
	return E_OK;
}

static int
invitation_accept(struct ctx *ctx, struct req *req)
{
	const struct token_in *in = req->in;
	const struct accept_state *s = req->state;
	struct proche_invitation inv;
	int rc;

	rc = open_link(ctx, req, in->token.s, &inv);
	if (rc != E_OK)
		return rc;
	if (!s->open) /* created between the two steps: ask again */
		return err_set(ctx, E_CONFLICT, "invitation.retry", "token",
		    "Le lien vient de changer : rechargez la page.");
	/* The trace and the session belong to the proche's account. */
	ctx->crt_id = inv.crt_id;
	ctx->user_id = inv.user_id;
	ctx->login = inv.login;
	ctx->role = ROLE_PROCHE;
	rc = proche_invitation_use(ctx, &inv, s->hash);
	if (rc != E_OK)
		return rc;
	return api_session_open(ctx, req, inv.crt_id, inv.user_id);
}

static const struct route_error list_errors[] = { { E_NOT_FOUND,
						      "person.not_found" },
	{ E_FORBIDDEN, "access.denied" }, { 0, NULL } };

static const struct route_error post_errors[] = { { E_NOT_FOUND,
						      "person.not_found" },
	{ E_FORBIDDEN, "access.denied" }, { E_INVALID, "proche.for.invalid" },
	{ E_INVALID, "proche.relation.required" },
	{ E_INVALID, "user.login.invalid" }, { E_CONFLICT, "user.login.taken" },
	{ 0, NULL } };

static const struct route_error account_errors[] = {
	{ E_NOT_FOUND, "proche.not_found" }, { E_FORBIDDEN, "access.denied" },
	{ E_CONFLICT, "proche.revoked" }, { 0, NULL }
};

#define LINK_ERRORS \
	{ E_NOT_FOUND, "invitation.unknown" }, \
	    { E_CONFLICT, "invitation.expired" }, \
	    { E_CONFLICT, "invitation.used" }, \
	    { E_CONFLICT, "invitation.revoked" }, \
	    { E_THROTTLED, "auth.throttled" }, \
	{ \
		E_THROTTLED, "auth.locked" \
	}

static const struct route_error check_errors[] = { LINK_ERRORS, { 0, NULL } };

static const struct route_error accept_errors[] = { LINK_ERRORS,
	{ E_CONFLICT, "invitation.retry" },
	{ E_INVALID, "password.new.too_short" },
	{ E_INVALID, "password.new.weak" }, { E_INVALID, "password.new.login" },
	{ 0, NULL } };

const struct route_doc api_proche_docs[] = {
	{ M_GET, "/api/v1/persons/{id}/proches", NULL, list_errors },
	{ M_POST, "/api/v1/persons/{id}/proches", NULL, post_errors },
	{ M_POST, "/api/v1/proches/{id}/invitation", NULL, account_errors },
	{ M_POST, "/api/v1/proches/{id}/revoke", NULL, account_errors },
	{ M_POST, "/api/v1/invitation/check", NULL, check_errors },
	{ M_POST, "/api/v1/invitation", NULL, accept_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_proche_routes[] = {
	{ M_GET, "/api/v1/persons/{id}/proches", proches_list, NULL,
	    PERM_PROCHE_INVITE, NULL, 0, 0, 200, "proche",
	    "Comptes proches de la personne (accès au planning)",
	    "ProcheList" },
	{ M_POST, "/api/v1/persons/{id}/proches", proche_post, NULL,
	    PERM_PROCHE_INVITE, proche_fields, sizeof(struct proche_in),
	    R_WRITE, 201, "proche",
	    "Créer un compte proche et son lien d'invitation (7 jours)",
	    "ProcheInvited" },
	{ M_POST, "/api/v1/proches/{id}/invitation", proche_reinvite_post, NULL,
	    PERM_PROCHE_INVITE, empty_fields, sizeof(struct empty_in), R_WRITE,
	    201, "proche",
	    "Nouveau lien d'invitation (le précédent est annulé)",
	    "ProcheInvited" },
	{ M_POST, "/api/v1/proches/{id}/revoke", proche_revoke_post, NULL,
	    PERM_PROCHE_INVITE, empty_fields, sizeof(struct empty_in), R_WRITE,
	    200, "proche", "Révoquer un compte proche (sessions fermées)",
	    "Proche" },
	{ M_POST, "/api/v1/invitation/check", invitation_check, NULL, 0,
	    check_fields, sizeof(struct token_in),
	    R_WRITE | R_PUBLIC | R_NOCSRF, 200, "proche",
	    "Ouvrir un lien d'invitation (à qui il est, jusqu'à quand)",
	    "Invitation" },
	{ M_POST, "/api/v1/invitation", invitation_accept, invitation_prepare,
	    0, accept_fields, sizeof(struct token_in),
	    R_WRITE | R_PUBLIC | R_NOCSRF, 200, "proche",
	    "Choisir son mot de passe par le lien d'invitation (connecte)",
	    "Session" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
