/*
 * Helpers shared by handlers and the assembled route tables.
 */
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"
#include "domain/directory/territory.h"
#include "http/server.h"
#include "json/jw.h"

#define COUNT(rows) (sizeof(rows) / sizeof(rows[0]))

static const char *const grant_kinds[] = { "none", "normal", "breakglass",
	"proche", "oncall", NULL };

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
api_role_write(struct jw *w, int f, const char *role, const char *profession)
{
	int r = role ? access_role_from(role) : -1;
	int p = profession ? access_prof_from(profession) : -1;

	jw_str(w, f, role);
	jw_str(w, f + 1, r >= 0 ? access_role_labels[r] : NULL);
	jw_str(w, f + 2, profession);
	jw_str(w, f + 3, p >= 0 ? access_prof_labels[p] : NULL);
}

void
api_reply(struct req *req, struct jw *w)
{
	req->raw_owned = jw_finish(w, &req->raw_len);
	req->raw_type = "application/json; charset=utf-8";
}

int
api_reply_if(struct req *req, struct jw *w, int rc)
{
	if (rc == E_OK)
		api_reply(req, w);
	return rc;
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
api_query_once(struct ctx *ctx, const struct req *req)
{
	int i, j;

	for (i = 0; i < req->nquery; i++)
		for (j = 0; j < i; j++)
			if (strcmp(req->query[i].k, req->query[j].k) == 0)
				return err_set(ctx, E_INVALID, "query.repeated",
				    req->query[i].k,
				    "Un paramètre de la requête est donné "
				    "deux fois.");
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
	{ "meta", api_meta_routes, api_meta_docs },
	{ "session", api_session_routes, api_session_docs },
	{ "user", api_user_routes, api_user_docs },
	{ "notice", api_notice_routes, api_notice_docs },
	{ "proche", api_proche_routes, api_proche_docs },
	{ "person", api_person_routes, api_person_docs },
	{ "aggir", api_aggir_routes, api_aggir_docs },
	{ "territory", api_territory_routes, api_territory_docs },
	{ "directory", api_directory_routes, api_directory_docs },
	{ "record", api_record_routes, api_record_docs },
	{ "document", api_document_routes, api_document_docs },
	{ "eligibility", api_eligibility_routes, api_eligibility_docs },
	{ "referral", api_referral_routes, api_referral_docs },
	{ "waitlist", api_waitlist_routes, api_waitlist_docs },
	{ "committee", api_committee_routes, api_committee_docs },
	{ "support", api_support_routes, api_support_docs },
	{ "dac", api_dac_routes, api_dac_docs },
	{ "plan_tpl", api_plan_tpl_routes, api_plan_tpl_docs },
	{ "view", api_view_routes, api_view_docs },
	{ "visit", api_visit_routes, api_visit_docs },
	{ "visit_scan", api_visit_scan_routes, api_visit_scan_docs },
	{ "visit_feed", api_visit_feed_routes, api_visit_feed_docs },
	{ "note", api_note_routes, api_note_docs },
	{ "proche_planning", api_proche_planning_routes,
	    api_proche_planning_docs },
	{ "live", api_live_routes, api_live_docs },
	{ "message", api_message_routes, api_message_docs },
	{ "alert", api_alert_routes, api_alert_docs },
	{ "test", api_test_routes, api_test_docs },
	{ "home", api_home_routes, api_home_docs },
	{ "alarm", api_alarm_routes, api_alarm_docs },
	{ "roster", api_roster_routes, api_roster_docs },
	{ "bed", api_bed_routes, api_bed_docs },
};
const size_t api_ntables = COUNT(api_tables);

/* The reply schemas routes name in their `out` (the nested ones are
 * reached through them). */
const struct jw_schema *const api_schemas[] = { &api_person_list_schema,
	&api_person_full_schema, &api_person_created_schema,
	&api_person_updated_schema, &api_commune_list_schema,
	&api_country_list_schema, &api_org_list_schema, &api_org_schema,
	&api_partnership_schema, &api_document_schema,
	&api_document_list_schema, &api_aggir_result_schema,
	&api_aggir_eval_schema, &api_aggir_eval_list_schema, &api_dlu_schema,
	&api_caregiver_list_schema, &api_profile_schema, &api_id_schema,
	&api_breakglass_schema, &api_breakglass_list_schema,
	&api_access_list_schema, &api_criteria_list_schema,
	&api_eligibility_schema, &api_referral_schema,
	&api_referral_list_schema, &api_admission_eval_list_schema,
	&api_waitlist_schema, &api_share_list_schema,
	&api_committee_list_schema, &api_committee_schema,
	&api_committee_case_schema, &api_support_list_schema,
	&api_support_schema, &api_person_supports_schema, &api_plan_schema,
	&api_plan_list_schema, &api_pipeline_schema, &api_timeline_schema,
	&api_settings_schema, &api_delays_schema, &api_session_schema,
	&api_notice_list_schema, &api_notice_read_schema, &api_user_schema,
	&api_user_created_schema, &api_user_list_schema, &api_team_schema,
	&api_request_list_schema, &api_request_pending_schema,
	&api_request_approved_schema, &api_request_rejected_schema,
	&api_health_schema, &api_meta_schema, &api_matrix_schema,
	&http_error_schema, &api_person_candidates_schema,
	&api_emergency_list_schema, &api_breakglass_check_schema,
	&api_dlu_missing_schema, &api_dac_list_schema,
	&api_plan_tpl_list_schema, &api_contract_tpl_schema,
	&api_contract_doc_schema, &api_record_view_schema,
	&api_visit_list_schema, &api_visit_occ_schema, &api_visit_series_schema,
	&api_crt_calendar_schema, &api_visit_qr_schema, &api_visit_scan_schema,
	&api_visit_feed_schema, &api_proche_list_schema,
	&api_proche_created_schema, &api_proche_schema, &api_invitation_schema,
	&api_proche_planning_schema, &api_note_schema, &api_note_list_schema,
	&api_note_items_schema, &api_note_receipts_schema,
	&api_note_categories_schema, &api_message_schema,
	&api_message_list_schema, &api_message_members_schema,
	&api_message_recipients_schema, &api_message_read_schema,
	&api_alert_schema, &api_alert_list_schema, &api_test_clock_schema,
	&api_home_schema, &api_alarm_receipt_schema, &api_alarm_schema,
	&api_alarm_list_schema, &api_alarm_operator_list_schema,
	&api_alarm_sub_list_schema, &api_alarm_stats_schema,
	&api_alarm_operator_schema, &api_alarm_operator_secret_schema,
	&api_alarm_settings_schema, &api_oncall_roster_schema,
	&api_oncall_weeks_schema, &api_oncall_now_schema,
	&api_oncall_mine_schema, &api_oncall_publication_schema,
	&api_bed_board_schema, &api_bed_stay_schema, &api_bed_settings_schema,
	&api_bed_allowance_schema, &api_bed_occupancy_schema, NULL };
