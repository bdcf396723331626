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
#include "domain/volet2/referral.h"
#include "domain/volet2/support.h"
#include "domain/volet2/waitlist.h"
#include "json/jv.h"

static json_t *
shares_json(struct ctx *ctx, int *rc)
{
	struct wait_share *v;
	json_t *a;
	int n, i;

	*rc = waitlist_shares(ctx, &v, &n);
	if (*rc != E_OK)
		return NULL;
	a = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(a,
		    json_pack("{s:I,s:s,s:s,s:s}", "org_id",
			(json_int_t)v[i].org_id, "org_name", v[i].org_name,
			"org_type", v[i].org_type, "role", v[i].role));
	return a;
}

static int
waitlist_get(struct ctx *ctx, struct req *req)
{
	struct support_places places;
	struct wait_entry *v;
	json_t *items, *prio, *shares = NULL;
	int n, i, k, target, rc, hidden = 0;

	rc = waitlist_list(ctx, &v, &n, &target);
	if (rc != E_OK)
		return rc;
	if (!access_role_is_external(ctx->role)) {
		shares = shares_json(ctx, &rc);
		if (rc != E_OK)
			return rc;
	}
	items = json_array();
	for (i = 0; i < n; i++) {
		prio = json_array();
		for (k = 0; k < PRIO__MAX; k++)
			if (v[i].prio[k])
				json_array_append_new(prio,
				    json_pack("{s:s,s:s}", "code",
					waitlist_priority_codes[k], "label",
					waitlist_priority_labels[k]));
		/* Issue 8 point 19: where criteria are hidden from this
		 * user, the CRT's rank and no score (null). */
		json_array_append_new(items,
		    json_pack("{s:i,s:I,s:{s:I,s:s,"
			      "s:s,s:s,s:s?},s:s,s:s?,s:o,s:o,s:b,s:s?,s:s}",
			"rank", v[i].rank, "referral_id",
			(json_int_t)v[i].referral_id, "person", "id",
			(json_int_t)v[i].person_id, "birth_name",
			v[i].birth_name, "first_names", v[i].first_names,
			"birth_date", v[i].birth_date, "sex", v[i].sex,
			"received_on", v[i].received_on, "waitlisted_at",
			v[i].waitlisted_at, "priorities", prio, "score",
			v[i].criteria_hidden ? json_null()
					     : json_integer(v[i].score),
			"criteria_hidden", v[i].criteria_hidden, "reason",
			v[i].reason, "status", v[i].status));
		if (v[i].criteria_hidden)
			hidden = 1;
	}
	rc = support_places(ctx, &places);
	if (rc != E_OK) {
		json_decref(items);
		json_decref(shares);
		return rc;
	}
	/* PRODUCT §3 step 4: places left against the file-active target. */
	req->out = json_pack("{s:i,s:{s:i,s:i,s:i,s:i},s:o}",
	    "file_active_target", target, "places", "target", places.target,
	    "active", places.active, "preparing", places.preparing, "left",
	    places.left, "items", items);
	if (shares != NULL)
		json_object_set_new(req->out, "shares", shares);
	json_object_set_new(req->out, "criteria_hidden", json_boolean(hidden));
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
	json_t *a;
	int rc;

	a = shares_json(ctx, &rc);
	if (rc != E_OK)
		return rc;
	req->out = json_pack("{s:o}", "items", a);
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
