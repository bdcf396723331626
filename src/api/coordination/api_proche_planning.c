/*
 * The proche's planning (issue 11): GET /api/v1/proche/planning, the one
 * route of a proche account besides its session (R_PROCHE). Thin: the
 * projection and its window are domain/coordination/proche_planning.c's,
 * the decision and its trace access_proche_require()'s.
 */
#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"
#include "domain/coordination/proche_planning.h"
#include "json/jv.h"
#include "json/jw.h"

#define PVISIT_F(X, S) \
	X(S, start, JW_DATETIME, 0, NULL, NULL, "Début (UTC)") \
	X(S, end, JW_DATETIME, 0, NULL, NULL, "Fin (UTC)") \
	X(S, local_start, JW_STR, 0, NULL, NULL, \
	    "Début, heure locale du CRT (AAAA-MM-JJTHH:MM)") \
	X(S, local_end, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Fin, heure locale du CRT (AAAA-MM-JJTHH:MM)") \
	X(S, kind, JW_STR, 0, NULL, NULL, "Nature de la visite (code)") \
	X(S, kind_label, JW_STR, 0, NULL, NULL, "Nature de la visite") \
	X(S, first_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Prénom de l'intervenant") \
	X(S, profession, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Profession de l'intervenant") \
	X(S, organisation, JW_STR, JW_NULLABLE, NULL, NULL, "Structure")
JW_FIELDS(PVISIT, PVISIT_F);
JW_ROWS(PVISIT, PVISIT_F);
static const struct jw_schema pvisit_schema = JW_INIT(PVISIT, "ProcheVisit",
    "Un passage prévu : qui vient et quand, rien d'autre");

#define PPLAN_F(X, S) \
	X(S, from, JW_DATE, 0, NULL, NULL, "Du (date locale)") \
	X(S, to, JW_DATE, 0, NULL, NULL, "Au (date locale, incluse)") \
	X(S, items, JW_ARR, 0, NULL, &pvisit_schema, \
	    "Passages, par heure de début")
JW_FIELDS(PPLAN, PPLAN_F);
JW_ROWS(PPLAN, PPLAN_F);
const struct jw_schema api_proche_planning_schema = JW_INIT(
    PPLAN, "ProchePlanning", "Le planning de la personne, vu par son proche");

static int
planning_get(struct ctx *ctx, struct req *req)
{
	struct proche_visit *v;
	const char *from, *to;
	int64_t pid;
	struct jw w;
	int n, i, rc;

	rc = api_query_id(ctx, req, "person_id", &pid);
	if (rc == E_OK)
		rc = proche_planning_list(ctx, pid, req_query(req, "from"),
		    req_query(req, "to"), &from, &to, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_proche_planning_schema);
	jw_str(&w, PPLAN_from, from);
	jw_str(&w, PPLAN_to, to);
	jw_arr_begin(&w, PPLAN_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		jw_str(&w, PVISIT_start, v[i].start);
		jw_str(&w, PVISIT_end, v[i].end);
		jw_str(&w, PVISIT_local_start, v[i].local_start);
		jw_str(&w, PVISIT_local_end, v[i].local_end);
		jw_str(&w, PVISIT_kind, v[i].kind);
		jw_str(&w, PVISIT_kind_label, v[i].kind_label);
		jw_str(&w, PVISIT_first_name, v[i].first_name);
		jw_str(&w, PVISIT_profession, v[i].profession);
		jw_str(&w, PVISIT_organisation, v[i].organisation);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static const struct route_param planning_params[] = {
	{ "from", JV_DATE, 0, 0, NULL, NULL,
	    "Du (date locale ; par défaut aujourd'hui)" },
	{ "to", JV_DATE, 0, 0, NULL, NULL,
	    "Au (date locale, incluse ; par défaut dans 6 jours)" },
	{ "person_id", JV_INT, 1, 0, NULL, NULL,
	    "La personne (par défaut celle du compte ; une autre : 404)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error planning_errors[] = { { E_NOT_FOUND,
							  "person.not_found" },
	{ E_INVALID, "query.person_id.invalid" },
	{ E_INVALID, "visit.from.invalid" }, { E_INVALID, "visit.to.invalid" },
	{ E_INVALID, "visit.window.invalid" }, { 0, NULL } };

const struct route_doc api_proche_planning_docs[] = {
	{ M_GET, "/api/v1/proche/planning", planning_params, planning_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_proche_planning_routes[] = {
	{ M_GET, "/api/v1/proche/planning", planning_get, NULL,
	    PERM_PROCHE_PLANNING, NULL, 0, R_PROCHE, 200, "proche",
	    "Le planning de sa personne : qui vient et quand (compte proche)",
	    "ProchePlanning" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
