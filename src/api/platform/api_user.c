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

static json_t *
user_json(const struct user *u)
{
	json_t *o = json_object();
	int r = access_role_from(u->role), p = access_prof_from(u->profession);

	json_object_set_new(o, "id", json_integer(u->id));
	api_set_str(o, "login", u->login);
	api_set_str(o, "display_name", u->display_name);
	api_set_str(o, "role", u->role);
	api_set_str(o, "role_label", r >= 0 ? access_role_labels[r] : NULL);
	api_set_str(o, "profession", u->profession);
	api_set_str(
	    o, "profession_label", p >= 0 ? access_prof_labels[p] : NULL);
	json_object_set_new(o, "org_id", json_integer(u->org_id));
	api_set_str(o, "org_name", u->org_name);
	json_object_set_new(o, "disabled", json_boolean(u->disabled));
	api_set_str(o, "created_at", u->created_at);
	return o;
}

static int
users_list(struct ctx *ctx, struct req *req)
{
	struct user *v;
	json_t *items;
	int n, i, rc;

	rc = user_list(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, user_json(&v[i]));
	req->out = json_pack("{s:o}", "items", items);
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
	json_t *items;
	int n, i, rc;

	rc = user_list(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		if (!v[i].disabled && strcmp(v[i].role, "admin") != 0)
			json_array_append_new(items,
			    json_pack("{s:I,s:s,s:s,"
				      "s:s,s:s?,s:b}",
				"id", (json_int_t)v[i].id, "display_name",
				v[i].display_name, "role", v[i].role,
				"profession", v[i].profession, "org",
				v[i].org_name, "partner",
				strcmp(v[i].role, "partenaire") == 0));
	req->out = json_pack("{s:o}", "items", items);
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

static json_t *
request_json(const struct account_request *a)
{
	json_t *o = json_object();
	int r = a->role ? access_role_from(a->role) : -1;
	int p = a->profession ? access_prof_from(a->profession) : -1;

	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(
	    o, "kind", json_string(a->user_id ? "update" : "create"));
	if (a->user_id)
		json_object_set_new(o, "user_id", json_integer(a->user_id));
	else
		json_object_set_new(o, "user_id", json_null());
	api_set_str(o, "login", a->login);
	api_set_str(o, "display_name", a->display_name);
	api_set_str(o, "role", a->role);
	api_set_str(o, "role_label", r >= 0 ? access_role_labels[r] : NULL);
	api_set_str(o, "profession", a->profession);
	api_set_str(
	    o, "profession_label", p >= 0 ? access_prof_labels[p] : NULL);
	if (a->org_id)
		json_object_set_new(o, "org_id", json_integer(a->org_id));
	else
		json_object_set_new(o, "org_id", json_null());
	if (a->disabled >= 0)
		json_object_set_new(o, "disabled", json_boolean(a->disabled));
	else
		json_object_set_new(o, "disabled", json_null());
	json_object_set_new(
	    o, "reset_password", json_boolean(a->reset_password));
	json_object_set_new(o, "requested_by", json_integer(a->requested_by));
	api_set_str(o, "requested_by_name", a->requested_by_name);
	api_set_str(o, "requested_at", a->requested_at);
	api_set_str(o, "status", a->status);
	if (a->decided_by)
		json_object_set_new(
		    o, "decided_by", json_integer(a->decided_by));
	else
		json_object_set_new(o, "decided_by", json_null());
	api_set_str(o, "decided_by_name", a->decided_by_name);
	api_set_str(o, "decided_at", a->decided_at);
	return o;
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
	req->out = json_pack("{s:b,s:o,s:s}", "pending", 1, "request",
	    request_json(a), "message",
	    "Demande enregistrée : la direction "
	    "ou la coordination doit la valider. Le mot de passe provisoire "
	    "sera remis par la personne qui valide.");
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
	req->out = user_json(&u);
	if (s->generated[0] != '\0')
		/* Shown once, to the administrator who created it. */
		json_object_set_new(
		    req->out, "password", json_string(s->generated));
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
	req->out = user_json(&u);
	return E_OK;
}

/* The pending and decided requests (administrator, direction,
 * coordination). */
static int
requests_list(struct ctx *ctx, struct req *req)
{
	const char *st = req_query(req, "status");
	struct account_request *v;
	json_t *items;
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
	items = json_array();
	for (i = 0; i < n; i++) {
		json_t *o = request_json(&v[i]);

		if (ctx->role != ROLE_ADMIN) {
			/* Whether this approver's ceiling covers the account
			 * (the decision is access_may_approve's). */
			const char *tr = v[i].role, *tp = v[i].profession;
			struct user u;

			if (v[i].user_id != 0 && (tr == NULL || tp == NULL)) {
				rc = user_get(ctx, v[i].user_id, &u);
				if (rc != E_OK) {
					json_decref(o);
					json_decref(items);
					return rc;
				}
				tr = tr ? tr : u.role;
				tp = tp ? tp : u.profession;
			}
			json_object_set_new(o, "may_approve",
			    json_boolean(
				access_may_approve(ctx->role, ctx->profession,
				    access_role_from(tr),
				    access_prof_from(tp)) &&
				v[i].requested_by != ctx->user_id &&
				v[i].user_id != ctx->user_id));
		}
		json_array_append_new(items, o);
	}
	req->out = json_pack("{s:o}", "items", items);
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
	req->out = json_pack("{s:o}", "request", request_json(&a));
	if (!approve)
		return E_OK;
	/* SPEC: issue 8 point 2 (review) — whatever the request, the
	 * account gets a new one-time password and every session of it ends
	 * (one opened before the approval gains nothing). */
	rc = session_delete_user(ctx, ctx->db, uid);
	if (rc != E_OK)
		return rc;
	rc = user_get(ctx, uid, &u);
	if (rc != E_OK)
		return rc;
	json_object_set_new(req->out, "user", user_json(&u));
	/* Shown once, to the approver, who hands it over: it opens nothing
	 * but the owner's own password change. */
	json_object_set_new(req->out, "password", json_string(s->generated));
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

static const char *const request_states[] = { "pending", "approved", "rejected",
	NULL };

/* Query parameters as requests_list parses them (route.h). */
static const struct route_param requests_query[] = { { "status", JV_ENUM, 0, 0,
							 request_states, NULL,
							 "Statut (tous par "
							 "défaut)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL } };

static const struct route_error requests_errors[] = {
	{ E_INVALID, "account_request.status.invalid" }, { 0, NULL }
};

const struct route_doc api_user_docs[] = {
	{ M_GET, "/api/v1/account-requests", requests_query, requests_errors },
	{ M_GET, NULL, NULL, NULL }
};

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
	    "Créer un compte (mot de passe généré si absent)", "User" },
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
	    "AccountRequest" },
	{ M_POST, "/api/v1/account-requests/{id}/reject", request_reject, NULL,
	    PERM_ACCOUNTS_APPROVE, decide_fields, sizeof(struct decide_in),
	    R_WRITE, 200, "user", "Refuser une demande de l'administrateur",
	    "AccountRequest" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
