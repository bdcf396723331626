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
#include "json/jw.h"

/* A commune as the CRT covers it, described once (issue 9 §2); a
 * member of the person record too. */
#define COMMUNE_F(X, S) \
	X(S, code, JW_STR, 0, NULL, NULL, "Code INSEE") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom") \
	X(S, postal_codes, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Codes postaux, séparés par des espaces") \
	X(S, departement, JW_STR, JW_NULLABLE, NULL, NULL, "Département") \
	X(S, volet1, JW_BOOL, 0, NULL, NULL, "Couverte par le volet 1") \
	X(S, volet2, JW_BOOL, 0, NULL, NULL, "Couverte par le volet 2") \
	X(S, travel_minutes, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Temps de trajet depuis le CRT, en minutes")
JW_FIELDS(COMMUNE, COMMUNE_F);
JW_ROWS(COMMUNE, COMMUNE_F);
const struct jw_schema api_commune_schema =
    JW_INIT(COMMUNE, "Commune", "Commune du territoire");

/* The commune's members of the object being written. */
static void
commune_members(struct jw *w, const struct commune *c)
{
	jw_str(w, COMMUNE_code, c->code);
	jw_str(w, COMMUNE_name, c->name);
	jw_str(w, COMMUNE_postal_codes, c->postal_codes);
	jw_str(w, COMMUNE_departement, c->departement);
	jw_bool(w, COMMUNE_volet1, c->volet1);
	jw_bool(w, COMMUNE_volet2, c->volet2);
	if (c->travel_minutes >= 0)
		jw_int(w, COMMUNE_travel_minutes, c->travel_minutes);
	else
		jw_null(w, COMMUNE_travel_minutes);
}

void
api_commune_write(struct jw *w, int f, const struct commune *c)
{
	jw_obj_begin(w, f);
	commune_members(w, c);
	jw_obj_end(w);
}

/* The commune list (search, coverage). */
#define CLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &api_commune_schema, "Communes")
JW_FIELDS(CLIST, CLIST_F);
JW_ROWS(CLIST, CLIST_F);
const struct jw_schema api_commune_list_schema =
    JW_INIT(CLIST, "CommuneList", "Liste de communes");

static void
list_reply(struct req *req, const struct commune *v, int n)
{
	struct jw w;
	int i;

	jw_begin(&w, &api_commune_list_schema);
	jw_arr_begin(&w, CLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		commune_members(&w, &v[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
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
	list_reply(req, v, n);
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
	list_reply(req, v, n);
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
	{ E_INVALID, "communes.q.required" },
	{ E_INVALID, "communes.q.too_short" }, { 0, NULL }
};

static const struct route_error territory_put_errors[] = {
	{ E_NOT_FOUND, "commune.not_found" },
	{ E_INVALID, "territory.travel_minutes.range" }, { 0, NULL }
};

const struct route_doc api_territory_docs[] = {
	{ M_GET, "/api/v1/communes", communes_query, communes_errors },
	{ M_PUT, "/api/v1/territory", NULL, territory_put_errors },
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
