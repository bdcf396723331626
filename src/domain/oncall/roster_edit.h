/*
 * Editing and publishing the on-call roster (issue 13): the layers and
 * their rotations, the team's on-call phones, level 3's fixed numbers,
 * overrides and swaps, the weeks ahead with their gaps, the publication
 * (refused with a gap in the next 30 days unless a reason is written),
 * and a person's own shifts (her screen and her .ics feed). Every edit
 * marks the roster as a draft until published again. All for ctx's CRT;
 * the route permissions (oncall.plan, oncall.read) gate who calls.
 */
#ifndef DOMAIN_ONCALL_ROSTER_EDIT_H
#define DOMAIN_ONCALL_ROSTER_EDIT_H

#include <stdint.h>
#include <time.h>

#include "domain/oncall/roster.h"

struct ctx;

/* SPEC: issue 13 — publication refused with a gap this close. */
#define ROSTER_PUBLISH_DAYS 30
/* The final roster is computed this far ahead. */
#define ROSTER_WEEKS_MAX 52

/* A slot holder as entered: a team member (user_id) or a partner's
 * pooled night nurse (org_id, name, phone). A team member's phone, when
 * given, becomes her on-call phone. */
struct roster_member_in {
	int64_t user_id, org_id;
	const char *name, *phone;
};

struct roster_layer_in {
	const char *kind; /* roster_kind_codes */
	int level; /* 1, 2 */
	const char *start_hm, *end_hm; /* "HH:MM" local */
	const char *rotation_start; /* "YYYY-MM-DD" */
	int turn_days; /* 1..28 */
	const struct roster_member_in *members;
	int n_members; /* 1..20 */
};

struct roster_layer_view {
	int64_t id;
	const char *kind, *start_hm, *end_hm, *rotation_start, *updated_at;
	int level, turn_days;
	const struct roster_person *members;
	int n_members;
};

struct roster_override_view {
	int64_t id, swap_of;
	int level;
	const char *starts_at, *ends_at; /* ISO UTC */
	const char *kind, *reason, *created_at, *created_by_name;
	struct roster_person who;
};

struct roster_fixed {
	const char *label, *phone;
};

struct roster_candidate {
	int64_t id;
	const char *name, *profession, *phone; /* phone NULL: none */
	int disabled;
};

struct roster_partner {
	int64_t id;
	const char *name;
};

struct roster_state {
	const char *edited_at; /* NULL: never edited */
	const char *published_at, *published_by, *publish_reason;
	int64_t published_gaps;
	int draft; /* edited since the last publication (or never) */
};

struct roster_view {
	const char *tz;
	struct roster_layer_view *layers;
	int n_layers;
	struct roster_override_view *overrides; /* not ended, by start */
	int n_overrides;
	struct roster_fixed *fixed;
	int n_fixed;
	struct roster_candidate *team;
	int n_team;
	struct roster_partner *partners;
	int n_partners;
	struct roster_state state;
};

/* The whole definition for the roster screen (arena). E_DB. */
int roster_edit_view(struct ctx *, struct roster_view *);
/*
 * Creates or replaces the layer (kind, level) and its rotation. 422
 * oncall.<field>.invalid, oncall.member.unknown, oncall.member.disabled,
 * oncall.member.no_phone, oncall.member.profession. *id: the layer.
 */
int roster_edit_layer_put(
    struct ctx *, const struct roster_layer_in *, int64_t *id);
/* Deletes a layer (404 oncall.layer.not_found). */
int roster_edit_layer_delete(struct ctx *, int64_t id);
/* Sets a team member's on-call phone (404 oncall.member.unknown, 422
 * oncall.phone.invalid). */
int roster_edit_phone_set(struct ctx *, int64_t user_id, const char *phone);
/* Replaces level 3's fixed numbers (at most 5). */
int roster_edit_fixed_set(struct ctx *, const struct roster_fixed *, int n);
/*
 * Someone replaces the rotation at `level` from `start` to `end` (local
 * "YYYY-MM-DDTHH:MM" in the CRT's zone). The member checks of
 * roster_layer_put; 422 oncall.end.invalid when not after the start.
 * Nobody given (user_id and org_id 0): the slot is left vacant (kind
 * "vacancy", a gap), its reason required (oncall.reason.required).
 */
int roster_edit_override_create(struct ctx *, int level, const char *start,
    const char *end, const struct roster_member_in *who, const char *reason,
    int64_t *id);
/*
 * A swap at `level`: whoever holds [a_start, a_end) takes [b_start,
 * b_end) and the reverse (two crossed overrides). 422 oncall.swap.invalid
 * when either interval has no single available holder or both are the
 * same person. *id: the first override.
 */
int roster_edit_swap_create(struct ctx *, int level, const char *a_start,
    const char *a_end, const char *b_start, const char *b_end,
    const char *reason, int64_t *id);
/* Deletes an override (a swap: both halves). 404 oncall.override.not_found. */
int roster_edit_override_delete(struct ctx *, int64_t id);
/*
 * The final roster of ctx's CRT over [from, to) (at most 52 weeks ahead):
 * shifts and gaps (arena). E_DB.
 */
int roster_edit_window(
    struct ctx *, time_t from, time_t to, struct roster_result *);
/*
 * Publishes the roster: the gaps of the next 30 days are counted; with
 * any, a written reason is required (422 oncall.publish.reason_required,
 * the count in the message). *gaps: that count.
 */
int roster_edit_publish(struct ctx *, const char *reason, int *gaps);
/* The roster's state (last edit, last publication). */
int roster_edit_state_get(struct ctx *, struct roster_state *);
/*
 * The shifts of user_id over [from, to) (her own screen, her feed),
 * whole shifts, in order (arena).
 */
int roster_edit_shifts_of(struct ctx *, int64_t user_id, time_t from, time_t to,
    struct roster_shift **out, int *n);
/* ctx's user's shifts of the past 14 days and next 60 as an iCalendar
 * document (arena). */
int roster_edit_feed_ics(struct ctx *, const char **text);

/* The zone of ctx's CRT (Europe/Paris unless set). */
const char *roster_edit_tz(struct ctx *);

#endif
