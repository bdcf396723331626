/*
 * Visits at home (issue 11, PRODUCT §4 « planification »): a series says
 * who visits a person, what for, when and how often (RFC 5545 RRULE and
 * EXDATE in the CRT's zone, a public-holiday policy); its occurrences are
 * expanded on reading by domain/calendar.c, never stored. An occurrence
 * is named by its key, the UTC start of the rule's own instance
 * ("YYYY-MM-DDTHH:MM:SSZ"), which a holiday move or a marking does not
 * change. Markings (done, not done, moved) are rows that are never
 * updated: a correction is a new row replacing the current one.
 * Reading a person's visits is reading her identity (CAT_ADMIN), decided
 * and traced by access/ here; this module writes only visit_series and
 * visit_mark, and reads the support's absences (volet 2) and the plan's
 * actions with its own statements.
 */
#ifndef DOMAIN_COORDINATION_VISIT_H
#define DOMAIN_COORDINATION_VISIT_H

#include <stdint.h>
#include <time.h>

struct ctx;

/* Codes (API, database) and French labels, NULL-terminated. */
extern const char *const visit_kind_codes[];
extern const char *const visit_kind_labels[];
/* What an occurrence is: planned, a_pointer (not marked within its
 * grace), done, not_done, moved, suspended (an absence of the support). */
extern const char *const visit_state_codes[];
extern const char *const visit_mark_state_codes[]; /* done, not_done, moved */
extern const char *const visit_how_codes[]; /* qr, hand */
extern const char *const visit_reason_codes[];
extern const char *const visit_reason_labels[];

struct visit_series {
	int64_t id, person_id, user_id, org_id, professional_id, action_id;
	int64_t replaces_id;
	const char *kind, *starts_local, *rrule, *exdates, *until_on;
	const char *holiday_policy, *note;
	int duration_min, critical, grace_min;
	const char *created_at, *updated_at, *ended_at;
	/* Who, read with the series (NULL when not that kind). */
	const char *user_name, *user_profession, *org_name, *pro_name;
	const char *pro_profession; /* the directory's text, NULL: none */
};

/* A series to create, or the whole new state of one changed from a date
 * (0 / NULL: none). */
struct visit_in {
	int64_t person_id, user_id, org_id, professional_id, action_id;
	const char *kind, *starts_local, *rrule, *exdates, *until_on;
	const char *holiday_policy, *note;
	int64_t duration_min, grace_min;
	int critical;
};

struct visit_mark {
	int64_t id, series_id, marked_by, replaces_id;
	const char *occ_key, *state, *arrived_at, *left_at, *how;
	const char *hand_reason, *reason_code, *reason_text, *moved_start;
	int moved_duration_min; /* 0: not moved */
	const char *marked_at, *marked_by_name;
};

struct visit_person {
	int64_t id;
	/* The strict traits (RNIV form) and as typed (issue 10 §2). */
	const char *birth_name, *first_names, *used_name, *commune;
	const char *birth_name_display, *first_names_display;
};

struct visit_ref {
	int64_t series_id;
	const char *key;
};

struct visit_occ {
	const struct visit_series *series;
	const struct visit_person
	    *person; /* NULL for a conflict's other side */
	time_t key_t, start_t, end_t;
	const char *key; /* UTC, the identity */
	const char *planned_start, *planned_end; /* UTC, Z */
	const char *local_start; /* "YYYY-MM-DDTHH:MM", the CRT's zone */
	const char *state;
	const char *holiday; /* the instance's holiday, or NULL */
	const struct visit_mark *mark; /* current, or NULL */
	const struct visit_mark **history; /* replaced markings, oldest first */
	int nhistory;
	struct visit_ref *conflicts; /* same team member, overlapping */
	int nconflicts;
};

/* One of person_id, user_id, org_id, or all; local dates, inclusive. */
struct visit_query {
	int64_t person_id, user_id, org_id;
	int all;
	const char *from, *to;
};
#define VISIT_WINDOW_DAYS 92 /* a list's window at most */
#define VISIT_WINDOW_ALL_DAYS 366 /* the whole file active (export, bench) */

/*
 * The occurrences of the query's window, by planned start, each with its
 * state, current marking and history, and its conflicts. A person's list
 * is decided by access_require (404/403, "visit.read"); the other lists
 * decide and trace each person with access_list_row ("visit.list") and
 * leave hidden people out. A user's round other than one's own, an
 * organisation's (but one's own organisation's) and the whole file
 * active need a role that oversees the planning (403 visit.scope).
 * 422 visit.from.invalid / visit.to.invalid / visit.window.invalid.
 * Arrays in ctx's arena.
 */
int visit_occurrences(
    struct ctx *, const struct visit_query *, struct visit_occ **, int *n);
/*
 * The occurrences of every series of ctx's CRT over [from, to) (UTC),
 * with their states as of ctx->now, for the product's alert rules
 * (alert.c): fn per occurrence (person NULL, no conflicts). No access
 * decision and no trace: nothing is shown to anyone here; the alerts
 * raised are decided per person when they are read.
 */
int visit_due_each(struct ctx *, time_t from, time_t to,
    int (*fn)(void *, const struct visit_occ *), void *arg);
/*
 * Creates a series for a person the user may write (access_require
 * "visit.plan"), each field checked: 422 visit.<field>.invalid with a
 * French message naming it; nothing stored on an error.
 */
int visit_create(struct ctx *, const struct visit_in *, int64_t *id);
/* A series of ctx's CRT, decided and traced ("visit.series.read"); 404
 * visit.not_found when missing or hidden. */
int visit_get(struct ctx *, int64_t id, struct visit_series *);
/*
 * Changes a series from local date `from` (today or later) on: the old
 * series ends the day before (cancelled when `from` is on or before its
 * first day), a new series with `in` starts on that date (in->starts_local
 * on or after it, or else the old series' first instance from that date
 * on). Past occurrences and their markings are untouched. *id: the new
 * series. 409 visit.ended when the series is over by then.
 */
int visit_change(struct ctx *, int64_t id, const char *from,
    const struct visit_in *in, int64_t *new_id);
/* Cancels a series from local date `from` on (today or later). */
int visit_cancel(struct ctx *, int64_t id, const char *from);

struct visit_mark_in {
	const char *key, *state; /* visit_mark_state_codes */
	const char *arrived_at, *left_at; /* local or UTC */
	const char *how, *hand_reason, *reason_code, *reason_text;
	const char *moved_to_local;
	int64_t moved_duration_min; /* 0: the series' duration */
};
/*
 * Marks occurrence `key` of series `id` (recomputed with the calendar:
 * 404 visit.occurrence.not_found when the series has no such
 * occurrence). Allowed to the visit's own team member, a member of its
 * organisation (a partner: if the person is in its circle) and the
 * coordination (403 visit.mark.forbidden). A marking of an occurrence
 * already marked replaces the current one, which stays in its history.
 * *out: the occurrence as listed afterwards.
 */
int visit_mark(struct ctx *, int64_t id, const struct visit_mark_in *,
    struct visit_occ *out);

#endif
