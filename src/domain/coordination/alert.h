/*
 * Alerts (issue 12, PRODUCT §4, coordination context): a signal about a
 * person that needs an action. Raised by a user (a fall, undernutrition,
 * cognitive decline, caregiver exhaustion, other; a severity) or by the
 * product when one of its rules becomes due (alert_check_all, run as a
 * normal write job by the timer of alert_timer.h). Acknowledged, then
 * closed with the action taken, each step dated and attributed; a
 * product alert also closes itself when its cause is gone.
 * Reading an alert on a person is reading her identity (and her care
 * part for its detail), decided and traced by access/ here; an alert
 * about the CRT itself (a convention) is for the roles that steer the
 * partnerships. This module writes only the alert table.
 */
#ifndef DOMAIN_COORDINATION_ALERT_H
#define DOMAIN_COORDINATION_ALERT_H

#include <stdint.h>
#include <time.h>

struct ctx;
struct access_grant;

/* Kinds: the user's, then the product's (one check per product kind). */
extern const char *const alert_kind_codes[];
extern const char *const alert_kind_labels[];
/* The kinds a user may raise (a prefix of alert_kind_codes). */
extern const char *const alert_user_kind_codes[];
extern const char *const alert_severity_codes[]; /* faible..critique */
extern const char *const alert_source_codes[]; /* user, product */
extern const char *const alert_route_codes[]; /* coordination, oncall */
extern const char *const alert_state_codes[]; /* open, acked, closed */

struct alert {
	int64_t id, person_id, raised_by, acked_by, closed_by, ref_id;
	const char *kind, *severity, *source, *detail, *route, *due_at;
	const char *raised_at, *raised_by_name;
	const char *acked_at, *acked_by_name;
	const char *closed_at, *closed_by_name, *close_action;
	const char *state; /* computed: open, acked, closed */
	/* The person's names as typed (NULL for a CRT alert). */
	const char *birth_name, *first_names, *used_name;
	/* A vigilance alert's note category (NULL for the other kinds). */
	const char *note_category;
	/* The partner organisation of who raised it (NULL: the CRT's team
	 * or the product). */
	const char *raised_by_org;
	/* Whether ctx's user may acknowledge and close it (its kind's
	 * permission, access_alert_may_handle; a vigilance alert closes
	 * only by its note's acknowledgement). Set by alert_get/list. */
	int may_ack, may_close;
};

struct alert_query {
	const char *state; /* "", open, acked, closed, active */
	const char *kind; /* "" or a kind */
	int64_t person_id; /* 0: all */
	int mine; /* mine: the coordination every alert (routed to it);
		   * a partner those of its people; the others raised or
		   * handled by her, care staff also those of the people
		   * she visits or is the plan referent of; on call, the
		   * open ones routed to the on-call service */
	const char *route; /* NULL: all; "coordination" or "oncall" */
	int limit, offset; /* a page (limit 1..ALERT_LIST_MAX) */
};

#define ALERT_LIST_MAX 500

/*
 * Raises a user alert on a person ctx's user may see (access_require on
 * her identity, "alert.create"; 404/403). 422 alert.<field>.invalid (kind,
 * severity), alert.detail.required / .too_long.
 * *id: the new alert.
 */
int alert_create(struct ctx *, int64_t person_id, const char *kind,
    const char *severity, const char *detail, int64_t *id);
/* One alert, decided and traced ("alert.read"); 404 alert.not_found
 * when missing or hidden. Detail NULL unless the care part is read. */
int alert_get(struct ctx *, int64_t id, struct alert *);
/* A page of the alerts of the query, newest first. Access and `mine`
 * are applied in SQL before the paging (*total: every row the user may
 * see); each row shown is decided and traced ("alert.list"), a row the
 * decision still hides is left out and not counted. Array in the arena. */
int alert_list(struct ctx *, const struct alert_query *, struct alert **,
    int *n, int *total);
/* The list's totals by kind (counts[i] for alert_kind_codes[i], nkinds
 * of them): what `total` would be with each kind, without deciding nor
 * tracing a row (the home page's counts). */
int alert_list_counts(
    struct ctx *, const struct alert_query *, int64_t *counts, int nkinds);
/* Acknowledges (409 alert.state when acknowledged or closed already). */
int alert_ack(struct ctx *, int64_t id, struct alert *out);
/* Closes with the action taken (409 alert.state unless acknowledged;
 * 422 alert.action.required / .too_long). */
int
alert_close(struct ctx *, int64_t id, const char *action, struct alert *out);
/* The French label of a kind (the code itself when unknown). */
const char *alert_kind_label(const char *kind);
/*
 * SPEC: issue 12 review (F24) — the alerts of g's person on her timeline
 * (the caller decided the access: g): for each alert, calls add() with
 * its raising (kind in French, severity, by whom — « Maillage » for the
 * product — and what happened), its acknowledgement (by whom) and its
 * closing (by whom, the action taken), each at its instant; what
 * happened and the action only with her care part (soins), and a
 * vigilance alert only with its note's category (its existence is health
 * data). Returns E_OK or the first error.
 */
int alert_timeline(struct ctx *, const struct access_grant *g,
    int (*add)(void *, const char *at, const char *kind, const char *label),
    void *arg);
/* Open alerts (not closed) per kind of ctx's CRT, for the home page:
 * counts[i] for alert_kind_codes[i]. */
int alert_open_counts(struct ctx *, int64_t *counts, int nkinds);

/*
 * SPEC: issue 12 routing — where an alert raised at `t` goes: the
 * coordination from 08:00 to 18:00 local time (zone tz) on working days
 * (not Saturday, Sunday nor a public holiday of département `dept`),
 * the on-call person otherwise ("oncall": the coordinators read it until
 * the on-call issue exists). Pure.
 */
const char *
alert_route_at(time_t t, const char *tz, const char *dept, int whit_worked);
/*
 * The next instant after `t` at which a date rule may become due: the
 * next local midnight in zone tz (the rules compare local dates). Pure.
 */
time_t alert_next_day_at(time_t t, const char *tz);

/*
 * SPEC: issue 13 — the on-call roster seen from the alerts. The oncall
 * context is a peer of this one (neither includes the other), so main
 * wires its functions here once at start (alert_oncall_set); without
 * them nobody is on duty and the roster has no gap alert.
 */
struct alert_oncall {
	/* *level 1 or 2 when user_id is on duty at t in crt_id, else 0. */
	int (*on_duty)(struct ctx *, int64_t crt_id, int64_t user_id, time_t t,
	    int *level);
	/* Calls fn for each gap of crt_id's final roster meeting [from, to)
	 * (start, end clipped to the window; flags: why). */
	int (*gaps)(struct ctx *, int64_t crt_id, time_t from, time_t to,
	    int (*fn)(void *, time_t start, time_t end, unsigned flags),
	    void *arg);
};
/* Sets the hooks (a static table; NULL removes them). Not thread-safe:
 * at start, before the server's threads. */
void alert_oncall_set(const struct alert_oncall *);
/* SPEC: issue 13 — a gap of the roster is an alert this far ahead. */
#define ALERT_ONCALL_GAP_AHEAD_S (7L * 86400)

/*
 * The product rules, every CRT: raises what became due (once: a unique
 * open key per kind and cause) and closes what lost its cause. Runs on
 * the writer, inside the batch transaction (ctx->db). *next_due: the
 * next instant a date rule flips (the timer's wake-up).
 */
int alert_check_all(struct ctx *, time_t *next_due);

#endif
