/*
 * The PPCS action templates and the support contract template (issue 10
 * point 10): read by the CRT's team (the plan editor, the contract), kept
 * by the coordination and the direction; the contract filled for a
 * support.
 * Replies are described with the typed writer (json/jw.h).
 */
#include <stddef.h>

#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"
#include "domain/volet2/plan.h"
#include "domain/volet2/contract_doc.h"
#include "domain/volet2/plan_tpl.h"
#include "domain/volet2/support.h"
#include "json/jv.h"
#include "json/jw.h"

#define TPL_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant du modèle") \
	X(S, title, JW_STR, 0, NULL, NULL, "Nom du modèle") \
	X(S, area, JW_ENUM, 0, plan_area_codes, NULL, "Axe du plan") \
	X(S, domain, JW_ENUM, 0, plan_domain_codes, NULL, "Domaine") \
	X(S, need, JW_STR, 0, NULL, NULL, "Problème ou besoin") \
	X(S, objective, JW_STR, 0, NULL, NULL, "Objectif partagé") \
	X(S, action, JW_STR, 0, NULL, NULL, "Action") \
	X(S, frequency, JW_STR, 0, NULL, NULL, "Fréquence") \
	X(S, review_months, JW_INT, 0, NULL, NULL, \
	    "Réévaluation après ce nombre de mois") \
	X(S, updated_at, JW_DATETIME, 0, NULL, NULL, "Modifié le")
JW_FIELDS(TPL, TPL_F);
JW_ROWS(TPL, TPL_F);
static const struct jw_schema tpl_schema =
    JW_INIT(TPL, "PlanTemplate", "Modèle d'action du plan personnalisé");

#define TPLLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &tpl_schema, \
	    "Modèles du CRT, par axe puis par nom")
JW_FIELDS(TPLLIST, TPLLIST_F);
JW_ROWS(TPLLIST, TPLLIST_F);
const struct jw_schema api_plan_tpl_list_schema = JW_INIT(
    TPLLIST, "PlanTemplateList", "Modèles d'actions du plan personnalisé");

static int
tpl_list(struct ctx *ctx, struct req *req)
{
	struct plan_tpl *v;
	struct jw w;
	int n, i, rc;

	rc = plan_tpl_list(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_plan_tpl_list_schema);
	jw_arr_begin(&w, TPLLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, TPL_id, v[i].id);
		jw_str(&w, TPL_title, v[i].title);
		jw_str(&w, TPL_area, v[i].area);
		jw_str(&w, TPL_domain, v[i].domain);
		jw_str(&w, TPL_need, v[i].need);
		jw_str(&w, TPL_objective, v[i].objective);
		jw_str(&w, TPL_action, v[i].action);
		jw_str(&w, TPL_frequency, v[i].frequency);
		jw_int(&w, TPL_review_months, v[i].review_months);
		jw_str(&w, TPL_updated_at, v[i].updated_at);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

struct tpl_in {
	struct jv_str title, area, domain, need, objective, action, frequency;
	struct jv_int review_months;
};

#define TF(n, t, min, max, en, lab) \
	{ \
#n, t, offsetof(struct tpl_in, n), JV_REQ, min, max, en, lab, \
		    NULL, 0 \
	}
static const struct jv_field tpl_fields[] = { TF(title, JV_STR, 1, 120, NULL,
						  "Nom du modèle"),
	TF(area, JV_ENUM, 0, 0, plan_area_codes, "Axe"),
	TF(domain, JV_ENUM, 0, 0, plan_domain_codes, "Domaine"),
	TF(need, JV_STR, 1, 300, NULL, "Problème ou besoin"),
	TF(objective, JV_STR, 1, 300, NULL, "Objectif partagé"),
	TF(action, JV_STR, 1, 2000, NULL, "Action"),
	TF(frequency, JV_STR, 1, 120, NULL, "Fréquence"),
	TF(review_months, JV_INT, 1, 24, NULL, "Réévaluation après (mois)"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };
#undef TF

static void
tpl_from(const struct tpl_in *in, struct plan_tpl *t)
{
	t->id = 0;
	t->title = in->title.s;
	t->area = in->area.s;
	t->domain = in->domain.s;
	t->need = in->need.s;
	t->objective = in->objective.s;
	t->action = in->action.s;
	t->frequency = in->frequency.s;
	t->review_months = (int)in->review_months.v;
	t->updated_at = NULL;
}

static int
tpl_create(struct ctx *ctx, struct req *req)
{
	struct plan_tpl t;
	int rc;

	tpl_from(req->in, &t);
	rc = plan_tpl_create(ctx, &t);
	if (rc != E_OK)
		return rc;
	api_id_reply(req, t.id);
	return E_OK;
}

static int
tpl_update(struct ctx *ctx, struct req *req)
{
	struct plan_tpl t;
	int rc;

	tpl_from(req->in, &t);
	rc = plan_tpl_update(ctx, req->ids[0], &t);
	if (rc != E_OK)
		return rc;
	return tpl_list(ctx, req);
}

static int
tpl_delete(struct ctx *ctx, struct req *req)
{
	int rc = plan_tpl_delete(ctx, req->ids[0]);

	if (rc != E_OK)
		return rc;
	return tpl_list(ctx, req);
}

#define PH_F(X, S) \
	X(S, name, JW_STR, 0, NULL, NULL, "Champ, écrit {{nom}}") \
	X(S, label, JW_STR, 0, NULL, NULL, "Ce qu'il devient")
JW_FIELDS(PH, PH_F);
JW_ROWS(PH, PH_F);
static const struct jw_schema ph_schema =
    JW_INIT(PH, "ContractPlaceholder", "Champ à remplir du modèle");

#define CTPL_F(X, S) \
	X(S, body, JW_STR, 0, NULL, NULL, "Texte du modèle") \
	X(S, is_default, JW_BOOL, 0, NULL, NULL, \
	    "Modèle par défaut (le CRT n'en a pas enregistré)") \
	X(S, updated_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Modifié le") \
	X(S, placeholders, JW_ARR, 0, NULL, &ph_schema, "Champs à remplir")
JW_FIELDS(CTPL, CTPL_F);
JW_ROWS(CTPL, CTPL_F);
const struct jw_schema api_contract_tpl_schema = JW_INIT(
    CTPL, "ContractTemplate", "Modèle du contrat d'accompagnement du CRT");

#define CDOC_F(X, S) \
	X(S, support_id, JW_INT, 0, NULL, NULL, "Accompagnement") \
	X(S, text, JW_STR, 0, NULL, NULL, \
	    "Contrat rempli avec les données de la personne, à imprimer")
JW_FIELDS(CDOC, CDOC_F);
JW_ROWS(CDOC, CDOC_F);
const struct jw_schema api_contract_doc_schema =
    JW_INIT(CDOC, "ContractDocument", "Contrat d'accompagnement généré");

static int
ctpl_get(struct ctx *ctx, struct req *req)
{
	const char *body, *upd;
	struct jw w;
	int dflt, rc, i;

	rc = contract_doc_tpl_get(ctx, &body, &dflt, &upd);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_contract_tpl_schema);
	jw_str(&w, CTPL_body, body);
	jw_bool(&w, CTPL_is_default, dflt);
	jw_str(&w, CTPL_updated_at, upd);
	jw_arr_begin(&w, CTPL_placeholders);
	for (i = 0; contract_doc_placeholders[i]; i++) {
		jw_item_obj_begin(&w);
		jw_str(&w, PH_name, contract_doc_placeholders[i]);
		jw_str(&w, PH_label, contract_doc_placeholder_labels[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

struct ctpl_in {
	struct jv_str body;
};

static const struct jv_field ctpl_fields[] = {
	{ "body", JV_STR, offsetof(struct ctpl_in, body), JV_NULL | JV_MULTI,
	    20, 20000, NULL, "Texte du modèle (null : modèle par défaut)", NULL,
	    0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
ctpl_put(struct ctx *ctx, struct req *req)
{
	const struct ctpl_in *in = req->in;
	int rc;

	if (!in->body.set)
		return err_set(ctx, E_INVALID,
		    "contract_template.body.required", "body",
		    "Indiquez le texte du modèle (ou null pour revenir au "
		    "modèle par défaut).");
	rc = contract_doc_tpl_set(ctx, in->body.null ? NULL : in->body.s);
	if (rc != E_OK)
		return rc;
	return ctpl_get(ctx, req);
}

static const struct access_missing support_missing = { E_NOT_FOUND,
	"support.not_found", NULL, SUPPORT_MISSING };

static int
cdoc_get(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct support s;
	const char *text;
	struct jw w;
	int rc;

	rc = support_get(ctx, req->ids[0], &s);
	if (rc == E_OK)
		rc = access_require_sub(ctx, s.person_id, CAT_BIT(CAT_ADMIN),
		    ACT_READ, "support.contract.document", &g,
		    &support_missing);
	if (rc == E_OK)
		rc = contract_doc_fill(ctx, &g, s.id, &text);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_contract_doc_schema);
	jw_int(&w, CDOC_support_id, s.id);
	jw_str(&w, CDOC_text, text);
	api_reply(req, &w);
	return E_OK;
}

static const struct route_error ctpl_errors[] = {
	{ E_INVALID, "contract_template.placeholder" },
	{ E_INVALID, "contract_template.body.required" }, { 0, NULL }
};

static const struct route_error cdoc_errors[] = {
	{ E_NOT_FOUND, "support.not_found" }, { 0, NULL }
};

static const struct route_error missing_errors[] = {
	{ E_NOT_FOUND, "plan_template.not_found" }, { 0, NULL }
};

const struct route_doc api_plan_tpl_docs[] = {
	{ M_PUT, "/api/v1/plan-templates/{id}", NULL, missing_errors },
	{ M_DELETE, "/api/v1/plan-templates/{id}", NULL, missing_errors },
	{ M_PUT, "/api/v1/crt/contract-template", NULL, ctpl_errors },
	{ M_GET, "/api/v1/supports/{id}/contract-document", NULL, cdoc_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_plan_tpl_routes[] = {
	{ M_GET, "/api/v1/plan-templates", tpl_list, NULL, PERM_TEAM_READ, NULL,
	    0, 0, 200, "plan_template",
	    "Modèles d'actions du plan personnalisé (par axe)",
	    "PlanTemplateList" },
	{ M_POST, "/api/v1/plan-templates", tpl_create, NULL, PERM_CRT_SETTINGS,
	    tpl_fields, sizeof(struct tpl_in), R_WRITE, 201, "plan_template",
	    "Ajouter un modèle d'action", "Id" },
	{ M_PUT, "/api/v1/plan-templates/{id}", tpl_update, NULL,
	    PERM_CRT_SETTINGS, tpl_fields, sizeof(struct tpl_in), R_WRITE, 200,
	    "plan_template", "Modifier un modèle d'action",
	    "PlanTemplateList" },
	{ M_DELETE, "/api/v1/plan-templates/{id}", tpl_delete, NULL,
	    PERM_CRT_SETTINGS, NULL, 0, R_WRITE, 200, "plan_template",
	    "Supprimer un modèle d'action (les plans déjà écrits ne changent "
	    "pas)",
	    "PlanTemplateList" },
	{ M_GET, "/api/v1/crt/contract-template", ctpl_get, NULL,
	    PERM_SUPPORT_READ, NULL, 0, 0, 200, "contract_template",
	    "Modèle du contrat d'accompagnement (celui du CRT, ou le modèle "
	    "par défaut) et ses champs à remplir",
	    "ContractTemplate" },
	{ M_PUT, "/api/v1/crt/contract-template", ctpl_put, NULL,
	    PERM_CRT_SETTINGS, ctpl_fields, sizeof(struct ctpl_in), R_WRITE,
	    200, "contract_template",
	    "Enregistrer le modèle du contrat (null : revenir au modèle par "
	    "défaut)",
	    "ContractTemplate" },
	{ M_GET, "/api/v1/supports/{id}/contract-document", cdoc_get, NULL,
	    PERM_SUPPORT_CONTRACT, NULL, 0, 0, 200, "support",
	    "Contrat d'accompagnement rempli avec les données de la personne, "
	    "à imprimer et faire signer",
	    "ContractDocument" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
