/*
 * Waiting-list routes (issue 4 step 4): the ranked list (read-only for
 * the partner organisations it is shared with, within consent), the
 * priority criteria noted on a referral, the sharing settings.
 */
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "audit/audit.h"
#include "base/ctx.h"
#include "domain/directory/org.h"
#include "domain/volet2/referral.h"
#include "domain/volet2/support.h"
#include "domain/volet2/waitlist.h"
#include "json/jv.h"
#include "json/jw.h"

/* The waiting-list replies, described once (issue 9 §2). */
#define SHARE_F(X, S) \
	X(S, org_id, JW_INT, 0, NULL, NULL, "Structure") \
	X(S, org_name, JW_STR, 0, NULL, NULL, "Nom de la structure") \
	X(S, org_type, JW_ENUM, 0, org_type_codes, NULL, "Type de structure") \
	X(S, role, JW_STR, 0, NULL, NULL, "Rôle dans les évaluations")
JW_FIELDS(SHARE, SHARE_F);
JW_ROWS(SHARE, SHARE_F);
static const struct jw_schema share_schema =
    JW_INIT(SHARE, "WaitlistShare", "Structure avec qui la liste est partagée");

#define SHARES_F(X, S) X(S, items, JW_ARR, 0, NULL, &share_schema, "Partages")
JW_FIELDS(SHARES, SHARES_F);
JW_ROWS(SHARES, SHARES_F);
const struct jw_schema api_share_list_schema =
    JW_INIT(SHARES, "ShareList", "Structures avec qui la liste est partagée");

#define PRIO_F(X, S) \
	X(S, code, JW_ENUM, 0, waitlist_priority_codes, NULL, \
	    "Critère de priorité") \
	X(S, label, JW_STR, 0, NULL, NULL, "Libellé du critère")
JW_FIELDS(PRIO, PRIO_F);
JW_ROWS(PRIO, PRIO_F);
static const struct jw_schema prio_schema =
    JW_INIT(PRIO, "WaitlistPriority", "Critère de priorité retenu");

#define WAIT_F(X, S) \
	X(S, rank, JW_INT, 0, NULL, NULL, \
	    "Rang (1 : le premier, celui du CRT)") \
	X(S, referral_id, JW_INT, 0, NULL, NULL, "Demande") \
	X(S, person, JW_OBJ, 0, NULL, &api_person_ref_schema, \
	    "Personne concernée") \
	X(S, received_on, JW_DATE, 0, NULL, NULL, "Demande reçue le") \
	X(S, waitlisted_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Inscrite sur la liste le") \
	X(S, priorities, JW_ARR, 0, NULL, &prio_schema, \
	    "Critères de priorité retenus (visibles par l'utilisateur)") \
	X(S, score, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Score de priorité (null : critères non partagés)") \
	X(S, criteria_hidden, JW_BOOL, 0, NULL, NULL, \
	    "Des critères ne sont pas partagés avec l'utilisateur") \
	X(S, reason, JW_STR, JW_NULLABLE, NULL, NULL, "Motif de la demande") \
	X(S, status, JW_ENUM, 0, referral_status_codes, NULL, \
	    "Statut de la demande")
JW_FIELDS(WAIT, WAIT_F);
JW_ROWS(WAIT, WAIT_F);
static const struct jw_schema wait_schema =
    JW_INIT(WAIT, "WaitlistEntry", "Ligne de la liste d'attente");

#define WAITLIST_F(X, S) \
	X(S, file_active_target, JW_INT, 0, NULL, NULL, "File active visée") \
	X(S, places, JW_OBJ, 0, NULL, &api_support_places_schema, "Places") \
	X(S, items, JW_ARR, 0, NULL, &wait_schema, \
	    "Liste classée par priorité puis par date") \
	X(S, shares, JW_ARR, JW_OPTIONAL, NULL, &share_schema, \
	    "Partages (absents pour les partenaires)") \
	X(S, criteria_hidden, JW_BOOL, 0, NULL, NULL, \
	    "Des critères de certaines lignes ne sont pas partagés")
JW_FIELDS(WAITLIST, WAITLIST_F);
JW_ROWS(WAITLIST, WAITLIST_F);
const struct jw_schema api_waitlist_schema =
    JW_INIT(WAITLIST, "Waitlist", "Liste d'attente commune");

/* The shares as array member f of the object being written. */
static void
shares_write(struct jw *w, int f, const struct wait_share *v, int n)
{
	int i;

	jw_arr_begin(w, f);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(w);
		jw_int(w, SHARE_org_id, v[i].org_id);
		jw_str(w, SHARE_org_name, v[i].org_name);
		jw_str(w, SHARE_org_type, v[i].org_type);
		jw_str(w, SHARE_role, v[i].role);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static int
waitlist_get(struct ctx *ctx, struct req *req)
{
	struct support_places places;
	struct wait_entry *v;
	struct wait_share *sh = NULL;
	struct jw w;
	int n, nsh = 0, i, k, target, rc, hidden = 0,
	       shared = !access_role_is_external(ctx->role);

	rc = waitlist_list(ctx, &v, &n, &target);
	if (rc == E_OK && shared)
		rc = waitlist_shares(ctx, &sh, &nsh);
	if (rc == E_OK)
		rc = support_places(ctx, &places);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_waitlist_schema);
	/* PRODUCT §3 step 4: places left against the file-active target. */
	jw_int(&w, WAITLIST_file_active_target, target);
	api_support_places_write(&w, WAITLIST_places, &places);
	jw_arr_begin(&w, WAITLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, WAIT_rank, v[i].rank);
		jw_int(&w, WAIT_referral_id, v[i].referral_id);
		api_person_ref_write(&w, WAIT_person, v[i].person_id,
		    (const char *const[4]){ v[i].birth_name, v[i].first_names,
			v[i].birth_name_display, v[i].first_names_display },
		    v[i].birth_date, v[i].sex);
		jw_str(&w, WAIT_received_on, v[i].received_on);
		jw_str(&w, WAIT_waitlisted_at, v[i].waitlisted_at);
		jw_arr_begin(&w, WAIT_priorities);
		for (k = 0; k < PRIO__MAX; k++)
			if (v[i].prio[k]) {
				jw_item_obj_begin(&w);
				jw_str(
				    &w, PRIO_code, waitlist_priority_codes[k]);
				jw_str(&w, PRIO_label,
				    waitlist_priority_labels[k]);
				jw_obj_end(&w);
			}
		jw_arr_end(&w);
		/* Issue 8 point 19: where criteria are hidden from this
		 * user, the CRT's rank and no score (null). */
		if (v[i].criteria_hidden)
			jw_null(&w, WAIT_score);
		else
			jw_int(&w, WAIT_score, v[i].score);
		jw_bool(&w, WAIT_criteria_hidden, v[i].criteria_hidden);
		jw_str(&w, WAIT_reason, v[i].reason);
		jw_str(&w, WAIT_status, v[i].status);
		jw_obj_end(&w);
		if (v[i].criteria_hidden)
			hidden = 1;
	}
	jw_arr_end(&w);
	if (shared)
		shares_write(&w, WAITLIST_shares, sh, nsh);
	jw_bool(&w, WAITLIST_criteria_hidden, hidden);
	api_reply(req, &w);
	return E_OK;
}

struct flags_in {
	struct jv_bool housing_unsuitable;
	struct jv_bool isolation;
};

static const struct jv_field flags_fields[] = {
	{ "housing_unsuitable", JV_BOOL,
	    offsetof(struct flags_in, housing_unsuitable), JV_REQ, 0, 0, NULL,
	    "Logement inadapté", NULL, 0 },
	{ "isolation", JV_BOOL, offsetof(struct flags_in, isolation), JV_REQ, 0,
	    0, NULL, "Isolement", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

/* A hidden person's referral answers like a missing one (issue 8 §7). */
static const struct access_missing referral_missing = { E_NOT_FOUND,
	"referral.not_found", NULL, REFERRAL_MISSING };

static int
waitlist_flags(struct ctx *ctx, struct req *req)
{
	const struct flags_in *in = req->in;
	struct access_grant g;
	struct referral r;
	int rc;

	rc = referral_get(ctx, req->ids[0], &r);
	if (rc == E_OK)
		rc = access_require_sub(ctx, r.person_id, CAT_BIT(CAT_ADMIN),
		    ACT_WRITE, "waitlist.priority", &g, &referral_missing);
	if (rc == E_OK)
		rc = waitlist_set_flags(ctx, &g, req->ids[0],
		    in->housing_unsuitable.v, in->isolation.v);
	if (rc != E_OK)
		return rc;
	return waitlist_get(ctx, req);
}

static int
shares_get(struct ctx *ctx, struct req *req)
{
	struct wait_share *v;
	struct jw w;
	int n, rc;

	rc = waitlist_shares(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_share_list_schema);
	shares_write(&w, SHARES_items, v, n);
	api_reply(req, &w);
	return E_OK;
}

struct share_in {
	struct jv_int org_id;
	struct jv_str role;
};

static const struct jv_field share_fields[] = {
	{ "org_id", JV_INT, offsetof(struct share_in, org_id), JV_REQ, 1, 0,
	    NULL, "Structure", NULL, 0 },
	{ "role", JV_STR, offsetof(struct share_in, role), JV_NULL, 1, 300,
	    NULL, "Rôle dans les évaluations (null : ne plus partager)", NULL,
	    0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct shares_in {
	struct jv_arr items;
};

static const struct jv_field shares_fields[] = {
	{ "items", JV_ARR, offsetof(struct shares_in, items), JV_REQ, 1, 100,
	    NULL, "Partages", share_fields, sizeof(struct share_in) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
shares_put(struct ctx *ctx, struct req *req)
{
	const struct shares_in *in = req->in;
	const struct share_in *s;
	int i, rc;

	for (i = 0; i < in->items.n; i++) {
		s = (const struct share_in *)in->items.items + i;
		if (!s->role.set)
			return err_set(ctx, E_INVALID, "waitlist.role.required",
			    "role",
			    "Indiquez le rôle de la structure dans les "
			    "évaluations (ou null pour ne plus partager).");
		rc = waitlist_share_set(
		    ctx, s->org_id.v, s->role.null ? NULL : s->role.s);
		if (rc != E_OK)
			return rc;
	}
	return shares_get(ctx, req);
}

/* Route-specific errors (route.h). */
static const struct route_error waitlist_errors[] = {
	{ E_FORBIDDEN, "waitlist.not_shared" }, { 0, NULL }
};

static const struct route_error flags_errors[] = { { E_NOT_FOUND,
						       "referral.not_found" },
	{ E_FORBIDDEN, "access.denied" }, { E_CONFLICT, "referral.state" },
	{ E_FORBIDDEN, "waitlist.not_shared" }, { 0, NULL } };

static const struct route_error shares_put_errors[] = {
	{ E_INVALID, "waitlist.role.required" },
	{ E_INVALID, "waitlist.org_id.invalid" },
	{ E_INVALID, "waitlist.org_id.self" }, { 0, NULL }
};

const struct route_doc api_waitlist_docs[] = { { M_GET, "/api/v1/waitlist",
						   NULL, waitlist_errors },
	{ M_PATCH, "/api/v1/waitlist/{referral}", NULL, flags_errors },
	{ M_PUT, "/api/v1/waitlist/shares", NULL, shares_put_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_waitlist_routes[] = {
	{ M_GET, "/api/v1/waitlist", waitlist_get, NULL, PERM_WAITLIST_READ,
	    NULL, 0, 0, 200, "waitlist",
	    "Liste d'attente commune classée par critères de "
	    "priorité puis par date (lecture seule pour les partenaires : le "
	    "rang du CRT, et pour les lignes dont des critères ne leur sont pas "
	    "partagés criteria_hidden vrai et score null)",
	    "Waitlist" },
	{ M_PATCH, "/api/v1/waitlist/{referral}", waitlist_flags, NULL,
	    PERM_WAITLIST_FLAGS, flags_fields, sizeof(struct flags_in), R_WRITE,
	    200, "waitlist",
	    "Noter les critères logement inadapté et isolement", "Waitlist" },
	{ M_GET, "/api/v1/waitlist/shares", shares_get, NULL,
	    PERM_WAITLIST_SHARE, NULL, 0, 0, 200, "waitlist",
	    "Structures avec qui la liste est partagée", "ShareList" },
	{ M_PUT, "/api/v1/waitlist/shares", shares_put, NULL,
	    PERM_WAITLIST_SHARE, shares_fields, sizeof(struct shares_in),
	    R_WRITE, 200, "waitlist",
	    "Partager la liste avec une structure (rôle dans les évaluations) "
	    "ou cesser",
	    "ShareList" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
