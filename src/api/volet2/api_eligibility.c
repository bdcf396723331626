/*
 * Eligibility routes (issue 4 step 3): the CRT's exclusion criteria (data
 * the coordination edits), the criteria noted for a person, and the
 * computed eligibility with its reasons.
 */
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "audit/audit.h"
#include "base/ctx.h"
#include "domain/volet2/eligibility.h"
#include "json/jv.h"

static int
criteria_get(struct ctx *ctx, struct req *req)
{
	struct exclusion *v;
	json_t *items;
	int n, i, rc;

	rc = eligibility_criteria(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items,
		    json_pack("{s:s,s:s,s:b}", "code", v[i].code, "label",
			v[i].label, "active", v[i].active));
	req->out = json_pack("{s:o}", "items", items);
	return E_OK;
}

struct crit_in {
	struct jv_str code;
	struct jv_str label;
	struct jv_bool active;
};

static const struct jv_field crit_fields[] = {
	{ "code", JV_STR, offsetof(struct crit_in, code), JV_REQ, 2, 40, NULL,
	    "Code du critère", NULL, 0 },
	{ "label", JV_STR, offsetof(struct crit_in, label), JV_REQ, 2, 300,
	    NULL, "Libellé du critère", NULL, 0 },
	{ "active", JV_BOOL, offsetof(struct crit_in, active), JV_REQ, 0, 0,
	    NULL, "En vigueur", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct crits_in {
	struct jv_arr items;
};

static const struct jv_field crits_fields[] = {
	{ "items", JV_ARR, offsetof(struct crits_in, items), JV_REQ, 0, 50,
	    NULL, "Critères", crit_fields, sizeof(struct crit_in) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
criteria_put(struct ctx *ctx, struct req *req)
{
	const struct crits_in *in = req->in;
	const struct crit_in *c;
	int i, rc;

	for (i = 0; i < in->items.n; i++) {
		c = (const struct crit_in *)in->items.items + i;
		rc = eligibility_criterion_set(
		    ctx, c->code.s, c->label.s, c->active.v);
		if (rc != E_OK)
			return rc;
	}
	return criteria_get(ctx, req);
}

static int
eligibility_json(struct ctx *ctx, const struct access_grant *g, json_t **out)
{
	struct eligibility el;
	struct exclusion *ex;
	json_t *reasons, *excl;
	int rc, n, i;

	rc = eligibility_compute(ctx, g, &el);
	if (rc == E_OK)
		rc = eligibility_exclusions(ctx, g, &ex, &n);
	if (rc != E_OK)
		return rc;
	reasons = json_array();
	for (i = 0; i < el.nreasons; i++)
		json_array_append_new(reasons,
		    json_pack("{s:s,s:b,s:s}", "code", el.reasons[i].code, "ok",
			el.reasons[i].ok, "label", el.reasons[i].label));
	excl = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(excl,
		    json_pack("{s:s,s:s,s:b,s:s?,s:s?,"
			      "s:s?}",
			"code", ex[i].code, "label", ex[i].label, "applies",
			ex[i].applies, "noted_on", ex[i].noted_on, "noted_by",
			ex[i].noted_by, "note", ex[i].note));
	*out = json_pack("{s:b,s:i,s:o,s:o,s:o,s:{s:s?,s:i,s:b}}", "eligible",
	    el.eligible, "age", el.age, "gir",
	    el.gir ? json_integer(el.gir) : json_null(), "reasons", reasons,
	    "exclusions", excl, "aggir", "evaluated_on", el.gir_on,
	    "valid_months", el.aggir_months, "to_redo", el.aggir_outdated);
	return E_OK;
}

static int
eligibility_get(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	int rc;

	rc = access_require(ctx, req->ids[0],
	    CAT_BIT(CAT_ADMIN) | CAT_BIT(CAT_SOINS), ACT_READ,
	    "eligibility.read", &g);
	if (rc != E_OK)
		return rc;
	return eligibility_json(ctx, &g, &req->out);
}

struct excl_in {
	struct jv_str code;
	struct jv_bool applies;
	struct jv_str note;
};

static const struct jv_field excl_fields[] = {
	{ "code", JV_STR, offsetof(struct excl_in, code), JV_REQ, 2, 40, NULL,
	    "Critère", NULL, 0 },
	{ "applies", JV_BOOL, offsetof(struct excl_in, applies), JV_REQ, 0, 0,
	    NULL, "S'applique", NULL, 0 },
	{ "note", JV_STR, offsetof(struct excl_in, note), JV_NULL | JV_MULTI, 0,
	    2000, NULL, "Commentaire", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct excls_in {
	struct jv_arr items;
};

static const struct jv_field excls_fields[] = {
	{ "items", JV_ARR, offsetof(struct excls_in, items), JV_REQ, 1, 50,
	    NULL, "Critères", excl_fields, sizeof(struct excl_in) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
exclusions_put(struct ctx *ctx, struct req *req)
{
	const struct excls_in *in = req->in;
	const struct excl_in *e;
	struct access_grant g;
	int i, rc;

	rc = access_require(ctx, req->ids[0], CAT_BIT(CAT_SOINS), ACT_WRITE,
	    "eligibility.exclusion", &g);
	for (i = 0; rc == E_OK && i < in->items.n; i++) {
		e = (const struct excl_in *)in->items.items + i;
		rc = eligibility_exclusion_set(
		    ctx, &g, e->code.s, e->applies.v, e->note.s);
	}
	if (rc == E_OK)
		rc = access_check(ctx, req->ids[0], &g);
	if (rc != E_OK)
		return rc;
	return eligibility_json(ctx, &g, &req->out);
}

const struct route api_eligibility_routes[] = {
	{ M_GET, "/api/v1/eligibility/criteria", criteria_get, NULL, 0, NULL, 0,
	    0, 200, "eligibility", "Critères d'exclusion du CRT (volet 2)",
	    "CriteriaList" },
	{ M_PUT, "/api/v1/eligibility/criteria", criteria_put, NULL,
	    PERM_ELIGIBILITY_CRITERIA, crits_fields, sizeof(struct crits_in),
	    R_WRITE, 200, "eligibility",
	    "Ajouter ou modifier des critères d'exclusion", "CriteriaList" },
	{ M_GET, "/api/v1/persons/{id}/eligibility", eligibility_get, NULL, 0,
	    NULL, 0, 0, 200, "eligibility",
	    "Éligibilité au volet 2 avec ses "
	    "raisons : âge, GIR, territoire, critères d'exclusion",
	    "Eligibility" },
	{ M_PUT, "/api/v1/persons/{id}/exclusions", exclusions_put, NULL, 0,
	    excls_fields, sizeof(struct excls_in), R_WRITE, 200, "eligibility",
	    "Noter les critères d'exclusion qui s'appliquent à la personne",
	    "Eligibility" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
