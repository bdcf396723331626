/*
 * Helpers shared by handlers and the assembled route tables.
 */
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"

#define COUNT(rows)	(sizeof(rows) / sizeof(rows[0]))

void
api_set_str(json_t *o, const char *k, const char *s)
{
	/* Keys are our ASCII literals; values come from the database, where
	 * only validated UTF-8 enters (json/jv.c): no second check. */
	json_object_set_new_nocheck(o, k, s ? json_string_nocheck(s) :
	    json_null());
}

json_t *
api_grant_json(const struct access_grant *g)
{
	static const char *const kinds[] = { "none", "normal", "breakglass" };
	json_t *o = json_object(), *r = json_array(), *w = json_array();
	int c;

	for (c = 0; c < CAT__MAX; c++) {
		if (g->read & CAT_BIT(c))
			json_array_append_new(r,
			    json_string(access_cat_codes[c]));
		if (g->write & CAT_BIT(c))
			json_array_append_new(w,
			    json_string(access_cat_codes[c]));
	}
	json_object_set_new(o, "kind", json_string(kinds[g->kind]));
	json_object_set_new(o, "read", r);
	json_object_set_new(o, "write", w);
	return o;
}

static int
parse_uint(const char *s, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '9' || strlen(s) > 12)
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

int
api_paging(struct ctx *ctx, const struct req *req, int *limit, int *offset)
{
	const char *l = req_query(req, "limit"), *o = req_query(req, "offset");
	long v;

	*limit = 50;
	*offset = 0;
	if (l != NULL) {
		if (parse_uint(l, 200, &v) != 0 || v < 1)
			return err_set(ctx, E_INVALID, "paging.limit.invalid",
			    "limit", "Le paramètre « limit » doit être un "
			    "entier entre 1 et 200.");
		*limit = (int)v;
	}
	if (o != NULL) {
		if (parse_uint(o, 100000000, &v) != 0)
			return err_set(ctx, E_INVALID, "paging.offset.invalid",
			    "offset", "Le paramètre « offset » doit être un "
			    "entier positif.");
		*offset = (int)v;
	}
	return E_OK;
}

int
api_query_id(struct ctx *ctx, const struct req *req, const char *name,
    int64_t *out)
{
	const char *s = req_query(req, name);
	long v;

	*out = 0;
	if (s == NULL)
		return E_OK;
	if (parse_uint(s, 900719925474099L, &v) != 0 || v < 1)
		return err_set(ctx, E_INVALID, arena_printf(&ctx->arena,
		    "query.%s.invalid", name), name,
		    "Ce paramètre doit être un identifiant numérique.");
	*out = v;
	return E_OK;
}

const struct route_table api_tables[] = {
	{ "meta", api_meta_routes },
	{ "session", api_session_routes },
	{ "user", api_user_routes },
	{ "notice", api_notice_routes },
	{ "person", api_person_routes },
	{ "aggir", api_aggir_routes },
	{ "territory", api_territory_routes },
	{ "directory", api_directory_routes },
	{ "record", api_record_routes },
	{ "document", api_document_routes },
	{ "eligibility", api_eligibility_routes },
	{ "referral", api_referral_routes },
	{ "waitlist", api_waitlist_routes },
	{ "committee", api_committee_routes },
	{ "support", api_support_routes },
};
const size_t api_ntables = COUNT(api_tables);
