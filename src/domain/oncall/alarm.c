/*
 * Telealarm calls (alarm.h, issue 13). Owns the tables alarm_operator,
 * alarm_subscriber, alarm_call, alarm_message and alarm_step. The
 * idempotency of the operators' messages is the unique index of
 * alarm_message (operator, event id) with ON CONFLICT DO NOTHING, and one
 * call per incident the unique index of alarm_call (operator, correlation
 * key): the database decides, not a read before the write, so concurrent
 * replays (one writer, or several processes on one PostgreSQL) store one
 * row. Must not: drop a message it cannot match, answer a replay
 * differently from the first time, or show a person's identity without
 * access/'s decision.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "audit/audit.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/calendar.h"
#include "domain/directory/org.h"
#include "domain/event.h"
#include "domain/oncall/alarm.h"
#include "domain/oncall/alarm_sig.h"
#include "domain/oncall/roster.h"
#include "domain/platform/user.h"
#include "json/jv.h"

#define ALARM_LIST_MAX 500

const char *const alarm_action_codes[] = { "trigger", "update", "cancel",
	"heartbeat", NULL };
/* DOMAIN §10: SCAIP (CLC/TS 50134-9) device types and status codes. */
const char *const alarm_device_codes[] = { "0003", "0005", "0010", "0012",
	"0014", NULL };
const char *const alarm_device_labels[] = { "Déclencheur personnel",
	"Détecteur de chute", "Détecteur d'inactivité", "Capteur de lit",
	"Capteur de porte", NULL };
const char *const alarm_status_codes[] = { "0009", "0010", "0016", "0019",
	"0085", "0088", "0102", "0111", NULL };
const char *const alarm_status_labels[] = { "Alarme automatique",
	"Alarme manuelle", "Pile faible", "Annulation", "Panne de courant",
	"Présence après alarme", "Test", "Intervention terminée", NULL };
const char *const alarm_priority_codes[] = { "high", "normal", "low", NULL };
/* Seed 000 §9: why the operator's listener calls the CRT. */
const char *const alarm_reason_codes[] = { "chute", "malaise", "douleur",
	"angoisse", "sans_reponse", "aidant_injoignable", "technique", "autre",
	NULL };
const char *const alarm_reason_labels[] = { "Chute", "Malaise", "Douleur",
	"Angoisse, besoin d'être rassurée", "Pas de réponse de la personne",
	"Aidants injoignables", "Problème technique", "Autre", NULL };
const char *const alarm_state_codes[] = { "open", "taken", "closed",
	"cancelled", NULL };
const char *const alarm_source_codes[] = { "operator", "manual", NULL };
const char *const alarm_step_codes[] = { "received", "operator_update",
	"operator_cancel", "entered", "take", "advice", "left", "arrived",
	"left_home", "level2_called", "samu_called", "close", "escalated",
	"morning_note", NULL };
const char *const alarm_step_labels[] = { "Reçu de l'opérateur",
	"Mise à jour de l'opérateur", "Annulé par l'opérateur",
	"Saisi à la main", "Pris en charge", "Conseil donné",
	"Départ vers le domicile", "Arrivée au domicile", "Départ du domicile",
	"Niveau 2 appelé", "15 appelé", "Clos", "Passé au niveau suivant",
	"Note du lendemain au carnet", NULL };
const char *const alarm_outcome_codes[] = { "domicile", "hospitalise", "deces",
	"autre", NULL };
const char *const alarm_outcome_labels[] = { "Reste à domicile", "Hospitalisé",
	"Décès", "Autre", NULL };

static const struct jv_field assessment_fields[] = {
	{ "spoke_with_person", JV_BOOL,
	    offsetof(struct alarm_assessment, spoke_with_person), 0, 0, 0, NULL,
	    "A parlé avec la personne", NULL, 0 },
	{ "reached_network", JV_BOOL,
	    offsetof(struct alarm_assessment, reached_network), 0, 0, 0, NULL,
	    "A joint le réseau de solidarité", NULL, 0 },
	{ "reason", JV_ENUM, offsetof(struct alarm_assessment, reason), JV_NULL,
	    0, 0, alarm_reason_codes, "Motif de l'appel au CRT", NULL, 0 },
	{ "reason_text", JV_STR, offsetof(struct alarm_assessment, reason_text),
	    JV_NULL | JV_MULTI, 1, 1000, NULL, "Motif, en clair", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

#define M(f) offsetof(struct alarm_msg, f)
const struct jv_field alarm_msg_fields[] = {
	{ "event_id", JV_STR, M(event_id), JV_REQ, 1, 128, NULL,
	    "Identifiant de l'événement chez l'opérateur (= webhook-id)", NULL,
	    0 },
	{ "correlation_key", JV_STR, M(correlation_key), JV_NULL, 1, 128, NULL,
	    "Clé de l'incident (la même pour ses mises à jour)", NULL, 0 },
	{ "action", JV_ENUM, M(action), JV_REQ, 0, 0, alarm_action_codes,
	    "Action (trigger, update, cancel, heartbeat)", NULL, 0 },
	{ "subscriber_ref", JV_STR, M(subscriber_ref), JV_NULL, 1, 64, NULL,
	    "Référence de l'abonné chez l'opérateur", NULL, 0 },
	{ "device_type", JV_ENUM, M(device_type), JV_NULL, 0, 0,
	    alarm_device_codes, "Type d'appareil (code SCAIP)", NULL, 0 },
	{ "status", JV_ENUM, M(status), JV_NULL, 0, 0, alarm_status_codes,
	    "Statut (code SCAIP)", NULL, 0 },
	{ "priority", JV_ENUM, M(priority), JV_NULL, 0, 0, alarm_priority_codes,
	    "Priorité", NULL, 0 },
	{ "location", JV_STR, M(location), JV_NULL | JV_MULTI, 1, 500, NULL,
	    "Lieu", NULL, 0 },
	{ "occurred_at", JV_STR, M(occurred_at), JV_NULL, 20, 30, NULL,
	    "Survenu le (UTC)", NULL, 0 },
	{ "received_at", JV_STR, M(received_at), JV_NULL, 20, 30, NULL,
	    "Reçu par l'opérateur le (UTC)", NULL, 0 },
	{ "sent_at", JV_STR, M(sent_at), JV_NULL, 20, 30, NULL,
	    "Envoyé le (UTC)", NULL, 0 },
	{ "callback_number", JV_STR, M(callback_number), JV_NULL, 3, 32, NULL,
	    "Numéro de rappel", NULL, 0 },
	{ "assessment", JV_OBJ, M(assessment), 0, 0, 0, NULL,
	    "Évaluation de l'opérateur", assessment_fields, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};
#undef M

static int
too_big(struct ctx *ctx)
{
	return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
	    "Réponse trop volumineuse.");
}

/* ---- Messages: parsing and the rules between fields ---- */

static int
given(const struct jv_str *s)
{
	return s->set && !s->null && s->s != NULL;
}

static const char *
str_or_null(const struct jv_str *s)
{
	return given(s) ? s->s : NULL;
}

static int
check_instant(struct ctx *ctx, const struct jv_str *s, const char *field)
{
	int64_t ms;

	if (!given(s) || clock_parse_iso(s->s, &ms) == 0)
		return E_OK;
	return err_set(ctx, E_INVALID,
	    arena_printf(&ctx->arena, "alarm.%s.invalid", field), field,
	    "Cette heure s'écrit AAAA-MM-JJTHH:MM:SS[.mmm]Z (UTC).");
}

static int
msg_rules(struct ctx *ctx, const struct alarm_msg *m, const char *hook_id)
{
	int hb = strcmp(m->action.s, "heartbeat") == 0;
	int rc;

	if (hook_id != NULL && strcmp(hook_id, m->event_id.s) != 0)
		return err_set(ctx, E_INVALID, "alarm.event_id.mismatch",
		    "event_id",
		    "L'identifiant de l'événement (event_id) doit être celui "
		    "de l'en-tête webhook-id.");
	if (!hb && !given(&m->correlation_key))
		return err_set(ctx, E_INVALID, "alarm.correlation_key.required",
		    "correlation_key",
		    "La clé de l'incident (correlation_key) est obligatoire "
		    "sauf pour un heartbeat.");
	if (strcmp(m->action.s, "trigger") == 0 && !given(&m->subscriber_ref))
		return err_set(ctx, E_INVALID, "alarm.subscriber_ref.required",
		    "subscriber_ref",
		    "La référence de l'abonné (subscriber_ref) est "
		    "obligatoire pour une alarme (trigger).");
	rc = check_instant(ctx, &m->occurred_at, "occurred_at");
	if (rc == E_OK)
		rc = check_instant(ctx, &m->received_at, "received_at");
	if (rc == E_OK)
		rc = check_instant(ctx, &m->sent_at, "sent_at");
	return rc;
}

int
alarm_msg_parse(struct ctx *ctx, const char *body, size_t len,
    const char *hook_id, struct alarm_msg *out)
{
	json_t *j = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = jv_parse(ctx, body != NULL ? body : "", len, &j);
	if (rc != E_OK)
		return rc;
	rc = jv_object(ctx, "alarm", j, alarm_msg_fields, out);
	json_decref(j);
	return rc != E_OK ? rc : msg_rules(ctx, out, hook_id);
}

/* ---- Authentication ---- */

int
alarm_authenticate(struct ctx *ctx, const struct alarm_hook *h,
    const char *body, size_t len, struct alarm_operator *out)
{
	/* An unknown or disabled operator is checked like a known one (the
	 * timestamp first, then an HMAC over the body) against a secret no
	 * operator has, and refused as a wrong signature: neither the answer
	 * nor its time tells which codes exist (out->id stays 0, so even a
	 * message signed with this text is refused). */
	const char *secret = "maillage-no-such-operator", *previous = NULL;
	struct db_stmt *st;
	enum db_res r;
	int res;

	memset(out, 0, sizeof(*out));
	if (h->op == NULL || *h->op == '\0' || h->id == NULL ||
	    *h->id == '\0' || h->timestamp == NULL || *h->timestamp == '\0' ||
	    h->signature == NULL || *h->signature == '\0')
		return err_set(ctx, E_AUTH, "alarm.signature.missing", NULL,
		    "Message non signé : en-têtes X-Operator, webhook-id, "
		    "webhook-timestamp et webhook-signature obligatoires.");
	st = db_stmt(ctx->db, Q_ALARM_OPERATOR_BY_CODE);
	db_bind_text(st, 1, ctx->now);
	db_bind_text(st, 2, h->op);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW) {
		out->id = db_col_i64(st, 0);
		out->crt_id = db_col_i64(st, 1);
		secret = db_col_dup(ctx, st, 2);
		out->name = db_col_dup(ctx, st, 3);
		if (!db_col_null(st, 4))
			previous = db_col_dup(ctx, st, 4);
	}
	res = alarm_sig_check(secret, h->id, h->timestamp, h->signature, body,
	    len, (int64_t)clock_now_s());
	/* SPEC: issue 13 §2 — a rotated secret: the previous one is still
	 * valid during its grace period (the operator switches without
	 * losing a call). */
	if (res == ALARM_SIG_MISMATCH && previous != NULL)
		res = alarm_sig_check(previous, h->id, h->timestamp,
		    h->signature, body, len, (int64_t)clock_now_s());
	if (res == ALARM_SIG_TIMESTAMP)
		return err_set(ctx, E_AUTH, "alarm.timestamp.invalid", NULL,
		    "L'horodatage (webhook-timestamp) est à plus de "
		    "5 minutes de l'heure du serveur.");
	if (res != ALARM_SIG_OK || out->id == 0)
		return err_set(ctx, E_AUTH, "alarm.signature.invalid", NULL,
		    "Signature invalide pour cet opérateur.");
	ctx->crt_id = out->crt_id;
	return E_OK;
}

/* ---- Ingestion ---- */

static void
body_hash(const char *body, size_t len, char out[65])
{
	unsigned char d[32];

	crypto_generichash(
	    d, sizeof(d), (const unsigned char *)body, len, NULL, 0);
	sodium_bin2hex(out, 65, d, sizeof(d));
}

static void
bind_text_or_null(struct db_stmt *st, int i, const char *s)
{
	if (s != NULL)
		db_bind_text(st, i, s);
	else
		db_bind_null(st, i);
}

static void
bind_bool(struct db_stmt *st, int i, const struct jv_bool *b)
{
	if (b->set)
		db_bind_i64(st, i, b->v ? 1 : 0);
	else
		db_bind_null(st, i);
}

/* One integer of the row `id` of statement q (its first column), or
 * `def` when there is no such row. */
static int
int_by_id(struct ctx *ctx, enum q q, int64_t id, int64_t def, int64_t *out)
{
	struct db_stmt *st = db_stmt(ctx->db, q);
	enum db_res r;

	db_bind_i64(st, 1, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	*out = r == DB_ROW ? db_col_i64(st, 0) : def;
	return E_OK;
}

static const char *iso_plus(struct ctx *, const char *, int64_t);

/* The escalation instant of a call received now (the CRT's delay). */
static int
escalation_at(struct ctx *ctx, const char **out)
{
	int64_t delay;
	int rc = int_by_id(ctx, Q_ALARM_CRT_DELAY, ctx->crt_id, 120, &delay);

	if (rc == E_OK)
		*out = iso_plus(ctx, ctx->now, delay);
	return rc;
}

static int
step_insert(struct ctx *ctx, int64_t call_id, const char *kind, int64_t by_user,
    const char *detail)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ALARM_STEP_INSERT);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, call_id);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, ctx->now);
	if (by_user != 0)
		db_bind_i64(st, 5, by_user);
	else
		db_bind_null(st, 5);
	bind_text_or_null(st, 6, detail);
	return db_run(ctx, st);
}

static int
person_of_ref(struct ctx *ctx, int64_t op, const char *ref, int64_t *pid)
{
	struct db_stmt *st;
	enum db_res r;

	*pid = 0;
	if (ref == NULL)
		return E_OK;
	st = db_stmt(ctx->db, Q_ALARM_SUBSCRIBER_PERSON);
	db_bind_i64(st, 1, op);
	db_bind_text(st, 2, ref);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW)
		*pid = db_col_i64(st, 0);
	return E_OK;
}

/* The call of an incident, created when this message is the first one
 * seen (a trigger, or an update/cancel that overtook it: never dropped).
 * *created: 1 when this message opened it. */
static int
call_of_incident(struct ctx *ctx, const struct alarm_operator *op,
    const struct alarm_msg *m, int64_t *call, int64_t *pid, int *created)
{
	const struct alarm_assessment *a = &m->assessment;
	const char *esc = NULL;
	struct db_stmt *st;
	enum db_res r;
	int rc;

	*created = 0;
	rc = person_of_ref(ctx, op->id, str_or_null(&m->subscriber_ref), pid);
	if (rc == E_OK)
		rc = escalation_at(ctx, &esc);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ALARM_CALL_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, op->id);
	db_bind_text(st, 3, m->correlation_key.s);
	bind_text_or_null(st, 4, str_or_null(&m->subscriber_ref));
	if (*pid != 0)
		db_bind_i64(st, 5, *pid);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, "operator");
	bind_text_or_null(st, 7, str_or_null(&m->device_type));
	bind_text_or_null(st, 8, str_or_null(&m->status));
	db_bind_text(st, 9, given(&m->priority) ? m->priority.s : "normal");
	bind_text_or_null(st, 10, str_or_null(&m->location));
	bind_text_or_null(st, 11, str_or_null(&m->occurred_at));
	bind_text_or_null(st, 12, str_or_null(&m->received_at));
	bind_text_or_null(st, 13, str_or_null(&m->sent_at));
	bind_bool(st, 14, &a->spoke_with_person);
	bind_bool(st, 15, &a->reached_network);
	bind_text_or_null(st, 16, str_or_null(&a->reason));
	bind_text_or_null(st, 17, str_or_null(&m->callback_number));
	db_bind_text(st, 18, ctx->now);
	db_bind_null(st, 19);
	db_bind_text(st, 20, esc);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW) {
		*call = db_col_i64(st, 0);
		*created = 1;
		return db_step(ctx, st) == DB_ERR ? ctx->err : E_OK;
	}
	/* The incident is known: join its call. */
	st = db_stmt(ctx->db, Q_ALARM_CALL_BY_KEY);
	db_bind_i64(st, 1, op->id);
	db_bind_text(st, 2, m->correlation_key.s);
	r = db_step(ctx, st);
	if (r != DB_ROW)
		return r == DB_ERR
		    ? (int)ctx->err
		    : err_set(ctx, E_INTERNAL, "server.error", NULL, NULL);
	*call = db_col_i64(st, 0);
	*pid = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
	return E_OK;
}

static int
call_update(struct ctx *ctx, int64_t call, const struct alarm_msg *m)
{
	const struct alarm_assessment *a = &m->assessment;
	struct db_stmt *st = db_stmt(ctx->db, Q_ALARM_CALL_UPDATE);

	bind_text_or_null(st, 1, str_or_null(&m->device_type));
	bind_text_or_null(st, 2, str_or_null(&m->status));
	bind_text_or_null(st, 3, str_or_null(&m->priority));
	bind_text_or_null(st, 4, str_or_null(&m->location));
	bind_text_or_null(st, 5, str_or_null(&m->occurred_at));
	bind_text_or_null(st, 6, str_or_null(&m->received_at));
	bind_text_or_null(st, 7, str_or_null(&m->sent_at));
	bind_bool(st, 8, &a->spoke_with_person);
	bind_bool(st, 9, &a->reached_network);
	bind_text_or_null(st, 10, str_or_null(&a->reason));
	bind_text_or_null(st, 11, str_or_null(&m->callback_number));
	db_bind_i64(st, 12, call);
	return db_run(ctx, st);
}

/* What the message says, for the step's detail (no person data). */
static const char *
msg_detail(struct ctx *ctx, const struct alarm_msg *m)
{
	const struct alarm_assessment *a = &m->assessment;
	int i;

	i = given(&m->status) ? jv_enum_index(alarm_status_codes, m->status.s)
			      : -1;
	return arena_printf(&ctx->arena, "%s%s%s",
	    i >= 0 ? alarm_status_labels[i] : "",
	    i >= 0 && given(&a->reason_text) ? " — " : "",
	    given(&a->reason_text) ? a->reason_text.s : "");
}

/* The operator's sign of life, and the instant past which its silence
 * is the alert operator_silent (the alerts' registry). */
static int
heartbeat(struct ctx *ctx, const struct alarm_operator *op)
{
	struct db_stmt *st;
	int64_t minutes;
	int rc;

	rc = int_by_id(ctx, Q_ALARM_OPERATOR_MINUTES, op->id, 15, &minutes);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ALARM_OPERATOR_HEARTBEAT);
	db_bind_text(st, 1, ctx->now);
	db_bind_text(st, 2, iso_plus(ctx, ctx->now, minutes * 60));
	db_bind_i64(st, 3, op->id);
	db_bind_text(st, 4, ctx->now);
	return db_run(ctx, st);
}

static int
apply(struct ctx *ctx, const struct alarm_operator *op,
    const struct alarm_msg *m, int64_t *call)
{
	const char *act = m->action.s, *kind;
	int64_t pid = 0;
	struct db_stmt *st;
	int created = 0, rc;

	*call = 0;
	if (strcmp(act, "heartbeat") == 0)
		return heartbeat(ctx, op);
	rc = call_of_incident(ctx, op, m, call, &pid, &created);
	if (rc == E_OK && !created)
		rc = call_update(ctx, *call, m);
	if (rc == E_OK && strcmp(act, "cancel") == 0) {
		st = db_stmt(ctx->db, Q_ALARM_CALL_CANCEL);
		db_bind_text(st, 1, ctx->now);
		db_bind_i64(st, 2, *call);
		rc = db_run(ctx, st);
	}
	if (rc != E_OK)
		return rc;
	kind = strcmp(act, "cancel") == 0 ? "operator_cancel"
	    : created                     ? "received"
					  : "operator_update";
	rc = step_insert(ctx, *call, kind, 0, msg_detail(ctx, m));
	return event_emit_if(ctx, rc, "alarm.changed", pid, *call);
}

int
alarm_ingest(struct ctx *ctx, const struct alarm_operator *op,
    const struct alarm_msg *m, const char *body, size_t len,
    struct alarm_receipt *out)
{
	struct db_stmt *st;
	char hash[65];
	int64_t msg_id, call = 0;
	enum db_res r;
	int rc;

	body_hash(body != NULL ? body : "", len, hash);
	st = db_stmt(ctx->db, Q_ALARM_MESSAGE_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, op->id);
	db_bind_text(st, 3, m->event_id.s);
	db_bind_text(st, 4, hash);
	db_bind_text(st, 5, m->action.s);
	db_bind_text(st, 6, ctx->now);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW) {
		msg_id = db_col_i64(st, 0);
		if (db_step(ctx, st) == DB_ERR)
			return ctx->err;
		rc = apply(ctx, op, m, &call);
		if (rc == E_OK && call != 0) {
			st = db_stmt(ctx->db, Q_ALARM_MESSAGE_SET_CALL);
			db_bind_i64(st, 1, call);
			db_bind_i64(st, 2, msg_id);
			rc = db_run(ctx, st);
		}
		if (rc != E_OK)
			return rc;
	}
	/* The receipt is read back from the stored row, first time and
	 * replay alike: the same answer. */
	st = db_stmt(ctx->db, Q_ALARM_MESSAGE_GET);
	db_bind_i64(st, 1, op->id);
	db_bind_text(st, 2, m->event_id.s);
	r = db_step(ctx, st);
	if (r != DB_ROW)
		return r == DB_ERR
		    ? (int)ctx->err
		    : err_set(ctx, E_INTERNAL, "server.error", NULL, NULL);
	if (strcmp(db_col_text(st, 1), hash) != 0)
		return err_set(ctx, E_INVALID, "alarm.event_id.reused",
		    "event_id",
		    "Cet identifiant d'événement a déjà été reçu avec un "
		    "autre contenu.");
	out->event_id = m->event_id.s;
	out->action = db_col_dup(ctx, st, 2);
	out->call_id = db_col_null(st, 3) ? 0 : db_col_i64(st, 3);
	out->received_at = db_col_dup(ctx, st, 4);
	return E_OK;
}

/* ---- Calls entered by hand ---- */

int
alarm_create_manual(struct ctx *ctx, const struct alarm_manual *in, int64_t *id)
{
	struct access_grant g;
	const char *esc = NULL;
	struct db_stmt *st;
	int i, rc;

	*id = 0;
	if (in->person_id != 0) {
		rc = access_require(ctx, in->person_id, CAT_BIT(CAT_ADMIN),
		    ACT_READ, "alarm.create", &g);
		if (rc != E_OK)
			return rc;
	}
	if (in->reason != NULL && strcmp(in->reason, "autre") == 0 &&
	    in->reason_text == NULL)
		return err_set(ctx, E_INVALID, "alarm.reason_text.required",
		    "reason_text", "Le motif « Autre » demande un texte.");
	rc = escalation_at(ctx, &esc);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ALARM_CALL_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_null(st, 2);
	db_bind_null(st, 3);
	db_bind_null(st, 4);
	if (in->person_id != 0)
		db_bind_i64(st, 5, in->person_id);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, "manual");
	db_bind_null(st, 7);
	db_bind_null(st, 8);
	db_bind_text(st, 9, in->priority != NULL ? in->priority : "normal");
	bind_text_or_null(st, 10, in->location);
	db_bind_null(st, 11);
	db_bind_null(st, 12);
	db_bind_null(st, 13);
	db_bind_null(st, 14);
	db_bind_null(st, 15);
	bind_text_or_null(st, 16, in->reason);
	bind_text_or_null(st, 17, in->callback_number);
	db_bind_text(st, 18, ctx->now);
	db_bind_i64(st, 19, ctx->user_id);
	db_bind_text(st, 20, esc);
	rc = db_one(ctx, st, "server.error", NULL);
	if (rc != E_OK)
		return rc;
	*id = db_col_i64(st, 0);
	i = in->reason != NULL ? jv_enum_index(alarm_reason_codes, in->reason)
			       : -1;
	rc = step_insert(ctx, *id, "entered", ctx->user_id,
	    arena_printf(&ctx->arena, "%s%s%s",
		i >= 0 ? alarm_reason_labels[i] : "",
		i >= 0 && in->reason_text != NULL ? " — " : "",
		in->reason_text != NULL ? in->reason_text : ""));
	return event_emit_if(ctx, rc, "alarm.changed", in->person_id, *id);
}

/* ---- Reading ---- */

static int
col_bool(struct db_stmt *st, int c)
{
	return db_col_null(st, c) ? -1 : db_col_i64(st, c) != 0;
}

static void
call_of(struct ctx *ctx, struct db_stmt *st, struct alarm_call *c)
{
	memset(c, 0, sizeof(*c));
	c->id = db_col_i64(st, 0);
	c->person_id = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
	c->operator_id = db_col_null(st, 2) ? 0 : db_col_i64(st, 2);
	c->operator_name = db_col_dup(ctx, st, 3);
	c->correlation_key = db_col_dup(ctx, st, 4);
	c->subscriber_ref = db_col_dup(ctx, st, 5);
	c->source = db_col_dup(ctx, st, 6);
	c->state = db_col_dup(ctx, st, 7);
	c->device_type = db_col_dup(ctx, st, 8);
	c->status_code = db_col_dup(ctx, st, 9);
	c->priority = db_col_dup(ctx, st, 10);
	c->location = db_col_dup(ctx, st, 11);
	c->occurred_at = db_col_dup(ctx, st, 12);
	c->operator_received_at = db_col_dup(ctx, st, 13);
	c->sent_at = db_col_dup(ctx, st, 14);
	c->spoke_with_person = col_bool(st, 15);
	c->reached_network = col_bool(st, 16);
	c->reason = db_col_dup(ctx, st, 17);
	c->callback_number = db_col_dup(ctx, st, 18);
	c->received_at = db_col_dup(ctx, st, 19);
	c->taken_at = db_col_dup(ctx, st, 20);
	c->taken_by_name = db_col_dup(ctx, st, 21);
	c->outcome = db_col_dup(ctx, st, 22);
	c->outcome_text = db_col_dup(ctx, st, 23);
	c->closed_at = db_col_dup(ctx, st, 24);
	c->closed_by_name = db_col_dup(ctx, st, 25);
	c->cancelled_at = db_col_dup(ctx, st, 26);
	c->level = db_col_i64(st, 27);
	c->escalate_at = db_col_dup(ctx, st, 28);
	c->created_by_name = db_col_dup(ctx, st, 29);
	c->birth_name = db_col_dup(ctx, st, 30);
	c->first_names = db_col_dup(ctx, st, 31);
	c->used_name = db_col_dup(ctx, st, 32);
}

/* The person of a call is shown only as access decides (and traces);
 * the call itself stays: the on-call service must see every call. */
static int
identity_decide(struct ctx *ctx, struct alarm_call *c, const char *action)
{
	struct access_grant g;
	enum access_row row;
	int rc;

	if (c->person_id == 0)
		return E_OK;
	rc = access_list_row(
	    ctx, c->person_id, CAT_BIT(CAT_ADMIN), action, &g, &row);
	if (rc != E_OK)
		return rc;
	if (row != ACCESS_ROW_VISIBLE) {
		c->identity_hidden = 1;
		c->birth_name = c->first_names = c->used_name = NULL;
	}
	return E_OK;
}

static int
steps_load(struct ctx *ctx, struct alarm_call *c)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ALARM_STEP_LIST);
	struct alarm_step *s;
	enum db_res r;
	int cap = 0;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, c->id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		s = arena_push(
		    &ctx->arena, &c->steps, &c->nsteps, &cap, sizeof(*s));
		if (s == NULL)
			return too_big(ctx);
		s->id = db_col_i64(st, 0);
		s->kind = db_col_dup(ctx, st, 1);
		s->at = db_col_dup(ctx, st, 2);
		s->by_user = db_col_null(st, 3) ? 0 : db_col_i64(st, 3);
		s->by_name = db_col_dup(ctx, st, 4);
		s->detail = db_col_dup(ctx, st, 5);
	}
	return r == DB_ERR ? ctx->err : E_OK;
}

static int
call_load(struct ctx *ctx, int64_t id, struct alarm_call *c)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ALARM_CALL_GET);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "alarm.not_found", NULL,
		    "Cet appel n'existe pas.");
	call_of(ctx, st, c);
	return E_OK;
}

int
alarm_get(struct ctx *ctx, int64_t id, struct alarm_call *c)
{
	int rc = call_load(ctx, id, c);

	if (rc == E_OK)
		rc = identity_decide(ctx, c, "alarm.read");
	return rc != E_OK ? rc : steps_load(ctx, c);
}

int
alarm_list(struct ctx *ctx, const struct alarm_query *q,
    struct alarm_call **out, int *n)
{
	const char *state = q->state != NULL ? q->state : "";
	struct db_stmt *st = db_stmt(ctx->db, Q_ALARM_CALL_LIST);
	struct alarm_call *v = NULL, *c;
	enum db_res r;
	int cap = 0, i, rc = E_OK;

	*out = NULL;
	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	for (i = 2; i <= 5; i++)
		db_bind_text(st, i, state);
	db_bind_i64(st, 6, q->person_id);
	db_bind_i64(st, 7, q->person_id);
	db_bind_i64(st, 8,
	    q->limit > 0 && q->limit < ALARM_LIST_MAX ? q->limit
						      : ALARM_LIST_MAX);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		c = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (c == NULL)
			return too_big(ctx);
		call_of(ctx, st, c);
	}
	if (r == DB_ERR)
		return ctx->err;
	for (i = 0; rc == E_OK && i < *n; i++)
		rc = identity_decide(ctx, &v[i], "alarm.list");
	*out = v;
	return rc;
}

/* ---- Handling ---- */

static int
state_conflict(struct ctx *ctx, const char *msg)
{
	return err_set(ctx, E_CONFLICT, "alarm.state", NULL, msg);
}

int
alarm_step_add(struct ctx *ctx, int64_t call_id, const char *kind,
    const char *detail, const char *outcome)
{
	struct alarm_call c;
	struct db_stmt *st;
	int rc, k;

	k = jv_enum_index(alarm_step_codes, kind);
	if (k < jv_enum_index(alarm_step_codes, "take") ||
	    strcmp(kind, "escalated") == 0)
		return err_set(ctx, E_INVALID, "alarm.kind.invalid", "kind",
		    "Cette étape n'existe pas.");
	rc = call_load(ctx, call_id, &c);
	if (rc != E_OK)
		return rc;
	if (strcmp(c.state, "closed") == 0 || strcmp(c.state, "cancelled") == 0)
		return state_conflict(ctx, "Cet appel est clos.");
	if (strcmp(kind, "take") == 0) {
		if (strcmp(c.state, "open") != 0)
			return state_conflict(
			    ctx, "Cet appel est déjà pris en charge.");
		st = db_stmt(ctx->db, Q_ALARM_CALL_TAKE);
		db_bind_text(st, 1, ctx->now);
		db_bind_i64(st, 2, ctx->user_id);
		db_bind_i64(st, 3, ctx->crt_id);
		db_bind_i64(st, 4, call_id);
		rc = db_run(ctx, st);
	} else if (strcmp(kind, "close") == 0) {
		if (outcome == NULL ||
		    jv_enum_index(alarm_outcome_codes, outcome) < 0)
			return err_set(ctx, E_INVALID, "alarm.outcome.invalid",
			    "outcome",
			    "L'issue est obligatoire : reste à domicile, "
			    "hospitalisé, décès ou autre.");
		if (strcmp(outcome, "autre") == 0 && detail == NULL)
			return err_set(ctx, E_INVALID, "alarm.detail.required",
			    "detail", "L'issue « Autre » demande un texte.");
		st = db_stmt(ctx->db, Q_ALARM_CALL_CLOSE);
		db_bind_text(st, 1, outcome);
		bind_text_or_null(st, 2, detail);
		db_bind_text(st, 3, ctx->now);
		db_bind_i64(st, 4, ctx->user_id);
		db_bind_i64(st, 5, ctx->crt_id);
		db_bind_i64(st, 6, call_id);
		rc = db_run(ctx, st);
	} else {
		if (strcmp(c.state, "taken") != 0)
			return state_conflict(ctx,
			    "Prenez d'abord l'appel en charge (« Je prends "
			    "l'appel »).");
		if (strcmp(kind, "advice") == 0 && detail == NULL)
			return err_set(ctx, E_INVALID, "alarm.detail.required",
			    "detail", "Écrivez le conseil donné.");
		if (outcome != NULL)
			return err_set(ctx, E_INVALID, "alarm.outcome.invalid",
			    "outcome", "L'issue se donne à la clôture.");
		rc = E_OK;
	}
	if (rc == E_OK)
		rc = step_insert(ctx, call_id, kind, ctx->user_id,
		    strcmp(kind, "close") == 0
			? arena_printf(&ctx->arena, "%s%s%s",
			      alarm_outcome_labels[jv_enum_index(
				  alarm_outcome_codes, outcome)],
			      detail != NULL ? " — " : "",
			      detail != NULL ? detail : "")
			: detail);
	return event_emit_if(ctx, rc, "alarm.changed", c.person_id, call_id);
}

/* ---- The on-call grant's fact ---- */

int
alarm_oncall_fact(struct ctx *ctx, int64_t person_id, int *yes)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ALARM_PERSON_OPEN);
	enum db_res r;
	int level = 0, rc;

	*yes = 0;
	if (ctx->user_id == 0)
		return E_OK;
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, person_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return E_OK;
	/* SPEC: issue 13 — the grant starts and ends with the shift. */
	if (ctx->oncall_known > 0)
		level = ctx->oncall_known - 1;
	else {
		rc = roster_user_on_duty(
		    ctx, ctx->crt_id, ctx->user_id, clock_now_s(), &level);
		if (rc != E_OK)
			return rc;
	}
	*yes = level > 0;
	return E_OK;
}

/* ---- Operators ---- */

/* One operator row (ALARM_OPERATOR_LIST, _ONE). */
static void
operator_row(struct ctx *ctx, struct db_stmt *st, struct alarm_operator_row *o)
{
	o->id = db_col_i64(st, 0);
	o->code = db_col_dup(ctx, st, 1);
	o->name = db_col_dup(ctx, st, 2);
	o->heartbeat_minutes = db_col_i64(st, 3);
	o->last_heartbeat_at = db_col_dup(ctx, st, 4);
	o->disabled = db_col_i64(st, 5) != 0;
	o->created_at = db_col_dup(ctx, st, 6);
	o->secret_set_at =
	    db_col_null(st, 7) ? o->created_at : db_col_dup(ctx, st, 7);
	/* The grace period, shown while it lasts. */
	o->previous_until =
	    !db_col_null(st, 8) && strcmp(db_col_text(st, 8), ctx->now) > 0
	    ? db_col_dup(ctx, st, 8)
	    : NULL;
}

int
alarm_operator_list(struct ctx *ctx, struct alarm_operator_row **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ALARM_OPERATOR_LIST);
	struct alarm_operator_row *v = NULL, *o;
	enum db_res r;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		o = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (o == NULL)
			return too_big(ctx);
		operator_row(ctx, st, o);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

int
alarm_operator_get(struct ctx *ctx, int64_t id, struct alarm_operator_row *o)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ALARM_OPERATOR_ONE);
	enum db_res r;

	memset(o, 0, sizeof(*o));
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "alarm.operator.not_found",
		    NULL, "Opérateur de téléassistance introuvable.");
	operator_row(ctx, st, o);
	return db_step(ctx, st) == DB_ERR ? ctx->err : E_OK;
}

int
alarm_operator_create(struct ctx *ctx, int64_t crt_id, const char *code,
    const char *name, const char *secret, int64_t heartbeat_minutes,
    int64_t *id)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ALARM_OPERATOR_INSERT);
	enum db_res r;

	db_bind_i64(st, 1, crt_id);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, secret);
	db_bind_i64(st, 5, heartbeat_minutes);
	db_bind_text(st, 6, ctx->now);
	db_bind_text(st, 7, ctx->now);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_CONFLICT, "alarm.operator.exists", "code",
		    "Un opérateur porte déjà ce code.");
	*id = db_col_i64(st, 0);
	return db_step(ctx, st) == DB_ERR ? ctx->err : E_OK;
}

/* ---- The CRT's settings: operators and their secrets, the delay ---- */

/* SPEC: issue 13 §2 — a secret as the Standard Webhooks libraries write
 * them: "whsec_" + base64 of 32 random bytes (libsodium), in the
 * arena. Answered once, never logged. */
static const char *
secret_new(struct ctx *ctx)
{
	unsigned char key[32];
	char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];

	randombytes_buf(key, sizeof(key));
	sodium_bin2base64(
	    b64, sizeof(b64), key, sizeof(key), sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(key, sizeof(key));
	return arena_printf(&ctx->arena, "whsec_%s", b64);
}

static int
code_ok(const char *c)
{
	size_t n = strlen(c), i;

	if (n < 3 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((c[i] >= 'a' && c[i] <= 'z') ||
			(c[i] >= '0' && c[i] <= '9') || c[i] == '-' ||
			c[i] == '_' || c[i] == '.'))
			return 0;
	return 1;
}

static int
operator_fields_ok(struct ctx *ctx, const char *name, int64_t minutes)
{
	if (name == NULL || strlen(name) < 2 || strlen(name) > 120)
		return err_set(ctx, E_INVALID, "alarm.operator.name.invalid",
		    "name",
		    "Le nom de l'opérateur fait de 2 à 120 caractères.");
	if (minutes < 1 || minutes > ALARM_HEARTBEAT_MAX_MIN)
		return err_set(ctx, E_INVALID,
		    "alarm.operator.heartbeat_minutes.invalid",
		    "heartbeat_minutes",
		    "Le délai sans signal de vie est de 1 à 1440 minutes.");
	return E_OK;
}

int
alarm_operator_add(struct ctx *ctx, const char *code, const char *name,
    int64_t heartbeat_minutes, int64_t *id, const char **secret)
{
	int rc;

	*secret = NULL;
	if (code == NULL || !code_ok(code))
		return err_set(ctx, E_INVALID, "alarm.operator.code.invalid",
		    "code",
		    "Le code (en-tête X-Operator) fait de 3 à 64 caractères : "
		    "minuscules, chiffres, « - », « _ » ou « . ».");
	rc = operator_fields_ok(ctx, name, heartbeat_minutes);
	if (rc != E_OK)
		return rc;
	*secret = secret_new(ctx);
	rc = alarm_operator_create(
	    ctx, ctx->crt_id, code, name, *secret, heartbeat_minutes, id);
	if (rc != E_OK)
		return rc;
	/* The trace names the operator, never its secret. */
	audit_add(ctx, "alarm.operator.create", 0, "", "-", "ok",
	    arena_printf(
		&ctx->arena, "operator=%lld code=%s", (long long)*id, code));
	return event_emit(ctx, "alarm.changed", 0, 0);
}

int
alarm_operator_rotate(struct ctx *ctx, int64_t id, const char **secret,
    const char **previous_until)
{
	struct alarm_operator_row o;
	struct db_stmt *st;
	int rc;

	*secret = *previous_until = NULL;
	rc = alarm_operator_get(ctx, id, &o);
	if (rc != E_OK)
		return rc;
	*secret = secret_new(ctx);
	*previous_until = iso_plus(ctx, ctx->now, ALARM_SECRET_GRACE_S);
	st = db_stmt(ctx->db, Q_ALARM_OPERATOR_ROTATE);
	db_bind_text(st, 1, *previous_until);
	db_bind_text(st, 2, *secret);
	db_bind_text(st, 3, ctx->now);
	db_bind_i64(st, 4, ctx->crt_id);
	db_bind_i64(st, 5, id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "alarm.operator.rotate", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "operator=%lld previous_until=%s",
		(long long)id, *previous_until));
	return event_emit(ctx, "alarm.changed", 0, 0);
}

int
alarm_operator_update(struct ctx *ctx, int64_t id, const char *name,
    int64_t heartbeat_minutes, int disabled)
{
	struct alarm_operator_row o;
	struct db_stmt *st;
	const char *due = NULL;
	int rc;

	rc = alarm_operator_get(ctx, id, &o);
	if (rc != E_OK)
		return rc;
	if (name == NULL)
		name = o.name;
	if (heartbeat_minutes == 0)
		heartbeat_minutes = o.heartbeat_minutes;
	if (disabled < 0)
		disabled = o.disabled;
	rc = operator_fields_ok(ctx, name, heartbeat_minutes);
	if (rc != E_OK)
		return rc;
	/* The deadline follows the new minutes from the last heartbeat. */
	if (o.last_heartbeat_at != NULL)
		due =
		    iso_plus(ctx, o.last_heartbeat_at, heartbeat_minutes * 60);
	st = db_stmt(ctx->db, Q_ALARM_OPERATOR_UPDATE);
	db_bind_text(st, 1, name);
	db_bind_i64(st, 2, heartbeat_minutes);
	bind_text_or_null(st, 3, due);
	db_bind_i64(st, 4, disabled ? 1 : 0);
	db_bind_i64(st, 5, ctx->crt_id);
	db_bind_i64(st, 6, id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "alarm.operator.update", 0, "", "-", "ok",
	    arena_printf(&ctx->arena,
		"operator=%lld heartbeat_minutes=%lld disabled=%d",
		(long long)id, (long long)heartbeat_minutes, disabled ? 1 : 0));
	return event_emit(ctx, "alarm.changed", 0, 0);
}

int
alarm_escalation_get(struct ctx *ctx, int64_t *seconds)
{
	return int_by_id(ctx, Q_ALARM_CRT_DELAY, ctx->crt_id, 120, seconds);
}

int
alarm_escalation_set(struct ctx *ctx, int64_t seconds)
{
	int rc;

	if (seconds < 60 || seconds > 3600 || seconds % 60 != 0)
		return err_set(ctx, E_INVALID,
		    "alarm.escalation_minutes.invalid", "escalation_minutes",
		    "Le délai avant l'escalade est de 1 à 60 minutes.");
	rc = org_crt_alarm_escalation_set(ctx, seconds);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "alarm.settings", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "escalation_s=%lld", (long long)seconds));
	return E_OK;
}

/* ---- Subscribers ---- */

int
alarm_subscriber_list(
    struct ctx *ctx, int64_t person_id, struct alarm_subscriber **out, int *n)
{
	struct alarm_subscriber *v = NULL, *s;
	struct access_grant g;
	struct db_stmt *st;
	enum db_res r;
	int cap = 0, rc;

	*n = 0;
	*out = NULL;
	rc = access_require(ctx, person_id, CAT_BIT(CAT_ADMIN), ACT_READ,
	    "alarm.subscriber.read", &g);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ALARM_SUBSCRIBER_OF_PERSON);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, person_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		s = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (s == NULL)
			return too_big(ctx);
		s->operator_id = db_col_i64(st, 0);
		s->operator_name = db_col_dup(ctx, st, 1);
		s->subscriber_ref = db_col_dup(ctx, st, 2);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

static int
subscriber_one(
    struct ctx *ctx, int64_t person_id, int i, const struct alarm_subscriber *s)
{
	const char *f = arena_printf(&ctx->arena, "items[%d]", i);
	struct db_stmt *st;
	int64_t holder;
	enum db_res r;
	int rc;

	st = db_stmt(ctx->db, Q_ALARM_OPERATOR_GET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, s->operator_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_INVALID, "alarm.operator.unknown", f,
		    "Cet opérateur de téléassistance n'est pas celui du CRT.");
	rc = person_of_ref(ctx, s->operator_id, s->subscriber_ref, &holder);
	if (rc != E_OK)
		return rc;
	if (holder != 0 && holder != person_id)
		return err_set(ctx, E_CONFLICT, "alarm.subscriber.taken", f,
		    "Cette référence d'abonné est déjà celle d'une autre "
		    "personne.");
	st = db_stmt(ctx->db, Q_ALARM_SUBSCRIBER_SET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, s->operator_id);
	db_bind_text(st, 3, s->subscriber_ref);
	db_bind_i64(st, 4, person_id);
	db_bind_text(st, 5, ctx->now);
	db_bind_i64(st, 6, ctx->user_id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	/* The calls already received for this reference are hers. */
	st = db_stmt(ctx->db, Q_ALARM_CALL_MATCH);
	db_bind_i64(st, 1, person_id);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, s->operator_id);
	db_bind_text(st, 4, s->subscriber_ref);
	return db_run(ctx, st);
}

int
alarm_subscriber_set(struct ctx *ctx, int64_t person_id,
    const struct alarm_subscriber *refs, int n)
{
	struct access_grant g;
	struct db_stmt *st;
	int i, rc;

	rc = access_require(ctx, person_id, CAT_BIT(CAT_ADMIN), ACT_WRITE,
	    "alarm.subscriber", &g);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ALARM_SUBSCRIBER_DELETE);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, person_id);
	rc = db_run(ctx, st);
	for (i = 0; rc == E_OK && i < n; i++)
		rc = subscriber_one(ctx, person_id, i, &refs[i]);
	return event_emit_if(ctx, rc, "alarm.changed", person_id, 0);
}

/* ---- Escalation ---- */

struct due_call {
	int64_t id, crt_id, level, person_id, delay;
	const char *due;
};

static const char *
iso_plus(struct ctx *ctx, const char *at, int64_t secs)
{
	char buf[CLOCK_ISO_LEN + 1];
	int64_t ms;

	if (clock_parse_iso(at, &ms) != 0)
		ms = clock_now_ms();
	ms += secs * 1000;
	clock_fmt_iso(buf, (time_t)(ms / 1000), (int)(ms % 1000));
	return arena_strdup(&ctx->arena, buf);
}

/* Who answers at `level` now, for the step (names and phones only:
 * the roster's answerers, level 3 its fixed numbers and the 15). */
static const char *
answerers(struct ctx *ctx, int64_t level)
{
	struct roster_answerer a[16];
	const char *s, *who = "";
	int n = 0, i;

	if (roster_at(ctx, ctx->crt_id, clock_now_s(), a, 16, &n) != E_OK) {
		err_clear(ctx);
		n = 0;
	}
	for (i = 0; i < n; i++) {
		if (a[i].level != level)
			continue;
		s = arena_printf(&ctx->arena, "%s%s%s%s%s", a[i].name,
		    a[i].phone && *a[i].phone ? " (" : "",
		    a[i].phone ? a[i].phone : "",
		    a[i].phone && *a[i].phone ? ")" : "", "");
		who = *who ? arena_printf(&ctx->arena, "%s, %s", who, s) : s;
	}
	if (*who == '\0')
		who = level >= 3 ? "médecin d'astreinte ou centre 15"
				 : "personne d'astreinte à ce niveau";
	return arena_printf(
	    &ctx->arena, "Niveau %lld : %s", (long long)level, who);
}

static int
escalate_one(struct ctx *ctx, const struct due_call *d)
{
	int64_t level = d->level + 1;
	const char *next;
	struct db_stmt *st;
	int rc;

	next = level < 3 ? iso_plus(ctx, d->due, d->delay) : NULL;
	ctx->crt_id = d->crt_id;
	st = db_stmt(ctx->db, Q_ALARM_CALL_ESCALATE);
	db_bind_i64(st, 1, level);
	bind_text_or_null(st, 2, next);
	db_bind_i64(st, 3, d->id);
	db_bind_i64(st, 4, d->level);
	db_bind_text(st, 5, d->due);
	rc = db_run(ctx, st);
	if (rc != E_OK || db_changes(st) == 0)
		return rc;
	rc = step_insert(ctx, d->id, "escalated", 0, answerers(ctx, level));
	return event_emit_if(ctx, rc, "alarm.changed", d->person_id, d->id);
}

static const char *iso_of(struct ctx *, time_t);

/* ---- The next morning's note ---- */

static alarm_note_fn note_writer;

void
alarm_set_note_writer(alarm_note_fn fn)
{
	note_writer = fn;
}

struct morning {
	int64_t id, crt_id, person_id, closed_by, l2, samu;
	const char *received_at, *closed_at, *outcome, *outcome_text, *reason;
	const char *tz, *taken_at, *taken_by, *arrived_at;
};

/* 08:00 local on the day of t if t is before it, else the next day's. */
static time_t
morning_after(const char *tz, time_t t)
{
	struct calendar_local l;
	long day;
	time_t m;

	if (calendar_to_local(tz, t, &l) != 0)
		return t + 12 * 3600;
	day = calendar_days(l.y, l.m, l.d);
	if (l.hh >= 8)
		day++;
	calendar_from_days(day, &l.y, &l.m, &l.d);
	l.hh = 8;
	l.mm = 0;
	m = calendar_to_utc(tz, &l);
	return m > t ? m : t;
}

static time_t
ts_of(const char *iso)
{
	int64_t ms;

	return iso != NULL && clock_parse_iso(iso, &ms) == 0
	    ? (time_t)(ms / 1000)
	    : 0;
}

static const char *
local_hm(struct ctx *ctx, const char *tz, const char *iso, int with_day)
{
	struct calendar_local l;

	if (calendar_to_local(tz, ts_of(iso), &l) != 0)
		return iso;
	return with_day ? arena_printf(&ctx->arena, "%02d/%02d à %02dh%02d",
			      l.d, l.m, l.hh, l.mm)
			: arena_printf(&ctx->arena, "%02dh%02d", l.hh, l.mm);
}

/* "." unless the text already ends a sentence. */
static const char *
end_dot(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	return n > 0 && strchr(".!?", s[n - 1]) != NULL ? "" : ".";
}

/* What the circle reads the next morning (no more than the call says). */
static const char *
morning_text(struct ctx *ctx, const struct morning *m)
{
	int r = m->reason ? jv_enum_index(alarm_reason_codes, m->reason) : -1;
	int o =
	    m->outcome ? jv_enum_index(alarm_outcome_codes, m->outcome) : -1;

	return arena_printf(&ctx->arena,
	    "Appel de téléassistance du %s%s%s. Pris en charge à %s par %s.%s%s%s"
	    " Issue : %s%s%s%s",
	    local_hm(ctx, m->tz, m->received_at, 1), r >= 0 ? " — " : "",
	    r >= 0 ? alarm_reason_labels[r] : "",
	    m->taken_at ? local_hm(ctx, m->tz, m->taken_at, 0) : "—",
	    m->taken_by ? m->taken_by : "l'astreinte",
	    m->arrived_at ? arena_printf(&ctx->arena,
				" Déplacement au domicile (arrivée à %s).",
				local_hm(ctx, m->tz, m->arrived_at, 0))
			  : "",
	    m->l2 ? " Niveau 2 appelé." : "", m->samu ? " 15 appelé." : "",
	    o >= 0 ? alarm_outcome_labels[o] : "—",
	    m->outcome_text ? " — " : "",
	    m->outcome_text ? m->outcome_text : "", end_dot(m->outcome_text));
}

/* Writes one call's note as the user who closed it (her own rights). */
static int
morning_one(struct ctx *ctx, const struct morning *m, time_t due)
{
	int64_t saved_user = ctx->user_id, saved_org = ctx->org_id;
	const char *saved_now = ctx->now;
	int saved_role = ctx->role, saved_prof = ctx->profession;
	const char *saved_login = ctx->login;
	int64_t note = 0;
	struct user u;
	const char *why = NULL;
	struct db_stmt *st;
	int rc;

	ctx->crt_id = m->crt_id;
	/* Dated at its morning (the timer wakes then; the demo's history
	 * is written after the fact). */
	ctx->now = iso_of(ctx, due);
	rc = user_get(ctx, m->closed_by, &u);
	if (rc == E_OK && !u.disabled) {
		ctx->user_id = u.id;
		ctx->org_id = u.org_id;
		ctx->login = u.login;
		ctx->role = access_role_from(u.role);
		ctx->profession = access_prof_from(u.profession);
		rc = note_writer(
		    ctx, m->person_id, "soins", morning_text(ctx, m), &note);
	} else if (rc == E_OK) {
		rc = E_FORBIDDEN;
	}
	ctx->user_id = saved_user;
	ctx->org_id = saved_org;
	ctx->login = saved_login;
	ctx->role = saved_role;
	ctx->profession = saved_prof;
	if (rc == E_FORBIDDEN || rc == E_NOT_FOUND || rc == E_INVALID) {
		/* Not hers to write (circle, consent, account): said on the
		 * call, never forced. */
		why = arena_printf(&ctx->arena, "Note non écrite : %s",
		    ctx->err_msg ? ctx->err_msg : "accès refusé");
		err_clear(ctx);
		note = 0;
		rc = E_OK;
	}
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ALARM_MORNING_DONE);
	db_bind_text(st, 1, ctx->now);
	if (note != 0)
		db_bind_i64(st, 2, note);
	else
		db_bind_null(st, 2);
	db_bind_i64(st, 3, m->id);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = step_insert(ctx, m->id, "morning_note", 0,
		    why != NULL ? why
				: "Note écrite au carnet de liaison (soins).");
	ctx->now = saved_now;
	return event_emit_if(ctx, rc, "alarm.changed", m->person_id, m->id);
}

static int
morning_notes(struct ctx *ctx, time_t *next_due)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ALARM_MORNING_PENDING);
	int64_t saved_crt = ctx->crt_id;
	struct morning *v = NULL, *m;
	time_t now = clock_now_s(), due, closed;
	enum db_res r;
	int n = 0, cap = 0, i, rc = E_OK;

	if (note_writer == NULL)
		return E_OK;
	while ((r = db_step(ctx, st)) == DB_ROW) {
		m = arena_push(&ctx->arena, &v, &n, &cap, sizeof(*v));
		if (m == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Trop d'appels à noter.");
		m->id = db_col_i64(st, 0);
		m->crt_id = db_col_i64(st, 1);
		m->person_id = db_col_i64(st, 2);
		m->received_at = db_col_dup(ctx, st, 3);
		m->closed_at = db_col_dup(ctx, st, 4);
		m->closed_by = db_col_i64(st, 5);
		m->outcome = db_col_dup(ctx, st, 6);
		m->outcome_text = db_col_dup(ctx, st, 7);
		m->reason = db_col_dup(ctx, st, 8);
		m->tz = "Europe/Paris";
		if (!db_col_null(st, 9) && calendar_zone_ok(db_col_text(st, 9)))
			m->tz = db_col_dup(ctx, st, 9);
		m->taken_at = db_col_dup(ctx, st, 10);
		m->taken_by = db_col_dup(ctx, st, 11);
		m->arrived_at = db_col_dup(ctx, st, 12);
		m->l2 = db_col_i64(st, 13);
		m->samu = db_col_i64(st, 14);
	}
	if (r == DB_ERR)
		return ctx->err;
	for (i = 0; rc == E_OK && i < n; i++) {
		due = morning_after(v[i].tz, ts_of(v[i].received_at));
		closed = ts_of(v[i].closed_at);
		if (closed > due)
			due = closed;
		if (due > now) {
			if (*next_due == 0 || due + 1 < *next_due)
				*next_due = due + 1;
			continue;
		}
		rc = morning_one(ctx, &v[i], due);
	}
	ctx->crt_id = saved_crt;
	return rc;
}

int
alarm_morning_run(struct ctx *ctx)
{
	time_t next = 0;

	return morning_notes(ctx, &next);
}

int
alarm_escalate_due(struct ctx *ctx, time_t *next_due)
{
	struct due_call *v = NULL, *d;
	struct db_stmt *st;
	enum db_res r;
	int64_t ms;
	int n = 0, cap = 0, i, rc = E_OK;

	*next_due = 0;
	ctx->now = clock_now_iso(&ctx->arena);
	st = db_stmt(ctx->db, Q_ALARM_CALL_DUE);
	db_bind_text(st, 1, ctx->now);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		d = arena_push(&ctx->arena, &v, &n, &cap, sizeof(*v));
		if (d == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Trop d'appels à faire passer.");
		d->id = db_col_i64(st, 0);
		d->crt_id = db_col_i64(st, 1);
		d->level = db_col_i64(st, 2);
		d->person_id = db_col_null(st, 3) ? 0 : db_col_i64(st, 3);
		d->due = db_col_dup(ctx, st, 4);
		d->delay = db_col_i64(st, 5);
	}
	if (r == DB_ERR)
		return ctx->err;
	for (i = 0; rc == E_OK && i < n; i++)
		rc = escalate_one(ctx, &v[i]);
	ctx->crt_id = 0;
	if (rc == E_OK)
		rc = morning_notes(ctx, next_due);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ALARM_CALL_NEXT_DUE);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW && !db_col_null(st, 0) &&
	    clock_parse_iso(db_col_text(st, 0), &ms) == 0 &&
	    (*next_due == 0 || (time_t)(ms / 1000) + 1 < *next_due))
		*next_due = (time_t)(ms / 1000) + 1;
	/* A heartbeat deadline: the alerts' rule operator_silent runs in
	 * the same job, so the timer wakes at it too. */
	st = db_stmt(ctx->db, Q_ALARM_OPERATOR_NEXT_DUE);
	db_bind_text(st, 1, ctx->now);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW && !db_col_null(st, 0) &&
	    clock_parse_iso(db_col_text(st, 0), &ms) == 0 &&
	    (*next_due == 0 || (time_t)(ms / 1000) + 1 < *next_due))
		*next_due = (time_t)(ms / 1000) + 1;
	return E_OK;
}

/* ---- Monthly statistics ---- */

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile of n sorted values, -1 when none. */
static int64_t
rank(const int64_t *v, int n, int pct)
{
	int k;

	if (n == 0)
		return -1;
	k = (pct * n + 99) / 100;
	return v[k < 1 ? 0 : k - 1];
}

static int64_t
seconds_between(const char *a, const char *b)
{
	int64_t x, y;

	if (a == NULL || b == NULL || clock_parse_iso(a, &x) != 0 ||
	    clock_parse_iso(b, &y) != 0 || y < x)
		return -1;
	return (y - x) / 1000;
}

struct stats_cal {
	const char *tz, *dept;
	int whit;
};

static int
stats_calendar(struct ctx *ctx, struct stats_cal *cal)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ALARM_CRT_CALENDAR);
	enum db_res r;

	cal->tz = "Europe/Paris";
	cal->dept = NULL;
	cal->whit = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW) {
		if (!db_col_null(st, 0) && calendar_zone_ok(db_col_text(st, 0)))
			cal->tz = db_col_dup(ctx, st, 0);
		cal->dept = db_col_dup(ctx, st, 1);
		cal->whit = (int)db_col_i64(st, 2);
	}
	return E_OK;
}

static const char *
iso_of(struct ctx *ctx, time_t t)
{
	char buf[CLOCK_ISO_LEN + 1];

	clock_fmt_iso(buf, t, 0);
	return arena_strdup(&ctx->arena, buf);
}

/* Counts one call's instant: night (20:00-08:00 local), weekend or
 * public holiday. */
static void
stats_when(const struct stats_cal *cal, const char *at, struct alarm_stats *s)
{
	struct calendar_local l;
	int64_t ms;
	int night, wkend;

	if (clock_parse_iso(at, &ms) != 0 ||
	    calendar_to_local(cal->tz, (time_t)(ms / 1000), &l) != 0)
		return;
	night = l.hh >= 20 || l.hh < 8;
	wkend = calendar_weekday(l.y, l.m, l.d) >= 5 ||
	    (cal->dept != NULL &&
		calendar_holiday(l.y, l.m, l.d, cal->dept, cal->whit) != NULL);
	s->night += night;
	s->weekend += wkend;
	s->night_or_weekend += night || wkend;
}

int
alarm_stats_month(struct ctx *ctx, const char *month, struct alarm_stats *s)
{
	struct calendar_local a = { 0, 0, 1, 0, 0 }, b;
	int64_t *ans = NULL, *arr = NULL, d;
	struct stats_cal cal;
	struct db_stmt *st;
	enum db_res r;
	int na = 0, nr = 0, cap_a = 0, cap_r = 0, rc;
	int64_t *slot;
	const char *state;

	memset(s, 0, sizeof(*s));
	if (month == NULL || strlen(month) != 7 || month[4] != '-' ||
	    sscanf(month, "%4d-%2d", &a.y, &a.m) != 2 || a.y < 2000 ||
	    a.y > 2200 || a.m < 1 || a.m > 12)
		return err_set(ctx, E_INVALID, "alarm.month.invalid", "month",
		    "Le mois s'écrit AAAA-MM.");
	rc = stats_calendar(ctx, &cal);
	if (rc != E_OK)
		return rc;
	b = a;
	if (++b.m > 12) {
		b.m = 1;
		b.y++;
	}
	s->month = month;
	s->from = iso_of(ctx, calendar_to_utc(cal.tz, &a));
	s->to = iso_of(ctx, calendar_to_utc(cal.tz, &b));
	st = db_stmt(ctx->db, Q_ALARM_STATS_CALLS);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, s->from);
	db_bind_text(st, 3, s->to);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		state = db_col_text(st, 7);
		if (state != NULL && strcmp(state, "cancelled") == 0) {
			s->cancelled++;
			continue;
		}
		s->calls++;
		stats_when(&cal, db_col_text(st, 0), s);
		d = seconds_between(db_col_text(st, 0), db_col_text(st, 1));
		if (d >= 0) {
			slot = arena_push(
			    &ctx->arena, &ans, &na, &cap_a, sizeof(*ans));
			if (slot == NULL)
				return err_set(ctx, E_TOOBIG, "request.too_big",
				    NULL, "Trop d'appels ce mois-ci.");
			*slot = d;
		}
		d = seconds_between(db_col_text(st, 0), db_col_text(st, 4));
		if (d >= 0) {
			slot = arena_push(
			    &ctx->arena, &arr, &nr, &cap_r, sizeof(*arr));
			if (slot == NULL)
				return err_set(ctx, E_TOOBIG, "request.too_big",
				    NULL, "Trop d'appels ce mois-ci.");
			*slot = d;
		}
		s->home_visits += !db_col_null(st, 4);
		s->escalated += db_col_i64(st, 2) > 1;
		s->level2_called += db_col_i64(st, 5) > 0;
		s->samu_called += db_col_i64(st, 6) > 0;
		s->any_escalation += db_col_i64(st, 2) > 1 ||
		    db_col_i64(st, 5) > 0 || db_col_i64(st, 6) > 0;
		s->hospitalised += !db_col_null(st, 3) &&
		    strcmp(db_col_text(st, 3), "hospitalise") == 0;
	}
	if (r == DB_ERR)
		return ctx->err;
	if (na > 0)
		qsort(ans, (size_t)na, sizeof(*ans), cmp_i64);
	if (nr > 0)
		qsort(arr, (size_t)nr, sizeof(*arr), cmp_i64);
	s->answered = na;
	s->arrived = nr;
	s->answer_median_s = rank(ans, na, 50);
	s->answer_p90_s = rank(ans, na, 90);
	s->arrive_median_s = rank(arr, nr, 50);
	s->arrive_p90_s = rank(arr, nr, 90);
	return E_OK;
}
