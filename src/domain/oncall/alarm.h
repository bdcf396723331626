/*
 * Telealarm calls (issue 13, PRODUCT §5, DOMAIN §10, on-call context).
 * An operator (per CRT: a code, a Standard Webhooks secret, a heartbeat
 * delay) posts messages signed with its secret; each message is stored
 * once by its event id (a replay answers the same, the same id with
 * another body is refused), a trigger opens a call, an update or a
 * cancel with the same correlation key joins it, a heartbeat dates the
 * operator's last sign of life. A subscriber the CRT has not mapped to a
 * person still opens a call (unmatched, shown to the on-call person). A
 * call may also be entered by hand (a caregiver's phone call). Its
 * handling (taken, advice, the home visit, level 2 or the 15 called, the
 * outcome) is a list of dated, attributed steps, one transaction each,
 * each with its live event `alarm.changed` (ids only). Reading the person
 * of a call is decided and traced by access/; this module writes only the
 * alarm_* tables.
 */
#ifndef DOMAIN_ONCALL_ALARM_H
#define DOMAIN_ONCALL_ALARM_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "json/jv.h"

struct ctx;

/* Codes (NULL-terminated) and their French labels (same index). */
extern const char
    *const alarm_action_codes[]; /* trigger update cancel heartbeat */
extern const char *const alarm_device_codes[]; /* SCAIP device types */
extern const char *const alarm_device_labels[];
extern const char *const alarm_status_codes[]; /* SCAIP status codes */
extern const char *const alarm_status_labels[];
extern const char *const alarm_priority_codes[]; /* high normal low */
extern const char *const alarm_reason_codes[]; /* motifs d'orientation */
extern const char *const alarm_reason_labels[];
extern const char *const alarm_state_codes[]; /* open taken closed cancelled */
extern const char *const alarm_source_codes[]; /* operator manual */
extern const char *const alarm_step_codes[]; /* handling steps */
extern const char *const alarm_step_labels[];
extern const char *const alarm_outcome_codes[];
extern const char *const alarm_outcome_labels[];

/* The operator's assessment (seed 000 §9). */
struct alarm_assessment {
	struct jv_bool spoke_with_person;
	struct jv_bool reached_network;
	struct jv_str reason;
	struct jv_str reason_text;
};

/* One message of an operator, as validated by alarm_msg_fields. */
struct alarm_msg {
	struct jv_str event_id, correlation_key, action, subscriber_ref;
	struct jv_str device_type, status, priority, location;
	struct jv_str occurred_at, received_at, sent_at, callback_number;
	struct alarm_assessment assessment;
};
/* The body of POST /api/v1/alarms (unknown fields refused). */
extern const struct jv_field alarm_msg_fields[];

/*
 * Parses and validates a message body: the table above, then the rules
 * between fields (what each action needs, the times as UTC instants, the
 * event id equal to the webhook-id header when one is given). 400/422
 * with the field named, in French.
 */
int alarm_msg_parse(struct ctx *, const char *body, size_t len,
    const char *hook_id, struct alarm_msg *out);

/* The operator a signed message came from. */
struct alarm_operator {
	int64_t id, crt_id;
	const char *name;
};

/*
 * Authenticates a message: the operator named by X-Operator (enabled),
 * its Standard Webhooks signature (alarm_sig.h) at the server's "now".
 * Sets ctx->crt_id to the operator's CRT. 401 alarm.signature.missing,
 * alarm.signature.invalid (an unknown operator too: operators are not
 * enumerable), alarm.timestamp.invalid (more than 5 minutes off).
 */
struct alarm_hook {
	const char *op; /* X-Operator */
	const char *id, *timestamp, *signature; /* webhook-* headers */
};
int alarm_authenticate(struct ctx *, const struct alarm_hook *,
    const char *body, size_t len, struct alarm_operator *out);

/* What a message's answer says: the same on every replay. */
struct alarm_receipt {
	const char *event_id, *action, *received_at;
	int64_t call_id; /* 0: a heartbeat */
};

/*
 * Stores a message once (operator, event id) and applies it; a replay of
 * the same body changes nothing and answers the first receipt. 422
 * alarm.event_id.reused when the id came with another body.
 */
int alarm_ingest(struct ctx *, const struct alarm_operator *,
    const struct alarm_msg *, const char *body, size_t len,
    struct alarm_receipt *out);

/* A call entered by hand by a user (a caregiver's phone call). */
struct alarm_manual {
	int64_t person_id; /* 0: not known yet */
	const char *priority, *reason, *reason_text, *location;
	const char *callback_number;
};
/* Creates it (the person, when given, decided and traced by access/:
 * "alarm.create"). *id: the new call. */
int alarm_create_manual(struct ctx *, const struct alarm_manual *, int64_t *id);

struct alarm_step {
	int64_t id, by_user;
	const char *kind, *at, *by_name, *detail;
};

struct alarm_call {
	int64_t id, person_id, operator_id, level;
	const char *operator_name, *correlation_key, *subscriber_ref;
	const char *source, *state, *device_type, *status_code, *priority;
	const char *location, *occurred_at, *operator_received_at, *sent_at;
	int spoke_with_person, reached_network; /* -1: not said */
	const char *reason, *callback_number, *received_at;
	const char *taken_at, *taken_by_name, *outcome, *outcome_text;
	const char *closed_at, *closed_by_name, *cancelled_at, *escalate_at;
	const char *created_by_name;
	/* The person as typed, NULL when unmatched or hidden from the user. */
	const char *birth_name, *first_names, *used_name;
	int identity_hidden;
	struct alarm_step *steps; /* alarm_get only */
	int nsteps;
};

struct alarm_query {
	const char *state; /* "", open, taken, closed, cancelled, active */
	int64_t person_id; /* 0: all */
	int limit;
};

/* One call with its steps; 404 alarm.not_found. The person's identity is
 * decided and traced ("alarm.read"). */
int alarm_get(struct ctx *, int64_t id, struct alarm_call *);
/* The calls of the query, newest first, each person decided and traced
 * ("alarm.list"; a hidden one listed without identity). */
int alarm_list(
    struct ctx *, const struct alarm_query *, struct alarm_call **out, int *n);

/*
 * One handling step by ctx's user, dated now: "take" (the call must be
 * open), "advice", "left", "arrived", "left_home", "level2_called",
 * "samu_called" (the call taken, not closed), "close" (an outcome from
 * alarm_outcome_codes and its text; "autre" needs the text). 404, 409
 * alarm.state, 422 alarm.<field>.invalid.
 */
int alarm_step_add(struct ctx *, int64_t call_id, const char *kind,
    const char *detail, const char *outcome);

/*
 * Escalation (issue 13): the calls of every CRT not taken by their due
 * instant (received + the CRT's alarm_escalation_s) go one level up —
 * 1 → 2, then 2 → 3 (the doctor, the 15: the last level, no further
 * instant) — each with its step « escalated » (by Maillage) naming who
 * answers at the new level, and its live event. Run by the alert timer
 * (alert_timer_add_check, wired by main): *next_due is the earliest
 * instant still to come (0: none), so the timer wakes then.
 */
int alarm_escalate_due(struct ctx *, time_t *next_due);

/*
 * The next morning's note (issue 13, PRODUCT §5): a closed call of a
 * person is written, at 08:00 local after it was received (or at its
 * closing, if later), into her liaison notebook (category soins) by the
 * user who closed it, with her own rights: the notebook's decision, so
 * within consent; a refusal writes no note and says so on the call
 * (step « morning_note »). Run by alarm_escalate_due (the timer's job).
 * The writer is the notebook's (coordination context, not included
 * here): set once by main.
 */
typedef int (*alarm_note_fn)(struct ctx *, int64_t person_id,
    const char *category, const char *body, int64_t *id);
void alarm_set_note_writer(alarm_note_fn);
/* Writes the notes due now (the demo's history, after its calls). */
int alarm_morning_run(struct ctx *);

/*
 * Monthly statistics (issue 13, PRODUCT §5) of ctx's CRT for `month`
 * ("YYYY-MM", the CRT's local month): calls (cancelled ones apart),
 * those at night (20:00-08:00 local) or on a weekend or public holiday,
 * home visits (an arrival), escalations (moved up by Maillage, level 2
 * called, the 15 called), hospitalisations, and the median and 90th
 * percentile (nearest rank) of the time to answer (received → taken) and
 * to arrive (received → arrived), in seconds (-1: no such call). 422
 * alarm.month.invalid.
 */
struct alarm_stats {
	const char *month, *from, *to; /* [from, to) UTC */
	int calls, cancelled, night, weekend, night_or_weekend;
	int home_visits, escalated, level2_called, samu_called, any_escalation;
	int hospitalised, answered, arrived;
	int64_t answer_median_s, answer_p90_s, arrive_median_s, arrive_p90_s;
};
int alarm_stats_month(struct ctx *, const char *month, struct alarm_stats *);

/*
 * The on-call grant's fact (issue 13, handed to access_set_oncall by
 * main): *yes = 1 when ctx's user is on duty now (roster.h) and the
 * person has an open or taken call of ctx's CRT. E_OK or E_DB.
 */
int alarm_oncall_fact(struct ctx *, int64_t person_id, int *yes);

/* The operators of ctx's CRT (the secret is never read back);
 * previous_until: the end of the previous secret's grace period while it
 * lasts (NULL: none); secret_set_at: when the current one was made. */
struct alarm_operator_row {
	int64_t id, heartbeat_minutes;
	const char *code, *name, *last_heartbeat_at;
	const char *created_at, *secret_set_at, *previous_until;
	int disabled;
};
int alarm_operator_list(struct ctx *, struct alarm_operator_row **out, int *n);
/* One operator of ctx's CRT; 404 alarm.operator.not_found. */
int alarm_operator_get(struct ctx *, int64_t id, struct alarm_operator_row *);

/* SPEC: issue 13 §2 — a rotated secret stays valid 24 h. */
#define ALARM_SECRET_GRACE_S (24L * 3600)
#define ALARM_HEARTBEAT_MAX_MIN 1440
/*
 * The CRT's screen (permission alarm.operators). Adds an operator to
 * ctx's CRT with a new secret (libsodium: "whsec_" + base64 of 32 random
 * bytes) in *secret (the arena): the only time it is answered. 422
 * alarm.operator.code.invalid, .name.invalid, .heartbeat_minutes.invalid;
 * 409 alarm.operator.exists. Traced "alarm.operator.create" (never the
 * secret); emits alarm.changed.
 */
int alarm_operator_add(struct ctx *, const char *code, const char *name,
    int64_t heartbeat_minutes, int64_t *id, const char **secret);
/* A new secret in *secret; the previous one stays valid until
 * *previous_until (now + ALARM_SECRET_GRACE_S). 404; traced
 * "alarm.operator.rotate". */
int alarm_operator_rotate(
    struct ctx *, int64_t id, const char **secret, const char **previous_until);
/* Name (NULL: kept), heartbeat minutes (0: kept; the deadline recomputed
 * from the last heartbeat), disabled (-1: kept; a disabled operator's
 * messages answer 401 and it raises no silence alert). 404, 422;
 * traced "alarm.operator.update". */
int alarm_operator_update(struct ctx *, int64_t id, const char *name,
    int64_t heartbeat_minutes, int disabled);
/* The CRT's escalation delay in seconds (default 120); set: whole
 * minutes from 1 to 60 (422 alarm.escalation_minutes.invalid), traced
 * "alarm.settings". */
int alarm_escalation_get(struct ctx *, int64_t *seconds);
int alarm_escalation_set(struct ctx *, int64_t seconds);
/* Adds an operator (the demo, `maillage` administration); E_CONFLICT
 * alarm.operator.exists when the code is taken. */
int alarm_operator_create(struct ctx *, int64_t crt_id, const char *code,
    const char *name, const char *secret, int64_t heartbeat_minutes,
    int64_t *id);

/* The subscriber references of a person (identity read: access/). */
struct alarm_subscriber {
	int64_t operator_id;
	const char *operator_name, *subscriber_ref;
};
int alarm_subscriber_list(
    struct ctx *, int64_t person_id, struct alarm_subscriber **out, int *n);
/*
 * Replaces a person's references with `refs` (identity write, decided
 * and traced: "alarm.subscriber"); the open unmatched calls of a new
 * reference are matched to her at once. 422 alarm.operator.unknown,
 * 409 alarm.subscriber.taken (another person holds the reference).
 */
int alarm_subscriber_set(struct ctx *, int64_t person_id,
    const struct alarm_subscriber *refs, int n);

#endif
