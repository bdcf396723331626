/*
 * Territory routes: commune lookup for address entry (by name, accents
 * ignored, or postal code) and the CRT's coverage per volet with travel
 * times. Communes are reference data; coverage changes are traced.
 */
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "audit/audit.h"
#include "base/ctx.h"
#include "domain/directory/territory.h"
#include "json/jv.h"

json_t *
api_commune_json(const struct commune *c)
{
	json_t *o = json_object();

	api_set_str(o, "code", c->code);
	api_set_str(o, "name", c->name);
	api_set_str(o, "postal_codes", c->postal_codes);
	api_set_str(o, "departement", c->departement);
	json_object_set_new(o, "volet1", json_boolean(c->volet1));
	json_object_set_new(o, "volet2", json_boolean(c->volet2));
	json_object_set_new(o, "travel_minutes",
	    c->travel_minutes >= 0 ? json_integer(c->travel_minutes)
				   : json_null());
	return o;
}

static json_t *
list_json(const struct commune *v, int n)
{
	json_t *items = json_array();
	int i;

	for (i = 0; i < n; i++)
		json_array_append_new(items, api_commune_json(&v[i]));
	return json_pack("{s:o}", "items", items);
}

static int
communes_search(struct ctx *ctx, struct req *req)
{
	const char *q = req_query(req, "q");
	struct commune *v;
	int n, rc;

	if (q == NULL || strlen(q) > 80)
		return err_set(ctx, E_INVALID, "communes.q.required", "q",
		    "Indiquez le nom ou le code postal de la commune.");
	rc = territory_search(ctx, q, 20, &v, &n);
	if (rc != E_OK)
		return rc;
	req->out = list_json(v, n);
	return E_OK;
}

static int
territory_get(struct ctx *ctx, struct req *req)
{
	struct commune *v;
	int n, rc;

	rc = territory_list(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	req->out = list_json(v, n);
	return E_OK;
}

struct cover_in {
	struct jv_str commune_code;
	struct jv_bool volet1;
	struct jv_bool volet2;
	struct jv_int travel_minutes;
};

static const struct jv_field cover_fields[] = {
	{ "commune_code", JV_STR, offsetof(struct cover_in, commune_code),
	    JV_REQ, 5, 5, NULL, "Commune (code INSEE)", NULL, 0 },
	{ "volet1", JV_BOOL, offsetof(struct cover_in, volet1), JV_REQ, 0, 0,
	    NULL, "Volet 1", NULL, 0 },
	{ "volet2", JV_BOOL, offsetof(struct cover_in, volet2), JV_REQ, 0, 0,
	    NULL, "Volet 2", NULL, 0 },
	{ "travel_minutes", JV_INT, offsetof(struct cover_in, travel_minutes),
	    JV_NULL, 0, 600, NULL, "Temps de trajet (minutes)", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct territory_in {
	struct jv_arr items;
};

static const struct jv_field territory_fields[] = {
	{ "items", JV_ARR, offsetof(struct territory_in, items), JV_REQ, 0,
	    2000, NULL, "Communes", cover_fields, sizeof(struct cover_in) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
territory_put(struct ctx *ctx, struct req *req)
{
	const struct territory_in *in = req->in;
	const struct cover_in *c;
	int i, rc;

	for (i = 0; i < in->items.n; i++) {
		c = (const struct cover_in *)in->items.items + i;
		rc = territory_set(ctx, c->commune_code.s, c->volet1.v,
		    c->volet2.v,
		    c->travel_minutes.set && !c->travel_minutes.null
			? (int)c->travel_minutes.v
			: -1);
		if (rc != E_OK)
			return rc;
	}
	return territory_get(ctx, req);
}

/* Query parameters as communes_search parses them (route.h). */
static const struct route_param communes_query[] = {
	{ "q", JV_STR, 1, 80, NULL, NULL, "Nom ou code postal (obligatoire)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error communes_errors[] = {
	{ E_INVALID, "communes.q.required" }, { 0, NULL }
};

const struct route_doc api_territory_docs[] = {
	{ M_GET, "/api/v1/communes", communes_query, communes_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_territory_routes[] = {
	{ M_GET, "/api/v1/communes", communes_search, NULL, 0, NULL, 0, 0, 200,
	    "territory",
	    "Chercher une commune par nom (sans accents) ou "
	    "code postal (q), les communes du CRT d'abord",
	    "CommuneList" },
	{ M_GET, "/api/v1/territory", territory_get, NULL, 0, NULL, 0, 0, 200,
	    "territory",
	    "Communes couvertes par le CRT (volets 1 et 2, temps "
	    "de trajet)",
	    "CommuneList" },
	{ M_PUT, "/api/v1/territory", territory_put, NULL, PERM_TERRITORY_WRITE,
	    territory_fields, sizeof(struct territory_in), R_WRITE, 200,
	    "territory",
	    "Définir la couverture de communes (volet1 = volet2 = "
	    "faux la retire)",
	    "CommuneList" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
