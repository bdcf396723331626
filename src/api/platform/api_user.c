/*
 * Accounts administration (admin role): list, create, change role,
 * profession, organisation, disable, reset password. Hashing runs in
 * `prepare`, on the network thread.
 */
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "auth/password.h"
#include "auth/session.h"
#include "base/ctx.h"
#include "domain/platform/notice.h"
#include "domain/platform/user.h"
#include "json/jv.h"
#include "json/jw.h"

struct user_in {
	struct jv_str login;
	struct jv_str display_name;
	struct jv_str role;
	struct jv_str profession;
	struct jv_int org_id;
	struct jv_str password;
	struct jv_bool disabled;
	struct jv_bool reset_password;
};

#define F(n, t, fl, mn, mx, en, lab) \
	{ \
#n, t, offsetof(struct user_in, n), fl, mn, mx, en, lab, NULL, \
		    0 \
	}

static const struct jv_field user_create_fields[] = {
	F(login, JV_STR, JV_REQ, 2, 64, NULL, "Identifiant"),
	F(display_name, JV_STR, JV_REQ, 1, 120, NULL, "Nom affiché"),
	F(role, JV_ENUM, JV_REQ, 1, 40, access_role_codes, "Rôle"),
	F(profession, JV_ENUM, JV_REQ, 1, 40, access_prof_codes, "Profession"),
	F(org_id, JV_INT, JV_NULL, 1, 0, NULL, "Structure"),
	F(password, JV_STR, JV_NULL, 1, 256, NULL, "Mot de passe"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static const struct jv_field user_patch_fields[] = {
	F(display_name, JV_STR, 0, 1, 120, NULL, "Nom affiché"),
	F(role, JV_ENUM, 0, 1, 40, access_role_codes, "Rôle"),
	F(profession, JV_ENUM, 0, 1, 40, access_prof_codes, "Profession"),
	F(org_id, JV_INT, 0, 1, 0, NULL, "Structure"),
	F(password, JV_STR, 0, 1, 256, NULL, "Mot de passe"),
	F(disabled, JV_BOOL, 0, 0, 0, NULL, "Désactivé"),
	F(reset_password, JV_BOOL, 0, 0, 0, NULL,
	    "Réinitialiser le mot de passe"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct pw_state {
	char hash[PASSWORD_HASH_MAX];
	char generated[17];
	int have;
};

/*
 * The account replies, described once (issue 9 §2). An account as the
 * administrator sees it, then the same with the password generated at
 * its creation (shared indices: USER_x == UNEW_x).
 */
#define USER_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant du compte") \
	X(S, login, JW_STR, 0, NULL, NULL, "Identifiant de connexion") \
	X(S, display_name, JW_STR, 0, NULL, NULL, "Nom affiché") \
	API_ROLE_F(X, S, 0) \
	X(S, org_id, JW_INT, 0, NULL, NULL, "Structure") \
	X(S, org_name, JW_STR, 0, NULL, NULL, "Nom de la structure") \
	X(S, disabled, JW_BOOL, 0, NULL, NULL, "Désactivé") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Créé le")
JW_FIELDS(USER, USER_F);
JW_ROWS(USER, USER_F);
const struct jw_schema api_user_schema =
    JW_INIT(USER, "User", "Compte utilisateur");

#define UNEW_F(X, S) \
	USER_F(X, S) \
	X(S, password, JW_STR, JW_OPTIONAL, NULL, NULL, \
	    "Mot de passe généré, montré une seule fois (absent s'il a été " \
	    "donné)")
JW_FIELDS(UNEW, UNEW_F);
JW_ROWS(UNEW, UNEW_F);
const struct jw_schema api_user_created_schema =
    JW_INIT(UNEW, "UserCreated", "Compte créé");

#define ULIST_F(X, S) X(S, items, JW_ARR, 0, NULL, &api_user_schema, "Comptes")
JW_FIELDS(ULIST, ULIST_F);
JW_ROWS(ULIST, ULIST_F);
const struct jw_schema api_user_list_schema =
    JW_INIT(ULIST, "UserList", "Comptes du CRT");

#define MATE_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant du compte") \
	X(S, display_name, JW_STR, 0, NULL, NULL, "Nom affiché") \
	X(S, role, JW_ENUM, 0, access_role_codes, NULL, "Rôle") \
	X(S, profession, JW_ENUM, 0, access_prof_codes, NULL, "Profession") \
	X(S, org, JW_STR, JW_NULLABLE, NULL, NULL, "Nom de la structure") \
	X(S, partner, JW_BOOL, 0, NULL, NULL, "Compte partenaire")
JW_FIELDS(MATE, MATE_F);
JW_ROWS(MATE, MATE_F);
static const struct jw_schema mate_schema =
    JW_INIT(MATE, "TeamMember", "Membre de l'équipe ou partenaire");

#define TEAM_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &mate_schema, \
	    "Comptes actifs, administrateurs exclus")
JW_FIELDS(TEAM, TEAM_F);
JW_ROWS(TEAM, TEAM_F);
const struct jw_schema api_team_schema =
    JW_INIT(TEAM, "Team", "L'équipe du CRT et les comptes partenaires");

static const char *const request_kinds[] = { "create", "update", NULL };
static const char *const request_states[] = { "pending", "approved", "rejected",
	NULL };

/* A request; its role, profession, name, organisation and state are
 * null when it leaves them unchanged. */
#define AREQ_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Numéro de la demande") \
	X(S, kind, JW_ENUM, 0, request_kinds, NULL, \
	    "Création ou modification d'un compte") \
	X(S, user_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Compte modifié (null : une création)") \
	X(S, login, JW_STR, 0, NULL, NULL, "Identifiant du compte") \
	X(S, display_name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom affiché") \
	API_ROLE_F(X, S, JW_NULLABLE) \
	X(S, org_id, JW_INT, JW_NULLABLE, NULL, NULL, "Structure") \
	X(S, disabled, JW_BOOL, JW_NULLABLE, NULL, NULL, \
	    "Désactivé (null : inchangé)") \
	X(S, reset_password, JW_BOOL, 0, NULL, NULL, \
	    "Nouveau mot de passe demandé") \
	X(S, requested_by, JW_INT, 0, NULL, NULL, "Demandé par") \
	X(S, requested_by_name, JW_STR, 0, NULL, NULL, \
	    "Nom de l'auteur de la demande") \
	X(S, requested_at, JW_DATETIME, 0, NULL, NULL, "Demandé le") \
	X(S, status, JW_ENUM, 0, request_states, NULL, "État de la demande") \
	X(S, decided_by, JW_INT, JW_NULLABLE, NULL, NULL, "Décidé par") \
	X(S, decided_by_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Nom de la personne qui a décidé") \
	X(S, decided_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Décidé le") \
	X(S, may_approve, JW_BOOL, JW_OPTIONAL, NULL, NULL, \
	    "L'utilisateur peut la valider (absent pour l'administrateur)")
JW_FIELDS(AREQ, AREQ_F);
JW_ROWS(AREQ, AREQ_F);
static const struct jw_schema request_schema = JW_INIT(
    AREQ, "AccountRequest", "Demande de création ou de modification de compte");

#define RLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &request_schema, \
	    "Demandes, les plus récentes d'abord")
JW_FIELDS(RLIST, RLIST_F);
JW_ROWS(RLIST, RLIST_F);
const struct jw_schema api_request_list_schema =
    JW_INIT(RLIST, "AccountRequestList", "Demandes de comptes");

#define RPEND_F(X, S) \
	X(S, pending, JW_BOOL, 0, NULL, NULL, "Toujours vrai : à valider") \
	X(S, request, JW_OBJ, 0, NULL, &request_schema, "La demande") \
	X(S, message, JW_STR, 0, NULL, NULL, "Message pour l'utilisateur")
JW_FIELDS(RPEND, RPEND_F);
JW_ROWS(RPEND, RPEND_F);
const struct jw_schema api_request_pending_schema =
    JW_INIT(RPEND, "AccountRequestPending",
	"Changement enregistré comme demande à valider par la direction ou la "
	"coordination (202)");

/* The decision; an approval adds the account and its one-time password
 * (shared indices: RDONE_request == ROK_request). */
#define RDONE_F(X, S) \
	X(S, request, JW_OBJ, 0, NULL, &request_schema, "La demande décidée")
JW_FIELDS(RDONE, RDONE_F);
JW_ROWS(RDONE, RDONE_F);
const struct jw_schema api_request_rejected_schema =
    JW_INIT(RDONE, "AccountRequestRejected", "Demande refusée");

#define ROK_F(X, S) \
	RDONE_F(X, S) \
	X(S, user, JW_OBJ, 0, NULL, &api_user_schema, \
	    "Le compte après validation") \
	X(S, password, JW_STR, 0, NULL, NULL, \
	    "Mot de passe provisoire, montré une seule fois")
JW_FIELDS(ROK, ROK_F);
JW_ROWS(ROK, ROK_F);
const struct jw_schema api_request_approved_schema =
    JW_INIT(ROK, "AccountRequestApproved", "Demande validée");

/* The members of an account, in the object being written. */
static void
user_write(struct jw *w, const struct user *u)
{
	jw_int(w, USER_id, u->id);
	jw_str(w, USER_login, u->login);
	jw_str(w, USER_display_name, u->display_name);
	api_role_write(w, USER_role, u->role, u->profession);
	jw_int(w, USER_org_id, u->org_id);
	jw_str(w, USER_org_name, u->org_name);
	jw_bool(w, USER_disabled, u->disabled);
	jw_str(w, USER_created_at, u->created_at);
}

static int
users_list(struct ctx *ctx, struct req *req)
{
	struct user *v;
	struct jw w;
	int n, i, rc;

	rc = user_list(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_user_list_schema);
	jw_arr_begin(&w, ULIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		user_write(&w, &v[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

/*
 * The CRT's active accounts as colleagues see them (committee members,
 * plan referents, who carries an action): names, roles, professions,
 * organisations; no login, no dates.
 */
static int
team_list(struct ctx *ctx, struct req *req)
{
	struct user *v;
	struct jw w;
	int n, i, rc;

	rc = user_list(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_team_schema);
	jw_arr_begin(&w, TEAM_items);
	for (i = 0; i < n; i++) {
		/* Nor the proche accounts (issue 11): not of the team. */
		if (v[i].disabled || strcmp(v[i].role, "admin") == 0 ||
		    strcmp(v[i].role, "proche") == 0)
			continue;
		jw_item_obj_begin(&w);
		jw_int(&w, MATE_id, v[i].id);
		jw_str(&w, MATE_display_name, v[i].display_name);
		jw_str(&w, MATE_role, v[i].role);
		jw_str(&w, MATE_profession, v[i].profession);
		jw_str(&w, MATE_org, v[i].org_name);
		jw_bool(&w, MATE_partner, strcmp(v[i].role, "partenaire") == 0);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static int
refuse_admin_password(struct ctx *ctx)
{
	return err_set(ctx, E_INVALID, "user.password.by_approver", "password",
	    "Le mot de passe d'un compte qui accède aux dossiers "
	    "est généré à la validation de la demande par la direction ou la "
	    "coordination, pas choisi par l'administrateur.");
}

/* The members of a request but may_approve, in the object being
 * written. */
static void
request_write(struct jw *w, const struct account_request *a)
{
	jw_int(w, AREQ_id, a->id);
	jw_str(w, AREQ_kind, a->user_id ? "update" : "create");
	jw_id_or_null(w, AREQ_user_id, a->user_id);
	jw_str(w, AREQ_login, a->login);
	jw_str(w, AREQ_display_name, a->display_name);
	api_role_write(w, AREQ_role, a->role, a->profession);
	jw_id_or_null(w, AREQ_org_id, a->org_id);
	if (a->disabled >= 0)
		jw_bool(w, AREQ_disabled, a->disabled);
	else
		jw_null(w, AREQ_disabled);
	jw_bool(w, AREQ_reset_password, a->reset_password);
	jw_int(w, AREQ_requested_by, a->requested_by);
	jw_str(w, AREQ_requested_by_name, a->requested_by_name);
	jw_str(w, AREQ_requested_at, a->requested_at);
	jw_str(w, AREQ_status, a->status);
	jw_id_or_null(w, AREQ_decided_by, a->decided_by);
	jw_str(w, AREQ_decided_by_name, a->decided_by_name);
	jw_str(w, AREQ_decided_at, a->decided_at);
}

/* What a request changes, in French, for its notices. */
static const char *
request_what(struct ctx *ctx, const struct account_request *a)
{
	int r = a->role ? access_role_from(a->role) : -1;
	int p = a->profession ? access_prof_from(a->profession) : -1;

	if (a->user_id == 0)
		return arena_printf(&ctx->arena,
		    "création du compte « %s » "
		    "(%s)",
		    a->login, r >= 0 ? access_role_labels[r] : "?");
	return arena_printf(&ctx->arena,
	    "modification du compte « %s »%s%s"
	    "%s%s%s%s%s",
	    a->login, r >= 0 ? " — rôle : " : "",
	    r >= 0 ? access_role_labels[r] : "",
	    p >= 0 ? " — profession : " : "",
	    p >= 0 ? access_prof_labels[p] : "",
	    a->org_id ? " — structure" : "",
	    a->disabled == 0 ? " — réactivation" : "",
	    a->reset_password ? " — nouveau mot de passe" : "");
}

/*
 * SPEC: issue 8 point 2 — the account's owner and the coordination are
 * told (a notice on their home page) when a request is made, approved or
 * refused, in the same transaction. The actor is not told what they did.
 */
static int
request_notify(struct ctx *ctx, const struct account_request *a,
    const char *event, int64_t owner)
{
	const char *what = request_what(ctx, a), *text;
	int rc = E_OK;

	if (owner != 0 && owner != ctx->user_id) {
		text = arena_printf(&ctx->arena,
		    "Demande n° %lld de "
		    "l'administrateur concernant votre compte (%s) : %s.",
		    (long long)a->id, what, event);
		rc = notice_add(ctx, owner, "account_request", text, NULL);
	}
	if (rc != E_OK)
		return rc;
	text = arena_printf(&ctx->arena,
	    "Demande n° %lld de l'administrateur "
	    "(%s) : %s.",
	    (long long)a->id, what, event);
	return notice_add_role(ctx, "coordinateur", ctx->user_id, owner,
	    "account_request", text, "#/comptes");
}

/* Stores the administrator's change of a sensitive account as a request
 * (202): nothing changes until the direction or the coordination
 * approves it. */
static int
request_reply(struct ctx *ctx, struct req *req, struct account_request *a)
{
	struct jw w;
	int rc = user_request_add(ctx, a);

	if (rc == E_OK)
		rc = request_notify(ctx, a,
		    "en attente de validation par la "
		    "direction ou la coordination",
		    a->user_id);
	if (rc != E_OK)
		return rc;
	user_trace_requested(ctx, a);
	req->status = 202;
	jw_begin(&w, &api_request_pending_schema);
	jw_bool(&w, RPEND_pending, 1);
	jw_obj_begin(&w, RPEND_request);
	request_write(&w, a);
	jw_obj_end(&w);
	jw_str(&w, RPEND_message,
	    "Demande enregistrée : la direction "
	    "ou la coordination doit la valider. Le mot de passe provisoire "
	    "sera remis par la personne qui valide.");
	api_reply(req, &w);
	return E_OK;
}

/* Network thread: Argon2id of the given or generated password. */
static int
user_pw_prepare(struct ctx *ctx, struct req *req)
{
	const struct user_in *in = req->in;
	struct pw_state *s = arena_zalloc(&ctx->arena, sizeof(*s));
	const char *pw;
	int rc;

	if (s == NULL)
		return E_TOOBIG;
	req->state = s;
	if (ctx->role == ROLE_ADMIN && req->route->method == M_POST &&
	    user_role_sensitive(in->role.s)) {
		if (in->password.set && !in->password.null)
			return refuse_admin_password(ctx);
		return E_OK; /* a request: the approver gets the password */
	}
	if (req->route->method == M_POST &&
	    (!in->password.set || in->password.null)) {
		password_generate(s->generated);
		pw = s->generated;
	} else if (in->password.set && !in->password.null)
		pw = in->password.s;
	else
		return E_OK;
	rc = password_policy(pw);
	if (rc != 0)
		return err_set(ctx, E_INVALID,
		    rc == -1 ? "user.password.too_short" : "user.password.weak",
		    "password", password_policy_fr(rc));
	if (pw == in->password.s) {
		/* Issue 8 point 5: never the account's login inside. */
		struct user u;
		const char *login = in->login.s;

		if (req->route->method != M_POST) {
			if (user_get(ctx, req->ids[0], &u) != E_OK)
				return ctx->err;
			login = u.login;
		}
		if (password_has_login(pw, login))
			return err_set(ctx, E_INVALID, "user.password.login",
			    "password",
			    "Le mot de passe ne doit pas contenir "
			    "l'identifiant du compte.");
	}
	if (password_hash(pw, s->hash) != 0)
		return err_set(ctx, E_INTERNAL, "server.error", NULL, NULL);
	s->have = 1;
	return E_OK;
}

static int
user_post(struct ctx *ctx, struct req *req)
{
	const struct user_in *in = req->in;
	struct pw_state *s = req->state;
	struct user_fields f;
	struct user u;
	struct jw w;
	const char *login;
	int64_t id;
	int rc;

	rc = user_login_scoped(ctx, in->login.s, &login);
	if (rc != E_OK)
		return rc;
	if (ctx->role == ROLE_ADMIN && user_role_sensitive(in->role.s)) {
		struct account_request a;

		memset(&a, 0, sizeof(a));
		a.login = login;
		a.display_name = in->display_name.s;
		a.role = in->role.s;
		a.profession = in->profession.s;
		a.org_id = jv_int_or(&in->org_id, 0);
		a.disabled = -1;
		return request_reply(ctx, req, &a);
	}
	memset(&f, 0, sizeof(f));
	f.login = login;
	f.display_name = in->display_name.s;
	f.role = in->role.s;
	f.profession = in->profession.s;
	f.org_id = jv_int_or(&in->org_id, 0);
	f.pw_hash = s->hash;
	rc = user_create(ctx, &f, &id);
	if (rc == E_OK)
		rc = user_get(ctx, id, &u);
	if (rc != E_OK)
		return rc;
	user_trace_created(ctx, &u);
	jw_begin(&w, &api_user_created_schema);
	user_write(&w, &u);
	if (s->generated[0] != '\0')
		/* Shown once, to the administrator who created it. */
		jw_str(&w, UNEW_password, s->generated);
	api_reply(req, &w);
	return E_OK;
}

/*
 * Whether a change asked by the administrator opens records to someone:
 * an account that will read care data is re-enabled, changes role,
 * profession or organisation, or gets a new password.
 */
static int
patch_needs_approval(const struct user_in *in, const struct user *u)
{
	const char *role = in->role.set ? in->role.s : u->role;

	if (!user_role_sensitive(role))
		return 0;
	return (in->role.set && strcmp(in->role.s, u->role) != 0) ||
	    (in->profession.set &&
		strcmp(in->profession.s, u->profession) != 0) ||
	    (in->org_id.set && in->org_id.v != u->org_id) ||
	    (in->disabled.set && !in->disabled.v && u->disabled) ||
	    in->password.set ||
	    (in->reset_password.set && in->reset_password.v);
}

static int
user_patch(struct ctx *ctx, struct req *req)
{
	const struct user_in *in = req->in;
	struct pw_state *s = req->state;
	struct user_fields f;
	struct user u;
	struct jw w;
	int rc;

	rc = user_get(ctx, req->ids[0], &u);
	if (rc != E_OK)
		return rc;
	if (u.id == ctx->user_id && in->role.set &&
	    strcmp(in->role.s, u.role) != 0)
		return err_set(ctx, E_INVALID, "user.role.self", "role",
		    "Vous ne pouvez pas changer votre propre rôle.");
	if (ctx->role == ROLE_ADMIN && patch_needs_approval(in, &u)) {
		struct account_request a;

		if (in->password.set)
			return refuse_admin_password(ctx);
		memset(&a, 0, sizeof(a));
		a.user_id = u.id;
		a.display_name =
		    in->display_name.set ? in->display_name.s : NULL;
		a.role = in->role.set ? in->role.s : NULL;
		a.profession = in->profession.set ? in->profession.s : NULL;
		a.org_id = in->org_id.set ? in->org_id.v : 0;
		a.disabled = in->disabled.set ? in->disabled.v : -1;
		a.reset_password =
		    in->reset_password.set && in->reset_password.v;
		return request_reply(ctx, req, &a);
	}
	if (in->reset_password.set && in->reset_password.v)
		return err_set(ctx, E_INVALID, "user.reset_password.not_needed",
		    "reset_password",
		    "Donnez le nouveau mot de passe dans "
		    "« password » : ce compte n'accède pas aux dossiers.");
	memset(&f, 0, sizeof(f));
	f.display_name = in->display_name.set ? in->display_name.s : NULL;
	f.role = in->role.set ? in->role.s : NULL;
	f.profession = in->profession.set ? in->profession.s : NULL;
	f.org_id = in->org_id.set ? in->org_id.v : 0;
	f.disabled = in->disabled.set ? in->disabled.v : -1;
	f.pw_hash = s->have ? s->hash : NULL;
	rc = user_update(ctx, req->ids[0], &f);
	if (rc == E_OK && (f.disabled == 1 || f.pw_hash != NULL))
		rc = session_delete_user(ctx, ctx->db, req->ids[0]);
	if (rc == E_OK)
		rc = user_get(ctx, req->ids[0], &u);
	if (rc != E_OK)
		return rc;
	user_trace_updated(ctx, &u, f.disabled == 1, f.pw_hash != NULL);
	jw_begin(&w, &api_user_schema);
	user_write(&w, &u);
	api_reply(req, &w);
	return E_OK;
}

/* The pending and decided requests (administrator, direction,
 * coordination). */
static int
requests_list(struct ctx *ctx, struct req *req)
{
	const char *st = req_query(req, "status");
	struct account_request *v;
	struct jw w;
	int n, i, rc;

	if (st == NULL)
		st = "";
	if (*st && strcmp(st, "pending") != 0 && strcmp(st, "approved") != 0 &&
	    strcmp(st, "rejected") != 0)
		return err_set(ctx, E_INVALID, "account_request.status.invalid",
		    "status",
		    "Statut inconnu : pending, approved ou "
		    "rejected.");
	rc = user_request_list(ctx, st, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_request_list_schema);
	jw_arr_begin(&w, RLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		request_write(&w, &v[i]);
		if (ctx->role != ROLE_ADMIN) {
			/* Whether this approver's ceiling covers the account
			 * (the decision is access_may_approve's). */
			const char *tr = v[i].role, *tp = v[i].profession;
			struct user u;

			if (v[i].user_id != 0 && (tr == NULL || tp == NULL)) {
				rc = user_get(ctx, v[i].user_id, &u);
				if (rc != E_OK) {
					jw_release(&w);
					return rc;
				}
				tr = tr ? tr : u.role;
				tp = tp ? tp : u.profession;
			}
			jw_bool(&w, AREQ_may_approve,
			    access_may_approve(ctx->role, ctx->profession,
				access_role_from(tr), access_prof_from(tp)) &&
				v[i].requested_by != ctx->user_id &&
				v[i].user_id != ctx->user_id);
		}
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

struct decide_in {
	struct jv_str note;
};

static const struct jv_field decide_fields[] = {
	{ "note", JV_STR, offsetof(struct decide_in, note), JV_NULL, 1, 500,
	    NULL, "Commentaire", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

/* Network thread: the password an approval may hand over. */
static int
approve_prepare(struct ctx *ctx, struct req *req)
{
	struct pw_state *s = arena_zalloc(&ctx->arena, sizeof(*s));

	if (s == NULL)
		return E_TOOBIG;
	req->state = s;
	password_generate(s->generated);
	if (password_hash(s->generated, s->hash) != 0)
		return err_set(ctx, E_INTERNAL, "server.error", NULL, NULL);
	s->have = 1;
	return E_OK;
}

static int
request_decide(struct ctx *ctx, struct req *req, int approve)
{
	struct pw_state *s = req->state;
	const struct decide_in *in = req->in;
	struct account_request a;
	struct user u;
	struct jw w;
	int64_t uid;
	int rc;

	rc = user_request_decide(
	    ctx, req->ids[0], approve, s ? s->hash : NULL, &a, &uid);
	if (rc == E_OK)
		rc = request_notify(ctx, &a,
		    arena_printf(&ctx->arena, "%s par %s",
			approve ? "validée" : "refusée",
			((const struct session_user *)req->session)
			    ->display_name),
		    approve ? uid : a.user_id);
	if (rc != E_OK)
		return rc;
	user_trace_decided(ctx, &a, approve,
	    in && in->note.set && !in->note.null ? in->note.s : NULL);
	if (!approve) {
		jw_begin(&w, &api_request_rejected_schema);
		jw_obj_begin(&w, RDONE_request);
		request_write(&w, &a);
		jw_obj_end(&w);
		api_reply(req, &w);
		return E_OK;
	}
	/* SPEC: issue 8 point 2 (review) — whatever the request, the
	 * account gets a new one-time password and every session of it ends
	 * (one opened before the approval gains nothing). */
	rc = session_delete_user(ctx, ctx->db, uid);
	if (rc != E_OK)
		return rc;
	rc = user_get(ctx, uid, &u);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_request_approved_schema);
	jw_obj_begin(&w, ROK_request);
	request_write(&w, &a);
	jw_obj_end(&w);
	jw_obj_begin(&w, ROK_user);
	user_write(&w, &u);
	jw_obj_end(&w);
	/* Shown once, to the approver, who hands it over: it opens nothing
	 * but the owner's own password change. */
	jw_str(&w, ROK_password, s->generated);
	api_reply(req, &w);
	return E_OK;
}

static int
request_approve(struct ctx *ctx, struct req *req)
{
	return request_decide(ctx, req, 1);
}

static int
request_reject(struct ctx *ctx, struct req *req)
{
	return request_decide(ctx, req, 0);
}

/* Query parameters as requests_list parses them (route.h). */
static const struct route_param requests_query[] = { { "status", JV_ENUM, 0, 0,
							 request_states, NULL,
							 "Statut (tous par "
							 "défaut)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL } };

static const struct route_error requests_errors[] = {
	{ E_INVALID, "account_request.status.invalid" }, { 0, NULL }
};

/* What user_create/user_update and user_request_add refuse. */
#define USER_CHECK_ERRORS \
	{ E_INVALID, "user.role.invalid" }, { E_INVALID, "user.role.proche" }, \
	    { E_INVALID, "user.profession.invalid" }, \
	    { E_INVALID, "user.role.profession" }, \
	    { E_INVALID, "user.org_id.partner_self" }, \
	    { E_INVALID, "user.org_id.team_external" }, \
	    { E_NOT_FOUND, "org.not_found" }, \
	    { E_INVALID, "user.password.too_short" }, \
	    { E_INVALID, "user.password.weak" }, \
	    { E_INVALID, "user.password.login" }, \
	    { E_INVALID, "user.password.by_approver" }, \
	{ \
		E_CONFLICT, "account_request.pending" \
	}

static const struct route_error user_post_errors[] = { USER_CHECK_ERRORS,
	{ E_INVALID, "user.login.invalid" }, { E_CONFLICT, "user.login.taken" },
	{ 0, NULL } };

static const struct route_error user_patch_errors[] = { USER_CHECK_ERRORS,
	{ E_NOT_FOUND, "user.not_found" }, { E_INVALID, "user.role.self" },
	{ E_INVALID, "user.disabled.self" },
	{ E_INVALID, "user.reset_password.not_needed" }, { 0, NULL } };

static const struct route_error decide_errors[] = {
	{ E_NOT_FOUND, "account_request.not_found" },
	{ E_CONFLICT, "account_request.decided" },
	{ E_FORBIDDEN, "account_request.own" },
	{ E_FORBIDDEN, "account_request.self" },
	{ E_FORBIDDEN, "account_request.ceiling" },
	{ E_CONFLICT, "user.login.taken" }, { 0, NULL }
};

const struct route_doc api_user_docs[] = {
	{ M_GET, "/api/v1/account-requests", requests_query, requests_errors },
	{ M_POST, "/api/v1/users", NULL, user_post_errors },
	{ M_PATCH, "/api/v1/users/{id}", NULL, user_patch_errors },
	{ M_POST, "/api/v1/account-requests/{id}/approve", NULL,
	    decide_errors },
	{ M_POST, "/api/v1/account-requests/{id}/reject", NULL, decide_errors },
	{ M_GET, NULL, NULL, NULL }
};

/* 202: an administrator's change of an account that reads records is
 * stored as a request to approve (request_reply). */
const struct route_reply api_user_replies[] = { { M_POST, "/api/v1/users", 202,
						    "AccountRequestPending" },
	{ M_PATCH, "/api/v1/users/{id}", 202, "AccountRequestPending" },
	{ M_GET, NULL, 0, NULL } };

const struct route api_user_routes[] = {
	{ M_GET, "/api/v1/users", users_list, NULL, PERM_USERS_MANAGE, NULL, 0,
	    0, 200, "user", "Liste des comptes du CRT", "UserList" },
	{ M_GET, "/api/v1/team", team_list, NULL, PERM_TEAM_READ, NULL, 0, 0,
	    200, "user",
	    "L'équipe du CRT et les comptes partenaires (noms, "
	    "rôles, professions)",
	    "Team" },
	{ M_POST, "/api/v1/users", user_post, user_pw_prepare,
	    PERM_USERS_MANAGE, user_create_fields, sizeof(struct user_in),
	    R_WRITE, 201, "user",
	    "Créer un compte (mot de passe généré si absent ; 202 : demande à "
	    "valider pour un compte qui accède aux dossiers)",
	    "UserCreated" },
	{ M_PATCH, "/api/v1/users/{id}", user_patch, user_pw_prepare,
	    PERM_USERS_MANAGE, user_patch_fields, sizeof(struct user_in),
	    R_WRITE, 200, "user",
	    "Modifier un compte : rôle, profession, structure, désactivation, "
	    "mot de passe (202 : demande à valider pour un compte qui accède aux "
	    "dossiers)",
	    "User" },
	{ M_GET, "/api/v1/account-requests", requests_list, NULL,
	    PERM_ACCOUNTS_READ, NULL, 0, 0, 200, "user",
	    "Demandes de création ou de modification de comptes "
	    "(?status=pending|approved|rejected)",
	    "AccountRequestList" },
	{ M_POST, "/api/v1/account-requests/{id}/approve", request_approve,
	    approve_prepare, PERM_ACCOUNTS_APPROVE, decide_fields,
	    sizeof(struct decide_in), R_WRITE, 200, "user",
	    "Valider une demande de l'administrateur (par une autre personne ; "
	    "le mot de passe provisoire est remis une fois)",
	    "AccountRequestApproved" },
	{ M_POST, "/api/v1/account-requests/{id}/reject", request_reject, NULL,
	    PERM_ACCOUNTS_APPROVE, decide_fields, sizeof(struct decide_in),
	    R_WRITE, 200, "user", "Refuser une demande de l'administrateur",
	    "AccountRequestRejected" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
