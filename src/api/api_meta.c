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
#include "json/jw.h"

#ifndef MAILLAGE_VERSION
#define MAILLAGE_VERSION "dev"
#endif

static const char *const health_states[] = { "ok", "unavailable", NULL };
static const char *const store_states[] = { "not_writable", NULL };

/* The replies of this file, described once (issue 9 §2). */
#define HEALTH_F(X, S) \
	X(S, status, JW_ENUM, 0, health_states, NULL, "État du service") \
	X(S, store, JW_ENUM, JW_OPTIONAL, store_states, NULL, \
	    "Présent (503) quand la base refuse d'écrire")
JW_FIELDS(HEALTH, HEALTH_F);
JW_ROWS(HEALTH, HEALTH_F);
const struct jw_schema api_health_schema =
    JW_INIT(HEALTH, "Health", "État du service");

static int
healthz(struct ctx *ctx, struct req *req)
{
	struct jw w;

	(void)ctx;
	jw_begin(&w, &api_health_schema);
	/* The store refused a write for lack of space (the writer clears
	 * this once a probe commit succeeds): reads of person data fail
	 * too, since each writes its trace row. */
	if (db_store_full()) {
		req->status = 503;
		jw_str(&w, HEALTH_status, "unavailable");
		jw_str(&w, HEALTH_store, "not_writable");
	} else
		jw_str(&w, HEALTH_status, "ok");
	api_reply(req, &w);
	return E_OK;
}

/*
 * A code list's items: its code (an enum of that list's values) and its
 * French label. One description per list, all with the members CODE_code
 * and CODE_label at the same indices.
 */
enum { CODE_code, CODE_label };
#define CODE_ROWS(id, nm, codes) \
	static const struct jw_field code_##id##_rows[] = { \
		{ "code", "\"code\":", 7, JW_ENUM, 0, codes, NULL, \
		    "Code stable" }, \
		{ "label", "\"label\":", 8, JW_STR, 0, NULL, NULL, \
		    "Libellé en français" } \
	}; \
	static const struct jw_schema code_##id = { nm, \
		"Valeur d'une liste de référence", code_##id##_rows, 2 };

CODE_ROWS(roles, "CodeRole", access_role_codes)
CODE_ROWS(professions, "CodeProfession", access_prof_codes)
CODE_ROWS(categories, "CodeCategory", access_cat_codes)
CODE_ROWS(org_types, "CodeOrgType", org_type_codes)
CODE_ROWS(identity_statuses, "CodeIdentityStatus", ins_status_codes)
CODE_ROWS(ins_oids, "CodeInsOid", ins_oid_codes)
CODE_ROWS(identity_documents, "CodeIdentityDocument", person_document_codes)
CODE_ROWS(identity_flags, "CodeIdentityFlag", person_flag_codes)
CODE_ROWS(aggir_subvariables, "CodeAggirSubvariable", aggir_sub_codes)
CODE_ROWS(legal_protections, "CodeLegalProtection", profile_protection_codes)
CODE_ROWS(
    caregiver_situations, "CodeCaregiverSituation", dlu_caregiver_situations)
CODE_ROWS(
    consent_informed_to, "CodeConsentInformedTo", profile_informed_to_codes)
CODE_ROWS(referral_sources, "CodeReferralSource", referral_source_codes)
CODE_ROWS(referral_channels, "CodeReferralChannel", referral_channel_codes)
CODE_ROWS(referral_statuses, "CodeReferralStatus", referral_status_codes)
CODE_ROWS(
    committee_decisions, "CodeCommitteeDecision", committee_decision_codes)
CODE_ROWS(refusal_reasons, "CodeRefusalReason", committee_refusal_codes)
CODE_ROWS(support_statuses, "CodeSupportStatus", support_status_codes)
CODE_ROWS(exit_reasons, "CodeExitReason", support_exit_codes)
CODE_ROWS(plan_areas, "CodePlanArea", plan_area_codes)
CODE_ROWS(plan_domains, "CodePlanDomain", plan_domain_codes)
CODE_ROWS(plan_action_statuses, "CodePlanActionStatus", plan_status_codes)

#define META_F(X, S) \
	X(S, roles, JW_ARR, 0, NULL, &code_roles, "Rôles") \
	X(S, professions, JW_ARR, 0, NULL, &code_professions, "Professions") \
	X(S, categories, JW_ARR, 0, NULL, &code_categories, \
	    "Catégories de données") \
	X(S, org_types, JW_ARR, 0, NULL, &code_org_types, \
	    "Types de structure") \
	X(S, version, JW_STR, 0, NULL, NULL, "Version du serveur") \
	X(S, identity_statuses, JW_ARR, 0, NULL, &code_identity_statuses, \
	    "Statuts de l'identité") \
	X(S, ins_oids, JW_ARR, 0, NULL, &code_ins_oids, "OID de l'INS") \
	X(S, identity_documents, JW_ARR, 0, NULL, &code_identity_documents, \
	    "Pièces d'identité") \
	X(S, identity_flags, JW_ARR, 0, NULL, &code_identity_flags, \
	    "Attributs de l'identité") \
	X(S, aggir_subvariables, JW_ARR, 0, NULL, &code_aggir_subvariables, \
	    "Sous-variables AGGIR") \
	X(S, legal_protections, JW_ARR, 0, NULL, &code_legal_protections, \
	    "Mesures de protection juridique") \
	X(S, caregiver_situations, JW_ARR, 0, NULL, \
	    &code_caregiver_situations, "Situations de l'aidant") \
	X(S, consent_informed_to, JW_ARR, 0, NULL, &code_consent_informed_to, \
	    "Personne informée du partage") \
	X(S, referral_sources, JW_ARR, 0, NULL, &code_referral_sources, \
	    "Origines des signalements") \
	X(S, referral_channels, JW_ARR, 0, NULL, &code_referral_channels, \
	    "Canaux des signalements") \
	X(S, referral_statuses, JW_ARR, 0, NULL, &code_referral_statuses, \
	    "Statuts des signalements") \
	X(S, committee_decisions, JW_ARR, 0, NULL, &code_committee_decisions, \
	    "Décisions du comité") \
	X(S, refusal_reasons, JW_ARR, 0, NULL, &code_refusal_reasons, \
	    "Motifs de refus") \
	X(S, support_statuses, JW_ARR, 0, NULL, &code_support_statuses, \
	    "Statuts des accompagnements") \
	X(S, exit_reasons, JW_ARR, 0, NULL, &code_exit_reasons, \
	    "Motifs de sortie") \
	X(S, plan_areas, JW_ARR, 0, NULL, &code_plan_areas, \
	    "Champs du plan d'accompagnement") \
	X(S, plan_domains, JW_ARR, 0, NULL, &code_plan_domains, \
	    "Domaines du plan d'accompagnement") \
	X(S, plan_action_statuses, JW_ARR, 0, NULL, \
	    &code_plan_action_statuses, "Statuts des actions du plan")
JW_FIELDS(META, META_F);
JW_ROWS(META, META_F);
const struct jw_schema api_meta_schema = JW_INIT(
    META, "Meta", "Listes de référence des formulaires, avec leurs libellés");

/* Member f: the code list with its labels. */
static void
code_list(
    struct jw *w, int f, const char *const *codes, const char *const *labels)
{
	int i;

	jw_arr_begin(w, f);
	for (i = 0; codes[i] != NULL; i++) {
		jw_item_obj_begin(w);
		jw_str(w, CODE_code, codes[i]);
		jw_str(w, CODE_label, labels[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
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
	struct jw w;

	(void)ctx;
	jw_begin(&w, &api_meta_schema);
	code_list(&w, META_roles, access_role_codes, access_role_labels);
	code_list(&w, META_professions, access_prof_codes, access_prof_labels);
	code_list(&w, META_categories, access_cat_codes, access_cat_labels);
	code_list(&w, META_org_types, org_type_codes, org_type_labels);
	jw_str(&w, META_version, MAILLAGE_VERSION);
	/* Every code list a form needs, with its French labels. */
	code_list(&w, META_identity_statuses, ins_status_codes, status_labels);
	code_list(&w, META_ins_oids, ins_oid_codes, oid_labels);
	code_list(&w, META_identity_documents, person_document_codes,
	    person_document_labels);
	code_list(&w, META_identity_flags, person_flag_codes, flag_labels);
	code_list(
	    &w, META_aggir_subvariables, aggir_sub_codes, aggir_sub_labels);
	code_list(&w, META_legal_protections, profile_protection_codes,
	    profile_protection_labels);
	code_list(&w, META_caregiver_situations, dlu_caregiver_situations,
	    situation_labels);
	code_list(&w, META_consent_informed_to, profile_informed_to_codes,
	    informed_labels);
	code_list(&w, META_referral_sources, referral_source_codes,
	    referral_source_labels);
	code_list(&w, META_referral_channels, referral_channel_codes,
	    referral_channel_labels);
	code_list(&w, META_referral_statuses, referral_status_codes,
	    referral_status_labels);
	code_list(&w, META_committee_decisions, committee_decision_codes,
	    committee_decision_labels);
	code_list(&w, META_refusal_reasons, committee_refusal_codes,
	    committee_refusal_labels);
	code_list(&w, META_support_statuses, support_status_codes,
	    support_status_labels);
	code_list(
	    &w, META_exit_reasons, support_exit_codes, support_exit_labels);
	code_list(&w, META_plan_areas, plan_area_codes, plan_area_labels);
	code_list(&w, META_plan_domains, plan_domain_codes, plan_domain_labels);
	code_list(&w, META_plan_action_statuses, plan_status_codes,
	    plan_status_labels);
	api_reply(req, &w);
	return E_OK;
}

#define RULE_F(X, S) \
	X(S, profession, JW_ENUM, 0, access_prof_codes, NULL, "Profession") \
	X(S, category, JW_ENUM, 0, access_cat_codes, NULL, \
	    "Catégorie de données") \
	X(S, read, JW_BOOL, 0, NULL, NULL, "Lecture") \
	X(S, write, JW_BOOL, 0, NULL, NULL, "Écriture")
JW_FIELDS(RULE, RULE_F);
JW_ROWS(RULE, RULE_F);
static const struct jw_schema rule_schema =
    JW_INIT(RULE, "MatrixRule", "Case de la matrice d'accès");

#define MATRIX_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &rule_schema, "Cases de la matrice")
JW_FIELDS(MATRIX, MATRIX_F);
JW_ROWS(MATRIX, MATRIX_F);
const struct jw_schema api_matrix_schema =
    JW_INIT(MATRIX, "Matrix", "Matrice d'accès profession × catégorie");

static int
matrix_row(void *arg, const char *profession, const char *category, int read,
    int write)
{
	struct jw *w = arg;

	jw_item_obj_begin(w);
	jw_str(w, RULE_profession, profession);
	jw_str(w, RULE_category, category);
	jw_bool(w, RULE_read, read);
	jw_bool(w, RULE_write, write);
	jw_obj_end(w);
	return E_OK;
}

static int
matrix_get(struct ctx *ctx, struct req *req)
{
	struct jw w;
	int rc;

	jw_begin(&w, &api_matrix_schema);
	jw_arr_begin(&w, MATRIX_items);
	rc = access_rules_each(ctx, matrix_row, &w);
	if (rc != E_OK) {
		jw_release(&w);
		return rc;
	}
	jw_arr_end(&w);
	api_reply(req, &w);
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
	/* Every cell once: the proche's is no profession of the matrix
	 * (issue 11, access_seed_matrix). */
	{ "items", JV_ARR, offsetof(struct matrix_in, items), JV_REQ, 0,
	    (PROF__MAX - 1) * CAT__MAX, NULL, "Règles", rule_fields,
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
	    access_perm_codes, api_schemas, api_user_replies);
	return E_OK;
}

static const struct route_error matrix_put_errors[] = {
	{ E_INVALID, "access.rule.out_of_bounds" },
	{ E_INVALID, "access.rule.write_without_read" }, { 0, NULL }
};

const struct route_doc api_meta_docs[] = { { M_PUT, "/api/v1/access/matrix",
					       NULL, matrix_put_errors },
	{ M_GET, NULL, NULL, NULL } };

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
