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
#include "json/jw.h"

/* The eligibility replies, described once (issue 9 §2). */
#define CRIT_F(X, S) \
	X(S, code, JW_STR, 0, NULL, NULL, "Code du critère") \
	X(S, label, JW_STR, 0, NULL, NULL, "Libellé du critère") \
	X(S, active, JW_BOOL, 0, NULL, NULL, "En vigueur au CRT")
JW_FIELDS(CRIT, CRIT_F);
JW_ROWS(CRIT, CRIT_F);
static const struct jw_schema crit_schema =
    JW_INIT(CRIT, "Criterion", "Critère d'exclusion du CRT");

#define CRITS_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &crit_schema, "Critères d'exclusion")
JW_FIELDS(CRITS, CRITS_F);
JW_ROWS(CRITS, CRITS_F);
const struct jw_schema api_criteria_list_schema =
    JW_INIT(CRITS, "CriteriaList", "Critères d'exclusion du CRT (volet 2)");

#define REASON_F(X, S) \
	X(S, code, JW_STR, 0, NULL, NULL, \
	    "Condition : age, gir, territory ou exclusion.<code>") \
	X(S, ok, JW_BOOL, 0, NULL, NULL, "Condition remplie") \
	X(S, label, JW_STR, 0, NULL, NULL, "Explication, avec les faits")
JW_FIELDS(REASON, REASON_F);
JW_ROWS(REASON, REASON_F);
static const struct jw_schema reason_schema =
    JW_INIT(REASON, "EligibilityReason", "Raison de l'éligibilité");

#define EXCL_F(X, S) \
	X(S, code, JW_STR, 0, NULL, NULL, "Code du critère") \
	X(S, label, JW_STR, 0, NULL, NULL, "Libellé du critère") \
	X(S, applies, JW_BOOL, 0, NULL, NULL, "S'applique à la personne") \
	X(S, noted_on, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Noté le") \
	X(S, noted_by, JW_STR, JW_NULLABLE, NULL, NULL, "Noté par") \
	X(S, note, JW_STR, JW_NULLABLE, NULL, NULL, "Commentaire")
JW_FIELDS(EXCL, EXCL_F);
JW_ROWS(EXCL, EXCL_F);
static const struct jw_schema excl_schema = JW_INIT(
    EXCL, "PersonExclusion", "Critère d'exclusion noté pour la personne");

#define AGGIR_F(X, S) \
	X(S, evaluated_on, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Date de la dernière évaluation AGGIR") \
	X(S, valid_months, JW_INT, 0, NULL, NULL, \
	    "Durée de validité d'une évaluation (mois)") \
	X(S, to_redo, JW_BOOL, 0, NULL, NULL, \
	    "Évaluation absente ou trop ancienne : à refaire")
JW_FIELDS(AGGIR, AGGIR_F);
JW_ROWS(AGGIR, AGGIR_F);
static const struct jw_schema aggir_schema =
    JW_INIT(AGGIR, "EligibilityAggir", "Validité de l'évaluation AGGIR");

#define ELIG_F(X, S) \
	X(S, eligible, JW_BOOL, 0, NULL, NULL, "Éligible au volet 2") \
	X(S, age, JW_INT, 0, NULL, NULL, "Âge (-1 : inconnu)") \
	X(S, gir, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Dernier GIR (null : aucune évaluation)") \
	X(S, reasons, JW_ARR, 0, NULL, &reason_schema, "Raisons") \
	X(S, exclusions, JW_ARR, 0, NULL, &excl_schema, \
	    "Critères d'exclusion et ce qui est noté pour la personne") \
	X(S, aggir, JW_OBJ, 0, NULL, &aggir_schema, \
	    "Validité de l'évaluation AGGIR")
JW_FIELDS(ELIG, ELIG_F);
JW_ROWS(ELIG, ELIG_F);
const struct jw_schema api_eligibility_schema =
    JW_INIT(ELIG, "Eligibility", "Éligibilité au volet 2 et ses raisons");

static int
criteria_get(struct ctx *ctx, struct req *req)
{
	struct exclusion *v;
	struct jw w;
	int n, i, rc;

	rc = eligibility_criteria(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_criteria_list_schema);
	jw_arr_begin(&w, CRITS_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		jw_str(&w, CRIT_code, v[i].code);
		jw_str(&w, CRIT_label, v[i].label);
		jw_bool(&w, CRIT_active, v[i].active);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
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
eligibility_reply(
    struct ctx *ctx, const struct access_grant *g, struct req *req)
{
	struct eligibility el;
	struct exclusion *ex;
	struct jw w;
	int rc, n, i;

	rc = eligibility_compute(ctx, g, &el);
	if (rc == E_OK)
		rc = eligibility_exclusions(ctx, g, &ex, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_eligibility_schema);
	jw_bool(&w, ELIG_eligible, el.eligible);
	jw_int(&w, ELIG_age, el.age);
	jw_id_or_null(&w, ELIG_gir, el.gir);
	jw_arr_begin(&w, ELIG_reasons);
	for (i = 0; i < el.nreasons; i++) {
		jw_item_obj_begin(&w);
		jw_str(&w, REASON_code, el.reasons[i].code);
		jw_bool(&w, REASON_ok, el.reasons[i].ok);
		jw_str(&w, REASON_label, el.reasons[i].label);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, ELIG_exclusions);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		jw_str(&w, EXCL_code, ex[i].code);
		jw_str(&w, EXCL_label, ex[i].label);
		jw_bool(&w, EXCL_applies, ex[i].applies);
		jw_str(&w, EXCL_noted_on, ex[i].noted_on);
		jw_str(&w, EXCL_noted_by, ex[i].noted_by);
		jw_str(&w, EXCL_note, ex[i].note);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_begin(&w, ELIG_aggir);
	jw_str(&w, AGGIR_evaluated_on, el.gir_on);
	jw_int(&w, AGGIR_valid_months, el.aggir_months);
	jw_bool(&w, AGGIR_to_redo, el.aggir_outdated);
	jw_obj_end(&w);
	api_reply(req, &w);
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
	return eligibility_reply(ctx, &g, req);
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
	return eligibility_reply(ctx, &g, req);
}

/* Route-specific errors (route.h). */
static const struct route_error criteria_put_errors[] = {
	{ E_INVALID, "eligibility.code.invalid" }, { 0, NULL }
};

static const struct route_error eligibility_get_errors[] = {
	{ E_NOT_FOUND, "person.not_found" }, { E_FORBIDDEN, "access.denied" },
	{ 0, NULL }
};

static const struct route_error exclusions_put_errors[] = {
	{ E_NOT_FOUND, "person.not_found" }, { E_FORBIDDEN, "access.denied" },
	{ E_INVALID, "exclusion.code.invalid" }, { 0, NULL }
};

const struct route_doc api_eligibility_docs[] = {
	{ M_PUT, "/api/v1/eligibility/criteria", NULL, criteria_put_errors },
	{ M_GET, "/api/v1/persons/{id}/eligibility", NULL,
	    eligibility_get_errors },
	{ M_PUT, "/api/v1/persons/{id}/exclusions", NULL,
	    exclusions_put_errors },
	{ M_GET, NULL, NULL, NULL }
};

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
