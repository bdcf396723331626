/*
 * The PPCS action templates (issue 10 point 10): read by the CRT's team
 * (the plan editor), kept by the coordination and the direction.
 * Replies are described with the typed writer (json/jw.h).
 */
#include <stddef.h>

#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"
#include "domain/volet2/plan.h"
#include "domain/volet2/plan_tpl.h"
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

static const struct route_error missing_errors[] = {
	{ E_NOT_FOUND, "plan_template.not_found" }, { 0, NULL }
};

const struct route_doc api_plan_tpl_docs[] = {
	{ M_PUT, "/api/v1/plan-templates/{id}", NULL, missing_errors },
	{ M_DELETE, "/api/v1/plan-templates/{id}", NULL, missing_errors },
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
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
