/*
 * Telealarm calls (issue 13, domain/oncall/alarm.h): the operators'
 * signed messages (POST /api/v1/alarms, Standard Webhooks: no session,
 * no CSRF; the signature is checked in `prepare`, on the network thread,
 * before the body is even parsed), the calls and their handling, the
 * operators of the CRT and the subscriber references of a person.
 * Replies are described with the typed writer (json/jw.h).
 */
#include <stddef.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "base/arena.h"
#include "base/ctx.h"
#include "domain/oncall/alarm.h"
#include "json/jv.h"
#include "json/jw.h"

static const char *const list_states[] = { "open", "taken", "closed",
	"cancelled", "active", NULL };

#define RECEIPT_F(X, S) \
	X(S, event_id, JW_STR, 0, NULL, NULL, "Identifiant de l'événement") \
	X(S, action, JW_ENUM, 0, alarm_action_codes, NULL, "Action reçue") \
	X(S, call_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Appel (null : un heartbeat)") \
	X(S, received_at, JW_DATETIME, 0, NULL, NULL, \
	    "Reçu par Maillage le (UTC ; le même à chaque rejeu)")
JW_FIELDS(RECEIPT, RECEIPT_F);
JW_ROWS(RECEIPT, RECEIPT_F);
const struct jw_schema api_alarm_receipt_schema = JW_INIT(
    RECEIPT, "AlarmReceipt", "Accusé de réception d'un message d'opérateur");

#define STEP_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Étape") \
	X(S, kind, JW_ENUM, 0, alarm_step_codes, NULL, "Étape") \
	X(S, label, JW_STR, 0, NULL, NULL, "Étape, en français") \
	X(S, at, JW_DATETIME, 0, NULL, NULL, "Le (UTC)") \
	X(S, by_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Par (null : l'opérateur ou Maillage)") \
	X(S, detail, JW_STR, JW_NULLABLE, NULL, NULL, "Détail")
JW_FIELDS(STEP, STEP_F);
JW_ROWS(STEP, STEP_F);
const struct jw_schema api_alarm_step_schema =
    JW_INIT(STEP, "AlarmStep", "Étape datée et attribuée d'un appel");

#define CALL_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Appel") \
	X(S, person_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Personne (null : abonné inconnu du CRT, appel non rapproché)") \
	X(S, matched, JW_BOOL, 0, NULL, NULL, \
	    "Rapproché d'une personne du CRT") \
	X(S, identity_hidden, JW_BOOL, 0, NULL, NULL, \
	    "Identité masquée par la décision d'accès") \
	X(S, birth_name_display, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Nom de naissance tel que saisi") \
	X(S, first_names_display, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Prénom(s)") \
	X(S, used_name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom d'usage") \
	X(S, source, JW_ENUM, 0, alarm_source_codes, NULL, \
	    "operator : reçu d'un opérateur ; manual : saisi à la main") \
	X(S, operator_name, JW_STR, JW_NULLABLE, NULL, NULL, "Opérateur") \
	X(S, correlation_key, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Clé de l'incident chez l'opérateur") \
	X(S, subscriber_ref, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Référence de l'abonné chez l'opérateur") \
	X(S, state, JW_ENUM, 0, alarm_state_codes, NULL, \
	    "open : à prendre ; taken : pris en charge ; closed ; cancelled") \
	X(S, level, JW_INT, 0, NULL, NULL, "Niveau d'astreinte (1, 2, 3)") \
	X(S, escalate_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Passe au niveau suivant le, s'il n'est pas pris") \
	X(S, device_type, JW_ENUM, JW_NULLABLE, alarm_device_codes, NULL, \
	    "Type d'appareil (SCAIP)") \
	X(S, status, JW_ENUM, JW_NULLABLE, alarm_status_codes, NULL, \
	    "Statut (SCAIP)") \
	X(S, priority, JW_ENUM, 0, alarm_priority_codes, NULL, "Priorité") \
	X(S, location, JW_STR, JW_NULLABLE, NULL, NULL, "Lieu") \
	X(S, occurred_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Survenu le") \
	X(S, operator_received_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Reçu par l'opérateur le") \
	X(S, sent_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Envoyé par l'opérateur le") \
	X(S, spoke_with_person, JW_BOOL, JW_NULLABLE, NULL, NULL, \
	    "L'opérateur a parlé avec la personne") \
	X(S, reached_network, JW_BOOL, JW_NULLABLE, NULL, NULL, \
	    "L'opérateur a joint le réseau de solidarité") \
	X(S, reason, JW_ENUM, JW_NULLABLE, alarm_reason_codes, NULL, \
	    "Motif de l'appel au CRT") \
	X(S, callback_number, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Numéro de rappel") \
	X(S, received_at, JW_DATETIME, 0, NULL, NULL, "Reçu le (UTC)") \
	X(S, created_by_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Saisi par (appel saisi à la main)") \
	X(S, taken_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Pris le") \
	X(S, taken_by_name, JW_STR, JW_NULLABLE, NULL, NULL, "Pris par") \
	X(S, outcome, JW_ENUM, JW_NULLABLE, alarm_outcome_codes, NULL, \
	    "Issue") \
	X(S, outcome_text, JW_STR, JW_NULLABLE, NULL, NULL, "Issue, en clair") \
	X(S, closed_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Clos le") \
	X(S, closed_by_name, JW_STR, JW_NULLABLE, NULL, NULL, "Clos par") \
	X(S, cancelled_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Annulé par l'opérateur le") \
	X(S, steps, JW_ARR, JW_OPTIONAL, NULL, &api_alarm_step_schema, \
	    "Les étapes, dans l'ordre (un appel seul)")
JW_FIELDS(CALL, CALL_F);
JW_ROWS(CALL, CALL_F);
const struct jw_schema api_alarm_schema =
    JW_INIT(CALL, "Alarm", "Appel de téléassistance et son traitement");

#define CLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &api_alarm_schema, \
	    "Appels, les plus récents d'abord")
JW_FIELDS(CLIST, CLIST_F);
JW_ROWS(CLIST, CLIST_F);
const struct jw_schema api_alarm_list_schema =
    JW_INIT(CLIST, "AlarmList", "Appels de téléassistance");

#define OPER_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Opérateur") \
	X(S, code, JW_STR, 0, NULL, NULL, "Code (en-tête X-Operator)") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom") \
	X(S, heartbeat_minutes, JW_INT, 0, NULL, NULL, \
	    "Heartbeat attendu au moins toutes les (minutes)") \
	X(S, last_heartbeat_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Dernier heartbeat reçu le") \
	X(S, disabled, JW_BOOL, 0, NULL, NULL, "Désactivé") \
	X(S, secret_set_at, JW_DATETIME, 0, NULL, NULL, \
	    "Secret actuel créé le") \
	X(S, previous_until, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "L'ancien secret reste valide jusqu'au (24 h après une rotation ; " \
	    "null : aucun)")
JW_FIELDS(OPER, OPER_F);
JW_ROWS(OPER, OPER_F);
const struct jw_schema api_alarm_operator_schema = JW_INIT(
    OPER, "AlarmOperator", "Opérateur de téléassistance (sans son secret)");

/* SPEC: issue 13 §2 — the secret, answered once (creation, rotation). */
#define OSECRET_F(X, S) \
	X(S, operator, JW_OBJ, 0, NULL, &api_alarm_operator_schema, \
	    "L'opérateur") \
	X(S, secret, JW_STR, 0, NULL, NULL, \
	    "Son secret (Standard Webhooks, whsec_…) : affiché cette fois " \
	    "seulement") \
	X(S, previous_until, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Après une rotation, l'ancien secret reste valide jusqu'au")
JW_FIELDS(OSECRET, OSECRET_F);
JW_ROWS(OSECRET, OSECRET_F);
const struct jw_schema api_alarm_operator_secret_schema = JW_INIT(OSECRET,
    "AlarmOperatorSecret", "Un opérateur et son secret, affiché une fois");

#define ASET_F(X, S) \
	X(S, escalation_minutes, JW_INT, 0, NULL, NULL, \
	    "Appel non pris en charge après (minutes) : escalade au niveau " \
	    "suivant")
JW_FIELDS(ASET, ASET_F);
JW_ROWS(ASET, ASET_F);
const struct jw_schema api_alarm_settings_schema = JW_INIT(
    ASET, "AlarmSettings", "Réglages de l'astreinte téléassistance du CRT");

#define OLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &api_alarm_operator_schema, "Opérateurs")
JW_FIELDS(OLIST, OLIST_F);
JW_ROWS(OLIST, OLIST_F);
const struct jw_schema api_alarm_operator_list_schema =
    JW_INIT(OLIST, "AlarmOperatorList", "Opérateurs de téléassistance du CRT");

#define SUB_F(X, S) \
	X(S, operator_id, JW_INT, 0, NULL, NULL, "Opérateur") \
	X(S, operator_name, JW_STR, 0, NULL, NULL, "Opérateur, son nom") \
	X(S, subscriber_ref, JW_STR, 0, NULL, NULL, "Référence de l'abonné")
JW_FIELDS(SUB, SUB_F);
JW_ROWS(SUB, SUB_F);
const struct jw_schema api_alarm_sub_schema = JW_INIT(SUB, "AlarmSubscriber",
    "Référence d'abonné de la personne chez un opérateur");

#define SLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &api_alarm_sub_schema, "Références")
JW_FIELDS(SLIST, SLIST_F);
JW_ROWS(SLIST, SLIST_F);
const struct jw_schema api_alarm_sub_list_schema = JW_INIT(SLIST,
    "AlarmSubscriberList", "Références de téléassistance de la personne");

static const char *
label_of(const char *const *codes, const char *const *labels, const char *c)
{
	int i = jv_enum_index(codes, c);

	return i >= 0 ? labels[i] : c;
}

static void
write_bool3(struct jw *w, int f, int v)
{
	if (v < 0)
		jw_null(w, f);
	else
		jw_bool(w, f, v);
}

static void
write_call(struct jw *w, const struct alarm_call *c, int steps)
{
	int i;

	jw_int(w, CALL_id, c->id);
	jw_id_or_null(w, CALL_person_id, c->person_id);
	jw_bool(w, CALL_matched, c->person_id != 0);
	jw_bool(w, CALL_identity_hidden, c->identity_hidden);
	jw_str(w, CALL_birth_name_display, c->birth_name);
	jw_str(w, CALL_first_names_display, c->first_names);
	jw_str(w, CALL_used_name, c->used_name);
	jw_str(w, CALL_source, c->source);
	jw_str(w, CALL_operator_name, c->operator_name);
	jw_str(w, CALL_correlation_key, c->correlation_key);
	jw_str(w, CALL_subscriber_ref, c->subscriber_ref);
	jw_str(w, CALL_state, c->state);
	jw_int(w, CALL_level, c->level);
	jw_str(w, CALL_escalate_at, c->escalate_at);
	jw_str(w, CALL_device_type, c->device_type);
	jw_str(w, CALL_status, c->status_code);
	jw_str(w, CALL_priority, c->priority);
	jw_str(w, CALL_location, c->location);
	jw_str(w, CALL_occurred_at, c->occurred_at);
	jw_str(w, CALL_operator_received_at, c->operator_received_at);
	jw_str(w, CALL_sent_at, c->sent_at);
	write_bool3(w, CALL_spoke_with_person, c->spoke_with_person);
	write_bool3(w, CALL_reached_network, c->reached_network);
	jw_str(w, CALL_reason, c->reason);
	jw_str(w, CALL_callback_number, c->callback_number);
	jw_str(w, CALL_received_at, c->received_at);
	jw_str(w, CALL_created_by_name, c->created_by_name);
	jw_str(w, CALL_taken_at, c->taken_at);
	jw_str(w, CALL_taken_by_name, c->taken_by_name);
	jw_str(w, CALL_outcome, c->outcome);
	jw_str(w, CALL_outcome_text, c->outcome_text);
	jw_str(w, CALL_closed_at, c->closed_at);
	jw_str(w, CALL_closed_by_name, c->closed_by_name);
	jw_str(w, CALL_cancelled_at, c->cancelled_at);
	if (!steps)
		return;
	jw_arr_begin(w, CALL_steps);
	for (i = 0; i < c->nsteps; i++) {
		jw_item_obj_begin(w);
		jw_int(w, STEP_id, c->steps[i].id);
		jw_str(w, STEP_kind, c->steps[i].kind);
		jw_str(w, STEP_label,
		    label_of(
			alarm_step_codes, alarm_step_labels, c->steps[i].kind));
		jw_str(w, STEP_at, c->steps[i].at);
		jw_str(w, STEP_by_name, c->steps[i].by_name);
		jw_str(w, STEP_detail, c->steps[i].detail);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static int
reply_call(struct ctx *ctx, struct req *req, int64_t id)
{
	struct alarm_call c;
	struct jw w;
	int rc = alarm_get(ctx, id, &c);

	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_alarm_schema);
	write_call(&w, &c, 1);
	api_reply(req, &w);
	return E_OK;
}

/* ---- POST /api/v1/alarms: the operators' signed messages ---- */

struct signed_msg {
	struct alarm_operator op;
	struct alarm_msg msg;
};

/* On the network thread: the signature first (an unsigned caller learns
 * nothing of the body's rules), then the body. */
static int
alarms_prepare(struct ctx *ctx, struct req *req)
{
	struct alarm_hook h = { req->hook.op, req->hook.id, req->hook.timestamp,
		req->hook.signature };
	struct signed_msg *s;
	int rc;

	s = arena_zalloc(&ctx->arena, sizeof(*s));
	if (s == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "La requête est trop volumineuse.");
	rc = alarm_authenticate(ctx, &h, req->body, req->body_len, &s->op);
	if (rc == E_OK)
		rc = alarm_msg_parse(
		    ctx, req->body, req->body_len, req->hook.id, &s->msg);
	if (rc == E_OK)
		req->state = s;
	return rc;
}

static int
alarms_post(struct ctx *ctx, struct req *req)
{
	const struct signed_msg *s = req->state;
	struct alarm_receipt r;
	struct jw w;
	int rc;

	rc = alarm_ingest(ctx, &s->op, &s->msg, req->body, req->body_len, &r);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_alarm_receipt_schema);
	jw_str(&w, RECEIPT_event_id, r.event_id);
	jw_str(&w, RECEIPT_action, r.action);
	jw_id_or_null(&w, RECEIPT_call_id, r.call_id);
	jw_str(&w, RECEIPT_received_at, r.received_at);
	api_reply(req, &w);
	return E_OK;
}

/* ---- The calls ---- */

static int
alarms_get(struct ctx *ctx, struct req *req)
{
	struct alarm_query q;
	struct alarm_call *v;
	struct jw w;
	int n, i, rc;

	memset(&q, 0, sizeof(q));
	q.state = req_query(req, "state");
	if (q.state != NULL && jv_enum_index(list_states, q.state) < 0)
		return err_set(ctx, E_INVALID, "query.state.invalid", "state",
		    "L'état (state) doit être open, taken, closed, cancelled "
		    "ou active.");
	rc = api_query_id(ctx, req, "person_id", &q.person_id);
	if (rc == E_OK)
		rc = alarm_list(ctx, &q, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_alarm_list_schema);
	jw_arr_begin(&w, CLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		write_call(&w, &v[i], 0);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static int
alarm_one_get(struct ctx *ctx, struct req *req)
{
	return reply_call(ctx, req, req->ids[0]);
}

struct manual_in {
	struct jv_int person_id;
	struct jv_str priority, reason, reason_text, location, callback_number;
};

#define MI(f) offsetof(struct manual_in, f)
static const struct jv_field manual_fields[] = {
	{ "person_id", JV_INT, MI(person_id), JV_NULL, 1, 900719925474099LL,
	    NULL, "Personne (si elle est connue)", NULL, 0 },
	{ "priority", JV_ENUM, MI(priority), JV_NULL, 0, 0,
	    alarm_priority_codes, "Priorité", NULL, 0 },
	{ "reason", JV_ENUM, MI(reason), JV_REQ, 0, 0, alarm_reason_codes,
	    "Motif de l'appel", NULL, 0 },
	{ "reason_text", JV_STR, MI(reason_text), JV_NULL | JV_MULTI, 1, 1000,
	    NULL, "Ce qui est dit", NULL, 0 },
	{ "location", JV_STR, MI(location), JV_NULL | JV_MULTI, 1, 500, NULL,
	    "Lieu", NULL, 0 },
	{ "callback_number", JV_STR, MI(callback_number), JV_NULL, 3, 32, NULL,
	    "Numéro de rappel", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};
#undef MI

static int
alarm_manual_post(struct ctx *ctx, struct req *req)
{
	const struct manual_in *in = req->in;
	struct alarm_manual m;
	int64_t id;
	int rc;

	m.person_id = jv_int_or(&in->person_id, 0);
	m.priority = jv_str_or(&in->priority, NULL);
	m.reason = jv_str_or(&in->reason, NULL);
	m.reason_text = jv_str_or(&in->reason_text, NULL);
	m.location = jv_str_or(&in->location, NULL);
	m.callback_number = jv_str_or(&in->callback_number, NULL);
	rc = alarm_create_manual(ctx, &m, &id);
	return rc != E_OK ? rc : reply_call(ctx, req, id);
}

static const char *const step_kinds[] = { "take", "advice", "left", "arrived",
	"left_home", "level2_called", "samu_called", "close", NULL };

struct step_in {
	struct jv_str kind, detail, outcome;
};

static const struct jv_field step_fields[] = {
	{ "kind", JV_ENUM, offsetof(struct step_in, kind), JV_REQ, 0, 0,
	    step_kinds, "Étape", NULL, 0 },
	{ "detail", JV_STR, offsetof(struct step_in, detail),
	    JV_NULL | JV_MULTI, 1, 2000, NULL,
	    "Conseil donné, ce qui a été fait, l'issue en clair", NULL, 0 },
	{ "outcome", JV_ENUM, offsetof(struct step_in, outcome), JV_NULL, 0, 0,
	    alarm_outcome_codes, "Issue (clôture)", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
alarm_step_post(struct ctx *ctx, struct req *req)
{
	const struct step_in *in = req->in;
	int rc;

	rc = alarm_step_add(ctx, req->ids[0], in->kind.s,
	    jv_str_or(&in->detail, NULL), jv_str_or(&in->outcome, NULL));
	return rc != E_OK ? rc : reply_call(ctx, req, req->ids[0]);
}

/* ---- Operators and subscriber references ---- */

static void
write_operator(struct jw *w, const struct alarm_operator_row *o)
{
	jw_int(w, OPER_id, o->id);
	jw_str(w, OPER_code, o->code);
	jw_str(w, OPER_name, o->name);
	jw_int(w, OPER_heartbeat_minutes, o->heartbeat_minutes);
	jw_str(w, OPER_last_heartbeat_at, o->last_heartbeat_at);
	jw_bool(w, OPER_disabled, o->disabled);
	jw_str(w, OPER_secret_set_at, o->secret_set_at);
	jw_str(w, OPER_previous_until, o->previous_until);
}

static int
operators_get(struct ctx *ctx, struct req *req)
{
	struct alarm_operator_row *v;
	struct jw w;
	int n, i, rc = alarm_operator_list(ctx, &v, &n);

	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_alarm_operator_list_schema);
	jw_arr_begin(&w, OLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		write_operator(&w, &v[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static int
reply_operator(struct ctx *ctx, struct req *req, int64_t id)
{
	struct alarm_operator_row o;
	struct jw w;
	int rc = alarm_operator_get(ctx, id, &o);

	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_alarm_operator_schema);
	write_operator(&w, &o);
	api_reply(req, &w);
	return E_OK;
}

/* The operator and its new secret: the one answer that holds it. */
static int
reply_secret(struct ctx *ctx, struct req *req, int64_t id, const char *secret,
    const char *previous_until)
{
	struct alarm_operator_row o;
	struct jw w;
	int rc = alarm_operator_get(ctx, id, &o);

	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_alarm_operator_secret_schema);
	jw_obj_begin(&w, OSECRET_operator);
	write_operator(&w, &o);
	jw_obj_end(&w);
	jw_str(&w, OSECRET_secret, secret);
	jw_str(&w, OSECRET_previous_until, previous_until);
	api_reply(req, &w);
	return E_OK;
}

struct oper_in {
	struct jv_str code, name;
	struct jv_int heartbeat_minutes;
	struct jv_bool disabled;
};
#define OI(f) offsetof(struct oper_in, f)
static const struct jv_field oper_create_fields[] = {
	{ "code", JV_STR, OI(code), JV_REQ, 3, 64, NULL,
	    "Code (en-tête X-Operator)", NULL, 0 },
	{ "name", JV_STR, OI(name), JV_REQ, 2, 120, NULL, "Nom", NULL, 0 },
	{ "heartbeat_minutes", JV_INT, OI(heartbeat_minutes), 0, 1,
	    ALARM_HEARTBEAT_MAX_MIN, NULL,
	    "Délai sans heartbeat avant l'alerte (minutes ; 15 par défaut)",
	    NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};
static const struct jv_field oper_patch_fields[] = {
	{ "name", JV_STR, OI(name), 0, 2, 120, NULL, "Nom", NULL, 0 },
	{ "heartbeat_minutes", JV_INT, OI(heartbeat_minutes), 0, 1,
	    ALARM_HEARTBEAT_MAX_MIN, NULL,
	    "Délai sans heartbeat avant l'alerte (minutes)", NULL, 0 },
	{ "disabled", JV_BOOL, OI(disabled), 0, 0, 0, NULL,
	    "Désactivé (ses messages sont refusés)", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};
#undef OI

static int
operator_post(struct ctx *ctx, struct req *req)
{
	const struct oper_in *in = req->in;
	const char *secret;
	int64_t id;
	int rc;

	rc = alarm_operator_add(ctx, in->code.s, in->name.s,
	    in->heartbeat_minutes.set ? in->heartbeat_minutes.v : 15, &id,
	    &secret);
	return rc != E_OK ? rc : reply_secret(ctx, req, id, secret, NULL);
}

static int
operator_patch(struct ctx *ctx, struct req *req)
{
	const struct oper_in *in = req->in;
	int rc;

	rc = alarm_operator_update(ctx, req->ids[0],
	    in->name.set ? in->name.s : NULL,
	    in->heartbeat_minutes.set ? in->heartbeat_minutes.v : 0,
	    in->disabled.set ? in->disabled.v : -1);
	return rc != E_OK ? rc : reply_operator(ctx, req, req->ids[0]);
}

/* The rotation takes an empty object ({}): every write has a body. */
struct empty_in {
	int unused;
};
static const struct jv_field empty_fields[] = { { NULL, 0, 0, 0, 0, 0, NULL,
    NULL, NULL, 0 } };

static int
operator_rotate_post(struct ctx *ctx, struct req *req)
{
	const char *secret, *until;
	int rc;

	rc = alarm_operator_rotate(ctx, req->ids[0], &secret, &until);
	return rc != E_OK ? rc
			  : reply_secret(ctx, req, req->ids[0], secret, until);
}

static int
reply_settings(struct ctx *ctx, struct req *req)
{
	int64_t s;
	struct jw w;
	int rc = alarm_escalation_get(ctx, &s);

	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_alarm_settings_schema);
	jw_int(&w, ASET_escalation_minutes, (s + 59) / 60);
	api_reply(req, &w);
	return E_OK;
}

static int
settings_get(struct ctx *ctx, struct req *req)
{
	return reply_settings(ctx, req);
}

struct aset_in {
	struct jv_int escalation_minutes;
};
static const struct jv_field aset_fields[] = {
	{ "escalation_minutes", JV_INT,
	    offsetof(struct aset_in, escalation_minutes), JV_REQ, 1, 60, NULL,
	    "Délai avant l'escalade (minutes, 2 par défaut)", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
settings_put(struct ctx *ctx, struct req *req)
{
	const struct aset_in *in = req->in;
	int rc = alarm_escalation_set(ctx, in->escalation_minutes.v * 60);

	return rc != E_OK ? rc : reply_settings(ctx, req);
}

static int
reply_subs(struct ctx *ctx, struct req *req, int64_t person_id)
{
	struct alarm_subscriber *v;
	struct jw w;
	int n, i, rc = alarm_subscriber_list(ctx, person_id, &v, &n);

	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_alarm_sub_list_schema);
	jw_arr_begin(&w, SLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, SUB_operator_id, v[i].operator_id);
		jw_str(&w, SUB_operator_name, v[i].operator_name);
		jw_str(&w, SUB_subscriber_ref, v[i].subscriber_ref);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static int
subs_get(struct ctx *ctx, struct req *req)
{
	return reply_subs(ctx, req, req->ids[0]);
}

struct sub_item {
	struct jv_int operator_id;
	struct jv_str subscriber_ref;
};

static const struct jv_field sub_item_fields[] = {
	{ "operator_id", JV_INT, offsetof(struct sub_item, operator_id), JV_REQ,
	    1, 900719925474099LL, NULL, "Opérateur", NULL, 0 },
	{ "subscriber_ref", JV_STR, offsetof(struct sub_item, subscriber_ref),
	    JV_REQ, 1, 64, NULL, "Référence de l'abonné", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct subs_in {
	struct jv_arr items;
};

static const struct jv_field subs_fields[] = {
	{ "items", JV_ARR, offsetof(struct subs_in, items), JV_REQ, 0, 8, NULL,
	    "Références (8 au plus ; vide : aucune)", sub_item_fields,
	    sizeof(struct sub_item) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
subs_put(struct ctx *ctx, struct req *req)
{
	const struct subs_in *in = req->in;
	const struct sub_item *it = in->items.items;
	struct alarm_subscriber *v;
	int i, rc;

	v = arena_zalloc(&ctx->arena, sizeof(*v) * (size_t)(in->items.n + 1));
	if (v == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "La requête est trop volumineuse.");
	for (i = 0; i < in->items.n; i++) {
		v[i].operator_id = it[i].operator_id.v;
		v[i].subscriber_ref = it[i].subscriber_ref.s;
	}
	rc = alarm_subscriber_set(ctx, req->ids[0], v, in->items.n);
	return rc != E_OK ? rc : reply_subs(ctx, req, req->ids[0]);
}

/* ---- Monthly statistics ---- */

#define STATS_F(X, S) \
	X(S, month, JW_STR, 0, NULL, NULL, "Mois (AAAA-MM, heure du CRT)") \
	X(S, from, JW_DATETIME, 0, NULL, NULL, "Du (UTC, inclus)") \
	X(S, to, JW_DATETIME, 0, NULL, NULL, "Au (UTC, exclu)") \
	X(S, calls, JW_INT, 0, NULL, NULL, "Appels (hors annulés)") \
	X(S, cancelled, JW_INT, 0, NULL, NULL, "Annulés par l'opérateur") \
	X(S, night, JW_INT, 0, NULL, NULL, "La nuit (20 h-8 h)") \
	X(S, weekend, JW_INT, 0, NULL, NULL, "Le week-end ou un jour férié") \
	X(S, night_or_weekend, JW_INT, 0, NULL, NULL, \
	    "La nuit, le week-end ou un jour férié") \
	X(S, night_or_weekend_share, JW_NUM, JW_NULLABLE, NULL, NULL, \
	    "Part des appels la nuit, le week-end ou un jour férié (0-1)") \
	X(S, home_visits, JW_INT, 0, NULL, NULL, "Déplacements au domicile") \
	X(S, escalated, JW_INT, 0, NULL, NULL, \
	    "Passés au niveau suivant faute d'être pris") \
	X(S, level2_called, JW_INT, 0, NULL, NULL, "Niveau 2 appelé") \
	X(S, samu_called, JW_INT, 0, NULL, NULL, "15 appelé") \
	X(S, any_escalation, JW_INT, 0, NULL, NULL, \
	    "Appels avec au moins une escalade (l'une des trois)") \
	X(S, hospitalised, JW_INT, 0, NULL, NULL, "Hospitalisations") \
	X(S, answered, JW_INT, 0, NULL, NULL, "Appels pris en charge") \
	X(S, answer_median_s, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Délai de prise en charge, médiane (secondes)") \
	X(S, answer_p90_s, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Délai de prise en charge, 90e centile (secondes)") \
	X(S, arrived, JW_INT, 0, NULL, NULL, "Arrivées au domicile datées") \
	X(S, arrive_median_s, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Délai d'arrivée au domicile, médiane (secondes)") \
	X(S, arrive_p90_s, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Délai d'arrivée au domicile, 90e centile (secondes)")
JW_FIELDS(STATS, STATS_F);
JW_ROWS(STATS, STATS_F);
const struct jw_schema api_alarm_stats_schema = JW_INIT(STATS, "AlarmStats",
    "Statistiques mensuelles des appels de téléassistance");

static void
int_or_null(struct jw *w, int f, int64_t v)
{
	if (v < 0)
		jw_null(w, f);
	else
		jw_int(w, f, v);
}

static int
stats_get(struct ctx *ctx, struct req *req)
{
	struct alarm_stats s;
	struct jw w;
	int rc = alarm_stats_month(ctx, req_query(req, "month"), &s);

	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_alarm_stats_schema);
	jw_str(&w, STATS_month, s.month);
	jw_str(&w, STATS_from, s.from);
	jw_str(&w, STATS_to, s.to);
	jw_int(&w, STATS_calls, s.calls);
	jw_int(&w, STATS_cancelled, s.cancelled);
	jw_int(&w, STATS_night, s.night);
	jw_int(&w, STATS_weekend, s.weekend);
	jw_int(&w, STATS_night_or_weekend, s.night_or_weekend);
	if (s.calls > 0)
		jw_num(&w, STATS_night_or_weekend_share,
		    (double)s.night_or_weekend / s.calls);
	else
		jw_null(&w, STATS_night_or_weekend_share);
	jw_int(&w, STATS_home_visits, s.home_visits);
	jw_int(&w, STATS_escalated, s.escalated);
	jw_int(&w, STATS_level2_called, s.level2_called);
	jw_int(&w, STATS_samu_called, s.samu_called);
	jw_int(&w, STATS_any_escalation, s.any_escalation);
	jw_int(&w, STATS_hospitalised, s.hospitalised);
	jw_int(&w, STATS_answered, s.answered);
	int_or_null(&w, STATS_answer_median_s, s.answer_median_s);
	int_or_null(&w, STATS_answer_p90_s, s.answer_p90_s);
	jw_int(&w, STATS_arrived, s.arrived);
	int_or_null(&w, STATS_arrive_median_s, s.arrive_median_s);
	int_or_null(&w, STATS_arrive_p90_s, s.arrive_p90_s);
	api_reply(req, &w);
	return E_OK;
}

/* ---- Rows ---- */

static const struct route_param list_params[] = {
	{ "state", JV_ENUM, 0, 0, list_states, NULL,
	    "open, taken, closed, cancelled, ou active (open ou taken)" },
	{ "person_id", JV_INT, 1, 0, NULL, NULL, "Les appels d'une personne" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error post_errors[] = {
	{ E_AUTH, "alarm.signature.missing" },
	{ E_AUTH, "alarm.signature.invalid" },
	{ E_AUTH, "alarm.timestamp.invalid" },
	{ E_INVALID, "alarm.event_id.reused" },
	{ E_INVALID, "alarm.event_id.mismatch" },
	{ E_INVALID, "alarm.correlation_key.required" },
	{ E_INVALID, "alarm.subscriber_ref.required" },
	{ E_INVALID, "alarm.occurred_at.invalid" }, { 0, NULL }
};

static const struct route_error list_errors[] = { { E_INVALID,
						      "query.state.invalid" },
	{ E_INVALID, "query.person_id.invalid" }, { 0, NULL } };

static const struct route_param stats_params[] = {
	{ "month", JV_STR, 7, 7, NULL, NULL,
	    "Mois, AAAA-MM (heure du CRT) ; obligatoire" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error stats_errors[] = {
	{ E_INVALID, "alarm.month.invalid" }, { 0, NULL }
};

static const struct route_error get_errors[] = {
	{ E_NOT_FOUND, "alarm.not_found" }, { 0, NULL }
};

static const struct route_error manual_errors[] = { API_ACCESS_ERRORS,
	{ E_INVALID, "alarm.reason_text.required" }, { 0, NULL } };

static const struct route_error step_errors[] = { { E_NOT_FOUND,
						      "alarm.not_found" },
	{ E_CONFLICT, "alarm.state" }, { E_INVALID, "alarm.outcome.invalid" },
	{ E_INVALID, "alarm.detail.required" }, { 0, NULL } };

static const struct route_error subs_errors[] = { API_ACCESS_ERRORS,
	{ E_INVALID, "alarm.operator.unknown" },
	{ E_CONFLICT, "alarm.subscriber.taken" }, { 0, NULL } };

static const struct route_error oper_create_errors[] = {
	{ E_INVALID, "alarm.operator.code.invalid" },
	{ E_INVALID, "alarm.name.too_short" },
	{ E_INVALID, "alarm.heartbeat_minutes.range" },
	{ E_CONFLICT, "alarm.operator.exists" }, { 0, NULL }
};
static const struct route_error oper_errors[] = {
	{ E_NOT_FOUND, "alarm.operator.not_found" },
	{ E_INVALID, "alarm.heartbeat_minutes.range" }, { 0, NULL }
};
static const struct route_error aset_errors[] = {
	{ E_INVALID, "alarm.escalation_minutes.range" }, { 0, NULL }
};

const struct route_doc api_alarm_docs[] = { { M_POST, "/api/v1/alarm-operators",
						NULL, oper_create_errors },
	{ M_PATCH, "/api/v1/alarm-operators/{id}", NULL, oper_errors },
	{ M_POST, "/api/v1/alarm-operators/{id}/secret", NULL, oper_errors },
	{ M_PUT, "/api/v1/alarm-settings", NULL, aset_errors },
	{ M_POST, "/api/v1/alarms", NULL, post_errors },
	{ M_GET, "/api/v1/alarms", list_params, list_errors },
	{ M_GET, "/api/v1/alarms/stats", stats_params, stats_errors },
	{ M_GET, "/api/v1/alarms/{id}", NULL, get_errors },
	{ M_POST, "/api/v1/alarms/manual", NULL, manual_errors },
	{ M_POST, "/api/v1/alarms/{id}/steps", NULL, step_errors },
	{ M_GET, "/api/v1/persons/{id}/alarm-subscribers", NULL, subs_errors },
	{ M_PUT, "/api/v1/persons/{id}/alarm-subscribers", NULL, subs_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_alarm_routes[] = {
	{ M_POST, "/api/v1/alarms", alarms_post, alarms_prepare, 0,
	    alarm_msg_fields, sizeof(struct alarm_msg),
	    R_WRITE | R_PUBLIC | R_NOCSRF | R_SIGNED, 200, "alarm",
	    "Opérateurs de téléassistance : un message signé (Standard "
	    "Webhooks : en-têtes X-Operator, webhook-id, webhook-timestamp, "
	    "webhook-signature v1 HMAC-SHA256) ; idempotent sur webhook-id "
	    "(docs/ALARMS.md)",
	    "AlarmReceipt" },
	{ M_GET, "/api/v1/alarms", alarms_get, NULL, PERM_ALARM_READ, NULL, 0,
	    0, 200, "alarm",
	    "Appels de téléassistance (l'identité de chaque personne "
	    "décidée et tracée)",
	    "AlarmList" },
	{ M_GET, "/api/v1/alarms/stats", stats_get, NULL, PERM_ALARM_READ, NULL,
	    0, 0, 200, "alarm",
	    "Statistiques d'un mois : appels, part de nuit et de week-end, "
	    "déplacements, escalades, hospitalisations, délais de prise en "
	    "charge et d'arrivée (médiane, 90e centile)",
	    "AlarmStats" },
	{ M_GET, "/api/v1/alarms/{id}", alarm_one_get, NULL, PERM_ALARM_READ,
	    NULL, 0, 0, 200, "alarm", "Un appel et ses étapes", "Alarm" },
	{ M_POST, "/api/v1/alarms/manual", alarm_manual_post, NULL,
	    PERM_ALARM_HANDLE, manual_fields, sizeof(struct manual_in), R_WRITE,
	    201, "alarm",
	    "Saisir un appel à la main (l'appel d'un aidant, d'un "
	    "opérateur au téléphone)",
	    "Alarm" },
	{ M_POST, "/api/v1/alarms/{id}/steps", alarm_step_post, NULL,
	    PERM_ALARM_HANDLE, step_fields, sizeof(struct step_in), R_WRITE,
	    200, "alarm",
	    "Une étape du traitement (prise en charge, conseil, départ, "
	    "arrivée, départ du domicile, niveau 2 ou 15 appelé, clôture avec "
	    "l'issue), datée et attribuée",
	    "Alarm" },
	{ M_GET, "/api/v1/alarm-operators", operators_get, NULL,
	    PERM_ALARM_OPERATORS, NULL, 0, 0, 200, "alarm",
	    "Opérateurs de téléassistance du CRT (sans leur secret)",
	    "AlarmOperatorList" },
	{ M_POST, "/api/v1/alarm-operators", operator_post, NULL,
	    PERM_ALARM_OPERATORS, oper_create_fields, sizeof(struct oper_in),
	    R_WRITE, 201, "alarm",
	    "Ajouter un opérateur de téléassistance : son secret est créé "
	    "(libsodium) et affiché cette fois seulement",
	    "AlarmOperatorSecret" },
	{ M_PATCH, "/api/v1/alarm-operators/{id}", operator_patch, NULL,
	    PERM_ALARM_OPERATORS, oper_patch_fields, sizeof(struct oper_in),
	    R_WRITE, 200, "alarm",
	    "Renommer un opérateur, régler son délai sans heartbeat, le "
	    "désactiver ou le réactiver",
	    "AlarmOperator" },
	{ M_POST, "/api/v1/alarm-operators/{id}/secret", operator_rotate_post,
	    NULL, PERM_ALARM_OPERATORS, empty_fields, sizeof(struct empty_in),
	    R_WRITE, 200, "alarm",
	    "Renouveler le secret d'un opérateur (affiché une fois) ; l'ancien "
	    "reste valide 24 h",
	    "AlarmOperatorSecret" },
	{ M_GET, "/api/v1/alarm-settings", settings_get, NULL,
	    PERM_ALARM_OPERATORS, NULL, 0, 0, 200, "alarm",
	    "Réglages de la téléassistance du CRT (délai d'escalade)",
	    "AlarmSettings" },
	{ M_PUT, "/api/v1/alarm-settings", settings_put, NULL,
	    PERM_ALARM_OPERATORS, aset_fields, sizeof(struct aset_in), R_WRITE,
	    200, "alarm",
	    "Régler le délai avant l'escalade d'un appel non pris (1 à 60 "
	    "minutes, 2 par défaut)",
	    "AlarmSettings" },
	{ M_GET, "/api/v1/persons/{id}/alarm-subscribers", subs_get, NULL,
	    PERM_ALARM_READ, NULL, 0, 0, 200, "alarm",
	    "Références de téléassistance de la personne",
	    "AlarmSubscriberList" },
	{ M_PUT, "/api/v1/persons/{id}/alarm-subscribers", subs_put, NULL,
	    PERM_ALARM_OPERATORS, subs_fields, sizeof(struct subs_in), R_WRITE,
	    200, "alarm",
	    "Remplacer les références de téléassistance de la personne (les "
	    "appels non rapprochés de ces références lui sont rattachés)",
	    "AlarmSubscriberList" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
