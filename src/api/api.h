/*
 * Shared helpers of the API handlers: path ids, JSON output builders,
 * and every route table, assembled for the dispatcher and OpenAPI.
 */
#ifndef API_API_H
#define API_API_H

#include <jansson.h>
#include <stdint.h>

#include "http/route.h"

struct ctx;
struct access_grant;

extern const struct route api_session_routes[];
extern const struct route api_user_routes[];
extern const struct route api_notice_routes[];
extern const struct route api_person_routes[];
extern const struct route api_meta_routes[];
extern const struct route api_aggir_routes[];
extern const struct route api_territory_routes[];
extern const struct route api_directory_routes[];
extern const struct route api_record_routes[];
extern const struct route api_document_routes[];
extern const struct route api_eligibility_routes[];
extern const struct route api_referral_routes[];
extern const struct route api_waitlist_routes[];
extern const struct route api_committee_routes[];
extern const struct route api_support_routes[];
extern const struct route api_dac_routes[];
extern const struct route api_plan_tpl_routes[];
extern const struct route api_view_routes[];
extern const struct route api_visit_routes[];
extern const struct route api_visit_scan_routes[];
extern const struct route api_note_routes[];
extern const struct route api_visit_feed_routes[];
extern const struct route api_alert_routes[];
extern const struct route api_test_routes[];
extern const struct route api_home_routes[];
/* Telealarm calls (api/oncall/api_alarm.c, issue 13). */
extern const struct route api_alarm_routes[];
extern const struct route_doc api_alarm_docs[];
extern const struct jw_schema api_alarm_receipt_schema, api_alarm_schema,
    api_alarm_list_schema, api_alarm_operator_list_schema,
    api_alarm_sub_list_schema, api_alarm_stats_schema,
    api_alarm_operator_schema, api_alarm_operator_secret_schema,
    api_alarm_settings_schema;
extern const struct route api_roster_routes[];
/* Emergency temporary beds (api/volet2/api_bed.c, issue 13). */
extern const struct route api_bed_routes[];
extern const struct route_doc api_bed_docs[];
extern const struct jw_schema api_bed_board_schema, api_bed_stay_schema,
    api_bed_settings_schema, api_bed_allowance_schema, api_bed_occupancy_schema;
/* Query parameters and error codes of routes (route.h). */
extern const struct route_doc api_person_docs[];
extern const struct route_doc api_aggir_docs[];
extern const struct route_doc api_record_docs[];
extern const struct route_doc api_directory_docs[];
extern const struct route_doc api_document_docs[];
extern const struct route_doc api_notice_docs[];
extern const struct route_doc api_referral_docs[];
extern const struct route_doc api_support_docs[];
extern const struct route_doc api_dac_docs[];
extern const struct route_doc api_plan_tpl_docs[];
extern const struct route_doc api_view_docs[];
extern const struct route_doc api_visit_docs[];
extern const struct route_doc api_visit_scan_docs[];
extern const struct route_doc api_note_docs[];
extern const struct route_doc api_visit_feed_docs[];
extern const struct route api_live_routes[];
extern const struct route api_message_routes[];
extern const struct route_doc api_message_docs[];
/* Conversations (api/coordination/api_message.c). */
extern const struct jw_schema api_message_schema, api_message_list_schema;
extern const struct jw_schema api_message_members_schema,
    api_message_recipients_schema, api_message_read_schema;
extern const struct route_doc api_live_docs[];
extern const struct route_doc api_alert_docs[];
extern const struct route_doc api_test_docs[];
extern const struct route_doc api_home_docs[];
extern const struct route_doc api_roster_docs[];
extern const struct route_doc api_territory_docs[];
extern const struct route_doc api_user_docs[];
extern const struct route_doc api_eligibility_docs[];
extern const struct route_doc api_waitlist_docs[];
extern const struct route_doc api_committee_docs[];
extern const struct route_doc api_session_docs[];
extern const struct route_doc api_meta_docs[];
/* Success replies besides the rows' own status (route.h). */
extern const struct route_reply api_user_replies[];

/* The query parameters ?limit=&offset= (api_paging) and their errors,
 * for route_doc rows. */
#define API_PAGING_PARAMS \
	{ "limit", JV_INT, 1, 200, NULL, "50", "Taille de la page" }, \
	{ \
		"offset", JV_INT, 0, 100000000, NULL, "0", \
		    "Décalage de la page" \
	}
#define API_PAGING_ERRORS \
	{ E_INVALID, "paging.limit.invalid" }, \
	{ \
		E_INVALID, "paging.offset.invalid" \
	}

/* The errors of access_require() on a person's route (route_doc rows). */
#define API_ACCESS_ERRORS \
	{ E_NOT_FOUND, "person.not_found" }, { E_FORBIDDEN, "access.denied" }, \
	{ \
		E_FORBIDDEN, "breakglass.scope" \
	}

/* Every table, for the server, openapi.json and docs/API.md. */
extern const struct route_table api_tables[];
extern const size_t api_ntables;

struct commune;

struct jw;
struct jw_schema;

/* Described replies (json/jw.h): the commune (api_territory.c) and the grant, as members
 * of an object being written; their schemas for OpenAPI. */
extern const struct jw_schema api_commune_schema;
extern const struct jw_schema api_grant_schema;
void api_commune_write(struct jw *, int f, const struct commune *);
void api_grant_write(struct jw *, int f, const struct access_grant *);
/* The four members role, role_label, profession, profession_label of an
 * account's description (fl: flags of the two codes; the labels are null
 * for a code without one), and their writer from member f (the index of
 * role) on. Needs access/access.h where it expands. */
#define API_ROLE_F(X, S, fl) \
	X(S, role, JW_ENUM, fl, access_role_codes, NULL, "Rôle") \
	X(S, role_label, JW_STR, JW_NULLABLE, NULL, NULL, "Libellé du rôle") \
	X(S, profession, JW_ENUM, fl, access_prof_codes, NULL, "Profession") \
	X(S, profession_label, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Libellé de la profession")
void
api_role_write(struct jw *, int f, const char *role, const char *profession);
/* Finishes a described reply and hands its bytes to the request. */
void api_reply(struct req *, struct jw *);
/* The reply of a route whose writer returned rc: w's reply (begun by the
 * writer) when rc is E_OK; rc, the status, either way. */
int api_reply_if(struct req *, struct jw *, int rc);

/*
 * The record's parts, each the whole reply of its own GET route (the
 * route calls it, then api_reply): the part's access_require (decided and
 * traced as that route), its reads, and its reply begun in *w (finish it
 * with api_reply or jw_embed). On an error nothing is left to release and
 * ctx->err says why. GET /persons/{id}/record (api_view.c) asks several.
 */
int
api_person_part(struct ctx *, int64_t id, struct jw *, struct access_grant *);
int api_aggir_part(struct ctx *, int64_t id, struct jw *);
int api_dlu_part(struct ctx *, int64_t id, struct jw *);
int api_profile_part(struct ctx *, int64_t id, struct jw *);
int api_caregivers_part(struct ctx *, int64_t id, struct jw *);
int api_documents_part(struct ctx *, int64_t id, struct jw *);
int api_timeline_part(struct ctx *, int64_t id, struct jw *);
int api_supports_part(struct ctx *, int64_t id, struct jw *);
int api_referrals_part(struct ctx *, int64_t id, struct jw *);
/* The planning's week (coordination, `week`: its Monday, NULL: this
 * week) and the proche accounts (platform), issue 10 §12. */
int api_visits_part(struct ctx *, int64_t id, const char *week, struct jw *);
int api_proches_part(struct ctx *, int64_t id, struct jw *);
/* The plan the circle proposal reads (volet 2): E_NOT_FOUND without an
 * error when the person has none. */
int api_plan_part(struct ctx *, int64_t id, struct jw *);
/* The liaison notebook's first page (api/coordination/api_note.c). */
int api_notes_part(struct ctx *, int64_t id, struct jw *);
int api_messages_part(struct ctx *, int64_t id, struct jw *);
extern const struct jw_schema api_record_view_schema;
extern const struct jw_schema api_person_schema;
extern const struct jw_schema api_person_list_schema;
extern const struct jw_schema api_emergency_list_schema;
extern const struct jw_schema api_breakglass_check_schema;
extern const struct jw_schema api_dlu_missing_schema;
extern const struct jw_schema api_dlu_schema;
extern const struct jw_schema api_person_full_schema;
extern const struct jw_schema api_person_created_schema;
extern const struct jw_schema api_person_updated_schema;
extern const struct jw_schema api_person_candidates_schema;
extern const struct jw_schema api_person_flags_schema;
extern const struct jw_schema api_person_data_schema;
/* {"id","name"} of a user (api_person.c), as member f. */
extern const struct jw_schema api_user_ref_schema;
void api_user_ref_write(struct jw *, int f, int64_t id, const char *name);
/* {"id"}: the reply of a creation that returns only its id
 * (api_person.c). */
extern const struct jw_schema api_id_schema;
extern const struct jw_schema api_dac_list_schema;
extern const struct jw_schema api_plan_tpl_list_schema;
extern const struct jw_schema api_contract_tpl_schema;
extern const struct jw_schema api_contract_doc_schema;
/* Visits (api/coordination/api_visit.c). */
extern const struct jw_schema api_visit_list_schema, api_visit_occ_schema,
    api_visit_series_schema, api_crt_calendar_schema, api_visit_qr_schema,
    api_visit_scan_schema, api_visit_feed_schema;
/* The liaison notebook (api/coordination/api_note.c). */
extern const struct jw_schema api_note_schema, api_note_list_schema,
    api_note_items_schema, api_note_receipts_schema, api_note_categories_schema;
/* Alerts (api/coordination/api_alert.c) and the test clock (api_test.c,
 * issue 12). */
/* The on-call roster (api/oncall/api_roster.c). */
extern const struct jw_schema api_oncall_roster_schema, api_oncall_weeks_schema,
    api_oncall_now_schema, api_oncall_mine_schema,
    api_oncall_publication_schema;
extern const struct jw_schema api_alert_schema, api_alert_list_schema,
    api_test_clock_schema, api_home_schema;
void api_id_reply(struct req *, int64_t id);
/* Record and directory replies (api_record.c, api_aggir.c,
 * api_document.c, api_directory.c, api_territory.c). */
extern const struct jw_schema api_commune_list_schema, api_org_list_schema,
    api_org_schema, api_partnership_schema, api_document_schema,
    api_document_list_schema, api_aggir_result_schema, api_aggir_eval_schema,
    api_aggir_eval_list_schema, api_dlu_schema, api_caregiver_list_schema,
    api_profile_schema, api_breakglass_schema, api_breakglass_list_schema,
    api_access_list_schema;
/* Volet 2 replies (api/volet2/). */
extern const struct jw_schema api_criteria_list_schema;
extern const struct jw_schema api_eligibility_schema;
extern const struct jw_schema api_referral_schema;
extern const struct jw_schema api_referral_list_schema;
extern const struct jw_schema api_admission_eval_list_schema;
extern const struct jw_schema api_waitlist_schema;
extern const struct jw_schema api_share_list_schema;
extern const struct jw_schema api_committee_list_schema;
extern const struct jw_schema api_committee_schema;
extern const struct jw_schema api_committee_case_schema;
extern const struct jw_schema api_support_list_schema;
extern const struct jw_schema api_support_schema;
extern const struct jw_schema api_person_supports_schema;
extern const struct jw_schema api_plan_schema;
extern const struct jw_schema api_plan_list_schema;
extern const struct jw_schema api_pipeline_schema;
extern const struct jw_schema api_timeline_schema;
extern const struct jw_schema api_settings_schema;
extern const struct jw_schema api_delays_schema;
/* The places left against the file-active target, as member f. */
struct support_places;
extern const struct jw_schema api_support_places_schema;
void
api_support_places_write(struct jw *, int f, const struct support_places *);
extern const struct jw_schema api_country_list_schema;
/* {id, birth_name, first_names (RNIV), their display forms, birth_date,
 * sex} of a person, as member f; names[4]: birth name, first names,
 * then their display forms. */
extern const struct jw_schema api_person_ref_schema;
void api_person_ref_write(struct jw *, int f, int64_t id,
    const char *const names[4], const char *birth_date, const char *sex);
extern const struct jw_schema api_session_schema;
extern const struct jw_schema api_notice_list_schema;
extern const struct jw_schema api_notice_read_schema;
extern const struct jw_schema api_user_schema;
extern const struct jw_schema api_user_created_schema;
extern const struct jw_schema api_user_list_schema;
extern const struct jw_schema api_team_schema;
extern const struct jw_schema api_request_list_schema;
extern const struct jw_schema api_request_pending_schema;
extern const struct jw_schema api_request_approved_schema;
extern const struct jw_schema api_request_rejected_schema;
extern const struct jw_schema api_health_schema;
extern const struct jw_schema api_meta_schema;
extern const struct jw_schema api_matrix_schema;
/* Every described reply schema, NULL-ended (openapi.c). */
extern const struct jw_schema *const api_schemas[];

/* Parses ?limit=&offset= with bounds; E_INVALID on bad values. */
int api_paging(struct ctx *, const struct req *, int *limit, int *offset);
/* Issue 12 review (F19): 422 query.repeated (field: its name) when a
 * query parameter is given twice (one value would otherwise silently
 * win). */
int api_query_once(struct ctx *, const struct req *);
#define API_QUERY_ONCE_ERROR \
	{ \
		E_INVALID, "query.repeated" \
	}
/* Reads a positive integer query parameter (0 if absent). */
int
api_query_id(struct ctx *, const struct req *, const char *name, int64_t *out);

/* The session reply (api_session.c): the user and the CSRF token; also
 * the answer of an invitation that signs the proche in (api_proche.c). */
struct session_user;
void
api_session_reply(struct req *, const struct session_user *, const char *csrf);
/* E_OK when the (login, address) pair and the address may try now, else
 * 429 auth.throttled / auth.locked with Retry-After (api_session.c). */
int api_throttle_gate(struct ctx *, struct req *, const char *login);
/* The policy on a new password (length, common words, the login): E_OK
 * or 422 password.new.too_short / .weak / .login on `field`. */
int api_new_password_check(
    struct ctx *, const char *pw, const char *login, const char *field);
/* Opens a session for the account (writer): the session row, the login
 * trace, the cookie and the session reply (api_session.c). */
int
api_session_open(struct ctx *, struct req *, int64_t crt_id, int64_t user_id);
extern const struct route api_proche_routes[];
extern const struct route api_proche_planning_routes[];
extern const struct route_doc api_proche_planning_docs[];
extern const struct jw_schema api_proche_planning_schema;
extern const struct route_doc api_proche_docs[];
extern const struct jw_schema api_proche_list_schema;
extern const struct jw_schema api_proche_created_schema;
extern const struct jw_schema api_proche_schema;
extern const struct jw_schema api_invitation_schema;
/* Hooks given to the dispatcher (api_session.c). */
int api_session_hook(struct ctx *, struct req *);
int api_csrf_hook(struct ctx *, struct req *);
int api_permits_hook(struct ctx *, unsigned perm);
/*
 * Live updates (api_live.c, issue 12). api_live_start(): reads the last
 * event id, hooks the publication to the writer's commits (before
 * commit_start) and, on PostgreSQL, starts the LISTEN thread; -1 on a
 * database error. api_live_stop(): stops that thread (after http_stop).
 * api_live_reads(), api_live_crt_event(): the streams' filter
 * (http_hooks.reads and .crt_event, http/live.h).
 */
struct live_msg;
int api_live_start(const char *url);
void api_live_stop(void);
unsigned api_live_reads(struct ctx *, int64_t person_id);
int api_live_crt_event(struct ctx *, const struct live_msg *);
int api_live_on_duty(struct ctx *);

#endif
