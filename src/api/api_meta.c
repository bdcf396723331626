/*
 * Platform routes: health, reference lists for the UI (roles,
 * professions, categories, organisation types), organisations, the
 * access matrix (data, editable by the administrator within the legal
 * ceilings), and the OpenAPI document.
 */
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "audit/audit.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/directory/org.h"
#include "domain/record/aggir.h"
#include "domain/record/dlu.h"
#include "domain/record/ins.h"
#include "domain/record/person.h"
#include "domain/record/profile.h"
#include "domain/volet2/committee.h"
#include "domain/volet2/plan.h"
#include "domain/volet2/referral.h"
#include "domain/volet2/support.h"
#include "http/openapi.h"
#include "json/jv.h"

#ifndef MAILLAGE_VERSION
#define MAILLAGE_VERSION "dev"
#endif

static int
healthz(struct ctx *ctx, struct req *req)
{
	(void)ctx;
	/* The store refused a write for lack of space (the writer clears
	 * this once a probe commit succeeds): reads of person data fail
	 * too, since each writes its trace row. */
	if (db_store_full()) {
		req->status = 503;
		req->out = json_pack("{s:s,s:s}", "status", "unavailable",
		    "store", "not_writable");
		return E_OK;
	}
	req->out = json_pack("{s:s}", "status", "ok");
	return E_OK;
}

static json_t *
code_list(const char *const *codes, const char *const *labels)
{
	json_t *a = json_array();
	int i;

	for (i = 0; codes[i] != NULL; i++)
		json_array_append_new(a,
		    json_pack(
			"{s:s,s:s}", "code", codes[i], "label", labels[i]));
	return a;
}

static const char *const status_labels[] = { "Provisoire", "Récupérée",
	"Validée", "Qualifiée", NULL };
static const char *const oid_labels[] = { "INS-NIR", "INS-NIA",
	"INS-NIR de test", "INS-NIR de démonstration", NULL };
static const char *const flag_labels[] = { "Identité douteuse",
	"Identité fictive", "Homonyme", "Doublon suspecté", NULL };
static const char *const situation_labels[] = { "Présent", "Épuisé", "Absent",
	NULL };
static const char *const informed_labels[] = { "La personne",
	"Son représentant légal", NULL };

static int
meta(struct ctx *ctx, struct req *req)
{
	json_t *o;

	(void)ctx;
	o = json_pack("{s:o,s:o,s:o,s:o,s:s}", "roles",
	    code_list(access_role_codes, access_role_labels), "professions",
	    code_list(access_prof_codes, access_prof_labels), "categories",
	    code_list(access_cat_codes, access_cat_labels), "org_types",
	    code_list(org_type_codes, org_type_labels), "version",
	    MAILLAGE_VERSION);
	/* Every code list a form needs, with its French labels. */
	json_object_set_new(
	    o, "identity_statuses", code_list(ins_status_codes, status_labels));
	json_object_set_new(
	    o, "ins_oids", code_list(ins_oid_codes, oid_labels));
	json_object_set_new(o, "identity_documents",
	    code_list(person_document_codes, person_document_labels));
	json_object_set_new(
	    o, "identity_flags", code_list(person_flag_codes, flag_labels));
	json_object_set_new(o, "aggir_subvariables",
	    code_list(aggir_sub_codes, aggir_sub_labels));
	json_object_set_new(o, "legal_protections",
	    code_list(profile_protection_codes, profile_protection_labels));
	json_object_set_new(o, "caregiver_situations",
	    code_list(dlu_caregiver_situations, situation_labels));
	json_object_set_new(o, "consent_informed_to",
	    code_list(profile_informed_to_codes, informed_labels));
	json_object_set_new(o, "referral_sources",
	    code_list(referral_source_codes, referral_source_labels));
	json_object_set_new(o, "referral_channels",
	    code_list(referral_channel_codes, referral_channel_labels));
	json_object_set_new(o, "referral_statuses",
	    code_list(referral_status_codes, referral_status_labels));
	json_object_set_new(o, "committee_decisions",
	    code_list(committee_decision_codes, committee_decision_labels));
	json_object_set_new(o, "refusal_reasons",
	    code_list(committee_refusal_codes, committee_refusal_labels));
	json_object_set_new(o, "support_statuses",
	    code_list(support_status_codes, support_status_labels));
	json_object_set_new(o, "exit_reasons",
	    code_list(support_exit_codes, support_exit_labels));
	json_object_set_new(
	    o, "plan_areas", code_list(plan_area_codes, plan_area_labels));
	json_object_set_new(o, "plan_domains",
	    code_list(plan_domain_codes, plan_domain_labels));
	json_object_set_new(o, "plan_action_statuses",
	    code_list(plan_status_codes, plan_status_labels));
	req->out = o;
	return E_OK;
}

static int
matrix_row(void *arg, const char *profession, const char *category, int read,
    int write)
{
	json_array_append_new(arg,
	    json_pack("{s:s,s:s,s:b,s:b}", "profession", profession, "category",
		category, "read", read, "write", write));
	return E_OK;
}

static int
matrix_get(struct ctx *ctx, struct req *req)
{
	json_t *items = json_array();
	int rc;

	rc = access_rules_each(ctx, matrix_row, items);
	if (rc != E_OK) {
		json_decref(items);
		return rc;
	}
	req->out = json_pack("{s:o}", "items", items);
	return E_OK;
}

struct rule_in {
	struct jv_str profession;
	struct jv_str category;
	struct jv_bool read;
	struct jv_bool write;
};

static const struct jv_field rule_fields[] = {
	{ "profession", JV_ENUM, offsetof(struct rule_in, profession), JV_REQ,
	    1, 40, access_prof_codes, "Profession", NULL, 0 },
	{ "category", JV_ENUM, offsetof(struct rule_in, category), JV_REQ, 1,
	    20, access_cat_codes, "Catégorie", NULL, 0 },
	{ "read", JV_BOOL, offsetof(struct rule_in, read), JV_REQ, 0, 0, NULL,
	    "Lecture", NULL, 0 },
	{ "write", JV_BOOL, offsetof(struct rule_in, write), JV_REQ, 0, 0, NULL,
	    "Écriture", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct matrix_in {
	struct jv_arr items;
};

static const struct jv_field matrix_fields[] = {
	{ "items", JV_ARR, offsetof(struct matrix_in, items), JV_REQ, 0,
	    PROF__MAX *CAT__MAX, NULL, "Règles", rule_fields,
	    sizeof(struct rule_in) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
matrix_put(struct ctx *ctx, struct req *req)
{
	const struct matrix_in *in = req->in;
	const struct rule_in *r;
	int i, rc;

	for (i = 0; i < in->items.n; i++) {
		r = (const struct rule_in *)in->items.items + i;
		rc = access_set_rule(ctx, access_prof_from(r->profession.s),
		    access_cat_from(r->category.s), r->read.v, r->write.v);
		if (rc != E_OK)
			return rc;
	}
	return matrix_get(ctx, req);
}

static int
openapi(struct ctx *ctx, struct req *req)
{
	(void)ctx;
	req->out = openapi_build(api_tables, api_ntables, MAILLAGE_VERSION,
	    access_perm_codes, api_schemas);
	return E_OK;
}

const struct route api_meta_routes[] = {
	{ M_GET, "/healthz", healthz, NULL, 0, NULL, 0, R_PUBLIC, 200, "meta",
	    "État du service : 503 {status: unavailable, store: not_writable} "
	    "quand la base refuse d'écrire (disque plein)",
	    "Health" },
	{ M_GET, "/api/v1/openapi.json", openapi, NULL, 0, NULL, 0, R_PUBLIC,
	    200, "meta", "Ce document OpenAPI", "OpenAPI" },
	{ M_GET, "/api/v1/meta", meta, NULL, 0, NULL, 0, 0, 200, "meta",
	    "Listes de référence (rôles, professions, catégories, types de "
	    "structure)",
	    "Meta" },
	{ M_GET, "/api/v1/access/matrix", matrix_get, NULL, PERM_MATRIX_READ,
	    NULL, 0, 0, 200, "access", "Matrice profession × catégorie",
	    "Matrix" },
	{ M_PUT, "/api/v1/access/matrix", matrix_put, NULL, PERM_MATRIX_WRITE,
	    matrix_fields, sizeof(struct matrix_in), R_WRITE, 200, "access",
	    "Modifier des cases de la matrice (dans les limites légales)",
	    "Matrix" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
