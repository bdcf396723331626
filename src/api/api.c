/*
 * Helpers shared by handlers and the assembled route tables.
 */
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"
#include "domain/directory/territory.h"
#include "json/jw.h"

#define COUNT(rows) (sizeof(rows) / sizeof(rows[0]))

static const char *const grant_kinds[] = { "none", "normal", "breakglass",
	NULL };

void
api_set_str(json_t *o, const char *k, const char *s)
{
	/* Keys are our ASCII literals; values come from the database, where
	 * only validated UTF-8 enters (json/jv.c): no second check. */
	json_object_set_new_nocheck(
	    o, k, s ? json_string_nocheck(s) : json_null());
}

json_t *
api_grant_json(const struct access_grant *g)
{
	json_t *o = json_object(), *r = json_array(), *w = json_array();
	int c;

	for (c = 0; c < CAT__MAX; c++) {
		if (g->read & CAT_BIT(c))
			json_array_append_new(
			    r, json_string(access_cat_codes[c]));
		if (g->write & CAT_BIT(c))
			json_array_append_new(
			    w, json_string(access_cat_codes[c]));
	}
	json_object_set_new(o, "kind", json_string(grant_kinds[g->kind]));
	json_object_set_new(o, "read", r);
	json_object_set_new(o, "write", w);
	return o;
}

#define GRANT_F(X, S) \
	X(S, kind, JW_ENUM, 0, grant_kinds, NULL, "Nature de l'accès") \
	X(S, read, JW_ARR_ENUM, 0, access_cat_codes, NULL, \
	    "Catégories lisibles") \
	X(S, write, JW_ARR_ENUM, 0, access_cat_codes, NULL, \
	    "Catégories modifiables")
JW_FIELDS(GRANT, GRANT_F);
JW_ROWS(GRANT, GRANT_F);
const struct jw_schema api_grant_schema =
    JW_INIT(GRANT, "Grant", "Accès accordé à l'utilisateur sur ce dossier");

/* Member f: the codes of the categories in `cats` (CAT_BITs). */
static void
cats_write(struct jw *w, int f, unsigned cats)
{
	int c;

	jw_arr_begin(w, f);
	for (c = 0; c < CAT__MAX; c++)
		if (cats & CAT_BIT(c))
			jw_item_str(w, access_cat_codes[c]);
	jw_arr_end(w);
}

void
api_grant_write(struct jw *w, int f, const struct access_grant *g)
{
	jw_obj_begin(w, f);
	jw_str(w, GRANT_kind, grant_kinds[g->kind]);
	cats_write(w, GRANT_read, g->read);
	cats_write(w, GRANT_write, g->write);
	jw_obj_end(w);
}

void
api_reply(struct req *req, struct jw *w)
{
	req->raw_owned = jw_finish(w, &req->raw_len);
	req->raw_type = "application/json; charset=utf-8";
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
			    "limit",
			    "Le paramètre « limit » doit être un "
			    "entier entre 1 et 200.");
		*limit = (int)v;
	}
	if (o != NULL) {
		if (parse_uint(o, 100000000, &v) != 0)
			return err_set(ctx, E_INVALID, "paging.offset.invalid",
			    "offset",
			    "Le paramètre « offset » doit être un "
			    "entier positif.");
		*offset = (int)v;
	}
	return E_OK;
}

int
api_query_id(
    struct ctx *ctx, const struct req *req, const char *name, int64_t *out)
{
	const char *s = req_query(req, name);
	long v;

	*out = 0;
	if (s == NULL)
		return E_OK;
	if (parse_uint(s, 900719925474099L, &v) != 0 || v < 1)
		return err_set(ctx, E_INVALID,
		    arena_printf(&ctx->arena, "query.%s.invalid", name), name,
		    "Ce paramètre doit être un identifiant numérique.");
	*out = v;
	return E_OK;
}

const struct route_table api_tables[] = {
	{ "meta", api_meta_routes, NULL },
	{ "session", api_session_routes, NULL },
	{ "user", api_user_routes, api_user_docs },
	{ "notice", api_notice_routes, api_notice_docs },
	{ "person", api_person_routes, api_person_docs },
	{ "aggir", api_aggir_routes, api_aggir_docs },
	{ "territory", api_territory_routes, api_territory_docs },
	{ "directory", api_directory_routes, api_directory_docs },
	{ "record", api_record_routes, api_record_docs },
	{ "document", api_document_routes, api_document_docs },
	{ "eligibility", api_eligibility_routes, NULL },
	{ "referral", api_referral_routes, api_referral_docs },
	{ "waitlist", api_waitlist_routes, NULL },
	{ "committee", api_committee_routes, NULL },
	{ "support", api_support_routes, api_support_docs },
	{ "dac", api_dac_routes, api_dac_docs },
	{ "plan_tpl", api_plan_tpl_routes, api_plan_tpl_docs },
};
const size_t api_ntables = COUNT(api_tables);

/* The reply schemas routes name in their `out` (the nested ones are
 * reached through them). */
const struct jw_schema *const api_schemas[] = { &api_person_list_schema,
	&api_person_full_schema, &api_person_created_schema,
	&api_person_updated_schema, &api_commune_list_schema,
	&api_org_list_schema, &api_org_schema, &api_partnership_schema,
	&api_document_schema, &api_document_list_schema,
	&api_aggir_result_schema, &api_aggir_eval_schema,
	&api_aggir_eval_list_schema, &api_dlu_schema,
	&api_caregiver_list_schema, &api_profile_schema, &api_id_schema,
	&api_breakglass_schema, &api_breakglass_list_schema,
	&api_access_list_schema, &api_dac_list_schema,
	&api_plan_tpl_list_schema, &api_contract_tpl_schema,
	&api_contract_doc_schema, NULL };
